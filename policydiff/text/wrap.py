"""Wrap repair: hard-wrapped (PDF-extracted) lines joined back into paragraphs, by display width.

``text.normalize`` keys the paragraphs repaired here (and re-exports these names).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from operator import add, sub
from typing import cast

from policydiff import regex_cache
from policydiff.lexicon import headings, layout
from policydiff.text.memo import recall


class _WidthTable(dict[str, int]):
    """Character -> columns (2 for East Asian wide and full-width), filled on first sight."""

    def __missing__(self, ch: str) -> int:
        value = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        self[ch] = value
        return value


_WIDTHS = _WidthTable()
_width_of = cast("Callable[[str], int]", _WIDTHS.get)  # as ``forms._key_of``: None (a TypeError in sum) when not seen yet


@lru_cache(maxsize=1)
def _surely_wide() -> re.Pattern[str]:
    """Runs of characters wide in every Unicode version: CJK punctuation, the unified ideographs and
    the full-width forms (test_normalize checks each against unicodedata), nearly all of a Chinese
    line. Compiled on first use, as ``forms._usual_run``."""
    return regex_cache.compile(r"[\u3000-\u303e\u4e00-\u9fff\uff01-\uff60]+")


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


def wrap_width(lines: list[str]) -> int | None:
    """The fixed line width of a hard-wrapped (PDF-extracted) text, or None when not wrapped.

    A PDF extraction has many lines of nearly the same width; web text has one
    paragraph per line and widths all over the place.
    """
    return _wrap_width([display_width(line.strip()) for line in lines if line.strip()])


def _wrap_width(widths: list[int]) -> int | None:
    """``wrap_width`` of the widths of a text's non-blank lines (counted once, in C: the mode and
    the lines near it are read from the count of each width, not from every line again)."""
    counts = Counter(widths)
    long = {w: n for w, n in counts.items() if w >= 30}
    if sum(long.values()) < 10:
        return None
    mode = max(long, key=lambda w: (long[w], w))
    near = sum(n for w, n in counts.items() if mode - 6 <= w <= mode + 4)
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
    return repair_split(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def repair_split(lines: list[str]) -> list[tuple[str, int]]:
    """``repair_lines`` of a text already split into lines (at newlines only, as it splits).

    Each line is read once per comparison (``_LineReadings``): the new version repeats nearly
    every line of the old one, and its repair only looks their readings up."""
    stripped = list(map(str.strip, lines))
    nonblank = list(filter(None, stripped))
    read = _readings(nonblank)
    width_of, pages = read.width, read.pages
    width = _wrap_width(list(map(width_of.__getitem__, nonblank)))
    if width is None:  # web text: each line its own paragraph, page numbers (PDF artifacts) left out
        return [(line, n) for n, line in enumerate(stripped, start=1) if line and line not in pages]
    full = int(width * 0.85)
    out: list[tuple[str, int]] = []
    current: list[str] = []
    start_line = 0
    # a line joins the one before it only when that one is open (a full line that ends no
    # sentence): then the paragraph is still open, whatever blank lines (or page numbers) came
    # between; after a line that is not open, the next starts a paragraph anyway. So blank lines
    # are passed by, and a paragraph is written when the next one starts
    open_sentence = False  # the last line kept was open (so ``current`` holds it)
    continues, ends = read.continues, _SENTENCE_ENDS
    for n, line in enumerate(stripped, start=1):
        if not line or line in pages:
            continue
        if open_sentence and continues(line):
            current.append(line)
        else:
            if current:
                out.append(("".join(current), start_line))
            current = [line]
            start_line = n
        open_sentence = width_of[line] >= full and line[-1] not in ends  # ``line.endswith(SENTENCE_END)``
    if current:
        out.append(("".join(current), start_line))
    return out


# ``layout.SENTENCE_END`` as a set: each of its ends is one character (test_normalize checks it)
_SENTENCE_ENDS = frozenset(layout.SENTENCE_END)


class _LineReadings:
    """What wrap repair reads of each distinct (stripped, non-blank) line of a comparison: its
    display width, whether it is a page number, whether it continues an open sentence."""

    def __init__(self) -> None:
        self.width: dict[str, int] = {}
        self.pages: set[str] = set()
        self._continues: dict[str, bool] = {}

    def add(self, lines: list[str]) -> None:
        """Read the lines not read yet (stripped, none blank): their widths measured together
        (``line_widths``), and whether each is a page number."""
        new = [line for line in dict.fromkeys(lines) if line not in self.width]
        if new:
            self.width.update(zip(new, line_widths(new), strict=True))
            # a page number ends with a digit, a dash or "page" (most lines end with a mark): the
            # pattern is tried on those only (test_normalize checks every last character)
            ends = layout.PAGE_NUMBER_ENDS
            self.pages.update(line for line in new
                              if (line[-1] in ends or line[-1].isdecimal()) and layout.PAGE_NUMBER.match(line))

    def continues(self, line: str) -> bool:
        """After a full line that ends no sentence, ``line`` continues the paragraph: it opens no
        heading or list item, or it is a hyphen glued to its text (asked only there)."""
        known = self._continues.get(line)
        if known is None:
            known = self._continues[line] = not _starts_block(line) or _hyphen_continues(line)
        return known


def _readings(lines: list[str]) -> _LineReadings:
    """The readings of this comparison's lines, ``lines`` among them (outside a comparison: of
    ``lines`` alone)."""
    read = recall(_readings, "lines", _LineReadings)
    read.add(lines)
    return read


_ASCII_RUN = regex_cache.compile("[\x00-\x09\x0b-\x7f]+")  # ASCII but the newline: one column a character


def line_widths(lines: list[str]) -> list[int]:
    """``display_width`` of each line (none holding a newline), measured together: joined by
    newlines, the surely wide runs and then the ASCII ones are cut out of all of them by one regex
    pass each, so a line costs a few ``len``; only the characters left (quotes, rarer blocks,
    few or none a line) are looked up one by one."""
    joined = "\n".join(lines)
    if not lines or joined.count("\n") != len(lines) - 1:  # a newline inside a line: each alone
        return [display_width(line) for line in lines]
    rest = _surely_wide().sub("", joined)  # each wide character 2 columns: 2 * (len(line) - len(rest))
    others = _ASCII_RUN.sub("", rest)  # each ASCII one 1 column: len(rest) - len(other)
    # 2 * len(line) - len(its wide-cut rest) - len(its other characters), each step a map in C
    lengths = list(map(len, lines))
    other_lines = others.split("\n")
    widths = list(map(sub, map(sub, map(add, lengths, lengths), map(len, rest.split("\n"))), map(len, other_lines)))
    for i in compress(range(len(lines)), other_lines):  # the few lines with such characters
        widths[i] += _looked_up(other_lines[i])
    return widths


def _looked_up(text: str) -> int:
    """Columns of characters neither surely wide nor ASCII, each looked up in the table."""
    try:
        return sum(map(_width_of, text))
    except TypeError:  # None: a character seen for the first time
        return sum(map(_WIDTHS.__getitem__, text))
