"""Extract the policy text from HTML, PDF and DOCX bytes: one line per heading, paragraph,
list item or table row, so the section parser sees the document's own structure.

HTML goes through lxml (never regexes on markup): scripts, styles and page chrome
(nav/header/footer/aside) are dropped; the charset comes from the HTTP header, the
page's ``<meta>`` or detection, in the order browsers use. PDF goes through pdfplumber,
DOCX through python-docx. Every failure is an InputError with a one-line message.
"""

from __future__ import annotations

import codecs
import io
import re
import time
import zipfile
from collections.abc import Iterator, Sequence

from policydiff import regex_cache
from policydiff.errors import InputError
from policydiff.model import RawText
from policydiff.text import limits
from policydiff.text.decode import bom_codec, decode_text
from policydiff.text.sniff import DOCX as DOCX_TYPE
from policydiff.text.sniff import HTML_TYPES, normalize_media_type
from policydiff.text.sniff import PDF as PDF_TYPE
from policydiff.text.sniff import TEXT as TEXT_TYPE

# Bumped whenever extraction output changes, so `policydiff reextract` knows what is stale.
EXTRACTOR_VERSION = "1"

# Elements whose content is never policy text.
_DROP_TAGS = (
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template",
    "svg", "iframe", "object", "embed", "button", "select", "head",
)
# Elements that start and end a line of text.
_BLOCK_TAGS = frozenset(
    "address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "form h1 h2 h3 h4 h5 h6 hr html li main ol p pre section summary table tbody thead tfoot ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_WS = regex_cache.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gbk">, read from
# bytes the way the HTML standard's prescan does before any parse is possible.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Legacy Chinese encodings all decode correctly as their superset GB18030.
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}


def extract(
    data: bytes, source: str, media_type: str, *, charset: str | None = None, selector: str | None = None,
    remove: Sequence[str] = (),
) -> RawText:
    """Turn HTML, PDF, DOCX (or declared-charset text) bytes into a RawText; ``charset`` is the HTTP
    header's, ``selector`` a CSS selector keeping only part of an HTML page, ``remove`` CSS selectors
    of elements dropped before the text is taken."""
    kind = normalize_media_type(media_type)
    if kind in HTML_TYPES:
        return extract_html(data, source, charset=charset, selector=selector, remove=remove)
    if selector or remove:
        raise InputError(f"{source}: {'--selector' if selector else '--remove'} applies to HTML pages only, not {kind}")
    extractor = EXTRACTORS.get(kind)
    if extractor is not None:
        return extractor(data, source, charset)
    if kind in ("application/msword", "application/rtf", "text/rtf"):
        raise InputError(f"{source}: {kind} is not supported; save the document as .docx or PDF")
    raise InputError(f"{source}: unsupported content type {kind or 'unknown'!r} (expected HTML, PDF, DOCX or text)")


def extract_text(data: bytes, source: str, charset: str | None) -> RawText:
    """Plain text with a declared charset (a wrong or missing declaration: detected instead)."""
    try:
        text, encoding = _decode_declared(data, charset)
    except UnicodeDecodeError:
        text, encoding = decode_text(data, source)
    if not text.strip():
        raise InputError(f"{source}: empty input")
    return RawText(text=text, source=source, encoding=encoding, media_type=TEXT_TYPE)


# -- HTML -------------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset name, or None when Python does not know it."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ENCODING_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_declared(data: bytes, charset: str | None) -> tuple[str, str]:
    codec = _codec(charset)
    if codec is None:
        raise UnicodeDecodeError("ascii", b"", 0, 0, f"unknown charset {charset!r}")
    return data.decode(codec), codec


