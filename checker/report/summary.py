"""The batch summary: summary.json (every case, counts that reconcile with the input rows) and
summary.xlsx (one row per application, grouped by district, sign-off columns blank)."""

from __future__ import annotations

from collections import Counter

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from checker.io.outputs import OutputDir
from checker.io.xlsx import neutralise, workbook_bytes
from checker.report.case import RunInfo
from checker.report.jsonout import json_bytes
from checker.report.text import VERDICT_ZH

SUMMARY_HEADERS = (
    "序号", "所在区市", "申报编号", "企业名称", "统一社会信用代码", "输入行", "审核结论",
    "不通过规则", "待补充规则", "提示", "人工复核后结论", "报告文件", "审核意见", "审核人", "复核人",
)
VERDICT_FILL = {"eligible": "C6EFCE", "ineligible": "FFC7CE", "needs_review": "FFEB9C"}


def summary_row(document: dict, report_stem: str, row_key: str | None = None) -> dict:
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
        **({"input_file": document["input_file"], "row_key": row_key} if row_key else {}),
    }


SUMMARY_FILES = ("summary.xlsx", "summary.json")


def write_summary(rows: list[dict], run: RunInfo, out: OutputDir, extra: dict) -> dict:
    """summary.json (every case, counts that reconcile with the input) and summary.xlsx."""
    files = [f["file"] for f in extra.get("input_files", [])]
    rows = sorted(rows, key=lambda r: (files.index(r["input_file"]) if r.get("input_file") in files else 0, r["input_row"]))
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
    out.write("summary.xlsx", summary_xlsx(rows, run))
    out.write("summary.json", json_bytes(document), sync=True)  # last: the run's completion marker
    return document


def summary_xlsx(rows: list[dict], run: RunInfo) -> bytes:
    """One row per input row, grouped by district, verdict coloured, sign-off columns blank."""
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
            number, row["district"], row["case_id"], row["company_name"], row["uscc"], row.get("row_key") or row["input_row"],
            VERDICT_ZH[row["verdict"]], "、".join(row["failed_rules"]), "、".join(row["missing_rules"]),
            "、".join(row["advisories"]), VERDICT_ZH.get(row.get("verdict_with_overrides") or "", ""),
            row["report"] + ".html", "", "", "",
        ]
        # Neutralised text never starts with "=", so openpyxl stores it as text, not a formula.
        cells: list = [neutralise(value) for value in values]
        verdict = WriteOnlyCell(sheet, value=cells[6])
        verdict.fill = fills[row["verdict"]]
        cells[6] = verdict
        sheet.append(cells)
    info = workbook.create_sheet("说明")
    for line in (
        ("流程", f"{run.workflow_id} {run.workflow_title}"),
        ("规则库版本", run.rulebook_version),
        ("输入文件", run.input_file),
        ("输入 SHA-256", run.input_sha256),
        *((("申报条件文件", f"{run.conditions['file']}（{run.conditions['notice_number']}）"),
           ("申报条件 SHA-256", run.conditions["sha256"])) if run.conditions else ()),
        ("引擎", run.engine),
        *(("未核对事项", item) for item in run.not_checked),
    ):
        info.append([WriteOnlyCell(info, value=neutralise(v)) for v in line])
    return workbook_bytes(workbook)
