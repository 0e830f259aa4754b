"""Disclosure check: does the new version's own update notice tell users about every material change?

PIPL art. 17 requires the *changed parts* of the processing rules to be told. Many policies
open with a notice ("我们对《隐私政策》进行了更新。更新后的版本新增了…", "版本更新提示：…主要包括：…").
This module finds that notice in the new version, reads what it says changed (topics mapped onto
the classifier's category keys, section references resolved in the new tree), and compares it
with the classifier's material findings:

* each material finding is **disclosed** (the notice names its section or an ancestor, or its
  category) or **undisclosed**;
* each notice item is **confirmed** (a material finding bears it out), **found, not material**
  (some change bears it out), or **claimed but not found**;
* one transparency verdict per comparison, combined with the silent-revision flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from policydiff import patterns
from policydiff.classify import section_type
from policydiff.models import Change, Comparison, Finding, Paragraph, PolicyTree, Section
from policydiff.normalize import comparison_key
from policydiff.parse import cn_to_int

Transparency = Literal["transparent", "partially_disclosed", "undisclosed", "silent_revision", "no_material_change"]
ItemStatus = Literal["confirmed", "found_not_material", "claimed_not_found", "carried_over"]
Basis = Literal["section", "topic", "category"]

LABELS: dict[str, str] = {
    "transparent": "transparent",
    "partially_disclosed": "partially disclosed",
    "undisclosed": "undisclosed material changes",
    "silent_revision": "silent revision",
    "no_material_change": "no material change",
}

# Section types (classify.section_type) whose change can bear out a notice item of a category
# even when the classifier found nothing material there.
_TYPES_OF_CATEGORY: dict[str, tuple[str, ...]] = {
    "purpose_type_usage": ("collection", "storage"),
    "recipients": ("sharing",),
    "rights": ("rights",),
    "contact": ("contact",),
}
# Clause ends in a comparison key (NFKC: full-width marks are half-width there, 。 stays).
_CLAUSE = re.compile(r"[。;:!?,]")
# Where to look for a notice that has no heading: the preamble and the first paragraphs.
_TOP_PARAGRAPHS = 15
# A headed notice runs over at most this many paragraphs.
_MAX_NOTICE_PARAGRAPHS = 12


# -- result ------------------------------------------------------------------------------------


@dataclass
class SectionRef:
    """A section reference printed in the notice ("第三部分4.2") and the new section it names."""

    text: str
    candidates: int  # sections it could name: 1 resolved, 0 none, more is ambiguous
    section: Section | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        s = self.section
        return {
            "text": self.text,
            "resolved": s is not None,
            "path": s.path if s is not None else None,
            "heading": s.heading if s is not None else None,
            "candidates": self.candidates,
        }


@dataclass
class NoticeItem:
    """One thing the notice says changed, and what the comparison makes of it."""

    text: str
    action: str  # added, removed, clarified, modified, or "" when the notice names no verb
    categories: list[str]
    refs: list[SectionRef]
    terms: list[str] = field(default_factory=list)  # its distinctive words ("退票"), searched in the edits
    unmentioned: list[str] = field(default_factory=list)  # of those, the ones the new text never uses outside the notice
    status: ItemStatus = "claimed_not_found"
    changes: list[int] = field(default_factory=list)  # indices into Comparison.changes that bear it out
    where: list[tuple[str, str]] = field(default_factory=list)  # (path, heading) of those changes, for the JSON

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "action": self.action or None,
            "categories": self.categories,
            "section_refs": [r.to_dict() for r in self.refs],
            "status": self.status,
            "changes": [{"path": p, "heading": h} for p, h in self.where],
            "terms": self.terms,
            "terms_not_in_text": self.unmentioned,
        }


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
    keys: list[str] = field(default_factory=list, repr=False, compare=False)  # its paragraphs' keys and the old notice's

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "where": self.where,
            "line": self.line,
            "heading": self.heading,
            "carried_over": self.carried_over,
            "specific": bool(self.items),
            "items": [i.to_dict() for i in self.items],
        }


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "category": self.category,
            "heading": self.heading,
            "path": self.path,
            "signal": self.signal,
            "trigger": self.trigger,
            "basis": self.basis,
            "item": self.item,
        }


@dataclass
class Disclosure:
    """The disclosure check of one comparison: notice, per-finding status, one transparency verdict."""

    transparency: Transparency
    summary: str
    notice: Notice | None
    findings: list[FindingDisclosure]
    silent_revision: bool
    notice_echoes: int = 0  # material findings that are the notice's own words, not counted

    @property
    def label(self) -> str:
        return LABELS[self.transparency]

    @property
    def claimed_not_found(self) -> list[NoticeItem]:
        return [i for i in self.notice.items if i.status == "claimed_not_found"] if self.notice else []

    def line(self) -> str:
        """One line for reports and alerts: "Transparency: partially disclosed — …"."""
        return f"Transparency: {self.label} — {self.summary}"

    def to_dict(self) -> dict[str, Any]:
        disclosed = sum(1 for f in self.findings if f.status == "disclosed")
        return {
            "transparency": self.transparency,
            "label": self.label,
            "summary": self.summary,
            "silent_revision": self.silent_revision,
            "notice_present": self.notice is not None,
            "counts": {
                "material_findings": len(self.findings),
                "disclosed": disclosed,
                "undisclosed": len(self.findings) - disclosed,
                "notice_items": len(self.notice.items) if self.notice else 0,
                "claimed_not_found": len(self.claimed_not_found),
                "notice_echoes": self.notice_echoes,
            },
            "notice": self.notice.to_dict() if self.notice else None,
            "findings": [f.to_dict() for f in self.findings],
        }


# -- finding the notice ------------------------------------------------------------------------


def _owners(tree: PolicyTree) -> dict[int, Section]:
    """id(paragraph) -> the section it belongs to."""
    return {id(p): s for s in tree.sections for p in s.paragraphs}


def _notice_sections(tree: PolicyTree) -> set[int]:
    """ids of the sections headed as an update notice ("版本更新提示") and of everything under them."""
    out: set[int] = set()
    for s in tree.sections:
        if s.level > 0 and (patterns.NOTICE_HEADING.match(s.title.strip()) or patterns.NOTICE_HEADING.match(s.heading.strip())):
            out.update(id(d) for d in s.walk())
    return out


def _cue(text: str) -> re.Match[str] | None:
    """The first notice cue in a sentence that reports this update (not a promise of future ones)."""
    for sentence in patterns.NOTICE_SENTENCE_SPLIT.split(text):
        m = patterns.NOTICE_CUE.search(sentence)
        if m and not any(w in sentence for w in patterns.NOTICE_FUTURE):
            return patterns.NOTICE_CUE.search(text, text.find(sentence))
    return None


def _continues(text: str) -> bool:
    """A paragraph after a notice's start that carries on its list of changes."""
    body = patterns.CLAUSE_ITEM.sub("", text, count=1).strip()
    return bool(_cue(text)) or body.startswith(_action_words()) or (body != text.strip() and bool(patterns.NOTICE_REF.search(body)))


