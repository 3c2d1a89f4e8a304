"""Recommendation rounds of the green development section (W-17 … W-23): the provincial notice and
the city notice, the quota that calls for an expert meeting, countersignatures by other departments,
consultation, the report upward or the publication document, the province's list conditions, and
the W-23 diagnosis service per enterprise.

What a profile says about its workflow (rules/workflows/W-17.yaml …):

- ``countersign_units``: words naming the countersigning departments (``[市场监管]``);
- ``countersign_before``: the steps each countersignature precedes, in order (W-20: ``[联合发文, 报省]``,
  a countersignature before the joint notice and another before the recommendation);
- ``consultation``: ``required`` (the seed says 征求…意见) or ``if_needed`` (W-18: 必要时);
- ``consult_units``: the departments the seed names for the consultation (W-20: ``[市场监管]``);
- ``final_step``: 报省 or 下发公布文件, the step the round ends with.
"""

from __future__ import annotations

import datetime as dt
import re

from checker.audit.facts.common import RoundCase, step_day
from checker.audit.record import SHEET_DIAG, Moment, Step, certainly_after, count_in_words, first_moment
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc

# how a row names departments: 报送对象, 备注, 发文单位 (and 文号/材料 for a joint document)
_UNIT_COLUMNS = ("to", "note", "issuer")
UNIT_NAMES = {"市场监管": "市市场监管局", "发展改革": "市发展改革委", "水务": "市水务局", "财政": "市财政局"}


# "不需要市市场监管局会签" names the unit only to say it did not sign: a name preceded, in its own
# clause, by a negation does not count as the unit having countersigned or joined
_NEGATION = re.compile(r"(不需要|无需|不需|不必|未经|未|没有|无|不)\s*(?:威海市|本市|市)?\s*$")  # 不需要市<unit>
_CLAUSE = re.compile(r"[；;，,、。\s]")
# …and a name followed, in its clause, by what the unit did not do: 市水务局（未会签）, 市水务局未会签,
# 市发改委不同意, 市场监管局拒签, 市水务局（不参加联合发文）. 无意见 (consulted, no objection) and 未反馈
# (asked, no reply yet) are not such words: the unit took part or was asked
# (无需会签, 无须参加: the unit was left out, as 不需要 before its name says; 无意见 is not such a word)
_AFTER_NEGATION = re.compile(r"(?:尚|暂|仍)?(?:未|没有?|不|拒绝?)(?:会签|签|盖章|同意(?!见)|参加|参与|联合|征求|需要|需|必)|拒签|退回"
                             r"|(?:无需|无须|毋须|不用)(?:会签|签|盖章|参加|参与|联合|征求)"
                             # not yet signed: 待会签, 正在会签, 会签中 (a reply awaited, 未反馈, is the consultation's own matter)
                             r"|(?:尚待|待|正在)(?:会签|签|盖章)|会签中")


# the names departments go by besides the profile's word: 威海市市场监督管理局 (its official name),
# 市发展和改革委员会 and 发改委 (the seed itself writes 发改（能源）主管部门, 001:4634), a 水利局 for 水务
UNIT_ALIASES = {"市场监管": ("市场监管", "市场监督管理", "市监局"), "发展改革": ("发展改革", "发展和改革", "发改"),
                "水务": ("水务", "水利")}


# a later clause of the brackets after a name saying the signature is not back: 市水务局（已送会签，未返回）,
# （已送会签，尚未签回）, （已送，待返回）. Only these words: （已会签，不需要修改） is a signature
_NOT_BACK = re.compile(r"(?:尚|暂|仍)?(?:未|没有?)(?:返回|签回|回签|收回|返签|会签|签署|签字|签章|盖章)"
                       r"|(?:尚待|待|正在)(?:返回|签回|回签|会签|签|盖章)|会签中|拒签"
                       # 退回 is a refusal; 无需退回, 未被退回 say there was none (市水务局已送会签并签回，无需退回)
                       r"|(?<!无需)(?<!无须)(?<!不需)(?<!不必)(?<!不用)(?<!未被)(?<!没被)(?<!没有被)退回")
# the brackets after a name (and the rest of the name: 水务 found in 市水务局)
_BRACKETED = re.compile(r"[^\s(（\[【；;，,、。]*\s*[(（\[【]([^)）\]】]*)[)）\]】]?")


