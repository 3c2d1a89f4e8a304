"""Facts every step gives by itself (rules/steps.yaml), and whether the round involves money."""

from __future__ import annotations

import re

from checker.audit.facts.common import RoundCase, names_unit
from checker.audit.record import Moment, first_moment
from checker.core.evaluator import Facts, fact_function
from checker.core.values import date_int


# h166: two steps of one day were in order whatever the times their cells write (专家评审 2020-04-10 上午9时 and the
# 评审同意 it needs 2020-04-10 下午3时: PROC-3I1L-REVIEW said 顺序符合要求 while PROC-STEP-ORDER named the pair). Each
# step's moment (record.first_moment) is also given as the earliest and latest minute it can be, yyyymmddhhmm
# (<key>_from, <key>_until): a cell without a time is the whole day (0000-2359), 上午 0000-1159, 9时 0900-0900. The order
# rules compare one step's _from with the other's _until: out of order only where the later step ends before the
# earlier can begin, which on two days is the days' order and on one day needs both times (record.certainly_after).
def put_moment(out: Facts, key: str, moment: Moment) -> None:
    """<key>_date (yyyymmdd), <key>_from and <key>_until (yyyymmddhhmm) of ``moment``; the value shown is its day with
    the time its row writes (2020-04-10 下午3时), the reading the comparison used."""
    out.facts[f"{key}_date"] = date_int(moment.date)
    out.facts[f"{key}_from"], out.facts[f"{key}_until"] = moment.stamps
    out.values[f"{key}_date"] = moment.shown


@fact_function("funds_state", "district_step")
def step_facts(case: RoundCase, out: Facts) -> None:
    """<key>_state: dated | undated | unreadable | absent; <key>_date: the earliest readable date, <key>_from and
    <key>_until its moment (see put_moment)."""
    record, facts, values = case.record, out.facts, out.values
    values.update({"round_id": record.round_id, "workflow": record.workflow_id, "field": record.field or "（未填）"})
    # each step's fact key once, in the order of its first name: ~70 names and aliases give fewer keys,
    # and a key met again wrote the same facts again
    for key in dict.fromkeys(case.step_keys.values()):
        rows = record.steps_of(key)
        if not rows:
            facts[f"{key}_state"] = "absent"
            values[f"{key}_date"] = "（未记录）"
            continue
        moment = first_moment(rows)
        if moment is not None:
            facts[f"{key}_state"] = "dated"
            put_moment(out, key, moment)
        else:
            facts[f"{key}_state"] = "unreadable" if any(s.date_state == "unreadable" for s in rows) else "undated"
            values[f"{key}_date"] = "（日期缺失或无法识别）"
    facts["funds_state"] = {True: "yes", False: "no", None: "unknown"}[record.has_funds]
    # the districts' step as the workflow's own section words it: W-05's 001:2422 names the districts'
    # 初审 only, the others (001:4062 …) a written recommendation after review (区市推荐)
    facts["district_step"] = case.profile.get("district_step") or "recommend"


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


# the plan a 党组会 studied, named on the meeting's own row (文号/材料 评审排名结果: 001:2824 评审排名结果提交局党组会
# 研究讨论): the plan existed when the meeting sat, though no row of its own records it (h94)
_PLAN_WORDS = re.compile(r"分配方案|拟认定名单|拟支持名单|评审排名|排名结果|排序结果|评审结果")


@fact_function("meeting_plan_doc")
def meeting_plan_facts(case: RoundCase, out: Facts) -> None:
    """meeting_plan_doc: ``recorded`` when a 党组会 row's 文号/材料 names the plan it studied, else ``none``."""
    named = [s for s in case.record.steps_of("meeting") if _PLAN_WORDS.search(s.row.text("doc") or "")]
    out.facts["meeting_plan_doc"] = "recorded" if named else "none"
    out.values["meeting_plan_doc"] = "、".join(f"“{s.row.shown('doc')}”（{s.row.ref('doc')}）" for s in named) or "（未记录）"


# who gave a consent the seed reserves to the 派驻纪检监察组 (纪检组同意, 评审同意): another approver named
# and the 纪检组 not (分管局长签批同意; 局长办公会同意，纪检组未签批) is no consent of the 纪检组
_OTHER_APPROVERS = re.compile(r"局长|局领导|分管|科长|主任|办公会|党组|政工科|办公室|书记|主要领导|处长")


@fact_function("consent_by", "review_consent_by")
def consent_author_facts(case: RoundCase, out: Facts) -> None:
    """consent_by / review_consent_by: ``jjz`` (a row names the 纪检组), ``other`` (the rows name another
    approver and never the 纪检组), ``unstated`` (they name no one), ``denied`` (no such step, but a row of
    it records that the 纪检组 did not consent: INP-ROUND-CONSENT-DENIED), ``absent`` (no such step)."""
    for key in ("consent", "review_consent"):
        rows = case.record.steps_of(key)
        texts = [(s, "；".join(t for t in (s.row.text(c) for c in ("doc", "note", "to", "issuer")) if t)) for s in rows]
        refused = [(row, column) for k, row, column in case.record.refused_consents if k == key]
        out.values[f"{key}_denied_detail"] = "；".join(
            f"“{row.shown(column)}”（{row.ref(column)}）" for row, column in refused) or "（无）"
        if not rows and refused:
            state = "denied"
        elif not rows:
            state = "absent"
        elif any(names_unit(text, "纪检") for _, text in texts):
            state = "jjz"
        elif any(_OTHER_APPROVERS.search(text) for _, text in texts):
            state = "other"
        else:
            state = "unstated"
        out.facts[f"{key}_by"] = state
        out.values[f"{key}_by_detail"] = "；".join(
            f"“{'；'.join(t for t in (s.row.shown(c) for c in ('doc', 'note', 'to', 'issuer')) if t)}”（{s.ref}）"
            for s, text in texts if text) or "（未写明）"
