"""Inspector h29: completed fund rounds of the full 三重一大 procedure (W-12 … W-14, W-09) audited
to the letter of seed 001."""

from __future__ import annotations

import copy

from tests.helpers import sample_round
from tests.test_hostile6 import _audit, _finding, _step  # the same audit of one round record


def _deferred_then_decided() -> dict:
    """The W-12 sample round whose first 党组会 (2020-04-20) deferred the matter and whose second
    (2020-04-29) passed it; the decision form went in the next day."""
    record = sample_round("compliant_W-12")
    decided = _step(record, "党组会")
    deferred = copy.deepcopy(decided)
    deferred.update({"日期": "2020-04-20", "会议纪要文号": "党组会纪要〔2020〕4号", "表决方式及结果": "暂缓研究，待补充材料后再议",
                     "决议内容": ""})
    record["流程节点"].insert(record["流程节点"].index(decided), deferred)
    decided["日期"] = "2020-04-29"
    _step(record, "决策备案")["日期"] = "2020-04-30"
    return record


def test_a_meeting_that_deferred_the_matter_is_not_the_decision_a_later_meeting_took(tmp_path):
    # seed 001:4072-4075 "提交局党组会研究讨论 … 以上决策程序完成后 … 于会后三天报送": the round was
    # 不合规 twice over: PROC-PARTY-MEETING "党组会表决未通过 … 本轮缺少通过的决策" (the 04-29 meeting
    # passed it) and PROC-3I1L-POST-3D "超过会后 3 天" counted from the deferring meeting of 04-20.
    document = _audit(tmp_path, _deferred_then_decided())
    meeting, post = _finding(document, "PROC-PARTY-MEETING"), _finding(document, "PROC-3I1L-POST-3D")
    assert (meeting["outcome"], meeting["grade"], meeting["message"]) == (
        "pass", "compliant",
        "党组会 2020-04-29（流程节点#12.日期），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。")
    assert (post["outcome"], post["grade"], post["message"]) == (
        "pass", "compliant",
        "决策情况表在会后 3 天内报送（自然日口径）：党组会 2020-04-29，决策备案 2020-04-30；"
        "自然日口径截止 2020-05-06，工作日口径截止 2020-05-07。")
    duplicate = _finding(document, "INP-ROUND-DUPLICATE")
    assert duplicate["message"] == (
        "流程节点中“党组会”有 2 行（流程节点#11.日期、流程节点#12.日期）；事中报告按其中最早的一次核对，"
        "会后三天备案、公示和资金环节按其中表决通过的最早一次核对（均未通过时按最早的一次），请核实各次会议的议题与表决结果。")
    assert document["verdict"] == "needs_review"
    # the step recorded twice is no "unreadable value", as the conclusion called it
    assert (duplicate["title"]["zh"], document["conclusion"]) == (
        "同一步骤记录了多行",
        "经审计，“2020年“专精特新”中小企业认定”（轮次编号 W12-2020-01）按所属流程核对 21 项要求，其中 1 项需人工复核"
        "（会前三天报送事中报告单），另有轮次记录问题 1 处需核实（同一步骤记录了多行）。审计结论：需人工复核，复核前不能认定程序合规。")


def test_the_decision_form_filed_after_the_deferring_meeting_only_is_still_late(tmp_path):
    # the filing counts from the meeting that decided: one filed a week after it is late
    record = _deferred_then_decided()
    _step(record, "决策备案")["日期"] = "2020-05-08"
    post = _finding(_audit(tmp_path, record), "PROC-3I1L-POST-3D")
    assert (post["outcome"], post["grade"], post["message"]) == (
        "fail", "noncompliant",
        "决策情况表超过会后 3 天报送（自然日口径）：党组会 2020-04-29，决策备案 2020-05-08；"
        "自然日口径截止 2020-05-06，工作日口径截止 2020-05-07。")


def _w09_model() -> dict:
    from checker.core.rulebook import load_rulebook

    return copy.deepcopy(load_rulebook().bases["W-09-compliant"])


