"""Heading numbering styles (``compare.parse``): the forms seen in the seeds and corpus/real.
"""

from __future__ import annotations

import re

from policydiff import regex_cache
from policydiff.lexicon.layout import HAN_LIKE

CN_DIGITS = "零〇一二三四五六七八九十百两"
_CN = f"[{CN_DIGITS}]+"

# (style, regex). The regex's group 1 is the number; the match end is where the title starts.
# Order matters: the first style that matches a line is tried first.
LABEL_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", regex_cache.compile(rf"^第\s*({_CN}|\d{{1,3}})\s*(?:章|部分|节|篇)\s*[、.．:：]?\s*")),
    ("article", regex_cache.compile(rf"^第\s*({_CN}|\d{{1,3}})\s*条\s*[、.．:：]?\s*")),
    ("cn", regex_cache.compile(rf"^({_CN})\s*[、.．,，]\s*")),
    ("paren_cn", regex_cache.compile(rf"^[（(]\s*({_CN})\s*[)）]\s*[、.．]?\s*")),
    ("dotted", regex_cache.compile(r"^(\d{1,2}(?:\s?[.．]\s?\d{1,3})+)[.．、]?(?![\d.．])\s*")),
    ("num_dun", regex_cache.compile(r"^(\d{1,3})\s*、\s*")),
    ("num_dot", regex_cache.compile(r"^(\d{1,3})\s*[.．](?![\d])\s*")),
    ("paren_num", regex_cache.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("num_paren", regex_cache.compile(r"^(\d{1,3})\s*[)）]\s*")),
    ("circled", regex_cache.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
    ("alpha", regex_cache.compile(r"^([a-zA-Z])\s*[.、)）](?![a-zA-Z0-9.])\s*")),
    ("md", regex_cache.compile(r"^(#{1,6})\s+")),
)
# The characters other than numerals (Chinese, circled, decimal) and Latin letters that a line
# matched by one of the patterns above or below starts with (compare.headings passes any other by).
LABEL_STARTS = "第（(#*【附"
# A number and a space before a short title, no mark between (corpus: douyin 2022 "1 我们如何收集和使用
# 个人信息", whose TOC prints "1.…"). Accepted only for heading lines, and never before a unit
# ("3 个工作日内"); sequence validation keeps "53 快服…" (seed 004) out.
NUM_SPACE_HEADING = regex_cache.compile(r"^(\d{1,2})\s+(?=[^\d\s个天日月年周小时分秒%％])")
# Unnumbered heading forms: a short bold line (seeds 002, 003), a bracketed title (seed 001
# "【引言】"), an appendix (seed 001 "附录：相关定义").
BOLD_HEADING = regex_cache.compile(r"^\*\*([^*]{1,40})\*\*\s*$")
BRACKET_HEADING = regex_cache.compile(r"^【([^】]{1,24})】\s*$")
APPENDIX_HEADING = regex_cache.compile(r"^(附录|附件|附表)\s*[一二三四五六七八九十\d]*\s*[：:、.．]?\s*")
# An unnumbered heading printed as a short line of its own (corpus: didi-hk "個人資料的收集範圍",
# zhihu "委托处理您的个人信息", papergames-nikki v1 "我们如何使用您的信息"): used only for
# documents whose numbering does not structure them. No sentence punctuation and no digits
# (dates, versions) inside; a question mark may end it ("我如何对自己的数据行使权利？").
PLAIN_HEADING = regex_cache.compile(r"^(?=.*" + HAN_LIKE + r")[^。；;：:，,！!？?\t\d]{2,24}[？?]?$")

# Quick test: could this line open a heading or list item?
HEADING_START = regex_cache.compile(
    rf"^(?:第\s*(?:{_CN}|\d+)\s*[章条节篇部]|{_CN}\s*[、.．]|[（(]\s*(?:{_CN}|\d{{1,3}})\s*[)）]|\d{{1,3}}\s*(?:[.．]\s*\d|[.．、)）])"
    r"|[①-⑳]|[a-zA-Z]\s*[.、)）](?![a-zA-Z0-9.])|#{1,6}\s|\*\*[^*]{1,40}\*\*\s*$|【[^】]{1,24}】\s*$|附录|附件)"
)

# A heading's title ends at the first of these (a numbered clause keeps its first sentence).
TITLE_END = regex_cache.compile(r"[。；;：:！？!?]")

# Chinese numerals and circled numbers, as labels print them (一、 （十二） ③).
CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_TEN, CN_HUNDRED = "十", "百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
