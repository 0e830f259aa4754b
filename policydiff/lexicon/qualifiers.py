"""Words that qualify a practice inside a sentence, read by ``compare.edits`` when a sentence is
reworded: how strong the consent it asks for is, how wide its scope, which words join a list.

Sources:
- Consent kinds: PIPL art. 13–14 (consent, 个人同意; given voluntarily and expressly, 明确作出),
  art. 14 (单独同意 or 书面同意 where laws require it), art. 29 (单独同意 for sensitive personal
  information), art. 39 (单独同意 for a transfer abroad); GB/T 35273-2020 §3.6–3.7 (明示同意,
  授权同意). The ranking (separate/written > express > plain consent) follows those articles:
  a law that asks for 单独同意 is not satisfied by a general 同意.
- Scope words (后台, 持续, 实时, 仍然, 无痕, 静默): general knowledge of how collection is
  widened in app policies; the TC260 App practice guides name background and continuous
  collection (后台/持续) as practices to be told.
- List joiners and head nouns: general knowledge of Chinese grammar (并列连词) and of the
  names of recipient and data classes in GB/T 35273-2020 附录A and §9.2.
"""

from __future__ import annotations

from policydiff import regex_cache

# Consent asked for, strongest first: (words, strength). Longer words first so that 明示同意 is
# not read as 同意.
CONSENT_LEVELS: tuple[tuple[str, int], ...] = (
    ("单独同意", 3),
    ("书面同意", 3),
    ("单独授权", 3),
    ("明示同意", 2),
    ("明确同意", 2),
    ("明确授权", 2),
    ("授权同意", 1),
    ("同意", 1),
    ("授权", 1),
)
CONSENT_PATTERN = regex_cache.compile("|".join(w for w, _ in CONSENT_LEVELS))
CONSENT_STRENGTH = dict(CONSENT_LEVELS)
# Verbs that make a consent word a requirement (征求你的明示同意), not a mention (同意本政策).
CONSENT_ASK = ("征求", "征得", "取得", "获得", "经过", "经", "事先", "基于")
# …unless denied or the person's own (您未获得充分授权): then no consent is asked.
CONSENT_DENIED = regex_cache.compile(r"未|没有|(?:您|你)(?:已)?(?:获得|取得)")
# Acts by which a person gives consent on screen (点击同意按钮): a consent asked for, too.
CONSENT_ACTIONS = ("点击同意", "勾选同意")
# Ways to do without consent that a rewording may add as an alternative ("遵循相关国家规定或者征求
# 你的同意"): an "or" before the consent words opens a second path.
ALTERNATIVE_WORDS = ("或者", "或")
ALTERNATIVE_ASK = regex_cache.compile(r"(?:或者|或)(?:事先)?(?:征求|征得|取得|获得|经过|经)")

# Words that widen when or how long collection runs (general knowledge; TC260 practice guides).
SCOPE_WORDS: tuple[str, ...] = ("后台", "持续", "实时", "仍然会", "仍会", "仍将", "无痕", "静默", "定期")
# Verbs of collecting or using (a list item's sentence states a practice with one of them).
COLLECT_VERBS = ("收集", "采集", "获取", "读取", "记录", "上传", "调用", "使用")
# Verbs a scope word must stand right before (within SCOPE_REACH characters, same clause) to widen
# collection: 后台运行期间收集, 仍然会收集 — not 实时反馈 or 是否从后台唤醒.
SCOPE_VERBS = ("收集", "采集", "获取", "读取", "记录", "上传", "调用")
SCOPE_REACH = 10
# Words a sentence's condition clause opens with (在无痕浏览模式下，…): kept with the scope clause.
CONDITION_OPENERS = ("在", "当", "如", "若", "即使", "即便")

