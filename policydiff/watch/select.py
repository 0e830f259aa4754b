"""Which sources a run checks: --only, --tags, --shard K/N, and whether each is due."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from policydiff.archive.state import SourceState
from policydiff.errors import UsageError
from policydiff.watch.config import Source


def parse_shard(text: str) -> tuple[int, int]:
    """"2/4" -> (2, 4); K counts from 1."""
    try:
        k_s, n_s = text.split("/")
        k, n = int(k_s), int(n_s)
    except ValueError:
        raise UsageError(f"--shard takes K/N such as 1/4, not {text!r}") from None
    if not (n >= 1 and 1 <= k <= n):
        raise UsageError(f"--shard {text}: need 1 <= K <= N")
    return k, n


def shard_of(slug: str, n: int) -> int:
    """The shard (1..n) a slug belongs to: a stable hash, the same on every machine and run."""
    return int(hashlib.sha1(slug.encode("utf-8")).hexdigest(), 16) % n + 1


def select(
    sources: Sequence[Source],
    *,
    only: Sequence[str] = (),
    tags: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
) -> list[Source]:
    """Sources named by --only, carrying one of --tags, in shard K of N."""
    known = {s.slug for s in sources}
    missing = [s for s in only if s not in known]
    if missing:
        raise UsageError(f"--only: no source with slug {', '.join(map(repr, missing))}")
    known_tags = {t for s in sources for t in s.tags}
    unknown = [t for t in tags if t not in known_tags]
    if unknown:
        have = ", ".join(sorted(known_tags)) or "none"
        raise UsageError(f"--tags: no source has the tag {', '.join(map(repr, unknown))} (tags in use: {have})")
    out = []
    for s in sources:
        if only and s.slug not in only:
            continue
        if tags and not set(tags) & set(s.tags):
            continue
        if shard and shard_of(s.slug, shard[1]) != shard[0]:
            continue
        out.append(s)
    return out


def is_due(source: Source, state: SourceState | None, now: float) -> bool:
    """Due when never checked, or its interval has passed (a failing source is retried as often)."""
    return state is None or now - state.last_check >= source.interval - 1.0
