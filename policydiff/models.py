"""The data model passed down the pipeline: plain dataclasses, no behaviour beyond small helpers.

ingest -> RawText -> normalize -> Document (paragraphs with comparison keys)
-> parse -> Section tree -> align -> SectionPair list -> diff -> Change list
-> classify -> Verdict; all of it gathered in a Comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["unchanged", "modified", "moved", "added", "removed"]
Op = Literal["equal", "insert", "delete"]


@dataclass
class RawText:
    """A decoded text and where it came from."""

    text: str
    source: str  # path, URL or "<stdin>"
    encoding: str = "utf-8"
    media_type: str = "text/plain"


@dataclass
class Paragraph:
    """One logical paragraph after wrap repair.

    ``text`` is the original wording (wrapped lines joined, nothing else changed);
    ``key`` is the comparison key (NFKC, no whitespace, unified marks) and
    ``key_map[i]`` is the index in ``text`` of the character that produced ``key[i]``.
    """

    text: str
    key: str
    key_map: list[int]
    line_no: int  # 1-based line of the source where the paragraph starts


@dataclass
class Document:
    """A policy version ready to parse: original text and its repaired paragraphs."""

    source: str
    text: str
    paragraphs: list[Paragraph]
    encoding: str = "utf-8"

    @property
    def key(self) -> str:
        return "".join(p.key for p in self.paragraphs)


@dataclass
class Section:
    """A numbered (or otherwise marked) part of a policy and its own body.

    ``body`` holds the paragraphs between this heading and the next heading (children
    excluded); ``heading`` is the heading as printed (for a numbered clause, its
    first sentence); ``title`` is the heading without its label.
    """

    label: str  # as printed: "2.5", "（二）", "四、", "" for the preamble
    style: str  # numbering style: "cn", "paren_cn", "dot2", "num_dot", "md1", "bold", "preamble", ...
    number: tuple[int, ...]  # the number the label states, () when unnumbered
    heading: str
    title: str
    level: int  # 0 for the preamble, 1 for top-level sections
    head: Paragraph | None = None  # the paragraph carrying the heading (None for the preamble)
    body: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)
    index: int = 0  # position in document order (pre-order)

    @property
    def path(self) -> str:
        """Labels from the top down, e.g. "四、 > （一）" — unique where labels restart."""
        parts: list[str] = []
        node: Section | None = self
        while node is not None and node.level > 0:
            parts.append(node.label or node.title[:12])
            node = node.parent
        return " > ".join(reversed(parts))

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Heading paragraph (when it carries body text) followed by the body."""
        return ([self.head] if self.head is not None else []) + self.body

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def key(self) -> str:
        """Comparison key of the section's own text, label excluded."""
        keys = [p.key for p in self.paragraphs]
        if keys and self.head is not None:
            keys[0] = strip_label_key(keys[0], self.label)
        return "".join(keys)

    @property
    def title_key(self) -> str:
        from policydiff.normalize import comparison_key

        return comparison_key(self.title)

    def walk(self) -> list[Section]:
        """This section and all its descendants in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def strip_label_key(key: str, label: str) -> str:
    """Drop a section label from the start of a comparison key ("2.5帮助" -> "帮助")."""
    from policydiff.normalize import comparison_key

    label_key = comparison_key(label)
    return key[len(label_key):] if label_key and key.startswith(label_key) else key


@dataclass
class PolicyTree:
    """A parsed policy: the preamble as root, top-level sections as its children."""

    document: Document
    root: Section
    toc: list[Paragraph] = field(default_factory=list)  # table-of-contents lines kept out of the tree

    @property
    def sections(self) -> list[Section]:
        """Every section in document order, preamble first."""
        return self.root.walk()


@dataclass
class SectionPair:
    """Two sections matched across versions (either side None for added/removed)."""

    old: Section | None
    new: Section | None
    status: Status
    similarity: float = 1.0
    renumbered: bool = False
    reordered: bool = False
    note: str = ""  # e.g. "split from 7.2.1", "merged into （二）"


@dataclass
class Edit:
    """One run of a word-level diff, quoting the original wording of its side."""

    op: Op
    text: str  # original text (old side for delete/equal, new side for insert)
    key: str  # comparison key of the run


@dataclass
class Change:
    """A changed section pair with its word-level edits."""

    pair: SectionPair
    edits: list[Edit] = field(default_factory=list)
    relocated: bool = False  # all of its inserted/deleted text exists on the other side (split/merge/move)

    @property
    def inserted(self) -> list[str]:
        return [e.text for e in self.edits if e.op == "insert"]

    @property
    def deleted(self) -> list[str]:
        return [e.text for e in self.edits if e.op == "delete"]


@dataclass
class Category:
    """A 重大变更 category: canonical key and the policy's own words for it."""

    key: str  # purpose_type_usage, controller, recipients, rights, contact, risk_assessment, or custom:…
    wording: str  # the policy's item as printed (or the standard wording)


@dataclass
class Finding:
    """Why one change falls under one category, with the words that show it."""

    category: str
    change_index: int  # index into Comparison.changes
    evidence: str  # the inserted/removed words that triggered it
    side: Literal["old", "new"]
    signal: str  # the kind of signal: "data_type", "recipient", "email", ...
    explanation: str
    heading: str = ""  # the section the evidence sits in, as printed
    trigger: str = ""  # the entity itself ("剪切板", "privacy@…", "北京数安认证技术有限公司")
    in_policy_list: bool = True  # False: a notable change outside the policy's own 重大变更 list


@dataclass
class StatedDates:
    """The dates a version states about itself (ISO strings, None when absent)."""

    updated: str | None = None
    effective: str | None = None
    published: str | None = None
    version: str | None = None

    def any(self) -> bool:
        return any((self.updated, self.effective, self.published, self.version))


@dataclass
class Verdict:
    """Material or not, under which categories, and why."""

    material: bool
    categories: list[Category]
    category_source: Literal["policy", "default"]
    findings: list[Finding] = field(default_factory=list)
    clause_changed: bool = False  # the 重大变更 clause itself was edited
    clause_heading: str | None = None
    silent_revision: bool = False
    old_dates: StatedDates = field(default_factory=StatedDates)
    new_dates: StatedDates = field(default_factory=StatedDates)


@dataclass
class Comparison:
    """Everything one compare produced."""

    old: PolicyTree
    new: PolicyTree
    pairs: list[SectionPair]
    changes: list[Change]
    verdict: Verdict
    extras: dict[str, object] = field(default_factory=dict)  # later stages (e.g. disclosure) attach here
