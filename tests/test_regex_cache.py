"""Compiled patterns kept across processes: what the cache gives back is what ``re`` compiles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "POLICYDIFF_REGEX_CACHE"}
    environ.update(POLICYDIFF_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ, timeout=120, check=False)


def _cache_file(cache: Path) -> Path:
    files = list(cache.glob("regex-*.json"))
    assert len(files) == 1, files
    return files[0]


LOAD_STAGE = "import policydiff.compare.pipeline, policydiff.report.html, policydiff.report.markdown\n"

SAME_AS_RE = LOAD_STAGE + """
import json, re, sys
from policydiff import regex_cache
path = regex_cache.cache_path()
stored = json.loads(path.read_text())["patterns"]
differ = []
for key in stored:
    flags, _, pattern = key.partition(":")
    if regex_cache.compile(pattern, int(flags)) != re.compile(pattern, int(flags)):  # Pattern == compares the code
        differ.append(pattern)
print(json.dumps({"stored": len(stored), "made_here": len(regex_cache._made), "differ": differ}))
"""


def test_a_second_process_compiles_every_pattern_from_the_cache_and_gets_what_re_compiles(tmp_path: Path) -> None:
    first = _python(LOAD_STAGE, tmp_path)  # loading the compare stage compiles the lexicon; saved at exit
    assert first.returncode == 0, first.stderr
    second = _python(SAME_AS_RE, tmp_path)
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["stored"] > 100  # the lexicon's patterns
    assert report["made_here"] == 0  # each one came from the file
    assert report["differ"] == []


def test_a_damaged_or_tampered_cache_is_not_trusted_and_is_written_again(tmp_path: Path) -> None:
    assert _python(LOAD_STAGE, tmp_path).returncode == 0
    path = _cache_file(tmp_path)
    document = json.loads(path.read_text())
    # an entry whose program is not one the engine accepts: made again, never run as stored
    key = next(k for k in document["patterns"] if "(?P<" in k)
    document["patterns"][key][1] = "AAAAAP////8="  # two words: no valid program
    path.write_text(json.dumps(document))
    tampered = _python(SAME_AS_RE, tmp_path)
    assert tampered.returncode == 0, tampered.stderr
    assert json.loads(tampered.stdout)["differ"] == []
    assert json.loads(path.read_text())["patterns"][key][1] != "AAAAAP////8="  # written again at exit
    path.write_text("[" * 100_000)  # nested past the parser's depth: no crash, ignored
    deep = _python(LOAD_STAGE, tmp_path)
    assert deep.returncode == 0, deep.stderr
    path.write_bytes(b"\x00not json")
    damaged = _python(SAME_AS_RE.replace("stored = json.loads(path.read_text())[\"patterns\"]", "stored = {}"), tmp_path)
    assert damaged.returncode == 0, damaged.stderr
    assert len(json.loads(path.read_text())["patterns"]) > 100  # rebuilt whole


def test_the_cache_can_be_turned_off_and_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    off = _python(LOAD_STAGE + "from policydiff import regex_cache; assert regex_cache.cache_path() is None", tmp_path,
                  POLICYDIFF_REGEX_CACHE="off")
    assert off.returncode == 0, off.stderr
    assert not list(tmp_path.glob("regex-*"))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    blocked = _python(LOAD_STAGE + "import policydiff; print(policydiff.compare_texts('a', 'b').verdict.material)",
                      blocker / "cache")
    assert blocked.returncode == 0, blocked.stderr
    assert blocked.stdout.strip() == "False"


@pytest.mark.parametrize("pattern", [r"(?P<who>a|b)\d+", r"[\u4e00-\u9fff]{2,}", r"(?i)ab[^\s]c", r"\bword\b"])
def test_compile_is_re_compile(pattern: str) -> None:
    import re

    from policydiff import regex_cache

    compiled = regex_cache.compile(pattern)
    assert compiled == re.compile(pattern)
    assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == \
           (re.compile(pattern).pattern, re.compile(pattern).flags, re.compile(pattern).groups, re.compile(pattern).groupindex)
    with pytest.raises(re.error):
        regex_cache.compile(pattern + "(")


def test_a_cache_file_someone_else_could_have_written_is_not_read(tmp_path: Path) -> None:
    """A world-writable cache file (a cache folder set to /tmp, say) is not trusted: ignored as if
    missing and written again; the user's own file is read."""
    from policydiff.fsutil import read_cache_file

    own = tmp_path / "own.json"
    own.write_text("{}")
    own.chmod(0o644)
    assert read_cache_file(own) == b"{}"
    own.chmod(0o666)
    assert read_cache_file(own) is None
    own.chmod(0o644)
    assert read_cache_file(own, max_bytes=1) is None  # larger than asked for
    assert read_cache_file(tmp_path / "missing") is None
