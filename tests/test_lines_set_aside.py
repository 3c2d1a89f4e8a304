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
        rows, lines, rules, notices = process(self, span)
        return rows[:-1], b"".join(lines.splitlines(keepends=True)[:-1]), rules, notices

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
    Each was checked as an application and refused with a 不予受理告知书 addressed to no one. A line of
    one other text (本表一式三份, a company name) is still an application."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row
    lines = ["（盖章）", "单位（盖章）", "分管领导签字：", "年  月  日", "附件：申报材料清单", "数据来源：各区市工信局",
             "审核：李四", "本表一式三份", "威海某某机械有限公司"]
    for offset, text in enumerate(lines, 1):
        sheet.cell(last + offset, 1 if offset % 2 else 3, text)
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_note_rows"], len(summary["cases"]), summary["rows_reconcile"]) == (
        list(range(last + 1, last + 8)), 20, True)
