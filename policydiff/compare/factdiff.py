"""Findings from practice facts: a stated practice that appears, disappears or widens.

``compare.facts`` reads what each version says (collect X, share with Y, transfer abroad…);
here both versions' facts become comparable items — (collect, data), (scope, data|后台),
(share, recipient), (abroad, recipient) — and an item of one version with no match in the
other is a finding. A match is generous, so rewording never alarms: the same canonical value,
one value inside the other, a character-bigram Dice of at least ``SIMILAR``, or the value's
words anywhere in the other version's text. Only *stated* facts are news (not negated, not a
definition, a consent exception or a legal demand); every fact shows presence.

``quiet_sentences`` gives the sentences whose facts are all of those other kinds, so the
lexicon mentions found in them count as presence, not as news (``Mention.counts``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from policydiff.compare.compounds import compound_words, general
from policydiff.compare.facts import REGISTRY, Fact, canonical_data, extract, scan, sentence_pieces, words_of
from policydiff.compare.facts.model import STATED_MODALITIES
from policydiff.compare.facts.purposes import purpose_core
from policydiff.compare.mentions import loosen, period
from policydiff.compare.sections import section_type
from policydiff.compare.similarity import LabelledKeys, bigrams, dice
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_judge as lj
from policydiff.lexicon import facts_more as lm
from policydiff.model import Finding, PolicyTree, Section
from policydiff.text.normalize import comparison_key

SIMILAR = 0.7
NEAR_COPY = 0.8  # two sentences this alike are one sentence edited
# Sections that state no practice: a verb there is a right (获取副本) or a definition.
NOT_PRACTICE_SECTIONS = frozenset({"rights", "contact", "definitions", "update"})
# Sections whose practices, when gone, are a narrower collection or sharing worth a finding.
PRACTICE_SECTIONS = frozenset({"collection", "sharing", "storage"})
# Items whose disappearance is a finding: a recipient gone (the lexicon mentions keep their own
# data types gone); a data type no longer named is less collection, and lists are reworded often.
GONE_KINDS = frozenset({"share", "abroad", "limit", "fee", "channel"})
# How a right is exercised (its fact's details): a changed time limit, fee or channel is news, and
# so is one gone (a narrower right). These are stated in the rights section, which states no practice.
EXERCISE_KINDS = {"time_limit": "limit", "fee": "fee", "path": "channel", "channel": "channel"}
SHARE_KINDS = ("share", "entrust", "transfer", "disclose")
# item kind -> the fact kind whose registry entry gives its category
_CATEGORY_KIND = {"collect": "collect", "scope": "collect", "share": "share", "abroad": "abroad"}
_WORDS = {"collect": "data type collected", "scope": "collection widened", "share": "recipient",
          "abroad": "recipient abroad", "purpose": "purpose of processing", "limit": "time limit of a right",
          "fee": "fee for exercising a right", "channel": "way to exercise a right"}
MAX_VALUE, MAX_PURPOSE = 24, 80  # a longer "purpose" is a clause the frame read too far
NEW_RUN = 4  # characters of new words in a row that make a purpose new (风控建模)
_PI_HEADS, _VERB_STARTS = lx.GENERIC_HEADS | lj.PI_WORDS, tuple(lx.COLLECT_VERBS | lx.USER_PROVIDE_VERBS)  # made once
_FOREIGN, _CLAUSE_CHARS = (re.compile("|".join(map(re.escape, words))) for words in (lj.FOREIGN_PLACES, lj.CLAUSE_CHARS))


@dataclass(eq=False)
class Item:
    """One comparable thing a fact states."""

    kind: str  # collect, scope, share, abroad, purpose
    value: str  # canonical value ("位置信息", "位置信息|后台", "物流公司", "风控建模")
    surface: str
    fact: Fact
    news: bool  # a stated practice; False: it only shows the value is present
    stype: str = "other"  # the type of the section that states it

    @property
    def key(self) -> str:
        """The loosened comparison key of the value (without the scope part)."""
        return loosen(comparison_key(self.value.split("|")[0]))


def items_of(facts: list[Fact]) -> list[Item]:
    """The comparable items of a version's facts. A practice is news only where a policy states
    practices (not in its rights, contact or definitions sections: 获取你的个人信息副本 is a right; 我们会与…共享您的… is one there too),
    and a transfer only when it carries personal information (业务已整体转让给… is a business)."""
    out: list[Item] = []
    for f in facts:
        stype = section_type(f.where) if f.where is not None else "other"
        before = len(out)
        _items_of_fact(f, out)
        quiet = _bare_heading(f) or stype in NOT_PRACTICE_SECTIONS and not lm.OWN_PRACTICE.search(f.sentence)
        for item in out[before:]:
            item.stype = stype
            if item.kind in EXERCISE_KINDS.values():
                item.news = item.news and stype == "rights"
                continue
            item.news = item.news and not quiet and (item.kind == "purpose" or plausible(item))
            if item.kind in ("share", "abroad"):
                item.news = item.news and bool(f.data or any(map(f.sentence.__contains__, _PI_HEADS)))
    return [i for i in out if 2 <= len(i.value.split("|")[0]) <= (MAX_PURPOSE if i.kind == "purpose" else MAX_VALUE)]


def _bare_heading(f: Fact) -> bool:
    """The fact's sentence is its section's heading, a title rather than a sentence (1.1 注册、登录)."""
    if f.where is None or f.where.head is None or comparison_key(f.sentence) != f.where.head.key:
        return False
    return len(f.sentence) <= 30 and not lx.SENTENCE_CLOSED.search(f.sentence.strip())


def plausible(item: Item) -> bool:
    """Could the value name a data type or a recipient (not a clause, a count, a heading)?"""
    value = item.value.split("|")[0]
    if _CLAUSE_CHARS.search(value) or value.endswith(lj.CLAUSE_ENDS) or lj.COUNT.match(value):
        return False
    return not value.startswith(_VERB_STARTS)


def _items_of_fact(f: Fact, out: list[Item]) -> None:
    """The items of one fact: its data (and their scope words), its recipients (and abroad), the
    parts of its purposes."""
    if f.kind in REGISTRY and REGISTRY[f.kind].carries_purposes:
        news = f.stated and f.modality in STATED_MODALITIES
        out.extend(Item("purpose", p.value, p.surface, f, news) for p in f.purposes)
    if f.kind == "right":
        for detail, kind in EXERCISE_KINDS.items():
            if detail in f.details:
                value = exercise_value(f.details[detail]) if kind == "limit" else loosen(comparison_key(f.details[detail]))
                out.append(Item(kind, value, f.details[detail], f, f.stated))
    if f.kind == "collect":
        # a scope word as a word of the sentence (持续 is not the 持续 of 可持续性)
        scoped = [w for w in lj.SCOPE_WORDS if w in f.sentence] if f.data else []
        words = _words(f.sentence) if scoped else frozenset()
        for d in f.data:
            news = f.stated and d.modality in STATED_MODALITIES
            out.append(Item("collect", d.value, d.surface, f, news))
            out.extend(Item("scope", f"{d.value}|{w}", w, f, news) for w in scoped if w in words)
    elif f.kind in SHARE_KINDS:
        for r in f.recipients:
            out.append(Item("share", r.value, r.surface, f, f.stated))
            if _FOREIGN.search(r.surface):
                out.append(Item("abroad", r.value, r.surface, f, f.stated))
    elif f.kind == "abroad":
        for r in f.recipients:
            out.append(Item("abroad", r.value, r.surface, f, f.stated))


def purpose_words(value: str) -> list[str]:
    """The words of a purpose, ``""`` for each that says nothing (提供, 服务 …: lexicon.facts_judge): runs of telling words stay visible.

    >>> purpose_words("向您推荐附近的门店和风控建模")
    ['', '', '推荐', '附近', '', '门店', '', '风控', '建模']
    """
    return [w if len(w) >= 2 and not w.isdigit() and not general(w, lj.GENERIC_PURPOSE_WORDS, lj.GENERIC_SUFFIXES) else ""
            for w in compound_words(words_of(value), lj.GENERIC_PURPOSE_WORDS)]  # 云存储, not 云 + 存储


def new_purpose_words(value: str, other: Side) -> str:
    """The words of a purpose the other version never uses, when they say something new: at least
    half of its telling words, or a run of them (…门店和风控建模), either way at least ``NEW_RUN``
    characters. A purpose said in other words (为您推荐周边门店 for 向您推荐附近的门店) is no news: ``""``."""
    words = purpose_words(value)
    telling = [w for w in words if w]
    absent = [w for w in telling if loosen(comparison_key(w)) not in other.key]
    if not absent or len(core := purpose_core(value)) >= NEW_RUN and loosen(comparison_key(core)) in other.key:
        return ""  # its words, however the word cut splits them, stand as they are in the other version
    if 2 * len(absent) >= len(telling):
        fresh = "".join(absent)
        return fresh if len(fresh) >= NEW_RUN else ""  # one short new word (带来, 周边) is rewording
    runs = "".join(w if w in absent else "\0" for w in words if w).split("\0")  # absent words in a row
    longest = max(runs, key=len)
    return longest if len(longest) >= NEW_RUN else ""


@lru_cache(maxsize=4096)
def _words(sentence: str) -> frozenset[str]:
    return frozenset(words_of(sentence))


def exercise_value(text: str) -> str:
    """A time limit as compared, in the mentions' own form (``mentions.period``).

    >>> exercise_value("在十五个工作日内"), exercise_value("15天内")
    ('15工作日', '15天')
    """
    m = lm.TIME_LIMIT.search(text)
    return period(m.group(1), m.group(2)) if m else loosen(comparison_key(text))


def same_value(a: str, b: str) -> bool:
    """Two canonical values name one thing: equal, one inside the other (not a short word inside a
    long one: 地址 is not MAC地址, ID is not OAID), or bigram Dice ≥ SIMILAR."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and short in long_ and (len(short) >= 4 or 2 * len(short) >= len(long_)) and _whole(short, long_):
        return True
    return dice(bigrams(a), bigrams(b)) >= SIMILAR


