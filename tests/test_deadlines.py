"""Nothing hangs: one total deadline per fetch (a dripping server cannot hold a run), Retry-After
honoured within it, bounded retries, and `path` sources that are regular files under the root."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _servers import LOCAL, DripServer, Page, PolicyServer
from conftest import seed_path

from policydiff.errors import ConfigError, FetchError
from policydiff.watch import config_parse, outcome
from policydiff.watch import run as check
from policydiff.watch.fetch import fetch, read_source_file


def _html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in seed_path("003").read_text(encoding="utf-8").splitlines() if line.strip())
    return f"<html><body>{body}</body></html>".encode()


@pytest.mark.parametrize("drip_headers", [False, True], ids=["body", "headers"])
def test_a_dripping_server_cannot_hold_a_fetch_past_its_deadline(drip_headers: bool) -> None:
    with DripServer(drip_headers=drip_headers, interval=0.5) as drip:
        t0 = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            fetch(drip.url("/p"), timeout=2.0, retries=3, policy=LOCAL)
        took = time.monotonic() - t0
    assert took < 3.5, took


def test_a_dripping_source_does_not_hold_the_check_run(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "ok.txt").write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    with DripServer(interval=1.0) as drip:
        (archive / "sources.toml").write_text(
            f'[defaults]\ntimeout = 2\n\n[[source]]\nslug = "slow"\nurl = "{drip.url("/p")}"\nallow_private = true\n\n'
            '[[source]]\nslug = "ok"\npath = "ok.txt"\n', encoding="utf-8")
        t0 = time.monotonic()
        result = check.run(archive, config_parse.load(archive / "sources.toml"), outcome.Options(force=True))
        took = time.monotonic() - t0
    status = {o.slug: o.status for o in result.outcomes}
    assert status == {"slow": "failed", "ok": "first"} and took < 6, (status, took)
    assert "timed out" in next(o.error for o in result.outcomes if o.slug == "slow")


def test_retry_after_is_honoured_within_the_deadline_and_refused_past_it() -> None:
    with PolicyServer() as web:
        web.pages["/soon"] = Page(b"busy", status=503, headers={"Retry-After": "1"}, then=Page(_html()))
        web.pages["/late"] = Page(b"busy", status=429, headers={"Retry-After": "3600"})
        t0 = time.monotonic()
        got = fetch(web.url("/soon"), timeout=5, retries=2, policy=LOCAL)
        took = time.monotonic() - t0
        with pytest.raises(FetchError, match="retry after 3600 s, past the 5 s deadline"):
            fetch(web.url("/late"), timeout=5, retries=2, policy=LOCAL)
        hits = list(web.hits)
    assert got.status == 200 and 1.0 <= took < 4
    assert hits.count("/late") == 1  # no pointless retry


@pytest.mark.parametrize("line, message", [
    ("retries = 1000000", "retries must be 0–10"),
    ("timeout = -1", "timeout must be"),
    ("timeout = nan", "timeout must be"),
    ("timeout = inf", "timeout must be"),
    ("timeout = 1e300", "timeout must be"),
    ("interval = nan", "interval must be"),
    ("interval = inf", "interval must be"),
])
def test_settings_that_would_fail_every_run_are_refused(line: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_parse.loads(f"[defaults]\n{line}\n")


def test_deeply_nested_toml_is_one_line_exit_2(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "sources.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "policydiff", "check", "--archive", str(archive)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "nested too deeply" in done.stderr, done.stderr


def test_path_sources_are_regular_files_under_the_root(tmp_path: Path) -> None:
    root = tmp_path / "sources"
    root.mkdir()
    (root / "ok.txt").write_text("隐私政策", encoding="utf-8")
    (tmp_path / "secrets.env").write_text("TOKEN=x", encoding="utf-8")
    os.mkfifo(root / "fifo")
    os.symlink("/dev/zero", root / "zero")
    assert read_source_file(root / "ok.txt", root) == "隐私政策".encode()
    cases = {
        root / "fifo": "not a regular file",
        root / "zero": "outside the sources' root",
        Path("/dev/zero"): "outside the sources' root",
        root / ".." / "secrets.env": "outside the sources' root",
        Path("/etc/passwd"): "outside the sources' root",
    }
    for path, message in cases.items():
        t0 = time.monotonic()
        with pytest.raises(FetchError, match=message) as info:
            read_source_file(path, root)
        assert time.monotonic() - t0 < 1 and "\n" not in str(info.value)
    with pytest.raises(FetchError, match="not a regular file"):
        read_source_file(Path("/dev/zero"), Path("/dev"))  # even where allowed, a device is refused
    big = root / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(30 * 1024 * 1024)
    with pytest.raises(FetchError, match="too large"):
        read_source_file(big, root)
