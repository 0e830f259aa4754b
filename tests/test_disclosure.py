"""Disclosure check on real 12306 versions and on edited seeds: notice found, items parsed and
resolved, each material finding disclosed or not, claims that match nothing, one transparency verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, raw, seed_path, tree_of

from policydiff import report
from policydiff.compare.disclosure import check_disclosure
from policydiff.compare.notice import find_notice, resolve
from policydiff.compare.pipeline import compare
from policydiff.model import Comparison, Disclosure, RawText
from policydiff.report import json as report_json
from policydiff.report.json import disclosure_dict, section_ref_dict

RAILWAY = DATA / "corpus" / "china-railway-12306"


def railway(old: str, new: str) -> Comparison:
    return compare(raw(RAILWAY / f"{old}.txt"), raw(RAILWAY / f"{new}.txt"))


def disclosure_of(result: Comparison) -> Disclosure:
    value = result.disclosure
    assert isinstance(value, Disclosure)
    return value


# -- real 12306 versions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "items"),
    [
        ("2020-11-20", [("增加了为您提供的服务类型及该等服务需要收集的个人信息", "added", ["purpose_type_usage"]),
                        ("我们向第三方共享您个人信息的目的及该等第三方类型等内容", "added", ["recipients"])]),
        ("2022-04-11", [("新增了快捷退票服务需要提供的信息", "added", ["purpose_type_usage"])]),
        ("2023-02-08", [("修改了向合作伙伴共享的信息", "modified", ["recipients"])]),
    ],
)
def test_railway_notice_is_found_and_its_items_read(version: str, items: list[tuple[str, str, list[str]]]) -> None:
    notice = find_notice(tree_of(RAILWAY / f"{version}.txt"))
    assert notice is not None
    assert notice.where == "preamble"
    assert notice.text.startswith("尊敬的12306用户")
    assert [(i.text, i.action, i.categories) for i in notice.items] == items


def test_railway_2022_notice_names_one_section_and_leaves_the_rest_untold() -> None:
    """"新增了快捷退票服务需要提供的信息" points at 1（二）（2）, where the new services now ask for data
    (出站引导: 需提供联系人手机号码; 无票候补: 需提供人脸信息, which 2020 said it does not collect);
    MAC address, app list, SDK, banks… go untold."""
    result = railway("2020-11-20", "2022-04-11")
    d = disclosure_of(result)
    (item,) = d.notice.items if d.notice else []
    assert item.status == "confirmed"
    headings = [result.changes[i].pair.new.heading for i in item.changes if result.changes[i].pair.new]
    assert headings == ["（2）为您提供您购买或使用的特定的产品或服务"]
    assert "退票" in item.terms
    told = [f for f in d.findings if f.status == "disclosed"]
    # the section's new features (compare.edit_practices.features_added) are told with it
    assert [f.trigger for f in told] == ["联系人手机号码", "“申请临时乘车身份证明”服务", "“快捷退票”服务", "“出站引导”服务",
                                         "“信用卡”服务", "“铁水联运”服务", "人脸信息"]
    assert {f.category for f in d.findings if f.status == "undisclosed"} >= {"purpose_type_usage", "recipients"}
    assert d.transparency == "partially_disclosed"


def test_railway_2023_sharing_notice_is_borne_out_by_banks_and_leaves_new_device_identifiers_undisclosed() -> None:
    result = railway("2022-04-11", "2023-02-08")
    d = disclosure_of(result)
    assert d.notice is not None and not d.notice.carried_over
    (item,) = d.notice.items
    assert item.categories == ["recipients"]
    # 「修改了向合作伙伴共享的信息」: payment data now also go to banks (与银行及第三方支付机构共享)
    assert item.status == "confirmed"
    assert [result.changes[i].pair.new.heading for i in item.changes] == ["（1）共享"]
    (bank,) = [f for f in d.findings if f.category == "recipients"]
    assert bank.trigger == "银行" and bank.status == "disclosed"
    triggers = {f.trigger for f in d.findings}
    assert {"IMEI", "OAID"} <= triggers
    assert all(f.status == "undisclosed" and f.category == "purpose_type_usage" for f in d.findings if f is not bank)
    assert d.transparency == "partially_disclosed"


def test_railway_silent_revision_keeps_the_old_notice() -> None:
    d = disclosure_of(railway("2023-02-08", "2023-02-08_silent-revision"))
    assert d.silent_revision
    assert d.notice is not None and d.notice.carried_over
    assert [i.status for i in d.notice.items] == ["carried_over"]
    assert [f.trigger for f in d.findings] == ["AAID", "wifi信息(ssid/bssid)"]
    assert all(f.status == "undisclosed" for f in d.findings)
    assert d.transparency == "silent_revision"
    assert d.summary.startswith("Stated dates unchanged") and "earlier update" in d.summary
    assert d.label == "silent revision"


def test_railway_json_gains_a_disclosure_object_and_keeps_the_contract() -> None:
    result = railway("2022-04-11", "2023-02-08")
    data = json.loads(report.render(result, "json"))
    assert data["material"] is True and data["categories"] == ["purpose_type_usage", "recipients"]
    d = data["disclosure"]
    assert d["transparency"] == "partially_disclosed" and d["notice_present"] is True
    assert d["counts"] == {"material_findings": 13, "disclosed": 1, "undisclosed": 12, "notice_items": 1,
                           "claimed_not_found": 0, "notice_echoes": 0}
    assert d["notice"]["items"][0]["status"] == "confirmed"
    assert d["notice"]["items"][0]["changes"] == [{"path": "2、 > （1）", "heading": "（1）共享"}]
    assert {f["path"] for f in d["findings"]} == {"1、 > （二） > （1）", "1、 > （二） > （2）", "2、 > （1）"}


# -- edited seeds ------------------------------------------------------------------------------

SEED_001 = seed_path("001").read_text(encoding="utf-8")
DATE_LINE = "最新版本生效日期：2022年04月01日"
CLIPBOARD = "为保障您的账户安全，我们会读取您的剪切板信息，用于识别异常登录。"
OLD_EMAIL, NEW_EMAIL = "fanchaoxia.fcx@alibaba-inc.com", "privacy-office@kaola.example.com"


def _seed_edit(notice: str | None, *, clipboard: bool = True, email: bool = True) -> tuple[RawText, RawText]:
    """Seed 001 old, and new with a new date, the notice under it, a clipboard sentence in 二（九）, a new e-mail in 八."""
    new = SEED_001.replace(DATE_LINE, "最新版本生效日期：2022年06月01日" + (f"\n\n{notice}" if notice else ""), 1)
    if clipboard:
        anchor = "（九）为您提供安全保障\n\n"
        assert anchor in new
        new = new.replace(anchor, anchor + CLIPBOARD, 1)
    if email:
        assert OLD_EMAIL in new
        new = new.replace(OLD_EMAIL, NEW_EMAIL)
    return RawText(SEED_001, "old.txt"), RawText(new, "new.txt")


PARTIAL = (
    "我们对《考拉海购隐私权政策》进行了更新。本次更新主要包括：新增了为保障账户安全读取剪切板信息的说明"
    "（第二部分第（九）条）；调整了向第三方共享个人信息的规则。"
)


def test_notice_mentions_one_of_two_material_changes() -> None:
    result = compare(*_seed_edit(PARTIAL))
    d = disclosure_of(result)
    assert d.notice is not None and d.notice.where == "preamble"
    by_category = {f.category: f for f in d.findings}
    assert set(by_category) == {"purpose_type_usage", "contact"}
    assert [f.trigger for f in d.findings if f.category == "contact"] == [NEW_EMAIL, OLD_EMAIL]  # added, removed
    clip, mail = by_category["purpose_type_usage"], by_category["contact"]
    assert (clip.status, clip.basis, clip.item) == ("disclosed", "section", 0)
    assert clip.trigger.startswith("剪切板")  # as the policy words it (剪切板信息: the fact's words)
    assert clip.path == "二、 > （九）"
    assert (mail.status, mail.basis, mail.item) == ("undisclosed", None, None)
    assert d.transparency == "partially_disclosed"
    assert "1 of 3 material findings disclosed; undisclosed: contact" in d.summary
    # the notice's own sentence names 剪切板: the classifier sees a data type there, not counted
    # the notice's own words (it names 剪切板) are never evidence: no finding quotes the notice
    assert d.notice_echoes == 0
    assert not any(f.evidence and f.evidence.strip('…')[:20] in PARTIAL for f in result.verdict.findings)


def test_section_reference_in_the_notice_is_resolved() -> None:
    d = disclosure_of(compare(*_seed_edit(PARTIAL)))
    assert d.notice is not None
    (ref,) = d.notice.items[0].refs
    assert ref.text == "第二部分第（九）条"
    assert section_ref_dict(ref) == {"text": "第二部分第（九）条", "resolved": True, "path": "二、 > （九）",
                             "heading": "（九）为您提供安全保障", "candidates": 1}


def test_notice_claims_a_change_that_did_not_happen() -> None:
    d = disclosure_of(compare(*_seed_edit(PARTIAL)))
    assert d.notice is not None
    first, second = d.notice.items
    assert first.status == "confirmed"
    assert (second.text, second.action, second.categories) == ("调整了向第三方共享个人信息的规则", "modified", ["recipients"])
    assert second.status == "claimed_not_found" and second.changes == []
    assert d.claimed_not_found == [second]
    assert "claimed but not found: 「调整了向第三方共享个人信息的规则」" in d.summary


def test_no_notice_is_said_once() -> None:
    d = disclosure_of(compare(*_seed_edit(None)))
    assert d.notice is None
    assert [(f.category, f.status) for f in d.findings] == [
        ("purpose_type_usage", "undisclosed"), ("contact", "undisclosed"), ("contact", "undisclosed")]
    assert d.transparency == "undisclosed"
    assert d.summary.count("no update notice") == 1
    data = disclosure_dict(d)
    assert data["notice_present"] is False and data["notice"] is None
    assert all(f["basis"] is None for f in data["findings"])


def test_a_topic_only_notice_discloses_by_category() -> None:
    """psbc 2022's form: "此版本的更新内容主要为…如何收集和使用您的个人信息" names a topic, no change."""
    notice = "尊敬的客户：我们对《考拉海购隐私权政策》进行了更新。此版本的更新内容主要为我们如何收集和使用您的个人信息。"
    d = disclosure_of(compare(*_seed_edit(notice, email=False)))
    assert d.notice is not None
    (item,) = d.notice.items
    assert item.categories == ["purpose_type_usage"] and item.status == "confirmed"
    (finding,) = d.findings
    assert (finding.status, finding.basis) == ("disclosed", "category")
    assert d.transparency == "transparent"


