"""The website's pages: index, timeline, a version's text, a change report's frame, search.

Each function returns one whole page (``assets.page``) from the build's dataclasses; every
policy string goes through ``html.escape`` and every link is relative, so the site works from
``file://`` and from any folder of any static host.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from policydiff.lexicon.site_labels import site_word
from policydiff.report.facts_html import FACTS_CSS, render_fragment
from policydiff.report.site.assets import INDEX_JS, SEARCH_JS, TIMELINE_JS, page
from policydiff.report.site.model import ChangeDigest, Digest, SitePolicy, SiteVersion
from policydiff.version import __version__

VERDICTS = ("material", "changed", "silent", "technical", "none", "single")


def policy_dir(slug: str) -> str:
    """The folder of a policy's pages, relative to the site's root."""
    return f"p/{slug}"


def version_file(v: SiteVersion) -> str:
    return f"v{v.index}.html"


def facts_file(v: SiteVersion) -> str:
    return f"facts-v{v.index}.html"


def report_file(old: SiteVersion, new: SiteVersion) -> str:
    return f"r{old.index}-{new.index}.html"


def verdict_badge(key: str, lang: str) -> str:
    return f'<span class="badge v-{escape(key)}">{escape(site_word("v_" + key, lang))}</span>'


def _header(lang: str, root: str, title: str, crumbs: str = "") -> str:
    return (f'<header class="site"><p class="brand">{escape(site_word("brand", lang))}</p>'
            f'<nav><a href="{root}index.html">{escape(site_word("back_index", lang))}</a>'
            f'<a href="{root}search.html">{escape(site_word("search", lang))}</a>{crumbs}</nav>'
            f"<h1>{escape(title)}</h1></header>")


def _footer(lang: str) -> str:
    return (f'<footer class="site"><p class="muted">policydiff {escape(__version__)} · '
            f'{escape(site_word("not_legal_advice", lang))}</p></footer>')


def _day(iso: str | None) -> str:
    return (iso or "")[:10]


def stated_date(v: SiteVersion) -> str:
    """The date a version goes by: stated effective, else stated update, else fetch date."""
    return v.effective or v.updated or _day(v.fetched)


def in_force_basis(v: SiteVersion) -> tuple[str, str]:
    """The day a version took effect and how that is known: ("2022-05-01", "by_effective")."""
    if v.effective:
        return v.effective, "by_effective"
    return _day(v.fetched), "by_fetched"


# -- index ------------------------------------------------------------------------------------


def index_page(rows: list[tuple[SitePolicy, Digest]], lang: str, tag_feeds: dict[str, str], canonical: str | None) -> str:
    tags = sorted({t for p, _ in rows for t in p.tags})
    body_rows = []
    for p, d in sorted(rows, key=lambda r: (r[1].last_change or "", r[1].title), reverse=True):
        href = f"{policy_dir(p.slug)}/index.html"
        tag_html = "".join(f'<span class="tag">{escape(t)}</span>' for t in p.tags)
        status = (f'<span class="fail">{escape(site_word("failing", lang))}</span>'
                  f'<br><span class="muted">{escape(p.last_result[:120])}</span>') if p.failing else escape(site_word("ok", lang))
        body_rows.append(
            f'<tr data-tags="{escape(chr(31).join(p.tags))}" data-verdict="{escape(d.last_verdict)}">'
            f'<td data-label="{escape(site_word("policy", lang))}" data-sort="{escape(d.title)}"><a href="{href}">{escape(d.title)}</a>'
            f'<br><span class="muted">{escape(p.slug)}</span></td>'
            f'<td data-label="{escape(site_word("tags", lang))}">{tag_html}</td>'
            f'<td data-label="{escape(site_word("versions", lang))}" data-sort="{d.versions}">{d.versions}</td>'
            f'<td data-label="{escape(site_word("last_change", lang))}" data-sort="{escape(d.last_change or "")}">{escape(d.last_change or "—")}</td>'
            f'<td data-label="{escape(site_word("verdict", lang))}" data-sort="{VERDICTS.index(d.last_verdict) if d.last_verdict in VERDICTS else 9}">'
            f"{verdict_badge(d.last_verdict, lang)}</td>"
            f'<td data-label="{escape(site_word("last_check", lang))}" data-sort="{escape(p.last_check or "")}">'
            f'{escape((p.last_check or "—")[:16].replace("T", " "))}</td>'
            f'<td data-label="{escape(site_word("status", lang))}" data-sort="{int(p.failing)}">{status}</td></tr>'
        )
    options = "".join(f'<option value="{escape(t)}">{escape(t)}</option>' for t in tags)
    verdicts = "".join(f'<option value="{k}">{escape(site_word("v_" + k, lang))}</option>' for k in VERDICTS)
    feeds = " ".join(f'<a href="{escape(f)}">{escape(site_word("tag_feed", lang))}：{escape(t)}</a>' for t, f in sorted(tag_feeds.items()))
    head = ["policy", "tags", "versions", "last_change", "verdict", "last_check", "status"]
    body = (
        _header(lang, "", site_word("index_title", lang))
        + f'<main><p>{escape(site_word("index_intro", lang))}</p>'
        + (f'<p class="muted">{feeds}</p>' if feeds else "")
        + f'<div class="filters" id="filters" hidden><label>{escape(site_word("filter_tag", lang))} <select id="f-tag">'
        f'<option value="">{escape(site_word("all", lang))}</option>{options}</select></label>'
        f'<label>{escape(site_word("filter_verdict", lang))} <select id="f-verdict"><option value="">{escape(site_word("all", lang))}</option>'
        f'{verdicts}</select></label><span class="muted">{escape(site_word("sort_hint", lang))}</span></div>'
        + '<table class="policies" id="policies"><thead><tr>'
        + "".join(f"<th>{escape(site_word(h, lang))}</th>" for h in head)
        + f'</tr></thead><tbody>{"".join(body_rows)}</tbody></table></main>'
        + _footer(lang)
    )
    return page(f"{site_word('index_title', lang)} · policydiff", body, lang=lang, scripts=(INDEX_JS,), canonical=canonical)


# -- timeline ---------------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    """A summary line short enough for a timeline (the full report has every fact).

    >>> _clip("一二三四五", 4)
    '一二三…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _change_item(c: ChangeDigest, lang: str) -> str:
    classes = "change" + (" material" if c.verdict == "material" else "") + (" technical" if c.verdict == "technical" else "")
    marks = verdict_badge(c.verdict, lang)
    if c.silent and c.verdict != "silent":
        marks += " " + verdict_badge("silent", lang)
    note = ""
    if c.verdict == "technical":
        note = f'<p class="muted">{escape(site_word("technical_note", lang))}</p>'
    elif c.silent:
        note = f'<p class="muted">{escape(site_word("silent_note", lang))}</p>'
    summary = "".join(f"<li>{escape(_clip(s, 140))}</li>" for s in c.summary[:8])
    disclosure = (f'<p class="muted">{escape(site_word("disclosure", lang))}：{escape(c.disclosure)}</p>' if c.disclosure else "")
    return (
        f'<li class="{classes}" id="c{c.old}-{c.new}"><p class="vhead">{escape(site_word("change", lang))} '
        f"{c.old} → {c.new} {marks}</p>{note}"
        + (f'<ul class="summary">{summary}</ul>' if summary else "")
        + disclosure
        + f'<p class="links"><a href="{escape(c.report)}">{escape(site_word("report", lang))}</a></p></li>'
    )


