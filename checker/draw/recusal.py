"""Recusal (回避): who may not sit on a panel, fixed before any random number is known.

Candidates are the pool's 在库 experts listing a requested field, in canonical order; each is excluded
for every reason that applies: bureau staff (政府采购法实施条例 第九条), the same employer as an
applicant (招标投标法 第三十七条), or a declared conflict the office has established.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import attrgetter
from pathlib import Path
from typing import Sequence

from checker.core.text import nfkc, show_invisible, strip_invisible
from checker.draw.pool import (STATUS_ACTIVE, Pool, expert_id_key, name_key, normalise_unit, normalise_uscc,
                               refuse_other_tables, without_text_marker)
from checker.errors import InputError
from checker.io.table import aliases, cell_text, decode_text, note_line, open_table

RULE_STAFF = "bureau_staff"
RULE_EMPLOYER = "same_employer"
RULE_CONFLICT = "declared_conflict"

# keyed by the application contract's field names: the application workbook's lines are told apart
# by `check`'s own rules (application_lines), which read these fields
APPLICANT_HEADERS = {
    "application_id": ("申报编号", "项目编号", "编号", "applicant_id"),  # and the record's own keys (a list in JSON)
    "company_name": ("企业名称", "申报单位", "单位名称", "name"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码"),
}
CONFLICT_HEADERS = {
    "expert_id": ("专家编号", "专家ID", "专家id"),
    "applicant": ("申报单位", "企业名称", "单位名称", "申报编号", "项目编号", "申报人"),
    "reason": ("回避原因", "原因", "理由", "事由"),
    "name": ("姓名", "专家姓名"),  # optional: checked against the pool's name for the id (refuse_misnamed)
    # optional: the expert's own employer, checked against the pool's 工作单位 for the id (refuse_misnamed)
    "unit": ("工作单位", "专家工作单位", "专家所在单位", "所在单位"),
}
STAFF_HEADERS = {"expert_id": ("专家编号", "编号", "专家ID", "专家id")}


# what a second sheet of each list, never read, would have lost (refuse_other_tables)
_LOST = {"申报单位名单": "其中申报单位的同单位专家不会回避", "回避名单": "其中的回避不会生效，被回避的专家仍可能被抽中",
         "本局工作人员名单": "其中的本局工作人员不会回避"}


def _table(path, what: str, headers: dict, required: Sequence[str], lines=None, stand_in=None):
    """(row number, {field: text}) of each non-blank row of a side list (``lines``: the rows to read,
    from the opened table and its aliases; every row of it by default)."""
    if not Path(path).is_file():
        raise InputError(f"{what}「{path}」不存在或不是文件。")
    # header_rows: the application workbook itself has its title line(s) above the header (as registers read them)
    known = aliases(headers)
    # formulas: a cell whose formula has no usable value (never calculated, #N/A) is named, not read as
    # blank: a --staff line =A3 was skipped as empty and a 回避名单's 专家编号 said to be missing (h134)
    table = open_table(Path(path), known, what=what, header_rows=5, formulas=True)
    stand_in = stand_in or {}  # a required column another may stand for (a 回避名单's 姓名 for its 专家编号)
    missing = [headers[name][0] + (f"（或{headers[stand_in[name]][0]}）" if name in stand_in else "") for name in required
               if name not in table.fields_found and stand_in.get(name) not in table.fields_found]
    if missing:
        raise InputError(f"{what}「{path}」缺少必需的列：{'、'.join(missing)}。")
    refuse_other_tables(table, known, 5, what, required, path, _LOST[what])
    for row in (lines(table, known) if lines else table.rows()):
        if row.problem:
            # a line whose values are out of their columns (a comma without quotes in a company's
            # name): read as it stands, its name and code matched no expert's unit and the
            # recusal it called for was silently lost
            raise InputError(f"{what}「{path}」第 {row.number} 行{row.problem}；请改正后重试（回避按错位的值会漏掉）。")
        if note_line(row):
            continue  # 注：回避原因由专家本人申报 under the list: no entry
        _refuse_unread_cells(row, path, what)
        texts = {name: row.text(name) for name in row.cells}
        if any(texts.values()):
            yield row.number, texts


_WHO = ("expert_id", "name", "unit")  # the columns saying who is recused (a 回避名单's and --staff's)


def _refuse_unread_cells(row, path, what: str) -> None:
    """A cell of the line that cannot be read as it shows: a formula without a usable value, or (for
    the columns saying who is recused) a second column of the same field saying otherwise (专家编号
    twice, ZJ008 and ZJ012: the first was read and the other passed over in silence)."""
    for name, cell in row.cells.items():
        if cell.formula_problem:
            raise InputError(f"{what}「{path}」的 {cell.ref}（{cell.header}）{cell.formula_problem}：按空白读取会使回避失效；"
                             "请在 Excel 中打开并保存，或改为数值后重试。")
        if name in _WHO and what != "申报单位名单":
            for other in cell.others:
                if _who_key(name, row.text(name)) != _who_key(name, cell_text(other.value)):
                    raise InputError(f"{what}「{path}」第 {row.number} 行的「{cell.header}」有两列且不一致：{cell.ref}（{cell.header}）为"
                                     f"「{row.text(name)}」，{other.ref}（{other.header}）为「{cell_text(other.value)}」，"
                                     "无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。")


def _who_key(name: str, text: str) -> str:
    """Two writings of an id, a name or a unit compared as the recusal compares them with the pool's."""
    if name == "expert_id":
        return id_key(without_text_marker(text))
    return name_key(text) if name == "name" else employer_key(text)


