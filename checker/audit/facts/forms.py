"""The 三重一大 forms and their recipients (报送对象): 事前 report, 事中 slip, decision form."""

from __future__ import annotations

from checker.audit.facts.common import RoundCase, names_unit, stage_decided, step_day
from checker.audit.facts.steps import put_moment
from checker.audit.record import Moment, Step, first_moment, latest_moment
from checker.core.evaluator import Facts, fact_function

# (fact, message prefix, step key, profile key of the wanted recipients, default recipients)
FORMS = (
    ("pre_to_state", "pre", "pre_report", "pre_recipients", ["纪检"]),
    ("review_to_state", "review", "review_report", "review_recipients", ["纪检"]),
    ("mid_to_state", "mid", "mid_report", "mid_recipients", ["纪检"]),
    ("post_state", "post", "post_filing", "post_recipients", ["政工", "纪检"]),
)


# The profile names recipients by a word any way of writing them contains; reports use the full name.
RECIPIENT_NAMES = {"纪检": "派驻纪检监察组", "政工": "局政工科"}


def recipient_name(word: str) -> str:
    return RECIPIENT_NAMES.get(word, word)


def delivered(steps: list[Step], wanted: list[str]):
    """The day of :func:`delivered_moment`, or None."""
    moment = delivered_moment(steps, wanted)
    return moment.date if moment is not None else None


def delivered_moment(steps: list[Step], wanted: list[str]) -> Moment | None:
    """When every wanted recipient had the form (its day and, h166, the times its rows write): a form sent to 局政工科
    on one row and to the 纪检组 on another reached both at the later of the two (each recipient's first moment). When
    some recipient is named on no dated row, the first moment of all (the recipients rule says who is missing). None
    without a dated row, or when a recipient is named only on rows with no date: when it had the form is not known (the
    earliest row's date would pass a form it may have had late)."""
    dated = [s for s in steps if s.date]
    if not dated:
        return None
    firsts = [first_moment([s for s in dated if names_unit(s.row.text("to"), w)]) for w in wanted]
    if firsts and all(firsts):
        return latest_moment(firsts)
    if any(first is None and any(names_unit(s.row.text("to"), w) for s in steps) for first, w in zip(firsts, wanted)):
        return None
    return first_moment(dated)


def recipients_state(steps: list[Step], wanted: list[str]) -> tuple[str, str, str]:
    """(state, recipients as recorded, wanted recipients not named). Each stage's form is judged
    by itself, over all its rows (a form sent to each recipient on a row of its own): too few
    recipients is ``incomplete``, a row without any is ``blank`` (the same whether the 报送对象
    column is blank or absent)."""
    if not steps:
        return "absent", "", ""
    texts = [s.row.text("to") for s in steps]
    stages: dict[object, list[str]] = {}
    for step, text in zip(steps, texts):
        stages.setdefault(step.stage, []).append(text)
    missing = list(dict.fromkeys(w for group in stages.values() if any(group) for w in wanted
                                 if not any(names_unit(t, w) for t in group if t)))
    state = "incomplete" if missing else ("blank" if not all(texts) else "ok")
    # shown as written, each recipient once: two rows for one form to one recipient read "派驻纪检监察组；派驻纪检监察组"
    joined = "；".join(dict.fromkeys(s.row.shown("to") for s, t in zip(steps, texts) if t))
    return state, joined, "、".join(recipient_name(w) for w in missing)


@fact_function(*(form[0] for form in FORMS))
@stage_decided()  # a row whose stage is not told: see common.stage_decided (h135)
def recipient_facts(case: RoundCase, out: Facts) -> None:
    for fact, prefix, step_key, profile_key, default in FORMS:
        wanted = case.profile.get(profile_key, default)
        steps = case.record.steps_of(step_key)
        state, text, missing = recipients_state(steps, wanted)
        moment = delivered_moment(steps, wanted)
        if moment is None and step_key in ("pre_report", "review_report") and any(s.date for s in steps):
            # a recipient named only on an undated row: when every recipient had the report is not known
            out.facts[f"{step_key}_state"] = "undated"
            out.values[f"{step_key}_date"] = "（日期缺失或无法识别）"
        if moment is not None and step_key in ("pre_report", "review_report"):
            # W-09 "分别报送局政工科和派驻纪检监察组" (001:2961): each on a row of its own; the report came
            # before the notice (or the review) only if every recipient's did
            put_moment(out, step_key, moment)
        out.facts[fact] = state
        out.values.update({f"{prefix}_to": text or "（未填）", f"{prefix}_missing": missing,
                           f"{prefix}_wanted": "、".join(recipient_name(w) for w in wanted)})


@fact_function("notice_joint_state")
def joint_notice_facts(case: RoundCase, out: Facts) -> None:
    """W-06: "市工信局会同市委组织部共同行文开展申报工作": the notice is issued jointly. The 发布申报通知
    row shows it in 发文单位 (or in its 文号/材料, 备注). A 发文单位 that names only the bureau is a
    fail; a row that says nothing of the issuers cannot be judged."""
    partner = str(case.profile.get("joint_notice_with") or "组织部")
    notices = case.record.steps_of("notice")
    texts = [(s, s.row.text("issuer"), s.row.text("doc") + s.row.text("note")) for s in notices]
    # named, not merely mentioned: "未会同市委组织部发文" or "市工信局（市委组织部未会签）" says the notice
    # was not issued jointly (names_unit reads each cell's parts with their negation)
    cells = [text for s in notices for text in (s.row.text("issuer"), s.row.text("doc"), s.row.text("note")) if text]
    if not notices:
        state = "absent"
    elif any(names_unit(text, partner) for text in cells):
        state = "joint"
    elif any(issuer for _, issuer, _ in texts) or any(partner in text for text in cells):
        state = "single"
    else:
        state = "unrecorded"
    out.facts["notice_joint_state"] = state
    out.values["notice_issuers"] = "；".join(
        f"{s.row.shown('issuer') or '（发文单位未填）'}，{'；'.join(filter(None, (s.row.shown('doc'), s.row.shown('note')))) or '文号未填'}（{s.ref}）"
        for s, _, _ in texts) or "（未记录发布申报通知）"


@fact_function("supervision_report_state")
def supervision_facts(case: RoundCase, out: Facts) -> None:
    """W-16: "项目落实及监督管理情况的检查结果由服务体系建设科报送派驻纪检监察组。没有报送的，视为没有进行
    监督管理。" The 监督报告 row, sent to the 纪检组, after the decision."""
    reports = case.record.steps_of("supervision")
    meetings = sorted(s.date for s in case.record.steps_of("meeting") if s.date)
    texts = [s.row.text("to") for s in reports]
    dated = sorted(s.date for s in reports if s.date)
    if not reports:
        state = "absent"
    elif not any(texts):
        state = "blank"
    elif not any(names_unit(t, "纪检") for t in texts):
        state = "incomplete"
    elif not dated:
        state = "undated"
    elif meetings and dated[-1] < meetings[0]:
        state = "before_meeting"
    else:
        state = "ok"
    out.facts["supervision_report_state"] = state
    out.values["supervision_detail"] = "；".join(
        f"{step_day(s)} 报送“{s.row.shown('to') or '未填'}”（{s.ref}）" for s in reports) or "（未记录）"
