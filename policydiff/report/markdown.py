"""Markdown for a ticket, a PR comment or an alert: the summary first, each fact linked to its
section below; then warnings, the verdict and (unless brief) the redline with ~~deleted~~ and
**inserted** words. Every piece of policy text is escaped.
"""

from __future__ import annotations

import re

from policydiff import regex_cache
from policydiff.lexicon.labels import word
from policydiff.model import Change, Comparison
from policydiff.report.phrases import first_phrase, short_heading
from policydiff.report.rows import (
    category_label,
    clip_run,
    dates_line,
    disclosure_line,
    finding_text,
    judged_line,
    notice_quote,
    policy_title,
    renumber_list,
    report_rows,
    status_words,
    summary_line,
    trim_context,
    verdict_head,
    verdict_line,
    warnings,
    wording_of,
)
from policydiff.report.summary import (
    SummaryItem,
    item_text,
    summary_groups,
    summary_items,
    where_text,
)


def md_escape(text: str) -> str:
    """Escape Markdown's special characters (and fold newlines) in policy text."""
    return _MD_SPECIAL.sub(_backslashed, text).replace("\n", " ")


_MD_SPECIAL = regex_cache.compile(r"[\\`*_\[\]<>#|~]")


def _backslashed(m: re.Match[str]) -> str:
    """The character matched, after a backslash (a function: ``re.sub`` parses a template each call)."""
    return "\\" + m[0]


def _where_md(item: SummaryItem, lang: str, links: bool, max_places: int = 3) -> str:
    """The fact's sections, each a link to its entry in the detail (when the detail is there)."""
    secs = item.sections
    if not secs:
        return ""
    if len(secs) == 1:
        text = md_escape(where_text(item, lang))
        return f"[{text}](#{secs[0].anchor})" if links and secs[0].anchor else text
    parts = []
    for s in secs[:max_places]:
        label = md_escape(s.label.rstrip("、") or first_phrase(s.heading, 8) or word("preamble", lang))
        parts.append(f"[{label}](#{s.anchor})" if links and s.anchor else label)
    more = " " + word("more_places", lang, len(secs)) if len(secs) > max_places else ""
    return word("list_sep", lang).join(parts) + more


def summary_markdown(result: Comparison, lang: str = "zh", *, links: bool = True, level: int = 2,
                     brief_limit: int | None = None) -> list[str]:
    """The summary block: per category in the policy's words, the facts that appeared, disappeared or changed."""
    lines: list[str] = []
    h = "#" * level
    groups = summary_groups(summary_items(result), lang)
    listed = [g for g in groups if g.in_policy_list]
    others = [g for g in groups if not g.in_policy_list]
    if listed or result.verdict.material:
        key = "summary_material" if result.verdict.category_source == "policy" else "summary_material_default"
        lines += [f"{h} {word(key, lang)}", ""]
    elif result.changes:
        lines += [f"{h} {word('summary_short', lang)}", "", word("summary_none", lang), ""]
    for g in listed + others:
        if others and g is others[0]:
            lines += [f"{h} {word('summary_notable', lang)}", ""]
        lines.append(f"**「{md_escape(g.title)}」**")
        for line in g.lines:
            facts = [f"{md_escape(item_text(it, lang))}{word('paren', lang, _where_md(it, lang, links))}" for it in line.items]
            if brief_limit is not None and len(facts) > brief_limit:
                facts = facts[:brief_limit] + [word("more_items", lang, len(facts) - brief_limit)]
            lines.append(f"- {md_escape(line.head)}{word('colon', lang)}{word('list_sep', lang).join(facts)}")
        lines.append("")
    return lines


