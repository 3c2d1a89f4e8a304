"""helper-140: records a careful office keeps correctly, tried against this session's new checks (handling ledgers
h136, audit h135, conditions h133): none of them may be flagged. Each test failed before its fix."""

from __future__ import annotations

import pytest

from tests.helpers import audit_record, compliant_round, findings_by_rule, read_case, run_cli, write_json

N04 = {"申报编号": "K1", "企业名称": "南阳甲电子有限公司", "统一社会信用代码": "91411303MA00000010", "事项": "N-04",
       "收件日期": "2024-03-04", "补正告知日期": None, "补正告知次数": 0, "补正完成日期": None, "受理结果": "受理",
       "受理日期": "2024-03-05", "受理凭证": "是", "不予受理理由": None, "决定": "准予", "决定日期": "2024-03-20",
       "决定理由": None}


def _case(tmp_path, rows: list[dict], workflow: str, case_id: str) -> dict:
    path = write_json(tmp_path / "ledger.json", rows)
    result = run_cli("check", path, "-w", workflow, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.stderr
    return read_case(tmp_path / "out", case_id)


def _input(case: dict) -> list[tuple[str, str]]:
    return [(f["rule_id"], f["message"]) for f in case["findings"] if f["rule_id"].startswith("INP-")]


@pytest.mark.parametrize(("item", "extra"), [
    # 004:60-61 提出初审意见 → 报送：按规定程序报市工信局审定: the district reports, the city decides (审定) after
    ("N-04", {"初审意见": "同意", "初审日期": "2024-03-10"}),
    # 004:70-71 the only 审核意见 is the province's, on the bases the district reported (对符合条件的企业上报市工信局)
    ("N-05", {"申报级别": "省级", "已获省级认定": "否"}),
    # 004:46 地方初审上报：向市工信部门上报并公示: no deciding step of the district's; what is decided comes after
    ("N-02", {"决定": "推荐", "自评价报告": "是", "第三方评估报告": "是", "纸质份数": 5, "电子稿": "是"}),
])
def test_a_decision_recorded_after_the_report_upward_is_no_date_error(tmp_path, item, extra):
    # h136 said "上报日期 2024-03-12 早于…决定日期 2024-03-25：作出决定后才上报，日期有误" and sent the row to review
    row = {**N04, "事项": item, **extra, "上报日期": "2024-03-12", "决定日期": "2024-03-25"}
    case = _case(tmp_path, [row], item, "K1")
    assert _input(case) == []


def test_a_report_before_the_decision_still_needs_review_where_the_seed_decides_first(tmp_path):
    # 004:88-89 公示（作出决定）→ 送达（按规定程序上报市工信局）: N-08 keeps the h136 check
    row = {**N04, "事项": "N-08", "现场核查日期": "2024-03-08", "现场核查人员": "张伟、李娜", "决定": "推荐",
           "上报日期": "2024-03-12", "决定日期": "2024-03-25", "省级方案": "否", "单位类别": None}
    case = _case(tmp_path, [row], "N-08", "K1")
    assert _input(case) == [(
        "INP-LEDGER-DATE",
        "JSON#1.上报日期 的上报日期 2024-03-12 早于 JSON#1.决定日期 的决定日期 2024-03-25：作出决定后才上报，日期有误；"
        "依赖此项的规则结论可能不可靠。")]


# --- audit: the room a draw was held in is no office ------------------------------------------------------------


@pytest.mark.parametrize("office", ["局政工科（在局三楼会议室抽取）", "局政工科（专家抽取室）"])
def test_the_room_of_the_draw_beside_the_bureaus_office_is_its_draw(tmp_path, office):
    # 001:2820 由局政工科…通过市工信局项目专家库随机抽取: a clerk notes where it was done; h135's 室 took the room for
    # another office ("除局政工科外还写有其他科室，无法确认专家由局政工科抽取", needs review)
    record = compliant_round("W-08")
    for row in record["专家抽取"]:
        row["抽取科室"] = office
    document = audit_record(tmp_path, record)
    assert findings_by_rule(document)["DRAW-BY-ZGK"] == ("pass", "compliant", f"专家由“{office}”抽取。")


def test_another_office_drawing_for_the_bureaus_office_still_needs_review(tmp_path):
    record = compliant_round("W-08")
    for row in record["专家抽取"]:
        row["抽取科室"] = "政工科（办公室代抽）"
    assert findings_by_rule(audit_record(tmp_path, record))["DRAW-BY-ZGK"] == (
        "missing", "needs_review", "抽取科室“政工科（办公室代抽）”除局政工科外还写有其他科室，无法确认专家由局政工科抽取。")


# --- conditions: a change in a count may be below 0 -----------------------------------------------------------


# h151's wording: 填写为…，本轮条件要求… in words, a count with the unit its condition names (人), if it names one
@pytest.mark.parametrize(("wording", "column", "value", "message"), [
    ("上年度新增就业人数不少于10人", "新增就业人数", "10", "新增就业人数填写为 -3 人，本轮条件要求不少于 10 人，不符合本条件。"),
    ("从业人员较上年增长不少于5人", "从业人员增长数", "5", "从业人员增长数填写为 -3 人，本轮条件要求不少于 5 人，不符合本条件。"),
    ("净增就业人数不少于0", "净增就业人数", "0", "净增就业人数填写为 -3，本轮条件要求不少于 0，不符合本条件。"),
])
def test_a_change_in_a_headcount_below_zero_is_a_figure_that_fails(tmp_path, wording, column, value, message):
    # h133 read any negative 数值 under a header naming people as a slip ("人数、件数等不能为负数", INP-NUMBER, the
    # condition 待补充): a firm whose workforce shrank reports -3 correctly, and fails the condition
    from tests.test_hostile_h133 import _c, _check

    assert _check(tmp_path, _c(1, wording, column, "数值", "≥", value), [column], [-3]) == (
        1, ("fail", message), [])


def test_a_negative_headcount_is_still_an_input_finding(tmp_path):
    from tests.test_hostile_h133 import _c, _check

    assert _check(tmp_path, _c(1, "从业人员不少于10人", "从业人数", "数值", "≥", "10"), ["从业人数"], [-3]) == (1, (
        "missing", "从业人数“-3”无法识别，无法核对本条件（本轮条件要求不少于 10 人）。"), [(
            "INP-NUMBER", "申报汇总表!L2 的从业人数“-3”无法识别（为负数 -3）；应为：不小于 0 的数（人数、件数等不能为负数），"
            "如 120、120人。依赖此项的规则判为“待补充”。")])
