"""Policy text made safe for where it is shown: a terminal, an XML document, Markdown, HTML.

A policy is someone else's text. Before it reaches a terminal, C0/C1 control characters
(escape sequences, OSC links and titles, CSI ``\\x9b``) and bidi overrides are removed; before
it reaches XML, the characters XML 1.0 forbids; Markdown and HTML bodies escape what their
renderers would treat as markup, so a ``<script>`` in a policy arrives as text.
"""

from __future__ import annotations

import dataclasses
import html
import re

from policydiff.model import RawText

# C0 except tab and newline, DEL, C1; bidi embeddings/overrides/isolates and the marks (U+061C, U+200E/F).
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Outside XML 1.0's Char production (plus the bidi controls, which no feed reader should apply),
# written as the short complement of #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
# [#x10000-#x10FFFF]: the production's own wide ranges cost ~3 ms to compile at every start.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
# Characters Markdown renderers treat as syntax inside a line (emphasis, code, links, tables, headings).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def terminal_safe(text: str) -> str:
    """``text`` without control characters (tab and newline kept; CR dropped) or bidi overrides."""
    return _TERMINAL_UNSAFE.sub("", text)


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry removed."""
    return _XML_UNSAFE.sub("", text)


def markdown_escape(text: str) -> str:
    """Policy text as inert inline Markdown: one line, controls removed, HTML-escaped (``<``, ``>``,
    ``&``, quotes: no tag survives a Markdown-to-HTML renderer) and Markdown syntax backslash-escaped
    (no link, image, emphasis or code span); renders back to the text."""
    one_line = _LINE_BREAKS.sub(" ", terminal_safe(text))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


def markdown_code(text: str) -> str:
    """A code span for a value of ours (a path, a slug, an id): backticks and controls removed."""
    return "`" + _LINE_BREAKS.sub(" ", terminal_safe(text)).replace("`", "") + "`"


def plain_line(text: str) -> str:
    """A one-line plain-text value (a title, a subject): controls and line breaks removed."""
    return _LINE_BREAKS.sub(" ", terminal_safe(text)).strip()


def html_escape(text: str) -> str:
    return html.escape(terminal_safe(text), quote=True)


def shown(raw: RawText, on_terminal: bool) -> RawText:
    """A text bound for the terminal, without control characters and bidi overrides (a policy's
    escape sequences, OSC links and titles never reach the terminal); unchanged otherwise."""
    if not on_terminal:
        return raw
    return dataclasses.replace(raw, text=terminal_safe(raw.text), source=terminal_safe(raw.source))
