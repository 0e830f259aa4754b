"""The structure self-check: an implausible tree is re-read, and what stays doubtful is said."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS, raw, seed_path

from policydiff.compare.pipeline import compare, read_tree
from policydiff.model import RawText
from policydiff.report.json import to_dict
from policydiff.text.read import read_path

WEIBO = REAL_CORPUS / "sina-weibo"


def test_weibo_2020_list_item_no_longer_swallows_the_policy() -> None:
    if not WEIBO.exists():
        pytest.skip("../shared is not beside the project")
    tree = read_tree(read_path(WEIBO / "2020-12-14.txt"))
    titles = [c.title for c in tree.root.children]
    assert any(t.startswith("Cookie") for t in titles) and any("如何联系我们" in t for t in titles)
    assert tree.warnings == ["reparsed:15."]
    total = len(tree.document.key)
    biggest = max(sum(len(p.key) for s in c.walk() for p in s.paragraphs) for c in tree.root.children)
    assert biggest < 0.5 * total


def test_the_warning_reaches_the_json() -> None:
    if not WEIBO.exists():
        pytest.skip("../shared is not beside the project")
    data = to_dict(compare(read_path(WEIBO / "2020-12-14.txt"), read_path(WEIBO / "2022-03-03.txt")))
    assert [(w["side"], w["code"]) for w in data["warnings"]] == [("old", "reparsed")]
    assert "15." in data["warnings"][0]["message"]


def test_a_swallowing_list_item_that_no_reading_fixes_is_said() -> None:
    items = "".join(f"{i}. 在您使用第{i}项功能时，我们会收集您的设备信息。\n" for i in range(1, 4))
    body = "".join(f"这是一段很长的正文，说明我们如何处理您的个人信息，第{i}句。\n" for i in range(200))
    text = "隐私政策\n一、我们如何收集信息\n" + items + body + "二、联系我们\n电话：010-12345678。\n"
    tree = read_tree(RawText(text, "t"))
    assert any(w.startswith("section_swallows:3.") for w in tree.warnings)


def test_seeds_read_without_warnings() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        assert read_tree(raw(seed_path(prefix))).warnings == [], prefix
