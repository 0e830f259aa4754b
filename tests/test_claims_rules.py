"""Rules of the claims that generalise beyond the pairs they were found on (issue 19): each is
checked on a real pair of tests/data/real (see its SOURCES.md) and on a sentence of its own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conftest import DATA

from policydiff.compare import meaning, partners, right_words, sdk_names
from policydiff.compare.facts.purposes import purpose_core
from policydiff.compare.pipeline import compare, read_tree
from policydiff.model import Finding, RawText
from policydiff.report import summary as summary_mod

REAL = DATA / "real"


@cache
def _items(folder: str, old: str, new: str) -> list:
    """The claims of a real pair, shown and worth a look (read once per pair: tests only read them)."""
    def raw(p: Path) -> RawText:
        return RawText(p.read_text(encoding="utf-8"), p.name)

    result = compare(raw(REAL / folder / old), raw(REAL / folder / new))
    return summary_mod.summary_items(result) + summary_mod.other_items(result)


def _finding(signal: str, trigger: str, evidence: str, category: str = "purpose_type_usage") -> Finding:
    return Finding(category=category, change_index=0, evidence=evidence, side="new", signal=signal,  # type: ignore[arg-type]
                   explanation="", trigger=trigger)


def _doc(text: str) -> meaning.Doc:
    return meaning.Doc.of(read_tree(RawText(text, "other.txt")))


def test_a_purpose_that_opens_with_the_users_act_is_no_purpose() -> None:
    other = _doc("我们会收集您的位置信息。")
    when = _finding("fact_purpose", "您使用电子地图识别附近网点进行审核", "…位置信息，用于您使用电子地图识别附近网点进行审核。")
    assert meaning.judge_one(when, other) == 0
    what = _finding("fact_purpose", "识别附近网点", "…位置信息，用于识别附近网点。")
    assert meaning.judge_one(what, other) == 1.0


def test_a_purpose_whose_words_the_old_version_states_as_they_are_is_no_news() -> None:
    assert purpose_core("为了向您提供更好的定位服务") == "定位"
    # psbc: the old SDK list says 「业务功能：动账、系统、营销类消息推送」; the new text wraps the same
    # words in 「为了向您提供…服务」, which the word cut splits badly (您提 / 供动账)
    items = _items("psbc-postal-savings-bank", "2020-11-25.txt", "2022-06-22.txt")
    purposes = [it.value for it in items if it.kind in ("purpose", "fact_purpose")]
    assert not any("动账" in v for v in purposes), purposes
    assert not any(v.startswith("您使用") for v in purposes), purposes
    assert any("线上化贷款" in v for v in purposes), purposes  # the new service of that sentence stays


def test_a_party_the_data_are_checked_with_is_said_as_a_verifier() -> None:
    f = _finding("recipient", "发证机关", "我们可能会将您提供的身份信息向发证机关进行核验。", "recipients")
    meaning.as_verifier(f)
    assert f.signal == "verifier"
    shared = _finding("recipient", "支付机构", "我们会向支付机构提供您的订单信息。", "recipients")
    meaning.as_verifier(shared)
    assert shared.signal == "recipient"
    items = _items("cainiao", "2019-02-20.txt", "2022-06-17.txt")
    kinds = {it.value: it.kind for it in items if it.category == "recipients"}
    assert kinds.get("合法数据持有者") == "verifier", kinds
    assert kinds.get("秒针系统") == "recipient", kinds


SEED = DATA / "seeds" / "001_bc6a763172dc167f.txt"  # 考拉海购隐私权政策 (tests/data/seeds/README.md)
ANCHOR = "您可点击此处查看考拉海购数据共享情况说明。\n"


def _seed_pair(old_sentence: str, new_sentence: str) -> list:
    text = SEED.read_text(encoding="utf-8")
    assert ANCHOR in text
    old = text.replace(ANCHOR, ANCHOR + "\n" + old_sentence + "\n", 1)
    new = text.replace(ANCHOR, ANCHOR + "\n" + new_sentence + "\n", 1)
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    return [(it.action, it.kind, it.value) for it in summary_mod.summary_items(result) + summary_mod.other_items(result)]


def test_a_sharing_denial_that_becomes_a_statement_is_a_claim() -> None:
    claims = _seed_pair("未经您同意，我们不会与广告合作伙伴共享您的设备信息和浏览记录。",
                        "为向您展示个性化广告，我们会与广告合作伙伴共享您的设备信息和浏览记录。")
    assert ("added", "recipient", "广告合作伙伴") in claims, claims


def test_a_denial_until_consent_said_as_sharing_after_consent_is_no_claim() -> None:
    claims = _seed_pair("未经您同意，我们不会与广告合作伙伴共享您的设备信息和浏览记录。",
                        "经您同意后，我们会与广告合作伙伴共享您的设备信息和浏览记录。")
    assert not any(v == "广告合作伙伴" for _, _, v in claims), claims


def test_a_denial_still_there_beside_a_new_statement_is_no_flip() -> None:
    # the new version denies it again elsewhere: the new sentence shares with another party
    claims = _seed_pair("我们不会与广告合作伙伴共享您的设备信息。",
                        "我们不会与广告合作伙伴共享您的设备信息，但会与物流服务商共享您的收货地址。")
    assert not any(v == "广告合作伙伴" for _, _, v in claims), claims


def test_data_the_user_gives_with_a_kind_of_consent_between_is_collected() -> None:
    # 「请求您单独同意向我们提供您居住的小区名称」: 单独同意 is one word of the policy dictionary
    from policydiff.compare.facts import SectionRef, make_sentence, sentence_facts

    s = make_sentence("为此，我们会请求您单独同意向我们提供您居住的小区名称。", SectionRef("一、", "一、"), "collection", "")
    assert [d.value for f in sentence_facts(s) if f.kind == "collect" for d in f.data] == ["居住的小区名称"]
    items = _items("cainiao", "2019-02-20.txt", "2022-06-17.txt")
    assert any("小区名称" in it.value for it in items if it.action == "added"), [it.value for it in items]


def test_a_destination_abroad_the_old_version_never_names_is_a_transfer_abroad() -> None:
    # cainiao 2022: 「若您拒绝…并且不允许跨境到我们在境外的服务器，您将无法享受我们的跨境物流服务」
    items = _items("cainiao", "2019-02-20.txt", "2022-06-17.txt")
    abroad = [it.value for it in items if it.kind == "cross_border" and it.action == "added"]
    assert any("境外的服务器" in v for v in abroad), abroad
    # a denial names no destination the data go to
    claims = _seed_pair("我们会将您的个人信息存储于中国境内。",
                        "我们会将您的个人信息存储于中国境内，不会传输至境外的服务器。")
    assert not any(k == "cross_border" for _, k, _ in claims), claims


def test_content_now_sent_to_the_servers_is_a_new_use() -> None:
    # jianying 2022: 「我们会将你主动选择的视频/音频文件回传至服务器进行识别处理」; the 2020 version
    # sends only 「待处理的素材或标签」 to the server, and 2022's 「你上传的素材…回传至我们的服务端」 is that again
    items = _items("bytedance-jianying", "2020-12-16.txt", "2022-08-10.txt")
    uses = [it.value for it in items if it.kind == "use" and it.action == "added"]
    assert any("视频/音频文件回传至服务器" in v for v in uses), uses
    assert not any(v.startswith("将你上传的素材") for v in uses), uses
    claims = _seed_pair("我们会在本地完成图片识别。", "我们不会将您选择的图片上传至服务器。")
    assert not any(k == "use" and "服务器" in v for _, k, v in claims), claims
    claims = _seed_pair("我们会在本地完成图片识别。", "我们会将您选择的图片上传至服务器进行识别。")
    assert ("added", "use", "将您选择的图片上传至服务器进行识别") in claims, claims


def test_biometric_data_processed_in_a_new_sentence_is_a_new_use() -> None:
    # weibo 2022 1.12: props that fit the face 「识别您的面部特征值信息」; 2020 names 面部识别特征 only for 认证
    items = _items("sina-weibo", "2020-12-14.txt", "2022-03-03.txt")
    uses = [it.value for it in items if it.kind == "use" and it.action == "added"]
    assert "我们将需要识别您的面部特征值信息" in uses, uses
    old = "在您申请认证时，我们需要收集您的面部识别特征，以帮助您完成身份认证。"
    # kept on the device: a safeguard, not a use
    claims = _seed_pair(old, "使用美颜道具时，我们仅会在本地完成面部特征信息识别。")
    assert not any(k == "use" and "面部" in v for _, k, v in claims), claims
    # the same practice in other words: no new use
    claims = _seed_pair(old, "在您申请认证时，我们还需要收集您的面部识别特征信息，用于帮助您完成身份认证。")
    assert not any(k == "use" and "面部" in v for _, k, v in claims), claims
    claims = _seed_pair(old, "您的指纹及脸部图像原图仅保存在您授权采集的设备上。")
    assert not any(k == "use" and "脸部" in v for _, k, v in claims), claims
    # a clause that only says when: the sentence's processing is elsewhere or none
    claims = _seed_pair(old, "当您选择使用需要对面部信息进行调整的美颜功能时，请您开启相机权限。")
    assert not any(k == "use" and "面部" in v for _, k, v in claims), claims
    claims = _seed_pair(old, "使用美颜道具时，我们会识别您的面部特征信息，以提供更好的视觉效果。")
    assert any(k == "use" and "面部特征信息" in v for _, k, v in claims), claims


def test_a_party_the_data_are_now_checked_with_is_a_new_verifier() -> None:
    # psbc 2022: 「会与合法留存您信息的数据库及单位进行核对」; the 2020 version checks with no one
    items = _items("psbc-postal-savings-bank", "2020-11-25.txt", "2022-06-22.txt")
    assert any(it.kind == "verifier" and "单位" in it.value for it in items), [(it.kind, it.value) for it in items]
    claims = _seed_pair("我们会收集您的身份证号码。", "我们会将您的身份证号码与发证机关进行核验。")
    assert ("added", "verifier", "发证机关") in claims, claims
    claims = _seed_pair("我们会收集您的身份证号码。", "我们不会将您的身份证号码与发证机关进行核验。")
    assert not any(k == "verifier" for _, k, _ in claims), claims


def test_precise_location_where_the_old_version_never_says_precise_widens_the_collection() -> None:
    items = _items("sina-weibo", "2020-12-14.txt", "2022-03-03.txt")
    assert any(it.kind == "scope" and "精准位置信息" in it.value for it in items), [(it.kind, it.value) for it in items]
    claims = _seed_pair("我们会收集您的位置信息。", "我们会收集您的精确地理位置信息。")
    assert any(k == "scope" and "精确地理位置" in v for _, k, v in claims), claims
    claims = _seed_pair("我们会收集您的位置信息。", "我们不会收集您的精确地理位置信息。")
    assert not any(k == "scope" and "精确" in v for _, k, v in claims), claims


def test_commercial_use_never_said_before_is_a_new_use() -> None:
    items = _items("psbc-postal-savings-bank", "2020-11-25.txt", "2022-06-22.txt")
    assert any(it.kind == "use" and "商业化的利用" in it.value for it in items), [(it.kind, it.value) for it in items]
    claims = _seed_pair("我们会对您的浏览记录进行统计。", "我们不会对您的浏览记录进行商业化利用。")
    assert not any("商业化" in v for _, _, v in claims), claims


def test_a_company_name_holding_a_stop_character_is_read_whole() -> None:
    from policydiff.compare.names import company_names

    assert company_names("该SDK由华为终端有限公司及其关联公司提供") == ["华为终端有限公司"]
    assert company_names("该SDK由深圳市和讯华谷信息技术有限公司提供") == ["深圳市和讯华谷信息技术有限公司"]
    assert company_names("我们将数据提供给北京某某科技有限公司") == ["北京某某科技有限公司"]  # 给 still ends a name's run


def test_a_response_time_the_other_version_states_elsewhere_is_no_news_unless_one_replaced_another() -> None:
    # jianying 2020 answers requests 「在15个工作日内」; 2022 answers complaints 「在十五个工作日内」
    items = _items("bytedance-jianying", "2020-12-16.txt", "2022-08-10.txt")
    assert not any(it.kind == "response_time" for it in items), [(it.action, it.value) for it in items if it.kind == "response_time"]
    # xingtu 10 → 15 working days: both sides stay, though 2020 states 15 elsewhere
    items = _items("bytedance-xingtu", "2020-12-20.txt", "2022-06-29.txt")
    periods = {(it.action, it.value) for it in items if it.kind == "response_time"}
    assert ("removed", "10个工作日") in periods and ("added", "15个工作日") in periods, periods


def test_a_survey_the_person_is_invited_to_is_no_data_type() -> None:
    other = _doc("我们会收集您的手机号码。")
    for value in ("功能有关的客户调研", "问卷调查"):
        f = _finding("fact_collect", value, f"邀请您参与我行服务、产品或{value}。")
        assert meaning.judge_one(f, other) == 0, value
    assert meaning.judge_one(_finding("fact_collect", "调查问卷答复信息", "我们会收集您的调查问卷答复信息。"), other) == 1.0


def test_a_purpose_of_general_words_run_together_is_no_news() -> None:
    from policydiff.compare.factdiff import purpose_words

    # 服务质量, 稳定性, 安全性: general words the word cut keeps as one (uc 「提供服务及改进服务质量」)
    assert [w for w in purpose_words("提供服务及改进服务质量") if w] == []
    assert [w for w in purpose_words("保持服务的稳定性和安全性") if w] == ["保持"]
    assert [w for w in purpose_words("向您推荐附近的门店和风控建模") if w] == ["推荐", "附近", "门店", "风控", "建模"]
    items = _items("uc-browser", "v1.txt", "v2.txt")
    assert "提供服务及改进服务质量" not in [it.value for it in items]


def test_a_promise_not_to_sell_is_no_denial_of_sharing() -> None:
    from policydiff.compare.edit_flows import denied_parties

    assert denied_parties("我们不会向广告合作伙伴出售您的设备信息。") == set()
    assert denied_parties("我们不会向广告合作伙伴提供您的设备信息。") == {"广告合作伙伴"}


def test_a_menu_path_that_ends_where_the_other_version_sends_the_person_is_worth_a_look_only() -> None:
    # cainiao 2019 「您可以在“我-设置-隐私”中…撤回…同意」; 2022 「点击“我的”…您可在“隐私”中更改您对系统权限的授权」
    sentence = "撤回同意：您可以在“我-设置-隐私”中自主设置，开通或撤回对通讯录等授权的同意。"
    f = Finding(category="rights", change_index=0, evidence=sentence, side="old", signal="right_removed",
                explanation="", trigger=sentence)
    same_end = _doc("您可以通过以下方式撤回您的授权：点击“我的”，您可在“隐私”中更改您对系统权限的授权。")
    assert meaning.judge_one(f, same_end) <= meaning.LOW
    elsewhere = _doc("您可以通过以下方式撤回您的授权：点击“我的”，在“账号管理”中更改您的授权。")
    assert meaning.judge_one(f, elsewhere) == 1.0


def test_a_destination_abroad_named_in_other_words_is_no_new_transfer() -> None:
    claims = _seed_pair("我们会将您的订单信息传输至我们位于海外的服务器。", "我们会将您的订单信息传输至我们位于境外的服务器，以完成跨境订单。")
    assert not any(k == "cross_border" for _, k, _ in claims), claims


def test_a_right_named_only_as_a_step_of_a_menu_path_is_worth_a_look_only() -> None:
    # jj-games 2022: 「移动端路径：我-设置（齿轮图标）-客服帮助-账号申诉-账号注销」 names a button, not a right
    items = _items("jj-games", "2021-01-04.txt", "2022-06-02.txt")
    appeal = [i for i in items if i.kind == "right" and i.value == "申诉"]
    assert appeal and all(i.confidence <= meaning.LOW for i in appeal)
    # the same word stated as a right stays a confident claim
    finding = _finding("right", "申诉", "您有权对我们的处理决定提出申诉。", category="rights")
    assert meaning.judge_one(finding, _doc("我们会收集您的位置信息。")) == 1.0


def test_an_example_list_of_sensitive_information_states_no_practice() -> None:
    # lilith-games v2 (GB/T 35273 附录B's 「个人敏感信息举例」 in a policy): examples, not collection
    sentence = "个人敏感信息示例：您的个人财产信息、个人身份信息、个人生物识别信息、通讯录信息、好友列表、精准定位信息。"
    other = _doc("我们会收集您的设备型号。")
    assert meaning.judge_one(_finding("data_type", "通讯录", sentence), other) == 0.0
    assert meaning.judge_one(_finding("data_type", "通讯录", "我们会收集您的通讯录信息。"), other) == 1.0


def test_a_scope_word_inside_a_services_name_widens_no_collection() -> None:
    # chaoxing v2 「声网SDK、获取常用设备型号、视频和音频内容 用于学习通音视频实时互动」: 实时 names the service
    other = _doc("我们会收集您的设备型号。")
    service = Finding(category="purpose_type_usage", change_index=0, side="new", signal="fact_scope", explanation="",
                      trigger="实时", value="设备型号|实时", evidence="声网SDK获取常用设备型号、视频和音频内容，用于音视频实时互动。")
    widened = Finding(category="purpose_type_usage", change_index=0, side="new", signal="fact_scope", explanation="",
                      trigger="实时", value="设备型号|实时", evidence="我们会实时获取您的设备型号，用于音视频互动。")
    assert meaning.judge_one(service, other) == 0.0
    assert meaning.judge_one(widened, other) == 1.0


def test_a_link_a_pointer_or_a_clause_is_no_sdk_name() -> None:
    # papergames / mihoyo: 「SDK列表见【https://www.papegames.com/privacy_sdk.html】」, 「具体情况请参见SDK运营方的隐私政策」
    other = _doc("我们会收集您的设备型号。")
    for name, evidence in (("mes.com/privacy_sdk", "目前我们接入的SDK列表见【https://www.papegames.com/privacy_sdk.html】"),
                           ("具体情况请参见SDK", "具体情况请参见SDK运营方的隐私政策。"),
                           ("的上述手机厂商的Push SDK", "我们接入的上述手机厂商的Push SDK可能需要收集信息。")):
        assert meaning.judge_one(_finding("sdk_name", name, evidence, category="recipients"), other) == 0.0, name
    named = _finding("sdk_name", "极光推送SDK", "我们使用了极光推送SDK。", category="recipients")
    assert meaning.judge_one(named, other) == 1.0


def test_the_principles_a_processing_is_assessed_by_are_no_data() -> None:
    # chaoxing v2 「我们会评估该第三方收集信息的合法性、正当性、必要性」 (PIPL art. 5)
    sentence = "我们会评估该第三方收集信息的合法性、正当性、必要性。"
    assert meaning.judge_one(_finding("fact_collect", "正当性", sentence), _doc("我们会收集您的设备型号。")) == 0.0


def test_items_of_a_list_of_uses_and_a_definition_of_sensitive_information_are_no_data() -> None:
    # mihoyo v2 「我们会用于以下用途，包括实时天气、…用户回流邀请或其他活动邀请」; v1 「可能被认为是敏感个人信息，例如…宗教」
    other = _doc("我们会收集您的设备型号。")
    uses = "对非必要的个人信息，我们会用于以下用途，包括实时天气、用户问卷调查、用户回流邀请或其他活动邀请、语音聊天。"
    assert meaning.judge_one(_finding("fact_collect", "语音聊天", uses), other) == 0.0
    assert meaning.judge_one(_finding("fact_collect", "语音聊天", "我们会收集您的语音聊天内容。"), other) == 1.0
    defined = "某些个人信息因其特殊性可能被认为是敏感个人信息，例如您的种族、宗教、个人健康和医疗信息等。"
    assert meaning.judge_one(_finding("data_type", "宗教", defined), other) == 0.0


def test_a_table_row_run_together_or_a_pointer_to_a_table_is_no_name() -> None:
    # mihoyo v2's SDK table read as one line: 「…深圳市和讯华谷信息技术有限公司JPUSHIMEI…」; 「参照下表中对应联运SDK」
    other = _doc("我们会收集您的设备型号。")
    row = _finding("fact_collect", "讯华谷信息技术有限公司JPUSHIMEI", "SD卡应用缓存目录下文件名列表深圳市和讯华谷信息技术有限公司JPUSHIMEI")
    assert meaning.judge_one(row, other) == 0.0
    exception = _finding("fact_collect", "雷霆公司履行法律法规规定的义务相关", "10. 与雷霆公司履行法律法规规定的义务相关的；")
    assert meaning.judge_one(exception, other) == 0.0  # leiting 2021: a consent exception's clause
    pointer = _finding("sdk_name", "参照下表中对应联运SDK", "请根据您获取软件的具体联运渠道，参照下表中对应联运SDK。", category="recipients")
    assert meaning.judge_one(pointer, other) == 0.0


def test_an_sdk_name_is_shown_without_its_list_numbers_dot() -> None:
    # chaoxing v2 lists 「（3）.科大讯飞SDK 通过获取录音权限…」: the SDK is 科大讯飞SDK
    items = _items("chaoxing-xuexitong", "v1.txt", "v2.txt")
    sdks = [i.value for i in items if i.kind == "sdk_name"]
    assert "云视互动SDK" in sdks and not any(v.startswith((".", "．")) for v in sdks)


def test_an_sdk_named_with_the_apps_prefix_or_the_vendors_full_name_is_one_sdk() -> None:
    # chaoxing v1 lists 「(6) 学习通内讯飞SDK…用于语音识别功能」, v2 「（3）.科大讯飞SDK…用于语音识别功能」;
    # 学习通内友盟SDK / 友盟SDK the same; 学习通内听云互视SDK has no counterpart in v2
    assert sdk_names.same_sdk("学习通内讯飞SDK", "科大讯飞SDK") and not sdk_names.same_sdk("华为推送SDK", "推送SDK")
    items = _items("chaoxing-xuexitong", "v1.txt", "v2.txt")
    sdks = {(i.action, i.value) for i in items if i.kind == "sdk_name"}
    for name in ("学习通内友盟SDK", "学习通内信鸽SDK", "学习通内讯飞SDK", "学习通内金山直播SDK"):
        assert ("removed", name) not in sdks, sdks
    assert ("added", "科大讯飞SDK") not in sdks and ("removed", "学习通内听云互视SDK") in sdks, sdks
    assert ("added", "声网SDK") in sdks, sdks


def test_an_sdk_a_table_names_without_the_word_sdk_is_still_there() -> None:
    # lilith v1 「极光推送Jpush SDK| 深圳市和讯华谷…」; v2's table row 「极光推送 深圳市和讯华谷信息 技术有限公司」
    items = _items("lilith-games", "v1.txt", "v2.txt")
    assert not any(i.kind == "sdk_name" and "极光推送" in i.value for i in items), [i.value for i in items]
    other = read_tree(RawText("我们接入了推送服务。", "other.txt"))
    assert not sdk_names.renamed("极光推送Jpush SDK", other, meaning.Doc.of(other).says)


def test_an_activity_or_a_use_is_no_data() -> None:
    # chaoxing v2 「…超星课堂功能、上传头像、创建课程、上传证书时，您可以选择授权学习通开启您设备的摄像头」;
    # 「听云SDK、访问电话状态、WiFi状态 用于系统异常信息的采集、统计和分支」
    items = _items("chaoxing-xuexitong", "v1.txt", "v2.txt")
    data = [i.value for i in items if i.category == "purpose_type_usage" and i.kind in ("data_type", "fact_collect")]
    assert "创建课程" not in data and "分支" not in data, data
    assert "音频内容" in data, data  # 「获取常用设备型号、视频和音频内容 用于…」: data before 用于 stay
    other = _doc("我们会收集您的设备型号。")
    activity = _finding("fact_collect", "发布动态", "当您发布动态、添加好友时，我们会请求相册权限。")
    assert meaning.judge_one(activity, other) == 0.0
    content = _finding("fact_collect", "发布内容", "我们会收集您的发布内容。")
    assert meaning.judge_one(content, other) == 1.0


def test_a_purpose_with_a_link_inside_is_a_table_row_run_together() -> None:
    # lilith v2's SDK table flattened from a PDF: 「…Oppo 推送广东欢太科技有限公 司用于在 Oppo 设备上推送
    # 消息设备标识信息、网络 信息…https://open.oppomobi le.com/wiki/…」
    items = _items("lilith-games", "v1.txt", "v2.txt")
    purposes = [i.value for i in items if i.kind in ("purpose", "fact_purpose")]
    assert not any("http" in v for v in purposes), purposes
    assert any("游戏运营统计分析" in v for v in purposes), purposes


def test_a_table_put_behind_a_link_is_no_removal_of_its_rows() -> None:
    # jj-games 2021 lists permissions in a table (「邀请好友 | 邀请好友参加游戏 | 通讯录」); 2022 replaces it by
    # 「隐私政策附录：应用权限查询链接：https://acts.jj.cn/…」: the rows are worth a look, not "removed"
    def raw(name: str) -> RawText:
        return RawText((REAL / "jj-games" / name).read_text(encoding="utf-8"), name)

    result = compare(raw("2021-01-04.txt"), raw("2022-06-02.txt"))
    shown = {(i.action, i.value) for i in summary_mod.summary_items(result)}
    looks = {(i.action, i.value) for i in summary_mod.other_items(result)}
    assert ("removed", "通讯录") not in shown and ("removed", "通讯录") in looks, shown
    assert ("added", "支付宝身份认证SDK") in shown, shown  # what the new text itself adds stays


def test_a_link_an_sdks_version_or_a_lookup_names_no_party_nor_collected_data() -> None:
    # mihoyo v2: 「…qq%e4%ba%92%e8%81%94sdk%e9%9a%90…」 (a link's escapes), 「android系统和SDK版本」,
    # 「初始化SDK、登录、支付」, and 「您可以通过米哈游通行证账号系统…查询到您的个人信息绑定情况…如头像、昵称、性别」
    items = _items("mihoyo-honkai3", "v1.txt", "v2.txt")
    values = {i.value for i in items}
    for wrong in ("4%ba%92%e8%81%94sdk", "android系统和SDK", "初始化SDK", "个人信息绑定情况", "性别"):
        assert wrong not in values, wrong
    assert "阿里云实人认证SDK" in values and "游戏时长信息" in values, values
    other = _doc("我们会收集您的设备型号。")
    looked_up = _finding("fact_collect", "昵称", "您可以在“我的-账号”中查看到您的昵称、头像。")
    collected = _finding("fact_collect", "昵称", "注册时我们会收集您的昵称、头像。")
    assert meaning.judge_one(looked_up, other) == 0.0 and meaning.judge_one(collected, other) == 1.0


def test_a_contents_line_is_no_data() -> None:
    # soul v2 opens with its table of contents: 「1. 如何收集和使用您的个人信息 3」 (3 is the page)
    items = _items("soul", "v1.txt", "v2.txt")
    values = [i.value for i in items]
    assert not any(v.rstrip()[-1:].isdigit() and "个人信息" in v for v in values), values
    assert "语音信息" in values, values  # 「通过您的语音信息实现语音匹配」 stays


def test_an_exemption_for_deidentified_data_is_no_safeguard() -> None:
    # uc v1 「共享、转让经去标识化处理的个人信息…不属于个人信息的对外共享…无需另行向您通知并征得您的同意」
    items = _items("uc-browser", "v1.txt", "v2.txt")
    assert not any(i.kind == "safeguard" and i.value == "去标识化" for i in items), [i.value for i in items]
    other = _doc("我们会收集您的设备型号。")
    promise = _finding("safeguard", "去标识化", "我们会对共享的信息进行去标识化处理。", "recipients")
    exemption = _finding("safeguard", "去标识化", "共享经去标识化处理的个人信息，无需另行征得您的同意。", "recipients")
    assert meaning.judge_one(promise, other) == 1.0 and meaning.judge_one(exemption, other) == 0.0


def test_a_de_phrase_with_a_synonymous_head_and_the_same_owner_is_no_news() -> None:
    # cainiao 2019 「您的淘宝账户的用户名」, 2022 「您的淘宝平台账户的会员名」 (用户名/会员名: GB/T 35273 附录A)
    items = _items("cainiao", "2019-02-20.txt", "2022-06-17.txt")
    assert "淘宝平台账户的会员名" not in [i.value for i in items]
    other = _doc("我们会收集您的淘宝账户的用户名和手机号码。")
    same = _finding("fact_collect", "淘宝平台账户的会员名", "我们会收集您的淘宝平台账户的会员名。")
    narrower = _finding("fact_collect", "支付宝账户的会员名", "我们会收集您的支付宝账户的会员名。")
    assert meaning.judge_one(same, other) == 0.0 and meaning.judge_one(narrower, other) == 1.0


def test_data_the_service_says_it_collects_are_claimed_per_sentence() -> None:
    # psbc 2022 adds 「（7）当您使用电子银行办理无实体介质Ⅱ/Ⅲ类账户开户业务时，我们会收集您的姓名、性别、国籍、职业、
    # 税收状况…证件有效期、身份证证件照片…」 in a section where another sentence's mention (位置) already stood
    items = _items("psbc-postal-savings-bank", "2020-11-25.txt", "2022-06-22.txt")
    data = {i.value for i in items if i.kind in ("data_type", "fact_collect")}
    assert {"国籍", "税收状况", "证件有效期"} <= data, data
    assert not data & {"送达", "功能评估", "控制震动器", "设备内存"}, data  # an SDK's row, a list's verb, a permission
    other = _doc("我们会收集您的设备型号。")
    for wrong, sentence in (("iOS", "我们会收集您的设备标识符（iOS如IDFV、IDFA）。"),
                            ("最新的天气情况", "如您需要在首页获取最新的天气情况，请开启位置权限。"),
                            ("存在保留期限的其他特别约定", "4. 是否存在保留期限的其他特别约定。"),
                            ("送达", "收集消息创建、送达和点击时间。")):
        assert meaning.judge_one(_finding("fact_collect", wrong, sentence), other) == 0.0, wrong


def test_a_technology_or_two_said_names_run_together_are_no_new_data() -> None:
    # jianying 2022 「Cookie 和设备信息标识等同类技术是互联网中普遍使用的技术」: a technique, not data
    items = _items("bytedance-jianying", "2020-12-16.txt", "2022-08-10.txt")
    assert "设备信息标识" not in [i.value for i in items]
    other = _doc("我们会收集您的交友记录。我们会保存游戏对局信息。")  # psbc 2022's 「MAC地址设备唯一标识码」, by words
    joined = _finding("fact_collect", "游戏对局信息交友记录", "我们会收集您的游戏对局信息交友记录")
    new = _finding("fact_collect", "心率数据运动步数", "获取您的心率数据运动步数")
    assert meaning.judge_one(joined, other) == 0.0 and meaning.judge_one(new, other) == 1.0


def test_a_role_the_new_version_still_names_is_not_removed() -> None:
    # lilith v1 「向上海市闵行区人民法院提起诉讼」, v2 「向上海市徐汇区人民法院提起诉讼」: the court changed, 人民法院 stays
    items = _items("lilith-games", "v1.txt", "v2.txt")
    said = {(i.action, i.kind, i.value) for i in items}
    assert ("removed", "role", "人民法院") not in said, said
    assert ("added", "court", "上海市徐汇区人民法院") in said, said


def test_a_name_split_by_a_pdf_line_break_is_shown_whole() -> None:
    # lilith v2 (a PDF's text): 「广东欢太科技有限公 司」「小米科技有限责任公 司」
    items = _items("lilith-games", "v1.txt", "v2.txt")
    values = [i.value for i in items]
    assert "广东欢太科技有限公司" in values and not any("公 司" in v for v in values), values


def test_a_duty_put_on_the_user_states_no_practice() -> None:
    # uc v2 「您公开发布的信息中涉及儿童个人信息的，需在发布前取得所涉及儿童的监护人授权」: the user's duty
    items = _items("uc-browser", "v1.txt", "v2.txt")
    assert "公开发布的信息" not in [i.value for i in items]
    other = _doc("我们会收集您的设备型号。")
    duty = _finding("fact_collect", "通讯录信息", "您上传通讯录信息前，应当取得联系人的同意。")
    practice = _finding("fact_collect", "通讯录信息", "经您同意后，我们会收集您的通讯录信息。")
    assert meaning.judge_one(duty, other) == 0.0 and meaning.judge_one(practice, other) == 1.0


def test_a_short_word_joined_by_ji_to_a_headed_name_shares_its_head() -> None:
    # mihoyo v2 「我们会收集您的游戏识别信息、硬件及操作系统信息、进程及游戏崩溃记录信息…」: 硬件 is 硬件信息
    items = _items("mihoyo-honkai3", "v1.txt", "v2.txt")
    values = [i.value for i in items]
    assert "硬件" not in values and "进程" not in values and "游戏崩溃记录信息" in values, values


def test_a_member_spelled_out_under_an_identifier_spelled_with_shibiefu_is_a_refinement() -> None:
    # 雷霆 2020 → 2021: 「唯一设备识别符」 becomes 「唯一设备识别符（IMEI）」 (识别符, not 标识符: one node)
    items = _items("leiting-games", "2020-07-01.txt", "2021-10-08.txt")
    imei = [it for it in items if it.value == "IMEI"]
    assert imei and all(it.confidence < 1 for it in imei), [(it.value, it.confidence) for it in imei]
    assert any(it.value == "广告标识符" and it.confidence == 1 for it in items)  # what is new stays news
    # shown as such: beside the old version's own generic words, and after what is new in its line
    assert all(it.refines == "唯一设备识别符" for it in imei), [it.refines for it in imei]
    assert summary_mod.item_text(imei[0]) == "IMEI（细化：旧版本为「唯一设备识别符」）"
    assert summary_mod.item_text(imei[0], "en") == "IMEI (spelled out; the old version said “唯一设备识别符”)"
    assert not any(it.refines for it in items if it.value == "广告标识符")
    added_data = [it.value for it in items if it.action == "added" and it.kind == "data_type"]
    assert added_data.index("IMEI") > added_data.index("广告标识符")


def test_a_member_the_new_version_no_longer_spells_out_is_shown_under_its_generic_words() -> None:
    old = "一、我们收集的信息\n我们会收集您的设备型号、国际移动设备识别码（IMEI）和IP地址。\n"
    new = "一、我们收集的信息\n我们会收集您的设备型号、设备标识信息和IP地址。\n"
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    items = summary_mod.summary_items(result) + summary_mod.other_items(result)
    imei = [it for it in items if it.value.endswith("IMEI") or it.value.endswith("（IMEI）")]
    assert imei and all(it.action == "removed" and it.refines == "设备标识信息" for it in imei), \
        [(it.action, it.value, it.refines) for it in items]
    assert summary_mod.item_text(imei[0]).endswith("（概括：新版本为「设备标识信息」）")


def test_new_location_data_is_shown_with_the_sentence_that_collects_it() -> None:
    # the same pair: the collection sentence abbreviates in brackets (以下简称), the next one only warns
    items = _items("leiting-games", "2020-07-01.txt", "2021-10-08.txt")
    location = [it for it in items if "地理位置" in it.value and it.action == "added"]
    assert location and all("获取您的模糊地理位置信息" in it.evidence_new for it in location), \
        [(it.value, it.evidence_new) for it in location]


def test_a_company_the_other_version_names_is_no_news_and_an_operator_named_anew_is() -> None:
    # 莉莉丝: the new intro breaks 「上海莉莉 丝网络科技有限公司」 across a PDF line; the old names it whole
    lilith = _items("lilith-games", "v1.txt", "v2.txt")
    assert not any(it.kind == "company" and "丝网络科技有限公司" in it.value for it in lilith), \
        [(it.kind, it.value) for it in lilith if it.kind == "company"]
    # Soul: the old version names no operator; the new one's intro does (以下简称 in brackets, a party all the same)
    soul = [(it.action, it.value) for it in _items("soul", "v1.txt", "v2.txt") if it.kind == "company"]
    assert ("added", "上海任意门科技有限公司") in soul, soul


def test_the_id_number_and_the_phone_model_in_other_words_are_no_new_data() -> None:
    # JJ 2021 → 2022: the old version collects 身份证件号码 and 设备信息; the new names 公民身份号码 (the
    # 居民身份证法's word for the same number) and 手机型号. What is new is the collection in the background.
    items = _items("jj-games", "2021-01-04.txt", "2022-06-02.txt")
    added = [(it.kind, it.value) for it in items if it.action == "added"]
    assert not any(v in ("公民身份号码", "手机型号") for _, v in added), added
    assert any(k == "fact_scope" and "后台" in v for k, v in added), added


def test_a_company_name_broken_by_a_pdf_line_is_read_whole() -> None:
    from policydiff.compare.names import company_names

    # 莉莉丝 v2 (from a PDF): 「与上海莉莉 丝网络科技有限公司」, 「北京巨量引擎网络技 术有限公司」
    assert company_names("由您与上海莉莉 丝网络科技有限公司共同缔结") == ["上海莉莉 丝网络科技有限公司"]
    assert company_names("头条广告SDK 北京巨量引擎网络技 术有限公司") == ["北京巨量引擎网络技 术有限公司"]
    assert company_names("我们与 上海某某网络科技有限公司共享") == ["上海某某网络科技有限公司"]  # a space after 与 is no name
    lilith = [(it.action, it.value) for it in _items("lilith-games", "v1.txt", "v2.txt") if it.kind == "company"]
    assert ("added", "北京巨量引擎网络技术有限公司") in lilith, lilith  # the ad SDK's vendor, new in v2


def _sentence_claims(sentence: str) -> list:
    """The claims of a new version that adds ``sentence`` to a policy's collection section."""
    old = "隐私政策\n一、我们如何收集和使用您的个人信息\n我们会收集您的手机号码，用于注册账号。\n二、联系我们\n邮箱：privacy@example.com\n"
    new = old.replace("用于注册账号。\n", "用于注册账号。\n" + sentence + "\n")
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    return summary_mod.summary_items(result) + summary_mod.other_items(result)


