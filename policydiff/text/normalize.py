"""Repair extracted text into paragraphs (``text.wrap``) and compute comparison keys.

Two texts whose keys are equal have no change, whatever their layout: the key is
NFKC (full/half width), without whitespace, zero-width characters, Markdown emphasis,
leading bullets or web addresses, with quotes unified. Web addresses are left out
because PDF extraction scatters link annotations and wraps them mid-address (seed
000); a changed address is reported by the classifier's link comparison instead. Every key character maps back to the
original character that produced it, so reports quote the policy as printed.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress

from policydiff import regex_cache
from policydiff.lexicon import layout
from policydiff.model import Document, Paragraph, RawText
from policydiff.text.forms import (
    _ASCII_UPPER,
    _CODE_KEYS,
    _DROPPED,
    _KEYS,
    _STEADY,
    _USUAL_FORMS,
    _form_of,
    _key_of,
    _not_itself,
    _usual_key,
    _usual_run,
    bullet_end,
    plain,
)
from policydiff.text.memo import recall
from policydiff.text.wrap import display_width, repair_lines, repair_split, wrap_width

__all__ = ["comparison_key", "display_width", "key_with_map", "original_span", "repair_lines", "squeeze", "to_document",
           "wrap_width"]  # wrap repair lives in ``text.wrap``; its names are read from here as ever

_UNDERSCORES = regex_cache.compile(r"_{2,}")


def key_with_map(text: str) -> tuple[str, array[int]]:
    """Comparison key of ``text`` and, for each key character, its index in ``text``.

    The key is made by ``_translated``. A text with no web address or run of underscores (nearly
    all) maps its key back through the runs between its dropped characters (spaces, zero-width
    ones), each copied from ``_IDENTITY`` (one run when a usual text drops none); one with such a
    span, or with a character whose form is longer than one ("…" -> "..."), takes
    ``_key_with_map_by_character``.

    >>> key_with_map("• 手机 号码")
    ('手机号码', array('i', [2, 3, 5, 6]))
    """
    if plain(text) and len(text) <= len(_IDENTITY):
        start, key, one_to_one = _translated(text)
        if one_to_one:
            return key, _IDENTITY[start : len(text)]
        index = _between_dropped(text, start)
        if len(index) == len(key):  # one key character for each kept one
            return key, index
    else:
        blanked = _blanked(text, mapped=True)
        if blanked is not None:
            return blanked  # type: ignore[return-value]
    return _key_with_map_by_character(text)


def _between_dropped(text: str, start: int) -> array[int]:
    """Indices of the characters of ``text`` from ``start`` on that are not dropped: the runs
    between dropped ones, each copied from ``_IDENTITY``."""
    index, pos = array("i"), start
    for m in _DROPPED.finditer(text, start):
        index += _IDENTITY[pos : m.start()]
        pos = m.end()
    index += _IDENTITY[pos : len(text)]
    return index


def keys_with_maps(texts: list[str]) -> list[tuple[str, array[int]]]:
    """``key_with_map`` of each text. The usual plain ones (nearly all paragraphs) are keyed
    together: joined by newlines, each ``str.replace`` of ``_usual_key`` is one pass over all of
    them, where a call for each paragraph cost more than its pass. Any other is keyed alone."""
    starts = [bullet_end(text) for text in texts]
    joined = "\n".join([text[start:] if start else text for text, start in zip(texts, starts, strict=True)])
    alone = _keyed_alone(texts, starts, joined)
    for ch, form in _USUAL_FORMS:
        joined = joined.replace(ch, form)
    keys = (joined.lower() if _ASCII_UPPER.search(joined) else joined).split("\n")
    if len(keys) != len(texts):  # a newline inside a text: not a paragraph
        return [key_with_map(text) for text in texts]
    out: list[tuple[str, array[int]]] = []
    for i, (text, start, key) in enumerate(zip(texts, starts, keys, strict=True)):
        if i in alone:
            out.append(key_with_map(text))
        elif len(key) == len(text) - start:  # nothing dropped: each character its own form
            out.append((key, _IDENTITY[start : len(text)]))
        else:
            out.append((key, _between_dropped(text, start)))
    return out


def _keyed_alone(texts: list[str], starts: list[int], joined: str) -> set[int]:
    """The texts ``keys_with_maps`` keys one by one: not plain, too long for ``_IDENTITY``, or with
    a character that is not usual (found between the runs of usual ones over the joined texts)."""
    alone = set()
    if not plain(joined) or len(joined) > len(_IDENTITY):  # rare: each text asked
        alone = {i for i, text in enumerate(texts) if not plain(text) or len(text) > len(_IDENTITY)}
    usual, pos, ends = _usual_run(newline=True), 0, None
    while True:
        run = usual.match(joined, pos)
        assert run is not None  # a run may be empty
        pos = run.end()
        if pos == len(joined):
            return alone
        if ends is None:  # where each text ends in ``joined``, past its newline
            ends = list(accumulate(len(text) - start + 1 for text, start in zip(texts, starts, strict=True)))
        alone.add(bisect_right(ends, pos))
        pos += 1


def _translated(text: str) -> tuple[int, str, bool]:
    """Where ``text`` starts after its leading bullet, the key of the rest (``plain`` texts): a few
    ``str.replace`` for a usual text, else one ``str.translate`` over the table of forms; and
    whether each character of the rest is one key character (a usual text that dropped none)."""
    start = bullet_end(text)
    rest = text[start:] if start else text
    key = _usual_key(rest)
    if key is None:
        return start, rest.translate(_CODE_KEYS), False
    return start, key, len(key) == len(rest)


def _blanked(text: str, mapped: bool) -> tuple[str, array[int] | None] | None:
    """``_key_with_map_by_character`` of a text (its map only when ``mapped``) whose characters'
    forms are each one character or none (nearly every text with a web address), made in C: each
    kind of character that may change is replaced by its form (a NUL for an empty one) in one
    ``str.replace``, so the replaced text keeps every character's place; the spans blanked whole
    are found there (web addresses on the forms, as ``_character_forms`` finds them) and in the
    text, and the key is the rest without the NULs. None for another text (a longer form, a NUL
    of its own, too long for ``_IDENTITY``): one character at a time."""
    if len(text) > len(_IDENTITY) or "\0" in text:
        return None
    marked = text
    for ch in set(_not_itself().findall(text)):
        form = _STEADY[ch]
        if form is None or len(form) > 1:
            return None
        marked = marked.replace(ch, form or "\0")
    start = bullet_end(text)
    spans = [(0, start)]
    if "://" in text or "：／／" in text:
        probe = " " * start + marked[start:].replace("\0", " ")  # ``_character_forms``'s probe
        spans += [m.span() for m in layout.URL.finditer(probe)]
    if "__" in text:
        spans += [m.span() for m in _UNDERSCORES.finditer(text)]
    pieces: list[str] = []
    index: array[int] | None = array("i") if mapped else None
    pos = 0
    for a, b in sorted(spans) + [(len(text), len(text))]:
        if a > pos:  # kept: the characters from pos to a
            pieces.append(marked[pos:a])
            if index is not None:
                drop = marked.find("\0", pos, a)
                while drop != -1:
                    index += _IDENTITY[pos:drop]
                    pos = drop + 1
                    drop = marked.find("\0", pos, a)
                index += _IDENTITY[pos:a]
        pos = max(pos, b)
    return "".join(pieces).replace("\0", ""), index


def _key_with_map_by_character(text: str) -> tuple[str, array[int]]:
    """``key_with_map`` one character at a time: each character's form (``_character_forms``),
    joined, and the index of each kept one."""
    keys = _character_forms(text)
    key = "".join(keys)
    # an array of machine ints, not a list of int objects: a 20 MB paragraph's map is 27 MB, not 250
    # (4-byte ints: inputs are capped far below 2³¹ characters, text/limits.py)
    index = _kept(keys)
    if len(index) != len(key):  # a character whose form is longer than one ("…" -> "...")
        index = array("i", (i for i, k in enumerate(keys) for _ in k))
    return key, index


def _character_forms(text: str) -> list[str]:
    """The form of each character of ``text``: one table look-up per character (``map`` over a
    dict), then the dropped spans are blanked: the leading bullet, web addresses and runs of
    underscores (Markdown emphasis, blanks). ``comparison_key`` of a text with such a span joins
    them and makes no map."""
    keys = list(map(_key_of, text))
    if None in keys:  # a character seen for the first time
        keys = list(map(_KEYS.__getitem__, text))
    start = bullet_end(text)
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
    return keys


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
    Without a span blanked whole, no map is made: the characters that may not be their own form
    are found (one regex pass) and each distinct one is replaced by its form (one ``str.replace``
    each, a pass in C). A sentence has a few kinds (commas, brackets, colons) but many of each: a
    Python call for each one found (``re.sub`` with a function) cost several times more.

    >>> comparison_key("- 您的 “手机号码”")
    '您的"手机号码"'
    """
    if not plain(text):  # a span blanked whole: its key without the map ``key_with_map`` makes
        blanked = _blanked(text, mapped=False)
        return "".join(_character_forms(text)) if blanked is None else blanked[0]
    start = bullet_end(text)
    rest = text[start:] if start else text
    found = _not_itself().findall(rest)
    if not found:
        return rest
    key = rest
    for ch in set(found):  # the order does not matter: no form brings in a character replaced after it
        form = _STEADY[ch]
        if form is None:  # a form with a character that is not its own form ("\u01c5" -> "Dz\u030c")
            return _not_itself().sub(_form_of, rest)
        key = key.replace(ch, form)
    return key


