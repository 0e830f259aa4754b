"""Alignment on the eval cases copied into tests/data/cases: renumber, move, split, merge, retitle."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import CASES, case

from policydiff.compare import pipeline as compare_mod
from policydiff.model import Comparison, SectionPair


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def _find(result: Comparison, old: str | None, new: str | None) -> SectionPair | None:
    for p in result.pairs:
        o = p.old.heading if p.old else None
        n = p.new.heading if p.new else None
        if (old is None) == (o is None) and (new is None) == (n is None):
            if (old is None or _norm(old) in _norm(o or "")) and (new is None or _norm(new) in _norm(n or "")):
                return p
    return None


ALIGNED = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").read_text("utf-8").count("old_contains"))


@pytest.mark.parametrize("name", ALIGNED)
def test_expected_pairs_are_found(name: str) -> None:
    old, new, expected = case(name)
    result = compare_mod.compare(old, new)
    for want in expected["alignment"]:
        assert _find(result, want["old_contains"], want["new_contains"]) is not None, want


def test_renumbered_after_removal() -> None:
    """7.4 注销账号 removed: 7.5–7.8 become 7.4–7.7 and move without change; 7.4 is removed."""
    result = compare_mod.compare(*case("000-account-cancellation-section-removed")[:2])
    pair = _find(result, "7.5 响应您的上述请求", "7.4 响应您的上述请求")
    assert pair is not None and pair.status == "moved" and pair.renumbered
    removed = [p for p in result.pairs if p.status == "removed"]
    assert [p.old.heading for p in removed if p.old and p.old.level == 2] == ["7.4 注销账号"]
    assert not [p for p in result.pairs if p.status == "added"]


def test_inserted_section_is_added_and_the_rest_renumbered() -> None:
    result = compare_mod.compare(*case("000-live-verification-section-inserted")[:2])
    added = [p.new.label for p in result.pairs if p.status == "added" and p.new is not None]
    assert "2.5" in added
    pay = _find(result, "2.5帮助您完成支付", "2.6帮助您完成支付")
    assert pay is not None and pay.status == "moved"


def test_moved_section_is_reordered_not_removed() -> None:
    result = compare_mod.compare(*case("001-minors-section-moved")[:2])
    statuses = {p.status for p in result.pairs}
    assert "removed" not in statuses and "added" not in statuses
    minors = _find(result, "七、未成年人保护", "六、未成年人保护")
    assert minors is not None and minors.status == "moved"
    assert result.changes == []


def test_retitled_section_pairs_with_itself() -> None:
    result = compare_mod.compare(*case("001-rights-section-retitled")[:2])
    pair = _find(result, "四、您的权利", "四、您如何查阅和管理个人信息")
    assert pair is not None and pair.status == "modified"
    assert not [p for p in result.pairs if p.status in ("added", "removed")]


def test_split_paragraph() -> None:
    """7.2.1 split in two: the new 7.2.2 is text that existed before (relocated), not new wording."""
    result = compare_mod.compare(*case("000-split-paragraph-renumber")[:2])
    assert _find(result, "7.2.2在以下情形中", "7.2.3在以下情形中") is not None
    for change in result.changes:
        inserted = "".join(change.inserted)
        assert change.relocated or not inserted.strip(), inserted


def test_merge_of_two_subsections() -> None:
    result = compare_mod.compare(*case("002-transfer-and-disclosure-merged")[:2])
    merged = _find(result, "(二) 转移", "(二) 转移和公开")
    assert merged is not None
    assert _find(result, "(四) 提供、转移、公开个人信息时", "(三) 提供、转移、公开个人信息时") is not None
    # besides the retitle ("和公开"), every inserted run is text the old version already had
    old_key = result.old.document.key
    inserted = [e.key for c in result.changes for e in c.edits if e.op == "insert"]
    assert "和公开" in inserted
    assert all(k in old_key for k in inserted if k != "和公开")


@pytest.mark.parametrize("name", ["000-pdf-reextract-wide", "001-halfwidth-punctuation", "004-whitespace-only", "002-toc-reordered"])
def test_formatting_only_cases_report_nothing(name: str) -> None:
    result = compare_mod.compare(*case(name)[:2])
    assert [p for p in result.pairs if p.status != "unchanged"] == []
    assert result.changes == []


def test_identical_texts_align_one_to_one() -> None:
    old, _, _ = case("001-neutral-rewording")
    result = compare_mod.compare(old, old)
    assert all(p.status == "unchanged" and p.old is not None and p.old.heading == p.new.heading for p in result.pairs if p.new)
    assert len(result.pairs) == len(result.old.sections)
