"""Hostile review h144: application workbooks as offices make them, and the readers.

1. A cell's own text in brackets, （100） (an accountant's -100), （是）, （2020-07-06）, (否), quoted in a message's
   own brackets was bracketed once: 年度设备投入未填写或无法识别（100）, 是否独立法人未填写或无法识别（是）, as if
   the cell held 100 or 是. It is now quoted as written; the program's own notes, （未记录省通知）, stay bracketed once.
2. A bilingual form's headers (申报编号 ID, 企业名称 Company name, 统一社会信用代码（USCC）, 申报编号 / Application No.)
   were no column: the run stopped, 缺少必需的列. The Chinese part of such a header is read; a unit or currency in
   Latin letters (年度设备投入（USD）) or a qualifier before the name (PPP 项目总投资) is no gloss.
3. An empty (0-byte) list of the bureau's own (--conflicts, --credit-list, --overrides, the pool) was to be asked
   again of the 报送单位 that never sent it; a 0-byte --staff .txt was read as a list of no one, its recusals lapsing
   without a word. Each is now said empty, to be saved or exported again where it was made.
"""

from __future__ import annotations

import json

import pytest

from checker.core.findings import fill
from checker.io.table import column_key
from tests.helpers import ROOT, check_summary, run_cli
from tests.test_hostile_h137 import CODES, HEAD, _book, _check  # h137's application workbook and runner


def _row(number: int, head=HEAD, **changes) -> list:
    row = dict(zip(HEAD, [number, f"WH-{number}", f"威海第{number}精密机械有限公司", CODES[(number - 1) % len(CODES)],
                          "山东省威海市环翠区世昌大道1号", "环翠区", "是", "改造", "智能制造", "2020-371002-34-03-012345",
                          350, 1200, "是", "2020-07-06", "同意"]))
    row.update(changes)
    return [row[header] for header in HEAD]


# --- 1. a bracketed value inside a message's brackets ---------------------------------------------------------


def test_a_bracketed_cell_is_quoted_inside_the_messages_brackets(tmp_path):
    found = _check(tmp_path, _row(1, **{"年度设备投入（万元）": "（100）"}), _row(2, 是否独立法人="（是）"),
                   _row(3, 申报日期="（2020-07-06）"), _row(4, 符合产业政策方向="(否)"))
    assert found["WH-1"]["ELIG-EQUIP-INVEST-100W"]["message"] == "年度设备投入未填写或无法识别（“（100）”）。"
    assert found["WH-2"]["ELIG-LEGAL-PERSON"]["message"] == "“是否独立法人”未填写或无法识别（“（是）”）。"
    assert found["WH-3"]["APP-SUBMITTED-IN-WINDOW"]["message"] == "申报日期未填写或无法识别（“（2020-07-06）”）。"
    assert found["WH-4"]["ELIG-POLICY-DIRECTION"]["message"] == "“符合产业政策方向”未填写或无法识别（“(否)”）。"


def test_the_programs_own_bracketed_note_stays_bracketed_once():
    template = "未记录省通知或其日期（{detail}），无法判断本市通知（{city}）是否在其后。"
    assert fill(template, {"detail": "（未记录省通知）", "city": "（无）"}) == (
        "未记录省通知或其日期（未记录省通知），无法判断本市通知（无）是否在其后。")
    assert fill("年度设备投入未填写或无法识别（{x}）。", {"x": "（约100）"}) == "年度设备投入未填写或无法识别（“（约100）”）。"


# --- 2. bilingual headers -------------------------------------------------------------------------------------


def test_a_bilingual_header_is_read_by_its_chinese_name(tmp_path):
    head = list(HEAD)
    head[1], head[2], head[3] = "申报编号 ID", "企业名称 Company name", "统一社会信用代码（USCC）"
    head[10], head[11] = "年度设备投入 Equipment investment（万元）", "项目总投资（万元）\nTotal investment"
    found = _check(tmp_path, _row(1), _row(2, 企业名称=12345), head=head)
    equipment = found["WH-1"]["ELIG-EQUIP-INVEST-100W"]
    assert (equipment["outcome"], equipment["message"]) == ("pass", "年度设备投入 350 万元，达到 100 万元（含）以上。")
    assert found["WH-2"]["INP-VALUE"]["message"] == (
        "申报汇总表!C3 的企业名称“12345”无法识别（单元格是数字，不是企业名称）；应为：文本。依赖此项的规则判为“待补充”。")


