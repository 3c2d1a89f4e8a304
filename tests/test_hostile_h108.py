"""Hostile office-reader review h108 of what people print.

1. summary.xlsx: every sheet's printed pages are numbered (问题明细, 说明 and 按事项汇总 had no footer);
   按事项汇总 prints one page wide (its last column 申请人材料需复核 came out on a page of its own);
   a long 说明 line (未核对事项) has the height of its wrapped lines (one line shown, the rest cut).
2. 告知书汇总.html of a batch with no notice prints its one line (the cover hidden in print left a blank page).
3. The notice at the end of a case report is set in the notices' serif face and on their margins, as
   告知书汇总.html prints it (its lines broke elsewhere).
4. A case report's evidence says 控制字符：U+202E, not a program's codes：['U+202E'].
5. fairness.html prints every expected count with four decimals (2.1040 under 5.6421, not 2.104), and a
   draw's time as 2024-04-29 15:10:00, not 2024-04-29T15:10:00+08:00.
6. The rounds' index (资金轮次审计汇总) prints its tables' right border (15 mm margins clipped it in Chromium).
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from checker.fairness.report import at_text, render_html
from tests.helpers import ROOT, run_cli

FOOTER = "第 &P 页，共 &N 页"


@pytest.fixture(scope="module")
def ledger_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("h108") / "n04"
    run_cli("check", ROOT / "samples" / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out, "--quiet")
    return out


# --- 1 and 2: summary.xlsx and the notices page of a ledger batch (no notices) -------------------------


def test_every_summary_sheet_is_numbered_and_one_page_wide(ledger_run):
    out = ledger_run
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert [(ws.title, ws.oddFooter.center.text) for ws in book] == [
        ("审核汇总", FOOTER), ("问题明细", FOOTER), ("按事项汇总", FOOTER), ("说明", FOOTER)]
    items = book["按事项汇总"]
    assert (items.page_setup.orientation, items.page_setup.paperSize, items.sheet_properties.pageSetUpPr.fitToPage,
            items.page_setup.fitToHeight, items.print_title_rows) == ("landscape", 9, True, 0, "$1:$1")


def test_a_long_note_on_the_info_sheet_is_not_cut(ledger_run):
    out = ledger_run
    info = openpyxl.load_workbook(out / "summary.xlsx")["说明"]
    rows = {info.cell(r, 2).value: info.row_dimensions[r].height for r in range(1, info.max_row + 1)}
    long_note = next(text for text in rows if text.startswith("N-04 国家中小企业发展专项资金项目初审：告知书："))
    assert rows[long_note] == 68.25  # four lines of 16.5 points and the cell's padding
    assert rows["规则引擎 durable-rules"] is None  # a one-line value keeps the sheet's height


def test_a_batch_without_notices_prints_its_one_line(ledger_run):
    out = ledger_run
    page = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert '<div class="cover none">\n<h1>国家中小企业发展专项资金项目初审 告知书汇总</h1>\n<p>本批次没有需要发给申请人的告知书。</p>\n</div>' in page
    assert "@media print { body { margin: 0; max-width: none; } .cover:not(.none) { display: none; }" in page


# --- 3 and 4: a case report -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_case(tmp_path_factory) -> str:
    tmp_path = tmp_path_factory.mktemp("h108")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称", "项目领域",
                  "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"])
    sheet.append(["WH-X-1", "威海\u202e反转有限公司", "91371002MA3D0004CE", "上海市静安区威海路88号", "环翠区", "是", "产线改造",
                  "智能制造", "威发改备〔2020〕1号", 150, 1200, "是", "2020-07-06"])
    book.save(tmp_path / "h.xlsx")
    out = tmp_path / "o"
    run_cli("check", tmp_path / "h.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", out,
            "--per-case", "all", "--quiet")
    return (out / "cases" / "WH-X-1.html").read_text(encoding="utf-8")


def test_evidence_names_control_characters_in_words(hostile_case):
    page = hostile_case
    assert '<div class="small">证据：控制字符：U+202E（申报汇总表 B2 单元格）</div>' in page
    assert "codes" not in page


def test_the_case_reports_notice_is_set_like_the_notices_page(hostile_case):
    page = hostile_case
    assert ('.notice { break-before: page; page-break-before: always; padding: 0 1em; font-size: 14pt; line-height: 1.8; '
            'font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", "Noto Sans CJK SC", "SimSun-ExtB", "SimSun-ExtG", '
            '"MingLiU-ExtB", "HanaMinB", "BabelStone Han", serif; color: #000; }') in page
    # and on the notices page's margins: the same lines, the same place for the stamp
    assert "@page notice-odd { margin: 25mm 22mm 22mm 22mm; counter-increment: notice-odd;" in page
    assert "@page { size: A4 portrait; margin: 25mm 22mm 22mm 22mm; }" in (ROOT / "checker" / "report" / "templates" / "notices.html.j2").read_text(encoding="utf-8")
    assert '<section class="notice">\n<h2 class="notice-title">不予受理告知书</h2>' in page


# --- 5: fairness.html -----------------------------------------------------------------------------------


def test_expected_counts_print_with_four_decimals():
    report = json.loads((ROOT / "reports" / "example" / "fairness" / "fairness.json").read_text(encoding="utf-8"))
    page = render_html(report)
    assert ('<tr><td class="id">ZJ004</td><td class="num">8</td><td class="num">1</td><td class="num">2.1040</td>'
            '<td class="num">0.9130</td><td class="num">1.0000</td><td class="small">ledger.db#28</td></tr>') in page
    assert "<title>ZJ004：实际 1，期望 2.1040</title>" in page
    # fairness.json keeps the number
    assert next(r for r in report["experts"]["rows"] if r["expert_id"] == "ZJ004")["expected"] == 2.104


# --- 6: the rounds' index -------------------------------------------------------------------------------


def test_rounds_index_page_margins_leave_the_tables_right_border():
    from checker.report.round import rounds_index

    page = rounds_index([], []).decode("utf-8")
    assert "@page { size: A4 landscape; margin: 12mm; }" in page


def test_draw_times_print_as_people_write_them():
    report = json.loads((ROOT / "reports" / "example" / "fairness" / "fairness.json").read_text(encoding="utf-8"))
    page = render_html(report)
    assert ('<tr class="hit"><td>ledger.db#13<br><span class="small">2024-04-29 15:10:00</span></td>'
            '<td><span class="nw">2024-XCL-05</span><br>新材料</td><td>ledger.db#12</td><td>政工科-经办人A</td><td>评审时间调整，重新抽取</td>') in page
    assert "T15:10:00+08:00" not in page
    assert at_text("2024-04-29T15:10:00-05:00") == "2024-04-29 15:10:00（UTC-05:00）"
    # fairness.json keeps the time as recorded
    assert report["redraws"]["items"][0]["at"] == "2024-04-29T15:10:00+08:00"