def test_funds_paid_while_the_disclosure_still_runs_need_review(tmp_path):
    # seed 001:2976-2978 "召开党组会，讨论确定分配方案。对通过的项目（资金）在市工信局网站公示": the W-09
    # model round (公示 2020-05-11 … 05-19) with 资金拨付 on 05-12 by the finance bureau was 合规 --
    # the money went out on the second day of the 公示 and nothing said so. The seed does not say the
    # payment must wait for the 公示 to end, so: needs review, saying what the seed leaves open.
    record = _w09_model()
    record["流程节点"].append({"节点": "资金拨付", "日期": "2020-05-12", "发文单位": "市财政局"})
    document = _audit(tmp_path, record)
    finding = _finding(document, "LIFE-AFTER-DECISION")
    assert (finding["outcome"], finding["grade"], finding["message"], finding["grade_text"]) == (
        "fail", "needs_review",
        "资金拨付在公示期满之前：资金拨付 2020-05-12（流程节点#10.日期），公示至 2020-05-19 结束。履职清单规定对通过的"
        "项目（资金）进行公示，未写明资金是否须待公示期满后拨付，需人工核实拨付时公示期间有无异议及其处理。",
        "列为需人工复核。")
    assert document["verdict"] == "needs_review"
    record["流程节点"][-1]["日期"] = "2020-05-20"
    finding = _finding(_audit(tmp_path, record, name="after"), "LIFE-AFTER-DECISION")
    assert (finding["outcome"], finding["message"]) == (
        "pass", "资金环节均在党组会决定 2020-04-22（流程节点#8.日期） 之后：资金拨付 2020-05-20（流程节点#10.日期）。")


def test_the_grade_reason_does_not_say_needs_review_twice(tmp_path):
    # a W-12 round with 资金拨付 two days before its 党组会: grade_text read "资金环节的分工出自鹿泉区的职责
    # 登记表，不是本市流程的明文规定，不符时列为需人工复核，列为需人工复核。"
    record = sample_round("compliant_W-12")
    record["流程节点"].append({"节点": "资金拨付", "日期": "2020-04-20", "发文单位": "市财政局"})
    finding = _finding(_audit(tmp_path, record), "LIFE-AFTER-DECISION")
    assert (finding["grade"], finding["grade_text"]) == (
        "needs_review", "资金环节的分工出自鹿泉区的职责登记表，不是本市流程的明文规定，不符时列为需人工复核。")


def test_a_round_finding_cites_its_own_workflows_clause(tmp_path):
    # round.json of the W-12 sample cited other workflows' wording: PROC-3I1L-PRE 001:1982 (W-01,
    # "申报通知（草稿）", words not in W-12), PROC-3I1L-MID 1999 (W-01 "会前三天"), DRAW-BY-ZGK 2581 (W-06);
    # the report quoted W-12's own lines but the JSON did not, and W-12's 事前 clause was quoted only
    # as "进行事前告知", without what is to be sent to whom.
    document = _audit(tmp_path, sample_round("compliant_W-12"))
    cited = {f["rule_id"]: (f["citation"]["lines"], f["citation"]["quote"]) for f in document["findings"]}
    assert cited["PROC-3I1L-PRE"] == ("4050", "填写《“三重一大”事项报告表》（事前）和申报通知一并报送派驻纪检监察组")
    assert cited["PROC-3I1L-MID"] == ("4072", "党组会前三天填写《“三重一大”事项报告单》(事中)并邀请派驻纪检监察组参会")
    assert cited["PROC-3I1L-POST-3D"] == ("4075", "于会后三天报送局政工科和派驻纪检监察组")
    assert cited["DRAW-BY-ZGK"] == ("4066", "局政工科按照项目领域，通过市工信局项目专家库随机抽取7名专家")
    assert cited["DRAW-SIZE-7"] == ("4066", "局政工科按照项目领域，通过市工信局项目专家库随机抽取7名专家")


def test_one_expert_drawn_by_another_office_is_named_by_its_row(tmp_path):
    # the first of the seven rows drawn by 办公室, the rest by 局政工科: the finding said
    # "抽取科室为“办公室、局政工科”，不是局政工科。" -- a cell naming 局政工科 said not to be it, and no row named
    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["抽取科室"] = "办公室"
    finding = _finding(_audit(tmp_path, record), "DRAW-BY-ZGK")
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "fail", "noncompliant", "以下专家抽取行的抽取科室不是局政工科：“办公室”（专家抽取#1.抽取科室）。")


