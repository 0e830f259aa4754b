"""Practice facts (policydiff.compare.facts) and `policydiff facts`.

The sentences below are written for these tests (not taken from any gold annotation): each one
states a practice in words no concept list names, or says it in a context (negation, definition,
consent exception, legal demand) that makes it something other than collection or sharing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, seed_path, tree_of

from policydiff.compare import facts as facts_engine
from policydiff.compare import pipeline as compare_mod
from policydiff.compare.facts import REGISTRY, Fact, SectionRef, make_sentence
from policydiff.model import RawText
from policydiff.report import facts as facts_report

ROOT = Path(__file__).resolve().parents[1]
CA4P = SHARED / "corpus" / "ca4p-dev" / "dev"


def facts_of(text: str) -> list[Fact]:
    return facts_engine.extract(compare_mod.read_tree(RawText(text, "test")))


def summary_of(text: str) -> dict:
    return facts_report.summarize(facts_of(text))


def values(summary: dict, key: str) -> set[str]:
    return {item["value"] for item in summary[key]}


POLICY = """隐私政策
一、我们如何收集和使用您的个人信息
1、为了评估您的健康风险，我们会收集您的体温记录、银行流水和宗教信仰。
2、当您使用定位功能时，我们会收集您的位置信息，以便向您推荐附近的门店。
3、我们不会收集您的通讯录。
二、我们如何共享您的个人信息
1、我们会向物流公司、云服务商和内容审核服务商提供您的订单信息，用于完成配送。
2、除非获得您的同意，我们不会向任何第三方共享您的手机号码。
3、根据司法机关的要求，我们可能会向公安机关提供您的身份证件信息。
4、以下情形中，我们收集、使用您的个人信息无需征得您的授权同意：
（1）与国家安全、国防安全有关的；
（2）从合法公开披露的信息中收集您的个人信息的，如合法的新闻报道、政府信息公开等渠道。
三、名词定义
个人敏感信息包括身份证件号码、个人生物识别信息、行踪轨迹。
四、您的权利
您可以通过“设置-账号与安全-注销账号”注销您的账号，我们将在15个工作日内完成核查和处理。
五、如何联系我们
如您有任何疑问，可发送邮件至privacy@example.com或拨打400-123-4567与我们联系。
"""


@pytest.fixture(scope="module")
def policy() -> dict:
    return summary_of(POLICY)


def test_unlisted_data_types_are_found_by_the_collect_frame(policy: dict) -> None:
    found = values(policy, "data_types")
    assert {"体温记录", "银行流水", "宗教信仰"} <= found
    kinds = {item["value"]: item["sensitive"] for item in policy["data_types"]}
    assert kinds["宗教信仰"] == "religion"
    assert kinds["体温记录"] == "medical_health"


def test_unlisted_recipients_are_found_by_the_share_frame(policy: dict) -> None:
    found = values(policy, "recipients")
    assert {"物流公司", "云服务商", "内容审核服务商"} <= found
    logistics = next(r for r in policy["recipients"] if r["value"] == "物流公司")
    assert "订单信息" in logistics["receives"]
    assert any("完成配送" in p for p in logistics["purposes"])


def test_negated_collection_and_sharing_are_not_practices(policy: dict) -> None:
    assert "通讯录" not in values(policy, "data_types")
    assert "手机号" not in values(policy, "data_types")
    negated = [f for f in facts_of(POLICY) if f.polarity == "negated"]
    assert any(d.value == "通讯录" for f in negated for d in f.data)
    assert any(f.kind == "share" and any(r.value == "第三方" for r in f.recipients) for f in negated)


def test_definition_lists_are_not_collection(policy: dict) -> None:
    found = values(policy, "data_types")
    assert "行踪轨迹" not in found and "身份证件号码" not in found
    defs = [f for f in facts_of(POLICY) if f.modality == "definition"]
    assert any(d.value == "行踪轨迹" for f in defs for d in f.data)


def test_definition_sentence_outside_a_definitions_section() -> None:
    text = "隐私政策\n一、收集的信息\n个人敏感信息包括身份证件号码、银行账号、行踪轨迹等。\n我们会收集您的昵称。\n"
    summary = summary_of(text)
    assert values(summary, "data_types") == {"昵称"}


def test_the_form_data_take_is_not_part_of_their_name() -> None:
    # lilith v2: 「沟通信息（包括文字/图片/音视频/通话记录形式）」 lists call records, not 「通话记录形式」
    summary = summary_of("隐私政策\n一、收集\n我们还会收集您与我们的沟通信息（包括文字/图片/音视频/通话记录形式）。\n")
    data = values(summary, "data_types")
    assert "通话记录" in data and not any(v.endswith("形式") for v in data), data


def test_consent_exception_list_is_not_collection(policy: dict) -> None:
    assert "新闻报道" not in " ".join(values(policy, "data_types"))
    exceptions = [f for f in facts_of(POLICY) if f.modality == "exception_list"]
    assert exceptions, "the items under the 无需征得您的授权同意 intro are exceptions"


def test_legal_demand_is_not_a_recipient(policy: dict) -> None:
    assert "公安机关" not in values(policy, "recipients")
    demanded = [f for f in facts_of(POLICY) if f.modality == "legal_demand"]
    assert any(r.value == "公安机关" for f in demanded for r in f.recipients)


def test_condition_keeps_the_practice_and_says_so(policy: dict) -> None:
    item = next(d for d in policy["data_types"] if d["value"] == "位置信息")
    assert item["modality"] == "conditional"
    assert any("推荐附近的门店" in p for p in item["purposes"])


def test_word_boundaries_come_from_tokens_not_substrings() -> None:
    s = make_sentence("我们会收集您的软硬件特征信息及银行卡类型。", SectionRef("", ""), "collection", "always")
    words = [t.text for t in s.tokens]
    assert "征信" not in words
    summary = summary_of("隐私政策\n一、收集\n我们会收集您的软硬件特征信息。\n")
    (item,) = summary["data_types"]
    assert item["value"] == "软硬件特征信息"
    assert item["sensitive"] is None  # 征信 (credit reporting) is not a word of this sentence


def test_rights_carry_channel_and_time_limit(policy: dict) -> None:
    rights = {r["value"]: r for r in policy["rights"]}
    assert "deregister" in rights
    details = rights["deregister"]["details"]
    assert "15个工作日内" in details["time_limit"]
    assert "注销账号" in details.get("path", "") + details.get("channel", "")


def test_contacts(policy: dict) -> None:
    got = {(c["details"]["type"], c["value"]) for c in policy["contacts"]}
    assert ("email", "privacy@example.com") in got
    assert ("phone", "400-123-4567") in got


def test_transfer_abroad_and_its_negation() -> None:
    summary = summary_of("隐私政策\n一、存储\n我们会将您的个人信息传输至境外关联公司。\n")
    stated = summary["transfers"]
    assert stated and stated[0]["polarity"] == "stated"
    assert "境外关联公司" in values(summary, "recipients")  # a new recipient, not only a storage place
    trade = summary_of("隐私政策\n一、收集\n当您购买跨境商品时，您需向我们提供您的身份证号码。\n")
    assert trade["transfers"] == []  # 跨境 modifies the goods here, no data go abroad
    negated = summary_of("隐私政策\n一、存储\n我们不会将您的个人信息传输至境外。\n")["transfers"]
    assert negated and negated[0]["polarity"] == "negated"


def test_registry_maps_every_kind_to_a_category_and_labels() -> None:
    categories = {"purpose_type_usage", "controller", "recipients", "rights", "contact", "risk_assessment"}
    for key, kind in REGISTRY.items():
        assert kind.key == key and kind.category in categories
        assert kind.label_zh and kind.label_en and callable(kind.extract)


@pytest.mark.parametrize("path", sorted((ROOT / "policydiff" / "compare" / "facts").glob("*.py")), ids=lambda p: p.name)
def test_facts_engine_has_no_chinese_literals(path: Path) -> None:
    """Every Chinese word the engine reads lives in lexicon.facts* (docstrings may quote them)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    literals = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings]
    assert not [v for v in literals if any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in v)]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_state_data_and_recipients(prefix: str) -> None:
    summary = facts_report.summarize(facts_engine.extract(tree_of(seed_path(prefix))))
    assert summary["data_types"], "every seed states some collection"
    for item in summary["data_types"] + summary["recipients"] + summary["purposes"]:
        assert item["polarity"] == "stated"
        assert item["modality"] in ("always", "conditional", "example")
        assert item["surface"] and item["section"]["path"] is not None


