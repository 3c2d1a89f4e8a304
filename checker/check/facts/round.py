"""Facts of an application within its round: the round's lists (重点领域, 后备库, 认定名单, 弄虚作假
查实名单), the district's and the city's review steps, the evidence attached, the route it came by,
and what the round's notice says of dishonest enterprises.

Every list is judged on the reference date; a list the reviewer did not give is its own word
(``no_register``, ``no_key_fields``), which the rules turn into ``missing`` or ``not_applicable``
as the seeds warrant, never into a pass.
"""

from __future__ import annotations

import re
from typing import Any

from checker.check.context import ApplicationCase
from checker.check.facts.applicant import NOT_DONE_WORDS, text_presence
from checker.check.region import classify_address, district_unit
from checker.check.validate import OK, UNREADABLE, Application
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc

# How district and city reviewers write their conclusion; anything else is "unclear".
PASSED_WORDS = {"通过", "同意", "同意推荐", "推荐", "合格", "符合", "符合条件", "是", "予以推荐", "审核通过", "初审通过", "复审通过"}
# a bracketed note after a conclusion that makes it conditional, partial or pending
QUALIFYING_WORDS = ("条件", "待", "补", "暂", "缓", "不", "未", "除", "但", "须", "需", "如", "若", "限", "部分", "保留")
# the district's and the city's negatives as offices write them: 不同意推荐, 初审不通过, 不予同意
REJECTED_WORDS = {"不通过", "不同意", "不推荐", "不合格", "不符合", "不符合条件", "否", "不予推荐", "未通过", "审核未通过",
                  "不同意推荐", "不予同意", "不予通过", "审核不通过", "初审不通过", "初审未通过", "复审不通过", "复审未通过",
                  "不符合要求", "不符合申报条件", "不建议推荐"}


def review_state(application: Application, name: str) -> str:
    value = application.get(name)
    if value.state != OK:
        return value.state
    # "通过（2021-05-10）", "同意推荐。": the conclusion without a trailing note or full stop; a note
    # that qualifies it (同意（附条件）, 通过（待补充审计报告）, 推荐（暂缓）) is no plain conclusion
    written = nfkc(value.value).replace(" ", "")
    text = re.sub(r"\(.*\)$", "", written).rstrip("。.;；")
    if text in PASSED_WORDS:
        note = re.search(r"\((.*)\)[。.;；]*$", written)
        return "unclear" if note and any(word in note.group(1) for word in QUALIFYING_WORDS) else "passed"
    if text in REJECTED_WORDS:
        return "rejected"
    return _clauses_state(text) if note_free(written, text) else "unclear"


# the review named before its conclusion: 经初审，…; 经我局审核，…; 经环翠区工信局初审，…; 初审意见：…
_REVIEW_OPENING = re.compile(r"^(?:经[^,;:。()]{0,12}?(?:初审|复审|审核|审查|评审)(?:意见)?|(?:初审|复审|审核|审查)意见)[,:;。]?")
_CLAUSE_BREAK = re.compile(r"[,;、。]")
# conclusions as offices also write them, beside PASSED_WORDS: 同意上报, 符合申报条件，同意推荐
MORE_PASSED_WORDS = frozenset({"同意上报", "同意报送", "同意申报", "推荐上报", "同意推荐上报", "符合申报条件", "符合要求", "审查通过",
                               "材料齐全", "经审核符合条件"})


def note_free(written: str, text: str) -> bool:
    """No bracketed note was set aside from the conclusion (同意（需补充审计报告） stays unclear)."""
    return written.rstrip("。.;；") == text