def test_headed_list_notice_and_no_material_change() -> None:
    """A "本次更新主要内容：" heading with numbered lines; the only edit is cosmetic."""
    notice = "本次更新主要内容：\n\n1. 新增了人脸识别登录功能的说明（第二部分第（一）条）；\n\n2. 更新了个人信息保护负责人的联系方式。"
    old, new = _seed_edit(notice, clipboard=False, email=False)
    d = disclosure_of(compare(old, new))
    assert d.notice is not None and d.notice.heading == "本次更新主要内容"
    assert [(i.action, i.categories) for i in d.notice.items] == [("added", ["purpose_type_usage"]), ("modified", ["contact"])]
    assert d.notice.items[0].refs[0].section is not None
    assert [i.status for i in d.notice.items] == ["claimed_not_found", "claimed_not_found"]
    assert d.findings == [] and d.transparency == "no_material_change"


def test_update_procedure_sections_are_not_notices() -> None:
    """"本政策如何更新" promises future notices; none of the five seeds opens with an update notice."""
    for prefix in ("000", "001", "002", "003", "004"):
        assert find_notice(tree_of(seed_path(prefix))) is None, prefix


@pytest.mark.parametrize(
    ("ref", "path", "candidates"),
    [
        ("第2部分第2.5条", "2. > 2.5", 1),
        ("2.3.1", "2. > 2.3 > 2.3.1", 1),
        ("第九条", "9.", 1),
        ("第四部分第4.14条", None, 0),
    ],
)
def test_section_references_resolve_on_seed_000(ref: str, path: str | None, candidates: int) -> None:
    got = resolve(ref, tree_of(seed_path("000")))
    assert (got.section.path if got.section else None, got.candidates) == (path, candidates)


