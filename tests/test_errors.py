"""One line and exit 2, never a traceback: damaged archive files, wrong-shaped state, a read-only
archive, a full disk (then nothing lost once space is back), a tip that does not verify."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _servers import WebhookReceiver
from conftest import seed_path

from policydiff.archive.versions import Archive

ANCHOR = "（一）共享\n"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydiff", *args], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONIOENCODING="utf-8"), cwd=cwd, timeout=120)


def _one_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("policydiff: error:"), done.stderr
    assert "Traceback" not in done.stderr and all(w in done.stderr for w in words), done.stderr


def _commit(archive: Path, slug: str, files: dict[str, bytes]) -> None:
    from datetime import datetime, timezone

    store = Archive.open(archive).store
    tip = store.tip()
    commit = store.commit_folder(tip, slug, files, f"damage {slug}", datetime.now(timezone.utc))
    assert store.cas(tip, commit, None)


@pytest.mark.parametrize("versions_json", [b"garbage{", b"", b'{"versions": [{"date": "not a date"}]}', b'{"versions": 3}'])
def test_damaged_versions_json_is_one_line(tmp_path: Path, versions_json: bytes) -> None:
    archive = tmp_path / "a"
    Archive.init(archive)
    _commit(archive, "bad", {"versions.json": versions_json, "policy.txt": "隐私政策".encode()})
    for args in (["log", "bad"], ["show", "bad"], ["list"]):
        _one_line(_cli(*args, "--archive", str(archive)), "versions.json", "damaged")


def test_policy_txt_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    Archive.init(archive)
    (tmp_path / "p.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    assert _cli("snapshot", "p", str(tmp_path / "p.txt"), "--archive", str(archive)).returncode == 0
    versions = Archive.open(archive).store.blob(f"{Archive.open(archive).store.tip()}:p/versions.json")
    assert versions is not None
    _commit(archive, "p", {"versions.json": versions, "policy.txt": b"\xff\xfe\xfa\xc3(", "meta.json": b"{}"})
    _one_line(_cli("show", "p", "--archive", str(archive)), "not UTF-8", "reextract")


@pytest.mark.parametrize("state", ['[]', '{"sources": []}', '{"sources": {"p": {"last_check": "yesterday"}}}',
                                   '{"sources": {"p": {"failures": "many", "sha256": 5}}}', '{"sources": {"p": 7}}'])
def test_checks_json_of_the_wrong_shape_is_forgotten_not_a_traceback(tmp_path: Path, state: str) -> None:
    archive = tmp_path / "a"
    archive.mkdir()
    (archive / "p.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    (archive / "sources.toml").write_text('[[source]]\nslug = "p"\npath = "p.txt"\n', encoding="utf-8")
    assert _cli("check", "--archive", str(archive)).returncode == 0
    (archive / "state" / "checks.json").write_text(state, encoding="utf-8")
    again = _cli("check", "--archive", str(archive))
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert _cli("list", "--archive", str(archive)).returncode == 0


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root in a container that allows it)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_read_only_archive_is_one_line_for_check_and_init(tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "16m") as mnt:
        archive = mnt / "archive"
        Archive.init(archive)
        (archive / "p.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
        (archive / "sources.toml").write_text('[[source]]\nslug = "p"\npath = "p.txt"\n', encoding="utf-8")
        assert subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True).returncode == 0
        _one_line(_cli("check", "--archive", str(archive)), "Read-only")
        _one_line(_cli("init", "--archive", str(mnt / "other")), "Read-only")


def test_full_disk_during_check_loses_no_alert_once_space_is_back(tmp_path: Path) -> None:
    text = seed_path("003").read_text(encoding="utf-8")
    policies = tmp_path / "policies"
    policies.mkdir()
    slugs = ["d1", "d2", "d3"]
    for s in slugs:
        (policies / f"{s}.txt").write_text(text, encoding="utf-8")
    with _tmpfs(tmp_path / "small", "12m") as mnt, WebhookReceiver() as hook:
        archive = mnt / "archive"
        archive.mkdir()
        (archive / "sources.toml").write_text(
            f'[defaults]\npath_root = "{policies}"\nalerts = ["h"]\ndigest = "change"\n\n'
            + "".join(f'[[source]]\nslug = "{s}"\npath = "{policies / s}.txt"\n\n' for s in slugs)
            + f'[alerts.h]\nurls = ["json://127.0.0.1:{hook.port}/h"]\n', encoding="utf-8")
        assert _cli("check", "--archive", str(archive), "--force").returncode == 0
        for s in slugs:
            (policies / f"{s}.txt").write_text(text.replace(ANCHOR, ANCHOR + f"\n我们会向{s}数据有限公司提供你的手机号码。\n", 1),
                                               encoding="utf-8")
        filler = mnt / "filler"
        with open(filler, "wb") as fh:
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
        full = _cli("check", "--archive", str(archive), "--force")
        assert full.returncode == 2 and "Traceback" not in full.stderr, full.stderr
        filler.unlink()
        for _ in range(2):
            back = _cli("check", "--archive", str(archive), "--force")
            assert back.returncode == 0, back.stderr
        messages = [b["message"] for b in hook.json_bodies()]
        store = Archive.open(archive)
        recorded = [f"{s}@{v.commit}" for s in slugs for v in store.versions(s)[1:]]
        store.fsck()
    alerted = [m for m in messages if "Alert id" in m]
    assert len(recorded) == len(slugs) and len(alerted) == len(recorded)
    assert all(sum(r in m for m in alerted) == 1 for r in recorded)


def test_a_tip_that_does_not_verify_is_refused_with_how_to_recover(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    Archive.init(archive)
    (tmp_path / "p.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    git = archive / "versions.git"
    tip = subprocess.run(["git", "--git-dir", str(git), "rev-parse", "main"], capture_output=True, text=True).stdout.strip()
    obj = git / "objects" / tip[:2] / tip[2:]
    data = obj.read_bytes()
    obj.chmod(0o644)
    obj.write_bytes(data[: len(data) // 2])  # truncated
    for args in (["snapshot", "p", str(tmp_path / "p.txt")], ["list"], ["reextract"]):
        _one_line(_cli(*args, "--archive", str(archive)), "missing or damaged", "reflog", "update-ref")
    (git / "refs" / "heads" / "main").write_text("0" * 39 + "1\n")  # points at nothing
    _one_line(_cli("list", "--archive", str(archive)), "missing or damaged")
