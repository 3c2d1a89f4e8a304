"""Hostile review s25b of today's 事项 and 受理结果 reading in handling ledgers (受理台账, seed 004:31-101).

1. An item's distinctive words qualified by a level its name does not cover named it all the same:
   市级智能工厂和数字化车间申报 (seed 001:2796, Weihai's W-08) was read as N-09 (省级智能工厂、智能车间申报)
   and checked against N-09's duty list; 市级技术创新示范企业 passed as N-08 in silence; 国家制造业创新中心
   as N-10 (河南省制造业创新中心申报), 省中小企业发展专项资金 as N-04 (国家中小企业发展专项资金项目初审).
2. A code with a second item's number after it (N-08、09, N-08/09) was read as the first item alone.
3. An acceptance with a note saying otherwise (受理（不予受理）, 受理（暂缓）) was read as accepted: the
   note was dropped unread; 当场受理并出具凭证 was "not one of the ledger's words".
"""

from __future__ import annotations

import pytest

from checker.check.facts.ledger import OTHER_LEVEL, acceptance_of, item_candidates, item_key
from tests.helpers import read_case, run_cli, write_json
from tests.test_ledger_h83 import _n08
from tests.test_ledger_s25 import N04_ACCEPTED

NOT_AN_ITEM = "不是受理台账的事项（应为 N-01、N-02、N-03、N-04、N-05、N-06、N-07、N-08、N-09、N-10、W-04）"


def _case(tmp_path, rows: list[dict], workflow: str, name: str) -> dict:
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "-w", workflow, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    return read_case(tmp_path / "out", name)


def _inputs(case: dict) -> list[str]:
    return [f["message"] for f in case["findings"] if f["rule_id"].startswith("INP-")]


def _finding(case: dict, rule: str) -> tuple[str, str]:
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return found["outcome"], found["message"]


# --- 1. a level the item does not cover ---------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "市级智能工厂和数字化车间申报", "市级智能工厂", "县级智能车间", "国家级智能工厂", "市级绿色工厂", "市级技术创新示范企业",
    "国家制造业创新中心", "市级制造业创新中心", "省中小企业发展专项资金", "国家先进制造业发展专项资金",
])
def test_an_items_words_at_a_level_it_does_not_cover_name_no_item(written):
    assert item_candidates(written) == (OTHER_LEVEL,)
    assert item_key(written) is None


@pytest.mark.parametrize(("written", "items"), [
    ("N-09（市级智能工厂）", ("N-09", OTHER_LEVEL)), ("市级智能工厂（N-09）", (OTHER_LEVEL, "N-09")),
    ("N-08（市级）", ("N-08", OTHER_LEVEL)), ("N-09（国家级）", ("N-09", OTHER_LEVEL)),
    ("N-08（省级）", ("N-08",)), ("N-03（市级）", ("N-03",)), ("市级绿色工厂、省级绿色工厂", ("N-02",)),
])
def test_a_code_beside_a_level_its_item_does_not_cover_is_two_readings(written, items):
    assert item_candidates(written) == items


@pytest.mark.parametrize(("written", "item"), [
    ("省级智能工厂", "N-09"), ("国家级和省级绿色工厂", "N-02"), ("国家级技术创新示范企业", "N-08"),
    ("2024年度省级技术创新示范企业", "N-08"), ("河南省制造业创新中心", "N-10"), ("国家中小企业发展专项资金", "N-04"),
    ("国家新型工业化产业示范基地", "N-05"), ("省级制造业高质量发展专项资金", "N-01"), ("威海市绿色工厂", "N-02"),
])
def test_an_items_words_at_a_level_it_covers_still_name_it(written, item):
    assert item_candidates(written) == (item,)


