"""Hostile inspector review h107 of `fundcheck audit`: each case is a model round with one change.

1. A stage's 公示 recorded on two rows (a list published in two parts, or a 公示 held again): every row
   is judged (its period, its start after the 党组会, its list together with the others, the W-08 gate
   after each), not only the first one.
2. One enterprise written with other brackets or company form (威海甲（集团）有限责任公司 / 威海甲集团有限公司)
   in the 决议内容, the 公示名单 and the 行文认定 is one name, as the draw's recusal compares employers.
3. The archive: the seed's own words for a material (001:2949 “三重一大”事前、事中、事后报告材料，专家评审资料)
   name it; a material whose 是否归档 cannot be read is named with what was written and where; an empty
   archive sheet is said to be empty, not "填写不明：无…或归档表无记录".
4. W-06's joint notice: a 发文单位 or 备注 naming 市委组织部 only to deny it ("未会同市委组织部发文") is no joint notice.
5. A 纪检组同意 / 评审同意 row whose material says the group refused ("纪检组不同意，退回修改", "纪检组未签批") is
   no consent (INP-ROUND-CONSENT-DENIED names it); a later row that gives the consent counts.
"""

from __future__ import annotations

import json

import yaml

from tests.helpers import ROOT, run_cli, sample_round, write_json


def _base(workflow: str) -> dict:
    return yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / f"{workflow}-compliant.yaml").read_text(encoding="utf-8"))


def _findings(tmp_path, record: dict, name: str = "o") -> tuple[str, dict[str, tuple[str, str, str]]]:
    out = tmp_path / name
    run_cli("audit", write_json(tmp_path / f"{name}.json", record), "--out", out, "--as-of", "2024-01-01")
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    return document["verdict"], {f["rule_id"]: (f["outcome"], f["grade"], f["message"]) for f in document["findings"]}


def _step(record: dict, name: str, stage=None) -> dict:
    return next(r for r in record["流程节点"] if r["节点"] == name and (stage is None or r.get("阶段") == stage))


# --- 1. several 公示 rows of one stage ------------------------------------------------------------------


def test_a_second_short_disclosure_row_is_judged_not_passed_unseen(tmp_path):
    record = _base("W-09")
    record["公示"].append(dict(record["公示"][0], 开始日期="2020-05-20", 结束日期="2020-05-21"))
    _, found = _findings(tmp_path, record)
    assert found["DISC-PERIOD"] == (
        "fail", "needs_review",
        "公示期只有 2 个工作日，少于 5 个：公示 2020-05-11 至 2020-05-19（公示#1.开始日期）：7 个工作日、9 个自然日（首尾均计）；"
        "公示 2020-05-20 至 2020-05-21（公示#2.开始日期）：2 个工作日、2 个自然日（首尾均计）。")


def test_a_list_published_in_two_parts_matches_the_decision(tmp_path):
    record = _base("W-09")
    record["公示"][0]["公示名单"] = "甲公司、乙公司"
    record["公示"].append(dict(record["公示"][0], 公示名单="丙公司"))
    verdict, found = _findings(tmp_path, record)
    assert verdict == "compliant"
    assert found["DISC-CONTENT-MATCH"] == ("pass", "compliant", "公示名单与决议名单一致。")


def test_a_second_disclosure_row_before_the_meeting_is_out_of_order(tmp_path):
    record = _base("W-09")
    record["公示"].append(dict(record["公示"][0], 开始日期="2020-04-13", 结束日期="2020-04-21"))
    _, found = _findings(tmp_path, record)
    assert found["DISC-AFTER-DECISION"] == (
        "fail", "noncompliant",
        "公示早于党组会决定：党组会 2020-04-22，公示开始 2020-05-11（公示#1.开始日期）；"
        "党组会 2020-04-22，公示开始 2020-04-13（公示#2.开始日期）（早于党组会）。")


def test_an_empty_disclosure_sheet_is_said_so_not_left_as_a_bare_none(tmp_path):
    record = _base("W-09")
    record["公示"] = []
    _, found = _findings(tmp_path, record)
    assert found["DISC-AFTER-DECISION"] == ("missing", "needs_review", "公示或党组会的记录或日期缺失，无法判断先后：未记录公示。")


def test_w08_recognition_before_the_end_of_the_second_stage_one_disclosure(tmp_path):
    record = _base("W-08")
    record["公示"][0]["公示名单"] = "甲公司、乙公司"
    record["公示"].insert(1, dict(record["公示"][0], 开始日期="2020-05-20", 结束日期="2020-05-27", 公示名单="丙公司"))
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"] == (
        "fail", "noncompliant",
        "行文认定不晚于公示结束（须在公示期满后行文；公示期含结束日当天，无论所写时间）：公示结束 2020-05-19（公示#1.结束日期），异议数 0，异议处理结果：未填；"
        "公示结束 2020-05-27（公示#2.结束日期），异议数 0，异议处理结果：未填，行文认定 2020-05-22。")


def test_w08_stage_one_list_in_two_parts_recognised_whole(tmp_path):
    record = _base("W-08")
    record["公示"][0]["公示名单"] = "甲公司、乙公司"
    record["公示"].insert(1, dict(record["公示"][0], 公示名单="丙公司"))
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"][:2] == ("pass", "compliant")
    assert found["DISC-CONTENT-MATCH"] == ("pass", "compliant", "公示名单与决议名单一致。")


# --- 2. one enterprise written two ways -----------------------------------------------------------------


