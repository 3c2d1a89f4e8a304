"""h139: regressions of this session's changes (h133-h137), found by running the code before the session
(5d242ce2) and after it on the samples and on variations an office produces; each test fails without its fix."""

from __future__ import annotations

from tests.test_hostile_h137 import _check, _row


def test_a_building_named_after_a_city_after_a_comma_is_part_of_a_weihai_address(tmp_path):
    # h137 read the part after a separator as a second address: 北京华联商厦, 天津大厦5层 and 烟台大厦 made a Weihai
    # address 地址前后矛盾 (需人工复核) where it had passed; a second address written as a place still asks
    found = _check(tmp_path, _row(1, 注册地址="山东省威海市环翠区世昌大道1号，北京华联商厦"),
                   _row(2, 注册地址="山东省威海市环翠区北京路1号，天津大厦5层"),
                   _row(3, 注册地址="山东省威海市环翠区新威路17号/烟台大厦"),
                   _row(4, 注册地址="山东省威海市环翠区世昌大道1号；江苏南京市鼓楼区"))
    assert [(found[f"WH-{n}"]["ELIG-REGION"]["outcome"], found[f"WH-{n}"]["ELIG-REGION"]["message"]) for n in (1, 2, 3, 4)] == [
        ("pass", "注册地址“山东省威海市环翠区世昌大道1号，北京华联商厦”位于威海市（环翠区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“山东省威海市环翠区北京路1号，天津大厦5层”位于威海市（环翠区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“山东省威海市环翠区新威路17号/烟台大厦”位于威海市（环翠区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("missing", "注册地址“山东省威海市环翠区世昌大道1号；江苏南京市鼓楼区”写明威海市，其后的“江苏”却不是威海市的区市或开发区，地址前后矛盾，无法判断是否在威海市行政区域内。"),
    ]
    assert found["WH-1"]["ELIG-TERRITORIAL-ROUTE"]["message"] == "所在区市“环翠区”与注册地址所在区市（环翠区）一致。"


def test_staff_named_inside_brackets_after_their_unit_are_still_two_staff(tmp_path):
    # h136 removed a bracketed note after a name (张伟（组长）); a bracket holding the names themselves
    # (经济运行科（张伟、李娜）) went with it, leaving one "工作人员" 经济运行科: a 合规 N-07 row became 不合规
    import json

    import openpyxl

    from tests.helpers import run_cli

    head = ["申报编号", "企业名称", "统一社会信用代码", "事项", "收件日期", "补正告知日期", "补正告知次数", "受理结果", "不予受理理由",
            "现场核查日期", "现场核查人员", "决定", "决定日期", "决定理由", "公示开始", "公示结束", "异议数", "异议处理结果", "公告日期"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    sheet.append(head)
    for number, staff in ((1, "经济运行科（张伟、李娜）"), (2, "张伟（组长）、张伟")):
        sheet.append([f"S-{number}", f"南阳示例钢铁{number}有限公司", "91411303MA00003011", "N-07", "2024-01-08", None, 0, "受理", None,
                      "2024-01-22", staff, "准予", "2024-02-20", None, "2024-03-01", "2024-03-07", 0, None, "2024-03-15"])
    book.save(tmp_path / "ledger.xlsx")
    result = run_cli("check", tmp_path / "ledger.xlsx", "--workflow", "N-07", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    cases = [json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    staff = [next((f["outcome"], f["message"]) for f in case["findings"] if f["rule"].startswith("APP-ONSITE-2-STAFF@")) for case in cases]
    assert staff == [
        ("pass", "现场核查（2024-01-22）由 2 名工作人员进行（经济运行科(张伟、李娜)），不少于 2 名。"),
        ("fail", "现场核查（2024-01-22）只有 1 名工作人员（张伟），少于 2 名。"),  # h136's note after a name: still one person
    ]


def test_a_second_name_column_padded_to_line_up_is_the_same_name_not_a_disagreement(tmp_path):
    # h134 refused a pool field in two columns that differ; a name padded with a full-width space (吴　静, as tables
    # line two-character names up with three) beside 吴静, or a unit spaced otherwise, was read as two answers and the
    # draw stopped, though recusal and the namesake checks read them as one (name_key, normalise_unit)
    from tests.helpers import run_cli
    from tests.test_hostile_h134 import _file

    pool = _file(tmp_path, "pool.csv", "专家编号,姓名,工作单位,专业领域,状态,姓名,单位\n"
                                       "ZJ001,吴静,甲有限公司,新材料,在库,吴\u3000静,甲 有限公司\n"
                                       "ZJ002,何磊,乙有限公司,新材料,在库,何磊,乙有限公司\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--size", "1", "--alternates", "0")
    assert (result.exit_code, result.stderr) == (0, "")
    # two names that are two people are still refused, naming both cells
    other = _file(tmp_path, "pool2.csv", "专家编号,姓名,工作单位,专业领域,状态,姓名\nZJ001,吴静,甲有限公司,新材料,在库,吴敬\n")
    result = run_cli("draw", "check", "--pool", other, "--field", "新材料", "--size", "1", "--alternates", "0")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库「{other}」第 2 行的「姓名」有两列且不一致：pool2!B2（姓名）为「吴静」，pool2!F2（姓名）为「吴敬」，"
        "无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。\n"))


def test_zhenggongke_daichou_is_the_draw_of_zhenggongke_itself(tmp_path):
    # h135 read 代抽 as the draw done by someone else for 政工科 (政工科（办公室代抽）); 政工科代抽 names no one else:
    # 政工科 drew for the section, as the seed asks. It needed review as "除局政工科外还写有其他科室" where it had passed
    from tests.helpers import audit_record, compliant_round, findings_by_rule

    found = {}
    for office in ("政工科代抽", "局政工科（代为抽取）", "政工科（办公室代抽）"):
        record = compliant_round("W-12")
        for row in record["专家抽取"]:
            row["抽取科室"] = office
        found[office] = findings_by_rule(audit_record(tmp_path, record, name=f"r{len(found)}"))["DRAW-BY-ZGK"]
    assert found == {
        "政工科代抽": ("pass", "compliant", "专家由“政工科代抽”抽取。"),
        "局政工科（代为抽取）": ("pass", "compliant", "专家由“局政工科（代为抽取）”抽取。"),
        "政工科（办公室代抽）": ("missing", "needs_review", "抽取科室“政工科（办公室代抽）”除局政工科外还写有其他科室，无法确认专家由局政工科抽取。"),
    }


def test_the_route_of_an_address_contradicting_itself_is_not_said_to_name_no_district(tmp_path):
    # h137 made an address with a second place after a separator 地址前后矛盾; ELIG-TERRITORIAL-ROUTE then said it
    # "未写明区市" though it names 环翠区: the route is not checked because ELIG-REGION asks which place it is
    found = _check(tmp_path, _row(1, 注册地址="山东省威海市环翠区世昌大道1号；上海市静安区威海路88号"))
    assert (found["WH-1"]["ELIG-REGION"]["outcome"], found["WH-1"]["ELIG-REGION"]["message"]) == (
        "missing", "注册地址“山东省威海市环翠区世昌大道1号；上海市静安区威海路88号”写明威海市，其后的“上海”却不是威海市的区市或开发区，"
                   "地址前后矛盾，无法判断是否在威海市行政区域内。")
    assert (found["WH-1"]["ELIG-TERRITORIAL-ROUTE"]["outcome"], found["WH-1"]["ELIG-TERRITORIAL-ROUTE"]["message"]) == (
        "not_applicable", "注册地址不在威海市或未能读取，申报途径不作核对（见注册地规则）。")
