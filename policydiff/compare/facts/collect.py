"""The collect / use frame: the data a sentence says are collected, with SDK collectors."""

from __future__ import annotations

from policydiff.compare.facts.lists import _CHAIN, _COMMAS, _OPEN, data_items
from policydiff.compare.facts.model import Fact, Sentence, Span
from policydiff.compare.facts.purposes import purposes_of
from policydiff.compare.facts.sentences import (
    _after_example,
    clause_bounds,
    conditions_of,
    polarity_at,
    sentence_modality,
)
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm

# -- collect / use ------------------------------------------------------------------------------


def _user_subject(s: Sentence, i: int) -> bool:
    """您(需要|可以)?(向我们)?提供: 您 is the subject when no 向/为/给 stands before it."""
    a, _ = clause_bounds(s, i)
    for j in range(i - 1, max(a, i - 6) - 1, -1):
        t = s.tokens[j].text
        if t in lx.USER_SUBJECTS:
            return j == a or s.tokens[j - 1].text not in lx.TO_USER_MARKERS
        if t not in lx.USER_SUBJECT_GAP:
            return False
    return False


_CHAIN_JOINS = lm.CHAIN_JOINS
DATA_HEADS = tuple(lm.DATA_HEAD_WORDS)  # for str.endswith, made once (not per word)


def _object_start(s: Sentence, i: int) -> int:
    """Skip a chain of verbs after the first (收集、使用并存储 …) to the object."""
    j = i + 1
    while j < len(s.tokens) and (s.tokens[j].text in _CHAIN or s.tokens[j].text in _CHAIN_JOINS
                                 or s.tokens[j].text in lm.VERB_PARTICLES):
        j += 1
    return j


def _in_chain(s: Sentence, i: int) -> bool:
    """True when token ``i`` is a later verb of a chain (收集、使用 …: 使用)."""
    j = i - 1
    while j >= 0 and s.tokens[j].text in _CHAIN_JOINS:
        j -= 1
    return j >= 0 and s.tokens[j].text in _CHAIN


def _asks_consent(s: Sentence, start: int) -> bool:
    """获得您的(明确)同意: the object is consent, not data."""
    return any(t.text in lm.CONSENT_WORDS for t in s.tokens[start : start + 5])


def _users_own_object(s: Sentence, i: int) -> bool:
    """(需要)输入/填写您的…: the object is the user's own data (not 向您提供服务)."""
    j = _object_start(s, i)
    prev = s.tokens[i - 1].text if i else ""
    return prev not in lx.TO_USER_MARKERS and j + 1 < len(s.tokens) and s.tokens[j].text in lx.USER_SUBJECTS \
        and s.tokens[j + 1].text == lm.DE


def _to_someone_else(s: Sentence, i: int) -> bool:
    """我们会向支付机构提供您的订单信息: the verb hands the user's data to a third party (a sharing),
    not the user to us (您向我们提供)."""
    a, _ = clause_bounds(s, i)
    for j in range(i - 1, a - 1, -1):
        if s.tokens[j].text in lm.SHARE_TO_MARKERS:
            nxt = s.tokens[j + 1].text if j + 1 < i else ""
            return bool(nxt) and nxt not in lm.FIRST_PERSON and nxt not in lx.USER_SUBJECTS
    return False


def _is_collect_verb(s: Sentence, i: int) -> bool:
    t = s.tokens[i].text
    if t not in lx.COLLECT_VERBS and t not in lx.USER_PROVIDE_VERBS or _in_chain(s, i):
        return False
    if t in lx.USER_PROVIDE_VERBS and t not in lx.COLLECT_VERBS:
        return _user_subject(s, i) or _users_own_object(s, i) and not _to_someone_else(s, i)
    j = _object_start(s, i)
    if _asks_consent(s, j):
        return False
    if t in lx.WEAK_COLLECT_VERBS:
        while j < len(s.tokens) and s.tokens[j].text == lm.DE:
            j += 1
        return j < len(s.tokens) and s.tokens[j].text in lx.USER_SUBJECTS | lm.USER_POSSESSIVES
    return True


