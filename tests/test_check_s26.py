"""Hostile review s26 (helper 121).

1. A second district's table pasted under the first, its two-line header with it (基本情况 merged over
   申报编号 | 企业名称, 投资情况（万元） over 年度设备投入 | 项目总投资): the header's lines were checked as
   applications (cases 基本情况, 申报编号 with findings of their own). Both lines are set aside as a repeated
   one-line header is (表头/标题/说明行); a line of an application holding such words stays an application.
2. A 文本 condition 属于 制造业 failed 所属行业 C34 (GB/T 4754-2017: C is 制造业). The code's section decides under
   words that are sections' names; any other code makes the condition need review, naming the code.
3. A bare 以上/以下/以内 (a date's 前/后) states a side: a comparison of the other side is refused on load; two
   conditions identical in column, comparison and value are refused on load.
"""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_case, read_json, run_cli, write_json
from tests.test_check_s25 import CODES
from tests.test_hostile_h28 import APPLICATION, W05, _finding

# --- 1. a repeated two-line header --------------------------------------------------------------

NAMES = [h for h in APPLICATION if h not in ("年度设备投入（万元）", "项目总投资（万元）")]
SECOND = {"申报编号": "H28-2", "企业名称": "威海某电子科技有限公司", "统一社会信用代码": "91371002MA3D25001U"}


def _two_line_header(sheet, row: int, first: tuple, merged: bool) -> None:
    """A header on lines ``row`` and ``row`` + 1, as tests/test_headers_s25.py builds it: ``first`` =
    (a group's name, how many columns) over the first names, 投资情况（万元） over 年度设备投入 | 项目总投资,
    the other names merged down (or left above blanks)."""
    count = len(NAMES)
    top = list(NAMES) + ["投资情况（万元）", None]
    bottom = [None] * count + ["年度设备投入", "项目总投资"]
    spanned = first[1] if first else 0
    for index in range(spanned):
        bottom[index], top[index] = top[index], None
    if first:
        top[0] = first[0]
    for column, value in enumerate(top, 1):
        sheet.cell(row, column, value)
    for column, value in enumerate(bottom, 1):
        sheet.cell(row + 1, column, value)
    if merged:
        if first:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=spanned)
        sheet.merge_cells(start_row=row, start_column=count + 1, end_row=row, end_column=count + 2)
        for column in range(spanned + 1, count + 1):
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)


def _line(sheet, row: int, values: dict) -> None:
    for column, value in enumerate([values.get(h) for h in NAMES] + [values.get("年度设备投入（万元）"),
                                                                      values.get("项目总投资（万元）")], 1):
        sheet.cell(row, column, value)


def _pasted(path, lines: list, *, first: tuple = ("基本情况", 2), merged: bool = True):
    """A title, a two-line header, then ``lines``: an application (a dict), "header" (the header again)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet["A1"] = "2021年度技改补助申报汇总表"
    _two_line_header(sheet, 2, first, merged)
    row = 4
    for line in lines:
        if line == "header":
            _two_line_header(sheet, row, first, merged)
            row += 2
        else:
            _line(sheet, row, line)
            row += 1
    workbook.save(path)
    return path


FIRST_APP = {**APPLICATION, "年度设备投入（万元）": 150, "项目总投资（万元）": 300}
SECOND_APP = {**FIRST_APP, **SECOND, "项目总投资（万元）": 400}


def test_a_two_line_header_pasted_again_under_the_table_is_set_aside_as_a_repeated_header(tmp_path):
    """Each way a district writes the header: a group over the first names (merged, or left unmerged
    over five names), or over the amounts only. Both of its lines were cases (基本情况 or 申报编号, and
    申报编号 or row6); now both are 表头/标题/说明行, and the second district's application is read."""
    for index, (first, merged) in enumerate([(("基本情况", 2), True), ((), True), (("基本情况", 5), False), ((), False)]):
        path = _pasted(tmp_path / f"{index}.xlsx", [FIRST_APP, "header", SECOND_APP], first=first, merged=merged)
        out = tmp_path / f"out-{index}"
        result = run_cli("check", path, *W05, "--out", out, "--per-case", "all")
        assert result.exit_code == 0, result.stderr
        assert result.output.splitlines()[0] == (
            "W-05 工业企业技术改造补助资金项目审核: 2 件申报（输入 4 行，跳过空行 0、表头/标题/说明行 2（第 5、6 行））"
            "— 符合条件 2，不符合条件 0，需人工复核 0。"), (first, merged)
        summary = read_json(out / "summary.json")
        assert ([c["case_id"] for c in summary["cases"]], summary["skipped_note_rows"], summary["rows_reconcile"]) == (
            ["H28-1", "H28-2"], [5, 6], True)
        second = read_case(out, "H28-2")
        assert _finding(second, "APP-EQUIP-LE-TOTAL") == ("pass", "年度设备投入 150 万元不超过项目总投资 400 万元。")
        assert second["application"]["total_investment_wan"]["source"] == "申报汇总表!K7"