def test_an_expert_of_an_enterprise_written_in_short_in_the_decision_needs_review(tmp_path):
    # 决议内容 "甲材料公司、乙新材公司、丙科技公司" as offices write it, and expert E012's 工作单位 its full
    # name "威海乙新材有限公司": compliant, "工作单位均不是本轮决议或公示名单中的企业" -- units were compared
    # only whole, so an expert of a passed applicant reviewed it unnoticed.
    record = sample_round("compliant_W-12")
    record["专家抽取"][2]["工作单位"] = "威海乙新材有限公司"
    document = _audit(tmp_path, record)
    finding = _finding(document, "DRAW-COI")
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "fail", "needs_review",
        "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业名称相近，可能是同一单位："
        "E012（威海乙新材有限公司，专家抽取#3.工作单位；名单中为“乙新材公司”）。")
    assert document["verdict"] == "needs_review"


def _w08_model() -> dict:
    from checker.core.rulebook import load_rulebook

    return copy.deepcopy(load_rulebook().bases["W-08-compliant"])


def test_an_objection_still_being_investigated_is_open(tmp_path):
    # seed 001:2827 "公示无异议的行文认定": the W-08 model round with one objection whose 异议处理结果 reads
    # "正在核实" (or 正在调查, 核实中, 待核实, 尚在调查) and the recognition document three days after the
    # 公示 was compliant: "公示无未处理异议后行文认定" -- only 处理中/调查中/尚未… counted as open.
    for result in ("正在核实", "正在调查", "核实中", "待核实", "尚在调查"):
        record = _w08_model()
        record["公示"][0].update({"异议数": 1, "异议处理结果": result})
        finding = _finding(_audit(tmp_path, record, name=result), "DISC-NO-OBJECTION-GATE")
        assert (finding["outcome"], finding["grade"], finding["message"]) == (
            "fail", "noncompliant",
            f"公示有异议而未记录处理结果或尚未处理完毕：公示结束 2020-05-19，异议数 1，异议处理结果：{result}，行文认定 2020-05-22。")


def test_a_ledger_objection_still_being_investigated_is_open():
    from checker.core.objections import is_open

    assert [is_open(t) for t in ("正在核实", "待答复", "复核中", "经核实异议不成立，已答复", "已处理完毕")] == [
        True, True, True, False, False]


def test_an_objection_to_the_published_list_left_open_needs_review(tmp_path):
    # seed 001:2978 "对通过的项目（资金）在市工信局网站公示": the W-09 model round whose 公示 received 3
    # objections and recorded no result was compliant -- no rule of W-09 (or W-05, 001:2423) read the
    # objections. The seed does not say what follows an objection: needs review, saying so.
    record = _w09_model()
    record["公示"][0].update({"异议数": 3, "异议处理结果": ""})
    document = _audit(tmp_path, record)
    finding = _finding(document, "DISC-OBJECTIONS-HANDLED")
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "fail", "needs_review",
        "公示收到的异议未记录处理结果或尚未处理完毕：公示 2020-05-11 至 2020-05-19（公示#1.开始日期），异议数 3，"
        "异议处理结果：未填。履职清单未写明异议如何处理，需人工核实异议内容及其对支持名单的影响。")
    assert document["verdict"] == "needs_review"
    record["公示"][0].update({"异议数": 1, "异议处理结果": "经核实异议不成立"})
    finding = _finding(_audit(tmp_path, record, name="answered"), "DISC-OBJECTIONS-HANDLED")
    assert (finding["outcome"], finding["message"]) == (
        "pass", "公示无未处理完毕的异议：公示 2020-05-11 至 2020-05-19（公示#1.开始日期），异议数 1，异议处理结果：经核实异议不成立。")


def test_a_drawn_expert_noted_as_absent_is_not_one_of_the_seven_who_reviewed(tmp_path):
    # 角色 "正选（未到会）" on one of the seven rows and no 替补: compliant, "参加评审的专家（正选及替补）7 名"
    # -- the bracket note was dropped as a remark like 正选（组长）, so six reviewed and the count said seven.
    record = sample_round("compliant_W-12")
    record["专家抽取"][2]["角色"] = "正选（未到会）"
    document = _audit(tmp_path, record)
    size, value = _finding(document, "DRAW-SIZE-7"), _finding(document, "INP-ROUND-VALUE")
    assert (size["outcome"], size["grade"]) == ("missing", "needs_review")
    assert value["message"] == (
        "专家抽取 第 3 行（专家 E012）的角色“正选（未到会）”（专家抽取#3.角色）注明该专家未参加评审，却未标为“已替换”；"
        "该行既不能计入也不能排除出参加评审的专家，抽取人数与随机抽取列为需人工复核。")
    assert document["verdict"] == "needs_review"


