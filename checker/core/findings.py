"""Findings and verdicts: one shape for every rule, every input problem and every wing.

A finding says what was found (outcome and message with the values), the evidence (values with the
cells they came from, supplied by the wing), the parameters in force, why the rule matters, what to
do and the clause it comes from. Applications and rounds use the same builder; only their evidence
and their verdict words differ.
"""

from __future__ import annotations

import re
from typing import Any

from checker.core.rulebook import CompiledRule

BLANK = "空白"  # how an empty value is shown in every message
OUTCOME_ZH = {"pass": "通过", "fail": "不通过", "missing": "待补充", "not_applicable": "不适用"}
SEVERITY_ZH = {"blocking": "否决项", "review": "复核项", "advisory": "提示项"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")  # a {name} in a message template

# Verdict words: the same rule decides an application (eligible...) and a round (compliant...).
PASSED, FAILED, REVIEW = "passed", "failed", "review"
CASE_VERDICTS = {PASSED: "eligible", FAILED: "ineligible", REVIEW: "needs_review"}
ROUND_VERDICTS = {PASSED: "compliant", FAILED: "noncompliant", REVIEW: "needs_review"}


_GRADE_LEVEL = {word: level for words in (CASE_VERDICTS, ROUND_VERDICTS) for level, word in words.items()}


def level_of(finding: dict) -> str:
    """What one finding makes of its case: FAILED, REVIEW or PASSED. A graded finding says so
    itself (``grade``); otherwise, per the contract, a blocking fail fails the case, a review fail
    or missing data on a blocking or review rule needs review, advisory findings never count."""
    grade = finding.get("grade")
    if grade is not None:
        return _GRADE_LEVEL[grade]
    outcome, severity = finding["outcome"], finding["severity"]
    if outcome == "fail" and severity == "blocking":
        return FAILED
    if (outcome == "fail" and severity == "review") or (outcome == "missing" and severity in ("blocking", "review")):
        return REVIEW
    return PASSED


def as_decided(finding: dict) -> dict:
    """The finding as a reviewer's decision (``override``) leaves it to weigh on its case.

    The decision is the outcome; a decision on a standard not yet in force weighs as the rule does
    (``in_force_weight``: the question was the office's). A 不通过 on a rule of the applicant's whose
    failure asked for a reviewer (severity review: 重复申报, 申报途径) is the reviewer's conclusion, not
    another question: it weighs as a blocking failure, so a review can conclude (it left the case
    需人工复核 for good). The office's own step (subject office), an input problem (INP-) and a
    withdrawal (which holds the verdict) are not concluded so. The rule's own grade gives way to the
    decision."""
    override = finding.get("override")
    if not override:
        return finding
    decided = {key: value for key, value in finding.items() if key != "grade"}
    decided["outcome"] = override["decision"]
    weight = finding.get("in_force_weight") or {}
    if "severity" in weight:
        decided["severity"] = weight["severity"]
    if decided_conclusion(decided):
        decided["severity"] = "blocking"
    return decided


def decided_conclusion(finding: dict) -> bool:
    """A reviewer's 不通过 on a review rule of the applicant's own (see as_decided). A rule judging
    the office's own step (subject office: 区市初审, 市级复审) concludes nothing about the applicant:
    the office's failing is the office's to put right."""
    override = finding.get("override")
    return (bool(override) and override["decision"] == "fail" and finding["severity"] == "review"
            and finding.get("subject") != "office"
            and not finding.get("holds_verdict") and not finding["rule_id"].startswith(("INP-", "ENGINE-")))


def verdict_of(findings: list[dict], words: dict[str, str] = CASE_VERDICTS) -> str:
    """The worst level of the findings, in the case's verdict words. A failed finding that holds the
    verdict (``holds_verdict``: an application whose remark says it was withdrawn) keeps the case at
    needs review while it stands: no refusal of what the applicant may have withdrawn."""
    levels = {level_of(f) for f in findings}
    if FAILED in levels:
        if any(f.get("holds_verdict") and f["outcome"] == "fail" for f in findings):
            return words[REVIEW]
        return words[FAILED]
    return words[REVIEW] if REVIEW in levels else words[PASSED]


def fill(template: str, values: dict[str, str], first: dict[str, str] | None = None) -> str:
    """A message with its {placeholders} filled; an empty or unknown value reads 空白. A name in
    ``first`` (a rule's parameters) is taken from there, as if ``{**values, **first}`` (without
    copying the case's values for every finding)."""
    parts = _TEMPLATES.get(template)
    if parts is None:
        if len(_TEMPLATES) >= _STATIC_LIMIT:
            _TEMPLATES.clear()
        # split once per template: even indexes are text, odd ones placeholder names
        parts = _TEMPLATES[template] = tuple(PLACEHOLDER.split(template))
    if len(parts) == 1:
        return template
    get = values.get
    if first:
        text = "".join([part if index % 2 == 0 else ((first[part] if part in first else get(part)) or BLANK)
                        for index, part in enumerate(parts)])
    else:
        text = "".join([part if index % 2 == 0 else (get(part) or BLANK) for index, part in enumerate(parts)])
    # a blank value quoted as if written (决定“空白”) reads as a cell that says 空白: said as not filled in,
    # once (受理结果“空白”未填写或无法判断 is 受理结果未填写或无法判断)
    if QUOTED_BLANK in text:
        text = text.replace(QUOTED_BLANK + "未填写", "未填写").replace(QUOTED_BLANK, NOT_FILLED)
    if BRACKETED_BLANK in text:  # 是否独立法人（空白）
        text = text.replace(BRACKETED_BLANK, NOT_FILLED)
    if "（（" in text or "（(" in text:  # a value that is itself bracketed inside the template's brackets
        text = _DOUBLE_BRACKETS.sub(_bracketed_once, text)
    return text


_DOUBLE_BRACKETS = re.compile(r"（([（(])([^（）()]*)([）)])）")
# A note the program writes for what is absent is words, （未记录省通知）, （无）: bracketed once it reads as the
# note it is. A cell's own text in brackets, （100） (an accountant's -100), （2020-07-06）, （是）, (否), is not a
# note: bracketed once, 无法识别（100） would say the cell held 100 (or 是), so it is quoted as written (h144).
_NOTE_IN_BRACKETS = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff，、：；]+|无")


