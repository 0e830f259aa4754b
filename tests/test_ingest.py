"""Reading policies: encodings, stdin, and one-line errors (exit 2, no traceback) from the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import seed_path

from policydiff.errors import InputError
from policydiff.text.read import read_bytes, read_path

SEED = seed_path("002")
TEXT = SEED.read_text(encoding="utf-8")


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "policydiff.cli", "compare", *args], input=stdin, capture_output=True, timeout=120
    )


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
        ("gb18030", TEXT.encode("gb18030")),
        ("gbk", TEXT.encode("gbk", errors="strict")),
        ("utf-16-le-bom", b"\xff\xfe" + TEXT.encode("utf-16-le")),
        ("utf-16-be-bom", b"\xfe\xff" + TEXT.encode("utf-16-be")),
        ("utf-16-le", TEXT.encode("utf-16-le")),
        ("utf-16-be", TEXT.encode("utf-16-be")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, data: bytes) -> None:
    path = tmp_path / f"policy-{encoding}.txt"
    path.write_bytes(data)
    raw = read_path(path)
    assert raw.text.lstrip("\ufeff") == TEXT


def test_stdin_and_file_compare_as_unchanged(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(TEXT.encode("gbk"))
    proc = run_cli("-", str(gbk), "--format", "json", stdin=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    assert report["changes"] == []
    assert {s["status"] for s in report["sections"]} == {"unchanged"}


def test_stdin_twice_is_refused() -> None:
    proc = run_cli("-", "-", stdin=SEED.read_bytes())
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: str(d / "missing.txt"), "no such file"),
        (lambda d: str(d), "is a directory"),
        (lambda d: _write(d, "empty.txt", b""), "empty input"),
        (lambda d: _write(d, "blank.txt", b" \n\r\n\t\n"), "empty input"),
        (lambda d: _write(d, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8), "binary"),
        (
            lambda d: _write(d, "bad.txt", "政策".encode() + bytes([0xFF, 0xFE, 0x81, 0x20]) * 50 + b"\x80\xff"),
            "cannot decode",
        ),
    ],
    ids=["missing", "directory", "empty", "blank", "binary", "undecodable"],
)
def test_cli_errors_are_one_line_exit_2(tmp_path: Path, make, message: str) -> None:
    bad = make(tmp_path)
    for args in ((bad, str(SEED)), (str(SEED), bad)):
        proc = run_cli(*args)
        err = proc.stderr.decode()
        assert proc.returncode == 2, err
        assert "Traceback" not in err
        assert err.count("\n") == 1 and err.startswith("policydiff: error:") and message in err
        assert proc.stdout == b""


def test_empty_stdin_is_an_error() -> None:
    proc = run_cli("-", str(SEED), stdin=b"")
    assert proc.returncode == 2 and b"<stdin>: empty input" in proc.stderr


def test_read_bytes_library_errors() -> None:
    with pytest.raises(InputError, match="empty"):
        read_bytes(b"", "x")
    with pytest.raises(InputError, match="binary"):
        read_bytes(b"abc\x00def\x00\x01\x02" * 100, "x")
