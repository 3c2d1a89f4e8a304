"""The draw's shortcuts of the twenty-ninth session (issue 14's draw on a 100,000-expert pool) give what
the long way gives: the hidden rows the sheet scan found are the ones a second pass over the sheet
finds, for that file only; the namesake warning looked up through the recused experts' own ids and the
shared name keys says what the pass over every expert says, whatever the ids' writing."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from checker.draw import recusal
from checker.draw.pool import Expert, build_pool
from checker.io import xlsx


def _workbook(path, hidden: set[int], rows: int = 8) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名"])
    for number in range(2, rows + 2):
        sheet.append([f"ZJ{number:03d}", f"专家{number}"])
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    book.save(path)


def _hidden_by_a_fresh_pass(path, sheet: str) -> set[int]:
    xlsx._SCANNED_HIDDEN.clear()  # what hidden_rows finds reading the sheet itself
    return xlsx.hidden_rows(path, sheet)


def test_the_scans_hidden_rows_are_those_a_second_pass_finds(tmp_path):
    path = tmp_path / "pool.xlsx"
    _workbook(path, {3, 6})
    xlsx.scan_sheet(path, "专家库")
    assert xlsx.hidden_rows(path, "专家库") == {3, 6}
    assert _hidden_by_a_fresh_pass(path, "专家库") == {3, 6}


def test_another_file_at_the_same_path_is_read_again_not_taken_from_the_scan(tmp_path):
    path = tmp_path / "pool.xlsx"
    _workbook(path, {3})
    xlsx.scan_sheet(path, "专家库")
    _workbook(path, {5}, rows=9)  # the file replaced after the scan (another size)
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    assert xlsx.hidden_rows(path, "专家库") == {5}


def test_another_sheet_of_the_scanned_file_is_read_again(tmp_path):
    path = tmp_path / "pool.xlsx"
    book = Workbook()
    book.active.title = "说明"
    other = book.create_sheet("专家库")
    for number in range(1, 6):
        other.append([f"ZJ{number}", "甲"])
    other.row_dimensions[4].hidden = True
    book.save(path)
    xlsx.scan_sheet(path, "说明")
    assert xlsx.hidden_rows(path, "专家库") == {4}


def test_a_scan_refused_over_the_limits_leaves_nothing_for_hidden_rows_to_take(tmp_path):
    path = tmp_path / "pool.xlsx"
    _workbook(path, {3}, rows=30)
    xlsx._SCANNED_HIDDEN.clear()
    with pytest.raises(Exception):
        xlsx.scan_sheet(path, "专家库", limits=xlsx.ReadLimits(max_rows=10))
    assert xlsx._SCANNED_HIDDEN == []
    assert xlsx.hidden_rows(path, "专家库") == {3}


# ---------------------------------------------------------------- the namesake warning's shortcut

IDS = ["ZJ001", "zj002", "Zj003", "ZJ004", "E 005", "ＺＪ006", "ZJ007", "zj008"]
NAMES = ["王伟", "王 伟", "LiWei", "Li Wei", "李娜", "", "王伟", "J.Smith", "J·Smith"]
UNITS = ["甲有限公司", "乙有限公司", "丙研究院"]


@st.composite
def pools_and_recusals(draw):
    count = draw(st.integers(min_value=1, max_value=len(IDS)))
    ids = draw(st.permutations(IDS))[:count]
    experts = [Expert(expert_id=expert_id, name=draw(st.sampled_from(NAMES)), unit=draw(st.sampled_from(UNITS)),
                      fields=tuple(sorted(draw(st.sets(st.sampled_from(["新材料", "电子信息"]), min_size=1)))),
                      status=draw(st.sampled_from(["在库", "在库", "暂停"])), row=index + 2)
               for index, expert_id in enumerate(ids)]
    # a recusal names pool ids as offices write them (another case, full width, spaced) or ids not in the pool
    written = draw(st.lists(st.sampled_from([*ids, *(i.lower() for i in ids), *(i.upper() for i in ids), "ZJ999"]),
                            max_size=4))
    return build_pool(experts), {"conflicts": [{"expert_id": expert_id, "reason": "亲属"} for expert_id in written]}


def _namesakes_the_long_way(pool, inputs, candidates):
    """namesake_warnings as it was: every expert's id key worked out and compared."""
    recused = {recusal.id_key(item["expert_id"]) for item in inputs.get("conflicts", ())}
    if not recused:
        return []
    drawn = {candidate["expert_id"] for candidate in candidates}
    active = [expert for expert in pool.experts if expert.status == "在库" and expert.name
              and (expert.expert_id in drawn or recusal.id_key(expert.expert_id) in recused)]
    keys = [expert.name.casefold() if expert.name.isalnum() else recusal.name_key(expert.name) for expert in active]
    wanted = {key for key, expert in zip(keys, active) if recusal.id_key(expert.expert_id) in recused}
    by_name: dict[str, list] = {}
    for key, expert in zip(keys, active):
        if key in wanted:
            by_name.setdefault(key, []).append(expert)
    warnings = []
    for experts in by_name.values():
        left = [e for e in experts if e.expert_id in drawn and recusal.id_key(e.expert_id) not in recused]
        done = [e for e in experts if recusal.id_key(e.expert_id) in recused]
        if left and done:
            warnings.append(f"回避名单回避了专家 {'、'.join(f'{e.expert_id}（工作单位「{e.unit}」）' for e in done)}，"
                            f"与其同名的在库专家 {'、'.join(f'{e.expert_id}（工作单位「{e.unit}」）' for e in left)}未回避，"
                            "仍可能被抽中：如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。")
    return warnings


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools_and_recusals(), st.sampled_from([["新材料"], ["电子信息"], ["新材料", "电子信息"]]))
def test_the_namesake_warning_is_the_long_ways_for_any_ids_and_names(case, fields):
    pool, inputs = case
    if not set(fields) <= pool.all_fields():
        return
    candidates = recusal.candidates_for(pool, fields)
    expected = _namesakes_the_long_way(pool, inputs, candidates)
    assert recusal.namesake_warnings(pool, inputs, candidates, fields) == expected
    assert recusal.namesake_warnings(pool, inputs, candidates) == expected