def test_data_listed_inside_a_purpose_stay_data_and_a_feature_named_by_a_data_word_stays_a_purpose() -> None:
    # chaoxing v2: the bracket lists what the bracelet records, health data (PIPL art. 28); a data
    # word inside a wider purpose gave way to it, and the new 心率 was shown only as that purpose
    listed = _sentence_claims("（9）蓝牙权限：您连接运动手环，以实现记录信息（包括但不限于心率、睡眠信息、步数、运动数据、体重）。")
    assert any(it.kind in ("data_type", "fact_collect") and it.value == "心率" for it in listed), [(i.kind, i.value) for i in listed]
    # 人脸 is not collected there: the feature's purpose is the claim
    feature = _sentence_claims("瑞为SDK通过获取相机权限，对拍照内容活体检测，用于考试的人脸识别功能。")
    assert any(it.kind == "fact_purpose" and "考试的人脸识别功能" in it.value for it in feature), [(i.kind, i.value) for i in feature]


def test_sensitive_data_come_first_among_the_new_data_of_a_real_rewrite() -> None:
    # chaoxing v2 adds a bracelet's health data (心率) among a dozen new device data: it is claimed,
    # and a brief summary that shows four of them shows it first (PIPL art. 28: sensitive)
    items = _items("chaoxing-xuexitong", "v1.txt", "v2.txt")
    data = [it.value for it in items if it.kind in ("data_type", "fact_collect") and it.action == "added"]
    assert "心率" in data and data.index("心率") == 0, data
    raw = {p: RawText((REAL / "chaoxing-xuexitong" / p).read_text(encoding="utf-8"), p) for p in ("v1.txt", "v2.txt")}
    brief = summary_mod.summary_text(compare(raw["v1.txt"], raw["v2.txt"]), "zh", brief_limit=4)
    line = next(text for _, _, text in brief if text.startswith("新增收集的个人信息"))
    assert line.split("：", 1)[1].startswith("心率"), line


