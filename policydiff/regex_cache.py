"""Regular expressions compiled once per pattern and Python version, then read back.

``compile`` is ``re.compile``. The lexicon is hundreds of patterns over Chinese characters, and
compiling them is most of what loading the compare stage costs: ~55 ms of ~100 ms in the compare
host of every ``check``, ~15 ms of the command's own start. Most of that is ``re`` building a
65,536-entry table for each class of characters outside Latin-1, in Python, before it throws the
table away for a compact form. What compiling yields, the code the regular expression engine runs
(a list of integers) with the pattern's flags and groups, depends only on the pattern, its flags
and the engine; so it is kept in a file of the user's cache folder and handed to the engine
directly the next time, which is what ``re`` itself does last (``_sre.compile``)::

    >>> import re
    >>> pattern = compile(r"(?P<who>您|你)的(?:手机号码|设备信息)")
    >>> pattern.search("我们会收集你的设备信息").group("who"), pattern.flags == re.compile(pattern.pattern).flags
    ('你', True)

It relies on internals of CPython's ``re`` (``re._parser`` and ``re._compiler`` make the code,
``_sre.compile`` loads it), checked once: where they are missing or differ (another Python, another
implementation), ``compile`` is plain ``re.compile``. The file is named by the Python version and the
engine's ``MAGIC``; one that cannot be read or does not parse, or that someone else could have
written (``fsutil.read_cache_file``), is ignored and written again; one that cannot be written is not. The engine checks loaded code as it checks its own (an invalid program is
refused, never run), and the cache is JSON, read with ``json`` (no unpickling). Whoever can write
the user's cache folder could still change what a pattern matches, as they could change the
installed package itself. The file lives in ``fsutil.cache_dir()`` (beside jieba's dictionary);
``POLICYDIFF_REGEX_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

FORMAT = 1  # of the file: bump when its shape changes
_Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]  # flags, code, groups, groupindex, indexgroup

_loaded: dict[str, list[Any]] | None = None  # the file's entries as read (decoded when used), on the first compile
_made: dict[str, _Entry] = {}  # compiled here, not in the file yet (``save``)
_path: list[Path | None] = []  # ``cache_path()``, found once


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name, as a drop-in
    """``re.compile(pattern, flags)``, from the cache when it holds the pattern."""
    flags = int(flags)
    path = cache_path()
    if path is None or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = f"{flags}:{pattern}"
    if key in _made:
        return _engine_compile(pattern, _made[key])
    stored = _entries(path).get(key)
    if stored is not None:
        try:
            return _engine_compile(pattern, _decoded(stored))
        except (TypeError, ValueError, RuntimeError, OverflowError, IndexError):  # a damaged entry: made again
            pass
    try:
        entry = _make(pattern, flags)
        compiled = _engine_compile(pattern, entry)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals that differ from what this expects: plain re
        return re.compile(pattern, flags)
    if not _made:
        import atexit

        atexit.register(save)
    _made[key] = entry
    return compiled


def cache_path() -> Path | None:
    """The cache file for this Python, or None when the cache is off or cannot work here (found
    once per process: the environment it reads does not change under a run)."""
    if not _path:
        _path.append(_find_path())
    return _path[0]


def _find_path() -> Path | None:
    if os.environ.get("POLICYDIFF_REGEX_CACHE", "").lower() in ("off", "0", "no", "false") or not _internals():
        return None
    import _sre

    from policydiff.fsutil import cache_dir

    return cache_dir() / f"regex-{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}.json"


def save() -> None:
    """Add what was compiled here to the file (merged with what another process added meanwhile;
    written whole and renamed, never half-written; not synced: it is a cache). Silent when the
    folder cannot be written."""
    import json

    path = cache_path()
    if path is None or not _made:
        return
    entries = {**_read(path), **{k: [e[0], _packed(e[1]), e[2], e[3], list(e[4])] for k, e in _made.items()}}
    document = {"format": FORMAT, "python": sys.version, "patterns": entries}
    try:
        from policydiff.fsutil import atomic_write_text

        atomic_write_text(path, json.dumps(document, separators=(",", ":")), sync=False)
    except OSError:
        return
    global _loaded
    _loaded = entries
    _made.clear()


def _entries(path: Path) -> dict[str, list[Any]]:
    global _loaded
    if _loaded is None:
        _loaded = _read(path)
    return _loaded


def _read(path: Path) -> dict[str, list[Any]]:
    """The file's entries, as stored; none when it is missing, unreadable or not one this module
    wrote for this Python."""
    import json

    from policydiff.fsutil import read_cache_file

    data = read_cache_file(path)
    if data is None:
        return {}
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") != FORMAT or document.get("python") != sys.version:
            return {}
        patterns = document["patterns"]
        return patterns if isinstance(patterns, dict) else {}
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # UnicodeDecodeError: a ValueError
        return {}


def _decoded(stored: list[Any]) -> _Entry:
    """An entry as stored (flags, base64 code words, groups, group index, index group) as used."""
    return int(stored[0]), _unpacked(stored[1]), int(stored[2]), dict(stored[3]), tuple(stored[4])


def _packed(code: list[int]) -> str:
    import base64
    from array import array

    return base64.b64encode(array("I", code).tobytes()).decode("ascii")


def _unpacked(text: str) -> list[int]:
    from array import array

    words = array("I")
    import base64

    words.frombytes(base64.b64decode(text))
    return words.tolist()


def _make(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` computes before it calls the engine."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _engine_compile(pattern: str, entry: _Entry) -> re.Pattern[str]:
    import _sre

    final_flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[str] = _sre.compile(pattern, final_flags, list(code), groups, groupindex, indexgroup)
    return compiled


_INTERNALS: list[bool] = []


def _internals() -> bool:
    """Whether this Python's ``re`` internals are the ones ``_make`` knows: a probe pattern made
    through them behaves as ``re.compile`` makes it (checked once)."""
    if not _INTERNALS:
        try:
            import _sre
            from array import array

            if array("I").itemsize != _sre.CODESIZE:  # the stored code words would not fit
                raise ValueError(_sre.CODESIZE)
            probe = r"(?P<a>[a-c]{2})(?:x|y)?\d"
            mine = _engine_compile(probe, _make(probe, 0))
            theirs = re.compile(probe)
            ok = (mine.flags, mine.groups, mine.groupindex) == (theirs.flags, theirs.groups, theirs.groupindex) \
                and mine.fullmatch("abx1") is not None and mine.fullmatch("ab1x") is None
        except Exception:  # noqa: BLE001 - anything unexpected: not these internals
            ok = False
        _INTERNALS.append(ok)
    return _INTERNALS[0]
