"""Hostile review s25 of `fundcheck check` (W-05).

1. A registered address written without 市 or by a management area (山东省荣成石岛管理区…, 石岛管理区…,
   乳山经济开发区…, 南海新区…, 文登经济开发区…) was not placed in Weihai: ELIG-REGION needed review for a Weihai
   enterprise. 荣成路 (a street of Qingdao) still names no city.
2. A total line labelled with its count before the word (2个项目合计, 以上3个项目合计) was checked as an application.
3. 所在区市 "市直" (a city-level applicant, under no district) read as an unknown district and asked the applicant
   to name one; now a documented reading: the office's question, said as a city-level applicant.
4. APP-SUBMITTED-IN-WINDOW said "不在本轮申报期内" without the window's first and last day.
5. ELIG-POLICY-DIRECTION read "（领域：空白）" for a table with no 项目领域 column.
6. A partnership (…（有限合伙）) or sole proprietorship answering 是否独立法人 = 是 was not flagged.
7. Two rows of one enterprise under the same bare running number (申报编号 1) named each other "另见 1".
"""

from __future__ import annotations

import re
from html import unescape

import openpyxl
import pytest

from checker.check.region import AddressRegion, classify_address
from tests.helpers import ROOT, W05_JULY_2020, read_case, read_json, run_cli, write_json

FIRST = read_json(ROOT / "samples" / "w05_applications.json")[0]
CODES = ["91371002MA3D25001U", "91371002MA3D25002Y", "91371002MA3D250032", "91371002MA3D250045", "91371002MA3D250058",
         "91371002MA3D25006B", "91371002MA3D25007E", "91371002MA3D25008H", "91371002MA3D25009L", "91371002MA3D25010R"]


def _row(number: int, **changes) -> dict:
    return {**FIRST, "申报编号": f"S-{number}", "统一社会信用代码": CODES[number], "企业名称": f"威海测试{number}机械有限公司", **changes}


def _finding(out, case_id: str, rule_id: str) -> tuple[str, str]:
    found = next(f for f in read_case(out, case_id)["findings"] if f["rule_id"] == rule_id)
    return found["outcome"], found["message"]


