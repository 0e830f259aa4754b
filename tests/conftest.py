"""Shared helpers: real inputs from tests/data (seeds, eval cases) and, when present, ../shared."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from policydiff.compare import pipeline as compare_mod
from policydiff.model import PolicyTree, RawText

DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
CASES = DATA / "cases"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# The real policies: ../shared/corpus/real when it is beside the project, else the copy in
# tests/data/real (see its README.md): a fresh clone runs every test that reads them.
REAL_CORPUS = SHARED / "corpus" / "real" if (SHARED / "corpus" / "real").is_dir() else DATA / "real"


# A policy's versions in a corpus folder: dated (2022-04-11.txt) or numbered in order (v1.txt).
DATED = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|v\d+)\.txt$")


def version_pairs(root: Path) -> list[tuple[Path, Path]]:
    """Each policy's consecutive versions under ``root`` (folders starting with _ left out)."""
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("_")):
        versions = sorted(p for p in folder.iterdir() if DATED.match(p.name))
        out += list(zip(versions, versions[1:], strict=False))
    return out


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000", "001", …)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


# A material edit of a real seed (003, 客户通): a new recipient in its sharing section.
SHARING_ANCHOR = "（一）共享\n"
NEW_RECIPIENT = "我们会向北京数据智能科技有限公司提供你的手机号码、设备信息和订单信息，用于营销数据分析。"


def policy_v1() -> str:
    """Seed 003 as published."""
    return seed_path("003").read_text(encoding="utf-8")


def policy_v2() -> str:
    """Seed 003 with a new recipient (a material change under its own list)."""
    text = policy_v1()
    assert SHARING_ANCHOR in text
    return text.replace(SHARING_ANCHOR, SHARING_ANCHOR + "\n" + NEW_RECIPIENT + "\n", 1)


def raw(path: Path) -> RawText:
    return RawText(path.read_text(encoding="utf-8"), str(path))


def tree_of(path: Path) -> PolicyTree:
    return compare_mod.read_tree(raw(path))


def case(name: str) -> tuple[RawText, RawText, dict]:
    """(old, new, expected) of one eval case copied into tests/data/cases."""
    folder = CASES / name
    return raw(folder / "old.txt"), raw(folder / "new.txt"), json.loads((folder / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def seed_trees() -> dict[str, PolicyTree]:
    return {p: tree_of(seed_path(p)) for p in ("000", "001", "002", "003", "004")}

# The console script of the Python running the tests (the venv's own, not whatever is first on PATH).
POLICYDIFF = str(Path(sys.executable).parent / "policydiff")