def _bracketed_once(found: re.Match) -> str:
    opening, inner, closing = found.groups()
    if opening == "（" and closing == "）" and _NOTE_IN_BRACKETS.fullmatch(inner):
        return f"（{inner}）"
    return f"（“{opening}{inner}{closing}”）"


QUOTED_BLANK, BRACKETED_BLANK, NOT_FILLED = f"“{BLANK}”", f"（{BLANK}）", "（未填写）"


_TEMPLATES: dict[str, tuple[str, ...]] = {}  # a message template → its text and placeholder names (fill)


def branch_of(compiled: CompiledRule, decision: int | None) -> tuple[str, str, str | None]:
    """(outcome, message template, remedy template) of the branch decided (None: the default)."""
    rule = compiled.rule
    if decision is None:
        return rule.default, rule.default_message.message, rule.default_message.remedy
    branch = compiled.branches[decision]
    return branch.outcome, branch.message, branch.remedy


_STATIC: dict[int, tuple[object, dict]] = {}
_STATIC_LIMIT = 4096  # rules built at run time (a conditions file's) come and go; keep the cache small


def _static_parts(compiled: CompiledRule) -> dict:
    """The parts of a finding that depend only on the rule, built once per rule. Keyed by the
    rule object's id, and the rule is kept with its parts: a freed rule's id can be reused by
    another rule, which must never get its titles."""
    key = id(compiled.rule)
    cached = _STATIC.get(key)
    if cached is None or cached[0] is not compiled.rule:
        if len(_STATIC) >= _STATIC_LIMIT:
            _STATIC.clear()
        rule = compiled.rule
        parts = {"title": {"zh": rule.title.zh, "en": rule.title.en}, "citation": rule.citation[0].model_dump(exclude_none=True)}
        if len(rule.citation) > 1:
            parts["citations"] = [c.model_dump(exclude_none=True) for c in rule.citation]
        # rules built at run time name their family; looked up once here: a missing attribute
        # of a pydantic model is slow to miss, and findings are built for every case
        parts["family"] = getattr(rule, "family", None)
        _STATIC[key] = (rule, parts)
    return _STATIC[key][1]


