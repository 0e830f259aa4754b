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
    by_place: dict[tuple[int, str, str], list[Finding]] = {}  # the fact findings of each change, side and category
    for g in found:
        by_place.setdefault((g.change_index, g.side, g.category), []).append(g)
    for i, f in enumerate(findings):
        if f.signal not in _WIDER_BY_FACTS:
            continue
        wider = next((g for g in by_place.get((f.change_index, f.side, f.category), ())
                      if f.trigger in g.trigger and len(g.trigger) > len(f.trigger)
                      and (g.signal != "fact_purpose" or (f.change_index, f.side, f.trigger) not in collected)), None)
        if wider is not None:
            findings[i] = wider
    have = {(f.change_index, f.side, f.category) for f in findings}
    said = {(f.change_index, f.side, f.category, sentence_key(f.evidence)) for f in findings}
    given: dict[tuple[int, str, str, str], list[Finding]] = {}  # ``f in findings``, asked of a few of them
    for f in findings:
        given.setdefault((f.change_index, f.side, f.signal, f.trigger), []).append(f)
    return [f for f in found if f not in given.get((f.change_index, f.side, f.signal, f.trigger), ()) and (
        (f.change_index, f.side, f.category, sentence_key(f.evidence)) not in said
        if f.signal == "fact_purpose" or f.signal == "fact_collect" and own_collection(f.evidence)
        else (f.change_index, f.side, f.category) not in have)]


def sentence_key(evidence: str) -> str:
    """A finding's sentence as compared: without the marks of a clip (…), its key's first 40 characters."""
    return comparison_key(evidence.strip("…"))[:40]


# Mention kinds whose word a fact names more fully (a data type, a recipient, a purpose).
_WIDER_BY_FACTS = {"data_type", "recipient", "purpose", "use"}
