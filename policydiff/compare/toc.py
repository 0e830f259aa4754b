"""Tables of contents: a run of short heading lines that the body repeats later, kept out of the tree."""

from __future__ import annotations

from policydiff.compare.headings import MAX_TITLE, candidates, is_heading_line
from policydiff.model import Paragraph
from policydiff.text.memo import per_comparison
from policydiff.text.normalize import comparison_key


def find_toc(paragraphs: list[Paragraph], plain: bool = False) -> set[int]:
    """Indexes of paragraphs forming a table of contents.

    A TOC is a run of at least three short heading-like lines, with no body text
    between them, whose titles come back later as headings of the body. Entries at
    the end of the run that the body does not repeat are the body's first headings
    (corpus uc-browser v1: TOC "1、…" runs straight into the body's "一、…").
    """
    toc: set[int] = set()
    i = 0
    n = len(paragraphs)
    last: dict[str, int] = {}  # title key -> place of its last paragraph, made when a run first asks

    def later(title: str, start: int) -> bool:
        """Whether a paragraph from ``start`` on has this title key (one map for the whole text,
        not a set of the keys after each run)."""
        if not last:
            last.update((_paragraph_title_key(p, plain), k) for k, p in enumerate(paragraphs))
        return last.get(title, -1) >= start

    while i < n:
        j = i
        seen: set[str] = set()
        while j < n:
            text = paragraphs[j].text.strip()
            if plain:
                text = text.rstrip("：:")  # an entry of a plain TOC may end with a colon (zhihu)
            cands = candidates(text if plain else paragraphs[j].text, plain)  # candidates strips: parse's own look-up
            if not cands or not is_heading_line(text) or cands[0].style in ("bold", "bracket"):
                break
            title = _title_key(paragraphs[j].text if not plain else text, plain)
            if title in seen:  # the body starts repeating the list: the TOC ended
                break
            seen.add(title)
            j += 1
        if j - i >= 3:
            titles = [_title_key(p.text, plain) for p in paragraphs[i:j]]
            repeated = sum(1 for t in titles if later(t, j))
            end = j
            while end > i and not later(titles[end - i - 1], j):
                end -= 1
            if repeated >= max(2, len(titles) // 3) and end - i >= 3:
                toc.update(range(i, end))
                j = end
        i = max(j, i + 1)
    return toc


_LONG = "\0"  # the title key of a paragraph far too long to be a heading: equal to no title


def _paragraph_title_key(p: Paragraph, plain: bool) -> str:
    """``_title_key`` of a paragraph's text: a paragraph no heading label starts is its own title,
    and its key (``text.normalize.to_document``) is the key of its text — not made again."""
    if len(p.text) <= 25 * MAX_TITLE and not candidates(p.text, plain):  # parse asks the same
        return p.key
    return _title_key(p.text, plain)


@per_comparison  # most paragraphs stand in both versions (and a reparse reads them again)
def _title_key(text: str, plain: bool = False) -> str:
    if len(text) > 25 * MAX_TITLE:  # a body paragraph (of 10 MB, say): not keyed for nothing
        return _LONG
    cands = candidates(text.strip(), plain)
    rest = cands[0].rest if cands else text
    return comparison_key(rest)
