"""Words of the practice-facts extractor, part two: rights, contacts, retention, assessments,
canonical names (sources as in ``policydiff.lexicon.facts``)."""

from __future__ import annotations

from policydiff import regex_cache
from policydiff.lexicon.facts import COLLECT_VERBS, SHARE_KINDS, USER_PROVIDE_VERBS
from policydiff.lexicon.layout import HAN_LIKE
from policydiff.lexicon.taxonomy import OWN_COLLECTION, THE_SERVICE

# ---------------------------------------------------------------------------------------------
# Rights of the individual (PIPL art. 44-50; GB/T 35273 §8) and how to exercise them.
RIGHT_VERBS: dict[str, str] = {
    "查阅": "access", "查询": "access", "访问": "access", "复制": "copy", "获取副本": "copy",
    "更正": "correct", "修改": "correct", "补充": "correct", "删除": "delete", "撤回": "withdraw",
    "撤销": "withdraw", "注销": "deregister", "转移": "port", "解释说明": "explain", "解释": "explain",
    "拒绝": "object", "投诉": "complain", "举报": "complain", "限制": "restrict", "关闭": "object",
}
RIGHT_CUES = frozenset({"可以", "有权", "可", "能够", "有权利", "能", "可通过", "随时"})
CHANNEL_MARKERS = frozenset({"通过", "在", "进入", "前往", "登录", "点击", "联系", "致电", "发送"})
CHANNEL = regex_cache.compile(r"(?:通过|进入|前往|点击|登录)([^，。；,;]{2,40}?)(?=(?:查阅|查询|访问|复制|更正|修改|删除|撤回|注销|管理|进行|申请|设置|操作|关闭|行使|提出|[，。；,;]))")
PATH = regex_cache.compile(r"[「“\"『【]?\w{1,12}[」”\"』】]?(?:\s*[-—>＞→/]+\s*[「“\"『【]?\w{1,12}[」”\"』】]?){1,6}")  # \w includes CJK
# The numbers in these three patterns start only where a run of numerals starts (the lookbehinds)
# and are a few characters long: linear on a run of 10⁵ digits or 一 (issue 20, hostile text).
TIME_LIMIT = regex_cache.compile(r"(?:在|于)?((?<![0-9０-９])[0-9０-９]{1,6}|(?<![一二三四五六七八九十两])[一二三四五六七八九十两]{1,6})\s*(?:个)?\s*(工作日|自然日|日|天|小时|个月|月|周)\s*(?:内|以内)")
FEE = regex_cache.compile(r"(?:不收取|免费|无偿|收取[^。；]{0,12}?费用|合理(?:的)?费用|成本费用|支付[^。；，]{0,12}?(?:费|元)|(?<![0-9０-９])[0-9０-９]{1,12}\s*元)")

# ---------------------------------------------------------------------------------------------
# Contacts (PIPL art. 17, 52: 个人信息保护负责人; GB/T 35273 §11.1).
# Bounded and anchored at the start of a run of address characters: linear on hostile text
# (lengths from RFC 5321: 64 characters local part, 253 domain).
EMAIL = regex_cache.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
PHONE = regex_cache.compile(r"(?<![0-9])(?:400|800)[-\s]?\d{3,4}[-\s]?\d{3,4}(?![0-9])|(?<![0-9])0\d{2,3}[-\s]?\d{7,8}(?![0-9])|(?<![0-9])1[3-9]\d{9}(?![0-9])|(?<![0-9])95\d{3,4}(?![0-9])")
# A cheap test before PHONE: every number it finds opens with three digits in a row (PHONE opens
# with a lookbehind, so the regex engine tries it at every character; this one skips to a digit).
PHONE_DIGITS = regex_cache.compile(r"\d\d\d")
EMPTY_BRACKETS = regex_cache.compile(r"[（(]\s*[)）]")  # what an address taken out of its brackets leaves
ADDRESS = regex_cache.compile(r"(?:地址|通讯地址|邮寄地址|注册地址|办公地址|联系地址|住所)(?:为|是|[：:])\s*([^。；、\n]{6,60}?(?:号|室|楼|层|座|大厦|中心|园|区)(?:[^。；，,\n]{0,12}?(?:号|室|楼|层|座))?)")
DEPARTMENT = regex_cache.compile(
    r"(?:个人信息保护(?:负责人|专职部门|部门|专员|委员会|办公室|团队|小组|中心)|隐私(?:保护)?(?:负责人|专员|团队|部门|小组|委员会|办公室)|"
    r"数据保护(?:官|专员|负责人|部门)|法务部(?:门)?|客服(?:中心|部门|热线)?|用户服务中心|安全中心)"
)

