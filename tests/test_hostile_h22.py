"""Hostile review of the printed and sent outputs (branch h22): each test failed on main at 9e94330
and states the defect and what happens now."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.helpers import SAMPLES, run_cli


def _sample_with(tmp_path: Path, **cells) -> Path:
    """samples/w05_applications.xlsx with some cells replaced (``K3=...``)."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    for address, value in cells.items():
        sheet[address] = value
    path = tmp_path / "w05.xlsx"
    workbook.save(path)
    return path


def _summary_row(out: Path, case_id: str):
    sheet = load_workbook(out / "summary.xlsx")["审核汇总"]
    for row in sheet.iter_rows(min_row=4):
        if row[2].value == case_id:
            return sheet, row
    raise AssertionError(case_id)


def test_an_amount_kept_as_written_wraps_in_summary_xlsx_so_the_printout_shows_all_its_digits(tmp_path):
    """An amount of more than 15 significant digits (or one that cannot be read) is written to
    审核汇总 as text, as entered, in a 9-unit column with no wrap: the printout (and the screen) cut it
    at the cell's edge, so 123456789012.345678 printed as "123456789" -- another number. Now the
    cell wraps and its row is tall enough for every digit."""
    workbook = _sample_with(tmp_path, K3="12345.6789012345678")  # under 100000 万元: no question of its unit (h34)
    assert run_cli("check", workbook, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                   "--out", tmp_path / "out", "--quiet").exit_code == 1
    sheet, row = _summary_row(tmp_path / "out", "WH-2020-001")
    amount = row[6]
    assert (amount.value, amount.data_type, amount.alignment.wrap_text) == ("12345.6789012345678", "s", True)
    assert sheet.row_dimensions[amount.row].height >= 3 * 15
    readable = row[7]  # 项目总投资 1200: a number, as before
    assert (readable.value, readable.data_type, readable.alignment.wrap_text) == (1200, "n", None)


def test_a_notice_never_leaves_its_signature_alone_on_a_second_page(tmp_path):
    """A 不予受理告知书 with five long reasons filled its first A4 page exactly: 特此告知。 and the
    落款/盖章 block went alone onto page 2, a sheet with a stamp and no text it signs. Now the closing
    paragraph keeps to the list and the 落款 to the closing paragraph, so the last reason goes over
    with them (in the case report and in 告知书汇总.html alike)."""
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", tmp_path / "out", "--quiet").exit_code == 1
    rules = (".notice .sign { margin: 3em 2em 0 auto; width: 16em; text-align: center; position: relative; "
             "break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; }\n"
             ".notice .items + .para { break-before: avoid; page-break-before: avoid; }\n")
    for page in (tmp_path / "out" / "cases" / "WH-2020-002.html", tmp_path / "out" / "告知书汇总.html"):
        html = page.read_text(encoding="utf-8")
        assert rules in html, page.name
        # a refusal: its remedy paragraph between the reasons and 特此告知 (h155), kept with both
        assert ('</ol>\n<p class="para">如对本决定不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内'
                '依法向人民法院提起行政诉讼。</p>\n<p class="para">特此告知。</p>\n<div class="sign">') in html, page.name


PAGE_NUMBER = '@page { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }\n'


