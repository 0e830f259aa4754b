"""Recipients and permissions a version names that the other never does, and lists moved out.

- ``named_recipients``: a sentence shares with a class of recipients (与终端设备制造商（华为、小米…）
  共享) whose name — or a variant (关联公司 ~ 关联方) — the other version never uses;
- ``recipient_heading``: a line of a sharing section naming recipient classes (d.金融、征信服务等
  其他合作伙伴; 这类第三方主要包括…) whose class words the other version never uses;
- ``new_permissions``: device permissions asked for (请您开启日历权限) that the old never names
  (``facts.tables.permissions_in``);
- ``moved_out``: recipients dropped from a section that now points to a list in another
  document (详情请见《第三方合作清单》) are one edit "moved out of the policy", never each item removed.

>>> absent_parts("金融、征信服务等其他合作伙伴", "金融机构与其他合作伙伴", by_words=True)
['征信服务']
"""

from __future__ import annotations

import re

from policydiff.compare.edit_base import MAX_ITEM, PUNCT, TypedEdit, head_class, negated
from policydiff.compare.facts import not_a_practice
from policydiff.compare.facts.tables import linked_lists_in, permissions_in, row_cells
from policydiff.compare.mentions import loosen
from policydiff.compare.sentences import Sentence, SentenceAlignment
from policydiff.lexicon import qualifiers as q
from policydiff.lexicon.entities import COMPANY_SUFFIX
from policydiff.model import PolicyTree
from policydiff.text.normalize import comparison_key


def _recipient_core(phrase: str) -> str:
    """A recipient phrase without its bracketed examples (终端设备制造商（华为、小米…）→ 终端设备制造商)."""
    for c in q.OPEN_BRACKETS:
        k = phrase.find(c)
        if k > 0:
            phrase = phrase[:k]
    return phrase.strip()


def absent_parts(phrase: str, other_loose: str, by_words: bool = False) -> list[str]:
    """The parts of a recipient phrase (金融、征信服务等其他合作伙伴 → 金融 | 征信服务 | 其他合作伙伴)
    that the other version never names, by their words or a variant (关联公司 ~ 关联方), with a
    generic suffix (公司) left out of the look-up."""
    out = []
    for part in re.split(q.PART_SPLIT, comparison_key(_recipient_core(phrase))):
        part = part.strip()
        if len(part) < 2 or part.startswith(q.DEMONSTRATIVES):
            continue
        looks = {part} | {v for group in q.RECIPIENT_VARIANTS if any(part.endswith(g) for g in group)
                          for v in (part[: len(part) - len(g)] + w for g in group if part.endswith(g) for w in group)}
        looks |= {x[: -len(sfx)] for x in list(looks) for sfx in q.GENERIC_SUFFIXES if x.endswith(sfx) and len(x) - len(sfx) >= 2}
        if by_words:  # a line of a list: its class word without the head (征信服务, 物流信息合作伙伴 → 物流信息)
            if q.OF in part:
                continue  # a clause (为…进行广告宣传的其他第三方), not a class name
            head = max((h for h in q.RECIPIENT_HEADS if part.endswith(h)), key=len, default="")
            looks |= {part[: len(part) - len(head)]} if len(part) - len(head) >= 2 else set()
        if any(part.endswith(w) for group in q.RECIPIENT_VARIANTS for w in group):
            looks |= {w for group in q.RECIPIENT_VARIANTS if any(part.endswith(g) for g in group) for w in group}
        if not any(loosen(x) in other_loose for x in looks):
            out.append(part)
    return out


def named_recipients(s: Sentence, other_loose: str, added: bool) -> list[TypedEdit]:
    """A recipient class a sentence shares with (与X共享, 向X提供) that the other version never names."""
    if negated(s.text) or not_a_practice(s.text, s.stype):
        return []
    out: list[TypedEdit] = []
    for m in q.SHARE_WITH.finditer(s.text):
        phrase = next(g for g in m.groups() if g)
        core = _recipient_core(phrase)
        if not 3 <= len(core) <= MAX_ITEM or core.startswith(q.NOT_ITEM_STARTS) or head_class(core) != "recipient":
            continue
        if any(ch in PUNCT for ch in core) or not absent_parts(core, other_loose):
            continue
        out.append(TypedEdit(
            kind="recipient_added" if added else "recipient_dropped", category="recipients", signal="recipient",
            value=phrase.strip(), previous="", old=None if added else s, new=s if added else None, confidence=0.7,
            reason=f"a sentence {'now shares' if added else 'shared'} with “{core}”, "
                   f"which the {'old' if added else 'new'} version never names",
        ))
    out.extend(_named_parties(s, other_loose, added))
    return out


