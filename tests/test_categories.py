"""The policy's own 重大变更 list, read by meaning and in the forms real policies print it."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS, raw, seed_path

from policydiff.compare import categories
from policydiff.compare.pipeline import read_tree
from policydiff.lexicon import categories as words
from policydiff.model import RawText
from policydiff.text.read import read_path

REAL = REAL_CORPUS
SIX = ["purpose_type_usage", "controller", "recipients", "rights", "contact", "risk_assessment"]


def keys_of(text: str) -> tuple[str, list[str]]:
    listed = categories.policy_categories(read_tree(RawText(text, "t")))
    return listed.source, [c.key for c in listed.categories]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("_single_version/baidu/2021-12-30.txt", SIX),  # items one per line, no markers
        ("_single_version/kuaishou-kuaiying/v1.txt", SIX),  # the same, after a long notice sentence
        ("bytedance-xingtu/2022-06-29.txt", SIX[:5]),  # a. b. c. markers
        ("cainiao/2022-06-17.txt", SIX[:5] + ["other_1"]),  # (一)(二) markers
        ("soul/v2.txt", SIX),  # 重大、实质性变更; the items are sibling sections of the intro
        ("_single_version/bilibili/2022-08-08.txt", SIX),  # dotted 2.1 2.2 items
        ("sina-weibo/2020-12-14.txt", SIX),  # the list item that swallowed the document is not the clause
    ],
)
def test_real_clause_forms(path: str, expected: list[str]) -> None:
    file = REAL / path
    if not file.exists():
        pytest.skip("../shared is not beside the project")
    listed = categories.policy_categories(read_tree(read_path(file)))
    assert listed.source == "policy"
    assert sorted(c.key for c in listed.categories) == sorted(expected)
    assert len(listed.skip) < 40  # the clause's own paragraphs (or a small section), never most of the policy


def test_inverted_list_with_the_word_change_words_of_alipay() -> None:
    file = REAL / "_single_version/alipay/2019-03-14.txt"
    if not file.exists():
        pytest.skip("../shared is not beside the project")
    listed = categories.policy_categories(read_tree(read_path(file)))
    keys = [c.key for c in listed.categories]
    assert keys[:3] == ["controller", "purpose_type_usage", "recipients"] and "contact" in keys and "rights" in keys


def test_markdown_escaped_numbering_is_read() -> None:
    text = ("隐私政策\n一、本政策如何更新\n本政策所指的重大变更包括但不限于：\n"
            "1\\. 我们的业务模式发生重大变化；\n2\\. 我们的控制权发生变化；\n3\\. 个人信息共享的主要对象发生变化；\n"
            "二、如何联系我们\n请发送邮件至 privacy@example.com。\n")
    source, keys = keys_of(text)
    assert source == "policy" and keys == ["purpose_type_usage", "controller", "recipients"]


def test_near_synonyms_map_by_meaning() -> None:
    assert categories.map_item("我们的经营范围发生重大变化") == "purpose_type_usage"
    assert categories.map_item("兼并、收购引起的变化") == "controller"
    assert categories.map_item("外部纠纷解决机构发生变化") == "contact"


def test_a_one_item_clause_inline_in_brackets() -> None:
    text = ("隐私政策\n一、更新\n当本政策发生重大变更（指处理个人信息的目的、处理方式发生变化）时，我们会以弹窗方式通知您。\n"
            "二、联系我们\n电话：010-12345678。\n")
    source, keys = keys_of(text)
    assert source == "policy" and keys == ["purpose_type_usage"]


def test_no_list_is_said() -> None:
    listed = categories.policy_categories(read_tree(raw(seed_path("004"))))
    assert listed.source == "default" and "no_policy_list" in listed.warnings


def test_a_list_too_long_to_be_a_clause_is_refused() -> None:
    items = "".join(f"{i}. 第{i}项内容发生变化；\n" for i in range(1, 20))
    text = "隐私政策\n一、更新\n本政策所指的重大变更包括：\n" + items + "二、联系我们\n电话：010-12345678。\n"
    listed = categories.policy_categories(read_tree(RawText(text, "t")))
    assert listed.source == "default" and any(w.startswith("clause_refused") for w in listed.warnings)


def test_seed_lists_are_unchanged_by_document_order_reading() -> None:
    for prefix, n in (("000", 6), ("001", 6), ("002", 4), ("003", 6)):
        listed = categories.policy_categories(read_tree(raw(seed_path(prefix))))
        assert listed.source == "policy" and len(listed.categories) == n, prefix




def test_no_form_of_the_clause_is_found_without_its_mark_on_the_seeds():
    """policy_categories passes a paragraph without lexicon.categories.CLAUSE_MARK unsearched:
    every form of the clause on the seeds stops matching once the mark is gone."""
    forms = (words.CLAUSE_INTRO, words.CLAUSE_INLINE, words.CLAUSE_SENTENCE)
    found = 0
    for prefix in ("000", "001", "002", "003", "004"):
        for para in read_tree(raw(seed_path(prefix))).document.paragraphs:
            if any(f.search(para.text) for f in forms):
                found += 1
                unmarked = para.text.replace(words.CLAUSE_MARK, "□")
                assert not any(f.search(unmarked) for f in forms), para.text[:60]
    assert found >= 3  # the clause of seeds 000, 001, 002 and 003 (at least) is read


def test_a_one_line_list_ends_where_a_marker_of_another_shape_starts_the_next_point() -> None:
    # lilith v2 (PDF text): "2. 重大变更包括但不限于： 1） …； … 3） …。 3. 您可以通过…访问本隐私协议": the
    # "3." is the section's next point, not a case of the list
    text = ("隐私政策\n六、本政策的更新\n1. 我们可能更新本政策。\n2. 重大变更包括但不限于： 1） 我们的服务模式发生重大变化；"
            " 2） 我们在所有权结构方面发生重大变化； 3） 个人信息共享、转让或公开披露的主要对象发生变化。"
            " 3. 您可以通过产品相关功能页面访问本政策之内容，若您对访问功能有任何疑问请联系我们。\n"
            "七、如何联系我们\n请发送邮件至 privacy@example.com。\n")
    source, keys = keys_of(text)
    assert source == "policy" and keys == ["purpose_type_usage", "controller", "recipients"]
