"""What a policy says, for an auditor: the practice facts summarised and rendered.

``summarize`` turns the engine's facts into the JSON shape of ``policydiff facts``: lists
``data_types``, ``recipients``, ``purposes`` (stated, non-negated, non-definitional facts only,
one item per canonical value with every section it is stated in) and ``rights``, ``contacts``,
``retention``, ``transfers``, ``assessments`` (every fact, with its polarity and modality).
``render`` prints that summary as JSON, Markdown or terminal text (Chinese labels by default).
"""

from __future__ import annotations

import json
from typing import Any

from policydiff.compare.facts import REGISTRY, Fact, SectionRef, Span, sensitive_kind, vendor_of
from policydiff.lexicon import facts_labels as fl

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


def render(summary: dict[str, Any], fmt: str, source: str = "") -> str:
    """The summary as json, md or terminal text."""
    if fmt == "json":
        return json.dumps(summary, ensure_ascii=False, indent=1)
    return render_markdown(summary, source) if fmt == "md" else render_terminal(summary, source)


def _line(item: dict[str, Any]) -> str:
    """One item in a sentence of the report: value, marks, sections."""
    text = item["value"] if item["value"] == item["surface"] else f"{item['value']}{fl.COUNT_OPEN}{item['surface']}{fl.COUNT_CLOSE}"
    marks = []
    if item.get("sensitive"):
        marks.append(f"{fl.MARK_SENSITIVE}:{item['sensitive']}")
    if item.get("vendor"):
        marks.append(f"{fl.MARK_VENDOR}:{item['vendor']}")
    if item.get("polarity") == "negated":
        marks.append(fl.MARK_NEGATED)
    if item.get("modality") not in (None, "always"):
        marks.append(item["modality"])
    for field, label in fl.FIELD_LABELS:
        if item.get(field):
            marks.append(f"{label}: " + fl.LIST_JOIN.join(item[field][:6]) + ("…" if len(item[field]) > 6 else ""))
    if item.get("details"):
        marks.extend(f"{k}: {v}" for k, v in item["details"].items())
    where = "; ".join(s["path"] or s["heading"][:20] for s in item.get("sections", [item["section"]]))
    return text + (f" [{' | '.join(marks)}]" if marks else "") + (f" — {where}" if where else "")


def render_markdown(summary: dict[str, Any], source: str = "") -> str:
    """The summary as Markdown: one section per list, Chinese headings."""
    lines = [f"# {fl.TITLE}{fl.TITLE_SOURCE_SEP + source if source else ''}", ""]
    for name in (*LISTS, "sdks"):
        items = summary.get(name, [])
        lines += [f"## {LABELS_ZH[name]}{fl.COUNT_OPEN}{len(items)}{fl.COUNT_CLOSE}", ""]
        lines += [f"- {_line(it)}" for it in items] or [fl.NONE_FOUND]
        lines.append("")
    return "\n".join(lines)


def render_terminal(summary: dict[str, Any], source: str = "") -> str:
    """The summary as plain terminal text: Chinese and English headings, one line per item."""
    lines = [f"{fl.TITLE} {source}".rstrip(), ""]
    for name in (*LISTS, "sdks"):
        items = summary.get(name, [])
        lines.append(f"{LABELS_ZH[name]} / {LABELS_EN[name]} ({len(items)})")
        lines += [f"  · {_line(it)}" for it in items] or ["  " + fl.NONE_FOUND]
        lines.append("")
    return "\n".join(lines)
