"""Rights of the individual (PIPL arts. 44-50, GB/T 35273 §8): the rights, how to exercise them,
response times, fees, and the shape of a sentence that grants one.
"""

from __future__ import annotations

from policydiff import regex_cache

RIGHTS: dict[str, tuple[str, ...]] = {
    "access": ("查阅", "访问您的个人信息", "查询"),
    "copy": ("复制", "副本"),
    "correct": ("更正", "修改"),
    "supplement": ("补充",),
    "delete": ("删除",),
    "withdraw": ("撤回同意", "撤回授权", "改变授权", "撤回"),
    "close_account": ("注销",),
    "portability": ("转移个人信息", "可携带", "转移至"),
    "refuse_automated": ("拒绝自动化决策", "约束信息系统自动决策", "拒绝仅通过自动化决策"),
    "explanation": ("解释说明", "解释个人信息处理规则", "要求解释"),
    "complaint": ("投诉", "申诉"),
    "informed": ("知情权",),
    "decide": ("决定权",),
    "restrict": ("限制处理", "限制或者拒绝", "限制或拒绝"),
}
# Terms of exercising a right: response time (15天 → 30天), fees, identity checks.
# (Not a date: no digit right before, none right after, not after 年/月 — see classify.time_limits.)
TIME_UNITS = ("工作日", "自然日", "天", "日", "个月", "月", "小时", "年")
TIME_LIMIT = regex_cache.compile(r"(?<![\d.．\-/])(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?\s*(" + "|".join(TIME_UNITS) + r")(?!\s*\d)")
# A cheap test before TIME_LIMIT: every time limit names one of its units. (TIME_LIMIT opens with a
# lookbehind, so the regex engine tries it at every character; this one skips to a unit's first.)
TIME_UNIT = regex_cache.compile("|".join(TIME_UNITS))
RESPONSE_WORDS = ("答复", "回复", "响应", "处理完毕", "反馈", "处理您的", "处理你的", "完成核查", "内处理")
RETENTION_WORDS = ("保存", "存储", "保留", "留存")
FEE_WORDS = ("不收取", "免费", "收取费用", "收费", "成本费用", "费用")  # "不收取费用" before "收取费用"
IDENTITY_WORDS = ("验证您的身份", "验证你的身份", "身份验证", "核验身份", "证明您的身份")
# Characters a reworded sentence changes without changing what it grants (pronouns 您/你,
# auxiliaries 会/将/可, particles): left out when sentences are compared loosely.
LOOSE_DROP_CHARS = "您你我们的地得了会将也都可以能够均"
# Signs that a sentence tells how to exercise a right: an in-app path ("我的—设置—注销"), a button.
EXERCISE_PATH_MARKERS = ("—", "－－", "->", "→", ">", "＞", "点击", "路径", "入口", "设置", "页面", "按钮", "在线申请", "客服")
# A line this short naming a right is a heading or an item of a list of rights (「（二）复制权」,
# 「4.3个人信息副本的获取」), not a sentence that only uses the word.
HEADING_LENGTH = 30
# Words of a sentence that speaks of rights or of a way to use them (权利, 复制权, 申诉管理机制).
RIGHTS_TALK = ("权", "机制", "渠道", "途径", "方式")
# A right's word followed by a part of a text (《…》, “《…》”, 关键词定义, 第九条, 附件) sends the
# reader there (详情请查阅关键词定义, 请您点击查阅“《个人信息共享清单》”): a pointer, not a right.
POINTER_TARGETS = ("《", "【", "“", "「", "\"", "关键词", "定义", "本政策", "本隐私", "本协议", "第", "上文", "下文", "附件", "附录")
POINTER_NOT_TARGETS = ("第三方",)  # 查阅第三方共享清单 points too, but 更正第三方… does not
# A right is granted to the person in a sentence of this shape.
GRANT = regex_cache.compile(r"(?:您|你|用户)[^。；]{0,8}(?:有权|可以|可通过|可在|可向|可随时|能够|可)")

# A number written in Chinese before a unit of time ("十五天", "三十个工作日").
# Linear on hostile text ("第" + 10⁵ × "一" + "条"): a match starts only at the start of a run of
# numerals (the lookbehind) and a period's numeral is a few characters, so a run is scanned once.
CN_NUMBER_BEFORE_UNIT = regex_cache.compile(r"(?<![零〇一二三四五六七八九十百两])[零〇一二三四五六七八九十百两]{1,8}(?=[个天日月年周小工])")
# A numeral before a full stop and a unit after one: neither matches CN_NUMBER_BEFORE_UNIT, as the
# full stop is neither a numeral nor a unit (so a document's key is loosened a sentence at a time).
CN_NUMBER_STOP_PROBES = ("一。", "。天")
# Units that mean the same period: 日 and 天, 自然日 and 天, 个月 and 月.
UNIT_SYNONYMS = {"日": "天", "自然日": "天", "个月": "月"}
# A number right after these is a day or month of a date, not a period.
DATE_UNITS = ("年", "月")
