"""The names of parties a sentence gives: companies (read back from their suffix) and SDKs.

>>> company_names("该SDK由华为终端有限公司及其关联公司提供")
['华为终端有限公司']
>>> company_names("注册地址为深圳市某路1号（入驻深圳市前海商务秘书有限公司）")
[]
>>> list(named_sdks("我们接入了（3）.科大讯飞SDK。"))
[('科大讯飞', '科大讯飞SDK')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policydiff import regex_cache
from policydiff.lexicon import entities, layout

# Any place name: a search finds the one that starts first (at each position every name is tried).
_PLACE = regex_cache.compile("|".join(map(re.escape, entities.PLACES)))


def company_names(sentence: str) -> list[str]:
    """Company names in a sentence ("北京数安认证技术有限公司", "支付宝（中国）网络技术有限公司"),
    read back from the suffix to a place name or a stop character."""
    out: list[str] = []
    for m in entities.COMPANY_SUFFIX.finditer(sentence):
        if m.group(0) == entities.GROUP_SUFFIX and m.end() < len(sentence) and sentence[m.end()] not in entities.COMPANY_STOP:
            continue  # "阿里巴巴集团控股有限公司": the name goes on
        start = _name_start(sentence, m.start())
        run = sentence[start : m.start()].lstrip(" ")  # a name may not start on a space a PDF break left
        if run.startswith(entities.ADDRESS_HOSTS) or sentence[max(0, start - 6) : start].rstrip().endswith(entities.ADDRESS_HOSTS):
            continue  # a company hosting an address names a place
        place = _PLACE.search(run) if not any(b in run for b in "（(") else None  # the first place named in it
        name = (run[place.start():] if place is not None else run) + m.group(0)
        for prefix in entities.COMPANY_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix) + 4:
                name = name[len(prefix) :]
        core = name[: -len(m.group(0))]
        if 2 <= len(core) <= 36 and not core.startswith(entities.COMPANY_NON_NAMES):
            out.append(name)
    return out


def _name_start(sentence: str, end: int) -> int:
    """Where a company name ending at ``end`` starts: after the last stop character, stepping over a
    bracketed place inside the name ("考拉海购（杭州）科技", "支付宝（中国）网络技术")."""
    i = end - 1
    limit = max(0, end - 36)
    while i >= limit:
        ch = sentence[i]
        if ch in "）)":
            opening = max(sentence.rfind("（", limit, i), sentence.rfind("(", limit, i))
            inside = sentence[opening + 1 : i] if opening != -1 else ""
            if opening > 0 and 1 <= len(inside) <= 4 and any(map(inside.__contains__, entities.PLACES)):
                i = opening - 1
                continue
        if ch == " " and _between_hanzi(sentence, i):
            i -= 1  # 「上海莉莉 丝网络科技有限公司」: a line break of the PDF the text came from, inside the name
            continue
        if ch in entities.COMPANY_STOP and not any(sentence.startswith(w, i - w.index(ch)) for w in entities.NAMES_WITH_STOPS if ch in w):
            break  # 由华为终端: 由 ends the name's run, the 为 of 华为 does not
        i -= 1
    return i + 1


def _between_hanzi(text: str, i: int) -> bool:
    """The character at ``i`` stands between two Chinese characters that are no stop characters."""
    return all(layout.is_hanzi(c) and c not in entities.COMPANY_STOP for c in (text[i - 1 : i], text[i + 1 : i + 2]))


def named_sdks(text: str) -> Iterator[tuple[str, str]]:
    """Each SDK ``text`` names: its name without SDK, and the words as written (with SDK)."""
    for m in entities.SDK_NAME.finditer(text):
        name = m.group(1).lstrip(entities.SDK_LEAD_MARKS)  # 「（3）.科大讯飞SDK」: the list number's dot
        for stop in entities.SDK_NAME_STOP:
            name = name.split(stop)[-1]
        if len(name) >= 2:
            yield name, m.group(0).lstrip(entities.SDK_LEAD_MARKS)
