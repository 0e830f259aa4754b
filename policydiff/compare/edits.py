"""Each changed sentence read as a typed edit: what the rewording does to the practice it states.

Real versions change a practice without a new keyword: 「与第三方支付机构共享」 becomes
「与银行及第三方支付机构共享」 (a recipient added to a list that already names one), 「征求你的明示
同意」 becomes 「遵循相关国家规定或者征求你的同意」 (consent weakened), a sentence that granted a right
is deleted with nothing in its place. ``compare.sentences`` pairs the sentences of the two versions
over the whole document; here each pair whose words differ is cut into words (only those pairs:
tokenizing is the costly step) and its differences are typed:

- ``item_added`` / ``item_dropped``: a recipient or data item joined to (or cut from) a list by
  及/和/、 next to an item of the same class that stays;
- ``consent_weakened``: the consent asked for is weaker (单独/书面 > 明示 > 同意, PIPL arts. 13–14,
  29, 39), or an alternative to consent (「…或者征求你的同意」) is added;
- ``scope_added``: a scope word (后台, 持续, 仍然会, 无痕 …) now qualifies a collecting verb;
- ``right_deleted``: a sentence that granted a right (「你有权要求我们作出解释」) is gone, and what it
  granted is said nowhere in the other version.

Each edit carries both sentences, a confidence and a reason; ``edit_findings`` turns them into the
same ``Finding`` objects the rest of the classifier produces.

>>> from policydiff.compare.parse import read_tree
>>> from policydiff.compare.sentences import align_sentences, sentences_of
>>> from policydiff.model import RawText
>>> old = read_tree(RawText("一、共享\\n我们会将您的订单信息与第三方支付机构共享。\\n目前我们不会将上述信息传输至境外，如果向境外传输，我们将征求你的明示同意。\\n", "o"))
>>> new = read_tree(RawText("一、共享\\n我们会将您的订单信息与银行及第三方支付机构共享。\\n目前我们不会将上述信息传输至境外，如果向境外传输，我们将遵循相关国家规定或者征求你的同意。\\n", "n"))
>>> [(e.kind, e.value) for e in read_edits(align_sentences(sentences_of(old), sentences_of(new)), old, new)]
[('item_added', '银行'), ('consent_weakened', '我们将遵循相关国家规定或者征求你的同意')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from policydiff.compare.facts import not_a_practice
from policydiff.compare.mentions import loosen
from policydiff.compare.sentences import (
    Sentence,
    SentenceAlignment,
    SentencePair,
    align_sentences,
    sentences_of,
)
from policydiff.compare.similarity import bigrams, dice
from policydiff.lexicon import qualifiers as q
from policydiff.lexicon import rights
from policydiff.model import Change, Finding, PolicyTree
from policydiff.text.normalize import comparison_key, key_with_map
from policydiff.text.tokens import tokenize

_CLAUSE_SPLIT = re.compile(rf"(?<=[{q.CLAUSE_MARKS}])")
_PUNCT = set(q.ITEM_BREAKS)
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


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]


def _clause_at(text: str, word: str) -> str:
    """The clause (between ，；。) of ``text`` that holds ``word``, without its closing mark."""
    for c in _clauses(text):
        if word in c:
            return c.strip().rstrip(q.CLAUSE_MARKS)
    return ""


def _negated(clause: str) -> bool:
    """A clause that denies what it names (不会共享, 不向…提供)."""
    return any(n in clause for n in q.CLAUSE_NEGATIONS)


def _head_class(item: str) -> str | None:
    """``recipient`` or ``data`` by the item's head noun, None when it ends on neither."""
    if any(item.endswith(h) for h in q.RECIPIENT_HEADS):
        return "recipient"
    if any(item.endswith(h) for h in q.DATA_HEADS):
        return "data"
    return None


def _neighbour_class(tokens: list[str], start: int, step: int) -> str | None:
    """The class of the list item next to an insertion: the words from ``start`` on (``step`` 1)
    up to the next punctuation or verb, or back from it (``step`` -1)."""
    words: list[str] = []
    i = start
    while 0 <= i < len(tokens) and len(words) < 6:
        t = tokens[i]
        if t in _PUNCT or t in q.LIST_JOINERS or any(v in t for v in q.SHARE_VERBS + q.COLLECT_VERBS):
            break
        words.append(t)
        i += step
    if not words:
        return None
    phrase = "".join(words if step == 1 else reversed(words))
    return _head_class(phrase) if step == 1 else (_head_class(phrase) or None)


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
    if not 2 <= len(text) <= MAX_ITEM or any(ch in _PUNCT for ch in text) or any(t in q.LIST_JOINERS for t in item):
        return None
    if any(v in text for v in q.SHARE_VERBS + q.COLLECT_VERBS):
        return None
    cls = _head_class(text)
    if cls is None or across != cls:
        return None
    return text, cls


