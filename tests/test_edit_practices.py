"""Practices denied then stated, new grounds to process without consent, changed courts
(compare.edit_practices): the 12306 versions and sentences of our own."""

from __future__ import annotations

from conftest import DATA, tree_of

from policydiff.compare.edit_practices import court_of, negated_items
from policydiff.compare.edits import read_edits
from policydiff.compare.parse import read_tree
from policydiff.compare.sentences import align_sentences, sentences_of
from policydiff.model import RawText

RAIL = DATA / "corpus" / "china-railway-12306"


def _edits(old_text: str, new_text: str):
    old, new = read_tree(RawText(old_text, "o")), read_tree(RawText(new_text, "n"))
    return read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)


def _real(old_name: str, new_name: str):
    old, new = tree_of(RAIL / old_name), tree_of(RAIL / new_name)
    return read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)


def test_12306_2022_collects_the_face_data_2020_said_it_does_not_collect():
    flips = [e for e in _real("2020-11-20.txt", "2022-04-11.txt") if e.kind == "polarity_flipped"]
    assert [e.value for e in flips] == ["人脸信息"]
    # the old sentence runs on over a line break into "…并不收集您的生物识别信息（人脸信息/指纹信息）"
    assert "生物识别信息（人脸信息/指纹信息）" in flips[0].old.text
    assert "需提供人脸信息" in flips[0].new.text


def test_12306_2022_sends_disputes_to_the_defendants_court():
    (court,) = [e for e in _real("2020-11-20.txt", "2022-04-11.txt") if e.kind == "court_changed"]
    assert (court.previous, court.value) == ("有管辖权的人民法院", "被告住所地有管辖权的人民法院")


def test_a_renamed_operator_does_not_change_the_court():
    edits = _edits("一、争议\n任何一方均应向成都快购科技有限公司住所地有管辖权的人民法院提起诉讼。\n",
                   "一、争议\n任何一方均应向成都快享电子商务有限公司住所地有管辖权的人民法院提起诉讼。\n")
    assert [e for e in edits if e.kind == "court_changed"] == []


def test_a_denial_that_stays_a_denial_is_no_flip():
    edits = _edits("一、收集\n我们并不收集您的人脸信息。我们会收集您的手机号码。\n",
                   "一、收集\n我们不会收集您的人脸信息。我们会收集您的手机号码和电子邮箱。\n")
    assert [e for e in edits if e.kind == "polarity_flipped"] == []


def test_an_item_the_old_version_also_collected_is_no_flip():
    edits = _edits("一、收集\n登录时我们并不收集您的人脸信息。实名认证时，我们会收集您的人脸信息。\n",
                   "一、收集\n登录时我们并不收集您的人脸信息。实名认证时，我们会收集您的人脸信息。检票时，需提供您的人脸信息。\n")
    assert [e for e in edits if e.kind == "polarity_flipped"] == []


def test_new_pipl_grounds_are_one_claim_named_by_the_first_ground():
    old = "一、例外\n以下情形中，我们收集您的信息无需征得您的同意：\n1.与国家安全有关的。\n"
    new = ("一、例外\n以下情形中，我们收集您的信息无需征得您的同意：\n1.为订立、履行个人作为一方当事人的合同所必需；\n"
           "2.为应对突发公共卫生事件所必需；\n")
    grounds = [e for e in _edits(old, new) if e.kind == "ground_added"]
    assert [(e.value, e.signal) for e in grounds] == [("为订立、履行个人作为一方当事人的合同所必需", "legal_basis")]


def test_negated_items_and_courts():
    assert negated_items("我们会收集您的手机号码。") == set()
    assert court_of("双方协商解决。") == ""


def test_12306_2023_asks_foreign_passport_holders_for_passport_photos():
    asked = [e.value for e in _real("2022-04-11.txt", "2023-02-08.txt") if e.kind == "item_asked"]
    assert asked == ["手持护照信息页照片", "护照信息页照片"]


