"""Match the sections of two versions despite renumbering, moves, splits, merges and retitles.

1. Identical subtrees (same text under a section and all its descendants) pair first,
   top-down; where the two sides cut the same text into different sub-sections, those
   sub-sections are absorbed into the pair instead of showing as added and removed.
2. Sections whose own text is identical pair next (renumbered or moved).
3. The rest are scored by heading and body similarity (character bigrams, which suit
   Chinese without a dictionary), plus how many of their children already pair, and
   matched greedily above a threshold.
4. Pairs that keep document order (longest increasing subsequence) are in place; the
   others are reordered.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from policydiff.compare.similarity import dice
from policydiff.model import PolicyTree, Section, SectionPair, Status

Gram = int | str  # a bigram as ``_bigram_codes`` gives it: a number (a text of one character: itself)

# Below this score two sections are not the same section.
MATCH_THRESHOLD = 0.45


@dataclass
class _Info:
    """Per-section keys, computed once; bigrams only for sections that reach the scoring step."""

    section: Section
    own: str
    title: str
    subtree: str
    position: float = 0.0

    @cached_property
    def body(self) -> str:
        """The own text after the title; under 20 characters, followed by the subtree's next ones
        (up to 600 in all, the subtree not copied whole). Made only for a section that reaches the
        scoring step (most pair on identical text first)."""
        own, title = self.own, self.title
        body = own[len(title):] if own.startswith(title) else own
        if len(body) < 20:
            body = (body + self.subtree[len(own) : len(own) + 600])[:600]
        return body

    @cached_property
    def body_grams(self) -> set[Gram]:
        return _bigram_codes(self.body[:3000])

    @cached_property
    def title_grams(self) -> set[Gram]:
        return _bigram_codes(self.title)


def _bigram_codes(text: str) -> set[Gram]:
    """``similarity.bigrams`` of a text, each bigram as a number: its two characters' UTF-32 code
    units read as one 64-bit integer (one number for each bigram, and each bigram's own), made in C
    from two views of the encoded text (the bigrams starting at even places, then at odd ones),
    where a set of sliced strings costs a Python step and a string hash a character. Dice and
    the inverted index of ``_candidates`` only count and match them: the same as the strings'.
    A text shorter than two characters keeps its string (it matches no number).

    >>> from policydiff.compare.similarity import bigrams
    >>> codes = _bigram_codes("privacy policy")
    >>> len(codes) == len(bigrams("privacy policy")), all(isinstance(c, int) for c in codes), _bigram_codes("x")
    (True, True, {'x'})
    """
    if len(text) < 2:
        return {text} if text else set()
    raw = memoryview(text.encode("utf-32-le", "surrogatepass"))
    even, odd = len(text) // 2, (len(text) - 1) // 2  # bigrams starting at even and at odd places
    codes: set[Gram] = set(raw[: 8 * even].cast("Q"))
    codes.update(raw[4 : 4 + 8 * odd].cast("Q"))
    return codes


def _infos(tree: PolicyTree) -> list[_Info]:
    """Each section's keys, in document order; made children first (one walk backwards), as a
    subtree's key is its own followed by its children's."""
    sections = tree.sections
    subtree: dict[int, str] = {}
    out = []
    total = max(len(sections) - 1, 1)
    for s in reversed(sections):
        own = s.key
        if s.children:  # its own text, then each child's label and subtree, joined once
            parts = [own]
            for c in s.children:
                parts += (c.label_key, subtree[id(c)])
            whole = subtree[id(s)] = "".join(parts)
        else:
            whole = subtree[id(s)] = own
        out.append(_Info(s, own, s.title_key, whole, s.index / total))
    out.reverse()
    return out


def align(old: PolicyTree, new: PolicyTree) -> list[SectionPair]:
    """Pair every section of ``old`` with one of ``new`` (or none), in new-document order.

    Long on purpose: the four steps of the module docstring share the two partial maps
    (``o2n``/``n2o``) and the absorbed sets, and read best as one sequence.
    """
    olds, news = _infos(old), _infos(new)
    o2n: dict[int, int] = {}
    absorbed_o: set[int] = set()
    absorbed_n: set[int] = set()
    o_index = {id(i.section): k for k, i in enumerate(olds)}
    n_index = {id(i.section): k for k, i in enumerate(news)}

    def free_o(k: int) -> bool:
        return k not in o2n and k not in absorbed_o

    def free_n(k: int) -> bool:
        return k not in n2o and k not in absorbed_n

    n2o: dict[int, int] = {}
    containers: set[int] = set()

    def pair(a: int, b: int) -> None:
        o2n[a] = b
        n2o[b] = a

    def pair_subtrees(a: int, b: int) -> None:
        """Pair two identical subtrees; children pair one to one when their texts agree."""
        pair(a, b)
        oc, nc = olds[a].section.children, news[b].section.children
        if len(oc) == len(nc):
            kids = [(o_index[id(x)], n_index[id(y)]) for x, y in zip(oc, nc, strict=True)]
            for x, y in kids:
                if olds[x].subtree != news[y].subtree:
                    break
            else:  # every child's text agrees
                for x, y in kids:
                    pair_subtrees(x, y)
                return
        # the same text cut into different sub-sections: leave the children to the later
        # steps; whatever stays unmatched below this pair is absorbed into it
        containers.add(a)

    # 1. identical subtrees, top-down (the preamble roots always pair)
    if olds[0].subtree == news[0].subtree:
        pair_subtrees(0, 0)
    else:
        pair(0, 0)
    def match_identical(key_of: Callable[[_Info], str], on_match: Callable[[int, int], None]) -> None:
        """Pair each free old section with the free new one of the same key (same title, then nearest)."""
        index: dict[str, list[int]] = {}
        for k, info in enumerate(news):
            key = key_of(info)
            if key and free_n(k):
                index.setdefault(key, []).append(k)
        for a, info in enumerate(olds):
            key = key_of(info)
            if not key or key not in index or not free_o(a):
                continue
            options = [b for b in index[key] if free_n(b)]
            if len(options) == 1:
                on_match(a, options[0])
            elif options:
                on_match(a, min(options, key=lambda b: (news[b].title != info.title, abs(news[b].position - info.position))))

    match_identical(attrgetter("subtree"), pair_subtrees)
    # 2. identical own text (heading title and body)
    match_identical(attrgetter("own"), pair)

    # 3. similarity, best first
    rest_o = [a for a in range(len(olds)) if free_o(a)]
    rest_n = [b for b in range(len(news)) if free_n(b)]
    scored: list[tuple[float, int, int]] = []
    for a, options in _candidates(olds, news, rest_o, rest_n):
        for b in options:
            s = _score(olds[a], news[b], o2n, o_index, n_index)
            if s >= MATCH_THRESHOLD:
                scored.append((s, a, b))
    scored.sort(key=lambda t: (-t[0], abs(olds[t[1]].position - news[t[2]].position)))
    similarity: dict[int, float] = {}
    for s, a, b in scored:
        if free_o(a) and free_n(b):
            pair(a, b)
            similarity[a] = s

    # unmatched sections inside identical containers are part of their container's text
    container_o = {id(olds[a].section) for a in containers}
    container_n = {id(news[o2n[a]].section) for a in containers}
    for k in range(len(olds)):
        if k not in o2n and _inside(olds[k].section, container_o):
            absorbed_o.add(k)
    for k in range(len(news)):
        if k not in n2o and _inside(news[k].section, container_n):
            absorbed_n.add(k)

    # 4. order
    in_order = _in_order(sorted(o2n.items()))
    pairs: list[SectionPair] = []
    for b, info in enumerate(news):
        if b in absorbed_n:
            continue
        if b not in n2o:
            pairs.append(SectionPair(None, info.section, "added", 0.0))
            continue
        a = n2o[b]
        o = olds[a]
        renumbered = o.section.label_key != info.section.label_key
        reordered = a not in in_order
        status: Status
        if o.own == info.own or (a in containers):
            status = "moved" if (renumbered or reordered) else "unchanged"
        else:
            status = "modified"
        pairs.append(SectionPair(o.section, info.section, status, similarity.get(a, 1.0), renumbered, reordered))
    # removed sections go right after the pair that precedes them in the old document
    removed = [a for a in range(len(olds)) if a not in o2n and a not in absorbed_o]
    for a in removed:
        prev_new = None
        for k in range(a - 1, -1, -1):
            if k in o2n:
                prev_new = news[o2n[k]].section
                break
        insert_at = len(pairs)
        if prev_new is not None:
            for i, p in enumerate(pairs):
                if p.new is prev_new:
                    insert_at = i + 1
                    while insert_at < len(pairs) and pairs[insert_at].status == "removed":
                        insert_at += 1
                    break
        pairs.insert(insert_at, SectionPair(olds[a].section, None, "removed", 0.0))
    return pairs


# Up to this many (old, new) pairs are all scored; beyond it (long policies) only pairs that
# share a rare bigram or their title are, found through an inverted index.
FULL_SCORING = 40_000
# A bigram found in more than this share of the new sections is too common to select candidates.
RARE_SHARE = 0.05


def _candidates(olds: list[_Info], news: list[_Info], rest_o: list[int], rest_n: list[int]) -> list[tuple[int, list[int]]]:
    """For each unmatched old section, the unmatched new sections worth scoring."""
    if len(rest_o) * len(rest_n) <= FULL_SCORING:
        return [(a, rest_n) for a in rest_o]
    index: dict[Gram, list[int]] = {}
    by_title: dict[str, list[int]] = {}
    for b in rest_n:
        for g in news[b].body_grams | news[b].title_grams:
            index.setdefault(g, []).append(b)
        by_title.setdefault(news[b].title, []).append(b)
    cap = max(8, int(RARE_SHARE * len(rest_n)))
    out: list[tuple[int, list[int]]] = []
    for a in rest_o:
        found: set[int] = set(by_title.get(olds[a].title, ()))
        for g in olds[a].body_grams | olds[a].title_grams:
            hits = index.get(g)
            if hits is not None and len(hits) <= cap:
                found.update(hits)
        out.append((a, sorted(found)))
    return out


def _inside(section: Section, ancestors: set[int]) -> bool:
    node = section.parent
    while node is not None:
        if id(node) in ancestors:
            return True
        node = node.parent
    return False


def _score(o: _Info, n: _Info, o2n: dict[int, int], o_index: dict[int, int], n_index: dict[int, int]) -> float:
    """How likely two sections are the same section, 0..1."""
    body = dice(o.body_grams, n.body_grams) if (o.body or n.body) else 0.0
    title = dice(o.title_grams, n.title_grams)
    score = 0.7 * body + 0.3 * title if (o.body and n.body) else title * 0.8
    oc = o.section.children
    if oc and n.section.children:
        n_children = {id(c) for c in n.section.children}
        kept = 0
        for c in oc:
            b = o2n.get(o_index[id(c)])
            if b is not None and b in {n_index[x] for x in n_children}:
                kept += 1
        score = max(score, 0.5 * score + 0.5 * kept / len(oc))
    if o.section.parent is not None and n.section.parent is not None:
        po, pn = o_index.get(id(o.section.parent)), n_index.get(id(n.section.parent))
        if po is not None and o2n.get(po) == pn:
            score += 0.08
    if o.section.label and o.section.label == n.section.label:
        score += 0.03
    score -= 0.1 * abs(o.position - n.position)
    return score


def _in_order(matches: list[tuple[int, int]]) -> set[int]:
    """Old indexes of the matched pairs that lie on a longest increasing subsequence of new indexes."""
    if not matches:
        return set()
    tails: list[int] = []
    tails_at: list[int] = []
    parent = [-1] * len(matches)
    for i, (_, b) in enumerate(matches):
        j = bisect_left(tails, b)
        if j == len(tails):
            tails.append(b)
            tails_at.append(i)
        else:
            tails[j] = b
            tails_at[j] = i
        parent[i] = tails_at[j - 1] if j > 0 else -1
    keep: set[int] = set()
    i = tails_at[-1]
    while i != -1:
        keep.add(matches[i][0])
        i = parent[i]
    return keep