def test_what_the_person_does_or_loses_by_refusing_is_no_data_collected() -> None:
    # mihoyo v2: a permission's scene (当您…进行实人认证或是获取游戏资源时) and the consequence of refusing
    # it (如您拒绝授权，将会影响到…游戏资源的正常获取) name what the person does and loses
    other = _doc("我们会收集您的手机号码。")
    scene = _finding("fact_collect", "游戏资源", "当您在软件中需要上传您设备中的图片或文件、进行实人认证或是获取游戏资源时，我们需要您授权我们访问您的存储空间权限。")
    refusal = _finding("fact_collect", "实人认证", "如您拒绝授权，将会影响到您正常使用图片的上传功能、实人认证的进行以及游戏资源的正常获取。")
    assert meaning.judge_one(scene, other) == 0 and meaning.judge_one(refusal, other) == 0
    # what the service does after the person's act stays a claim
    ours = _finding("fact_collect", "位置信息", "当您使用附近的人功能时，我们会收集您的位置信息。")
    assert meaning.judge_one(ours, other) > 0
    items = _items("mihoyo-honkai3", "v1.txt", "v2.txt")
    assert not {"游戏资源", "实人认证"} & {it.value for it in items if it.kind == "fact_collect"}


def test_a_channel_word_said_with_its_number_is_not_a_second_claim() -> None:
    # lilith v1 -> v2 drops 「客服电话：028-65231887」: one claim (the number), not also 「客服电话」
    items = _items("lilith-games", "v1.txt", "v2.txt")
    assert any(it.kind == "phone" and it.action == "removed" and it.value == "028-65231887" for it in items)
    assert not any(it.kind == "role" and it.value == "客服电话" for it in items), [(i.kind, i.value) for i in items if i.kind == "role"]
    # a department named with its mailbox stays a claim of its own (法务部 is no medium)
    kept = _sentence_claims("如有疑问，请联系我们的法务部：legal@example.com。")
    assert any(it.kind == "email" for it in kept)