def _named_parties(s: Sentence, other_loose: str, added: bool) -> list[TypedEdit]:
    """Parties named without a class word: entrusted by name (授权秒针系统…处理) or listed as the
    members of a class (物流服务商有圆通、申通以及极兔); new when the other version names none of them."""
    out: list[TypedEdit] = []
    for pattern in (q.ENTRUSTED, q.NAMED_MEMBERS):
        for m in pattern.finditer(s.text):
            names = m.group(1).strip()
            if names.startswith(q.NOT_ITEM_STARTS) or names.startswith(q.DEMONSTRATIVES) or head_class(names) == "data" \
                    or any(map(names.__contains__, (q.SHARE_VERBS + q.COLLECT_VERBS + q.PROVIDE_VERBS))):
                continue
            if pattern is q.ENTRUSTED and (head_class(names) == "recipient" or any(map(names.__contains__, q.SHARE_VERBS))):
                continue  # a class (委托第三方处理) is named_recipients' to read
            parts = [p for p in re.split(q.MEMBER_SPLIT, names) if len(p.strip()) >= 2]
            if not parts or any(loosen(comparison_key(p)) in other_loose for p in parts):
                continue
            out.append(TypedEdit(
                kind="recipient_added" if added else "recipient_dropped", category="recipients", signal="recipient",
                value=names, previous="", old=None if added else s, new=s if added else None, confidence=0.65,
                reason=f"“{names}” {'receive' if added else 'received'} data by name; "
                       f"the {'old' if added else 'new'} version names none of them",
            ))
    return out


def recipient_heading(s: Sentence, other_loose: str, added: bool) -> list[TypedEdit]:
    """A short line of a sharing section that names a class of recipients (d.金融、征信服务等其他合作
    伙伴) whose distinctive words the other version never uses."""
    text = s.text.strip().rstrip(q.CLAUSE_MARKS)
    key = q.LEADING_ITEM_LABEL.sub("", comparison_key(text))
    listed = q.RECIPIENT_LIST.search(text)
    if listed is not None and len(key) > q.HEADING_MAX:  # 这类第三方主要包括X、Y或Z
        text = listed.group(1).strip().rstrip(q.CLAUSE_MARKS)
        key = comparison_key(text)
    if s.stype != "sharing" or len(key) > q.HEADING_MAX or head_class(key) != "recipient" or negated(text):
        return []
    absent = absent_parts(key, other_loose, by_words=True)
    if not absent:
        return []
    value = q.LEADING_ITEM_LABEL.sub("", text.strip()).strip()
    return [TypedEdit(
        kind="recipient_added" if added else "recipient_dropped", category="recipients", signal="recipient",
        value=value, previous="", old=None if added else s, new=s if added else None, confidence=0.7,
        reason=f"the recipient class “{value}” is {'new' if added else 'gone'}: "
               f"the {'old' if added else 'new'} version never names “{absent[0]}”",
    )]


def new_permissions(alignment: SentenceAlignment, old: PolicyTree, old_loose: str) -> list[TypedEdit]:
    """Device permissions the new version asks for (请您开启日历权限) that the old never names (the
    old version is searched for them only when a new sentence names one)."""
    had: set[str] | None = None
    out: list[TypedEdit] = []
    seen: set[str] = set()
    for s in alignment.new_or_reworded:
        if negated(s.text):
            continue
        for name in sorted(permissions_in(s.text)):
            had = permissions_in(old.document.text) if had is None else had
            if name in had or name in seen or loosen(comparison_key(name)) in old_loose:
                continue
            seen.add(name)
            out.append(TypedEdit(
                kind="permission_added", category="purpose_type_usage", signal="data_type", value=name + q.PERMISSION,
                previous="", old=None, new=s, confidence=0.8,
                reason=f"the new version asks for the “{name}” permission, which the old never names",
            ))
    return out


