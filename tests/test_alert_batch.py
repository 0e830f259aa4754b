"""A run's change alerts land with one durability barrier (``watch.outbox.AlertBatch``): a run
killed inside that window still alerts each recorded change once and logs it once.

Real `policydiff check` processes on a real git archive, alerts to a real webhook receiver on
127.0.0.1. The kill lands at a chosen point (the process SIGKILLs itself as ``AlertBatch.land``
starts, or just after it ends, before the run's intents are removed); what is checked is
what the next, clean run makes of what the killed one left.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from _servers import WebhookReceiver
from conftest import seed_path

from policydiff.archive import outbox as box
from policydiff.archive.versions import Archive
from policydiff.watch.sinks import log as log_sink

ANCHOR = "（一）共享\n"
SLUGS = ("alpha", "beta", "gamma", "delta")  # MIN_PARALLEL or more: the compares run in the pool

# a check that SIGKILLs itself at one point of AlertBatch.land ("before" it, or "after" it)
_KILLED_CHECK = """
import os, signal, sys
from policydiff.watch import outbox
real, at = outbox.AlertBatch.land, sys.argv[2]
def land(self):
    if at == "after":
        real(self)
    os.kill(os.getpid(), signal.SIGKILL)
outbox.AlertBatch.land = land
from policydiff import cli
sys.argv = ["policydiff", "check", "--archive", sys.argv[1], "--force", "--quiet"]
cli.main()
"""


def _policy(company: str | None) -> str:
    text = seed_path("003").read_text(encoding="utf-8")
    extra = f"\n我们会向{company}有限公司提供你的手机号码和设备信息，用于营销数据分析。\n" if company else ""
    return text.replace(ANCHOR, ANCHOR + extra, 1)


def _run(archive: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    argv = ([sys.executable, "-c", _KILLED_CHECK, str(archive), kill_at] if kill_at else
            [sys.executable, "-m", "policydiff", "check", "--archive", str(archive), "--force", "--quiet"])
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("kill_at", ["before", "after"])
def test_a_run_killed_while_its_alerts_land_alerts_and_logs_each_once(tmp_path: Path, kill_at: str) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    files = {slug: tmp_path / f"{slug}.txt" for slug in SLUGS}
    for path in files.values():
        path.write_text(_policy(None), encoding="utf-8")
    with WebhookReceiver() as hook:
        sources = "".join(f'[[source]]\nslug = "{s}"\npath = "{p}"\n\n' for s, p in files.items())
        (archive / "sources.toml").write_text(
            f'[defaults]\nalerts = ["hook"]\ndigest = "change"\npath_root = "{tmp_path}"\n\n{sources}'
            f'[alerts.hook]\nurls = ["json://127.0.0.1:{hook.port}/hook"]\n', encoding="utf-8")
        assert _run(archive).returncode == 0
        for slug, path in files.items():
            path.write_text(_policy(f"{slug}数据"), encoding="utf-8")

        killed = _run(archive, kill_at)
        assert killed.returncode == -9, killed.stderr
        assert box.intents(archive), "the killed run left its intents"
        assert hook.posts == [], "nothing is sent before the alerts have landed"
        written = {e["id"] for e in box.entries(archive)}
        logged_before = [r["id"] for r in log_sink.read_log(archive / "alerts.jsonl") if r.get("event") == "change"]
        assert len(written) == len(SLUGS)
        assert set(logged_before) == (set() if kill_at == "before" else written)

        clean = _run(archive)
        assert clean.returncode == 0, clean.stderr
        received = Counter(b["title"] for b in hook.json_bodies())

    store = Archive.open(archive)
    recorded = {f"{slug}@{store.versions(slug)[-1].commit}" for slug in SLUGS}
    assert all(len(store.versions(slug)) == 2 for slug in SLUGS)
    assert written == recorded
    logged = Counter(r["id"] for r in log_sink.read_log(archive / "alerts.jsonl") if r.get("event") == "change")
    assert logged == Counter({ident: 1 for ident in recorded}), "each alert in alerts.jsonl exactly once"
    assert sum(received.values()) == len(SLUGS) and all(n == 1 for n in received.values()), received
    assert box.entries(archive) == [] and box.intents(archive) == []


def test_an_alert_no_route_wants_is_stored_done_once(tmp_path: Path) -> None:
    """A change no route wants: its entry is written done, with the reason, in one write (not
    pending first and then done), and it is logged."""
    archive = tmp_path / "archive"
    archive.mkdir()
    files = {slug: tmp_path / f"{slug}.txt" for slug in SLUGS}
    for path in files.values():
        path.write_text(_policy(None), encoding="utf-8")
    sources = "".join(f'[[source]]\nslug = "{s}"\npath = "{p}"\n\n' for s, p in files.items())
    (archive / "sources.toml").write_text(f'[defaults]\npath_root = "{tmp_path}"\n\n{sources}', encoding="utf-8")
    assert _run(archive).returncode == 0
    for slug, path in files.items():
        path.write_text(_policy(f"{slug}数据"), encoding="utf-8")
    killed = _run(archive, "after")  # what the batch wrote, before any delivery step ran
    assert killed.returncode == -9
    done = box.entries(archive, status="done")
    assert len(done) == len(SLUGS) and box.entries(archive) == []
    assert {e["note"] for e in done} == {"no alert route for this policy"}
    assert _run(archive).returncode == 0
    logged = Counter(r["id"] for r in log_sink.read_log(archive / "alerts.jsonl") if r.get("event") == "change")
    assert sorted(logged) == sorted(e["id"] for e in done) and set(logged.values()) == {1}


def test_the_outbox_is_read_by_status_without_parsing_the_others(tmp_path: Path) -> None:
    """``entries`` reads each file once and parses only those that may hold the wanted status; a
    done entry whose alert body quotes a pending status is still done, and a torn file is set aside."""
    pending = box.enqueue(tmp_path, "a@1", "change", "a", {"kind": "change"}, 1.0)
    quoting = box.enqueue(tmp_path, "b@2", "change", "b", {"kind": "change", "disclosure": {"status": "pending"}}, 2.0,
                          done_note="no alert route for this policy")
    assert pending is not None and quoting is not None
    torn = box.outbox_dir(tmp_path) / "change-c-0000000000000000.json"
    torn.write_text('{"alert": {"kind": "change"}, "id": "c@3", "status": "pend', encoding="utf-8")
    assert [e["id"] for e in box.entries(tmp_path)] == ["a@1"]
    assert not torn.exists() and torn.with_suffix(".corrupt").exists()
    torn_done = box.outbox_dir(tmp_path) / "change-d-0000000000000000.json"
    torn_done.write_text('{"alert": {"kind": "change"}, "id": "d@4", "status": "done", "targ', encoding="utf-8")
    assert [e["id"] for e in box.entries(tmp_path)] == ["a@1"] and torn_done.exists()  # not this pass's to read
    assert [e["id"] for e in box.entries(tmp_path, status="done")] == ["b@2"]
    assert not torn_done.exists() and torn_done.with_suffix(".corrupt").exists()
    assert [e["id"] for e in box.entries(tmp_path, status=None)] == ["a@1", "b@2"]