def test_multi_page_reports_print_page_numbers_and_the_notice_pages_none(tmp_path):
    """A case report of 7 A4 pages, index.html of 5, a round audit of 11 and the fairness report of
    22 printed without a page number: a dropped or reordered sheet could not be noticed. Each now
    prints 第 n 页，共 N 页 at the foot of every page; the notice at the end of a case report (the
    sheet sent to the applicant) is on pages of its own kind, numbered from 1 (since h37)."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--quiet").exit_code == 1
    case = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    # a report that ends with its notice numbers its own pages 第 n 页 (the notice, taken off and mailed, counts
    # its own from 1: 共 N 页 would count the notice's too; h155)
    assert ("@page { size: A4 portrait; margin: 18mm 16mm 18mm 16mm; }\n" + PAGE_NUMBER
            + "body:has(> .notice) > :not(.notice) { page: report; }\n"
            + '@page report { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; '
            + 'color: #555; } }\nbody {') in case
    # the notice's own pages number themselves from 1 (h37: tests/test_hostile_h37.py)
    assert ".notice:nth-of-type(odd) { page: notice-odd; } .notice:nth-of-type(even) { page: notice-even; }" in case
    assert "@page { size: A4 landscape; margin: 12mm; }\n" + PAGE_NUMBER in (out / "index.html").read_text(encoding="utf-8")
    audited = tmp_path / "round"
    assert run_cli("audit", SAMPLES / "rounds" / "noncompliant_W-08.json", "-o", audited,
                   "--ledger", SAMPLES / "rounds" / "ledger.db", "--quiet").exit_code == 1
    assert ('@page{size:A4 landscape;margin:15mm 12mm}\n'
            '@page{@top-center{content:""}@bottom-center{content:"第 " counter(page) " 页，共 " counter(pages) " 页";font-size:9pt;color:#555}}\n'
            in (audited / "round.html").read_text(encoding="utf-8"))


def test_problem_list_sheet_has_a_filter_and_wraps_long_names_and_results(tmp_path):
    """问题明细 (every problem with its rule id, the list a reviewer sorts and filters to write the
    decisions) had no filter, and wrote 企业名称 and 结果 unwrapped in 26- and 8-unit columns: a long
    company name printed cut after 16 characters and 提示项不通过（不影响结论） after 3. Now the
    header has a filter over every problem row, and both cells wrap in a row tall enough."""
    name = "威海" + "超长名称精密智能装备制造与海洋生物科技研发" * 3 + "有限公司"
    workbook = _sample_with(tmp_path, C16=name)  # WH-2020-013 (row16): equipment > total, advisory
    assert run_cli("check", workbook, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                   "--out", tmp_path / "out", "--quiet").exit_code == 1
    sheet = load_workbook(tmp_path / "out" / "summary.xlsx")["问题明细"]
    assert sheet.auto_filter.ref == f"A1:F{sheet.max_row}"
    rows = [row for row in sheet.iter_rows(min_row=2) if row[2].value == name]
    advisory = [row for row in rows if row[5].value == "APP-EQUIP-LE-TOTAL"]
    assert [(c.value, c.alignment.wrap_text) for c in advisory[0]] == [
        ("WH-2020-013", None), ("row16", None), (name, True), ("设备投入不超过项目总投资", True), ("提示项不通过（不影响结论）", True),
        ("APP-EQUIP-LE-TOTAL", None)]
    assert all(sheet.row_dimensions[row[0].row].height >= 5 * 16.5 for row in rows)


def _approval_failed_by_reviewer(tmp_path):
    """A decisions file (--overrides) in which a reviewer fails WH-2020-001's 核准或备案."""
    import json

    decisions = tmp_path / "复核决定.json"
    decisions.write_text(json.dumps([{"申报编号": "WH-2020-001", "规则编号": "ELIG-APPROVAL-FILING", "复核结论": "不通过",
                                      "理由": "备案文号与发改部门备案系统不符", "复核人": "张三"}], ensure_ascii=False),
                         encoding="utf-8")
    return decisions


def test_a_rule_a_reviewer_failed_is_listed_under_main_problems_with_that_decision(tmp_path):
    """A reviewer's 不通过 on a rule that passed (WH-2020-001's 核准或备案, 文号 judged not genuine)
    makes the case ineligible and lists the rule under 主要问题, but the box printed the rule's own
    outcome: "核准或备案手续齐全（通过）：已填报核准/备案文号…" -- a main problem that reads as none.
    Now it says both: （通过；人工复核：不通过）, in the HTML and the Markdown report."""
    decisions = _approval_failed_by_reviewer(tmp_path)
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--overrides", decisions, "--per-case", "all", "--format", "html,md",
                   "--quiet").exit_code == 1
    html = (out / "cases" / "WH-2020-001.html").read_text(encoding="utf-8")
    assert ('<h2>主要问题</h2>\n<ol><li><strong>核准或备案手续齐全</strong>（通过；人工复核：不通过）：'
            '已填报核准/备案文号“2020-371002-34-03-012345”。</li></ol>') in html
    markdown = (out / "cases" / "WH-2020-001.md").read_text(encoding="utf-8")
    assert ("## 主要问题\n1. **核准或备案手续齐全**（通过；人工复核：不通过）："
            "已填报核准/备案文号“2020-371002-34-03-012345”。\n") in markdown


