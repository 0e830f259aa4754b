"""Which lines could be headings: the numbering styles a label is printed in, and the title after it.

``candidates`` lists every reading of a line as a heading, most likely first; ``compare.parse``
decides which of them the document's sequences bear out.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from policydiff import regex_cache
from policydiff.lexicon import headings as patterns
from policydiff.lexicon import layout

# A heading line (not a numbered clause) is at most this many characters after its label.
MAX_TITLE = 40


def cn_to_int(text: str) -> int:
    """Chinese numerals to an int.

    >>> [cn_to_int(n) for n in ("一", "十二", "二十", "一百零三")]
    [1, 12, 20, 103]
    """
    total, current = 0, 0
    for ch in text:
        if ch == patterns.CN_HUNDRED:
            total += (current or 1) * 100
            current = 0
        elif ch == patterns.CN_TEN:
            total += (current or 1) * 10
            current = 0
        else:
            current = patterns.CN_VALUES.get(ch, 0)
    return total + current


def strip_label(text: str) -> str:
    """``text`` without a leading numbering label ("2.5", "四、", "（一）"), for quoting.

    >>> strip_label("（二）我们如何共享您的信息")
    '我们如何共享您的信息'
    """
    stripped = text.lstrip()
    for _style, regex in patterns.LABEL_STYLES:
        m = regex.match(stripped)
        if m:
            return stripped[m.end():]
    return stripped


@dataclass(slots=True)  # a few hundred a version, read often: no attribute dict
class Candidate:
    """One reading of a paragraph as a heading: style, number, label as printed, title text."""

    style: str
    number: tuple[int, ...]
    label: str
    rest: str
    # ``is_heading_line(rest.strip())``, read once: the parser asks it of a candidate several times
    heading_line: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.heading_line = is_heading_line(self.rest.strip())


def _number(style: str, raw: str) -> tuple[int, ...]:
    if style == "dotted":
        return tuple(int(x) for x in raw.replace("．", ".").replace(" ", "").split(".") if x)
    if style == "circled":
        return (patterns.CIRCLED.index(raw) + 1,)
    if style == "alpha":
        return (ord(raw.lower()) - ord("a") + 1,)
    if style == "md":
        return ()
    if raw.isdigit():
        return (int(raw),)
    return (cn_to_int(raw),)


@lru_cache(maxsize=16384)
def candidates(text: str, plain: bool = False) -> list[Candidate]:
    """Every way ``text`` could be read as a heading, most likely first (cached: callers only read it).

    ``plain`` also accepts a short unnumbered line as a heading (see ``parse``), only where no
    other reading is found: the plain reading of a line is its other readings (asked once for
    both), or the plain one alone.
    """
    if plain:
        found = candidates(text, False)
        if found:
            return found
        stripped = text.strip()
        bullet = None if stripped[:1].isalnum() else layout.LEADING_BULLET.match(stripped)
        return [Candidate("plain", (), "", stripped)] if not bullet and patterns.PLAIN_HEADING.match(stripped) else []
    stripped = text.strip()
    if not stripped[:1].isalnum():  # a bullet starts with neither (forms.bullet_end)
        bullet = layout.LEADING_BULLET.match(stripped)
        if bullet and not stripped.startswith("#"):
            stripped = stripped[bullet.end():]
    first = stripped[:1]
    if first not in _FIRSTS and not first.isdecimal():  # a body line: no pattern below can match it
        return []
    any_label = _any_label().match(stripped)
    if not any_label:  # a body line: none of the patterns below matches it
        return []
    out: list[Candidate] = []
    k = int(any_label.lastgroup[1:])  # type: ignore[index]
    if k < len(patterns.LABEL_STYLES):
        # the first style the line matches, read from the alternation's own groups (``_any_label``)
        style = patterns.LABEL_STYLES[k][0]
        group = _NUMBER_GROUP[k]
        raw = any_label.group(group)
        number = _number(style, raw)
        label = any_label.group().strip()
        rest = stripped[any_label.end():]
        if style == "dotted":
            out.append(Candidate(f"dot{len(number)}", number, label, rest))
            if len(number) == 2:
                # "1.53 快服…" (seed 004): item 1. whose text starts with a number
                first, _, tail = raw.replace("．", ".").partition(".")
                out.append(Candidate("num_dot", (int(first),), f"{first}.", tail.strip() + stripped[any_label.end(group):]))
        elif style == "md":
            out.append(Candidate(f"md{len(raw)}", (), label, rest))
        else:
            out.append(Candidate(style, number, label, rest))
        if not rest.strip() and style not in ("md", "chapter", "article"):
            out.pop()  # a bare label with nothing after it is not a heading
        if out:
            return out
    m = patterns.NUM_SPACE_HEADING.match(stripped)
    if m and is_heading_line(stripped[m.end():].strip()):
        return [Candidate("num_space", (int(m.group(1)),), m.group(1), stripped[m.end():].strip())]
    for style, regex in (("bold", patterns.BOLD_HEADING), ("bracket", patterns.BRACKET_HEADING)):
        m = regex.match(stripped)
        if m:
            return [Candidate(style, (), "", m.group(1).strip())]
    m = patterns.APPENDIX_HEADING.match(stripped)
    if m and len(stripped) <= MAX_TITLE:
        return [Candidate("appendix", (), "", stripped)]
    return []


def _tried() -> list[re.Pattern[str]]:
    """The patterns ``candidates`` tries before the plain one, in its order."""
    return [regex for _, regex in patterns.LABEL_STYLES] + [patterns.NUM_SPACE_HEADING, patterns.BOLD_HEADING,
                                                            patterns.BRACKET_HEADING, patterns.APPENDIX_HEADING]


@lru_cache(maxsize=1)
def _any_label() -> re.Pattern[str]:
    """The alternation of every label and heading pattern ``candidates`` tries before the plain
    one: it matches a line where one of them does (each is anchored at the start, none has a named
    group or a flag of its own), so a body line is passed by with one match, not a dozen. Each is
    a group named by its place (``_3``): the first that matches is the one the match names last
    (its group closes after those inside it), and its match is that pattern's own (nothing follows
    the alternation), its groups numbered after the named one (``_NUMBER_GROUP``)."""
    return regex_cache.compile("|".join(f"(?P<_{k}>{regex.pattern})" for k, regex in enumerate(_tried())))


def _number_groups() -> list[int]:
    """For each label style, the group of ``_any_label`` that holds its number (its own group 1)."""
    offset, out = 0, []
    for regex in _tried():
        out.append(offset + 2)  # the named group, then the pattern's first
        offset += 1 + regex.groups
    return out[: len(patterns.LABEL_STYLES)]


_NUMBER_GROUP = _number_groups()
# The first characters a line can start with when one of the patterns ``candidates`` tries
# matches it (each begins with one of these, or with a decimal digit: ``\d`` is ``str.isdecimal``);
# test_memo checks every code point. A line starting with another is passed by without a match.
_FIRSTS = frozenset(patterns.LABEL_STARTS + patterns.CN_DIGITS + patterns.CIRCLED + string.ascii_letters)


def is_heading_line(text: str) -> bool:
    """Short and not a sentence: a heading rather than a numbered clause."""
    if len(text) > MAX_TITLE:
        return False
    body = text.rstrip("：:")
    if len(body) <= 20:
        body = body.replace("：", "").replace(":", "")  # "附录：相关定义"
    return not patterns.TITLE_END.search(body)
