"""Review h21 (the procedures of the less-travelled workflows, to the letter of seed 001): each test
failed on the branch point (9e94330) and states the defect and what the seed says instead."""

from __future__ import annotations

import copy

import pytest
import yaml

from checker.core.rulebook import default_rules_dir
from tests.helpers import read_json, run_cli, write_json


def _base(workflow_id: str) -> dict:
    path = default_rules_dir() / "cases" / "rounds" / f"{workflow_id}-compliant.yaml"
    return copy.deepcopy(yaml.safe_load(path.read_text(encoding="utf-8")))


def _step(record: dict, name: str) -> dict:
    return next(s for s in record["流程节点"] if s["节点"] == name)


def _audit(tmp_path, record: dict, name: str = "r") -> dict:
    path = write_json(tmp_path / f"{name}.json", record)
    result = run_cli("audit", path, "--out", tmp_path / f"{name}-out")
    assert result.exit_code in (0, 1), result.output
    return read_json(tmp_path / f"{name}-out" / "round.json")


def _finding(document: dict, rule_id: str) -> dict:
    return next(f for f in document["findings"] if f["rule_id"] == rule_id)



def _assert_in_order(tmp_path, workflow: str, step: str, date: str) -> None:
    """The workflow's model round with one step redated is in the seed's order, and compliant."""
    record = _base(workflow)
    _step(record, step)["日期"] = date
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-STEP-ORDER")
    assert (finding["outcome"], finding["grade"]) == ("pass", "compliant")
    assert finding["message"] == "9 个有日期的节点均符合规定顺序。"
    assert document["verdict"] == "compliant"

def test_w03_list_drawn_up_after_the_mid_report_follows_the_seeds_order(tmp_path):
    """001:2272 "(4)会前三天填写《“三重一大”事项报告单》…" comes before 001:2274 "(5)将拟认定市级工业设计中心
    企业名单报党组会研究讨论": a list drawn up after the 事中报告 (and before the meeting) follows the
    seed's own numbering. The profile ordered the list before the 事中报告 and called it noncompliant."""
    _assert_in_order(tmp_path, "W-03", "分配方案", "2020-04-18")


def test_w03_list_after_the_meeting_is_still_out_of_order(tmp_path):
    record = _base("W-03")
    _step(record, "分配方案")["日期"] = "2020-04-23"
    finding = _finding(_audit(tmp_path, record), "PROC-STEP-ORDER")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == (
        "节点顺序与流程不符：“分配方案”（2020-04-23，流程节点#6.日期）晚于其后步骤“党组会”（2020-04-22，流程节点#8.日期）。"
        "规定顺序：事前报告 → 纪检组同意 → 发布申报通知 → 区市推荐 → 专家评审 → 事中报告 → 党组会 → 决策备案；"
        "专家评审 → 分配方案 → 党组会。")


DRAW_CLAUSE = {"W-07": "2621", "W-08": "2820", "W-12": "4066", "W-13": "4109", "W-14": "4150", "W-15": "4301", "W-16": "4342"}


def _quoted(workflow_id: str, rule_id: str) -> list[tuple[str, str]]:
    from checker.core.rulebook import load_rulebook

    book = load_rulebook()
    chosen = book.sources.relevant([c.model_dump() for c in book.rules[rule_id].citation],
                                   [c.model_dump() for c in book.workflow(workflow_id).citation])
    return [(c["lines"], c["quote"]) for c in chosen]


def test_the_conflict_of_interest_finding_quotes_each_workflows_own_draw():
    """DRAW-COI cited only 001:2581 (泰山产业领军人才, 科技科), so a W-07, W-08 or W-12 … W-16 report said
    its draw rule came from the Taishan workflow; each now quotes its own section's draw clause."""
    for workflow_id, line in DRAW_CLAUSE.items():
        quote = "由局政工科按照项目领域，通过市工信局项目专家库随机抽取专家7名" if workflow_id == "W-08" else \
            "局政工科按照项目领域，通过市工信局项目专家库随机抽取7名专家"
        assert _quoted(workflow_id, "DRAW-COI") == [(line, quote)], workflow_id


