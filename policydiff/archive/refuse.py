"""Refuse what is not a policy before it is archived: bot walls, captchas, login pages, texts too
short to be a policy, and texts that shrank suspiciously against the version before them.
"""

from __future__ import annotations

from policydiff.errors import FetchError
from policydiff.lexicon.botwalls import LOGIN_MARKERS, POLICY_MARKERS, WALL_MARKERS

MIN_POLICY_CHARS = 200  # shorter than any real policy (the shortest seed has ~10,000 characters)
WALL_PAGE_CHARS = 3000  # a wall marker in a text shorter than this is a wall, not a policy
DEFAULT_MAX_SHRINK = 0.5  # the sources file's defaults.max_shrink and snapshot's default


def _count(text: str, markers: tuple[str, ...]) -> list[str]:
    low = text.lower()
    return [m for m in markers if m in low]


def check_plausible_policy(
    text: str, previous_text: str | None = None, max_shrink: float | None = 0.5, *, source: str = ""
) -> None:
    """Raise FetchError when ``text`` is not plausibly a privacy policy.

    Refused: bot walls and captchas, login pages, texts shorter than MIN_POLICY_CHARS, and a
    text that lost more than ``max_shrink`` of ``previous_text`` (None disables that test).
    Wall and login words also occur in real policies ("短信验证码"), so they only count in a
    short page or one without the vocabulary of a policy.
    """
    where = f"{source}: " if source else ""
    size = _size(text)
    low = text.lower()
    policy_hits = sum(low.count(m) for m in POLICY_MARKERS)
    looks_like_policy = policy_hits >= 3 and size >= WALL_PAGE_CHARS
    if not looks_like_policy:
        wall = _count(text, WALL_MARKERS)
        if wall:
            raise FetchError(f"{where}refused: a captcha or bot-wall page, not a policy (it says {wall[0]!r})")
        login = _count(text, LOGIN_MARKERS)
        if login:
            raise FetchError(f"{where}refused: a login page, not a policy (it says {login[0]!r})")
    if size < MIN_POLICY_CHARS:
        raise FetchError(f"{where}refused: only {size} characters, too short to be a privacy policy")
    if previous_text is not None and max_shrink is not None:
        before = _size(previous_text)
        if before and size < before * (1 - max_shrink):
            lost = 1 - size / before
            raise FetchError(
                f"{where}refused: the text shrank by {lost:.0%} ({before} -> {size} characters, limit {max_shrink:.0%}); "
                "if the policy really got shorter, snapshot it with --allow-shrink"
            )


def _size(text: str) -> int:
    """Characters that count: everything but whitespace."""
    return len("".join(text.split()))  # str.split() splits on exactly what str.isspace() calls space
