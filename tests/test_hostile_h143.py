"""Helper h143: fund-round audits (fundcheck audit) and the draw's random source, hostile review.

1. disc_channel_state was among the facts of a stage (facts/common.STAGE_FACTS): a W-08 record whose rows' 阶段 is
   unwritten, with over 64 placements to try, left the 公示 channel unread although the channel does not depend on the
   stage (every 公示 row's 渠道 is read) and every row named the bureau's website.
2. A rule's stage_unread message named no rows (only INP-ROUND-NO-STAGE did): the facts now give the rows the
   conclusion turns on ({<fact>_unplaced}, and {stage_unplaced} for every such row) for the rules' messages.
3. `--random-source` with a 双色球 result written as announced, the blue ball after “+”, was refused with the generic
   error; it is read (one source, the blue ball with the red ones, as the README's "3 9 14 22 27 31 8").
"""

from __future__ import annotations

import json

import yaml

from checker.audit.evaluate import RoundAuditor
from checker.audit.record import record_from_mapping
from checker.core.rulebook import load_rulebook
from checker.draw.rfc3797 import parse_source
from checker.errors import InputError
from checker.fixtures import FIXTURE_ENGINES
from tests.helpers import ROOT, SAMPLES, run_cli, write_json

BOOK = load_rulebook()


def _base(workflow: str) -> dict:
    return yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / f"{workflow}-compliant.yaml").read_text(encoding="utf-8"))


def _found(record: dict, rule_id: str, book=BOOK) -> set[tuple[str, str, str]]:
    """The rule's finding (outcome, grade, message) under each engine the fixtures run (one set: they agree)."""
    found = set()
    for engine in FIXTURE_ENGINES:
        read = record_from_mapping(record, book.vocabulary.step_keys, source="h143", repeating=book.vocabulary.repeating_steps)
        result = RoundAuditor(book, engine=engine, workflow_override="W-08").evaluate(read, rule_ids=[rule_id])
        finding = next(f for f in result.findings if f["rule_id"] == rule_id)
        found.add((finding["outcome"], finding["grade"], finding["message"]))
    return found


def _many_rows_without_stage() -> dict:
    """The W-08 model with ten rows of no 阶段 (DISC-CHANNEL-WEBSITE's fixture missing_w08_many_rows_without_stage):
    2 ** 10 placements, over the 64 facts/common.py tries one by one."""
    record = _base("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    record["流程节点"] += [{"节点": "公示开始", "日期": "2020-05-11"}, {"节点": "公示结束", "日期": "2020-05-19"},
                       {"节点": "公示开始", "日期": "2020-06-17"}, {"节点": "公示结束", "日期": "2020-06-24"}]
    return record


# --- 1. the 公示 channel is no fact of a stage ------------------------------------------------------------------


def test_the_channel_of_a_record_of_many_unplaced_rows_is_read():
    # was: ("missing", "needs_review", "有公示记录的“阶段”未填写或无法识别，且这样的行较多，审计未能逐一核对各行属于哪一阶段，
    # 公示渠道无法判断：…"), though both rows name the website
    assert _found(_many_rows_without_stage(), "DISC-CHANNEL-WEBSITE") == {
        ("pass", "compliant", "在市工信局网站公示：市工信局网站（公示#1.渠道）；市工信局网站（公示#2.渠道）。")}


def test_a_channel_that_is_not_the_website_fails_whatever_the_stages():
    record = _many_rows_without_stage()
    record["公示"][1]["渠道"] = "微信公众号"
    assert _found(record, "DISC-CHANNEL-WEBSITE") == {
        ("fail", "noncompliant", "公示渠道不是市工信局网站：市工信局网站（公示#1.渠道）；微信公众号（公示#2.渠道）。")}


# --- 2. the rows a stage_unread conclusion turns on --------------------------------------------------------------