def _whole(short: str, long_: str) -> bool:
    """A Latin-letter value stands alone inside the longer one (not ID inside OAID)."""
    k = long_.find(short)
    before, after = long_[k - 1 : k], long_[k + len(short) : k + len(short) + 1]
    return not any(c.isascii() and c.isalnum() for c in before + after)


def matched(item: Item, other: Side) -> bool:
    """Does the other version state (or mention) this item? See the module docstring."""
    if item.kind == "purpose":  # by its words: 推荐附近的门店 → 推荐附近的门店和风控建模 is a new purpose
        return not new_purpose_words(item.value, other)
    if item.kind in EXERCISE_KINDS.values():  # the same limit, fee or way, said anywhere in the rights
        return any(o.kind == item.kind and o.value == item.value for o in other.items_near(item.surface)) \
            or item.kind == "channel" and item.key in other.key
    if item.kind == "scope":
        value, word = item.value.split("|")
        if any(value in p and word in p for p in other.paragraphs):
            return True
        return any(o.kind == "scope" and o.value.endswith("|" + word) and same_value(o.value, item.value)
                   for o in other.items_near(value))
    if item.kind != "abroad" and item.key and item.key in other.key:
        return True
    if item.kind == "abroad" and item.key in other.key and any(map(other.key.__contains__, lj.FOREIGN_PLACES)):
        return True
    return any(o.kind == item.kind and same_value(o.value, item.value) for o in other.items_near(item.value, recipient=item.value if item.kind == "share" else ""))