# Words that join items of a list (并列连词 and the enumeration comma).
LIST_JOINERS = ("以及", "及其", "及", "和", "与", "、", "或者", "或", "及/或", "和/或")
# Separators of list items besides the joiners (in comparison-key form: half-width), and brackets.
LIST_SEPARATORS = (",", "、", ";")
OPEN_BRACKETS = ("(", "（", "[", "【")
CLOSE_BRACKETS = (")", "）", "]", "】")
# Segments an item's bracketed aside may span (设备识别标识(如imei、imsi、mac地址)).
ASIDE_SEGMENTS = 6
# "etc." inside an item (手机号码等信息): left out when items are compared.
ETC = "等"
# Dice of bigrams from which a new item is an old one reworded (菜鸟裹裹软件版本号 ~ 菜鸟软件版本号).
REWORDED_ITEM = 0.5
# Words a list item does not start with: pronouns, prepositions, conditions (…与银行 is a clause).
NOT_ITEM_STARTS = ("这些", "前述", "该等", "此类", "任何", "我们", "您", "你", "与", "向", "对", "将", "把", "在", "如", "当", "若", "为", "以", "其", "该", "此", "上述", "相关", "例如", "包括", "等")
# Head nouns of a recipient class (GB/T 35273-2020 §9.2 and general knowledge of the parties a
# policy shares with).
RECIPIENT_HEADS = (
    "机构", "银行", "公司", "服务商", "提供商", "制造商", "供应商", "合作伙伴", "合作方", "平台", "机关",
    "部门", "关联方", "关联公司", "商家", "厂商", "运营商", "院所", "第三方", "持有者",
)
# Head nouns of a data class (GB/T 35273-2020 附录A: …信息, …号码, …记录, …标识符).
DATA_HEADS = (
    "信息", "号码", "号", "地址", "记录", "标识符", "标识码", "标识", "识别码", "照片", "图像", "数据", "日志", "列表",
    "账号", "帐号", "密码", "证件", "位置", "通讯录", "日历", "指纹", "声纹", "人脸", "性别", "国籍", "职业",
    "年龄", "生日", "状况",
)
# Verbs of disclosing or transferring (PIPL arts. 22, 25: 转让, 公开披露): the recipients' category.
DISCLOSE_VERBS = ("披露", "转让")
# Verbs that make a list a list of recipients.
SHARE_VERBS = ("共享", "提供给", "披露给", "委托", "转让给", "传输给", "发送给", "分享给", "对外提供")

# Words that make a clause deny what it names (不会共享, 不向…提供, 无需…同意).
CLAUSE_NEGATIONS = ("不会", "不得", "不再", "绝不", "并不", "不向", "不与", "不对外", "无需", "无须", "不需要", "没有")
# Words of a transfer abroad: a sentence with one is about cross-border transfer (PIPL ch. III).
CROSS_BORDER = ("境外", "出境", "跨境")
# A destination abroad data are sent to or kept at (跨境到我们在境外的服务器, 存储于位于境外的数据中心):
# a transfer abroad (PIPL art. 38-39: 向境外提供; storage abroad is one too, 数据出境安全评估办法 art. 2).
# Group 1 is the destination, read against the other version.
ABROAD_WORDS = ("境外", "海外", "国外")  # one place for a transfer abroad, the first its spelling here
ABROAD_DESTINATION = regex_cache.compile(
    r"(?:传输|发送|传送|存储|储存|存放|跨境|提供|转移)(?:至|到|于|在)[^，,。；;]{0,12}?"
    r"((?:境外|海外|国外)[^，,。；;]{0,8}?(?:服务器|数据中心|机房|机构|公司|主体|接收方))"
)

# Punctuation: marks that end a clause, marks that cannot stand inside a list item, brackets.
CLAUSE_MARKS = "，,；;。：:"
CLAUSE_ENDS = "，。；,;"
ITEM_BREAKS = "，,；;。：:、（）()《》“”\"「」【】 "
BRACKETS = "（）()"

# A sentence that grants the person a right (PIPL arts. 44–50): "你有权要求我们作出解释".
# Words naming a right beyond rights.RIGHTS (PIPL art. 24: explanation of automated decisions, and
# refusal of automated decisions/of giving information; general knowledge).
RIGHT_WORDS = ("解释", "拒绝")
RIGHT_GRANT = regex_cache.compile(r"(?:您|你|用户|个人)[^，。；]{0,6}有权(?:要求|请求|向)?(?:我们)?([^，。；]{2,24})")