def find_notice(tree: PolicyTree, items: bool = True) -> Notice | None:
    """The first update notice of a version: a headed block, or a sentence at the top or highlighted."""
    owners = _owners(tree)
    paras = tree.document.paragraphs
    preamble = {id(p) for p in tree.root.paragraphs}
    headed_sections = _notice_sections(tree)
    for i, para in enumerate(paras):
        text = para.text.strip()
        if not text:
            continue
        section = owners.get(id(para), tree.root)
        headed = len(text) <= 24 and bool(patterns.NOTICE_HEADING.match(text))
        in_notice_section = id(section) in headed_sections
        if not headed and not in_notice_section:
            top = id(para) in preamble or i < _TOP_PARAGRAPHS or text.startswith(patterns.NOTICE_HIGHLIGHT)
            if not top or not _cue(text):
                continue
            if section.level > 0 and section_type(section) == "update":
                continue  # "本政策如何更新": promises, not this update's notice
        block = [para] if not headed else []
        for nxt in paras[i + 1 : i + 1 + _MAX_NOTICE_PARAGRAPHS]:
            t = nxt.text.strip()
            if not t:
                continue
            nsec = owners.get(id(nxt), tree.root)
            if (nsec is section and in_notice_section) or _continues(t) or (headed and not block):
                block.append(nxt)
            else:
                break
        if not block:
            continue
        heading = text.strip("【】[]：: ") if headed else (section.title if in_notice_section else None)
        where = "preamble" if section.level == 0 else f"section {section.path}"
        notice_text = "\n".join(p.text.strip() for p in block)
        return Notice(
            text=notice_text,
            where=where,
            line=(para if headed else block[0]).line_no,
            heading=heading,
            carried_over=False,
            items=parse_items(notice_text, tree) if items else [],
            paragraphs=block,
        )
    return None


