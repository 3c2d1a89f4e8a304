"""Lines under a table that are not applications are counted as what they are, also when their
text sits in 序号 (a column that is no contract field): 合计 as a total line, 注：… as a note; only
a 序号 alone is an empty template line."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from tests.conftest import CRASH_DIR
from tests.helpers import SAMPLES, run_cli


def test_a_total_and_a_note_written_in_the_number_column_are_not_empty_lines(tmp_path):
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row  # the sample's last application (header on row 2, 18 applications, 4 blank lines)
    sheet.cell(last + 1, 1, "合计")
    sheet.cell(last + 2, 1, "注：金额单位为万元。")
    sheet.cell(last + 3, 1, 19)  # a template line with only its 序号
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["input_rows"], len(summary["cases"]), summary["skipped_empty_rows"],
            summary["skipped_total_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (
        22, 18, 2, [last + 1], [last + 2], True)


def test_a_line_lost_on_the_way_stops_the_run_before_its_summary(tmp_path, monkeypatch):
    """rows_reconcile compares the cases that come back from the workers with the lines the input
    holds: a line dropped on the way (here: a worker that loses each chunk's last case) stops the
    run, and no summary.json (the completion marker) claims a complete result."""
    from checker.check import batch

    process = batch.Worker.process

    def losing(self, span):
        rows, lines, rules, notices, files = process(self, span)
        return rows[:-1], b"".join(lines.splitlines(keepends=True)[:-1]), rules, notices, files

    monkeypatch.setattr(batch.Worker, "process", losing)
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--quiet", "--jobs", "1")
    assert result.exit_code != 0 and result.exit_code not in (1,), result.output
    assert "有行未计入" in result.output, result.output
    assert not (tmp_path / "out" / "summary.json").exists()
    crashes = sorted(CRASH_DIR.glob("crash-*.txt"))  # expected here: the maintainers get the details
    assert crashes and "InternalError" in crashes[-1].read_text(encoding="utf-8")
    for crash in crashes:
        crash.unlink()


def test_a_units_line_under_the_header_and_a_sign_off_line_over_cells_are_set_aside(tmp_path):
    """The header's second line of units (（万元） under 年度设备投入) and a sign-off line spread
    over cells (填报人：张三 | 联系电话：…, or 填报人： beside the name) are not applications: each was
    checked and refused with a 不予受理告知书 addressed to no one."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    sheet.insert_rows(3)
    sheet["K3"], sheet["L3"] = "（万元）", "(单位：万元)"
    last = sheet.max_row
    sheet.cell(last + 1, 1, "填报人：张三")
    sheet.cell(last + 1, 5, "联系电话：0631-5201234")
    sheet.cell(last + 2, 2, "审核人：")
    sheet.cell(last + 2, 3, "李四")
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["input_rows"], len(summary["cases"]), summary["skipped_empty_rows"],
            summary["skipped_note_rows"], summary["rows_reconcile"]) == (22, 18, 1, [3, last + 1, last + 2], True)
    assert result.output.splitlines()[0] == (
        f"W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 22 行，跳过空行 1、表头/标题/说明行 3（第 3、{last + 1}、{last + 2} 行））"
        "— 符合条件 4，不符合条件 4，需人工复核 10。")


def test_a_line_with_a_contact_beside_a_company_is_still_an_application(tmp_path):
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row
    sheet.cell(last + 1, 3, "威海某某机械有限公司")
    sheet.cell(last + 1, 15, "联系人：王工")
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (len(summary["cases"]), summary["skipped_note_rows"], summary["rows_reconcile"]) == (19, [], True)


def test_an_enterprise_whose_name_opens_like_a_section_heading_is_an_application(tmp_path):
    """A line whose only cell is 企业名称 以上科技有限公司 was set aside as a heading (以上…, 以下为补报项目):
    an application left unchecked. A heading such as 以下为补报项目 is still set aside."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row
    sheet.cell(last + 1, 3, "以上科技有限公司")
    sheet.cell(last + 2, 3, "以下为补报项目")
    workbook.save(tmp_path / "a.xlsx")
    run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
            "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (len(summary["cases"]), summary["skipped_note_rows"], summary["rows_reconcile"]) == (19, [last + 2], True)
    assert summary["cases"][-1]["case_id"] == f"row{last + 1}"


def test_stamp_sign_and_source_lines_under_the_table_are_not_applications(tmp_path):
    """Under a district's table: （盖章）, 单位（盖章）, 领导签字：, 年  月  日, 附件：…, 数据来源：…, 审核：李四.
    Each was checked as an application and refused with a 不予受理告知书 addressed to no one; so were
    本表一式三份 and the date under a sign-off on a line of its own (2020年8月3日, 2020.8.3). A line of
    one other text (a company name, even 一式三份文化用品有限公司) is still an application."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row
    lines = ["（盖章）", "单位（盖章）", "分管领导签字：", "年  月  日", "附件：申报材料清单", "数据来源：各区市工信局",
             "审核：李四", "本表一式三份", "此表一式两份，报区市工信局一份。", "2020年8月3日", "2020.8.3", "附：申报材料清单", "（此页无正文）",
             "一式三份文化用品有限公司"]
    for offset, text in enumerate(lines, 1):
        sheet.cell(last + offset, 1 if offset % 2 else 3, text)
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_note_rows"], len(summary["cases"]), summary["rows_reconcile"]) == (
        list(range(last + 1, last + 14)), 19, True)
    assert summary["cases"][-1]["company_name"] == "一式三份文化用品有限公司"  # a company whose name opens like the note


