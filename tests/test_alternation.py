"""compare.alternation: the grouped alternation finds what the plain one, longest first, finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policydiff.compare.alternation import longest_first
from policydiff.compare.mentions import _lexicon

DATA = Path(__file__).parent / "data"


def _plain(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@pytest.mark.parametrize("words, text", [
    (["信息", "信用卡", "信用", "设备", "设备信息", "位置"], "您的信用卡信息、设备信息和位置信息；信用"),
    (["a.b", "a", "(x)", "ab"], "a.b ab a (x) a+b"),
    (["我们", "我"], "我我们我"),
])
def test_same_matches(words: list[str], text: str) -> None:
    got = [(m.span(), m.group()) for m in longest_first(words).finditer(text)]
    assert got == [(m.span(), m.group()) for m in _plain(words).finditer(text)]


def test_lexicon_on_the_seeds_and_the_real_policies() -> None:
    regex, owners = _lexicon()
    plain = _plain(list(owners))
    for path in sorted(DATA.glob("seeds/*.txt")) + sorted(DATA.rglob("real/**/*.txt"))[:40]:
        text = path.read_text(encoding="utf-8").lower()
        assert [(m.span(), m.group()) for m in regex.finditer(text)] == [(m.span(), m.group()) for m in plain.finditer(text)]
