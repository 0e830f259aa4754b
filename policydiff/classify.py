"""Judge each change against the policy's own 重大变更 list, with the words that show it.

1. Read the 重大变更 clause of the old version and map its items onto the canonical keys
   (or fall back to the standard six of GB/T 35273 附录D when the policy has none).
2. Extract what each version *says* — data types, purposes, recipients, companies, rights,
   time limits, contacts, impact-assessment results — per sentence, with the type of the
   section it sits in.
3. Compare those sets: what appears or disappears is a finding, placed on the changed section
   that carries it, under the category its kind and context give. Text that only moved
   (splits, merges, reordering) carries no finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policydiff import patterns
from policydiff.dates import stated_dates
from policydiff.models import Category, Change, Finding, Paragraph, PolicyTree, Section, Verdict
from policydiff.normalize import comparison_key

CANONICAL = tuple(k for k, _ in patterns.STANDARD_CATEGORIES)


# -- the policy's own list -------------------------------------------------------------------


@dataclass
class PolicyCategories:
    """The categories a version defines, where its clause is, and its items as printed."""

    categories: list[Category]
    source: str  # "policy" or "default"
    clause: Section | None
    items: list[str]


def map_item(text: str) -> str | None:
    """The canonical key of one 重大变更 item, or None when it fits none."""
    for key, words in patterns.CATEGORY_ITEM_WORDS:
        if any(w in text for w in words):
            return key
    return None


def _clean_item(text: str) -> str:
    text = patterns.CLAUSE_ITEM.sub("", text, count=1).strip()
    return text.rstrip("；;。，, ").strip()


def _split_inline(text: str) -> list[str]:
    """Items written on one line: "1） …； 2） …；"."""
    parts = [p for p in patterns.CLAUSE_ITEM.split(text) if p and p.strip(" ；;。")]
    return [p.strip().rstrip("；;。 ") for p in parts]


def policy_categories(tree: PolicyTree) -> PolicyCategories:
    """Find the 重大变更 clause and turn its items into categories."""
    for section in tree.sections:
        paras = section.paragraphs
        for i, para in enumerate(paras):
            m = patterns.CLAUSE_INTRO.search(para.text)
            if not m:
                continue
            items: list[str] = []
            tail = para.text[m.end():].strip()
            if tail:
                items.extend(_split_inline(tail))
            following = paras[i + 1:] + [p for child in section.children for d in child.walk() for p in d.paragraphs]
            for p in following:
                text = p.text.strip()
                if patterns.CLAUSE_ITEM.match(text):
                    items.extend(_split_inline(text) or [_clean_item(text)])
                elif items:
                    break
                elif len(items) == 0 and len(text) > 0 and not patterns.CLAUSE_ITEM.match(text):
                    break
            cats = _categories_from_items(items)
            if cats:
                return PolicyCategories(cats, "policy", section, items)
    for section in tree.sections:
        for para in section.paragraphs:
            m = patterns.CLAUSE_SENTENCE.search(para.text)
            if m and sum(1 for _ in re.finditer("、", m.group("items"))) >= 1:
                items = [x.strip() for x in re.split("[、，,]", m.group("items")) if x.strip()]
                cats = _categories_from_items(items)
                if len(cats) >= 2:
                    return PolicyCategories(cats, "policy", section, items)
    default = [Category(k, w) for k, w in patterns.STANDARD_CATEGORIES]
    return PolicyCategories(default, "default", None, [])


def _categories_from_items(items: Iterable[str]) -> list[Category]:
    out: dict[str, Category] = {}
    others = 0
    for item in items:
        item = item.strip()
        if len(item) < 4:
            continue
        key = map_item(item)
        if key is None:
            others += 1
            key = f"other_{others}"
        if key not in out:
            out[key] = Category(key, item)
        else:
            out[key] = Category(key, out[key].wording + "；" + item)
    return list(out.values())


# -- what a section is about ------------------------------------------------------------------


def section_type(section: Section) -> str:
    """collection, sharing, storage, rights, contact, update, minors, definitions, preamble or other."""
    node: Section | None = section
    while node is not None:
        if node.level == 0:
            return "preamble"
        if len(node.title) <= 24 or node is not section:
            kind = _title_type(node.title[:30])
            if kind:
                return kind
        node = node.parent
    return "other"


@lru_cache(maxsize=4096)
def _title_type(title: str) -> str | None:
    for kind, words in patterns.SECTION_TYPE_WORDS:
        if any(w in title for w in words):
            return kind
    return None


# -- what a version says -----------------------------------------------------------------------


@dataclass(eq=False)
class Mention:
    """One thing a sentence says: its kind, a comparable value, and where it stands."""

    kind: str
    value: str
    surface: str
    sentence: str
    section: Section
    stype: str
    counts: bool = True  # False: only said in passing (no collecting context); it shows presence, not news


def _sentences(paragraph: Paragraph) -> list[str]:
    return [s for s in patterns.SENTENCE_SPLIT.split(paragraph.text) if s.strip()]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, list[tuple[str, str]]]]:
    """One alternation over every lexicon word, and word -> [(lexicon, concept)]."""
    lexicons: dict[str, dict[str, tuple[str, ...]]] = {
        "data_type": patterns.DATA_TYPES,
        "purpose": patterns.PURPOSES,
        "recipient": patterns.RECIPIENTS,
        "safeguard": patterns.SAFEGUARDS,
        "right": patterns.RIGHTS,
        "role": patterns.CONTACT_ROLES,
    }
    owners: dict[str, list[tuple[str, str]]] = {}
    for name, lexicon in lexicons.items():
        for concept, words in lexicon.items():
            for w in words:
                owners.setdefault(w.lower(), []).append((name, concept))
    ordered = sorted(owners, key=len, reverse=True)
    # matched against the lower-cased sentence: an alternation with re.I is several times slower
    return re.compile("|".join(re.escape(w) for w in ordered)), owners


def _hits(sentence: str) -> dict[str, dict[str, str]]:
    """lexicon -> concept -> the first word of the sentence that names it."""
    regex, owners = _lexicon()
    out: dict[str, dict[str, str]] = {}
    if not _FIRST_CHARS:
        _FIRST_CHARS.update(w[0] for w in owners)
        _FIRST_CHARS.update(w[0].upper() for w in owners)
    if _FIRST_CHARS.isdisjoint(sentence):
        return out
    lower = sentence.lower()
    if len(lower) != len(sentence):
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    for m in regex.finditer(lower):
        word = m.group(0)
        if word.isascii() and not _standalone(lower, m.start(), m.end()):
            continue  # "dpo" inside "dpo@…", "SDK" is fine but "ip" inside "ship" is not
        for name, concept in owners[word]:
            out.setdefault(name, {}).setdefault(concept, sentence[m.start() : m.end()])
    return out


_FIRST_CHARS: set[str] = set()


def _standalone(text: str, start: int, end: int) -> bool:
    """An ASCII word not glued to other letters, digits, "@" or "." on either side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and (before.isalnum() or before in "@._-")) and not (
        after.isascii() and (after.isalnum() or after in "@_-")
    )


