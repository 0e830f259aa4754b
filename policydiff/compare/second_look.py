"""A second look at data read from one pair of sentences (``compare.edits``).

The typed sentence edits find an item that joins a list or a practice a sentence now states;
``meaning.judge`` has already run by then, so this module checks their data against the other
version once more, by its words (a permission named with or without 权限/功能, a device's part
with or without 设备) and by a long head word whose taxonomy node the other version states.
"""

from __future__ import annotations

import re

from policydiff import regex_cache
from policydiff.compare import sdk_names
from policydiff.compare.meaning import DATA_SIGNALS, Doc, _folded, _members, _sdk_said, _value, fold
from policydiff.compare.parse import read_tree
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Finding, PolicyTree, RawText


def _stated_names(value: str) -> list[str]:
    """The names a data value gives: itself, each half of a slash (相机/摄像头权限), without the word
    for a permission.

    >>> _stated_names("相机/摄像头权限")
    ['相机/摄像头权限', '相机/摄像头', '相机', '摄像头权限', '摄像头']
    >>> _stated_names("设备麦克风权限")
    ['设备麦克风权限', '设备麦克风', '麦克风权限', '麦克风']
    """
    out: list[str] = []
    for name in [value, *value.replace("／", "/").split("/")] if "/" in value or "／" in value else [value]:
        tail = next((t for t in tx.PERMISSION_TAILS if name.endswith(t)), "")
        lead = next((w for w in tx.DEVICE_LEADS if name.startswith(w)), "")
        bare = name[: len(name) - len(tail)]
        for n in (name, bare, name[len(lead):], bare[len(lead):]):
            if len(n) >= 2 and n not in out:
                out.append(n)
    return out


def _same_head_node(value: str, other: Doc) -> bool:
    """``value`` ends on a taxonomy word of at least four characters whose node the other version
    states, and only qualifies it (包裹物流信息 / 物流信息); a short head (照片), a member spelled
    out (IMEI) or another person's data (联系人手机号码: ``taxonomy.OTHER_PERSONS``) says more.

    >>> _same_head_node("包裹物流信息", _doc_of("我们会收集您的物流信息。"))
    True
    >>> _same_head_node("手持护照信息页照片", _doc_of("我们会读取您的照片。"))
    False
    >>> _same_head_node("联系人手机号码", _doc_of("我们会收集您的手机号码。"))
    False
    """
    f = fold(value)
    if tx.MODIFIER in value or _members(value) or any(map(value.__contains__, tx.OTHER_PERSONS)):
        return False
    pairs = _folded(id(tx.DATA_NODES), tuple((w, node) for node, words in tx.DATA_NODES.items() for w in words))
    return any(len(w) >= 4 and f.endswith(w) and node in other.data for w, node in pairs)


def _owner(value: str, sentence: str) -> str:
    """The other person whose data ``value`` is in its clause (「收集您的孩子的账户昵称、性别」 → 孩子),
    "" when it is the person's own (``taxonomy.OTHER_PERSONS``).

    >>> _owner("性别", "我们会收集您的孩子的账户昵称、性别、出生年月信息。"), _owner("性别", "我们会获取您的性别。")
    ('孩子', '')
    """
    k = sentence.find(value)
    if k == -1:
        return ""
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0)
    before = sentence[start:k]
    return next((p for p in tx.OTHER_PERSONS if p + tx.MODIFIER in before), "")


def _doc_of(text: str) -> Doc:
    """A Doc of a one-paragraph text (doctests)."""
    return Doc.of(read_tree(RawText(text + "\n", "t.txt")))


