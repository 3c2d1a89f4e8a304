"""The fund after the award (鹿泉区《部门职责登记表》, 专项资金管理工作): the finance bureau reviews,
allocates and disburses on the sector department's opinion, evaluates performance and inspects use;
the sector department runs the projects' implementation and acceptance (or completion evaluation).

A round record may carry these steps after its decision (财政审核, 资金拨付, 项目实施, 项目验收,
绩效评价, 监督检查; the 资金分配方案 is the 分配方案 step). Without any of them the lifecycle rules do
not apply. The order and the owners are rule parameters (``lifecycle_order``, ``lifecycle_owners``),
written as text the reader can check against the source.
"""

from __future__ import annotations

import re

from checker.audit.facts.common import RoundCase, day_text, deciding_meetings, names_unit, step_day
from checker.audit.record import Step, ends_before
from checker.core.evaluator import Facts, fact_function

# the steps after the decision (分配方案 precedes the 党组会 in the Weihai workflows)
LIFECYCLE_KEYS = ("finance_review", "disbursement", "implementation", "acceptance", "performance_eval", "fund_inspection")
_CHAIN_SPLIT = re.compile(r"[；;]")
_ARROW = re.compile(r"\s*(?:→|->|＞|>)\s*")
_ITEM_SPLIT = re.compile(r"[；;]")
_OWNER_SPLIT = re.compile(r"或|、|/")


def _lifecycle_steps(case: RoundCase) -> list[Step]:
    return [s for s in case.record.steps if s.key in LIFECYCLE_KEYS]


def _decision(case: RoundCase) -> Step | None:
    dated = [s for s in deciding_meetings(case.record.steps_of("meeting")) if s.date]
    return dated[0] if dated else None


def _row_text(step: Step) -> str:
    return f"{step.name} {step_day(step)}（{step.ref}）"


def _disclosure_end(case: RoundCase):
    """The last day of the workflow's 公示 (W-09: "对通过的项目（资金）在市工信局网站公示", 001:2978), or None."""
    from checker.audit.facts.disclosure import disclosures_by_stage  # same package; avoids a cycle at import

    if not case.profile.get("disclosure_stages"):
        return None
    ends = [item["end"] for items in disclosures_by_stage(case.record, case.stages).values() for item in items if item["end"]]
    return max(ends) if ends else None


@fact_function("lifecycle_state")
def lifecycle_facts(case: RoundCase, out: Facts) -> None:
    """Every lifecycle step is dated, none before the decision (the first dated 党组会 that passed it),
    and no disbursement before the 公示 the workflow holds is over (the seed does not say it must wait)."""
    steps = _lifecycle_steps(case)
    decision = _decision(case)
    undated = [s for s in steps if s.date is None]
    # h167: a fund step earlier on the decision's day than the meeting (财政审核 上午9时, 党组会 下午3时) is before it too:
    # its time was shown, the meeting's not, and the message said 之后. Compared as every order rule compares one day
    early = [s for s in steps if s.date and decision and (s.date < decision.date or s.date == decision.date
                                                           and ends_before(s.minutes, decision.minutes))]
    disclosure_end = _disclosure_end(case)
    paid_early = [s for s in steps if s.key == "disbursement" and s.date and disclosure_end and s.date <= disclosure_end]
    if not steps:
        state = "none"
    elif not case.record.steps_of("meeting") or decision is None:
        state = "no_decision"
    elif early:
        state = "before_decision"
    elif paid_early:
        state = "before_disclosure_end"
    elif undated:
        state = "undated"
    else:
        state = "ok"
    out.facts["lifecycle_state"] = state
    named = {"before_decision": [*early, decision], "before_disclosure_end": paid_early, "undated": undated}.get(state)
    if named:
        _name_rows(out, "lifecycle_state", named, [*steps, decision])
    out.values["decision_date"] = f"{step_day(decision)}（{decision.ref}）" if decision else "（未记录或无日期）"
    out.values["lifecycle_steps"] = "；".join(_row_text(s) for s in steps) or "（未记录）"
    out.values["lifecycle_early"] = "；".join(_row_text(s) for s in early)
    out.values["lifecycle_paid_early"] = "；".join(_row_text(s) for s in paid_early)
    out.values["disclosure_end"] = day_text(disclosure_end)
    out.values["lifecycle_undated"] = "；".join(f"{s.name}（{s.ref}）" for s in undated)


def _name_rows(out: Facts, fact: str, named: list[Step | None], checked: list[Step | None]) -> None:
    """The 流程节点 rows a failing or undecided finding of ``fact`` names, among those it checked: the
    timeline marks the named rows only (one wrong owner is not every fund step's)."""
    out.add("rows_named", {"fact": fact, "named": {s.row.number for s in named if s is not None},
                           "checked": {s.row.number for s in checked if s is not None}})


