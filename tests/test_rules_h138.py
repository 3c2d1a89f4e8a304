"""Helper h138: the rules' own words for a stage-aware round fact that the record's 阶段 leaves open.

h135 made a fact whose result depends on which stage a row of unknown 阶段 belongs to (W-08: 阶段 unreadable, or no
阶段 anywhere) take the word `stage_unread` (checker/audit/facts/common.py stage_decided). No rule branch named it, so
each rule fell to its `default: missing` ("事中报告的记录不完整，无法判断。", "两阶段程序无法判断。", "公示记录无法判断。"…),
which told an inspector nothing of why. Now every fact that takes the word declares it (rules/facts/round.yaml) and
every rule reading one says in its own branch that the rows' 阶段 is not written or cannot be read, that the
conclusion turns on it, what the record holds as read, and to fill 阶段 with 1 or 2.
"""

from __future__ import annotations

import json
import re

import yaml

from checker.audit.facts.common import FAIL_WORDS, STAGE_FACTS
from checker.core.rulebook import load_rulebook
from checker.fixtures import audit_fixture
from tests.helpers import ROOT, run_cli, write_json

BOOK = load_rulebook()

# the rule files that read a fact taking stage_unread (post_state: not in STAGE_FACTS, but its rows are staged)
OWN = ["procedure/PROC-3I1L-MID", "procedure/PROC-PARTY-MEETING", "procedure/PROC-TWO-STAGE", "procedure/PROC-3I1L-POST-3D",
       "procedure/PROC-3I1L-POST", "disclosure/DISC-REQUIRED", "disclosure/DISC-PERIOD", "disclosure/DISC-AFTER-DECISION",
       "disclosure/DISC-NO-OBJECTION-GATE", "disclosure/DISC-CONTENT-MATCH", "disclosure/DISC-STAGE2-RECOGNISED",
       "disclosure/DISC-OBJECTIONS-HANDLED", "disclosure/DISC-CHANNEL-WEBSITE"]
UNREAD_FACTS = sorted({*STAGE_FACTS, *FAIL_WORDS, "post_state"})

_LEAD = "取决于这些行属于第1阶段还是第2阶段，无法判断"
_MAYBE = "其中“未记录”可能只是阶段不明所致"
_MID_STAGE_ONE = "第1阶段事中报告 2020-04-16，党组会 2020-04-22，相隔 6 个自然日；自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17"


def _base(workflow: str) -> dict:
    return yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / f"{workflow}-compliant.yaml").read_text(encoding="utf-8"))


UNPLACED_LEAD = "（阶段不明的行："


def without_unplaced(message: str) -> tuple[str, str]:
    """(the message without the rows it names as of unknown 阶段, those rows): h143 added them after 无法判断; the
    words around them are this file's subject, the rows tests/test_hostile_h143.py's and test_stage_rows_s29's."""
    at = message.find(UNPLACED_LEAD)
    if at < 0:
        return message, ""
    depth, end = 0, at
    for end in range(at, len(message)):
        depth += {"（": 1, "）": -1}.get(message[end], 0)
        if depth == 0:
            break
    return message[:at] + message[end + 1:], message[at + len(UNPLACED_LEAD):end]


def _rules_found(tmp_path, record: dict) -> tuple[str, dict[str, tuple[str, str, str]]]:
    """The verdict, and the PROC-/DISC- findings that weigh on it (the rules this helper owns), each message without
    the rows of unknown 阶段 it names (see without_unplaced)."""
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    found = {f["rule_id"]: (f["outcome"], f["grade"], without_unplaced(f["message"])[0]) for f in document["findings"]
             if f["rule_id"].startswith(("PROC-", "DISC-")) and f["grade"] != "compliant"}
    return document["verdict"], found


def _mid(detail: str) -> tuple[str, str, str]:
    return ("missing", "needs_review", f"有事中报告或党组会行的“阶段”未填写或无法识别，事中报告单是否按规定报送{_LEAD}；"
                                       f"以下暂按这些行属于第1阶段列出，{_MAYBE}：{detail}。")


