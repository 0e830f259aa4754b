"""The HTML redline: one self-contained page a privacy lawyer can forward to a client.

Inline CSS only, no script and no network (a strict Content-Security-Policy says so too);
every piece of policy text goes through ``html.escape``. Collapsed content uses
<details> or a CSS-only toggle, and the print stylesheet expands all of it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from policydiff.model import Comparison, Finding, Section, SectionPair
from policydiff.report.html_redline import Ids, esc, find_all, marked, redline, squeeze_map
from policydiff.report.json import disclosure_dict
from policydiff.report.rows import Row, category_label, notable, report_rows, triggered
from policydiff.version import __version__

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def style() -> str:
    """The report's stylesheet (``report/style.css``, inlined: the page loads nothing)."""
    return resources.files("policydiff.report").joinpath("style.css").read_text(encoding="utf-8")


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
        hay, hay_map = squeeze_map(evidence)
        levels = [0] * len(evidence)
        for t in triggers:
            for a, b in find_all(hay, hay_map, t):
                levels[a:b] = [2] * (b - a)
        label = "证据·新增文字 evidence, added text" if side == "new" else "证据·删除文字 evidence, removed text"
        out.append(f'<blockquote class="ev ev-{side}"><span class="side">{label}</span> {marked(evidence, levels)}</blockquote>')
    return "".join(out)


def _change_section(result: Comparison, row: Row, ids: Ids) -> str:
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
    """The disclosure check: its verdict up front, details folded."""
    if result.disclosure is None:
        return ""
    data: Any = disclosure_dict(result.disclosure)
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
    if result.disclosure is not None:
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
    ids = Ids()
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
        f"<title>{esc(title)}</title><style>{style()}</style></head>\n<body>"
        + "\n".join(p for p in body if p)
        + "</body></html>\n"
    )
