"""People-facing words: what reports, alerts and messages call things, in Chinese and English.

The category names follow GB/T 35273-2020 附录D's wording of the six kinds of 重大变更; the
date names are the labels policies print (see ``lexicon.dates``).
"""

from __future__ import annotations

from policydiff import regex_cache

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
    "purpose_type_usage": "purposes/types/use",
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
    "notice_unmatched": ("更新说明称「{detail}」，未找到对应变更",
                         "the update notice says “{detail}”, but no matching change was found"),
}
SIDES = {"old": ("旧版本", "old version"), "new": ("新版本", "new version")}
# -- the report's words, in both languages ------------------------------------------------------
# Every label, explanation and verdict word a report (terminal, Markdown, HTML) or an alert shows
# a person lives here, Chinese first; ``word(key, lang)`` picks one. Internal keys
# (``purpose_type_usage``, ``data_type``…) are never shown: these tables name them.

LANGS = ("zh", "en")

# The kind of fact a finding is about (``Finding.signal``): what the summary's lines are headed by.
# The Chinese follows the wording policies and GB/T 35273 use (收集的个人信息, 共享对象, 行使方式).
KIND_LABELS = {
    "data_type": ("收集的个人信息", "personal information collected"),
    "purpose": ("处理目的", "purposes"),
    "use": ("使用方式", "uses of personal information"),
    "cross_border": ("跨境传输", "cross-border transfers"),
    "storage_location": ("存储地点", "storage locations"),
    "retention": ("保存期限", "retention periods"),
    "sdk_name": ("第三方SDK", "third-party SDKs"),
    "recipient": ("共享对象", "recipients"),
    "verifier": ("核验方（向其核实个人信息）", "parties the data are checked with"),
    "safeguard": ("共享保障措施", "sharing safeguards"),
    "company": ("公司主体", "companies"),
    "right": ("个人权利", "rights"),
    "grant": ("权利行使方式", "ways to exercise a right"),
    "right_removed": ("权利条款", "rights clauses"),
    "fee": ("行使权利的费用", "fees for exercising rights"),
    "response_time": ("答复时限", "response times"),
    "email": ("电子邮箱", "e-mail addresses"),
    "phone": ("联系电话", "telephone numbers"),
    "address": ("联系地址", "postal addresses"),
    "role": ("责任部门与联络渠道", "responsible departments and channels"),
    "url": ("联系链接", "contact links"),
    "court": ("争议解决机构", "courts or arbitration bodies"),
    "risk": ("安全影响评估结论", "impact-assessment results"),
    # findings read from practice facts (compare.factdiff): the same headings as the word-list kinds
    "fact_collect": ("收集的个人信息", "personal information collected"),
    "fact_scope": ("扩大的收集范围", "collection widened"),
    "fact_share": ("共享对象", "recipients"),
    "fact_abroad": ("境外接收方", "recipients abroad"),
    "fact_purpose": ("处理目的", "purposes of processing"),
    "fact_limit": ("权利行使时限", "time limits for exercising a right"),
    "fact_fee": ("行使权利的费用", "fees for exercising rights"),
    "fact_channel": ("权利行使方式", "ways to exercise a right"),
    # typed sentence edits (compare.edits)
    "consent": ("同意要求", "consent required"),
    "scope": ("扩大的收集范围", "collection widened"),
    "legal_basis": ("无需同意的处理情形", "grounds to process without consent"),
    "moved_out": ("清单（移出本政策，改由另一文件列明）", "lists (moved out of the policy into another document)"),
    # the policy's own 重大变更 clause (compare.classify): the cases it lists, dropped or listed anew
    "update_clause": ("重大变更条款所列情形", "cases the 重大变更 clause lists"),
}
KIND_OTHER = ("其他内容", "other statements")

# What happened to a fact: it appeared, disappeared, or one value replaced another.
ACTION_LABELS = {"added": ("新增", "new"), "removed": ("删除", "removed"), "changed": ("变更", "changed")}

