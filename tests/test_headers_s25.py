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


# --- a hostile reviewer's workbooks (s25): groups over the id columns, units from elsewhere, names
# no column has, years written otherwise, a year's column beside the field's own, round conditions

NAMES = [h for h in APPLICATION if h not in ("年度设备投入（万元）", "项目总投资（万元）")]


def _two_lines(path, group: str, subs: list, *, first: tuple = (), merged: bool = True, above: list = (),
               under: list = (), values: list = (150, 300)):
    """A title, ``above`` lines, then a header on two lines: ``group`` over ``subs`` after the other
    names; ``first`` = (a group's name, how many columns) over the first names, which stand on the
    line below. Merged as an office merges it (or left unmerged, the lower cells blank); then the
    ``under`` lines and one application."""
    from openpyxl.utils import get_column_letter

    count = len(NAMES)
    top = list(NAMES) + [group] + [None] * (len(subs) - 1)
    bottom = [None] * count + list(subs)
    spanned = first[1] if first else 0
    for index in range(spanned):
        bottom[index], top[index] = top[index], None
    if first:
        top[0] = first[0]
    workbook, sheet = _sheet(path, top, [])
    sheet.delete_rows(2)
    for line in above:
        sheet.append(line)
    row = sheet.max_row + 1
    sheet.append(top)
    sheet.append(bottom)
    for line in under:
        sheet.append(line)
    sheet.append([APPLICATION[h] for h in NAMES] + list(values))
    if merged:
        if first:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=spanned)
        sheet.merge_cells(start_row=row, start_column=count + 1, end_row=row, end_column=count + len(subs))
        for column in range(spanned + 1, count + 1):
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
    workbook.save(path)
    return path


def _read(tmp_path, path, *extra):
    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}"
    result = run_cli("check", path, *W05, "--out", out, "--quiet", "--per-case", "all", *extra)
    assert result.exit_code in (0, 1), result.stderr
    return out, read_case(out, "H28-1")


def test_a_group_over_the_id_columns_or_with_a_unit_of_its_columns_own_is_still_one_header(tmp_path):
    """基本情况 merged over 申报编号 | 企业名称 (or, left unmerged, over five names) beside 投资情况（万元）:
    the second line then held more known names than the first, was taken for the header alone, and
    the run stopped (缺少 W-05 必需的列：年度设备投入（万元）; with five, 是否独立法人… too). So did
    项目总投资（元） under 投资情况（万元）. The two lines are one header; a column's own unit wins."""
    count = len(NAMES)
    books = [(_two_lines(tmp_path / "a.xlsx", "投资情况（万元）", ["年度设备投入", "项目总投资"], first=("基本情况", 2)), 300),
             (_two_lines(tmp_path / "b.xlsx", "投资情况（万元）", ["年度设备投入", "项目总投资"], first=("基本情况", 5),
                         merged=False), 300),
             (_two_lines(tmp_path / "c.xlsx", "投资情况（万元）", ["年度设备投入", "项目总投资（元）"],
                         values=(150, 3000000)), 3000000)]
    for path, total in books:
        out, case = _read(tmp_path, path)
        assert _finding(case, "APP-EQUIP-LE-TOTAL") == ("pass", "年度设备投入 150 万元不超过项目总投资 300 万元。"), path
        assert case["application"]["application_id"] == {"value": "H28-1", "source": "申报汇总表!A4", "state": "ok"}
        assert case["application"]["legal_person"]["source"] == "申报汇总表!F4"
        assert case["application"]["total_investment_wan"]["source"] == f"申报汇总表!{chr(ord('A') + count + 1)}4"
        assert read_json(out / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}


def test_a_name_under_a_group_that_no_column_has_is_kept_beside_the_groups_other_columns(tmp_path):
    """投资情况（万元） over 年度设备投入 | 其中：自有资金 | 项目总投资: one name no column has made the
    whole second line an application's, and the run stopped for a missing 年度设备投入（万元）. The
    other names are read; 其中：自有资金 is kept with the row, as every unknown column is."""
    for merged in (True, False):
        path = _two_lines(tmp_path / f"{merged}.xlsx", "投资情况（万元）", ["年度设备投入", "其中：自有资金", "项目总投资"],
                          merged=merged, values=(150, 100, 300))
        out, case = _read(tmp_path, path)
        assert _finding(case, "APP-EQUIP-LE-TOTAL") == ("pass", "年度设备投入 150 万元不超过项目总投资 300 万元。")
        assert case["other_columns"] == {"其中：自有资金": 100}


