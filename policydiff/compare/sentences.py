"""Sentence alignment over the whole document, not only inside paired sections.

Real versions move sentences between sections, split and merge sections, and reword a word
or two inside a sentence. To read *what* changed inside a sentence (``compare.edits``) each
sentence of the old version needs its counterpart in the new one, wherever it now stands.

Two passes, both linear-ish in the number of sentences:

1. **Exact**: sentences whose loose comparison key (``mentions.loosen``: 您/你, 会/将 and how
   numbers are written ignored) is equal are the same sentence; they pair in document order.
2. **Near copy**: each remaining old sentence looks up the remaining new sentences that share
   its character bigrams through an inverted index (bigram → sentences). Bigrams held by many
   sentences (「个人」「信息」) say nothing and are skipped, so a sentence is compared only with the
   few that share its rarer bigrams — never all pairs against all pairs. Candidates whose Dice
   coefficient reaches ``NEAR`` are paired greedily, best first, one to one.

>>> from policydiff.compare.parse import read_tree
>>> from policydiff.model import RawText
>>> old = read_tree(RawText("一、共享\\n我们会与第三方支付机构共享您的订单信息。您有权要求我们作出解释。\\n", "o"))
>>> new = read_tree(RawText("一、共享\\n我们会与银行及第三方支付机构共享您的订单信息。\\n", "n"))
>>> a = align_sentences(sentences_of(old), sentences_of(new))
>>> [(p.old.text, p.new.text) for p in a.pairs]
[('我们会与第三方支付机构共享您的订单信息。', '我们会与银行及第三方支付机构共享您的订单信息。')]
>>> [s.text for s in a.old_only]
['您有权要求我们作出解释。']
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

from policydiff.compare.mentions import loosen, text_sentences
from policydiff.compare.sections import section_type
from policydiff.compare.similarity import bigrams, dice
from policydiff.model import Paragraph, PolicyTree, Section
from policydiff.text.memo import memory
from policydiff.text.normalize import bullet_end, comparison_key, plain

GRAM_CACHE = 4096  # distinct new sentences whose bigram sets _near_pairs keeps (~16 MB at most)
NEAR = 0.6  # Dice of bigrams from which two sentences are one sentence reworded
MIN_KEY = 4  # sentences shorter than this (labels, "是。") are not aligned
COMMON_SHARE = 0.05  # a bigram in more than this share of sentences (and > COMMON_MIN) is not indexed
COMMON_MIN = 8


@dataclass(eq=False, slots=True)
class Sentence:
    """One sentence of a version: its words as printed, keys, section and place (slots: a version
    makes hundreds, each made and read, never given other attributes)."""

    text: str
    key: str  # comparison key
    loose: str  # loosened key (您/你, 会/将 … ignored)
    section: Section
    stype: str  # section_type of its section
    index: int  # place in the document's sentence list


@dataclass
class SentencePair:
    """An old sentence and its counterpart: equal (same loose key) or reworded (near copy)."""

    old: Sentence
    new: Sentence
    similarity: float

    @property
    def changed(self) -> bool:
        return self.old.loose != self.new.loose


@dataclass
class SentenceAlignment:
    """Every sentence of both versions: paired, or on one side only.

    The pairs of equal sentences (same loose key: most of a document) are kept as bare
    (old, new) couples and made ``SentencePair`` objects only when ``pairs`` is first read: the
    typed-edit readers ask only for ``changed``, which equal sentences never are.
    """

    near: list[SentencePair] = field(default_factory=list)  # reworded pairs (near copies), in new order
    exact: list[tuple[Sentence, Sentence]] = field(default_factory=list, repr=False)  # equal sentences
    old_only: list[Sentence] = field(default_factory=list)
    new_only: list[Sentence] = field(default_factory=list)
    all_new: list[Sentence] = field(default_factory=list, repr=False)  # every sentence of the new version
    all_old: list[Sentence] = field(default_factory=list, repr=False)  # every sentence of the old version

    _pairs: list[SentencePair] | None = field(default=None, init=False, repr=False, compare=False)
    _changed: tuple[int, int, list[SentencePair]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def pairs(self) -> list[SentencePair]:
        """Every pair, equal and reworded, in new-document order (made on first read; a caller
        may add to it, and ``changed`` follows)."""
        if self._pairs is None:
            self._pairs = sorted(self.near + [SentencePair(o, n, 1.0) for o, n in self.exact], key=lambda p: p.new.index)
        return self._pairs

    @property
    def changed(self) -> list[SentencePair]:
        """The pairs whose words differ beyond loosening (found once for the pairs as they stand:
        a dozen typed-edit readers ask; each gets a list of its own). Until ``pairs`` is read,
        only the near copies can differ."""
        source = self._pairs if self._pairs is not None else self.near
        if self._changed is None or self._changed[:2] != (id(source), len(source)):
            self._changed = (id(source), len(source), [p for p in source if p.changed])
        return list(self._changed[2])

    @property
    def new_or_reworded(self) -> list[Sentence]:
        """The new version's sentences that say something new: those only it has, then the new side
        of each changed pair — what every reader of a newly stated practice goes through."""
        return self.new_only + [p.new for p in self.changed]


def sentences_of(tree: PolicyTree, skip: set[int] | None = None) -> list[Sentence]:
    """The sentences of a version in document order (paragraphs whose id is in ``skip`` left out)."""
    out: list[Sentence] = []
    skip = skip or set()
    # each paragraph's sentences are read once per comparison (most paragraphs stand in both
    # versions): looked up here, in the memory found once for the whole walk
    memo = memory(_aligned_sentences)
    for section in tree.sections:
        stype = section_type(section)
        label_key = section.label_key if section.head is not None else ""
        for n, para in enumerate(section.paragraphs):
            if id(para) in skip:
                continue
            own = label_key if n == 0 else ""
            rows: tuple[tuple[str, str, str], ...] | None = None if memo is None else memo.get((para.text, own))
            if rows is None:
                rows = _aligned_sentences(para, own)
                if memo is not None:
                    memo[(para.text, own)] = rows
            for text, key, loose in rows:
                out.append(Sentence(text, key, loose, section, stype, len(out)))
    return out


def _aligned_sentences(para: Paragraph, label_key: str) -> tuple[tuple[str, str, str], ...]:
    """(sentence as printed, key, loose key) of the sentences of a paragraph that are aligned: its
    heading's label (``label_key``) left out of the first one's keys, those shorter than ``MIN_KEY``
    dropped. ``sentences_of`` remembers it per comparison by the paragraph's text and
    ``label_key``; a key is loosened only once it is known to be kept, without its label.

    >>> from policydiff.text.normalize import to_document
    >>> from policydiff.model import RawText
    >>> para = to_document(RawText("2.1 我们收集您的帐号。是。", "v")).paragraphs[0]
    >>> _aligned_sentences(para, "2.1")
    (('2.1 我们收集您的帐号。', '我们收集您的帐号。', '收集账号。'),)
    """
    out: list[tuple[str, str, str]] = []
    for sentence, key in _keyed_sentences(para):
        if label_key and key.startswith(label_key):
            key = key[len(label_key):]
        if len(key) >= MIN_KEY:
            out.append((sentence.strip(), key, loosen(key)))
    return tuple(out)


def _keyed_sentences(para: Paragraph) -> list[tuple[str, str]]:
    """(sentence, comparison key) of each sentence of a paragraph.

    A sentence's key is its span of the paragraph's key (``key_map`` says which key characters each
    span of the text made), not the text keyed again: the key is made character by character, but
    for the leading bullet (each sentence's own, dropped when the span starts past the paragraph's)
    and web addresses and runs of underscores (read in context: such a paragraph keys each sentence).

    >>> from policydiff.text.normalize import to_document
    >>> from policydiff.model import RawText
    >>> para = to_document(RawText("- 我们收集 您的“手机号码”。—— 帐号；", "v")).paragraphs[0]
    >>> [k for _, k in _keyed_sentences(para)] == [comparison_key(t) for t in text_sentences(para.text)]
    True
    """
    text, key, where = para.text, para.key, para.key_map
    if not plain(text):
        return [(t, comparison_key(t)) for t in text_sentences(text)]
    first, at = bullet_end(text), 0
    pieces = text_sentences(text)
    if len(pieces) == 1 and pieces[0] == text and (not where or where[0] >= first):
        return [(text, key)]  # one sentence, the whole paragraph: its span is the whole key
    out: list[tuple[str, str]] = []
    for t in pieces:
        at = text.find(t, at)
        start = at + bullet_end(t)
        if start < first:  # inside the paragraph's bullet: keyed alone
            out.append((t, comparison_key(t)))
        else:
            out.append((t, key[bisect_left(where, start) : bisect_left(where, at + len(t))]))
        at += len(t)
    return out


def align_sentences(old: list[Sentence], new: list[Sentence]) -> SentenceAlignment:
    """Pair the sentences of two versions: exact loose keys first, then near copies by bigrams."""
    result = SentenceAlignment(all_new=new, all_old=old)
    by_key: dict[str, list[Sentence]] = defaultdict(list)
    for s in new:
        by_key[s.loose].append(s)
    taken: set[int] = set()
    rest_old: list[Sentence] = []
    for s in old:
        same = by_key.get(s.loose)
        if same:
            t = same.pop(0)
            taken.add(t.index)
            result.exact.append((s, t))
        else:
            rest_old.append(s)
    rest_new = [s for s in new if s.index not in taken]
    result.near = _near_pairs(rest_old, rest_new)
    paired_old = {id(p.old) for p in result.near}
    paired_new = {id(p.new) for p in result.near}
    result.old_only = [s for s in rest_old if id(s) not in paired_old]
    result.new_only = [s for s in rest_new if id(s) not in paired_new]
    result.near.sort(key=lambda p: p.new.index)
    return result


def _near_pairs(old: list[Sentence], new: list[Sentence]) -> list[SentencePair]:
    """Near copies among the unpaired sentences, through an inverted index of bigrams.

    The new sentences' bigram sets are not all kept: ~4 KB a sentence, 400 MB for a 10 MB single
    line. Those of the first ``GRAM_CACHE`` distinct sentences are (a repeated sentence is cut
    once); the candidates of an old sentence get the others again when scored.
    """
    if not old or not new:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    known: dict[str, set[str]] = {}

    def grams_of(key: str) -> set[str]:
        grams = known.get(key)
        if grams is None:
            grams = bigrams(key)
            if len(known) < GRAM_CACHE:
                known[key] = grams
        return grams

    for j, t in enumerate(new):
        for g in grams_of(t.loose):
            index[g].append(j)
    limit = max(COMMON_MIN, int(COMMON_SHARE * len(new)))
    scored: list[tuple[float, int, int]] = []
    for i, s in enumerate(old):
        grams = bigrams(s.loose)
        # counted in C (Counter over the chained postings): a 20 MB line has millions of postings
        hits = Counter(chain.from_iterable(
            holders for holders in map(index.get, grams) if holders is not None and len(holders) <= limit))
        if not hits:
            continue
        # the few candidates sharing most rare bigrams are scored in full (ties: first met first)
        for j, _ in hits.most_common(5):
            score = dice(grams, grams_of(new[j].loose))
            if score >= NEAR:
                scored.append((score, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    out: list[SentencePair] = []
    for score, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append(SentencePair(old[i], new[j], score))
    return out
