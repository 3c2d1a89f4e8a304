"""`fundcheck check` end to end on the bundled sample and on bad input."""

from __future__ import annotations

import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import SAMPLES, all_cases, case_text, read_case, read_json

WINDOW = ("--window", "2020-07-01", "2020-07-31")


def _check(out, *extra):
    from click.testing import CliRunner

    from checker.cli import cli

    return CliRunner().invoke(
        cli, ["check", str(SAMPLES / "w05_applications.xlsx"), "--workflow", "W-05", "--out", str(out), *WINDOW, *extra],
        catch_exceptions=False,
    )


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """The sample with default options: every case in cases.jsonl, reports for the flagged ones."""
    out = tmp_path_factory.mktemp("out")
    return _check(out), out


@pytest.fixture(scope="module")
def sample_run_all(tmp_path_factory):
    """The sample with every per-case report in every format."""
    out = tmp_path_factory.mktemp("out_all")
    return _check(out, "--per-case", "all", "--format", "json,html,md"), out


def _finding(out, case_id, rule_id):
    case = read_case(out, f"{case_id}")
    return next(f for f in case["findings"] if f["rule_id"] == rule_id)


def test_exit_code_and_summary_reconcile_with_input_rows(sample_run):
    result, out = sample_run
    assert result.exit_code == 1
    summary = read_json(out / "summary.json")
    assert summary["counts"] == {"cases": 18, "eligible": 4, "ineligible": 4, "needs_review": 10}
    assert (summary["input_rows"], summary["skipped_empty_rows"], summary["rows_reconcile"]) == (19, 1, True)
    assert [c["input_row"] for c in summary["cases"]] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21]


def test_verdict_of_every_sample_case(sample_run):
    _, out = sample_run
    verdicts = [(c["case_id"], c["report"], c["verdict"], c["failed_rules"], c["missing_rules"])
                for c in read_json(out / "summary.json")["cases"]]
    assert verdicts == [
        ("WH-2020-001", "index", "eligible", [], []),
        ("WH-2020-002", "cases/WH-2020-002", "ineligible", ["ELIG-REGION"], []),
        ("WH-2020-003", "cases/WH-2020-003", "ineligible", ["ELIG-LEGAL-PERSON"], []),
        ("WH-2020-004", "cases/WH-2020-004", "ineligible", ["ELIG-EQUIP-INVEST-100W"], []),
        ("WH-2020-005", "index", "eligible", [], []),
        ("WH-2020-006", "cases/WH-2020-006", "needs_review", [], ["ELIG-APPROVAL-FILING"]),
        ("WH-2020-007", "cases/WH-2020-007", "ineligible", ["ELIG-POLICY-DIRECTION"], []),
        ("WH-2020-008", "cases/WH-2020-008", "needs_review", [], ["ELIG-REGION"]),
        ("WH-2020-009", "cases/WH-2020-009", "needs_review", ["INP-NUMBER"], ["ELIG-EQUIP-INVEST-100W"]),
        ("WH-2020-010", "cases/WH-2020-010", "needs_review", ["APP-BRANCH-LEGAL-PERSON"], []),
        ("WH-2020-011", "cases/WH-2020-011", "needs_review", ["APP-DUPLICATE-APPLICANT"], []),
        ("WH-2020-012", "cases/WH-2020-012", "needs_review", ["APP-DUPLICATE-APPLICANT"], []),
        ("WH-2020-013", "cases/row16", "needs_review", ["INP-DUPLICATE-ID", "APP-SUBMITTED-IN-WINDOW"], []),
        ("WH-2020-013", "cases/row17", "needs_review", ["INP-DUPLICATE-ID"], []),
        ("WH-2020-015", "index", "eligible", [], []),
        ("WH-2020-016", "index", "eligible", [], []),
        ("WH-2020-017", "cases/WH-2020-017", "needs_review", ["INP-USCC"], ["ELIG-REGION"]),
        ("WH-2020-018", "cases/WH-2020-018", "needs_review", ["INP-FORMULA"], []),
    ]


def test_equipment_threshold_finding_is_complete(sample_run):
    _, out = sample_run
    assert _finding(out, "WH-2020-004", "ELIG-EQUIP-INVEST-100W") == {
        "rule_id": "ELIG-EQUIP-INVEST-100W",
        "rule_version": 1,
        "title": {"zh": "年度设备投入100万元（含）以上", "en": "Annual equipment investment of at least 1,000,000 CNY (inclusive)"},
        "severity": "blocking",
        "outcome": "fail",
        "message": "年度设备投入 99.99 万元，低于 100 万元（含）的受理条件。",
        "remedy": "设备投入未达门槛，不符合受理条件；如填报有误，请提供设备投入的合同、发票等证明并更正金额。",
        "why": "受理条件之一；设备投入门槛决定项目是否属于本资金支持的技术改造规模。",
        "evidence": {"equipment_investment_wan": "99.99", "source": "申报汇总表!K6"},
        "parameters": {"min_equipment_investment_wan": "100"},
        "parameters_effective_from": {"min_equipment_investment_wan": "2020-01-01"},
        "citation": {"source": "001_92b0dbd82849a40b.txt", "lines": "2417", "quote": "且年度设备投入100（含）万元以上"},
    }


