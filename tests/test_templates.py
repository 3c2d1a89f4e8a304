"""`fundcheck template check|conditions|overrides`: the workbooks people fill in, and what a filled
one gives back through `fundcheck check`."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from checker.check.conditions import load_conditions
from tests.helpers import SAMPLES, all_cases, case_text, read_case, read_json, run_cli

CONDITIONS = SAMPLES / "conditions" / "W-12_conditions.xlsx"


def _validations(sheet) -> dict[str, str]:
    return {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}


def test_check_template_has_exactly_the_columns_the_workflow_and_conditions_read(tmp_path, book):
    path = tmp_path / "t.xlsx"
    result = run_cli("template", "check", "--workflow", "W-12", "--conditions", CONDITIONS, "--out", path)
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(path)
    sheet = workbook["申报汇总表"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["申报编号", "企业名称", "项目名称", "所在区市", "真实性承诺", "推荐文号", "统一社会信用代码", "证明材料", "区市初审意见",
                       "市级复审意见", "专项资金项目流程审核情况表", "申报日期", "成立日期", "上年度营业收入（万元）", "研发投入占比", "近三年重大事故",
                       "所属行业", "从业人数", "知识产权类别", "资产负债率"]
    assert sheet.freeze_panes == "A2"
    validations = _validations(sheet)
    assert validations["E2:E201 K2:K201 P2:P201"] == '"是,否"'
    assert validations["D2:D201"] == '"环翠区,文登区,荣成市,乳山市,高区,经区,临港区,南海新区"'
    assert sheet["L2"].number_format == "yyyy-mm-dd" and sheet["M2"].number_format == "yyyy-mm-dd" and sheet["N2"].number_format == "#,##0.00" and sheet["O2"].number_format == "0.00%"
    assert "真实性承诺" in sheet["E1"].comment.text and "用于：申报材料真实性承诺" in sheet["E1"].comment.text
    assert "项目名称" in sheet["C1"].comment.text and "（必填列）" not in sheet["C1"].comment.text  # named in the notice, read by no rule
    assert "（必填列）" not in sheet["L1"].comment.text and "（必填列）" in sheet["M1"].comment.text and "（必填列）" not in sheet["Q1"].comment.text  # 申报日期: --as-of/--window may give the date; 所属行业: a 复核 condition
    info = [[c.value for c in row] for row in workbook["说明"].iter_rows()]
    assert ["成立日期", "成立日期：日期（年限按此日期到参考日满几年计算），如 2015-03-01", "必填", "在我市依法注册登记、成立满3年"] in info
    assert "必填 8 列" in result.stdout


def test_a_filled_check_template_is_read_back_by_check(tmp_path):
    path = tmp_path / "t.xlsx"
    run_cli("template", "check", "--workflow", "W-03", "--out", path)
    workbook = load_workbook(path)
    sheet = workbook["申报汇总表"]
    values = {"申报编号": "T-1", "企业名称": "威海某某有限公司", "所在区市": "环翠区", "真实性承诺": "是", "证明材料": "营业执照",
              "区市初审意见": "通过", "推荐文号": "环工信字〔2021〕1号"}
    for cell in sheet[1]:
        sheet.cell(row=2, column=cell.column).value = values.get(cell.value)
    workbook.save(path)
    result = run_cli("check", path, "--workflow", "W-03", "--as-of", "2021-06-30", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert read_json(tmp_path / "out" / "summary.json")["counts"] == {"cases": 1, "eligible": 1, "ineligible": 0, "needs_review": 0}


def test_conditions_template_round_trip(tmp_path):
    path = tmp_path / "c.xlsx"
    assert run_cli("template", "conditions", "--out", path).exit_code == 0
    workbook = load_workbook(path)
    assert [c.value for c in workbook["通知"][1]] == ["文号", "标题", "发布日期", "失信企业不得申报"]
    conditions = workbook["申报条件"]
    assert [c.value for c in conditions[1]] == ["条件编号", "条件", "依据", "列名", "类型", "比较", "值", "严重程度", "生效日期"]
    validations = _validations(conditions)
    assert validations["E2:E201"] == '"金额（万元）,金额（元）,数值,百分比,占比（%）,日期,年限,是否,文本,文本列表"'
    assert validations["F2:F201"] == '"≥,>,≤,<,等于,≠,属于,不属于,介于"' and validations["H2:H201"] == '"否决,复核,提示"'
    workbook["通知"]["A2"] = "威工信字〔2022〕1号"
    for column, value in zip("ABCDEFGHI", ["1", "上年度营业收入2000万元以上", "第二条", "营业收入（万元）", "金额（万元）", "等于", "2000", "否决",
                                           dt.datetime(2022, 1, 1)]):
        conditions[f"{column}2"] = value
    workbook.save(path)
    loaded = load_conditions(path)
    assert loaded.notice.number == "威工信字〔2022〕1号"
    assert [(c.rule_id, c.op, c.low, c.effective) for c in loaded.conditions] == [("COND-1", "eq", 2000, dt.date(2022, 1, 1))]


def test_overrides_template_and_chinese_headers(tmp_path):
    path = tmp_path / "o.xlsx"
    assert run_cli("template", "overrides", "--workflow", "W-05", "--out", path).exit_code == 0
    workbook = load_workbook(path)
    sheet = workbook["复核决定"]
    assert [c.value for c in sheet[1]] == ["申报编号", "规则编号", "复核结论", "理由", "复核人"]
    assert _validations(sheet)["C2:C201"] == '"通过,不通过,待补充,不适用"'
    assert _validations(sheet)["B2:B201"] == "说明!$A$3:$A$13"
    assert workbook["说明"]["A3"].value == "ELIG-REGION"
    sheet.append(["WH-2020-008", "ELIG-REGION", "通过", "已核营业执照，2019年迁入高区", "刘审核"])
    workbook.save(path)
    out = tmp_path / "out"
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", out, "--window", "2020-07-01", "2020-07-31", "--overrides", path, "--quiet")
    case = read_case(out, "WH-2020-008")
    region = next(f for f in case["findings"] if f["rule_id"] == "ELIG-REGION")
    assert region["override"]["decision"] == "pass" and case["verdict_with_overrides"] == "eligible"


def test_template_out_must_be_a_workbook_in_an_existing_folder(tmp_path):
    assert run_cli("template", "conditions", "--out", tmp_path / "c.csv").exit_code == 2
    assert run_cli("template", "conditions", "--out", tmp_path / "no" / "c.xlsx").exit_code == 2
    result = run_cli("template", "check", "--workflow", "W-11", "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 2 and "W-11 不在申报审核范围" in result.stderr


def test_the_conditions_template_lets_a_bound_be_written_as_the_notice_words_it(tmp_path):
    """A bare 以上 is refused asking for （含）以上: the template's 比较 list must let it be typed."""
    path = tmp_path / "c.xlsx"
    assert run_cli("template", "conditions", "--out", path).exit_code == 0
    workbook = load_workbook(path)
    conditions = workbook["申报条件"]
    (choices,) = [v for v in conditions.data_validations.dataValidation if str(v.sqref) == "F2:F201"]
    assert (choices.showErrorMessage, choices.prompt) == (False, "请选择比较方式，或照通知原文写明是否含本数，如 （含）以上")
    assert conditions["F1"].comment.text == "≥ > ≤ < 等于 ≠ 属于 不属于 介于；也可照通知原文写明是否含本数，如 （含）以上、以下（不含）\n（必填列）"
    workbook["通知"]["A2"] = "威工信字〔2022〕1号"
    for column, value in zip("ABCDEFGH", ["1", "上年度营业收入2000万元以上", "第二条", "营业收入（万元）", "金额（万元）", "（含）以上", "2000", "否决"]):
        conditions[f"{column}2"] = value
    workbook.save(path)
    assert [(c.rule_id, c.op, c.low) for c in load_conditions(path).conditions] == [("COND-1", "ge", 2000)]



