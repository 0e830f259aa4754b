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
# Unnumbered heading forms: a short bold line (seeds 002, 003), a bracketed title (seed 001
# "【引言】"), an appendix (seed 001 "附录：相关定义").
BOLD_HEADING = re.compile(r"^\*\*([^*]{1,40})\*\*\s*$")
BRACKET_HEADING = re.compile(r"^【([^】]{1,24})】\s*$")
APPENDIX_HEADING = re.compile(r"^(附录|附件|附表)\s*[一二三四五六七八九十\d]*\s*[：:、.．]?\s*")

# Quick test: could this line open a heading or list item?
HEADING_START = re.compile(
    rf"^(?:第\s*(?:{_CN}|\d+)\s*[章条节篇部]|{_CN}\s*[、.．]|[（(]\s*(?:{_CN}|\d{{1,3}})\s*[)）]|\d{{1,3}}\s*(?:[.．]\s*\d|[.．、)）])"
    r"|[①-⑳]|[a-zA-Z]\s*[.、)）](?![a-zA-Z0-9.])|#{1,6}\s|\*\*[^*]{1,40}\*\*\s*$|【[^】]{1,24}】\s*$|附录|附件)"
)

# A heading's title ends at the first of these (a numbered clause keeps its first sentence).
TITLE_END = re.compile(r"[。；;：:！？!?]")


def lexicon_words() -> set[str]:
    """Every lexicon word, added to the tokenizer so entities stay one token."""
    words: set[str] = set()
    for name, value in globals().items():
        if name.isupper() and name.endswith("_WORDS") and isinstance(value, (tuple, list, frozenset, set)):
            words.update(w for w in value if isinstance(w, str) and len(w) >= 2)
    return words
