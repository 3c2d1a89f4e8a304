"""Reviewer h47: regressions and overreach in the merges after 3a55d82 (h44, h45, the lead's)."""

from __future__ import annotations

import pytest

# ---------------------------------------------------------------- 会签 signed, no need to send back


@pytest.mark.parametrize("written", ["市发展改革委、市水务局已送会签并签回，无需退回、市市场监管局",
                                     "市发展改革委、市水务局（已会签，未被退回）、市市场监管局"])
def test_a_countersign_with_no_need_to_send_back_is_a_countersignature(written, tmp_path):
    """市水务局已送会签并签回，无需退回 failed PROC-COUNTERSIGN (会签未含市水务局): 退回 inside 无需退回 (or
    未被退回) was read as the unit sending the draft back. Such a clause says there was no refusal."""
    from tests.helpers import base_round
    from tests.test_hostile_h38 import BOOK, _audit_record

    record = base_round(BOOK, "W-21-compliant")
    record["流程节点"][1]["报送对象"] = written
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-COUNTERSIGN"]
    assert (finding["outcome"], finding["grade"], finding["message"], finding["evidence"]["会签"], result.verdict) == (
        "pass", "compliant",
        f"会签完整（市发展改革委、市水务局、市市场监管局）：“联合发文”（2021-03-05）前已会签：2021-03-03 {written}（流程节点#2.日期）。",
        "2021-03-03", "compliant")


@pytest.mark.parametrize("written", ["市发展改革委、市水务局已送会签，被退回、市市场监管局",
                                     "市发展改革委、市水务局（已送会签，退回修改）、市市场监管局"])
def test_a_countersign_sent_back_is_still_no_countersignature(written, tmp_path):
    from tests.helpers import base_round
    from tests.test_hostile_h38 import BOOK, _audit_record

    record = base_round(BOOK, "W-21-compliant")
    record["流程节点"][1]["报送对象"] = written
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-COUNTERSIGN"]
    assert (finding["outcome"], finding["grade"], finding["message"], result.verdict) == (
        "fail", "noncompliant",
        f"会签单位不全（应为市发展改革委、市水务局、市市场监管局）：“联合发文”（2021-03-05）前的会签未含市水务局：2021-03-03 {written}（流程节点#2.日期）。",
        "noncompliant")
