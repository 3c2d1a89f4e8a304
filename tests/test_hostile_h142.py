"""helper-142's handling-ledger findings (受理台账, seed 004 南阳市卧龙区工业和信息化局权责清单 N-01…N-10): the
recommendation year, staff names run together, an oral notice under 书面告知, the 受理编号 header; every
message asserted whole."""

from __future__ import annotations

import pytest

from tests.helpers import read_case

LEDGER_WHY = "台账各栏相互矛盾或与审核事项不符时，依赖这些栏目的结论不可靠，须核实台账记载。"

from tests.test_hostile_h136 import N08, _case, _input  # the ledger row and runner h136 wrote


def _finding(case: dict, rule_id: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule_id)


# --- 1. the year a recommendation counts in, when the 上报日期 is blank ---------------------------------

def test_the_cap_says_the_year_came_from_the_receipt_date(tmp_path):
    # 004:86 each year's places: a row neither reported nor dated was counted in its 收件日期's year, and the finding
    # said "本事项 2024 年度推荐 1 家" as if that were the year it went up
    case = _case(tmp_path, [{**N08, "上报日期": None, "决定日期": None}], "N-08", "K8")
    finding = _finding(case, "APP-RECOMMEND-CAP")
    assert (finding["outcome"], finding["message"]) == (
        "pass", "本事项 2024 年度推荐 1 家，未超过名额。（本行上报日期未填写、决定日期未填写，年度按收件日期 2024-05-06 计；请核实实际上报年度。）")
    assert (finding["evidence"]["received_on"], finding["evidence"]["received_on_note"], finding["evidence"]["sources"]["received_on"]) == (
        "2024-05-06", "上报日期未填写、决定日期未填写，推荐年度按此日期计", "JSON#1.收件日期")


def test_the_rank_says_the_year_came_from_the_decision_date(tmp_path):
    case = _case(tmp_path, [{**N08, "事项": "N-09", "排序": 1, "上报日期": None}], "N-09", "K8")
    finding = _finding(case, "APP-RANKED-RECOMMENDATION")
    assert (finding["outcome"], finding["message"]) == (
        "pass", "推荐排序为第 1 位，本事项 2024 年度中未与其他推荐并列。（本行上报日期未填写，年度按决定日期 2024-05-20 计；请核实实际上报年度。）")
    assert (finding["evidence"]["decided_on"], finding["evidence"]["decided_on_note"]) == ("2024-05-20", "上报日期未填写，推荐年度按此日期计")


def test_a_year_no_date_gives_is_said_unknown(tmp_path):
    row = {**N08, "事项": "N-09", "排序": 1, "上报日期": "2024年13月", "决定日期": None, "收件日期": None}
    finding = _finding(_case(tmp_path, [row], "N-09", "K8"), "APP-RANKED-RECOMMENDATION")
    assert finding["message"] == (
        "推荐排序为第 1 位，本事项（未注明年度）中未与其他推荐并列。（本行上报日期无法识别、决定日期未填写、收件日期未填写，"
        "年度不明：与其他年度不明的推荐行合并计数；请填写或更正上报日期。）")


def test_a_reported_row_says_nothing_more(tmp_path):
    case = _case(tmp_path, [N08], "N-08", "K8")
    finding = _finding(case, "APP-RECOMMEND-CAP")
    assert (finding["message"], "received_on" in finding["evidence"]) == ("本事项 2024 年度推荐 1 家，未超过名额。", False)


# --- 2. two names run together in 现场核查人员 ----------------------------------------------------------

@pytest.mark.parametrize(("staff", "joined", "counted"), [("张伟李娜", "张伟李娜", 1), ("张小伟李娜", "张小伟李娜", 1),
                                                          ("欧阳娜张伟", "欧阳娜张伟", 1)])
def test_two_names_run_together_ask_for_review_not_a_fail(tmp_path, staff, joined, counted):
    # 004:90 现场核查 by two staff (APP-ONSITE-2-STAFF): 张伟李娜 was one person, "只有 1 名工作人员", 不合规
    case = _case(tmp_path, [{**N08, "现场核查人员": staff}], "N-08", "K8")
    finding = _finding(case, "APP-ONSITE-2-STAFF")
    assert (case["verdict"], finding["outcome"], finding["message"]) == (
        "needs_review", "missing",
        f"现场核查（2024-05-10）人员为“{staff}”（其中“{joined}”似为两人姓名连写，未以顿号分隔），但台账只记载了 1 人的姓名（{staff}），"
        "无法核对是否由 2 名以上工作人员进行。")
    assert _input(case) == [(
        "INP-LEDGER-STAFF",
        f"JSON#1.现场核查人员 的现场核查人员“{staff}”中，“{joined}”似为两人姓名连写，未以顿号分隔；核查人数按顿号分隔的姓名计为 {counted} 人，"
        "实际人数需人工核对。")]
    staff_finding = next(f for f in case["findings"] if f["rule_id"] == "INP-LEDGER-STAFF")
    assert (staff_finding["why"], staff_finding["remedy"]) == (LEDGER_WHY, "请用顿号分隔各人姓名（如 张三、李四）；确为一人姓名的，请核实后说明。")


