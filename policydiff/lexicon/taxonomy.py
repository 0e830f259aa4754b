"""A small taxonomy of what privacy policies name: canonical nodes, their synonyms and members.

A claim "X appears" or "X is gone" is judged by node, not by string: two wordings of one node
(访问 / 查阅, 相机 / 摄像头, 账号 / 帐户) are the same thing, and a member spelled out under a
generic node the other version already states (IMEI under 设备标识符) is a refinement, not a new
type. Variant spellings (账/帐, full/half width) are folded by rule in ``compare.meaning.fold``,
not listed here.

Sources (general knowledge of the field, never words copied from a label file):

* GB/T 35273-2020 《信息安全技术 个人信息安全规范》 附录A (个人信息举例: 个人基本资料, 个人身份信息,
  生物识别信息, 网络身份标识信息, 个人健康生理信息, 个人教育工作信息, 个人财产信息, 个人通信信息,
  联系人信息, 个人上网记录, 个人常用设备信息, 个人位置信息) and 附录B (个人敏感信息);
* TC260-PG-20202A 《网络安全标准实践指南—移动互联网应用程序（App）收集使用个人信息自评估指南》 and
  the 2021 《常见类型移动互联网应用程序必要个人信息范围规定》 (device identifiers, permissions);
* PIPL arts. 44–50 for the rights (查阅、复制、更正、补充、删除、撤回、注销、解释);
* common recipient classes of Chinese policies (支付机构, 物流/快递, 终端厂商推送) — general knowledge
  of how e-commerce and logistics work.
"""

from __future__ import annotations

import re

from policydiff import regex_cache

# node -> the words that name it (the node's own name first). A word belongs to one node.
DATA_NODES: dict[str, tuple[str, ...]] = {
    # 附录A 网络身份标识信息
    "账号": ("账号", "账户", "用户名", "会员名", "账号信息", "账户信息", "登录账号"),
    # 附录A 个人常用设备信息; TC260 指南: device identifiers
    "设备标识符": ("设备标识符", "唯一设备标识符", "设备识别码", "唯一设备识别码", "设备唯一标识码", "设备标识信息",
              "设备信息标识", "设备标识",
              # the same words spelled with 识别符 / 唯一 moved (policies use every order)
              "设备识别符", "唯一设备识别符", "设备唯一识别符", "设备唯一标识符", "设备唯一识别码"),
    "设备信息": ("设备信息", "设备型号", "硬件型号", "手机型号", "操作系统", "系统版本", "设备属性信息"),
    "软件信息": ("软件版本", "软件版本号", "版本号", "应用版本", "客户端版本"),
    "应用列表": ("应用列表", "安装的应用", "应用安装列表", "已安装应用", "软件列表", "应用程序列表"),
    "网络信息": ("网络类型", "接入网络的方式", "网络状态", "WIFI", "Wi-Fi", "WLAN", "无线网络"),
    # 附录A 个人身份信息: the number of the resident identity card (居民身份证法 calls it 公民身份号码)
    "身份证件号码": ("身份证件号码", "身份证号码", "身份证号", "身份证件号", "公民身份号码", "居民身份证号码"),
    # 附录A 个人位置信息
    "位置信息": ("位置信息", "地理位置", "精确位置", "定位信息", "位置", "行踪轨迹", "GPS"),
    # 附录A 个人上网记录
    "日志信息": ("日志信息", "服务日志信息", "网络日志信息", "日志", "操作日志", "操作记录", "操作相关记录", "使用记录"),
    "浏览记录": ("浏览记录", "浏览信息", "浏览"),
    "搜索记录": ("搜索记录", "搜索关键词", "搜索查询", "搜索信息"),
    "使用情况": ("使用情况", "总体安装使用情况", "使用频率", "崩溃数据", "运行情况"),
    # 附录A 生物识别信息 (附录B sensitive)
    "人脸信息": ("人脸信息", "面部识别信息", "面部识别特征", "面部特征", "脸部图像", "人脸图片", "人脸图像", "面部信息"),
    "声纹": ("声纹", "声纹信息", "语音信息", "语音数据", "声音信息"),
    "指纹": ("指纹",),
    # 附录A 个人基本资料 / 联系人信息
    "手机号码": ("手机号码", "手机号", "电话号码", "联系电话"),
    "地址": ("地址信息", "住址", "收货地址", "通讯地址", "联系地址", "家庭住址", "地址簿", "常用地址"),
    "姓名": ("姓名", "真实姓名"),
    "头像昵称": ("头像", "昵称"),
    # 附录A 个人财产信息
    "银行账户": ("银行账号", "银行卡号", "银行卡", "支付账号", "支付交易账号"),
    "交易信息": ("交易信息", "交易记录", "交易日期", "订单信息", "商品订单", "订单"),
    "物流信息": ("物流信息", "物流状态", "物流单号", "包裹物流信息", "运单号"),
    # TC260 指南: permissions
    "相机": ("相机", "摄像头"),
    "相册": ("相册", "手机相册", "本地相册", "照片"),
    "麦克风": ("麦克风", "录音"),
    "通讯录": ("通讯录", "通信录"),
    "剪切板": ("剪切板", "剪贴板"),
    "传感器": ("传感器", "传感器信息"),
    "Cookie": ("Cookie", "匿名标识符"),
}