# -- what the notice says ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _action_words() -> tuple[str, ...]:
    return tuple(w for _, words in patterns.NOTICE_ACTIONS for w in words)


@lru_cache(maxsize=1)
def _item_split() -> re.Pattern[str]:
    """Split a run of items at 、/，/；/。 before a change verb (…、明确…、补充…)."""
    verbs = "|".join(re.escape(w) for w in sorted(_action_words(), key=len, reverse=True))
    return re.compile(rf"[、，,](?=(?:{verbs}))|[；;\n]")


@lru_cache(maxsize=1)
def _topic_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Notice topic words per category: the notice-specific list plus the classifier's lexicons."""
    extra: dict[str, list[str]] = {
        "purpose_type_usage": [w for ws in patterns.DATA_TYPES.values() for w in ws] + [w for ws in patterns.PURPOSES.values() for w in ws],
        "recipients": [w for ws in patterns.RECIPIENTS.values() for w in ws],
        "contact": [w for ws in patterns.CONTACT_ROLES.values() for w in ws],
    }
    return tuple((key, tuple(words) + tuple(extra.get(key, ()))) for key, words in patterns.NOTICE_TOPICS)


def item_categories(text: str) -> list[str]:
    """Every canonical category whose notice topic words the item names."""
    lower = text.lower()
    return [key for key, words in _topic_words() if any((w in text) if not w.isascii() else (w.lower() in lower) for w in words)]


def _action(text: str) -> tuple[str, str]:
    """(action, text without its leading verb)."""
    for action, words in patterns.NOTICE_ACTIONS:
        for w in words:
            if text.startswith(w):
                rest = text[len(w):]
                return action, rest[1:] if rest.startswith("了") else rest
    return "", text


def _zone(text: str) -> str:
    """The part of the notice that lists the changes: after "主要包括：" / "更新后的版本", up to the
    sentence end, then any list lines ("1. 新增…；"); without such words, the sentences and list lines
    after the cue that open with a change verb."""
    cue = _cue(text)
    m = patterns.NOTICE_ITEMS_START.search(text, cue.start() if cue else 0)
    out: list[str] = []
    if m:
        first, _, rest = text[m.end():].partition("。")
        out.append(first)
        out.extend(s for s in rest.split("。") if s.strip().startswith(_action_words()))
        lines = text[m.end():].split("\n")[1:]
    else:
        lines = (text[cue.end():] if cue else text).split("\n")
    for line in lines:
        line = line.strip(" ，,：:")
        body = patterns.CLAUSE_ITEM.sub("", line, count=1)
        if body != line:  # a list line
            if body not in "".join(out):
                out.append(body)
            continue
        out.extend(x for x in (s.strip(" ，,：:") for s in patterns.NOTICE_SENTENCE_SPLIT.split(line)) if x.startswith(_action_words()) and x not in "".join(out))
    return "\n".join(out)


