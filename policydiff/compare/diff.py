"""Word-level diff inside aligned sections: jieba tokens mapped onto diff-match-patch.

Each distinct token becomes one private-use character (the ``linesToChars`` idea of
diff-match-patch, applied to words), so ``diff_main`` and ``diff_cleanupSemantic``
work on words; the runs are then mapped back to the policy's original wording.
The words come from ``text.tokens`` (jieba, loaded only when some section changed), through
``compare.word_cut`` (each run cut once per comparison).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from policydiff.compare.word_cut import cut_words
from policydiff.model import Change, Edit, Paragraph, Section, SectionPair, strip_label_key

_PRIVATE_USE = 0xE000


# Clause ends: the common head and tail of two keys are cut back to one of these, so the
# changed middle is tokenized with its whole clause around it (same words as a full cut).
_CLAUSE_END = frozenset("。；;，,！!？?：:")


def diff_keys(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of two keys: a list of (op, text) with op in equal/insert/delete.

    Only the changed middle is tokenized: the common head and tail, cut back to clause
    ends, are equal runs as they are (segmenting a long unchanged section costs the most).
    """
    if old == new:
        return [("equal", old)] if old else []
    head = _common_head(old, new)
    tail = _common_tail(old[head:], new[head:])
    middle = _diff_middle(old[head : len(old) - tail], new[head : len(new) - tail])
    out: list[tuple[str, str]] = [("equal", old[:head])] if head else []
    for op, text in middle + ([("equal", old[len(old) - tail :])] if tail else []):
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def _common_head(a: str, b: str) -> int:
    """Length of the common prefix of ``a`` and ``b``, cut back to just after a clause end."""
    n = _matching(a, b, lambda s, k: s[:k])
    while n > 0 and a[n - 1] not in _CLAUSE_END:
        n -= 1
    return n


def _common_tail(a: str, b: str) -> int:
    """Length of the common suffix of ``a`` and ``b``, cut back to start just after a clause end."""
    n = _matching(a, b, lambda s, k: s[len(s) - k :])
    while n > 0 and a[len(a) - n - 1 : len(a) - n] not in _CLAUSE_END and n != len(a):
        n -= 1
    return n


def _matching(a: str, b: str, part: Callable[[str, int], str]) -> int:
    """The largest k with ``part(a, k) == part(b, k)`` (a common head or tail): a binary search
    of slices compared in C, not a character loop over a long unchanged section.

    >>> _matching("隐私政策说明", "隐私政策变更", lambda s, k: s[:k]), _matching("ab", "ab", lambda s, k: s[:k])
    (4, 2)
    """
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if part(a, mid) == part(b, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _diff_middle(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff of the changed middle of two keys (jieba tokens on diff-match-patch)."""
    if old == new:
        return [("equal", old)] if old else []
    if not old:
        return [("insert", new)]
    if not new:
        return [("delete", old)]
    from diff_match_patch import diff_match_patch  # only when a section changed

    # jieba's words (``text.tokens.tokenize``) cut run by run, each run once per comparison
    # (``compare.word_cut``): the facts and typed edits cut the same clauses again later
    old_tokens, new_tokens = cut_words(old), cut_words(new)
    table: dict[str, str] = {}
    vocab: list[str] = []

    def encode(tokens: list[str]) -> str:
        chars = []
        for t in tokens:
            c = table.get(t)
            if c is None:
                c = chr(_PRIVATE_USE + len(vocab)) if len(vocab) < 6400 else chr(0xF0000 + len(vocab) - 6400)
                table[t] = c
                vocab.append(t)
            chars.append(c)
        return "".join(chars)

    a, b = encode(old_tokens), encode(new_tokens)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 2.0
    runs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(runs)
    ops = {0: "equal", 1: "insert", -1: "delete"}
    out: list[tuple[str, str]] = []
    for op, chars in runs:
        text = "".join(vocab[_code(c)] for c in chars)
        if out and out[-1][0] == ops[op]:
            out[-1] = (ops[op], out[-1][1] + text)
        else:
            out.append((ops[op], text))
    return out


def _code(c: str) -> int:
    n = ord(c)
    return n - _PRIVATE_USE if n < 0xF0000 else n - 0xF0000 + 6400


class KeyedText:
    """A section's comparison key with, per paragraph, where its part of the key starts.

    A key character's paragraph is found by bisection over the paragraphs' starts (not a tuple per
    character: a 10 MB section would hold hundreds of MB of them).
    """

    def __init__(self, section: Section | None):
        self.paragraphs: list[Paragraph] = section.paragraphs if section else []
        keys: list[str] = []
        self.starts: list[int] = []  # offset in self.key of each paragraph's first kept character
        self.skips: list[int] = []  # characters of the paragraph's key left out (the heading's label)
        at = 0
        for pi, para in enumerate(self.paragraphs):
            skip = 0
            if pi == 0 and section is not None and section.head is not None:
                skip = len(para.key) - len(strip_label_key(para.key, section.label_key))
            keys.append(para.key[skip:])
            self.starts.append(at)
            self.skips.append(skip)
            at += len(para.key) - skip
        self.key = "".join(keys)

    def original(self, start: int, end: int) -> str:
        """The policy's own wording behind key[start:end] (paragraph breaks become newlines)."""
        if start >= end:
            return ""
        pieces: list[str] = []
        k = start
        while k < end:
            pi = bisect_right(self.starts, k) - 1  # the last paragraph starting at or before k
            stop = min(end, self.starts[pi + 1] if pi + 1 < len(self.starts) else len(self.key))
            para = self.paragraphs[pi]
            offset = self.skips[pi] - self.starts[pi]
            a = para.key_map[k + offset]
            b = para.key_map[stop - 1 + offset] + 1
            pieces.append(para.text[a:b])
            k = stop
        return "\n".join(pieces)


def diff_pair(pair: SectionPair) -> Change:
    """The word-level edits of one aligned pair, quoting each side's original wording."""
    old, new = KeyedText(pair.old), KeyedText(pair.new)
    edits: list[Edit] = []
    oi = ni = 0
    for op, text in diff_keys(old.key, new.key):
        n = len(text)
        if op == "equal":
            edits.append(Edit("equal", new.original(ni, ni + n), text))
            oi += n
            ni += n
        elif op == "delete":
            edits.append(Edit("delete", old.original(oi, oi + n), text))
            oi += n
        else:
            edits.append(Edit("insert", new.original(ni, ni + n), text))
            ni += n
    return Change(pair=pair, edits=edits)


# Edits shorter than this are not checked for relocation (a "的" exists everywhere).
MIN_RELOCATED = 6


def mark_relocated(changes: list[Change], old_key: str, new_key: str) -> None:
    """Flag changes whose every edit is text that exists on the other side (split, merge, move)."""
    for change in changes:
        moved = [e for e in change.edits if e.op != "equal"]
        if not moved:
            continue
        ok = True
        for e in moved:
            other = old_key if e.op == "insert" else new_key
            if len(e.key) < MIN_RELOCATED or e.key not in other:
                ok = False
                break
        change.relocated = ok