def build_finding(compiled: CompiledRule, decision: int | None, values: dict[str, str], evidence: dict[str, Any]) -> dict:
    """The finding of one rule on one case, from the branch the evaluator decided."""
    rule = compiled.rule
    outcome, template, remedy = branch_of(compiled, decision)
    used = compiled.parameters_used
    static = _static_parts(compiled)
    finding = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        # the rule's parts are shared by every finding of this compiled rule, never copied: no one
        # changes them in place (reports read them; a case's own changes are its finding's keys), and
        # cases.jsonl's encoder knows a rule variant by their identity (checker/report/lean.py)
        "title": static["title"],
        "severity": compiled.severity,
        "outcome": outcome,
        "message": fill(template, values, used),
        "remedy": fill(remedy, values, used) if remedy and outcome in ("fail", "missing") else None,
        "why": rule.why,
        "evidence": evidence,
        "parameters": compiled.parameters_used,
        "parameters_effective_from": compiled.parameter_dates,
        "citation": static["citation"],
    }
    if "citations" in static:
        finding["citations"] = static["citations"]
    if static["family"]:
        finding["family"] = static["family"]
    if rule.subject is not None:
        finding["subject"] = rule.subject  # whose duty the rule judges (handling ledgers: the office's or the applicant's)
    if decision is not None and compiled.branches[decision].subject == "office":
        # this outcome is the office's gap (a register not supplied) in a rule that judges the
        # applicant: the verdict stands, but no notice asks the applicant to close it
        finding["gap_of"] = "office"
    return finding


def add_readings(finding: dict, compiled: CompiledRule, applied: dict[str, str], others: list[tuple[dict[str, str], int | None]]) -> None:
    """State the reading applied and what the other documented readings decide (rule.readings)."""
    words = compiled.rule.readings
    finding["reading"] = "，".join(words[name][value] for name, value in applied.items())
    for combination, decision in others:
        outcome = branch_of(compiled, decision)[0]
        text = "，".join(words[name][value] for name, value in combination.items())
        finding.setdefault("other_readings", []).append({"reading": text, "outcome": outcome, "differs": outcome != finding["outcome"]})
    if len(others) == 1:  # one alternative reading: the shape reports have always had
        finding["other_reading"] = finding.pop("other_readings")[0]
    for other in finding.get("other_readings", [finding.get("other_reading")]):
        if other and other["differs"]:
            finding["message"] += f"（按{other['reading']}结果为“{OUTCOME_ZH[other['outcome']]}”。）"


# --- grades: what a finding makes of its case ------------------------------------------------------

GRADE_ZH = {"noncompliant": "不合规", "ineligible": "不符合条件", "needs_review": "需人工复核",
            "compliant": "合规", "eligible": "符合条件"}


def _words_of(kind: str) -> dict[str, str]:
    return ROUND_VERDICTS if kind == "round" else CASE_VERDICTS


