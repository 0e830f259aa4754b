"""Words as a reader sees them: the word cut (jieba, ``compare.facts.words_of``) leaves a
one-character word before a word it belongs to — 云 + 存储, 云 + 备份 — and a comparison of words
would then find the old 存储 and miss the new 云存储. Any single character that is not a function
word (``lexicon.facts_judge.FUNCTION_CHARS``) is glued to the word after it.

>>> compound_words(["向", "你", "提供", "云", "存储", "和", "云", "备份"])
['向', '你', '提供', '云存储', '和', '云备份']
"""

from __future__ import annotations

from collections.abc import Iterable

from policydiff.lexicon import facts_judge as lj


def compound_words(words: Iterable[str], generic: frozenset[str] = frozenset()) -> list[str]:
    """``words`` with each lone non-function character glued to the next word (not to a word of
    ``generic``, which says nothing of its own)."""
    out: list[str] = []
    glue = ""
    for w in words:
        if glue and len(w) >= 2 and w not in generic:
            out.append(glue + w)
        else:
            out += [glue] if glue else []
            if len(w) == 1 and not w.isascii() and w.isalpha() and w not in lj.FUNCTION_CHARS:
                glue = w
                continue
            out.append(w)
        glue = ""
    return out + ([glue] if glue else [])