def test_an_application_whose_cells_hold_a_groups_words_stays_an_application(tmp_path):
    """An application named 基本情况 (its other cells text, no id) above the header again, and one line
    of text only (企业名称 基本情况, 所在区市 投资情况) right above a repeated names line: each is checked
    as an application, never set aside as a header's line."""
    named = {**FIRST_APP, "申报编号": None, "统一社会信用代码": None, "企业名称": "基本情况", "年度设备投入（万元）": None,
             "项目总投资（万元）": None, "核准/备案文号": None, "申报日期": None}
    words = {"企业名称": "基本情况", "所在区市": "投资情况"}
    names = {h: h for h in NAMES} | {"年度设备投入（万元）": "年度设备投入", "项目总投资（万元）": "项目总投资"}
    path = _pasted(tmp_path / "a.xlsx", [FIRST_APP, named, "header", SECOND_APP, words, names, {**SECOND_APP, "申报编号": "H28-3"}])
    out = tmp_path / "out"
    result = run_cli("check", path, *W05, "--out", out, "--per-case", "all")
    assert result.exit_code == 1, result.stderr
    summary = read_json(out / "summary.json")
    assert ([(c["case_id"], c["input_row"]) for c in summary["cases"]], summary["skipped_note_rows"],
            summary["input_rows"], summary["rows_reconcile"]) == (
        [("H28-1", 4), ("row5", 5), ("H28-2", 8), ("row9", 9), ("H28-3", 11)], [6, 7, 10], 8, True)


# --- 2. an industry code under 属于 --------------------------------------------------------------

NOTICE = {"文号": "威工信字〔2021〕18号", "标题": "示例通知", "发布日期": "2021-05-10", "失信企业不得申报": "是"}


