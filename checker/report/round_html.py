"""round.html and round.md built by string joins instead of Jinja.

``fundcheck audit`` writes both reports for every round, and Jinja's per-value machinery (finalize,
then escape, through the context; a filter call per Markdown cell) costs most of the time the
reports take. These renderers print the same bytes as ``round.html.j2`` and ``round.md.j2``, which
stay in the repository as the reference: tests/test_fast_round.py renders every sample round, the
model round of every audited profile and hostile inputs with both and compares them.

Every HTML value goes through :func:`checker.report.case_html.text` (the environment's ``finalize``,
then markupsafe's escaping). In Markdown a value printed with ``|md`` goes through the environment's
own ``md`` filter (checker.report.text.md_text) and one printed bare through :func:`plain`
(``finalize`` then ``str``, what Jinja does with autoescape off). The long static stretches (the CSS,
the 定性说明, the sign-off lines) are rendered once from the templates themselves.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Undefined

from checker.core.text import memoised_text
from checker.report.case_html import _static, text as _html_text
from checker.report.text import _printable, environment, md_text as _md_text

__all__ = ["grade_tally", "plain", "round_html", "round_md"]

text = memoised_text(_html_text)  # checker.report.case_html.text: the environment's finalize, then escaped
md_text = memoised_text(_md_text)  # checker.report.text.md_text: the |md filter


# A key a document lacks: Jinja's own Undefined, so it prints as nothing (a None prints "None"), is
# false, iterates as empty, and reading a key of it raises as the template does (h.counts missing)
_MISSING = Undefined()

_ENV = environment()
_VERDICT_ZH = _ENV.filters["verdict_zh"]
_OUTCOME_ZH = _ENV.filters["outcome_zh"]
_GETATTR = _ENV.getattr  # ``a.b`` where ``a`` is not a dict: Jinja's own lookup
_GETITEM = _ENV.getitem  # ``a[b]`` where the plain subscript fails
_TEXT = "text"
_DEADLINE = ' class="deadline"'


def plain(value: Any) -> str:
    """``{{ value }}`` in a Markdown template (autoescape off): control characters removed, then str."""
    if type(value) is str:
        return value if value.isprintable() else str(_printable(value))
    return str(_printable(value))


def _get(obj: Any, key: str) -> Any:
    """``obj.key`` as the template reads it: a dict's item (no key used here is a dict method), else
    Jinja's getattr (an Undefined prints as nothing and is false)."""
    if type(obj) is dict:
        return obj.get(key, _MISSING)
    return _GETATTR(obj, key)


def _title(titles: Any, rule_id: Any) -> Any:
    """``h.titles[rid] or rid``."""
    try:
        name = titles[rule_id]
    except (TypeError, LookupError):
        name = _GETITEM(titles, rule_id)
    return name or rule_id


def _grade(f: dict) -> Any:
    """``f.grade or ('needs_review' if f.outcome in ('fail', 'missing') else 'compliant')``."""
    return f.get("grade", _MISSING) or ("needs_review" if f.get("outcome", _MISSING) in ("fail", "missing") else "compliant")


_GRADES = ("noncompliant", "needs_review", "compliant")


def grade_tally(document: dict) -> dict:
    """What the reports' counts say by 定性, as the 审计意见 paragraph counts them
    (checker/audit/document.conclusion_text): the requirements checked (every finding but a record
    problem, an INP- finding: checker/audit/evaluate.is_record_problem) by their grade as the 定性
    column prints it; the record problems (an INP- finding not passed) apart; and every finding
    (the 结果 column's total, which h.counts splits by outcome). Both renderers print these:
    ``t`` in round.html.j2 and round.md.j2 (checker/report/round.render_round)."""
    tally = {"requirements": 0, "noncompliant": 0, "needs_review": 0, "compliant": 0, "record": 0, "findings": 0}
    findings = document.get("findings")
    for f in findings if isinstance(findings, list) else ():
        tally["findings"] += 1
        if not isinstance(f, dict):
            continue
        if str(f.get("rule_id", "")).startswith("INP-"):
            tally["record"] += f.get("outcome") in ("fail", "missing")
            continue
        tally["requirements"] += 1
        grade = _grade(f)
        if isinstance(grade, str) and grade in _GRADES:
            tally[grade] += 1
    return tally


