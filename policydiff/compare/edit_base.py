"""What the typed sentence edits share (``compare.edits`` and its readers ``edit_lists``,
``edit_parties``): the edit itself and the small readings of a sentence every reader needs —
its clauses, whether a clause denies what it names, and the class of a list item by its head noun.

>>> clauses("如果我们向境外传输，我们将征求你的同意。")
['如果我们向境外传输，', '我们将征求你的同意。']
>>> head_class("第三方支付机构"), head_class("手机号码"), head_class("推荐")
('recipient', 'data', None)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from policydiff import regex_cache
from policydiff.compare.places import occurrences
from policydiff.compare.scanning import pieces_cut_by
from policydiff.compare.sentences import Sentence
from policydiff.lexicon import qualifiers as q

_CLAUSE_SPLIT = pieces_cut_by(regex_cache.compile(rf"(?<=[{q.CLAUSE_MARKS}])"))
PUNCT = set(q.ITEM_BREAKS)
MAX_ITEM = 20  # characters an item of a list has at most


@dataclass
class TypedEdit:
    """One change inside (or of) a sentence, typed, with its two sentences as evidence."""

    kind: str  # item_added, item_dropped, consent_weakened, scope_added, right_deleted
    category: str  # the 重大变更 category key it falls under
    signal: str  # the finding's kind: recipient, data_type, consent, scope, right_removed
    value: str  # the item, the clause as it now reads, the right
    previous: str  # the clause as it read before ("" when nothing stood there)
    old: Sentence | None
    new: Sentence | None
    confidence: float
    reason: str

    @classmethod
    def stated(cls, kind: str, category: str, signal: str, value: str, new: Sentence, reason: str,
               confidence: float = 0.75) -> TypedEdit:
        """A change a new (or reworded) sentence states on its own: nothing stood in its place before."""
        return cls(kind=kind, category=category, signal=signal, value=value, previous="", old=None, new=new,
                   confidence=confidence, reason=reason)


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT(text) if c.strip()]


def clause_at(text: str, word: str) -> str:
    """The clause (between ，；。) of ``text`` that holds ``word``, without its closing mark."""
    for c in clauses(text):
        if word in c:
            return c.strip().rstrip(q.CLAUSE_MARKS)
    return ""


def negated(clause: str) -> bool:
    """A clause that denies what it names (不会共享, 不向…提供)."""
    return any(map(clause.__contains__, q.CLAUSE_NEGATIONS))


def head_class(item: str) -> str | None:
    """``recipient`` or ``data`` by the item's head noun, None when it ends on neither."""
    if any(item.endswith(h) for h in q.RECIPIENT_HEADS):
        return "recipient"
    if any(item.endswith(h) for h in q.DATA_HEADS):
        return "data"
    return None


def widens(sentence: str, word: str, *, first_only: bool = False) -> bool:
    """Whether the scope word stands right before a collecting verb in its clause (后台运行期间收集),
    as the typed edits read it (``lexicon.qualifiers``), not inside a service's name (实时天气).

    >>> widens("我们会在后台运行期间收集设备信息", "后台"), widens("用于音视频实时互动", "实时")
    (True, False)
    """
    for k in occurrences(sentence, word, 1 if first_only else None):
        after = sentence[k : k + len(word) + q.SCOPE_REACH]
        cut = min((after.find(c) for c in q.CLAUSE_ENDS if c in after), default=len(after))
        if any(map(after[:cut].__contains__, q.SCOPE_VERBS)):
            return True
    return False


# What lets a match depend on more than the characters it spans: an anchor, a word boundary, a
# lookaround, a back-reference (written out or named). Tested on the source, conservatively.
_LOOKS_AROUND = regex_cache.compile(r"(?<!\[)\^|\\\[\^|\$|\\[bBAZ0-9]|\(\?[=!<P]")  # "[^" opens a class


def holding(pattern: re.Pattern[str], texts: Sequence[str]) -> list[int]:
    """Indices of the texts ``pattern`` may find something in, in order: every text it finds
    something in alone is among them (a few more may be; each is then read alone).

    A reader of the old version's denials asks one pattern of each of its hundreds of sentences,
    most of which hold none: a call each, where one pass over the texts joined by line breaks
    finds the few. A pattern that looks at nothing past its match (``_LOOKS_AROUND``) matches
    where a text matches alone at the same place in the joined texts too; a match that runs over
    a line break into the next text is taken as the first text's, and the search goes on from
    where the next one starts, so no text's own match is passed over.

    >>> holding(regex_cache.compile("ab"), ["xab", "yy", "zab", "a", "b"])
    [0, 2]
    >>> holding(regex_cache.compile("a[^y]b"), ["xa", "b", "yy", "azb"])  # "a\\nb" runs over: the first text's
    [0, 3]
    """
    if not texts:
        return []
    if _LOOKS_AROUND.search(pattern.pattern):
        return [k for k, text in enumerate(texts) if pattern.search(text)]
    joined = "\n".join(texts)
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    out: list[int] = []
    at = 0
    while (m := pattern.search(joined, at)) is not None:
        k = bisect_right(starts, m.start()) - 1
        out.append(k)
        if k + 1 == len(starts):
            break
        at = starts[k + 1]
    return out