def test_the_stage_unread_message_names_the_rows_it_turns_on():
    # the rules' own messages (the lead placed the rows after 无法判断 in each stage_unread branch)
    record = _base("W-08")
    next(r for r in record["流程节点"] if r["节点"] == "事中报告" and r.get("阶段") == 2)["阶段"] = "3"
    assert _found(record, "PROC-3I1L-MID") == {(
        "missing", "needs_review",
        "有事中报告或党组会行的“阶段”未填写或无法识别，事中报告单是否按规定报送取决于这些行属于第1阶段还是第2阶段，无法判断"
        "（阶段不明的行：事中报告（流程节点#14.日期，阶段“3”））；以下暂按这些行属于第1阶段列出，其中“未记录”可能只是阶段不明所致："
        "第1阶段事中报告 2020-04-16，党组会 2020-04-22，相隔 6 个自然日；自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17；"
        "第2阶段事中报告 （未记录），党组会 2020-06-16；自然日口径最迟 2020-06-13，工作日口径最迟 2020-06-11。")}


def test_a_record_without_stages_names_only_the_rows_each_conclusion_turns_on():
    # no 阶段 anywhere: the 公示 rows decide nothing of the 党组会's 会后三天, the 事中报告 rows nothing of the 公示
    record = _base("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    assert _found(record, "DISC-REQUIRED") == {(
        "missing", "needs_review",
        "有公示记录的“阶段”未填写或无法识别，各阶段是否都已公示（应公示：第1阶段、第2阶段），取决于这些行属于第1阶段还是第2阶段，"
        "无法判断（阶段不明的行：公示（公示#1.开始日期）、公示（公示#2.开始日期））；暂按这些行属于第1阶段核对，缺少：第2阶段，"
        "这可能只是阶段不明所致。")}


def test_every_unplaced_row_for_a_branch_reading_several_facts():
    record = _base("W-08")
    for row in [*record["流程节点"], *record["公示"]]:
        row.pop("阶段", None)
    ((outcome, grade, message),) = _found(record, "PROC-3I1L-MID")
    assert (outcome, grade, message.partition("）；以下")[0]) == (
        "missing", "needs_review",
        "有事中报告或党组会行的“阶段”未填写或无法识别，事中报告单是否按规定报送取决于这些行属于第1阶段还是第2阶段，无法判断（阶段不明的行："
        "事中报告（流程节点#11.日期）、党组会（流程节点#12.日期）、事中报告（流程节点#14.日期）、党组会（流程节点#15.日期）、"
        "公示（公示#1.开始日期）、公示（公示#2.开始日期）")


# --- 3. a 双色球 result with its blue ball after “+” -------------------------------------------------------------


def test_the_blue_ball_after_a_plus_is_part_of_the_source():
    assert [parse_source(text) for text in ("3 9 14 22 27 31+8", "03 09 14 22 27 31 + 08", "３ ９ １４ ２２ ２７ ３１＋８",
                                            "05 12 19 28 33 + 02 09")] == [
        [3, 9, 14, 22, 27, 31, 8], [3, 9, 14, 22, 27, 31, 8], [3, 9, 14, 22, 27, 31, 8], [5, 12, 19, 28, 33, 2, 9]]


def test_a_plus_without_a_number_on_one_side_is_refused_saying_how_to_write_it():
    said = []
    for text in ("3 9 14 22 27 31+", "+8", "3 9 14 22 27 31++8"):
        try:
            parse_source(text)
        except InputError as error:
            said.append(str(error))
    assert said == [f"随机数来源「{text}」中“+”的前后都应有号码：双色球请写作 \"3 9 14 22 27 31+8\" 或 \"3 9 14 22 27 31 8\""
                    "（蓝球写在红球之后，与红球同属一个来源）；请核对是否漏填号码。"
                    for text in ("3 9 14 22 27 31+", "+8", "3 9 14 22 27 31++8")]


