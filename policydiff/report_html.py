"""The HTML redline: one self-contained page a privacy lawyer can forward to a client.

Inline CSS only, no script and no network (a strict Content-Security-Policy says so too);
every piece of policy text goes through ``html.escape``. Collapsed content uses
<details> or a CSS-only toggle, and the print stylesheet expands all of it.
"""

from __future__ import annotations

import html
import re
from typing import Any

from policydiff import __version__
from policydiff.models import Change, Comparison, Finding, Section, SectionPair
from policydiff.report import Row, category_label, notable, report_rows, triggered

CONTEXT = 60  # characters of unchanged text kept on each side of an edit
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def esc(text: object) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


# -- evidence marks ---------------------------------------------------------------------------

_LABEL = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）])\s*")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and for each kept character its index in ``text``."""
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in keep), keep


def _find_all(hay: str, hay_map: list[int], needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in the original text (whitespace ignored), as [start, end)."""
    needle = "".join(needle.split())
    out: list[tuple[int, int]] = []
    if not needle:
        return out
    k = hay.find(needle)
    while k != -1:
        out.append((hay_map[k], hay_map[k + len(needle) - 1] + 1))
        k = hay.find(needle, k + len(needle))
    return out


def _evidence_pieces(evidence: str) -> list[str]:
    """The quotable parts of a clipped evidence sentence ("…" dropped, leading label removed)."""
    pieces = [p.strip() for p in evidence.split("…")]
    out = []
    for p in pieces:
        p = _LABEL.sub("", p, count=1)
        if len(p) >= 2:
            out.append(p)
    return out


def mark_levels(change: Change, findings: list[Finding]) -> dict[int, list[int]]:
    """For each inserted/deleted edit, a highlight level per character: 2 trigger, 1 evidence sentence.

    Only the findings' own side is searched (new: equal+insert runs, old: equal+delete runs)
    and only the changed runs carry marks, so an unchanged word is never shown as evidence.
    """
    levels: dict[int, list[int]] = {}
    for side, changed_op in (("new", "insert"), ("old", "delete")):
        side_findings = [f for f in findings if f.side == side]
        if not side_findings:
            continue
        spans: list[tuple[int, int, int]] = []  # (edit index, start in side text, end)
        pos = 0
        parts = []
        for i, e in enumerate(change.edits):
            if e.op == "equal" or e.op == changed_op:
                spans.append((i, pos, pos + len(e.text)))
                parts.append(e.text)
                pos += len(e.text)
        side_text = "".join(parts)
        hay, hay_map = _squeeze(side_text)
        ranges: list[tuple[int, int, int]] = []
        for f in side_findings:
            found_trigger = _find_all(hay, hay_map, f.trigger) if f.trigger else []
            found_evidence = [r for p in _evidence_pieces(f.evidence) for r in _find_all(hay, hay_map, p)]
            ranges += [(a, b, 2) for a, b in found_trigger]
            ranges += [(a, b, 1 if found_trigger else 2) for a, b in found_evidence]
        for i, start, end in spans:
            if change.edits[i].op != changed_op:
                continue
            for a, b, level in ranges:
                lo, hi = max(a, start), min(b, end)
                if lo < hi:
                    arr = levels.setdefault(i, [0] * (end - start))
                    for k in range(lo - start, hi - start):
                        if arr[k] < level:
                            arr[k] = level
    return levels


def _marked(text: str, levels: list[int] | None) -> str:
    """Escaped ``text`` with <mark> around its highlighted runs."""
    if not levels or not any(levels):
        return esc(text)
    out = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or levels[k] != levels[start]:
            chunk = esc(text[start:k])
            level = levels[start]
            if level == 2:
                out.append(f'<mark class="trigger">{chunk}</mark>')
            elif level == 1:
                out.append(f'<mark class="evidence">{chunk}</mark>')
            else:
                out.append(chunk)
            start = k
    return "".join(out)


# -- redline ----------------------------------------------------------------------------------


class _Ids:
    """Unique element ids for the CSS-only context toggles."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"x{self.n}"


def _equal_run(text: str, first: bool, last: bool, ids: _Ids) -> str:
    """An unchanged run: short ones in full, long ones cut to their ends with a toggle for the middle."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(text) <= keep_head + keep_tail + 40:
        return f'<span class="eq">{esc(text)}</span>'
    head, mid, tail = text[:keep_head], text[keep_head : len(text) - keep_tail], text[len(text) - keep_tail :]
    xid = ids.next()
    return (
        f'<span class="eq">{esc(head)}</span>'
        f'<span class="ctx"><input type="checkbox" id="{xid}" aria-label="show unchanged text">'
        f'<label for="{xid}" title="show the unchanged text">…{len(mid)}字未变…</label>'
        f'<span class="mid">{esc(mid)}</span></span>'
        f'<span class="eq">{esc(tail)}</span>'
    )


def redline(change: Change, findings: list[Finding], ids: _Ids) -> str:
    """The section's word-level redline: <del>, <ins>, shortened unchanged runs, marked evidence."""
    levels = mark_levels(change, findings)
    out = []
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        if e.op == "equal":
            out.append(_equal_run(e.text, i == 0, i == n - 1, ids))
        elif e.op == "insert":
            out.append(f"<ins>{_marked(e.text, levels.get(i))}</ins>")
        else:
            out.append(f"<del>{_marked(e.text, levels.get(i))}</del>")
    return "".join(out)


# -- pieces -----------------------------------------------------------------------------------


def _badge(result: Comparison, key: str, outside_list: bool = False) -> str:
    wording = _wording(result, key)
    cls = "badge cat" + (" outside" if outside_list else "")
    title = f"{key}: {wording}" if wording else key
    return f'<span class="{cls}" title="{esc(title)}">{esc(category_label(key))}</span>'


def _wording(result: Comparison, key: str) -> str:
    for c in result.verdict.categories:
        if c.key == key:
            return c.wording
    return ""


def _status_badge(pair: SectionPair) -> str:
    words = {
        "modified": "修改 modified",
        "added": "新增 added",
        "removed": "删除 removed",
        "moved": "移动 moved" if pair.reordered else "重新编号 renumbered",
        "unchanged": "未变 unchanged",
    }[pair.status]
    out = [f'<span class="badge st st-{esc(pair.status)}">{esc(words)}</span>']
    if pair.status != "moved":
        if pair.renumbered:
            out.append('<span class="badge st">重新编号 renumbered</span>')
        if pair.reordered:
            out.append('<span class="badge st">移动 moved</span>')
    if pair.note:
        out.append(f'<span class="badge st">{esc(pair.note)}</span>')
    return "".join(out)


def _heading_block(pair: SectionPair) -> str:
    """The section's heading in both versions; one line when it did not change."""
    old = pair.old.heading if pair.old else None
    new = pair.new.heading if pair.new else None
    if old is not None and new is not None and old == new:
        return f'<h3 class="sec-h">{esc(new) or "（前言 preamble）"}</h3>'
    rows = []
    if old is not None:
        rows.append(f'<div class="hv"><span class="ver">旧 old</span> <span class="h-old">{esc(old) or "（前言 preamble）"}</span></div>')
    if new is not None:
        rows.append(f'<div class="hv"><span class="ver">新 new</span> <span class="h-new">{esc(new) or "（前言 preamble）"}</span></div>')
    return f'<h3 class="sec-h two">{"".join(rows)}</h3>'


def _path_line(pair: SectionPair) -> str:
    old = pair.old.path if pair.old else ""
    new = pair.new.path if pair.new else ""
    if old and new and old != new:
        return f'<p class="path">§ {esc(old)} → § {esc(new)}</p>'
    if new or old:
        return f'<p class="path">§ {esc(new or old)}</p>'
    return ""


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _finding_item(result: Comparison, f: Finding) -> str:
    trigger = f' — <q class="trig">{esc(f.trigger)}</q>' if f.trigger and len(f.trigger) <= 30 else ""
    outside = ' <span class="note">（不在政策所列重大变更情形中 outside the policy’s own list）</span>' if not f.in_policy_list else ""
    return f'<li class="finding">{_badge(result, f.category, not f.in_policy_list)}{trigger}{outside}<div class="expl">{esc(f.explanation)}</div></li>'


def _evidence_quotes(findings: list[Finding]) -> str:
    """Each distinct evidence sentence once, with the findings' triggers marked in it."""
    groups: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        groups.setdefault((f.side, f.evidence), []).append(f.trigger)
    out = []
    for (side, evidence), triggers in groups.items():
        hay, hay_map = _squeeze(evidence)
        levels = [0] * len(evidence)
        for t in triggers:
            for a, b in _find_all(hay, hay_map, t):
                levels[a:b] = [2] * (b - a)
        label = "证据·新增文字 evidence, added text" if side == "new" else "证据·删除文字 evidence, removed text"
        out.append(f'<blockquote class="ev ev-{side}"><span class="side">{label}</span> {_marked(evidence, levels)}</blockquote>')
    return "".join(out)


def _change_section(result: Comparison, row: Row, ids: _Ids) -> str:
    pair, change, findings = row.pair, row.change, row.findings
    cls = "change material" if row.material else ("change notable" if findings else "change")
    cats = sorted({(f.category, f.in_policy_list) for f in findings}, key=lambda c: (not c[1], c[0].startswith("custom:"), c[0]))
    badges = "".join(_badge(result, k, not listed) for k, listed in cats)
    parts = [f'<section class="{cls}" id="{row.anchor}">']
    parts.append(f'<div class="meta">{_status_badge(pair)}{badges}</div>')
    parts.append(_heading_block(pair))
    parts.append(_path_line(pair))
    if change is not None and change.relocated:
        parts.append('<p class="note">这段文字在另一版本的其他位置仍然存在（拆分、合并或移动）。The wording still exists elsewhere in the other version (split, merged or moved).</p>')
    if findings:
        parts.append('<ul class="findings">' + "".join(_finding_item(result, f) for f in findings) + "</ul>")
        parts.append(_evidence_quotes(findings))
    if change is not None and change.edits:
        parts.append(f'<div class="redline" lang="zh-CN">{redline(change, findings, ids)}</div>')
    elif pair.status == "moved":
        parts.append('<p class="note">文字未变，仅编号或位置改变。Text unchanged; only its number or place changed.</p>')
    parts.append('<p class="top"><a href="#top">↑ 返回目录 back to the list</a></p>')
    parts.append("</section>")
    return "".join(parts)


def _section_text(section: Section) -> str:
    return section.text or section.heading


def _unchanged_block(pairs: list[SectionPair]) -> str:
    if not pairs:
        return ""
    items = []
    for p in pairs:
        s = p.new or p.old
        assert s is not None
        title = s.heading or "（前言 preamble）"
        items.append(
            f'<details class="sec"><summary>{esc(_short(title, 100))}</summary>'
            f'<div class="text" lang="zh-CN">{esc(_section_text(s))}</div></details>'
        )
    return (
        f'<details class="unchanged" id="unchanged"><summary>未变更的章节 Unchanged sections ({len(pairs)})</summary>'
        + "".join(items)
        + "</details>"
    )


def _plain(value: Any, depth: int = 0) -> str:
    """Plain data (from ``to_dict()``) as nested lists, escaped."""
    if depth > 6:
        return esc(_short(repr(value), 200))
    if isinstance(value, dict):
        rows = "".join(f"<dt>{esc(k)}</dt><dd>{_plain(v, depth + 1)}</dd>" for k, v in value.items())
        return f'<dl class="plain">{rows}</dl>'
    if isinstance(value, (list, tuple)):
        if not value:
            return '<span class="none">—</span>'
        return '<ul class="plain">' + "".join(f"<li>{_plain(v, depth + 1)}</li>" for v in value) + "</ul>"
    if value is None:
        return '<span class="none">—</span>'
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    return esc(value)


def _disclosure_block(result: Comparison) -> str:
    """The disclosure check (another stage puts it in ``extras``): its verdict up front, details folded."""
    value = result.extras.get("disclosure")
    if value is None:
        return ""
    to_plain = getattr(value, "to_dict", None)
    data = to_plain() if callable(to_plain) else value
    parts = ['<section class="extra" id="disclosure"><h2>更新告知是否充分 Disclosure of the changes</h2>']
    if isinstance(data, dict):
        label, summary = data.get("label") or data.get("transparency"), data.get("summary")
        ok = data.get("transparency") in ("transparent", "no_material_change")
        if label:
            parts.append(f'<p><span class="badge {"st" if ok else "cat"}">{esc(label)}</span></p>')
        if summary:
            parts.append(f'<p class="disc-summary">{esc(summary)}</p>')
        notice = data.get("notice")
        if isinstance(notice, dict) and notice.get("text"):
            parts.append(f'<blockquote class="disc-notice">更新告知原文 the notice ({esc(notice.get("where") or "")}): 「{esc(notice["text"])}」</blockquote>')
    parts.append(f'<details class="disc"><summary>详情 details</summary>{_plain(data)}</details></section>')
    return "".join(parts)


# -- page -------------------------------------------------------------------------------------


def _verdict_block(result: Comparison, rows: list[Row]) -> str:
    v = result.verdict
    changed = any(r.change is not None or r.pair.status != "unchanged" for r in rows)
    if v.material:
        cls, head = "verdict material", "重大变更 — Material change"
    elif changed:
        cls, head = "verdict changed", "有变更，但不构成重大变更 — Changed, not material"
    else:
        cls, head = "verdict same", "无变更 — No change"
    parts = [f'<div class="{cls}"><p class="v-head">{head}</p>']
    cats = triggered(result)
    if cats:
        parts.append(
            '<ul class="cats">'
            + "".join(
                f'<li>{_badge(result, key)} <q class="wording">{esc(wording)}</q> <span class="count">({n})</span></li>'
                for key, wording, n in cats
            )
            + "</ul>"
        )
    others = notable(result)
    if others:
        parts.append(
            '<p class="notable">另外值得注意（不在政策所列重大变更情形中）Also notable, outside the policy’s own list: '
            + "".join(f'{_badge(result, k, True)}<span class="count">({n})</span> ' for k, n in others)
            + "</p>"
        )
    if v.category_source == "policy":
        where = f"（{esc(v.clause_heading)}）" if v.clause_heading else ""
        parts.append(f'<p class="src">判断依据：政策自身的重大变更条款{where}。Judged against the policy’s own 重大变更 list.</p>')
    else:
        parts.append('<p class="src">政策未列明重大变更情形，采用通用类别。The policy lists no 重大变更 cases; the standard categories were used.</p>')
    parts.append("</div>")
    if v.silent_revision:
        parts.append(
            '<div class="warn" role="alert"><strong>⚠ 静默修订 Silent revision:</strong> '
            "文本发生重大变更，但所载更新日期/生效日期未变。The text changed materially but the stated dates did not.</div>"
        )
    if v.clause_changed:
        where = f"（{esc(v.clause_heading)}）" if v.clause_heading else ""
        parts.append(
            f'<div class="warn"><strong>⚠ 重大变更条款本身被修改{where}</strong> '
            "The 重大变更 clause itself was edited; the verdict uses the old version’s list.</div>"
        )
    return "".join(parts)


def _nav(rows: list[Row], result: Comparison, renumbered: list[SectionPair], unchanged: int) -> str:
    if not rows and not renumbered:
        return ""
    items = []
    for r in rows:
        cats = sorted({(f.category, f.in_policy_list) for f in r.findings}, key=lambda c: (not c[1], c[0]))
        badges = "".join(_badge(result, k, not listed) for k, listed in cats)
        items.append(
            f'<li class="{"material" if r.material else ""}"><a href="#{r.anchor}">{esc(_short(r.title, 90)) or "（前言 preamble）"}</a>'
            f" {_status_badge(r.pair)}{badges}</li>"
        )
    more = []
    if renumbered:
        more.append(f'<li><a href="#renumbered">仅重新编号 Renumbered only ({len(renumbered)})</a></li>')
    if "disclosure" in result.extras:
        more.append('<li><a href="#disclosure">更新告知 Disclosure of the changes</a></li>')
    if unchanged:
        more.append(f'<li><a href="#unchanged">未变更 Unchanged ({unchanged})</a></li>')
    material = sum(1 for r in rows if r.material)
    return (
        f'<nav id="toc" aria-label="changed sections"><h2>变更章节 Changed sections ({len(rows)}'
        f'{f"，重大 {material} material" if material else ""})</h2>'
        f'<ol class="toc">{"".join(items)}</ol><ul class="toc more">{"".join(more)}</ul></nav>'
    )


def _renumbered_block(pairs: list[SectionPair]) -> str:
    if not pairs:
        return ""
    rows = "".join(
        f"<tr><td>{esc(p.old.label if p.old else '')}</td><td>→</td><td>{esc(p.new.label if p.new else '')}</td>"
        f"<td>{esc(_short((p.new or p.old).heading if (p.new or p.old) else '', 80))}</td></tr>"  # type: ignore[union-attr]
        for p in pairs
    )
    return (
        '<section class="renumbered" id="renumbered"><h2>仅重新编号（文字未变）Renumbered only, text unchanged</h2>'
        f'<table class="renum"><thead><tr><th>旧 old</th><th></th><th>新 new</th><th>标题 heading</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _header(result: Comparison) -> str:
    v = result.verdict
    rows = []
    for zh, en, attr in (("更新日期", "updated", "updated"), ("生效日期", "effective", "effective"),
                         ("发布日期", "published", "published"), ("版本", "version", "version")):
        o, n = getattr(v.old_dates, attr), getattr(v.new_dates, attr)
        if o or n:
            changed = ' class="diff"' if o != n else ""
            rows.append(f"<tr{changed}><th>{zh}<small>{en}</small></th><td>{_date_cell(o)}</td><td>{_date_cell(n)}</td></tr>")
    if not rows:
        rows.append('<tr><th>日期<small>dates</small></th><td colspan="2"><span class="none">两个版本均未载明更新日期或生效日期 Neither version states a date</span></td></tr>')
    return (
        '<table class="versions"><thead><tr><th></th><th>旧版本 old version</th><th>新版本 new version</th></tr></thead><tbody>'
        f'<tr><th>来源<small>source</small></th><td class="src">{esc(result.old.document.source)}</td><td class="src">{esc(result.new.document.source)}</td></tr>'
        f'{"".join(rows)}</tbody></table>'
    )


def _date_cell(value: str | None) -> str:
    return esc(value) if value else '<span class="none">未载明 not stated</span>'


def render_html(result: Comparison) -> str:
    """The whole report as one self-contained HTML page."""
    rows, renumbered, unchanged = report_rows(result)
    ids = _Ids()
    title = f"policydiff — {_short(result.new.document.source, 80)}"
    body = [
        '<header id="top">',
        '<p class="brand">policydiff · 隐私政策变更报告 Privacy policy change report</p>',
        f"<h1>{'重大变更' if result.verdict.material else '变更报告'}：{esc(_short(result.new.document.source, 120))}</h1>",
        _header(result),
        _verdict_block(result, rows),
        "</header>",
        _nav(rows, result, renumbered, len(unchanged)),
        "<main>",
        "".join(_change_section(result, r, ids) for r in rows),
        _renumbered_block(renumbered),
        _disclosure_block(result),
        _unchanged_block(unchanged),
        "</main>",
        f'<footer><p>policydiff {esc(__version__)} · 变更以词为单位标出：<ins>新增</ins> <del>删除</del> '
        '<mark class="trigger">证据 evidence</mark>。本报告不构成法律意见。Not legal advice.</p></footer>',
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>"
        + "\n".join(p for p in body if p)
        + "</body></html>\n"
    )


STYLE = """
:root{--fg:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--ins:#e6f4ea;--ins-fg:#0d652d;--del:#fce8e6;--del-fg:#a50e0e;
--mark:#ffe066;--accent:#b3261e;--bg:#fff;--card:#f8f9fb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:980px;padding:16px 20px 40px;color:var(--fg);background:var(--bg);
font:16px/1.75 "PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
word-break:break-word;overflow-wrap:anywhere}
h1{font-size:1.45rem;line-height:1.4;margin:.2em 0 .6em}
h2{font-size:1.2rem;margin:1.6em 0 .6em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05rem;margin:.4em 0}
a{color:#1a56c4}
.brand{color:var(--muted);font-size:.85rem;margin:0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--card)}
table.versions th small{display:block;font-weight:400;font-size:.75rem;color:var(--muted)}
table.versions tbody th{width:6.5em}
tr.diff td{font-weight:700}
td.src{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem;word-break:break-all}
.none{color:var(--muted)}
.verdict{margin:14px 0;padding:12px 16px;border:2px solid var(--line);border-radius:8px;background:var(--card)}
.verdict.material{border-color:var(--accent);background:#fdf3f2}
.v-head{font-size:1.25rem;font-weight:700;margin:0 0 .3em}
.verdict.material .v-head{color:var(--accent)}
.cats{list-style:none;padding:0;margin:.4em 0}
.cats li{margin:.35em 0}
q.wording{quotes:"「" "」"}
.count,.src{color:var(--muted);font-size:.88rem}
.warn{margin:10px 0;padding:10px 14px;border:2px solid #e37400;border-left-width:8px;background:#fff4e5;border-radius:6px}
.badge{display:inline-block;font-size:.78rem;line-height:1.5;padding:0 .5em;margin:0 .3em .2em 0;border:1px solid currentColor;
border-radius:999px;white-space:nowrap;vertical-align:middle;font-weight:600}
.badge.cat{color:#fff;background:var(--accent);border-color:var(--accent)}
.badge.cat.outside{color:var(--accent);background:#fff;border-style:dashed}
.badge.st{color:#3c4043;background:#fff}
.badge.st-added{color:var(--ins-fg)}.badge.st-removed{color:var(--del-fg)}
nav{margin:10px 0 20px}
ol.toc{padding-left:1.6em;margin:.3em 0}
ol.toc li{margin:.25em 0}
ol.toc li.material>a{font-weight:700;color:var(--accent)}
ul.more{list-style:none;padding-left:0;font-size:.92rem}
section.change{margin:18px 0;padding:12px 16px;border:1px solid var(--line);border-left:6px solid #9aa0a6;border-radius:6px;
scroll-margin-top:8px}
section.change.material{border-left-color:var(--accent)}
section.change.notable{border-left-color:#e37400;border-left-style:dashed}
.notable{font-size:.9rem}
section.change:target{box-shadow:0 0 0 3px #8ab4f8}
.meta{margin-bottom:.2em}
.sec-h.two{font-weight:400}
.hv{margin:.1em 0}
.ver{display:inline-block;min-width:3.2em;font-size:.75rem;color:var(--muted);border:1px solid var(--line);border-radius:4px;
text-align:center;margin-right:.3em}
.h-old{color:var(--del-fg);text-decoration:line-through;text-decoration-thickness:1px}
.h-new{font-weight:700}
.path{color:var(--muted);font-size:.82rem;margin:0 0 .4em}
.note{color:var(--muted);font-size:.88rem}
ul.findings{padding-left:1.1em;margin:.5em 0}
li.finding{margin:.5em 0}
.expl{font-size:.92rem}
blockquote.ev{margin:.2em 0 0;padding:.2em .8em;border-left:3px solid var(--mark);color:#3c4043;font-size:.9rem;background:#fffbea}
.side{font-size:.75rem;color:var(--muted);margin-right:.3em}
q.trig{font-weight:700}
.redline{white-space:pre-wrap;margin:.6em 0;padding:.6em .8em;background:var(--card);border-radius:6px;line-height:1.9}
ins{background:var(--ins);color:var(--ins-fg);text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px}
del{background:var(--del);color:var(--del-fg);text-decoration:line-through}
mark.trigger{background:var(--mark);color:#000;font-weight:700;outline:1px solid #c99a00;border-radius:2px}
mark.evidence{background:transparent;color:inherit;border-bottom:2px dotted #c99a00}
.ctx input{position:absolute;opacity:0;width:1px;height:1px}
.ctx label{cursor:pointer;color:#1a56c4;background:#e8f0fe;border-radius:4px;padding:0 .35em;font-size:.8rem;white-space:nowrap}
.ctx input:focus-visible+label{outline:2px solid #1a56c4}
.ctx input:not(:checked)~.mid{display:none}
.ctx input:checked+label{display:none}
.mid{color:var(--fg)}
.top{font-size:.8rem;margin:.2em 0 0;text-align:right}
table.renum td:nth-child(1),table.renum td:nth-child(3){white-space:nowrap}
details{margin:.4em 0}
details>summary{cursor:pointer}
details.unchanged{margin-top:1.6em;border-top:1px solid var(--line);padding-top:.6em}
details.unchanged>summary{font-weight:700;font-size:1.1rem}
details.sec{margin-left:1em}
details.sec .text{white-space:pre-wrap;font-size:.92rem;padding:.3em .8em;border-left:3px solid var(--line)}
dl.plain{margin:.2em 0}dl.plain dt{font-weight:700}dl.plain dd{margin:0 0 .4em 1em}
footer{margin-top:2em;color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}
@media (max-width:640px){
body{padding:10px 12px 30px;font-size:15px}
h1{font-size:1.2rem}
section.change{padding:10px 10px;margin:12px -4px}
table.versions th,table.versions td{padding:3px 5px;font-size:.8rem}
.redline{padding:.5em .5em}
details.sec{margin-left:0}
}
@media print{
:root{--card:#fff}
body{max-width:none;padding:0;font-size:11pt;color:#000}
nav,.top,.ctx label{display:none}
.ctx .mid{display:inline!important}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none;font-weight:700}
section.change{break-inside:auto;border-left-width:4px}
h2,h3,.meta{break-after:avoid}
.badge{background:#fff!important;color:#000!important;border:1.5px solid #000!important}
.badge.cat{font-weight:800}
.badge.cat.outside{border-style:dashed!important}
ins{background:none;color:#000;text-decoration:underline;text-decoration-thickness:2px}
del{background:none;color:#000;text-decoration:line-through}
mark.trigger{background:none;outline:none;border:1.5px solid #000;font-weight:800}
a{color:#000;text-decoration:none}
.warn,.verdict{background:#fff}
}
"""
