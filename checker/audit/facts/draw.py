"""The expert draw: panel size, who drew, from which field, and whether the ledger holds the draw."""

from __future__ import annotations

from checker.audit.facts.common import RoundCase, split_list
from checker.audit.facts.ledger_check import check_draw
from checker.core.evaluator import Facts, fact_function


@fact_function("draw_rows", "draw_panel_size", "draw_office_state", "draw_field_state", "draw_random_state")
def draw_facts(case: RoundCase, out: Facts) -> None:
    record, facts, values = case.record, out.facts, out.values
    rows = record.draws
    facts["draw_rows"] = len(rows)
    panel = [r for r in rows if r.text("role") in ("", "正选")]
    subs = [r for r in rows if r.text("role") in ("替补",)]
    # The panel that reviewed: 正选 plus the 替补 who took a replaced expert's seat (a replaced
    # expert is left out of the sheet or marked 已替换), the same panel DRAW-RANDOM compares
    # with the ledger after its substitutions.
    serving = panel + subs
    facts["draw_panel_size"] = len(serving)
    values["draw_panel_size"] = str(len(serving))
    values["draw_panel"] = "、".join(r.text("expert_id") for r in serving) or "（无）"
    values["draw_substitutes"] = "、".join(r.text("expert_id") for r in subs) or "无"
    offices = [r.text("office") for r in rows]
    if not rows:
        facts["draw_office_state"] = "absent"
    elif not all(offices):
        facts["draw_office_state"] = "blank"
    else:
        facts["draw_office_state"] = "zgk" if all("政工" in o for o in offices) else "other"
    values["draw_office"] = "、".join(sorted(set(o for o in offices if o))) or "（未填）"
    facts["draw_field_state"] = _field_state(case, serving, values)
    facts["draw_random_state"], values["draw_random_detail"] = check_draw(record, case.context.ledger)


def _field_state(case: RoundCase, serving, values: dict) -> str:
    """Each serving expert's fields (the pool fills a blank cell) against the round's field."""
    pool_fields = {e.expert_id: set(e.fields) for e in case.context.pool.experts} if case.context.pool is not None else {}
    wanted = split_list(case.record.field)
    mismatched, unknown = [], []
    for row in serving:
        expert = row.text("expert_id")
        fields = split_list(row.text("field")) or pool_fields.get(expert, set())
        if not fields:
            unknown.append(expert)
        elif not (fields & wanted):
            mismatched.append(f"{expert}（{'、'.join(sorted(fields))}）")
    values["draw_field_mismatch"] = "、".join(mismatched) or "无"
    values["draw_field_unknown"] = "、".join(unknown) or "无"
    if not case.record.draws:
        return "absent"
    if not wanted:
        return "no_round_field"
    if mismatched:
        return "mismatch"
    return "no_expert_field" if unknown else "ok"
