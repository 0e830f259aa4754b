"""The policy's own 重大变更 list: find the clause, read its items, map them onto the six keys.

A policy without such a list is judged by the standard six of GB/T 35273 附录D.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from policydiff.lexicon import categories
from policydiff.model import Category, PolicyTree, Section

CANONICAL = tuple(k for k, _ in categories.STANDARD_CATEGORIES)


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
    for key, words in categories.CATEGORY_ITEM_WORDS:
        if any(w in text for w in words):
            return key
    return None


def _clean_item(text: str) -> str:
    text = categories.CLAUSE_ITEM.sub("", text, count=1).strip()
    return text.rstrip("；;。，, ").strip()


def _split_inline(text: str) -> list[str]:
    """Items written on one line: "1） …； 2） …；"."""
    parts = [p for p in categories.CLAUSE_ITEM.split(text) if p and p.strip(" ；;。")]
    return [p.strip().rstrip("；;。 ") for p in parts]


def policy_categories(tree: PolicyTree) -> PolicyCategories:
    """Find the 重大变更 clause and turn its items into categories."""
    for section in tree.sections:
        paras = section.paragraphs
        for i, para in enumerate(paras):
            m = categories.CLAUSE_INTRO.search(para.text)
            if not m:
                continue
            items: list[str] = []
            tail = para.text[m.end():].strip()
            if tail:
                items.extend(_split_inline(tail))
            following = paras[i + 1:] + [p for child in section.children for d in child.walk() for p in d.paragraphs]
            for p in following:
                text = p.text.strip()
                if categories.CLAUSE_ITEM.match(text):
                    items.extend(_split_inline(text) or [_clean_item(text)])
                elif items:
                    break
                elif len(items) == 0 and len(text) > 0 and not categories.CLAUSE_ITEM.match(text):
                    break
            cats = _categories_from_items(items)
            if cats:
                return PolicyCategories(cats, "policy", section, items)
    for section in tree.sections:
        for para in section.paragraphs:
            m = categories.CLAUSE_SENTENCE.search(para.text)
            if m and sum(1 for _ in re.finditer("、", m.group("items"))) >= 1:
                items = [x.strip() for x in re.split("[、，,]", m.group("items")) if x.strip()]
                cats = _categories_from_items(items)
                if len(cats) >= 2:
                    return PolicyCategories(cats, "policy", section, items)
    default = [Category(k, w) for k, w in categories.STANDARD_CATEGORIES]
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


