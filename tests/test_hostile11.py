"""Hostile review 11 (branch hostile11) of `fundcheck audit`: each test failed on main (f3a3d10)
and states the defect and what should happen instead."""

from __future__ import annotations

import pytest

from tests.helpers import read_json, run_cli, sample_round, write_json
from tests.test_hostile6 import _audit, _finding, _step  # the same audit of one round record


def _meeting_detail(vote: str) -> str:
    return ("党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，"
            f"表决方式及结果：{vote}")  # quoted as written (h35)


# --- the 党组会 vote ------------------------------------------------------------------------------


@pytest.mark.parametrize("vote", ["表决结果：否决", "举手表决，多数不同意", "不同意", "无记名投票，赞成3票，反对4票",
                                  "同意3票，不同意3票，弃权1票"])
def test_a_party_meeting_vote_written_plainly_as_rejected_is_not_compliant(tmp_path, vote):
    """The W-12 sample round with the 党组会 row's 表决方式及结果 "表决结果：否决" (or "多数不同意",
    "不同意", "赞成3票，反对4票", a tie): compliant -- the rejection test looked only for the
    phrases 未通过/不通过/被否决/予以否决/暂缓…, so a bare 否决, 不同意 or a count with more votes
    against than for read as a decision taken. Seed 001:4072 "提交局党组会研究讨论", 001:2628
    "通过后报市政府审定": the round's later steps need a decision the meeting passed. Should:
    PROC-PARTY-MEETING fail (noncompliant) with its "党组会表决未通过" message quoting the vote;
    verdict noncompliant."""
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["表决方式及结果"] = vote
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-PARTY-MEETING")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == (f"党组会表决未通过：{_meeting_detail(vote)}；履职清单要求党组会研究“通过后”才进行后续程序，"
                                  "本轮缺少通过的决策。")
    assert document["verdict"] == "noncompliant"


@pytest.mark.parametrize("vote", ["举手表决，全票通过；丙科技公司暂缓认定", "同意7票，不同意0票，弃权0票，通过",
                                  "赞成6票，反对1票，通过", "经研究，同意", "全票通过，无反对、无暂缓意见"])
def test_a_party_meeting_that_passed_the_round_is_not_read_as_rejected(tmp_path, vote):
    """The W-12 sample round with 表决方式及结果 "举手表决，全票通过；丙科技公司暂缓认定" (the
    meeting passed the round and deferred one applicant): noncompliant, PROC-PARTY-MEETING "党组会
    表决未通过…本轮缺少通过的决策" -- any 暂缓 anywhere in the cell made the whole meeting a
    rejection. Seed 001:4072 "提交局党组会研究讨论": the meeting decided; deferring one enterprise is
    part of its decision (决议内容 lists those passed). Should: PROC-PARTY-MEETING pass quoting the
    vote; verdict compliant. The usual counts ("同意7票，不同意0票…通过") stay compliant."""
    record = sample_round("compliant_W-12")
    _step(record, "党组会")["表决方式及结果"] = vote
    document = _audit(tmp_path, record)
    finding = _finding(document, "PROC-PARTY-MEETING")
    assert (finding["outcome"], finding["grade"]) == ("pass", "compliant")
    assert finding["message"] == f"{_meeting_detail(vote)}。"
    assert document["verdict"] == "compliant"


# --- W-08: 公示无异议的行文认定 -----------------------------------------------------------------------


def _w08_model() -> dict:
    from checker.core.rulebook import load_rulebook

    import copy

    return copy.deepcopy(load_rulebook().bases["W-08-compliant"])


def _gate(tmp_path, record: dict, name: str) -> dict:
    path = write_json(tmp_path / f"{name}.json", record)
    result = run_cli("audit", path, "--out", tmp_path / f"{name}-out")
    assert result.exit_code in (0, 1), result.output
    return _finding(read_json(tmp_path / f"{name}-out" / "round.json"), "DISC-NO-OBJECTION-GATE")


def test_an_upheld_objection_whose_enterprise_was_dropped_before_recognition_is_the_seed_procedure(tmp_path):
    """The W-08 model round whose stage-1 公示 (甲公司、乙公司、丙公司) drew one objection,
    异议处理结果 "经核实，异议成立，取消丙公司认定资格", and whose 行文认定 then recognised 甲公司、乙公司
    only: DISC-NO-OBJECTION-GATE failed (noncompliant) "公示异议经处理成立，仍行文认定" -- yet the
    office did exactly what its own remedy asks ("应依处理结果调整名单后再行文认定"). Seed 001:2827
    "公示无异议的行文认定": the enterprises without a sustained objection are recognised. Should: pass
    (compliant), the message naming the enterprise left out; recognising 丙公司 anyway still fails."""
    record = _w08_model()
    record["公示"][0].update({"异议数": 1, "异议处理结果": "经核实，异议成立，取消丙公司认定资格"})
    recognition = _step(record, "行文认定")
    recognition["决议内容"] = "甲公司、乙公司"
    finding = _gate(tmp_path, record, "dropped")
    assert (finding["outcome"], finding["grade"]) == ("pass", "compliant")
    assert finding["message"] == ("公示无未处理异议后行文认定：公示结束 2020-05-19，异议数 1，异议处理结果：经核实，异议成立，"
                                  "取消丙公司认定资格，行文认定 2020-05-22；异议成立后行文认定未含：丙公司。")
    recognition["决议内容"] = "甲公司、乙公司、丙公司"
    finding = _gate(tmp_path, record, "kept")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert finding["message"] == ("公示异议经处理成立，仍行文认定：公示结束 2020-05-19，异议数 1，异议处理结果：经核实，异议成立，"
                                  "取消丙公司认定资格，行文认定 2020-05-22。")