def _notices(out) -> str:
    page = (out / "告知书汇总.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page, flags=re.S)))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("s25")
    rows = [
        _row(1, 注册地址="山东省荣成石岛管理区黄海中路8号", 所在区市="荣成市"),
        _row(2, 注册地址="石岛管理区黄海中路9号", 所在区市="荣成市"),
        _row(3, 注册地址="乳山经济开发区深圳路1号", 所在区市="乳山市"),
        _row(4, 注册地址="南海新区观海路1号", 所在区市="南海新区"),
        _row(5, 注册地址="文登经济开发区龙山路1号", 所在区市="文登区"),
        _row(6, 注册地址="荣成路12号", 所在区市="环翠区"),
        _row(7, 所在区市="市直"),
        _row(8, 企业名称="威海测试投资合伙企业（有限合伙）", 申报日期="2020-08-06"),
        _row(9, 企业名称="威海测试合伙企业管理咨询有限公司", 项目领域=""),
    ]
    out = tmp / "out"
    result = run_cli("check", write_json(tmp / "w05.json", rows), *W05_JULY_2020, "--out", out, "--per-case", "all", "--quiet")
    assert result.exit_code in (0, 1), result.output
    return out


# --- 1 ----------------------------------------------------------------------------------------------------


def test_addresses_without_the_city_or_by_management_area_are_placed_in_weihai(batch):
    out = batch
    assert [_finding(out, f"S-{n}", "ELIG-REGION") for n in (1, 2, 3, 4, 5, 6)] == [
        ("pass", "注册地址“山东省荣成石岛管理区黄海中路8号”位于威海市（荣成市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“石岛管理区黄海中路9号”位于威海市（荣成市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“乳山经济开发区深圳路1号”位于威海市（乳山市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“南海新区观海路1号”位于威海市（南海新区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“文登经济开发区龙山路1号”位于威海市（文登区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("missing", "注册地址“荣成路12号”未写明省、市或区市，无法判断是否在威海市行政区域内。"),
    ]
    # and the district they name is the one the route is checked against
    assert [_finding(out, f"S-{n}", "ELIG-TERRITORIAL-ROUTE") for n in (1, 3, 5)] == [
        ("pass", "所在区市“荣成市”与注册地址所在区市（荣成市）一致。"),
        ("pass", "所在区市“乳山市”与注册地址所在区市（乳山市）一致。"),
        ("pass", "所在区市“文登区”与注册地址所在区市（文登区）一致。"),
    ]


def test_the_unambiguous_forms_and_the_streets_named_after_a_city():
    assert [classify_address(a) for a in ("威海石岛管理区黄海中路1号", "威海市石岛管理区黄海中路1号", "荣成经济开发区1号",
                                          "山东省南海新区1号", "威海临港经济技术开发区草庙子镇1号")] == [
        AddressRegion("weihai", "荣成市"), AddressRegion("weihai", "荣成市"), AddressRegion("weihai", "荣成市"),
        AddressRegion("weihai", "南海新区"), AddressRegion("weihai", "临港经济技术开发区")]
    # a short name before a road is a street of that name (荣成路, 乳山路 in Qingdao), and 临港 alone is in many cities
    assert [classify_address(a) for a in ("荣成路12号", "山东省荣成路12号", "乳山路1号", "文登路工业园1号", "临港经济技术开发区1号",
                                          "青岛市市南区荣成路12号")] == [
        AddressRegion("unknown", ""), AddressRegion("unknown", ""), AddressRegion("unknown", ""), AddressRegion("unknown", ""),
        AddressRegion("unknown", ""), AddressRegion("outside", "青岛市")]


# --- 2 ----------------------------------------------------------------------------------------------------


def test_a_total_line_with_its_count_before_the_word_is_set_aside(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    header = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称", "项目领域", "核准（备案）文号",
              "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"]
    sheet.append(header)
    for n in (1, 2):
        row = _row(n)
        sheet.append([row[h] for h in header])
    sheet.append([None, "2个项目合计", None, None, None, None, None, None, None, 999, 9999, None, None])
    sheet.append(["合计（2个项目）", None, None, None, None, None, None, None, None, 999, 9999, None, None])
    sheet.append([None, "以上3个项目合计", None, None, None, None, None, None, None, 999, 9999, None, None])
    sheet.append([None, "上述2家企业小计", None, None, None, None, None, None, None, 999, 9999, None, None])
    book.save(tmp_path / "w05.xlsx")
    result = run_cli("check", tmp_path / "w05.xlsx", *W05_JULY_2020, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_total_rows"], summary["rows_reconcile"]) == ([4, 5, 6, 7], True)
    assert [c["case_id"] for c in summary["cases"]] == ["S-1", "S-2"]


# --- 3 ----------------------------------------------------------------------------------------------------


def test_a_city_level_applicant_is_the_offices_question_not_an_unknown_district(batch):
    out = batch
    found = next(f for f in read_case(out, "S-7")["findings"] if f["rule_id"] == "ELIG-TERRITORIAL-ROUTE")
    assert (found["rule_version"], found["outcome"], found["message"], found["remedy"], found.get("gap_of")) == (
        5, "missing",
        "所在区市为“市直”，该单位为市直（市本级）申报单位，未经区市工信部门申报（注册地址在环翠区）；履职清单规定申报单位向所在地工业和信息化部门申请、"
        "由各区市工业和信息化部门初审，未规定市直单位的申报途径，需核实。",
        "请审核人核实该单位是否由市工业和信息化局直接受理，或应经注册地所在区市工信部门申报并初审。", "office")
    assert [(c["source"], c["lines"]) for c in found["citations"]] == [("001_92b0dbd82849a40b.txt", "2421"), ("001_92b0dbd82849a40b.txt", "2422")]
    # nothing for the applicant to correct: no notice asks it to name a district
    assert "威海测试7机械有限公司" not in _notices(out)


# --- 4 ----------------------------------------------------------------------------------------------------


def test_the_window_is_stated_in_the_submission_date_finding(batch):
    out = batch
    assert (_finding(out, "S-8", "APP-SUBMITTED-IN-WINDOW"), _finding(out, "S-1", "APP-SUBMITTED-IN-WINDOW")) == (
        ("fail", "申报日期 2020-08-06 不在本轮申报期（2020-07-01 至 2020-07-31，含起止日）内。"),
        ("pass", "申报日期 2020-07-06 在本轮申报期（2020-07-01 至 2020-07-31，含起止日）内。"))
    # the notice's text is set solid as a letter is (h155)
    assert "在申报期内提交。申报日期2020年8月6日不在本轮申报期（2020年7月1日至2020年7月31日，含起止日）内。" in _notices(out)


# --- 5 ----------------------------------------------------------------------------------------------------


def test_the_field_is_named_only_where_the_table_has_a_field_column(batch, tmp_path):
    out = batch
    assert (_finding(out, "S-1", "ELIG-POLICY-DIRECTION"), _finding(out, "S-9", "ELIG-POLICY-DIRECTION")) == (
        ("pass", "申报表载明项目（领域：智能制造）符合产业政策重点发展方向。"),
        ("pass", "申报表载明项目（领域：未填写）符合产业政策重点发展方向。"))
    rows = [{k: v for k, v in _row(n, 符合产业政策方向=answer).items() if k != "项目领域"} for n, answer in ((1, "是"), (2, "否"))]
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), *W05_JULY_2020, "--out", tmp_path / "out", "--per-case", "all", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert (_finding(tmp_path / "out", "S-1", "ELIG-POLICY-DIRECTION"), _finding(tmp_path / "out", "S-2", "ELIG-POLICY-DIRECTION")) == (
        ("pass", "申报表载明项目符合产业政策重点发展方向。"), ("fail", "申报表载明项目不符合产业政策重点发展方向。"))


# --- 6 ----------------------------------------------------------------------------------------------------


def test_a_partnership_claiming_legal_person_status_is_flagged(batch):
    out = batch
    found = next(f for f in read_case(out, "S-8")["findings"] if f["rule_id"] == "APP-BRANCH-LEGAL-PERSON")
    assert (found["rule_version"], found["outcome"], found["message"], found["remedy"]) == (
        4, "fail", "企业名称“威海测试投资合伙企业（有限合伙）”表明其为合伙企业，合伙企业不具有法人资格，但申报“具有独立法人资格”（是），前后矛盾。",
        "请提供营业执照核实主体类型；合伙企业、个人独资企业和个体工商户不具有独立法人资格。")
    # a company whose trade is managing partnerships is a legal person
    assert _finding(out, "S-9", "APP-BRANCH-LEGAL-PERSON") == (
        "pass", "企业名称“威海测试合伙企业管理咨询有限公司”与“是否独立法人”（是）无矛盾。")


def test_a_sole_proprietorship_and_an_individual_business_by_name():
    from checker.check.facts.applicant import entity_form_by_name

    assert [entity_form_by_name(name) for name in ("威海某某机械个人独资企业", "威海市环翠区某某个体工商户", "威海某某会计师事务所（特殊普通合伙）",
                                                   "威海某某科技合伙企业", "威海合伙人科技有限公司", "威海某某精密机械有限公司")] == [
        "sole_proprietorship", "individual_business", "partnership", "partnership", "other", "other"]


# --- 7 ----------------------------------------------------------------------------------------------------


def test_rows_under_the_same_running_number_name_each_other_by_line(tmp_path):
    rows = [dict(_row(1), 申报编号="1"), dict(_row(2), 申报编号="2"), dict(_row(1), 申报编号="1", 项目名称="另一改造")]
    out = tmp_path / "out"
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), *W05_JULY_2020, "--out", out, "--per-case", "all", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert [_finding(out, case, "APP-DUPLICATE-APPLICANT") for case in ("row1", "row3")] == [
        ("fail", "统一社会信用代码 91371002MA3D25002Y 在本批次中出现 2 次（另见 第 3 行），需核实是否为同一项目重复申报或拆分申报。"),
        ("fail", "统一社会信用代码 91371002MA3D25002Y 在本批次中出现 2 次（另见 第 1 行），需核实是否为同一项目重复申报或拆分申报。"),
    ]
    notices = _notices(out)
    assert "另见 1" not in notices
    # the notice's text is set solid as a letter is (h155)
    assert "统一社会信用代码91371002MA3D25002Y在本批次中出现2次，需核实是否为同一项目重复申报或拆分申报。" in notices


def test_a_row_without_a_code_under_the_same_running_number_is_named_by_line(tmp_path):
    """The same enterprise on a line whose code is left blank, under the same 申报编号 1: named by line too."""
    rows = [dict(_row(1), 申报编号="1"), dict(_row(2), 申报编号="2"), dict(_row(1), 申报编号="1", 统一社会信用代码="", 项目名称="另一改造")]
    out = tmp_path / "out"
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), *W05_JULY_2020, "--out", out, "--per-case", "all", "--quiet")
    assert result.exit_code in (0, 1), result.output
    assert [_finding(out, case, "APP-DUPLICATE-APPLICANT") for case in ("row1", "row3")] == [
        ("fail", "企业名称“威海测试1机械有限公司”在本批次中另有申报（另见 第 3 行），其统一社会信用代码缺失或无法校验，需核实是否为同一企业重复申报或拆分申报。"),
        ("fail", "统一社会信用代码缺失或无法校验；企业名称“威海测试1机械有限公司”在本批次中出现 2 次（另见 第 1 行），需核实是否为同一企业重复申报或拆分申报。"),
    ]
    assert "另见 1" not in _notices(out)


def test_other_ids_and_other_files_keep_their_labels():
    from checker.check.facts.applicant import _others

    entries = (("S", 2, "1（第 2 行）"), ("S", 4, "7（第 4 行）"), ("S", 9, "1（环翠区（二批）.xlsx 第 9 行）"), ("S", 11, "第 11 行"))
    assert _others(entries, ("S", 2), True) == "7（第 4 行）、环翠区（二批）.xlsx 第 9 行、第 11 行"
    assert _others(entries, ("S", 4), True) == "1（第 2 行）、1（环翠区（二批）.xlsx 第 9 行）、第 11 行"
