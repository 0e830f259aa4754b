"""Sentences of a policy as jieba tokens (repaired), and their polarity, modality and clauses."""

from __future__ import annotations

from array import array
from functools import lru_cache

from policydiff.compare.facts.model import SectionRef, Sentence, Token
from policydiff.compare.word_cut import cut_words
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm
from policydiff.lexicon import taxonomy as tx
from policydiff.text.normalize import key_with_map
from policydiff.text.tokens import tokenizer as _jieba

# -- sentences ------------------------------------------------------------------------------------


def sentence_pieces(text: str) -> list[str]:
    """The text cut after each sentence mark (``lx.SENTENCE_MARKS``, kept) and at each line break
    (taken out); a final mark and an empty line leave an empty piece.

    >>> [sentence_pieces(t) for t in ("a;b!c", "a;", "", "a;\\nb", "\\n")]
    [['a;', 'b!', 'c'], ['a;', ''], [''], ['a;', '', 'b'], ['', '']]
    """
    out: list[str] = []
    for line in text.split("\n") if "\n" in text else (text,):
        pieces = lx.SENTENCE_PIECE.findall(line)
        if not pieces or line.endswith(_SENTENCE_MARKS):
            pieces.append("")
        out += pieces
    return out


_SENTENCE_MARKS = tuple(lx.SENTENCE_MARKS)


# -- tokens ---------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _cut(key: str) -> tuple[str, ...]:
    """jieba tokens of a sentence key (HMM on: its guesses for words outside the dictionary),
    repaired. Cached: sentences repeat across versions; and the words of each run of the key are
    those the mentions and edits cut too (``compare.word_cut``)."""
    return tuple(_merge_markers(_repair_cut(cut_words(key))))


def words_of(text: str) -> tuple[str, ...]:
    """The words of a text as the extractor cuts them (jieba tokens of its key, repaired).

    >>> words_of("为您提供服务")
    ('为', '您', '提供', '服务')
    """
    return _cut(key_with_map(text)[0])


def _repair_cut(words: list[str]) -> list[str]:
    """Give a word back its first character when the cut glued it to the word before (您提|供 ->
    您|提供, 和服|务 -> 和|服务: both halves are dictionary words), and split glued modals (会为)."""
    freq = _jieba().FREQ
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if len(prev) > 1 and len(w) == 1 and w.isalpha() and _glued(prev, w, freq):
            out[-1:] = [prev[:-1], prev[-1] + w]
            continue
        out.extend(lm.TOKEN_SPLITS.get(w, (w,)))
    return out


def _glued(prev: str, w: str, freq: dict[str, int]) -> bool:
    """True when prev's last character belongs with w (您提|供: 提供 is the word, 您 stands alone)."""
    joined = prev[-1] + w
    if prev in lm.REPAIR_VERBS:
        return False  # 提供|给 stays: a practice verb keeps its characters (not 提|供给)
    if not freq.get(joined) or not (freq.get(prev[:-1]) or len(prev) == 2):
        return False
    return joined in lm.REPAIR_VERBS or not freq.get(w) or freq[joined] > freq.get(prev, 0)


