"""Input limits: one setting each, used by files, standard input, HTTP fetches and the archive."""

from __future__ import annotations

from policydiff.lexicon import layout

# Largest input accepted from a file, stdin or a URL. Real policies are well under 2 MB of text;
# 20 MB leaves room for PDFs and DOCX files with images.
MAX_INPUT_BYTES = 20 * 1024 * 1024

# A DOCX is a ZIP: each member is checked before anything is decompressed (a zip bomb of a few
# MB can declare gigabytes). Real policy documents are a few MB unpacked, ratios under ~20.
MAX_UNPACKED_MEMBER = 64 * 1024 * 1024
MAX_UNPACKED_TOTAL = 128 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
MAX_ZIP_MEMBERS = 5000

# PDF: more pages or seconds than a policy ever needs is refused rather than ground through.
MAX_PDF_PAGES = 1000
MAX_PDF_SECONDS = 120.0

# Longest sentence the comparison reads as one. The longest sentence of the real corpus is about
# 1,100 characters; a "sentence" of 400,000 characters (hostile or broken text) is cut into pieces
# of at most this many characters, so the per-sentence work stays bounded.
MAX_SENTENCE_CHARS = 2000


def bound_sentence(text: str, limit: int = MAX_SENTENCE_CHARS) -> list[str]:
    """``text`` as pieces of at most ``limit`` characters, each cut after the last clause mark
    (，、 or a space) of its window when there is one in the window's second half, else at the limit.
    A sentence within the limit is returned whole; joined, the pieces give ``text`` back.

    >>> bound_sentence("我们会收集你的姓名。")
    ['我们会收集你的姓名。']
    >>> bound_sentence("姓名、手机号码、身份证号码", limit=8)
    ['姓名、手机号码、', '身份证号码']
    >>> bound_sentence("一" * 5, limit=2)
    ['一一', '一一', '一']
    """
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = max(text.rfind(mark, start + limit // 2, end) for mark in layout.CLAUSE_CUT_MARKS)
        end = cut + 1 if cut != -1 else end
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out