def _sent_not_back(rest: str) -> bool:
    """The same without brackets: 市水务局已送会签，未返回 (sent, then a clause saying it is not back);
    a next clause naming another unit (市水务局已送会签，市场监管局未会签) speaks of that unit."""
    clauses = _CLAUSE.split(rest, maxsplit=2)
    return (len(clauses) > 1 and "送" in clauses[0] and bool(_NOT_BACK.search(clauses[1]))
            and not _OFFICE_WORD.search(_NO_UNIT_WORDS.sub("", clauses[1])))


_OFFICE_WORD = re.compile(r"[局委厅办部院所]")
# words holding 办, 部 or 所 that name no unit: 未返回（正在催办）, 经办人未返回 were read as another unit's clause
_NO_UNIT_WORDS = re.compile(r"催办|督办|经办|办理|办结|承办人|全部|部分|所有|所需")


def names_unit(text: str, unit: str) -> bool:
    """Whether ``text`` names ``unit`` (or a name it goes by) as taking part (not "不需要<unit>", "未经<unit>",
    "<unit>（未会签）", "<unit>（已送会签，未返回）": every clause of the brackets after the name is read)."""
    for name in UNIT_ALIASES.get(unit, (unit,)):
        for match in re.finditer(re.escape(name), text):
            clause = _CLAUSE.split(text[:match.start()])[-1]
            after = _CLAUSE.split(text[match.end():])[0]
            if _NEGATION.search(clause) or _AFTER_NEGATION.search(after):
                continue
            # the rest of a bracket after the name: 已送会签 opens it, 未返回 after the comma says it is not back
            bracketed = _BRACKETED.match(text, match.end())
            if bracketed and _NOT_BACK.search(bracketed.group(1)):
                continue
            if _sent_not_back(text[match.end():]):
                continue
            return True
    return False


# a 文号/材料 (or 决议内容) cell that says there is none: 无, 暂无, 未形成专家意见, "/" or a dash, as
# clerks fill a cell they cannot leave blank; such a step records no document, as a blank cell
_NO_DOCUMENT = re.compile(r"(?:无|暂无|没有|未形成\S*|未出具\S*|尚未\S*|未\S*意见|空白?|[-—–－/／\\、.。·…_]+)", re.IGNORECASE)


def records(text: str) -> bool:
    """Whether a 文号/材料 or 决议内容 cell records something (not blank, not a word for none)."""
    plain = re.sub(r"\s+", "", nfkc(text or ""))
    return bool(plain) and not _NO_DOCUMENT.fullmatch(plain)


def unit_name(word: str) -> str:
    return UNIT_NAMES.get(word, word)


def _units_text(step: Step, columns=_UNIT_COLUMNS) -> str:
    return "；".join(t for t in (step.row.text(c) for c in columns) if t)


def _units_shown(step: Step, columns=_UNIT_COLUMNS) -> str:
    """:func:`_units_text` as written (for a message)."""
    return "；".join(t for t in (step.row.shown(c) for c in columns) if t)


def _first_dated(steps: list[Step]) -> Step | None:
    dated = sorted((s for s in steps if s.date), key=lambda s: s.date)
    return dated[0] if dated else None


def _describe(steps: list[Step], what, empty: str = "（未记录）") -> str:
    """The steps as a report shows them: what each says (``what(step)``) and its row, or ``empty``."""
    return "；".join(f"{what(s)}（{s.ref}）" for s in steps) or empty


def _dated_doc(step: Step) -> str:
    return f"{step_day(step)} {step.row.shown('doc') or '文号未填'}"


@fact_function("city_notice_order_state")
def city_notice_facts(case: RoundCase, out: Facts) -> None:
    """"收到省通知后，结合我市实际，起草通知下发各区市": the city notice (发布通知, or the joint notice
    联合发文 of W-20/W-21) on or after the provincial one (省通知)."""
    record = case.record
    province = record.steps_of("province_notice")
    city = record.steps_of("city_notice") + record.steps_of("joint_notice")
    first_province, first_city = first_moment(province), first_moment(city)  # h166: with the times the rows write
    if not city:
        state = "notice_absent"
    elif first_city is None:
        state = "notice_undated"
    elif not province:
        state = "province_absent"
    elif first_province is None:
        state = "province_undated"
    elif certainly_after(first_province, first_city):
        state = "before_province"
    else:
        state = "ok"
    out.facts["city_notice_order_state"] = state
    out.values["province_notice_detail"] = _describe(province, _dated_doc, "（未记录省通知）")
    out.values["city_notice_detail"] = _describe(city, lambda s: f"{s.name} {_dated_doc(s)}", "（未记录本市通知）")


