"""What a check run produced: per-source outcomes, the run's result, its options and exit status."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from policydiff.archive.state import SourceState
from policydiff.watch.alerts import Alert, ChangeAlert, FailureAlert
from policydiff.watch.config import Source
from policydiff.watch.fetch import Fetched
from policydiff.watch.outbox import Pending
from policydiff.watch.sinks.apprise import Delivery

EXIT_OK, EXIT_FAIL_ON, EXIT_ERRORS, EXIT_LOCKED = 0, 1, 2, 3
FAIL_ON = ("never", "change", "material")

Status = Literal["unchanged", "changed", "first", "failed", "same_text", "returned"]


@dataclass
class Outcome:
    """What happened to one source in this run."""

    slug: str
    status: Status
    error: str = ""
    alert: ChangeAlert | None = None
    version: str | None = None  # commit recorded in this run (returned: the version it reads as again)
    seconds: float = 0.0
    note: str = ""  # returned: "returned to #N (date)", one line for the summary and the digest


@dataclass
class RunResult:
    """A whole run: outcomes, alerts, deliveries, the summary line and the exit status."""

    run_id: str
    outcomes: list[Outcome]
    alerts: list[Alert]
    deliveries: list[Delivery]
    skipped: int  # selected but not due
    dry_run: bool
    exit_code: int = EXIT_OK
    digest_path: Path | None = None
    seconds: float = 0.0
    pending: list[Pending] = field(default_factory=list)  # alerts the outbox still owes after this run
    warnings: list[str] = field(default_factory=list)  # ways an alert reaches no one (watch.coverage)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def notes(self) -> list[str]:
        """One line per source that reads again as an earlier version (no new version, no alert)."""
        return [f"{o.slug}: {o.note}" for o in self.outcomes if o.status == "returned" and o.note]

    @property
    def failed_deliveries(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.ok]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        """The run in one line, for cron mail and logs."""
        changed = [o for o in self.outcomes if o.alert is not None]
        material = sum(1 for o in changed if o.alert and o.alert.material)
        parts = [
            f"checked {len(self.outcomes)}",
            f"new versions {self.count('changed') + self.count('first')}",
            f"changed {len(changed)} (material {material})",
            f"unchanged {self.count('unchanged') + self.count('same_text')}",
            *([f"returned to an earlier version {self.count('returned')}"] if self.count("returned") else []),
            f"failed {len(self.errors)}",
        ]
        if self.skipped:
            parts.append(f"not due {self.skipped}")
        if self.deliveries:
            parts.append(f"alerts delivered {sum(1 for d in self.deliveries if d.ok)}/{len(self.deliveries)}")
        if self.pending:
            parts.append(f"alerts pending {len(self.pending)}")
        if self.warnings:
            parts.append(f"warnings {len(self.warnings)}")
        head = "policydiff check (dry run)" if self.dry_run else "policydiff check"
        return f"{head}: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


@dataclass
class Options:
    """What the command line asked for."""

    only: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    shard: tuple[int, int] | None = None
    dry_run: bool = False
    wait: bool = False
    force: bool = False  # check every selected source now, due or not
    fail_on: str = "never"
    strict: bool = False  # a warning (an alert that reaches no one) fails the run like an error
    progress: bool = False
    environ: dict[str, str] | None = None  # for ${VAR} expansion (tests); None = os.environ


def exit_status(result: RunResult, fail_on: str, strict: bool = False) -> int:
    """2 when a source or a delivery failed (or, ``strict``, on a warning); else 1 when --fail-on matched; else 0."""
    if result.errors or result.failed_deliveries or (strict and result.warnings):
        return EXIT_ERRORS
    changes = [a for a in result.alerts if isinstance(a, ChangeAlert)]
    if fail_on == "material" and any(a.material for a in changes):
        return EXIT_FAIL_ON
    if fail_on == "change" and changes:
        return EXIT_FAIL_ON
    return EXIT_OK


def fast_key(source: Source, fetched: Fetched) -> str:
    """What "the same as last time" means before any extraction: the raw bytes' sha256 and, when
    the source takes part of the page, its selector and removals (an edited selector, or one that
    stopped matching, is seen on the next check even when the bytes are the same)."""
    if not source.selector and not source.remove:
        return fetched.sha256
    import hashlib

    how = "\0".join([fetched.sha256, source.selector or "", *source.remove])
    return hashlib.sha256(how.encode("utf-8")).hexdigest()


def failure_transition(
    source: Source, st: SourceState, ok: bool, error: str, threshold: int, when: str, lang: str = "zh"
) -> FailureAlert | None:
    """Update the failure streak; an alert only when it crosses the threshold or recovers."""
    if ok:
        alert = None
        if st.failing_alerted:
            alert = FailureAlert(source.slug, source.name, source.location, list(source.tags), "recovered",
                                 st.last_error, st.failures, st.failing_since or when, lang=lang)
        st.failures, st.failing_since, st.failing_alerted, st.last_error = 0, None, False, ""
        return alert
    st.failures += 1
    st.failing_since = st.failing_since or when
    st.last_error = error
    if st.failures >= threshold and not st.failing_alerted:
        st.failing_alerted = True
        return FailureAlert(source.slug, source.name, source.location, list(source.tags), "failing",
                            error, st.failures, st.failing_since, lang=lang)
    return None
