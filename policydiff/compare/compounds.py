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


def general(word: str, generic: frozenset[str], suffixes: str = "") -> bool:
    """``word`` says nothing of its own: a word of ``generic``, or two or more of them run together,
    the last maybe a suffix character of ``suffixes`` (服务质量 = 服务 + 质量; 安全性 = 安全 + 性).

    >>> general("服务质量", frozenset({"服务", "质量"})), general("安全性", frozenset({"安全"}), "性")
    (True, True)
    >>> general("风控建模", frozenset({"服务", "质量"}))
    False
    """
    return word in generic or any(word[:k] in generic and (word[k:] in suffixes or general(word[k:], generic, suffixes))
                                  for k in range(1, len(word)))
