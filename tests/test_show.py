"""`policydiff show`: `-1` as a version, dates as the policy states them, `--at` (the version in force).

The two versions are the real 剪映 policies copied into tests/data/corpus/bytedance-jianying (see
its SOURCE.md); version 2 states 更新日期 2022-08-10 and 生效日期 2022-08-17, version 1 only an
更新日期. They are recorded here with fetch dates unlike their stated ones, as a watcher that
found them later would.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from policydiff.archive.versions import Archive

CORPUS = Path(__file__).parent / "data" / "corpus" / "bytedance-jianying"
OLD, NEW = (CORPUS / "2020-12-16.txt").read_bytes(), (CORPUS / "2022-08-10.txt").read_bytes()


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    store = Archive.init(tmp_path / "a")
    store.snapshot("jy", OLD, source="old", fetched_at=datetime(2021, 3, 1, tzinfo=timezone.utc))
    store.snapshot("jy", NEW, source="new", fetched_at=datetime(2023, 1, 5, tzinfo=timezone.utc))
    return tmp_path / "a"


def show(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydiff", "show", "jy", *args, "-a", str(archive)],
                          capture_output=True, text=True, timeout=120)


def test_minus_one_is_the_newest_version_not_an_option(archive: Path) -> None:
    newest, before = show(archive, "-1"), show(archive, "-2")
    assert newest.returncode == 0, newest.stderr
    assert newest.stdout == show(archive).stdout
    assert before.returncode == 0 and before.stdout != newest.stdout
    assert show(archive, "-x").returncode == 64


def test_a_date_matches_the_stated_date_log_prints(archive: Path) -> None:
    by_stated = show(archive, "2022-08-10")  # 更新日期 of version 2, fetched 2023-01-05
    assert by_stated.returncode == 0, by_stated.stderr
    assert by_stated.stdout == show(archive, "2").stdout
    assert show(archive, "2022-08-17").stdout == show(archive, "2").stdout  # its 生效日期


def test_at_gives_the_version_in_force_by_the_stated_effective_date(archive: Path) -> None:
    before = show(archive, "--at", "2022-08-12")  # version 2 was published, not yet in force
    assert before.returncode == 0 and before.stdout == show(archive, "1").stdout
    assert "version 1" in before.stderr and "fetch date 2021-03-01" in before.stderr
    after = show(archive, "--at", "2022-08-17")
    assert after.stdout == show(archive, "2").stdout and "生效日期 2022-08-17" in after.stderr
    early = show(archive, "--at", "2020-01-01")
    assert early.returncode == 2 and "no version was in force on 2020-01-01" in early.stderr
    assert show(archive, "1", "--at", "2022-08-17").returncode == 64
    assert show(archive, "--at", "2022-13-01").returncode != 0


def test_in_force_through_the_library(archive: Path) -> None:
    from datetime import date

    version, how = Archive.open(archive).in_force("jy", date(2024, 1, 1))
    assert (version.index, how) == (2, "effective")
