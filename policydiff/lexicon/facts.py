"""Every Chinese word and pattern the practice-facts engine (``facts_engine``) reads.

The engine finds a practice by the *frame* of a sentence (a verb and its markers) and takes
its arguments as spans of jieba tokens; the lists here name frames and canonical values, they
are never the gate of what can be seen.  Sources of each block are given beside it:
PIPL = 《个人信息保护法》 (2021), GB/T 35273-2020 《信息安全技术 个人信息安全规范》, "corpus" =
the wording seen in ``../shared/seeds`` and ``../shared/corpus/real``.

Words are written in their comparison-key form (NFKC, no spaces), the form the engine tokenizes.
"""

from __future__ import annotations

from policydiff import regex_cache

# ---------------------------------------------------------------------------------------------
# Sentence and clause boundaries (GB/T 15834 punctuation as policies use it).
# A text is cut after each of these marks and at each line break (``facts.sentence_pieces``).
SENTENCE_MARKS = "。！？!?；;"
# The pieces of a line, each up to and including a mark, and the run after its last mark: one
# match a piece, not a lookbehind the regex engine tries at every character.
SENTENCE_PIECE = regex_cache.compile(f"[^{SENTENCE_MARKS}]*[{SENTENCE_MARKS}]|[^{SENTENCE_MARKS}]+")
CLAUSE_BREAK = frozenset({"，", ",", "。", "；", ";", "！", "!", "？", "?"})
COLON = frozenset({"：", ":", "∶"})

# ---------------------------------------------------------------------------------------------
# Verbs of a practice.  PIPL art. 4: 处理 = 收集、存储、使用、加工、传输、提供、公开、删除;
# GB/T 35273 §3.5 (收集: 获取、记录、读取), §9 (委托处理、共享、转让、公开披露); corpus verbs of
# SDK and permission clauses (调用, 读取, 访问, 上传).
COLLECT_VERBS = frozenset({
    "收集", "获取", "采集", "读取", "记录", "上传", "接收", "获得", "搜集", "收取", "查询",
    "识别", "存储", "保存", "留存", "使用", "访问", "调用", "申请", "授权", "储存", "截取", "监测",
    "检测", "统计", "分析", "整理", "加工", "传输", "调取", "提取", "捕获", "抓取", "扫描",
})
# Verbs whose object is only data when it is the user's (使用您的…, not 使用我们的服务).
WEAK_COLLECT_VERBS = frozenset({
    "使用", "访问", "调用", "申请", "授权", "识别", "处理", "查询", "存储", "保存", "留存", "储存", "接收", "获得",
    "监测", "检测", "统计", "分析", "整理", "加工", "传输", "调取", "提取", "扫描", "记录",
})
# Words that may stand between 您 and the verb when 您 is its subject (您需要向我们提供…).
USER_SUBJECT_GAP = frozenset({
    "需要", "需", "可以", "可", "应", "应当", "须", "必须", "主动", "自行", "自愿", "同意", "选择", "向", "我们",
    "还", "也", "可能", "会", "将", "愿意", "已", "已经", "另行", "明确", "授权", "在", "进一步", "单独", "或",
    # the kinds of consent as one word of the policy dictionary (PIPL arts. 14, 29: 单独同意, 书面同意)
    "单独同意", "明示同意", "明确同意", "书面同意", "授权同意",
})
# The user hands data over (您需要提供/填写/提交…): collection by the operator (GB/T 35273 §5.2).
USER_PROVIDE_VERBS = frozenset({"提供", "填写", "提交", "输入", "上传", "绑定", "告知", "授权"})
USER_SUBJECTS = frozenset({"您", "你", "用户"})
# Words before 您 that make 您 an object, not the subject (向您提供, 为您提供).
TO_USER_MARKERS = frozenset({"向", "为", "给", "对", "帮", "与", "让", "使", "替"})

