"""Facts every step gives by itself (rules/steps.yaml), and whether the round involves money."""

from __future__ import annotations

from checker.audit.facts.common import RoundCase
from checker.core.evaluator import Facts, fact_function
from checker.core.values import date_int


@fact_function("funds_state")
def step_facts(case: RoundCase, out: Facts) -> None:
    """<key>_state: dated | undated | unreadable | absent; <key>_date: the earliest readable date."""
    record, facts, values = case.record, out.facts, out.values
    values.update({"round_id": record.round_id, "workflow": record.workflow_id, "field": record.field or "（未填）"})
    for key in case.step_keys.values():
        rows = record.steps_of(key)
        if not rows:
            facts[f"{key}_state"] = "absent"
            values[f"{key}_date"] = "（未记录）"
            continue
        dated = sorted((s for s in rows if s.date), key=lambda s: s.date)
        if dated:
            facts[f"{key}_state"] = "dated"
            facts[f"{key}_date"] = date_int(dated[0].date)
            values[f"{key}_date"] = dated[0].date.isoformat()
        else:
            facts[f"{key}_state"] = "unreadable" if any(s.date_state == "unreadable" for s in rows) else "undated"
            values[f"{key}_date"] = "（日期缺失或无法识别）"
    facts["funds_state"] = {True: "yes", False: "no", None: "unknown"}[record.has_funds]


@fact_function("credit_check_doc")
def credit_check_facts(case: RoundCase, out: Facts) -> None:
    """credit_check_doc: whether a 信用查询 row records what was queried (its 文号/材料, or its 备注):
    ``recorded``, or ``none`` when every row's cell is blank or says there is none (无, 暂无, /).
    A dated row with nothing behind it does not show the enterprises were checked (seed 001:4064
    "查询企业是否有不良信用记录")."""
    from checker.audit.facts.recommend import records  # the one reading of a cell that says 无

    rows = case.record.steps_of("credit_check")
    recorded = [s for s in rows if records(s.row.text("doc"))]
    out.facts["credit_check_doc"] = "recorded" if recorded or not rows else "none"
    shown = [f"“{s.row.shown('doc')}”（{s.row.ref('doc')}）" if s.row.text("doc") else f"空白（{s.row.ref('doc')}）"
             for s in rows]
    out.values["credit_check_doc"] = "、".join(shown) or "（未记录）"
