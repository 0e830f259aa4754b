"""Wrap repair: hard-wrapped (PDF-extracted) lines joined back into paragraphs, by display width.

``text.normalize`` keys the paragraphs repaired here (and re-exports these names).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from policydiff.lexicon import headings, layout
from policydiff.text.memo import per_comparison


class _WidthTable(dict[str, int]):
    """Character -> columns (2 for East Asian wide and full-width), filled on first sight."""

    def __missing__(self, ch: str) -> int:
        value = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        self[ch] = value
        return value


_WIDTHS = _WidthTable()
_width_of = cast("Callable[[str], int]", _WIDTHS.get)  # as ``normalize._key_of``: None (a TypeError in sum) when not seen yet


@lru_cache(maxsize=1)
def _surely_wide() -> re.Pattern[str]:
    """Runs of characters wide in every Unicode version: CJK punctuation, the unified ideographs and
    the full-width forms (test_normalize checks each against unicodedata), nearly all of a Chinese
    line. Compiled on first use, as ``normalize._usual_run``."""
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


@per_comparison  # most lines stand in both versions
def _line_width(line: str) -> int:
    return display_width(line)
