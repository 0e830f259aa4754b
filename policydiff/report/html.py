"""The HTML report: one self-contained page a privacy lawyer can forward to a client.

The summary comes first (what changed materially, per category of the policy's own 重大变更 list,
each fact linked to its section), then warnings, the verdict and the disclosure check, then the
per-section redline. A category filter works without JavaScript (``:target`` on empty anchors
before the list). Inline CSS only, no script and no network (a strict Content-Security-Policy
says so too); every piece of policy text goes through ``html.escape``. Collapsed content uses
<details> or a CSS-only toggle, and the print stylesheet expands all of it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from policydiff.lexicon.labels import NOTICE_ITEM_LABELS, TRANSPARENCY_LABELS, date_name, pick, word
from policydiff.model import Comparison, Finding, Section, SectionPair
from policydiff.report.html_redline import Ids, esc, find_all, marked, redline, squeeze_map
from policydiff.report.html_summary import Page, badge, filter_targets, summary_block, verdict_block
from policydiff.report.phrases import first_phrase
from policydiff.report.rows import (
    Row,
    dates_line,
    disclosure_line,
    finding_text,
    policy_title,
    report_rows,
    status_words,
    verdict_head,
)
from policydiff.report.summary import summary_groups, summary_items
from policydiff.version import __version__

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def style() -> str:
    """The report's stylesheet (``report/style.css``, inlined: the page loads nothing)."""
    return resources.files("policydiff.report").joinpath("style.css").read_text(encoding="utf-8")


# -- pieces -----------------------------------------------------------------------------------


def _status_badge(page: Page, pair: SectionPair) -> str:
    return f'<span class="badge st st-{esc(pair.status)}">{esc(status_words(pair, page.lang))}</span>'


def _heading_block(page: Page, pair: SectionPair) -> str:
    """The section's heading in both versions; one line when it did not change."""
    old = pair.old.heading if pair.old else None
    new = pair.new.heading if pair.new else None
    pre = page.w("preamble")
    if old is not None and new is not None and old == new:
        return f'<h3 class="sec-h">{esc(new) or pre}</h3>'
    rows = []
    if old is not None:
        rows.append(f'<div class="hv"><span class="ver">{page.w("old")}</span> <span class="h-old">{esc(old) or pre}</span></div>')
    if new is not None:
        rows.append(f'<div class="hv"><span class="ver">{page.w("new")}</span> <span class="h-new">{esc(new) or pre}</span></div>')
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


def _finding_item(page: Page, f: Finding) -> str:
    return f'<li class="finding">{badge(page, f.category, not f.in_policy_list)} <span class="expl">{esc(finding_text(f, page.lang))}</span></li>'


def _evidence_quotes(page: Page, findings: list[Finding]) -> str:
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
        label = page.w("evidence_new" if side == "new" else "evidence_old")
        out.append(f'<blockquote class="ev ev-{side}"><span class="side">{label}</span> {marked(evidence, levels)}</blockquote>')
    return "".join(out)


def _change_section(page: Page, row: Row, ids: Ids) -> str:
    pair, change, findings = row.pair, row.change, row.findings
    cats = sorted({(f.category, f.in_policy_list) for f in findings}, key=lambda c: (not c[1], c[0].startswith("custom:"), c[0]))
    classes = " ".join(dict.fromkeys(page.cls(k) for k, _ in cats))
    cls = "change material" if row.material else ("change notable" if findings else "change")
    badges = "".join(badge(page, k, not listed) for k, listed in cats)
    parts = [f'<section class="{(cls + " " + classes).strip()}" id="{row.anchor}">']
    parts.append(f'<div class="meta">{_status_badge(page, pair)}{badges}</div>')
    parts.append(_heading_block(page, pair))
    parts.append(_path_line(pair))
    if change is not None and change.relocated:
        parts.append(f'<p class="note">{page.w("relocated")}</p>')
    if findings:
        parts.append('<ul class="findings">' + "".join(_finding_item(page, f) for f in findings) + "</ul>")
        parts.append(_evidence_quotes(page, findings))
    if change is not None and change.edits:
        parts.append(f'<div class="redline" lang="zh-CN">{redline(change, findings, ids)}</div>')
    elif pair.status == "moved":
        parts.append(f'<p class="note">{page.w("moved_only")}</p>')
    parts.append(f'<p class="top"><a href="#top">{page.w("back_to_top")}</a></p>')
    parts.append("</section>")
    return "".join(parts)


