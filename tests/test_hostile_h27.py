"""Inspector h27: handling ledgers of N-01…N-10 (seed 004) read to the letter of the seed."""

from __future__ import annotations


def _row(case_id, received, notice, count, item="N-04", **extra):
    return {"申报编号": case_id, "企业名称": "示例", "事项": item, "收件日期": received, "补正告知日期": notice,
            "补正告知次数": count, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": "",
            **extra}


def test_two_notice_dates_in_one_cell_are_not_an_unreadable_date(tmp_path):
    # "2024-09-27、2024-09-30" in 补正告知日期: the one-time rule read it as two notices, yet an INP-DATE
    # finding said the same cell "无法识别" and its dependent rules were "待补充".
    from tests.helpers import read_case, run_cli, write_json

    rows = [_row("T-1", "2024-09-27", "2024-09-27、2024-09-30", 2)]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "T-1")
    found = [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"]
             if f["rule_id"] in ("INP-DATE", "APP-ONE-TIME-DEFICIENCY-NOTICE")]
    assert found == [
        ("APP-ONE-TIME-DEFICIENCY-NOTICE", "fail",
         "补正告知日期一栏记有 2 个日期（2024-09-27、2024-09-30），即补正告知 2 次（补正告知次数填“2”），超过一次性告知的要求（至多 1 次）。"),
    ]
    assert case["verdict"] == "noncompliant"
