"""Deliver what the outbox owes (``archive.outbox`` keeps it): every run starts and ends here.

A target is one URL of one route (``route#index``: the index, never the URL, so no secret is
stored). An alert is done when every target that wants it took it; a target that failed is
retried on a later run after ``archive.outbox.backoff``; nothing leaves the outbox unsent
except an alert whose policy no longer has a route (kept as done, with that reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from policydiff.archive import outbox as box
from policydiff.errors import ConfigError
from policydiff.fsutil import BackgroundSyncs, sync_paths
from policydiff.text.safety import markdown_code, markdown_escape
from policydiff.watch.alerts import Alert, ChangeAlert, FailureAlert, alert_from_dict, ordered
from policydiff.watch.config import Config, Route, redact
from policydiff.watch.sinks import apprise as apprise_sink
from policydiff.watch.sinks import log as log_sink
from policydiff.watch.sinks.apprise import Delivery


@dataclass
class Pending:
    """An alert still owed to someone, for the digest and ``policydiff list``."""

    ident: str
    slug: str
    title: str
    waiting: list[str]  # target keys not yet delivered
    error: str
    next_try: float | None

    def line(self) -> str:
        """One Markdown line: what is owed, to whom, why, and when it is tried again."""
        when = ""
        if self.next_try:
            when = ", next try " + datetime.fromtimestamp(self.next_try, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        to = ", ".join(self.waiting) or "not tried yet"
        why = f" — last error: {markdown_escape(self.error)}" if self.error else ""
        return f"- {markdown_escape(self.title)} ({markdown_code(self.ident)}): waiting for {markdown_escape(to)}{when}{why}"


def wants(route: Route, alert: Alert) -> bool:
    """Whether a route receives this alert (the filter of ``apprise.messages_for``)."""
    if isinstance(alert, ChangeAlert):
        return alert.material or not route.only_material
    return isinstance(alert, FailureAlert) and route.failures


def targets_of(config: Config, alert: Alert) -> list[tuple[Route, int]]:
    """(route, url index) of every URL this alert goes to under the current sources file."""
    src = next((s for s in config.sources if s.slug == alert.slug), None)
    if src is None:
        return []
    return [(r, i) for r in config.routes_for(src) if wants(r, alert) for i in range(len(r.urls))]


NO_ROUTE = "no alert route for this policy"


class AlertBatch:
    """The change alerts of one run's batch of versions, put in the outbox and the alert log with
    one synced write of each file instead of three synced saves and a synced log append each.

    ``add`` writes each alert's entry as its compare ends (stored done at once when no route
    wants it; its two reports are synced already) and has it synced in a thread of the batch's
    own, side by side with the next ones, while this process takes the next answer and the other
    compares still run: synced in line, each waited ~2–4 ms for a journal commit of its own, and
    the run fell behind its workers. ``land`` waits for those syncs (their threads end), appends
    every log record in one write and syncs the log and the folders. Why the order stays safe:
    the run's intents file (synced before its versions land) is removed only after ``land``,
    and nothing is delivered before that. A run killed before then leaves the intents, and the
    next run's recovery (``recovering=True``) rebuilds what is missing: an alert whose entry is
    not there (or torn) is enqueued, and every landed alert's log record is appended unless the
    log already holds its id, so alerts.jsonl holds each alert once (the entries say ``logged``
    from the start: until ``land``, the intents cover them).
    """

    def __init__(self, archive_dir: Path, config: Config, now: float, *, run: str, recovering: bool = False) -> None:
        self.archive_dir, self.config, self.now, self.run, self.recovering = archive_dir, config, now, run, recovering
        self._runner = box.runner_id(archive_dir)
        self._records: list[dict[str, Any]] = []
        self._entries = BackgroundSyncs()  # written, being synced

    def add(self, alert: ChangeAlert) -> bool:
        """Put ``alert`` in the outbox, its sync started (``land`` waits for it); False when it
        was there already. Call it once the run forks no more (its first call starts a thread)."""
        body = alert.to_dict()
        note = None if targets_of(self.config, alert) else NO_ROUTE
        entry = box.enqueue(self.archive_dir, alert.ident, alert.kind, alert.slug, body, self.now, logged=True,
                            done_note=note, runner=self._runner, sync=False)
        if entry is None:
            return False
        # (its reports were synced before its answer came: compare_jobs.run_one, compare_host)
        self._entries.add(box.outbox_dir(self.archive_dir) / entry["file"])
        self._records.append(log_sink.alert_record(body, alert, run=self.run))
        return True

    def relog(self, entry: dict[str, Any]) -> None:
        """An entry a killed run wrote (``recovering``): its log record is appended at ``land``
        unless the log already holds it."""
        self._records.append(log_sink.alert_record(entry["alert"], alert_from_dict(entry["alert"]), run=self.run))

    def land(self) -> None:
        """Wait for the entries' syncs (their threads end here); append the log records in one
        write; sync the log and the folders (the new names)."""
        added = self._entries.wait()  # the disk failed one: the run fails, its intents stay for the next run
        log = self.archive_dir / "alerts.jsonl"
        records = self._records
        if self.recovering and records:
            held = log_sink.logged_ids(log)
            records = [r for r in records if r["id"] not in held]
        if records:
            log_sink.append_log(log, records, sync=False)
        if records or added:  # the log, its folder (a new log's name), the entries' folder
            sync_paths([log, *([box.outbox_dir(self.archive_dir)] if added else [])])
        self._records = []


def enqueue(archive_dir: Path, alert: Alert, now: float, *, run: str) -> bool:
    """Put one alert in the outbox and in the alert log (once: a repeated call changes nothing)."""
    entry = box.enqueue(archive_dir, alert.ident, alert.kind, alert.slug, alert.to_dict(), now)
    if entry is None:
        return False
    _log_entry(archive_dir, entry, run=run, recovering=False)
    return True


def _log_entry(archive_dir: Path, entry: dict[str, Any], *, run: str, recovering: bool) -> None:
    """Append the entry's alert record to alerts.jsonl unless it is there (a killed run may have)."""
    log = archive_dir / "alerts.jsonl"
    if not (recovering and entry["id"] in log_sink.logged_ids(log)):
        log_sink.append_log(log, log_sink.alert_records([alert_from_dict(entry["alert"])], run=run))
    entry["logged"] = True
    box.save(archive_dir, entry)


