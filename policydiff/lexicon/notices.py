"""Update notices (``compare.notice``): the notice a new version opens with to say what this
update changed (PIPL art. 17: the changed parts are to be told).
"""

from __future__ import annotations

import re

from policydiff import regex_cache

# Update notices (disclosure.py). The notice a new version opens with to say what this update
# changed (PIPL art. 17: the changed parts are to be told). Forms seen in corpus/real:
#   china-railway-12306 (every version): "我们对《隐私政策》进行了更新。更新后的版本增加了…；我们向第三方
#     共享…等内容。" / "…新增了快捷退票服务需要提供的信息。" / "…修改了向合作伙伴共享的信息。"
#   _single_version/bilibili: a line "版本更新提示：" then "本次…更新了一些内容，主要包括：增加账号信息
#     公开描述（第三部分4.2）、调整互动功能描述（第三部分4.7）、…"
#   _single_version/jd: "…进行了更新，此版本更新主要集中补充…、明确…、补充…，以便于您…"
#   psbc-postal-savings-bank 2022: "…进行了更新。此版本的更新内容主要为我行如何收集和使用…"
#   leiting-games 2021: "…更新了《雷霆游戏用户隐私政策》…的相关内容。" (a notice that names nothing)
# and the "本次更新主要内容", "更新说明", "第四部分第4.14条".
# ---------------------------------------------------------------------------------------------

# A line (or section title) of its own that heads a notice: bilibili "版本更新提示：", the issue's
# "本次更新主要内容", "更新说明".
NOTICE_HEADING = regex_cache.compile(
    r"^[【\[]?\s*(?:版本更新(?:提示|说明|内容)|更新(?:提示|说明|概要|摘要|要点)|(?:本次|此次|本版本|此版本)?(?:主要)?(?:更新|修订|变更)(?:的)?(?:主要)?(?:内容|说明|变化)|主要变化|重要更新提示)\s*[】\]]?\s*[：:]?\s*$"
)
# A sentence reporting this update (12306 "进行了更新", "更新后的版本"; bilibili "更新了一些内容";
# jd "此版本更新"; psbc "更新内容主要为"; leiting "更新了《…政策》").
NOTICE_CUE = regex_cache.compile(
    r"(?:进行了(?:更新|修订|修改|调整)|更新后的(?:版本|政策|隐私政策|条款)(?=[^。]{0,4}(?:新增|增加|修改|调整|补充|删除|明确|更新|主要))"
    r"|(?:本次|此次|本版本|此版本)(?:的)?(?:主要)?(?:更新|修订|变更|调整)|更新了[^。；]{0,24}?(?:内容|政策|条款|指引)"
    r"|(?:更新|修订|变更)(?:的)?(?:主要)?内容(?:主要)?(?:为|是|包括|如下|有)|主要(?:更新|修订|变化|变更)(?:如下|包括|为|有))"
)
# Words of a promise about future updates ("本政策如何更新": bytedance "更新后的条款生效前", seed 002
# "我们会通过…发出更新版本"): a sentence with one of these is not a notice.
NOTICE_FUTURE = ("我们会", "我们将", "将会", "会在", "如果", "若", "对于重大变更", "发生变更时", "生效前", "不时", "适时", "可能会")
# A paragraph highlighted as a notice anywhere in the text ("【更新提示】…", "**…**").
NOTICE_HIGHLIGHT = ("【", "**", "★", "※")
NOTICE_SENTENCE_SPLIT = regex_cache.compile(r"(?<=[。！？!?])")
# Where the list of changes starts (bilibili "主要包括：", 12306 "更新后的版本", jd "主要集中", psbc "主要为").
NOTICE_ITEMS_START = regex_cache.compile(
    r"(?:主要包括|主要内容(?:为|是|包括|有)?|主要集中(?:在|于)?|主要为|主要是|主要有|具体(?:如下|包括)|如下|更新后的(?:版本|政策|隐私政策|条款))\s*[：:，,]?"
)
# Where an item's words end and courtesy begins (jd "…使用规则，以便于您更加清晰…").
NOTICE_ITEM_STOP = regex_cache.compile(r"[，,]\s*(?:以便|以使|以帮助|便于|请您|请你|建议您|建议你|如您|如你|欢迎|感谢)")
# The verb an item opens with, by kind of change (12306 增加/新增/修改; bilibili 增加/调整; jd 补充/明确).
NOTICE_ACTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("added", ("新增", "增加", "增设", "增补", "补充", "加入", "引入")),
    ("removed", ("删除", "删减", "移除", "取消", "下线")),
    ("clarified", ("明确", "说明", "澄清", "细化", "完善")),
    ("modified", ("修改", "修订", "调整", "更新", "变更", "优化", "更改")),
)
# What an item is about -> canonical category (disclosure.py adds the DATA_TYPES, PURPOSES,
# RECIPIENTS and CONTACT_ROLES words). Notices speak of topics, not entities: 12306 "需要收集的个人
# 信息", "需要提供的信息", "向合作伙伴共享的信息", "第三方类型"; jd "信息收集方式", "使用规则".
NOTICE_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("purpose_type_usage", ("收集", "使用", "需要提供", "需提供", "所需", "信息类型", "信息种类", "处理目的", "使用目的", "使用方式", "权限", "存储", "保存期限", "出境", "跨境", "服务类型", "功能", "场景")),
    ("recipients", ("共享", "合作伙伴", "合作方", "第三方", "转让", "公开披露", "对外提供", "委托处理", "接收方")),
    ("rights", ("权利", "权益", "注销", "更正", "查阅", "复制", "撤回", "行使", "管理您的个人信息", "管理你的个人信息", "删除您的", "删除你的", "个人信息管理")),
    ("contact", ("联系方式", "联系我们", "联络方式", "邮箱", "电话", "投诉", "负责人", "联系地址", "办公地址")),
    ("controller", ("运营主体", "运营者", "运营方", "运营公司", "控制者", "主体", "公司名称", "注册地址", "关于我们", "基本情况", "并购", "重组", "所有者")),
    ("risk_assessment", ("影响评估", "风险评估", "安全评估", "高风险")),
)
# Section references in an item: bilibili "（第三部分4.2）", the "第四部分第4.14条",
# "第三条", "4.14", "（三）". One step (atom) of a reference, and a run of steps.
# Whitespace between the parts is bounded ({0,16}, not *): linear on a run of 10⁵ spaces or newlines.
_REF_UNIT = r"第\s{0,16}(?P<unit_num>[零〇一二三四五六七八九十百两]+|\d{1,2}(?:[.．]\d{1,3})*)\s{0,16}(?:部分|章|节|篇|条|款|项)"
_REF_PAREN = r"第?\s{0,16}[（(]\s{0,16}(?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})\s{0,16}[)）]\s{0,16}(?:条|项|款|节)?"
_REF_DOTTED = r"(?<![\d.．A-Za-z])(?P<dotted>\d{1,2}(?:[.．]\d{1,3})+)(?![\d.．%])"
NOTICE_REF_ATOM = regex_cache.compile(f"{_REF_UNIT}|{_REF_PAREN}|{_REF_DOTTED}")
_REF_ANY = re.sub(r"\?P<\w+>", "", f"(?:{_REF_UNIT}|{_REF_PAREN}|{_REF_DOTTED})")
NOTICE_REF = regex_cache.compile(rf"{_REF_ANY}(?:\s{{0,16}}(?:中的|之|的)?\s{{0,16}}{_REF_ANY})*")
# Words of an item too common to show that an edit is the one it speaks of.
NOTICE_FILLER = frozenset(
    (
        "我们", "您", "你", "个人信息", "信息", "隐私政策", "政策", "内容", "相关", "描述", "情况", "规则", "方式", "服务",
        "产品", "功能", "需要", "提供", "收集", "使用", "处理", "部分", "条款", "以及", "场景", "类型", "用户", "版本",
        "更新", "有关", "具体", "主要", "我行", "该等", "为您", "为你", "您的", "你的", "我们的", "进行", "其他", "个人",
        "共享", "第三方", "如何", "目的",
    )
)