def extract_collect(s: Sentence) -> list[Fact]:
    """我们(会)收集/获取/读取…您的[LIST] and 您(需要)提供[LIST]: one fact per verb."""
    facts: list[Fact] = []
    base = sentence_modality(s)
    i = 0
    while i < len(s.tokens):
        if not _is_collect_verb(s, i):
            i += 1
            continue
        data, end = data_items(s, _object_start(s, i))
        if not data:
            data, end = _relative_head(s, _object_start(s, i), end)
        if not data:
            data, end = _listed_after_colon(s, i, end)
        if data or _anaphoric_object(s, i):
            fact = _fact(s, "collect", i, base, data)
            collector = _sdk_collector(s, i)
            if collector:
                fact.details["collector"] = collector
            facts.append(fact)
        i = max(end, i + 1)
    return facts + _elaborations(s, facts, base) + _used_as_basis(s, base) + _used_for(s, base, facts)


def _sdk_collector(s: Sentence, verb: int) -> str | None:
    """友盟+SDK需要收集您的…: the SDK named as the subject of a collect verb (a third party collecting)."""
    a, _ = clause_bounds(s, verb)
    for j in range(verb - 1, max(a, verb - 8) - 1, -1):
        w = s.tokens[j].text
        if w in lm.SDK_WORDS or w.lower().endswith("sdk"):
            start = j
            while start > a and s.tokens[start - 1].text not in lx.ITEM_BREAKS | lx.CLAUSE_BREAK | lx.LIST_SEPARATORS:
                start -= 1
            return s.original(start, j + 1)
    return None


def _relative_head(s: Sentence, j: int, end: int) -> tuple[list[Span], int]:
    """收集您在使用服务时产生的日志信息 / 您对我们服务的详细使用情况: the object opens with a clause
    about the user (您 + verb or preposition … 的); the data are the words after its 的."""
    if j + 1 >= len(s.tokens) or s.tokens[j].text not in lx.USER_SUBJECTS or s.tokens[j + 1].text == lm.DE:
        return [], end
    for k in range(j + 2, min(len(s.tokens), j + lx.MAX_ITEM_TOKENS + 2)):
        t = s.tokens[k].text
        if t in lx.CLAUSE_BREAK or t in lx.COLON:
            break
        if t == lm.DE:
            data, stop = data_items(s, k + 1)
            if data:
                return data, stop
    return [], end


def _listed_after_colon(s: Sentence, i: int, end: int) -> tuple[list[Span], int]:
    """您提供以下额外信息，将有助于…：性别、…: the object points ahead to the list after the colon."""
    j = _object_start(s, i)
    if not any(t.text in lm.FORWARD_REFS for t in s.tokens[j : j + 4]):
        return [], end
    colon = next((k for k in range(j, len(s.tokens)) if s.tokens[k].text in lx.COLON), None)
    if colon is None:
        return [], end
    return data_items(s, colon + 1)


def _anaphoric_object(s: Sentence, i: int) -> bool:
    """收集此类信息是为了… : a purpose of data named before (the fact has purposes, no new data)."""
    j = _object_start(s, i)
    words = s.words(j, min(len(s.tokens), j + 4))
    return any(w in lx.ANAPHORA for w in words) and bool(purposes_of(s))


def _used_for(s: Sentence, base: str, found: list[Fact]) -> list[Fact]:
    """头像、昵称用于活动中显示排名 / 上述信息将被用于…: data named before 用于 are used for a purpose."""
    if found:
        return []
    for i, t in enumerate(s.tokens):
        if t.text not in lx.USED_FOR:
            continue
        a, _ = clause_bounds(s, i)
        # 我们会将您的位置信息用于…: the data stand after the disposal marker
        a = next((k + 1 for k in range(i - 1, a - 1, -1) if s.tokens[k].text in lm.DISPOSAL_MARKERS), a)
        stop = i
        while stop > a and s.tokens[stop - 1].text in lx.USED_FOR_GAP:
            stop -= 1
        data, _ = data_items(s, a, stop)
        anaphoric = any(w in lx.ANAPHORA for w in s.words(a, stop))
        if data or anaphoric:
            return [_fact(s, "collect", i, base, data)]
    return []


