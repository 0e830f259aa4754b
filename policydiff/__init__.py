"""policydiff: keep every version of a Chinese privacy policy and tell what changed materially.

The two public entry points compare two versions and return a ``model.Comparison``:

    >>> from policydiff import compare_texts
    >>> old = "隐私政策\\n一、信息共享\\n我们不会与第三方共享您的个人信息。\\n"
    >>> new = "隐私政策\\n一、信息共享\\n我们会与广告服务商共享您的设备信息。\\n"
    >>> result = compare_texts(old, new)
    >>> result.verdict.material, sorted({f.category for f in result.verdict.findings})
    (True, ['recipients'])

``compare_files(old_path, new_path)`` does the same for files in any supported format
(text in any encoding, HTML, PDF, DOCX).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policydiff.model import RawText
from policydiff.version import __version__

if TYPE_CHECKING:
    from policydiff.model import Comparison


def compare_files(old_path: str, new_path: str) -> Comparison:
    """Compare two policy files (any supported format) and return the Comparison."""
    # imported here: every `policydiff log`/`show` imports this package, and the compare stage
    # (jieba, the lexicon) is ~0.18 s of imports they do not need
    from policydiff.compare.pipeline import compare
    from policydiff.text.read import read_path

    return compare(read_path(old_path), read_path(new_path))


def compare_texts(old_text: str, new_text: str) -> Comparison:
    """Compare two policy texts already in memory."""
    from policydiff.compare.pipeline import compare  # imported here: see compare_files

    return compare(RawText(old_text, "<old>"), RawText(new_text, "<new>"))


__all__ = ["compare_files", "compare_texts", "__version__"]
