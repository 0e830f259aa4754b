"""The claims of a summary: ``SummaryItem`` (one distinct fact that appeared, disappeared or
changed, with where it is, how sure the judgment is and the sentences that show it), and the
folds that say each change once (``fold_claims``: ``fold_substrings``, ``fold_across``,
``fold_grants``, ``fold_permission_names``; ``fold_scope_words`` while the items are made).

>>> a = SummaryItem("contact", "", True, "changed", "response_time", "15天", "15天", previous="30天")
>>> b = SummaryItem("rights", "", True, "added", "response_time", "15天", "15天")
>>> [it.category for it in fold_across([a, b])]
['contact']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from policydiff.compare.facts import sensitive_kind
from policydiff.compare.mentions import loosen
from policydiff.lexicon.facts_more import PERMISSION_CONSTANT
from policydiff.lexicon.layout import is_hanzi
from policydiff.lexicon.rights import CN_NUMBER_BEFORE_UNIT
from policydiff.model import Finding

Action = Literal["added", "removed", "changed"]
# Kinds whose trigger is a whole sentence or clause: shown by its first phrase.
SENTENCE_KINDS = {"grant", "right_removed", "risk"}
# Kinds that name a data type (by the lexicon, by the facts): one datum is one claim whichever names it.
DATA_KINDS = {"data_type", "fact_collect"}


@dataclass(frozen=True)
class SummarySection:
    """Where a fact sits: the section of the detail below, by anchor, label and recognisable heading."""

    change_index: int
    anchor: str  # the HTML/Markdown anchor of the section's entry in the redline
    label: str  # "2.3", "（二）", "" for the preamble
    heading: str  # short_heading of the section
    path: str


@dataclass
class SummaryItem:
    """One distinct fact that appeared, disappeared or changed, under one category."""

    category: str  # canonical key (never shown to a person)
    wording: str  # the category in the policy's own words (or the standard wording)
    in_policy_list: bool  # False: a notable change outside the policy's own 重大变更 list
    action: Action
    kind: str  # the kind of fact: data_type, recipient, grant, …
    value: str  # the fact as shown: "体温记录", the first phrase of a clause
    surface: str  # the fact's words as the text prints them (new text for added/changed, old for removed)
    previous: str = ""  # for "changed": the old value's words
    sections: list[SummarySection] = field(default_factory=list)
    confidence: float = 1.0  # the highest of its findings' (compare.meaning); LOW or less: worth a look
    evidence_old: str = ""  # the old version's sentence that shows it (removed / changed)
    evidence_new: str = ""  # the new version's sentence that shows it (added / changed)
    refines: str = ""  # a member spelled out (IMEI): the other version's generic word it stands under

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "category_wording": self.wording,
            "in_policy_list": self.in_policy_list,
            "action": self.action,
            "kind": self.kind,
            "value": self.value,
            "surface": self.surface,
            "previous": self.previous or None,
            "refines": self.refines or None,
            "sections": [
                {"anchor": s.anchor, "label": s.label, "heading": s.heading, "path": s.path, "change_index": s.change_index}
                for s in self.sections
            ],
            "confidence": round(self.confidence, 2),
            "evidence": {"old": self.evidence_old or None, "new": self.evidence_new or None},
        }


def fold_claims(items: list[SummaryItem], sure: float) -> list[SummaryItem]:
    """Every fold of the made items, in order: words inside wider words, a value told under two
    categories, a grant other shown claims (confidence above ``sure``) stand on, a permission's
    constant beside its words."""
    return fold_permission_names(fold_grants(fold_across(fold_substrings(items)), sure))


def norm(text: str) -> str:
    """A value without whitespace, lower case: the key two values are one by."""
    return "".join(text.split()).lower()


def fold_across(items: list[SummaryItem]) -> list[SummaryItem]:
    """Each change once: a value told under two categories (a time limit under rights and under
    contact) is kept where it is told as a change (30天 → 15天), else where it comes first."""
    def key_of(v: str) -> str:  # a period in either spelling (十五个工作日 / 15个工作日)
        return loosen(norm(v)) if v[:1].isdigit() or CN_NUMBER_BEFORE_UNIT.match(v) else norm(v)

    changed = {(it.kind, key_of(v)) for it in items if it.action == "changed" for v in (it.value, it.previous)}
    keep: list[SummaryItem] = []
    seen: set[tuple[str, str, str]] = set()
    for it in items:
        key = (it.kind, it.action, key_of(it.value))
        if it.action != "changed" and (it.kind, key_of(it.value)) in changed:
            continue
        if key in seen:
            continue
        seen.add(key)
        keep.append(it)
    return keep


def fold_substrings(items: list[SummaryItem]) -> list[SummaryItem]:
    """Drop a fact whose words lie inside another's of the same category and action, in the same sections
    ("境内" beside "中华人民共和国境内"); a data type also when another names it wider anywhere, whichever
    recognizer found each (MAC地址 beside 设备MAC地址: one datum)."""
    keep = []
    for it in items:
        inside = None if it.kind in SENTENCE_KINDS else next((  # a sentence is never inside another's words
            other for other in items
            if other is not it
            and other.category == it.category
            and other.action == it.action
            and (other.kind == it.kind or {other.kind, it.kind} <= DATA_KINDS)
            and len(other.value) > len(it.value)
            and norm(it.value) in norm(other.value)
            and ({s.change_index for s in it.sections} <= {s.change_index for s in other.sections}
                 or {other.kind, it.kind} <= DATA_KINDS and norm(other.value).endswith(norm(it.value)))), None)
        if inside is None:
            keep.append(it)
        else:  # the wider name says it: as surely as the narrower did (设备MAC地址 for MAC地址)
            inside.confidence = max(inside.confidence, it.confidence)
    return keep


def fold_grants(items: list[SummaryItem], sure: float) -> list[SummaryItem]:
    """Drop a grant (a sentence that gives a right) whose sentence another claim of the same action
    already stands on, one sure enough to be shown (confidence above ``sure``) that says what is
    new in it (the right 副本, the time limit 15个工作日): 「您有权获取您的个人信息副本，…我们将在
    15个工作日内回复」 is that right and that time limit. A claim only worth a look (申诉 read from
    a menu path) takes nothing from the grant.

    >>> right = SummaryItem("rights", "", True, "added", "right", "副本", "副本", evidence_new="您有权获取您的个人信息副本。")
    >>> grant = SummaryItem("rights", "", True, "added", "grant", "您有权获取您的个人信息副本", "您有权获取您的个人信息副本。")
    >>> [it.kind for it in fold_grants([right, grant], 0.5)]
    ['right']
    """
    stands = [(it.action, _sentence(it)) for it in items
              if it.kind not in SENTENCE_KINDS and it.confidence > sure and _sentence(it)]
    keep = []
    for it in items:
        own = norm(it.surface)
        if it.kind == "grant" and own and any(action == it.action and (own in s or s in own) for action, s in stands):
            continue
        keep.append(it)
    return keep


def fold_permission_names(items: list[SummaryItem]) -> list[SummaryItem]:
    """Drop a datum named by an Android permission's constant when its sentence names a datum in
    words too (「我们会获取您的GET_TASKS（设备运行进程信息）权限」: one claim, 设备运行进程信息).

    >>> def datum(v): return SummaryItem("p", "", True, "added", "fact_collect", v, v, evidence_new="获取GET_TASKS（设备运行进程信息）权限")
    >>> [it.value for it in fold_permission_names([datum("GET_TASKS"), datum("设备运行进程信息")])]
    ['设备运行进程信息']
    """
    worded = {(it.action, _sentence(it)) for it in items
              if it.kind in DATA_KINDS and not PERMISSION_CONSTANT.match(it.value) and _sentence(it)}
    return [it for it in items if not (it.kind in DATA_KINDS and PERMISSION_CONSTANT.match(it.value)
                                       and (it.action, _sentence(it)) in worded)]


def _sentence(item: SummaryItem) -> str:
    """The claim's own sentence (the old one for a removal), as ``norm`` compares it."""
    return norm(item.evidence_old if item.action == "removed" else item.evidence_new)


