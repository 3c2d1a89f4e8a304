"""helper-146's review of what people print and send (case reports, 一次性告知书, index.html): invisible
direction marks reordering a printed cell, a formula's note printed as the project's name, and the
notice's first sentence around a project name holding quotes or ending in 项目. Every text asserted whole."""

from __future__ import annotations

import json
import re

import openpyxl

from checker.report.case_html import text
from checker.report.notice import Notice, NoticeOptions
from checker.report.text import environment, md_text
from tests.helpers import SAMPLES, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")
W05_CLAUSE = "《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："


def _sample_rows(*ids: str) -> list[dict]:
    rows = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))
    return [row for wanted in ids for row in rows if row["申报编号"] == wanted]


def _items(html: str) -> list[str]:
    return re.findall(r"<li>.*?</li>", html, re.S)


# --- 1. an RLM or ALM in a cell reordered its digits on paper -------------------------------------------

def test_direction_marks_are_not_printed_so_the_digits_stay_in_order(tmp_path):
    # U+200F (RLM) and U+061C (ALM) are invisible strong right-to-left characters strip_control leaves:
    # Chromium printed 威海路12<RLM>-34号 as 威海路1234-号 and “<ALM>100<ALM> 200” as “200 100”
    row = _sample_rows("WH-2020-002")[0]
    row.update({"注册地址": "上海市静安区威海路12\u200f-34号", "企业名称": "上海威联\u061c电子科技有限公司"})
    data = tmp_path / "apps.json"
    data.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", data, "--workflow", "W-05", *WINDOW, "--out", out, "--quiet", "--format", "html,md,json")
    assert result.exit_code == 1, result.output
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert _items(notices) == [
        "<li><strong>在威海市行政区域内注册。</strong>注册地址“上海市静安区威海路12-34号”位于上海，不在威海市行政区域内。"
        f'<div class="basis">依据：{W05_CLAUSE}“项目单位在威海市行政区域内注册”</div></li>']
    assert '<p class="addressee">上海威联电子科技有限公司：</p>' in notices
    assert "<tr><td>1</td><td>WH-2020-002</td><td>上海威联电子科技有限公司</td><td>不予受理告知书</td></tr>" in notices
    page = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert "<tr><td>企业名称</td><td>上海威联电子科技有限公司</td></tr>" in page
    assert ('<div class="small">证据：注册地址：上海市静安区威海路12-34号（JSON 文件第 1 条记录的“注册地址”）；'
            "统一社会信用代码：91310106MA1FY0XX52（JSON 文件第 1 条记录的“统一社会信用代码”）</div>") in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<tr><td class="n">1</td><td>WH-2020-002</td><td>上海威联电子科技有限公司</td>' in index
    markdown = (out / "cases" / "WH-2020-002.md").read_text(encoding="utf-8")
    assert "- 企业名称：上海威联电子科技有限公司（统一社会信用代码 91310106MA1FY0XX52）\n" in markdown
    for printed in (notices, page, index, markdown):
        assert not {"\u200e", "\u200f", "\u061c"} & set(printed)
    # the data keeps the cell as written: only what is printed leaves the marks out
    document = json.loads((out / "cases" / "WH-2020-002.json").read_text(encoding="utf-8"))
    assert document["application"]["registered_address"]["value"] == "上海市静安区威海路12\u200f-34号"


def test_the_fast_html_the_template_and_markdown_leave_the_marks_out_alike():
    value = "\u200e“\u061c100\u061c 200”万元<b>12\u200f-34"
    assert text(value) == "“100 200”万元&lt;b&gt;12-34"
    assert environment().from_string("{{ v }}").render(v=value) == text(value)
    assert md_text(value) == "“100 200”万元&lt;b&gt;12-34"


# --- 2. a formula without its result printed as the project's name -------------------------------------

