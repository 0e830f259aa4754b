"""The records of the compare stages, Paragraph to Comparison (the pipeline they pass down is
drawn in ``policydiff.model``'s docstring). Import them from ``policydiff.model``, as every
stage does: it makes this module on first use; this module is where they are defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from policydiff.model_text import Basis, ItemStatus, Op, StatedDates, Status, Transparency


@dataclass(slots=True)  # hundreds a version, each made once and read often: no attribute dict
class Paragraph:
    """One logical paragraph after wrap repair.

    ``text`` is the original wording (wrapped lines joined, nothing else changed);
    ``key`` is the comparison key (NFKC, no whitespace, unified marks) and
    ``key_map[i]`` is the index in ``text`` of the character that produced ``key[i]``.
    """

    text: str
    key: str
    key_map: Sequence[int]  # an array of ints (text/normalize.py): 4 bytes a character
    line_no: int  # 1-based line of the source where the paragraph starts
    indent: int = 0  # leading whitespace of that line, in columns (a structure signal of flattened HTML lists)


@dataclass
class Document:
    """A policy version ready to parse: original text and its repaired paragraphs."""

    source: str
    text: str
    paragraphs: list[Paragraph]
    encoding: str = "utf-8"

    _key: tuple[int, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The paragraphs' keys joined (made once: a paragraph list only grows while it is read)."""
        if self._key is None or self._key[0] != len(self.paragraphs):
            self._key = (len(self.paragraphs), "".join(p.key for p in self.paragraphs))
        return self._key[1]


