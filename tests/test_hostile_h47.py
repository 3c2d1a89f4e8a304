"""Reviewer h47: regressions and overreach in the merges after 3a55d82 (h44, h45, the lead's)."""

from __future__ import annotations

import pytest

from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h44 import withdrawn_expected

# ---------------------------------------------------------------- 会签 signed, no need to send back


@pytest.mark.parametrize("written", ["市发展改革委、市水务局已送会签并签回，无需退回、市市场监管局",
                                     "市发展改革委、市水务局（已会签，未被退回）、市市场监管局"])
def test_a_countersign_with_no_need_to_send_back_is_a_countersignature(written, tmp_path):
    """市水务局已送会签并签回，无需退回 failed PROC-COUNTERSIGN (会签未含市水务局): 退回 inside 无需退回 (or
    未被退回) was read as the unit sending the draft back. Such a clause says there was no refusal."""
    from tests.helpers import base_round
    from tests.test_hostile_h38 import BOOK, _audit_record

    record = base_round(BOOK, "W-21-compliant")
    record["流程节点"][1]["报送对象"] = written
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-COUNTERSIGN"]
    assert (finding["outcome"], finding["grade"], finding["message"], finding["evidence"]["会签"], result.verdict) == (
        "pass", "compliant",
        f"会签完整（市发展改革委、市水务局、市市场监管局）：“联合发文”（2021-03-05）前已会签：2021-03-03 {written}（流程节点#2.日期）。",
        "2021-03-03", "compliant")


@pytest.mark.parametrize("written", ["市发展改革委、市水务局已送会签，被退回、市市场监管局",
                                     "市发展改革委、市水务局（已送会签，退回修改）、市市场监管局"])
def test_a_countersign_sent_back_is_still_no_countersignature(written, tmp_path):
    from tests.test_hostile_h38 import countersigned, water_bureau_not_signed

    assert countersigned(written) == water_bureau_not_signed(written)


# ---------------------------------------------------------------- a 撤回原因 column blank for most rows


