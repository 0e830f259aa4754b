"""Storage errors are errors: a full disk, a damaged or non-UTF-8 tip, a relative archive path.

Real `policydiff` processes on real git archives; the full disk is a real write limit on the
process (RLIMIT_FSIZE: every write past it fails, as on a full disk), the damage is done to real
object files.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import zlib
from pathlib import Path

from archive_helpers import seed_text

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    if env is None or "POLICYDIFF_ARCHIVE" not in env:
        full.pop("POLICYDIFF_ARCHIVE", None)

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # type: ignore[arg-type]

    return subprocess.run([sys.executable, "-m", "policydiff", *args], cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=120, preexec_fn=small_disk if limit is not None else None)


def git(archive: Path, *args: str, input: bytes | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@localhost", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@localhost")
    return subprocess.run(["git", "--git-dir", str(archive / "versions.git"), *args], input=input, env=env,
                          capture_output=True, check=True).stdout.decode().strip()


def one_line_error(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    archive = tmp_path / "archive"
    assert cli("init", "--archive", str(archive), cwd=tmp_path).returncode == 0
    src = tmp_path / "p.txt"
    src.write_text(seed_text("000"), encoding="utf-8")
    assert cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path).returncode == 0
    src.write_text(seed_text("000") + "\n新增：我们会收集您的位置信息。\n", encoding="utf-8")
    assert cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path).returncode == 0
    src.write_text(seed_text("000") + "\n新增：我们会与广告合作方共享您的设备信息。\n", encoding="utf-8")
    return archive, src


def test_a_full_disk_during_snapshot_is_one_line_and_exit_2_and_the_archive_stays_sound(tmp_path: Path) -> None:
    archive, src = two_versions(tmp_path)
    tip = git(archive, "rev-parse", "main")
    done = cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path, limit=1000)
    one_line_error(done)
    assert "nothing was recorded" in done.stderr or "File too large" in done.stderr, done.stderr
    assert git(archive, "rev-parse", "main") == tip
    git(archive, "fsck", "--strict", "--no-dangling")
    assert cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path).returncode == 0  # room again: it works


def test_a_truncated_tip_blob_is_never_built_upon(tmp_path: Path) -> None:
    archive, src = two_versions(tmp_path)
    tip = git(archive, "rev-parse", "main")
    blob = git(archive, "rev-parse", "main:p/policy.txt")
    path = archive / "versions.git" / "objects" / blob[:2] / blob[2:]
    data = path.read_bytes()
    path.chmod(0o644)
    path.write_bytes(data[: len(data) // 3])  # a torn write: the object file cut short
    done = cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path)
    one_line_error(done)
    assert ("missing or damaged" in done.stderr or "damaged object" in done.stderr) and "fsck" in done.stderr, done.stderr
    assert git(archive, "rev-parse", "main") == tip


def test_a_corrupt_versions_index_blob_is_not_read_as_a_new_policy(tmp_path: Path) -> None:
    archive, src = two_versions(tmp_path)
    blob = git(archive, "rev-parse", "main:p/versions.json")
    path = archive / "versions.git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(zlib.compress(b"garbage")[:-4])
    tip = git(archive, "rev-parse", "main")
    one_line_error(cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path))
    assert git(archive, "rev-parse", "main") == tip


def test_a_non_utf8_tip_policy_text_is_one_line(tmp_path: Path) -> None:
    archive, src = two_versions(tmp_path)
    bad = git(archive, "hash-object", "-w", "--stdin", input="隐私政策第一条".encode("gbk") * 40)
    entries = [line if not line.endswith("\tpolicy.txt") else line.split(" ")[0] + f" blob {bad}\tpolicy.txt"
               for line in git(archive, "ls-tree", "main:p").splitlines()]
    folder = git(archive, "mktree", input=("\n".join(entries) + "\n").encode())
    root = [line if not line.endswith("\tp") else f"040000 tree {folder}\tp" for line in git(archive, "ls-tree", "main").splitlines()]
    tree = git(archive, "mktree", input=("\n".join(root) + "\n").encode())
    commit = git(archive, "commit-tree", tree, "-p", "main", "-m", "a tip written by something else")
    git(archive, "update-ref", "refs/heads/main", commit)
    done = cli("snapshot", "p", str(src), "--archive", str(archive), cwd=tmp_path)
    one_line_error(done)
    assert "not UTF-8" in done.stderr
    assert git(archive, "rev-parse", "main") == commit


def test_a_relative_archive_path_works_for_path_sources(tmp_path: Path) -> None:
    base = tmp_path / "arch"
    (base / "policies").mkdir(parents=True)
    (base / "policies" / "p.txt").write_text(seed_text("001"), encoding="utf-8")
    (base / "sources.toml").write_text('[[source]]\nslug = "p"\npath = "policies/p.txt"\n', encoding="utf-8")
    assert cli("init", "--archive", "arch", cwd=tmp_path).returncode == 0
    done = cli("check", "--archive", "arch", "--force", cwd=tmp_path)
    assert done.returncode == 0 and "failed 0" in done.stdout, done.stdout + done.stderr
    (base / "policies" / "p.txt").write_text(seed_text("001") + "\n新增：我们会收集您的位置信息。\n", encoding="utf-8")
    done = cli("check", "--force", cwd=tmp_path, env={"POLICYDIFF_ARCHIVE": "arch"})
    assert done.returncode == 0 and "new versions 1" in done.stdout, done.stdout + done.stderr
