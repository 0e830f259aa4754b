"""What every report format shares: the rows to show, their titles and status words, the verdict
and warning lines, the policy's title, and the one rule of trimming unchanged context around an edit.

Every word a person reads comes from ``lexicon.labels`` in the chosen language (``lang``, "zh" by
default); no internal key is ever part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from policydiff.lexicon.labels import (
    CHARS_LEFT_OUT,
    DATE_LINE,
    KIND_OTHER,
    QUOTED_TITLE,
    SIDES,
    STATUS_LABELS,
    TITLE_WORDS,
    TRANSPARENCY_LABELS,
    WARNINGS,
    category_name,
    date_name,
    pick,
    word,
)
from policydiff.model import Change, Comparison, Finding, ReadingWarning, SectionPair, StatedDates
from policydiff.report.phrases import display_value, first_phrase, short_heading
from policydiff.report.summary import line_head
from policydiff.text.memo import per_object

# Characters of unchanged text kept on each side of an edit in a redline.
CONTEXT = 30

def findings_of(result: Comparison, index: int) -> list[Finding]:
    """The findings placed on change ``index``."""
    return [f for f in result.verdict.findings if f.change_index == index]


def distinct_findings(findings: list[Finding]) -> list[Finding]:
    """Each (category, side, kind, fact) once: the classifier may report one fact twice in a section."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.category, f.side, f.signal, "".join((f.trigger or f.evidence).split()))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def trim_context(text: str, first: bool, last: bool, context: int = CONTEXT, slack: int = 10) -> tuple[str, str, str]:
    """An unchanged run cut to its ends: (head, left-out middle, tail).

    The first run keeps only its tail, the last only its head; a run not much longer than
    what would be kept stays whole (the middle is "").

    >>> trim_context("0123456789" * 3, first=False, last=False, context=3, slack=0)
    ('012', '345678901234567890123456', '789')
    >>> trim_context("短句", first=False, last=False)
    ('短句', '', '')
    """
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(text) <= keep_head + keep_tail + slack:
        return text, "", ""
    return text[:keep_head], text[keep_head : len(text) - keep_tail], text[len(text) - keep_tail :]


def category_label(key: str, lang: str = "zh", wording: str = "") -> str:
    """A short badge for a category: its standard name, or a custom item's own words — never its key."""
    name = category_name(key, lang)
    if name:
        return name
    words = " ".join((wording or (key[len("custom:"):] if key.startswith("custom:") else "")).split())
    if not words:
        return pick(KIND_OTHER, lang)
    return words if len(words) <= 16 else words[:15] + "…"


def wording_of(result: Comparison, key: str) -> str:
    for c in result.verdict.categories:
        if c.key == key:
            return c.wording
    return ""


def finding_text(f: Finding, lang: str = "zh") -> str:
    """A finding in words, from its fields: "新增收集的个人信息「MAC地址」" / "New personal information collected “MAC地址”"."""
    action = "added" if f.side == "new" else "removed"
    head = line_head(action, f.signal, lang, f.category) if f.signal else pick(KIND_OTHER, lang)
    value = display_value(f.signal, f.trigger or f.evidence, 40)
    text = f"{head}「{value}」" if lang != "en" else f"{head} “{value}”"
    if not f.in_policy_list:
        text += word("paren", lang, word("outside_list", lang))
    return text


def pair_title(pair: SectionPair) -> str:
    """"2.5 帮助您完成支付 → 2.6 帮助您完成支付", or one heading when it did not change, each as
    people recognise it (label and first phrase: ``phrases.short_heading``)."""
    old = short_heading(pair.old) if pair.old else None
    new = short_heading(pair.new) if pair.new else None
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


def status_words(pair: SectionPair, lang: str = "zh") -> str:
    """"修改（重新编号）" / "modified (renumbered)"."""
    status = "renumbered" if pair.status == "moved" and not pair.reordered else pair.status
    words = pick(STATUS_LABELS[status], lang)
    extra = []
    if pair.renumbered and status != "renumbered":
        extra.append(pick(STATUS_LABELS["renumbered"], lang))
    if pair.reordered and pair.status != "moved":
        extra.append(pick(STATUS_LABELS["reordered"], lang))
    if pair.note:
        extra.append(pair.note)
    return words + (word("paren", lang, word("list_sep", lang).join(extra)) if extra else "")


def triggered(result: Comparison) -> list[tuple[str, str, int]]:
    """(key, the policy's wording, number of findings) for every listed category some finding falls under."""
    v = result.verdict
    counts: dict[str, int] = {}
    for f in v.findings:
        if f.in_policy_list:
            counts[f.category] = counts.get(f.category, 0) + 1
    return [(c.key, c.wording, counts[c.key]) for c in v.categories if c.key in counts]


