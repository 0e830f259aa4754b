"""The comparison form of each character, and what a text is made of (``text.normalize`` keys it).

A character's form is its NFKC form without whitespace, quotes unified and ASCII lowered ('' for
whitespace, zero-width characters and Markdown emphasis). The tables here are filled on first
sight; the patterns tell a usual text (ideographs, ASCII, the usual Chinese marks: every form one
character or none) and the characters that may not be their own form, so a text is keyed by a few
passes in C rather than a look-up for each character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from policydiff import regex_cache
from policydiff.lexicon import layout

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_QUOTES = {"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'", "`": "'"}
_DROP = {"*"}


@lru_cache(maxsize=4096)
def _char_key(ch: str) -> str:
    """The comparison form of one character ('' when it does not count)."""
    if ch in _ZERO_WIDTH or ch in _DROP or ch.isspace():
        return ""
    if ch in _QUOTES:
        return _QUOTES[ch]
    out = unicodedata.normalize("NFKC", ch)
    out = "".join(c for c in out if not c.isspace())
    if out in _QUOTES:
        return _QUOTES[out]
    return out.lower() if out.isascii() else out


class _KeyTable(dict[str, str]):
    """Character -> comparison form, filled on first sight (a policy uses a few thousand characters)."""

    def __missing__(self, ch: str) -> str:
        value = _char_key(ch)
        self[ch] = value
        return value


_KEYS = _KeyTable()
# dict.get, cheaper than the subclass's __getitem__: None for a character not seen yet (then __getitem__ fills it)
_key_of = cast("Callable[[str], str]", _KEYS.get)


class _CodeKeyTable(dict[int, str]):
    """``_KeyTable`` by code point, for ``str.translate`` (which looks characters up by number)."""

    def __missing__(self, code: int) -> str:
        value = _KEYS[chr(code)]
        self[code] = value
        return value


_CODE_KEYS = _CodeKeyTable()
# the characters whose form is empty (``_char_key``): whitespace (``\s`` is ``str.isspace``), the
# zero-width ones and the dropped marks; test_normalize checks every code point against it
_DROPPED = regex_cache.compile("[\\s" + "".join(sorted(_ZERO_WIDTH | _DROP)).replace("*", "\\*") + "]")


# The characters nearly every paragraph is made of: the unified ideographs, ASCII and the usual
# Chinese punctuation. Their forms are known ahead, so a text of them only is keyed by one regex
# match and a few ``str.replace`` (``_usual_key``), each a pass in C; ``str.translate`` looks each
# character up by a new int, the larger part of reading a policy before. Each form is at most one
# character, so the key's map is found the same way (test_normalize checks both).
_USUAL_MARKS = "，、。（）；：“”《》【】「」•—！？．　·"
_USUAL_FORMS = [(ch, _char_key(ch)) for ch in " \t*`" + _USUAL_MARKS if _char_key(ch) != ch]
_ASCII_UPPER = regex_cache.compile("[A-Z]")


@lru_cache(maxsize=2)
def _usual_run(newline: bool = False) -> re.Pattern[str]:
    """A run of usual characters (and newlines, which join paragraphs in ``keys_with_maps``).
    Compiled on first use: a class holding a CJK range costs ~2 ms to compile (``lexicon.layout``),
    which a command that reads no policy need not pay."""
    return regex_cache.compile(r"[\u4e00-\u9fff\x21-\x7e \t" + "".join(map(re.escape, _USUAL_MARKS)) + ("\n" if newline else "") + "]*")


def _usual_key(text: str) -> str | None:
    """The key of a text made of usual characters only (the dropped ones replaced by '', quotes
    unified, ASCII lowered), or None when it has another one (``str.translate`` keys it)."""
    if _usual_run().fullmatch(text) is None:
        return None
    for ch, form in _USUAL_FORMS:  # no form is itself replaced later: the order does not matter
        text = text.replace(ch, form)
    return text.lower() if _ASCII_UPPER.search(text) else text


def plain(text: str) -> bool:
    """Whether ``text`` has no span that is blanked whole (a web address, a run of underscores).
    A character that such a span needs is looked for first ("/", "／", "_": most texts have none),
    the span itself only then: a one-character ``in`` neither widens its needle for a Chinese text
    nor starts a regex match, each of which costs more than the search."""
    if "_" in text and "__" in text:
        return False
    return not (("/" in text or "／" in text) and ("://" in text or "：／／" in text))


class _SteadyForms(dict[str, "str | None"]):
    """Character -> its form, when each character of that form is its own form (None when not):
    replaced one kind after another (``normalize.comparison_key``), such forms give the key a replacement
    of every character at once gives, as no form holds a character that a later kind changes."""

    def __missing__(self, ch: str) -> str | None:
        form = _KEYS[ch]
        value = form if all(_KEYS[c] == c for c in form) else None
        self[ch] = value
        return value


_STEADY = _SteadyForms()


@lru_cache(maxsize=1)
def _not_itself() -> re.Pattern[str]:
    """A character whose form may differ from it: any but the unified ideographs, the ASCII ones
    other than capitals, "*" and "`", and the usual marks that are their own form (test_normalize
    checks each). Compiled on first use, as ``_usual_run``."""
    same = "".join(re.escape(ch) for ch in _USUAL_MARKS if _char_key(ch) == ch)
    return regex_cache.compile(r"[^\u4e00-\u9fff\x21-\x29\x2b-\x40\x5b-\x5f\x61-\x7e" + same + "]")


def _form_of(m: re.Match[str]) -> str:
    return _KEYS[m[0]]


def bullet_end(text: str) -> int:
    """Index after a leading list bullet ("• ", "- ", "* ", "·") or Markdown heading marks (none
    when the text starts with a letter or digit: a bullet, a mark or a space comes first)."""
    if text[:1].isalnum():
        return 0
    m = layout.LEADING_BULLET.match(text)
    return m.end() if m else 0
