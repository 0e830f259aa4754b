"""The compare pipeline in one call: normalize, parse, align, diff, classify."""

from __future__ import annotations

from policydiff import align, classify, diff, normalize, parse
from policydiff.models import Change, Comparison, PolicyTree, RawText


def read_tree(raw: RawText) -> PolicyTree:
    """Repair and parse one version."""
    return parse.parse(normalize.to_document(raw))


def changes_of(old: PolicyTree, new: PolicyTree, pairs: list) -> list[Change]:
    """Word-level changes of every pair whose text differs (renumbering alone is not a change)."""
    changes = [diff.diff_pair(p) for p in pairs if p.status in ("modified", "added", "removed")]
    diff.mark_relocated(changes, old.document.key, new.document.key)
    return changes


def compare(old_raw: RawText, new_raw: RawText) -> Comparison:
    """Compare two versions of a policy and judge whether the changes are material."""
    old, new = read_tree(old_raw), read_tree(new_raw)
    pairs = align.align(old, new)
    changes = changes_of(old, new, pairs)
    verdict = classify.classify(old, new, changes)
    result = Comparison(old=old, new=new, pairs=pairs, changes=changes, verdict=verdict)
    from policydiff.disclosure import check_disclosure

    result.extras["disclosure"] = check_disclosure(result)
    return result
