"""Reviewer h42: regressions where the last hour's merges cross (withdrawn rows, per-file numbering,
CSV shape findings, column notes, recommendation rounds, W-22)."""

from __future__ import annotations

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h41 import _finding, _sheet

CODES = ["91371002MA3D0004CE", "91371002MA3C8XK25F", "91371081MA3C0000XX", "91371002MA3C8XK2XX",
         "91371002MA3C8XK3XX", "91371002MA3C8XK4XX", "91371002MA3C8XK5XX", "91371002MA3C8XK6XX"]


# ---------------------------------------------------------------- remarks that deny a withdrawal


def test_a_remark_denying_a_withdrawal_is_no_withdrawal(tmp_path):
    """h41's INP-WITHDRAWN took every remark naming 撤回 for a withdrawal unless 未/不/无 stood right
    before it: 是否撤回：否, 撤回情况：无, 没撤回, 无需撤回, 不存在撤回情况, 撤回申请已撤销 and 撤回后重新提交
    each held a 不予受理 at 需人工复核 and kept its notice back. They are read as not withdrawn now;
    a 是否撤回 column answered 是 (missed, as it names no 撤回 in the cell) is a withdrawal."""
    denials = ["是否撤回：否", "撤回情况：无", "没撤回", "无需撤回", "不存在撤回情况", "撤回申请已撤销", "撤回后重新提交"]
    headers = [*APPLICATION, "备注", "是否撤回"]
    rows = [{**APPLICATION, "申报编号": f"N-{i}", "企业名称": f"威海测{i}有限公司", "统一社会信用代码": None,
             "年度设备投入（万元）": 50, "备注": text, "是否撤回": "否"} for i, text in enumerate(denials, 1)]
    rows.append({**APPLICATION, "申报编号": "Y-1", "企业名称": "威海撤回测试有限公司", "统一社会信用代码": None,
                 "年度设备投入（万元）": 50, "备注": None, "是否撤回": "是"})
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for i, text in enumerate(denials, 1):
        case = read_case(tmp_path / "out", f"N-{i}")
        assert (text, case["verdict"], [f for f in case["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == (
            text, "ineligible", [])
    asked = read_case(tmp_path / "out", "Y-1")
    withdrawn = _finding(asked, "INP-WITHDRAWN")
    assert (asked["verdict"], withdrawn["severity"], withdrawn["outcome"], withdrawn["message"], withdrawn["evidence"]) == (
        "needs_review", "review", "fail",
        f"申报汇总表!M{len(rows) + 1}（是否撤回）载明“是”：该申报可能已撤回。本件照常列出并核对，但不作“不符合条件”的结论，"
        "也不向企业发出告知书，需人工复核。",
        {"是否撤回": "是", "source": f"申报汇总表!M{len(rows) + 1}", "column": "是否撤回"})
    # a company named …撤回… is a name, not a remark
    assert "企业名称" not in withdrawn["evidence"]
