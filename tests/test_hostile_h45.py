"""Reviewer h45: a reviewer's decisions over two runs (补正后重新审核): overrides, diff and show."""

from __future__ import annotations

from tests.helpers import read_case, read_json, run_cli
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h41 import _sheet

DECISIONS = "申报编号,规则编号,复核结论,理由,复核人\n"


def test_a_decision_by_row_does_not_pass_to_another_application_after_a_correction(tmp_path):
    """Run 1: two rows share H-1; the reviewer decides the second (row3) by its row key. The district
    corrects the batch: the first H-1 withdrawn and deleted, so row3 is now H-2, another enterprise
    failing the same rule. The decision was applied to H-2 in silence (不符合条件 → 符合条件 after
    review); a row key on a row whose id is its own is not applied now, and the run says so."""
    first = {**APPLICATION, "申报编号": "H-1", "企业名称": "威海甲机械有限公司", "统一社会信用代码": None,
             "年度设备投入（万元）": 50}
    second = {**first, "企业名称": "威海乙机械有限公司"}
    other = {**first, "申报编号": "H-2", "企业名称": "威海丙机械有限公司"}
    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "row3,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为120万元,李四\n", encoding="utf-8")
    _sheet(tmp_path / "a1.xlsx", [first, second, other], list(APPLICATION))
    run_cli("check", tmp_path / "a1.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run1", "--quiet",
            "--per-case", "all")
    decided = read_case(tmp_path / "run1", "row3")
    applied = next(f for f in decided["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (decided["case_id"], decided["verdict"], decided["verdict_with_overrides"], applied["outcome"],
            applied["override"]["decision"], applied["override"]["reason"]) == (
        "H-1", "ineligible", "needs_review", "fail", "pass", "已核实设备发票为120万元")

    _sheet(tmp_path / "a2.xlsx", [second, other], list(APPLICATION))
    result = run_cli("check", tmp_path / "a2.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run2",
                     "--per-case", "all")
    moved = read_case(tmp_path / "run2", "H-2")
    finding = next(f for f in moved["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (moved["verdict"], moved.get("verdict_with_overrides"), finding["outcome"], "override" in finding) == (
        "ineligible", None, "fail", False)
    assert read_json(tmp_path / "run2" / "summary.json")["row_overrides_not_applied"] == [{"row_key": "row3", "case_id": "H-2"}]
    assert ("注意：复核决定文件中申报编号写作 row3 的决定未采用：该输入行现为申报 H-2，其编号在本批中唯一"
            "（行号可能因补正后增删行而变动）；请核实后改以申报编号填写。") in result.output.splitlines()


def test_a_corrected_batch_whose_rows_moved_still_matches_the_case_of_a_corrected_duplicate_id(tmp_path):
    """WH-2020-013 was shared by two rows (row13, row14). The district corrects the second to
    WH-2020-014 and withdraws WH-2020-007, deleting its row above them: WH-2020-013 is now row 12.
    diff matched by id and input row only, so it listed WH-2020-013 as only in the new run and row13
    as only in the old one; it is one case, matched by its id and its enterprise."""
    from tests.test_diff import _applications, _run

    old = _run(tmp_path, "old", _applications())
    rows = [r for r in _applications() if r["申报编号"] != "WH-2020-007"]
    shared = [r for r in rows if r["申报编号"] == "WH-2020-013"]
    shared[1]["申报编号"] = "WH-2020-014"
    new = _run(tmp_path, "new", rows)
    withdrawn = next(r for r in _applications() if r["申报编号"] == "WH-2020-007")
    result = run_cli("diff", old, new)
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (1, [
        f"WH-2020-013（原运行中为 row13） {shared[0]['企业名称']}：结论未变（需人工复核），审核意见有变化",
        "  INP-DUPLICATE-ID 申报编号重复：不通过 → 无此问题",
        f"仅在新运行中：WH-2020-014 {shared[1]['企业名称']}（符合条件）",
        f"仅在原运行中：WH-2020-007 {withdrawn['企业名称']}（不符合条件）",
        f"仅在原运行中：row14 {shared[1]['企业名称']}（需人工复核）",
        "合计：两次都有的 16 件中，结论改变 0 件，仅审核意见改变 1 件；仅在新运行中 1 件，仅在原运行中 2 件。",
    ])


def test_diff_says_when_the_two_runs_used_different_rulebook_versions(tmp_path):
    """A rulebook updated between the first run and the run after the districts' corrections: diff
    showed both versions in its first line only, so a verdict changed by a rule read as the data's
    correction. It says so now, on screen and in --json."""
    import json
    import shutil

    from tests.test_diff import _applications, _run

    new = _run(tmp_path, "new", _applications())
    old = tmp_path / "old"
    shutil.copytree(new, old)
    summary = json.loads((old / "summary.json").read_text(encoding="utf-8"))
    version = summary["rulebook_version"]
    summary["rulebook_version"] = "0.0.9+0123456789ab"
    (old / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    result = run_cli("diff", old, new)
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, (
        f"注意：两次运行所用的规则库版本不同（原运行 0.0.9+0123456789ab，新运行 {version}）："
        "下列变化可能来自规则修改，而非申报数据的补正。"))
    answer = json.loads(run_cli("diff", old, new, "--json").stdout)
    assert answer["rulebook_version"] == {"old": "0.0.9+0123456789ab", "new": version, "changed": True}


def test_a_decision_on_an_input_problem_the_correction_removed_is_named_not_dropped(tmp_path):
    """The reviewer decided H28-1's INP-USCC (its code was mistyped) 不通过; the district sends the
    corrected code and the batch is checked again. The problem is gone and the decision with it, in
    silence: the run listed it nowhere (overrides_not_applied passes over INP- rules). It is named now,
    on screen and in summary.json overrides_without_finding; the case keeps its rules' verdict."""
    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "H28-1,INP-USCC,不通过,代码与营业执照不符,张三\n", encoding="utf-8")
    _sheet(tmp_path / "a1.xlsx", [{**APPLICATION, "统一社会信用代码": "91371002MA3C8XK25X"}], list(APPLICATION))
    first = run_cli("check", tmp_path / "a1.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run1", "--per-case", "all")
    before = read_case(tmp_path / "run1", "H28-1")
    assert (before["verdict_with_overrides"], read_json(tmp_path / "run1" / "summary.json")["overrides_without_finding"],
            "未采用" in first.output) == ("needs_review", [], False)
    _sheet(tmp_path / "a2.xlsx", [APPLICATION], list(APPLICATION))
    result = run_cli("check", tmp_path / "a2.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "run2", "--per-case", "all")
    after = read_case(tmp_path / "run2", "H28-1")
    assert (result.exit_code, after["verdict"], after.get("verdict_with_overrides"),
            read_json(tmp_path / "run2" / "summary.json")["overrides_without_finding"]) == (0, "eligible", None, ["H28-1：INP-USCC"])
    assert ("注意：以下复核决定针对的输入问题本次审核中该申报没有（可能已补正），未采用：H28-1：INP-USCC。"
            in result.output.splitlines())


def test_a_decision_whose_id_carries_a_soft_hyphen_applies_to_its_case(tmp_path):
    """An id pasted into the decisions file from the district's notice carried a soft hyphen
    (H28\\u00ad-1): the applications' ids drop it, the decisions' did not, so the decision was not
    applied and the run said 复核决定中的申报编号未在输入中出现：H28-1, an id that looks like the
    case's. It is compared as the applications' ids are now (full-width letters too)."""
    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "H28\u00ad-1,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为120万元,李四\n"
                         "Ｈ２８－２,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为110万元,李四\n", encoding="utf-8")
    rows = [{**APPLICATION, "年度设备投入（万元）": 50},
            {**APPLICATION, "申报编号": "H28-2", "企业名称": "威海另一机械有限公司", "统一社会信用代码": "91371002MA3D0004CE",
             "注册地址": "山东省威海市环翠区某路2号",
             "年度设备投入（万元）": 60}]
    _sheet(tmp_path / "a.xlsx", rows, list(APPLICATION))
    result = run_cli("check", tmp_path / "a.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "out", "--per-case", "all")
    for case_id, reason in (("H28-1", "已核实设备发票为120万元"), ("H28-2", "已核实设备发票为110万元")):
        case = read_case(tmp_path / "out", case_id)
        finding = next(f for f in case["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
        assert (case["verdict"], case["verdict_with_overrides"], finding["outcome"], finding["override"]) == (
            "ineligible", "eligible", "fail", {"case_id": case_id, "rule_id": "ELIG-EQUIP-INVEST-100W", "decision": "pass",
                                               "reason": reason, "reviewer": "李四"})
    assert (read_json(tmp_path / "out" / "summary.json")["unused_overrides"], "未在输入中出现" in result.output) == ([], False)


def test_summary_xlsx_and_index_html_give_the_counts_after_the_reviewers_decisions(tmp_path):
    """The terminal said 采纳人工复核决定后（1 件有复核决定）：符合条件 2，不符合条件 0, but summary.xlsx
    and index.html gave the rules' own counts only (符合条件 1，不符合条件 1): the bureau's record of the
    round counted a case a decision made eligible as ineligible, with a notice to send. Both give the
    counts after the decisions beside the rules' own now."""
    from openpyxl import load_workbook

    decisions = tmp_path / "ov.csv"
    decisions.write_text(DECISIONS + "H28-2,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票为110万元,李四\n", encoding="utf-8")
    rows = [APPLICATION,
            {**APPLICATION, "申报编号": "H28-2", "企业名称": "威海另一机械有限公司", "统一社会信用代码": "91371002MA3D0004CE",
             "注册地址": "山东省威海市环翠区某路2号", "年度设备投入（万元）": 60}]
    _sheet(tmp_path / "a.xlsx", rows, list(APPLICATION))
    result = run_cli("check", tmp_path / "a.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "out")
    assert result.output.splitlines()[1].startswith("采纳人工复核决定后（1 件有复核决定）：符合条件 2，不符合条件 0，需人工复核 0。")
    sheet = load_workbook(tmp_path / "out" / "summary.xlsx").worksheets[0]
    assert sheet["A2"].value == ("申报期 2021-07-01 至 2021-07-31；共 2 件：符合条件 1，不符合条件 1，需人工复核 0；"
                                 "采纳人工复核决定后（1 件有复核决定）：符合条件 2，不符合条件 0，需人工复核 0；"
                                 "申报材料 a.xlsx；审核规则版本 " + read_json(tmp_path / "out" / "summary.json")["rulebook_version"])
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ("共 2 件：符合条件 1 件，不符合条件 1 件，需人工复核 0 件。<br>"
            "采纳人工复核决定后（1 件有复核决定）：符合条件 2 件，不符合条件 0 件，需人工复核 0 件。</p>") in page


def test_a_reason_that_is_an_excel_date_is_refused_naming_the_cell(tmp_path):
    """A decisions workbook whose 理由 cell held an Excel date (复核日期 typed one column off) was
    applied with the reason "2020-08-02 00:00:00", which every report then quoted as 经人工复核：
    2020-08-02 00:00:00. The run stops naming the file, the entry, the cell and the value."""
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "复核决定"
    sheet.append(["申报编号", "规则编号", "复核结论", "理由", "复核人"])
    sheet.append(["H28-1", "ELIG-EQUIP-INVEST-100W", "通过", datetime.datetime(2020, 8, 2), "李四"])
    workbook.save(tmp_path / "ov.xlsx")
    _sheet(tmp_path / "a.xlsx", [{**APPLICATION, "年度设备投入（万元）": 50}], list(APPLICATION))
    result = run_cli("check", tmp_path / "a.xlsx", *W05, "--overrides", tmp_path / "ov.xlsx", "--out", tmp_path / "out")
    assert (result.exit_code, result.output.strip()) == (
        2, "错误：ov.xlsx 第 1 条（复核决定!D2）：理由为日期 2020-08-02，不是复核理由；请核对该列后重试。")