@fact_function("quota_review_state")
def quota_review_facts(case: RoundCase, out: Facts, *, city_list_quota: str = "province") -> None:
    """"申报数量超过省里规定数量的，召开专家论证会（评审会），对上报材料进行技术性审查，形成专家意见": when
    轮次.申报数量 exceeds 轮次.省定推荐数量, a dated 专家论证会 with its opinion (文号/材料) before the
    proposed list. ``city_list_quota``: whether the provincial number also governs a city-level list
    (W-18): ``province`` (as written) or ``none``."""
    record = case.record
    count, quota = record.application_count, record.province_quota
    meetings = record.steps_of("expert_meeting")
    lists = record.steps_of("proposed_list")
    meeting, proposed = first_moment(meetings), first_moment(lists)
    city_list = case.profile.get("list_level") == "city"
    if city_list and city_list_quota == "none":
        state = "city_no_quota"
    elif count is None:
        state = "count_unknown"
    elif quota is None:
        state = "quota_unknown"
    elif count <= quota:
        state = "not_needed"
    elif not meetings:
        state = "absent"
    elif meeting is None:
        state = "undated"
    elif not any(records(s.row.text("doc")) for s in meetings):
        state = "no_opinion"
    elif proposed is None:
        state = "no_list"
    elif certainly_after(meeting, proposed):
        state = "after_list"
    else:
        state = "ok"
    out.facts["quota_review_state"] = state
    round_row = record.round_row
    shown = {name: (round_row.text(name) if round_row is not None else "") for name in ("application_count", "province_quota")}
    for name, number in (("application_count", count), ("province_quota", quota)):
        # a count read out of words (共12家, 不超过5家) is shown as the number, then as written
        if number is not None and count_in_words(name, shown[name]):
            shown[name] = f"{number}（{shown[name]}）"
    out.values["application_count"] = shown["application_count"] or "（未填）"
    out.values["province_quota"] = shown["province_quota"] or "（未填）"
    if state == "no_opinion":
        # what is missing is the opinion: the 文号/材料 cells are named, in the message and the evidence
        out.values["expert_meeting_detail"] = "；".join(
            f"{s.date.isoformat() if s.date else step_day(s)}，专家意见：{s.row.shown('doc') or '未填'}（{s.row.ref('doc')}）" for s in meetings)
        for s in meetings:
            out.add("cells", {"fact": "quota_review_state", "label": "专家论证会 文号/材料", "value": s.row.shown("doc") or None,
                              "replace": s.ref, "by": s.row.ref("doc")})
    else:
        out.values["expert_meeting_detail"] = _describe(
            meetings, lambda s: f"{step_day(s)}，专家意见：{s.row.shown('doc') or '未填'}", "（未记录专家论证会）")
    out.values["proposed_list_date"] = proposed.shown if proposed else "（未记录或无日期）"


def _final_doc_state(steps: list[Step]) -> str:
    if not steps:
        return "absent"
    if _first_dated(steps) is None:
        return "undated"
    return "ok" if any(records(s.row.text("doc")) for s in steps) else "no_doc"


@fact_function("report_doc_state", "publication_doc_state")
def final_step_facts(case: RoundCase, out: Facts) -> None:
    """The step a round ends with, with its document: 报省 (起草上报请示（报告）报省工信厅) or, for the
    city-level list of W-18, 下发公布文件."""
    for fact, key, prefix in (("report_doc_state", "report_province", "report"), ("publication_doc_state", "publication", "publication")):
        steps = case.record.steps_of(key)
        out.facts[fact] = _final_doc_state(steps)
        out.values[f"{prefix}_detail"] = _describe(steps, _dated_doc)


def _final_step(case: RoundCase) -> tuple[str, Moment | None]:
    name = str(case.profile.get("final_step") or "报省")
    key = case.step_keys.get(name, "report_province")
    return name, first_moment(case.record.steps_of(key))


