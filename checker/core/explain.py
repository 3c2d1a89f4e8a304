"""A rule's conditions and fixtures in Chinese sentences, for ``rules show`` (never Python reprs).

``{fact: equipment_fen, lt: {param: min_equipment_investment_wan, scale: fen}}`` reads
``equipment_fen 小于 参数 min_equipment_investment_wan（100 万元）``; the facts a rule compares are
then listed with what each means (from the vocabulary), so the sentence can be followed without
the source.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Iterator

from checker.core.findings import GRADE_ZH
from checker.core.models import All, Any_, Compare, FactRef, ParamRef, Rule

if TYPE_CHECKING:
    from checker.core.rulebook import Rulebook

OPERATOR_ZH = {"eq": "为", "ne": "不为", "lt": "小于", "lte": "不大于", "gt": "大于", "gte": "不小于", "in": "属于"}


def condition_zh(condition, rule: Rule, on: dt.date = dt.date.max) -> str:
    """One condition as a sentence; parameters are shown with their value in force on ``on``."""
    if isinstance(condition, All):
        return "同时满足：" + "；".join(_nested(part, rule, on) for part in condition.all)
    if isinstance(condition, Any_):
        return "满足其一：" + "；".join(_nested(part, rule, on) for part in condition.any)
    assert isinstance(condition, Compare)
    return f"{condition.fact} {OPERATOR_ZH[condition.operator]} {_operand(condition.operand, rule, on)}"


def _nested(condition, rule: Rule, on: dt.date) -> str:
    text = condition_zh(condition, rule, on)
    return f"（{text}）" if isinstance(condition, (All, Any_)) else text


def _operand(operand, rule: Rule, on: dt.date) -> str:
    if isinstance(operand, ParamRef):
        parameter = rule.parameters.get(operand.param)
        if parameter is None:
            return f"参数 {operand.param}"
        value = parameter.value_on(on).value
        shown = "未设置" if value is None else f"{value}{(' ' + parameter.unit) if parameter.unit else ''}"
        return f"参数 {operand.param}（{shown}）"
    if isinstance(operand, FactRef):
        return f"事实 {operand.fact}"
    if isinstance(operand, list):
        return "、".join(_scalar(value) for value in operand) + " 之一"
    return _scalar(operand)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def facts_of(condition) -> Iterator[str]:
    """Every fact a condition reads, in order of appearance (the same fact may repeat)."""
    if isinstance(condition, All):
        for part in condition.all:
            yield from facts_of(part)
    elif isinstance(condition, Any_):
        for part in condition.any:
            yield from facts_of(part)
    else:
        yield condition.fact
        if isinstance(condition.operand, FactRef):
            yield condition.operand.fact


def record_zh(record: dict) -> str:
    """A fixture record or patch: ``字段 = 值`` pairs (nested sheets as ``表.列``)."""
    parts = []
    for key, value in record.items():
        if isinstance(value, dict):
            parts += [f"{key}.{inner}" for inner in record_zh(value).split("；") if inner]
        elif isinstance(value, list):
            parts.append(f"{key} = [{len(value)} 行]")
        else:
            parts.append(f"{key} = {'（空白）' if value in ('', None) else value}")
    return "；".join(parts)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parameter_words(book: "Rulebook", rule_id: str, values: dict[str, str]) -> str:
    """A finding's parameters as a reader reads them: description, value (option names in words)."""
    rule = book.rules.get(rule_id)
    if rule is None:
        return ""
    parts = []
    for name, value in values.items():
        parameter = rule.parameters.get(name)
        if parameter is None or name == rule.grade_param:
            continue
        shown = rule.readings.get(name, {}).get(str(value)) or (parameter.words or {}).get(str(value)) \
            or GRADE_ZH.get(str(value), str(value))
        # a unit follows a number only: not 未设置 (限额：未设置, not 未设置万元), nor a list of names
        # (…；资金拨付→监督检查, not …监督检查顺序)
        unit = parameter.unit if parameter.unit and parameter.unit != "口径" and _NUMBER.fullmatch(shown) else ""
        label = parameter.description.split("：")[0].split("（")[0]
        parts.append(f"{label}：{shown}{unit}")
    return "；".join(parts)
