"""Render a Comparison: JSON (the output contract), Markdown and the terminal view.

The HTML redline lives in ``report_html``. Every format lists only the sections
that changed (material ones first in the summaries) and quotes the policy's own words.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policydiff.models import Change, Comparison, Finding, SectionPair, StatedDates

if TYPE_CHECKING:
    from rich.text import Text

CONTRACT_VERSION = 1


def _dates(d: StatedDates) -> dict[str, str | None]:
    return {"updated": d.updated, "effective": d.effective, "published": d.published, "version": d.version}


def pair_dict(pair: SectionPair) -> dict[str, Any]:
    """One aligned pair as the contract's ``sections`` entry."""
    return {
        "status": pair.status,
        "old_heading": pair.old.heading if pair.old else None,
        "new_heading": pair.new.heading if pair.new else None,
        "old_label": pair.old.label if pair.old else None,
        "new_label": pair.new.label if pair.new else None,
        "old_path": pair.old.path if pair.old else None,
        "new_path": pair.new.path if pair.new else None,
        "similarity": round(pair.similarity, 3),
        "renumbered": pair.renumbered,
        "reordered": pair.reordered,
        "note": pair.note or None,
    }


def findings_of(result: Comparison, index: int) -> list[Finding]:
    return [f for f in result.verdict.findings if f.change_index == index]


def change_dict(result: Comparison, index: int, change: Change) -> dict[str, Any]:
    """One changed section as the contract's ``changes`` entry."""
    findings = findings_of(result, index)
    categories = sorted({f.category for f in findings if f.in_policy_list})
    wording = {c.key: c.wording for c in result.verdict.categories}
    d = pair_dict(change.pair)
    d.update(
        {
            "material": any(f.in_policy_list for f in findings),
            "categories": categories,
            "category_wording": {k: wording[k] for k in categories if k in wording},
            "notable_categories": sorted({f.category for f in findings if not f.in_policy_list}),
            "evidence": "；".join(dict.fromkeys(f.evidence for f in findings)) if findings else "",
            "findings": [
                {
                    "category": f.category,
                    "evidence": f.evidence,
                    "side": f.side,
                    "signal": f.signal,
                    "explanation": f.explanation,
                    "heading": f.heading,
                    "trigger": f.trigger,
                    "in_policy_list": f.in_policy_list,
                }
                for f in findings
            ],
            "added": change.inserted,
            "removed": change.deleted,
            "relocated": change.relocated,
            "edits": [{"op": e.op, "text": e.text} for e in change.edits if e.op != "equal" or len(e.text) <= 80],
        }
    )
    return d


def to_dict(result: Comparison) -> dict[str, Any]:
    """The whole comparison as plain data (what ``--format json`` prints)."""
    v = result.verdict
    changes = [change_dict(result, i, c) for i, c in enumerate(result.changes)]
    changes.sort(key=lambda c: not c["material"])
    out: dict[str, Any] = {
        "contract_version": CONTRACT_VERSION,
        "material": v.material,
        "categories": [c.key for c in v.categories if any(f.category == c.key for f in v.findings)],
        "category_source": v.category_source,
        "category_wording": {c.key: c.wording for c in v.categories},
        "policy_categories": [{"key": c.key, "wording": c.wording} for c in v.categories],
        "clause_changed": v.clause_changed,
        "clause_heading": v.clause_heading,
        "silent_revision": v.silent_revision,
        "old": {"source": result.old.document.source, "dates": _dates(v.old_dates)},
        "new": {"source": result.new.document.source, "dates": _dates(v.new_dates)},
        "summary": _counts(result),
        "sections": [pair_dict(p) for p in result.pairs],
        "changes": changes,
    }
    for key, value in result.extras.items():
        to_plain = getattr(value, "to_dict", None)
        out[key] = to_plain() if callable(to_plain) else value
    return out


def _counts(result: Comparison) -> dict[str, int]:
    counts: dict[str, int] = {"unchanged": 0, "modified": 0, "moved": 0, "added": 0, "removed": 0}
    for p in result.pairs:
        counts[p.status] += 1
    counts["material_changes"] = sum(
        1 for i, _ in enumerate(result.changes) if any(f.in_policy_list for f in findings_of(result, i))
    )
    return counts


def render(result: Comparison, fmt: str, *, color: bool = False, all_sections: bool = False) -> str:
    """Render in one of: terminal, json, md, html."""
    if fmt == "json":
        return json.dumps(to_dict(result), ensure_ascii=False, indent=2)
    if fmt == "md":
        return render_markdown(result, all_sections=all_sections)
    if fmt == "html":
        from policydiff import report_html

        return report_html.render_html(result)
    return render_terminal(result, color=color, all_sections=all_sections)


