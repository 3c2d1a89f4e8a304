"""Compile a rule's conditions into a durable-rules condition and into a Python predicate.

Both compilations come from the same rule data, so the engine of record (durable-rules) and the
plain-Python reference evaluator cannot drift apart silently; a hypothesis test compares them.

Guardrails from engine-notes.md §1.4/§1.12 enforced here:
- every fact a comparison reads is tested for presence first (``$ex``), because a missing operand
  can make a durable-rules comparison fire;
- numbers are exact integers (money in 分, dates as yyyymmdd); a parameter that does not convert
  to an integer exactly is a rulebook error, not a rounding;
- text facts only meet ``eq``/``ne``/``in``; ordering comparisons are for integer facts only, so
  '99' > 500 can never be asked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from checker.core.models import All, Any_, Compare, Condition, FactRef, Parameter, ParamRef

Predicate = Callable[[dict[str, Any]], bool]

_DURABLE_OP = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_PY_OP: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}
_SCALE_FROM_UNIT = {("万元", "fen"): 1_000_000, ("元", "fen"): 100}


class RulebookError(ValueError):
    """A rule file that cannot be compiled (unknown fact, wrong type, inexact parameter...)."""


def resolve_parameter(name: str, ref: ParamRef, parameters: dict[str, Parameter], on: dt.date) -> int | str:
    """The integer (or text) a condition compares with, for the value in force on ``on``."""
    if ref.param not in parameters:
        raise RulebookError(f"{name}: condition uses undeclared parameter {ref.param!r}")
    parameter = parameters[ref.param]
    raw = parameter.value_on(on).value
    if raw is None:
        raise RulebookError(f"{name}: parameter {ref.param} has no value in force (未设置); judge it in a fact function")
    if isinstance(raw, bool):
        return int(raw)
    if ref.scale == "raw":
        return raw
    value = Decimal(str(raw))
    if ref.scale == "fen":
        factor = _SCALE_FROM_UNIT.get((parameter.unit or "", "fen"))
        if factor is None:
            raise RulebookError(f"{name}: parameter {ref.param} has unit {parameter.unit!r}, not money")
        value *= factor
    if value != value.to_integral_value():
        raise RulebookError(f"{name}: parameter {ref.param}={raw} is not a whole number of {ref.scale}")
    return int(value)


class Compiler:
    """Compiles conditions of one rule against a fact schema and the parameters in force."""

    def __init__(self, rule_id: str, fact_types: dict[str, type | tuple], parameters: dict[str, Parameter], on: dt.date):
        self.rule_id = rule_id
        self.fact_types = fact_types
        self.parameters = parameters
        self.on = on
        self.facts_read: set[str] = set()

    # -- shared checks --------------------------------------------------------------------------
    def _fact_type(self, fact: str) -> type:
        """int or str; a tuple in the schema is the closed set of a text fact's values."""
        if fact not in self.fact_types:
            raise RulebookError(f"{self.rule_id}: unknown fact {fact!r}")
        self.facts_read.add(fact)
        declared = self.fact_types[fact]
        return str if isinstance(declared, tuple) else declared

    def _check_domain(self, fact: str, value: object) -> None:
        declared = self.fact_types[fact]
        if isinstance(declared, tuple) and value not in declared:
            raise RulebookError(f"{self.rule_id}: fact {fact!r} is never {value!r}; its values are {', '.join(declared)}")

    def _operand(self, compare: Compare) -> tuple[str, Any]:
        """('value', literal) or ('fact', other fact name), type-checked against the fact."""
        fact_type = self._fact_type(compare.fact)
        operand = compare.operand
        op = compare.operator
        if op in ("lt", "lte", "gt", "gte") and fact_type is not int:
            raise RulebookError(f"{self.rule_id}: ordering comparison on text fact {compare.fact!r}")
        if isinstance(operand, FactRef):
            if self._fact_type(operand.fact) is not fact_type:
                raise RulebookError(f"{self.rule_id}: {compare.fact} and {operand.fact} differ in type")
            return "fact", operand.fact
        if isinstance(operand, ParamRef):
            operand = resolve_parameter(self.rule_id, operand, self.parameters, self.on)
        values = operand if op == "in" else [operand]
        converted = [int(v) if isinstance(v, bool) else v for v in values]
        for value in converted:
            if not isinstance(value, fact_type):
                raise RulebookError(
                    f"{self.rule_id}: fact {compare.fact!r} is {fact_type.__name__}, compared with {value!r}"
                )
            self._check_domain(compare.fact, value)
        return "value", converted if op == "in" else converted[0]

    # -- durable-rules --------------------------------------------------------------------------
    def durable(self, condition: Condition) -> dict:
        if isinstance(condition, All):
            return {"$and": [self.durable(c) for c in condition.all]}
        if isinstance(condition, Any_):
            return {"$or": [self.durable(c) for c in condition.any]}
        kind, operand = self._operand(condition)
        fact, op = condition.fact, condition.operator
        guards = [{"$ex": {fact: 1}}]
        if kind == "fact":
            guards.append({"$ex": {operand: 1}})
            operand = {"$m": operand}
        if op == "in":
            test: dict = {"$or": [{fact: value} for value in operand]}
        elif op == "eq":
            test = {fact: operand}
        else:
            test = {_DURABLE_OP[op]: {fact: operand}}
        return {"$and": [*guards, test]}

    # -- plain Python ---------------------------------------------------------------------------
    def python(self, condition: Condition) -> Predicate:
        if isinstance(condition, All):
            parts = [self.python(c) for c in condition.all]
            return lambda facts: all(part(facts) for part in parts)
        if isinstance(condition, Any_):
            parts = [self.python(c) for c in condition.any]
            return lambda facts: any(part(facts) for part in parts)
        kind, operand = self._operand(condition)
        fact, op = condition.fact, condition.operator
        if op == "in":
            allowed = frozenset(operand)
            return lambda facts: fact in facts and facts[fact] in allowed
        compare = _PY_OP[op]
        if kind == "fact":
            other = operand
            return lambda facts: fact in facts and other in facts and compare(facts[fact], facts[other])
        return lambda facts: fact in facts and compare(facts[fact], operand)