# Characters of a pronoun: a notice word holding one is about the reader, not the change.
PRONOUN_CHARS = "[您你我]"

# The perfective particle after an item's verb ("新增了…"): not part of what was added.
PERFECTIVE = "了"

# Each word of NOTICE_HEADING and NOTICE_LABEL_INLINE holds one of these (更新, 变更, 修订, 主要变化):
# a text with none of them is neither, told without a match (compare.notice).
NOTICE_HEADING_MARKS = ("更", "修订", "变化")

# A notice label with its text on the same line: "版本更新提示：本次更新主要包括：…", "【更新说明】我们…".
NOTICE_LABEL_INLINE = regex_cache.compile(
    r"^[【\[]?\s*(?:版本更新(?:提示|说明|内容)|更新(?:提示|说明|概要|摘要|要点)|(?:本次|此次|本版本|此版本)(?:主要)?(?:更新|修订|变更)(?:的)?(?:主要)?(?:内容|说明|变化)|主要变化|重要更新提示)"
    r"\s*[】\]]?\s*[：:]?\s*(?=\S)"
)
# Words that make what follows a condition or a promise, when they come before the cue
# ("如果本政策进行了更新…", "我们会在更新后的条款生效前…"); after the cue they are courtesy
# ("…进行了更新，我们将以弹窗提醒您").
NOTICE_CONDITION_BEFORE = ("如果", "若", "如本政策", "如我们", "当本政策", "发生变更时", "生效前", "不时", "适时", "可能会", "我们会", "我们将", "将会", "对于重大变更")
