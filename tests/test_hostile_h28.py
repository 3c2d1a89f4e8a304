"""Reviewer h28: a 威海 W-05 batch as a clerk builds it, read to the letter of seed 001:2417."""

from __future__ import annotations

from tests.helpers import case_text, read_case, run_cli, write_json

APPLICATION = {"申报编号": "H28-1", "企业名称": "威海某精密机械有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
               "注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准/备案文号": "2021-371002-34-03-000001", "年度设备投入（万元）": "150", "项目总投资（万元）": "300",
               "申报日期": "2021-07-10"}
W05 = ("--workflow", "W-05", "--window", "2021-07-01", "2021-07-31")


def _finding(case: dict, rule: str) -> tuple:
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return found["outcome"], found["message"]


def test_an_amount_in_figures_closed_with_zheng_is_read(tmp_path):
    # "100万元整" (整 after the figures, as forms write it) was an INP-NUMBER "无法识别" and the 100 万元
    # condition 待补充, while "壹佰万元整" read as 100 万元; "999,999元整" must still fall short.
    rows = [{**APPLICATION, "年度设备投入（万元）": "人民币100万元整"},
            {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": None, "年度设备投入（万元）": "999,999元整"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    exact = read_case(tmp_path / "out", "H28-1")
    assert [f["rule_id"] for f in exact["findings"] if f["rule_id"].startswith("INP-")] == []
    assert _finding(exact, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 100 万元，达到 100 万元（含）以上。")
    short = read_case(tmp_path / "out", "H28-2")
    assert _finding(short, "ELIG-EQUIP-INVEST-100W") == ("fail", "年度设备投入 99.9999 万元，低于 100 万元（含）的受理条件。")


def test_an_approval_cell_with_a_date_but_still_under_way_needs_review(tmp_path):
    # Seed 001:2417 "核准或备案手续齐全". A 核准（备案）文号 cell "办理中，预计2021年8月取得" or "无（2021年8月办理）"
    # passed ("已填报核准/备案文号…"): any digit, here the expected date's, was taken for a 文号. A number
    # beside words saying the filing is not finished is for the reviewer; a plain 文号 still passes.
    written = ["办理中，预计2021年8月取得", "无（2021年8月办理）", "2021-371002-34-03-000001（备案中）", "备案已撤销（2020-371002-34-03-000009）"]
    rows = [{**APPLICATION, "申报编号": f"F-{n}", "统一社会信用代码": None, "核准/备案文号": text}
            for n, text in enumerate([*written, "威环发改备〔2021〕15号"], 1)]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", f"F-{n}"), "ELIG-APPROVAL-FILING") for n in range(1, len(rows) + 1)]
    assert found == [
        *(("missing", f"核准/备案情况填写为“{text}”，写有数字，但又写明手续尚未办结、待办或已失效，无法确认核准或备案手续是否齐全。")
          for text in written),  # as written: full-width comma and brackets kept
        ("pass", "已填报核准/备案文号“威环发改备〔2021〕15号”。")]


def _merged_book(path, merges: list[str]):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["2021年度技改补助申报汇总表"])
    headers = list(APPLICATION)
    sheet.append(headers)
    for number, changes in enumerate(({}, {"企业名称": None, "统一社会信用代码": None, "年度设备投入（万元）": None}), 1):
        row = {**APPLICATION, "申报编号": f"M-{number}", "项目名称": f"改造（{number}期）", **changes}
        sheet.append([row.get(h) for h in headers])
    for merge in merges:
        column = "ABCDEFGHIJKLMNOP"[headers.index(merge)]
        sheet.merge_cells(f"{column}3:{column}4")
    workbook.save(path)
    return path


def test_an_amount_merged_over_two_applications_is_not_each_ones(tmp_path):
    # An enterprise's two projects on two lines, 企业名称, 统一社会信用代码 and 年度设备投入（万元） merged over
    # both (K3:K4 = 150). Each application was judged on the block's one figure, 150 万元 each ("达到 100
    # 万元"), though the sheet does not say whether 150 is each project's or both together (75 + 75).
    # Now the amount of a merge over several applications' lines is for the reviewer, as a conflict is.
    path = _merged_book(tmp_path / "merged.xlsx", ["企业名称", "统一社会信用代码", "年度设备投入（万元）"])
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    column = "ABCDEFGHIJKLMNOP"[list(APPLICATION).index("年度设备投入（万元）")]
    for number, line in ((1, 3), (2, 4)):
        case = read_case(tmp_path / "out", f"M-{number}")
        assert case["verdict"] == "needs_review"
        assert _finding(case, "INP-MERGED") == (
            "fail", f"申报汇总表!{column}{line} 的年度设备投入（万元）“150”取自合并单元格 {column}3:{column}4，该单元格跨多件申报只填了一个金额，"
                    "无法确定是每件申报各自的金额还是几件的合计；依赖此项的规则判为“待补充”。")
        assert _finding(case, "ELIG-EQUIP-INVEST-100W") == (
            "missing", "年度设备投入未填写或无法识别（150，为多件申报共用的一个合并单元格的金额）。")
        # the evidence line of the report names the range in words, no internal key
        assert (f"证据：年度设备投入（万元）：150（合并单元格 {column}3:{column}4）（申报汇总表 {column}{line} 单元格）"
                in case_text(tmp_path / "out", f"M-{number}"))


def test_an_amount_merged_over_one_applications_two_lines_is_its_own(tmp_path):
    # One application laid out on two lines, every cell merged down over both: the amount is its own.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    headers = list(APPLICATION)
    sheet.append(headers)
    sheet.append(list(APPLICATION.values()))
    sheet.append([None] * len(headers))
    for index in range(len(headers)):
        column = "ABCDEFGHIJKLMNOP"[index]
        sheet.merge_cells(f"{column}2:{column}3")
    workbook.save(tmp_path / "tall.xlsx")
    run_cli("check", tmp_path / "tall.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []
    assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。")


def test_a_sole_trader_claiming_legal_person_status_needs_review(tmp_path):
    # Seed 001:2417 "具有独立法人资格". A USCC beginning 92 is a 个体工商户's (GB 32100-2015: 登记管理部门 9,
    # 机构类别 2), which is no legal person; with 是否独立法人 "是" the case was eligible, nothing noticed.
    rows = [{**APPLICATION, "企业名称": "威海市环翠区某某机械加工厂", "统一社会信用代码": "92371002MA3C8XK25C"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    assert case["verdict"] == "needs_review"
    assert _finding(case, "APP-BRANCH-LEGAL-PERSON") == (
        "fail", "统一社会信用代码 92371002MA3C8XK25C 第1-2位为92，登记为个体工商户，个体工商户不具有法人资格，"
                "但申报“具有独立法人资格”（是），前后矛盾。")


def test_a_zone_against_its_district_is_not_said_to_be_the_wrong_route(tmp_path):
    # Seed 001:2421 "向所在地工业和信息化部门提出资金申请"; which unit a development zone's or 南海新区's
    # enterprise applies through the seed leaves open (AMB-23). 所在区市 文登区 with an address in 威海南海新区
    # (which lies in 文登区) failed: "未向注册地所在区市工信部门申报", and the applicant's notice said so.
    # Now the reviewer is asked; one zone for another, or one district for another, still fails.
    rows = [{**APPLICATION, "申报编号": "Z-1", "所在区市": "文登区", "注册地址": "山东省威海南海新区海景路1号"},
            {**APPLICATION, "申报编号": "Z-2", "统一社会信用代码": None, "企业名称": "威海某电子有限公司", "所在区市": "经区",
             "注册地址": "山东省威海市火炬高技术产业开发区1号"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    zone = read_case(tmp_path / "out", "Z-1")
    assert _finding(zone, "ELIG-TERRITORIAL-ROUTE") == (
        "missing", "所在区市为“文登区”，注册地址“山东省威海南海新区海景路1号”在南海新区；开发区、新区的企业经开发区还是经所在区市申报，"
                   "履职清单未作规定，需核实申报途径。")
    report = case_text(tmp_path / "out", "Z-1")  # the route is the offices' question: no notice to the applicant
    assert zone["verdict"] == "needs_review" and "申报材料补正告知书" not in report and "不予受理告知书" not in report
    other = read_case(tmp_path / "out", "Z-2")
    assert _finding(other, "ELIG-TERRITORIAL-ROUTE") == (
        "fail", "所在区市为“经区”，而注册地址“山东省威海市火炬高技术产业开发区1号”在火炬高技术产业开发区，未向注册地所在区市工信部门申报。")


def test_the_form_quoted_for_a_wan_column_gives_no_yuan_figure_as_its_example(tmp_path):
    # An unreadable 年度设备投入（万元） was answered "应为：数字，如 100、100.00、1,000,000、…": in a 万元 column
    # 1,000,000 is 100 亿元, and a clerk following the example with 1,000,000 (meaning 元) passes the
    # 100 万元 condition a thousand times over. The examples are now a 万元 figure and a 元 figure with its unit.
    rows = [{**APPLICATION, "年度设备投入（万元）": "100万元以上"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    assert _finding(case, "INP-NUMBER") == (
        "fail", "JSON#1.年度设备投入（万元） 的年度设备投入（万元）“100万元以上”无法识别；应为：数字，如 100、100.00、1,200.50、１２０、\"100万元\"。"
                "依赖此项的规则判为“待补充”。")
    result = run_cli("template", "check", "--workflow", "W-05", "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.stderr
    from openpyxl import load_workbook

    rows = {row[0]: row[1] for row in load_workbook(tmp_path / "t.xlsx")["说明"].iter_rows(values_only=True) if row and row[0]}
    assert rows["年度设备投入（万元）"] == ("年度设备投入（万元）：数字，如 100、100.00、1,200.50、１２０、\"100万元\"、\"1,000,000元\"，"
                                     "未写单位的按万元（元列自动换算）")


def test_a_weihai_firm_registered_by_the_province_is_not_only_said_to_have_moved_in(tmp_path):
    # A 威海 address with a USCC registered by the Shandong authority (division 370000) was "可能为迁入企业"
    # only; such a code is as often the province's or the State's registration of a firm that never moved.
    from stdnum.cn import uscc

    code = "91370000MA3C8XK25" + uscc.calc_check_digit("91370000MA3C8XK25")
    rows = [{**APPLICATION, "统一社会信用代码": code}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "H28-1"), "ELIG-REGION") == (
        "missing", f"注册地址“山东省威海市环翠区某路1号”位于威海市，但统一社会信用代码 {code} 的登记机关区划码为 370000（非威海 3710），"
                   "可能为迁入企业，也可能由省级或国家登记机关登记，需核实。")


def test_a_district_file_named_with_the_short_county_name_gives_its_district(tmp_path):
    # A folder of districts' files without a 所在区市 column, one named 2021年环翠汇总.xlsx: 环翠 (two
    # characters) was read inside a file name only after 威海, so that file had no district and the route
    # rule went unchecked for the whole batch ("…中没有“所在区市”列，本项未核对（整批）"), every other file's
    # cases too. 环翠, 文登, 荣成 and 乳山 name no other county; 高区 and 经区 still need 威海 before them.
    from openpyxl import Workbook

    folder = tmp_path / "districts"
    folder.mkdir()
    headers = [h for h in APPLICATION if h != "所在区市"]
    for name, case_id, address in (("2021年环翠汇总.xlsx", "HC-1", "山东省威海市环翠区某路1号"),
                                   ("经区.xlsx", "JQ-1", "山东省威海市经济技术开发区崮山镇1号")):
        workbook = Workbook()
        workbook.active.title = "申报汇总表"
        workbook.active.append(headers)
        row = {**APPLICATION, "申报编号": case_id, "注册地址": address, "统一社会信用代码": None}
        workbook.active.append([row[h] for h in headers])
        workbook.save(folder / name)
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "HC-1"), "ELIG-TERRITORIAL-ROUTE") == (
        "pass", "所在区市“环翠区”与注册地址所在区市（环翠区）一致。")
    assert _finding(read_case(tmp_path / "out", "JQ-1"), "ELIG-TERRITORIAL-ROUTE") == (
        "pass", "所在区市“经济技术开发区”与注册地址所在区市（经济技术开发区）一致。")


def test_a_gongji_line_under_the_table_is_a_total_not_an_application(tmp_path):
    # Districts write the total line 共计 as often as 合计. "共计" with the column sums under the table became
    # a case of its own (row4, no id, no company), ineligible, with a 不予受理告知书 addressed to nobody,
    # and the batch's counts held one application too many.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    headers = ["序号", *APPLICATION]
    sheet.append(headers)
    sheet.append([1, *APPLICATION.values()])
    sheet.append([2, *{**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": None}.values()])
    total = ["共计"] + [None] * len(APPLICATION)
    total[headers.index("年度设备投入（万元）")], total[headers.index("项目总投资（万元）")] = 300, 600
    sheet.append(total)
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    from tests.helpers import read_json

    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H28-1", "H28-2"]
    assert (summary["input_rows"], summary["skipped_total_rows"], summary["rows_reconcile"]) == (3, [4], True)


def test_the_district_offices_sign_off_lines_are_not_applications(tmp_path):
    # Under a district's table: the office's conclusion, its name (with or without 盖章), the date signed and
    # the unit note, each a line of one text in the first column. Each became a case (row3…row8), ineligible
    # with a 不予受理告知书 addressed to nobody; the batch counted 7 applications for 1.
    from openpyxl import Workbook

    from tests.helpers import read_json

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["序号", *APPLICATION])
    sheet.append([1, *APPLICATION.values()])
    for text in ("经初审，以上项目符合申报条件", "威海市环翠区工业和信息化局（盖章）", "威海市环翠区工业和信息化局",
                 "日期：2021年7月31日", "2021年7月31日", "金额单位：万元"):
        sheet.append([text])
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [case["case_id"] for case in summary["cases"]] == ["H28-1"]
    assert (summary["input_rows"], summary["skipped_note_rows"], summary["rows_reconcile"]) == (7, [3, 4, 5, 6, 7, 8], True)


def test_a_blank_approval_cell_asks_for_the_filing_and_does_not_refuse(tmp_path):
    # Seed 001:2417 "核准或备案手续齐全"; W-05 says nothing of a blank cell. A blank 核准（备案）文号 failed
    # ("核准/备案文号为空，按申报表约定视为未办理"): a line whose other cells were still to be copied got a
    # 不予受理告知书, the "约定" being only the tool's own template. Blank is now 待补充, in the 补正告知书;
    # "无" still fails.
    rows = [{**APPLICATION, "核准/备案文号": ""},
            {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": None, "核准/备案文号": "无"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    blank = read_case(tmp_path / "out", "H28-1")
    assert blank["verdict"] == "needs_review"
    assert _finding(blank, "ELIG-APPROVAL-FILING") == ("missing", "核准/备案文号未填写，无法确认核准或备案手续是否齐全。")
    report = case_text(tmp_path / "out", "H28-1")
    assert "申报材料补正告知书" in report and "不予受理告知书" not in report
    assert _finding(read_case(tmp_path / "out", "H28-2"), "ELIG-APPROVAL-FILING") == ("fail", "核准/备案情况填写为“无”，手续未办理齐全。")


def test_a_registered_name_with_full_width_brackets_is_shown_as_written(tmp_path):
    """威海丙（集团）有限公司 was compared in NFKC (right: （集团） and (集团) are one name) and also
    shown so: the notice was addressed to 威海丙(集团)有限公司, not the name as registered."""
    import json

    from tests.helpers import SAMPLES, read_case, run_cli

    rows = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))[1:2]  # WH-2020-002: not eligible
    rows[0]["企业名称"] = "威海丙（集团）有限公司"
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "a.json", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    document = read_case(tmp_path / "out", "WH-2020-002")
    assert document["application"]["company_name"]["value"] == "威海丙（集团）有限公司"
    notice = (tmp_path / "out" / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert "威海丙（集团）有限公司：" in notice and "威海丙(集团)" not in notice


def test_a_weihai_address_naming_another_citys_district_needs_review(tmp_path):
    """威海市芝罘区机场路1号 (芝罘区 is Yantai's) passed ELIG-REGION as in 威海市, on the city named
    first (h28's leftover). The address contradicts itself: the reviewer asks; a park named after
    威海市 (威海市工业新区) is no county and stays 威海市."""
    from tests.helpers import read_case, run_cli, write_json

    rows = [{**APPLICATION, "申报编号": "Z-1", "注册地址": "威海市芝罘区机场路1号"},
            {**APPLICATION, "申报编号": "Z-2", "注册地址": "威海市工业新区昌华路1号"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", case_id), "ELIG-REGION") for case_id in ("Z-1", "Z-2")]
    assert found[0] == ("missing", "注册地址“威海市芝罘区机场路1号”写明威海市，其后的“芝罘区”却不是威海市的区市或开发区，"
                                   "地址前后矛盾，无法判断是否在威海市行政区域内。")
    assert found[1][0] == "pass"


def test_a_row_pasted_twice_with_its_uscc_left_blank_is_found_by_its_name(tmp_path):
    """Duplicates were found by USCC only: the same enterprise twice with a blank code passed unseen
    (h28's leftover). Without a code the name is compared (NFKC, no spaces); the message no longer
    carries the tool's reasoning (超过 1 件即由审核人核实；履职清单未规定一企一项) into the notice."""
    from tests.helpers import read_case, run_cli, write_json

    rows = [{**APPLICATION, "申报编号": "D-1", "统一社会信用代码": None, "企业名称": "威海丙（集团）有限公司"},
            {**APPLICATION, "申报编号": "D-2", "统一社会信用代码": None, "企业名称": "威海丙(集团) 有限公司"},
            {**APPLICATION, "申报编号": "D-3", "统一社会信用代码": None, "企业名称": "威海丁有限公司"},
            {**APPLICATION, "申报编号": "D-4"}, {**APPLICATION, "申报编号": "D-5"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", f"D-{n}"), "APP-DUPLICATE-APPLICANT") for n in range(1, 6)]
    assert found == [
        ("fail", "统一社会信用代码缺失或无法校验；企业名称“威海丙（集团）有限公司”在本批次中出现 2 次（另见 D-2（第 2 行）），需核实是否为同一企业重复申报或拆分申报。"),
        ("fail", "统一社会信用代码缺失或无法校验；企业名称“威海丙(集团) 有限公司”在本批次中出现 2 次（另见 D-1（第 1 行）），需核实是否为同一企业重复申报或拆分申报。"),
        ("not_applicable", "统一社会信用代码缺失或无法校验；企业名称“威海丁有限公司”在本批次中仅出现 1 次，未发现重复申报。"),
        ("fail", "统一社会信用代码 91371002MA3C8XK25F 在本批次中出现 2 次（另见 D-5（第 5 行）），需核实是否为同一项目重复申报或拆分申报。"),
        ("fail", "统一社会信用代码 91371002MA3C8XK25F 在本批次中出现 2 次（另见 D-4（第 4 行）），需核实是否为同一项目重复申报或拆分申报。"),
    ]