def test_region_finding_names_the_place_and_both_cells(sample_run):
    _, out = sample_run
    finding = _finding(out, "WH-2020-002", "ELIG-REGION")
    assert (finding["outcome"], finding["message"]) == ("fail", "注册地址“上海市静安区威海路88号”位于上海，不在威海市行政区域内。")
    assert finding["evidence"] == {
        "registered_address": "上海市静安区威海路88号",
        "uscc": "91310106MA1FY0XX52",
        "source": "申报汇总表!E4; 申报汇总表!D4",
        "sources": {"registered_address": "申报汇总表!E4", "uscc": "申报汇总表!D4"},
    }
    moved = _finding(out, "WH-2020-008", "ELIG-REGION")
    assert (moved["outcome"], moved["message"]) == (
        "missing",
        "注册地址“山东省威海市临港经济技术开发区草庙子镇”位于威海市，但统一社会信用代码 91370200MA3D0007FU 的登记机关区划码为 370200（非威海 3710），可能为迁入企业，也可能由省级或国家登记机关登记，需核实。",
    )


def test_unreadable_cell_is_an_inp_finding_naming_cell_value_and_form(sample_run):
    _, out = sample_run
    case = read_case(out, "WH-2020-009")
    inp = case["findings"][0]
    assert inp == {
        "rule_id": "INP-NUMBER",
        "rule_version": 1,
        "title": {"zh": "年度设备投入（万元）无法识别", "en": "Unreadable equipment_investment_wan"},
        "severity": "review",
        "outcome": "fail",
        "message": "申报汇总表!K11 的年度设备投入（万元）“约120万”无法识别；应为：数字，如 100、100.00、1,200.50、１２０、\"100万元\"。依赖此项的规则判为“待补充”。",
        "remedy": "请核实并按规定格式填写年度设备投入（万元）（数字，如 100、100.00、1,200.50、１２０、\"100万元\"）。",
        "evidence": {"equipment_investment_wan": "约120万", "source": "申报汇总表!K11", "column": "年度设备投入（万元）"},
        "why": "无法读取的值不能作为审核依据；读取该值的规则判为“待补充”。",
        "parameters": {"expected_form": "数字，如 100、100.00、1,200.50、１２０、\"100万元\""},
        "citation": {"source": "README.md", "lines": "", "quote": "年度设备投入（万元）：数字，如 100、100.00、1,200.50、１２０、\"100万元\"、\"1,000,000元\"，未写单位的按万元（元列自动换算）"},
    }
    equipment = next(f for f in case["findings"] if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert (equipment["outcome"], equipment["message"]) == ("missing", "年度设备投入未填写或无法识别（约120万）。")


def test_every_rule_appears_once_per_case_and_reports_state_their_provenance(sample_run, book):
    _, out = sample_run
    cases = all_cases(out)
    assert len(cases) == 18
    for case in cases:
        rule_ids = [f["rule_id"] for f in case["findings"] if not f["rule_id"].startswith("INP-")]
        assert rule_ids == book.workflow("W-05").check_rules
        assert case["rulebook_version"] == book.version_of("W-05")
        assert len(case["input_sha256"]) == 64 and case["workflow"] == "W-05"
        assert case["reference_date"] == {"date": "2020-07-31", "basis": "window_end"}


def test_applicant_text_is_never_executed(sample_run):
    _, out = sample_run
    html = case_text(out, "WH-2020-016")
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;项目&#39;)&lt;/script&gt;" in html
    sheet = load_workbook(out / "summary.xlsx").worksheets[0]
    names = {row[2].value: row[3] for row in sheet.iter_rows(min_row=4)}
    cell = names["WH-2020-016"]
    # the text exactly as written, kept as text by the cell's quotePrefix (what an apostrophe typed in Excel stores)
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", '=HYPERLINK("http://example.invalid","点击查看")', True)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_summary_workbook_is_grouped_by_district_printable_and_signable(sample_run):
    _, out = sample_run
    workbook = load_workbook(out / "summary.xlsx")
    assert workbook.sheetnames == ["审核汇总", "问题明细", "说明"]
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工业企业技术改造补助资金项目审核 申报审核汇总表"
    assert rows[1][0] == ("申报期 2020-07-01 至 2020-07-31；共 18 件：符合条件 4，不符合条件 4，需人工复核 10；"
                          f"申报材料 w05_applications.xlsx；审核规则版本 {read_json(out / 'summary.json')['rulebook_version']}")
    assert rows[2] == ("序号", "所在区市", "申报编号", "企业名称", "统一社会信用代码", "项目名称", "年度设备投入（万元）",
                       "项目总投资（万元）", "输入行", "审核结论", "主要问题", "人工复核后结论", "审核报告", "审核意见", "审核人", "复核人")
    # districts in the city's administrative order (高区, 经区, 临港区 are the zones' common names), numbered 1..18
    assert [r[1] for r in rows[3:]] == ["环翠区"] * 8 + ["文登区"] * 3 + ["荣成市"] * 2 + ["乳山市"] * 2 + ["高区", "经区", "临港区"]
    assert [r[0] for r in rows[3:]] == list(range(1, 19))
    # amounts as numbers, problems in words (no rule ids), sign-off columns blank, a link to the report
    assert next(r for r in rows[3:] if r[2] == "WH-2020-009") == (
        10, "文登区", "WH-2020-009", "文登泰和医疗器械有限公司", "91371003MA3D0008GD", "医疗器械洁净车间改造", "约120万", 600, 11,
        "需人工复核", "不通过：年度设备投入（万元）无法识别\n待补充：年度设备投入100万元（含）以上", None, "cases/WH-2020-009.html",
        None, None, None)
    link = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == "WH-2020-009")[12]
    assert link.hyperlink.target == "cases/WH-2020-009.html"
    # printed: A4 landscape, one page wide, the header row on every page
    assert (sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows) == ("A4", "A3:P21", "$3:$3")
    setup = sheet.page_setup
    # fitToWidth left out means 1 (its default in ECMA-376, which xlsxwriter relies on)
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # the rule ids reviewers need for their decisions are on the second sheet
    details = [r for r in workbook["问题明细"].iter_rows(values_only=True) if r[0] in ("申报编号", "WH-2020-009")]
    assert details == [
        ("申报编号", "输入行", "企业名称", "审核事项", "结果", "规则编号（填写人工复核决定时用）"),
        ("WH-2020-009", "row11", "文登泰和医疗器械有限公司", "年度设备投入（万元）无法识别", "不通过", "INP-NUMBER"),
        ("WH-2020-009", "row11", "文登泰和医疗器械有限公司", "年度设备投入100万元（含）以上", "待补充", "ELIG-EQUIP-INVEST-100W"),
    ]


