"""The run's digest (``archive/digest.md``, and the body of a one-message-per-run alert)."""

from __future__ import annotations

from collections.abc import Sequence

from policydiff.watch.alerts import Alert, ChangeAlert, now_iso, ordered


def digest_markdown(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "",
                    pending: Sequence[str] = ()) -> str:
    """One Markdown digest of a run's alerts, material changes first; then what is still undelivered."""
    items = ordered(alerts)
    material = sum(1 for a in items if isinstance(a, ChangeAlert) and a.material)
    changes = sum(1 for a in items if isinstance(a, ChangeAlert))
    lines = [f"## policydiff check — {when or now_iso()}", ""]
    if summary:
        lines += [summary, ""]
    if not items:
        lines.append("No new versions and no failing sources.")
    else:
        lines.append(f"{material} material change(s), {changes - material} other change(s), {len(items) - changes} source status alert(s).")
    for a in items:
        lines += ["", a.markdown().rstrip()]
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
