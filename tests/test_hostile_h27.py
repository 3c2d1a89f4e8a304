"""Inspector h27: handling ledgers of N-01…N-10 (seed 004) read to the letter of the seed."""

from __future__ import annotations


def _row(case_id, received, notice, count, item="N-04", **extra):
    return {"申报编号": case_id, "企业名称": "示例", "事项": item, "收件日期": received, "补正告知日期": notice,
            "补正告知次数": count, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": "",
            **extra}


def test_two_notice_dates_in_one_cell_are_not_an_unreadable_date(tmp_path):
    # "2024-09-27、2024-09-30" in 补正告知日期: the one-time rule read it as two notices, yet an INP-DATE
    # finding said the same cell "无法识别" and its dependent rules were "待补充".
    from tests.helpers import read_case, run_cli, write_json

    rows = [_row("T-1", "2024-09-27", "2024-09-27、2024-09-30", 2)]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "T-1")
    found = [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"]
             if f["rule_id"] in ("INP-DATE", "APP-ONE-TIME-DEFICIENCY-NOTICE")]
    assert found == [
        ("APP-ONE-TIME-DEFICIENCY-NOTICE", "fail",
         "补正告知日期一栏记有 2 个日期（2024-09-27、2024-09-30），即补正告知 2 次（补正告知次数填“2”），超过一次性告知的要求（至多 1 次）。"),
    ]
    assert case["verdict"] == "noncompliant"


def test_review_before_acceptance_or_after_refusal_fails(tmp_path):
    # seed 004:76 "应当受理后对申请资料进行审核": a ledger row checked on site, reviewed and decided before its
    # 受理日期, and one refused (不予受理) yet granted (准予), were both 合规.
    from tests.helpers import read_case, run_cli, write_json

    rows = [_row("R-1", "2024-09-27", "", 0, "N-06", 受理日期="2024-10-15", 现场核查日期="2024-10-08", 现场核查人员="张三、李四",
                 初审日期="2024-10-09", 决定日期="2024-10-10"),
            _row("R-2", "2024-09-27", "", 0, "N-06", 受理结果="不予受理", 不予受理理由="不属于本机关职权范围", 受理日期="",
                 现场核查日期="", 现场核查人员="", 初审日期="", 决定日期="2024-10-10"),
            _row("R-3", "2024-09-27", "", 0, "N-06", 受理日期="2024-10-08", 现场核查日期="2024-10-08", 现场核查人员="张三、李四",
                 初审日期="2024-10-09", 决定日期="2024-10-10")]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-06", "--out", tmp_path / "out", "--quiet")
    found = [next((case_id, read_case(tmp_path / "out", case_id)["verdict"], f["outcome"], f["message"], f["remedy"])
                  for f in read_case(tmp_path / "out", case_id)["findings"] if f["rule_id"] == "APP-REVIEW-AFTER-ACCEPTANCE")
             for case_id in ("R-1", "R-2", "R-3")]
    assert found == [
        ("R-1", "noncompliant", "fail",
         "受理日期 2024-10-15，现场核查日期 2024-10-08、初审日期 2024-10-09、决定日期 2024-10-10 早于受理日期；"
         "权责清单规定应当受理后才对申请资料进行审核。",
         "请核对受理日期和审核记录；审核应在受理之后进行，先审后受理的，说明原因。"),
        ("R-2", "noncompliant", "fail",
         "受理结果为“不予受理”，台账却记有决定日期 2024-10-10、决定“准予”；权责清单规定应当受理后才对申请资料进行审核。",
         "请核对受理结果：已受理的，更正受理结果并补填受理日期；确不予受理的，说明为何仍审核、决定，并撤销该决定。"),
        ("R-3", "compliant", "pass", "受理日期 2024-10-08，现场核查日期 2024-10-08、初审日期 2024-10-09、决定日期 2024-10-10均不早于受理日期。", None),
    ]