def test_w09_step_order_and_archive_quote_the_consumer_goods_section():
    """项目（资金）申报流程 (消费品产业科, 001:2955-2980) has no "以上决策程序完成后，由科室汇总…" step, yet
    its step-order and decision-trail findings quoted that clause of 冲击新目标后备库 (001:2003).
    They now quote the workflow's own last step and its section's archive risk and control text."""
    assert _quoted("W-09", "PROC-STEP-ORDER") == [("2980", "（十）向局政工科和派驻纪检监察组报送《“三重一大”事项决策情况备案表》")]
    assert _quoted("W-09", "ARCH-DECISION-TRAIL") == [
        ("2937", "四是资金项目的档案材料有可能存在不能充分体现审批全流程的风险隐患"),
        ("2949", "将“三重一大”事前、事中、事后报告材料，专家评审资料，党组会汇报材料和会议纪要等档案材料梳理、完善并归档")]


def test_w09_archive_finding_names_its_own_section_in_the_report(tmp_path):
    record = _base("W-09")
    _step(record, "决策备案")["文号/材料"] = "《“三重一大”事项决策情况备案表》"
    _audit(tmp_path, record)
    text = (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 汇总体现决策完整过程的材料"))
    assert "经济运行监测科" not in row
    assert row == (
        "| 汇总体现决策完整过程的材料 | 待补充 | 需人工复核 | 决策备案未写明所附的决策过程材料：决策备案 《“三重一大”事项决策情况备案表》"
        "（流程节点#9.文号/材料）。 定性理由：数据缺失或无法识别，列为需人工复核。 处理建议：在“决策备案”行的文号/材料中写明所附决策过程材料，"
        "或在归档表列出并标明是否归档。 依据：《威海市工业和信息化局履职清单》（2020年7月）消费品产业科（挂盐业科牌子）职责清单："
        "“四是资金项目的档案材料有可能存在不能充分体现审批全流程的风险隐患”，消费品产业科（挂盐业科牌子）职责清单："
        "“将“三重一大”事前、事中、事后报告材料，专家评审资料，党组会汇报材料和会议纪要等档案材料梳理、完善并归档” |")


def test_w21_and_w23_without_the_provincial_notice_are_not_passed_as_compliant(tmp_path):
    """水效领跑者 (001:4699 "按照工信部、省工信厅通知要求，…拟定通知") and 工业节能诊断服务 (001:4650 "按照省工信厅
    文件通知…制定…工作方案", 4652 印发文件通知) base the city notice on the provincial notice, as
    W-20 (001:4674) does; a W-21 or W-23 round with no 省通知 was compliant, W-20's needs review."""
    record = _base("W-21")
    record["流程节点"] = [s for s in record["流程节点"] if s["节点"] != "省通知"]
    document = _audit(tmp_path, record, "w21")
    finding = _finding(document, "PROC-CITY-NOTICE-AFTER-PROVINCE")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert finding["message"] == ("未记录省通知或其日期（未记录省通知），无法判断本市通知（联合发文 2021-03-05 "
                                  "威工信发〔2021〕22号（流程节点#2.日期））是否在其后。")
    assert document["verdict"] == "needs_review"
    record = _base("W-23")
    _step(record, "省通知")["日期"] = "2021-03-06"
    finding = _finding(_audit(tmp_path, record, "w23"), "PROC-CITY-NOTICE-AFTER-PROVINCE")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == ("本市通知（发布通知 2021-03-05 威工信发〔2021〕20号（流程节点#2.日期））早于省通知"
                                  "（2021-03-06 鲁工信节〔2021〕12号（流程节点#1.日期））。")


def test_w03_template_lists_the_steps_in_the_seeds_order(tmp_path):
    """The round template lists W-03's steps as 001:2247-2276 numbers them: the 报告单 (step 4, 2272)
    before the 拟认定名单 goes to the 党组会 (step 5, 2274)."""
    import openpyxl

    result = run_cli("template", "round", "--workflow", "W-03", "--out", tmp_path / "w03.xlsx")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "w03.xlsx")["流程节点"]
    steps = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert steps == ["事前报告", "纪检组同意", "发布申报通知", "区市推荐", "专家评审", "事中报告", "分配方案", "党组会", "决策备案"]