def test_an_id_number_where_a_certificate_number_was_asked_is_no_new_item():
    edits = _edits("一、收集\n如您选择订票服务，需提供乘车人姓名、证件号码。\n",
                   "一、收集\n如您选择订票服务，需提供乘车人姓名、证件号码。\n如您预订酒店，还需提供身份证号码。\n")
    assert [e for e in edits if e.kind == "item_asked"] == []


def test_what_we_collect_is_left_to_the_facts_only_what_is_asked_counts():
    edits = _edits("一、收集\n我们会收集您的手机号码。\n",
                   "一、收集\n我们会收集您的手机号码。\n我们会收集您的搜索关键字信息、操作日志记录。\n")
    assert [e for e in edits if e.kind == "item_asked"] == []


def test_a_governing_law_clause_names_no_ground():
    edits = _edits("一、其他\n本政策的解释适用中华人民共和国法律。\n",
                   "一、其他\n本政策的解释适用中华人民共和国法律。本政策的订立、履行、解释及争议的解决均适用中华人民共和国法律。\n")
    assert [e for e in edits if e.kind == "ground_added"] == []


def test_location_read_out_of_uploaded_photos_is_a_new_source():
    old = "一、收集\n在您发布内容时，我们将收集您发布的文字、图片或视频。\n"
    new = ("一、收集\n在您发布内容时，我们将收集您发布的文字、图片或视频。如您发布时所使用的图片或视频含位置信息,"
           "我们会提取该等位置信息，并将其作为您标记位置的备选项。\n")
    (e,) = [e for e in _edits(old, new) if e.kind == "extracted"]
    assert e.value == "如您发布时所使用的图片或视频含位置信息,我们会提取该等位置信息"


def test_features_extracted_by_an_algorithm_are_no_upload_source():
    edits = _edits("一、推荐\n我们会分析您的浏览记录。\n",
                   "一、推荐\n我们会分析您的浏览记录。我们会通过计算机算法对上述信息进行自动分析、计算后提取出你的用户特征。\n")
    assert [e for e in edits if e.kind == "extracted"] == []


def test_the_denial_is_carried_whole_as_the_claims_old_sentence():
    (flip,) = [e for e in _real("2020-11-20.txt", "2022-04-11.txt") if e.kind == "polarity_flipped"]
    assert "并不收集您的生物识别信息（人脸信息/指纹信息）" in flip.old.text  # not cut at the line break


def test_uses_joined_to_a_permissions_list_of_uses_are_new_uses():
    # 12306 2020 → 2022: 「开启位置权限，方便…，方便…」 gains four uses; 2022 → 2023 one more
    # (weather, opening 「如您需要…」, and local travel services; the last clause now ends 「…定位当前城市时，请开启
    # 位置权限」: the same use)
    first = {e.value for e in _real("2020-11-20.txt", "2022-04-11.txt") if e.kind == "use_added"}
    assert first == {"在预订空铁联运时定位当前城市", "在预订铁水联运时定位当前车站",  # the use, without its 方便
                     "在使用交通信息服务时定位当前位置", "在申请临时乘车身份证明时定位当前城市"}
    second = {e.value for e in _real("2022-04-11.txt", "2023-02-08.txt") if e.kind == "use_added"}
    assert second == {"在首页左上角城市中获取最新的天气情况", "在出行服务页面提供所在城市的出行服务"}  # 「如您需要…」: the need served
    # a use reworded in its own sentence (根据 → 依据) is the same use
    assert not [e for e in _edits("一、位置\n开启位置权限，方便查询附近的门店，以便我们根据您的选择提供服务。\n",
                                  "一、位置\n如您需要查看天气，方便查询附近的门店，以便我们依据您的选择提供服务。\n")
                if e.kind == "use_added" and "依据" in e.value]
    # a list of uses the old version does not have is read by the facts, not as uses joining it
    assert not [e for e in _edits("一、位置\n我们会收集您的位置信息。\n",
                                  "一、位置\n开启位置权限，方便查询附近的门店，方便为您定位附近的车辆。\n") if e.kind == "use_added"]


