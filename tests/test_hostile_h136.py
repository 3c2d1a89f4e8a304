"""helper-136's handling-ledger findings (受理台账, seed 004 南阳市卧龙区工业和信息化局权责清单 N-01…N-10 and
seed 001 W-04): a clerk's ledger read as a hostile reviewer would, every message asserted whole."""

from __future__ import annotations

import pytest

from tests.helpers import SAMPLES, read_case, run_cli, write_json

LEDGER_WHY = "台账各栏相互矛盾或与审核事项不符时，依赖这些栏目的结论不可靠，须核实台账记载。"
CATALOGUE = ("--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv")

N04 = {"申报编号": "K1", "企业名称": "南阳甲电子有限公司", "统一社会信用代码": "91411303MA00000010", "事项": "N-04",
       "收件日期": "2024-03-04", "补正告知日期": None, "补正告知次数": 0, "补正完成日期": None, "受理结果": "受理",
       "受理日期": "2024-03-05", "受理凭证": "是", "不予受理理由": None, "决定": "准予", "决定日期": "2024-03-20",
       "决定理由": None}

N08 = {"申报编号": "K8", "企业名称": "南阳乙科技有限公司", "统一社会信用代码": "91411303MA00000023", "事项": "N-08",
       "收件日期": "2024-05-06", "补正告知日期": None, "补正告知次数": 0, "受理结果": "受理", "受理日期": "2024-05-07",
       "不予受理理由": None, "现场核查日期": "2024-05-10", "现场核查人员": "张伟、李娜", "决定": "推荐",
       "决定日期": "2024-05-20", "决定理由": None, "上报日期": "2024-05-25", "省级方案": "否", "单位类别": None}


