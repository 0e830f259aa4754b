"""What a policy says, as HTML for people: the renderer of ``policydiff facts --format html`` and
of the archive website's "what this version says" pages.

The input is ``report.facts.summarize``'s object. Each item appears once (the rights, contacts …
lists are folded by value, as data types already are), under a heading in the reader's language,
with the sections that state it and, folded, the policy's own sentence. No internal key is shown:
rights, sensitive kinds, detail fields and contact types go through ``lexicon.site_labels``; a
detail the table does not know is left out rather than shown as a key. Every policy string is
escaped.

>>> page = render_page({"data_types": [{"value": "人脸信息", "surface": "人脸信息", "sensitive": "biometric",
...     "section": {"path": "1", "heading": "一、收集"}, "sentence": "<b>我们收集人脸信息</b>", "purposes": []}]},
...     title="示例隐私政策")
>>> "生物识别信息" in page and "biometric" not in page and "&lt;b&gt;" in page
True
"""

from __future__ import annotations

from html import escape
from typing import Any

from policydiff.lexicon.site_labels import (
    CONTACT_TYPE_LABELS,
    DETAIL_LABELS,
    LIST_LABELS,
    MODALITY_LABELS,
    RIGHT_LABELS,
    SENSITIVE_KIND_LABELS,
    pick2,
    site_word,
)

ORDER = ("data_types", "purposes", "recipients", "sdks", "transfers", "retention", "rights", "contacts", "assessments")
FACTS_CSS = """
.facts h2{font-size:1.1rem;margin:1.4rem 0 .4rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.facts ul{list-style:none;padding:0;margin:0}
.facts li{padding:.35rem 0;border-bottom:1px dotted #e3e3e3;overflow-wrap:anywhere}
.facts .val{font-weight:600}
.facts .mark{display:inline-block;font-size:.78rem;border-radius:3px;padding:0 .3rem;margin-left:.3rem;background:#eef}
.facts .mark.sens{background:#fde2e1;color:#8a1c14}
.facts .mark.neg{background:#eee;color:#555}
.facts .sub{color:#444;font-size:.9rem;margin:.1rem 0 0}
.facts details{font-size:.88rem;color:#333;margin-top:.15rem}
.facts details blockquote{margin:.2rem 0 .2rem 1rem;border-left:3px solid #ccc;padding-left:.5rem}
.facts .none{color:#777}
@media print{.facts details::details-content{content-visibility:visible;display:block}.facts li{break-inside:avoid}}
"""
PAGE_CSS = """
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.55;margin:0 auto;max-width:60rem;padding:1rem;color:#111}
h1{font-size:1.35rem;overflow-wrap:anywhere}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _fold(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items with the same value (and type) once, their sections gathered in order.

    >>> [i["value"] for i in _fold([{"value": "a", "section": {"path": "1"}}, {"value": "a", "section": {"path": "2"}}])]
    ['a']
    """
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        key = (str(item.get("value")), str((item.get("details") or {}).get("type", "")))
        have = table.get(key)
        sections = item.get("sections") or [item.get("section") or {}]
        if have is None:
            table[key] = dict(item, sections=list(sections))
            continue
        for s in sections:
            if s not in have["sections"]:
                have["sections"].append(s)
        for field in ("details",):
            for k, v in (item.get(field) or {}).items():
                have.setdefault(field, {}).setdefault(k, v)
    return list(table.values())


def item_value(name: str, item: dict[str, Any], lang: str = "zh") -> str:
    """An item as a person reads it: a right by its name (查阅), a data type with its own words.

    >>> item_value("rights", {"value": "access", "surface": "查阅"}), item_value("rights", {"value": "delete", "surface": "删除"}, "en")
    ('查阅', 'deletion (删除)')
    """
    value, surface = str(item.get("value", "")), str(item.get("surface", ""))
    if name == "rights":
        if value in RIGHT_LABELS:
            label = pick2(RIGHT_LABELS, value, lang)
            if not surface or surface in label:
                return label
            return f"{label} ({surface})" if lang == "en" else f"{label}（{surface}）"
        return surface or value
    if surface and surface != value and name in ("data_types", "recipients"):
        return f"{value} ({surface})" if lang == "en" else f"{value}（{surface}）"
    return value or surface


