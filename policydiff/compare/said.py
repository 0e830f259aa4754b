"""What a version says outside the sections a comparison reads closely, read when asked.

The classifier asks of a mention in a changed section one question about the other version:
does it say the same (kind, value) anywhere? Reading every paragraph of both versions to answer a
handful of such questions is most of the mentions' cost on a text never seen before. A
``SaidValues`` answers each question by reading only the paragraphs that could say it: a
(kind, value) found through a lexicon word (a data type, a purpose, a recipient, a safeguard, a
right, a data type put to a purpose) is said only by a sentence that holds one of that concept's
listed words, lower-cased, as ``mentions.lexicon_hits`` finds them. A sentence is a piece of its
paragraph, so a paragraph whose lower-cased text holds none of them is not read for it.
Any other kind (a company, a period, an address…) reads every paragraph not read yet. The
answers are those of the full set, only cheaper.

>>> said = SaidValues(lambda text, stype, precise: frozenset({("data_type", "location")}) if "位置" in text else frozenset(),
...                   lambda kind, value: ("位置",) if kind == "data_type" else None)
>>> said.later("我们收集您的位置信息。", "collection"); said.later("联系我们。", "contact")
>>> ("data_type", "location") in said, said.reads
(True, 1)
>>> ("data_type", "contacts") in said, said.reads  # the one other paragraph holds no listed word
(False, 1)
>>> sorted(said), said.reads  # the whole set reads the rest
([('data_type', 'location')], 2)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import accumulate

from policydiff import regex_cache
from policydiff.lexicon import contact, entities, rights
from policydiff.text.memo import per_comparison

Value = tuple[str, str]  # (kind, value)


def lexicon_tables() -> dict[str, dict[str, tuple[str, ...]]]:
    """The lexicons ``mentions.lexicon_hits`` reads, by name: concept -> its words."""
    return {"data_type": entities.DATA_TYPES, "purpose": entities.PURPOSES, "recipient": entities.RECIPIENTS,
            "safeguard": entities.SAFEGUARDS, "right": rights.RIGHTS, "role": contact.CONTACT_ROLES}


# Mention kinds whose value is the concept of a lexicon of the same name (``mentions._analyse``).
CONCEPT_KINDS = frozenset({"data_type", "purpose", "recipient", "safeguard", "right"})


@lru_cache(maxsize=1)
def _concept_words() -> dict[Value, tuple[str, ...]]:
    """(lexicon, concept) -> its words lower-cased, as the lexicon's alternation matches them."""
    return {(name, concept): tuple(dict.fromkeys(w.lower() for w in words))
            for name, table in lexicon_tables().items() if name in CONCEPT_KINDS for concept, words in table.items()}


def words_saying(kind: str, value: str) -> tuple[str, ...] | None:
    """The lower-cased words one of which a sentence holds when it says (``kind``, ``value``); None
    when its kind has no such test. A use (data type > purpose) needs its purpose's words.

    >>> words_saying("data_type", "fingerprint"), words_saying("company", "某某有限公司")
    (('指纹',), None)
    """
    if kind == "use":
        data, _, purpose = value.rpartition(">")
        index = _concept_words()
        if ("data_type", data) not in index or any(">" in concept for _, concept in index):
            return None  # not a data type and a purpose split at their one mark
        kind, value = "purpose", purpose
    return _concept_words().get((kind, value)) if kind in CONCEPT_KINDS else None


def may_hold_address(text: str) -> bool:
    """A cheap test before the address pattern (the costliest of the per-sentence patterns): it
    needs an administrative division and a building word (true of a paragraph when of a sentence).
    Each list is one alternation: a scan in C, not a Python loop of ``in`` tests."""
    return _DIVISION.search(text) is not None and _BUILDING.search(text) is not None


_DIVISION = regex_cache.compile("|".join(map(re.escape, entities.ADDRESS_DIVISIONS)))
_BUILDING = regex_cache.compile("|".join(map(re.escape, entities.ADDRESS_BUILDINGS)))


@per_comparison  # asked of every paragraph outside the changed sections, most of which stand in both versions
def may_say(kinds: frozenset[str], text: str, stype: str) -> bool:
    """Could a paragraph of section type ``stype`` say a mention of one of ``kinds``? An address
    needs ``may_hold_address``; a grant a rights section and a sentence ``rights.GRANT`` matches (a
    pattern with no anchor: a match in a sentence is one in its paragraph); any other kind may be
    said anywhere."""
    for kind in kinds:
        if kind == "address":
            if may_hold_address(text):
                return True
        elif kind == "grant":
            if stype == "rights" and rights.GRANT.search(text):
                return True
        else:
            return True
    return False


class SaidValues:
    """The (kind, value) of everything a version says: ``known`` (read already) and the
    paragraphs put off with ``later``, read on demand by ``read(text, stype, precise)``. ``words(kind,
    value)`` gives the lower-cased words one of which a paragraph holds when it says it (None:
    no such test, every paragraph may)."""

    def __init__(self, read: Callable[[str, str, bool], frozenset[Value]],
                 words: Callable[[str, str], tuple[str, ...] | None]) -> None:
        self.known: set[Value] = set()
        self.reads = 0  # paragraphs put off and read since
        self._read, self._words = read, words
        self._pending: list[tuple[str, str, bool] | None] = []  # (text, stype, precise); None once read
        self._lower = ""  # the pending texts lower-cased, joined by NUL (made on the first question)
        self._starts: list[int] = []
        self._always: list[int] = []  # texts whose lower-casing is not one character per character

    def later(self, text: str, stype: str, precise: bool = False) -> None:
        """Put off a paragraph: read only when a question needs it (``precise``: as a changed section's)."""
        self._pending.append((text, stype, precise))
        self._starts = []

    def __contains__(self, item: object) -> bool:
        if item in self.known:
            return True
        if not isinstance(item, tuple) or not self._pending:
            return False
        kind, value = item
        for k in self._could_say(self._words(kind, value)):
            self._read_one(k)
            if item in self.known:
                return True
        return False

    def __iter__(self) -> Iterator[Value]:
        for k in range(len(self._pending)):
            self._read_one(k)
        return iter(self.known)

    def _read_one(self, k: int) -> None:
        entry = self._pending[k]
        if entry is not None:
            self._pending[k] = None
            self.known |= self._read(*entry)
            self.reads += 1

    def _could_say(self, words: tuple[str, ...] | None) -> list[int]:
        """Indices of the pending paragraphs that hold one of ``words`` (all of them for None)."""
        if words is None:
            return list(range(len(self._pending)))
        if not self._starts:
            self._index()
        text, starts = self._lower, self._starts
        found = set(self._always)
        if not all(words):
            return list(range(len(self._pending)))
        for w in words:
            at = text.find(w)
            while at != -1:
                k = bisect_right(starts, at) - 1
                found.add(k)
                at = text.find(w, starts[k + 1] if k + 1 < len(starts) else len(text))
        return sorted(found)

    def _index(self) -> None:
        lowers: list[str] = []
        self._always = []
        for k, entry in enumerate(self._pending):
            text = entry[0] if entry is not None else ""
            lower = text.lower()
            # a lower-cased sentence is then a piece of its lower-cased paragraph (no final sigma,
            # no character that lower-cases to two): else the paragraph is read for every question
            if len(lower) != len(text) or "Σ" in text:
                self._always.append(k)
            lowers.append(lower)
        self._lower = "\0".join(lowers)
        self._starts = list(accumulate((len(s) + 1 for s in lowers[:-1]), initial=0))
