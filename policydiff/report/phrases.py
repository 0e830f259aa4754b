"""How a fact or a section is named in a few words: a clause by its first phrase, a heading by
its label and first phrase, a term as printed (every summary and table of the reports)."""

from __future__ import annotations

import re

from policydiff import regex_cache
from policydiff.lexicon.labels import CLAUSE_BREAKS, LEADING_LABEL
from policydiff.model import Section
from policydiff.report.claims import SENTENCE_KINDS
from policydiff.report.claims import joined_cjk as _joined_cjk

_BREAKS = CLAUSE_BREAKS
_BREAK = regex_cache.compile(f"[{re.escape(_BREAKS)}]")
MIN_PHRASE = 4  # characters a first phrase has at least before a break ends it
_LEADING_LABEL = LEADING_LABEL


def first_phrase(text: str, limit: int = 24) -> str:
    """The words up to the first natural break (，。：…), at most ``limit`` characters, "…" when cut.

    >>> first_phrase("您的账户均有安全保护功能，请妥善保管")
    '您的账户均有安全保护功能…'
    >>> first_phrase("帮助您完成支付")
    '帮助您完成支付'
    >>> first_phrase("附录：相关定义")
    '附录：相关定义'
    """
    text = " ".join(text.split())
    found = _BREAK.search(text, MIN_PHRASE)  # a phrase of a word or two ("附录：") runs on to the next break
    cut = found.start() if found else len(text)
    phrase = text[:cut].rstrip()
    if len(phrase) > limit:
        return phrase[: limit - 1] + "…"
    return phrase + ("…" if cut < len(text) and text[cut:].strip(_BREAKS + " ") else "")


def short_heading(section: Section | None, limit: int = 24) -> str:
    """A heading people recognise: the label and the first phrase of the title, ≤ ``limit`` characters.

    A numbered clause's heading is its first sentence ("（5）您的账户均有安全保护功能，…"); it is
    cut at the first natural break, so "（5）您的账户均有安全保护功能…".
    """
    if section is None:
        return ""
    if section.level == 0:
        return ""
    label = section.label.strip()
    title = section.title or section.heading
    if label and title.startswith(label):
        title = title[len(label):]
    room = max(limit - len(label), 8)
    if not title.strip():
        return label or first_phrase(section.heading, limit)
    gap = " " if label and (label[-1].isascii() and label[-1] not in "（(") else ""
    return label + gap + first_phrase(title, room)


def display_value(kind: str, trigger: str, limit: int = 24) -> str:
    """A fact's words as a summary shows them: a clause by its first phrase, a term as printed."""
    if kind in SENTENCE_KINDS:
        text = _LEADING_LABEL.sub("", " ".join(trigger.strip().split("\n", 1)[0].split()), count=1)
        return first_phrase(text, limit)
    text = _joined_cjk(" ".join(trigger.split()))
    return text if len(text) <= 2 * limit else text[: 2 * limit - 1] + "…"
