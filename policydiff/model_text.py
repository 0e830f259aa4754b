"""The records of reading a text (``policydiff.model`` hands them out): a decoded text
(``text.read`` → RawText), the dates it states (``text.dates`` → StatedDates), and the names
of the kinds every stage shares. Import them from ``policydiff.model``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["unchanged", "modified", "moved", "added", "removed"]
Op = Literal["equal", "insert", "delete"]


@dataclass
class RawText:
    """A decoded text and where it came from."""

    text: str
    source: str  # path, URL or "<stdin>"
    encoding: str = "utf-8"
    media_type: str = "text/plain"


@dataclass
class StatedDates:
    """The dates a version states about itself (ISO strings, None when absent)."""

    updated: str | None = None
    effective: str | None = None
    published: str | None = None
    version: str | None = None

    def any(self) -> bool:
        """True when the version states at least one date or version number."""
        return any((self.updated, self.effective, self.published, self.version))

    def as_dict(self) -> dict[str, str | None]:
        """The four fields as a plain dict: the one shape the JSON, meta.json and alerts use."""
        return {"updated": self.updated, "effective": self.effective, "published": self.published, "version": self.version}


Transparency = Literal["transparent", "partially_disclosed", "undisclosed", "silent_revision", "no_material_change"]
ItemStatus = Literal["confirmed", "found_not_material", "claimed_not_found", "carried_over"]
Basis = Literal["section", "topic", "category"]
