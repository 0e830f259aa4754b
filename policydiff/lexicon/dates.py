"""Labels and forms of the dates a policy states about itself (``text.dates``).

Labels seen in the seeds and corpus/real: 更新日期, 更新时间, 最近更新日期, 最新更新日期, 生效日期,
生效时间, 最新版本生效日期, 发布日期, 版本号.
"""

from __future__ import annotations

from policydiff import regex_cache

DATE_LABELS: dict[str, tuple[str, ...]] = {
    "updated": ("最近更新日期", "最新更新日期", "更新日期", "更新时间", "最近更新", "最新更新", "修订日期", "更新于", "版本更新日期"),
    "effective": ("最新版本生效日期", "生效日期", "生效时间", "生效于", "施行日期", "实施日期"),
    "published": ("发布日期", "发布时间", "公布日期", "上线日期", "发布于"),
}
# A date in any of the usual forms: 2022-04-11, 2022年4月11日, 2022.04.11, 2022/4/11,
# [2023]年[11]月[01]日 (seed 002 placeholders), 【2022】年【9】月【9】日, "2021 年 10 月 25 日".
# Whitespace between the parts is bounded ({0,16}, not *): linear on a run of 10⁵ spaces or newlines.
DATE = regex_cache.compile(
    r"[\[【]?\s{0,16}((?:19|20)\d{2})\s{0,16}[\]】]?\s{0,16}(?:年|[-./])\s{0,16}[\[【]?\s{0,16}(\d{1,2})\s{0,16}[\]】]?\s{0,16}(?:月|[-./])\s{0,16}[\[【]?\s{0,16}(\d{1,2})\s{0,16}[\]】]?\s{0,16}日?"
)
# A policy's own version number stands on a line of its own ("版本号：V2.1"), unlike app versions.
VERSION_NUMBER = regex_cache.compile(r"(?m)^\s{0,16}(?:版本号|版本)\s{0,16}[:：]\s{0,16}[vV]?(\d+(?:\.\d+){0,3})\s{0,16}$")