@fact_function("cosign_state", "joint_report_state")
def countersign_facts(case: RoundCase, out: Facts) -> None:
    """"商请市市场监管局会签 … 联合市市场监管局会签文件" (W-20), "商请市发展改革、水务、市场监管部门会签 …
    会同有关部门联合行文报工业和信息化厅" (W-21). Each entry of ``countersign_before`` is a point: the
    会签 rows dated after the previous point's step and no later than this one's must name every
    unit. ``countersign_after`` names, for a point, a step its 会签 comes no earlier than (W-20: "6. 征求
    市市场监管局意见。7. 联合市市场监管局会签文件", 001:4679-4680). A 会签 row naming no unit is ``no_unit``
    (the finding names the row)."""
    wanted = [str(w) for w in case.profile.get("countersign_units") or []]
    points = [str(p) for p in case.profile.get("countersign_before") or []]
    after = {str(k): str(v) for k, v in (case.profile.get("countersign_after") or {}).items()}
    rows = case.record.steps_of("countersign")
    states: list[str] = []
    details: list[str] = []
    if not rows:
        states.append("absent")
    for row in rows:
        if not _units_text(row):
            states.append("no_unit")
            details.append(f"{row.ref} 的会签未写明会签单位（报送对象或备注）")
        if row.date is None:
            states.append("undated")
            details.append(f"{row.ref} 的会签日期缺失或无法识别")
    previous: Moment | None = None
    # h166: each row against the points by the times the rows write too (a 会签 at 下午4时 on the day of a 报省 at 上午9时
    # came after it): record.certainly_after, the reading of every order rule
    moments = {id(r): first_moment([r]) for r in rows}
    for point in points:
        target = first_moment(case.record.steps_of(case.step_keys.get(point, "")))
        if target is None:
            states.append("target_undated")
            details.append(f"未记录“{point}”或其日期，无法判断其前的会签")
            break
        since = first_moment(case.record.steps_of(case.step_keys.get(after[point], ""))) if point in after else None
        window = [r for r in rows if r.date and (previous is None or certainly_after(moments[id(r)], previous))
                  and not certainly_after(moments[id(r)], target) and (since is None or not certainly_after(since, moments[id(r)]))]
        where = f"“{point}”（{target.shown}）前" + (f"、“{after[point]}”（{since.shown}）后" if since else "")
        named = "；".join(_units_text(r) for r in window)
        lacking = [unit_name(w) for w in wanted if not names_unit(named, w)]
        if not window:
            states.append("point_missing")
            details.append(f"{where}没有会签")
        elif lacking:
            states.append("unit_missing")
            details.append(f"{where}的会签未含{'、'.join(lacking)}："
                           + "；".join(f"{moments[id(r)].shown} {_units_shown(r) or '未写明单位'}（{r.ref}）" for r in window))
        else:
            details.append(f"{where}已会签："
                           + "；".join(f"{moments[id(r)].shown} {_units_shown(r)}（{r.ref}）" for r in window))
        previous = target
    order = ("absent", "no_unit", "point_missing", "unit_missing", "undated", "target_undated")
    out.facts["cosign_state"] = next((s for s in order if s in states), "ok")
    out.values["countersign_detail"] = "；".join(details) or "（未记录会签）"
    out.values["countersign_wanted"] = "、".join(unit_name(w) for w in wanted) or "（流程未规定）"
    # the joint report upward: the 报省 row names the countersigning units as co-issuers
    reports = case.record.steps_of("report_province")
    texts = [_units_text(s, ("issuer", "note")) for s in reports]
    joined = "；".join(t for t in texts if t)
    if not reports:
        joint = "absent"
    elif not joined:
        joint = "unrecorded"
    elif all(names_unit(joined, w) for w in wanted):
        joint = "joint"
    elif any(names_unit(joined, w) for w in wanted):
        joint = "partial"
    else:
        joint = "single"
    out.facts["joint_report_state"] = joint
    out.values["joint_report_detail"] = _describe(
        reports, lambda s: f"{step_day(s)} 发文单位：{s.row.shown('issuer') or '未填'}", "（未记录报省）")
    out.values["joint_report_missing"] = "、".join(unit_name(w) for w in wanted if not names_unit(joined, w))