def read_applicants(path) -> list[dict]:
    """Applicants (id, company name, USCC) from an application workbook or a short list."""
    applicants = []
    for number, texts in _table(path, "申报单位名单", APPLICANT_HEADERS, ("company_name",), _application_lines):
        if not texts.get("company_name"):
            raise InputError(f"申报单位名单「{path}」第 {number} 行缺少企业名称。")
        applicants.append({"applicant_id": texts.get("application_id", ""), "name": texts["company_name"],
                           "uscc": normalise_uscc(texts.get("uscc", ""))})
    if not applicants:
        # a header alone (the template not yet filled), another sheet's copy, lines all 合计 or notes: drawn
        # anyway, no expert was recused for an applicant's employer, and the record's warning said
        # 未给出申报单位名单 of a list that was given
        raise InputError(f"申报单位名单「{path}」中没有读到任何申报单位（只有表头，或各行都是合计、说明等）：同单位回避无从做起，"
                         "与申报单位同一单位的专家仍可能被抽中；请核对该文件（工作表、表头、内容）后重试。")
    return applicants


def _application_lines(table, known):
    """The applications among a list's lines, by the rules `check` reads an application workbook with:
    合计/小计 lines (威海市环翠区工业和信息化局 in 企业名称 beside 合计), repeated headers, notes and
    sign-offs (填报人：…, the office's stamp and date) are set aside, never read as an applicant whose
    employees would be recused."""
    from checker.check.intake import ApplicationTable  # imported when a list is read: `draw` loads no other wing before

    return ApplicationTable(table, aliases=known).records()


def read_conflicts(path) -> list[dict]:
    """Declared conflicts: expert id, applicant (free text), reason."""
    return [_without_name(conflict) for _, conflict in _conflict_rows(path)]


_CHECKED_ONLY = ("name", "unit", "by_name")  # a 回避名单's 姓名 and 工作单位: checked against the pool, never kept


def _without_name(conflict: dict) -> dict:
    """A conflict as the record keeps it: the 姓名 and 工作单位 a list may carry are only checked, never kept."""
    return {key: value for key, value in conflict.items() if key not in _CHECKED_ONLY}


def _conflict_rows(path):
    """(row number, conflict) of each declared conflict."""
    for number, texts in _table(path, "回避名单", CONFLICT_HEADERS, ("expert_id", "reason"),
                                stand_in={"expert_id": "name"}):
        if not (texts.get("expert_id") or texts.get("name")) or not texts["reason"]:
            raise InputError(f"回避名单「{path}」第 {number} 行缺少专家编号或回避原因。")
        # 'ZJ001 (Excel's text marker typed by hand) is ZJ001, in the record too
        yield number, {"expert_id": without_text_marker(texts.get("expert_id", "")), "applicant": texts.get("applicant", ""),
                       "reason": texts["reason"], "name": texts.get("name", ""), "unit": texts.get("unit", "")}


def read_staff(path) -> list[str]:
    """Bureau staff expert ids: a table with 专家编号, or a .txt file with one id per line."""
    return sorted({expert_id for _, expert_id in _staff_rows(path)})