def test_round_timeline_keeps_its_verdict_columns_readable_beside_long_material_names(tmp_path):
    """The round audit's 时间线 gave widths to 日期/节点/阶段/来源单元格 only: with the 文号/材料 of each
    step written at length (a list of attachments), 违反 and 需人工复核 shrank to one character and
    their headers printed one character a line. The three verdict columns now have widths of their own."""
    import json

    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    for step in record["流程节点"]:
        step["文号/材料"] += "；" + "附件材料说明" * 10
    path = tmp_path / "round.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run_cli("audit", path, "-o", tmp_path / "out", "--ledger", SAMPLES / "rounds" / "ledger.db",
                   "--quiet").exit_code == 0
    html = (tmp_path / "out" / "round.html").read_text(encoding="utf-8")
    assert ('<table class="timeline"><thead><tr><th style="width:6.5em">日期</th><th style="width:7em">节点</th>'
            '<th style="width:4em">阶段</th><th style="width:7em">来源单元格</th><th>报送对象/材料</th>'
            '<th style="width:12em">满足</th><th style="width:12em">违反</th><th style="width:10em">需人工复核</th>'
            '</tr></thead>') in html


def test_rounds_index_lists_an_unreadable_record_value_under_needs_review(tmp_path):
    """index.html of a multi-round audit listed a round's findings by their grade, and a finding on
    an unreadable value of the round record (轮次记录无法读取的值: a step named 专家打分) has none:
    round.html and round.md print it 需人工复核, the index left it out, so a round could read
    不合规/需人工复核 there with nothing, or not all, to look at. Now it is under 需人工复核事项."""
    import json

    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    record["流程节点"].append({"节点": "专家打分", "日期": "2020-05-27", "文号/材料": "评分表"})
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    (rounds / "a.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (rounds / "b.json").write_text((SAMPLES / "rounds" / "recommend_W-17.json").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("audit", rounds, "-o", tmp_path / "out", "--ledger", SAMPLES / "rounds" / "ledger.db", "--quiet")
    assert result.exit_code == 1
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ('<tr><td>1</td><td class="nowrap">W12-2020-01</td><td>2020年“专精特新”中小企业认定</td><td>“专精特新”中小企业申报</td>\n'
            '<td class="nowrap v-needs_review">需人工复核</td><td></td><td>轮次记录无法读取的值</td>\n') in html


def test_a_notice_writes_its_dates_as_its_own_date_is_written(tmp_path):
    """A 补正告知书 dated 2020年8月5日 said "申报日期 2020-08-03 不在本轮申报期内": one official
    letter dating things two ways, one of them a computer's. The notice now writes the dates of its
    reasons as it writes its own (2020年8月3日); a value quoted as the applicant wrote it (“…”) stays."""
    from checker.report.notice import for_applicant

    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--notice-date", "2020-08-05", "--quiet").exit_code == 1
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert ('<li><strong>在申报期内提交。</strong>申报日期2020年8月3日不在本轮申报期（2020年7月1日至2020年7月31日，含起止日）内。<div class="action">'
            "需补正：请说明逾期（或提前）提交的原因。</div>") in notices
    assert "<p>2020年8月5日</p>" in notices
    assert for_applicant("申报日期“2020-08-03”与收件日期 2020-02-30 不符，项目代码 2020-371002-34-03-012345。") == (
        "申报日期“2020-08-03”与收件日期 2020-02-30 不符，项目代码 2020-371002-34-03-012345。")
    assert for_applicant("认定日期 2021-03-01，成立日期为 2018-07-01。") == "认定日期 2021年3月1日，成立日期为 2018年7月1日。"


def test_a_heading_or_the_report_details_are_not_left_alone_at_a_page_foot(tmp_path):
    """Printed, the case report's 报告制作信息 table broke after its first row, putting the rulebook
    version alone on a last page; the fairness report's "二、标记事项" heading ended page 1 with its
    table on page 2. The details table now keeps together, and fairness.html's headings keep to
    what follows them."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--quiet").exit_code == 1
    case = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert ".made td:first-child { width: 8em; }\n.made { break-inside: avoid; page-break-inside: avoid; }\n" in case
    assert '<h2>报告制作信息</h2>\n<table class="meta made small">' in case
    fairness = SAMPLES / "fairness"
    assert run_cli("fairness", fairness / "ledger.db", "--records", fairness / "records", "--pool", SAMPLES / "experts.xlsx",
                   "--out", tmp_path / "fairness", "--quiet").exit_code == 1
    assert ("h2 { font-size: 12.5pt; margin: 16pt 0 6pt; border-bottom: 1px solid #999; "
            "break-after: avoid; page-break-after: avoid; }\n") in (tmp_path / "fairness" / "fairness.html").read_text(encoding="utf-8")


def test_a_ledger_run_says_its_index_is_by_item_and_its_reports_are_the_noncompliant_ones(tmp_path):
    """Checking a 受理台账, the terminal said index.html lists every case 按区市 (a ledger has no
    所在区市: it is grouped by 事项) and that the reports are for 不符合条件 cases (a ledger's rows are
    合规 / 不合规). It now says 按事项 and 不合规."""
    out = tmp_path / "out"
    result = run_cli("check", SAMPLES / "ledgers" / "N-07_受理台账.xlsx", "--out", out)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"报告：{out / 'index.html'}（全部案件按事项列出）、{out / 'summary.xlsx'}、{out / 'summary.json'}、{out / '告知书汇总.html'}" in lines
    assert f"逐件报告：{out / 'cases'}/（不合规、需人工复核或申请人材料有问题的 5 件）；其余案件：fundcheck show {out} 申报编号" in lines


def test_a_ledger_case_report_colours_its_verdict(tmp_path):
    """A 受理台账 row's report printed 审核结论 不合规 (and 合规) on no colour: the page styled the
    application verdicts only (v-eligible, v-ineligible, v-needs_review), so the office's failed
    handling looked like a neutral word where an application's failure is red. 合规/不合规 now take
    the colours of 符合条件/不符合条件, as on index.html and in summary.xlsx."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out,
                   "--per-case", "all", "--quiet").exit_code == 1
    page = (out / "cases" / "N04-003.html").read_text(encoding="utf-8")
    assert ('.v-eligible, .v-compliant { background: #C6EFCE; } .v-ineligible, .v-noncompliant { background: #FFC7CE; } '
            '.v-needs_review { background: #FFEB9C; }\n') in page
    assert '<tr><td>审核结论</td><td><span class="verdict v-noncompliant">不合规</span>' in page


