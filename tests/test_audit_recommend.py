"""Recommendation rounds (W-17 … W-23): the round's counts must be whole numbers, a countersignature
must name its unit, the template lists the workflow's steps, and the W-23 diagnosis sheet survives
the workbook form. Each bad value is a finding naming the cell or the row, never a pass."""

from __future__ import annotations

import json

import pytest

from openpyxl import load_workbook

from checker.audit.evaluate import RoundAuditor
from checker.audit.patch import apply_patch
from checker.audit.record import record_from_mapping
from checker.audit.template import write_round_workbook
from checker.core.rulebook import load_rulebook
from tests.helpers import SAMPLES, read_json, run_cli

BOOK = load_rulebook()


def _audit(base: str, patch: dict):
    record = record_from_mapping(apply_patch(BOOK.bases[base], patch), BOOK.vocabulary.step_keys, source="r.json",
                                 repeating=BOOK.vocabulary.repeating_steps)
    result = RoundAuditor(BOOK, engine="reference").evaluate(record)
    return result, {f["rule_id"]: f for f in result.findings}


def _brief(finding: dict) -> dict:
    return {k: finding[k] for k in ("rule_id", "outcome", "grade", "message", "evidence") if k in finding}


def test_a_count_that_is_not_a_whole_number_is_named_and_the_quota_rule_waits_for_it():
    result, by_rule = _audit("W-17-compliant", {"轮次": {"申报数量": "12.5", "省定推荐数量": "约八家"}})
    values = [f for f in result.findings if f["rule_id"] == "INP-ROUND-VALUE"]
    assert [(f["message"], f["evidence"]) for f in values] == [
        ("轮次 第 1 行（轮次#1.申报数量）的值“12.5”无法识别，应为不小于 0 的整数。",
         {"application_count": "12.5", "source": "轮次#1.申报数量", "sheet": "轮次", "row": 1}),
        ("轮次 第 1 行（轮次#1.省定推荐数量）的值“约八家”无法识别，应为不小于 0 的整数。",
         {"province_quota": "约八家", "source": "轮次#1.省定推荐数量", "sheet": "轮次", "row": 1}),
    ]
    assert _brief(by_rule["APP-QUOTA-EXPERT-REVIEW"]) == {
        "rule_id": "APP-QUOTA-EXPERT-REVIEW", "outcome": "missing", "grade": "needs_review",
        "message": "轮次表未填写申报数量或无法识别（12.5），无法判断是否须召开专家论证会。",
        "evidence": {"申报数量": "12.5", "省定推荐数量": "约八家", "专家论证会": "2021-04-06", "初步建议名单": "2021-04-16",
                     "source": "轮次#1.申报数量; 轮次#1.省定推荐数量; 流程节点#6.日期; 流程节点#8.日期"},
    }
    assert result.verdict == "needs_review"


def test_counts_written_with_a_measure_word_are_read():
    result, by_rule = _audit("W-17-compliant", {"轮次": {"申报数量": "12家", "省定推荐数量": 8.0}})
    assert by_rule["APP-QUOTA-EXPERT-REVIEW"]["message"] == (
        "申报数量 12家 超过省定推荐数量 8，已在初步建议名单 2021-04-16 前召开专家论证会：2021-04-06，专家意见：专家论证意见（流程节点#6.日期）。")
    assert result.verdict == "compliant"


def test_a_whole_number_stored_as_text_with_a_decimal_point_is_read_as_the_number():
    """"8.0" typed into a text cell is the number 8, as 8.0 in a number cell is (was: 无法识别)."""
    result, by_rule = _audit("W-17-compliant", {"轮次": {"申报数量": "12.0", "省定推荐数量": "8.0"}})
    assert [f for f in result.findings if f["rule_id"] == "INP-ROUND-VALUE"] == []
    assert by_rule["APP-QUOTA-EXPERT-REVIEW"]["outcome"] == "pass"
    assert result.verdict == "compliant"
    result, by_rule = _audit("W-17-compliant", {"轮次": {"申报数量": "-3", "省定推荐数量": True}})
    assert [f["message"] for f in result.findings if f["rule_id"] == "INP-ROUND-VALUE"] == [
        "轮次 第 1 行（轮次#1.申报数量）的值“-3”无法识别，应为不小于 0 的整数。",
        "轮次 第 1 行（轮次#1.省定推荐数量）的值“是”无法识别，应为不小于 0 的整数。"]