@fact_function("consult_state")
def consultation_facts(case: RoundCase, out: Facts) -> None:
    """征求有关部门意见: required where the seed says so (W-20, W-21), only "必要时" in W-18. Recorded,
    dated, before the round's final step."""
    rows = case.record.steps_of("consultation")
    required = str(case.profile.get("consultation") or "required") == "required"
    wanted = [str(w) for w in case.profile.get("consult_units") or []]
    consulted = "；".join(_units_text(s) for s in rows)
    final_name, final = _final_step(case)
    first = first_moment(rows)
    if not rows:
        state = "absent" if required else "optional_absent"
    elif first is None:
        state = "undated"
    elif final is not None and certainly_after(first, final):
        state = "after_final"
    elif any(not names_unit(consulted, w) for w in wanted):
        state = "unit_missing"
    elif not any(records(_units_text(s)) for s in rows):
        state = "unit_unnamed"  # 征求意见 dated, whom it asked unrecorded (报送对象 blank or 无)
    else:
        state = "ok"
    out.facts["consult_state"] = state
    out.values["consult_wanted"] = "、".join(unit_name(w) for w in wanted) or "有关部门"
    out.values["consult_detail"] = _describe(
        rows, lambda s: f"{step_day(s)} 征求{_units_shown(s) if records(_units_text(s)) else '（部门未写明）'}意见",
        "（未记录征求意见）")
    out.values["final_step"] = final_name
    out.values["final_step_date"] = final.shown if final else "（未记录或无日期）"


@fact_function("province_list_state")
def province_list_facts(case: RoundCase, out: Facts) -> None:
    """W-22: "根据省里确定的推荐条件和要求，提出建议推荐名单": the list (初步建议名单, its 决议内容) and the
    provincial notice that sets the conditions (省通知, its 文号) are recorded, so the list can be
    checked against the conditions (fundcheck check with the conditions file)."""
    lists = case.record.steps_of("proposed_list")
    notices = case.record.steps_of("province_notice")
    if not lists:
        state = "no_list"
    elif not any(records(s.row.text("resolution")) for s in lists):
        state = "list_blank"
    elif not notices:
        state = "no_notice"
    elif not any(records(s.row.text("doc")) for s in notices):
        state = "notice_no_doc"
    else:
        state = "ok"
    out.facts["province_list_state"] = state
    out.values["proposed_list_detail"] = _describe(
        lists, lambda s: f"{step_day(s)} 名单：{s.row.shown('resolution') or '未填'}", "（未记录初步建议名单）")


@fact_function("diagnosis_state")
def diagnosis_facts(case: RoundCase, out: Facts) -> None:
    """W-23: "督促需求企业和服务机构达成服务协议 … 汇总全市企业诊断报告": every enterprise of the
    诊断服务 sheet has a dated service agreement and a dated diagnosis report not before it, and the
    reports are summarised (诊断报告汇总) no earlier than the last report."""
    record = case.record
    items = record.diagnoses
    problems: list[tuple[str, str]] = []
    for item in items:
        row, name = item["row"], item["enterprise"]
        if not name:
            # a line of dates with no enterprise cannot stand for any enterprise's service: neither
            # counted as one nor failed as one, it goes to the inspector naming its cell
            problems.append(("no_name", f"{row.ref('enterprise')} 未填写企业名称"))
        elif item["agreement_state"] == "undated":
            problems.append(("no_agreement", f"{name}：未记录服务协议日期（{row.ref('agreement')}）"))
        elif item["report_state"] == "undated":
            problems.append(("no_report", f"{name}：未记录诊断报告日期（{row.ref('report')}）"))
        elif "unreadable" in (item["agreement_state"], item["report_state"]):
            cells = "、".join(row.ref(c) for c in ("agreement", "report") if item[f"{c}_state"] == "unreadable")
            problems.append(("unreadable", f"{name}：日期无法识别（{cells}）"))
        elif item["report"] < item["agreement"]:
            problems.append(("report_before_agreement",
                             f"{name}：诊断报告 {item['report'].isoformat()} 早于服务协议 {item['agreement'].isoformat()}（{row.ref('report')}）"))
    summary = _first_dated(record.steps_of("diagnosis_summary"))
    reports = [item["report"] for item in items if item["report"]]
    if SHEET_DIAG not in record.sheets_present:
        state = "no_sheet"
    elif not items:
        state = "no_rows"
    elif problems:
        order = ("no_agreement", "no_report", "report_before_agreement", "no_name", "unreadable")
        state = next(s for s in order if any(p[0] == s for p in problems))
    elif summary is None:
        state = "no_summary"
    elif reports and summary.date < max(reports):
        state = "summary_early"
    else:
        state = "ok"
    out.facts["diagnosis_state"] = state
    count = len({nfkc(item["enterprise"]) for item in items if item["enterprise"]})
    out.values["diagnosis_count"] = f"{count} 家企业" + (f"（{len(items)} 行）" if count != len(items) else "")
    out.values["diagnosis_detail"] = "；".join(p[1] for p in problems[:8]) + (f" 等 {len(problems)} 家" if len(problems) > 8 else "")
    out.values["diagnosis_summary_date"] = step_day(summary) if summary else "（未记录或无日期）"
    out.values["diagnosis_last_report"] = max(reports).isoformat() if reports else "（无）"


