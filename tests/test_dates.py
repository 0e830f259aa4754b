"""Stated dates in every form the seeds and the real corpus use."""

from __future__ import annotations

import pytest
from conftest import seed_path

from policydiff.text.dates import stated_dates


@pytest.mark.parametrize(
    ("text", "updated", "effective"),
    [
        ("更新日期：2022-04-11\n生效日期：2022-04-18", "2022-04-11", "2022-04-18"),
        ("最近更新日期： 2023-02-08", "2023-02-08", None),
        ("更新时间：2021 年 10 月 19 日\n\n生效时间：2021 年 10 月 25 日", "2021-10-19", "2021-10-25"),
        ("生效日期: [2023]年[11]月[01]日\n\n最新更新日期: [2023]年[11]月[01]日", "2023-11-01", "2023-11-01"),
        ("生效日期：【2022】年【9】月【9】日", None, "2022-09-09"),
        ("生效时间：2022.06.02", None, "2022-06-02"),
        ("最新版本生效日期：2022年04月01日", None, "2022-04-01"),
        ("本政策自发布之日起生效。", None, None),
    ],
)
def test_date_forms(text: str, updated: str | None, effective: str | None) -> None:
    found = stated_dates(text)
    assert (found.updated, found.effective) == (updated, effective)


def test_app_version_in_a_sentence_is_not_the_policy_version() -> None:
    assert stated_dates("如您在本版本（版本号： 3.8.36）更新前已注册了账号").version is None
    assert stated_dates("版本号：V2.1\n更新日期：2022-01-01").version == "2.1"


def test_seeds_state_what_their_readme_says() -> None:
    assert stated_dates(seed_path("001").read_text("utf-8")).effective == "2022-04-01"
    assert not stated_dates(seed_path("000").read_text("utf-8")).any()
    assert not stated_dates(seed_path("004").read_text("utf-8")).any()
