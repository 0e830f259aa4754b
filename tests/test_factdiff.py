"""The judgment on practice facts (``compare.factdiff``): sentences written for these tests."""

from __future__ import annotations

from conftest import raw, seed_path

from policydiff.compare import factdiff
from policydiff.compare.pipeline import compare
from policydiff.compare.pipeline import read_tree as _read_tree
from policydiff.compare.sections import section_type
from policydiff.model import Comparison, RawText

BASE = """隐私政策
一、我们如何收集和使用您的个人信息
1、为了向您提供账号服务，我们会收集您的手机号码和昵称。
2、我们不会收集您的宗教信仰。
二、我们如何共享您的个人信息
1、为完成支付，我们会向支付机构提供您的订单信息。
三、如何联系我们
如您有任何疑问，可发送邮件至privacy@example.com与我们联系。
"""


def compare_tree(text: str):  # type: ignore[no-untyped-def]
    return _read_tree(RawText(text, "policy.txt"))


def run(new: str, old: str = BASE) -> Comparison:
    return compare(RawText(old, "old.txt"), RawText(new, "new.txt"))


def fact_findings(result: Comparison) -> list[tuple[str, str, str]]:
    return [(f.signal, f.value, f.category) for f in result.verdict.findings if f.signal.startswith("fact_")]


def test_an_unlisted_data_type_appears() -> None:
    new = BASE.replace("和昵称。", "和昵称。\n3、为评估您的健康风险，我们会收集您的体温记录。")
    result = run(new)
    assert ("fact_collect", "体温记录", "purpose_type_usage") in fact_findings(result)
    assert result.verdict.material


def test_an_unlisted_recipient_appears() -> None:
    new = BASE.replace("订单信息。", "订单信息。\n2、为完成配送，我们会向仓储服务商提供您的收货地址。")
    assert ("fact_share", "仓储服务商", "recipients") in fact_findings(run(new))


def test_a_negated_sentence_is_no_news() -> None:
    new = BASE.replace("宗教信仰。", "宗教信仰。\n3、我们不会收集您的政治观点和体温记录。")
    result = run(new)
    assert not fact_findings(result) and not result.verdict.material


def test_a_negation_removed_is_news() -> None:
    new = BASE.replace("我们不会收集您的宗教信仰。", "为了推荐内容，我们会收集您的宗教信仰。")
    signals = [(s, v) for s, v, _ in fact_findings(run(new))]
    assert ("fact_collect", "宗教信仰") in signals


def test_rewording_does_not_alarm() -> None:
    new = BASE.replace("我们会收集您的手机号码和昵称", "我们将收集您的手机号及昵称")
    assert not fact_findings(run(new))


def test_background_collection_widens_a_known_type() -> None:
    new = BASE.replace("和昵称。", "和昵称。\n3、在您未使用本应用时，我们也会在后台收集您的手机号码。")
    assert any(s == "fact_scope" and v.split("|") == ["手机号", "后台"] for s, v, _ in fact_findings(run(new)))


def test_matching_keeps_short_words_apart() -> None:
    assert factdiff.same_value("手机号", "手机号码")
    assert not factdiff.same_value("地址", "MAC地址")
    assert not factdiff.same_value("ID", "OAID")


def test_a_new_purpose_in_unlisted_words_is_material() -> None:
    new = BASE.replace("为了向您提供账号服务，我们会收集您的手机号码和昵称。", "为了向您提供账号服务和保险定价，我们会收集您的手机号码和昵称。")
    result = run(new)
    found = [f for f in result.verdict.findings if f.signal == "fact_purpose"]
    assert [f.category for f in found] == ["purpose_type_usage"] and result.verdict.material
    assert "“保险定价”" in found[0].explanation  # the words the old version never uses


def test_data_used_for_a_new_purpose_after_the_disposal_marker() -> None:
    new = BASE.replace("和昵称。", "和昵称。\n3、我们会将您的手机号码用于评估您的信用状况。")
    assert any(s == "fact_purpose" and "信用状况" in v for s, v, _ in fact_findings(run(new)))


def test_a_purpose_said_in_other_words_is_no_news() -> None:
    for reworded in ("为了给您带来更优质、流畅的账号服务", "为了向您提供更好的账号服务"):
        new = BASE.replace("为了向您提供账号服务", reworded)
        assert not [f for f in run(new).verdict.findings if f.signal == "fact_purpose"], reworded


def test_a_new_purpose_of_sharing_falls_under_recipients() -> None:
    new = BASE.replace("为完成支付，", "为完成支付和联合营销建模，")
    assert [c for s, _, c in fact_findings(run(new)) if s == "fact_purpose"] == ["recipients"]


