"""Sync survives SIGKILL: 40 `policydiff sync` processes killed at random points while three
runners keep recording (one policy each of their own and one they all change), then a clean sync
of each. Every repository passes `git fsck --strict`, and a fresh runner reads from the remote
every text any runner ever recorded.

Real processes, a real bare remote in a temp dir; the versions are recorded in-process between
the syncs (real git, real ref locks). ``POLICYDIFF_SYNC_KILLS`` sets the number of kills.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive_helpers import seed_text

from policydiff.archive import remote
from policydiff.archive.versions import Archive

ROOT = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("POLICYDIFF_SYNC_KILLS", "40"))
RUNNERS = ("r1", "r2", "r3")


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True)


def _sync(archive: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("POLICYDIFF_ARCHIVE", None)
    return subprocess.Popen([sys.executable, "-m", "policydiff", "sync", "--archive", str(archive)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _texts(archive: Archive) -> dict[str, set[str]]:
    """policy -> the sha256 of every text recorded for it."""
    out: dict[str, set[str]] = {}
    for p in archive.policies():
        out[p.slug] = {str(v.meta["text_sha256"]) for v in archive.versions(p.slug)}
    return out


def test_forty_killed_syncs_lose_no_version_and_leave_every_repository_sound(tmp_path: Path) -> None:
    rng = random.Random(20)
    remote_git = tmp_path / "remote.git"
    assert _git("init", "-q", "--bare", "--initial-branch=main", str(remote_git)).returncode == 0
    archives = {name: Archive.init(tmp_path / name / "archive") for name in RUNNERS}
    for archive in archives.values():
        remote.add_remote(archive, "origin", str(remote_git))
    base = seed_text("000")
    recorded: dict[str, set[str]] = {}
    counter = 0

    def record(name: str) -> None:
        nonlocal counter
        counter += 1
        slug = rng.choice([f"own-{name}", "shared"])
        text = base + f"\n第{counter}次修订：我们会与第{counter}家合作方共享您的设备信息。\n"
        result = archives[name].snapshot(slug, text.encode("utf-8"), source=f"{slug}.txt", max_shrink=None)
        assert result.recorded and result.version is not None
        recorded.setdefault(slug, set()).add(str(result.version.meta["text_sha256"]))

    clean = _sync(tmp_path / "r1" / "archive")  # how long one sync takes here
    start = time.monotonic()
    assert clean.wait(timeout=120) == 0
    duration = time.monotonic() - start
    killed, finished = 0, 0
    for _ in range(KILLS):
        name = rng.choice(RUNNERS)
        record(name)
        proc = _sync(tmp_path / name / "archive")
        time.sleep(rng.uniform(0.05, 1.5) * duration)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        else:
            finished += 1
        proc.wait()
    assert killed >= KILLS // 4, (killed, finished)
    for name in RUNNERS:  # never wedged: a plain sync finishes what the killed ones started
        for archive in archives.values():
            archive.close()
        done = subprocess.run([sys.executable, "-m", "policydiff", "sync", "--archive", str(tmp_path / name / "archive")],
                              env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    for name in RUNNERS:
        fsck = _git("--git-dir", str(tmp_path / name / "archive" / "versions.git"), "fsck", "--strict", "--no-dangling")
        assert fsck.returncode == 0 and "error" not in fsck.stderr, (name, fsck.stderr)
    fsck = _git("--git-dir", str(remote_git), "fsck", "--strict", "--no-dangling")
    assert fsck.returncode == 0 and "error" not in fsck.stderr, fsck.stderr

    fresh = Archive.init(tmp_path / "fresh" / "archive")
    remote.add_remote(fresh, "origin", str(remote_git))
    remote.sync(fresh)
    held = _texts(fresh)
    for slug, shas in recorded.items():
        assert shas <= held.get(slug, set()), (slug, len(shas - held.get(slug, set())))
        for v in fresh.versions(slug):
            assert fresh.text(v) and fresh.raw(v)
    print(f"\nsync kills: {killed} killed, {finished} finished, "
          f"{sum(len(s) for s in held.values())} versions in the remote, one sync {duration:.2f} s")