def test_w09_report_says_its_sections_archive_list_is_not_checked(tmp_path):
    """001:2949 (消费品产业科 防控措施 4) lists what the section archives; no rule checks it item by
    item (ARCH-LIST-CONSUMER of seed-rules.md §8.6 is not in the rulebook), and the report did not
    say so. It now lists it among the things not checked."""
    _audit(tmp_path, _base("W-09"))
    text = (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")
    assert ("- 本流程未列归档清单；科室廉政风险防控措施要求归档的“三重一大”事前、事中、事后报告材料，专家评审资料，"
            "党组会汇报材料和会议纪要，未逐项核对归档表，只核对决策过程材料是否汇总或归档。\n") in text


def test_w19_consultation_if_needed_is_prompted_and_a_late_one_fails(tmp_path):
    """001:4613 (推进建设省级、国家级绿色制造体系) says "研究提出初步建议推荐名单（必要时征求有关部门的意见）",
    the same words as W-18 (001:4595); W-18's round is prompted when it records none, W-19's was not
    looked at, nor was a consultation dated after the 报省."""
    record = _base("W-19")
    record["流程节点"] = [s for s in record["流程节点"] if s["节点"] != "征求意见"]
    finding = _finding(_audit(tmp_path, record, "none"), "PROC-CONSULT-DEPARTMENTS")
    assert (finding["outcome"], finding["grade"]) == ("not_applicable", "compliant")
    assert finding["message"] == "提示：未记录征求有关部门意见；本流程只在必要时征求，请承办科室确认本轮是否有必要征求。"
    record = _base("W-19")
    _step(record, "征求意见")["日期"] = "2021-04-28"
    finding = _finding(_audit(tmp_path, record, "late"), "PROC-CONSULT-DEPARTMENTS")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == "征求意见（2021-04-28 征求市发展改革委、市生态环境局意见（流程节点#9.日期））晚于报省 2021-04-27。"


def test_w18_consultation_while_drawing_up_the_list_is_in_order(tmp_path):
    """001:4595 "研究提出初步建议推荐名单（必要时征求有关部门的意见）": the consultation is part of drawing up
    the list, so one dated the day before the list is in the seed's order; it was noncompliant."""
    _assert_in_order(tmp_path, "W-18", "征求意见", "2021-04-15")


def test_w20_recommendation_countersigned_before_the_consultation_is_out_of_order(tmp_path):
    """001:4679 "6. 征求市市场监管局意见。" comes before 001:4680 "7. 联合市市场监管局会签文件。": a round whose
    only 会签 of the recommendation (2021-04-22) precedes the consultation (2021-04-23) was compliant."""
    record = _base("W-20")
    _step(record, "征求意见")["日期"] = "2021-04-23"
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-COUNTERSIGN")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == (
        "缺少流程规定的会签：“联合发文”（2021-03-05）前已会签：2021-03-03 市市场监管局（流程节点#2.日期）；"
        "“报省”（2021-04-27）前、“征求意见”（2021-04-23）后没有会签。")
    assert document["verdict"] == "noncompliant"


