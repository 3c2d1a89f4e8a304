"""Notices to applicants (补正告知书 / 不予受理告知书): which kind, what they list, and that the
applicant's copy holds nothing internal. Built from the case documents of the bundled W-05 batch."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from checker.report.case import CaseWords
from checker.report.notice import Notice, NoticeItem, NoticeOptions, build_notice
from tests.conftest import SAMPLES, case_text, read_case, read_json

WINDOW = ("--window", "2020-07-01", "2020-07-31")
W05_CLAUSE = "《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："
# what an applicant must never read: rule ids, file names and lines, ambiguity ids, option names, our word for the sources
INTERNAL = re.compile(r"\b(?:ELIG|APP|PROC|DRAW|DISC|ARCH|INP|COND|MON)-[A-Z0-9]|AMB-\d|\.txt|\b\d{3}:\d|--[a-z]|种子|fundcheck")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from click.testing import CliRunner

    from checker.cli import cli

    out = tmp_path_factory.mktemp("notices")
    result = CliRunner().invoke(cli, ["check", str(SAMPLES / "w05_applications.xlsx"), "--workflow", "W-05", "--out", str(out),
                                      *WINDOW, "--issuer", "威海市工业和信息化局", "--notice-date", "2020-08-05", "--quiet",
                                      "--per-case", "all"])
    assert result.exit_code == 1, result.output
    return out


@pytest.fixture(scope="module")
def words(book):
    return CaseWords(book, "W-05")


def test_a_blocking_failure_gives_a_refusal_with_the_reason_and_clause(batch, words):
    document = read_case(batch, "WH-2020-002")
    assert build_notice(document, words.basis, NoticeOptions()) == Notice(
        "refusal", "不予受理告知书", "WH-2020-002", "上海威联电子科技有限公司", "电子元件产线升级",
        [NoticeItem("在威海市行政区域内注册", "注册地址“上海市静安区威海路88号”位于上海，不在威海市行政区域内。", "",
                    W05_CLAUSE + "“项目单位在威海市行政区域内注册”")],
        NoticeOptions(), "受理条件",  # W-05's duty list names its conditions 受理条件 (001:2417)
    )


def test_missing_material_gives_one_supplement_notice_listing_everything(batch, words):
    document = read_case(batch, "WH-2020-009")
    notice = build_notice(document, words.basis, NoticeOptions(reply_days=15))
    assert notice == Notice(
        "supplement", "申报材料补正告知书", "WH-2020-009", "文登泰和医疗器械有限公司", "医疗器械洁净车间改造",
        # the unreadable cell itself (INP-NUMBER) is the summary workbook's, which the office keeps;
        # the applicant is asked for what the rule needed
        [
            NoticeItem("年度设备投入100万元（含）以上", "年度设备投入未填写或无法识别（约120万）。",
                       "请填写年度设备投入金额（万元），并附设备购置合同、发票等证明材料。",
                       W05_CLAUSE + "“且年度设备投入100（含）万元以上”"),
        ],
        NoticeOptions(reply_days=15),
    )


def test_an_eligible_case_gets_no_notice(batch, words):
    assert build_notice(read_case(batch, "WH-2020-001"), words.basis, NoticeOptions()) is None


def test_a_reviewer_decision_is_followed(batch, words):
    """WH-2020-008's registration needs review; a reviewer who checked the licence passes it: no notice."""
    document = read_case(batch, "WH-2020-008")
    assert build_notice(document, words.basis, NoticeOptions()).kind == "supplement"
    region = next(f for f in document["findings"] if f["rule_id"] == "ELIG-REGION")
    region["override"] = {"decision": "pass", "reviewer": "刘审核", "reason": "已核营业执照"}
    document["verdict_with_overrides"] = "eligible"
    assert build_notice(document, words.basis, NoticeOptions()) is None


def test_the_batch_page_holds_one_notice_per_not_eligible_case_in_input_order(batch):
    html = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    summary = read_json(batch / "summary.json")
    not_eligible = [c["case_id"] for c in summary["cases"] if c["verdict"] != "eligible"]
    # not every case that is not eligible has something to ask of its applicant: WH-2020-013's
    # second row has only a shared id and WH-2020-018 only a formula cell, both the workbook's
    expected = [c for c in not_eligible if c != "WH-2020-018"]
    expected.remove("WH-2020-013")  # one of its two rows (the other was submitted after the window)
    assert re.findall(r'<p class="notice-no">申报编号：([^<]+)</p>', html) == expected
    assert html.count('<section class="notice">') == len(expected) == 12
    assert "本批次共 12 份告知书（补正告知书 8 份，不予受理告知书 4 份）" in html
    # the bureau's own 落款 and date, as given
    assert html.count("<p>威海市工业和信息化局</p>\n<p>2020年8月5日</p>") == 12


def test_the_case_report_ends_with_its_notice(batch):
    html = case_text(batch, "WH-2020-009")
    notice = html[html.index('<section class="notice">'):]
    assert "<h2 class=\"notice-title\">申报材料补正告知书</h2>" in notice
    assert "请于收到本告知书之日起10日内，将补正材料报送威海市工业和信息化局。逾期未补正的，按申报材料不全处理。" in notice
    assert '<section class="notice">' not in case_text(batch, "WH-2020-001")