def test_a_time_limit_met_under_one_reading_only_is_for_review_in_the_timeline(tmp_path):
    # the 事中 slip on 2020-04-19, three calendar days before the 党组会 of 04-22 (a Wednesday), two
    # working days: PROC-3I1L-MID is graded 需人工复核, yet the timeline listed it under 满足 on the
    # 事中报告 and 党组会 rows, so the inspector read it as met there.
    record = sample_round("compliant_W-12")
    _step(record, "事中报告")["日期"] = "2020-04-19"
    document = _audit(tmp_path, record)
    assert _finding(document, "PROC-3I1L-MID")["grade"] == "needs_review"
    rows = {row["step"]: row for row in document["timeline"] if row["step"] in ("事中报告", "党组会")}
    assert [(name, "PROC-3I1L-MID" in row["satisfies"], "PROC-3I1L-MID" in row["undecided"]) for name, row in rows.items()] == [
        ("事中报告", False, True), ("党组会", False, True)]


def _split(record: dict, name: str, first: str, second: str, day: str) -> None:
    """The form of step ``name`` sent to ``first`` on its own row and to ``second`` on a row dated ``day``."""
    row = _step(record, name)
    row["报送对象"] = first
    other = dict(row, 日期=day, 报送对象=second)
    record["流程节点"].insert(record["流程节点"].index(row) + 1, other)


def test_a_decision_form_sent_to_each_recipient_on_its_own_row_is_judged_by_both_rows(tmp_path):
    # seed 001:4075 "于会后三天报送局政工科和派驻纪检监察组": the form to 局政工科 on 04-23 (row 12) and to
    # the 纪检组 on 04-30 (row 13). PROC-3I1L-POST was 不合规 "报送对象为“局政工科；派驻纪检监察组”，未包含
    # “派驻纪检监察组、局政工科”" (each row judged alone), and PROC-3I1L-POST-3D passed on the 04-23
    # row though the 纪检组 had it eight days after the meeting.
    record = sample_round("compliant_W-12")
    _split(record, "决策备案", "局政工科", "派驻纪检监察组", "2020-04-30")
    document = _audit(tmp_path, record)
    post, late = _finding(document, "PROC-3I1L-POST"), _finding(document, "PROC-3I1L-POST-3D")
    assert (post["outcome"], post["message"]) == ("pass", "决策情况（备案）表已报送“局政工科；派驻纪检监察组”。")
    assert (late["outcome"], late["grade"], late["message"]) == (
        "fail", "noncompliant",
        "决策情况表超过会后 3 天报送（自然日口径）：党组会 2020-04-22，决策备案 2020-04-30；"
        "自然日口径截止 2020-04-26，工作日口径截止 2020-04-26。")
    assert _finding(document, "INP-ROUND-DUPLICATE")["message"] == (
        "流程节点中“决策备案”有 2 行（流程节点#12.日期、流程节点#13.日期）；报送时限按每个报送对象最早收到的一行核对，"
        "取其中最晚的日期，请核实各行是否同一份决策情况表。")


def test_a_mid_slip_reaching_the_discipline_group_the_day_before_is_late_not_unsent(tmp_path):
    # the 事中 slip to 局政工科 on 04-16 and to the 纪检组 on 04-21, the 党组会 on 04-22: 不合规 for the
    # wrong reason, "报送对象为“局政工科；派驻纪检监察组”，未包含“派驻纪检监察组”", with the 04-16 date.
    record = sample_round("compliant_W-12")
    _split(record, "事中报告", "局政工科", "派驻纪检监察组", "2020-04-21")
    mid = _finding(_audit(tmp_path, record), "PROC-3I1L-MID")
    assert (mid["outcome"], mid["grade"], mid["message"]) == (
        "fail", "noncompliant",
        "事中报告单未在会前 3 天报送（自然日口径）：事中报告 2020-04-21，党组会 2020-04-22，相隔 1 个自然日；"
        "自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17。")


