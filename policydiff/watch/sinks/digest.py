"""The run's digest: ``archive/digest.md`` (Markdown, a file), and the body of a
one-message-per-run alert in each channel's format (plain text, HTML e-mail, Markdown).

Its counts are the alerts' own (material changes, other changes, source status alerts), so the
head never contradicts the run's summary line above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.report.alert_html import mail_html
from policydiff.report.alert_text import digest_text as _digest_text
from policydiff.text.safety import markdown_escape
from policydiff.watch.alerts import Alert, ChangeAlert, now_iso, ordered


def counts_line(alerts: Sequence[Alert]) -> str:
    """The alerts of a run counted in one sentence (or why there are none)."""
    material = sum(1 for a in alerts if isinstance(a, ChangeAlert) and a.material)
    changes = sum(1 for a in alerts if isinstance(a, ChangeAlert))
    if not alerts:
        return "No alerts: no version recorded now differs from the one before it, and no source is failing."
    return f"{material} material change(s), {changes - material} other change(s), {len(alerts) - changes} source status alert(s)."


def _sections(warnings: Sequence[str], notes: Sequence[str], pending: Sequence[str]) -> list[tuple[str, list[str]]]:
    out = []
    if notes:
        out.append((f"Returned to an earlier version ({len(notes)})", list(notes)))
    if warnings:
        out.append((f"Warnings ({len(warnings)}): alerts that reach no one", list(warnings)))
    if pending:
        out.append((f"Pending alerts ({len(pending)}): not yet delivered, retried on later runs", list(pending)))
    return out


def digest_markdown(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "",
                    pending: Sequence[str] = (), warnings: Sequence[str] = (), notes: Sequence[str] = ()) -> str:
    """One Markdown digest of a run's alerts, material changes first; then returns, warnings and
    what is still undelivered (``pending`` lines are Markdown already)."""
    items = ordered(alerts)
    lines = [f"## policydiff check — {when or now_iso()}", ""]
    if summary:
        lines += [summary, ""]
    lines.append(counts_line(items))
    for a in items:
        lines += ["", a.markdown().rstrip()]
    for title, entries in _sections(warnings, notes, ()):
        lines += ["", f"### {title}", "", *(f"- {markdown_escape(e)}" for e in entries)]
    if pending:
        lines += ["", f"### Pending alerts ({len(pending)}): not yet delivered, retried on later runs", "", *pending]
    return "\n".join(lines) + "\n"


def digest_text(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "",
                warnings: Sequence[str] = (), notes: Sequence[str] = ()) -> str:
    """The digest as plain text (the terminal, plain e-mail, JSON webhooks)."""
    items = ordered(alerts)
    head = [f"policydiff check — {when or now_iso()}", "", *([summary, ""] if summary else []), counts_line(items)]
    tail: list[str] = []
    for title, entries in _sections(warnings, notes, ()):
        tail += [title, *(f"  • {e}" for e in entries), ""]
    return _digest_text(head, [a.view() for a in items], tail)


def digest_html(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "") -> str:
    """The digest as a whole HTML e-mail."""
    items = ordered(alerts)
    intro = [f"policydiff check — {when or now_iso()}", *([summary] if summary else []), counts_line(items)]
    return mail_html(digest_title(items), [a.view() for a in items], intro)


def digest_title(alerts: Sequence[Alert]) -> str:
    material = sum(1 for a in alerts if isinstance(a, ChangeAlert) and a.material)
    changes = sum(1 for a in alerts if isinstance(a, ChangeAlert))
    failures = len(alerts) - changes
    parts = []
    if material:
        parts.append(f"{material} MATERIAL change(s)")
    if changes - material:
        parts.append(f"{changes - material} other change(s)")
    if failures:
        parts.append(f"{failures} source status alert(s)")
    return "[policydiff] " + (", ".join(parts) or "no changes")
