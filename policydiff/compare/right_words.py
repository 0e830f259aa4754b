"""A right's word where the policy gives or names the right, not a word that only sounds like one.

The words of the rights (``lexicon.rights.RIGHTS``: 查阅, 更正, 申诉 …) are ordinary words too. In
「您有权查阅您的个人信息」 or a heading 「（一）查阅您的个人信息」 查阅 names the right of access; in
「（详情请查阅关键词定义）」 it sends the reader to another part of the policy; in
「在风控要求和封号申诉时，为了核实您的账号是本人持有，我们还将使用您…实名手机号码」 申诉 is the
occasion of a use of data, not a right the policy gives. ``standing`` tells them apart:

- a step of a menu path (「客服帮助-账号申诉-账号注销」, ``compare.menus``) is worth a look only;
- a word that only sends the reader elsewhere (请查阅…定义, 点击查阅“《…清单》”) is no right at all;
- a word in a sentence that gives a right (您有权…, 您可以…, 你可通过…), that speaks of rights (权利,
  …权) or of a way to use them (申诉管理机制), that names other rights beside it (查阅、复制、更正…
  等功能), or in a line short enough to be a heading or an item of a list of rights, is a right;
- elsewhere it is worth a look only: a long sentence about something else that uses the word.

>>> standing("当您作为群主（详情请查阅关键词定义）时", "查阅"), standing("详细信息请您点击查阅“《个人信息共享清单》”。", "查阅")
(0.0, 0.0)
>>> standing("您有权查阅、更正您的个人信息。", "查阅"), standing("（二）复制权", "复制")
(1.0, 1.0)
>>> standing("我们在相关的产品设计中融入了查阅、复制、更正、删除、撤回同意及注销账号等功能。", "注销")
1.0
>>> standing("在风控要求和封号申诉时，为了核实您的账号是本人持有，我们还将使用您注册时使用的实名手机号码进行三要素认证。", "申诉")
0.4
"""

from __future__ import annotations

from policydiff.compare.mentions import find_word
from policydiff.compare.menus import only_in_menu
from policydiff.compare.places import occurrences
from policydiff.lexicon import rights

LOW = 0.4  # as compare.meaning.LOW: shown under "other changes worth a look"
_MAX_HITS = 50


def standing(sentence: str, word: str) -> float:
    """1.0 when ``word`` names a right in ``sentence``; LOW when the sentence only uses the word,
    or names it only as a step of a menu path (客服帮助-账号申诉: a button); 0.0 when each use of
    it sends the reader to another part of the policy."""
    if only_in_menu(sentence, word):
        return LOW
    hits = occurrences(sentence, word, _MAX_HITS)
    if hits and all(_a_pointer(sentence, k, len(word)) for k in hits):
        return 0.0
    if (len(sentence) <= rights.HEADING_LENGTH or rights.GRANT.search(sentence)
            or any(w in sentence for w in rights.RIGHTS_TALK) or _names_rights(sentence, word)):
        return 1.0
    return LOW


def _names_rights(sentence: str, word: str) -> bool:
    """Whether the sentence names another right beside ``word`` (查阅、复制、更正…等功能: a list of
    the rights a product lets the person use), not counting a word that only points elsewhere."""
    others = {w for words in rights.RIGHTS.values() for w in words if w != word and w not in word and word not in w}
    return any(not all(_a_pointer(sentence, k, len(w)) for k in occurrences(sentence, w, _MAX_HITS))
               for w in others if w in sentence)


def _a_pointer(sentence: str, k: int, size: int) -> bool:
    """Whether the word at ``k`` sends the reader to a part of a text (查阅…定义, 查阅“《…》”)."""
    after = sentence[k + size : k + size + 6]
    return after.startswith(rights.POINTER_TARGETS) and not after.startswith(rights.POINTER_NOT_TARGETS)


def named_right(text: str) -> str | None:
    """The first word of a right (``rights.RIGHTS``, right by right) that ``text`` holds, or None.

    >>> named_right("您可以通过设置页面注销您的账号"), named_right("我们会收集您的手机号码")
    ('注销', None)
    """
    lower = text.lower()
    return next((h for words in rights.RIGHTS.values() if (h := find_word(words, text, lower))), None)