def evidence_of(f: Finding) -> tuple[str, str]:
    """A finding's own sentence and the other version's sentence that shows the difference (a typed
    edit carries both: 「与第三方支付机构共享」 beside 「与银行及第三方支付机构共享」).

    >>> evidence_of(Finding("recipients", 0, "甲。 → 乙。", "new", "recipient", "", evidence_other="甲。"))
    ('乙。', '甲。')
    """
    other = f.evidence_other
    if other:
        joined = f"{other} → " if f.side == "new" else f" → {other}"
        if f.side == "new" and f.evidence.startswith(joined):
            return f.evidence[len(joined):], other
        if f.side == "old" and f.evidence.endswith(joined):
            return f.evidence[: -len(joined)], other
    return f.evidence, other


def joined_cjk(text: str) -> str:
    """A name without the spaces a PDF's line breaks left between two Chinese characters (广东欢太科技有限公 司);
    a space beside a Latin word stays (IP 地址).

    >>> joined_cjk("广东欢太科技有限公 司"), joined_cjk("IP 地址")
    ('广东欢太科技有限公司', 'IP 地址')
    """
    parts = text.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += part if out and part and is_hanzi(out[-1]) and is_hanzi(part[0]) else " " + part
    return out


def is_sensitive(item: SummaryItem) -> bool:
    """A claim about a sensitive kind of personal information (PIPL art. 28: health, biometrics,
    identity documents, financial accounts, whereabouts, minors): shown before the others of its line.

    >>> is_sensitive(SummaryItem("c", "", True, "added", "data_type", "心率", "心率"))
    True
    """
    return item.kind in DATA_KINDS and sensitive_kind(item.value) is not None