@dataclass(slots=True)  # as Paragraph: a version parses a hundred or more, some twice
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
    label_key: str = ""  # comparison key of the label ("2.5"), set by the parser
    title_key: str = ""  # comparison key of the title, set by the parser
    _key: tuple[object, int, str, str] | None = field(default=None, init=False, repr=False, compare=False)
    _type: tuple[object, str] | None = field(default=None, init=False, repr=False, compare=False)  # compare.sections
    _path: tuple[object, str] | None = field(default=None, init=False, repr=False, compare=False)
    _paragraphs: tuple[object, int, list[Paragraph]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def path(self) -> str:
        """Labels from the top down, e.g. "四、 > （一）" — unique where labels restart (made once
        for the section's parent: a parsed section keeps its place)."""
        cached = self._path
        if cached is not None and cached[0] is self.parent:
            return cached[1]
        self._path = (self.parent, self._labels_down())
        return self._path[1]

    def _labels_down(self) -> str:
        parts: list[str] = []
        node: Section | None = self
        while node is not None and node.level > 0:
            parts.append(node.label or node.title[:12])
            node = node.parent
        return " > ".join(reversed(parts))

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Heading paragraph (when it carries body text) followed by the body (made once for its
        heading and number of body paragraphs, as ``key``; callers only read it)."""
        cached = self._paragraphs
        if cached is not None and cached[0] is self.head and cached[1] == len(self.body):
            return cached[2]
        paragraphs = ([self.head] if self.head is not None else []) + self.body
        self._paragraphs = (self.head, len(self.body), paragraphs)
        return paragraphs

    @property
    def text(self) -> str:
        return "\n".join([p.text for p in self.paragraphs])  # a list: join sizes it once

    @property
    def key(self) -> str:
        """Comparison key of the section's own text, label excluded (made once for its heading,
        label and number of body paragraphs: a body only grows while the parser reads it)."""
        cached, head, body = self._key, self.head, self.body
        if cached is not None and cached[0] is head and cached[1] == len(body) and cached[2] == self.label_key:
            return cached[3]
        if head is None:
            key = "".join([p.key for p in body])
        else:  # the heading paragraph first, its label left out (one join: the text copied once)
            key = strip_label_key(head.key, self.label_key)
            if body:
                key = "".join([key] + [p.key for p in body])
        self._key = (head, len(body), self.label_key, key)
        return key

    def walk(self) -> list[Section]:
        """This section and all its descendants in document order (one list as a stack: the
        next section is on top, its children pushed last first)."""
        out: list[Section] = []
        todo = [self]
        while todo:
            section = todo.pop()
            out.append(section)
            if section.children:
                todo.extend(reversed(section.children))
        return out


def strip_label_key(key: str, label_key: str) -> str:
    """Drop a section label's key from the start of a comparison key: the one rule of label
    stripping (sections, diffs and reports use it).

    >>> strip_label_key("2.5帮助您完成支付", "2.5")
    '帮助您完成支付'
    >>> strip_label_key("帮助您完成支付", "2.5")
    '帮助您完成支付'
    """
    return key[len(label_key):] if label_key and key.startswith(label_key) else key


@dataclass
class PolicyTree:
    """A parsed policy: the preamble as root, top-level sections as its children."""

    document: Document
    root: Section
    toc: list[Paragraph] = field(default_factory=list)  # table-of-contents lines kept out of the tree
    warnings: list[str] = field(default_factory=list)  # why the tree may be wrong ("section_swallows:15.")
    _sections: tuple[int, list[Section]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sections(self) -> list[Section]:
        """Every section in document order, preamble first (walked once: a parsed tree keeps its
        shape; a new list each time, so a caller may change its own)."""
        if self._sections is None or self._sections[0] != len(self.root.children):
            self._sections = (len(self.root.children), self.root.walk())
        return list(self._sections[1])


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
    value: str = ""  # the canonical value of a fact-based finding ("位置信息|后台", "物流公司")
    confidence: float = 1.0  # compare.meaning: 1 sure; LOW or less goes to "other changes worth a look"
    evidence_other: str = ""  # the other version's sentence that shows the difference (a typed edit's counterpart)
    refines: str = ""  # compare.meaning: a member spelled out (IMEI) under the other version's generic word (唯一设备识别符)


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
    warnings: list[str] = field(default_factory=list)  # "no_policy_list", "clause_refused:…" of the old version


@dataclass
class Comparison:
    """Everything one compare produced."""

    old: PolicyTree
    new: PolicyTree
    pairs: list[SectionPair]
    changes: list[Change]
    verdict: Verdict
    disclosure: Disclosure | None = None  # the update notice judged against the findings
    warnings: list[ReadingWarning] = field(default_factory=list)  # reasons to distrust the verdict


@dataclass
class ReadingWarning:
    """Why a reader should distrust part of the verdict: the tree or the list looked wrong."""

    side: Literal["old", "new"]
    code: str  # reparsed, section_swallows, no_policy_list, clause_refused
    detail: str = ""  # the section label, the refused clause's first words


# -- the disclosure check ------------------------------------------------------------------------

@dataclass
class SectionRef:
    """A section reference printed in the notice ("第三部分4.2") and the new section it names."""

    text: str
    candidates: int  # sections it could name: 1 resolved, 0 none, more is ambiguous
    section: Section | None = field(default=None, repr=False, compare=False)


@dataclass
class NoticeItem:
    """One thing the notice says changed, and what the comparison makes of it."""

    text: str
    action: str  # added, removed, clarified, modified, or "" when the notice names no verb
    categories: list[str]
    refs: list[SectionRef]
    terms: list[str] = field(default_factory=list)  # its distinctive words, searched in the edits
    unmentioned: list[str] = field(default_factory=list)  # of those, the ones the new text never uses outside the notice
    status: ItemStatus = "claimed_not_found"
    changes: list[int] = field(default_factory=list)  # indices into Comparison.changes that bear it out
    where: list[tuple[str, str]] = field(default_factory=list)  # (path, heading) of those changes


@dataclass
class Notice:
    """The update notice of the new version: where it is, its words, its items."""

    text: str
    where: str  # "preamble", "section <path>"
    line: int  # 1-based line of its first paragraph in the new version
    heading: str | None  # "版本更新提示" when it has a heading of its own
    carried_over: bool  # word for word the old version's text: it describes an earlier update
    items: list[NoticeItem]
    paragraphs: list[Paragraph] = field(default_factory=list, repr=False, compare=False)
    keys: list[str] = field(default_factory=list, repr=False, compare=False)  # its and the old notice's paragraph keys


@dataclass
class FindingDisclosure:
    """Whether one material finding is told by the notice, and by what."""

    status: Literal["disclosed", "undisclosed"]
    category: str
    change_index: int
    heading: str
    path: str
    signal: str
    trigger: str
    basis: Basis | None = None  # section: it names the section; topic: its words are in the edits; category: only the topic
    item: int | None = None  # index into Notice.items


@dataclass
class Disclosure:
    """The disclosure check of one comparison: notice, per-finding status, one transparency verdict."""

    transparency: Transparency
    label: str  # the verdict in words
    summary: str  # one line for people: why
    notice: Notice | None
    findings: list[FindingDisclosure]
    silent_revision: bool
    notice_echoes: int = 0  # material findings that are the notice's own words, not counted

    @property
    def claimed_not_found(self) -> list[NoticeItem]:
        """Notice items that no change bears out."""
        return [i for i in self.notice.items if i.status == "claimed_not_found"] if self.notice else []
