"""A sync killed between moving main and moving a policy's ref poisons nothing.

A sync that grafts this runner's versions onto the remote's moves main and the grafted policies'
refs (``refs/policies/<slug>``) one rename after another. Killed between them, main names the
grafted commit while the policy's ref still names the commit it was grafted from, whose
versions.json is byte for byte the grafted one's. The next version recorded must still name
its predecessor by a commit main's history holds, and the next sync must push (seen once in
``test_sync_kills``: 「version 7 would not be readable from the remote; nothing was pushed」).

Real git, a real bare remote in a temp dir; the kill is the rename of the policy's ref failing.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from archive_helpers import seed_text

from policydiff.archive import moving_refs, remote
from policydiff.archive.layout import POLICY_REFS
from policydiff.archive.versions import Archive


class Killed(BaseException):
    """The process dies here (nothing after it runs, no ``except Exception`` catches it)."""


def _record(archive: Archive, slug: str, n: int) -> None:
    text = seed_text("000") + f"\n第{n}次修订：我们会与第{n}家合作方共享您的设备信息。\n"
    assert archive.snapshot(slug, text.encode("utf-8"), source=f"{slug}.txt", max_shrink=None).recorded


def test_a_sync_killed_between_main_and_a_policy_ref_leaves_every_version_readable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(bare)], check=True)
    a, b = Archive.init(tmp_path / "a" / "archive"), Archive.init(tmp_path / "b" / "archive")
    for archive in (a, b):
        remote.add_remote(archive, "origin", str(bare))
    _record(a, "own-a", 1)
    remote.sync(a)
    _record(b, "own-b", 2)
    remote.sync(b)  # the remote moves: a's next version is grafted onto b's commit
    _record(a, "own-a", 3)
    ref = str(a.store.git_dir / (POLICY_REFS + "own-a"))
    real_replace = os.replace

    def dies_at_the_policy_ref(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst) == ref:
            raise Killed
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dies_at_the_policy_ref)
    with pytest.raises(Killed):
        remote.sync(a)
    monkeypatch.setattr(os, "replace", real_replace)
    assert moving_refs.named(a.store.git_dir) == {"own-a"}  # the journal a killed sync leaves

    again = Archive.open(tmp_path / "a" / "archive")  # the next run: a new process
    _record(again, "own-a", 4)
    remote.sync(again)  # no "would not be readable": it pushes
    assert moving_refs.named(again.store.git_dir) == frozenset()  # settled
    assert again.store.read_ref(POLICY_REFS + "own-a") == again.versions("own-a")[-1].commit

    fresh = Archive.init(tmp_path / "fresh" / "archive")
    remote.add_remote(fresh, "origin", str(bare))
    remote.sync(fresh)
    assert [v.index for v in fresh.versions("own-a")] == [1, 2, 3]
    for version in fresh.versions("own-a"):
        assert fresh.text(version) is not None
