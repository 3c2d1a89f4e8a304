"""What a round's own notice settles that the seeds leave open: rule parameters set by the notice.

Hook for the conditions file's 通知 part (``失信企业不得申报: 是``): the seeds require the credit
query (001_92b0dbd82849a40b.txt line 4064, "并查询企业是否有不良信用记录") but not its consequence
(seed-rules.md AMB-19), so ELIG-CREDIT-CLEAN grades an adverse record ``needs_review`` by default
(its parameter ``adverse_record_grade``); a notice that bars enterprises with adverse records makes
it ``ineligible``. The overrides go to the evaluator by parameter name (``Evaluator(overrides=…)``),
as command-line readings do; no rule id is named here.
"""

from __future__ import annotations

ADVERSE_RECORD_GRADE = "adverse_record_grade"


def notice_parameter_overrides(bars_adverse_records: bool | None) -> dict[str, str]:
    """Parameter overrides from the notice's 失信企业不得申报 flag (None: the notice does not say)."""
    return {ADVERSE_RECORD_GRADE: "ineligible"} if bars_adverse_records else {}