# generic node -> its members: a member stated where the other version states only the generic
# node is a refinement (GB/T 35273 附录A lists these under 个人常用设备信息; TC260 指南).
MEMBERS: dict[str, tuple[str, ...]] = {
    "设备标识符": ("IMEI", "MEID", "IMSI", "ICCID", "Android ID", "AndroidID", "OAID", "IDFA", "IDFV", "MAC地址",
              "MAC", "序列号", "SN", "UUID", "GUID", "SIM卡"),
    "设备信息": ("设备型号", "品牌", "屏幕分辨率", "设备名称", "CPU", "内存"),
    "网络信息": ("IP地址", "SSID", "BSSID", "运营商"),
    "日志信息": ("浏览记录", "搜索记录", "点击记录", "IP地址", "访问日期", "访问时间"),
}

# Rights (PIPL arts. 44–50): node -> words.
RIGHT_NODES: dict[str, tuple[str, ...]] = {
    "查阅": ("查阅", "访问", "查询", "获取"),
    "复制": ("复制", "副本"),
    "更正": ("更正", "修改", "更新", "补充"),
    "删除": ("删除",),
    "撤回": ("撤回", "改变授权", "改变同意", "改变您授权同意的范围", "取消授权", "关闭"),
    "注销": ("注销",),
    "投诉": ("投诉", "举报", "申诉"),
    "解释": ("解释",),
    "转移": ("转移", "可携带"),
}

# Recipient classes (general knowledge): node -> words.
RECIPIENT_NODES: dict[str, tuple[str, ...]] = {
    "支付机构": ("第三方支付机构", "第三方支付", "支付机构", "支付服务提供商", "支付服务商"),
    "物流": ("物流服务商", "物流公司", "快递公司", "快递服务站", "末端站点", "智能柜", "智能快件箱", "驿站"),
    "关联公司": ("关联公司", "关联方"),
    "广告合作伙伴": ("广告合作伙伴", "广告主", "广告平台"),
}

# Unnamed partners (general knowledge: the words policies use for "the parties we work with" when
# they name no class or company; GB/T 35273 §9.2 says 第三方): one of them newly named where the other
# version shares with partners in other words (合作方 / 合作单位) is the same unnamed recipient.
GENERIC_PARTNERS: tuple[str, ...] = ("合作伙伴", "合作方", "合作单位", "合作机构", "合作商", "第三方合作伙伴",
                                     "第三方合作方", "第三方")
# A disclosure to a party besides the sharing verbs (entities.SHARING_VERBS): PIPL art. 25 公开, made
# known to others (「向合作单位公开用户个人隐私信息」).
DISCLOSURE_WORDS: tuple[str, ...] = ("公开",)

