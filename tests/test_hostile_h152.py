"""Helper h152: fund-round audits (fundcheck audit), hostile review.

1. A 决议内容 written 甲公司等3家 (a count, one name) against a 公示 of 甲公司、乙公司、丙公司 was 不合规 (“公示有而决议无：
   乙公司、丙公司”) for names the cell never wrote. The names not written cannot be compared: needs review, saying which
   and whether the counts agree; a count that disagrees (等3家 beside four names) stays 不合规. The same held for the
   行文认定 against the 公示 (DISC-NO-OBJECTION-GATE) and stage 2's list against stage 1's (DISC-STAGE2-RECOGNISED),
   where an open 行文认定 (甲公司等3家) even passed unchecked.
2. A cell an INP-ROUND-VALUE finding quotes was shown in its NFKC form (角色“正选?(待定:甲)”, 抽取科室“局政工科(代抽)”,
   a blank step's 备注 “见附件(二):说明”); it is quoted as written, as checker/check/validate.py's _show quotes cells.
3. Minutes recording several decisions in one 决议内容 (一、同意认定甲公司…；二、同意资金分配方案, 审议通过…；丁公司暂缓,
   …丙公司为市级智能工厂, 原则同意，…) made names of the decisions (“同意资金分配方案”, “丙公司为市级智能工厂”) and the
   lists “不一致”, 不合规.
4. Two headers of one 公示 column in a JSON/YAML record (开始日期 and 公示开始日期) disagreeing: the second was dropped
   unseen; it is named (INP-ROUND-VALUE).
"""

from __future__ import annotations

import copy

import pytest
import yaml

from checker.audit.evaluate import RoundAuditor
from checker.audit.record import record_from_mapping
from checker.core.rulebook import load_rulebook
from checker.fixtures import FIXTURE_ENGINES
from tests.helpers import ROOT

BOOK = load_rulebook()


def _base(workflow: str) -> dict:
    return yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / f"{workflow}-compliant.yaml").read_text(encoding="utf-8"))


def _evaluate(record: dict, workflow: str, engine: str, rule_ids=None):
    read = record_from_mapping(record, BOOK.vocabulary.step_keys, source="h152", repeating=BOOK.vocabulary.repeating_steps)
    return RoundAuditor(BOOK, engine=engine, workflow_override=workflow).evaluate(read, rule_ids=rule_ids)


def _found(record: dict, rule_id: str, workflow: str) -> set[tuple[str, str, str]]:
    """The rule's finding (outcome, grade, message) under each engine the fixtures run (one set: they agree)."""
    found = set()
    for engine in FIXTURE_ENGINES:
        finding = next(f for f in _evaluate(record, workflow, engine, [rule_id]).findings if f["rule_id"] == rule_id)
        found.add((finding["outcome"], finding["grade"], finding["message"]))
    return found


def _inputs(record: dict, workflow: str) -> list[tuple[str, str]]:
    return [(f["rule_id"], f["message"]) for f in _evaluate(record, workflow, "reference").findings
            if f["rule_id"].startswith("INP-")]


def _meeting(record: dict, at: int = 0) -> dict:
    return [row for row in record["流程节点"] if row["节点"] == "党组会"][at]


def _recognition(record: dict) -> dict:
    return next(row for row in record["流程节点"] if row["节点"] == "行文认定")


def _w09(resolution: str | None = None, published: str | None = None) -> dict:
    record = _base("W-09")
    if resolution is not None:
        _meeting(record)["决议内容"] = resolution
    if published is not None:
        record["公示"][0]["公示名单"] = published
    return record


# --- 1. a list naming fewer enterprises than it holds ---------------------------------------------------------


def test_a_decided_list_naming_one_of_three_needs_review_saying_which_names_were_not_compared():
    # was: ("fail", "noncompliant", "公示名单与决议名单不一致：公示有而决议无：丙公司、乙公司。")
    assert _found(_w09("甲公司等3家"), "DISC-CONTENT-MATCH", "W-09") == {(
        "missing", "needs_review",
        "公示名单与决议名单无法逐一比对：决议内容“甲公司等3家”（流程节点#8.决议内容）只写出甲公司，其余 2 家未写名称，"
        "公示名单中的乙公司、丙公司无法与之逐一比对；两份名单家数一致（决议名单 3 家，公示名单 3 家）。"
        "写出的名称未见不一致，未写名称的企业是否与另一份名单相同，记录无法判断。")}


