"""The compare host forked by ``policydiff check`` before the run is loaded
(``compare_jobs.fork_host_first``): when the archive's state says a run will probably compare,
taken by the run's ``Compares``, and killed when no run takes it (a dry run, a held lock)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import policy_v1, policy_v2

from policydiff.watch import compare_jobs
from policydiff.watch import run as check
from tests.test_compare_jobs import _alive, _jobs, _no_stray_threads

SLUGS = ("a", "b", "c")


def _cli(*args: str, cwd: Path, mark: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", POLICYDIFF_TEST_MARK=mark)
    return subprocess.run([sys.executable, "-m", "policydiff.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def _archive(tmp_path: Path, recorded: bool = True) -> Path:
    """An archive of three file sources, each with a recorded version (a real first check)."""
    archive_dir = tmp_path / "archive"
    archive_dir.mkdir()
    lines = [f'[defaults]\npath_root = "{tmp_path}"\n']
    for slug in SLUGS:
        (tmp_path / f"{slug}.txt").write_text(policy_v1(), encoding="utf-8")
        lines.append(f'[[source]]\nslug = "{slug}"\npath = "{tmp_path / (slug + ".txt")}"\n')
    (archive_dir / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    if recorded:
        first = _cli("check", "--archive", str(archive_dir), "--quiet", cwd=tmp_path)
        assert first.returncode == 0, first.stderr
    return archive_dir


def _marked(mark: str) -> list[int]:
    """The live processes started with ``POLICYDIFF_TEST_MARK=mark`` in their environment (a
    killed process may take a moment to go: up to 5 s)."""
    deadline = time.monotonic() + 5
    while (left := _marked_now(mark)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _marked_now(mark: str) -> list[int]:
    out = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"POLICYDIFF_TEST_MARK={mark}".encode() in environ.read_bytes().split(b"\0") and _alive(int(environ.parent.name)):
                out.append(int(environ.parent.name))
        except OSError:
            continue
    return out


@pytest.fixture()
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 2)
    _no_stray_threads(monkeypatch)
    yield
    compare_jobs.drop_first_host()


def test_the_host_forked_first_is_taken_by_the_run_and_compares_its_jobs(tmp_path: Path, two_cores: None) -> None:
    compare_jobs.fork_host_first(_archive(tmp_path))
    (host,) = compare_jobs._FIRST
    assert host.pid is not None and _alive(host.pid)
    with compare_jobs.Compares(expected=10) as compares:
        assert compares._host is host and not compare_jobs._FIRST  # taken: no second host
        for job in _jobs(tmp_path, 3):
            compares.submit(job)
        out = compares.results()
    assert [a is None for a in out] == [False, True, False]
    assert all((tmp_path / f"p{i}.html").is_file() for i in range(3)) and not _alive(host.pid)


def test_no_host_first_for_a_first_run_or_on_one_core(tmp_path: Path, two_cores: None,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    compare_jobs.fork_host_first(_archive(tmp_path, recorded=False))  # nothing recorded: nothing to compare
    assert compare_jobs._FIRST == []
    archive_dir = tmp_path / "recorded"
    archive_dir.mkdir()
    compare_jobs.fork_host_first(_archive(archive_dir))
    assert len(compare_jobs._FIRST) == 1
    compare_jobs.drop_first_host()
    monkeypatch.setattr(compare_jobs, "_cores", lambda: 1)
    compare_jobs.fork_host_first(archive_dir / "archive")
    assert compare_jobs._FIRST == []


def test_a_host_no_run_took_is_killed(tmp_path: Path, two_cores: None) -> None:
    compare_jobs.fork_host_first(_archive(tmp_path))
    (host,) = compare_jobs._FIRST
    with compare_jobs.Compares(expected=0) as compares:  # a dry run compares here, in this process
        assert compares._host is None
    assert _alive(host.pid)
    compare_jobs.drop_first_host()
    assert not _alive(host.pid) and compare_jobs._FIRST == []


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="the host is forked first on several cores only")
def test_a_check_that_cannot_run_leaves_no_process_behind(tmp_path: Path) -> None:
    """A check that finds the archive locked (exit 3) or its config broken (exit 2) kills the
    host it forked first; a check that compares leaves none either."""
    archive_dir = _archive(tmp_path)
    mark = uuid.uuid4().hex
    with check.run_lock(archive_dir, wait=False):
        locked = _cli("check", "--archive", str(archive_dir), "--force", cwd=tmp_path, mark=mark)
    assert locked.returncode == 3 and _marked(mark) == []
    for slug in SLUGS:
        (tmp_path / f"{slug}.txt").write_text(policy_v2(), encoding="utf-8")
    compared = _cli("check", "--archive", str(archive_dir), "--force", cwd=tmp_path, mark=mark)
    assert compared.returncode == 0 and "changed 3 (material 3)" in compared.stdout, compared.stderr
    assert _marked(mark) == []
    (archive_dir / "sources.toml").write_text('[[source]]\nslug = "a"\nintrval = "1d"\n', encoding="utf-8")  # a typo
    broken = _cli("check", "--archive", str(archive_dir), cwd=tmp_path, mark=mark)
    assert broken.returncode == 2 and "'intrval'" in broken.stderr and _marked(mark) == []
