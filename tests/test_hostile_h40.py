"""Reviewer h40: regressions where today's parallel fixes crossed."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05

NUMBERS = {**APPLICATION, "年度设备投入（万元）": 150, "项目总投资（万元）": 300}


def test_a_total_line_counting_its_enterprises_in_the_name_column_is_set_aside(tmp_path):
    """合计 | 2家公司 | 300 | 600 (the count of the block's enterprises where a name stands) ended in
    公司 and was taken for an enterprise's line with neither id nor code: checked as an application
    (row4, 需人工复核, a notice to nobody). A count is no name; 三家村食品有限公司 still is one."""
    workbook = Workbook()
    sheet = workbook.active
    headers = ["序号", *NUMBERS, "备注"]
    sheet.append(headers)
    sheet.append([1, *NUMBERS.values(), None])
    sheet.append([2, *{**NUMBERS, "申报编号": None, "统一社会信用代码": None, "企业名称": "三家村食品有限公司"}.values(),
                  "共计：购置设备3台"])
    total = {key: None for key in NUMBERS}
    total.update({"企业名称": "2家公司", "年度设备投入（万元）": 300, "项目总投资（万元）": 600})
    sheet.append(["合计", *total.values(), None])
    sheet.append(["合计", *{**total, "企业名称": "以上两家企业"}.values(), None])
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([4, 5], ["H28-1", "row3"])
    case = read_case(tmp_path / "out", "row3")
    assert (case["application"]["company_name"]["value"], case["other_columns"]) == (
        "三家村食品有限公司", {"序号": 2, "备注": "共计：购置设备3台"})


def test_a_decision_recording_two_review_stages_is_read_at_the_last(tmp_path):
    """决定 初审通过，复审不通过 (both stages in one cell) was read past its first stage as 通过: 准予, so the
    refusal without reasons passed (未不予受理，也未作出不准予决定). The last stage decides; 初审通过，待复审
    records no decision yet and stays 无法判断."""
    from tests.test_hostile_h38 import _ledger, _ledger_findings

    path = _ledger(tmp_path, "N-04", [{"决定": "初审通过，复审不通过"}, {"决定": "初审通过，待复审"},
                                      {"决定": "初审通过；经复审，同意"}])
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "N-04", "--out", out, "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 1, result.output
    reasons = {case: (verdict, [(f["outcome"], f["message"]) for f in found])
               for case, (verdict, found) in _ledger_findings(out, "APP-REFUSAL-REASONS").items()}
    assert reasons == {
        "N-04-001": ("noncompliant", [("fail", "决定为“初审通过，复审不通过”，但台账未记载决定理由。")]),
        "N-04-002": ("needs_review", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“初审通过，待复审”）。")]),
        "N-04-003": ("compliant", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“初审通过；经复审，同意”）。")]),
    }
    assert [f["message"] for f in _ledger_findings(out, "INP-LEDGER-DECISION")["N-04-002"][1]] == [
        "受理台账!K3 的决定“初审通过，待复审”不是准予、不准予、推荐、不推荐之一，无法判断是否须说明理由、是否计入推荐名额。"]
