"""Share / entrust / transfer / disclose frames, transfer abroad and retention."""

from __future__ import annotations

from collections.abc import Iterable

from policydiff.compare.facts.collect import DATA_HEADS, _fact, _object_start, _user_subject
from policydiff.compare.facts.lists import _CHAIN, _CLOSE, _OPEN, _trim, data_items
from policydiff.compare.facts.model import Fact, Sentence, Span
from policydiff.compare.facts.sentences import clause_bounds, polarity_at, sentence_modality
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm

# -- share / entrust / transfer / disclose ------------------------------------------------------


def _recipient_spans(s: Sentence, a: int, b: int) -> list[Span]:
    """Recipients named in tokens a..b: split on separators and brackets, each cut at a break."""
    out: list[Span] = []
    cur = a
    for j in range(a, b + 1):
        if j < b and s.tokens[j].text not in _RECIPIENT_SPLIT:
            continue
        span = _recipient_span(s, cur, j)
        if span is not None:
            out.append(span)
        cur = j + 1
    return out


_RECIPIENT_SPLIT = lx.LIST_SEPARATORS | _OPEN | _CLOSE | lx.ELABORATION | lx.CLAUSE_BREAK | lx.COLON


def _recipient_span(s: Sentence, x: int, y: int) -> Span | None:
    words = s.words(x, y)
    cut = next((k for k, w in enumerate(words) if k and (w in lx.ITEM_BREAKS or w in _CHAIN)), len(words))
    words = words[:cut]
    ta, tb = _trim(words, lx.RECIPIENT_PREFIXES, lx.ITEM_SUFFIXES)
    words = words[ta:tb]
    text = "".join(words)
    if not words or text in lx.NOT_RECIPIENT or words[-1] in lx.NOT_RECIPIENT or not 2 <= len(text) <= 40:
        return None
    if text.endswith(DATA_HEADS) or words[-1] in lx.GENERIC_DATA:
        return None
    if any(w in lx.ITEM_BREAKS or w in _CHAIN and len(words) < 3 for w in words):
        return None
    if any(w in lx.USER_SUBJECTS or w in lx.PLACE_WORDS or w in lx.RECIPIENT_STOPWORDS for w in words):
        return None
    if any(map(text.__contains__, lx.RECIPIENT_BAD_CHARS)):
        return None
    return Span(surface=s.original(x + ta, x + ta + len(words)) or text, value=text)


def _share_verb(s: Sentence, i: int) -> str | None:
    t = s.tokens[i].text
    if t not in lx.SHARE_KINDS or (t in lx.USER_PROVIDE_VERBS and _user_subject(s, i)):
        return None
    if i > 0 and s.tokens[i - 1].text.endswith(lx.RELATIVE_MARKER):
        return None  # 您…时所提供的信息: a relative clause, not a sharing
    return lx.SHARE_KINDS[t]


def _recipient_before(s: Sentence, verb: int) -> tuple[int, int] | None:
    """与X共享 / 向X提供: the token range of X (向/给 preferred over 与, which also joins lists).

    X may hold a bracketed elaboration with commas of its own (…供应商（包括…，例如…）、承包商及代理分享).
    """
    window: list[int] = []
    depth = 0
    for m in range(verb - 1, max(-1, verb - 60), -1):
        t = s.tokens[m].text
        if t in _CLOSE:
            depth += 1
        elif t in _OPEN:
            depth = max(0, depth - 1)
        elif t in lx.CLAUSE_BREAK and not depth:
            break
        if not depth:
            window.append(m)
    for markers in (lx.RECIPIENT_BEFORE_FIRST, lx.RECIPIENT_BEFORE):
        for m in window:
            if s.tokens[m].text in markers:
                return (m + 1, verb) if verb - m > 1 else None
    return None


def _recipient_after(s: Sentence, verb: int) -> tuple[int, int] | None:
    """提供给X / 委托X处理: the token range of X."""
    n = len(s.tokens)
    if s.tokens[verb].text == lx.ENTRUST_VERB:
        end = verb + 1
        while end < n and s.tokens[end].text not in lx.ENTRUST_END | lx.CLAUSE_BREAK:
            end += 1
        return (verb + 1, end) if end > verb + 1 else None
    if verb + 1 < n and s.tokens[verb + 1].text in lx.RECIPIENT_AFTER:
        end = verb + 2
        while end < n and s.tokens[end].text not in lx.CLAUSE_BREAK and s.tokens[end].text not in lx.ITEM_BREAKS:
            end += 1
        return (verb + 2, end)
    return None


