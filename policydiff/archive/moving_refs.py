"""A journal of the policy refs a sync is moving, so that a sync killed halfway poisons nothing.

``refs/policies/<slug>`` caches the commit that recorded a policy's newest version; a reader trusts
it when its versions.json is the tip's (``Archive._head_commit``). A sync that grafts this
runner's commits onto the remote's (``remote_replay.replay``) moves main and those refs in one
``update_refs``, each renamed into place in turn: killed between the renames, main names the
grafted commits while a policy's ref still names the commit it was grafted from, whose
versions.json is byte for byte the grafted one's. A reader would trust that ref, and the next
version of the policy would name, as its predecessor, a commit main's history no longer holds:
readable nowhere once pushed (``remote_replay.check_readable`` refuses the push).

So a sync writes the slugs it is about to move here (synced) before it moves them, and removes
the file once their refs are on disk (synced too). While the file names a policy, its ref is not
trusted: history answers (and fixes the ref). The next sync settles what a killed one left.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with moving(folder, ["a"]):
...     distrusted(folder, "a"), distrusted(folder, "b")
(True, False)
>>> distrusted(folder, "a")
False
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from policydiff.fsutil import atomic_write_text, sync_paths

JOURNAL = "policydiff-moving-refs"  # in versions.git, beside the refs it speaks for
ALL = "*"  # a journal that cannot be read distrusts every policy's ref


@contextmanager
def moving(git_dir: Path, slugs: Iterable[str]) -> Iterator[None]:
    """The refs of ``slugs`` may move inside: journaled before, cleared after (not when killed)."""
    names = sorted(set(slugs))
    if not names:
        yield
        return
    journal = git_dir / JOURNAL
    atomic_write_text(journal, json.dumps(names) + "\n", sync=False)
    sync_paths([journal])  # the file and its name in the folder: on disk before any ref moves
    yield
    clear(git_dir)


def named(git_dir: Path) -> frozenset[str]:
    """The policies the journal names (``ALL`` when it is damaged); empty when there is none."""
    try:
        data = (git_dir / JOURNAL).read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    except OSError:
        return frozenset({ALL})
    try:
        slugs = json.loads(data)
        if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
            raise ValueError
    except ValueError:
        return frozenset({ALL})
    return frozenset(slugs)


def distrusted(git_dir: Path, slug: str) -> bool:
    """Whether a sync may have left ``refs/policies/<slug>`` behind main (one failed open when not)."""
    names = named(git_dir)
    return slug in names or ALL in names


def clear(git_dir: Path) -> None:
    """Forget the journal (its refs are settled)."""
    try:
        os.unlink(git_dir / JOURNAL)
    except FileNotFoundError:
        pass
