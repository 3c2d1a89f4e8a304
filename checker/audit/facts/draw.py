"""The expert draw: panel size, who drew, from which field, whether the ledger holds (and re-derives)
the draw, and, where the seed uses experts without fixing number or method, whether the review and
its experts are recorded at all.

A round record without the 专家抽取 sheet says nothing about the draw (``no_sheet``: missing); a
sheet with no rows says there was none (a fail where the seed requires a draw)."""

from __future__ import annotations

import re

from checker.audit.facts.common import RoundCase, cell_parts, draw_role, names_unit, split_list, step_day, unknown_role
from checker.audit.facts.disclosure import name_list  # an English name (Weihai Foo Co., Ltd.) kept whole
from checker.audit.facts.ledger_check import check_draw
from checker.audit.record import SHEET_DRAW, first_moment
from checker.check.region import PROVINCES, SHANDONG_OTHER_CITIES, WEIHAI_UNITS
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc
from checker.draw.pool import normalise_unit
from checker.draw.recusal import employer_key


def _sheet_missing(case: RoundCase) -> bool:
    return SHEET_DRAW not in case.record.sheets_present


@fact_function("draw_rows", "draw_sheet", "draw_unknown_roles", "draw_unmarked_subs", "draw_panel_size", "draw_office_state", "draw_field_state", "draw_random_state")
def draw_facts(case: RoundCase, out: Facts) -> None:
    record, facts, values = case.record, out.facts, out.values
    rows = record.draws
    facts["draw_sheet"] = "absent" if _sheet_missing(case) else "present"
    facts["draw_rows"] = len(rows)
    unknown = [r for r in rows if unknown_role(r)]
    facts["draw_unknown_roles"] = len(unknown)
    values["draw_unknown_roles"] = "、".join(f"{_named(r)}（{r.shown('role')}）" for r in unknown) or "无"
    panel = [r for r in rows if draw_role(r) in ("", "正选")]
    subs = [r for r in rows if draw_role(r) in ("替补",)]
    # The panel that reviewed: 正选 plus the 替补 who took a replaced expert's seat (a replaced
    # expert is left out of the sheet or marked 已替换), the same panel DRAW-RANDOM compares
    # with the ledger after its substitutions.
    serving = panel + subs
    # One expert listed on two rows is one of the seven, not two (001:2581 "随机抽取7名专家").
    seen: dict[str, int] = {}
    for row in serving:
        key = nfkc(row.text("expert_id")).upper()
        seen[key] = seen.get(key, 0) + 1 if key else 0
    repeated = [k for k, n in seen.items() if n > 1]
    size = len(serving) - sum(seen[k] - 1 for k in repeated)
    facts["draw_panel_size"] = size
    values["draw_panel_size"] = str(size)
    # each expert once, as the count has them (E016 and e016 are one: the first writing shown), so that
    # "6 名（…）" lists six ids; a blank id is each row's own
    listed: dict[str, str] = {}
    for r in serving:
        written = r.text("expert_id")
        listed.setdefault(nfkc(written).upper() if written else r.ref("expert_id"), written or f"编号空白（{r.ref('expert_id')}）")
    values["draw_panel"] = ("、".join(listed.values()) or "（无）") + (
        f"；重复列出：{'、'.join(repeated)}" if repeated else "")
    values["draw_substitutes"] = "、".join(r.text("expert_id") for r in subs) or "无"
    # a 替补 beside no 已替换 line: whom it replaced is not recorded, so whether the replaced 正选 also sat
    # (the panel larger than drawn) or is still listed by mistake cannot be told
    replaced = [r for r in rows if draw_role(r) == "已替换"]
    facts["draw_unmarked_subs"] = max(0, len(subs) - len(replaced))
    offices = [r.text("office") for r in rows]
    # a 政工科 cell read for whose office it names: another body's (区政工科) or one written 政工处
    kinds = [_zgk_kind(r.text("office")) if r.text("office") and names_unit(r.text("office"), "政工") else "" for r in rows]
    elsewhere = [r for r, kind in zip(rows, kinds) if kind == "elsewhere"]
    misnamed = [r for r, kind in zip(rows, kinds) if kind == "misnamed"]
    if not rows:
        facts["draw_office_state"] = "no_sheet" if _sheet_missing(case) else "absent"
    elif not all(offices):
        facts["draw_office_state"] = "blank"
    else:
        facts["draw_office_state"] = ("other" if not all(names_unit(o, "政工") for o in offices)
                                      else "elsewhere" if elsewhere else "misnamed" if misnamed
                                      else "shared" if any(_names_another_office(o) for o in offices) else "zgk")
    # as written (政工科（人事科）, not its NFKC form): the inspector reads what the sheet says
    values["draw_office"] = "、".join(sorted({r.shown("office") for r in rows if r.text("office")})) or "（未填）"
    # the rows of another office, each by its cell: "办公室、局政工科" is no office that drew; nor is a district
    # bureau's 政工科 (环翠区工信局政工科), listed with them
    values["draw_office_other"] = _offices_text([r for r in rows if r.text("office") and (
        not names_unit(r.text("office"), "政工") or r in elsewhere)])
    values["draw_office_elsewhere"] = _offices_text(elsewhere) or "无"
    values["draw_office_misnamed"] = _offices_text(misnamed) or "无"
    facts["draw_field_state"] = _field_state(case, serving, values)
    if facts["draw_field_state"] == "ok":
        # a row of no known role may have served: its field is checked too, never passed unseen
        _field_state(case, unknown, unclear := {})
        if unclear["draw_field_mismatch"] != "无" or unclear["draw_field_unknown"] != "无":
            facts["draw_field_state"] = "unknown_role"
            values["draw_field_unclear"] = "、".join(x for x in (unclear["draw_field_mismatch"], unclear["draw_field_unknown"]) if x != "无")
    # h167: the review's first moment (with the times its rows write), against which the ledger's time is compared
    review = first_moment(record.steps_of("expert_review"))
    review_state = "dated" if review else ("absent" if not record.steps_of("expert_review") else "undated")
    facts["draw_random_state"], values["draw_random_detail"] = check_draw(record, case.context.ledger_view(), review, review_state)


