"""Build a section tree from a repaired Document.

Levels follow the order in which numbering styles first appear (the way legal-text
parsers do it), not a fixed table; a numbered line is a heading only when it
continues its siblings' sequence, so "14周岁以下…" or "1.53 快服…" stay body text.
A table of contents (a run of short heading lines the body repeats) is kept out.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.compare import toc
from policydiff.compare.headings import MAX_TITLE, Candidate, candidates, is_heading_line
from policydiff.lexicon import headings as patterns
from policydiff.lexicon import labels
from policydiff.model import Document, Paragraph, PolicyTree, RawText, Section
from policydiff.text.memo import per_comparison, per_object
from policydiff.text.normalize import comparison_key, to_document

_UNNUMBERED = ("bold", "bracket", "appendix", "plain")
# Styles that close every open section and sit at the top level.
_TOP = ("appendix", "plain")
# A heading line (not a numbered clause) is at most this many characters after its label.
MAX_HEADING = 60


@dataclass(slots=True)  # one per opened section: no attribute dict to make
class _Frame:
    style: str
    number: tuple[int, ...]
    section: Section
    clause: bool = False  # a numbered sentence (list item), not a short heading line
    key: str = ""  # the style as sequences are kept: the style, or style@indent in the indented reading


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


@per_comparison  # a heading usually stands in both versions
def _heading_of(text: str, style: str, rest: str, heading_line: bool) -> tuple[str, str, str]:
    """The heading as printed, the title and the title's key of a candidate read from ``text``."""
    rest = rest.strip()
    if heading_line:
        title = rest
    else:
        m = patterns.TITLE_END.search(rest)
        title = rest[: m.start()] if m and m.start() > 0 else rest
        title = title[:MAX_HEADING]
    # the heading as printed: the paragraph up to the end of the title
    text = text.strip()
    end = text.find(title) + len(title) if title and title in text else min(len(text), MAX_HEADING)
    heading = text[:end].strip() or text[:MAX_HEADING]
    if style in _UNNUMBERED or style.startswith("md"):
        title = rest
        heading = rest
    return heading, title, comparison_key(title)


# A document longer than this (key characters) whose numbering leaves it unstructured is
# parsed again with short unnumbered lines as headings.
PLAIN_MIN_CHARS = 3000


def read_tree(raw: RawText) -> PolicyTree:
    """Repair and parse one version: ``parse(text.normalize.to_document(raw))``."""
    return parse(to_document(raw))


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
            tree = plain_tree
    return _self_check(tree, document)


# One section holding more than this share of the body is implausible (a list item that
# swallowed the document: corpus/real sina-weibo 2020, nesting shown only by indentation).
SWALLOW_SHARE = 0.5


def _is_clause(section: Section) -> bool:
    """A numbered sentence (a list item), not a short heading line."""
    if section.head is None or not section.number:
        return False
    cands = candidates(section.head.text, False)  # the parser's own look-up
    return bool(cands) and not cands[0].heading_line


def _swallower(tree: PolicyTree) -> tuple[Section | None, float]:
    """The numbered clause (a list item, not a heading) whose subtree holds the largest share of
    the text: a heading may well hold most of a policy ("第二部分 隐私政策"), a list item may not."""
    total = len(tree.document.key) or 1  # the paragraphs' keys joined (made once per document)
    sizes = _subtree_sizes(tree)
    best: tuple[Section | None, float] = (None, 0.0)
    for section in tree.sections:
        share = sizes[id(section)] / total
        if share > best[1] and _is_clause(section):  # the share first: it is cheaper to ask
            best = (section, share)
    return best


@per_object  # asked by _unstructured and again by _swallower of the same tree
def _subtree_sizes(tree: PolicyTree) -> dict[int, int]:
    """Key characters under each section (by id), its own and its descendants', in one walk."""
    sizes: dict[int, int] = {}
    for section in reversed(tree.sections):  # children before their parent (the walk made once per tree)
        size = 0 if section.head is None else len(section.head.key)  # its ``paragraphs``: head and body
        for p in section.body:
            size += len(p.key)
        for child in section.children:
            size += sizes[id(child)]
        sizes[id(section)] = size
    return sizes


def _self_check(tree: PolicyTree, document: Document) -> PolicyTree:
    """When one section swallows most of the body, try the next-best reading (heading lines and
    numbered clauses, and indentation levels, numbered apart), keep whichever is more plausible,
    and say so in ``warnings``."""
    if len(document.key) < PLAIN_MIN_CHARS:
        return tree
    section, share = _swallower(tree)
    if section is None or share <= SWALLOW_SHARE:
        return tree
    other = _parse(document, plain=False, indented=True)
    other_section, other_share = _swallower(other)
    if other_share < share:
        other.warnings.append(f"reparsed:{section.label or section.heading[:12]}")
        if other_section is not None and other_share > SWALLOW_SHARE:
            other.warnings.append(f"section_swallows:{other_section.label}:{other_share:.0%}")
        return other
    tree.warnings.append(f"section_swallows:{section.label}:{share:.0%}")
    return tree


def _unstructured(tree: PolicyTree) -> bool:
    """Long, yet its top level is missing, mostly preamble, or made of list-item numbering."""
    total = len(tree.document.key)
    if total < PLAIN_MIN_CHARS:
        return False
    top = tree.root.children
    preamble = sum(len(p.key) for p in tree.root.body)
    if len(top) < 3 or preamble > 0.4 * total:
        return True
    share: dict[str, int] = {}
    sizes = _subtree_sizes(tree)  # key characters under each section, in one walk
    for section in top:
        share[section.style] = share.get(section.style, 0) + sizes[id(section)]
    main_style = max(share, key=lambda style: share[style])
    return RANK.get(main_style, 0) >= RANK["paren_num"]


