"""Menu paths: where a policy sends the person in its app (「我的」—「设置」—「注销账号」).

A step of a menu is a label on a screen, not a statement: 「客服帮助-账号申诉-账号注销」 tells
the person where to click, and 申诉 there names a button, not a new right. ``menu_path`` gives the
steps of a quoted path, ``only_in_menu`` whether a word appears nowhere but inside a path.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policydiff import regex_cache
from policydiff.compare.places import occurrences
from policydiff.lexicon import facts_more as lm

QUOTED = regex_cache.compile(r"[【“「\"]([^】”」\"]{2,20})[】”」\"]")
PATH_STEP = regex_cache.compile(r"(?:——|—|->|-|>|→|／|/)")
_ARROW = "[" + re.escape(lm.PATH_ARROWS) + "]+"
# a step: a few characters without punctuation, spaces or arrows, one of them Chinese (not 2022-06-02)
_STEP = r"[^\s，。；：、,;:（）()“”「」【】\"'‘’" + re.escape(lm.PATH_ARROWS) + r"]{0,12}[\u4e00-\u9fff][^\s，。；：、,;:（）()“”「」【】\"'‘’" + re.escape(lm.PATH_ARROWS) + r"]{0,12}"
_UNQUOTED_PATH = f"{_STEP}(?:\\s*{_ARROW}\\s*{_STEP})+"  # compiled when first read (_unquoted_path)
_WINDOW = 80  # characters read on each side of a word to find the path it may stand in
_MAX_HITS = 50  # a word said more often is read at its first uses (a hostile page repeats it a million times)


def menu_path(sentence: str) -> tuple[str, ...]:
    """The steps of a menu path the sentence gives (quoted names joined by arrows or dashes), or ().

    >>> menu_path("点击 “我的”——点击“用户姓名”；或")
    ('我的', '用户姓名')
    >>> menu_path("您可以在“设置”中关闭")
    ()
    """
    quoted = [(m.start(), m.end(), m.group(1).strip()) for m in QUOTED.finditer(sentence)]
    linked = any(PATH_STEP.search(sentence[a[1]:b[0]]) for a, b in zip(quoted, quoted[1:], strict=False))
    return tuple(q for _, _, q in quoted) if linked else ()


@lru_cache(maxsize=1)
def _unquoted_path() -> re.Pattern[str]:
    """A path of unquoted steps joined by arrows (the costliest pattern to compile: read by few compares)."""
    return regex_cache.compile(_UNQUOTED_PATH)


def _path_spans(sentence: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _unquoted_path().finditer(sentence)]
    quoted = list(QUOTED.finditer(sentence))
    for a, b in zip(quoted, quoted[1:], strict=False):
        if PATH_STEP.search(sentence[a.end():b.start()]):
            spans.append((a.start(), b.end()))
    return spans


def only_in_menu(sentence: str, word: str) -> bool:
    """Whether ``word`` appears in the sentence, and only as part of a menu path's steps.

    >>> only_in_menu("移动端路径：我-设置（齿轮图标）-客服帮助-账号申诉-账号注销；", "申诉")
    True
    >>> only_in_menu("您有权申诉，路径：设置-账号申诉", "申诉")
    False
    >>> only_in_menu("点击“我的”-“账号申诉”提交", "申诉")
    True
    >>> only_in_menu("请于2022-06-02前申诉", "申诉")
    False
    """
    hits = occurrences(sentence, word, _MAX_HITS)
    return bool(hits) and all(_in_a_path(sentence, k, len(word)) for k in hits)


def _in_a_path(sentence: str, k: int, size: int) -> bool:
    """Whether the word at ``k`` lies inside a menu path, read in a window around it (a path is
    a few short steps: a page of one unpunctuated line costs no more than its neighbourhood)."""
    start = max(0, k - _WINDOW)
    window = sentence[start : k + size + _WINDOW]
    return any(a <= k - start and k - start + size <= b for a, b in _path_spans(window))