def test_a_pre_report_sent_separately_reaches_the_discipline_group_before_the_notice(tmp_path):
    # W-09 (001:2961 "分别报送局政工科和派驻纪检监察组"): the 事前 report to 局政工科 on 03-02 and to the
    # 纪检组 on 03-09, after the notice of 03-06. PROC-3I1L-PRE passed, "事前报告 2020-03-02 报送
    # “局政工科；派驻纪检监察组”，不晚于申报通知发布 2020-03-06", on the earlier row.
    record = _w09_model()
    _split(record, "事前报告", "局政工科", "派驻纪检监察组", "2020-03-09")
    document = _audit(tmp_path, record)
    pre = _finding(document, "PROC-3I1L-PRE")
    assert (pre["outcome"], pre["grade"], pre["message"]) == (
        "fail", "noncompliant", "事前报告 2020-03-09 晚于申报通知发布 2020-03-06。")
    assert _finding(document, "INP-ROUND-DUPLICATE")["message"] == (
        "流程节点中“事前报告”有 2 行（流程节点#1.日期、流程节点#2.日期）；先后顺序按每个报送对象最早收到的一行核对，"
        "取其中最晚的日期，请核实各行是否同一份报告表。")


def test_the_published_list_is_compared_with_the_meeting_that_passed_it(tmp_path):
    # W-09 (001:2976-2978 "召开党组会，讨论确定分配方案。对通过的项目（资金）在市工信局网站公示"): a first
    # 党组会 deferring the matter (决议内容 blank), a second one passing 甲、乙、丙: DISC-CONTENT-MATCH read
    # the first row and said "记录未同时给出决议名单和公示名单，无法比对" (needs review).
    record = _w09_model()
    decided = _step(record, "党组会")
    deferred = dict(decided, 日期="2020-04-20", 表决方式及结果="暂缓研究", 决议内容="", 会议纪要文号="党组会纪要〔2020〕4号")
    record["流程节点"].insert(record["流程节点"].index(decided), deferred)
    decided["日期"] = "2020-04-29"
    match = _finding(_audit(tmp_path, record), "DISC-CONTENT-MATCH")
    assert (match["outcome"], match["grade"], match["message"]) == ("pass", "compliant", "公示名单与决议名单一致。")


def test_a_notice_period_that_cannot_be_read_is_not_replaced_by_the_default(tmp_path):
    # 轮次.公示期（工作日） "7天" (calendar or working days?) with a 公示 of 5 working days: DISC-PERIOD passed,
    # "公示期 5 个工作日，不少于 5 个", on the default -- the notice set a period, only it was unreadable.
    record = _w09_model()
    record["轮次"]["公示期（工作日）"] = "7天"
    record["公示"][0].update({"开始日期": "2020-05-11", "结束日期": "2020-05-17"})
    period = _finding(_audit(tmp_path, record), "DISC-PERIOD")
    assert (period["outcome"], period["grade"], period["message"]) == (
        "missing", "needs_review",
        "轮次表所填本轮申报通知规定的公示期“7天”无法识别为工作日数，无法核对公示期是否足够：公示 2020-05-11 至 2020-05-17"
        "（公示#1.开始日期）：5 个工作日、7 个自然日（首尾均计）。")


def test_a_substitute_listed_beside_all_seven_without_the_replaced_one_marked_needs_review(tmp_path):
    # the seven 正选 and one 替补 E099, none marked 已替换, as offices list a substitution: 不合规,
    # "参加评审的专家（正选及替补）8 名…应为 7 名" -- the record does not say whom E099 replaced, not that
    # eight reviewed.
    record = sample_round("compliant_W-12")
    record["专家抽取"].append(dict(record["专家抽取"][0], 专家编号="E099", 工作单位="威海某研究院099", 角色="替补"))
    size = _finding(_audit(tmp_path, record, name="sub"), "DRAW-SIZE-7")
    assert (size["outcome"], size["grade"], size["message"]) == (
        "missing", "needs_review",
        "专家抽取表列有替补（E099），但未将被替换的正选标为“已替换”，正选及替补共 8 名"
        "（E004、E022、E012、E002、E010、E016、E003、E099），无法确定参加评审的是否为 7 名。")


def test_a_notice_period_written_in_chinese_numerals_is_read(tmp_path):
    # 公示期（工作日） "七个工作日", as a notice writes it, was unreadable (h29's leftover); 七 is 7: a
    # 公示 of 5 working days falls short of it.
    record = _w09_model()
    record["轮次"]["公示期（工作日）"] = "七个工作日"
    record["公示"][0].update({"开始日期": "2020-05-11", "结束日期": "2020-05-17"})
    period = _finding(_audit(tmp_path, record), "DISC-PERIOD")
    assert (period["outcome"], period["grade"], period["message"]) == (
        "fail", "noncompliant",
        "公示期只有 5 个工作日，少于本轮申报通知规定的 7 个工作日：公示 2020-05-11 至 2020-05-17（公示#1.开始日期）："
        "5 个工作日、7 个自然日（首尾均计）。")