# Section status words of the redline.
STATUS_LABELS = {
    "modified": ("修改", "modified"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "moved": ("移动", "moved"),
    "renumbered": ("重新编号", "renumbered"),
    "reordered": ("移动", "moved"),
    "unchanged": ("未变", "unchanged"),
}

# The disclosure check's verdict (``Disclosure.transparency``) and a finding's status in it.
TRANSPARENCY_LABELS = {
    "transparent": ("已充分告知", "all material changes disclosed"),
    "partially_disclosed": ("部分告知", "partially disclosed"),
    "undisclosed": ("未告知重大变更", "material changes not disclosed"),
    "silent_revision": ("静默修订", "silent revision"),
    "no_material_change": ("无重大变更", "no material change"),
}

# What the disclosure check made of one item of the update notice (``NoticeItem.status``).
NOTICE_ITEM_LABELS = {
    "confirmed": ("已由重大变更证实", "borne out by a material change"),
    "found_not_material": ("有相应变更，但不构成重大变更", "a change bears it out, not a material one"),
    "claimed_not_found": ("未见相应变更", "no change bears it out"),
    "carried_over": ("沿用旧版本的说明", "carried over from the old version"),
}

# Everything else a report says, by key: (Chinese, English); ``{}`` fields are filled by ``str.format``.
WORDS = {
    "brand": ("policydiff · 隐私政策变更报告", "policydiff · privacy policy change report"),
    "material": ("重大变更", "Material change"),
    "changed_not_material": ("有变更，但不构成重大变更", "Changed, not material"),
    "renumbered_only": ("仅编号或顺序改变，文字未变", "Only numbering or order changed; the wording is the same"),
    "no_change": ("无变更", "No change"),
    "old_version": ("旧版本", "old version"),
    "new_version": ("新版本", "new version"),
    "old": ("旧", "old"),
    "new": ("新", "new"),
    "source": ("来源", "source"),
    "dates": ("日期", "dates"),
    "no_date": ("未载明日期", "no date stated"),
    "not_stated": ("未载明", "not stated"),
    "no_dates_both": ("两个版本均未载明更新日期或生效日期", "Neither version states a date"),
    "summary_material": ("重大变更摘要（依政策所列重大变更情形）", "Material changes, by the policy's own 重大变更 list"),
    "summary_material_default": ("重大变更摘要（政策未列明情形，采用通用类别）", "Material changes, by the standard categories (the policy lists none)"),
    "summary_notable": ("其他值得注意的变更（不在政策所列情形中）", "Also notable, outside the policy's own list"),
    "summary_none": ("未发现政策所列重大变更情形下的事实变化。", "No fact under the policy's own 重大变更 list changed."),
    "warnings": ("提示", "Warnings"),
    "verdict": ("结论", "Verdict"),
    "judged_policy": ("判断依据：政策自身的重大变更条款{}。", "Judged against the policy's own 重大变更 list{}."),
    "judged_default": ("政策未列明重大变更情形，采用 GB/T 35273 附录D 的通用类别。", "The policy lists no 重大变更 cases; the standard categories of GB/T 35273 Annex D were used."),
    "silent_revision": ("静默修订：文本发生重大变更，但所载更新日期/生效日期未变。", "Silent revision: the text changed materially but the stated dates did not."),
    "clause_changed": ("重大变更条款本身被修改{}；结论依据旧版本的条款。", "The 重大变更 clause itself was edited{}; the verdict uses the old version's list."),
    "no_list": ("政策未列明重大变更情形。", "The policy lists no 重大变更 cases."),
    "disclosure": ("更新告知", "Disclosure of the changes"),
    "disclosure_counts": ("{} 项重大变更发现中 {} 项已在更新说明中告知", "{} of {} material findings disclosed"),
    "disclosure_undisclosed": ("未告知：{}", "not disclosed: {}"),
    "disclosure_no_notice": ("新版本没有更新说明", "the new version has no update notice"),
    "disclosure_carried": ("更新说明与旧版本相同，未说明本次变更", "the notice is the old version's, word for word"),
    "disclosure_claimed": ("更新说明所称但未见的变更 {} 项", "{} change(s) the notice claims but the text does not show"),
    "notice_says": ("更新说明原文：", "the notice says: "),
    "changed_sections": ("变更章节", "Changed sections"),
    "changed_sections_n": ("变更章节（{}，其中重大 {}）", "Changed sections ({}, {} material)"),
    "renumbered_list": ("仅重新编号（文字未变，{} 处）", "Renumbered only, text unchanged ({})"),
    "unchanged_list": ("未变更的章节（{}）", "Unchanged sections ({})"),
    "preamble": ("（前言）", "(preamble)"),
    "outside_list": ("不在政策所列重大变更情形中", "outside the policy's own list"),
    "relocated": ("这段文字在另一版本的其他位置仍然存在（拆分、合并或移动）。", "The wording still exists elsewhere in the other version (split, merged or moved)."),
    "moved_only": ("文字未变，仅编号或位置改变。", "Text unchanged; only its number or place changed."),
    "back_to_top": ("↑ 返回摘要", "↑ back to the summary"),
    "evidence_new": ("证据·新增文字", "evidence, added text"),
    "evidence_old": ("证据·删除文字", "evidence, removed text"),
    "details": ("详情", "details"),
    "filter": ("按类别查看：", "Show only: "),
    "filter_all": ("全部", "all"),
    "footer": ("变更以词为单位标出：", "Changes are marked word by word: "),
    "inserted": ("新增", "inserted"),
    "deleted": ("删除", "deleted"),
    "evidence": ("证据", "evidence"),
    "not_legal_advice": ("本报告不构成法律意见。", "Not legal advice."),
    "more_items": ("等另外 {} 项", "and {} more"),
    "brief_rest": ("另 {} 项见完整报告", "{} more in the full report"),
    "brief_lines_rest": ("另有 {} 类变更（{} 项）见完整报告", "{} more kinds of change ({} facts) in the full report"),
    "summary_other": ("其他值得一看的变更（把握较低，请对照原文）：{} 项", "Other changes worth a look (less certain; check the text): {}"),
    "more_places": ("等 {} 处", "… {} in all"),
    "sections_changed": ("{} 个章节有变更，其中重大 {} 个", "{} section(s) changed, {} material"),
    "renumbered_n": ("仅重新编号 {} 个", "{} renumbered only"),
    "unchanged_n": ("未变 {} 个", "{} unchanged"),
    "report": ("完整报告", "Full report"),
    "markdown": ("Markdown", "Markdown"),
    "alert_material": ("🔴 重大变更", "🔴 MATERIAL CHANGE"),
    "alert_changed": ("🟡 有变更，不构成重大变更", "🟡 Changed, not material"),
    "alert_title_material": ("重大变更", "MATERIAL CHANGE"),
    "alert_title_changed": ("政策有变更（非重大）", "Policy changed (not material)"),
    "alert_source": ("来源", "Source"),
    "alert_old": ("旧版本", "Old version"),
    "alert_new": ("新版本", "New version"),
    "alert_inserted": ("新增文字", "Inserted words"),
    "alert_sections": ("变更章节（{}）", "Changed sections ({})"),
    "alert_more": ("… 另有 {} 处", "… and {} more"),
    "fetched": ("抓取于 {}", "fetched {}"),
    "states": ("载明 {}", "states {}"),
    "states_none": ("未载明日期", "states no date"),
    "not_recorded": ("（未记录）", "(not recorded)"),
    "list_sep": ("、", ", "),
    "clause_sep": ("；", "; "),
    "colon": ("：", ": "),
    "paren": ("（{}）", " ({})"),
    # a member spelled out where the other version names only its generic kind (GB/T 35273 附录A)
    "refines_added": ("（细化：旧版本为「{}」）", " (spelled out; the old version said “{}”)"),
    "refines_removed": ("（概括：新版本为「{}」）", " (generalised; the new version says “{}”)"),
    "refines_added_short": ("（细化）", " (spelled out)"),
    "refines_removed_short": ("（概括）", " (generalised)"),
    "show_unchanged": ("显示未变的文字", "show the unchanged text"),
    "unchanged_chars": ("…{}字未变…", "…{} characters unchanged…"),
    "renumbered_heading": ("仅重新编号（文字未变）", "Renumbered only, text unchanged"),
    "heading": ("标题", "heading"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "filtered": ("仅显示「{}」相关章节", "Showing only sections about “{}”"),
    "summary_short": ("摘要", "Summary"),
    "alert_failing": ("来源抓取失败", "Source failing"),
    "alert_recovered": ("来源已恢复", "Source recovered"),
    "failing_label": ("连续失败", "Consecutive failed checks"),
    "failing_count": ("{} 次，自 {} 起", "{} since {}"),
    "last_error": ("最近一次错误", "Last error"),
    "failing_note": ("失败期间不记录新版本；恢复时会再发一条告警。",
                     "No version is recorded while it fails; you will get one more alert when it recovers."),
    "recovered_note": ("此前自 {1} 起连续失败 {0} 次，现已恢复正常。", "Checked fine again after {} failed checks since {}."),
    "silent_revision_short": ("静默修订", "silent revision"),
    "disclosure_cat_counts": ("所涉 {} 类重大变更中 {} 类已在更新说明中告知", "{} of {} kinds of material change disclosed"),
    "test_title": ("[policydiff] 测试通知", "[policydiff] test notification"),
    "test_body": ("这是 policydiff {} 发给告警路由「{}」的测试通知，发送于 {}。\n\n收到此消息，说明重大变更告警能送达这里。\n",
                  "This is a test from policydiff {} for alert route “{}”, sent {}.\n\n"
                  "If you read this, alerts of material changes will reach you here.\n"),
}

# -- how reports read a policy's own text -------------------------------------------------------

# Where a phrase ends for a short heading (第一个自然停顿): Chinese and Latin clause punctuation.
CLAUSE_BREAKS = "，。：；,:;！？!?\n"
# A clause's own label at the start of a quoted sentence: 1.1 · （三） · 2、 · a)
LEADING_LABEL = regex_cache.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)+\.?|[（(]?[0-9一二三四五六七八九十]+[)）.、]|[a-zA-Z][.)）])\s*")
# A policy's title line names a policy, an agreement, a notice or rules; a date line is no title.
TITLE_WORDS = regex_cache.compile(r"政策|协议|指引|声明|规则|条款|须知|[Pp]olicy|[Nn]otice")
QUOTED_TITLE = regex_cache.compile(r"《([^《》]{2,30})》")  # the name a text calls itself: 本《隐私政策》
DATE_LINE = regex_cache.compile(r"日期|[0-9]{4}\s*[年\-/.]")
# Characters a terminal line must not start or end with (Chinese line-breaking rules, 禁则).
NO_LINE_START = set("，。、；：！？）」』》〉】”’,.;:!?)]}…")
NO_LINE_END = set("（「『《〈【“‘([{")
# Brackets and quotes around a fact's sections and a fact's words.
PARENS = {"zh": ("（", "）"), "en": (" (", ")")}
QUOTES = {"zh": ("「", "」"), "en": ("“", "”")}
CHARS_LEFT_OUT = ("…（共{}字）", "… ({} characters)")

