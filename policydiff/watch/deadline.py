"""Deadlines: one total budget per fetch (connect + headers + body + retries + Retry-After waits).

A per-read timeout never fires on a server that drips one byte a second, so the fetch runs in
a daemon thread and its caller waits at most the budget (``run_within``); the fetch itself
checks ``Deadline.left`` between chunks and stops soon after. A late answer is discarded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from policydiff.errors import FetchError

T = TypeVar("T")


class Deadline:
    """A point in (monotonic) time by which something must be done."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0


def run_within(fn: Callable[[], T], seconds: float, what: str) -> T:
    """``fn()``'s result, or FetchError when it has not finished within ``seconds``."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            box["error"] = exc

    worker = threading.Thread(target=target, name=f"fetch {what}"[:60], daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise FetchError(f"{what}: timed out: no complete answer within the {seconds:g} s deadline (a slow or dripping server?)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
