"""Facts of the applicant and of its row: what a column gives by its kind, and judgements of
address, USCC, 核准/备案, window and the credit and debarment registers.

This is the engine boundary. Every fact is an ``int`` or a word from a small closed set, declared
in the vocabulary (``rules/fields.yaml`` for facts a column gives by its kind, ``rules/facts/
application.yaml`` for the facts judged here); the rulebook loader refuses conditions on undeclared
facts, with the wrong type or with a word outside the set. Money is integer 分, dates are integer
yyyymmdd, yes/no answers and field states are words. Judgements that need more than a comparison
(is this address in Weihai? is this text a 核准/备案 number?) are made here in Python, once, and
reach both evaluators alike.
"""

from __future__ import annotations

import re

import datetime as dt
from typing import Any

from checker.check.context import ApplicationCase
from checker.check.region import classify_address, uscc_division, uscc_in_weihai
from checker.check.registers import fund_match
from checker.check.validate import ABSENT, OK, UNREADABLE, Application
from checker.core.evaluator import Facts, fact_function
from checker.core.text import name_key, nfkc
from checker.core.values import date_int, wan_to_fen

# Text that says the formalities were NOT done, although the cell is not blank.
NOT_DONE_WORDS = {"无", "没有", "否", "未办理", "未核准", "未备案", "暂无", "办理中", "正在办理", "在办", "待办", "/", "-", "—", "——", "无备案"}
# ... or says they are still to be done: 待补, 待补充, 待办理, 待批, 拟办理 (no 文号 begins so)
PENDING_OPENINGS = ("待", "拟")
# ... and, beside a number, words saying they are not complete, anywhere in the cell
UNFINISHED_WORDS = ("办理中", "备案中", "核准中", "审批中", "申请中", "报批中", "审核中", "正在", "尚未", "未取得", "未办",
                    "未备案", "未核准", "预计", "待", "拟", "撤销", "过期", "失效", "作废", "注销")
# figures of a 文号 or 项目代码, the financial (大写) numerals included: 〇〇壹号 is number 1, not zeros
FIGURES = "〇○零一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾"
# a date or a 文号's year says when, not which filing: 〔2020〕0号 and 文号0，2020年7月备案 number nothing
_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九壹贰叁肆伍陆柒捌玖]{4})"
_MONTH_DAY = r"[\d一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3}"
DATE_PARTS = re.compile(
    rf"{_YEAR}年(?:{_MONTH_DAY}月(?:{_MONTH_DAY}日)?)?"  # 2020年7月, 二〇二〇年七月十五日, 贰零贰零年柒月
    r"|(?<!\d)\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?(?![\d-])"  # 2020-07-15, 2020.7, 2020-07 (not a 项目代码's 2020-371002)
    rf"|[〔\[(【]{_YEAR}[〕\])】]"  # 〔2020〕, 〔二〇二〇〕
    r"|^(?:19|20)\d{2}$"  # a year alone
    r"|^\d{4}(?=-\d{6}-\d{2}-\d{2}-\d{6}$)")  # a 项目代码's year: 2020-000000-00-00-000000 numbers nothing
NONE_BEFORE_NOTE = ("无(", "无,", "无;", "无:", "无、", "无。")  # NFKC: 无（…） is 无(…)
# A text cell that only says there is nothing (推荐文号 "无", 不予受理理由 "/"): no document, no reason.
NOTHING_WORDS = frozenset({"无", "没有", "暂无", "/", "\\", "-", "--", "—", "——", "不详", "未填", "未填写", "n/a", "na", "none", "null",
                           "否", "0", "〇", "×", "x",
                           # still to come is not there (the whole cell only: a reason may open 暂缺营业执照…)
                           "待行文", "待出具", "待补", "待补充", "待提供", "待定", "后补", "暂缺", "待上报"})


# ... or opens by saying so: 暂无, 尚未行文, 无推荐文号, 未说明理由 (never a bare 无…: a reason may begin with 无)
NOTHING_OPENINGS = ("暂无", "暂未", "没有", "尚未", "未行文", "未出具", "未说明", "无推荐", "无文号", "无理由")


