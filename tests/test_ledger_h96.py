"""helper-96's handling-ledger findings (seed 004, 南阳市卧龙区工业和信息化局权责清单): how the 决定 cell is read."""

from __future__ import annotations

import json

import pytest

from tests.helpers import read_case, run_cli, write_json
from tests.test_ledger_h83 import _n08


def _findings(tmp_path, rows: list[dict], workflow: str, rule: str) -> dict:
    """{申报编号: (outcome, message)} of ``rule`` for every row."""
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "-w", workflow, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = {}
    for row in rows:
        case = read_case(tmp_path / "out", row["申报编号"])
        finding = next(f for f in case["findings"] if f["rule_id"] == rule)
        found[row["申报编号"]] = (finding["outcome"], finding["message"])
    return found


@pytest.mark.parametrize("word", ["准予", "同意", "通过", "同意推荐"])
def test_an_approval_written_in_a_recommending_item_counts_under_the_cap(tmp_path, word):
    # 004:88 N-08 "作出决定，准予许可…" then 004:89 "按规定程序上报": a 准予 there is the recommendation
    # 004:86 caps; written 同意 or 通过, five rows sent up were 合规 (only 推荐 was counted)
    codes = ["91411303MA00001010", "91411303MA00002023", "91411303MA0000303X", "91411303MA00004043", "91411303MA00005051"]
    rows = [{**_n08(n, code, f"{name}科技有限公司"), "决定": word if n > 1 else "推荐"}
            for n, (code, name) in enumerate(zip(codes, "甲乙丙丁戊"), 1)]
    found = _findings(tmp_path, rows, "N-08", "APP-RECOMMEND-CAP")
    assert set(found.values()) == {("fail", "未开展省级认定，本事项 2024 年度推荐 5 家，超过 3 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。")}


def test_an_approval_written_in_an_intelligent_factory_ledger_needs_its_rank_and_onsite_check(tmp_path):
    # 004:90 到企业现场进行真实性核查，择优…推荐; 004:91 汇总排序后…行文推荐: 准予 or 同意 there recommends
    row = {"申报编号": "H01", "企业名称": "甲智能制造有限公司", "统一社会信用代码": "91411303MA00001010", "事项": "N-09",
           "收件日期": "2024-05-06", "补正告知次数": 0, "补正告知日期": None, "受理结果": "受理", "受理日期": "2024-05-07",
           "不予受理理由": None, "现场核查日期": None, "现场核查人员": None, "决定": "同意", "决定日期": "2024-05-20",
           "决定理由": None, "排序": None, "上报日期": "2024-05-25"}
    assert _findings(tmp_path, [row], "N-09", "APP-RANKED-RECOMMENDATION") == {"H01": ("fail", "决定推荐，但台账未记载排序。")}
    assert _findings(tmp_path, [row], "N-09", "APP-ONSITE-AUTHENTICITY") == {"H01": ("fail", "决定推荐，但台账未记载现场核查。")}


@pytest.mark.parametrize("word", ["同意不予许可", "经审核，同意不予许可", "同意不准予"])
def test_agreeing_to_a_refusal_is_a_refusal_that_needs_its_reasons(tmp_path, word):
    # 004:57 对于不予行政许可的，书面告知申请单位或企业，并说明理由: 同意不予许可 read as 同意 (a grant) passed
    row = {"申报编号": "D04", "企业名称": "某煤矿有限公司", "统一社会信用代码": "91411303MA00001010", "事项": "N-03",
           "收件日期": "2024-05-06", "补正告知次数": 0, "补正告知日期": None, "受理结果": "受理", "受理日期": "2024-05-07",
           "不予受理理由": None, "决定": word, "决定日期": "2024-05-20", "决定理由": None, "书面告知": "否"}
    assert _findings(tmp_path, [row], "N-03", "APP-REFUSAL-REASONS") == {"D04": ("fail", f"决定为“{word}”，但台账未记载决定理由。")}


