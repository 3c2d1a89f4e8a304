"""Round reports: DIR/round.json (contract shape), DIR/round.html (Chinese, printable timeline),
DIR/round.md. Several rounds: DIR/<round_id>/round.* plus DIR/rounds.json (an index).

The HTML template is inline (jinja2, autoescape on) so the report needs no package data.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, select_autoescape

from checker import __version__
from checker.audit.evaluate import OUTCOME_ZH, VERDICT_ZH, RoundResult

SEVERITY_ZH = {"blocking": "否决", "review": "复核", "advisory": "提示"}


def safe_name(round_id: str) -> str:
    """A round's folder name: the case-report rule, bounded in length (a hash keeps it unique)."""
    import hashlib

    from checker.report import safe_name as report_safe_name

    name = report_safe_name(round_id) or "round"
    if len(name.encode()) > 120:
        name = f"{name[:30]}-{hashlib.sha256(round_id.encode()).hexdigest()[:12]}"
    return name


def round_json(result: RoundResult, rulebook_version: str) -> dict:
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


_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>轮次审计 {{ r.round_id }}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;font-size:14px}
h1{font-size:20px}h2{font-size:16px;border-bottom:1px solid #999;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eee}.pass{color:#1a7f37}.fail{color:#b42318;font-weight:bold}.missing{color:#9a6700}.not_applicable{color:#666}
.verdict{font-size:18px;padding:.3em .6em;border:2px solid #333;display:inline-block}
.deadline td{background:#f6f8fa;font-style:italic}.small{font-size:12px;color:#555}
@media print{body{margin:0}a{color:#000}tr{page-break-inside:avoid}}
</style></head><body>
<h1>“三重一大”轮次程序审计报告</h1>
<p>轮次编号：<b>{{ r.round_id }}</b>　流程：{{ r.workflow }} {{ wf_title }}　专项：{{ rec.fund_name or "（未填）" }}　承办科室：{{ rec.office or "（未填）" }}</p>
<p class="verdict">结论：{{ verdict_zh }}（{{ r.verdict }}）</p>
<p class="small">参数基准日：{{ ref_date }}（{{ r.reference_basis }}）；规则库版本 {{ version }}；输入 SHA-256 {{ r.sha256 }}</p>
<h2>计日口径</h2>
<ul>{% for rid, text in r.readings.items() %}<li>{{ rid }}：{{ text }}</li>{% endfor %}</ul>
<h2>时间线</h2>
<table><tr><th>日期</th><th>节点</th><th>阶段</th><th>来源</th><th>报送对象/材料</th><th>满足的规则</th><th>违反的规则</th><th>无法判断</th></tr>
{% for t in r.timeline %}<tr{% if t.deadline %} class="deadline"{% endif %}><td>{{ t.date_text }}</td><td>{{ t.step }}</td><td>{{ t.stage or "" }}</td><td>{{ t.ref }}</td><td>{{ t.to }}{% if t.doc %} {{ t.doc }}{% endif %}</td>
<td class="pass">{{ t.satisfies|join("、") }}</td><td class="fail">{{ t.breaks|join("、") }}</td><td class="missing">{{ t.undecided|join("、") }}</td></tr>
{% endfor %}</table>
<h2>审计结果</h2>
<table><tr><th>规则</th><th>级别</th><th>结果</th><th>说明</th><th>依据</th></tr>
{% for f in r.findings %}<tr><td>{{ f.rule_id }}<br><span class="small">{{ f.title.zh }}</span></td><td>{{ severity_zh.get(f.severity, f.severity) }}</td>
<td class="{{ f.outcome }}">{{ outcome_zh[f.outcome] }}</td>
<td>{{ f.message }}{% if f.reading %}<br><span class="small">计日口径：{{ f.reading }}{% if f.other_reading and f.other_reading.differs %}；按{{ f.other_reading.reading }}结果为{{ outcome_zh[f.other_reading.outcome] }}{% endif %}</span>{% endif %}
{% if f.remedy %}<br><span class="small">处理建议：{{ f.remedy }}</span>{% endif %}
<br><span class="small">证据：{{ f.evidence.source }}</span></td>
<td class="small">{{ f.citation.source }} 第 {{ f.citation.lines }} 行：“{{ f.citation.quote }}”{% if f.parameters %}<br>参数：{% for k, v in f.parameters.items() %}{{ k }}={{ v }} {% endfor %}{% endif %}</td></tr>
{% endfor %}</table>
{% if r.not_checked %}<h2>未核对事项</h2><ul>{% for n in r.not_checked %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
</body></html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_TEMPLATE = _ENV.from_string(_HTML)


def round_html(result: RoundResult, rulebook_version: str, workflow_title: str = "") -> str:
    return _TEMPLATE.render(
        r=result,
        rec=result.record,
        wf_title=workflow_title,
        verdict_zh=VERDICT_ZH[result.verdict],
        outcome_zh=OUTCOME_ZH,
        severity_zh=SEVERITY_ZH,
        version=rulebook_version,
        ref_date=result.reference_date.isoformat() if result.reference_date.year < 9999 else "（无）",
    )


def _md_cell(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def round_markdown(result: RoundResult, rulebook_version: str) -> str:
    lines = [
        f"# 轮次审计 {result.round_id}",
        "",
        f"- 流程：{result.workflow}",
        f"- 结论：**{VERDICT_ZH[result.verdict]}**（{result.verdict}）",
        f"- 参数基准日：{result.reference_date.isoformat() if result.reference_date.year < 9999 else '（无）'}（{result.reference_basis}）",
        f"- 规则库版本：{rulebook_version}",
        "",
        "## 计日口径",
        "",
        *[f"- {rid}：{text}" for rid, text in result.readings.items()],
        "",
        "## 时间线",
        "",
        "| 日期 | 节点 | 阶段 | 来源 | 满足 | 违反 | 无法判断 |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in result.timeline:
        lines.append(
            f"| {_md_cell(t['date_text'])} | {_md_cell(t['step'])} | {_md_cell(t['stage'] or '')} | {_md_cell(t['ref'])} | "
            f"{'、'.join(t['satisfies'])} | {'、'.join(t['breaks'])} | {'、'.join(t['undecided'])} |"
        )
    lines += ["", "## 审计结果", "", "| 规则 | 级别 | 结果 | 说明 |", "|---|---|---|---|"]
    for f in result.findings:
        message = f["message"]
        if f.get("reading"):
            message += f"（口径：{f['reading']}）"
        lines.append(f"| {f['rule_id']} | {SEVERITY_ZH.get(f['severity'], f['severity'])} | {OUTCOME_ZH[f['outcome']]} | {_md_cell(message)} |")
    if result.not_checked:
        lines += ["", "## 未核对事项", "", *[f"- {n}" for n in result.not_checked]]
    return "\n".join(lines) + "\n"


def write_reports(results: list[RoundResult], out: Path, rulebook_version: str, titles: dict[str, str]) -> list[Path]:
    """One round: DIR/round.*; several: DIR/<round_id>/round.* (duplicates get a -2, -3 suffix)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for result in results:
        if len(results) == 1:
            folder = out
        else:
            name = safe_name(result.round_id)
            candidate, n = name, 2
            while candidate in used:
                candidate, n = f"{name}-{n}", n + 1
            used.add(candidate)
            folder = out / candidate
            folder.mkdir(parents=True, exist_ok=True)
        payload = round_json(result, rulebook_version)
        (folder / "round.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        (folder / "round.html").write_text(round_html(result, rulebook_version, titles.get(result.workflow, "")), encoding="utf-8")
        (folder / "round.md").write_text(round_markdown(result, rulebook_version), encoding="utf-8")
        written.append(folder)
    if len(results) > 1:
        index = [
            {"round_id": r.round_id, "folder": p.name, "workflow": r.workflow, "verdict": r.verdict, "source": r.source,
             "failed": [f["rule_id"] for f in r.findings if f["outcome"] == "fail"],
             "missing": [f["rule_id"] for f in r.findings if f["outcome"] == "missing"]}
            for r, p in zip(results, written)
        ]
        (out / "rounds.json").write_text(json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8")
    return written