def _offices_text(rows) -> str:
    """Each office written and where: one or two cells by name, more as the first and the count."""
    by_office: dict[str, list[str]] = {}
    for row in rows:  # shown as written (the first spelling of an office written two ways)
        by_office.setdefault(row.shown("office"), []).append(row.ref("office"))
    return "；".join(f"“{office}”（{'、'.join(refs) if len(refs) <= 2 else f'{refs[0]} 等 {len(refs)} 行'}）"
                    for office, refs in by_office.items())


_ZGK_NAMES = ("政治工作科", "政工科", "人才工作科")  # one office, two nameplates (001:892), 政工科 in full (common._ALIASES)


# Where 政工科 is named in a cell (common._UNIT_WORDS, its full name, its other nameplate) and what follows the
# name: 科 is the bureau's office; 处 is the name of a provincial department's office (山东省工业和信息化厅政工处).
_ZGK_WORD = re.compile(r"(?<![市行财民邮家])(?:政工|政治工作|人才工作)(?![程作])(处)?")
# A body other than the city bureau named before its 政工科: a district or county (区, 县: 区政工科, 环翠区工信局政工科,
# 高区工信局政工科), one of the city's county-level cities (荣成市, 乳山市, the former 文登市), a province or its
# department (省, 厅). 市, 威海市, 市工信局, 威海市工业和信息化局, 局 name the city bureau itself.
_OTHER_BODY = re.compile("|".join(["[区县省厅]", *sorted({re.escape(nfkc(name)) for name, _ in WEIHAI_UNITS} | {
    re.escape(nfkc(place)) for place in (*PROVINCES, *SHANDONG_OTHER_CITIES)}, key=len, reverse=True)]))


