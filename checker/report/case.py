"""Case reports: the JSON document as stored, its HTML (with the printable 一次性告知书) and Markdown.

Reports carry no run timestamp, so the same input and rulebook give byte-identical reports
(reports/example is checked fresh by a test).
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup

from checker.check.region import DistrictOrder, load_district_order
from checker.core.explain import parameter_words
from checker.io.outputs import OutputDir, StagedFolder
from checker.io.xlsx import FORMULA_PROBLEM_STARTS as FORMULA_PROBLEMS  # a formula cell's reading without a usable value
from checker.report.case_html import case_page, notice_html
from checker.report.jsonout import json_bytes
from checker.report.notice import NoticeOptions, build_notice
from checker.report.text import OUTCOME_ZH, REFERENCE_BASIS_ZH, SEVERITY_ZH, environment

if TYPE_CHECKING:
    from checker.core.rulebook import Rulebook


_BUILD = object()  # a notice argument not given: built from the document
PARAMETER_WORDS_KEPT = 4096  # parameter dicts whose words are kept (a run's rule variants: a few dozen)


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
    notice: NoticeOptions = field(default_factory=NoticeOptions)  # 落款, date and the 补正 period
    overrides_file: str | None = None
    conditions: dict | None = None  # the conditions file: file, sha256, notice_number, notice_title
    words: "CaseWords | None" = field(default=None, repr=False, compare=False)  # labels and citations in words
    report_suffix: str = ".html"  # the kind of per-case report summary.xlsx links to
    partial_notes: int = 0  # of not_checked, the items about one file's applications only (a column it lacks)
    decisions_not_applied: list[str] = field(default_factory=list)  # reviewer decisions applied to no finding (index, 说明)


class CaseWords:
    """What a printed case report says instead of ids: field labels, parameter descriptions and
    citations by document and item (rules/sources.yaml), the workflow's own clause first.

    Built once per run from the rulebook; the JSON keeps every id, file and line."""

    def __init__(self, book: "Rulebook | None" = None, workflow_id: str | None = None):
        self.book = book
        self.labels: dict[str, str] = {}
        self.amounts: tuple[str, ...] = ()  # the money fields, shown as numbers in summary.xlsx
        self.own: list[dict] = []
        self.districts = DistrictOrder([])
        if book is not None:
            self.districts = load_district_order(book.directory)
            self.labels = {name: spec.label for name, spec in book.vocabulary.fields.items()}
            self.amounts = tuple(name for name, spec in book.vocabulary.fields.items() if spec.kind == "amount")
            if workflow_id and workflow_id in book.workflows:
                self.own = [c.model_dump() for c in book.workflow(workflow_id).citation]
        self._basis: dict[tuple, str] = {}
        self._parameters: dict[tuple, tuple[dict, str]] = {}

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def basis(self, finding: dict) -> str:
        """The finding's clause for people; it depends only on the rule, so it is built once per rule."""
        citations = finding.get("citations") or [finding["citation"]]
        key = (finding["rule_id"], finding.get("rule_version"), citations[0].get("quote"), len(citations))
        if key not in self._basis:
            if self.book is None:
                self._basis[key] = "；".join(f"{c['source']}：“{c['quote']}”" for c in citations)
            else:
                sources = self.book.sources
                self._basis[key] = sources.describe_all(sources.relevant(citations, self.own))
        return self._basis[key]

    def parameters(self, finding: dict) -> str:
        if self.book is None:
            return ""
        values = finding.get("parameters")
        if not values:
            return ""  # no parameters, no words (parameter_words's answer): nothing kept for a fresh {} each time
        # the findings of one rule variant share its parameters' dict (checker/report/lean.py): their
        # words are worked out once per dict, known by identity and kept with it (no id reused)
        key = (finding["rule_id"], id(values))
        known = self._parameters.get(key)
        if known is None or known[0] is not values:
            known = (values, parameter_words(self.book, finding["rule_id"], values))
            if len(self._parameters) < PARAMETER_WORDS_KEPT:
                self._parameters[key] = known
        return known[1]

    def evidence(self, evidence: dict) -> str:
        """The values a finding rests on, each with its label and the cell it came from."""
        cells = evidence.get("sources") or {}
        single = evidence.get("source") or ""
        parts = []
        for name, value in evidence.items():
            if name in ("source", "sources", "column") or name.endswith("_note"):
                continue
            # a list (the codes of a cell's control characters) as words, not a program's ['U+202E']
            shown = "空白" if value in (None, "", [], ()) else "、".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
            note = evidence.get(f"{name}_note")
            cell = cells.get(name) or (single if not cells else "")
            # a value that is no column of the form (INP-CONTROL-CHARS's codes, INP-RECORD's problem) in words too
            label = self.labels.get(name) or EVIDENCE_LABELS.get(name, name)
            parts.append(f"{label}：{shown}" + (f"（{note}）" if note else "")
                         + (f"（{cell_words(cell)}）" if cell else ""))
        return "；".join(parts)