def test_json_input_gives_the_same_verdicts(sample_run, run_cli, tmp_path):
    _, out = sample_run
    result = run_cli("check", SAMPLES / "w05_applications.json", "--workflow", "W-05", "--out", tmp_path, *WINDOW, "--quiet")
    assert result.exit_code == 1
    from_json = [(c["case_id"], c["verdict"]) for c in read_json(tmp_path / "summary.json")["cases"]]
    from_xlsx = [(c["case_id"], c["verdict"]) for c in read_json(out / "summary.json")["cases"]]
    # The workbook's formula cell (WH-2020-018) is the text "=K19*3" in JSON: unreadable either way.
    assert from_json == from_xlsx


def test_overrides_are_shown_beside_the_rule_outcome(run_cli, tmp_path):
    overrides = tmp_path / "overrides.json"
    overrides.write_text(json.dumps([{"case_id": "WH-2020-008", "rule_id": "ELIG-REGION", "decision": "通过",
                                      "reason": "已核营业执照，2019年迁入高区", "reviewer": "刘审核"}], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", out, *WINDOW, "--overrides", overrides, "--quiet")
    case = read_case(out, "WH-2020-008")
    region = next(f for f in case["findings"] if f["rule_id"] == "ELIG-REGION")
    assert region["outcome"] == "missing"
    assert region["override"] == {"case_id": "WH-2020-008", "rule_id": "ELIG-REGION", "decision": "pass",
                                  "reason": "已核营业执照，2019年迁入高区", "reviewer": "刘审核"}
    assert (case["verdict"], case["verdict_with_overrides"]) == ("needs_review", "eligible")
    # the Markdown report: the verdict line ends where it should (a block tag ending it ate the line break)
    lines = run_cli("show", out, "WH-2020-008", "--format", "md").stdout.splitlines()
    assert "- 审核结论：**需人工复核**；人工复核后：**符合条件**" in lines
    assert lines[lines.index("- 审核结论：**需人工复核**；人工复核后：**符合条件**") + 1].startswith("- 参考日期：")



def test_the_markdown_notice_summary_words_each_item_as_the_printed_notice_does(run_cli, tmp_path):
    """The Markdown summary of the 补正告知书 put 请： before remedies that begin with 请 (请：请说明…);
    the printed notice says 需补正：."""
    out = tmp_path / "out"
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", out, *WINDOW, "--quiet")
    lines = run_cli("show", out, "row16", "--format", "md").stdout.splitlines()
    # the notice's text is set solid as a letter is (h155); the list's own "1. " and " 需补正" keep their spaces
    assert lines[-2:] == ["1. 设备投入不超过项目总投资：年度设备投入480万元大于项目总投资360万元，数据前后矛盾。 需补正：请核实设备投入与项目总投资金额及单位（元/万元）并更正。",
                          "2. 在申报期内提交：申报日期2020年8月3日不在本轮申报期（2020年7月1日至2020年7月31日，含起止日）内。 需补正：请说明逾期（或提前）提交的原因。"]

def test_an_unknown_rule_id_in_the_overrides_names_the_id_meant(run_cli, tmp_path):
    """A rule id typed in lower case was refused as 未知的规则编号 app-duplicate-applicant, with no word
    on the id meant."""
    overrides = tmp_path / "复核决定.csv"
    overrides.write_text("case_id,rule_id,decision,reason,reviewer\nWH-2020-013,app-duplicate-applicant,通过,两个项目,张伟\n",
                         encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", *WINDOW, "--overrides", overrides)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误：复核决定.csv 第 1 条（复核决定!B2）：未知的规则编号 app-duplicate-applicant"
                                     "（是否为 APP-DUPLICATE-APPLICANT？）（fundcheck rules list 列出全部规则）")

def test_a_round_input_no_rule_of_the_workflow_reads_is_named_and_left_out_of_the_reports(run_cli, tmp_path):
    """W-05 reads no credit list and no key fields: given anyway, each report's 报告制作信息 listed
    不良信用记录名单 credit.csv and 本轮重点领域 as inputs of the check, and nothing said they were unused."""
    out = tmp_path / "out"
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", out, *WINDOW, "--key-fields", "智能制造、新材料",
                     "--credit-list", SAMPLES / "check" / "registers" / "credit.csv")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("注意：本次审核的规则不读取以下输入，已忽略（报告中不列出）：--credit-list（不良信用记录名单：credit.csv）、"
                                     "--key-fields（本轮重点领域：智能制造、新材料）")
    assert read_json(out / "summary.json")["inputs_not_read"] == [
        "--credit-list（不良信用记录名单：credit.csv）", "--key-fields（本轮重点领域：智能制造、新材料）"]
    html = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert "不良信用记录名单" not in html and "本轮重点领域" not in html

def test_every_rule_said_to_read_a_round_input_is_in_the_rulebook(book):
    from checker.check.registers import READ_BY

    assert [rule for _, rules in READ_BY.values() for rule in rules if rule not in book.rules] == []

def test_the_terminal_counts_the_verdicts_after_the_reviewers_decisions_too(run_cli, tmp_path):
    """The terminal gave only the rules' own counts (需人工复核 9) after a run with decisions: nothing
    said how many cases stood where once the decisions were taken."""
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-008,ELIG-REGION,通过,已核营业执照，2019年迁入高区,刘审核\n",
                         encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", *WINDOW, "--overrides", overrides)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("— 符合条件 4，不符合条件 4，需人工复核 10。")
    assert lines[1] == "采纳人工复核决定后（1 件有复核决定）：符合条件 5，不符合条件 4，需人工复核 9。以上件数按规则本身的结论；退出码为 0 须两者都全部符合条件。"


def test_a_case_a_reviewer_made_ineligible_is_not_an_all_eligible_run(run_cli, tmp_path):
    """One eligible application and a decision failing its 核准/备案: its 不予受理告知书 is written, yet
    the run exited 0, 全部符合条件."""
    applications = [row for row in json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))
                    if row["申报编号"] == "WH-2020-001"]
    data = tmp_path / "one.json"
    data.write_text(json.dumps(applications, ensure_ascii=False), encoding="utf-8")
    overrides = tmp_path / "复核决定.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-001,ELIG-APPROVAL-FILING,不通过,备案文号经查不存在,张伟\n",
                         encoding="utf-8")
    clean = run_cli("check", data, "--out", tmp_path / "clean", *WINDOW, "--quiet")
    decided = run_cli("check", data, "--out", tmp_path / "out", *WINDOW, "--overrides", overrides, "--quiet")
    assert (clean.exit_code, decided.exit_code) == (0, 1)
    assert (tmp_path / "out" / "cases" / "WH-2020-001.html").is_file()


