"""helper-155's review of what people print and send (case reports, 一次性告知书, 告知书汇总, index, round
reports): figures set apart by spaces in the applicant's letter, the browser's own 页眉 (print time, title)
on every printed report page, a report's 共 N 页 counting the notice that is taken off and mailed, and a
不予受理告知书 stating no remedy. Every text asserted whole."""

from __future__ import annotations

import json
import re

import pytest

from checker.report import round_html
from checker.report.case_html import notice_html
from checker.report.notice import Notice, NoticeItem, NoticeOptions, set_solid
from checker.report.round import rounds_index
from checker.report.text import environment
from tests.helpers import SAMPLES, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")
W05_CLAUSE = "《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："
REMEDY = ("如对本决定不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
          "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("h155")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", *WINDOW, "--out", out, "--quiet")
    assert result.exit_code == 1, result.output
    return out


def _notice(html: str, case_id: str) -> str:
    start = html.index(f'<p class="notice-no">申报编号：{case_id}</p>')
    return html[start:html.index("</section>", start)]


def _items(html: str) -> list[str]:
    return re.findall(r"<li>.*?</li>", html, re.S)


# --- 1. the applicant's letter sets figures, codes and dates solid with the Chinese around them -----------

def test_the_notice_writes_figures_and_dates_without_spaces(batch):
    notices = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    assert _items(_notice(notices, "WH-2020-004")) == [
        "<li><strong>年度设备投入100万元（含）以上。</strong>年度设备投入99.99万元，低于100万元（含）的受理条件。"
        f'<div class="basis">依据：{W05_CLAUSE}“且年度设备投入100（含）万元以上”</div></li>']
    assert _items(_notice(notices, "WH-2020-013")) == [
        "<li><strong>设备投入不超过项目总投资。</strong>年度设备投入480万元大于项目总投资360万元，数据前后矛盾。"
        '<div class="action">需补正：请核实设备投入与项目总投资金额及单位（元/万元）并更正。</div>'
        f'<div class="basis">依据：{W05_CLAUSE}“市工业和信息化局对申报材料进行审核”</div></li>',
        "<li><strong>在申报期内提交。</strong>申报日期2020年8月3日不在本轮申报期（2020年7月1日至2020年7月31日，含起止日）内。"
        '<div class="action">需补正：请说明逾期（或提前）提交的原因。</div>'
        f'<div class="basis">依据：{W05_CLAUSE}“申报单位按要求向所在地工业和信息化部门提出资金申请”</div></li>']
    assert _items(_notice(notices, "WH-2020-008"))[0].startswith(
        "<li><strong>在威海市行政区域内注册。</strong>注册地址“山东省威海市临港经济技术开发区草庙子镇”位于威海市，"
        "但统一社会信用代码91370200MA3D0007FU的登记机关区划码为370200（非威海3710），可能为迁入企业，"
        "也可能由省级或国家登记机关登记，需核实。<div")
    # the 补正 period the letter itself writes
    assert notices.count('<p class="para">请于收到本告知书之日起10日内，将补正材料报送受理部门。逾期未补正的，按申报材料不全处理。</p>') == 8
    assert "之日起 10 日内" not in notices
    # the same letter at the end of the case report, and its summary in the Markdown report
    page = (batch / "cases" / "WH-2020-004.html").read_text(encoding="utf-8")
    assert _notice(page, "WH-2020-004") == _notice(notices, "WH-2020-004")


def test_the_reviewers_report_keeps_its_layout(batch):
    """Only what the applicant reads is set solid: the reviewer's findings keep their spaces."""
    page = (batch / "cases" / "WH-2020-004.html").read_text(encoding="utf-8")
    assert "<td>年度设备投入 99.99 万元，低于 100 万元（含）的受理条件。<br><strong>处理：</strong>" in page
    assert ("<li><strong>年度设备投入100万元（含）以上</strong>（不通过）：年度设备投入 99.99 万元，"
            "低于 100 万元（含）的受理条件。</li>") in page


