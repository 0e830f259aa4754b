"""An alternation of literal words, grouped by their first character.

``re`` tries the branches of an alternation one after the other at each place where the text
holds the first character of one of them (the pattern's first-character set lets it skip the
others). A lexicon of hundreds of words, tried at each such place of a Chinese text (a few
common characters open many of them), costs some thousand instructions a character. Grouped by
their first character (``a(?:bc|b|c)|b|...``), a group fails on its first character unless
the text holds it there, so at a place only the words that open with its character are tried
(a trie of every character tries no fewer in a lexicon's text: measured, no cheaper).

The matches are those of the words longest first, one after the other (``"|".join(words)`` with
the longer words before the shorter): at a place, that alternation matches the longest word
that stands there. So does the grouped one: only the group of the character there can match,
and within it the rests are in the same order, longest first (a word that is the character
alone, an empty rest, last).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policydiff import regex_cache


def longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """The alternation of ``words`` (literal text), longest first, grouped by first character.

    >>> longest_first(["ab", "abc", "b", "ac"]).findall("abcxacb ab")
    ['abc', 'ac', 'b', 'ab']
    >>> longest_first(["ab", "abc", "b", "ac"]).pattern
    'a(?:bc|b|c)|b'
    """
    ordered = sorted(words, key=len, reverse=True)
    if not all(ordered):
        return regex_cache.compile("|".join(re.escape(w) for w in ordered))  # an empty word matches everywhere
    groups: dict[str, list[str]] = {}
    for w in ordered:
        groups.setdefault(w[0], []).append(w[1:])
    return regex_cache.compile("|".join(re.escape(first) + (f"(?:{'|'.join(map(re.escape, rests))})" if rests != [""] else "")
                               for first, rests in groups.items()))
