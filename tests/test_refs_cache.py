"""packed-refs parsed once while it is the same file (``gitrefs.Refs.read_ref(cached=True)``),
and always read afresh for a compare-and-swap."""

from __future__ import annotations

import subprocess
from pathlib import Path

from policydiff.archive.gitrefs import Refs


def _bare(tmp_path: Path) -> Path:
    git_dir = tmp_path / "r.git"
    subprocess.run(["git", "init", "-q", "--bare", str(git_dir)], check=True)
    return git_dir


def test_a_rewritten_packed_refs_is_read_again(tmp_path: Path) -> None:
    refs = Refs(_bare(tmp_path))
    a, b = "a" * 40, "b" * 40
    assert refs.update_packed_refs({"refs/policies/p1": a, "refs/policies/p2": a})
    assert refs.read_ref("refs/policies/p1", cached=True) == a
    assert refs.update_packed_refs({"refs/policies/p1": b})  # same size, a new file (rename)
    assert refs.read_ref("refs/policies/p1", cached=True) == b
    assert refs.read_ref("refs/policies/p2", cached=True) == a
    assert refs.read_ref("refs/policies/p3", cached=True) is None


def test_a_loose_ref_shadows_the_packed_one_cached_or_not(tmp_path: Path) -> None:
    git_dir = _bare(tmp_path)
    refs = Refs(git_dir)
    assert refs.update_packed_refs({"refs/policies/p1": "a" * 40})
    assert refs.read_ref("refs/policies/p1", cached=True) == "a" * 40
    (git_dir / "refs" / "policies").mkdir(parents=True)
    (git_dir / "refs" / "policies" / "p1").write_text("c" * 40 + "\n", encoding="ascii")
    assert refs.read_ref("refs/policies/p1", cached=True) == refs.read_ref("refs/policies/p1") == "c" * 40


def test_a_packed_refs_edited_in_place_is_seen_by_an_uncached_read(tmp_path: Path) -> None:
    git_dir = _bare(tmp_path)
    refs = Refs(git_dir)
    (git_dir / "packed-refs").write_text(f"{'a' * 40} refs/policies/p1\n", encoding="ascii")
    assert refs.read_ref("refs/policies/p1", cached=True) == "a" * 40
    with open(git_dir / "packed-refs", "r+", encoding="ascii") as fh:  # same inode, same size
        fh.write("d" * 40)
    assert refs.read_ref("refs/policies/p1") == "d" * 40