def test_what_the_applicant_wrote_keeps_its_spaces(tmp_path):
    """A cell quoted in “” and a cell's value printed bare (无法识别（约 120 万）) stay exactly as written."""
    rows = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))
    rows = [row for row in rows if row["申报编号"] in ("WH-2020-002", "WH-2020-009")]
    rows[0]["注册地址"] = "上海市 静安区 威海路 88 号"
    rows[1]["年度设备投入（万元）"] = "约 120 万"
    data = tmp_path / "apps.json"
    data.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", data, "--workflow", "W-05", *WINDOW, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert _items(_notice(notices, "WH-2020-002")) == [
        "<li><strong>在威海市行政区域内注册。</strong>注册地址“上海市 静安区 威海路 88 号”位于上海，不在威海市行政区域内。"
        f'<div class="basis">依据：{W05_CLAUSE}“项目单位在威海市行政区域内注册”</div></li>']
    assert _items(_notice(notices, "WH-2020-009")) == [
        "<li><strong>年度设备投入100万元（含）以上。</strong>年度设备投入未填写或无法识别（约 120 万）。"
        '<div class="action">需补正：请填写年度设备投入金额（万元），并附设备购置合同、发票等证明材料。</div>'
        f'<div class="basis">依据：{W05_CLAUSE}“且年度设备投入100（含）万元以上”</div></li>']


def test_set_solid():
    assert set_solid("年度设备投入 99.99 万元，低于 100 万元（含）的受理条件。") == "年度设备投入99.99万元，低于100万元（含）的受理条件。"
    assert set_solid("注册地址“上海市 静安区 88 号” 位于上海") == "注册地址“上海市 静安区 88 号”位于上海"
    assert set_solid("本条件（不低于 3%）：0 至 100 的百分数") == "本条件（不低于3%）：0至100的百分数"
    # between two Latin letters or figures a space stays; a bare value as written stays whole
    assert set_solid("代码 9137 1002 有误", ["9137 1002"]) == "代码9137 1002有误"
    assert set_solid("无法识别（约 120 万）；约 120 万 元", ["约 120 万"]) == "无法识别（约 120 万）；约120万元"
    # a value holding a quote of its own, which ends the quoted part early, is still the applicant's as written
    assert (set_solid("注册地址“上海市” 静安区 88 号”位于上海 ，不在威海市", ["上海市” 静安区 88 号"])
            == "注册地址“上海市” 静安区 88 号”位于上海，不在威海市")
    # a value printed as read (980 万元 from 玖佰捌拾万元整: the evidence holds the reading) is the report's layout
    assert (set_solid("上年度营业收入（万元）填写为 980 万元，本轮条件要求不低于 1000 万元，不符合本条件。", ["980 万元"])
            == "上年度营业收入（万元）填写为980万元，本轮条件要求不低于1000万元，不符合本条件。")


def test_the_subject_sets_its_number_solid_and_leaves_the_number_line_the_only_one_with_a_colon():
    notice = Notice("supplement", "", "W12-01", "威海示例101有限公司", "", [], NoticeOptions())
    assert notice.subject_text == "你单位报送的申报材料（申报编号W12-01）"


# --- 2. printed pages carry the page's own numbers, never the browser's 页眉 (print time, title, path) ---

TOP_AND_BOTTOM = '@page { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }'