ItemKey = tuple[str, str, str, str]  # (category, action, value key, previous) of an item being made


def fold_scope_words(items: dict[ItemKey, SummaryItem], scoped: dict[ItemKey, list[str]]) -> dict[ItemKey, str]:
    """Say each widened collection once: ``scoped`` has an item per scope word and the types it
    widens (「后台 · 位置信息」); the scope words that widen the same types in the same sentence
    become one item (「后台、持续 · 位置信息」: 「在后台持续收集」 is one change). The items folded
    into another leave ``items``; returns each remaining scope item's value, before display.

    >>> a = SummaryItem("purpose_type_usage", "", True, "added", "fact_scope", "", "后台", evidence_new="在后台持续收集位置信息")
    >>> b = SummaryItem("purpose_type_usage", "", True, "added", "fact_scope", "", "持续", evidence_new="在后台持续收集位置信息")
    >>> items = {("p", "added", "scope|后台", ""): a, ("p", "added", "scope|持续", ""): b}
    >>> fold_scope_words(items, {k: ["位置信息"] for k in items}), len(items)
    ({('p', 'added', 'scope|后台', ''): '后台、持续 · 位置信息'}, 1)
    """
    groups: dict[tuple[str, str, tuple[str, ...], str], list[ItemKey]] = {}
    for key, types in scoped.items():
        item = items[key]
        groups.setdefault((key[0], key[1], tuple(types), item.evidence_new or item.evidence_old), []).append(key)
    values: dict[ItemKey, str] = {}
    for (_category, _action, named, _sentence), keys in groups.items():
        first = items[keys[0]]
        values[keys[0]] = f"{'、'.join(k[2].split('|', 1)[1] for k in keys)} · {'、'.join(named)}"
        for other in keys[1:]:
            folded = items.pop(other)
            first.confidence = max(first.confidence, folded.confidence)
            first.in_policy_list = first.in_policy_list or folded.in_policy_list
            first.sections += [s for s in folded.sections if all(s.change_index != t.change_index for t in first.sections)]
    return values