def test_a_decided_count_of_three_beside_four_published_names_stays_noncompliant():
    assert _found(_w09("甲公司等3家", "甲公司、乙公司、丙公司、丁公司"), "DISC-CONTENT-MATCH", "W-09") == {(
        "fail", "noncompliant",
        "公示名单与决议名单不一致：家数不一致：决议名单 3 家，公示名单 4 家；决议内容“甲公司等3家”（流程节点#8.决议内容）"
        "只写出甲公司，其余 2 家未写名称。")}


def test_a_published_list_naming_one_of_three_needs_review():
    assert _found(_w09(published="甲公司等3家企业"), "DISC-CONTENT-MATCH", "W-09") == {(
        "missing", "needs_review",
        "公示名单与决议名单无法逐一比对：公示名单“甲公司等3家企业”（公示#1.公示名单）只写出甲公司，其余 2 家未写名称，"
        "决议名单中的乙公司、丙公司无法与之逐一比对；两份名单家数一致（决议名单 3 家，公示名单 3 家）。"
        "写出的名称未见不一致，未写名称的企业是否与另一份名单相同，记录无法判断。")}


def test_a_list_ending_in_deng_without_a_count_needs_review_saying_the_count_is_unwritten():
    assert _found(_w09("甲公司、乙公司等", "甲公司、乙公司、丙公司、丁公司"), "DISC-CONTENT-MATCH", "W-09") == {(
        "missing", "needs_review",
        "公示名单与决议名单无法逐一比对：决议内容“甲公司、乙公司等”（流程节点#8.决议内容）只写出甲公司、乙公司，"
        "未写其余企业的名称和家数，公示名单中的丙公司、丁公司无法与之逐一比对；家数无法比对（决议名单未写明家数，公示名单 4 家）。"
        "写出的名称未见不一致，未写名称的企业是否与另一份名单相同，记录无法判断。")}


def test_a_written_name_the_complete_list_lacks_is_still_a_difference():
    assert _found(_w09("甲公司等3家", "丁公司、乙公司、丙公司"), "DISC-CONTENT-MATCH", "W-09") == {(
        "fail", "noncompliant",
        "公示名单与决议名单不一致：决议有而公示无：甲公司；决议内容“甲公司等3家”（流程节点#8.决议内容）只写出甲公司，"
        "其余 2 家未写名称。")}


def test_two_open_lists_whose_written_names_cannot_all_fit_differ():
    assert _found(_w09("甲公司、乙公司等3家", "丙公司、丁公司等3家"), "DISC-CONTENT-MATCH", "W-09") == {(
        "fail", "noncompliant",
        "公示名单与决议名单不一致：决议名单中的甲公司、乙公司不在公示名单写出的名称中，而公示名单只有 1 家未写名称；"
        "公示名单中的丙公司、丁公司不在决议名单写出的名称中，而决议名单只有 1 家未写名称；"
        "决议内容“甲公司、乙公司等3家”（流程节点#8.决议内容）只写出甲公司、乙公司，其余 1 家未写名称；"
        "公示名单“丙公司、丁公司等3家”（公示#1.公示名单）只写出丙公司、丁公司，其余 1 家未写名称。")}


@pytest.mark.parametrize("resolution", ["共3家：甲公司、乙公司、丙公司", "甲公司、乙公司、丙公司（共3家）", "甲公司、乙公司、丙公司三家企业"])
def test_a_count_written_beside_every_name_is_a_whole_list(resolution):
    assert _found(_w09(resolution), "DISC-CONTENT-MATCH", "W-09") == {("pass", "compliant", "公示名单与决议名单一致。")}


@pytest.mark.parametrize("resolution", ["甲公司等3个单位", "甲公司等3户企业", "甲公司等三家"])
def test_a_count_in_other_words_is_the_count(resolution):
    # was (甲公司等3个单位, 甲公司等3户企业): one name, "甲公司等3个单位", and ("fail", "noncompliant", "…决议有而公示无：甲公司等3个单位…")
    assert _found(_w09(resolution), "DISC-CONTENT-MATCH", "W-09") == {(
        "missing", "needs_review",
        f"公示名单与决议名单无法逐一比对：决议内容“{resolution}”（流程节点#8.决议内容）只写出甲公司，其余 2 家未写名称，"
        "公示名单中的乙公司、丙公司无法与之逐一比对；两份名单家数一致（决议名单 3 家，公示名单 3 家）。"
        "写出的名称未见不一致，未写名称的企业是否与另一份名单相同，记录无法判断。")}