def text_presence(value) -> str:
    """present | absent | unreadable for a declared text field: a cell saying there is nothing is absent."""
    if value.state != OK:
        return value.state
    compact = nfkc(str(value.value)).replace(" ", "").lower().rstrip("。.;")  # 无。 is 无
    # the cell's first words, a note after them set aside: 待行文（预计7月）, 暂缺，待区里行文 say none yet
    head = _NOTE_AFTER.split(compact, 1)[0]
    return "absent" if compact in NOTHING_WORDS or head in NOTHING_WORDS or compact.startswith(NOTHING_OPENINGS) else "present"


_NOTE_AFTER = re.compile(r"[(,;:]")


BRANCH_MARKERS = ("分公司", "分厂", "分支机构", "办事处", "分部")
# A name that states a form of enterprise with no legal-person status (民法典第一百零二条: 个人独资企业、合伙企业
# are 非法人组织; 第五十四条: a 个体工商户 is a natural person's business). A partnership's name states its kind in
# brackets (合伙企业登记管理办法: 普通合伙, 特殊普通合伙, 有限合伙); the words alone count only when the name is
# no company's (威海合伙企业管理咨询有限公司 is a company: a legal person whose trade is managing partnerships).
UNINCORPORATED_BRACKETS = ("(有限合伙)", "(普通合伙)", "(特殊普通合伙)")  # NFKC: （有限合伙） is (有限合伙)
UNINCORPORATED_WORDS = (("个人独资企业", "sole_proprietorship"), ("个体工商户", "individual_business"), ("合伙企业", "partnership"))
UNINCORPORATED_SAID = {"partnership": "合伙企业", "sole_proprietorship": "个人独资企业", "individual_business": "个体工商户"}
_COMPANY_END = re.compile(r"公司(?:\([^()]*\))?$")


# a sole proprietorship's name with its form in brackets, as registered: 威海某某机械厂（个人独资）
SOLE_BRACKETS = ("(个人独资)", "(个人独资企业)")


def entity_form_by_name(name: str) -> str:
    """partnership | sole_proprietorship | individual_business when the enterprise's name says it is one, else other."""
    compact = nfkc(name).replace(" ", "")
    if any(mark in compact for mark in UNINCORPORATED_BRACKETS):
        return "partnership"
    if any(mark in compact for mark in SOLE_BRACKETS):
        return "sole_proprietorship"
    if _COMPANY_END.search(compact):
        return "other"
    for word, form in UNINCORPORATED_WORDS:
        if word in compact:
            return form
    return "other"


# 所在区市 written for an applicant of the city itself, under no district: 市直, 市本级, 市直企业, 市属企业,
# 威海市直 (the city's name before it aside)
_CITY_LEVEL = re.compile(r"(?:山东省?)?(?:威海)?(?:市直属?|市本级|市属|市级)(?:企业|单位)?")


def district_level(application: Application) -> str:
    """city_level when 所在区市 names the city itself (市直), absent when it is blank, else district."""
    district = application.get("district")
    if district.state != OK:
        return "absent"
    return "city_level" if _CITY_LEVEL.fullmatch(nfkc(str(district.value)).replace(" ", "")) else "district"


# --- facts a column gives by its kind (rules/fields.yaml) ------------------------------------------


def _kind_facts(spec, application: Application) -> dict[str, Any]:
    value = application.get(spec.name)
    prefix = spec.facts
    if spec.kind == "amount":
        return {f"{prefix}_state": value.state, **({f"{prefix}_fen": wan_to_fen(value.value)} if value.state == OK else {})}
    if spec.kind == "date":
        return {f"{prefix}_state": value.state, **({f"{prefix}_on": date_int(value.value)} if value.state == OK else {})}
    if spec.kind == "yesno":
        return {prefix: ("yes" if value.value else "no") if value.state == OK else value.state}
    if spec.kind == "text":
        return {prefix: text_presence(value)}
    if spec.kind == "count":
        return {f"{prefix}_state": value.state, **({f"{prefix}_n": value.value} if value.state == OK else {})}
    return {}


# per kind: the state fact's suffix, the value fact's suffix and how the typed value becomes it
_NUMBER_KINDS = {"amount": ("_state", "_fen", wan_to_fen), "date": ("_state", "_on", date_int), "count": ("_state", "_n", None)}