def add_grade(finding: dict, compiled: CompiledRule, decision: int | None,
              others: list[tuple[dict[str, str], int | None]], *, fixed: bool, grade_value: str | None) -> None:
    """Grade a finding of a rule with a grade parameter (nothing for a rule with a fixed severity).

    - a fail under every documented reading (or under the one reading the user fixed) takes the
      grade its branch or the rule's grade parameter in force says;
    - a fail under one reading and a pass (or no decision) under another, or a pass under the
      reading applied while another fails or cannot be decided (no holiday data for the year),
      needs review, and the finding says both;
    - missing data needs review; a pass or not applicable passes.
    The severity follows the grade (a failing grade: blocking; needs review: review); a passing
    finding keeps the rule's nominal severity. ``grade_basis`` (JSON only) says why, with the
    parameter's reference and the ambiguities the rule resolves; ``grade_text`` says it in words.
    """
    rule = compiled.rule
    name = rule.grade_param
    if name is None:
        return
    words = _words_of(rule.kind)
    outcome = finding["outcome"]
    other_outcomes = [] if fixed else [branch_of(compiled, d)[0] for _, d in others]
    branch_grade = compiled.branches[decision].grade if decision is not None else None
    nominal = branch_grade or grade_value or words[FAILED]
    if outcome == "fail" and any(o != "fail" for o in other_outcomes):
        grade, why = words[REVIEW], "readings_differ"
    elif outcome == "fail":
        grade, why = nominal, ("branch" if branch_grade else name)
    elif outcome == "missing":
        grade, why = words[REVIEW], "missing"
    elif outcome == "pass" and "fail" in other_outcomes:
        grade, why = words[REVIEW], "readings_differ"
    elif outcome == "pass" and "missing" in other_outcomes:
        # the other reading cannot be decided (no holiday data for the year): it may fail, so the
        # pass is not confirmed; the audit never guesses which reading the seed meant
        grade, why = words[REVIEW], "reading_undecided"
    else:
        grade, why = words[PASSED], "passed"
    finding["grade"] = grade
    finding["severity"] = (severity_of(grade) if grade != words[PASSED] else severity_of(grade_value or words[FAILED]))
    description, effective_from, reference = _grade_parameter(compiled, name)
    basis: dict[str, Any] = {"why": why, "parameter": name, "value": grade_value, "effective_from": effective_from,
                             "reference": dict(reference)}  # each finding its own (the values are strings)
    if branch_grade:
        basis["branch_grade"] = branch_grade
    if rule.readings:
        basis["reading_fixed"] = fixed
        basis["readings"] = [{**combo, "outcome": branch_of(compiled, d)[0]} for combo, d in others]
    if rule.ambiguities:
        basis["ambiguities"] = list(rule.ambiguities)
    finding["grade_basis"] = basis
    finding["grade_text"] = _grade_text(finding, compiled, others, fixed, grade, why, description)


_GRADE_PARAMETERS: dict[int, tuple] = {}


def _grade_parameter(compiled: CompiledRule, name: str) -> tuple[str, str, dict]:
    """The grade parameter's description, and the day and reference (a flat dict of strings) of its
    value in force: the same for every finding of a compiled rule, worked out once for it (pydantic's
    model_dump per finding was most of add_grade's time). Keyed by the compiled rule's id, kept with
    it (a freed rule's id can be reused)."""
    cached = _GRADE_PARAMETERS.get(id(compiled))
    if cached is None or cached[0] is not compiled or cached[1] != name:
        parameter = compiled.rule.parameters[name]
        in_force = next((v for v in parameter.values if v.effective_from.isoformat() == compiled.parameter_dates.get(name)),
                        parameter.values[0])
        if len(_GRADE_PARAMETERS) >= _STATIC_LIMIT:
            _GRADE_PARAMETERS.clear()
        cached = _GRADE_PARAMETERS[id(compiled)] = (compiled, name, (parameter.description, in_force.effective_from.isoformat(),
                                                                    in_force.reference.model_dump(exclude_none=True)))
    return cached[2]


def severity_of(grade: str) -> str:
    return "review" if grade == "needs_review" else "blocking"


def _reading_clause(finding: dict, compiled: CompiledRule, others, fixed: bool) -> str:
    if not compiled.rule.readings or "reading" not in finding:
        return ""
    words = compiled.rule.readings
    outcome = finding["outcome"]
    parts = [f"按{finding['reading']}{'（审计人指定）' if fixed else ''}{OUTCOME_ZH[outcome]}"]
    for combination, decision in others:
        other = branch_of(compiled, decision)[0]
        text = "，".join(words[n][v] for n, v in combination.items())
        parts.append(f"按{text}结论相同" if other == outcome else f"按{text}为“{OUTCOME_ZH[other]}”")
    return "；".join(parts)


def _grade_text(finding: dict, compiled: CompiledRule, others, fixed: bool, grade: str, why: str, description: str) -> str:
    clause = _reading_clause(finding, compiled, others, fixed)
    lead = f"{clause}。" if clause else ""
    if why == "readings_differ":
        return f"{lead}两种计日方法结论不同，履职清单未明定采用哪一种，列为需人工复核。"
    if why == "reading_undecided":
        return f"{lead}另一种计日方法无法判定，履职清单未明定采用哪一种，不能确认合规，列为需人工复核。"
    if why == "missing":
        return f"{lead}数据缺失或无法识别，列为需人工复核。"
    if why == "passed":
        return lead
    if why == "branch":
        return f"{lead}定为{GRADE_ZH[grade]}。" if grade != "needs_review" else f"{lead}列为需人工复核。"
    verdict = "列为需人工复核" if grade == "needs_review" else f"定为{GRADE_ZH[grade]}"
    reason = description.rstrip("。")
    if reason.endswith(verdict):  # "…不符时列为需人工复核" says it already
        return f"{lead}{reason}。"
    return f"{lead}{reason}，{verdict}。"


