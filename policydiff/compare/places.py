"""Where a word stands in a sentence: every start of it, found with ``str.find`` (a pattern made per
word would fill ``re``'s cache with words met once)."""

from __future__ import annotations


def occurrences(text: str, word: str, limit: int | None = None) -> list[int]:
    """The start of each place ``word`` stands in ``text``, left to right and not overlapping (as
    ``re.finditer`` of the word would find them), at most ``limit``.

    >>> occurrences("申诉-账号申诉", "申诉"), occurrences("aaaa", "aa"), occurrences("abc", "")
    ([0, 5], [0, 2], [])
    """
    out: list[int] = []
    k = text.find(word) if word else -1
    while k != -1 and (limit is None or len(out) < limit):
        out.append(k)
        k = text.find(word, k + len(word))
    return out