# ---------------------------------------------------------------------------------------------
# Retention and storage place (PIPL art. 19: 保存期限为实现处理目的所必要的最短时间; art. 40).
RETAIN_VERBS = frozenset({"保存", "存储", "保留", "留存", "储存", "存放"})
RETAIN_PERIOD = regex_cache.compile(
    r"(?:(?:不少于|不超过|至少|最长|最短)?(?<![0-9０-９一二三四五六七八九十两])[0-9０-９一二三四五六七八九十两]{1,8}\s*(?:个)?(?:年|个月|月|天|日|周)|"
    r"(?:实现|达成|满足)[^，。；]{0,16}?(?:所)?(?:必要|必需|必须)的?最短(?:期限|时间|期间)|"
    r"法律法规(?:规定|要求)的?(?:期限|时间|最短期限)|直至[^，。；]{2,20}|至[^，。；]{0,8}(?:注销|删除|终止)[^，。；]{0,8})"
)
RETAIN_PLACE = regex_cache.compile(r"(?:中华人民共和国|中国)?(?:境内|境外|大陆|国内|海外)")

# ---------------------------------------------------------------------------------------------
# Personal-information protection impact assessment (PIPL art. 55-56) and certifications.
ASSESSMENT = regex_cache.compile(
    r"(?:个人信息保护影响评估|安全影响评估|影响评估|安全评估|风险评估|合规审计|等级保护|等保测评|"
    r"(?:安全|隐私|数据安全|信息安全)(?:管理体系)?认证|ISO\s?/?\s?(?:IEC\s?)?27[0-9]{3})"
)
ASSESSMENT_RESULT = regex_cache.compile(r"(?:通过|获得|取得|完成|开展|进行|已经|达到)[^，。；]{0,30}?(?:评估|认证|测评|审计|备案|等级)")

