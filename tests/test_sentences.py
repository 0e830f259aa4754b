"""Sentence alignment over the whole document (compare.sentences) on real versions and on
sentences of our own."""

from __future__ import annotations

from conftest import DATA, tree_of

from policydiff.compare.parse import read_tree
from policydiff.compare.sentences import SentencePair, align_sentences, sentences_of
from policydiff.model import RawText

RAIL = DATA / "corpus" / "china-railway-12306"


def _tree(text: str):
    return read_tree(RawText(text, "t"))


def test_a_reworded_sentence_is_paired_with_its_old_wording_on_a_real_pair():
    old, new = tree_of(RAIL / "2022-04-11.txt"), tree_of(RAIL / "2023-02-08.txt")
    a = align_sentences(sentences_of(old), sentences_of(new))
    pair = next(p for p in a.changed if "与银行及第三方支付机构共享" in p.new.text)
    assert "与第三方支付机构共享" in pair.old.text and "银行" not in pair.old.text


def test_every_sentence_is_paired_at_most_once_and_accounted_for():
    old, new = tree_of(RAIL / "2022-04-11.txt"), tree_of(RAIL / "2023-02-08.txt")
    olds, news = sentences_of(old), sentences_of(new)
    a = align_sentences(olds, news)
    paired_old = [id(p.old) for p in a.pairs]
    paired_new = [id(p.new) for p in a.pairs]
    assert len(set(paired_old)) == len(paired_old) and len(set(paired_new)) == len(paired_new)
    assert len(paired_old) + len(a.old_only) == len(olds)
    assert len(paired_new) + len(a.new_only) == len(news)


def test_the_same_version_twice_pairs_every_sentence_unchanged():
    tree = tree_of(RAIL / "2023-02-08.txt")
    a = align_sentences(sentences_of(tree), sentences_of(tree_of(RAIL / "2023-02-08.txt")))
    assert a.changed == [] and a.old_only == [] and a.new_only == []


def test_a_sentence_moved_to_another_section_is_the_same_sentence():
    old = _tree("一、收集\n我们会收集您的手机号码。我们会与物流公司共享您的收货地址。\n二、共享\n我们不会出售您的信息。\n")
    new = _tree("一、收集\n我们会收集您的手机号码。\n二、共享\n我们不会出售您的信息。我们会与物流公司共享您的收货地址。\n")
    a = align_sentences(sentences_of(old), sentences_of(new))
    assert a.changed == [] and a.old_only == [] and a.new_only == []
    moved = next(p for p in a.pairs if "物流公司" in p.old.text)
    assert moved.old.section.label != moved.new.section.label


def test_unrelated_sentences_are_not_paired():
    old = _tree("一、权利\n您有权要求我们作出解释，我们也将提供适当的救济方式。\n")
    new = _tree("一、权利\n我们会在十五个工作日内答复您的请求并告知处理结果。\n")
    a = align_sentences(sentences_of(old), sentences_of(new))
    assert a.pairs == [] and len(a.old_only) == 1 and len(a.new_only) == 1


def test_pronoun_and_auxiliary_changes_pair_as_equal():
    old = _tree("一、权利\n您可以通过设置页面查阅您的个人信息。\n")
    new = _tree("一、权利\n你可以通过设置页面查阅你的个人信息。\n")
    a = align_sentences(sentences_of(old), sentences_of(new))
    assert len(a.pairs) == 1 and not a.pairs[0].changed


def test_the_changed_pairs_are_each_callers_own_list_and_follow_the_pairs():
    old = _tree("一、共享\n我们会与第三方支付机构共享您的订单信息。您可以联系我们。\n")
    new = _tree("一、共享\n我们会与银行及第三方支付机构共享您的订单信息。您可以联系我们。\n")
    a = align_sentences(sentences_of(old), sentences_of(new))
    first = a.changed
    assert [p.new.text for p in first] == ["我们会与银行及第三方支付机构共享您的订单信息。"]
    first.clear()  # a caller's own list: the alignment does not change
    assert len(a.changed) == 1
    same = next(p for p in a.pairs if not p.changed)
    a.pairs.append(SentencePair(same.old, a.changed[0].new, 0.7))
    assert len(a.changed) == 2  # a pair added later is read
