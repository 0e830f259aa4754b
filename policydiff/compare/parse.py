"""Build a section tree from a repaired Document.

Levels follow the order in which numbering styles first appear (the way legal-text
parsers do it), not a fixed table; a numbered line is a heading only when it
continues its siblings' sequence, so "14周岁以下…" or "1.53 快服…" stay body text.
A table of contents (a run of short heading lines the body repeats) is kept out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from policydiff.lexicon import headings as patterns
from policydiff.lexicon import labels, layout
from policydiff.model import Document, Paragraph, PolicyTree, Section
from policydiff.text.normalize import comparison_key

_UNNUMBERED = ("bold", "bracket", "appendix", "plain")
# Styles that close every open section and sit at the top level.
_TOP = ("appendix", "plain")
# A heading line (not a numbered clause) is at most this many characters after its label.
MAX_TITLE = 40
MAX_HEADING = 60


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


@dataclass
class Candidate:
    """One reading of a paragraph as a heading: style, number, label as printed, title text."""

    style: str
    number: tuple[int, ...]
    label: str
    rest: str


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

    ``plain`` also accepts a short unnumbered line as a heading (see ``parse``).
    """
    stripped = text.strip()
    bullet = layout.LEADING_BULLET.match(stripped)
    if bullet and not stripped.startswith("#"):
        stripped = stripped[bullet.end():]
    out: list[Candidate] = []
    for style, regex in patterns.LABEL_STYLES:
        m = regex.match(stripped)
        if not m:
            continue
        number = _number(style, m.group(1))
        label = m.group(0).strip()
        rest = stripped[m.end():]
        if style == "dotted":
            out.append(Candidate(f"dot{len(number)}", number, label, rest))
            if len(number) == 2:
                # "1.53 快服…" (seed 004): item 1. whose text starts with a number
                first, _, tail = m.group(1).replace("．", ".").partition(".")
                out.append(Candidate("num_dot", (int(first),), f"{first}.", tail.strip() + stripped[m.end(1):]))
        elif style == "md":
            out.append(Candidate(f"md{len(m.group(1))}", (), label, rest))
        else:
            out.append(Candidate(style, number, label, rest))
        if not rest.strip() and style not in ("md", "chapter", "article"):
            out.pop()  # a bare label with nothing after it is not a heading
        break
    if out:
        return out
    m = patterns.NUM_SPACE_HEADING.match(stripped)
    if m and _is_heading_line(stripped[m.end():].strip()):
        return [Candidate("num_space", (int(m.group(1)),), m.group(1), stripped[m.end():].strip())]
    for style, regex in (("bold", patterns.BOLD_HEADING), ("bracket", patterns.BRACKET_HEADING)):
        m = regex.match(stripped)
        if m:
            return [Candidate(style, (), "", m.group(1).strip())]
    m = patterns.APPENDIX_HEADING.match(stripped)
    if m and len(stripped) <= MAX_TITLE:
        return [Candidate("appendix", (), "", stripped)]
    if plain and not bullet and patterns.PLAIN_HEADING.match(stripped):
        return [Candidate("plain", (), "", stripped)]
    return []