# Heads that do not name personal information: a "data type" ending on one is a party, a tool or a
# text (GB/T 35273 附录A names data, never software or parties).
NOT_DATA_HEADS: tuple[str, ...] = (
    "SDK", "API", "开发包", "插件", "浏览器", "表单", "流程", "合作伙伴", "公司", "机构", "服务商", "提供商",
    "政策", "协议", "条款", "原则", "措施", "责任", "功能", "工具", "道具", "服务", "经理", "平台", "资格",
    "要求", "策略", "调研", "调查",  # a survey the person is invited to is an activity, not data
    "合法性", "正当性", "必要性",  # PIPL art. 5 (合法、正当、必要和诚信原则): qualities a processing is assessed by
    "约定", "评估", "相结合",  # 保留期限的其他特别约定, 功能评估, 与其他数据相结合: terms and acts, not data
    "设施",  # 提供基础设施、安全监测等技术类服务: what a party provides, not data
)
# Words a name of data never holds: a company (讯华谷信息技术有限公司JPUSHIMEI is a table row run together).
NOT_DATA_INSIDE: tuple[str, ...] = ("有限公司", "有限责任公司",
                                    "天气")  # 获取最新的天气情况: what the service shows, about no person (GB/T 35273 §3.1)

# Head nouns that end a name of personal information (GB/T 35273 附录A names data this way:
# 「…信息」「…记录」「…号码」「…账号」「…时长」); a value ending on one is a noun phrase even where a
# tagger reads the head as a verb or a measure word (点击行为, 客户号, 播放时长).
DATA_HEADS: tuple[str, ...] = (
    "信息", "记录", "行为", "数据", "日志", "列表", "号码", "号", "码", "账号", "帐号", "账户", "帐户", "地址",
    "时长", "标签", "内容", "状态", "情况", "标识", "标识符", "ID", "第三方",
)

# Verbs that introduce a third party's SDK in a policy's sentence (我们使用了…SDK, 集成了…SDK, 通过…SDK):
# the SDK's name is what follows the last of them (general knowledge of how policies list SDKs).
SDK_LEADS: tuple[str, ...] = ("使用了", "使用", "集成了", "集成", "嵌入了", "嵌入", "接入了", "接入", "引入了", "引入",
                              "采用了", "采用", "通过")

# Terms a policy defines as itself, the operator (PIPL art. 73 个人信息处理者; GB/T 35273 §3.4 控制者):
# a company named in their definition is the controller, not a party it shares with.
OPERATOR_TERMS: tuple[str, ...] = ("提供者", "运营者", "经营者", "我们", "本公司", "控制者", "处理者", "开发者")

# Purposes (PIPL art. 24 automated decisions / personalised push; GB/T 35273 §7.5 个性化展示; common
# marketing wording): node -> words. A purpose whose node the other version states is worth a look,
# not news.
PURPOSE_NODES: dict[str, tuple[str, ...]] = {
    # 广告 and 个性化推荐 are left out: policies mention them in passing (广告投放的合作伙伴) long
    # before they state them as purposes, so their presence says little about the purpose.
    "营销": ("营销活动", "促销", "抽奖"),
}

# Words of a transfer abroad (PIPL ch. III 个人信息跨境提供): a claim of one where the other version
# already speaks of one is worth a look, not news.
CROSS_BORDER_WORDS: tuple[str, ...] = ("境外", "跨境", "出境", "中华人民共和国境外", "境外实体", "海外")

# Heads a recipient's name ends on that name its kind, not the party (消息推送服务 / 消息推送SDK).
RECIPIENT_HEADS: tuple[str, ...] = ("服务提供商", "服务商", "服务", "SDK", "公司", "机构")

