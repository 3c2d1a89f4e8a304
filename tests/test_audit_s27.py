"""Session 27: what helper-130 found beside its own files.

1. DRAW-SIZE-7 lists each expert of the count once: E016 and e016 are one expert (the count says 6 名),
   and the list named seven ids after "6 名".
2. ARCH-LIST-8 / ARCH-LIST-9-FUNDS (W-12 has the nine items): an item whose 是否归档 cannot be read needs review, and the message no
   longer adds "或归档表无记录" (an archive without rows has its own message).
"""

from __future__ import annotations

from tests.helpers import audit_record, compliant_round, findings_by_rule


_base = compliant_round


def _findings(tmp_path, record: dict) -> dict[str, tuple[str, str, str]]:
    return findings_by_rule(audit_record(tmp_path, record))


def test_one_expert_listed_twice_in_two_cases_is_listed_once_as_counted(tmp_path):
    record = _base("W-12")
    ids = [row["专家编号"] for row in record["专家抽取"]]
    record["专家抽取"][2]["专家编号"] = ids[3].lower()  # the third line now names the fourth line's expert in lower case
    found = _findings(tmp_path, record)
    shown = "、".join([*ids[:2], ids[3].lower(), *ids[4:]])  # the first writing of E004 is the one shown
    assert found["DRAW-SIZE-7"] == (
        "fail", "noncompliant",
        f"参加评审的专家（正选及替补）6 名（{shown}；重复列出：{ids[3]}），应为 7 名。")


def test_an_archive_answer_that_cannot_be_read_needs_review_without_an_empty_archive_said(tmp_path):
    record = _base("W-12")
    row = next(r for r in record["归档"] if r["材料名称"] == "会议纪要")
    row["是否归档"] = "复印件"
    found = _findings(tmp_path, record)
    outcome, grade, message = found["ARCH-LIST-9-FUNDS"]
    assert (outcome, grade) == ("missing", "needs_review")
    assert message.startswith("归档情况无法确认（是否归档填写不明：会议纪要（是否归档填写“复印件”，归档#")
    assert message.endswith("）。") and "归档表无记录" not in message
