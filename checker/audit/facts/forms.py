"""The 三重一大 forms and their recipients (报送对象): 事前 report, 事中 slip, decision form."""

from __future__ import annotations

from checker.audit.facts.common import RoundCase
from checker.audit.record import Step
from checker.core.evaluator import Facts, fact_function

# (fact, message prefix, step key, profile key of the wanted recipients, default recipients)
FORMS = (
    ("pre_to_state", "pre", "pre_report", "pre_recipients", ["纪检"]),
    ("mid_to_state", "mid", "mid_report", "mid_recipients", ["纪检"]),
    ("post_state", "post", "post_filing", "post_recipients", ["政工", "纪检"]),
)


def recipients_state(steps: list[Step], wanted: list[str]) -> tuple[str, str, str]:
    """(state, recipients as recorded, wanted recipients not named)."""
    if not steps:
        return "absent", "", ""
    texts = [s.row.text("to") for s in steps]
    if not any(texts):
        return "blank", "", ""
    joined = "；".join(t for t in texts if t)
    missing = [w for w in wanted if w not in joined]
    return ("incomplete" if missing else "ok"), joined, "、".join(missing)


@fact_function(*(form[0] for form in FORMS))
def recipient_facts(case: RoundCase, out: Facts) -> None:
    for fact, prefix, step_key, profile_key, default in FORMS:
        wanted = case.profile.get(profile_key, default)
        state, text, missing = recipients_state(case.record.steps_of(step_key), wanted)
        out.facts[fact] = state
        out.values.update({f"{prefix}_to": text or "（未填）", f"{prefix}_missing": missing, f"{prefix}_wanted": "、".join(wanted)})
