"""Markdown for a ticket, a PR comment or an alert: ~~deleted~~ and **inserted** words."""

from __future__ import annotations

from policydiff.model import Change, Comparison
from policydiff.report.rows import (
    SILENT_REVISION,
    clip_run,
    disclosure_line,
    notable,
    renumber_list,
    report_rows,
    status_words,
    summary_line,
    triggered,
    trim_context,
    verdict_line,
)


def md_escape(text: str) -> str:
    """Escape Markdown's special characters (and fold newlines) in policy text."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|~" else ch for ch in text).replace("\n", " ")


def render_markdown(result: Comparison, *, all_sections: bool = False) -> str:
    """Compact Markdown for a ticket, a PR comment or an alert: ~~deleted~~ and **inserted** words."""
    v = result.verdict
    rows, renumbered, unchanged = report_rows(result)
    head = "重大变更 MATERIAL CHANGE" if v.material else ("Changed, not material" if rows or renumbered else "No change")
    lines = [f"## policydiff: {head}", ""]
    lines.append("| | old | new |")
    lines.append("|---|---|---|")
    lines.append(f"| source | {md_escape(result.old.document.source)} | {md_escape(result.new.document.source)} |")
    for name, attr in (("更新日期 updated", "updated"), ("生效日期 effective", "effective"), ("发布日期 published", "published"), ("版本 version", "version")):
        o, n = getattr(v.old_dates, attr), getattr(v.new_dates, attr)
        if o or n or attr in ("updated", "effective"):
            lines.append(f"| {name} | {md_escape(o or '—')} | {md_escape(n or '—')} |")
    lines.append("")
    cats = triggered(result)
    if cats:
        source = "the policy's own 重大变更 list" if v.category_source == "policy" else "standard categories (the policy lists none)"
        lines.append(f"**Categories triggered** ({source}):")
        for key, wording, n in cats:
            lines.append(f"- **{md_escape(key)}** — 「{md_escape(wording)}」 ({n})" if wording else f"- **{md_escape(key)}** ({n})")
        lines.append("")
    elif rows:
        lines.append(f"*{md_escape(verdict_line(result))}*")
        lines.append("")
    others = notable(result)
    if others:
        lines.append("Also notable, outside the policy's own list: " + ", ".join(f"**{md_escape(k)}** ({n})" for k, n in others))
        lines.append("")
    if v.silent_revision:
        lines.append(f"> ⚠ **{SILENT_REVISION}**")
        lines.append("")
    if v.clause_changed:
        lines.append(f"> ⚠ The 重大变更 clause itself was edited ({md_escape(v.clause_heading or '')}).")
        lines.append("")
    disclosure = disclosure_line(result)
    if disclosure:
        lines.append(f"**Disclosure:** {md_escape(disclosure)}")
        lines.append("")
    for n, row in enumerate(rows, 1):
        pair, change, findings = row.pair, row.change, row.findings
        flag = "⚠ " if row.material else ""
        lines.append(f"### {n}. {flag}{md_escape(row.title) or '(preamble)'}")
        cat_keys = sorted({f.category for f in findings})
        lines.append(f"*{status_words(pair)}*" + (" — **" + md_escape(", ".join(cat_keys)) + "**" if cat_keys else ""))
        for f in findings:
            trig = f" 「{md_escape(f.trigger)}」" if f.trigger and f.trigger not in f.explanation else ""
            outside = "" if f.in_policy_list else " (not in the policy's list)"
            lines.append(f"- **{md_escape(f.category)}**{outside}{trig}: {md_escape(f.explanation)}")
        if change is not None and change.edits:
            lines.append("")
            lines.append("> " + _md_redline(change))
        lines.append("")
    if renumbered:
        lines.append(f"**Renumbered only, text unchanged ({len(renumbered)}):** {md_escape(renumber_list(renumbered))}")
        lines.append("")
    if all_sections and unchanged:
        lines.append(f"**Unchanged ({len(unchanged)}):** " + "; ".join(md_escape(p.new.heading if p.new else "") or "(preamble)" for p in unchanged))
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
            head, mid, tail = trim_context(" ".join(e.text.split()), i == 0, i == n - 1, context)
            text = head if not mid else (head + " … " if head else "… ") + tail
            out.append(md_escape(text))
        elif e.op == "insert":
            out.append(_md_wrap(md_escape(clip_run(e.text, limit)), "**"))
        else:
            out.append(_md_wrap(md_escape(clip_run(e.text, limit)), "~~"))
    return "".join(out)

