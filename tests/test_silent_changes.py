"""Changes a new version makes without a new keyword, each made once in real policies of 14
companies (``tests/data/real/_single_version``): each must be claimed, with the kind a lawyer
would look for (issue 19: "changes with no new keyword are missed").

- consent: 明示同意 → 同意 in a sentence that asks for it once (PIPL art. 29: sensitive personal
  information needs more than a general consent);
- scope: a collection of location data made background and continuous (后台, 持续);
- retention: a stated period made longer;
- right: the sentence granting account deletion (注销) deleted.

A probe that finds no place for its change in a policy is not made there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

from policydiff.compare.pipeline import compare
from policydiff.model import RawText
from policydiff.report.summary import summary_items

SINGLE = sorted(p for p in (DATA / "real" / "_single_version").glob("*/*.txt"))


def weaker_consent(text: str) -> str | None:
    m = next((m for m in re.finditer(r"[^。\n]*明示同意[^。\n]*。", text) if m.group(0).count("明示同意") == 1), None)
    if m is None:
        return None
    return text[: m.start()] + m.group(0).replace("明示同意", "同意") + text[m.end():]


def background(text: str) -> str | None:
    m = re.search(r"我们(?:会|将)?收集(您|你)的(位置信息|地理位置信息)", text)
    if m is None:
        return None
    return text[: m.start()] + f"我们会在后台持续收集{m.group(1)}的{m.group(2)}" + text[m.end():]


def longer_retention(text: str) -> str | None:
    m = re.search(r"(?:保存|保留|存储)[^。\n]{0,20}?(\d+|[一二三四五六七八九十]+)个?(?:月|年)", text)
    if m is None:
        return None
    return text[: m.start(1)] + "10" + text[m.end(1):] if m.group(1) != "10" else None


def no_deletion_right(text: str) -> str | None:
    m = re.search(r"[^。\n]*(?:您|你)有权[^。\n]*注销[^。\n]*。", text)
    return None if m is None else text[: m.start()] + text[m.end():]


PROBES: dict[str, tuple[Callable[[str], str | None], set[str]]] = {
    "consent": (weaker_consent, {"consent"}),
    "scope": (background, {"fact_scope", "scope"}),
    "retention": (longer_retention, {"retention"}),
    "right": (no_deletion_right, {"grant", "right_removed"}),
}
CASES = [(path, name) for path in SINGLE for name, (probe, _) in PROBES.items()
         if probe(path.read_text(encoding="utf-8")) is not None]


@pytest.mark.parametrize(("path", "probe"), CASES, ids=[f"{p.parent.name}-{n}" for p, n in CASES])
def test_a_change_without_a_new_keyword_is_claimed(path: Path, probe: str) -> None:
    make, kinds = PROBES[probe]
    text = path.read_text(encoding="utf-8")
    new = make(text)
    assert new is not None
    result = compare(RawText(text, "old"), RawText(new, "new"))
    claimed = [(i.action, i.kind, i.value) for i in summary_items(result)]
    assert any(kind in kinds for _action, kind, _value in claimed), claimed


DENIALS = ["bilibili", "kuaishou-kuaiying", "zhihu"]  # their first denial names data they collect nowhere else


@pytest.mark.parametrize("company", DENIALS)
def test_a_denial_turned_into_a_collection_is_claimed(company: str) -> None:
    path = next(p for p in SINGLE if p.parent.name == company)
    text = path.read_text(encoding="utf-8")
    m = re.search(r"[^。\n]*我们不会(?:主动)?(?:收集|获取|读取)[^。\n]*。", text)
    assert m is not None
    new = text.replace(m.group(0), re.sub(r"我们不会(?:主动)?", "我们会", m.group(0), count=1), 1)
    result = compare(RawText(text, "old"), RawText(new, "new"))
    assert result.verdict.material
    assert any(i.action == "added" and i.kind == "data_type" for i in summary_items(result)), summary_items(result)