def _find(words: Iterable[str], text: str, lower: str) -> str | None:
    for w in words:
        if (w in text) if not w.isascii() else (w.lower() in lower):
            return w
    return None


_LOOSE_DROP = re.compile(f"[{patterns.LOOSE_DROP_CHARS}]")
_CN_NUMBER = re.compile(r"[零〇一二三四五六七八九十百两]+(?=[个天日月年周小工])")


def loose_key(text: str) -> str:
    """A key that also ignores pronouns, auxiliaries and how numbers are written, for sentences
    whose rewording must not read as a removal ("您有权…" -> "你有权…", 十五天 -> 15天)."""
    return _loosen(comparison_key(text))


def _loosen(key: str) -> str:
    """loose_key of a text that is already a comparison key (a document's key is one)."""
    from policydiff.parse import cn_to_int

    key = _CN_NUMBER.sub(lambda m: str(cn_to_int(m.group(0))), key)
    return _LOOSE_DROP.sub("", key)


def _may_hold_address(sentence: str) -> bool:
    """A cheap test before the address pattern (the costliest of the per-sentence patterns)."""
    return any(c in sentence for c in ("省", "市", "自治区")) and any(c in sentence for c in ("号", "室", "层", "楼", "座", "大厦", "园区", "中心"))


def _period(number: str, unit: str) -> str:
    """"十五个工作日" and "15 个工作日" -> "15工作日"; 日 and 天 are one unit, 个月 and 月 too."""
    from policydiff.parse import cn_to_int

    n = int(number) if number.isdigit() else cn_to_int(number)
    unit = {"日": "天", "自然日": "天", "个月": "月"}.get(unit, unit)
    return f"{n}{unit}"