def test_a_biometric_collection_already_claimed_as_data_is_not_claimed_again_as_a_use() -> None:
    # leiting 2021: 「…第三方人脸识别插件…将可能收集您的面部识别特征」 was 人脸 (data) and, again, a new use
    items = _items("leiting-games", "2020-07-01.txt", "2021-10-08.txt")
    face = [it for it in items if "面部识别特征" in (it.evidence_new or "")]
    assert any(it.kind == "data_type" for it in face), [(i.kind, i.value) for i in face]
    assert not any(it.kind == "use" for it in face), [(i.kind, i.value) for i in face]


def test_data_about_children_are_named_with_the_children_not_by_their_age_alone() -> None:
    old = "一、我们如何收集您的信息\n我们会收集您的手机号码，用于注册账号。\n"
    new = old + "若您是14周岁以下的儿童，我们会收集您的身份信息，用于验证年龄。\n"
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    values = [it.value for it in summary_mod.summary_items(result) if it.action == "added"]
    assert "14周岁以下的儿童" in values and "14周岁以下" not in values, values


def test_a_new_e_mail_address_is_one_claim_not_also_a_way_to_exercise_a_right() -> None:
    old = ("一、您的权利\n如您需要更正您的信息，请您通过电子邮件（feedback@example.cn）联系我们，我们将在十五个工作日内回复。\n"
           "二、联系我们\n您可以通过电子邮件（feedback@example.cn）联系我们。\n")
    new = old.replace("feedback@example.cn", "privacy-team@example.cn")
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    items = [(it.kind, it.value) for it in summary_mod.summary_items(result) + summary_mod.other_items(result)]
    assert ("email", "privacy-team@example.cn") in items and all(kind == "email" for kind, _ in items), items


