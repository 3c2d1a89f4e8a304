"""Session 25: a reviewer's use of the secondary commands (template, show, diff, workflows).

1. `template check` offers the closed-set words of its text columns in drop-downs (事项, 受理结果, 决定,
   申报级别, 单位类别, 内资/外资, 区市初审意见, 市级复审意见: only 是/否 and the districts had one, and a clerk's
   free text became INP-LEDGER-ACCEPTANCE / INP-LEDGER-DECISION findings); every word offered is read
   by `check` as what it says; a ledger's 事项 offers its own item only (another is a mixed ledger).
2. `show` on a run from before cases.jsonl (cases/*.json only) finds an id written full-width, as
   on a run with cases.jsonl (it said no such case), and hints at the letter case there too.
3. `show` of an id that is not in the run offers the ids a character or two from it.
4. `show` of a case summary.json lists but cases.jsonl lost (cut short, a line deleted) says the
   file is incomplete instead of "no such case".
5. `diff` of a run whose cases.jsonl lost a line stops (exit 2) naming the case, instead of listing
   it as 仅在原运行中 (a case removed from the batch).
6. `workflows show W-05` (and w-05): one workflow, as `workflows list` shows it (no such command).
7. `diff` of a corrected batch where an id was retyped (WH-2020-004 → WH-2020-004A): the two cases
   only one run has each, of one enterprise (name and code), ask whether the id was changed.
"""

from __future__ import annotations

import json
import re
import shutil

import openpyxl
import pytest

from checker.check.facts.ledger import _provincial_level, acceptance_of, decision_of, quota_group
from checker.check.facts.round import PASSED_WORDS, REJECTED_WORDS
from checker.core.rulebook import load_rulebook
from tests.helpers import SAMPLES, W05_JULY_2020, read_case, run_cli


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("s25") / "run"
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", *W05_JULY_2020, "--out", out, "--per-case", "all", "--quiet")
    assert result.exit_code == 1, result.output
    return out


@pytest.fixture(scope="module")
def old_run(run, tmp_path_factory):
    """The run as an older version wrote it: cases/*.json, no cases.jsonl nor rules.json."""
    out = tmp_path_factory.mktemp("s25old") / "run"
    shutil.copytree(run, out)
    (out / "cases.jsonl").unlink()
    (out / "rules.json").unlink()
    return out


