"""Judge each change against the policy's own 重大变更 list, with the words that show it.

1. ``compare.categories`` reads the old version's 重大变更 clause (or the standard six).
2. ``compare.mentions`` extracts what each version *says*, sentence by sentence.
3. Here those sets are compared: what appears or disappears is a finding, placed on the
   changed section that carries it, under the category its kind and context give. Text that
   only moved (splits, merges, reordering) carries no finding.
"""

from __future__ import annotations

from collections.abc import Container

from policydiff.compare import edits, factdiff, meaning, second_look
from policydiff.compare.categories import PolicyCategories, clause_cases, policy_categories
from policydiff.compare.fact_merge import new_facts
from policydiff.compare.facts import Fact, not_a_practice, sentence_pieces
from policydiff.compare.folding import nodes
from policydiff.compare.mentions import (
    Mention,
    lexicon_hits,
    loose_key,
    loosen,
    said_where,
    sentences,
)
from policydiff.compare.notice import notice_paragraph_ids
from policydiff.compare.right_words import named_right
from policydiff.compare.sections import section_type
from policydiff.compare.similarity import bigrams, dice
from policydiff.lexicon import entities, rights
from policydiff.lexicon import taxonomy as tx
from policydiff.lexicon.contact import CHANNEL_NOUNS
from policydiff.lexicon.layout import SENTENCE_END
from policydiff.model import Change, Finding, PolicyTree, Section, Verdict
from policydiff.text.dates import stated_dates
from policydiff.text.memo import one_comparison
from policydiff.text.normalize import comparison_key

# -- from set differences to findings ---------------------------------------------------------

_KIND_WORDS = {
    "data_type": "personal-information type",
    "purpose": "purpose of use",
    "cross_border": "cross-border transfer",
    "storage_location": "storage location",
    "use": "use of a data type for a purpose",
    "sdk_name": "third-party SDK",
    "retention": "retention period",
    "recipient": "recipient category",
    "safeguard": "sharing safeguard",
    "company": "company",
    "right": "right of the individual",
    "grant": "right granted to the individual",
    "fee": "fee for exercising rights",
    "response_time": "response time",
    "email": "e-mail address", "phone": "telephone number", "address": "postal address",
    "role": "responsible person or channel", "url": "contact link", "court": "court or arbitration body",
    "risk": "impact-assessment result",
}
# Kinds of mention that say what is collected or shared, quieted when the sentence states no practice.
_QUIETED = {"data_type", "recipient", "cross_border", "use", "purpose", "storage_location"}
# Kinds whose disappearance is not a finding on its own (a reworded sentence loses them).
_ADD_ONLY = {"risk", "purpose", "use"}
# Kinds whose value is a whole sentence: compared by containment, since paragraph breaks move.
_SENTENCE_KINDS = {"risk", "grant"}


def category_of(m: Mention, added: bool) -> str | None:
    """The canonical category a mention appearing (or disappearing) falls under, or None."""
    kind = m.kind
    if kind == "data_type":
        if not added and m.stype not in ("collection", "sharing", "storage"):
            return None
        return "purpose_type_usage"
    if kind in ("purpose", "cross_border", "retention", "storage_location", "use"):
        return "purpose_type_usage"
    if kind in ("recipient", "sdk_name"):
        return "recipients"
    if kind == "safeguard":
        return None if added else "recipients"
    if kind == "company":
        if any(map(m.sentence.__contains__, entities.CONTROLLER_CUES)) or entities.CONTROLLER_PATTERN.search(m.sentence):
            return "controller"
        if m.stype == "sharing" or any(map(m.sentence.__contains__, entities.SHARING_VERBS)) or "SDK" in m.sentence.upper():
            return "recipients"
        if any(map(m.sentence.__contains__, entities.CONTROLLER_WEAK_CUES)):
            return "controller"
        if m.stype in ("preamble", "definitions", "contact"):
            return "controller"
        return "recipients"
    if kind in ("right", "grant", "fee"):
        return "rights"
    if kind == "response_time":
        return "contact" if m.value.startswith("contact:") else "rights"
    if kind in ("email", "phone", "role", "url", "court"):
        return "contact"
    if kind == "address":
        if m.stype in ("definitions", "preamble") or any(map(m.sentence.__contains__, entities.CONTROLLER_CUES)):
            return "controller"
        return "contact"
    if kind == "risk":
        return "risk_assessment" if added else None
    return None


