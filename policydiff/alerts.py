"""Alerts: what a change or a failing source says, and the sinks that carry it.

Sinks: Apprise URLs (email, generic JSON webhooks, WeCom, DingTalk, Feishu, …), an Atom
feed and a JSON-lines log in the archive, and a Markdown digest per run. Material changes
come first. A message longer than a service takes is split into numbered parts (and, past
a bound, points to the report) — never cut silently.
"""

from __future__ import annotations

import json
import logging
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from policydiff.config import Config, Route, redact
from policydiff.errors import ConfigError
from policydiff.fsutil import atomic_write_text
from policydiff.models import Comparison, StatedDates

ATOM_NS = "http://www.w3.org/2005/Atom"
MAX_PARTS = 10  # a message needing more parts than this sends MAX_PARTS and points to the report

# Body limits in UTF-8 bytes, from the services' documentation; None = no practical limit.
SERVICE_LIMITS: dict[str, int | None] = {
    "mailto": None,
    "mailtos": None,
    "wecombot": 4096,  # WeCom group bot markdown content: 4096 bytes
    "dingtalk": 20000,  # DingTalk custom robot: 20000 bytes
    "feishu": 30000,  # Feishu custom bot: request body ~30 KB
    "lark": 30000,
}


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
        words = {"updated": "更新", "effective": "生效", "published": "发布", "version": "版本"}
        stated = [f"{words[k]} {v}" for k, v in self.stated.items() if v and k in words]
        return head + ("; states " + ", ".join(stated) if stated else "; states no date")


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
        return f"[policydiff] {label}: {self.name} ({self.slug})"

    def markdown(self) -> str:
        """The alert as Markdown: verdict, versions, categories with evidence, report paths."""
        lines = [f"### {'🔴 MATERIAL CHANGE (重大变更)' if self.material else '🟡 Changed, not material'} — {self.name} (`{self.slug}`)", ""]
        lines.append(f"- Source: {self.location}")
        lines.append(f"- Old version: {self.old.describe()}")
        lines.append(f"- New version: {self.new.describe()}")
        if self.silent_revision:
            lines.append("- **Silent revision**: the text changed materially but the stated dates did not")
        if self.categories:
            lines.append("- Categories, in the policy's own words:")
            for hit in self.categories:
                lines.append(f"  - **{hit.key}** — “{hit.wording}”")
                for ev, why in zip(hit.evidence, hit.explanations, strict=True):
                    lines.append(f"    - evidence: “{ev}”" + (f" — {why}" if why else ""))
        if self.changed_sections:
            shown = self.changed_sections[:12]
            more = len(self.changed_sections) - len(shown)
            lines.append(f"- Changed sections ({len(self.changed_sections)}): " + "; ".join(shown) + (f"; … and {more} more" if more > 0 else ""))
        if self.disclosure:
            # the whole object is in to_dict() (JSON-lines log, webhooks); people read one line
            lines.append(f"- Transparency: {self.disclosure.get('label', '')} — {self.disclosure.get('summary', '')}")
        if self.report_html or self.report_md:
            lines.append(f"- Full report: {self.report_html or ''}" + (f" (Markdown: {self.report_md})" if self.report_md else ""))
        return "\n".join(lines) + "\n"

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
            return f"[policydiff] Source failing: {self.name} ({self.slug})"
        return f"[policydiff] Source recovered: {self.name} ({self.slug})"

    def markdown(self) -> str:
        if self.state == "failing":
            head = f"### ⚠️ Source failing — {self.name} (`{self.slug}`)"
            body = [
                f"- Source: {self.location}",
                f"- {self.failures} consecutive failed checks since {self.since}",
                f"- Last error: {self.error}",
                "- No version is recorded while it fails; you will get one more alert when it recovers.",
            ]
        else:
            head = f"### ✅ Source recovered — {self.name} (`{self.slug}`)"
            body = [f"- Source: {self.location}", f"- Checked fine again after {self.failures} failed checks since {self.since}"]
        return "\n".join([head, "", *body]) + "\n"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["material"] = False
        return d


Alert = ChangeAlert | FailureAlert


def _stated(d: StatedDates) -> dict[str, str | None]:
    return {"updated": d.updated, "effective": d.effective, "published": d.published, "version": d.version}


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
    old.stated = old.stated or _stated(v.old_dates)
    new.stated = new.stated or _stated(v.new_dates)
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
    disclosure = result.extras.get("disclosure")
    to_plain = getattr(disclosure, "to_dict", None)
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
        disclosure=to_plain() if callable(to_plain) else None,
    )


def ordered(alerts: Iterable[Alert]) -> list[Alert]:
    """Material changes first, then other changes, then failures; stable within each."""

    def rank(a: Alert) -> int:
        if isinstance(a, ChangeAlert):
            return 0 if a.material else 1
        return 2

    return sorted(alerts, key=rank)


def digest_markdown(alerts: Sequence[Alert], *, when: str | None = None, summary: str = "") -> str:
    """One Markdown digest of a run's alerts, material changes first."""
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


