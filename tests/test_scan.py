"""Sections passed by without reading, for a recipient (``compare.facts.scan``), hide no match.

On real policies (tests/data/real and tests/data/seeds: see their README/SOURCES files), for each
recipient a version states and for spellings near it (a character dropped at either end, one
changed, a word added, a piece of it), the share items ``same_value`` matches are the same —
same values, same sentences, same order — whether ``Side.items_near`` reads every near section or
only those ``scan.may_name`` lets through; and some near sections are passed by."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEEDS, tree_of

from policydiff.compare import factdiff
from policydiff.compare.facts import scan
from policydiff.model import PolicyTree
from policydiff.text.memo import one_comparison

REAL = DATA / "real"
POLICIES = [REAL / "uc-browser" / "v1.txt", REAL / "psbc-postal-savings-bank" / "2020-11-25.txt",
            REAL / "china-railway-12306" / sorted(p.name for p in (REAL / "china-railway-12306").glob("*.txt"))[0],
            *sorted(SEEDS.glob("*.txt"))]


def _variants(value: str) -> list[str]:
    """The value and spellings a rewording gives (a shorter, a longer, a changed one)."""
    out = [value, value[1:], value[:-1], value + "等", "第三方" + value, value[: len(value) // 2 + 1]]
    out += [value[:k] + "甲" + value[k + 1 :] for k in range(0, len(value), 3)]
    return [v for v in dict.fromkeys(out) if len(v) >= 2]


def _matches(tree: PolicyTree, value: str, scanned: bool) -> list[tuple[str, str, str]]:
    side = factdiff.Side(tree, set(), set())
    near = side.items_near(value, recipient=value if scanned else "")
    return [(o.value, o.fact.sentence, o.stype) for o in near if o.kind == "share" and factdiff.same_value(o.value, value)]


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name + "/" + p.stem[:12])
def test_the_same_recipients_are_matched(path: Path) -> None:
    tree = tree_of(path)
    with one_comparison():
        values = sorted({i.value for i in factdiff.Side(tree, set(), set()).items if i.kind == "share"})
        assert values, "a real policy names recipients"
        passed = 0
        for value in values:
            for probe in _variants(value):
                assert _matches(tree, probe, True) == _matches(tree, probe, False), probe
                side = factdiff.Side(tree, set(), set())
                near = side._sections_near(probe)
                passed += sum(not scan.may_name(s, set(), probe, factdiff.SIMILAR) for s in tree.sections if id(s) in near)
        assert passed, "some near sections cannot name the recipient"


def test_a_recipient_spelled_differently_in_a_far_section_is_read() -> None:
    """Dice ≥ SIMILAR without a common piece of four characters: the section is read."""
    from policydiff.compare.parse import read_tree
    from policydiff.model import RawText

    text = "一、收集\n我们会收集您的手机号码。\n" + "".join(f"{k}、其他\n本条说明第三方服务的一般规则。\n" for k in "二三四五六") \
        + "七、共享\n我们会与第三方广告服务商共享您的设备信息。\n"
    tree = read_tree(RawText(text, "t"))
    value = "第三方广告服务公司"  # bigram Dice 0.8 with 第三方广告服务商
    with one_comparison():
        assert _matches(tree, value, True) == _matches(tree, value, False) != []
    assert not scan.may_name(tree.sections[1], set(), value, factdiff.SIMILAR)
