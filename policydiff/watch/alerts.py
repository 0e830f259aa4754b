"""Alerts: what a change or a failing source says. ``watch.sinks`` carries them.

Material changes come first (``ordered``); each alert says, in the language of the sources
file (``[defaults] lang``), the report's brief summary, the verdict, the link to the report
(only an absolute one, under ``report_base_url``: a local path opens in no mail reader), and for
a non-material change the words it inserted. An alert is an ``AlertView`` (``view()``) that the
report stage renders per channel: ``text()`` for the terminal, plain e-mail and webhooks,
``html()`` for HTML e-mail and feeds, ``markdown()`` only where Markdown is rendered. Each
renderer escapes for its own format: a ``<script>``, a link or an escape sequence in a policy
arrives as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from policydiff.lexicon.labels import date_name, word
from policydiff.report.alert_html import alert_html
from policydiff.report.alert_markdown import alert_markdown
from policydiff.report.alert_text import alert_text
from policydiff.report.alert_view import AlertView, Line
from policydiff.text.safety import markdown_escape as esc
from policydiff.text.safety import plain_line

if TYPE_CHECKING:  # the report's rows are imported where an alert is built (_report_fields)
    from policydiff.model import Comparison

INSERTED_LIMIT = 160  # characters of inserted words a non-material alert quotes


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

    def describe(self, lang: str = "zh") -> str:
        head = f"#{self.index}" if self.index is not None else word("not_recorded", lang)
        if self.commit:
            head += f" {self.commit[:10]}"
        sep = word("list_sep", lang)
        head += sep + word("fetched", lang, self.date[:10])
        stated = [f"{date_name(k, lang)} {v}" for k, v in self.stated.items() if v and k in ("updated", "effective", "published", "version")]
        return head + word("clause_sep", lang) + (word("states", lang, sep.join(stated)) if stated else word("states_none", lang))


@dataclass
class CategoryHit:
    """One 重大变更 category a change falls under, in the policy's own words, with evidence."""

    key: str
    wording: str
    evidence: list[str]
    explanations: list[str]


class Rendered:
    """An alert in each channel's format, all from its ``view()`` (one renderer per channel)."""

    def view(self) -> AlertView:
        raise NotImplementedError

    def text(self) -> str:
        """The alert as plain text (terminal, plain e-mail, chat, webhooks)."""
        return alert_text(self.view())

    def html(self) -> str:
        """The alert as an HTML fragment (HTML e-mail, the feed)."""
        return alert_html(self.view())

    def markdown(self) -> str:
        """The alert as Markdown, for channels that render it."""
        return alert_markdown(self.view())


