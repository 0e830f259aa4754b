"""The last word on every finding: is it a well-formed claim, and is it news by meaning?

The recognizers (``compare.mentions``, ``compare.factdiff``) propose findings from the changed
sections; here each one is judged once against the *whole* other version:

1. **Form.** A data type or a recipient is a noun phrase that ends on its head: it does not start
   or end with a function word or a clause verb, nor hold a clause's function words (the closed
   classes in ``lexicon.taxonomy``; a part-of-speech tagger would cost more to load than a whole
   comparison): 「回传至」「如有」「技术还会帮助」 are fragments, and 「表单」「API」「软件工具开发包」
   name no personal information. Not a claim.
2. **Practice.** A data type read from a sentence that says it is *not* collected or not personal
   information (不收集, 无法识别, 不包括任何可识别…) or that only defines a term is not a claim.
3. **Meaning.** A value the other version states anywhere — verbatim after folding variant
   spellings (账/帐, full/half width, 十五/15), or as the same taxonomy node (访问/查阅,
   相机/摄像头) — is no news: "appears" means the old version never says it, "is gone" means the
   new version never says it. A member spelled out where the other version names only its generic
   node (IMEI under 设备标识符) is a refinement: kept, lower, with that word (``Finding.refines``).

Each kept finding gets a ``confidence``: the summary shows the confident ones first, the rest under "other changes worth a look".

>>> fold("帐号 信息（Android ID）")
'账号信息androidid'
>>> well_formed("回传至"), well_formed("如有"), well_formed("终端设备制造商"), well_formed("手机相册")
(False, False, True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from policydiff.compare.data_form import DATA_SIGNALS, RECIPIENT_SIGNALS, generic_word
from policydiff.compare.data_form import a_cell as _a_cell
from policydiff.compare.data_form import in_a_list_of_uses as _in_a_list_of_uses
from policydiff.compare.data_form import in_persons_clause as _in_persons_clause
from policydiff.compare.data_form import lists_moved_out as _lists_moved_out
from policydiff.compare.data_form import printed_whole as _printed_whole
from policydiff.compare.data_form import said_in_halves as _said_in_halves
from policydiff.compare.data_form import same_phrase_said as _same_phrase_said
from policydiff.compare.data_form import shares_a_head as _shares_a_head
from policydiff.compare.edit_base import widens
from policydiff.compare.facts import not_a_practice
from policydiff.compare.folding import _folded as _folded  # second_look reads the folded tables too
from policydiff.compare.folding import (
    about_rights,
    about_sharing,
    fold,
    fold_joined,
    loose_joined,
    named,
    nodes,
    stated_sentences,
)
from policydiff.compare.mentions import loosen
from policydiff.compare.menus import PATH_STEP as _PATH_STEP
from policydiff.compare.menus import QUOTED as _QUOTED
from policydiff.compare.menus import menu_path
from policydiff.compare.partners import unnamed_partner_said
from policydiff.compare.right_words import standing as right_standing
from policydiff.compare.similarity import bigrams, dice
from policydiff.lexicon import entities, layout, rights
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Finding, PolicyTree
from policydiff.text.memo import per_object

LOW, REFINED = 0.4, 0.6  # LOW or less: "other changes worth a look"; REFINED: a member under a generic node
RIGHT_WORD_SIGNALS, RIGHT_SENTENCE_SIGNALS = frozenset({"right"}), frozenset({"grant", "right_removed"})

_NUMBERING, NOT_STATED, _CLAUSE = tx.LIST_NUMBER, tx.NOT_STATED, re.compile(r"[，,；;。：:]")
DEFINES, EXCEPTION_CLAUSE, GIVEN = tx.DEFINES, tx.EXCEPTION_CLAUSE, tx.GIVEN


def negated(sentence: str, value: str) -> bool:
    """The clause that names ``value`` (or the one right after it: 「例如：食物、风景等，但不包括…」)
    says it is not collected or not personal information.

    >>> negated("我们不会收集您的通讯录，但会收集位置信息", "位置信息"), negated("我们一般无法识别您的具体年龄", "年龄")
    (False, True)
    """
    k = sentence.find(value)
    if k == -1:
        return bool(NOT_STATED.search(sentence))
    clauses = _CLAUSE.split(sentence[k:], maxsplit=2)
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0)
    here = sentence[start:k] + clauses[0] + ("，" + clauses[1] if len(clauses) > 1 else "")
    return bool(NOT_STATED.search(here))


_RETAINED = re.compile("|".join(rights.RETENTION_WORDS))


def _clause_has(sentence: str, value: str, pattern: re.Pattern[str]) -> bool:
    """The clause of ``sentence`` that holds ``value`` matches ``pattern`` (the whole sentence when
    the value is not in it)."""
    k = sentence.find(value)
    if k == -1:
        return bool(pattern.search(sentence))
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0)
    end = next((m.start() for m in _CLAUSE.finditer(sentence, k + len(value))), len(sentence))
    return bool(pattern.search(sentence[start:end]))


def _given(sentence: str, value: str) -> bool:
    k = sentence.find(value)
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0) if k != -1 else 0
    return k != -1 and bool(GIVEN.search(sentence[start:k]))


@lru_cache(maxsize=1)
def _taxonomy_words() -> frozenset[str]:
    tables = (*tx.DATA_NODES.values(), *tx.MEMBERS.values(), *tx.RECIPIENT_NODES.values())
    return frozenset(fold(w) for words in tables for w in words)


def _in_taxonomy(value: str) -> bool:
    return fold(value) in _taxonomy_words()


def well_formed(value: str) -> bool:
    """Is ``value`` a noun phrase ending on its head (a name of data or of a party)?

    Decided by the words a name cannot start or end with and the function words that show a
    clause inside it (``lexicon.taxonomy`` NAME_*): no tagger is loaded, as loading one costs more
    than a whole comparison.
    """
    value = value.strip().rstrip("。；;，,、：:.…")
    if not value:
        return False
    if _in_taxonomy(value):
        return True
    if len(value) == 1 or value in tx.NAME_NOT_ALONE or tx.LINK_PART.search(value):
        return False
    if value.startswith(tx.NAME_BAD_START) and not value.startswith(tx.NAME_GOOD_START):
        return False
    if value.endswith(tx.NAME_BAD_END) and not value.endswith(tx.DATA_HEADS):
        return False
    return not any(map(value[1:].__contains__, tx.NAME_CLAUSE_INSIDE))  # 还会, 暂存, 或由: a clause, not a name


def core(value: str) -> str:
    """A name without its list number and the words that lead into it (我们使用了 / 通过 …).

    >>> core("1.人脸识别SDK"), core("我们的产品集成了极光推送SDK"), core("其指定的服务提供商")
    ('人脸识别SDK', '极光推送SDK', '指定的服务提供商')
    """
    value = _NUMBERING.sub("", value.strip()).rstrip("。；;，,、：:.")
    if value.upper().endswith("SDK"):
        cut = max((value.rfind(w) + len(w) for w in tx.SDK_LEADS if w in value[:-3]), default=0)
        value = value[cut:]
    changed = True
    while changed and len(value) > 2:
        changed = False
        for w in tx.NAME_LEADS:
            if value.startswith(w) and len(value) > len(w) + 1:
                value, changed = value[len(w):].lstrip(tx.PARTICLES), True
                break
    return value


@dataclass
class Doc:
    """One version as the judgment reads it: its stated text folded, and the nodes it names (each
    table searched when a judgment first asks: most findings are settled by the text)."""

    text: str  # folded text of the sentences that state something (not negations)
    sentences: list[str]  # folded sentences, for near copies of a clause (grants only: few)
    raw: list[str]  # the same sentences as printed (quotes and arrows kept: a menu path's steps)

    @cached_property
    def loose(self) -> str:
        """The stated text through mentions.loosen (十五 → 15, 您/你 …): made when a value is not in ``text``."""
        return loose_joined(self.sentences)

    @cached_property
    def data(self) -> set[str]:
        """The data nodes (``taxonomy.DATA_NODES``) the stated text names."""
        return named(fold_joined(self.sentences), tx.DATA_NODES)

    @cached_property
    def rights(self) -> set[str]:
        """The rights the sentences about rights name."""
        return named(fold_joined([f for f, raw in zip(self.sentences, self.raw, strict=True) if about_rights(raw)]), tx.RIGHT_NODES)

    @cached_property
    def recipients(self) -> set[str]:
        """The recipient classes the sentences about sharing name."""
        return named(fold_joined([f for f, raw in zip(self.sentences, self.raw, strict=True) if about_sharing(raw)]), tx.RECIPIENT_NODES)

    @classmethod
    def of(cls, tree: PolicyTree) -> Doc:
        """The version read once per comparison (``text.memo``); callers only read it."""
        return _read_doc(tree)

    def near_copies(self, sentence: str, threshold: float = 0.8) -> list[str]:
        """The sentences of this version (as printed) that are near copies of ``sentence`` (bigram
        Dice ≥ ``threshold``)."""
        key = fold(sentence)
        mine = bigrams(key)
        grams = self._grams  # a sentence's bigrams, made when first compared (3,000 grants ask of each)
        return [raw for k, (s, raw) in enumerate(zip(self.sentences, self.raw, strict=True))
                if abs(len(s) - len(key)) <= len(key) // 3
                and dice(mine, grams[k] if k in grams else grams.setdefault(k, bigrams(s))) >= threshold]

    @cached_property
    def _grams(self) -> dict[int, set[str]]:
        return {}

    def near_copy(self, sentence: str, threshold: float = 0.8) -> bool:
        """A sentence of this version is a near copy of ``sentence`` (bigram Dice ≥ ``threshold``)."""
        return bool(self.near_copies(sentence, threshold))

    def says(self, value: str) -> bool:
        f = fold(value)
        return len(f) >= 2 and (f in self.text or loosen(f) in self.loose)


@per_object
def _read_doc(tree: PolicyTree) -> Doc:
    rows = [row for p in tree.document.paragraphs for row in stated_sentences(p.text)]
    return Doc("|".join(row[1] for row in rows), [row[1] for row in rows], [row[0] for row in rows])


def _value(f: Finding) -> str:
    return (f.value.split("|")[0] if f.value else "") or f.trigger


def _sdk_said(name: str, other: Doc) -> bool:
    """The SDK's name, or its name without the vendor (神策线上行为采集SDK → 线上行为采集SDK), is in the other version."""
    f = fold(name)
    return any(other.says(f[k:]) for k in range(0, max(0, len(f) - 9) + 1))


