"""Reviewer h40: regressions where today's parallel fixes crossed."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05

NUMBERS = {**APPLICATION, "年度设备投入（万元）": 150, "项目总投资（万元）": 300}


def test_a_total_line_counting_its_enterprises_in_the_name_column_is_set_aside(tmp_path):
    """合计 | 2家公司 | 300 | 600 (the count of the block's enterprises where a name stands) ended in
    公司 and was taken for an enterprise's line with neither id nor code: checked as an application
    (row4, 需人工复核, a notice to nobody). A count is no name; 三家村食品有限公司 still is one."""
    workbook = Workbook()
    sheet = workbook.active
    headers = ["序号", *NUMBERS, "备注"]
    sheet.append(headers)
    sheet.append([1, *NUMBERS.values(), None])
    sheet.append([2, *{**NUMBERS, "申报编号": None, "统一社会信用代码": None, "企业名称": "三家村食品有限公司"}.values(),
                  "共计：购置设备3台"])
    total = {key: None for key in NUMBERS}
    total.update({"企业名称": "2家公司", "年度设备投入（万元）": 300, "项目总投资（万元）": 600})
    sheet.append(["合计", *total.values(), None])
    sheet.append(["合计", *{**total, "企业名称": "以上两家企业"}.values(), None])
    workbook.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_total_rows"], [c["case_id"] for c in summary["cases"]]) == ([4, 5], ["H28-1", "row3"])
    case = read_case(tmp_path / "out", "row3")
    assert (case["application"]["company_name"]["value"], case["other_columns"]) == (
        "三家村食品有限公司", {"序号": 2, "备注": "共计：购置设备3台"})


def test_a_decision_recording_two_review_stages_is_read_at_the_last(tmp_path):
    """决定 初审通过，复审不通过 (both stages in one cell) was read past its first stage as 通过: 准予, so the
    refusal without reasons passed (未不予受理，也未作出不准予决定). The last stage decides; 初审通过，待复审
    records no decision yet and stays 无法判断."""
    from tests.test_hostile_h38 import _ledger_findings, refusal_reasons

    out, reasons = refusal_reasons(tmp_path, [{"决定": "初审通过，复审不通过"}, {"决定": "初审通过，待复审"},
                                              {"决定": "初审通过；经复审，同意"}, {"决定": "审核通过（评审得分85分）"}])
    assert reasons == {
        # read as a refusal (the message says so); N-04 asks no reasons of a 不准予 (h96: only N-03, 004:57, does)
        "N-04-001": ("compliant", [("not_applicable", "决定为“初审通过，复审不通过”，台账未记载决定理由；本事项的权责清单对决定只规定"
                                                      "“准予许可或者不准予许可”，未要求说明不准予的理由，本项不作要求（如已告知理由，可在决定理由中记载）。")]),
        "N-04-002": ("needs_review", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“初审通过，待复审”）。")]),
        "N-04-003": ("compliant", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“初审通过；经复审，同意”）。")]),
        "N-04-004": ("compliant", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“审核通过（评审得分85分）”）。")]),
    }
    assert [f["message"] for f in _ledger_findings(out, "INP-LEDGER-DECISION")["N-04-002"][1]] == [
        "受理台账!K3 的决定“初审通过，待复审”不是准予、不准予、推荐、不推荐之一，无法判断是否须说明理由、是否计入推荐名额。"]


def test_a_single_bound_written_with_huo_is_no_alternative(tmp_path):
    """2023年营业收入大于或等于1000万元 (one bound, the notice's 大于或等于) and 从业人员20人或20人以上 were refused as
    listing two alternatives (以“或”列出两种情形…请把严重程度写为“复核”): the year's digits and the 或 of the
    bound looked like two figures joined by 或, and the blocking condition could not be entered. Two figures
    of two requirements joined by 或者 still are refused."""
    import pytest

    from checker.check.conditions.read import load_conditions
    from checker.errors import InputError
    from decimal import Decimal
    from tests.test_hostile_h38 import _conditions

    rows = ("{条件编号: 3, 条件: 2023年营业收入大于或等于1000万元, 列名: 上年度营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: 1000}",
            "{条件编号: 4, 条件: 2023年末从业人员20人或20人以上, 列名: 从业人数, 类型: 数值, 比较: ≥, 值: 20}",
            "{条件编号: 5, 条件: 2023年研发投入200万元或200万元以上, 列名: 研发投入（万元）, 类型: 金额（万元）, 比较: ≥, 值: 200}")
    loaded = load_conditions(_conditions(tmp_path, *rows)).conditions
    assert [(c.severity, c.op, c.low) for c in loaded] == [("blocking", "ge", Decimal("1000")), ("blocking", "ge", Decimal("20")),
                                                          ("blocking", "ge", Decimal("200"))]
    wording = "2023年营业收入1000万元以上或者近2年新增股权融资2000万元以上"
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, f"{{条件编号: 6, 条件: {wording}, 列名: 上年度营业收入（万元）, 类型: 金额（万元）, 比较: ≥, 值: 1000}}"))
    assert str(error.value) == (
        f"c.yaml 第 4 行的条件第 1 项（条件编号 6）：条件原文“{wording}”以“或者”列出两种情形，而一条条件只核对一列，"
        "满足另一种情形的申请人也会被判为不符合条件；请把严重程度写为“复核”（不符合本列的，由人工核对是否满足另一种情形）。")


def test_a_bound_written_higher_or_equal_is_read_as_including_the_figure(tmp_path):
    """研发费用占营业收入比重高于或等于3% entered with 比较 ≥ was refused (写的是“高于”（>），而比较写的是“≥”) and
    one entered with > loaded, failing every applicant at exactly 3%; 低于或等于, 少于或等于, 大于或者等于 and 早于或等于
    were read as their strict bounds likewise. The 或等于 is read: ≥ / ≤."""
    import pytest

    from checker.check.conditions.read import load_conditions
    from checker.errors import InputError
    from tests.test_hostile_h38 import _conditions

    rows = ("{条件编号: 5, 条件: 研发费用占营业收入比重高于或等于3%, 列名: 研发占比, 类型: 百分比, 比较: ≥, 值: 3}",
            "{条件编号: 6, 条件: 从业人员少于或等于300人, 列名: 从业人数, 类型: 数值, 比较: ≤, 值: 300}",
            "{条件编号: 7, 条件: 资产负债率大于或者等于20%, 列名: 资产负债率, 类型: 百分比, 比较: ≥, 值: 20}",
            "{条件编号: 8, 条件: 成立日期早于或等于2020年1月1日, 列名: 成立日期, 类型: 日期, 比较: ≤, 值: 2020-01-01}")
    assert [c.op for c in load_conditions(_conditions(tmp_path, *rows)).conditions] == ["ge", "le", "ge", "le"]
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, "{条件编号: 5, 条件: 研发费用占营业收入比重高于或等于3%, 列名: 研发占比, 类型: 百分比, 比较: '>', 值: 3}"))
    assert str(error.value) == ("c.yaml 第 4 行的条件第 1 项（条件编号 5）：条件原文“研发费用占营业收入比重高于或等于3%”写的是“高于或等于”（≥），"
                                "而比较写的是“>”；请按通知原文核对比较或条件原文。")


def test_a_large_supervised_project_is_read_not_asked_about_its_unit(tmp_path):
    """W-05's bound on a 万元 figure (500000 万元 in all: a 技改 project's 元 typed there?) was applied to every
    workflow: an L-03 industrial project of 60 亿元, the kind 运行二科 supervises, was an INP-UNIT finding and
    MON-500W said 项目总投资未填写或无法识别（600000，单位存疑）, never matching it with the supervision list.
    The bound is W-05's (rules/fields.yaml implausible_in); W-05 still asks."""
    from openpyxl import load_workbook

    from tests.helpers import SAMPLES, write_json
    from tests.test_hostile_h34 import _finding as finding

    book = load_workbook(SAMPLES / "check" / "L-03_projects.xlsx")
    book.active["D2"] = 600000
    book.save(tmp_path / "L-03.xlsx")
    out = tmp_path / "out"
    run_cli("check", tmp_path / "L-03.xlsx", "--workflow", "L-03", "--supervision-list",
            SAMPLES / "check" / "registers" / "supervision_list.csv", "--as-of", "2021-06-30", "--out", out, "--quiet", "--per-case", "all")
    case = read_case(out, "L03-01")
    assert (case["verdict"], [f["rule_id"] for f in case["findings"]], finding(case, "MON-500W")) == (
        "eligible", ["MON-500W"],
        ("pass", "项目总投资 600000 万元，已在督导项目清单中：鹿泉示例301有限公司，项目 鹿泉示例301技改项目，日期 2021-02-01，文号 运行二科督导项目清单(示例)。"))
    run_cli("check", write_json(tmp_path / "w05.json", [{**APPLICATION, "项目总投资（万元）": 600000}]), *W05, "--out", tmp_path / "o5", "--quiet", "--per-case", "all")
    assert finding(read_case(tmp_path / "o5", "H28-1"), "INP-UNIT") == (
        "fail", "JSON#1.项目总投资（万元）（项目总投资（万元））填写的 600000 万元即 60 亿元，超过 500000 万元，请核实是否把元数填进了“万元”列；"
                "按所填单位读取数额异常，本项不作判定，依赖此项的规则判为“待补充”。")


def test_a_city_table_titled_with_several_districts_does_not_fill_a_blank_district(tmp_path):
    """A city's table titled 威海市2021年度技改补助项目汇总表（环翠区、文登区） with a 所在区市 column: since a blank
    cell takes the file's district, the first district of the title filled it, and an application left blank,
    registered in 文登区, was told 所在区市为“环翠区”…未向注册地所在区市工信部门申报. A text naming several
    districts names no file's district: the cell stays blank (未填写所在区市)."""
    blank, filled = titled_route_findings(tmp_path, "威海市2021年度技改补助项目汇总表（环翠区、文登区）", "山东省威海市文登区龙山路2号")
    assert blank == ("missing", "未填写所在区市，无法核对是否向注册地所在区市申报（注册地址在文登区）。")
    assert filled == ("pass", "所在区市“环翠区”与注册地址所在区市（环翠区）一致。")


def titled_route_findings(tmp_path, title: str, blank_address: str) -> tuple:
    """A workbook titled ``title`` over the header, an 环翠区 application (M-1) and one with 所在区市 blank
    registered at ``blank_address`` (M-2), checked: ELIG-TERRITORIAL-ROUTE's (outcome, message) for M-2, M-1."""
    from tests.test_hostile_h34 import _finding as finding

    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([title])
    sheet.append(list(APPLICATION))
    sheet.append(list({**APPLICATION, "申报编号": "M-1"}.values()))
    sheet.append(list({**APPLICATION, "申报编号": "M-2", "所在区市": None, "注册地址": blank_address}.values()))
    book.save(tmp_path / "汇总.xlsx")
    run_cli("check", tmp_path / "汇总.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    return tuple(finding(read_case(tmp_path / "out", case), "ELIG-TERRITORIAL-ROUTE") for case in ("M-2", "M-1"))


def test_a_round_conditions_amount_under_a_table_unit_of_yuan_is_read_in_yuan(tmp_path):
    """A table stating 金额单位：元 above its header: 年度设备投入 1500000 was read as 150 万元, but the round
    condition's 上年度营业收入 5000000 beside it (列名 written bare) as 5000000 万元, and the applicant with
    500 万元 passed 上年度营业收入1000万元以上 (否决) as eligible. The table's unit is every bare money column's."""
    from pathlib import Path

    from openpyxl import Workbook

    conditions = Path(tmp_path / "c.yaml")
    conditions.write_text("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
                          "  - {条件编号: 1, 条件: 上年度营业收入1000万元以上, 依据: 第二条, 列名: 上年度营业收入, 类型: 金额（万元）, "
                          "比较: ≥, 值: 1000, 严重程度: 否决}\n", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["2021年技改补助申报汇总表"])
    sheet.append([None, None, "金额单位：元"])
    headers = [h for h in APPLICATION if "万元" not in h] + ["年度设备投入", "项目总投资", "上年度营业收入"]
    sheet.append(headers)
    row = {**APPLICATION, "年度设备投入": 1500000, "项目总投资": 3000000, "上年度营业收入": 5000000}
    sheet.append([row.get(h) for h in headers])
    book.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", conditions, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    found = next(f for f in case["findings"] if f["rule_id"] == "COND-1")
    assert (case["verdict"], found["outcome"], found["message"], found["evidence"]) == (
        "ineligible", "fail", "上年度营业收入填写为 500 万元，本轮条件要求不低于 1000 万元，不符合本条件。",  # h151's wording
        {"上年度营业收入": "500 万元", "上年度营业收入_note": "表头上方注明的金额单位为元，换算为万元", "source": "申报汇总表!L4"})


def test_a_draw_under_a_renamed_round_id_is_warned_when_drawn(tmp_path):
    """draw new --round R9补 after R9 (same field, same eligible list) went through as a first draw with
    nothing said, though the audit (DRAW-RANDOM) and fairness now flag it as a redraw recorded under another
    id: the office learnt it only at the audit. The draw now warns, and the warning is in the record and the
    ledger (draw verify repeats it); R10 after R9 is another round and is not warned."""
    from tests.helpers import SAMPLES

    common = ["--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--alternates", "3",
              "--ledger", tmp_path / "draws.db", "--applicants", SAMPLES / "draw" / "applicants.xlsx",
              "--conflicts", SAMPLES / "draw" / "conflicts.csv", "--staff", SAMPLES / "draw" / "staff.txt"]
    assert run_cli("draw", "new", *common, "--round", "R9", "--out", tmp_path / "a.json",
                   "--random-source", "3 9 14 22 27 31 8").exit_code == 0
    renamed = run_cli("draw", "new", *common, "--round", "R9补", "--out", tmp_path / "b.json", "--random-source", "1 2 3 4 5 6 7")
    warning = ("账本第 1 条已为轮次 R9 抽取（领域重叠、可抽取名单相同），本轮次 R9补 与之只差几个字：如为同一轮次重新抽取，"
               "请用原轮次编号并加 --redraw-reason 说明原因；否则审计和公平性分析会要求说明原名单为何未用。")
    assert renamed.exit_code == 0 and f"警告: {warning}" in renamed.output.splitlines()
    assert read_json(tmp_path / "b.json")["warnings"] == [warning]
    verify = run_cli("draw", "verify", tmp_path / "b.json", "--ledger", tmp_path / "draws.db")
    assert verify.exit_code == 0 and f"注意：抽取时的警告：{warning}" in verify.output.splitlines()
    other = run_cli("draw", "new", *common, "--round", "R10", "--out", tmp_path / "c.json", "--random-source", "1 2 3 4 5 6 8")
    assert other.exit_code == 0 and read_json(tmp_path / "c.json")["warnings"] == []


def test_a_countersign_row_saying_a_unit_need_not_sign_is_no_countersignature():
    """水效领跑者 (001:4699 商请市发展改革、水务、市场监管部门会签): 市水务局（无需会签） passed as 会签完整 (only 不需要
    before the name, or 未会签/不同意/拒签 after it, were read); the unit did not sign, so the countersignature is
    incomplete. 已会签，无需修改 is still a signature."""
    from tests.test_hostile_h38 import countersigned, water_bureau_not_signed

    written = "市发展改革委、市水务局（无需会签）、市市场监管局"
    assert countersigned(written) == water_bureau_not_signed(written)
    outcome, _, _, verdict = countersigned("市发展改革委、市水务局（已会签，无需修改）、市市场监管局")
    assert (outcome, verdict) == ("pass", "compliant")


@pytest.mark.parametrize("written,shown", [("市发展改革委、市水务局（待会签）、市市场监管局", "市发展改革委、市水务局（待会签）、市市场监管局"),
                                           ("市发展改革委、市市场监管局；市水务局会签中", "市发展改革委、市市场监管局；市水务局会签中")])
def test_a_countersign_row_awaiting_a_units_signature_is_no_countersignature(written, shown):
    """A 会签 row recorded while one unit had not yet signed (市水务局（待会签）, 市水务局会签中) passed as 会签完整 and
    the round came out 合规 before the signature came back."""
    from tests.test_hostile_h38 import countersigned, water_bureau_not_signed

    assert countersigned(written) == water_bureau_not_signed(shown)