def test_a_recusal_written_in_lower_case_names_the_namesake_left_drawable():
    pool = build_pool([Expert("ZJ001", "王伟", "甲有限公司", ("新材料",), "在库", row=2),
                       Expert("ZJ002", "王伟", "乙有限公司", ("新材料",), "在库", row=3),
                       Expert("ZJ003", "李娜", "丙有限公司", ("新材料",), "在库", row=4)])
    candidates = recusal.candidates_for(pool, ["新材料"])
    assert recusal.namesake_warnings(pool, {"conflicts": [{"expert_id": "zj001", "reason": "亲属"}]}, candidates, ["新材料"]) == [
        "回避名单回避了专家 ZJ001（工作单位「甲有限公司」），与其同名的在库专家 ZJ002（工作单位「乙有限公司」）未回避，仍可能被抽中："
        "如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。"]


def test_the_pools_warnings_and_candidates_share_one_pass_and_still_follow_the_fields_asked():
    pool = build_pool([Expert("ZJ001", "王伟", "甲有限公司", ("新材料",), "在库", row=2),
                       Expert("ZJ002", "王伟", "甲有限公司", ("电子信息",), "在库", row=3),
                       Expert("ZJ003", "王伟", "甲有限公司", ("新材料",), "在库", row=4)])
    assert [c["expert_id"] for c in recusal.candidates_for(pool, ["新材料"])] == ["ZJ001", "ZJ003"]
    assert recusal.pool_warnings(pool, ["新材料"]) == [
        "专家库中 ZJ001、ZJ003 的姓名与工作单位相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席）：请核对专家库。"]
    # asked for another field after the first: the memo follows the fields, not the first call
    assert [c["expert_id"] for c in recusal.candidates_for(pool, ["电子信息"])] == ["ZJ002"]
    assert recusal.pool_warnings(pool, ["电子信息"]) == []
