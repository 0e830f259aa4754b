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

# What `policydiff sources test` calls the policy's own list of material changes.
MATERIAL_LIST = "重大变更"
