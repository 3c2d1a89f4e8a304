"""Stage 4, report: per-case JSON / HTML / Markdown, and the batch summary (xlsx + json).

Outputs never execute applicant data: HTML is rendered by jinja2 with autoescape on; spreadsheet
cells are written as text cells, and text that Excel would take for a formula (= + - @ ...) is
prefixed with an apostrophe. Reports carry no run timestamp, so the same input and rulebook give
byte-identical reports (reports/example is checked fresh by a test).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader

from checker.evaluate import CaseResult

OUTCOME_ZH = {"pass": "通过", "fail": "不通过", "missing": "待补充", "not_applicable": "不适用"}
VERDICT_ZH = {"eligible": "符合条件", "ineligible": "不符合条件", "needs_review": "需人工复核"}
SEVERITY_ZH = {"blocking": "否决项", "review": "复核项", "advisory": "提示项"}
REFERENCE_BASIS_ZH = {
    "as_of": "--as-of 指定的参考日期（本轮申报截止日）",
    "submitted_on": "申报日期",
    "latest_parameters": "未给出参考日期与申报日期，采用最新参数",
}
_UNSAFE_NAME = re.compile(r"[^0-9A-Za-z\u3400-\u9fff._-]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_name(case_id: str) -> str:
    """A case id as a file name: anything outside letters, digits, CJK, . _ - becomes _."""
    return _UNSAFE_NAME.sub("_", case_id)


def neutralise(value: Any) -> Any:
    """Text Excel (or a CSV import) would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass
class RunInfo:
    """What every report of a run states about how it was made."""

    workflow_id: str
    workflow_title: str
    rulebook_version: str
    input_file: str
    input_sha256: str
    engine: str
    not_checked: list[str]
    window: str | None = None
    registers: dict[str, str] = field(default_factory=dict)
    reply_days: int = 10
    overrides_file: str | None = None