@dataclass
class ChangeAlert(Rendered):
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
    lang: str = "zh"
    summary: list[str] = field(default_factory=list)  # the report's summary, brief, in ``lang``
    verdict: str = ""  # the verdict line, in ``lang``
    notes: list[str] = field(default_factory=list)  # warnings (silent revision, clause edited…), in ``lang``
    disclosure_text: str = ""  # the disclosure check in one line, in ``lang``
    inserted: list[str] = field(default_factory=list)  # non-material changes: their inserted words, shortened
    report_url: str | None = None  # absolute link to the HTML report (report_base_url set), else None
    policy_title: str = ""  # the title the policy's text gives itself (中国铁路12306隐私政策)
    summary_items: list[list[str]] = field(default_factory=list)  # the summary as [style, text]: "cat" or "fact"

    @property
    def display_name(self) -> str:
        """The name a reader knows: the sources file's name, else the policy's own title, else the slug."""
        if self.name and self.name != self.slug:
            return self.name
        return self.policy_title or self.slug

    @property
    def title(self) -> str:
        """The subject: verdict, 静默修订 when it is one, and the policy's name."""
        lang = self.lang
        label = word("alert_title_material" if self.material else "alert_title_changed", lang)
        if self.silent_revision:
            label += word("paren", lang, word("silent_revision_short", lang))
        return plain_line(f"[policydiff] {label}{word('colon', lang)}{self._who()}")

    def _who(self) -> str:
        """The name with the slug in brackets (once: never "r12306（r12306）")."""
        name = self.display_name
        return name if name == self.slug else name + word("paren", self.lang, self.slug)

    def view(self) -> AlertView:
        """What this alert says, for every channel's renderer (``report.alert_*``)."""
        lang = self.lang
        head = word("alert_material" if self.material else "alert_changed", lang)
        who = self._who()
        lines = [Line("field", self.location, word("alert_source", lang)),
                 Line("field", self.old.describe(lang), word("alert_old", lang)),
                 Line("field", self.new.describe(lang), word("alert_new", lang))]
        lines += [Line("note", n) for n in self.notes]
        if self.summary_items:
            for style, text in self.summary_items:
                lines.append(Line("group" if style == "cat" else "item", text))
        else:  # an alert stored before summary_items: its Markdown lines, as text
            lines += [Line("text", t) for t in self.summary if t.strip()]
        if self.verdict:
            lines.append(Line("field", self.verdict, word("verdict", lang)))
        if self.disclosure_text:
            lines.append(Line("field", self.disclosure_text, word("disclosure", lang)))
        if self.inserted:
            lines.append(Line("field", word("list_sep", lang).join(f"「{t}」" for t in self.inserted), word("alert_inserted", lang)))
        if self.changed_sections and not self.material:
            shown = self.changed_sections[:12]
            more = len(self.changed_sections) - len(shown)
            lines.append(Line("field", word("clause_sep", lang).join(shown) + (word("clause_sep", lang) + word("alert_more", lang, more) if more > 0 else ""),
                              word("alert_sections", lang, len(self.changed_sections))))
        lines.append(Line("link", "", word("report", lang), self.report_url))
        if self.new.commit:
            lines.append(Line("id", self.ident))
        return AlertView(self.title, f"{head} — {who}", lines, self.material, lang)

    @property
    def ident(self) -> str:
        """Stable id: one alert per recorded version (the outbox's and the log's key)."""
        return f"{self.slug}@{self.new.commit or self.new.date}"

    def to_dict(self) -> dict[str, Any]:
        return plain(self)


@dataclass
class FailureAlert(Rendered):
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
    lang: str = "en"  # the sources file's [defaults] lang (alerts stored before it: English)

    material = False

    @property
    def title(self) -> str:
        who = self.name if self.name == self.slug else self.name + word("paren", self.lang, self.slug)
        return plain_line(f"[policydiff] {word('alert_' + self.state, self.lang)}{word('colon', self.lang)}{who}")

    def view(self) -> AlertView:
        """What this alert says, for every channel's renderer (``report.alert_*``)."""
        lang = self.lang
        who = self.name if self.name == self.slug else self.name + word("paren", lang, self.slug)
        icon = "⚠️" if self.state == "failing" else "✅"
        lines = [Line("field", self.location, word("alert_source", lang))]
        if self.state == "failing":
            lines += [Line("field", word("failing_count", lang, self.failures, self.since), word("failing_label", lang)),
                      Line("field", self.error, word("last_error", lang)),
                      Line("text", word("failing_note", lang))]
        else:
            lines.append(Line("text", word("recovered_note", lang, self.failures, self.since)))
        return AlertView(self.title, f"{icon} {word('alert_' + self.state, lang)} — {who}", lines, False, lang)

    @property
    def ident(self) -> str:
        """Stable id: one alert per failing streak and state."""
        return f"{self.slug}:{self.state}:{self.since}"

    def to_dict(self) -> dict[str, Any]:
        d = plain(self)
        d["material"] = False
        return d