def test_a_formula_without_its_result_is_not_printed_as_the_name(tmp_path):
    # the case report's head read 项目名称 | 公式单元格没有缓存的计算结果, as if the project were called so;
    # index.html and summary.xlsx say （无法读取：…）
    book = openpyxl.load_workbook(SAMPLES / "w05_applications.xlsx")
    book.active["H4"] = '=HYPERLINK("http://example.invalid","点我")'  # WH-2020-002's 项目名称, never calculated
    path = tmp_path / "apps.xlsx"
    book.save(path)
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "W-05", *WINDOW, "--out", out, "--quiet", "--format", "html,md")
    assert result.exit_code == 1, result.output
    page = (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert "<tr><td>项目名称</td><td>（无法读取：公式单元格没有缓存的计算结果）</td></tr>" in page
    markdown = (out / "cases" / "WH-2020-002.md").read_text(encoding="utf-8")
    assert "- 项目名称：（无法读取：公式单元格没有缓存的计算结果）\n" in markdown
    # the notice names the application by its number, as it did
    assert ('<p class="para">你单位报送的申报材料（申报编号WH-2020-002）收悉。经审核，你单位不符合受理条件，决定不予受理。理由如下：</p>'
            in (out / "告知书汇总.html").read_text(encoding="utf-8"))


# --- 3. the notice's first sentence around the project's name ------------------------------------------

def _subject(project: str) -> str:
    return Notice("supplement", "", "WH-2020-009", "", project, [], NoticeOptions()).subject_text


def test_a_project_name_ending_in_xiangmu_takes_no_second_one():
    assert _subject("年产5万套汽车零部件技术改造项目") == "你单位报送的“年产5万套汽车零部件技术改造项目”申报材料"
    assert _subject("医疗器械洁净车间改造") == "你单位报送的“医疗器械洁净车间改造”项目申报材料"


def test_quotes_inside_the_project_name_are_nested_as_single_quotes(tmp_path):
    assert _subject("“专精特新”产品扩产") == "你单位报送的“‘专精特新’产品扩产”项目申报材料"
    row = _sample_rows("WH-2020-009")[0]
    row["项目名称"] = "“专精特新”医疗器械洁净车间改造项目"
    data = tmp_path / "apps.json"
    data.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", data, "--workflow", "W-05", *WINDOW, "--out", out, "--quiet")
    assert result.exit_code == 1, result.output
    assert ('<p class="para">你单位报送的“‘专精特新’医疗器械洁净车间改造项目”申报材料收悉。经审核，尚有以下事项需要补正或说明，现一次性告知如下：</p>'
            in (out / "告知书汇总.html").read_text(encoding="utf-8"))


# --- 4. a 需补正 line that stopped mid-sentence ---------------------------------------------------------

def test_a_round_conditions_remedy_ends_its_sentence_in_the_notice(tmp_path):
    # W12-16's 研发投入占比 0.05: the condition's remedy ended on the condition's words, no full stop
    out = tmp_path / "out"
    registers = SAMPLES / "check" / "registers"
    result = run_cli("check", SAMPLES / "check" / "W-12_applications.xlsx", "--workflow", "W-12",
                     "--conditions", SAMPLES / "conditions" / "W-12_conditions.xlsx", "--as-of", "2021-06-30",
                     "--credit-list", registers / "credit.csv", "--fraud-findings", registers / "fraud_findings.csv",
                     "--with-funds", "--out", out, "--quiet")
    assert result.exit_code == 1, result.output
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert _items(notices[notices.index("申报编号：W12-16</p>"):])[0] == (
        # h151's wording (本轮条件要求…), set solid as a letter is (h155)
        "<li><strong>上年度研发费用占营业收入比重不低于3%。</strong>研发投入占比“0.05”无法识别，无法核对本条件（本轮条件要求不低于3%）。"
        '<div class="action">需补正：请补填或更正研发投入占比（0至100的百分数，如12%、12（12即12%）），'
        "以便核对：上年度研发费用占营业收入比重不低于3%。</div>"
        '<div class="basis">依据：威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》'
        "第二条（三）：“上年度研发费用占营业收入比重不低于3%”；《威海市工业和信息化局履职清单》（2020年7月）"
        "非公有制经济（中小企业）发展科职责清单 › “专精特新”中小企业申报工作流程：“按照确定的申报条件”</div></li>")


# --- 5. a row without an id or a project: brackets within brackets --------------------------------------

def test_a_notice_without_an_id_or_a_project_names_neither(tmp_path):
    row = _sample_rows("WH-2020-002")[0]
    row.update({"申报编号": "", "项目名称": ""})
    data = tmp_path / "apps.json"
    data.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", data, "--workflow", "W-05", *WINDOW, "--out", out, "--quiet")
    assert result.exit_code == 1, result.output
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert '<p class="notice-no">申报编号：（未填写）</p>' in notices
    # was 你单位报送的申报材料（申报编号 （未填写））收悉
    assert '<p class="para">你单位报送的申报材料收悉。经审核，你单位不符合受理条件，决定不予受理。理由如下：</p>' in notices
    assert Notice("supplement", "", "W12-01", "", "", [], NoticeOptions()).subject_text == "你单位报送的申报材料（申报编号W12-01）"
