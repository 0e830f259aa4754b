"""What a document is: the one media-type rule that files, fetches, the archive and dry runs share.

Magic bytes win for binary formats (servers label PDFs text/html or octet-stream, and a DOCX
served as text/html is still a DOCX); otherwise the declared type when it is one we read;
otherwise a sniff of the bytes and the file name.

>>> media_type_of(b"%PDF-1.7 ...", "policy", declared="text/html; charset=utf-8")
'application/pdf'
>>> media_type_of(b"<html><body>...", "p", declared="text/plain")
'text/plain'
>>> media_type_of(b"<!DOCTYPE html><html>", "p.txt")
'text/html'
"""

from __future__ import annotations

HTML = "text/html"
XHTML = "application/xhtml+xml"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
HTML_TYPES = (HTML, XHTML)

# Media type -> the file extension the archive stores a source under, and back.
EXTENSION = {HTML: "html", XHTML: "html", PDF: "pdf", DOCX: "docx", TEXT: "txt"}
MEDIA_OF_EXTENSION = {"html": HTML, "htm": HTML, "pdf": PDF, "txt": TEXT, "docx": DOCX}


def normalize_media_type(media_type: str | None) -> str:
    """"text/html; charset=GBK" -> "text/html"."""
    return (media_type or "").split(";", 1)[0].strip().lower()


def sniff_media_type(data: bytes, name: str = "") -> str:
    """Guess the media type from magic bytes first, the file name second."""
    head = data[:1024].lstrip()
    lower_name = name.lower()
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04") and (lower_name.endswith(".docx") or b"word/" in data[:4096]):
        return DOCX
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or lower_name.endswith((".html", ".htm")):
        return HTML
    return TEXT


def media_type_of(data: bytes, name: str = "", declared: str | None = None) -> str:
    """The media type to read ``data`` as (see the module docstring)."""
    sniffed = sniff_media_type(data, name)
    kind = normalize_media_type(declared)
    if sniffed in (PDF, DOCX) or kind not in EXTENSION:
        return sniffed
    return kind
