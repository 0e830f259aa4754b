"""The summary a lawyer reads first, on real version pairs (issue 14).

Each summary item is a real fact of the diff (its words are in the new text for "added" and
"changed", in the old for "removed"), no fact is said twice, no internal key reaches a person,
the labels are Chinese by default; ``--brief`` fits a screen and the Markdown opens with the summary.
The three pairs come from ../shared/corpus/real (12306 and 剪映 are also copied into tests/data/corpus).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, REAL_CORPUS
from lxml import html as lxml_html
from rich.cells import cell_len

from policydiff import report
from policydiff.compare import pipeline as compare_mod
from policydiff.lexicon.labels import KIND_LABELS
from policydiff.model import Comparison, RawText
from policydiff.report import summary as summary_mod
from policydiff.report.terminal import render_terminal

PAIRS = {
    "china-railway-12306": ("2020-11-20.txt", "2022-04-11.txt"),
    "sina-weibo": ("2020-12-14.txt", "2022-03-03.txt"),
    "bytedance-jianying": ("2020-12-16.txt", "2022-08-10.txt"),
}
# Internal keys: the canonical categories, the fact kinds, custom categories' keys.
CATEGORY_KEYS = ("purpose_type_usage", "controller", "recipients", "rights", "contact", "risk_assessment")
INTERNAL = re.compile(
    r"\b(?:" + "|".join([*CATEGORY_KEYS, *(k for k in KIND_LABELS if "_" in k)]) + r")\b|\bother_\d+\b|\bcustom:"
)


def pair_files(name: str) -> tuple[Path, Path]:
    """The pair from ../shared, else the copy under tests/data/corpus; skip when neither is there."""
    old_name, new_name = PAIRS[name]
    for base in (REAL_CORPUS / name, DATA / "corpus" / name):
        if (base / old_name).is_file() and (base / new_name).is_file():
            return base / old_name, base / new_name
    pytest.skip(f"{name}: ../shared/corpus/real is absent and the pair is not copied into tests/data/corpus")


_cache: dict[str, Comparison] = {}


def compare_pair(name: str) -> Comparison:
    if name not in _cache:
        old, new = pair_files(name)
        _cache[name] = compare_mod.compare(RawText(old.read_text("utf-8"), str(old)), RawText(new.read_text("utf-8"), str(new)))
    return _cache[name]


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", PAIRS)
def test_each_summary_item_is_a_real_fact_said_once(name: str) -> None:
    result = compare_pair(name)
    items = summary_mod.summary_items(result)
    assert items, f"{name}: the real pair changes materially, so the summary has facts"
    old_text, new_text = squeeze(result.old.document.text), squeeze(result.new.document.text)
    seen = set()
    for it in items:
        where = old_text if it.action == "removed" else new_text
        assert squeeze(it.surface) in where, (it.action, it.surface)
        if it.action == "changed":
            assert squeeze(it.previous) in old_text, it.previous
        assert it.sections and all(s.anchor for s in it.sections), it
        key = (it.category, it.action, squeeze(it.value).lower())
        assert key not in seen, f"said twice: {key}"
        seen.add(key)
    # every finding is accounted for by some item (the confident ones, or "other changes worth a look")
    items = items + summary_mod.other_items(result)
    facts = {(it.category, it.action if it.action != "changed" else "added") for it in items}
    for f in result.verdict.findings:
        side = "added" if f.side == "new" else "removed"
        assert (f.category, side) in facts or (f.category, "changed") in {(i.category, i.action) for i in items}


def test_weibo_says_a_finding_listed_twice_once() -> None:
    result = compare_pair("sina-weibo")
    counts = Counter((f.signal, f.trigger) for f in result.verdict.findings)
    doubled = [key for key, n in counts.items() if n > 1]
    assert doubled, "the classifier lists a finding twice (a right named in several sections)"
    _, trigger = doubled[0]
    md = report.render(result, "md")
    summary = md.split("## 结论")[0]
    assert sum(1 for line in summary.splitlines() if line.startswith("- ") and f"：{trigger}（" in line) == 1
    terminal = render_terminal(result, width=100)
    sections = {f.change_index for f in result.verdict.findings if f.trigger == trigger}
    assert terminal.count(f"「{trigger}」") == len(sections), "once per section that holds it"


@pytest.mark.parametrize("name", PAIRS)
def test_no_internal_key_and_chinese_labels_by_default(name: str) -> None:
    result = compare_pair(name)
    terminal = render_terminal(result, width=100)
    md = report.render(result, "md")
    page = lxml_html.fromstring(report.render(result, "html"))
    html_text = page.text_content()
    for fmt, text in (("terminal", terminal), ("md", md), ("html", html_text)):
        hit = INTERNAL.search(text)
        assert hit is None, f"{fmt}: internal key {hit.group(0)!r} shown: …{text[max(0, hit.start() - 60):hit.end() + 20]}…"
        assert "重大变更摘要" in text and "结论" in text, fmt
        assert "recipient category" not in text and "appears in" not in text, f"{fmt}: classify's English explanation"
    # English on request, still with no key
    # (in English the standard names of three categories are the words of their keys: "recipients")
    en = render_terminal(result, width=100, lang="en")
    assert "Material changes, by the policy's own" in en and not re.search(r"\b[a-z]+_[a-z_]+\b", en)
    assert "’ s" not in report.render(result, "html", lang="en")


def test_12306_summary_names_the_new_facts_in_the_policys_words() -> None:
    result = compare_pair("china-railway-12306")
    md = report.render(result, "md")
    assert "**「个人信息共享、转让或公开披露的主要对象发生变化」**" in md
    # the new face data (biometric: PIPL art. 28) come first among the new data; the MAC address,
    # spelled out under the old 「唯一设备标识符」, is shown as that refinement, after what is new
    assert re.search(r"- 新增收集的个人信息：人脸信息（\[[^]]+\]\(#s\d+\)）、.*、(?:设备)?MAC地址（细化：旧版本为「唯一设备标识符」）"
                     r"（\[（1）为方便您使用产品或服务\]\(#s\d+\)）", md)
    assert re.search(r"- 新增共享对象：银行（\[（1）共享\]\(#s\d+\)）、SDK", md)
    # each link points at a section entry of the detail below
    for anchor in set(re.findall(r"\]\(#(s\d+)\)", md)):
        assert f'<a id="{anchor}"></a>' in md


def test_jianying_brief_fits_a_screen_and_full_markdown_opens_with_the_summary() -> None:
    result = compare_pair("bytedance-jianying")
    brief = render_terminal(result, width=100, brief=True)
    lines = brief.rstrip("\n").splitlines()
    assert len(lines) <= 60, f"--brief is {len(lines)} lines"
    assert max(cell_len(line) for line in lines) <= 100
    assert lines[0].startswith("“剪映”隐私政策 — 重大变更")
    assert "2020-12-16" in lines[1] and "2022-08-17" in lines[1], "both versions' dates in the header"
    full = report.render(result, "md").splitlines()
    head = full[:40]
    assert head[0] == "# “剪映”隐私政策：重大变更"
    assert "## 重大变更摘要（依政策所列重大变更情形）" in head
    assert sum(1 for line in head if line.startswith("- 新增") or line.startswith("- 删除")) >= 8
    md_brief = report.render(result, "md", brief=True)
    assert "## 变更章节" not in md_brief and "## 结论" in md_brief


def test_headings_people_recognise() -> None:
    result = compare_pair("sina-weibo")
    for row in report.rows.report_rows(result)[0]:
        for side in (row.pair.old, row.pair.new):
            if side is None or side.level == 0:
                continue
            short = summary_mod.short_heading(side)
            assert len(short) <= 24 + 2, short
            assert short.startswith(side.label.strip()), (side.label, short)
    assert summary_mod.first_phrase("您的账户均有安全保护功能，请妥善保管您的账户及密码信息") == "您的账户均有安全保护功能…"


def test_cli_brief_and_lang(tmp_path: Path) -> None:
    old, new = pair_files("china-railway-12306")
    cli = [sys.executable, "-m", "policydiff"]  # this checkout's package (PYTHONPATH), not an installed one
    proc = subprocess.run([*cli, "compare", str(old), str(new), "--brief", "--lang", "en"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "Material changes, by the policy's own" in proc.stdout and "\x1b[" not in proc.stdout
    assert "[+" not in proc.stdout, "--brief has no redline"
    proc = subprocess.run([*cli, "compare", str(old), str(new), "--format", "json"], capture_output=True, text=True, timeout=120)
    assert '"summary_items"' in proc.stdout and '"action": "added"' in proc.stdout


def test_scope_words_that_widen_one_collection_are_one_claim() -> None:
    from policydiff.compare.pipeline import compare
    from policydiff.model import RawText
    from policydiff.report.summary import summary_items

    old = "一、我们如何收集您的信息\n我们会收集您的位置信息，用于为您导航。\n"
    new = "一、我们如何收集您的信息\n我们会在后台持续收集您的位置信息，用于为您导航。\n"
    scopes = [i.value for i in summary_items(compare(RawText(old, "o"), RawText(new, "n"))) if i.kind == "fact_scope"]
    assert len(scopes) == 1 and "后台" in scopes[0] and "持续" in scopes[0] and "位置信息" in scopes[0], scopes
