"""Repair extracted text into paragraphs and compute comparison keys.

Two texts whose keys are equal have no change, whatever their layout: the key is
NFKC (full/half width), without whitespace, zero-width characters, Markdown emphasis,
leading bullets or web addresses, with quotes unified. Web addresses are left out
because PDF extraction scatters link annotations and wraps them mid-address (seed
000); a changed address is reported by the classifier's link comparison instead. Every key character maps back to the
original character that produced it, so reports quote the policy as printed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from typing import cast

from policydiff.lexicon import headings, layout
from policydiff.model import Document, Paragraph, RawText
from policydiff.text.memo import per_comparison

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
_UNDERSCORES = re.compile(r"_{2,}")


class _CodeKeyTable(dict[int, str]):
    """``_KeyTable`` by code point, for ``str.translate`` (which looks characters up by number)."""

    def __missing__(self, code: int) -> str:
        value = _KEYS[chr(code)]
        self[code] = value
        return value


_CODE_KEYS = _CodeKeyTable()
# the characters whose form is empty (``_char_key``): whitespace (``\s`` is ``str.isspace``), the
# zero-width ones and the dropped marks; test_normalize checks every code point against it
_DROPPED = re.compile("[\\s" + "".join(sorted(_ZERO_WIDTH | _DROP)).replace("*", "\\*") + "]")


# The characters nearly every paragraph is made of: the unified ideographs, ASCII and the usual
# Chinese punctuation. Their forms are known ahead, so a text of them only is keyed by one regex
# search and a few ``str.replace`` (``_usual_key``), each a pass in C; ``str.translate`` looks each
# character up by a new int, the larger part of reading a policy before. Each form is at most one
# character, so the key's map is found the same way (test_normalize checks both).
_USUAL_MARKS = "，、。（）；：“”《》【】「」•—！？．　·"
_USUAL_FORMS = [(ch, _char_key(ch)) for ch in " \t*`" + _USUAL_MARKS if _char_key(ch) != ch]
_ASCII_UPPER = re.compile("[A-Z]")


@lru_cache(maxsize=1)
def _unusual() -> re.Pattern[str]:
    """A character other than the usual ones, compiled on first use: a class holding a CJK range
    costs ~2 ms to compile (``lexicon.layout``), which a command that reads no policy need not pay."""
    return re.compile(r"[^\u4e00-\u9fff\x21-\x7e \t" + "".join(map(re.escape, _USUAL_MARKS)) + "]")


def _usual_key(text: str) -> str | None:
    """The key of a text made of usual characters only (the dropped ones replaced by '', quotes
    unified, ASCII lowered), or None when it has another one (``str.translate`` keys it)."""
    if _unusual().search(text):
        return None
    for ch, form in _USUAL_FORMS:  # no form is itself replaced later: the order does not matter
        text = text.replace(ch, form)
    return text.lower() if _ASCII_UPPER.search(text) else text


def _plain(text: str) -> bool:
    """Whether ``text`` has no span that is blanked whole (a web address, a run of underscores)."""
    return "://" not in text and "：／／" not in text and "__" not in text


def key_with_map(text: str) -> tuple[str, array[int]]:
    """Comparison key of ``text`` and, for each key character, its index in ``text``.

    The key is one ``str.translate`` over the table of forms. A text with no web address or run of
    underscores (nearly all) maps its key back through the runs between its dropped characters
    (spaces, zero-width ones), each copied from ``_IDENTITY``; one with such a span, or with a
    character whose form is longer than one ("…" -> "..."), takes ``_key_with_map_by_character``.

    >>> key_with_map("• 手机 号码")
    ('手机号码', array('i', [2, 3, 5, 6]))
    """
    if _plain(text) and len(text) <= len(_IDENTITY):
        start, key = _translated(text)
        index, pos = array("i"), start
        for m in _DROPPED.finditer(text, start):
            index += _IDENTITY[pos : m.start()]
            pos = m.end()
        index += _IDENTITY[pos : len(text)]
        if len(index) == len(key):  # one key character for each kept one
            return key, index
    return _key_with_map_by_character(text)


def _translated(text: str) -> tuple[int, str]:
    """Where ``text`` starts after its leading bullet, and the key of the rest (``_plain`` texts)."""
    start = _bullet_end(text)
    rest = text[start:] if start else text
    key = _usual_key(rest)
    return start, rest.translate(_CODE_KEYS) if key is None else key


def _key_with_map_by_character(text: str) -> tuple[str, array[int]]:
    """``key_with_map`` one character at a time: one table look-up per character (``map`` over a
    dict), then the dropped spans are blanked: the leading bullet, web addresses and runs of
    underscores (Markdown emphasis, blanks)."""
    keys = list(map(_key_of, text))
    if None in keys:  # a character seen for the first time
        keys = list(map(_KEYS.__getitem__, text))
    start = _bullet_end(text)
    if start:
        keys[:start] = [""] * start
    if "://" in text or "：／／" in text:
        # found on the normalized characters, so a full-width address is an address too
        probe = "".join([k[:1] or " " for k in keys])
        for m in layout.URL.finditer(probe):
            keys[m.start() : m.end()] = [""] * (m.end() - m.start())
    if "__" in text:
        for m in _UNDERSCORES.finditer(text):
            keys[m.start() : m.end()] = [""] * (m.end() - m.start())
    key = "".join(keys)
    # an array of machine ints, not a list of int objects: a 20 MB paragraph's map is 27 MB, not 250
    # (4-byte ints: inputs are capped far below 2³¹ characters, text/limits.py)
    index = _kept(keys)
    if len(index) != len(key):  # a character whose form is longer than one ("…" -> "...")
        index = array("i", (i for i, k in enumerate(keys) for _ in k))
    return key, index


_IDENTITY = array("i", range(1 << 16))  # 256 KB: the map of a paragraph that keeps every character


def _kept(keys: list[str]) -> array[int]:
    """Indices of the non-empty entries of ``keys``: the runs between empty ones are copied from
    ``_IDENTITY`` (a paragraph drops a few spaces), not counted one by one.

    >>> list(_kept(["a", "", "b", "c", ""])), list(_kept(["", ""])), list(_kept([]))
    ([0, 2, 3], [], [])
    """
    n = len(keys)
    if n > len(_IDENTITY) or 8 * keys.count("") > n:
        return array("i", compress(range(n), keys))
    out, start = array("i"), 0
    while True:
        try:
            end = keys.index("", start)
        except ValueError:
            out += _IDENTITY[start:n]
            return out
        out += _IDENTITY[start:end]
        start = end + 1


@lru_cache(maxsize=16384)
def comparison_key(text: str) -> str:
    """The comparison key of a text (see the module docstring); cached, labels and titles repeat.
    Without a span blanked whole, it is one ``str.translate``: no map is made.

    >>> comparison_key("- 您的 “手机号码”")
    '您的"手机号码"'
    """
    return _translated(text)[1] if _plain(text) else key_with_map(text)[0]


def _bullet_end(text: str) -> int:
    """Index after a leading list bullet ("• ", "- ", "* ", "·") or Markdown heading marks."""
    m = layout.LEADING_BULLET.match(text)
    return m.end() if m else 0


class _WidthTable(dict[str, int]):
    """Character -> columns (2 for East Asian wide and full-width), filled on first sight."""

    def __missing__(self, ch: str) -> int:
        value = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        self[ch] = value
        return value


_WIDTHS = _WidthTable()
_width_of = cast("Callable[[str], int]", _WIDTHS.get)  # as _key_of: None (a TypeError in sum) when not seen yet


@lru_cache(maxsize=1)
def _surely_wide() -> re.Pattern[str]:
    """Runs of characters wide in every Unicode version: CJK punctuation, the unified ideographs and
    the full-width forms (test_normalize checks each against unicodedata), nearly all of a Chinese
    line. Compiled on first use, as ``_unusual``."""
    return re.compile(r"[\u3000-\u303e\u4e00-\u9fff\uff01-\uff60]+")


def display_width(line: str) -> int:
    """Columns a line takes in a monospaced CJK layout (wide characters count 2).

    The surely wide runs are cut out by one regex pass and count 2 a character; only the rest
    (ASCII, quotes, rarer blocks) is looked up one character at a time: a CJK character met one
    at a time is a new string to hash, the cost of this function before (one character is
    looked up: ``report.terminal`` measures some one by one)."""
    rest = _surely_wide().sub("", line) if len(line) > 1 else line
    wide = 2 * (len(line) - len(rest))
    try:
        return wide + sum(map(_width_of, rest))
    except TypeError:  # None: a character seen for the first time
        return wide + sum(map(_WIDTHS.__getitem__, rest))


# -- wrap repair ----------------------------------------------------------------------------


def wrap_width(lines: list[str]) -> int | None:
    """The fixed line width of a hard-wrapped (PDF-extracted) text, or None when not wrapped.

    A PDF extraction has many lines of nearly the same width; web text has one
    paragraph per line and widths all over the place.
    """
    return _wrap_width([display_width(line.strip()) for line in lines if line.strip()])


def _wrap_width(widths: list[int]) -> int | None:
    """``wrap_width`` of the widths of a text's non-blank lines."""
    long = [w for w in widths if w >= 30]
    if len(long) < 10:
        return None
    counts: dict[int, int] = {}
    for w in long:
        counts[w] = counts.get(w, 0) + 1
    mode = max(counts, key=lambda w: (counts[w], w))
    near = sum(1 for w in widths if mode - 6 <= w <= mode + 4)
    if near < 0.35 * len(widths) or mode > 200:
        return None
    return mode


