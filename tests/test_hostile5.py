"""Hostile review 5 (branch hostile5): each test fails on main at c5ab200 and states the defect and
what should happen instead. Product code is untouched; these are the reproductions."""

from __future__ import annotations

import pytest

from pathlib import Path

from openpyxl import Workbook

from tests.helpers import all_cases, check_summary, read_json, run_cli, write_json

APPLICATION = {"申报编号": "H5-1", "企业名称": "威海某精密机械有限公司", "统一社会信用代码": None,
               "注册地址": "山东省威海市环翠区某路1号", "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准/备案文号": "2020-371002-34-03-000001", "年度设备投入（万元）": "150", "项目总投资（万元）": "300",
               "申报日期": "2020-07-10"}
HEADERS = list(APPLICATION)
W05 = ("--workflow", "W-05", "--window", "2020-07-01", "2020-07-31")


def _row(number: int, **change) -> list:
    values = {**APPLICATION, "申报编号": f"H5-{number}", **change}
    return [values[h] for h in HEADERS]


def _sheet(title: str | None = "2020年度技改补助申报汇总表", header: list | None = None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    if title:
        sheet.append([title])
    sheet.append(header or HEADERS)
    return workbook, sheet


_check = check_summary  # this file's short name for it


# --- merged cells filled down a column -----------------------------------------------------------


def test_a_district_merged_over_empty_template_rows_does_not_make_them_applications(tmp_path):
    """A district's workbook with 序号 1-7 prepared and 所在区市 merged once over the block (F3:F9), only
    three applications filled in. `fundcheck check m.xlsx -w W-05 --window 2020-07-01 2020-07-31`: the
    new fill-down writes 环翠区 into the four empty template rows (only a 序号 each), so they are no
    longer skipped as template rows: four cases row6..row9, each INELIGIBLE (核准/备案文号为空) with a
    补正告知书 to nobody. At 0c62249 the same file gave 3 cases and the template rows were skipped.
    Should: a merged cell's value alone does not make a line an application: 3 cases, 4 skipped."""
    workbook, sheet = _sheet(header=["序号", *HEADERS])
    for number in range(1, 4):
        sheet.append([number, *_row(number)])
    for number in range(4, 8):
        sheet.append([number])
    sheet.cell(4, 6).value = None
    sheet.cell(5, 6).value = None
    sheet.merge_cells("F3:F9")
    workbook.save(tmp_path / "m.xlsx")
    summary = _check(tmp_path / "m.xlsx", tmp_path / "out")
    assert summary["counts"]["cases"] == 3, [(c["case_id"], c["verdict"]) for c in summary["cases"]]
    assert summary["counts"]["ineligible"] == 0


# --- lines set aside as not applications ---------------------------------------------------------


def test_the_run_line_names_set_aside_rows_of_several_files_without_doubling_di_hang(tmp_path):
    """`fundcheck check 环翠区.xlsx 文登区.xlsx -w W-05 …` (no --quiet) where each file holds a 注： line.
    The terminal summary reads "表头/标题/说明行 2（第 环翠区.xlsx 第 4 行、文登区.xlsx 第 4 行 行）": the
    names summary.json gives for several files ("<file> 第 N 行") are wrapped in "第 … 行" again (the
    合计行 part has the same fault). Should: "（环翠区.xlsx 第 4 行、文登区.xlsx 第 4 行）"."""
    for name, district in (("环翠区", "环翠区"), ("文登区", "文登区")):
        workbook, sheet = _sheet()
        sheet.append(_row(1 if name == "环翠区" else 2, 所在区市=district))
        sheet.append(["注：金额单位为万元。"])
        workbook.save(tmp_path / f"{name}.xlsx")
    result = run_cli("check", tmp_path / "环翠区.xlsx", tmp_path / "文登区.xlsx", *W05, "--out", tmp_path / "out")
    assert result.exit_code in (0, 1), result.output
    assert "（环翠区.xlsx 第 4 行、文登区.xlsx 第 4 行）" in result.output, result.output
    assert "第 环翠区.xlsx" not in result.output


def test_a_header_line_repeated_in_another_districts_wording_is_not_an_application(tmp_path):
    """Districts' tables pasted one under another, the second district's header saying 项目编号 where the
    first says 申报编号 (both are the contract's aliases of one field). The repeated header is set
    aside only when every cell equals its own column's header word for word, so this line becomes a
    case "项目编号", needs_review, with a 补正告知书 addressed to "企业名称" (the very fault e49a15b fixed
    for notes). Should: a line whose every filled cell is a header of its own column's field (any
    alias) is a repeated header, set aside in skipped_note_rows."""
    workbook, sheet = _sheet()
    sheet.append(_row(1))
    sheet.append(["项目编号", *HEADERS[1:]])
    sheet.append(_row(2))
    workbook.save(tmp_path / "a.xlsx")
    summary = _check(tmp_path / "a.xlsx", tmp_path / "out")
    assert [c["case_id"] for c in summary["cases"]] == ["H5-1", "H5-2"]
    assert summary["skipped_note_rows"] == [4]


def test_an_id_alone_that_begins_with_zhu_and_a_digit_is_still_an_application(tmp_path):
    """README: "A line of one other text (an id alone, a company name) is an application and is
    checked." A line with only 申报编号 = "注1" (an office's numbering; 注 + digit) and one with only
    企业名称 = "填报科技（威海）有限公司" are both set aside in skipped_note_rows and never reported:
    the note test ignores which column the text is in. Should: both are cases (needing data), or
    at the very least an id-column text that is a whole id is never taken for a note."""
    workbook, sheet = _sheet()
    sheet.append(_row(1))
    sheet.append(["注1"])
    sheet.append([None, "填报科技（威海）有限公司"])
    workbook.save(tmp_path / "a.xlsx")
    summary = _check(tmp_path / "a.xlsx", tmp_path / "out")
    assert summary["counts"]["cases"] == 3, summary["skipped_note_rows"]


# --- reviewer decisions ---------------------------------------------------------------------------


def test_a_decision_on_another_items_rule_in_a_ledger_of_several_items_is_named(tmp_path):
    """`fundcheck check N-04_受理台账.xlsx N-07_受理台账.xlsx -w N-04 --overrides ov.csv` with a decision
    on N04-001 (an N-04 row) for DISC-ANNOUNCE-NO-OBJECTION, a rule only N-07 applies. The run's rule
    set is the union over the ledger's items, so the decision is neither applied (N04-001 has no
    such finding) nor named in overrides_not_applied, nor on screen: dropped in silence, which
    f903708 set out to end. Should: listed as "N04-001：DISC-ANNOUNCE-NO-OBJECTION"."""
    from tests.helpers import SAMPLES

    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nN04-001,DISC-ANNOUNCE-NO-OBJECTION,通过,已核实,张三\n",
                         encoding="utf-8")
    result = run_cli("check", SAMPLES / "ledgers" / "N-04_受理台账.xlsx", SAMPLES / "ledgers" / "N-07_受理台账.xlsx",
                     "--workflow", "N-04", "--overrides", overrides, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    case = next(c for c in all_cases(tmp_path / "out") if c["case_id"] == "N04-001")
    assert not any(f["rule_id"] == "DISC-ANNOUNCE-NO-OBJECTION" for f in case["findings"])
    summary = read_json(tmp_path / "out" / "summary.json")
    assert "N04-001：DISC-ANNOUNCE-NO-OBJECTION" in summary["overrides_not_applied"]


# --- same-named files in different folders --------------------------------------------------------


def test_row_keys_of_same_named_files_never_clash_with_another_files_key(tmp_path):
    """Three district files: p/a/环翠区.xlsx, q/a/环翠区.xlsx (a resubmission, same folder name) and
    r/a-环翠区-2.xlsx, each with one row without 申报编号. Batch.file_keys gives the first two
    "a-环翠区-1", "a-环翠区-2" (folder name, then position) and the third its own stem "a-环翠区-2":
    two cases are both named a-环翠区-2-row4, and with --per-case all one's report overwrites the
    other's (6 cases, 5 reports). Should: every row key distinct, one report per case."""
    paths = [tmp_path / "p" / "a" / "环翠区.xlsx", tmp_path / "q" / "a" / "环翠区.xlsx", tmp_path / "r" / "a-环翠区-2.xlsx"]
    for index, path in enumerate(paths):
        path.parent.mkdir(parents=True)
        workbook, sheet = _sheet()
        sheet.append(_row(10 * index + 1))
        sheet.append(_row(10 * index + 2, 申报编号=None))
        workbook.save(path)
    result = run_cli("check", *paths, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    names = [c["name"] for c in map(__import__("json").loads, (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines())]
    assert len(names) == 6
    assert len(set(names)) == 6, names
    assert len(list((tmp_path / "out" / "cases").glob("*.json"))) == 6


def test_cell_references_of_same_named_files_in_different_folders_say_which_file(tmp_path):
    """a/环翠区.xlsx and b/环翠区.xlsx (a district's file and its resubmission), each with an unreadable
    年度设备投入 in F… of row 3. The row keys now differ (a-环翠区-row3, b-环翠区-row3), but every cell
    reference, INP- message and summary.json input_files entry still says "[环翠区.xlsx]申报汇总表!I3"
    for both: a reviewer told to correct I3 of 环翠区.xlsx cannot know which of the two files is
    meant. Should: the reference names the file as its row key does (folder and name)."""
    for folder, number in (("a", 1), ("b", 2)):
        (tmp_path / folder).mkdir()
        workbook, sheet = _sheet()
        sheet.append(_row(number, **{"年度设备投入（万元）": "约150万"}))
        workbook.save(tmp_path / folder / "环翠区.xlsx")
    result = run_cli("check", tmp_path / "a" / "环翠区.xlsx", tmp_path / "b" / "环翠区.xlsx", *W05,
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    refs = []
    for case in all_cases(tmp_path / "out"):
        finding = next(f for f in case["findings"] if f["rule_id"] == "INP-NUMBER")
        refs.append(finding["evidence"]["source"])
    assert refs[0] != refs[1], refs


# --- a standard not yet in force on the reference date ---------------------------------------------


def test_a_reviewers_fail_on_a_standard_not_yet_in_force_makes_the_case_ineligible(tmp_path):
    """`fundcheck check p.xlsx -w W-05 --as-of 2019-07-31 --overrides ov.csv`: 年度设备投入 50 万元 fails
    ELIG-EQUIP-INVEST-100W, whose 100 万元 is in force from 2020-01-01; the finding says "该标准当时是否
    适用，须由审核人员确定" and the case needs review. The reviewer decides it (复核结论 不通过: the
    standard applied in 2019 too), yet verdict_with_overrides stays needs_review and no 不予受理告知书
    is written: the finding was demoted to review severity, so the decision the message asks for can
    never refuse the application. Should: with the reviewer's 不通过 the case is ineligible and its
    notice is in 告知书汇总.html."""
    workbook, sheet = _sheet()
    sheet.append(_row(1, **{"年度设备投入（万元）": "50", "统一社会信用代码": "91371002MA3C8XK25F", "申报日期": "2019-07-10"}))
    workbook.save(tmp_path / "p.xlsx")
    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nH5-1,ELIG-EQUIP-INVEST-100W,不通过,2019年亦适用100万元标准,张三\n",
                         encoding="utf-8")
    result = run_cli("check", tmp_path / "p.xlsx", "--workflow", "W-05", "--as-of", "2019-07-31",
                     "--overrides", overrides, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    case = all_cases(tmp_path / "out")[0]
    assert case["verdict"] == "needs_review"
    assert case["verdict_with_overrides"] == "ineligible", case["verdict_with_overrides"]
    assert "H5-1" in (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")


# --- error sentences in Chinese ---------------------------------------------------------------------


def test_a_json_file_nested_too_deep_is_refused_in_chinese(tmp_path):
    """`fundcheck check deep.json -w W-05 …` with deep.json = 100,000 nested [ ]: exit 2 (right), but
    the sentence is Python's: "不是有效的…：RecursionError: maximum recursion depth exceeded while
    decoding a JSON array from a unicode stri" (English, cut mid-word). Should: one Chinese sentence
    (e.g. 嵌套层数过多), no exception name."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_cli("check", deep, *W05, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "Error" not in result.output and "maximum recursion" not in result.output, result.output


def test_an_unreadable_jsonl_line_never_puts_a_python_exception_name_in_the_notice(tmp_path):
    """A JSONL file whose line 2 is nested 100,000 deep and line 3 a 6,000-digit number: each is a
    case with INP-RECORD "第 2 行无法读取：RecursionError" / "…：ValueError", and that sentence is
    printed in the 补正告知书 sent to the applicant (告知书汇总.html). Should: the reason in Chinese
    (嵌套层数过多 / 数字位数过多), no Python exception names in any report."""
    import json

    good = json.dumps(APPLICATION, ensure_ascii=False)
    lines = [good, "[" * 100_000 + "]" * 100_000, "1" * 6000]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check(tmp_path / "a.jsonl", tmp_path / "out")
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    cases = (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8")
    for name in ("RecursionError", "ValueError"):
        assert name not in notices and name not in cases, name


def _tiny_disk(tmp_path):
    """A 64 KB tmpfs (root only): the full-disk cases; skipped where it cannot be mounted."""
    import subprocess

    import pytest

    folder = tmp_path / "tiny"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    return folder


def _unmount(folder):
    import subprocess

    subprocess.run(["umount", str(folder)], capture_output=True)


def test_a_draw_on_a_full_disk_says_the_disk_is_full(tmp_path):
    """`fundcheck draw new … --ledger tiny/draws.db` with the ledger's disk full: a new ledger gives
    "无法初始化账本「…」：database or disk is full" (SQLite's English), and an existing one (its first
    draw recorded before the disk filled) gives "无法写入账本，抽取未记录：cannot rollback - no
    transaction is active": English, and the rollback's error hides the real reason. The ledger
    itself stays intact (verify: 1 entry). Should: both say 磁盘空间不足 (or 磁盘已满) in Chinese."""
    from tests.helpers import SAMPLES

    tiny = _tiny_disk(tmp_path)
    try:
        draw = ["draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--alternates", "3",
                "--random-source", "3,9,14,22,27,31,8", "--ledger", tiny / "draws.db"]
        first = run_cli(*draw, "--round", "R1", "--out", tmp_path / "d1.json")
        assert first.exit_code == 0, first.output
        with open(tiny / "fill", "wb") as fill:
            try:
                fill.write(b"\0" * 200_000)
            except OSError:
                pass
        second = run_cli(*draw, "--round", "R2", "--out", tmp_path / "d2.json")
        assert second.exit_code == 2
        assert "rollback" not in second.output and "磁盘" in second.output, second.output
    finally:
        _unmount(tiny)


# --- two columns for one field: the round's conditions -----------------------------------------------


def _w12_with(tmp_path, extra_headers: list, rows: list[tuple]) -> Path:
    from openpyxl import load_workbook

    from tests.helpers import SAMPLES

    workbook = load_workbook(SAMPLES / "check" / "W-12_applications.xlsx")
    sheet = workbook.active
    base = [c.value for c in sheet[2]]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for offset, header in enumerate(extra_headers, start=1):
        sheet.cell(1, len(headers) + offset).value = header
    for number, (changes, extra) in enumerate(rows, start=1):
        values = list(base)
        values[0] = f"C{number}"
        for header, value in changes.items():
            values[headers.index(header)] = value
        sheet.append(values + list(extra))
    workbook.save(tmp_path / "w12.xlsx")
    return tmp_path / "w12.xlsx"


def test_two_columns_for_one_condition_that_disagree_are_a_conflict_not_the_first_column(tmp_path):
    """`fundcheck check w12.xlsx -w W-12 --conditions samples/conditions/W-12_conditions.yaml --as-of
    2021-06-01`, the sheet holding 近三年重大事故 twice (a header repeated: 否 in the first, 是 in the
    second) and 营业收入（万元） beside 上年度营业收入（万元） (both are the condition's 列名: 1200 and 500).
    COND-4 (否决: no major accident) PASSES on the first column and COND-2 passes on 1200: the other
    column is dropped in silence, exactly what 10ca14f made an INP-CONFLICT for the contract's
    fields ("the first column won in silence"). Should: INP-CONFLICT naming both cells, and the
    condition missing (needs review), never a pass."""
    path = _w12_with(tmp_path, ["近三年重大事故", "营业收入（万元）"],
                     [({"近三年重大事故": "否"}, ("是", None)), ({"上年度营业收入（万元）": 1200}, (None, 500))])
    result = run_cli("check", path, "--workflow", "W-12", "--conditions",
                     Path(__file__).resolve().parent.parent / "samples" / "conditions" / "W-12_conditions.yaml",
                     "--as-of", "2021-06-01", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    cases = {c["case_id"]: c for c in all_cases(tmp_path / "out")}
    accident = next(f for f in cases["C1"]["findings"] if f["rule_id"] == "COND-4")
    revenue = next(f for f in cases["C2"]["findings"] if f["rule_id"] == "COND-2")
    assert accident["outcome"] != "pass", accident["message"]
    assert revenue["outcome"] != "pass", revenue["message"]
    assert any(f["rule_id"] == "INP-CONFLICT" for f in cases["C1"]["findings"])


def test_a_ledger_row_handled_before_a_standard_was_in_force_says_so(tmp_path):
    """samples/ledgers/N-04_受理台账.xlsx with every date moved to 2018 (收件 2018-03-04, 补正告知
    2018-03-08), `fundcheck check led18.xlsx -w N-04` (no --as-of: a ledger's reference date is
    "latest_parameters"). APP-DEFICIENCY-NOTICE-DEADLINE's 3-day limit is dated 2019-01-01, yet N04-003
    is NONCOMPLIANT on it with no not_yet_in_force and no word in the message: the 2018 handling is
    judged against the 2019 standard in silence, the fault 252f385 fixed for applications (with
    --as-of 2018-06-01 the same row is flagged and needs review). Should: a row whose own dates
    precede the standard's effective date is flagged as with --as-of."""
    import datetime

    from openpyxl import load_workbook

    from tests.helpers import SAMPLES

    workbook = load_workbook(SAMPLES / "ledgers" / "N-04_受理台账.xlsx")
    sheet = workbook.active
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, datetime.datetime):
                cell.value = cell.value.replace(year=2018 if cell.value.year >= 2020 else 2017)
    workbook.save(tmp_path / "led18.xlsx")
    result = run_cli("check", tmp_path / "led18.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    case = next(c for c in all_cases(tmp_path / "out") if c["case_id"] == "N04-003")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert finding["outcome"] == "fail"
    assert finding.get("not_yet_in_force") == "2019-01-01", finding["message"]
    assert case["verdict"] == "needs_review"


def test_two_entries_with_one_decision_differing_only_in_the_reason_say_what_differs(tmp_path):
    """ov.csv holds 张三's 通过 on H5-1 ELIG-REGION twice, the reasons "已核实（营业执照）" and
    "已核实(营业执照)" (full- and half-width brackets; the decision, case, rule and reviewer identical).
    The run stops (exit 2): "第 1 条与第 2 条 … 且内容不同（张三、张三）": the decision is one and the
    same, and the sentence names two identical reviewers as the difference, so the reviewer cannot see
    what to merge. Should: one decision (the run goes on), or at least the sentence names what differs
    (理由)."""
    workbook, sheet = _sheet()
    sheet.append(_row(1))
    workbook.save(tmp_path / "a.xlsx")
    overrides = tmp_path / "ov.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nH5-1,ELIG-REGION,通过,已核实（营业执照）,张三\n"
                         "H5-1,ELIG-REGION,通过,已核实(营业执照),张三\n", encoding="utf-8")
    result = run_cli("check", tmp_path / "a.xlsx", *W05, "--overrides", overrides, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1) or "理由" in result.output, result.output


def test_lines_set_aside_are_named_where_the_reviewer_signs_off(tmp_path):
    """A sheet whose row 4 is "注1" alone (set aside as a note: see the test above) and row 5 a title.
    The lines set aside are named only in summary.json (skipped_note_rows) and on the terminal;
    summary.xlsx (the sheet the reviewers sign, its title line giving "共 2 件"), its 说明 sheet and
    index.html say nothing of them, so a line wrongly set aside is invisible to everyone who reads the
    bureau's outputs. Should: summary.xlsx (说明 or the counts line) and index.html name the rows set
    aside ("表头/标题/说明行 第 4、5 行")."""
    from openpyxl import load_workbook

    workbook, sheet = _sheet()
    sheet.append(_row(1))
    sheet.append(["注：金额单位为万元。"])  # ("注1" alone is an id: an application since the fix above)
    sheet.append(["文登区技改补助申报汇总表"])
    sheet.append(_row(2))
    workbook.save(tmp_path / "a.xlsx")
    summary = _check(tmp_path / "a.xlsx", tmp_path / "out")
    assert summary["skipped_note_rows"] == [4, 5]
    book = load_workbook(tmp_path / "out" / "summary.xlsx")
    info = {line[0]: line[1] for line in book["说明"].iter_rows(values_only=True)}
    assert info["未作为申报审核的行"] == "表头/标题/说明行 第 4、5 行"
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<p class="small">未作为申报审核的行：表头/标题/说明行 第 4、5 行。</p>' in index


def test_a_long_folder_name_of_a_same_named_file_never_stops_the_batch(tmp_path):
    """Two districts' files both named 环翠区.xlsx, in folders named with 80 Chinese characters (240
    bytes, a legal folder name), each with a row without 申报编号. The row key adds the folder's name
    ("<folder>-环翠区-row3"), the report name is longer than a file name may be, and the whole run
    stops: exit 2 "无法写入「…-环翠区-row3.json」：名称过长". README: a name that "would … be too long is
    named row<N>". Should: the batch completes (exit 1), every case reported under a name that fits."""
    long = "区" * 80
    paths = []
    for folder in (long, "b" + long):
        (tmp_path / folder).mkdir()
        workbook, sheet = _sheet()
        sheet.append(_row(len(paths) * 2 + 1, 申报编号=None))
        sheet.append(_row(len(paths) * 2 + 2))
        workbook.save(tmp_path / folder / "环翠区.xlsx")
        paths.append(tmp_path / folder / "环翠区.xlsx")
    result = run_cli("check", *paths, *W05, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    assert len(all_cases(tmp_path / "out")) == 4


def test_a_draw_whose_ledger_or_record_cannot_be_written_says_why_in_chinese(tmp_path):
    """`fundcheck draw new … --ledger ro/ledger.db` with the ledger on a read-only disk: "无法写入账本，
    抽取未记录：attempt to write a readonly database" (SQLite's English; errors.sqlite_reason knows this
    one as 文件只读，无法写入, but the draw service prints str(error)); and `--out tiny/d.json` on a
    full disk: "无法写入输出文件，抽取未记录：[Errno 28] No space left on device: …". Should: the
    Chinese reasons (文件只读 / 磁盘空间不足), no English system text."""
    import shutil
    import subprocess

    from tests.helpers import SAMPLES

    tiny = _tiny_disk(tmp_path)
    try:
        shutil.copy(SAMPLES / "rounds" / "ledger.db", tiny / "ledger.db")
        draw = ["draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--alternates", "3",
                "--random-source", "3,9,14,22,27,31,8"]
        with open(tiny / "fill", "wb") as fill:
            try:
                fill.write(b"\0" * 200_000)
            except OSError:
                pass
        full = run_cli(*draw, "--round", "R1", "--ledger", tmp_path / "l.db", "--out", tiny / "d.json")
        subprocess.run(["mount", "-o", "remount,ro", str(tiny)], check=True)
        readonly = run_cli(*draw, "--round", "R2", "--ledger", tiny / "ledger.db", "--out", tmp_path / "d2.json")
        assert (full.exit_code, readonly.exit_code) == (2, 2)
        assert "No space" not in full.output and "Errno" not in full.output and "readonly" not in readonly.output, \
            (full.output, readonly.output)
    finally:
        _unmount(tiny)


def test_a_database_with_another_ledger_table_is_refused_without_sqlites_english(tmp_path):
    """`fundcheck ledger verify other.db`, other.db an SQLite file with a table named ledger of other
    columns: "「other.db」的 ledger 表不是抽取账本的结构（no such column: seq）": SQLite's English in
    the sentence. Should: Chinese only (e.g. 缺少 seq 列)."""
    import sqlite3

    connection = sqlite3.connect(tmp_path / "other.db")
    connection.execute("CREATE TABLE ledger (a)")
    connection.commit()
    connection.close()
    result = run_cli("ledger", "verify", tmp_path / "other.db")
    assert result.exit_code == 2
    assert "no such column" not in result.output, result.output


# --- INP-CONFLICT as the applicant reads it ------------------------------------------------------------


def test_the_notice_for_two_disagreeing_columns_says_they_disagree_not_that_the_amount_is_missing(tmp_path):
    """apps.json: 年度设备投入（万元） "150" beside 年度设备投入（元） "500000" (50 万元). INP-CONFLICT is
    found (right), but the 补正告知书 in 告知书汇总.html tells the applicant "年度设备投入未填写或无法识别
    （150）。需补正：请填写年度设备投入金额（万元）…": the amount was filled in and readable, the notice
    says neither column disagrees, and the value it quotes reads as the unreadable one. Should: the
    notice names the disagreement (两列不一致, with both values) so the applicant knows what to correct."""
    rows = [{**APPLICATION, "统一社会信用代码": "91371002MA3C8XK25F", "年度设备投入（元）": "500000"}]
    write_json(tmp_path / "a.json", rows)
    _check(tmp_path / "a.json", tmp_path / "out")
    case = all_cases(tmp_path / "out")[0]
    assert any(f["rule_id"] == "INP-CONFLICT" for f in case["findings"])
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "H5-1" in notices
    assert "未填写或无法识别（150）" not in notices
    assert "不一致" in notices


def test_a_conditions_alias_column_filled_where_the_first_is_blank_is_read(tmp_path):
    """Same command; the row's 上年度营业收入（万元） is blank and 营业收入（万元） (the condition's second
    列名 alias, "aliases separated by 、") holds 500. COND-2 says "上年度营业收入（万元）未填写" (missing):
    the alias column's value is never looked at, whereas a contract field takes the first filled of
    its alias columns (年度设备投入 万元 blank, 元 filled: read). Should: 500 is read (COND-2 fails:
    500 < 1000), or the finding names the other column; never "未填写" beside a filled alias."""
    path = _w12_with(tmp_path, ["营业收入（万元）"], [({"上年度营业收入（万元）": None}, (500,))])
    result = run_cli("check", path, "--workflow", "W-12", "--conditions",
                     Path(__file__).resolve().parent.parent / "samples" / "conditions" / "W-12_conditions.yaml",
                     "--as-of", "2021-06-01", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.output
    revenue = next(f for f in all_cases(tmp_path / "out")[0]["findings"] if f["rule_id"] == "COND-2")
    assert "未填写" not in revenue["message"], revenue["message"]


def test_a_section_heading_between_blocks_is_set_aside_and_a_name_is_not(tmp_path):
    """Headings between districts' blocks ("一、环翠区", "（二）补报项目", "以下为补报项目") are set aside like
    titles; a company whose name begins with 一 (一汽…) alone on its line is still an application."""
    workbook, sheet = _sheet()
    sheet.append(["一、环翠区"])
    sheet.append(_row(1))
    sheet.append(["（二）补报项目"])
    sheet.append(["以下为补报项目"])
    sheet.append([None, "一汽解放威海分公司"])
    workbook.save(tmp_path / "a.xlsx")
    summary = _check(tmp_path / "a.xlsx", tmp_path / "out")
    assert summary["skipped_note_rows"] == [3, 5, 6]
    assert [(c["case_id"], c["company_name"]) for c in summary["cases"]] == [("H5-1", APPLICATION["企业名称"]), ("row7", "一汽解放威海分公司")]
