"""The HTML redline of one changed section: <del>, <ins>, shortened unchanged runs, marked evidence."""

from __future__ import annotations

import html

from policydiff import regex_cache
from policydiff.compare.headings import strip_label
from policydiff.compare.places import occurrences
from policydiff.lexicon.labels import word
from policydiff.model import Change, Finding
from policydiff.report.rows import trim_context

CONTEXT = 60  # characters of unchanged text kept on each side of an edit


def esc(text: object) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


# -- evidence marks ---------------------------------------------------------------------------


def squeeze_map(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and for each kept character its index in ``text``."""
    keep: list[int] = []
    for m in _NOT_SPACE.finditer(text):  # a run at a time (\S is "not str.isspace", as str.split cuts)
        keep += range(m.start(), m.end())
    return "".join(text.split()), keep


_NOT_SPACE = regex_cache.compile(r"\S+")


def find_all(hay: str, hay_map: list[int], needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in the original text (whitespace ignored), as [start, end)."""
    needle = "".join(needle.split())
    return [(hay_map[k], hay_map[k + len(needle) - 1] + 1) for k in occurrences(hay, needle)]


def _evidence_pieces(evidence: str) -> list[str]:
    """The quotable parts of a clipped evidence sentence ("…" dropped, leading label removed)."""
    pieces = [p.strip() for p in evidence.split("…")]
    out = []
    for p in pieces:
        p = strip_label(p)
        if len(p) >= 2:
            out.append(p)
    return out


def mark_levels(change: Change, findings: list[Finding]) -> dict[int, list[int]]:
    """For each inserted/deleted edit, a highlight level per character: 2 trigger, 1 evidence sentence.

    Only the findings' own side is searched (new: equal+insert runs, old: equal+delete runs)
    and only the changed runs carry marks, so an unchanged word is never shown as evidence.
    """
    levels: dict[int, list[int]] = {}
    for side, changed_op in (("new", "insert"), ("old", "delete")):
        side_findings = [f for f in findings if f.side == side]
        if not side_findings:
            continue
        spans: list[tuple[int, int, int]] = []  # (edit index, start in side text, end)
        pos = 0
        parts = []
        for i, e in enumerate(change.edits):
            if e.op == "equal" or e.op == changed_op:
                spans.append((i, pos, pos + len(e.text)))
                parts.append(e.text)
                pos += len(e.text)
        side_text = "".join(parts)
        hay, hay_map = squeeze_map(side_text)
        ranges: list[tuple[int, int, int]] = []
        for f in side_findings:
            found_trigger = find_all(hay, hay_map, f.trigger) if f.trigger else []
            found_evidence = [r for p in _evidence_pieces(f.evidence) for r in find_all(hay, hay_map, p)]
            ranges += [(a, b, 2) for a, b in found_trigger]
            ranges += [(a, b, 1 if found_trigger else 2) for a, b in found_evidence]
        for i, start, end in spans:
            if change.edits[i].op != changed_op:
                continue
            for a, b, level in ranges:
                lo, hi = max(a, start), min(b, end)
                if lo < hi:
                    arr = levels.setdefault(i, [0] * (end - start))
                    for k in range(lo - start, hi - start):
                        if arr[k] < level:
                            arr[k] = level
    return levels


def marked(text: str, levels: list[int] | None) -> str:
    """Escaped ``text`` with <mark> around its highlighted runs."""
    if not levels or not any(levels):
        return esc(text)
    out = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or levels[k] != levels[start]:
            chunk = esc(text[start:k])
            level = levels[start]
            if level == 2:
                out.append(f'<mark class="trigger">{chunk}</mark>')
            elif level == 1:
                out.append(f'<mark class="evidence">{chunk}</mark>')
            else:
                out.append(chunk)
            start = k
    return "".join(out)


# -- redline ----------------------------------------------------------------------------------


class Ids:
    """Unique element ids for the CSS-only context toggles."""

    def __init__(self, lang: str = "zh") -> None:
        self.n = 0
        self.lang = lang

    def next(self) -> str:
        self.n += 1
        return f"x{self.n}"


def _equal_run(text: str, first: bool, last: bool, ids: Ids) -> str:
    """An unchanged run: short ones in full, long ones cut to their ends with a toggle for the middle."""
    head, mid, tail = trim_context(text, first, last, CONTEXT, slack=40)
    if not mid:
        return f'<span class="eq">{esc(text)}</span>'
    xid = ids.next()
    return (
        f'<span class="eq">{esc(head)}</span>'
        f'<span class="ctx"><input type="checkbox" id="{xid}" aria-label="{esc(word("show_unchanged", ids.lang))}">'
        f'<label for="{xid}" title="{esc(word("show_unchanged", ids.lang))}">{esc(word("unchanged_chars", ids.lang, len(mid)))}</label>'
        f'<span class="mid">{esc(mid)}</span></span>'
        f'<span class="eq">{esc(tail)}</span>'
    )


def redline(change: Change, findings: list[Finding], ids: Ids) -> str:
    """The section's word-level redline: <del>, <ins>, shortened unchanged runs, marked evidence."""
    levels = mark_levels(change, findings)
    out = []
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        if e.op == "equal":
            out.append(_equal_run(e.text, i == 0, i == n - 1, ids))
        elif e.op == "insert":
            out.append(f"<ins>{marked(e.text, levels.get(i))}</ins>")
        else:
            out.append(f"<del>{marked(e.text, levels.get(i))}</del>")
    return "".join(out)