def _row_kind(cells: tuple[str, ...]) -> tuple[str, str] | None:
    """(category, signal) of a table row by what it lists: an SDK, a permission, a company."""
    name = cells[0]
    if q.SDK_WORD in name.upper():
        return "recipients", "sdk_name"
    if name.endswith(q.PERMISSION) or head_class(name) == "data":
        return "purpose_type_usage", "data_type"
    if any(COMPANY_SUFFIX.search(c) for c in cells) or head_class(name) == "recipient":
        return "recipients", "recipient"
    return None


def _row_names(name: str) -> list[str]:
    """The ways another version may name a row's SDK: whole, without "SDK", its Chinese or its
    Latin part alone (极光推送Jpush SDK ~ 极光推送 ~ Jpush).

    >>> _row_names("极光推送Jpush SDK")
    ['极光推送Jpush SDK', '极光推送Jpush', '极光推送', 'Jpush']
    """
    bare = re.sub(q.SDK_WORD, "", name, flags=re.IGNORECASE).strip()
    out = [name, bare] + re.findall(r"[^\x00-\x7f]{2,}", bare) + re.findall(r"[A-Za-z]{3,}", bare)
    return [n for k, n in enumerate(out) if n and n not in out[:k]]


def table_rows(alignment: SentenceAlignment, old_loose: str, new_loose: str) -> list[TypedEdit]:
    """Rows of an SDK or permission table that come or go, by the name in their first cell (a
    row whose name the other version never uses; its other cells — company, purpose, data — are
    the reason)."""
    out: list[TypedEdit] = []
    for added, sentences, other in ((True, alignment.new_only, old_loose), (False, alignment.old_only, new_loose)):
        for s in sentences:
            cells = row_cells(s.text)
            if cells is None or all(any(map(c.__contains__, q.TABLE_HEADER_WORDS)) for c in cells if c):
                continue  # no row, or the header row
            kind = _row_kind(cells)
            if kind is None or not cells[0] or any(loosen(comparison_key(n)) in other for n in _row_names(cells[0])) \
                    or cells[0].endswith(q.CLAUSE_MARKS) or any(map(cells[0].__contains__, q.ROW_NOT_NAMES)):
                continue
            rest = q.LIST_SEPARATORS[1].join(c for c in cells[1:] if c)
            out.append(TypedEdit(
                kind="row_added" if added else "row_dropped", category=kind[0], signal=kind[1], value=cells[0],
                previous="", old=None if added else s, new=s if added else None, confidence=0.75,
                reason=f"the table row “{cells[0]}” ({rest}) {'is new' if added else 'is gone'}; "
                       f"the {'old' if added else 'new'} version never names it",
            ))
    return out


def moved_out(edits: list[TypedEdit], alignment: SentenceAlignment, old: PolicyTree) -> list[TypedEdit]:
    """Recipients or data dropped from a section that now sends the reader to a list in another
    document (详情请见《第三方合作清单》): one edit "moved out of the policy", not one per item."""
    links = [(name, s) for s in alignment.new_or_reworded for name in linked_lists_in(s.text)]
    if links:  # the old version is searched only when a new sentence points to a list
        old_lists = set(linked_lists_in(old.document.text))
        links = [(name, s) for name, s in links if name not in old_lists]
    if not links:
        return edits
    out: list[TypedEdit] = []
    moved: dict[str, list[TypedEdit]] = {}
    for e in edits:
        target = None
        if e.kind in ("recipient_dropped", "item_dropped") and e.old is not None:
            target = next((name for name, s in links if s.stype == e.old.stype), None)
        elif e.kind == "row_dropped":
            target = links[0][0]  # a table gone while the text now points to a list elsewhere
        if target is None:
            out.append(e)
        else:
            moved.setdefault(target, []).append(e)
    for name, dropped in moved.items():
        link = next(s for n, s in links if n == name)
        was = q.LIST_SEPARATORS[1].join(e.value for e in dropped)
        out.append(TypedEdit(
            kind="moved_out", category=dropped[0].category, signal="moved_out", value=q.DOCUMENT_QUOTES.format(name),
            previous=was, old=dropped[0].old, new=link, confidence=0.8,
            reason=f"“{was}” no longer stand in the policy; the new version points to 《{name}》 instead",
        ))
    return out