def test_a_parameter_not_set_is_shown_without_a_unit(tmp_path):
    """W-04's 限额以下 rule: the bureau has not set the 限额, and every report printed the standard
    as "标准：限额：未设置万元" (the unit glued to 未设置). It now reads "标准：限额：未设置"."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "check" / "W-04_applications.xlsx", "--workflow", "W-04", "--catalogue",
                   SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv", "--out", out, "--per-case", "all",
                   "--quiet").exit_code == 1
    page = (out / "cases" / "W04-01.html").read_text(encoding="utf-8")
    assert '<div class="small">标准：限额：未设置</div>' in page
    assert "未设置万元" not in page


def test_the_green_manufacturing_deadline_is_printed_as_a_day_not_as_731(tmp_path):
    """N-02's 每年7月底前报省 rule keeps its deadline as a month-day number, and every report printed
    the standard as "标准：每年报省的最后一日：731". It now prints the day: 7月31日."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "ledgers" / "N-02_受理台账.xlsx", "--out", out, "--per-case", "all",
                   "--quiet").exit_code == 1
    page = (out / "cases" / "G-001.html").read_text(encoding="utf-8")
    assert '<div class="small">标准：每年报省的最后一日：7月31日</div>' in page


def test_a_text_parameter_is_shown_without_the_unit_word_glued_to_its_last_name(tmp_path):
    """The fund-lifecycle rules' parameters are lists of names with a "unit" (顺序, 分工, 用词), and
    the round report printed the unit after the last name: "资金拨付→监督检查顺序", "财政或业务主管部门分工",
    "工信、工业和信息化、业务主管用词" (as if 业务主管用词 were a word to look for). A unit now follows
    a number only."""
    out = tmp_path / "out"
    run_cli("audit", SAMPLES / "rounds" / "lifecycle_W-12.json", "-o", out, "--ledger", SAMPLES / "rounds" / "ledger.db", "--quiet")
    html = (out / "round.html").read_text(encoding="utf-8")
    assert "参数：资金环节的先后顺序：分配方案→财政审核→资金拨付→项目实施→项目验收→绩效评价；资金拨付→监督检查<" in html
    assert ("参数：各资金环节的承办部门：财政审核：财政；资金拨付：财政；项目实施：业务主管部门；项目验收：业务主管部门；"
            "绩效评价：财政或业务主管部门；监督检查：财政或业务主管部门；判定为业务主管部门的用词：工信、工业和信息化、业务主管<") in html
    assert "参数：抽取专家人数：7人" in html


