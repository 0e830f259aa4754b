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

The readers of whole documents live beside it: ``edit_lists`` (items of lists), ``edit_parties``
(recipients, tables, lists moved out), ``edit_practices`` (a denied collection now stated,
biometric data, precise location, commercial use, new features and uses) and ``edit_flows``
(where the data now go: a party once denied, abroad, the servers, a verifier).

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

from collections.abc import Callable
from functools import cache

from policydiff.compare import factdiff, second_look
from policydiff.compare.edit_base import TypedEdit, clauses, negated, widens
from policydiff.compare.edit_flows import sharing_flips, transfers_abroad, uploads_added, verifiers_added
from policydiff.compare.edit_lists import list_items, listed_items
from policydiff.compare.edit_parties import (
    moved_out,
    named_recipients,
    new_permissions,
    recipient_heading,
    table_rows,
)
from policydiff.compare.edit_practices import (
    biometric_uses,
    commercial_use,
    court_changes,
    features_added,
    marketing_messages,
    media_extraction,
    new_grounds,
    new_items,
    polarity_flips,
    precise_location,
    processing_added,
    uses_added,
)
from policydiff.compare.fact_merge import sentence_key
from policydiff.compare.facts import not_a_practice, sensitive_kind, words_of
from policydiff.compare.meaning import Doc, as_verifier, core
from policydiff.compare.mentions import loosen
from policydiff.compare.partners import unnamed_partner_said
from policydiff.compare.sentences import (
    Sentence,
    SentenceAlignment,
    SentencePair,
    align_sentences,
    sentences_of,
)
from policydiff.lexicon import qualifiers as q
from policydiff.lexicon import rights
from policydiff.model import Change, Finding, PolicyTree
from policydiff.text.normalize import comparison_key


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
        clause = text[max(text.rfind(c, 0, m.start()) for c in q.CLAUSE_ENDS) + 1 : m.start()]
        if not any(map(before.__contains__, q.CONSENT_ASK)) or q.CONSENT_DENIED.search(clause):
            continue
        level = q.CONSENT_STRENGTH[m.group(0)]
        if level > best:
            best, at = level, m.start()
    return best, at


def _alternative_before(text: str, at: int) -> bool:
    """An "or" before the verb that asks consent (…规定或者征求你的同意): consent is one path of two
    (not 父母或其他监护人同意: two people who may give it)."""
    clause_start = max(text.rfind(c, 0, at) for c in q.CLAUSE_ENDS)
    return bool(q.ALTERNATIVE_ASK.search(text[clause_start + 1 : at]))


def _category_of(text: str) -> str:
    if any(map(text.__contains__, q.CROSS_BORDER)):
        return "purpose_type_usage"
    if any(map(text.__contains__, (q.SHARE_VERBS + q.DISCLOSE_VERBS))):
        return "recipients"
    return "purpose_type_usage"


def _consent(pair: SentencePair) -> list[TypedEdit]:
    """Consent asked for weaker than before, or made one path of two."""
    old_level, old_at = consent_level(pair.old.text)
    new_level, new_at = consent_level(pair.new.text)
    if old_level and not new_level:
        return _consent_condition_dropped(pair, old_at)
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