def test_w07_w08_findings_quote_the_clause_that_states_them():
    """W-07's 党组会 finding quoted only "通过后报市政府审定" (the escalation); W-08's random-draw finding
    quoted only the approval-then-review clause, not its "随机抽取专家7名"; W-07's and W-08's 评审报告
    finding did not quote the "报告表（评审）报送纪检监察组" they check, nor W-07's 复审 finding its 复审."""
    assert _quoted("W-07", "PROC-PARTY-MEETING") == [("2626", "根据评审结果拟定资金分配方案，提交局党组会研究"),
                                                     ("2628", "通过后报市政府审定")]
    assert _quoted("W-08", "DRAW-RANDOM") == [("2822", "经派驻纪检监察组审核同意后，组织专家对符合条件的项目进行评审"),
                                             ("2820", "通过市工信局项目专家库随机抽取专家7名")]
    for workflow_id, review, report in (("W-07", "2623", "2621"), ("W-08", "2822", "2820")):
        assert _quoted(workflow_id, "PROC-3I1L-REVIEW") == [
            (review, "经派驻纪检监察组审核同意后，组织专家对符合条件的项目进行评审"),
            (report, "填写《“三重一大”事项报告表》（评审）报送纪检监察组，申请开展专家评审")]
    assert _quoted("W-07", "PROC-ELIGIBLE-BEFORE-REVIEW") == [("2623", "组织专家对符合条件的项目进行评审"),
                                                              ("2619", "按照申报条件对各区市申报材料进行汇总并复审")]


def test_the_office_under_its_other_nameplate_is_the_political_section(tmp_path):
    """001:892 "政工科（挂人才工作科牌子）": 人才工作科 is the 政工科's second nameplate, so a draw recorded
    as made by 人才工作科, or a 决策情况表 sent to it, is by and to the 局政工科; both were noncompliant."""
    record = _base("W-13")
    for row in record["专家抽取"]:
        row["抽取科室"] = "局人才工作科"
    _step(record, "决策备案")["报送对象"] = "局人才工作科、派驻纪检监察组"
    document = _audit(tmp_path, record)
    draw = _finding(document, "DRAW-BY-ZGK")
    assert (draw["outcome"], draw["grade"], draw["message"]) == ("pass", "compliant", "专家由“局人才工作科”抽取。")
    post = _finding(document, "PROC-3I1L-POST")
    assert (post["outcome"], post["message"]) == ("pass", "决策情况（备案）表已报送“局人才工作科、派驻纪检监察组”。")


def test_archiving_only_the_draft_notice_is_not_archiving_the_issued_notice(tmp_path):
    """001:2593 整理归档 lists "下发的通知", the notice as issued; an archive listing only 申报通知（草稿）
    (the draft sent with the 事前 report, 001:2605) was counted as that item and passed."""
    record = _base("W-07")
    next(a for a in record["归档"] if a["材料名称"] == "下发的通知")["材料名称"] = "申报通知（草稿）"
    finding = _finding(_audit(tmp_path, record), "ARCH-LIST-8")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == "以下材料未归档：下发的通知。"


def test_a_filing_that_says_the_decision_trail_was_not_attached_is_not_a_compiled_trail(tmp_path):
    """001:2003 "由科室汇总体现项目决策完整过程的有关材料（原件或复印件）、填写…备案表": a 决策备案 recorded as
    "《…备案表》（未附决策过程材料）" was read as naming the materials and passed ("决策过程材料已汇总")."""
    record = _base("W-01")
    _step(record, "决策备案")["文号/材料"] = "《“三重一大”事项决策情况备案表》（未附决策过程材料）"
    finding = _finding(_audit(tmp_path, record, "denied"), "ARCH-DECISION-TRAIL")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == "决策过程材料未汇总归档：决策备案 《“三重一大”事项决策情况备案表》（未附决策过程材料）（流程节点#8.文号/材料）。"
    record = _base("W-01")
    _step(record, "决策备案")["文号/材料"] = "《“三重一大”事项决策情况备案表》及决策过程材料（原件未附，附复印件）"
    finding = _finding(_audit(tmp_path, record, "copy"), "ARCH-DECISION-TRAIL")
    assert (finding["outcome"], finding["message"]) == (
        "pass", "决策过程材料已汇总：《“三重一大”事项决策情况备案表》及决策过程材料（原件未附，附复印件）（流程节点#8.文号/材料）。")


