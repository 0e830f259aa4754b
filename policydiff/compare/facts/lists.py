"""Lists of arguments: list items, data spans, canonical names, sensitive kinds, SDK vendors."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from policydiff.compare.facts.model import Sentence, Span
from policydiff.compare.facts.sentences import _cut
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm

# -- lists of arguments -----------------------------------------------------------------------


def _continues_after_comma(s: Sentence, i: int, elaborating: bool = False) -> bool:
    """After a comma: does the list go on (包括…, or a short noun item; after 包括 a longer one)?"""
    nxt = s.tokens[i + 1].text if i + 1 < len(s.tokens) else ""
    if nxt in lx.ELABORATION:
        return True
    j = i + 1
    while j < len(s.tokens) and s.tokens[j].text not in lx.CLAUSE_BREAK and s.tokens[j].text != lm.ENUM_COMMA:
        w = s.tokens[j].text
        if w in lx.ITEM_BREAKS and w not in lx.ITEM_PREFIXES or w in lx.PURPOSE_MARKERS or w in lx.CLAUSE_STARTS:
            return False
        j += 1
    limit = 12 if elaborating else 3
    return 0 < j - i - 1 <= limit and j < len(s.tokens) and s.tokens[j].text in lm.ITEM_END_PUNCT


def _abbreviates(s: Sentence, i: int) -> bool:
    """The bracket opened at token ``i`` abbreviates a term (（以下简称“位置信息”）)."""
    return "".join(t.text for t in s.tokens[i + 1 : i + 4]).startswith(lx.ABBREVIATION_CUES)


def list_items(s: Sentence, start: int, stop: int | None = None) -> tuple[list[tuple[int, int]], int]:
    """Token ranges of the items of a list starting at ``start``, and where the list ends: items end at
    brackets (识别码（IMEI）: two items; an abbreviating aside, none) and closers (…等); the list at a
    clause break or a new clause. Long on purpose: one pass keeps the bracket depth, the aside being
    skipped and the items in step."""
    end = len(s.tokens) if stop is None else stop
    items: list[tuple[int, int]] = []
    cur, i, depth, poisoned, poison_at = start, start, 0, False, 0
    elaborating = start > 0 and s.tokens[start - 1].text in lx.ELABORATION
    while i < end:
        t = s.tokens[i].text
        elaborating = elaborating or t in lx.ELABORATION
        if t in _OPEN or t in _CLOSE:
            depth = depth + 1 if t in _OPEN else max(0, depth - 1)
            if poisoned and (not poison_at or depth < poison_at):  # an aside in brackets ends with them
                cur, poisoned = i, False
            elif t in _OPEN and not poisoned and _abbreviates(s, i):  # …信息（以下简称“位置信息”）
                items.append((cur, i))
                poisoned, poison_at = True, depth
        elif poisoned and t == lm.ENUM_COMMA and not depth:
            poisoned = False
            cur = i + 1
            i += 1
            continue
        elif poisoned:
            pass
        elif i == cur and (t in lx.ITEM_PREFIXES or t in lx.ELABORATION or t in lx.COLON):
            cur = i + 1
            i += 1
            continue
        elif t in lx.LIST_TRIGGERS:
            pass  # 个人信息包括：… — the words before are an item, the list goes on
        elif depth and (t in lx.ITEM_BREAKS or t in lx.PURPOSE_MARKERS):
            items.append((cur, i))  # the words before the break are an item; the rest of the bracket is not
            poisoned, poison_at = True, depth
        elif t in lx.COLON:
            pass
        elif t in _COMMAS and not depth and not _continues_after_comma(s, i, elaborating):
            break
        elif t in lx.CLAUSE_BREAK - _COMMAS and not depth:
            break
        elif t in lx.LIST_CLOSERS:
            items.append((cur, i))
            cur = i + 1
            if not depth and not _list_goes_on(s, i, end):
                i += 1
                break
        elif t not in lx.LIST_SEPARATORS and (_breaks(s, i, end) or t in lx.PURPOSE_MARKERS) and not depth:
            if not (i > start and s.tokens[i - 1].text == lm.ENUM_COMMA and t in lx.PURPOSE_MARKERS):
                break
            items.append((cur, i))
            poisoned, poison_at = True, 0  # 、用于第三方登录的账号、: a relative clause inside the list, not its end
            i += 1
            continue
        else:
            i += 1
            continue
        if not poisoned:
            items.append((cur, i))
        cur = i + 1
        i += 1
    items.append((cur, i))
    return [(a, b) for a, b in items if b > a], i


_CHAIN = lx.COLLECT_VERBS | frozenset(lx.SHARE_KINDS) | lm.RETAIN_VERBS | lx.USER_PROVIDE_VERBS | lx.CHAIN_VERBS_EXTRA
_OPEN = lm.OPEN_BRACKETS
_CLOSE = lm.CLOSE_BRACKETS
_COMMAS = lm.COMMAS


def _breaks(s: Sentence, i: int, end: int) -> bool:
    """Token ``i`` ends the list: an item break, unless a noun that ends an item (接入网络的方式、网络状态)."""
    t = s.tokens[i].text
    return t in lx.ITEM_BREAKS and not (t in lx.NOUN_BREAKS and _ends_item(s, i, end))


def _ends_item(s: Sentence, i: int, end: int) -> bool:
    """True when token ``i`` is the last of a list item: a separator, closer or clause end follows."""
    nxt = s.tokens[i + 1].text if i + 1 < end else ""
    return not nxt or nxt in lm.ITEM_END_PUNCT or nxt in lx.LIST_SEPARATORS or nxt in lx.LIST_CLOSERS or nxt in _CLOSE


def _list_goes_on(s: Sentence, i: int, end: int) -> bool:
    """After …等: the list goes on with 信息（…）, 信息：…, or ，包括…."""
    nxt = s.tokens[i + 1].text if i + 1 < end else ""
    after = s.tokens[i + 2].text if i + 2 < end else ""
    if nxt in _COMMAS:
        return after in lx.ELABORATION
    if nxt in lx.GENERIC_DATA or nxt in _OPEN or nxt in lx.COLON:
        return True
    for j in range(i + 1, min(end, i + 5)):  # 点击等操作行为、互联网服务提供商: a label item, the list goes on
        w = s.tokens[j].text
        if w == lm.ENUM_COMMA:
            return j > i + 1
        if w in lx.ITEM_BREAKS or w in lx.CLAUSE_BREAK or w in lx.LIST_CLOSERS:
            return False
    return False


def _split_separators(s: Sentence, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Split a token range further on list separators."""
    cur = a
    for j in range(a, b):
        if s.tokens[j].text in lx.LIST_SEPARATORS:
            yield cur, j
            cur = j + 1
    yield cur, b