def to_document(raw: RawText) -> Document:
    """Repair a decoded text and key its paragraphs."""
    paragraphs: list[Paragraph] = []
    lines = raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    repaired = repair_split(lines)  # ``repair_lines`` of the lines split here
    keyed = _paragraph_keys([text for text, _ in repaired])
    for (text, line_no), (key, index) in zip(repaired, keyed, strict=True):
        if not key:
            continue
        line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
        # the indentation, without copying the rest of the line (most lines have none: no match to start)
        lead = _LEADING_SPACE.match(line) if line[:1].isspace() else None
        indent = display_width(lead.group().replace("\t", "    ")) if lead else 0
        paragraphs.append(Paragraph(text, key, index, line_no, indent))  # text, key, key_map, line_no, indent
    return Document(source=raw.source, text=raw.text, paragraphs=paragraphs, encoding=raw.encoding)


def _paragraph_keys(texts: list[str]) -> list[tuple[str, array[int]]]:
    """``keys_with_maps`` of a version's paragraphs. Most paragraphs stand in both versions: in a
    comparison, the table of those keyed (``memo.recall``, dropped with the comparison) gives the
    other version's again; their maps are only read."""
    known: dict[str, tuple[str, array[int]]] = recall(_paragraph_keys, "keyed", dict)
    new = [text for text in dict.fromkeys(texts) if text not in known]
    known.update(zip(new, keys_with_maps(new), strict=True))
    return [known[text] for text in texts]


def original_span(paragraph: Paragraph, key_start: int, key_end: int) -> str:
    """The original wording behind ``paragraph.key[key_start:key_end]``."""
    if key_start >= key_end or not paragraph.key_map:
        return ""
    a = paragraph.key_map[key_start]
    b = paragraph.key_map[key_end - 1] + 1
    return paragraph.text[a:b]


_WS = regex_cache.compile(r"\s+")
_LEADING_SPACE = _WS  # matched at a line's start: its indentation (the characters str.lstrip drops)


def squeeze(text: str) -> str:
    """Collapse runs of whitespace to one space (for one-line displays)."""
    return _WS.sub(" ", text).strip()