def _meeting(detail: str) -> tuple[str, str, str]:
    return ("missing", "needs_review", f"有党组会行的“阶段”未填写或无法识别，各阶段是否都有党组会及其会议纪要文号、表决结果和纪检组意见，"
                                       f"{_LEAD}；以下暂按这些行属于第1阶段列出，{_MAYBE}：{detail}。")


def _two_stage(detail: str) -> tuple[str, str, str]:
    return ("missing", "needs_review", f"有事中报告、党组会或公示记录的“阶段”未填写或无法识别，第二阶段（奖励）是否有自己的事中报告、"
                                       f"党组会和公示，{_LEAD}；以下暂按这些行属于第1阶段列出，{_MAYBE}：{detail}。")


def _post3d(detail: str) -> tuple[str, str, str]:
    return ("missing", "needs_review", f"有党组会或决策备案行的“阶段”未填写或无法识别，决策情况表是否在会后 3 天内报送，{_LEAD}；"
                                       f"以下暂将阶段不明的党组会按第1阶段、决策备案按最后一次党组会后的备案列出，{_MAYBE}：{detail}。")


def _after(detail: str) -> tuple[str, str, str]:
    return ("missing", "needs_review", f"有公示或党组会记录的“阶段”未填写或无法识别，各阶段的公示是否在本阶段党组会决定之后开始，{_LEAD}；"
                                       f"以下暂按这些行属于第1阶段列出，{_MAYBE}：{detail}。")


_MATCH = ("missing", "needs_review", f"有公示或党组会记录的“阶段”未填写或无法识别，各阶段公示名单是否与本阶段党组会决议名单一致，{_LEAD}；"
                                     "暂按这些行属于第1阶段比对，名单差异：无。")
_REQUIRED = ("missing", "needs_review", f"有公示记录的“阶段”未填写或无法识别，各阶段是否都已公示（应公示：第1阶段、第2阶段），{_LEAD}；"
                                        "暂按这些行属于第1阶段核对，缺少：第2阶段，这可能只是阶段不明所致。")
_PERIOD = ("missing", "needs_review", f"有公示记录的“阶段”未填写或无法识别，公示期的核对结论{_LEAD}；以下暂按这些行属于第1阶段列出："
                                      "第1阶段公示 2020-05-11 至 2020-05-19（公示#1.开始日期）：7 个工作日、9 个自然日（首尾均计）；"
                                      "第1阶段公示 2020-06-17 至 2020-06-24（公示#2.开始日期）：6 个工作日、8 个自然日（首尾均计）。")
_GATE = ("missing", "needs_review", f"有公示或党组会记录的“阶段”未填写或无法识别，第一阶段是否在本阶段公示期满且无未处理异议后才行文认定、"
                                    f"是否只认定本阶段公示的企业，{_LEAD}；以下暂按这些行属于第1阶段列出：公示结束 2020-05-19（公示#1.结束日期），"
                                    "异议数 0，异议处理结果：未填；公示结束 2020-06-24（公示#2.结束日期），异议数 0，异议处理结果：未填，行文认定 2020-05-22。")
_BOTH_DISCLOSURES_IN_STAGE_ONE = ("第1阶段党组会 2020-04-22，公示开始 2020-05-11（公示#1.开始日期）；第1阶段党组会 2020-04-22，"
                                  "公示开始 2020-06-17（公示#2.开始日期）；第2阶段未记录公示")


# --- the vocabulary and the rules name the word -----------------------------------------------------------------


def test_every_fact_that_can_be_unread_for_its_stage_declares_the_word():
    words = {name: spec.type for name, spec in BOOK.vocabulary.facts["round"].items()}
    lacking = [name for name in UNREAD_FACTS if words[name] is not int and "stage_unread" not in words[name]]
    assert lacking == []


