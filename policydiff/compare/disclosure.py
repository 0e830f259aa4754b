"""Disclosure check: does the new version's own update notice tell users about every material change?

PIPL art. 17 requires the *changed parts* of the processing rules to be told. ``compare.notice``
finds and reads the new version's notice; this module compares it with the classifier's
material findings:

* each material finding is **disclosed** (the notice names its section or an ancestor, or its
  category) or **undisclosed**;
* each notice item is **confirmed** (a material finding bears it out), **found, not material**
  (some change bears it out), or **claimed but not found**;
* one transparency verdict per comparison, combined with the silent-revision flag.
"""

from __future__ import annotations

from policydiff import regex_cache
from policydiff.compare.notice import find_notice, item_terms, split_action
from policydiff.compare.sections import section_type
from policydiff.model import (
    Basis,
    Change,
    Comparison,
    Disclosure,
    Finding,
    FindingDisclosure,
    Notice,
    NoticeItem,
    Section,
    SectionRef,
    Transparency,
)
from policydiff.text.normalize import comparison_key

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
_CLAUSE = regex_cache.compile(r"[。;:!?,]")


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


def _anchors(item: NoticeItem, changes: list[Change], notice: Notice, edits: dict[int, str] | None = None) -> dict[int, Basis]:
    """The changes an item points at: inside a section it names, or carrying its distinctive words.
    ``edits`` caches each change's _edit_text across the items (it does not depend on the item)."""
    out: dict[int, Basis] = {}
    edits = {} if edits is None else edits
    for i, ch in enumerate(changes):
        if ch.relocated:
            continue
        if ch.pair.new is not None and any(r.section is not None and _under(ch.pair.new, r) for r in item.refs):
            out[i] = "section"
            continue
        if i not in edits:
            edits[i] = _edit_text(ch, notice)
        if _names(item, edits[i]):
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
            counts: dict[str, bool] = {}  # each term counted once: a 10 MB notice repeats its terms
            for item in notice.items:
                item.terms = item_terms(split_action(item.text)[1])
                for t in item.terms:
                    if t not in counts:
                        counts[t] = new_key.count(t) <= notice_key.count(t)
                item.unmentioned = [t for t in item.terms if counts[t]]
        edits: dict[int, str] = {}
        anchors = [_anchors(item, result.changes, notice, edits) for item in notice.items]
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
        label=LABELS[transparency],
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