def test_the_public_verification_page_dates_the_draw_in_words_and_names_no_field(tmp_path):
    """The public 专家抽取公开验证 page printed 抽取时间 as 2020-04-03T09:30:00+08:00 and labelled the
    record's hash with its JSON field name, "抽取记录哈希 draw_sha256". It now reads 2020年4月3日
    09:30:00（北京时间） (as the panel list does) and 抽取记录哈希（SHA-256）."""
    page = tmp_path / "verify.html"
    assert run_cli("draw", "publish", SAMPLES / "rounds" / "draw_W12-2020-01.json", "--out", page, "--quiet").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<tr><th>抽取时间</th><td>2020年4月3日 09:30:00（北京时间）</td></tr>" in html
    assert ("<tr><th>抽取记录哈希（SHA-256）</th><td><code>"
            "55756d9017abe1337257e5e8effbf21d0c40caab7b654784dd8a7f585936e185</code></td></tr>") in html


def test_the_fairness_report_names_no_option_or_field(tmp_path):
    """fairness.html listed its inputs as "专家库（--pool）" and its limits in the program's words:
    "以 --pool 专家库中…", "不在 --pool 该领域的在库名单中", "（未给出 --pool）", "与 eligible_sha256 一致"
    (an option name and a record field an inspector never typed). They now say 专家库 / 所给专家库
    and 账本所载可抽取名单哈希."""
    import re

    from checker.fairness.model import BASIS_ZH

    fairness = SAMPLES / "fairness"
    out = tmp_path / "fairness"
    assert run_cli("fairness", fairness / "ledger.db", "--records", fairness / "records", "--pool", SAMPLES / "experts.xlsx",
                   "--out", out, "--quiet").exit_code == 1
    html = (out / "fairness.html").read_text(encoding="utf-8")
    assert "<tr><td>专家库</td><td>experts.xlsx</td>" in html
    assert re.search(r"(?<![\w-])--[a-z]|eligible_sha256", html) is None
    assert BASIS_ZH["pool_verified"] == "专家库在库名单减去账本所载回避（与账本所载可抽取名单哈希一致）"
    assert BASIS_ZH["paper_pool"] == "纸质记录：以所给专家库中该领域在库专家代替（近似，未计回避）"


def test_fairness_p_values_are_printed_as_powers_of_ten_not_program_notation(tmp_path):
    """fairness.html printed small p-values as a program does, 2.09e-10 and 7.74e-09; a reader of the
    report (an inspector) gets 2.09×10⁻¹⁰ and 7.74×10⁻⁹. Values from 0.001 up keep four decimals."""
    from checker.fairness.report import p_text as _p

    fairness = SAMPLES / "fairness"
    out = tmp_path / "fairness"
    assert run_cli("fairness", fairness / "ledger.db", "--records", fairness / "records", "--pool", SAMPLES / "experts.xlsx",
                   "--out", out, "--quiet").exit_code == 1
    html = (out / "fairness.html").read_text(encoding="utf-8")
    assert '<td class="num">2.09×10⁻¹⁰</td><td class="num">7.74×10⁻⁹</td>' in html
    assert "e-10" not in html and "e-09" not in html
    assert [_p(v) for v in (None, 0.0, 0.0123, 0.001, 0.000356)] == ["", "0.0000", "0.0123", "0.0010", "3.56×10⁻⁴"]


