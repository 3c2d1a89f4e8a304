"""``draw check``: per field, how many experts a draw could choose from after recusal.

Uses the draw's own functions (candidates, exclusions, eligible list), so the numbers are the
ones ``draw new`` would meet, without drawing, without randomness and without a ledger.
Statuses: 不足 (short: eligible < panel + alternates, ``draw new`` would refuse), 偏少 (thin:
eligible < warn multiple × panel, ``draw new`` would warn), 充足 (enough).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter

from checker.draw.record import Policy
from checker.draw.recusal import (RULE_CONFLICT, RULE_EMPLOYER, RULE_STAFF, candidates_for, compute_exclusions, eligible_ids,
                                  namesake_warnings, normalise_fields, pool_warnings, read_exclusion_inputs, unknown_ids_warning,
                                  alike_employer_warnings)
from checker.draw.pool import read_pool

OK, THIN, SHORT = "充足", "偏少", "不足"
RULES = (RULE_STAFF, RULE_EMPLOYER, RULE_CONFLICT)
RULE_ZH = {RULE_STAFF: "本局人员", RULE_EMPLOYER: "同单位", RULE_CONFLICT: "申报回避"}


def check_fields(pool_path, fields, applicants, conflicts, staff, size, alternates, warn_multiple) -> list[dict]:
    """One row per field (the requested ones, else every field in the pool), sorted by field."""
    policy = Policy(panel_size=size, alternates=alternates, warn_below_multiple=warn_multiple)  # validates
    pool = read_pool(pool_path)
    inputs = read_exclusion_inputs(pool, applicants, conflicts, staff)  # as draw new reads them (and refuses)
    wanted = normalise_fields(fields) if fields else sorted(pool.all_fields())
    rows = [_row(pool, field, inputs, policy) for field in wanted]
    alike = [warning for row in rows for warning in row.pop("alike")]  # the same expert in two fields: said once
    # as draw new warns (the namesake of a recused expert left drawable too, h134); a key only when there is one
    warnings = (unknown_ids_warning(pool, inputs) + pool_warnings(pool, wanted) + list(dict.fromkeys(alike))
                + namesake_warnings(pool, inputs, candidates_for(pool, wanted)))
    return [dict(row, warnings=warnings) for row in rows] if warnings else rows


def _row(pool, field: str, inputs: dict, policy: Policy) -> dict:
    candidates = candidates_for(pool, [field])  # raises InputError for a field no expert lists
    exclusions = compute_exclusions(candidates, inputs)
    eligible = eligible_ids(candidates, exclusions)
    by_rule = Counter()
    for item in exclusions:
        for rule in sorted({reason["rule"] for reason in item["reasons"]}):
            by_rule[rule] += 1
    needed = policy.panel_size + policy.alternates
    floor = policy.warn_below_multiple * policy.panel_size
    status = SHORT if len(eligible) < needed else THIN if len(eligible) < floor else OK
    return {"field": field, "active": len(candidates), "excluded": len(exclusions),
            "excluded_by_rule": {rule: by_rule[rule] for rule in RULES}, "eligible": len(eligible),
            "needed": needed, "thin_below": floor, "status": status,
            "excluded_ids": [item["expert_id"] for item in exclusions],
            "alike": alike_employer_warnings(candidates, inputs, exclusions)}


def render_text(rows: list[dict], size: int, alternates: int) -> str:
    """A plain table for the terminal, then one line per field that is short or thin."""
    header = ["领域", "在库", *[f"回避:{RULE_ZH[rule]}" for rule in RULES], "回避合计", "可抽取", "需要", "状态"]
    table = [header] + [[row["field"], str(row["active"]), *[str(row["excluded_by_rule"][rule]) for rule in RULES],
                         str(row["excluded"]), str(row["eligible"]), str(row["needed"]), row["status"]] for row in rows]
    widths = [max(_width(line[column]) for line in table) for column in range(len(header))]
    lines = ["  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(line, widths)).rstrip()
             for line in table]
    for row in rows:
        if row["status"] == SHORT:
            lines.append(f"不足: {row['field']} 可抽取 {row['eligible']} 人，少于正选 {size} + 候补 {alternates} = "
                         f"{row['needed']} 人，无法抽取。")
        elif row["status"] == THIN:
            lines.append(f"偏少: {row['field']} 可抽取 {row['eligible']} 人，少于正选人数的 "
                         f"{row['thin_below'] // size} 倍（{row['thin_below']} 人）。")
    for warning in dict.fromkeys(text for row in rows for text in row.get("warnings", ())):
        lines.append(f"警告: {warning}")
    lines.append("（未抽取，未写入账本。一位专家有多项回避理由时在每项下各计一次。）")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def render_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2)