def item_marks(item: dict[str, Any], lang: str = "zh") -> list[tuple[str, str]]:
    """The marks of an item as (css class, words): sensitive kind, SDK vendor, negated, modality, contact type."""
    colon = ": " if lang == "en" else "："
    out = []
    if item.get("sensitive"):
        out.append(("sens", site_word("sensitive", lang) + colon + pick2(SENSITIVE_KIND_LABELS, item["sensitive"], lang)))
    if item.get("vendor"):
        out.append(("", site_word("vendor", lang) + colon + str(item["vendor"])))
    if item.get("polarity") == "negated":
        out.append(("neg", site_word("negated", lang)))
    modality = item.get("modality")
    if modality in MODALITY_LABELS:
        out.append(("", pick2(MODALITY_LABELS, modality, lang)))
    details = item.get("details") or {}
    if details.get("type") in CONTACT_TYPE_LABELS:
        out.append(("", pick2(CONTACT_TYPE_LABELS, details["type"], lang)))
    return out


def item_fields(item: dict[str, Any], lang: str = "zh") -> list[tuple[str, str]]:
    """What an item is linked to, as (label, words): purposes, data received, details a person can read."""
    sep = site_word("list_sep", lang)
    out = []
    for field in ("purposes", "receives", "data"):
        values = [str(v) for v in item.get(field) or []]
        if values:
            out.append((site_word(field, lang), sep.join(values[:8]) + ("…" if len(values) > 8 else "")))
    for key, value in (item.get("details") or {}).items():
        if key in DETAIL_LABELS and key != "type" and value and str(value) != str(item.get("value")):
            out.append((pick2(DETAIL_LABELS, key, lang), str(value)))
    return out


def item_where(item: dict[str, Any], lang: str = "zh") -> tuple[str, str]:
    """The headings of the sections that state an item (joined) and its sentence."""
    heads: list[str] = []
    for s in item.get("sections") or []:
        h = (s or {}).get("heading") or site_word("preamble", lang)
        if h not in heads:
            heads.append(h)
    where = site_word("list_sep", lang).join(heads[:4]) + ("…" if len(heads) > 4 else "")
    return where, " ".join(str(item.get("sentence") or "").split())


def _marks(item: dict[str, Any], lang: str) -> str:
    return "".join(f'<span class="mark{" " + c if c else ""}">{escape(words)}</span>' for c, words in item_marks(item, lang))


def _subs(item: dict[str, Any], lang: str) -> str:
    colon = ": " if lang == "en" else "："
    return "".join(f'<p class="sub">{escape(label)}{colon}{escape(words)}</p>' for label, words in item_fields(item, lang))


def _where(item: dict[str, Any], lang: str) -> str:
    where, sentence = item_where(item, lang)
    if not where and not sentence:
        return ""
    colon = ": " if lang == "en" else "："
    quote = f"<blockquote>{escape(sentence)}</blockquote>" if sentence else ""
    return f"<details><summary>{escape(site_word('where', lang))}{colon}{escape(where)}</summary>{quote}</details>"


def folded(summary: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The summary's lists in reading order, each item once."""
    return [(name, _fold(list(summary.get(name) or []))) for name in ORDER]


def _count(n: int, lang: str) -> str:
    return f" ({n})" if lang == "en" else f"（{n}）"


def render_fragment(summary: dict[str, Any], lang: str = "zh", heading_level: int = 2) -> str:
    """The facts as an HTML fragment (``<section class="facts">``), one list per heading."""
    parts = ['<section class="facts">']
    for name, items in folded(summary):
        label = pick2(LIST_LABELS, name, lang)
        parts.append(f'<h{heading_level} id="f-{name}">{escape(label)}<span class="count">{escape(_count(len(items), lang))}</span></h{heading_level}>')
        if not items:
            parts.append(f'<p class="none">{escape(site_word("none", lang))}</p>')
            continue
        parts.append("<ul>")
        for item in items:
            parts.append(f'<li><span class="val">{escape(item_value(name, item, lang))}</span>{_marks(item, lang)}'
                         f"{_subs(item, lang)}{_where(item, lang)}</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def render_page(summary: dict[str, Any], title: str = "", lang: str = "zh") -> str:
    """A self-contained HTML page of the facts (inline CSS, no script, strict CSP), titled by the policy."""
    name = title or site_word("facts_title", lang)
    head = f"{name} — {site_word('facts_title', lang)}" if title else name
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(head)} · policydiff</title><style>{PAGE_CSS}{FACTS_CSS}</style></head>\n<body>"
        f"<h1>{escape(head)}</h1><p>{escape(site_word('facts_intro', lang))}</p>"
        f"{render_fragment(summary, lang)}</body></html>\n"
    )
