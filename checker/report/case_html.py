"""The per-case HTML report and the 一次性告知书 built by string joins instead of Jinja.

A batch writes an HTML report for every flagged case (a third of 10,000 applications), and Jinja's
per-value machinery (finalize, then escape, through the context) costs more than the rest of the
page. These renderers print the same bytes as ``case.html.j2`` and ``notice_body.html.j2``, which
stay in the repository as the reference: tests/test_fast_html.py renders every sample case and
hostile inputs with both and compares them.

Every printed value goes through :func:`text`: the environment's ``finalize`` (control characters
removed) and then markupsafe's escaping, so applicant text never becomes markup. The static head
(the CSS) is rendered once from the templates themselves, so it is written in one place only.
"""

from __future__ import annotations

from typing import Any, Iterable

from markupsafe import escape

from checker.report.text import _printable, environment, printable_text

__all__ = ["case_page", "notice_html", "text"]


def text(value: Any) -> str:
    """``{{ value }}`` as the environment prints it: control characters removed, then escaped."""
    if type(value) is str:
        # every character strip_control removes is unprintable (Cc, Cf, Cs): a printable string, the
        # usual case, skips the regular expression (a third of the page's time)
        # (printable_text: strip_control and the invisible direction marks, as the template's finalize)
        cleaned = value if value.isprintable() else printable_text(value)
        # markupsafe's own order and entities (&#34; and &#39;, not &quot;): the bytes must match
        if "&" in cleaned:
            cleaned = cleaned.replace("&", "&amp;")
        if ">" in cleaned:
            cleaned = cleaned.replace(">", "&gt;")
        if "<" in cleaned:
            cleaned = cleaned.replace("<", "&lt;")
        if "'" in cleaned:
            cleaned = cleaned.replace("'", "&#39;")
        if '"' in cleaned:
            cleaned = cleaned.replace('"', "&#34;")
        return cleaned
    # numbers, None, Markup, str subclasses: exactly what the template does with them
    return str(escape(_printable(value)))


_MISSING = ""  # a key a document lacks prints as nothing (Jinja's Undefined); a None prints "None"

_RULE_TEXTS: dict[str, str] = {}  # a rule's title, severity, standard and clause → its escaped text
_RULE_TEXTS_KEPT = 4096  # a run's rules give a few hundred such texts


def rule_text(value: str) -> str:
    """:func:`text` of a text every finding of a rule repeats (title, severity, outcome, standard,
    clause): escaped once per run, not once per case."""
    if type(value) is not str:  # (a str subclass compares equal to its text, yet prints otherwise)
        return text(value)
    escaped = _RULE_TEXTS.get(value)
    if escaped is None:
        escaped = text(value)
        if len(_RULE_TEXTS) < _RULE_TEXTS_KEPT:
            _RULE_TEXTS[value] = escaped
    return escaped


def _static(template: str, start: str, end: str) -> str:
    """The static stretch of ``template`` from ``start`` to ``end`` (both included), rendered by the
    reports' environment (includes, trim_blocks) so its bytes are the template's own."""
    source = environment().loader.get_source(environment(), template)[0]
    begin = source.index(start)
    stop = source.index(end, begin) + len(end)
    piece = source[begin:stop]
    if "{{" in piece:  # a value printed here would be frozen at its first case's
        raise ValueError(f"{template}: {start}…{end} prints values; it cannot be rendered once")
    return environment().from_string(piece).render()


# <style> … </style>: the page's CSS and the notice's (notice_style.css.j2), rendered once
_CASE_STYLE = _static("case.html.j2", "<style>", "</style>")


def _report_kind(doc: dict) -> str:
    """A 受理台账 row's report judges the office's handling, not an application."""
    return "受理台账审核报告" if doc.get("verdict_subject") == "office" else "申报审核报告"


def case_page(doc: dict, run: Any, reference_basis: str, findings: list, problems: list, app: dict,
              notice: Any, hints: int = 0) -> str:
    """``case.html.j2`` rendered with the context checker.report.case.case_context builds."""
    parts: list[str] = []
    add = parts.append
    add('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>')
    kind = _report_kind(doc)
    add(f"{text(run.workflow_title)} {kind} {text(doc.get('case_id', _MISSING))}</title>\n")
    add(_CASE_STYLE)
    add(f"\n</head>\n<body>\n<h1>{text(run.workflow_title)} {kind}</h1>\n\n")
    _meta(add, doc, run, reference_basis, app)
    _problems(add, problems, hints)
    _findings(add, findings)
    _lists(add, doc)
    _made(add, doc, run, notice)
    if notice:
        add(f"<style>{notice.continued_css}</style>")  # its later printed pages name its 申报编号 (h163)
        add(notice_html(notice))
    add("</body>\n</html>")
    return "".join(parts)