# --- which clause a W-12 … W-16 round's report quotes -------------------------------------------

_OWN_CLAUSES = {  # the workflow's own lines for 会前三天 / 党组会, 会后三天 报送政工科和纪检组, 抽取7名专家
    "W-12": ("4072", "4075", "4066"), "W-13": ("4113", "4116", "4109"), "W-14": ("4154", "4157", "4150"),
    "W-15": ("4305", "4308", "4301"), "W-16": ("4346", "4349", "4342"),
}


@pytest.mark.parametrize("workflow", sorted(_OWN_CLAUSES))
def test_a_group_c_round_report_quotes_its_own_workflow_for_the_meeting_forms_and_draw(workflow):
    """The W-12 sample round's report (round.html) gives, as the source of "会前三天报送事中报告单",
    "经济运行监测科职责清单 › 冲击新目标后备库企业奖励资金项目申报工作流程：会前三天填写《“三重一大”
    事项报告单》…" (001:1999, another section's workflow), and for "决策情况（备案）表报送局政工科和
    纪检组" that workflow's 《决策情况备案表》 (001:2003), a form W-12 does not use: PROC-3I1L-MID,
    PROC-PARTY-MEETING, PROC-3I1L-POST and DRAW-SIZE-7 cite none of W-12 … W-16's own lines, so the
    report falls back to the rule's first citation. Seed 001:4072 "提交局党组会研究讨论,党组会前三天
    填写《“三重一大”事项报告单》(事中)并邀请派驻纪检监察组参会", 4075 "于会后三天报送局政工科和派驻
    纪检监察组", 4066 "随机抽取7名专家" (W-13 4109-4116, W-14 4150-4157, W-15 4301-4308, W-16
    4342-4349). Should: each of these findings in a W-12 … W-16 round quotes the workflow's own line."""
    from checker.core.rulebook import load_rulebook

    book = load_rulebook()
    sources = book.sources
    own = [c.model_dump() for c in book.workflow(workflow).citation]
    mid, post, draw = _OWN_CLAUSES[workflow]
    for rule_id, line in (("PROC-3I1L-MID", mid), ("PROC-PARTY-MEETING", mid), ("PROC-3I1L-POST", post),
                          ("PROC-3I1L-POST-3D", post), ("DRAW-SIZE-7", draw), ("DRAW-BY-ZGK", draw)):
        citations = [c.model_dump() for c in book.rules[rule_id].citation]
        shown = sources.relevant(citations, own)
        assert [c["lines"] for c in shown] == [line], (rule_id, shown)


# --- the archive: 是否归档 with a note --------------------------------------------------------------


def test_an_archive_answer_with_a_bracketed_note_is_read_as_its_yes_or_no(tmp_path):
    """The W-12 sample round whose 归档 row for 《“三重一大”事项报告单》（事中） says 是否归档
    "否（原件存纪检组）": needs review, ARCH-LIST-9-FUNDS "归档情况无法确认（是否归档填写不明…）" -- only a
    bare 是/否 was read, so a clerk's note turned a plain "not archived" into "unclear" (and
    "是（复印件）", which the seed allows: "有关材料(原件或复印件)", 001:4075, into needs review too).
    Seed 001:4077 "整理归档:…《“三重一大”事项报告单》(事中)…". Should: "否（…）" fail (noncompliant)
    "以下材料未归档：《“三重一大”事项报告单》（事中）。"; "是（复印件）" pass."""
    record = sample_round("compliant_W-12")
    row = next(r for r in record["归档"] if "报告单" in r["材料名称"])
    row["是否归档"] = "否（原件存纪检组）"
    finding = _finding(_audit(tmp_path, record, name="no"), "ARCH-LIST-9-FUNDS")
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "fail", "noncompliant", "以下材料未归档：《“三重一大”事项报告单》（事中）。")
    row["是否归档"] = "是（复印件）"
    document = _audit(tmp_path, record, name="yes")
    finding = _finding(document, "ARCH-LIST-9-FUNDS")
    assert (finding["outcome"], finding["grade"], finding["message"]) == ("pass", "compliant", "规定材料均已归档。")
    assert document["verdict"] == "compliant"
