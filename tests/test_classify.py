"""The classifier on real seed texts: the policies' own 重大变更 lists, one test per category, negatives.

Each test edits a seed the way a policy owner would, compares, and checks the verdict and its
evidence. The edits are written here (not taken from the eval corpus) so that the tests check
behaviour rather than remember answers.
"""

from __future__ import annotations

import pytest
from conftest import raw, seed_path

from policydiff.compare import categories
from policydiff.compare import pipeline as compare
from policydiff.compare.names import company_names
from policydiff.lexicon import categories as category_words
from policydiff.model import Comparison, RawText


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


def run(old: str, new: str) -> Comparison:
    return compare.compare(RawText(old, "old"), RawText(new, "new"))


def listed_categories(result: Comparison) -> set[str]:
    return {f.category for f in result.verdict.findings if f.in_policy_list}


def evidence_of(result: Comparison, category: str) -> str:
    return " ".join(f.evidence for f in result.verdict.findings if f.category == category)


def insert_after(text: str, anchor: str, addition: str) -> str:
    """Insert a paragraph after the paragraph that starts with ``anchor``."""
    at = text.index(anchor)
    end = text.index("\n", at)
    return text[:end] + "\n\n" + addition + text[end:]


# -- the policy's own list ---------------------------------------------------------------------


def test_seed_000_list_has_the_six_items_in_its_own_words() -> None:
    listed = categories.policy_categories(compare.read_tree(raw(seed_path("000"))))
    assert listed.source == "policy"
    keys = [c.key for c in listed.categories]
    assert keys == ["purpose_type_usage", "controller", "recipients", "rights", "contact", "risk_assessment"]
    wording = {c.key: c.wording for c in listed.categories}
    assert "服务模式发生重大变化" in wording["purpose_type_usage"]
    assert "并购重组" in wording["controller"]
    assert listed.clause is not None and listed.clause.label == "9.2"


def test_seed_001_maps_main_body_change_to_controller_and_significant_impact_to_assessment() -> None:
    listed = categories.policy_categories(compare.read_tree(raw(seed_path("001"))))
    wording = {c.key: c.wording for c in listed.categories}
    assert "主体变更" in wording["controller"]
    assert "影响评估报告" in wording["risk_assessment"]
    assert len(listed.categories) == 6


def test_seed_002_loose_sentence_gives_four_categories_without_recipients() -> None:
    listed = categories.policy_categories(compare.read_tree(raw(seed_path("002"))))
    assert listed.source == "policy"
    assert {c.key for c in listed.categories} == {"controller", "purpose_type_usage", "rights", "contact"}


def test_seed_004_has_no_list_and_falls_back_to_the_standard_six() -> None:
    listed = categories.policy_categories(compare.read_tree(raw(seed_path("004"))))
    assert listed.source == "default"
    assert [c.key for c in listed.categories] == [k for k, _ in category_words.STANDARD_CATEGORIES]


@pytest.mark.parametrize(
    ("item", "key"),
    [
        ("数据存储位置发生迁移", "purpose_type_usage"),
        ("我们在所有权结构、组织架构等方面发生重大变化。如业务调整、破产并购等引起的所有者变更等", "controller"),
        ("个人信息共享、转让或公开披露的主要对象发生变化", "recipients"),
        ("我们负责处理个人信息安全相关人员的联络方式及投诉渠道发生变化", "contact"),
        ("数据安全能力、信息安全风险发生变化", None),
        ("其他可能对您的个人信息权益产生重大影响的变化", None),
    ],
)
def test_items_of_public_variants_map_to_keys(item: str, key: str | None) -> None:
    assert categories.map_item(item) == key


# -- one category at a time -------------------------------------------------------------------


def test_new_sensitive_type_is_purpose_type_usage_with_its_sentence() -> None:
    old = seed_text("001")
    new = insert_after(old, "1、基础用户服务", "当您开启指纹登录时，我们会收集您的指纹特征信息，用于验证您的身份。")
    result = run(old, new)
    assert listed_categories(result) == {"purpose_type_usage"}
    assert "指纹特征信息" in evidence_of(result, "purpose_type_usage")


def test_already_collected_type_in_a_new_sentence_is_not_material() -> None:
    old = seed_text("001")
    new = insert_after(old, "1、基础用户服务", "我们会收集您的设备信息，用于保障账号安全。")
    assert run(old, new).verdict.material is False


def test_new_recipient_category_in_sharing_section_is_recipients() -> None:
    old = seed_text("001")
    new = insert_after(old, "（一）共享", "我们会将您的订单信息提供给合作的保险公司，用于为您提供退货运费险服务。")
    result = run(old, new)
    assert "recipients" in listed_categories(result)
    assert "保险公司" in evidence_of(result, "recipients")


