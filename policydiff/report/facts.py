"""What a policy says, for an auditor: the practice facts summarised and rendered.

``summarize`` turns the engine's facts into the JSON shape of ``policydiff facts``: lists
``data_types``, ``recipients``, ``purposes`` (stated, non-negated, non-definitional facts only,
one item per canonical value with every section it is stated in) and ``rights``, ``contacts``,
``retention``, ``transfers``, ``assessments`` (every fact, with its polarity and modality).
``render`` prints that summary as JSON, or for people as Markdown, HTML (``report.facts_html``, the
website's renderer) or terminal text: Chinese by default or English, no internal key, each item
once with the headings of its sections and its sentence.
"""

from __future__ import annotations

import json
from typing import Any

from policydiff.compare.facts import REGISTRY, Fact, SectionRef, Span, sensitive_kind, vendor_of
from policydiff.lexicon import facts_labels as fl
from policydiff.lexicon.site_labels import LIST_LABELS, pick2, site_word
from policydiff.model import Comparison, PolicyTree, Verdict
from policydiff.report.facts_html import folded, item_fields, item_marks, item_value, item_where
from policydiff.report.rows import policy_title
from policydiff.text.safety import markdown_escape

LISTS = ("data_types", "recipients", "purposes", "rights", "contacts", "retention", "transfers", "assessments")
LABELS_ZH = fl.LIST_LABELS_ZH
LABELS_EN = {
    "data_types": "Data collected and used", "recipients": "Recipients", "purposes": "Purposes",
    "rights": "Rights and how to exercise them", "contacts": "Contacts", "retention": "Retention",
    "transfers": "Transfers abroad", "assessments": "Assessments", "sdks": "SDKs",
}
_FACT_LISTS = {"right": "rights", "contact": "contacts", "retain": "retention", "abroad": "transfers",
               "assessment": "assessments"}


def _ref(section: SectionRef) -> dict[str, str]:
    return {"path": section.path, "heading": section.heading}


def _item(span: Span, fact: Fact) -> dict[str, Any]:
    return {"surface": span.surface, "value": span.value, "section": _ref(fact.section), "sections": [_ref(fact.section)],
            "sentence": fact.sentence, "polarity": fact.polarity, "modality": span.modality or fact.modality,
            "kinds": [fact.kind]}


def _merge(table: dict[str, dict[str, Any]], key: str, item: dict[str, Any]) -> dict[str, Any]:
    """One item per canonical value; later statements add their sections and kinds."""
    have = table.get(key)
    if have is None:
        table[key] = item
        return item
    if item["section"] not in have["sections"]:
        have["sections"].append(item["section"])
    for kind in item["kinds"]:
        if kind not in have["kinds"]:
            have["kinds"].append(kind)
    return have


def _add_unique(values: list[str], new: list[str]) -> None:
    for v in new:
        if v not in values:
            values.append(v)


def summarize(facts: list[Fact]) -> dict[str, Any]:
    """The JSON object of ``policydiff facts``."""
    data: dict[str, dict[str, Any]] = {}
    recipients: dict[str, dict[str, Any]] = {}
    purposes: dict[str, dict[str, Any]] = {}
    out: dict[str, Any] = {name: [] for name in LISTS}
    for fact in facts:
        if fact.kind in _FACT_LISTS:
            out[_FACT_LISTS[fact.kind]].append(fact_json(fact))
        if not fact.stated:
            continue
        if not REGISTRY[fact.kind].carries_purposes:
            continue
        purpose_values = [p.value for p in fact.purposes]
        data_values = [d.value for d in fact.data]
        for span in fact.data:
            item = _merge(data, span.value, _item(span, fact) | {"sensitive": sensitive_kind(span.value), "purposes": []})
            _add_unique(item["purposes"], purpose_values)
        for span in fact.recipients:
            extra: dict[str, Any] = {"vendor": vendor_of(span.value), "receives": [], "purposes": []}
            item = _merge(recipients, span.value, _item(span, fact) | extra)
            _add_unique(item["receives"], data_values)
            _add_unique(item["purposes"], purpose_values)
        for span in fact.purposes:
            item = _merge(purposes, span.value, _item(span, fact) | {"data": []})
            _add_unique(item["data"], data_values)
    out["data_types"] = list(data.values())
    out["recipients"] = list(recipients.values())
    out["purposes"] = list(purposes.values())
    out["sdks"] = [r for r in out["recipients"] if r["vendor"] or "sdk" in r["value"].lower()] + _collectors(facts)
    return out


