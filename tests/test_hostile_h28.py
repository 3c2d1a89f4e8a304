"""Reviewer h28: a 威海 W-05 batch as a clerk builds it, read to the letter of seed 001:2417."""

from __future__ import annotations

from tests.helpers import read_case, run_cli, write_json

APPLICATION = {"申报编号": "H28-1", "企业名称": "威海某精密机械有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
               "注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准/备案文号": "2021-371002-34-03-000001", "年度设备投入（万元）": "150", "项目总投资（万元）": "300",
               "申报日期": "2021-07-10"}
W05 = ("--workflow", "W-05", "--window", "2021-07-01", "2021-07-31")


def _finding(case: dict, rule: str) -> tuple:
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return found["outcome"], found["message"]


def test_an_amount_in_figures_closed_with_zheng_is_read(tmp_path):
    # "100万元整" (整 after the figures, as forms write it) was an INP-NUMBER "无法识别" and the 100 万元
    # condition 待补充, while "壹佰万元整" read as 100 万元; "999,999元整" must still fall short.
    rows = [{**APPLICATION, "年度设备投入（万元）": "人民币100万元整"},
            {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": None, "年度设备投入（万元）": "999,999元整"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    exact = read_case(tmp_path / "out", "H28-1")
    assert [f["rule_id"] for f in exact["findings"] if f["rule_id"].startswith("INP-")] == []
    assert _finding(exact, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 100 万元，达到 100 万元（含）以上。")
    short = read_case(tmp_path / "out", "H28-2")
    assert _finding(short, "ELIG-EQUIP-INVEST-100W") == ("fail", "年度设备投入 99.9999 万元，低于 100 万元（含）的受理条件。")


def test_an_approval_cell_with_a_date_but_still_under_way_needs_review(tmp_path):
    # Seed 001:2417 "核准或备案手续齐全". A 核准（备案）文号 cell "办理中，预计2021年8月取得" or "无（2021年8月办理）"
    # passed ("已填报核准/备案文号…"): any digit, here the expected date's, was taken for a 文号. A number
    # beside words saying the filing is not finished is for the reviewer; a plain 文号 still passes.
    written = ["办理中，预计2021年8月取得", "无（2021年8月办理）", "2021-371002-34-03-000001（备案中）", "备案已撤销（2020-371002-34-03-000009）"]
    rows = [{**APPLICATION, "申报编号": f"F-{n}", "统一社会信用代码": None, "核准/备案文号": text}
            for n, text in enumerate([*written, "威环发改备〔2021〕15号"], 1)]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", f"F-{n}"), "ELIG-APPROVAL-FILING") for n in range(1, len(rows) + 1)]
    assert found == [
        *(("missing", f"核准/备案情况填写为“{text}”，写有数字，但又写明手续尚未办结、待办或已失效，无法确认核准或备案手续是否齐全。")
          for text in ["办理中,预计2021年8月取得", "无(2021年8月办理)", "2021-371002-34-03-000001(备案中)",
                       "备案已撤销(2020-371002-34-03-000009)"]),
        ("pass", "已填报核准/备案文号“威环发改备〔2021〕15号”。")]
