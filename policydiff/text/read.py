"""Read a policy from a file, standard input or bytes into a RawText: sniff, decode, extract.

Plain text is decoded by ``text.decode``; HTML, PDF and DOCX go through ``text.extract``.
One size limit (``text.limits.MAX_INPUT_BYTES``) holds for files, stdin and fetched bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from policydiff.errors import InputError
from policydiff.model import RawText
from policydiff.text import extract, sniff
from policydiff.text.decode import decode_text
from policydiff.text.limits import MAX_INPUT_BYTES


def read_bytes(
    data: bytes, source: str, declared: str | None = None, *, charset: str | None = None, selector: str | None = None,
    remove: Sequence[str] = (),
) -> RawText:
    """Turn raw bytes of any supported format into text.

    ``declared`` is a declared media type (an HTTP Content-Type, a file extension's); the one
    rule of ``text.sniff`` decides what the bytes are. ``charset`` is a declared charset (an
    HTTP header's) and ``selector`` a CSS selector for the policy's part of an HTML page.
    """
    if not data.strip():
        raise InputError(f"{source}: empty input")
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{source}: too large ({len(data)} bytes; the limit is {MAX_INPUT_BYTES})")
    media_type = sniff.media_type_of(data, source, declared)
    if media_type == sniff.TEXT and not charset:
        text, encoding = decode_text(data, source)
        if not text.strip():
            raise InputError(f"{source}: empty input")
        return RawText(text=text, source=source, encoding=encoding, media_type=media_type)
    return extract.extract(data, source, media_type, charset=charset, selector=selector, remove=remove)


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file, within the size limit; InputError says why not."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a policy file")
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"{p}: too large ({size} bytes; the limit is {MAX_INPUT_BYTES})")
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from exc


def read_stdin_bytes() -> bytes:
    """Standard input's bytes, within the size limit."""
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"<stdin>: too large (limit {MAX_INPUT_BYTES} bytes)")
    return data


def read_path(path: str | Path) -> RawText:
    """Read a policy file; "-" reads standard input."""
    if str(path) == "-":
        return read_stdin()
    return read_bytes(read_file_bytes(path), str(path))


def read_stdin() -> RawText:
    """Read a policy from standard input (bytes, so the encoding is detected too)."""
    return read_bytes(read_stdin_bytes(), "<stdin>")
