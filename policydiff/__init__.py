"""policydiff: keep every version of a Chinese privacy policy and tell what changed materially.

    >>> from policydiff import compare_files
    >>> result = compare_files("old.txt", "new.txt")
    >>> result.verdict.material, [c.key for c in result.verdict.categories]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from policydiff.models import Comparison


def compare_files(old_path: str, new_path: str) -> Comparison:
    """Compare two policy files (any supported format) and return the Comparison."""
    from policydiff import compare, ingest

    return compare.compare(ingest.read_path(old_path), ingest.read_path(new_path))


def compare_texts(old_text: str, new_text: str) -> Comparison:
    """Compare two policy texts already in memory."""
    from policydiff import compare
    from policydiff.models import RawText

    return compare.compare(RawText(old_text, "<old>"), RawText(new_text, "<new>"))


__all__ = ["compare_files", "compare_texts", "__version__"]