class Side:
    """One version as the judgment reads it: the items of its changed sections (``changed``), and,
    read only when a match needs them, the items of the whole version (``items``)."""

    def __init__(self, tree: PolicyTree, skip: set[int], changed: set[int], other: str | None = None) -> None:
        self.tree, self.skip = tree, skip  # other: the other version's loosened key; a sentence in it is no news (fact_findings)
        self.changed_facts = extract(tree, skip, changed, None if other is None else lambda s: loosen(comparison_key(s.strip())) in other)
        self.changed = items_of(self.changed_facts)
        self.key, self.paragraphs, self._sections = loosen(tree.document.key), [p.key for p in tree.document.paragraphs], tree.sections
        self._by_section: dict[int, list[Item]] = {}
        self._by_recipient: dict[str, dict[int, list[Item]]] = {}  # sections read for one recipient's items (_read)
        self._near: dict[str, list[Section]] = {}  # items_near's sections by text, in document order (a long text repeats its facts)
        self._index: LabelledKeys | None = None  # paragraphs by bigram, labelled by their sections

    @property
    def items(self) -> list[Item]:
        """Every item of the version (reads every section not read yet)."""
        self._read({id(s) for s in self._sections})
        return [i for s in self._sections for i in self._by_section[id(s)]]

    def items_near(self, text: str, practices: bool = False, recipient: str = "") -> Iterator[Item]:
        """Items of the sections that could name ``text`` (holding half its bigrams; with ``recipient``, for a caller reading only share
        items same_value to it: that may state one, ``facts.scan``) in document order, read 4, 8, 16… at a time, lazily; ``practices``: only where a practice is news."""
        if (near := self._near.get(text)) is None:
            ids = self._sections_near(text)
            near = self._near[text] = [s for s in self._sections if id(s) in ids]
        if practices or recipient:
            near = [s for s in near if not (practices and section_type(s) in NOT_PRACTICE_SECTIONS)
                    and (not recipient or id(s) in self._by_section or scan.may_name(s, self.skip, recipient, SIMILAR))]
        start, size = 0, 4
        while start < len(near):
            chunk, start, size = near[start : start + size], start + size, 2 * size
            read = self._read({id(s) for s in chunk}, recipient)
            yield from (i for s in chunk for i in (self._by_section[id(s)] if id(s) in self._by_section else read[id(s)]))

    def _sections_near(self, text: str) -> set[int]:
        self._index = self._index or LabelledKeys([(p.key, id(s)) for s in self._sections for p in s.paragraphs])
        return self._index.labels_near(comparison_key(text.split("|")[0]), text)

    def _read(self, ids: set[int], recipient: str = "") -> dict[int, list[Item]]:
        """Read the sections ``ids`` not read yet (each one's items, whatever is read with it); with ``recipient``, only their sentences
        that may state one (``facts.scan.cannot_name``), for a reader of such items only: kept apart (a section's items are its own and its ancestors')."""
        read = self._by_recipient.setdefault(recipient, {}) if recipient else self._by_section
        if todo := ids - self._by_section.keys() - read.keys():
            read.update({section_id: [] for section_id in todo})
            for item in items_of(extract(self.tree, self.skip, todo, scan.cannot_name(recipient, SIMILAR) if recipient else None)):
                if item.fact.where is not None and id(item.fact.where) in todo:
                    read[id(item.fact.where)].append(item)
        return read

    @cached_property
    def sentences(self) -> list[str]:
        """Loosened keys of the version's sentences (made once)."""
        return list(dict.fromkeys(loosen(comparison_key(s)) for s in dict.fromkeys(s for p in self.tree.document.paragraphs for s in sentence_pieces(p.text) if s.strip())))