def test_new_operator_company_is_controller() -> None:
    old = seed_text("003")
    new = old.replace("深圳市客户通科技有限公司", "深圳市远航数字科技有限公司")
    result = run(old, new)
    assert "controller" in listed_categories(result)
    assert "深圳市远航数字科技有限公司" in evidence_of(result, "controller")


def test_longer_rights_response_time_is_rights_not_contact() -> None:
    old = seed_text("000")
    new = old.replace("十五个工作日", "三十个工作日", 1)  # the first one is in 7.5 (rights requests)
    result = run(old, new)
    assert listed_categories(result) == {"rights"}
    assert "三十个工作日" in evidence_of(result, "rights")


def test_longer_complaint_reply_time_in_contact_section_is_contact() -> None:
    old = seed_text("000")
    at = old.rindex("十五个工作日")  # the last one is in 10.2 (complaints)
    new = old[:at] + "三十个工作日" + old[at + len("十五个工作日") :]
    assert listed_categories(run(old, new)) == {"contact"}


def test_changed_email_is_contact_and_moved_email_is_not() -> None:
    old = seed_text("000")
    changed = run(old, old.replace("support@kuaishou.com", "privacy@kuaishou-shop.com"))
    assert listed_categories(changed) == {"contact"}
    assert "privacy@kuaishou-shop.com" in evidence_of(changed, "contact")


def test_high_risk_assessment_is_risk_assessment_and_a_routine_assessment_is_not() -> None:
    old = seed_text("003")
    anchor = "三、我们如何保护和保存你的个人信息"
    risky = insert_after(old, anchor, "经个人信息保护影响评估，我们对录音信息的存储存在高风险。")
    assert "risk_assessment" in listed_categories(run(old, risky))
    routine = insert_after(old, anchor, "我们每年开展个人信息保护影响评估，并根据评估结果改进保护措施。")
    assert run(old, routine).verdict.material is False


def test_removed_right_is_rights_with_old_wording_as_evidence() -> None:
    old = seed_text("003")
    start = old.index("（六）获取你的个人信息副本")
    end = old.index("（七）", start)
    result = run(old, old[:start] + old[end:])
    assert "rights" in listed_categories(result)
    assert "副本" in evidence_of(result, "rights")


# -- not material ------------------------------------------------------------------------------


def test_dates_only_and_rewording_are_not_material() -> None:
    old = seed_text("003")
    dated = old.replace("2021 年 10 月 19 日", "2022 年 03 月 01 日").replace("2021 年 10 月 25 日", "2022 年 03 月 08 日")
    assert run(old, dated).verdict.material is False
    reworded = old.replace("我们会", "我们将")
    result = run(old, reworded)
    assert result.changes and result.verdict.material is False


def test_recipient_outside_the_policys_own_list_is_noted_but_not_material() -> None:
    old = seed_text("002")
    new = insert_after(old, "（一）提供", "我们会将您的设备信息共享给北京广推科技有限公司，用于统计分析。")
    result = run(old, new)
    assert result.verdict.material is False
    noted = [f for f in result.verdict.findings if f.category == "recipients"]
    assert noted and not noted[0].in_policy_list


def test_edit_of_the_clause_itself_is_reported_and_gives_no_category() -> None:
    old = seed_text("000")
    new = old.replace("（3）个人信息共享、转让或公开披露的主要对象发生变化；", "（3）个人信息共享的主要对象发生变化；")
    result = run(old, new)
    assert result.verdict.clause_changed is True
    assert result.verdict.material is False


# -- dates and silent revisions ----------------------------------------------------------------


def test_material_change_without_new_dates_is_a_silent_revision() -> None:
    old = seed_text("003")
    new = old.replace("service@khtong.cn", "privacy@khtong.cn")
    silent = run(old, new)
    assert silent.verdict.material and silent.verdict.silent_revision
    assert silent.verdict.old_dates.updated == "2021-10-19" and silent.verdict.old_dates.effective == "2021-10-25"
    dated = run(old, new.replace("2021 年 10 月 19 日", "2022 年 01 月 05 日"))
    assert dated.verdict.material and not dated.verdict.silent_revision
    assert dated.verdict.new_dates.updated == "2022-01-05"


def test_new_competent_court_is_contact() -> None:
    old = seed_text("004")
    result = run(old, old.replace("金华市婺城区人民法院", "杭州互联网法院"))
    assert listed_categories(result) == {"contact"}
    assert "杭州互联网法院" in evidence_of(result, "contact")


