"""helper-160's handling-ledger findings (受理台账, seed 004 南阳市卧龙区工业和信息化局权责清单 N-01…N-10): four gaps a
hostile review left open, each finding asserted whole (rule, version, outcome, message, evidence):

1. a clerk's name ending in 办/室/科 (麦志办) under 现场核查人员 was a unit, and the row went for review;
2. 收件后3日 under 补正告知日期 stayed unread: now the 3rd working day after the 收件日期 (行政许可法 第八十二条, the
   ledger's documented reading, docs/references.md AMB-02), the reading said;
3. /, ／, —, - under 补正告知次数 stayed unread ("不是整数"): now 0, said in the evidence;
4. APP-RECOMMEND-CAP was not checked at all on a ledger without a 单位类别 column: now checked, every row under the
   province's places (004:86 各地…负责本地区企业的遴选和推荐报送，中央企业负责其下属企业的推荐报送), the finding saying so."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_hostile_h136 import N04, N06, N08, _case, _input  # the ledger rows and runner h136 wrote


def _finding(case: dict, rule_id: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule_id)


def _whole(finding: dict) -> tuple:
    return finding["rule_id"], finding["rule_version"], finding["outcome"], finding["message"], finding["evidence"]


# --- 1. a clerk's name ending in 办/室/科 is a person -------------------------------------------------------

STAFF_SOURCES = {"source": "JSON#1.现场核查日期; JSON#1.现场核查人员",
                 "sources": {"onsite_on": "JSON#1.现场核查日期", "onsite_staff": "JSON#1.现场核查人员"}}


@pytest.mark.parametrize("staff", ["麦志办、张伟", "张伟、欧志室", "麦志科、张伟"])
def test_a_name_ending_in_an_office_character_is_a_person(tmp_path, staff):
    # 004:87 指派两名以上工作人员: 麦志办 (麦 outside the common surnames, a given name ending in 办) was "单位或群体", and the
    # row "无法核对是否由 2 名以上工作人员进行" (needs_review); the column asks for names, and a name of 2-4 characters is a person
    case = _case(tmp_path, [{**N08, "现场核查人员": staff}], "N-08", "K8")
    assert (case["verdict"], _whole(_finding(case, "APP-ONSITE-2-STAFF"))) == ("compliant", (
        "APP-ONSITE-2-STAFF", 3, "pass", f"现场核查（2024-05-10）由 2 名工作人员进行（{staff}），不少于 2 名。",
        {"onsite_on": "2024-05-10", "onsite_staff": staff, **STAFF_SOURCES}))


@pytest.mark.parametrize("unit", ["政工科", "综合办", "办公室", "运行一科", "工作组", "科室"])
def test_an_office_is_still_no_person(tmp_path, unit):
    staff = f"张伟、{unit}"
    case = _case(tmp_path, [{**N08, "现场核查人员": staff}], "N-08", "K8")
    assert (case["verdict"], _whole(_finding(case, "APP-ONSITE-2-STAFF"))) == ("needs_review", (
        "APP-ONSITE-2-STAFF", 3, "missing",
        f"现场核查（2024-05-10）人员为“{staff}”（其中“{unit}”是单位或群体，不是人员姓名），但台账只记载了 1 人的姓名（张伟），"
        "无法核对是否由 2 名以上工作人员进行。",
        {"onsite_on": "2024-05-10", "onsite_staff": staff, **STAFF_SOURCES}))


def test_the_readings_of_units_and_names():
    from checker.check.facts.ledger import not_a_person
    units = ["经济运行科", "局领导带队", "工作组", "局领导", "工作人员", "科室", "股室", "政工科", "综合办", "法制办", "办公室",
             "人事政工科", "信息化工作股", "市工信局", "核查组", "专班"]
    people = ["麦志办", "欧志室", "麦志科", "麦志股", "张科", "王处", "黎明", "张伟"]
    assert ([u for u in units if not not_a_person(u)], [p for p in people if not_a_person(p)]) == ([], [])


# --- 2. 收件后3日 under 补正告知日期 ------------------------------------------------------------------------------

NOTICE = {"补正告知次数": 1, "补正告知日期": "收件后3日"}
NOTICE_SOURCES = {"source": "JSON#1.收件日期; JSON#1.补正告知日期; JSON#1.事项",
                  "sources": {"received_on": "JSON#1.收件日期", "deficiency_notice_on": "JSON#1.补正告知日期", "item": "JSON#1.事项"}}


def test_three_days_after_a_friday_receipt_is_read_in_working_days(tmp_path):
    # 004:59 当场或3日内: 收件后3日 was a date "无法识别" and the row waited for review. Received Friday 2024-03-08: the 3rd working
    # day is Wednesday 03-13 (the reading the ledger documents, 行政许可法 第八十二条), the 3rd calendar day Monday 03-11; the
    # calendar reading of the deadline judges 03-11 (not 03-13, "收件后第 5 日，超过期限")
    row = {**N04, **NOTICE, "收件日期": "2024-03-08", "补正完成日期": "2024-03-14", "受理日期": "2024-03-14"}
    case = _case(tmp_path, [row], "N-04", "K1")
    note = "“收件后3日”按工作日计算（行政许可法第八十二条，收件当日不计），读作收件后第 3 个工作日 2024-03-13；按自然日计算为 2024-03-11"
    assert (case["verdict"], _input(case), _whole(_finding(case, "APP-DEFICIENCY-NOTICE-DEADLINE"))) == ("compliant", [], (
        "APP-DEFICIENCY-NOTICE-DEADLINE", 4, "pass",
        "收件日期 2024-03-08，补正告知日期 2024-03-13，为收件后第 3 个工作日，在告知期限（最迟 2024-03-13）内。"
        "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-11，本次告知为收件后第 3 日，在期限内。"
        f"台账所写补正告知日期{note}。",
        {"received_on": "2024-03-08", "deficiency_notice_on": "2024-03-13", "deficiency_notice_on_note": note, "item": "N-04",
         **NOTICE_SOURCES}))


def test_three_days_after_receipt_is_late_for_n06s_two_days(tmp_path):
    # 004:75 当场或2日内
    row = {**N06, **NOTICE, "补正完成日期": "2024-03-08", "受理日期": "2024-03-08", "决定日期": "2024-03-20"}
    case = _case(tmp_path, [row], "N-06", "K6")
    note = "“收件后3日”按工作日计算（行政许可法第八十二条，收件当日不计），读作收件后第 3 个工作日 2024-03-07；按自然日计算为 2024-03-07"
    assert (case["verdict"], _input(case), _whole(_finding(case, "APP-DEFICIENCY-NOTICE-DEADLINE"))) == ("noncompliant", [], (
        "APP-DEFICIENCY-NOTICE-DEADLINE", 4, "fail",
        "收件日期 2024-03-04，补正告知日期 2024-03-07，为收件后第 3 个工作日，超过当场或 2 个工作日内（最迟 2024-03-06）的告知期限。"
        "按自然日计算（收件次日起算 2 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-06，本次告知为收件后第 3 日，超过期限。"
        f"台账所写补正告知日期{note}。",
        {"received_on": "2024-03-04", "deficiency_notice_on": "2024-03-07", "deficiency_notice_on_note": note, "item": "N-06",
         **NOTICE_SOURCES}))


@pytest.mark.parametrize(("written", "day", "note", "calendar_day"), [
    ("收件后3个工作日", "2024-03-13", "“收件后3个工作日”即收件后第 3 个工作日 2024-03-13（收件当日不计）", 5),
    ("收件后3个自然日", "2024-03-11", "“收件后3个自然日”即收件后第 3 个自然日（收件当日不计）2024-03-11", 3),
])
def test_a_count_naming_its_days_has_its_own_reading(tmp_path, written, day, note, calendar_day):
    row = {**N04, **NOTICE, "补正告知日期": written, "收件日期": "2024-03-08", "补正完成日期": "2024-03-14", "受理日期": "2024-03-14"}
    case = _case(tmp_path, [row], "N-04", "K1")
    finding = _finding(case, "APP-DEFICIENCY-NOTICE-DEADLINE")
    working = {"2024-03-13": 3, "2024-03-11": 1}[day]
    assert (_input(case), finding["outcome"], finding["message"], finding["evidence"]["deficiency_notice_on_note"]) == (
        [], "pass",
        f"收件日期 2024-03-08，补正告知日期 {day}，为收件后第 {working} 个工作日，在告知期限（最迟 2024-03-13）内。"
        "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2024-03-11，"
        f"本次告知为收件后第 {calendar_day} 日，{'在期限内' if calendar_day <= 3 else '超过期限'}。台账所写补正告知日期{note}。", note)


def test_three_days_after_a_blank_receipt_says_the_receipt_is_the_gap(tmp_path):
    row = {**N04, **NOTICE, "收件日期": None, "补正完成日期": "2024-03-14", "受理日期": "2024-03-14"}
    case = _case(tmp_path, [row], "N-04", "K1")
    assert _input(case) == [("INP-DATE", "JSON#1.补正告知日期 的补正告知日期为“收件后3日”，即收件后第 3 日，而收件日期未填写，"
                                         "无法确定告知日期；依赖此项的规则判为“待补充”。")]
    assert _finding(case, "INP-DATE")["remedy"] == "请填写补正告知的具体日期。"


@pytest.mark.parametrize("written", ["3日内", "受理后3日"])
def test_a_limit_or_a_count_from_the_acceptance_stays_unread(tmp_path, written):
    # 3日内 is the limit, not a day; the notice comes before the acceptance (004:59): 受理后3日 is not guessed
    row = {**N04, **NOTICE, "补正告知日期": written, "补正完成日期": "2024-03-08", "受理日期": "2024-03-08"}
    assert _input(_case(tmp_path, [row], "N-04", "K1")) == [(
        "INP-DATE", f"JSON#1.补正告知日期 的补正告知日期“{written}”无法识别；应为：日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。"
                    "依赖此项的规则判为“待补充”。")]


# --- 3. a slash under 补正告知次数 ----------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["/", "／", "—", "-"])
def test_a_slash_under_the_notice_count_is_no_notice(tmp_path, written):
    # a slash in an office form's cell: not applicable, none. It was "不是整数" (INP-NUMBER) and the row waited for review
    case = _case(tmp_path, [{**N04, "补正告知次数": written}], "N-04", "K1")
    assert (case["verdict"], _input(case), _whole(_finding(case, "APP-ONE-TIME-DEFICIENCY-NOTICE"))) == ("compliant", [], (
        "APP-ONE-TIME-DEFICIENCY-NOTICE", 2, "pass", "补正告知 0 次，符合一次性告知的要求（至多 1 次）。",
        {"deficiency_notice_count": "0", "deficiency_notice_count_note": f"填写为“{written}”，按 0 次（未补正）读取",
         "deficiency_notice_on": None, "source": "JSON#1.补正告知次数; JSON#1.补正告知日期",
         "sources": {"deficiency_notice_count": "JSON#1.补正告知次数", "deficiency_notice_on": "JSON#1.补正告知日期"}}))


def test_a_slash_beside_a_notice_date_is_the_contradiction_of_a_zero(tmp_path):
    case = _case(tmp_path, [{**N04, "补正告知次数": "/", "补正告知日期": "2024-03-05"}], "N-04", "K1")
    assert (case["verdict"], _input(case)) == ("needs_review", [(
        "INP-LEDGER-DATE", "JSON#1.补正告知日期 填有补正告知日期 2024-03-05，而 JSON#1.补正告知次数 的补正告知次数为 0，两者矛盾；"
                           "依赖此项的规则结论可能不可靠。")])


def test_other_words_under_the_notice_count_stay_unread(tmp_path):
    assert _input(_case(tmp_path, [{**N04, "补正告知次数": "/1"}], "N-04", "K1")) == [(
        "INP-NUMBER", "JSON#1.补正告知次数 的补正告知次数“/1”无法识别（不是整数）；应为：整数，如 0、1、2（未要求补正填 0）。"
                      "依赖此项的规则判为“待补充”。")]


# --- 4. APP-RECOMMEND-CAP on a ledger without 单位类别 ------------------------------------------------------------

UNIT_COLUMN_SAID = ("台账中没有“单位类别”列，各推荐行均按省（自治区、直辖市）的名额计数（权责清单：各地工业和信息化主管部门负责本地区企业的"
                    "遴选和推荐报送，中央企业负责其下属企业的推荐报送）；如有计划单列市、新疆生产建设兵团或中央企业的推荐，"
                    "请在台账中增加“单位类别”列后重新审核。")
CODES = ["91411303MA00000023", "91411303MA00000036", "91411303MA00000049", "91411303MA0000005C"]


def _workbook_case(tmp_path, n: int, unit_column: bool) -> dict:
    """An N-08 ledger of ``n`` recommendations sent up in 2024, written with openpyxl as an office keeps it."""
    headers = [h for h in N08 if unit_column or h != "单位类别"]
    book = Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    sheet.append(headers)
    for i in range(n):
        row = {**N08, "申报编号": f"K8-{i + 1}", "企业名称": f"南阳{'甲乙丙丁'[i]}科技有限公司", "统一社会信用代码": CODES[i]}
        sheet.append([dt.date.fromisoformat(row[h]) if h.endswith("日期") and row[h] else row[h] for h in headers])
    path = tmp_path / "N-08_受理台账.xlsx"
    book.save(path)
    result = run_cli("check", path, "-w", "N-08", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.stderr
    return read_case(tmp_path / "out", "K8-1")


CAP_SOURCES = {"source": "受理台账!M2; 受理台账!P2; 受理台账!Q2",
               "sources": {"decision": "受理台账!M2", "reported_on": "受理台账!P2", "provincial_scheme": "受理台账!Q2"}}


def test_four_recommended_without_a_unit_column_are_over_the_provinces_three(tmp_path):
    # 004:86 各省…推荐企业不超过3家: without 单位类别 the rule was "本项未核对（整批）" and the row 合规 with 4 recommended
    case = _workbook_case(tmp_path, 4, unit_column=False)
    assert (case["verdict"], _whole(_finding(case, "APP-RECOMMEND-CAP"))) == ("needs_review", (
        "APP-RECOMMEND-CAP", 10, "fail",
        "未开展省级认定，本事项 2024 年度推荐 4 家，超过 3 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，"
        "权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。" + UNIT_COLUMN_SAID,
        {"decision": "推荐", "reported_on": "2024-05-25", "provincial_scheme": "否", **CAP_SOURCES}))


def test_three_recommended_without_a_unit_column_pass_saying_how_they_were_counted(tmp_path):
    case = _workbook_case(tmp_path, 3, unit_column=False)
    assert (case["verdict"], _whole(_finding(case, "APP-RECOMMEND-CAP"))) == ("compliant", (
        "APP-RECOMMEND-CAP", 10, "pass", "本事项 2024 年度推荐 3 家，未超过名额。" + UNIT_COLUMN_SAID,
        {"decision": "推荐", "reported_on": "2024-05-25", "provincial_scheme": "否", **CAP_SOURCES}))
    assert not any("单位类别" in note for note in case["not_checked"])


def test_with_the_unit_column_the_finding_shows_its_cell_as_before(tmp_path):
    case = _workbook_case(tmp_path, 4, unit_column=True)
    assert _whole(_finding(case, "APP-RECOMMEND-CAP")) == (
        "APP-RECOMMEND-CAP", 10, "fail",
        "未开展省级认定，本事项 2024 年度推荐 4 家，超过 3 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，"
        "权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。",
        {"decision": "推荐", "reported_on": "2024-05-25", "provincial_scheme": "否", "unit_category": None,
         "source": "受理台账!M2; 受理台账!P2; 受理台账!Q2; 受理台账!R2",
         "sources": {**CAP_SOURCES["sources"], "unit_category": "受理台账!R2"}})
