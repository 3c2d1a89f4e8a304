"""Hostile review 6 (branch hostile6) of `fundcheck audit`: each test failed on the branch point
(b369216) and states the defect and what should happen instead."""

from __future__ import annotations

import pytest

from tests.helpers import ROUNDS, read_json, run_cli, sample_round, write_json

LEDGER = ROUNDS / "ledger.db"


def _audit(tmp_path, record: dict, *extra, name: str = "r") -> dict:
    path = write_json(tmp_path / f"{name}.json", record)
    result = run_cli("audit", path, "--out", tmp_path / f"{name}-out", "--ledger", LEDGER, *extra)
    assert result.exit_code in (0, 1), result.output
    return read_json(tmp_path / f"{name}-out" / "round.json")


def _finding(document: dict, rule_id: str) -> dict:
    return next(f for f in document["findings"] if f["rule_id"] == rule_id)


def test_the_sample_round_is_compliant_with_its_ledger(tmp_path):
    document = _audit(tmp_path, sample_round("compliant_W-12"))
    assert document["verdict"] == "compliant"


# --- the draw: 7 experts ------------------------------------------------------------------------


def test_one_expert_listed_twice_is_not_two_of_the_seven(tmp_path):
    """The W-12 sample round with its 7th 正选 row's 专家编号 changed from E003 to E004 (E004 is
    already the first row): 6 different experts. DRAW-SIZE-7 counted rows, said "7 名：E004、E022、
    E012、E002、E010、E016、E004" and passed. Seed 001:2581 "随机抽取7名专家": 7 experts, not 7
    lines. Should: fail (noncompliant), 6 experts, naming the one listed twice."""
    record = sample_round("compliant_W-12")
    record["专家抽取"][6]["专家编号"] = "E004"
    finding = _finding(_audit(tmp_path, record), "DRAW-SIZE-7")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert "6 名" in finding["message"] and "E004" in finding["message"]
    assert "重复" in finding["message"]


# --- the archive --------------------------------------------------------------------------------


def test_an_archive_item_recorded_both_archived_and_not_is_not_compliant(tmp_path):
    """The W-12 sample round with one more 归档 row: 会议纪要 / 是否归档 否 (it already has 会议纪要 / 是).
    archive_status stopped at the first 是 and the round was compliant: the record says the minutes
    were archived and were not. Seed 001:2593 lists 会议纪要 among the materials to archive. Should:
    ARCH-LIST-9-FUNDS missing (needs_review) naming 会议纪要 and the contradiction; verdict
    needs_review."""
    record = sample_round("compliant_W-12")
    record["归档"].append({"材料名称": "会议纪要", "是否归档": "否"})
    document = _audit(tmp_path, record)
    finding = _finding(document, "ARCH-LIST-9-FUNDS")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert "会议纪要" in finding["message"] and "“是”和“否”" in finding["message"]
    assert document["verdict"] == "needs_review"
