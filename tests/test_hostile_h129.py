"""Hostile review s26 (helper 129): `fundcheck check --conditions` with conditions worded as offices word them.

1. A 文本 condition whose wording denies what 比较 asserts (不属于房地产业 with 属于 房地产业; 属于制造业 with 不属于)
   loaded, and every applicant was judged the wrong way round. Refused on load.
2. A range (营业收入100万元至500万元, 100-500万元, 在…与…之间, 2020年1月1日至2021年6月30日) with a one-sided comparison
   checked one end only; 介于 with other ends than the wording's loaded. Both refused.
3. Wording figures: 负5% was read as 5%; 2023.12.31前 gave no side; 2023年底 was no date; 12个月 no 年限; a 值 taken
   from another part of a wording stating two things (营业收入…且利润…) loaded.
4. Cells: a 文本 cell “—” or “无” passed 不属于 房地产业, and 制造业、房地产业 passed it as one whole; a formula cell's
   missing finding quoted the reason as if it were the cell's text.
5. `fundcheck template check`: an amount condition's column with no unit in its 列名 had none in its header either.
"""

from __future__ import annotations

from openpyxl import load_workbook

from tests.helpers import read_case, run_cli, write_json
from tests.test_check_s25 import CODES
from tests.test_check_s26 import _loaded as _loaded_with

NOTICE = {"文号": "威工信字〔2021〕18号"}
ROW = "c.yaml 第 1 行的条件第 1 项（条件编号 1）："


def _c(wording, column, kind, op, value, number="1") -> dict:
    return {"条件编号": number, "条件": wording, "依据": "第二条", "列名": column, "类型": kind, "比较": op, "值": value}


def _loaded(tmp_path, *rows) -> str:
    return _loaded_with(tmp_path, *rows, notice=NOTICE)


# --- 1. a wording denying membership ------------------------------------------------------------

def test_a_text_wording_that_denies_what_the_comparison_asserts_is_refused(tmp_path):
    said = ROW + "条件原文“{wording}”在“{word}”前写的是“{said}”（{meant}），而比较写的是“{shown}；按此核对，结论会与通知原文相反，请按通知原文核对比较或条件原文。"
    deny, assert_ = "不属于 或 ≠", "属于 或 ="
    cases = [
        (_c("不属于房地产业", "所属行业", "文本", "属于", "房地产业"), "房地产业", "不属于", deny, "属于”"),
        (_c("非房地产业企业", "所属行业", "文本", "等于", "房地产业"), "房地产业", "非", deny, "等于”（=）"),
        (_c("不属于房地产业、金融业", "所属行业", "文本", "属于", "房地产业、金融业"), "房地产业", "不属于", deny, "属于”"),
        (_c("除房地产业以外的行业", "所属行业", "文本", "属于", "房地产业"), "房地产业", "除…以外", deny, "属于”"),
        (_c("不属于国家限制类、淘汰类产业", "产业类别", "文本", "属于", "限制类、淘汰类"), "限制类", "不属于", deny, "属于”"),
        (_c("注册地不在环翠区", "所在区市", "文本", "=", "环翠区"), "环翠区", "不在", deny, "=”"),
        (_c("属于制造业", "所属行业", "文本", "不属于", "制造业"), "制造业", "属于", assert_, "不属于”"),
    ]
    for row, word, words, meant, shown in cases:
        assert _loaded(tmp_path, row) == said.format(wording=row["条件"], word=word, said=words, meant=meant, shown=shown)


def test_a_text_wording_that_agrees_or_states_no_side_still_loads(tmp_path):
    rows = [
        (_c("不属于房地产业", "所属行业", "文本", "不属于", "房地产业"), "not_in"),
        (_c("非房地产业企业", "所属行业", "文本", "≠", "房地产业"), "ne"),
        (_c("主营业务属于制造业，不属于高耗能行业", "所属行业", "文本", "属于", "制造业"), "in"),
        (_c("主营业务属于制造业，不属于高耗能行业", "所属行业", "文本", "不属于", "高耗能行业"), "not_in"),
        (_c("是否属于房地产业", "所属行业", "文本", "不属于", "房地产业"), "not_in"),  # a question states no side
        (_c("房地产企业不得申报", "所属行业", "文本", "不属于", "房地产业"), "not_in"),
        (_c("非公有制经济中属于制造业的企业", "所属行业", "文本", "属于", "制造业"), "in"),
        (_c("拥有发明专利", "知识产权", "文本列表", "属于", "发明专利"), "in"),
    ]
    for row, op in rows:
        assert (row["条件"], _loaded(tmp_path, row)) == (row["条件"], f"COND-1 {op}")