def deliver_pending(
    archive_dir: Path, config: Config, *, now: float, run: str, environ: Mapping[str, str] | None = None,
    prune: bool = True,
) -> list[Delivery]:
    """Send every due pending alert to the targets that have not taken it; record each outcome;
    then (``prune``) forget old delivered entries (a run that delivers twice prunes once)."""
    entries = _mine(archive_dir, now)
    for e in entries:
        if not e.get("logged"):
            _log_entry(archive_dir, e, run=run, recovering=True)
    alerts = {e["id"]: alert_from_dict(e["alert"]) for e in entries}
    owed = _owed(archive_dir, config, entries, alerts, now)
    out: list[Delivery] = []
    if owed:
        import apprise  # noqa: F401 - heavy (~150 ms): loaded before any alert is marked in flight

    for (name, i), owed_entries in owed.items():
        route = config.routes[name]
        key = f"{name}#{i}"
        try:
            url = route.resolved_url(i, environ)
        except ConfigError as exc:
            for e in owed_entries:
                _mark(archive_dir, config, e, alerts[e["id"]], key, str(exc), now)
            out.append(Delivery(name, "<route>", False, 0, str(exc)))
            continue
        sent, errors = 0, []
        for message, group in _messages(route, owed_entries, alerts, config.defaults.digest, key):
            for e in group:  # in flight: a kill from here to the mark below may send it again, flagged
                e["targets"].setdefault(key, {})["sending"] = now
                box.save(archive_dir, e)
            try:
                parts, error = apprise_sink.send(url, [message])
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not lose the other routes
                parts, error = 0, f"{type(exc).__name__}: {exc}"
            error = route.redact_secrets(error, environ)
            sent += parts
            if error:
                errors.append(error)
            for e in group:
                _mark(archive_dir, config, e, alerts[e["id"]], key, error, now)
        error = "; ".join(dict.fromkeys(errors))
        out.append(Delivery(name, redact(url), not error, sent, error))
    if out:
        log_sink.append_log(archive_dir / "alerts.jsonl", log_sink.delivery_records([d for d in out if not d.ok], run=run))
    if prune:
        box.prune(archive_dir, now)
    return out


def _mine(archive_dir: Path, now: float) -> list[dict[str, Any]]:
    """The outbox entries this runner delivers: its own, and those of a runner gone quiet (taken
    over here and flagged as a possible repeat); another live runner's entries are its to send."""
    me = box.runner_id(archive_dir)
    entries = []
    for e in box.entries(archive_dir):
        whose = box.owner(e, me, now)
        if whose == "theirs":
            continue  # another runner recorded this version and delivers its alert
        if whose == "taken over":  # its runner is gone: delivered here, flagged as a possible repeat
            e["runner"], e["taken_over"] = me, now
            box.save(archive_dir, e)
        entries.append(e)
    return entries