def _list_items(pair: SentencePair, old_tokens: list[str], new_tokens: list[str]) -> list[TypedEdit]:
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
            clause = _clause_at(sentence.text, item) or sentence.text
            share = any(v in clause for v in q.SHARE_VERBS) or any(v in sentence.text for v in q.SHARE_VERBS)
            collect = any(v in clause for v in q.COLLECT_VERBS)
            if _negated(clause) or not_a_practice(sentence.text, sentence.stype):
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


def _balance(segment: str) -> int:
    return sum(segment.count(c) for c in q.OPEN_BRACKETS) - sum(segment.count(c) for c in q.CLOSE_BRACKETS)


def _segments(tokens: list[str]) -> list[str]:
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
    if core.endswith(q.CLOSE_BRACKETS) and any(c in core for c in q.OPEN_BRACKETS):
        core = core[: max(core.rfind(c) for c in q.OPEN_BRACKETS)]
    if not 2 <= len(core) <= MAX_ITEM or any(ch in _PUNCT for ch in core):
        return None
    if core.startswith(q.NOT_ITEM_STARTS) or any(v in core for v in q.SHARE_VERBS + q.COLLECT_VERBS):
        return None
    return _head_class(core)


def _original(text: str, key_part: str) -> str:
    """The words of ``text`` that produced ``key_part`` of its comparison key (as printed)."""
    key, where = key_with_map(text)
    k = key.find(key_part)
    if k == -1 or not key_part:
        return key_part
    return text[where[k] : where[k + len(key_part) - 1] + 1]


def _core(segment: str) -> str:
    """A segment without its bracketed aside and its 等 (手机号码等信息 ~ 手机号码信息)."""
    if segment.endswith(q.CLOSE_BRACKETS) and any(c in segment for c in q.OPEN_BRACKETS):
        segment = segment[: max(segment.rfind(c) for c in q.OPEN_BRACKETS)]
    return segment.replace(q.ETC, "")


def _listed_items(pair: SentencePair, old_tokens: list[str], new_tokens: list[str],
                  old_loose: str, new_loose: str) -> list[TypedEdit]:
    """Whole items that join (or leave) a list of the sentence whose neighbours stay: the list is
    cut at its separators, so an item added after a comma (…，wifi信息(ssid/bssid)，设备MAC地址) is
    found however the word diff aligns the brackets around it."""
    out: list[TypedEdit] = []
    for added, mine, theirs, sentence, counterpart in (
        (True, new_tokens, old_tokens, pair.new, pair.old),
        (False, old_tokens, new_tokens, pair.old, pair.new),
    ):
        segs, other = _segments(mine), set(_segments(theirs))
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
            if _negated(text) or not_a_practice(text, sentence.stype):
                continue
            share = any(v in text for v in q.SHARE_VERBS)
            if cls == "recipient" and share:
                category, signal = "recipients", "recipient"
            elif cls == "data" and (share or any(v in text for v in q.COLLECT_VERBS) or sentence.stype == "collection"):
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


def consent_level(text: str) -> tuple[int, int]:
    """The strongest consent a sentence asks for (0 when none) and where its word starts.

    A consent word counts when a verb of asking stands just before it (征求你的明示同意).

    >>> consent_level("我们将会遵循法律法规的规定，征求你的明示同意。")
    (2, 18)
    >>> consent_level("你同意本政策。")
    (0, -1)
    """
    best, at = 0, -1
    for m in q.CONSENT_PATTERN.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()]
        if not any(w in before for w in q.CONSENT_ASK) or q.CONSENT_DENIED.search(before):
            continue
        level = q.CONSENT_STRENGTH[m.group(0)]
        if level > best:
            best, at = level, m.start()
    return best, at