def _merge_markers(words: list[str]) -> list[str]:
    """Join the token runs of multi-token markers (但|不|限于 -> 但不限于)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for run in _MERGES_BY_HEAD.get(words[i], ()):
            if tuple(words[i : i + len(run)]) == run:
                out.append("".join(run))
                i += len(run)
                break
        else:
            out.append(words[i])
            i += 1
    return out


_MERGES_BY_HEAD: dict[str, list[tuple[str, ...]]] = {}
for _run in lm.TOKEN_MERGES:
    _MERGES_BY_HEAD.setdefault(_run[0], []).append(_run)


def make_sentence(text: str, section: SectionRef, stype: str, context: str, tokenize: bool = True) -> Sentence:
    """Key, key map and tokens of one sentence (no tokens when ``tokenize`` is False: a sentence
    that can state no practice frame is read for contacts and assessments only)."""
    key, index = _key_map(text)
    # a sentence is short (text/limits.py bounds it): a list is fine here
    return Sentence(text, key, list(index), list(_tokens(key)) if tokenize else [], section, stype, context)


@lru_cache(maxsize=16384)
def _key_map(text: str) -> tuple[str, array[int]]:
    """Key and key map of a sentence, single emphasis marks dropped (_IP_ 地址). Cached: most
    sentences stand in both versions; the map stays in here (callers get a list of their own)."""
    # a table's cells (tab-separated) are read apart, as clauses: one cell's words never run on into
    # the next's (「…读取手机状态和身份<tab>推送学习通的通知」 names no 「身份推送…」)
    key, index = key_with_map(text.replace("\t", lx.CELL_BREAK) if "\t" in text else text)
    if lx.KEY_NOISE & set(key):
        kept = [(c, m) for c, m in zip(key, index, strict=True) if c not in lx.KEY_NOISE]
        key, index = "".join(c for c, _ in kept), array("i", (m for _, m in kept))
    return key, index


@lru_cache(maxsize=65536)
def _tokens(key: str) -> tuple[Token, ...]:
    """Tokens of a key with their offsets (cached with the cut)."""
    out: list[Token] = []
    pos = 0
    for w in _cut(key):
        out.append(Token(w, pos, pos + len(w)))
        pos += len(w)
    return tuple(out)


# -- polarity, modality, clauses ------------------------------------------------------------------


def clause_bounds(s: Sentence, i: int) -> tuple[int, int]:
    """Token range of the clause (between commas) holding token ``i``."""
    a = i
    while a > 0 and s.tokens[a - 1].text not in lx.CLAUSE_BREAK:
        a -= 1
    b = i
    while b < len(s.tokens) and s.tokens[b].text not in lx.CLAUSE_BREAK:
        b += 1
    return a, b


def polarity_at(s: Sentence, i: int) -> str:
    """negated when a negation word precedes token ``i`` closely in its clause."""
    for j in range(i - 1, max(-1, i - 1 - lx.NEGATION_REACH), -1):  # back to the clause's start at most
        if s.tokens[j].text in lx.CLAUSE_BREAK:
            break
        if s.tokens[j].text in lx.NEGATION:
            return "negated"
    return "stated"


def sentence_modality(s: Sentence) -> str:
    """The modality the sentence's words and its context give every fact it states (read once a
    sentence: every extractor and every fact asks, and it is four searches of the key)."""
    if s.cached_modality is None:
        s.cached_modality = _modality(s)
    return s.cached_modality


def _modality(s: Sentence) -> str:
    if s.context != "always":
        return s.context
    if (s.stype == "definitions" and not lm.OWN_PRACTICE.search(s.text)) or lx.DEFINITION.search(s.key) \
            or _defines_outside_brackets(s.key):
        return "definition"
    if lx.EXCEPTION_INTRO.search(s.key):
        return "exception_list"
    if lx.LEGAL_DEMAND.search(s.key):
        return "legal_demand"
    if lx.CONDITIONAL.search(s.key):
        return "conditional"
    return "always"


def _after_example(s: Sentence, i: int) -> bool:
    return any(t.text in lx.EXAMPLE_TOKENS for t in s.tokens[:i])


def conditions_of(s: Sentence, verb: int) -> list[str]:
    """Clauses before the verb that state a condition (当您…时, 如果…)."""
    out: list[str] = []
    a = 0
    for j, t in enumerate(s.tokens[:verb] + [Token(lm.COMMA, 0, 0)]):
        if t.text in lx.CLAUSE_BREAK:
            clause = s.original(a, j)
            if clause and lx.CONDITIONAL.search(s.key[s.tokens[a].start : s.tokens[j - 1].end]):
                out.append(clause)
            a = j + 1
    return out



@lru_cache(maxsize=16384)
def not_a_practice(text: str, stype: str) -> bool:
    """A sentence that states no practice whatever its words: a consent exception, a legal
    demand (司法机关要求) unless the service collects from the person for it, or a definition by
    its words (个人敏感信息包括…, …是指…).

    >>> not_a_practice("根据司法机关的要求，我们可能会披露您的个人信息。", "sharing")
    True
    >>> not_a_practice("根据有权机关的要求，我们会在获得您的明示同意后，向您收集身份证件信息。", "collection")
    False
    """
    key, _ = key_with_map(text)
    if lx.DEFINITION.search(key) or _defines_outside_brackets(key):
        return True
    if lx.EXCEPTION_INTRO.search(key):
        return True
    return bool(lx.LEGAL_DEMAND.search(key)) and not tx.COLLECTS_FROM_PERSON.search(key)


def _defines_outside_brackets(key: str) -> bool:
    """A definition cue (是指, 以下简称 …) outside any bracketed aside of the sentence.

    >>> _defines_outside_brackets("我们会获取您的地理位置信息(以下简称“位置信息”),用于匹配附近的玩家。")
    False
    >>> _defines_outside_brackets("个人敏感信息是指一旦泄露可能危害人身和财产安全的个人信息。")
    True
    >>> _defines_outside_brackets("由某某有限公司(以下简称“我们”,注册地址为某地(某楼),联系方式为:某)提供的服务。")
    False
    """
    if not lx.DEFINITION_ANYWHERE.search(key):
        return False
    outside = lx.BRACKETED.sub("", key)
    for _depth in range(8):  # an aside with another inside it (雷霆 2020: （以下简称“我们”，…（入驻…），…）) goes whole
        if outside == key:
            break
        key, outside = outside, lx.BRACKETED.sub("", outside)
    return bool(lx.DEFINITION_ANYWHERE.search(outside))
