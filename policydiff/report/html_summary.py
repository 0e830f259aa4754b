"""The top of the HTML report: the summary (per category, each fact linked to its section), the
warnings and the verdict, and the category filter that works without script.

``html`` assembles the page; ``Page`` carries what its pieces share.
"""

from __future__ import annotations

from typing import Any

from policydiff.lexicon.labels import word
from policydiff.model import Comparison
from policydiff.report.html_redline import esc
from policydiff.report.phrases import first_phrase
from policydiff.report.rows import (
    category_label,
    disclosure_line,
    judged_line,
    verdict_head,
    warnings,
    wording_of,
)
from policydiff.report.summary import SummaryGroup, item_text, where_text


class Page:
    """What the pieces of one page share: the result, the language, and each category's CSS class."""

    def __init__(self, result: Comparison, lang: str) -> None:
        self.result = result
        self.lang = lang
        self.classes: dict[str, str] = {}
        for c in result.verdict.categories:
            self.cls(c.key)
        for f in result.verdict.findings:
            self.cls(f.category)

    def cls(self, key: str) -> str:
        """A CSS-safe class for a category (custom keys carry Chinese words)."""
        if key not in self.classes:
            self.classes[key] = f"k{len(self.classes)}"
        return self.classes[key]

    def w(self, key: str, *args: object) -> str:
        return esc(word(key, self.lang, *args))


def badge(page: Page, key: str, outside_list: bool = False) -> str:
    wording = wording_of(page.result, key)
    cls = "badge cat" + (" outside" if outside_list else "")
    title = f' title="{esc(wording)}"' if wording else ""
    return f'<span class="{cls}"{title}>{esc(category_label(key, page.lang, wording))}</span>'


def where_html(page: Page, item: Any, max_places: int = 3) -> str:
    secs = item.sections
    if not secs:
        return ""
    if len(secs) == 1:
        return f'<a href="#{esc(secs[0].anchor)}">{esc(where_text(item, page.lang))}</a>'
    links = []
    for s in secs[:max_places]:
        label = s.label.rstrip("、") or first_phrase(s.heading, 8) or word("preamble", page.lang)
        links.append(f'<a href="#{esc(s.anchor)}" title="{esc(s.heading)}">{esc(label)}</a>')
    more = " " + page.w("more_places", len(secs)) if len(secs) > max_places else ""
    return page.w("list_sep").join(links) + more


# Facts shown per summary line before the rest fold into a <details> (a phone's first screen).
LINE_ITEMS = 8


def group_block(page: Page, g: SummaryGroup) -> str:
    lines = []
    open_, close = ("（", "）") if page.lang != "en" else (" (", ")")
    sep = page.w("list_sep")
    for line in g.lines:
        shown = [
            f'<span class="fact">{esc(item_text(it, page.lang))}<span class="where">{open_}{where_html(page, it)}{close}</span></span>'
            for it in line.items
        ]
        facts = sep.join(shown[:LINE_ITEMS])
        if len(shown) > LINE_ITEMS:
            rest = len(shown) - LINE_ITEMS
            facts += (f'<details class="more"><summary>{esc(word("more_items", page.lang, rest))}</summary>'
                      f'{sep.join(shown[LINE_ITEMS:])}</details>')
        lines.append(f'<li><span class="lh">{esc(line.head)}{page.w("colon")}</span>{facts}</li>')
    outside = "" if g.in_policy_list else " outside"
    return (
        f'<div class="group{outside} {page.cls(g.category)}" id="cat-{page.cls(g.category)}">'
        f'<h3 class="g-title"><q class="wording">{esc(g.title)}</q></h3><ul class="facts">{"".join(lines)}</ul></div>'
    )


def summary_block(page: Page, groups: list[SummaryGroup], filters: bool) -> str:
    result = page.result
    listed = [g for g in groups if g.in_policy_list]
    others = [g for g in groups if not g.in_policy_list]
    parts = ['<section id="summary" class="summary">']
    if listed or result.verdict.material:
        key = "summary_material" if result.verdict.category_source == "policy" else "summary_material_default"
        parts.append(f"<h2>{page.w(key)}</h2>")
        parts.extend(group_block(page, g) for g in listed)
        if not listed:
            parts.append(f'<p class="none">{page.w("summary_none")}</p>')
    elif result.changes:
        parts.append(f'<h2>{page.w("summary_short")}</h2><p class="none">{page.w("summary_none")}</p>')
    if others:
        parts.append(f'<h2 class="notable-h">{page.w("summary_notable")}</h2>')
        parts.extend(group_block(page, g) for g in others)
    if filters and groups:
        links = "".join(
            f'<a class="chip" href="#only-{page.cls(g.category)}">{esc(category_label(g.category, page.lang, wording_of(result, g.category)))}</a>'
            for g in groups
        )
        parts.append(f'<p class="filter">{page.w("filter")}<a class="chip" href="#toc">{page.w("filter_all")}</a>{links}</p>')
    parts.append("</section>")
    return "".join(parts) if len(parts) > 2 else ""


def verdict_block(page: Page) -> str:
    result = page.result
    v = result.verdict
    notes = warnings(result, page.lang)
    parts = []
    for note in notes:
        parts.append(f'<div class="warn" role="alert"><strong>⚠</strong> {esc(note)}</div>')
    changed = bool(result.changes) or any(p.status != "unchanged" for p in result.pairs)
    cls = "verdict material" if v.material else ("verdict changed" if changed else "verdict same")
    parts.append(f'<div class="{cls}" id="verdict"><p class="v-label">{page.w("verdict")}</p>'
                 f'<p class="v-head">{esc(verdict_head(result, page.lang))}</p>')
    if v.material:
        cats = "".join(
            f'<li><q class="wording">{esc(wording_of(result, g))}</q></li>'
            for g in dict.fromkeys(f.category for f in v.findings if f.in_policy_list)
        )
        parts.append(f'<ul class="cats">{cats}</ul>')
    parts.append(f'<p class="src">{esc(judged_line(result, page.lang))}</p>')
    disclosure = disclosure_line(result, page.lang)
    if disclosure:
        parts.append(f'<p class="disc-line"><a href="#disclosure">{page.w("disclosure")}</a>{page.w("colon")}{esc(disclosure)}</p>')
    parts.append("</div>")
    return "".join(parts)


def filter_targets(page: Page, groups: list[SummaryGroup]) -> tuple[str, str]:
    """Empty anchors the filter links target, and the CSS that hides the other sections under each.

    ``#only-k1:target ~ main section.change:not(.k1)`` hides every section not about category k1;
    no script runs. The anchors sit just before the list of changed sections.
    """
    spans, rules = [], []
    for g in groups:
        c = page.cls(g.category)
        name = category_label(g.category, page.lang, wording_of(page.result, g.category))
        spans.append(f'<p class="only" id="only-{c}">{esc(word("filtered", page.lang, name))} · <a href="#toc">{page.w("filter_all")}</a></p>')
        rules.append(
            f"#only-{c}:target{{display:block}}"
            f"#only-{c}:target~main section.change:not(.{c}),#only-{c}:target~nav ol.toc>li:not(.{c}),"
            f"#only-{c}:target~main .renumbered,#only-{c}:target~main details.unchanged{{display:none}}"
        )
    return "".join(spans), "".join(rules)
