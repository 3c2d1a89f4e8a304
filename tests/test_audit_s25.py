"""Hostile inspector review s25 of `fundcheck audit`: each case is a model round with one change.

1. A 公示名单 or 行文认定 naming an enterprise by its short name (威海华盛精密, 华盛精密机械) where the other list has
   the full name (威海华盛精密机械有限公司) is that enterprise, said so; a short name within two listed names is
   not matched, and the finding says which names it could be.
2. A 纪检组同意 / 评审同意 row recording a refusal (纪检组意见 “不同意”, 备注 “纪检组不同意”) is said to be a refusal,
   by the input finding and by the rule asking for the consent, not "no consent recorded".
3. 抽取科室 written 政治工作科 (政工科 in full) is 政工科; 政工科（人事科） needs review, quoted as written.
4. W-17 … W-19: a 初步建议名单 listing more enterprises than 省定推荐数量 needs review (an inference from
   001:4576-4578, PROC-PROPOSED-LIST-QUOTA).
"""

from __future__ import annotations

from tests.helpers import audit_record, compliant_round, findings_by_rule, round_step


_base = compliant_round


def _audit(tmp_path, record: dict, name: str = "o") -> tuple[dict, str]:
    return audit_record(tmp_path, record, name=name), (tmp_path / name / "round.md").read_text(encoding="utf-8")


def _findings(tmp_path, record: dict) -> tuple[str, dict[str, tuple[str, str, str]]]:
    document, _ = _audit(tmp_path, record)
    return document["verdict"], findings_by_rule(document)


_step = round_step


# --- 1. short names -------------------------------------------------------------------------------------


def test_a_disclosed_short_name_is_the_one_decided_company_and_the_finding_says_so(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "威海华盛精密机械有限公司、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "威海华盛精密、乙公司、丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "pass", "compliant",
        "公示名单与决议名单一致；以下名称写法不同，按同一企业认定：公示名单“威海华盛精密”与决议名单“威海华盛精密机械有限公司”。")


def test_a_short_name_without_place_or_form_is_matched_too(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "威海华盛精密机械有限公司、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "华盛精密机械、乙公司、丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "pass", "compliant",
        "公示名单与决议名单一致；以下名称写法不同，按同一企业认定：公示名单“华盛精密机械”与决议名单“威海华盛精密机械有限公司”。")


