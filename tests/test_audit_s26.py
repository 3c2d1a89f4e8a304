"""Review s26 (helper 123): who drew, how many a proposed list counts, English names in a 公示 list, and the
ledger cells a decision reads.

1. DRAW-BY-ZGK: 抽取科室 written 区政工科 / 环翠区工信局政工科 (a district bureau's office) is another body: fail;
   政工处 (a provincial department's office name; the bureau has no 处) needs review; 市工信局政工科 and
   威海市工业和信息化局政工科 are the bureau's 政工科 (001:2581 "局政工科…随机抽取7名专家").
2. PROC-PROPOSED-LIST-QUOTA: names followed by their count (甲公司、乙公司、丙公司三家, 甲、乙、丙三家公司,
   （共3家）) count by the stated number, the count word no part of a name; a stated number below the names
   listed (共2家 after three names) needs review naming both.
3. DISC-CONTENT-MATCH: an English name (Weihai Foo Co., Ltd., Foo Holdings, Inc.) is one name, not split at its
   spaces or the comma of its company form.
4. Ledgers: APP-REFUSAL-REASONS (书面告知) and APP-RECOMMEND-CAP (申报级别) show the cell they decided on in their
   evidence when the ledger has the column; without it the evidence is as before.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
import yaml

from checker.check.ledger import SHOWN_WHEN_PRESENT
from tests.helpers import ROOT, all_cases, audit_record, compliant_round, findings_by_rule, round_step, run_cli


_base = compliant_round


def _findings(tmp_path, record: dict) -> tuple[str, dict[str, tuple[str, str, str]]]:
    document = audit_record(tmp_path, record)
    return document["verdict"], findings_by_rule(document)


_step = round_step


# --- 1. the office that drew ------------------------------------------------------------------------------


@pytest.mark.parametrize("office", ["区政工科", "环翠区工信局政工科", "荣成市工业和信息化局政工科"])
def test_a_district_bureaus_political_section_is_another_body(tmp_path, office):
    record = _base("W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = office
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["DRAW-BY-ZGK"]) == ("noncompliant", (
        "fail", "noncompliant",
        f"以下专家抽取行的抽取科室写明是其他机关的政工科，不是市工信局的政工科：“{office}”（专家抽取#1.抽取科室 等 7 行）；"
        "履职清单要求由局政工科抽取专家。"))


def test_a_district_office_beside_an_organising_section_is_listed_with_it(tmp_path):
    record = _base("W-12")
    record["专家抽取"][0]["抽取科室"] = "科技科"
    record["专家抽取"][1]["抽取科室"] = "区政工科"
    _, found = _findings(tmp_path, record)
    assert found["DRAW-BY-ZGK"] == (
        "fail", "noncompliant",
        "以下专家抽取行的抽取科室不是局政工科：“科技科”（专家抽取#1.抽取科室）；“区政工科”（专家抽取#2.抽取科室）。")


def test_zhenggongchu_may_misname_the_office_and_needs_review(tmp_path):
    record = _base("W-12")
    record["专家抽取"][0]["抽取科室"] = "政工处"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["DRAW-BY-ZGK"]) == ("needs_review", (
        "missing", "needs_review",
        "以下专家抽取行的抽取科室写为政工处：“政工处”（专家抽取#1.抽取科室）；履职清单要求由局政工科抽取专家，"
        "局内设科室没有政工处，无法确认是局政工科的误写还是其他机关（如省厅）的处室。"))


def test_the_city_bureau_named_before_its_political_section_passes(tmp_path):
    record = _base("W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = "市工信局政工科"
    record["专家抽取"][0]["抽取科室"] = "威海市工业和信息化局政工科"
    _, found = _findings(tmp_path, record)  # the model round has no draw ledger: DRAW-RANDOM needs review
    assert found["DRAW-BY-ZGK"] == ("pass", "compliant", "专家由“威海市工业和信息化局政工科、市工信局政工科”抽取。")


# --- 2. a proposed list followed by its count ---------------------------------------------------------------


@pytest.mark.parametrize("written, listed", [
    ("甲公司、乙公司、丙公司三家", "甲公司、乙公司、丙公司"),
    ("甲公司、乙公司、丙公司3家企业", "甲公司、乙公司、丙公司"),
    ("甲公司、乙公司、丙公司（共3家）", "甲公司、乙公司、丙公司"),
    ("甲、乙、丙三家公司", "甲、乙、丙"),
])
def test_names_followed_by_their_count_count_three_and_the_count_is_no_name(tmp_path, written, listed):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 2
    _step(record, "初步建议名单")["决议内容"] = written
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        f"初步建议名单（流程节点#8.决议内容）列有 3 家企业：{listed}，多于省定推荐数量 2，超出的企业无法全部推荐。")


def test_names_followed_by_their_count_within_the_quota_pass(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 3
    _step(record, "初步建议名单")["决议内容"] = "甲、乙、丙三家公司"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == (
        "compliant", ("pass", "compliant", "初步建议名单列有 3 家企业，未超过省定推荐数量 3。"))


@pytest.mark.parametrize("written", ["甲公司、乙公司、丙公司共2家", "甲公司、乙公司、丙公司两家"])
def test_a_stated_count_below_the_names_listed_needs_review_naming_both(tmp_path, written):
    record = _base("W-17")
    _step(record, "初步建议名单")["决议内容"] = written
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == ("needs_review", (
        "missing", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列出 3 家企业：甲公司、乙公司、丙公司，但写明共 2 家，两者不一致，"
        "无法核对名单家数是否超过省定推荐数量 8。"))


def test_a_name_beginning_with_a_count_word_stays_a_name(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 1
    _step(record, "初步建议名单")["决议内容"] = "甲公司、三家村食品有限公司"
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列有 2 家企业：甲公司、三家村食品有限公司，多于省定推荐数量 1，超出的企业无法全部推荐。")


# --- 3. English names in a 公示 list --------------------------------------------------------------------------


def test_english_names_whose_words_are_swapped_are_other_companies_named_whole(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "Weihai Foo Co., Ltd.、Qingdao Bar Co., Ltd.、丙公司"
    record["公示"][0]["公示名单"] = "Weihai Bar Co., Ltd., Qingdao Foo Co., Ltd., 丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "fail", "noncompliant",
        "公示名单与决议名单不一致：决议有而公示无：Qingdao Bar Co., Ltd.、Weihai Foo Co., Ltd.；"
        "公示有而决议无：Qingdao Foo Co., Ltd.、Weihai Bar Co., Ltd.。")


def test_an_english_name_disclosed_in_a_comma_list_matches_the_decided_applicant(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "Weihai Foo Co., Ltd.、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "Weihai Foo Co.,Ltd, 乙公司, 丙公司"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["DISC-CONTENT-MATCH"]) == ("compliant", ("pass", "compliant", "公示名单与决议名单一致。"))


def test_a_comma_before_inc_is_part_of_the_name(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "Foo Holdings, Inc.、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "Foo Holdings, 乙公司, 丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：Foo Holdings, Inc.；公示有而决议无：Foo Holdings。")


# --- 4. the ledger cells a decision reads ---------------------------------------------------------------------


def _ledger(tmp_path, header: list[str], rows: list[list], workflow: str) -> dict[str, dict]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    for row in [header, *rows]:
        sheet.append(row)
    book.save(tmp_path / "ledger.xlsx")
    run_cli("check", tmp_path / "ledger.xlsx", "--workflow", workflow, "--out", tmp_path / "out", "--quiet")
    return {case["case_id"]: {f["rule_id"]: f for f in case["findings"]} for case in all_cases(tmp_path / "out")}


N03_HEADER = ["申报编号", "企业名称", "统一社会信用代码", "事项", "收件日期", "补正告知日期", "补正告知次数", "受理结果", "不予受理理由",
              "决定", "决定日期", "决定理由", "书面告知"]


def test_a_refusal_without_written_notice_shows_the_written_notice_cell(tmp_path):
    cases = _ledger(tmp_path, N03_HEADER, [
        ["A1", "威海甲公司", "91371000MA3C000001", "N-03", "2024-03-04", None, 0, "受理", None, "不准予", "2024-03-20", "不符合条件", "否"],
        ["A2", "威海乙公司", "91371000MA3C000002", "N-03", "2024-03-04", None, 0, "受理", None, "不准予", "2024-03-20", "不符合条件", None],
    ], "N-03")
    first, second = cases["A1"]["APP-REFUSAL-REASONS"], cases["A2"]["APP-REFUSAL-REASONS"]
    assert (first["outcome"], first["message"], first["evidence"]) == (
        "fail", "不予许可（决定“不准予”），但台账未记载已书面告知申请单位或企业（书面告知：否）。",
        {"acceptance": "受理", "refusal_reasons": None, "decision": "不准予", "decision_reasons": "不符合条件", "written_notice": "否",
         "source": "受理台账!H2; 受理台账!I2; 受理台账!J2; 受理台账!L2; 受理台账!M2",
         "sources": {"acceptance": "受理台账!H2", "refusal_reasons": "受理台账!I2", "decision": "受理台账!J2",
                     "decision_reasons": "受理台账!L2", "written_notice": "受理台账!M2"}})
    assert second["evidence"] == {
        "acceptance": "受理", "refusal_reasons": None, "decision": "不准予", "decision_reasons": "不符合条件", "written_notice": None,
        "source": "受理台账!H3; 受理台账!I3; 受理台账!J3; 受理台账!L3; 受理台账!M3",
        "sources": {"acceptance": "受理台账!H3", "refusal_reasons": "受理台账!I3", "decision": "受理台账!J3",
                    "decision_reasons": "受理台账!L3", "written_notice": "受理台账!M3"}}


def test_a_provincial_recommendation_shows_the_apply_level_cell(tmp_path):
    book = openpyxl.load_workbook(ROOT / "samples" / "ledgers" / "N-08_受理台账.xlsx")
    sheet = book.active
    column = sheet.max_column + 1
    sheet.cell(1, column, "申报级别")
    sheet.cell(2, column, "省级")
    book.save(tmp_path / "ledger.xlsx")
    run_cli("check", tmp_path / "ledger.xlsx", "--workflow", "N-08", "--out", tmp_path / "out", "--quiet")
    case = next(case for case in all_cases(tmp_path / "out") if case["case_id"] == "T23-1")
    finding = next(f for f in case["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP")
    assert (finding["outcome"], finding["evidence"]) == ("not_applicable", {
        "decision": "推荐", "reported_on": "2023-08-01", "provincial_scheme": "否", "unit_category": "省（自治区、直辖市）",
        "apply_level": "省级", "source": "受理台账!L2; 受理台账!O2; 受理台账!P2; 受理台账!Q2; 受理台账!R2",
        "sources": {"decision": "受理台账!L2", "reported_on": "受理台账!O2", "provincial_scheme": "受理台账!P2",
                    "unit_category": "受理台账!Q2", "apply_level": "受理台账!R2"}})


def test_without_the_columns_the_evidence_is_as_before(tmp_path):
    out = tmp_path / "n04"
    run_cli("check", ROOT / "samples" / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04", "--out", out, "--quiet")
    first = next(case for case in all_cases(out) if case["case_id"] == "N04-001")
    finding = next(f for f in first["findings"] if f["rule_id"] == "APP-REFUSAL-REASONS")
    assert finding["evidence"] == {
        "acceptance": "受理", "refusal_reasons": None, "decision": "准予", "decision_reasons": None,
        "source": "受理台账!I2; 受理台账!L2; 受理台账!O2; 受理台账!Q2",
        "sources": {"acceptance": "受理台账!I2", "refusal_reasons": "受理台账!L2", "decision": "受理台账!O2",
                    "decision_reasons": "受理台账!Q2"}}


def test_every_rule_deciding_on_these_columns_shows_them():
    """A rule whose branches read the fact of 书面告知 or 申报级别 has the column among its reads or is listed to show it."""
    column_of = {"written_refusal": "written_notice", "apply_level_state": "apply_level"}
    unshown = []
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        rule = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(rule, dict) or "branches" not in rule:
            continue
        text = json.dumps(rule.get("branches"), ensure_ascii=False)
        for fact, column in column_of.items():
            if f'"fact": "{fact}"' in text and column not in (rule.get("reads") or []) \
                    and column not in SHOWN_WHEN_PRESENT.get(rule["id"], ()):
                unshown.append((rule["id"], column))
    assert unshown == []


def test_an_expert_of_an_enterprise_decided_under_its_english_name_is_a_conflict_and_a_word_is_not(tmp_path):
    record = _base("W-12")
    _step(record, "党组会")["决议内容"] = "Weihai Foo Co., Ltd.、乙公司、丙公司"
    record["专家抽取"][0]["工作单位"] = "Weihai Foo Co., Ltd."
    record["专家抽取"][1]["工作单位"] = "Weihai University"
    _, found = _findings(tmp_path, record)
    assert found["DRAW-COI"] == (
        "fail", "needs_review",
        "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：E004（Weihai Foo Co., Ltd.，专家抽取#1.工作单位）。")


def test_a_proposed_list_of_english_names_counts_each_name_once(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 1
    _step(record, "初步建议名单")["决议内容"] = "Weihai Foo Co., Ltd.、Qingdao Bar Co.,Ltd"
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列有 2 家企业：Weihai Foo Co., Ltd.、Qingdao Bar Co.,Ltd，多于省定推荐数量 1，"
        "超出的企业无法全部推荐。")