def _lost_line(run, tmp_path, case_id: str):
    out = tmp_path / "edited"
    shutil.copytree(run, out)
    lines = (out / "cases.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "cases.jsonl").write_text("".join(line for line in lines if f'"case_id":"{case_id}"' not in line), encoding="utf-8")
    return out


def _lists(path) -> dict[str, str]:
    """header → the drop-down's list, of the template's first sheet."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for area in str(validation.sqref).split():
            found[headers[re.match(r"[A-Z]+", area).group(0)]] = validation.formula1
    return found


# --- 1. the templates' drop-downs ---------------------------------------------------------------------


def test_ledger_template_offers_its_closed_words(tmp_path):
    path = tmp_path / "n08.xlsx"
    assert run_cli("template", "check", "-w", "N-08", "--out", path, "--quiet").exit_code == 0
    assert _lists(path) == {
        "事项": '"N-08"',
        "受理结果": '"受理,不予受理"',
        "决定": '"准予,不准予,推荐,不推荐"',
        "省级方案": '"是,否"',
        "单位类别": '"省（自治区、直辖市）,计划单列市,新疆生产建设兵团,中央企业"',
        "申报级别": '"国家级,省级"',
    }
    sheet = openpyxl.load_workbook(path).worksheets[0]
    # a suggestion, not a limit: 经审核，同意推荐 or 当场受理 are read too
    assert {v.formula1: v.showErrorMessage for v in sheet.data_validations.dataValidation} == {
        '"N-08"': False, '"受理,不予受理"': False, '"准予,不准予,推荐,不推荐"': False, '"是,否"': True,
        '"省（自治区、直辖市）,计划单列市,新疆生产建设兵团,中央企业"': False, '"国家级,省级"': False}


def test_every_ledger_word_offered_is_read_as_it_says(tmp_path):
    path = tmp_path / "n08.xlsx"
    run_cli("template", "check", "-w", "N-08", "--out", path, "--quiet")
    lists = {header: formula.strip('"').split(",") for header, formula in _lists(path).items()}
    assert {word: acceptance_of(word) for word in lists["受理结果"]} == {"受理": "accepted", "不予受理": "refused"}
    assert {word: decision_of(word) for word in lists["决定"]} == {
        "准予": "grant", "不准予": "refuse", "推荐": "recommend", "不推荐": "not_recommend"}
    assert {word: _provincial_level(word) for word in lists["申报级别"]} == {"国家级": False, "省级": True}
    # the province's quota, or the special unit's own place (seed 004:86 各择优推荐1家)
    assert {word: quota_group(word) for word in lists["单位类别"]} == {
        "省（自治区、直辖市）": "", "计划单列市": "计划单列市", "新疆生产建设兵团": "新疆生产建设兵团", "中央企业": "中央企业"}


def test_w04_template_investor_words_are_read_as_they_say(tmp_path):
    path = tmp_path / "w04.xlsx"
    run_cli("template", "check", "-w", "W-04", "--out", path, "--quiet")
    assert _lists(path)["内资/外资"] == '"内资,外资"'
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row, (number, investor) in enumerate((("A1", "内资"), ("A2", "外资")), start=2):
        values = {"申报编号": number, "企业名称": f"威海测试{row}有限公司", "内资/外资": investor, "目录条目": "十四、1 数控机床",
                  "限额以下": "是", "项目总投资（万元）": 800, "申报渠道": "山东政务服务网"}
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=row, column=column).value = values.get(header)
    book.save(path)
    out = tmp_path / "out"
    run_cli("check", path, "-w", "W-04", "--out", out, "--quiet")
    said = {case: {f["rule_id"]: f["message"] for f in read_case(out, case)["findings"]
                   if f["rule_id"] in ("ELIG-CATALOGUE-ENCOURAGED", "ELIG-FOREIGN-CATALOGUE")} for case in ("A1", "A2")}
    assert said == {
        "A1": {"ELIG-CATALOGUE-ENCOURAGED": "未提供产业目录条目表，无法核对目录条目“十四、1 数控机床”。",
               "ELIG-FOREIGN-CATALOGUE": "内资项目，按《产业结构调整指导目录》核对（见内资项目规则）。"},
        "A2": {"ELIG-CATALOGUE-ENCOURAGED": "外资项目，按外商投资目录核对（见外资项目规则）。",
               "ELIG-FOREIGN-CATALOGUE": "未提供产业目录条目表，无法核对目录条目“十四、1 数控机床”。"},
    }


def test_a_ledger_offers_its_own_item_only(tmp_path):
    path = tmp_path / "n04.xlsx"
    run_cli("template", "check", "-w", "N-04", "--out", path, "--quiet")
    assert _lists(path)["事项"] == '"N-04"'


# --- 2 to 4: show ----------------------------------------------------------------------------------------


def test_show_on_an_older_run_finds_a_full_width_id(old_run):
    result = run_cli("show", old_run, "ＷＨ-2020-001", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (old_run / "cases" / "WH-2020-001.json").read_bytes()


def test_show_on_an_older_run_hints_at_the_letter_case(old_run):
    result = run_cli("show", old_run, "wh-2020-001")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{old_run}」的审核结果中没有申报编号或报告名为「wh-2020-001」的案件（区分大小写）；是否为「WH-2020-001」？\n")


@pytest.mark.parametrize("which", ["run", "old_run"])
def test_show_offers_the_ids_close_to_one_not_found(which, request):
    out = request.getfixturevalue(which)
    result = run_cli("show", out, "WH-2020-01")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{out}」的审核结果中没有申报编号或报告名为「WH-2020-01」的案件；相近的有「WH-2020-001」、「WH-2020-010」、「WH-2020-011」。\n")
    far = run_cli("show", out, "XJ-9")
    assert (far.exit_code, far.stderr) == (2, f"错误：「{out}」的审核结果中没有申报编号或报告名为「XJ-9」的案件。\n")


def test_show_says_cases_jsonl_lost_a_case(run, tmp_path):
    out = _lost_line(run, tmp_path, "WH-2020-006")
    result = run_cli("show", out, "WH-2020-006")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{out}」的审核结果中没有申报编号或报告名为「WH-2020-006」的案件，但这次运行的 summary.json 列有它："
           f"{out / 'cases.jsonl'} 不完整（被截断或改动过）；请使用完整的输出文件夹，或重新运行 fundcheck check。\n")


# --- 5. diff ---------------------------------------------------------------------------------------------


def test_diff_stops_on_a_run_that_lost_a_case(run, tmp_path):
    out = _lost_line(run, tmp_path, "WH-2020-006")
    message = (f"错误：{out} 的案件记录不完整：summary.json 列出的「WH-2020-006」在 cases.jsonl 中没有（文件被截断或改动过）；"
               "请使用完整的输出文件夹，或重新运行 fundcheck check。\n")
    for args in ((run, out), (out, run)):
        result = run_cli("diff", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


# --- 6. workflows show -----------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["W-05", "w-05"])
def test_workflows_show_one_workflow(written):
    workflow = load_rulebook().workflow("W-05")
    result = run_cli("workflows", "show", written)
    assert (result.exit_code, result.stdout) == (0, (
        "W-05 工业企业技术改造补助资金项目审核（规划与技术改造科）\n"
        f"  申报审核（check）：{'、'.join(workflow.check_rules)}\n"
        f"  轮次审计（audit）：{'、'.join(workflow.audit_rules)}\n"
        "各规则的名称与级别：fundcheck rules list --workflow W-05\n"))


def test_workflows_show_unknown_workflow():
    result = run_cli("workflows", "show", "W5")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：未知的流程「W5」（是否为 W-05？）；可用的流程：L-03, N-01,")


def test_w05_template_district_review_words_are_read_as_they_say(tmp_path):
    path = tmp_path / "w05.xlsx"
    run_cli("template", "check", "-w", "W-05", "--out", path, "--quiet")
    words = _lists(path)["区市初审意见"]
    assert words == '"通过,同意推荐,不通过,不同意"'
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row, word in enumerate(words.strip('"').split(","), start=2):
        values = {"申报编号": f"T{row - 1}", "企业名称": f"威海测试{row - 1}有限公司", "区市初审意见": word}
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=row, column=column).value = values.get(header)
    book.save(path)
    out = tmp_path / "out"
    run_cli("check", path, "-w", "W-05", "--out", out, "--quiet")
    said = {case: [(f["outcome"], f["message"]) for f in read_case(out, case)["findings"] if f["rule_id"] == "APP-DISTRICT-PRELIM"]
            for case in ("T1", "T2", "T3", "T4")}
    assert said == {"T1": [("pass", "区市初审意见为“通过”。")], "T2": [("pass", "区市初审意见为“同意推荐”。")],
                    "T3": [("fail", "区市初审意见为“不通过”，初审未通过。")], "T4": [("fail", "区市初审意见为“不同意”，初审未通过。")]}


def test_w12_template_city_review_words_are_read_as_they_say(tmp_path):
    path = tmp_path / "w12.xlsx"
    run_cli("template", "check", "-w", "W-12", "--out", path, "--quiet")
    lists = _lists(path)
    assert (lists["区市初审意见"], lists["市级复审意见"]) == ('"通过,同意推荐,不通过,不同意"', '"通过,符合,不通过,不符合"')
    # a bare conclusion is read by these word sets (checker/check/facts/round.py review_state)
    said = {word: "passed" if word in PASSED_WORDS else "rejected" if word in REJECTED_WORDS else "unclear"
            for word in lists["市级复审意见"].strip('"').split(",")}
    assert said == {"通过": "passed", "符合": "passed", "不通过": "rejected", "不符合": "rejected"}


def test_diff_asks_whether_an_id_was_changed(run, tmp_path):
    """WH-2020-004 typed WH-2020-004A in the corrected workbook: two cases still (an enterprise may
    apply twice), each line asking whether the id was changed."""
    book = openpyxl.load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = book.worksheets[0]
    row = next(cell.row for cell in sheet["B"] if cell.value == "WH-2020-004")
    sheet.cell(row=row, column=2).value = "WH-2020-004A"
    path = tmp_path / "w05.xlsx"
    book.save(path)
    out = tmp_path / "new"
    run_cli("check", path, *W05_JULY_2020, "--out", out, "--quiet")
    result = run_cli("diff", run, out)
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (1, [
        "仅在新运行中：WH-2020-004A 威海蓝海新材料股份有限公司（不符合条件）；与原运行中的 WH-2020-004 企业名称和统一社会信用代码相同，是否改了申报编号？",
        "仅在原运行中：WH-2020-004 威海蓝海新材料股份有限公司（不符合条件）；与新运行中的 WH-2020-004A 企业名称和统一社会信用代码相同，是否改了申报编号？",
        "合计：两次都有的 17 件中，结论改变 0 件，仅审核意见改变 0 件；仅在新运行中 1 件，仅在原运行中 1 件。"])
    answer = json.loads(run_cli("diff", run, out, "--json").stdout)
    assert (answer["added"], answer["removed"], answer["same_enterprise"]) == (["WH-2020-004A"], ["WH-2020-004"], {"WH-2020-004A": "WH-2020-004"})
