"""Wrap repair and comparison keys: layout differences are not changes."""

from __future__ import annotations

import pytest
from conftest import SEEDS, raw, seed_path

from policydiff.compare import pipeline as compare_mod
from policydiff.model import RawText
from policydiff.text.normalize import (
    comparison_key,
    display_width,
    key_with_map,
    original_span,
    repair_lines,
    to_document,
    wrap_width,
)


def rewrap(text: str, width: int, blank_every: int = 0) -> str:
    """Hard-wrap every repaired paragraph of ``text`` at ``width`` CJK characters (2 columns each,
    ASCII 1), as a PDF extraction does."""
    out: list[str] = []
    for para, _ in repair_lines(text):
        lines: list[str] = []
        line, cols = "", 0
        for ch in para:
            w = display_width(ch)
            if cols + w > 2 * width:
                lines.append(line)
                line, cols = "", 0
            line += ch
            cols += w
        lines.append(line)
        for n, line in enumerate(lines):
            out.append(line)
            if blank_every and n % blank_every == blank_every - 1:
                out.append("")
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("seed, width, blank", [("000", 44, 0), ("000", 30, 2), ("004", 41, 1), ("004", 52, 0)])
def test_rewrapped_seed_compares_unchanged(seed: str, width: int, blank: int) -> None:
    original = raw(seed_path(seed))
    wrapped = RawText(rewrap(original.text, width, blank), "rewrapped")
    assert wrap_width(wrapped.text.split("\n")) is not None
    result = compare_mod.compare(original, wrapped)
    assert [p for p in result.pairs if p.status != "unchanged"] == []
    assert result.changes == []


def test_wrap_repair_joins_seed_000_lines() -> None:
    """Seed 000 wraps at ~36 characters with blank lines inside sentences."""
    text = seed_path("000").read_text(encoding="utf-8")
    paragraphs = [p for p, _ in repair_lines(text)]
    joined = next(p for p in paragraphs if p.startswith("我们（成都快购科技有限公司）"))
    assert joined.endswith("以便您更好地作出适当的选择。")
    assert "14周岁以下的未成年人，在使用我们的产品/服务前，应事先取得您的监护人的同意" in "".join(paragraphs)


def test_page_numbers_are_dropped() -> None:
    lines = ["这是一个很长的句子，用于模拟 PDF 提取出的固定宽度文本行，宽度大致相同，" * 1] * 12
    text = "\n".join(lines[:6] + ["- 3 -"] + lines[6:])
    doc = to_document(RawText(text, "x"))
    assert all("3" not in p.key for p in doc.paragraphs)


@pytest.mark.parametrize(
    "a, b",
    [
        ("我们会收集您的手机号（必填）", "我们会收集您的手机号(必填)"),  # full/half width
        ("我们会 收集\u3000您的\t手机号", "我们会收集您的手机号"),  # whitespace of every kind
        ("“个人信息”", '"个人信息"'),  # quotes
        ("「个人信息」", "“个人信息”"),
        ("• 设备信息", "- 设备信息"),  # bullets
        ("▪ 设备信息", "设备信息"),
        ("**设备信息**", "设备信息"),  # Markdown emphasis
        ("设备\u200b信息\ufeff", "设备信息"),  # zero-width characters
        ("ＡＢＣ１２３", "abc123"),
        ("详见 https://example.com/a_b/c 页面", "详见页面"),  # web addresses are not in the key
    ],
)
def test_comparison_key_equal(a: str, b: str) -> None:
    assert comparison_key(a) == comparison_key(b)


@pytest.mark.parametrize(
    "a, b",
    [("我们会收集", "我们将收集"), ("15天", "30天"), ("support@kuaishou.com", "privacy@kuaishou.com"), ("，", "。")],
)
def test_comparison_key_different(a: str, b: str) -> None:
    assert comparison_key(a) != comparison_key(b)


