"""Policy text made safe for where it is shown: a terminal, an XML document, Markdown, HTML.

A policy is someone else's text. Before it reaches a terminal, C0/C1 control characters
(escape sequences, OSC links and titles, CSI ``\\x9b``) and bidi overrides are removed; before
it reaches XML, the characters XML 1.0 forbids; Markdown and HTML bodies escape what their
renderers would treat as markup, so a ``<script>`` in a policy arrives as text.

A URL is someone's secret too: ``redact_url`` hides the credentials a URL may carry (its
user-info, and query parameters named like a token or a password) before it is shown, logged
or recorded; ``redact_urls`` does the same for every URL inside a message.
"""

from __future__ import annotations

import dataclasses
import html
from urllib.parse import parse_qsl, urlsplit

from policydiff import regex_cache
from policydiff.model import RawText

# C0 except tab and newline, DEL, C1; bidi embeddings/overrides/isolates and the marks (U+061C, U+200E/F).
_TERMINAL_UNSAFE = regex_cache.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Outside XML 1.0's Char production (plus the bidi controls, which no feed reader should apply),
# written as the short complement of #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
# [#x10000-#x10FFFF]: the production's own wide ranges cost ~3 ms to compile at every start.
_XML_UNSAFE = regex_cache.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")
# Characters Markdown renderers treat as syntax inside a line (emphasis, code, links, tables, headings).
_MD_SPECIAL = regex_cache.compile(r"([\\`*_{}\[\]#|~])")
_LINE_BREAKS = regex_cache.compile(r"[\r\n\u2028\u2029]+")
# A query parameter whose name says it carries a credential (a name ending in one of these words,
# case-insensitive: access_token, apiKey, X-Amz-Signature, sessionid …). General knowledge of how
# web services name their secrets; a value that is only ``${VAR}`` placeholders is no secret.
_SECRET_PARAM = regex_cache.compile(r"(?i)(token|key|secret|passw(or)?d|pass|pwd|auth|authorization|signature|sig|session"
                           r"|sessionid|sid|credential|credentials|ticket|code)$")
_PLACEHOLDERS = regex_cache.compile(r"(\$\{[A-Za-z_][A-Za-z0-9_]*\})+")
# A URL inside a message: a scheme, "://", then anything up to a space, a quote or a bracket.
_URL_IN_TEXT = regex_cache.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s\"'<>()\[\]{}]{1,8192}")
REDACTED = "***"


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


def _hidden(value: str) -> str:
    """A credential's value as shown: itself when it is only ``${VAR}`` placeholders, else ***."""
    return value if not value or _PLACEHOLDERS.fullmatch(value) else REDACTED


def redact_url(url: str) -> str:
    """``url`` without the credentials it carries: the user-info's name and password and the value
    of every query parameter named like a credential become ``***`` (``${VAR}`` placeholders stay:
    they name a secret, they are not one). Anything that is not a URL comes back unchanged.

    >>> redact_url("http://alice:PaSSw0rd@example.com/privacy?lang=zh&token=abc123")
    'http://***:***@example.com/privacy?lang=zh&token=***'
    >>> redact_url("https://${USER}:${PASS}@example.com/p?access_token=${TOKEN}")
    'https://${USER}:${PASS}@example.com/p?access_token=${TOKEN}'
    >>> redact_url("https://example.com/privacy.html")
    'https://example.com/privacy.html'
    """
    if "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    netloc, tail = rest[:cut], rest[cut:]
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, colon, password = userinfo.partition(":")
        netloc = _hidden(user) + (colon + _hidden(password) if colon else "") + "@" + host
    query_at = tail.find("?")
    if query_at >= 0:
        path, query = tail[:query_at], tail[query_at + 1:]
        query, hash_, fragment = query.partition("#")
        params = []
        for param in query.split("&"):
            name, eq, value = param.partition("=")
            secret = eq and _SECRET_PARAM.search(name.replace("-", "_").rstrip("_"))
            params.append(name + eq + (_hidden(value) if secret else value))
        tail = path + "?" + "&".join(params) + hash_ + fragment
    return f"{scheme}://{netloc}{tail}"


def redact_urls(text: str) -> str:
    """``text`` (a message, a log line) with ``redact_url`` applied to every URL in it.

    >>> redact_urls("http://bob:hunter2@10.0.0.5/p: HTTP 404 Not Found")
    'http://***:***@10.0.0.5/p: HTTP 404 Not Found'
    """
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


def url_credentials(url: str) -> list[str]:
    """The credentials ``url`` carries, each raw and as written (for scrubbing them from text).

    >>> url_credentials("http://alice:Pa%2FSS@h/p?token=t0k3n")
    ['Pa%2FSS', 'Pa/SS', 'alice', 't0k3n']
    """
    from urllib.parse import unquote

    parts = urlsplit(url)
    found = [v for v in (parts.username, parts.password) if v]
    found += [v for k, v in parse_qsl(parts.query, keep_blank_values=False)
              if _SECRET_PARAM.search(k.replace("-", "_").rstrip("_"))]
    out = {v for v in found if len(v) >= 3 and not _PLACEHOLDERS.fullmatch(v)}
    out |= {unquote(v) for v in out}
    return sorted(out, key=lambda v: (-len(v), v))
