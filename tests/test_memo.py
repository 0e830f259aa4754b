"""One comparison reads once what both versions share (``text.memo``): a version read after the
other, in the same comparison, reads as it does alone; the memory ends with the comparison; and
the faster searches (taxonomy nodes, near paragraphs, loosened document keys) answer as the plain
ones do, on real policies.

The pairs are real versions (tests/data/corpus: see its SOURCE.md files) and seed 003 with a new
recipient (conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, policy_v1, policy_v2

from policydiff.compare import meaning, mentions, notice, sentences
from policydiff.compare.facts import Fact, extract
from policydiff.compare.parse import read_tree
from policydiff.compare.pipeline import compare
from policydiff.compare.similarity import LabelledKeys
from policydiff.lexicon import taxonomy as tx
from policydiff.model import PolicyTree, RawText
from policydiff.text import memo
from policydiff.text.normalize import to_document

CORPUS = DATA / "corpus"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


PAIRS = {
    "jianying": (_text(CORPUS / "bytedance-jianying" / "2020-12-16.txt"), _text(CORPUS / "bytedance-jianying" / "2022-08-10.txt")),
    "12306": (_text(CORPUS / "china-railway-12306" / "2022-04-11.txt"), _text(CORPUS / "china-railway-12306" / "2023-02-08.txt")),
    "seed003": (policy_v1(), policy_v2()),
}


def _document(text: str) -> list[tuple[str, str, list[int], int, int]]:
    return [(p.text, p.key, list(p.key_map), p.line_no, p.indent) for p in to_document(RawText(text, "v.txt")).paragraphs]


def _fact_values(facts: list[Fact]) -> list[tuple[object, ...]]:
    return [(f.kind, f.value, f.surface, f.sentence, f.section, f.polarity, f.modality, f.where.path if f.where else None,
             [(d.value, d.surface, d.modality) for d in f.data], [(r.value, r.surface) for r in f.recipients],
             [(p.value, p.surface) for p in f.purposes], sorted(f.details.items())) for f in facts]


def _facts(tree: PolicyTree) -> list[tuple[object, ...]]:
    return _fact_values(extract(tree))


def _doc(tree: PolicyTree) -> tuple[object, ...]:
    d = meaning.Doc.of(tree)
    return d.text, d.loose, sorted(d.data), sorted(d.rights), sorted(d.recipients), d.sentences, d.raw


def _mentions(tree: PolicyTree) -> list[tuple[object, ...]]:
    return [(m.kind, m.value, m.surface, m.sentence, m.section.path, m.stype, m.counts) for m in mentions.mentions(tree, set())]


def _said(tree: PolicyTree) -> tuple[object, ...]:
    """Mentions read exactly in every other section, elsewhere only those of two kinds (as classify asks)."""
    said, values = mentions.said_where(tree, set(), {id(s) for s in tree.sections[::2]}, frozenset({"address", "grant"}))
    return [(m.kind, m.value, m.surface, m.sentence, m.section.path, m.stype, m.counts) for m in said], sorted(values)


def _shape(tree: PolicyTree) -> list[tuple[object, ...]]:
    return [(s.label, s.style, s.number, s.heading, s.title, s.level, s.label_key, s.title_key, s.path,
             [p.line_no for p in s.paragraphs]) for s in tree.sections] + [(p.line_no,) for p in tree.toc]


def _sentences(tree: PolicyTree) -> list[tuple[object, ...]]:
    return [(s.text, s.key, s.loose, s.section.path, s.stype, s.index) for s in sentences.sentences_of(tree)]


def _notice(tree: PolicyTree) -> tuple[object, ...] | None:
    n = notice.find_notice(tree)
    return None if n is None else (n.text, n.where, n.line, n.heading, [i.text for i in n.items], [p.line_no for p in n.paragraphs])


READINGS = {"facts": _facts, "doc": _doc, "mentions": _mentions, "said": _said, "sentences": _sentences, "notice": _notice}


@pytest.mark.parametrize("name", PAIRS)
def test_a_version_read_after_the_other_reads_as_it_does_alone(name: str) -> None:
    old_text, new_text = PAIRS[name]
    with memo.one_comparison():
        alone_document = _document(new_text)
    with memo.one_comparison():
        _document(old_text)
        assert _document(new_text) == alone_document
    with memo.one_comparison():
        alone_tree = _shape(read_tree(RawText(new_text, "new.txt")))
    with memo.one_comparison():
        read_tree(RawText(old_text, "old.txt"))
        assert _shape(read_tree(RawText(new_text, "new.txt"))) == alone_tree
    old, new = read_tree(RawText(old_text, "old.txt")), read_tree(RawText(new_text, "new.txt"))
    for reading, read in READINGS.items():
        with memo.one_comparison():
            alone = read(new)
        with memo.one_comparison():
            read(old)
            assert read(new) == alone, reading
        assert read(new) == alone, reading  # and outside any comparison


@pytest.mark.parametrize("name", PAIRS)
def test_the_facts_of_one_version_are_its_own(name: str) -> None:
    old, new = (read_tree(RawText(text, "v.txt")) for text in PAIRS[name])
    with memo.one_comparison():
        old_facts = extract(old)
        before = _fact_values(old_facts)
        extract(new)  # the sections both print alike are not read again, and change nothing of the old
        assert _fact_values(old_facts) == before
        mine = {id(s) for s in old.sections}
        assert all(f.where is not None and id(f.where) in mine for f in old_facts)


def test_a_comparison_forgets_its_readings_and_a_nested_one_shares_them() -> None:
    calls: list[str] = []

    @memo.per_comparison
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    with memo.one_comparison():
        shout("a")
        with memo.one_comparison():  # classify inside compare: one scope
            shout("a")
        compare(RawText(policy_v1(), "old.txt"), RawText(policy_v2(), "new.txt"))
        shout("a")
    assert calls == ["a"]
    compare(RawText(policy_v1(), "old.txt"), RawText(policy_v2(), "new.txt"))
    assert memo._SCOPE.get() is None
    with memo.one_comparison():
        shout("a")
    assert calls == ["a", "a"]


def _nodes_pairwise(value: str, table: dict[str, tuple[str, ...]]) -> set[str]:
    """The definition of ``meaning.nodes``: a matched word inside another matched word does not count."""
    f = meaning.fold(value)
    hits = [(meaning.fold(w), node) for node, words in table.items() for w in words if meaning.fold(w) and meaning.fold(w) in f]
    return {node for w, node in hits if not any(w != v and w in v for v, _ in hits)}


@pytest.mark.parametrize("name", PAIRS)
def test_taxonomy_nodes_are_those_of_the_pairwise_definition(name: str) -> None:
    for text in PAIRS[name]:
        doc = meaning.Doc.of(read_tree(RawText(text, "v.txt")))
        for table in (tx.DATA_NODES, tx.RIGHT_NODES, tx.RECIPIENT_NODES, tx.PURPOSE_NODES):
            assert meaning.nodes(doc.text, table) == _nodes_pairwise(doc.text, table)
            for sentence in doc.raw[:200]:
                assert meaning.nodes(sentence, table) == _nodes_pairwise(sentence, table)


@pytest.mark.parametrize("name", PAIRS)
def test_near_paragraphs_are_the_same_read_or_indexed(name: str) -> None:
    tree = read_tree(RawText(PAIRS[name][1], "v.txt"))
    pairs = [(p.key, id(s)) for s in tree.sections for p in s.paragraphs]
    read, indexed = LabelledKeys(pairs), LabelledKeys(pairs)
    read.budget, indexed.budget = 10**12, 0
    for p in tree.document.paragraphs[:150]:
        for text in (p.key[:4], p.key[:12], p.key):
            assert read.labels_near(text, text) == indexed.labels_near(text, text)
    assert read.index is None and indexed.index is not None


@pytest.mark.parametrize("name", PAIRS)
def test_a_document_key_is_loosened_as_one_text(name: str) -> None:
    for text in PAIRS[name]:
        key = to_document(RawText(text, "v.txt")).key
        assert len(key) > 4096
        assert mentions.loosen(key) == mentions._loosen(key)


@pytest.mark.parametrize("name", PAIRS)
def test_a_body_paragraph_is_titled_by_its_own_key(name: str) -> None:
    """toc: a paragraph no heading label starts takes its key as its title key, as keyed afresh."""
    from policydiff.compare import toc

    for text in PAIRS[name]:
        paragraphs = to_document(RawText(text, "v.txt")).paragraphs
        for plain in (False, True):
            assert [toc._paragraph_title_key(p, plain) for p in paragraphs] == [toc._title_key(p.text, plain) for p in paragraphs]
            # find_toc reads the same keys from the candidates it already has
            cands = [toc.candidates(p.text, plain) for p in paragraphs]
            expected = {toc._paragraph_title_key(p, plain): k for k, p in enumerate(paragraphs)}
            assert toc._title_keys(paragraphs, cands) == expected


@pytest.mark.parametrize("name", PAIRS)
def test_a_version_is_loosened_as_one_text(name: str) -> None:
    """meaning.Doc.loose: the folded sentences loosened together are those loosened one by one."""
    for text in PAIRS[name]:
        doc = meaning.Doc.of(read_tree(RawText(text, "v.txt")))
        assert len(doc.sentences) > 50
        assert doc.loose == "|".join(mentions.loosen(f) for f in doc.sentences)


@pytest.mark.parametrize("name", PAIRS)
def test_one_pattern_passes_by_the_lines_no_heading_pattern_matches(name: str) -> None:
    """headings._any_label matches a line exactly where one of the patterns it joins does."""
    from policydiff.compare import headings
    from policydiff.lexicon import headings as patterns

    tried = [r for _, r in patterns.LABEL_STYLES] + [patterns.NUM_SPACE_HEADING, patterns.BOLD_HEADING,
                                                    patterns.BRACKET_HEADING, patterns.APPENDIX_HEADING]
    lines = [p.text.strip() for text in PAIRS[name] for p in to_document(RawText(text, "v.txt")).paragraphs]
    lines += ["**附录**", "【说明】", "12 个人信息", "a) 设备", "#### 标题", "①  一", "1.2.3 服务", "第3条 规则"]
    assert any(headings._any_label().match(line) for line in lines) and not all(headings._any_label().match(line) for line in lines)
    for line in lines:
        assert bool(headings._any_label().match(line)) == any(r.match(line) for r in tried), line


def test_a_line_no_heading_pattern_can_start_is_passed_by() -> None:
    """headings._FIRSTS: a pattern candidates tries matches only a line that starts with one of
    these characters or a decimal digit (checked on every code point, before a label's tail and
    alone), and the alternation's groups hold each style's number as the style's own pattern does."""
    from policydiff.compare import headings
    from policydiff.lexicon import headings as patterns

    tails = ["", "1.2 、一）章条*粗体** 】录：定义"]  # each pattern starts with one required character
    starts = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for first in starts:
        if first in headings._FIRSTS or first.isdecimal():
            continue
        for tail in tails:
            assert not headings._any_label().match(first + tail), repr(first + tail)
    lines = ["第3条 规则", "十二、总则", "（二）共享", "1.2.3 服务", "1.53 快服", "3、设备", "4. 日志", "(5) 位置",
             "6) 通讯录", "⑦ 相册", "b) 设备", "### 标题"]
    for line in lines:
        m = headings._any_label().match(line)
        k = int(m.lastgroup[1:])
        own = patterns.LABEL_STYLES[k][1].match(line)
        assert (m.group(headings._NUMBER_GROUP[k]), m.end(), m.end(headings._NUMBER_GROUP[k])) == (own.group(1), own.end(), own.end(1))


def test_a_plain_reading_keeps_the_other_readings() -> None:
    """headings.candidates(text, True) is the line's other readings, or the plain one when it has none."""
    from policydiff.compare.headings import candidates

    for text in ["一、总则", "我们如何使用您的信息", "- 我们如何使用您的信息", "我们会收集您的手机号码。", "1.2 服务", "**粗体**", ""]:
        plain, other = candidates.__wrapped__(text, True), candidates.__wrapped__(text, False)
        assert plain == other if other else [c.style for c in plain] in ([], ["plain"])
    assert [c.style for c in candidates.__wrapped__("我们如何使用您的信息", True)] == ["plain"]
    assert candidates.__wrapped__("- 我们如何使用您的信息", True) == []