def _zgk_kind(text: str) -> str:
    """A 抽取科室 cell naming 政工科 read for whose office it is: ``elsewhere`` when a part names it with another
    body before it (a district's, a county-level city's, the province's: certainly not the city bureau's office
    the seed names, 001:2581 "局政工科"), ``misnamed`` when written 政工处 (no office of the bureau is a 处: a
    misnaming of 政工科 or another body's office, which the cell does not settle), else ``zgk``."""
    kind = "zgk"
    for part in cell_parts(text):
        for match in _ZGK_WORD.finditer(part):
            if any(n in part for n in ("非", "不是")):
                continue  # named only to deny it (非局政工科): names_unit reads it as no 政工科
            if _OTHER_BODY.search(part[:match.start()]):
                return "elsewhere"
            if match.group(1):
                kind = "misnamed"
    return kind


def _names_another_office(text: str) -> bool:
    """A 抽取科室 cell that names 政工科 and another 科 too ("科技科会同政工科", "局政工科监督、科室抽取"):
    who drew is not settled by the cell."""
    for part in cell_parts(text):
        rest = nfkc(part)
        for name in _ZGK_NAMES:
            rest = rest.replace(name, "")
        if "科" in rest or any(found.group() not in _PROXY_WORDS or not _zgk_drew(nfkc(part), found.group())
                               for found in _OTHER_OFFICE.finditer(rest)):
            return True
    return False


# h139: 政工科代抽 (代为抽取, 代理…) says 政工科 drew, for the section whose review it is: the word right after
# 政工科's name (brackets and spaces aside), no one else named as the drawer. It needed review as "写有其他科室" where it had passed;
# 政工科（办公室代抽） still asks (室 names the office), and so does 委托 (政工科 handing the draw to someone)
_PROXY_WORDS = ("代抽", "代为", "代办", "代理")


def _zgk_drew(text: str, word: str) -> bool:
    """Whether the proxy ``word`` follows a name of 政工科 itself, brackets and spaces aside (政工科代抽, 局政工科（代抽）)."""
    head = re.sub(r"[()\s]", "", text[:text.find(word)])
    return head.endswith(tuple(_ZGK_NAMES))


# Another office than a 科 (办公室, 档案室, 信息中心), or the draw done for 政工科 by someone else ("政工科（办公室代抽）",
# "政工科委托…"): the cell passed as 局政工科's draw (h135). 纪检组 is not among them: it watches the draw (监督).
# A 会议室 or 抽取室 is the room the draw was held in, no office (h140: "局政工科（在局三楼会议室抽取）" needed review).
_OTHER_OFFICE = re.compile(r"(?<!会议)(?<!抽取)室|中心|代抽|代为|代办|代理|委托")


def _pool_standing(case: RoundCase, serving) -> tuple[list[str], list[str]]:
    """With the pool given (--pool): the serving experts it does not list, and those it lists with a
    状态 other than 在库 (暂停, 退出), each with it. The pool is today's: a status may have changed
    since the draw, so that is for the inspector to verify, while an expert it never held is not."""
    if case.context.pool is None:
        return [], []
    from checker.draw.pool import STATUS_ACTIVE

    from checker.draw.pool import expert_id_key

    # ids compared as the pool tells its experts apart (zj001 is ZJ001)
    status = {expert_id_key(e.expert_id): e.status for e in case.context.pool.experts}
    outside, inactive = [], []
    for row in serving:
        expert = row.text("expert_id")
        if not expert:
            continue  # an id left blank is named by the rules on blank ids, not as an outsider
        key = expert_id_key(expert)
        if key not in status:
            outside.append(_named(row))
        elif status[key] != STATUS_ACTIVE:
            inactive.append(f"{_named(row)}（{status[key]}）")
    return list(dict.fromkeys(outside)), list(dict.fromkeys(inactive))


def _named(row) -> str:
    """An expert's line as a list names it: by its 专家编号, or by its cell when that is blank (a
    blank id joined as nothing: 以下专家的专业领域未填写：无, for a line that had none)."""
    return row.text("expert_id") or f"编号空白（{row.ref('expert_id')}）"


