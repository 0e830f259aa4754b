"""A real policy reworded and re-laid-out as new versions often are, with nothing added: no
claim, no material verdict. The same rewording with one new collection and one new recipient:
both are claimed.

The rewordings are the ones real version pairs make at once (issue 19): 您 → 你, 账 → 帐,
访问 → 查阅, 相机 → 摄像头, 手机号码 → 手机号, 我们 → 本公司, 以及 → 和, 例如 → 比如, 包括 → 包含,
one sentence per line (a re-extraction), and the part numbers 一、 → 1.; each policy of ``tests/data/real/_single_version`` (real
policies of 14 companies) goes through all of them together.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from policydiff.compare.pipeline import compare
from policydiff.model import RawText
from policydiff.report.summary import summary_items

SINGLE = sorted(p for p in (DATA / "real" / "_single_version").glob("*/*.txt"))
_NUMERALS = "一二三四五六七八九十"


def reworded(text: str) -> str:
    """``text`` with the rewordings of the module docstring, all at once."""
    for old, new in (("您", "你"), ("账", "帐"), ("访问", "查阅"), ("相机", "摄像头"), ("手机号码", "手机号"), ("我们", "本公司"),
                     ("以及", "和"), ("例如", "比如"), ("包括", "包含")):
        text = text.replace(old, new)
    text = re.sub(r"(?m)^(\s*)([一二三四五六七八九十])、", lambda m: f"{m.group(1)}{_NUMERALS.index(m.group(2)) + 1}. ", text)
    return re.sub(r"。(?=[^\n」”）])", "。\n", text)


@pytest.mark.parametrize("path", SINGLE, ids=[p.parent.name for p in SINGLE])
def test_a_reworded_policy_has_no_claim(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = compare(RawText(text, "old"), RawText(reworded(text), "new"))
    assert [(i.action, i.kind, i.value) for i in summary_items(result)] == []
    assert not result.verdict.material, [(f.signal, f.trigger) for f in result.verdict.findings]


NEW_PRACTICES = "我们会收集你的鞋码和宠物品种信息，用于向你推荐商品。我们会向杭州云帆数据科技有限公司提供你的设备信息，用于广告效果分析。"


@pytest.mark.parametrize("path", SINGLE, ids=[p.parent.name for p in SINGLE])
def test_what_a_reworded_policy_adds_is_claimed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = reworded(text).split("\n")
    at = next(i for i, line in enumerate(lines) if re.search("(?:我[们們]|本公司)[^。\n]{0,6}收集", line))  # a collection
    lines.insert(at + 1, NEW_PRACTICES)
    result = compare(RawText(text, "old"), RawText("\n".join(lines), "new"))
    values = " ".join(i.value for i in summary_items(result) if i.action == "added")
    assert result.verdict.material
    assert "鞋码" in values and "杭州云帆数据科技有限公司" in values, values
