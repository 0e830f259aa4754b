"""Words the judgment on practice facts reads (``policydiff.compare.factdiff``)."""

from __future__ import annotations

from policydiff import regex_cache

# The scope of a collection that widens it although the data type was named before (GB/T 35273
# §5.3: 收集个人信息的频率; corpus: 在后台持续收集, 实时获取, 定期上传, 静默收集).
SCOPE_WORDS = ("后台", "持续", "实时", "定期", "静默", "不间断", "始终", "频繁")
# Places outside the mainland (PIPL art. 38-40: 向境外提供; Hong Kong, Macao and Taiwan are
# outside for data export) that make a recipient one abroad: 传输至位于新加坡的关联公司.
FOREIGN_PLACES = (
    "境外", "海外", "国外", "新加坡", "美国", "欧盟", "欧洲", "日本", "韩国", "香港", "澳门", "台湾", "英国", "德国",
    "爱尔兰", "印度", "俄罗斯", "澳大利亚", "加拿大", "马来西亚", "印度尼西亚", "越南", "泰国", "荷兰", "法国",
)
# A value that names no data type or recipient, however the frame read it: a clause (帮助您注册…,
# …悬浮球时), an unsplit heading (注册、登录、实名认证), a count (两种, 第一种), a right (有权…),
# a link label (权限【链接).
CLAUSE_CHARS = ("您", "你", "、", "【", "】", "有权", "链接", "适用于")
CLAUSE_ENDS = ("时", "后", "前", "的")
COUNT = regex_cache.compile(r"^第?[一二两三四五六七八九十0-9]+(?:种|类|项)$")
# Words of a purpose that say nothing about what the purpose is (GB/T 35273 §5.2 asks for a purpose
# "明确、具体"; these are the general words policies wrap every purpose in: 为了向您提供更好的服务,
# 提升使用体验, 保障正常运行). A purpose is news only by its other words.
GENERIC_PURPOSE_WORDS = frozenset({
    "提供", "服务", "产品", "功能", "体验", "使用", "用户", "优化", "改进", "改善", "提升", "提高", "更好",
    "更加", "优质", "更优质", "质量", "相关", "需要", "必要", "进行", "实现", "完成", "保障", "确保", "保证",
    "正常", "运行", "帮助", "方便", "便捷", "更", "我们", "您", "你", "其他", "以及", "及", "和", "或",
    "业务", "平台", "应用", "软件", "网站", "个人信息", "信息", "数据", "能够", "可以", "为您", "向您",
    "您的", "我们的", "以便", "为了", "用于", "目的", "处理", "满足", "基本", "核心", "具体", "各项", "一些",
    # the qualities a service is promised with, and the verbs that promise it (为您带来更优质、流畅的体验)
    "带来", "给予", "享受", "享有", "获得", "打造", "营造", "更优", "优良", "良好", "便利", "快捷", "快速",
    "流畅", "高效", "稳定", "高质量", "满意", "舒适", "愉快", "友好", "顺畅", "顺利", "完善", "丰富", "全面",
    "及时", "准确", "可靠", "安全", "有效", "持续", "整体", "总体", "综合", "优秀", "出色", "极致",
})
# Suffix characters that make a quality noun of a general word (稳定性, 安全性, 准确度): no more telling.
GENERIC_SUFFIXES = "性度化"
# One-character function words (general knowledge of Chinese grammar: particles, prepositions,
# conjunctions, pronouns, adverbs): any other single character the word cut leaves before a word is
# part of it (云 + 存储 = 云存储, a new purpose though 存储 is an old word).
FUNCTION_CHARS = frozenset("的了着过和与及或等向为在对把被将从以由于您你我其该此各每并且而也都又更很最已再就才还仅只均")
# Words that join the parts of one purpose span (推荐附近的门店和风控建模: two purposes).
PURPOSE_JOINS = frozenset({"、", "和", "及", "以及", "并", "或", "或者", "，", ",", "与", "并且", "同时"})
# Words for the user's personal information at large, besides 个人信息 (向征信机构提供您的信息: a
# transfer of personal information, PIPL art. 4).
PI_WORDS = frozenset({"您的信息", "你的信息", "用户信息", "用户的信息", "您的数据", "你的数据", "您的资料"})