# --- 2. a range ---------------------------------------------------------------------------------

def test_a_range_wording_with_a_one_sided_comparison_is_refused(tmp_path):
    one_end = ROW + ("条件原文“{wording}”写的是一个区间（{low}至{high}），而比较“{op}”只核对其中一端，另一端以外的申请人也会被判为符合；"
                     "请用“介于”（值写 {value}，两端都包括在内），或分写为两条条件。")
    cases = [
        (_c("营业收入100万元至500万元", "营业收入", "金额（万元）", "≥", "100"), "100万元", "500万元", "≥", "100~500"),
        (_c("营业收入100-500万元", "营业收入", "金额（万元）", "≥", "100"), "100", "500万元", "≥", "100~500"),
        (_c("营业收入100～500万元", "营业收入", "金额（万元）", "≤", "500"), "100", "500万元", "≤", "100~500"),
        (_c("营业收入在100万元与500万元之间", "营业收入", "金额（万元）", "≥", "100"), "100万元", "500万元", "≥", "100~500"),
        (_c("从业人员20-300人", "从业人数", "数值", "≤", "300"), "20", "300人", "≤", "20~300"),
        (_c("2020年1月1日至2021年6月30日注册", "注册日期", "日期", "≥", "2020-01-01"), "2020年1月1日", "2021年6月30日", "≥",
         "2020-01-01~2021-06-30"),
    ]
    for row, low, high, op, value in cases:
        assert _loaded(tmp_path, row) == one_end.format(wording=row["条件"], low=low, high=high, op=op, value=value)


def test_between_with_other_ends_than_the_wordings_range_is_refused(tmp_path):
    assert _loaded(tmp_path, _c("营业收入100万元至500万元", "营业收入", "金额（万元）", "介于", "200~500")) == (
        ROW + "条件原文“营业收入100万元至500万元”写的区间是 100万元至500万元，而值“200~500”读作 200 万元～500 万元；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("成立1至3年", "成立日期", "年限", "介于", "1~2")) == (
        ROW + "条件原文“成立1至3年”写的区间是 1至3年，而值“1~2”读作 1 年～2 年；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("2020年1月1日至2021年6月30日注册", "注册日期", "日期", "介于", "2020-01-01~2021-07-30")) == (
        ROW + "条件原文“2020年1月1日至2021年6月30日注册”写的区间是 2020年1月1日至2021年6月30日，而值“2020-01-01~2021-07-30”读作 "
              "2020-01-01～2021-07-30；请核对值及其单位与条件原文一致。")
    kept = [
        _c("营业收入100万元至500万元", "营业收入", "金额（万元）", "介于", "100~500"),
        _c("营业收入100万元至500万元", "营业收入", "金额（万元）", "介于", "100万元~0.05亿元"),
        _c("营业收入100-500万元", "营业收入", "金额（万元）", "介于", "100~500"),
        _c("营业收入2000万元至4亿元", "营业收入", "金额（万元）", "介于", "2000~40000"),
        _c("研发投入占比5%~10%", "研发投入占比", "占比（%）", "介于", "5~10"),
        _c("2020年1月1日至2021年6月30日注册", "注册日期", "日期", "介于", "2020-01-01~2021-06-30"),
        _c("近2年（2019-2020年）主营业务收入平均增长率不低于5%", "增长率", "百分比", "≥", "5"),  # years, not a range of rates
    ]
    for row in kept:
        assert (row["条件"], _loaded(tmp_path, row)) == (row["条件"], f"COND-1 {'ge' if row['比较'] == '≥' else 'between'}")


# --- 3. wording figures -------------------------------------------------------------------------

