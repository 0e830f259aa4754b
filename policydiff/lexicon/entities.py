"""What a policy names: personal-information types, purposes, recipients, companies.

Concept -> the words that name it; a concept is new only when none of its words appeared in
the old version. Used by ``compare.mentions``.
"""

from __future__ import annotations

from policydiff import regex_cache

# Personal-information types (purpose_type_usage). Concept -> the words that name it. The
# sensitive kinds are those of PIPL art. 28 (生物识别、宗教信仰、特定身份、医疗健康、金融账户、
# 行踪轨迹、不满十四周岁未成年人); the rest are those the seeds and corpus/real collect.
# A concept is new only when none of its words appeared in the old version.
# ---------------------------------------------------------------------------------------------

_MINOR_AGES = ("不满十四周岁", "不满14周岁", "未满14周岁", "未满十四周岁", "14周岁以下", "十四周岁以下")
_MINOR_HEADS = ("的未成年人", "未成年人", "的儿童", "儿童")

DATA_TYPES: dict[str, tuple[str, ...]] = {
    "face": ("人脸", "面部", "面容", "脸部", "刷脸", "人像"),
    "fingerprint": ("指纹",),
    "voiceprint": ("声纹",),
    "iris": ("虹膜",),
    "biometric": ("生物识别", "生物特征"),
    "religion": ("宗教信仰", "宗教"),
    "special_identity": ("特定身份",),
    "health": ("医疗健康", "健康信息", "病历", "病史", "体检", "医疗信息", "健康状况", "生理信息", "心率", "运动步数"),
    "financial_account": ("银行卡", "金融账户", "银行账户", "信用卡", "征信", "存款", "收入信息", "财产信息"),
    "precise_location": ("精确位置", "精准定位", "精确定位", "GPS", "行踪轨迹", "行踪", "北斗"),
    "location": ("地理位置", "位置信息", "定位信息"),
    # named with its head when it has one (「14周岁以下的儿童」, not the age alone); 儿童 is 不满十四周岁的
    # 未成年人 in 儿童个人信息网络保护规定 (2019) art. 2
    "minor_age": tuple(age + head for age in _MINOR_AGES for head in _MINOR_HEADS) + _MINOR_AGES,
    "id_document": ("身份证", "护照", "证件号码", "证件信息"),
    # device identifiers are kinds of their own: a new identifier is a new type (12306 2023
    # silent revision adds HarmonyOS AAID)
    "imei": ("IMEI",),
    "imsi": ("IMSI",),
    "meid": ("MEID",),
    "android_id": ("Android ID", "AndroidID", "AndroidId"),
    "idfa": ("IDFA",),
    "idfv": ("IDFV",),
    "oaid": ("OAID",),
    "aaid": ("AAID",),
    "iccid": ("ICCID",),
    "mac": ("MAC地址", "MAC 地址", "Mac地址"),
    "serial": ("序列号", "SN码"),
    "device_id": ("设备标识", "设备识别码", "唯一设备"),
    "wifi": ("WiFi", "Wi-Fi", "WIFI", "SSID", "BSSID", "无线网络信息"),
    "bluetooth": ("蓝牙",),
    "cell": ("基站",),
    "ip": ("IP地址", "IP 地址"),
    "contacts": ("通讯录", "联系人列表", "通信录"),
    "clipboard": ("剪切板", "剪贴板", "粘贴板"),
    "app_list": ("应用列表", "软件列表", "安装列表", "应用安装列表", "已安装应用"),
    "photos": ("相册", "照片", "图片库"),
    "microphone": ("麦克风", "录音", "语音信息", "语音输入"),
    "camera": ("摄像头", "相机权限"),
    "call_log": ("通话记录", "通话详单"),
    "sms": ("短信内容", "短信记录"),
    "sensors": ("传感器", "陀螺仪", "加速度"),
    "browsing": ("浏览记录", "搜索记录", "观看记录", "收藏记录"),
    "social": ("好友关系", "社交关系", "关注关系"),
    "vehicle": ("车牌", "行驶证", "驾驶证"),
    "employment": ("工作单位", "职业", "学历", "教育经历"),
}

# Purposes and ways of use (purpose_type_usage) — the list and the corpus's wording.
PURPOSES: dict[str, tuple[str, ...]] = {
    "personalised_recommendation": ("个性化推荐", "个性化推送", "个性化展示", "个性化内容推荐"),
    "profiling": ("用户画像", "画像"),
    "automated_decision": ("自动化决策",),
    "model_training": ("模型训练", "算法模型", "人工智能", "机器学习", "训练模型", "大模型", "AI训练"),
    "targeted_ads": ("定向广告", "广告投放", "精准营销", "程序化广告"),
    "marketing": ("营销推广", "商业推广", "营销活动", "商业营销"),
    "credit": ("授信", "信用评估", "风控评分", "征信查询"),
    "sale": ("出售", "售卖", "交易个人信息"),
}