def test_a_grant_is_not_claimed_again_beside_the_right_and_time_limit_it_states() -> None:
    # papergames v2: 「6. 您有权获取您的个人信息副本」 and 「您有权获取您的个人信息副本，…我们将在15个工作日内回复」
    items = [it for it in _items("papergames-nikki", "v1.txt", "v2.txt") if it.confidence > meaning.LOW]
    kinds = {(it.kind, it.value) for it in items}
    assert ("right", "副本") in kinds and ("response_time", "15个工作日") in kinds, kinds
    assert not [it.value for it in items if it.kind == "grant" and "副本" in it.value]


def test_a_grant_beside_a_right_only_worth_a_look_stays() -> None:
    # jj 2022: 「…提交注销申请（移动端路径：我-设置（齿轮图标）-客服帮助-账号申诉-账号注销」: 申诉 is a button
    items = _items("jj-games", "2021-01-04.txt", "2022-06-02.txt")
    assert any(it.kind == "grant" and "注销申请" in it.surface for it in items if it.confidence > meaning.LOW)


def test_a_data_type_named_wider_by_another_claim_is_one_claim() -> None:
    # papergames v2 names 「MAC地址」 in one list and 「设备MAC地址」 in another: one datum
    values = [it.value for it in _items("papergames-nikki", "v1.txt", "v2.txt") if it.kind in ("data_type", "fact_collect")]
    assert "设备MAC地址" in values and "MAC地址" not in values, values


