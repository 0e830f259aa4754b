"""Edits of our own on real policies of other companies (``../shared/corpus/real/_single_version``),
each with what a careful reviewer concludes. The inserted sentences are written for these tests
(no word list was copied from anywhere); anchors are found by section type, not by position.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff.compare.pipeline import read_tree
from policydiff.compare.sections import section_type
from policydiff.model import Paragraph, PolicyTree, RawText


@dataclass(frozen=True)
class EditKind:
    """One kind of edit: where it goes, what it inserts (or deletes), and the verdict it deserves."""

    name: str
    where: str  # the section type of the anchor paragraph
    needle: str  # the anchor paragraph must contain this
    text: str  # inserted after the anchor ("" = the anchor is deleted)
    category: str | None  # the category it falls under, None when nothing material changed
    replace: tuple[str, str] | None = None  # instead of inserting: replace in the anchor


KINDS = (
    EditKind("unlisted data type", "collection", "收集", "为提供健康打卡服务，我们会收集您的体温记录和核酸检测结果。", "purpose_type_usage"),
    EditKind("unlisted financial data", "collection", "收集", "在您申请分期付款时，我们会收集您的银行流水和纳税记录，用于评估您的还款能力。", "purpose_type_usage"),
    EditKind("negated collection", "collection", "收集", "我们不会收集您的宗教信仰、政治观点等信息。", None),
    EditKind("unlisted recipient", "sharing", "共享", "为完成商品配送，我们会向物流公司和仓储服务商提供您的收货人姓名、收货地址和联系电话。", "recipients"),
    EditKind("content moderation vendor", "sharing", "共享", "我们会将您发布的图片和文字提供给内容审核服务商，以便识别违法违规信息。", "recipients"),
    EditKind("legal demand", "sharing", "共享", "根据司法机关的要求，我们可能会向其提供您的个人信息。", None),
    EditKind("transfer abroad", "sharing", "共享", "为提供跨境购物服务，我们会将您的订单信息和身份信息传输至位于新加坡的关联公司。", "recipients"),
    EditKind("rights path removed", "rights", "删除", "", "rights"),
    EditKind("background collection", "collection", "位置", "在您未使用本应用时，我们也会在后台持续收集您的位置信息，用于向您推送附近的优惠。", "purpose_type_usage"),
    EditKind("punctuation only", "collection", "，", "", None, replace=("，", ",")),
    EditKind("data used for a new purpose", "collection", "收集", "我们会将您的设备信息用于保险定价和信用风险建模。", "purpose_type_usage"),
    EditKind("purpose reworded", "collection", "更好的", "", None, replace=("更好的", "更优质、更流畅的")),
)


def anchor(tree: PolicyTree, kind: EditKind) -> Paragraph | None:
    """The first paragraph of a section of the kind's type that holds its needle (and is a sentence)."""
    for section in tree.sections:
        if section.level == 0 or section_type(section) != kind.where:
            continue
        for para in section.body:
            if kind.needle in para.text and len(para.text) >= 30 and para.text.rstrip().endswith(("。", "；", ";")):
                return para
    return None


def apply(text: str, kind: EditKind) -> str | None:
    """The policy with the edit applied, or None when it has no place for it."""
    tree = read_tree(RawText(text, "policy"))
    para = anchor(tree, kind)
    if para is None:
        return None
    lines = text.split("\n")
    i = para.line_no - 1
    original = lines[i]
    if kind.replace is not None:
        lines[i] = original.replace(*kind.replace)
    elif kind.text:
        lines.insert(i + 1, kind.text)
    else:
        del lines[i]
    return "\n".join(lines)