def test_a_draw_with_the_blue_ball_after_a_plus_is_the_draw_of_the_readme_example(tmp_path):
    records = []
    for name, source in (("a", "03 09 14 22 27 31 + 08"), ("b", "3 9 14 22 27 31 8")):
        result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", f"R-{name}",
                         "--ledger", tmp_path / f"{name}.db", "-o", tmp_path / f"{name}.json", "--random-source", source,
                         "--source-name", "双色球 第2025060期", "-q")
        assert result.exit_code == 0, result.output
        records.append(json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8")))
    assert [r["seed"]["sources"] for r in records] == [[{"name": "双色球 第2025060期", "numbers": [3, 9, 14, 22, 27, 31, 8]}]] * 2
    assert records[0]["seed"]["key"] == records[1]["seed"]["key"] == "3.8.9.14.22.27.31./"
    assert records[0]["panel"] == records[1]["panel"]


def test_the_cli_refuses_a_trailing_plus_with_its_message(tmp_path):
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "3 9 14 22 27 31+")
    assert (result.exit_code, result.output.strip()) == (
        2, "错误：随机数来源「3 9 14 22 27 31+」中“+”的前后都应有号码：双色球请写作 \"3 9 14 22 27 31+8\" 或 "
           "\"3 9 14 22 27 31 8\"（蓝球写在红球之后，与红球同属一个来源）；请核对是否漏填号码。")
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()


# --- 4. the 党组会 as minutes write it ----------------------------------------------------------------------------


def _meeting_finding(tmp_path, vote: str, opinion: str) -> tuple[str, str, str]:
    record = _base("W-12")
    meeting = next(r for r in record["流程节点"] if r["节点"] == "党组会")
    meeting["表决方式及结果"], meeting["纪检组意见"] = vote, opinion
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-PARTY-MEETING")
    return finding["outcome"], finding["grade"], finding["message"]


def test_a_vote_and_an_opinion_saying_there_was_no_dissent_pass(tmp_path):
    # were: 党组会表决未通过：…；履职清单要求党组会研究“通过后”才进行后续程序，本轮缺少通过的决策。(不合规), and
    # 党组会作出决定时派驻纪检监察组记有不同意见：党组会 2020-04-22 纪检组意见：无不同意见… (需人工复核)
    found = {}
    for at, (vote, opinion) in enumerate((("举手表决，全票通过，不同意见：无", "无不同意见"),
                                          ("同意6人，不同意1人", "同意，无不同意见"),
                                          ("表决通过（其中1家暂缓）", "未提出不同意见"),
                                          ("无记名投票，同意7票，不同意票0", "不同意见：无"),
                                          ("举手表决，一致通过。不通过票：0", "未发现违反程序问题"))):
        (tmp_path / str(at)).mkdir()
        found[vote] = _meeting_finding(tmp_path / str(at), vote, opinion)
    assert found == {vote: ("pass", "compliant", f"党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，"
                                                  f"表决方式及结果：{vote}。") for vote in found}


def test_a_vote_lost_by_members_and_a_dissent_still_say_so(tmp_path):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
    # ten against: no “0人反对” read in “10人反对”
    assert _meeting_finding(tmp_path / "c", "同意2人，10人反对", "无异议") == (
        "fail", "noncompliant", "党组会表决未通过：党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，"
                                "表决方式及结果：同意2人，10人反对；履职清单要求党组会研究“通过后”才进行后续程序，本轮缺少通过的决策。")
    assert _meeting_finding(tmp_path / "a", "同意3人，不同意5人", "无异议") == (
        "fail", "noncompliant", "党组会表决未通过：党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号，"
                                "表决方式及结果：同意3人，不同意5人；履职清单要求党组会研究“通过后”才进行后续程序，本轮缺少通过的决策。")
    assert _meeting_finding(tmp_path / "b", "全票通过", "未发现问题，但建议暂缓") == (
        "fail", "needs_review", "党组会作出决定时派驻纪检监察组记有不同意见：党组会 2020-04-22 纪检组意见：未发现问题，但建议暂缓"
                                "（流程节点#11.纪检组意见）；履职清单未规定纪检组提出异议后如何处理，本轮仍按决定执行，需核实异议的处理情况。")


