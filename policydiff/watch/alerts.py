"""Alerts: what a change or a failing source says. ``watch.sinks`` carries them.

Material changes come first (``ordered``); each alert renders itself as Markdown. Every value
that comes from a policy or a sources file is escaped (``text.safety``): a ``<script>``, a link
or an escape sequence in a policy arrives as text in an e-mail, a webhook, the digest or a feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from policydiff.lexicon.labels import DATE_NAMES_SHORT
from policydiff.model import Comparison
from policydiff.report.json import disclosure_dict
from policydiff.text.safety import markdown_code, plain_line
from policydiff.text.safety import markdown_escape as esc


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


# -- what an alert says -------------------------------------------------------------------------


@dataclass
class VersionRef:
    """One archived version as an alert names it: number, commit, fetch date, stated dates."""

    index: int | None
    commit: str | None
    date: str  # ISO date-time the version was fetched
    stated: dict[str, str | None] = field(default_factory=dict)

    def describe(self) -> str:
        head = f"#{self.index}" if self.index is not None else "(not recorded)"
        if self.commit:
            head += f" {self.commit[:10]}"
        head += f", fetched {self.date[:10]}"
        stated = [f"{DATE_NAMES_SHORT[k]} {v}" for k, v in self.stated.items() if v and k in DATE_NAMES_SHORT]
        return esc(head + ("; states " + ", ".join(stated) if stated else "; states no date"))


@dataclass
class CategoryHit:
    """One 重大变更 category a change falls under, in the policy's own words, with evidence."""

    key: str
    wording: str
    evidence: list[str]
    explanations: list[str]


@dataclass
class ChangeAlert:
    """A new version was recorded (or, in a dry run, found) and differs from the last one."""

    slug: str
    name: str
    location: str
    tags: list[str]
    old: VersionRef
    new: VersionRef
    material: bool
    categories: list[CategoryHit]
    silent_revision: bool
    changed_sections: list[str]  # headings of the changed sections, material ones first
    report_md: str | None = None
    report_html: str | None = None
    disclosure: dict[str, Any] | None = None
    time: str = field(default_factory=now_iso)
    kind: Literal["change"] = "change"

    @property
    def title(self) -> str:
        label = "MATERIAL CHANGE 重大变更" if self.material else "Policy changed (not material)"
        return plain_line(f"[policydiff] {label}: {self.name} ({self.slug})")

    def markdown(self) -> str:
        """The alert as Markdown: verdict, versions, categories with evidence, report paths."""
        lines = [f"### {'🔴 MATERIAL CHANGE (重大变更)' if self.material else '🟡 Changed, not material'} — {esc(self.name)} ({markdown_code(self.slug)})", ""]
        lines.append(f"- Source: {esc(self.location)}")
        lines.append(f"- Old version: {self.old.describe()}")
        lines.append(f"- New version: {self.new.describe()}")
        if self.silent_revision:
            lines.append("- **Silent revision**: the text changed materially but the stated dates did not")
        if self.categories:
            lines.append("- Categories, in the policy's own words:")
            for hit in self.categories:
                lines.append(f"  - **{esc(hit.key)}** — “{esc(hit.wording)}”")
                for ev, why in zip(hit.evidence, hit.explanations, strict=True):
                    lines.append(f"    - evidence: “{esc(ev)}”" + (f" — {esc(why)}" if why else ""))
        if self.changed_sections:
            shown = self.changed_sections[:12]
            more = len(self.changed_sections) - len(shown)
            lines.append(f"- Changed sections ({len(self.changed_sections)}): " + "; ".join(esc(h) for h in shown) + (f"; … and {more} more" if more > 0 else ""))
        if self.disclosure:
            # the whole object is in to_dict() (JSON-lines log, webhooks); people read one line
            lines.append(f"- Transparency: {esc(str(self.disclosure.get('label', '')))} — {esc(str(self.disclosure.get('summary', '')))}")
        if self.report_html or self.report_md:
            lines.append(f"- Full report: {markdown_code(self.report_html or '')}" + (f" (Markdown: {markdown_code(self.report_md)})" if self.report_md else ""))
        if self.new.commit:
            lines.append(f"- Alert id: {markdown_code(self.ident)}")
        return "\n".join(lines) + "\n"

    @property
    def ident(self) -> str:
        """Stable id: one alert per recorded version (the outbox's and the log's key)."""
        return f"{self.slug}@{self.new.commit or self.new.date}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FailureAlert:
    """A source started failing (after the threshold) or recovered."""

    slug: str
    name: str
    location: str
    tags: list[str]
    state: Literal["failing", "recovered"]
    error: str
    failures: int  # consecutive failures (when recovering: how many there were)
    since: str  # ISO time of the first failure of the streak
    time: str = field(default_factory=now_iso)
    kind: Literal["failure"] = "failure"

    material = False

    @property
    def title(self) -> str:
        if self.state == "failing":
            return plain_line(f"[policydiff] Source failing: {self.name} ({self.slug})")
        return plain_line(f"[policydiff] Source recovered: {self.name} ({self.slug})")

    def markdown(self) -> str:
        if self.state == "failing":
            head = f"### ⚠️ Source failing — {esc(self.name)} ({markdown_code(self.slug)})"
            body = [
                f"- Source: {esc(self.location)}",
                f"- {self.failures} consecutive failed checks since {esc(self.since)}",
                f"- Last error: {esc(self.error)}",
                "- No version is recorded while it fails; you will get one more alert when it recovers.",
            ]
        else:
            head = f"### ✅ Source recovered — {esc(self.name)} ({markdown_code(self.slug)})"
            body = [f"- Source: {esc(self.location)}", f"- Checked fine again after {self.failures} failed checks since {esc(self.since)}"]
        return "\n".join([head, "", *body]) + "\n"

    @property
    def ident(self) -> str:
        """Stable id: one alert per failing streak and state."""
        return f"{self.slug}:{self.state}:{self.since}"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["material"] = False
        return d