def test_an_ambiguous_reference_stays_unresolved() -> None:
    got = resolve("（三）", tree_of(seed_path("001")))
    assert got.section is None and got.candidates > 1


def test_disclosure_object_is_plain_json(tmp_path: Path) -> None:
    result = compare(*_seed_edit(PARTIAL))
    check = check_disclosure(result)
    assert disclosure_dict(check) == disclosure_dict(disclosure_of(result))  # deterministic
    text = json.dumps(report_json.to_dict(result)["disclosure"], ensure_ascii=False)
    assert '"transparency": "partially_disclosed"' in text


def test_a_notice_label_with_its_text_on_the_same_line_is_found() -> None:
    notice = "版本更新提示：本次更新主要包括：新增了为保障账户安全读取剪切板信息的说明（第二部分第（九）条）。"
    d = disclosure_of(compare(*_seed_edit(notice, email=False)))
    assert d.notice is not None and d.notice.heading == "版本更新提示"
    assert [i.action for i in d.notice.items] == ["added"]
    assert d.transparency == "transparent"


def test_a_notice_with_a_promise_after_its_cue_is_a_notice() -> None:
    notice = "我们对本政策进行了更新，新增了读取剪切板信息的说明，我们将以弹窗方式提醒您查阅。"
    d = disclosure_of(compare(*_seed_edit(notice, email=False)))
    assert d.notice is not None and d.notice.items