# --- 5. the 公示 as offices keep it -------------------------------------------------------------------------------


def _w09_finding(tmp_path, rule_id: str, **disclosure) -> tuple[str, str, str]:
    record = _base("W-09")
    record["公示"][0].update(disclosure)
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in document["findings"] if f["rule_id"] == rule_id)
    return finding["outcome"], finding["grade"], finding["message"]


def test_the_bureau_website_written_as_offices_write_it(tmp_path):
    # were: 公示渠道不是市工信局网站：市工信局官网（公示#1.渠道）。(不合规)
    found = {}
    for at, channel in enumerate(("市工信局官网", "威海市工业和信息化局 HTTP://GXJ.WEIHAI.GOV.CN", "市工信局微信公众号")):
        (tmp_path / str(at)).mkdir()
        found[channel] = _w09_finding(tmp_path / str(at), "DISC-CHANNEL-WEBSITE", 渠道=channel)
    assert found == {
        "市工信局官网": ("pass", "compliant", "在市工信局网站公示：市工信局官网（公示#1.渠道）。"),
        "威海市工业和信息化局 HTTP://GXJ.WEIHAI.GOV.CN": (
            "pass", "compliant", "在市工信局网站公示：威海市工业和信息化局 HTTP://GXJ.WEIHAI.GOV.CN（公示#1.渠道）。"),
        "市工信局微信公众号": ("fail", "noncompliant", "公示渠道不是市工信局网站：市工信局微信公众号（公示#1.渠道）。"),
    }


def test_a_disclosure_list_written_as_notices_write_it_matches_the_decision(tmp_path):
    # each was 公示名单与决议名单不一致：决议有而公示无：丙公司；公示有而决议无：丙公司(共3家)。 and the like (不合规)
    written = ("甲公司、乙公司、丙公司（共3家）", "甲公司、乙公司、丙公司等3家企业", "共3家：甲公司、乙公司、丙公司", "甲公司、乙公司、丙公司。",
               "甲公司、乙公司和丙公司", "甲公司、乙公司及丙公司", "甲公司、乙公司、丙公司（排名不分先后）", "甲公司（第1名）、乙公司、丙公司")
    found = {}
    for at, names in enumerate(written):
        (tmp_path / str(at)).mkdir()
        found[names] = _w09_finding(tmp_path / str(at), "DISC-CONTENT-MATCH", 公示名单=names)
    assert found == {names: ("pass", "compliant", "公示名单与决议名单一致。") for names in written}
    (tmp_path / "short").mkdir()
    assert _w09_finding(tmp_path / "short", "DISC-CONTENT-MATCH", 公示名单="甲公司、乙公司。") == (
        "fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：丙公司。")


def test_a_decision_listing_its_enterprises_under_a_heading_matches_the_disclosure(tmp_path):
    # was: 公示名单与决议名单不一致：决议有而公示无：拟认定企业:甲公司；公示有而决议无：甲公司。(不合规)
    record = _base("W-09")
    next(r for r in record["流程节点"] if r["节点"] == "党组会")["决议内容"] = "拟认定企业：甲公司、乙公司、丙公司"
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in document["findings"] if f["rule_id"] == "DISC-CONTENT-MATCH")
    assert (finding["outcome"], finding["grade"], finding["message"]) == ("pass", "compliant", "公示名单与决议名单一致。")


