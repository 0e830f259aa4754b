"""Read the dates a policy states about itself (更新日期, 生效日期, 发布日期, 版本号)."""

from __future__ import annotations

import re

from policydiff.lexicon import dates as words
from policydiff.model import StatedDates

# Dates are looked for near the top first: that is where policies state them.
HEAD_CHARS = 3000
# How far after its label a date may start ("生效日期： 2020年9月27日").
LABEL_REACH = 12


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _labelled(text: str, labels: tuple[str, ...]) -> str | None:
    """The first date written right after one of ``labels``."""
    best: tuple[int, str] | None = None
    for label in labels:
        # the label's places, found by substring searches (most labels are absent; none
        # overlapping, as a pattern's matches): no pattern compiled for a label a text first holds
        at = text.find(label)
        while at >= 0:
            end = at + len(label)
            d = words.DATE.search(text[end : end + LABEL_REACH + 30])
            if d and d.start() <= LABEL_REACH:  # the first place with a date right after it
                iso = _iso(d)
                if iso and (best is None or at < best[0]):
                    best = (at, iso)
                break
            at = text.find(label, end)
    return best[1] if best else None


def stated_dates(text: str) -> StatedDates:
    """The update / effective / publication dates and version number a text states."""
    found = StatedDates()
    for scope in (text[:HEAD_CHARS], text):
        found = StatedDates(
            updated=_labelled(scope, words.DATE_LABELS["updated"]),
            effective=_labelled(scope, words.DATE_LABELS["effective"]),
            published=_labelled(scope, words.DATE_LABELS["published"]),
        )
        if found.any():
            break
    version = words.VERSION_NUMBER.search(text[:HEAD_CHARS])
    if version and "." in version.group(1):
        found.version = version.group(1)
    return found
