"""HTML, PDF and DOCX extraction on real seed policies: the text survives, the chrome does not."""

from __future__ import annotations

import lxml.html
import pytest

from policydiff.errors import InputError
from policydiff.text import extract
from policydiff.text import read as ingest
from policydiff.text.normalize import comparison_key
from tests.archive_helpers import as_docx, as_html, as_pdf, policy_lines, seed_text

DOCX = extract.DOCX_TYPE


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_keeps_policy_lines_and_drops_chrome(charset: str) -> None:
    text = seed_text("001")
    raw = extract.extract(as_html(text, charset), "p.html", "text/html")
    lines = raw.text.splitlines()
    assert lines[0] == policy_lines(text)[0]  # the <h1> title, first: <title>, nav and header are gone
    assert comparison_key("\n".join(policy_lines(text))) in comparison_key(raw.text)
    for chrome in ("不应出现的脚本文字", "color: red", "下载应用导航", "页眉横幅广告", "相关推荐侧栏", "版权所有", "请开启JavaScript"):
        assert chrome not in raw.text
    assert "列表项一" in lines and "列表项二" in lines
    assert "手机号码\t注册登录" in lines  # a table row is one line
    assert raw.encoding == ("utf-8" if charset == "utf-8" else "gb18030")


def test_html_charset_from_header_beats_a_missing_meta() -> None:
    data = as_html(seed_text("002"), "gbk", meta=False)
    with_header = extract.extract(data, "p.html", "text/html", charset="GBK")
    assert with_header.encoding == "gb18030"
    assert "隐私政策" in with_header.text
    detected = extract.extract(data, "p.html", "text/html")  # no header, no meta: detection
    assert detected.text == with_header.text


def test_html_wrong_header_charset_falls_back_to_meta() -> None:
    data = as_html(seed_text("002"), "gbk", meta=True)
    raw = extract.extract(data, "p.html", "text/html", charset="utf-8")
    assert "隐私政策" in raw.text and raw.encoding == "gb18030"


def test_selector_keeps_only_that_part() -> None:
    marker = "站点公告：新版本上线"
    page = as_html(seed_text("003")).replace(b"<div id='policy'", f"<div class='other'>{marker}</div><div id='policy'".encode())
    whole = extract.extract(page, "p.html", "text/html")
    part = extract.extract(page, "p.html", "text/html", selector="#policy")
    assert marker in whole.text and marker not in part.text
    assert part.text.splitlines()[0] == policy_lines(seed_text("003"))[0]
    assert len(extract.select(lxml.html.document_fromstring(page), "div.policy-body")) == 1
    with pytest.raises(InputError, match="matched nothing"):
        extract.extract(page, "p.html", "text/html", selector="#nowhere")


def test_pdf_text_layer() -> None:
    text = seed_text("002")
    raw = ingest.read_bytes(as_pdf(text), "p.pdf")
    assert raw.media_type == "application/pdf"
    assert raw.text.splitlines()[0] == policy_lines(text)[0]
    assert comparison_key(policy_lines(text)[5]) in comparison_key(raw.text)


def test_docx_paragraphs_and_table_cells() -> None:
    text = seed_text("004")
    raw = ingest.read_bytes(as_docx(text), "p.docx")
    assert raw.media_type == DOCX
    lines = raw.text.splitlines()
    assert lines[: len(policy_lines(text)[:200])] == policy_lines(text)[:200]
    assert lines[-4:] == ["信息类型", "用途", "手机号码", "注册登录"]


def test_scanned_pdf_is_refused_with_a_clear_message() -> None:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)  # an image-like page: no text at all
    c.showPage()
    c.save()
    with pytest.raises(InputError, match="no text layer") as err:
        extract.extract(buf.getvalue(), "scan.pdf", "application/pdf")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("data", "media", "message"),
    [
        (b"%PDF-1.7\n1 0 obj garbage", "application/pdf", "corrupt or unreadable PDF"),
        (b"not a pdf at all", "application/pdf", "not a PDF"),
        (b"PK\x03\x04 truncated zip", DOCX, "corrupt or unreadable DOCX"),
        (b"\xd0\xcf\x11\xe0 old word", "application/msword", "save the document as .docx"),
        (b"<html><body><script>x()</script></body></html>", "text/html", "has no text"),
    ],
)
def test_broken_inputs_are_one_line_input_errors(data: bytes, media: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        extract.extract(data, "in", media)
    assert "\n" not in str(err.value)


def test_truncated_real_pdf_and_docx() -> None:
    pdf, docx_bytes = as_pdf(seed_text("000")), as_docx(seed_text("000"))
    with pytest.raises(InputError):
        extract.extract(pdf[: len(pdf) // 3], "cut.pdf", "application/pdf")
    with pytest.raises(InputError, match="DOCX"):
        extract.extract(docx_bytes[: len(docx_bytes) // 2], "cut.docx", DOCX)