def test_an_office_rule_not_checked_for_want_of_columns_does_not_make_an_applicant_verdict(tmp_path):
    # An N-07 ledger without 受理日期: APP-REVIEW-AFTER-ACCEPTANCE is not checked, and its not-checked finding
    # carried no subject, so it was counted as the applicant's and gave applicant_verdict "eligible".
    from tests.helpers import read_case, run_cli, write_json

    rows = [{"申报编号": "U-1", "企业名称": "示例", "事项": "N-07", "收件日期": "2024-09-27", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "不予受理理由": "", "现场核查日期": "", "现场核查人员": "", "决定": "准予", "决定理由": "",
             "公示开始": "", "公示结束": "", "公告日期": "", "异议数": "", "异议处理结果": ""}]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-07", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "U-1")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-REVIEW-AFTER-ACCEPTANCE")
    assert (case["verdict"], case["applicant_verdict"], finding["outcome"], finding.get("not_checked"), finding["subject"]) == (
        "compliant", None, "not_applicable", True, "office")


def test_a_rule_shared_by_the_items_cites_the_rows_own_item(tmp_path):
    # An N-06 notice on the 3rd working day (收件 2024-09-27; 09-29 a make-up working day; 10-01…07 National
    # Day) failed "当场或 2 个工作日内" but cited seed 004:59, N-04's "当场或 3 日内"; its two-person
    # on-site rule cited N-01's line 37.
    from tests.helpers import read_case, run_cli, write_json

    rows = [_row("S-1", "2024-09-27", "2024-10-08", 1, "N-06", 现场核查日期="2024-10-12", 现场核查人员="张三")]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-06", "--out", tmp_path / "out", "--quiet")
    findings = {f["rule_id"]: f for f in read_case(tmp_path / "out", "S-1")["findings"]}
    deadline, staff = findings["APP-DEFICIENCY-NOTICE-DEADLINE"], findings["APP-ONSITE-2-STAFF"]
    assert (deadline["outcome"], deadline["message"], deadline["citation"]) == (
        "fail",
        "收件日期 2024-09-27，补正告知日期 2024-10-08，为收件后第 3 个工作日，超过当场或 2 个工作日内（最迟 2024-09-30）的告知期限。"
        "按自然日计算（收件次日起算 2 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-09-29，本次告知为收件后第 11 日，超过期限。",
        {"source": "004_3ec8b8269aee12d4.txt", "lines": "75", "quote": "应当当场或2日内一次告知申请人需要补正的全部内容"})
    assert (staff["outcome"], staff["message"], staff["citation"]) == (
        "fail", "现场核查（2024-10-12）只有 1 名工作人员（张三），少于 2 名。",
        {"source": "004_3ec8b8269aee12d4.txt", "lines": "76", "quote": "需要进行现场核查的，应当指派两名以上工作人员进行现场核查"})


def test_an_onsite_check_after_the_recommendation_decision_needs_review(tmp_path):
    # N-09 决定 推荐 on 2024-10-05, 现场核查 2024-10-08, 上报 2024-10-10: passed as "现场核查（2024-10-08）在上报
    # （或推荐决定，2024-10-10）之前完成" though the choice to recommend came before the check; seed 004:90-91
    # does not say whether 推荐 is the decision or the report upward.
    from tests.helpers import read_case, run_cli, write_json

    rows = [_row("V-1", "2024-09-27", "", 0, "N-09", 受理日期="2024-09-27", 决定="推荐", 决定日期="2024-10-05",
                 现场核查日期="2024-10-08", 上报日期="2024-10-10", 排序=1)]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-09", "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "V-1")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-ONSITE-AUTHENTICITY")
    assert (case["verdict"], finding["outcome"], finding["message"], finding["remedy"], finding["citation"]["lines"]) == (
        "needs_review", "missing",
        "现场核查日期 2024-10-08 晚于推荐决定日期 2024-10-05，早于上报日期 2024-10-10；权责清单要求现场核查后“择优”推荐，"
        "但未写明“推荐”指作出推荐决定还是行文上报，先定推荐、后核查是否合规需人工认定。",
        "请说明推荐决定是否以现场核查结果为依据；核查发现问题的，应撤回推荐。", "90")