def test_a_count_of_projects_after_every_name_is_a_whole_list():
    # was: ("fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：丙公司共3个项目；公示有而决议无：丙公司。")
    assert _found(_w09("甲公司、乙公司、丙公司共3个项目"), "DISC-CONTENT-MATCH", "W-09") == {
        ("pass", "compliant", "公示名单与决议名单一致。")}


def test_a_published_list_naming_one_of_three_leaves_the_recognition_for_review():
    # was: ("fail", "noncompliant", "行文认定含未经公示的企业：…；行文认定含公示名单以外的企业：乙公司、丙公司。")
    record = _base("W-08")
    record["公示"][0]["公示名单"] = "甲公司等3家"
    assert _found(record, "DISC-NO-OBJECTION-GATE", "W-08") == {(
        "missing", "needs_review",
        "行文认定是否只认定公示名单中的企业无法逐一核对：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "公示名单“甲公司等3家”（公示#1.公示名单）只写出甲公司，其余 2 家未写名称，行文认定中的乙公司、丙公司无法与之逐一比对。")}


def test_a_recognition_naming_one_of_three_is_not_passed_unchecked():
    # was: ("pass", "compliant", "公示无未处理异议后行文认定：…"), its two unwritten enterprises never compared
    record = _base("W-08")
    _recognition(record)["决议内容"] = "甲公司等3家"
    assert _found(record, "DISC-NO-OBJECTION-GATE", "W-08") == {(
        "missing", "needs_review",
        "行文认定是否只认定公示名单中的企业无法逐一核对：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "行文认定“甲公司等3家”（流程节点#13.决议内容）只写出甲公司，其余 2 家未写名称，未写名称的企业是否都在公示名单之内无法核对。")}


def test_a_recognition_of_four_beside_a_published_list_of_three_stays_noncompliant():
    record = _base("W-08")
    record["公示"][0]["公示名单"] = "甲公司等3家"
    _recognition(record)["决议内容"] = "甲公司、乙公司、丙公司、丁公司"
    assert _found(record, "DISC-NO-OBJECTION-GATE", "W-08") == {(
        "fail", "noncompliant",
        "行文认定含未经公示的企业：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "行文认定中的乙公司、丙公司、丁公司不在公示名单写出的名称中，而公示名单只有 2 家未写名称；"
        "公示名单“甲公司等3家”（公示#1.公示名单）只写出甲公司，其余 2 家未写名称。")}


def test_a_recognition_naming_one_of_three_leaves_stage_two_for_review():
    # was: ("fail", "noncompliant", "第二阶段奖励名单中有第一阶段未认定的企业：乙公司（…）。")
    record = _base("W-08")
    _recognition(record)["决议内容"] = "甲公司等3家"
    assert _found(record, "DISC-STAGE2-RECOGNISED", "W-08") == {(
        "missing", "needs_review",
        "第二阶段奖励企业是否都在第一阶段认定名单之内无法逐一核对：第一阶段认定名单：甲公司；第二阶段奖励名单：乙公司、甲公司；"
        "第一阶段认定名单“甲公司等3家”（流程节点#13.决议内容）只写出甲公司，其余 2 家未写名称，第二阶段奖励名单中的乙公司无法与之逐一比对。")}


def test_a_stage_two_list_of_more_enterprises_than_stage_one_recognised_stays_noncompliant():
    record = _base("W-08")
    _meeting(record, 1)["决议内容"] = "甲公司等4家"
    assert _found(record, "DISC-STAGE2-RECOGNISED", "W-08") == {(
        "fail", "noncompliant",
        "第二阶段奖励名单中有第一阶段未认定的企业：第二阶段奖励名单 4 家，多于第一阶段认定名单的 3 家；"
        "第二阶段奖励名单“甲公司等4家”（流程节点#15.决议内容）只写出甲公司，其余 3 家未写名称"
        "（第一阶段认定名单：丙公司、乙公司、甲公司；第二阶段奖励名单：甲公司）。")}


def test_the_rules_of_open_lists_carry_new_versions():
    assert {rule_id: BOOK.rules[rule_id].version for rule_id in
            ("DISC-CONTENT-MATCH", "DISC-NO-OBJECTION-GATE", "DISC-STAGE2-RECOGNISED", "PROC-PARTY-MEETING")} == {
        "DISC-CONTENT-MATCH": 10, "DISC-NO-OBJECTION-GATE": 13, "DISC-STAGE2-RECOGNISED": 8, "PROC-PARTY-MEETING": 13}


# --- 2. a cell quoted as written --------------------------------------------------------------------------------


def test_an_unreadable_role_and_a_row_without_an_expert_id_are_quoted_as_written():
    record = _base("W-12")
    record["专家抽取"][0]["角色"] = "正选？（待定：甲）"
    record["专家抽取"].append({"抽取记录编号": "1", "抽取科室": "局政工科（代抽）", "角色": "正选"})
    assert [m for rule, m in _inputs(record, "W-12") if rule == "INP-ROUND-VALUE"] == [
        "专家抽取 第 1 行（专家 E004）的角色“正选？（待定：甲）”无法识别（专家抽取#1.角色），应为 正选、候补、替补、已替换 之一"
        "（可在括号中加注，如 正选（组长））；该行既不能计入也不能排除出参加评审的专家，抽取人数与随机抽取列为需人工复核。",
        "专家抽取 第 8 行未填写专家编号（专家抽取 第 8 行；该行填有 抽取记录编号“1”、抽取科室“局政工科（代抽）”、角色“正选”），"
        "未计入参加评审的专家；如该行是一名专家，请补填专家编号，否则删除该行，然后重新审计。"]


def test_a_row_without_a_step_name_quotes_its_cells_as_written():
    record = _base("W-12")
    record["流程节点"].append({"节点": "", "日期": "2020年5月（上旬）", "备注": "见附件（二）：说明"})
    assert [m for rule, m in _inputs(record, "W-12") if rule == "INP-ROUND-STEP"] == [
        "流程节点#14.节点 的节点名称为空，但该行填有其他内容（日期 2020年5月（上旬）、备注 见附件（二）：说明）；"
        "该行未参与审计，请填写节点名称。"]


# --- 3. minutes recording several decisions ---------------------------------------------------------------------


@pytest.mark.parametrize("resolution", [
    "一、同意认定甲公司、乙公司、丙公司；二、同意资金分配方案",
    "1.同意甲公司、乙公司、丙公司；2.同意分配方案",
    "同意甲公司、乙公司、丙公司为市级智能工厂",
    "原则同意，甲公司、乙公司、丙公司",
    "会议研究同意甲公司、乙公司、丙公司",
    "审议通过甲公司、乙公司、丙公司",
    "通过甲公司、乙公司、丙公司；丁公司暂缓",
    "同意甲公司、乙公司、丙公司（丁公司暂缓）",
])
def test_minutes_of_several_decisions_list_the_enterprises_decided(resolution):
    # was, e.g.: ("fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：同意认定甲公司、同意资金分配方案；公示有而决议无：甲公司。")
    assert _found(_w09(resolution), "DISC-CONTENT-MATCH", "W-09") == {("pass", "compliant", "公示名单与决议名单一致。")}


@pytest.mark.parametrize("resolution", ["一、同意认定甲公司、乙公司；二、同意资金分配方案", "同意甲公司、乙公司，丙公司暂缓",
                                        "同意甲公司、乙公司（丙公司暂缓）"])
def test_an_enterprise_the_minutes_did_not_pass_is_still_a_difference(resolution):
    assert _found(_w09(resolution), "DISC-CONTENT-MATCH", "W-09") == {
        ("fail", "noncompliant", "公示名单与决议名单不一致：公示有而决议无：丙公司。")}


# --- 4. two headers of one column -------------------------------------------------------------------------------


def test_two_headers_of_one_column_that_disagree_are_named():
    record = _base("W-09")
    record["公示"][0]["公示开始日期"] = "2020-05-12"
    assert _inputs(record, "W-09") == [(
        "INP-ROUND-VALUE",
        "公示 第 1 行的“开始日期”与“公示开始日期”是同一项，填写不一致：公示#1.开始日期 为“2020-05-11”，"
        "公示#1.公示开始日期 为“2020-05-12”；审计按 公示#1.开始日期 进行，请核实并删去重复的列。")]
    same = copy.deepcopy(record)
    same["公示"][0]["公示开始日期"] = "2020年5月11日"  # the same day written otherwise: nothing to say
    assert _inputs(same, "W-09") == []


# --- 5. a draw redone, the first draw's experts kept as 已替换 ---------------------------------------------------


def test_a_redone_draw_whose_first_experts_are_marked_replaced_is_the_panels_draw(tmp_path):
    # was: ("fail", "noncompliant", "抽取记录无法在账本中复核：账本第 1 条的抽取已被第 2 条（抽取）取代，轮次记录（…）所列是被取代的抽取；
    # 现行的抽取是账本第 2 条。"), for experts the record itself says did not review
    import json

    from checker.fixtures import write_model_ledger
    from tests.helpers import SAMPLES, run_cli

    write_model_ledger(tmp_path / "l.db", "W12-2020-01")
    write_model_ledger(tmp_path / "l.db", "W12-2020-01", {"at": "2020-04-04T09:30:00+08:00"})
    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    record["专家抽取"] = ([dict(row, 角色="已替换") for row in record["专家抽取"]]
                       + [dict(row, 抽取记录编号="2") for row in record["专家抽取"]])
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run_cli("audit", tmp_path / "r.json", "--out", tmp_path / "o", "--ledger", tmp_path / "l.db", "--as-of", "2021-01-01", "-q")
    document = json.loads((tmp_path / "o" / "round.json").read_text(encoding="utf-8"))
    drawn = next(f for f in document["findings"] if f["rule_id"] == "DRAW-RANDOM")
    assert (result.exit_code, document["verdict"], drawn["outcome"], drawn["grade"]) == (0, "compliant", "pass", "compliant")
    assert drawn["message"] == (
        "抽取记录编号 1（专家抽取#1.抽取记录编号 等 7 行）的专家均标为已替换，未参加评审，不作为评审专家的抽取核对；"
        "账本第 2 条（抽取，抽取记录哈希 55756d9017ab…）与记录一致，账本链校验通过，由账本条目所载可抽取名单与随机种子按 RFC 3797 "
        "复算结果一致，抽取于北京时间 2020-04-04，不晚于专家评审 2020-04-10；一步抽取：随机数来源（双色球 第2020030期）与号码在抽取时"
        "一并输入，复算只证明名单由这些号码得出，不能证明来源是在号码公布之前、回避名单确定之后指定的（经办人可能在已知号码后挑选来源或"
        "回避名单）；如需证明，须在开奖前承诺来源、开奖后揭示。")


def test_a_superseded_draw_whose_experts_reviewed_still_fails(tmp_path):
    import json

    from checker.fixtures import write_model_ledger
    from tests.helpers import SAMPLES, run_cli

    write_model_ledger(tmp_path / "l.db", "W12-2020-01")
    write_model_ledger(tmp_path / "l.db", "W12-2020-01", {"at": "2020-04-04T09:30:00+08:00"})
    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run_cli("audit", tmp_path / "r.json", "--out", tmp_path / "o", "--ledger", tmp_path / "l.db", "--as-of", "2021-01-01", "-q")
    document = json.loads((tmp_path / "o" / "round.json").read_text(encoding="utf-8"))
    drawn = next(f for f in document["findings"] if f["rule_id"] == "DRAW-RANDOM")
    assert (drawn["outcome"], drawn["grade"], drawn["message"]) == (
        "fail", "noncompliant",
        "抽取记录无法在账本中复核：账本第 1 条的抽取已被第 2 条（抽取）取代，轮次记录（专家抽取#1.抽取记录编号 等 7 行）所列是被取代的抽取；"
        "现行的抽取是账本第 2 条。")


# --- 6. a vote on several numbered matters ----------------------------------------------------------------------


def test_a_vote_on_two_matters_one_deferred_needs_review():
    # was: ("fail", "noncompliant", "党组会表决未通过：…表决方式及结果：一、全票通过；二、暂缓研究；履职清单要求党组会研究“通过后”才进行
    # 后续程序，本轮缺少通过的决策。")
    record = _base("W-09")
    _meeting(record)["表决方式及结果"] = "一、全票通过；二、暂缓研究"
    assert _found(record, "PROC-PARTY-MEETING", "W-09") == {(
        "missing", "needs_review",
        "党组会表决结果分项记录了多个事项，有的通过、有的未通过，本轮事项是否通过无法从记录判断：党组会 2020-04-22（流程节点#8.日期），"
        "会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：一、全票通过；二、暂缓研究。")}


@pytest.mark.parametrize("vote", ["一、暂缓研究；二、未通过", "1.未通过；2.暂缓"])
def test_a_vote_on_matters_all_deferred_stays_noncompliant(vote):
    record = _base("W-09")
    _meeting(record)["表决方式及结果"] = vote
    assert _found(record, "PROC-PARTY-MEETING", "W-09") == {(
        "fail", "noncompliant",
        f"党组会表决未通过：党组会 2020-04-22（流程节点#8.日期），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：{vote}；"
        "履职清单要求党组会研究“通过后”才进行后续程序，本轮缺少通过的决策。")}


@pytest.mark.parametrize("vote", ["议题一全票通过；议题二同意6票，反对1票", "全票通过；丙科技公司暂缓认定", "同意7票，反对0票，弃权0票"])
def test_votes_that_passed_stay_passed(vote):
    record = _base("W-09")
    _meeting(record)["表决方式及结果"] = vote
    assert _found(record, "PROC-PARTY-MEETING", "W-09") == {(
        "pass", "compliant",
        f"党组会 2020-04-22（流程节点#8.日期），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：{vote}。")}


# --- 7. 是否归档 answered in the column's own words -----------------------------------------------------------------


def test_archived_answered_as_clerks_write_it():
    # was: ("missing", "needs_review", "归档情况无法确认（是否归档填写不明：专家评审资料（是否归档填写“归档”，归档#4.是否归档）、…）。")
    record = _base("W-12")
    for row, said in zip(record["归档"], ["已归档", "√", "是（原件）", "归档", "Y", "有", "已存档", "是 ", "是。"]):
        row["是否归档"] = said
    assert _found(record, "ARCH-LIST-9-FUNDS", "W-12") == {("pass", "compliant", "规定材料均已归档。")}


def test_not_archived_answered_as_clerks_write_it():
    record = _base("W-12")
    record["归档"][0]["是否归档"] = "未存档"
    record["归档"][1]["是否归档"] = "不归档"
    assert _found(record, "ARCH-LIST-9-FUNDS", "W-12") == {
        ("fail", "noncompliant", "以下材料未归档：《“三重一大”事项报告表》（事前）、下发的通知。")}


def test_a_name_beginning_with_ni_is_not_a_decision():
    # was: ("fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：态科技有限公司；公示有而决议无：拟态科技有限公司。")
    assert _found(_w09("拟态科技有限公司、乙公司、丙公司", "乙公司、拟态科技有限公司、丙公司"), "DISC-CONTENT-MATCH", "W-09") == {
        ("pass", "compliant", "公示名单与决议名单一致。")}


# --- 8. a 公示 of projects ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("published", ["甲公司（智能化改造项目）、乙公司（数字化车间）、丙公司（技改项目）",
                                       "甲公司：智能化改造项目；乙公司：数字化车间；丙公司：技改项目"])
def test_a_published_list_of_projects_names_the_decided_enterprises(published):
    # was: ("fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：丙公司、乙公司、甲公司；公示有而决议无：丙公司(技改项目)、…。")
    # quoted as the 公示 writes them (（技改项目）, ：技改项目), not in their NFKC form
    separator = "（" if "（" in published else "："
    closing = "）" if separator == "（" else ""
    pairs = [("丙公司", "技改项目"), ("乙公司", "数字化车间"), ("甲公司", "智能化改造项目")]
    assert _found(_w09(published=published), "DISC-CONTENT-MATCH", "W-09") == {(
        "pass", "compliant",
        "公示名单与决议名单一致；以下名称写法不同，按同一企业认定："
        + "、".join(f"公示名单“{name}{separator}{project}{closing}”与决议名单“{name}”" for name, project in pairs) + "。")}


def test_a_project_of_another_enterprise_is_still_a_difference():
    assert _found(_w09(published="丁公司（技改项目）、乙公司、丙公司"), "DISC-CONTENT-MATCH", "W-09") == {
        ("fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：甲公司；公示有而决议无：丁公司(技改项目)。")}
