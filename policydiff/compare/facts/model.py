"""The facts data model: Fact, Span, Sentence, Token, SectionRef, FactKind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from policydiff.model import Section

STATED_MODALITIES = frozenset({"always", "conditional", "example"})
# kind -> 重大变更 category, filled by ``kinds`` from its REGISTRY (the model imports no stage)
CATEGORY_OF: dict[str, str] = {}


# -- data model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRef:
    """Where a fact is stated: the section's path of labels and its heading as printed."""

    path: str
    heading: str


class Token(NamedTuple):
    """One jieba token of a sentence's comparison key, with its character offsets in the key."""

    text: str
    start: int
    end: int


@dataclass
class Span:
    """An argument of a fact: the policy's words and their canonical value."""

    surface: str
    value: str
    modality: str = "always"


@dataclass
class Sentence:
    """A sentence with its tokens and the context that decides its modality."""

    text: str
    key: str
    kmap: list[int]
    tokens: list[Token]
    section: SectionRef
    stype: str
    context: str  # "always", "definition" or "exception_list" from the surrounding list/section
    purposes: list[Span] | None = None  # cache of purposes_of
    cached_modality: str | None = None  # cache of sentence_modality (each extractor asks)

    def original(self, start: int, end: int) -> str:
        """The policy's own words for tokens ``start``..``end`` (exclusive)."""
        if start >= end or start >= len(self.tokens):
            return ""
        a, b = self.tokens[start].start, self.tokens[end - 1].end
        return self.text[self.kmap[a] : self.kmap[b - 1] + 1]

    def words(self, start: int, end: int) -> list[str]:
        """The token texts of tokens ``start``..``end``."""
        return [t.text for t in self.tokens[start:end]]


@dataclass
class Fact:
    """One practice a sentence states.

    ``kind`` is a key of ``REGISTRY``; ``surface`` the words that state it (verb, address, …);
    ``value`` its canonical form; ``data``/``recipients``/``purposes``/``conditions`` its
    arguments; ``details`` the kind's own attributes (channel, time_limit, fee, period, place…).
    """

    kind: str
    surface: str
    value: str
    section: SectionRef
    sentence: str
    polarity: str = "stated"
    modality: str = "always"
    data: list[Span] = field(default_factory=list)
    recipients: list[Span] = field(default_factory=list)
    purposes: list[Span] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    where: Section | None = field(default=None, repr=False, compare=False)  # the parsed section itself

    @property
    def stated(self) -> bool:
        """A practice the policy says it does (not negated, not a definition or an exception)."""
        return self.polarity == "stated" and self.modality in STATED_MODALITIES

    @property
    def category(self) -> str:
        """The 重大变更 category of the fact's kind."""
        return CATEGORY_OF[self.kind]


Extractor = Callable[[Sentence], list[Fact]]


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: its extractor, its 重大变更 category and its labels."""

    key: str
    category: str  # purpose_type_usage, controller, recipients, rights, contact, risk_assessment
    label_zh: str
    label_en: str
    extract: Extractor
    carries_purposes: bool = False  # its purposes are purposes of processing (collect, share …)