Alert = ChangeAlert | FailureAlert


def alert_from_dict(d: dict[str, Any]) -> Alert:
    """The alert a ``to_dict()`` (an outbox entry, a log record) describes; extra keys are ignored."""
    if d.get("kind") == "failure" or d.get("event") in ("failing", "recovered"):
        names = set(FailureAlert.__dataclass_fields__)
        return FailureAlert(**{k: v for k, v in d.items() if k in names and k != "kind"})
    names = set(ChangeAlert.__dataclass_fields__)
    body = {k: v for k, v in d.items() if k in names and k != "kind"}
    body["old"] = VersionRef(**body["old"])
    body["new"] = VersionRef(**body["new"])
    body["categories"] = [CategoryHit(**c) for c in body.get("categories") or []]
    return ChangeAlert(**body)


def change_alert(
    *,
    slug: str,
    name: str,
    location: str,
    tags: Sequence[str],
    result: Comparison,
    old: VersionRef,
    new: VersionRef,
    report_md: str | None = None,
    report_html: str | None = None,
) -> ChangeAlert:
    """Build the alert for one comparison: categories in the policy's words, evidence, sections."""
    v = result.verdict
    old.stated = old.stated or v.old_dates.as_dict()
    new.stated = new.stated or v.new_dates.as_dict()
    wording = {c.key: c.wording for c in v.categories}
    hits: dict[str, CategoryHit] = {}
    for f in v.findings:
        if not f.in_policy_list:
            continue  # outside the policy's own 重大变更 list: in the report, not in the alert's categories
        hit = hits.setdefault(f.category, CategoryHit(f.category, wording.get(f.category, f.category), [], []))
        if f.evidence not in hit.evidence:
            hit.evidence.append(f.evidence)
            hit.explanations.append(f.explanation)
    material_idx = {f.change_index for f in v.findings if f.in_policy_list}
    order = sorted(range(len(result.changes)), key=lambda i: i not in material_idx)
    sections = []
    for i in order:
        pair = result.changes[i].pair
        heading = (pair.new.heading if pair.new else None) or (pair.old.heading if pair.old else None) or "(preamble)"
        sections.append(f"{heading} ({pair.status})")
    disclosure = disclosure_dict(result.disclosure) if result.disclosure is not None else None
    return ChangeAlert(
        slug=slug,
        name=name,
        location=location,
        tags=list(tags),
        old=old,
        new=new,
        material=v.material,
        categories=list(hits.values()),
        silent_revision=v.silent_revision,
        changed_sections=sections,
        report_md=report_md,
        report_html=report_html,
        disclosure=disclosure,
    )


def ordered(alerts: Iterable[Alert]) -> list[Alert]:
    """Material changes first, then other changes, then failures; stable within each."""

    def rank(a: Alert) -> int:
        if isinstance(a, ChangeAlert):
            return 0 if a.material else 1
        return 2

    return sorted(alerts, key=rank)
