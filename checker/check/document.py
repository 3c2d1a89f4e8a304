"""The case report document (contract: Case report) built from a case's result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.check.evaluate import CaseResult
from checker.core.findings import CASE_VERDICTS, as_decided, verdict_of
from checker.report.case import RunInfo


def case_document(result: CaseResult, run: RunInfo, overrides: dict | None = None) -> dict:
    """The case report in the contract's JSON shape (plus additive context keys)."""
    application = result.application
    override_notes = []
    if overrides:
        findings = [dict(f) for f in result.findings]  # the result's own findings stay as decided
        for finding in findings:
            override = overrides.get(finding["rule_id"])
            if override:
                # Shown beside the rule's own outcome, never replacing it.
                finding["override"] = override
                override_notes.append(override)
    else:
        findings = list(result.findings)  # each case's own dicts, built for it: nothing to keep apart
    document = {
        "case_id": result.case_id,
        "workflow": run.workflow_id,
        "verdict": result.verdict,
        "findings": findings,
        "rulebook_version": run.rulebook_version,
        "input_sha256": result.input_sha256 or run.input_sha256,
        "input_file": result.input_file or run.input_file,
        "input_row": result.row,
        "sheet": result.sheet,
        "application": {
            name: {"value": value.display, "source": value.ref, "state": value.state}
            for name, value in application.values.items()
            if value.state != "absent" or value.ref
        },
        "other_columns": {k: _plain(v) for k, v in application.extra.items() if v not in (None, "")},
        "reference_date": {
            "date": None if result.reference_basis == "latest_parameters" else result.reference_date.isoformat(),
            "basis": result.reference_basis,
        },
        "engine": run.engine,
        "not_checked": run.not_checked,
    }
    if run.conditions:
        document["conditions"] = run.conditions
    if result.workflow_id is not None:  # a handling ledger row: its 事项, and the applicant's verdict
        document["workflow"] = result.workflow_id
        document["item"] = result.workflow_id
        document["verdict_subject"] = "office"
        document["applicant_verdict"] = result.applicant_verdict
    if override_notes:
        document["verdict_with_overrides"] = verdict_with_overrides(findings, result.workflow_id is not None)
        if result.workflow_id is not None and result.applicant_verdict is not None:
            # the applicant's side after the decisions too: its notice follows them (h93: 申请人材料 read
            # 需人工复核 beside a 不予受理告知书 sent on a decision)
            document["applicant_verdict_with_overrides"] = verdict_with_overrides(findings, True, applicant=True)
    return document


def verdict_with_overrides(findings: list[dict], ledger: bool = False, *, applicant: bool = False) -> str:
    adjusted = [as_decided(f) for f in findings]
    if ledger:
        from checker.check.ledger import ledger_verdicts
        office, applicant_side = ledger_verdicts(adjusted)
        return applicant_side if applicant else office
    return verdict_of(adjusted, CASE_VERDICTS)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and getattr(value, "text", None) is not None:
        return _json_number(value)
    if isinstance(value, float):
        value = float(f"{value:.15g}")  # as Excel shows it
        # a whole number as an int, where JSON readers keep it exact; 1e308 stays a float (as an int
        # it has 309 digits, which no JSON writer of the outputs takes)
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    if isinstance(value, int) and not -2 ** 63 <= value < 2 ** 64:
        return str(value)  # a JSON input's 30-digit number: kept as its digits
    return value


def _json_number(value: float) -> Any:
    """A JSON file's number in another column, as written: a number where the outputs' JSON writes
    the same figure back (1.5, 99.99999999999999, 2 for 2.0), else its text (100.000000000000000001,
    1e400), never a rounded figure or null."""
    written = value.text
    try:
        exact = Decimal(written)
    except ArithmeticError:  # pragma: no cover - JSON's grammar admits only numbers Decimal reads
        return written
    if exact.is_finite() and value == value and abs(value) != float("inf") and Decimal(repr(float(value))) == exact:
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else float(value)
    return written
