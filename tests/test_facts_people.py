"""`policydiff facts` for people: the policy's title, Chinese by default or English, no internal
key in any human format, each item once with its section and sentence, and a self-contained HTML
page (the website's renderer). Input: the real 12306 policy in tests/data/corpus (see SOURCE.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

POLICY = Path(__file__).parent / "data" / "corpus" / "bytedance-jianying" / "2022-08-10.txt"
RAILWAY = Path(__file__).parent / "data" / "corpus" / "china-railway-12306" / "2023-02-08.txt"
INTERNAL = re.compile(r"access（|\[敏感:|legal_demand|purpose_type_usage|whereabouts|biometric|special_identity|"
                      r"\bdepartment\b|\bchannel\b|\bmodality\b")


def facts(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "policydiff", "facts", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("path", [POLICY, RAILWAY], ids=["jianying", "12306"])
@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_no_internal_key_in_a_human_format(path: Path, fmt: str) -> None:
    out = facts(str(path), "--format", fmt)
    found = INTERNAL.findall(out)
    assert not found, f"internal keys in {fmt}: {found[:5]}"
    assert "个人权利及行使方式" in out and "所在章节" in out


def test_the_title_is_the_policys_own_and_english_on_request() -> None:
    zh = facts(str(POLICY))
    assert zh.splitlines()[0] == "“剪映”隐私政策 — 内容摘要"
    en = facts(str(POLICY), "--lang", "en")
    assert en.splitlines()[0] == "“剪映”隐私政策 — What the policy says"
    assert "Personal information collected and used" in en and "收集使用的个人信息" not in en
    assert "/" not in zh.splitlines()[0], "the title is not the file's path"


def test_each_item_once_with_its_sentence() -> None:
    out = facts(str(RAILWAY), "--format", "md")
    for block in out.split("\n## ")[1:]:
        heads = [line for line in block.splitlines() if line.startswith("- **")]
        assert len(heads) == len(set(heads)), f"an item twice under {block.splitlines()[0]}"
    assert "  - 原文：" in out


def test_html_is_one_self_contained_page(tmp_path: Path) -> None:
    out = facts(str(RAILWAY), "--format", "html")
    doc = lxml_html.fromstring(out)
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")
    assert not doc.xpath("//*[@src] | //link[@rel='stylesheet'] | //script")
    assert "隐私政策" in doc.findtext(".//title")
    lists = doc.xpath("//section[@class='facts']/h2")
    assert len(lists) == 9
    assert doc.xpath("//li//details/blockquote"), "each item carries its sentence"


def test_a_hostile_text_stays_text(tmp_path: Path) -> None:
    text = POLICY.read_text("utf-8").replace("剪映", "剪映<script>alert(1)</script>", 1)
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    out = facts(str(path), "--format", "html")
    assert "<script>alert" not in out