# A 初步建议名单 as a notice or minutes write it: "甲公司、乙公司等5家企业" or "共5家：甲公司、乙公司" (the stated
# number counts when larger than the names written), "1.甲公司2.乙公司" or "（1）甲公司（2）乙公司" without spaces
# (a number after a company form begins a name; 企业1、企业2 are names ending in numbers), "甲公司和乙公司" (和, 及, 与 after a company form), and a 、 inside brackets
# ("甲公司（含文登分公司、荣成分公司）") separating no enterprises. A list ending in 等 without a number
# ("甲公司、乙公司等") names only some: within the number it cannot be checked (open_list).
# h152: minutes and notices count with other words too (等3个项目, 共3个单位, 等3户企业, 共3项): each was a name of its own
# ("甲公司等3个单位") and the lists “不一致”
_STATED_COUNT = re.compile(r"(?:共计|合计|共|计|等)(?P<n>\d{1,3}|[一二两三四五六七八九十百]{1,4})(?:家|户|个|项)(?:企业|单位|公司|项目)?[:：]?")
# the count in brackets after the list ("甲公司、乙公司、丙公司（共3家）"): the brackets go with it
_BRACKETED_COUNT = re.compile(r"\(((?:共计|合计|共|计|等)?(?:\d{1,3}|[一二两三四五六七八九十百]{1,4})(?:家|户|个|项)(?:企业|单位|公司|项目)?)\)")
# the count written after the names without 共 or 等, ending the cell: "甲公司、乙公司、丙公司三家", "甲、乙、丙三家公司";
# read only after a list (a separator before it) or a company form, so that 三家村食品有限公司 stays a name
_BARE_COUNT = re.compile(r"(?<![\d一二两三四五六七八九十百])(?P<n>\d{1,3}|[一二两三四五六七八九十百]{1,4})家(?:企业|单位|公司)?[。.]?\s*$")
_LIST_BEFORE = re.compile(r"[、,，;；/\s]|(?:公司|厂)$")
# what the minutes decided of the enterprises counted, after the count (h156: "同意A公司等3家企业认定为市级智能工厂"
# read 认定为市级智能工厂 as an enterprise): the rest of the clause goes with the decision, not the list
_DECIDED_AFTER_COUNT = re.compile(rf"({_STATED_COUNT.pattern})(?:(?:为|被)?(?:认定|确定|列为|列入|推荐|作为|评为|授予|纳入|入选|享受|给予|获得|予以|申报|上报|通过)|为)[^;；。]*")
_NEXT_NUMBER = re.compile(r"(?:(?<=公司)|(?<=厂))(?=(?:\d{1,3}[.．](?!\d)|\(\d{1,3}\)))")
_OPEN_END = re.compile(r"等(?:企业|单位|公司)?[。.]?\s*$")
_AND_AFTER_FORM = re.compile(r"(?:(?<=公司)|(?<=厂))(?:以及|和|及|与)")