def _used_as_basis(s: Sentence, base: str) -> list[Fact]:
    """我们会根据/基于/结合您的[LIST]…: the data a decision is made on are used."""
    out: list[Fact] = []
    for i, t in enumerate(s.tokens[:-1]):
        if t.text in lx.BASIS_MARKERS and s.tokens[i + 1].text in lx.USER_SUBJECTS:
            data = data_items(s, i + 1)[0]
            if data:
                out.append(_fact(s, "collect", i, base, data))
    return out


def _names_data(s: Sentence, i: int) -> bool:
    """设备信息包括…: the word before the trigger is a type of data, not personal information at large."""
    j = i - 1
    while j >= 0 and s.tokens[j].text in lx.TRIGGER_GAP:
        j -= 1
    return j >= 0 and s.tokens[j].text not in lx.GENERIC_DATA and s.tokens[j].text.endswith(lm.DATA_SUFFIXES)


def _after_data(s: Sentence, i: int) -> bool:
    """…信息，包括 / 实名信息可能包括: the trigger elaborates a word for data (not 服务提供方（包括…)."""
    j = i - 1
    while j >= 0 and (s.tokens[j].text in lx.TRIGGER_GAP or s.tokens[j].text in _COMMAS or s.tokens[j].text in _OPEN):
        j -= 1
    if j >= 0 and _is_data_word(s.tokens[j].text):
        return True
    # …提交的信息，系统自动存储，包括…: the data word ends the clause before a short one
    k = j
    while k >= 0 and s.tokens[k].text not in _COMMAS and j - k < 6:
        k -= 1
    return k > 0 and s.tokens[k].text in _COMMAS and _is_data_word(s.tokens[k - 1].text)


def _is_data_word(w: str) -> bool:
    """信息, 数据, 设备信息 … (not 服务 or 功能: 服务（例如开通微博小店） lists services, not data)."""
    return w in lx.GENERIC_DATA and w not in lx.NON_DATA_HEADS or w.endswith(DATA_HEADS)


def _elaborations(s: Sentence, facts: list[Fact], base: str) -> list[Fact]:
    """…提交的信息，包括您的昵称、… : a list after 包括/例如 in a sentence with a collect verb."""
    taken = {sp.surface for f in facts for sp in f.data}
    out: list[Fact] = []
    verb: int | None = None
    for i, t in enumerate(s.tokens):
        if t.text in lx.COLLECT_VERBS or t.text in lx.USER_PROVIDE_VERBS:
            verb = i if verb is None or polarity_at(s, i) == "stated" else verb
        elif t.text in lx.LIST_TRIGGERS and verb is None and (
                s.stype == "collection" and _names_data(s, i) or base == "definition"):
            verb = i
        if t.text in lx.LIST_TRIGGERS and verb is not None and _after_data(s, i):
            listed = data_items(s, i + 1)[0] or _relative_head(s, i + 1, i + 1)[0]
            data = [d for d in listed if d.surface not in taken]
            taken.update(d.surface for d in data)
            if data:
                fact = _fact(s, "collect", verb, base, data)
                if polarity_at(s, i) == "negated":
                    fact.polarity = "negated"
                out.append(fact)
    return out


def _fact(s: Sentence, kind: str, verb: int, base: str, data: list[Span], recipients: list[Span] | None = None) -> Fact:
    modality = "example" if base == "always" and _after_example(s, verb) else base
    for span in data:
        span.modality = modality
    return Fact(
        kind=kind, surface=s.tokens[verb].text, value=s.tokens[verb].text, section=s.section,
        sentence=s.text.strip(), polarity=polarity_at(s, verb), modality=modality, data=data,
        recipients=recipients or [], purposes=purposes_of(s), conditions=conditions_of(s, verb),
    )