def _collectors(facts: list[Fact]) -> list[dict[str, Any]]:
    """SDKs the policy says collect data themselves (友盟+SDK需要收集您的…), one item per SDK."""
    table: dict[str, dict[str, Any]] = {}
    for fact in facts:
        name = fact.details.get("collector")
        if not name or not fact.stated:
            continue
        item = _merge(table, name, {"surface": name, "value": name, "section": _ref(fact.section),
                                    "sections": [_ref(fact.section)], "sentence": fact.sentence,
                                    "polarity": fact.polarity, "modality": fact.modality, "kinds": [fact.kind],
                                    "vendor": vendor_of(name), "receives": []})
        _add_unique(item["receives"], [d.value for d in fact.data])
    return list(table.values())


def fact_json(fact: Fact) -> dict[str, Any]:
    """One fact as JSON (the lists rights, contacts, retention, transfers, assessments)."""
    kind = REGISTRY[fact.kind]
    return {
        "kind": fact.kind, "category": kind.category, "label": kind.label_zh, "surface": fact.surface,
        "value": fact.value, "section": _ref(fact.section), "sentence": fact.sentence, "polarity": fact.polarity,
        "modality": fact.modality, "details": dict(fact.details),
        "data": [d.value for d in fact.data], "recipients": [r.value for r in fact.recipients],
        "purposes": [p.value for p in fact.purposes] if kind.carries_purposes else [],
        "conditions": list(fact.conditions),
    }


def render(summary: dict[str, Any], fmt: str, source: str = "", *, title: str = "", lang: str = "zh") -> str:
    """The summary as json, md, html (a self-contained page) or terminal text, for people in
    ``lang`` ("zh" default, "en"), headed by the policy's ``title`` (else ``source``)."""
    if fmt == "json":
        return json.dumps(summary, ensure_ascii=False, indent=1)
    if fmt == "html":
        from policydiff.report.facts_html import render_page

        return render_page(summary, title or source, lang)
    return render_markdown(summary, title or source, lang) if fmt == "md" else render_terminal(summary, title or source, lang)


def policy_name(tree: PolicyTree) -> str:
    """One version's own title, by ``report.rows.policy_title``'s rule (its title line, else the
    name it calls itself, else its file name)."""
    alone = Comparison(old=tree, new=tree, pairs=[], changes=[],
                       verdict=Verdict(material=False, categories=[], category_source="default"))
    return policy_title(alone)


def _heading(title: str, lang: str) -> str:
    head = site_word("facts_title", lang)
    return f"{title} — {head}" if title else head


def _item_lines(name: str, item: dict[str, Any], lang: str, quote_limit: int | None) -> tuple[str, list[str]]:
    """An item's first line (value and marks) and the lines under it (links, section, sentence)."""
    colon = ": " if lang == "en" else "："
    marks = [words for _cls, words in item_marks(item, lang)]
    head = item_value(name, item, lang) + (f" [{' | '.join(marks)}]" if marks else "")
    lines = [f"{label}{colon}{words}" for label, words in item_fields(item, lang)]
    where, sentence = item_where(item, lang)
    if where:
        lines.append(f"{site_word('where', lang)}{colon}{where}")
    if sentence:
        if quote_limit is not None and len(sentence) > quote_limit:
            sentence = sentence[: quote_limit - 1] + "…"
        lines.append(f"{site_word('sentence', lang)}{colon}{sentence}")
    return head, lines


def render_markdown(summary: dict[str, Any], title: str = "", lang: str = "zh") -> str:
    """The summary as Markdown: one section per list, each item once with its section and sentence.
    Policy words are escaped so no tag, link or emphasis of theirs renders."""
    lines = [f"# {markdown_escape(_heading(title, lang))}", "", markdown_escape(site_word("facts_intro", lang)), ""]
    for name, items in folded(summary):
        lines += [f"## {pick2(LIST_LABELS, name, lang)}{_count(len(items), lang)}", ""]
        for item in items:
            head, subs = _item_lines(name, item, lang, None)
            lines.append(f"- **{markdown_escape(head)}**")
            lines += [f"  - {markdown_escape(sub)}" for sub in subs]
        if not items:
            lines.append(site_word("none", lang))
        lines.append("")
    return "\n".join(lines)


def render_terminal(summary: dict[str, Any], title: str = "", lang: str = "zh") -> str:
    """The summary as plain terminal text: one heading per list, each item once, its section and
    its sentence (clipped) indented under it."""
    lines = [_heading(title, lang), ""]
    for name, items in folded(summary):
        lines.append(f"{pick2(LIST_LABELS, name, lang)}{_count(len(items), lang)}")
        for item in items:
            head, subs = _item_lines(name, item, lang, 160)
            lines.append(f"  · {head}")
            lines += [f"      {sub}" for sub in subs]
        if not items:
            lines.append("  " + site_word("none", lang))
        lines.append("")
    return "\n".join(lines)


def _count(n: int, lang: str) -> str:
    return f" ({n})" if lang == "en" else f"（{n}）"