# what a finding's evidence holds besides the form's columns (rules/fields.yaml labels those)
EVIDENCE_LABELS = {"codes": "控制字符", "problem": "问题", "line": "文件行号", "error": "出错信息"}


def cell_words(reference: str) -> str:
    """``申报汇总表!K3`` as a reader finds it: 申报汇总表 K3 单元格 (several separated by 、); a JSON,
    JSONL or YAML file's ``JSON#2.注册地址``: JSON 文件第 2 条记录的“注册地址” (JSONL: 第 2 行)."""
    reference = str(reference)
    if "#" not in reference:  # cells of a sheet (nearly every finding of a batch): no pattern to try
        if ";" not in reference:
            return reference.strip().replace("!", " ") + " 单元格" if reference.strip() else ""
        return "、".join(part.strip().replace("!", " ") + " 单元格" for part in reference.split(";") if part.strip())
    return "、".join(_one_cell(part.strip()) for part in reference.split(";") if part.strip())


_RECORD_REFERENCE = re.compile(r"(?P<where>.*?)(?P<kind>JSONL|JSON|YAML)#(?P<number>\d+)\.(?P<key>.+)", re.S)


def _one_cell(reference: str) -> str:
    record = _RECORD_REFERENCE.fullmatch(reference)
    if record is None:
        return reference.replace("!", " ") + " 单元格"
    unit = "行" if record["kind"] == "JSONL" else "条记录"
    return f"{record['where'].replace('!', ' ')}{record['kind']} 文件第 {record['number']} {unit}的“{record['key']}”"


class FindingView(NamedTuple):
    """One finding flattened to display strings (the template only loops and escapes)."""

    title_zh: str
    severity: str
    outcome: str
    outcome_zh: str
    message: str
    remedy: str
    evidence: str
    parameters: str
    basis: str
    override: str
    problem: bool  # a failure or missing item that affects the verdict (listed under 主要问题)
    problem_zh: str  # its outcome under 主要问题: the rule's own, and a reviewer's decision that made it a problem


NOT_CHECKED_ZH = "未核对"


def finding_view(f: dict, words: CaseWords) -> FindingView:
    override = ""
    if f.get("override"):
        o = f["override"]
        override = (f"人工复核：{OUTCOME_ZH.get(o['decision'], o['decision'])}（{o['reviewer']}）——{o['reason']}；"
                    f"规则自身结果“{OUTCOME_ZH[f['outcome']]}”保留。")
    outcome = f["override"]["decision"] if f.get("override") else f["outcome"]
    problem_zh = OUTCOME_ZH[f["outcome"]]
    if outcome != f["outcome"]:  # a 通过 listed as a problem would read as no problem at all
        problem_zh += f"；人工复核：{OUTCOME_ZH.get(outcome, outcome)}"
    return FindingView(
        # a rule the run could not check (its columns absent) is not_applicable in the data (contract), and
        # says 未核对 to a reader: 不适用 reads as "does not concern this case"
        f["title"]["zh"], SEVERITY_ZH.get(f["severity"], f["severity"]), f["outcome"],
        NOT_CHECKED_ZH if f.get("not_checked") else OUTCOME_ZH[f["outcome"]],
        f["message"], f.get("remedy") or "", words.evidence(f["evidence"]), words.parameters(f), words.basis(f), override,
        outcome in ("fail", "missing") and f["severity"] != "advisory", problem_zh,
    )


def _app_view(document: dict) -> dict[str, str]:
    return {name: _shown(entry) for name, entry in document["application"].items()}


def _shown(entry: dict) -> str:
    """A value of the form as the report's head prints it. A formula cell without a usable result is
    read as the reader's note (公式单元格没有缓存的计算结果): the head printed it as the 项目名称 itself (h146),
    where index.html and summary.xlsx say （无法读取：…） (checker/report/rows.py); it says so here too."""
    written = entry.get("value") or ""
    if entry.get("state") == "unreadable" and isinstance(written, str) and written.startswith(FORMULA_PROBLEMS):
        return f"（无法读取：{written}）"
    return written


