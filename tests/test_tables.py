"""Tables, permission lists and lists behind links (compare.facts.tables), and what the typed
edits make of them (compare.edit_parties): real 12306 and jianying versions and texts of our own."""

from __future__ import annotations

from conftest import DATA, raw, tree_of

from policydiff.compare.edits import read_edits
from policydiff.compare.facts.tables import linked_lists_in, permissions_in, table_rows
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


def test_markdown_sdk_table_rows_carry_their_header():
    text = ("第三方SDK列表\n| SDK名称 | 公司名称 | 使用目的 | 收集的信息 |\n|---|---|---|---|\n"
            "| 高德地图SDK | 高德软件有限公司 | 定位 | 位置信息 |\n| 个推SDK | 每日互动股份有限公司 | 推送 | 设备标识符 |\n\n正文继续。\n")
    rows = table_rows(text)
    assert [r.name for r in rows] == ["高德地图SDK", "个推SDK"]
    assert rows[1].cells == ("个推SDK", "每日互动股份有限公司", "推送", "设备标识符")
    assert rows[0].header == ("SDK名称", "公司名称", "使用目的", "收集的信息")


def test_tab_separated_rows_without_a_rule_line():
    rows = table_rows("权限名称\t使用目的\n相机\t扫码\n麦克风\t语音搜索\n")
    assert [(r.name, r.cells[1]) for r in rows] == [("相机", "扫码"), ("麦克风", "语音搜索")]


def test_prose_is_no_table():
    assert table_rows("我们会收集您的手机号码。\n您可以联系我们。\n") == []


def test_12306_2023_asks_for_calendar_recording_and_contacts_permissions():
    old = permissions_in((RAIL / "2022-04-11.txt").read_text(encoding="utf-8"))
    new = permissions_in((RAIL / "2023-02-08.txt").read_text(encoding="utf-8"))
    assert {"日历", "录音", "通讯录"} <= new - old
    assert "您拨打电话" not in new  # 该功能不需要获取您拨打电话权限: a name starts with no pronoun


def test_new_calendar_permission_reaches_the_summary():
    result = compare(raw(RAIL / "2022-04-11.txt"), raw(RAIL / "2023-02-08.txt"))
    assert any(it.action == "added" and it.value == "日历权限" for it in summary_items(result))


def test_a_permission_the_text_says_it_does_not_need_is_no_edit():
    edits = _edits("一、权限\n（a）相机权限：如您需要扫码，请开启相机权限。\n",
                   "一、权限\n（a）相机权限：如您需要扫码，请开启相机权限。\n（b）拨打电话：该功能不需要获取电话权限。\n")
    assert edits == []


def test_linked_lists_name_list_documents_only():
    text = "详情请见《第三方合作清单》和《设备权限清单》。本政策依据《个人信息保护法》制定，另见《儿童个人信息保护规则》。"
    assert linked_lists_in(text) == ["第三方合作清单", "设备权限清单"]


def test_a_list_replaced_by_a_link_is_moved_out_not_removed():
    old = ("一、共享\n我们可能会向第三方共享您的个人信息。目前这类第三方主要包括软件服务提供商、智能设备提供商或系统服务提供商。\n"
           "二、联系我们\n邮箱：a@b.com。\n")
    new = "一、共享\n我们可能会向第三方共享您的个人信息。详情请见《第三方合作清单》。\n二、联系我们\n邮箱：a@b.com。\n"
    edits = _edits(old, new)
    assert [(e.kind, e.value, e.previous) for e in edits] == [
        ("moved_out", "《第三方合作清单》", "软件服务提供商、智能设备提供商或系统服务提供商")]


def test_a_recipient_class_line_deleted_without_a_link_is_removed():
    old = "一、共享\n我们会与以下合作伙伴共享信息：\na.广告合作伙伴。\nd.金融、征信服务等其他合作伙伴。\n"
    new = "一、共享\n我们会与以下合作伙伴共享信息：\na.广告合作伙伴。\n"
    edits = _edits(old, new)
    assert [(e.kind, e.value) for e in edits] == [("recipient_dropped", "金融、征信服务等其他合作伙伴")]