@pytest.mark.parametrize(("staff", "verdict", "message"), [
    ("欧阳娜娜、司马相如", "compliant", "现场核查（2024-05-10）由 2 名工作人员进行（欧阳娜娜、司马相如），不少于 2 名。"),
    ("欧阳娜娜", "noncompliant", "现场核查（2024-05-10）只有 1 名工作人员（欧阳娜娜），少于 2 名。"),
    ("张王丽华", "noncompliant", "现场核查（2024-05-10）只有 1 名工作人员（张王丽华），少于 2 名。"),
])
def test_compound_surnames_and_four_character_names_are_one_person(tmp_path, staff, verdict, message):
    case = _case(tmp_path, [{**N08, "现场核查人员": staff}], "N-08", "K8")
    assert (case["verdict"], _input(case), _finding(case, "APP-ONSITE-2-STAFF")["message"]) == (verdict, [], message)


# --- 3. 口头告知 under 书面告知 -------------------------------------------------------------------------

N03 = {"申报编号": "K3", "企业名称": "南阳戊煤业有限公司", "统一社会信用代码": "91411303MA00000023", "事项": "N-03",
       "收件日期": "2024-03-04", "补正告知日期": None, "补正告知次数": 0, "受理结果": "受理", "受理日期": "2024-03-05",
       "不予受理理由": None, "决定": "不准予", "决定日期": "2024-03-20", "决定理由": "闭坑报告地质资料不完善", "书面告知": "是"}


@pytest.mark.parametrize("oral", ["口头告知", "已电话告知", "是（口头）"])
def test_an_oral_notice_is_no_written_notice(tmp_path, oral):
    # 004:57 对于不予行政许可的，书面告知申请单位或企业: 口头告知 was a 是/否 "无法识别" and the row waited for review
    case = _case(tmp_path, [{**N03, "书面告知": oral}], "N-03", "K3")
    finding = _finding(case, "APP-REFUSAL-REASONS")
    assert (case["verdict"], _input(case), finding["outcome"], finding["message"]) == (
        "noncompliant", [], "fail",
        f"不予许可（决定“不准予”），但台账未记载已书面告知申请单位或企业（书面告知：{oral}）。台账记载的“{oral}”是口头告知，不是书面告知。")
    assert finding["evidence"]["written_notice_note"] == "口头告知不是书面告知，按“否”读"


@pytest.mark.parametrize(("written", "outcome", "note"), [
    ("已出具书面告知书", "pass", "记载了书面告知，按“是”读"),
    ("已送达不予许可决定书", "pass", "记载了书面告知，按“是”读"),
    ("口头告知并送达书面通知", "pass", "记载了书面告知，按“是”读"),
    ("书面告知未送达", "fail", "记载未书面告知，按“否”读"),
])
def test_a_notice_said_in_words_is_read(tmp_path, written, outcome, note):
    # 已出具书面告知书 was a 是/否 "无法识别", and APP-REFUSAL-REASONS failed the row: "未记载已书面告知"
    case = _case(tmp_path, [{**N03, "书面告知": written}], "N-03", "K3")
    finding = _finding(case, "APP-REFUSAL-REASONS")
    message = ("不予受理或不准予的，已记载理由（不予受理理由：空白；决定理由：闭坑报告地质资料不完善）。" if outcome == "pass"
               else f"不予许可（决定“不准予”），但台账未记载已书面告知申请单位或企业（书面告知：{written}）。")
    assert (_input(case), finding["outcome"], finding["message"], finding["evidence"]["written_notice_note"]) == ([], outcome, message, note)


def test_a_notice_said_otherwise_is_still_asked_about(tmp_path):
    case = _case(tmp_path, [{**N03, "书面告知": "微信告知"}], "N-03", "K3")
    assert _input(case) == [(
        "INP-YESNO",
        "JSON#1.书面告知 的书面告知“微信告知”无法识别；应为：是/否（或 有/无、已签署/未签署、Y/N）。依赖此项的规则判为“待补充”。")]