def _alternative_before(text: str, at: int) -> bool:
    """An "or" shortly before the consent words: consent is one path of two."""
    clause_start = max(text.rfind(c, 0, at) for c in q.CLAUSE_ENDS)
    return any(w in text[clause_start + 1 : at] for w in q.ALTERNATIVE_WORDS)


def _category_of(text: str) -> str:
    if any(w in text for w in q.CROSS_BORDER):
        return "purpose_type_usage"
    if any(v in text for v in q.SHARE_VERBS):
        return "recipients"
    return "purpose_type_usage"


def _consent(pair: SentencePair) -> list[TypedEdit]:
    """Consent asked for weaker than before, or made one path of two."""
    old_level, old_at = consent_level(pair.old.text)
    new_level, new_at = consent_level(pair.new.text)
    if not old_level or not new_level:
        return []
    weaker = new_level < old_level
    alternative = _alternative_before(pair.new.text, new_at) and not _alternative_before(pair.old.text, old_at)
    if not weaker and not alternative:
        return []
    if not_a_practice(pair.new.text, pair.new.stype):
        return []
    new_clause = _whole_clause(pair.new.text, new_at)
    old_clause = _whole_clause(pair.old.text, old_at)
    why = "the consent asked for is weaker" if weaker else "an alternative to consent is added"
    return [TypedEdit(
        kind="consent_weakened", category=_category_of(pair.new.text), signal="consent",
        value=new_clause, previous=old_clause, old=pair.old, new=pair.new,
        confidence=0.85 if weaker else 0.7,
        reason=f"{why}: “{old_clause}” → “{new_clause}”",
    )]


def _whole_clause(text: str, at: int) -> str:
    """The clause of ``text`` around position ``at``."""
    start = max(text.rfind(c, 0, at) for c in q.CLAUSE_ENDS) + 1
    ends = [k for k in (text.find(c, at) for c in q.CLAUSE_ENDS) if k != -1]
    return text[start : min(ends) if ends else len(text)].strip()


def _scope(sentence: Sentence, before: str, old_loose: str) -> list[TypedEdit]:
    """A scope word right before a collecting verb (后台运行期间收集, 仍然会收集) that ``before`` (the
    old counterpart, or "" for a new sentence) did not have, and — for a new sentence — that the
    old version never uses. A condition the sentence opens with (在无痕浏览模式下，…) is kept."""
    text = sentence.text
    for word in q.SCOPE_WORDS:
        if word not in text or word in before or (not before and loosen(comparison_key(word)) in old_loose):
            continue
        k = text.find(word)
        after = text[k : k + len(word) + q.SCOPE_REACH]
        cut = min((after.find(c) for c in q.CLAUSE_ENDS if c in after), default=len(after))
        if not any(v in after[:cut] for v in q.SCOPE_VERBS):
            continue
        clauses = _clauses(text)
        at = next(n for n, c in enumerate(clauses) if word in c)
        first = 0 if at > 0 and clauses[0].lstrip().startswith(q.CONDITION_OPENERS) else at
        span = "".join(clauses[first : at + 1]).strip().strip(q.BRACKETS).rstrip(q.CLAUSE_MARKS)
        if _negated(span) or not_a_practice(text, sentence.stype):
            continue
        return [TypedEdit(
            kind="scope_added", category="purpose_type_usage", signal="scope", value=span, previous="",
            old=None, new=sentence, confidence=0.75,
            reason=f"“{word}” now qualifies what is collected",
        )]
    return []


def _right_words(grant: str) -> list[str]:
    """The words naming the right a grant sentence gives (rights.RIGHTS and qualifiers.RIGHT_WORDS)."""
    words = [w for ws in rights.RIGHTS.values() for w in ws if w in grant]
    return words + [w for w in q.RIGHT_WORDS if w in grant and w not in words]


def _granted_in(words: list[str], grants: list[str]) -> bool:
    """One of ``words`` stands in one of the other version's grant sentences."""
    return any(w in g for g in grants for w in words)


def _rights_deleted(s: Sentence, counterpart: Sentence | None, new_loose: str, new_grants: list[str]) -> list[TypedEdit]:
    """A right granted by an old sentence that nothing in the new version grants any more: not
    its words, and — when it names a right (更正, 解释, 拒绝 …) — no grant sentence naming it."""
    m = q.RIGHT_GRANT.search(s.text)
    if m is None:
        return []
    what = m.group(1).strip()
    key = loosen(comparison_key(what))
    if len(key) < 2 or key in new_loose or (counterpart is not None and key in counterpart.loose):
        return []
    grant = s.text[m.start() : m.end()].strip()
    words = _right_words(grant)
    if words and _granted_in(words, new_grants):
        return []
    return [TypedEdit(
        kind="right_deleted", category="rights", signal="right_removed", value=grant, previous="",
        old=s, new=counterpart, confidence=0.8 if words else 0.6,
        reason=f"“{grant}” is deleted and no sentence of the new version grants “{what}”",
    )]


