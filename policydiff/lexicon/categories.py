"""重大变更 categories: the standard six, the clause that lists a policy's own, and section types.

Used by ``compare.categories`` and ``compare.sections``.
"""

from __future__ import annotations

from policydiff import regex_cache

# The six canonical keys, with the standard wording of GB/T 35273-2020 附录D (template of a
# privacy policy, "本隐私政策所指的重大变更包括但不限于"), used when a policy has no list.
STANDARD_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("purpose_type_usage", "我们的服务模式发生重大变化。如处理个人信息的目的、处理的个人信息类型、个人信息的使用方式等"),
    ("controller", "我们在控制权等方面发生重大变化。如并购重组等引起的所有者变更等"),
    ("recipients", "个人信息共享、转让或公开披露的主要对象发生变化"),
    ("rights", "您参与个人信息处理方面的权利及其行使方式发生重大变化"),
    ("contact", "我们负责处理个人信息安全的责任部门、联络方式及投诉渠道发生变化时"),
    ("risk_assessment", "个人信息安全影响评估报告表明存在高风险时"),
)

# The sentence that opens a policy's own list (seeds 000 §9.2, 001 六, 003 六; corpus/real:
# "本隐私政策所指的重大变更包括：", "重大变更包括但不限于：", "前述重大变更包括但不限于:").
# Also "重大、实质性变更的情形包括…" (corpus/real soul v2) and the inverted form "下列情形属于重大变更：".
CLAUSE_INTRO = regex_cache.compile(
    r"(?:重大|重要)[^。；：:]{0,6}?变[更化][^。；]{0,20}?(?:包括|是指|指的是|指|主要有|如下|以下)[^。；：:]{0,12}[：:]"
    r"|(?:以下|下列)[^。；]{0,12}(?:属于|构成|视为|为)[^。；：:]{0,6}(?:重大变更|重大变化)[^。；：:]{0,8}[：:]"
    # corpus/real alipay 2019: "发生下列重大变化情形时，我们会适时对本政策进行更新："
    r"|(?:下列|以下)[^。；：:]{0,4}(?:重大|实质性)[^。；：:]{0,4}变[更化][^。；]{0,40}[：:]"
)
# A one-item clause written inline in brackets: "发生重大变更（指处理目的、处理方式的变化）时".
CLAUSE_INLINE = regex_cache.compile(r"(?:重大|重要)[^。；（(]{0,4}变[更化][（(](?:如|指|例如|包括)?(?P<items>[^）)]{6,120})[)）]")
# Words an unnumbered item of the list uses (corpus/real baidu 2021, kuaishou-kuaiying: the items
# stand one per line with no marker, each saying what changes or what risk shows).
CLAUSE_ITEM_WORDS = ("变化", "变更", "风险")
# Ends of an unnumbered item line.
CLAUSE_ITEM_END = ("；", ";", "。", "：", ":")
# The looser one-sentence form of seed 002 六: "对我们的基本情况、…、我们的联系方式发生变更的，我们会…".
CLAUSE_SENTENCE = regex_cache.compile(r"对(?P<items>[^。；]{6,240}?)发生(?:重大)?变[更化]的?[，,]")
# The character every form of the clause above holds (变更, 变化: each alternative of CLAUSE_INTRO,
# CLAUSE_INLINE and CLAUSE_SENTENCE requires it): a paragraph without it is passed unsearched.
CLAUSE_MARK = "变"
# List markers of the clause's items: （1） (1) 1、 1. 1） ① • -.
# Also "a." "b、" (corpus/real bytedance-xingtu 2022) and "(一)" (cainiao 2022).
# Whitespace between the parts is bounded ({0,16}, not *): linear on a run of 10⁵ spaces or newlines.
CLAUSE_ITEM = regex_cache.compile(
    r"(?:^|(?<=[；;。\s]))\s{0,16}(?:[（(]\s{0,16}(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s{0,16}[)）]|\d{1,2}\s{0,16}[、.．)）]|[①-⑩]|[•·\-]"
    r"|[a-hA-H]\s{0,16}[.、)）](?![a-zA-Z0-9]))\s{0,16}"
)

# An item of the clause maps to a canonical key by its words; the first key that matches wins,
# so the specific categories come before the broad purpose one (seed 001 item 2 speaks of
# 主体变更 and also of 接收方 and 处理目的: it is about the controller).
CATEGORY_ITEM_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("risk_assessment", ("影响评估", "安全评估", "高风险", "风险评估", "评估报告")),
    ("controller", ("控制权", "所有者", "主体变更", "主体发生变更", "并购", "重组", "所有权结构", "组织架构", "基本情况", "控制者", "运营主体", "破产",
                    "兼并", "收购", "合并", "分立", "所有权", "主体发生变化", "个人信息处理者发生变化")),
    ("contact", ("联络方式", "联系方式", "投诉渠道", "投诉的渠道", "责任部门", "负责人", "联系人", "纠纷解决")),
    ("rights", ("权利", "行使方式", "查阅管理", "管理个人信息的方式", "管理方式")),
    ("recipients", ("共享", "转让", "公开披露", "主要对象", "接收方", "提供给第三方", "对外提供")),
    ("purpose_type_usage", ("服务模式", "处理目的", "目的", "信息类型", "使用方式", "处理方式", "种类", "存储期限", "存储位置", "存储地", "出境", "跨境", "业务模式",
                            "经营范围", "业务范围", "服务范围", "收集、存储、使用", "使用规则")),
)

# ---------------------------------------------------------------------------------------------
# What a section is about, by the words of its heading (nearest heading first).
# ---------------------------------------------------------------------------------------------

SECTION_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("update", ("如何更新", "政策的更新", "变更", "修订", "更新")),
    ("contact", ("联系我们", "与我们联系", "如何联系", "联系方式", "联络", "投诉", "争议解决", "管辖")),
    ("rights", ("权利", "管理您的", "管理你的", "管理个人信息", "查阅", "访问", "更正", "删除", "注销", "撤回", "副本", "响应您", "响应你")),
    ("sharing", ("共享", "转让", "公开披露", "对外提供", "委托处理", "第三方", "转移", "公开", "披露", "合作伙伴", "SDK")),
    ("storage", ("存储", "保存", "保留", "境外", "跨境", "全球", "出境")),
    ("minors", ("未成年", "儿童")),
    ("definitions", ("定义", "释义", "附录", "名词解释", "术语")),
    ("collection", ("收集", "使用", "Cookie", "cookie", "权限", "功能", "信息")),
)

# The number an item of the 重大变更 clause's list starts with (（1）, 1., 一、, a)), dropped when
# the clause's cases are compared: renumbering a list is no new case (general knowledge of how
# Chinese policies number lists; the same styles as lexicon.headings).
CLAUSE_ITEM_NUMBER = r"^\s*[（(]?(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[a-zA-Z])(?:[)）.．、]\s*|\s+)"
