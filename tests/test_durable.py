"""Nothing lost: a failed delivery stays pending and is retried with backoff; the feed survives
hostile text and keeps its history; alerts.jsonl repairs a torn tail before appending."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from _servers import SMTPSink, WebhookReceiver, free_port
from conftest import seed_path

from policydiff.archive import outbox as box
from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check
from policydiff.watch.sinks import log as log_sink

ATOM = "{http://www.w3.org/2005/Atom}"
ANCHOR = "（一）共享\n"
T0 = 1_800_000_000.0


def _policy(extra: str = "") -> str:
    text = seed_path("003").read_text(encoding="utf-8")
    return text.replace(ANCHOR, ANCHOR + extra, 1) if extra else text


def _change(i: int, hostile: str = "") -> str:
    return _policy(f"\n我们会向第{i}数据科技有限公司提供你的手机号码和设备信息，用于营销分析。{hostile}\n")


def _setup(tmp_path: Path, url: str) -> tuple[Path, Path]:
    archive = tmp_path / "archive"
    archive.mkdir()
    policy = tmp_path / "p.txt"
    policy.write_text(_policy(), encoding="utf-8")
    (archive / "sources.toml").write_text(
        f'[defaults]\npath_root = "{tmp_path}"\n\n[[source]]\nslug = "p"\nname = "P"\npath = "{policy}"\nalerts = ["r"]\n\n[alerts.r]\nurls = ["{url}"]\n', encoding="utf-8")
    return archive, policy


def _run(archive: Path, now: float) -> outcome.RunResult:
    cfg = config_parse.load(archive / "sources.toml")
    return check.run(archive, cfg, outcome.Options(force=True), now=now)


def test_failed_delivery_stays_pending_and_is_retried_after_backoff(tmp_path: Path) -> None:
    port = free_port()
    archive, policy = _setup(tmp_path, f"mailto://127.0.0.1:{port}?from=a@example.com&to=b@example.com")
    _run(archive, T0)
    policy.write_text(_change(1), encoding="utf-8")
    failed = _run(archive, T0 + 10)
    assert failed.exit_code == 2 and [p.slug for p in failed.pending] == ["p"]
    digest = (archive / "digest.md").read_text(encoding="utf-8")
    assert "Pending alerts (1)" in digest and "next try" in digest
    listing = subprocess.run([sys.executable, "-m", "policydiff", "list", "--archive", str(archive)],
                             capture_output=True, text=True, env=dict(os.environ))
    assert listing.stdout.splitlines()[0].endswith("pending alerts") and listing.stdout.splitlines()[1].endswith("\t1")
    soon = _run(archive, T0 + 20)  # within the backoff: not tried again
    assert soon.deliveries == [] and len(soon.pending) == 1
    with SMTPSink(port=port) as smtp:
        later = _run(archive, T0 + 10 + box.BACKOFF_FIRST + 1)
        mails = smtp.texts()
    assert later.exit_code == 0 and later.pending == [] and [d.ok for d in later.deliveries] == [True]
    assert len(mails) == 1 and "第1数据科技有限公司" in mails[0]
    events = [r["event"] for r in log_sink.read_log(archive / "alerts.jsonl")]
    assert events == ["change", "delivery"]  # the alert once; the one failed delivery


def test_feed_stays_valid_xml_with_hostile_text_and_keeps_its_history(tmp_path: Path) -> None:
    with WebhookReceiver() as hook:
        archive, policy = _setup(tmp_path, f"json://127.0.0.1:{hook.port}/h")
        _run(archive, T0)
        hostile = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202e\x0c<script>alert(1)</script>]]>"
        for i in range(1, 5):
            policy.write_text(_change(i, hostile), encoding="utf-8")
            _run(archive, T0 + i)
        (archive / "feed.atom").write_text("<feed>broken", encoding="utf-8")  # a damaged feed is rebuilt, not trusted
        policy.write_text(_change(5, hostile), encoding="utf-8")
        _run(archive, T0 + 5)
    root = ET.parse(archive / "feed.atom").getroot()
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 5
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in entries]
    assert "第5数据科技" in summaries[0] and "第1数据科技" in summaries[-1]  # newest first, history kept
    assert not any(ch in s for s in summaries for ch in "\x1b\x07\x9b\x00\x0c\u202e")


def test_torn_tail_of_the_alert_log_is_repaired_before_appending(tmp_path: Path) -> None:
    log = tmp_path / "alerts.jsonl"
    log_sink.append_log(log, [{"event": "change", "id": "a"}])
    with open(log, "ab") as fh:
        fh.write(b'{"event": "change", "id": "b", "mess')  # a short write
    log_sink.append_log(log, [{"event": "change", "id": "c"}])
    assert [r["id"] for r in log_sink.read_log(log)] == ["a", "c"]
    assert log.read_bytes().endswith(b"\n") and log.read_bytes().count(b"\n") == 2


class _DroppingSMTP:
    """A real SMTP server on 127.0.0.1 (a raw socket dialogue) that takes the whole message after
    DATA and then drops the connection before its ``250``, for the first ``drops`` messages."""

    def __init__(self, drops: int = 1, stall: bool = False) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = int(self.sock.getsockname()[1])
        self.drops, self.stall, self.messages = drops, stall, []  # type: ignore[var-annotated]
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self) -> None:
        self.sock.close()

    def _serve(self) -> None:
        import threading

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn) -> None:  # type: ignore[no-untyped-def]
        from email import message_from_bytes
        from email import policy as email_policy

        reader = conn.makefile("rb")

        def say(line: str) -> None:
            conn.sendall(line.encode() + b"\r\n")

        say("220 localhost ESMTP")
        while True:
            line = reader.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                say("250 localhost")
            elif verb.startswith("DATA"):
                say("354 go ahead")
                body = []
                while (part := reader.readline()) and part != b".\r\n":
                    body.append(part)
                self.messages.append(message_from_bytes(b"".join(body), policy=email_policy.default))
                if len(self.messages) <= self.drops:
                    if self.stall:  # taken, and no answer at all until the client gives up
                        import time as _time

                        _time.sleep(10)
                    conn.close()  # taken, and never acknowledged
                    return
                say("250 OK")
            elif verb.startswith("QUIT"):
                say("221 bye")
                conn.close()
                return
            else:
                say("250 OK")


def test_an_smtp_server_that_drops_after_data_gets_the_retry_flagged_as_a_repeat(tmp_path: Path) -> None:
    smtp = _DroppingSMTP(drops=1)
    try:
        archive, policy = _setup(tmp_path, f"mailto://127.0.0.1:{smtp.port}?from=a@example.com&to=b@example.com")
        _run(archive, T0)
        policy.write_text(_change(1), encoding="utf-8")
        failed = _run(archive, T0 + 10)
        assert failed.exit_code == 2 and len(failed.pending) == 1  # no 250: not known to be delivered
        retried = _run(archive, T0 + 10 + box.BACKOFF_FIRST + 1)
        assert retried.exit_code == 0 and retried.pending == []
        subjects = [str(m["subject"]) for m in smtp.messages]
        assert len(subjects) == 2, subjects
        assert not subjects[0].startswith("[repeat?]") and subjects[1].startswith("[repeat?]"), subjects
    finally:
        smtp.close()


def test_an_smtp_server_that_stalls_after_data_gets_the_retry_flagged_as_a_repeat(tmp_path: Path) -> None:
    smtp = _DroppingSMTP(drops=1, stall=True)
    try:  # cto/rto: Apprise's connect and read timeouts, so the stall costs about 4 s
        archive, policy = _setup(tmp_path, f"mailto://127.0.0.1:{smtp.port}?from=a@example.com&to=b@example.com&cto=4&rto=4")
        _run(archive, T0)
        policy.write_text(_change(1), encoding="utf-8")
        first = _run(archive, T0 + 10)
        assert first.exit_code == 2
        assert _run(archive, T0 + 10 + box.BACKOFF_FIRST + 1).exit_code == 0
        subjects = [str(m["subject"]) for m in smtp.messages]
        assert len(subjects) == 2 and subjects[1].startswith("[repeat?]"), (subjects, [d.error for d in first.deliveries])
    finally:
        smtp.close()


def test_a_refused_connection_is_retried_without_the_repeat_flag(tmp_path: Path) -> None:
    port = free_port()
    archive, policy = _setup(tmp_path, f"mailto://127.0.0.1:{port}?from=a@example.com&to=b@example.com")
    _run(archive, T0)
    policy.write_text(_change(1), encoding="utf-8")
    assert _run(archive, T0 + 10).exit_code == 2
    with SMTPSink(port=port) as smtp:
        assert _run(archive, T0 + 10 + box.BACKOFF_FIRST + 1).exit_code == 0
        subjects = [str(m["subject"]) for m in smtp.messages]
    assert len(subjects) == 1 and not subjects[0].startswith("[repeat?]"), subjects


def test_a_feed_that_comes_out_the_same_is_not_written_again_and_a_damaged_one_is(tmp_path: Path) -> None:
    with WebhookReceiver() as hook:
        archive, policy = _setup(tmp_path, f"json://127.0.0.1:{hook.port}/h")
        _run(archive, T0)
        policy.write_text(_change(1), encoding="utf-8")
        _run(archive, T0 + 1)
        feeds = [archive / "feed.atom", archive / "feeds" / "p.atom"]
        written = {f: f.stat().st_ino for f in feeds}  # an atomic write replaces the file: a new inode
        _run(archive, T0 + 2)  # nothing changed: every feed comes out the same
        assert {f: f.stat().st_ino for f in feeds} == written
        feeds[1].write_text("<feed>broken", encoding="utf-8")
        _run(archive, T0 + 3)
    assert len(ET.parse(feeds[1]).getroot().findall(f"{ATOM}entry")) == 1


def test_a_runs_intents_left_by_a_kill_after_its_batch_landed_are_each_alerted_once(tmp_path: Path) -> None:
    import hashlib
    from datetime import datetime, timezone

    from policydiff.archive.layout import iso
    from policydiff.archive.versions import Archive

    with WebhookReceiver() as hook:
        archive, policy = _setup(tmp_path, f"json://127.0.0.1:{hook.port}/h")
        _run(archive, T0)
        data = _change(1).encode("utf-8")
        when = datetime.fromtimestamp(T0 + 1, timezone.utc)
        # what a run killed between its batch landing and its alert leaves: the version and the run's intents
        landed = Archive.open(archive).snapshot("p", data, source=str(policy), fetched_at=when)
        assert landed.recorded and landed.version is not None
        intent = {"slug": "p", "raw_sha256": hashlib.sha256(data).hexdigest(), "fetched_at": iso(when),
                  "name": "P", "location": str(policy), "tags": []}
        gone = {"slug": "p", "raw_sha256": "0" * 64, "fetched_at": iso(when), "name": "P", "location": str(policy), "tags": []}
        box.write_intents(archive, "killed-run", [intent, gone])  # the second never landed
        policy.write_text(_change(1), encoding="utf-8")
        recovered = _run(archive, T0 + 2)
        again = _run(archive, T0 + 3)
        bodies = hook.json_bodies()
    assert [a.ident for a in recovered.alerts] == [f"p@{landed.version.commit}"]
    assert again.alerts == [] and box.intents(archive) == [] and box.entries(archive) == []
    assert sum(f"p@{landed.version.commit}" in str(b.get("message", "")) for b in bodies) == 1


def test_sync_paths_syncs_a_batch_side_by_side_skips_the_missing_and_says_what_fails(tmp_path: Path) -> None:
    """``fsutil.sync_paths`` runs its fsyncs in threads, all ended when it returns (the run forks
    only with no other thread); a missing file is skipped; one the disk refuses raises."""
    import threading

    import pytest

    from policydiff.fsutil import BackgroundSyncs, sync_paths

    before = threading.active_count()  # other tests' servers may still run
    files = []
    for i in range(40):
        files.append(tmp_path / f"e{i}.json")
        files[-1].write_text("{}", encoding="utf-8")
    sync_paths([*files, tmp_path / "gone.json"])
    assert threading.active_count() == before
    with pytest.raises(OSError):
        sync_paths([*files[:5], Path("/dev/null")], folders=False)  # a device: fsync is refused
    assert threading.active_count() == before
    syncs = BackgroundSyncs()  # the same, started one by one while the caller goes on
    for path in files[:5]:
        syncs.add(path)
    assert syncs.wait() and not syncs.wait()  # the second: nothing was started since
    syncs.add(Path("/dev/null"))
    with pytest.raises(OSError):
        syncs.wait()
    assert threading.active_count() == before