def test_a_result_copied_with_the_announcements_words_says_how_to_write_it():
    said = []
    for text in ("红球 3 9 14 22 27 31 蓝球 8", "开奖号码：3 9 14 22 27 31+8"):
        try:
            parse_source(text)
        except InputError as error:
            said.append(str(error))
    # was: 随机数来源「…」格式不正确：应为以空格或逗号分隔的非负整数，如 "9 18 26 34 41 45"。
    assert said == [f"随机数来源「{text}」含文字“{word}”：只填号码，双色球请写作 \"3 9 14 22 27 31+8\" 或 \"3 9 14 22 27 31 8\""
                    "（蓝球写在红球之后，与红球同属一个来源）。"
                    for text, word in (("红球 3 9 14 22 27 31 蓝球 8", "红球"), ("开奖号码：3 9 14 22 27 31+8", "开奖号码"))]


# --- 6. a round that stops after stage 1 ----------------------------------------------------------------------------


def test_an_unreadable_stage_in_a_round_of_stage_one_only_is_stage_one(tmp_path):
    # 轮次.本轮阶段 1: the round is judged for stage 1 only, so a row whose 阶段 cannot be read is stage 1's; it was tried
    # in stage 2 too: PROC-3I1L-MID "…取决于这些行属于第1阶段还是第2阶段，无法判断…" and PROC-STEP-ORDER needed review
    record = _base("W-08")
    record["轮次"]["本轮阶段"] = 1
    record["流程节点"] = [r for r in record["流程节点"] if r.get("阶段") != 2]
    record["公示"] = [r for r in record["公示"] if r.get("阶段") != 2]
    next(r for r in record["流程节点"] if r["节点"] == "决策备案")["日期"] = "2020-04-24"
    next(r for r in record["流程节点"] if r["节点"] == "事中报告")["阶段"] = "是"
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code == 1, result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    found = {f["rule_id"]: (f["outcome"], f["grade"], f["message"]) for f in document["findings"]
             if f["grade"] != "compliant" and f["rule_id"] != "DRAW-RANDOM"}
    assert found == {"INP-ROUND-VALUE": ("fail", "needs_review", "流程节点 第 11 行（流程节点#11.阶段）的值“是”无法识别，应为阶段编号 1 或 2。")}


def _meeting_row_finding(tmp_path, **cells) -> tuple[str, str, str]:
    record = _base("W-12")
    meeting = next(r for r in record["流程节点"] if r["节点"] == "党组会")
    for column, value in cells.items():
        if value is None:
            meeting.pop(column, None)
        else:
            meeting[column] = value
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-PARTY-MEETING")
    return finding["outcome"], finding["grade"], finding["message"]


def test_a_minutes_number_and_a_vote_kept_in_the_rows_other_cells_are_read_there(tmp_path):
    # no 会议纪要文号 / 表决方式及结果 column, the clerk writing them in 文号/材料 and 备注: was
    # 党组会已召开，但会议纪要文号或表决方式及结果未记录：…会议纪要文号：未填，表决方式及结果：未填。(需人工复核)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _meeting_row_finding(tmp_path / "a", 会议纪要文号=None, 表决方式及结果=None, 备注="举手表决，全票通过",
                                **{"文号/材料": "党组会纪要〔2020〕5号"}) == (
        "pass", "compliant", "党组会 2020-04-22（流程节点#11.日期），会议纪要文号：党组会纪要〔2020〕5号（流程节点#11.文号/材料），"
                             "表决方式及结果：举手表决，全票通过（流程节点#11.备注）。")
    # 文号/材料 naming no minutes is no minutes number
    assert _meeting_row_finding(tmp_path / "b", 会议纪要文号="", **{"文号/材料": "党组会汇报材料"}) == (
        "missing", "needs_review", "党组会已召开，但会议纪要文号或表决方式及结果未记录：党组会 2020-04-22（流程节点#11.日期），"
                                   "会议纪要文号：未填，表决方式及结果：举手表决，全票通过。")