def read_edits(alignment: SentenceAlignment, old: PolicyTree, new: PolicyTree) -> list[TypedEdit]:
    """Every typed edit of an alignment: the changed pairs, then the sentences on one side only."""
    old_loose, new_loose = loosen(old.document.key), loosen(new.document.key)
    new_grants = [t.text for t in alignment.all_new if q.RIGHT_GRANT.search(t.text) or rights.GRANT.search(t.text)]
    out: list[TypedEdit] = []
    for pair in alignment.changed:
        old_tokens, new_tokens = tokenize(pair.old.key), tokenize(pair.new.key)
        items = _list_items(pair, old_tokens, new_tokens)
        known = {comparison_key(e.value) for e in items}
        items += [e for e in _listed_items(pair, old_tokens, new_tokens, old_loose, new_loose) if comparison_key(e.value) not in known]
        out.extend(items)
        out.extend(_consent(pair))
        out.extend(_scope(pair.new, pair.old.text, old_loose))
        out.extend(_rights_deleted(pair.old, pair.new, new_loose, new_grants))
    for s in alignment.new_only:
        out.extend(_scope(s, "", old_loose))
    for s in alignment.old_only:
        out.extend(_rights_deleted(s, None, new_loose, new_grants))
    return out


def _change_of(changes: list[Change]) -> tuple[dict[int, int], dict[int, int]]:
    by_old: dict[int, int] = {}
    by_new: dict[int, int] = {}
    for i, ch in enumerate(changes):
        if ch.pair.old is not None:
            by_old[id(ch.pair.old)] = i
        if ch.pair.new is not None:
            by_new[id(ch.pair.new)] = i
    return by_old, by_new


def edit_findings(old: PolicyTree, new: PolicyTree, changes: list[Change], findings: list[Finding],
                  old_skip: set[int], new_skip: set[int]) -> list[Finding]:
    """The typed edits of two versions as findings, leaving out what ``findings`` already say.

    ``old_skip`` / ``new_skip`` are paragraph ids read as no practice (the 重大变更 clause, the notice).
    """
    alignment = align_sentences(sentences_of(old, old_skip), sentences_of(new, new_skip))
    by_old, by_new = _change_of(changes)
    said: set[tuple[str, str, str]] = {(f.category, f.side, comparison_key(f.trigger)) for f in findings}
    out: list[Finding] = []
    for e in read_edits(alignment, old, new):
        side = "old" if e.kind in ("item_dropped", "right_deleted") else "new"
        sentence = e.old if side == "old" else e.new
        assert sentence is not None
        at = (by_old if side == "old" else by_new).get(id(sentence.section))
        if at is None and e.new is not None:
            at = by_new.get(id(e.new.section))
        if at is None and e.old is not None:
            at = by_old.get(id(e.old.section))
        if at is None:
            continue
        key = comparison_key(e.value)
        if any(c == e.category and s == side and (key in t or (t and t in key)) for c, s, t in said):
            continue  # already a finding
        said.add((e.category, side, key))
        evidence = (f"{e.old.text} → {e.new.text}" if e.old is not None and e.new is not None else sentence.text)
        if e.signal == "consent":
            out.append(_finding(e, at, "old", e.previous, e.old.text if e.old else ""))
        out.append(_finding(e, at, side, e.value, evidence))
    return out


def _finding(e: TypedEdit, at: int, side: str, trigger: str, evidence: str) -> Finding:
    sentence = e.new if side == "new" and e.new is not None else e.old
    heading = sentence.section.heading if sentence is not None else ""
    return Finding(
        category=e.category,
        change_index=at,
        evidence=evidence,
        side="new" if side == "new" else "old",
        signal=e.signal,
        explanation=f"{e.reason} (confidence {e.confidence:.2f})",
        heading=heading,
        trigger=trigger,
    )


__all__ = ["TypedEdit", "read_edits", "edit_findings", "consent_level"]
