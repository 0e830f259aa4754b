"""The whole compare in one function: parse → align → diff → classify → disclosure.

>>> from policydiff.model import RawText
>>> old = RawText("隐私政策\\n一、我们收集的信息\\n我们会收集您的手机号码。\\n", "old")
>>> new = RawText("隐私政策\\n一、我们收集的信息\\n我们会收集您的手机号码和通讯录。\\n", "new")
>>> result = compare(old, new)
>>> [p.status for p in result.pairs]
['unchanged', 'modified']
>>> result.verdict.material, [f.trigger for f in result.verdict.findings]
(True, ['通讯录'])
"""

from __future__ import annotations

from policydiff.compare import align, classify, diff, disclosure, notice_check
from policydiff.compare.parse import read_tree
from policydiff.model import Change, Comparison, PolicyTree, RawText, ReadingWarning, SectionPair
from policydiff.text.memo import one_comparison

__all__ = ["compare", "read_tree", "changes_of", "reading_warnings"]


def changes_of(old: PolicyTree, new: PolicyTree, pairs: list[SectionPair]) -> list[Change]:
    """Word-level changes of every pair whose text differs (renumbering alone is not a change)."""
    changes = [diff.diff_pair(p) for p in pairs if p.status in ("modified", "added", "removed")]
    diff.mark_relocated(changes, old.document.key, new.document.key)
    return changes


def compare(old_raw: RawText, new_raw: RawText) -> Comparison:
    """Compare two versions of a policy and judge whether the changes are material.

    One comparison is one ``text.memo`` scope: what both versions share is read once."""
    with one_comparison():
        old, new = read_tree(old_raw), read_tree(new_raw)
        pairs = align.align(old, new)
        changes = changes_of(old, new, pairs)
        verdict = classify.classify(old, new, changes)
        result = Comparison(old=old, new=new, pairs=pairs, changes=changes, verdict=verdict)
        result.disclosure = disclosure.check_disclosure(result)
        result.warnings = reading_warnings(old, new, verdict.warnings) + notice_check.notice_gaps(result)
    return result


def reading_warnings(old: PolicyTree, new: PolicyTree, list_warnings: list[str]) -> list[ReadingWarning]:
    """The trees' and the old version's list warnings, each with its side."""
    out: list[ReadingWarning] = []
    for side, codes in (("old", old.warnings + list_warnings), ("new", new.warnings)):
        for text in codes:
            code, _, detail = text.partition(":")
            out.append(ReadingWarning("old" if side == "old" else "new", code, detail))
    return out
