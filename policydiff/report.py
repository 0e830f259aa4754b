"""Render a Comparison: JSON (the output contract), Markdown and the terminal view.

The HTML redline lives in ``report_html``. Every format lists only the sections
that changed (material ones first in the summaries) and quotes the policy's own words.
"""

from __future__ import annotations

import json
from typing import Any

from policydiff.models import Change, Comparison, Finding, SectionPair, StatedDates

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
    categories = sorted({f.category for f in findings})
    d = pair_dict(change.pair)
    d.update(
        {
            "material": bool(findings),
            "categories": categories,
            "evidence": "；".join(dict.fromkeys(f.evidence for f in findings)) if findings else "",
            "findings": [
                {
                    "category": f.category,
                    "evidence": f.evidence,
                    "side": f.side,
                    "signal": f.signal,
                    "explanation": f.explanation,
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
    counts["material_changes"] = sum(1 for i, _ in enumerate(result.changes) if findings_of(result, i))
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


def verdict_line(result: Comparison) -> str:
    v = result.verdict
    if not result.changes and all(p.status == "unchanged" for p in result.pairs):
        return "No change: the two versions say the same thing."
    if v.material:
        keys = [c for c in v.categories if any(f.category == c.key for f in v.findings)]
        return "MATERIAL CHANGE (重大变更): " + "; ".join(f"{c.key} — “{c.wording}”" for c in keys)
    return "Changed, not material under the policy's own 重大变更 list."


def dates_line(result: Comparison) -> str:
    v = result.verdict

    def fmt(d: StatedDates) -> str:
        parts = [f"{k} {val}" for k, val in (("更新", d.updated), ("生效", d.effective), ("发布", d.published), ("版本", d.version)) if val]
        return ", ".join(parts) or "no date stated"

    line = f"old: {fmt(v.old_dates)} | new: {fmt(v.new_dates)}"
    if v.silent_revision:
        line += " | SILENT REVISION: the text changed materially but the stated dates did not"
    return line


def _listed(result: Comparison, all_sections: bool) -> list[tuple[SectionPair, Change | None, list[Finding]]]:
    by_pair = {id(c.pair): (i, c) for i, c in enumerate(result.changes)}
    rows = []
    for p in result.pairs:
        if p.status == "unchanged" and not all_sections:
            continue
        i, c = by_pair.get(id(p), (-1, None))
        rows.append((p, c, findings_of(result, i) if c is not None else []))
    rows.sort(key=lambda r: not r[2])
    return rows


# -- Markdown -------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|~" else ch for ch in text).replace("\n", " ")


def render_markdown(result: Comparison, *, all_sections: bool = False) -> str:
    """Compact Markdown for a ticket or an alert: ~~deleted~~ and **inserted** words."""
    lines = [f"## policydiff: {_md_escape(result.old.document.source)} → {_md_escape(result.new.document.source)}", ""]
    lines.append(f"**{_md_escape(verdict_line(result))}**")
    lines.append("")
    lines.append(_md_escape(dates_line(result)))
    lines.append("")
    for pair, change, findings in _listed(result, all_sections):
        lines.append(f"### {_md_escape(pair_title(pair))}")
        lines.append(f"*{status_words(pair)}*" + (" — " + ", ".join(sorted({f.category for f in findings})) if findings else ""))
        for f in findings:
            lines.append(f"- **{f.category}**: {_md_escape(f.explanation)} (evidence: “{_md_escape(f.evidence)}”)")
        if change is not None and change.edits:
            lines.append("")
            lines.append("> " + _md_redline(change))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_redline(change: Change, context: int = 30) -> str:
    out = []
    for e in change.edits:
        text = _md_escape(e.text)
        if e.op == "equal":
            out.append(text if len(text) <= 2 * context else text[:context] + " … " + text[-context:])
        elif e.op == "insert":
            out.append(f"**{text}**")
        else:
            out.append(f"~~{text}~~")
    return "".join(out)


# -- terminal -------------------------------------------------------------------------------


def render_terminal(result: Comparison, *, color: bool = False, all_sections: bool = False, width: int = 100) -> str:
    """Readable terminal report: rich colours on a TTY, plain text otherwise."""
    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, force_terminal=color, no_color=not color, width=width, file=_NullFile())
    console.print(Text(verdict_line(result), style="bold red" if result.verdict.material else "bold"))
    console.print(Text(dates_line(result), style="dim"))
    for pair, change, findings in _listed(result, all_sections):
        console.print()
        head = Text(f"[{status_words(pair)}] ", style="cyan")
        head.append(pair_title(pair), style="bold")
        if findings:
            head.append("  " + " ".join(f"‹{k}›" for k in sorted({f.category for f in findings})), style="bold red")
        console.print(head)
        for f in findings:
            console.print(Text(f"  • {f.category}: {f.explanation} — “{f.evidence}”", style="yellow"))
        if change is not None and change.edits:
            line = Text("  ")
            for e in change.edits:
                if e.op == "equal":
                    t = e.text if len(e.text) <= 60 else e.text[:30] + " … " + e.text[-30:]
                    line.append(t.replace("\n", " "))
                elif e.op == "insert":
                    line.append(("[+" if not color else "") + e.text.replace("\n", " ") + ("+]" if not color else ""), style="green underline")
                else:
                    line.append(("[-" if not color else "") + e.text.replace("\n", " ") + ("-]" if not color else ""), style="red strike")
            console.print(line)
    return console.export_text(styles=color)


class _NullFile:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass
