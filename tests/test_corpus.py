"""The real corpus (../shared/corpus/real): every file parses into a plausible tree, every
multi-version pair compares, and the same-version controls report no change.

Skipped cleanly when ../shared is not beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_CORPUS

from policydiff.compare import pipeline as compare_mod
from policydiff.model import PolicyTree
from policydiff.text.read import read_path

REAL = REAL_CORPUS
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not available")

FILES = sorted(REAL.rglob("*.txt")) if REAL.is_dir() else []
# Multi-version products: every folder directly under real/ except the _single_version and
# _controls_same_version groups; versions compare in name (date or vN) order.
PRODUCTS = sorted(p for p in REAL.iterdir() if p.is_dir() and not p.name.startswith("_")) if REAL.is_dir() else []
PAIRS = [(a, b) for d in PRODUCTS for a, b in zip(sorted(d.glob("*.txt")), sorted(d.glob("*.txt"))[1:], strict=False)]
CONTROLS = sorted((REAL / "_controls_same_version").iterdir()) if REAL.is_dir() else []
MAX_HEADING = 80


def _tree(path: Path) -> PolicyTree:
    return compare_mod.read_tree(read_path(path))


def _id(path: Path) -> str:
    return str(path.relative_to(REAL))


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_file_parses_into_plausible_tree(path: Path) -> None:
    tree = _tree(path)
    sections = tree.sections[1:]
    if len(tree.document.text) > 3000:
        assert len(tree.root.children) >= 3 or len(sections) >= 5
    for s in sections:
        assert 0 < len(s.heading) <= MAX_HEADING, s.heading
        assert s.parent is not None and s.level == s.parent.level + 1
    # document order: pre-order indexes follow the source lines
    lines = [s.head.line_no for s in sections if s.head is not None]
    assert lines == sorted(lines)
    # all section text together is the document's paragraphs minus the TOC
    seen = [id(p) for s in tree.sections for p in s.paragraphs]
    toc = {id(p) for p in tree.toc}
    assert seen == [id(p) for p in tree.document.paragraphs if id(p) not in toc]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: _id(p[0]) + "->" + p[1].name)
def test_versions_compare(pair: tuple[Path, Path]) -> None:
    old, new = pair
    result = compare_mod.compare(read_path(old), read_path(new))
    statuses = {p.status for p in result.pairs}
    assert statuses <= {"unchanged", "modified", "moved", "added", "removed"}
    assert result.changes  # real successive versions do differ
    olds = [p.old for p in result.pairs if p.old is not None]
    assert len(olds) <= len(result.old.sections)


@pytest.mark.parametrize("folder", CONTROLS, ids=lambda p: p.name)
def test_same_version_controls_report_no_change(folder: Path) -> None:
    old, new = sorted(folder.glob("*.txt"))
    result = compare_mod.compare(read_path(old), read_path(new))
    assert [p for p in result.pairs if p.status != "unchanged"] == []
    assert result.changes == []


@pytest.mark.parametrize(
    "name, minimum_top",
    [
        # unnumbered short heading lines (plain headings)
        ("_single_version/didi-hk-traditional/2018-12-12.txt", 9),
        ("_single_version/zhihu/2021-10-29.txt", 20),
        ("papergames-nikki/v1.txt", 15),
        # numbered 1.–13., sub-headings unnumbered (kept as body)
        ("_single_version/wechat-international-zh/2022-03-22.txt", 13),
    ],
)
def test_formerly_flat_files(name: str, minimum_top: int) -> None:
    tree = _tree(REAL / name)
    assert len(tree.root.children) >= minimum_top


def test_toc_running_into_body_keeps_first_heading() -> None:
    """uc-browser v1: TOC "1、…9、" is followed directly by the body's "一、…"."""
    tree = _tree(REAL / "uc-browser" / "v1.txt")
    assert len(tree.toc) == 9
    assert any(s.heading.startswith("一、我们如何收集和使用您的信息") for s in tree.sections)


def test_unprinted_parent_numbers() -> None:
    """xiaohongshu: 一 holds 1.1–1.5 then 2.1… with no "1." / "2." lines."""
    tree = _tree(REAL / "_single_version" / "xiaohongshu" / "2022-04-30.txt")
    first = tree.root.children[0]
    labels = [c.label for c in first.children]
    assert labels[:7] == ["1.1.", "1.2.", "1.3.", "1.4.", "1.5.", "2.1.", "2.2."]
