"""Every real pair of dated versions (``../shared/corpus/real``) holds the facts rule: a finding
that says "appears" states nothing the old version's facts already state, and one that says
"disappears" nothing the new version's facts state (matched as the judgment matches
them: ``factdiff.stated_elsewhere``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_CORPUS, version_pairs

from policydiff.compare import factdiff
from policydiff.compare.edit_practices import negated_items
from policydiff.compare.facts import canonical_data
from policydiff.compare.pipeline import compare, read_tree
from policydiff.model import RawText
from policydiff.text.normalize import comparison_key

REAL = REAL_CORPUS


def negated_items_of(text: str, item: str) -> bool:
    """The old text denies collecting ``item`` in some sentence (read across line breaks)."""
    joined = "".join(text.split("\n"))
    return any(item in negated_items(s) for s in joined.split("。"))


PAIRS = version_pairs(REAL)


@pytest.mark.skipif(not PAIRS, reason="../shared is not beside the project")
@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{o.parent.name}-{o.stem}-{n.stem}" for o, n in PAIRS] or None)
def test_appears_is_absent_from_the_other_version(old: Path, new: Path) -> None:
    old_raw, new_raw = RawText(old.read_text(encoding="utf-8"), old.name), RawText(new.read_text(encoding="utf-8"), new.name)
    result = compare(old_raw, new_raw)
    sides = {"old": factdiff.Side(read_tree(old_raw), set(), set()), "new": factdiff.Side(read_tree(new_raw), set(), set())}
    wrong = []
    for f in result.verdict.findings:
        value = f.value or canonical_data(f.trigger)
        if f.signal == "fact_purpose":  # judged by its words: some of them are nowhere in the other version
            other_text = comparison_key((old_raw if f.side == "new" else new_raw).text)
            if all(w in other_text for w in factdiff.purpose_words(value) if w):
                wrong.append((f.side, f.signal, value, "every word of it is in the other version", ""))
            continue
        if f.explanation.startswith("the old version said it does not collect"):
            # a denial that became a practice (compare.edit_practices): the old text must deny it
            assert f.side == "new" and negated_items_of(old_raw.text, f.trigger), f
            continue
        clash = factdiff.stated_elsewhere(value, f.signal, sides["old" if f.side == "new" else "new"])
        if clash is not None:
            wrong.append((f.side, f.signal, value, clash.value, clash.fact.sentence[:60]))
    assert not wrong, wrong
