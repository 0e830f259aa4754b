"""The JSON output contract (``--format json``, ``contract_version`` 1): the whole of it, disclosure included.

``to_dict`` is what ``policydiff compare --format json`` prints; ``../shared/eval/README.md`` and the
README's "JSON output" section describe the fields.
"""

from __future__ import annotations

from typing import Any

from policydiff.model import (
    Change,
    Comparison,
    Disclosure,
    FindingDisclosure,
    Notice,
    NoticeItem,
    ReadingWarning,
    SectionPair,
    SectionRef,
)
from policydiff.report.rows import findings_of, warning_message
from policydiff.report.summary import other_items, summary_items

CONTRACT_VERSION = 1


def pair_dict(pair: SectionPair) -> dict[str, Any]:
    """One aligned pair as the contract's ``sections`` entry."""
    return {
        "status": pair.status,
        "old_heading": pair.old.heading if pair.old else None,
        "new_heading": pair.new.heading if pair.new else None,
        "old_label": pair.old.label if pair.old else None,
        "new_label": pair.new.label if pair.new else None,
        "old_path": pair.old.path if pair.old else None,
        "new_path": pair.new.path if pair.new else None,
        "similarity": round(pair.similarity, 3),
        "renumbered": pair.renumbered,
        "reordered": pair.reordered,
        "note": pair.note or None,
    }



def change_dict(result: Comparison, index: int, change: Change) -> dict[str, Any]:
    """One changed section as the contract's ``changes`` entry."""
    findings = findings_of(result, index)
    categories = sorted({f.category for f in findings if f.in_policy_list})
    wording = {c.key: c.wording for c in result.verdict.categories}
    d = pair_dict(change.pair)
    d.update(
        {
            "material": any(f.in_policy_list for f in findings),
            "categories": categories,
            "category_wording": {k: wording[k] for k in categories if k in wording},
            "notable_categories": sorted({f.category for f in findings if not f.in_policy_list}),
            "evidence": "；".join(dict.fromkeys(f.evidence for f in findings)) if findings else "",
            "findings": [
                {
                    "category": f.category,
                    "evidence": f.evidence,
                    "side": f.side,
                    "signal": f.signal,
                    "explanation": f.explanation,
                    "heading": f.heading,
                    "trigger": f.trigger,
                    "in_policy_list": f.in_policy_list,
                }
                for f in findings
            ],
            "added": change.inserted,
            "removed": change.deleted,
            "relocated": change.relocated,
            "edits": [{"op": e.op, "text": e.text} for e in change.edits if e.op != "equal" or len(e.text) <= 80],
        }
    )
    return d



def to_dict(result: Comparison) -> dict[str, Any]:
    """The whole comparison as plain data (what ``--format json`` prints)."""
    v = result.verdict
    changes = [change_dict(result, i, c) for i, c in enumerate(result.changes)]
    changes.sort(key=lambda c: not c["material"])
    out: dict[str, Any] = {
        "contract_version": CONTRACT_VERSION,
        "material": v.material,
        "categories": [c.key for c in v.categories if any(f.category == c.key for f in v.findings)],
        "category_source": v.category_source,
        "category_wording": {c.key: c.wording for c in v.categories},
        "policy_categories": [{"key": c.key, "wording": c.wording} for c in v.categories],
        "clause_changed": v.clause_changed,
        "clause_heading": v.clause_heading,
        "silent_revision": v.silent_revision,
        "old": {"source": result.old.document.source, "dates": v.old_dates.as_dict()},
        "new": {"source": result.new.document.source, "dates": v.new_dates.as_dict()},
        "summary": _counts(result),
        "summary_items": [item.as_dict() for item in summary_items(result)],
        "other_items": [item.as_dict() for item in other_items(result)],
        "sections": [pair_dict(p) for p in result.pairs],
        "changes": changes,
    }
    out["warnings"] = [warning_dict(w) for w in result.warnings]
    if result.disclosure is not None:
        out["disclosure"] = disclosure_dict(result.disclosure)
    return out


def warning_dict(w: ReadingWarning) -> dict[str, Any]:
    """One reading warning: its side, code, detail and a sentence for people."""
    return {"side": w.side, "code": w.code, "detail": w.detail or None, "message": warning_message(w, "en")}


def _counts(result: Comparison) -> dict[str, int]:
    counts: dict[str, int] = {"unchanged": 0, "modified": 0, "moved": 0, "added": 0, "removed": 0}
    for p in result.pairs:
        counts[p.status] += 1
    counts["material_changes"] = sum(
        1 for i, _ in enumerate(result.changes) if any(f.in_policy_list for f in findings_of(result, i))
    )
    return counts



# -- the disclosure object ----------------------------------------------------------------------


def disclosure_dict(d: Disclosure) -> dict[str, Any]:
    """The JSON ``disclosure`` object (see the README's "Disclosure check")."""
    disclosed = sum(1 for f in d.findings if f.status == "disclosed")
    return {
        "transparency": d.transparency,
        "label": d.label,
        "summary": d.summary,
        "silent_revision": d.silent_revision,
        "notice_present": d.notice is not None,
        "counts": {
            "material_findings": len(d.findings),
            "disclosed": disclosed,
            "undisclosed": len(d.findings) - disclosed,
            "notice_items": len(d.notice.items) if d.notice else 0,
            "claimed_not_found": len(d.claimed_not_found),
            "notice_echoes": d.notice_echoes,
        },
        "notice": notice_dict(d.notice) if d.notice else None,
        "findings": [finding_disclosure_dict(f) for f in d.findings],
    }


def notice_dict(n: Notice) -> dict[str, Any]:
    return {
        "text": n.text,
        "where": n.where,
        "line": n.line,
        "heading": n.heading,
        "carried_over": n.carried_over,
        "specific": bool(n.items),
        "items": [notice_item_dict(i) for i in n.items],
    }


def notice_item_dict(i: NoticeItem) -> dict[str, Any]:
    return {
        "text": i.text,
        "action": i.action or None,
        "categories": i.categories,
        "section_refs": [section_ref_dict(r) for r in i.refs],
        "status": i.status,
        "changes": [{"path": p, "heading": h} for p, h in i.where],
        "terms": i.terms,
        "terms_not_in_text": i.unmentioned,
    }


def section_ref_dict(r: SectionRef) -> dict[str, Any]:
    s = r.section
    return {
        "text": r.text,
        "resolved": s is not None,
        "path": s.path if s is not None else None,
        "heading": s.heading if s is not None else None,
        "candidates": r.candidates,
    }


def finding_disclosure_dict(f: FindingDisclosure) -> dict[str, Any]:
    return {
        "status": f.status,
        "category": f.category,
        "heading": f.heading,
        "path": f.path,
        "signal": f.signal,
        "trigger": f.trigger,
        "basis": f.basis,
        "item": f.item,
    }
