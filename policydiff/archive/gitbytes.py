"""Git's object formats, written here rather than by a git process or GitPython: a tree from
its entries, a commit from its tree, parents, message and date (byte for byte what GitPython's
``tree_to_stream`` and ``Commit._serialize`` make, so ids never depend on which wrote them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

Entry = tuple[str, str, str]  # (mode, name, hexsha): mode as git prints it, "40000" for a folder


def tree_sort_key(entry: Entry) -> bytes:
    """Git's order of tree entries: by name, a folder's name as if it ended in "/"."""
    mode, name, _ = entry
    raw = name.encode("utf-8", "surrogateescape")
    return raw + b"/" if mode.lstrip("0") == "40000" else raw


def tree_bytes(entries: Sequence[Entry]) -> bytes:
    """A raw git tree from (mode, name, hexsha) entries, in git's order.

    >>> tree_bytes([("100644", "b.txt", "00" * 20), ("40000", "a", "11" * 20)])[:8]
    b'40000 a\\x00'
    """
    return b"".join(mode.lstrip("0").encode() + b" " + name.encode("utf-8", "surrogateescape") + b"\0" + bytes.fromhex(sha)
                    for mode, name, sha in sorted(entries, key=tree_sort_key))


def _tz(when: datetime) -> str:
    delta = when.utcoffset()
    offset = int(delta.total_seconds()) if delta is not None else 0
    sign = "-" if offset < 0 else "+"
    offset = abs(offset) // 60
    return f"{sign}{offset // 60:02d}{offset % 60:02d}"


def commit_bytes(tree: str, parents: Sequence[str], message: str, when: datetime, author: tuple[str, str]) -> bytes:
    """A raw git commit (author = committer, both dated ``when``), as ``git commit-tree`` makes it.

    >>> from datetime import datetime, timezone
    >>> print(commit_bytes("ab" * 20, [], "hi\\n", datetime(2024, 1, 2, tzinfo=timezone.utc), ("p", "p@x")).decode())
    tree abababababababababababababababababababab
    author p <p@x> 1704153600 +0000
    committer p <p@x> 1704153600 +0000
    <BLANKLINE>
    hi
    <BLANKLINE>
    """
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    who = f"{author[0]} <{author[1]}> {int(when.timestamp())} {_tz(when)}"
    head = [f"tree {tree}", *(f"parent {p}" for p in parents), f"author {who}", f"committer {who}"]
    return ("\n".join(head) + "\n\n" + message).encode("utf-8")