def notable(result: Comparison) -> list[tuple[str, int]]:
    """(key, number of findings) for categories found that the policy's own 重大变更 list does not name."""
    counts: dict[str, int] = {}
    for f in result.verdict.findings:
        if not f.in_policy_list:
            counts[f.category] = counts.get(f.category, 0) + 1
    return list(counts.items())


def no_change(result: Comparison) -> bool:
    return not result.changes and all(p.status == "unchanged" for p in result.pairs)


def verdict_head(result: Comparison, lang: str = "zh") -> str:
    """The verdict in a few words: 重大变更 / 有变更，但不构成重大变更 / 无变更."""
    if no_change(result):
        return word("no_change", lang)
    if result.verdict.material:
        return word("material", lang)
    if not result.changes:
        return word("renumbered_only", lang)
    return word("changed_not_material", lang)


def verdict_line(result: Comparison, lang: str = "zh") -> str:
    """The verdict and the categories it rests on, in the policy's words."""
    head = verdict_head(result, lang)
    if not result.verdict.material:
        return head
    return head + word("colon", lang) + word("list_sep", lang).join(
        category_label(key, lang, wording) for key, wording, _ in triggered(result)
    )


def policy_title(result: Comparison) -> str:
    """The policy's name: the new (else old) version's first title line, else its source's file name."""
    for tree in (result.new, result.old):
        for text in [tree.root.heading, *(p.text for p in tree.document.paragraphs[:4])]:
            line = " ".join((text or "").split()).strip("#* ")
            if line and len(line) <= 40 and TITLE_WORDS.search(line) and not DATE_LINE.search(line):
                return line
    for tree in (result.new, result.old):  # no title line: the name the text calls itself, 本《隐私政策》
        for p in tree.document.paragraphs[:6]:
            for m in QUOTED_TITLE.finditer(p.text):
                if TITLE_WORDS.search(m.group(1)):
                    return m.group(1)
    source = result.new.document.source
    return PurePath(source).name if ("/" in source or "\\" in source) else source


def _fmt_dates(d: StatedDates, lang: str = "zh") -> str:
    parts = [f"{date_name(k, lang)} {val}" for k, val in d.as_dict().items() if val]
    return word("list_sep", lang).join(parts) or word("no_date", lang)


def dates_line(result: Comparison, lang: str = "zh") -> str:
    """"旧版本：更新 2020-12-16 → 新版本：更新 2022-08-10、生效 2022-08-17"."""
    v = result.verdict
    colon = word("colon", lang)
    return (f"{word('old_version', lang)}{colon}{_fmt_dates(v.old_dates, lang)} → "
            f"{word('new_version', lang)}{colon}{_fmt_dates(v.new_dates, lang)}")


def warnings(result: Comparison, lang: str = "zh") -> list[str]:
    """What a reader must know before trusting the verdict: silent revision, the clause edited, no
    list found, and the reading warnings (a section tree that looked wrong, a refused clause)."""
    v = result.verdict
    out = []
    if v.silent_revision:
        out.append(word("silent_revision", lang))
    if v.clause_changed:
        out.append(word("clause_changed", lang, word("paren", lang, first_phrase(v.clause_heading, 24)) if v.clause_heading else ""))
    if v.category_source == "default" and not no_change(result):
        out.append(word("no_list", lang))
    # "no_policy_list" is the line above already; the others are said as they are
    out.extend(warning_message(w, lang) for w in result.warnings if w.code != "no_policy_list")
    return out


def judged_line(result: Comparison, lang: str = "zh") -> str:
    """On what the verdict rests: the policy's own 重大变更 clause, or the standard categories."""
    v = result.verdict
    if v.category_source == "policy":
        where = word("paren", lang, first_phrase(v.clause_heading, 24)) if v.clause_heading else ""
        return word("judged_policy", lang, where)
    return word("judged_default", lang)


@dataclass
class Row:
    """One section to report: a text change, or a section moved to another place."""

    pair: SectionPair
    change: Change | None
    index: int  # index into Comparison.changes, -1 when the text did not change
    findings: list[Finding]
    anchor: str  # HTML id, stable for a given comparison

    @property
    def title(self) -> str:
        return pair_title(self.pair)

    @property
    def material(self) -> bool:
        """Some finding falls under the policy's own 重大变更 list (others are only notable)."""
        return any(f.in_policy_list for f in self.findings)