# A sentence naming whom it shares with: 与X共享, 向X提供/披露, 提供给X (general knowledge of the
# sharing clause; GB/T 35273-2020 §9.2).
SHARE_WITH = regex_cache.compile(
    r"(?:与|和|同)([^，。；：与和同]{2,40}?)(?:共享|分享)"
    r"|(?:向|提供给|披露给|传输给|分享给)([^，。；：向]{2,40}?)(?:提供|共享|披露|传输|核实|核验|进行核验|比对|[，。；]|$)"
)
# A party the operator entrusts or authorises to process data (委托X处理, 授权秒针系统（…）处理): a
# recipient by name, brackets (its policy's link) left out.
ENTRUSTED = regex_cache.compile(r"(?:委托|授权)([^，。；：、（）()的]{2,12})(?:[（(][^）)]*[）)])?处理")
# Named members of a recipient class (物流服务商有圆通、申通以及极兔).
NAMED_MEMBERS = regex_cache.compile(r"(?:服务商|合作伙伴|合作方|平台|机构|公司)(?:有|包括|包含)([^，。；：（）()]{2,30})[。；]?$")
# A list label before a line (a. b. （1） 1.) and how long a line naming a recipient class may be.
LEADING_ITEM_LABEL = regex_cache.compile(r"^(?:[a-z0-9]{1,2}[.)、]|\([0-9一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")
HEADING_MAX = 30
# A sentence that lists recipient classes after "includes" (这类第三方主要包括软件服务提供商、…).
RECIPIENT_LIST = regex_cache.compile(r"(?:主要包括|包括|包含|主要有)([^。；：:]{4,40})[。；]?$")
# The parts of such a line: 金融、征信服务等其他合作伙伴 → 金融 | 征信服务 | 其他合作伙伴.
PART_SPLIT = r"[、,及和与/]|或者|或|等"
# The particle that makes a phrase a clause (为…进行广告宣传的其他第三方).
OF = "的"
# Words pointing back at recipients already named (这些关联方): no recipient of their own.
DEMONSTRATIVES = ("这些", "前述", "上述", "该等", "此类", "相应", "任何", "其", "该", "此")
# Recipient names that are one class (general knowledge): 关联公司 ~ 关联方 ~ 关联企业.
RECIPIENT_VARIANTS = (("关联公司", "关联方", "关联企业"), ("合作伙伴", "合作方", "合作机构"), ("服务商", "服务提供商", "服务提供方"))
# Suffixes a recipient's name may add or drop (支付宝公司 ~ 支付宝).
GENERIC_SUFFIXES = ("有限公司", "公司", "集团")

# Tables (compare.facts.tables). Words of a header cell (SDK名称, 公司名称, 使用目的, 收集的信息).
TABLE_HEADER_WORDS = ("名称", "公司", "主体", "目的", "用途", "类型", "字段", "场景", "权限", "功能", "收集的信息", "个人信息")
# A device permission asked for (开启日历权限, 录音权限：). Names from the Android/iOS permission
# groups (general knowledge: 相机, 相册, 麦克风, 位置, 日历, 通讯录, 电话, 存储 …).
PERMISSION_ASK = regex_cache.compile(r"(?:开启|授权|申请|获取|调用|授予)(?:您的|你的|设备的|读取)?([^\s，。；：、（）()的]{2,6}?)权限|[）)]\s*([^\s，。；：、（）()的]{2,6}?)权限[：:]")
PERMISSION = "权限"
DOCUMENT_QUOTES = "《{}》"
PERMISSION_NOT_NAMES = ("这些", "某些", "一些", "相关", "对应", "相应", "上述", "前述", "此项", "系统", "必要", "敏感", "以上",
                        "其他", "此类", "访问")
