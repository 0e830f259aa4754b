"""What every report format shares: the rows to show, their titles and status words, the verdict
lines, and the one rule of trimming unchanged context around an edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.lexicon.labels import CATEGORY_LABELS, DATE_NAMES_SHORT, SIDES, WARNINGS
from policydiff.model import Change, Comparison, Finding, ReadingWarning, SectionPair, StatedDates

# Characters of unchanged text kept on each side of an edit in a redline.
CONTEXT = 30


def findings_of(result: Comparison, index: int) -> list[Finding]:
    """The findings placed on change ``index``."""
    return [f for f in result.verdict.findings if f.change_index == index]


def trim_context(text: str, first: bool, last: bool, context: int = CONTEXT, slack: int = 10) -> tuple[str, str, str]:
    """An unchanged run cut to its ends: (head, left-out middle, tail).

    The first run keeps only its tail, the last only its head; a run not much longer than
    what would be kept stays whole (the middle is "").

    >>> trim_context("0123456789" * 3, first=False, last=False, context=3, slack=0)
    ('012', '345678901234567890123456', '789')
    >>> trim_context("短句", first=False, last=False)
    ('短句', '', '')
    """
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(text) <= keep_head + keep_tail + slack:
        return text, "", ""
    return text[:keep_head], text[keep_head : len(text) - keep_tail], text[len(text) - keep_tail :]


def category_label(key: str) -> str:
    """A short badge for a category: "共享/转让/披露对象 recipients", or a custom item's own words."""
    if key.startswith("custom:"):
        words = key[len("custom:"):]
        return words if len(words) <= 16 else words[:15] + "…"
    zh = CATEGORY_LABELS.get(key)
    return f"{zh} {key}" if zh else key



def pair_title(pair: SectionPair) -> str:
    """"2.5帮助您完成支付 → 2.6帮助您完成支付", or one heading when it did not change."""
    old = pair.old.heading if pair.old else None
    new = pair.new.heading if pair.new else None
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


def status_words(pair: SectionPair) -> str:
    words = {"modified": "modified", "moved": "moved", "added": "added", "removed": "removed", "unchanged": "unchanged"}[pair.status]
    extra = []
    if pair.renumbered:
        extra.append("renumbered")
    if pair.reordered:
        extra.append("reordered")
    if pair.note:
        extra.append(pair.note)
    return words + (f" ({', '.join(extra)})" if extra else "")


def triggered(result: Comparison) -> list[tuple[str, str, int]]:
    """(key, the policy's wording, number of findings) for every listed category some finding falls under."""
    v = result.verdict
    counts: dict[str, int] = {}
    for f in v.findings:
        if f.in_policy_list:
            counts[f.category] = counts.get(f.category, 0) + 1
    return [(c.key, c.wording, counts[c.key]) for c in v.categories if c.key in counts]


def notable(result: Comparison) -> list[tuple[str, int]]:
    """(key, number of findings) for categories found that the policy's own 重大变更 list does not name."""
    counts: dict[str, int] = {}
    for f in result.verdict.findings:
        if not f.in_policy_list:
            counts[f.category] = counts.get(f.category, 0) + 1
    return list(counts.items())


def verdict_line(result: Comparison) -> str:
    v = result.verdict
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return "No change: the two versions say the same thing."
    if v.material:
        return "MATERIAL CHANGE (重大变更): " + "; ".join(
            f"{key} — “{wording}”" if wording else key for key, wording, _ in triggered(result)
        )
    if not result.changes:
        return "Only numbering or order changed; the wording is the same."
    return "Changed, not material under the policy's own 重大变更 list."


def _fmt_dates(d: StatedDates) -> str:
    parts = [f"{DATE_NAMES_SHORT[k]} {val}" for k, val in d.as_dict().items() if val]
    return ", ".join(parts) or "no date stated"


def dates_line(result: Comparison) -> str:
    v = result.verdict
    return f"old: {_fmt_dates(v.old_dates)} | new: {_fmt_dates(v.new_dates)}"


SILENT_REVISION = "SILENT REVISION (静默修订): the text changed materially but the stated dates did not"


@dataclass
class Row:
    """One section to report: a text change, or a section moved to another place."""

    pair: SectionPair
    change: Change | None
    index: int  # index into Comparison.changes, -1 when the text did not change
    findings: list[Finding]
    anchor: str  # HTML id, stable for a given comparison

    @property
    def title(self) -> str:
        return pair_title(self.pair)

    @property
    def material(self) -> bool:
        """Some finding falls under the policy's own 重大变更 list (others are only notable)."""
        return any(f.in_policy_list for f in self.findings)


def report_rows(result: Comparison) -> tuple[list[Row], list[SectionPair], list[SectionPair]]:
    """(changed rows material first then in document order, renumbered-only pairs, unchanged pairs).

    A pair whose wording is the same but whose place changed is a row; one that only got a
    new number is listed apart, since a renumbering cascade would otherwise bury the changes.
    """
    by_pair = {id(c.pair): (i, c) for i, c in enumerate(result.changes)}
    rows: list[Row] = []
    renumbered: list[SectionPair] = []
    unchanged: list[SectionPair] = []
    for k, p in enumerate(result.pairs):
        i, c = by_pair.get(id(p), (-1, None))
        if c is None and p.status == "unchanged":
            unchanged.append(p)
        elif c is None and p.status == "moved" and not p.reordered:
            renumbered.append(p)
        else:
            rows.append(Row(p, c, i, findings_of(result, i) if c is not None else [], f"s{k}"))
    rows.sort(key=lambda r: (not r.material, not r.findings))
    return rows, renumbered, unchanged


def summary_line(result: Comparison) -> str:
    """One line: how many sections changed, how many of them materially, and the verdict."""
    rows, renumbered, unchanged = report_rows(result)
    material = sum(1 for r in rows if r.material)
    verdict = "MATERIAL" if result.verdict.material else ("changed, not material" if rows or renumbered else "no change")
    parts = [f"{len(rows)} section(s) changed", f"{material} material"]
    if renumbered:
        parts.append(f"{len(renumbered)} renumbered only")
    parts.append(f"{len(unchanged)} unchanged")
    cats = ", ".join(k for k, _, _ in triggered(result))
    return f"policydiff: {verdict}" + (f" [{cats}]" if cats else "") + " — " + ", ".join(parts) + (
        " — SILENT REVISION" if result.verdict.silent_revision else ""
    )


def disclosure_line(result: Comparison) -> str:
    """The disclosure check's verdict and summary in one line, when a later stage attached one."""
    d = result.disclosure
    if d is None:
        return ""
    quote = f"the notice says 「{d.notice.text}」" if d.notice is not None and d.notice.text else None
    return " — ".join(x for x in (d.label, d.summary, quote) if x)


def clip_run(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 20] + f" …（共{len(text)}字）"


def renumber_list(pairs: list[SectionPair], limit: int = 40) -> str:
    items = [f"{p.old.label if p.old else ''}→{p.new.label if p.new else ''}" for p in pairs]
    return ", ".join(items[:limit]) + (f", … (+{len(items) - limit})" if len(items) > limit else "")



def warning_message(w: ReadingWarning, lang: str = "zh") -> str:
    """A reading warning as a sentence for people, in Chinese ("zh") or English ("en")."""
    k = 0 if lang == "zh" else 1
    template = WARNINGS.get(w.code, (w.code, w.code))[k]
    return f"{SIDES[w.side][k]}: " + template.format(detail=w.detail)
