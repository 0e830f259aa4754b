"""The update notice of a version: find it, read its items, resolve the sections it names.

Many policies open with a notice ("我们对《隐私政策》进行了更新。更新后的版本新增了…",
"版本更新提示：…主要包括：…"). ``find_notice`` finds it in a tree (a headed block, or a cue
sentence at the top or highlighted; never the "本政策如何更新" promises), ``parse_items`` reads
what it says changed (verb, topics mapped onto the category keys, section references).
"""

from __future__ import annotations

import re
from functools import lru_cache

from policydiff import regex_cache
from policydiff.compare.headings import cn_to_int
from policydiff.compare.scanning import pieces_cut_by
from policydiff.compare.sections import section_type
from policydiff.compare.word_cut import cut_words
from policydiff.lexicon import categories as category_words
from policydiff.lexicon import contact, entities, notices
from policydiff.model import Notice, NoticeItem, Paragraph, PolicyTree, Section, SectionRef
from policydiff.text.dates import stated_dates
from policydiff.text.memo import per_comparison, per_object
from policydiff.text.normalize import comparison_key

_NOTICE_SENTENCES = pieces_cut_by(notices.NOTICE_SENTENCE_SPLIT)
# Where to look for a notice that has no heading: the preamble and the first paragraphs.
_TOP_PARAGRAPHS = 15
# A headed notice runs over at most this many paragraphs.
_MAX_NOTICE_PARAGRAPHS = 12
# A paragraph longer than this is body text (or a whole policy on one line), not part of a notice:
# real notices' paragraphs are a few hundred characters, and a notice is searched per change.
_MAX_NOTICE_CHARS = 5000


def _owners(tree: PolicyTree) -> dict[int, Section]:
    """id(paragraph) -> the section it belongs to."""
    return {id(p): s for s in tree.sections for p in s.paragraphs}


def _notice_sections(tree: PolicyTree) -> set[int]:
    """ids of the sections headed as an update notice ("版本更新提示") and of everything under them."""
    out: set[int] = set()
    for s in tree.sections:
        if s.level > 0 and (_may_head(s.title) and _notice_heading(s.title.strip()) or _may_head(s.heading) and _notice_heading(s.heading.strip())):
            out.update(id(d) for d in s.walk())
    return out


def _may_head(text: str) -> bool:
    """A text that could be a notice's heading or label: each of ``NOTICE_HEADING``'s and
    ``NOTICE_LABEL_INLINE``'s words holds one of ``NOTICE_HEADING_MARKS`` (a few looks at the
    text in C, where a match is a call into the regular expression engine)."""
    return any(map(text.__contains__, notices.NOTICE_HEADING_MARKS))


# Both versions are searched for a notice, and most of their headings and paragraphs are the same
# texts: each text is tested once per comparison (``text.memo``), the regular expressions being
# the cost (a failed match of these alternations costs more than the look-up that replaces it).


@per_comparison
def _notice_heading(text: str) -> bool:
    """A (stripped) heading or paragraph that is a notice's heading alone (``NOTICE_HEADING``)."""
    return bool(notices.NOTICE_HEADING.match(text))


@per_comparison
def _notice_marks(text: str) -> tuple[bool, bool]:
    """(headed, labelled) of a stripped paragraph: a notice's heading alone (a short line), or a
    notice label that runs on into the notice's text (``NOTICE_LABEL_INLINE``)."""
    headed = len(text) <= 24 and _notice_heading(text)
    return headed, not headed and bool(notices.NOTICE_LABEL_INLINE.match(text))


@per_comparison
def notice_cue(text: str) -> re.Match[str] | None:
    """The first notice cue in a sentence that reports this update (not a promise of future ones).

    A promise word before the cue makes it a promise ("如果本政策进行了更新…"); after it, it is
    the notice's courtesy ("我们对本政策进行了更新，我们将以弹窗提醒您").
    """
    for sentence in _NOTICE_SENTENCES(text):
        m = notices.NOTICE_CUE.search(sentence)
        if m and not any(w in sentence[: m.start()] for w in notices.NOTICE_CONDITION_BEFORE):
            return notices.NOTICE_CUE.search(text, text.find(sentence))
    return None


_DATE_LINE_MAX = 40  # a line this short that states a date is a dates line


def _continues(text: str) -> bool:
    """A paragraph after a notice's start that carries on its list of changes."""
    body = category_words.CLAUSE_ITEM.sub("", text, count=1).strip()
    if len(text) <= _DATE_LINE_MAX and stated_dates(text).any():
        return False  # 更新日期：2021 年 10 月 29 日 — the version's dates, not a change it lists
    return bool(notice_cue(text)) or body.startswith(_action_words()) or (body != text.strip() and bool(notices.NOTICE_REF.search(body)))


def find_notice(tree: PolicyTree, items: bool = True) -> Notice | None:
    """The first update notice of a version: a headed block, or a sentence at the top or highlighted.
    Searched once per comparison (``text.memo``: the classifier and the disclosure check both ask);
    each call gets a Notice of its own."""
    found = _locate(tree)
    if found is None:
        return None
    text, where, line, heading, block = found
    return Notice(text=text, where=where, line=line, heading=heading, carried_over=False,
                  items=parse_items(text, tree) if items else [], paragraphs=list(block))