def _trim(words: list[str], prefixes: frozenset[str], suffixes: frozenset[str]) -> tuple[int, int]:
    a, b = 0, len(words)
    while a < b and (words[a] in prefixes or words[a] in lx.ITEM_BREAKS or words[a] in lx.ELABORATION
                     or lx.LABEL_TOKEN.match(words[a])):
        a += 1
    while b > a and (words[b - 1] in suffixes or words[b - 1] in lx.LIST_SEPARATORS):
        b -= 1
    return a, b


def data_items(s: Sentence, start: int, stop: int | None = None) -> tuple[list[Span], int]:
    """The data a list names, as spans (generic words and non-data heads left out)."""
    ranges, end = list_items(s, start, stop)
    spans: list[Span] = []
    for a0, b0 in ranges:
        for a1, b1 in _split_separators(s, a0, b0):
            span = _data_span(s, a1, b1)
            if span is not None:
                spans.append(span)
    return spans, end


def _cut_at_break(words: list[str]) -> list[str]:
    for j, w in enumerate(words):
        if w in lx.ITEM_BREAKS and w not in lx.ITEM_PREFIXES and not (w in lx.NOUN_BREAKS and j == len(words) - 1):
            return words[:j]
    return words


def _data_span(s: Sentence, a: int, b: int) -> Span | None:
    words = [w for w in s.words(a, b) if w not in lm.ITEM_PUNCT]
    if any(w in _OPEN or w in _CLOSE for w in s.words(a, b)):
        return None
    ta, tb = _trim(words, lx.ITEM_PREFIXES, lx.ITEM_SUFFIXES)
    words = _cut_at_break(words[ta:tb])
    ta2, tb2 = _trim(words, lx.ITEM_PREFIXES, lx.ITEM_SUFFIXES)
    words = words[ta2:tb2]
    text = "".join(words)
    if not _is_data(words, text):
        return None
    start = a + ta + ta2
    surface = s.original(start, start + len(words)) or text
    return Span(surface=surface, value=canonical_data(surface))