PERMISSION_NOT_STARTS = ("和", "与", "及", "您", "你", "该", "其", "使用", "到", "/", "取消", "此")
# The name of another document a policy sends the reader to, and the endings of a list's name.
QUOTED_DOCUMENT = regex_cache.compile(r"《([^《》]{2,40})》")
# A list put behind a labelled link (应用权限查询链接：https://…, 第三方SDK清单链接：…): general knowledge of
# how app policies move their permission, personal-information and SDK lists into an appendix page
# (TC260 App 收集使用个人信息 guidance asks for such lists, in the policy or linked from it).
LINK_WORDS = ("链接", "网址")  # every LINKED_LIST_LABEL holds one: a text without them needs no search
LINKED_LIST_LABEL = regex_cache.compile(r"([^\s，,。；;：:、（）()|]{2,16}?(?:查询|清单|目录|列表|说明))(" + "|".join(LINK_WORDS) + r")\s*[：:]?\s*(?:https?://|www\.)")
LIST_DOCUMENT_ENDS = ("清单", "目录", "列表", "说明表", "一览表")

# Practices stated or denied (compare.edit_practices).
# Marks that end a sentence (a piece ending on none was cut by a line break).
SENTENCE_ENDS = ("。", "；", "！", "？", ";", "!", "?", ".")
# Verbs of asking the person for data (需提供人脸信息): collection, too.
PROVIDE_VERBS = ("需提供", "需要提供", "需上传", "需要上传", "请提供")
# A clause that denies collecting (并不收集, 不会收集, 不收集).
# A denial of sharing with a named party (未经您同意，我们不会与广告合作伙伴共享…; 不会将…提供给X;
# 不会向任何第三方公开, PIPL art. 25 公开 a disclosure too): general knowledge of how policies phrase
# one (GB/T 35273-2020 §9.2 共享、转让 needs the person's consent); group 1 or 2 is the party. Not
# selling (不会出售) is no denial of sharing.
# (The denial is written once, in front: a pattern that opens with an alternation of groups is tried
# at every character of a text, one that opens with its words is looked for first.)
DENIED_SHARING = regex_cache.compile(
    r"(?:不会|不得|不再|绝不|并不|不)(?:主动)?"
    r"(?:(?:与|向|同)([^，,。；;与向]{2,24}?)(?:（[^）]{0,40}）)?(?:共享|分享|提供|披露|公开)"
    r"|将[^，,。；;]{0,30}?(?:共享|提供|披露|公开)给([^，,。；;]{2,24}))"
)
# A denied party that stands for everyone else (本公司以外的任何公司): the usual opening of the
# exceptions to consent, no partner the policy names.
OUTSIDE_WORDS = ("以外", "之外", "任何", "其他")
# A denial made only until the person consents (未经您同意…不会共享): 经您同意后…共享 says the same.
# A party the service checks the person's data with (会与合法留存您的信息的国家机关、金融机构、企事业
# 单位进行核对; 向发证机关进行核验): the data go to it to be confirmed (general knowledge of real-name
# verification, 网络安全法 art. 24; PIPL art. 13). Group 1 is the party; it ends on a head of a party.
VERIFY_WITH = regex_cache.compile(r"(?:向|与|同)([^，,。；;向与同]{2,40}?)(?:进行|予以)?(?:核实|核验|核对|查验|比对|校验)")
VERIFIER_HEADS = ("单位", "机关", "机构", "部门", "持有者", "银行", "公司", "平台")
# Verbs that hand data to a party named in the same clause (向X提供, 与X分享), besides SHARE_VERBS.
SHARE_WORDS = ("提供", "分享", "披露", "出售")
WITHOUT_CONSENT = regex_cache.compile(r"未经|未征得|未取得|未获得")
DENIED_COLLECTION = regex_cache.compile(r"(?:并不|不会|不再|不|未|无需)(?:收集|采集|获取|保存|存储)")
# Where items of a list part (separators, slashes, brackets) and the words an item follows.
ITEM_SPLIT = r"[、，,；;。：:/（）()及和或]"
# Names of one kind of data (general knowledge; GB/T 35273-2020 附录A 个人身份信息): 身份证 ~ 证件.
DATA_VARIANTS = (("身份证", "证件"), ("手机号码", "电话号码", "联系电话"), ("帐号", "账号", "账户"))
ASKED_ITEM_MIN = 4  # characters of an item asked for (身份证号码, 护照信息页照片), not "信息"
ITEM_LEADS = ("您的", "你的", "用户的", "提供", "收集", "需要", "包括", "任何")
# A sentence about a third party's own processing (受这些第三方的服务条款及隐私政策约束): what the person
# gives that party is no practice of the service (general knowledge of how policies hand over to a
# third party's own terms; GB/T 35273-2020 §9.7 on third-party access).
THIRD_PARTY_OWN = regex_cache.compile(r"受[^。；]{0,12}第三方[^。；]{0,16}(?:条款|政策|规则)[^。；]{0,8}约束|适用[^。；]{0,8}第三方[^。；]{0,10}隐私政策")
# Grounds to process personal information without consent, PIPL art. 13 (2)–(6) (the law's words).
# Words a ground's sentence carries (PIPL art. 13: "…所必需", "在合理的范围内"): a governing-law
# clause (本政策的订立、履行、解释…适用中华人民共和国法律) names no ground.
GROUND_WORDS = ("所必需", "所必须", "合理的范围", "合理范围")
PIPL_GROUNDS = ("订立、履行", "人力资源管理", "突发公共卫生事件", "新闻报道、舆论监督", "自行公开或者其他已经合法公开")
# A list label at the start of a clause (5.1, （1）, 1.).
LEADING_LABEL_TEXT = regex_cache.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[（(]\d+[)）]|\d+[、.])\s*")
# The court or arbitration body a dispute goes to (general knowledge of dispute clauses).
COURT = regex_cache.compile(r"向([^，。；、向]{2,30}?)(人民法院|法院|仲裁委员会)")
# Where named members of a class part (圆通、申通以及极兔).
MEMBER_SPLIT = r"以及|[、,及和与/]|或者|或|等"
# The word that names a software development kit in a table row (第三方SDK).
SDK_WORD = "SDK"
# A first cell that names no row of its own: a header or caption (场景描述, 查询链接：).
ROW_NOT_NAMES = ("链接", "描述", "说明", "名称", "场景", "目的", "用途", "类型")
# Verbs of a practice a consent condition may govern (收集, 共享, 披露 …; PIPL arts. 13, 23, 25).
PRACTICE_VERBS = ("共享", "披露", "转让", "提供给", "收集", "公开", "使用")
# Extraction from what the person uploads (图片或视频含位置信息，我们会提取该等位置信息): data read out
# of content is collection from a new source (general knowledge: EXIF location, faces in photos).
EXTRACT_WORDS = ("提取",)
MEDIA_WORDS = ("图片", "照片", "视频", "音频", "文件", "相片")
# Words a clause stating what data is used for opens with (general knowledge of the Chinese purpose
# connectives; GB/T 35273-2020 §5.3 asks each purpose to be stated): a permission's sentence lists
# its uses as such clauses (开启位置权限，方便在约车时定位附近的车辆，方便查询附近代售点).
USE_OPENERS = ("方便", "以便", "便于", "用于", "以方便", "以便于")
USE_MIN = 6  # characters of a use clause: a shorter one names no use (方便您)
USE_REWORDED = 0.7  # bigram Dice of a use clause and one of its old sentence's: the same use reworded (根据 → 依据)
USE_TAILS = ("时",)  # a use clause that ends a condition (…定位当前城市时，请开启位置权限) names the same use
# A clause of such a list that states the use as the person's need (如您需要在首页…获取最新的天气情况，
# 方便…): a use, shown without the words of the condition.
USE_NEEDS = ("如您需要", "如你需要", "若您需要", "若你需要")
# A processing of data named by what is done to it (对您的部分图片进行智能分类, 对相关统计信息进行归因分析):
# the object after 对, the act after 进行 ending on one of these (PIPL art. 4: 加工 and 使用 are
# processing; general knowledge of the words; 对于 is "as to", not 对). Safeguards done to data (去标识化处理,
# 加密) are not uses.
PROCESS_FRAME = regex_cache.compile(r"对(?!于)([^，,。；;：:对]{2,20}?)进行([^，,。；;：:]{0,8}?(?:分析|分类|识别|画像|建模|匹配|统计))")
# The person's content sent to the service's servers (将你主动选择的视频/音频文件回传至服务器进行识别
# 处理): processing off the device, a use of its own (GB/T 35273-2020 §7.3 on where personal
# information is processed; general knowledge of the words). Group 1 is what is sent.
UPLOAD_FRAME = regex_cache.compile(r"将((?:您|你)[^，,。；;]{1,20}?)(?:回传|上传|传输|发送|传送)(?:至|到)(?:我们的)?(?:服务器|云端|服务端)"
                          r"(?:进行[^，,。；;]{2,10})?")