def test_a_processing_named_by_what_it_does_is_a_new_use():
    uc = DATA / "real" / "uc-browser"
    old, new = tree_of(uc / "v1.txt"), tree_of(uc / "v2.txt")
    uses = {e.value for e in read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)
            if e.kind == "processing_added"}
    assert "对您的部分图片进行智能分类" in uses  # UC网盘 classifies the backed-up pictures
    # a safeguard done to data, or a processing the old version names, is no new use
    assert not [e for e in _edits("一、使用\n我们会收集您的设备信息。\n我们会对设备信息进行统计。\n",
                                  "一、使用\n我们会收集您的设备信息。\n我们会对设备信息进行统计。\n我们会对您的信息进行去标识化分析。\n"
                                  "我们还会对您的浏览记录进行统计。\n") if e.kind == "processing_added"]


def test_a_new_feature_that_asks_for_data_is_a_new_use():
    # 12306 2022: 「如您选择“快捷退票”服务，需提供退票人姓名、证件类型、证件号码、手机号码」 — known kinds of
    # data, asked for a feature the 2020 version never names (its update notice announces it)
    features = {e.value for e in _real("2020-11-20.txt", "2022-04-11.txt") if e.kind == "feature_added"}
    assert {"“快捷退票”服务", "“出站引导”服务", "“信用卡”服务"} <= features
    assert not {"“ 酒店 ”服务", "“酒店”服务"} & features  # named in 2020 too (「如您选择“ 酒店 ”服务」)
    # a feature the old version names is no new use
    assert not [e for e in _edits("一、收集\n如您选择“酒店”服务，需提供入住人姓名。\n",
                                  "一、收集\n如您选择“酒店”服务，需提供入住人姓名、手机号码。\n") if e.kind == "feature_added"]


def test_marketing_messages_the_old_version_never_sends_are_a_new_use():
    psbc = DATA / "real" / "psbc-postal-savings-bank"
    old, new = tree_of(psbc / "2020-11-25.txt"), tree_of(psbc / "2022-06-22.txt")
    sent = {e.value for e in read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)
            if e.kind == "marketing_added"}
    assert sent == {"向您发送营销活动短信"}
    # a message that is no marketing, or marketing the old version already sends, is no new use
    assert not [e for e in _edits("一、通知\n我们会向您发送营销短信。\n",
                                  "一、通知\n我们会向您发送营销短信。\n我们会向您发送交易通知。\n") if e.kind == "marketing_added"]


def test_a_denial_dropped_from_a_sentence_that_denies_something_else_is_a_flip():
    # bilibili's voice sentence: the collection is its first clause; 「但并不影响…」 denies nothing of it
    old = "一、收集\n我们不会收集或储存您的语音数据，如您拒绝提供仅会使您无法使用该功能，但并不影响您使用其他功能。\n"
    edits = _edits(old, old.replace("我们不会收集", "我们会收集"))
    assert [e.value for e in edits if e.kind == "polarity_flipped"] == ["语音数据"]


def test_a_sentence_that_gives_a_denied_item_and_denies_it_again_is_no_flip():
    # 12306 2022: 「您需要提供您的生物识别信息（人脸信息/指纹信息），但…我们…并不收集您的生物识别信息（…）」
    old = "一、收集\n我们并不收集您的指纹信息。\n"
    new = "一、收集\n如果您使用指纹登录，您需要提供您的指纹信息，但请您知悉，我们并不收集您的指纹信息。\n"
    assert [e for e in _edits(old, new) if e.kind == "polarity_flipped"] == []


def test_what_the_person_gives_a_third_party_under_its_own_terms_is_no_flip():
    old = "一、收集\n我们不会收集任何个人信息。\n"
    new = old + "你使用这些第三方服务（包括你向这些第三方提供的任何个人信息），将受这些第三方的服务条款及隐私政策约束。\n"
    assert [e for e in _edits(old, new) if e.kind == "polarity_flipped"] == []
