"""A JSON file's numbers are read as written. A workbook's number is binary and shown by Excel to 15
significant digits, so fundcheck reads it as shown; a JSON file holds every digit the sending
system wrote: 99.99999999999999 万元 read as a float and shown to 15 digits was 100, which passes the
duty list's 年度设备投入100（含）万元以上 (seed 001, 受理条件) while the same figure in a CSV failed."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from checker.errors import InputError
from checker.core.values import Unreadable, decimal_from_cell, parse_count
from checker.check.document import _json_number
from checker.io.table import JsonNumber, cell_text, exact_json, written_json
from checker.report.case import cell_words
from tests.helpers import read_case, run_cli

ROW = ('{{"申报编号": "J-1", "企业名称": "威海某公司", "统一社会信用代码": "91371002MA3C8XK25F", '
       '"注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是", '
       '"核准/备案文号": "2020-371002-34-03-000001", "年度设备投入（万元）": {investment}, "项目总投资（万元）": 300, '
       '"申报日期": "2020-07-10"}}')


def _threshold_finding(tmp_path, investment: str, suffix: str) -> dict:
    row = ROW.format(investment=investment)
    path = tmp_path / f"a{suffix}"
    path.write_text(row if suffix == ".jsonl" else f"[{row}]", encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "J-1")
    return next(f for f in case["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize("written", ["99.99999999999999", "99.999999999999999999", "9.99999999999999999e1"])
def test_a_figure_just_under_the_threshold_fails_as_written(tmp_path, suffix, written):
    finding = _threshold_finding(tmp_path, written, suffix)
    shown = format(Decimal(written), "f")
    assert (finding["outcome"], finding["message"], finding["evidence"]["equipment_investment_wan"]) == (
        "fail", f"年度设备投入 {shown} 万元，低于 100 万元（含）的受理条件。", shown)


def test_a_figure_at_the_threshold_passes(tmp_path):
    finding = _threshold_finding(tmp_path, "100.000", ".json")
    assert (finding["outcome"], finding["evidence"]["equipment_investment_wan"]) == ("pass", "100")


def test_json_numbers_keep_their_text_and_stay_floats():
    data = exact_json('{"a": 1.50, "b": 2, "c": 1e400, "d": [0.1]}')
    assert [type(data[k]) for k in "abc"] == [JsonNumber, int, JsonNumber] and type(data["d"][0]) is JsonNumber
    assert (data["a"] == 1.5, data["a"].text, data["c"] == float("inf"), data["d"][0].text) == (True, "1.50", True, "0.1")
    assert json.loads(json.dumps(data["a"])) == 1.5  # anywhere else, the float it always was


def test_amounts_and_counts_are_read_from_the_text():
    assert decimal_from_cell(JsonNumber("99.99999999999999")) == Decimal("99.99999999999999")
    assert decimal_from_cell(99.99999999999999) == Decimal("100.000000000000")  # a workbook's number: as Excel shows it
    with pytest.raises(Unreadable):
        decimal_from_cell(JsonNumber("1e400"))  # no number a comparison can hold
    assert parse_count(JsonNumber("3.0")) == 3
    with pytest.raises(Unreadable):
        parse_count(JsonNumber("3.0000000000000001"))  # a float says 3.0; the file says more than 3


def test_a_record_is_named_in_words_not_as_a_reference():
    assert cell_words("JSON#2.注册地址") == "JSON 文件第 2 条记录的“注册地址”"
    assert cell_words("JSONL#7.申报编号") == "JSONL 文件第 7 行的“申报编号”"
    assert cell_words("申报汇总表!D2; 申报汇总表!C2") == "申报汇总表 D2 单元格、申报汇总表 C2 单元格"


def test_a_nested_value_is_quoted_as_the_file_writes_it(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("[" + ROW.format(investment='{"a": 1}') + "]", encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "J-1")
    finding = next(f for f in case["findings"] if f["rule_id"].startswith("INP-") and "年度设备投入" in f["message"])
    assert finding["message"] == ('JSON#1.年度设备投入（万元） 的年度设备投入（万元）“{"a": 1}”无法识别（单元格内容不是数字或文字）；'
                                  '应为：数字，如 100、100.00、1,200.50、１２０、"100万元"。依赖此项的规则判为“待补充”。')


@pytest.mark.parametrize("written", ["1e-999999999", "1e400", "1E-400", "-1e21"])
def test_a_number_beyond_any_figure_is_unreadable_at_once(written):
    # 1e-999999999 is 13 characters; written out in full it took gigabytes (helper-80)
    with pytest.raises(Unreadable) as error:
        decimal_from_cell(JsonNumber(written))
    assert error.value.detail == f"数值 {written} 超出可读取的范围（数量级 1e-20 至 1e20）"


def test_a_zero_with_any_exponent_is_zero():
    assert (decimal_from_cell(JsonNumber("0e-999999999")), decimal_from_cell(JsonNumber("-0.0"))) == (Decimal(0), Decimal(0))


def test_ids_typed_as_numbers_are_told_apart_as_in_a_csv():
    assert [cell_text(JsonNumber(t)) for t in ("1.10", "1.1", "1e2", "3.0")] == ["1.10", "1.1", "1e2", "3.0"]
    assert (cell_text(3.0), cell_text(1.5)) == ("3", "1.5")  # a workbook's numbers as Excel shows them


def test_other_columns_keep_a_json_number_as_written():
    assert [_json_number(JsonNumber(t)) for t in ("99.99999999999999", "2.0", "1.10", "100.000000000000000001", "1e400")] == [
        99.99999999999999, 2, 1.1, "100.000000000000000001", "1e400"]


def test_a_nested_value_keeps_its_numbers_as_written():
    value = exact_json('{"a": 1.10, "b": [1e400, "甲"], "c": 2}')
    assert written_json(value) == '{"a": 1.10, "b": [1e400, "甲"], "c": 2}'
    deep: object = 1
    for _ in range(5000):
        deep = [deep]
    assert written_json(deep) == "（无法显示的嵌套数据）"


def test_a_yaml_file_is_read_digit_for_digit_too(tmp_path):
    row = json.loads(ROW.format(investment="0"))
    text = "\n".join(f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in row.items())
    path = tmp_path / "a.yaml"
    path.write_text("-" + text[1:].replace('"年度设备投入（万元）": 0', "").replace("年度设备投入（万元）: 0", "年度设备投入（万元）: 99.99999999999999"),
                    encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    finding = next(f for f in read_case(tmp_path / "out", "J-1")["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (finding["outcome"], finding["message"]) == ("fail", "年度设备投入 99.99999999999999 万元，低于 100 万元（含）的受理条件。")


# --- helper-81: the rest of a JSON file's numbers and nested values ---------------------------------

def test_registers_keep_a_json_files_values_as_written():
    from checker.check.registers import CreditRegister, DebarmentRegister

    data = exact_json('[{"统一社会信用代码": "91371002MA3C8XK25F", "记录类型": 2.50, "认定日期": "2020-01-01",'
                      ' "来源": {"a": [1.10, 1e400]}}]')
    record = CreditRegister.from_rows(data, "credit.json").by_uscc["91371002MA3C8XK25F"][0]
    assert (record.kind, record.source) == ("2.50", '{"a": [1.10, 1e400]}')
    data = exact_json('[{"统一社会信用代码": "91371002MA3C8XK25F", "专项名称": "技改", "起始日期": "2020-01-01", "期限（年）": 2.0}]')
    assert DebarmentRegister.from_rows(data, "debar.json").by_uscc["91371002MA3C8XK25F"][0].years == 2  # refused as 不是整数 before


def test_nested_ids_are_told_apart_and_nested_text_is_unreadable():
    from checker.check.ids import raw_id
    from checker.check.validate import validate_record
    from checker.check.fields import field_set
    from checker.core.rulebook import load_rulebook
    from checker.io.table import Cell, Row

    def row(value) -> Row:
        return Row(1, "JSON", {"application_id": Cell(value, "JSON#1.申报编号", "申报编号"),
                               "company_name": Cell(value, "JSON#1.企业名称", "企业名称")})

    ids = [raw_id(row(exact_json(text))) for text in ('{"id": 1.10}', '{"id": 1.1}')]
    assert ids == ['{"id": 1.10}', '{"id": 1.1}']
    application = validate_record(row(exact_json('[2.5, 1e400]')), field_set(load_rulebook()))
    assert application.get("company_name").state == "unreadable"
    assert any("嵌套数据 [2.5, 1e400]，不是文字" in f["message"] for f in application.input_findings)


def test_a_long_json_id_is_no_spreadsheet_number():
    from checker.check.ids import _long_number
    from checker.io.table import Cell, Row

    assert not _long_number(Row(1, "JSON", {"application_id": Cell(JsonNumber("99999999999999999999.5"), "r", "申报编号")}))
    assert _long_number(Row(1, "Sheet", {"application_id": Cell(1.2345678901234567e19, "Sheet!A2", "申报编号")}))


def test_a_count_keeps_every_digit():
    assert parse_count(JsonNumber("9007199254740993.0")) == 9007199254740993


def _json_conditions_refused(tmp_path, value: str) -> str:
    """A JSON conditions file whose 值 is the number ``value`` as written, refused: the message."""
    from checker.check.conditions.read import load_conditions

    conditions = tmp_path / "c.json"
    conditions.write_text(json.dumps(
        {"通知": {"文号": "威工信字〔2021〕18号", "标题": "关于组织开展申报工作的通知", "发布日期": "2021-05-10"},
         "条件": [{"条件编号": 1, "条件": "上年度营业收入1000万元以上", "依据": "第二条（二）", "列名": "上年度营业收入（万元）",
                  "类型": "金额（万元）", "比较": "≥", "值": "__VALUE__", "严重程度": "否决"}]}, ensure_ascii=False)
        .replace('"__VALUE__"', value), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_conditions(conditions)
    return str(error.value)


@pytest.mark.parametrize("value", [
    "999.9999999999999",  # the text says 1000万元, the value less: no longer rounded into agreement
    # 999.99999999999999 is the float 1000.0: the message quoted 值“1000” beside 读作 999.99999999999999
    "999.99999999999999",
])
def test_a_conditions_file_in_json_is_read_and_quoted_as_written(tmp_path, value):
    assert _json_conditions_refused(tmp_path, value).endswith(
        f"条件第 1 项（条件编号 1）：条件原文“上年度营业收入1000万元以上”写的是 1000万元，而值“{value}”"
        f"按类型“金额（万元）”读作 {value} 万元；请核对值及其单位与条件原文一致。")


@pytest.mark.parametrize("written,years", [(2, 2), (2.0, 2), ("2", 2), ("2年", 2), ("2 年", 2), ("２", 2), (-1, -1)])
def test_a_debarment_term_is_read_in_years(written, years):
    from checker.check.registers import _term_years

    assert _term_years(written) == years  # (-1 is then refused as outside 1–50 years, naming it)


@pytest.mark.parametrize("written", ["3份", "第3名", "一式五份", 2.5, JsonNumber("2.9999999999999999"), True])
def test_a_debarment_term_that_is_no_number_of_years_is_refused(written):
    from checker.check.registers import _term_years

    with pytest.raises(Unreadable):
        _term_years(written)


def test_a_condition_in_years_keeps_every_digit():
    from checker.check.conditions.values import _years_value

    assert _years_value(JsonNumber("3.0")) == 3
    with pytest.raises(Unreadable):
        _years_value(JsonNumber("2.9999999999999999"))  # a float says 3.0: the file says less than 3


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".yaml"])
def test_a_record_files_long_integer_id_is_exact_and_not_said_to_be_cut(tmp_path, suffix):
    # A system's export with 19-digit project numbers as JSON integers: every digit is in the file
    # (only a spreadsheet keeps 15); INP-ID-DIGITS told the reviewer the id might have been changed.
    row = ROW.format(investment="150").replace('"J-1"', "2020371002340300001")
    path = tmp_path / f"a{suffix}"
    path.write_text(row if suffix == ".jsonl" else (f"- {row}" if suffix == ".yaml" else f"[{row}]"), encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "2020371002340300001")
    assert case["case_id"] == "2020371002340300001"
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []


def test_a_yaml_id_with_a_leading_zero_keeps_its_digits(tmp_path):
    # helper-86: 申报编号: 0631001 in a YAML file was YAML 1.1's octal 209409, the case named 209409 unsaid
    row = ROW.format(investment="150").replace('"J-1"', "0631001")
    path = tmp_path / "a.yaml"
    path.write_text(f"- {row}", encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert read_case(tmp_path / "out", "0631001")["case_id"] == "0631001"