def _column_readers(fields, needed: frozenset[str] | None = None) -> list[tuple]:
    """(field name, kind, state fact, value fact, convert) of every field that gives facts, in field
    order: the fact names worked out once per field set instead of once per case (``_kind_facts``
    is the same rule, spelled out; tests/test_facts_columns.py holds the two together). With
    ``needed`` (the facts the case's rules read), only the fields giving one of them: a W-05 batch
    reads a dozen of the contract's ~40 fact-giving fields."""
    key = (id(fields), id(needed))
    cached = _READERS.get(key)
    if cached is None or cached[0] is not fields or cached[1] is not needed:
        readers = []
        for spec in fields.specs:
            if spec.facts is None or spec.kind not in (*_NUMBER_KINDS, "yesno", "text"):
                continue
            state_suffix, value_suffix, convert = _NUMBER_KINDS.get(spec.kind, ("", None, None))
            reader = (spec.name, spec.kind, spec.facts + state_suffix, spec.facts + value_suffix if value_suffix else None, convert)
            if needed is None or reader[2] in needed or reader[3] in needed:
                readers.append(reader)
        if len(_READERS) >= 256:
            _READERS.clear()
        cached = _READERS[key] = (fields, needed, readers)
    return cached[2]


_READERS: dict[tuple, tuple] = {}


@fact_function()
def column_facts(case: ApplicationCase, out: Facts) -> None:
    """Amount, date, yes/no and declared text fields: their facts follow from their kind.
    Absent numbers are left out, never set to 0."""
    facts, values = out.facts, case.application.values
    for name, kind, state_fact, value_fact, convert in _column_readers(case.fields, case.facts_needed):
        value = values.get(name)
        state = value.state if value is not None else ABSENT
        if kind == "yesno":
            facts[state_fact] = ("yes" if value.value else "no") if state == OK else state
        elif kind == "text":
            facts[state_fact] = text_presence(value) if value is not None else state
        else:
            facts[state_fact] = state
            if state == OK:
                facts[value_fact] = convert(value.value) if convert is not None else value.value


# --- facts judged in Python (rules/facts/application.yaml) --------------------------------------


def approval_filing_state(text: str) -> str:
    if not text:
        return "absent"
    compact = nfkc(text).replace(" ", "")
    if compact in NOT_DONE_WORDS or compact.startswith(("未", "正在", "尚未", "暂无", "暂未", "没有", "无备案", "无核准", "无批复", "无文号", "无项目代码")):
        return "not_done"
    # still pending: 待补, 待补充, 待办理, 待备案, 拟办理; or under way: 备案中, 审批中, 申请中, 报批中 (a 文号 ends in 号 or a digit)
    if compact.startswith(PENDING_OPENINGS) or compact.rstrip("。.").endswith("中"):
        return "not_done"
    # a 文号 carries its year and number (威环发改备〔2020〕15号), a 项目代码 its digits: 已备案, 有 or x
    # says the filing was made but gives nothing to verify it by
    if not _has_number(compact):
        return "no_number"
    # a number beside words saying the formalities are not complete ("办理中，预计2021年8月取得",
    # "无（2021年8月办理）", "2021-371002-34-03-000001（备案中）", "备案已撤销（…）"): the digits may be a
    # date or a code of a filing not finished, for the reviewer to verify
    # (中心 is no 中 of an act under way: "…备案中心出具" names the office that filed it)
    probe = compact.replace("中心", "")
    if compact.startswith(NONE_BEFORE_NOTE) or any(word in probe for word in UNFINISHED_WORDS):
        return "unfinished"
    # the number once its dates are set aside: 〔2020〕0号, 已于2020年7月备案
    if not _has_number(DATE_PARTS.sub("", compact)):
        return "no_number"
    return "present"


def _has_number(text: str) -> bool:
    """Figures other than zeros: a number of zeros only (0, 0.0, 〇, 0号, 文号0, 00-00) is a cell filled
    to leave it not blank, as 推荐文号 0 is: no number to verify."""
    figures = [ch for ch in text if ch.isdigit() or ch in FIGURES]
    return any(ch not in "0〇○零" for ch in figures)


@fact_function("address_region", "uscc_state", "uscc_region", "uscc_kind", "uscc_batch_count", "name_batch_count", "name_uncoded_count",
               "branch_office_name", "name_entity_form", "district_level", "project_field_column",
               "approval_filing", "window_state", "window_start", "window_end", "credit_state", "debarment_state")