def html_encoding(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode an HTML page: BOM, then the HTTP header's charset, then ``<meta>``, then detection.

    A declared charset that does not decode the bytes is skipped rather than trusted.
    """
    enc = bom_codec(data)
    if enc is not None:
        return data.decode(enc, errors="replace"), enc
    meta = _META_CHARSET.search(data[:4096])
    for declared in (header_charset, meta.group(1).decode("ascii", "replace") if meta else None):
        codec = _codec(declared)
        if codec is None:
            continue
        if codec.startswith("utf-16"):  # a <meta> claiming UTF-16 in an ASCII-readable page is wrong
            continue
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    return decode_text(data, "<html>")


def extract_html(data: bytes, source: str, *, charset: str | None = None, selector: str | None = None,
                 remove: Sequence[str] = ()) -> RawText:
    """Text of an HTML page, one line per block (heading, paragraph, list item, table row)."""
    import lxml.html  # heavy (~40 ms): only when HTML is read
    from lxml import etree

    text, encoding = html_encoding(data, charset)
    text = text.replace("\x00", "")
    if not text.strip():
        raise InputError(f"{source}: empty HTML page")
    try:
        # huge_tree: without it libxml2 silently drops everything nested deeper than 255 levels
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{source}: cannot parse the HTML ({exc})") from None
    if _depth(root) >= MAX_HTML_DEPTH:
        raise InputError(f"{source}: the HTML is nested deeper than {MAX_HTML_DEPTH} levels; the parser cannot keep its text")
    for el in list(root.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                _drop(el)
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if el.get("hidden") is not None or "display:none" in style or el.get("aria-hidden") == "true":
            _drop(el)
    for css in remove:  # a source's `remove` selectors: banners, cookie notices, "related articles"
        for el in select(root, css):
            _drop(el)
    roots = [root]
    if selector:
        roots = select(root, selector)
        if not roots:
            raise InputError(f"{source}: the selector {selector!r} matched nothing on the page")
    lines: list[str] = []
    for r in roots:
        lines.extend(_html_lines(r))
    out = "\n".join(lines)
    if not out.strip():
        raise InputError(f"{source}: the HTML page has no text (rendered by JavaScript? "
                         "fetch it with headless Chromium: render = \"browser\" in its [[source]], or --render browser)")
    return RawText(text=out + "\n", source=source, encoding=encoding, media_type="text/html")


MAX_HTML_DEPTH = 2000  # libxml2 keeps 2048 levels with huge_tree and drops what is deeper


def _depth(root: object) -> int:
    """How deep the tree goes (iteratively)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in el)  # type: ignore[attr-defined]
    return deepest


def _drop(el: object) -> None:
    """Remove an element but keep its tail text (the text after it belongs to the parent)."""
    from lxml import etree

    assert isinstance(el, etree._Element)
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def select(root: object, selector: str) -> list[object]:
    """Elements matching a CSS selector: lxml.cssselect when installed, else a tiny XPath translation
    of ``tag``, ``#id``, ``.class`` and their combinations joined by spaces."""
    try:
        from lxml.cssselect import CSSSelector
    except ImportError:  # cssselect missing
        return list(root.xpath(_css_to_xpath(selector)))  # type: ignore[attr-defined]
    try:
        return list(CSSSelector(selector)(root))
    except Exception as exc:  # cssselect raises its own SelectorSyntaxError / ExpressionError
        raise InputError(f"bad CSS selector {selector!r}: {exc}") from None


_SIMPLE = regex_cache.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:[#.][A-Za-z0-9_-]+)*)$")


def _css_to_xpath(selector: str) -> str:
    parts = []
    for step in selector.split():
        m = _SIMPLE.match(step)
        if not m:
            raise InputError(f"CSS selector {selector!r} needs the cssselect package (pip install cssselect)")
        tag, rest = m.group(1) or "*", m.group(2)
        conds = []
        for kind, name in re.findall(r"([#.])([A-Za-z0-9_-]+)", rest):
            if kind == "#":
                conds.append(f"@id='{name}'")
            else:
                conds.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
        parts.append(tag + "".join(f"[{c}]" for c in conds))
    return "//" + "//".join(parts)


def _html_lines(root: object) -> list[str]:
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            lines.append(line)

    # iterative (a page nested thousands deep must not hit Python's recursion limit)
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        el, leaving = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = tag.lower()
        if leaving:
            if tag in _BLOCK_TAGS:
                flush()
            if el.tail:  # type: ignore[attr-defined]
                buf.append(el.tail)  # type: ignore[attr-defined]
            continue
        if tag == "br":
            flush()
        elif tag == "tr":
            flush()
            cells = [_WS.sub(" ", "".join(c.itertext())).strip() for c in el if isinstance(c.tag, str) and c.tag.lower() in _CELL_TAGS]  # type: ignore[attr-defined]
            row = "\t".join(c for c in cells if c)
            if row:
                lines.append(row)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            if el.text:  # type: ignore[attr-defined]
                buf.append(el.text)  # type: ignore[attr-defined]
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(list(el)))  # type: ignore[call-overload]
            continue
        if el.tail:  # type: ignore[attr-defined]
            buf.append(el.tail)  # type: ignore[attr-defined]

    flush()
    return lines


