"""Words the judgment on practice facts reads (``policydiff.compare.factdiff``)."""

from __future__ import annotations

# The scope of a collection that widens it although the data type was named before (GB/T 35273
# §5.3: 收集个人信息的频率; corpus: 在后台持续收集, 实时获取, 定期上传, 静默收集).
SCOPE_WORDS = ("后台", "持续", "实时", "定期", "静默", "不间断", "始终", "频繁")
# Places outside the mainland (PIPL art. 38-40: 向境外提供; Hong Kong, Macao and Taiwan are
# outside for data export) that make a recipient one abroad: 传输至位于新加坡的关联公司.
FOREIGN_PLACES = (
    "境外", "海外", "国外", "新加坡", "美国", "欧盟", "欧洲", "日本", "韩国", "香港", "澳门", "台湾", "英国", "德国",
    "爱尔兰", "印度", "俄罗斯", "澳大利亚", "加拿大", "马来西亚", "印度尼西亚", "越南", "泰国", "荷兰", "法国",
)
