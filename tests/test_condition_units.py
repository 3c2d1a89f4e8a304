"""A round condition's amount column in whatever money unit the table states (helper-85): （千元） and
（百万元） are exact multiples of 元 and are converted; a foreign currency (（万美元）) cannot be compared
with a 人民币 figure and is asked about. Before, any unit but 元/万元/亿元 was taken for none and the
figure read as 万元: 5000 千元 (500 万元) passed 上年度营业收入不低于1000万元."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05

CONDITION = ("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
             "  - {条件编号: 1, 条件: 上年度营业收入不低于1000万元, 依据: 第二条, 列名: %s, 类型: 金额（万元）, "
             "比较: ≥, 值: 1000, 严重程度: 否决}\n")


def _condition(tmp_path, column: str, header: str, value, *, above=None, below=None) -> tuple[str, dict]:
    (tmp_path / "c.yaml").write_text(CONDITION % column, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    if above:
        sheet.append([None, None, above])
    headers = [*APPLICATION, header]
    sheet.append(headers)
    if below:
        sheet.append([None] * (len(headers) - 1) + [below])
    sheet.append([*APPLICATION.values(), value])
    book.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    found = next(f for f in case["findings"] if f["rule_id"] == "COND-1")
    return case["verdict"], {k: found[k] for k in ("outcome", "message", "evidence")}


def test_a_header_in_qian_yuan_is_converted(tmp_path):
    verdict, found = _condition(tmp_path, "上年度营业收入（千元）", "上年度营业收入（千元）", 5000)
    assert (verdict, found) == ("ineligible", {
        "outcome": "fail", "message": "上年度营业收入（千元）填写为 500 万元，本轮条件要求不低于 1000 万元，不符合本条件。",  # h151's wording
        "evidence": {"上年度营业收入（千元）": "500 万元", "上年度营业收入（千元）_note": "列名单位为千元，换算为万元", "source": "申报汇总表!L2"}})


def test_a_header_in_millions_is_converted(tmp_path):
    verdict, found = _condition(tmp_path, "上年度营业收入（百万元）", "上年度营业收入（百万元）", 20)
    assert (verdict, found["outcome"], found["message"]) == (
        "eligible", "pass", "上年度营业收入（百万元）填写为 2000 万元，符合本条件（本轮条件要求不低于 1000 万元）。")  # h151's wording


def test_a_unit_stated_on_the_line_under_the_header_or_above_the_table_is_the_columns(tmp_path):
    (tmp_path / "below").mkdir()
    (tmp_path / "above").mkdir()
    below = _condition(tmp_path / "below", "上年度营业收入", "上年度营业收入", 5000, below="（千元）")
    above = _condition(tmp_path / "above", "上年度营业收入", "上年度营业收入", 5000, above="金额单位：千元")
    assert below[1]["message"] == above[1]["message"] == "上年度营业收入填写为 500 万元，本轮条件要求不低于 1000 万元，不符合本条件。"
    assert (below[0], above[0]) == ("ineligible", "ineligible")


def test_a_foreign_currency_is_asked_about_not_read_as_wan_yuan(tmp_path):
    verdict, found = _condition(tmp_path, "上年度营业收入（万美元）", "上年度营业收入（万美元）", 5000)
    assert (verdict, found["outcome"], found["message"]) == (
        "needs_review", "missing", "上年度营业收入（万美元）“5000”无法识别，无法核对本条件（本轮条件要求不低于 1000 万元）。")


IP = ("通知: {文号: 威工信字〔2021〕31号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
      "  - {条件编号: 7, 条件: 拥有与主导产品相关的有效知识产权, 依据: 第二条, 列名: 知识产权类别, 类型: 文本列表, 比较: 属于, "
      "值: 发明专利、实用新型专利、外观设计专利、软件著作权, 严重程度: 否决}\n")


def _ip(tmp_path, written: str) -> tuple[str, str]:
    (tmp_path / "c.yaml").write_text(IP, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append([*APPLICATION, "知识产权类别"])
    sheet.append([*APPLICATION.values(), written])
    book.save(tmp_path / "t.xlsx")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "H28-1")["findings"] if f["rule_id"] == "COND-7")
    return found["outcome"], found["message"]


def test_an_item_the_cell_says_is_not_held_is_not_on_the_list(tmp_path):
    # 有效知识产权: 发明专利0项 is none, 发明专利（已失效） lapsed, 发明专利（申请中） not granted; each passed as 发明专利
    for number, written in enumerate(["发明专利0项", "发明专利（0项）", "发明专利（已失效）", "发明专利（申请中）"]):
        (tmp_path / str(number)).mkdir()
        outcome, message = _ip(tmp_path / str(number), written)
        # h151's wording: 填写为“…”，本轮条件要求… in words
        assert (outcome, message.startswith("知识产权类别填写为“")) == ("fail", True), written
        assert message.endswith("”，本轮条件要求至少有一项属于“发明专利”、“实用新型专利”、“外观设计专利”或“软件著作权”，不符合本条件。")


def test_an_item_counted_or_noted_otherwise_still_counts(tmp_path):
    for number, written in enumerate(["发明专利3项", "发明专利（3项）、实用新型专利（申请中）", "软件著作权（2件）",
                                      "发明专利（年费已缴，未过期）", "发明专利（无效宣告请求已被驳回）"]):
        (tmp_path / str(number)).mkdir()
        assert _ip(tmp_path / str(number), written)[0] == "pass", written


def _load(tmp_path, condition: str):
    """A conditions file of one condition (its YAML mapping's inside), loaded."""
    from checker.check.conditions.read import load_conditions

    path = tmp_path / "c.yaml"
    path.write_text(f"通知: {{文号: 威工信字〔2021〕99号}}\n条件:\n  - {{{condition}}}\n", encoding="utf-8")
    return load_conditions(path)


def _refused(tmp_path, condition: str) -> str:
    import pytest

    from checker.errors import InputError

    with pytest.raises(InputError) as error:
        _load(tmp_path, condition)
    return str(error.value)


def test_a_wording_with_two_bounds_and_one_comparison_is_refused(tmp_path):
    # 从业人员不少于10人且不超过1000人 with 比较 ≤ 1000 was accepted (边界自检…符合条件原意): an applicant with
    # 5 人 then met it; 介于 10~1000 (or two conditions) is what the wording says
    assert _refused(tmp_path, "条件编号: 1, 条件: 从业人员不少于10人且不超过1000人, 列名: 从业人数, 类型: 数值, 比较: ≤, 值: 1000") == (
        "c.yaml 第 3 行的条件第 1 项（条件编号 1）：条件原文“从业人员不少于10人且不超过1000人”写有下限和上限两个界限"
        "（10人、1000人），而比较只核对其中一个；请用“介于”（值写 10~1000），或分写为两条条件。")
    assert _load(tmp_path, "条件编号: 1, 条件: 从业人员不少于10人且不超过1000人, 列名: 从业人数, 类型: 数值, 比较: 介于, 值: 10~1000"
                 ).conditions[0].op == "between"


def test_two_requirements_of_two_things_are_no_two_bounds(tmp_path):
    # helper-86: 项目总投资不低于1000万元，单个项目补助资金不超过200万元 (≥ 1000) was refused and told to write
    # 介于 200~1000, which would fail every project over 1000 万元; a bound that goes on after a comma is still caught
    assert _load(tmp_path, "条件编号: 2, 条件: 项目总投资不低于1000万元，单个项目补助资金不超过200万元, 列名: 项目总投资（万元）, "
                           "类型: 金额（万元）, 比较: ≥, 值: 1000").conditions[0].op == "ge"
    assert "两个界限" in _refused(tmp_path, "条件编号: 1, 条件: 从业人员不少于10人，且不超过1000人, 列名: 从业人数, 类型: 数值, 比较: ≤, 值: 1000")


def test_two_bounds_written_with_yishang_and_yixia_are_caught(tmp_path):
    # helper-87: 从业人员10人以上，1000人以下 (≥ 10) was accepted after the clause split: 5000 人 then passed
    assert "两个界限（10人、1000人）" in _refused(tmp_path, "条件编号: 6, 条件: 从业人员10人以上，1000人以下, 列名: 从业人数, 类型: 数值, 比较: ≥, 值: 10")


def test_a_note_losing_the_item_in_another_clause_still_loses_it(tmp_path):
    from checker.check.conditions.facts import _not_held

    for note in ("发明专利(无效宣告请求成立,专利权全部无效)", "软件著作权(已转让,质押已解除)", "发明专利(申请中,初步审查已结束)",
                 "发明专利(已过期,诉讼已结束)", "发明专利(未过期,但已转让)"):
        assert _not_held(note), note
    for note in ("发明专利(年费已缴,未过期)", "发明专利(无效宣告请求已被驳回)", "制造业(停产整顿已结束)"):
        assert not _not_held(note), note