def _workbook(path, headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_missing_required_column_exits_2_naming_it_and_listing_headers(run_cli, tmp_path):
    path = _workbook(tmp_path / "a.xlsx", ["申报编号", "企业名称", "注册地址"], [["A-1", "某公司", "威海市环翠区"]])
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    # the columns by their headers only: the contract's internal field names (uscc, legal_person) were printed beside them
    assert result.stderr.strip() == ("错误：a.xlsx (Sheet) 缺少 W-05 必需的列：统一社会信用代码、是否独立法人、符合产业政策方向、"
                                     "核准/备案文号、年度设备投入（万元）；表中的列：申报编号、企业名称、注册地址"
                                     # h38: run without --workflow, the refusal says which workflow it defaulted to
                                     "；本次未用 --workflow 指定流程，按默认的 W-05（工业企业技术改造补助）核对，"
                                     "其他流程的申报表请加 --workflow（如 --workflow W-12）")
    assert "Traceback" not in result.output


def test_a_file_of_several_lacking_a_column_is_named_with_its_own_sheet_name(run_cli, tmp_path):
    """With several input files, cell references begin with the file ("[b.xlsx]Sheet"): the refusal
    named the file as "b.xlsx ([b.xlsx]申报汇总表)"; it names the file once and the sheet by its name."""
    full = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "符合产业政策方向", "核准/备案文号", "年度设备投入（万元）"]
    a = _workbook(tmp_path / "a.xlsx", full, [["A-1", "某公司", "91371000MA3C00000X", "威海市环翠区", "是", "是", "x", "150"]])
    b = _workbook(tmp_path / "b.xlsx", ["申报编号", "企业名称"], [["B-1", "某公司"]])
    result = run_cli("check", a, b, "--out", tmp_path / "out", *WINDOW)
    sheet = load_workbook(b).active.title
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：b.xlsx ({sheet}) 缺少 W-05 必需的列：")
    assert "[b.xlsx]" not in result.stderr


@pytest.mark.parametrize("content,expected", [(b"not a workbook", "broken.xlsx」：不是 .xlsx 工作簿（不是 zip 包）")])
def test_corrupt_file_exits_2_with_one_sentence(run_cli, tmp_path, content, expected):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert (result.exit_code, expected in result.stderr) == (2, True)


def test_zip_that_is_not_a_workbook_exits_2(run_cli, tmp_path):
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "hi")
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, f"错误：无法读取申报文件「{path}」：不是可读的 .xlsx 工作簿（文件已损坏，或并非该格式）："
                                                    "请在 Excel 或 WPS 中打开后另存为 .xlsx 再试\n")  # was the reader's English


