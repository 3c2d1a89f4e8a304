"""Reviewer h44: where the last merges' fixes cross (note lines, several-district titles, links to
other workbooks, withdrawals, per-file 编号)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05


def _finding(case: dict, rule: str) -> tuple:
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return found["outcome"], found["message"], found["evidence"]


def withdrawn_expected(ref: str, header: str, written: str) -> tuple:
    """What an INP-WITHDRAWN finding on a cell saying the application was withdrawn holds, as
    _finding gives it: its outcome, its whole message and its evidence."""
    return ("fail", f"{ref}（{header}）载明“{written}”：该申报可能已撤回。本件照常列出并核对，但不作“不符合条件”的结论，"
            "也不向企业发出告知书，需人工复核。", {header: written, "source": ref, "column": header})


# ---------------------------------------------------------------- a road named after another district in a title


@pytest.mark.parametrize("title", ["环翠区文登路企业汇总表", "环翠区火炬八街片区企业汇总表"])
def test_a_title_naming_a_road_after_another_district_still_fills_the_blank_district(tmp_path, title):
    """环翠区文登路企业汇总表 left every blank 所在区市 blank and asked for review: 文登路 (a road) was read as
    a second district, 文登区. A district's short name before 路/街… names a road; the title is 环翠区's."""
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([title])
    sheet.append(list(APPLICATION))
    sheet.append(list({**APPLICATION, "申报编号": "M-2", "所在区市": None}.values()))
    book.save(tmp_path / "汇总.xlsx")
    run_cli("check", tmp_path / "汇总.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "M-2"), "ELIG-TERRITORIAL-ROUTE") == (
        "pass", "所在区市“环翠区”与注册地址所在区市（环翠区）一致。",
        {"district": "环翠区", "registered_address": "山东省威海市环翠区某路1号",
         "source": "汇总.xlsx（文件名或标题）; 申报汇总表!D3",
         "sources": {"district": "汇总.xlsx（文件名或标题）", "registered_address": "申报汇总表!D3"}})


# ---------------------------------------------------------------- a key-fields note holding a list separator


@pytest.mark.parametrize("name", ["kf.txt", "kf.csv"])
def test_a_key_fields_note_naming_two_documents_gives_no_field(tmp_path, name):
    """注：以上领域依据威政发〔2021〕3号、鲁政发〔2021〕5号 under a --key-fields list: the line was split at 、 first and
    only its first piece set aside as a note, so 鲁政发〔2021〕5号 became one of the round's 重点领域 and
    every refused applicant's notice listed it. The line is asked whole, before it is split."""
    from tests.helpers import SAMPLES, case_text
    path = tmp_path / name
    path.write_text("序号,重点领域\n1,智能制造\n2,新材料\n,注：以上领域依据威政发〔2021〕3号、鲁政发〔2021〕5号\n" if name.endswith("csv")
                    else "重点领域\n智能制造\n新材料\n注：以上领域依据威政发〔2021〕3号、鲁政发〔2021〕5号\n", encoding="utf-8")
    out = tmp_path / "out"
    run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", path,
            "--out", out, "--quiet", "--per-case", "all")
    assert _finding(read_case(out, "W01-06"), "ELIG-KEY-FIELD") == (
        "fail", "项目领域“纺织”不在本轮确定的重点领域（智能制造、新材料）之内。", {"project_field": "纺织", "source": "申报汇总表!H7"})
    notice = case_text(out, "W01-06")
    assert "不予受理告知书" in notice and "鲁政发" not in notice


# ---------------------------------------------------------------- a link to another workbook filled down


def test_an_amount_linked_to_another_workbook_and_filled_down_is_a_finding_on_every_cell(tmp_path):
    """=[1]Sheet1!$A2 filled down a column is written by Excel once, in its first cell; each cell below holds only
    <f t="shared" si="0"/>. INP-EXTERNAL read those as no formula: the first row needed review, the rows below
    were accepted on figures from a file the reviewer does not have. Each is now a finding naming its own formula."""
    import re
    import zipfile

    from tests.test_hostile_h43 import _sheet, _with_external_formula
    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": f"E-{n}", "年度设备投入（万元）": 150} for n in (1, 2)]
    path = _sheet(tmp_path / "t.xlsx", rows, headers)
    column = "ABCDEFGHIJKLMNOP"[headers.index("年度设备投入（万元）")]
    _with_external_formula(path, f"{column}2", "[1]Sheet1!$A2", "file:///\\\\server\\share\\预算.xlsx")
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode().replace("<f>[1]Sheet1!$A2</f>", f'<f t="shared" ref="{column}2:{column}3" si="0">[1]Sheet1!$A2</f>')
    sheet, count = re.subn(rf'(<c r="{column}3"[^>]*>)(<v>)', rf'\1<f t="shared" si="0"/>\2', sheet)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for number, row in ((1, 2), (2, 3)):
        case = read_case(tmp_path / "out", f"E-{number}")
        ref, named = f"申报汇总表!{column}{row}", f"外部工作簿 \\\\server\\share\\预算.xlsx（=[1]Sheet1!$A{row}）"
        assert (case["verdict"], *_finding(case, "INP-EXTERNAL")) == (
            "needs_review", "fail",
            f"{ref} 的年度设备投入（万元）“150”是公式，引用{named}，读到的是上次计算时保存的结果："
            "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
            {"equipment_investment_wan": "150", "equipment_investment_wan_note": named, "source": ref, "column": "年度设备投入（万元）"})


