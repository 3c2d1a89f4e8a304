"""Messages name a cell's value in the words of the column it was read from."""

from __future__ import annotations

from tests.helpers import read_case, run_cli

HEADERS = "申报编号,企业名称,统一社会信用代码,注册地址,是否独立法人,符合产业政策方向,核准/备案文号,{amount}\n"
ROW = "A1,威海某精密机械有限公司,91371002MA3C8XK25F,山东省威海市环翠区某路1号,是,是,2021-371002-34-03-000001,{value}\n"


def _unreadable(tmp_path, amount_header: str) -> dict:
    path = tmp_path / "a.csv"
    path.write_text(HEADERS.format(amount=amount_header) + ROW.format(value="abc"), encoding="utf-8")
    run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "A1")
    return next(f for f in case["findings"] if f["rule_id"] == "INP-NUMBER")


WAN_FORM = '数字，如 100、100.00、1,200.50、１２０、"100万元"'
YUAN_FORM = '数字（元），如 1000000、1,000,000.00、"1,000,000元"、"100万元"'


def test_an_unreadable_amount_in_a_yuan_column_is_named_in_yuan(tmp_path):
    # 年度设备投入（元）“abc” was named "年度设备投入（万元）“abc”": the column holds 元, and a clerk
    # reading the message looks for a 万元 column the form does not have; its examples were 万元 figures
    # ("如 100"), which in a 元 column are 100 元.
    found = _unreadable(tmp_path, "年度设备投入（元）")
    assert (found["message"], found["remedy"], found["parameters"]) == (
        f"a!H2 的年度设备投入（元）“abc”无法识别；应为：{YUAN_FORM}。依赖此项的规则判为“待补充”。",
        f"请核实并按规定格式填写年度设备投入（元）（{YUAN_FORM}）。",
        {"expected_form": YUAN_FORM})


def test_an_unreadable_amount_in_a_wan_column_keeps_its_wan_label(tmp_path):
    found = _unreadable(tmp_path, "年度设备投入（万元）")
    assert (found["message"], found["remedy"]) == (
        f"a!H2 的年度设备投入（万元）“abc”无法识别；应为：{WAN_FORM}。依赖此项的规则判为“待补充”。",
        f"请核实并按规定格式填写年度设备投入（万元）（{WAN_FORM}）。")
