"""The round report document (contract: round reports use the case shape with round_id and the
verdicts compliant | noncompliant | needs_review) and the few facts its HTML header shows."""

from __future__ import annotations

from checker import __version__
from checker.audit.evaluate import RoundResult


def round_document(result: RoundResult, rulebook_version: str) -> dict:
    return {
        "round_id": result.round_id,
        "workflow": result.workflow,
        "verdict": result.verdict,
        "findings": result.findings,
        "readings": result.readings,
        "deadlines": result.deadlines,
        "timeline": result.timeline,
        "reference_date": result.reference_date.isoformat() if result.reference_date.year < 9999 else None,
        "reference_basis": result.reference_basis,
        "not_checked": result.not_checked,
        "source": result.source,
        "rulebook_version": rulebook_version,
        "tool_version": __version__,
        "input_sha256": result.sha256,
    }


def round_header(result: RoundResult, workflow_title: str) -> dict:
    """What the printed report's header shows besides the document."""
    return {"workflow_title": workflow_title, "fund_name": result.record.fund_name, "office": result.record.office}
