"""Markdown report: snapshots of real compares, plus structure that holds whatever the snapshot says.

The snapshots under tests/data/snapshots/ follow the classifier's findings, so they must be
regenerated when the classifier (or the diff) changes: ``UPDATE_SNAPSHOTS=1 pytest tests/test_report_markdown.py``.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from policydiff import report
from policydiff.compare import pipeline as compare_mod
from policydiff.model import Comparison, RawText
from policydiff.report import json as report_json
from policydiff.report import markdown as report_md
from policydiff.report import rows as report_rows_mod
from policydiff.report import terminal as report_terminal
from policydiff.report.summary import category_title

DATA = Path(__file__).parent / "data"
SNAPSHOTS = DATA / "snapshots"
SNAPSHOT_CASES = [
    "000-live-verification-section-inserted",  # material: a new section, a renumbering cascade
    "001-neutral-rewording",  # not material: word-level rewording, deletions and insertions
    "003-copy-right-section-removed",  # material: a right removed, silent revision
]


def compare_case(name: str) -> Comparison:
    folder = DATA / "cases" / name
    old = RawText((folder / "old.txt").read_text("utf-8"), f"{name}/old.txt")
    new = RawText((folder / "new.txt").read_text("utf-8"), f"{name}/new.txt")
    return compare_mod.compare(old, new)


@pytest.mark.parametrize("name", SNAPSHOT_CASES)
def test_markdown_snapshot(name: str) -> None:
    text = report.render(compare_case(name), "md")
    path = SNAPSHOTS / f"{name}.md"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_text("utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "snapshot", "now"))
        pytest.fail(f"Markdown for {name} differs from {path} (UPDATE_SNAPSHOTS=1 to accept):\n{diff[:4000]}")


_SPECIAL = set("\\`*_[]<>#|~")


def _plain(text: str) -> str | None:
    """The edit as it must appear inside the markers, or None when escaping would alter it."""
    core = " ".join(text.split())
    if not core or len(core) > 400 or _SPECIAL & set(core):
        return None
    return core


@pytest.mark.parametrize("name", SNAPSHOT_CASES)
def test_markdown_structure(name: str) -> None:
    result = compare_case(name)
    md = report_md.render_markdown(result)
    rows, renumbered, unchanged = report_rows_mod.report_rows(result)
    assert rows, "the case must change something"

    # every deleted run as ~~…~~, every inserted run as **…**
    for change in result.changes:
        for e in change.edits:
            core = _plain(e.text)
            if core is None or e.op == "equal":
                continue
            marker = "~~" if e.op == "delete" else "**"
            assert f"{marker}{core}{marker}" in md, (e.op, core)

    # one ### entry per changed section, material ones first; no entry for unchanged sections
    entries = re.findall(r"^### \d+\. (.*)$", md, flags=re.M)
    assert len(entries) == len(rows)
    flags = [e.startswith("⚠ ") for e in entries]
    assert flags == sorted(flags, reverse=True), "material sections come first"
    assert flags == [r.material for r in rows]
    for row, entry in zip(rows, entries, strict=True):
        assert report_md.md_escape(row.title) in entry  # label and first phrase, as people recognise it
    changed_headings = {h for r in rows for h in (r.pair.old.heading if r.pair.old else "", r.pair.new.heading if r.pair.new else "")}
    for p in unchanged:
        assert p.new is not None
        if p.new.heading and p.new.heading not in changed_headings:
            assert not any(p.new.heading in e for e in entries), p.new.heading

    # the policy's name and the verdict first; categories in the policy's own words; no internal key
    v = result.verdict
    title = report_rows_mod.policy_title(result)
    assert md.startswith(f"# {report_md.md_escape(title)}：" + ("重大变更" if v.material else "有变更"))
    for key, wording, _ in report_rows_mod.triggered(result):
        assert f"**「{report_md.md_escape(category_title(key, wording))}」**" in md
        assert key not in md
    assert md.rstrip().splitlines()[-1] == f"`{report_rows_mod.summary_line(result)}`"
    if v.silent_revision:
        assert "静默修订" in md
    if renumbered:
        assert f"仅重新编号（文字未变，{len(renumbered)} 处）" in md


def test_markdown_escapes_policy_markup() -> None:
    """Policy text cannot inject Markdown/HTML into a ticket: specials are backslash-escaped."""
    folder = DATA / "cases" / "000-share-ad-service-providers"
    old_text = (folder / "old.txt").read_text("utf-8")
    anchor = "我们会将您的快手小店账号用户名"
    new_text = old_text.replace(anchor, anchor + "<img src=x onerror=alert(1)>[点我](http://evil.example)", 1)
    md = report_md.render_markdown(compare_mod.compare(RawText(old_text, "old"), RawText(new_text, "new")))
    assert not re.search(r"(?<!\\)<img", md) and not re.search(r"(?<!\\)\]\(http", md)
    assert "\\<img src=x onerror=alert(1)\\>\\[点我\\](http://evil.example)" in md


# -- terminal and JSON (same module, same rows) -----------------------------------------------


def test_terminal_plain_and_colour() -> None:
    result = compare_case("000-live-verification-section-inserted")
    plain = report_terminal.render_terminal(result, color=False, width=200)
    assert "\x1b[" not in plain
    lines = plain.rstrip().splitlines()
    assert lines[-1] == report_rows_mod.summary_line(result)
    first_entry = next(line for line in lines if line.startswith(("⚠ [", "[")))
    assert first_entry.startswith("⚠ "), "material sections come first"
    assert "[+" in plain and "仅重新编号" in plain
    coloured = report_terminal.render_terminal(result, color=True, width=200)
    assert "\x1b[" in coloured and report_rows_mod.summary_line(result) in coloured


def test_json_contract_fields_kept() -> None:
    d = report_json.to_dict(compare_case("003-copy-right-section-removed"))
    assert {"material", "categories", "category_source", "sections", "changes"} <= d.keys()
    assert {"status", "old_heading", "new_heading"} <= d["sections"][0].keys()
    keys = {"status", "old_heading", "new_heading", "material", "categories", "evidence", "added", "removed"}
    assert d["changes"] and all(keys <= c.keys() for c in d["changes"])
    assert d["material"] is True and d["changes"][0]["material"] is True