def test_wording_figures_written_as_offices_write_them_are_read(tmp_path):
    assert _loaded(tmp_path, _c("近2年营业收入增长率不低于负5%", "增长率", "百分比", "≥", "5%")) == (
        ROW + "条件原文“近2年营业收入增长率不低于负5%”写的是 负5%，而值“5%”按类型“百分比”读作 5%；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("近2年营业收入增长率不低于负5%", "增长率", "百分比", "≥", "-5%")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("注册时间在2023.12.31前", "注册日期", "日期", "≥", "2023-12-31")) == (
        ROW + "条件原文“注册时间在2023.12.31前”写的是“前”（≤ 或 <），而比较写的是“≥”；请按通知原文核对比较或条件原文。")
    assert _loaded(tmp_path, _c("2023年底前注册", "注册日期", "日期", "≤", "2024-12-31")) == (
        ROW + "条件原文“2023年底前注册”写的是 2023年底（2023-12-31），而值“2024-12-31”读作 2024-12-31；请核对值与条件原文一致。")
    assert _loaded(tmp_path, _c("2024年2月底前注册", "注册日期", "日期", "≤", "2024-02-29")) == "COND-1 le"
    assert _loaded(tmp_path, _c("成立时间不少于12个月", "成立日期", "年限", "≥", "2")) == (
        ROW + "条件原文“成立时间不少于12个月”写的是 12个月，而值“2”按类型“年限”读作 2 年；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("成立时间不少于12个月", "成立日期", "年限", "≥", "1")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("成立满18个月", "成立日期", "年限", "≥", "1")) == (
        ROW + "条件原文“成立满18个月”写的是 18个月，不是整年数，而“年限”按整年核对（值只能写整数年）；"
              "请改用“日期”类型，值写参考日往前推该月数的日期（如 成立日期 ≤ 该日期），或按通知原文核对。")


def test_percentage_points_and_money_without_yuan_are_read_in_the_wording(tmp_path):
    """研发投入占比不低于5个百分点 with 6%, 项目总投资不低于1000万 with 100 (万元) loaded: the figure was not read."""
    assert _loaded(tmp_path, _c("研发投入占比不低于5个百分点", "研发投入占比", "占比（%）", "≥", "6%")) == (
        ROW + "条件原文“研发投入占比不低于5个百分点”写的是 5个百分点，而值“6%”按类型“占比（%）”读作 6%；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("研发投入占比不低于5个百分点", "研发投入占比", "占比（%）", "≥", "5%")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("项目总投资不低于1000万", "项目总投资", "金额（万元）", "≥", "100")) == (
        ROW + "条件原文“项目总投资不低于1000万”写的是 1000万（即 1000 万元），而值“100”按类型“金额（万元）”读作 100 万元；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("项目总投资1000万以上", "项目总投资", "金额（万元）", "<", "1000")) == (
        ROW + "条件原文“项目总投资1000万以上”写的是“以上”（≥ 或 >），而比较写的是“<”；请按通知原文核对比较或条件原文。")
    for row in (_c("项目总投资1.2亿以上（含）", "项目总投资", "金额（万元）", "≥", "12000"),
                _c("年产10万吨以上，项目总投资不低于1000万元", "项目总投资", "金额（万元）", "≥", "1000")):
        assert (row["条件"], _loaded(tmp_path, row)) == (row["条件"], "COND-1 ge")


def test_a_value_taken_from_another_part_of_the_wording_is_refused(tmp_path):
    """营业收入不低于500万元且利润不低于50万元 on 营业收入 with 值 50: two figures, so no figure was compared."""
    assert _loaded(tmp_path, _c("营业收入不低于500万元且利润不低于50万元", "营业收入", "金额（万元）", "≥", "50")) == (
        ROW + "条件原文“营业收入不低于500万元且利润不低于50万元”写的是 500万元，而值“50”按类型“金额（万元）”读作 50 万元；请核对值及其单位与条件原文一致。")
    assert _loaded(tmp_path, _c("营业收入不低于500万元、利润总额不低于50万元", "利润总额", "金额（万元）", "≥", "50")) == "COND-1 ge"
    assert _loaded(tmp_path, _c("营业收入不低于500万元且利润不低于50万元", "营业收入", "金额（万元）", "≥", "500")) == "COND-1 ge"


# --- 4. cells -----------------------------------------------------------------------------------

def _run(tmp_path, condition: dict, column: str, cells: list) -> dict:
    """A W-12 run with one condition: each cell's COND-1 and INP findings (outcome, message)."""
    write_json(tmp_path / "c.yaml", {"通知": NOTICE, "条件": [condition]})  # JSON is YAML
    apps = [{"申报编号": f"C-{i}", "企业名称": f"威海甲{i}公司", "统一社会信用代码": CODES[i], "真实性承诺": "是", column: cell}
            for i, cell in enumerate(cells)]
    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}"
    result = run_cli("check", write_json(tmp_path / "apps.json", apps), "--workflow", "W-12", "--conditions", tmp_path / "c.yaml",
                     "--as-of", "2021-06-30", "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    return {cell: [(f["rule_id"], f["outcome"], f["message"]) for f in read_case(out, f"C-{i}")["findings"]
                   if f["rule_id"] == "COND-1" or f["rule_id"].startswith("INP-")] for i, cell in enumerate(cells)}