def parse_items(text: str, tree: PolicyTree) -> list[NoticeItem]:
    """The notice's items: verb, categories, section references resolved in ``tree``."""
    zone = _zone(text)
    items: list[NoticeItem] = []
    previous = ""
    for piece in _item_split().split(zone):
        piece = patterns.CLAUSE_ITEM.sub("", piece.strip(), count=1).strip(" ，,、。：:")
        piece = patterns.NOTICE_ITEM_STOP.split(piece, maxsplit=1)[0].strip(" ，,、。")
        if len(piece) < 3:
            continue
        action, rest = _action(piece)
        refs = section_refs(piece, tree)
        categories = item_categories(rest)
        if not (action or categories or refs):
            continue
        items.append(NoticeItem(text=piece, action=action or previous, categories=categories, refs=refs))
        previous = action or previous
    return items


def _terms(text: str) -> list[str]:
    """Distinctive words of an item (not its verb, not notice filler), to look for in the edits."""
    text = patterns.NOTICE_REF.sub("", text)
    from policydiff.diff import tokenize

    out: list[str] = []
    for tok in tokenize(comparison_key(text)):
        if len(tok) >= 2 and tok not in patterns.NOTICE_FILLER and not tok.startswith(_action_words()) and tok not in out:
            if re.search(r"[\u4e00-\u9fffA-Za-z]", tok) and not re.search("[您你我]", tok):
                out.append(tok)
    return out


# -- section references ------------------------------------------------------------------------


def _atoms(ref: str) -> list[tuple[str, tuple[int, ...]]]:
    """A printed reference as (kind, number) steps: "第三部分4.2" -> [("part", (3,)), ("dotted", (4, 2))]."""
    out: list[tuple[str, tuple[int, ...]]] = []
    for m in patterns.NOTICE_REF_ATOM.finditer(ref):
        if m.group("unit_num"):
            raw = m.group("unit_num")
            number = tuple(int(x) for x in re.split(r"[.．]", raw)) if raw[0].isdigit() else (cn_to_int(raw),)
            out.append(("dotted" if len(number) > 1 else "part", number))
        elif m.group("paren"):
            raw = m.group("paren")
            out.append(("paren", (int(raw),) if raw.isdigit() else (cn_to_int(raw),)))
        elif m.group("dotted"):
            out.append(("dotted", tuple(int(x) for x in re.split(r"[.．]", m.group("dotted")))))
    return out


def _matches(section: Section, kind: str, number: tuple[int, ...]) -> bool:
    if section.level == 0 or section.number != number:
        return False
    if kind == "paren":
        return section.style.startswith("paren")
    return not section.style.startswith("paren")


def resolve(ref: str, tree: PolicyTree) -> SectionRef:
    """The section of ``tree`` a printed reference names, each step searched inside the previous one."""
    scope: list[Section] = [s for s in tree.sections if s.level > 0]
    found: list[Section] = []
    for i, (kind, number) in enumerate(_atoms(ref)):
        hits = [s for s in scope if _matches(s, kind, number)]
        if kind == "part" and i == 0:
            hits = [s for s in hits if s.level == 1] or hits
        if not hits and i > 0:
            hits = [s for s in tree.sections if _matches(s, kind, number)]  # the outer step named another scheme
        if not hits:
            return SectionRef(ref, 0)
        found = hits
        scope = [d for h in hits for d in h.walk()[1:]]
    if len(found) == 1:
        return SectionRef(ref, 1, found[0])
    return SectionRef(ref, len(found))


def section_refs(text: str, tree: PolicyTree) -> list[SectionRef]:
    """Every section reference printed in an item, resolved in ``tree`` when unambiguous."""
    return [resolve(m.group(0).strip(), tree) for m in patterns.NOTICE_REF.finditer(text) if _atoms(m.group(0))]


# -- comparing with the findings ---------------------------------------------------------------


def _section_of(change: Change) -> Section | None:
    return change.pair.new if change.pair.new is not None else change.pair.old


def _under(section: Section | None, ref: SectionRef) -> bool:
    """``section`` is the referenced section or lies inside it."""
    node = section
    while node is not None:
        if node is ref.section:
            return True
        node = node.parent
    return False


