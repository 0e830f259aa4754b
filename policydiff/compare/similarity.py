"""Similarity of two comparison keys: character bigrams and their Dice coefficient.

Bigrams suit Chinese without a dictionary; alignment and the classifier's sentence
comparisons both use them.

>>> round(dice(bigrams("个人信息共享"), bigrams("个人信息的共享")), 2)
0.73
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Set as AbstractSet
from itertools import accumulate


def bigrams(text: str) -> set[str]:
    """Character bigrams of a key."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: AbstractSet[object], b: AbstractSet[object]) -> float:
    """Dice coefficient of two bigram sets (1.0 for two empty sets; the bigrams as strings, or as
    any other values one to one with them: ``compare.align`` counts them as numbers)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


class BigramIndex:
    """Keys by their bigrams: the keys holding at least ``need`` of a text's bigrams are found
    through the postings of those bigrams, not by a pass over every key.

    >>> BigramIndex(["个人信息共享", "联系我们"]).holding(bigrams("信息共享"), 2)
    [0]
    """

    def __init__(self, keys: list[str]) -> None:
        self.postings: dict[str, list[int]] = {}
        for k, key in enumerate(keys):
            for g in bigrams(key):
                self.postings.setdefault(g, []).append(k)

    def holding(self, grams: set[str], need: int) -> list[int]:
        """Indices of the keys that hold at least ``need`` of ``grams``."""
        hits: dict[int, int] = {}
        for g in grams:
            for k in self.postings.get(g, ()):
                hits[k] = hits.get(k, 0) + 1
        return [k for k, n in hits.items() if n >= need]


# Bigram look-ups through a version's joined keys (str.find, at C speed) that cost about as much as
# indexing every key's bigrams in Python (a bench policy of 180 paragraphs, 10 000 key characters:
# ~3 ms to index, 15-25 us a look-up; a sentence of 35 bigrams looks up 19).
READS = 100


class LabelledKeys:
    """Keys each with a label (a paragraph's key and its section's id): the labels of the keys that
    hold at least half a key's bigrams.

    A few questions are answered by reading the keys (a bigram is held when it is a substring,
    found by ``str.find`` in the keys joined); once ``READS`` bigrams have been looked for that
    way, about what indexing every key costs, a ``BigramIndex`` is built and answers the rest.
    Either way the answer is the same.

    >>> near = LabelledKeys([("个人信息共享", 1), ("联系我们", 2)])
    >>> near.labels_near("信息共享", "信息共享"), near.labels_near("我", "我")
    ({1}, {2})
    >>> near.budget = 0  # indexed from now on
    >>> near.labels_near("信息共享", "信息共享"), near.index is not None
    ({1}, True)
    """

    def __init__(self, pairs: list[tuple[str, int]]) -> None:
        self.keys = [k for k, _ in pairs]
        self.labels = [label for _, label in pairs]
        self.index: BigramIndex | None = None
        self.budget = READS  # bigram look-ups left before indexing pays
        self._text = ""  # the keys joined by NUL, read by str.find (made on the first read)
        self._starts: list[int] = []  # where each key starts in it

    def labels_near(self, key: str, text: str) -> set[int]:
        """Labels of the keys holding half of ``key``'s bigrams; for a one-character ``key``, of the
        keys holding ``text`` itself (a short text is found by substring)."""
        grams = bigrams(key)
        if any(len(g) < 2 for g in grams):
            return {label for k, label in zip(self.keys, self.labels, strict=True) if text in k}
        need = max(1, len(grams) // 2)
        if self.index is None and len(grams) - need + 1 <= self.budget:
            self.budget -= len(grams) - need + 1  # the bigrams _read looks for
            return self._read(grams, need)
        if self.index is None:
            self.index = BigramIndex(self.keys)
        return {self.labels[k] for k in self.index.holding(grams, need)}

    def _read(self, grams: set[str], need: int) -> set[int]:
        """Labels of the keys longer than ``need`` that hold ``need`` of ``grams``, read from the
        joined keys: each bigram is found by ``str.find``, once per key that holds it (a bigram
        holds no NUL, so none spans two keys). Only ``len(grams) - need + 1`` bigrams are looked
        for: a key that holds enough holds one of them; the rest are counted in those keys alone.

        Any of them will do, and each key found costs a step of Python: so every bigram is first
        found once (one ``str.find``), those found nowhere count as looked for (at no further
        cost), and the others are looked for in the order of where they first occur, latest first
        (a bigram the keys use often, 我们 or 信息, occurs early and in many keys)."""
        if any("\0" in g for g in grams):
            return {label for k, label in zip(self.keys, self.labels, strict=True)
                    if len(k) > need and sum(map(k.__contains__, grams)) >= need}
        if not self._starts and self.keys:
            self._text = "\0".join(self.keys)
            self._starts = list(accumulate((len(k) + 1 for k in self.keys[:-1]), initial=0))
        text, starts, keys = self._text, self._starts, self.keys
        where = {g: text.find(g) for g in grams}
        found = sorted((g for g in grams if where[g] != -1), key=where.__getitem__, reverse=True)
        first = max(0, len(found) - need + 1)  # a key holding none of these (nor any found nowhere) holds fewer than ``need``
        held: dict[int, int] = {}
        for g in found[:first]:
            at = where[g]
            while at != -1:
                k = bisect_right(starts, at) - 1
                held[k] = held.get(k, 0) + 1
                at = text.find(g, starts[k] + len(keys[k]) + 1)
        rest = found[first:]  # counted only in the keys found so far
        return {self.labels[k] for k, n in held.items() if len(keys[k]) > need
                and (n >= need or n + len(rest) >= need and n + sum(map(keys[k].__contains__, rest)) >= need)}