def company_names(sentence: str) -> list[str]:
    """Company names in a sentence ("北京数安认证技术有限公司", "支付宝（中国）网络技术有限公司"),
    read back from the suffix to a place name or a stop character."""
    out: list[str] = []
    for m in patterns.COMPANY_SUFFIX.finditer(sentence):
        if m.group(0) == "集团" and m.end() < len(sentence) and sentence[m.end()] not in patterns.COMPANY_STOP:
            continue  # "阿里巴巴集团控股有限公司": the name goes on
        start = _name_start(sentence, m.start())
        run = sentence[start : m.start()]
        best = None
        for place in patterns.PLACES if not any(b in run for b in "（(") else ():
            k = run.find(place)
            if k != -1 and (best is None or k < best):
                best = k
        name = (run[best:] if best is not None else run) + m.group(0)
        for prefix in patterns.COMPANY_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix) + 4:
                name = name[len(prefix) :]
        core = name[: -len(m.group(0))]
        if 2 <= len(core) <= 36 and not core.startswith(("该", "此", "本", "其", "上述", "相关", "合作", "第三方")):
            out.append(name)
    return out


def _name_start(sentence: str, end: int) -> int:
    """Where a company name ending at ``end`` starts: after the last stop character, stepping over a
    bracketed place inside the name ("考拉海购（杭州）科技", "支付宝（中国）网络技术")."""
    i = end - 1
    limit = max(0, end - 36)
    while i >= limit:
        ch = sentence[i]
        if ch in "）)":
            opening = max(sentence.rfind("（", limit, i), sentence.rfind("(", limit, i))
            inside = sentence[opening + 1 : i] if opening != -1 else ""
            if opening > 0 and 1 <= len(inside) <= 4 and any(p in inside for p in patterns.PLACES):
                i = opening - 1
                continue
        if ch in patterns.COMPANY_STOP:
            break
        i -= 1
    return i + 1


def mentions(tree: PolicyTree, skip: Section | None) -> list[Mention]:
    """Everything the classifier compares, sentence by sentence, outside the 重大变更 clause."""
    skipped = {id(s) for s in skip.walk()} if skip is not None else set()
    out: list[Mention] = []
    for section in tree.sections:
        if id(section) in skipped:
            continue
        stype = section_type(section)
        for para in section.paragraphs:
            for sentence in _sentences(para):
                out.extend(_sentence_mentions(sentence, section, stype))
    return out


def _sentence_mentions(sentence: str, section: Section, stype: str) -> list[Mention]:
    return [
        Mention(kind, value, surface, sentence, section, stype, counts)
        for kind, value, surface, counts in _analyse(sentence, stype)
    ]