# --- 4. 受理编号 as the ledger's id --------------------------------------------------------------------

def test_a_ledger_headed_shouli_bianhao_is_read(tmp_path):
    # the run stopped: 缺少 N-08 必需的列：申报编号
    row = {("受理编号" if key == "申报编号" else key): value for key, value in N08.items()}
    case = _case(tmp_path, [row], "N-08", "K8")
    assert (case["case_id"], case["verdict"], _input(case)) == ("K8", "compliant", [])


# --- found probing: a special unit's quota written two ways -------------------------------------------

def test_yangqi_and_zhongyang_qiye_share_one_place(tmp_path):
    # 004:86 中央企业…各择优推荐1家: 央企 and 中央企业 were two units, each within its 1 place, and two central
    # enterprises recommended in one year passed
    rows = [{**N08, "申报编号": f"K{i}", "企业名称": f"南阳{i}有限公司", "统一社会信用代码": None, "单位类别": unit, "省级方案": None}
            for i, unit in enumerate(["中央企业", "央企"])]
    case = _case(tmp_path, rows, "N-08", "K1")
    finding = _finding(case, "APP-RECOMMEND-CAP")
    assert (case["verdict"], finding["outcome"], finding["message"]) == (
        "needs_review", "fail",
        "单位类别为“央企”，本事项 2024 年度推荐 2 家，超过 1 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，"
        "权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。")


def test_a_title_beside_a_name_is_no_second_name(tmp_path):
    case = _case(tmp_path, [{**N08, "现场核查人员": "科长张伟、副局长李明"}], "N-08", "K8")
    assert (case["verdict"], _input(case), _finding(case, "APP-ONSITE-2-STAFF")["message"]) == (
        "compliant", [], "现场核查（2024-05-10）由 2 名工作人员进行（科长张伟、副局长李明），不少于 2 名。")


N04 = {"申报编号": "K1", "企业名称": "南阳甲电子有限公司", "统一社会信用代码": "91411303MA00000023", "事项": "N-04",
       "收件日期": "2024-03-04", "补正告知日期": None, "补正告知次数": 0, "补正完成日期": None, "受理结果": "受理",
       "受理日期": "2024-03-05", "受理凭证": "是", "不予受理理由": None, "决定": "准予", "决定日期": "2024-03-20", "决定理由": None}


@pytest.mark.parametrize(("written", "count", "dated"), [("无需补正", 0, None), ("一次性告知", 1, "2024-03-05")])
def test_a_notice_count_answered_in_words_is_read(tmp_path, written, count, dated):
    # 004:59 一次告知: 无需补正 / 一次性告知 in 补正告知次数 were "不是整数" and the row waited for review
    row = {**N04, "补正告知次数": written, "补正告知日期": dated, "补正完成日期": dated and "2024-03-06",
           "受理日期": "2024-03-07" if dated else "2024-03-05"}
    case = _case(tmp_path, [row], "N-04", "K1")
    finding = _finding(case, "APP-ONE-TIME-DEFICIENCY-NOTICE")
    assert (case["verdict"], _input(case), finding["message"], finding["evidence"]["deficiency_notice_count_note"]) == (
        "compliant", [], f"补正告知 {count} 次，符合一次性告知的要求（至多 1 次）。", f"“{written}”读作 {count}")


def test_a_notice_count_left_unclear_is_still_asked_about(tmp_path):
    case = _case(tmp_path, [{**N04, "补正告知次数": "未补正"}], "N-04", "K1")
    assert _input(case) == [(
        "INP-NUMBER",
        "JSON#1.补正告知次数 的补正告知次数“未补正”无法识别（不是整数）；应为：整数，如 0、1、2（未要求补正填 0）。依赖此项的规则判为“待补充”。")]