def _parse(document: Document, plain: bool, indented: bool = False) -> PolicyTree:
    paragraphs = document.paragraphs
    # each paragraph's readings as a heading, asked once for the table of contents and the tree
    # (the first line is the document's title, never a plain heading)
    readings = [candidates(p.text, plain and i > 0) for i, p in enumerate(paragraphs)]
    # the table of contents reads the first line as the others (a plain reading of it too)
    toc_readings = [candidates(paragraphs[0].text, True)] + readings[1:] if plain and paragraphs else readings
    toc_idx = toc.find_toc(paragraphs, plain, toc_readings)
    first = paragraphs[0].text.strip() if paragraphs else ""
    root_heading = first if first and len(first) <= MAX_TITLE else labels.PREAMBLE
    root = Section(label="", style="preamble", number=(), heading=root_heading, title=root_heading, level=0,
                   title_key=comparison_key(root_heading))
    stack: list[_Frame] = []
    # last number accepted per style, with the nearest numbered ancestor it was accepted under
    memory: dict[str, tuple[int, tuple[int, ...]]] = {}
    current = root
    toc_lines: list[Paragraph] = []
    listed = toc.listed_titles(toc_idx, toc_readings)
    for i, (para, cands) in enumerate(zip(paragraphs, readings, strict=True)):
        if i in toc_idx:
            toc_lines.append(para)
            continue
        placed = _place(para, cands, stack, memory, root, indented, listed) if cands else None
        if placed is None:
            current.body.append(para)
        else:
            current = placed
    _finish(root)
    return PolicyTree(document=document, root=root, toc=toc_lines)


def _anchor(stack: list[_Frame]) -> int:
    """Identity of the nearest numbered frame (the context a sequence belongs to)."""
    for frame in reversed(stack):
        if frame.number:
            return id(frame.section)
    return 0


_PAREN_CN_RANK = RANK["paren_cn"]


def _place(
    para: Paragraph, cands: list[Candidate], stack: list[_Frame], memory: dict[str, tuple[int, tuple[int, ...]]],
    root: Section, indented: bool = False, listed: frozenset[str] = frozenset(),
) -> Section | None:
    """Try to open a section at ``para`` as one of its ``cands`` (``candidates``); return it, or None
    when the paragraph is body text.

    Long on purpose: the sibling, nesting and closing rules share the open stack and read
    best in the order they are tried. ``indented`` keeps a style's sequences apart by the
    line's indentation (the next-best reading of a flattened HTML list). It runs for every
    heading of both versions: the stack's short walks (the frame kept under a key, the nearest
    numbered one) are written out here rather than called. A heading line the table of contents
    lists (``listed``: its entries' title keys) that starts its numbering again after a list of
    numbered sentences in the same style closes that list (soul v2: 「1. 对于个人敏感信息，…」…「4. 请您
    理解，…」 of the opening notes, then the body's 「1.如何收集和使用您的个人信息」).
    """
    for cand in cands:
        style, number = cand.style, cand.number
        if indented and number:  # heading lines and numbered clauses count apart, by indentation too
            key = f"{style}{'#h' if cand.heading_line else '#c'}@{para.indent}"
        else:
            key = style
        if number:
            # numbered headings never nest under a bold or bracketed line: those close here
            while stack and stack[-1].style in ("bold", "bracket"):
                stack.pop()
        at = -1
        for k, frame in enumerate(stack):  # the outermost open frame kept under ``key``
            if frame.key == key:
                at = k
                break
        if at >= 0:
            if not _follows(stack[at].number, number) and not (
                listed and stack[at].clause and cand.heading_line and number[-1:] == (1,)
                and comparison_key(cand.rest.strip()) in listed
            ):
                continue
            del stack[at:]
        else:
            rank = RANK.get(style)
            outer = rank is not None and (rank <= _PAREN_CN_RANK or cand.heading_line)
            while outer and stack and stack[-1].clause and rank is not None and rank < RANK.get(stack[-1].style, -1):
                stack.pop()
            parent = stack[-1] if stack else None
            remembered = memory.get(key)
            continuing = remembered is not None and remembered[0] == _anchor(stack) and _follows(remembered[1], number)
            if not (_starts(number, parent) or continuing):
                continue
            if style in _UNNUMBERED and style not in _TOP and parent is not None and parent.number:
                # a bold or bracketed line inside a numbered section is emphasis, not structure
                if not is_heading_line(cand.rest):
                    continue
        if style in _TOP:
            # an appendix (or a plain heading line) sits beside the top-level sections
            stack.clear()
        parent_section = stack[-1].section if stack else root
        heading, title, title_key = _heading_of(para.text, style, cand.rest, cand.heading_line)
        # positional: a class called with keywords has them gathered into a dict and read back
        # (label, style, number, heading, title, level, head, body, children, parent, index, label_key, title_key)
        section = Section(cand.label, style, number, heading, title, len(stack) + 1, para, [], [], parent_section, 0,
                          comparison_key(cand.label), title_key)
        parent_section.children.append(section)
        memory[key] = (_anchor(stack), number)  # the context it is opened in
        stack.append(_Frame(style, number, section, bool(number) and not cand.heading_line, key))
        return section
    return None


def _finish(root: Section) -> None:
    """Number sections in document order."""
    for i, section in enumerate(root.walk()):
        section.index = i