# ---------------------------------------------------------------------------------------------
# Canonical names: one value for the policy's synonyms (GB/T 35273 annex A names; corpus variants).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "手机号": ("手机号码", "电话号码", "手机号", "移动电话号码", "手机号码信息", "电话号"),
    "设备标识符": ("设备识别码", "设备标识符", "设备识别符", "设备标识", "设备ID", "设备id"),
    "IP地址": ("IP地址", "ip地址", "IP", "网络地址"),
    "位置信息": ("位置信息", "地理位置", "地理位置信息", "位置", "定位信息", "所在位置"),
    "身份证号": ("身份证号", "身份证号码", "身份证件号码", "身份证信息"),
    "姓名": ("姓名", "真实姓名", "名字"),
    "通讯录": ("通讯录", "通讯录信息", "联系人列表", "手机通讯录"),
    "银行卡号": ("银行卡号", "银行卡号码", "银行账号"),
    "MAC地址": ("MAC地址", "mac地址", "Mac地址"),
}
# Sensitive personal information (PIPL art. 28): kind -> token stems that name it.
SENSITIVE_KINDS: dict[str, tuple[str, ...]] = {
    "biometric": ("生物识别", "人脸", "面部", "指纹", "声纹", "虹膜", "掌纹", "步态", "面容", "脸部"),
    "religion": ("宗教", "信仰"),
    "special_identity": ("身份证", "证件", "护照", "特定身份", "残疾", "军官证"),
    "medical_health": ("健康", "医疗", "病历", "病史", "体温", "疾病", "就诊", "体检", "生理", "心率", "血压", "基因"),
    "financial_account": ("银行", "金融", "支付账号", "信用卡", "流水", "征信", "财产", "存款", "交易记录", "账单"),
    "whereabouts": ("行踪", "轨迹", "精确位置", "定位", "位置", "住宿"),
    "minor": ("未成年", "儿童", "十四周岁", "14周岁"),
}
# Known SDK vendors and platforms (corpus SDK tables: push, analytics, maps, payment, login).
SDK_VENDORS: dict[str, tuple[str, ...]] = {
    "腾讯": ("腾讯", "微信", "QQ", "Bugly", "bugly", "广点通", "优量汇", "TBS"),
    "阿里巴巴": ("阿里", "支付宝", "淘宝", "阿里云", "高德", "友盟", "UMENG", "umeng", "Umeng"),
    "百度": ("百度",),
    "字节跳动": ("字节", "穿山甲", "抖音", "今日头条", "火山引擎"),
    "极光": ("极光", "JPush", "jpush", "JIGUANG"),
    "个推": ("个推", "getui", "Getui", "每日互动"),
    "华为": ("华为", "HMS"),
    "小米": ("小米",),
    "OPPO": ("OPPO", "oppo"),
    "vivo": ("vivo", "VIVO"),
    "新浪微博": ("微博", "新浪"),
    "快手": ("快手",),
    "银联": ("银联",),
    "中国移动": ("中国移动",), "中国联通": ("中国联通",), "中国电信": ("中国电信",),
}
SDK_WORDS = frozenset({"SDK", "sdk", "Sdk", "软件开发工具包", "插件"})
# Triggers cheap enough to test on a sentence before it is tokenized (a sentence with none of
# them states no practice; see ``facts_engine.sentence_facts``).
PREFILTER = regex_cache.compile(
    "收集|获取|采集|读取|记录|上传|接收|获得|搜集|收取|查询|识别|存储|保存|留存|处理|使用|访问|调用|申请|授权|"
    "提供|填写|提交|输入|绑定|告知|共享|分享|披露|公开|转让|转移|传输|发送|委托|出售|交换|报送|境外|出境|跨境|"
    "为了|以便|用于|目的|查阅|复制|更正|删除|撤回|注销|投诉|评估|认证|保留|储存|存放|@|电话|地址|邮箱|负责人|联系"
)

# ---------------------------------------------------------------------------------------------
# Token repairs after jieba (corpus: the small dictionary cuts "您提|供", "但|不|限于").
# Runs of tokens joined into one marker:
TOKEN_MERGES: tuple[tuple[str, ...], ...] = (
    ("但", "不", "限于"), ("但", "不限于"), ("不", "限于"), ("包括", "但不限于"), ("和", "/", "或"),
    ("及", "/", "或"), ("与", "/", "或"), ("目的", "是"), ("是", "为了"), ("公开", "披露"), ("目的", "在于"),
    ("不适", "用于"), ("适", "用于"),
)
# Tokens of the small dictionary that glue a modal to the purpose marker 为 (会为|保护).
TOKEN_SPLITS: dict[str, tuple[str, ...]] = {"会为": ("会", "为"), "将为": ("将", "为"), "可为": ("可", "为"), "并为": ("并", "为")}
# Verbs that a cut may have split with their first character glued to the previous token.
REPAIR_VERBS = frozenset(
    set(COLLECT_VERBS) | set(USER_PROVIDE_VERBS) | set(SHARE_KINDS) | set(RIGHT_VERBS) | set(RETAIN_VERBS)
)
# Section titles that make every sentence below a definition (GB/T 35273 §3 "术语和定义").
DEFINITION_TITLES = ("定义", "释义", "名词解释", "术语")
# Section titles that make every sentence below an exception to consent.
EXCEPTION_TITLES = regex_cache.compile(r"例外|无需(?:征得|取得|获得)")
# …but a sentence in which the service itself collects the person's data, gives it to another party,
# puts it to a use or says it will send it abroad (我们会收集您的…, 我们会与第三方…共享您的…,
# 我们会将您的…用于… or …出售给…, 您的个人信息将被传输至境外…), or in which an SDK it embeds collects
# them (该SDK会收集您的…; PIPL art. 17, 23 and 39 ask for each to be stated)
# states a practice wherever it stands: no exception to consent or definition of a term is worded that
# way (general knowledge of how policies word their practices, their exceptions and their definitions).
OWN_PRACTICE = regex_cache.compile(
    OWN_COLLECTION.pattern + "|" + THE_SERVICE
    + r"(?:(?:与|向)(?!您|你)[^，,。；;：:]{1,30}?(?:共享|提供|披露|转让)(?:您|你)的"
    r"|(?:将|把)(?:您|你)的[^，,。；;]{0,12}?(?:用于|出售|售卖|出租|提供给|共享给|披露给|转让给|传输给))"
    r"|(?:SDK|sdk)[^，,。；;]{0,12}?(?:会|将|可能会?)?(?:收集|采集|获取)(?:您|你)的"
    r"|(?:您|你)的(?:个人信息|信息|数据)(?:将|会|可能会?|也会)被?(?:传输|传送|转移|提供|存储|储存)(?:至|到|于|在)"
    r"[^，,。；;]{0,12}?境外")