def _industry(tmp_path, words: str, cells: list[str], op: str = "属于") -> dict:
    """A W-12 run with one condition 所属行业 ``op`` ``words``: each cell's COND-1 (outcome, message)."""
    condition = {"条件编号": "1", "条件": f"{op}制造业企业", "依据": "第二条（一）", "列名": "所属行业", "类型": "文本", "比较": op, "值": words}
    write_json(tmp_path / "c.yaml", {"通知": NOTICE, "条件": [condition]})  # JSON is YAML
    apps = [{"申报编号": f"C-{i}", "企业名称": f"威海甲{i}公司", "统一社会信用代码": CODES[i], "真实性承诺": "是",
             "所属行业": cell} for i, cell in enumerate(cells)]
    out = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}"
    result = run_cli("check", write_json(tmp_path / "apps.json", apps), "--workflow", "W-12", "--conditions", tmp_path / "c.yaml",
                     "--as-of", "2021-06-30", "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.stderr
    found = {}
    for i, cell in enumerate(cells):
        finding = next(f for f in read_case(out, f"C-{i}")["findings"] if f["rule_id"] == "COND-1")
        found[cell] = (finding["outcome"], finding["message"])
    return found


def test_an_industry_code_is_read_by_its_section_under_a_condition_naming_sections(tmp_path):
    """所属行业 C34 (C = 制造业 in GB/T 4754-2017) failed 属于 制造业: the applicant was refused for writing the
    code. The code's letter decides it, as the section's name would."""
    # findings say 填写为 “…”, 本轮条件要求… in words (h151)
    found = _industry(tmp_path, "制造业", ["C34", "C3411", "C34 通用设备制造业", "I6510", "C", "制造业"])
    assert found == {
        "C34": ("pass", "所属行业填写为“C34”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "C3411": ("pass", "所属行业填写为“C3411”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "C34 通用设备制造业": ("pass", "所属行业填写为“C34 通用设备制造业”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "I6510": ("fail", "所属行业填写为“I6510”（国民经济行业分类门类 I：信息传输、软件和信息技术服务业），本轮条件要求属于“制造业”，不符合本条件。"),
        "C": ("pass", "所属行业填写为“C”（国民经济行业分类门类 C：制造业），符合本条件（本轮条件要求属于“制造业”）。"),
        "制造业": ("pass", "所属行业填写为“制造业”，符合本条件（本轮条件要求属于“制造业”）。"),
    }
    # a section whose name holds 、 (the 值's list splits it into its parts), and 不属于
    found = _industry(tmp_path, "信息传输、软件和信息技术服务业、科学研究和技术服务业", ["I6510", "M7320", "C34"])
    expect = "属于“信息传输、软件和信息技术服务业”或“科学研究和技术服务业”"
    assert found == {
        "I6510": ("pass", f"所属行业填写为“I6510”（国民经济行业分类门类 I：信息传输、软件和信息技术服务业），符合本条件（本轮条件要求{expect}）。"),
        "M7320": ("pass", f"所属行业填写为“M7320”（国民经济行业分类门类 M：科学研究和技术服务业），符合本条件（本轮条件要求{expect}）。"),
        "C34": ("fail", f"所属行业填写为“C34”（国民经济行业分类门类 C：制造业），本轮条件要求{expect}，不符合本条件。"),
    }
    assert _industry(tmp_path, "制造业", ["C34"], op="不属于") == {
        "C34": ("fail", "所属行业填写为“C34”（国民经济行业分类门类 C：制造业），本轮条件要求不属于“制造业”，不符合本条件。")}


def test_a_code_its_section_cannot_decide_needs_review_naming_the_code(tmp_path):
    """A code outside its section's divisions (C63), a code beside another section's name, a code under a
    condition naming no section (通用设备制造业, a division): each failed in silence; now the case needs review
    and the message names the code and what to check."""
    found = _industry(tmp_path, "制造业", ["C63", "C34 信息传输、软件和信息技术服务业"])
    assert found == {
        "C63": ("missing", "所属行业填写的“C63”是国民经济行业分类（GB/T 4754-2017）代码的写法，但 C63 不在门类 C（制造业）的大类 13～43 "
                           "之内，需人工复核该企业所属行业，无法核对本条件（本轮条件要求属于“制造业”）。"),
        "C34 信息传输、软件和信息技术服务业": (
            "missing", "所属行业填写的“C34 信息传输、软件和信息技术服务业”中代码 C34 属于门类 C（制造业），与所写名称“信息传输、"
                       "软件和信息技术服务业”不一致，需人工复核该企业所属行业，无法核对本条件（本轮条件要求属于“制造业”）。"),
    }
    # h151 reads industries at 中类 (GB/T 4754-2017): C3411 is in 大类 34 通用设备制造业, so it passes (an intended change)
    found = _industry(tmp_path, "通用设备制造业", ["C3411 通用设备制造业", "通用设备制造业"])
    assert found == {
        "C3411 通用设备制造业": (
            "pass", "所属行业填写为“C3411 通用设备制造业”（国民经济行业分类中类 341“锅炉及原动设备制造”，大类 34“通用设备制造业”，"
                    "门类 C：制造业），符合本条件（本轮条件要求属于“通用设备制造业”）。"),
        "通用设备制造业": ("pass", "所属行业填写为“通用设备制造业”，符合本条件（本轮条件要求属于“通用设备制造业”）。"),
    }


def test_a_word_of_the_value_shaped_like_a_code_and_a_letter_alone_elsewhere_are_no_codes(tmp_path):
    """项目类别 属于 A01、A02: the cell A01 is the word listed, not 农、林、牧、渔业's code; IT is no code."""
    found = _industry(tmp_path, "A01、A02", ["A01", "A03"])
    # h151 (intended): A03 is 大类 03 畜牧业, outside A01、A02: it fails; IT names no industry of GB/T 4754-2017: review
    assert found == {"A01": ("pass", "所属行业填写为“A01”，符合本条件（本轮条件要求属于“A01”或“A02”）。"),
                     "A03": ("fail", "所属行业填写为“A03”（国民经济行业分类大类 03“畜牧业”，门类 A：农、林、牧、渔业），"
                                     "本轮条件要求属于“A01”或“A02”，不符合本条件。")}
    assert _industry(tmp_path, "制造业", ["IT"]) == {"IT": (
        "missing", "所属行业填写的“IT”不是国民经济行业分类（GB/T 4754-2017）门类、大类或中类的名称，无法确定是否属于本条件所列行业，"
                   "需人工复核该企业所属行业，无法核对本条件（本轮条件要求属于“制造业”）。")}


# --- 3. a bare 以上/以下/以内 (or a date's 前/后) states a side; two identical conditions ----------------

GOOD = {"条件编号": "1", "条件": "上年度营业收入1000万元", "依据": "第二条（二）", "列名": "营业收入（万元）", "类型": "金额（万元）",
        "比较": "≥", "值": "1000"}


def _loaded(tmp_path, *rows, notice=None) -> str:
    """The conditions file's rule ids and comparisons, or the sentence refusing it."""
    from checker.check.conditions import load_conditions
    from checker.errors import InputError

    path = write_json(tmp_path / "c.yaml", {"通知": notice or NOTICE, "条件": list(rows)})  # JSON is YAML
    try:
        return "、".join(f"{c.rule_id} {c.op}" for c in load_conditions(path).conditions)
    except InputError as error:
        return str(error)


def test_a_comparison_of_the_other_side_than_a_bare_yishang_or_yixia_is_refused(tmp_path):
    """营业收入1000万元以上 with < (or 小于等于) judged every applicant the wrong way round; so did 从业人员300人以下
    with ≥, 成立2年以内 with ≥ and 2019年12月31日前成立 with ≥. Refused on load, naming the row."""
    refused = "c.yaml 第 1 行的条件第 1 项（条件编号 1）：条件原文“{wording}”写的是“{word}”（{side}），而比较写的是“{written}；请按通知原文核对比较或条件原文。"
    cases = [
        (dict(GOOD, 条件="上年度营业收入1000万元以上", 比较="<"), "上年度营业收入1000万元以上", "以上", "≥ 或 >", "<”"),
        (dict(GOOD, 条件="上年度营业收入1000万元以上", 比较="小于等于"), "上年度营业收入1000万元以上", "以上", "≥ 或 >", "小于等于”（≤）"),
        (dict(GOOD, 条件="从业人员300人以下", 列名="从业人数", 类型="数值", 值="300"), "从业人员300人以下", "以下", "≤ 或 <", "≥”"),
        (dict(GOOD, 条件="成立2年以内", 列名="成立日期", 类型="年限", 值="2"), "成立2年以内", "以内", "≤ 或 <", "≥”"),
        (dict(GOOD, 条件="2019年12月31日前成立", 列名="成立日期", 类型="日期", 值="2019-12-31"), "2019年12月31日前成立", "前", "≤ 或 <", "≥”"),
    ]
    for row, wording, word, side, written in cases:
        assert _loaded(tmp_path, row) == refused.format(wording=wording, word=word, side=side, written=written)


def test_a_comparison_of_the_side_a_bare_word_states_or_a_wording_stating_no_one_side_is_accepted(tmp_path):
    """以上 with ≥ or >, a date's 前 with ≤, and wordings the side check leaves alone: an exclusion (…以下的企业不得申报:
    the condition to meet is the other side) and a wording with no figure's 以上."""
    assert _loaded(tmp_path, dict(GOOD, 条件="上年度营业收入1000万元以上")) == "COND-1 ge"
    assert _loaded(tmp_path, dict(GOOD, 条件="上年度营业收入1000万元以上", 比较=">")) == "COND-1 gt"
    assert _loaded(tmp_path, dict(GOOD, 条件="上年度营业收入1000万元以上", 比较="等于")) == "COND-1 eq"  # = states no side
    assert _loaded(tmp_path, dict(GOOD, 条件="2019年12月31日前成立", 列名="成立日期", 类型="日期", 比较="≤", 值="2019-12-31")) == "COND-1 le"
    assert _loaded(tmp_path, dict(GOOD, 条件="营业收入500万元以下的企业不得申报", 值="500")) == "COND-1 ge"
    assert _loaded(tmp_path, dict(GOOD, 比较="<")) == "COND-1 lt"


def test_two_identical_conditions_are_refused_naming_both_rows(tmp_path):
    """A row copied and not changed (or 1000 beside 1000万元: one value): each applicant was judged twice on it,
    the finding shown twice. Another value, comparison or 生效日期 on the same column is another condition."""
    refused = ("c.yaml 第 1 行的条件第 2 项（条件编号 2）与第 1 行的条件第 1 项（条件编号 1）：两条条件都读取“营业收入（万元）”，"
               "比较和值也相同（≥ 1000 万元），同一项核对会在报告中出现两次；请删去其中一条，或核对其中一条的比较和值。")
    assert _loaded(tmp_path, GOOD, dict(GOOD, 条件编号="2")) == refused
    assert _loaded(tmp_path, GOOD, dict(GOOD, 条件编号="2", 值="1000万元")) == refused
    assert _loaded(tmp_path, GOOD, dict(GOOD, 条件编号="2", 比较=">")) == "COND-1 ge、COND-2 gt"
    assert _loaded(tmp_path, GOOD, dict(GOOD, 条件编号="2", 条件="上年度营业收入", 值="2000")) == "COND-1 ge、COND-2 ge"
    assert _loaded(tmp_path, GOOD, dict(GOOD, 条件编号="2", 生效日期="2021-07-01")) == "COND-1 ge、COND-2 ge"