def test_a_meeting_deferring_the_matter_in_its_remark_decides_nothing(tmp_path):
    record = _base("W-12")
    at, meeting = next((i, r) for i, r in enumerate(record["流程节点"]) if r["节点"] == "党组会")
    for column in ("会议纪要文号", "表决方式及结果"):
        meeting.pop(column)
    meeting.update({"备注": "举手表决，全票通过", "文号/材料": "党组会纪要〔2020〕5号"})
    record["流程节点"].insert(at, dict(meeting, 日期="2020-04-21", 备注="暂缓研究，待补充材料后再议",
                                      **{"文号/材料": "党组会纪要〔2020〕4号"}))
    out = tmp_path / "o"
    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", out, "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-PARTY-MEETING")
    # the meeting of 04-22 decided (the one of 04-21 deferred the matter, its 备注 says): not 表决未通过 (不合规)
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "pass", "compliant", "党组会 2020-04-22（流程节点#12.日期），会议纪要文号：党组会纪要〔2020〕5号（流程节点#12.文号/材料），"
                             "表决方式及结果：举手表决，全票通过（流程节点#12.备注）。")


def test_a_disclosure_kept_in_the_timeline_only_takes_its_channel_from_its_remark(tmp_path):
    # no 公示 sheet, the 公示开始 row's 备注 saying where: was 公示渠道未填写：（未填）（流程节点 第 10 行）。(需人工复核)
    found = []
    for at, remark in enumerate(("在市工信局网站公示", "公示通知")):
        record = _base("W-09")
        disclosure = record.pop("公示")[0]
        record["流程节点"] += [{"节点": "公示开始", "日期": disclosure["开始日期"], "备注": remark},
                           {"节点": "公示结束", "日期": disclosure["结束日期"]}]
        out = tmp_path / str(at)
        result = run_cli("audit", write_json(tmp_path / f"{at}.json", record), "--out", out, "--as-of", "2024-01-01")
        assert result.exit_code in (0, 1), result.output
        document = json.loads((out / "round.json").read_text(encoding="utf-8"))
        finding = next(f for f in document["findings"] if f["rule_id"] == "DISC-CHANNEL-WEBSITE")
        found.append((finding["outcome"], finding["grade"], finding["message"]))
    assert found == [("pass", "compliant", "在市工信局网站公示：在市工信局网站公示（流程节点#10.备注）。"),
                     # a remark naming no website leaves the channel unrecorded, as before (never “not the website”)
                     ("missing", "needs_review", "公示渠道未填写：（未填）（流程节点 第 10 行）。")]


def test_a_note_on_the_document_beside_a_recipient_does_not_unsay_it(tmp_path):
    # 报送对象 "派驻纪检监察组（非涉密件）": was 事中报告单的报送对象为“派驻纪检监察组（非涉密件）”，未报送派驻纪检监察组… (不合规)
    found = []
    for at, recipients in enumerate(("派驻纪检监察组（非涉密件）", "派驻纪检监察组（未报送）")):
        record = _base("W-12")
        next(r for r in record["流程节点"] if r["节点"] == "事中报告")["报送对象"] = recipients
        out = tmp_path / str(at)
        result = run_cli("audit", write_json(tmp_path / f"{at}.json", record), "--out", out, "--as-of", "2024-01-01")
        assert result.exit_code in (0, 1), result.output
        document = json.loads((out / "round.json").read_text(encoding="utf-8"))
        finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-3I1L-MID")
        found.append((finding["outcome"], finding["grade"], finding["message"]))
    detail = "事中报告 2020-04-16，党组会 2020-04-22，相隔 6 个自然日；自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17"
    assert found == [
        ("pass", "compliant", f"事中报告单按时报送“派驻纪检监察组（非涉密件）”（自然日口径，会前 3 天）：{detail}。"),
        # any other negation beside the recipient still says it was not sent (纪检组未签批, 市委组织部未会签 too)
        ("fail", "noncompliant", f"事中报告单的报送对象为“派驻纪检监察组（未报送）”，未报送派驻纪检监察组（应报送：派驻纪检监察组）：{detail}。")]