def test_a_mid_report_after_the_meeting_is_said_in_words_not_as_a_negative_gap(tmp_path):
    """A 事中报告单 dated the day after the 党组会 read "相隔 -1 个自然日" in the report."""
    record = _base("W-14")
    _step(record, "事中报告")["日期"] = "2020-04-23"
    finding = _finding(_audit(tmp_path, record), "PROC-3I1L-MID")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == ("事中报告单未在会前 3 天报送（自然日口径）：事中报告 2020-04-23，党组会 2020-04-22，"
                                  "晚于党组会 1 个自然日；自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17。")


def test_a_year_without_holiday_data_is_reported_without_a_command_line_option(tmp_path):
    """A 2027 round's 公示 finding told the civil servant reading the report "可用 --holidays 提供该年的放假安排"."""
    from checker.core.calendar import LIBRARY, library_years

    record = yaml.safe_load(yaml.safe_dump(_base("W-09"), allow_unicode=True).replace("2020-", "2027-"))
    finding = _finding(_audit(tmp_path, record), "DISC-PERIOD")
    first, last = library_years()
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert finding["message"] == (
        f"节假日数据不覆盖公示所在年份，无法计算工作日：公示 2027-05-11 至 2027-05-19：节假日数据不含 2027 年（{LIBRARY} 仅覆盖 "
        f"{first}–{last} 年，须另行提供该年国务院办公厅的放假安排），无法确定 2027-05-11 是否为工作日。")
    assert "--holidays" not in (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("workflow_id, line", [
    ("W-06", "- 事前报告是否在收到省委组织部和省工信厅的申报通知之后未核对：轮次记录没有省通知的收文日期。"),
    ("W-17", "- 组织有关区市和企业修改完善材料的记录未单独核对，只在有记录时核对其先后。"),
    ("W-19", "- 组织有关区市和企业修改完善材料的记录未单独核对，只在有记录时核对其先后。"),
    ("W-23", "- 按省工信厅通知和全市拟开展节能诊断企业名单制定年度节能诊断服务工作方案的记录未核对：轮次记录没有该步骤。"),
])
def test_seed_steps_no_rule_checks_are_listed_as_not_checked(tmp_path, workflow_id, line):
    """Seed steps with no rule (W-06: the 事前 report follows the provincial notice, 001:2565; W-17/W-19:
    修改完善, 001:4577, 4612; W-23: the annual 工作方案, 001:4650) were neither checked nor listed among
    the things the report says it did not check."""
    _audit(tmp_path, _base(workflow_id))
    assert line + "\n" in (tmp_path / "r-out" / "round.md").read_text(encoding="utf-8")


def test_a_draw_cell_naming_another_office_beside_the_political_section_needs_review(tmp_path):
    """001:4301 "局政工科…随机抽取7名专家": a 抽取科室 "局政工科监督、科室抽取" (the section drew, 政工科 watched)
    was read as a draw by 局政工科 and passed; a cell that names another 科 too now needs review."""
    record = _base("W-15")
    for row in record["专家抽取"]:
        row["抽取科室"] = "局政工科监督、科室抽取"
    finding = _finding(_audit(tmp_path, record), "DRAW-BY-ZGK")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert finding["message"] == "抽取科室“局政工科监督、科室抽取”除局政工科外还写有其他科室，无法确认专家由局政工科抽取。"


def test_auditing_w11_says_why_it_has_no_round_rules(tmp_path):
    """W-11's seed section is a verbatim copy of the policy-drafting workflow (AMB-33): `audit -w W-11`
    said only 没有轮次审计规则, with no reason an inspector could put in the file."""
    from tests.helpers import ROOT, run_cli

    expected = "错误：流程 W-11 没有轮次审计规则：履职清单中本流程的正文是政策起草流程的逐字重复，没有申报单位的任何步骤，无从据以审核。"
    result = run_cli("audit", ROOT / "samples/rounds/compliant_W-12.json", "--workflow", "W-11", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr.strip()) == (2, expected)
    result = run_cli("template", "round", "--workflow", "W-11", "--out", tmp_path / "t.xlsx")
    assert (result.exit_code, result.stderr.strip()) == (2, expected)
