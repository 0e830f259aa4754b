"""Rights and how to exercise them (channel, time limit, fee), contacts, assessments."""

from __future__ import annotations

from policydiff.compare.facts.collect import _fact
from policydiff.compare.facts.model import Fact, Sentence
from policydiff.compare.facts.sentences import sentence_modality
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm

# -- rights, contacts, assessments ----------------------------------------------------------


def extract_rights(s: Sentence) -> list[Fact]:
    """您可以/有权 查阅、更正、删除…: one fact per right, with channel, time limit and fee."""
    in_rights = s.stype == "rights"
    has_cue = any(t.text in lm.RIGHT_CUES for t in s.tokens) and any(t.text in lx.USER_SUBJECTS for t in s.tokens)
    if not (in_rights or has_cue):
        return []
    details = _exercise_details(s)
    facts: list[Fact] = []
    seen: set[str] = set()
    for i, t in enumerate(s.tokens):
        right = lm.RIGHT_VERBS.get(t.text)
        if right is None or right in seen:
            continue
        seen.add(right)
        fact = _fact(s, "right", i, sentence_modality(s), [])
        fact.value = right
        fact.details = dict(details)
        facts.append(fact)
    if not facts and "time_limit" in details and in_rights:
        fact = _fact(s, "right", 0, sentence_modality(s), [])
        fact.value, fact.surface, fact.details = "response", details["time_limit"], dict(details)
        facts.append(fact)
    return facts


def _exercise_details(s: Sentence) -> dict[str, str]:
    """How a right is exercised: channel (通过…), menu path (设置-…), time limit, fee."""
    out: dict[str, str] = {}
    key = _without_addresses(s.key)  # an address's own hyphens are no menu path (privacy-team@…)
    channel = lm.CHANNEL.search(key)
    path = lm.PATH.search(key)
    if channel and not any(map(channel.group(1).__contains__, lm.FORWARD_REFS)) and len(lm.CJK.findall(channel.group(1))) >= 2:
        out["channel"] = channel.group(1).strip(lm.QUOTES)
    if path and any(map(path.group(0).__contains__, lm.PATH_ARROWS)):
        out["path"] = path.group(0)
    limit = lm.TIME_LIMIT.search(s.key)
    if limit:
        out["time_limit"] = limit.group(0)
    fee = lm.FEE.search(s.key)
    if fee:
        out["fee"] = fee.group(0)
    return out


def _without_addresses(text: str) -> str:
    """A text without the e-mail addresses and phone numbers it gives (电子邮件(feedback@…)): a
    channel is the medium; a new address is a contact's change, said once, by its contact fact.

    >>> _without_addresses("电子邮件(privacy@example.cn)联系我们")
    '电子邮件联系我们'
    """
    bare = lm.EMAIL.sub("", text) if "@" in text else text  # an address holds "@"
    bare = lm.PHONE.sub("", bare) if lm.PHONE_DIGITS.search(bare) else bare
    return lm.EMPTY_BRACKETS.sub("", bare) if bare != text else text


def extract_contacts(s: Sentence) -> list[Fact]:
    """E-mail addresses, phone numbers, postal addresses and the responsible department."""
    facts: list[Fact] = []
    found = [("email", m.group(0)) for m in lm.EMAIL.finditer(s.key)] if "@" in s.key else []
    found += [("phone", m.group(0)) for m in lm.PHONE.finditer(s.key)] \
        if (not found or s.stype == "contact") and lm.PHONE_DIGITS.search(s.key) else []
    found += [("address", m.group(1)) for m in lm.ADDRESS.finditer(s.key)]
    if s.stype == "contact" or found:
        found += [("department", m.group(0)) for m in lm.DEPARTMENT.finditer(s.key)]
    for kind, value in found:
        facts.append(Fact(kind="contact", surface=value, value=value, section=s.section, sentence=s.text.strip(),
                          modality=sentence_modality(s), details={"type": kind}))
    return facts


def extract_assessments(s: Sentence) -> list[Fact]:
    """个人信息保护影响评估 / 安全评估 / 认证 and what came of it."""
    m = lm.ASSESSMENT.search(s.key)
    if not m:
        return []
    result = lm.ASSESSMENT_RESULT.search(s.key)
    fact = Fact(kind="assessment", surface=m.group(0), value=m.group(0), section=s.section, sentence=s.text.strip(),
                modality=sentence_modality(s), details={"result": result.group(0)} if result else {})
    return [fact]
