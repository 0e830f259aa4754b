"""Decode the bytes of a plain-text policy: byte-order marks, UTF-8, GB18030/GBK, UTF-16, detection.

>>> decode_text("隐私政策".encode("gb18030"), "p.txt")
('隐私政策', 'gb18030')
>>> decode_text(b"\\xef\\xbb\\xbfprivacy", "p.txt")
('privacy', 'utf-8-sig')
"""

from __future__ import annotations

from policydiff.errors import InputError

# Byte-order marks and the codec each names: the one table (plain text and HTML use it).
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def bom_codec(data: bytes) -> str | None:
    """The codec a leading byte-order mark names, or None."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode bytes of a plain-text policy; return (text, encoding name).

    Tries BOMs, UTF-16 without BOM (when there are NUL bytes), strict UTF-8, GB18030,
    then charset-normalizer. Raises InputError for binary or undecodable content.
    """
    enc = bom_codec(data)
    if enc is not None:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: starts with a {enc} byte-order mark but is not valid {enc}") from exc
    if b"\x00" in data:
        return _utf16_without_bom(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not looks_like_text(text):
            raise InputError(f"{source}: binary content, not a text file")
        return text, "utf-8"
    try:
        text = data.decode("gb18030")
        if looks_like_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # heavy (~40 ms): only for texts neither UTF-8 nor GB18030

    guess = from_bytes(data).best()
    if guess is not None and guess.encoding:
        text = str(guess)
        if looks_like_text(text):
            return text, guess.encoding
    raise InputError(f"{source}: cannot decode the text (not UTF-8, GB18030 or UTF-16)")


def _utf16_without_bom(data: bytes, source: str) -> tuple[str, str]:
    """Text never holds NUL characters: either UTF-16 without a byte-order mark, or binary."""
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = usual_share(text)
        if best is None or share > best[0]:
            best = (share, text, enc)
    if best is not None and best[0] >= 0.9 and looks_like_text(best[1]):
        return best[1], best[2]
    raise InputError(f"{source}: binary content, not a text file")


_CONTROLS = tuple(chr(i) for i in range(32) if chr(i) not in "\t\n\r\f")


def looks_like_text(text: str) -> bool:
    """True when few characters are control characters (binary data decodes to many)."""
    if not text:
        return True
    controls = sum(text.count(ch) for ch in _CONTROLS)  # 28 C-speed counts, not a Python loop
    return controls / len(text) < 0.01


def usual_share(text: str) -> float:
    """Share of characters a Chinese policy is made of (ASCII, CJK, CJK and full-width punctuation).

    UTF-16 read with the wrong byte order turns newlines and Latin letters into rare scripts.
    """
    if not text:
        return 0.0
    usual = sum(
        1
        for ch in text
        if (32 <= ord(ch) < 127 or ch in "\t\n\r" or 0x4E00 <= ord(ch) <= 0x9FFF or 0x3000 <= ord(ch) <= 0x303F
            or 0xFF00 <= ord(ch) <= 0xFFEF or 0x2000 <= ord(ch) <= 0x206F)
    )
    return usual / len(text)