def test_a_table_cell_does_not_run_on_into_the_next() -> None:
    # a list of SDKs re-laid as a tab table (chaoxing v2's shape): 「…读取手机状态和身份<tab>推送…的通知」
    old = "一、第三方SDK\n（1）.信鸽SDK 通过获取IMEI和读取手机状态和身份，用于推送学习通的通知、课程活动。\n"
    new = "一、第三方SDK\nSDK名称\t收集的信息\t使用目的\n信鸽SDK\tIMEI和读取手机状态和身份\t推送学习通的通知、课程活动\n"
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    values = [it.value for it in summary_mod.summary_items(result) + summary_mod.other_items(result)]
    assert not any("身份推送" in v for v in values), values


def test_an_android_permission_constant_beside_its_words_is_one_claim() -> None:
    # leiting 2021: 「我们会获取您的GET_TASKS（设备运行进程信息）权限，以便检测模拟器…」
    values = [it.value for it in _items("leiting-games", "2020-07-01.txt", "2021-10-08.txt")]
    assert "设备运行进程信息" in values and "GET_TASKS" not in values and "READ_LOGS" not in values, values


def test_an_unnamed_partner_is_no_new_recipient_where_the_other_version_shares_with_partners_in_other_words() -> None:
    # soul v1 discloses to its 「合作单位」 (「…Soul App因此向合作单位公开用户个人隐私信息」); v2 shares
    # 「与合作方共享」: the same unnamed partners, while a named kind of partner is news
    items = _items("soul", "v1.txt", "v2.txt")
    recipients = [(it.action, it.value) for it in items if it.category == "recipients"]
    assert ("added", "合作方") not in recipients, recipients
    assert ("added", "礼品服务合作伙伴") in recipients, recipients
    discloses = _doc("我们会向合作单位公开您的个人信息。")
    assert partners.unnamed_partner_said("合作方", discloses)
    assert not partners.unnamed_partner_said("广告合作伙伴", discloses)  # a class of partner, not any partner
    assert not partners.unnamed_partner_said("合作方", _doc("我们不会向任何第三方公开您的个人信息。"))  # a denial