CASES = "cases"


def case_files(stem: str, formats: tuple[str, ...]) -> list[str]:
    """The files a case's reports take in the output folder (for the run's manifest)."""
    return [f"{CASES}/{stem}.{kind}" for kind in ("json", "html", "md") if kind in formats]


def case_report_files(document: dict, run: RunInfo, formats: tuple[str, ...], stem: str,
                      notice: Any = _BUILD) -> list[tuple[str, bytes, bool]]:
    """The case's report files, rendered: (path in the output folder, bytes, fsync)."""
    files = []
    if "json" in formats:
        files.append((f"{CASES}/{stem}.json", json_bytes(document), False))
    if "html" in formats:
        files.append((f"{CASES}/{stem}.html", case_html(document, run, notice).encode("utf-8"), False))
    if "md" in formats:
        files.append((f"{CASES}/{stem}.md", render_case(document, run, "case.md.j2").encode("utf-8"), False))
    return files


def write_case(document: dict, run: RunInfo, out: OutputDir | StagedFolder, formats: tuple[str, ...], stem: str,
               notice: Any = _BUILD) -> None:
    for relative, data, sync in case_report_files(document, run, formats, stem, notice):
        out.write(relative, data, sync=sync)


NOTICES = "告知书汇总.html"  # every notice of the batch, one per printed page (the name the issue gives it)


class NoticeEntry(NamedTuple):
    """One applicant's notice, rendered by the worker that decided the case."""

    case_id: str
    company: str
    title: str
    kind: str
    html: str


def case_notice(document: dict, run: RunInfo):
    """The case's 一次性告知书 (None for a case that gets none)."""
    return build_notice(document, (run.words or CaseWords()).basis, run.notice)


def render_notice(document: dict, run: RunInfo, notice: Any = _BUILD) -> NoticeEntry | None:
    """The case's notice for 告知书汇总.html (``notice``: already built from this document)."""
    notice = case_notice(document, run) if notice is _BUILD else notice
    if notice is None:
        return None
    return NoticeEntry(notice.case_id, notice.company, notice.title, notice.kind, notice_html(notice))


def notices_page(entries: list[NoticeEntry], run: RunInfo) -> bytes:
    """The batch's notices in input order, page-broken, behind a cover list that does not print."""
    kinds = {"supplement": sum(e.kind == "supplement" for e in entries), "refusal": sum(e.kind == "refusal" for e in entries)}
    return environment().get_template("notices.html.j2").render(
        run=run, count=len(entries), kinds=kinds, index=[(e.case_id, e.company, e.title) for e in entries],
        fragments=[Markup(e.html) for e in entries],
    ).encode("utf-8")


def advisory_hints(findings: list[dict]) -> int:
    """The advisory findings that failed or lack data (a reviewer's decision applied): not under
    主要问题 (they do not decide the verdict), but 主要问题 saying 未发现 alone read as if nothing
    were found, while the table below holds a 不通过."""
    return sum(1 for f in findings if f["severity"] == "advisory"
               and (f["override"]["decision"] if f.get("override") else f["outcome"]) in ("fail", "missing"))


def case_context(document: dict, run: RunInfo, notice: Any = _BUILD) -> dict:
    """What a case report shows, flattened for printing: the same for the template and the fast HTML.
    ``notice``: the case's 一次性告知书 when the caller has already built it from this document."""
    words = run.words or CaseWords()
    findings = [finding_view(f, words) for f in document["findings"]]
    return dict(
        doc=document,
        run=run,
        reference_basis=REFERENCE_BASIS_ZH.get(document["reference_date"]["basis"], ""),
        findings=findings,
        problems=[f for f in findings if f.problem],
        hints=advisory_hints(document["findings"]),
        app=_app_view(document),
        notice=build_notice(document, words.basis, run.notice) if notice is _BUILD else notice,
    )


def render_case(document: dict, run: RunInfo, template: str) -> str:
    """A case report from its template: the Markdown report, and the reference the fast HTML is tested against."""
    return environment().get_template(template).render(**case_context(document, run))


def case_html(document: dict, run: RunInfo, notice: Any = _BUILD) -> str:
    """The case's HTML report: the bytes of case.html.j2, three times as fast (checker/report/case_html.py)."""
    return case_page(**case_context(document, run, notice))
