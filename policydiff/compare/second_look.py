"""A second look at data read from one pair of sentences (``compare.edits``).

The typed sentence edits find an item that joins a list or a practice a sentence now states;
``meaning.judge`` has already run by then, so this module checks their data against the other
version once more, by its words (a permission named with or without 权限/功能, a device's part
with or without 设备) and by a long head word whose taxonomy node the other version states.
"""

from __future__ import annotations

import re

from policydiff.compare.meaning import DATA_SIGNALS, Doc, _folded, _members, _value, fold
from policydiff.compare.parse import read_tree
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Finding, PolicyTree, RawText


def _stated_names(value: str) -> list[str]:
    """The names a data value gives: itself, each half of a slash (相机/摄像头权限), without the word
    for a permission.

    >>> _stated_names("相机/摄像头权限")
    ['相机/摄像头权限', '相机/摄像头', '相机', '摄像头权限', '摄像头']
    >>> _stated_names("设备麦克风权限")
    ['设备麦克风权限', '设备麦克风', '麦克风权限', '麦克风']
    """
    out: list[str] = []
    for name in [value, *re.split(r"[/／]", value)] if re.search(r"[/／]", value) else [value]:
        tail = next((t for t in tx.PERMISSION_TAILS if name.endswith(t)), "")
        lead = next((w for w in tx.DEVICE_LEADS if name.startswith(w)), "")
        bare = name[: len(name) - len(tail)]
        for n in (name, bare, name[len(lead):], bare[len(lead):]):
            if len(n) >= 2 and n not in out:
                out.append(n)
    return out


def _same_head_node(value: str, other: Doc) -> bool:
    """``value`` ends on a taxonomy word of at least four characters whose node the other version
    states, and only qualifies it (包裹物流信息 / 物流信息); a short head (照片), a member spelled
    out (IMEI) or another person's data (联系人手机号码: ``taxonomy.OTHER_PERSONS``) says more.

    >>> _same_head_node("包裹物流信息", _doc_of("我们会收集您的物流信息。"))
    True
    >>> _same_head_node("手持护照信息页照片", _doc_of("我们会读取您的照片。"))
    False
    >>> _same_head_node("联系人手机号码", _doc_of("我们会收集您的手机号码。"))
    False
    """
    f = fold(value)
    if tx.MODIFIER in value or _members(value) or any(p in value for p in tx.OTHER_PERSONS):
        return False
    pairs = _folded(id(tx.DATA_NODES), tuple((w, node) for node, words in tx.DATA_NODES.items() for w in words))
    return any(len(w) >= 4 and f.endswith(w) and node in other.data for w, node in pairs)


def _doc_of(text: str) -> Doc:
    """A Doc of a one-paragraph text (doctests)."""
    return Doc.of(read_tree(RawText(text + "\n", "t.txt")))


def second_look(findings: list[Finding], old: PolicyTree, new: PolicyTree) -> None:
    """Drop data read from one pair of sentences (``compare.edits``) that the other version states
    in the same words (in place): the sentence changed, the practice did not (「相机/摄像头权限」
    joins a list while the old version lets the user revoke 「相机功能」).

    Only the words are checked, not the taxonomy node: the edit already shows the item joined a
    list that names others, so 手持护照信息页照片 beside an old 护照信息页照片 is news. The caller
    leaves out a denial that became a statement: news whatever else the other version says."""
    docs: dict[str, Doc] = {}

    def stated(f: Finding) -> bool:
        if f.signal not in DATA_SIGNALS:
            return False
        if f.side not in docs:
            docs[f.side] = Doc.of(old if f.side == "new" else new)
        other, value = docs[f.side], _value(f)
        return any(other.says(n) for n in _stated_names(value)) or _same_head_node(value, other)

    findings[:] = [f for f in findings if not stated(f)]