def _verdict(value: Any) -> str:
    """``<span class="verdict v-…">`` with the verdict in words (the template's verdict_zh filter)."""
    return f'<span class="verdict v-{text(value)}">{text(_VERDICT_ZH(value))}</span>'


_VERDICT_ZH = environment().filters["verdict_zh"]
_ENGINE_ZH = environment().filters["engine_zh"]


def _meta(add, doc: dict, run: Any, reference_basis: str, app: dict) -> None:
    add(f'<table class="meta">\n<tr><td>申报编号</td><td>{text(doc.get("case_id", _MISSING))}</td></tr>\n'
        f'<tr><td>企业名称</td><td>{text(app.get("company_name", _MISSING))}</td></tr>\n'
        f'<tr><td>统一社会信用代码</td><td>{text(app.get("uscc", _MISSING))}</td></tr>\n'
        f'<tr><td>项目名称</td><td>{text(app.get("project_name", _MISSING))}</td></tr>\n')
    # a row whose {% if %} … {% endif %} ends the line runs into the next one (trim_blocks)
    if app.get("district"):
        add(f'<tr><td>所在区市</td><td>{text(app["district"])}</td></tr>')
    add(f'<tr><td>审核结论</td><td>{_verdict(doc.get("verdict", _MISSING))}')
    if doc.get("verdict_with_overrides"):
        add(f'　人工复核后：{_verdict(doc["verdict_with_overrides"])}')
    add("</td></tr>\n")
    if doc.get("verdict_subject") == "office":
        applicant = _verdict(doc["applicant_verdict"]) if doc.get("applicant_verdict") else "本事项无申请人材料规则"
        if doc.get("applicant_verdict_with_overrides"):
            applicant += f'　人工复核后：{_verdict(doc["applicant_verdict_with_overrides"])}'
        add(f'<tr><td>事项</td><td>{text(doc.get("item", _MISSING))}</td></tr>\n'
            f'<tr><td>申请人材料</td><td>{applicant}<br><span class="small">审核结论评价办理部门的办理是否合规（受理台账）；'
            f'申请人材料方面的问题在此列出。</span></td></tr>')
    add(f'<tr><td>参考日期</td><td>{text(doc["reference_date"].get("date") or "—")}（{text(reference_basis)}）</td></tr>\n')
    if run.window:
        add(f"<tr><td>申报期</td><td>{text(run.window)}</td></tr>")
    conditions = doc.get("conditions")
    if conditions:
        title = conditions.get("notice_title")
        add(f'<tr><td>申报条件</td><td>{text(conditions.get("notice_number", _MISSING))}'
            f'{f"《{text(title)}》" if title else ""}</td></tr>')
    add("</table>\n\n")


HINTS_LINE = "另有 {count} 项提示（不影响审核结论），见逐条审核意见。"  # under 主要问题 (case.advisory_hints)


def _problems(add, problems: list, hints: int) -> None:
    more = f'\n<p class="small">{HINTS_LINE.format(count=hints)}</p>' if hints else ""
    if not problems:
        add(f'<div class="problems none">\n<h2>主要问题</h2>\n<p>未发现不符合条件或需补充的事项。</p>{more}\n</div>\n\n')
        return
    items = "".join(f"<li><strong>{text(f.title_zh)}</strong>（{text(f.problem_zh)}）：{text(f.message)}</li>" for f in problems)
    add(f'<div class="problems">\n<h2>主要问题</h2>\n<ol>{items}</ol>{more}\n</div>\n\n')


_FINDINGS_HEAD = ('<h2>逐条审核意见</h2>\n<table>\n<thead><tr><th style="width:10em">审核事项</th><th style="width:4.5em">结果</th>'
                  "<th>发现、处理与依据</th></tr></thead>\n<tbody>\n")


def _findings(add, findings: list) -> None:
    add(_FINDINGS_HEAD)
    for f in findings:
        add(_finding_row(f))
    add("</tbody>\n</table>\n\n")


def _finding_row(f: Any) -> str:
    row = [f'<tr><td><strong>{rule_text(f.title_zh)}</strong><br><span class="small">{rule_text(f.severity)}</span></td>\n'
           f'<td class="o-{rule_text(f.outcome)}">{rule_text(f.outcome_zh)}</td>\n<td>{text(f.message)}']
    if f.remedy and f.outcome in ("fail", "missing"):
        row.append(f"<br><strong>处理：</strong>{text(f.remedy)}")
    if f.evidence:
        row.append(f'<div class="small">证据：{text(f.evidence)}</div>')
    if f.parameters:
        row.append(f'<div class="small">标准：{rule_text(f.parameters)}</div>')
    row.append(f'<div class="basis">依据：{rule_text(f.basis)}</div>')
    if f.override:
        row.append(f'<div class="override">{text(f.override)}</div>')
    row.append("</td></tr>\n")
    return "".join(row)


