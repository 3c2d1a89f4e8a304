"""Hostile review h137: a W-05 application workbook filled in by a hostile applicant or district clerk.

1. Characters that show as nothing (a zero-width space, a BOM, a direction mark, pasted from a web page or a
   chat) in an amount, a date or a 是: the cell shows 100, yet it was unreadable and its INP- finding quoted
   “100” as if the figure were wrong. What the cell shows is now read, with a note naming the character. In a
   USCC the code stays unreadable (the batch counts enterprises from the codes as written), its finding now
   saying why instead of "长度 19 位" of a code showing 18 characters.
2. The same characters in an address or a 所在区市 cell: 山东省威海市<ZWSP>环翠区 lost its district (申报途径
   not checked), 上<ZWSP>海市静安区威海路88号 was no place (需人工复核 instead of 不在威海市), 环<ZWSP>翠区 was no
   district of Weihai. Text is now read without them, shown as written.
3. Digits with a space between them in an amount ("50 60", "12 5") were read as one number (5060, 125 万元):
   an amount nobody wrote, passing the 100 万元 threshold. Only a thousands grouping (1 000 000元) is read.
4. An enterprise's name that is a date or a number (a cell Excel made a date, a column pasted one over) was
   taken as the name without a finding. It is now an INP-VALUE finding naming the cell.
5. A street named after another city or province with no city before it (青岛中路100号, a street of Weihai's
   环翠区 too; 上海路88号) was 不在威海市 (不符合条件, 不予受理告知书): it names no place, and is asked.
6. A cell holding a second address outside Weihai after a separator (…世昌大道1号；上海市静安区…) was read by
   its first and passed: which is the registered address is asked (an address contradicting itself).
"""

from __future__ import annotations

import json

import openpyxl

from tests.helpers import check_summary

HEAD = ["序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称", "项目领域",
        "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期", "区市初审意见"]
CODES = ["91371002MA3D0004CE", "91371002MA3D0013MY", "91371002MA3D0012LT", "91371002MA3D0011KN", "91371002MA3C8XK25F"]
ZW = "\u200b"


def _row(number: int, **changes) -> list:
    row = [number, f"WH-{number}", f"威海第{number}精密机械有限公司", CODES[(number - 1) % len(CODES)],
           "山东省威海市环翠区世昌大道1号", "环翠区", "是", "改造", "智能制造", "2020-371002-34-03-012345", 350, 1200, "是",
           "2020-07-06", "同意"]
    for header, value in changes.items():
        row[HEAD.index(header)] = value
    return row


