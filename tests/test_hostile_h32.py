"""Reviewer h32: today's merged changes attacked with real office files (intake, hidden rows,
text shown as written, diff, conditions)."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_json, run_cli

APPLICATION = {"申报编号": "H32-1", "企业名称": "威海某精密机械有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
               "注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准/备案文号": "2021-371002-34-03-000001", "年度设备投入（万元）": 150, "项目总投资（万元）": 300,
               "申报日期": "2021-07-10"}
W05 = ("--workflow", "W-05", "--window", "2021-07-01", "2021-07-31")


def _workbook(path, lines):
    """A district's table: its header, two applications, then ``lines`` (lists of cells) under it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["序号", *APPLICATION])
    sheet.append([1, *APPLICATION.values()])
    sheet.append([2, *{**APPLICATION, "申报编号": "H32-2", "统一社会信用代码": None, "企业名称": "威海某电子有限公司"}.values()])
    for line in lines:
        sheet.append(line)
    workbook.save(path)
    return path


def test_the_offices_conclusion_naming_itself_is_a_note_not_an_application(tmp_path):
    # The district's conclusion as offices write it names the office: 经我局初审…, 经区工信局审核…,
    # 经环翠区工业和信息化局初审…. Only 经初审 / 经区初审 was read as a note: each of these became a case
    # (row5…row7, no id, no company), ineligible with a 不予受理告知书 addressed to nobody.
    path = _workbook(tmp_path / "t.xlsx", [["经我局初审，以上项目符合申报条件，同意推荐。"], ["经区工信局审核，以上项目符合申报条件"],
                                           ["经环翠区工业和信息化局初审，同意上报"], [None, None, "经纬科技有限公司"]])
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(case["case_id"], case["company_name"]) for case in summary["cases"]] == [
        ("H32-1", "威海某精密机械有限公司"), ("H32-2", "威海某电子有限公司"), ("row7", "经纬科技有限公司")]
    assert (summary["input_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (6, [4, 5, 6], True)


def test_the_pledge_the_opinion_and_the_page_footer_are_notes_not_applications(tmp_path):
    # Under a district's table as bureaus print it: the pledge, the office's opinion (alone, or as a field),
    # its name and the date signed on one line, the page's footer. Each became a case (no id, no company),
    # ineligible with a 不予受理告知书 addressed to nobody. A company named 同意… or 意见… stays an application.
    lines = [["本单位承诺以上数据真实、准确、完整。"], ["承诺：以上所填内容真实有效"], ["区市工信部门意见：同意推荐"], ["推荐单位意见："],
             ["同意推荐。"], ["威海市环翠区工业和信息化局 2021年7月31日"], ["第1页，共2页"],
             [None, None, "同意科技有限公司"], [None, None, "意见箱制造有限公司"]]
    run_cli("check", _workbook(tmp_path / "t.xlsx", lines), *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(case["case_id"], case["company_name"]) for case in summary["cases"]] == [
        ("H32-1", "威海某精密机械有限公司"), ("H32-2", "威海某电子有限公司"), ("row11", "同意科技有限公司"), ("row12", "意见箱制造有限公司")]
    assert (summary["input_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (11, [4, 5, 6, 7, 8, 9, 10], True)

def test_a_note_whose_mark_is_in_a_cell_of_its_own_is_a_note(tmp_path):
    # 注： typed in 序号 and the note in the next cell (申报编号), as clerks write it when the line is not
    # merged: it was checked as an application whose id was "1.金额单位为万元；2.项目按区市排列。". An id or a
    # company name beside a 备注 cell holding 说明： stays an application.
    lines = [["注：", "1.金额单位为万元；2.项目按区市排列。"], ["说明", "本表由区市工信局填报"], ["填表说明：", None, "1.金额单位万元"],
             [None, None, "威海某某有限公司", None, None, None, None, None, None, None, None, None, "说明："]]
    run_cli("check", _workbook(tmp_path / "t.xlsx", lines), *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(case["case_id"], case["company_name"]) for case in summary["cases"]] == [
        ("H32-1", "威海某精密机械有限公司"), ("H32-2", "威海某电子有限公司"), ("row7", "威海某某有限公司")]
    assert (summary["input_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (6, [4, 5, 6], True)

def test_a_total_line_labelled_with_its_count_is_a_total_not_an_application(tmp_path):
    # 合计18个项目 / 共计2项 in 序号 with the column sums beside it: the label takes the count of the lines it
    # (and 合计数 / 合计金额, h32's second look)
    # sums. It became a case of its own (no id, no company), ineligible with a notice addressed to nobody.
    headers = ["序号", *APPLICATION]
    total = [None] * len(headers)
    total[headers.index("年度设备投入（万元）")], total[headers.index("项目总投资（万元）")] = 300, 600
    path = _workbook(tmp_path / "t.xlsx", [["共计2个项目", *total[1:]], ["合计2项，申请资金300万元", *total[1:]],
                                           [None, None, "合计科技有限公司"], ["合计数", *total[1:]], ["合计金额", *total[1:]]])
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(case["case_id"], case["company_name"]) for case in summary["cases"]] == [
        ("H32-1", "威海某精密机械有限公司"), ("H32-2", "威海某电子有限公司"), ("row6", "合计科技有限公司")]
    assert (summary["input_rows"], summary["skipped_total_rows"], summary["rows_reconcile"]) == (7, [4, 5, 7, 8], True)



def test_an_empty_sheet_in_front_of_the_table_is_passed_over(tmp_path):
    # A 填表说明 tab whose text sits in a text box (no cells), or a blank Sheet1 left in front: such a sheet
    # has no first cell, and the whole workbook was refused as damaged ("工作表 填表说明 无法读取：文件内部已损坏
    # 或不是电子表格程序写出的格式（读取程序报告：'NoneType' object is not subscriptable）"), exit 2.
    from openpyxl import load_workbook

    path = _workbook(tmp_path / "t.xlsx", [])
    workbook = load_workbook(path)
    workbook.create_sheet("填表说明", 0)
    workbook.save(path)
    result = run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(case["case_id"], case["verdict"]) for case in summary["cases"]] == [("H32-1", "eligible"), ("H32-2", "needs_review")]


def _ods(path, rows, hidden):
    """An .ods of one sheet 申报汇总表 holding ``rows``, the 1-based ``hidden`` ones hidden as LibreOffice
    hides them (table:visibility="collapse"); a blank run of rows repeated between them."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = []
    for number, row in enumerate(rows, 1):
        shown = ' table:visibility="collapse"' if number in hidden else ""
        body.append(f"<table:table-row{shown}>{''.join(cell(value) for value in row)}</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>'
               '<table:table table:name="填表说明"><table:table-row table:visibility="collapse"><table:table-cell/></table:table-row></table:table>'
               f'<table:table table:name="申报汇总表">{"".join(body)}</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                         '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        package.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_applications_on_hidden_rows_of_an_ods_are_named(tmp_path):
    # README: applications on hidden rows are checked, and the 未核对事项 names their rows. Only an .xlsx's
    # hidden rows were looked for: in an .ods saved by LibreOffice or WPS (a withdrawn application hidden,
    # not deleted) they were checked without a word, as before 9a51328.
    rows = [["序号", *APPLICATION], [1, *APPLICATION.values()],
            [2, *{**APPLICATION, "申报编号": "H32-2", "统一社会信用代码": None, "企业名称": "威海某电子有限公司"}.values()],
            [3, *{**APPLICATION, "申报编号": "H32-3", "统一社会信用代码": None, "企业名称": "威海某纺织有限公司"}.values()]]
    result = run_cli("check", _ods(tmp_path / "环翠区.ods", rows, {3}), *W05, "--out", tmp_path / "out")
    assert [line for line in result.output.splitlines() if "隐藏" in line] == [
        "未核对：申报表第 3 行在工作簿中是隐藏行（打开工作簿时看不到）：这些行已按申报逐件审核，但是否为有效申报（而非撤回、作废或重复的申报）未核对；如为撤回、作废或重复的申报，请删除这些行后重新审核。"]
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H32-1", "H32-2", "H32-3"]


def test_a_form_whose_discipline_group_row_is_undated_is_not_judged_in_time(tmp_path):
    # h29 (ddfe35d) judges a 三重一大 form sent to each recipient on a row of its own by the day the last
    # recipient had it; with the 纪检组's row left undated it took the 局政工科 row's date, and PROC-3I1L-POST-3D
    # passed "决策情况表在会后 3 天内报送…决策备案 2020-04-23" (likewise 事中 and W-09's 事前 report), though when
    # the 纪检组 had the form the record does not say. The time limit is now missing (补填日期).
    from tests.helpers import sample_round
    from tests.test_hostile6 import _audit, _finding
    from tests.test_hostile_h29 import _split, _w09_model

    record = sample_round("compliant_W-12")
    _split(record, "决策备案", "局政工科", "派驻纪检监察组", "")
    _split(record, "事中报告", "局政工科", "派驻纪检监察组", "")
    (tmp_path / "w12").mkdir()
    document = _audit(tmp_path / "w12", record)
    post, mid = _finding(document, "PROC-3I1L-POST-3D"), _finding(document, "PROC-3I1L-MID")
    assert (post["outcome"], post["message"]) == (
        "missing", "决策备案或党组会日期缺失，无法判断：党组会 2020-04-22，决策备案 （无日期）；"
        "自然日口径截止 2020-04-26，工作日口径截止 2020-04-26。")
    assert (mid["outcome"], mid["message"]) == (
        "missing", "事中报告或党组会的日期缺失，无法判断：事中报告 （无日期），党组会 2020-04-22；"
        "自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17。")
    record = _w09_model()
    _split(record, "事前报告", "局政工科", "派驻纪检监察组", "")
    (tmp_path / "w09").mkdir()
    pre = _finding(_audit(tmp_path / "w09", record), "PROC-3I1L-PRE")
    assert (pre["outcome"], pre["message"]) == ("missing", "事前报告日期未填写或无法识别，无法判断是否先于申报通知。")


def test_an_unlabelled_total_in_a_csv_with_thousands_separators_is_a_total(tmp_path):
    # Excel saves a figure shown as 1,150.00 into a CSV as written. The =SUM line under such a table (1,300.00 |
    # 3,600.00, nothing else) was not recognised as the sum of its columns, only plain 1300.00 was, and
    # became an application of its own: no id, no company, 需人工复核.
    import csv

    headers = ["序号", *APPLICATION]
    amounts = headers.index("年度设备投入（万元）"), headers.index("项目总投资（万元）")
    lines = [headers, [1, *{**APPLICATION, "年度设备投入（万元）": "1,150.00", "项目总投资（万元）": "3,300.00"}.values()],
             [2, *{**APPLICATION, "申报编号": "H32-2", "统一社会信用代码": "", "企业名称": "威海某电子有限公司",
                   "年度设备投入（万元）": "150.00", "项目总投资（万元）": "300.00"}.values()]]
    total = [""] * len(headers)
    total[amounts[0]], total[amounts[1]] = "1,300.00", "3,600.00"
    with open(tmp_path / "环翠区.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([*lines, total])
    result = run_cli("check", tmp_path / "环翠区.csv", *W05, "--out", tmp_path / "out")
    assert result.output.splitlines()[0] == (
        "W-05 工业企业技术改造补助资金项目审核: 2 件申报（输入 3 行，跳过空行 0、合计行 1（第 4 行））— 符合条件 1，不符合条件 0，需人工复核 1。")


def test_the_date_under_a_sign_off_typed_as_a_date_is_a_note(tmp_path):
    # Excel makes a typed 2020年8月3日 a date cell. Alone on its line under the table it was a note only as
    # text: as a date in 企业名称 or 申报日期 it became an application (no id, no company), and in 序号 an
    # empty line. The date alone is a note line wherever it sits.
    import datetime

    signed = datetime.datetime(2021, 7, 31)
    width = len(APPLICATION) + 1
    lines = [[signed], [None, None, signed], [*[None] * (width - 1), signed]]
    run_cli("check", _workbook(tmp_path / "t.xlsx", lines), *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H32-1", "H32-2"]
    assert (summary["input_rows"], summary["skipped_empty_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (
        5, 0, [4, 5, 6], True)


def test_a_sign_off_spread_over_cells_of_notes_is_a_note_line(tmp_path):
    # The office's conclusion at the left and its stamp at the right of one line, or its name and the date it
    # signs (text, or the date cell Excel makes): each note alone was set aside, together they were checked as
    # an application (no id, no company). An id or a company name beside a date stays an application.
    import datetime

    width = len(APPLICATION) + 1
    stamp = "威海市环翠区工业和信息化局（盖章）"
    lines = [["经初审，以上项目符合申报条件。", *[None] * (width - 2), stamp],
             [None, None, "威海市环翠区工业和信息化局", *[None] * (width - 4), datetime.datetime(2021, 7, 31)],
             ["（盖章）", *[None] * (width - 2), "2021年7月31日"],
             [None, "H32-9", *[None] * (width - 3), "2021年7月31日"]]
    run_cli("check", _workbook(tmp_path / "t.xlsx", lines), *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H32-1", "H32-2", "H32-9"]
    assert (summary["input_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (6, [4, 5, 6], True)


def test_contradicting_conditions_on_one_column_under_two_headers_or_two_percentage_types_are_refused(tmp_path):
    # _refuse_contradictions (2be1526) compared conditions whose 列名 share a header exactly: 项目总投资（万元） beside
    # 项目总投资 (one column, its unit aside), and 占比（%） beside 百分比 on 研发投入占比 (both in points), loaded, and
    # every application failed both. Different types on one base name (研发人员（人） as a count, 研发人员（%）) still load.
    from tests.test_conditions import _load, _refused

    total = {"类型": "金额（万元）", "依据": "第二条"}
    assert _refused(tmp_path, dict(total, 条件编号="1", 条件="项目总投资1000万元（含）以上", 列名="项目总投资（万元）", 比较="≥", 值="1000"),
                    dict(total, 条件编号="2", 条件="项目总投资500万元以下（不含）", 列名="项目总投资", 比较="<", 值="500")) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 1）与第 1 行的条件第 2 项（条件编号 2）：两条条件都读取“项目总投资（万元）”，"
        "而“项目总投资1000万元（含）以上”（≥ 1000 万元）与“项目总投资500万元以下（不含）”（< 500 万元）没有一个值能同时满足，"
        "每件申报都会不符合；请核对这两条条件的比较和值。")
    share = {"列名": "研发投入占比", "依据": "第二条"}
    assert _refused(tmp_path, dict(share, 条件编号="1", 条件="研发投入占比不低于5%", 类型="占比（%）", 比较="≥", 值="5%"),
                    dict(share, 条件编号="2", 条件="研发投入占比低于3%", 类型="百分比", 比较="<", 值="3%")) == (
        "c.yaml 第 1 行的条件第 1 项（条件编号 1）与第 1 行的条件第 2 项（条件编号 2）：两条条件都读取“研发投入占比”，"
        "而“研发投入占比不低于5%”（≥ 5%）与“研发投入占比低于3%”（< 3%）没有一个值能同时满足，每件申报都会不符合；请核对这两条条件的比较和值。")
    loaded = _load(tmp_path, {"条件编号": "1", "条件": "研发人员不少于10人", "列名": "研发人员（人）", "类型": "数值", "比较": "≥", "值": "10", "依据": "第二条"},
                   {"条件编号": "2", "条件": "研发人员占比低于5%", "列名": "研发人员（%）", "类型": "百分比", "比较": "<", "值": "5%", "依据": "第二条"})
    assert [c.rule_id for c in loaded.conditions] == ["COND-1", "COND-2"]


def test_an_uncalculated_sum_line_written_by_a_program_is_a_total(tmp_path):
    # A workbook exported by a system (or openpyxl) holds =SUM(K2:K3) under each amount column, never
    # calculated: no cached value. With no 合计 typed beside it the line became an application (no id, no
    # company, INP-FORMULA 需人工复核). A line of such column sums only is a total; a formula summing
    # another column, or a line with any text, is not.
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    path = _workbook(tmp_path / "t.xlsx", [])
    workbook = load_workbook(path)
    sheet = workbook.active
    headers = ["序号", *APPLICATION]
    for name in ("年度设备投入（万元）", "项目总投资（万元）"):
        column = get_column_letter(headers.index(name) + 1)
        sheet[f"{column}4"] = f"=SUM({column}2:{column}3)"
    equipment = get_column_letter(headers.index("年度设备投入（万元）") + 1)
    sheet[f"{equipment}5"] = "=SUM(A2:A3)"  # another column's sum: not this column's total
    workbook.save(path)
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H32-1", "H32-2", "row5"]
    assert (summary["input_rows"], summary["skipped_total_rows"], summary["rows_reconcile"]) == (4, [4], True)


def test_more_lines_bureaus_print_under_the_table_are_notes_not_applications(tmp_path):
    """特此报告。, 此表由各区市工信局汇总后报送, 2020年8月 (no day), …工业和信息化局（章）, another bureau's name
    alone (威海市环翠区科学技术局) and 累计 were each checked as an application (h32's leftover); a
    company whose name opens like one of them stays an application."""
    import json

    from openpyxl import load_workbook

    from tests.helpers import SAMPLES

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    last = sheet.max_row
    lines = ["特此报告。", "此表由各区市工信局汇总后报送", "2020年8月", "威海市环翠区工业和信息化局（章）", "威海市环翠区科学技术局",
             "累计", "特此科技有限公司"]
    for offset, text in enumerate(lines, 1):
        sheet.cell(last + offset, 2, text)
    workbook.save(tmp_path / "a.xlsx")
    run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_note_rows"], summary["skipped_total_rows"], summary["cases"][-1]["case_id"], summary["rows_reconcile"]) == (
        [last + 1, last + 2, last + 3, last + 4, last + 5], [last + 6], "特此科技有限公司", True)
