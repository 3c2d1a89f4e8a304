"""helper-163: a 告知书's later pages name its 申报编号. A notice of several pages named its application on the first
page only (the .notice-no line); its later pages carried 第 N 页 alone, so a page parted from the first (a fax, a scan,
a stapled pile) could not be matched to its application. In 告知书汇总.html each notice's second and later pages now
carry "申报编号 … <告知书>（续）" at the top, its first page nothing there (as before). Every text asserted whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checker.report.notice import NO_NUMBER, Notice, NoticeItem, NoticeOptions, continued_heading, css_string
from tests.helpers import SAMPLES, run_cli

CONDITIONS = SAMPLES / "conditions" / "W-12_conditions.xlsx"
HOSTILE = 'H"1\\2};x</style><b>&\'y'  # a quote, a backslash, CSS's } and ;, the <style> closing tag, HTML's & and '
LONG = {"企业名称": "威海精密机械有限公司", "项目名称": "测试项目", "所在区市": "环翠区", "真实性承诺": "否",
        "统一社会信用代码": "91371002MA3D0004CE", "区市初审意见": "不通过", "成立日期": "2020-13-01",
        "上年度营业收入（万元）": "约一百万", "研发投入占比": "百分之五", "近三年重大事故": "无", "所属行业": "制造业",
        "从业人数": "约三百人", "知识产权类别": "某某", "资产负债率": "九成"}
SHORT = {"企业名称": "威海短告知有限公司", "项目名称": "测试项目", "所在区市": "环翠区", "真实性承诺": "否",
         "统一社会信用代码": "91371002MA3D0004CE", "申报日期": "2021-06-01", "成立日期": "2015-01-01",
         "上年度营业收入（万元）": 5000, "研发投入占比": "5%", "近三年重大事故": "无", "所属行业": "制造业", "从业人数": 100,
         "知识产权类别": "发明专利", "资产负债率": "50%"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """A W-12 batch: L-03 a 补正告知书 of three pages, L-04 one of one page, then a long one with a hostile number,
    a long one without a number and a last long one (several multi-page notices in one 告知书汇总.html)."""
    tmp = tmp_path_factory.mktemp("h163")
    template = tmp / "t.xlsx"
    assert run_cli("template", "check", "--workflow", "W-12", "--conditions", CONDITIONS, "--out", template,
                   "--quiet").exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(LONG, 申报编号="L-03"), dict(SHORT, 申报编号="L-04"), dict(LONG, 申报编号=HOSTILE),
            dict(LONG, 申报编号=None, 企业名称="威海无编号有限公司"), dict(LONG, 申报编号="L-07")]
    for row in rows:
        sheet.append([row.get(name) for name in header])
    workbook.save(tmp / "long.xlsx")
    out = tmp / "out"
    assert run_cli("check", tmp / "long.xlsx", "--workflow", "W-12", "--conditions", CONDITIONS, "--as-of", "2021-06-30",
                   "--out", out, "--quiet").exit_code == 1
    return out


def _rules(number: int, symbols: str) -> str:
    parity, other = ("odd", "even") if number % 2 else ("even", "odd")
    return (f'@counter-style notice-{number} {{ system: cyclic; symbols: {symbols}; range: 2 infinite; fallback: notice-first-page; }}\n'
            f'@media print {{ .notice:nth-of-type({number}) {{ page: notice-{number}; }} @page notice-{number} {{ margin: 25mm 22mm 22mm 22mm; '
            f'counter-increment: notice-{parity}; counter-set: notice-{other} 0; @top-center {{ content: counter(notice-{parity}, notice-{number}); '
            f'font-size: 10.5pt; color: #000; }} @bottom-center {{ content: "第 " counter(notice-{parity}) " 页"; font-size: 10.5pt; color: #000; }} }} }}\n')


FIRST_PAGE_STYLE = '@counter-style notice-first-page { system: cyclic; symbols: ""; }\n'


def test_the_batch_names_each_notice_on_its_later_pages(batch):
    """Each notice has its own named page and counter style: the heading from page 2 on, nothing on page 1."""
    page = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    head = page[page.index(FIRST_PAGE_STYLE):page.index("</style>")]
    assert head == (FIRST_PAGE_STYLE
                    + _rules(1, '"申报编号 L-03 申报材料补正告知书（续）"')
                    + _rules(2, '"申报编号 L-04 申报材料补正告知书（续）"')
                    # every character that could end the string, the rule or the <style> as a CSS hex escape
                    + _rules(3, '"申报编号 H\\22 1\\5c 2};x\\3c /style\\3e \\3c b\\3e \\26 \\27 y 申报材料补正告知书（续）"')
                    # no number: the addressee names it ("申报编号 （未填写）" would match nothing)
                    + _rules(4, '"威海无编号有限公司 申报材料补正告知书（续）"')
                    + _rules(5, '"申报编号 L-07 申报材料补正告知书（续）"'))
    assert css_string(continued_heading(NO_NUMBER, "威海无编号有限公司", "申报材料补正告知书")) in head
    assert css_string(continued_heading(HOSTILE, "威海精密机械有限公司", "申报材料补正告知书")) in head
    # one <style>, closed once; the notice's own HTML still escapes the number, and its first page is as before:
    # the body's sections are the fragments notice_html wrote, siblings in input order
    assert page.count("</style>") == 1 and page.count("<style>") == 1
    assert ('<p class="notice-no">申报编号：H&#34;1\\2};x&lt;/style&gt;&lt;b&gt;&amp;&#39;y</p>') in page
    assert page.count('</section><section class="notice">') == 4
    assert re.findall(r'<p class="notice-no">申报编号：([^<]+)</p>', page) == [
        "L-03", "L-04", "H&#34;1\\2};x&lt;/style&gt;&lt;b&gt;&amp;&#39;y", NO_NUMBER, "L-07"]


def test_the_page_rules_escape_for_css():
    """checker.report.notice.page_rules (which notices.html.j2 prints as it is) puts each heading into CSS through
    css_string; control characters are dropped as every printed value drops them."""
    from checker.report.notice import page_rules

    # a line break printed values keep (a cell's Alt+Enter) would end the CSS string unclosed: escaped
    assert css_string("a\nb\r\x0cc\u200fd") == '"a\\a b\\d cd"'
    assert css_string(HOSTILE) == '"H\\22 1\\5c 2};x\\3c /style\\3e \\3c b\\3e \\26 \\27 y"'
    assert page_rules([("L-01", "甲", "申报材料补正告知书"), (HOSTILE, "乙", "不予受理告知书")]) == (
        '@counter-style notice-1 { system: cyclic; symbols: "申报编号 L-01 申报材料补正告知书（续）"; range: 2 infinite; '
        "fallback: notice-first-page; }\n"
        "@media print { .notice:nth-of-type(1) { page: notice-1; } @page notice-1 { margin: 25mm 22mm 22mm 22mm; "
        "counter-increment: notice-odd; counter-set: notice-even 0; @top-center { content: counter(notice-odd, notice-1); "
        'font-size: 10.5pt; color: #000; } @bottom-center { content: "第 " counter(notice-odd) " 页"; font-size: 10.5pt; '
        "color: #000; } } }\n"
        '@counter-style notice-2 { system: cyclic; symbols: "申报编号 H\\22 1\\5c 2};x\\3c /style\\3e \\3c b\\3e \\26 \\27 y '
        '不予受理告知书（续）"; range: 2 infinite; fallback: notice-first-page; }\n'
        "@media print { .notice:nth-of-type(2) { page: notice-2; } @page notice-2 { margin: 25mm 22mm 22mm 22mm; "
        "counter-increment: notice-even; counter-set: notice-odd 0; @top-center { content: counter(notice-even, notice-2); "
        'font-size: 10.5pt; color: #000; } @bottom-center { content: "第 " counter(notice-even) " 页"; font-size: 10.5pt; '
        "color: #000; } } }\n")


def test_a_batch_without_notices_gets_no_page_rules(tmp_path):
    from checker.report.case import RunInfo, notices_page
    run = RunInfo("W-12", "测试", "v", "in.xlsx", "0" * 64, "python", [])
    page = notices_page([], run).decode("utf-8")
    assert FIRST_PAGE_STYLE + "</style>" in page and "@counter-style notice-1 " not in page


def _notice(case_id: str = "WH-2020-001", kind: str = "refusal") -> Notice:
    title = "不予受理告知书" if kind == "refusal" else "申报材料补正告知书"
    return Notice(kind, title, case_id, "威海某某有限公司", "年产5万套零部件技改项目",
                  [NoticeItem("注册地", "企业注册地不在威海市行政区域内。", "", "履职清单")], NoticeOptions())


def test_the_heading_and_the_css_for_a_page_holding_one_notice():
    """continued_heading as the batch prints it; continued_css is what a page holding one notice (its case report)
    carries to print it (the case report's notice is rendered by checker/report/case_html.py: see the report)."""
    assert continued_heading("WH-2020-001", "威海某某有限公司", "不予受理告知书") == "申报编号 WH-2020-001 不予受理告知书（续）"
    assert continued_heading(NO_NUMBER, "威海某某有限公司", "申报材料补正告知书") == "威海某某有限公司 申报材料补正告知书（续）"
    assert _notice(HOSTILE).continued_css == (
        '@counter-style notice-continued { system: cyclic; symbols: "申报编号 H\\22 1\\5c 2};x\\3c /style\\3e \\3c b\\3e \\26 \\27 y '
        '不予受理告知书（续）"; range: 2 infinite; fallback: notice-first-page; }\n'
        "@page notice-odd { @top-center { content: counter(notice-odd, notice-continued); font-size: 10.5pt; color: #000; } }")


def _printed(html: Path, tmp: Path) -> list[list[str]]:
    chromium, pdftotext = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("pdftotext")
    if not (chromium and pdftotext):
        pytest.skip("chromium and pdftotext are needed to print the notices")
    pdf = tmp / (html.stem + ".pdf")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f") if page.strip()]


def test_printed_later_pages_name_the_notice_and_first_pages_are_as_before(batch, tmp_path):
    pages = _printed(batch / "告知书汇总.html", tmp_path)
    hostile = '申报编号 H"1\\2};x</style><b>&\'y 申报材料补正告知书（续）'
    # each page's first line: a notice's title on its first page, its heading on the later ones
    assert [page[0] for page in pages] == [
        "申报材料补正告知书", "申报编号 L-03 申报材料补正告知书（续）", "申报编号 L-03 申报材料补正告知书（续）",
        "申报材料补正告知书",
        "申报材料补正告知书", hostile, hostile,
        "申报材料补正告知书", "威海无编号有限公司 申报材料补正告知书（续）", "威海无编号有限公司 申报材料补正告知书（续）",
        "申报材料补正告知书", "申报编号 L-07 申报材料补正告知书（续）", "申报编号 L-07 申报材料补正告知书（续）"]
    # page numbers counted per notice, as before; a first page's second line is its number line, as before
    assert [page[-1].replace(" ", "") for page in pages] == ["第1页", "第2页", "第3页", "第1页"] + ["第1页", "第2页", "第3页"] * 3
    assert [pages[i][1] for i in (0, 3, 4, 7, 10)] == [
        "申报编号：L-03", "申报编号：L-04", '申报编号：H"1\\2};x</style><b>&\'y', f"申报编号：{NO_NUMBER}", "申报编号：L-07"]


def test_a_case_report_with_its_notice_css_names_the_notice_on_its_later_pages(batch, tmp_path):
    """The case report's notice (checker/report/case_html.py and case.html.j2, changed as this report proposed): the
    notice's continued_css in a <style> before it; its later pages carry the heading, every other page prints as before."""
    case = (batch / "cases" / "L-03.html").read_text(encoding="utf-8")
    notice = Notice("supplement", "申报材料补正告知书", "L-03", "威海精密机械有限公司", "测试项目", [], NoticeOptions())
    assert case.count('<section class="notice">') == 1
    assert f'<style>{notice.continued_css}</style><section class="notice">' in case
    page = tmp_path / "L-03.html"
    page.write_text(case, encoding="utf-8")
    pages = _printed(page, tmp_path)
    notice_pages = [index for index, lines in enumerate(pages) if lines[0] == "申报材料补正告知书"]
    assert len(notice_pages) == 1 and len(pages) == notice_pages[0] + 3
    start = notice_pages[0]
    assert [lines[0] for lines in pages[start:]] == ["申报材料补正告知书"] + ["申报编号 L-03 申报材料补正告知书（续）"] * 2
    assert [lines[-1].replace(" ", "") for lines in pages[start:]] == ["第1页", "第2页", "第3页"]
    assert all("（续）" not in line for lines in pages[:start] for line in lines)


def test_first_pages_print_as_before_pixel_for_pixel(batch, tmp_path):
    """The page without this branch's rules (cut out of the same file) and the page with them: every notice's first page
    the same image, its later pages differ (the heading)."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        pytest.skip("pdftoppm is needed to compare the printed pages")
    page = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    before = tmp_path / "before" / "告知书汇总.html"
    before.parent.mkdir()
    before.write_text(page[:page.index(FIRST_PAGE_STYLE)] + page[page.index("</style>"):], encoding="utf-8")
    images = []
    for html in (before, batch / "告知书汇总.html"):
        _printed(html, html.parent if html == before else tmp_path)
        pdf = (html.parent if html == before else tmp_path) / (html.stem + ".pdf")
        prefix = tmp_path / ("b" if html == before else "a")
        subprocess.run([pdftoppm, "-r", "40", "-png", str(pdf), str(prefix)], check=True, timeout=120)
        images.append([path.read_bytes() for path in sorted(tmp_path.glob(prefix.name + "-*.png"))])
    old, new = images
    assert len(old) == len(new) == 13
    assert [a == b for a, b in zip(old, new)] == [True, False, False, True, True, False, False, True, False, False, True, False, False]


def test_the_page_rules_reach_the_page_a_notice_at_a_time():
    """Issue 14's memory bound: 告知书汇总.html's page rules are handed to the template one notice at a time (the
    streamed page writes them out a megabyte at a time). Joined into one string, a 100,000-row check's 31,000 notices'
    rules took its pages child from 229 to 342 MB at its peak (the gate is 300 MB). The pieces are page_rules' text."""
    from checker.report.notice import page_rule_pieces, page_rules
    from checker.report.text import environment

    index = [("L-01", "甲", "申报材料补正告知书"), (HOSTILE, "乙", "不予受理告知书"), ("L-03", "丙", "不予受理告知书")]
    pieces = environment().filters["notice_page_rules"](index)
    assert not isinstance(pieces, (str, list, tuple))  # an iterator: nothing joined before it is printed
    pieces = list(pieces)
    assert [type(piece).__name__ for piece in pieces] == ["Markup"] * 3  # printed as written (css_string escaped it)
    assert pieces == list(page_rule_pieces(index)) and "".join(pieces) == page_rules(index)
    assert [piece.split(" ", 2)[1] for piece in pieces] == ["notice-1", "notice-2", "notice-3"]


def test_a_long_number_or_name_is_shortened_in_the_heading_of_later_pages():
    """s32: an 84-character 申报编号 wrapped into three lines in the page's top margin, over the text below. The heading
    keeps its first and last 19 characters (a clerk matches a page by either); the notice's first page has it in full."""
    from checker.report.notice import HEADING_PART_MOST

    long_id = "WH-2020-" + "专精特新中小企业认定申报材料补正编号" * 4 + "-001"
    assert continued_heading(long_id, "甲", "申报材料补正告知书") == (
        "申报编号 WH-2020-专精特新中小企业认定申…新中小企业认定申报材料补正编号-001 申报材料补正告知书（续）")
    assert continued_heading(NO_NUMBER, "威海" * 30, "不予受理告知书") == f"{'威海' * 9}威…海{'威海' * 9} 不予受理告知书（续）"
    exact = "W" * HEADING_PART_MOST
    assert continued_heading(exact, "甲", "不予受理告知书") == f"申报编号 {exact} 不予受理告知书（续）"