@per_object
def _locate(tree: PolicyTree) -> tuple[str, str, int, str | None, tuple[Paragraph, ...]] | None:
    """(text, where, line, heading, paragraphs) of the first update notice of a version."""
    owners: dict[int, Section] = {}  # made when a paragraph's section is first needed (most are passed by their text)
    paras = tree.document.paragraphs
    preamble = {id(p) for p in tree.root.paragraphs}
    headed_sections = _notice_sections(tree)

    def section_of(p: Paragraph) -> Section:
        if not owners:
            owners.update(_owners(tree))
        return owners.get(id(p), tree.root)

    for i in range(len(paras)) if headed_sections else _may_start(paras, preamble):
        para = paras[i]
        text = para.text.strip()
        if not text or len(text) > _MAX_NOTICE_CHARS:
            continue
        headed, labelled = _notice_marks(text) if _may_head(text) else (False, False)
        in_notice_section = bool(headed_sections) and id(section_of(para)) in headed_sections
        by_cue = not headed and not in_notice_section and not labelled
        if by_cue and not ((id(para) in preamble or i < _TOP_PARAGRAPHS or text.startswith(notices.NOTICE_HIGHLIGHT))
                           and notice_cue(text)):
            continue
        section = section_of(para)
        if by_cue and section.level > 0 and section_type(section) == "update":
            continue  # "本政策如何更新": promises, not this update's notice
        block = [para] if not headed else []
        for nxt in paras[i + 1 : i + 1 + _MAX_NOTICE_PARAGRAPHS]:
            t = nxt.text.strip()
            if not t:
                continue
            if len(t) > _MAX_NOTICE_CHARS:
                break
            nsec = section_of(nxt)
            if (nsec is section and in_notice_section) or _continues(t) or (headed and not block):
                block.append(nxt)
            else:
                break
        if not block:
            continue
        label = notices.NOTICE_LABEL_INLINE.match(text) if labelled else None
        if label is not None:
            heading: str | None = text[: label.end()].strip("【】[]：: ")
        else:
            heading = text.strip("【】[]：: ") if headed else (section.title if in_notice_section else None)
        where = "preamble" if section.level == 0 else f"section {section.path}"
        notice_text = "\n".join(p.text.strip() for p in block)
        return notice_text, where, (para if headed else block[0]).line_no, heading, tuple(block)
    return None


def _may_start(paras: list[Paragraph], preamble: set[int]) -> list[int]:
    """The indices of the paragraphs where a notice without a notice section may start, in order:
    the first ``_TOP_PARAGRAPHS``, the preamble's, and those holding a heading mark (``_may_head``)
    or opening on a highlight; ``_locate`` passes every other paragraph by, so it is not read there
    (a few looks in C each here, against the loop's Python steps for each)."""
    return [i for i, p in enumerate(paras)
            if i < _TOP_PARAGRAPHS or id(p) in preamble or _may_head(p.text)
            or p.text.lstrip().startswith(notices.NOTICE_HIGHLIGHT)]


# -- what the notice says ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _action_words() -> tuple[str, ...]:
    return tuple(w for _, words in notices.NOTICE_ACTIONS for w in words)


@lru_cache(maxsize=1)
def _item_split() -> re.Pattern[str]:
    """Split a run of items at 、/，/；/。 before a change verb (…、明确…、补充…)."""
    verbs = "|".join(re.escape(w) for w in sorted(_action_words(), key=len, reverse=True))
    return regex_cache.compile(rf"[、，,](?=(?:{verbs}))|[；;\n]")


@lru_cache(maxsize=1)
def _topic_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Notice topic words per category: the notice-specific list plus the classifier's lexicons."""
    extra: dict[str, list[str]] = {
        "purpose_type_usage": [w for ws in entities.DATA_TYPES.values() for w in ws] + [w for ws in entities.PURPOSES.values() for w in ws],
        "recipients": [w for ws in entities.RECIPIENTS.values() for w in ws],
        "contact": [w for ws in contact.CONTACT_ROLES.values() for w in ws],
    }
    return tuple((key, tuple(words) + tuple(extra.get(key, ()))) for key, words in notices.NOTICE_TOPICS)


def item_categories(text: str) -> list[str]:
    """Every canonical category whose notice topic words the item names."""
    lower = text.lower()
    return [key for key, words in _topic_words() if any((w in text) if not w.isascii() else (w.lower() in lower) for w in words)]


def split_action(text: str) -> tuple[str, str]:
    """(action, text without its leading verb)."""
    for action, words in notices.NOTICE_ACTIONS:
        for w in words:
            if text.startswith(w):
                rest = text[len(w):]
                return action, rest[1:] if rest.startswith(notices.PERFECTIVE) else rest
    return "", text