def test_a_link_to_a_list_kept_outside_the_policy_is_no_contact_link() -> None:
    # jj-games 2022 ends its 「如何联系我们」 with 「应用权限查询链接 / 个人信息查询链接 / 第三方SDK查询链接」:
    # lists put behind links (the MIIT's "two lists"), not a new way to reach the operator
    head = "隐私政策\n一、我们收集的信息\n我们会收集您的设备信息。\n二、如何联系我们\n如您有任何问题，请通过客服中心与我们联系。\n"
    old = compare(RawText(head, "old.txt"), RawText(head + "第三方SDK查询链接：https://example.com/sdk-list\n", "new.txt"))
    assert not [f for f in old.verdict.findings if f.signal == "url"], old.verdict.findings
    reach = compare(RawText(head, "old.txt"), RawText(head + "在线客服：https://example.com/help\n", "new.txt"))
    assert [f.trigger for f in reach.verdict.findings if f.signal == "url"] == ["https://example.com/help"]


def test_a_right_word_that_points_elsewhere_or_names_an_occasion_is_no_confident_right() -> None:
    # soul 2022: 「请您点击查阅“《个人信息共享清单》”」 sends the reader to a list, and 「…封号申诉和境外手机
    # 登录场景）时，您需要向我们提供…」 names an occasion of a use of data: neither is a right the policy gives
    # (v2 also gives 查阅 in its rights section, 「3.1 查阅/复制或更正/补充您的个人信息」: that is the claim's evidence)
    items = _items("soul", "v1.txt", "v2.txt")
    found = {(i.value, i.confidence) for i in items if i.kind == "right"}
    looked_up = [i for i in items if i.kind == "right" and i.value == "查阅"]
    assert looked_up and all("点击查阅" not in (i.evidence_new or "") for i in looked_up), looked_up
    assert all(any(s.heading.startswith("3.1") for s in i.sections) for i in looked_up), looked_up
    assert ("申诉", meaning.LOW) in found and ("申诉", 1.0) not in found, found
    # the same words where a right is given stay confident claims
    other = _doc("我们会收集您的位置信息。")
    assert meaning.judge_one(_finding("right", "查阅", "您有权查阅您的个人信息。", category="rights"), other) == 1.0
    assert meaning.judge_one(_finding("right", "申诉", "您有权对我们的处理决定提出申诉。", category="rights"), other) == 1.0
    assert meaning.judge_one(_finding("right", "复制", "（二）复制权", category="rights"), other) == 1.0
    assert right_words.LOW == meaning.LOW  # the same line between the summary and "worth a look"


def test_words_the_policy_never_prints_in_one_paragraph_are_no_claim() -> None:
    # mihoyo 2022 lays its SDK table out a cell a line: 「…设备环境等特征信息）、面容特征」 then
    # 「实人认证身份时使用」. The facts read an open line with the next, and the list's last item ran
    # into the next cell (「面容特征实人认证身份」), a claim of words the policy never prints together
    values = [i.value for i in _items("mihoyo-honkai3", "v1.txt", "v2.txt") if i.kind in ("data_type", "fact_collect")]
    assert values and not [v for v in values if "实人认证身份" in v], values
    assert "摄像头" in values  # the same table's data printed whole stay claims


def _inserted_after(folder: str, name: str, anchor: str, sentence: str) -> list[Finding]:
    """The findings of a real policy against itself with ``sentence`` put in as a paragraph of its
    own after the paragraph that starts with ``anchor``."""
    text = (REAL / folder / name).read_text(encoding="utf-8")
    at = text.index("\n", text.index(anchor)) + 1
    changed = text[:at] + "\n" + sentence + "\n" + text[at:]
    return compare(RawText(text, "old.txt"), RawText(changed, "new.txt")).verdict.findings


