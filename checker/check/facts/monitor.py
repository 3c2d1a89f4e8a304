"""Projects under supervision (鹿泉区 运行二科: "对投资500万元以上的工业项目进行督导、协调"): a project
whose total investment passes the threshold must be on the supervision list (--supervision-list).
Whether "以上" counts the threshold itself is the rule's reading (``threshold_reading``)."""

from __future__ import annotations

from decimal import Decimal

from checker.check.context import ApplicationCase
from checker.check.facts.round import _listed
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc
from checker.core.values import format_decimal

OK = "ok"


def _plain(text: str) -> str:
    return nfkc(str(text or "")).replace(" ", "")


@fact_function("supervision_state", "over_threshold_state",
               values=("supervision_other_projects", "supervision_entries", "supervision_list_source", "threshold_shown"))
def monitor_facts(case: ApplicationCase, out: Facts, *, supervision_threshold_wan="500",
                  threshold_reading: str = "inclusive") -> None:
    application, facts, values = case.application, out.facts, out.values
    threshold = Decimal(str(supervision_threshold_wan))
    total = application.get("total_investment_wan")
    if total.state != OK:
        facts["over_threshold_state"] = total.state if total.state in ("absent", "unreadable") else "absent"
    elif total.value > threshold or (threshold_reading == "inclusive" and total.value == threshold):
        facts["over_threshold_state"] = "above"
    else:
        facts["over_threshold_state"] = "not_above"
    uscc = application.get("uscc")
    register = case.context.supervision_list
    facts["supervision_state"], entries = _listed(register, uscc.value if uscc.state == OK else None, case.on,
                                                  "listed", "not_listed")
    # a list that names projects is matched by project too: one enterprise may have several projects
    values["supervision_other_projects"] = "无"
    project = application.get("project_name")
    if entries and project.state == OK and any(e.project for e in entries):
        wanted = _plain(project.value)
        others = entries
        # an entry naming no project covers the enterprise's projects (matched by its code alone)
        entries = [e for e in entries if not _plain(e.project) or _plain(e.project) == wanted]
        if not entries:
            facts["supervision_state"] = "not_listed"
            values["supervision_other_projects"] = "；".join(e.describe() for e in others)
    # entries dated after the reference date do not count yet, but the report says they are there
    later = [e for e in register.by_uscc.get(uscc.value, []) if e.date > case.on] \
        if register is not None and uscc.state == OK and case.on is not None else []
    if later:  # shown with the enterprise's other entries (the fail message's last part)
        values["supervision_other_projects"] += (f"；清单中该单位另有列入日期晚于参考日期 {case.on.isoformat()} 的条目（参考日期时尚未列入）："
                                                 + "；".join(e.describe() for e in later))
    values["supervision_entries"] = "；".join(entry.describe() for entry in entries)
    values["supervision_list_source"] = register.name if register is not None else ""
    values["threshold_shown"] = format_decimal(threshold)
