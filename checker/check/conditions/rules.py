"""Each round condition becomes a rule of family ELIG-ROUND-CONDITIONS, over one engine *slot*.

durable-rules can never unregister a ruleset and keeps each one in memory, so a conditions file
must not bring new rule shapes. Every condition therefore compiles to the same four branches over
the facts of its slot (``cond<k>_state``, ``_op``, ``_x``, ``_a``, ``_b``; declared in
rules/facts/conditions.yaml): the comparison and its value arrive as facts, not as literals, and a
file with other thresholds, types or comparisons has exactly the same engine conditions as any
other file with as many conditions. ``属于``/``不属于`` and text comparisons are decided while the
facts are built (typed facts only reach the engine) and arrive as ``op`` = true/false.

The rule's id is ``COND-<编号>``, its version the file's SHA-256 (first 12 digits), and it cites the
notice (文号, 条款, 原文) beside the workflow's seed line that sends districts to screen against the
round's conditions.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Union

from pydantic import Field, model_validator

from checker.check.conditions.model import OP_SYMBOL, Condition, RoundConditions, wording_figures
from checker.check.conditions.values import display
from checker.core.text import header_key, nfkc
from checker.core.models import Citation, NoticeCitation, Rule, Workflow
from checker.core.rulebook import CompiledRule, Rulebook, compile_rule

FAMILY = "ELIG-ROUND-CONDITIONS"
SLOT_FACTS = ("state", "op", "x", "a", "b")
_FAIL_WHEN = (  # comparison -> the engine condition under which the cell does NOT meet it
    ("ge", [("x", "lt", "a")]), ("gt", [("x", "lte", "a")]), ("le", [("x", "gt", "a")]), ("lt", [("x", "gte", "a")]),
    ("eq", [("x", "ne", "a")]), ("ne", [("x", "eq", "a")]), ("between", [("x", "lt", "a")]), ("between", [("x", "gt", "b")]),
)


class ConditionRule(Rule):
    """A rule built from a conditions file (never from a rule file): its version is the file's
    hash, it cites a notice, and its boundary cases are generated (checker/check/conditions/probes.py)."""

    version: Union[int, str]  # type: ignore[assignment]
    citation: list[Union[Citation, NoticeCitation]] = Field(min_length=1)  # type: ignore[assignment]
    fixtures: list = Field(default_factory=list)  # type: ignore[assignment]
    family: str = FAMILY

    @model_validator(mode="after")
    def _fixtures_cover_pass_and_fail(self) -> "ConditionRule":  # probes replace fixtures
        return self


def slot_fact_types(book: Rulebook, slots: int) -> dict[str, Any]:
    """The application facts plus ``cond<k>_*`` for k = 1..slots, typed as rules/facts/conditions.yaml says."""
    template = book.fact_types("conditions")
    types = dict(book.fact_types("application"))
    for k in range(1, slots + 1):
        types.update({f"cond{k}_{name}": template[name] for name in SLOT_FACTS})
    return types


def _branches(k: int) -> list[dict]:
    """The branches of slot k. A failed comparison is one branch per comparison: the engine takes
    at most 31 expressions per condition, so the nine ways to fail are nine small rules that share
    one message (the first matching branch decides, as always)."""
    p = f"cond{k}_"
    # said as a clerk writes it (h151: "近三年重大事故为 是，不符合本条件（= 否）" reached the applicant as "…（应为 否）",
    # a count without its unit as "从业人数为 1000，不符合本条件（低于 1000）"): what was written, then what the round asks
    fail = {"outcome": "fail", "message": f"{{{p}label}}{{{p}wrote}}{{{p}value}}，本轮条件要求{{{p}asks}}，不符合本条件。",
            "remedy": f"不符合本轮申报条件“{{{p}wording}}”；如填报有误，请提供证明材料并更正{{{p}label}}。"}
    fails = [
        {**fail, "when": {"all": [{"fact": f"{p}op", "eq": op}, *({"fact": f"{p}{left}", cmp: {"fact": f"{p}{right}"}}
                                                                  for left, cmp, right in tests)]}}
        for op, tests in _FAIL_WHEN
    ]
    fails.append({**fail, "when": {"fact": f"{p}op", "eq": "false"}})
    return [
        {"outcome": "not_applicable", "when": {"fact": f"{p}state", "eq": "not_in_force"},
         "message": f"本条件自 {{{p}from}} 起施行，参考日期 {{{p}on}} 时尚未施行，不适用。"},
        # a condition with a 生效日期 and no reference date: whether it applies is not known
        {"outcome": "missing", "when": {"fact": f"{p}state", "eq": "in_force_unknown"},
         "message": f"本条件自 {{{p}from}} 起施行，而本件没有参考日期（申报日期未填写或无法识别，核对时也未用 --as-of 或 --window 指定参考日期），"
                    "无法确定本条件是否适用。",
         "remedy": f"请补填申报日期（日期，如 2021-06-30），以便确定是否适用本条件：{{{p}wording}}"},
        {"outcome": "missing", "when": {"fact": f"{p}state", "in": ["absent", "unreadable"]},
         "message": f"{{{p}label}}{{{p}problem}}，无法核对本条件（本轮条件要求{{{p}asks}}）。",
         "remedy": f"请补填或更正{{{p}label}}（{{{p}form}}），以便核对：{{{p}wording}}"},
        # a 年限 without a reference date: the cell is right, the 申报日期 it is counted to is not there
        {"outcome": "missing", "when": {"fact": f"{p}state", "eq": "no_reference"},
         "message": f"{{{p}label}}{{{p}problem}}，无法核对本条件（本轮条件要求{{{p}asks}}）。",
         "remedy": f"请补填申报日期（日期，如 2021-06-30），以便按{{{p}label}}计算年限，核对：{{{p}wording}}"},
        *fails,
    ]


def build_rule(condition: Condition, conditions: RoundConditions, workflow: Workflow, slot: int) -> ConditionRule:
    """The rule of one condition, over slot ``slot`` (0 for a condition that is not checked)."""
    p = f"cond{slot}_"
    notice = conditions.notice
    citations: list = [NoticeCitation(source=notice.cite(), clause=condition.clause or None, quote=condition.wording)]
    if workflow.conditions_citation is not None:
        citations.append(workflow.conditions_citation)
    clause = f"{condition.clause}" if condition.clause else ""
    return ConditionRule(
        id=condition.rule_id,
        version=conditions.version,
        title={"zh": condition.wording, "en": f"Round condition {condition.number} of {notice.number}"},
        kind="application",
        severity=condition.severity,
        statement=f"{condition.wording}（{notice.cite()}{clause}）",
        why=(f"本轮申报通知{notice.cite()}{clause}规定的申报条件；办理部门按申报通知的要求审核申报材料。"
             if workflow.profile.get("ledger") else  # a handling ledger's item (N-01, N-05): no district screening
             f"本轮申报通知{notice.cite()}{clause}规定的申报条件；区市工信部门按确定的申报条件遴选审核，市工信局按申报的条件复审。"),
        reads=[condition.label],
        citation=citations,
        branches=_branches(slot),
        default="pass",
        default_message={"message": f"{{{p}label}}{{{p}wrote}}{{{p}value}}，符合本条件（本轮条件要求{{{p}asks}}）。"},
        notes=f"{condition.where}；类型 {condition.type.label}，比较 {OP_SYMBOL[condition.op]} {condition.value_text}",
    )


def expectation(condition: Condition) -> str:
    """What the condition asks, in words: "≥ 1000 万元", "满 3 年", "介于 3%～5%（含两端）"."""
    symbol = OP_SYMBOL[condition.op]
    if condition.words:
        joined = "、".join(condition.words)
        if condition.ctype == "text_list" and condition.op == "in":
            return f"至少一项属于 {joined}"
        if condition.ctype == "text_list" and condition.op == "not_in":
            return f"没有一项属于 {joined}"
        return f"{symbol} {joined}"
    if condition.ctype == "years":
        return _years_expected(condition, symbol)
    low = _shown(condition, condition.low)
    if condition.op == "between":
        return f"介于 {low}～{_shown(condition, condition.high)}（含两端）"
    return f"{symbol} {low}"


# a bound in words, as a clerk writes what the round asks (本轮条件要求不低于 1000 万元): a count's words for a count
# (不少于 5 人), a date's for a date (不晚于 2020-12-31: the notice writes the date in words)
_BOUND_SAID = {"ge": "不低于", "gt": "超过", "le": "不超过", "lt": "低于", "eq": "为", "ne": "不为"}
_COUNT_SAID = {"ge": "不少于", "gt": "多于", "le": "不多于", "lt": "少于", "eq": "为", "ne": "不为"}
_DATE_SAID = {"ge": "不早于", "gt": "晚于", "le": "不晚于", "lt": "早于", "eq": "为", "ne": "不为"}
_COUNTED = "人名个项家件台套次户"


def count_unit(condition: Condition) -> str:
    """The word a 数值 condition counts in, as its wording (从业人员1000人以下, 5项以上), its 值 (5人) or its 列名
    (从业人数（人）) writes it: 人, 项, 分…; "" when none says."""
    if condition.ctype != "number":
        return ""
    figures = wording_figures(condition.wording, "number")
    low = Decimal(condition.low).normalize() if isinstance(condition.low, Decimal) else None
    for text in (figures.get(low), *figures.values(), nfkc(condition.value_text or "").strip()):
        if text and len(text) > 1 and text[-1] in _COUNTED + "分":
            return text[-1]
    for header in condition.headers:
        bracket = re.search(r"\((.)\)$", header_key(header))
        if bracket and bracket.group(1) in _COUNTED:
            return bracket.group(1)
    return ""


def _quoted(words, last: str = "、") -> str:
    """“A”、“B”或“C” (``last``: the word before the last item)."""
    quoted = [f"“{word}”" for word in words]
    return quoted[0] if len(quoted) == 1 else "、".join(quoted[:-1]) + last + quoted[-1]


def requirement(condition: Condition) -> str:
    """What the condition asks, in a clerk's words after 本轮条件要求: 为“否”, 属于“制造业”或“软件和信息技术服务业”,
    不低于 1000 万元, 少于 1000 人, 满 3 年, 不晚于 2020-12-31, 在 3% 至 5% 之间（含两端）."""
    op, ctype = condition.op, condition.ctype
    if ctype == "yesno":
        return f"{_BOUND_SAID[op]}“{'是' if condition.low else '否'}”"
    if condition.words:
        words = condition.words
        if op in ("eq", "ne"):
            return f"{_BOUND_SAID[op]}“{words[0]}”"
        if ctype == "text_list":
            return f"至少有一项属于{_quoted(words, '或')}" if op == "in" else f"各项均不属于{_quoted(words)}"
        if op == "in":
            return f"属于{_quoted(words, '或')}"
        return f"不属于{_quoted(words)}" + ("中的任何一项" if len(words) > 1 else "")
    if ctype == "years":  # = counts whole years: 成立年限为 3 年 is three years and any part of the fourth
        n = condition.low
        return {"eq": f"满 {n} 年且不满 {n + 1} 年", "ne": f"满整年数不为 {n} 年"}.get(op) or _years_expected(condition, OP_SYMBOL[op])
    unit = count_unit(condition)

    def shown(value) -> str:
        return _as_worded(condition, value) or _shown(condition, value) + (f" {unit}" if unit else "")

    if op == "between":
        return f"在 {shown(condition.low)} 至 {shown(condition.high)} 之间（含两端）"
    # a count without a unit written says its bound as the wording does (净增就业人数不少于0: 不少于 0, not 不低于 0; h157)
    counted = unit in _COUNTED if unit else _COUNT_SAID[op] in nfkc(condition.wording or "")
    said = _DATE_SAID if ctype == "date" else _COUNT_SAID if counted else _BOUND_SAID
    return f"{said[op]} {shown(condition.low)}"


_WORDED_AMOUNT = re.compile(r"([0-9]+(?:\.[0-9]+)?)([万亿]?元)")
_COLUMN_UNIT = {"amount_wan": "万元", "amount_yuan": "元"}


def _as_worded(condition: Condition, value) -> str:
    """An amount's bound as the condition's wording writes it, when in another unit than the column's
    (营业收入1000万元（含）以上 over a 金额（元） column: 1000 万元, not 10000000 元): the round's notice says
    1000万元, the figure the applicant and the clerk know; "" otherwise."""
    if condition.ctype not in _COLUMN_UNIT or not isinstance(value, Decimal):
        return ""
    written = wording_figures(condition.wording, condition.ctype).get(value.normalize(), "")
    # h165: a figure with thousands separators (1,000万元, as notices write it) is the wording's figure too: without
    # them taken out it was said as the column gives it (10000000 元), unlike the same bound written 1000万元
    match = _WORDED_AMOUNT.fullmatch(written.replace(",", ""))
    if not match or match.group(2) == _COLUMN_UNIT[condition.ctype]:
        return ""  # written in the column's own unit, or in words (一千万元): the figure as the column gives it
    return f"{match.group(1)} {match.group(2)}"


def _years_expected(condition: Condition, symbol: str) -> str:
    """A 年限 in words: to the day (满 3 年, 超过 3 年, 不超过 3 年, 不满 3 年, 满 3 年且不超过 5 年), or in
    whole years for = and ≠ (满整年数 = 3)."""
    n = condition.low
    return {"ge": f"满 {n} 年", "gt": f"超过 {n} 年", "le": f"不超过 {n} 年", "lt": f"不满 {n} 年",
            "between": f"满 {n} 年且不超过 {condition.high} 年"}.get(condition.op, f"满整年数 {symbol} {n}")


def _shown(condition: Condition, value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return display(condition.ctype, value)


def compile_slots(book: Rulebook, rules: list[ConditionRule]) -> tuple[CompiledRule, ...]:
    """Compile the checked conditions' rules (slots 1..len(rules)) against their slot facts."""
    types = slot_fact_types(book, len(rules))
    return tuple(compile_rule(rule, dt.date(2000, 1, 1), types) for rule in rules)
