"""Reviewer h34: `fundcheck check` on district workbooks as a bureau reviewer receives them."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from checker.report.notice import LEDGER_NOTICE_NOTE
from tests.helpers import SAMPLES, case_text, read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05, _finding


def _book(path, rows: list[dict], drop=(), headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    headers = [h for h in (headers or APPLICATION) if h not in drop]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def test_an_enterprise_with_many_rows_names_five_and_counts_the_rest(tmp_path):
    """Each duplicate names the other rows: an enterprise with 12 rows (or a placeholder code typed on
    thousands) must not list every other row in every message."""
    from tests.helpers import write_json

    rows = [{**APPLICATION, "申报编号": f"M-{n}"} for n in range(1, 13)]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "M-3"), "APP-DUPLICATE-APPLICANT") == (
        "fail", "统一社会信用代码 91371002MA3C8XK25F 在本批次中出现 12 次（另见 M-1（第 1 行）、M-2（第 2 行）、M-4（第 4 行）、"
                "M-5（第 5 行）、M-6（第 6 行） 等 11 件），需核实是否为同一项目重复申报或拆分申报。")


def test_a_file_without_a_district_column_leaves_the_route_checked_in_the_other_files(tmp_path):
    """One file of a folder (补报.xlsx, no 所在区市 column, no district in its name) switched
    ELIG-TERRITORIAL-ROUTE off for the whole batch: 环翠区.xlsx's application registered in 文登区 was
    not_applicable instead of failing. Now only that file's rows are not checked, and 未核对事项 names it."""
    folder = tmp_path / "in"
    folder.mkdir()
    _book(folder / "环翠区.xlsx", [{**APPLICATION, "申报编号": "A-1", "注册地址": "山东省威海市文登区龙山路2号"}])
    _book(folder / "补报.xlsx", [{**APPLICATION, "申报编号": "B-1"}], drop=("所在区市",))
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "A-1"), "ELIG-TERRITORIAL-ROUTE") == (
        "fail", "所在区市为“环翠区”，而注册地址“山东省威海市文登区龙山路2号”在文登区，未向注册地所在区市工信部门申报。")
    other = read_case(tmp_path / "out", "B-1")
    assert _finding(other, "ELIG-TERRITORIAL-ROUTE") == (
        "not_applicable", "补报.xlsx (申报汇总表) 中没有“所在区市”列，本项未核对（该文件的申报均未核对，其他文件的申报已核对）。")
    note = "补报.xlsx (申报汇总表) 中没有“所在区市”列：该文件各件申报的“向注册地所在区市工信部门申报”未核对（其他文件的申报已核对）。"
    summary = read_json(tmp_path / "out" / "summary.json")
    assert note in summary["not_checked_this_run"] and note in other["not_checked"]
    assert {"rule_id": "ELIG-TERRITORIAL-ROUTE", "files": ["补报.xlsx (申报汇总表)"],
            "reason": "补报.xlsx (申报汇总表) 中没有“所在区市”列，本项未核对（该文件的申报均未核对，其他文件的申报已核对）。"
            } in summary["rules_not_checked"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")  # it said every item applied to every application
    assert ('<p class="small">本次有 5 项未核对事项，其中 1 项只涉及所注明文件的申报，其余适用于全部申报，'
            '见<a href="#not-checked">页末</a>。</p>') in index


def test_a_file_without_a_round_conditions_column_leaves_the_condition_checked_in_the_other_files(tmp_path):
    """The same for a review condition of --conditions: 文登区.xlsx without 从业人数 left 环翠区.xlsx's 2000 人 unchecked."""
    folder = tmp_path / "in"
    folder.mkdir()
    conditions = tmp_path / "c.yaml"
    conditions.write_text("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
                          "  - {条件编号: 1, 条件: 从业人员1000人以下, 依据: 第二条（六）, 列名: 从业人数, 类型: 数值, 比较: <, 值: 1000, 严重程度: 复核}\n",
                          encoding="utf-8")
    _book(folder / "环翠区.xlsx", [{**APPLICATION, "申报编号": "A-1", "从业人数": 2000}], headers=[*APPLICATION, "从业人数"])
    _book(folder / "文登区.xlsx", [{**APPLICATION, "申报编号": "B-1", "企业名称": "威海乙有限公司", "统一社会信用代码": "91371002MA3D0004CE"}])
    run_cli("check", folder, *W05, "--conditions", conditions, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    # h151's wording: 填写为…，本轮条件要求… in words, a count with its unit
    assert _finding(read_case(tmp_path / "out", "A-1"), "COND-1") == ("fail", "从业人数填写为 2000 人，本轮条件要求少于 1000 人，不符合本条件。")
    assert _finding(read_case(tmp_path / "out", "B-1"), "COND-1") == (
        "not_applicable", "文登区.xlsx (申报汇总表) 中没有“从业人数”列，本项未核对（该文件的申报均未核对，其他文件的申报已核对）。")


def test_a_w04_file_without_the_handling_columns_leaves_the_ledgers_rows_checked(tmp_path):
    """W-04: a district's application table (no 补正告知, 初审/复审/上报 columns) beside the office's
    受理台账 turned the two handling rules off for the ledger's rows too: W04L-02 (补正 twice) and
    W04L-03 (复审 before 初审) read 合规."""
    folder = tmp_path / "in"
    folder.mkdir()
    ledger = load_workbook(SAMPLES / "ledgers" / "W-04_受理台账.xlsx")
    ledger.save(folder / "环翠区.xlsx")
    header, first = list(ledger.worksheets[0].iter_rows(max_row=2, values_only=True))
    handling = ("事项", "收件日期", "补正告知日期", "补正告知次数", "受理结果", "决定", "初审日期", "复审日期", "上报日期")
    _book(folder / "文登区.xlsx", [{**dict(zip(header, first)), "申报编号": "X-1"}], drop=handling, headers=header)
    run_cli("check", folder, "--workflow", "W-04", "--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv",
            "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "W04L-02"), "APP-ONE-TIME-DEFICIENCY-NOTICE") == (
        "fail", "补正告知 2 次，超过一次性告知的要求（至多 1 次）。")
    assert _finding(read_case(tmp_path / "out", "W04L-03"), "APP-REVIEW-ORDER") == ("fail", "复审日期 2020-07-06 早于初审日期 2020-07-08。")
    assert _finding(read_case(tmp_path / "out", "X-1"), "APP-REVIEW-ORDER") == (
        "not_applicable", "文登区.xlsx (申报汇总表) 中没有“初审日期”、“复审日期”、“上报日期”列，本项未核对（该文件的申报均未核对，其他文件的申报已核对）。")
    assert read_json(tmp_path / "out" / "summary.json")["not_checked_this_run"] == [
        "文登区.xlsx (申报汇总表) 中没有“补正告知次数”、“补正告知日期”列：该文件各件申报的“补正材料一次性告知”未核对（其他文件的申报已核对）。",
        "文登区.xlsx (申报汇总表) 中没有“初审日期”、“复审日期”、“上报日期”列：该文件各件申报的“初审、复审、上报依次进行”未核对（其他文件的申报已核对）。",
        LEDGER_NOTICE_NOTE]


NUMBERS = {**APPLICATION, "年度设备投入（万元）": 150, "项目总投资（万元）": 300}  # amounts typed as numbers, as =SUM sums them


def test_an_application_without_id_or_code_whose_remark_opens_with_gongji_is_checked(tmp_path):
    """A line with a company name and its amounts but no 申报编号 and no 统一社会信用代码, its 备注
    共计：购置设备3台, was set aside as a 合计行: never checked, no notice, counted as a total."""
    workbook = Workbook()
    sheet = workbook.active
    headers = ["序号", *NUMBERS, "备注"]
    sheet.append(headers)
    sheet.append([1, *{**NUMBERS, "申报编号": "A-1"}.values(), None])
    sheet.append([2, *{**NUMBERS, "申报编号": None, "统一社会信用代码": None, "企业名称": "威海乙机械有限公司"}.values(), "共计：购置设备3台"])
    sheet.append(["合计", None, "共计2家公司", *[None] * (len(NUMBERS) - 2)])  # the count in 企业名称: still a total
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert summary["skipped_total_rows"] == [4]
    case = read_case(tmp_path / "out", "row3")
    assert (case["verdict"], case["application"]["company_name"]["value"], case["other_columns"]) == (
        "needs_review", "威海乙机械有限公司", {"序号": 2, "备注": "共计：购置设备3台"})
    assert [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"] if f["outcome"] in ("fail", "missing")] == [
        ("INP-MISSING-ID", "fail", "Sheet 第 3 行没有申报编号；报告以输入行号 row3 命名。"),
        ("ELIG-REGION", "missing", "注册地址“山东省威海市环翠区某路1号”位于威海市，但统一社会信用代码（未填写）缺失或无法校验，无法佐证注册地。")]


def test_a_total_line_under_a_district_merged_down_its_block_is_set_aside(tmp_path):
    """所在区市 written once and merged down the district's block, the block's =SUM line included: the
    spread 环翠区 on the total line made it a line with text, so it was checked as an application
    (row5, no id, no company, 需人工复核) instead of being set aside as a total."""
    workbook = Workbook()
    sheet = workbook.active
    headers = list(NUMBERS)
    sheet.append(headers)
    for number in (1, 2, 3):
        sheet.append(list({**NUMBERS, "申报编号": f"M-{number}", "所在区市": None}.values()))
    total = [None] * len(headers)
    total[headers.index("年度设备投入（万元）")], total[headers.index("项目总投资（万元）")] = 450, 900
    sheet.append(total)
    column = "ABCDEFGHIJKLMNOP"[headers.index("所在区市")]
    sheet[f"{column}2"] = "环翠区"
    sheet.merge_cells(f"{column}2:{column}5")
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([5], ["M-1", "M-2", "M-3"])


def test_an_address_on_a_street_called_weihai_market_road_is_not_read_as_weihai(tmp_path):
    """威海市场路1号 (a 市场路 street named after 威海, as 上海市静安区威海路 is; no city written) passed
    ELIG-REGION as 威海市 by its first three characters; 荣成市场路1号 likewise as 荣成市. 威海市 followed by
    a 市场 street (威海市市场路, 威海市塔山市场东路) still reads 威海市."""
    rows = [{**APPLICATION, "申报编号": "R-1", "注册地址": "威海市场路1号"},
            {**APPLICATION, "申报编号": "R-2", "注册地址": "山东省荣成市场路1号"},
            {**APPLICATION, "申报编号": "R-3", "注册地址": "威海市市场路1号"}]
    from tests.helpers import write_json

    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", case_id), "ELIG-REGION") for case_id in ("R-1", "R-2", "R-3")]
    assert found == [
        ("missing", "注册地址“威海市场路1号”未写明省、市或区市，无法判断是否在威海市行政区域内。"),
        ("missing", "注册地址“山东省荣成市场路1号”未写明省、市或区市，无法判断是否在威海市行政区域内。"),
        ("pass", "注册地址“威海市市场路1号”位于威海市（威海市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。")]


def test_one_enterprise_written_two_ways_flags_both_rows_each_naming_the_other(tmp_path):
    """威海甲（集团）有限公司 (valid code) and 威海甲集团有限公司 (no code) were two names, and a row with a
    valid code was never compared by name: neither row was flagged, or only the row without a code,
    naming nothing. A reviewer expects both rows, each naming the other (AMB: the seeds set no rule of
    one application per enterprise; the count stays max_applications_per_uscc)."""
    from tests.helpers import write_json

    rows = [{**APPLICATION, "申报编号": "D-1", "企业名称": "威海甲（集团）有限公司"},
            {**APPLICATION, "申报编号": "D-2", "企业名称": "威海甲集团有限责任公司", "统一社会信用代码": None},
            {**APPLICATION, "申报编号": "D-3", "企业名称": "威海乙有限公司", "统一社会信用代码": "91371002MA3D0004CE"},
            {**APPLICATION, "申报编号": "D-4", "企业名称": "威海乙有限公司", "统一社会信用代码": "91371002MA3D0004CE"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", case_id), "APP-DUPLICATE-APPLICANT") for case_id in ("D-1", "D-2", "D-3")]
    assert found == [
        ("fail", "企业名称“威海甲（集团）有限公司”在本批次中另有申报（另见 D-2（第 2 行）），其统一社会信用代码缺失或无法校验，需核实是否为同一企业重复申报或拆分申报。"),
        ("fail", "统一社会信用代码缺失或无法校验；企业名称“威海甲集团有限责任公司”在本批次中出现 2 次（另见 D-1（第 1 行）），"
                 "需核实是否为同一企业重复申报或拆分申报。"),
        ("fail", "统一社会信用代码 91371002MA3D0004CE 在本批次中出现 2 次（另见 D-4（第 4 行）），需核实是否为同一项目重复申报或拆分申报。")]


def test_a_duplicate_id_is_quoted_as_written_and_show_offers_only_names_that_find_one_case(tmp_path):
    """ＷＨ－１ (full-width, as typed) and WH-1 are one id: the INP-DUPLICATE-ID message quoted “WH-1”
    for both, so a reviewer searching the sheet for the quoted text missed the full-width one; and
    `fundcheck show OUT wh-1` suggested 「WH-1」, which itself finds two cases and stops again."""
    from tests.helpers import write_json

    rows = [{**APPLICATION, "申报编号": "ＷＨ－１"}, {**APPLICATION, "申报编号": "WH-1", "统一社会信用代码": None},
            {**APPLICATION, "申报编号": "WH-2", "统一社会信用代码": None}]
    out = tmp_path / "out"
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", out, "--quiet", "--per-case", "all")
    found = [(f["message"], f["evidence"]) for f in read_case(out, "row1")["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"]
    assert found == [("JSON#1.申报编号 的申报编号“ＷＨ－１”（按“WH-1”比对，全角半角、空格、换行与不可见字符不计）在文件中出现 2 次（另见第 2 行）；"
                      "各条均已审核，报告文件以输入行号 row1 命名。", {"application_id": "ＷＨ－１", "source": "JSON#1.申报编号"})]
    found = [f["message"] for f in read_case(out, "row2")["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"]
    assert found == ["JSON#2.申报编号 的申报编号“WH-1”在文件中出现 2 次（另见第 1 行）；各条均已审核，报告文件以输入行号 row2 命名。"]
    result = run_cli("show", out, "wh-1")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{out}」的审核结果中没有申报编号或报告名为「wh-1」的案件（区分大小写）；是否为「row1」、「row2」？\n")
    result = run_cli("show", out, "wh-2")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{out}」的审核结果中没有申报编号或报告名为「wh-2」的案件（区分大小写）；是否为「WH-2」？\n")


CONDITIONS = """通知:
  文号: 威工信字〔2021〕18号
  标题: 关于申报的通知
  发布日期: 2021-05-10
条件:
  - {条件编号: 1, 条件: 上年度营业收入1000万元以上, 依据: 第二条（二）, 列名: 营业收入, 类型: 金额（万元）, 比较: ≥, 值: 1000, 严重程度: 否决}
  - {条件编号: 2, 条件: 从业人员1000人以下, 依据: 第二条（六）, 列名: 从业人数, 类型: 数值, 比较: <, 值: 1000, 严重程度: 否决}
  - {条件编号: 3, 条件: 成立满3年, 依据: 第二条（一）, 列名: 成立日期, 类型: 年限, 比较: ≥, 值: 3, 严重程度: 否决}
"""


def test_a_round_conditions_figure_merged_over_two_applications_is_not_read_as_each_ones(tmp_path):
    """INP-MERGED covered the contract's amount columns only: a --conditions column 营业收入 (no unit in
    its header) or 从业人数 merged over two applications' lines passed both on the one figure, which may
    be their total. A merged 成立日期 adds up to nothing: it stays each one's."""
    (tmp_path / "c.yaml").write_text(CONDITIONS, encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    headers = [*APPLICATION, "营业收入", "从业人数", "成立日期"]
    sheet.append(headers)
    sheet.append([*{**APPLICATION, "申报编号": "C-1"}.values(), 1500, 600, "2010-01-01"])
    sheet.append([*{**APPLICATION, "申报编号": "C-2", "统一社会信用代码": None}.values(), None, None, None])
    for header in ("营业收入", "从业人数", "成立日期"):
        column = "ABCDEFGHIJKLMNOP"[headers.index(header)]
        sheet.merge_cells(f"{column}2:{column}3")
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    case = read_case(tmp_path / "out", "C-2")
    assert [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"]
            if f["rule_id"] in ("INP-MERGED", "COND-1", "COND-2", "COND-3")] == [
        ("INP-MERGED", "fail", "申报汇总表!L3 的营业收入“1500 万元”取自合并单元格 L2:L3，该单元格跨多件申报只填了一个金额，"
                               "无法确定是每件申报各自的金额还是几件的合计；依赖此项的规则判为“待补充”。"),
        ("INP-MERGED", "fail", "申报汇总表!M3 的从业人数“600”取自合并单元格 M2:M3，该单元格跨多件申报只填了一个数值，"
                               "无法确定是每件申报各自的数值还是几件的合计；依赖此项的规则判为“待补充”。"),
        # h151: a merged cell under a condition is said as such (not as a value that could not be read), the bound in words
        ("COND-1", "missing", "营业收入填写为 1500 万元，是多件申报共用的一个合并单元格，无法确定是本件申报的金额还是几件的合计，"
                              "无法核对本条件（本轮条件要求不低于 1000 万元）。"),
        ("COND-2", "missing", "从业人数填写为 600，是多件申报共用的一个合并单元格，无法确定是本件申报的数值还是几件的合计，"
                              "无法核对本条件（本轮条件要求少于 1000 人）。"),
        ("COND-3", "pass", "成立日期填写为 2010-01-01（到参考日 2021-07-31 满 11 年），符合本条件（本轮条件要求满 3 年）。")]


def test_a_yuan_figure_typed_in_a_wan_column_is_asked_about_not_passed(tmp_path):
    """990000 typed in 年度设备投入（万元） (99 万元 written in 元) read as 99 亿元 and passed the 100 万元
    condition without a word. A bare figure above the field's implausible_above_wan (rules/fields.yaml)
    is an INP-UNIT finding and the condition needs review; 990000万元 written out is read as written."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    headers = list(APPLICATION)
    sheet.append(headers)
    sheet.append(list({**APPLICATION, "申报编号": "U-1", "年度设备投入（万元）": 990000}.values()))
    sheet.append(list({**APPLICATION, "申报编号": "U-2", "统一社会信用代码": "91371002MA3D0004CE",
                       "年度设备投入（万元）": "990000万元", "项目总投资（万元）": "1000000万元"}.values()))
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "U-1")
    unit = next(f for f in case["findings"] if f["rule_id"] == "INP-UNIT")
    assert (case["verdict"], unit["severity"], unit["outcome"], unit["message"], unit["evidence"]) == (
        "needs_review", "review", "fail",
        "申报汇总表!I2（年度设备投入（万元））填写的 990000 万元即 99 亿元，超过 100000 万元，请核实是否把元数填进了“万元”列；"
        "按所填单位读取数额异常，本项不作判定，依赖此项的规则判为“待补充”。",
        {"equipment_investment_wan": "990000", "equipment_investment_wan_note":
         "填写的 990000 万元即 99 亿元，超过 100000 万元，请核实是否把元数填进了“万元”列",
         "source": "申报汇总表!I2", "column": "年度设备投入（万元）"})
    assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("missing", "年度设备投入未填写或无法识别（990000，单位存疑）。")
    notice = case_text(tmp_path / "out", "U-1")  # the applicant is asked too, in a 补正告知书
    assert "申报材料补正告知书" in notice and "不予受理告知书" not in notice
    # the notice's text is set solid as a letter is (h155)
    assert ("年度设备投入未填写或无法识别（990000，单位存疑）。（填写的990000万元即99亿元，超过100000万元，"
            "请核实是否把元数填进了“万元”列。）") in notice
    written = read_case(tmp_path / "out", "U-2")
    assert (written["verdict"], _finding(written, "ELIG-EQUIP-INVEST-100W")) == (
        "eligible", ("pass", "年度设备投入 990000 万元，达到 100 万元（含）以上。"))


def test_a_blank_district_cell_in_a_districts_own_file_takes_the_files_district(tmp_path):
    """文登区.xlsx (one district's file, its 所在区市 column left blank as the district's own table needs
    none): every row was 未填写所在区市 (需人工复核, the applicant asked which office it applied through)
    although the file names it, as a file without the column already did; the 环翠区 enterprise that
    went through 文登区 was never noticed. A blank cell now takes the file's district, named as its source."""
    folder = tmp_path / "in"
    folder.mkdir()
    _book(folder / "文登区.xlsx", [{**APPLICATION, "申报编号": "W-1", "所在区市": None},
                                  {**APPLICATION, "申报编号": "W-2", "所在区市": None, "统一社会信用代码": None,
                                   "注册地址": "山东省威海市文登区龙山路2号"}])
    _book(folder / "环翠区.xlsx", [{**APPLICATION, "申报编号": "H-1", "统一社会信用代码": "91371002MA3D0004CE"}])
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    first = read_case(tmp_path / "out", "W-1")
    route = next(f for f in first["findings"] if f["rule_id"] == "ELIG-TERRITORIAL-ROUTE")
    assert (route["outcome"], route["message"], route["evidence"]["sources"]) == (
        "fail", "所在区市为“文登区”，而注册地址“山东省威海市环翠区某路1号”在环翠区，未向注册地所在区市工信部门申报。",
        {"district": "文登区.xlsx（文件名或标题）", "registered_address": "[文登区.xlsx]申报汇总表!D2"})
    assert _finding(read_case(tmp_path / "out", "W-2"), "ELIG-TERRITORIAL-ROUTE") == (
        "pass", "所在区市“文登区”与注册地址所在区市（文登区）一致。")


def test_one_enterprise_in_two_districts_files_names_the_other_file_to_the_reviewer_only(tmp_path):
    """In a folder the other row is named with its file for the reviewer; the applicant's notice names
    no file (README: the notices hold no rule ids or file names)."""
    folder = tmp_path / "in"
    folder.mkdir()
    _book(folder / "环翠区.xlsx", [{**APPLICATION, "申报编号": "E-1", "企业名称": "威海甲（集团）有限公司"}])
    _book(folder / "文登区.xlsx", [{**APPLICATION, "申报编号": None, "企业名称": "威海甲集团有限公司", "统一社会信用代码": None,
                                   "所在区市": "文登区", "注册地址": "山东省威海市文登区龙山路2号"}])
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "E-1"), "APP-DUPLICATE-APPLICANT") == (
        "fail", "企业名称“威海甲（集团）有限公司”在本批次中另有申报（另见 文登区.xlsx 第 2 行），其统一社会信用代码缺失或无法校验，"
                "需核实是否为同一企业重复申报或拆分申报。")
    assert _finding(read_case(tmp_path / "out", "文登区-row2"), "APP-DUPLICATE-APPLICANT") == (
        "fail", "统一社会信用代码缺失或无法校验；企业名称“威海甲集团有限公司”在本批次中出现 2 次（另见 E-1（环翠区.xlsx 第 2 行）），"
                "需核实是否为同一企业重复申报或拆分申报。")
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert ".xlsx" not in notices
    assert "企业名称“威海甲（集团）有限公司”在本批次中另有申报，其统一社会信用代码缺失或无法校验，需核实是否为同一企业重复申报或拆分申报。" in notices
    # the notice's text is set solid as a letter is (h155)
    assert "企业名称“威海甲集团有限公司”在本批次中出现2次（另见E-1），需核实是否为同一企业重复申报或拆分申报。" in notices


def test_amount_headers_without_a_unit_take_the_unit_the_table_states_above_them(tmp_path):
    """Official tables state the unit once at the top right (单位：万元) and head the columns 年度设备投入,
    项目总投资: the run stopped, 缺少 W-05 必需的列：年度设备投入（万元）, though the sheet says its unit.
    One unit stated above the header completes a header that has none; 元 is read in 元."""
    for unit, written, read in (("单位：万元", 120, "120 万元"), ("（金额单位：元）", 1200000, "120 万元")):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "申报汇总表"
        sheet.append(["2021年度技改补助申报汇总表"])
        sheet.append(["填报单位（盖章）：威海市环翠区工业和信息化局", None, None, None, None, None, None, None, unit])
        headers = [header.replace("（万元）", "") for header in NUMBERS]
        sheet.append(headers)
        sheet.append(list({**NUMBERS, "年度设备投入（万元）": written, "项目总投资（万元）": written * 2}.values()))
        workbook.save(tmp_path / "t.xlsx")
        out = tmp_path / unit
        result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", out, "--quiet", "--per-case", "all")
        assert result.exit_code == 0, result.stderr
        case = read_case(out, "H28-1")
        assert _finding(case, "ELIG-EQUIP-INVEST-100W") == ("pass", f"年度设备投入 {read}，达到 100 万元（含）以上。")
        assert case["application"]["equipment_investment_wan"]["source"] == "申报汇总表!I4"