def test_a_groups_columns_take_the_unit_on_the_line_under_them_or_the_one_stated_for_the_table(tmp_path):
    """投资情况 (no unit) over 年度设备投入 | 项目总投资, with （万元） on a third line under them, or with
    单位：万元 stated above the table: the run stopped for a missing 年度设备投入（万元）."""
    units = [None] * len(NAMES) + ["（万元）", "（万元）"]
    for path in (_two_lines(tmp_path / "units.xlsx", "投资情况", ["年度设备投入", "项目总投资"], under=[units]),
                 _two_lines(tmp_path / "stated.xlsx", "投资情况", ["年度设备投入", "项目总投资"], first=("基本情况", 2),
                            above=[[None] * 8 + ["单位：万元"]])):
        out, case = _read(tmp_path, path)
        assert _finding(case, "APP-EQUIP-LE-TOTAL") == ("pass", "年度设备投入 150 万元不超过项目总投资 300 万元。"), path
        assert case["application"]["equipment_investment_wan"]["source"] == f"申报汇总表!{chr(ord('A') + len(NAMES))}5"


def test_a_year_in_chinese_numerals_or_in_brackets_reads_the_column_and_the_run_says_so(tmp_path):
    """二〇二一年度设备投入（万元）, 年度设备投入（2021年）（万元）: the run stopped for a missing column, as
    2021年度… did. A span of years, part of one, or a year said in words (上年度…: another header, as
    tests/test_conditions_h99.py holds for a round condition's column) is still no column's."""
    for header in ("二〇二一年度设备投入（万元）", "年度设备投入（2021年）（万元）", "设备投入（万元）（2021年度）"):
        headers = [header if h == "年度设备投入（万元）" else h for h in APPLICATION]
        _sheet(tmp_path / "t.xlsx", headers, [list({**APPLICATION, "年度设备投入（万元）": 80}.values())])
        out, case = _read(tmp_path, tmp_path / "t.xlsx")
        assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("fail", "年度设备投入 80 万元，低于 100 万元（含）的受理条件。")
        assert NOTE.format(header=header) in read_json(out / "summary.json")["not_checked"], header
    for header in ("2020-2021年度设备投入（万元）", "2021年1-6月设备投入（万元）", "上年度设备投入（万元）"):
        _sheet(tmp_path / "t.xlsx", [header if h == "年度设备投入（万元）" else h for h in APPLICATION], [list(APPLICATION.values())])
        result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "no", "--quiet")
        assert (result.exit_code, result.stderr.splitlines()[0].split("；")[0]) == (
            2, "错误：t.xlsx (申报汇总表) 缺少 W-05 必需的列：年度设备投入（万元）"), header


def test_a_years_column_beside_the_fields_own_column_is_another_years_figure(tmp_path):
    """年度设备投入（万元） beside 2020年设备投入（元）: the year's column was read as the field too, in its
    other unit, and every application was 两列不一致 (INP-CONFLICT), the condition 待补充. It is kept
    with the row, unread, and the run names no column read without its year."""
    headers = list(APPLICATION) + ["2020年设备投入（元）"]
    _sheet(tmp_path / "t.xlsx", headers, [list(APPLICATION.values()) + [500000]])
    out, case = _read(tmp_path, tmp_path / "t.xlsx")
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []
    assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。")
    assert case["other_columns"] == {"2020年设备投入（元）": 500000}
    assert not [n for n in read_json(out / "summary.json")["not_checked"] if "列名中的年份" in n]


def test_two_year_columns_of_one_field_in_two_units_are_not_guessed_between(tmp_path):
    """2020年度设备投入（万元） beside 2021年设备投入（元）: both were read, as two units of one field, and
    compared (INP-CONFLICT). As for two years in one unit, the run stops naming the column it lacks."""
    headers = NAMES + ["项目总投资（万元）", "2020年度设备投入（万元）", "2021年设备投入（元）"]
    _sheet(tmp_path / "t.xlsx", headers, [[APPLICATION[h] for h in NAMES] + [300, 90, 1500000]])
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 2
    assert "缺少 W-05 必需的列：年度设备投入（万元）" in result.stderr
    assert "2020年度设备投入（万元）、2021年设备投入（元）" in result.stderr


def _conditions(path, *items):
    import yaml

    path.write_text(yaml.safe_dump({"通知": {"文号": "威工信字〔2021〕1号"}, "条件": [
        {"条件编号": number, "条件": f"{column}{value}万元（含）以上", "依据": "第二条", "列名": column, "类型": "金额（万元）",
         "比较": "≥", "值": value} for number, column, value in items]}, allow_unicode=True), encoding="utf-8")
    return path