def _version_item(v: SiteVersion, lang: str) -> str:
    dates = []
    if v.updated:
        dates.append(f"{site_word('updated', lang)} {v.updated}")
    if v.effective:
        dates.append(f"{site_word('effective', lang)} {v.effective}")
    dates.append(f"{site_word('fetched', lang)} {_day(v.fetched)}")
    source = f'<p class="muted">{escape(site_word("source", lang))}：{escape(v.source)}</p>' if v.source else ""
    if v.reextracted:
        source += f'<p class="muted">{escape(site_word("reextracted_note", lang).format(_day(v.reextracted)))}</p>'
    return (
        f'<li id="v{v.index}"><p class="vhead">{escape(site_word("version", lang))} {v.index}'
        f'{" " + verdict_badge("technical", lang) if v.technical else ""}</p>'
        f'<p>{escape(" · ".join(dates))} <span class="muted">{escape(v.commit[:10])}</span></p>{source}'
        f'<p class="links"><a href="{version_file(v)}">{escape(site_word("text", lang))}</a>'
        f'<a href="{facts_file(v)}">{escape(site_word("facts", lang))}</a></p></li>'
    )


def timeline_page(policy: SitePolicy, digest: Digest, lang: str, feed: str | None, canonical: str | None,
                  extra: dict[str, str] | None = None) -> str:
    """A policy's versions newest first, each change between them, the pair form and the date form;
    ``extra``: the reports of non-consecutive pairs (``--all-pairs``) by "A-B"."""
    versions = policy.loaded()
    by_new = {c.new: c for c in digest.changes}
    items = []
    for v in reversed(versions):
        items.append(_version_item(v, lang))
        if v.index in by_new:
            items.append(_change_item(by_new[v.index], lang))
    tags = "".join(f'<span class="tag">{escape(t)}</span>' for t in policy.tags)
    feed_link = f' · <a href="{escape(feed)}">{escape(site_word("feed", lang))}</a>' if feed else ""
    opts = "".join(f'<option value="{v.index}">{v.index} · {escape(stated_date(v))}</option>' for v in versions)
    last_opt = "".join(
        f'<option value="{v.index}"{" selected" if v is versions[-1] else ""}>{v.index} · {escape(stated_date(v))}</option>'
        for v in versions)
    words = {"none": site_word("no_version_then", lang), "version": site_word("version", lang),
             "by_effective": site_word("by_effective", lang), "by_fetched": site_word("by_fetched", lang)}
    data = {
        "slug": policy.slug, "words": words,
        "reports": {**(extra or {}), **{f"{c.old}-{c.new}": c.report for c in digest.changes}},
        "versions": [{"index": v.index, "basis": in_force_basis(v)[0], "how": in_force_basis(v)[1], "href": version_file(v)}
                     for v in versions],
    }
    ready = "".join(f'<li><a href="{escape(c.report)}">{c.old} → {c.new}</a></li>' for c in digest.changes)
    cmd = f"policydiff diff {policy.slug} A B"
    compare = (
        f'<section class="noprint" id="compare"><h2>{escape(site_word("compare_any", lang))}</h2>'
        f'<p>{escape(site_word("compare_intro", lang))}</p><code class="cmd" id="pair-cmd">{escape(cmd)}</code>'
        f'<form class="pick" id="pair-form" hidden><label>{escape(site_word("compare_from", lang))} <select id="pa">{opts}</select></label>'
        f'<label>{escape(site_word("compare_to", lang))} <select id="pb">{last_opt}</select></label></form>'
        f'<p id="pair-link" hidden>{escape(site_word("compare_ready", lang))} <a href="#">→</a></p>'
        + (f"<ul>{ready}</ul>" if ready else "") + "</section>"
    )
    at = (
        f'<section class="noprint" id="in-force"><h2>{escape(site_word("at_date", lang))}</h2>'
        f'<p class="muted">{escape(site_word("at_date_intro", lang))} <code>policydiff show {escape(policy.slug)} --at YYYY-MM-DD</code></p>'
        f'<form class="pick" id="at-form" hidden><input type="date" id="at" aria-label="{escape(site_word("at_date", lang))}"></form>'
        '<p id="at-result" aria-live="polite"></p></section>'
    )
    body = (
        _header(lang, "../../", digest.title)
        + f'<main><p>{tags} <span class="muted">{escape(policy.slug)}</span>{feed_link}</p>'
        f'<h2>{escape(site_word("timeline", lang))}</h2><ol class="timeline">{"".join(items)}</ol>{compare}{at}'
        f'<script type="application/json" id="versions-data">{_json_block(data)}</script></main>'
        + _footer(lang)
    )
    return page(f"{digest.title} — {site_word('timeline', lang)} · policydiff", body, lang=lang, scripts=(TIMELINE_JS,),
                canonical=canonical)