def _staff_rows(path):
    """(line or row number, id) of each bureau staff id."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        if not path.is_file():
            raise InputError(f"本局工作人员名单「{path}」不存在或不是文件。")
        for number, line in enumerate(decode_text(path, "本局工作人员名单").splitlines(), start=1):
            if nfkc(line):
                yield number, without_text_marker(nfkc(line))  # 'ZJ001 is ZJ001, as in the pool
        return
    for number, texts in _table(path, "本局工作人员名单", STAFF_HEADERS, ("expert_id",)):
        if texts["expert_id"]:
            yield number, without_text_marker(texts["expert_id"])


def read_exclusion_inputs(pool: Pool, applicants=None, conflicts=None, staff=()) -> dict:
    """The side lists of `draw new`, `draw commit` and `draw check`, read once, as the record's
    ``exclusion_inputs``. A 回避名单 or --staff line naming no expert of the pool (a name for an
    id, a typo: 黄丽华, ZJ999) is refused with its file and line: drawn anyway, the recusal the
    office established would lapse and the conflicted expert could sit on the panel."""
    applicant_list = read_applicants(applicants) if applicants else ()
    conflict_rows = _by_name(pool, conflicts, list(_conflict_rows(conflicts))) if conflicts else []
    staff_rows = [(path, number, expert_id) for path in staff for number, expert_id in _staff_rows(path)]
    known = pool_id_keys(pool) if conflict_rows or staff_rows else frozenset()
    unknown = [f"回避名单「{conflicts}」第 {number} 行的专家编号「{item['expert_id']}」"
               for number, item in conflict_rows if id_key(item["expert_id"]) not in known]
    unknown += [f"本局工作人员名单「{path}」第 {number} 行的专家编号「{expert_id}」"
                for path, number, expert_id in staff_rows if id_key(expert_id) not in known]
    if unknown:
        shown = "、".join(unknown[:5]) + (f" 等 {len(unknown)} 处" if len(unknown) > 5 else "")
        raise InputError(f"{shown}不在专家库中：这样的回避不能生效，被回避的专家仍可能被抽中；"
                         "请改为专家库中的专家编号（不是姓名）后重试。")
    _refuse_misnamed(pool, conflicts, conflict_rows)
    return exclusion_inputs(applicant_list, [_without_name(item) for _, item in conflict_rows],
                            sorted({expert_id for _, _, expert_id in staff_rows}))


def _by_name(pool: Pool, path, conflict_rows) -> list:
    """A 回避名单 line naming its expert by 姓名 only (no 专家编号: the office's usual form) is read
    as the one 在库 expert of that name (names compared as _refuse_misnamed compares them: name_key);
    a name no 在库 expert has, or two 在库 experts have, is refused: guessed, the recusal could fall on
    the wrong expert. The record keeps the id found, never the name. The line is marked as read by
    name (``by_name``) for _refuse_misnamed's words: the office wrote no 专家编号 there."""
    resolved = []
    by_name: dict[str, list] | None = None  # every expert by name_key, made once when a line needs it
    for number, item in conflict_rows:
        if not item["expert_id"]:
            if by_name is None:
                by_name = {}
                for expert in pool.experts:
                    by_name.setdefault(name_key(expert.name), []).append(expert)
            namesakes = by_name.get(name_key(item["name"]), [])
            same = [expert.expert_id for expert in namesakes if expert.status == STATUS_ACTIVE]
            if len(same) > 1 and item.get("unit"):
                # two 王伟 in two units are two people (h134): the line's 工作单位 tells them apart, as
                # _refuse_misnamed compares units; refused only where it does not
                same = _namesake_at_unit(path, number, item, [expert for expert in namesakes if expert.status == STATUS_ACTIVE])
            if len(same) != 1:
                # an expert of that name who is not 在库 (暂停, 退出) is named: "no namesake" would send
                # the office looking for a typo in a name the pool plainly lists
                others = "、".join(f"{expert.expert_id}（状态为「{expert.status}」）" for expert in namesakes
                                  if expert.status != STATUS_ACTIVE)
                found = (f"在专家库中有 {len(same)} 位在库专家同名（专家编号 {'、'.join(same)}），无法确定是哪一位"
                         if same else f"专家库中同名的专家 {others}不是在库专家" if others
                         else "在专家库的在库专家中没有同名的")
                raise InputError(f"回避名单「{path}」第 {number} 行只写了姓名「{item['name']}」，{found}；"
                                 "请在该行补上专家库中的专家编号（「专家编号」列）后重试。")
            item = dict(item, expert_id=same[0], by_name=True)
        resolved.append((number, item))
    return resolved


def _namesake_at_unit(path, number: int, item: dict, active: list) -> list[str]:
    """The one of several 在库 namesakes (``active``) whose 工作单位 is the line's: [its id]. None there,
    or more than one (one name at one unit: the rows cannot be told apart), is refused naming each
    namesake's id and unit, so the office can write the id it means."""
    unit = employer_key(item["unit"])
    there = [expert.expert_id for expert in active if expert.unit and employer_key(expert.unit) == unit]
    if len(there) == 1:
        return there
    listed = "、".join(f"{expert.expert_id}（工作单位「{expert.unit or '未填'}」）" for expert in active)
    found = (f"其中 {len(there)} 位的工作单位都是该行所写的「{item['unit']}」，无法区分是哪一位" if there
             else f"都不在该行所写的工作单位「{item['unit']}」")
    raise InputError(f"回避名单「{path}」第 {number} 行只写了姓名「{item['name']}」，专家库中有 {len(active)} 位在库专家同名"
                     f"（{listed}），{found}；请在该行补上专家库中的专家编号（「专家编号」列）后重试。")


def namesake_warnings(pool: Pool, inputs: dict, candidates, fields: Sequence[str] | None = None) -> list[str]:
    """A 回避名单 recusing one expert while a 在库 candidate of the same name (another 王伟, another
    unit) is not recused: said by ids and units, so the office sees which of the namesakes the
    recusal fell on and that the other can be drawn (h134). Ids and units only, as the record's
    candidates carry them: records hold no names. ``fields``: the fields the candidates were drawn
    up for, whose named experts' name keys pool_warnings works out too (one pass for both)."""
    recused = {id_key(item["expert_id"]) for item in inputs.get("conflicts", ())}
    if not recused:
        return []
    done_all = _experts_of_keys(pool, recused)
    done_named = [expert for expert in done_all if expert.status == STATUS_ACTIVE and expert.name]
    wanted = {_name_of(expert.name) for expert in done_named}
    if not wanted:
        return []
    done_ids = {expert.expert_id for expert in done_all}
    drawn = {candidate["expert_id"] for candidate in candidates}
    if fields is not None:
        active, keys = active_named(pool, fields)
        named = zip(keys, active)
    else:
        named = ((_name_of(expert.name), expert) for expert in pool.experts if expert.status == STATUS_ACTIVE and expert.name)
    members = {expert.expert_id: (key, expert) for key, expert in named if key in wanted and expert.expert_id in drawn}
    for expert in done_named:
        members.setdefault(expert.expert_id, (_name_of(expert.name), expert))
    by_name: dict[str, list] = {}
    for expert_id in sorted(members):  # the pool's order (its experts are sorted by id)
        key, expert = members[expert_id]
        by_name.setdefault(key, []).append(expert)
    warnings = []
    for experts in by_name.values():
        left = [expert for expert in experts if expert.expert_id in drawn and expert.expert_id not in done_ids]
        done = [expert for expert in experts if expert.expert_id in done_ids]
        if left and done:
            warnings.append(f"回避名单回避了专家 {'、'.join(f'{e.expert_id}（工作单位「{e.unit}」）' for e in done)}，"
                            f"与其同名的在库专家 {'、'.join(f'{e.expert_id}（工作单位「{e.unit}」）' for e in left)}未回避，"
                            "仍可能被抽中：如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。")
    return warnings


def _experts_of_keys(pool: Pool, keys) -> list:
    """The pool's experts whose id_key is one of ``keys`` (a 回避名单's few): each found by its id
    written as the key or in capitals (E000013 for e000013), checked by its key; any other writing
    of an id sends every key to the index of the whole pool, which then is built once."""
    found = []
    for key in keys:
        expert = pool.find(key) or pool.find(key.upper()) if isinstance(key, str) else None
        if expert is None or id_key(expert.expert_id) != key:
            by_key = pool_experts_by_key(pool)
            return [expert for expert in map(by_key.get, keys) if expert is not None]
        found.append(expert)
    return found


def _name_of(name: str) -> str:
    # names are NFKC already; a name of letters only (张三, not 阿依古丽·买买提 or 张 三) holds no white space,
    # case-folded as name_key folds the others: left as written, LiWei was not Li Wei (liwei)
    return name.casefold() if name.isalnum() else name_key(name)


def in_fields(pool: Pool, fields: Sequence[str]) -> list:
    """The experts of any status listing any of ``fields``, in the pool's order; worked out once per
    pool and fields (the candidates, the pool's warnings and the namesakes each look among them)."""
    key = frozenset(fields)
    memo = pool.__dict__.get("_in_fields")
    if memo is None or memo[0] != key:
        memo = (key, [expert for expert in pool.experts if not key.isdisjoint(expert.fields)], None)
        object.__setattr__(pool, "_in_fields", memo)  # not a field: equality and the hash stay the experts'
    return memo[1]


def active_named(pool: Pool, fields: Sequence[str]) -> tuple[list, list[str]]:
    """Of :func:`in_fields`, the 在库 experts with a name, and each one's name key (_name_of)."""
    in_fields(pool, fields)
    key, experts, named = pool.__dict__["_in_fields"]
    if named is None:
        active = [expert for expert in experts if expert.status == STATUS_ACTIVE and expert.name]
        named = (active, list(map(_name_of, map(attrgetter("name"), active))))
        object.__setattr__(pool, "_in_fields", (key, experts, named))
    return named


def _refuse_misnamed(pool: Pool, path, conflict_rows) -> None:
    """A 回避名单 with a 姓名 column whose name is not the pool's name for the line's 专家编号 (A03 written
    for 专家7's A07): the recusal would fall on another expert, and the one the office meant could be
    drawn. Names compare as name_key compares them (NFKC, without white space, case or a separator
    dot). A 工作单位 column alike:
    the line's employer, compared with the pool's 工作单位 for the id as same-employer recusal compares
    employers (employer_key: brackets and the company form written either way), is checked where the
    pool has one. Neither is kept in the record (records hold no experts' names). A line read by its
    姓名 alone (_by_name) is said so: it has no 专家编号 to check."""
    named = [(number, item) for number, item in conflict_rows if item.get("name") or item.get("unit")]
    if not named:
        return
    by_key = pool_experts_by_key(pool)
    for number, item in named:
        expert = by_key.get(id_key(item["expert_id"]))
        if expert is None:
            continue
        if item.get("name") and name_key(expert.name) != name_key(item["name"]):
            raise InputError(f"回避名单「{path}」第 {number} 行的专家编号「{item['expert_id']}」在专家库中是「{expert.name}」，"
                             f"与该行所写姓名「{item['name']}」不符：回避会落在另一位专家身上，要回避的专家仍可能被抽中；"
                             "请核对该行的专家编号和姓名后重试。")
        if item.get("unit") and expert.unit and employer_key(expert.unit) != employer_key(item["unit"]):
            if item.get("by_name"):
                raise InputError(f"回避名单「{path}」第 {number} 行只写了姓名「{item['name']}」，专家库中该姓名的在库专家"
                                 f"（专家编号 {expert.expert_id}）的工作单位是「{expert.unit}」，与该行所写工作单位「{item['unit']}」不符："
                                 "该行要回避的可能是另一位同名的人，按姓名回避会落错；请在该行补上专家库中的专家编号"
                                 "（「专家编号」列），并核对姓名和工作单位后重试。")
            raise InputError(f"回避名单「{path}」第 {number} 行的专家编号「{item['expert_id']}」在专家库中的工作单位是「{expert.unit}」，"
                             f"与该行所写工作单位「{item['unit']}」不符：回避会落在另一位专家身上，要回避的专家仍可能被抽中；"
                             "请核对该行的专家编号和工作单位后重试。")


def exclusion_inputs(applicants=(), conflicts=(), staff=()) -> dict:
    """The record's ``exclusion_inputs`` block (everything recusal reads besides candidates)."""
    return {"applicants": list(applicants), "conflicts": list(conflicts), "staff": sorted(set(staff))}


# ---------------------------------------------------------------- candidates, exclusions, eligible


def normalise_fields(fields: Sequence[str]) -> list[str]:
    """Requested fields, NFKC-trimmed, de-duplicated, sorted (so 'A B' and 'B A' are one draw)."""
    cleaned = sorted({nfkc(field) for field in fields if nfkc(field)})
    if not cleaned:
        raise InputError("请用 --field 指定至少一个专业领域。")
    return cleaned


def candidates_for(pool: Pool, fields: Sequence[str]) -> list[dict]:
    """Rows of status 在库 listing any requested field, in canonical order; no names.

    Only what recusal needs is kept (unit, unit USCC, staff flag), so the record can be
    re-derived without the pool file and without personal data.
    """
    known = pool.all_fields()
    unknown = [field for field in fields if field not in known]
    if unknown:
        raise InputError(f"专业领域「{'、'.join(unknown)}」在专家库中不存在（库中领域：{'、'.join(sorted(known))}）。")
    return [{"expert_id": expert.expert_id, "unit": expert.unit, "unit_uscc": expert.unit_uscc,
             "staff": expert.staff}
            for expert in in_fields(pool, fields) if expert.status == STATUS_ACTIVE]


def unknown_ids_warning(pool: Pool, inputs: dict) -> list[str]:
    """A sentence naming the 回避名单 / --staff ids that match no expert in the pool (a typo, another
    case): such a recusal has no effect, and the office must be told rather than draw anyway."""
    named = [item["expert_id"] for item in inputs.get("conflicts", ())] + list(inputs.get("staff", ()))
    known = pool_id_keys(pool) if named else frozenset()
    unknown = sorted({expert_id for expert_id in named if id_key(expert_id) not in known})
    if not unknown:
        return []
    return [f"回避名单或本局工作人员名单中的专家编号 {'、'.join(unknown)} 不在专家库中：这些回避未生效，"
            "请核对编号（大小写、位数）。"]


POOL_STATUSES = (STATUS_ACTIVE, "暂停", "退出")
_KNOWN_STATUSES = frozenset(POOL_STATUSES)


def pool_warnings(pool: Pool, fields: Sequence[str]) -> list[str]:
    """Rows of the requested fields that silently change who can be drawn: a status that is none of
    在库/暂停/退出 ("在 库", "在庫": never a candidate), and one name at one unit under two ids (that
    person drawn with twice the chance, perhaps twice). Ids only: records hold no names."""
    wanted = set(fields)
    listing = in_fields(pool, fields)
    warnings = []
    hidden = {field for field in pool.all_fields() if field not in wanted and "".join(strip_invisible(field).split()) in wanted}
    if hidden:  # "新材料\u200b" prints as 新材料, "新 材料" reads as it: each is another field
        ids = [expert.expert_id for expert in pool.experts if not hidden.isdisjoint(expert.fields)]
        written = "、".join(f"“{show_invisible(field)}”" for field in sorted(hidden))
        warnings.append(f"专家 {'、'.join(ids)} 的专业领域（{written}）含空格或不可见字符，与所抽领域不是同一文本，"
                        "未作为候选：请在专家库中删去这些字符。")
    # the words taken off one at a time (h165): a field written with two (新材料专业领域, 电子信息类专业) is found too,
    # the nearest drawn field named (电子信息类专业 is 电子信息类 when that is drawn); and past invisible characters
    # (新材料\u200b领域 prints as 新材料领域, and was said nothing of). Not past white space: "新材料 领域" is the
    # unsplit warning's below; nor a field the warning above names already
    # The other way round too (h165): --field 新材料领域, as the notice writes it, left the pool's 新材料 experts out
    # unsaid. A drawn field's own name with its words taken off: that name written alone is the drawn field.
    bare = {}
    for field in sorted(wanted):
        text = field
        while _FIELD_WORD.search(text) and _FIELD_WORD.sub("", text):
            text = _FIELD_WORD.sub("", text)
            bare.setdefault(text, field)
    worded = {}
    for field in pool.all_fields() - wanted - hidden:
        text = strip_invisible(field)
        while text not in wanted and _FIELD_WORD.search(text):
            text = _FIELD_WORD.sub("", text)
        if text in wanted or strip_invisible(field) in bare:
            worded[field] = text if text in wanted else bare[strip_invisible(field)]
    # h165: an expert who also lists a drawn field is a candidate (电子信息 beside 电子信息类): not named as none
    named = [expert for expert in pool.experts
             if not worded.keys().isdisjoint(expert.fields) and wanted.isdisjoint(expert.fields)] if worded else []
    if named:  # "新材料领域" is 新材料 with the word for a field after it: another text, never a 新材料 candidate
        ids = [expert.expert_id for expert in named]
        shown = sorted({field for expert in named for field in expert.fields if field in worded})
        written = "、".join(f"“{show_invisible(field)}”（即“{worded[field]}”）" for field in shown)
        warnings.append(f"专家 {'、'.join(ids)} 的专业领域写作{written}，与所抽领域不是同一文本，未作为候选："
                        "如属同一领域，请在专家库中统一写法后再抽取。")
    unsplit = _unsplit_fields(pool, wanted, hidden)
    if unsplit:  # "新材料,节能环保" is one field of that name, not 新材料: the expert silently drops out
        ids, sample = unsplit
        warnings.append(f"专家 {'、'.join(ids)} 的专业领域用逗号、斜杠、空格或换行分隔（如“{sample}”），"
                        f"未拆分为多个领域，未作为“{'、'.join(fields)}”的候选：请在专家库中改用 、 或 ; 分隔。")
    hidden = [expert for expert in listing if expert.row in pool.hidden_rows and expert.status == STATUS_ACTIVE] \
        if pool.hidden_rows else []
    if hidden:  # rows hidden in the workbook (a 退出 expert hidden rather than marked): drawn from all the same
        shown = "、".join(f"第 {expert.row} 行 {expert.expert_id}" for expert in hidden[:20])
        more = f" 等 {len(hidden)} 行" if len(hidden) > 20 else ""
        warnings.append(f"专家库「{Path(pool.source).name}」工作表“{pool.sheet}”中{shown}{more} 是隐藏行（打开工作簿时看不到），"
                        "这些专家仍作为在库候选参加抽取：如不应参加（已退出、暂停或重复登记），请在专家库中改正状态或删除这些行后再抽取。")
    statuses = set(map(attrgetter("status"), listing))
    if not statuses <= _KNOWN_STATUSES:  # one pass in C when, as nearly always, every status is known
        odd = [f"{expert.expert_id}（{expert.status}）" for expert in listing if expert.status not in POOL_STATUSES]
        warnings.append(f"专家 {'、'.join(odd)} 的状态不是 在库、暂停 或 退出，未作为候选：如应参加抽取，请在专家库中改为 在库。")
    active, names = active_named(pool, fields)  # name keys as name_key makes them (_name_of)
    shared = {name for name, count in Counter(names).items() if count > 1}
    units: dict[str, str] = {}  # a few thousand units: each normalised once
    people: dict[tuple[str, str], list[str]] = {}
    for name, expert in zip(names, active):
        if name in shared:  # only a name met twice can be one person twice: only then its unit is looked at
            people.setdefault((name, _unit_key(expert.unit, units)), []).append(expert.expert_id)
    twice = ["、".join(ids) for ids in people.values() if len(ids) > 1]
    if twice:
        warnings.append(f"专家库中 {'；'.join(twice)} 的姓名与工作单位相同，可能是同一人登记了两次"
                        "（入选机会加倍，甚至同一人占两席）：请核对专家库。")
    told = {expert_id for ids in people.values() if len(ids) > 1 for expert_id in ids}
    drawn = {expert.expert_id for expert in active}
    both = [[expert_id for expert_id in ids if expert_id in drawn] for ids in pool.same_phone]
    phoned = ["、".join(ids) for ids in both if len(ids) > 1 and not told.issuperset(ids)]
    if phoned:  # the same person under a new employer: the name-and-unit comparison above misses it
        warnings.append(f"专家库中 {'；'.join(phoned)} 的姓名与联系电话相同，可能是同一人登记了两次（入选机会加倍，"
                        "甚至同一人占两席；按其中一个工作单位所做的回避对另一条登记不生效）：请核对专家库。")
    return warnings


# the words a pool may write after a field's name (新材料领域, 智能制造专业, 节能环保方向, 电子信息类): the
# same field to the office, another text to the draw. A parameter: the seeds name fields, not how a pool
# writes them; only these endings are taken as the field's own name (新材料化工 is another field).
FIELD_WORDS = ("领域", "专业", "方向", "类")
_FIELD_WORD = re.compile(f"(?:{'|'.join(FIELD_WORDS)})$")

_OTHER_SEPARATORS = re.compile(r"[,/\\\s]+")  # after NFKC: ， ／ and full-width space are these


def _unsplit_fields(pool: Pool, wanted: set[str], named: set[str]) -> tuple[list[str], str] | None:
    """Experts not listing a requested field whose field text, split also on commas, slashes and
    white space, names it: the ids and one such text. ``named``: the fields the warning on spaces and
    invisible characters names already (新材料\u200b)."""
    odd: dict[str, str] = {}  # each field text of the pool looked at once
    for field in pool.all_fields():
        # past invisible characters too: "新材料\u200b 领域" (a zero-width space before the space) named nothing, the
        # field-word warning stopping at the white space and this one at the \u200b: the expert dropped out unsaid
        if field not in wanted and field not in named and not wanted.isdisjoint(_OTHER_SEPARATORS.split(strip_invisible(field))):
            odd[field] = field
    if not odd:
        return None
    ids = [expert.expert_id for expert in pool.experts
           if wanted.isdisjoint(expert.fields) and not odd.keys().isdisjoint(expert.fields)]
    if not ids:
        return None
    sample = next(field for expert in pool.experts if expert.expert_id == ids[0] for field in expert.fields if field in odd)
    return ids, show_invisible(sample).replace("\n", "↵")


ALIKE_MIN = 4  # characters of the shorter name: 甲集团 inside anything is no evidence


def alike_employer_warnings(candidates: Sequence[dict], inputs: dict, exclusions: Sequence[dict]) -> list[str]:
    """Candidates left eligible whose 工作单位 holds an applicant's name or is held in it (a branch,
    a 技术中心, a short name: 威海甲集团有限公司技术中心 and 威海甲集团有限公司): not recused, since
    whether it is the same employer is for the office to establish; said before the draw (draw
    check) and in the record, so a conflicted expert is not drawn unremarked."""
    names = {}
    for applicant in inputs.get("applicants", ()):
        key = employer_key(applicant.get("name", ""))
        if len(key) >= ALIKE_MIN:
            names.setdefault(key, applicant["name"])
    if not names:
        return []
    out = {item["expert_id"] for item in exclusions}
    # one C-level search per distinct unit, not one per unit and applicant (a 100,000-expert pool)
    holds = re.compile("|".join(re.escape(key) for key in sorted(names, key=len, reverse=True)))
    joined = "\x00".join(names)
    found: dict[str, str | None] = {}
    pairs = []
    for candidate in candidates:
        unit = candidate.get("unit")
        if candidate["expert_id"] in out or not isinstance(unit, str) or not unit:
            continue
        if unit not in found:
            key = employer_key(unit)
            found[unit] = None
            if len(key) >= ALIKE_MIN and key not in names:
                match = holds.search(key)
                if match:
                    found[unit] = names[match.group(0)]
                elif key in joined:
                    found[unit] = next(name for other, name in names.items() if key in other)
        if found[unit] is not None:
            pairs.append(f"{candidate['expert_id']}（工作单位「{unit}」，申报单位「{found[unit]}」）")
    if not pairs:
        return []
    return [f"专家 {'、'.join(pairs)} 的工作单位与申报单位名称相互包含，未按同单位回避：如属同一单位（分支机构、下属单位），"
            "请列入回避名单后再抽取。"]


def pool_id_keys(pool: Pool) -> frozenset:
    """The id_key of every expert in the pool, worked out once per pool (a draw asks twice: for the
    side lists and for the record's warnings)."""
    known = pool.__dict__.get("_id_keys")
    if known is None:
        known = frozenset(map(id_key, map(attrgetter("expert_id"), pool.experts)))
        object.__setattr__(pool, "_id_keys", known)  # not a field: equality and the hash stay the experts'
    return known


def pool_experts_by_key(pool: Pool) -> dict:
    """The pool's experts by id_key, worked out once per pool (the pool refuses two ids with one key)."""
    known = pool.__dict__.get("_by_id_key")
    if known is None:
        ids = list(map(attrgetter("expert_id"), pool.experts))
        joined = "".join(ids)
        # nearly every pool: printable ASCII ids without a space, whose id_key is their lower case
        plain = joined.isascii() and joined.isprintable() and " " not in joined
        known = dict(zip(map(str.lower, ids) if plain else map(id_key, ids), pool.experts))
        object.__setattr__(pool, "_by_id_key", known)  # not a field: equality and the hash stay the experts'
    return known


def id_key(expert_id):
    """How a 回避名单 / --staff id is matched with the pool's: as round ids are compared (NFKC, no
    white space or invisible characters, no case). The pool refuses two ids differing only in case,
    so "zj014", "ＺＪ０１４" and "ZJ 014" name ZJ014: written so, a declared recusal must not silently
    lapse and leave the expert drawable. Anything but text (a hostile record) is compared as it is."""
    if not isinstance(expert_id, str):
        return expert_id
    return expert_id_key(expert_id)  # the key by which the pool itself refuses two ids as one expert


def compute_exclusions(candidates: Sequence[dict], inputs: dict) -> list[dict]:
    """Each excluded candidate with every reason that applies, in candidate order."""
    staff = {id_key(expert_id) for expert_id in inputs.get("staff", ())}
    by_unit: dict[str, list[dict]] = {}
    by_uscc: dict[str, list[dict]] = {}
    for applicant in inputs.get("applicants", ()):
        by_unit.setdefault(employer_key(applicant["name"]), []).append(applicant)
        if applicant.get("uscc"):
            by_uscc.setdefault(applicant["uscc"], []).append(applicant)
    conflicts: dict[str, list[dict]] = {}
    for conflict in inputs.get("conflicts", ()):
        conflicts.setdefault(id_key(conflict["expert_id"]), []).append(conflict)
    excluded = []
    unit_keys: dict[str, str] = {}  # a pool names a few thousand units: each normalised once
    for candidate in candidates:
        # Most candidates have no reason: asked here, in _reasons' order (so a malformed record's
        # candidate fails with the same error), without the three calls per candidate that
        # finding none cost (~40,000 candidates in a 100,000-expert pool).
        flagged = candidate.get("staff")
        expert_id = id_key(candidate["expert_id"]) if staff or conflicts else candidate["expert_id"]
        uscc = candidate.get("unit_uscc") or ""
        if not (flagged or expert_id in staff or (uscc and uscc in by_uscc)):
            unit = _unit_key(candidate.get("unit", ""), unit_keys, employer_key)
            if not (unit and unit in by_unit) and expert_id not in conflicts:
                continue
        reasons = _reasons(candidate, staff, by_unit, by_uscc, conflicts, unit_keys)
        if reasons:
            excluded.append({"expert_id": candidate["expert_id"], "reasons": reasons})
    return excluded


def _reasons(candidate, staff, by_unit, by_uscc, conflicts, unit_keys) -> list[dict]:
    reasons = []
    if candidate.get("staff"):
        reasons.append({"rule": RULE_STAFF, "detail": "本局工作人员（专家库「是否本局工作人员」为 是）"})
    expert_id = id_key(candidate["expert_id"])
    if expert_id in staff:
        reasons.append({"rule": RULE_STAFF, "detail": "本局工作人员（--staff 名单）"})
    reasons.extend(_employer_reasons(candidate, by_unit, by_uscc, unit_keys))
    for conflict in conflicts.get(expert_id, ()):
        with_whom = f"（{conflict['applicant']}）" if conflict.get("applicant") else ""
        reasons.append({"rule": RULE_CONFLICT, "detail": f"申报回避{with_whom}：{conflict['reason']}"})
    return reasons


def _employer_reasons(candidate, by_unit, by_uscc, unit_keys) -> list[dict]:
    # A USCC match and a name match for the same applicant are one reason, named by the USCC.
    matched: dict[int, dict] = {}
    uscc = candidate.get("unit_uscc") or ""
    for applicant in by_uscc.get(uscc, ()) if uscc else ():
        matched.setdefault(id(applicant), {"rule": RULE_EMPLOYER, "detail": (
            f"工作单位统一社会信用代码 {uscc} 与申报单位「{applicant['name']}」"
            f"{_applicant_ref(applicant)}相同")})
    unit = _unit_key(candidate.get("unit", ""), unit_keys, employer_key)
    for applicant in by_unit.get(unit, ()) if unit else ():
        if normalise_unit(candidate["unit"]) == normalise_unit(applicant["name"]):
            detail = f"工作单位「{candidate['unit']}」即申报单位{_applicant_ref(applicant)}"
        else:  # written otherwise: both writings, so the office sees why
            detail = (f"工作单位「{candidate['unit']}」与申报单位「{applicant['name']}」{_applicant_ref(applicant)}"
                      "只是写法不同（括号、空格，或“有限责任公司”写作“有限公司”、“股份有限公司”写作“股份公司”），按同一单位回避")
        matched.setdefault(id(applicant), {"rule": RULE_EMPLOYER, "detail": detail})
    return list(matched.values())


def _unit_key(unit, keys: dict[str, str], normalise=normalise_unit) -> str:
    """normalise(unit), worked out once per text; anything but text (a hostile record's
    candidate) goes straight to normalise and fails there as it always did."""
    if type(unit) is not str:
        return normalise(unit)
    key = keys.get(unit)
    if key is None:
        key = keys[unit] = normalise(unit)
    return key


_BRACKETS = re.compile(r"[()\[\]{}【】〔〕〖〗]")  # after NFKC: （） ［］ ｛｝ are ASCII
_COMPANY_FORMS = (("有限责任公司", "有限公司"), ("股份有限公司", "股份公司"))


def employer_key(text) -> str:
    """An employer's name as same_employer recusal compares it: normalise_unit (NFKC, no white space
    or invisible characters, no case), brackets dropped (威海甲（集团）有限公司 is 威海甲集团有限公司),
    and the company form as a company may write it (公司法 2023 年修订 第七条 [recalled]: 有限责任公司
    or 有限公司, 股份有限公司 or 股份公司). Looser likenesses (a short name, the place left out) are
    not matched: that is for the office to establish (a 回避名单 line)."""
    key = _BRACKETS.sub("", normalise_unit(text))
    for long, short in _COMPANY_FORMS:
        key = key.replace(long, short)
    return key


def _applicant_ref(applicant: dict) -> str:
    return f"（申报编号 {applicant['applicant_id']}）" if applicant.get("applicant_id") else ""


def eligible_ids(candidates: Sequence[dict], exclusions: Sequence[dict]) -> list[str]:
    """Candidates minus exclusions, same (canonical) order."""
    out = {item["expert_id"] for item in exclusions}
    return [candidate["expert_id"] for candidate in candidates if candidate["expert_id"] not in out]