def _is_heading_line(text: str) -> bool:
    """Short and not a sentence: a heading rather than a numbered clause."""
    body = text.rstrip("：:")
    if len(body) <= 20:
        body = body.replace("：", "").replace(":", "")  # "附录：相关定义"
    return len(text) <= MAX_TITLE and not patterns.TITLE_END.search(body)


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
    title_keys = [_title_key(p.text, plain) for p in paragraphs]
    while i < n:
        j = i
        seen: set[str] = set()
        while j < n:
            text = paragraphs[j].text.strip()
            if plain:
                text = text.rstrip("：:")  # an entry of a plain TOC may end with a colon (zhihu)
            cands = candidates(text, plain)
            if not cands or not _is_heading_line(text) or cands[0].style in ("bold", "bracket"):
                break
            title = title_keys[j] if not plain else _title_key(text, plain)
            if title in seen:  # the body starts repeating the list: the TOC ended
                break
            seen.add(title)
            j += 1
        if j - i >= 3:
            later = set(title_keys[j:])
            titles = title_keys[i:j]
            repeated = sum(1 for t in titles if t in later)
            end = j
            while end > i and titles[end - i - 1] not in later:
                end -= 1
            if repeated >= max(2, len(titles) // 3) and end - i >= 3:
                toc.update(range(i, end))
                j = end
        i = max(j, i + 1)
    return toc


def _title_key(text: str, plain: bool = False) -> str:
    cands = candidates(text.strip(), plain)
    rest = cands[0].rest if cands else text
    return comparison_key(rest)


@dataclass
class _Frame:
    style: str
    number: tuple[int, ...]
    section: Section
    clause: bool = False  # a numbered sentence (list item), not a short heading line


# Conventional rank of numbering styles (lower = outer). Levels still come from the order of
# first appearance; the rank only decides one case: a new, conventionally outer style right
# after a numbered clause closes that clause instead of nesting in it when it is a
# Chinese-numeral style or a short heading line (seed 001 二: list items "1、…" "2、…" come
# before their sibling "（一）帮助您成为我们的用户"; corpus jianying 2022: a summary's
# "（7）…" before "1. 我们如何收集…"). A clause stays open for a clause ("1) …" holding
# "(1) 基于合理商业习惯：…" in seed 003).
RANK = {
    "chapter": 0, "article": 1, "cn": 2, "paren_cn": 3, "dot1": 4, "num_dot": 4, "num_dun": 4,
    "dot2": 5, "dot3": 6, "dot4": 7, "paren_num": 8, "num_paren": 9, "circled": 10, "alpha": 11,
}


def _follows(prev: tuple[int, ...], new: tuple[int, ...]) -> bool:
    """``new`` continues the sibling sequence after ``prev`` (gaps of two and repeats allowed)."""
    if not prev or not new:
        return True
    if len(prev) == len(new) > 1 and prev[:-2] == new[:-2] and new[-2] == prev[-2] + 1 and new[-1] in (0, 1):
        return True  # "1.5" -> "2.1" when the parents "1." "2." are not printed (corpus xiaohongshu)
    if len(prev) != len(new) or prev[:-1] != new[:-1]:
        return False
    return prev[-1] <= new[-1] <= prev[-1] + 3


def _starts(new: tuple[int, ...], parent: _Frame | None) -> bool:
    """``new`` can open a new level under ``parent``."""
    if not new:
        return True
    if new[-1] not in (0, 1):
        return False
    if len(new) > 1 and parent is not None and parent.style in ("num_dot", "num_dun", "num_space") or (
        parent is not None and parent.style.startswith("dot") and len(new) > 1
    ):
        assert parent is not None
        return parent.number == new[:-1]
    return True


def _make_section(cand: Candidate, para: Paragraph, level: int) -> Section:
    rest = cand.rest.strip()
    if _is_heading_line(rest):
        title = rest
    else:
        m = patterns.TITLE_END.search(rest)
        title = rest[: m.start()] if m and m.start() > 0 else rest
        title = title[:MAX_HEADING]
    # the heading as printed: the paragraph up to the end of the title
    text = para.text.strip()
    end = text.find(title) + len(title) if title and title in text else min(len(text), MAX_HEADING)
    heading = text[:end].strip() or text[:MAX_HEADING]
    if cand.style in _UNNUMBERED or cand.style.startswith("md"):
        title = rest
        heading = rest
    return Section(
        label=cand.label, style=cand.style, number=cand.number, heading=heading, title=title, level=level, head=para,
        label_key=comparison_key(cand.label), title_key=comparison_key(title),
    )


# A document longer than this (key characters) whose numbering leaves it unstructured is
# parsed again with short unnumbered lines as headings.
PLAIN_MIN_CHARS = 3000


def parse(document: Document) -> PolicyTree:
    """Turn a Document into a PolicyTree (preamble root, numbered sections below).

    Some policies carry no numbering at the top level, only short heading lines
    (corpus: didi-hk, zhihu, papergames-nikki v1). When the numbered parse leaves such
    a document unstructured, short unnumbered lines become top-level headings.
    """
    tree = _parse(document, plain=False)
    if _unstructured(tree):
        plain_tree = _parse(document, plain=True)
        if len(plain_tree.root.children) >= 3:
            return plain_tree
    return tree


def _unstructured(tree: PolicyTree) -> bool:
    """Long, yet its top level is missing, mostly preamble, or made of list-item numbering."""
    total = sum(len(p.key) for p in tree.document.paragraphs)
    if total < PLAIN_MIN_CHARS:
        return False
    top = tree.root.children
    preamble = sum(len(p.key) for p in tree.root.body)
    if len(top) < 3 or preamble > 0.4 * total:
        return True
    share: dict[str, int] = {}
    for section in top:
        share[section.style] = share.get(section.style, 0) + sum(len(p.key) for s in section.walk() for p in s.paragraphs)
    main_style = max(share, key=lambda style: share[style])
    return RANK.get(main_style, 0) >= RANK["paren_num"]


def _parse(document: Document, plain: bool) -> PolicyTree:
    paragraphs = document.paragraphs
    toc_idx = find_toc(paragraphs, plain)
    first = paragraphs[0].text.strip() if paragraphs else ""
    root_heading = first if first and len(first) <= MAX_TITLE else labels.PREAMBLE
    root = Section(label="", style="preamble", number=(), heading=root_heading, title=root_heading, level=0,
                   title_key=comparison_key(root_heading))
    stack: list[_Frame] = []
    # last number accepted per style, with the nearest numbered ancestor it was accepted under
    memory: dict[str, tuple[int, tuple[int, ...]]] = {}
    current = root
    toc: list[Paragraph] = []
    for i, para in enumerate(paragraphs):
        if i in toc_idx:
            toc.append(para)
            continue
        # the first line is the document's title (the root's heading), never a plain heading
        placed = _place(para, stack, memory, root, plain and i > 0)
        if placed is None:
            current.body.append(para)
        else:
            current = placed
    _finish(root)
    return PolicyTree(document=document, root=root, toc=toc)


def _anchor(stack: list[_Frame]) -> int:
    """Identity of the nearest numbered frame (the context a sequence belongs to)."""
    for frame in reversed(stack):
        if frame.number:
            return id(frame.section)
    return 0


def _place(
    para: Paragraph, stack: list[_Frame], memory: dict[str, tuple[int, tuple[int, ...]]], root: Section, plain: bool
) -> Section | None:
    """Try to open a section at ``para``; return it, or None when the paragraph is body text."""
    for cand in candidates(para.text, plain):
        if cand.number:
            # numbered headings never nest under a bold or bracketed line: those close here
            while stack and stack[-1].style in ("bold", "bracket"):
                stack.pop()
        styles = [f.style for f in stack]
        if cand.style in styles:
            i = styles.index(cand.style)
            if not _follows(stack[i].number, cand.number):
                continue
            del stack[i:]
        else:
            rank = RANK.get(cand.style)
            outer = rank is not None and (rank <= RANK["paren_cn"] or _is_heading_line(cand.rest.strip()))
            while outer and stack and stack[-1].clause and rank is not None and rank < RANK.get(stack[-1].style, -1):
                stack.pop()
            parent = stack[-1] if stack else None
            remembered = memory.get(cand.style)
            continuing = remembered is not None and remembered[0] == _anchor(stack) and _follows(remembered[1], cand.number)
            if not (_starts(cand.number, parent) or continuing):
                continue
            if cand.style in _UNNUMBERED and cand.style not in _TOP and parent is not None and parent.number:
                # a bold or bracketed line inside a numbered section is emphasis, not structure
                if not _is_heading_line(cand.rest):
                    continue
        parent_section = stack[-1].section if stack else root
        if cand.style in _TOP:
            # an appendix (or a plain heading line) sits beside the top-level sections
            stack.clear()
            parent_section = root
        section = _make_section(cand, para, len(stack) + 1)
        section.parent = parent_section
        parent_section.children.append(section)
        clause = bool(cand.number) and not _is_heading_line(cand.rest.strip())
        stack.append(_Frame(cand.style, cand.number, section, clause))
        memory[cand.style] = (_anchor(stack[:-1]), cand.number)
        return section
    return None


def _finish(root: Section) -> None:
    """Number sections in document order."""
    for i, section in enumerate(root.walk()):
        section.index = i
