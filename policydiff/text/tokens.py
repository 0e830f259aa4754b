"""Words of a comparison key: jieba on a dictionary of the words policies use.

jieba's full dictionary costs about 1 s to load; ``data/policy_words.txt`` (built by
``scripts/build_dictionary.py``) holds the words the corpus uses plus jieba's most frequent,
and every lexicon entity is added as one word, so "唯一设备识别码" stays one token. The
tokenizer loads on first use only: an unchanged document never pays for it.

jieba keeps its prefix dictionary in a marshal cache but reads it with ``marshal.load`` on the
open file, which reads in tiny pieces (~75 ms for this dictionary); the same bytes read whole and
decoded with ``marshal.loads`` take ~15 ms. So the prefix dictionary — the policy words and the
lexicon's words together — is cached here (:func:`policydiff.fsutil.cache_dir`) under a name derived from its
inputs, and rebuilt whenever the dictionary, the lexicon or jieba changes. The cache is only
an optimisation: when it cannot be read or written the dictionary is built in memory.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
from functools import lru_cache
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING

from policydiff.fsutil import atomic_write_bytes, cache_dir, read_cache_file
from policydiff.lexicon import lexicon_words
from policydiff.text.normalize import comparison_key

if TYPE_CHECKING:
    import jieba

#: The frequency a lexicon word gets, high enough that jieba keeps it whole.
LEXICON_WORD_FREQ = 200000


def _import_jieba() -> ModuleType:
    # jieba imports pkg_resources only to locate its files, which costs ~0.1 s; it falls
    # back to plain file paths when that import fails.
    had = "pkg_resources" in sys.modules
    if not had:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment,unused-ignore]
    try:
        import jieba  # heavy (~30 ms): only when some text changed
    finally:
        if not had:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


def build_prefix_dictionary(dictionary: bytes, words: list[str]) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word → frequency, every prefix present) and the total frequency.

    ``dictionary`` holds jieba's text format ("word freq [tag]" per line); each of ``words``
    is added with :data:`LEXICON_WORD_FREQ`, as ``Tokenizer.add_word`` would.

    >>> freq, total = build_prefix_dictionary("个人信息 30\\n".encode(), ["设备识别码"])
    >>> freq["个人信息"], freq["个人"], freq["设备识别码"], freq["设备"], total
    (30, 0, 200000, 0, 200030)
    """
    freq: dict[str, int] = {}
    total = 0
    entries = [(parts[0], int(parts[1])) for parts in (line.split() for line in dictionary.decode("utf-8").splitlines()) if len(parts) >= 2]
    entries += [(word, LEXICON_WORD_FREQ) for word in words]
    for word, count in entries:
        freq[word] = count
        total += count
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq, total


def _prefix_dictionary(jieba_version: str) -> tuple[dict[str, int], int]:
    dictionary = resources.files("policydiff").joinpath("data/policy_words.txt").read_bytes()
    words = sorted({comparison_key(word) for word in lexicon_words()})
    digest = hashlib.sha1(dictionary)
    digest.update("\n".join(words).encode("utf-8"))
    digest.update(f"{jieba_version} {sys.version_info[:2]} {marshal.version}".encode())
    path = cache_dir() / f"jieba-prefix-{digest.hexdigest()[:20]}.marshal"
    try:
        data = read_cache_file(path)
        loaded = marshal.loads(data) if data is not None else None
        if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], dict) and isinstance(loaded[1], int):
            return loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass
    built = build_prefix_dictionary(dictionary, words)
    try:
        atomic_write_bytes(path, marshal.dumps(built))
    except OSError:
        pass  # a read-only home: the next run builds it again
    return built


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer on the policy dictionary plus the lexicon's words."""
    jieba = _import_jieba()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = _prefix_dictionary(jieba.__version__)
    tk.initialized = True  # what Tokenizer.initialize() sets once FREQ and total are loaded
    return tk


def tokenize(key: str) -> list[str]:
    """Split a comparison key into words."""
    if not key:
        return []
    return [t for t in tokenizer().cut(key, HMM=True) if t]