# Sharing frames (PIPL art. 21-25; GB/T 35273 §9.1-9.4).
SHARE_KINDS = {
    "共享": "share", "分享": "share", "提供": "share", "披露": "disclose", "公开披露": "disclose",
    "转让": "transfer", "转移": "transfer", "传输": "share", "发送": "share", "委托": "entrust",
    "出售": "transfer", "报送": "share",
}
# 与X共享 / 向X提供 / 给X发送: the marker before the recipient.
RECIPIENT_BEFORE = frozenset({"与", "向", "给"})
RECIPIENT_BEFORE_FIRST = frozenset({"向", "给"})
WEAK_RECIPIENT_MARKERS = frozenset({"与"})
# Words between 与 and the verb that show 与 belongs to another clause (与商家建立关注关系、通过…分享).
CLAUSE_INDICATORS = frozenset({"通过", "我们", "并", "以", "以便", "用于", "如果", "当", "建立", "进行"})  # preferred over 与, which also joins lists
# 提供给X / 共享给X / 转让给X / 披露给X / 委托给X / 传输至X.
RECIPIENT_AFTER = frozenset({"给", "至", "到", "予"})
# 委托X处理 / 委托X(代表我们)进行.
ENTRUST_VERB = "委托"
ENTRUST_END = frozenset({"处理", "进行", "代为", "提供", "代表", "为", "对", "来"})

# Transfer abroad (PIPL art. 38-39; corpus: 传输至境外, 出境, 跨境传输, 境外关联方).
ABROAD_WORDS = frozenset({"境外", "出境", "跨境", "海外", "国外"})
ABROAD_VERBS = frozenset({"传输", "提供", "转移", "存储", "传送", "发送", "出境", "访问", "共享"})
DOMESTIC_WORDS = frozenset({"境内", "国内"})
# 跨境 modifies trade as often as data (跨境商品, 跨境电子商务): a transfer only before these.
ABROAD_MODIFIERS = frozenset({"跨境"})
ABROAD_FLOW_WORDS = frozenset({"流动", "传送", "转移", "业务", "数据", "提供"})

# ---------------------------------------------------------------------------------------------
# Purposes (PIPL art. 6, 17: 处理目的; GB/T 35273 §5.3).  A purpose starts after a marker.
PURPOSE_MARKERS = frozenset({
    "为了", "以便", "用于", "以便于", "便于", "旨在", "目的是", "从而", "以期", "用来", "以使", "用以", "目的在于",
    "有助于", "才能", "以帮助", "以确保", "以保证", "以保障", "以实现", "以提供", "以向", "以为", "是为了", "借以",
})
# 为/以 alone only start a purpose when a verb of purpose follows (为向您提供…, 以保障…).
WEAK_PURPOSE_MARKERS = frozenset({"为", "以", "来", "是为了"})
PURPOSE_HEAD_VERBS = frozenset({
    "向", "为", "给", "提供", "保障", "保护", "保证", "确保", "实现", "完成", "帮助", "满足", "改善",
    "改进", "优化", "提升", "提高", "识别", "判断", "防止", "预防", "防范", "分析", "进行", "验证",
    "核验", "核实", "展示", "推荐", "推送", "发送", "联系", "通知", "处理", "履行", "维护", "评估",
    "了解", "让", "使", "方便", "便于", "更好", "开展", "配合", "遵守", "符合", "响应", "解决", "计算",
    "统计", "排查", "定位", "匹配", "记录", "检测", "监测", "创建", "注册", "登录", "支付", "配送",
    "增强", "丰富", "设计", "研发", "开发", "审核", "校验", "确认", "保存", "升级", "修复",
})
# A clause that opens with one of these states a purpose (…，方便您找回密码; corpus).
CLAUSE_PURPOSE_VERBS = frozenset({"方便", "帮助", "使", "让", "确保", "保证", "保障", "便于", "协助", "供"})
# Words that make a purpose span vague or a pointer to a list (实现这一功能; 用于下列用途：).
PURPOSE_VAGUE = frozenset({"这一", "上述", "前述", "其他任何", "任何其他", "本政策", "本隐私政策", "以下", "下列", "如下",
                           "下述", "此类", "任何", "其他用途"})