def test_key_maps_back_to_original_wording() -> None:
    text = "  我们会收集 “手机号（必填）”。"
    key, index = key_with_map(text)
    assert len(key) == len(index)
    assert all(text[i] for i in index)
    para = to_document(RawText(text, "x")).paragraphs[0]
    start = para.key.index('"')
    assert original_span(para, start, len(para.key)) == "“手机号（必填）”。"


def test_full_width_web_address_is_left_out_like_a_half_width_one() -> None:
    from policydiff.text.normalize import comparison_key

    half = comparison_key("详见https://example.com/sdk-list2023。")
    full = comparison_key("详见ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ／ｓｄｋ－ｌｉｓｔ２０２３。")
    assert half == full == "详见。"


def test_characters_read_for_the_first_time_are_keyed_and_measured_like_the_rest() -> None:
    # key_with_map and display_width read their tables with dict.get and fill a character not seen
    # yet: characters from blocks no policy of tests/data uses (a ligature, a Roman numeral that NFKC
    # spells out, a full-width capital, an ideograph of CJK extension B, a combining mark)
    from policydiff.text.forms import _char_key

    rare = "\ufb01\u216b\uff21\U00020b9f\u0301"
    for text in (rare, "隐私" + rare + "政策", rare[::-1]):
        key, index = key_with_map(text)
        assert key == "".join(_char_key(c) for c in text)
        assert [text[i] for i in index] == [c for c in text for _ in _char_key(c)]
    assert key_with_map("\u2fa1Ｂ")[0] == _char_key("\u2fa1") + "b"
    assert display_width("\u2fa0\U00020b9e" + "a\u0300") == 2 + 2 + 1 + 1


def test_the_dropped_character_class_is_exactly_the_characters_whose_form_is_empty() -> None:
    # key_with_map's fast path finds the dropped characters with one regex (forms._DROPPED) and
    # trusts every other character to give at least one key character: checked on every code point
    from policydiff.text.forms import _DROPPED, _char_key

    form = _char_key.__wrapped__
    wrong = [hex(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF
             and (form(chr(code)) == "") != bool(_DROPPED.fullmatch(chr(code)))]
    assert wrong == []


def test_the_translated_key_and_its_map_are_those_of_the_character_by_character_reading() -> None:
    # the fast path (str.translate, runs between dropped characters) against the reading of each
    # character: on every paragraph and sentence of the seeds, and on texts built to reach each branch
    from policydiff.compare.mentions import text_sentences
    from policydiff.text.normalize import _key_with_map_by_character, comparison_key

    texts = [p.text for seed in sorted(SEEDS.glob("*.txt"))
             for p in to_document(RawText(seed.read_text(encoding="utf-8"), "x")).paragraphs]
    texts += [s for t in texts for s in text_sentences(t)]
    texts += ["• 手机 号码", "- 您的 “手机号码” ", "  \u200b隐私\u3000政策*重要*", "见https://a.cn/x 。", "姓名__年龄",
              "省略…号", "\ufb01le ＡＢ", " ", "", "＊　", "• 详见 HTTPS://A.cn/X_y 与 ｈｔｔｐｓ：／／ｅｘ．ｃｎ／ａ 。",
              "- 姓名__年龄__ 见http://a.cn/__x__ ，", "见https://a.cn/x…", "见\0https://a.cn/x", "__", "http://"]
    assert len(texts) > 1500
    for text in texts:
        assert key_with_map(text) == _key_with_map_by_character(text), text
        assert comparison_key(text) == _key_with_map_by_character(text)[0], text
    # keyed together (to_document): the same keys and maps, a newline inside a text or not
    from policydiff.text.normalize import keys_with_maps

    for some in (texts, texts[:40] + ["一\n二 三"] + texts[-12:], ["ＡＢ"], [""], []):
        assert keys_with_maps(some) == [key_with_map(text) for text in some]


def test_the_surely_wide_characters_are_wide() -> None:
    # display_width counts the runs of wrap._surely_wide() as 2 columns a character without
    # asking unicodedata: checked on every code point of the class
    import unicodedata

    from policydiff.text.wrap import _surely_wide

    members = [chr(code) for code in range(0x3000, 0x10000) if _surely_wide().fullmatch(chr(code))]
    assert len(members) == 0x3F + 0x5200 + 0x60
    assert [c for c in members if unicodedata.east_asian_width(c) not in "WF"] == []


def test_the_usual_characters_are_keyed_as_the_table_keys_them() -> None:
    # _usual_key replaces the usual characters whose form differs, one str.replace each, and lowers
    # ASCII: each form is at most one character and is not replaced in turn, so every usual text
    # gets the key of its characters; checked on each usual character, alone and in a text
    from policydiff.text.forms import _USUAL_FORMS, _char_key, _usual_key

    form = _char_key.__wrapped__
    usual = [chr(c) for c in [*range(0x4E00, 0xA000), *range(0x21, 0x7F)]] + list(" \t　，、。（）；：“”《》【】「」•—！？．·")
    assert [c for c in usual if _usual_key(c) != form(c)] == []
    assert all(len(f) <= 1 and f not in dict(_USUAL_FORMS) for _, f in _USUAL_FORMS)
    text = "".join(usual[-200:])
    assert _usual_key(text) == "".join(map(form, text))
    assert _usual_key("隐私\u200b政策") is None and _usual_key("ｈｔｔｐ") is None


def test_a_character_comparison_key_leaves_as_it_is_is_its_own_form() -> None:
    # comparison_key replaces only the characters of forms._not_itself(): every other one must
    # be its own form, checked on every code point
    from policydiff.text.forms import _char_key, _not_itself

    form, pattern = _char_key.__wrapped__, _not_itself()
    kept = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF and not pattern.match(chr(code))]
    assert len(kept) > 20000
    assert [c for c in kept if form(c) != c] == []