def test_storage_moved_abroad_is_purpose_type_usage() -> None:
    old = seed_text("001")
    new = old.replace("将存储在中国境内", "将存储在新加坡的服务器", 1)
    result = run(old, new)
    assert listed_categories(result) == {"purpose_type_usage"}
    assert "新加坡" in evidence_of(result, "purpose_type_usage")


def test_new_named_sdk_is_recipients() -> None:
    old = seed_text("000")
    new = insert_after(old, "4.1 共享", "我们的产品集成了极光推送SDK，该SDK会收集您的设备标识符用于消息推送。")
    result = run(old, new)
    assert "recipients" in listed_categories(result)
    assert "极光推送SDK" in evidence_of(result, "recipients")


def test_type_mentioned_in_passing_before_is_not_new_when_collected_later() -> None:
    """A type the old version already names (even outside a collecting sentence) is not a new type."""
    old = seed_text("003")  # its definitions already name 通讯录 and 声纹 (seeds/README.md)
    new = insert_after(old, "（一）你直接提供给我们及我们收集的个人信息", "当你使用语音输入时，我们会收集你的声纹信息。")
    result = run(old, new)
    assert not any(f.signal == "data_type" and f.trigger == "声纹" for f in result.verdict.findings)


def test_renamed_responsible_department_is_contact() -> None:
    old = seed_text("003")
    assert "个人信息保护部门" in old
    result = run(old, old.replace("个人信息保护部门", "个人信息保护办公室"))
    assert listed_categories(result) == {"contact"}


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("提供给第三方实名认证服务商北京数安认证技术有限公司进行比对", ["北京数安认证技术有限公司"]),
        ("本政策适用于考拉海购服务提供者（杭州优卖网络科技有限公司和考拉海购（杭州）科技有限公司）", ["杭州优卖网络科技有限公司", "考拉海购（杭州）科技有限公司"]),
        ("关联公司：指阿里巴巴集团控股有限公司最新上市公司年报披露的", ["阿里巴巴集团控股有限公司"]),
        ("支付宝公司：指提供支付宝服务的主体支付宝（中国）网络技术有限公司。", ["支付宝（中国）网络技术有限公司"]),
    ],
)
def test_company_names_are_read_whole(sentence: str, names: list[str]) -> None:
    assert company_names(sentence) == names


def test_a_high_risk_condition_is_not_an_assessment_result() -> None:
    old = seed_text("004")
    anchor = "（四）信息的保护"
    condition = insert_after(old, anchor, "如个人信息保护影响评估表明存在高风险，我们将暂停相关处理。")
    assert "risk_assessment" not in listed_categories(run(old, condition))


def test_a_sentence_restating_rights_already_given_is_not_material_but_a_new_path_is() -> None:
    old = seed_text("001")
    anchor = "（一）查阅、更正和补充、复制"  # in the body only (the TOC lists top-level headings)
    restated = insert_after(old, anchor, "您可以查阅、复制、更正和删除您的个人信息，具体方式见以下各条。")
    assert run(old, restated).verdict.material is False
    path = insert_after(old, anchor, "您可以在“我的—设置—隐私—下载我的信息”页面在线申请获取您的个人信息副本。")
    assert "rights" in listed_categories(run(old, path))


SMALL = "隐私政策\n一、我们如何收集和使用您的个人信息\n1、我们会收集您的手机号码，用于注册账号。\n二、如何联系我们\n如有疑问请联系privacy@example.com。\n"


def _added(sentence: str) -> list[tuple[str, str]]:
    from policydiff import compare_texts

    result = compare_texts(SMALL, SMALL.replace("用于注册账号。", "用于注册账号。" + sentence))
    return [(f.signal, f.trigger) for f in result.verdict.findings]


def test_a_listed_word_inside_other_words_is_not_that_word() -> None:
    assert all(t != "征信" for _, t in _added("我们会收集您的软硬件特征信息，用于保障账号安全。"))
    assert _added("您可以提出售中售后问题。") == []  # 出售 is not in 提出|售中
    assert ("fact_collect", "唯一设备识别码") in _added("我们会收集您的唯一设备识别码，用于保障账号安全。")


def test_a_feature_named_in_quotes_is_not_a_data_type() -> None:
    assert all(t != "信用卡" for _, t in _added("如您选择“信用卡”服务，请按页面提示操作。"))


def test_a_listed_word_before_an_organisations_noun_names_the_organisation() -> None:
    found = _added("我们会向征信机构提供您的信息。")
    assert ("fact_share", "征信机构") in found and all(t != "征信" for _, t in found)
