"""District forms whose headers are written as offices write them: a year before a column's name
(2021年度设备投入（万元）) and a header on two lines (投资情况（万元） over 年度设备投入 | 项目总投资)."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05, _finding

NOTE = ("t.xlsx (申报汇总表) 的列“{header}”按“年度设备投入（万元）”读取"
        "（列名中的年份未核对：请确认该列是本轮通知所指年度的数据）。")


def _sheet(path, headers: list, rows: list[list]):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["2021年度技改补助申报汇总表"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return workbook, sheet


def test_a_year_written_before_a_columns_name_reads_the_column_and_the_run_says_so(tmp_path):
    """2021年度设备投入（万元） stopped the run (缺少 W-05 必需的列：年度设备投入（万元）) though the
    column was there; 2021年设备投入（万元） too. The column is read, and 未核对事项 names it: which
    year's figure the round asks for is the notice's to say."""
    for header in ("2021年度设备投入（万元）", "2021年设备投入（万元）"):
        headers = [header if h == "年度设备投入（万元）" else h for h in APPLICATION]
        _sheet(tmp_path / "t.xlsx", headers, [list({**APPLICATION, "年度设备投入（万元）": 80}.values())])
        out = tmp_path / header
        result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", out, "--quiet", "--per-case", "all")
        assert result.exit_code == 1, result.stderr
        case = read_case(out, "H28-1")
        assert _finding(case, "ELIG-EQUIP-INVEST-100W") == (
            "fail", "年度设备投入 80 万元，低于 100 万元（含）的受理条件。")
        assert case["application"]["equipment_investment_wan"]["source"] == "申报汇总表!I3"
        assert NOTE.format(header=header) in read_json(out / "summary.json")["not_checked"]


def test_two_year_columns_of_one_field_are_not_guessed_between(tmp_path):
    """A form giving 2020年度设备投入 and 2021年度设备投入 side by side: which one the round means is not
    the reader's guess; the run stops naming the column it lacks and the headers it found."""
    headers = [h for h in APPLICATION if h != "年度设备投入（万元）"] + ["2020年度设备投入（万元）", "2021年度设备投入（万元）"]
    row = [v for h, v in APPLICATION.items() if h != "年度设备投入（万元）"] + [90, 150]
    _sheet(tmp_path / "t.xlsx", headers, [row])
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 2
    assert "缺少 W-05 必需的列：年度设备投入（万元）" in result.stderr
    assert "2020年度设备投入（万元）、2021年度设备投入（万元）" in result.stderr


def test_a_header_on_two_lines_under_a_group_name_is_one_header(tmp_path):
    """投资情况（万元） merged over two columns named on the line below (年度设备投入 | 项目总投资), every
    other name merged down over both lines: the run stopped for a missing 年度设备投入（万元）. The two
    lines are the header; each column takes its group's unit; the first application is the next line."""
    names = [h for h in APPLICATION if h not in ("年度设备投入（万元）", "项目总投资（万元）")]
    headers = names + ["投资情况（万元）", None]
    workbook, sheet = _sheet(tmp_path / "t.xlsx", headers, [])
    sheet.append([None] * len(names) + ["年度设备投入", "项目总投资"])
    sheet.append([APPLICATION[h] for h in names] + [150, 300])
    count = len(names)
    sheet.merge_cells(start_row=2, start_column=count + 1, end_row=2, end_column=count + 2)
    for column in range(1, count + 1):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    workbook.save(tmp_path / "t.xlsx")
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code == 0, result.stderr
    case = read_case(tmp_path / "out", "H28-1")
    assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。")
    assert _finding(case, "APP-EQUIP-LE-TOTAL") == ("pass", "年度设备投入 150 万元不超过项目总投资 300 万元。")
    assert case["application"]["equipment_investment_wan"]["source"] == f"申报汇总表!{chr(ord('A') + count)}4"
    assert read_json(tmp_path / "out" / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}


def test_an_application_line_under_the_header_is_never_taken_for_its_second_line(tmp_path):
    """A first application whose cells are all text is still an application, not a header line."""
    rows = [[str(v) for v in APPLICATION.values()], [str(v) for v in {**APPLICATION, "申报编号": "H28-2"}.values()]]
    _sheet(tmp_path / "t.xlsx", list(APPLICATION), rows)
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert read_json(tmp_path / "out" / "summary.json")["counts"]["cases"] == 2, result.stderr
    first = read_case(tmp_path / "out", "H28-1")
    assert first["application"]["equipment_investment_wan"]["source"] == "申报汇总表!I3"
    assert _finding(first, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。")
