"""Layout of extracted text: sentence ends, page numbers, web addresses, bullets.

From the seeds' PDF extractions (000, 004) and the real corpus; used by ``text.normalize``
and for sentence splitting everywhere.
"""

from __future__ import annotations

import re

from policydiff import regex_cache

# A letter that is not Latin: in a Chinese policy, a Han character. Written with \w rather
# than a \u4e00-\u9fff range, which costs ~2 ms to compile at every start of the CLI.
HAN_LIKE = r"[^\W\d_a-zA-Z]"

# Sentence ends: a hard-wrapped line ending with one of these closes its paragraph.
SENTENCE_END = ("。", "！", "？", "；", "!", "?", ";", "：", ":")
# Page numbers left by PDF extraction: "12", "- 12 -", "第 3 页", "3/20", "Page 3".
PAGE_NUMBER = regex_cache.compile(r"^(?:[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d+\s*页(?:\s*[/共]\s*\d+\s*页?)?|\d{1,3}\s*/\s*\d{1,3}|page\s*\d+)$", re.I)
# The last character of a (stripped) line PAGE_NUMBER matches, other than a decimal digit.
PAGE_NUMBER_ENDS = "-—–页"
# The page number a table of contents' entry ends with, after a space or a dot leader
# (soul v2: 「4. 如何存储您的个人信息 18」, 「第一章 总则……3」): not part of the heading the body repeats
# (general knowledge of how a document's contents page extracts to text).
CONTENTS_PAGE = regex_cache.compile(r"(?<=" + HAN_LIKE + r"|[)）】」])(?:\s+|\s*[.．·…⋯]{2,}\s*)\d{1,3}$")
# A web address with a scheme; in PDF text it may run on over a line break (seed 000:
# "…entry_" / "src=fz352b29&…{"), which wrap repair glues back without a space.
URL = regex_cache.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%{}|^]+", re.I)
# List bullets and Markdown heading marks at the start of a paragraph (corpus: "•", seeds 002/003: "- ").
LEADING_BULLET = regex_cache.compile(r"^\s*(?:[•·▪●◆■○◇□►▶➢✓√\-–—*]+|#{1,6})\s*(?=\S)")

# Sentence ends for evidence quotes.
SENTENCE_SPLIT = regex_cache.compile(r"(?<=[。；！？!?;])")

# The marks most Chinese text is punctuated with (GB/T 15834-2011 标点符号用法: its full-width
# marks, with the ideographic space): ``compare.folding`` folds text of them, the unified
# ideographs and ASCII by a short path.
COMMON_MARKS = "，。、；：？！“”‘’（）《》【】—…·「」『』〔〕〈〉～％＃＆＊＠　"

# Where an over-long run-on sentence may be cut (text/limits.py bound_sentence): after a comma, an
# enumeration comma or a space (general knowledge of Chinese punctuation, GB/T 15834).
CLAUSE_CUT_MARKS = "，,、 "

# The CJK Unified Ideographs block (Unicode U+4E00..U+9FFF): two of its characters around a space are a
# word a PDF's line break split (广东欢太科技有限公 司), a space beside a Latin word is a real one (IP 地址).
CJK_FIRST, CJK_LAST = "\u4e00", "\u9fff"


def is_hanzi(c: str) -> bool:
    """``c`` is one character of the CJK Unified Ideographs block."""
    return len(c) == 1 and CJK_FIRST <= c <= CJK_LAST