# An intro whose list items are purposes (我们会将收集的信息用于以下目的：).
PURPOSE_FORWARD = regex_cache.compile(r"(?:用于|用作|目的|用途)[^,，。;；]{0,8}?(?:以下|如下|下列|下述)|(?:以下|如下|下列|下述)(?:目的|用途)")
# Words a purpose span does not end with (预防互联网欺诈的 / 改进服务质量的合理 / 实现您所).
PURPOSE_TAIL = frozenset({"的", "所", "并", "之", "合理", "而", "使用", "等", "：", ":", "及", "和", "或"})
# 为…目的 / 为…之目的 / 出于…目的: the purpose sits between the marker and the closing word.
PURPOSE_FRAME_OPEN = frozenset({"为", "出于", "基于", "为了"})
PURPOSE_FRAME_CLOSE = frozenset({"目的", "之目的", "的目的", "需要", "所需"})
# A purpose stops where a condition starts (…跨境业务并在获得您的授权同意后).
PURPOSE_STOPS = frozenset({"如果", "若", "当", "在", "并在", "如您", "经", "除非", "一旦"})

# ---------------------------------------------------------------------------------------------
# Polarity: words that negate the verb they precede in the same clause (PIPL art. 5, 10 "不得";
# corpus: 我们不会…, 无需征得…, 不再…, 未…).
NEGATION = frozenset({
    "不", "不会", "不得", "无需", "无须", "不再", "未", "绝不", "决不", "从不", "不予", "不将", "并不",
    "不必", "不需要", "不需", "禁止", "不可", "从未", "没有", "不曾", "均不", "亦不", "也不", "都不",
})
# A negation separated from the verb by more than this many tokens is taken for another verb's.
NEGATION_REACH = 10

# ---------------------------------------------------------------------------------------------
# Modality cues, checked on the sentence's comparison key.
# Conditional (如/若/当…时/在…情况下/经…同意后): corpus permission clauses.
CONDITIONAL = regex_cache.compile(r"^(?:[（(]?\d+[)）.、]?)?(?:如果|如您|如你|若|假如|倘若|一旦|当|在您|除非|只有|仅在|经您|如需|如)|(?:时|后|情况下|情形下|前提下)[，,]")
# Examples (例如/比如/譬如/举例): the arguments after the cue are examples.
EXAMPLE_TOKENS = frozenset({"例如", "比如", "譬如", "举例", "诸如", "例"})
# Definitions (GB/T 35273 §3 and annex A/B: 个人敏感信息包括…; 本政策中…是指…).
DEFINITION = regex_cache.compile(
    r"^(?:[（(]?\d+(?:\.\d+)*[)）.、]?|[一二三四五六七八九十]+、)?(?:本(?:政策|隐私政策|指引)(?:中|所称|中的|所称的)?)?"
    r"(?:(?:个人)?(?:敏感)?(?:个人)?信息|敏感个人信息|个人敏感信息|去标识化|匿名化|儿童|未成年人|关联方|关联公司|第三方|个人信息主体)"
    r"(?:[，,:：]?(?:是指|指的是|是|包括|主要包括|一般包括|可能包括|通常包括|例如|如))"
)
DEFINITION_ANYWHERE = regex_cache.compile(r"(?:是指|指的是|所称的?|定义为|以下简称)")
# A bracketed aside (「地理位置信息（以下简称“位置信息”）」, 「…（个人敏感信息是指…）」) defines a term inside
# a sentence that states a practice all the same: only a definition cue outside brackets makes the
# sentence a definition (general knowledge of how Chinese legal texts abbreviate: 以下简称 in brackets).
BRACKETED = regex_cache.compile(r"[（(][^（()）]*[)）]")
# The words that open such an abbreviating aside (以下简称“X”, 下称, 以下亦称 …): its words name a term,
# not an item of the list they follow.
ABBREVIATION_CUES: tuple[str, ...] = ("以下简称", "以下亦称", "以下又称", "以下称", "下文简称", "下文亦称", "下文称", "下称", "简称")
# Exceptions to consent (PIPL art. 13; GB/T 35273 §5.6): "以下情形中…无需征得您的授权同意：".
EXCEPTION_INTRO = regex_cache.compile(
    r"(?:无需|无须|不需要|不必|不再|无需再)(?:事先|事前|另行)?(?:征得|取得|获得|经过|经)?(?:您|你|用户|个人信息主体)?的?"
    r"(?:授权|同意|授权同意)|(?:征得|取得|获得)(?:您|你)?的?(?:授权|同意|授权同意)的例外|例外情[形况]"
)
# Legal demands (GB/T 35273 §9.5: 司法机关、行政机关依法要求): not a choice to share.
LEGAL_DEMAND = regex_cache.compile(
    r"(?:司法|行政|执法|监管|公安|国家|政府|有权|主管)(?:机关|部门|机构)|法院|检察院|仲裁|强制性要求|法定程序|传票|调查令"
)
CELL_BREAK = "；"  # read for a tab between a table's cells: a clause break, one character for one

