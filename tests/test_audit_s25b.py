"""Hostile inspector review s25b of today's `fundcheck audit` changes (short names, refused consents, the
office that drew, the proposed list against the province's number): each case is a model round with one change.

1. A short name is that enterprise only when it can be one: a name with a company form (华盛精密有限公司,
   威海华盛有限公司, 股份有限公司 beside 有限公司) is a registered name of its own; a branch (分公司) is named in
   full; a core that is only a place and industry words (威海精密, 威海科技) or that does not begin the full
   name's core (盛精密, 精密机械) names no trade name; 山东华盛精密 is not 威海华盛精密…. Each stays unmatched.
2. A consent worded with 不同意见 as a noun (不存在不同意见, 不同意见：无, 同意（不同意的意见已整改）) or a
   refusal followed by the consent in the same cell (不同意，整改后同意) is a consent.
3. 市政工程处, 行政工作办公室 mention 政工 without naming the 政工科: they are other offices.
4. A 初步建议名单 written 甲公司、乙公司等5家企业 / 共5家 counts five; 1.甲公司2.乙公司 without spaces, （1）甲公司
   （2）乙公司 and 甲公司和乙公司 count each; 、 inside brackets does not split a name.
"""

from __future__ import annotations

import unicodedata

import pytest

from tests.helpers import audit_record, compliant_round, findings_by_rule, round_step


_base = compliant_round


def _findings(tmp_path, record: dict) -> tuple[str, dict[str, tuple[str, str, str]]]:
    document = audit_record(tmp_path, record)
    return document["verdict"], findings_by_rule(document)


_step = round_step


# --- 1. short names: a different enterprise is never matched -------------------------------------------------


@pytest.mark.parametrize("published, decided", [
    ("威海华盛有限公司", "威海华盛精密机械有限公司"),          # a registered name of its own, nested in the decided one
    ("华盛精密有限公司", "威海华盛精密机械有限公司"),
    ("威海华盛精密机械股份有限公司", "威海华盛精密机械有限公司"),  # another company form
    ("华盛精密机械有限公司", "威海华盛精密机械有限公司"),       # a full name without the place
    ("威海华盛精密机械有限公司文登分公司", "威海华盛精密机械有限公司"),  # a branch
    ("华盛精密机械", "威海华盛精密机械有限公司文登分公司"),
    ("威海精密", "威海华盛精密机械有限公司"),                  # place and industry word: no trade name
    ("威海科技", "威海华盛科技有限公司"),
    ("精密机械", "威海华盛精密机械有限公司"),
    ("盛精密", "威海华盛精密机械有限公司"),                    # not the beginning of the trade name
    ("ＡＢ", "威海AB精密有限公司"),                           # two letters are one run
    ("山东华盛精密", "威海华盛精密机械有限公司"),              # another place
    ("华盛集团", "威海华盛精密机械有限公司"),                  # a group is not its member
])
def test_a_disclosed_name_that_may_be_another_enterprise_is_not_matched(tmp_path, published, decided):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = f"{decided}、乙公司、丙公司"
    record["公示"][0]["公示名单"] = f"{published}、乙公司、丙公司"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["DISC-CONTENT-MATCH"]) == ("noncompliant", (
        "fail", "noncompliant", f"公示名单与决议名单不一致：决议有而公示无：{decided}；公示有而决议无：{unicodedata.normalize('NFKC', published)}。"))


def test_a_trade_name_alone_is_still_the_one_decided_company(tmp_path):
    record = _base("W-09")
    _step(record, "党组会")["决议内容"] = "威海华盛精密机械有限公司、乙公司、丙公司"
    record["公示"][0]["公示名单"] = "威海市华盛、乙公司、丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-CONTENT-MATCH"] == (
        "pass", "compliant",
        "公示名单与决议名单一致；以下名称写法不同，按同一企业认定：公示名单“威海市华盛”与决议名单“威海华盛精密机械有限公司”。")


def test_w08_recognising_another_registered_company_is_not_disclosed(tmp_path):
    record = _base("W-08")
    listed = "威海华盛精密机械有限公司、乙公司、丙公司"
    _step(record, "党组会", None)["决议内容"] = listed
    record["公示"][0]["公示名单"] = listed
    _step(record, "行文认定")["决议内容"] = "华盛精密有限公司、乙公司、丙公司"
    _, found = _findings(tmp_path, record)
    assert found["DISC-NO-OBJECTION-GATE"] == (
        "fail", "noncompliant",
        "行文认定含未经公示的企业：公示结束 2020-05-19，异议数 0，异议处理结果：未填，行文认定 2020-05-22；"
        "行文认定含公示名单以外的企业：华盛精密有限公司。")


# --- 2. a consent worded with 不同意见 is a consent -------------------------------------------------------------


@pytest.mark.parametrize("opinion", ["不存在不同意见", "不同意见：无", "同意（不同意的意见已整改）", "不同意见已整改，同意",
                                     "同意（前次退回，已重新报送）", "原则同意", "无不同意见"])
