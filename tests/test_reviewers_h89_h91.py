"""Reviewers h89 and h91: what an applicant reads in the notice, what a reviewer reads around it,
and a reviewer's work from the districts' files to the decisions.

Seed 001:4765 "出具《补正告知书》，一次性告知申请人需要补正的全部内容": a notice that goes out lists
every correction the report asks of the applicant, and nothing addressed to the office."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import read_case, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05


def _notices(out) -> dict[str, str]:
    """Each notice of 告知书汇总.html as plain text, by its 申报编号."""
    page = (out / "告知书汇总.html").read_text(encoding="utf-8")
    texts = {}
    for section in page.split('<section class="notice">')[1:]:
        text = re.sub(r"<[^>]+>", "", section)
        number = re.search(r"申报编号：(\S+)", text)[1]
        texts[number] = re.sub(r"\s+", " ", text)
    return texts


def _run(tmp_path, rows, *extra):
    result = run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", *extra)
    return result, tmp_path / "out"


def test_a_notice_that_goes_out_lists_the_advisory_correction_too(tmp_path):
    # late (needs review: a 补正告知书 goes out) and equipment above the total (advisory): the notice
    # asks for both at once; the equipment slip alone sends no notice
    rows = [{**APPLICATION, "申报编号": "N-1", "年度设备投入（万元）": "480", "项目总投资（万元）": "360", "申报日期": "2021-08-03"},
            {**APPLICATION, "申报编号": "N-2", "统一社会信用代码": "91371002MA3C8XK33A", "年度设备投入（万元）": "480",
             "项目总投资（万元）": "360"}]
    _, out = _run(tmp_path, rows)
    notices = _notices(out)
    assert "N-2" not in notices
    assert read_case(out, "N-2")["verdict"] == "eligible"
    text = notices["N-1"]
    # the notice's text is set solid as a letter is (h155)
    assert ("设备投入不超过项目总投资。年度设备投入480万元大于项目总投资360万元，数据前后矛盾。"
            "需补正：请核实设备投入与项目总投资金额及单位（元/万元）并更正。") in text
    assert "需补正：请说明逾期（或提前）提交的原因。依据" in text  # the reviewer's part of the sentence left out
    assert "审核人" not in text


def test_the_applicants_copy_names_the_other_application_without_the_summary_sheets_row(tmp_path):
    rows = [{**APPLICATION, "申报编号": "D-1"}, {**APPLICATION, "申报编号": "D-2"}]
    _, out = _run(tmp_path, rows)
    duplicate = next(f for f in read_case(out, "D-1")["findings"] if f["rule_id"] == "APP-DUPLICATE-APPLICANT")
    assert "（另见 D-2（第 2 行））" in duplicate["message"]  # the reviewer's report keeps the row
    text = _notices(out)["D-1"]
    # the notice's text is set solid as a letter is (h155)
    assert "统一社会信用代码91371002MA3C8XK25F在本批次中出现2次（另见D-2），需核实是否为同一项目重复申报或拆分申报。" in text
    assert "第 2 行" not in text


def test_an_exported_none_is_no_name_and_addresses_no_one(tmp_path):
    rows = [{**APPLICATION, "申报编号": "X-1", "企业名称": "None", "项目名称": "nan", "年度设备投入（万元）": "50"}]
    _, out = _run(tmp_path, rows)
    case = read_case(out, "X-1")
    unread = [f for f in case["findings"] if f["rule_id"] == "INP-VALUE"]
    assert [(f["outcome"], f["message"]) for f in unread] == [
        ("fail", "JSON#1.企业名称 的企业名称“None”无法识别（“None”是导出程序为空单元格写入的标记，不是企业名称）；应为：文本。依赖此项的规则判为“待补充”。"),
        ("fail", "JSON#1.项目名称 的项目名称“nan”无法识别（“nan”是导出程序为空单元格写入的标记，不是项目名称）；应为：文本。依赖此项的规则判为“待补充”。"),
    ]
    text = _notices(out)["X-1"]
    # the notice's text is set solid as a letter is (h155); the space after 申报单位： is _notices' joining of two paragraphs
    assert "申报单位： 你单位报送的申报材料（申报编号X-1）收悉" in text
    assert "None" not in text and "nan" not in text


def test_an_exported_nan_for_the_district_is_listed_with_the_cases_of_no_district(tmp_path):
    """所在区市 written nan or NULL by an export: index.html had groups called nan and NULL (and the
    summary rows said so); they are the cases of no district, and the finding still quotes what was written."""
    rows = [{**APPLICATION, "申报编号": "D-1", "所在区市": "nan"}, {**APPLICATION, "申报编号": "D-2", "所在区市": "NULL"},
            {**APPLICATION, "申报编号": "D-3"}, *({**APPLICATION, "申报编号": f"D-{n}", "所在区市": word}
                                                  for n, word in ((4, "#N/A"), (5, "—"), (6, "无"), (7, "（空）")))]
    _, out = _run(tmp_path, rows)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (out / "index.html").read_text(encoding="utf-8")))
    assert re.findall(r"(\S+)（(\d) 件）", page) == [("环翠区", "1"), ("（未填写所在区市）", "6")]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(c["case_id"], c["district"]) for c in summary["cases"]] == [
        ("D-1", ""), ("D-2", ""), ("D-3", "环翠区"), ("D-4", ""), ("D-5", ""), ("D-6", ""), ("D-7", "")]
    unread = [f["message"] for f in read_case(out, "D-1")["findings"] if f["rule_id"] == "INP-VALUE"]
    assert unread == ["JSON#1.所在区市 的所在区市“nan”无法识别（“nan”是导出程序为空单元格写入的标记，不是所在区市）；应为：文本（环翠区、文登区、荣成市、乳山市、高区、经区、临港区、南海新区…）。依赖此项的规则判为“待补充”。"]


def test_a_zero_for_the_filing_number_is_no_number(tmp_path):
    rows = [{**APPLICATION, "申报编号": "Z-1", "核准/备案文号": "0"}]
    _, out = _run(tmp_path, rows)
    filing = next(f for f in read_case(out, "Z-1")["findings"] if f["rule_id"] == "ELIG-APPROVAL-FILING")
    assert (filing["outcome"], filing["message"]) == (
        "missing", "核准/备案情况填写为“0”，未写明核准/备案文号或项目代码，无法核实手续是否齐全。")


def test_a_notice_date_before_the_round_opened_is_pointed_out(tmp_path):
    rows = [{**APPLICATION, "申报编号": "L-1", "年度设备投入（万元）": "50"}]
    result, _ = _run(tmp_path, rows, "--notice-date", "2021-06-01")
    assert ("注意：--notice-date 2021-06-01 早于申报期开始日 2021-07-01（--window）：告知书落款日期早于受理申报，请核对落款日期。"
            in result.output)
    (tmp_path / "later").mkdir()
    result, _ = _run(tmp_path / "later", rows, "--notice-date", "2021-08-05")
    assert "--notice-date" not in result.output


# --- h91: a reviewer's decisions conclude the review -------------------------------------------------


def _decide(tmp_path, rows, decisions):
    overrides = write_json(tmp_path / "decisions.json", decisions)
    return _run(tmp_path, rows, "--overrides", overrides)


def _decision(case_id: str, rule_id: str, decision: str, reason: str) -> dict:
    return {"申报编号": case_id, "规则编号": rule_id, "复核结论": decision, "理由": reason, "复核人": "王审核"}


def test_a_reviewers_fail_on_a_review_rule_concludes_the_case_and_its_notice_says_why(tmp_path):
    # the same enterprise twice (APP-DUPLICATE-APPLICANT asks a reviewer): the reviewer finds the
    # duplicate on D-1 and clears D-2. D-1 was left 需人工复核 for good, and asked to explain again.
    # Concluded, it weighs as the rule's blocking failure would: 不符合条件 after review; a material
    # rule (APP-) so failed is asked for in a 补正告知书, with the reviewer's finding, not the question.
    rows = [{**APPLICATION, "申报编号": "D-1"}, {**APPLICATION, "申报编号": "D-2"}]
    result, out = _decide(tmp_path, rows, [
        _decision("D-1", "APP-DUPLICATE-APPLICANT", "不通过", "同一项目重复申报，已由企业确认"),
        _decision("D-2", "APP-DUPLICATE-APPLICANT", "通过", "保留的一件")])
    assert result.exit_code == 1
    first, second = read_case(out, "D-1"), read_case(out, "D-2")
    assert (first["verdict"], first["verdict_with_overrides"]) == ("needs_review", "ineligible")
    assert (second["verdict"], second["verdict_with_overrides"]) == ("needs_review", "eligible")
    notices = _notices(out)
    assert "D-2" not in notices
    assert ("同一企业在本批次重复申报。经人工复核：同一项目重复申报，已由企业确认。需补正：请说明同一企业多次申报的原因"
            not in notices["D-1"])
    assert "同一企业在本批次重复申报。经人工复核：同一项目重复申报，已由企业确认。需补正：请补充或说明。" in notices["D-1"]
    assert "需核实是否为同一项目重复申报" not in notices["D-1"]


def test_a_reviewers_fail_on_an_eligibility_review_rule_refuses_with_the_reviewers_reason(tmp_path):
    # ELIG-TERRITORIAL-ROUTE asks a reviewer (the district it came through): concluded 不通过, it is a
    # reason to refuse (依法告知理由), given as the reviewer's
    rows = [{**APPLICATION, "申报编号": "T-1", "所在区市": "文登区"}]
    _, out = _decide(tmp_path, rows, [_decision("T-1", "ELIG-TERRITORIAL-ROUTE", "不通过", "未经注册地环翠区工信部门申报")])
    case = read_case(out, "T-1")
    assert (case["verdict"], case["verdict_with_overrides"]) == ("needs_review", "ineligible")
    assert ("理由如下： 向注册地所在区市工信部门申报。经人工复核：未经注册地环翠区工信部门申报。依据："
            in _notices(out)["T-1"])


def test_a_reviewers_fail_on_an_input_problem_stays_a_question_of_the_data(tmp_path):
    rows = [{**APPLICATION, "申报编号": "U-1", "年度设备投入（万元）": "约一百多万"}]
    _, out = _decide(tmp_path, rows, [_decision("U-1", "INP-NUMBER", "不通过", "金额无法确认")])
    case = read_case(out, "U-1")
    assert (case["verdict"], case["verdict_with_overrides"]) == ("needs_review", "needs_review")
    assert _notices(out)["U-1"].startswith(" 申报材料补正告知书")


def test_a_case_a_decision_made_ineligible_shows_why_in_the_summary_and_index(tmp_path):
    from openpyxl import load_workbook

    rows = [{**APPLICATION, "申报编号": "P-1"}]
    _, out = _decide(tmp_path, rows, [_decision("P-1", "ELIG-POLICY-DIRECTION", "不通过", "属限制类")])
    case = read_case(out, "P-1")
    assert (case["verdict"], case["verdict_with_overrides"]) == ("eligible", "ineligible")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<td>经人工复核不通过：符合国家、省和市产业政策重点发展方向</td>" in index
    book = load_workbook(out / "summary.xlsx")
    main = [row for row in book["审核汇总"].iter_rows(values_only=True) if row[2] == "P-1"]
    assert [(row[9], row[10], row[11]) for row in main] == [("符合条件", "经人工复核不通过：符合国家、省和市产业政策重点发展方向", "不符合条件")]
    assert list(book["问题明细"].iter_rows(min_row=2, values_only=True)) == [
        ("P-1", "row1", "威海某精密机械有限公司", "符合国家、省和市产业政策重点发展方向", "经人工复核不通过", "ELIG-POLICY-DIRECTION")]


def test_decisions_not_applied_are_named_where_the_reviewer_reads_and_signs(tmp_path):
    from openpyxl import load_workbook

    rows = [{**APPLICATION, "申报编号": "S-1"}, {**APPLICATION, "申报编号": "S-1", "统一社会信用代码": "91371002MA3C8XK33A"}]
    result, out = _decide(tmp_path, rows, [
        _decision("NOPE-1", "ELIG-REGION", "通过", "核实"), _decision("S-1", "ELIG-REGION", "通过", "核实")])
    said = ["复核决定中的申报编号未在输入中出现：NOPE-1",
            "复核决定中的申报编号 S-1 在本批中不止一行，未采用；请改以输入行号（row1、row2）填写"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["decisions_not_applied"] == said
    assert [f"注意：{s}。" for s in said] == [line for line in result.stderr.splitlines() if line.startswith("注意：")]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"<p>未采用的复核决定：{s}。</p>" in index for s in said)
    info = [row for row in load_workbook(out / "summary.xlsx")["说明"].iter_rows(values_only=True) if row[0] == "未采用的复核决定"]
    assert info == [("未采用的复核决定", f"{s}。") for s in said]


def test_a_running_number_beside_the_application_id_is_no_second_id(tmp_path):
    # a district's table numbers its lines in 编号 (1, 2, 3) beside 申报编号, or gives the project's
    # filing code as 项目编号: every row was INP-CONFLICT (两列不一致) and named by its running number
    rows = [{"编号": 1, "项目编号": "2021-371002-34-03-000009", **APPLICATION, "申报编号": "RS-001"}]
    result, out = _run(tmp_path, rows)
    assert result.exit_code == 0, result.output
    case = read_case(out, "RS-001")
    assert (case["case_id"], case["verdict"]) == ("RS-001", "eligible")
    assert [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")] == []
    assert case["other_columns"] == {"编号": 1, "项目编号": "2021-371002-34-03-000009"}
    # without a 申报编号 column, 编号 is the id as before
    alone = [{k: v for k, v in rows[0].items() if k not in ("申报编号", "项目编号")}]
    (tmp_path / "alone").mkdir()
    _, out = _run(tmp_path / "alone", alone)
    assert read_case(out, "1")["case_id"] == "1"


def test_a_row_naming_another_district_than_its_files_needs_review(tmp_path):
    # 001:2421 申报单位按要求向所在地工业和信息化部门提出资金申请: 环翠区's file holding a row of 文登区 was
    # grouped under 文登区 and eligible, as if 文登区 had sent it
    from openpyxl import Workbook

    headers = list(APPLICATION)
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(headers)
    sheet.append([APPLICATION[h] for h in headers])
    other = {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": "91371002MA3C8XK33A", "所在区市": "文登区",
             "注册地址": "山东省威海市文登区某路2号"}
    sheet.append([other[h] for h in headers])
    blank = {**APPLICATION, "申报编号": "H28-3", "统一社会信用代码": "91371002MA3C8XK00X", "所在区市": None}
    sheet.append([blank[h] for h in headers])
    book.save(tmp_path / "环翠区.xlsx")
    run_cli("check", tmp_path / "环翠区.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    assert read_case(tmp_path / "out", "H28-1")["verdict"] == "eligible"
    assert read_case(tmp_path / "out", "H28-3")["verdict"] == "eligible"  # a blank 所在区市 takes the file's
    case = read_case(tmp_path / "out", "H28-2")
    found = [f for f in case["findings"] if f["outcome"] != "pass" and f["outcome"] != "not_applicable"]
    assert case["verdict"] == "needs_review"
    assert [(f["rule_id"], f["outcome"], f["severity"], f["message"], f["evidence"]) for f in found] == [(
        "INP-DISTRICT-FILE", "fail", "review",
        "申报汇总表!E3（所在区市）为“文登区”，而本件所在文件「环翠区.xlsx」按文件名或标题为环翠区报送：申报经由哪个区市工信部门初审上报，"
        "两处记载不一致，需核实。",
        {"district": "文登区", "报送文件": "环翠区.xlsx（环翠区）", "source": "申报汇总表!E3", "column": "所在区市"})]
    assert found[0]["citation"] == {"source": "001_92b0dbd82849a40b.txt", "lines": "2421", "quote": "申报单位按要求向所在地工业和信息化部门提出资金申请"}


def _as_input(tmp_path, rows, kind: str):
    """The rows as a JSON file or as a workbook with the same headers (in first-seen order)."""
    if kind == "json":
        return write_json(tmp_path / "a.json", rows)
    from openpyxl import Workbook

    headers = list(dict.fromkeys(key for row in rows for key in row))
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append([row.get(header) for header in headers])
    book.save(tmp_path / "a.xlsx")
    return tmp_path / "a.xlsx"


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_the_best_id_column_a_table_has_is_the_id_and_a_lesser_one_fills_a_blank_id(tmp_path, kind):
    # h92: 编号 (running number) beside 项目编号 and no 申报编号 was still 两列不一致 on every row; and a
    # blank 申报编号 beside a filled 项目编号 took the 项目编号, as README says, until the first fix
    codes = ["91371002MA3C8XK25F", "91371002MA3C8XK33A", "91371002MA3C8XK00X"]
    numbered = [{"编号": n, **{k: v for k, v in APPLICATION.items() if k != "申报编号"}, "项目编号": project,
                 "统一社会信用代码": code} for n, project, code in zip((1, 2, 3), ("XM-1", "XM-2", "XM-2"), codes)]
    run_cli("check", _as_input(tmp_path, numbered, kind), *W05, "--out", tmp_path / "out", "--quiet")
    first = read_case(tmp_path / "out", "XM-1")
    assert (first["verdict"], first["other_columns"]) == ("eligible", {"编号": 1})
    duplicate = [f["rule_id"] for f in read_case(tmp_path / "out", "row3" if kind == "xlsx" else "row2")["findings"]
                 if f["rule_id"].startswith("INP-")]
    assert duplicate == ["INP-DUPLICATE-ID"]  # XM-2 twice is said; no 两列不一致
    blank = [{**APPLICATION, "申报编号": None, "项目编号": "XM-7"},
             {**APPLICATION, "申报编号": "RS-8", "项目编号": "XM-8", "统一社会信用代码": codes[1]}]
    (tmp_path / "blank").mkdir()
    run_cli("check", _as_input(tmp_path / "blank", blank, kind), *W05, "--out", tmp_path / "blank" / "out", "--quiet")
    assert read_case(tmp_path / "blank" / "out", "XM-7")["verdict"] == "eligible"
    kept = read_case(tmp_path / "blank" / "out", "RS-8")
    assert (kept["verdict"], kept["other_columns"]) == ("eligible", {"项目编号": "XM-8"})


def test_a_reviewers_fail_on_the_offices_own_step_sends_the_applicant_nothing(tmp_path):
    # h93: APP-DISTRICT-PRELIM judges the district's step (subject office): a 不通过 on it refused the
    # applicant for the office's own failing. It concludes nothing about the applicant: the case stays
    # for review, and no notice goes out on it.
    rows = [{**APPLICATION, "申报编号": "P-1", "区市初审意见": "通过"}]
    _, out = _decide(tmp_path, rows, [_decision("P-1", "APP-DISTRICT-PRELIM", "不通过", "区市已撤回推荐")])
    case = read_case(out, "P-1")
    assert (case["verdict"], case["verdict_with_overrides"]) == ("eligible", "needs_review")
    assert "P-1" not in _notices(out)


def test_in_a_ledger_a_reviewers_decision_reaches_the_applicant_as_in_an_application_run(tmp_path):
    from tests.conftest import SAMPLES

    decisions = write_json(tmp_path / "d.json", [
        _decision("W04L-01", "APP-ONLINE-PORTAL", "不通过", "经核实为纸质报送未经政务服务网"),
        _decision("W04L-04", "ELIG-BELOW-LIMIT", "不通过", "项目总投资超过限额"),
        _decision("W04L-02", "ELIG-CATALOGUE-ENCOURAGED", "待补充", "请提供目录条目对应说明")])
    # the sample's rows, before the office answered them (a row accepted, decided or already told gets no
    # notice: h96): 受理结果, 决定 and the later steps left blank
    from openpyxl import load_workbook

    book = load_workbook(SAMPLES / "ledgers" / "W-04_受理台账.xlsx")
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for name in ("受理结果", "决定", "初审日期", "复审日期", "上报日期"):
            row[header.index(name)].value = None
    book.save(tmp_path / "open.xlsx")
    run_cli("check", tmp_path / "open.xlsx", "--workflow", "W-04", "--overrides", decisions,
            "--out", tmp_path / "out", "--quiet")
    notices = _notices(tmp_path / "out")
    # a material rule concluded: a 补正 with the reviewer's finding, as in an application run
    assert notices["W04L-01"].startswith(" 申报材料补正告知书")
    assert "通过山东政务服务网提交申请。经人工复核：经核实为纸质报送未经政务服务网。需补正：" in notices["W04L-01"]
    # an eligibility condition the office's gap (no limit set) left open, decided 不通过: a refusal
    assert notices["W04L-04"].startswith(" 不予受理告知书")
    assert "理由如下： 项目属于限额以下。经人工复核：项目总投资超过限额。依据：" in notices["W04L-04"]
    # a 待补充 on the office's gap (no catalogue supplied) stays the office's: nothing asked of the applicant
    assert "内资项目属于《产业结构调整指导目录》鼓励类" not in notices.get("W04L-02", "")
    assert all("请审核人" not in text for text in notices.values())
    # the applicant's side after the decisions, beside the notice it sends (h93: 需人工复核 beside a refusal)
    refused = read_case(tmp_path / "out", "W04L-04")
    assert (refused["applicant_verdict"], refused["applicant_verdict_with_overrides"]) == ("needs_review", "ineligible")
    page = (tmp_path / "out" / "cases" / "W04L-04.html").read_text(encoding="utf-8")
    assert ('<span class="verdict v-needs_review">需人工复核</span>　人工复核后：<span class="verdict v-ineligible">不符合条件</span>'
            in page)


@pytest.mark.parametrize("text,shown", [
    ("请说明逾期（或提前）提交的原因，由审核人决定是否受理。", "请说明逾期（或提前）提交的原因。"),
    ("出现 2 次（另见 D-2（第 2 行）、D-9（文登区.xlsx 第 3 行）），需核实。", "出现 2 次（另见 D-2、D-9），需核实。"),
    # h92: the applicant's own words are never cut, quoted or in the brackets that quote a value
    ("年度设备投入未填写或无法识别（约100万，由审核人核定）。", "年度设备投入未填写或无法识别（约100万，由审核人核定）。"),
    ("注册地址“上海市静安区威海路88号（附表 第 2 行）”不在威海市。", "注册地址“上海市静安区威海路88号（附表 第 2 行）”不在威海市。"),
])
def test_the_applicants_copy_leaves_out_the_reviewers_words_and_only_them(text, shown):
    from checker.report.notice import for_applicant

    assert for_applicant(text) == shown


def test_an_exported_none_for_the_id_names_the_case_by_its_row_and_full_width_is_caught(tmp_path):
    # h92: 申报编号 "None" was the case's name (cases/None.html, 另见 None（第 6 行）); ＮＵＬＬ and <NA> passed
    rows = [{**APPLICATION, "申报编号": "None"},
            {**APPLICATION, "申报编号": "E-2", "企业名称": "ＮＵＬＬ", "统一社会信用代码": "91371002MA3C8XK33A"},
            {**APPLICATION, "申报编号": "E-3", "企业名称": "<NA>", "统一社会信用代码": "91371002MA3C8XK00X"},
            {**APPLICATION, "申报编号": "E-4", "项目名称": "NULL值检测设备改造", "统一社会信用代码": "91371002MA3C8XK25F"}]
    _, out = _run(tmp_path, rows)
    first = read_case(out, "row1")
    assert [(f["rule_id"], f["message"]) for f in first["findings"] if f["rule_id"].startswith("INP-")] == [
        ("INP-MISSING-ID", "JSON 第 1 行没有申报编号；报告以输入行号 row1 命名。"),
        ("INP-VALUE", "JSON#1.申报编号 的申报编号“None”无法识别（“None”是导出程序为空单元格写入的标记，不是申报编号）；"
                      "应为：文本，文件内唯一。依赖此项的规则判为“待补充”。")]
    for case_id, written in (("E-2", "ＮＵＬＬ"), ("E-3", "<NA>")):
        found = [f["message"] for f in read_case(out, case_id)["findings"] if f["rule_id"] == "INP-VALUE"]
        assert found == [f"JSON#{case_id[-1]}.企业名称 的企业名称“{written}”无法识别（“{written}”是导出程序为空单元格写入的标记，"
                         "不是企业名称）；应为：文本。依赖此项的规则判为“待补充”。"]
    assert [f["rule_id"] for f in read_case(out, "E-4")["findings"] if f["rule_id"] == "INP-VALUE"] == []


def test_an_error_value_or_a_bare_zero_for_the_district_is_listed_with_the_cases_of_no_district(tmp_path):
    """所在区市 filled by a lookup (=VLOOKUP… gives #N/A, #NULL!, 0 when it finds nothing) or exported as
    nan.0: index.html had groups called 公式结果为错误值 #NULL!, 0 and nan.0. A six-digit 区划代码 names a
    district and keeps its group."""
    from openpyxl import Workbook

    headers = list(APPLICATION)
    written = {"G-1": "#NULL!", "G-2": "#VALUE!", "G-3": 0, "G-4": "0.0", "G-5": "nan.0", "G-6": "371002", "G-7": None}
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for case_id, district in written.items():
        sheet.append([{**APPLICATION, "申报编号": case_id, "所在区市": district}[h] for h in headers])
    assert sheet["E2"].data_type == "e"  # openpyxl writes #NULL! as an error cell, as Excel does
    book.save(tmp_path / "lookup.xlsx")
    run_cli("check", tmp_path / "lookup.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [(c["case_id"], c["district"]) for c in summary["cases"]] == [
        ("G-1", ""), ("G-2", ""), ("G-3", ""), ("G-4", ""), ("G-5", ""), ("G-6", "371002"), ("G-7", "")]
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (tmp_path / "out" / "index.html").read_text(encoding="utf-8")))
    assert re.findall(r"(\S+)（(\d) 件）", page) == [("371002", "1"), ("（未填写所在区市）", "6")]


def test_a_file_named_for_one_district_and_titled_for_another_gives_no_district(tmp_path):
    # h92: 文登区.xlsx titled 环翠区…汇总表: the name won in silence, a blank 所在区市 became 文登区
    from openpyxl import Workbook

    headers = list(APPLICATION)
    book = Workbook()
    sheet = book.active
    sheet.append(["2021年环翠区技改项目申报汇总表"])
    sheet.append(headers)
    sheet.append([{**APPLICATION, "所在区市": None}[h] for h in headers])
    book.save(tmp_path / "文登区.xlsx")
    run_cli("check", tmp_path / "文登区.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "H28-1")
    route = next(f for f in case["findings"] if f["rule_id"] == "ELIG-TERRITORIAL-ROUTE")
    assert (route["outcome"], route["message"]) == (
        "missing", "未填写所在区市，无法核对是否向注册地所在区市申报（注册地址在环翠区）。")
    # and the run says why the file gave no district (it said nothing: the reviewer saw 文登区.xlsx and a blank)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [note for note in summary["not_checked"] if "文登区.xlsx" in note] == [
        "「文登区.xlsx」的文件名为文登区，标题为环翠区，不是同一区市：未按文件确定报送区市，所在区市未填写的申报不据以补填，"
        "也未核对各行所在区市与报送区市是否一致；请核实该文件由哪个区市工信部门报送。"]


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_an_exported_none_for_the_id_is_filled_from_a_lesser_id_column_as_a_blank_is(tmp_path, kind):
    # h93: 申报编号 "None" beside 项目编号 XM-2 became row3 with INP-MISSING-ID; N\u200bULL was an id
    codes = ["91371002MA3C8XK25F", "91371002MA3C8XK33A", "91371002MA3C8XK00X"]
    rows = [{**APPLICATION, "申报编号": written, "项目编号": f"XM-{n}", "统一社会信用代码": code}
            for n, (written, code) in enumerate(zip((None, "None", "N\u200bULL"), codes), 1)]
    run_cli("check", _as_input(tmp_path, rows, kind), *W05, "--out", tmp_path / "out", "--quiet")
    for n in (1, 2, 3):
        case = read_case(tmp_path / "out", f"XM-{n}")
        assert (case["case_id"], case["verdict"]) == (f"XM-{n}", "eligible")


def test_a_value_the_summary_workbook_lost_is_not_asked_of_the_applicant(tmp_path):
    # h95: a formula without its cached result (the district's workbook) put “公式单元格没有缓存的计算结果”
    # in a 补正告知书 to the applicant; the office settles it with the district, the applicant hears of the rest
    from openpyxl import Workbook

    headers = list(APPLICATION)
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append([{**APPLICATION, "申报编号": "F-1", "年度设备投入（万元）": "=100+50"}[h] for h in headers])
    sheet.append([{**APPLICATION, "申报编号": "F-2", "统一社会信用代码": "91371002MA3C8XK33A",
                   "年度设备投入（万元）": "=100+50", "是否独立法人": None}[h] for h in headers])
    book.save(tmp_path / "a.xlsx")
    run_cli("check", tmp_path / "a.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    notices = _notices(tmp_path / "out")
    assert "F-1" not in notices and read_case(tmp_path / "out", "F-1")["verdict"] == "needs_review"
    assert ("现一次性告知如下： 具有独立法人资格。“是否独立法人”未填写或无法识别（未填写）。"
            "需补正：请填写“是否独立法人”（是/否）并附营业执照。依据：") in notices["F-2"]
    assert "公式" not in notices["F-2"] and "设备投入" not in notices["F-2"]


def test_a_row_without_a_company_name_needs_review(tmp_path):
    # h96 (M04): a ledger row and an application with 企业名称 blank were 合规 / eligible with no word
    _, out = _run(tmp_path, [{**APPLICATION, "申报编号": "N-1", "企业名称": ""}])
    case = read_case(out, "N-1")
    assert case["verdict"] == "needs_review"
    assert [(f["rule_id"], f["message"]) for f in case["findings"] if f["rule_id"].startswith("INP-")] == [
        ("INP-MISSING-NAME", "JSON#1.企业名称 的企业名称未填写：无从确认申报单位，统一社会信用代码是否为其本单位的也无从核对，告知书无法送达。")]
    assert "N-1" not in _notices(out)


@pytest.mark.parametrize("written", ["请选择", "--请选择--", "（无）", "(空白)", "【空白】", "–", "True", "#N/A N/A", "0", "0.0", "nan.0"])
def test_a_district_cell_that_names_none_groups_with_no_district(written):
    """h105: a drop-down's prompt left as chosen (请选择), a bracketed 无, a boolean cell and a database's
    #N/A N/A each made a group of their own in index.html and summary.xlsx."""
    from checker.report.rows import _district

    assert _district({"district": {"value": written, "state": "ok"}}) == ""


@pytest.mark.parametrize("written", ["环翠区", "高区", "371002", "火炬高技术产业开发区"])
def test_a_district_cell_naming_one_keeps_it(written):
    from checker.report.rows import _district

    assert _district({"district": {"value": written, "state": "ok"}}) == written


def test_a_company_name_from_a_formula_without_a_value_is_not_shown_as_the_name(tmp_path):
    """企业名称 filled by =VLOOKUP(…) in a file never opened in Excel: summary.json, summary.xlsx and index.html
    showed 公式单元格没有缓存的计算结果 in the 企业名称 column, as if it were the enterprise's name."""
    from openpyxl import Workbook

    headers = list(APPLICATION)
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    sheet.append([{**APPLICATION, "申报编号": "F-1", "企业名称": "=VLOOKUP(A2,Sheet2!A:B,2,0)"}[h] for h in headers])
    book.save(tmp_path / "lookup.xlsx")
    run_cli("check", tmp_path / "lookup.xlsx", *W05, "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [(c["case_id"], c["company_name"]) for c in summary["cases"]] == [("F-1", "（无法读取：公式单元格没有缓存的计算结果）")]
    assert ">（无法读取：公式单元格没有缓存的计算结果）<" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
