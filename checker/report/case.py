"""Case reports: the JSON document as stored, its HTML (with the printable 一次性告知书) and Markdown.

Reports carry no run timestamp, so the same input and rulebook give byte-identical reports
(reports/example is checked fresh by a test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from checker.io.outputs import OutputDir
from checker.report.jsonout import json_bytes
from checker.report.text import OUTCOME_ZH, REFERENCE_BASIS_ZH, SEVERITY_ZH, environment


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
    conditions: dict | None = None  # the conditions file: file, sha256, notice_number, notice_title


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
            f"{c['source']}" + (f" 第 {c['lines']} 行" if c.get("lines") else "") + (f" {c['clause']}" if c.get("clause") else "")
            + f"：“{c['quote']}”" for c in citations
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


CASES = "cases"


def case_files(stem: str, formats: tuple[str, ...]) -> list[str]:
    """The files a case's reports take in the output folder (for the run's manifest)."""
    return [f"{CASES}/{stem}.{kind}" for kind in ("json", "html", "md") if kind in formats]


def write_case(document: dict, run: RunInfo, out: OutputDir, formats: tuple[str, ...], stem: str) -> None:
    if "json" in formats:
        out.write(f"{CASES}/{stem}.json", json_bytes(document))
    if "html" in formats:
        out.write(f"{CASES}/{stem}.html", render_case(document, run, "case.html.j2").encode("utf-8"))
    if "md" in formats:
        out.write(f"{CASES}/{stem}.md", render_case(document, run, "case.md.j2").encode("utf-8"))


def render_case(document: dict, run: RunInfo, template: str) -> str:
    return environment().get_template(template).render(
        doc=document,
        run=run,
        items=notice_items(document["findings"]),
        reference_basis=REFERENCE_BASIS_ZH.get(document["reference_date"]["basis"], ""),
        findings=[finding_view(f) for f in document["findings"]],
        app=_app_view(document),
    )