# ---------------------------------------------------------------------------------------------- HTML

_HTML_STYLE = _static("round.html.j2", "<style>", "</style>")
_HTML_GRADES = _static("round.html.j2", "<h2>定性说明</h2>", "</ul>")
_HTML_TIMELINE_HEAD = _static("round.html.j2", '<h2>时间线</h2>', "</thead>")
_HTML_FINDINGS_HEAD = _static("round.html.j2", "<h2>审计结果</h2>", "</thead>")
_HTML_SIGNOFF_LINES = _static("round.html.j2", '<div class="lines">', "</body></html>")


def round_html(r: dict, h: dict) -> str:
    """``round.html.j2`` rendered with ``r`` = the round document and ``h`` = its header."""
    round_id = text(r.get("round_id", _MISSING))
    workflow_title = text(h.get("workflow_title", _MISSING))
    counts = h.get("counts", _MISSING)
    t = grade_tally(r)
    record = f'<div>另有轮次记录问题<b>{t["record"]}</b></div>' if t["record"] else ""
    parts = [
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n<title>轮次审计 {round_id}</title>\n',
        _HTML_STYLE,
        f"</head><body>\n<h1>{workflow_title} 程序审计报告</h1>\n"
        f"<p>轮次编号：<b>{round_id}</b>　流程：{workflow_title}"
        f'　专项：{text(h.get("fund_name", _MISSING) or "（未填）")}　承办科室：{text(h.get("office", _MISSING) or "（未填）")}</p>\n'
        f'<p class="verdict">结论：{text(_VERDICT_ZH(r.get("verdict", _MISSING)))}</p>\n'
        f'<div class="tally"><span>按定性：核对 {t["requirements"]} 项要求</span><div class="counts">'
        f'<div class="c-fail">不合规<b>{t["noncompliant"]}</b></div><div class="c-missing">需人工复核<b>{t["needs_review"]}</b></div>'
        f'<div class="c-pass">合规<b>{t["compliant"]}</b></div>{record}</div></div>\n'
        f'<div class="tally"><span>按检查结果（“结果”栏）：共 {t["findings"]} 项</span>'
        f'<div class="counts"><div class="c-fail">不通过<b>{text(_get(counts, "fail"))}</b></div>'
        f'<div class="c-missing">待补充<b>{text(_get(counts, "missing"))}</b></div>'
        f'<div class="c-pass">通过<b>{text(_get(counts, "pass"))}</b></div>',
    ]
    add = parts.append
    not_applicable = _get(counts, "not_applicable")
    if not_applicable:
        add(f"<div>不适用<b>{text(not_applicable)}</b></div>")
    add(f'</div></div>\n<p class="small">参数基准日：{text(r.get("reference_date", _MISSING) or "（无）")}'
        f'（{text(r.get("reference_basis", _MISSING))}）；{f"{text(as_of)}；" if (as_of := h.get("as_of_text")) else ""}'
        f'{f"{text(basis)}；" if (basis := h.get("duty_list_text")) else ""}'
        f'审核规则版本 {text(r.get("rulebook_version", _MISSING))}；'
        f'输入 SHA-256 {text(r.get("input_sha256", _MISSING))}</p>\n')
    add(_HTML_GRADES)
    add("\n")
    # {% if %} … {% endif %} ending a line runs into the next one (trim_blocks)
    readings = h.get("readings", _MISSING)
    if readings:
        add(f"<h2>计日方法</h2>\n<ul>{''.join(f'<li>{text(t)}</li>' for t in readings)}</ul>")
    calendar = r.get("calendar", _MISSING)
    if calendar:
        add(f"<h2>节假日数据来源</h2>\n<ul>{''.join([f'<li>{text(_get(c, _TEXT))}</li>' for c in calendar])}</ul>")
    add(_HTML_TIMELINE_HEAD)
    add("\n")
    titles = h.get("titles", _MISSING)
    for t in r.get("timeline", _MISSING):
        add(_timeline_row(t, titles))
    add("</table>\n")
    add(_HTML_FINDINGS_HEAD)
    add("\n")
    views = h.get("views", _MISSING)
    for i, f in enumerate(r.get("findings", _MISSING)):
        add(_finding_row(f, views[i]))
    add("</table>\n")
    not_checked = r.get("not_checked", _MISSING)
    if not_checked:
        add(f"<h2>未核对事项</h2><ul>{''.join(f'<li>{text(n)}</li>' for n in not_checked)}</ul>")
    add(f'<div class="signoff">\n<h2>审计意见</h2>\n<p>{text(h.get("conclusion", _MISSING))}</p>\n')
    add(_HTML_SIGNOFF_LINES)
    return "".join(parts)


