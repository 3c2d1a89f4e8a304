"""Typed facts: what the rules see of an application (and of the batch it came in).

This is the engine boundary. Every fact is an ``int`` or a ``str`` from a small closed set,
declared in :data:`APPLICATION_FACT_TYPES`; the rulebook loader refuses conditions on undeclared
facts or with the wrong type. Money is integer 分, dates are integer yyyymmdd, yes/no answers and
field states are words. Judgements that need more than a comparison (is this address in Weihai?
is this text a 核准/备案 number?) are made here in Python, once, and reach both evaluators alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checker.parse import date_int, normalise_uscc, wan_to_fen
from checker.region import classify_address, uscc_division, uscc_in_weihai
from checker.textnorm import nfkc
from checker.validate import ABSENT, OK, UNREADABLE, Application

# Every text fact has a closed set of values. The rulebook loader refuses a condition comparing a
# text fact with a value outside its set (a typo such as "Yes" would otherwise never match), and
# a rule may leave its most common outcome as the default only because the other values of the
# set are all tested by its branches.
ANSWER = ("yes", "no", "absent", "unreadable")
STATE = ("ok", "absent", "unreadable")
APPLICATION_FACT_TYPES: dict[str, type | tuple[str, ...]] = {
    "address_region": ("weihai", "outside", "unknown", "absent", "unreadable"),
    "uscc_state": STATE,
    "uscc_region": ("weihai", "other", "none"),
    "uscc_batch_count": int,  # applications in this batch with the same USCC
    "legal_person": ANSWER,
    "branch_office_name": int,  # 1 when the company name reads like a branch (分公司, 分厂...)
    "policy_direction": ANSWER,
    "approval_filing": ("present", "not_done", "absent", "unreadable"),
    "equipment_state": STATE,
    "equipment_fen": int,  # 万元 × 1,000,000, rounded down
    "total_state": STATE,
    "total_fen": int,
    "submitted_state": STATE,
    "submitted_on": int,  # yyyymmdd
    "window_state": ("given", "not_given"),
    "window_start": int,
    "window_end": int,
    "truth_pledge": ANSWER,
    "recommendation_doc": ("present", "absent", "unreadable"),
    "credit_state": ("clean", "adverse", "no_register", "no_uscc"),
    "debarment_state": ("clear", "debarred", "no_register", "no_uscc"),
}

# Text that says the formalities were NOT done, although the cell is not blank.
NOT_DONE_WORDS = {"无", "没有", "否", "未办理", "未核准", "未备案", "暂无", "办理中", "正在办理", "在办", "待办", "/", "-", "—", "——", "无备案"}
BRANCH_MARKERS = ("分公司", "分厂", "分支机构", "办事处", "分部")


@dataclass
class Window:
    start: dt.date
    end: dt.date


@dataclass
class BatchContext:
    """What a case's facts need from outside the row: the batch, the round, the registers."""

    uscc_counts: Counter = field(default_factory=Counter)
    window: Window | None = None
    credit: Any = None  # checker.registers.CreditRegister or None
    debarments: Any = None  # checker.registers.DebarmentRegister or None
    fund_name: str | None = None


def _answer(application: Application, name: str) -> str:
    value = application.get(name)
    if value.state == OK:
        return "yes" if value.value else "no"
    return value.state


def _amount(application: Application, name: str) -> tuple[str, int | None]:
    value = application.get(name)
    return (OK, wan_to_fen(value.value)) if value.state == OK else (value.state, None)


def approval_filing_state(text: str) -> str:
    if not text:
        return "absent"
    compact = nfkc(text).replace(" ", "")
    if compact in NOT_DONE_WORDS or compact.startswith(("未", "正在", "尚未")):
        return "not_done"
    return "present"


