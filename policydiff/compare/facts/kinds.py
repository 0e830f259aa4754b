"""The registry of fact kinds: extractor, 重大变更 category and labels of each kind."""

from __future__ import annotations

from policydiff.compare.facts.collect import extract_collect
from policydiff.compare.facts.model import CATEGORY_OF, Extractor, Fact, FactKind, Sentence
from policydiff.compare.facts.rights import extract_assessments, extract_contacts, extract_rights
from policydiff.compare.facts.share import extract_abroad, extract_retain, extract_share
from policydiff.lexicon import facts_more as lm

# -- the registry of fact kinds -------------------------------------------------------------


def _kind(key: str, category: str, extract: Extractor, purposes: bool = False) -> FactKind:
    """One registry entry; its labels come from the lexicon (lexicon.facts.KIND_LABELS)."""
    zh, en = lm.KIND_LABELS[key]
    return FactKind(key, category, zh, en, extract, purposes)


REGISTRY: dict[str, FactKind] = {k.key: k for k in (
    _kind("collect", "purpose_type_usage", extract_collect, purposes=True),
    _kind("share", "recipients", extract_share, purposes=True),
    _kind("entrust", "recipients", extract_share, purposes=True),
    _kind("transfer", "recipients", extract_share, purposes=True),
    _kind("disclose", "recipients", extract_share, purposes=True),
    _kind("abroad", "recipients", extract_abroad, purposes=True),
    _kind("retain", "purpose_type_usage", extract_retain),
    _kind("right", "rights", extract_rights),
    _kind("contact", "contact", extract_contacts),
    _kind("assessment", "risk_assessment", extract_assessments),
)}
CATEGORY_OF.update({k: kind.category for k, kind in REGISTRY.items()})


def _extractors() -> list[Extractor]:
    """Each extractor once, in registry order (one extractor may serve several kinds)."""
    out: list[Extractor] = []
    for kind in REGISTRY.values():
        if kind.extract not in out:
            out.append(kind.extract)
    return out


# -- walking a policy ---------------------------------------------------------------------------


def sentence_facts(s: Sentence) -> list[Fact]:
    """Every fact one sentence states."""
    if not lm.PREFILTER.search(s.text):
        return []
    facts: list[Fact] = []
    for extract in _extractors():
        facts.extend(extract(s))
    return facts