@pytest.mark.parametrize("formula", ["[0]!设备投入", "[0]Sheet!$I$2"])
def test_an_amount_reading_the_workbooks_own_name_is_no_external_link(tmp_path, formula):
    """=[0]!设备投入 reads a name defined in the workbook itself ([0] is the workbook, as Excel writes it): it was an
    INP-EXTERNAL finding (引用外部工作簿（=[0]!设备投入）) and the application needed review. No finding now;
    =[1]!设备投入, a name in a linked workbook, still is one (test_hostile_h43)."""
    from tests.test_hostile_h43 import _sheet, _with_external_formula
    headers = list(APPLICATION)
    path = _sheet(tmp_path / "t.xlsx", [{**APPLICATION, "年度设备投入（万元）": 150}], headers)
    column = "ABCDEFGHIJKLMNOP"[headers.index("年度设备投入（万元）")]
    _with_external_formula(path, f"{column}2", formula)
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    assert ([f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")],
            _finding(case, "ELIG-EQUIP-INVEST-100W")) == (
        [], ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。",
             {"equipment_investment_wan": "150", "source": f"申报汇总表!{column}2"}))


# ---------------------------------------------------------------- a 是否撤回 column answered yes, with a date or a word


def test_a_withdrawal_column_answered_yes_with_a_date_is_the_withdrawal_finding(tmp_path):
    """A 是否撤回 column answered 是（2021年7月20日） or 是，书面申请 was read as no answer: only a bare 是 was a yes, and the
    enterprise that had withdrawn was refused with a 不予受理告知书. It is the withdrawal finding now; 否（…） and
    是（撤回后重新提交） are still none."""
    from tests.test_hostile_h43 import _sheet
    answers = ["是（2021年7月20日）", "是，书面申请", "否（2021年7月20日）", "是（撤回后重新提交）"]
    headers = [*APPLICATION, "是否撤回"]
    rows = [{**APPLICATION, "申报编号": f"W-{i}", "企业名称": f"威海测{i}有限公司", "统一社会信用代码": None,
             "年度设备投入（万元）": 50, "是否撤回": answer} for i, answer in enumerate(answers, 1)]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for i, answer in enumerate(answers[:2], 1):
        case = read_case(tmp_path / "out", f"W-{i}")
        ref = f"申报汇总表!L{i + 1}"
        assert (case["verdict"], *_finding(case, "INP-WITHDRAWN")) == (
            "needs_review", *withdrawn_expected(ref, "是否撤回", answer))
    for i, answer in enumerate(answers[2:], 3):
        case = read_case(tmp_path / "out", f"W-{i}")
        assert (answer, case["verdict"], [f for f in case["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == (
            answer, "ineligible", [])


@pytest.mark.parametrize("remark", ["撤回申请未被批准", "撤回申请不予批准", "撤回申请被否决", "撤回申请未通过"])
def test_a_withdrawal_request_refused_is_no_withdrawal(tmp_path, remark):
    """备注 撤回申请未被批准 (the enterprise asked to withdraw and was refused) held a refused application at 需人工复核
    as possibly withdrawn and kept its 不予受理告知书 back, though 撤回申请已被驳回 was read as a denial; each
    such refusal now reads as not withdrawn, and 企业已撤回 is still the withdrawal finding."""
    from tests.test_hostile_h43 import _sheet
    headers = [*APPLICATION, "备注"]
    rows = [{**APPLICATION, "申报编号": "R-1", "统一社会信用代码": None, "年度设备投入（万元）": 50, "备注": remark},
            {**APPLICATION, "申报编号": "R-2", "统一社会信用代码": None, "年度设备投入（万元）": 50, "备注": "企业已撤回"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    refused = read_case(tmp_path / "out", "R-1")
    assert (refused["verdict"], [f for f in refused["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == ("ineligible", [])
    withdrawn = read_case(tmp_path / "out", "R-2")
    assert (withdrawn["verdict"], *_finding(withdrawn, "INP-WITHDRAWN")) == (
        "needs_review", *withdrawn_expected("申报汇总表!L3", "备注", "企业已撤回"))


# ---------------------------------------------------------------- an application's texts apart are no split note


def test_an_individual_business_with_a_remark_is_an_application_not_a_split_note(tmp_path):
    """A CSV line 威海市环翠区宏达机械加工部 | 环翠区 | 注：代码和金额待补 (an individual business, no id or amount yet) was set
    aside as a note split by its comma (skipped_note_rows [3]) and never checked: no case, no report. A split note's
    pieces stand side by side from its mark; texts apart are an application's, checked (and needing review)."""
    from tests.helpers import read_json
    from tests.test_hostile_h43 import _finding as whole
    headers = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "符合产业政策方向",
               "核准/备案文号", "年度设备投入（万元）", "备注"]
    path = tmp_path / "s.csv"
    path.write_text(",".join(headers) + "\n"
                    "A-1,威海某精密机械有限公司,91371002MA3C8XK25F,山东省威海市环翠区某路1号,环翠区,是,是,2021-371002-34-03-000001,150,\n"
                    ",威海市环翠区宏达机械加工部,,,环翠区,,,,,注：代码和金额待补\n"
                    "注：1.金额单位为万元,2.本表由区市工信部门填报\n", encoding="utf-8")
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert read_json(tmp_path / "out" / "summary.json")["skipped_note_rows"] == [4]
    case = read_case(tmp_path / "out", "row3")
    missing = whole(case, "INP-MISSING-ID")
    assert (case["verdict"], case["application"]["company_name"]["value"], missing["outcome"], missing["message"], missing["evidence"]) == (
        "needs_review", "威海市环翠区宏达机械加工部", "fail", "s 第 3 行没有申报编号；报告以输入行号 row3 命名。",
        {"application_id": None, "source": "s!第3行"})


def test_a_withdrawal_date_or_reason_given_is_the_withdrawal_finding(tmp_path):
    """A 撤回日期 column holding 2021-07-20 (a date cell) or a 撤回原因 column holding 资金困难 said nothing to the check
    (neither names 撤回 in the cell, and a date was no remark): the enterprise that had withdrawn was refused
    with a 不予受理告知书. Either is the withdrawal finding now (需人工复核, no notice); 撤回原因 无 is none."""
    import datetime as dt

    from tests.test_hostile_h43 import _sheet
    headers = [*APPLICATION, "撤回日期", "撤回原因"]
    base = {**APPLICATION, "统一社会信用代码": None, "年度设备投入（万元）": 50}
    rows = [{**base, "申报编号": "D-1", "企业名称": "威海测1有限公司", "撤回日期": dt.date(2021, 7, 20)},
            {**base, "申报编号": "D-2", "企业名称": "威海测2有限公司", "撤回原因": "资金困难"},
            {**base, "申报编号": "D-3", "企业名称": "威海测3有限公司", "撤回原因": "无"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for name, ref, header, shown in (("D-1", "申报汇总表!L2", "撤回日期", "2021-07-20"), ("D-2", "申报汇总表!M3", "撤回原因", "资金困难")):
        case = read_case(tmp_path / "out", name)
        assert (case["verdict"], *_finding(case, "INP-WITHDRAWN")) == (
            "needs_review", *withdrawn_expected(ref, header, shown))
    kept = read_case(tmp_path / "out", "D-3")
    assert (kept["verdict"], [f for f in kept["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == ("ineligible", [])


# ---------------------------------------------------------------- 会签 sent, not back, being chased


@pytest.mark.parametrize("written", ["市发展改革委、市水务局已送会签，未返回（正在催办）、市市场监管局",
                                     "市发展改革委、市水务局已送会签，经办人未返回、市市场监管局"])
def test_a_countersign_not_back_and_being_chased_is_no_countersignature(written, tmp_path):
    """市水务局已送会签，未返回（正在催办） passed as 会签完整: the clause after 已送会签 was taken to speak of another unit
    because 催办 (or 经办人) holds 办, as 市政府办 does. Such words name no unit; the unit is not signed."""
    from tests.test_hostile_h38 import countersigned, water_bureau_not_signed

    assert countersigned(written) == water_bureau_not_signed(written)


# ---------------------------------------------------------------- a recusal reason alone is no note


def test_a_recusal_reason_without_its_expert_is_refused_not_set_aside(tmp_path):
    """A conflicts list's line holding only its 回避原因, 注：与申报企业负责人系亲属 (the 专家编号 left out), was set aside as
    a note under the list since h42: the recusal it declares was dropped without a word and the expert could be
    drawn. A note stands at the list's left; a text alone in a later column is an entry lacking its expert, refused."""
    from tests.helpers import SAMPLES
    listed = (SAMPLES / "draw" / "conflicts.csv").read_text(encoding="utf-8-sig")
    conflicts = tmp_path / "cf.csv"
    conflicts.write_text(listed + ",注：与申报企业负责人系亲属\n注：回避原因由专家本人申报\n", encoding="utf-8")
    result = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--conflicts", conflicts)
    number = len(listed.splitlines()) + 1
    assert (result.exit_code, result.output.strip()) == (2, f"错误：回避名单「{conflicts}」第 {number} 行缺少专家编号或回避原因。")


def test_an_amount_reading_a_defined_name_linked_to_another_workbook_is_a_finding(tmp_path):
    """年度设备投入 written =预算金额, a defined name whose formula is =[1]Sheet1!$A$1 (a link to \\\\server\\share\\预算.xlsx), was
    accepted in silence from its cached value, while =[1]Sheet1!$A$1 typed in the cell is an INP-EXTERNAL finding. The name
    is followed now and the finding names both; a name read inside the workbook (=合计金额 → Sheet!A1) is none."""
    from openpyxl import load_workbook
    from openpyxl.workbook.defined_name import DefinedName

    from tests.test_hostile_h43 import _sheet, _with_external_formula
    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": "N-1", "年度设备投入（万元）": 150},
            {**APPLICATION, "申报编号": "N-2", "统一社会信用代码": "91371002MA3D0004CE", "年度设备投入（万元）": 150}]
    path = _sheet(tmp_path / "t.xlsx", rows, headers)
    book = load_workbook(path)
    for name, text in (("预算金额", "[1]Sheet1!$A$1"), ("合计金额", "申报汇总表!$I$2")):
        book.defined_names[name] = DefinedName(name, attr_text=text)
    book.save(path)
    column = "ABCDEFGHIJKLMNOP"[headers.index("年度设备投入（万元）")]
    _with_external_formula(path, f"{column}2", "预算金额", "file:///\\\\server\\share\\预算.xlsx")
    _with_external_formula(path, f"{column}3", "合计金额")
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    linked, inside = read_case(tmp_path / "out", "N-1"), read_case(tmp_path / "out", "N-2")
    ref, named = f"申报汇总表!{column}2", "外部工作簿 \\\\server\\share\\预算.xlsx（=预算金额，名称指向 =[1]Sheet1!$A$1）"
    assert (linked["verdict"], *_finding(linked, "INP-EXTERNAL")) == (
        "needs_review", "fail",
        f"{ref} 的年度设备投入（万元）“150”是公式，引用{named}，读到的是上次计算时保存的结果："
        "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
        {"equipment_investment_wan": "150", "equipment_investment_wan_note": named, "source": ref, "column": "年度设备投入（万元）"})
    assert ([f["rule_id"] for f in inside["findings"] if f["rule_id"].startswith("INP-")],
            _finding(inside, "ELIG-EQUIP-INVEST-100W")) == (
        [], ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。",
             {"equipment_investment_wan": "150", "source": f"申报汇总表!{column}3"}))


@pytest.mark.parametrize("remark", ["撤回原因：无", "撤回时间：无；材料齐全"])
def test_a_remark_answering_no_withdrawal_reason_is_no_withdrawal(tmp_path, remark):
    """备注 撤回原因：无 (a form's line left answered 无) held a refused application at 需人工复核 as possibly withdrawn
    and kept its 不予受理告知书 back, though 撤回情况：无 reads as not withdrawn; it does too now, and
    撤回原因：资金困难 is still the withdrawal finding."""
    from tests.test_hostile_h43 import _sheet
    headers = [*APPLICATION, "备注"]
    base = {**APPLICATION, "统一社会信用代码": None, "年度设备投入（万元）": 50}
    _sheet(tmp_path / "t.xlsx", [{**base, "申报编号": "R-1", "备注": remark},
                                 {**base, "申报编号": "R-2", "备注": "撤回原因：资金困难"}], headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    kept = read_case(tmp_path / "out", "R-1")
    assert (kept["verdict"], [f for f in kept["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == ("ineligible", [])
    withdrawn = read_case(tmp_path / "out", "R-2")
    assert (withdrawn["verdict"], *_finding(withdrawn, "INP-WITHDRAWN")) == (
        "needs_review", *withdrawn_expected("申报汇总表!L3", "备注", "撤回原因：资金困难"))