def parse_chains(text: str) -> list[list[str]]:
    """"分配方案→财政审核→资金拨付；资金拨付→监督检查" → [[分配方案, 财政审核, 资金拨付], [资金拨付, 监督检查]]."""
    return [[name.strip() for name in _ARROW.split(chain) if name.strip()] for chain in _CHAIN_SPLIT.split(text or "") if chain.strip()]


@fact_function("lifecycle_order_state")
def lifecycle_order_facts(case: RoundCase, out: Facts, *, lifecycle_order: str = "") -> None:
    """The dated lifecycle steps (and 分配方案) against the order the parameter states: an earlier
    step dated after a later one of the same chain is out of order (same day is in order)."""
    steps = _lifecycle_steps(case)
    chains = parse_chains(lifecycle_order)
    key_of = case.step_keys
    events = [s for s in case.record.steps if s.date and s.key in {key_of.get(n) for c in chains for n in c}]
    pairs = {(key_of.get(a), key_of.get(b)) for chain in chains for i, a in enumerate(chain) for b in chain[i + 1:]}
    violations = [f"“{a.name}” {a.date.isoformat()}（{a.ref}）晚于其后的“{b.name}” {b.date.isoformat()}（{b.ref}）"
                  for a in events for b in events if (a.key, b.key) in pairs and a.date > b.date]
    out.facts["lifecycle_order_state"] = "none" if not steps else ("out_of_order" if violations else "ok")
    if violations:
        _name_rows(out, "lifecycle_order_state", [s for a in events for b in events if (a.key, b.key) in pairs and a.date > b.date
                                                  for s in (a, b)], events)
    out.values["lifecycle_order_detail"] = "；".join(violations[:5]) + (f" 等 {len(violations)} 处" if len(violations) > 5 else "")
    out.values["lifecycle_order_expected"] = "；".join(" → ".join(chain) for chain in chains)


def parse_owners(text: str) -> dict[str, list[str]]:
    """"财政审核：财政；项目实施：业务主管部门；绩效评价：财政或业务主管部门" → {step: [owner words]}."""
    owners: dict[str, list[str]] = {}
    for item in _ITEM_SPLIT.split(text or ""):
        step, _, who = item.partition("：") if "：" in item else item.partition(":")
        if step.strip() and who.strip():
            owners[step.strip()] = [w.strip() for w in _OWNER_SPLIT.split(who) if w.strip()]
    return owners


@fact_function("lifecycle_owner_state")
def lifecycle_owner_facts(case: RoundCase, out: Facts, *, lifecycle_owners: str = "",
                          sector_department_words: str = "工信、工业和信息化、业务主管") -> None:
    """Each lifecycle row names its owner (发文单位/承办单位, or 备注): the finance bureau or the sector
    department (the bureau, or the round's 承办科室) as ``lifecycle_owners`` says."""
    owners = parse_owners(lifecycle_owners)
    sector = [w for w in _OWNER_SPLIT.split(sector_department_words) if w.strip()]
    if case.record.office:
        sector.append(case.record.office)
    blank, wrong = [], []
    named_rows: set[int] = set()
    steps = _lifecycle_steps(case)
    for step in steps:
        wanted = owners.get(step.name)
        if not wanted:
            continue
        text = "；".join(t for t in (step.row.text("issuer"), step.row.text("note")) if t)
        if not text:
            blank.append(f"{step.name}（{step.ref}）")
            named_rows.add(step.row.number)
            continue
        accepted = [w for owner in wanted for w in (sector if owner == "业务主管部门" else [owner])]
        if not any(w and names_unit(text, w) for w in accepted):
            shown = "；".join(t for t in (step.row.shown("issuer"), step.row.shown("note")) if t)
            wrong.append(f"{step.name}（{step.ref}）记为“{shown}”，应为{'或'.join(wanted)}")
            named_rows.add(step.row.number)
    state = "none" if not steps else ("wrong" if wrong else "blank" if blank else "ok")
    out.facts["lifecycle_owner_state"] = state
    if wrong or blank:
        _name_rows(out, "lifecycle_owner_state", [s for s in steps if s.row.number in named_rows],
                   [s for s in steps if owners.get(s.name)])
    # a fail names the rows left blank too: an inspector who fixes the wrong ones must not miss them
    out.values["lifecycle_owner_wrong"] = "；".join(wrong) + (f"；另有未写明承办部门的：{'、'.join(blank)}" if wrong and blank else "")
    out.values["lifecycle_owner_blank"] = "、".join(blank)
    out.values["lifecycle_owners"] = "；".join(f"{k}：{'或'.join(v)}" for k, v in owners.items())