# -- splitting long messages --------------------------------------------------------------------


def _chunks_of_line(line: str, budget: int) -> list[str]:
    """Cut one over-long line at character boundaries into pieces of at most ``budget`` bytes."""
    out: list[str] = []
    cur: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > budget and cur:
            out.append("".join(cur))
            cur, size = [], 0
        cur.append(ch)
        size += n
    if cur:
        out.append("".join(cur))
    return out


def split_message(body: str, limit: int | None, *, report: str | None = None, max_parts: int = MAX_PARTS) -> list[str]:
    """Split ``body`` at line boundaries into numbered parts of at most ``limit`` UTF-8 bytes.

    Past ``max_parts`` the last part says how much was left out and where the full text is.
    """
    if limit is None or len(body.encode("utf-8")) <= limit:
        return [body]
    header_room = 32  # "(part 10/10)\n\n" and the like
    budget = max(limit - header_room, 64)
    pieces: list[str] = []
    cur = ""
    for line in body.split("\n"):
        candidate = f"{cur}\n{line}" if cur else line
        if len(candidate.encode("utf-8")) <= budget:
            cur = candidate
            continue
        if cur:
            pieces.append(cur)
        if len(line.encode("utf-8")) > budget:
            cut = _chunks_of_line(line, budget)
            pieces.extend(cut[:-1])
            cur = cut[-1]
        else:
            cur = line
    if cur:
        pieces.append(cur)
    if len(pieces) > max_parts:
        left = len(pieces) - (max_parts - 1)
        where = f" Full text: {report}" if report else " Full text: archive/digest.md"
        note = f"… {left} more part(s) not sent to this service.{where}"
        pieces = pieces[: max_parts - 1] + [note]
    n = len(pieces)
    return [f"(part {i}/{n})\n\n{p}" for i, p in enumerate(pieces, 1)]


def service_limit(url: str) -> int | None:
    """Body limit in bytes for an Apprise URL: the documented one, or Apprise's own bound."""
    scheme = url.split("://", 1)[0].lower()
    if scheme in SERVICE_LIMITS and SERVICE_LIMITS[scheme] is None:
        return None
    limits = [v for v in (SERVICE_LIMITS.get(scheme),) if v]
    try:
        import apprise

        plugin = apprise.Apprise.instantiate(url)
        maxlen = getattr(plugin, "body_maxlen", 0) if plugin else 0
        if maxlen:
            limits.append(int(maxlen))
    except Exception:  # noqa: BLE001 - the limit is a best effort; delivery reports real errors
        pass
    return min(limits) if limits else None


# -- Apprise delivery ---------------------------------------------------------------------------


@dataclass
class Message:
    """One notification to send: title, Markdown body, and the report it refers to."""

    title: str
    body: str
    material: bool
    report: str | None = None


@dataclass
class Delivery:
    """What happened to one route's messages at one URL."""

    route: str
    url: str  # redacted
    ok: bool
    parts: int
    error: str = ""


def messages_for(route: Route, alerts: Sequence[Alert], mode: str) -> list[Message]:
    """A route's messages: one digest of all its alerts, or one per alert (material first)."""
    picked = [
        a for a in ordered(alerts)
        if (isinstance(a, ChangeAlert) and (a.material or not route.only_material))
        or (isinstance(a, FailureAlert) and route.failures)
    ]
    if not picked:
        return []
    if (route.digest or mode) == "run" and len(picked) > 1:
        return [Message(digest_title(picked), digest_markdown(picked), any(a.material for a in picked))]
    out = []
    for a in picked:
        report = a.report_html or a.report_md if isinstance(a, ChangeAlert) else None
        out.append(Message(a.title, a.markdown(), a.material, report))
    return out


def send(url: str, messages: Sequence[Message], *, timeout: float = 30.0) -> tuple[int, str]:
    """Send messages to one Apprise URL; returns (parts sent, error text or "")."""
    import apprise

    ap = apprise.Apprise()
    if not ap.add(url):
        return 0, f"not a valid Apprise URL: {redact(url)}"
    limit = service_limit(url)
    sent = 0
    errors: list[str] = []
    for msg in messages:
        title_bytes = len(msg.title.encode("utf-8"))
        parts = split_message(msg.body, None if limit is None else max(limit - title_bytes - 16, 256), report=msg.report)
        for i, part in enumerate(parts, 1):
            title = msg.title if len(parts) == 1 else f"{msg.title} ({i}/{len(parts)})"
            with apprise.LogCapture(level=logging.WARNING) as log:
                ok = ap.notify(
                    body=part,
                    title=title,
                    body_format=apprise.NotifyFormat.MARKDOWN,
                    notify_type=apprise.NotifyType.WARNING if msg.material else apprise.NotifyType.INFO,
                )
                captured = log.getvalue() if hasattr(log, "getvalue") else ""
            if ok:
                sent += 1
            else:
                detail = " ".join(line.split(" - ", 2)[-1] for line in captured.strip().splitlines()[-2:])
                errors.append(detail or "the service refused the message")
    return sent, "; ".join(dict.fromkeys(errors))


