"""Similarity of two comparison keys: character bigrams and their Dice coefficient.

Bigrams suit Chinese without a dictionary; alignment and the classifier's sentence
comparisons both use them.

>>> round(dice(bigrams("个人信息共享"), bigrams("个人信息的共享")), 2)
0.73
"""

from __future__ import annotations


def bigrams(text: str) -> set[str]:
    """Character bigrams of a key."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: set[str], b: set[str]) -> float:
    """Dice coefficient of two bigram sets (1.0 for two empty sets)."""
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