def _book(path, head, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _check(tmp_path, *rows, head=HEAD) -> dict[str, dict[str, dict]]:
    """Each case's findings by rule id (findings of one rule: the first), from a W-05 run of the rows."""
    check_summary(_book(tmp_path / "apps.xlsx", head, rows), tmp_path / "out")
    found: dict[str, dict[str, dict]] = {}
    for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        for finding in case["findings"]:
            found.setdefault(case["name"], {}).setdefault(finding["rule"].split("@")[0], finding)
    return found


def _inp(case: dict[str, dict]) -> list[str]:
    return sorted(rule for rule in case if rule.startswith("INP-"))


def test_an_invisible_character_in_an_amount_a_date_or_a_yes_is_read_as_the_cell_shows_it(tmp_path):
    found = _check(tmp_path, _row(1, **{"年度设备投入（万元）": ZW + "100"}), _row(2, 申报日期="2020-07-06" + ZW),
                   _row(3, 是否独立法人="是\ufeff"))
    assert [_inp(found[f"WH-{n}"]) for n in (1, 2, 3)] == [[], [], []]
    equipment = found["WH-1"]["ELIG-EQUIP-INVEST-100W"]
    assert (equipment["outcome"], equipment["message"]) == ("pass", "年度设备投入 100 万元，达到 100 万元（含）以上。")
    assert equipment["evidence"]["equipment_investment_wan_note"] == "单元格含不可见字符 U+200B，已忽略"
    window = found["WH-2"]["APP-SUBMITTED-IN-WINDOW"]
    assert (window["outcome"], window["message"]) == (
        "pass", "申报日期 2020-07-06 在本轮申报期（2020-07-01 至 2020-07-31，含起止日）内。")
    assert window["evidence"]["submitted_on_note"] == "单元格含不可见字符 U+200B，已忽略"
    legal = found["WH-3"]["ELIG-LEGAL-PERSON"]
    assert (legal["outcome"], legal["message"]) == ("pass", "申报表载明具有独立法人资格（是）。")
    assert legal["evidence"]["legal_person_note"] == "单元格含不可见字符 U+FEFF，已忽略"


def test_an_amount_still_unreadable_once_the_invisible_character_is_gone_says_both(tmp_path):
    found = _check(tmp_path, _row(1, **{"年度设备投入（万元）": ZW + "约100"}))
    assert found["WH-1"]["INP-NUMBER"]["message"] == (
        "申报汇总表!K2 的年度设备投入（万元）“\u200b约100”无法识别（另含不可见字符 U+200B）；"
        "应为：数字，如 100、100.00、1,200.50、１２０、\"100万元\"。依赖此项的规则判为“待补充”。")


def test_a_code_with_an_invisible_character_says_so(tmp_path):
    found = _check(tmp_path, _row(1, 统一社会信用代码="91371002MA3D0004CE" + ZW))
    assert found["WH-1"]["INP-USCC"]["message"] == (
        "申报汇总表!D2 的统一社会信用代码“91371002MA3D0004CE\u200b”无法识别（含不可见字符 U+200B，删除后为“91371002MA3D0004CE”；"
        "请删除该字符后重新填写）；应为：18 位统一社会信用代码（GB 32100-2015），校验位正确。依赖此项的规则判为“待补充”。")


def test_an_address_or_a_district_with_an_invisible_character_is_read_as_it_shows(tmp_path):
    found = _check(tmp_path, _row(1, 注册地址="山东省威海市" + ZW + "环翠区世昌大道1号"),
                   _row(2, 注册地址="上" + ZW + "海市静安区威海路88号"), _row(3, 所在区市="环" + ZW + "翠区"))
    region = found["WH-1"]["ELIG-REGION"]
    assert (region["outcome"], region["message"]) == (
        "pass", "注册地址“山东省威海市\u200b环翠区世昌大道1号”位于威海市（环翠区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。")
    route = found["WH-1"]["ELIG-TERRITORIAL-ROUTE"]
    assert (route["outcome"], route["message"]) == ("pass", "所在区市“环翠区”与注册地址所在区市（环翠区）一致。")
    shanghai = found["WH-2"]["ELIG-REGION"]
    assert (shanghai["outcome"], shanghai["message"]) == (
        "fail", "注册地址“上\u200b海市静安区威海路88号”位于上海，不在威海市行政区域内。")
    district = found["WH-3"]["ELIG-TERRITORIAL-ROUTE"]
    assert (district["outcome"], district["message"]) == ("pass", "所在区市“环\u200b翠区”与注册地址所在区市（环翠区）一致。")


def test_digits_split_by_a_space_are_asked_not_joined(tmp_path):
    found = _check(tmp_path, _row(1, **{"年度设备投入（万元）": "50 60"}), _row(2, **{"年度设备投入（万元）": "100 0000元"}),
                   _row(3, **{"年度设备投入（万元）": "1 000 000元"}), _row(4, **{"年度设备投入（万元）": "100 万元"}))
    assert found["WH-1"]["INP-NUMBER"]["message"] == (
        "申报汇总表!K2 的年度设备投入（万元）“50 60”无法识别（数字之间有空格（50 60），无法确定是一个数还是几个数）；"
        "应为：数字，如 100、100.00、1,200.50、１２０、\"100万元\"。依赖此项的规则判为“待补充”。")
    equipment = found["WH-1"]["ELIG-EQUIP-INVEST-100W"]
    assert (equipment["outcome"], equipment["message"]) == ("missing", "年度设备投入未填写或无法识别（50 60）。")
    assert found["WH-2"]["INP-NUMBER"]["message"] == (
        "申报汇总表!K3 的年度设备投入（万元）“100 0000元”无法识别（数字之间有空格（100 0000），无法确定是一个数还是几个数）；"
        "应为：数字，如 100、100.00、1,200.50、１２０、\"100万元\"。依赖此项的规则判为“待补充”。")
    # a thousands grouping and a space before the unit read as before
    for name in ("WH-3", "WH-4"):
        assert _inp(found[name]) == []
        assert found[name]["ELIG-EQUIP-INVEST-100W"]["message"] == "年度设备投入 100 万元，达到 100 万元（含）以上。"


def test_an_enterprise_name_that_is_a_date_or_a_number_is_a_finding(tmp_path):
    import datetime as dt

    found = _check(tmp_path, _row(1, 企业名称=dt.datetime(2020, 1, 5)), _row(2, 企业名称=12345))
    assert found["WH-1"]["INP-VALUE"]["message"] == (
        "申报汇总表!C2 的企业名称“2020-01-05”无法识别（单元格是日期，不是企业名称）；应为：文本。依赖此项的规则判为“待补充”。")
    assert found["WH-2"]["INP-VALUE"]["message"] == (
        "申报汇总表!C3 的企业名称“12345”无法识别（单元格是数字，不是企业名称）；应为：文本。依赖此项的规则判为“待补充”。")
    assert (found["WH-1"]["INP-VALUE"]["outcome"], found["WH-2"]["INP-VALUE"]["outcome"]) == ("fail", "fail")


def test_a_street_named_after_another_city_is_no_address_outside_weihai(tmp_path):
    found = _check(tmp_path, _row(1, 注册地址="青岛中路100号"), _row(2, 注册地址="上海路88号"),
                   _row(3, 注册地址="山东省青岛市市南区威海路1号"))
    for name, address in (("WH-1", "青岛中路100号"), ("WH-2", "上海路88号")):
        region = found[name]["ELIG-REGION"]
        assert (region["outcome"], region["message"]) == (
            "missing", f"注册地址“{address}”未写明省、市或区市，无法判断是否在威海市行政区域内。")
    qingdao = found["WH-3"]["ELIG-REGION"]
    assert (qingdao["outcome"], qingdao["message"]) == (
        "fail", "注册地址“山东省青岛市市南区威海路1号”位于山东省青岛市，不在威海市行政区域内。")


def test_a_second_address_outside_weihai_in_the_cell_is_asked(tmp_path):
    found = _check(tmp_path, _row(1, 注册地址="山东省威海市环翠区世昌大道1号；上海市静安区威海路88号"),
                   _row(2, 注册地址="山东省威海市环翠区世昌大道1号，3号楼"))
    region = found["WH-1"]["ELIG-REGION"]
    assert (region["outcome"], region["message"]) == (
        "missing", "注册地址“山东省威海市环翠区世昌大道1号；上海市静安区威海路88号”写明威海市，其后的“上海”却不是威海市的区市或开发区，"
                   "地址前后矛盾，无法判断是否在威海市行政区域内。")
    one = found["WH-2"]["ELIG-REGION"]
    assert (one["outcome"], one["message"]) == (
        "pass", "注册地址“山东省威海市环翠区世昌大道1号，3号楼”位于威海市（环翠区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。")