def _edit_text(change: Change, notice: Notice | None) -> str:
    """What a change inserted or deleted, less the clauses of either version's notice."""
    keys = [e.key for e in change.edits if e.op != "equal"]
    if notice is None:
        return "".join(keys)
    clauses = (c for k in keys for c in _CLAUSE.split(k))
    return "".join(c for c in clauses if not any(c in n for n in notice.keys))


def _names(item: NoticeItem, edits: str) -> bool:
    """At least half of the item's distinctive words are in the edits."""
    if not item.terms:
        return False
    return sum(1 for t in item.terms if t in edits) * 2 >= len(item.terms)


def _echo(finding: Finding, notice: Notice | None) -> bool:
    """The finding quotes the notice itself (the notice names a data type, so the classifier saw one)."""
    if notice is None:
        return False
    key = comparison_key(finding.evidence.strip("…"))
    return bool(key) and any(key in p.key for p in notice.paragraphs)


def _anchors(item: NoticeItem, changes: list[Change], notice: Notice) -> dict[int, Basis]:
    """The changes an item points at: inside a section it names, or carrying its distinctive words."""
    out: dict[int, Basis] = {}
    for i, ch in enumerate(changes):
        if ch.relocated:
            continue
        if ch.pair.new is not None and any(r.section is not None and _under(ch.pair.new, r) for r in item.refs):
            out[i] = "section"
        elif _names(item, _edit_text(ch, notice)):
            out[i] = "topic"
    return out


def _disclose(finding: Finding, change: Change, notice: Notice | None, anchors: list[dict[int, Basis]]) -> FindingDisclosure:
    """Disclosed by the best item: one that points at its change, else a vague one that names its category.

    An item that points at specific changes ("新增了快捷退票服务…") discloses those changes only; an item
    that only names a topic ("我行如何收集和使用您的个人信息") discloses every finding of that topic.
    """
    section = _section_of(change)
    out = FindingDisclosure(
        status="undisclosed",
        category=finding.category,
        change_index=finding.change_index,
        heading=finding.heading or (section.heading if section else ""),
        path=(section.path or "(preamble)") if section else "",
        signal=finding.signal,
        trigger=finding.trigger,
    )
    if notice is None or notice.carried_over:
        return out
    rank = {"section": 0, "topic": 1, "category": 2}
    best: int | None = None
    for i, item in enumerate(notice.items):
        basis: Basis | None = anchors[i].get(finding.change_index)
        if basis is None and not anchors[i] and finding.category in item.categories:
            basis = "category"
        if basis is not None and (best is None or rank[basis] < best):
            best = rank[basis]
            out.status, out.basis, out.item = "disclosed", basis, i
    return out


def _bear_out(item: NoticeItem, changes: list[Change]) -> list[int]:
    """Changes in a section of the item's topic (a sharing section for "共享"): it is not made up."""
    out: list[int] = []
    for i, ch in enumerate(changes):
        section = _section_of(ch)
        if ch.relocated or section is None or section.level == 0:
            continue
        if any(section_type(section) in _TYPES_OF_CATEGORY.get(c, ()) for c in item.categories):
            out.append(i)
    return out