def test_every_rule_reading_such_a_fact_has_a_branch_of_its_own_for_it():
    # a rule left to its default said "…无法判断。" and nothing of why
    lacking = []
    for rule_id, rule in sorted(BOOK.rules.items()):
        path = next(ROOT.glob(f"rules/*/{rule_id}.yaml"))
        text = path.read_text(encoding="utf-8")
        for fact in UNREAD_FACTS:
            if re.search(rf"fact: {fact}\b", text) and BOOK.vocabulary.facts["round"][fact].type is not int \
                    and not re.search(rf"\{{fact: {fact}, eq: stage_unread\}}", text):
                lacking.append((rule_id, fact))
    assert lacking == []


def test_every_rule_file_holds_each_key_once():
    # DISC-REQUIRED said `default:` and `default_message:` twice (the YAML loader keeps the last one silently)
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        assert len(keys) == len(set(keys)), (node.start_mark, sorted(k for k in set(keys) if keys.count(k) > 1))
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    # every file of the rulebook (DRAW-BY-ZGK and DRAW-SIZE-7 said theirs twice too): a key written twice with
    # another value would be dropped unseen, as a conditions file's is refused for
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)


# --- whole rounds ------------------------------------------------------------------------------------------------


def test_a_two_stage_record_without_any_stage_says_why_in_every_rule(tmp_path):
    record = _base("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    verdict, found = _rules_found(tmp_path, record)
    assert (verdict, found) == ("needs_review", {
        # were "事中报告的记录不完整，无法判断。", "党组会记录不完整，无法判断。", "两阶段程序无法判断。", "决策备案时限无法判断。",
        # "公示记录无法判断。", "公示期无法判断。", "先后无法判断。", "异议关口无法判断。", "名单比对无法判断。", "两阶段名单无法比对。"
        "PROC-3I1L-MID": _mid(f"{_MID_STAGE_ONE}；第2阶段党组会 （未记录）"),
        "PROC-PARTY-MEETING": _meeting("第1阶段党组会 2020-04-22（流程节点#12.日期），会议纪要文号：党组会纪要〔2020〕5号，"
                                       "表决方式及结果：举手表决，全票通过；第2阶段未记录党组会"),
        "PROC-TWO-STAGE": _two_stage("第2阶段已记录：无；未记录：事中报告、党组会、公示"),
        "PROC-3I1L-POST-3D": _post3d("第2阶段党组会 （未记录）"),
        # an integer fact (step_order_violations) cannot carry the word: see the report of h138
        "PROC-STEP-ORDER": ("missing", "needs_review", "节点顺序无法判断：有节点的“阶段”未填写或无法识别，节点先后是否符合规定取决于这些行属于哪一阶段。"),
        "DISC-REQUIRED": _REQUIRED,
        "DISC-PERIOD": _PERIOD,
        "DISC-AFTER-DECISION": _after(_BOTH_DISCLOSURES_IN_STAGE_ONE),
        "DISC-NO-OBJECTION-GATE": _GATE,
        "DISC-CONTENT-MATCH": _MATCH,
        "DISC-STAGE2-RECOGNISED": ("missing", "needs_review", "有党组会或公示记录的“阶段”未填写或无法识别，哪些企业属第一阶段认定名单、"
                                   f"哪些属第二阶段奖励名单，{_LEAD}；以下暂按这些行属于第1阶段列出，{_MAYBE}："
                                   "第一阶段认定名单：丙公司、乙公司、甲公司；第二阶段奖励名单：（未记录）。"),
    })


def test_an_unreadable_stage_on_the_second_meeting(tmp_path):
    record = _base("W-08")
    next(r for r in record["流程节点"] if r["节点"] == "党组会" and r.get("阶段") == 2)["阶段"] = "是"
    verdict, found = _rules_found(tmp_path, record)
    assert (verdict, found) == ("needs_review", {
        "PROC-3I1L-MID": _mid(f"{_MID_STAGE_ONE}；第2阶段党组会 （未记录）"),
        "PROC-PARTY-MEETING": _meeting("第1阶段党组会 2020-04-22（流程节点#12.日期），会议纪要文号：党组会纪要〔2020〕5号，"
                                       "表决方式及结果：举手表决，全票通过；第2阶段未记录党组会"),
        "PROC-TWO-STAGE": _two_stage("第2阶段已记录：事中报告、公示；未记录：党组会"),
        "PROC-3I1L-POST-3D": _post3d("第2阶段党组会 （未记录）"),
        "DISC-AFTER-DECISION": _after("第1阶段党组会 2020-04-22，公示开始 2020-05-11；第2阶段党组会 （未记录），公示开始 2020-06-17"),
        "DISC-CONTENT-MATCH": _MATCH,
    })


def test_an_unreadable_stage_on_the_second_disclosure(tmp_path):
    record = _base("W-08")
    record["公示"][1]["阶段"] = "是"
    verdict, found = _rules_found(tmp_path, record)
    assert (verdict, found) == ("needs_review", {
        "PROC-TWO-STAGE": _two_stage("第2阶段已记录：事中报告、党组会；未记录：公示"),
        "DISC-REQUIRED": _REQUIRED,
        "DISC-PERIOD": _PERIOD,
        "DISC-AFTER-DECISION": _after(_BOTH_DISCLOSURES_IN_STAGE_ONE),
        "DISC-NO-OBJECTION-GATE": _GATE,
        "DISC-CONTENT-MATCH": _MATCH,
    })


def test_filing_rows_whose_recipients_turn_on_an_unreadable_stage(tmp_path):
    # stage 2's filing went to 局政工科 only, another row (阶段 是) to the 纪检组: in stage 2 both had it, the filing
    # recipients were complete; in stage 1 the stage-2 form never reached the 纪检组 (and that row is two months late)
    record = _base("W-08")
    filing = next(r for r in record["流程节点"] if r["节点"] == "决策备案")
    filing["阶段"], filing["报送对象"] = 2, "局政工科"
    record["流程节点"].append({"节点": "决策备案", "日期": "2020-06-18", "阶段": "是", "文号/材料": "《“三重一大”事项决策情况表》",
                           "报送对象": "派驻纪检监察组"})
    verdict, found = _rules_found(tmp_path, record)
    assert (verdict, found) == ("needs_review", {
        # was "决策备案记录不完整，无法判断。"
        "PROC-3I1L-POST": ("missing", "needs_review", "有决策备案行的“阶段”未填写或无法识别，各阶段的决策情况（备案）表是否都报送了"
                                                      f"局政工科、派驻纪检监察组，{_LEAD}（已记录的报送对象：“局政工科；派驻纪检监察组”）。"),
        "PROC-3I1L-POST-3D": _post3d("第2阶段党组会 2020-06-16，决策备案 2020-06-18；自然日口径截止 2020-06-19，工作日口径截止 2020-06-19"),
    })


# --- the two rules no two-stage workflow audits (their fixtures: the W-08 base, over 64 placements) ----------------


def test_the_channel_and_objection_rules_name_the_word_too():
    found = {}
    # the channel is read from every 公示 row whatever its stage (h143): that fixture passes
    for rule_id, name in (("DISC-CHANNEL-WEBSITE", "pass_w08_many_rows_without_stage"),
                          ("DISC-OBJECTIONS-HANDLED", "missing_w08_many_rows_without_stage")):
        fixture = next(f for f in BOOK.rules[rule_id].fixtures if f.name == name)
        result = audit_fixture(BOOK, fixture, rule_ids=[rule_id])
        finding = next(f for f in result.findings if f["rule_id"] == rule_id)
        found[rule_id] = (finding["outcome"], finding["grade"], without_unplaced(finding["message"])[0])
    assert found == {
        "DISC-CHANNEL-WEBSITE": ("pass", "compliant", "在市工信局网站公示：市工信局网站（公示#1.渠道）；市工信局网站（公示#2.渠道）。"),
        "DISC-OBJECTIONS-HANDLED": ("missing", "needs_review", f"有公示记录的“阶段”未填写或无法识别，应核对哪些公示的异议处理，{_LEAD}："
                                                               "公示 2020-05-11 至 2020-05-19（公示#1.开始日期），异议数 0，异议处理结果：未填；"
                                                               "公示 2020-06-17 至 2020-06-24（公示#2.开始日期），异议数 0，异议处理结果：未填。"),
    }