def _lists(add, doc: dict) -> None:
    """未核对事项 and the form's other columns, each only when there are some."""
    not_checked = doc.get("not_checked")
    if not_checked:
        add(f"<h2>未核对事项</h2>\n<ul>{''.join(f'<li>{text(item)}</li>' for item in not_checked)}</ul>\n")
    add("\n")
    other = doc.get("other_columns")
    if other:
        cells = "".join(f'<tr><td style="width:12em">{text(k)}</td><td>{text(v)}</td></tr>' for k, v in other.items())
        add(f"<h2>申报表其他栏目（仅供参考）</h2>\n<table>{cells}</table>\n")
    add("\n")


def _made(add, doc: dict, run: Any, notice: Any) -> None:
    """报告制作信息: the input, the conditions file, the registers, the rulebook and the 补正 period."""
    add(f'<h2>报告制作信息</h2>\n<table class="meta made small">\n'
        f'<tr><td>申报材料</td><td>{text(doc.get("input_file", _MISSING))}，工作表“{text(doc.get("sheet", _MISSING))}”'
        f'第 {text(doc.get("input_row", _MISSING))} 行<br>文件校验值（SHA-256）{text(doc.get("input_sha256", _MISSING))}</td></tr>\n')
    conditions = doc.get("conditions")
    if conditions:
        add(f'<tr><td>申报条件文件</td><td>{text(conditions.get("file", _MISSING))}，'
            f'SHA-256 {text(conditions.get("sha256", _MISSING))}</td></tr>')
    add(_pairs(run.registers.items()))
    add(f'<tr><td>审核规则版本</td><td>{text(doc.get("rulebook_version", _MISSING))}'
        f'（{text(_ENGINE_ZH(doc.get("engine", _MISSING)))}）</td></tr>\n')
    if notice and notice.kind == "supplement":
        add(f"<tr><td>补正期限</td><td>{text(run.notice.reply_days)} 日。履职清单未规定申报单位的补正期限，此期限由受理部门设定。</td></tr>")
    add("</table>\n\n")


def _pairs(pairs: Iterable[tuple[Any, Any]]) -> str:
    return "".join(f"<tr><td>{text(name)}</td><td>{text(value)}</td></tr>" for name, value in pairs)


_BLANK_ISSUER = "　　　　　　　　　　　　"  # a 落款 line to fill in by hand


def notice_html(notice: Any) -> str:
    """``notice_body.html.j2``: one notice to an applicant, on its own page."""
    parts = [f'<section class="notice">\n<h2 class="notice-title">{text(notice.title)}</h2>\n'
             f'<p class="notice-no">申报编号：{text(notice.case_id)}</p>\n'
             f'<p class="addressee">{text(notice.company)}：</p>\n']
    options = notice.options
    if notice.kind == "refusal":
        subject = "该项目" if notice.project else "你单位"
        parts.append(f'<p class="para">{text(notice.subject_text)}收悉。经审核，{subject}不符合{text(notice.conditions_word)}，决定不予受理。理由如下：</p>\n'
                     f'<ol class="items">\n{"".join(_refusal_item(item) for item in notice.items)}</ol>\n'
                     # the applicant's remedies (NoticeOptions.remedy), as notice_body.html.j2 prints them
                     + (f'<p class="para">{text(notice.remedy_text)}</p>\n' if notice.remedy_text else "")
                     + '<p class="para">特此告知。</p>\n')
    else:
        parts.append(f'<p class="para">{text(notice.subject_text)}收悉。经审核，尚有以下事项需要补正或说明，现一次性告知如下：</p>\n'
                     f'<ol class="items">\n{"".join(_supplement_item(item) for item in notice.items)}</ol>\n'
                     f'<p class="para">请于收到本告知书之日起{text(options.reply_days)}日内，'
                     f'将补正材料报送{text(options.issuer or "受理部门")}。逾期未补正的，按申报材料不全处理。</p>\n')
    parts.append(f'<div class="sign">\n<div class="stamp">（盖章）</div>\n<p>{text(options.issuer or _BLANK_ISSUER)}</p>\n'
                 f"<p>{text(notice.date_text)}</p>\n</div>\n</section>")
    return "".join(parts)


def _basis(item: Any) -> str:
    return f'<div class="basis">依据：{text(item.basis)}</div>' if item.basis else ""


def _refusal_item(item: Any) -> str:
    return f"<li><strong>{text(item.title)}。</strong>{text(item.found)}{_basis(item)}</li>\n"


def _supplement_item(item: Any) -> str:
    return (f'<li><strong>{text(item.title)}。</strong>{text(item.found)}<div class="action">需补正：{text(item.action)}</div>'
            f"{_basis(item)}</li>\n")
