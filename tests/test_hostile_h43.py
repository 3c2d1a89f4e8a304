"""Reviewer h43: leftovers of today's reviews (hidden characters in duplicate ids, the applicants
list of a draw, 会签 still outstanding, several-district titles, CSV records, input-error sentences,
external-workbook formulas)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05


def _finding(case: dict, rule: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule)


def _sheet(path, rows: list[dict], headers: list[str], title: str = "申报汇总表"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


# ---------------------------------------------------------------- a duplicate id with a hidden character


def test_a_duplicate_id_with_a_soft_hyphen_shows_the_hidden_character(tmp_path):
    """WH-2020\\u00ad-00096 beside WH-2020-00096 was quoted “WH-2020-00096” in both findings: the
    reviewer could not see why two ids that print alike are one, nor find the cell."""
    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": "WH-2020\u00ad-00096"}, {**APPLICATION, "申报编号": "WH-2020-00096"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    hidden, plain = (_finding(read_case(tmp_path / "out", name), "INP-DUPLICATE-ID") for name in ("row2", "row3"))
    assert (hidden["outcome"], hidden["message"], hidden["evidence"]) == (
        "fail",
        "申报汇总表!A2 的申报编号“WH-2020\\u00AD-00096”（按“WH-2020-00096”比对，全角半角、空格、换行与不可见字符不计）"
        "在文件中出现 2 次（另见第 3 行）；各条均已审核，报告文件以输入行号 row2 命名。",
        {"application_id": "WH-2020\\u00AD-00096", "source": "申报汇总表!A2"})
    assert (plain["outcome"], plain["message"], plain["evidence"]) == (
        "fail",
        "申报汇总表!A3 的申报编号“WH-2020-00096”在文件中出现 2 次（另见第 2 行）；各条均已审核，报告文件以输入行号 row3 命名。",
        {"application_id": "WH-2020-00096", "source": "申报汇总表!A3"})


# ---------------------------------------------------------------- a CSV line that cannot be read


def test_a_csv_line_that_cannot_be_read_is_named_by_its_row_and_the_files_line(tmp_path):
    """INP-RECORD for a CSV line said “第 3 条” and "source": "环翠区#3", words for a JSON record. It
    now says 第 3 行, as the cells' references do, and the line of the file when a cell's line break
    above makes the two differ."""
    from tests.helpers import read_case
    from tests.test_hostile_h39 import WINDOW, _sample_csv_lines

    lines = _sample_csv_lines()
    header = lines[0].split(",")
    at = header.index("企业名称")
    first = lines[1].split(",")
    first[at] = '"威海某有限公司\n（原威海某厂）"'  # a line break typed in a cell: one row, two lines of the file
    lines[1] = ",".join(first)
    lines[2] = lines[2].replace("上海威联电子科技有限公司", "上海威联电子科技有限公司,石岛分公司", 1)
    path = tmp_path / "环翠区.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    problem = ("有 16 个值，表头只有 15 列，多出的值为“李经理”：可能是某个单元格中的逗号没有加引号，把该单元格分成了两个，"
               "其后各列的值都已错位")
    found = [{k: f[k] for k in ("rule_id", "outcome", "message", "remedy", "evidence")}
             for f in read_case(tmp_path / "out", "WH-2020-002")["findings"] if f["rule_id"].startswith("INP")]
    assert found == [{
        "rule_id": "INP-RECORD", "outcome": "fail",
        "message": f"环翠区 第 3 行（文件第 4 行）：{problem}。该申报的所有规则判为“待补充”。",
        "remedy": "请修正该行的格式后重新提交。",
        "evidence": {"source": "环翠区!第3行", "problem": problem, "line": 4},
    }]


# ---------------------------------------------------------------- input errors, one sentence each


def test_an_empty_or_rowless_input_is_one_sentence_naming_the_file_by_its_path(tmp_path):
    """「bomonly.csv」的工作表 bomonly 是空的。 named the file without its path (and a sheet a CSV file does
    not have); …表头下没有申报行 lacked its final 。. Each now reads as every other input error:
    申报文件「路径」…。"""
    (tmp_path / "bomonly.csv").write_bytes(b"\xef\xbb\xbf")
    headers = list(APPLICATION)
    (tmp_path / "head.csv").write_text(",".join(headers) + "\n", encoding="utf-8")
    _sheet(tmp_path / "head.xlsx", [], headers)
    blank = Workbook()
    blank.active.title = "汇总"
    blank.save(tmp_path / "blank.xlsx")
    (tmp_path / "other.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")
    expected = {
        "bomonly.csv": f"错误：申报文件「{tmp_path / 'bomonly.csv'}」是空的。\n",
        "head.csv": f"错误：申报文件「{tmp_path / 'head.csv'}」表头下没有申报行。\n",
        "head.xlsx": f"错误：申报文件「{tmp_path / 'head.xlsx'}」的工作表 申报汇总表 表头下没有申报行。\n",
        "blank.xlsx": f"错误：申报文件「{tmp_path / 'blank.xlsx'}」的工作表 汇总 是空的。\n",
        "other.csv": f"错误：申报文件「{tmp_path / 'other.csv'}」前 10 行中没有可识别的列名；找到的列名：甲、乙。\n",
    }
    for name, message in expected.items():
        result = run_cli("check", tmp_path / name, *W05, "--out", tmp_path / "out")
        assert (result.exit_code, result.stderr) == (2, message), name
    both = run_cli("check", tmp_path / "head.xlsx", tmp_path / "head.csv", *W05, "--out", tmp_path / "out")
    assert (both.exit_code, both.stderr) == (
        2, f"错误：申报文件「{tmp_path / 'head.xlsx'}」、「{tmp_path / 'head.csv'}」的表头下都没有申报行。\n")


# ---------------------------------------------------------------- 会签 sent but not back


@pytest.mark.parametrize("written", ["市发展改革委、市水务局（已送会签，未返回）、市市场监管局",
                                     "市发展改革委、市水务局（已送会签，尚未签回）、市市场监管局",
                                     # without brackets: the clause after 已送会签 is read too
                                     "市发展改革委、市水务局已送会签，未返回、市市场监管局"])
def test_a_countersign_sent_but_not_returned_is_no_countersignature(written):
    """市水务局（已送会签，未返回） passed as 会签完整: only the first clause after the name (已送会签) was read.
    Every clause of the brackets is now read; 已会签，无需修改 is still a signature (test_hostile_h40)."""
    from tests.test_hostile_h38 import countersigned, water_bureau_not_signed

    assert countersigned(written) == water_bureau_not_signed(written)
    for signed in ("市发展改革委、市水务局（已送会签，已返回）、市市场监管局",
                   "市发展改革委、市水务局已送会签，市市场监管局已会签"):  # the next clause speaks of another unit
        outcome, _, _, verdict = countersigned(signed)
        assert (outcome, verdict) == ("pass", "compliant"), signed


# ---------------------------------------------------------------- a title naming several districts by short names


def test_a_title_naming_several_districts_by_short_names_fills_no_blank_district(tmp_path):
    """A table titled 威海高区、经区汇总 gave 火炬高技术产业开发区 to every blank 所在区市 cell (经区 was read only
    after 威海), and an application registered in the 经区 was told it applied outside its district. A
    title naming two units, by whatever names, is no one district's: the cell stays blank."""
    from tests.test_hostile_h40 import titled_route_findings

    blank, filled = titled_route_findings(tmp_path, "威海高区、经区汇总", "山东省威海市经济技术开发区海南路2号")
    assert blank == ("missing", "未填写所在区市，无法核对是否向注册地所在区市申报（注册地址在经济技术开发区）。")
    assert filled == ("pass", "所在区市“环翠区”与注册地址所在区市（环翠区）一致。")


