"""Patterns rewritten to match the same text faster: opening with a character set, not a lookbehind.

The regular-expression engine skips ahead to where a pattern's first character set matches; a
pattern that opens with a lookbehind (``(?<=[。；])``, ``(?<![一二])``) is tried at every
character of the text instead, several times slower over a whole policy. Each rewriting here
matches the same spans, checked on the pattern's shape: a pattern of another shape is used as
it is.

>>> pieces_cut_by(regex_cache.compile("(?<=[.;])"))("a.b;;c")
['a.', 'b;', ';', 'c']
>>> numerals_scanned_by_set(regex_cache.compile(r"(?<![12])[12]{1,8}(?=[ab])")).pattern
'[12](?<![12]{2})[12]{0,7}(?=[ab])'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policydiff import regex_cache

_PLAIN_FLAGS = regex_cache.compile("").flags
_CUT_AFTER = regex_cache.compile(r"\(\?<=\[([^\]\\^][^\]\\]*)\]\)")  # (?<=[X]): cut after each character of X
_RUN_BEFORE = regex_cache.compile(r"\(\?<!\[([^\]\\^][^\]\\]*)\]\)\[\1\]\{1,(\d+)\}(\(\?=\[[^\]\\]+\]\))")  # (?<![N])[N]{1,k}(?=…)


def pieces_cut_by(split: re.Pattern[str]) -> Callable[[str], list[str]]:
    """``split.split`` without its empty pieces, for a pattern that cuts a text after each of a
    set of characters (``(?<=[X])``): ``[^X]*[X]|[^X]+`` found in turn."""
    shape = _CUT_AFTER.fullmatch(split.pattern)
    if shape is None or split.flags != _PLAIN_FLAGS:
        return lambda text: [piece for piece in split.split(text) if piece]
    marks = shape.group(1)
    return regex_cache.compile(f"[^{marks}]*[{marks}]|[^{marks}]+").findall


def numerals_scanned_by_set(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A run of numerals before a unit (``(?<![N])[N]{1,k}(?=[U])``, as ``rights.CN_NUMBER_BEFORE_UNIT``)
    with its lookbehind put after the first numeral: ``[N](?<![N]{2})[N]{0,k-1}(?=[U])`` matches
    the same spans (a numeral not after one, up to k in all, before a unit)."""
    shape = _RUN_BEFORE.fullmatch(pattern.pattern)
    if shape is None or pattern.flags != _PLAIN_FLAGS:
        return pattern
    numerals, most, after = shape.groups()
    return regex_cache.compile(f"[{numerals}](?<![{numerals}]{{2}})[{numerals}]{{0,{int(most) - 1}}}{after}")
