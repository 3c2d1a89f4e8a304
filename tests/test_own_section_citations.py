"""A report quotes its own workflow's clause (checker/core/sources.py Sources.relevant): a rule
shared by parallel workflows cites the same clause in each workflow's own section. W-13 … W-16
repeat W-12's procedure word for word (001:4087-4118, 4128-4159, 4279-4310, 4320-4351); their
reports quoted W-12's or another section's line for these rules until each section's own line was
cited too (hostile11's finding; the exact quote checked on its line by tests/test_sources.py)."""

from __future__ import annotations

import pytest

from checker.core.rulebook import load_rulebook

BOOK = load_rulebook()
PARALLEL = ("W-12", "W-13", "W-14", "W-15", "W-16")
SHARED = ("APP-TRUTH-PLEDGE", "APP-SUPPORTING-EVIDENCE", "APP-DISTRICT-PRELIM", "APP-DISTRICT-RECOMMEND-DOC",
          "APP-CITY-RE-REVIEW", "ELIG-CREDIT-CLEAN", "PROC-3I1L-PRE", "PROC-3I1L-REVIEW", "PROC-ELIGIBLE-BEFORE-REVIEW",
          "PROC-STEP-ORDER", "DRAW-BY-FIELD", "DRAW-RANDOM")


@pytest.mark.parametrize("workflow_id", PARALLEL)
@pytest.mark.parametrize("rule_id", SHARED)
def test_a_parallel_workflows_report_quotes_its_own_section(workflow_id, rule_id):
    workflow = BOOK.workflow(workflow_id)
    rules = [*(workflow.check_rules or []), *(getattr(workflow, "audit_rules", None) or [])]
    if rule_id not in rules:
        pytest.skip(f"{rule_id} is not a rule of {workflow_id}")
    sources = BOOK.sources
    own = {sources.item_of(c.model_dump()) for c in workflow.citation} - {()}
    chosen = sources.relevant([c.model_dump() for c in BOOK.rules[rule_id].citation], [c.model_dump() for c in workflow.citation])
    assert chosen and all(sources.item_of(c) in own for c in chosen), [c["lines"] for c in chosen]