def judged_facts(case: ApplicationCase, out: Facts) -> None:
    application, context, facts = case.application, case.context, out.facts
    address = application.get("registered_address")
    facts["address_region"] = classify_address(address.value).region if address.state == OK else address.state
    uscc = application.get("uscc")
    facts["uscc_state"] = uscc.state
    facts["uscc_region"] = ("weihai" if uscc_in_weihai(uscc.value) else "other") if uscc.state == OK else "none"
    # GB 32100-2015 positions 1-2: 登记管理部门 9 (市场监管) and 机构类别 2, a 个体工商户 (no legal person)
    facts["uscc_kind"] = ("sole_trader" if uscc.value.startswith("92") else "other") if uscc.state == OK else "none"
    name = application.text("company_name")
    if uscc.state == OK:
        facts["uscc_batch_count"] = context.uscc_counts.get(uscc.value, 1)
        # the same enterprise on a line without a valid code (威海甲（集团）有限公司 beside 威海甲集团有限公司):
        # this application and those, each naming the other
        facts["name_uncoded_count"] = 1 + len(_same_name_entries(case, name, uncoded=True)[0]) if name else 1
    if uscc.state != OK:
        # no code to compare: a row pasted twice, its USCC left blank, is known by its name (0: none)
        facts["name_batch_count"] = context.name_counts.get(name_key(name), 1) if name else 0
    facts["branch_office_name"] = int(any(marker in name for marker in BRANCH_MARKERS))
    facts["name_entity_form"] = entity_form_by_name(name) if name else "other"
    facts["district_level"] = district_level(application)
    # whether a message may name the 项目领域: the table has such a column (its cell filled or blank) or none
    facts["project_field_column"] = "listed" if "project_field" in application.values else "no_column"
    approval = application.get("approval_filing")
    facts["approval_filing"] = UNREADABLE if approval.state == UNREADABLE else approval_filing_state(application.text("approval_filing"))
    if context.window:
        facts["window_state"] = "given"
        facts["window_start"] = date_int(context.window.start)
        facts["window_end"] = date_int(context.window.end)
    else:
        facts["window_state"] = "not_given"
    code = uscc.value if uscc.state == OK else None
    facts["credit_state"] = _register_state(context.credit, code, case.on, "clean", "adverse")
    if facts["credit_state"] in ("clean", "adverse") and not case.dated and context.credit.by_uscc.get(code):
        # no reference date: whether a record stood when the enterprise applied is not known (one
        # removed since is out of force on the last day there is, one established later is not yet)
        facts["credit_state"] = "undated"
    facts["debarment_state"] = _register_state(context.debarments, code, case.on, "clear", "debarred", context.fund_name)
    if facts["debarment_state"] == "clear" and not case.dated and context.debarments.records_of(code, context.fund_name, unsure=True):
        # no reference date (judged on the last day there is): every disqualification has run out by
        # then, and one the enterprise is listed with may well have covered its application
        facts["debarment_state"] = "undated"
    elif facts["debarment_state"] == "clear" and case.dated and context.debarments.records_on(code, case.on, context.fund_name, unsure=True):
        # h154: a disqualification from a fund named with other words before the round's (威海市工业和信息化专项资金
        # beside 工业和信息化专项资金): the same fund or not is the reviewer's to say (registers.py fund_match)
        facts["debarment_state"] = "fund_unsure"
    out.values.update(message_values(case, facts))


SHOWN_ROWS = 5  # other applications named in a duplicate's message; more are counted (一企 with 200 rows: no 200 names each)


def _same_name_entries(case: ApplicationCase, name: str, uncoded: bool) -> tuple[tuple, bool]:
    """The batch's applications under this company name (brackets, spaces and 有限责任公司/有限公司
    aside), and whether this one is among them; ``uncoded``: only those without a valid code."""
    every, without_code = case.context.name_rows.get(name_key(name), ((), ()))
    if uncoded:  # this application's code is valid: it is not among those without one
        return without_code, False
    return every, bool(every)


def _others(entries: tuple, own: tuple, among: bool, written_id: str = "") -> str:
    """The other applications of ``entries`` as a reviewer finds them (id and line), the first
    SHOWN_ROWS named and the rest counted, in time independent of how many there are. Another
    application under this one's own id (ids that are bare running numbers, 1 written twice) is named
    by its line alone: "另见 1" in the notice of application 1 would name the applicant itself."""
    total = len(entries) - (1 if among else 0)
    # this application's id as the labels hold it (written_id: this one's own cell, when it is not among them)
    own_id = next((_id_of(entry[2]) for entry in entries if (entry[0], entry[1]) == own), None) if among else nfkc(str(written_id)).strip()
    shown = []
    for entry in entries:
        if len(shown) == SHOWN_ROWS:
            break
        if (entry[0], entry[1]) != own:
            label = entry[2]
            if own_id and _id_of(label) == own_id:
                label = _LABEL.fullmatch(label).group(2)
            shown.append(label)
    return "、".join(shown) + (f" 等 {total} 件" if total > len(shown) else "")