def test_a_countersignature_naming_no_unit_is_named_by_its_row():
    result, by_rule = _audit("W-20-compliant", {"流程节点": {"[6]": {"报送对象": ""}}})
    assert _brief(by_rule["PROC-COUNTERSIGN"]) == {
        "rule_id": "PROC-COUNTERSIGN", "outcome": "missing", "grade": "needs_review",
        "message": "会签未写明会签单位：流程节点#6.日期 的会签未写明会签单位（报送对象或备注）；“联合发文”（2021-03-05）前已会签："
                   "2021-03-03 市市场监管局（流程节点#2.日期）；“报省”（2021-04-27）前、“征求意见”（2021-04-19）后的会签未含市市场监管局：2021-04-22 未写明单位（流程节点#6.日期）。",
        "evidence": {"会签": "2021-03-03", "会签（第2次）": "2021-04-22", "联合发文": "2021-03-05", "征求意见": "2021-04-19",
                     "报省": "2021-04-27", "source": "流程节点#2.日期; 流程节点#6.日期; 流程节点#3.日期; 流程节点#5.日期; 流程节点#7.日期"},
    }
    assert result.verdict == "needs_review" and result.reference_basis == "联合发文日期"


def test_w20_with_one_countersignature_only_fails_naming_the_missing_one():
    result, by_rule = _audit("W-20-compliant", {"流程节点": {"[6]": None}})
    assert _brief(by_rule["PROC-COUNTERSIGN"])["message"] == (
        "缺少流程规定的会签：“联合发文”（2021-03-05）前已会签：2021-03-03 市市场监管局（流程节点#2.日期）；“报省”（2021-04-27）前、“征求意见”（2021-04-19）后没有会签。")
    assert result.verdict == "noncompliant"