N04 = {"申报编号": "C03", "企业名称": "某电子有限公司", "统一社会信用代码": "91411303MA0000101M", "事项": "N-04",
       "收件日期": "2024-03-04", "补正告知次数": 0, "补正告知日期": None, "受理结果": "不予受理", "受理日期": None,
       "受理凭证": "是", "不予受理理由": "不属于本机关职权范围", "决定": "准予", "决定日期": "2024-03-20", "决定理由": None}


def _case(tmp_path, row: dict, workflow: str) -> dict:
    run_cli("check", write_json(tmp_path / "ledger.json", [row]), "-w", workflow, "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    return read_case(tmp_path / "out", row["申报编号"])


def test_a_grant_after_a_refusal_to_accept_needs_review_where_no_rule_says_it(tmp_path):
    # N-04 has no APP-REVIEW-AFTER-ACCEPTANCE (its duty list does not say 应当受理后): 不予受理 beside 准予 was 合规
    case = _case(tmp_path, N04, "N-04")
    assert case["verdict"] == "needs_review"
    assert [f["message"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == [
        "JSON#1.受理结果 的受理结果为“不予受理”，而 JSON#1.决定 的决定为“准予”：不予受理的申请不进入审核和决定，两处记载矛盾；"
        "依赖此项的规则结论可能不可靠。"]


def test_a_decision_dated_before_the_acceptance_needs_review_where_no_rule_says_it(tmp_path):
    row = {**N04, "受理结果": "受理", "受理日期": "2024-03-25", "决定日期": "2024-03-10", "不予受理理由": None}
    case = _case(tmp_path, row, "N-04")
    assert case["verdict"] == "needs_review"
    assert [f["message"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == [
        "JSON#1.决定日期 的决定日期 2024-03-10 早于 JSON#1.受理日期 的受理日期 2024-03-25：未受理的申请不作决定，日期有误；"
        "依赖此项的规则结论可能不可靠。"]


def test_in_an_item_whose_rule_says_it_the_contradiction_is_the_rules_alone(tmp_path):
    # N-09 has APP-REVIEW-AFTER-ACCEPTANCE: no second, input finding beside the rule's
    row = {**N04, "申报编号": "G05", "事项": "N-09", "决定": "推荐", "现场核查日期": "2024-03-10", "排序": 1,
           "上报日期": "2024-03-25"}
    case = _case(tmp_path, row, "N-09")
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []
    assert next(f["outcome"] for f in case["findings"] if f["rule_id"] == "APP-REVIEW-AFTER-ACCEPTANCE") == "fail"


@pytest.mark.parametrize("word", ["未通过", "经审核，未通过"])
def test_not_passed_is_a_refusal(tmp_path, word):
    case = _case(tmp_path, {**N04, "事项": "N-03", "受理结果": "受理", "受理日期": "2024-03-05", "不予受理理由": None,
                            "决定": word, "书面告知": "是"}, "N-03")
    assert next((f["outcome"], f["message"]) for f in case["findings"] if f["rule_id"] == "APP-REFUSAL-REASONS") == (
        "fail", f"决定为“{word}”，但台账未记载决定理由。")


def test_a_refusing_decision_without_reasons_is_asked_for_them_only_where_the_duty_list_asks(tmp_path):
    # 004:57 (N-03) 对于不予行政许可的，书面告知…并说明理由; N-04's 004:60 says only 准予许可或者不准予许可 (h96:
    # failing it cited lines that ask for no reasons)
    row = {**N04, "受理结果": "受理", "受理日期": "2024-03-05", "不予受理理由": None, "决定": "不准予"}
    case = _case(tmp_path, row, "N-04")
    assert next((f["outcome"], f["message"]) for f in case["findings"] if f["rule_id"] == "APP-REFUSAL-REASONS") == (
        "not_applicable", "决定为“不准予”，台账未记载决定理由；本事项的权责清单对决定只规定“准予许可或者不准予许可”，"
        "未要求说明不准予的理由，本项不作要求（如已告知理由，可在决定理由中记载）。")


def test_a_ledger_checked_under_an_application_workflow_says_what_it_was_checked_under(tmp_path):
    # -w W-05 on an N-07 ledger: checked as N-07 in silence (summary.json said N-07, nothing said W-05)
    from tests.helpers import SAMPLES

    result = run_cli("check", SAMPLES / "ledgers" / "N-07_受理台账.xlsx", "-w", "W-05", "--out", tmp_path / "out")
    note = ("指定的流程 W-05（工业企业技术改造补助资金项目审核）不是受理台账事项，而输入文件有“事项”列，是受理台账："
            "各行按其事项（N-07）审核，未按 W-05 审核；如要审核申报表，请提交申报表而非受理台账。")
    assert f"未核对：{note}" in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert note in summary["not_checked"]


def test_on_the_spot_beside_a_blank_receipt_date_asks_for_the_receipt_date(tmp_path):
    # README: 当场 reads as the 收件日期; with none, the word was called 无法识别 and a date asked for instead
    row = {**N04, "受理结果": "受理", "受理日期": "2024-03-05", "不予受理理由": None, "收件日期": None,
           "补正告知日期": "当场", "补正告知次数": 1}
    case = _case(tmp_path, row, "N-04")
    found = [(f["message"], f["remedy"]) for f in case["findings"] if f["rule_id"] == "INP-DATE"]
    assert found == [("JSON#1.补正告知日期 的补正告知日期为“当场”，即收件当日，而收件日期未填写，无法确定告知日期；依赖此项的规则判为“待补充”。",
                      "请填写收件日期（补正告知日期可仍写“当场”）。")]


def test_a_green_factory_recommended_without_its_third_party_report_fails_the_office(tmp_path):
    # 004:44 审查重点…项目申报材料完备情况; 004:45 初审，包括企业自评价报告、第三方评估报告: G-002 was
    # recommended and sent up without the report, and the office was 合规
    from tests.helpers import SAMPLES

    run_cli("check", SAMPLES / "ledgers" / "N-02_受理台账.xlsx", "-w", "N-02", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "G-002")
    assert (case["verdict"], case["applicant_verdict"]) == ("noncompliant", "ineligible")
    assert [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"] if f["outcome"] == "fail"] == [
        ("APP-GREEN-DOCS", "fail", "申报材料不完备：缺第三方评估报告。"),
        ("APP-GREEN-REVIEW-COMPLETE", "fail", "决定“推荐”，但台账记载申报材料缺报告（自评价报告：是；第三方评估报告：否）："
                                              "初审应审核这两份报告，缺报告的申报不应推荐上报。")]


def test_the_offices_own_blank_ledger_cell_is_not_asked_of_the_applicant(tmp_path):
    # E04: 已获省级认定 待定 (the office's ledger cell) sent the enterprise a 补正告知书 asking it to fill in
    # the ledger; as APP-GREEN-DOCS's blank cells, it is the clerk's entry and the office's to settle
    row = {**N04, "申报编号": "E04", "事项": "N-05", "受理结果": None, "不予受理理由": None, "决定": None, "决定日期": None,
           "申报级别": "国家级", "已获省级认定": "待定"}
    run_cli("check", write_json(tmp_path / "n05.json", [row]), "-w", "N-05", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "E04")
    found = next(f for f in case["findings"] if f["rule_id"] == "ELIG-PROV-BASE-FIRST")
    assert (found["outcome"], found["gap_of"], found["message"]) == (
        "missing", "office", "申报国家级示范基地，台账未记载是否已获省级认定（待定）。")
    assert "本批次没有需要发给申请人的告知书。" in (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- helper-101 on the fixes above

OPEN_N02 = {"申报编号": "A-1", "企业名称": "南阳示例有限公司", "统一社会信用代码": "91411303MA0000101M", "事项": "N-02",
            "收件日期": "2024-06-03", "补正告知日期": None, "补正告知次数": None, "受理结果": None, "受理日期": None,
            "不予受理理由": None, "决定": None, "决定日期": None, "决定理由": None, "自评价报告": "否", "第三方评估报告": "是",
            "纸质份数": 5, "电子稿": "是", "上报日期": None}


def _noticed(tmp_path, rows: list[dict]) -> set[str]:
    import re

    run_cli("check", write_json(tmp_path / "n02.json", rows), "-w", "N-02", "--out", tmp_path / "out", "--quiet")
    page = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    return set(re.findall(r"申报编号：([^\s<]+)", page))


def test_a_result_cell_saying_no_answer_yet_leaves_the_row_open_and_a_date_closes_it(tmp_path):
    still = {"P-1": {"受理结果": "待受理"}, "P-2": {"受理结果": "受理中"}, "P-3": {"受理结果": "无"}, "P-4": {"决定": "待定"},
             "P-5": {"决定": "待审核"}, "P-6": {"补正告知次数": "0次"}}
    moved = {"Q-1": {"受理日期": "2024-06-04"}, "Q-2": {"决定日期": "2024-06-20"}, "Q-3": {"上报日期": "2024-07-20"},
             "Q-4": {"补正告知次数": "1次"}}
    rows = [{**OPEN_N02, "申报编号": key, **change} for key, change in {**still, **moved}.items()]
    assert _noticed(tmp_path, rows) == set(still)


def test_a_refusal_to_accept_after_its_stage_is_a_refusal_and_an_unknown_result_is_asked_about(tmp_path):
    # 004:69 依法受理或不予受理（不予受理的依法告知理由）: 经审查，不予受理 without reasons was compliant
    rows = [{**OPEN_N02, "申报编号": "R-1", "事项": "N-05", "受理结果": "经审查，不予受理"},
            {**OPEN_N02, "申报编号": "R-2", "事项": "N-05", "受理结果": "暂缓受理"}]
    run_cli("check", write_json(tmp_path / "n05.json", rows), "-w", "N-05", "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    refused = read_case(tmp_path / "out", "R-1")
    assert next((f["outcome"], f["message"]) for f in refused["findings"] if f["rule_id"] == "APP-REFUSAL-REASONS") == (
        "fail", "不予受理，但台账未记载不予受理的理由。")
    unknown = read_case(tmp_path / "out", "R-2")
    assert [f["message"] for f in unknown["findings"] if f["rule_id"] == "INP-LEDGER-ACCEPTANCE"] == [
        "JSON#2.受理结果 的受理结果“暂缓受理”不是受理、不予受理之一，无法判断是否须告知理由、是否应进入审核。"]


@pytest.mark.parametrize("word", ["通过初审，待复审", "同意（待复审）", "通过，待现场核查"])
def test_a_first_answer_with_the_decision_still_to_come_is_no_recommendation(tmp_path, word):
    # README: 初审通过，待复审 is no decision yet; written the other way round it was read as 推荐 and the
    # row failed APP-ONSITE-AUTHENTICITY for an on-site check the cell says is still to come
    row = {"申报编号": "H01", "企业名称": "甲智能制造有限公司", "统一社会信用代码": "91411303MA0000101M", "事项": "N-09",
           "收件日期": "2024-05-06", "补正告知次数": 0, "补正告知日期": None, "受理结果": "受理", "受理日期": "2024-05-07",
           "不予受理理由": None, "现场核查日期": None, "现场核查人员": None, "决定": word, "决定日期": None,
           "决定理由": None, "排序": None, "上报日期": None}
    case = _case(tmp_path, row, "N-09")
    assert next(f["outcome"] for f in case["findings"] if f["rule_id"] == "APP-ONSITE-AUTHENTICITY") != "fail"
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == ["INP-LEDGER-DECISION"]