@lru_cache(maxsize=16384)
def _analyse(sentence: str, stype: str) -> tuple[tuple[str, str, str, bool], ...]:
    """(kind, value, surface, counts) of everything one sentence says; cached, as both versions
    share most sentences."""
    out: list[tuple[str, str, str, bool]] = []
    lower = sentence.lower()

    def add(kind: str, value: str, surface: str, counts: bool = True) -> None:
        out.append((kind, value, surface, counts))

    collecting = stype in ("collection", "sharing", "storage") or any(v in sentence for v in patterns.COLLECTION_VERBS)
    sharing = any(v in sentence for v in patterns.SHARING_VERBS)
    hits = _hits(sentence)
    types = hits.get("data_type", {}) if collecting else {}
    for concept, w in hits.get("data_type", {}).items():
        add("data_type", concept, w, collecting)
    for concept, w in hits.get("purpose", {}).items():
        add("purpose", concept, w)
    border = _find(patterns.CROSS_BORDER_WORDS, sentence, lower)
    if border:
        add("cross_border", "cross_border", border, collecting)
    if stype == "storage" or any(v in sentence for v in patterns.STORAGE_VERBS):
        for place in patterns.STORAGE_PLACES:
            if place in sentence and any(v in sentence for v in patterns.STORAGE_VERBS):
                add("storage_location", place, place)
    # a data type put to a purpose it was not put to before
    for concept, w in hits.get("purpose", {}).items():
        for t in types:
            add("use", f"{t}>{concept}", w)
    if sharing or stype == "sharing":
        for concept, w in hits.get("recipient", {}).items():
            if sharing or concept != "affiliates":
                add("recipient", concept, w)
    if stype == "sharing":
        for concept, w in hits.get("safeguard", {}).items():
            add("safeguard", concept, w)
    for name in company_names(sentence) if ("公司" in sentence or "集团" in sentence) else ():
        add("company", comparison_key(name), name)
    for m in patterns.SDK_NAME.finditer(sentence) if "sdk" in lower else ():
        name = m.group(1)
        for stop in patterns.SDK_NAME_STOP:
            name = name.split(stop)[-1]
        if len(name) >= 2:
            add("sdk_name", comparison_key(name), m.group(0))
    if stype == "rights":
        for concept, w in hits.get("right", {}).items():
            add("right", concept, w)
        if hits.get("right") and patterns.GRANT.search(sentence):
            add("grant", loose_key(sentence), sentence.strip())
    if stype == "rights" or hits.get("right"):
        fee = _find(patterns.FEE_WORDS, sentence, lower)
        if fee:
            add("fee", fee, fee)
    for m in patterns.TIME_LIMIT.finditer(sentence):
        if sentence[: m.start()].rstrip().endswith(("年", "月")):
            continue  # the day or month of a date, not a period
        value = _period(m.group(1), m.group(2))
        if any(r in sentence for r in patterns.RESPONSE_WORDS):
            scope = "contact" if stype == "contact" else "rights"
            add("response_time", f"{scope}:{value}", m.group(0))
        elif stype == "storage" or any(r in sentence for r in patterns.RETENTION_WORDS):
            add("retention", value, m.group(0))
    for m in patterns.COURT.finditer(sentence) if ("法院" in sentence or "仲裁" in sentence) else ():
        name = m.group(1)
        for stop in ("向", "由", "提交", "的", "至", "于", "交"):
            name = name.split(stop)[-1]
        if len(name) > 4 and name not in ("人民法院", "有管辖权的人民法院"):
            add("court", comparison_key(name), name)
    for m in patterns.EMAIL.finditer(sentence) if "@" in sentence else ():
        add("email", m.group(0).lower(), m.group(0))
    for m in patterns.PHONE.finditer(sentence):
        add("phone", re.sub(r"\D", "", m.group(0)), m.group(0))
    for m in patterns.ADDRESS.finditer(sentence) if _may_hold_address(sentence) else ():
        address = m.group(0)
        for prefix in patterns.ADDRESS_PREFIXES:
            k = address.find(prefix)
            if k != -1 and k < 8:
                address = address[k + len(prefix) :]
                break
        address = address.lstrip("：: ")
        add("address", comparison_key(address), address)
    for concept, w in hits.get("role", {}).items():
        if stype == "contact" or concept in ("privacy_officer", "privacy_office"):
            # the word itself: 个人信息保护部门 -> 个人信息保护办公室 is a new responsible department
            add("role", comparison_key(w), w)
    if stype == "contact":
        for m in patterns.URL.finditer(sentence):
            add("url", m.group(0).rstrip(".,;)）").lower(), m.group(0))
    bare = sentence.strip()
    conditional = (
        bare.rstrip("。；;.！!").endswith("时")
        or any(w in sentence for w in patterns.CONDITIONAL_WORDS)
        or (bare.startswith("如") and not bare.startswith(("如下", "如上")))
    )
    if not conditional and _find(patterns.ASSESSMENT_WORDS, sentence, lower) and _find(patterns.HIGH_RISK_WORDS, sentence, lower):
        add("risk", loose_key(sentence), _find(patterns.HIGH_RISK_WORDS, sentence, lower) or "")
    return tuple(out)


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
    "email": "e-mail address",
    "phone": "telephone number",
    "address": "postal address",
    "role": "responsible person or channel",
    "url": "contact link",
    "court": "court or arbitration body",
    "risk": "impact-assessment result",
}
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
        if any(c in m.sentence for c in patterns.CONTROLLER_CUES) or patterns.CONTROLLER_PATTERN.search(m.sentence):
            return "controller"
        if m.stype == "sharing" or any(v in m.sentence for v in patterns.SHARING_VERBS) or "SDK" in m.sentence.upper():
            return "recipients"
        if any(c in m.sentence for c in patterns.CONTROLLER_WEAK_CUES):
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
        if m.stype in ("definitions", "preamble") or any(c in m.sentence for c in patterns.CONTROLLER_CUES):
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


