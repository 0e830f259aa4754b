"""Readings the two versions of one comparison share, made once per comparison.

A new version usually keeps most paragraphs of the old one word for word, and every stage reads
both versions: a paragraph's key, its sentences, its folded text are the same readings twice.
Inside ``one_comparison()`` a function decorated with ``per_comparison`` remembers its results
by its arguments; the memory is dropped when the comparison ends, so a long ``check`` does not
grow and a benchmark of many similar sources is not faster than real use. Outside a comparison
the function is simply called.

The memory is a context variable: each thread (and each asyncio task) has its own. A remembered
result is shared by every caller of the comparison, so callers must not change it (return
tuples, strings, frozen values — or copy).

>>> calls = []
>>> @per_comparison
... def double(text: str) -> str:
...     calls.append(text)
...     return text * 2
>>> with one_comparison():
...     double("隐私"), double("隐私"), double("政策")
('隐私隐私', '隐私隐私', '政策政策')
>>> calls
['隐私', '政策']
>>> double("隐私"), calls  # outside a comparison: called every time
('隐私隐私', ['隐私', '政策', '隐私'])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

R = TypeVar("R")

class _Scope(dict[Callable[..., Any], dict[Hashable, Any]]):
    """One comparison's memory: each function's own dict, made on first use (``scope[fn]`` is one
    C-level look-up on the hot path, no Python call)."""

    def __missing__(self, owner: Callable[..., Any]) -> dict[Hashable, Any]:
        memo: dict[Hashable, Any] = {}
        self[owner] = memo
        return memo


_SCOPE: ContextVar[_Scope | None] = ContextVar("policydiff_comparison", default=None)


@contextmanager
def one_comparison() -> Iterator[None]:
    """The scope of one comparison; a scope opened inside another shares the outer one."""
    if _SCOPE.get() is not None:
        yield
        return
    token = _SCOPE.set(_Scope())
    try:
        yield
    finally:
        _SCOPE.reset(token)


_MISSING = object()


def _memo(owner: Callable[..., Any]) -> dict[Hashable, Any] | None:
    """``owner``'s memory in the current comparison (made on first use), or None outside one."""
    scope = _SCOPE.get()
    return None if scope is None else scope[owner]


def per_comparison(fn: Callable[..., R]) -> Callable[..., R]:
    """Remember ``fn``'s results by its (hashable, positional) arguments within one comparison."""
    if fn.__code__.co_argcount == 1:  # one argument (a text): its own key, no tuple to build
        return _remembered_by_one(fn)

    get_scope = _SCOPE.get

    @functools.wraps(fn)
    def remembered(*args: Hashable) -> R:
        scope = get_scope()  # _memo, inlined: the hot path of every remembered call
        if scope is None:
            return fn(*args)
        memo = scope[fn]
        value = memo.get(args, _MISSING)
        if value is _MISSING:
            value = memo[args] = fn(*args)
        return value

    return remembered


def _remembered_by_one(fn: Callable[[Hashable], R]) -> Callable[[Hashable], R]:
    get_scope = _SCOPE.get

    @functools.wraps(fn)
    def remembered(arg: Hashable) -> R:
        scope = get_scope()
        if scope is None:
            return fn(arg)
        memo = scope[fn]
        value = memo.get(arg, _MISSING)
        if value is _MISSING:
            value = memo[arg] = fn(arg)
        return value

    return remembered


def per_object(fn: Callable[[Any], R]) -> Callable[[Any], R]:
    """``per_comparison`` for a function of one object that is not hashable (a parsed tree):
    remembered by identity; the object is kept with its result, so its id is not reused within
    the comparison."""

    @functools.wraps(fn)
    def remembered(obj: Any) -> R:
        memo = _memo(fn)
        if memo is None:
            return fn(obj)
        entry = memo.get(id(obj))
        if entry is None or entry[0] is not obj:
            entry = memo[id(obj)] = (obj, fn(obj))
        return entry[1]

    return remembered


def memory(owner: Callable[..., Any]) -> dict[Hashable, Any] | None:
    """``owner``'s memory in this comparison (None outside one), for a loop that looks up many
    keys: the scope is found once, not once a key as ``recall`` finds it, and no closure is made
    for each key. The caller stores what it makes (values shared, as ``recall``'s)."""
    return _memo(owner)


def recall(owner: Callable[..., Any], key: Hashable, make: Callable[[], R]) -> R:
    """The value remembered for ``owner`` under ``key`` in this comparison, made by ``make()`` the
    first time (for a reading whose input is not hashable itself; outside a comparison: ``make()``)."""
    memo = _memo(owner)
    if memo is None:
        return make()
    value = memo.get(key, _MISSING)
    if value is _MISSING:
        value = memo[key] = make()
    return value
