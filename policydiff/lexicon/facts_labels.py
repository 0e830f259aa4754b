"""People-facing labels of `policydiff facts` reports (Chinese headings and marks)."""

from __future__ import annotations

LIST_LABELS_ZH = {
    "data_types": "收集使用的个人信息", "recipients": "接收方（共享、委托、转让、披露）", "purposes": "处理目的",
    "rights": "个人权利及行使方式", "contacts": "联系方式", "retention": "保存期限与地点",
    "transfers": "向境外提供", "assessments": "影响评估与认证", "sdks": "第三方SDK",
}
MARK_SENSITIVE = "敏感"
MARK_VENDOR = "SDK厂商"
MARK_NEGATED = "否定"
FIELD_LABELS = (("receives", "接收"), ("purposes", "目的"), ("data", "信息"))
LIST_JOIN = "、"
TITLE = "隐私政策内容摘要"
TITLE_SOURCE_SEP = "："
NONE_FOUND = "（未找到）"
COUNT_OPEN, COUNT_CLOSE = "（", "）"