def test_round_template_refuses_an_unknown_workflow_as_typed(tmp_path):
    # w-5 was refused as 「W-5」, an id the user had not typed; w-08 is still W-08
    result = run_cli("template", "round", "--workflow", "w-5", "--out", tmp_path / "r.xlsx")
    assert result.exit_code == 2 and result.stderr.startswith("错误：未知的流程「w-5」（是否为 W-05？）；可用的流程：")
    assert run_cli("template", "round", "--workflow", "w-08", "--out", tmp_path / "r.xlsx").exit_code == 0


@pytest.mark.parametrize("kind, workflow", [("check", "N-04"), ("check", "W-04"), ("overrides", "W-04")])
def test_a_template_with_conditions_for_a_workflow_check_refuses_them_for_is_refused(tmp_path, kind, workflow):
    """`check -w W-04 --conditions` is refused (the duty list sets W-04's and the ledgers' conditions),
    but `template check/overrides` wrote a workbook for that run, with the conditions' columns (required)."""
    out = tmp_path / "模板.xlsx"
    result = run_cli("template", kind, "--workflow", workflow, "--conditions", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：{workflow} 的受理条件由履职清单规定、不按轮次通知确定，不接受 --conditions。"
    assert not out.exists()


@pytest.mark.parametrize("workflow, expected", [
    ("W-17", "错误：流程 W-17 没有申报审核规则；其轮次请用 fundcheck audit 审计"),
    ("W-11", "错误：W-11 不在申报审核范围：履职清单中本流程的正文是政策起草流程的逐字重复，没有申报单位的任何步骤，无从据以审核。"),
])
def test_an_overrides_template_for_a_workflow_check_refuses_is_refused(tmp_path, workflow, expected):
    """`template overrides -w W-17` wrote a decisions file (with no rule to choose) for a workflow `check` refuses."""
    result = run_cli("template", "overrides", "--workflow", workflow, "--out", tmp_path / "复核决定.xlsx")
    assert (result.exit_code, result.stderr.strip()) == (2, expected)
    assert not (tmp_path / "复核决定.xlsx").exists()
