"""The update notice as a check (compare.notice_check): an item no change bears out is shown as a
reading warning, in Chinese and English; an item the text bears out is not."""

from __future__ import annotations

import json

from conftest import DATA, raw

from policydiff import report
from policydiff.compare.pipeline import compare
from policydiff.model import RawText
from policydiff.report.rows import warning_message

RAIL = DATA / "corpus" / "china-railway-12306"

OLD = "隐私政策\n一、收集\n我们会收集您的手机号码。\n二、联系我们\n邮箱：privacy@example.com。\n"
NEW = ("隐私政策\n我们对本政策进行了更新，更新了联系我们的方式。\n一、收集\n我们会收集您的手机号码和通讯录。\n"
       "二、联系我们\n邮箱：privacy@example.com。\n")


def test_an_announced_change_that_is_not_there_is_a_warning_in_both_languages():
    result = compare(RawText(OLD, "old"), RawText(NEW, "new"))
    (gap,) = [w for w in result.warnings if w.code == "notice_unmatched"]
    assert gap.side == "new" and gap.detail == "更新了联系我们的方式"
    assert warning_message(gap, "zh").endswith("更新说明称「更新了联系我们的方式」，未找到对应变更")
    assert "no matching change was found" in warning_message(gap, "en")
    data = json.loads(report.render(result, "json"))
    assert any(w["code"] == "notice_unmatched" for w in data["warnings"])
    assert all("联系" not in it["value"] for it in data["summary_items"])  # a warning, not a claim


def test_an_announced_change_the_text_bears_out_is_no_warning():
    result = compare(raw(RAIL / "2020-11-20.txt"), raw(RAIL / "2022-04-11.txt"))
    assert [w for w in result.warnings if w.code == "notice_unmatched"] == []


def test_a_carried_over_notice_is_not_checked_again():
    result = compare(raw(RAIL / "2023-02-08.txt"), raw(RAIL / "2023-02-08_silent-revision.txt"))
    assert [w for w in result.warnings if w.code == "notice_unmatched"] == []


def test_every_notice_heading_or_label_of_the_corpus_holds_a_mark_the_quick_test_looks_for() -> None:
    # compare.notice tries its heading and label patterns only on a text holding one of
    # NOTICE_HEADING_MARKS: a word added to a pattern without one would never be matched
    from policydiff.compare import notice
    from policydiff.lexicon import notices
    from policydiff.text.normalize import to_document

    matched = 0
    for path in sorted(DATA.rglob("*.txt")):
        for para in to_document(RawText(path.read_text(encoding="utf-8", errors="replace"), path.name)).paragraphs:
            text = para.text.strip()
            if notices.NOTICE_HEADING.match(text) or notices.NOTICE_LABEL_INLINE.match(text):
                matched += 1
                assert notice._may_head(text), (path, text)
    assert matched >= 1
    for text in ("版本更新提示", "更新说明：本次更新主要包括", "【本次修订的主要内容】我们…", "主要变化：…", "重要更新提示"):
        assert notices.NOTICE_HEADING.match(text) or notices.NOTICE_LABEL_INLINE.match(text), text
        assert notice._may_head(text), text