def test_a_consent_saying_there_is_no_dissent_is_a_consent(tmp_path, opinion):
    record = _base("W-09")
    _step(record, "纪检组同意")["纪检组意见"] = opinion
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-3I1L-PRE-CONSENT"], "INP-ROUND-CONSENT-DENIED" in found) == (
        "compliant", ("pass", "compliant", "纪检组 2020-03-04 同意，申报通知 2020-03-06 下发。"), False)


def test_a_review_consent_noting_no_dissent_is_a_consent(tmp_path):
    record = _base("W-12")
    _step(record, "评审同意")["备注"] = "纪检组不存在不同意见"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-3I1L-REVIEW"], "INP-ROUND-CONSENT-DENIED" in found) == ("needs_review", (  # no ledger given
        "pass", "compliant", "评审报告 2020-04-03，纪检组同意 2020-04-08，专家评审 2020-04-10，顺序符合要求。"), False)


@pytest.mark.parametrize("opinion", ["不同意，整改后同意", "同意（未签批）", "存在不同意见", "出具不同意意见"])
def test_a_refusal_beside_a_consent_in_one_cell_stays_a_refusal(tmp_path, opinion):
    # the row's date is the refusal's; the later consent needs a row of its own with its date
    record = _base("W-09")
    _step(record, "纪检组同意")["纪检组意见"] = opinion
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-3I1L-PRE-CONSENT"]) == ("noncompliant", (
        "fail", "noncompliant",
        f"派驻纪检监察组未同意下发申报通知：“纪检组同意”一行写明“{opinion}”（流程节点#2.纪检组意见）；流程节点中没有其后获得同意的记录。"))


# --- 3. 政工 inside another office's name -------------------------------------------------------------------------


@pytest.mark.parametrize("office", ["市政工程处", "行政工作办公室", "财政工作科"])
def test_an_office_whose_name_holds_the_letters_zhenggong_is_another_office(tmp_path, office):
    record = _base("W-12")
    for row in record["专家抽取"]:
        row["抽取科室"] = office
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["DRAW-BY-ZGK"]) == ("noncompliant", (
        "fail", "noncompliant", f"以下专家抽取行的抽取科室不是局政工科：“{office}”（专家抽取#1.抽取科室 等 7 行）。"))


# --- 4. counting the 初步建议名单 --------------------------------------------------------------------------------


@pytest.mark.parametrize("written, listed", [
    ("甲公司、乙公司等5家企业", "甲公司、乙公司等 5 家"),
    ("共5家：甲公司、乙公司", "甲公司、乙公司等 5 家"),
    ("甲公司、乙公司等五家企业", "甲公司、乙公司等 5 家"),
])
def test_a_proposed_list_stating_more_enterprises_than_it_names_counts_the_stated_number(tmp_path, written, listed):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 3
    _step(record, "初步建议名单")["决议内容"] = written
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == ("needs_review", (
        "fail", "needs_review",
        f"初步建议名单（流程节点#8.决议内容）列有 5 家企业：{listed}，多于省定推荐数量 3，超出的企业无法全部推荐。"))


@pytest.mark.parametrize("written", ["1.甲公司2.乙公司3.丙公司", "（1）甲公司（2）乙公司（3）丙公司", "甲公司和乙公司及丙公司"])
def test_a_proposed_list_written_without_separators_counts_each_enterprise(tmp_path, written):
    record = _base("W-18")
    record["轮次"]["省定推荐数量"] = 2
    _step(record, "初步建议名单")["决议内容"] = written
    _, found = _findings(tmp_path, record)
    assert found["PROC-PROPOSED-LIST-QUOTA"] == (
        "fail", "needs_review",
        "初步建议名单（流程节点#6.决议内容）列有 3 家企业：甲公司、乙公司、丙公司，多于省定推荐数量 2，超出的企业无法全部推荐。")


def test_a_separator_inside_brackets_does_not_split_an_enterprise(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 2
    _step(record, "初步建议名单")["决议内容"] = "甲公司（含威海分公司、文登分公司）、乙公司"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == (
        "compliant", ("pass", "compliant", "初步建议名单列有 2 家企业，未超过省定推荐数量 2。"))


def test_a_proposed_list_ending_in_deng_without_a_number_cannot_be_counted(tmp_path):
    record = _base("W-17")
    record["轮次"]["省定推荐数量"] = 2
    _step(record, "初步建议名单")["决议内容"] = "甲公司、乙公司等"
    verdict, found = _findings(tmp_path, record)
    assert (verdict, found["PROC-PROPOSED-LIST-QUOTA"]) == ("needs_review", (
        "missing", "needs_review",
        "初步建议名单（流程节点#8.决议内容）列出 2 家企业后写“等”，未写明共几家，无法核对名单家数是否超过省定推荐数量 2。"))
