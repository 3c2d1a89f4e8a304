"""A rule that cannot judge a two-stage round because rows' 阶段 is unwritten names those rows in its own message
(h143's facts `{<fact>_unplaced}` and `{stage_unplaced}`, placed by the lead in each rule's stage_unread branch):
before, only INP-ROUND-NO-STAGE named them, and an inspector reading PROC-/DISC- findings saw "无法判断" alone."""

from __future__ import annotations

import json

from tests.helpers import run_cli, write_json
from tests.test_rules_h138 import _base, without_unplaced

_ALL = ("事中报告（流程节点#11.日期）、党组会（流程节点#12.日期）、事中报告（流程节点#14.日期）、党组会（流程节点#15.日期）、"
        "公示（公示#1.开始日期）、公示（公示#2.开始日期）")
_MEETINGS = "党组会（流程节点#12.日期）、党组会（流程节点#15.日期）"
_DISCLOSURES = "公示（公示#1.开始日期）、公示（公示#2.开始日期）"


def test_each_rule_names_the_rows_its_conclusion_turns_on(tmp_path):
    record = _base("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "o", "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((tmp_path / "o" / "round.json").read_text(encoding="utf-8"))
    named = {f["rule_id"]: without_unplaced(f["message"])[1] for f in document["findings"]
             if f["rule_id"].startswith(("PROC-", "DISC-")) and f["grade"] != "compliant"}
    assert named == {
        "PROC-3I1L-MID": _ALL, "PROC-PARTY-MEETING": _ALL, "PROC-TWO-STAGE": _ALL, "PROC-STEP-ORDER": _ALL,
        "PROC-3I1L-POST-3D": _MEETINGS,
        "DISC-REQUIRED": _DISCLOSURES, "DISC-PERIOD": _DISCLOSURES, "DISC-NO-OBJECTION-GATE": _DISCLOSURES,
        "DISC-AFTER-DECISION": f"{_MEETINGS}、{_DISCLOSURES}", "DISC-CONTENT-MATCH": f"{_MEETINGS}、{_DISCLOSURES}",
        "DISC-STAGE2-RECOGNISED": f"{_MEETINGS}、{_DISCLOSURES}",
    }
    order = next(f for f in document["findings"] if f["rule_id"] == "PROC-STEP-ORDER")
    assert order["message"] == (f"节点顺序无法判断：有节点的“阶段”未填写或无法识别（阶段不明的行：{_ALL}），"
                                "节点先后是否符合规定取决于这些行属于哪一阶段。")
