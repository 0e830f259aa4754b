"""Purposes of processing as claims (``compare.facts.purposes`` and their place among the findings):
a use stated without a purpose marker is read, a span that states no purpose is not, and a new
purpose is a claim of its own beside the data of its section.

The real pair is sina-weibo 2020-12-14 → 2022-03-03 (tests/data/real, see its SOURCES.md)."""

from __future__ import annotations

from conftest import REAL_CORPUS

from policydiff.compare import factdiff
from policydiff.compare.facts import SectionRef, make_sentence
from policydiff.compare.facts.purposes import purposes_of
from policydiff.compare.pipeline import compare
from policydiff.model import RawText
from policydiff.report import summary as summary_mod


def _purposes(text: str) -> list[str]:
    return [p.surface for p in purposes_of(make_sentence(text, SectionRef("1", "h"), "collection", "always"))]


def test_what_the_data_is_the_basis_of_is_a_purpose() -> None:
    # 根据您的X…，向您提供Y: no 为了/用于, and Y is what X is used for
    assert _purposes("我们会根据您的位置信息和浏览记录，向您提供个性化推荐服务。") == ["向您提供个性化推荐服务"]
    # without the basis, a clause serving the person is no purpose of the data
    assert _purposes("我们会收集您的手机号码，向您提供客服。") == []


def test_a_consequence_or_the_collecting_itself_is_no_purpose() -> None:
    assert _purposes("应用切换到后台时，信息收集可能无法立即停止，从而导致短暂的后台信息收集行为。") == []
    assert _purposes("本计划将用于收集参加者使用剪辑功能的相关信息。") == []
    assert _purposes("我们会收集您的搜索记录，以方便您后续查找时无需再次输入。") == ["方便您后续查找时无需再次输入"]


def test_a_new_purpose_is_a_claim_beside_new_data_of_its_section() -> None:
    folder = REAL_CORPUS / "sina-weibo"
    old, new = (folder / "2020-12-14.txt"), (folder / "2022-03-03.txt")
    result = compare(RawText(old.read_text(encoding="utf-8"), old.name), RawText(new.read_text(encoding="utf-8"), new.name))
    added = [it for it in summary_mod.summary_items(result) if it.action == "added"]
    purposes = [it.value for it in added if it.kind == "fact_purpose"]
    assert any("个性化内容推荐" in v for v in purposes), purposes
    assert any(it.kind == "data_type" and it.value == "Wi-Fi" for it in added)  # the section's data stays a claim


def test_a_compound_the_word_cut_splits_is_one_new_word() -> None:
    # jieba cuts 云存储 into 云 + 存储; 存储 is an old word, 云存储 is not
    assert "云存储" in factdiff.purpose_words("向你提供剪辑草稿、素材等的云存储、云备份及共享等功能及服务")
    assert factdiff.purpose_words("向您推荐附近的门店") == ["", "", "推荐", "附近", "", "门店"]  # 向/您/的 stay function words
    folder = REAL_CORPUS / "bytedance-jianying"
    old, new = folder / "2020-12-16.txt", folder / "2022-08-10.txt"
    result = compare(RawText(old.read_text(encoding="utf-8"), old.name), RawText(new.read_text(encoding="utf-8"), new.name))
    purposes = [it.value for it in summary_mod.summary_items(result) if it.kind == "fact_purpose" and it.action == "added"]
    assert any("云存储" in v for v in purposes), purposes  # 1.7 我的云空间/小组云功能