def test_company_form_and_brackets_do_not_make_the_lists_differ(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "威海甲（集团）有限责任公司、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "威海甲集团有限公司、乙公司、丙公司"
    verdict, found = _findings(tmp_path, record)
    assert verdict == "compliant"
    assert found["DISC-CONTENT-MATCH"] == ("pass", "compliant", "公示名单与决议名单一致。")


def test_w08_recognition_written_with_the_longer_company_form_was_disclosed(tmp_path):
    record = _base("W-08")
    for row in (_step(record, "党组会", None), _step(record, "行文认定")):
        row["决议内容"] = "威海甲有限责任公司、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "威海甲有限公司、乙公司、丙公司"
    _step(record, "党组会", 2)["决议内容"] = "威海甲有限公司、乙公司"
    record["公示"][1]["公示名单"] = "威海甲有限公司、乙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"] == (
        "pass", "compliant",
        "公示无未处理异议后行文认定：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22。")
    assert found["DISC-CONTENT-MATCH"] == ("pass", "compliant", "公示名单与决议名单一致。")
    assert found["DISC-STAGE2-RECOGNISED"][:2] == ("pass", "compliant")


# --- 3. the archive -----------------------------------------------------------------------------------


def _archive_row(record: dict, name: str) -> dict:
    return next(r for r in record["归档"] if r["材料名称"] == name)


def test_the_mid_slip_archived_under_the_seeds_other_words_is_archived(tmp_path):
    record = sample_round("compliant_W-12")
    _archive_row(record, "《“三重一大”事项报告单》（事中）")["材料名称"] = "《“三重一大”事项报告表》（事中）"
    _archive_row(record, "《“三重一大”事项报告表》（事前）")["材料名称"] = "事前告知材料"
    _archive_row(record, "专家评审资料")["材料名称"] = "评审资料"
    _, found = _findings(tmp_path, record)
    assert found["ARCH-LIST-9-FUNDS"] == ("pass", "compliant", "规定材料均已归档。")


def test_an_archive_answer_not_understood_is_quoted_with_its_cell(tmp_path):
    record = sample_round("compliant_W-12")
    _archive_row(record, "会议纪要")["是否归档"] = "待归档"
    _, found = _findings(tmp_path, record)
    assert found["ARCH-LIST-9-FUNDS"] == ("missing", "needs_review", 
        "归档情况无法确认（是否归档填写不明：会议纪要（是否归档填写“待归档”，归档#9.是否归档））。")


def test_an_empty_archive_sheet_is_said_to_be_empty(tmp_path):
    record = _base("W-06")
    record["归档"] = []
    _, found = _findings(tmp_path, record)
    assert found["ARCH-LIST-8"] == ("missing", "needs_review", "归档表没有记录，无法确认归档了哪些材料。")


def test_a_tick_typed_by_word_is_archived(tmp_path):
    record = sample_round("compliant_W-12")
    _archive_row(record, "会议纪要")["是否归档"] = "✓"
    _, found = _findings(tmp_path, record)
    assert found["ARCH-LIST-9-FUNDS"] == ("pass", "compliant", "规定材料均已归档。")


# --- 4. a W-06 notice whose row says it was not issued with 市委组织部 --------------------------------------


def test_a_notice_saying_it_was_not_issued_with_the_organisation_department_is_not_joint(tmp_path):
    record = _base("W-06")
    _step(record, "发布申报通知").update(发文单位="市工信局", 备注="未会同市委组织部发文")
    _, found = _findings(tmp_path, record)
    assert found["PROC-NOTICE-JOINT-ORG"] == (
        "fail", "noncompliant", "申报通知的发文单位未含市委组织部：市工信局，威工信发〔2020〕8号；未会同市委组织部发文（流程节点#2.日期）。")


def test_an_issuer_cell_naming_the_department_only_to_deny_it_is_not_joint(tmp_path):
    record = _base("W-06")
    _step(record, "发布申报通知")["发文单位"] = "市工信局（市委组织部未会签）"
    _, found = _findings(tmp_path, record)
    assert found["PROC-NOTICE-JOINT-ORG"] == (
        "fail", "noncompliant", "申报通知的发文单位未含市委组织部：市工信局（市委组织部未会签），威工信发〔2020〕8号（流程节点#2.日期）。")


# --- 5. a consent row that records a refusal -------------------------------------------------------------


def test_a_review_consent_row_saying_the_group_refused_is_no_consent(tmp_path):
    record = sample_round("compliant_W-12")
    _step(record, "评审同意")["文号/材料"] = "纪检组不同意，退回修改"
    verdict, found = _findings(tmp_path, record)
    assert verdict == "noncompliant"
    assert found["PROC-3I1L-REVIEW"] == (
        "fail", "noncompliant",
        "派驻纪检监察组未同意开展专家评审：“评审同意”一行写明“纪检组不同意，退回修改”（流程节点#8.文号/材料）；流程节点中没有其后获得同意的记录。")
    assert found["INP-ROUND-CONSENT-DENIED"] == (
        "fail", "needs_review",
        "流程节点#8.文号/材料：“评审同意”一行写明“纪检组不同意，退回修改”，记载的是派驻纪检监察组未同意（拒绝或未签批），不是同意；"
        "该行未作为“评审同意”参加审计。")


def test_a_refusal_then_a_consent_counts_the_consent(tmp_path):
    record = sample_round("compliant_W-12")
    refused = _step(record, "评审同意")
    refused["文号/材料"] = "纪检组未签批"
    record["流程节点"].insert(record["流程节点"].index(refused) + 1, dict(refused, 日期="2020-04-09", **{"文号/材料": "纪检组签批同意"}))
    _, found = _findings(tmp_path, record)
    assert found["PROC-3I1L-REVIEW"] == ("pass", "compliant", "评审报告 2020-04-03，纪检组同意 2020-04-09，专家评审 2020-04-10，顺序符合要求。")