def _consent_condition_dropped(pair: SentencePair, old_at: int) -> list[TypedEdit]:
    """A practice the old sentence did only with consent (征得您同意的情况下披露) that the reworded
    sentence does without naming consent at all: the condition is dropped."""
    text = pair.new.text
    if q.CONSENT_PATTERN.search(text) or negated(text) or not_a_practice(text, pair.new.stype):
        return []  # consent still named (基于…单独同意的情况下), or no practice
    verb = next((v for v in q.PRACTICE_VERBS if v in text and v in pair.old.text), None)
    if verb is None:
        return []
    new_clause = _whole_clause(text, text.find(verb))
    old_clause = _whole_clause(pair.old.text, old_at)
    return [TypedEdit(
        kind="consent_weakened", category=_category_of(text), signal="consent", value=new_clause,
        previous=old_clause, old=pair.old, new=pair.new, confidence=0.7,
        reason=f"the consent condition “{old_clause}” is dropped: “{new_clause}”",
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
        if not widens(text, word, first_only=True):
            continue
        parts = clauses(text)
        at = next(n for n, c in enumerate(parts) if word in c)
        first = 0 if at > 0 and parts[0].lstrip().startswith(q.CONDITION_OPENERS) else at
        span = "".join(parts[first : at + 1]).strip().strip(q.BRACKETS).rstrip(q.CLAUSE_MARKS)
        if negated(span) or not_a_practice(text, sentence.stype):
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


def _rights_deleted(s: Sentence, counterpart: Sentence | None, new_loose: str,
                    new_grants: Callable[[], list[str]]) -> list[TypedEdit]:
    """A right granted by an old sentence that nothing in the new version grants any more: not
    its words, and — when it names a right (更正, 解释, 拒绝 …) — no grant sentence naming it
    (``new_grants()``: the new version's grant sentences, read when first needed)."""
    m = q.RIGHT_GRANT.search(s.text)
    if m is None:
        return []
    what = m.group(1).strip()
    key = loosen(comparison_key(what))
    if len(key) < 2 or key in new_loose or (counterpart is not None and key in counterpart.loose):
        return []
    grant = s.text[m.start() : m.end()].strip()
    words = _right_words(grant)
    if words and _granted_in(words, new_grants()):
        return []
    return [TypedEdit(
        kind="right_deleted", category="rights", signal="right_removed", value=grant, previous="",
        old=s, new=counterpart, confidence=0.8 if words else 0.6,
        reason=f"“{grant}” is deleted and no sentence of the new version grants “{what}”",
    )]


def _consent_dropped(alignment: SentenceAlignment, new_loose: str) -> list[TypedEdit]:
    """A promise of the update clause to ask consent again (只有在您点击同意按钮后…; 仍会再次以显著方式
    征求你的同意) that the new version's update clause no longer makes in any sentence."""
    def asks(text: str) -> bool:
        return consent_level(text)[0] > 0 or any(map(text.__contains__, q.CONSENT_ACTIONS))

    out: list[TypedEdit] = []
    for s in alignment.old_only:
        if s.stype != "update" or not asks(s.text):
            continue
        at = consent_level(s.text)[1]
        if at < 0:
            at = min(k for k in (s.text.find(w) for w in q.CONSENT_ACTIONS) if k != -1)
        promise = _whole_clause(s.text, at)
        if loosen(comparison_key(promise)) in new_loose:
            continue  # the same promise stands in the new update clause
        out.append(TypedEdit(
            kind="consent_dropped", category="rights", signal="consent", value=promise, previous="",
            old=s, new=None, confidence=0.7,
            reason=f"the update clause no longer promises “{promise}”; no sentence of the new one asks consent",
        ))
    return out


def read_edits(alignment: SentenceAlignment, old: PolicyTree, new: PolicyTree) -> list[TypedEdit]:
    """Every typed edit of an alignment: the changed pairs, then the sentences on one side only."""
    old_loose, new_loose = loosen(old.document.key), loosen(new.document.key)
    new_grants = cache(lambda: [t.text for t in alignment.all_new if q.RIGHT_GRANT.search(t.text) or rights.GRANT.search(t.text)])
    out: list[TypedEdit] = []
    for pair in alignment.changed:
        old_tokens, new_tokens = list(words_of(pair.old.text)), list(words_of(pair.new.text))  # cached with the facts' cut
        items = list_items(pair, old_tokens, new_tokens)
        known = {comparison_key(e.value) for e in items}
        items += [e for e in listed_items(pair, old_tokens, new_tokens, old_loose, new_loose) if comparison_key(e.value) not in known]
        out.extend(items)
        out.extend(_consent(pair))
        out.extend(_scope(pair.new, pair.old.text, old_loose))
        out.extend(_rights_deleted(pair.old, pair.new, new_loose, new_grants))
        out.extend(named_recipients(pair.new, old_loose, True))
        out.extend(named_recipients(pair.old, new_loose, False))
    for s in alignment.new_only:
        out.extend(_scope(s, "", old_loose))
        out.extend(named_recipients(s, old_loose, True) or recipient_heading(s, old_loose, True))
    for s in alignment.old_only:
        out.extend(_rights_deleted(s, None, new_loose, new_grants))
        out.extend(named_recipients(s, new_loose, False) or recipient_heading(s, new_loose, False))
    out.extend(new_permissions(alignment, old, old_loose))
    out.extend(_consent_dropped(alignment, new_loose))
    out.extend(polarity_flips(alignment, alignment.all_old))
    out.extend(sharing_flips(alignment, alignment.all_old))
    out.extend(transfers_abroad(alignment, old_loose))
    out.extend(verifiers_added(alignment, old_loose))
    out.extend(new_grounds(alignment, old_loose))
    out.extend(court_changes(alignment))
    out.extend(new_items(alignment, old_loose))
    out.extend(table_rows(alignment, old_loose, new_loose))
    out.extend(media_extraction(alignment, old_loose))
    out.extend(features_added(alignment, old_loose))  # a new feature asking for data before a new use of it
    out.extend(uses_added(alignment, old_loose))
    out.extend(processing_added(alignment, old_loose))
    out.extend(biometric_uses(alignment))
    out.extend(precise_location(alignment, old.document.text))
    out.extend(commercial_use(alignment, old.document.text))
    out.extend(uploads_added(alignment, old_loose))
    out.extend(marketing_messages(alignment, old_loose))
    item_edits = [(e.kind, id(e.new), id(e.old), comparison_key(e.value)) for e in out if e.kind.startswith("item_")]
    out = [e for e in out if not (e.kind.startswith("recipient_") and any(  # the item says it more precisely
        k[5:] == e.kind[10:] and (i == id(e.new) if k == "item_added" else o == id(e.old)) and v in comparison_key(e.value)
        for k, i, o, v in item_edits))]
    once: dict[tuple[str, str], TypedEdit] = {}
    for e in out:
        once.setdefault((e.kind, comparison_key(e.value)), e)  # one edit per thing, however often said
    return moved_out(list(once.values()), alignment, old)


def _change_of(changes: list[Change]) -> tuple[dict[int, int], dict[int, int]]:
    by_old: dict[int, int] = {}
    by_new: dict[int, int] = {}
    for i, ch in enumerate(changes):
        if ch.pair.old is not None:
            by_old[id(ch.pair.old)] = i
        if ch.pair.new is not None:
            by_new[id(ch.pair.new)] = i
    return by_old, by_new


def edit_findings(changes: list[Change], findings: list[Finding], old: factdiff.Side, new: factdiff.Side) -> list[Finding]:
    """The typed edits of two versions as findings, leaving out what ``findings`` already say and
    what the other version's facts state anywhere (``factdiff.stated_elsewhere``: by meaning, in
    the whole document — 刷脸认证信息 at registration is no new type when 刷脸认证等信息 was collected).

    ``old`` / ``new`` are the judgment's reading of each version (its tree and the paragraphs read
    as no practice: the 重大变更 clause, the notice).
    """
    if not changes:
        return []  # an edit stands in a changed section or is no finding: none to read
    alignment = align_sentences(sentences_of(old.tree, old.skip), sentences_of(new.tree, new.skip))
    by_old, by_new = _change_of(changes)
    said: set[tuple[str, str, str]] = {(f.category, f.side, comparison_key(f.trigger)) for f in findings}
    out: list[Finding] = []
    flipped: set[int] = set()
    for e in read_edits(alignment, old.tree, new.tree):
        side = "old" if e.kind in ("item_dropped", "right_deleted", "recipient_dropped", "consent_dropped", "row_dropped") else "new"
        sentence = e.old if side == "old" else e.new
        assert sentence is not None
        at = (by_old if side == "old" else by_new).get(id(sentence.section))
        if at is None and e.new is not None:
            at = by_new.get(id(e.new.section))
        if at is None and e.old is not None:
            at = by_old.get(id(e.old.section))
        if at is None:
            continue
        if e.signal == "recipient" and unnamed_partner_said(core(e.value), Doc.of((new if side == "old" else old).tree)):
            continue  # 合作方 where the other version shares with 合作单位: no new recipient
        key = comparison_key(e.value)
        if any(c == e.category and s == side and (key in t or (t and t in key)) for c, s, t in said):
            continue  # already a finding
        if e.kind == "biometric_use" and _biometric_said(findings, side, sentence.text):
            continue  # its sentence's biometric data are a claim already: 人脸 of 「…人脸识别插件…将可能收集您的面部识别特征」
        said.add((e.category, side, key))
        evidence = (f"{e.old.text} → {e.new.text}" if e.old is not None and e.new is not None else sentence.text)
        if e.signal in ("consent", "moved_out", "court") and e.kind != "consent_dropped":
            out.append(_finding(e, at, "old", e.previous, e.old.text if e.old else ""))
        out.append(_finding(e, at, side, e.value, evidence))
        counterpart = e.new if side == "old" else e.old
        out[-1].evidence_other = counterpart.text if counterpart is not None else ""
        if e.kind == "polarity_flipped":
            flipped.add(id(out[-1]))
    flips = [f for f in out if id(f) in flipped]
    rest = [f for f in out if id(f) not in flipped]
    second_look.second_look(rest, old.tree, new.tree)  # data the other version names in the same words
    kept = {id(f) for f in rest} | flipped
    out = [f for f in out if id(f) in kept]
    factdiff.drop_stated_elsewhere(out, old, new)
    for f in out + flips:
        as_verifier(f)  # 向发证机关进行核验: a party the data are checked with, said as one
    return out + [f for f in flips if f not in out]  # a denial read on whole sentences: the old facts may read it as stated


def _biometric_said(findings: list[Finding], side: str, text: str) -> bool:
    """A data finding of ``side`` names biometric data (PIPL art. 28) in the sentence ``text``."""
    key = comparison_key(text)
    return any(f.side == side and f.signal in ("data_type", "fact_collect") and sensitive_kind(f.trigger) == "biometric"
               and sentence_key(f.evidence) in key for f in findings)


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
