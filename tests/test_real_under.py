"""The one rule of what a path source may read (``fsutil.real_under``): its real path under the
real path of the sources' root, the root resolved once while it is the same folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydiff.fsutil import real_path, real_under


def test_inside_outside_and_a_sibling_with_the_same_prefix(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # a temp folder behind a link (macOS /var): compared by real path
    root = tmp_path / "files"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "files-other").mkdir()
    assert real_under(root / "sub" / "a.txt", root) == (str(root / "sub" / "a.txt"), None)
    assert real_under(root, root) == (str(root), None)
    # "…/files-other" starts with "…/files" but is not under it
    assert real_under(tmp_path / "files-other" / "a.txt", root)[1] == str(root)
    assert real_under(root / ".." / "secret.env", root)[1] == str(root)


def test_a_root_swapped_for_a_link_elsewhere_is_resolved_again(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # a temp folder behind a link (macOS /var): compared by real path
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    root = tmp_path / "root"
    root.symlink_to(first)
    assert real_under(first / "a.txt", root)[1] is None  # remembered: root is first
    root.unlink()
    root.symlink_to(second)  # another folder under the same name (another inode)
    assert real_under(first / "a.txt", root)[1] == str(second)
    assert real_under(second / "a.txt", root)[1] is None


def test_a_file_that_links_out_of_the_root_is_outside(tmp_path: Path) -> None:
    tmp_path = tmp_path.resolve()  # a temp folder behind a link (macOS /var): compared by real path
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "secret.env").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "secret.env", root / "policy.txt")
    real, outside = real_under(root / "policy.txt", root)
    assert real == str(tmp_path / "secret.env") and outside == str(root)


def test_real_path_is_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = tmp_path.resolve()
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "via").symlink_to(tmp_path / "a" / "b")
    (tmp_path / "a" / "link.txt").symlink_to(tmp_path / "a" / "b" / "f.txt")
    cases = [tmp_path / "via" / "f.txt", tmp_path / "a" / "link.txt", tmp_path / "a" / "b" / ".." / "b" / "f.txt",
             tmp_path / "via" / "missing.txt", tmp_path / "via" / "..", tmp_path / "nowhere" / "x.txt"]
    for case in cases:
        assert real_path(case) == os.path.realpath(case), case
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert real_path("f.txt") == os.path.realpath("f.txt") == str(tmp_path / "a" / "b" / "f.txt")
    monkeypatch.chdir(tmp_path / "a")
    assert real_path("link.txt") == str(tmp_path / "a" / "b" / "f.txt")
