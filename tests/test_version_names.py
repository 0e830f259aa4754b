"""Version names that never move, idempotent imports and backfills (real git repositories)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from archive_helpers import seed_text
from test_archive import run_cli

from policydiff.archive.versions import Archive
from policydiff.errors import ArchiveError


def day(y: int, m: int, d: int, h: int = 0) -> datetime:
    return datetime(y, m, d, h, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path: Path) -> Archive:
    return Archive.init(tmp_path / "arch")


def test_a_backfill_shifts_no_name_and_a_copy_of_the_next_version_is_not_recorded(store: Archive) -> None:
    base = seed_text("002")
    store.snapshot("p", (base + "\n第二版。").encode(), source="v2", fetched_at=day(2023, 1, 1))
    store.snapshot("p", (base + "\n第三版。").encode(), source="v3", fetched_at=day(2024, 1, 1))
    before = {v.commit: v.index for v in store.versions("p")}
    # backfilled text equal to the version it would precede: nothing new
    same = store.snapshot("p", (base + "\n第二版。").encode(), source="v2-again", fetched_at=day(2022, 1, 1))
    assert not same.recorded and same.reason == "unchanged"
    old = store.snapshot("p", base.encode(), source="v1", fetched_at=day(2021, 1, 1))
    assert old.recorded and old.version is not None and old.version.index == 3
    after = {v.commit: v.index for v in store.versions("p")}
    assert all(after[c] == n for c, n in before.items())  # #1 and #2 kept their names
    assert [v.index for v in store.versions("p")] == [3, 1, 2]  # date order
    assert store.resolve("p", "1").meta["source"] == "v2" and store.resolve("p", "#3").meta["source"] == "v1"


def test_a_version_held_across_a_snapshot_reads_its_own_text(store: Archive) -> None:
    base = seed_text("002")
    first = store.snapshot("p", base.encode(), source="a").version
    assert first is not None and first.meta.get("commit") is None  # the newest: its entry names no commit
    store.snapshot("p", (base + "\n新增一条。").encode(), source="b")
    assert store.text(first) == base  # not the new tip's text


def test_several_versions_of_one_day_are_named_not_guessed(store: Archive, tmp_path: Path) -> None:
    base = seed_text("002")
    store.snapshot("p", base.encode(), source="a", fetched_at=day(2024, 5, 1, 8))
    store.snapshot("p", (base + "\n下午版。").encode(), source="b", fetched_at=day(2024, 5, 1, 16))
    with pytest.raises(ArchiveError, match="2 versions on 2024-05-01, name one: #1 .*; #2 "):
        store.resolve("p", "2024-05-01")
    shown = run_cli(tmp_path / "arch", "show", "p", "2024-05-01")
    assert shown.returncode == 2 and shown.stderr.count("\n") == 1 and "#1" in shown.stderr and "#2" in shown.stderr


def test_import_twice_records_nothing_the_second_time(tmp_path: Path) -> None:
    folder = tmp_path / "kf"
    folder.mkdir()
    (folder / "2021-01-01.txt").write_text(seed_text("004"), encoding="utf-8")
    (folder / "2022-01-01.txt").write_text(seed_text("004") + "\n新增第九条。", encoding="utf-8")
    Archive.init(tmp_path / "arch")
    first = run_cli(tmp_path / "arch", "import", str(folder), "--slug", "kf")
    assert first.returncode == 0 and "2 of 2 file(s) recorded" in first.stdout
    again = run_cli(tmp_path / "arch", "import", str(folder), "--slug", "kf")
    assert again.returncode == 0 and "nothing recorded: all 2 file(s) are already in the archive" in again.stdout
    assert len(Archive.open(tmp_path / "arch").versions("kf")) == 2


def test_log_orders_by_the_stated_date(store: Archive, tmp_path: Path) -> None:
    base = seed_text("002")
    store.snapshot("p", ("生效日期：2023年1月1日\n" + base).encode(), source="late", fetched_at=day(2021, 1, 1))
    store.snapshot("p", ("生效日期：2020年1月1日\n" + base).encode(), source="early", fetched_at=day(2022, 1, 1))
    out = run_cli(tmp_path / "arch", "log", "p")
    rows = [line.split("\t") for line in out.stdout.splitlines()[1:]]
    assert [r[0] for r in rows] == ["2", "1"] and rows[0][6] == "early"