def _owed(archive_dir: Path, config: Config, entries: list[dict[str, Any]], alerts: dict[str, Alert],
          now: float) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Which entries each (route, url index) owes now: not taken yet and not waiting out a backoff.
    An entry whose policy no longer has a route is kept as done, with that reason."""
    owed: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for e in entries:
        targets = targets_of(config, alerts[e["id"]])
        if not targets:
            e["status"], e["done_at"], e["note"] = "done", now, NO_ROUTE
            box.save(archive_dir, e)
            continue
        for route, i in targets:
            t = e["targets"].get(f"{route.name}#{i}", {})
            if t.get("ok") or float(t.get("next_try") or 0) > now:
                continue
            owed.setdefault((route.name, i), []).append(e)
    return owed


REPEAT_NOTE = ("Possibly a repeat: a run was stopped while sending this alert, the service dropped the connection "
               "after taking it, or the runner that owed it went quiet (same Alert id)")
# Failures after the message was handed over: an SMTP server that took DATA and then dropped or
# stalled before its 250 (Apprise's e-mail plugin reports any failure after connecting this way;
# a refused connection is "Connection error while submitting …": nothing was sent).
_AFTER_HANDOVER = ("Sending email to",)


def may_have_arrived(error: str) -> bool:
    """Whether a failed delivery may still have reached its recipient (so its retry is flagged).

    >>> may_have_arrived('Sending email to "b@example.com" failed.')
    True
    >>> may_have_arrived('Connection error while submitting email to "127.0.0.1"')
    False
    """
    return any(marker in error for marker in _AFTER_HANDOVER)


def _messages(route: Route, entries: list[dict[str, Any]], alerts: dict[str, Alert], mode: str,
              key: str) -> list[tuple[apprise_sink.Message, list[dict[str, Any]]]]:
    """The route's messages, each with the entries it carries (one digest, or one per alert);
    a message any of whose alerts was in flight when a run stopped says it may be a repeat."""
    picked = [alerts[e["id"]] for e in entries]
    if (route.digest or mode) == "run" and len(picked) > 1:
        groups = [entries]
    else:
        order = {a.ident: n for n, a in enumerate(ordered(picked))}
        groups = [[e] for e in sorted(entries, key=lambda e: order[e["id"]])]
    out = []
    for group in groups:
        for message in apprise_sink.messages_for(route, [alerts[e["id"]] for e in group], mode):
            if any(e.get("taken_over") or e["targets"].get(key, {}).get("sending") or e["targets"].get(key, {}).get("uncertain")
                   for e in group):
                message.title = "[repeat?] " + message.title
                message.add_note(REPEAT_NOTE)
            out.append((message, group))
    return out


def _mark(archive_dir: Path, config: Config, entry: dict[str, Any], alert: Alert, key: str, error: str, now: float) -> None:
    """Record one target's outcome for an entry; done when every target took it."""
    t = entry["targets"].setdefault(key, {})
    t.pop("sending", None)
    t["attempts"] = int(t.get("attempts", 0)) + 1
    if error:
        t.update(ok=False, error=error, next_try=now + box.backoff(t["attempts"]))
        if may_have_arrived(error):
            t["uncertain"] = now  # the retry says it may be a repeat
    else:
        t.update(ok=True, error="", delivered=now)
        t.pop("uncertain", None)
    keys = {f"{r.name}#{i}" for r, i in targets_of(config, alert)}
    if all(entry["targets"].get(k, {}).get("ok") for k in keys):
        entry["status"], entry["done_at"] = "done", now
    box.save(archive_dir, entry)


def pending(archive_dir: Path) -> list[Pending]:
    """What the outbox still owes, oldest first."""
    out = []
    for e in box.entries(archive_dir):
        failed = [t for t in e["targets"].values() if not t.get("ok")]
        waiting = [k for k, t in e["targets"].items() if not t.get("ok")]
        tries = [float(t["next_try"]) for t in failed if t.get("next_try")]
        alert = alert_from_dict(e["alert"])
        out.append(Pending(e["id"], e["slug"], alert.title, waiting, "; ".join(t.get("error", "") for t in failed),
                           min(tries) if tries else None))
    return out
