"""Reviewer h45: a reviewer's decisions over two runs (补正后重新审核): overrides, diff and show."""

from __future__ import annotations

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h41 import _sheet

DECISIONS = "申报编号,规则编号,复核结论,理由,复核人\n"


def test_a_decision_by_row_does_not_pass_to_another_application_after_a_correction(tmp_path):
    """Run 1: two rows share H-1; the reviewer decides the second (row3) by its row key. The district
    corrects the batch: the first H-1 withdrawn and deleted, so row3 is now H-2, another enterprise
    failing the same rule. The decision was applied to H-2 in silence (不符合条件 → 符合条件 after
    review); a row key on a row whose id is its own is not applied now, and the run says so."""
    first = {**APPLICATION, "申报编号": "H-1", "企业名称": "威海甲机械有限公司", "统一社会信用代码": None,
             "年度设备投入（万元）": 50}
    second = {**first, "企业名称": "威海乙机械有限公司"}
    other = {**first, "申报编号": "H-2", "企业名称": "威海丙机械有限公司"}
    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "row3,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为120万元,李四\n", encoding="utf-8")
    _sheet(tmp_path / "a1.xlsx", [first, second, other], list(APPLICATION))
    run_cli("check", tmp_path / "a1.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run1", "--quiet",
            "--per-case", "all")
    decided = read_case(tmp_path / "run1", "row3")
    applied = next(f for f in decided["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (decided["case_id"], decided["verdict"], decided["verdict_with_overrides"], applied["outcome"],
            applied["override"]["decision"], applied["override"]["reason"]) == (
        "H-1", "ineligible", "needs_review", "fail", "pass", "已核实设备发票为120万元")

    _sheet(tmp_path / "a2.xlsx", [second, other], list(APPLICATION))
    result = run_cli("check", tmp_path / "a2.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run2",
                     "--per-case", "all")
    moved = read_case(tmp_path / "run2", "H-2")
    finding = next(f for f in moved["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (moved["verdict"], moved.get("verdict_with_overrides"), finding["outcome"], "override" in finding) == (
        "ineligible", None, "fail", False)
    assert read_json(tmp_path / "run2" / "summary.json")["row_overrides_not_applied"] == [{"row_key": "row3", "case_id": "H-2"}]
    assert ("注意：复核决定文件中申报编号写作 row3 的决定未采用：该输入行现为申报 H-2，其编号在本批中唯一"
            "（行号可能因补正后增删行而变动）；请核实后改以申报编号填写。") in result.output.splitlines()
