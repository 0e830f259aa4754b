"""Bounded work on hostile text (issue 20): `compare` of the real 12306 policy against itself plus
one hostile addition finishes and gives a valid report, for every input of the issue's list.

Each input is at the size where the quadratic code it guards against took minutes (the issue's
figures: 225 s for 10⁵ × 一 between 第 and 条, over 130-240 s for the others); the linear code takes
a second or two. The timeout is generous on purpose: these tests prove the work is bounded, the
figures (time and peak memory against 10 s and 500 MB) are bench/bench_hostile.py's.
The whole-policy-on-one-line input is 2 MB here (10 and 20 MB in the bench).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

# The real 12306 policy (provenance: tests/data/corpus/china-railway-12306/SOURCE.md).
BASE = DATA / "corpus" / "china-railway-12306" / "2023-02-08.txt"
NOUNS = ["姓名", "手机号码", "身份证号码", "银行卡号", "位置信息", "设备信息", "通讯录", "照片"]
TIMEOUT = 120  # seconds: a quadratic regression takes minutes at these sizes; linear takes ~2 s


def _one_line(base: str, chars: int) -> str:
    flat = base.replace("\n", "")
    return (flat * (chars // len(flat) + 1))[:chars]


HOSTILE: dict[str, Callable[[str], str]] = {
    "article_number_of_100k_numerals": lambda b: b + "\n第" + "一" * 100_000 + "条\n",
    "phone_label_before_a_million_digits": lambda b: b + "\n联系电话：" + "1" * 1_000_000 + "\n",
    "area_code_repeated_100k_times": lambda b: b + "\n" + "010-" * 100_000 + "\n",
    "at_sign_between_200k_letters": lambda b: b + "\n" + "a" * 200_000 + "@" + "b" * 200_000 + "\n",
    "list_of_80k_nouns": lambda b: b + "\n我们会收集" + "、".join(NOUNS[i % len(NOUNS)] for i in range(80_000)) + "。\n",
    "50k_lines_opening_a_quote": lambda b: b + "\n" + "我们会收集“\n" * 50_000,
    "sentence_of_400k_characters": lambda b: b + "\n我们会收集" + "你的个人信息和设备信息" * 36_364 + "。\n",
    "100k_particles": lambda b: b + "\n" + "的" * 100_000 + "\n",
    "200k_spaces_inside_a_line": lambda b: b + "\n版本号：" + " " * 100_000 + "2023 年" + " " * 100_000 + "第（一）条\n",
    "whole_policy_on_one_2mb_line": lambda b: _one_line(b, 700_000),
    # a clause naming 境外 with no word of storing or moving data in it (read clause by clause: linear)
    "clause_of_200k_characters_after_abroad": lambda b: b + "\n您的个人信息不会传至境外" + "甲" * 200_000 + "。\n",
}


def _compare(tmp_path: Path, new_text: str) -> dict:
    old = tmp_path / "old.txt"
    old.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text(new_text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "policydiff", "compare", str(old), str(new), "--format", "json"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr[-500:]
    report: dict = json.loads(done.stdout)
    return report


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_addition_is_compared_in_bounded_work(tmp_path: Path, name: str) -> None:
    report = _compare(tmp_path, HOSTILE[name](BASE.read_text(encoding="utf-8")))
    assert report["sections"] and report["changes"], "the addition is a change of the new version"
    assert isinstance(report["material"], bool) and "disclosure" in report