def test_a_round_conditions_column_with_its_year_before_it_is_read_and_named_by_its_column_name(tmp_path):
    """A condition on 营业收入 over a column 2020年度营业收入（万元）: the column was not read (2020年度 dropped
    to 年度营业收入, no column's name) and the run stopped; 2020年营业收入 was read, but 未核对事项 said
    按“列:营业收入”读取, an internal name. Conditions on 2019年营业收入 and 2020年营业收入 each still read
    their own column, never one for both, and no year is said unconfirmed."""
    conditions = _conditions(tmp_path / "c.yaml", ("1", "营业收入", 1000))
    for header in ("2020年度营业收入（万元）", "2020年营业收入（万元）"):
        _sheet(tmp_path / "t.xlsx", list(APPLICATION) + [header], [list(APPLICATION.values()) + [1500]])
        out, case = _read(tmp_path, tmp_path / "t.xlsx", "--conditions", conditions)
        assert _finding(case, "COND-1") == ("pass", "营业收入填写为 1500 万元，符合本条件（本轮条件要求不低于 1000 万元）。")
        assert (f"t.xlsx (申报汇总表) 的列“{header}”按“营业收入”读取（列名中的年份未核对：请确认该列是本轮通知所指年度的数据）。"
                in read_json(out / "summary.json")["not_checked"])
    conditions = _conditions(tmp_path / "two.yaml", ("1", "2019年营业收入", 1000), ("2", "2020年营业收入", 2000))
    _sheet(tmp_path / "t.xlsx", list(APPLICATION) + ["2019年营业收入（万元）", "2020年营业收入"], [list(APPLICATION.values()) + [1500, 1800]])
    out, case = _read(tmp_path, tmp_path / "t.xlsx", "--conditions", conditions)
    # h151's wording: 填写为…，本轮条件要求… in words
    assert _finding(case, "COND-1") == ("pass", "2019年营业收入填写为 1500 万元，符合本条件（本轮条件要求不低于 1000 万元）。")
    assert _finding(case, "COND-2") == ("fail", "2020年营业收入填写为 1800 万元，本轮条件要求不低于 2000 万元，不符合本条件。")
    assert not [n for n in read_json(out / "summary.json")["not_checked"] if "列名中的年份" in n]


def test_a_name_over_its_years_is_no_application_and_its_years_are_not_guessed_between(tmp_path):
    """年度设备投入（万元） merged over 2020年 | 2021年 (or 2020 | 2021 typed as numbers): the first year's
    column was read as the field (90: 不符合), the second's lost, and the line of years checked as an
    application. Two years of one field
    stop the run naming both columns; one year is read, and the run says its year is unconfirmed."""
    for merged, years in ((True, ["2020年", "2021年"]), (False, ["2020年", "2021年"]), (True, [2020, 2021])):
        path = _two_lines(tmp_path / f"{merged}.xlsx", "年度设备投入（万元）", years, merged=merged, values=(90, 150))
        result = run_cli("check", path, *W05, "--out", tmp_path / f"no-{merged}-{years[0]}", "--quiet")
        assert result.exit_code == 2, result.stderr
        assert "缺少 W-05 必需的列：年度设备投入（万元）" in result.stderr
        assert "年度设备投入（万元）（2020年）、年度设备投入（万元）（2021年）" in result.stderr
    path = _two_lines(tmp_path / "t.xlsx", "年度设备投入（万元）", ["2021年"], values=(150,))
    out, case = _read(tmp_path, path)
    assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。")
    assert read_json(out / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}
    assert NOTE.format(header="年度设备投入（万元）（2021年）") in read_json(out / "summary.json")["not_checked"]


def test_a_group_whose_names_no_column_has_is_a_header_not_an_application(tmp_path):
    """联系人 merged over 姓名 | 电话 beside the known names: the line 姓名 | 电话 was checked as a second
    application (需人工复核) and the 电话 column, blank above, was lost."""
    for merged in (True, False):
        path = _two_lines(tmp_path / f"{merged}.xlsx", "联系人", ["姓名", "电话"], merged=merged, values=(150, 300))
        workbook = __import__("openpyxl").load_workbook(path)
        sheet = workbook.active
        sheet.insert_cols(len(NAMES) + 1, 2)  # the amounts before the group, named on the first line
        for column, (name, value) in enumerate((("年度设备投入（万元）", 150), ("项目总投资（万元）", 300)), len(NAMES) + 1):
            sheet.cell(2, column, name)
            sheet.cell(4, column, value)
        sheet.cell(4, len(NAMES) + 3, "张三")
        sheet.cell(4, len(NAMES) + 4, "0631-5200000")
        workbook.save(path)
        out, case = _read(tmp_path, path)
        assert read_json(out / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}
        assert case["other_columns"] == {"姓名": "张三", "电话": "0631-5200000"}


