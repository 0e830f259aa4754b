"""Read a policy from a file or stdin into text: detect the format and the encoding.

Plain text is decoded here (BOMs, UTF-8, GB18030/GBK, UTF-16, then charset-normalizer);
HTML, PDF and DOCX go through ``policydiff.extract``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policydiff.errors import InputError
from policydiff.models import RawText

# Largest input we accept: real policies are well under 2 MB of text.
MAX_BYTES = 50 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def sniff_media_type(data: bytes, name: str = "") -> str:
    """Guess the media type from magic bytes first, the file name second."""
    head = data[:1024].lstrip()
    lower_name = name.lower()
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04") and (lower_name.endswith(".docx") or b"word/" in data[:4096]):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or lower_name.endswith(
        (".html", ".htm")
    ):
        return "text/html"
    return "text/plain"


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes of a plain-text policy; return (text, encoding name).

    Tries BOMs, UTF-16 without BOM (when there are NUL bytes), strict UTF-8, GB18030,
    then charset-normalizer. Raises InputError for binary or undecodable content.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: starts with a {enc} byte-order mark but is not valid {enc}") from exc
    if b"\x00" in data:
        # Text never holds NUL characters: either UTF-16 without a byte-order mark, or binary.
        best: tuple[float, str, str] | None = None
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            share = _usual_share(text)
            if best is None or share > best[0]:
                best = (share, text, enc)
        if best is not None and best[0] >= 0.9 and _looks_like_text(best[1]):
            return best[1], best[2]
        raise InputError(f"{source}: binary content, not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise InputError(f"{source}: binary content, not a text file")
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
        if _looks_like_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is not None and guess.encoding:
        text = str(guess)
        if _looks_like_text(text):
            return text, guess.encoding
    raise InputError(f"{source}: cannot decode the text (not UTF-8, GB18030 or UTF-16)")


def _looks_like_text(text: str) -> bool:
    """True when few characters are control characters (binary data decodes to many)."""
    if not text:
        return True
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(text) < 0.01


def _usual_share(text: str) -> float:
    """Share of characters a Chinese policy is made of (ASCII, CJK, CJK and full-width punctuation).

    UTF-16 read with the wrong byte order turns newlines and Latin letters into rare scripts.
    """
    if not text:
        return 0.0
    usual = sum(
        1
        for ch in text
        if (32 <= ord(ch) < 127 or ch in "\t\n\r" or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
            or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    )
    return usual / len(text)


def read_bytes(
    data: bytes, source: str, media_type: str | None = None, *, charset: str | None = None, selector: str | None = None
) -> RawText:
    """Turn raw bytes of any supported format into text.

    ``charset`` is a declared charset (an HTTP header's) and ``selector`` a CSS selector
    for the policy's part of an HTML page; both go to ``policydiff.extract``.
    """
    if not data.strip():
        raise InputError(f"{source}: empty input")
    media_type = media_type or sniff_media_type(data, source)
    if media_type == "text/plain" and not charset:
        text, encoding = decode_text(data, source)
        if not text.strip():
            raise InputError(f"{source}: empty input")
        return RawText(text=text, source=source, encoding=encoding, media_type=media_type)
    from policydiff import extract

    return extract.extract(data, source, media_type, charset=charset, selector=selector)


def read_path(path: str | Path) -> RawText:
    """Read a policy file; "-" reads standard input."""
    if str(path) == "-":
        return read_stdin()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a policy file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{p}: too large ({size} bytes; the limit is {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
    return read_bytes(data, str(p))


def read_stdin() -> RawText:
    """Read a policy from standard input (bytes, so the encoding is detected too)."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"<stdin>: too large (limit {MAX_BYTES} bytes)")
    return read_bytes(data, "<stdin>")
