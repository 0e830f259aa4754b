"""The summary a reader sees first: per category of the policy's own 重大变更 list, the distinct
facts that appeared, disappeared or changed, each said once and pointing at its sections.

``summary_items(result)`` reads ``Comparison.verdict.findings`` (category, side, signal = the
kind of fact, trigger = the fact's words, change_index = where) and folds them into
``SummaryItem``s: the same fact found twice in one section, or in five sections, is one item
with its sections listed. Every format renders these items (``summary_lines``) and the JSON
carries them as ``summary_items``. The items only need a kind, a value and a place, so a
richer classifier can feed them more facts without the formats changing.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.compare.meaning import LOW
from policydiff.lexicon.labels import (
    ACTION_LABELS,
    KIND_OTHER,
    category_name,
    kind_label,
    pick,
    word,
)
from policydiff.model import Comparison, Finding
from policydiff.report.claims import (
    SENTENCE_KINDS,
    Action,
    SummaryItem,
    SummarySection,
    evidence_of,
    fold_claims,
    fold_scope_words,
    is_sensitive,
    norm,
)
from policydiff.report.phrases import display_value, first_phrase, short_heading
from policydiff.text.memo import per_object

# Kinds a policy states one of at a time: an old value gone and a new one come in the same
# section is one value *changed* (a new telephone number), not one removed and one added.
SINGLE_VALUED = {"email", "phone", "address", "url", "retention", "response_time", "fee", "company", "court", "consent",
                 "moved_out"}

def _section_of(result: Comparison, f: Finding, anchors: dict[int, str]) -> SummarySection:
    change = result.changes[f.change_index] if 0 <= f.change_index < len(result.changes) else None
    pair = change.pair if change is not None else None
    section = None
    if pair is not None:
        section = (pair.new or pair.old) if f.side == "new" else (pair.old or pair.new)
    return SummarySection(
        change_index=f.change_index,
        anchor=anchors.get(f.change_index, ""),
        label=section.label.strip() if section is not None else "",
        heading=short_heading(section) if section is not None else first_phrase(f.heading),
        path=section.path if section is not None else "",
    )


def change_anchors(result: Comparison) -> dict[int, str]:
    """change index → the anchor of its entry (``s<k>``, k its pair's place in ``result.pairs``)."""
    place = {id(p): k for k, p in enumerate(result.pairs)}
    return {i: f"s{place[id(c.pair)]}" for i, c in enumerate(result.changes) if id(c.pair) in place}


def summary_items(result: Comparison) -> list[SummaryItem]:
    """The confident distinct facts of the verdict's findings, by category (the policy's list order),
    each once: what the summary states. The rest are ``other_items``."""
    return [it for it in all_items(result) if it.confidence > LOW]


def other_items(result: Comparison) -> list[SummaryItem]:
    """Facts the judgment is not sure of (a refinement, a reworded right): "other changes worth a look"."""
    return [it for it in all_items(result) if it.confidence <= LOW]


@per_object  # the Markdown, HTML and the alert of one check job read them in one text.memo scope
def all_items(result: Comparison) -> list[SummaryItem]:
    """The distinct facts of the verdict's findings, by category (the policy's list order), each once.

    Long on purpose: pairing a replaced value, keying each fact, gathering one scope word's types
    and keeping the evidence of both sides walk the findings once, over one set of items.
    """
    v = result.verdict
    wording = {c.key: c.wording for c in v.categories}
    order = {c.key: i for i, c in enumerate(v.categories)}
    anchors = change_anchors(result)
    findings = list(v.findings)

    # one value replaced by another in the same section: "changed"
    paired: dict[int, Finding] = {}
    used: set[int] = set()
    for i, f in enumerate(findings):
        if f.side != "new" or f.signal not in SINGLE_VALUED:
            continue
        for j, g in enumerate(findings):
            if j in used or g.side != "old" or (g.category, g.signal, g.change_index) != (f.category, f.signal, f.change_index):
                continue
            paired[i] = g
            used.add(j)
            break

    items: dict[tuple[str, str, str, str], SummaryItem] = {}
    scoped: dict[tuple[str, str, str, str], list[str]] = {}  # a widened scope's key -> the types it widens
    for i, f in enumerate(findings):
        if i in used:
            continue
        action: Action = "changed" if i in paired else ("added" if f.side == "new" else "removed")
        surface = f.trigger or f.evidence
        # a widened collection shows what and how ("位置信息 · 后台"); its surface is the scope word
        shown_value = f.value.replace("|", " · ") if f.signal == "fact_scope" and f.value else surface
        if f.signal == "update_clause" and f.value or f.signal == "data_type" and f.value.endswith(f.trigger) and f.trigger:
            shown_value = f.value  # the cases that changed, not the clause's heading; whose data (孩子的性别)
        value = display_value(f.signal, shown_value)
        key = (f.category, action, norm(value), paired[i].trigger if i in paired else "")
        if f.signal == "fact_scope" and "|" in f.value:  # one change: collection widened to 后台, for all its types
            kind_of, scope_word = f.value.split("|", 1)
            key = (f.category, action, "scope|" + scope_word, "")
            scoped.setdefault(key, [])
            if kind_of not in scoped[key]:
                scoped[key].append(kind_of)
        item = items.get(key)
        if item is None:
            item = items[key] = SummaryItem(
                category=f.category,
                wording=wording.get(f.category, ""),
                in_policy_list=f.in_policy_list,
                action=action,
                kind=f.signal,
                value=value,
                surface=surface,
                previous=paired[i].trigger if i in paired else "",
            )
        item.in_policy_list = item.in_policy_list or f.in_policy_list
        before = item.confidence if item.sections else 0.0
        item.confidence = max(before, f.confidence)
        if f.confidence > before or f.confidence == before and not item.refines:
            item.refines = f.refines  # a refinement only while no surer finding says the fact is new
        mine, other = evidence_of(f)
        if f.side == "old":
            item.evidence_old = item.evidence_old or mine
            item.evidence_new = item.evidence_new or other
        else:
            item.evidence_new = item.evidence_new or mine
            item.evidence_old = item.evidence_old or other or (paired[i].evidence if i in paired else "")
        where = _section_of(result, f, anchors)
        if all(s.change_index != where.change_index for s in item.sections):
            item.sections.append(where)

    for scope_key, raw in fold_scope_words(items, scoped).items():
        items[scope_key].value = display_value("fact_scope", raw)
    out = fold_claims(list(items.values()), LOW)
    rank = {"added": 0, "changed": 1, "removed": 2}
    first = {id(it): n for n, it in enumerate(out)}
    out.sort(key=lambda it: (not it.in_policy_list, order.get(it.category, len(order)), rank[it.action],
                             bool(it.refines), not is_sensitive(it), first[id(it)]))  # refinements after news
    return out


# -- rendering, shared by every format ----------------------------------------------------------


@dataclass
class SummaryLine:
    """One line of the summary: an action and a kind ("新增收集的个人信息"), and its facts."""

    head: str
    items: list[SummaryItem]


@dataclass
class SummaryGroup:
    """One category of the summary, named in the policy's own words, and its lines."""

    category: str
    title: str  # the policy's wording (or the standard name)
    in_policy_list: bool
    lines: list[SummaryLine]


def category_title(category: str, wording: str, lang: str = "zh", limit: int = 60) -> str:
    """A category as a person reads it: the policy's own words (shortened at a break), else the standard name."""
    if wording:
        text = " ".join(wording.split())
        if len(text) > limit:
            cut = max((text.rfind(ch, 0, limit) for ch in "，。；,;"), default=-1)
            text = (text[:cut] if cut > 10 else text[: limit - 1]) + "…"
        return text
    name = category_name(category, lang)
    if name:
        return name
    if category.startswith("custom:"):
        return category[len("custom:"):]
    return pick(KIND_OTHER, lang)


def line_head(action: str, kind: str, lang: str = "zh", category: str = "") -> str:
    """"新增收集的个人信息" / "New personal information collected" (``category``: the one it is filed
    under, which may name the kind: ``labels.KIND_IN_CATEGORY``)."""
    act = pick(ACTION_LABELS[action], lang)
    noun = kind_label(kind, lang, category)
    return f"{act}{noun}" if lang != "en" else f"{act.capitalize()} {noun}"


def summary_groups(items: list[SummaryItem], lang: str = "zh") -> list[SummaryGroup]:
    """The items by category (listed ones first, in the policy's order), then by action and kind."""
    groups: dict[tuple[bool, str], SummaryGroup] = {}
    for it in items:
        g = groups.get((it.in_policy_list, it.category))
        if g is None:
            g = groups[(it.in_policy_list, it.category)] = SummaryGroup(
                it.category, category_title(it.category, it.wording, lang), it.in_policy_list, []
            )
        head = line_head(it.action, it.kind, lang, it.category)
        line = next((ln for ln in g.lines if ln.head == head), None)
        if line is None:
            line = SummaryLine(head, [])
            g.lines.append(line)
        line.items.append(it)
    return list(groups.values())


def where_text(item: SummaryItem, lang: str = "zh", max_places: int = 3) -> str:
    """The sections of a fact, short: one by its recognisable heading, several by their labels."""
    secs = item.sections
    if not secs:
        return ""
    if len(secs) == 1:
        s = secs[0]
        if not s.heading:
            return word("preamble", lang)
        title = s.heading[len(s.label):].strip() if s.label and s.heading.startswith(s.label) else s.heading
        if s.label and norm(title)[:6] == norm(item.value)[:6]:
            return s.label.rstrip("、")  # the clause is the fact: its label says where
        return first_phrase(s.heading, 16)
    # the first place by its heading words (a bare label such as 「a)」 means nothing alone), then the count
    first = secs[0]
    shown = first_phrase(first.heading, 16) if first.heading else word("preamble", lang)
    return shown + " " + word("more_places", lang, len(secs))


def item_text(item: SummaryItem, lang: str = "zh") -> str:
    """"体温记录"; for a changed value, "旧值 → 新值"; for a member spelled out under the other
    version's generic word, the value and that word (a refinement, not a new kind of data).

    >>> item_text(SummaryItem("purposes", "", True, "added", "data_type", "IMEI", "IMEI", refines="唯一设备识别符"))
    'IMEI（细化：旧版本为「唯一设备识别符」）'
    """
    if item.action == "changed" and item.previous:
        return f"{display_value(item.kind, item.previous)} → {item.value}"
    if item.refines and item.action in ("added", "removed"):
        return item.value + word(f"refines_{item.action}", lang, item.refines)
    return item.value


BRIEF_LINES = 21  # summary lines (categories and facts) --brief shows at most; the rest are counted
# How much a reader needs a kind of change first (a new recipient or data type before a changed
# time limit): the order --brief keeps lines in when it must leave some out. Unlisted kinds: 1.
KIND_WEIGHT = {
    "recipient": 5, "fact_share": 5, "sdk_name": 4, "company": 5, "controller": 5, "cross_border": 5, "fact_abroad": 5,
    "data_type": 4, "fact_collect": 4, "fact_scope": 3, "right_removed": 4, "right": 3, "grant": 3, "limit": 3,
    "channel": 3, "email": 3, "phone": 3, "address": 2, "role": 2, "url": 2, "risk": 5,
    "verifier": 4, "purpose": 2, "fact_purpose": 2, "use": 2, "retention": 2, "storage_location": 2, "response_time": 2, "fee": 2,
}
BRIEF_CHARS = 12  # characters of a fact's words in --brief (an address or an e-mail address is never cut)
WHOLE_KINDS = {"email", "phone", "url", "address"}


def _brief(item: SummaryItem, lang: str) -> str:
    """A fact's words cut for --brief; a changed value's old and new words each cut alone, so the
    new value (the news) is never cut off behind the old one.

    >>> a = SummaryItem("recipients", "", True, "changed", "company", "第5数据科技有限公司", "", previous="第4数据科技有限公司")
    >>> _brief(a, "zh")
    '第4数据科技有限公司 → 第5数据科技有限公司'
    """
    limit = 3 * BRIEF_CHARS if item.kind == "fact_scope" else BRIEF_CHARS  # one scope word and its types
    if item.action == "changed" and item.previous:
        return f"{_cut(display_value(item.kind, item.previous), item.kind, limit)} → {_cut(item.value, item.kind, limit)}"
    if item.refines and item.action in ("added", "removed"):  # the note, shortened, never cut off
        return _cut(item.value, item.kind, limit) + word(f"refines_{item.action}_short", lang)
    return _cut(item_text(item, lang), item.kind, limit)


def _cut(text: str, kind: str, limit: int) -> str:
    if kind in WHOLE_KINDS or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def _brief_keep(groups: list[SummaryGroup]) -> set[int] | None:
    """The lines --brief shows when all do not fit in BRIEF_LINES: the weightiest kinds first."""
    lines = [ln for g in groups for ln in g.lines]
    if len(groups) + len(lines) <= BRIEF_LINES:
        return {id(ln) for ln in lines}
    room = max(len(groups), BRIEF_LINES - 2 * len(groups))  # a category's title and its count line
    ranked = sorted(lines, key=lambda ln: (-KIND_WEIGHT.get(ln.items[0].kind, 1), ln.items[0].action == "removed"))
    return {id(ln) for ln in ranked[:room]}


def summary_text(result: Comparison, lang: str = "zh", brief_limit: int | None = None) -> list[tuple[str, str, str]]:
    """The summary as (style, bullet, text) lines, shared by the terminal and the alerts.

    ``brief_limit`` caps the facts shown per line, for ``--brief`` and chat messages: the line
    then names the most certain ones without their places and says how many there are in all
    ("共 12 项，其余 7 项见完整报告"), so nothing is cut silently. The facts the judgment is less
    sure of are counted at the end ("其他值得一看的变更").
    """
    out: list[tuple[str, str, str]] = []
    items = summary_items(result)
    groups = summary_groups(items, lang)
    listed = [g for g in groups if g.in_policy_list]
    others = [g for g in groups if not g.in_policy_list]
    if listed or result.verdict.material:
        key = "summary_material" if result.verdict.category_source == "policy" else "summary_material_default"
        out.append(("head", "", word(key, lang)))
    elif result.changes:
        out.append(("head", "", word("summary_short", lang)))
        out.append(("fact", "", word("summary_none", lang)))
    keep = _brief_keep(listed + others) if brief_limit is not None else None
    for g in listed + others:
        if others and g is others[0]:
            out.append(("head", "", word("summary_notable", lang)))
        out.append(("cat", "", f"「{g.title}」"))
        left = [ln for ln in g.lines if keep is not None and id(ln) not in keep]
        for line in g.lines:
            if keep is not None and id(line) not in keep:
                continue
            if brief_limit is not None:
                # sensitive data first among the sure ones; stable: the policy's order among equals
                ranked = sorted(line.items, key=lambda it: (-it.confidence, not is_sensitive(it)))
                cap = max(1, brief_limit // 2) if line.items[0].kind in SENTENCE_KINDS | {"use"} else brief_limit  # clauses are long
                shown = ranked[:cap]
                facts = [_brief(it, lang) + (word("paren", lang, where_text(it, lang)) if len(ranked) == 1 else "")
                         for it in shown]  # a lone fact keeps its place: it costs no line
                if len(ranked) > cap:
                    facts.append(word("brief_rest", lang, len(ranked) - cap))
            else:
                facts = [f"{item_text(it, lang)}{word('paren', lang, where_text(it, lang))}" for it in line.items]
            out.append(("fact", "• ", line.head + word("colon", lang) + word("list_sep", lang).join(facts)))
        if left:
            out.append(("fact", "• ", word("brief_lines_rest", lang, len(left), sum(len(ln.items) for ln in left))))
    low = other_items(result)
    if low:
        out.append(("head" if brief_limit is None else "fact", "", word("summary_other", lang, len(low))))
        if brief_limit is None:  # the full report lists them: nothing is cut, only set apart
            for g in summary_groups(low, lang):
                for line in g.lines:
                    facts = [f"{item_text(it, lang)}{word('paren', lang, where_text(it, lang))}" for it in line.items]
                    out.append(("fact", "• ", line.head + word("colon", lang) + word("list_sep", lang).join(facts)))
    return out
