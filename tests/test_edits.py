"""Typed sentence edits (compare.edits) on real versions and on sentences of our own: each
asserts what a privacy lawyer would read in the change, and what must not be read into it."""

from __future__ import annotations

from conftest import DATA, raw, tree_of

from policydiff.compare.edits import consent_level, read_edits
from policydiff.compare.parse import read_tree
from policydiff.compare.pipeline import compare
from policydiff.compare.sentences import align_sentences, sentences_of
from policydiff.model import RawText
from policydiff.report.summary import summary_items

RAIL = DATA / "corpus" / "china-railway-12306"
JIANYING = DATA / "corpus" / "bytedance-jianying"


def _edits(old_text: str, new_text: str):
    old, new = read_tree(RawText(old_text, "o")), read_tree(RawText(new_text, "n"))
    return read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)


def _real_edits(old_path, new_path):
    old, new = tree_of(old_path), tree_of(new_path)
    return read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)


def test_12306_2023_adds_banks_to_payment_sharing():
    edits = _real_edits(RAIL / "2022-04-11.txt", RAIL / "2023-02-08.txt")
    bank = [e for e in edits if e.kind == "item_added" and e.value == "银行"]
    assert len(bank) == 1 and bank[0].category == "recipients" and bank[0].signal == "recipient"
    assert "第三方支付机构" in bank[0].old.text and "银行及第三方支付机构" in bank[0].new.text


def test_12306_2023_banks_reach_the_summary_as_a_new_recipient():
    result = compare(raw(RAIL / "2022-04-11.txt"), raw(RAIL / "2023-02-08.txt"))
    assert any(it.action == "added" and it.kind == "recipient" and it.value == "银行" for it in summary_items(result))


def test_jianying_weakens_express_consent_for_transfers_abroad():
    edits = _real_edits(JIANYING / "2020-12-16.txt", JIANYING / "2022-08-10.txt")
    consent = [e for e in edits if e.kind == "consent_weakened"]
    assert len(consent) == 1
    assert "明示同意" in consent[0].previous and "遵循相关国家规定或者征求你的同意" in consent[0].value
    assert consent[0].category == "purpose_type_usage"  # the sentence is about transfers abroad


def test_jianying_deletes_the_right_to_an_explanation_and_keeps_the_right_to_refuse():
    edits = _real_edits(JIANYING / "2020-12-16.txt", JIANYING / "2022-08-10.txt")
    deleted = [e.value for e in edits if e.kind == "right_deleted"]
    assert deleted == ["你有权要求我们作出解释"]  # 你可以拒绝提供 still stands in 2022: no claim for it


def test_jianying_consent_change_is_a_changed_claim_in_the_summary():
    result = compare(raw(JIANYING / "2020-12-16.txt"), raw(JIANYING / "2022-08-10.txt"))
    items = [(it.action, it.value, it.previous) for it in summary_items(result) if it.kind == "consent"]
    assert items == [
        ("changed", "我们将会遵循相关国家规定或者征求你的同意", "征求你的明示同意"),
        # the update clause's promise to ask again for sensitive data is gone (no counterpart anywhere)
        ("removed", "仍会再次以显著方式征求你的同意", ""),
    ]


def test_the_same_version_twice_has_no_edit():
    assert _real_edits(RAIL / "2023-02-08.txt", RAIL / "2023-02-08.txt") == []


def test_a_recipient_dropped_from_a_list():
    edits = _edits("一、共享\n我们会将您的订单信息与物流公司及第三方支付机构共享，以完成配送与支付。\n",
                   "一、共享\n我们会将您的订单信息与第三方支付机构共享，以完成配送与支付。\n")
    assert [(e.kind, e.value, e.category) for e in edits] == [("item_dropped", "物流公司", "recipients")]


def test_a_data_item_added_to_a_collection_list():
    edits = _edits("一、收集\n注册时，我们会收集您的手机号码和电子邮箱地址，用于创建账号。\n",
                   "一、收集\n注册时，我们会收集您的手机号码、身份证号码和电子邮箱地址，用于创建账号。\n")
    assert [(e.kind, e.value, e.signal) for e in edits] == [("item_added", "身份证号码", "data_type")]


def test_a_list_item_in_a_denial_is_no_practice():
    edits = _edits("一、共享\n我们不会将您的订单信息与广告公司共享，也不会出售给任何人。\n",
                   "一、共享\n我们不会将您的订单信息与数据公司及广告公司共享，也不会出售给任何人。\n")
    assert edits == []


def test_reordering_a_list_is_no_edit():
    edits = _edits("一、共享\n我们会将您的订单信息与物流公司和第三方支付机构共享，以完成配送与支付。\n",
                   "一、共享\n我们会将您的订单信息与第三方支付机构和物流公司共享，以完成配送与支付。\n")
    assert edits == []


def test_stronger_consent_is_not_a_weakening():
    edits = _edits("一、共享\n在向境外提供您的个人信息前，我们会征求您的同意并告知接收方的名称。\n",
                   "一、共享\n在向境外提供您的个人信息前，我们会征求您的单独同意并告知接收方的名称。\n")
    assert [e for e in edits if e.kind == "consent_weakened"] == []


def test_consent_the_person_lacks_is_not_consent_asked():
    assert consent_level("如以上手机号码非您本人所有或者您未获得充分授权，您需要承担法律责任。") == (0, -1)


def test_collection_that_continues_in_incognito_mode_is_a_widened_scope():
    edits = _edits("一、收集\n我们会收集您的浏览记录，用于改进服务。\n",
                   "一、收集\n我们会收集您的浏览记录，用于改进服务。在无痕浏览模式下，我们仍然会收集上述相关数据。\n")
    assert [(e.kind, e.value) for e in edits] == [("scope_added", "在无痕浏览模式下，我们仍然会收集上述相关数据")]


def test_a_scope_word_that_qualifies_no_collection_is_no_edit():
    edits = _edits("一、推荐\n我们会根据您的浏览行为调整推荐结果。\n",
                   "一、推荐\n我们会根据您的浏览行为对推荐模型进行实时反馈，调整推荐结果。\n")
    assert edits == []


def test_a_right_restated_elsewhere_is_not_deleted():
    edits = _edits("一、权利\n当您发现信息有错误时，您有权要求我们做出更正或补充。\n二、其他\n我们会保护您的信息。\n",
                   "一、权利\n您有权通过以下方式查阅、更正和补充您的信息。\n二、其他\n我们会保护您的信息。\n")
    assert [e for e in edits if e.kind == "right_deleted"] == []


def test_the_silent_12306_revision_adds_wifi_identifiers_to_the_device_list():
    edits = _real_edits(RAIL / "2023-02-08.txt", RAIL / "2023-02-08_silent-revision.txt")
    assert [(e.kind, e.value, e.signal) for e in edits] == [("item_added", "wifi信息(ssid/bssid)", "data_type")]


def test_a_rewritten_list_is_no_item_added_or_dropped():
    edits = _edits("一、收集\n我们会收集您的用户信息、行为信息、设备信息、有关网络日志，用于安全风控。\n",
                   "一、收集\n我们会收集您的会员信息、交易信息、设备信息、服务日志信息，用于安全风控。\n")
    assert edits == []


def test_etc_inside_an_item_is_no_new_item():
    edits = _edits("一、收集\n您需要填写收货人姓名、收货地址及手机号码等信息，以便配送商品。\n",
                   "一、收集\n您需要填写收货人姓名、收货地址及手机号码信息，以便配送商品。\n")
    assert edits == []
