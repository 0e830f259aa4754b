"""Loading code and configuration without the cyclic collector walking over it.

Importing modules and reading a configuration make tens of thousands of objects that live as long
as the process and no garbage, yet the collector runs every few hundred new objects and walks
them again and again, full collections included: ~25 collections (~4–6 ms) while the CLI's modules
load, ~15 while a check's load, ~13 in the compare host (before its first job). ``loading()`` keeps
the collector off meanwhile, then freezes what was made (``gc.freeze``: never walked again, still
freed by reference counting once unreferenced) and turns the collector on again as it found it.

>>> import gc
>>> with loading():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """The collector off while the block loads; what it made frozen after; the collector as before.

    Every object alive at the end is frozen, the caller's too: in a process that goes on making
    garbage (a test that imports the CLI), cycles among objects alive then are never collected."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