def test_summary_xlsx_states_the_reference_date_the_batch_was_judged_on(tmp_path):
    """summary.xlsx, the sheet reviewers sign, never said on what date the batch was judged (--as-of,
    the window's end): its 说明 sheet listed the rulebook, the input and what was not checked, and a
    rerun with another --as-of (other credit records in force, other parameters) printed the same
    sheet. 说明 now has a 参考日期 line: the date and where it came from, or that each case has its own."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "check" / "W-03_applications.xlsx", "--workflow", "W-03", "--as-of", "2021-06-30",
                   "--out", out, "--quiet").exit_code == 1
    sheet = load_workbook(out / "summary.xlsx")["说明"]
    assert [row for row in sheet.iter_rows(values_only=True) if row[0] == "参考日期"] == [("参考日期", "2021-06-30（审核人指定的参考日期）")]
    window = tmp_path / "window"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", window, "--quiet").exit_code == 1
    sheet = load_workbook(window / "summary.xlsx")["说明"]
    assert [row for row in sheet.iter_rows(values_only=True) if row[0] == "参考日期"] == [("参考日期", "2020-07-31（本轮申报截止日）")]
    own = tmp_path / "own"
    assert run_cli("check", SAMPLES / "check" / "W-03_applications.xlsx", "--workflow", "W-03", "--out", own, "--quiet").exit_code == 1
    sheet = load_workbook(own / "summary.xlsx")["说明"]
    assert [row for row in sheet.iter_rows(values_only=True) if row[0] == "参考日期"] == [
        ("参考日期", "每件按其申报日期（未填写的按收件日期），见各件审核报告")]


def test_summary_xlsx_names_the_registers_the_batch_was_checked_against(tmp_path):
    """With --credit-list and --fraud-findings, every case report names the lists it was checked
    against, but summary.xlsx (the signed sheet) did not: a batch checked without the credit list
    printed the same 说明 as one checked with it. 说明 now lists them, as the case reports do."""
    registers = SAMPLES / "check" / "registers"
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "check" / "W-13_applications.xlsx", "--workflow", "W-13", "--as-of", "2021-06-30",
                   "--credit-list", registers / "credit.csv", "--fraud-findings", registers / "fraud_findings.csv",
                   "--with-funds", "--out", out, "--quiet").exit_code == 1
    rows = list(load_workbook(out / "summary.xlsx")["说明"].iter_rows(values_only=True))
    assert rows[4:9] == [("参考日期", "2021-06-30（审核人指定的参考日期）"), ("不良信用记录名单", "credit.csv"),
                         ("弄虚作假查实名单", "fraud_findings.csv"), ("涉及资金", "是（须填报《专项资金项目流程审核情况表》）"),
                         ("判定方式", "规则引擎 durable-rules")]


def test_summary_xlsx_names_the_reviewer_decisions_file(tmp_path):
    """With --overrides, summary.xlsx fills 人工复核后结论 but named the decisions file nowhere (nor did
    any printed report): 说明 now has 人工复核决定文件."""
    decisions = _approval_failed_by_reviewer(tmp_path)
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--overrides", decisions, "--quiet").exit_code == 1
    rows = list(load_workbook(out / "summary.xlsx")["说明"].iter_rows(values_only=True))
    assert rows[4:7] == [("参考日期", "2020-07-31（本轮申报截止日）"), ("人工复核决定文件", "复核决定.json"),
                         ("判定方式", "规则引擎 durable-rules")]


def test_index_html_states_the_reference_date(tmp_path):
    """index.html, the batch's one printable page, named the input and the rulebook but not the date
    the batch was judged on; it now does, as summary.xlsx's 说明."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", out, "--quiet").exit_code == 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert ("；审核规则版本 0.1.0+" in page and
            "；参考日期 2020-07-31（本轮申报截止日）。<br>共 18 件：符合条件 4 件，不符合条件 4 件，需人工复核 10 件。</p>" in page)


