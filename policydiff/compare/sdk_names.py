"""One SDK under two names: the same vendor's SDK, named with or without where it sits in the app
(学习通内友盟SDK / 友盟SDK) or with a longer form of the vendor's name (讯飞SDK / 科大讯飞SDK).

A removal or an addition of an SDK is a change of recipient (PIPL art. 23, GB/T 35273 §9.2); a
name that only loses the app's own prefix or gains the vendor's full name is none. Two names are
one SDK when, without the in-app prefix (``lexicon.taxonomy.IN_PRODUCT``), they are equal or one
ends the other and the shorter still names a vendor — words that say what an SDK *does*
(推送, 登录: ``SDK_FUNCTION_WORDS``) name none, so 推送SDK is not 极光推送SDK. An SDK the other
version names without the word SDK (a table's row 「极光推送 深圳市和讯华谷…」 for 极光推送Jpush SDK) is
the same SDK when that name has four characters or more and names a vendor.

>>> same_sdk("学习通内友盟SDK", "友盟SDK"), same_sdk("学习通内讯飞SDK", "科大讯飞SDK")
(True, True)
>>> same_sdk("推送SDK", "极光推送SDK"), same_sdk("学习通内听云互视SDK", "听云SDK"), same_sdk("小米推送SDK", "华为推送SDK")
(False, False, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policydiff import regex_cache
from policydiff.compare.folding import fold
from policydiff.compare.names import named_sdks
from policydiff.lexicon import taxonomy as tx
from policydiff.model import PolicyTree
from policydiff.text.memo import per_object


def bare(name: str) -> str:
    """The SDK's name folded, without where it sits in the app (学习通内讯飞SDK → 讯飞sdk)."""
    f = fold(name)
    return tx.IN_PRODUCT.sub("", f)


_SDK_TAIL = regex_cache.compile(r"[A-Za-z\s]*sdk$", re.IGNORECASE)


def stem(name: str) -> str:
    """The vendor's words of an SDK's name: no in-app prefix, no Latin alias, no SDK.

    >>> stem("极光推送Jpush SDK"), stem("学习通内讯飞SDK"), stem("OPPO SDK")
    ('极光推送', '讯飞', '')
    """
    return _SDK_TAIL.sub("", bare(name))


def names_a_vendor(core: str) -> bool:
    """``core`` (an SDK's name without SDK) holds more than words for what an SDK does.

    >>> names_a_vendor("讯飞"), names_a_vendor("消息推送"), names_a_vendor("一键登录")
    (True, False, False)
    """
    rest, changed = core, True
    while rest and changed:
        changed = False
        for w in sorted(tx.SDK_FUNCTION_WORDS, key=len, reverse=True):
            if rest.startswith(w):
                rest, changed = rest[len(w):], True
                break
    return len(rest) >= 1 and len(core) >= 2


def same_sdk(a: str, b: str) -> bool:
    """``a`` and ``b`` name one SDK (see the module's docstring)."""
    x, y = bare(a), bare(b)
    if x == y:
        return x != "sdk"
    short, long_ = sorted((x, y), key=len)
    if not (short.endswith("sdk") and long_.endswith(short)):
        return False
    return names_a_vendor(short[:-3])


@per_object
def sdk_names(tree: PolicyTree) -> frozenset[str]:
    """The SDK names a version states anywhere (as ``compare.mentions`` reads them)."""
    return frozenset(name + "SDK" for p in tree.document.paragraphs if "sdk" in p.text.lower()
                     for name, _ in named_sdks(p.text))


def renamed(name: str, other: PolicyTree, says: Callable[[str], bool]) -> bool:
    """The other version (its SDK names, ``says`` its text) names the SDK ``name`` under another
    name of the same vendor, or by its vendor's words alone."""
    words = stem(name)
    if len(words) >= 4 and names_a_vendor(words) and says(words):
        return True
    return any(same_sdk(name, n) for n in sdk_names(other))
