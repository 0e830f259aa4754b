"""Bounded extraction: a zip bomb is refused before it is unpacked (within 5 s and 300 MB), deeply
nested HTML keeps its text or is refused in one line — never silently emptied."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import seed_path

from policydiff.errors import InputError
from policydiff.text.extract import extract_html


def _bomb(path: Path, gib: float = 0.5) -> None:
    """A DOCX-shaped ZIP whose document.xml unpacks to ``gib`` GiB of zeros (a few hundred KB packed)."""
    chunk = b"\0" * (8 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(int(gib * 1024 / 8)):
                fh.write(chunk)


def test_zip_bomb_is_refused_within_5_s_and_300_mb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _bomb(bomb)
    assert bomb.stat().st_size < 5 << 20
    ok = tmp_path / "ok.txt"
    ok.write_text(seed_path("003").read_text(encoding="utf-8"), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "policydiff", "compare", str(bomb), str(ok)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=60)
    took = time.monotonic() - t0
    rss_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "zip bomb" in done.stderr, done.stderr
    assert took < 5 and rss_mb < 300, (took, rss_mb)


def _nested(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "<p>第一条 我们收集你的手机号码。</p>" + "</div>" * depth
            + "<p>第二条 联系我们。</p></body></html>").encode()


@pytest.mark.parametrize("depth", [300, 1500])
def test_deeply_nested_html_keeps_its_text(depth: int) -> None:
    text = extract_html(_nested(depth), "deep.html").text
    assert "我们收集你的手机号码" in text and "联系我们" in text


def test_html_deeper_than_the_parser_keeps_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match="nested deeper than") as info:
        extract_html(_nested(5000), "deeper.html")
    assert "\n" not in str(info.value)