def test_unknown_workflow_exits_2(run_cli, tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-99", "--out", tmp_path)
    assert result.exit_code == 2 and "未知的流程「W-99」" in result.stderr


def test_malformed_jsonl_line_becomes_a_case_not_a_crash(run_cli, tmp_path, book):
    good = {"申报编号": "J-1", "企业名称": "威海某某有限公司", "统一社会信用代码": "91371002MA3C8XK25F", "注册地址": "威海市环翠区世昌大道1号",
            "是否独立法人": "是", "符合产业政策方向": "是", "核准（备案）文号": "2020-371002-34-03-012345", "年度设备投入（万元）": "150",
            "项目总投资（万元）": "300", "申报日期": "2020-07-02"}
    path = tmp_path / "apps.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n{broken json\n", encoding="utf-8")
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["verdict"]) for c in summary["cases"]] == [("J-1", "eligible"), ("row2", "needs_review")]
    broken = read_case(tmp_path / "out", "row2")
    assert broken["findings"][0]["rule_id"] == "INP-RECORD"
    assert broken["findings"][0]["message"].startswith("JSONL 第 2 条：第 2 行不是有效的 JSON")


def test_all_eligible_batch_exits_0(run_cli, tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps([{"申报编号": "OK-1", "企业名称": "威海某某有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
                                 "注册地址": "威海市环翠区世昌大道1号", "是否独立法人": "是", "符合产业政策方向": "是",
                                 "核准（备案）文号": "2020-371002-34-03-012345", "年度设备投入（万元）": 100, "项目总投资（万元）": 100,
                                 "申报日期": "2020-07-02"}], ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0


def test_two_processes_give_the_same_outputs(tmp_path):
    """--jobs 2 on a batch larger than one chunk writes byte-identical outputs, every file."""
    from benchmarks.generate import write_workbook
    from click.testing import CliRunner

    from checker.cli import cli

    path = write_workbook(tmp_path / "big.xlsx", 600, seed=7)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        CliRunner().invoke(cli, ["check", str(path), "--out", str(out), "--jobs", jobs, "--quiet"], catch_exceptions=False)
        outs.append(out)
    one = {p.relative_to(outs[0]).as_posix(): p.read_bytes() for p in outs[0].rglob("*") if p.is_file()}
    two = {p.relative_to(outs[1]).as_posix(): p.read_bytes() for p in outs[1].rglob("*") if p.is_file()}
    flagged = [c for c in read_json(outs[0] / "summary.json")["cases"] if c["verdict"] != "eligible"]
    assert sorted(one) == sorted([".fundcheck-run.json", "cases.jsonl", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html",
                                  *(f"{c['report']}.html" for c in flagged)])
    assert one == two
    assert len(one["cases.jsonl"].splitlines()) == 600


def test_messy_workbook_titles_above_header_numeric_ids_and_a_totals_row(run_cli, tmp_path):
    """A district's export: two title lines, headers with line breaks and half-width brackets,
    numeric ids, ✓ for yes, a datetime cell, blank rows and a 合计 row with formulas."""
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["威海市2021年技改补助项目汇总表"])
    sheet.append(["填报单位：文登区工信局"])
    sheet.append(["序号", "项目编号", "申报单位", "统一社会\n信用代码", "注册地", "所属区市", "独立法人资格", "项目名称",
                  "核准(备案)文号", "年度设备投资(万元)", "总投资（万元）", "产业政策符合性", "申报日期"])
    sheet.append([1, 1001, "威海文登精工有限公司", "91371003ma3d0001xe", "山东省威海市文登区龙山路2号", "文登区", "√", "精工产线",
                  "文发改备〔2021〕7号", 150, 600, "符合", dt.datetime(2021, 7, 5)])
    sheet.append([2, 1002, "威海文登化纤有限公司", " 91371003MA3D0008GD ", "文登区米山镇", "文登区", "是", "化纤改造", "无", "１５０",
                  900, "是", "2021.7.6"])
    sheet.append([None] * 13)
    sheet.append(["合计", None, None, None, None, None, None, None, None, "=SUM(J4:J5)", "=SUM(K4:K5)"])
    workbook.save(tmp_path / "messy.xlsx")
    result = run_cli("check", tmp_path / "messy.xlsx", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["header_row"], summary["input_rows"], summary["skipped_empty_rows"], summary["skipped_total_rows"]) == (3, 4, 1, [7])
    assert [(c["case_id"], c["input_row"], c["verdict"], c["failed_rules"]) for c in summary["cases"]] == [
        ("1001", 4, "eligible", []),
        ("1002", 5, "ineligible", ["ELIG-APPROVAL-FILING"]),
    ]
    equipment = _finding(tmp_path / "out", "1002", "ELIG-EQUIP-INVEST-100W")
    assert (equipment["outcome"], equipment["evidence"]) == ("pass", {"equipment_investment_wan": "150", "source": "Sheet!J5"})


def test_clashing_report_names_fall_back_to_row_numbers(run_cli, tmp_path):
    """Ids that differ only in unsafe characters, an id that looks like row<N>, a blank id and a
    very long id: every case keeps its own report file."""
    base = {"企业名称": "威海某某有限公司", "统一社会信用代码": "91371002MA3C8XK25F", "注册地址": "威海市环翠区世昌大道1号",
            "是否独立法人": "是", "符合产业政策方向": "是", "核准（备案）文号": "2020-371002-34-03-012345",
            "年度设备投入（万元）": 150, "项目总投资（万元）": 300, "申报日期": "2020-07-02"}
    ids = ["A/1", "A_1", "row4", "", "项" * 100]
    path = tmp_path / "apps.json"
    path.write_text(json.dumps([dict(base, 申报编号=i) for i in ids], ensure_ascii=False), encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["report"]) for c in summary["cases"]] == [
        ("A/1", "cases/row1"), ("A_1", "cases/row2"), ("row4", "cases/row3"), ("row4", "cases/row4"), ("项" * 100, "cases/row5"),
    ]
    assert summary["cases"][3]["case_id"] == "row4"  # the blank id of input record 4
    assert len(list((tmp_path / "out" / "cases").glob("*.json"))) == 5


