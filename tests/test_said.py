"""The values a version says, read on demand (``compare.said``), answer as the full set does;
a changed section's paragraph that stands in the other version loses no mention that counts.

On real policies (tests/data/real, tests/data/seeds: see their README/SOURCES files) every
(kind, value) the fully read set holds is found by a version whose paragraphs are all put off,
asked that one question alone — through a synonym or a variant spelling in a far section too —
and a question the full set answers no is answered no."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SEEDS, tree_of, version_pairs

from policydiff.compare import align, mentions
from policydiff.compare.mentions import loosen
from policydiff.compare.pipeline import changes_of
from policydiff.compare.said import SaidValues, lexicon_tables, may_say, words_saying
from policydiff.compare.sections import section_type
from policydiff.model import PolicyTree
from policydiff.text.memo import one_comparison
from policydiff.text.normalize import comparison_key

REAL = DATA / "real"
POLICIES = [REAL / "uc-browser" / "v2.txt", REAL / "psbc-postal-savings-bank" / "2022-06-22.txt",
            REAL / "cainiao" / sorted(p.name for p in (REAL / "cainiao").glob("*.txt"))[0],
            *sorted(SEEDS.glob("*.txt"))]
ELSEWHERE = frozenset({"address", "grant"})


def _put_off(tree: PolicyTree) -> SaidValues:
    """Every paragraph put off, read as ``said_where`` reads a paragraph outside its close sections."""
    said = SaidValues(lambda text, stype, precise: mentions._paragraph_values(text, stype, precise, ELSEWHERE)[0], words_saying)
    for section in tree.sections:
        for para in section.paragraphs:
            said.later(para.text, section_type(section))
    return said


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name + "/" + p.stem[:12])
def test_each_value_found_alone(path: Path) -> None:
    tree = tree_of(path)
    with one_comparison():
        _, full = mentions.said_where(tree, set(), set(), ELSEWHERE)  # nothing close: all values put off
        everything = set(full)
        assert everything, "a real policy says something"
        for value in sorted(everything):
            said = _put_off(tree)
            assert value in said, value
        # a concept a version never names is answered no, having read only the paragraphs that could
        for name, table in lexicon_tables().items():
            for concept in table:
                if name in ("data_type", "recipient") and (name, concept) not in everything:
                    said = _put_off(tree)
                    assert (name, concept) not in said
                    assert said.reads < len(said._pending)


def test_a_synonym_in_a_far_section_is_found() -> None:
    """The data type is named only by a listed variant (刷脸 for face) in the last paragraph."""
    words = words_saying("data_type", "face")
    assert words is not None and "刷脸" in words
    said = SaidValues(lambda text, stype, precise: mentions._paragraph_values(text, stype, precise, ELSEWHERE)[0], words_saying)
    for k in range(50):
        said.later(f"第{k}条 我们会按照法律规定保护您的权益。", "other")
    said.later("为了完成身份核验，我们会收集您的刷脸信息。", "collection")
    with one_comparison():
        assert ("data_type", "face") in said
        assert said.reads == 1  # only the paragraph holding one of its words
        assert ("data_type", "fingerprint") not in said


def test_kinds_without_a_word_test_read_everything() -> None:
    said = SaidValues(lambda text, stype, precise: frozenset(), words_saying)
    for k in range(3):
        said.later(f"段落{k}", "other")
    assert ("company", "某某有限公司") not in said and said.reads == 3


def test_may_say_the_kinds_read_everywhere() -> None:
    assert not may_say(ELSEWHERE, "我们会收集您的位置信息。", "collection")
    assert may_say(ELSEWHERE, "您有权查阅您的个人信息。", "rights")  # a grant is said in a rights section
    assert not may_say(ELSEWHERE, "（一）查阅", "rights") and not may_say(ELSEWHERE, "您有权查阅您的个人信息。", "contact")
    assert may_say(ELSEWHERE, "注册地址：北京市海淀区某某大厦", "contact")
    assert may_say(frozenset({"email"}), "无", "other")  # a kind with no test may be said anywhere


def test_no_concept_name_holds_the_use_mark() -> None:
    """A use is "data type>purpose": split at its one mark only while no concept name holds it."""
    assert not any(">" in concept for table in lexicon_tables().values() for concept in table)


PAIRS = version_pairs(DATA / "real")


def _read(ms: list[mentions.Mention], other: str) -> list[tuple[object, ...]]:
    """The mentions the classifier reads: the seats and grants, and those whose sentence does not stand in the other version."""
    return [(m.kind, m.value, m.surface, m.sentence, m.section.path, m.counts) for m in ms
            if m.kind in ELSEWHERE or loosen(comparison_key(m.sentence)) not in other]


@pytest.mark.parametrize("old_path,new_path", PAIRS, ids=[f"{a.parent.name}/{a.stem}" for a, _ in PAIRS])
def test_a_paragraph_standing_in_the_other_version_loses_no_mention_that_counts(old_path: Path, new_path: Path) -> None:
    """Read with the other version's key, a changed section keeps every mention the classifier
    reads (those whose sentence does not stand in the other version, and the seats and grants read
    everywhere), and its values answer as before."""
    with one_comparison():
        old, new = tree_of(old_path), tree_of(new_path)
        changes = changes_of(old, new, align.align(old, new))
        for tree, other_tree, side in ((old, new, "old"), (new, old, "new")):
            changed = {id(getattr(c.pair, side)) for c in changes if getattr(c.pair, side) is not None}
            other = loosen(other_tree.document.key)
            full, full_values = mentions.said_where(tree, set(), changed, ELSEWHERE)
            lean, lean_values = mentions.said_where(tree, set(), changed, ELSEWHERE, other)
            assert _read(lean, other) == _read(full, other)
            assert len(lean) <= len(full)
            asked = {(m.kind, m.value) for m in full} | {("data_type", c) for c in lexicon_tables()["data_type"]}
            assert {v for v in asked if v in lean_values} == {v for v in asked if v in full_values}


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.parent.name + "/" + p.stem[:12])
def test_seats_and_grants_are_read_wherever_they_are_said(path: Path) -> None:
    """``may_say`` passes by no paragraph that says a seat or a grant: the mentions of those kinds
    are those of every paragraph read in full."""
    tree = tree_of(path)
    with one_comparison():
        said, _ = mentions.said_where(tree, set(), set(), ELSEWHERE)
        every = [(kind, value, sentence) for s in tree.sections for p in s.paragraphs
                 for kind, value, _, sentence, _ in mentions._paragraph_values(p.text, section_type(s), False, None)[1]
                 if kind in ELSEWHERE]
    assert [(m.kind, m.value, m.sentence) for m in said] == every
    assert path.parent.name != "uc-browser" or any(kind == "grant" for kind, _, _ in every)


@pytest.mark.parametrize(("policy", "address"), [
    ("uc-browser/v2.txt", "广东省广州市海珠区鼎新路88号广州阿里中心南塔"),  # 【…】 round it, a tower after the number
    ("papergames-nikki/v2.txt", "上海市杨浦区新江湾城街道政高路38号创智国际广场"),
    ("_single_version/taobao/2022-04-02.txt", "杭州市余杭区文一西路969号4号楼"),
])
def test_an_address_is_read_whole_without_its_brackets(policy: str, address: str) -> None:
    said = [m.surface for m in mentions.mentions(tree_of(REAL / policy), set()) if m.kind == "address"]
    assert address in said and not any(s.startswith(("【", "[")) for s in said), said