def verdict_markdown(result: Comparison, lang: str = "zh", level: int = 2) -> list[str]:
    """Warnings, then the verdict, its basis and the disclosure check."""
    h = "#" * level
    lines: list[str] = []
    notes = warnings(result, lang)
    if notes:
        lines += [f"{h} {word('warnings', lang)}", ""]
        lines += [f"> ⚠ **{md_escape(n)}**" for n in notes]
        lines.append("")
    lines += [f"{h} {word('verdict', lang)}", ""]
    lines.append(f"**{md_escape(verdict_head(result, lang))}**" + (
        md_escape(verdict_line(result, lang)[len(verdict_head(result, lang)):]) if result.verdict.material else ""))
    lines.append("")
    lines.append(md_escape(judged_line(result, lang)))
    disclosure = disclosure_line(result, lang)
    if disclosure:
        lines.append("")
        lines.append(f"**{word('disclosure', lang)}**{word('colon', lang)}{md_escape(disclosure)}")
        quote = notice_quote(result)
        if quote:
            lines.append("")
            lines.append(f"> {md_escape(word('notice_says', lang))}「{md_escape(quote)}」")
    lines.append("")
    return lines


def render_markdown(result: Comparison, *, all_sections: bool = False, lang: str = "zh", brief: bool = False) -> str:
    """Compact Markdown, summary first; ``brief``: summary and verdict only."""
    rows, renumbered, unchanged = report_rows(result)
    lines = [f"# {md_escape(policy_title(result))}{word('colon', lang)}{md_escape(verdict_head(result, lang))}", ""]
    lines.append(md_escape(dates_line(result, lang)) + "  ")
    lines.append(f"{word('source', lang)}{word('colon', lang)}{md_escape(result.old.document.source)} → {md_escape(result.new.document.source)}")
    lines.append("")
    lines += summary_markdown(result, lang, links=not brief)
    lines += verdict_markdown(result, lang)
    if not brief:
        if rows:
            lines += [f"## {word('changed_sections_n', lang, len(rows), sum(1 for r in rows if r.material))}", ""]
        for n, row in enumerate(rows, 1):
            pair, change, findings = row.pair, row.change, row.findings
            flag = "⚠ " if row.material else ""
            lines.append(f'<a id="{row.anchor}"></a>')
            lines.append("")
            lines.append(f"### {n}. {flag}{md_escape(row.title) or word('preamble', lang)}")
            cats = sorted({f.category for f in findings})
            badges = word("list_sep", lang).join(category_label(k, lang, wording_of(result, k)) for k in cats)
            lines.append(f"*{md_escape(status_words(pair, lang))}*" + (f" — **{md_escape(badges)}**" if badges else ""))
            for f in findings:
                lines.append(f"- {md_escape(finding_text(f, lang))}")
            if change is not None and change.edits:
                lines.append("")
                lines.append("> " + _md_redline(change))
            lines.append("")
        if renumbered:
            lines.append(f"**{word('renumbered_list', lang, len(renumbered))}**{word('colon', lang)}{md_escape(renumber_list(renumbered))}")
            lines.append("")
        if all_sections and unchanged:
            lines.append(f"**{word('unchanged_list', lang, len(unchanged))}**{word('colon', lang)}"
                         + word("clause_sep", lang).join(md_escape(short_heading(p.new)) or word("preamble", lang) for p in unchanged))
            lines.append("")
    lines.append(f"`{summary_line(result, lang)}`")
    return "\n".join(lines).rstrip() + "\n"


def _md_wrap(text: str, marker: str) -> str:
    """``marker``text``marker`` with surrounding whitespace kept outside, so the emphasis still renders."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{marker}{core}{marker}{trail}"


def _md_redline(change: Change, context: int = 30, limit: int = 500) -> str:
    out = []
    n = len(change.edits)
    for i, e in enumerate(change.edits):
        if e.op == "equal":
            head, mid, tail = trim_context(" ".join(e.text.split()), i == 0, i == n - 1, context)
            text = head if not mid else (head + " … " if head else "… ") + tail
            out.append(md_escape(text))
        elif e.op == "insert":
            out.append(_md_wrap(md_escape(clip_run(e.text, limit)), "**"))
        else:
            out.append(_md_wrap(md_escape(clip_run(e.text, limit)), "~~"))
    return "".join(out)