# -- the form of a name (general knowledge of Chinese grammar: the closed classes of function words —
# pronouns, prepositions, conjunctions, adverbs, auxiliaries, quantifiers — and the verbs policies
# lead a clause with). A data type or a party's name does not start with one, nor end on a
# preposition, a locative or a verb; a clause's function words inside it show a clause.
NAME_LEADS: tuple[str, ...] = (  # stripped from the front of a party's name (我们使用了…SDK → …SDK)
    "我们的", "我们", "我", "你的", "你", "您的", "您", "其", "他们", "通过", "使用了", "使用", "可能会", "可能", "会",
    "将", "如", "至", "由", "向", "与", "和", "及", "或",
)
NAME_BAD_START: tuple[str, ...] = NAME_LEADS + (
    "他", "它", "该", "此", "经", "对", "在", "把", "被", "为", "从", "以", "按", "根据", "基于", "对于", "关于",
    "以及", "并", "如果", "若", "但", "更", "还", "暂", "都", "也", "已", "均", "仅", "只", "再", "又", "可", "需",
    "不", "无", "未", "没有", "非", "大部分", "大多数", "部分", "所有", "各类", "各种", "一些", "某些", "上述", "前述",
    "以下", "以上", "下述", "下列", "如下", "选择", "承担", "登录", "注册", "适用", "回传", "上传", "提供", "获取", "收集", "进行", "帮助",
    "保持", "完成", "开启", "关闭", "实现", "用于", "包括", "例如", "的", "参照", "了解", "查看", "则", "初始化",
)
NAME_GOOD_START: tuple[str, ...] = ("会员", "可穿戴", "对方", "无线", "非结构化", "不动产", "以太")  # names that start like a function word
NAME_BAD_END: tuple[str, ...] = (
    "至", "在", "外", "中", "时", "后", "前", "的", "了", "着", "过", "之", "等", "清除", "帮助", "运行", "调整", "使用",
    "提供", "获取", "收集", "上传", "回传", "付款", "沟通", "推广", "注册", "规定", "处理", "分析", "完成", "存在", "有",
    "调用", "决定",  # 我们将根据您账号所处的安全状态决定是否…: a clause ending on its verb
)
NAME_NOT_ALONE: tuple[str, ...] = ("如有", "推广", "沟通", "流程", "表单", "资格",
                                   "iOS", "Android", "安卓")  # 「iOS如IDFV、IDFA」: a platform, its identifiers are the data  # words that are no name on their own
NAME_CLAUSE_INSIDE: tuple[str, ...] = ("还会", "还将", "暂存", "暂时", "需加强", "或由", "由第三方", "有明确", "我们", "可能会",
                                       "请参见", "参见", "详见",  # 具体情况请参见SDK…: a pointer, not a name
                                       "法律法规")  # 与…履行法律法规规定的义务相关的: a consent exception's clause
# A web address or a piece of one (mes.com/privacy_sdk): a link, never a name of data or of a party.
LINK_PART = regex_cache.compile(r"://|www\.|\.(?:com|cn|net|org|html?)\b|%[0-9a-f]{2}", re.IGNORECASE)  # %e4%ba: a link's escapes

# -- patterns of the judgment (compare.meaning) --------------------------------------------------
# A list item's number before a name (「1.人脸识别SDK」「（三）」).
LIST_NUMBER = regex_cache.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.．、)）]\s*")
# Variant spellings folded by rule (GB 2312 vs. common usage): 帐 → 账.
VARIANTS = {"帐": "账"}
# Words a rewording swaps without changing what a sentence says, folded when sentences are
# compared loosely (compare.mentions.loosen): the right of access is 查阅 in PIPL art. 45, 查询
# in GB/T 35273-2020 §8.1, and policies also say 访问; Android shows its CAMERA permission as 相机,
# policies also say 摄像头; 手机号 is short for 手机号码 (general usage).
# The operator names itself 我们, or 本公司/我公司/我司 (a bank: 本行/我行; a platform: 本平台) as
# legal drafting does, and a version may switch; conjunctions and example markers are reworded
# freely (以及/和, 或者/或, 例如/比如/如, 包含/包括).
WORD_VARIANTS = {"访问": "查阅", "查询": "查阅", "摄像头": "相机", "手机号码": "手机号",
                 "本公司": "我们", "我公司": "我们", "我司": "我们", "本行": "我们", "我行": "我们", "本平台": "我们",
                 "以及": "和", "或者": "或", "例如": "如", "比如": "如", "包含": "包括"}
