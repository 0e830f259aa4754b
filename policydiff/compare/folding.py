"""How the judgment by meaning (``compare.meaning``) reads text: folded values, the taxonomy
nodes a text names, and the stated sentences of a paragraph.

Each is read once: a value's fold is cached, a taxonomy table is folded once, and a paragraph's
sentences once per comparison (``text.memo``): most paragraphs stand in both versions.

>>> fold("帐号 信息（Android ID）")
'账号信息androidid'
>>> sorted(nodes("您的设备信息和位置信息", {"device": ("设备信息",), "info": ("信息",), "place": ("位置信息",)}))
['device', 'place']
>>> [row[0] for row in stated_sentences("我们不会收集您的通讯录。我们会与合作方共享位置信息。")]
['我们会与合作方共享位置信息。']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from policydiff import regex_cache
from policydiff.compare.mentions import loosen, text_sentences
from policydiff.compare.scanning import pieces_cut_by
from policydiff.lexicon import entities, layout, rights
from policydiff.lexicon import taxonomy as tx
from policydiff.text.limits import MAX_SENTENCE_CHARS
from policydiff.text.memo import per_comparison

_PUNCT = regex_cache.compile(r"[\W_]+", re.UNICODE)
_VARIANTS = str.maketrans(tx.VARIANTS)


@lru_cache(maxsize=16384)  # the same sentences are folded for both versions and several readings
def fold(text: str) -> str:
    """A value as compared: NFKC, lower case, 帐 → 账, no whitespace or punctuation."""
    if _PLAIN_VARIANTS is not None and _PLAIN.fullmatch(text):
        return _fold_plain(text)
    return _fold_long(text)


def _fold_plain(text: str) -> str:
    """``fold`` of a plain text (``_PLAIN``): its runs of kept characters joined (a regex step per
    run, where deleting each mark is one per character), lower case, the variants."""
    text = "".join(_KEPT.findall(text)).lower()
    for a, b in _PLAIN_VARIANTS or ():
        text = text.replace(a, b)
    return text


def _fold_long(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).lower().translate(_VARIANTS))


# Text made only of Han ideographs, ASCII and the common CJK marks folds character by character:
# none of them is a combining mark or composes with its neighbour, so NFKC is NFKC of each; none
# is cased context-dependently (final sigma); each mark folds to nothing. So folding it is: drop
# all but letters, digits and Han, lower case, the variants (each a Han ideograph for another;
# when one is not, every text takes the long path).
_HAN = r"\u4e00-\u9fff"  # the unified ideographs, as the regex spells them
_MARKS = "".join(c for c in layout.COMMON_MARKS if _fold_long(c) == "")  # each folds to nothing
_PLAIN = regex_cache.compile(f"[\t\n\r\x20-\x7e{_HAN}{_MARKS}]*")
_KEPT = regex_cache.compile(f"[0-9A-Za-z{_HAN}]+")
_PLAIN_VARIANTS = tuple(tx.VARIANTS.items()) if all(
    len(a) == 1 and re.fullmatch(f"[{_HAN}]", a) and re.fullmatch(f"[{_HAN}]+", b) and not any(k in b for k in tx.VARIANTS)
    for a, b in tx.VARIANTS.items()) else None


@lru_cache(maxsize=16)
def _folded(table_id: int, table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((fold(w), node) for w, node in table if fold(w))


_TABLES: dict[int, tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]] = {}


def _table_words(table: dict[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """(folded word, node) of a taxonomy table, folded once per table (not once per call)."""
    entry = _TABLES.get(id(table))
    if entry is None or entry[0] is not table:
        entry = _TABLES[id(table)] = (table, _folded(id(table), tuple((w, n) for n, words in table.items() for w in words)))
    return entry[1]


def nodes(value: str, table: dict[str, tuple[str, ...]]) -> set[str]:
    """The nodes of ``table`` named in ``value`` (a word inside a longer matched word does not count).

    A matched word stands inside another one when it occurs twice in the matched words joined by
    line breaks (once as itself; folded words hold no line break): one count per word, not a test
    of every pair of matched words.
    """
    return named(fold(value), table)


def named(folded: str, table: dict[str, tuple[str, ...]]) -> set[str]:
    """``nodes`` of a text that is folded already."""
    hits = [(w, node) for w, node in _table_words(table) if w in folded]
    matched = "\n".join(dict.fromkeys(w for w, _ in hits))
    return {node for w, node in hits if matched.count(w) == 1}


# Folded text made only of these is folded again unchanged (NFKC, lower case and the variants
# leave them be, and they are word characters); then folding parts joined by "|" is joining them.
_STABLE = regex_cache.compile(r"[0-9a-z\u4e00-\u9fff]*")
_VARIANTS_STABLE = all(c not in tx.VARIANTS or tx.VARIANTS[c] == c for v in tx.VARIANTS.values() for c in v)


def fold_joined(parts: list[str]) -> str:
    """``fold("|".join(parts))`` of parts that are folded already, without reading them again when
    that changes nothing.

    >>> fold_joined(["账号信息", "androidid"]), fold_joined(["ｆｕｌｌ", "帐"])
    ('账号信息androidid', 'full账')
    """
    plain = "".join(parts)
    if _VARIANTS_STABLE and _STABLE.fullmatch(plain):
        return plain
    return fold("|".join(parts))


_SENTENCE_SPLIT = regex_cache.compile(r"(?<=[。；;！？!?])")
_SENTENCE_CUT = pieces_cut_by(_SENTENCE_SPLIT)


def _marks(split: re.Pattern[str]) -> frozenset[str] | None:
    """The marks a split after any of a set of characters (``(?<=[...])``) cuts after, else None."""
    shape = re.fullmatch(r"\(\?<=\[([^\]\\^-]+)\]\)", split.pattern)
    return frozenset(shape.group(1)) if shape is not None and split.flags == re.UNICODE else None


# The mentions cut a paragraph after the same marks (``mentions.text_sentences``, remembered per
# comparison; the sentence alignment reads every paragraph so): a paragraph they do not bound is
# cut into the same pieces, and those are taken rather than cut again.
_SAME_CUT = _marks(_SENTENCE_SPLIT) is not None and _marks(_SENTENCE_SPLIT) == _marks(layout.SENTENCE_SPLIT)
_RIGHTS_CUE = regex_cache.compile("|".join(map(re.escape, tx.RIGHTS_CUES)))
_SHARING = regex_cache.compile("|".join(map(re.escape, entities.SHARING_VERBS)))


@per_comparison  # most paragraphs stand in both versions
def stated_sentences(paragraph: str) -> tuple[tuple[str, str], ...]:
    """(sentence as printed, folded) of each sentence of a paragraph that states something (not a
    negation: ``taxonomy.NOT_STATED``)."""
    # a plain paragraph's sentences are plain (``_PLAIN`` is a test of each character): asked once
    fold_one = _fold_plain if _PLAIN_VARIANTS is not None and _PLAIN.fullmatch(paragraph) else fold
    pieces = text_sentences(paragraph) if _SAME_CUT and len(paragraph) <= MAX_SENTENCE_CHARS else _SENTENCE_CUT(paragraph)
    not_stated = tx.NOT_STATED.search
    return tuple([(s, fold_one(s)) for s in pieces if s.strip() and not not_stated(s)])  # a list: no generator


_JOIN = "|"
# Loosening (mentions.loosen) drops characters and writes numbers before units in digits; when the
# mark that joins folded sentences is none of those characters, no match crosses it (it is no
# numeral and no unit: a numeral run ends at it as at the end of a text). The probes are those
# that show it of the full stop (a numeral before it, a unit after it), the mark put in its place.
_JOIN_SAFE = _JOIN not in rights.LOOSE_DROP_CHARS and not any(
    rights.CN_NUMBER_BEFORE_UNIT.search(probe.replace("\u3002", _JOIN)) for probe in rights.CN_NUMBER_STOP_PROBES)


def loose_joined(folded: list[str]) -> str:
    """``"|".join(loosen(f) for f in folded)`` of folded sentences (which hold no "|"), loosened
    as one text (two regular-expression passes, not two per sentence).

    >>> loose_joined(["您有十五天", "你可以"])
    '有15天|'
    """
    text = _JOIN.join(folded)
    return loosen(text) if _JOIN_SAFE else _JOIN.join(map(loosen, folded))


def about_rights(sentence: str) -> bool:
    """A sentence that may name a right: it grants one, names a rights cue, or is short (a heading)."""
    return bool(rights.GRANT.search(sentence) or _RIGHTS_CUE.search(sentence) or len(sentence) <= 30)


def about_sharing(sentence: str) -> bool:
    """A sentence that shares (a sharing verb): where recipients are named."""
    return bool(_SHARING.search(sentence))
