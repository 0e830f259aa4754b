"""The update notice as a check: what it announces and no change bears out is shown, not dropped.

``compare.disclosure`` matches each notice item to the changes (a section it names, its words in
the edits, a changed section of its topic). An item left ``claimed_not_found`` gets one more look
at the text it points to — the sections it names and the sentences carrying its words, wherever
they moved (``compare.sentences``): when one of them reads differently in the old version the
item is borne out (``found_not_material``); otherwise the reader is told, as a reading warning
("更新说明称「…」，未找到对应变更"), never as a summary claim.

>>> from policydiff.compare.pipeline import compare
>>> from policydiff.model import RawText
>>> old = RawText("隐私政策\\n一、收集\\n我们会收集您的手机号码。\\n二、联系我们\\n邮箱：a@b.com。\\n", "old")
>>> new = RawText("隐私政策\\n我们对本政策进行了更新，更新了联系我们的方式。\\n一、收集\\n我们会收集您的手机号码和通讯录。\\n"
...               "二、联系我们\\n邮箱：a@b.com。\\n", "new")
>>> [(w.code, w.detail) for w in compare(old, new).warnings if w.side == "new"]
[('notice_unmatched', '更新了联系我们的方式')]
"""

from __future__ import annotations

from policydiff.compare.sentences import align_sentences, sentences_of
from policydiff.model import Comparison, NoticeItem, ReadingWarning

DETAIL_MAX = 40  # characters of the item quoted in the warning


def _borne_out(item: NoticeItem, result: Comparison) -> bool:
    """A sentence the item points to (in a section it names, or carrying one of its words) that
    the old version does not have word for word."""
    notice = result.disclosure.notice if result.disclosure else None
    skip = {id(p) for p in notice.paragraphs} if notice else set()
    named = {id(r.section) for r in item.refs if r.section is not None}
    terms = item.terms
    if not named and not terms:
        return False
    olds = {s.loose for s in sentences_of(result.old)}
    alignment = align_sentences([], [s for s in sentences_of(result.new, skip)
                                     if id(s.section) in named or any(map(s.key.__contains__, terms))])
    return any(s.loose not in olds for s in alignment.new_only)


def notice_gaps(result: Comparison) -> list[ReadingWarning]:
    """The notice's items no change bears out, after a look at the text they point to."""
    notice = result.disclosure.notice if result.disclosure else None
    if notice is None or notice.carried_over:
        return []
    out: list[ReadingWarning] = []
    for item in notice.items:
        if item.status != "claimed_not_found":
            continue
        if _borne_out(item, result):
            item.status = "found_not_material"
            continue
        text = " ".join(item.text.split())
        out.append(ReadingWarning("new", "notice_unmatched", text if len(text) <= DETAIL_MAX else text[: DETAIL_MAX - 1] + "…"))
    return out
