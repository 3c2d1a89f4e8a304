"""Hostile review s25 of the handling ledgers (受理台账, seed 004: 南阳市卧龙区工业和信息化局权责清单).

1. A row refused acceptance (不予受理) and yet checked on site and recommended passed as 合规 in an N-08
   ledger without 受理日期/决定日期: APP-REVIEW-AFTER-ACCEPTANCE, which says it, was not checked
   (its columns absent), and the input finding saying it was left to that rule.
2. 事项 as clerks write it (《…》, Ｎ－０８, N—08, the name's distinctive words, a code with its name) was
   "不是受理台账的事项"; a cell naming two items (N-08（国家中小企业发展专项资金项目初审）) now says so.
3. 当场受理 was "not one of the ledger's words"; a 决定日期 beside a blank 决定 passed in silence; an
   N-04/N-06 row accepted before its corrections were in (004:59 (2) 提交全部补正申请材料的，予以受理) too.
"""

from __future__ import annotations

import pytest

from checker.check import ledger as ledgers
from checker.check.facts.ledger import item_candidates
from checker.core.rulebook import load_rulebook
from tests.helpers import ROOT, read_case, run_cli, write_json
from tests.test_ledger_h83 import _n08
from tests.test_ledger_h96 import N04


def _case(tmp_path, rows: list[dict], workflow: str | None, name: str) -> dict:
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, *(("-w", workflow) if workflow else ()), "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    return read_case(tmp_path / "out", name)


def _inputs(case: dict) -> list[str]:
    return [f["message"] for f in case["findings"] if f["rule_id"].startswith("INP-")]


def _finding(case: dict, rule: str) -> tuple[str, str]:
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return found["outcome"], found["message"]


# --- 1. a refusal reviewed all the same, where the ledger cannot date the review ---------------------


def test_a_refusal_recommended_all_the_same_needs_review_where_the_ledger_lacks_the_acceptance_dates(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "受理结果": "不予受理", "不予受理理由": "不属于本机关职权范围"}
    del row["受理日期"], row["决定日期"]
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [
        "JSON#1.受理结果 的受理结果为“不予受理”，而 JSON#1.决定 的决定为“推荐”：不予受理的申请不进入审核和决定，两处记载矛盾；"
        "依赖此项的规则结论可能不可靠。"]
    assert _finding(case, "APP-REVIEW-AFTER-ACCEPTANCE") == ("not_applicable", "台账中没有“受理日期”、“决定日期”列，本项未核对（整批）。")


def test_where_the_rule_is_checked_the_refusal_is_said_once_by_it(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "受理结果": "不予受理", "不予受理理由": "不属于本机关职权范围"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert _inputs(case) == []
    assert _finding(case, "APP-REVIEW-AFTER-ACCEPTANCE") == (
        "fail", "受理结果为“不予受理”，台账却记有现场核查日期 2024-05-10、决定日期 2024-05-20、决定“推荐”；权责清单规定应当受理后才对申请资料进行审核。")


def test_the_columns_the_review_rule_reads_are_those_the_input_check_looks_for():
    reads = load_rulebook(ROOT / "rules").rules["APP-REVIEW-AFTER-ACCEPTANCE"].reads
    assert set(reads) - {"item"} == set(ledgers.REVIEW_AFTER_ACCEPTANCE_READS)


# --- 2. 事项 as written -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "N-08", "n08", "N8", "Ｎ－０８", "Ｎ-08", "N—08", "N–08", "N_08", "N-08：",
    "国家及省级技术创新示范企业认定申报", "《国家及省级技术创新示范企业认定申报》", "（国家及省级技术创新示范企业认定申报）",
    "国家及省级技术创新示范企业认定申报事项", "国家及省级技术创新示范企业认定申请", "技术创新示范企业",
    "N-08 国家及省级技术创新示范企业认定申报", "N-08（技术创新示范企业）", "国家及省级技术创新示范企业认定申报（N-08）",
])
def test_an_item_written_as_clerks_write_it_is_read(written):
    assert item_candidates(written) == ("N-08",)


@pytest.mark.parametrize(("written", "items"), [
    ("国家级和省级绿色工厂,绿色园区申报", ("N-02",)),
    ("绿色工厂", ("N-02",)),
    ("省级制造业高质量发展专项资金项目申报", ("N-01",)),
    ("智能车间", ("N-09",)),
    ("N-08（国家中小企业发展专项资金项目初审）", ("N-08", "N-04")),
    ("国家中小企业发展专项资金项目初审（N-08）", ("N-04", "N-08")),
    ("N-08、N-09", ("N-08", "N-09")),
    ("智能工厂、绿色工厂", ("N-02", "N-09")),
    ("专项资金", ()),
    ("8", ()),
])
def test_an_item_naming_two_or_none_is_read_so(written, items):
    assert item_candidates(written) == items