def build_facts(application: Application, context: BatchContext, reference_date: dt.date) -> dict[str, Any]:
    """The typed facts of one application; absent numbers are left out, never set to 0."""
    facts: dict[str, Any] = {}
    address = application.get("registered_address")
    if address.state == OK:
        facts["address_region"] = classify_address(address.value).region
    else:
        facts["address_region"] = address.state
    uscc = application.get("uscc")
    facts["uscc_state"] = uscc.state
    facts["uscc_region"] = ("weihai" if uscc_in_weihai(uscc.value) else "other") if uscc.state == OK else "none"
    if uscc.state == OK:
        facts["uscc_batch_count"] = context.uscc_counts.get(uscc.value, 1)
    facts["legal_person"] = _answer(application, "legal_person")
    name = application.text("company_name")
    facts["branch_office_name"] = int(any(marker in name for marker in BRANCH_MARKERS))
    facts["policy_direction"] = _answer(application, "policy_direction")
    approval = application.get("approval_filing")
    facts["approval_filing"] = UNREADABLE if approval.state == UNREADABLE else approval_filing_state(application.text("approval_filing"))
    facts["equipment_state"], equipment = _amount(application, "equipment_investment_wan")
    facts["total_state"], total = _amount(application, "total_investment_wan")
    if equipment is not None:
        facts["equipment_fen"] = equipment
    if total is not None:
        facts["total_fen"] = total
    submitted = application.get("submitted_on")
    facts["submitted_state"] = submitted.state
    if submitted.state == OK:
        facts["submitted_on"] = date_int(submitted.value)
    if context.window:
        facts["window_state"] = "given"
        facts["window_start"] = date_int(context.window.start)
        facts["window_end"] = date_int(context.window.end)
    else:
        facts["window_state"] = "not_given"
    facts["truth_pledge"] = _answer(application, "truth_pledge")
    recommendation = application.get("recommendation_doc")
    facts["recommendation_doc"] = UNREADABLE if recommendation.state == UNREADABLE else (
        "present" if application.text("recommendation_doc") else "absent"
    )
    code = uscc.value if uscc.state == OK else None
    facts["credit_state"] = _register_state(context.credit, code, reference_date, "clean", "adverse")
    facts["debarment_state"] = _register_state(context.debarments, code, reference_date, "clear", "debarred", context.fund_name)
    return facts


def _register_state(register, code, on: dt.date, clear: str, hit: str, *extra) -> str:
    if register is None:
        return "no_register"
    if code is None:
        return "no_uscc"
    return hit if register.matches(code, on, *extra) else clear


def message_values(application: Application, facts: dict[str, Any], context: BatchContext | None = None,
                   on: dt.date | None = None) -> dict[str, str]:
    """Values a finding's message may quote: each field's display text plus derived names and
    the register entries that decided a register rule."""
    values = {name: (v.display if v.state != ABSENT else "空白") for name, v in application.values.items()}
    address = application.get("registered_address")
    values["address_place"] = classify_address(address.value).place if address.state == OK else ""
    uscc = application.get("uscc")
    values["uscc_division"] = uscc_division(uscc.value) if uscc.state == OK else ""
    values["uscc_batch_count"] = str(facts.get("uscc_batch_count", ""))
    if uscc.state == UNREADABLE:
        values["uscc"] = uscc.display
    if context is not None and on is not None and uscc.state == OK:
        if context.credit is not None:
            values["credit_records"] = "；".join(
                f"{r.kind}（认定日期 {r.date.isoformat()}，来源 {r.source or '未注明'}）" for r in context.credit.records_on(uscc.value, on)
            )
        if context.debarments is not None:
            values["debarments"] = "；".join(
                f"{d.fund}（自 {d.start.isoformat()} 起 {d.years} 年）"
                for d in context.debarments.records_on(uscc.value, on, context.fund_name)
            )
    return values


def count_usccs(raw_values) -> Counter:
    """USCC → number of applications in the batch (normalised like validation does)."""
    return Counter(normalise_uscc(v) for v in raw_values if v not in (None, ""))