# Sentences that say a data type is not collected or is not personal information (general
# knowledge of how policies phrase a negation; GB/T 35273 §3.1 note on anonymous data).
NOT_STATED = regex_cache.compile(
    r"不会?(?:主动)?(?:收集|获取|采集|读取|调用|上传|使用)|并不(?:收集|获取|采集)|无法(?:识别|关联|单独识别)|"
    r"不包括任何|不属于(?:您的)?个人信息|不涉及(?:您的)?个人信息|不可避免地|拒绝提供"
)
# A quoted cross-reference to a part of the policy itself (见本政策“第二部分”): where to read, not
# a page or menu where a right is exercised (general knowledge of how policies number their parts).
PART_REFERENCE = regex_cache.compile(r"^第[一二三四五六七八九十百\d]+(?:部分|章|条|节|款|项)$")
# A sentence that defines a term (GB/T 35273 §3 定义 style: 「个人敏感信息是指…」「…主要包括：…」).
DEFINES = regex_cache.compile(r"是指|[：:]\s*指|指的是|敏感(?:个人)?信息[^。；]{0,12}包括"
                     r"|(?:个人|敏感)(?:个人)?信息[^。；，]{0,6}(?:示例|举例)"
                     r"|(?:被认为是|被视为|可能被认为)敏感(?:个人)?信息")  # GB/T 35273 附录B 的「个人敏感信息举例」: examples, not practices
# A clause that sets out a legal exception to consent (PIPL art. 13; GB/T 35273 §5.6): its parties
# (学术研究机构) are no recipients of the service's sharing.
EXCEPTION_CLAUSE = regex_cache.compile(r"公共利益|所必需|所必要|法律法规(?:规定|另有规定)|无需(?:征得|取得)")
# A clause where the words are what the service gives the user (向你提供优质内容), not what it collects.
GIVEN = regex_cache.compile(r"(?:向|为)(?:你|您|用户)(?:提供|展示|推荐|推送)")
# 「通过SDK等技术与终端设备制造商（华为、小米…）共享…」: the party after 与/向 is the recipient.
SHARED_WITH = regex_cache.compile(r"(?:与|向)([^，,。；;与向]{2,24}?)(?:（[^）]{0,40}）)?(?:共享|分享|提供)")
TIME_HEADS: tuple[str, ...] = ("日期", "时间")  # heads of a slashed pair (开户/交易日期)
MODIFIER = "的"  # a 的-phrase names a narrower thing than its head (关注的帐号)
PARTICLES = "的了"  # left at the front of a name once its lead-in is cut
NOT_PARTY_HEADS: tuple[str, ...] = ("原则", "政策", "措施", "协议")  # 最小必要原则 is no recipient
ACCOUNT_TAILS: tuple[str, ...] = ("账号", "帐号", "账户", "帐户", "卡号",  # 银行 of 银行账号 is a data type
                                 "版本")  # android系统和SDK版本: a version collected, not an SDK
RIGHTS_CUES: tuple[str, ...] = ("权利", "有权")  # a sentence about the person's rights
# Words naming a person other than the user as the one the data is about (GB/T 35273-2020 附录A
# lists 联系人信息 apart; PIPL art. 28/31 minors; general knowledge of policy wording): 联系人手机号码
# is another person's number, not the user's 手机号码 said again.
OTHER_PERSONS: tuple[str, ...] = ("联系人", "收件人", "寄件人", "收货人", "乘车人", "乘客", "家属", "监护人", "儿童",
                                  "未成年人", "子女", "孩子", "好友", "他人")

# A device permission named with or without its word (相机权限 / 相机功能 / 相机), and a device's
# own part named with or without the device (设备麦克风 / 麦克风): general knowledge of how Android
# and iOS permission dialogs and policies' permission tables name them.
PERMISSION_TAILS = ("权限", "功能")
DEVICE_LEADS = ("设备", "手机")

