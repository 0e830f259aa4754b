"""Contact channels and the people responsible; courts; impact-assessment results
(GB/T 35273 §11.4, PIPL art. 55).
"""

from __future__ import annotations

from policydiff import regex_cache

# Linear on hostile text: a match starts only where a run of address characters starts (the
# lookbehind), and each part is bounded by the lengths RFC 5321 allows (64 local, 253 domain), so
# a long run of letters or digits without "@" is scanned once, not once per starting position.
EMAIL = regex_cache.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,63}")
# (12315 and 12377 are the regulators' complaint lines, 95xxx/10xxx service numbers.)
PHONE = regex_cache.compile(r"(?<![\d\-])(?:123\d{2}|0\d{2,3}[\-－—\s]?\d{7,8}|400[\-\s]?\d{3}[\-\s]?\d{4}|800[\-\s]?\d{3}[\-\s]?\d{4}|1[3-9]\d{9}|95\d{3,4}|10\d{3,4}(?=[)）转，。；\s]))(?![\d])")
# A cheap test before PHONE: every number it finds opens with three digits in a row (PHONE opens
# with a lookbehind, so the regex engine tries it at every character; this one skips to a digit).
PHONE_DIGITS = regex_cache.compile(r"\d\d\d")
# (Negated classes rather than a CJK range: a \u4e00-\u9fff class costs ~2 ms to compile.)
# An address set in brackets (【…】, [...]) is read without them; a building after the number may
# end in 塔 (tower) or 广场 (plaza) as well as 室/层/楼/座 (general knowledge of Chinese addresses).
ADDRESS = regex_cache.compile(
    r"[^\s，。；：、,;:“”\"（）()【】\[\]\d]{2,8}(?:省|市|自治区)[^，。；：、,;:“”\"【】\[\]]{2,50}?(?:号楼|号院|号|室|层|楼|座|大厦|园区|中心)"
    r"(?:[^，。；：、,;:“”\"【】\[\]]{0,20}?(?:室|层|楼|座|塔|广场))?"
)
CONTACT_ROLES: dict[str, tuple[str, ...]] = {
    "privacy_officer": ("个人信息保护负责人", "个人信息保护专员", "数据保护官", "DPO", "隐私官", "首席隐私官"),
    "privacy_office": ("个人信息保护办公室", "个人信息保护部", "隐私保护部", "数据安全部", "隐私专员", "个人信息保护团队"),
    "legal": ("法务部", "法务"),
    "customer_service": ("在线客服", "客服热线", "客服电话", "客服邮箱", "客服"),
    "complaint": ("投诉渠道", "举报中心", "投诉邮箱", "举报电话"),
    "court": ("人民法院", "仲裁委员会", "仲裁"),
}
# The words of CONTACT_ROLES that name a channel by its medium (a number, a mailbox), not a
# department: said with the number or address itself, they add nothing to it.
CHANNEL_NOUNS: tuple[str, ...] = ("电话", "热线", "邮箱")

# The competent court or arbitration body named for disputes (issue 3, contact: "competent court
# or arbitration"): "北京市海淀区人民法院", "杭州仲裁委员会".
COURT = regex_cache.compile(r"([^\s，。；：、,;:“”（）()]{2,20}?(?:人民法院|互联网法院|法院|仲裁委员会|仲裁院))")

ASSESSMENT_WORDS = ("影响评估", "安全评估", "风险评估", "评估")
# A condition ("…表明存在高风险时", "如评估为高风险") is not a finding: the clause items say so.
CONDITIONAL_WORDS = ("如果", "若", "一旦", "如经", "如评估", "假如")
HIGH_RISK_WORDS = ("高风险", "风险较高", "较高风险", "重大风险", "较大风险", "风险较大", "重大影响")

# Quick test before the court pattern, the words cut off a court name's front, and the generic
# names that name no particular court.
COURT_HINTS = ("法院", "仲裁")
COURT_NAME_STOPS = ("向", "由", "提交", "的", "至", "于", "交")
GENERIC_COURTS = ("人民法院", "有管辖权的人民法院")
# A sentence stating a condition: ends with 时 ("…表明存在高风险时"), or opens with 如 but not 如下/如上.
CONDITION_END = "时"
CONDITION_START = "如"
NOT_CONDITION_STARTS = ("如下", "如上")
# A link labelled as one of the lists a policy keeps outside itself (the "two lists" of the MIIT's
# 2021 notice on information and communication services: 已收集个人信息清单, 第三方共享个人信息清单;
# the permission and SDK lists next to them) is no contact channel, wherever it stands; one whose
# sentence also names a contact (客服, 投诉 …) still is.
LIST_LINK = regex_cache.compile(r"清单|列表|权限|SDK|sdk|查询链接")
CONTACT_LINK_CUE = regex_cache.compile(r"联系|客服|投诉|举报|反馈|咨询|邮箱|邮件")