DATE_NAMES_EN = {"updated": "updated", "effective": "effective", "published": "published", "version": "version"}


def word(key: str, lang: str = "zh", *args: object) -> str:
    """The report word ``key`` in ``lang`` ("zh" or "en"), its ``{}`` fields filled with ``args``."""
    zh, en = WORDS[key]
    text = en if lang == "en" else zh
    return text.format(*args) if args else text


def pick(pair: tuple[str, str], lang: str = "zh") -> str:
    """One side of a (Chinese, English) pair."""
    return pair[1] if lang == "en" else pair[0]


def category_name(key: str, lang: str = "zh") -> str:
    """The standard name of a canonical category; a custom item has none (its own words name it)."""
    table = CATEGORY_LABELS_EN if lang == "en" else CATEGORY_LABELS
    return table.get(key, "")


# A kind named for what it is in one category: a company the policy names where it lists whom it
# shares with is one of those recipients (GB/T 35273-2020 9.2 共享对象), not a new controller (公司主体).
KIND_IN_CATEGORY = {("company", "recipients"): "recipient"}


def kind_label(kind: str, lang: str = "zh", category: str = "") -> str:
    """The summary's noun for a kind of finding, in the category it is filed under.

    >>> kind_label("company"), kind_label("company", category="recipients")
    ('公司主体', '共享对象')
    """
    return pick(KIND_LABELS.get(KIND_IN_CATEGORY.get((kind, category), kind), KIND_OTHER), lang)


def date_name(key: str, lang: str = "zh") -> str:
    return DATE_NAMES_EN[key] if lang == "en" else DATE_NAMES_SHORT[key]
# What `policydiff sources test` calls the policy's own list of material changes.
MATERIAL_LIST = "重大变更"