def _field_state(case: RoundCase, serving, values: dict) -> str:
    """Each serving expert's fields (the pool fills a blank cell) against the round's field."""
    from checker.draw.pool import expert_id_key

    # ids as the pool tells its experts apart (zj001 is ZJ001)
    pool_fields = ({expert_id_key(e.expert_id): set(e.fields) for e in case.context.pool.experts}
                   if case.context.pool is not None else {})
    wanted = split_list(case.record.field)
    mismatched, unknown = [], []
    for row in serving:
        expert = row.text("expert_id")
        pooled = pool_fields.get(expert_id_key(expert), set()) if expert else set()
        fields = split_list(row.text("field")) or pooled
        if not fields:
            unknown.append(_named(row))
        elif not (fields & wanted):
            mismatched.append(f"{_named(row)}（{'、'.join(sorted(fields))}）")
        elif pooled and not (pooled & wanted):
            # the sheet's own 专业领域 typed to match the round does not make the pool's expert one of its field
            mismatched.append(f"{_named(row)}（表中为{'、'.join(sorted(fields))}，专家库所载为{'、'.join(sorted(pooled))}）")
    values["draw_field_mismatch"] = "、".join(mismatched) or "无"
    values["draw_field_unknown"] = "、".join(unknown) or "无"
    outside, inactive = _pool_standing(case, serving)
    values["draw_not_in_pool"] = "、".join(outside) or "无"
    values["draw_not_active"] = "、".join(inactive) or "无"
    if not case.record.draws:
        return "no_sheet" if _sheet_missing(case) else "absent"
    # "通过市工信局项目专家库随机抽取" (001:4066): with the pool given, an expert it does not list was not drawn from it
    if outside:
        return "not_in_pool"
    if inactive:
        return "not_active"
    if not wanted:
        return "no_round_field"
    if mismatched:
        return "mismatch"
    return "no_expert_field" if unknown else "ok"


@fact_function("panel_record_state")
def unspecified_panel_facts(case: RoundCase, out: Facts) -> None:
    """W-03, W-05, W-09 (and W-10 when it holds a review): the seed has experts review without
    fixing their number or how they are chosen. The review must be recorded (where the seed calls
    for one), and so must its experts and who chose them (抽取科室 or 抽取记录编号)."""
    record, values = case.record, out.values
    wanted = case.profile.get("expert_review", "none")
    reviews = record.steps_of("expert_review")
    rows = [r for r in record.draws if r.text("expert_id")]
    if not reviews:
        state = "optional_none" if wanted == "optional" else "no_review"
    elif not rows:
        state = "no_experts"
    elif not any(r.text("office") or r.text("draw_id") for r in rows):
        state = "no_selection"
    else:
        state = "ok"
    out.facts["panel_record_state"] = state
    dated = sorted(s.date for s in reviews if s.date)
    values["panel_review"] = "、".join(f"{step_day(s)}（{s.ref}）" for s in reviews) or "（未记录）"
    values["panel_experts"] = "、".join(r.text("expert_id") for r in rows) or "（未记录）"
    values["panel_count"] = str(len(rows))
    values["panel_selection"] = "、".join(sorted({r.shown("office") or f"记录 {r.shown('draw_id')}" for r in rows
                                                  if r.text("office") or r.text("draw_id")})) or "（未记录）"
    values["panel_first_review"] = dated[0].isoformat() if dated else "（无日期）"


# What a unit's name carries besides the unit itself: "威海甲材料有限公司" and "甲材料公司" in a
# 决议内容 are one enterprise written in full and in short.
_PLACE = re.compile(r"^(?:山东省|山东|威海市|威海)")
_FORM = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|公司|集团)$")


def _core(name: str) -> str:
    return _FORM.sub("", _PLACE.sub("", _BRACKETS.sub("", normalise_unit(name))))


_BRACKETS = re.compile(r"[()\[\]{}【】〔〕〖〗]")  # 威海甲（集团）有限公司 is 威海甲集团有限公司 (as employer_key)


def _alike_name(unit: str, names: dict[str, str]) -> str | None:
    """The decided enterprise whose name, without place and company form, is within the unit's (or
    the other way round): the same unit written otherwise, for the inspector to confirm."""
    core = _core(unit)
    for key, name in names.items():
        other = _core(key)
        if min(len(core), len(other)) >= 2 and (other in core or core in other):
            return name
    return None


