"""Edits put into every real policy, as a new version would make them, and what the compare says.

Real versions change many things at once and put new sentences anywhere: in a definitions list,
after the consent exceptions, inside the section of the 重大变更 list, in the rights section. A
probe takes each real policy (the seeds and ``REAL_CORPUS``, its same-version controls left out)
and makes one change at nine places, each after a paragraph that ends a sentence:

- a sentence of a new practice (sharing with advertisers, a sale, a transfer abroad, face data) must be
  a material change wherever it is put, unless the policy already states that kind of practice;
- a sentence that states no practice (a general assurance, a definition, a consent exception)
  must be no finding at all;
- a paragraph moved elsewhere is no material change (restructuring is not removal).
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from conftest import REAL_CORPUS, SEEDS

from policydiff.compare.pipeline import compare
from policydiff.model import RawText, Verdict

POLICIES = sorted(SEEDS.glob("*.txt")) + sorted(
    p for p in REAL_CORPUS.rglob("*.txt") if "_controls_same_version" not in p.parts
)
IDS = [p.stem if p.parent == SEEDS else str(p.relative_to(REAL_CORPUS)) for p in POLICIES]

# a new practice -> (the word that shows the policy already states that kind, the findings that say it)
PRACTICES = {
    "我们会与第三方广告服务商共享您的设备标识符和位置信息，用于个性化广告投放。": (None, {"fact_share", "recipient"}),
    "您的个人信息将被传输至境外的数据中心进行存储和处理。": ("境外", {"fact_abroad", "cross_border"}),
    "为了提供身份核验服务，我们会收集您的人脸识别信息。": ("人脸", {"data_type", "fact_collect"}),
    "我们会将您的个人信息出售给数据经纪商。": (None, {"fact_share", "recipient"}),
}
NOT_PRACTICES = (
    "我们非常重视您的个人信息和隐私保护。",
    "本政策中的“合作伙伴”是指与我们共同提供服务的公司。",
    "与国家安全、国防安全直接相关的；",
)
SENTENCE_ENDS = "。；：:;!！?？"


@cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _places(text: str) -> list[int]:
    """Nine line ends spread over the text, each after a line that ends a sentence."""
    out = []
    for k in range(1, 10):
        at = text.find("\n", len(text) * k // 10)
        while at > 0 and text[at - 1] not in SENTENCE_ENDS:
            at = text.find("\n", at + 1)
        if at > 0:
            out.append(at)
    return out


def _verdict(old: str, new: str) -> Verdict:
    return compare(RawText(old, "old.txt"), RawText(new, "new.txt")).verdict


@pytest.mark.parametrize("path", POLICIES, ids=IDS)
def test_a_new_practice_put_anywhere_is_a_material_change(path: Path) -> None:
    text = _text(path)
    missed = []
    for sentence, (known, signals) in PRACTICES.items():
        if known is not None and known in text:
            continue  # the policy states that kind already: no claim is the right answer there
        for at in _places(text):
            verdict = _verdict(text, text[: at + 1] + sentence + "\n" + text[at + 1 :])
            if not verdict.material or not {f.signal for f in verdict.findings} & signals:
                missed.append((sentence[:12], text[max(0, at - 30) : at]))
    assert not missed, missed


@pytest.mark.parametrize("path", POLICIES, ids=IDS)
def test_a_sentence_that_states_no_practice_is_no_finding(path: Path) -> None:
    text = _text(path)
    said = []
    for sentence in NOT_PRACTICES:
        for at in _places(text):
            verdict = _verdict(text, text[: at + 1] + sentence + "\n" + text[at + 1 :])
            if verdict.material or verdict.findings:
                said.append((sentence[:12], text[max(0, at - 30) : at], [(f.signal, f.trigger[:20]) for f in verdict.findings]))
    assert not said, said


@pytest.mark.parametrize("path", POLICIES, ids=IDS)
def test_a_paragraph_moved_elsewhere_is_no_material_change(path: Path) -> None:
    lines = _text(path).split("\n")
    movable = [i for i, line in enumerate(lines) if len(line) > 40 and line.endswith("。")]
    if len(movable) < 3:
        pytest.skip("too few paragraphs to move")
    chance = random.Random(path.name)  # the same moves on every run
    material = []
    for _ in range(5):
        i, j = chance.choice(movable), chance.randrange(len(lines))
        moved = lines[:]
        moved.insert(j, moved.pop(i))
        verdict = _verdict("\n".join(lines), "\n".join(moved))
        if verdict.material:
            material.append((lines[i][:30], [(f.signal, f.trigger[:20]) for f in verdict.findings]))
    assert not material, material
