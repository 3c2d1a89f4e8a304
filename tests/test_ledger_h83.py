"""helper-83's handling-ledger findings (seed 004, 南阳市卧龙区工业和信息化局权责清单)."""

from __future__ import annotations

import pytest

from tests.helpers import read_case, run_cli, write_json

N07 = {"申报编号": "O-1", "企业名称": "示例1有限公司", "统一社会信用代码": "91411303MA0000501C", "事项": "N-07",
       "收件日期": "2024-02-01", "补正告知次数": 0, "受理结果": "受理", "受理日期": "2024-02-02", "决定": "准予",
       "决定日期": "2024-02-20", "公示开始": "2024-03-01", "公示结束": "2024-03-07", "异议数": 1,
       "异议处理结果": "异议已处理", "公告日期": "2024-03-15", "补正告知日期": None, "不予受理理由": None, "决定理由": None,
       "现场核查日期": None, "现场核查人员": None}


def _ledger_finding(tmp_path, rule: str, row: dict, workflow: str = "N-07") -> dict:
    path = write_json(tmp_path / "ledger.json", [row])
    run_cli("check", path, "-w", workflow, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", row["申报编号"])
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return {"outcome": found["outcome"], "message": found["message"], "verdict": case["verdict"]}


@pytest.mark.parametrize("result", ["异议已处理", "已答复", "已处理完毕", "已办结"])
def test_an_objection_dealt_with_without_saying_whether_it_held_needs_review(tmp_path, result):
    # 004:82 "无异议后予以公告": 已处理 says the objection was dealt with, not that it did not hold
    assert _ledger_finding(tmp_path, "DISC-ANNOUNCE-NO-OBJECTION", {**N07, "异议处理结果": result}) == {
        "outcome": "missing", "verdict": "needs_review",
        "message": f"公示收到异议 1 件，处理结果为“{result}”，未写明异议是否成立，无法核对公告（2024-03-15）前是否无异议。"}


@pytest.mark.parametrize("result", ["经核实异议不成立", "异议人已撤回异议", "经核实反映问题不存在，予以驳回"])
def test_an_objection_found_groundless_or_withdrawn_lets_the_announcement_pass(tmp_path, result):
    found = _ledger_finding(tmp_path, "DISC-ANNOUNCE-NO-OBJECTION", {**N07, "异议处理结果": result})
    assert found == {"outcome": "pass", "verdict": "compliant",
                     "message": f"公示异议数：1，处理结果：{result}；公告（2024-03-15）前无未处理的异议。"}


N06 = {"申报编号": "P-1", "企业名称": "示例1有限公司", "统一社会信用代码": "91411303MA0000801D", "事项": "N-06",
       "收件日期": "2024-03-04", "补正告知次数": 0, "补正告知日期": None, "受理结果": "受理", "受理日期": "2024-03-05",
       "受理凭证": "是", "不予受理理由": None, "现场核查日期": "2024-03-08", "现场核查人员": "张伟和李娜", "决定": "准予",
       "决定日期": "2024-03-20", "决定理由": None}


@pytest.mark.parametrize("staff", ["张伟和李娜", "张伟及李娜", "张伟与李娜", "司马光与诸葛亮"])
def test_two_staff_joined_by_a_word_are_two(tmp_path, staff):
    # 004:76 "应当指派两名以上工作人员进行现场核查": 张伟和李娜 is two people, not one named 张伟和李娜
    found = _ledger_finding(tmp_path, "APP-ONSITE-2-STAFF", {**N06, "现场核查人员": staff}, "N-06")
    assert (found["outcome"], found["verdict"]) == ("pass", "compliant")


@pytest.mark.parametrize("staff", ["欧阳和平", "张和平"])
def test_a_name_with_he_in_it_stays_one_name(tmp_path, staff):
    found = _ledger_finding(tmp_path, "APP-ONSITE-2-STAFF", {**N06, "现场核查人员": staff}, "N-06")
    assert (found["outcome"], found["message"]) == ("fail", f"现场核查（2024-03-08）只有 1 名工作人员（{staff}），少于 2 名。")


def _n08(number: int, uscc: str, name: str) -> dict:
    return {"申报编号": f"T{number}", "企业名称": name, "统一社会信用代码": uscc, "事项": "N-08", "收件日期": "2024-05-06",
            "补正告知次数": 0, "补正告知日期": None, "受理结果": "受理", "受理日期": "2024-05-07", "不予受理理由": None,
            "现场核查日期": "2024-05-10", "现场核查人员": "张伟、李娜", "决定": "推荐", "决定日期": "2024-05-20", "决定理由": None,
            "申报级别": "国家级", "省级方案": "否", "单位类别": "省", "上报日期": "2024-05-25"}


def test_a_line_pasted_twice_is_one_enterprise_under_the_cap(tmp_path):
    # 004:86 "推荐企业不超过3家" counts enterprises: T3 entered twice is still three enterprises
    rows = [_n08(1, "91411303MA00001010", "甲科技有限公司"), _n08(2, "91411303MA00002023", "乙科技有限公司"),
            _n08(3, "91411303MA0000303X", "丙科技有限公司"), _n08(3, "91411303MA0000303X", "丙科技有限公司")]
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "-w", "N-08", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "T1")
    found = next(f for f in case["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP")
    assert (found["outcome"], found["message"]) == ("pass", "本事项 2024 年度推荐 3 家，未超过名额。")


@pytest.mark.parametrize("count", ["2件", "共2项", "2个项目"])
def test_a_total_line_with_its_count_in_the_id_column_is_set_aside(tmp_path, count):
    # 合计 | 5件 (the count of lines where the 申报编号 stands) was checked as an application named 5件;
    # in a ledger without --workflow it stopped the run (its 事项 blank)
    from openpyxl import Workbook

    from tests.helpers import read_json
    from tests.test_hostile_h28 import APPLICATION, W05

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", *APPLICATION])
    sheet.append([1, *APPLICATION.values()])
    sheet.append([2, *{**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": None}.values()])
    sheet.append(["合计", count, *[None] * (len(APPLICATION) - 1)])
    book.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([4], ["H28-1", "H28-2"])


def test_a_refused_enterprise_put_on_the_disclosure_and_announced_is_not_compliant(tmp_path):
    # 004:81 "符合规范条件要求的进行公示", 82 "无异议后予以公告": S08 decided 不准予 (不符合规范条件) was 公示 and
    # 公告 and the row was compliant, no finding
    row = {**N07, "申报编号": "S-8", "决定": "不准予", "决定理由": "不符合规范条件", "异议数": 0, "异议处理结果": None,
           "公告日期": "2024-03-08"}
    assert _ledger_finding(tmp_path, "DISC-ANNOUNCE-AFTER-DISCLOSURE", row) == {
        "outcome": "fail", "verdict": "noncompliant",
        "message": "决定为“不准予”，台账却记有公示或公告（公示 2024-03-01 至 2024-03-07，公告 2024-03-08）；"
                   "权责清单规定符合规范条件要求的才进行公示，无异议后予以公告。"}


def test_a_ledger_of_several_items_is_titled_once_on_screen(tmp_path):
    # "N-04 N-04 国家中小企业发展专项资金项目初审、N-06 …": the title names each item with its code already
    path = write_json(tmp_path / "ledger.json", [N06, {**N06, "申报编号": "P-2", "事项": "N-04"}])
    result = run_cli("check", path, "--out", tmp_path / "out")
    first = result.output.splitlines()[0]
    assert first.startswith("N-04 国家中小企业发展专项资金项目初审、N-06 省级工业新产品综合评价: 2 件申报"), first


def test_one_code_filled_down_beside_several_names_is_several_enterprises(tmp_path):
    # helper-86: four enterprises under one USCC (filled down by mistake) were counted as 1 家 and passed
    rows = [_n08(n, "91411303MA00001010", f"{name}科技有限公司") for n, name in enumerate("甲乙丙丁", 1)]
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "-w", "N-08", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "T1")["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP")
    assert (found["outcome"], found["message"]) == ("fail", "未开展省级认定，本事项 2024 年度推荐 4 家，超过 3 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。")


@pytest.mark.parametrize("start,decided,announced", [("无", "2024-02-20", None), ("2024-03-01", "2024-03-10", None)])
def test_a_refused_row_without_a_real_disclosure_after_its_decision_is_not_failed(tmp_path, start, decided, announced):
    # helper-86: 公示开始 “无” (no 公示) counted as published; a 公示 held before the decision, whose objection
    # led to the refusal, is 004:81-82 working, not a breach
    row = {**N07, "申报编号": "S-9", "决定": "不准予", "决定日期": decided, "公示开始": start,
           "公示结束": None if start == "无" else "2024-03-07", "异议数": 1, "异议处理结果": "异议成立", "公告日期": announced}
    found = _ledger_finding(tmp_path, "DISC-ANNOUNCE-AFTER-DISCLOSURE", row)
    assert found["outcome"] != "fail", found


def test_an_objection_result_rejecting_the_enterprise_is_not_read_as_the_objection_rejected(tmp_path):
    found = _ledger_finding(tmp_path, "DISC-ANNOUNCE-NO-OBJECTION", {**N07, "异议处理结果": "异议核实后，驳回该企业申请"})
    assert (found["outcome"], found["verdict"]) == ("missing", "needs_review")


@pytest.mark.parametrize("staff,names", [("欧阳和平与张伟", ["欧阳和平", "张伟"]), ("张伟与欧阳和平", ["张伟", "欧阳和平"]),
                                         ("张伟和李娜与王强", ["张伟", "李娜", "王强"]), ("王和平和李娜", ["王和平", "李娜"]),
                                         # the joining word set apart by spaces, as typed to line names up
                                         ("张伟 和 李娜", ["张伟", "李娜"]), ("张 三 及 李 四", ["张三", "李四"]),
                                         ("欧阳和平 与 张伟", ["欧阳和平", "张伟"])])
def test_names_joined_by_words_are_split_where_each_part_is_a_name(staff, names):
    from checker.check.facts.ledger import staff_names

    assert staff_names(staff) == names


def test_a_repeated_line_with_its_name_left_blank_is_the_same_enterprise(tmp_path):
    # helper-87: the 4th line repeating T1's code with 企业名称 blank was a fourth enterprise (4 家, fail)
    rows = [_n08(1, "91411303MA00001010", "甲科技有限公司"), _n08(2, "91411303MA00002023", "乙科技有限公司"),
            _n08(3, "91411303MA0000303X", "丙科技有限公司"), _n08(4, "91411303MA00001010", None)]
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "-w", "N-08", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "T1")["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP")
    assert (found["outcome"], found["message"]) == ("pass", "本事项 2024 年度推荐 3 家，未超过名额。")


@pytest.mark.parametrize("result,outcome", [("异议核实后驳回该企业申请", "missing"), ("因异议撤回该企业申报", "missing"),
                                            ("异议处理：驳回企业申请", "missing"), ("异议不成立，驳回异议", "pass"),
                                            ("异议被驳回", "pass"), ("异议人已撤回异议", "pass")])
def test_rejecting_the_enterprise_is_not_rejecting_the_objection(result, outcome):
    from checker.core.objections import states_outcome

    assert states_outcome(result) == (outcome == "pass")


def test_a_refused_row_disclosed_with_no_decision_date_needs_review(tmp_path):
    row = {**N07, "申报编号": "S-7", "决定": "不准予", "决定日期": None, "决定理由": "不符合规范条件", "异议数": 0,
           "异议处理结果": None, "公告日期": None}
    found = _ledger_finding(tmp_path, "DISC-ANNOUNCE-AFTER-DISCLOSURE", row)
    assert (found["outcome"], found["verdict"]) == ("missing", "needs_review")