def test_purpose_words_mark_the_generic_ones() -> None:
    assert [w for w in factdiff.purpose_words("为您提供更好的服务和保险定价") if w] == ["保险", "定价"]


RIGHTS = BASE.replace("三、如何联系我们", """三、您的权利
1、您可以通过“设置-账号与安全-注销账号”注销您的账号，在您提交注销申请并完成身份核验后，我们将在15个工作日内完成核查和处理，并在处理完毕后删除或匿名化处理您的个人信息。
四、如何联系我们""")


def test_a_way_to_exercise_a_right_replaced_is_a_rights_finding() -> None:
    new = RIGHTS.replace("通过“设置-账号与安全-注销账号”", "通过发送邮件至cancel@example.com")
    result = run(new, RIGHTS)
    assert result.verdict.material
    gone = [f for f in result.verdict.findings if f.category == "rights" and f.side == "old"]
    assert gone and "注销账号" in gone[0].trigger  # the old way, named
    assert factdiff.exercise_value("在十五个工作日内") == factdiff.exercise_value("15个工作日内")


def test_a_time_limit_the_rights_section_states_is_compared_as_a_fact() -> None:
    old_side = factdiff.Side(compare_tree(RIGHTS), set(), set())
    limits = [i for i in old_side.items if i.kind == "limit"]
    assert {i.value for i in limits} == {"15工作日"} and all(i.news for i in limits)


def test_the_same_time_limit_in_other_numerals_is_no_news() -> None:
    new = RIGHTS.replace("15个工作日", "十五个工作日")
    assert not run(new, RIGHTS).verdict.material


def test_a_scope_word_inside_a_longer_word_widens_nothing() -> None:
    new = BASE.replace("为了向您提供账号服务，", "为保证服务的可持续性，")
    assert not [f for f in run(new).verdict.findings if f.signal == "fact_scope"]
    widened = BASE.replace("我们会收集您的手机号码", "我们会持续收集您的手机号码")
    assert {f.trigger for f in run(widened).verdict.findings if f.signal == "fact_scope"} == {"持续"}


def test_a_sentence_after_a_consent_exception_list_is_a_practice_not_an_exception() -> None:
    # seed 003 ends its list of consent exceptions with 「11. 法律法规规定的其他情形。」; a plain-text
    # list gives a paragraph after it no other mark, so the parse hangs it under item 11
    old = raw(seed_path("003"))
    last = "11. 法律法规规定的其他情形。\n"
    assert last in old.text
    added = "我们会与第三方广告服务商共享您的设备标识符和位置信息，用于个性化广告投放。"
    new = RawText(old.text.replace(last, last + "\n" + added + "\n", 1), "new.txt")
    result = compare(old, new)
    assert result.verdict.material
    assert ("fact_share", "第三方广告服务商") in [(f.signal, f.trigger) for f in result.verdict.findings]
    # the same words as one more exception (an item of the list) stay an exception: no new recipient
    as_item = RawText(old.text.replace(last, last + "12. " + added + "\n", 1), "item.txt")
    assert "第三方广告服务商" not in [f.trigger for f in compare(old, as_item).verdict.findings]


def test_the_other_version_is_read_lazily_and_only_where_a_match_can_stand() -> None:
    # seed 001 (tests/data/seeds): items near a value come in document order, whatever is read first,
    # and a caller that stops at its first match leaves the rest of the version unread
    tree = _read_tree(raw(seed_path("001")))
    whole = factdiff.Side(tree, set(), set()).items
    side = factdiff.Side(tree, set(), set())
    near = list(side.items_near("位置信息"))
    assert near and [(i.kind, i.value, i.fact.sentence) for i in near] == [
        (i.kind, i.value, i.fact.sentence) for i in whole if any(i.fact.where is s for s in side._near["位置信息"])]
    lazy = factdiff.Side(tree, set(), set())
    first = next(lazy.items_near("位置信息"))
    assert (first.kind, first.value) == (near[0].kind, near[0].value)
    assert len(lazy._by_section) < len(lazy._near["位置信息"])  # read a few sections, not all of them
    # a stated practice is never news in the rights, contact, definitions or update sections: those are not read
    practices = factdiff.Side(tree, set(), set())
    factdiff.stated_elsewhere("位置信息", "data_type", practices)
    read = [s for s in tree.sections if id(s) in practices._by_section]
    assert read and not [s for s in read if section_type(s) in factdiff.NOT_PRACTICE_SECTIONS]