def test_every_printed_page_replaces_the_browsers_header_and_footer(batch):
    page = (batch / "cases" / "WH-2020-004.html").read_text(encoding="utf-8")
    assert f"@page {{ size: A4 portrait; margin: 18mm 16mm 18mm 16mm; }}\n{TOP_AND_BOTTOM}\n" in page
    # a report ending with its notice numbers its own pages alone: the notice is mailed, numbered from 第 1 页
    assert ("body:has(> .notice) > :not(.notice) { page: report; }\n"
            '@page report { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页"; font-size: 9pt; color: #555; } }\n') in page
    index = (batch / "index.html").read_text(encoding="utf-8")
    assert f"@page {{ size: A4 landscape; margin: 12mm; }}\n{TOP_AND_BOTTOM}\n" in index
    assert f"@page {{ size: A4 landscape; margin: 12mm; }}\n{TOP_AND_BOTTOM}\n" in rounds_index([], []).decode("utf-8")
    # 告知书汇总.html: each notice numbers its pages; a batch without notices prints its one line with nothing else
    assert ('@page { size: A4 portrait; margin: 25mm 22mm 22mm 22mm; }\n'
            '@page { @top-center { content: ""; } @bottom-center { content: ""; } }\n') in (batch / "告知书汇总.html").read_text(encoding="utf-8")
    round_page = '@page{@top-center{content:""}@bottom-center{content:"第 " counter(page) " 页，共 " counter(pages) " 页";font-size:9pt;color:#555}}'
    assert round_page in round_html._HTML_STYLE
    assert round_page in environment().loader.get_source(environment(), "round.html.j2")[0]


# --- 3. a refusal states the applicant's remedies -----------------------------------------------------------

def _refusal(options: NoticeOptions) -> Notice:
    return Notice("refusal", "不予受理告知书", "WH-1", "甲公司", "", [NoticeItem("标题", "发现。", "", "依据")], options)


def _paragraphs(html: str) -> list[str]:
    return re.findall(r'<p class="para">(.*?)</p>', html)


def test_a_refusal_states_the_remedies_by_default(batch):
    notices = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    assert _paragraphs(_notice(notices, "WH-2020-002")) == [
        "你单位报送的“电子元件产线升级”项目申报材料收悉。经审核，该项目不符合受理条件，决定不予受理。理由如下：",
        REMEDY, "特此告知。"]
    # a 补正告知书 decides nothing: no remedy
    assert _paragraphs(_notice(notices, "WH-2020-006"))[1:] == [
        "请于收到本告知书之日起10日内，将补正材料报送受理部门。逾期未补正的，按申报材料不全处理。"]
    assert notices.count(REMEDY) == 4


def test_the_remedy_names_the_bureaus_review_body_and_court_and_can_be_left_out():
    named = _refusal(NoticeOptions(review_body="威海市人民政府", court="威海市环翠区人民法院"))
    assert named.remedy_text == ("如对本决定不服，可以自收到本告知书之日起六十日内向威海市人民政府申请行政复议，"
                                 "或者自收到本告知书之日起六个月内向威海市环翠区人民法院提起行政诉讼。")
    assert _refusal(NoticeOptions(remedy=False)).remedy_text == ""
    assert _paragraphs(notice_html(_refusal(NoticeOptions(remedy=False)))) == [
        "你单位报送的申报材料（申报编号WH-1）收悉。经审核，你单位不符合本轮申报条件，决定不予受理。理由如下：", "特此告知。"]
    supplement = Notice("supplement", "申报材料补正告知书", "WH-1", "甲公司", "", [], NoticeOptions(review_body="威海市人民政府"))
    assert supplement.remedy_text == ""


def test_a_hostile_review_body_is_escaped_and_both_renderers_agree():
    notice = _refusal(NoticeOptions(review_body='<script>alert("x")</script>', court="  "))
    fast = notice_html(notice)
    assert fast == environment().get_template("notice_body.html.j2").render(notice=notice)
    assert _paragraphs(fast)[1] == ("如对本决定不服，可以自收到本告知书之日起六十日内向&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
                                    "申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")
    for options in (NoticeOptions(), NoticeOptions(remedy=False)):
        notice = _refusal(options)
        assert notice_html(notice) == environment().get_template("notice_body.html.j2").render(notice=notice)


def test_the_fairness_and_public_verification_pages_print_no_browser_header():
    """The two fairness pages kept the browser's header (print time and title) when h155 removed it from the
    check's and audit's pages (session 30)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "checker" / "fairness"
    for name in ("fairness.html.j2", "verify.html.j2"):
        assert ('@page { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) '
                '" 页"; font-size: 9pt; color: #555; } }') in (root / name).read_text(encoding="utf-8"), name