# -- PDF --------------------------------------------------------------------------------------


def extract_pdf(data: bytes, source: str, charset: str | None = None) -> RawText:
    """Text of a PDF with a text layer, pages joined by newlines."""
    import pdfplumber  # heavy (~150 ms): only when a PDF is read

    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{source}: not a PDF file (no %PDF header)")
    pages: list[str] = []
    started = time.monotonic()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.MAX_PDF_PAGES:
                raise InputError(f"{source}: the PDF has {len(pdf.pages)} pages; the limit is {limits.MAX_PDF_PAGES}")
            for page in pdf.pages:
                if time.monotonic() - started > limits.MAX_PDF_SECONDS:
                    raise InputError(f"{source}: the PDF took over {limits.MAX_PDF_SECONDS:g} s to read "
                                     f"({len(pages)} of {len(pdf.pages)} pages); refused")
                pages.append(page.extract_text() or "")
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise InputError(f"{source}: the PDF is encrypted; save an unprotected copy") from None
        detail = str(exc).splitlines()[0][:120] if str(exc) else name
        raise InputError(f"{source}: corrupt or unreadable PDF ({detail})") from None
    text = "\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise InputError(
            f"{source}: the PDF has no text layer ({len(pages)} page(s); a scanned document?) — run OCR on it first"
        )
    return RawText(text=text + "\n", source=source, encoding="pdf", media_type=PDF_TYPE)


# -- DOCX -------------------------------------------------------------------------------------


def extract_docx(data: bytes, source: str, charset: str | None = None) -> RawText:
    """Text of a Word document: paragraphs in order, each table cell on its own line."""
    import docx  # heavy (~100 ms): only when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_lines(document))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputError(f"{source}: corrupt or unreadable DOCX ({detail})") from None
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise InputError(f"{source}: the DOCX document has no text")
    return RawText(text=text + "\n", source=source, encoding="docx", media_type=DOCX_TYPE)


def check_zip(data: bytes, source: str) -> None:
    """Refuse a ZIP whose members would unpack too large or too fast (a zip bomb), before any
    member is decompressed; zipfile never returns more than a member's declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(f"{source}: corrupt or unreadable DOCX ({str(exc).splitlines()[0][:120] if str(exc) else 'bad zip'})") from None
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise InputError(f"{source}: the DOCX holds {len(members)} files; the limit is {limits.MAX_ZIP_MEMBERS} (a zip bomb?)")
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > limits.MAX_UNPACKED_MEMBER:
            raise InputError(f"{source}: {m.filename} would unpack to {m.file_size} bytes; the limit is "
                             f"{limits.MAX_UNPACKED_MEMBER} (a zip bomb?)")
        if m.file_size > limits.RATIO_FLOOR and m.file_size > limits.MAX_RATIO * max(m.compress_size, 1):
            raise InputError(f"{source}: {m.filename} would unpack {m.file_size // max(m.compress_size, 1)}-fold; "
                             f"the limit is {limits.MAX_RATIO} (a zip bomb?)")
    if total > limits.MAX_UNPACKED_TOTAL:
        raise InputError(f"{source}: the DOCX would unpack to {total} bytes; the limit is {limits.MAX_UNPACKED_TOTAL} (a zip bomb?)")


def _docx_lines(document: object) -> Iterator[str]:
    from docx.table import Table

    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: object) -> Iterator[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    for row in table.rows:
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell repeats across the columns it spans
                continue
            seen.append(cell._tc)
            for block in cell.iter_inner_content():
                if isinstance(block, Table):
                    yield from _table_lines(block)
                else:
                    yield block.text


# The extractors by media type (HTML takes a selector and is called on its own): a new format
# is one function and one entry here.
EXTRACTORS = {PDF_TYPE: extract_pdf, DOCX_TYPE: extract_docx, TEXT_TYPE: extract_text}
