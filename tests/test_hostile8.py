"""Hostile review 8 (branch hostile8): each test failed on main at aa34ed7 and states the defect
and what should happen instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.helpers import all_cases, check_summary, read_json, run_cli

W05 = ("--workflow", "W-05", "--window", "2020-07-01", "2020-07-31")
HEADERS = ["序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "符合产业政策方向",
           "核准/备案文号", "年度设备投入（万元）", "项目总投资（万元）", "申报日期"]


def _row(number: int, **change) -> list:
    values = dict(zip(HEADERS, [number, f"H8-{number}", "威海某精密机械有限公司", None, "山东省威海市环翠区某路1号",
                                "环翠区", "是", "是", "2020-371002-34-03-000001", "150", "300", "2020-07-10"]))
    values.update(change)
    return [values[h] for h in HEADERS]


def _sheet(headers: list):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(["2020年度技改补助申报汇总表"])
    sheet.append(headers)
    return workbook, sheet


_check = check_summary  # this file's short name for it


# --- 1. a field's second column stands in where the first is blank ------------------------------


def test_a_merged_repeat_column_over_template_rows_does_not_make_them_applications(tmp_path):
    """A district's workbook whose 所在区市 is given twice (F and a repeated 所在区市 in M), M merged
    once over the block M3:M9, F filled only on the three applications; 序号 4-7 are template rows.
    The repeat now stands in for the blank F, but without the merged mark a Row's first column
    carries: the four template rows became cases row6..row9, each INELIGIBLE with a 补正告知书 to
    nobody. Should: as with a merged first column, 3 cases and 4 lines skipped as empty."""
    workbook, sheet = _sheet([*HEADERS, "所在区市"])
    for number in range(1, 4):
        sheet.append([*_row(number), None])
    for number in range(4, 8):
        sheet.append([number])
    sheet.cell(3, 13).value = "环翠区"
    sheet.merge_cells("M3:M9")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    summary = _check(path, tmp_path / "out")
    assert sorted(case["case_id"] for case in all_cases(tmp_path / "out")) == ["H8-1", "H8-2", "H8-3"]
    assert summary["skipped_empty_rows"] == 4
    assert summary["input_rows"] == 7 and summary["rows_reconcile"] is True


def test_a_repeat_column_formula_without_value_is_named_where_the_first_column_is_blank(tmp_path):
    """所在区市 in F and again in M; on H8-1 F is blank and M3 holds a formula never calculated
    (no cached value). The repeat now gives the field where the first column is blank, but a blank
    repeat was skipped before its formula problem was looked at: the notice said 未填写所在区市
    (the applicant is told to fill in a cell that is filled). On H8-2 the same formula in F4 is
    named. Should: M3 is named as a formula without a usable value, as F4 is (the notice then asks
    for the value the formula should give, not for a blank cell)."""
    headers = [*HEADERS, "所在区市"]
    workbook, sheet = _sheet(headers)
    sheet.append([*_row(1, 所在区市=None), None])
    sheet.cell(3, 13).value = "=VLOOKUP(A1,Z1:Z2,1,FALSE)"
    path = tmp_path / "na.xlsx"
    workbook.save(path)
    _check(path, tmp_path / "out")
    [case] = all_cases(tmp_path / "out")
    messages = [finding["message"] for finding in case["findings"]]
    assert any(message.startswith("申报汇总表!M3 的所在区市为公式，公式单元格没有缓存的计算结果") for message in messages), messages


# --- 6. an unknown 专家抽取 角色 --------------------------------------------------------------------


def test_an_unknown_role_outside_the_ledger_panel_is_not_passed_as_drawn(tmp_path):
    """The W-12 sample round with an 8th 专家抽取 row: E099, 专业领域 财务会计, 角色 "组长" (a chair who
    may have sat on the panel, never drawn). INP-ROUND-VALUE says "抽取人数与随机抽取列为需人工复核"
    and DRAW-SIZE-7 needs review, but DRAW-RANDOM passed "账本第 1 条…与记录一致" (the unknown role
    was weighed only where the ledger's list and the record's differ) and DRAW-BY-FIELD passed
    "抽取的专家均属于项目领域“新材料”" without looking at E099. Should: both need review, naming E099."""
    from tests.helpers import ROUNDS, sample_round, write_json

    record = sample_round("compliant_W-12")
    chair = {**record["专家抽取"][0], "专家编号": "E099", "专业领域": "财务会计", "角色": "组长"}
    record["专家抽取"].append(chair)
    path = write_json(tmp_path / "r.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 1, result.output
    document = read_json(tmp_path / "out" / "round.json")
    found = {f["rule_id"]: f for f in document["findings"]}
    drawn = found["DRAW-RANDOM"]
    assert (drawn["outcome"], drawn["grade"]) == ("missing", "needs_review")
    assert drawn["message"] == "专家抽取表中 E099（角色“组长”） 的角色无法识别，无法确定轮次记录的名单是否与账本第 1 条一致。"
    field = found["DRAW-BY-FIELD"]
    assert (field["outcome"], field["grade"]) == ("missing", "needs_review")
    assert field["message"] == ("专家抽取表中 E099（组长） 的角色无法识别，无法确定其是否参加评审；"
                                "其专业领域与项目领域“新材料”不符或未填写：E099（财务会计）。")
    assert document["verdict"] == "needs_review"


# --- 7. PROC-FUNDS-PROCESS-SHEET ------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    {"文号/材料": "《“三重一大”事项决策情况表》（未附流程审核情况表）"},
    {"备注": "《专项资金项目流程审核情况表》未报送"},
])
def test_the_process_sheet_named_only_to_say_it_was_not_sent_is_not_named(tmp_path, change):
    """A fund round (W-12 sample) whose 决策备案 says the 《专项资金项目流程审核情况表》 was NOT
    attached ("（未附流程审核情况表）") or, in 备注, "未报送". The rule looked for the substring 流程审核
    and passed "决策备案写明了《专项资金项目流程审核情况表》" (compliant) -- the record's own denial read
    as the sheet being sent. Should: fail with grade needs_review, saying the filing records it as
    not sent, quoting the cell."""
    from tests.helpers import ROUNDS, sample_round, write_json

    record = sample_round("compliant_W-12")
    filing = next(r for r in record["流程节点"] if r.get("节点") == "决策备案")
    filing.update(change)
    path = write_json(tmp_path / "r.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 1, result.output
    document = read_json(tmp_path / "out" / "round.json")
    finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-FUNDS-PROCESS-SHEET")
    assert (finding["outcome"], finding["grade"]) == ("fail", "needs_review")
    assert finding["message"].startswith("本轮涉及资金，决策备案记载《专项资金项目流程审核情况表》未随决策情况表报送（或未附）：“")
    assert next(iter(change.values())) in finding["message"]  # quoted as written (h35)
    assert document["verdict"] == "needs_review"


# --- 8. draw file durability ---------------------------------------------------------------------


def test_a_draw_on_a_share_whose_folders_cannot_be_fsynced_is_still_recorded(tmp_path, monkeypatch):
    """`fundcheck draw new … --out d.json` in a folder on a file system that refuses fsync on a
    directory with EINVAL (SMB/CIFS shares, some FUSE mounts: a bureau's shared drive). The new
    folder fsync after the renames raised, and every draw failed "无法写入输出文件「…d.json」，抽取未
    记录：Invalid argument" (exit 2, nothing in the ledger) -- a draw that worked before today now
    impossible there. Should: the folder sync is skipped where the system cannot do it (Python's
    own practice); the draw is recorded with its record file."""
    import errno
    import os
    import stat

    from checker.draw import service
    from tests.test_draw_cli import rfc_args, run as draw_run

    fsync = service.os.fsync

    def no_folder_sync(descriptor):
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        return fsync(descriptor)

    monkeypatch.setattr(service.os, "fsync", no_folder_sync)
    result = draw_run(*rfc_args(tmp_path))
    assert result.exit_code == 0, result.stderr
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["round_id"] == "RFC-6" and len(record["panel"]) == 10


# --- 2. a line whose only text is in a column that is no field -------------------------------------


def test_a_company_name_typed_in_the_sequence_column_is_not_an_empty_line(tmp_path):
    """Row 4 holds only "威海某某科技有限公司", typed into 序号 (a column that is no field); row 5 only
    the 序号 5 of an unused template line. Both were counted in skipped_empty_rows (2): the
    application vanished as an "empty line", nowhere named, while README says "A line of one other
    text (an id alone, a company name) is an application and is checked", and only "template rows
    with only a 序号" are skipped. Should: row 4 is a case (row4, checked: nothing filled), row 5
    alone is skipped as empty, and row 6 (序号 6 and 备注 "注：该企业已撤回申报") is a note line."""
    workbook, sheet = _sheet([*HEADERS, "备注"])
    sheet.append([*_row(1), None])
    sheet.append(["威海某某科技有限公司"])
    sheet.append([5])
    sheet.append([6, *[None] * (len(HEADERS) - 1), "注：该企业已撤回申报"])  # a 序号 and a note: a note line
    path = tmp_path / "seq.xlsx"
    workbook.save(path)
    summary = _check(path, tmp_path / "out")
    assert [case["case_id"] for case in all_cases(tmp_path / "out")] == ["H8-1", "row4"]
    assert summary["skipped_empty_rows"] == 1
    assert (summary["skipped_total_rows"], summary["skipped_note_rows"]) == ([], [6])
    assert summary["input_rows"] == 4 and summary["rows_reconcile"] is True


# --- 4. the reference date falls back to 收件日期 ----------------------------------------------------


def test_a_ledger_row_with_an_unreadable_receipt_date_says_so_in_its_reference_basis(tmp_path):
    """The N-04 sample ledger with N04-002's 收件日期 "2018年13月5日" (no such date). Without --as-of or
    申报日期 a ledger row's reference date is now its 收件日期; this row has none readable, and its
    page said "参考日期 —（未给出参考日期与申报日期，采用最新参数）": no word of the 收件日期 the
    reference date now comes from, and "未给出" of a date the row does give. Should: the basis names
    the 收件日期 as not readable too."""
    import openpyxl

    workbook = openpyxl.load_workbook(Path(__file__).parents[1] / "samples" / "ledgers" / "N-04_受理台账.xlsx")
    sheet = workbook.active
    sheet["E3"].value = "2018年13月5日"
    path = tmp_path / "N-04_受理台账.xlsx"
    workbook.save(path)
    result = run_cli("check", path, "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    page = (tmp_path / "out" / "cases" / "N04-002.html").read_text(encoding="utf-8")
    assert "参考日期</td><td>—（未给出参考日期，也没有可识别的申报日期或收件日期，采用最新参数）" in page


def test_the_process_sheet_rule_cites_the_clause_of_every_workflow_it_checks():
    """PROC-FUNDS-PROCESS-SHEET is checked in W-12 … W-16, five workflows whose seed text each has
    the clause "《专项资金项目流程审核情况表》（有资金的填写）。于会后三天报送…" (001 lines 4075, 4116,
    4157, 4308, 4349); it cited three, so W-14's and W-16's findings pointed to another
    workflow's text. Should: every such line is cited."""
    import yaml

    from tests.helpers import ROOT, SEEDS

    if not SEEDS.is_dir():
        pytest.skip("the seed texts are not beside this checkout")
    text = (SEEDS / "001_92b0dbd82849a40b.txt").read_text(encoding="utf-8").splitlines()
    clause = [str(number) for number, line in enumerate(text, start=1) if "流程审核情况表" in line and "会后三天" in line]
    rule = yaml.safe_load((ROOT / "rules" / "procedure" / "PROC-FUNDS-PROCESS-SHEET.yaml").read_text(encoding="utf-8"))
    assert clause == ["4075", "4116", "4157", "4308", "4349"]
    assert [c["lines"] for c in rule["citation"]] == clause


def test_total_lines_written_as_districts_write_them_are_totals(tmp_path):
    """Under the applications: "小计（环翠区）" and "合计：" in 序号 with the amounts 150 / 300 beside them,
    and "总合计" alone in 序号. Only the bare words 合计/总计/小计/汇总 were totals: the two lines with
    amounts became cases row4 and row5, INELIGIBLE with a 补正告知书 each (a total line treated as an
    application with nothing filled), and 总合计 an empty line. Should: all three are total lines
    (skipped_total_rows [4, 5, 6]); one case."""
    workbook, sheet = _sheet(HEADERS)
    sheet.append(_row(1))
    amounts = [None] * (HEADERS.index("年度设备投入（万元）") - 1) + [150, 300]
    sheet.append(["小计（环翠区）", *amounts])
    sheet.append(["合计：", *amounts])
    sheet.append(["总合计"])
    path = tmp_path / "totals.xlsx"
    workbook.save(path)
    summary = _check(path, tmp_path / "out")
    assert [case["case_id"] for case in all_cases(tmp_path / "out")] == ["H8-1"]
    assert summary["skipped_total_rows"] == [4, 5, 6]
    assert (summary["skipped_empty_rows"], summary["skipped_note_rows"]) == (0, [])
    assert summary["rows_reconcile"] is True


def test_a_pool_repeat_column_formula_without_value_is_refused_where_the_first_is_blank(tmp_path):
    """An expert pool with 专业领域 twice (D and G); E001's D2 is blank and G2 a formula never
    calculated. The repeat now gives the field where the first column is blank, but its formula
    problem was dropped: E001 read with no field at all (never a candidate, no word said), while the
    same formula in D2 is refused naming the cell (hostile7). Should: refused naming 专家库!G2."""
    from checker.draw.pool import read_pool
    from checker.errors import InputError

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "是否本局工作人员", "专业领域"])
    sheet.append(["E001", "张三", "威海某研究院", None, "在库", "否", None])
    sheet["G2"] = "=VLOOKUP(A2,Z1:Z2,1,FALSE)"
    sheet.append(["E002", "李四", "威海某大学", "新材料", "在库", "否", None])
    path = tmp_path / "pool.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as refused:
        read_pool(path)
    assert f"专家库「{path}」的 专家库!G2（专业领域）公式单元格没有缓存的计算结果" in str(refused.value)
