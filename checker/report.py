"""Stage 4, report: per-case JSON / HTML / Markdown, and the batch summary (xlsx + json).

Outputs never execute applicant data: HTML is rendered by jinja2 with autoescape on; spreadsheet
cells are written as text cells, and text that Excel would take for a formula (= + - @ ...) is
prefixed with an apostrophe. Reports carry no run timestamp, so the same input and rulebook give
byte-identical reports (reports/example is checked fresh by a test).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from jinja2 import Environment, PackageLoader, select_autoescape

from checker.evaluate import CaseResult
from checker.xlsxio import save

OUTCOME_ZH = {"pass": "通过", "fail": "不通过", "missing": "待补充", "not_applicable": "不适用"}
VERDICT_ZH = {"eligible": "符合条件", "ineligible": "不符合条件", "needs_review": "需人工复核"}
SEVERITY_ZH = {"blocking": "否决项", "review": "复核项", "advisory": "提示项"}
REFERENCE_BASIS_ZH = {
    "as_of": "--as-of 指定的参考日期",
    "window_end": "本轮申报截止日（--window 的结束日）",
    "submitted_on": "申报日期",
    "latest_parameters": "未给出参考日期与申报日期，采用最新参数",
}
_UNSAFE_NAME = re.compile(r"[^0-9A-Za-z\u3400-\u9fff._-]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_name(case_id: str) -> str:
    """An id as a file name: anything outside letters, digits, CJK, . _ - becomes _ (contract);
    a leading dot too, so no report is hidden or named "." or ".."."""
    name = _UNSAFE_NAME.sub("_", case_id)
    return "_" + name[1:] if name.startswith(".") else name


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
    # Autoescape explicitly on for HTML: applicant text (company names, free text) is untrusted.
    # Markdown is not HTML-escaped (entities would show as text); its table cells escape "|".
    env = Environment(
        loader=PackageLoader("checker", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("md.j2",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_text
    env.filters["outcome_zh"] = lambda v: OUTCOME_ZH.get(v, v)
    env.filters["verdict_zh"] = lambda v: VERDICT_ZH.get(v, v)
    env.filters["severity_zh"] = lambda v: SEVERITY_ZH.get(v, v)
    return env


def md_text(value: object) -> str:
    """Text for a Markdown table cell: angle brackets as entities (no raw HTML reaches a
    renderer), pipes escaped, line breaks flattened."""
    text = "" if value is None else str(value)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


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
        value = float(f"{value:.15g}")  # as Excel shows it
        return int(value) if value.is_integer() else value
    return value


class FindingView(NamedTuple):
    """One finding flattened to display strings (the template only loops and escapes)."""

    rule_id: str
    title_zh: str
    title_en: str
    severity: str
    outcome: str
    outcome_zh: str
    message: str
    remedy: str
    evidence: str
    parameters: str
    citation: str
    override: str


_CITATION_TEXT: dict[tuple, str] = {}


def _citation_text(f: dict) -> str:
    """The citation line of a finding; it depends only on the rule, so it is built once per rule."""
    citations = f.get("citations") or [f["citation"]]
    key = (f["rule_id"], f.get("rule_version"), citations[0]["quote"], len(citations))
    if key not in _CITATION_TEXT:
        _CITATION_TEXT[key] = "；".join(
            f"{c['source']}" + (f" 第 {c['lines']} 行" if c.get("lines") else "") + f"：“{c['quote']}”" for c in citations
        )
    return _CITATION_TEXT[key]


def finding_view(f: dict) -> FindingView:
    shown = "；".join(f"{k} = {'空白' if v is None else v}" for k, v in f["evidence"].items() if k not in ("source", "sources"))
    evidence_text = f"证据：{shown}；来源 {f['evidence'].get('source', '')}" if shown else f"来源 {f['evidence'].get('source', '')}"
    dates = f.get("parameters_effective_from") or {}
    parameters = "；".join(
        f"{k} = {v}" + (f"（自 {dates[k]} 起施行）" if dates.get(k) else "") for k, v in (f.get("parameters") or {}).items()
    )
    citation = _citation_text(f)
    override = ""
    if f.get("override"):
        o = f["override"]
        override = f"人工复核：{OUTCOME_ZH.get(o['decision'], o['decision'])}（{o['reviewer']}）——{o['reason']}；规则自身结果“{OUTCOME_ZH[f['outcome']]}”保留。"
    return FindingView(
        f["rule_id"], f["title"]["zh"], f["title"]["en"], SEVERITY_ZH.get(f["severity"], f["severity"]), f["outcome"],
        OUTCOME_ZH[f["outcome"]], f["message"], f.get("remedy") or "", evidence_text, parameters and f"参数：{parameters}",
        f"依据：{citation}", override,
    )


def notice_items(findings: list[dict]) -> list[dict]:
    """Everything the applicant must supply or correct, for the one-time deficiency notice."""
    return [f for f in findings if f["outcome"] in ("fail", "missing") and f.get("remedy")]


def _app_view(document: dict) -> dict[str, str]:
    return {name: entry.get("value") or "" for name, entry in document["application"].items()}


def write_case(document: dict, run: RunInfo, directory: Path, formats: tuple[str, ...], stem: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    if "json" in formats:
        (directory / f"{stem}.json").write_bytes(_json(document))
    if "html" in formats:
        (directory / f"{stem}.html").write_text(render_case(document, run, "case.html.j2"), encoding="utf-8")
    if "md" in formats:
        (directory / f"{stem}.md").write_text(render_case(document, run, "case.md.j2"), encoding="utf-8")


def render_case(document: dict, run: RunInfo, template: str) -> str:
    return environment().get_template(template).render(
        doc=document,
        run=run,
        items=notice_items(document["findings"]),
        reference_basis=REFERENCE_BASIS_ZH.get(document["reference_date"]["basis"], ""),
        findings=[finding_view(f) for f in document["findings"]],
        app=_app_view(document),
    )


def _json(document: dict) -> bytes:
    """UTF-8 JSON with one top-level key, and one finding or case, per line (readable, diffable).

    orjson: about 15x faster than the standard library here, which matters at one file per case.
    """

    def dumps(value: Any) -> bytes:
        return orjson.dumps(value, default=str)

    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = b",\n    ".join(dumps(item) for item in value)
            lines.append(b"  " + dumps(key) + b": [\n    " + inner + b"\n  ]")
        else:
            lines.append(b"  " + dumps(key) + b": " + dumps(value))
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


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
    (out / "summary.json").write_bytes(_json(document))
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
        ("引擎", run.engine),
        *(("未核对事项", item) for item in run.not_checked),
    ):
        info.append([WriteOnlyCell(info, value=neutralise(v)) for v in line])
    save(workbook, path)
