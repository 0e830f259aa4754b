"""Which sentences and sections could state a recipient that matches a given one, told from
their keys without reading them.

Reading a section's facts (jieba tokens, every extractor) is what a question about the other
version costs: a recipient that is really new is looked for in every section near its words
(``factdiff.Side.items_near``), each one read to find it absent. But a recipient's value is the
words of its span (``share._recipient_span``: tokens in a row), a piece of its sentence's key;
and ``factdiff.same_value(a, b)`` of two values of at least two characters holds only when

- they are equal, or ``b`` stands inside ``a``: the key holds ``b`` itself;
- ``a`` stands inside ``b``, at least 2 characters long and 4 or half of ``b``: the key holds a
  piece of ``b`` that long (``_pieces``);
- their bigram Dice is at least ``s`` (``SIMILAR``): 2|A∩B| ≥ s(|A|+|B|) ≥ s(|A∩B|+|B|), so
  |A∩B| ≥ s|B|/(2-s): the key holds at least that many of ``b``'s bigrams.

A sentence whose key — made as ``extract`` makes it: the same blocks, sentences, pieces and
``_key_map`` — passes none of these tests states no recipient that ``same_value`` matches with
``b``: ``cannot_name`` says so of a sentence (``extract`` then reads the others only: a list's
opener, which sets the context of the sentences after it, is read whatever it says), ``may_name``
of a section, without tokenizing them.

>>> from policydiff.compare.parse import read_tree
>>> from policydiff.model import RawText
>>> tree = read_tree(RawText("一、收集\\n我们会收集您的手机号码。\\n二、共享\\n我们会与物流公\\u200b司共享您的地址。\\n", "t"))
>>> [may_name(s, frozenset(), "物流公司", 0.7) for s in tree.sections[1:]]
[False, True]
"""

from __future__ import annotations

import math
from collections.abc import Callable

from policydiff.compare.facts.extract import _blocks
from policydiff.compare.facts.sentences import _key_map, sentence_pieces
from policydiff.compare.similarity import bigrams
from policydiff.model import Section
from policydiff.text.limits import bound_sentence
from policydiff.text.memo import recall


def may_name(section: Section, skip: set[int] | frozenset[int], value: str, similar: float) -> bool:
    """Could ``section``'s own paragraphs (outside ``skip``) state a recipient that
    ``same_value`` (with Dice threshold ``similar``) matches with ``value``? See the module docstring.
    Answered once per comparison (``text.memo``): several questions ask it of the same recipient."""
    entry = recall(may_name, (id(section), frozenset(skip), value, similar), lambda: (section, _may_name(section, skip, value, similar)))
    return entry[1] if entry[0] is section else _may_name(section, skip, value, similar)


def _may_name(section: Section, skip: set[int] | frozenset[int], value: str, similar: float) -> bool:
    could = _could_name(value, similar)
    for block, _ in _blocks(section, skip):  # the sentences extract reads: its blocks, cut and bounded
        for sentence in sentence_pieces(block):
            if any(could(_key_map(piece)[0]) for piece in bound_sentence(sentence)):
                return True
    return False


def cannot_name(value: str, similar: float) -> Callable[[str], bool]:
    """``facts.extract``'s ``passed``: true of a sentence (a piece as it cuts them) whose key states
    no recipient ``same_value`` matches with ``value``; a reader of such items reads the rest only.
    One test per recipient in a comparison (``text.memo``), so a section it read is not read again."""
    def make() -> Callable[[str], bool]:
        could = _could_name(value, similar)
        return lambda piece: not could(_key_map(piece)[0])

    return recall(cannot_name, (value, similar), make)


def _could_name(value: str, similar: float) -> Callable[[str], bool]:
    """The test of a sentence key (the module docstring): it holds ``value``, a piece of it, or enough of its bigrams."""
    if len(value) < 2:
        return lambda key: True
    grams = bigrams(value)
    need = math.ceil(similar * len(grams) / (2 - similar) - 1e-9)  # a count at least the bound (float noise aside)
    pieces, grams_in_order = tuple(_pieces(value)), tuple(grams)  # read by map over a key's __contains__: no Python step per piece
    return lambda key: value in key or any(map(key.__contains__, pieces)) or need <= sum(map(key.__contains__, grams_in_order))


def _pieces(value: str) -> set[str]:
    """The pieces of ``value`` as long as the shortest value that ``same_value`` finds inside it.

    >>> sorted(_pieces("第三方广告服务商"))
    ['三方广告', '告服务商', '广告服务', '方广告服', '第三方广']
    """
    size = max(2, min(4, (len(value) + 1) // 2))
    return {value[k : k + size] for k in range(len(value) - size + 1)}
