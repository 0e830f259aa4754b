"""The words of a text as jieba cuts them, each run of it cut once per comparison.

jieba cuts a text run by run: it splits it into runs of Han characters, letters and digits
(``jieba.re_han_default``) and the pieces between them, and the words of a run depend on that
run alone (its dictionary path and, for characters left over, its HMM guess). So the words of a
text are the words of its pieces, in order.

Several readers cut the same clauses: the mentions cut a changed section's sentences lower-cased,
the facts cut their comparison keys, the typed edits cut both sides of a changed sentence. A
sentence's key and its lower-cased text differ in their marks and spaces, seldom in their runs;
an edited sentence keeps most runs of the one it replaced. jieba costs some 15,000 instructions
a character (a Python loop over each character's dictionary prefixes), so each run's words are
remembered for the comparison (``text.memo``): a run is cut once, whoever asks
(tests/test_word_cut.py holds ``cut_words`` to ``tokenize`` on real sentences).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache

from policydiff.text.memo import per_comparison
from policydiff.text.tokens import tokenize, tokenizer


def cut_words(text: str) -> list[str]:
    """``text.tokens.tokenize(text)`` (jieba's words, HMM on, no empty ones), run by run: a run's
    words remembered (``_run_words``), each piece between runs cut as jieba cuts it (whitespace
    alone, the rest a character a word: no dictionary is read there)."""
    runs, spaces, space = _jieba_patterns()
    out: list[str] = []
    for k, piece in enumerate(runs(text)):
        if k % 2:  # split by a pattern of one group: every other piece is a run
            out += _run_words(piece)
        elif piece:
            parts = spaces(piece)
            if len(parts) == 1:
                out += piece  # one word per character
            else:
                out += [word for part in parts for word in ((part,) if space(part) else part)]
    return out


@per_comparison  # the runs of a comparison's sentences repeat: see the module docstring
def _run_words(run: str) -> tuple[str, ...]:
    return tuple(tokenize(run))


@lru_cache(maxsize=1)
def _jieba_patterns() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]], Callable[[str], object]]:
    """The split of a text into runs and the pieces between them, and of such a piece at its
    whitespace, as jieba's cut makes them (``jieba.re_han_default``, ``re_skip_default``), once
    jieba is loaded."""
    tokenizer()  # loads jieba
    jieba = sys.modules["jieba"]
    return jieba.re_han_default.split, jieba.re_skip_default.split, jieba.re_skip_default.match