def test_a_city_level_item_is_not_checked_as_the_provincial_one(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "市级智能工厂和数字化车间申报"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"
    # was: "JSON#1.事项 的事项为 N-09，与本次审核指定的事项 N-08 不同；本行按 N-09 审核，……"
    assert _inputs(case) == [f"JSON#1.事项 的事项“市级智能工厂和数字化车间申报”{NOT_AN_ITEM}，本行按 N-08 审核。"]


def test_a_city_level_name_of_the_items_words_does_not_pass_in_silence(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "市级技术创新示范企业"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [f"JSON#1.事项 的事项“市级技术创新示范企业”{NOT_AN_ITEM}，本行按 N-08 审核。"]


def test_a_code_beside_a_city_level_name_is_refused_naming_the_cell(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "N-08（市级技术创新示范企业）"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [
        "JSON#1.事项 的事项“N-08（市级技术创新示范企业）”写有 N-08（国家及省级技术创新示范企业认定申报），"
        "所写级别却不是该事项的级别，无法确定是哪一事项，本行按 N-08 审核。"]


# --- 2. a code and a second number ----------------------------------------------------------------------


@pytest.mark.parametrize(("written", "items"), [
    ("N-08、09", ("N-08", "N-09")), ("N-08/09", ("N-08", "N-09")), ("N08,09", ("N-08", "N-09")),
    ("N-08和09", ("N-08", "N-09")), ("N-08 09", ("N-08", "N-09")),
    ("N-08 2024", ("N-08",)), ("N-08（2024）", ("N-08",)), ("N-08、2024年", ("N-08",)), ("W-04-1", ("W-04",)),
])
def test_a_code_followed_by_another_number_names_both(written, items):
    assert item_candidates(written) == items


def test_a_code_followed_by_another_number_is_refused_naming_the_cell(tmp_path):
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "N-08、09"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [
        "JSON#1.事项 的事项“N-08、09”可指 N-08（国家及省级技术创新示范企业认定申报），"
        "也可指 N-09（省级智能工厂、智能车间申报），无法确定是哪一事项，本行按 N-08 审核。"]


# --- 3. notes beside an acceptance ------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["受理（不予受理）", "受理（否）", "受理(暂缓)", "受理（待定）", "受理（待补正）",
                                     "受理（已撤回）", "受理（？）", "是（不予受理）"])
def test_an_acceptance_whose_note_says_otherwise_is_unclear(written):
    assert acceptance_of(written) == "unclear"


@pytest.mark.parametrize("written", ["受理（当场）", "是（补正后）", "受理（补正后）", "当场受理并出具凭证", "受理，出具受理通知书",
                                     "受理（当场，已出具凭证）", "当场受理。", "已受理"])
def test_an_acceptance_whose_note_says_when_is_an_acceptance(written):
    assert acceptance_of(written) == "accepted"


@pytest.mark.parametrize(("written", "word"), [
    ("不予受理（当场告知）", "refused"), ("待受理", "absent"), ("受理中", "absent"), ("否", "unclear")])
def test_the_other_acceptance_words_keep_their_reading(written, word):
    assert acceptance_of(written) == word


def test_an_acceptance_noted_as_refused_is_asked_about(tmp_path):
    case = _case(tmp_path, [{**N04_ACCEPTED, "受理结果": "受理（不予受理）"}], "N-04", "C03")
    assert case["verdict"] == "needs_review"  # was compliant
    assert _inputs(case) == [
        "JSON#1.受理结果 的受理结果“受理（不予受理）”不是受理、不予受理之一，无法判断是否须告知理由、是否应进入审核。"]


def test_accepted_on_the_spot_with_its_receipt_is_an_acceptance(tmp_path):
    case = _case(tmp_path, [{**N04_ACCEPTED, "受理结果": "当场受理并出具凭证"}], "N-04", "C03")
    assert _inputs(case) == []  # was "……不是受理、不予受理之一……"
    assert _finding(case, "APP-ACCEPT-RECEIPT") == (
        "pass", "受理结果为“当场受理并出具凭证”，已出具加盖专用印章并注明日期的书面凭证。")


# --- 4. a letter after a code's number ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["N-1O", "N-1o", "N-1I", "N-08a", "W-04b"])
def test_a_code_whose_number_runs_into_a_letter_names_no_item(written):
    assert item_candidates(written) == ()


def test_a_code_mistyped_with_a_letter_o_is_not_read_as_another_item(tmp_path):
    # N-1O (N-10, its 0 typed as the letter O) was read as N-01 and the row decided under N-01
    row = {**_n08(1, "91411303MA0000101M", "甲科技有限公司"), "事项": "N-1O"}
    case = _case(tmp_path, [row], "N-08", "T1")
    assert _inputs(case) == [f"JSON#1.事项 的事项“N-1O”{NOT_AN_ITEM}，本行按 N-08 审核。"]


# --- 5. a refusal noted as accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "word"), [
    ("不予受理（补正后受理）", "unclear"), ("不予受理（已受理）", "unclear"), ("不予受理（后予以受理）", "unclear"),
    ("不予受理（不属于受理范围）", "refused"), ("不予受理（不属于本机关职权范围）", "refused"), ("不予受理（当场告知）", "refused"),
])
def test_a_refusal_whose_note_says_it_was_accepted_is_unclear(written, word):
    assert acceptance_of(written) == word


def test_a_refusal_noted_as_accepted_after_corrections_is_asked_about(tmp_path):
    from tests.test_ledger_h96 import N04
    row = {**N04, "受理结果": "不予受理（补正后受理）", "决定": None, "决定日期": None}
    case = _case(tmp_path, [row], "N-04", "C03")
    assert case["verdict"] == "needs_review"
    assert _inputs(case) == [
        "JSON#1.受理结果 的受理结果“不予受理（补正后受理）”不是受理、不予受理之一，无法判断是否须告知理由、是否应进入审核。"]
