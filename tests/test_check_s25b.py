"""Hostile review s25b of today's `fundcheck check` changes (W-05), by a reviewer who knows Weihai.

1. A total label with its count before the word (2个项目合计, 以上3个项目合计) in the 备注 or 项目名称 of a real
   application, on a line with neither 申报编号 nor 统一社会信用代码 and an enterprise name the name test does
   not know (…机械加工部) or holding 合计 (威海合计精密机械有限公司), set the application aside as a total line:
   it vanished from the run into skipped_total_rows. A line with a registered address is an application's.
2. 所在区市 "南海" (rules/regions.yaml: 南海新区's name in the column) was no Weihai unit to ELIG-TERRITORIAL-ROUTE.
3. --jobs 2 on a 3,000-row workbook names a duplicated id's other rows as --jobs 1 does.
4. 以上合计, 以上项目合计, 上述企业小计 and a district's 环翠区3个项目小计 (no count, or a district before it) each
   became a case of its own, the total checked as an application.
"""

from __future__ import annotations

import openpyxl

from tests.helpers import all_cases, read_case, read_json, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05

HEADER = [*APPLICATION, "项目名称", "备注"]


def _book(path, rows: list[dict]):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(h) for h in HEADER])
    book.save(path)
    return path


def test_an_application_whose_remark_reads_like_a_total_is_not_set_aside(tmp_path):
    rows = [
        {**APPLICATION, "申报编号": "T-1", "项目名称": "2个项目合计改造"},
        # a real application, no id and no code, its 备注 saying its amount is two projects' total
        {**APPLICATION, "申报编号": None, "统一社会信用代码": None, "企业名称": "威海某某机械加工部", "备注": "2个项目合计"},
        {**APPLICATION, "申报编号": None, "统一社会信用代码": None, "企业名称": "威海合计精密机械有限公司",
         "项目名称": "以上3个项目合计"},
        {"企业名称": "以上3个项目合计", "年度设备投入（万元）": 450},  # the total line itself
        {"项目名称": "上述2家企业小计", "年度设备投入（万元）": 300},
    ]
    out = tmp_path / "out"
    result = run_cli("check", _book(tmp_path / "w05.xlsx", rows), *W05, "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    summary = read_json(out / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([5, 6], ["T-1", "row3", "row4"])
    for line in (3, 4):
        found = next(f for f in read_case(out, f"row{line}")["findings"] if f["rule_id"] == "INP-MISSING-ID")
        assert found["message"] == f"申报汇总表 第 {line} 行没有申报编号；报告以输入行号 row{line} 命名。"


def test_two_jobs_name_the_other_rows_of_a_duplicated_id_as_one_job(tmp_path):
    duplicated = {0: "X-1", 1499: "X-1", 2999: "X-1", 10: "Y", 2000: "Y"}
    rows = [{**APPLICATION, "申报编号": duplicated.get(n, f"D-{n}")} for n in range(3000)]
    path = _book(tmp_path / "w05.xlsx", rows)
    said = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run_cli("check", path, *W05, "--out", out, "--quiet", "--jobs", jobs)
        assert result.exit_code in (0, 1), result.output
        said[jobs] = [f["message"] for case in all_cases(out) for f in case["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"]
    assert said["2"] == said["1"] == [
        "申报汇总表!A2 的申报编号“X-1”在文件中出现 3 次（另见第 1501 行、第 3001 行）；各条均已审核，报告文件以输入行号 row2 命名。",
        "申报汇总表!A12 的申报编号“Y”在文件中出现 2 次（另见第 2002 行）；各条均已审核，报告文件以输入行号 row12 命名。",
        "申报汇总表!A1501 的申报编号“X-1”在文件中出现 3 次（另见第 2 行、第 3001 行）；各条均已审核，报告文件以输入行号 row1501 命名。",
        "申报汇总表!A2002 的申报编号“Y”在文件中出现 2 次（另见第 12 行）；各条均已审核，报告文件以输入行号 row2002 命名。",
        "申报汇总表!A3001 的申报编号“X-1”在文件中出现 3 次（另见第 2 行、第 1501 行）；各条均已审核，报告文件以输入行号 row3001 命名。",
    ]


def test_nanhai_as_written_in_the_district_column_is_the_new_area(tmp_path):
    # rules/regions.yaml lists 南海 as 南海新区's name in the 所在区市 column (the summary sorts it there), but
    # ELIG-TERRITORIAL-ROUTE read 所在区市 "南海" as no Weihai unit and asked the applicant to name one.
    rows = [{**APPLICATION, "申报编号": "N-1", "注册地址": "山东省威海南海新区观海路1号", "所在区市": "南海"},
            {**APPLICATION, "申报编号": "N-2", "注册地址": "山东省威海南海新区观海路2号", "所在区市": "南海路"}]
    out = tmp_path / "out"
    result = run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    found = [next((f["outcome"], f["message"]) for f in read_case(out, case)["findings"] if f["rule_id"] == "ELIG-TERRITORIAL-ROUTE")
             for case in ("N-1", "N-2")]
    assert found == [("pass", "所在区市“南海”与注册地址所在区市（南海新区）一致。"),
                     ("missing", "所在区市“南海路”不是威海市的区市或开发区，无法核对申报途径。")]


def test_totals_of_the_lines_above_without_a_count_or_after_a_district_are_set_aside(tmp_path):
    # 以上3个项目合计 was set aside, but 以上合计, 以上项目合计 and a district's 环翠区3个项目小计 each became a case
    # (row3 … row8, 申报编号缺失, 企业名称“以上合计”), the total counted as an application.
    labels = ["以上合计", "以上项目合计", "以上各项目合计", "上述企业小计", "环翠区3个项目小计", "荣成市3个项目小计"]
    rows = [{**APPLICATION, "申报编号": "T-1"}, *({"企业名称": label, "年度设备投入（万元）": 150} for label in labels),
            {**APPLICATION, "申报编号": "T-2", "企业名称": "威海以上合计精密机械有限公司", "统一社会信用代码": None}]
    out = tmp_path / "out"
    result = run_cli("check", _book(tmp_path / "w05.xlsx", rows), *W05, "--out", out, "--quiet")
    assert result.exit_code in (0, 1), result.output
    summary = read_json(out / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([3, 4, 5, 6, 7, 8], ["T-1", "T-2"])