# Any sending to the servers, and the words of what is sent that name nothing of its own: the old
# version sends the same content when one of the other words stands in such a sentence (素材).
UPLOAD_TO = regex_cache.compile(r"(?:回传|上传|传输|发送|传送)(?:至|到)[^，,。；;]{0,6}?(?:服务器|云端|服务端)")
UPLOAD_GENERAL = ("上传", "选择", "主动", "全部", "部分", "相关", "信息", "数据", "内容", "文件", "以及")
# Biometric data (GB/T 35273-2020 附录B 个人生物识别信息: 面部识别特征, 指纹, 声纹, 虹膜 …; PIPL art. 28)
# and the verbs that process them: a new sentence that does is a new use of the most sensitive data,
# even when the old version names the same kind for another feature.
BIOMETRIC_DATA = regex_cache.compile(r"(?:人脸|面部|指纹|声纹|虹膜|掌纹|面容|脸部|生物识别)[^，,。；;、（(）)/]{0,6}?(?:信息|特征|数据|照片|图像|模板)")
BIOMETRIC_VERBS = ("识别", "收集", "采集", "获取", "使用", "提取", "验证", "比对", "读取")
# Biometric processing kept on the device (仅会在本地客户端完成面部特征信息识别) is a safeguard, not a
# new use; a clause that defines (指包括…个人生物识别信息) states no practice.
ON_DEVICE = regex_cache.compile(r"本地|(?:仅|只)会?(?:保存|存储|储存|留存)(?:在|于)[^，,。；;]{0,20}?(?:设备|终端|手机)")
# A clause that only says when (当你选择使用…需要面部信息…的功能时) states no processing of its own.
WHEN_TAIL = "时"
CLOSING_MARKS = ("）", ")", "》", "】")  # a clause read from after the last of these before the data
DEFINING = regex_cache.compile(r"^\s*(?:是指|指|包括|属于)|属于(?:个人)?敏感")
# Precise location (GB/T 35273-2020 附录B 表B.1 lists 精准定位信息 among 个人敏感信息, coarse location is
# not): collected where the old version collects location only without the word, the collection widened.
PRECISE_LOCATION = regex_cache.compile(r"(?:精准|精确|精细)的?(?:地理)?(?:位置|定位)(?:信息)?")
# Commercial use of the users' data (对用户数据库进行分析并予以商业化的利用): a use of its own, even of
# de-identified data (PIPL art. 73: de-identified data are still personal information).
COMMERCIAL_USE = regex_cache.compile(r"商业化的?(?:利用|使用)|商业性?(?:利用|使用)")
REWORDED = 0.45  # bigram Dice of two sentences that state one practice in other words
PROCESS_NOT = ("去标识化", "匿名化", "加密", "脱敏", "安全", "风险")
# A feature the person chooses that asks for data (如您选择“快捷退票”服务，需提供…): its quoted name,
# and the word for a feature after it (general knowledge of how app policies list their features,
# the TC260 App 必要个人信息范围 guide lists data feature by feature).
CHOSEN_FEATURE = regex_cache.compile(r"(?:如|若|当)(?:您|你)[^，,。；;]{0,6}?(?:选择|使用|开通|申请|办理|需要)[^，,。；;“”「」]{0,8}?[“「]"
                            r"([^”」]{2,16})[”」]\s*(服务|功能|业务)?")
# Messages the service sends the person (向您发送营销活动短信): marketing ones are a use of the contact
# data the person gave (PIPL art. 24 and GB/T 35273-2020 §7.5/§9.3 on personalised push and marketing;
# general knowledge of the words for a message and for marketing).
MESSAGE_SENT = regex_cache.compile(r"(?:向|给)(?:您|你)(?:发送|推送)([^，,。；;、（(]{2,14}?(?:短信|邮件|消息|信息|通知))")
MARKETING_WORDS = ("营销", "推广", "广告", "商业性", "促销")
