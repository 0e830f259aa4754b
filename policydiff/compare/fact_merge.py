"""How the facts' findings join the mentions' (``compare.classify``): one result set from the two
recognizers, each fact said once, by the finding that names it most fully."""

from __future__ import annotations

from policydiff.compare.data_form import own_collection
from policydiff.model import Finding
from policydiff.text.normalize import comparison_key


def new_facts(findings: list[Finding], found: list[Finding]) -> list[Finding]:
    """Fact findings the mention findings do not already give (same change, side and category; a
    purpose or data the service says it collects: same sentence). A mention finding whose word is
    part of a fact finding's words gives way to it (唯一设备识别码, not the listed 唯一设备), unless that
    is a purpose and the facts collect the word as data: 心率 stays data in 「以实现记录信息（包括心率…）」."""
    collected = {(g.change_index, g.side, g.trigger) for g in found if g.signal == "fact_collect"}
    for i, f in enumerate(findings):
        wider = next((g for g in found if (g.change_index, g.side, g.category) == (f.change_index, f.side, f.category)
                      and f.trigger in g.trigger and len(g.trigger) > len(f.trigger)
                      and (g.signal != "fact_purpose" or (f.change_index, f.side, f.trigger) not in collected)), None)
        if wider is not None and f.signal in _WIDER_BY_FACTS:
            findings[i] = wider
    have = {(f.change_index, f.side, f.category) for f in findings}
    said = {(f.change_index, f.side, f.category, _sentence_key(f.evidence)) for f in findings}
    return [f for f in found if f not in findings and (
        (f.change_index, f.side, f.category, _sentence_key(f.evidence)) not in said
        if f.signal == "fact_purpose" or f.signal == "fact_collect" and own_collection(f.evidence)
        else (f.change_index, f.side, f.category) not in have)]


def _sentence_key(evidence: str) -> str:  # a finding's sentence without the marks of a clip (…)
    return comparison_key(evidence.strip("…"))[:40]


# Mention kinds whose word a fact names more fully (a data type, a recipient, a purpose).
_WIDER_BY_FACTS = {"data_type", "recipient", "purpose", "use"}