# ---------------------------------------------------------------------------------------------
# Lists of arguments: separators between items (PIPL / GB/T 35273 lists: 、，；及和与以及或/等).
LIST_SEPARATORS = frozenset({"、", "，", ",", "/", "及", "和", "与", "以及", "或", "或者", "及其", "和/或", "及/或", "跟", "；", ";"})
# Closing words of a list (…等信息, …等数据, …在内).
LIST_CLOSERS = frozenset({"等", "等等", "在内", "之类"})
# Words that open an elaboration of the object (设备信息，包括设备型号…).
ELABORATION = frozenset({"包括", "包含", "含", "即", "如", "例如", "比如", "具体包括", "主要包括", "含有", "涵盖", "诸如"})
# Words after which a list of data follows in a sentence about collection (…信息，包括：…).
LIST_TRIGGERS = frozenset({"包括", "包含", "例如", "比如", "具体包括", "主要包括", "包括但不限于", "诸如", "譬如", "如"})
# 根据您的X… / 基于您的X…: X is used as the basis of a decision (corpus: personalised ads clauses).
BASIS_MARKERS = frozenset({"根据", "基于", "结合", "依据", "依照", "参考", "利用", "通过分析"})
# A paragraph that closes its sentence (else the next paragraph continues it).
SENTENCE_CLOSED = regex_cache.compile(r"[。；;！!？?：:）)】]\s*$")
EMPHASIS = regex_cache.compile(r"[*_]+")
# Words between a data word and the trigger of its list (设备信息主要包括…).
TRIGGER_GAP = frozenset({"主要", "具体", "可能", "一般", "通常", "将", "会", "还", "也", "均", "但", "等", "可", "则"})
# Characters of Markdown emphasis the comparison key keeps when single (_IP_ 地址).
KEY_NOISE = frozenset({"_", "*", "`"})
# Words that open a new clause after a comma, which then is no item of a list (…，如果…).
CLAUSE_STARTS = frozenset({"如果", "若", "如您", "当", "我们", "此外", "同时", "另外", "但", "但是", "否则", "因此"})
# Words that refer back to data named before (收集此类信息是为了…).
ANAPHORA = frozenset({"此类", "上述", "前述", "这些", "该等", "该", "此", "以上", "这类", "前款"})
# X用于Y: the data X are used for the purpose Y (头像、昵称用于活动中显示排名).
USED_FOR = frozenset({"用于", "用来", "将用于", "仅用于", "只用于"})
USED_FOR_GAP = frozenset({"将", "会", "可能", "被", "仅", "只", "均", "还", "也", "主要", "可", "将会", "都"})
# Words before an item that are not part of its name.
ITEM_PREFIXES = frozenset({
    "您", "你", "的", "您的", "你的", "用户", "用户的", "相关", "相应", "必要", "必要的",
    "部分", "以下", "如下", "下列", "上述", "前述", "其", "其他", "其它", "这些", "该", "该等", "此类", "各类",
    "各种", "一些", "有关", "包括", "但", "不限于", "但不限于", "等", "可能", "会", "将", "需要", "需",
    "提供", "所", "一定", "特定", "所需", "所需的", "具体", "即", "如", "例如", "比如", "均", "个人",
    "主动", "实时", "持续", "后台", "自动", "定期", "单独", "同时", "进一步", "那些", "哪些", "什么", "关于", "某些", "此", "任何", "所有", "全部", "额外", "更多",
})
# Words after an item that are not part of its name (…等, …在内, …数据).
ITEM_SUFFIXES = frozenset({"等", "等等", "在内", "之类", "的", "这些", "此类",
                           "形式"})  # 「文字/图片/通话记录形式」: the form the data take, not a datum
