"""Words of a comparison key: jieba on a dictionary of the words policies use.

jieba's full dictionary costs about 1 s to load; ``data/policy_words.txt`` (built by
``scripts/build_dictionary.py``) holds the words the corpus uses plus jieba's most frequent,
and every lexicon entity is added as one word, so "唯一设备识别码" stays one token. The
tokenizer loads on first use only: an unchanged document never pays for it.
"""

from __future__ import annotations

import logging
import sys
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from policydiff.lexicon import lexicon_words
from policydiff.text.normalize import comparison_key

if TYPE_CHECKING:
    import jieba


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer on the policy dictionary plus the lexicon's words."""
    # jieba imports pkg_resources only to locate its files, which costs ~0.1 s; it falls
    # back to plain file paths when that import fails.
    had = "pkg_resources" in sys.modules
    if not had:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba  # heavy (~0.2 s with its dictionary): only when some text changed
    finally:
        if not had:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    path = resources.files("policydiff").joinpath("data/policy_words.txt")
    tk = jieba.Tokenizer(dictionary=str(path))
    tk.initialize()
    for word in lexicon_words():
        tk.add_word(comparison_key(word), freq=200000)
    return tk


def tokenize(key: str) -> list[str]:
    """Split a comparison key into words."""
    if not key:
        return []
    return [t for t in tokenizer().cut(key, HMM=True) if t]
