"""What a section is about (collection, sharing, rights, …), by the words of its nearest headings."""

from __future__ import annotations

import re
from functools import lru_cache

from policydiff import regex_cache
from policydiff.lexicon import categories
from policydiff.model import Section


def section_type(section: Section) -> str:
    """collection, sharing, storage, rights, contact, update, minors, definitions, preamble or other.
    Read once per section (for its parent: a parsed section keeps its place)."""
    cached = section._type
    if cached is not None and cached[0] is section.parent:
        return cached[1]
    kind = _section_type(section)
    section._type = (section.parent, kind)
    return kind


def _section_type(section: Section) -> str:
    node: Section | None = section
    while node is not None:
        if node.level == 0:
            return "preamble"
        if len(node.title) <= 24 or node is not section:
            kind = _title_type(node.title[:30])
            if kind:
                return kind
        node = node.parent
    return "other"


# Each kind's words as one alternation: a title is scanned once per kind (in C), not once per word.
_KIND_WORDS = tuple((kind, regex_cache.compile("|".join(map(re.escape, words)))) for kind, words in categories.SECTION_TYPE_WORDS)


@lru_cache(maxsize=4096)
def _title_type(title: str) -> str | None:
    """The first kind (``categories.SECTION_TYPE_WORDS``) one of whose words the title holds."""
    for kind, words in _KIND_WORDS:
        if words.search(title):
            return kind
    return None