# A token that ends an item and the list (a verb, a marker of another clause).
ITEM_BREAKS = frozenset({
    "我们", "我", "将", "会", "可能", "可以", "能够", "需要", "如果", "若", "当", "时", "是", "为", "以", "以便",
    "用于", "为了", "并", "且", "从而", "目的", "来", "进行", "通过", "请", "如您", "则", "方可", "才能",
    "或者", "同意", "经", "未经", "不", "不会", "仅", "只", "后", "前", "中", "期间", "所", "了", "于",
    "在", "对", "向", "给", "被", "由", "已", "不得", "也", "还", "都", "均", "就", "便", "以免", "否则",
    "因此", "所以", "但", "但是", "除", "除非", "根据", "按照", "依据", "基于", "之后", "之前", "以后",
    "以外", "以上", "以下", "具体", "情况", "情形", "范围", "方式", "形式", "是为了", "用作", "作为", "用以", "仅限", "限于", "而", "如何", "怎样", "是否", "仅会", "只会",
    "如为", "通常", "主要", "代表", "一般",
})
# Heads that name no type without their modifier (CA4P drops them too: 时间/类型/状态 …).
BARE_HEADS = frozenset({"时间", "日期", "类型", "状态", "版本", "名称", "身份", "操作", "配置", "次数", "时长",
                        "频率", "设置", "型号", "账户", "订单"})