def test_a_condition_value_with_too_many_decimals_is_not_called_too_large(tmp_path):
    """A round condition's amount written 980.123456789012345678 (万元) cannot be compared exactly
    (more digits than the engine's integers hold) and the finding said "数值过大" -- of 980 万元, in
    the applicant's 补正告知书 too. It now says 小数位数过多; a value that is too large still says 数值过大."""
    workbook = load_workbook(SAMPLES / "check" / "W-12_applications.xlsx")
    sheet = workbook.active
    sheet["L2"] = "980.123456789012345678"
    sheet["L3"] = "1" + "0" * 25
    path = tmp_path / "w12.xlsx"
    workbook.save(path)
    out = tmp_path / "out"
    run_cli("check", path, "--workflow", "W-12", "--as-of", "2021-06-30", "--conditions",
            SAMPLES / "conditions" / "W-12_conditions.xlsx", "--out", out, "--quiet")
    from tests.helpers import read_case

    first = next(f for f in read_case(out, "W12-01")["findings"] if f["rule_id"] == "COND-2")
    assert (first["outcome"], first["message"]) == (
        # h151's wording: the bound in words
        "missing", "上年度营业收入（万元）“980.123456789012345678 万元”小数位数过多，无法精确比较，无法核对本条件（本轮条件要求不低于 1000 万元）。")
    second = next(f for f in read_case(out, "W12-02")["findings"] if f["rule_id"] == "COND-2")
    assert (second["outcome"], second["message"]) == (
        "missing", "上年度营业收入（万元）“10000000000000000000000000 万元”数值过大，无法精确比较，无法核对本条件（本轮条件要求不低于 1000 万元）。")