# -- shared wording -------------------------------------------------------------------------

CATEGORY_LABELS = {
    "purpose_type_usage": "目的/类型/使用方式",
    "controller": "控制权/主体",
    "recipients": "共享/转让/披露对象",
    "rights": "个人权利",
    "contact": "联系方式/投诉渠道",
    "risk_assessment": "高风险评估",
}


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
    parts = [f"{k} {val}" for k, val in (("更新", d.updated), ("生效", d.effective), ("发布", d.published), ("版本", d.version)) if val]
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
    value = result.extras.get("disclosure")
    to_plain = getattr(value, "to_dict", None)
    data = to_plain() if callable(to_plain) else value
    if not isinstance(data, dict):
        return ""
    label, summary = data.get("label") or data.get("transparency"), data.get("summary")
    notice = data.get("notice")
    quote = f"the notice says 「{notice['text']}」" if isinstance(notice, dict) and notice.get("text") else None
    return " — ".join(str(x) for x in (label, summary, quote) if x)


def _clip_run(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 20] + f" …（共{len(text)}字）"


def _renumber_list(pairs: list[SectionPair], limit: int = 40) -> str:
    items = [f"{p.old.label if p.old else ''}→{p.new.label if p.new else ''}" for p in pairs]
    return ", ".join(items[:limit]) + (f", … (+{len(items) - limit})" if len(items) > limit else "")


# -- Markdown -------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|~" else ch for ch in text).replace("\n", " ")


def render_markdown(result: Comparison, *, all_sections: bool = False) -> str:
    """Compact Markdown for a ticket, a PR comment or an alert: ~~deleted~~ and **inserted** words."""
    v = result.verdict
    rows, renumbered, unchanged = report_rows(result)
    head = "重大变更 MATERIAL CHANGE" if v.material else ("Changed, not material" if rows or renumbered else "No change")
    lines = [f"## policydiff: {head}", ""]
    lines.append("| | old | new |")
    lines.append("|---|---|---|")
    lines.append(f"| source | {_md_escape(result.old.document.source)} | {_md_escape(result.new.document.source)} |")
    for name, attr in (("更新日期 updated", "updated"), ("生效日期 effective", "effective"), ("发布日期 published", "published"), ("版本 version", "version")):
        o, n = getattr(v.old_dates, attr), getattr(v.new_dates, attr)
        if o or n or attr in ("updated", "effective"):
            lines.append(f"| {name} | {_md_escape(o or '—')} | {_md_escape(n or '—')} |")
    lines.append("")
    cats = triggered(result)
    if cats:
        source = "the policy's own 重大变更 list" if v.category_source == "policy" else "standard categories (the policy lists none)"
        lines.append(f"**Categories triggered** ({source}):")
        for key, wording, n in cats:
            lines.append(f"- **{_md_escape(key)}** — 「{_md_escape(wording)}」 ({n})" if wording else f"- **{_md_escape(key)}** ({n})")
        lines.append("")
    elif rows:
        lines.append(f"*{_md_escape(verdict_line(result))}*")
        lines.append("")
    others = notable(result)
    if others:
        lines.append("Also notable, outside the policy's own list: " + ", ".join(f"**{_md_escape(k)}** ({n})" for k, n in others))
        lines.append("")
    if v.silent_revision:
        lines.append(f"> ⚠ **{SILENT_REVISION}**")
        lines.append("")
    if v.clause_changed:
        lines.append(f"> ⚠ The 重大变更 clause itself was edited ({_md_escape(v.clause_heading or '')}).")
        lines.append("")
    disclosure = disclosure_line(result)
    if disclosure:
        lines.append(f"**Disclosure:** {_md_escape(disclosure)}")
        lines.append("")
    for n, row in enumerate(rows, 1):
        pair, change, findings = row.pair, row.change, row.findings
        flag = "⚠ " if row.material else ""
        lines.append(f"### {n}. {flag}{_md_escape(row.title) or '(preamble)'}")
        cat_keys = sorted({f.category for f in findings})
        lines.append(f"*{status_words(pair)}*" + (" — **" + _md_escape(", ".join(cat_keys)) + "**" if cat_keys else ""))
        for f in findings:
            trig = f" 「{_md_escape(f.trigger)}」" if f.trigger and f.trigger not in f.explanation else ""
            outside = "" if f.in_policy_list else " (not in the policy's list)"
            lines.append(f"- **{_md_escape(f.category)}**{outside}{trig}: {_md_escape(f.explanation)}")
        if change is not None and change.edits:
            lines.append("")
            lines.append("> " + _md_redline(change))
        lines.append("")
    if renumbered:
        lines.append(f"**Renumbered only, text unchanged ({len(renumbered)}):** {_md_escape(_renumber_list(renumbered))}")
        lines.append("")
    if all_sections and unchanged:
        lines.append(f"**Unchanged ({len(unchanged)}):** " + "; ".join(_md_escape(p.new.heading if p.new else "") or "(preamble)" for p in unchanged))
        lines.append("")
    lines.append(f"`{summary_line(result)}`")
    return "\n".join(lines).rstrip() + "\n"