def _shared_data(s: Sentence, verb: int, after: tuple[int, int] | None) -> list[Span]:
    """将X提供给Y (data before the verb) or 共享您的X (data after)."""
    a, _ = clause_bounds(s, verb)
    for m in range(verb - 1, a - 1, -1):
        if s.tokens[m].text in lm.DISPOSAL_MARKERS:
            stop = next((k for k in range(m + 1, verb) if s.tokens[k].text in lx.RECIPIENT_BEFORE), verb)
            return data_items(s, m + 1, stop)[0]
    start = after[1] if after else _object_start(s, verb)
    if start >= len(s.tokens) or not _owned(s, start):
        return []
    if start + 1 < len(s.tokens) and s.tokens[start].text in lx.GENERIC_DATA and s.tokens[start + 1].text == lm.DE:
        return []  # 共享个人信息的公司: a relative clause about recipients, not the data shared
    return data_items(s, start)[0]


def _owned(s: Sentence, start: int) -> bool:
    """The object names the user's data (您的…, 用户…, …信息), not an act (修改、损坏或丢失)."""
    head = s.words(start, min(len(s.tokens), start + 12))
    if head and head[0] in lx.USER_SUBJECTS | lm.OWNER_WORDS:
        return True
    return any(w in lm.DATA_HEAD_WORDS or w in lx.GENERIC_DATA for w in head)


def _names_data_after(s: Sentence, i: int) -> bool:
    """A word after token ``i`` names data (ends on a data head, or is a generic word for data)."""
    return any(w.endswith(DATA_HEADS) or w in lx.GENERIC_DATA for w in s.words(i + 1, len(s.tokens)))


def extract_share(s: Sentence) -> list[Fact]:
    """与X共享 / 向X提供 / 提供给X / 委托X处理 / 转让给 / 公开披露: recipients and data."""
    facts: list[Fact] = []
    base = sentence_modality(s)
    for i in range(len(s.tokens)):
        kind = _share_verb(s, i)
        if kind is None:
            continue
        after = _recipient_after(s, i)
        where = after or _recipient_before(s, i)
        recipients = _recipient_spans(s, *where) if where else []
        data = _shared_data(s, i, after)
        if s.tokens[i].text in lm.NEEDS_RECIPIENT and not (recipients and (data or _names_data_after(s, i))):
            continue
        if not recipients and not data and kind != "disclose":
            continue
        fact = _fact(s, kind, i, base, data, recipients)
        if not data and not recipients:
            fact.purposes = []  # 防止信息遭到…披露: a safeguard, not a disclosure with a purpose
        if where and not after and polarity_at(s, where[0] - 1) == "negated":
            fact.polarity = "negated"
        facts.append(fact)
    return facts


# -- transfer abroad, retention --------------------------------------------------------------


def _first(s: Sentence, words: Iterable[str]) -> int | None:
    wanted = set(words)
    return next((i for i, t in enumerate(s.tokens) if t.text in wanted), None)


def _moves_abroad(s: Sentence, i: int) -> bool:
    """境外/出境 name a transfer; 跨境 only before a verb of moving (跨境传输, not 跨境商品)."""
    if s.tokens[i].text not in lx.ABROAD_MODIFIERS:
        return True
    nxt = s.tokens[i + 1].text if i + 1 < len(s.tokens) else ""
    return nxt in lx.ABROAD_VERBS or nxt in lx.ABROAD_FLOW_WORDS


def extract_abroad(s: Sentence) -> list[Fact]:
    """传输至境外 / 出境 / 向境外…提供: a transfer abroad (with its recipient when named)."""
    at = next((i for i, t in enumerate(s.tokens) if t.text in lx.ABROAD_WORDS and _moves_abroad(s, i)), None)
    verb = _first(s, lx.ABROAD_VERBS)
    if at is None or verb is None:
        return []
    a, b = clause_bounds(s, at)
    end = at + 1
    while end < b and s.tokens[end].text not in lx.ITEM_BREAKS and s.tokens[end].text not in lx.ABROAD_VERBS:
        end += 1
    recipients = []
    for span in _recipient_spans(s, at + 1, end) if end - at > 1 else []:
        span.surface, span.value = s.tokens[at].text + span.surface, s.tokens[at].text + span.value
        recipients.append(span)
    fact = _fact(s, "abroad", verb, sentence_modality(s), [], recipients)
    fact.surface = s.original(a, b)
    fact.value = "".join(s.words(at, end))
    fact.polarity = "negated" if polarity_at(s, verb) == "negated" or polarity_at(s, at) == "negated" else "stated"
    fact.data = _shared_data(s, verb, None) if s.tokens[verb].text not in lx.ABROAD_WORDS else []
    return [fact]


def extract_retain(s: Sentence) -> list[Fact]:
    """保存期限…/存储于…境内: how long and where data are kept."""
    verb = _first(s, lm.RETAIN_VERBS)
    if verb is None:
        return []
    period = lm.RETAIN_PERIOD.search(s.key)
    place = lm.RETAIN_PLACE.search(s.key)
    if not period and not place:
        return []
    fact = _fact(s, "retain", verb, sentence_modality(s), [])
    fact.value = period.group(0) if period else place.group(0) if place else ""
    fact.surface = fact.value
    if period:
        fact.details["period"] = period.group(0)
    if place:
        fact.details["place"] = place.group(0)
    return [fact]
