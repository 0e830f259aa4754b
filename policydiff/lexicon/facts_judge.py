"""Words the judgment on practice facts reads (``policydiff.compare.factdiff``)."""

from __future__ import annotations

import re

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
COUNT = re.compile(r"^第?[一二两三四五六七八九十0-9]+(?:种|类|项)$")
