"""The data model passed down the pipeline: plain dataclasses, no behaviour beyond small helpers.

    text.read   -> RawText          a decoded text and where it came from
    text.normalize -> Document      paragraphs with comparison keys
    compare.parse  -> PolicyTree    a Section tree
    compare.align  -> SectionPair   sections matched across versions
    compare.diff   -> Change        word-level edits of a changed pair
    compare.classify -> Verdict     material or not, and why (Finding)
    compare.disclosure -> Disclosure  does the update notice tell the material changes
    all of it gathered in a Comparison.

Every stage imports its records from here, and this module imports no stage. They are defined
in two modules: the records of reading a text (RawText, StatedDates: ``policydiff.model_text``)
and those of the stages after it (Paragraph … Disclosure: ``policydiff.model_stages``), which
are made when first asked for here (``from policydiff.model import Section`` works as ever):
making eighteen dataclasses costs ~10 ms, which every command paid as it started, while the
scheduled check's own process only ever reads texts and leaves the stages to its compare workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from policydiff.model_text import Basis, ItemStatus, Op, RawText, StatedDates, Status, Transparency

if TYPE_CHECKING:  # made on first use: see ``__getattr__``
    from policydiff.model_stages import (  # re-exported (``__all__``)
        Category,
        Change,
        Comparison,
        Disclosure,
        Document,
        Edit,
        Finding,
        FindingDisclosure,
        Notice,
        NoticeItem,
        Paragraph,
        PolicyTree,
        ReadingWarning,
        Section,
        SectionPair,
        SectionRef,
        Verdict,
        strip_label_key,
    )

__all__ = ["Basis", "Category", "Change", "Comparison", "Disclosure", "Document", "Edit", "Finding",
           "FindingDisclosure", "ItemStatus", "Notice", "NoticeItem", "Op", "Paragraph", "PolicyTree", "RawText",
           "ReadingWarning", "Section", "SectionPair", "SectionRef", "StatedDates", "Status", "Transparency",
           "Verdict", "strip_label_key"]

_STAGES = ("Category", "Change", "Comparison", "Disclosure", "Document", "Edit", "Finding", "FindingDisclosure", "Notice",
           "NoticeItem", "Paragraph", "PolicyTree", "ReadingWarning", "Section", "SectionPair", "SectionRef", "Verdict",
           "strip_label_key")  # made in ``model_stages``, on first use (``__getattr__``)


def __getattr__(name: str) -> Any:
    """A stage record (``model_stages``), made on first use and kept here."""
    if name not in _STAGES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from policydiff import model_stages

    value = getattr(model_stages, name)
    globals()[name] = value
    return value
