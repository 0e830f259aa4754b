"""The run's digest (``archive/digest.md``, and the body of a one-message-per-run alert)."""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.text.safety import markdown_escape
from policydiff.watch.alerts import Alert, ChangeAlert, now_iso, ordered


def digest_markdown(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "",
                    pending: Sequence[str] = (), warnings: Sequence[str] = (), notes: Sequence[str] = ()) -> str:
    """One Markdown digest of a run's alerts, material changes first; then what is still undelivered."""
    items = ordered(alerts)
    material = sum(1 for a in items if isinstance(a, ChangeAlert) and a.material)
    changes = sum(1 for a in items if isinstance(a, ChangeAlert))
    lines = [f"## policydiff check — {when or now_iso()}", ""]
    if summary:
        lines += [summary, ""]
    if not items:
        lines.append("No alerts: no version recorded now differs from the one before it, and no source is failing.")
    else:
        lines.append(f"{material} material change(s), {changes - material} other change(s), {len(items) - changes} source status alert(s).")
    for a in items:
        lines += ["", a.markdown().rstrip()]
    if notes:
        lines += ["", f"### Returned to an earlier version ({len(notes)})", "", *(f"- {markdown_escape(n)}" for n in notes)]
    if warnings:
        lines += ["", f"### Warnings ({len(warnings)}): alerts that reach no one", "", *(f"- {markdown_escape(w)}" for w in warnings)]
    if pending:
        lines += ["", f"### Pending alerts ({len(pending)}): not yet delivered, retried on later runs", "", *pending]
    return "\n".join(lines) + "\n"


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