def classify(old: PolicyTree, new: PolicyTree, changes: list[Change]) -> Verdict:
    """The verdict: categories (policy's own or standard), findings with evidence, dates."""
    listed = policy_categories(old)
    new_listed = policy_categories(new)
    old_m = mentions(old, listed.clause)
    new_m = mentions(new, new_listed.clause)

    by_new_section: dict[int, int] = {}
    by_old_section: dict[int, int] = {}
    for i, ch in enumerate(changes):
        if ch.relocated:
            continue
        if ch.pair.new is not None:
            by_new_section[id(ch.pair.new)] = i
        if ch.pair.old is not None:
            by_old_section[id(ch.pair.old)] = i

    findings: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    old_values = {(m.kind, m.value) for m in old_m}
    new_values = {(m.kind, m.value) for m in new_m}
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

    old_key, new_key = _loosen(old.document.key), _loosen(new.document.key)
    for m in new_m:
        if (m.kind, m.value) in old_values:
            continue
        if m.kind in _SENTENCE_KINDS and m.value in old_key:
            continue  # the same sentence, cut differently
        if m.kind == "grant" and not _grants_something_new(m, old_values):
            continue  # restates rights the old version already gave, with no new way to use them
        at = by_new_section.get(id(m.section))
        if at is not None:
            emit(m, True, at)
    for m in old_m:
        if m.kind in _ADD_ONLY or (m.kind, m.value) in new_values:
            continue
        if m.kind in _SENTENCE_KINDS and m.value in new_key:
            continue
        at = by_old_section.get(id(m.section))
        if at is not None:
            emit(m, False, at)
    findings.extend(_removed_rights(changes, new, seen))
    _drop_added_seats(findings, old_m, new_m)
    _drop_reworded_grants(findings, old_m, new_m)

    keys = {c.key for c in listed.categories}
    for f in findings:
        f.in_policy_list = f.category in keys
    clause_changed = False
    if listed.clause is not None:
        clause_ids = {id(s) for s in listed.clause.walk()}
        clause_changed = any(ch.pair.old is not None and id(ch.pair.old) in clause_ids for ch in changes)
    material = any(f.in_policy_list for f in findings)
    old_dates = stated_dates(old.document.text)
    new_dates = stated_dates(new.document.text)
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
    )


def _removed_rights(changes: list[Change], new: PolicyTree, seen: set[tuple[str, int, str]]) -> list[Finding]:
    """A right or a way to exercise it deleted from a rights section (e.g. "退出会员及注销账号")."""
    out: list[Finding] = []
    new_key = new.document.key
    for i, ch in enumerate(changes):
        if ch.relocated or ch.pair.old is None or section_type(ch.pair.old) != "rights":
            continue
        for e in ch.edits:
            if e.op != "delete" or len(e.key) < 4 or e.key in new_key:
                continue
            hit = None
            for words in patterns.RIGHTS.values():
                hit = _find(words, e.text, e.text.lower())
                if hit:
                    break
            if not hit:
                continue
            sentence = next((s for p in ch.pair.old.paragraphs for s in _sentences(p) if comparison_key(e.text) in comparison_key(s)), e.text)
            key = ("rights", i, "deleted" + e.key)
            if ("rights", i, "right" + hit) in seen or key in seen:
                continue
            seen.add(key)
            out.append(
                Finding(
                    category="rights",
                    change_index=i,
                    evidence=_clip(sentence, e.text),
                    side="old",
                    signal="right_removed",
                    explanation=f"“{e.text.strip()[:40]}” is deleted from {ch.pair.old.heading[:24]}; the new version no longer offers it",
                    heading=ch.pair.old.heading,
                    trigger=e.text.strip(),
                )
            )
    return out


def _grants_something_new(m: Mention, old_values: set[tuple[str, str]]) -> bool:
    """An added grant sentence matters when it names a right the old rights sections did not, or
    a way to exercise one (an in-app path, a time limit)."""
    rights = _hits(m.sentence).get("right", {})
    if any(("right", concept) not in old_values for concept in rights):
        return True
    return any(marker in m.sentence for marker in patterns.EXERCISE_PATH_MARKERS) or bool(
        patterns.TIME_LIMIT.search(m.sentence)
    )


def _drop_added_seats(findings: list[Finding], old_m: list[Mention], new_m: list[Mention]) -> None:
    """An operator's address is a controller change only when it replaces one: a seat stated
    where none was stated before ("总部位于…") says where, not who."""

    def seats(ms: list[Mention], added: bool) -> bool:
        return any(m.kind == "address" and category_of(m, added) == "controller" for m in ms)

    old_has, new_has = seats(old_m, False), seats(new_m, True)
    findings[:] = [
        f
        for f in findings
        if not (f.signal == "address" and f.category == "controller" and not (old_has if f.side == "new" else new_has))
    ]


def _drop_reworded_grants(findings: list[Finding], old_m: list[Mention], new_m: list[Mention]) -> None:
    """A grant sentence counts as removed only when no similar sentence grants the same rights."""
    new_grants = [m for m in new_m if m.kind == "grant"]
    keep = []
    for f in findings:
        if f.signal == "grant" and f.side == "old":
            old_key = loose_key(f.trigger)
            if any(_similar(old_key, g.value) for g in new_grants):
                continue
        keep.append(f)
    findings[:] = keep


def _similar(a: str, b: str) -> bool:
    from policydiff.align import bigrams, dice

    return bool(a and b) and dice(bigrams(a), bigrams(b)) >= 0.75