def _case(tmp_path, rows: list[dict], workflow: str | None, case_id: str, *extra) -> dict:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = write_json(tmp_path / "ledger.json", rows)
    options = ("-w", workflow) if workflow else ()
    result = run_cli("check", path, *options, *extra, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.stderr
    return read_case(tmp_path / "out", case_id)


def _input(case: dict) -> list[tuple[str, str]]:
    return [(f["rule_id"], f["message"]) for f in case["findings"] if f["rule_id"].startswith("INP-")]


@pytest.mark.parametrize("count", [0, None])
def test_corrections_completed_without_any_notice_recorded_need_review(tmp_path, count):
    # 004:59 一次告知…补正; a 补正完成日期 says the applicant was asked to correct: with no notice recorded the
    # one-time and 3日内 rules read "none asked" and the row was 合规
    row = {**N04, "补正告知次数": count, "补正完成日期": "2024-03-10", "受理日期": "2024-03-11"}
    case = _case(tmp_path, [row], "N-04", "K1")
    said = "补正告知次数为 0" if count == 0 else "补正告知次数未填写"
    assert case["verdict"] == "needs_review"
    assert _input(case) == [(
        "INP-LEDGER-DATE",
        f"JSON#1.补正完成日期 填有补正完成日期 2024-03-10，而台账未记载补正告知（{said}，补正告知日期未填写），两者矛盾；"
        "无法核对补正告知是否一次性、是否按期作出，依赖此项的规则结论可能不可靠。")]
    finding = next(f for f in case["findings"] if f["rule_id"] == "INP-LEDGER-DATE")
    assert finding["why"] == LEDGER_WHY
    assert finding["remedy"] == "请核对是否发出过补正告知：发出过的，填写补正告知日期和次数；未要求补正的，清空补正完成日期。"


def test_corrections_completed_after_a_recorded_notice_stay_compliant(tmp_path):
    row = {**N04, "补正告知次数": 1, "补正告知日期": "2024-03-05", "补正完成日期": "2024-03-10", "受理日期": "2024-03-11"}
    case = _case(tmp_path, [row], "N-04", "K1")
    assert (case["verdict"], _input(case)) == ("compliant", [])


@pytest.mark.parametrize("item", ["N-08", "N-09"])
def test_a_report_upward_dated_before_the_decision_needs_review(tmp_path, item):
    # 004:89, 004:92 送达：按规定程序上报市工信局, after the 决定/推荐; reported 5 days before the decision was 合规
    row = {**N08, "事项": item, "上报日期": "2024-05-15", "排序": 1}
    case = _case(tmp_path, [row], item, "K8")
    assert case["verdict"] == "needs_review"
    assert _input(case) == [(
        "INP-LEDGER-DATE",
        "JSON#1.上报日期 的上报日期 2024-05-15 早于 JSON#1.决定日期 的决定日期 2024-05-20：作出决定后才上报，日期有误；"
        "依赖此项的规则结论可能不可靠。")]


def test_a_report_on_the_day_of_the_decision_is_in_order(tmp_path):
    case = _case(tmp_path, [{**N08, "上报日期": "2024-05-20"}], "N-08", "K8")
    assert (case["verdict"], _input(case)) == ("compliant", [])


@pytest.mark.parametrize(("item", "pending"), [("N-04", "待受理"), ("N-05", "尚未受理"), ("N-03", "待补正"), ("N-06", "补正中")])
def test_a_grant_of_an_application_not_yet_accepted_needs_review(tmp_path, item, pending):
    # a 不予受理 row granted was already said (h96); one the ledger says is not accepted yet passed as 合规
    row = {**N04, "事项": item, "受理结果": pending, "受理日期": None, "已获省级认定": "是", "书面告知": "是",
           "现场核查日期": "2024-03-08", "现场核查人员": "张伟、李娜"}
    case = _case(tmp_path, [row], item, "K1")
    assert case["verdict"] == "needs_review"
    assert ("INP-LEDGER-DECISION",
            f"JSON#1.受理结果 的受理结果为“{pending}”（尚未受理），而 JSON#1.决定 的决定为“准予”：未受理的申请不进入审核和决定，"
            "两处记载矛盾；依赖此项的规则结论可能不可靠。") in _input(case)


@pytest.mark.parametrize("pending", ["待补正", "补正中", "已告知补正"])
def test_a_row_waiting_for_its_corrections_is_no_unknown_acceptance_word(tmp_path, pending):
    # the 补正 clock running (004:59 一次告知; 予以受理 once all corrections are in): 待补正 is no answer yet, as
    # 待受理 is, not "不是受理、不予受理之一"
    row = {**N04, "事项": "N-05", "补正告知次数": 1, "补正告知日期": "2024-03-05", "受理结果": pending, "受理日期": None,
           "决定": None, "决定日期": None, "已获省级认定": "是"}
    case = _case(tmp_path, [row], "N-05", "K1")
    assert (case["verdict"], _input(case)) == ("compliant", [])


@pytest.mark.parametrize("written", ["国家鼓励发展的内外资项目确认书", "《国家鼓励发展的内外资项目确认书》办理", "内外资项目确认书"])
def test_w04_named_by_the_document_it_issues_is_w04(tmp_path, written):
    # 001:2397 均可申请办理《国家鼓励发展的内外资项目确认书》: the ledger's 事项 written so was "不是受理台账的事项",
    # and without --workflow the run stopped
    row = {"申报编号": "W1", "企业名称": "威海甲机械有限公司", "统一社会信用代码": "91371002MA3C00001M", "事项": written,
           "所在区市": "环翠区", "内资/外资": "内资", "目录条目": "十四、1 数控机床", "项目总投资（万元）": 800,
           "限额以下": "是", "申报渠道": "山东政务服务网", "收件日期": "2020-07-01", "补正告知日期": None, "补正告知次数": 0,
           "受理结果": "受理", "决定": "准予", "初审日期": "2020-07-06", "复审日期": "2020-07-08", "上报日期": "2020-07-10"}
    for workflow in ("W-04", None):
        case = _case(tmp_path / str(workflow), [row], workflow, "W1", *CATALOGUE)
        assert case["workflow"] == "W-04"
        assert _input(case) == []


N07 = {"申报编号": "K7", "企业名称": "南阳丙钢铁有限公司", "统一社会信用代码": "91411303MA00000036", "事项": "N-07",
       "收件日期": "2024-02-01", "补正告知日期": "2024-02-25", "补正告知次数": 1, "受理结果": "受理", "受理日期": "2024-02-02",
       "不予受理理由": None, "现场核查日期": None, "现场核查人员": None, "决定": "准予", "决定日期": "2024-02-20",
       "决定理由": None, "公示开始": "2024-03-01", "公示结束": "2024-03-07", "异议数": 0, "异议处理结果": None,
       "公告日期": "2024-03-15"}


def test_a_deficiency_notice_dated_after_the_decision_needs_review(tmp_path):
    # 004:79 受理申报材料，一次性告知补正材料: the notice belongs to the 受理 step; one dated after the 准予 was 合规
    case = _case(tmp_path, [N07], "N-07", "K7")
    assert case["verdict"] == "needs_review"
    assert _input(case) == [(
        "INP-LEDGER-DATE",
        "JSON#1.决定日期 的决定日期 2024-02-20 早于 JSON#1.补正告知日期 的补正告知日期 2024-02-25：决定作出后不再告知补正，"
        "日期有误；依赖此项的规则结论可能不可靠。")]


def test_a_deficiency_notice_before_the_decision_is_in_order(tmp_path):
    case = _case(tmp_path, [{**N07, "补正告知日期": "2024-02-01"}], "N-07", "K7")
    assert (case["verdict"], _input(case)) == ("compliant", [])


@pytest.mark.parametrize("written", ["当天", "收件当天"])
def test_a_notice_written_dangtian_is_given_on_the_day_of_receipt(tmp_path, written):
    # 004:59 应当当场或 3 日内一次告知: 当天 is 当日, as 当场 is (it was a date 无法识别, the row 待补充)
    row = {**N04, "补正告知日期": written, "补正告知次数": 1, "补正完成日期": "2024-03-08", "受理日期": "2024-03-08"}
    case = _case(tmp_path, [row], "N-04", "K1")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert (case["verdict"], _input(case), finding["outcome"], finding["message"]) == (
        "compliant", [], "pass",
        "收件日期 2024-03-04，补正告知日期 2024-03-04，为收件当日（当场告知），在告知期限（最迟 2024-03-07）内。"
        "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-07，本次告知为收件后第 0 日，在期限内。")


N06 = {"申报编号": "K6", "企业名称": "南阳丁机械有限公司", "统一社会信用代码": "91411303MA00000049", "事项": "N-06",
       "收件日期": "2024-03-04", "补正告知日期": None, "补正告知次数": 0, "补正完成日期": None, "受理结果": "受理",
       "受理日期": None, "受理凭证": "是", "不予受理理由": None, "现场核查日期": None, "现场核查人员": None,
       "决定": "准予", "决定日期": None, "决定理由": None}


@pytest.mark.parametrize(("onsite", "steps"), [(None, ""), ("2024-03-08", "现场核查日期 2024-03-08、")])
def test_a_decision_without_its_date_beside_no_acceptance_date_needs_review(tmp_path, onsite, steps):
    # 004:76 应当受理后对申请资料进行审核: a 准予 dated nowhere, beside a 受理 dated nowhere, was "未记载受理后的
    # 审核环节…无需核对先后" and 合规
    row = {**N06, "现场核查日期": onsite, "现场核查人员": "张伟、李娜" if onsite else None}
    case = _case(tmp_path, [row], "N-06", "K6")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-REVIEW-AFTER-ACCEPTANCE")
    assert (case["verdict"], finding["outcome"], finding["message"]) == (
        "needs_review", "missing",
        f"台账记有{steps}决定“准予”（决定日期未填写或无法识别），但受理日期未填写或无法识别，无法核对审核是否在受理之后。")


def test_a_row_neither_decided_nor_dated_is_still_not_reviewed(tmp_path):
    case = _case(tmp_path, [{**N06, "决定": None}], "N-06", "K6")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-REVIEW-AFTER-ACCEPTANCE")
    assert (case["verdict"], finding["outcome"], finding["message"]) == (
        "compliant", "not_applicable", "台账未记载受理后的审核环节（现场核查、初审、决定均无日期），无需核对先后。")


@pytest.mark.parametrize("term", ["两年", "二年", "两"])
def test_a_debarment_term_written_as_the_seed_writes_it_is_read(tmp_path, term):
    # 004:36 取消今后两年本专项资金申报资格: a register copying 两年 stopped the run (期限（年）“两年”不是整数)
    debarments = tmp_path / "debarments.csv"
    debarments.write_text(f"统一社会信用代码,专项名称,起始日期,期限（年）\n91411303MA00000010,省先进制造业发展专项资金,2023-06-01,{term}\n",
                          encoding="utf-8")
    row = {**N04, "事项": "N-01", "现场核查日期": "2024-03-08", "现场核查人员": "张伟、李娜", "联合财政审核": "是"}
    case = _case(tmp_path, [row], "N-01", "K1", "--debarments", debarments, "--fund-name", "省先进制造业发展专项资金")
    finding = next(f for f in case["findings"] if f["rule_id"] == "ELIG-NOT-DEBARRED")
    assert (case["verdict"], case["applicant_verdict"], finding["outcome"], finding["message"]) == (
        "compliant", "ineligible", "fail",
        "统一社会信用代码 91411303MA00000010 在参考日期处于本专项资金取消申报资格期内：省先进制造业发展专项资金（自 2023-06-01 起 2 年）。")


@pytest.mark.parametrize("staff", ["张伟（组长）、张伟", "张伟(组长) 张伟"])
def test_one_name_written_with_and_without_a_note_is_one_person(tmp_path, staff):
    # 004:76 应当指派两名以上工作人员进行现场核查: 张伟（组长） beside 张伟 was two people and passed
    row = {**N06, "受理日期": "2024-03-05", "决定日期": "2024-03-20", "现场核查日期": "2024-03-08", "现场核查人员": staff}
    case = _case(tmp_path, [row], "N-06", "K6")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-ONSITE-2-STAFF")
    assert (case["verdict"], _input(case), finding["outcome"], finding["message"]) == (
        "noncompliant",
        [("INP-LEDGER-STAFF", f"JSON#1.现场核查人员 的现场核查人员“{staff}”中，张伟 出现不止一次；核查人数按不同姓名计。")],
        "fail", "现场核查（2024-03-08）只有 1 名工作人员（张伟），少于 2 名。")


def test_a_note_after_a_name_is_left_out_of_the_names_shown(tmp_path):
    row = {**N06, "受理日期": "2024-03-05", "决定日期": "2024-03-20", "现场核查日期": "2024-03-08",
           "现场核查人员": "张伟（组长）、李娜（市财政局）"}
    case = _case(tmp_path, [row], "N-06", "K6")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-ONSITE-2-STAFF")
    assert (case["verdict"], finding["outcome"], finding["message"]) == (
        "compliant", "pass", "现场核查（2024-03-08）由 2 名工作人员进行（张伟、李娜），不少于 2 名。")


def test_a_decision_dated_before_the_first_review_needs_review(tmp_path):
    # 004:91 对申报材料进行初审，汇总排序后…行文推荐: a 推荐 dated five days before its 初审 was 合规
    row = {**N08, "事项": "N-09", "排序": 1, "初审日期": "2024-05-25", "上报日期": "2024-05-26"}
    case = _case(tmp_path, [row], "N-09", "K8")
    assert case["verdict"] == "needs_review"
    assert _input(case) == [(
        "INP-LEDGER-DATE",
        "JSON#1.决定日期 的决定日期 2024-05-20 早于 JSON#1.初审日期 的初审日期 2024-05-25：初审之后才作决定，日期有误；"
        "依赖此项的规则结论可能不可靠。")]


def test_a_first_review_on_the_day_of_the_decision_is_in_order(tmp_path):
    case = _case(tmp_path, [{**N08, "事项": "N-09", "排序": 1, "初审日期": "2024-05-20"}], "N-09", "K8")
    assert (case["verdict"], _input(case)) == ("compliant", [])
