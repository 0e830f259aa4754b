"""Where the person's data now go, read sentence by sentence: to a party the old version said it
does not share with, abroad, or to the service's servers.

- ``sharing_flips``: 「未经您同意，我们不会与广告合作伙伴共享」 and no old sentence sharing with that
  party; a new sentence shares with it — a denial that becomes a statement (the sharing counterpart
  of ``edit_practices.polarity_flips``), not when the new sentence asks the consent the denial
  reserved (经您同意后…共享);
- ``transfers_abroad``: a destination abroad (跨境到我们在境外的服务器) the old version never names;
- ``verifiers_added``: a party the person's data are now checked with (与…单位进行核对);
- ``uploads_added``: the person's content now sent to the servers (回传至服务器进行识别处理) where
  the old version sends no such content.
"""

from __future__ import annotations

from dataclasses import replace

from policydiff.compare.edit_base import TypedEdit, clause_at, clauses, head_class, holding, negated
from policydiff.compare.edit_practices import _whole_sentences
from policydiff.compare.facts import not_a_practice, words_of
from policydiff.compare.mentions import loosen
from policydiff.compare.sentences import Sentence, SentenceAlignment
from policydiff.lexicon import qualifiers as q
from policydiff.text.normalize import comparison_key


def denied_parties(text: str) -> set[str]:
    """The parties a sentence says the user's data are not shared with (不会与广告合作伙伴共享).

    >>> sorted(denied_parties("未经您同意，我们不会与广告合作伙伴共享您的设备信息。"))
    ['广告合作伙伴']
    >>> denied_parties("我们不会与本公司以外的任何公司、组织和个人共享您的个人信息，但以下情况除外：")
    set()
    """
    out = set()
    for m in q.DENIED_SHARING.finditer(text):
        party = (m.group(1) or m.group(2)).strip()
        if head_class(party) == "recipient" and not any(map(party.__contains__, q.OUTSIDE_WORDS)):
            out.add(party)
    return out


_NONE: frozenset[str] = frozenset()


def sharing_flips(alignment: SentenceAlignment, old_sentences: list[Sentence]) -> list[TypedEdit]:
    """Parties the old version said it does not share with and never states sharing with, now
    shared with: a denial that becomes a statement (the sharing counterpart of ``polarity_flips``).
    A denial only until the person consents (未经您同意…) stays one when the new sentence asks that
    consent too (经您同意后…共享)."""
    news = [s for s in alignment.new_or_reworded
            if any(map(s.text.__contains__, (q.SHARE_VERBS + q.SHARE_WORDS)))]
    if not news:
        return []  # no new or reworded sentence shares: the old denials need not be read
    sentences = _whole_sentences(old_sentences)
    parties_of = {k: denied_parties(sentences[k][1]) for k in holding(q.DENIED_SHARING, [text for _, text in sentences])}
    whole = [(s, text, parties_of.get(k, _NONE)) for k, (s, text) in enumerate(sentences)]  # the few that deny read once
    denied: dict[str, Sentence] = {}
    for s, text, parties in whole:
        for party in parties:
            denied.setdefault(party, s if s.text == text else replace(s, text=text))
    if not denied:
        return []
    stated = {p for p in denied for _, text, parties in whole if p in text and p not in parties
              and any(v in clause_at(text, p) for v in q.SHARE_VERBS + q.SHARE_WORDS)}
    out: list[TypedEdit] = []
    for s in news:
        for party in sorted(set(denied) - stated):
            clause = clause_at(s.text, party)
            if not clause or negated(clause) or party in denied_parties(s.text) \
                    or not any(map(clause.__contains__, (q.SHARE_VERBS + q.SHARE_WORDS))):
                continue
            was = denied[party]
            if q.WITHOUT_CONSENT.search(was.text) and any(map(s.text.__contains__, q.CONSENT_ASK)) and q.CONSENT_PATTERN.search(s.text):
                continue  # 未经您同意不共享 → 经您同意后共享: the same rule
            stated.add(party)
            out.append(TypedEdit(
                kind="polarity_flipped", category="recipients", signal="recipient", value=party,
                previous="", old=was, new=s, confidence=0.8,
                reason=f"the old version said it does not share with “{party}”; the new one shares with it",
            ))
    return out


