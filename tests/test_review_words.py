"""How district and city reviewers write a negative conclusion (APP-DISTRICT-PRELIM, APP-CITY-RE-REVIEW).

Seed 001:4064 "对各区市申报材料按照申报的条件进行汇总并复审" and 001:4068 "组织专家对符合条件": a project the
district did not recommend, or the city's re-review did not pass, must not go on to the expert review.
Offices write that 不同意推荐, 初审不通过, 复审未通过, 不予同意; each was read as unclear (needs review)."""

from __future__ import annotations

import pytest

from checker.core.rulebook import load_rulebook
from checker.core.models import Fixture
from checker.fixtures import _application_findings

BOOK = load_rulebook()


def _finding(rule_id: str, column: str, written: str) -> dict:
    fixture = Fixture(name="t", input={column: written}, expect="fail", context={})
    found = _application_findings(BOOK, BOOK.rules[rule_id], fixture)
    assert len({str(finding) for finding in found.values()}) == 1, found  # the engine and the reference agree
    return found["reference"]


@pytest.mark.parametrize("written", ["不同意推荐", "初审不通过", "初审未通过", "不予同意", "不建议推荐。"])
def test_a_district_that_did_not_recommend_fails_the_preliminary_review(written):
    finding = _finding("APP-DISTRICT-PRELIM", "区市初审意见", written)
    assert (finding["outcome"], finding["message"]) == ("fail", f"区市初审意见为“{written}”，初审未通过。")


@pytest.mark.parametrize("written", ["复审不通过", "复审未通过", "不符合申报条件", "审核不通过"])
def test_a_city_re_review_that_did_not_pass_fails(written):
    finding = _finding("APP-CITY-RE-REVIEW", "市级复审意见", written)
    assert (finding["outcome"], finding["message"]) == ("fail", f"市级复审意见为“{written}”，复审不符合申报条件。")


def test_a_conclusion_that_is_neither_still_needs_review():
    finding = _finding("APP-DISTRICT-PRELIM", "区市初审意见", "待定")
    assert (finding["outcome"], finding["message"]) == ("missing", "区市初审意见“待定”无法判断是否通过。")


@pytest.mark.parametrize("district", ["烟台经济技术开发区", "烟台市经济技术开发区", "济南高新区"])
def test_another_citys_zone_is_not_the_weihai_zone_of_that_name(district):
    """ELIG-TERRITORIAL-ROUTE read a district named anywhere in the cell (meant for file names such as
    2021年环翠区申报汇总表): 所在区市 烟台经济技术开发区 was Weihai's 经济技术开发区 and the route passed."""
    fixture = Fixture(name="t", input={"所在区市": district, "注册地址": "山东省威海市经济技术开发区崮山镇"}, expect="missing", context={})
    found = _application_findings(BOOK, BOOK.rules["ELIG-TERRITORIAL-ROUTE"], fixture)
    assert {(f["outcome"], f["message"]) for f in found.values()} == {
        ("missing", f"所在区市“{district}”不是威海市的区市或开发区，无法核对申报途径。")}


@pytest.mark.parametrize("written,unit", [("2021年环翠区申报汇总表", "环翠区"), ("关于荣成市的申报", "荣成市"),
                                          ("山东省威海市文登区", "文登区"), ("威海临港经济技术开发区", "临港经济技术开发区")])
def test_a_weihai_unit_in_a_title_or_a_full_name_is_still_read(written, unit):
    from checker.check.region import district_unit

    assert district_unit(written) == unit


@pytest.mark.parametrize("written,unit", [("2021年威海市环翠区技改申报汇总表", "环翠区"),
                                          ("2020年度威海市文登区工业企业技术改造补助资金项目申报汇总表", "文登区"),
                                          ("2021年威海经济技术开发区申报汇总表", "经济技术开发区")])
def test_a_weihai_unit_after_a_year_and_the_city_is_read(written, unit):
    """The tail check of ELIG-TERRITORIAL-ROUTE v2 (烟台经济技术开发区 is not Weihai's) took 威海市 before
    环翠区 for another place: a district's file named 2021年威海市环翠区技改申报汇总表 (or titled so),
    with no 所在区市 column, lost its district and every line went unchecked for its route."""
    from checker.check.region import district_unit

    assert district_unit(written) == unit


def test_a_district_file_named_after_the_year_and_city_sets_the_district(tmp_path):
    import openpyxl

    from checker.check.fields import field_set
    from checker.check.intake import open_applications

    path = tmp_path / "2021年威海市环翠区技改申报汇总表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["申报编号", "企业名称", "统一社会信用代码"])
    workbook.active.append(["WH-1", "威海华盛精密机械有限公司", "91371002MA3D0004CE"])
    workbook.save(path)
    table = open_applications(path, field_set(BOOK))
    cell = next(iter(table.records())).cells["district"]
    assert (cell.value, cell.ref, cell.header) == ("环翠区", "2021年威海市环翠区技改申报汇总表.xlsx（文件名或标题）", "所在区市（取自文件）")


@pytest.mark.parametrize("written,unit", [("2021年威海高区申报汇总表", "火炬高技术产业开发区"), ("2021年威海市经区申报汇总表", "经济技术开发区"),
                                          ("2021年高区申报汇总表", ""), ("济南高区", "")])
def test_a_two_character_zone_inside_a_file_name_is_read_after_weihai_only(written, unit):
    """高区 / 经区 are looked for inside a longer text (a file name or title) only after 威海: they are too
    short to tell apart from another city's zone otherwise. 2021年威海高区申报汇总表 gave no district."""
    from checker.check.region import district_unit

    assert district_unit(written) == unit