def test_an_id_that_looks_like_a_row_name_in_other_letters_takes_its_own_row_name(run_cli, tmp_path):
    """ROW2 on record 1 and record 2 with no id: the reports ROW2.json and row2.json are one file on
    Windows and macOS (h55: the run stopped there with 无法写入…：文件已存在; before, one report
    silently replaced the other). An id that reads as row<N> in any case is named by its own row."""
    base = {"企业名称": "威海某某有限公司", "统一社会信用代码": "91371002MA3C8XK25F", "注册地址": "威海市环翠区世昌大道1号",
            "是否独立法人": "是", "符合产业政策方向": "是", "核准（备案）文号": "2020-371002-34-03-012345",
            "年度设备投入（万元）": 150, "项目总投资（万元）": 300, "申报日期": "2020-07-02"}
    path = tmp_path / "apps.json"
    path.write_text(json.dumps([dict(base, 申报编号=i) for i in ("ROW2", "", "Row9", "北区-ROW1")], ensure_ascii=False),
                    encoding="utf-8")
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["report"]) for c in summary["cases"]] == [
        ("ROW2", "cases/row1"), ("row2", "cases/row2"), ("Row9", "cases/row3"), ("北区-ROW1", "cases/row4")]
    assert sorted(p.name for p in (tmp_path / "out" / "cases").glob("*.json")) == ["row1.json", "row2.json", "row3.json", "row4.json"]


def test_cached_formula_errors_are_unreadable_not_blank(run_cli, tmp_path):
    """#N/A from a VLOOKUP must not read as an empty 文号 (which would fail the case)."""
    import zipfile as zf

    path = tmp_path / "err.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "核准（备案）文号", "年度设备投入（万元）",
                  "项目总投资（万元）", "符合产业政策方向", "申报日期"])
    sheet.append(["E-1", "威海某某有限公司", "91371002MA3C8XK25F", "威海市环翠区世昌大道1号", "是", "=VLOOKUP(A2,X!A:B,2,0)", 150, 300,
                  "是", "2020-07-02"])
    workbook.save(path)
    # give the formula a cached error value, as Excel saves it
    with zf.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet_xml.index('<c r="F2"')
    end = sheet_xml.index("</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = (
        sheet_xml[:start] + '<c r="F2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c>' + sheet_xml[end:]
    ).encode()
    with zf.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "E-1")
    assert [(f["rule_id"], f["outcome"]) for f in case["findings"][:1]] == [("INP-FORMULA", "fail")]
    assert case["findings"][0]["message"] == (
        "Sheet!F2 的核准/备案文号为公式，公式结果为错误值 #N/A，无法作为内容使用；依赖此项的规则判为“待补充”。"
    )
    approval = next(f for f in case["findings"] if f["rule_id"] == "ELIG-APPROVAL-FILING")
    assert approval["outcome"] == "missing" and case["verdict"] == "needs_review"


def test_template_rows_with_only_a_number_are_empty(run_cli, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "核准（备案）文号", "年度设备投入（万元）",
                  "项目总投资（万元）", "符合产业政策方向", "申报日期"])
    sheet.append([1, "T-1", "威海某某有限公司", "91371002MA3C8XK25F", "威海市环翠区世昌大道1号", "是", "2020-371002-34-03-012345",
                  150, 300, "是", "2020-07-02"])
    sheet.append([2])
    sheet.append([3])
    sheet.append([None, "合计", None, None, None, None, None, 150, 300])
    workbook.save(tmp_path / "t.xlsx")
    result = run_cli("check", tmp_path / "t.xlsx", "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert result.exit_code == 0
    assert (summary["counts"]["cases"], summary["skipped_empty_rows"], summary["skipped_total_rows"]) == (1, 2, [5])


def test_gbk_json_and_header_only_workbook(run_cli, tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps([{"申报编号": "G-1", "企业名称": "威海某某有限公司"}], ensure_ascii=False).encode("gbk"))
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "必需的列：" in result.stderr  # read, then judged
    empty = _workbook(tmp_path / "empty.xlsx", ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "核准（备案）文号",
                                               "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"], [])
    result = run_cli("check", empty, "--out", tmp_path / "out2")
    assert result.exit_code == 2 and "表头下没有申报行" in result.stderr