# Cross-border transfer and storage location (purpose_type_usage, "存储位置"; issue 3: "数据存储
#位置发生迁移"). Places a policy may name as where data is stored.
CROSS_BORDER_WORDS = ("境外", "出境", "跨境传输", "跨境提供", "境外接收方", "海外服务器")
STORAGE_PLACES = (
    "中国境内", "中华人民共和国境内", "境内", "新加坡", "美国", "欧盟", "欧洲", "日本", "韩国", "香港", "澳门", "台湾",
    "英国", "德国", "爱尔兰", "印度", "俄罗斯", "澳大利亚", "加拿大", "马来西亚", "印度尼西亚", "越南", "泰国",
)
STORAGE_VERBS = ("存储", "存放", "保存", "服务器", "数据中心", "机房", "传输至", "传输到", "传输给", "提供给", "出境", "跨境", "境外")
# A clause (between two CLAUSE_BREAKs) that stores or moves data (a TRANSFER_CUE in it; split, then
# searched: a pattern spanning a clause is quadratic on a clause without a cue): a place
# or 境外 says where data go only in one (soul 2022's 「境外展示对应的国家（地区）信息」 is where an IP
# address's region is shown, not a transfer; 「在境内运营中收集和产生的个人信息」 is what is stored: PIPL
# art. 40; general knowledge of how policies word storage and transfer).
CLAUSE_BREAK = regex_cache.compile(r"[，,；;。：:]")
TRANSFER_CUE = regex_cache.compile(r"存储|储存|存放|保存|服务器|数据中心|机房|传输|传送|提供|出境|跨境|转移|访问|处理|接收方|产生")

# Words that make a sentence about collecting or using information (a new type in a sentence
# without any of these is only mentioned, e.g. in a definition).
COLLECTION_VERBS = ("收集", "采集", "获取", "读取", "上传", "访问您的", "访问你的", "调用", "申请", "权限", "使用您的", "使用你的", "提取", "识别", "用于", "记录")

# ---------------------------------------------------------------------------------------------
# Recipients (recipients). Categories of recipient named in sharing clauses; corpus/real and the
# issue ("广告/营销/数据服务商/关联公司").
# ---------------------------------------------------------------------------------------------

RECIPIENTS: dict[str, tuple[str, ...]] = {
    "advertising": ("广告服务商", "广告合作伙伴", "广告主", "广告平台", "广告商", "广告联盟"),
    "marketing": ("营销服务商", "营销合作伙伴", "推广合作伙伴"),
    "data_services": ("数据服务商", "数据分析服务商", "统计服务商", "数据合作方", "数据服务提供商"),
    "affiliates": ("关联公司", "关联方", "关联企业", "集团内"),
    "financial_institution": ("金融机构",),
    "bank": ("商业银行", "银行"),
    "lender": ("小额贷款公司", "贷款机构", "消费金融", "网络小贷", "借贷机构"),
    "insurer": ("保险公司", "保险机构", "保险经纪"),
    "trust": ("信托公司", "信托机构"),
    "payment": ("支付机构", "支付服务商", "第三方支付"),
    "logistics": ("物流", "快递", "配送服务商"),
    "cloud": ("云服务商", "云服务提供商"),
    "verification": ("认证服务商", "认证机构", "实名认证服务"),
    "sdk": ("SDK",),
    "analytics": ("统计分析服务", "数据统计服务", "统计服务"),
    "push": ("推送服务商", "消息推送服务"),
    "merchants": ("商家", "卖家", "店铺"),
    "government": ("政府部门", "监管部门", "司法机关", "行政机关"),
    "researchers": ("科研机构", "学术研究"),
}
# A named SDK ("星云统计 SDK", "极光推送SDK"): a new one is a new recipient.
SDK_NAME = regex_cache.compile(r"([^\s，。；：、,;:“”\"（）()《》]{2,16})\s*(?:SDK|sdk|Sdk)")  # no CJK range: cheap to compile
SDK_NAME_STOP = ("第三方", "相关", "上述", "该", "此", "其他", "以下", "各类", "部分", "这些", "所述", "的")
SDK_LEAD_MARKS = ".．·"  # the dot after a list number (（3）.科大讯飞SDK) is no part of the name
# Verbs of sharing, entrusting, transferring and disclosing (PIPL arts. 21-25).
SHARING_VERBS = ("共享", "提供给", "提供至", "披露给", "披露", "委托", "转让给", "传输给", "发送给", "传输至", "分享给", "接收", "向其提供", "集成", "接入", "对外提供", "提供您的", "提供你的")
# Safeguards whose disappearance from the sharing sections matters.
SAFEGUARDS: dict[str, tuple[str, ...]] = {
    "separate_consent": ("单独同意", "单独授权"),
    "deidentified": ("去标识化",),
    "anonymised": ("匿名化",),
    "encrypted": ("加密传输", "加密"),
}

