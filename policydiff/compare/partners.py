"""Unnamed partners: 合作方 in one version and 合作单位 in the other name the same recipient.

A policy that shares with "partners" without saying which, in one version, and with "cooperating
units" or "third parties" in the other has not changed whom it shares with; a named kind of
partner (广告合作伙伴, 礼品服务合作伙伴) still is news. The words are ``taxonomy.GENERIC_PARTNERS``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policydiff.compare.folding import about_sharing, fold
from policydiff.lexicon import qualifiers as q
from policydiff.lexicon import taxonomy as tx
from policydiff.text.memo import per_object

if TYPE_CHECKING:
    from policydiff.compare.meaning import Doc

_GENERIC = frozenset(fold(w) for w in tx.GENERIC_PARTNERS)


def unnamed_partner_said(name: str, other: Doc) -> bool:
    """``name`` is an unnamed partner and the other version shares with or discloses to such
    partners, in its own words: the same recipient, no news."""
    return fold(name) in _GENERIC and shares_with_partners(other)


@per_object
def shares_with_partners(doc: Doc) -> bool:
    """Whether a sentence of ``doc`` that shares or discloses names unnamed partners outside a
    denial of sharing (不会向任何第三方公开: ``qualifiers.DENIED_SHARING``)."""
    for raw in doc.raw:
        if about_sharing(raw) or any(map(raw.__contains__, tx.DISCLOSURE_WORDS)):
            denials = [m.span() for m in q.DENIED_SHARING.finditer(raw)]
            if any(k != -1 and not any(a <= k < b for a, b in denials) for k in map(raw.find, tx.GENERIC_PARTNERS)):
                return True
    return False