def test_a_dash_or_none_or_several_items_in_a_text_cell_needs_review(tmp_path):
    found = _run(tmp_path, _c("不属于房地产业", "所属行业", "文本", "不属于", "房地产业"), "所属行业",
                 ["—", "无", "制造业、房地产业", "制造业和房地产业", "制造业", "制造业、批发业", "房地产业", "制造业（通用设备、专用设备）"])
    # h151's wording: 填写为“…”，本轮条件要求… in words
    unread = "所属行业“{cell}”无法识别，无法核对本条件（本轮条件要求不属于“房地产业”）。"
    several = ("JSON#{n}.所属行业 的所属行业“{cell}”无法识别（以“{j}”写了制造业、房地产业几项，本条件只核对一项）；应为：一项，如 制造业。"
               "依赖此项的规则判为“待补充”。")
    blank = "JSON#{n}.所属行业 的所属行业“{cell}”无法识别（未写明所属行业）；应为：文本。依赖此项的规则判为“待补充”。"
    assert found == {
        "—": [("INP-VALUE", "fail", blank.format(n=1, cell="—")), ("COND-1", "missing", unread.format(cell="—"))],
        "无": [("INP-VALUE", "fail", blank.format(n=2, cell="无")), ("COND-1", "missing", unread.format(cell="无"))],
        "制造业、房地产业": [("INP-VALUE", "fail", several.format(n=3, cell="制造业、房地产业", j="、")),
                     ("COND-1", "missing", unread.format(cell="制造业、房地产业"))],
        "制造业和房地产业": [("INP-VALUE", "fail", several.format(n=4, cell="制造业和房地产业", j="和")),
                     ("COND-1", "missing", unread.format(cell="制造业和房地产业"))],
        "制造业": [("COND-1", "pass", "所属行业填写为“制造业”，符合本条件（本轮条件要求不属于“房地产业”）。")],
        "制造业、批发业": [("COND-1", "pass", "所属行业填写为“制造业、批发业”，符合本条件（本轮条件要求不属于“房地产业”）。")],
        "房地产业": [("COND-1", "fail", "所属行业填写为“房地产业”，本轮条件要求不属于“房地产业”，不符合本条件。")],
        "制造业（通用设备、专用设备）": [
            ("COND-1", "pass", "所属行业填写为“制造业(通用设备、专用设备)”，符合本条件（本轮条件要求不属于“房地产业”）。")],
    }
    # a bracketed note listing several kinds is the item's note, not several items
    assert _run(tmp_path, _c("属于制造业", "所属行业", "文本", "属于", "制造业"), "所属行业", ["制造业（通用设备制造业、专用设备制造业）"]) == {
        "制造业（通用设备制造业、专用设备制造业）": [
            ("COND-1", "pass", "所属行业填写为“制造业(通用设备制造业、专用设备制造业)”，符合本条件（本轮条件要求属于“制造业”）。")]}
    # a condition whose own word is 无 reads 无 as written; a name holding 和 is one name
    assert _run(tmp_path, _c("近三年未发生重大安全事故", "安全事故", "文本", "=", "无"), "安全事故", ["无"]) == {
        "无": [("COND-1", "pass", "安全事故填写为“无”，符合本条件（本轮条件要求为“无”）。")]}
    assert _run(tmp_path, _c("属于软件和信息技术服务业", "所属行业", "文本", "属于", "软件和信息技术服务业"), "所属行业",
                ["软件和信息技术服务业"]) == {
        "软件和信息技术服务业": [("COND-1", "pass", "所属行业填写为“软件和信息技术服务业”，符合本条件（本轮条件要求属于“软件和信息技术服务业”）。")]}


def test_a_formula_without_its_result_is_said_so_not_quoted_as_the_cell(tmp_path):
    from openpyxl import Workbook

    write_json(tmp_path / "c.yaml", {"通知": NOTICE, "条件": [_c("上年度营业收入500万元（含）以上", "营业收入", "金额（万元）", "≥", "500")]})
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["申报编号", "企业名称", "统一社会信用代码", "真实性承诺", "营业收入"])
    sheet.append(["G-1", "威海甲公司", CODES[1], "是", 600])
    sheet.append(["G-2", "威海乙公司", CODES[2], "是", "=E2*2"])  # openpyxl writes no cached result
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-12", "--conditions", tmp_path / "c.yaml", "--as-of", "2021-06-30",
                     "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    found = [(f["rule_id"], f["outcome"], f["message"]) for f in read_case(tmp_path / "out", "G-2")["findings"]
             if f["rule_id"] in ("COND-1", "INP-FORMULA")]
    assert found == [
        ("INP-FORMULA", "fail", "申报汇总表!E3 的营业收入为公式，公式单元格没有缓存的计算结果，无法作为数值使用；依赖此项的规则判为“待补充”。"),
        ("COND-1", "missing", "营业收入为公式，公式单元格没有缓存的计算结果，无法核对本条件（本轮条件要求不低于 500 万元）。"),  # h151
    ]