def test_the_template_of_a_recommendation_round_lists_its_steps_and_counts(tmp_path):
    result = run_cli("template", "round", "--workflow", "W-17", "--out", tmp_path / "w17.xlsx")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "w17.xlsx")
    # W-17's duty list has no 公示: no such sheet (71f78c2); no expert draw or archive list either (h38)
    assert workbook.sheetnames == ["轮次", "流程节点", "说明"]
    assert [c.value for c in workbook["轮次"][1]][-2:] == ["申报数量", "省定推荐数量"]
    steps = [row[0] for row in workbook["流程节点"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert steps == ["省通知", "发布通知", "区市初审", "区市推荐", "格式审查", "专家论证会", "修改完善", "初步建议名单", "局领导审签", "报省"]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in workbook["流程节点"].data_validations.dataValidation}
    assert lists["A2"].startswith('"省通知,发布通知,区市初审,区市推荐,格式审查,专家论证会,修改完善,初步建议名单,局领导审签,报省,事前报告,')
    w23 = tmp_path / "w23.xlsx"
    assert run_cli("template", "round", "--workflow", "W-23", "--out", w23).exit_code == 0
    sheet = load_workbook(w23)["诊断服务"]
    assert [c.value for c in sheet[1]] == ["企业名称", "服务机构", "协议日期", "报告日期"]


def test_the_w23_model_round_as_a_workbook_is_compliant_and_a_missing_report_names_the_enterprise(tmp_path):
    write_round_workbook(BOOK.bases["W-23-compliant"], tmp_path / "w23.xlsx")
    result = run_cli("audit", tmp_path / "w23.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert read_json(tmp_path / "out" / "round.json")["verdict"] == "compliant"
    broken = apply_patch(BOOK.bases["W-23-compliant"], {"诊断服务": {"[2]": {"报告日期": ""}}})
    write_round_workbook(broken, tmp_path / "broken.xlsx")
    result = run_cli("audit", tmp_path / "broken.xlsx", "--out", tmp_path / "out2")
    finding = next(f for f in read_json(tmp_path / "out2" / "round.json")["findings"] if f["rule_id"] == "PROC-DIAGNOSIS-PER-ENTERPRISE")
    assert (result.exit_code, finding["outcome"], finding["message"]) == (
        1, "fail", "共 3 家企业，以下企业的服务协议或诊断报告有问题：乙公司：未记录诊断报告日期（诊断服务!D3）。")


def test_the_w22_list_is_checked_against_the_provinces_conditions_given_as_a_conditions_file(tmp_path):
    from tests.helpers import SAMPLES

    listed = SAMPLES / "check" / "W-12_applications.xlsx"  # any proposed list with the conditions' columns
    result = run_cli("check", listed, "--workflow", "W-22", "--out", tmp_path / "none")
    assert (result.exit_code, result.stderr.strip()) == (2, "错误：流程 W-22 的推荐条件由上级通知确定，须用 --conditions 给出条件文件。")
    result = run_cli("check", listed, "--workflow", "W-22", "--conditions", SAMPLES / "conditions" / "W-12_conditions.xlsx",
                     "--as-of", "2021-06-30", "--out", tmp_path / "out")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert result.exit_code == 1 and summary["workflow"] == "W-22"
    # only the round's conditions decide: the W-12 rules (truth pledge, district review…) are not applied
    assert [(c["case_id"], c["failed_rules"], c["missing_rules"]) for c in summary["cases"] if c["verdict"] != "eligible"] == [
        ("W12-13", ["COND-1"], []), ("W12-14", ["COND-2"], []), ("W12-15", ["COND-3"], []), ("W12-16", ["INP-PERCENT"], ["COND-3"]),
        ("W12-17", ["COND-4"], []), ("W12-18", ["COND-5"], []), ("W12-19", ["COND-6"], []), ("W12-20", ["COND-7"], []),
    ]


def test_a_fund_step_dated_before_the_decision_is_named_by_its_row():
    result, by_rule = _audit("W-12-compliant", {"流程节点": {"+": [{"节点": "资金拨付", "日期": "2020-04-20", "发文单位": "市财政局"}]}})
    finding = _brief(by_rule["LIFE-AFTER-DECISION"])
    assert {k: finding[k] for k in ("outcome", "grade", "message")} == {
        "outcome": "fail", "grade": "needs_review",
        "message": "以下资金环节早于党组会决定 2020-04-22（流程节点#11.日期）：资金拨付 2020-04-20（流程节点#14.日期）。"}
    assert result.verdict == "needs_review"


def test_a_fund_step_of_the_wrong_owner_is_named_with_the_blank_ones_beside_it():
    """A fail named only the wrong owners: a row with no owner at all went unmentioned."""
    result, by_rule = _audit("W-12-compliant", {"流程节点": {"+": [{"节点": "资金拨付", "日期": "2020-05-20", "发文单位": "市工信局"},
                                                               {"节点": "项目实施", "日期": "2020-06-01"}]}})
    finding = _brief(by_rule["LIFE-OWNER"])
    assert {k: finding[k] for k in ("outcome", "grade", "message")} == {
        "outcome": "fail", "grade": "needs_review",
        "message": "资金环节的承办部门与分工不符：资金拨付（流程节点#14.日期）记为“市工信局”，应为财政；"
                   "另有未写明承办部门的：项目实施（流程节点#15.日期）。"}


def test_the_w12_sample_with_its_fund_steps(tmp_path):
    from tests.helpers import ROUNDS

    result = run_cli("audit", ROUNDS / "lifecycle_W-12.xlsx", "--out", tmp_path, "--ledger", ROUNDS / "ledger.db")
    data = read_json(tmp_path / "round.json")
    assert (result.exit_code, data["verdict"]) == (1, "needs_review")
    assert {f["rule_id"]: (f["outcome"], f["grade"], f["message"]) for f in data["findings"] if f["rule_id"].startswith("LIFE-")} == {
        "LIFE-AFTER-DECISION": ("pass", "compliant",
                                "资金环节均在党组会决定 2020-04-22（流程节点!B12） 之后：财政审核 2020-05-08（流程节点!B14）；资金拨付 2020-05-20（流程节点!B15）；"
                                "项目实施 2020-06-01（流程节点!B16）；项目验收 2020-12-10（流程节点!B18）；绩效评价 2021-03-15（流程节点!B19）；"
                                "监督检查 2021-04-20（流程节点!B20）。"),
        "LIFE-STEP-ORDER": ("pass", "compliant",
                            "资金环节按 分配方案 → 财政审核 → 资金拨付 → 项目实施 → 项目验收 → 绩效评价；资金拨付 → 监督检查 的顺序进行。"),
        "LIFE-OWNER": ("fail", "needs_review", "资金环节的承办部门与分工不符：项目验收（流程节点!B18）记为“市财政局”，应为业务主管部门。"),
    }
    assert [f["rule_id"] for f in data["findings"] if f["outcome"] not in ("pass", "not_applicable")] == ["LIFE-OWNER"]


def test_a_unit_named_only_to_be_negated_has_not_countersigned():
    from checker.audit.facts.recommend import names_unit

    assert names_unit("会签单位：市市场监管局", "市市场监管局")
    assert names_unit("市发展改革委、市市场监管局", "市市场监管局")
    assert not names_unit("不需要市市场监管局会签", "市市场监管局")
    assert not names_unit("本次未经市市场监管局会签", "市市场监管局")
    assert names_unit("不需要市水务局；市市场监管局已会签", "市市场监管局")


def test_the_step_order_evidence_of_a_recommendation_round_is_its_own_steps():
    """PROC-STEP-ORDER read the 三重一大 steps (事前报告 … 决策备案): a W-17 round's report showed five
    "无…行" lines for steps W-17 does not have. It reads 流程节点.* now: the round's workflow steps."""
    _result, by_rule = _audit("W-17-compliant", {})
    evidence = by_rule["PROC-STEP-ORDER"]["evidence"]
    assert [key for key in evidence if key not in ("source", "sources")] == [
        "省通知", "发布通知", "区市推荐", "格式审查", "专家论证会", "修改完善", "初步建议名单", "局领导审签", "报省", "区市初审"]
    assert "事前报告" not in evidence and "无“" not in evidence["source"]


def test_counts_in_chinese_numerals_are_read_as_written():
    """申报数量 十二家 and 省定推荐数量 八家, as a clerk writes them: 12 and 8 (more than the quota)."""
    result, by_rule = _audit("W-17-compliant", {"轮次": {"申报数量": "十二家", "省定推荐数量": "八家"}})
    assert not [f for f in result.findings if f["rule_id"] == "INP-ROUND-VALUE"]
    quota = by_rule["APP-QUOTA-EXPERT-REVIEW"]
    assert (quota["outcome"], quota["message"]) == ("pass", "申报数量 十二家 超过省定推荐数量 八家，已在初步建议名单 2021-04-16 前召开专家论证会："
                                                            "2021-04-06，专家意见：专家论证意见（流程节点#6.日期）。")


@pytest.mark.parametrize("workflow,final", [("W-17", "报省 2021-04-27"), ("W-18", "下发公布文件 2021-04-27")])
def test_the_leader_signoff_names_the_step_its_workflow_ends_with(workflow, final, tmp_path):
    """W-17's pass read "…之后、报省 2021-04-27（下发公布文件 （未记录））之前", a step W-17 does not have
    (h33's leftover); each workflow's message names its own final step."""
    result = run_cli("audit", SAMPLES / "rounds" / f"recommend_{workflow}.xlsx", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    record = json.loads((tmp_path / "out" / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in record["findings"] if f["rule_id"] == "PROC-LEADER-SIGNOFF")
    assert (finding["outcome"], finding["message"]) == ("pass", f"局领导审签 2021-04-22，在初步建议名单 2021-04-16 之后、{final} 之前。")
