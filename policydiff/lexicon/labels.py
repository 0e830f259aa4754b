"""People-facing words: what reports, alerts and messages call things, in Chinese and English.

The category names follow GB/T 35273-2020 附录D's wording of the six kinds of 重大变更; the
date names are the labels policies print (see ``lexicon.dates``).
"""

from __future__ import annotations

# The heading given to a policy's text before its first section when the first line is no title.
PREAMBLE = "（前言）"

# Short names of the six canonical categories (the policy's own wording is shown beside them).
CATEGORY_LABELS = {
    "purpose_type_usage": "目的/类型/使用方式",
    "controller": "控制权/主体",
    "recipients": "共享/转让/披露对象",
    "rights": "个人权利",
    "contact": "联系方式/投诉渠道",
    "risk_assessment": "高风险评估",
}
CATEGORY_LABELS_EN = {
    "purpose_type_usage": "purposes, types, use",
    "controller": "controller",
    "recipients": "recipients",
    "rights": "rights",
    "contact": "contact and complaints",
    "risk_assessment": "high-risk assessment",
}

# The dates a version states, as reports and commit messages name them.
DATE_NAMES = {"updated": "更新日期", "effective": "生效日期", "published": "发布日期", "version": "版本"}
DATE_NAMES_SHORT = {"updated": "更新", "effective": "生效", "published": "发布", "version": "版本"}

# Reading warnings: why a reader should distrust part of the verdict ({detail}: a label or words).
WARNINGS = {
    "reparsed": ("章节结构可疑（条目 {detail} 包含了大部分正文），已按缩进和标题/条款区分重新解析",
                 "the section tree looked wrong (item {detail} held most of the text); re-read with indentation and headings apart"),
    "section_swallows": ("章节结构可疑：条目 {detail} 包含了大部分正文，结论可能不可靠",
                         "the section tree looks wrong: item {detail} holds most of the text; the verdict may be unreliable"),
    "no_policy_list": ("政策未列明重大变更情形，按 GB/T 35273 的通用类别判断",
                       "the policy lists no 重大变更 cases; judged by the standard categories of GB/T 35273"),
    "clause_refused": ("疑似重大变更条款（“{detail}”）不像一份简短列表，未采用",
                       "a candidate 重大变更 clause (“{detail}”) is not a short list and was not used"),
}
SIDES = {"old": ("旧版本", "old version"), "new": ("新版本", "new version")}
