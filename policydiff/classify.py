"""Judge each change against the policy's own 重大变更 list (placeholder until the classifier lands)."""

from __future__ import annotations

from policydiff.models import Change, PolicyTree, Verdict


def classify(old: PolicyTree, new: PolicyTree, changes: list[Change]) -> Verdict:
    return Verdict(material=False, categories=[], category_source="default")
