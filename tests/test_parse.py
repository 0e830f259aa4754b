"""Section trees of the five seeds, pinned by hand, and each trap of seeds/README.md.

How the section counts were made (by hand, reading each file, not the parser's output):
every line of the body (after the table of contents) that a careful reader takes for a
heading or a numbered clause counts once: chapter/part lines (第一部分), 一、, （一）/(一),
1、/1./1), 1.1, 1.1.1, （1）/(1), bracketed titles (【引言】) and 附录. Lines that merely
start with a digit inside a sentence (14周岁以下…, 53 快服…) do not count; the TOC does not
count. The figures were cross-checked with a grep of numbered line starts over the body.
"""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS, tree_of

from policydiff.model import Paragraph, PolicyTree, Section

# Top-level headings, as printed in the body (checked against each file).
TOP = {
    "000": [
        "1.适用范围",
        "2.我们如何收集、使用您的个人信息",
        "3.我们如何使用 Cookie和同类技术",
        "4.我们如何共享、转让、公开披露您的信息",
        "5.我们如何保护和保存您的信息",
        "6.我们如何存储您的信息和全球传输",
        "7.管理、查阅、复制、更正或删除您的信息",
        "8.未成年人信息的保护",
        "9.本隐私政策如何更新",
        "10.投诉及建议",
    ],
    "001": [
        "引言",
        "一、适用范围",
        "二、信息收集及使用",
        "三、对外提供信息",
        "四、您的权利",
        "五、信息的存储",
        "六、政策的更新",
        "七、未成年人保护",
        "八、联系我们",
        "附录：相关定义",
    ],
    "002": [
        "特别提示",
        "一、我们如何收集和使用您的个人信息",
        "二、我们如何存储和保护您的个人信息",
        "三、我们如何提供、转移、公开您的个人信息",
        "四、您如何查阅及管理您的个人信息",
        "五、未成年人的个人信息保护",
        "六、本隐私政策如何更新",
        "七、如何联系我们",
    ],
    "003": ["第一部分定义", "第二部分 隐私政策"],
    "004": [
        "一、定义",
        "二、用户权利义务",
        "三、53 快服责任",
        "四、隐私政策",
        "五、知识产权",
        "六、其他",
        "七、法律适用与管辖",
        "八、与我们联系",
    ],
}

# Sections below the preamble, counted by hand:
# 000: 10 top + 2.1–2.11 (11) + 2.2.1–2.11.2 (24) + 4.1–4.3, 5.1–5.4, 6.1–6.3, 7.1–7.8, 9.1–9.2,
#      10.1–10.2 (22) + 7.2.1–7.4.2 (7) + list items （1）… (46) = 120.
# 001: 【引言】 (line 7) + every line after the TOC (line 35) that opens with 一、–八、, （一）…,
#      1、/1. or 附录 — `awk 'NR>35' | grep -cE '^(（[一-十]+）|[0-9]+、|[0-9]+\.[^0-9]|[一-八]、|附录)'`
#      gives 81, each read by hand as a heading or numbered clause: 10 top, 33 second level
#      (二 1、2、（一）–（十）; 三（一）–（四）; 四（一）–（六）; 五（一）–（三）; 六 1、–6、; 八 1、2、), 39 third.
# 002: 【特别提示】 + 7 top + 一 1、–5、 + 二（一）（二） + 1、–3、 + 三（一）–(四) + 1.–5. = 27.
# 003: every line after the TOC (line 21) that opens with 第X部分, 一、, （一）/(一), 1., 1) or (1)
#      (a leading "- " allowed) — 97 by `awk 'NR>21' | grep -cE` — each read by hand: 2 parts,
#      4 definitions, 6 body 一、–七、 (no 四), 18 （一）/(一), 59 "1." items, 2 "1)", 6 "(1)".
# 004: 8 top + 一 3 + 二 3+3 + 三 5+6 + 四（一）–（七） 7 + （一） 1.2. 2 + 1.1–1.4 (5, 1.3 twice)
#      + 1.2.1–1.2.6, 1.3.1–1.3.6 (12) + 2.1–2.5 (5) + （二） 3 + （三） 4 + 2+2+2+7 + 五 2 + 六 4
#      + 七 2 = 90.
COUNTS = {"000": 120, "001": 82, "002": 27, "003": 97, "004": 90}


