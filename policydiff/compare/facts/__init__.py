"""Practice facts: what each sentence of a policy says it does, with its arguments as spans.

A fact is found by the *frame* of a sentence — a practice verb and the markers around it
(与X共享, 向X提供, 委托X处理, 为了…, 在N个工作日内 …) — never by a closed list of nouns: the
data listed after 收集 are taken as the spans between list separators, whatever they name.
Word boundaries are jieba tokens (``text.tokens.tokenizer()``, the policy dictionary), so a word
inside a longer word (征信 in 特征信息) is not seen.  Each fact carries its polarity
(stated / negated) and modality (always, conditional, example, definition, exception_list,
legal_demand); only stated facts of the first three modalities are collection or sharing.

Every Chinese word the extractor reads is in ``policydiff.lexicon.facts`` and
``policydiff.lexicon.facts_more``.  The kinds of fact are one registry (``kinds.REGISTRY``):
how each is extracted, the 重大变更 category it falls under and its labels, so a new kind is
one entry.

``model`` (Fact, Span, Sentence) · ``sentences`` (tokens, polarity, modality) · ``lists``
(list items, data spans, canonical names) · ``purposes`` · ``collect`` · ``share`` (share,
abroad, retain) · ``rights`` (rights, contacts, assessments) · ``kinds`` (the registry) ·
``extract`` (the walk over a policy tree).
"""

from __future__ import annotations

from policydiff.compare.facts.extract import extract, listed_data
from policydiff.compare.facts.kinds import REGISTRY, sentence_facts
from policydiff.compare.facts.lists import canonical_data, sensitive_kind, vendor_of
from policydiff.compare.facts.model import Fact, FactKind, SectionRef, Sentence, Span
from policydiff.compare.facts.sentences import make_sentence, not_a_practice, sentence_pieces, words_of

__all__ = ["REGISTRY", "Fact", "FactKind", "SectionRef", "Sentence", "Span", "canonical_data", "extract",
           "listed_data", "make_sentence", "not_a_practice", "sensitive_kind", "sentence_facts", "sentence_pieces",
           "vendor_of", "words_of"]