# Verbs of using data, not collecting it (PIPL art. 4 lists 收集 and 使用 as separate kinds of
# processing): data a clause only uses (在合理范围内使用您自行公开的信息) is a use, worded as one.
USE_VERBS: tuple[str, ...] = ("使用", "利用")
COLLECT_WORDS: tuple[str, ...] = ("收集", "采集", "获取", "读取", "记录", "上传", "调用", "提供")
USE_OBJECT_LEADS: tuple[str, ...] = ("您的", "你的", "您", "你", "用户的")  # between the verb and the data
USE_FOR = ("将", "用于")  # 将您的金融信息用于客户体验…或市场调查等用途: the data put to a use

# A party the service checks the user's data with (向发证机关进行核验, 向合法数据持有者核实您的身份信息):
# it receives the data to confirm them, not to use them as a partner does (general knowledge of
# real-name verification, 网络安全法 art. 24 and PIPL art. 13). Said as what it is: a verifier.
VERIFIED_WITH_LEAD = "向"
VERIFIED_WITH_TAIL = r"(?:（[^）]{0,40}）)?(?:进行|予以)?(?:核实|核验|核对|验证|查验|比对|校验)"
# A purpose span that opens with the user doing something (用于您使用电子地图识别附近网点…) tells
# when the data are used, not what for: the purpose of processing is the controller's (PIPL art. 17).
USER_ACT_FIRST = regex_cache.compile(r"^(?:您|你|用户)(?:在|正在)?(?:使用|访问|浏览)")

# Where in the product an SDK sits, written before its name (学习通内讯飞SDK, APP内…SDK): the SDK is
# what follows 内 (general knowledge of how policies list the SDKs of an app).
IN_PRODUCT = regex_cache.compile(r"^[^，,。；;、\s]{2,8}?内(?=\S{2,}sdk$)", re.IGNORECASE)
# Words that say what an SDK does, not who makes it (极光推送SDK / 小米推送SDK, 微信登录SDK): two SDK
# names that share only such words are two vendors' SDKs (general knowledge of the SDK kinds the
# TC260 《网络安全标准实践指南—移动互联网应用程序（App）使用第三方SDK…》 lists by function).
SDK_FUNCTION_WORDS: tuple[str, ...] = (
    "推送", "消息", "通知", "登录", "授权", "一键", "本机号码", "分享", "支付", "地图", "定位", "统计", "分析",
    "直播", "视频", "音视频", "音频", "语音", "识别", "人脸", "活体", "检测", "安全", "风控", "广告", "播放器", "播放",
    "云", "存储", "客服", "扫码", "闪验", "崩溃", "监测", "性能", "认证", "验证", "小程序", "数据", "服务", "互动",
    "push", "pay", "login", "share", "map", "location", "analytics", "ad", "ads", "im", "face", "ocr", "verify",
)

# Verbs of what the person does in an app (创建课程, 发布动态, 参与活动): a list of them ending in 时 names
# the moments data are collected, not data; a name that starts with one and ends on no data head
# (DATA_HEADS: 发布内容, 评论记录 are data) is an activity (general knowledge of Chinese verb-object
# compounds in policies' feature lists).
ACTIVITY_VERBS: tuple[str, ...] = (
    "创建", "发布", "参与", "参加", "加入", "编辑", "修改", "删除", "填写", "绑定", "解绑", "添加", "拍摄", "录制",
    "扫码", "点赞", "签到", "打卡", "充值", "提现", "邀请", "领取", "兑换", "控制",
    "修正", "更正", "销毁", "匿名化", "去标识化",  # acts of processing (PIPL art. 4, 47): 访问、修正或删除, 传输、存储、销毁
)