def deliver(
    config: Config,
    alerts: Sequence[Alert],
    *,
    environ: Mapping[str, str] | None = None,
) -> list[Delivery]:
    """Send each route its alerts (routing per source and per tag); report every URL's outcome."""
    by_route: dict[str, list[Alert]] = {}
    slugs = {s.slug: s for s in config.sources}
    for a in alerts:
        src = slugs.get(a.slug)
        if src is None:
            continue
        for route in config.routes_for(src):
            by_route.setdefault(route.name, []).append(a)
    out: list[Delivery] = []
    for name, routed in by_route.items():
        route = config.routes[name]
        messages = messages_for(route, routed, config.defaults.digest)
        if not messages:
            continue
        try:
            urls = route.resolved_urls(environ)
        except ConfigError as exc:
            out.append(Delivery(name, "<route>", False, 0, str(exc)))
            continue
        for url in urls:
            try:
                parts, error = send(url, messages)
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not lose the other routes
                parts, error = 0, f"{type(exc).__name__}: {exc}"
            out.append(Delivery(name, redact(url), not error, parts, error))
    return out


# -- files in the archive -----------------------------------------------------------------------


def append_log(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Append JSON lines (one record a line, flushed and synced) to the alert log."""
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    if not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(lines)
        fh.flush()
        os.fsync(fh.fileno())


def read_log(path: Path) -> list[dict[str, Any]]:
    """The alert log's records (a torn last line from a crash is skipped)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _entry(alert: Alert) -> ET.Element:
    e = ET.Element(_q("entry"))
    if isinstance(alert, ChangeAlert):
        ident = f"urn:policydiff:{alert.slug}:version:{alert.new.commit or alert.new.date}"
        term = "material" if alert.material else "change"
    else:
        ident = f"urn:policydiff:{alert.slug}:{alert.state}:{alert.time}"
        term = alert.state
    ET.SubElement(e, _q("id")).text = ident
    ET.SubElement(e, _q("title")).text = alert.title
    ET.SubElement(e, _q("updated")).text = alert.time
    author = ET.SubElement(e, _q("author"))
    ET.SubElement(author, _q("name")).text = "policydiff"
    ET.SubElement(e, _q("category"), term=term)
    for tag in alert.tags:
        ET.SubElement(e, _q("category"), term=f"tag:{tag}")
    if isinstance(alert, ChangeAlert) and (alert.report_html or alert.report_md):
        report = alert.report_html or alert.report_md or ""
        ET.SubElement(e, _q("link"), rel="alternate", href=Path(report).resolve().as_uri())
    elif alert.location.startswith(("http://", "https://")):
        ET.SubElement(e, _q("link"), rel="related", href=alert.location)
    ET.SubElement(e, _q("summary")).text = alert.markdown()
    return e


def write_feed(path: Path, alerts: Sequence[Alert], *, max_entries: int = 200, title: str = "policydiff alerts") -> None:
    """Add alerts to the Atom 1.0 feed (newest first, at most ``max_entries``), written atomically."""
    if not alerts:
        return
    ET.register_namespace("", ATOM_NS)
    old_entries: list[ET.Element] = []
    if path.exists():
        try:
            old_entries = ET.parse(path).getroot().findall(_q("entry"))
        except ET.ParseError:
            old_entries = []  # a broken feed is replaced, not trusted
    feed = ET.Element(_q("feed"))
    ET.SubElement(feed, _q("title")).text = title
    ET.SubElement(feed, _q("id")).text = f"urn:policydiff:feed:{path.resolve().parent.name}"
    ET.SubElement(feed, _q("updated")).text = max(a.time for a in alerts)
    ET.SubElement(feed, _q("link"), rel="self", href=path.resolve().as_uri())
    ET.SubElement(feed, _q("generator")).text = "policydiff"
    new_entries = [_entry(a) for a in reversed(ordered(alerts))]  # material last inserted = first shown
    new_entries.reverse()
    for e in (new_entries + old_entries)[:max_entries]:
        feed.append(e)
    ET.indent(feed)
    text = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    atomic_write_text(path, '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")


def alert_records(alerts: Sequence[Alert], *, run: str, dry_run: bool = False) -> list[dict[str, Any]]:
    """JSON-lines records for alerts (event "change" or "failing"/"recovered")."""
    out = []
    for a in ordered(alerts):
        d = a.to_dict()
        d["event"] = "change" if isinstance(a, ChangeAlert) else a.state
        d["run"] = run
        if dry_run:
            d["dry_run"] = True
        out.append(d)
    return out


def delivery_records(deliveries: Sequence[Delivery], *, run: str) -> list[dict[str, Any]]:
    return [dict(asdict(d), event="delivery", run=run, time=now_iso()) for d in deliveries]