def test_a_new_sentence_sharing_with_a_class_the_old_never_names():
    edits = _real_edits(JIANYING / "2020-12-16.txt", JIANYING / "2022-08-10.txt")
    assert "终端设备制造商（华为、小米、OPPO、VIVO等）" in [e.value for e in edits if e.kind == "recipient_added"]


def test_a_pointer_back_at_named_recipients_is_no_recipient():
    edits = _edits("一、共享\n我们会与关联方共享您的账号信息。\n",
                   "一、共享\n我们会与关联方共享您的账号信息。经过你的同意，我们可能会将你的个人信息与这些关联方共享。\n")
    assert [e for e in edits if e.kind == "recipient_added"] == []


def _real_edits(old_path, new_path):
    old, new = tree_of(old_path), tree_of(new_path)
    return read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)


def test_parties_named_without_a_class_word():
    old = "一、共享\n我们会将您的手机号码提供给物流服务商，以完成配送。\n"
    new = ("一、共享\n我们会将您的手机号码提供给物流服务商，以完成配送。目前您可以进行授权的物流服务商有圆通、申通以及极兔。\n"
           "我们会授权秒针系统（隐私政策链接：https://example.com/privacy）处理您用于浏览广告的设备信息。\n")
    assert sorted(e.value for e in _edits(old, new) if e.kind == "recipient_added") == ["圆通、申通以及极兔", "秒针系统"]


def test_a_statement_of_who_runs_the_app_names_no_recipient():
    old = "一、我们是谁\n本应用由杭州某某科技有限公司运营。\n"
    new = "一、我们是谁\n本应用由杭州某某科技有限公司运营。浙江某某供应链管理有限公司为本应用提供软件技术服务。\n"
    assert [e for e in _edits(old, new) if e.kind == "recipient_added"] == []


def test_identity_checked_with_the_issuing_authority_is_a_new_recipient():
    old = "一、收集\n注册时，您需要提供姓名和证件号码。\n"
    new = "一、收集\n必要时，我们可能会将您提供的身份信息向发证机关进行核验。注册时，您需要提供姓名和证件号码。\n"
    assert [e.value for e in _edits(old, new) if e.kind == "recipient_added"] == ["发证机关"]


SDK_OLD = ("一、第三方SDK\n我们接入的第三方SDK如下：\n\n| SDK名称 | 公司名称 | 使用目的 | 收集的信息 |\n|---|---|---|---|\n"
           "| 高德地图SDK | 高德软件有限公司 | 定位 | 位置信息 |\n| 个推SDK | 每日互动股份有限公司 | 推送 | 设备标识符 |\n\n二、联系我们\n邮箱：a@b.com。\n")


def test_an_sdk_row_added_to_a_table_is_a_new_sdk():
    new = SDK_OLD.replace("| 个推SDK |", "| 友盟SDK | 友盟同欣（北京）科技有限公司 | 统计 | 设备标识符 |\n| 个推SDK |")
    edits = _edits(SDK_OLD, new)
    assert [(e.kind, e.value, e.signal) for e in edits] == [("row_added", "友盟SDK", "sdk_name")]
    assert "友盟同欣（北京）科技有限公司" in edits[0].reason


def test_a_table_replaced_by_a_link_is_moved_out():
    new = "一、第三方SDK\n我们接入的第三方SDK详见《第三方SDK目录》。\n\n二、联系我们\n邮箱：a@b.com。\n"
    edits = _edits(SDK_OLD, new)
    assert [(e.kind, e.value) for e in edits] == [("moved_out", "《第三方SDK目录》")]
    assert edits[0].previous == "高德地图SDK、个推SDK"


def test_a_reordered_table_is_no_edit():
    rows = SDK_OLD.split("\n")
    swapped = "\n".join(rows[:5] + [rows[6], rows[5]] + rows[7:])
    assert _edits(SDK_OLD, swapped) == []


def test_a_row_whose_sdk_the_other_version_still_names_is_not_gone():
    new = SDK_OLD.replace("| 个推SDK | 每日互动股份有限公司 | 推送 | 设备标识符 |\n", "") + "我们接入了个推推送服务。\n"
    assert [e for e in _edits(SDK_OLD, new) if e.kind == "row_dropped"] == []