def test_a_notice_claiming_a_new_purpose_creates_no_finding() -> None:
    """The notice says a purpose was added; the body did not change: nothing material, and the
    notice's claim is not found."""
    notice = "我们对本政策进行了更新。本次更新主要包括：新增了将您的个人信息用于模型训练的说明。"
    old, new = _seed_edit(notice, clipboard=False, email=False)
    result = compare(old, new)
    assert not result.verdict.material
    assert not [f for f in result.verdict.findings if "模型训练" in f.trigger or "模型训练" in f.evidence]
    d = disclosure_of(result)
    assert d.transparency == "no_material_change"
    assert d.notice is not None and [i.status for i in d.notice.items] == ["claimed_not_found"]


def test_a_dates_line_after_the_notice_is_not_one_of_its_items() -> None:
    text = ("隐私政策\n更新提示：本次更新主要内容如下：1、新增了收集您的人脸信息的说明；2、更新了联系方式。\n"
            "更新日期：2021 年 10 月 29 日\n生效日期：2021 年 11 月 1 日\n一、我们如何收集您的个人信息\n我们会收集您的手机号码。\n")
    notice = find_notice(tree_of_text(text))
    assert notice is not None and [i.text for i in notice.items] == ["新增了收集您的人脸信息的说明", "更新了联系方式"]


def tree_of_text(text: str):  # type: ignore[no-untyped-def]
    from policydiff.compare.pipeline import read_tree

    return read_tree(RawText(text, "policy.txt"))
