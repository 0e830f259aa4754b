"""Tables of contents: a run of short heading lines that the body repeats later, kept out of the tree."""

from __future__ import annotations

from typing import cast

from policydiff.compare.headings import MAX_TITLE, Candidate, candidates, is_heading_line
from policydiff.lexicon import layout
from policydiff.model import Paragraph
from policydiff.text.memo import per_comparison
from policydiff.text.normalize import comparison_key


def find_toc(paragraphs: list[Paragraph], plain: bool = False, cands: list[list[Candidate]] | None = None) -> set[int]:
    """Indexes of paragraphs forming a table of contents.

    A TOC is a run of at least three short heading-like lines, with no body text
    between them, whose titles come back later as headings of the body. Entries at
    the end of the run that the body does not repeat are the body's first headings
    (corpus uc-browser v1: TOC "1、…" runs straight into the body's "一、…").
    ``cands`` are the parser's ``candidates(p.text, plain)`` of each paragraph, read here
    rather than looked up again.
    """
    if cands is None:
        cands = [candidates(p.text, plain) for p in paragraphs]
    titles = _entry_titles(paragraphs, plain, cands)
    toc: set[int] = set()
    i = 0
    n = len(paragraphs)
    last: dict[str, int] = {}  # title key -> place of its last paragraph, made when a run first asks

    def later(title: str, start: int) -> bool:
        """Whether a paragraph from ``start`` on has this title key (one map for the whole text,
        not a set of the keys after each run)."""
        if not last:
            last.update(_title_keys(paragraphs, cands))
        return last.get(title, -1) >= start

    while i < n:
        if titles[i] is None:  # body text: no run starts here
            i += 1
            continue
        j = i
        seen: set[str] = set()
        while j < n:
            title = titles[j]
            if title is None or title in seen:  # body text, or the body starts repeating the list
                break
            seen.add(title)
            j += 1
        if j - i >= 3:
            run = cast("list[str]", titles[i:j])  # entries all
            repeated = sum(1 for t in run if later(t, j))
            end = j
            while end > i and not later(run[end - i - 1], j):
                end -= 1
            if repeated >= max(2, len(run) // 3) and end - i >= 3:
                toc.update(range(i, end))
                j = end
        i = max(j, i + 1)
    return toc


def _entry_titles(paragraphs: list[Paragraph], plain: bool, cands: list[list[Candidate]]) -> list[str | None]:
    """The title key of each paragraph that could be a TOC entry (a short heading line, not a bold
    or bracketed one), None for the others. An entry of a plain TOC may end with a colon (zhihu)."""
    titles: list[str | None] = []
    for p, found in zip(paragraphs, cands, strict=True):
        if plain:  # the line without its colon is read again (when it has one)
            text = p.text.strip().rstrip("\uff1a:")
            if text != p.text:
                found = candidates(text, plain)
        if not found or found[0].style in ("bold", "bracket"):
            titles.append(None)
            continue
        if not plain:
            text = p.text.strip()
        if not is_heading_line(text):
            titles.append(None)
            continue
        # ``_title_key`` of the line read (the colon-less one of a plain TOC), from the candidates
        # found: those of its stripped text (``candidates`` strips)
        titles.append(_LONG if len(text if plain else p.text) > _LONGEST else comparison_key(entry_title(found[0].rest)))
    return titles


def listed_titles(toc_idx: set[int], cands: list[list[Candidate]]) -> frozenset[str]:
    """The title keys of the table of contents' entries (``find_toc``'s paragraphs, read from their
    candidates): the headings the body is known to have."""
    return frozenset(comparison_key(entry_title(cands[i][0].rest)) for i in toc_idx if cands[i])


def entry_title(text: str) -> str:
    """A contents entry's title without the page number it ends with, which the body's heading
    does not repeat (``layout.CONTENTS_PAGE``).

    >>> entry_title("如何存储您的个人信息 18"), entry_title("总则……3"), entry_title("第3条")
    ('如何存储您的个人信息', '总则', '第3条')
    """
    return layout.CONTENTS_PAGE.sub("", text)


def _title_keys(paragraphs: list[Paragraph], cands: list[list[Candidate]]) -> dict[str, int]:
    """Title key -> place of the last paragraph with it: ``_paragraph_title_key`` of each, read
    from ``cands`` (the candidates of ``p.text``, as of its stripped text: ``candidates`` strips)."""
    return {(_LONG if len(p.text) > _LONGEST else comparison_key(found[0].rest) if found else p.key): k
            for k, (p, found) in enumerate(zip(paragraphs, cands, strict=True))}


_LONG = "\0"  # the title key of a paragraph far too long to be a heading: equal to no title
_LONGEST = 25 * MAX_TITLE  # a paragraph longer than this is not keyed as a title


def _paragraph_title_key(p: Paragraph, plain: bool) -> str:
    """``_title_key`` of a paragraph's text: a paragraph no heading label starts is its own title,
    and its key (``text.normalize.to_document``) is the key of its text — not made again. The
    reading ``_title_keys`` makes from the candidates at hand (test_memo checks both agree)."""
    if len(p.text) <= _LONGEST and not candidates(p.text, plain):  # parse asks the same
        return p.key
    return _title_key(p.text, plain)


@per_comparison  # most paragraphs stand in both versions (and a reparse reads them again)
def _title_key(text: str, plain: bool = False) -> str:
    if len(text) > _LONGEST:  # a body paragraph (of 10 MB, say): not keyed for nothing
        return _LONG
    cands = candidates(text.strip(), plain)
    rest = cands[0].rest if cands else text
    return comparison_key(rest)