def check_disclosure(result: Comparison) -> Disclosure:
    """Judge the new version's update notice against the classifier's material findings."""
    notice = find_notice(result.new)
    anchors: list[dict[int, Basis]] = []
    if notice is not None:
        key = comparison_key(notice.text)
        notice.carried_over = bool(key) and key in result.old.document.key
        old_notice = find_notice(result.old, items=False)
        notice.keys = [p.key for p in notice.paragraphs] + ([p.key for p in old_notice.paragraphs] if old_notice else [])
        if result.changes:  # the tokenizer is loaded only when something changed
            notice_key = "".join(p.key for p in notice.paragraphs)
            new_key = result.new.document.key
            for item in notice.items:
                item.terms = _terms(_action(item.text)[1])
                item.unmentioned = [t for t in item.terms if new_key.count(t) <= notice_key.count(t)]
        anchors = [_anchors(item, result.changes, notice) for item in notice.items]
    verdict = result.verdict
    material: list[FindingDisclosure] = []
    echoes = 0
    for f in verdict.findings:
        if not f.in_policy_list:
            continue
        if _echo(f, notice):
            echoes += 1
            continue
        material.append(_disclose(f, result.changes[f.change_index], notice, anchors))
    if notice is not None:
        for i, item in enumerate(notice.items):
            if notice.carried_over:
                item.status = "carried_over"
                continue
            confirming = {d.change_index for d in material if d.status == "disclosed" and d.item == i}
            if not anchors[i]:  # a vague item is borne out by every disclosed finding of its topic
                confirming |= {d.change_index for d in material if d.status == "disclosed" and d.basis == "category" and d.category in item.categories}
            notable = {f.change_index for f in verdict.findings if f.category in item.categories and not _echo(f, notice)}
            support = set(anchors[i]) | (notable if not anchors[i] else set()) | (set(_bear_out(item, result.changes)) if not anchors[i] else set())
            item.changes = sorted(confirming | support)
            item.where = [_place(result.changes[k]) for k in item.changes]
            item.status = "confirmed" if confirming else "found_not_material" if support else "claimed_not_found"
    transparency = _verdict(material, verdict.silent_revision)
    return Disclosure(
        transparency=transparency,
        summary=_summary(transparency, notice, material, echoes, verdict.silent_revision),
        notice=notice,
        findings=material,
        silent_revision=verdict.silent_revision,
        notice_echoes=echoes,
    )


def _place(change: Change) -> tuple[str, str]:
    section = _section_of(change)
    if section is None:
        return "", ""
    return section.path or "(preamble)", section.heading


def _verdict(material: list[FindingDisclosure], silent: bool) -> Transparency:
    if not material:
        return "no_material_change"
    if silent:
        return "silent_revision"
    disclosed = sum(1 for d in material if d.status == "disclosed")
    if disclosed == len(material):
        return "transparent"
    return "partially_disclosed" if disclosed else "undisclosed"


def _quote(items: list[NoticeItem], limit: int = 40) -> str:
    return "、".join(f"「{i.text if len(i.text) <= limit else i.text[:limit] + '…'}」" for i in items)


def _summary(transparency: Transparency, notice: Notice | None, material: list[FindingDisclosure], echoes: int, silent: bool) -> str:
    """One line an analyst can paste; the label says the verdict, this says why."""
    parts: list[str] = []
    n = len(material)
    disclosed = [d for d in material if d.status == "disclosed"]
    undisclosed_cats = sorted({d.category for d in material if d.status == "undisclosed"})
    if silent:
        parts.append("stated dates unchanged")
    if notice is None:
        parts.append("the new version has no update notice")
    elif notice.carried_over:
        parts.append("the update notice is the old version's word for word (it describes an earlier update)")
    elif not notice.items:
        parts.append("the update notice names no specific change")
    if n:
        what = f"{len(disclosed)} of {n} material finding{'s' if n != 1 else ''} disclosed"
        if undisclosed_cats:
            what += f"; undisclosed: {', '.join(undisclosed_cats)}"
        parts.append(what)
    elif transparency == "no_material_change":
        parts.append("no material change to disclose")
    if notice is not None and not notice.carried_over:
        minor = [i for i in notice.items if i.status == "found_not_material"]
        claimed = [i for i in notice.items if i.status == "claimed_not_found"]
        if minor:
            parts.append(f"the notice's {_quote(minor)} matches only non-material changes")
        if claimed:
            parts.append(f"claimed but not found: {_quote(claimed)}")
        unmentioned = [t for i in notice.items if i.terms and len(i.unmentioned) == len(i.terms) for t in i.unmentioned]
        if unmentioned:
            parts.append(f"the notice names {'/'.join(unmentioned)}, which the new text never mentions")
    if echoes:
        parts.append(f"{echoes} finding{'s' if echoes != 1 else ''} in the notice's own words not counted")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