def fact_findings(old: Side, new: Side, by_new: dict[int, int], by_old: dict[int, int],
                  paired: dict[int, int] | None = None) -> list[Finding]:
    """Items of the new version the old does not state ("appears") and stated items of the old
    the new does not state ("is no longer stated"), each placed on the changed section of its fact.
    ``paired``: id of a changed new section -> id of the old section it was aligned with."""
    paired = paired or {}
    out: list[Finding] = []
    seen: set[tuple[int, str, str]] = set()
    for this, other, where, added in ((new, old, by_new, True), (old, new, by_old, False)):
        for item in this.changed:
            if not item.news or item.fact.where is None:
                continue
            at = where.get(id(item.fact.where))
            if at is None or loosen(comparison_key(item.fact.sentence)) in other.key:
                continue  # not in a changed section, or the sentence itself is in the other version
            if not added and (item.kind not in GONE_KINDS or item.stype not in PRACTICE_SECTIONS | {"rights"}):
                continue  # a type no longer named or a narrower scope is less collection, not more
            flipped = added and item.kind != "purpose" and _was_unstated(item, other, paired.get(id(item.fact.where)))
            # a purpose that replaced another in the same sentence is a new purpose, not a reworded field
            if not flipped and (matched(item, other) or (item.kind != "purpose" and _substituted(item, other, this))):
                continue
            if not added and _near_copy(item, other):
                continue  # one item dropped from a list that is still there: narrower, not gone
            tag = (at, item.kind, item.value)
            if tag in seen:
                continue
            seen.add(tag)
            out.append(_finding(item, at, added, flipped, new_purpose_words(item.value, other) if item.kind == "purpose" else ""))
    return out


def _was_unstated(item: Item, other: Side, old_section: int | None) -> bool:
    """The same sentence or section, edited, said the opposite before (我们不会收集X -> 我们会收集X)
    or set it aside (a definition, a consent exception), and the old version states it nowhere."""
    near: list[Item] = []
    for o in (o for o in other.items_near(item.value, recipient=item.value if item.kind == "share" else "") if o.kind == item.kind and same_value(o.value, item.value)):
        if o.news:  # stated in the old version: not a flip (read no further)
            return False
        near.append(o)
    mine = bigrams(loosen(comparison_key(item.fact.sentence)))
    return any((o.fact.where is not None and id(o.fact.where) == old_section)
               or dice(mine, bigrams(loosen(comparison_key(o.fact.sentence)))) >= NEAR_COPY for o in near)