def _html_rules(rule_ids: Any, titles: Any) -> str:
    return "；".join([text(_title(titles, rid)) for rid in rule_ids]) if rule_ids else ""


def _timeline_row(t: dict, titles: Any) -> str:
    doc = t.get("doc", _MISSING)
    return (f'<tr{_DEADLINE if t.get("deadline", _MISSING) else ""}><td class="nowrap">{text(t.get("date_text", _MISSING))}</td>'
            f'<td>{text(t.get("step", _MISSING))}</td><td>{text(t.get("stage", _MISSING) or "")}</td>'
            f'<td class="ref">{text(t.get("ref", _MISSING))}</td><td>{text(t.get("to", _MISSING))}{f" {text(doc)}" if doc else ""}</td>\n'
            f'<td class="pass">{_html_rules(t.get("satisfies", _MISSING), titles)}</td>'
            f'<td class="fail">{_html_rules(t.get("breaks", _MISSING), titles)}</td>'
            f'<td class="missing">{_html_rules(t.get("undecided", _MISSING), titles)}</td></tr>\n')


def _finding_row(f: dict, v: Any) -> str:
    outcome = f.get("outcome", _MISSING)
    grade = _grade(f)
    row = [f'<tr><td>{text(_get(v, "title"))}</td>\n<td class="{text(outcome)} nowrap">{text(_OUTCOME_ZH(outcome))}</td>\n'
           f'<td class="nowrap g-{text(grade)}">{text(_VERDICT_ZH(grade))}</td>\n<td>{text(f.get("message", _MISSING))}']
    grade_text = f.get("grade_text", _MISSING)
    if grade_text:
        row.append(f'<br><span class="small">定性理由：{text(grade_text)}</span>')
    remedy = f.get("remedy", _MISSING)
    if remedy:
        row.append(f'<br><span class="small">处理建议：{text(remedy)}</span>')
    source = _get(f.get("evidence", _MISSING), "source")
    if source:
        row.append(f'<br><span class="small">证据：{text(source)}</span>')
    parameters = _get(v, "parameters")
    row.append(f'</td>\n<td class="small">{text(_get(v, "sources"))}{f"<br>参数：{text(parameters)}" if parameters else ""}</td></tr>\n')
    return "".join(row)


# ------------------------------------------------------------------------------------------ Markdown

_MD_GRADES = _static("round.md.j2", "定性：", "。")
_MD_SIGNOFF_LINE = _static("round.md.j2", "审计人：", "＿＿日")


