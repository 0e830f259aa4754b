"""Where a data value stands in its sentence, as the judgment by meaning (``compare.meaning``)
reads it: after an intro to a list of uses (a use, not data), or as the first half of a slashed
pair that shares the second half's head (存单 of 存单/存折印刷号), or as a table's cell where the
new version puts its lists behind a link, or across a paragraph break (two cells read as one)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from policydiff import regex_cache
from policydiff.compare.facts.tables import linked_lists_in
from policydiff.compare.folding import fold, nodes
from policydiff.compare.places import occurrences
from policydiff.lexicon import facts as lf
from policydiff.lexicon import taxonomy as tx
from policydiff.model import Finding, PolicyTree
from policydiff.text.memo import per_object
from policydiff.text.normalize import comparison_key

_CLAUSE = regex_cache.compile(r"[，,；;。：:]")
_UNTIL_BREAK = regex_cache.compile(r"[^，,、；;。：:（(）)/／\s]+")


# The kinds of finding that name data, and those that name a party the data go to.
DATA_SIGNALS = frozenset({"data_type", "fact_collect", "fact_scope"})
RECIPIENT_SIGNALS = frozenset({"recipient", "sdk_name", "fact_share", "fact_abroad"})


def printed_whole(f: Finding, old: PolicyTree, new: PolicyTree) -> bool:
    """Whether the words a data or recipient finding names stand within one paragraph of its own
    version. The facts read a paragraph that leaves its sentence open together with the next one;
    a table laid out a cell a line (mihoyo 2022: 「…设备识别符、设备环境等特征信息）、面容特征」, then
    「实人认证身份时使用」) leaves every cell open, and a list's last item then runs into the next
    cell (「面容特征实人认证身份」): words the policy never prints together are no claim.

    >>> from policydiff.compare.parse import read_tree
    >>> from policydiff.model import RawText
    >>> tree = read_tree(RawText("设备信息、面容特征\\n\\n实人认证身份时使用\\n", "v2"))
    >>> def finding(words: str) -> Finding:
    ...     return Finding("purpose_type_usage", 0, "", "new", "fact_collect", "", trigger=words)  # type: ignore[arg-type]
    >>> printed_whole(finding("面容特征实人认证身份"), tree, tree), printed_whole(finding("面容特征"), tree, tree)
    (False, True)
    """
    if f.signal not in DATA_SIGNALS | RECIPIENT_SIGNALS or not f.trigger:
        return True
    return comparison_key(f.trigger) in _paragraph_keys(new if f.side == "new" else old)


@per_object
def _paragraph_keys(tree: PolicyTree) -> str:
    """The comparison keys of the version's paragraphs, one a line (read once per comparison)."""
    return "\n".join(p.key for p in tree.document.paragraphs)


def shares_a_head(sentence: str, value: str) -> bool:
    """``value`` stands before a slash whose other half ends on a data head it lacks (存单/存折印刷号),
    or is a word of two characters in a list that ends on a time (消息创建、送达和点击时间) or, joined
    by 及 and naming no taxonomy node itself, on a data head (硬件及操作系统信息).

    >>> shares_a_head("收集消息创建、送达和点击时间以及应用信息", "送达"), shares_a_head("收集蓝牙和基站信息", "蓝牙")
    (True, False)
    >>> shares_a_head("收集您的硬件及操作系统信息", "硬件"), shares_a_head("收集您的位置及设备信息", "位置")
    (True, False)
    """
    k = sentence.find(value)
    if k != -1 and len(value) <= 2 and (tx.TIMED_LIST.match(sentence, k + len(value))
                                        or tx.HEADED_PAIR.match(sentence, k + len(value)) and not nodes(value, tx.DATA_NODES)):
        return True  # 硬件 of 「硬件及操作系统信息」, 送达 of 「送达和点击时间」
    if k == -1 or sentence[k + len(value):k + len(value) + 1] not in ("/", "／") or any(c.isascii() for c in value):
        return False  # IMEI/IMSI: identifiers listed with slashes are each a name
    m = _UNTIL_BREAK.match(sentence, k + len(value) + 1)
    heads = tx.DATA_HEADS + tx.TIME_HEADS
    return m is not None and m.group().endswith(heads) and not value.endswith(heads)


def in_a_list_of_uses(sentence: str, value: str) -> bool:
    """Whether the value is named only after an intro to a list of uses (用于以下用途，包括…), or
    after 用于 in its own clause without a data head (用于系统异常信息的采集、统计和分支: 分支 is a use).

    >>> in_a_list_of_uses("听云SDK、访问WiFi状态 用于系统异常信息的采集、统计和分支", "分支")
    True
    >>> in_a_list_of_uses("用于推送消息，收集您的设备信息", "设备信息")
    False
    """
    intro = lf.PURPOSE_FORWARD.search(sentence)
    if intro is not None and sentence.find(value) > intro.end() and value not in sentence[: intro.start()]:
        return True
    k = sentence.find(value)
    start = max((m.end() for m in _CLAUSE.finditer(sentence, 0, k)), default=0) if k != -1 else 0
    return k != -1 and any(map(sentence[start:k].__contains__, lf.USED_FOR)) and not value.endswith(tx.DATA_HEADS)