def _clauses_state(text: str) -> str:
    """A conclusion written in several clauses, or after the review's name (经初审，不符合申报条件;
    符合条件，同意推荐): passed when every clause passes, rejected when every clause rejects; a clause
    of anything else (符合条件，但需补充审计报告) or both kinds (初审通过，复审不通过) leaves it unclear."""
    body = _REVIEW_OPENING.sub("", text, count=1)
    clauses = [clause for clause in _CLAUSE_BREAK.split(body) if clause]
    if not clauses or (len(clauses) == 1 and body == text and text not in MORE_PASSED_WORDS):
        return "unclear"
    if all(clause in PASSED_WORDS or clause in MORE_PASSED_WORDS for clause in clauses):
        return "passed"
    if all(clause in REJECTED_WORDS for clause in clauses):
        return "rejected"
    return "unclear"


# how a district writes that nothing is attached: 无附件, 暂未提供, 没有相关证明 (never a bare 无…: 无线通信检测报告 is a document)
NO_EVIDENCE_OPENINGS = ("未附", "未提供", "缺", "无附件", "无证明", "无相关", "无任何", "没有", "暂无", "暂未", "尚未", "未能提供",
                        "暂缺", "待补充", "待提供", "待提交", "待上传")  # still to come is not attached
NO_EVIDENCE_WORDS = frozenset({"后补", "待补"})  # the whole cell only: 后补助资金拨付凭证 is a document
_STILL_TO_COME = re.compile(r"(?:后补|待补)(?!助|贴)")  # 后补营业执照, 待补审计报告; not 后补助资金拨付凭证


# a document of the list said to be missing or still to come, anywhere in the cell (营业执照（待补）,
# 营业执照，缺审计报告, 审计报告（尚未出具）, 无营业执照): the list does not say it is all attached. Never the
# words of a document's own name: 缺陷检测报告, 后补助资金拨付凭证, 无损检测报告, 无线通信产品检测报告, 待遇说明;
# nor a denial of a gap (材料齐全，无缺项)
_MISSING_PART = re.compile(
    r"未附|未提供(?!虚假)|未能提供|未出具|未上传|未提交|暂缺|暂无|暂未|(?<![无不欠])缺(?!陷|省)|(?<![无不])欠缺|(?:待|后)补(?!助|贴)"
    r"|(?:尚未|待)(?:提供|提交|上传|出具|办理|取得|附|签署|盖章)"
    # 无 opening an item and naming a document: 无营业执照, 营业执照、无审计报告 (not 无损…, 无纺布…, 无线…)
    r"|(?:^|[、,;:(/])无(?:营业执照|审计报告|财务报表|财务报告|年报|合同|发票|证明|证书|附件|材料|资料|报告)")


def evidence_state(application: Application) -> str:
    value = application.get("supporting_evidence")
    if value.state != OK:
        return value.state
    compact = nfkc(value.value).replace(" ", "").rstrip("。.;")  # 无。 is 无
    if compact in NOT_DONE_WORDS or compact in NO_EVIDENCE_WORDS or compact.startswith(NO_EVIDENCE_OPENINGS):
        return "none"
    if text_presence(value) == "absent":
        return "none"  # 0, ×, 不详, 待定: a cell filled to leave it not blank lists nothing attached
    return "none" if _STILL_TO_COME.match(compact) or _MISSING_PART.search(compact) else "listed"


def _listed(register, code: str | None, on, hit: str, miss: str) -> tuple[str, list]:
    if register is None:
        return "no_register", []
    if code is None:
        return "no_uscc", []
    entries = register.entries_on(code, on)
    return (hit if entries else miss), entries


# Weihai's development zones and 南海新区 (rules/regions.yaml lists them after the districts)
ZONES = frozenset({"火炬高技术产业开发区", "经济技术开发区", "临港经济技术开发区", "南海新区"})