def test_no_bullet_starts_with_a_letter_or_digit() -> None:
    # forms.bullet_end does not ask lexicon.layout.LEADING_BULLET of a text that starts with one
    from policydiff.lexicon.layout import LEADING_BULLET

    starts = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF and chr(code).isalnum()]
    assert [c for c in starts if LEADING_BULLET.match(c + "x") or LEADING_BULLET.match(c + " x")] == []


def test_lines_measured_together_are_measured_as_one_by_one() -> None:
    # wrap.line_widths cuts the wide and ASCII runs out of all lines at once: the same widths as
    # display_width of each line, with rarer characters, a character seen for the first time, an
    # empty line, and a newline inside a line (each then measured alone)
    from policydiff.text.wrap import line_widths

    lines = ["隐私政策 v2", "a\u2028b", "é—“”《》", "\u3400x\u2fa0", "\U00020b9e", "ｈｔｔｐ：", "\t\x0b", "", "x"]
    assert line_widths(lines) == [display_width(line) for line in lines]
    assert line_widths([]) == []
    assert line_widths(["a\nb", "c"]) == [display_width("a\nb"), 1]


def test_a_page_number_ends_with_a_digit_or_one_of_its_ends() -> None:
    # wrap._LineReadings tries layout.PAGE_NUMBER only on a line that ends with a decimal digit or
    # one of PAGE_NUMBER_ENDS: checked on every last character after each kind of page number
    from policydiff.lexicon.layout import PAGE_NUMBER, PAGE_NUMBER_ENDS
    from policydiff.text.wrap import _SENTENCE_ENDS

    heads = ["1", "- 12", "12 -", "第 3 页", "第3页/20", "第3页共 2", "3/2", "Page 3", ""]
    assert all(PAGE_NUMBER.match(h) for h in heads[:-1])
    for code in range(0x110000):
        last = chr(code)
        if 0xD800 <= code <= 0xDFFF or last in PAGE_NUMBER_ENDS or last.isdecimal() or last.isspace():
            continue  # (a line is stripped: it ends with no space)
        assert not any(PAGE_NUMBER.match(h + last) for h in heads), repr(last)
    # wrap repair reads a sentence end as the line's last character
    from policydiff.lexicon.layout import SENTENCE_END

    assert all(len(end) == 1 for end in SENTENCE_END) and _SENTENCE_ENDS == set(SENTENCE_END)