def test_seed_000_names_its_recipients() -> None:
    summary = facts_report.summarize(facts_engine.extract(tree_of(seed_path("000"))))
    assert "物流公司" in values(summary, "recipients")
    assert "IP地址" in values(summary, "data_types")


def _ca4p(pid: str) -> Path:
    path = CA4P / pid / "text.txt"
    if not path.is_file():
        pytest.skip(f"CA4P-483 dev texts not present at {CA4P}")
    return path


def test_ca4p_policy_with_list_after_including() -> None:
    summary = facts_report.summarize(facts_engine.extract(tree_of(_ca4p("0509"))))
    found = {item["surface"] for item in summary["data_types"]}
    assert {"电话号码", "证件号码", "搜索关键词信息"} <= found
    assert "合法的新闻报道" not in found  # an item of the consent-exceptions list


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policydiff.cli", "facts", *args], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_json_shape() -> None:
    proc = _cli(str(seed_path("002")), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("data_types", "recipients", "purposes", "rights", "contacts", "retention", "transfers", "assessments"):
        assert isinstance(out[key], list)
    for key in ("data_types", "rights", "contacts"):
        for item in out[key]:
            assert {"surface", "value", "section", "sentence", "polarity", "modality"} <= set(item)
            assert set(item["section"]) == {"path", "heading"}


def test_cli_markdown_and_terminal_use_chinese_labels() -> None:
    md = _cli(str(seed_path("002")), "--format", "md")
    assert md.returncode == 0 and "## 收集使用的个人信息" in md.stdout
    term = _cli(str(seed_path("002")))
    assert term.returncode == 0 and "收集使用的个人信息" in term.stdout


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = _cli(str(tmp_path / "missing.txt"), "--format", "json")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr
    bad = _cli(str(seed_path("002")), "--format", "pdf")
    assert bad.returncode == 2 and "unknown format" in bad.stderr


def test_list_under_a_colon_intro_and_its_purposes() -> None:
    text = ("隐私政策\n一、我们收集的信息\n在注册时，如果您提供以下额外信息，将有助于我们改进服务：职业、毕业院校、兴趣爱好。\n"
            "头像和昵称用于在排行榜中展示您的成绩。\n"
            "二、信息的使用\n我们会将收集的信息用于以下目的：\n1、向您推荐附近的门店；\n2、改进我们的产品。\n")
    summary = summary_of(text)
    found = values(summary, "data_types")
    assert {"职业", "毕业院校", "兴趣爱好", "头像", "昵称"} <= found
    assert not any("门店" in v or "改进" in v for v in found)  # items of a purposes list are no data
    avatar = next(d for d in summary["data_types"] if d["value"] == "头像")
    assert any("排行榜" in p for p in avatar["purposes"])


def test_sdk_that_collects_is_listed_with_what_it_receives() -> None:
    text = "隐私政策\n一、第三方SDK\n我们的产品集成极光推送SDK，极光推送SDK需要收集您的设备标识符和网络类型，用于推送消息。\n"
    sdks = summary_of(text)["sdks"]
    (sdk,) = [item for item in sdks if "SDK" in item["value"]]
    assert sdk["vendor"] == "极光"
    assert {"设备标识符", "网络类型"} <= set(sdk["receives"])


def test_object_opening_with_a_clause_about_the_user_names_the_data_after_its_de() -> None:
    text = """隐私政策
一、我们如何收集和使用您的个人信息
1、我们会收集您在使用服务时产生的运行日志。
2、我们会自动收集您对我们服务的详细使用情况，作为服务日志保存。
3、我们不会收集您在其他平台的购物记录。
"""
    summary = summary_of(text)
    assert {"运行日志", "详细使用情况"} <= values(summary, "data_types")
    assert "购物记录" not in values(summary, "data_types")  # negated: a fact of another kind
    negated = [f for f in facts_of(text) if f.polarity == "negated"]
    assert any(d.value == "购物记录" for f in negated for d in f.data)


def test_a_noun_that_ends_an_item_does_not_end_the_list() -> None:
    text = """隐私政策
一、我们如何收集和使用您的个人信息
我们会收集设备型号、接入网络的方式、网络状态、运营商类型和充值情况等信息；在特殊情况下，我们会收集您的位置信息。
"""
    found = values(summary_of(text), "data_types")
    assert {"设备型号", "网络状态", "运营商类型", "位置信息"} <= found
    assert not any("特殊情况" in v for v in found)  # 情况 after no verb of use names no data


def test_an_aside_in_brackets_and_examples_of_a_service_name_no_data() -> None:
    text = """隐私政策
一、我们如何收集和使用您的个人信息
1、当您使用需要进行实名认证的服务（例如开通网上小店）时，我们会收集您的姓名和证件号码。
2、我们会使用您自行公开的信息（不影响您通过隐私设置项（如设置私密动态）调整信息的可见性）。
3、我们会收集您的设备信息（包括设备型号、MAC地址）。
"""
    found = values(summary_of(text), "data_types")
    assert {"姓名", "证件号码", "自行公开的信息", "设备型号", "MAC地址"} <= found
    assert not found & {"开通网上小店", "设置私密动态"}


def test_a_bracketed_abbreviation_leaves_the_practice_its_sentence_states() -> None:
    # 雷霆 2021: 「…获取您的模糊地理位置信息或精确地理位置信息（以下简称“地理位置信息”），用于…」 states a
    # collection; only a definition cue outside brackets (…是指…) makes a sentence a definition
    facts = facts_of("隐私政策\n一、我们收集的信息\n我们可能需要获取您的精确地理位置信息（以下简称“位置信息”），用于寻找附近的玩家。\n"
                     "二、定义\n位置信息是指（以下简称“位置”）您的设备所在的地理位置。\n")
    collected = [f for f in facts if f.kind == "collect"]
    assert [(f.modality, [d.value for d in f.data]) for f in collected] == [("always", ["精确地理位置信息"])]
    assert all(f.modality == "definition" for f in facts if "是指" in f.sentence)


def test_protecting_in_a_chain_of_practice_verbs_is_no_data() -> None:
    # the template's 「我们如何收集、保护、使用您的个人信息」: 保护 is the second verb of the chain, not data
    facts = facts_of("隐私政策\n一、概述\n本政策概述我们如何收集、保护、使用您的个人信息。\n")
    assert not any(d.value == "保护" for f in facts for d in f.data), [(f.kind, [d.value for d in f.data]) for f in facts]