# A paragraph that is an item of a list (1、 / （1） / a. / • ).
LIST_ITEM = regex_cache.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十a-zA-Z]{1,3}[)）.、．]|[•·▪●\-*])")
# Labels of a table row under a list intro (corpus SDK tables: 第三方SDK名称：…, 用途：…, 链接：…).
FIELD_LABELS = frozenset({"名称", "用途", "目的", "链接", "官网", "政策", "地址", "主体", "公司", "方式", "场景",
                          "功能", "说明", "使用目的", "处理方式", "收集方式", "频率", "描述", "备注"})
PURPOSE_LABELS = frozenset({"用途", "目的", "使用目的", "功能", "场景"})
# Particles after a verb, before its object (收集到的信息, 获取了您的…).
VERB_PARTICLES = frozenset({"到", "了", "过", "得"})
# Verbs that are nouns at the end of a noun phrase (体温记录, 访问记录).
VERB_NOUNS = frozenset({"记录", "识别", "分析", "统计"})
# Words for "not" a permission/consent object of 获得/取得 (获得您的同意 is no data).
CONSENT_WORDS = frozenset({"同意", "授权", "许可", "允许", "明确同意", "单独同意", "授权同意", "书面同意"})
# Words that make a noun phrase derived text, not a type (…产生的信息, …而来的信息).
DERIVED_WORDS = frozenset({"产生", "而来", "形成", "生成", "获取", "收集", "提供", "取得", "获得", "知悉", "涉及"})
# Forward references: the list follows in the next lines (我们会收集以下信息：).
FORWARD_REFS = frozenset({"以下", "如下", "下列", "下述"})
DATA_HEAD_WORDS = frozenset({"信息", "数据", "资料", "记录", "号码", "账号", "地址", "日志"})