@pytest.mark.parametrize(("header", "key"), [
    ("申报编号 ID", "申报编号"), ("申报编号 / Application No.", "申报编号"), ("申报编号\nApplication No.", "申报编号"),
    ("Company name 企业名称", "企业名称"), ("企业名称（盖章）Company name", "企业名称"), ("*企业名称 Company name", "企业名称"),
    ("统一社会信用代码（USCC）", "统一社会信用代码"), ("年度设备投入 Equipment investment（万元）", "年度设备投入(万元)"),
    # a unit or currency in Latin letters, or a qualifier before the name, is no gloss: the header stays unknown
    ("年度设备投入（USD）", "年度设备投入(USD)"), ("年度设备投入 (RMB)", "年度设备投入(RMB)"),
    ("年度设备投入（万元）(10k yuan)", "年度设备投入(万元)(10kyuan)"), ("PPP 项目总投资", "PPP项目总投资"),
    ("R&D投入（万元）", "R&D投入(万元)"), ("申报编号ID", "申报编号ID"), ("年度设备投入（万元）", "年度设备投入(万元)")])
def test_only_a_gloss_is_taken_off_a_header(header, key):
    assert column_key(header) == key


def test_a_header_with_a_latin_currency_is_no_column(tmp_path):
    head = list(HEAD)
    head[10] = "年度设备投入（USD）"
    result = run_cli("check", _book(tmp_path / "apps.xlsx", head, [_row(1)]), "--workflow", "W-05", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：apps.xlsx (申报汇总表) 缺少 W-05 必需的列：年度设备投入（万元）；")


# --- 3. an empty list of the bureau's own -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["conflicts.csv", "conflicts.xlsx"])
def test_an_empty_conflicts_list_is_not_asked_of_a_district(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    result = run_cli("draw", "check", "--pool", ROOT / "samples/experts.xlsx", "--conflicts", path)
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取回避名单「{path}」：文件是空的（0 字节）：请在原处重新保存或重新导出后重试\n")


def test_an_empty_staff_list_is_refused_not_read_as_no_one(tmp_path):
    path = tmp_path / "staff.txt"
    path.write_bytes(b"")
    result = run_cli("draw", "check", "--pool", ROOT / "samples/experts.xlsx", "--staff", path)
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取本局工作人员名单「{path}」：文件是空的（0 字节）：请在原处重新保存或重新导出后重试\n")


def test_an_empty_credit_list_or_overrides_file_is_the_bureaus_own(tmp_path):
    for option, name, what in (("--credit-list", "credit.csv", "不良信用记录名单"), ("--overrides", "decisions.xlsx", "复核决定文件")):
        path = tmp_path / name
        path.write_bytes(b"")
        result = run_cli("check", ROOT / "samples/w05_applications.xlsx", "--out", tmp_path / "out", "--force", option, path)
        assert (result.exit_code, result.stderr) == (
            2, f"错误：无法读取{what}「{path}」：文件是空的（0 字节）：请在原处重新保存或重新导出后重试\n")


def test_an_empty_application_file_is_still_asked_of_the_office_that_sent_it(tmp_path):
    path = tmp_path / "汇总.csv"
    path.write_bytes(b"")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取申报文件「{path}」：文件是空的（0 字节）：请重新保存或向报送单位重新索取\n")


# --- 4. a bilingual form's line of English names under its header -------------------------------------------

ENGLISH = ["No.", "Application ID", "Company name", "USCC", "Registered address", "District", "Independent legal person",
           "Project name", "Field", "Approval/filing No.", "Annual equipment investment (10k yuan)",
           "Total investment (10k yuan)", "Industrial policy", "Date of application", "District review"]


def test_a_line_of_english_names_under_the_header_is_the_headers(tmp_path):
    """It was checked as an application named Application_ID, with a dozen INP- findings and 需人工复核."""
    check_summary(_book(tmp_path / "apps.xlsx", HEAD, [ENGLISH, _row(1), _row(2), HEAD, ENGLISH, _row(3),
                                                       ["Weihai", "Tech", "Co"]]), tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    # the pasted table's header and its English line are set aside too; a line of English words under an
    # application is no header's and is checked
    assert (summary["skipped_note_rows"], summary["rows_reconcile"]) == ([2, 5, 6], True)
    assert [case["case_id"] for case in summary["cases"]] == ["WH-1", "WH-2", "WH-3", "Tech"]


def test_chinese_and_english_names_in_one_header_cell(tmp_path):
    head = [f"{chinese}\n{english}" for chinese, english in zip(HEAD, ENGLISH)]
    found = _check(tmp_path, _row(1), head=head)
    equipment = found["WH-1"]["ELIG-EQUIP-INVEST-100W"]
    assert (equipment["outcome"], equipment["message"]) == ("pass", "年度设备投入 350 万元，达到 100 万元（含）以上。")
    assert [rule for rule in found["WH-1"] if rule.startswith("INP-")] == []


@pytest.mark.parametrize(("header", "key"), [
    ("年度设备投入（万元）\nAnnual equipment investment (10k yuan)", "年度设备投入(万元)"),
    ("年度设备投入（元）\nEquipment investment (RMB)", "年度设备投入(元)"),
    ("核准（备案）文号\nApproval/filing No.", "核准(备案)文号"),
    # the English unit is not the Chinese one, or the only one: no column
    ("年度设备投入（万元）\nAnnual equipment investment (yuan)", "年度设备投入(万元)Annualequipmentinvestment(yuan)"),
    ("年度设备投入\nEquipment investment (10k yuan)", "年度设备投入Equipmentinvestment(10kyuan)")])
def test_a_glosss_unit_must_be_the_chinese_ones(header, key):
    assert column_key(header) == key


# --- 5. a header as the sheet shows it --------------------------------------------------------------------------


def test_a_header_with_a_hidden_character_or_square_brackets_is_the_header_it_shows(tmp_path):
    """申报编号 with a zero-width space or a BOM pasted with it stopped the run: 缺少必需的列：申报编号, the headers
    found listing 申报编号; 年度设备投入【万元】 and [万元] were no column."""
    head = list(HEAD)
    head[1], head[2], head[10], head[11] = "申报编号\u200b", "\ufeff企业名称", "年度设备投入【万元】", "项目总投资[万元]"
    found = _check(tmp_path, _row(1), head=head)
    equipment = found["WH-1"]["ELIG-EQUIP-INVEST-100W"]
    assert (equipment["outcome"], equipment["message"]) == ("pass", "年度设备投入 350 万元，达到 100 万元（含）以上。")
    total = found["WH-1"]["APP-EQUIP-LE-TOTAL"]
    assert (total["outcome"], total["message"]) == ("pass", "年度设备投入 350 万元不超过项目总投资 1200 万元。")
    assert column_key("年度设备投入〔元〕") == "年度设备投入(元)"


# --- 6. a date column left as a number ---------------------------------------------------------------------------


def test_a_date_read_from_its_serial_number_says_so(tmp_path):
    """A cell showing 44018 (a date column formatted 常规) was read as 2020-07-06 with nothing said: the reviewer
    opening the cell finds 44018, not the date the report gives."""
    found = _check(tmp_path, _row(1, 申报日期=44018), _row(2, 申报日期="44018"), _row(3, 申报日期=20200706))
    for name in ("WH-1", "WH-2"):
        window = found[name]["APP-SUBMITTED-IN-WINDOW"]
        assert (window["outcome"], window["message"]) == (
            "pass", "申报日期 2020-07-06 在本轮申报期（2020-07-01 至 2020-07-31，含起止日）内。")
        assert window["evidence"]["submitted_on_note"] == "单元格为数字 44018，按 Excel 日期序号读作 2020-07-06"
    assert "submitted_on_note" not in found["WH-3"]["APP-SUBMITTED-IN-WINDOW"]["evidence"]


def test_a_unit_on_the_cells_second_line_is_read(tmp_path):
    """350 Alt+Enter 万元 (the unit on the cell's second line) was unreadable where 350 万元 is read."""
    found = _check(tmp_path, _row(1, **{"年度设备投入（万元）": "350\n万元"}),
                   _row(2, **{"年度设备投入（万元）": "3500000\r\n元"}))
    for name in ("WH-1", "WH-2"):
        assert [rule for rule in found[name] if rule.startswith("INP-")] == []
        equipment = found[name]["ELIG-EQUIP-INVEST-100W"]
        assert (equipment["outcome"], equipment["message"]) == ("pass", "年度设备投入 350 万元，达到 100 万元（含）以上。")
    assert found["WH-2"]["ELIG-EQUIP-INVEST-100W"]["evidence"]["equipment_investment_wan_note"] == "按元换算为万元"


# --- 7. a 是/否 cell as forms fill it ---------------------------------------------------------------------------


def test_a_pair_of_boxes_one_ticked_is_read_and_said(tmp_path):
    """☑是 ☐否 (a WPS or Word form's boxes pasted into the sheet) was unreadable; both ticked or neither stays so."""
    found = _check(tmp_path, _row(1, 是否独立法人="☑是 ☐否"), _row(2, 是否独立法人="是□ 否☑"),
                   _row(3, 是否独立法人="☑是 ☑否"), _row(4, 是否独立法人="□是"))
    legal = found["WH-1"]["ELIG-LEGAL-PERSON"]
    assert (legal["outcome"], legal["message"], legal["evidence"]["legal_person_note"]) == (
        "pass", "申报表载明具有独立法人资格（是）。", "“☑是 ☐否”读作“是”")
    legal = found["WH-2"]["ELIG-LEGAL-PERSON"]
    assert (legal["outcome"], legal["message"], legal["evidence"]["legal_person_note"]) == (
        "fail", "申报表载明不具有独立法人资格（否），不符合受理条件。", "“是□ 否☑”读作“否”")
    assert found["WH-3"]["INP-YESNO"]["message"] == (
        "申报汇总表!G4 的是否独立法人“☑是 ☑否”无法识别；应为：是/否（或 有/无、已签署/未签署、Y/N）。依赖此项的规则判为“待补充”。")
    assert found["WH-4"]["ELIG-LEGAL-PERSON"]["message"] == "“是否独立法人”未填写或无法识别（□是）。"


def test_a_number_read_as_yes_or_no_is_said(tmp_path):
    """A 0 in 是否独立法人 refused the application (不具有独立法人资格（否）) with nothing saying the cell held 0."""
    found = _check(tmp_path, _row(1, 是否独立法人=0), _row(2, 是否独立法人=1))
    legal = found["WH-1"]["ELIG-LEGAL-PERSON"]
    assert (legal["outcome"], legal["message"], legal["evidence"]["legal_person_note"]) == (
        "fail", "申报表载明不具有独立法人资格（否），不符合受理条件。", "“0”读作“否”")
    assert found["WH-2"]["ELIG-LEGAL-PERSON"]["evidence"]["legal_person_note"] == "“1”读作“是”"


# --- 8. a form's mark that nothing follows -------------------------------------------------------------------------


def test_a_line_saying_nothing_follows_is_set_aside(tmp_path):
    """（以下空白）, 此栏以下空白, （空）, a dash or 无 alone on a line were each checked as an application (row3 …,
    需人工复核 with a dozen findings); a company's name alone on a line still is one."""
    marks = ["（以下空白）", "此栏以下空白", "本页以下空白", "（空）", "/", "—", "……", "无"]
    lines = [[None, None, mark] + [None] * 12 for mark in marks] + [[mark] + [None] * 14 for mark in marks]
    check_summary(_book(tmp_path / "apps.xlsx", HEAD, [_row(1), *lines, [None, None, "威海某机械有限公司"]]), tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_note_rows"], summary["rows_reconcile"]) == (list(range(3, 19)), True)
    assert [case["case_id"] for case in summary["cases"]] == ["WH-1", "row19"]


@pytest.mark.parametrize(("header", "key"), [
    ("年度设备投入（万）", "年度设备投入(万元)"), ("年度设备投入（人民币万元）", "年度设备投入(万元)"),
    ("项目总投资（万元人民币）", "项目总投资(万元)"), ("项目总投资（人民币元）", "项目总投资(元)"),
    # another unit is no column's: the run stops naming it, nothing is converted by guess
    ("年度设备投入（千元）", "年度设备投入(千元)"), ("年度设备投入（亿元）", "年度设备投入(亿元)")])
def test_a_unit_spelled_as_forms_spell_it(header, key):
    """年度设备投入（万） and （人民币万元） stopped the run: 缺少必需的列：年度设备投入（万元）."""
    assert column_key(header) == key


def test_a_workbook_with_units_spelled_so_is_read(tmp_path):
    head = list(HEAD)
    head[10], head[11] = "年度设备投入（万）", "项目总投资（人民币元）"
    found = _check(tmp_path, _row(1, **{"项目总投资（万元）": 12000000}), head=head)
    assert [rule for rule in found["WH-1"] if rule.startswith("INP-")] == []
    assert found["WH-1"]["ELIG-EQUIP-INVEST-100W"]["message"] == "年度设备投入 350 万元，达到 100 万元（含）以上。"
    total = found["WH-1"]["APP-EQUIP-LE-TOTAL"]
    assert (total["outcome"], total["message"], total["evidence"]["total_investment_wan_note"]) == (
        "pass", "年度设备投入 350 万元不超过项目总投资 1200 万元。", "元列按 1 万元 = 10000 元换算")
