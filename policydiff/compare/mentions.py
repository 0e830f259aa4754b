"""What a version says, sentence by sentence: data types, purposes, recipients, companies, rights,
time limits, contacts and impact-assessment results, each with the section it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policydiff.compare.alternation import longest_first
from policydiff.compare.headings import cn_to_int
from policydiff.compare.names import company_names, named_sdks
from policydiff.compare.said import SaidValues, lexicon_tables, may_hold_address, may_say, words_saying
from policydiff.compare.scanning import numerals_scanned_by_set, pieces_cut_by
from policydiff.compare.sections import section_type
from policydiff.compare.word_cut import cut_words
from policydiff.lexicon import contact, entities, layout, rights
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Paragraph, PolicyTree, Section
from policydiff.text.limits import MAX_SENTENCE_CHARS, bound_sentence
from policydiff.text.memo import per_comparison
from policydiff.text.normalize import comparison_key


@dataclass(eq=False)
class Mention:
    """One thing a sentence says: its kind, a comparable value, and where it stands."""

    kind: str
    value: str
    surface: str
    sentence: str
    section: Section
    stype: str
    counts: bool = True  # False: only said in passing (no collecting context); it shows presence, not news


def sentences(paragraph: Paragraph) -> list[str]:
    return list(text_sentences(paragraph.text))


_SENTENCE_PIECES = pieces_cut_by(layout.SENTENCE_SPLIT)


@per_comparison  # most paragraphs stand in both versions, and several stages cut them
def text_sentences(text: str) -> tuple[str, ...]:
    """The sentences of a paragraph's text (each bounded: ``text.limits.bound_sentence``)."""
    pieces = _SENTENCE_PIECES(text)
    if pieces and pieces[-1].isspace():
        pieces.pop()  # only the last piece ends on no sentence mark: the only one that may be blank
    if len(text) <= MAX_SENTENCE_CHARS:
        return tuple(pieces)  # a short paragraph's sentences are short
    return tuple(p for s in pieces for p in bound_sentence(s))


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]]:
    """One alternation over every lexicon word, and word -> [(lexicon, concept)]."""
    owners: dict[str, list[tuple[str, str]]] = {}
    for name, lexicon in lexicon_tables().items():
        for concept, words in lexicon.items():
            for w in words:
                owners.setdefault(w.lower(), []).append((name, concept))
    # matched against the lower-cased sentence: an alternation with re.I is several times slower
    return longest_first(owners), owners  # the longest word that stands at a place


def lexicon_hits(sentence: str, precise: bool = True) -> dict[str, dict[str, str]]:
    """lexicon -> concept -> the first word of the sentence that names it (``precise``: as a word
    of the sentence, by its jieba words; else wherever the listed characters stand)."""
    regex, owners = _lexicon()
    out: dict[str, dict[str, str]] = {}
    if not _FIRST_CHARS:
        _FIRST_CHARS.update(w[0] for w in owners)
        _FIRST_CHARS.update(w[0].upper() for w in owners)
    if _FIRST_CHARS.isdisjoint(sentence):
        return out
    lower = sentence.lower()
    if len(lower) != len(sentence):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    spans: dict[int, int] | None = None
    for m in regex.finditer(lower):
        word = m.group(0)
        if word.isascii() and not _standalone(lower, m.start(), m.end()):
            continue  # "dpo" inside "dpo@…", "SDK" is fine but "ip" inside "ship" is not
        if precise and not word.isascii():
            spans = _word_spans(lower) if spans is None else spans
            rest = _word_rest(spans, lower, m.start(), m.end())
            if rest is None or len(rest) > MAX_WORD_REST:
                continue  # 征信 inside 特征|信息, 出售 inside 提出|售中: not the word, part of two others
            if _feature_name(lower, m.start(), m.end()):
                continue  # 如您选择“信用卡”服务: the name of a feature
        # 征信|机构, 支付|平台: before an organisation's or a feature's noun the word names that thing,
        # which only a recipient word may be
        tail = not word.isascii() and lower.startswith(entities.KIND_CHANGING_TAILS, m.end())
        for name, concept in owners[word]:
            if tail and name != "recipient":
                continue
            out.setdefault(name, {}).setdefault(concept, sentence[m.start() : m.end()])
    return out


_FIRST_CHARS: set[str] = set()


MAX_WORD_REST = 2  # characters a listed word may leave of the word it ends inside (银行卡|号)


@lru_cache(maxsize=16384)
def _word_spans(text: str) -> dict[int, int]:
    """Start -> end of each word of ``text`` (jieba tokens, the lexicon's words kept whole)."""
    out, pos = {}, 0
    for token in cut_words(text):
        out[pos] = pos + len(token)
        pos += len(token)
    return out