def test_a_short_name_within_two_decided_names_is_not_matched_and_says_which(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "威海华盛精密机械有限公司、威海华盛精密铸造有限公司、丙公司"
    record["公示"][0]["公示名单"] = "华盛精密、威海华盛精密铸造有限公司、丙公司"
    verdict, found = _findings(tmp_path, record)
    assert verdict == "noncompliant"
    assert found["DISC-CONTENT-MATCH"] == (
        "fail", "noncompliant",
        "公示名单与决议名单不一致：决议有而公示无：威海华盛精密机械有限公司；公示有而决议无：华盛精密；"
        "公示名单中的简称“华盛精密”可指“威海华盛精密机械有限公司”或“威海华盛精密铸造有限公司”，未按同一企业认定。")


def test_a_one_character_name_is_no_short_name(tmp_path):
    # 甲公司 is 甲 without its company form: no evidence that 甲材料公司 is the same enterprise
    record = _base("W-09")
    record["公示"][0]["公示名单"] = "甲材料公司、乙公司、丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "fail", "noncompliant", "公示名单与决议名单不一致：决议有而公示无：甲公司；公示有而决议无：甲材料公司。")


def test_w08_recognition_and_stage_two_by_short_name_are_the_recognised_companies(tmp_path):
    record = _base("W-08")
    full = "威海华盛精密机械有限公司、乙公司、丙公司"
    _step(record, "党组会", None)["决议内容"] = full
    record["公示"][0]["公示名单"] = full
    _step(record, "行文认定")["决议内容"] = "华盛精密机械、乙公司、丙公司"
    _step(record, "党组会", 2)["决议内容"] = "威海华盛精密、乙公司"
    record["公示"][1]["公示名单"] = "威海华盛精密、乙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"] == (
        "pass", "compliant",
        "公示无未处理异议后行文认定：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "以下名称写法不同，按同一企业认定：行文认定“华盛精密机械”与公示名单“威海华盛精密机械有限公司”。")
    assert found["DISC-STAGE2-RECOGNISED"] == (
        "pass", "compliant",
        "第二阶段奖励企业均在第一阶段认定名单之内：第一阶段认定名单：丙公司、乙公司、华盛精密机械；第二阶段奖励名单：乙公司、威海华盛精密；"
        "以下名称写法不同，按同一企业认定：第二阶段“威海华盛精密”与第一阶段“华盛精密机械”。")
    assert found["DISC-CONTENT-MATCH"] == ("pass", "compliant", "公示名单与决议名单一致。")


def test_w08_recognition_by_an_ambiguous_short_name_is_not_disclosed_and_says_which(tmp_path):
    record = _base("W-08")
    listed = "甲公司、威海华盛精密铸造有限公司、威海华盛精密机械有限公司"
    _step(record, "党组会", None)["决议内容"] = listed
    record["公示"][0]["公示名单"] = listed
    _step(record, "行文认定")["决议内容"] = "甲公司、华盛精密"
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"] == (
        "fail", "noncompliant",
        "行文认定含未经公示的企业：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "行文认定含公示名单以外的企业：华盛精密；“华盛精密”可指“威海华盛精密机械有限公司”或“威海华盛精密铸造有限公司”，未按同一企业认定。")


# --- 2. a refused consent -------------------------------------------------------------------------------


def test_the_groups_opinion_refusing_the_consent_is_read_and_said_as_refused(tmp_path):
    record = _base("W-09")
    _step(record, "纪检组同意")["纪检组意见"] = "不同意"
    verdict, found = _findings(tmp_path, record)
    assert verdict == "noncompliant"
    assert found["INP-ROUND-CONSENT-DENIED"] == (
        "fail", "needs_review",
        "流程节点#2.纪检组意见：“纪检组同意”一行写明“不同意”，记载的是派驻纪检监察组未同意（拒绝或未签批），不是同意；"
        "该行未作为“纪检组同意”参加审计。")
    assert found["PROC-3I1L-PRE-CONSENT"] == (
        "fail", "noncompliant",
        "派驻纪检监察组未同意下发申报通知：“纪检组同意”一行写明“不同意”（流程节点#2.纪检组意见）；流程节点中没有其后获得同意的记录。")


def test_a_review_consent_refused_in_its_note_is_said_refused_and_its_note_not_called_unread(tmp_path):
    record = _base("W-12")
    _step(record, "评审同意")["备注"] = "纪检组不同意"
    document, md = _audit(tmp_path, record)
    found = {f["rule_id"]: (f["outcome"], f["grade"], f["message"], f["remedy"]) for f in document["findings"]}
    assert found["PROC-3I1L-REVIEW"] == (
        "fail", "noncompliant",
        "派驻纪检监察组未同意开展专家评审：“评审同意”一行写明“纪检组不同意”（流程节点#8.备注）；流程节点中没有其后获得同意的记录。",
        "说明纪检组未同意后是否重新报送并获同意；获同意的，补充同意的签批及日期。")
    assert found["INP-ROUND-CONSENT-DENIED"][2:] == (
        "流程节点#8.备注：“评审同意”一行写明“纪检组不同意”，记载的是派驻纪检监察组未同意（拒绝或未签批），不是同意；该行未作为“评审同意”参加审计。",
        "请核实纪检组未同意后是否重新报送并获同意：获同意的，另起一行记录同意的日期和签批；本行系误填的，更正后重新审计。")
    assert [f["title"]["zh"] for f in document["findings"] if f["rule_id"] == "INP-ROUND-CONSENT-DENIED"] == ["纪检组未同意"]
    assert "其他记载" not in md


def test_a_refused_row_with_another_note_lists_the_note_as_not_audited(tmp_path):
    record = _base("W-12")
    refused = _step(record, "评审同意")
    refused["文号/材料"] = "纪检组不同意，退回修改"
    refused["备注"] = "已电话沟通"
    _, md = _audit(tmp_path, record)
    assert ("- 其他记载：流程节点中未参加审计的行（节点无法识别，或记载纪检组未同意）的备注所记内容未核对，不影响审计结论，"
            "请审计人员阅读：第 8 行（评审同意）“已电话沟通”（流程节点#8.备注）。") in md.splitlines()


def test_a_refusal_then_a_consent_in_the_groups_opinion_counts_the_consent(tmp_path):
    record = _base("W-09")
    refused = _step(record, "纪检组同意")
    refused["纪检组意见"] = "不同意"
    record["流程节点"].insert(record["流程节点"].index(refused) + 1, dict(refused, 日期="2020-03-05", 纪检组意见="同意"))
    _, found = _findings(tmp_path, record)
    assert found["PROC-3I1L-PRE-CONSENT"] == ("pass", "compliant", "纪检组 2020-03-05 同意，申报通知 2020-03-06 下发。")


# --- 3. the office that drew ----------------------------------------------------------------------------


def test_the_office_written_in_full_is_the_political_section(tmp_path):
    record = _base("W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = "局政治工作科"
    _, found = _findings(tmp_path, record)
    assert found["DRAW-BY-ZGK"] == ("pass", "compliant", "专家由“局政治工作科”抽取。")


def test_another_office_in_brackets_needs_review_quoted_as_written(tmp_path):
    record = _base("W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = "政工科（人事科）"
    _, found = _findings(tmp_path, record)
    assert found["DRAW-BY-ZGK"] == (
        "missing", "needs_review", "抽取科室“政工科（人事科）”除局政工科外还写有其他科室，无法确认专家由局政工科抽取。")


# --- 4. the proposed list against the province's number ---------------------------------------------------


def test_a_proposed_list_longer_than_the_quota_needs_review(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 2
    verdict, found = _findings(tmp_path, record)
    assert verdict == "needs_review"
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列有 3 家企业：甲公司、乙公司、丙公司，多于省定推荐数量 2，超出的企业无法全部推荐。")


def test_a_w19_numbered_list_against_a_quota_in_words(tmp_path):
    record = _base("W-19")
    record["轮次"]["省定推荐数量"] = "不超过2家"
    _step(record, "初步建议名单")["决议内容"] = "1.甲公司 2.乙公司 3.丙公司 4.甲公司"
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列有 3 家企业：甲公司、乙公司、丙公司，多于省定推荐数量 2（不超过2家），超出的企业无法全部推荐。")


def test_a_proposed_list_within_the_quota_passes_and_the_model_rounds_stay_compliant(tmp_path):
    for workflow in ("W-17", "W-18", "W-19"):
        (tmp_path / workflow).mkdir()
        verdict, found = _findings(tmp_path / workflow, _base(workflow))
        assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == (
            "compliant", ("pass", "compliant", "初步建议名单列有 3 家企业，未超过省定推荐数量 8。")), workflow


def test_a_proposed_list_row_naming_no_enterprise_is_a_prompt_only(tmp_path):
    record = _base("W-17")
    _step(record, "初步建议名单")["决议内容"] = "无"
    verdict, found = _findings(tmp_path, record)
    assert verdict == "compliant"
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "not_applicable", "compliant", "提示：初步建议名单一行（流程节点#8.决议内容）未列出企业，名单家数是否超过省定推荐数量 8 未核对。")
    del _step(record, "初步建议名单")["决议内容"]  # no 决议内容 column at all: the row is named
    (tmp_path / "no_column").mkdir()
    verdict, found = _findings(tmp_path / "no_column", record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == ("compliant", (
        "not_applicable", "compliant", "提示：初步建议名单一行（流程节点 第 8 行）未列出企业，名单家数是否超过省定推荐数量 8 未核对。"))


def test_the_latest_proposed_list_is_the_one_counted(tmp_path):
    record = _base("W-17")
    first = _step(record, "初步建议名单")
    first["决议内容"] = "甲公司、乙公司、丙公司、丁公司"
    record["流程节点"].insert(record["流程节点"].index(first) + 1, dict(first, 日期="2021-04-18", 决议内容="甲公司、乙公司"))
    record["轮次"]["省定推荐数量"] = 2
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == ("pass", "compliant", "初步建议名单列有 2 家企业，未超过省定推荐数量 2。")