def sections(tree: PolicyTree) -> list[Section]:
    return tree.sections[1:]


def by_heading(tree: PolicyTree, start: str) -> list[Section]:
    return [s for s in sections(tree) if s.heading.startswith(start)]


@pytest.mark.parametrize("seed", sorted(TOP))
def test_top_level_headings(seed_trees: dict[str, PolicyTree], seed: str) -> None:
    assert [s.heading for s in seed_trees[seed].root.children] == TOP[seed]


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_section_count(seed_trees: dict[str, PolicyTree], seed: str) -> None:
    assert len(sections(seed_trees[seed])) == COUNTS[seed]


@pytest.mark.parametrize("seed", sorted(COUNTS))
def test_text_is_conserved_in_order(seed_trees: dict[str, PolicyTree], seed: str) -> None:
    """Every paragraph outside the TOC belongs to exactly one section, in document order."""
    tree = seed_trees[seed]
    seen = [p for s in tree.sections for p in s.paragraphs]
    toc = {id(p) for p in tree.toc}
    expected = [p for p in tree.document.paragraphs if id(p) not in toc]
    assert [id(p) for p in seen] == [id(p) for p in expected]


# -- 000 ----------------------------------------------------------------------------------


def test_000_toc_skipped_and_differs_from_body(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["000"]
    assert len(tree.toc) == 10
    assert tree.toc[1].text == "2.我们如何收集和使用您的个人信息"
    assert not by_heading(tree, "2.我们如何收集和使用")
    assert len(by_heading(tree, "2.我们如何收集、使用您的个人信息")) == 1


def test_000_scope_heading_once_in_tree(seed_trees: dict[str, PolicyTree]) -> None:
    """"1.适用范围" is printed twice (TOC and body): one section, the body's, with its text."""
    (scope,) = by_heading(seed_trees["000"], "1.适用范围")
    assert scope.level == 1
    assert scope.text.startswith("1.适用范围\n本隐私政策适用于快手小店")


def test_000_minors_age_is_not_a_heading(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["000"]
    assert not by_heading(tree, "14")
    (minors,) = by_heading(tree, "8.未成年人信息的保护")
    assert "14周岁以下的未成年人" in minors.text
    assert minors.children == []


def test_000_glued_numbering(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["000"]
    (s21,) = [s for s in sections(tree) if s.label == "2.1"]
    assert s21.level == 2 and s21.parent is not None and s21.parent.label == "2."
    assert s21.title.startswith("您的个人信息是指")
    (s221,) = [s for s in sections(tree) if s.label == "2.2.1"]
    assert s221.level == 3 and s221.parent is not None and s221.parent.label == "2.2"
    (s41,) = [s for s in sections(tree) if s.label == "4.1"]
    assert s41.title == "共享"


def test_000_list_items_under_clause(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["000"]
    (s231,) = [s for s in sections(tree) if s.label == "2.3.1"]
    assert [c.label for c in s231.children] == ["（1）", "（2）"]
    assert s231.children[0].title == "设备信息"


# -- 001 ----------------------------------------------------------------------------------


def test_001_paren_numbers_restart_per_section(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["001"]
    firsts = [s for s in sections(tree) if s.label == "（一）"]
    assert [s.parent.label for s in firsts if s.parent] == ["二、", "三、", "四、", "五、"]
    assert len({s.path for s in sections(tree)}) == len(sections(tree))


def test_001_list_items_versus_third_level(seed_trees: dict[str, PolicyTree]) -> None:
    """二 opens with list items 1、2、, then （一）…（十） whose own 1、 are third-level headings."""
    tree = seed_trees["001"]
    (two,) = by_heading(tree, "二、信息收集及使用")
    assert [c.label for c in two.children] == ["1、", "2、"] + [f"（{n}）" for n in "一二三四五六七八九十"]
    (account,) = by_heading(tree, "（一）帮助您成为我们的用户")
    assert [c.heading for c in account.children] == ["1、基础用户服务", "2、附加用户服务"]
    assert account.children[0].level == 3


def test_001_toc_and_appendix(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["001"]
    assert [p.text for p in tree.toc][-1] == "附录：相关定义"
    appendix = tree.root.children[-1]
    assert appendix.style == "appendix" and "设备信息" in appendix.text


def test_001_minors_age_is_not_a_heading(seed_trees: dict[str, PolicyTree]) -> None:
    (minors,) = by_heading(seed_trees["001"], "七、未成年人保护")
    assert "14周岁以下" in minors.text and minors.children == []


# -- 002 ----------------------------------------------------------------------------------


def test_002_markdown_toc_and_mixed_width_parens(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["002"]
    assert len(tree.toc) == 7 and tree.toc[0].text.startswith("- 一、")
    (three,) = by_heading(tree, "三、")
    assert [c.label for c in three.children] == ["（一）", "(二)", "(三)", "(四)"]
    (provide,) = by_heading(tree, "（一）提供")
    assert [c.label for c in provide.children] == ["1.", "2.", "3.", "4.", "5."]


# -- 003 ----------------------------------------------------------------------------------


def test_003_definitions_reuse_numerals(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["003"]
    definitions, policy = tree.root.children
    assert [c.label for c in definitions.children] == ["一、", "二、", "三、", "四、"]
    assert [c.heading for c in policy.children] == [
        "一、我们如何收集和使用你的个人信息",
        "二、我们如何共享、转让、公开披露你的个人信息",
        "三、我们如何保护和保存你的个人信息",
        "五、你如何管理个人信息",
        "六、通知和修订",
        "七、如何联系我们",
    ]


def test_003_toc_numbered_differently(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["003"]
    assert [p.text for p in tree.toc][1] == "- 二、我们如何使用 Cookies 和同类技术"
    assert not [s for s in sections(tree) if "Cookies" in s.heading]


def test_003_list_markers(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["003"]
    (partners,) = by_heading(tree, "5. 与授权合作伙伴共享")
    assert [c.label for c in partners.children] == ["1)", "2)"]
    (term,) = by_heading(tree, "2. 存储期限")
    assert [c.label for c in term.children] == ["(1)", "(2)", "(3)", "(4)"]
    (exceptions,) = by_heading(tree, "(四) 共享、转让、公开披露")
    assert [c.number for c in exceptions.children] == [(n,) for n in range(1, 7)]  # " 2." with a leading space


# -- 004 ----------------------------------------------------------------------------------


def test_004_brand_number_is_not_deeper_numbering(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["004"]
    assert not [s for s in sections(tree) if s.label in ("1.53", "3.53", "5.53") or s.label.startswith("53")]
    (definitions,) = by_heading(tree, "一、定义")
    assert [(c.label, c.title) for c in definitions.children][0] == ("1.", "53 快服旗下产品及服务")
    (duty,) = by_heading(tree, "三、53 快服责任")
    assert [c.label for c in duty.children] == ["1.", "2.", "3.", "4.", "5."]


def test_004_duplicate_numbers(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["004"]
    threes = [s for s in sections(tree) if s.label == "1.3"]
    assert len(threes) == 4
    collect = by_heading(tree, "1. 收集信息类型及用途")[0]
    assert [c.label for c in collect.children] == ["1.1", "1.2", "1.3", "1.3", "1.4"]
    assert [s.title for s in collect.children if s.label == "1.3"][1] == "为您提供安全保障"


def test_004_trailing_dot_and_glued_title(seed_trees: dict[str, PolicyTree]) -> None:
    tree = seed_trees["004"]
    (s41,) = by_heading(tree, "4.1.因自然灾害")
    assert s41.number == (4, 1) and s41.parent is not None and s41.parent.label == "4."
    (bill,) = by_heading(tree, "1.2.6 账单管理")
    assert bill.level == 5  # 四 > （一） > 1. > 1.2 > 1.2.6


def test_004_no_toc(seed_trees: dict[str, PolicyTree]) -> None:
    assert seed_trees["004"].toc == []


# -- plain headings (corpus styles, kept here with text made for the test) ------------------


def test_plain_heading_lines_only_when_numbering_does_not_structure(tmp_path) -> None:
    body = "我们会收集您的姓名和电话号码，用于为您提供服务，并保护您的账号安全。" * 30
    text = "\n\n".join(["某某隐私政策", "信息的收集", body, "信息的使用", body, "信息的共享", body, "联系我们", body])
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    tree = tree_of(path)
    assert [s.heading for s in tree.root.children] == ["信息的收集", "信息的使用", "信息的共享", "联系我们"]
    numbered = text.replace("信息的收集", "一、信息的收集").replace("信息的使用", "二、信息的使用")
    numbered = numbered.replace("信息的共享", "三、信息的共享").replace("联系我们", "四、联系我们")
    path.write_text(numbered, encoding="utf-8")
    assert [s.style for s in tree_of(path).root.children] == ["cn"] * 4


def test_number_space_title_headings_with_a_dotted_toc_douyin() -> None:
    """douyin 2022 prints its TOC as "1.…" and its body headings as "1 我们如何…" (number, space)."""
    path = REAL_CORPUS / "_single_version/douyin/2022-07-06.txt"
    if not path.is_file():
        pytest.skip("../shared corpus not present")
    tree = tree_of(path)
    top = [s.heading for s in tree.root.children]
    assert top[0].startswith("1 我们如何收集和使用个人信息")
    assert len(top) == 8 and len(tree.toc) == 8
    assert [c.label for c in tree.root.children[0].children][:2] == ["1.1", "1.2"]


def test_a_toc_with_page_numbers_after_numbered_notes_soul() -> None:
    """soul 2022 opens with four numbered notes (「1. 对于个人敏感信息，…」), then a TOC whose entries
    end on their page numbers (「4. 如何存储您的个人信息 18」), then the body numbered from 1 again.
    The TOC is kept out, and the body's headings it lists start their own sequence: the body is
    not read as the last TOC entry's section (「10. 关键词定义」, definitions, where no practice is news)."""
    from policydiff.compare.sections import section_type

    tree = tree_of(REAL_CORPUS / "soul/v2.txt")
    assert len(tree.toc) == 10 and tree.toc[-1].text.strip() == "10. 关键词定义 22"
    body = [s for s in tree.root.children if s.style != "appendix"][4:]
    assert [s.number for s in body] == [(n,) for n in range(1, 11)]
    assert body[0].title == "如何收集和使用您的个人信息" and body[-1].title == "关键词定义"
    marketing = next(s for s in tree.sections if s.title == "营销活动")
    assert section_type(marketing) == "collection" and marketing.parent is not None
    # a TOC without the body's headings after it stays body text (no entry is repeated)
    from policydiff.compare.parse import read_tree
    from policydiff.model import RawText

    lone = read_tree(RawText("隐私政策\n\n目录\n\n1. 收集 3\n\n2. 使用 5\n\n3. 共享 7\n\n我们会收集您的手机号码。\n", "lone"))
    assert not lone.toc


def test_a_sections_paragraphs_follow_its_body_as_the_parser_grows_it() -> None:
    # Section.paragraphs is made once per heading and body length: a paragraph appended is read
    head = Paragraph(text="一、共享", key="一、共享", key_map=[0, 1, 2, 3], line_no=1)
    body = Paragraph(text="我们不会共享。", key="我们不会共享。", key_map=list(range(7)), line_no=2)
    section = Section(label="一、", style="cn", number=(1,), heading="一、共享", title="共享", level=1, head=head)
    assert section.paragraphs == [head]
    section.body.append(body)
    assert section.paragraphs == [head, body]
    section.head = None
    assert section.paragraphs == [body]
