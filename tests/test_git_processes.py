"""Git as the archive's store, kept honest: objects written in-process (≤ 2 git processes per
snapshot), a SIGKILLed snapshot never leaves an object `git fsck --strict` rejects, and no
git on PATH is one clear line.

Real `policydiff` processes, a real git (wrapped by a logging script to count its processes),
real seeds from tests/data/seeds.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import seed_path

GIT = shutil.which("git") or "/usr/bin/git"


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def counting_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `git` logs each run (one line per process) and then runs the real git."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "git.log"
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{GIT}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    env.pop("POLICYDIFF_ARCHIVE", None)
    return env, log


def test_a_snapshot_of_a_new_version_starts_at_most_two_git_processes(tmp_path: Path) -> None:
    env, log = counting_env(tmp_path)
    text = seed_path("000").read_text(encoding="utf-8")
    (tmp_path / "v1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "v2.txt").write_text(text + "\n附加条款：我们会向第三方提供你的位置信息。\n", encoding="utf-8")
    assert run("init", cwd=tmp_path, env=env).returncode == 0
    for name in ("v1.txt", "v2.txt"):
        log.unlink(missing_ok=True)
        done = run("snapshot", "demo", name, cwd=tmp_path, env=env)
        assert done.returncode == 0 and done.stdout.startswith("recorded"), done.stderr
        calls = log.read_text(encoding="utf-8").splitlines()
        assert len(calls) <= 2, calls
        assert not any("hash-object" in c for c in calls), calls
    fsck = subprocess.run([GIT, "--git-dir", str(tmp_path / "archive" / "versions.git"), "fsck", "--strict"],
                          capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr


def test_no_git_on_path_is_one_line_and_exit_2_for_every_command(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("POLICYDIFF_ARCHIVE", None)
    assert run("init", cwd=tmp_path, env=env).returncode == 0  # an archive made while git was there
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    nogit = {**env, "PATH": str(empty)}
    (tmp_path / "p.txt").write_text(seed_path("001").read_text(encoding="utf-8"), encoding="utf-8")
    for args, cwd in ((["list"], tmp_path), (["check"], tmp_path), (["snapshot", "x", "p.txt"], tmp_path),
                      (["init"], fresh), (["demo"], fresh)):
        proc = run(*args, cwd=cwd, env=nogit)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "git is not installed or not on PATH" in lines[0], (args, proc.stderr)
        assert "damaged" not in proc.stderr and "update-ref" not in proc.stderr
    assert not (fresh / "archive" / "versions.git").exists()


def test_fifty_sigkilled_snapshots_never_leave_an_object_fsck_strict_rejects(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "POLICYDIFF_ARCHIVE": str(tmp_path / "archive")}
    text = seed_path("002").read_text(encoding="utf-8")
    assert run("init", cwd=tmp_path, env=env).returncode == 0
    (tmp_path / "in.txt").write_text(text, encoding="utf-8")
    start = time.monotonic()
    assert run("snapshot", "p", "in.txt", cwd=tmp_path, env=env).returncode == 0
    duration = time.monotonic() - start
    rng = random.Random(21)
    git_dir = tmp_path / "archive" / "versions.git"
    for i in range(50):
        (tmp_path / "in.txt").write_text(text + f"\n附加条款第{i}条：我们会保存你的订单信息{i}年。\n", encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "policydiff", "snapshot", "p", "in.txt"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.1) * duration)  # most kills land in extraction or writing
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        fsck = subprocess.run([GIT, "--git-dir", str(git_dir), "fsck", "--strict"], capture_output=True, text=True)
        assert fsck.returncode == 0 and "error" not in fsck.stderr, (i, fsck.stderr)
    final = run("snapshot", "p", "in.txt", cwd=tmp_path, env=env)
    assert final.returncode == 0, final.stderr


def test_a_forked_child_lets_go_of_the_readers_pipes_so_the_reader_stops_when_asked(tmp_path: Path) -> None:
    """check's compare workers are forked while the archive's ``git cat-file`` runs: a child
    still holding its stdin would keep git reading (and the parent's close waiting, then killing)."""
    from policydiff.archive.versions import Archive

    store = Archive.init(tmp_path / "arch")
    store.snapshot("p", seed_path("001").read_bytes(), source="p.txt")
    assert store.text(store.versions("p")[0])  # the reader runs now
    cat = store.store._cat
    assert cat is not None and cat.proc.stdin is not None and cat.proc.stdout is not None
    fds = (cat.proc.stdin.fileno(), cat.proc.stdout.fileno())
    report = tmp_path / "child.txt"
    pid = os.fork()
    if pid == 0:  # the child: where do its copies of the pipes lead now? (then it lingers)
        try:
            report.write_text(" ".join(os.readlink(f"/proc/self/fd/{fd}") for fd in fds), encoding="utf-8")
            time.sleep(8)
        finally:
            os._exit(0)
    try:
        while not report.exists() or not report.read_text(encoding="utf-8"):
            time.sleep(0.01)
        assert report.read_text(encoding="utf-8") == "/dev/null /dev/null"
        store.close()  # closes git's stdin and waits for it: git sees the end only if the child let go
        assert cat.proc.returncode == 0  # it exited by itself, not killed after close's 5 s
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
