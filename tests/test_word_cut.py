"""compare.word_cut: jieba's words of a text, cut piece by piece, are the words of the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.compare.word_cut import cut_words
from policydiff.text.memo import one_comparison
from policydiff.text.normalize import comparison_key
from policydiff.text.tokens import tokenize

SEEDS = sorted((Path(__file__).parent / "data" / "seeds").glob("*.txt"))


@pytest.mark.parametrize("text", [
    "",
    "我们收集您的手机号码，用于身份验证。",
    "1.2.4 客服服务：当您与我们的客服取得联系时，我们的系统可能会记录您与客服之间的通讯记录",
    "当您需要客服协助您修改有关信息(如配送地址、联系方式等)时,您可能还需要提供",
    "SDK名称：极光推送SDK；使用目的：推送消息  \t (Android ID、IMEI)",
    "   ",
])
def test_cut_words_is_tokenize(text: str) -> None:
    assert cut_words(text) == tokenize(text)
    with one_comparison():
        assert cut_words(text) == tokenize(text)
        assert cut_words(text) == tokenize(text)  # the pieces remembered


def test_cut_words_of_every_seed_sentence() -> None:
    """Every line of the seed policies, as printed (lower-cased) and as a comparison key."""
    with one_comparison():
        for path in SEEDS:
            for line in path.read_text(encoding="utf-8").splitlines()[:200]:
                for text in (line.lower(), comparison_key(line)):
                    assert cut_words(text) == tokenize(text)