def test_group_c_check_with_registers_judged_at_the_reference_date(run_cli, tmp_path):
    """W-12: pledge, district recommendation, credit register and opt-in debarments, --as-of."""
    apps = [
        {"申报编号": "Z-1", "企业名称": "威海甲公司", "统一社会信用代码": "91371002MA3C8XK25F", "真实性承诺": "已签署", "推荐文号": "环工信字〔2021〕3号"},
        {"申报编号": "Z-2", "企业名称": "威海乙公司", "统一社会信用代码": "91371003MA3D0001XE", "真实性承诺": "已签署", "推荐文号": "文工信字〔2021〕5号"},
        {"申报编号": "Z-3", "企业名称": "威海丙公司", "统一社会信用代码": "91371083MA3D0002AG", "真实性承诺": "未签署", "推荐文号": ""},
        {"申报编号": "Z-4", "企业名称": "威海丁公司", "统一社会信用代码": "91371000MA3D0003BD", "真实性承诺": "是", "推荐文号": "高工信字〔2021〕1号"},
    ]
    credit = [{"统一社会信用代码": "91371003MA3D0001XE", "记录类型": "失信被执行人", "认定日期": "2021-03-01", "来源": "信用中国"},
              {"统一社会信用代码": "91371002MA3C8XK25F", "记录类型": "经营异常", "认定日期": "2021-09-01", "来源": "信用中国"}]
    debarred = [{"统一社会信用代码": "91371000MA3D0003BD", "专项名称": "专精特新奖励资金", "起始日期": "2020-05-01", "期限（年）": 2}]
    for name, data in (("apps.json", apps), ("credit.json", credit), ("debar.json", debarred)):
        (tmp_path / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "apps.json", "--workflow", "W-12", "--out", tmp_path / "out", "--as-of", "2021-06-30",
                     "--credit-list", tmp_path / "credit.json", "--debarments", tmp_path / "debar.json",
                     "--fund-name", "专精特新奖励资金", "--quiet")
    assert result.exit_code == 1
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["verdict"], c["failed_rules"]) for c in summary["cases"]] == [
        ("Z-1", "eligible", []),  # its credit record dates from after the reference date
        ("Z-2", "needs_review", ["ELIG-CREDIT-CLEAN"]),  # the seeds require the query, not its consequence (AMB-19)
        ("Z-3", "ineligible", ["APP-TRUTH-PLEDGE", "APP-DISTRICT-RECOMMEND-DOC"]),
        ("Z-4", "ineligible", ["ELIG-NOT-DEBARRED"]),
    ]
    case = read_case(tmp_path / "out", "Z-2")
    assert case["reference_date"] == {"date": "2021-06-30", "basis": "as_of"}
    credit_finding = next(f for f in case["findings"] if f["rule_id"] == "ELIG-CREDIT-CLEAN")
    assert credit_finding["message"] == "统一社会信用代码 91371003MA3D0001XE 在不良信用记录名单中有参考日期当日或之前认定的记录：失信被执行人（认定日期 2021-03-01，来源 信用中国）。"


def test_format_names_are_case_insensitive(run_cli, tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path, *WINDOW, "--format", "JSON,Html,MD", "--quiet",
                     "--per-case", "all")
    assert result.exit_code == 1
    assert sorted(p.suffix for p in (tmp_path / "cases").glob("WH-2020-001.*")) == [".html", ".json", ".md"]
    refused = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "x", *WINDOW, "--format", "pdf")
    assert refused.exit_code == 2 and "错误：--format 可取 json、html、md（可用逗号组合，如 json,html）；收到「pdf」" in refused.stderr


def test_progress_knows_the_total_before_the_first_case(book, tmp_path):
    from checker.check.batch import CheckOptions, run_check
    from checker.check.facts import BatchContext

    calls = []
    run_check([SAMPLES / "w05_applications.xlsx"], book, CheckOptions("W-05", tmp_path), BatchContext(), {},
              progress=lambda *args: calls.append(args))
    assert calls[0] == (0, 18)  # 18 applications (the blank row is not one)
    assert sum(args[0] for args in calls[1:]) == 18 and all(len(args) == 1 for args in calls[1:])