def round_md(r: dict, h: dict) -> str:
    """``round.md.j2`` rendered with ``r`` = the round document and ``h`` = its header."""
    counts = h.get("counts", _MISSING)
    not_applicable = _get(counts, "not_applicable")
    t = grade_tally(r)
    record = f"；另有轮次记录问题 {t['record']} 处" if t["record"] else ""
    parts = [
        f'# 轮次审计 {md_text(r.get("round_id", _MISSING))}\n\n'
        f'- 流程：{md_text(h.get("workflow_title", _MISSING))}\n'
        f'- 专项：{md_text(h.get("fund_name", _MISSING) or "（未填）")}\n'
        f'- 结论：**{plain(_VERDICT_ZH(r.get("verdict", _MISSING)))}**（核对 {t["requirements"]} 项要求：不合规 {t["noncompliant"]} 项，'
        f'需人工复核 {t["needs_review"]} 项，合规 {t["compliant"]} 项{record}）\n'
        f'- 检查结果：共 {t["findings"]} 项（不通过 {plain(_get(counts, "fail"))} 项，'
        f'待补充 {plain(_get(counts, "missing"))} 项，通过 {plain(_get(counts, "pass"))} 项'
        f'{f"，不适用 {plain(not_applicable)} 项" if not_applicable else ""}），见“审计结果”表“结果”栏\n'
        f'- 参数基准日：{plain(r.get("reference_date", _MISSING) or "（无）")}（{md_text(r.get("reference_basis", _MISSING))}）\n'
        + (f'- {md_text(as_of)}\n' if (as_of := h.get("as_of_text")) else "")
        + (f'- {md_text(basis)}\n' if (basis := h.get("duty_list_text")) else "") +
        f'- 审核规则版本：{plain(r.get("rulebook_version", _MISSING))}\n\n',
        _MD_GRADES,
        "\n",
    ]
    add = parts.append
    readings = h.get("readings", _MISSING)
    if readings:
        add(f"\n## 计日方法\n\n{_md_items(readings)}")
    calendar = r.get("calendar", _MISSING)
    if calendar:
        add(f"\n## 节假日数据来源\n\n{_md_items([_get(c, _TEXT) for c in calendar])}")
    add("\n## 时间线\n\n| 日期 | 节点 | 阶段 | 来源 | 满足 | 违反 | 需人工复核 |\n|---|---|---|---|---|---|---|\n")
    titles = h.get("titles", _MISSING)
    for t in r.get("timeline", _MISSING):
        add(f'| {md_text(t.get("date_text", _MISSING))} | {md_text(t.get("step", _MISSING))} | {plain(t.get("stage", _MISSING) or "")} '
            f'| {md_text(t.get("ref", _MISSING))} | {_md_rules(t.get("satisfies", _MISSING), titles)} '
            f'| {_md_rules(t.get("breaks", _MISSING), titles)} | {_md_rules(t.get("undecided", _MISSING), titles)} |\n')
    add("\n## 审计结果\n\n| 事项 | 结果 | 定性 | 说明 |\n|---|---|---|---|\n")
    views = h.get("views", _MISSING)
    for i, f in enumerate(r.get("findings", _MISSING)):
        grade_text = f.get("grade_text", _MISSING)
        remedy = f.get("remedy", _MISSING)
        sources = _get(views[i], "sources")
        add(f'| {md_text(_get(views[i], "title"))} | {plain(_OUTCOME_ZH(f.get("outcome", _MISSING)))} '
            f'| {plain(_VERDICT_ZH(_grade(f)))} | {md_text(f.get("message", _MISSING))}'
            f'{f" 定性理由：{md_text(grade_text)}" if grade_text else ""}'
            f'{f" 处理建议：{md_text(remedy)}" if remedy else ""}'
            f'{f" 依据：{md_text(sources)}" if sources else ""} |\n')
    not_checked = r.get("not_checked", _MISSING)
    if not_checked:
        add(f"\n## 未核对事项\n\n{_md_items(not_checked)}")
    add(f'\n## 审计意见\n\n{md_text(h.get("conclusion", _MISSING))}\n\n')
    add(_MD_SIGNOFF_LINE)
    return "".join(parts)


def _md_items(values: Any) -> str:
    """``{% for x in values %}\\n- {{ x|md }}\\n{% endfor %}``: one line each."""
    return "".join([f"- {md_text(value)}\n" for value in values])


def _md_rules(rule_ids: Any, titles: Any) -> str:
    return "；".join([md_text(_title(titles, rid)) for rid in rule_ids]) if rule_ids else ""