# ---------------------------------------------------------------------------------------------
# Punctuation and function words the engine compares tokens with (comparison-key forms).
COMMA = "，"
COMMAS = frozenset({"，", ","})
ENUM_COMMA = "、"
OPEN_BRACKETS = frozenset({"（", "("})
CLOSE_BRACKETS = frozenset({"）", ")"})
ITEM_END_PUNCT = frozenset({"、", "，", ",", "。", "；", ";"})
ITEM_PUNCT = frozenset({"（", "(", "）", ")", "：", ":", "“", "”", "\""})
TRAILING_PUNCT = "。;；"
DE = "的"
SHARE_TO_MARKERS = frozenset({"向", "给"})  # 向支付机构提供: the one data are handed to
FIRST_PERSON = frozenset({"我们", "我", "本公司", "我司", "本平台"})  # 您向我们提供: to the operator
DISPOSAL_MARKERS = frozenset({"将", "把"})  # 将X提供给Y: X is the object moved
BENEFACTIVE = frozenset({"为", "给"})  # 为您推荐…
# 根据您的X…，向您提供Y: a clause serving the person after a clause naming the basis (BASIS_MARKERS)
# states what X is used for (general knowledge of the frame; GB/T 35273 §7.5 个性化展示).
SERVICE_TO = frozenset({"向"})
# A span after a purpose marker that opens with one of these states no purpose (general knowledge of
# the words): a consequence (从而导致短暂的后台信息收集行为) or the collecting itself (用于收集…信息).
# Particles left at either end of a purpose once its general words are cut (更好的定位 → 的定位).
PARTICLES = "的了"
EDGE_MARKS = " 。；;，,、：:"  # punctuation a purpose span may carry at its ends
NOT_PURPOSE_FIRST = frozenset({"导致", "造成", "引起", "收集", "采集", "获取"})
CHAIN_JOINS = frozenset({"、", "和", "及", "并", "与", "或", "以及", "或者", "和/或", "及/或"})
USER_POSSESSIVES = frozenset({"您的", "你的"})
OWNER_WORDS = frozenset({"您的", "你的", "个人", "用户"})
DATA_SUFFIXES = ("信息", "数据")
# Share verbs that are a sharing only with a recipient and data (向您提供服务 is a service).
NEEDS_RECIPIENT = frozenset({"提供", "发送", "传输"})
# Labels of the fact kinds (registry in facts_engine): Chinese, English.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "collect": ("收集使用", "collection and use"),
    "share": ("共享提供", "sharing"),
    "entrust": ("委托处理", "entrusted processing"),
    "transfer": ("转让", "transfer"),
    "disclose": ("公开披露", "public disclosure"),
    "abroad": ("向境外提供", "transfer abroad"),
    "retain": ("保存期限与地点", "retention"),
    "right": ("个人权利", "rights"),
    "contact": ("联系方式", "contact"),
    "assessment": ("影响评估", "impact assessment"),
}
# An Android permission's constant (GET_TASKS, android.permission.READ_LOGS; the names of
# Manifest.permission): a policy glosses it in words (「GET_TASKS（设备运行进程信息）权限」), which name the datum.
PERMISSION_CONSTANT = regex_cache.compile(r"^(?:android\.permission\.)?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
PATH_ARROWS = "-—>＞→"  # 设置-账号与安全-注销账号: a path in the app's menus

# A sentence can state a practice frame (and is tokenized) only when one of these matches; the
# others are read for contacts and assessments, which need no tokens (see facts_engine._walk_paragraphs).
# Built from the verb and marker lists above: strong collect verbs; weak and user verbs next to
# 您/你/用户; share, abroad and retention words; purposes (用于…), lists (包括…信息) and rights.
NEEDS_TOKENS = regex_cache.compile(
    "收集|获取|采集|读取|上传|搜集|调取|提取|捕获|抓取|扫描|截取|收取|"
    "(?:使用|访问|调用|申请|授权|识别|查询|存储|保存|留存|储存|接收|获得|监测|检测|统计|分析|整理|加工|传输|记录|"
    "提供|填写|提交|输入|绑定|告知|编辑)[^，。；,;]{0,4}?(?:您|你|用户)|(?:您|你|用户)[^，。；,;]{0,10}?"
    "(?:提供|填写|提交|输入|上传|绑定|告知|授权)|"
    "共享|分享|披露|转让|转移|委托|出售|报送|提供给|发送给|传输至|向[^，。；,;]{1,40}?(?:提供|发送|传输)|"
    "境外|出境|跨境|海外|国外|保存|存储|保留|留存|储存|存放|用于|用来|为了|以便|目的|"
    "(?:包括|包含|例如|比如|如下|以下)[^。；;]{0,40}?(?:信息|数据)|(?:信息|数据)[^。；;]{0,6}?(?:包括|包含|如)|"
    "(?:根据|基于|结合|依据|依照|参考|利用)(?:您|你)|"
    "(?:查阅|查询|复制|更正|修改|补充|删除|撤回|撤销|注销|副本|解释|拒绝|投诉|举报|限制|关闭)[^。；;]*?(?:您|你)|"
    "(?:您|你)[^。；;]*?(?:查阅|查询|复制|更正|修改|补充|删除|撤回|撤销|注销|副本|解释|拒绝|投诉|举报|限制|关闭)"
)
QUOTES = "\"“”「」【】『』'‘’"
CJK = regex_cache.compile(HAN_LIKE)