def test_ids_differing_in_case_beside_a_duplicate_never_share_a_report(run_cli, tmp_path):
    """wh-1 once and WH-1 twice: three reports, each named after its row (one file per case on any disk)."""
    base = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))[0]
    rows = [dict(base, 申报编号=i, 企业名称=n) for i, n in (("wh-1", "甲"), ("WH-1", "乙"), ("ＷＨ－１", "丙"))]
    (tmp_path / "in.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "in.json", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    cases = read_json(tmp_path / "out" / "summary.json")["cases"]
    assert [(c["case_id"], c["report"]) for c in cases] == [("wh-1", "cases/row1"), ("WH-1", "cases/row2"), ("WH-1", "cases/row3")]
    assert [read_case(tmp_path / "out", c["report"].split("/")[-1])["application"]["company_name"]["value"] for c in cases] == ["甲", "乙", "丙"]


def test_a_decision_for_an_id_shared_by_two_rows_is_refused_with_a_note(run_cli, tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-013,APP-SUBMITTED-IN-WINDOW,通过,邮戳在期内,张三\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", *WINDOW, "--overrides", overrides, "--quiet")
    assert result.exit_code == 1
    assert result.stderr.strip() == "注意：复核决定中的申报编号 WH-2020-013 在本批中不止一行，未采用；请改以输入行号（row16、row17）填写。"
    summary = read_json(tmp_path / "out" / "summary.json")
    assert summary["ambiguous_overrides"] == ["WH-2020-013"]
    assert [c["verdict_with_overrides"] for c in summary["cases"] if c["case_id"] == "WH-2020-013"] == [None, None]


def test_a_decision_without_its_reason_or_with_an_unknown_rule_names_its_cell(run_cli, tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-008,ELIG-REGION,通过,,张三\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", *WINDOW, "--overrides", overrides, "--quiet")
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：overrides.csv 第 1 条：复核决定须写明理由和复核人，理由（overrides!D2）未填写"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-008,ELIG-REGON,通过,核实在威海,张三\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", *WINDOW, "--overrides", overrides, "--quiet")
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误：overrides.csv 第 1 条（overrides!B2）：未知的规则编号 ELIG-REGON（fundcheck rules list 列出全部规则）"


@pytest.mark.parametrize("written,meant", [("W12", "W-12"), ("w-5", "W-05"), ("Ｗ－１２", "W-12"), ("n4", "N-04")])
def test_a_mistyped_workflow_id_is_refused_naming_the_one_meant(run_cli, tmp_path, written, meant):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", written, "--out", tmp_path / "out")
    assert result.exit_code == 2
    # the list names the workflows check runs: not the recommendation rounds W-17 … W-21, W-23 (audited only)
    assert result.stderr == (f"错误：未知的流程「{written}」（是否为 {meant}？）；可审核申报的流程：L-03, N-01, N-02, N-03, N-04, N-05, "
                             "N-06, N-07, N-08, N-09, N-10, W-01, W-02, W-03, W-04, W-05, W-06, W-07, W-08, W-09, W-10, W-12, "
                             "W-13, W-14, W-15, W-16, W-22\n")


def test_an_amount_under_one_wan_in_a_yuan_column_is_questioned_not_refused(run_cli, tmp_path):
    # 100 typed in 年度设备投入（元） for 100 万元 read as 0.01 万元 and failed the threshold: a 不予受理告知书
    # that itself asked whether the unit was meant. A question is a review (h34): INP-UNIT, the
    # condition 待补充, the 补正告知书 asks. A cell writing its unit (0.5万, 100元) says what was meant.
    base = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))[0]
    rows = []
    for number, written in ((1, "100"), (2, "1500000"), (3, "0.5万"), (4, "100元"), (5, "0")):
        row = {k: v for k, v in base.items() if k != "年度设备投入（万元）"}
        rows.append({**row, "申报编号": f"YU-{number}", "统一社会信用代码": base["统一社会信用代码"] if number == 1 else None,
                     "年度设备投入（元）": written})
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    run_cli("check", tmp_path / "a.json", "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW, "--quiet")
    lines = [json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    notes = {case["case_id"]: {f["rule"].split("@")[0]: f["evidence"].get("equipment_investment_wan_note") for f in case["findings"]
                               if f["rule"].startswith(("ELIG-EQUIP-INVEST-100W", "INP-UNIT"))} for case in lines}
    slip = "填写的 100 元不足 1 万元，请核实是否把万元数填进了“元”列"
    assert notes == {"YU-1": {"INP-UNIT": slip, "ELIG-EQUIP-INVEST-100W": slip},
                     "YU-2": {"ELIG-EQUIP-INVEST-100W": "元列按 1 万元 = 10000 元换算"},
                     # a cell writing its unit says what was meant: not asked
                     "YU-3": {"ELIG-EQUIP-INVEST-100W": "所填单位为万元，未按元列换算"},  # said once (h99)
                     "YU-4": {"ELIG-EQUIP-INVEST-100W": "元列按 1 万元 = 10000 元换算"},
                     "YU-5": {"ELIG-EQUIP-INVEST-100W": "元列按 1 万元 = 10000 元换算"}}
    outcomes = {case["case_id"]: next(f["outcome"] for f in case["findings"] if f["rule"].startswith("ELIG-EQUIP-INVEST-100W"))
                for case in lines}
    assert outcomes == {"YU-1": "missing", "YU-2": "pass", "YU-3": "fail", "YU-4": "fail", "YU-5": "fail"}
    # the applicant is asked about the unit in a 补正告知书, not refused on 0.01 万元
    notice = (tmp_path / "out" / "cases" / "YU-1.html").read_text(encoding="utf-8")
    assert "申报材料补正告知书" in notice and "不予受理告知书" not in notice
    # the notice's text is set solid as a letter is (h155)
    assert "年度设备投入未填写或无法识别（100，单位存疑）。（填写的100元不足1万元，请核实是否把万元数填进了“元”列。）" in notice
    assert "请核实是否把万元数" not in (tmp_path / "out" / "cases" / "YU-4.html").read_text(encoding="utf-8")


def test_an_id_held_as_a_number_of_more_than_15_digits_is_named_not_shown_as_if_exact(run_cli, tmp_path):
    # A 申报编号 typed as a 20-digit number: the spreadsheet kept 15 significant digits and the
    # report showed 12345678901234567168 as the id without a word (helper-38's item).
    headers = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "符合产业政策方向", "核准/备案文号", "年度设备投入（万元）"]
    base = ["某公司", "91371000MA3C00000X", "威海市环翠区", "是", "是", "x", "150"]
    path = _workbook(tmp_path / "a.xlsx", headers, [[12345678901234567890, *base], [2020070100012, *base]])
    run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW, "--quiet")
    cases = {json.loads(line)["case_id"]: json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()}
    sheet = load_workbook(path).active.title
    [long_id] = [case_id for case_id in cases if case_id != "2020070100012"]
    found = [f for f in cases[long_id]["findings"] if f.get("rule", "").startswith("INP-ID-DIGITS")]
    assert [f["message"] for f in found] == [
        f"{sheet}!A2 的申报编号“{long_id}”是一个超过 15 位的数字：电子表格只保存数字的前 15 位有效数字，其后各位可能已被改变，本报告中的编号未必是原编号。"]
    assert found[0]["remedy"] == "请把申报编号列设为文本格式，按原编号重新填写后再审核。"
    assert not [f for f in cases["2020070100012"]["findings"] if f.get("rule", "").startswith("INP-ID-DIGITS")]


def test_an_empty_workflow_id_says_none_was_given(run_cli, tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", " ", "--out", tmp_path / "out")
    assert result.exit_code == 2 and result.stderr.startswith("错误：未给出流程编号；可用的流程：L-03, N-01,")