# ---------------------------------------------------------------- a draw's applicants read as `check` reads them


def _applications_with_total(path):
    """An application workbook: a title, two applications, a 合计 line with the district office in 企业名称
    and a sign-off line under it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["2021年环翠区技改补助申报汇总表"])
    sheet.append(["序号", "申报编号", "企业名称", "统一社会信用代码", "年度设备投入（万元）"])
    sheet.append([1, "WH-1", "威海华盛精密机械有限公司", "91371002MA3D0004CE", 100])
    sheet.append([2, "WH-2", "威海某电子有限公司", "91371002MA3C8XK25F", 200])
    sheet.append(["合计", None, "威海市环翠区工业和信息化局", None, 300])
    sheet.append(["填报人：张三", "审核人：李四"])
    book.save(path)
    return path


def test_a_draws_applicants_list_sets_aside_totals_and_sign_offs_as_check_does(tmp_path):
    """`draw check --applicants` on an application workbook read its 合计 line (威海市环翠区工业和信息化局 in
    企业名称) as an applicant, recusing that office's expert as same employer, and refused the sign-off line
    under it (第 6 行缺少企业名称). The lines are now told apart by `check`'s own rules."""
    from openpyxl import load_workbook

    from tests.helpers import SAMPLES, read_json

    pool = load_workbook(SAMPLES / "experts.xlsx")
    sheet = pool.active
    assert sheet.cell(4, 1).value == "ZJ003"
    sheet.cell(4, 3, "威海市环翠区工业和信息化局")
    sheet.cell(4, 6, None)
    pool.save(tmp_path / "pool.xlsx")
    applicants = _applications_with_total(tmp_path / "app.xlsx")
    checked = run_cli("draw", "check", "--pool", tmp_path / "pool.xlsx", "--field", "新材料", "--applicants", applicants)
    assert (checked.exit_code, checked.stderr, checked.stdout) == (0, "", (
        "领域    在库  回避:本局人员  回避:同单位  回避:申报回避  回避合计  可抽取  需要  状态\n"
        "新材料  27    0              0            0              0         27      10    充足\n"
        "（未抽取，未写入账本。一位专家有多项回避理由时在每项下各计一次。）\n"))
    drawn = run_cli("draw", "new", "--pool", tmp_path / "pool.xlsx", "--field", "新材料", "--applicants", applicants,
                    "--round", "R1", "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "1 2 3")
    assert drawn.exit_code == 0, drawn.output
    record = read_json(tmp_path / "d.json")
    assert (record["exclusion_inputs"]["applicants"], record["exclusions"]) == (
        [{"applicant_id": "WH-1", "name": "威海华盛精密机械有限公司", "uscc": "91371002MA3D0004CE"},
         {"applicant_id": "WH-2", "name": "威海某电子有限公司", "uscc": "91371002MA3C8XK25F"}], [])


# ---------------------------------------------------------------- a figure taken from another workbook


def _with_external_formula(path, cell: str, formula: str, link: str | None = None):
    """The workbook at ``path`` with ``cell`` of its sheet turned into ``formula`` (its cached value kept),
    and, given ``link``, an external link part naming that file as Excel writes one ([1] → link)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    text = formula.replace("&", "&amp;").replace("'", "&apos;")
    sheet, count = re.subn(rf'(<c r="{cell}"[^>]*>)(<v>)', lambda found: f"{found.group(1)}<f>{text}</f>{found.group(2)}", sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    if link:
        parts["xl/externalLinks/externalLink1.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>').encode()
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            f'Target="{link}" TargetMode="External"/></Relationships>').encode()
        rels = parts["xl/_rels/workbook.xml.rels"].decode()
        parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", (
            '<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" '
            'Target="externalLinks/externalLink1.xml"/></Relationships>')).encode()
        workbook = parts["xl/workbook.xml"].decode()
        parts["xl/workbook.xml"] = re.sub(r"(</sheets>)", r'\1<externalReferences xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                                          r'<externalReference r:id="rIdX1"/></externalReferences>',
                                          workbook).encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace("</Types>", (
            '<Override PartName="/xl/externalLinks/externalLink1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_an_amount_taken_from_another_workbook_is_a_finding_on_its_cell(tmp_path):
    """年度设备投入 written =[1]Sheet1!$A$1 (a link to \\\\server\\share\\预算.xlsx) with its cached value 150, or
    ='\\\\server\\share\\[预算.xlsx]Sheet1'!$B$2, was accepted in silence: the figure comes from a file the
    reviewer does not have, and may be stale. It is now a finding on that cell (需人工复核), as a merged amount is."""
    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": "E-1", "年度设备投入（万元）": 150, "项目总投资（万元）": 300},
            {**APPLICATION, "申报编号": "E-2", "年度设备投入（万元）": 150, "项目总投资（万元）": 300}]
    path = _sheet(tmp_path / "t.xlsx", rows, headers)
    column = "ABCDEFGHIJKLMNOP"[headers.index("年度设备投入（万元）")]
    _with_external_formula(path, f"{column}2", "[1]Sheet1!$A$1", "file:///\\\\server\\share\\预算.xlsx")
    _with_external_formula(path, f"{column}3", "'\\\\server\\share\\[预算.xlsx]Sheet1'!$B$2")
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    linked, typed = read_case(tmp_path / "out", "E-1"), read_case(tmp_path / "out", "E-2")
    for case, row, named in ((linked, 2, "外部工作簿 \\\\server\\share\\预算.xlsx（=[1]Sheet1!$A$1）"),
                             (typed, 3, "外部工作簿（='\\\\server\\share\\[预算.xlsx]Sheet1'!$B$2）")):
        finding = _finding(case, "INP-EXTERNAL")
        ref = f"申报汇总表!{column}{row}"
        assert (case["verdict"], finding["outcome"], finding["severity"], finding["message"], finding["remedy"], finding["evidence"]) == (
            "needs_review", "fail", "review",
            f"{ref} 的年度设备投入（万元）“150”是公式，引用{named}，读到的是上次计算时保存的结果："
            "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
            f"请在 {ref} 直接填写年度设备投入（万元）的数值（或在 Excel 中断开链接、转为数值）后重新报送，或向报送单位核实该数值。",
            {"equipment_investment_wan": "150", "equipment_investment_wan_note": named, "source": ref, "column": "年度设备投入（万元）"})


def test_a_round_conditions_figure_taken_from_another_workbook_is_a_finding_on_its_cell(tmp_path):
    """The same for a round condition's column (上年度营业收入, 列名 of --conditions): its figure from
    =[1]Sheet1!$C$3 was compared with the condition as if typed into the table."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
                          "  - {条件编号: 1, 条件: 上年度营业收入1000万元以上, 依据: 第二条, 列名: 上年度营业收入, 类型: 金额（万元）, "
                          "比较: ≥, 值: 1000, 严重程度: 否决}\n", encoding="utf-8")
    headers = [*APPLICATION, "上年度营业收入"]
    path = _sheet(tmp_path / "t.xlsx", [{**APPLICATION, "上年度营业收入": 1200}], headers)
    column = "ABCDEFGHIJKLMNOP"[headers.index("上年度营业收入")]
    _with_external_formula(path, f"{column}2", "[1]Sheet1!$C$3")
    run_cli("check", path, *W05, "--conditions", conditions, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    finding = _finding(case, "INP-EXTERNAL")
    ref = f"申报汇总表!{column}2"
    assert (case["verdict"], finding["message"], finding["evidence"]) == (
        "needs_review",
        f"{ref} 的上年度营业收入“1200 万元”是公式，引用外部工作簿（=[1]Sheet1!$C$3），读到的是上次计算时保存的结果："
        "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
        {"上年度营业收入": "1200 万元", "上年度营业收入_note": "外部工作簿（=[1]Sheet1!$C$3）", "source": ref, "column": "上年度营业收入"})
    assert _finding(case, "COND-1")["outcome"] == "missing"


def test_the_fallback_workbook_reader_names_an_empty_sheet_as_the_first_reader_does(tmp_path):
    """openpyxl, read where calamine fails, said 输入文件「…」 whatever the input was: it now names it as asked."""
    import pytest as _pytest

    from checker.errors import InputError
    from checker.io.table import aliases, open_xlsx_openpyxl

    blank = Workbook()
    blank.active.title = "汇总"
    blank.save(tmp_path / "blank.xlsx")
    with _pytest.raises(InputError) as caught:
        open_xlsx_openpyxl(tmp_path / "blank.xlsx", aliases({"application_id": ("申报编号",)}), what="申报文件")
    assert str(caught.value) == f"申报文件「{tmp_path / 'blank.xlsx'}」的工作表 汇总 是空的。"