def test_notices_hold_nothing_internal(batch):
    html = (batch / "告知书汇总.html").read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    assert INTERNAL.findall(text) == []
    assert INTERNAL.search("依据 ELIG-REGION（001:2417）") is not None  # the pattern does catch what it is for


def test_without_issuer_or_date_the_signature_is_left_to_fill(run_cli, tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path, *WINDOW, "--quiet")
    assert result.exit_code == 1
    html = (tmp_path / "告知书汇总.html").read_text(encoding="utf-8")
    assert "<p>年　　月　　日</p>" in html and "将补正材料报送受理部门" in html


def test_applicant_text_is_escaped_in_notices(run_cli, tmp_path):
    rows = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))
    rows = rows if isinstance(rows, list) else rows["applications"]
    target = next(r for r in rows if r.get("application_id") == "WH-2020-002" or r.get("申报编号") == "WH-2020-002")
    key = "company_name" if "company_name" in target else "企业名称"
    target[key] = "<script>alert(1)</script>恶意公司"
    data = tmp_path / "apps.json"
    data.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", data, "--out", tmp_path / "out", *WINDOW, "--quiet")
    assert result.exit_code == 1
    html = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;恶意公司：" in html


def test_a_bad_notice_date_is_an_input_error(run_cli, tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path, *WINDOW, "--notice-date", "8月5日")
    assert result.exit_code == 2
    assert result.output == "错误：--notice-date「8月5日」不是日期（日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）\n"


def test_notice_date_text():
    assert Notice("supplement", "", "", "", "", [], NoticeOptions(date=dt.date(2020, 8, 5))).date_text == "2020年8月5日"


def test_an_application_without_a_project_is_named_by_its_number():
    recognition = Notice("supplement", "", "W12-01", "威海示例101有限公司", "", [], NoticeOptions())
    assert recognition.subject_text == "你单位报送的申报材料（申报编号W12-01）"
    project = Notice("supplement", "", "WH-2020-009", "", "医疗器械洁净车间改造", [], NoticeOptions())
    assert project.subject_text == "你单位报送的“医疗器械洁净车间改造”项目申报材料"


def _document(findings, verdict="needs_review", company="甲公司"):
    return {"case_id": "X-1", "verdict": verdict, "findings": findings,
            "application": {"application_id": {"value": "X-1"}, "company_name": {"value": company}, "project_name": {"value": ""}}}


def _finding(rule_id, outcome, message, severity="review", subject=None, remedy="请补充。", override=None):
    finding = {"rule_id": rule_id, "title": {"zh": rule_id + "的标题"}, "severity": severity, "outcome": outcome,
               "message": message, "remedy": remedy, "citation": {"source": "x", "lines": "", "quote": "q"}}
    if subject:
        finding["subject"] = subject
    if override:
        finding["override"] = override
    return finding


def test_the_offices_own_gaps_are_not_asked_of_the_applicant():
    """No credit list supplied, the district's opinion absent, a formula cell: the office's to close."""
    document = _document([
        {**_finding("ELIG-CREDIT-CLEAN", "missing", "未提供不良信用记录名单，信用查询未完成。"), "gap_of": "office"},
        _finding("APP-DISTRICT-PRELIM", "missing", "申报表中没有区市初审意见。", subject="office"),
        _finding("INP-FORMULA", "fail", "申报汇总表!L21 的项目总投资为公式。"),
    ])
    assert build_notice(document, lambda f: "依据", NoticeOptions()) is None


def test_asides_for_reviewers_are_left_out_of_the_applicants_copy():
    document = _document([
        _finding("ELIG-RESERVE-POOL", "fail", "企业不在冲击新目标后备库企业名单（reserve_pool.csv）中。", severity="blocking"),
        _finding("MON-X", "missing", "项目总投资 500 万元（按不含本数口径结果为“通过”。）需核实（--supervision-list）。"),
    ], verdict="ineligible")
    notice = build_notice(document, lambda f: "依据", NoticeOptions())
    assert (notice.kind, [item.found for item in notice.items]) == ("refusal", ["企业不在冲击新目标后备库企业名单中。"])
    document["verdict"] = "needs_review"
    document["findings"][0]["outcome"] = "pass"
    notice = build_notice(document, lambda f: "依据", NoticeOptions())
    assert [item.found for item in notice.items] == ["项目总投资500万元需核实。"]


def test_a_reviewers_failing_decision_gives_the_reviewers_reason():
    document = _document([_finding("ELIG-EQUIP-INVEST-100W", "pass", "年度设备投入 350 万元，达到 100 万元（含）以上。",
                                   severity="blocking", override={"decision": "fail", "reason": "发票不实", "reviewer": "张三"})],
                         verdict="eligible")
    document["verdict_with_overrides"] = "ineligible"
    notice = build_notice(document, lambda f: "依据", NoticeOptions())
    assert (notice.kind, notice.items) == ("refusal", [NoticeItem("ELIG-EQUIP-INVEST-100W的标题", "经人工复核：发票不实。", "", "依据")])


def test_a_row_without_an_id_is_not_given_the_reports_row_name():
    document = _document([_finding("ELIG-LEGAL-PERSON", "missing", "是否独立法人未填写。")])
    document["case_id"] = "row17"
    document["application"]["application_id"] = {"value": None}
    assert build_notice(document, lambda f: "依据", NoticeOptions()).case_id == "（未填写）"