def _feature_name(text: str, start: int, end: int) -> bool:
    """The word is a feature's name in quotes (“信用卡”服务), not a thing the sentence is about."""
    return text[start - 1 : start] in entities.FEATURE_QUOTES and text[end + 1 : end + 3].startswith(entities.FEATURE_NOUNS)


def _word_rest(spans: dict[int, int], text: str, start: int, end: int) -> str | None:
    """How a lexicon word found at start..end sits among the sentence's words: ``""`` when it starts
    and ends where words do, the rest of the word it ends inside (银行卡 in 银行卡号: "号";
    实名认证服务 in 实名|认证服务商: "商"), None when it starts inside a word (征信 in 特征|信息).

    >>> spans = {0: 2, 2: 4, 4: 6, 6: 8}  # 软硬|件特|征信|息号
    >>> t = "软硬件特征信息号"
    >>> _word_rest(spans, t, 2, 4), _word_rest(spans, t, 3, 5), _word_rest(spans, t, 4, 7)
    ('', None, '号')
    """
    if start not in spans:
        return None
    if end in spans or end == len(text):
        return ""
    inside = end - 1
    while inside not in spans:  # back to the start of the word holding ``end`` (a few characters)
        inside -= 1
    return text[end : spans[inside]]


def _standalone(text: str, start: int, end: int) -> bool:
    """An ASCII word not glued to other letters, digits, "@" or "." on either side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and (before.isalnum() or before in "@._-")) and not (
        after.isascii() and (after.isalnum() or after in "@_-")
    )


def find_word(words: Iterable[str], text: str, lower: str) -> str | None:
    for w in words:
        if (w in text) if not w.isascii() else (w.lower() in lower):
            return w
    return None


# the characters loosening drops, each taken out by str.replace (a scan per character in C: cheaper
# than a character-set pattern's sub, which builds the text anew around each of the many it finds)
_DROPPED = tuple(dict.fromkeys(rights.LOOSE_DROP_CHARS))

_CN_NUMBER = numerals_scanned_by_set(rights.CN_NUMBER_BEFORE_UNIT)


def loose_key(text: str) -> str:
    """A key that also ignores pronouns, auxiliaries, how numbers are written, variant spellings
    and the words a rewording swaps (``taxonomy.WORD_VARIANTS``: 访问/查阅, 本公司/我们, 以及/和 …),
    for sentences whose rewording must not read as a removal ("您有权…" -> "你有权…", 十五天 -> 15天,
    帐号 -> 账号).

    >>> loose_key("您有权注销您的帐号") == loose_key("你有权注销你的账号")
    True
    >>> loose_key("您可以访问个人信息") == loose_key("你可以查阅个人信息")
    True
    """
    return loosen(comparison_key(text))


def loosen(key: str) -> str:
    """loose_key of a text that is already a comparison key (a document's key is one).
    Cached: a sentence's is asked for again and again, a document's by several stages (two
    caches, so that a long-running process keeps a few documents' keys, not thousands)."""
    return _loosen_short(key) if len(key) <= 4096 else _loosen_long(key)


def _loosen(key: str) -> str:
    key = _CN_NUMBER.sub(_number_of, key)
    key = _VARIANT.sub(_variant_of, key)  # one pass for every word and character (not a translate table)
    for c in _DROPPED:
        if c in key:
            key = key.replace(c, "")
    return key


def _number_of(m: re.Match[str]) -> str:
    return str(cn_to_int(m.group(0)))


# words and characters (帐 → 账) a rewording swaps, each with the form it folds to (longest first)
_VARIANTS = {**tx.WORD_VARIANTS, **tx.VARIANTS}
_VARIANT = re.compile("|".join(map(re.escape, sorted(_VARIANTS, key=len, reverse=True))))


def _variant_of(m: re.Match[str]) -> str:
    return _VARIANTS[m.group(0)]


def _loosen_pieces(key: str) -> str:
    """``_loosen`` of a short key a full stop at a time (see ``_CUT_SAFE``): a sentence's key
    ends in one, and its piece before it is mostly a piece of its document's key, loosened already."""
    if _CUT_SAFE and _STOP in key:
        return _STOP.join([_loosen_short(part) for part in key.split(_STOP)])
    return _loosen(key)


_loosen_short = lru_cache(maxsize=16384)(_loosen_pieces)
_STOP = "\u3002"  # the full stop: neither a numeral nor a unit, so no number runs across it
# cut at full stops, a key loosens to its pieces loosened: no number, variant word or dropped
# character runs across a full stop (a numeral before it and a unit after it match no number: the probes)
_CUT_SAFE = (not any(_CN_NUMBER.search(probe) for probe in rights.CN_NUMBER_STOP_PROBES)
             and _STOP not in _DROPPED and not any(_STOP in word for word in _VARIANTS))


@lru_cache(maxsize=4)
def _loosen_long(key: str) -> str:
    """A long key (a document's) loosened a sentence at a time: its sentences are cached and most
    stand in both versions (cut at full stops, which no match spans, the result is the same)."""
    if not _CUT_SAFE:
        return _loosen(key)
    return _STOP.join([_loosen_short(part) if len(part) <= _SENTENCE_CACHED else _loosen(part) for part in key.split(_STOP)])


_SENTENCE_CACHED = 512  # longer parts (a hostile text's) are loosened, not kept in the sentence cache


def period(number: str, unit: str) -> str:
    """"十五个工作日" and "15 个工作日" -> "15工作日"; 日 and 天 are one unit, 个月 and 月 too."""
    n = int(number) if number.isdigit() else cn_to_int(number)
    unit = rights.UNIT_SYNONYMS.get(unit, unit)
    return f"{n}{unit}"


def mentions(tree: PolicyTree, skip: set[int], precise: set[int] | None = None) -> list[Mention]:
    """Everything the classifier compares, sentence by sentence, outside the paragraphs in
    ``skip`` (ids: the 重大变更 clause). In the sections of ``precise`` (ids; None: all) a listed
    word counts only as a word of the sentence (see ``lexicon_hits``); elsewhere, where mentions
    only show what a version already says, a listed word anywhere will do — and saves cutting
    every sentence of both versions into words."""
    return said_where(tree, skip, precise)[0]


def said_where(tree: PolicyTree, skip: set[int], precise: set[int] | None = None,
               elsewhere: frozenset[str] | None = None, other: str | None = None) -> tuple[list[Mention], SaidValues]:
    """``mentions`` and the (kind, value) of each. With ``elsewhere`` (kinds), the mentions outside
    ``precise`` are only those of these kinds: a paragraph there that cannot say one of them is
    read for its values only when asked (``compare.said``). With ``other`` too (the other version's
    loosened key), so is a paragraph of ``precise`` whose every sentence stands in it (read
    precisely): the classifier passes by a mention whose sentence stands in the other version."""
    out: list[Mention] = []
    values = SaidValues(lambda text, stype, exact: _paragraph_values(text, stype, exact, elsewhere)[0], words_saying)
    for section in tree.sections:
        stype = section_type(section)
        exact = precise is None or id(section) in precise
        for para in section.paragraphs:
            if id(para) in skip:  # no mention, but what it says still counts as said (a notice naming the operator)
                values.later(para.text, stype, exact)
                continue
            standing = exact and elsewhere is not None and other is not None and _stands(para.text, other)
            kinds = None if exact and not standing else elsewhere
            if kinds is not None and not may_say(kinds, para.text, stype):
                values.later(para.text, stype, exact)
                continue
            said, rows = _paragraph_values(para.text, stype, exact, kinds)
            values.known |= said
            out += [Mention(kind, value, surface, sentence, section, stype, counts) for kind, value, surface, sentence, counts in rows]
    return out, values


def _stands(text: str, other: str) -> bool:
    """Every sentence of a paragraph stands in the other version (``other``: its loosened key)."""
    return all(loosen(comparison_key(sentence)) in other for sentence in text_sentences(text))


_Rows = tuple[tuple[str, str, str, str, bool], ...]  # (kind, value, surface, sentence, counts) of each mention


@per_comparison
def _paragraph_values(text: str, stype: str, precise: bool, kinds: frozenset[str] | None) -> tuple[frozenset[tuple[str, str]], _Rows]:
    """The (kind, value) of everything a paragraph's sentences say (``_analyse``), and the mentions
    of ``kinds`` (None: all) among them, read once per comparison."""
    said = [(sentence, _analyse(sentence, stype, precise)) for sentence in text_sentences(text)]
    values = frozenset((kind, value) for _, row in said for kind, value, _, _ in row)
    rows = tuple((kind, value, surface, sentence, counts) for sentence, row in said for kind, value, surface, counts in row
                 if kinds is None or kind in kinds)
    return values, rows


@lru_cache(maxsize=16384)
def _analyse(sentence: str, stype: str, precise: bool = True) -> tuple[tuple[str, str, str, bool], ...]:
    """(kind, value, surface, counts) of everything one sentence says; cached, as both versions
    share most sentences.

    Long on purpose: one pass over one sentence, each block a kind of mention reading the
    same precomputed hits, contexts and lower-cased text.
    """
    out: list[tuple[str, str, str, bool]] = []
    lower = sentence.lower()

    def add(kind: str, value: str, surface: str, counts: bool = True) -> None:
        out.append((kind, value, surface, counts))

    collecting = stype in ("collection", "sharing", "storage") or any(map(sentence.__contains__, entities.COLLECTION_VERBS))
    sharing = any(map(sentence.__contains__, entities.SHARING_VERBS))
    hits = lexicon_hits(sentence, precise)
    types = hits.get("data_type", {}) if collecting else {}
    for concept, w in hits.get("data_type", {}).items():
        add("data_type", concept, w, collecting)
    for concept, w in hits.get("purpose", {}).items():
        add("purpose", concept, w)
    border = find_word(entities.CROSS_BORDER_WORDS, sentence, lower)
    places = [p for p in entities.STORAGE_PLACES if p in sentence] if any(map(sentence.__contains__, entities.STORAGE_VERBS)) else []
    moving = "\0".join(c for c in entities.CLAUSE_BREAK.split(sentence) if entities.TRANSFER_CUE.search(c)) if border or places else ""
    if border and border in moving:  # a place says where data go only in a clause that stores or moves them
        add("cross_border", "cross_border", border, collecting)
    for place in (p for p in places if p in moving):
        add("storage_location", place, place)
    # a data type put to a purpose it was not put to before
    for concept, w in hits.get("purpose", {}).items():
        for t in types:
            add("use", f"{t}>{concept}", w)
    if sharing or stype == "sharing":
        for concept, w in hits.get("recipient", {}).items():
            if sharing or concept != "affiliates":
                add("recipient", concept, w)
    if stype == "sharing":
        for concept, w in hits.get("safeguard", {}).items():
            add("safeguard", concept, w)
    for name in company_names(sentence) if any(map(sentence.__contains__, entities.COMPANY_HINTS)) else ():
        add("company", comparison_key(name), name)
    for name, written in named_sdks(sentence) if "sdk" in lower else ():
        add("sdk_name", comparison_key(name), written)
    if stype == "rights":
        for concept, w in hits.get("right", {}).items():
            add("right", concept, w)
        if hits.get("right") and rights.GRANT.search(sentence):
            add("grant", loose_key(sentence), sentence.strip())
    if stype == "rights" or hits.get("right"):
        fee = find_word(rights.FEE_WORDS, sentence, lower)
        if fee:
            add("fee", fee, fee)
    for m in rights.TIME_LIMIT.finditer(sentence) if rights.TIME_UNIT.search(sentence) else ():
        if sentence[: m.start()].rstrip().endswith(rights.DATE_UNITS):
            continue  # the day or month of a date, not a period
        value = period(m.group(1), m.group(2))
        if any(map(sentence.__contains__, rights.RESPONSE_WORDS)):
            scope = "contact" if stype == "contact" else "rights"
            add("response_time", f"{scope}:{value}", m.group(0))
        elif stype == "storage" or any(map(sentence.__contains__, rights.RETENTION_WORDS)):
            add("retention", value, m.group(0))
    for m in contact.COURT.finditer(sentence) if any(map(sentence.__contains__, contact.COURT_HINTS)) else ():
        name = m.group(1)
        for stop in contact.COURT_NAME_STOPS:
            name = name.split(stop)[-1]
        if len(name) > 4 and name not in contact.GENERIC_COURTS:
            add("court", comparison_key(name), name)
    for m in contact.EMAIL.finditer(sentence) if "@" in sentence else ():
        add("email", m.group(0).lower(), m.group(0))
    for m in contact.PHONE.finditer(sentence) if contact.PHONE_DIGITS.search(sentence) else ():
        add("phone", "".join(filter(str.isdecimal, m.group(0))), m.group(0))  # what \D leaves
    for m in contact.ADDRESS.finditer(sentence) if may_hold_address(sentence) else ():
        address = m.group(0)
        for prefix in entities.ADDRESS_PREFIXES:
            k = address.find(prefix)
            if k != -1 and k < 8:
                address = address[k + len(prefix) :]
                break
        address = address.lstrip("：: ")
        add("address", comparison_key(address), address)
    for concept, w in hits.get("role", {}).items():
        if stype == "contact" or concept in ("privacy_officer", "privacy_office"):
            # the word itself: 个人信息保护部门 -> 个人信息保护办公室 is a new responsible department
            add("role", comparison_key(w), w)
    if stype == "contact" and not (contact.LIST_LINK.search(sentence) and not contact.CONTACT_LINK_CUE.search(sentence)):
        for m in layout.URL.finditer(sentence):
            add("url", m.group(0).rstrip(".,;)）").lower(), m.group(0))
    bare = sentence.strip()
    conditional = (
        bare.rstrip("。；;.！!").endswith(contact.CONDITION_END)
        or any(map(sentence.__contains__, contact.CONDITIONAL_WORDS))
        or (bare.startswith(contact.CONDITION_START) and not bare.startswith(contact.NOT_CONDITION_STARTS))
    )
    if not conditional and find_word(contact.ASSESSMENT_WORDS, sentence, lower) and find_word(contact.HIGH_RISK_WORDS, sentence, lower):
        add("risk", loose_key(sentence), find_word(contact.HIGH_RISK_WORDS, sentence, lower) or "")
    return tuple(out)


