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