def test_a_round_conditions_column_named_without_a_unit_takes_its_groups_unit(tmp_path):
    """经营情况（万元） over 年度设备投入 | 营业收入, a condition on 营业收入 of type 金额（元）: 营业收入 is known
    bare (a 列名 written without a unit), so the group's 万元 was dropped and 1500 read as 1500 元
    (INP-UNIT, 待补充), where a one-line 营业收入 under 单位：万元 is read in 万元."""
    conditions = tmp_path / "c.yaml"
    import yaml

    conditions.write_text(yaml.safe_dump({"通知": {"文号": "威工信字〔2021〕1号"}, "条件": [
        {"条件编号": "1", "条件": "营业收入1000万元（含）以上", "依据": "第二条", "列名": "营业收入", "类型": "金额（元）",
         "比较": "≥", "值": 10000000}]}, allow_unicode=True), encoding="utf-8")
    path = _two_lines(tmp_path / "t.xlsx", "经营情况（万元）", ["年度设备投入", "营业收入"], values=(150, 1500))
    out, case = _read(tmp_path, path, "--conditions", conditions)
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []
    assert _finding(case, "COND-1") == ("pass", "营业收入填写为 15000000 元，符合本条件（本轮条件要求不低于 1000 万元）。")


def test_a_known_name_over_its_parts_reads_its_total_and_never_a_part_for_it(tmp_path):
    """项目总投资（万元） merged over 合计 | 其中：设备购置: the line 合计 | 其中：设备购置 was checked as a
    second application and the part's column lost. Over 自有资金 | 银行贷款 (parts, no total) the first
    part was read as 项目总投资: 300 万元 of 自有资金 taken for the project's whole investment."""
    names = [h for h in APPLICATION if h != "项目总投资（万元）"]
    for parts, total in ((["合计", "其中：设备购置"], "300"), (["自有资金", "银行贷款"], None)):
        for merged in (True, False):
            workbook, sheet = _sheet(tmp_path / "t.xlsx", names + ["项目总投资（万元）", None], [])
            sheet.append([None] * len(names) + parts)
            sheet.append([APPLICATION[h] for h in names] + [300, 120])
            if merged:
                sheet.merge_cells(start_row=2, start_column=len(names) + 1, end_row=2, end_column=len(names) + 2)
                for column in range(1, len(names) + 1):
                    sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
            workbook.save(tmp_path / "t.xlsx")
            out, case = _read(tmp_path, tmp_path / "t.xlsx")
            assert read_json(out / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}
            if total:
                assert case["application"]["total_investment_wan"] == {"value": total, "source": "申报汇总表!K4", "state": "ok"}
                assert case["other_columns"] == {"其中：设备购置": 120}
            else:
                assert "total_investment_wan" not in case["application"] or case["application"]["total_investment_wan"].get("value") is None
                assert case["other_columns"] == {"自有资金": 300, "银行贷款": 120}
                assert ("申报表中没有“项目总投资（万元）”列：“设备投入不超过项目总投资”未核对。"
                        in read_json(out / "summary.json")["not_checked"])


def test_names_under_a_years_group_are_that_years_columns(tmp_path):
    """2019年度（万元） and 2020年度（万元）, each merged over 营业收入 | 利润总额, a condition on 营业收入: the
    two 营业收入 columns were read as one field and compared (INP-CONFLICT, 需人工复核, neither year
    said). Two years of one field stop the run naming both; a single year's group is read, named."""
    conditions = _conditions(tmp_path / "c.yaml", ("1", "营业收入", 1000))
    for years in (["2019年度（万元）", "2020年度（万元）"], ["2020年度（万元）"]):
        headers, below, values = list(APPLICATION), [None] * len(APPLICATION), list(APPLICATION.values())
        for year in years:
            headers, below, values = headers + [year, None], below + ["营业收入", "利润总额"], values + [1500, 90]
        workbook, sheet = _sheet(tmp_path / "t.xlsx", headers, [below, values])
        for column in range(1, len(APPLICATION) + 1):
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        for number in range(len(years)):
            start = len(APPLICATION) + 1 + 2 * number
            sheet.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + 1)
        workbook.save(tmp_path / "t.xlsx")
        if len(years) == 2:
            result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "no", "--quiet", "--conditions", conditions)
            assert result.exit_code == 2
            assert "读取的列“营业收入”在 t.xlsx (申报汇总表) 中不存在" in result.stderr
            assert "营业收入（万元）（2019年度）、利润总额（2019年度）、营业收入（万元）（2020年度）、利润总额（2020年度）。" in result.stderr
        else:
            out, case = _read(tmp_path, tmp_path / "t.xlsx", "--conditions", conditions)
            assert _finding(case, "COND-1") == ("pass", "营业收入填写为 1500 万元，符合本条件（本轮条件要求不低于 1000 万元）。")
            assert case["other_columns"] == {"利润总额（2020年度）": 90}
            assert ("t.xlsx (申报汇总表) 的列“营业收入（万元）（2020年度）”按“营业收入”读取（列名中的年份未核对：请确认该列是本轮通知所指年度的数据）。"
                    in read_json(out / "summary.json")["not_checked"])
