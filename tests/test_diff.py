"""Word-level diff: inserted words, not whole lines; the original wording is quoted."""

from __future__ import annotations

from conftest import case

from policydiff.compare import pipeline as compare_mod
from policydiff.compare.diff import diff_keys
from policydiff.text.normalize import comparison_key
from policydiff.text.tokens import tokenize


def test_modal_verb_change_is_one_token() -> None:
    ops = [(op, text) for op, text in diff_keys("我们会收集您的手机号", "我们将收集您的手机号") if op != "equal"]
    assert sorted(ops) == [("delete", "会"), ("insert", "将")] or sorted(ops) == [("delete", "我们会"), ("insert", "我们将")]
    assert len([t for t in tokenize("我们将收集您的手机号") if "将" in t]) == 1


def test_inserted_words_not_whole_line() -> None:
    old = comparison_key("我们会收集您的设备信息和服务日志信息，用于保障账号安全。")
    new = comparison_key("我们会收集您的设备信息、剪切板信息和服务日志信息，用于保障账号安全。")
    runs = diff_keys(old, new)
    inserted = "".join(t for op, t in runs if op == "insert")
    assert "剪切板" in inserted
    assert len(inserted) <= 8
    assert not [t for op, t in runs if op == "delete"]
    assert "".join(t for op, t in runs if op != "delete") == new
    assert "".join(t for op, t in runs if op != "insert") == old


def test_neutral_rewording_case_edits_are_small() -> None:
    """001-neutral-rewording: 我们会 -> 我们将 in four sentences; every edit is a word or two."""
    result = compare_mod.compare(*case("001-neutral-rewording")[:2])
    assert result.changes
    for change in result.changes:
        for edit in change.edits:
            if edit.op != "equal":
                assert len(edit.key) <= 4, edit


def test_new_recipient_is_quoted_as_printed() -> None:
    old, new, expected = case("000-share-ad-service-providers")
    result = compare_mod.compare(old, new)
    inserted = "".join(t for c in result.changes for t in c.inserted)
    want = expected["evidence"][0]["new_contains"]
    assert want in inserted
    # the quote is the policy's own text: verbatim in the new version once its hard wraps are joined
    unwrapped = new.text.replace("\n", "")
    for change in result.changes:
        for text in change.inserted:
            for piece in text.split("\n"):
                assert piece in unwrapped


def test_equal_keys_give_no_edits() -> None:
    assert diff_keys("abc", "abc") == [("equal", "abc")]
    assert diff_keys("", "") == []
    assert diff_keys("", "新增") == [("insert", "新增")]