def test_the_services_own_practice_is_stated_under_a_definitions_or_exceptions_heading() -> None:
    # A sentence where the service itself shares the person's data is a practice wherever it is put:
    # in wechat 2022's 定义 section, after the exceptions of kuaishou's 「（八）征得授权同意的例外」
    shared = "我们会与第三方广告服务商共享您的设备标识符和位置信息，用于个性化广告投放。"
    for folder, name, anchor in (("_single_version/wechat-international-zh", "2022-03-22.txt", "\"个人信息\" 是"),
                                 ("_single_version/kuaishou-kuaiying", "v1.txt", "法律法规规定的其他情形")):
        findings = _inserted_after(folder, name, anchor, shared)
        assert any(f.signal == "fact_share" and f.trigger == "第三方广告服务商" and f.in_policy_list for f in findings), \
            (folder, [(f.signal, f.trigger) for f in findings])
    # …in a rights section (lingxi 2022), and in the small section of the policy's 重大变更 list, which the
    # comparison otherwise leaves out (baidu 2021: after its list; jianying 2020: between two of its cases)
    for folder, name, anchor, sentence, signal in (
            ("lingxi-games", "2022-07-25.txt", "您可以通过以下方式申请注销您的账户", shared, "fact_share"),
            ("_single_version/baidu", "2021-12-30.txt", "个人信息安全影响评估报告表明存在高风险时", shared, "fact_share"),
            ("bytedance-jianying", "2020-12-16.txt", "2.我们在所有权结构", "您的个人信息将被传输至境外的数据中心进行存储。",
             "cross_border"),
            ("bytedance-xingtu", "2020-12-20.txt", "3.个人信息共享", "如您有疑问，可发送邮件至privacy-desk@example.com。", "email"),
            ("bytedance-xingtu", "2020-12-20.txt", "3.个人信息共享", "我们会将你的个人信息用于信用评估。", "purpose"),
            ("bytedance-xingtu", "2020-12-20.txt", "3.个人信息共享", "我们接入了星云推送SDK，该SDK会收集你的设备标识符。", "sdk_name"),
            ("lingxi-games", "2022-07-25.txt", "您可以通过以下方式申请注销您的账户", "我们会将您的个人信息出售给数据经纪商。",
             "fact_share")):
        findings = _inserted_after(folder, name, anchor, sentence)
        assert any(f.signal in (signal, "fact_abroad") and f.in_policy_list for f in findings), \
            (folder, [(f.signal, f.trigger) for f in findings])
    # …while a definition or an exception put there states none (no claim of a recipient or of data)
    for folder, name, anchor, sentence in (
            ("_single_version/wechat-international-zh", "2022-03-22.txt", "\"个人信息\" 是",
             "\"广告数据\" 是指我们向第三方广告服务商提供的去标识化的统计信息。"),
            ("_single_version/kuaishou-kuaiying", "v1.txt", "法律法规规定的其他情形",
             "与履行法律法规规定的义务相关的，向有权机关提供您的个人信息；"),
            ("_single_version/wechat-international-zh", "2022-03-22.txt", "\"个人信息\" 是",
             "\"跨境传输\" 是指将您的个人信息传输至境外的行为。")):
        findings = _inserted_after(folder, name, anchor, sentence)
        assert not [f for f in findings if f.signal in ("fact_share", "recipient", "data_type", "fact_collect",
                                                        "fact_abroad", "cross_border")], \
            (folder, [(f.signal, f.trigger) for f in findings])


def test_a_sentence_moved_away_from_a_deleted_block_is_not_a_removed_right() -> None:
    # douyin 2022 prints 「…中可以查阅我们收集你的信息的情况概要。」 and 「出于安全性和身份识别的考虑，你可能无法
    # 自主修改…」 on two lines of one paragraph. The second moved to another section: the diff deletes the
    # paragraph and adds its first line back, and the rights clause that still stands was read as removed
    text = (REAL / "_single_version/douyin/2022-07-06.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    moved = next(i for i, line in enumerate(lines) if line.startswith("出于安全性和身份识别的考虑"))
    line = lines.pop(moved)
    lines.insert(next(i for i, x in enumerate(lines) if x.startswith("当你进行")) + 1, line)
    verdict = compare(RawText(text, "old.txt"), RawText("\n".join(lines), "new.txt")).verdict
    assert not verdict.material and not [f for f in verdict.findings if f.signal == "right_removed"], \
        [(f.signal, f.trigger[:40]) for f in verdict.findings]


def test_the_operator_renamed_in_a_preamble_with_an_aside_inside_an_aside() -> None:
    # 雷霆 2020 names its operator in 「欢迎您选择由深圳雷霆信息技术有限公司及关联公司（以下简称“雷霆公司”或“我们”，
    # …注册地址为…201室（入驻深圳市前海商务秘书有限公司），…）提供的本游戏」: the 以下简称 is inside the outer
    # aside, so the sentence is no definition, and the company hosting the address is no party
    text = (REAL / "leiting-games" / "2020-07-01.txt").read_text(encoding="utf-8")
    verdict = compare(RawText(text, "old.txt"), RawText(text.replace("深圳雷霆信息技术有限公司", "星辰数字科技有限公司"), "new.txt")).verdict
    assert verdict.material and {(f.signal, f.side, f.trigger) for f in verdict.findings if f.category == "controller"} == {
        ("company", "new", "星辰数字科技有限公司"), ("company", "old", "深圳雷霆信息技术有限公司")}, verdict.findings
    # the 2021 version keeps the operator in a paragraph read as its update notice, and drops the hosted
    # address: the operator is still stated, and the address host was never a party
    later = (REAL / "leiting-games" / "2021-10-08.txt").read_text(encoding="utf-8")
    assert not [f for f in compare(RawText(text, "old.txt"), RawText(later, "new.txt")).verdict.findings if f.category == "controller"]


def test_a_place_says_where_data_go_only_in_a_clause_that_stores_or_moves_them() -> None:
    # soul 2022 shows an IP address's region on the profile: 「境内展示对应的省级信息，境外展示对应的国家（地区）
    # 信息」 — no transfer abroad, no storage place; its 「4. 如何存储」 states both
    text = lambda name: RawText((REAL / "soul" / name).read_text(encoding="utf-8"), name)  # noqa: E731
    findings = compare(text("v1.txt"), text("v2.txt")).verdict.findings
    placed = [f for f in findings if f.signal in ("cross_border", "storage_location")]
    assert placed and not [f for f in placed if "展示" in f.evidence], [(f.signal, f.evidence[:40]) for f in placed]
    assert any(f.signal == "cross_border" and "境外的数据中心" in f.evidence for f in placed)
    # jj-games stores what it collects and produces in China in both versions, worded apart: no new place
    jj = [f for f in compare(*(RawText((REAL / "jj-games" / n).read_text(encoding="utf-8"), n)
                              for n in ("2021-01-04.txt", "2022-06-02.txt"))).verdict.findings if f.signal == "storage_location"]
    assert not jj, [(f.trigger, f.evidence[:40]) for f in jj]


def test_a_pointer_an_act_or_a_clause_is_no_collected_data() -> None:
    # soul 2022: 「您需要向我们提供下述信息」 points at a list, 「访问、修正或删除」「收集、传输…销毁」 are acts of
    # processing, 「提供基础设施…服务的合作伙伴」 is what a party provides, 「…安全状态决定是否…」 is a clause
    values = {i.value for i in _items("soul", "v1.txt", "v2.txt") if i.kind in ("data_type", "fact_collect")}
    assert not values & {"下述信息", "修正", "销毁", "基础设施", "账号所处的安全状态决定"}, values
    assert {"密码信息", "收货地址", "教育信息"} <= values  # the data the same sections name stay claims


def test_a_right_granted_under_another_heading_is_claimed_removed_when_no_longer_given() -> None:
    # alipay 2019 grants account deletion (「3、您可通过如下路径注销支付宝账户：」 and its paths) in a part the parse files
    # under 「其他」 (sharing): dropping every line that says 注销 removes the right, and nothing else gives it
    text = (REAL / "_single_version" / "alipay" / "2019-03-14.txt").read_text(encoding="utf-8")
    dropped = "\n".join(line for line in text.split("\n") if "注销" not in line)
    verdict = compare(RawText(text, "old.txt"), RawText(dropped, "new.txt")).verdict
    assert verdict.material and any(f.signal == "right_removed" and "注销" in f.trigger for f in verdict.findings), \
        [(f.signal, f.trigger[:30]) for f in verdict.findings]
    # a sentence of what the service collects, with 您能够 in it, grants no right (mihoyo 2022: 「为使您能够在客户端查看
    # 您的游戏历史记录…我们会收集您的登录日志…」): rewriting such a block outside a rights section claims no removed right
    later = (REAL / "mihoyo-honkai3" / "v1.txt").read_text(encoding="utf-8")
    newer = (REAL / "mihoyo-honkai3" / "v2.txt").read_text(encoding="utf-8")
    removed = [f.trigger for f in compare(RawText(newer, "v2.txt"), RawText(later, "v1.txt")).verdict.findings if f.signal == "right_removed"]
    assert not [t for t in removed if "游戏历史记录" in t], removed