# an application's label in a batch (checker/check/batch.py): "<id>（第 N 行）", "<id>（<file> 第 N 行）", or the line alone
_LABEL = re.compile(r"(.+?)（((?:.* )?第 \d+ 行)）")


def _id_of(label: str) -> str:
    match = _LABEL.fullmatch(label)
    return match.group(1) if match else ""


def _removed(record) -> str:
    return f"，移出日期 {record.removed.isoformat()}" if record.removed is not None else ""


def _fund_said(listed: str, fund: str | None) -> str:
    """How a register's 专项名称 was read against the round's, when they are not written alike (h154)."""
    match = fund_match(listed, fund)
    if match == "year":
        return f"；与本轮专项名称“{fund}”只差年度，按同一专项资金计"
    if match == "prefix":
        return f"；与本轮专项名称“{fund}”只差前面的文字，是否同一专项资金无法确定"
    return ""


def _register_state(register, code, on: dt.date, clear: str, hit: str, *extra) -> str:
    if register is None:
        return "no_register"
    if code is None:
        return "no_uscc"
    return hit if register.matches(code, on, *extra) else clear


def message_values(case: ApplicationCase, facts: dict[str, Any]) -> dict[str, str]:
    """Values a finding's message may quote: each field's display text plus derived names and
    the register entries that decided a register rule."""
    application, context, on = case.application, case.context, case.on
    # a field left blank, or without a column, is not listed: a message quoting it reads BLANK all the
    # same (checker/core/findings.py fill), and most of the contract's fields have no column in a form
    values = {name: v.display for name, v in application.values.items() if v.state != ABSENT}
    address = application.get("registered_address")
    values["address_place"] = classify_address(address.value).place if address.state == OK else ""
    uscc = application.get("uscc")
    values["uscc_division"] = uscc_division(uscc.value) if uscc.state == OK else ""
    values["uscc_batch_count"] = str(facts.get("uscc_batch_count", ""))
    values["name_batch_count"] = str(facts.get("name_batch_count", ""))
    name = application.text("company_name")
    values["entity_form_said"] = UNINCORPORATED_SAID.get(facts.get("name_entity_form", ""), "")
    if context.window:  # the round's window as given (--window), for a message on the date submitted
        values["window_first"], values["window_last"] = context.window.start.isoformat(), context.window.end.isoformat()
    # the 项目领域 a message names (a rule says nothing of it when the table has no such column: project_field_column)
    field = application.get("project_field")
    values["project_field_said"] = "未填写" if field.state == ABSENT else field.display
    own = (application.sheet, application.row)
    if uscc.state == OK and facts.get("uscc_batch_count", 1) > 1:
        entries = context.uscc_rows.get(uscc.value, ())
        values["duplicate_rows"] = _others(entries, own, bool(entries), application.text("application_id"))
    else:
        entries, among = _same_name_entries(case, name, uncoded=uscc.state == OK) if name else ((), False)
        values["duplicate_rows"] = _others(entries, own, among, application.text("application_id"))
    if uscc.state == UNREADABLE:
        values["uscc"] = uscc.display
    if uscc.state == OK:
        if context.credit is not None:
            values["credit_records"] = "；".join(
                f"{r.kind}（认定日期 {r.date.isoformat()}，来源 {r.source or '未注明'}）" for r in context.credit.records_on(uscc.value, on)
            ) if case.dated else "；".join(  # no reference date: every record, with the day it was removed
                f"{r.kind}（认定日期 {r.date.isoformat()}，来源 {r.source or '未注明'}{_removed(r)}）"
                for r in context.credit.by_uscc.get(uscc.value, [])
            )
        if context.debarments is not None:
            # h154: each entry says how its 专项名称 was compared with the round's when the two are not written alike
            values["debarments"] = "；".join(
                f"{d.fund}（自 {d.start.isoformat()} 起 {d.years} 年{_fund_said(d.fund, context.fund_name)}）"
                for d in (context.debarments.records_on(uscc.value, on, context.fund_name, unsure=True) if case.dated
                          else context.debarments.records_of(uscc.value, context.fund_name, unsure=True))
            )
    return values