def _environment() -> Environment:
    # Autoescape explicitly on: applicant text (company names, free text) is untrusted.
    env = Environment(loader=PackageLoader("checker", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["outcome_zh"] = lambda v: OUTCOME_ZH.get(v, v)
    env.filters["verdict_zh"] = lambda v: VERDICT_ZH.get(v, v)
    env.filters["severity_zh"] = lambda v: SEVERITY_ZH.get(v, v)
    return env


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def case_document(result: CaseResult, run: RunInfo, overrides: dict | None = None) -> dict:
    """The case report in the contract's JSON shape (plus additive context keys)."""
    application = result.application
    findings = [dict(f) for f in result.findings]
    override_notes = []
    for finding in findings:
        override = (overrides or {}).get(finding["rule_id"])
        if override:
            # Shown beside the rule's own outcome, never replacing it.
            finding["override"] = override
            override_notes.append(override)
    document = {
        "case_id": result.case_id,
        "workflow": run.workflow_id,
        "verdict": result.verdict,
        "findings": findings,
        "rulebook_version": run.rulebook_version,
        "input_sha256": run.input_sha256,
        "input_file": run.input_file,
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
    if override_notes:
        document["verdict_with_overrides"] = verdict_with_overrides(findings)
    return document


def verdict_with_overrides(findings: list[dict]) -> str:
    from checker.evaluate import verdict_of

    adjusted = [dict(f, outcome=f["override"]["decision"]) if "override" in f else f for f in findings]
    return verdict_of(adjusted)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return float(f"{value:.15g}")
    return value


def notice_items(findings: list[dict]) -> list[dict]:
    """Everything the applicant must supply or correct, for the one-time deficiency notice."""
    return [f for f in findings if f["outcome"] in ("fail", "missing") and f.get("remedy")]


def write_case(document: dict, run: RunInfo, directory: Path, formats: tuple[str, ...], stem: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if "json" in formats:
        (directory / f"{stem}.json").write_text(_json(document), encoding="utf-8")
    basis = REFERENCE_BASIS_ZH.get(document["reference_date"]["basis"], "")
    if "html" in formats:
        html = environment().get_template("case.html.j2").render(
            doc=document, run=run, items=notice_items(document["findings"]), reference_basis=basis
        )
        (directory / f"{stem}.html").write_text(html, encoding="utf-8")
    if "md" in formats:
        md = environment().get_template("case.md.j2").render(
            doc=document, run=run, items=notice_items(document["findings"]), reference_basis=basis
        )
        (directory / f"{stem}.md").write_text(md, encoding="utf-8")


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


# --- summary -------------------------------------------------------------------------------------

SUMMARY_HEADERS = (
    "序号", "所在区市", "申报编号", "企业名称", "统一社会信用代码", "输入行", "审核结论",
    "不通过规则", "待补充规则", "提示", "人工复核后结论", "报告文件", "审核意见", "审核人", "复核人",
)
VERDICT_FILL = {"eligible": "C6EFCE", "ineligible": "FFC7CE", "needs_review": "FFEB9C"}


def summary_row(document: dict, report_stem: str) -> dict:
    findings = document["findings"]
    application = document["application"]

    def value(name: str) -> str:
        return application.get(name, {}).get("value", "") or ""

    return {
        "case_id": document["case_id"],
        "input_row": document["input_row"],
        "district": value("district"),
        "company_name": value("company_name"),
        "uscc": value("uscc"),
        "verdict": document["verdict"],
        "verdict_with_overrides": document.get("verdict_with_overrides"),
        "failed_rules": [f["rule_id"] for f in findings if f["outcome"] == "fail" and f["severity"] != "advisory"],
        "missing_rules": [f["rule_id"] for f in findings if f["outcome"] == "missing"],
        "advisories": [f["rule_id"] for f in findings if f["outcome"] == "fail" and f["severity"] == "advisory"],
        "report": f"cases/{report_stem}",
    }


def write_summary(rows: list[dict], run: RunInfo, out: Path, extra: dict) -> dict:
    """summary.json (every case, counts that reconcile with the input) and summary.xlsx."""
    rows = sorted(rows, key=lambda r: r["input_row"])
    counts = Counter(r["verdict"] for r in rows)
    document = {
        "workflow": run.workflow_id,
        "workflow_title": run.workflow_title,
        "rulebook_version": run.rulebook_version,
        "input_file": run.input_file,
        "input_sha256": run.input_sha256,
        "engine": run.engine,
        **extra,
        "counts": {
            "cases": len(rows),
            "eligible": counts.get("eligible", 0),
            "ineligible": counts.get("ineligible", 0),
            "needs_review": counts.get("needs_review", 0),
        },
        "not_checked": run.not_checked,
        "cases": rows,
    }
    (out / "summary.json").write_text(_json(document), encoding="utf-8")
    write_summary_xlsx(rows, run, out / "summary.xlsx")
    return document


def write_summary_xlsx(rows: list[dict], run: RunInfo, path: Path) -> None:
    """One row per input row, grouped by district, verdict coloured, sign-off columns blank."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审核汇总")
    widths = (6, 12, 16, 30, 22, 8, 12, 34, 34, 20, 14, 26, 30, 10, 10)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    last_row = len(rows) + 1
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(SUMMARY_HEADERS) - 1)}{last_row}"
    bold = Font(bold=True)
    header = []
    for title in SUMMARY_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in VERDICT_FILL.items()}
    ordered = sorted(rows, key=lambda r: (r["district"] or "~", r["input_row"]))
    for number, row in enumerate(ordered, start=1):
        values = [
            number, row["district"], row["case_id"], row["company_name"], row["uscc"], row["input_row"],
            VERDICT_ZH[row["verdict"]], "、".join(row["failed_rules"]), "、".join(row["missing_rules"]),
            "、".join(row["advisories"]), VERDICT_ZH.get(row.get("verdict_with_overrides") or "", ""),
            row["report"] + ".html", "", "", "",
        ]
        cells = []
        for position, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text is text: never a formula, whatever it starts with
            if position == 6:
                cell.fill = fills[row["verdict"]]
            cells.append(cell)
        sheet.append(cells)
    info = workbook.create_sheet("说明")
    for line in (
        ("流程", f"{run.workflow_id} {run.workflow_title}"),
        ("规则库版本", run.rulebook_version),
        ("输入文件", run.input_file),
        ("输入 SHA-256", run.input_sha256),
        ("引擎", run.engine),
        *(("未核对事项", item) for item in run.not_checked),
    ):
        info.append([WriteOnlyCell(info, value=neutralise(v)) for v in line])
    workbook.save(path)
