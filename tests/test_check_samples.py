"""Every workflow's sample workbook through `fundcheck check`, as samples/README.md describes it; the
W-12 sample with the sample conditions; optional columns; a batch of several district files."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLES, all_cases, case_text, read_case, read_json, run_cli

CHECK, REGISTERS = SAMPLES / "check", SAMPLES / "check" / "registers"
AS_OF = ("--as-of", "2021-06-30")
KEY_FIELDS = ("--key-fields", "智能制造、新材料、电子信息")
GROUP_C = ("--credit-list", REGISTERS / "credit.csv", "--fraud-findings", REGISTERS / "fraud_findings.csv", "--with-funds")
OPTIONS = {
    "W-01": (*KEY_FIELDS, "--reserve-pool", REGISTERS / "reserve_pool.csv"), "W-02": KEY_FIELDS, "W-03": (),
    "W-06": KEY_FIELDS, "W-07": KEY_FIELDS, "W-08": ("--recognitions", REGISTERS / "recognitions.csv"), "W-09": (), "W-10": (),
    "W-13": GROUP_C, "W-14": GROUP_C, "W-15": GROUP_C, "W-16": GROUP_C,
}
# samples/README.md: the rows of every group sample
GROUP_ROWS = {
    "01": ("eligible", [], []), "02": ("ineligible", ["APP-TRUTH-PLEDGE"], []),
    "03": ("needs_review", ["APP-SUPPORTING-EVIDENCE"], []), "04": ("needs_review", ["APP-DISTRICT-PRELIM"], []),
    "05": ("needs_review", ["APP-DISTRICT-RECOMMEND-DOC"], []), "06": ("ineligible", ["ELIG-KEY-FIELD"], []),
    "07": ("ineligible", ["ELIG-RESERVE-POOL"], []), "08": ("needs_review", ["APP-CITY-RE-REVIEW"], []),
    "09": ("ineligible", ["ELIG-RECOGNISED-FOR-REWARD"], []), "10": ("needs_review", ["ELIG-CREDIT-CLEAN"], []),  # the notice is not given: AMB-19
    "11": ("ineligible", ["ELIG-NO-FRAUD-FINDING"], []), "12": ("needs_review", ["APP-FUNDS-PROCESS-FORM"], []),
}


def _cases(out):
    return {c["case_id"]: (c["verdict"], c["failed_rules"], c["missing_rules"]) for c in read_json(out / "summary.json")["cases"]}


@pytest.mark.parametrize("workflow", sorted(OPTIONS))
def test_every_workflow_runs_on_its_sample_as_the_readme_says(tmp_path, book, workflow):
    result = run_cli("check", CHECK / f"{workflow}_applications.xlsx", "--workflow", workflow, *AS_OF, *OPTIONS[workflow],
                     "--out", tmp_path, "--quiet")
    assert result.exit_code == 1, result.stderr
    cases = _cases(tmp_path)
    assert cases == {case_id: GROUP_ROWS[case_id.split("-")[1]] for case_id in cases}
    assert {"01", "02", "03", "04", "05"} <= {case_id.split("-")[1] for case_id in cases}
    for path in (tmp_path / "cases").glob("*.json"):  # every rule of the profile, once, in order
        rule_ids = [f["rule_id"] for f in read_json(path)["findings"] if not f["rule_id"].startswith("INP-")]
        assert rule_ids == book.workflow(workflow).check_rules


W12 = {  # samples/README.md, "W-12 with the sample conditions"
    "W12-01": ("eligible", [], []), "W12-02": ("ineligible", ["APP-TRUTH-PLEDGE"], []),
    "W12-03": ("needs_review", ["APP-SUPPORTING-EVIDENCE"], []), "W12-04": ("needs_review", ["APP-DISTRICT-PRELIM"], []),
    "W12-05": ("needs_review", ["APP-DISTRICT-RECOMMEND-DOC"], []), "W12-08": ("needs_review", ["APP-CITY-RE-REVIEW"], []),
    "W12-10": ("ineligible", ["ELIG-CREDIT-CLEAN"], []), "W12-11": ("ineligible", ["ELIG-NO-FRAUD-FINDING"], []),
    "W12-12": ("needs_review", ["APP-FUNDS-PROCESS-FORM"], []), "W12-13": ("ineligible", ["COND-1"], []),
    "W12-14": ("ineligible", ["COND-2"], []), "W12-15": ("ineligible", ["COND-3"], []),
    "W12-16": ("needs_review", ["INP-PERCENT"], ["COND-3"]), "W12-17": ("ineligible", ["COND-4"], []),
    "W12-18": ("needs_review", ["COND-5"], []), "W12-19": ("ineligible", ["COND-6"], []),
    "W12-20": ("needs_review", ["COND-7"], []), "W12-21": ("eligible", [], []),
}


@pytest.fixture(scope="module")
def w12_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("w12")
    result = run_cli("check", CHECK / "W-12_applications.xlsx", "--workflow", "W-12", "--conditions",
                     SAMPLES / "conditions" / "W-12_conditions.xlsx", *AS_OF, *GROUP_C, "--out", out, "--quiet", "--format", "json,html,md")
    return result, out


def test_w12_sample_with_the_sample_conditions_gives_what_the_readme_says(w12_run, book):
    result, out = w12_run
    assert result.exit_code == 1, result.stderr
    assert _cases(out) == W12
    summary = read_json(out / "summary.json")
    assert summary["conditions"]["notice_number"] == "威工信字〔2021〕18号（示例）"
    assert len(summary["conditions"]["sha256"]) == 64
    case = read_case(out, "W12-01")
    ids = [f["rule_id"] for f in case["findings"]]
    assert ids == [*book.workflow("W-12").check_rules, *(f"COND-{n}" for n in range(1, 9))]


def test_a_condition_finding_is_complete_and_cites_the_notice_beside_the_seed(w12_run):
    _, out = w12_run
    finding = next(f for f in read_case(out, "W12-14")["findings"] if f["rule_id"] == "COND-2")
    sha = read_json(out / "summary.json")["conditions"]["sha256"]
    assert finding == {
        "rule_id": "COND-2",
        "rule_version": sha[:12],
        "title": {"zh": "上年度营业收入1000万元以上", "en": "Round condition 2 of 威工信字〔2021〕18号（示例）"},
        "severity": "blocking",
        "outcome": "fail",
        "message": "上年度营业收入（万元）填写为 980 万元，本轮条件要求不低于 1000 万元，不符合本条件。",  # h151's wording
        "remedy": "不符合本轮申报条件“上年度营业收入1000万元以上”；如填报有误，请提供证明材料并更正上年度营业收入（万元）。",
        "why": "本轮申报通知威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》第二条（二）"
               "规定的申报条件；区市工信部门按确定的申报条件遴选审核，市工信局按申报的条件复审。",
        "evidence": {"上年度营业收入（万元）": "980 万元", "上年度营业收入（万元）_note": "按大写金额“玖佰捌拾万元整”读取",
                     "source": "申报汇总表!L12"},
        "parameters": {},
        "parameters_effective_from": {},
        "citation": {"source": "威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》",
                     "clause": "第二条（二）", "quote": "上年度营业收入1000万元以上"},
        "citations": [
            {"source": "威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》",
             "clause": "第二条（二）", "quote": "上年度营业收入1000万元以上"},
            {"source": "001_92b0dbd82849a40b.txt", "lines": "4058", "quote": "按照确定的申报条件"},
        ],
        "family": "ELIG-ROUND-CONDITIONS",
    }


def test_w12_reports_state_the_conditions_file_and_what_was_not_checked(w12_run):
    _, out = w12_run
    html = case_text(out, "W12-16")
    assert "威工信字〔2021〕18号（示例）" in html and read_json(out / "summary.json")["conditions"]["sha256"] in html
    assert "研发投入占比“0.05”无法识别（0.05 在 0 与 1 之间，列名未注明 %，无法确定是 0.05% 还是 5%）" in html
    not_in_force = next(f for f in read_case(out, "W12-21")["findings"] if f["rule_id"] == "COND-8")
    assert not_in_force["message"] == "本条件自 2021-07-01 起施行，参考日期 2021-06-30 时尚未施行，不适用。"
    md = case_text(out, "W12-01", "md")
    assert "申报条件：威工信字〔2021〕18号（示例）" in md


def test_w04_sample(tmp_path):
    result = run_cli("check", CHECK / "W-04_applications.xlsx", "--workflow", "W-04", "--catalogue",
                     SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv", "--out", tmp_path, "--quiet")
    assert result.exit_code == 1
    assert _cases(tmp_path) == {
        "W04-01": ("needs_review", [], ["ELIG-BELOW-LIMIT"]),
        "W04-02": ("ineligible", ["ELIG-CATALOGUE-ENCOURAGED"], ["ELIG-BELOW-LIMIT"]),
        "W04-03": ("ineligible", ["ELIG-CATALOGUE-ENCOURAGED"], ["ELIG-BELOW-LIMIT"]),
        "W04-04": ("needs_review", [], ["ELIG-BELOW-LIMIT"]),
        "W04-05": ("needs_review", [], ["ELIG-BELOW-LIMIT"]),
        "W04-06": ("needs_review", [], ["ELIG-BELOW-LIMIT"]),
        "W04-07": ("ineligible", ["ELIG-BELOW-LIMIT"], []),
        "W04-08": ("needs_review", ["APP-ONLINE-PORTAL"], ["ELIG-BELOW-LIMIT"]),
    }
    foreign = next(f for f in read_case(tmp_path, "W04-05")["findings"] if f["rule_id"] == "ELIG-FOREIGN-CATALOGUE")
    assert foreign["outcome"] == "pass" and foreign["other_reading"] == {"reading": "两目录均须列入口径", "outcome": "fail", "differs": True}
    route = next(f for f in read_case(tmp_path, "W04-06")["findings"] if f["rule_id"] == "ELIG-INVEST-5000W-ROUTE")
    assert (route["severity"], route["outcome"]) == ("advisory", "fail")


def test_w11_is_out_with_its_reason(tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-11", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "错误：W-11 不在申报审核范围：履职清单中本流程的正文是政策起草流程的逐字重复，"
        "没有申报单位的任何步骤，无从据以审核。"
    )


def _without_column(source, target, header):
    workbook = load_workbook(source)
    sheet = workbook.active
    found = [cell for row in sheet.iter_rows(max_row=3) for cell in row if cell.value == header]
    sheet.delete_cols(found[0].column)
    workbook.save(target)
    return target


def test_a_w05_workbook_without_total_investment_runs_with_that_rule_not_checked(tmp_path):
    full, partial = tmp_path / "full", tmp_path / "partial"
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", full, "--quiet")
    path = _without_column(SAMPLES / "w05_applications.xlsx", tmp_path / "no_total.xlsx", "项目总投资（万元）")
    result = run_cli("check", path, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", partial)
    assert result.exit_code == 1
    assert "未核对：申报表中没有“项目总投资（万元）”列：“设备投入不超过项目总投资”未核对。" in result.stdout
    summary = read_json(partial / "summary.json")
    assert {"rule_id": "APP-EQUIP-LE-TOTAL", "reason": "申报表中没有“项目总投资（万元）”列，本项未核对（整批）。"} in summary["rules_not_checked"]
    before, after = _cases(full), _cases(partial)
    # no verdict changes; WH-2020-018's unreadable total (a formula) is simply not read any more
    assert {k: v[0] for k, v in after.items()} == {k: (v[0] if k != "WH-2020-018" else "eligible") for k, v in before.items()}
    for case_path in (partial / "cases").glob("*.json"):
        finding = next(f for f in read_json(case_path)["findings"] if f["rule_id"] == "APP-EQUIP-LE-TOTAL")
        assert (finding["outcome"], finding["not_checked"]) == ("not_applicable", True)
    html = case_text(partial, "WH-2020-001")
    assert "申报表中没有“项目总投资（万元）”列：“设备投入不超过项目总投资”未核对。" in html


def test_a_missing_blocking_column_still_stops_the_run(tmp_path):
    path = _without_column(SAMPLES / "w05_applications.xlsx", tmp_path / "no_equipment.xlsx", "年度设备投入（万元）")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, "错误：no_equipment.xlsx (申报汇总表) 缺少 W-05 必需的列：年度设备投入（万元）；表中的列："
                                                    "序号、申报编号、企业名称、统一社会信用代码、注册地址、所在区市、是否独立法人、项目名称、项目领域、"
                                                    "核准（备案）文号、项目总投资（万元）、符合产业政策方向、申报日期、联系人\n")


def test_a_folder_of_district_files_is_one_batch(tmp_path):
    folder = tmp_path / "districts"
    folder.mkdir()
    for district in ("环翠区", "文登区"):
        source = CHECK / "W-03_applications.xlsx"
        path = _without_column(source, folder / f"{district}.xlsx", "所在区市")
        workbook = load_workbook(path)
        sheet = workbook.active
        if district == "文登区":  # W03-01 appears in both districts' files: a duplicate across the batch
            for row in sheet.iter_rows(min_row=2):
                if row[0].value and row[0].value != "W03-01":
                    row[0].value = row[0].value.replace("W03", "WD")
        workbook.save(path)
    out = tmp_path / "out"
    result = run_cli("check", folder, "--workflow", "W-03", *AS_OF, "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    summary = read_json(out / "summary.json")
    assert [f["file"] for f in summary["input_files"]] == ["文登区.xlsx", "环翠区.xlsx"]
    assert {f["district_from_file"] for f in summary["input_files"]} == {"文登区", "环翠区"}
    assert summary["counts"]["cases"] == 10 and summary["rows_reconcile"]
    duplicates = [c for c in summary["cases"] if c["case_id"] == "W03-01"]
    assert [c["report"] for c in duplicates] == ["cases/文登区-row2", "cases/环翠区-row2"]
    case = read_case(out, "环翠区-row2")
    assert case["findings"][0]["rule_id"] == "INP-DUPLICATE-ID"
    assert case["findings"][0]["message"].startswith("[环翠区.xlsx]申报汇总表!A2 的申报编号“W03-01”在本批各文件中出现 2 次")
    assert case["input_file"] == "环翠区.xlsx" and {c["district"] for c in summary["cases"]} == {"文登区", "环翠区"}


def test_register_rows_without_a_uscc_are_named(tmp_path):
    register = tmp_path / "pool.csv"
    register.write_text("统一社会信用代码,企业名称,日期,文号\n,威海某某有限公司,2021-03-01,x\n", encoding="utf-8")
    result = run_cli("check", CHECK / "W-01_applications.xlsx", "--workflow", "W-01", *KEY_FIELDS, "--reserve-pool", register,
                     "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "错误：pool.csv（冲击新目标后备库企业名单）pool!A2：缺少统一社会信用代码（企业名称：威海某某有限公司）；"
        "名单每行须有统一社会信用代码，否则该行无法与申报对应。"
    )
    register.write_text("统一社会信用代码,企业名称,日期,文号\n91371002MA3C8XK250,威海某某有限公司,2021-03-01,x\n", encoding="utf-8")
    result = run_cli("check", CHECK / "W-01_applications.xlsx", "--workflow", "W-01", *KEY_FIELDS, "--reserve-pool", register,
                     "--out", tmp_path / "out")
    assert result.exit_code == 2 and "统一社会信用代码“91371002MA3C8XK250”无效（校验位错误）" in result.stderr


def test_key_fields_from_a_file(tmp_path):
    (tmp_path / "fields.txt").write_text("智能制造\n新材料\n电子信息\n", encoding="utf-8")
    result = run_cli("check", CHECK / "W-02_applications.xlsx", "--workflow", "W-02", *AS_OF, "--key-fields", tmp_path / "fields.txt",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    assert _cases(tmp_path / "out")["W02-06"] == ("ineligible", ["ELIG-KEY-FIELD"], [])
    shutil.rmtree(tmp_path / "out")
    result = run_cli("check", CHECK / "W-02_applications.xlsx", "--workflow", "W-02", *AS_OF, "--out", tmp_path / "out", "--quiet")
    assert _cases(tmp_path / "out")["W02-01"] == ("needs_review", [], ["ELIG-KEY-FIELD"])  # no key fields given


def test_an_id_with_a_line_break_typed_inside_is_a_duplicate_of_the_same_id(tmp_path):
    """WH-2020-001 on row 3 and "WH-2020-\\n001" (Alt+Enter inside the cell) on row 4 were two ids."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    workbook.active.cell(4, 2).value = "WH-2020-\n001"
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["report"]) for c in summary["cases"][:2]] == [("WH-2020-001", "cases/row3"), ("WH-2020-001", "cases/row4")]
    finding = read_case(tmp_path / "out", "row4")["findings"][0]
    assert (finding["rule_id"], finding["message"]) == (
        "INP-DUPLICATE-ID", "申报汇总表!B4 的申报编号“WH-2020-↵001”（按“WH-2020-001”比对，全角半角、空格、换行与不可见字符不计）"
                            "在文件中出现 2 次（另见第 3 行）；各条均已审核，报告文件以输入行号 row4 命名。")