@pytest.mark.parametrize("fund", ["《省先进制造业发展专项资金》", "省先进制造业 发展专项资金", "“省先进制造业发展专项资金”"])
def test_a_debarment_naming_the_fund_in_title_marks_is_the_fund(tmp_path, fund):
    # 004:36 取消今后两年本专项资金申报资格: the register's 《省先进制造业发展专项资金》 matched no --fund-name and the
    # debarred enterprise passed "不在本专项资金取消申报资格期内"
    tmp_path.mkdir(parents=True, exist_ok=True)
    debarments = tmp_path / "debarments.csv"
    debarments.write_text(f"统一社会信用代码,专项名称,起始日期,期限（年）\n91411303MA00000023,{fund},2023-06-01,2\n", encoding="utf-8")
    row = {**N04, "事项": "N-01", "现场核查日期": "2024-03-08", "现场核查人员": "张伟、李娜", "联合财政审核": "是"}
    case = _case(tmp_path, [row], "N-01", "K1", "--debarments", debarments, "--fund-name", "省先进制造业发展专项资金")
    finding = _finding(case, "ELIG-NOT-DEBARRED")
    assert (case["applicant_verdict"], finding["outcome"], finding["message"]) == (
        "ineligible", "fail",
        f"统一社会信用代码 91411303MA00000023 在参考日期处于本专项资金取消申报资格期内：{fund}（自 2023-06-01 起 2 年）。")


@pytest.mark.parametrize(("written", "shown"), [("已开展", "是"), ("尚未开展省级认定", "否")])
def test_a_scheme_answered_with_its_verb_is_read(tmp_path, written, shown):
    # 004:86 已开展省级技术创新示范企业认定的…不超过4家: 已开展 under 省级方案 was a 是/否 "无法识别", the cap undecided
    case = _case(tmp_path, [{**N08, "省级方案": written}], "N-08", "K8")
    finding = _finding(case, "APP-RECOMMEND-CAP")
    assert (case["verdict"], _input(case), finding["message"], finding["evidence"]["provincial_scheme"],
            finding["evidence"]["provincial_scheme_note"]) == (
        "compliant", [], "本事项 2024 年度推荐 1 家，未超过名额。", shown, f"“{written}”读作“{shown}”")


def test_a_scheme_said_in_words_counts_against_another_rows_no(tmp_path):
    rows = [{**N08, "省级方案": "已开展"}, {**N08, "申报编号": "K9", "企业名称": "南阳己科技有限公司", "统一社会信用代码": None, "省级方案": "否"}]
    case = _case(tmp_path, rows, "N-08", "K9")
    assert _finding(case, "APP-RECOMMEND-CAP")["message"] == (
        "台账中本事项 2024 年度决定推荐的各行，对是否已开展省级认定的记载不一致（有“是”也有“否”；本行为“否”），无法确定推荐名额。")


def test_names_run_together_beside_a_headcount_keep_it(tmp_path):
    case = _case(tmp_path, [{**N08, "现场核查人员": "张伟李娜等3人"}], "N-08", "K8")
    assert _finding(case, "APP-ONSITE-2-STAFF")["message"] == (
        "现场核查（2024-05-10）人员为“张伟李娜等3人”（共 3 人；其中“张伟李娜”似为两人姓名连写，未以顿号分隔），但台账只记载了 1 人的姓名（张伟李娜），"
        "无法核对是否由 2 名以上工作人员进行。")


def test_a_shared_rank_says_whose_year_came_from_another_date(tmp_path):
    # 004:91 汇总排序: a rank shared with a row counted in its 收件日期's year said "同一年度" of both in silence
    rows = [{**N08, "事项": "N-09", "排序": 1},
            {**N08, "事项": "N-09", "申报编号": "K9", "企业名称": "南阳己科技有限公司", "统一社会信用代码": None, "排序": 1,
             "上报日期": None, "决定日期": None}]
    tmp_path.mkdir(parents=True, exist_ok=True)
    first, second = _case(tmp_path / "a", rows, "N-09", "K8"), read_case(tmp_path / "a" / "out", "K9")
    assert _input(first) == [(
        "INP-LEDGER-RANK",
        "JSON#1.排序 的排序 1 在 N-09 同一年度的推荐中有 2 行使用（另见 JSON#2.排序；JSON#2.排序 所在行未记载可识别的上报日期，年度按收件日期计），排序并列。")]
    assert _input(second) == [(
        "INP-LEDGER-RANK",
        "JSON#2.排序 的排序 1 在 N-09 同一年度的推荐中有 2 行使用（另见 JSON#1.排序），排序并列。"
        "（本行上报日期未填写、决定日期未填写，年度按收件日期 2024-05-06 计；请核实实际上报年度。）")]
    assert _finding(second, "APP-RANKED-RECOMMENDATION")["message"] == (
        "排序 1 在本事项 2024 年度的推荐中出现 2 次，排序并列。（本行上报日期未填写、决定日期未填写，年度按收件日期 2024-05-06 计；请核实实际上报年度。）")