def a_cell(evidence: str) -> bool:
    """The evidence is a table's row or cell (「通讯录」「指纹/面部验证」), not a sentence."""
    e = evidence.strip("…")
    return "|" in e or (len(e) <= 24 and not _CLAUSE.search(e))


def lists_moved_out(old: PolicyTree, new: PolicyTree) -> bool:
    """The new version sends the reader to a list (a document or a labelled link) the old one did not."""
    return bool(set(linked_lists_in(new.document.text)) - set(linked_lists_in(old.document.text)))


def same_phrase_said(value: str, other_text: str) -> bool:
    """The other version (its folded stated text) names ``value``, a 的-phrase, in other words: the
    head after 的 is the same data node and the thing it belongs to ends alike and starts alike
    (淘宝平台账户的会员名 / 淘宝账户的用户名: GB/T 35273 附录A lists 用户名 and 会员名 as one identifier).

    >>> same_phrase_said("淘宝平台账户的会员名", "您的淘宝账户的用户名和密码")
    True
    >>> same_phrase_said("关注的帐号", "您的帐号和密码")
    False
    """
    owner, _, head = value.rpartition(tx.MODIFIER)
    owner = fold(owner)
    if len(owner) < 4 or not head:
        return False
    for node in nodes(head, tx.DATA_NODES):
        for word in tx.DATA_NODES[node]:
            key = fold(tx.MODIFIER + word)
            at = other_text.find(key)
            while at != -1:
                before = other_text[max(0, at - len(owner) - 4):at]
                if before.endswith(owner[-2:]) and owner[:2] in before:
                    return True
                at = other_text.find(key, at + 1)
    return False


def own_collection(sentence: str) -> bool:
    """The sentence states the service's own collection of the person's data (我们会收集您的…), not a
    table's row or a third party's SDK (whose lists run together and hold links)."""
    return bool(tx.OWN_COLLECTION.search(sentence)) and not tx.LINK_PART.search(sentence) and "sdk" not in sentence.lower()


def said_in_halves(value: str, says: Callable[[str], bool]) -> bool:
    """``value`` is two names run together (a list's 、 lost: MAC地址设备唯一标识码), each of which the
    other version states (``says``).

    >>> said_in_halves("MAC地址设备唯一标识码", lambda v: v in "MAC地址、设备唯一标识码")
    True
    >>> said_in_halves("设备唯一标识码", lambda v: v in "设备、唯一标识码")
    False
    """
    for k in range(2, len(value) - 1):
        head, rest = value[:k], value[k:]
        if head.endswith(tx.DATA_HEADS) and len(rest) >= 3 and says(head) and says(rest):
            return True
    return False


def in_persons_clause(sentence: str, value: str) -> bool:
    """Every place ``value`` stands in ``sentence`` is inside a clause of what the person does or
    loses by refusing (``taxonomy.PERSONS_CLAUSES``).

    >>> in_persons_clause("当您需要上传图片或是获取游戏资源时，我们需要您授权存储权限。", "游戏资源")
    True
    >>> in_persons_clause("如您拒绝授权，将会影响到实人认证的进行，但不影响其他功能。", "实人认证")
    True
    >>> in_persons_clause("当您使用定位功能时，我们会收集您的位置信息。", "位置信息")
    False
    >>> in_persons_clause("当您授权本应用读取通讯录时，可以添加好友。", "通讯录")
    False
    >>> in_persons_clause("如您不同意，将无法使用服务，但我们仍会收集您的设备信息。", "设备信息")
    False
    """
    clauses = [m.span() for m in tx.PERSONS_CLAUSES.finditer(sentence)] if value else []
    places = occurrences(sentence, value) if clauses else []
    return bool(places) and all(any(a <= k < b for a, b in clauses) for k in places)


def generic_word(nodes: Iterable[str], says: Callable[[str], bool]) -> str:
    """The words for a generic data node (``taxonomy.DATA_NODES``) that the other version states
    (``says``), the longest first: what a member spelled out in this version (IMEI) stands under
    there (唯一设备识别符), so the refinement can be shown as such; "" when none is stated.

    >>> generic_word(["设备标识符"], lambda w: w in "收集唯一设备识别符、MAC地址")
    '唯一设备识别符'
    """
    for node in nodes:
        for w in sorted(tx.DATA_NODES.get(node, ()), key=len, reverse=True):
            if says(w):
                return w
    return ""