def route_state(application: Application, address_region) -> tuple[str, str]:
    """(state, the district the address names) for ELIG-TERRITORIAL-ROUTE."""
    address = application.get("registered_address")
    if address.state != OK:
        return "no_address", ""
    if address_region.region == "outside":
        return "outside", address_region.place
    if address_region.region == "contradicts":
        # h139: an address contradicting itself (…环翠区…；上海市…, h137) was "未写明区市" though it names one: which
        # place is the address ELIG-REGION asks (需人工复核), so the route is not checked, said as for an address not read
        return "outside", address_region.place
    unit = address_region.place if address_region.region == "weihai" and address_region.place != "威海市" else ""
    if not unit:
        return "address_unknown", ""
    district = application.get("district")
    if district.state != OK:
        return "no_district", unit
    came_through = district_unit(district.value)
    if not came_through:
        return "district_unclear", unit
    if came_through != unit and (came_through in ZONES) != (unit in ZONES):
        # a zone against a district or county-level city (南海新区 lies in 文登区, 高区 in 环翠区): which
        # one a zone's enterprise applies through the seed leaves open (AMB-23)
        return "zone_and_district", unit
    return ("same" if came_through == unit else "different"), unit


@fact_function("district_prelim_state", "city_review_state", "route_state", values=("address_district",))
def route_facts(case: ApplicationCase, out: Facts) -> None:
    """The route an application came by: the district's and the city's review, and whether the
    district it came through is the one its address names (apart from the round's lists below, so
    that a workflow that reads only these, W-05, does not look the lists up for every case)."""
    application = case.application
    out.facts["district_prelim_state"] = review_state(application, "district_prelim")
    out.facts["city_review_state"] = review_state(application, "city_review")
    address = application.get("registered_address")
    region = classify_address(address.value) if address.state == OK else None
    out.facts["route_state"], out.values["address_district"] = route_state(application, region)


@fact_function("key_field_state", "reserve_pool_state", "recognition_state", "fraud_state", "funds_round", "evidence_state",
               "notice_bars_dishonest",
               values=("reserve_pool_entries", "reserve_pool_entries_source", "recognition_entries", "recognition_entries_source",
                       "fraud_entries", "fraud_entries_source", "reference_date", "key_fields", "key_fields_matched"))
def round_facts(case: ApplicationCase, out: Facts) -> None:
    application, context, facts, values = case.application, case.context, out.facts, out.values
    facts["evidence_state"] = evidence_state(application)
    facts["funds_round"] = "yes" if context.with_funds else "no"
    notice = context.notice
    facts["notice_bars_dishonest"] = "unstated" if notice is None or notice.bars_dishonest is None else (
        "yes" if notice.bars_dishonest else "no")
    _key_fields(case, facts, values)
    uscc = application.get("uscc")
    code = uscc.value if uscc.state == OK else None
    for fact, register, hit, miss, shown in (
        ("reserve_pool_state", context.reserve_pool, "listed", "not_listed", "reserve_pool_entries"),
        ("recognition_state", context.recognitions, "recognised", "not_recognised", "recognition_entries"),
        ("fraud_state", context.fraud_findings, "found", "clear", "fraud_entries"),
    ):
        facts[fact], entries = _listed(register, code, case.on, hit, miss)
        if fact == "fraud_state" and entries and not case.dated:
            # no reference date: whether the finding came before the application is not known
            facts[fact] = "undated"
        values[shown] = "；".join(entry.describe() for entry in entries)
        if register is not None:
            values[f"{shown}_source"] = register.name
    values["reference_date"] = case.on.isoformat() if case.dated else "（未给出）"


def _key_fields(case: ApplicationCase, facts: dict[str, Any], values: dict[str, str]) -> None:
    key_fields = case.context.key_fields
    field = case.application.get("project_field")
    values["key_fields"] = "、".join(key_fields.names) if key_fields else ""
    if key_fields is None:
        facts["key_field_state"] = "no_key_fields"
    elif field.state != OK:
        facts["key_field_state"] = UNREADABLE if field.state == UNREADABLE else "absent"
    elif text_presence(field) == "absent":
        facts["key_field_state"] = "absent"  # 无, /, —: the field is not given, no field outside the key fields
    else:
        matched = key_fields.matches(field.value)
        near = [] if matched else key_fields.near(field.value)
        facts["key_field_state"] = "in" if matched else "near" if near else "out"
        values["key_fields_matched"] = "、".join(matched or near)