# A sentence where the person looks their own data up (您可以通过…账号系统查询到您的…信息，如头像、昵称、性别):
# the right of access (PIPL art. 45, GB/T 35273 §8.1), not a collection of what it lists.
LOOKED_UP = r"(?:您|你)可以[^。；;]{0,40}(?:查询到|查阅到|查看到)"
# A duty put on the person (您公开发布的信息中涉及儿童个人信息的，需在发布前取得…监护人授权): the data are
# the user's to handle, not the service's practice (issue 19: warnings to the user state no practice).
USER_DUTY = r"(?:您|你)[^。；;]{0,30}(?:需|须|应当|应)(?:在[^。；;，,]{0,8})?(?:取得|获得|征得)"
USER_TASK = regex_cache.compile(LOOKED_UP + "|" + USER_DUTY)
# Clauses of what the person does or loses, not of what the service collects (general knowledge of
# how policies tell a person what a permission is for and what refusing it costs):
# - the person's own act before the service's (当您…进行实人认证或是获取游戏资源时，我们需要…); a clause
#   where 我们 acts, or that grants the service access (授权, 允许, 开启: 当您授权本应用读取通讯录时), is not one;
# - the consequence of refusing, up to the end of its clause (如您拒绝授权，将会影响到…游戏资源的正常获取): what
#   GB/T 35273-2020 §5.3 c) asks a policy to state, the features the person loses.
PERSONS_CLAUSES = regex_cache.compile(
    r"(?:^|[，,。；;：:])\s*(?:当|在)?(?:您|你)(?:(?!授权|允许|开启|打开|同意)[^，,。；;：:我]|我(?!们))*时(?=[，,。；;]|$)"
    r"|(?:如|若|如果|倘若|一旦)(?:您|你)(?:拒绝|不同意|不授权|未授权|关闭|取消|撤回)[^。；;]{0,30}?"
    r"(?:将会?|会|可能|则)[^。；;，,]{0,4}?(?:影响|无法|不能)[^。；;，,]*")
# A sentence that frees a kind of data from consent or from counting as sharing (共享经去标识化处理的个人信息…
# 不属于个人信息的对外共享…无需另行向您通知并征得您的同意; GB/T 35273-2020 §9.2 note, PIPL art. 73(4)): the
# 去标识化 it names is the exemption's condition, not a safeguard the policy promises.
EXEMPTION = regex_cache.compile(r"无需[^。；;，,]{0,12}(?:同意|授权)|不属于[^。；;]{0,12}(?:共享|转让|公开披露)")
# The service as the subject of what it does, with its modal (我们会, 我行将, 本公司可能会): shared by the patterns
# of its own practices (here and ``facts_more.OWN_PRACTICE``).
THE_SERVICE = r"(?:我们|我行|本行|本公司|我司)(?:会|将|还会|也会|将会|可能会?|需要)?"
# The service's own collection of the person's data (我们会收集您的…, 我行将采集您的…): general knowledge of
# how policies state it (PIPL art. 17 asks for the kinds of data collected to be listed).
OWN_COLLECTION = regex_cache.compile(THE_SERVICE + r"(?:收集|采集|获取)(?:您|你)的")
# …or from the person (…向您收集…): a practice even when a law or an authority is its reason (根据…有权机关的
# 要求，我们会…向您收集身份证件信息; GB/T 35273-2020 §5.4 asks a policy to state such collection like any other).
COLLECTS_FROM_PERSON = regex_cache.compile(OWN_COLLECTION.pattern + r"|向(?:您|你)(?:收集|采集|获取)")
# The rest of a list whose last item carries the head the others share (消息创建、送达和点击时间): a short
# word before it is that head's modifier, not a name (general knowledge of Chinese coordination).
TIMED_LIST = regex_cache.compile(r"[、和及与][^，,。；;、]{0,6}?(?:时间|日期)")
# A clause naming a technology like cookies (Cookie和设备信息标识等同类技术; GB/T 35273 §5.x on cookies and
# similar techniques): the words name the technique, not data collected.
TECHNOLOGY = regex_cache.compile(r"同类技术|类似技术")
HEADED_PAIR = regex_cache.compile(r"及[^，,。；;、及]{0,10}?(?:信息|记录|数据)")  # 硬件及操作系统信息: 硬件 shares the head
