"""Handling ledgers (受理台账, N-01…N-10 and W-04) through `fundcheck check`: the samples as
samples/README.md states them, whole findings for the day counting and the bad input, routing by
事项, the office's verdict with the applicant's beside it, the summary by 事项, the empty template."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from checker.report.notice import LEDGER_NOTICE_NOTE
from tests.helpers import SAMPLES, case_text, read_case, read_json, run_cli, write_json

LEDGERS = SAMPLES / "ledgers"
CATALOGUE = ("--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv")
DEADLINE_WHY = ("权责清单照录行政许可法第三十二条的告知期限（3 日、2 日），该法第八十二条规定期限以工作日计算、不含法定节假日；"
                "逾期不告知的，依该法自收到申请材料之日起即为受理。")
DEADLINE_CITATION = {"source": "004_3ec8b8269aee12d4.txt", "lines": "59",
                     "quote": "申请材料不齐全或不符合法定形式的，应当当场或 3 日内一次告知申请人需要补正的全部内容。"}
DEADLINE_READING = "工作日口径（行政许可法第八十二条：期限以工作日计算，不含法定节假日；收件当日不计，当场告知为收件当日）"
LEDGER_WHY = "台账各栏相互矛盾或与审核事项不符时，依赖这些栏目的结论不可靠，须核实台账记载。"

# samples/README.md: case -> (office verdict, applicant verdict, failed rules, missing rules, advisories)
EXPECTED = {
    "N-04": {
        "N04-001": ("compliant", None, [], [], []),
        "N04-002": ("compliant", None, [], [], []),
        "N04-003": ("noncompliant", None, ["APP-DEFICIENCY-NOTICE-DEADLINE"], [], []),
        "N04-004": ("noncompliant", None, ["APP-ONE-TIME-DEFICIENCY-NOTICE"], [], []),
        # refused without reasons: N-04's 受理 text (004:59) asks for a 书面凭证 only (APP-REFUSAL-REASONS v3: not applicable)
        "N04-005": ("noncompliant", None, ["APP-ACCEPT-RECEIPT"], [], []),
        "N04-006": ("compliant", None, [], [], []),
        "N04-007": ("needs_review", None, ["INP-LEDGER-DATE"], [], []),
        "N04-008": ("needs_review", None, ["INP-NUMBER"], ["APP-ONE-TIME-DEFICIENCY-NOTICE"], []),
        "N04-009": ("needs_review", None, ["INP-ITEM"], [], []),
    },
    "N-02": {
        "G-001": ("compliant", "eligible", [], [], []),
        "G-002": ("noncompliant", "ineligible", ["APP-GREEN-DOCS", "APP-GREEN-REVIEW-COMPLETE"], [], []),
        "G-003": ("compliant", "ineligible", ["APP-GREEN-COPIES"], [], []),
        "G-004": ("compliant", "eligible", [], [], ["APP-GREEN-DEADLINE"]),
        "G-005": ("needs_review", "needs_review", ["INP-NUMBER"], ["APP-GREEN-COPIES"], []),
    },
    "N-07": {
        "S-001": ("compliant", None, [], [], []),
        "S-002": ("noncompliant", None, ["DISC-ANNOUNCE-AFTER-DISCLOSURE"], [], []),
        "S-003": ("noncompliant", None, ["DISC-ANNOUNCE-NO-OBJECTION"], [], []),
        "S-004": ("noncompliant", None, ["APP-ONSITE-2-STAFF"], [], []),
        "S-005": ("noncompliant", None, ["INP-LEDGER-STAFF", "APP-ONSITE-2-STAFF"], [], []),
        "S-006": ("compliant", None, [], [], []),
        "S-007": ("needs_review", None, ["INP-LEDGER-DATE"], ["DISC-ANNOUNCE-AFTER-DISCLOSURE"], []),
        "S-008": ("compliant", None, [], [], []),
    },
    "N-08": {
        **{f"T23-{n}": ("needs_review", None, ["APP-RECOMMEND-CAP"], [], []) for n in range(1, 5)},
        **{f"T24-{n}": ("compliant", None, [], [], []) for n in range(1, 6)},
    },
    "W-04": {
        "W04L-01": ("compliant", "needs_review", [], ["ELIG-BELOW-LIMIT"], []),
        "W04L-02": ("noncompliant", "needs_review", ["APP-ONE-TIME-DEFICIENCY-NOTICE"], ["ELIG-BELOW-LIMIT"], []),
        "W04L-03": ("noncompliant", "needs_review", ["APP-REVIEW-ORDER"], ["ELIG-BELOW-LIMIT"], []),
        "W04L-04": ("compliant", "needs_review", [], ["ELIG-BELOW-LIMIT"], []),
        "W04L-05": ("noncompliant", "needs_review", ["APP-REVIEW-ORDER"], ["ELIG-BELOW-LIMIT"], []),
    },
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    outs = {}
    for workflow in EXPECTED:
        out = tmp_path_factory.mktemp(workflow)
        extra = CATALOGUE if workflow == "W-04" else ()
        result = run_cli("check", LEDGERS / f"{workflow}_受理台账.xlsx", "--workflow", workflow, *extra, "--out", out, "--quiet")
        assert result.exit_code == 1, result.stderr
        outs[workflow] = out
    return outs


def _finding(out, case_id: str, rule_id: str) -> dict:
    return next(f for f in read_case(out, f"{case_id}")["findings"] if f["rule_id"] == rule_id)


@pytest.mark.parametrize("workflow", sorted(EXPECTED))
def test_every_ledger_sample_as_the_readme_says(runs, workflow):
    summary = read_json(runs[workflow] / "summary.json")
    got = {c["case_id"]: (c["verdict"], c["applicant_verdict"], c["failed_rules"], c["missing_rules"], c["advisories"])
           for c in summary["cases"]}
    assert got == EXPECTED[workflow]


def test_the_fourth_calendar_day_that_is_the_third_working_day_passes(runs):
    assert _finding(runs["N-04"], "N04-002", "APP-DEFICIENCY-NOTICE-DEADLINE") == {
        "rule_id": "APP-DEFICIENCY-NOTICE-DEADLINE", "rule_version": 4,
        "title": {"zh": "补正告知当场或在规定工作日内作出", "en": "Deficiency notice on the spot or within the set working days"},
        "severity": "blocking", "outcome": "pass",
        "message": "收件日期 2019-12-30，补正告知日期 2020-01-03，为收件后第 3 个工作日，在告知期限（最迟 2020-01-03）内。"
                   "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2020-01-02，本次告知为收件后第 4 日，超过期限。",
        "remedy": None, "why": DEADLINE_WHY,
        "evidence": {"received_on": "2019-12-30", "deficiency_notice_on": "2020-01-03", "item": "N-04",
                     "source": "受理台账!E3; 受理台账!F3; 受理台账!D3",
                     "sources": {"received_on": "受理台账!E3", "deficiency_notice_on": "受理台账!F3", "item": "受理台账!D3"}},
        "parameters": {"notice_days_n04": "3", "notice_days_n06": "2"},
        "parameters_effective_from": {"notice_days_n04": "2019-01-01", "notice_days_n06": "2019-01-01"},
        "citation": DEADLINE_CITATION,
        "citations": [DEADLINE_CITATION, {"source": "004_3ec8b8269aee12d4.txt", "lines": "75", "quote": "应当当场或2日内一次告知申请人需要补正的全部内容"}],
        "subject": "office", "reading": DEADLINE_READING,
    }


def test_a_notice_on_the_fourth_working_day_fails(runs):
    finding = _finding(runs["N-04"], "N04-003", "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert finding == {
        "rule_id": "APP-DEFICIENCY-NOTICE-DEADLINE", "rule_version": 4,
        "title": {"zh": "补正告知当场或在规定工作日内作出", "en": "Deficiency notice on the spot or within the set working days"},
        "severity": "blocking", "outcome": "fail",
        "message": "收件日期 2024-03-04，补正告知日期 2024-03-08，为收件后第 4 个工作日，超过当场或 3 个工作日内（最迟 2024-03-07）的告知期限。"
                   "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-07，本次告知为收件后第 4 日，超过期限。",
        "remedy": "请说明逾期告知的原因；逾期未告知补正的，自收到申请材料之日起即为受理。", "why": DEADLINE_WHY,
        "evidence": {"received_on": "2024-03-04", "deficiency_notice_on": "2024-03-08", "item": "N-04",
                     "source": "受理台账!E4; 受理台账!F4; 受理台账!D4",
                     "sources": {"received_on": "受理台账!E4", "deficiency_notice_on": "受理台账!F4", "item": "受理台账!D4"}},
        "parameters": {"notice_days_n04": "3", "notice_days_n06": "2"},
        "parameters_effective_from": {"notice_days_n04": "2019-01-01", "notice_days_n06": "2019-01-01"},
        "citation": DEADLINE_CITATION,
        "citations": [DEADLINE_CITATION, {"source": "004_3ec8b8269aee12d4.txt", "lines": "75", "quote": "应当当场或2日内一次告知申请人需要补正的全部内容"}],
        "subject": "office", "reading": DEADLINE_READING,
    }


def test_a_decision_before_the_receipt_names_the_cells(runs):
    assert _finding(runs["N-04"], "N04-007", "INP-LEDGER-DATE") == {
        "rule_id": "INP-LEDGER-DATE", "rule_version": 1,
        "title": {"zh": "日期早于收件日期", "en": "A date before the day of receipt"}, "severity": "review", "outcome": "fail",
        "message": "受理台账!P8 的决定日期 2024-02-20 早于 受理台账!E8 的收件日期 2024-03-04，日期有误；依赖此项的规则结论可能不可靠。",
        "remedy": "请核对决定日期和收件日期。", "why": LEDGER_WHY,
        "evidence": {"decided_on": "2024-02-20", "received_on": "2024-03-04", "source": "受理台账!P8"},
        "parameters": {}, "citation": {"source": "README.md", "lines": "", "quote": "各环节日期不早于收件日期"},
    }
    # the blank 事项 of that row is filled from --workflow
    document = read_case(runs["N-04"], f"N04-007")
    assert (document["workflow"], document["item"], document["application"]["item"]["value"]) == ("N-04", "N-04", "N-04")


def test_a_count_that_is_not_a_whole_number_names_the_cell(runs):
    assert _finding(runs["N-04"], "N04-008", "INP-NUMBER")["message"] == (
        "受理台账!G9 的补正告知次数“一次多”无法识别（不是整数）；应为：整数，如 0、1、2（未要求补正填 0）。依赖此项的规则判为“待补充”。")


def test_a_row_of_another_item_is_decided_under_its_item(runs):
    document = read_case(runs["N-04"], f"N04-009")
    assert document["workflow"] == "N-06"
    assert [f["rule_id"] for f in document["findings"]] == [
        "INP-ITEM", "APP-ONE-TIME-DEFICIENCY-NOTICE", "APP-DEFICIENCY-NOTICE-DEADLINE", "APP-ACCEPT-RECEIPT",
        "APP-REFUSAL-REASONS", "APP-ONSITE-2-STAFF", "APP-REVIEW-AFTER-ACCEPTANCE"]
    assert document["findings"][0] == {
        "rule_id": "INP-ITEM", "rule_version": 1,
        "title": {"zh": "事项与审核事项不一致或无法识别", "en": "Ledger item differs from the workflow or is unknown"},
        "severity": "review", "outcome": "fail",
        "message": "受理台账!D10 的事项为 N-06，与本次审核指定的事项 N-04 不同；本行按 N-06 审核，请确认台账是否混入了其他事项。",
        "remedy": "请确认本行所属事项；如属其他事项，请分表或在审核时指定该事项。", "why": LEDGER_WHY,
        "evidence": {"item": "N-06", "source": "受理台账!D10", "column": "事项"},
        "parameters": {}, "citation": {"source": "README.md", "lines": "", "quote": "事项：N-01…N-10、W-04"},
    }
    # its report names its own item: title, clauses, what was not checked
    html = case_text(runs["N-04"], "N04-009")
    assert "<h1>省级工业新产品综合评价 受理台账审核报告</h1>" in html and "省级工业新产品综合评价：“应当当场或2日内一次告知申请人需要补正的全部内容”" in html
    assert document["not_checked"] == ["补正告知是否列明了需要补正的全部内容，台账无法反映，未核对（请抽查补正告知书）。"]
    # 2 working days for N-06: received Monday 2024-03-04, notice Wednesday 2024-03-06
    assert _finding(runs["N-04"], "N04-009", "APP-DEFICIENCY-NOTICE-DEADLINE")["outcome"] == "pass"


def test_a_name_twice_among_the_on_site_staff(runs):
    assert _finding(runs["N-07"], "S-005", "INP-LEDGER-STAFF") == {
        "rule_id": "INP-LEDGER-STAFF", "rule_version": 1,
        "title": {"zh": "现场核查人员重复", "en": "A name given twice among the on-site staff"}, "severity": "review", "outcome": "fail",
        "message": "受理台账!K6 的现场核查人员“王强、王强”中，王强 出现不止一次；核查人数按不同姓名计。",
        "remedy": "请核对现场核查人员名单，每人只写一次。", "why": LEDGER_WHY,
        "evidence": {"onsite_staff": "王强、王强", "source": "受理台账!K6"},
        "parameters": {}, "citation": {"source": "README.md", "lines": "", "quote": "现场核查人员：姓名以顿号分隔，每人一次"},
    }
    assert _finding(runs["N-07"], "S-005", "APP-ONSITE-2-STAFF")["message"] == "现场核查（2024-01-22）只有 1 名工作人员（王强），少于 2 名。"


def test_the_recommendation_cap_is_counted_per_item_and_year(runs):
    cap = _finding(runs["N-08"], "T23-1", "APP-RECOMMEND-CAP")
    assert cap == {
        "rule_id": "APP-RECOMMEND-CAP", "rule_version": 10,
        "title": {"zh": "推荐企业数不超过名额", "en": "Number recommended within the cap"}, "severity": "review", "outcome": "fail",
        "message": "未开展省级认定，本事项 2023 年度推荐 4 家，超过 3 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。", "remedy": "请核实推荐是否已择优，并向上级工信部门核实本地可推荐的数量（全省名额 3 家）；超出的，择优保留，其余撤回。",
        "why": "推荐名额由认定通知规定，超过名额的推荐不会都被接受；区县、市的名额未规定，推荐数超过全省名额的，需核实是否已择优。",
        "evidence": {"decision": "推荐", "reported_on": "2023-08-01", "provincial_scheme": "否", "unit_category": "省（自治区、直辖市）",
                     "source": "受理台账!L2; 受理台账!O2; 受理台账!P2; 受理台账!Q2",
                     "sources": {"decision": "受理台账!L2", "reported_on": "受理台账!O2", "provincial_scheme": "受理台账!P2", "unit_category": "受理台账!Q2"}},
        "parameters": {"cap_ordinary": "3", "cap_with_scheme": "4", "cap_special": "1"},
        "parameters_effective_from": {"cap_ordinary": "2023-01-01", "cap_with_scheme": "2023-01-01", "cap_special": "2023-01-01"},
        "citation": {"source": "004_3ec8b8269aee12d4.txt", "lines": "86",
                     "quote": "各省、自治区、直辖市推荐企业不超过3家，已开展省级技术创新示范企业认定的省、自治区、直辖市推荐企业不超过4家；"
                              "计划单列市、新疆生产建设兵团、中央企业各择优推荐1家企业"},
        "subject": "office",
    }
    assert _finding(runs["N-08"], "T24-1", "APP-RECOMMEND-CAP")["message"] == "本事项 2024 年度推荐 4 家，未超过名额。"


def test_rows_that_disagree_on_the_provincial_scheme_leave_the_cap_undecided(tmp_path):
    """A province runs its own recognition or it does not: 省级方案 是 on one recommended row and 否
    on another of the same item and year leave the cap (3 or 4) undecided, for every row of them;
    a 中央企业's row (its own cap of 1) and another year's rows are no contradiction."""
    def row(number: int, scheme: str, reported: str = "2023-08-01", category: str = "省(自治区、直辖市)") -> dict:
        return {"申报编号": f"T-{number}", "企业名称": f"示例{number}", "事项": "N-08", "收件日期": "2023-07-03", "补正告知日期": "",
                "补正告知次数": 0, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "推荐", "决定日期": "2023-07-20",
                "决定理由": "", "现场核查日期": "2023-07-10", "现场核查人员": "张伟、李娜", "上报日期": reported, "省级方案": scheme,
                "单位类别": category}
    rows = [row(1, "是"), row(2, "否"), row(3, "否", category="中央企业"), row(4, "否", reported="2024-08-01")]
    result = run_cli("check", write_json(tmp_path / "n08.json", rows), "--workflow", "N-08", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    first = _finding(tmp_path / "out", "T-1", "APP-RECOMMEND-CAP")
    assert (first["outcome"], first["message"], first["remedy"]) == (
        "missing", "台账中本事项 2023 年度决定推荐的各行，对是否已开展省级认定的记载不一致（有“是”也有“否”；本行为“是”），无法确定推荐名额。",
        "请核对本省是否已开展省级技术创新示范企业认定，统一填写各行的省级方案（是/否）。")
    assert _finding(tmp_path / "out", "T-2", "APP-RECOMMEND-CAP")["outcome"] == "missing"
    # the 中央企业's one place is its own: the province's two rows are not counted in it (seed 004:86 各择优推荐1家)
    assert _finding(tmp_path / "out", "T-3", "APP-RECOMMEND-CAP")["message"] == "本事项 2023 年度推荐 1 家，未超过名额。"
    assert _finding(tmp_path / "out", "T-4", "APP-RECOMMEND-CAP")["message"] == "本事项 2024 年度推荐 1 家，未超过名额。"


def test_the_summary_groups_by_item(runs):
    summary = read_json(runs["N-04"] / "summary.json")
    assert summary["counts"] == {"cases": 9, "compliant": 3, "noncompliant": 3, "needs_review": 3}
    assert summary["ledger"]["items"] == {
        "N-04": {"title": "国家中小企业发展专项资金项目初审", "cases": 8, "compliant": 3, "noncompliant": 3, "needs_review": 2},
        "N-06": {"title": "省级工业新产品综合评价", "cases": 1, "compliant": 0, "noncompliant": 0, "needs_review": 1},
    }
    workbook = load_workbook(runs["N-04"] / "summary.xlsx")
    by_item = [[c.value for c in row] for row in workbook["按事项汇总"].iter_rows()]
    assert by_item == [["事项", "件数", "合规", "不合规", "需人工复核", "申请人材料不符合", "申请人材料需复核"],
                       ["N-04", 8, 3, 3, 2, 0, 0], ["N-06", 1, 0, 0, 1, 0, 0]]
    main = [list(row) for row in workbook["审核汇总"].iter_rows(values_only=True)]
    assert main[0][0] == "国家中小企业发展专项资金项目初审 受理台账审核汇总表"
    assert main[1][0].startswith("共 9 件：合规 3，不合规 3，需人工复核 3；")
    assert main[2][:3] == ["序号", "事项", "申报编号"]
    assert [(r[1], r[2], r[7]) for r in main[3:]] == [
        ("N-04", "N04-001", "合规"), ("N-04", "N04-002", "合规"), ("N-04", "N04-003", "不合规"), ("N-04", "N04-004", "不合规"),
        ("N-04", "N04-005", "不合规"), ("N-04", "N04-006", "合规"), ("N-04", "N04-007", "需人工复核"),
        ("N-04", "N04-008", "需人工复核"), ("N-06", "N04-009", "需人工复核")]


def test_applicant_failures_are_reported_beside_the_office_verdict(runs):
    html = case_text(runs["N-02"], "G-002")
    assert '<tr><td>申请人材料</td><td><span class="verdict v-ineligible">不符合条件</span>' in html
    # G-002 was accepted, recommended and sent up: no 补正告知书 goes out after that (h96: it threatened
    # 按申报材料不全处理 an application already recommended); the run says why
    assert 'class="notice-title"' not in html
    summary = json.loads((runs["N-02"] / "summary.json").read_text(encoding="utf-8"))
    assert LEDGER_NOTICE_NOTE in summary["not_checked"]
    # the office's failures are no matter for a notice to the applicant
    office_only = case_text(runs["N-04"], "N04-005")
    assert 'class="notice-title"' not in office_only


OPEN_N02 = {"申报编号": "G-9", "企业名称": "南阳示例建材有限公司", "统一社会信用代码": "91411303MA0000202E", "事项": "N-02",
            "收件日期": "2024-06-03", "补正告知日期": None, "补正告知次数": None, "受理结果": None, "不予受理理由": None,
            "决定": None, "决定理由": None, "自评价报告": "是", "第三方评估报告": "否", "纸质份数": 5, "电子稿": "是", "上报日期": None}


def test_a_row_waiting_for_its_first_answer_gets_the_notice_from_the_applicants_findings_only(tmp_path):
    run_cli("check", write_json(tmp_path / "n02.json", [OPEN_N02]), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    html = case_text(tmp_path / "out", "G-9")
    notice = html[html.index('<h2 class="notice-title">申报材料补正告知书</h2>'):]
    assert notice.count("<li>") == 1 and "<li><strong>附企业自评价报告和第三方评估报告。</strong>" in notice
    assert "需补正：请补交第三方评估报告。" in notice  # its self-evaluation was sent: only the missing report is asked for


@pytest.mark.parametrize("moved_on", [{"受理结果": "受理"}, {"受理结果": "不予受理", "不予受理理由": "不属于本机关职权范围"},
                                      {"决定": "不推荐", "决定理由": "排名靠后"}, {"补正告知日期": "2024-06-04", "补正告知次数": 1}])
def test_a_row_the_office_has_answered_gets_no_second_notice(tmp_path, moved_on):
    # 004:44 一次性告知补正材料: after a notice, an acceptance, a refusal or a decision, none is drafted
    run_cli("check", write_json(tmp_path / "n02.json", [{**OPEN_N02, **moved_on}]), "--workflow", "N-02",
            "--out", tmp_path / "out", "--quiet")
    assert "本批次没有需要发给申请人的告知书。" in (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")


def test_a_shared_rank_is_a_finding_naming_the_cell(tmp_path):
    rows = [{"申报编号": f"Z-{n}", "企业名称": f"示例{n}", "事项": "N-09", "收件日期": "2023-05-08", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "不予受理理由": "", "决定": "推荐", "决定日期": "2023-06-01", "决定理由": "", "现场核查日期": "2023-05-20", "上报日期": "2023-06-10",
             "排序": rank} for n, rank in ((1, 1), (2, 1), (3, 2))]
    result = run_cli("check", write_json(tmp_path / "n09.json", rows), "--workflow", "N-09", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    assert _finding(tmp_path / "out", "Z-1", "INP-LEDGER-RANK")["message"] == "JSON#1.排序 的排序 1 在 N-09 同一年度的推荐中有 2 行使用（另见 JSON#2.排序），排序并列。"
    assert _finding(tmp_path / "out", "Z-2", "APP-RANKED-RECOMMENDATION")["message"] == "排序 1 在本事项 2023 年度的推荐中出现 2 次，排序并列。"
    assert _finding(tmp_path / "out", "Z-3", "APP-RANKED-RECOMMENDATION")["outcome"] == "pass"


def test_an_unknown_item_is_a_finding_and_a_clean_ledger_exits_0(tmp_path):
    row = {"申报编号": "A-1", "企业名称": "示例", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0,
           "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    clean = run_cli("check", write_json(tmp_path / "a.json", [row]), "--workflow", "N-04", "--out", tmp_path / "a", "--quiet")
    assert clean.exit_code == 0, clean.stderr
    unknown = run_cli("check", write_json(tmp_path / "b.json", [dict(row, 事项="N-99")]), "--workflow", "N-04", "--out", tmp_path / "b", "--quiet")
    assert unknown.exit_code == 1
    finding = _finding(tmp_path / "b", "A-1", "INP-ITEM")
    assert finding["message"] == "JSON#1.事项 的事项“N-99”不是受理台账的事项（应为 N-01、N-02、N-03、N-04、N-05、N-06、N-07、N-08、N-09、N-10、W-04），本行按 N-04 审核。"


def test_template_check_writes_an_empty_ledger(tmp_path):
    result = run_cli("template", "check", "--workflow", "N-04", "--out", tmp_path / "n04.xlsx")
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(tmp_path / "n04.xlsx")
    assert workbook.sheetnames == ["受理台账", "说明"]
    assert [c.value for c in workbook["受理台账"][1]] == [
        "申报编号", "企业名称", "统一社会信用代码", "事项", "补正告知次数", "补正告知日期", "收件日期", "受理结果", "受理凭证",
        "不予受理理由", "决定", "决定理由"]
    assert workbook["受理台账"].max_row == 1 or all(c.value is None for row in workbook["受理台账"].iter_rows(min_row=2) for c in row)


def test_where_a_ledger_runs_reports_are_is_said_in_the_ledgers_words(tmp_path):
    """A ledger row is 合规 / 不合规, not 符合条件: the terminal and summary.json said the reports in
    cases/ were those of the cases 不符合条件和需人工复核."""
    out = tmp_path / "out"
    result = run_cli("check", LEDGERS / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out)
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert f"逐件报告：{out / 'cases'}/（不合规、需人工复核或申请人材料有问题的 6 件）；其余案件：fundcheck show {out} 申报编号" in lines
    # index.html groups a ledger's rows by 事项 (a ledger has no 所在区市)
    assert (f"报告：{out / 'index.html'}（全部案件按事项列出）、{out / 'summary.xlsx'}、{out / 'summary.json'}、"
            f"{out / '告知书汇总.html'}") in lines
    assert read_json(out / "summary.json")["case_reports"]["note"] == (
        "cases/ 中为不合规、需人工复核或申请人材料有问题的台账行的报告（申请人材料有问题的，报告末附给申请人的告知书）；"
        "全部案件的审核数据在 cases.jsonl（规则文本与依据在 rules.json）；任一案件的报告：fundcheck show 输出文件夹 申报编号 [--format html|md|json]。")


# --- both evaluators agree on generated ledger rows (hypothesis), as for applications ---------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checker.check.evaluate import CaseEvaluator  # noqa: E402
from checker.check.facts import BatchContext  # noqa: E402
from checker.check.facts.ledger import ledger_counts  # noqa: E402
from checker.check.fields import field_set  # noqa: E402
from checker.check.validate import validate_record  # noqa: E402
from checker.core.rulebook import load_rulebook  # noqa: E402
from checker.fixtures import record_from_dict  # noqa: E402
from tests.helpers import needs_durable  # noqa: E402

BOOK = load_rulebook()
FIELDS = field_set(BOOK)
LEDGER_WORKFLOWS = [f"N-{n:02d}" for n in range(1, 11)] + ["W-04"]
# around the working-day edges: Friday 2020-07-03, New Year 2020-01-01, a Saturday, unreadable text
DAYS = st.sampled_from(["2019-12-30", "2020-01-02", "2020-01-03", "2020-07-01", "2020-07-03", "2020-07-04", "2020-07-06",
                        "2020-07-07", "2020-07-31", "2020-08-01", "", None, "下周"])
COUNTS = st.sampled_from([0, 1, 2, 5, 4, "1.5", "一次", "", None, "3份"])
YESNO = st.sampled_from(["是", "否", "", None, "待定"])
LEDGER_ROWS = st.fixed_dictionaries({
    "application_id": st.just("L-1"),
    "item": st.sampled_from(LEDGER_WORKFLOWS + ["", None, "X-1"]),
    "received_on": DAYS, "deficiency_notice_on": DAYS, "deficiency_notice_count": COUNTS,
    "acceptance": st.sampled_from(["受理", "不予受理", "", None, "研究中"]), "accept_receipt": YESNO,
    "refusal_reasons": st.sampled_from(["不属于本机关职权范围", "", None]),
    "onsite_on": DAYS, "onsite_staff": st.sampled_from(["张伟、李娜", "张伟", "张伟、张伟", "", None]),
    "decision": st.sampled_from(["准予", "不准予", "推荐", "不推荐", "", None, "研究"]), "decided_on": DAYS,
    "decision_reasons": st.sampled_from(["条件不符", "", None]), "written_notice": YESNO,
    "disclosure_start": DAYS, "disclosure_end": DAYS, "objection_count": COUNTS,
    "objection_result": st.sampled_from(["已处理", "处理中", "", None]), "announced_on": DAYS, "reported_on": DAYS,
    "paper_copies": COUNTS, "electronic_copy": YESNO, "self_evaluation": YESNO, "third_party_report": YESNO,
    "joint_finance_review": YESNO, "rank": COUNTS, "prelim_on": DAYS, "review_on": DAYS,
    "apply_level": st.sampled_from(["国家级", "省级", "", None, "市级"]), "provincial_recognised": YESNO,
    "provincial_scheme": YESNO, "unit_category": st.sampled_from(["中央企业", "省", "", None]),
})


def _ledger_findings(engine: str, data: dict, workflow: str, batch: list[dict]):
    application = validate_record(record_from_dict(data, FIELDS), FIELDS)
    context = BatchContext()
    context.ledger_recommended, context.ledger_ranks, context.ledger_schemes = ledger_counts([data, *batch], workflow)
    return CaseEvaluator(BOOK, workflow, engine=engine).evaluate(application, context, "L-1")


@needs_durable
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LEDGER_ROWS, st.sampled_from(LEDGER_WORKFLOWS), st.lists(LEDGER_ROWS, max_size=4))
def test_engine_and_reference_agree_on_ledger_rows(data, workflow, batch):
    engine = _ledger_findings("durable", data, workflow, batch)
    reference = _ledger_findings("reference", data, workflow, batch)
    assert engine.findings == reference.findings
    assert engine.verdict == reference.verdict


def _n01_row(**changes) -> dict:
    row = {"申报编号": "P-1", "企业名称": "南阳示例装备有限公司", "统一社会信用代码": "91411303MA00001018", "事项": "N-01",
           "收件日期": "2025-03-03", "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "决定": "准予",
           "决定理由": "", "现场核查日期": "2025-03-10", "现场核查人员": "张伟、李娜", "联合财政审核": "是"}
    return {**row, **changes}


def test_a_debarred_applicant_gets_a_refusal_notice_while_the_handling_is_judged_apart(tmp_path):
    from stdnum.cn import uscc as stdnum_uscc
    base = "91411303MA0000101"
    code = base + stdnum_uscc.calc_check_digit(base)
    debarments = write_json(tmp_path / "debarments.json", [
        {"统一社会信用代码": code, "专项名称": "省先进制造业发展专项资金", "起始日期": "2024-06-01", "期限（年）": 2}])
    # the row before the office's answer (an accepted, decided row gets no notice: h96)
    row = _n01_row(统一社会信用代码=code, 受理结果="", 决定="", 现场核查日期="", 现场核查人员="", 联合财政审核="")
    result = run_cli("check", write_json(tmp_path / "n01.json", [row]), "--workflow", "N-01",
                     "--debarments", debarments, "--fund-name", "省先进制造业发展专项资金", "--as-of", "2025-03-03",
                     "--out", tmp_path / "out", "--quiet")
    # the exit code follows the office's handling, which is compliant; the applicant is not eligible, beside it
    assert result.exit_code == 0, result.stderr
    document = read_case(tmp_path / "out", f"P-1")
    assert (document["verdict"], document["applicant_verdict"]) == ("compliant", "ineligible")
    assert [(f["rule_id"], f["outcome"]) for f in document["findings"] if f["outcome"] != "pass"] == [
        ("APP-REFUSAL-REASONS", "not_applicable"), ("APP-ONSITE-2-STAFF", "not_applicable"),
        ("APP-JOINT-FINANCE-REVIEW", "not_applicable"), ("ELIG-CREDIT-CLEAN", "missing"), ("ELIG-NOT-DEBARRED", "fail"),
        ("APP-REVIEW-AFTER-ACCEPTANCE", "not_applicable")]
    html = case_text(tmp_path / "out", "P-1")
    notice = html[html.index('<h2 class="notice-title">不予受理告知书</h2>'):]
    assert notice.count("<li>") == 1 and "<li><strong>不在本专项资金取消申报资格期内。</strong>" in notice


def test_a_holidays_file_moves_the_deficiency_notice_deadline(tmp_path):
    row = {"申报编号": "H-1", "企业名称": "示例", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "2024-03-08",
           "补正告知次数": 1, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    ledger = write_json(tmp_path / "h.json", [row])
    (tmp_path / "holidays.yaml").write_text("年份: 2024\n文号: 示例〔2024〕1号\n放假: [2024-03-06]\n调休上班: []\n", encoding="utf-8")
    plain = run_cli("check", ledger, "--workflow", "N-04", "--out", tmp_path / "a", "--quiet")
    assert plain.exit_code == 1 and _finding(tmp_path / "a", "H-1", "APP-DEFICIENCY-NOTICE-DEADLINE")["outcome"] == "fail"
    moved = run_cli("check", ledger, "--workflow", "N-04", "--holidays", tmp_path / "holidays.yaml", "--out", tmp_path / "b", "--quiet")
    assert moved.exit_code == 0, moved.stderr
    assert _finding(tmp_path / "b", "H-1", "APP-DEFICIENCY-NOTICE-DEADLINE")["message"] == (
        "收件日期 2024-03-04，补正告知日期 2024-03-08，为收件后第 3 个工作日，在告知期限（最迟 2024-03-08）内。"
        "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-07，本次告知为收件后第 4 日，超过期限。")


def test_without_a_ledger_workflow_each_row_is_decided_under_its_item(tmp_path):
    rows = [{"申报编号": "A-1", "企业名称": "示例", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": "", "现场核查日期": "", "现场核查人员": ""},
            {"申报编号": "A-2", "企业名称": "示例二", "事项": "N-06", "收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": "", "现场核查日期": "", "现场核查人员": ""}]
    # no --workflow: the command's default (W-05) is no ledger item, so no row is flagged for differing from it
    result = run_cli("check", write_json(tmp_path / "l.json", rows), "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["item"], c["verdict"]) for c in summary["cases"]] == [("A-1", "N-04", "compliant"), ("A-2", "N-06", "compliant")]
    assert summary["workflow"] == "N-04"


def test_a_decision_outside_the_ledgers_words_is_a_finding_and_不同意_is_a_refusal(tmp_path):
    row = {"申报编号": "A-1", "企业名称": "示例", "事项": "N-03", "收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0,
           "不予受理理由": "", "决定理由": "",
           "受理结果": "受理", "受理凭证": "是", "决定日期": "2024-03-20", "书面告知": "是"}
    unclear = run_cli("check", write_json(tmp_path / "a.json", [dict(row, 决定="待定")]), "--workflow", "N-03", "--out", tmp_path / "a", "--quiet")
    assert unclear.exit_code == 1, unclear.stderr
    finding = _finding(tmp_path / "a", "A-1", "INP-LEDGER-DECISION")
    assert (finding["outcome"], finding["message"]) == (
        "fail", "JSON#1.决定 的决定“待定”不是准予、不准予、推荐、不推荐之一，无法判断是否须说明理由、是否计入推荐名额。")
    refused = run_cli("check", write_json(tmp_path / "b.json", [dict(row, 决定="不同意")]), "--workflow", "N-03", "--out", tmp_path / "b", "--quiet")
    assert refused.exit_code == 1
    reasons = _finding(tmp_path / "b", "A-1", "APP-REFUSAL-REASONS")
    assert reasons["outcome"] == "fail"  # a refusal without reasons is no longer passed as "no refusal"


def test_a_rank_of_0_is_a_finding_naming_the_cell(tmp_path):
    rows = [{"申报编号": f"Z-{n}", "企业名称": f"示例{n}", "事项": "N-09", "收件日期": "2023-05-08", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "不予受理理由": "", "决定": "推荐", "决定日期": "2023-06-01", "决定理由": "", "现场核查日期": "2023-05-20", "上报日期": "2023-06-10",
             "排序": rank} for n, rank in ((1, 0), (2, 1))]
    result = run_cli("check", write_json(tmp_path / "n09.json", rows), "--workflow", "N-09", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    finding = _finding(tmp_path / "out", "Z-1", "INP-LEDGER-RANK")
    assert (finding["outcome"], finding["message"]) == ("fail", "JSON#1.排序 的排序为 0；推荐排序从 1 开始（第 1 名为最优先），无法判断此件的位次。")
    assert "INP-LEDGER-RANK" not in [f["rule_id"] for f in read_case(tmp_path / "out", "Z-2")["findings"]]
    ranked = _finding(tmp_path / "out", "Z-1", "APP-RANKED-RECOMMENDATION")  # no place is not a pass
    assert (ranked["outcome"], ranked["message"]) == ("missing", "排序为 0，不是名次（排序从第 1 位起），无法判断此件的位次。")


def test_a_notice_date_beside_a_notice_count_of_0_is_a_finding_naming_both_cells(tmp_path):
    row = {"申报编号": "A-1", "企业名称": "示例", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "2024-03-05",
           "补正告知次数": 0, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    result = run_cli("check", write_json(tmp_path / "a.json", [row]), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    finding = _finding(tmp_path / "out", "A-1", "INP-LEDGER-DATE")
    assert (finding["outcome"], finding["message"], finding["evidence"]["source"]) == (
        "fail", "JSON#1.补正告知日期 填有补正告知日期 2024-03-05，而 JSON#1.补正告知次数 的补正告知次数为 0，两者矛盾；依赖此项的规则结论可能不可靠。",
        "JSON#1.补正告知日期; JSON#1.补正告知次数")


def test_a_folder_of_one_ledger_per_item_is_checked_each_file_by_its_own_columns(tmp_path):
    """An office keeps one ledger per item: an item needs its columns in the files its rows are in,
    not in every file of the folder (was: refused, N-07's file lacking N-04's 受理凭证)."""
    import shutil

    folder = tmp_path / "ledgers"
    folder.mkdir()
    for name in ("N-04_受理台账.xlsx", "N-07_受理台账.xlsx"):
        shutil.copy(SAMPLES / "ledgers" / name, folder / name)
    separate = {}
    for name in ("N-04", "N-07"):
        assert run_cli("check", folder / f"{name}_受理台账.xlsx", "--workflow", name, "--out", tmp_path / name, "--quiet").exit_code in (0, 1)
        separate.update({c["case_id"]: (c["verdict"], c["failed_rules"], c["missing_rules"])
                         for c in read_json(tmp_path / name / "summary.json")["cases"]})
    result = run_cli("check", folder, "--workflow", "N-04", "--out", tmp_path / "both", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    together = {c["case_id"]: (c["verdict"], c["failed_rules"], c["missing_rules"])
                for c in read_json(tmp_path / "both" / "summary.json")["cases"]}
    # each row decided under its own item's rules; the N-07 rows also carry the INP-ITEM review that a
    # row of another item than --workflow gets (its verdict: that review, or the failures it had alone)
    for case_id, (verdict, failed, missing) in separate.items():
        if case_id.startswith("N04"):
            assert together[case_id] == (verdict, failed, missing), case_id
        else:
            got_verdict, got_failed, got_missing = together[case_id]
            assert got_failed == ["INP-ITEM", *failed] and got_missing == missing, case_id
            assert got_verdict == ("needs_review" if verdict == "compliant" else verdict), case_id
    assert len(together) == 17


def test_without_workflow_a_blank_item_takes_its_files_one_item_or_the_run_names_the_cell(tmp_path):
    """No --workflow: a blank 事项 takes the item every other row of its file names (one ledger per
    item); in a file of several items it cannot be guessed, and the run says which cell to fill
    (was: refused for the columns of an application workflow no ledger has)."""
    common = {"收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理", "受理凭证": "是",
              "不予受理理由": "", "决定": "准予", "决定理由": ""}
    one_item = [{"申报编号": "A-1", "企业名称": "示例", "事项": "N-04", **common},
                {"申报编号": "A-2", "企业名称": "示例2", "事项": "", **common}]
    result = run_cli("check", write_json(tmp_path / "one.json", one_item), "--out", tmp_path / "one", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert [(c["case_id"], c["item"], c["verdict"]) for c in read_json(tmp_path / "one" / "summary.json")["cases"]] == [
        ("A-1", "N-04", "compliant"), ("A-2", "N-04", "compliant")]
    mixed = [*one_item, {"申报编号": "A-3", "企业名称": "示例3", "事项": "N-06", **common}]
    refused = run_cli("check", write_json(tmp_path / "mixed.json", mixed), "--out", tmp_path / "mixed", "--quiet")
    assert refused.exit_code == 2
    assert refused.stderr == ("错误：受理台账 JSON#2.事项 的事项为空或无法识别，且未用 --workflow 指定事项（mixed.json 中也没有统一的事项可以沿用）；"
                              "请填写事项（N-01、N-02、N-03、N-04、N-05、N-06、N-07、N-08、N-09、N-10、W-04）或加 --workflow。\n")


def test_a_ledger_of_several_items_without_workflow_is_titled_after_them_all(tmp_path):
    """Without --workflow the run was titled after its first row's item (a ledger of N-06 and N-04
    rows printed as 省级工业新产品综合评价 only); each row's own report keeps its item's title."""
    base = {"企业名称": "示例", "收件日期": "2024-03-04", "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理", "受理凭证": "是",
            "不予受理理由": "", "决定": "准予", "决定理由": "", "现场核查日期": "2024-03-10", "现场核查人员": "张伟、李娜"}
    rows = [dict(base, 申报编号="A-1", 事项="N-06"), dict(base, 申报编号="A-2", 事项="N-04")]
    result = run_cli("check", write_json(tmp_path / "mixed.json", rows), "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.stderr
    titles = "N-04 国家中小企业发展专项资金项目初审、N-06 省级工业新产品综合评价"
    assert read_json(tmp_path / "out" / "summary.json")["workflow_title"] == titles
    assert load_workbook(tmp_path / "out" / "summary.xlsx")["审核汇总"]["A1"].value == f"{titles} 受理台账审核汇总表"
    assert f"<h1>{titles} 审核结果一览</h1>" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<h1>省级工业新产品综合评价 受理台账审核报告</h1>" in case_text(tmp_path / "out", "A-1")


def _n04_ledger_with(tmp_path, extra_rows: list[dict]):
    """The N-04 sample ledger (N-04's columns, not N-07's 公示/公告 ones) with ``extra_rows`` after its rows."""
    sheet = load_workbook(LEDGERS / "N-04_受理台账.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    headers, rows = list(values[0]), [dict(zip(values[0], row)) for row in values[1:]]
    from openpyxl import Workbook
    workbook = Workbook()
    out = workbook.active
    out.title = "受理台账"
    out.append(headers)
    for row in rows + [{**rows[0], **extra} for extra in extra_rows]:
        out.append([row.get(header) for header in headers])
    workbook.save(tmp_path / "mixed.xlsx")
    return tmp_path / "mixed.xlsx", len(rows)


def test_rows_of_an_item_whose_columns_the_ledger_lacks_are_reported_not_checked(tmp_path):
    """N-07 rows in an N-04 ledger (no 公示/公告 columns): the run went on refusing (exit 2) for the
    sake of two rows; now each says it was not checked, by N-07's rules or another item's (an N-04
    rule such as APP-ACCEPT-RECEIPT must not make it 不合规), and is counted under N-07."""
    ledger, count = _n04_ledger_with(tmp_path, [{"申报编号": "S-1", "事项": "N-07", "受理凭证": "否"},
                                                {"申报编号": "S-2", "事项": "N-07"}])
    out = tmp_path / "out"
    result = run_cli("check", ledger, "--workflow", "N-04", "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    case = read_case(out, "S-1")
    assert (case["verdict"], case["workflow"]) == ("needs_review", "N-07")
    assert [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"]] == [
        ("INP-ITEM", "fail", "受理台账!D11 的事项为 N-07，与本次审核指定的事项 N-04 不同；请确认台账是否混入了其他事项。"),
        ("INP-LEDGER-COLUMNS", "fail",
         "本行事项为 N-07（钢铁、焦化等工业行业规范公告申报），mixed.xlsx (受理台账) 缺少该事项须有的列：公示开始、公示结束、公告日期、异议数、异议处理结果；"
         "本行未按 N-07 的规则核对，也未按其他事项的规则核对。"),
    ]
    summary = read_json(out / "summary.json")
    assert summary["rows_reconcile"] and summary["counts"]["cases"] == count + 2
    assert summary["ledger"]["items"]["N-07"] == {"title": "钢铁、焦化等工业行业规范公告申报", "cases": 2, "compliant": 0,
                                                 "noncompliant": 0, "needs_review": 2}
    assert summary["ledger"]["items_not_checked"] == {
        "N-07": "mixed.xlsx (受理台账) 缺少 N-07 必需的列：公示开始、公示结束、公告日期、异议数、异议处理结果；N-07 的行未按其规则核对。"}
    by_item = [[c.value for c in row] for row in load_workbook(out / "summary.xlsx")["按事项汇总"].iter_rows()]
    assert ["N-07", 2, 0, 0, 2, 0, 0] in by_item


def test_a_ledger_whose_rows_are_all_of_an_item_without_its_columns_is_reported_row_by_row(tmp_path):
    """Every row N-07 in a file with N-04's columns, --workflow N-04: no row is checked, each says
    why; without --workflow nothing names an item the file can be checked for, and the run stops
    naming the columns."""
    sheet = load_workbook(LEDGERS / "N-04_受理台账.xlsx").active
    headers = [c.value for c in sheet[1]]
    first = dict(zip(headers, [c.value for c in sheet[2]]))
    from openpyxl import Workbook
    workbook = Workbook()
    workbook.active.append(headers)
    for k in range(3):
        workbook.active.append([{**first, "申报编号": f"A-{k}", "事项": "N-07"}.get(h) for h in headers])
    workbook.save(tmp_path / "n07.xlsx")
    result = run_cli("check", tmp_path / "n07.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    cases = [read_case(tmp_path / "out", f"A-{k}") for k in range(3)]
    assert [(c["verdict"], [f["rule_id"] for f in c["findings"]]) for c in cases] == [
        ("needs_review", ["INP-ITEM", "INP-LEDGER-COLUMNS"])] * 3
    result = run_cli("check", tmp_path / "n07.xlsx", "--out", tmp_path / "out2", "--quiet")
    assert result.exit_code == 2 and "缺少 N-07 必需的列：公示开始" in result.stderr


def test_copies_written_in_words_are_read_and_the_report_says_how(tmp_path):
    """一式五份 / 五份, as clerks write the count (and as the seed writes 纸质材料 1 式 5 份)."""
    base = {"事项": "N-02", "企业名称": "示例", "收件日期": "2024-06-03", "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理",
            "不予受理理由": "", "决定": "推荐", "决定理由": "", "自评价报告": "是", "第三方评估报告": "是", "电子稿": "是",
            "上报日期": "2024-07-25"}
    rows = [dict(base, 申报编号="G-1", 纸质份数="一式五份"), dict(base, 申报编号="G-2", 纸质份数="四份")]
    result = run_cli("check", write_json(tmp_path / "n02.json", rows), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr  # the office's handling is compliant; G-2's copies are the applicant's gap
    five = _finding(tmp_path / "out", "G-1", "APP-GREEN-COPIES")
    assert (five["outcome"], five["message"]) == ("pass", "纸质材料 5 份（不少于 5 份），并有电子稿。")
    assert (five["evidence"]["paper_copies"], five["evidence"]["paper_copies_note"]) == ("5", "“一式五份”读作 5")
    four = _finding(tmp_path / "out", "G-2", "APP-GREEN-COPIES")
    assert (four["outcome"], four["message"]) == ("fail", "纸质材料 4 份，少于一式 5 份。")
    assert four["evidence"]["paper_copies_note"] == "“四份”读作 4"


def test_copies_written_with_look_alike_characters_are_said_as_read(tmp_path):
    """⼋份 (U+2F0B, a Kangxi radical pasted from a PDF) is read as 八份: the report says so too."""
    base = {"事项": "N-02", "企业名称": "示例", "收件日期": "2024-06-03", "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理",
            "不予受理理由": "", "决定": "推荐", "决定理由": "", "自评价报告": "是", "第三方评估报告": "是", "电子稿": "是",
            "上报日期": "2024-07-25", "申报编号": "G-1", "纸质份数": "\u2f0b份"}
    result = run_cli("check", write_json(tmp_path / "n02.json", [base]), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    eight = _finding(tmp_path / "out", "G-1", "APP-GREEN-COPIES")
    assert (eight["evidence"]["paper_copies"], eight["evidence"]["paper_copies_note"]) == ("8", "“八份”读作 8")