@per_object  # the Markdown and HTML reports and the summary line of one comparison read them alike (only read)
def report_rows(result: Comparison) -> tuple[list[Row], list[SectionPair], list[SectionPair]]:
    """(changed rows material first then in document order, renumbered-only pairs, unchanged pairs).

    A pair whose wording is the same but whose place changed is a row; one that only got a
    new number is listed apart, since a renumbering cascade would otherwise bury the changes.
    """
    by_pair = {id(c.pair): (i, c) for i, c in enumerate(result.changes)}
    rows: list[Row] = []
    renumbered: list[SectionPair] = []
    unchanged: list[SectionPair] = []
    for k, p in enumerate(result.pairs):
        i, c = by_pair.get(id(p), (-1, None))
        if c is None and p.status == "unchanged":
            unchanged.append(p)
        elif c is None and p.status == "moved" and not p.reordered:
            renumbered.append(p)
        else:
            rows.append(Row(p, c, i, distinct_findings(findings_of(result, i)) if c is not None else [], f"s{k}"))
    rows.sort(key=lambda r: (not r.material, not r.findings))
    return rows, renumbered, unchanged


def summary_line(result: Comparison, lang: str = "zh") -> str:
    """One line: the verdict, how many sections changed, how many of them materially."""
    rows, renumbered, unchanged = report_rows(result)
    material = sum(1 for r in rows if r.material)
    sep = word("clause_sep", lang)
    parts = [word("sections_changed", lang, len(rows), material)]
    if renumbered:
        parts.append(word("renumbered_n", lang, len(renumbered)))
    parts.append(word("unchanged_n", lang, len(unchanged)))
    if result.verdict.silent_revision:
        parts.append(pick(TRANSPARENCY_LABELS["silent_revision"], lang))
    return f"policydiff: {verdict_head(result, lang)} — " + sep.join(parts)


def disclosure_line(result: Comparison, lang: str = "zh", per_category: bool = False) -> str:
    """The disclosure check's verdict in one line, built from its fields (its own summary is English), or "".

    ``per_category`` counts kinds of change (the categories an alert lists) rather than findings,
    so an alert's reader can match the count against the categories above it."""
    d = result.disclosure
    if d is None:
        return ""
    parts = [pick(TRANSPARENCY_LABELS.get(d.transparency, (d.label, d.label)), lang)]
    if d.findings and per_category:
        kinds = list(dict.fromkeys(f.category for f in d.findings))
        told = [k for k in kinds if all(f.status == "disclosed" for f in d.findings if f.category == k)]
        parts.append(word("disclosure_cat_counts", lang, len(kinds), len(told)) if lang != "en"
                     else word("disclosure_cat_counts", lang, len(told), len(kinds)))
    elif d.findings:
        disclosed = sum(1 for f in d.findings if f.status == "disclosed")
        parts.append(word("disclosure_counts", lang, len(d.findings), disclosed) if lang != "en"
                     else word("disclosure_counts", lang, disclosed, len(d.findings)))
    if d.findings:
        missing = list(dict.fromkeys(f.category for f in d.findings if f.status == "undisclosed"))
        if missing:
            names = [category_label(k, lang, wording_of(result, k)) for k in missing]
            parts.append(word("disclosure_undisclosed", lang, word("list_sep", lang).join(names)))
    if d.notice is None:
        if result.verdict.material:
            parts.append(word("disclosure_no_notice", lang))
    else:
        if d.notice.carried_over:
            parts.append(word("disclosure_carried", lang))
        if d.claimed_not_found:
            parts.append(word("disclosure_claimed", lang, len(d.claimed_not_found)))
    return word("clause_sep", lang).join(parts)


def notice_quote(result: Comparison, limit: int = 200) -> str:
    """The update notice's words, shortened, or ""."""
    d = result.disclosure
    if d is None or d.notice is None or not d.notice.text:
        return ""
    return clip_plain(d.notice.text, limit)


def clip_plain(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_run(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 20] + " " + CHARS_LEFT_OUT[0].format(len(text))  # the text is Chinese


def renumber_list(pairs: list[SectionPair], limit: int = 40) -> str:
    items = [f"{p.old.label if p.old else ''}→{p.new.label if p.new else ''}" for p in pairs]
    return ", ".join(items[:limit]) + (f", … (+{len(items) - limit})" if len(items) > limit else "")



def warning_message(w: ReadingWarning, lang: str = "zh") -> str:
    """A reading warning as a sentence for people, in Chinese ("zh") or English ("en")."""
    k = 0 if lang == "zh" else 1
    template = WARNINGS.get(w.code, (w.code, w.code))[k]
    return SIDES[w.side][k] + ("：" if k == 0 else ": ") + template.format(detail=w.detail)