def test_a_withdrawal_reason_column_filled_with_a_word_for_none_is_no_withdrawal(tmp_path):
    """A 撤回原因 column blank for most rows, a clerk having written 暂无, 不涉及, -- or 无。 in a few: each of those
    applications was held at 需人工复核 as possibly withdrawn (撤回原因 载明“暂无”) and its 不予受理告知书 kept back;
    only the bare 无/否 read as none. A word for none is none now; 资金困难 is still the withdrawal finding."""
    from tests.test_hostile_h43 import _sheet
    from tests.test_hostile_h44 import _finding

    headers = [*APPLICATION, "撤回原因"]
    base = {**APPLICATION, "统一社会信用代码": None, "年度设备投入（万元）": 50}
    nones = ["暂无", "不涉及", "--", "无。", "否。", "×", "无此情况"]
    rows = [{**base, "申报编号": f"R-{n}", "企业名称": f"威海测{n}有限公司", "撤回原因": word}
            for n, word in enumerate(nones, start=1)]
    rows += [{**base, "申报编号": "R-8", "企业名称": "威海测8有限公司"},
             {**base, "申报编号": "R-9", "企业名称": "威海测9有限公司", "撤回原因": "资金困难"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for n in range(1, 9):
        case = read_case(tmp_path / "out", f"R-{n}")
        assert (case["case_id"], case["verdict"], [f for f in case["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == (
            f"R-{n}", "ineligible", [])
    withdrawn = read_case(tmp_path / "out", "R-9")
    assert (withdrawn["verdict"], *_finding(withdrawn, "INP-WITHDRAWN")) == (
        "needs_review", *withdrawn_expected("申报汇总表!L10", "撤回原因", "资金困难"))


# ---------------------------------------------------------------- index.html per district after decisions


def test_index_html_gives_each_districts_counts_after_the_decisions_too(tmp_path):
    """index.html said 采纳人工复核决定后（1 件有复核决定）：符合条件 2… above a table by district that gave the rules'
    own counts only (环翠区 符合条件 0，不符合条件 1): the districts' rows could not be added up to the line above
    them. With decisions, the table gives each district's counts after them too; without, it is as it was."""
    import re

    from tests.test_hostile_h41 import _sheet
    from tests.test_hostile_h45 import DECISIONS

    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "H28-2,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为110万元,李四\n", encoding="utf-8")
    rows = [{**APPLICATION, "所在区市": "文登区", "注册地址": "山东省威海市文登区某路1号"},
            {**APPLICATION, "申报编号": "H28-2", "企业名称": "威海另一机械有限公司", "统一社会信用代码": "91371002MA3D0004CE",
             "注册地址": "山东省威海市环翠区某路2号", "年度设备投入（万元）": 60}]
    _sheet(tmp_path / "a.xlsx", rows, list(APPLICATION))
    run_cli("check", tmp_path / "a.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    table = re.search(r"<table>\n<thead><tr><th>所在区市</th>.*?</table>", page, re.S).group(0)
    assert table == (
        "<table>\n<thead><tr><th>所在区市</th><th>符合条件</th><th>不符合条件</th><th>需人工复核</th>"
        "<th>复核后符合条件</th><th>复核后不符合条件</th><th>复核后需人工复核</th><th>合计</th></tr></thead>\n"
        '<tr><td><a href="#d1">环翠区</a></td><td class="n">0</td><td class="n">1</td><td class="n">0</td>'
        '<td class="n">1</td><td class="n">0</td><td class="n">0</td><td class="n">1</td></tr>\n'
        '<tr><td><a href="#d2">文登区</a></td><td class="n">1</td><td class="n">0</td><td class="n">0</td>'
        '<td class="n">1</td><td class="n">0</td><td class="n">0</td><td class="n">1</td></tr>\n</table>')
    assert ("共 2 件：符合条件 1 件，不符合条件 1 件，需人工复核 0 件。<br>"
            "采纳人工复核决定后（1 件有复核决定）：符合条件 2 件，不符合条件 0 件，需人工复核 0 件。</p>") in page

    run_cli("check", tmp_path / "a.xlsx", *W05, "--out", tmp_path / "plain")
    plain = (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<table>\n<thead><tr><th>所在区市</th>.*?</thead>", plain, re.S).group(0) == (
        "<table>\n<thead><tr><th>所在区市</th><th>符合条件</th><th>不符合条件</th><th>需人工复核</th><th>合计</th></tr></thead>")
    assert "采纳人工复核决定后" not in plain


# ---------------------------------------------------------------- a table's column named as a linked name


def test_a_tables_column_sharing_a_linked_names_name_is_no_external_reference(tmp_path):
    """The workbook defines 预算金额 as =[1]Sheet1!$A$1 (a link to another file) and its 申报 table has a column
    of the same name: an amount written =表1[@预算金额] (that column's cell in the row) was an INP-EXTERNAL finding
    (名称指向 =[1]Sheet1!$A$1) and the application needed review, though no other workbook is read. A name in a
    table's brackets is the table's column; =预算金额 itself is still the finding."""
    from openpyxl import load_workbook
    from openpyxl.workbook.defined_name import DefinedName

    from tests.test_hostile_h43 import _sheet, _with_external_formula
    from tests.test_hostile_h44 import _finding

    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": "T-1", "年度设备投入（万元）": 150},
            {**APPLICATION, "申报编号": "T-2", "统一社会信用代码": "91371002MA3D0004CE", "年度设备投入（万元）": 150}]
    path = _sheet(tmp_path / "t.xlsx", rows, headers)
    book = load_workbook(path)
    book.defined_names["预算金额"] = DefinedName("预算金额", attr_text="[1]Sheet1!$A$1")
    book.save(path)
    column = "ABCDEFGHIJKLMNOP"[headers.index("年度设备投入（万元）")]
    _with_external_formula(path, f"{column}2", "预算金额", "file:///\\\\server\\share\\预算.xlsx")
    _with_external_formula(path, f"{column}3", "SUM(表1[[#This Row],[预算金额]])")
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    linked, table = read_case(tmp_path / "out", "T-1"), read_case(tmp_path / "out", "T-2")
    assert (table["verdict"], [f["rule_id"] for f in table["findings"] if f["rule_id"].startswith("INP-")],
            _finding(table, "ELIG-EQUIP-INVEST-100W")) == (
        "eligible", [], ("pass", "年度设备投入 150 万元，达到 100 万元（含）以上。",
                         {"equipment_investment_wan": "150", "source": f"申报汇总表!{column}3"}))
    ref, named = f"申报汇总表!{column}2", "外部工作簿 \\\\server\\share\\预算.xlsx（=预算金额，名称指向 =[1]Sheet1!$A$1）"
    assert (linked["verdict"], *_finding(linked, "INP-EXTERNAL")) == (
        "needs_review", "fail",
        f"{ref} 的年度设备投入（万元）“150”是公式，引用{named}，读到的是上次计算时保存的结果："
        "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
        {"equipment_investment_wan": "150", "equipment_investment_wan_note": named, "source": ref, "column": "年度设备投入（万元）"})


# ---------------------------------------------------------------- diff: rows sharing an id moved up a line


def test_diff_matches_two_rows_sharing_an_id_that_moved_up_a_line(tmp_path):
    """WH-2020-013 is shared by two rows (row13 乳山宏达, row14 威海宏业). The district withdraws WH-2020-007 and
    deletes its row above them, nothing else: diff compared row13 with row13 (乳山宏达 with 威海宏业: 审核意见有变化,
    two rules changed) and listed row12 as only in the new run and row14 as only in the old one. Each row is
    matched to the one case of the other run with its id and enterprise now: the withdrawal is the only change."""
    from tests.test_diff import _applications, _run

    old = _run(tmp_path, "old", _applications())
    new = _run(tmp_path, "new", [r for r in _applications() if r["申报编号"] != "WH-2020-007"])
    withdrawn = next(r for r in _applications() if r["申报编号"] == "WH-2020-007")
    result = run_cli("diff", old, new)
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (1, [
        f"仅在原运行中：WH-2020-007 {withdrawn['企业名称']}（不符合条件）",
        "合计：两次都有的 17 件中，结论改变 0 件，仅审核意见改变 0 件；仅在新运行中 0 件，仅在原运行中 1 件。",
    ])
    same = run_cli("diff", old, old)
    assert (same.exit_code, same.stdout.splitlines()[1:]) == (0, [
        "合计：两次都有的 18 件中，结论改变 0 件，仅审核意见改变 0 件；仅在新运行中 0 件，仅在原运行中 0 件。"])