def test_a_name_in_brackets_decides_the_row_without_workflow(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "《国家及省级技术创新示范企业认定申报》"}
    case = _case(tmp_path, [row], None, "T1")
    assert _inputs(case) == []
    assert _finding(case, "APP-RECOMMEND-CAP") == ("pass", "本事项 2024 年度推荐 1 家，未超过名额。")


def test_an_item_naming_two_is_refused_naming_the_cell(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "N-08（国家中小企业发展专项资金项目初审）"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"
    assert _inputs(case) == [
        "JSON#1.事项 的事项“N-08（国家中小企业发展专项资金项目初审）”可指 N-08（国家及省级技术创新示范企业认定申报），"
        "也可指 N-04（国家中小企业发展专项资金项目初审），无法确定是哪一事项，本行按 N-08 审核。"]


# --- 3. as a clerk fills the ledger ---------------------------------------------------------------------

N04_ACCEPTED = {**N04, "受理结果": "受理", "受理日期": "2024-03-04", "不予受理理由": None}


@pytest.mark.parametrize("written", ["当场受理", "当场予以受理", "补正后受理"])
def test_accepted_on_the_spot_is_an_acceptance(tmp_path, written):
    case = _case(tmp_path, [{**N04_ACCEPTED, "受理结果": written}], "N-04", "C03")
    assert _inputs(case) == []
    assert _finding(case, "APP-ACCEPT-RECEIPT") == ("pass", f"受理结果为“{written}”，已出具加盖专用印章并注明日期的书面凭证。")


def test_yes_in_a_column_asking_whether_it_was_accepted_is_an_acceptance(tmp_path):
    row = {**{k: v for k, v in N04_ACCEPTED.items() if k != "受理结果"}, "是否受理": "是"}
    case = _case(tmp_path, [row], "N-04", "C03")
    assert _inputs(case) == []
    assert _finding(case, "APP-ACCEPT-RECEIPT") == ("pass", "受理结果为“是”，已出具加盖专用印章并注明日期的书面凭证。")


def test_no_in_a_column_asking_whether_it_was_accepted_is_asked_about(tmp_path):
    # 否: not accepted yet or refused? The reasons a refusal needs depend on which: the office says
    row = {**{k: v for k, v in N04.items() if k != "受理结果"}, "是否受理": "否", "决定": None, "决定日期": None}
    case = _case(tmp_path, [row], "N-04", "C03")
    assert _inputs(case) == ["JSON#1.是否受理 的受理结果“否”不是受理、不予受理之一，无法判断是否须告知理由、是否应进入审核。"]


def test_refused_on_the_spot_is_a_refusal(tmp_path):
    row = {**N04, "受理结果": "当场不予受理", "决定": None, "决定日期": None}
    case = _case(tmp_path, [row], "N-04", "C03")
    assert _finding(case, "APP-REFUSAL-REASONS") == (
        "not_applicable", "不予受理（受理结果“当场不予受理”）：本事项的受理规定要求出具加盖专用印章并注明日期的书面凭证（见受理凭证一项），"
        "未要求另行告知理由，本项不适用。")


def test_a_decision_date_beside_a_blank_decision_needs_review(tmp_path):
    case = _case(tmp_path, [{**N04_ACCEPTED, "决定": None}], "N-04", "C03")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [
        "JSON#1.决定日期 填有决定日期 2024-03-20，而 JSON#1.决定 的决定未填写，无法判断作出的是哪一种决定（准予、不准予、推荐或不推荐）；"
        "依赖此项的规则结论可能不可靠。"]


def test_a_decision_still_to_come_is_not_asked_for(tmp_path):
    case = _case(tmp_path, [{**N04_ACCEPTED, "决定": None, "决定日期": None}], "N-04", "C03")
    assert _inputs(case) == []


def test_an_n04_row_accepted_before_its_corrections_were_in_needs_review(tmp_path):
    row = {**N04_ACCEPTED, "补正告知次数": 1, "补正告知日期": "2024-03-05", "补正完成日期": "2024-03-08", "受理日期": "2024-03-06"}
    case = _case(tmp_path, [row], "N-04", "C03")
    assert case["verdict"] == "needs_review"
    assert _inputs(case) == [
        "JSON#1.受理日期 的受理日期 2024-03-06 早于 JSON#1.补正完成日期 的补正完成日期 2024-03-08：补正材料交齐之后才予受理，日期有误；"
        "依赖此项的规则结论可能不可靠。"]


def test_an_item_whose_list_does_not_say_it_may_accept_before_the_corrections_are_in(tmp_path):
    # 004:86-87 (N-08) say only 依法受理: accepting with corrections to follow is not said against
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "补正告知次数": 1, "补正告知日期": "2024-05-06",
           "补正完成日期": "2024-05-09"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert _inputs(case) == []
