"""The order of the recorded steps against the workflow profile's order."""

from __future__ import annotations

import datetime as dt

from checker.audit.facts.common import RoundCase
from checker.audit.record import Step
from checker.core.evaluator import Facts, fact_function


@fact_function("step_order_violations", "step_order_dated")
def order_facts(case: RoundCase, out: Facts) -> None:
    """Dated steps in the profile's order: an earlier step dated after a later one is a violation.
    Profile entries may name a stage (``党组会#2``); same-day steps are in order."""
    order: list[str] = list(case.profile.get("steps") or [])
    position = {entry: i for i, entry in enumerate(order)}
    placed: list[tuple[int, dt.date, Step]] = []
    for step in case.record.steps:
        if not step.date:
            continue
        key = f"{step.name}#{step.stage}" if step.stage else step.name
        index = position.get(key, position.get(step.name))
        if index is not None:
            placed.append((index, step.date, step))
    violations = [
        f"“{si.name}”（{di.isoformat()}，{si.ref}）晚于其后步骤“{sj.name}”（{dj.isoformat()}，{sj.ref}）"
        for pi, di, si in placed for pj, dj, sj in placed if pi < pj and di > dj
    ]
    out.facts["step_order_violations"] = len(violations)
    out.facts["step_order_dated"] = len(placed)
    out.values["step_order_dated"] = str(len(placed))
    out.values["step_order_detail"] = "；".join(violations[:5]) + (f" 等 {len(violations)} 处" if len(violations) > 5 else "")
    out.values["step_order_expected"] = " → ".join(order)
