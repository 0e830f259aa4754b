"""Every Chinese pattern and word list policydiff uses, in one place.

Each block says where it comes from. Adding a word or a 重大变更 item is a one-line change here;
the code that uses these lists lives in normalize, parse, dates and classify.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Layout (normalize.py). From the seeds' PDF extractions (000, 004) and the real corpus.
# ---------------------------------------------------------------------------------------------

# Sentence ends: a hard-wrapped line ending with one of these closes its paragraph.
SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "：", ":")
# Page numbers left by PDF extraction: "12", "- 12 -", "第 3 页", "3/20", "Page 3".
PAGE_NUMBER = re.compile(r"^(?:[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d+\s*页(?:\s*[/共]\s*\d+\s*页?)?|\d{1,3}\s*/\s*\d{1,3}|page\s*\d+)$", re.I)
# A web address with a scheme; in PDF text it may run on over a line break (seed 000:
# "…entry_" / "src=fz352b29&…{"), which wrap repair glues back without a space.
URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%{}|^]+", re.I)
# List bullets and Markdown heading marks at the start of a paragraph (corpus: "•", seeds 002/003: "- ").
LEADING_BULLET = re.compile(r"^\s*(?:[•·▪●◆■○◇□►▶➢✓√\-–—*]+|#{1,6})\s*(?=\S)")

# ---------------------------------------------------------------------------------------------
# Headings (parse.py). Numbering styles seen in the seeds and corpus/real.
# ---------------------------------------------------------------------------------------------

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]+"

# (style, regex). The regex's group 1 is the number; the match end is where the title starts.
# Order matters: the first style that matches a line is tried first.
LABEL_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第\s*({_CN}|\d{{1,3}})\s*(?:章|部分|节|篇)\s*[、.．:：]?\s*")),
    ("article", re.compile(rf"^第\s*({_CN}|\d{{1,3}})\s*条\s*[、.．:：]?\s*")),
    ("cn", re.compile(rf"^({_CN})\s*[、.．,，]\s*")),
    ("paren_cn", re.compile(rf"^[（(]\s*({_CN})\s*[)）]\s*[、.．]?\s*")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\s?[.．]\s?\d{1,3})+)[.．、]?(?![\d.．])\s*")),
    ("num_dun", re.compile(r"^(\d{1,3})\s*、\s*")),
    ("num_dot", re.compile(r"^(\d{1,3})\s*[.．](?![\d])\s*")),
    ("paren_num", re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("num_paren", re.compile(r"^(\d{1,3})\s*[)）]\s*")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
    ("alpha", re.compile(r"^([a-zA-Z])\s*[.、)）](?![a-zA-Z0-9.])\s*")),
    ("md", re.compile(r"^(#{1,6})\s+")),
)
# A number and a space before a short title, no mark between (corpus: douyin 2022 "1 我们如何收集和使用
# 个人信息", whose TOC prints "1.…"). Accepted only for heading lines, and never before a unit
# ("3 个工作日内"); sequence validation keeps "53 快服…" (seed 004) out.
NUM_SPACE_HEADING = re.compile(r"^(\d{1,2})\s+(?=[^\d\s个天日月年周小时分秒%％])")
# Unnumbered heading forms: a short bold line (seeds 002, 003), a bracketed title (seed 001
# "【引言】"), an appendix (seed 001 "附录：相关定义").
BOLD_HEADING = re.compile(r"^\*\*([^*]{1,40})\*\*\s*$")
BRACKET_HEADING = re.compile(r"^【([^】]{1,24})】\s*$")
APPENDIX_HEADING = re.compile(r"^(附录|附件|附表)\s*[一二三四五六七八九十\d]*\s*[：:、.．]?\s*")
# An unnumbered heading printed as a short line of its own (corpus: didi-hk "個人資料的收集範圍",
# zhihu "委托处理您的个人信息", papergames-nikki v1 "我们如何使用您的信息"): used only for
# documents whose numbering does not structure them. No sentence punctuation and no digits
# (dates, versions) inside; a question mark may end it ("我如何对自己的数据行使权利？").
PLAIN_HEADING = re.compile(r"^(?=.*[\u4e00-\u9fff])[^。；;：:，,！!？?\t\d]{2,24}[？?]?$")

# Quick test: could this line open a heading or list item?
HEADING_START = re.compile(
    rf"^(?:第\s*(?:{_CN}|\d+)\s*[章条节篇部]|{_CN}\s*[、.．]|[（(]\s*(?:{_CN}|\d{{1,3}})\s*[)）]|\d{{1,3}}\s*(?:[.．]\s*\d|[.．、)）])"
    r"|[①-⑳]|[a-zA-Z]\s*[.、)）](?![a-zA-Z0-9.])|#{1,6}\s|\*\*[^*]{1,40}\*\*\s*$|【[^】]{1,24}】\s*$|附录|附件)"
)

# A heading's title ends at the first of these (a numbered clause keeps its first sentence).
TITLE_END = re.compile(r"[。；;：:！？!?]")


def lexicon_words() -> set[str]:
    """Every lexicon word, added to the tokenizer so that entities stay one token."""
    words: set[str] = set()
    for lexicon in (DATA_TYPES, PURPOSES, RECIPIENTS, SAFEGUARDS, RIGHTS, CONTACT_ROLES):
        for group in lexicon.values():
            words.update(group)
    for group in (CROSS_BORDER_WORDS, HIGH_RISK_WORDS, ASSESSMENT_WORDS):
        words.update(group)
    return {w for w in words if len(w) >= 2}


# ---------------------------------------------------------------------------------------------
# Stated dates (dates.py). Labels seen in the seeds and corpus/real: 更新日期, 更新时间,
# 最近更新日期, 最新更新日期, 生效日期, 生效时间, 最新版本生效日期, 发布日期, 版本号.
# ---------------------------------------------------------------------------------------------

DATE_LABELS: dict[str, tuple[str, ...]] = {
    "updated": ("最近更新日期", "最新更新日期", "更新日期", "更新时间", "最近更新", "最新更新", "修订日期", "更新于", "版本更新日期"),
    "effective": ("最新版本生效日期", "生效日期", "生效时间", "生效于", "施行日期", "实施日期"),
    "published": ("发布日期", "发布时间", "公布日期", "上线日期", "发布于"),
}
# A date in any of the usual forms: 2022-04-11, 2022年4月11日, 2022.04.11, 2022/4/11,
# [2023]年[11]月[01]日 (seed 002 placeholders), 【2022】年【9】月【9】日, "2021 年 10 月 25 日".
DATE = re.compile(
    r"[\[【]?\s*((?:19|20)\d{2})\s*[\]】]?\s*(?:年|[-./])\s*[\[【]?\s*(\d{1,2})\s*[\]】]?\s*(?:月|[-./])\s*[\[【]?\s*(\d{1,2})\s*[\]】]?\s*日?"
)
# A policy's own version number stands on a line of its own ("版本号：V2.1"), unlike app versions.
VERSION_NUMBER = re.compile(r"(?m)^\s*(?:版本号|版本)\s*[:：]\s*[vV]?(\d+(?:\.\d+){0,3})\s*$")

# ---------------------------------------------------------------------------------------------
# 重大变更 categories (classify.py).
# ---------------------------------------------------------------------------------------------

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
CLAUSE_INTRO = re.compile(
    r"(?:重大|重要)[^。；：:]{0,6}?变[更化][^。；]{0,20}?(?:包括|是指|指的是|指|主要有|如下|以下)[^。；：:]{0,12}[：:]"
    r"|(?:以下|下列)[^。；]{0,12}(?:属于|构成|视为|为)[^。；：:]{0,6}(?:重大变更|重大变化)[^。；：:]{0,8}[：:]"
)
# The looser one-sentence form of seed 002 六: "对我们的基本情况、…、我们的联系方式发生变更的，我们会…".
CLAUSE_SENTENCE = re.compile(r"对(?P<items>[^。；]{6,240}?)发生(?:重大)?变[更化]的?[，,]")
# List markers of the clause's items: （1） (1) 1、 1. 1） ① • -.
CLAUSE_ITEM = re.compile(r"(?:^|(?<=[；;。\s]))\s*(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[、.．)）]|[①-⑩]|[•·\-])\s*")

# An item of the clause maps to a canonical key by its words; the first key that matches wins,
# so the specific categories come before the broad purpose one (seed 001 item 2 speaks of
# 主体变更 and also of 接收方 and 处理目的: it is about the controller).
CATEGORY_ITEM_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("risk_assessment", ("影响评估", "安全评估", "高风险", "风险评估", "评估报告")),
    ("controller", ("控制权", "所有者", "主体变更", "主体发生变更", "并购", "重组", "所有权结构", "组织架构", "基本情况", "控制者", "运营主体", "破产")),
    ("contact", ("联络方式", "联系方式", "投诉渠道", "责任部门", "负责人", "联系人")),
    ("rights", ("权利", "行使方式", "查阅管理", "管理个人信息的方式", "管理方式")),
    ("recipients", ("共享", "转让", "公开披露", "主要对象", "接收方", "提供给第三方", "对外提供")),
    ("purpose_type_usage", ("服务模式", "处理目的", "目的", "信息类型", "使用方式", "处理方式", "种类", "存储期限", "存储位置", "存储地", "出境", "跨境", "业务模式")),
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

# ---------------------------------------------------------------------------------------------
# Personal-information types (purpose_type_usage). Concept -> the words that name it. The
# sensitive kinds are those of PIPL art. 28 (生物识别、宗教信仰、特定身份、医疗健康、金融账户、
# 行踪轨迹、不满十四周岁未成年人); the rest are those the seeds and corpus/real collect.
# A concept is new only when none of its words appeared in the old version.
# ---------------------------------------------------------------------------------------------

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
    "minor_age": ("不满十四周岁", "不满14周岁", "未满14周岁", "未满十四周岁", "14周岁以下", "十四周岁以下"),
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
SDK_NAME = re.compile(r"([^\s，。；：、,;:“”\"（）()《》]{2,16})\s*(?:SDK|sdk|Sdk)")  # no CJK range: cheap to compile
SDK_NAME_STOP = ("第三方", "相关", "上述", "该", "此", "其他", "以下", "各类", "部分", "这些", "所述", "的")
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
COMPANY_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|集团)")
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
COMPANY_STOP = "的给与和及或为由是在将至向被把从对于以及指即系、，。；：:,;（）()“”\"《》【】[] "

# Sentences that make a company the controller (the one processing as "我们") rather than a
# recipient: mergers, acquisitions, operators (issue 3, "controller").
CONTROLLER_CUES = (
    "收购", "并购", "重组", "合并", "分立", "承继", "承接", "整体转让", "业务转让", "运营者", "运营主体",
    "负责运营", "由其负责", "个人信息处理者", "控制者", "我们（", "我们(", "“我们”", "旗下", "所有者",
    "实际控制", "控股", "运营方", "经营者",
)
# "由杭州某某有限公司运营" — the operator named in passing.
CONTROLLER_PATTERN = re.compile(r"由[^，。；]{2,40}?(?:运营|经营|开发和运营|负责)")
# Weaker cues: they name a company's role or seat, and yield to a sharing context
# ("北京某某有限公司（以下简称“某某”）提供的 SDK" is a recipient).
CONTROLLER_WEAK_CUES = ("以下简称", "服务提供者", "注册地址", "住所地", "转让给", "主体")

# ---------------------------------------------------------------------------------------------
# Rights (rights): PIPL arts. 44-50 and GB/T 35273 §8.
# ---------------------------------------------------------------------------------------------

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
TIME_LIMIT = re.compile(r"(?<![\d.．\-/])(\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?\s*(工作日|自然日|天|日|个月|月|小时|年)(?!\s*\d)")
RESPONSE_WORDS = ("答复", "回复", "响应", "处理完毕", "反馈", "处理您的", "处理你的", "完成核查", "内处理")
RETENTION_WORDS = ("保存", "存储", "保留", "留存")
FEE_WORDS = ("不收取", "免费", "收取费用", "收费", "成本费用", "费用")  # "不收取费用" before "收取费用"
IDENTITY_WORDS = ("验证您的身份", "验证你的身份", "身份验证", "核验身份", "证明您的身份")
# Characters a reworded sentence changes without changing what it grants (pronouns 您/你,
# auxiliaries 会/将/可, particles): left out when sentences are compared loosely.
LOOSE_DROP_CHARS = "您你我们的地得了会将也都可以能够均"
# Signs that a sentence tells how to exercise a right: an in-app path ("我的—设置—注销"), a button.
EXERCISE_PATH_MARKERS = ("—", "－－", "->", "→", ">", "＞", "点击", "路径", "入口", "设置", "页面", "按钮", "在线申请", "客服")
# A right is granted to the person in a sentence of this shape.
GRANT = re.compile(r"(?:您|你|用户)[^。；]{0,8}(?:有权|可以|可通过|可在|可向|可随时|能够|可)")

# ---------------------------------------------------------------------------------------------
# Contact (contact): channels and the people responsible.
# ---------------------------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# (12315 and 12377 are the regulators' complaint lines, 95xxx/10xxx service numbers.)
PHONE = re.compile(r"(?<![\d\-])(?:123\d{2}|0\d{2,3}[\-－—\s]?\d{7,8}|400[\-\s]?\d{3}[\-\s]?\d{4}|800[\-\s]?\d{3}[\-\s]?\d{4}|1[3-9]\d{9}|95\d{3,4}|10\d{3,4}(?=[)）转，。；\s]))(?![\d])")
# (Negated classes rather than a CJK range: a \u4e00-\u9fff class costs ~2 ms to compile.)
ADDRESS = re.compile(
    r"[^\s，。；：、,;:“”\"（）()\d]{2,8}(?:省|市|自治区)[^，。；：、,;:“”\"]{2,50}?(?:号楼|号院|号|室|层|楼|座|大厦|园区|中心)"
    r"(?:[^，。；：、,;:“”\"]{0,20}?(?:室|层|楼|座))?"
)
CONTACT_ROLES: dict[str, tuple[str, ...]] = {
    "privacy_officer": ("个人信息保护负责人", "个人信息保护专员", "数据保护官", "DPO", "隐私官", "首席隐私官"),
    "privacy_office": ("个人信息保护办公室", "个人信息保护部", "隐私保护部", "数据安全部", "隐私专员", "个人信息保护团队"),
    "legal": ("法务部", "法务"),
    "customer_service": ("在线客服", "客服热线", "客服电话", "客服邮箱", "客服"),
    "complaint": ("投诉渠道", "举报中心", "投诉邮箱", "举报电话"),
    "court": ("人民法院", "仲裁委员会", "仲裁"),
}

# The competent court or arbitration body named for disputes (issue 3, contact: "competent court
# or arbitration"): "北京市海淀区人民法院", "杭州仲裁委员会".
COURT = re.compile(r"([^\s，。；：、,;:“”（）()]{2,20}?(?:人民法院|互联网法院|法院|仲裁委员会|仲裁院))")

# ---------------------------------------------------------------------------------------------
# Impact assessment (risk_assessment): GB/T 35273 §11.4 and PIPL art. 55.
# ---------------------------------------------------------------------------------------------

ASSESSMENT_WORDS = ("影响评估", "安全评估", "风险评估", "评估")
# A condition ("…表明存在高风险时", "如评估为高风险") is not a finding: the clause items say so.
CONDITIONAL_WORDS = ("如果", "若", "一旦", "如经", "如评估", "假如")
HIGH_RISK_WORDS = ("高风险", "风险较高", "较高风险", "重大风险", "较大风险", "风险较大", "重大影响")

# Sentence ends for evidence quotes.
SENTENCE_SPLIT = re.compile(r"(?<=[。；！？!?;])")

# ---------------------------------------------------------------------------------------------
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
NOTICE_HEADING = re.compile(
    r"^[【\[]?\s*(?:版本更新(?:提示|说明|内容)|更新(?:提示|说明|概要|摘要|要点)|(?:本次|此次|本版本|此版本)?(?:主要)?(?:更新|修订|变更)(?:的)?(?:主要)?(?:内容|说明|变化)|主要变化|重要更新提示)\s*[】\]]?\s*[：:]?\s*$"
)
# A sentence reporting this update (12306 "进行了更新", "更新后的版本"; bilibili "更新了一些内容";
# jd "此版本更新"; psbc "更新内容主要为"; leiting "更新了《…政策》").
NOTICE_CUE = re.compile(
    r"(?:进行了(?:更新|修订|修改|调整)|更新后的(?:版本|政策|隐私政策|条款)(?=[^。]{0,4}(?:新增|增加|修改|调整|补充|删除|明确|更新|主要))"
    r"|(?:本次|此次|本版本|此版本)(?:的)?(?:主要)?(?:更新|修订|变更|调整)|更新了[^。；]{0,24}?(?:内容|政策|条款|指引)"
    r"|(?:更新|修订|变更)(?:的)?(?:主要)?内容(?:主要)?(?:为|是|包括|如下|有)|主要(?:更新|修订|变化|变更)(?:如下|包括|为|有))"
)
# Words of a promise about future updates ("本政策如何更新": bytedance "更新后的条款生效前", seed 002
# "我们会通过…发出更新版本"): a sentence with one of these is not a notice.
NOTICE_FUTURE = ("我们会", "我们将", "将会", "会在", "如果", "若", "对于重大变更", "发生变更时", "生效前", "不时", "适时", "可能会")
# A paragraph highlighted as a notice anywhere in the text ("【更新提示】…", "**…**").
NOTICE_HIGHLIGHT = ("【", "**", "★", "※")
NOTICE_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])")
# Where the list of changes starts (bilibili "主要包括：", 12306 "更新后的版本", jd "主要集中", psbc "主要为").
NOTICE_ITEMS_START = re.compile(
    r"(?:主要包括|主要内容(?:为|是|包括|有)?|主要集中(?:在|于)?|主要为|主要是|主要有|具体(?:如下|包括)|如下|更新后的(?:版本|政策|隐私政策|条款))\s*[：:，,]?"
)
# Where an item's words end and courtesy begins (jd "…使用规则，以便于您更加清晰…").
NOTICE_ITEM_STOP = re.compile(r"[，,]\s*(?:以便|以使|以帮助|便于|请您|请你|建议您|建议你|如您|如你|欢迎|感谢)")
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
_REF_UNIT = r"第\s*(?P<unit_num>[零〇一二三四五六七八九十百两]+|\d{1,2}(?:[.．]\d{1,3})*)\s*(?:部分|章|节|篇|条|款|项)"
_REF_PAREN = r"第?\s*[（(]\s*(?P<paren>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]\s*(?:条|项|款|节)?"
_REF_DOTTED = r"(?<![\d.．A-Za-z])(?P<dotted>\d{1,2}(?:[.．]\d{1,3})+)(?![\d.．%])"
NOTICE_REF_ATOM = re.compile(f"{_REF_UNIT}|{_REF_PAREN}|{_REF_DOTTED}")
_REF_ANY = re.sub(r"\?P<\w+>", "", f"(?:{_REF_UNIT}|{_REF_PAREN}|{_REF_DOTTED})")
NOTICE_REF = re.compile(rf"{_REF_ANY}(?:\s*(?:中的|之|的)?\s*{_REF_ANY})*")
# Words of an item too common to show that an edit is the one it speaks of.
NOTICE_FILLER = frozenset(
    (
        "我们", "您", "你", "个人信息", "信息", "隐私政策", "政策", "内容", "相关", "描述", "情况", "规则", "方式", "服务",
        "产品", "功能", "需要", "提供", "收集", "使用", "处理", "部分", "条款", "以及", "场景", "类型", "用户", "版本",
        "更新", "有关", "具体", "主要", "我行", "该等", "为您", "为你", "您的", "你的", "我们的", "进行", "其他", "个人",
        "共享", "第三方", "如何", "目的",
    )
)