def _members(value: str) -> dict[str, str]:
    """Members of a generic node named in ``value`` (IMEI号 → {IMEI: 设备标识符}); Latin ones as whole words."""
    f = fold(value)
    out = {}
    for node, members in tx.MEMBERS.items():
        for m in members:
            k = f.find(fold(m))
            if k == -1 or m.isascii() and (f[k - 1 : k].isascii() and f[k - 1 : k].isalnum()
                                          or f[k + len(fold(m)) : k + len(fold(m)) + 1].isascii()
                                          and f[k + len(fold(m)) : k + len(fold(m)) + 1].isalnum()):
                continue
            out[m] = node
    return out


def judge_one(f: Finding, other: Doc) -> float:
    """0 when the finding is no claim; else its confidence (1 sure, LOW or less: worth a look).

    Long on purpose: one judgment per finding, a branch per kind of fact (data, recipient, right,
    clause, company, purpose), each reading the same other version; split apart, the order of the
    checks — form, practice, meaning — would be spread over six functions.
    """
    value = _value(f)
    if f.signal in DATA_SIGNALS:
        if not well_formed(value) or value.rstrip("。").endswith(tx.NOT_DATA_HEADS) or any(map(value.__contains__, tx.NOT_DATA_INSIDE)):
            return 0.0
        if value.startswith(tx.ACTIVITY_VERBS) and not value.endswith(tx.DATA_HEADS) or layout.CONTENTS_PAGE.search(f.trigger):
            return 0.0  # 「上传头像、创建课程、上传证书时」: what the person does; 「…个人信息 3」: a contents line
        if _in_a_list_of_uses(f.evidence, value):
            return 0.0  # 「我们会用于以下用途，包括实时天气、…回流邀请」: a use, not data
        if _shares_a_head(f.evidence, value):
            return 0.0  # 存单 of 「存单/存折印刷号」: the first half of a shared head
        if (negated(f.evidence, value) or not_a_practice(f.evidence, "other") or tx.USER_TASK.search(f.evidence)
                or DEFINES.search(f.evidence) or _given(f.evidence, value) or _in_persons_clause(f.evidence, value)):
            return 0.0
        if f.signal == "fact_scope":  # a known type collected more widely: what widened is the scope word
            return 1.0 if widens(f.evidence, f.trigger) else 0.0  # 实时天气, 实时互动: a service, not a scope
        if other.says(value) or _said_in_halves(value, other.says) or _clause_has(f.evidence, value, tx.TECHNOLOGY):
            return 0.0  # said; two names run together, each said; a technology (Cookie和设备信息标识等同类技术)
        members = _members(value)
        named = nodes(value, tx.DATA_NODES) - set(members.values())  # 设备标识OAID: OAID, not 设备标识
        if tx.MODIFIER not in value and named and named <= other.data or _same_phrase_said(value, other.text):
            return 0.0  # the same node in other words (a 的-phrase names a narrower thing: 关注的帐号)
        if members:
            if all(other.says(m) for m in members):
                return 0.0
            if any(node in other.data for node in members.values()):  # a member under a generic node stated there
                f.refines = generic_word([n for n in members.values() if n in other.data], other.says)
                return REFINED
            return 1.0
        return 1.0
    if f.signal in RECIPIENT_SIGNALS or (f.signal == "company" and f.category == "recipients"):
        name = core(value)
        if (name != value.strip() and fold(name) in ("sdk", "api")) or not well_formed(name) or name.endswith(tx.NOT_PARTY_HEADS):
            return 0.0
        k = f.evidence.find(value)
        if k != -1 and f.evidence[k + len(value):k + len(value) + 2] in tx.ACCOUNT_TAILS:
            return 0.0  # 银行 of 银行账号 is a data type
        if negated(f.evidence, value) or (f.signal != "sdk_name" and not_a_practice(f.evidence, "other")):
            return 0.0
        if _clause_has(f.evidence, value, EXCEPTION_CLAUSE):
            return 0.0
        if f.signal == "fact_abroad":
            return LOW if any(map(other.text.__contains__, tx.CROSS_BORDER_WORDS)) else 1.0
        named = nodes(name, tx.RECIPIENT_NODES)
        if f.signal == "sdk_name" and _sdk_said(name, other):
            return 0.0
        row = core(f.heading)  # the SDK row it is named in (「11.线上行为采集SDK」, its 用途描述 another name)
        if f.side == "old" and row.upper().endswith("SDK") and fold(row) != fold(name) and _sdk_said(row, other):
            return 0.0  # the row's SDK is still there: its description's name for it is no removal
        stem = name
        for head in tx.RECIPIENT_HEADS:
            if stem.upper().endswith(head):
                stem = stem[: -len(head)]
                break
        if stem != name and len(stem) >= 3 and tx.MODIFIER not in stem and any(other.says(stem + h) for h in tx.RECIPIENT_HEADS):
            return 0.0  # 消息推送服务 where the other version lists 消息推送SDK
        if other.says(name) or tx.MODIFIER not in name and named and named <= other.recipients or unnamed_partner_said(name, other):
            return 0.0  # the same name or class; 合作方 where the other version shares with 合作单位
        return 1.0
    if f.signal in RIGHT_WORD_SIGNALS:
        if nodes(value, tx.RIGHT_NODES) & other.rights:
            return 0.0
        return right_standing(f.evidence, value)  # 请查阅…定义: a pointer; 客服帮助-账号申诉: a button
    if f.signal in RIGHT_SENTENCE_SIGNALS:
        sentence = f.evidence or value
        named = nodes(sentence, tx.RIGHT_NODES)
        copies = other.near_copies(sentence)
        if copies:
            if menu_path(sentence) and all(menu_path(c) != menu_path(sentence) for c in copies):
                return 0.8  # the same sentence with another menu path: where the person goes has changed
            return LOW  # the same sentence, a word or two changed (a changed limit has its own claim)
        if not named or named <= other.rights:
            ui = [u for u in _QUOTED.findall(sentence)
                  if not u[:1].isdigit() and not u.startswith(("（", "(")) and not tx.PART_REFERENCE.match(u)]
            if ui and not all(other.says(u) or other.says(_PATH_STEP.split(u)[-1].strip()) for u in ui):
                return 1.0  # a way to exercise a right (a menu path, a page: where it ends) the other version does not give
            return LOW  # the same rights are stated in the other version: reworded or moved
        return 1.0
    if f.signal == "safeguard" and tx.EXEMPTION.search(f.evidence):
        return 0.0  # 「共享经去标识化处理的个人信息…无需另行…征得您的同意」: an exemption, not a safeguard
    if f.signal == "fee" and _given(f.evidence, value):
        return 0.0  # 向你提供免费、优质的服务: a free service, not a fee for a right
    if f.signal == "retention" and not _clause_has(f.evidence, value, _RETAINED):
        return 0.0  # 「提前15个工作日…通知您」: a notice period, not how long data is kept
    if f.signal == "fact_purpose" and f.category == "recipients" and not any(map(f.evidence.__contains__, entities.SHARING_VERBS)):
        return 0.0  # a purpose of the service's own use, read under sharing
    if f.signal in ("purpose", "fact_purpose") and (tx.USER_ACT_FIRST.match(value) or tx.LINK_PART.search(value)):
        return 0.0  # 您使用电子地图…: the user's act, not what for; a link inside: a table's row run together
    if f.signal in ("purpose", "fact_purpose"):
        named = nodes(value, tx.PURPOSE_NODES)
        return LOW if named and named <= nodes(other.text, tx.PURPOSE_NODES) else 1.0  # only 营销 for now
    if f.signal == "cross_border":
        return LOW if any(map(other.text.__contains__, tx.CROSS_BORDER_WORDS)) else 1.0
    if f.signal in ("email", "phone", "url", "role") and other.says(value):  # 人民法院 of a court that changed
        return 0.0
    if f.signal == "company":
        defined = DEFINES.search(f.evidence[:12])
        if defined is not None:  # a definition names the operator (服务提供者：指…) or another party (关联公司：指…)
            return 1.0 if any(w in f.evidence[: defined.start()] for w in tx.OPERATOR_TERMS) else 0.0
        if f.category == "controller" and not_a_practice(f.evidence, "definitions"):
            return 0.0
    return 1.0


