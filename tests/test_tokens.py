"""The tokenizer's prefix-dictionary cache: the same dictionary jieba builds, read back whole."""

from __future__ import annotations

import logging
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jieba
import pytest
from conftest import seed_path

from policydiff.lexicon import lexicon_words
from policydiff.text import tokens
from policydiff.text.normalize import comparison_key

jieba.setLogLevel(logging.WARNING)


def _jieba_own() -> jieba.Tokenizer:
    """What jieba builds itself: its initialize() on the policy dictionary, then add_word per lexicon word."""
    path = resources.files("policydiff").joinpath("data/policy_words.txt")
    tk = jieba.Tokenizer(dictionary=str(path))
    tk.initialize()
    for word in lexicon_words():
        tk.add_word(comparison_key(word), freq=tokens.LEXICON_WORD_FREQ)
    return tk


def test_prefix_dictionary_equals_jiebas_own() -> None:
    path = resources.files("policydiff").joinpath("data/policy_words.txt")
    words = sorted({comparison_key(w) for w in lexicon_words()})
    freq, _ = tokens.build_prefix_dictionary(path.read_bytes(), words)
    assert freq == _jieba_own().FREQ


def test_cut_is_jiebas_cut_on_a_seed() -> None:
    key = comparison_key(seed_path("001").read_text(encoding="utf-8")[:6000])
    assert tokens.tokenize(key) == [t for t in _jieba_own().cut(key, HMM=True) if t]
    assert "唯一设备识别码" in "".join(tokens.tokenize(comparison_key("我们会收集您的唯一设备识别码")))


def _run_tokenize(cache: Path) -> subprocess.CompletedProcess[str]:
    code = "from policydiff.text.tokens import tokenize; print('/'.join(tokenize('我们会收集您的手机号码')))"
    env = {"POLICYDIFF_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)


def test_cache_is_written_then_reused_and_a_damaged_one_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run_tokenize(cache).stdout
    files = list(cache.glob("jieba-prefix-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 100_000
    assert _run_tokenize(cache).stdout == first
    files[0].write_bytes(b"\x00not marshal")
    assert _run_tokenize(cache).stdout == first
    assert files[0].stat().st_size > 100_000  # rewritten whole


def test_unwritable_cache_dir_still_tokenizes(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    out = _run_tokenize(blocker / "cache").stdout
    assert out.strip().split("/")[-1] in {"手机号码", "手机号"}


@pytest.mark.parametrize("name", ["POLICYDIFF_CACHE_DIR", "XDG_CACHE_HOME"])
def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.delenv("POLICYDIFF_CACHE_DIR", raising=False)
    monkeypatch.setenv(name, str(tmp_path))
    expected = tmp_path if name == "POLICYDIFF_CACHE_DIR" else tmp_path / "policydiff"
    assert tokens.cache_dir() == expected
