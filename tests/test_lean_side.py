"""A changed section's sentences that stand in the other version are not read for facts
(``factdiff.Side(…, other)``, ``facts.extract(passed=…)``), and the judgment loses nothing.

On every consecutive pair of real versions (tests/data/real: see its README.md and SOURCES.md),
both ways, the items of the changed sections whose sentence does not stand in the other version,
and the quiet sentences among those, are the same as when every sentence is read; some sentences
are passed by. A list's opener that stands in both versions still opens the list for a new item."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, version_pairs

from policydiff.compare import align, factdiff
from policydiff.compare.mentions import loosen
from policydiff.compare.parse import read_tree
from policydiff.compare.pipeline import changes_of
from policydiff.model import PolicyTree, RawText
from policydiff.text.memo import one_comparison
from policydiff.text.normalize import comparison_key

PAIRS = version_pairs(DATA / "real")


def _tree(path: Path) -> PolicyTree:
    return read_tree(RawText(path.read_text(encoding="utf-8"), path.name))


def _news(side: factdiff.Side, other: str) -> list[tuple[object, ...]]:
    return [(i.kind, i.value, i.fact.sentence, i.news, i.stype) for i in side.changed
            if loosen(comparison_key(i.fact.sentence)) not in other]


def _quiet(side: factdiff.Side, other: str) -> set[str]:
    return {k for k in factdiff.quiet_sentences(side.changed_facts) if loosen(k) not in other}


@pytest.mark.parametrize("old_path,new_path", PAIRS, ids=[f"{a.parent.name}/{a.stem}" for a, _ in PAIRS])
def test_sentences_in_the_other_version_are_no_news(old_path: Path, new_path: Path) -> None:
    with one_comparison():
        old, new = _tree(old_path), _tree(new_path)
        changes = [c for c in changes_of(old, new, align.align(old, new)) if not c.relocated]
        sides = ((old, new, {id(c.pair.old) for c in changes if c.pair.old is not None}),
                 (new, old, {id(c.pair.new) for c in changes if c.pair.new is not None}))
        for tree, other_tree, changed in sides:
            other = loosen(other_tree.document.key)
            full, lean = factdiff.Side(tree, set(), changed), factdiff.Side(tree, set(), changed, other)
            assert _news(lean, other) == _news(full, other)
            assert _quiet(lean, other) == _quiet(full, other)
            assert len(lean.changed_facts) <= len(full.changed_facts)


def test_some_sentences_are_passed_by() -> None:
    passed = 0
    with one_comparison():
        for old_path, new_path in PAIRS:
            old, new = _tree(old_path), _tree(new_path)
            changed = {id(c.pair.new) for c in changes_of(old, new, align.align(old, new)) if c.pair.new is not None}
            other = loosen(old.document.key)
            passed += len(factdiff.Side(new, set(), changed).changed_facts) - len(factdiff.Side(new, set(), changed, other).changed_facts)
    assert passed > 0


def test_an_opener_in_both_versions_still_opens_the_list() -> None:
    old = read_tree(RawText("隐私政策\n一、我们收集的信息\n我们会收集以下信息：\n1. 手机号码；\n", "old"))
    new = read_tree(RawText("隐私政策\n一、我们收集的信息\n我们会收集以下信息：\n1. 手机号码；\n2. 通讯录。\n", "new"))
    with one_comparison():
        changed = {id(c.pair.new) for c in changes_of(old, new, align.align(old, new)) if c.pair.new is not None}
        lean = factdiff.Side(new, set(), changed, loosen(old.document.key))
        assert [i.value for i in lean.changed if i.kind == "collect"] == ["通讯录"]