def _substituted(item: Item, other: Side, this: Side) -> bool:
    """The item replaced one item of a near copy of its sentence in the other version (旅客类型 ->
    优惠（待）类型 in the same list): a reworded field, not a practice that appears or goes."""
    mine = bigrams(loosen(comparison_key(item.fact.sentence)))
    return any(o.kind == item.kind and dice(mine, bigrams(loosen(comparison_key(o.fact.sentence)))) >= NEAR_COPY and not matched(o, this)
               for o in other.items_near(item.fact.sentence))


def _near_copy(item: Item, other: Side) -> bool:
    """The other version has a sentence stating facts that is a near copy of the item's sentence."""
    key = loosen(comparison_key(item.fact.sentence))
    mine = bigrams(key)
    return any(dice(mine, bigrams(s)) >= NEAR_COPY for s in other.sentences if abs(len(s) - len(key)) < len(key))


def _finding(item: Item, at: int, added: bool, flipped: bool = False, fresh: str = "") -> Finding:
    where = item.fact.where.heading if item.fact.where is not None else item.fact.section.heading
    short = where if len(where) <= 24 else where[:24] + "…"
    what = _WORDS[item.kind]
    value = item.value.replace("|", " · ")
    verb = "appears" if added else "is no longer stated"
    tail = "; the old version did not state it" if added else "; the new version does not state it"
    if flipped:
        verb, tail = "is now stated", "; the old version said it in the negative or only as a definition or exception"
    if fresh and fresh != comparison_key(item.value):
        tail = f"; the old version never says “{fresh}”"
    return Finding(
        # a purpose (or a way to exercise a right) falls under its fact's kind: a purpose of sharing is about recipients
        category=REGISTRY[_CATEGORY_KIND.get(item.kind, item.fact.kind)].category,
        change_index=at,
        evidence=_clip(item.fact.sentence, item.surface),
        side="new" if added else "old",
        signal=f"fact_{item.kind}",
        explanation=f"{what} “{value}” {verb} in {short or 'the preamble'}{tail}",
        heading=where,
        trigger=item.surface,  # the policy's own words (for a widened scope: the scope word)
        value=item.value,
    )


def _clip(sentence: str, surface: str, width: int = 160) -> str:
    s = " ".join(sentence.split())
    if len(s) <= width:
        return s
    k = s.find(surface) if surface else -1
    a = max(0, k - width // 2) if k != -1 else 0
    return ("…" if a else "") + s[a : a + width] + ("…" if a + width < len(s) else "")


def quiet_sentences(facts: list[Fact]) -> set[str]:
    """Comparison keys of sentences whose collect/share facts are all not stated (negated,
    definition, exception list, legal demand): their lexicon words show presence, not news."""
    stated: dict[str, bool] = {}
    for f in facts:
        if f.kind == "collect" or f.kind in SHARE_KINDS or f.kind == "abroad":
            k = comparison_key(f.sentence)
            modalities = [d.modality for d in f.data] or [f.modality]
            stated[k] = stated.get(k, False) or (f.stated and any(map(STATED_MODALITIES.__contains__, modalities)))
    return {k for k, ok in stated.items() if not ok}


# finding signal -> the item kinds that state the same thing
SAME_THING = {"data_type": ("collect",), "recipient": ("share", "abroad"), "fact_collect": ("collect",),
              "fact_share": ("share",), "fact_abroad": ("abroad",), "fact_scope": ("scope",)}


def stated_elsewhere(value: str, signal: str, other: Side) -> Item | None:
    """The other version's stated item that names what a finding says appears (or disappears)."""
    kinds = SAME_THING.get(signal)
    if not kinds or not value or signal == "fact_purpose":
        return None  # a purpose is judged by its words (new_purpose_words), not by a near value
    near = other.items_near(value, practices=True, recipient=value if kinds == ("share",) else "")  # facts.scan: share items only
    return next((i for i in near if i.kind in kinds and i.news and same_value(i.value, value)), None)


def drop_stated_elsewhere(findings: list[Finding], old: Side, new: Side) -> None:
    """A finding that says "appears" states nothing the old version's facts state, and one that
    says "disappears" nothing the new version's facts state."""
    findings[:] = [f for f in findings
                   if stated_elsewhere(f.value or canonical_data(f.trigger), f.signal, old if f.side == "new" else new) is None]