def proposed_parts(text: str) -> tuple[list[str], int | None]:
    """The parts of a 初步建议名单 cell, each naming one enterprise (common.name_list reads each), and the
    number of enterprises the cell states in words (共5家, 等5家企业), -1 when it ends in 等 without one, or None."""
    from checker.audit.facts.common import list_parts
    from checker.audit.facts.disclosure import given_back, held
    from checker.core.values import parse_count

    text = _BRACKETED_COUNT.sub(r"\1", nfkc(text or ""))
    stated = None
    for said in _STATED_COUNT.finditer(text):
        stated = max(stated or 0, parse_count(said["n"]))
    text = _STATED_COUNT.sub("、", _DECIDED_AFTER_COUNT.sub(r"\1", text))
    bare = _BARE_COUNT.search(text) if stated is None else None
    if bare and _LIST_BEFORE.search(text[:bare.start()]):
        try:
            stated, text = parse_count(bare["n"]), text[:bare.start()]
        except ValueError:
            pass  # 十百家: no number, left as written
    # "甲公司、乙公司等": more enterprises than named, how many not said (-1)
    if stated is None and _OPEN_END.search(text):
        stated, text = -1, _OPEN_END.sub("", text)
    text = _AND_AFTER_FORM.sub("、", _NEXT_NUMBER.sub("、", text))
    # split at separators and white space outside brackets only; an English name (Weihai Foo Co., Ltd.) is one part
    parts = [p for p in (given_back(part) for part in list_parts(held(text))) if p]
    return parts, stated


# "申报数量超过省里规定数量的，召开专家论证会…研究形成初步建议名单" (001:4576-4578, 4594-4595, 4611-4613): the
# province sets how many the city may recommend, so a proposed list longer than that number cannot all be
# recommended. The seed states no cap in words: the rule reading this (PROC-PROPOSED-LIST-QUOTA) is an inference,
# graded by its fail_grade parameter (needs_review). The list is the 初步建议名单 row's 决议内容 (the enterprises
# proposed, README "流程节点"); several rows: the latest dated one (a list revised), else the last row.
@fact_function("proposed_count_state")
def proposed_count_facts(case: RoundCase, out: Facts, *, city_list_quota: str = "province") -> None:
    from checker.audit.facts.disclosure import name_list  # an English name kept whole
    from checker.draw.recusal import employer_key

    record = case.record
    lists = record.steps_of("proposed_list")
    dated = sorted((s for s in lists if s.date), key=lambda s: s.date)
    chosen = dated[-1] if dated else (lists[-1] if lists else None)
    names: dict[str, str] = {}
    # in the cell's order, as written; one enterprise written twice is one
    # a 决议内容 saying there is none (无, 暂无, /) lists no enterprise (README "recommendation rounds")
    written = chosen.row.shown("resolution") if chosen is not None and records(chosen.row.text("resolution")) else ""
    parts, stated = proposed_parts(written)
    for part in parts:
        for name in sorted(name_list(part)):
            names.setdefault(employer_key(name), name)
    # the stated number is the count (等5家 naming two: five); a stated number below the names listed
    # (甲公司、乙公司、丙公司共2家) contradicts them: which is right is for the inspector (count_mismatch)
    count = max(len(names), stated or 0) if names else 0
    unsaid = stated == -1
    mismatch = bool(names) and stated is not None and stated >= 0 and stated < len(names)
    if mismatch:
        count = stated
    quota = record.province_quota
    if case.profile.get("list_level") == "city" and city_list_quota == "none":
        state = "city_no_quota"
    elif chosen is None:
        state = "no_list"
    elif not names:
        state = "no_names"
    elif quota is None:
        state = "quota_unknown"
    else:
        state = "count_mismatch" if mismatch else "over" if count > quota else "open_list" if unsaid else "within"
    out.facts["proposed_count_state"] = state
    round_row = record.round_row
    written = round_row.text("province_quota") if round_row is not None else ""
    out.values["proposed_quota"] = (f"{quota}（{written}）" if quota is not None and count_in_words("province_quota", written)
                                    else written or "（未填）")
    out.values["proposed_count"] = str(count)
    out.values["proposed_list"] = ("、".join(names.values()) + (f"等 {count} 家" if count > len(names) else "")) or "（未列出企业）"
    out.values["proposed_named"] = str(len(names))
    out.values["proposed_ref"] = chosen.row.ref("resolution") if chosen is not None else "（未记录初步建议名单）"