def _section_text(section: Section) -> str:
    return section.text or section.heading


def _unchanged_block(page: Page, pairs: list[SectionPair]) -> str:
    if not pairs:
        return ""
    preamble = word("preamble", page.lang)
    texts: list[str] = []  # each section's title and text, escaped together (_escaped)
    for p in pairs:
        s = p.new or p.old
        assert s is not None
        texts += (_short(s.heading or preamble, 100), _section_text(s))
    escaped = _escaped(texts)
    items = [f'<details class="sec"><summary>{title}</summary><div class="text" lang="zh-CN">{text}</div></details>'
             for title, text in zip(escaped[::2], escaped[1::2], strict=True)]
    return (
        f'<details class="unchanged" id="unchanged"><summary>{page.w("unchanged_list", len(pairs))}</summary>'
        + "".join(items)
        + "</details>"
    )


def _escaped(texts: list[str]) -> list[str]:
    """``esc`` of each text, as one pass of ``html.escape`` over them joined by NUL (which it
    leaves alone) when none holds a NUL: a whole document's sections, not a call for each."""
    joined = "\0".join(texts)
    if joined.count("\0") != len(texts) - 1:
        return [esc(t) for t in texts]
    return esc(joined).split("\0")


def _disclosure_block(page: Page) -> str:
    """The disclosure check: its verdict up front, the machine-readable details folded."""
    result = page.result
    if result.disclosure is None:
        return ""
    d = result.disclosure
    ok = d.transparency in ("transparent", "no_material_change")
    parts = [f'<section class="extra" id="disclosure"><h2>{page.w("disclosure")}</h2>']
    label = pick(TRANSPARENCY_LABELS.get(d.transparency, (d.label, d.label)), page.lang)
    parts.append(f'<p><span class="badge {"st" if ok else "cat"}">{esc(label)}</span></p>')
    parts.append(f'<p class="disc-summary">{esc(disclosure_line(result, page.lang))}</p>')
    if d.notice is not None and d.notice.text:
        parts.append(f'<blockquote class="disc-notice" lang="zh-CN">{page.w("notice_says")}「{esc(d.notice.text)}」</blockquote>')
    if d.notice is not None and d.notice.items:
        items = []
        for item in d.notice.items:
            status = pick(NOTICE_ITEM_LABELS.get(item.status, (item.status, item.status)), page.lang)
            where = page.w("list_sep").join(esc(first_phrase(h, 24) or p) for p, h in item.where)
            items.append(f'<li><q lang="zh-CN">{esc(item.text)}</q> — {esc(status)}'
                         + (f' <span class="where">{where}</span>' if where else "") + "</li>")
        parts.append(f'<details class="disc"><summary>{page.w("details")}</summary><ul>{"".join(items)}</ul></details>')
    parts.append("</section>")
    return "".join(parts)


# -- page -------------------------------------------------------------------------------------


def _nav(page: Page, rows: list[Row], renumbered: list[SectionPair], unchanged: int) -> str:
    if not rows and not renumbered:
        return ""
    result = page.result
    items = []
    for r in rows:
        cats = sorted({(f.category, f.in_policy_list) for f in r.findings}, key=lambda c: (not c[1], c[0]))
        badges = "".join(badge(page, k, not listed) for k, listed in cats)
        classes = " ".join(["material"] * r.material + [page.cls(k) for k, _ in cats])
        items.append(
            f'<li class="{classes}"><a href="#{r.anchor}">{esc(_short(r.title, 90)) or page.w("preamble")}</a>'
            f" {_status_badge(page, r.pair)}{badges}</li>"
        )
    more = []
    if renumbered:
        more.append(f'<li><a href="#renumbered">{page.w("renumbered_list", len(renumbered))}</a></li>')
    if result.disclosure is not None:
        more.append(f'<li><a href="#disclosure">{page.w("disclosure")}</a></li>')
    if unchanged:
        more.append(f'<li><a href="#unchanged">{page.w("unchanged_list", unchanged)}</a></li>')
    material = sum(1 for r in rows if r.material)
    return (
        f'<nav id="toc" aria-label="{page.w("changed_sections")}"><h2>{page.w("changed_sections_n", len(rows), material)}</h2>'
        f'<ol class="toc">{"".join(items)}</ol><ul class="toc more">{"".join(more)}</ul></nav>'
    )