def _one_abroad(text: str) -> str:
    """``text`` with every word for abroad spelled 境外 (``q.ABROAD_WORDS``)."""
    for w in q.ABROAD_WORDS[1:]:
        text = text.replace(w, q.ABROAD_WORDS[0])
    return text


def transfers_abroad(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """A destination abroad the old version never names, now one the data go to (若您…不允许跨境到
    我们在境外的服务器，您将无法享受我们的跨境物流服务): a new transfer abroad, however it is worded.

    >>> [m.group(1) for m in q.ABROAD_DESTINATION.finditer("并且不允许跨境到我们在境外的服务器，")]
    ['境外的服务器']
    """
    out: list[TypedEdit] = []
    abroad = None  # the old version's text with every word for abroad as one (海外/国外 → 境外)
    for s in alignment.new_or_reworded:
        for m in q.ABROAD_DESTINATION.finditer(s.text):
            if negated(clause_at(s.text, m.group())):
                continue
            if abroad is None:
                abroad = _one_abroad(old_loose)
            if _one_abroad(loosen(comparison_key(m.group(1)))) in abroad:
                continue  # 境外服务器 where the old version names 海外的服务器: the same destination
            out.append(TypedEdit.stated("abroad_added", "purpose_type_usage", "cross_border", m.group(), s,
                f"data now go to “{m.group(1)}”, a destination abroad the old version never names", confidence=0.8))
    return out


def uploads_added(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """The person's content now sent to the servers (我们会将你主动选择的视频/音频文件回传至服务器进行
    识别处理) where the old version never sends it: a new use of that content, worded as the sentence
    says it. A denial (我们不会将这些信息回传至服务器) is none."""
    out: list[TypedEdit] = []
    sent = None  # the old version's sentences that send something to the servers, read when needed
    for s in alignment.new_or_reworded:
        for m in q.UPLOAD_FRAME.finditer(s.text):
            if negated(clause_at(s.text, m.group()) or m.group()) or loosen(comparison_key(m.group(1))) in old_loose \
                    or not_a_practice(s.text, s.stype):
                continue
            if sent is None:
                sent = [c for t in alignment.all_old for c in clauses(t.text) if q.UPLOAD_TO.search(c) and not negated(c)]
            words = [w for w in words_of(m.group(1)) if len(w) >= 2 and w not in q.UPLOAD_GENERAL]
            if any(w in t for w in words for t in sent):
                continue  # 将待处理的素材…上传至服务器: the old version sends that content already
            out.append(TypedEdit.stated("upload_added", "purpose_type_usage", "use", m.group(), s,
                f"the person's content is now sent to the servers: “{m.group(1)}”"))
    return out


def verifiers_added(alignment: SentenceAlignment, old_loose: str) -> list[TypedEdit]:
    """A party a new or reworded sentence checks the person's data with (会与合法留存您的信息的国家
    机关、金融机构、企事业单位进行核对) that the old version never names: the data now go to it.

    >>> [m.group(1) for m in q.VERIFY_WITH.finditer("我们可能会将您提供的身份信息向发证机关进行核验")]
    ['发证机关']
    """
    out: list[TypedEdit] = []
    for s in alignment.new_or_reworded:
        for m in q.VERIFY_WITH.finditer(s.text):
            party = m.group(1).strip()
            if not party.endswith(q.VERIFIER_HEADS) or negated(clause_at(s.text, m.group()) or m.group()) \
                    or loosen(comparison_key(party)) in old_loose or not_a_practice(s.text, s.stype):
                continue
            out.append(TypedEdit.stated("verifier_added", "recipients", "verifier", party, s,
                f"the person's data are now checked with “{party}”"))
    return out