def _json_block(data: object) -> str:
    """JSON safe inside <script type="application/json">: no "</" can close the element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- one version ------------------------------------------------------------------------------


def version_page(policy: SitePolicy, title: str, v: SiteVersion, text: str, lang: str) -> str:
    dates = " · ".join(x for x in (
        f"{site_word('updated', lang)} {v.updated}" if v.updated else "",
        f"{site_word('effective', lang)} {v.effective}" if v.effective else "",
        f"{site_word('fetched', lang)} {_day(v.fetched)}") if x)
    crumbs = f'<a href="index.html">{escape(site_word("back_timeline", lang))}</a><a href="{facts_file(v)}">{escape(site_word("facts", lang))}</a>'
    head = f"{title} — {site_word('version', lang)} {v.index}"
    body = (_header(lang, "../../", head, crumbs) + f'<main><p class="muted">{escape(dates)}</p>'
            f'<pre class="policy">{escape(text)}</pre></main>' + _footer(lang))
    return page(f"{head} · policydiff", body, lang=lang)


def facts_page(policy: SitePolicy, title: str, v: SiteVersion, summary: dict[str, object], lang: str) -> str:
    crumbs = f'<a href="index.html">{escape(site_word("back_timeline", lang))}</a><a href="{version_file(v)}">{escape(site_word("text", lang))}</a>'
    head = f"{title} — {site_word('facts', lang)}（{site_word('version', lang)} {v.index}）" if lang != "en" else \
        f"{title} — {site_word('facts', lang)} (version {v.index})"
    body = (_header(lang, "../../", head, crumbs) + f'<main><p class="muted">{escape(site_word("facts_intro", lang))}</p>'
            f"{render_fragment(summary, lang)}</main>" + _footer(lang))
    return page(f"{head} · policydiff", body, lang=lang, extra_head=f"<style>{FACTS_CSS}</style>")


def report_nav(policy: SitePolicy, change: ChangeDigest, prev: ChangeDigest | None, nxt: ChangeDigest | None, lang: str) -> str:
    """The bar added on top of a change report: back to the timeline, previous and next change."""
    parts = [f'<a href="index.html#c{change.old}-{change.new}">{escape(site_word("back_timeline", lang))}</a>']
    if prev is not None:
        parts.append(f'<a href="{escape(prev.report)}" rel="prev">{escape(site_word("prev_change", lang))}</a>')
    if nxt is not None:
        parts.append(f'<a href="{escape(nxt.report)}" rel="next">{escape(site_word("next_change", lang))}</a>')
    parts.append(f'<a href="../../index.html">{escape(site_word("back_index", lang))}</a>')
    return f'<nav class="site-nav">{"".join(parts)}</nav>'


# -- search -----------------------------------------------------------------------------------


def search_page(rows: list[tuple[SitePolicy, Digest]], lang: str, canonical: str | None) -> str:
    items = []
    for p, d in sorted(rows, key=lambda r: r[1].title):
        words = " ".join([d.title, p.slug, " ".join(p.tags), d.search])
        items.append(
            f'<li data-words="{escape(words)}"><a href="{policy_dir(p.slug)}/index.html">{escape(d.title)}</a> '
            f'{verdict_badge(d.last_verdict, lang)} <span class="muted">{escape(d.last_change or "")}</span>'
            f'<div class="words">{escape(d.search[:300])}</div></li>')
    body = (
        _header(lang, "", site_word("search", lang))
        + f'<main class="search"><p>{escape(site_word("search_intro", lang))}</p>'
        f'<form id="search-form" hidden><input id="q" type="search" placeholder="{escape(site_word("search_placeholder", lang))}" '
        f'aria-label="{escape(site_word("search", lang))}"> <span id="n"></span> {escape(site_word("results", lang))}</form>'
        f'<noscript><p class="muted">{escape(site_word("search_needs_script", lang))}</p></noscript>'
        f'<ul class="hits" id="hits">{"".join(items)}</ul></main>'
        + _footer(lang)
    )
    return page(f"{site_word('search', lang)} · policydiff", body, lang=lang, scripts=(SEARCH_JS,), canonical=canonical)


def feed_href(slug: str) -> str:
    return f"../../feeds/{quote(slug)}.atom"
