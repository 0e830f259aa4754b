"""Purposes of processing: spans after 为了/以便/用于/为…目的 and clause-opening purpose verbs."""

from __future__ import annotations

from policydiff.compare.facts.lists import _CLOSE, _OPEN
from policydiff.compare.facts.model import Sentence, Span
from policydiff.lexicon import facts as lx
from policydiff.lexicon import facts_judge as lj
from policydiff.lexicon import facts_more as lm

# -- purposes ---------------------------------------------------------------------------------


def purposes_of(s: Sentence) -> list[Span]:
    """Purpose spans: after 为了/以便/用于/目的是…, after 以/为 followed by a verb of purpose, and a
    clause that opens with one (…，方便您找回密码 / 为您推荐…，我们会…). Computed once per sentence."""
    if s.purposes is None:
        s.purposes = _find_purposes(s)
    return [Span(p.surface, p.value, p.modality) for p in s.purposes]


def purpose_core(value: str) -> str:
    """A purpose without the general words it is wrapped in at either end (向您提供…服务), read as
    characters, not words: the word cut may split the telling words wrongly (您提 / 供动账).

    >>> purpose_core("向您提供动账、系统、营销类消息推送服务")
    '动账、系统、营销类消息推送'
    """
    words = _GENERIC_LONGEST_FIRST
    core, before = value.strip(lm.EDGE_MARKS), ""
    while core != before:
        before = core
        core = core.strip(lm.PARTICLES) or core  # 更好的定位: the particle left at the front
        w = next((w for w in words if len(core) > len(w) and core.startswith(w)), "") if core.startswith(words) else ""
        core = core[len(w):]
        w = next((w for w in words if len(core) > len(w) and core.endswith(w)), "") if core.endswith(words) else ""
        core = core[: len(core) - len(w)]
    return core.strip(lm.EDGE_MARKS)


# the longest first: 更好, not 更 (of two words as long, only one can start or end a text)
_GENERIC_LONGEST_FIRST = tuple(sorted(lj.GENERIC_PURPOSE_WORDS, key=len, reverse=True))


def _find_purposes(s: Sentence) -> list[Span]:
    out: list[Span] = []
    n = len(s.tokens)
    i = 0
    while i < n:
        start = _purpose_start(s, i)
        if start is None:
            i += 1
            continue
        k = start
        while k < n and s.tokens[k].text not in lx.CLAUSE_BREAK:
            k += 1
        span = _purpose_span(s, start, _purpose_end(s, start, k))
        if span is not None:
            out.append(span)
        i = max(k, i + 1)
    return out


def _purpose_start(s: Sentence, i: int) -> int | None:
    """Where a purpose starts when token ``i`` opens one, else None."""
    n = len(s.tokens)
    t = s.tokens[i].text
    nxt = s.tokens[i + 1].text if i + 1 < n else ""
    after = s.tokens[i + 2].text if i + 2 < n else ""
    if i > 1 and s.tokens[i - 1].text == lm.ENUM_COMMA and not _is_label(s.tokens[i - 2].text):
        return None  # 、用于第三方登录的账号: inside a list of data (A、为实现… is a label)
    at_clause_start = i == 0 or s.tokens[i - 1].text in lx.CLAUSE_BREAK or lx.LABEL_TOKEN.match(s.tokens[i - 1].text)
    if t in lx.PURPOSE_MARKERS or t in lx.WEAK_PURPOSE_MARKERS and nxt in lx.PURPOSE_HEAD_VERBS:
        j = i + 1
        while j < n and s.tokens[j].text in _ANY_PURPOSE_MARKER:
            j += 1
        return j
    if at_clause_start and t in lm.BENEFACTIVE and nxt in lx.USER_SUBJECTS and after in lx.PURPOSE_HEAD_VERBS:
        return i  # 为您推荐…，我们会收集…
    if at_clause_start and i > 0 and t in lm.SERVICE_TO and nxt in lx.USER_SUBJECTS and after in lx.PURPOSE_HEAD_VERBS \
            and any(w.text in lx.BASIS_MARKERS for w in s.tokens[:i]):
        return i  # 根据您的位置信息…，向您提供个性化内容推荐服务: what the data is the basis of
    if at_clause_start and i > 0 and t in lx.CLAUSE_PURPOSE_VERBS and nxt in lx.USER_SUBJECTS:
        return i  # …，方便您找回密码
    return None


_ANY_PURPOSE_MARKER = lx.PURPOSE_MARKERS | lx.WEAK_PURPOSE_MARKERS


def _is_label(w: str) -> bool:
    return bool(lx.LABEL_TOKEN.match(w)) or len(w) == 1 and w.isascii() and w.isalpha()


def _purpose_span(s: Sentence, j: int, end: int) -> Span | None:
    """The purpose of tokens j..end, unless it is vague (实现这一功能) or points ahead (下列用途：)."""
    while end > j and s.tokens[end - 1].text in lx.PURPOSE_TAIL:
        end -= 1
    if end <= j:
        return None
    words = s.words(j, end)
    value = s.key[s.tokens[j].start : s.tokens[end - 1].end]
    if len(value) < 4 or any(w in lx.PURPOSE_VAGUE for w in words) or words[0] in lm.NOT_PURPOSE_FIRST:
        return None  # vague, or no purpose at all: a consequence (从而导致…), the data itself (用于收集…信息)
    return Span(surface=s.original(j, end), value=value)


def _purpose_end(s: Sentence, j: int, k: int) -> int:
    """A purpose ends before its frame closes (为…目的), a condition starts, or the bracket it
    stands in closes (（用于确认订单）、…)."""
    depth = 0
    for m in range(j, k):
        t = s.tokens[m].text
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            if not depth:
                return m
            depth -= 1
        if t in lx.PURPOSE_FRAME_CLOSE and m > j or t in lx.PURPOSE_STOPS and m > j + 1:
            return m
    return k