# --- 5. the template ----------------------------------------------------------------------------

def test_the_template_states_the_unit_of_an_amount_conditions_column(tmp_path):
    """列名 营业收入 (no unit) with 金额（万元）: the template's header was 营业收入, and 12000000 typed in 元 read as
    12000000 万元 (passing ≥ 1000 万元). The header now says 营业收入（万元）, which the condition reads. 列名 项目总投资额
    is the columns table's 项目总投资 with no unit: the template offered 项目总投资额（元）, one of that field's headers, and
    `check` then stopped saying the column 项目总投资额 was absent; both now read the field."""
    rows = [_c("上年度营业收入1000万元（含）以上", "营业收入", "金额（万元）", "≥", "1000"),
            _c("项目总投资不低于5000000元", "项目总投资额", "金额（元）", "≥", "5000000", number="2"),
            _c("研发投入占比不低于3%", "研发投入占比", "占比（%）", "≥", "3%", number="3"),
            _c("上年度利润总额不低于100万元", "利润总额（万元）", "金额（万元）", "≥", "100", number="4")]
    write_json(tmp_path / "c.yaml", {"通知": NOTICE, "条件": rows})
    result = run_cli("template", "check", "--workflow", "W-12", "--conditions", tmp_path / "c.yaml", "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "t.xlsx")["申报汇总表"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-4:] == ["营业收入（万元）", "项目总投资（万元）", "研发投入占比", "利润总额（万元）"]
    assert sheet.cell(1, headers.index("营业收入（万元）") + 1).comment.text.startswith(
        "营业收入（万元）：金额，如 1000、1,000.5、1000万元、1.2亿元、壹仟万元整；单位万元")
    values = {"申报编号": "T-1", "企业名称": "威海甲公司", "统一社会信用代码": CODES[1], "真实性承诺": "是", "营业收入（万元）": 1200,
              "项目总投资（万元）": 600, "研发投入占比": 0.05, "利润总额（万元）": 120}
    for name, value in values.items():
        sheet.cell(2, headers.index(name) + 1, value)
    sheet.parent.save(tmp_path / "filled.xlsx")
    result = run_cli("check", tmp_path / "filled.xlsx", "--workflow", "W-12", "--conditions", tmp_path / "c.yaml", "--as-of", "2021-06-30",
                     "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    found = [(f["rule_id"], f["outcome"], f["message"]) for f in read_case(tmp_path / "out", "T-1")["findings"]
             if f["rule_id"].startswith(("COND-", "INP-"))]
    assert found == [
        # h151's wording: 填写为…，本轮条件要求… in words
        ("COND-1", "pass", "营业收入填写为 1200 万元，符合本条件（本轮条件要求不低于 1000 万元）。"),
        ("COND-2", "pass", "项目总投资额填写为 6000000 元，符合本条件（本轮条件要求不低于 5000000 元）。"),
        ("COND-3", "pass", "研发投入占比填写为 5%，符合本条件（本轮条件要求不低于 3%）。"),
        ("COND-4", "pass", "利润总额（万元）填写为 120 万元，符合本条件（本轮条件要求不低于 100 万元）。"),
    ]


def test_a_column_named_without_the_unit_of_a_columns_table_header_is_read(tmp_path):
    """列名 项目总投资额 and the workbook's 项目总投资额（元） (a header of the columns table's 项目总投资): the run stopped,
    saying the column 项目总投资额 was absent while listing 项目总投资额（元） among the columns found."""
    found = _run(tmp_path, _c("项目总投资不低于5000000元", "项目总投资额", "金额（元）", "≥", "5000000"), "项目总投资额（元）", [6000000, 4000000])
    assert found == {6000000: [("COND-1", "pass", "项目总投资额填写为 6000000 元，符合本条件（本轮条件要求不低于 5000000 元）。")],
                     4000000: [("COND-1", "fail", "项目总投资额填写为 4000000 元，本轮条件要求不低于 5000000 元，不符合本条件。")]}
