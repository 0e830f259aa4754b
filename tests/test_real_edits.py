"""Edits of our own on real policies of other companies: the verdict generalizes beyond the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_CORPUS
from real_edits import KINDS, EditKind, anchor, apply

from policydiff.compare.categories import policy_categories
from policydiff.compare.pipeline import compare, read_tree
from policydiff.model import RawText

SINGLE = REAL_CORPUS / "_single_version"
POLICIES = ["baidu", "jd", "taobao", "zhihu", "meituan", "bilibili", "douyin", "xiaohongshu", "pinduoduo", "tencent-qq"]


def _policy(name: str) -> str:
    folder = SINGLE / name
    if not folder.is_dir():
        pytest.skip("../shared is not beside the project")
    return next(p for p in sorted(folder.iterdir()) if p.suffix == ".txt").read_text(encoding="utf-8")


def _places(policy: str) -> set[str]:
    """The kinds of edit the policy has a place for (an anchor paragraph of the section type)."""
    folder = SINGLE / policy
    if not folder.is_dir():
        return set()
    tree = read_tree(RawText(next(p for p in sorted(folder.iterdir()) if p.suffix == ".txt").read_text(encoding="utf-8"), policy))
    return {k.name for k in KINDS if anchor(tree, k) is not None}


# Only the edits a policy has a place for (bilibili has no sharing paragraph with 共享, …): a
# combination without one would test nothing, so it is not made rather than skipped.
_PLACES = {p: _places(p) for p in POLICIES}
CASES = [(p, k) for p in POLICIES for k in KINDS if k.name in _PLACES[p]]
# Edits whose "news" the old policy already states: a finding would say "appears" of a practice
# the old version has (the rule test_real_pairs holds every real pair to).
ALREADY_STATED = {("xiaohongshu", "content moderation vendor"): "the old version has a section D. 内容审核服务商"}


@pytest.mark.parametrize(("policy", "kind"), CASES, ids=[f"{p}-{k.name}" for p, k in CASES])
def test_edit(policy: str, kind: EditKind) -> None:
    old = _policy(policy)
    new = apply(old, kind)
    if new is None:
        pytest.skip(f"{policy} has no {kind.where} paragraph with {kind.needle!r}")
    if (policy, kind.name) in ALREADY_STATED:
        pytest.xfail(ALREADY_STATED[policy, kind.name])
    result = compare(RawText(old, f"{policy}.txt"), RawText(new, f"{policy}-edited.txt"))
    listed = {c.key for c in policy_categories(read_tree(RawText(old, "old"))).categories}
    material = {f.category for f in result.verdict.findings if f.in_policy_list}
    if kind.category is None:
        assert not result.verdict.material, [(f.category, f.trigger, f.evidence[:60]) for f in result.verdict.findings]
    elif kind.category in listed:
        assert kind.category in material, [(f.category, f.trigger) for f in result.verdict.findings]
    else:
        assert any(f.category == kind.category for f in result.verdict.findings)


# Rewordings that change no practice, applied to the whole policy: 您/你, 会/将, 根据/依据.
# Every single-version policy and the newest version of every dated one.
REWORDINGS = {"您 → 你": ("您", "你"), "我们会 → 我们将": ("我们会", "我们将"), "根据 → 依据": ("根据", "依据")}
REAL = REAL_CORPUS
WHOLE_POLICIES = sorted(
    [max(d.glob("*.txt")) for d in [*REAL.iterdir(), *REAL.glob("_single_version/*")] if d.is_dir() and any(d.glob("*.txt"))]
) if REAL.is_dir() else []
# only the rewordings a policy can take (douyin never says 您): the others would test nothing
WHOLE = [(p, r) for p in WHOLE_POLICIES for r in REWORDINGS if REWORDINGS[r][0] in p.read_text(encoding="utf-8")]


@pytest.mark.skipif(not WHOLE, reason="../shared is not beside the project")
@pytest.mark.parametrize(("path", "rewording"), WHOLE, ids=[f"{p.parent.name}-{r}" for p, r in WHOLE] or None)
def test_whole_policy_rewording_is_not_material(path: Path, rewording: str) -> None:
    policy = path.parent.name
    old = path.read_text(encoding="utf-8")
    new = old.replace(*REWORDINGS[rewording])
    if new == old:
        pytest.skip(f"{policy} never says {REWORDINGS[rewording][0]}")
    result = compare(RawText(old, f"{policy}.txt"), RawText(new, f"{policy}-reworded.txt"))
    assert not result.verdict.material, [(f.signal, f.trigger[:30]) for f in result.verdict.findings if f.in_policy_list]