def _renumbered_block(page: Page, pairs: list[SectionPair]) -> str:
    if not pairs:
        return ""
    rows = "".join(
        f"<tr><td>{esc(p.old.label if p.old else '')}</td><td>→</td><td>{esc(p.new.label if p.new else '')}</td>"
        f"<td>{esc(_short((p.new or p.old).heading if (p.new or p.old) else '', 80))}</td></tr>"  # type: ignore[union-attr]
        for p in pairs
    )
    return (
        f'<section class="renumbered" id="renumbered"><h2>{page.w("renumbered_heading")}</h2>'
        f'<table class="renum"><thead><tr><th>{page.w("old")}</th><th></th><th>{page.w("new")}</th><th>{page.w("heading")}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _versions_table(page: Page) -> str:
    v = page.result.verdict
    rows = []
    for attr in ("updated", "effective", "published", "version"):
        o, n = getattr(v.old_dates, attr), getattr(v.new_dates, attr)
        if o or n:
            changed = ' class="diff"' if o != n else ""
            rows.append(f"<tr{changed}><th>{esc(date_name(attr, page.lang))}</th><td>{_date_cell(page, o)}</td><td>{_date_cell(page, n)}</td></tr>")
    if not rows:
        rows.append(f'<tr><th>{page.w("dates")}</th><td colspan="2"><span class="none">{page.w("no_dates_both")}</span></td></tr>')
    r = page.result
    return (
        f'<table class="versions"><thead><tr><th></th><th>{page.w("old_version")}</th><th>{page.w("new_version")}</th></tr></thead><tbody>'
        f'{"".join(rows)}'
        f'<tr><th>{page.w("source")}</th><td class="src">{esc(r.old.document.source)}</td><td class="src">{esc(r.new.document.source)}</td></tr>'
        "</tbody></table>"
    )


def _date_cell(page: Page, value: str | None) -> str:
    return esc(value) if value else f'<span class="none">{page.w("not_stated")}</span>'


def render_html(result: Comparison, *, lang: str = "zh", brief: bool = False) -> str:
    """The whole report as one self-contained HTML page; ``brief``: summary and verdict only."""
    page = Page(result, lang)
    rows, renumbered, unchanged = report_rows(result)
    groups = summary_groups(summary_items(result), lang)
    ids = Ids(lang)
    name = policy_title(result)
    verdict = verdict_head(result, lang)
    spans, rules = filter_targets(page, groups) if not brief else ("", "")
    body = [
        '<header id="top">',
        f'<p class="brand">{page.w("brand")}</p>',
        f'<h1><span class="name">{esc(name)}</span><span class="v-word{" material" if result.verdict.material else ""}">'
        f"{page.w('colon')}{esc(verdict)}</span></h1>",
        f'<p class="dates">{esc(dates_line(result, lang))}</p>',
        "</header>",
        summary_block(page, groups, filters=not brief and bool(rows)),
        verdict_block(page),
        _versions_table(page),
    ]
    if not brief:
        body += [
            spans,
            _nav(page, rows, renumbered, len(unchanged)),
            "<main>",
            "".join(_change_section(page, r, ids) for r in rows),
            _renumbered_block(page, renumbered),
            _disclosure_block(page),
            _unchanged_block(page, unchanged),
            "</main>",
        ]
    body.append(
        f'<footer><p>policydiff {esc(__version__)} · {page.w("footer")}<ins>{page.w("inserted")}</ins> <del>{page.w("deleted")}</del> '
        f'<mark class="trigger">{page.w("evidence")}</mark>. {page.w("not_legal_advice")}</p></footer>'
    )
    title = f"{name} — {verdict} · policydiff"
    html_lang = "en" if lang == "en" else "zh-CN"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{style()}{rules}</style></head>\n<body>"
        + "\n".join(p for p in body if p)
        + "</body></html>\n"
    )
