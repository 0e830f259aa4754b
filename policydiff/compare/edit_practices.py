"""Practices a version states that the other denies or never states, read sentence by sentence.

- ``polarity_flips``: the old version says it does *not* collect an item (并不收集您的生物识别信息
  （人脸信息/指纹信息）) and never states collecting it; a sentence of the new one collects it
  (需提供人脸信息并完成人证一致性核验). A negated practice that becomes stated is a claim.
- ``biometric_uses``: biometric data processed in a new sentence (识别您的面部特征值信息), a new use
  of them though the old version names the same kind for another feature.
- ``precise_location``: precise location collected where the old version never says precise.
- ``commercial_use``: the users' data put to commercial use (予以商业化的利用), never said before.
- ``new_grounds``: a ground for processing without consent (PIPL art. 13: 为订立、履行…合同所必需,
  人力资源管理, 突发公共卫生事件 …) the old version never names.
- ``court_changes``: the court a dispute goes to (向被告住所地有管辖权的人民法院提起诉讼), changed in
  a reworded sentence.

>>> sorted(negated_items("我们仅接收验证结果，并不收集您的生物识别信息（人脸信息/指纹信息）。"))
['人脸信息', '指纹信息', '生物识别信息']
>>> court_of("或向被告住所地有管辖权的人民法院提起诉讼。")
'被告住所地有管辖权的人民法院'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from policydiff import regex_cache
from policydiff.compare.edit_base import MAX_ITEM, TypedEdit, clause_at, clauses, head_class, holding, negated
from policydiff.compare.facts import not_a_practice
from policydiff.compare.mentions import loosen
from policydiff.compare.names import company_names
from policydiff.compare.sentences import Sentence, SentenceAlignment
from policydiff.compare.similarity import bigrams, dice
from policydiff.lexicon import qualifiers as q
from policydiff.text.memo import per_object
from policydiff.text.normalize import comparison_key

_ITEM_SPLIT = regex_cache.compile(q.ITEM_SPLIT)


def _items(text: str) -> set[str]:
    """Data items of a sentence: the pieces between separators, slashes and brackets that end on a
    data head noun."""
    out: set[str] = set()
    for piece in _ITEM_SPLIT.split(text):
        piece = piece.strip()
        for start in q.ITEM_LEADS:
            if start in piece:
                piece = piece[piece.rfind(start) + len(start):]
        if 2 <= len(piece) <= MAX_ITEM and head_class(piece) == "data":
            out.add(piece)
    return out


def negated_items(text: str) -> set[str]:
    """The data items a sentence says are not collected (并不收集…（人脸信息/指纹信息）)."""
    m = q.DENIED_COLLECTION.search(text)
    return _items(text[m.start():]) if m else set()


def _collects(text: str) -> bool:
    """Some clause of the sentence collects (or has the person provide) and denies nothing: a
    denial elsewhere in it (…，但并不影响您使用其他功能) takes nothing from that clause."""
    verbs = q.COLLECT_VERBS + q.PROVIDE_VERBS
    return any(any(map(c.__contains__, verbs)) and not negated(c) for c in clauses(text))


@per_object  # both flips read the old version's sentences so (callers only read the list)
def _whole_sentences(sentences: list[Sentence]) -> list[tuple[Sentence, str]]:
    """Sentences with their text run on where a line break cut one (…我们仅接收您⏎使用的终端…): a
    piece that ends on no sentence mark continues into the next piece of the same section."""
    out: list[tuple[Sentence, str]] = []
    carry: tuple[Sentence, str] | None = None
    for s in sentences:
        if carry is not None and carry[0].section is s.section:
            carry = (carry[0], carry[1] + s.text)
        else:
            if carry is not None:
                out.append(carry)
            carry = (s, s.text)
        if carry[1].rstrip().endswith(q.SENTENCE_ENDS):
            out.append(carry)
            carry = None
    if carry is not None:
        out.append(carry)
    return out


def polarity_flips(alignment: SentenceAlignment, old_sentences: list[Sentence]) -> list[TypedEdit]:
    """Items the old version denied collecting and never stated collecting, now collected (the old
    version's denials are read only when a new or changed sentence collects)."""
    collecting = [s for s in alignment.new_or_reworded
                  if _collects(s.text) and not not_a_practice(s.text, s.stype) and not q.THIRD_PARTY_OWN.search(s.text)]
    if not collecting:
        return []
    whole = _whole_sentences(old_sentences)
    denied: dict[str, Sentence] = {}
    for k in holding(q.DENIED_COLLECTION, [text for _, text in whole]):  # the few that deny
        s, text = whole[k]
        for item in negated_items(text):  # the evidence is the whole denial, not the piece a line break cut
            denied.setdefault(item, s if s.text == text else replace(s, text=text))
    if not denied:
        return []
    # stated: an old sentence that collects the item and denies nothing (checked only for denied
    # items; a sentence that holds several is judged once, and an item stated once is looked for
    # no further)
    stated: set[str] = set()
    judged: dict[tuple[str, str], bool] = {}
    for i in denied:
        for s, text in whole:
            if i in text:
                ok = judged.get((text, s.stype))
                if ok is None:
                    ok = judged[text, s.stype] = (not q.DENIED_COLLECTION.search(text) and _collects(text)
                                                  and not not_a_practice(text, s.stype))
                if ok:
                    stated.add(i)
                    break
    candidates = {i: s for i, s in denied.items() if i not in stated}
    out: list[TypedEdit] = []
    if not candidates:
        return out
    for s in collecting:
        for item in sorted(candidates):
            clause = clause_at(s.text, item)
            if item in s.text and clause and not negated(clause) and item not in negated_items(s.text):
                was = candidates.pop(item)
                out.append(TypedEdit(
                    kind="polarity_flipped", category="purpose_type_usage", signal="data_type", value=item,
                    previous="", old=was, new=s, confidence=0.8,
                    reason=f"the old version said it does not collect “{item}”; the new one collects it",
                ))
    return out


def new_grounds(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """The first ground for processing without consent (PIPL art. 13) the old version never names:
    one claim for the new list of grounds, the ground it names first as its value."""
    out: list[TypedEdit] = []
    for s in alignment.new_only:
        for ground in q.PIPL_GROUNDS:
            if ground in s.text and not out and loosen(comparison_key(ground)) not in old_loose \
                    and any(map(s.text.__contains__, q.GROUND_WORDS)):
                value = q.LEADING_LABEL_TEXT.sub("", clause_at(s.text, ground)).strip().lstrip(q.LIST_SEPARATORS[1] + " ")
                out.append(TypedEdit.stated("ground_added", "purpose_type_usage", "legal_basis", value, s,
                    f"a ground to process without consent (PIPL art. 13) the old version never names: “{ground}”"))
    return out


def court_of(text: str) -> str:
    """The court or arbitration body a sentence sends disputes to, "" when none."""
    m = q.COURT.search(text)
    return m.group(1) + m.group(2) if m else ""


def _unnamed(court: str) -> str:
    """A court's key without the company names in it: the operator's domicile stays the operator's
    domicile when the operator is renamed (a controller change, said once)."""
    key = comparison_key(court)
    for name in company_names(court):
        key = key.replace(comparison_key(name), "")
    return key


def court_changes(alignment: SentenceAlignment) -> list[TypedEdit]:
    """A reworded sentence that sends disputes to another court."""
    out: list[TypedEdit] = []
    for p in alignment.changed:
        before, after = court_of(p.old.text), court_of(p.new.text)
        if before and after and _unnamed(before) != _unnamed(after):
            out.append(TypedEdit(
                kind="court_changed", category="contact", signal="court", value=after, previous=before,
                old=p.old, new=p.new, confidence=0.8, reason=f"disputes go to “{after}”, no longer “{before}”",
            ))
    return out


def new_items(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """Data items a new sentence asks the person to provide (需提供护照信息页照片及手持护照信息页照片)
    that the old version never names, in a collection section. Only the ask (需提供, 需要提供): a
    sentence that says "we collect" lists items the facts read already."""
    out: list[TypedEdit] = []
    seen: set[str] = set()
    for s in alignment.new_only:
        if s.stype != "collection" or not _collects(s.text) or not_a_practice(s.text, s.stype):
            continue
        for item in sorted(_items(s.text)):
            key = loosen(comparison_key(item))
            clause = clause_at(s.text, item)
            variants = {loosen(comparison_key(item.replace(a, b))) for group in q.DATA_VARIANTS for a in group for b in group if a in item}
            if any(map(old_loose.__contains__, variants)):
                continue  # 身份证号码 where 证件号码 was asked: the same kind of data
            if item in seen or key in old_loose or item.startswith(q.NOT_ITEM_STARTS) or len(item) < q.ASKED_ITEM_MIN \
                    or not any(v in clause and clause.find(v) < clause.find(item) for v in q.PROVIDE_VERBS):
                continue  # only what the person is asked to provide (需提供…), after the ask
            seen.add(item)
            out.append(TypedEdit.stated("item_asked", "purpose_type_usage", "data_type", item, s,
                f"a new sentence asks for “{item}”, which the old version never names", confidence=0.7))
    return out


def media_extraction(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """Data read out of what the person uploads (如您…所使用的图片或视频含位置信息，我们会提取该等位置信息)
    in a sentence the old version does not have: collection from a new source."""
    out: list[TypedEdit] = []
    for s in alignment.new_only:
        parts = clauses(s.text)
        for k, part in enumerate(parts):
            if not any(map(part.__contains__, q.EXTRACT_WORDS)) or negated(part):
                continue
            context = "".join(parts[max(0, k - 1) : k + 1])
            if not any(map(context.__contains__, q.MEDIA_WORDS)) or head_class(part.rstrip(q.CLAUSE_MARKS)) is None \
                    and not any(map(part.__contains__, q.DATA_HEADS)):
                continue
            span = context.strip().rstrip(q.CLAUSE_MARKS)
            if loosen(comparison_key(part)) in old_loose or not_a_practice(s.text, s.stype):
                continue
            out.append(TypedEdit.stated("extracted", "purpose_type_usage", "scope", span, s,
                "data is now read out of the content the person uploads", confidence=0.7))
            break
    return out


def _uses(text: str) -> list[str]:
    """The clauses of ``text`` that state a use (方便在约车时定位附近的车辆), without their closing mark."""
    out = []
    for c in clauses(text):
        c = c.strip().rstrip(q.CLAUSE_MARKS)
        c = next((c[: -len(t)] for t in q.USE_TAILS if c.endswith(t)), c)
        need = next((n for n in q.USE_NEEDS if c.startswith(n)), "")
        c = c[len(need):]  # 如您需要在首页…获取最新的天气情况: the need it serves is a use
        if (need or c.startswith(q.USE_OPENERS)) and len(c) >= q.USE_MIN and not negated(c):
            out.append(c)
    return out


def uses_added(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """Uses joined to a list of uses the old version states (开启位置权限，方便…，方便…): a sentence
    with two or more use clauses, at least one of them in the old version, and others it never
    states — each of those is a new use of the sentence's data (方便在预订铁水联运时定位当前车站)."""
    out: list[TypedEdit] = []
    old_of = {id(p.new): p.old for p in alignment.changed}
    for s in [p.new for p in alignment.changed] + alignment.new_only:
        uses = _uses(s.text)
        if len(uses) < 2 or not_a_practice(s.text, s.stype):
            continue
        before = _uses(old_of[id(s)].text) if id(s) in old_of else []
        known = [u for u in uses if loosen(comparison_key(u)) in old_loose
                 or any(dice(bigrams(comparison_key(u)), bigrams(comparison_key(b))) >= q.USE_REWORDED for b in before)]
        if not known:
            continue  # not a list the old version has: the facts read a new sentence's purposes
        for use in uses:
            if use in known:
                continue
            shown = next((use[len(w):] for w in q.USE_OPENERS[::-1] if use.startswith(w)), use)  # 在预订…时定位当前城市
            out.append(TypedEdit(
                kind="use_added", category="purpose_type_usage", signal="purpose", value=shown, previous="",
                old=old_of.get(id(s)), new=s, confidence=0.75,
                reason=f"a use joins the list of uses the old version states: “{use}”",
            ))
    return out


def processing_added(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """A processing of the person's data a new sentence states by what it does (我们会用技术对您的
    部分图片进行智能分类) and the old version never names: a new use, worded as the sentence says it."""
    out: list[TypedEdit] = []
    for s in alignment.new_only:
        for m in q.PROCESS_FRAME.finditer(s.text):
            act, span = m.group(2), m.group(0)
            if any(map(span.__contains__, q.PROCESS_NOT)) or negated(clause_at(s.text, act) or span) \
                    or loosen(comparison_key(act)) in old_loose or not_a_practice(s.text, s.stype):
                continue
            out.append(TypedEdit.stated("processing_added", "purpose_type_usage", "use", span, s,
                f"a new processing of the data: “{span}”"))
    return out


def biometric_uses(alignment: SentenceAlignment) -> list[TypedEdit]:
    """Biometric data a new sentence processes (如您选择…需要与图像中的人脸贴合的工具，我们将需要识别
    您的面部特征值信息): a new use of the most sensitive data, though the old version names the same
    kind for another feature (面部识别特征 for 认证). Not when an old sentence naming biometric data
    says nearly the same (``q.REWORDED``)."""
    out: list[TypedEdit] = []
    old_bio = None
    for s in alignment.new_only:
        m = q.BIOMETRIC_DATA.search(s.text)
        clause = clause_at(s.text, m.group()) if m else ""
        k = clause.find(m.group()) if m else -1
        clause = clause[max(clause.rfind(b, 0, k) for b in q.CLOSING_MARKS) + 1:].strip()  # 《…说明》）将可能收集…
        acts = clause.replace(m.group(), "") if m else ""  # the verb, not the 识别 of 面部识别信息
        if m is None or negated(clause) or not any(map(acts.__contains__, q.BIOMETRIC_VERBS)) or q.ON_DEVICE.search(clause) \
                or q.DEFINING.search(clause) or clause.rstrip(q.CLAUSE_MARKS).endswith(q.WHEN_TAIL) or not_a_practice(s.text, s.stype):
            continue
        if old_bio is None:
            old_bio = [bigrams(comparison_key(t.text)) for t in alignment.all_old if q.BIOMETRIC_DATA.search(t.text)]
        mine = bigrams(comparison_key(s.text))
        if any(dice(mine, b) >= q.REWORDED for b in old_bio):
            continue
        out.append(TypedEdit.stated("biometric_use", "purpose_type_usage", "use", clause, s,
            f"biometric data (“{m.group()}”) processed in a sentence the old version does not have"))
    return out


def precise_location(alignment: SentenceAlignment, old_text: str) -> list[TypedEdit]:
    """Precise location a new or reworded sentence collects (我们将在您开启定位权限后收集您的精准位置
    信息或者粗略位置信息) where the old version never says precise: the collection of location widened
    to sensitive personal information (``q.PRECISE_LOCATION``). One claim, the first such clause."""
    found = _first_new_clause(alignment, old_text, q.PRECISE_LOCATION, lambda s, clause: any(
        v in clause for v in q.COLLECT_VERBS) and not not_a_practice(s.text, s.stype))
    if found is None:
        return []
    s, words, clause = found
    return [TypedEdit.stated("precise_location", "purpose_type_usage", "scope", clause.strip(), s,
        f"“{words}” is collected; the old version never says precise")]


def commercial_use(alignment: SentenceAlignment, old_text: str) -> list[TypedEdit]:
    """The users' data put to commercial use in a new sentence (有权对用户数据库进行分析并予以商业化的
    利用) where the old version never says so: a new use, the first such clause."""
    found = _first_new_clause(alignment, old_text, q.COMMERCIAL_USE, lambda s, clause: True)
    if found is None:
        return []
    s, words, clause = found
    return [TypedEdit.stated("commercial_use", "purpose_type_usage", "use", clause.strip(), s,
        f"the data are put to commercial use (“{words}”)")]


def _first_new_clause(alignment: SentenceAlignment, old_text: str, pattern: re.Pattern[str],
                      keep: Callable[[Sentence, str], bool]) -> tuple[Sentence, str, str] | None:
    """The first new or reworded sentence where ``pattern`` matches in a clause that denies nothing
    and that ``keep`` accepts — (sentence, the words matched, their clause) — when the old version
    never matches it; else None."""
    if pattern.search(old_text):
        return None
    for s in alignment.new_or_reworded:
        m = pattern.search(s.text)
        clause = clause_at(s.text, m.group()) if m else ""
        if m is not None and not negated(clause) and keep(s, clause):
            return s, m.group(), clause
    return None


def features_added(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """A feature the person may choose that asks for data (如您选择“快捷退票”服务，需提供退票人姓名、
    证件号码…) in a new sentence, named nowhere in the old version: a new use of the data it asks
    for, though each item may be known (姓名, 证件号码) — the feature is what is new."""
    out: list[TypedEdit] = []
    for s in alignment.new_only:
        if s.stype != "collection" or not any(map(s.text.__contains__, q.PROVIDE_VERBS)) or not_a_practice(s.text, s.stype):
            continue
        m = q.CHOSEN_FEATURE.search(s.text)
        if m is None or loosen(comparison_key(m.group(1))) in old_loose:
            continue
        value = s.text[m.start(1) - 1 : m.end()].strip()  # as printed: “快捷退票”服务
        out.append(TypedEdit.stated("feature_added", "purpose_type_usage", "purpose", value, s,
            f"a new feature asks for personal data: “{value}”"))
    return out


def marketing_messages(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """Marketing messages a new or reworded sentence says the service sends the person (我们会向您发送
    营销活动短信) that the old version never names: a new use of the person's contact data."""
    out: list[TypedEdit] = []
    for s in alignment.new_or_reworded:
        for m in q.MESSAGE_SENT.finditer(s.text):
            message = m.group(1)
            if not any(map(message.__contains__, q.MARKETING_WORDS)) or loosen(comparison_key(message)) in old_loose \
                    or negated(clause_at(s.text, message)) or not_a_practice(s.text, s.stype):
                continue
            out.append(TypedEdit.stated("marketing_added", "purpose_type_usage", "purpose", m.group(0), s,
                f"the person now receives “{message}”"))
    return out