def test_a_ledger_index_names_each_item_by_its_title_as_well_as_its_code(tmp_path):
    """A 受理台账's index.html headed its groups with the item codes alone ("N-04（8 件）", "N-06（1 件）"),
    codes of this program's catalogue a reader of the printout does not know; the terminal already
    said "N-04 国家中小企业发展专项资金项目初审". The index now does too."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out,
                   "--quiet").exit_code == 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="d1">N-04 国家中小企业发展专项资金项目初审（8 件）</h2>' in page
    assert '<h2 id="d2">N-06 省级工业新产品综合评价（1 件）</h2>' in page
    assert '<tr><td><a href="#d1">N-04 国家中小企业发展专项资金项目初审</a></td>' in page


def test_a_long_unbroken_latin_value_wraps_instead_of_pushing_tables_off_the_page(tmp_path):
    """A company name in Latin capitals without spaces, or a URL written as the project name,
    cannot break at a space: the case report's tables grew to its width, ran off the right edge of
    the A4 page (printed cut) and squeezed the label column to one character a line; index.html
    and the notices likewise. Every printed page now lets such a value break anywhere."""
    workbook = _sample_with(tmp_path, C4="SHANGHAIWEILIANELECTRONICTECHNOLOGYCOLTD" * 4, H4="https://example.invalid/" + "x" * 120)
    out = tmp_path / "out"
    assert run_cli("check", workbook, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", out,
                   "--quiet").exit_code == 1
    case = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert ('body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", "SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "BabelStone Han", sans-serif; margin: 2em auto; '
            'max-width: 60em; color: #222; line-height: 1.5; overflow-wrap: anywhere; }') in case
    assert ('body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "BabelStone Han", sans-serif; margin: 2em auto; '
            'max-width: 64em; color: #222; line-height: 1.45; overflow-wrap: anywhere; }') in (out / "index.html").read_text(encoding="utf-8")
    assert ('body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", "Noto Sans CJK SC", "SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "BabelStone Han", serif; margin: 2em auto; '
            'max-width: 46em; color: #000; overflow-wrap: anywhere; }') in (out / "告知书汇总.html").read_text(encoding="utf-8")
    audited = tmp_path / "round"
    run_cli("audit", SAMPLES / "rounds" / "compliant_W-12.json", "-o", audited, "--ledger", SAMPLES / "rounds" / "ledger.db", "--quiet")
    assert ('body{font-family:"Noto Sans CJK SC","Microsoft YaHei","SimSun-ExtB","SimSun-ExtG","MingLiU-ExtB","HanaMinB","BabelStone Han",sans-serif;margin:2em;color:#222;font-size:14px;'
            'line-height:1.5;overflow-wrap:anywhere}') in (audited / "round.html").read_text(encoding="utf-8")


def test_a_ledger_rows_report_is_titled_as_a_ledger_review(tmp_path):
    """A 受理台账 row's report judges the office's handling (合规/不合规) yet was titled
    "… 申报审核报告", the title of an applicant's review, while summary.xlsx calls the same run
    "受理台账审核汇总表". The HTML and Markdown reports are now titled 受理台账审核报告; an
    application's report keeps 申报审核报告."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out,
                   "--per-case", "all", "--format", "html,md", "--quiet").exit_code == 1
    html = (out / "cases" / "N04-003.html").read_text(encoding="utf-8")
    assert "<title>国家中小企业发展专项资金项目初审 受理台账审核报告 N04-003</title>" in html
    assert "<h1>国家中小企业发展专项资金项目初审 受理台账审核报告</h1>" in html
    assert (out / "cases" / "N04-003.md").read_text(encoding="utf-8").startswith(
        "# 国家中小企业发展专项资金项目初审 受理台账审核报告：N04-003\n")
    applications = tmp_path / "w05"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01",
                   "2020-07-31", "--out", applications, "--quiet").exit_code == 1
    assert "<h1>工业企业技术改造补助资金项目审核 申报审核报告</h1>" in (applications / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")


def test_the_by_item_sheet_of_a_ledger_summary_shows_its_headers_whole(tmp_path):
    """summary.xlsx's 按事项汇总 sheet (a 受理台账 run) kept the default column width, so its headers
    申请人材料不符合 / 申请人材料需复核 printed cut off ("申请人材料" and a stray character). The
    columns now have widths that hold them."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out,
                   "--quiet").exit_code == 1
    import zipfile

    workbook = load_workbook(out / "summary.xlsx")
    assert [c.value for c in workbook["按事项汇总"][1]] == ["事项", "件数", "合规", "不合规", "需人工复核", "申请人材料不符合", "申请人材料需复核"]
    number = workbook.sheetnames.index("按事项汇总") + 1
    xml = zipfile.ZipFile(out / "summary.xlsx").read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")
    assert ('<cols><col min="1" max="1" width="10.7109375" customWidth="1"/><col min="2" max="4" width="8.7109375" customWidth="1"/>'
            '<col min="5" max="5" width="12.7109375" customWidth="1"/><col min="6" max="7" width="18.7109375" customWidth="1"/></cols>') in xml


def test_the_portal_notice_tells_the_applicant_in_the_second_person_with_the_right_word(tmp_path):
    """W-04's 补正告知书 to an applicant who filed on paper said "需补正：请申请人登陆山东政务服务网提交免税申请。"
    -- a letter to 你单位 speaking of 申请人 in the third person, with 登陆 (to land) for 登录 (to log in),
    copied from the seed's wording (which the rule still quotes verbatim as its basis). It now says
    "请登录山东政务服务网提交免税申请。"."""
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "check" / "W-04_applications.xlsx", "--workflow", "W-04", "--catalogue",
                   SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv", "--out", out, "--quiet").exit_code == 1
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert ('<li><strong>通过山东政务服务网提交申请。</strong>申报渠道为“纸质报送”，不是山东政务服务网。'
            '<div class="action">需补正：请登录山东政务服务网提交免税申请。</div>') in notices


def test_a_notice_names_the_day_it_was_judged_on_instead_of_the_reviewers_reference_date(tmp_path):
    """Notices to applicants said "在参考日期前有经调查属实的弄虚作假记录", "有参考日期前认定的记录",
    "（到参考日 2021-06-30 满 2 年）": 参考日期 is the reviewers' word for the day a case is judged on,
    never explained to the applicant. The notice now names the day (2021年6月30日)."""
    registers = SAMPLES / "check" / "registers"
    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "check" / "W-12_applications.xlsx", "--workflow", "W-12", "--as-of", "2021-06-30",
                   "--conditions", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--credit-list", registers / "credit.csv",
                   "--fraud-findings", registers / "fraud_findings.csv", "--out", out, "--quiet").exit_code == 1
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert ("<li><strong>无经查实的弄虚作假行为。</strong>统一社会信用代码91371003MA0000112C在2021年6月30日前有经调查属实的"
            "弄虚作假记录：威海示例112有限公司，日期2020年9月1日，文号威工信字〔2020〕41号(示例)。") in notices
    # h151's wording (填写为…，本轮条件要求…), set solid as a letter is (h155)
    assert "<li><strong>在我市依法注册登记、成立满3年。</strong>成立日期填写为2018年7月1日（到2021年6月30日满2年），本轮条件要求满3年，不符合本条件。" in notices
    assert "参考日" not in notices
