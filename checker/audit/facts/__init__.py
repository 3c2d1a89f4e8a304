"""Round record → the typed facts the audit rules compare, one topic per module.

Every judgement that needs more than one comparison is made here and handed to the rules as a
state (e.g. ``mid_state: ok|late|absent|undated|no_meeting|calendar_unknown``); the rules only
compare. A fact that cannot be known is a state such as ``undated`` or ``calendar_unknown`` that the
rules turn into ``missing``, never a pass. The words of every fact are declared in
rules/facts/round.yaml (and rules/steps.yaml for the per-step facts).
"""

from checker.audit.facts.archive import archive_facts, decision_trail_facts, process_sheet_facts
from checker.audit.facts.common import RoundCase, RoundContext
from checker.audit.facts.disclosure import (disclosure_channel_facts, disclosure_facts, disclosure_gate_facts,
                                            disclosure_objection_facts, stage2_recognised_facts)
from checker.audit.facts.draw import conflict_facts, draw_facts, unspecified_panel_facts
from checker.audit.facts.forms import joint_notice_facts, recipient_facts, supervision_facts
from checker.audit.facts.lifecycle import lifecycle_facts, lifecycle_order_facts, lifecycle_owner_facts
from checker.audit.facts.meeting import meeting_facts, mid_report_facts, post_filing_facts, two_stage_facts
from checker.audit.facts.order import order_facts
from checker.audit.facts.recommend import (city_notice_facts, consultation_facts, countersign_facts, diagnosis_facts,
                                          final_step_facts, proposed_count_facts, province_list_facts, quota_review_facts)
from checker.audit.facts.steps import consent_author_facts, credit_check_facts, meeting_plan_facts, step_facts

ROUND_FACT_FUNCTIONS = [
    step_facts, credit_check_facts, meeting_plan_facts, consent_author_facts, recipient_facts, joint_notice_facts, supervision_facts, meeting_facts, mid_report_facts,
    post_filing_facts, two_stage_facts, order_facts, draw_facts, conflict_facts, unspecified_panel_facts, disclosure_facts,
    disclosure_gate_facts, disclosure_objection_facts, disclosure_channel_facts, stage2_recognised_facts, archive_facts, decision_trail_facts, process_sheet_facts,
    city_notice_facts, quota_review_facts, proposed_count_facts, final_step_facts, countersign_facts, consultation_facts, province_list_facts,
    diagnosis_facts, lifecycle_facts, lifecycle_order_facts, lifecycle_owner_facts,
]

__all__ = ["ROUND_FACT_FUNCTIONS", "RoundCase", "RoundContext"]