def _is_data(words: list[str], text: str) -> bool:
    if not words or len(text) < 2 or len(text) > lx.MAX_ITEM_CHARS or len(words) > lx.MAX_ITEM_TOKENS:
        return False
    if text in lx.GENERIC_DATA or words[-1] in lm.CONSENT_WORDS:
        return False
    if words[-1] in lx.NON_DATA_HEADS and not _usage_head(words):
        return False
    if words[0] in lx.GENERIC_DATA and words[-1] in lx.KIND_WORDS:
        return False  # 个人信息种类: the kinds of personal information, not one of them
    if words[-1] in lx.ADVERBS or text in lx.BARE_HEADS or len(words) > 1 and words[-1] in lx.GENERIC_HEADS:
        return False
    if any(map(text.__contains__, lx.RECIPIENT_BAD_CHARS)):
        return False
    if any(map(_STRONG_VERBS.__contains__, words)) or words[-1] in _CHAIN and not (len(words) > 1 and words[-1] in lm.VERB_NOUNS):
        return False
    if any(w in lx.USER_SUBJECTS for w in words[1:]) or any(w in lm.DERIVED_WORDS for w in words):
        return False
    if any(w in lx.GENERIC_DATA and nxt == lm.DE for w, nxt in zip(words, words[1:], strict=False)):
        return False  # 个人信息的类型 / 个人信息的实体: about personal information, not a type of it
    return not text.isdigit() and any(ch.isalnum() for ch in text)


def _usage_head(words: list[str]) -> bool:
    """使用情况 / 浏览和使用情况: a usage head after a verb of use names data."""
    return words[-1] in lx.USAGE_HEADS and len(words) > 1 and (words[-2] in _CHAIN or words[-2] in lm.VERB_NOUNS)


_STRONG_VERBS = (lx.COLLECT_VERBS - lx.WEAK_COLLECT_VERBS) | frozenset(lx.SHARE_KINDS) - lm.NEEDS_RECIPIENT


def canonical_data(text: str) -> str:
    """The canonical name of a data type (手机号码 -> 手机号; full width and spaces out, case kept)."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).strip(lm.TRAILING_PUNCT)
    return _SYNONYM_OF.get(key, _SYNONYM_OF.get(key.lower(), key))


_SYNONYM_OF = {w: canon for canon, words in lm.SYNONYMS.items() for word in words for w in (word, word.lower())}


def sensitive_kind(value: str) -> str | None:
    """The PIPL art. 28 kind a data type belongs to, by the stems of its tokens."""
    if not any(stem in value for stems in lm.SENSITIVE_KINDS.values() for stem in stems):
        return None  # each test below finds its stem inside the value: no word cut for the rest
    words = _cut(value)
    for kind, stems in lm.SENSITIVE_KINDS.items():
        if any(w.startswith(stem) or stem.startswith(w) and len(w) >= 2 and stem == w for w in words for stem in stems):
            return kind
    return None


def vendor_of(value: str) -> str | None:
    """The known SDK vendor a recipient names, by its tokens."""
    words = set(_cut(value))
    for vendor, names in lm.SDK_VENDORS.items():
        if any(n in words or any(w.startswith(n) for w in words) for n in names):
            return vendor
    return None