@fact_function("draw_coi_state")
def conflict_facts(case: RoundCase, out: Facts) -> None:
    """An expert who reviewed working for an enterprise the round decided on or published (决议内容
    of the 党组会, 行文认定 or 初步建议名单 rows; 公示名单): the seed states no recusal rule (AMB-28(e)),
    the law does (政府采购法实施条例 第九条), so a match is for the inspector to weigh. Units compare
    as the draw's same_employer recusal compares them (recusal.employer_key: NFKC, no white space,
    brackets or case, 有限责任公司 = 有限公司)."""
    record, values = case.record, out.values
    rows = [r for r in record.draws if draw_role(r) in ("", "正选", "替补") or unknown_role(r)]
    names: dict[str, str] = {}
    for key in ("meeting", "recognition", "proposed_list"):
        for step in record.steps_of(key):
            for name in name_list(step.row.text("resolution")):
                names.setdefault(employer_key(name), name)
    for item in record.disclosures:
        for name in name_list(item.get("list", "")):
            names.setdefault(employer_key(name), name)
    # 轮次.申报单位: every applicant, those not passed too (an expert of a rejected applicant reviewed its rivals)
    round_row = record.round_row
    listed = round_row is not None and bool(round_row.text("applicants"))
    applicants_only = set()
    for name in name_list(round_row.text("applicants")) if listed else ():
        if employer_key(name) not in names:
            applicants_only.add(employer_key(name))
            names[employer_key(name)] = name
    # --pool fills a blank 工作单位 (as it fills a blank 专业领域 for DRAW-BY-FIELD)
    from checker.draw.pool import expert_id_key

    pool_units = {expert_id_key(e.expert_id): e.unit for e in case.context.pool.experts} if case.context.pool is not None else {}
    conflicts, similar, no_unit = [], [], []
    for r in rows:
        # the sheet's 工作单位, and the pool's when it names another unit: a sheet typed 某大学 for an
        # expert the pool lists at an enterprise the round passed does not clear the expert
        units = [(r.text("employer"), r.ref("employer"), r.shown("employer"))] if r.text("employer") else []
        pooled = pool_units.get(expert_id_key(r.text("expert_id"))) if r.text("expert_id") else None
        if pooled and all(employer_key(pooled) != employer_key(u) for u, _, _ in units):
            units.append((pooled, "专家库", pooled))
        if not units:
            no_unit.append(_named(r))
            continue
        conflict = next(((u, where, shown) for u, where, shown in units if employer_key(u) in names), None)
        if conflict is not None:
            unit, where, shown = conflict
            applicant = "；申报单位，未列入决议或公示名单" if employer_key(unit) in applicants_only else ""
            conflicts.append(f"{_named(r)}（{shown}，{where}{applicant}）")
            continue
        alike = next(((shown, where, a) for u, where, shown in units if (a := _alike_name(u, names)) is not None), None)
        if alike is not None:
            similar.append(f"{_named(r)}（{alike[0]}，{alike[1]}；名单中为“{alike[2]}”）")
    values["draw_coi_conflicts"] = "、".join(conflicts) or "无"
    values["draw_coi_similar"] = "、".join(similar) or "无"
    values["draw_coi_no_unit"] = "、".join(no_unit) or "无"
    values["draw_coi_names"] = str(len(names))
    values["draw_coi_scope"] = (f"本轮申报单位及决议、公示名单中的企业（共 {len(names)} 家）" if listed else
                                f"本轮决议或公示名单中的企业（名单共 {len(names)} 家；轮次表未填写“申报单位”，未获通过的申报单位未核对）")
    if not record.draws:
        state = "no_sheet" if _sheet_missing(case) else "absent"
    elif not names:
        state = "no_names"
    elif conflicts:
        state = "conflict"
    elif similar:
        state = "similar"
    elif no_unit:
        state = "no_unit"
    else:
        state = "ok"
    out.facts["draw_coi_state"] = state