def _numbers_workbook(path, totals):
    """The sample with its two amount columns as plain numbers (it holds text amounts on purpose),
    then ``totals``: lines of (年度设备投入, 项目总投资) with nothing else on them."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    header = [cell.value for cell in sheet[2]]
    equipment, total = header.index("年度设备投入（万元）") + 1, header.index("项目总投资（万元）") + 1
    last = sheet.max_row
    sums = [0, 0]
    for row in range(3, last + 1):
        if sheet.cell(row, 2).value is None:
            continue  # the sample's blank line
        if row == 7:  # a number typed as text: Excel's SUM leaves it out of the total
            sheet.cell(row, equipment, "150")
            sheet.cell(row, total, "450")
            continue
        sheet.cell(row, equipment, 100 + row * 10.25)
        sheet.cell(row, total, 300 + row)
        sums[0] += 100 + row * 10.25
        sums[1] += 300 + row
    for offset, line in enumerate(totals(sums), 1):
        sheet.cell(last + offset, equipment, line[0])
        sheet.cell(last + offset, total, line[1])
    workbook.save(path)
    return last


def test_a_total_line_with_no_label_is_set_aside_when_its_numbers_are_the_columns_sums(tmp_path):
    """A line of numbers only under the table (=SUM(...) saved by Excel, no 合计 typed beside it) was
    checked as an application with no id, found ineligible and given a 不予受理告知书 addressed to no
    one. Its numbers are the sums of their columns: a total line. A line of numbers that are not the
    sums (1234.5, 300) names no applicant either, yet may be a line whose name was left out: it stays
    an application for the reviewer to see."""
    last = _numbers_workbook(tmp_path / "a.xlsx", lambda sums: [sums, (1234.5, 300)])
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_total_rows"], [case["input_row"] for case in summary["cases"]][-1], len(summary["cases"]),
            summary["rows_reconcile"]) == ([last + 1], last + 2, 19, True)


def test_an_unlabelled_total_is_read_alike_however_the_rows_are_chunked(tmp_path):
    """Workers read chunks of rows; the total with no label is found in the pass over the whole table,
    so a chunk that starts just above it (one line, too few to sum) reads it as a total too."""
    from checker.check.fields import field_set
    from checker.check.intake import open_applications
    from checker.core.rulebook import load_rulebook

    last = _numbers_workbook(tmp_path / "a.xlsx", lambda sums: [sums])
    table = open_applications(tmp_path / "a.xlsx", field_set(load_rulebook()))
    whole = [row.number for row in table.records()]
    assert (whole[-1], table.skipped_totals) == (last, [last + 1])
    size = table.table.size
    chunk = [row.number for row in table.records(size - 2, size)]
    assert (chunk, table.skipped_totals) == ([last], [last + 1])
    fresh = open_applications(tmp_path / "a.xlsx", field_set(load_rulebook()))
    assert ([row.number for row in fresh.records(size - 2, size)], fresh.skipped_totals) == ([last], [last + 1])


def test_an_unlabelled_total_in_a_csv_export_is_set_aside_too(tmp_path):
    """A CSV holds text: the =SUM line Excel exported reads "2350.5", the amounts "350" above it."""
    import csv

    header = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "符合产业政策方向",
              "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）"]
    lines = [["C-1", "威海甲机械有限公司", "91371002MA3D0004CE", "威海市环翠区", "环翠区", "是", "是", "2020-371002-34-03-000001", "350", "1200"],
             ["C-2", "威海乙机械有限公司", "91371003MA3D0001XE", "威海市文登区", "文登区", "是", "是", "2020-371003-34-03-000002", "2000.5", "600"],
             ["", "", "", "", "", "", "", "", "2350.5", "1800"]]
    with open(tmp_path / "a.csv", "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *lines])
    run_cli("check", tmp_path / "a.csv", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert ([c["case_id"] for c in summary["cases"]], summary["skipped_total_rows"], summary["rows_reconcile"]) == (
        ["C-1", "C-2"], [4], True)


def test_a_section_total_with_no_label_under_a_section_heading_is_set_aside(tmp_path):
    """一、环翠区 with two lines, 二、文登区 with two lines and under them the 文登区 lines' sums, no
    小计 typed: the numbers are the sums since the heading, not since the table began."""
    import csv

    header = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "符合产业政策方向",
              "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）"]

    def line(number, district, equipment, total):
        return [f"C-{number}", f"威海{number}号机械有限公司", "91371002MA3D0004CE", f"威海市{district}", district, "是", "是",
                f"2020-371002-34-03-00000{number}", equipment, total]

    lines = [["一、环翠区"], line(1, "环翠区", "350", "1200"), line(2, "环翠区", "200", "600"),
             ["二、文登区"], line(3, "文登区", "150", "500"), line(4, "文登区", "120.5", "300"),
             ["", "", "", "", "", "", "", "", "270.5", "800"]]
    with open(tmp_path / "a.csv", "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *lines])
    run_cli("check", tmp_path / "a.csv", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert ([c["case_id"] for c in summary["cases"]], summary["skipped_note_rows"], summary["skipped_total_rows"],
            summary["rows_reconcile"]) == (["C-1", "C-2", "C-3", "C-4"], [2, 5], [8], True)
