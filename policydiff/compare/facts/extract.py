"""Walking a parsed policy: sections, paragraphs, list contexts, the facts of each sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from policydiff.compare.facts.collect import _fact
from policydiff.compare.facts.kinds import sentence_facts
from policydiff.compare.facts.lists import _data_span, data_items
from policydiff.compare.facts.model import Fact, SectionRef, Sentence, Span
from policydiff.compare.facts.purposes import purposes_of
from policydiff.compare.facts.sentences import _key_map, make_sentence, sentence_modality, sentence_pieces
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_more as lm
from policydiff.model import PolicyTree, Section
from policydiff.text.limits import bound_sentence
from policydiff.text.memo import per_comparison, per_object, recall


@dataclass
class Context:
    """What the paragraphs before say about the ones that follow.

    ``modality``: "definition" or "exception_list" when a heading or an intro (…无需征得您的
    同意：) makes the list below one; ``listing``: the collect fact of an intro ending with a
    colon (我们会收集以下信息：) whose data follow as list items.
    """

    modality: str = "always"
    listing: Fact | None = None


def _section_context(section: Section, inherited: Context) -> Context:
    if inherited.modality != "always":
        return inherited
    from policydiff.compare.sections import section_type

    if section_type(section) == "definitions" and any(map(section.title.__contains__, lm.DEFINITION_TITLES)):
        return Context("definition", None)
    if lm.EXCEPTION_TITLES.search(section.title):
        return Context("exception_list", None)
    return inherited


def extract(tree: PolicyTree, skip: set[int] | frozenset[int] = frozenset(),
            only: set[int] | None = None, passed: Callable[[str], bool] | None = None) -> list[Fact]:
    """Every fact of a parsed policy, in document order, outside the paragraphs in ``skip`` (ids:
    the 重大变更 clause, the update notice); each fact keeps its Section in ``where``. With
    ``only`` (section ids), just those sections and their ancestors (whose intros set the
    context) are read. A sentence (a piece as cut here) ``passed`` says True of is not read unless
    it opens a list (ends with a colon): the only sentences whose facts set the context of others."""
    from policydiff.compare.sections import section_type

    facts: list[Fact] = []
    contexts: dict[int, Context] = {}
    for section in tree.sections if only is None else _with_ancestors(tree, only):
        inherited = contexts.get(id(section.parent), Context()) if section.parent is not None else Context()
        ctx = _section_context(section, inherited)
        ref = SectionRef(section.path, section.heading.strip())
        before = len(facts)
        contexts[id(section)] = _walk_section(section, ctx, ref, section_type(section), facts, skip,
                                              epilogue=_ends_a_list(section), passed=passed)
        for fact in facts[before:]:
            fact.where = section
    return facts


def _with_ancestors(tree: PolicyTree, only: set[int]) -> list[Section]:
    """The tree's sections of ids ``only`` and their ancestors, in document order (found through
    ``_places``, not by a walk of every section: a question reads a few)."""
    places = _places(tree)
    out = {i: places[i] for i in only if i in places}
    for i in list(out):
        node = out[i][1].parent
        while node is not None and id(node) not in out:
            out[id(node)] = places[id(node)]
            node = node.parent
    return [section for _, section in sorted(out.values(), key=_first)]


@per_object
def _places(tree: PolicyTree) -> dict[int, tuple[int, Section]]:
    """Each section of the tree by id, with its place in document order (once per comparison)."""
    return {id(section): (k, section) for k, section in enumerate(tree.sections)}


def _first(entry: tuple[int, Section]) -> int:
    return entry[0]


def _walk_section(section: Section, ctx: Context, ref: SectionRef, stype: str, out: list[Fact],
                  skip: set[int] | frozenset[int] = frozenset(), epilogue: bool = False,
                  passed: Callable[[str], bool] | None = None) -> Context:
    """Facts of a section's own paragraphs; returns the context its children inherit. A section
    printed alike in both versions (same blocks, place, type, context and ``epilogue``) is read
    once per comparison (``text.memo``); each version gets its own copies of the facts."""
    blocks = tuple(_blocks(section, skip))
    if ctx.listing is not None:  # a list opened above: its opener is this version's own fact
        return _walk_paragraphs(blocks, ctx, ref, stype, out, epilogue, passed)
    facts, local = _walked(blocks, ctx.modality, ref, stype, epilogue, passed)
    copies = [_copy(f, f.section) for f in facts]
    out.extend(copies)
    # a list this section opens: its opener is one of the facts (then this version's copy) or made apart
    at = next((i for i, f in enumerate(facts) if f is local.listing), None)
    return Context(local.modality, copies[at] if at is not None else local.listing)


@per_comparison
def _walked(blocks: tuple[tuple[str, bool], ...], modality: str, ref: SectionRef, stype: str,
            epilogue: bool = False, passed: Callable[[str], bool] | None = None) -> tuple[tuple[Fact, ...], Context]:
    facts: list[Fact] = []
    local = _walk_paragraphs(blocks, Context(modality, None), ref, stype, facts, epilogue, passed)
    return tuple(facts), local


def _ends_a_list(section: Section) -> bool:
    """The section is the last of a run of one-line numbered clauses (「11. 法律法规规定的其他情形。」
    after ten bodiless siblings): a paragraph after it closes the list, it does not explain the item
    (a plain-text list gives the two no other mark)."""
    parent = section.parent
    if parent is None or section.head is None or not section.number or not parent.children or parent.children[-1] is not section:
        return False
    if not _closed(section.head.text.strip()):
        return False
    siblings = parent.children[:-1]
    return len(siblings) >= 2 and all(not s.body and not s.children and s.head is not None for s in siblings)


def _walk_paragraphs(blocks: tuple[tuple[str, bool], ...], ctx: Context, ref: SectionRef, stype: str, out: list[Fact],
                     epilogue: bool = False, passed: Callable[[str], bool] | None = None) -> Context:
    """Facts of a section's own paragraphs (its ``_blocks``); returns the context its children
    inherit. In the ``epilogue`` of a list (the paragraphs after its last item), an exception list is over."""
    local = Context(ctx.modality, ctx.listing)
    for text_block, is_item in blocks:
        if not is_item:
            if local.modality == "exception_list" and (ctx.modality == "always" or epilogue):
                local.modality = "always"
            local.listing = None
        for text in (piece for t in sentence_pieces(text_block) for piece in bound_sentence(t)):
            if not text.strip():
                continue
            if not lm.PREFILTER.search(text) and local.listing is None:
                continue
            if passed is not None and not _key_map(text)[0].rstrip().endswith(_COLONS) and passed(text):
                continue  # its facts are not asked for, and only a list's opener sets the context (_update_context)
            needs_tokens = local.listing is not None or stype == "rights" or bool(lm.NEEDS_TOKENS.search(text))
            # a sentence of the service's own practice is stated under an exception or definition heading too
            # (not as an item of the list: 「12. 我们会与…共享…」 after 「11. 法律法规规定的其他情形」 is one more exception)
            modality = local.modality if local.modality == "always" or is_item or not lm.OWN_PRACTICE.search(text) else "always"
            s = make_sentence(text, ref, stype, modality, needs_tokens)
            found = _facts_of(s) if local.listing is None else _listing_facts_of(s)
            if local.listing is not None and not any(f.kind == "collect" for f in found):
                found.extend(listed_data(s, local.listing))
            out.extend(found)
            _update_context(s, found, local)
    return local


_CACHE: dict[tuple[str, str, str], tuple[Fact, ...]] = {}
_CACHE_MAX = 32768


def _facts_of(s: Sentence) -> list[Fact]:
    """sentence_facts, cached by sentence, section type and context: two versions share most
    sentences. Each call gets its own Fact objects (placed on its own section)."""
    key = (s.text, s.stype, s.context)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        cached = _CACHE[key] = tuple(sentence_facts(s))
    return [_copy(f, s.section) for f in cached]


def _listing_facts_of(s: Sentence) -> list[Fact]:
    """sentence_facts of a sentence under a list opener (read with its tokens), once per comparison."""
    made = recall(_listing_facts_of, (s.text, s.stype, s.context), lambda: tuple(sentence_facts(s)))
    return [_copy(f, s.section) for f in made]


def _copy(fact: Fact, section: SectionRef) -> Fact:
    """A copy of a fact placed in ``section``, with details of its own (its spans are shared: they
    are not changed once read). What ``dataclasses.replace`` gives, without its field-by-field call."""
    out = Fact.__new__(Fact)
    out.__dict__.update(fact.__dict__)
    out.section, out.details = section, dict(fact.details)
    return out


def _blocks(section: Section, skip: set[int] | frozenset[int] = frozenset()) -> list[tuple[str, bool]]:
    """The section's paragraphs, a paragraph that does not end its sentence joined with the next
    (bold runs and hard breaks cut sentences: …系统自动存储，/**包括您的手机号码…), each with
    whether it is a list item."""
    parts: list[tuple[list[str], bool]] = []  # joined once at the end: 10⁵ open lines stay linear
    open_sentence = False
    for para in section.paragraphs:
        text = para.text.strip()
        if not text or id(para) in skip:
            continue
        is_item = bool(lm.LIST_ITEM.match(para.text)) or para is section.head
        if open_sentence and parts and not is_item:
            parts[-1][0].append(text)
        else:
            parts.append(([text], is_item))
        open_sentence = para is not section.head and not _closed(_without_emphasis(text))
    return [("".join(texts), is_item) for texts, is_item in parts]


def _closed_test() -> Callable[[str], bool]:
    """``lx.SENTENCE_CLOSED.search``: a text whose last character but whitespace is a closing mark
    (``[M]\\s*$``: a search tries each mark of the text, where one look at its end will do; ``\\s``
    and ``str.rstrip`` take the same characters for whitespace). Another shape is searched."""
    shape = re.fullmatch(r"\[([^\]\\^-]+)\]\\s\*\$", lx.SENTENCE_CLOSED.pattern)
    if shape is None or lx.SENTENCE_CLOSED.flags != re.UNICODE:
        return lambda text: lx.SENTENCE_CLOSED.search(text) is not None
    marks = frozenset(shape.group(1))
    return lambda text: text.rstrip()[-1:] in marks


_closed = _closed_test()


def _without_emphasis(text: str) -> str:
    """``lx.EMPHASIS.sub("", text)`` of a text that holds one of its characters (most hold none:
    a pattern that opens with a repeat is tried at every character)."""
    return lx.EMPHASIS.sub("", text) if any(map(text.__contains__, _EMPHASIS_CHARS)) else text


_EMPHASIS_CHARS = tuple(re.fullmatch(r"\[([^\]\\^-]+)\]\+", lx.EMPHASIS.pattern).group(1))  # type: ignore[union-attr]


_COLONS = tuple(lx.COLON)


def _update_context(s: Sentence, found: list[Fact], local: Context) -> None:
    """An intro ending with a colon opens a list for the paragraphs after it."""
    if not s.key.rstrip().endswith(_COLONS):
        return
    if lx.EXCEPTION_INTRO.search(s.key):
        local.modality = "exception_list"
        local.listing = None
        return
    opener = _list_opener(s, found)
    if opener is not None:
        local.listing = opener


def _list_opener(s: Sentence, found: list[Fact]) -> Fact | None:
    """我们会收集以下信息： / 您需要提供：: the collect fact whose data the next lines list; 用于
    以下目的：: a fact whose items are purposes (details["lists"] == "purposes"), so no data."""
    if lx.PURPOSE_FORWARD.search(s.key):
        verb = next((i for i, t in enumerate(s.tokens) if t.text in lx.USED_FOR or t.text in lx.COLLECT_VERBS), 0)
        if s.tokens:
            fact = _fact(s, "collect", verb, sentence_modality(s), [])
            fact.details["lists"] = "purposes"
            return fact
    for f in found:
        if f.kind == "collect":
            return f
    found_verb = next((i for i, t in enumerate(s.tokens) if t.text in lx.COLLECT_VERBS | lx.USER_PROVIDE_VERBS), None)
    if found_verb is None or s.tokens[found_verb].text in lx.WEAK_COLLECT_VERBS and not any(
            t.text in lm.FORWARD_REFS for t in s.tokens[found_verb:]):
        return None
    return _fact(s, "collect", found_verb, sentence_modality(s), [])


def _after_label(s: Sentence) -> int:
    """The first token after a list label (1. / （1） / 一、)."""
    label = lm.LIST_ITEM.match(s.key)
    if not label:
        return 0
    return next((i for i, t in enumerate(s.tokens) if t.start >= label.end()), len(s.tokens))


def _field_row(s: Sentence, opener: Fact, label: str, colon: int) -> list[Fact]:
    """A row of an SDK/permission table (用途：…, 收集个人信息的类型：…): purposes or data by its label."""
    if label in lm.PURPOSE_LABELS and opener.kind != "collect":
        text = s.original(colon + 1, len(s.tokens)).strip()
        value = s.key[s.tokens[colon + 1].start :] if colon + 1 < len(s.tokens) else ""
        if len(value) < 2:
            return []
        return [Fact(kind=opener.kind, surface=opener.surface, value=opener.value, section=s.section,
                     sentence=s.text.strip(), polarity=opener.polarity, modality=opener.modality,
                     purposes=[Span(text, value.rstrip(lm.TRAILING_PUNCT))])]
    return []


def listed_data(s: Sentence, opener: Fact) -> list[Fact]:
    """A list item under an opener: its head (设备信息：…) and the data listed after the colon."""
    first = _after_label(s)
    if opener.details.get("lists") == "purposes":
        # Items under 用于以下目的： are purposes, not data. They are not reported as purposes yet:
        # on the CA4P dev split they added no match and only unannotated items (see the report).
        return []
    colon = next((i for i, t in enumerate(s.tokens) if t.text in lx.COLON), None)
    data: list[Span] = []
    if colon is not None and first < colon <= first + 10:
        if s.tokens[colon - 1].text in lm.FIELD_LABELS:
            return _field_row(s, opener, s.tokens[colon - 1].text, colon)
        head = _data_span(s, first, colon)
        data += [head] if head is not None else []
        data += data_items(s, colon + 1)[0]
    elif len(s.key) <= 20:
        head = _data_span(s, first, len(s.tokens))
        data += [head] if head is not None else []
    else:
        data += data_items(s, first)[0]
    if not data:
        return []
    modality = s.context if s.context != "always" else opener.modality
    for span in data:
        span.modality = modality
    return [Fact(kind="collect", surface=opener.surface, value=opener.value, section=s.section, sentence=s.text.strip(),
                 polarity=opener.polarity, modality=modality, data=data, purposes=purposes_of(s) or opener.purposes)]