def reanchor(f: Finding) -> None:
    """An SDK finding whose words are only the lead-in (我们可能会通过SDK) names the party the
    sentence shares with instead, when there is one (终端设备制造商)."""
    if f.signal != "sdk_name" or fold(core(f.trigger)) != "sdk" or fold(f.trigger) == "sdk":
        return
    m = tx.SHARED_WITH.search(f.evidence)
    if m is not None and well_formed(m.group(1)):
        f.trigger, f.value, f.signal = m.group(1), m.group(1), "recipient"


def as_verifier(f: Finding) -> None:
    """A party the sentence checks the user's data with (向发证机关进行核验) is said as a verifier,
    not as a partner the data are shared with (``taxonomy.VERIFIED_WITH_TAIL``)."""
    if f.signal in ("recipient", "fact_share") and re.search(tx.VERIFIED_WITH_LEAD + re.escape(_value(f)) + tx.VERIFIED_WITH_TAIL, f.evidence):
        f.signal = "verifier"


def judge(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """Drop the findings that are no claim; set the confidence of the rest (in place)."""
    trees = {"new": old, "old": new}  # a finding on one side is judged by the other
    docs: dict[str, Doc] = {}  # read when a finding needs it
    moved: dict[int, bool] = {}  # whether the new version moved its lists behind a link: read once, when asked
    kept = []
    for f in findings:
        reanchor(f)
        if f.signal in ("recipient", "sdk_name"):
            name = core(f.trigger)
            if name != f.trigger.strip() and len(name) >= 2 and name in f.trigger and well_formed(name):
                f.trigger = name  # 支付宝SDK, not 通过支付宝SDK: the claim names the party
                f.value = name if f.value else f.value
        if f.side not in docs:
            docs[f.side] = Doc.of(trees[f.side])
        c = judge_one(f, docs[f.side]) if _printed_whole(f, old, new) else 0.0
        if (c > LOW and f.side == "old" and f.signal in DATA_SIGNALS | RECIPIENT_SIGNALS and _a_cell(f.evidence)
                and moved.setdefault(0, _lists_moved_out(old, new))):
            c = LOW  # a table's cell, and the new version puts its lists behind a link (应用权限查询链接：https://…)
        if c > 0:
            f.confidence = c
            as_verifier(f)
            kept.append(f)
    findings[:] = kept
