"""List items a reworded sentence adds or drops (与第三方支付机构共享 → 与银行及第三方支付机构共享).

Two readings of a changed sentence pair, both on its words (jieba tokens, cached with the facts'):

- ``list_items``: the word diff inserts (or deletes) an item together with its joiner (及, 和, 、),
  and the item across the joiner, which stays, is of the same class (recipient or data);
- ``listed_items``: the sentence's lists cut at their separators (a bracketed aside kept with its
  item: wifi信息(ssid/bssid)); a whole item that joins a list whose neighbours stay, said nowhere
  else in the other version. A list whose items come and go is rewritten, not grown.

>>> from policydiff.compare.parse import read_tree
>>> from policydiff.compare.sentences import align_sentences, sentences_of
>>> from policydiff.compare.facts import words_of
>>> from policydiff.model import RawText
>>> old = read_tree(RawText("一、共享\\n我们会将您的订单信息与第三方支付机构共享。\\n", "o"))
>>> new = read_tree(RawText("一、共享\\n我们会将您的订单信息与银行及第三方支付机构共享。\\n", "n"))
>>> (pair,) = align_sentences(sentences_of(old), sentences_of(new)).changed
>>> [(e.kind, e.value) for e in list_items(pair, list(words_of(pair.old.text)), list(words_of(pair.new.text)))]
[('item_added', '银行')]
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from policydiff import regex_cache
from policydiff.compare.edit_base import MAX_ITEM, PUNCT, TypedEdit, clause_at, head_class, negated
from policydiff.compare.facts import not_a_practice
from policydiff.compare.mentions import loosen
from policydiff.compare.sentences import SentencePair
from policydiff.compare.similarity import bigrams, dice
from policydiff.lexicon import qualifiers as q
from policydiff.text.normalize import comparison_key, key_with_map


def _neighbour_class(tokens: list[str], start: int, step: int) -> str | None:
    """The class of the list item next to an insertion: the words from ``start`` on (``step`` 1)
    up to the next punctuation or verb, or back from it (``step`` -1)."""
    words: list[str] = []
    i = start
    while 0 <= i < len(tokens) and len(words) < 6:
        t = tokens[i]
        if t in PUNCT or t in q.LIST_JOINERS or any(map(t.__contains__, (q.SHARE_VERBS + q.COLLECT_VERBS))):
            break
        words.append(t)
        i += step
    if not words:
        return None
    phrase = "".join(words if step == 1 else reversed(words))
    return head_class(phrase) if step == 1 else (head_class(phrase) or None)


def _item_of(inserted: list[str], tokens: list[str], j1: int, j2: int) -> tuple[str, str] | None:
    """The list item an insertion adds (its words, its class), or None when it is no list item.

    An item stands next to a joiner (及, 和, 、) that the insertion brings, and the item across
    the joiner — already in the sentence — is of the same class (the sentence names others)."""
    if len(inserted) < 2:
        return None
    if inserted[-1] in q.LIST_JOINERS and j2 < len(tokens):
        item, across = inserted[:-1], _neighbour_class(tokens, j2, 1)
    elif inserted[0] in q.LIST_JOINERS and j1 > 0:
        item, across = inserted[1:], _neighbour_class(tokens, j1 - 1, -1)
    else:
        return None
    text = "".join(item)
    if text.startswith(q.NOT_ITEM_STARTS) or text.startswith(q.DEMONSTRATIVES):
        return None
    if not 2 <= len(text) <= MAX_ITEM or any(ch in PUNCT for ch in text) or any(t in q.LIST_JOINERS for t in item):
        return None
    if any(map(text.__contains__, (q.SHARE_VERBS + q.COLLECT_VERBS))):
        return None
    cls = head_class(text)
    if cls is None or across != cls:
        return None
    return text, cls


def list_items(pair: SentencePair, old_tokens: list[str], new_tokens: list[str]) -> list[TypedEdit]:
    """Items added to or dropped from a list the sentence already has."""
    out: list[TypedEdit] = []
    ops = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        for added, (a1, a2), (b1, b2), tokens, other in (
            (True, (j1, j2), (i1, i2), new_tokens, old_tokens),
            (False, (i1, i2), (j1, j2), old_tokens, new_tokens),
        ):
            if a2 <= a1:
                continue
            if any(t not in q.LIST_JOINERS for t in other[b1:b2]):
                continue  # the other side changed words too: a rewording, not an item
            found = _item_of(tokens[a1:a2], tokens, a1, a2)
            if found is None:
                continue
            item, cls = found
            sentence = pair.new if added else pair.old
            counterpart = pair.old if added else pair.new
            if comparison_key(item) in counterpart.key:
                continue  # still named in the other sentence: moved inside the list
            clause = clause_at(sentence.text, item) or sentence.text
            share = any(map(clause.__contains__, q.SHARE_VERBS)) or any(map(sentence.text.__contains__, q.SHARE_VERBS))
            collect = any(map(clause.__contains__, q.COLLECT_VERBS))
            if negated(clause) or not_a_practice(sentence.text, sentence.stype):
                continue
            if cls == "recipient" and share:
                category, signal = "recipients", "recipient"
            elif cls == "data" and (collect or share):
                category, signal = "purpose_type_usage", "data_type"
            else:
                continue
            what = "recipient" if signal == "recipient" else "data item"
            out.append(TypedEdit(
                kind="item_added" if added else "item_dropped",
                category=category, signal=signal, value=item, previous="",
                old=pair.old, new=pair.new, confidence=0.8,
                reason=f"{what} “{item}” {'joins' if added else 'leaves'} a list that still names others in the same sentence",
            ))
    return out


_OPEN = regex_cache.compile("|".join(re.escape(c) for c in q.OPEN_BRACKETS))
_CLOSE = regex_cache.compile("|".join(re.escape(c) for c in q.CLOSE_BRACKETS))
_BRACKETS = frozenset(q.OPEN_BRACKETS + q.CLOSE_BRACKETS)


def _balance(segment: str) -> int:
    """Brackets opened and not closed in a segment (negative: closed and not opened)."""
    if _BRACKETS.isdisjoint(segment):
        return 0
    return len(_OPEN.findall(segment)) - len(_CLOSE.findall(segment))


@lru_cache(maxsize=4096)
def _segments(tokens: tuple[str, ...]) -> list[str]:
    """A sentence's words cut into list segments at the enumeration comma, commas and the joiners
    及/和/或. An item's own bracketed aside (设备识别标识(如imei、imsi)) stays whole when it closes
    within a few segments; a bracket that opens a whole list (例如(设备型号、…)) is cut off."""
    raw: list[str] = []
    cur: list[str] = []
    for t in tokens:
        if t in q.LIST_JOINERS or t in q.LIST_SEPARATORS:
            raw.append("".join(cur))
            cur = []
        else:
            cur.append(t)
    raw.append("".join(cur))
    out: list[str] = []
    k = 0
    while k < len(raw):
        seg = raw[k]
        opener = max(seg.rfind(c) for c in q.OPEN_BRACKETS)
        if _balance(seg) > 0 and _clean_item(seg[:opener]) is not None:
            run, n = seg, k
            while _balance(run) > 0 and n + 1 < len(raw) and n - k < q.ASIDE_SEGMENTS:
                n += 1
                run += q.LIST_SEPARATORS[1] + raw[n]
            if _balance(run) == 0:
                out.append(run)
                k = n + 1
                continue
        if _balance(seg) > 0:
            seg = seg[opener + 1 :]  # a bracket that opens a list (例如(…): cut off
        elif _balance(seg) < 0:
            seg = seg[: min(i for i in (seg.find(c) for c in q.CLOSE_BRACKETS) if i != -1)]
        out.append(seg)
        k += 1
    return out


def _clean_item(segment: str) -> str | None:
    """The class of a segment that is a whole item — a noun phrase with a data or recipient head,
    perhaps followed by a bracketed aside (wifi信息(ssid/bssid)) — or None."""
    core = segment
    if core.endswith(q.CLOSE_BRACKETS) and any(map(core.__contains__, q.OPEN_BRACKETS)):
        core = core[: max(core.rfind(c) for c in q.OPEN_BRACKETS)]
    if not 2 <= len(core) <= MAX_ITEM or any(ch in PUNCT for ch in core):
        return None
    if core.startswith(q.NOT_ITEM_STARTS) or core[:1].isdigit() or any(map(core.__contains__, (q.SHARE_VERBS + q.COLLECT_VERBS))):
        return None
    if any(map(core.__contains__, q.CLAUSE_NEGATIONS)):
        return None
    return head_class(core)


def _original(text: str, key_part: str) -> str:
    """The words of ``text`` that produced ``key_part`` of its comparison key (as printed)."""
    key, where = key_with_map(text)
    k = key.find(key_part)
    if k == -1 or not key_part:
        return key_part
    return text[where[k] : where[k + len(key_part) - 1] + 1]


def _core(segment: str) -> str:
    """A segment without its bracketed aside and its 等 (手机号码等信息 ~ 手机号码信息)."""
    if segment.endswith(q.CLOSE_BRACKETS) and any(map(segment.__contains__, q.OPEN_BRACKETS)):
        segment = segment[: max(segment.rfind(c) for c in q.OPEN_BRACKETS)]
    return segment.replace(q.ETC, "")


def listed_items(pair: SentencePair, old_tokens: list[str], new_tokens: list[str],
                  old_loose: str, new_loose: str) -> list[TypedEdit]:
    """Whole items that join (or leave) a list of the sentence whose neighbours stay: the list is
    cut at its separators, so an item added after a comma (…，wifi信息(ssid/bssid)，设备MAC地址) is
    found however the word diff aligns the brackets around it."""
    out: list[TypedEdit] = []
    for added, mine, theirs, sentence, counterpart in (
        (True, new_tokens, old_tokens, pair.new, pair.old),
        (False, old_tokens, new_tokens, pair.old, pair.new),
    ):
        segs, other = _segments(tuple(mine)), set(_segments(tuple(theirs)))
        other_doc = old_loose if added else new_loose
        gone = [bigrams(_core(o)) for o in other if o not in segs]
        mine_cores = [bigrams(_core(m)) for m in segs]
        if any(_clean_item(o) is not None and not any(dice(bigrams(_core(o)), m) >= q.REWORDED_ITEM for m in mine_cores)
               for o in other if o not in segs):
            continue  # the list is rewritten (items come and go), not grown or shrunk by an item
        for k, seg in enumerate(segs):
            cls = _clean_item(seg)
            if cls is None or seg in other or seg in counterpart.key:
                continue
            core = _core(seg)
            if loosen(core) in other_doc or any(dice(bigrams(core), g) >= q.REWORDED_ITEM for g in gone):
                continue  # said elsewhere in the other version, or this item reworded
            neighbours = [segs[n] for n in (k - 1, k + 1) if 0 <= n < len(segs)]
            if not any(nb in other and _clean_item(nb) == cls for nb in neighbours):
                continue  # the list around it is not the same list
            text = sentence.text
            if negated(text) or not_a_practice(text, sentence.stype):
                continue
            share = any(map(text.__contains__, q.SHARE_VERBS))
            if cls == "recipient" and share:
                category, signal = "recipients", "recipient"
            elif cls == "data" and (share or any(map(text.__contains__, q.COLLECT_VERBS)) or sentence.stype == "collection"):
                category, signal = "purpose_type_usage", "data_type"  # an example list (例如(…)) of a collection section
            else:
                continue
            item = _original(text, seg)
            out.append(TypedEdit(
                kind="item_added" if added else "item_dropped", category=category, signal=signal,
                value=item, previous="", old=pair.old, new=pair.new, confidence=0.75,
                reason=f"“{item}” {'joins' if added else 'leaves'} a list whose neighbouring items stay",
            ))
    return out