def _md_wrap(text: str, marker: str) -> str:
    """``marker``text``marker`` with surrounding whitespace kept outside, so the emphasis still renders."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{marker}{core}{marker}{trail}"


def _md_redline(change: Change, context: int = 30, limit: int = 500) -> str:
    out = []
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        if e.op == "equal":
            text = " ".join(e.text.split())
            head = 0 if i == 0 else context
            tail = 0 if i == n - 1 else context
            if len(text) > head + tail + 10:
                text = (text[:head] + " … " if head else "… ") + (text[len(text) - tail:] if tail else "")
            out.append(_md_escape(text))
        elif e.op == "insert":
            out.append(_md_wrap(_md_escape(_clip_run(e.text, limit)), "**"))
        else:
            out.append(_md_wrap(_md_escape(_clip_run(e.text, limit)), "~~"))
    return "".join(out)


# -- terminal -------------------------------------------------------------------------------


def render_terminal(result: Comparison, *, color: bool = False, all_sections: bool = False, width: int = 100) -> str:
    """Readable terminal report: rich colours on a TTY, plain text otherwise; a summary line at the end."""
    from rich.console import Console
    from rich.text import Text

    v = result.verdict
    console = Console(record=True, force_terminal=color, no_color=not color, width=width, file=io.StringIO())
    console.print(Text(verdict_line(result), style="bold red" if v.material else "bold"))
    console.print(Text(f"{result.old.document.source} → {result.new.document.source}", style="dim"))
    console.print(Text(dates_line(result), style="dim"))
    if v.silent_revision:
        console.print(Text("⚠ " + SILENT_REVISION, style="bold yellow"))
    if v.clause_changed:
        console.print(Text(f"⚠ the 重大变更 clause itself was edited ({v.clause_heading or ''})", style="yellow"))
    disclosure = disclosure_line(result)
    if disclosure:
        console.print(Text(f"disclosure: {disclosure}", style="yellow" if "undisclosed" in disclosure else ""))
    rows, renumbered, unchanged = report_rows(result)
    for row in rows:
        pair, change, findings = row.pair, row.change, row.findings
        console.print()
        head = Text("⚠ " if row.material else "", style="bold red")
        head.append(f"[{status_words(pair)}] ", style="cyan")
        head.append(row.title or "(preamble)", style="bold")
        if findings:
            head.append("  " + " ".join(f"‹{k}›" for k in sorted({f.category for f in findings})), style="bold red")
        console.print(head)
        for f in findings:
            line = Text(f"  • {f.category}", style="bold yellow")
            if f.trigger and f.trigger not in f.explanation:
                line.append(f" 「{f.trigger}」", style="bold")
            line.append(f": {f.explanation}", style="yellow")
            console.print(line)
        if change is not None and change.edits:
            console.print(_terminal_redline(change, color))
    if renumbered:
        console.print()
        console.print(Text(f"renumbered only, text unchanged ({len(renumbered)}): {_renumber_list(renumbered)}", style="dim"))
    if all_sections and unchanged:
        console.print()
        for p in unchanged:
            console.print(Text(f"[unchanged] {(p.new.heading if p.new else '') or '(preamble)'}", style="dim"))
    console.print()
    console.print(Text(summary_line(result), style="bold red" if v.material else "bold"))
    return console.export_text(styles=color)


def _terminal_redline(change: Change, color: bool, context: int = 30, limit: int = 600) -> Text:
    from rich.text import Text

    line = Text("  ")
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        text = " ".join(e.text.split())
        if e.op == "equal":
            head = 0 if i == 0 else context
            tail = 0 if i == n - 1 else context
            if len(text) > head + tail + 10:
                text = (text[:head] + " … " if head else "… ") + (text[len(text) - tail:] if tail else "")
            line.append(text)
        elif e.op == "insert":
            text = _clip_run(text, limit)
            line.append(text if color else f"[+{text}+]", style="green underline")
        else:
            text = _clip_run(text, limit)
            line.append(text if color else f"[-{text}-]", style="red strike")
    return line