# Company names end with one of these; they start with a place name (or after the last of the
# stop characters). Places: provinces and the cities of the corpus's operators.
COMPANY_SUFFIX = regex_cache.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|集团)")
PLACES = (
    "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "成都", "南京", "武汉", "西安", "苏州", "厦门", "福州",
    "长沙", "郑州", "济南", "青岛", "合肥", "南昌", "昆明", "贵阳", "南宁", "海口", "三亚", "石家庄", "太原",
    "沈阳", "大连", "长春", "哈尔滨", "呼和浩特", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "宁波", "温州",
    "金华", "绍兴", "嘉兴", "湖州", "台州", "无锡", "常州", "珠海", "东莞", "佛山", "中山", "惠州", "香港",
    "澳门", "台湾", "广东", "浙江", "江苏", "山东", "河南", "河北", "湖北", "湖南", "四川", "福建", "安徽",
    "江西", "云南", "贵州", "广西", "海南", "陕西", "山西", "辽宁", "吉林", "黑龙江", "内蒙古", "甘肃", "青海",
    "宁夏", "新疆", "西藏", "霍尔果斯", "喀什", "中国", "萧山", "余杭", "滨江", "海淀", "朝阳", "南山", "福田",
)
# Role words glued in front of a name ("主体支付宝（中国）…", "服务商北京数安…"): not part of it.
COMPANY_PREFIXES = ("欢迎您使用", "欢迎你使用", "使用", "主体", "服务商", "提供商", "提供者", "运营方", "运营者", "合作方", "机构", "公司")
# Words before an address that are not part of it ("注册地址位于北京市…", "联系地址：…").
ADDRESS_PREFIXES = ("注册地址位于", "注册地址为", "注册地址", "联系地址为", "联系地址", "办公地址", "通讯地址", "邮寄地址", "地址为", "地址", "位于", "总部位于", "住所地", "住所")
# Company names that hold a stop character (华为终端有限公司, 美的集团): general knowledge of Chinese brands.
NAMES_WITH_STOPS = ("华为", "美的", "和讯", "为知")
COMPANY_STOP = "的给与和及或为由是在将至向被把从对于以及指即系、，。；：:,;（）()“”\"《》【】[] "

# Sentences that make a company the controller (the one processing as "我们") rather than a
# recipient: mergers, acquisitions, operators (issue 3, "controller").
CONTROLLER_CUES = (
    "收购", "并购", "重组", "合并", "分立", "承继", "承接", "整体转让", "业务转让", "运营者", "运营主体",
    "负责运营", "由其负责", "个人信息处理者", "控制者", "我们（", "我们(", "“我们”", "旗下", "所有者",
    "实际控制", "控股", "运营方", "经营者",
)
# "由杭州某某有限公司运营" — the operator named in passing.
CONTROLLER_PATTERN = regex_cache.compile(r"由[^，。；]{2,40}?(?:运营|经营|开发和运营|负责)")
# Weaker cues: they name a company's role or seat, and yield to a sharing context
# ("北京某某有限公司（以下简称“某某”）提供的 SDK" is a recipient).
CONTROLLER_WEAK_CUES = ("以下简称", "服务提供者", "注册地址", "住所地", "转让给", "主体")

# Quick tests before the costlier per-sentence patterns: a sentence can hold a company name only
# with one of these, an address only with a division word and a building word.
COMPANY_HINTS = ("公司", "集团")
GROUP_SUFFIX = "集团"
ADDRESS_DIVISIONS = ("省", "市", "自治区")
ADDRESS_BUILDINGS = ("号", "室", "层", "楼", "座", "大厦", "园区", "中心")
# A name core starting with a determiner is a reference ("该公司", "上述合作公司"), not a name.
COMPANY_NON_NAMES = ("该", "此", "本", "其", "上述", "相关", "合作", "第三方")
# Words before a company that hosts another's registered address (注册地址为…（入驻深圳市前海商务秘书有限公司）):
# the name is part of an address, not a party (general knowledge of Chinese company registration).
ADDRESS_HOSTS = ("入驻", "托管于", "托管在")

# A feature named in quotes (如您选择“信用卡”服务): the word names the feature, not data collected.
# Corpus: china-railway-12306 2022 (“汽车票”服务, “信用卡”服务), zhihu (「问答、想法」等内容).
FEATURE_QUOTES = ("“", "「", "『", "\"", "【")
FEATURE_NOUNS = ("服务", "功能", "业务", "频道", "板块", "模块", "页面")
# Tails that turn a listed word into another kind of thing (征信 → 征信机构, 支付 → 支付平台): a
# lexicon word that heads a longer word counts only when the rest is none of these (银行卡号 is 银行卡).
KIND_CHANGING_TAILS = ("机构", "机关", "公司", "平台", "中心", "部门", "服务", "功能", "业务", "商", "方", "厂")