def _zone(text: str) -> str:
    """The part of the notice that lists the changes: after "主要包括：" / "更新后的版本", up to the
    sentence end, then any list lines ("1. 新增…；"); without such words, the sentences and list lines
    after the cue that open with a change verb."""
    cue = notice_cue(text)
    m = notices.NOTICE_ITEMS_START.search(text, cue.start() if cue else 0)
    out: list[str] = []
    if m:
        first, _, rest = text[m.end():].partition("。")
        out.append(first)
        out.extend(s for s in rest.split("。") if s.strip().startswith(_action_words()))
        lines = text[m.end():].split("\n")[1:]
    else:
        lines = (text[cue.end():] if cue else text).split("\n")
    for line in lines:
        line = line.strip(" ，,：:")
        body = category_words.CLAUSE_ITEM.sub("", line, count=1)
        if body != line:  # a list line
            if body not in "".join(out):
                out.append(body)
            continue
        out.extend(x for x in (s.strip(" ，,：:") for s in _NOTICE_SENTENCES(line)) if x.startswith(_action_words()) and x not in "".join(out))
    return "\n".join(out)


def parse_items(text: str, tree: PolicyTree) -> list[NoticeItem]:
    """The notice's items: verb, categories, section references resolved in ``tree``."""
    zone = _zone(text)
    items: list[NoticeItem] = []
    previous = ""
    for piece in _item_split().split(zone):
        piece = category_words.CLAUSE_ITEM.sub("", piece.strip(), count=1).strip(" ，,、。：:")
        piece = notices.NOTICE_ITEM_STOP.split(piece, maxsplit=1)[0].strip(" ，,、。")
        if len(piece) < 3:
            continue
        action, rest = split_action(piece)
        refs = section_refs(piece, tree)
        categories = item_categories(rest)
        if not (action or categories or refs):
            continue
        items.append(NoticeItem(text=piece, action=action or previous, categories=categories, refs=refs))
        previous = action or previous
    return items


def item_terms(text: str) -> list[str]:
    """Distinctive words of an item (not its verb, not notice filler), to look for in the edits."""
    text = notices.NOTICE_REF.sub("", text)
    out: list[str] = []
    for tok in cut_words(comparison_key(text)):
        if len(tok) >= 2 and tok not in notices.NOTICE_FILLER and not tok.startswith(_action_words()) and tok not in out:
            if re.search(r"[^\W\d_]", tok) and not re.search(notices.PRONOUN_CHARS, tok):
                out.append(tok)
    return out


# -- section references ------------------------------------------------------------------------


def _atoms(ref: str) -> list[tuple[str, tuple[int, ...]]]:
    """A printed reference as (kind, number) steps: "第三部分4.2" -> [("part", (3,)), ("dotted", (4, 2))]."""
    out: list[tuple[str, tuple[int, ...]]] = []
    for m in notices.NOTICE_REF_ATOM.finditer(ref):
        if m.group("unit_num"):
            raw = m.group("unit_num")
            number = tuple(int(x) for x in raw.replace("．", ".").split(".")) if raw[0].isdigit() else (cn_to_int(raw),)
            out.append(("dotted" if len(number) > 1 else "part", number))
        elif m.group("paren"):
            raw = m.group("paren")
            out.append(("paren", (int(raw),) if raw.isdigit() else (cn_to_int(raw),)))
        elif m.group("dotted"):
            out.append(("dotted", tuple(int(x) for x in m.group("dotted").replace("．", ".").split("."))))
    return out


def _matches(section: Section, kind: str, number: tuple[int, ...]) -> bool:
    if section.level == 0 or section.number != number:
        return False
    if kind == "paren":
        return section.style.startswith("paren")
    return not section.style.startswith("paren")


def resolve(ref: str, tree: PolicyTree) -> SectionRef:
    """The section of ``tree`` a printed reference names, each step searched inside the previous one."""
    scope: list[Section] = [s for s in tree.sections if s.level > 0]
    found: list[Section] = []
    for i, (kind, number) in enumerate(_atoms(ref)):
        hits = [s for s in scope if _matches(s, kind, number)]
        if kind == "part" and i == 0:
            hits = [s for s in hits if s.level == 1] or hits
        if not hits and i > 0:
            hits = [s for s in tree.sections if _matches(s, kind, number)]  # the outer step named another scheme
        if not hits:
            return SectionRef(ref, 0)
        found = hits
        scope = [d for h in hits for d in h.walk()[1:]]
    if len(found) == 1:
        return SectionRef(ref, 1, found[0])
    return SectionRef(ref, len(found))


def section_refs(text: str, tree: PolicyTree) -> list[SectionRef]:
    """Every section reference printed in an item, resolved in ``tree`` when unambiguous."""
    return [resolve(m.group(0).strip(), tree) for m in notices.NOTICE_REF.finditer(text) if _atoms(m.group(0))]



def notice_paragraph_ids(tree: PolicyTree) -> set[int]:
    """The paragraphs of a version's update notice: never evidence of a change in the policy."""
    notice = find_notice(tree, items=False)
    return {id(p) for p in notice.paragraphs} if notice is not None else set()