def second_look(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """Drop data read from one pair of sentences (``compare.edits``) that the other version states
    in the same words (in place): the sentence changed, the practice did not (「相机/摄像头权限」
    joins a list while the old version lets the user revoke 「相机功能」).

    Only the words are checked, not the taxonomy node: the edit already shows the item joined a
    list that names others, so 手持护照信息页照片 beside an old 护照信息页照片 is news. The caller
    leaves out a denial that became a statement: news whatever else the other version says."""
    docs: dict[str, Doc] = {}

    def stated(f: Finding) -> bool:
        if f.signal not in DATA_SIGNALS:
            return False
        if f.side not in docs:
            docs[f.side] = Doc.of(old if f.side == "new" else new)
        other, value = docs[f.side], _value(f)
        person = _owner(value, f.evidence.rsplit(" → ", 1)[-1] if f.side == "new" else f.evidence.split(" → ", 1)[0])
        if person:  # 您的孩子的…性别: the other version states it only of that person; the claim says whose
            f.value = person + tx.MODIFIER + value  # shown as the value; the trigger stays the printed word
            return any(person in s and n in s for s in other.raw for n in _stated_names(value))
        return any(other.says(n) for n in _stated_names(value)) or _same_head_node(value, other)

    findings[:] = [f for f in findings if not stated(f)]


_CLAUSE = regex_cache.compile(r"[，,；;。：:（(）)]")


def used_not_collected(value: str, sentence: str) -> str:
    """The use a data value names when its clause only uses it (``""`` when the clause collects it or
    uses no verb right before it): 「使用」 + the data.

    >>> used_not_collected("自行公开的信息", "或者在合理范围内使用您自行公开的信息（不影响…）。")
    '使用您自行公开的信息'
    >>> used_not_collected("位置信息", "我们会收集并使用您的位置信息。")
    ''
    >>> used_not_collected("金融信息", "我行可能将您的金融信息用于客户体验或市场调查等用途。")
    '将您的金融信息用于客户体验或市场调查等用途'
    """
    k = sentence.find(value)
    if k == -1:
        return ""
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0)
    end = next((m.start() for m in _CLAUSE.finditer(sentence, k + len(value))), len(sentence))
    before, after = sentence[start:k], sentence[k + len(value) : end]
    lead = next((w for w in tx.USE_OBJECT_LEADS if before.endswith(w)), "")
    verb = next((v for v in tx.USE_VERBS + tx.USE_FOR[:1] if before[: len(before) - len(lead)].endswith(v)), "")
    if not verb or any(map(before.__contains__, tx.COLLECT_WORDS)):
        return ""
    if verb == tx.USE_FOR[0]:  # 将…用于…: the use is the whole clause from 将
        return verb + lead + value + after.rstrip("。") if after.startswith(tx.USE_FOR[1]) else ""
    return verb + lead + value


def worded_as_uses(findings: list[Finding]) -> None:
    """Data findings whose sentence only uses the data become uses (in place), worded as the
    sentence says it: 「使用您自行公开的信息」 is a new use, not a new type of data collected."""
    for f in findings:
        if f.signal in ("fact_collect", "data_type") and f.side == "new":
            use = used_not_collected(_value(f), f.evidence)
            if use:
                f.signal, f.trigger, f.value = "use", use, use


def _fuller_names(name: str, text: str) -> list[str]:
    """Longer SDK names in ``text`` that start like ``name`` (神策SDK → 神策线上行为采集SDK).

    >>> _fuller_names("神策SDK", "（12）神策SDK。我们使用了神策线上行为采集SDK，该SDK由…提供")
    ['神策线上行为采集SDK']
    """
    stem = name[:-3] if name.upper().endswith("SDK") else ""
    if len(stem) < 2:
        return []
    found = re.findall(re.escape(stem) + r"[^，,。；;、（(）)\s]{1,16}?SDK", text, re.IGNORECASE)
    return [n for n in found if fold(n) != fold(name)]


def renamed_sdks(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """Drop an SDK that its paragraph names more fully by a name the other version states (in
    place): 「（12）神策SDK。…我们使用了神策线上行为采集SDK」 where the old version lists
    「线上行为采集SDK」 is the same SDK, now named by its vendor."""
    docs: dict[str, Doc] = {}
    trees = {"new": new, "old": old}

    def renamed(f: Finding) -> bool:
        if f.signal != "sdk_name":
            return False
        evidence = f.evidence.strip("…")
        paragraph = next((p.text for p in trees[f.side].document.paragraphs if evidence in p.text), f.evidence)
        fuller = _fuller_names(_value(f), paragraph)
        if not fuller:
            return False
        if f.side not in docs:
            docs[f.side] = Doc.of(old if f.side == "new" else new)
        return any(_sdk_said(n, docs[f.side]) for n in fuller)

    def prefixed(f: Finding) -> bool:  # 学习通内讯飞SDK / 科大讯飞SDK: one vendor's SDK (compare.sdk_names)
        if f.signal != "sdk_name":
            return False
        other = old if f.side == "new" else new
        return sdk_names.renamed(_value(f), other, Doc.of(other).says)

    findings[:] = [f for f in findings if not renamed(f) and not prefixed(f)]


def periods_said(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """Drop a response time the other version states anywhere (十五个工作日 where the old version
    answers in 15个工作日 elsewhere), unless a response time of the other side is gone or new too
    (10个工作日 → 15个工作日: the pair is the change, wherever each stands)."""
    sides = {f.side for f in findings if f.signal == "response_time"}
    docs = {"new": Doc.of(old), "old": Doc.of(new)} if sides else {}
    findings[:] = [f for f in findings if f.signal != "response_time"
                   or ("old" if f.side == "new" else "new") in sides or not docs[f.side].says(_value(f))]


def after_judgment(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """The second looks once ``meaning.judge`` has run: data only used (a use), an SDK now named by
    its vendor, a response time said elsewhere."""
    worded_as_uses(findings)
    renamed_sdks(findings, old, new)
    periods_said(findings, old, new)