def not_checked_finding(rule, why: str) -> dict:
    """A rule the run could not apply to any case (its column is absent from the input): kept in
    every case as not_applicable, marked ``not_checked``, so a reader sees it was not looked at."""
    finding = {
        "rule_id": rule.id,
        "rule_version": rule.version,
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "severity": rule.severity,
        "outcome": "not_applicable",
        "not_checked": True,
        "message": why,
        "remedy": None,
        "why": rule.why,
        "evidence": {"source": ""},
        "parameters": {},
        "citation": rule.citation[0].model_dump(exclude_none=True),
    }
    if getattr(rule, "subject", None):
        finding["subject"] = rule.subject  # an office rule not checked is not the applicant's matter
    if len(rule.citation) > 1:
        finding["citations"] = [c.model_dump(exclude_none=True) for c in rule.citation]
    if getattr(rule, "family", None):
        finding["family"] = rule.family
    return finding


def unread_finding(compiled: CompiledRule, why_unread: str) -> dict:
    """A rule that could not look at its case at all (the record itself was unreadable)."""
    finding = build_finding(compiled, None, {}, {"source": ""})
    finding.update(outcome="missing", message=why_unread, remedy=None)
    return finding


def input_finding(rule_id: str, title: tuple[str, str], message: str, remedy: str, evidence: dict,
                  expected: str, parameters: dict | None = None) -> dict:
    """An INP- finding: a value or record that cannot be read. Outcome fail, severity review; its
    citation is the documented input form (README), not a seed; the rules reading it are missing."""
    return {
        "rule_id": rule_id,
        "rule_version": 1,
        "title": {"zh": title[0], "en": title[1]},
        "severity": "review",
        "outcome": "fail",
        "message": message,
        "remedy": remedy,
        "why": "无法读取的值不能作为审核依据；读取该值的规则判为“待补充”。",
        "evidence": evidence,
        "parameters": parameters or {},
        "citation": {"source": "README.md", "lines": "", "quote": expected},
    }


QUOTED_CHARACTERS = 200  # of a cell's original text quoted in a finding
_INVISIBLE_IN_QUOTE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def control_character_finding(ref: str, header: str, written: str, codes: list[str]) -> dict:
    """A cell whose control characters were removed: no report can store them, so the value used is
    the text without them; the finding keeps what was written."""
    quoted = written if len(written) <= QUOTED_CHARACTERS else written[:QUOTED_CHARACTERS] + "…"
    # only the invisible characters written as \uXXXX: the text around them stays readable
    shown = _INVISIBLE_IN_QUOTE.sub(lambda found: f"\\u{ord(found.group()):04X}", quoted)
    return input_finding(
        "INP-CONTROL-CHARS",
        ("单元格含控制字符", "Control characters in a cell"),
        f"{ref}（{header}）含控制字符 {'、'.join(codes)}，已删除后使用；原文：{shown}。",
        f"请删除{ref}中的不可见控制字符后重新导出。",
        {"source": ref, "column": header, "codes": codes},
        "文本，不含控制字符（U+0000–U+001F、U+007F–U+009F）",
    )


def engine_fallback_finding(error: Exception) -> dict:
    """durable-rules failed on this case; the reference evaluator decided it instead."""
    return {
        "rule_id": "ENGINE-FALLBACK",
        "rule_version": 1,
        "title": {"zh": "规则引擎异常，已用参考实现判定", "en": "Rule engine failed; decided by the reference evaluator"},
        "severity": "review",
        "outcome": "fail",
        "message": f"durable-rules 在本案上出错（{type(error).__name__}: {error}），各规则结果由同一规则库的参考实现判定，请复核。",
        "remedy": None,
        "why": "规则引擎出错时，结论由参考实现给出，须人工复核一次。",
        "evidence": {"error": f"{type(error).__name__}: {error}", "source": ""},
        "parameters": {},
        "citation": {"source": "README.md", "lines": "", "quote": "规则引擎失败时由参考实现判定"},
    }
