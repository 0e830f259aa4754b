"""Rows of tables and lists behind links, read as facts row by row.

Policies put SDKs and permissions in tables (SDK name / company / purpose / data; permission /
purpose), or replace such a list by a link to another document (详情请见《第三方合作清单》).
Extracted text keeps a table as Markdown pipes (``| 高德地图SDK | 高德软件有限公司 | 定位 |``),
as tab-separated cells, or — for permission lists — as one line per row (「（e）日历：…请您开启日历
权限」). Three readers:

- ``table_rows``: the rows of pipe or tab tables, header rows and rules left out;
- ``permissions``: the device permissions a version asks for, by name (日历, 录音, 通讯录);
- ``linked_lists``: the documents a version sends the reader to for a list (《…清单》《…目录》).

>>> rows = table_rows("| SDK名称 | 公司 | 用途 |\\n|---|---|---|\\n| 高德地图SDK | 高德软件有限公司 | 定位 |\\n")
>>> [r.cells for r in rows]
[('高德地图SDK', '高德软件有限公司', '定位')]
>>> rows[0].header
('SDK名称', '公司', '用途')
>>> sorted(permissions_in("（d）录音权限：如您需要使用语音客服，请您开启录音权限。（e）日历：请您开启日历权限。"))
['录音', '日历']
>>> linked_lists_in("详情请见《第三方合作清单》。本政策依据《网络安全法》制定。")
['第三方合作清单']
>>> linked_lists_in("应用权限查询链接：https://acts.jj.cn/a.html 个人信息查询链接：https://acts.jj.cn/b.html")
['应用权限查询链接', '个人信息查询链接']
"""

from __future__ import annotations

from dataclasses import dataclass

from policydiff import regex_cache
from policydiff.lexicon import qualifiers as q


@dataclass(frozen=True)
class Row:
    """One row of a table: its cells as printed, and the header row it sits under."""

    cells: tuple[str, ...]
    header: tuple[str, ...]
    line: int  # 0-based line of the text

    @property
    def name(self) -> str:
        """The row's first cell: what the row is about (the SDK, the permission)."""
        return self.cells[0] if self.cells else ""


_RULE = regex_cache.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def row_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a table line (pipes or tabs), None when the line is no table row.

    >>> row_cells("| 个推SDK | 每日互动股份有限公司 | 推送 |")
    ('个推SDK', '每日互动股份有限公司', '推送')
    >>> row_cells("我们会收集您的手机号码。") is None
    True
    """
    text = line.strip()
    if text.count("|") >= 2:
        parts = text.strip("|").split("|")
    elif text.count("\t") >= 1:
        parts = text.split("\t")
    else:
        return None
    cells = tuple(p.strip() for p in parts)
    return cells if sum(1 for c in cells if c) >= 2 else None


def table_rows(text: str) -> list[Row]:
    """The data rows of every pipe or tab table of a text; the first row of a table is its header
    when a rule line (|---|) follows it or when its cells name columns (名称, 公司, 目的 …)."""
    out: list[Row] = []
    header: tuple[str, ...] = ()
    lines = text.splitlines()
    in_table = False
    for n, line in enumerate(lines):
        if _RULE.match(line) and line.strip():
            continue
        cells = row_cells(line)
        if cells is None:
            in_table, header = False, ()
            continue
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if not in_table and (_RULE.match(nxt) and nxt.strip() or any(w in c for c in cells for w in q.TABLE_HEADER_WORDS)):
            header, in_table = cells, True
            continue
        in_table = True
        out.append(Row(cells, header, n))
    return out


def permissions_in(text: str) -> set[str]:
    """The device permissions a text asks for (开启日历权限, （d）录音权限：), by name."""
    names = {m.group(1) or m.group(2) for m in q.PERMISSION_ASK.finditer(text)}
    return {n for n in names if not any(map(n.__contains__, q.PERMISSION_NOT_NAMES)) and not n.startswith(q.PERMISSION_NOT_STARTS)}


def linked_lists_in(text: str) -> list[str]:
    """The names of the documents a text sends the reader to for a list (《第三方SDK目录》)."""
    out: list[str] = []
    for m in q.QUOTED_DOCUMENT.finditer(text):
        name = m.group(1)
        if name.endswith(q.LIST_DOCUMENT_ENDS) and name not in out:
            out.append(name)
    for m in q.LINKED_LIST_LABEL.finditer(text) if any(map(text.__contains__, q.LINK_WORDS)) else ():  # a list behind a labelled link (应用权限查询链接：https://…)
        if m.group(1) + m.group(2) not in out:
            out.append(m.group(1) + m.group(2))
    return out