Alert = ChangeAlert | FailureAlert


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` without its deep copy of every leaf: dataclasses become dicts and
    lists, dicts and tuples new ones, while strings and numbers (immutable) are shared. A run
    turns each alert into a dict for the outbox and the log; ``asdict`` spent most of it copying.

    >>> plain(VersionRef(1, "abc", "2024-01-02", {"updated": "2024-01-01"}))
    {'index': 1, 'commit': 'abc', 'date': '2024-01-02', 'stated': {'updated': '2024-01-01'}}
    """
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value


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


def report_link(base_url: str | None, report: str | None, archive_dir: str | None = None) -> str | None:
    """The report's absolute link under ``report_base_url`` (its path below the archive), or None."""
    if not base_url or not report:
        return None
    from pathlib import Path
    from urllib.parse import quote

    path = Path(report)
    if archive_dir is not None:
        try:
            path = path.resolve().relative_to(Path(archive_dir).resolve())
        except ValueError:
            pass
    parts = path.parts[-3:] if path.is_absolute() else path.parts
    return base_url.rstrip("/") + "/" + "/".join(quote(p) for p in parts)


def _summary_lines(result: Comparison, lang: str) -> list[str]:
    """The report's brief summary as Markdown lines: categories in bold, facts as bullets (at most 8 a line)."""
    from policydiff.report.summary import summary_text

    out = []
    for style, bullet, text in summary_text(result, lang, brief_limit=8):
        if style == "head" or not bullet and style == "fact":
            continue  # the alert's own heading says material or not
        out.append(f"**{esc(text)}**" if style == "cat" else f"- {esc(text)}")
    return out


def _summary_items(result: Comparison, lang: str) -> list[list[str]]:
    """The report's brief summary as [style, text]: "cat" a category's name, "fact" one of its lines."""
    from policydiff.report.summary import summary_text

    out = []
    for style, bullet, text in summary_text(result, lang, brief_limit=8):
        if style == "head" or not bullet and style == "fact":
            continue  # the alert's own heading says material or not
        out.append(["cat" if style == "cat" else "fact", text])
    return out


def _inserted_words(result: Comparison, limit: int = INSERTED_LIMIT, most: int = 3) -> list[str]:
    """The words the changes inserted (deleted when nothing was inserted), each shortened."""
    out: list[str] = []
    for c in result.changes:
        for text in c.inserted or c.deleted:
            text = " ".join(text.split())
            if text and text not in out:
                out.append(text if len(text) <= limit else text[: limit - 1] + "…")
            if len(out) >= most:
                return out
    return out


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
    lang: str = "zh",
    report_url: str | None = None,
) -> ChangeAlert:
    """Build the alert for one comparison: the report's brief summary in ``lang``, categories in the
    policy's words with evidence (for machines), sections, and the report's link."""
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
        report_md=report_md,
        report_html=report_html,
        lang=lang,
        inserted=[] if v.material else _inserted_words(result),
        report_url=report_url,
        **_report_fields(result, lang),
    )


def _report_fields(result: Comparison, lang: str) -> dict[str, Any]:
    """What an alert takes from the report's rows: changed sections (material ones first), the
    summary, title, verdict, notes and disclosure check, in ``lang``."""
    # imported here: a check whose sources did not change never loads the report's rows (nor,
    # through them, the compare stage: ~50 ms of start-up)
    from policydiff.report import json as report_json
    from policydiff.report import rows

    material_idx = {f.change_index for f in result.verdict.findings if f.in_policy_list}
    sections = []
    for i in sorted(range(len(result.changes)), key=lambda i: i not in material_idx):
        pair = result.changes[i].pair
        heading = rows.pair_title(pair) or word("preamble", lang)
        sections.append(f"{heading}{word('paren', lang, rows.status_words(pair, lang))}")
    return {
        "changed_sections": sections,
        "disclosure": report_json.disclosure_dict(result.disclosure) if result.disclosure is not None else None,
        "summary": _summary_lines(result, lang),
        "summary_items": _summary_items(result, lang),
        "policy_title": rows.policy_title(result),
        "verdict": rows.verdict_line(result, lang),
        "notes": rows.warnings(result, lang),
        "disclosure_text": rows.disclosure_line(result, lang, per_category=True),
    }


def ordered(alerts: Iterable[Alert]) -> list[Alert]:
    """Material changes first, then other changes, then failures; stable within each."""

    def rank(a: Alert) -> int:
        if isinstance(a, ChangeAlert):
            return 0 if a.material else 1
        return 2

    return sorted(alerts, key=rank)