def _clip(sentence: str, surface: str, width: int = 160) -> str:
    s = " ".join(sentence.split())
    if len(s) <= width:
        return s
    k = s.find(surface) if surface else -1
    if k == -1:
        return s[:width] + "…"
    a = max(0, k - width // 2)
    return ("…" if a else "") + s[a : a + width] + ("…" if a + width < len(s) else "")


def _clause_findings(changes: list[Change], dropped: list[str], listed_anew: list[str],
                     headings: dict[str, str]) -> list[Finding]:
    """The cases of the 重大变更 clause that the new version no longer lists and those it lists
    anew: a claim for each side (its words as printed are the clause's heading, ``headings`` by
    side; its value, the cases); never in the policy's list, as the verdict reads the old clause."""
    def where(side: str, case: str) -> int | None:
        key = comparison_key(case)
        return next((i for i, ch in enumerate(changes)
                     if (s := ch.pair.old if side == "old" else ch.pair.new) is not None
                     and key in comparison_key(_section_text(s))), None)

    spots = [at for side, cases in (("new", listed_anew), ("old", dropped)) for c in cases[:1]
             if (at := where(side, c)) is not None]
    if not spots:
        return []
    out = []
    for side, cases in (("old", dropped), ("new", listed_anew)):
        if cases and headings.get(side):
            verb = "are no longer" if side == "old" else "are now"
            out.append(Finding(category="rights", change_index=spots[0], evidence="；".join(cases), side=side,  # type: ignore[arg-type]
                               signal="update_clause", explanation=f"{len(cases)} case(s) {verb} listed in the material-change clause",
                               trigger=headings[side], value="；".join(cases), in_policy_list=False))
    return out


def _section_text(s: Section) -> str:
    return "\n".join(p.text for p in ([s.head] if s.head is not None else []) + s.body)


def classify(old: PolicyTree, new: PolicyTree, changes: list[Change]) -> Verdict:
    """The verdict: categories (policy's own or standard), findings with evidence, dates.

    Both versions are read in one ``text.memo`` scope (``compare`` opens it; a caller of
    ``classify`` alone gets one here): what they share is read once.
    """
    with one_comparison():
        return _classify(old, new, changes)


def _classify(old: PolicyTree, new: PolicyTree, changes: list[Change]) -> Verdict:
    listed, new_listed = policy_categories(old), policy_categories(new)
    findings = _findings(old, new, changes, listed, new_listed) if changes else []  # none outside a change
    keys = {c.key for c in listed.categories}
    for f in findings:
        f.in_policy_list = f.category in keys
    clause_changed = False
    if listed.clause is not None:
        dropped, listed_anew = clause_cases(listed, new_listed, loosen(old.document.key), loosen(new.document.key))
        clause_changed = bool(dropped or listed_anew)
        # the clause's own cases, shown as claims; outside the verdict (it uses the old clause)
        headings = {"old": listed.clause.heading, "new": new_listed.clause.heading if new_listed.clause else ""}
        findings.extend(_clause_findings(changes, dropped, listed_anew, headings))
    material = any(f.in_policy_list for f in findings)
    old_dates, new_dates = stated_dates(old.document.text), stated_dates(new.document.text)
    silent = material and old_dates.any() and old_dates == new_dates
    return Verdict(
        material=material,
        categories=listed.categories,
        category_source="policy" if listed.source == "policy" else "default",
        findings=[f for f in findings],
        clause_changed=clause_changed,
        clause_heading=listed.clause.heading if listed.clause is not None else None,
        silent_revision=silent,
        old_dates=old_dates,
        new_dates=new_dates,
        warnings=list(listed.warnings),
    )


def _findings(old: PolicyTree, new: PolicyTree, changes: list[Change], listed: PolicyCategories,
              new_listed: PolicyCategories) -> list[Finding]:
    """The findings of the changes, before the clause's own. Long on purpose: the appearing and
    disappearing passes share the section maps, the de-duplication set and ``emit``."""
    # the clause and the update notice say nothing about what the policy does
    old_skip, new_skip = listed.skip | notice_paragraph_ids(old), new_listed.skip | notice_paragraph_ids(new)
    by_new_section: dict[int, int] = {}
    by_old_section: dict[int, int] = {}
    for i, ch in enumerate(changes):
        if ch.relocated:
            continue
        if ch.pair.new is not None:
            by_new_section[id(ch.pair.new)] = i
        if ch.pair.old is not None:
            by_old_section[id(ch.pair.old)] = i
    # word-exact mentions where a finding can stand (the changed sections); elsewhere (or in a paragraph standing
    (old_m, old_values), (new_m, new_values) = (said_where(old, old_skip, set(by_old_section), _READ_EVERYWHERE, loosen(new.document.key)),
                                                said_where(new, new_skip, set(by_new_section), _READ_EVERYWHERE, loosen(old.document.key)))
    # in the other version) only the kinds read everywhere. Facts of the changed sections (the rest when a match needs it)
    old_side = factdiff.Side(old, old_skip, set(by_old_section), loosen(new.document.key))  # (a sentence that stands in
    new_side = factdiff.Side(new, new_skip, set(by_new_section), loosen(old.document.key))  # the other is not read)
    quiet_mentions(old_m, old_side.changed_facts)
    quiet_mentions(new_m, new_side.changed_facts)

    findings: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    old_m = [m for m in old_m if m.counts]
    new_m = [m for m in new_m if m.counts]

    def emit(m: Mention, added: bool, change_index: int) -> None:
        cat = category_of(m, added)
        if cat is None:
            return
        key = (cat, change_index, m.kind + m.value)
        if key in seen:
            return
        seen.add(key)
        what = _KIND_WORDS.get(m.kind, m.kind)
        where = m.section.heading
        short = where if len(where) <= 24 else where[:24] + "…"
        verb = "appears" if added else "is no longer stated"
        explanation = f"{what} “{m.surface}” {verb} in {short or 'the preamble'}"
        explanation += "; the old version did not state it" if added else "; the new version does not state it"
        findings.append(
            Finding(
                category=cat,
                change_index=change_index,
                evidence=_clip(m.sentence, m.surface),
                side="new" if added else "old",
                signal=m.kind,
                explanation=explanation,
                heading=where,
                trigger=m.surface,
            )
        )

    old_key, new_key = loosen(old.document.key), loosen(new.document.key)
    for m in new_m:
        at = by_new_section.get(id(m.section))
        if at is None or _said_in(m.sentence, old_key) or (m.kind, m.value) in old_values:
            continue  # not in a changed section, said before, or its sentence was (up to 您/你, 会/将 …)
        if m.kind in _SENTENCE_KINDS and m.value in old_key:
            continue  # the same sentence, cut differently
        if m.kind == "grant" and not _grants_something_new(m, old_values):
            continue  # restates rights the old version already gave, with no new way to use them
        emit(m, True, at)
    for m in old_m:
        at = by_old_section.get(id(m.section))
        if at is None or m.kind in _ADD_ONLY or _said_in(m.sentence, new_key) or (m.kind, m.value) in new_values:
            continue
        if m.kind in _SENTENCE_KINDS and m.value in new_key:
            continue
        emit(m, False, at)
    findings.extend(_removed_rights(changes, new, seen))
    findings.extend(new_facts(findings, factdiff.fact_findings(old_side, new_side, by_new_section, by_old_section, {
        id(ch.pair.new): id(ch.pair.old) for ch in changes if ch.pair.new is not None and ch.pair.old is not None})))
    # what meaning.judge drops below goes now (each finding judged alone, on a copy): stated_elsewhere reads less
    probes = {id(p): (p, f) for f in findings for p in (_copy(f),)}
    meaning.judge(judged := [p for p, _ in probes.values()], old, new)
    findings[:] = [probes[id(p)][1] for p in judged]
    factdiff.drop_stated_elsewhere(findings, old_side, new_side)
    _drop_added_seats(findings, old_m, new_m)
    _drop_reworded_grants(findings, old_m, new_m)
    # one judgment by meaning against the whole other version: each finding left has it already,
    # on its copy (judge reads each finding alone, against trees that do not change, and the drops
    # above only filter), so the copies judged stand in for the findings, not judged again
    judged_copy = {id(f): p for p in judged for f in (probes[id(p)][1],)}
    findings[:] = [judged_copy[id(f)] for f in findings]
    second_look.after_judgment(findings, old, new)  # a use, an SDK named by its vendor, a period said elsewhere
    _drop_channel_words(findings)
    findings.extend(edits.edit_findings(changes, findings, old_side, new_side))  # typed sentence edits
    return findings


def _copy(f: Finding) -> Finding:
    """A shallow copy of a finding (its fields are strings and numbers): what ``copy.copy`` makes
    of a dataclass, without its trip through ``__reduce_ex__`` and ``copyreg`` for each one."""
    out = Finding.__new__(Finding)
    out.__dict__.update(f.__dict__)
    return out


def _drop_channel_words(findings: list[Finding]) -> None:
    """A channel's word (客服电话) said with its number or address in one sentence that came or went
    with it: the number's finding says the change (「删除联系电话：400-…」), the word's would say it twice."""
    said = {(f.change_index, f.side, f.evidence) for f in findings if f.signal in ("phone", "email")}
    findings[:] = [f for f in findings if not (f.signal == "role" and (f.change_index, f.side, f.evidence) in said
                                               and f.trigger.endswith(CHANNEL_NOUNS))]


# Mention kinds read in every section, not only the changed ones: an operator's seat and a grant.
_READ_EVERYWHERE = frozenset({"address", "grant"})


def quiet_mentions(ms: list[Mention], facts: list[Fact]) -> None:
    """Mentions of data, recipients and purposes in a sentence that states no practice (its facts
    are negated, a definition, a consent exception or a legal demand) show presence, not news."""
    quiet = factdiff.quiet_sentences(facts)
    for m in ms:
        if m.counts and m.kind in _QUIETED and (comparison_key(m.sentence) in quiet or not_a_practice(m.sentence, m.stype)):
            m.counts = False


def _said_in(sentence: str, loose_document_key: str) -> bool:
    """The sentence stands in the other version up to mentions.loosen (您/你, 会/将 …)."""
    return loosen(comparison_key(sentence)) in loose_document_key


def _removed_rights(changes: list[Change], new: PolicyTree, seen: set[tuple[str, int, str]]) -> list[Finding]:
    """A right or a way to use it deleted from a rights section (退出会员及注销账号), or granted elsewhere and gone."""
    out: list[Finding] = []
    new_key, loose_new = new.document.key, loosen(new.document.key)
    for i, ch in enumerate(changes):
        if ch.relocated or ch.pair.old is None:
            continue
        in_rights = section_type(ch.pair.old) == "rights"
        for e in ch.edits:
            if e.op != "delete" or len(e.key) < 4 or not in_rights and not rights.GRANT.search(e.text) \
                    or e.key in new_key or loosen(e.key) in loose_new or not named_right(e.text):
                continue  # no grant outside a rights section, no right named, or still there (您注销您 → 你注销你)
            # a deletion over whole sentences the new version still has (the one after it moved away) removes only the others
            gone = e.text
            for s in sentence_pieces(e.text):
                if len(s.strip()) >= 10 and s.rstrip().endswith(SENTENCE_END) and _said_in(s, loose_new):
                    gone = gone.replace(s, "", 1)
            # outside a rights section (a parse may file one under another heading): the sentences granting a right no longer given
            gone = gone.strip() if in_rights else "".join(
                s for s in sentence_pieces(gone) if rights.GRANT.search(s) and not tx.OWN_COLLECTION.search(s)).strip()
            hit = named_right(gone)
            if not hit or not in_rights and not _right_gone(hit, new):
                continue
            sentence = next((s for p in ch.pair.old.paragraphs for s in sentences(p) if comparison_key(gone) in comparison_key(s)), gone)
            if ("rights", i, "right" + hit) in seen or (key := ("rights", i, "deleted" + e.key)) in seen:
                continue
            seen.add(key)
            out.append(Finding(category="rights", change_index=i, evidence=_clip(sentence, gone), side="old", signal="right_removed",
                               explanation=f"“{gone[:40]}” is deleted from {ch.pair.old.heading[:24]}; the new version no longer offers it",
                               heading=ch.pair.old.heading, trigger=gone))
    return out


def _right_gone(word: str, new: PolicyTree) -> bool:
    """No sentence about rights in ``new`` names the right ``word`` is a word of (``taxonomy.RIGHT_NODES``)."""
    named = nodes(word, tx.RIGHT_NODES)
    return bool(named) and not named & meaning.Doc.of(new).rights


def _grants_something_new(m: Mention, old_values: Container[tuple[str, str]]) -> bool:
    """An added grant sentence matters when it names a right the old rights sections did not, or
    a way to exercise one (an in-app path, a time limit)."""
    named = lexicon_hits(m.sentence).get("right", {})
    if any(("right", concept) not in old_values for concept in named):
        return True
    return any(map(m.sentence.__contains__, rights.EXERCISE_PATH_MARKERS)) or bool(
        rights.TIME_LIMIT.search(m.sentence)
    )


def _drop_added_seats(findings: list[Finding], old_m: list[Mention], new_m: list[Mention]) -> None:
    """An operator's address is a controller change only when it replaces one: a seat stated
    where none was stated before ("总部位于…") says where, not who."""

    def seats(ms: list[Mention], added: bool) -> bool:
        return any(m.kind == "address" and category_of(m, added) == "controller" for m in ms)

    old_has, new_has = seats(old_m, False), seats(new_m, True)
    findings[:] = [f for f in findings
                   if not (f.signal == "address" and f.category == "controller" and not (old_has if f.side == "new" else new_has))]


def _drop_reworded_grants(findings: list[Finding], old_m: list[Mention], new_m: list[Mention]) -> None:
    """A grant sentence counts as removed only when no similar sentence grants the same rights, and
    as added only when no near copy of it was there before (根据 → 依据 in a long sentence)."""
    new_grants = [m for m in new_m if m.kind == "grant"]
    old_grants = [m for m in old_m if m.kind == "grant"]
    keep = []
    for f in findings:
        if f.signal == "grant" and f.side == "old":
            old_key = loose_key(f.trigger)
            if any(_similar(old_key, g.value) for g in new_grants):
                continue
        if f.signal == "grant" and f.side == "new":
            new_key = loose_key(f.trigger)
            if any(_similar(new_key, g.value, REWORDED_GRANT) for g in old_grants):
                continue  # a changed time limit or right has its own finding (response_time, right)
        keep.append(f)
    findings[:] = keep


REWORDED_GRANT = 0.9  # two grant sentences this alike are one sentence with a word changed


def _similar(a: str, b: str, threshold: float = 0.75) -> bool:
    return bool(a and b) and dice(bigrams(a), bigrams(b)) >= threshold