def _starts_block(line: str) -> bool:
    """A line that opens a heading or a list item never continues the previous paragraph."""
    s = line.strip()
    return bool(headings.HEADING_START.match(s)) or bool(layout.LEADING_BULLET.match(s))


def _hyphen_continues(line: str) -> bool:
    """A wrapped line that starts with a hyphen glued to text ("-通知设置”设置；") continues the
    open sentence before it: a list bullet is followed by a space."""
    return line[:1] in "-–" and len(line) > 1 and not line[1].isspace() and line[1] not in "-–"


def repair_lines(text: str) -> list[tuple[str, int]]:
    """Join hard-wrapped lines back into paragraphs; return (paragraph, first line number) pairs.

    A wrapped line is joined to the next when it is (nearly) full width and does not
    end a sentence, and the next line does not open a heading or list item; blank
    lines inside such an open sentence are not paragraph breaks (seeds 000, 004).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stripped = [line.strip() for line in lines]
    widths = {line: _line_width(line) for line in stripped if line}  # each line measured once
    width = _wrap_width([widths[line] for line in stripped if line])
    if width is None:  # web text: each line its own paragraph, page numbers (PDF artifacts) left out
        return [(line, n) for n, line in enumerate(stripped, start=1) if line and not layout.PAGE_NUMBER.match(line)]
    full = int(width * 0.85)
    out: list[tuple[str, int]] = []
    current: list[str] = []
    start_line = 0
    open_sentence = False
    for n, line in enumerate(stripped, start=1):
        if not line or layout.PAGE_NUMBER.match(line):
            if not open_sentence and current:  # a blank line inside an open sentence is no break
                out.append(("".join(current), start_line))
                current = []
            continue
        if current and open_sentence and (not _starts_block(line) or _hyphen_continues(line)):
            current.append(line)
        else:
            if current:
                out.append(("".join(current), start_line))
            current = [line]
            start_line = n
        open_sentence = widths[line] >= full and not line.endswith(layout.SENTENCE_END)
    if current:
        out.append(("".join(current), start_line))
    return out


def to_document(raw: RawText) -> Document:
    """Repair a decoded text and key its paragraphs."""
    paragraphs: list[Paragraph] = []
    lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for text, line_no in repair_lines(raw.text):
        key, index = _keyed(text)
        if not key:
            continue
        line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
        lead = _LEADING_SPACE.match(line)  # the indentation, without copying the rest of the line
        indent = display_width(lead.group().replace("\t", "    ")) if lead else 0
        paragraphs.append(Paragraph(text=text, key=key, key_map=index, line_no=line_no, indent=indent))
    return Document(source=raw.source, text=raw.text, paragraphs=paragraphs, encoding=raw.encoding)


@per_comparison  # most lines stand in both versions
def _line_width(line: str) -> int:
    return display_width(line)


@per_comparison  # most paragraphs stand in both versions; their maps are only read
def _keyed(text: str) -> tuple[str, array[int]]:
    return key_with_map(text)


def original_span(paragraph: Paragraph, key_start: int, key_end: int) -> str:
    """The original wording behind ``paragraph.key[key_start:key_end]``."""
    if key_start >= key_end or not paragraph.key_map:
        return ""
    a = paragraph.key_map[key_start]
    b = paragraph.key_map[key_end - 1] + 1
    return paragraph.text[a:b]


_WS = re.compile(r"\s+")
_LEADING_SPACE = _WS  # matched at a line's start: its indentation (the characters str.lstrip drops)


def squeeze(text: str) -> str:
    """Collapse runs of whitespace to one space (for one-line displays)."""
    return _WS.sub(" ", text).strip()
