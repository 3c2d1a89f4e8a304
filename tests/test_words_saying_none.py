"""Cells that say a thing is not there, or not yet, in a district office's words (helper-85):
a 推荐文号 of 否 / 0 / 待行文, 证明材料 of 无。/ 暂缺 / 后补 / 待补充, a 真实性承诺 of 尚未签署 / 待签署 /
否（补签中）. Each says no; none may pass as if the document or promise were there, and a promise
not signed is not an unreadable cell."""

from __future__ import annotations

import pytest

from checker.core.values import Unreadable, parse_yes_no
from tests.helpers import read_case, run_cli, write_json

ROW = {"申报编号": "N-1", "企业名称": "威海示例101有限公司", "所在区市": "环翠区", "真实性承诺": "已签署",
       "证明材料": "营业执照、2020年度审计报告", "区市初审意见": "同意推荐", "推荐文号": "环工信字〔2021〕3号",
       "项目领域": "智能制造", "统一社会信用代码": "91371002MA0000101R"}
KEY_FIELDS = "智能制造、新材料、电子信息"


def _finding(tmp_path, rule: str, **cells) -> dict:
    tmp_path.mkdir(exist_ok=True)
    path = write_json(tmp_path / "a.json", [{**ROW, **cells}])
    run_cli("check", path, "-w", "W-01", "--as-of", "2021-06-30", "--key-fields", KEY_FIELDS,
            "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "N-1")
    found = next(f for f in case["findings"] if f["rule_id"] == rule)
    return {"outcome": found["outcome"], "message": found["message"], "inputs": [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")]}


@pytest.mark.parametrize("written", ["否", "0", "待行文", "待出具"])
def test_a_recommendation_number_saying_none_is_no_recommendation(tmp_path, written):
    assert _finding(tmp_path, "APP-DISTRICT-RECOMMEND-DOC", 推荐文号=written) == {
        "outcome": "fail", "message": "未填写区市推荐文号，无区市行文推荐的记录。", "inputs": []}


@pytest.mark.parametrize("written", ["无。", "暂缺", "后补", "待补充", "待提供"])
def test_supporting_evidence_still_to_come_is_not_attached(tmp_path, written):
    assert _finding(tmp_path, "APP-SUPPORTING-EVIDENCE", 证明材料=written) == {
        "outcome": "fail", "message": f"证明材料栏写明未附（{written}）。", "inputs": []}


@pytest.mark.parametrize("written", ["未签", "尚未签署", "没有签署", "待签署", "否（补签中）"])
def test_a_promise_not_signed_is_a_no_not_an_unreadable_cell(tmp_path, written):
    assert _finding(tmp_path, "APP-TRUTH-PLEDGE", 真实性承诺=written) == {
        "outcome": "fail", "message": "未提交真实性承诺（否）。", "inputs": []}


def test_the_plain_words_still_read_as_before():
    assert [parse_yes_no(t) for t in ("已签署", "是", "未签署", "否")] == [True, True, False, False]
    for written in ("签署中", "同意", "是（待补）"):
        with pytest.raises(Unreadable):
            parse_yes_no(written)


def test_a_real_number_and_a_real_list_still_pass(tmp_path):
    assert _finding(tmp_path / "a", "APP-DISTRICT-RECOMMEND-DOC")["outcome"] == "pass"
    listed = _finding(tmp_path / "b", "APP-SUPPORTING-EVIDENCE", 证明材料="待遇说明、营业执照")  # a document whose name opens with 待
    assert (listed["outcome"], listed["inputs"]) == ("pass", [])


def test_documents_and_reasons_that_open_with_those_words_are_read_as_written(tmp_path):
    # helper-86: 后补助资金拨付凭证 (a 后补助 is a kind of subsidy) was 未附; 否（已补签） a plain no
    (tmp_path / "e").mkdir()
    listed = _finding(tmp_path / "e", "APP-SUPPORTING-EVIDENCE", 证明材料="后补助资金拨付凭证、2020年度审计报告")
    assert (listed["outcome"], listed["inputs"]) == ("pass", [])
    with pytest.raises(Unreadable):
        parse_yes_no("否（已补签）")  # signed since? the reviewer reads the cell


def test_a_refusal_reason_opening_with_zan_que_is_a_reason():
    from checker.check.facts.applicant import text_presence
    from checker.check.validate import Value

    for reason in ("暂缺营业执照副本，申请材料不齐全", "待补充的能源审计报告未在期限内提交", "后补材料仍不符合要求"):
        assert text_presence(Value("ok", reason, reason)) == "present", reason
    for nothing in ("暂缺", "待补充", "后补", "待行文"):
        assert text_presence(Value("ok", nothing, nothing)) == "absent", nothing


@pytest.mark.parametrize("written", ["待行文（预计7月）", "暂缺，待区里行文", "待出具，预计下周"])
def test_none_yet_with_a_note_after_it_is_still_none(tmp_path, written):
    found = _finding(tmp_path, "APP-DISTRICT-RECOMMEND-DOC", 推荐文号=written)
    assert found["outcome"] == "fail", found


@pytest.mark.parametrize("written", ["后补营业执照", "待补营业执照、审计报告"])
def test_evidence_still_to_come_before_a_document_name_is_not_attached(tmp_path, written):
    assert _finding(tmp_path, "APP-SUPPORTING-EVIDENCE", 证明材料=written)["outcome"] == "fail"
