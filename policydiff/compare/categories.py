"""The policy's own 重大变更 list: find the clause, read its items, map them onto the six keys.

A policy without such a list is judged by the standard six of GB/T 35273 附录D.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from policydiff import regex_cache
from policydiff.compare.headings import cn_to_int
from policydiff.compare.mentions import loose_key
from policydiff.compare.parse import RANK as _RANK
from policydiff.lexicon import categories, contact, facts_more, headings
from policydiff.model import Category, Paragraph, PolicyTree, Section
from policydiff.text.memo import per_comparison

CANONICAL = tuple(k for k, _ in categories.STANDARD_CATEGORIES)


# -- the policy's own list -------------------------------------------------------------------


# A clause is a short list: more items than this, or an item longer than ITEM_MAX characters,
# is not one (a list item that swallowed the document, corpus/real sina-weibo 2020).
MAX_ITEMS = 12
ITEM_MAX = 200
# A clause section larger than this share of the document is not skipped whole: only the
# clause's own paragraphs are kept out of the comparison.
SECTION_SHARE = 0.15


@dataclass
class PolicyCategories:
    """The categories a version defines, where its clause is, and its items as printed.

    ``paragraphs`` are the clause's own paragraphs (intro and items); ``skip`` the ids of the
    paragraphs the comparison leaves out (the clause section when it is small, else those).
    """

    categories: list[Category]
    source: str  # "policy" or "default"
    clause: Section | None
    items: list[str]
    paragraphs: list[Paragraph] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def map_item(text: str) -> str | None:
    """The canonical key of one 重大变更 item, or None when it fits none.

    >>> map_item("我们在所有权结构、组织架构等方面发生重大变化")
    'controller'
    >>> map_item("个人信息对外提供、转让或公开披露的主要对象发生变化")
    'recipients'
    """
    text = text.replace("\\", "")
    for key, words in categories.CATEGORY_ITEM_WORDS:
        if any(map(text.__contains__, words)):
            return key
    return None


def _clean_item(text: str) -> str:
    text = categories.CLAUSE_ITEM.sub("", text.replace("\\", ""), count=1).strip()
    return text.rstrip("；;。，, ").strip()


def _split_inline(text: str) -> list[str]:
    """Items written on one line: "1） …； 2） …；", up to a marker of another shape (lilith v2 runs
    the section's next point into the line: "…6） …高风险时。 3. 您可以…访问本隐私协议")."""
    text = text.replace("\\", "")
    marks = [m for m in categories.CLAUSE_ITEM.finditer(text) if m.group(0).strip()]
    if marks:
        first = _mark_shape(marks[0].group(0))
        text = text[: next((m.start() for m in marks[1:] if _mark_shape(m.group(0)) != first), len(text))]
    parts = [p for p in categories.CLAUSE_ITEM.split(text) if p and p.strip(" ；;。")]
    return [p.strip().rstrip("；;。 ") for p in parts]


def _mark_shape(mark: str) -> str:
    """A list marker's shape: its opening, or its number's closing ("（1）", "1）" and "1." differ).

    >>> [_mark_shape(m) for m in ("（2）", "3）", "4)", "5.", "6．", "1、", "a.")]
    ['(', ')', ')', '.', '.', '、', 'a']
    """
    mark = mark.strip()
    if mark[:1] in "（(":
        return "("
    if mark[:1].isdigit():
        return {"）": ")", "．": "."}.get(mark[-1], mark[-1])
    return "a" if mark[:1].isascii() and mark[:1].isalpha() else mark[:1]


def _unmarked_item(text: str) -> bool:
    """An item line without a list marker: a short sentence saying what changes (baidu 2021)."""
    return len(text) <= ITEM_MAX and text.endswith(categories.CLAUSE_ITEM_END) and any(
        w in text for w in categories.CLAUSE_ITEM_WORDS)


_DOTTED = regex_cache.compile(r"^\s*(\d{1,2}(?:[.．]\d{1,2})+)")


def _marker_kind(text: str) -> str | None:
    """The kind of list marker a line opens with ("（1）" and "(2)" are one kind, "a." another)."""
    if _DOTTED.match(text):
        return "dotted"
    m = categories.CLAUSE_ITEM.match(text)
    if not m:
        return None
    mark = m.group(0).strip()
    kind = "paren" if mark[:1] in "（(" else "letter" if mark[:1].isalpha() and mark[:1].isascii() else \
        "digit" if mark[:1].isdigit() else mark[:1]
    return kind + ("cn" if any(ch in headings.CN_DIGITS for ch in mark) else "")


def _ends_clause(p: Paragraph, heads: dict[int, Section], outer: Section) -> bool:
    """A heading as outer as the intro's own section ends the clause (seed 000: "10. 投诉及建议"
    after the list in "9.2")."""
    head = heads.get(id(p))
    if head is None or outer.level == 0:
        return False
    return head.level <= outer.level and _RANK.get(head.style, 99) < _RANK.get(outer.style, 99)


# A pattern holding a CJK character costs about as much to compile as a comparison reads in a
# page of text: a marker's number is read by str methods, not by re.sub / re.split patterns.
_NOT_NUMBER = str.maketrans("", "", "（()）、.．")


def _marker_number(text: str) -> int | None:
    """The number a list marker states ("（3）" 3, "c." 3, "(三)" 3), None for bullets."""
    dotted = _DOTTED.match(text)
    if dotted:
        return int(dotted.group(1).replace("．", ".").split(".")[-1])
    m = categories.CLAUSE_ITEM.match(text)
    if not m:
        return None
    mark = "".join(m.group(0).split()).translate(_NOT_NUMBER)  # no whitespace, brackets or stops
    if mark.isdigit():
        return int(mark)
    if len(mark) == 1 and mark.isascii() and mark.isalpha():
        return ord(mark.lower()) - ord("a") + 1
    if mark and all(ch in headings.CN_DIGITS for ch in mark):
        return cn_to_int(mark)
    return None


def _items_after(paras: list[Paragraph], start: int, tail: str, heads: dict[int, Section],
                 outer: Section) -> tuple[list[str], list[Paragraph]]:
    """The clause's items: on the intro's own line after its colon, then the list lines that follow
    (marked "（1）…", "a. …", "(一)…" all of one kind, or unmarked short sentences of change) up to
    the first other line or an outer heading."""
    items = _split_inline(tail) if tail else []
    used: list[Paragraph] = []
    unmarked = False
    kind: str | None = None
    last: int | None = None
    for p in paras[start + 1 : start + 1 + MAX_ITEMS + 1]:
        text = p.text.strip().replace("\\", "")
        if _ends_clause(p, heads, outer):
            break
        mark = _marker_kind(text)
        number = _marker_number(text)
        in_sequence = number is None or last is None or number == last + 1
        if mark is not None and not unmarked and kind in (None, mark) and in_sequence:
            kind, last = mark, number
            items.extend(_split_inline(text) or [_clean_item(text)])
        elif (unmarked or not items) and _unmarked_item(text):
            unmarked = True
            items.append(text.rstrip("；;。：: "))
        else:
            break
        used.append(p)
    return items, used


def _plausible(items: list[str]) -> bool:
    return 1 <= len(items) <= MAX_ITEMS and all(len(i) <= ITEM_MAX for i in items)


def policy_categories(tree: PolicyTree) -> PolicyCategories:
    """Find the 重大变更 clause and turn its items into categories (the standard six when none).

    The clause is read in document order, whatever the section tree made of it: its items may
    be the intro's children, its siblings or plain lines.
    """
    paras = tree.document.paragraphs
    owner: dict[int, Section] = {}  # made when a paragraph reads as the clause (most do not)
    heads: dict[int, Section] = {}
    refused: list[str] = []
    for i, para in enumerate(paras):
        m = _clause_intro(para.text) if categories.CLAUSE_MARK in para.text else None  # most paragraphs: no 变
        if not m:
            continue
        if not owner:  # comprehensions: no generator frame resumed for each paragraph and section
            sections = tree.sections
            owner.update({id(p): s for s in sections for p in s.paragraphs})
            heads.update({id(s.head): s for s in sections if s.head is not None})
        outer = owner.get(id(para), tree.root)
        items, used = _items_after(paras, i, para.text[m.end():].strip(), heads, outer)
        if not _plausible(items):
            refused.append(para.text.strip()[:40])
            continue
        cats = _categories_from_items(items)
        if cats:
            return _found(tree, owner.get(id(para), tree.root), cats, items, [para, *used])
    for para in paras:
        m = _clause_sentence(para.text) if categories.CLAUSE_MARK in para.text else None
        if m and "、" in m.group("items"):
            if not owner:
                owner.update({id(p): s for s in tree.sections for p in s.paragraphs})
            items = [x.strip() for x in m.group("items").replace("，", "、").replace(",", "、").split("、") if x.strip()]
            cats = _categories_from_items(items)
            if len(cats) >= 2 or (cats and categories.CLAUSE_INLINE.search(para.text)):
                return _found(tree, owner.get(id(para), tree.root), cats, items, [para])
    default = [Category(k, w) for k, w in categories.STANDARD_CATEGORIES]
    warnings = ["no_policy_list"] + [f"clause_refused:{t}" for t in refused]
    return PolicyCategories(default, "default", None, [], warnings=warnings)


@per_comparison  # most paragraphs stand in both versions
def _clause_intro(text: str) -> re.Match[str] | None:
    return categories.CLAUSE_INTRO.search(text)


@per_comparison
def _clause_sentence(text: str) -> re.Match[str] | None:
    return categories.CLAUSE_SENTENCE.search(text) or categories.CLAUSE_INLINE.search(text)


def _found(tree: PolicyTree, section: Section, cats: list[Category], items: list[str],
           paragraphs: list[Paragraph]) -> PolicyCategories:
    total = sum(len(p.key) for p in tree.document.paragraphs) or 1
    own = sum(len(p.key) for s in section.walk() for p in s.paragraphs)
    if section.level > 0 and own <= SECTION_SHARE * total:
        left_out = [p for s in section.walk() for p in s.paragraphs]
    else:
        left_out = paragraphs
    # a paragraph of the service's own practice or with a way to reach it, put in the clause's section, is read like any other
    skip = {id(p) for p in left_out if not (facts_more.OWN_PRACTICE.search(p.text) or contact.EMAIL.search(p.text)
                                              or contact.PHONE.search(p.text))}
    return PolicyCategories(cats, "policy", section, items, paragraphs, skip)


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


_ITEM_NUMBER = regex_cache.compile(categories.CLAUSE_ITEM_NUMBER)


def case_key(item: str) -> str:
    """An item of the clause as compared: its list number dropped, its words loosely keyed
    (pronouns, auxiliaries and variant spellings aside, as ``mentions.loose_key``).

    >>> case_key("1         我们的服务模式发生重大变化") == case_key("我们的服务模式发生重大变化")
    True
    >>> case_key("您参与个人信息处理方面的权利发生重大变化") == case_key("你参与个人信息处理方面的权利发生重大变化")
    True
    """
    return loose_key(_ITEM_NUMBER.sub("", item, count=1))


def clause_cases(old: PolicyCategories, new: PolicyCategories, old_text: str = "",
                 new_text: str = "") -> tuple[list[str], list[str]]:
    """The cases of the 重大变更 clause the new version no longer lists, and those it lists anew
    (numbering and spacing aside). A version without the clause lists none. ``old_text`` and
    ``new_text``: the versions' loose keys (``mentions.loosen`` of the document's key); a case
    whose words stand anywhere in the other version is not a change (a case cut into two
    paragraphs by a new layout has a shorter item, and the same words).

    >>> a = PolicyCategories([], "policy", None, ["1、服务模式发生重大变化", "2、控制权发生变化"])
    >>> b = PolicyCategories([], "policy", None, ["服务模式发生重大变化", "主要对象发生变化"])
    >>> clause_cases(a, b)
    (['控制权发生变化'], ['主要对象发生变化'])
    >>> clause_cases(a, b, new_text=case_key("2、控制权发生变化。如并购"))
    ([], ['主要对象发生变化'])
    """
    def cases(listed: PolicyCategories) -> dict[str, str]:
        return {case_key(i): _ITEM_NUMBER.sub("", i, count=1).strip() for i in listed.items} if listed.clause or listed.items else {}

    was, now = cases(old), cases(new)
    return ([v for k, v in was.items() if k not in now and k not in new_text],
            [v for k, v in now.items() if k not in was and k not in old_text])