KIND_WORDS = frozenset({"种类", "类型", "范围", "类别", "种类和范围"})
# Generic heads after a modifier: 儿童个人信息 / 指定的个人信息 name no type of data.
GENERIC_HEADS = frozenset({"个人信息", "个人数据", "个人资料", "隐私信息", "个人敏感信息", "敏感个人信息", "敏感信息"})
# Adverbs that cannot end the name of a data type (共享信息实时、广泛地传递).
ADVERBS = frozenset({"实时", "持续", "自动", "定期", "后台", "主动", "广泛", "及时", "随时"})
# A token that is (part of) a clause label: 3.1.2 / 4、.
LABEL_TOKEN = regex_cache.compile(r"^[0-9０-９.．、)）(（①-⑳]+$")
# Generic words that name no type of data by themselves (the CA4P gold drops them too).
GENERIC_DATA = frozenset({
    "信息", "个人信息", "数据", "个人数据", "资料", "个人资料", "内容", "您的信息", "相关信息", "必要信息",
    "以下信息", "上述信息", "这些信息", "该信息", "该等信息", "此类信息", "其他信息", "用户信息",
    "敏感信息", "个人敏感信息", "敏感个人信息", "其他个人信息", "部分信息", "必要的个人信息",
    "权限", "功能", "服务", "相关权限", "以下权限", "个人信息主体", "记录", "情况", "内容信息",
    "用途", "类型", "数据类型", "信息类型", "方式", "范围", "时间", "版本", "统计信息", "非识别性数据",
    "需求", "要求", "指示", "选择", "意愿", "指令", "说明", "信息内容",
})
# Heads that make a noun phrase a product, place or act, not data (使用我们的服务; 访问网站).
# Nouns among the item breaks (接入网络的方式、网络状态 / 充值和使用情况、…): they end the list only when
# a clause goes on after them (通过…方式收集, 在…情况下), not when they end an item.
NOUN_BREAKS = frozenset({"情况", "情形", "范围", "方式", "形式"})
# Heads that name data only after a verb of use (使用情况, 浏览记录 are data; 特殊情况 is not).
USAGE_HEADS = frozenset({"情况"})
NON_DATA_HEADS = frozenset({
    "服务", "功能", "产品", "平台", "网站", "应用", "软件", "客户端", "程序", "app", "APP", "App",
    "协议", "政策", "条款", "规则", "指引", "机构", "公司", "企业", "方式", "措施", "目的", "能力",
    "业务", "活动", "情形", "情况", "期间", "过程", "场景", "时", "后", "技术", "系统", "页面", "网页",
    "商品", "用户", "您", "你", "我们", "人员", "第三方", "合作方", "伙伴", "合作伙伴", "必要",
    "实体", "主体", "对象", "用途", "请求", "权限", "工具", "实践", "期限", "时限", "费用", "成本费用", "交易", "纠纷", "争议", "事项", "要求",
})
# Verbs that continue a chain of practice verbs without being collection (收集、使用、处理或披露…;
# 收集、保护、使用: the GB/T 35273 附录D template's 「我们如何收集、使用、保护您的个人信息」).
CHAIN_VERBS_EXTRA = frozenset({"处理", "加工", "删除", "传递", "整合", "利用", "保管", "关联", "汇总", "共享", "披露", "公开",
                               "发布", "交流", "修改", "编辑", "下载", "浏览", "点击", "点赞", "评论", "转发", "收藏",
                               "交换", "更新", "同步", "复制", "出租", "租借", "保护"})
MAX_ITEM_CHARS = 24
MAX_ITEM_TOKENS = 8

# Recipients: words that are the user or the operator, not a recipient (向您提供 = a service).
# Words that make a span no recipient wherever they stand (定义如下, 下文简称…).
RECIPIENT_STOPWORDS = frozenset({"定义", "简称", "下文", "如下", "共同", "结合", "过程", "出境", "签署", "约定", "协议"})
RELATIVE_MARKER = "所"  # 所提供的信息: the verb is inside a relative clause
RECIPIENT_BAD_CHARS = "@“”\"「」"
# Places and parts of a system: where data go, not who receives them (境外的其他管辖区, 服务器之间).
PLACE_WORDS = frozenset({"国家", "地区", "管辖区", "境外", "境内", "海外", "服务器", "之间", "国内", "本地", "设备", "终端"})
NOT_RECIPIENT = frozenset({"必要", "支持", "通信", "沟通", "交流", "联系", "目的", "方式", "产品", "服务", "功能", "业务",
                           "共同", "结合", "过程", "合作", "联合", "出境", "法律", "法规",
                           "信息", "数据", "内容","您", "你", "用户", "我们", "我", "本公司", "本平台", "本应用", "您本人", "其", "他人", "任何人"})
RECIPIENT_PREFIXES = frozenset({
    "我们的", "您的", "其他", "其它", "相关", "相应", "必要的", "特定的", "部分", "以下", "上述", "前述",
    "这些", "该", "该等", "此类", "各", "可能", "有关", "指定", "合法", "授权", "第三方的", "等",
    "的", "任何", "我们", "必要", "如下", "下列", "一些", "所有", "其他的",
})
