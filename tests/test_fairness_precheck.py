"""``fundcheck draw check``: eligible experts per field before a draw, without drawing."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES
from tests.fixtures.draw.helpers import run

POOL = SAMPLES / "experts.xlsx"
SIDE = ["--applicants", SAMPLES / "draw" / "applicants.xlsx", "--conflicts", SAMPLES / "draw" / "conflicts.csv",
        "--staff", SAMPLES / "draw" / "staff.txt"]


def test_every_field_with_exclusions_by_reason_as_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything the command wrote would land here
    result = run("draw", "check", "--pool", POOL, *SIDE, "--json")
    answer = json.loads(result.output)  # exactly one JSON object (the whole stdout)
    assert (answer["command"], answer["status"], answer["exit_code"]) == ("fundcheck draw check", "findings", 1)
    rows = {row["field"]: row for row in answer["fields"]}
    assert result.exit_code == 1  # 生物医药 and 财务管理 have 2 active experts each
    assert rows["新材料"] == {
        "field": "新材料", "active": 27, "excluded": 5,
        "excluded_by_rule": {"bureau_staff": 0, "same_employer": 3, "declared_conflict": 2},
        "eligible": 22, "needed": 10, "thin_below": 21, "status": "充足",
        "excluded_ids": ["ZJ001", "ZJ002", "ZJ004", "ZJ008", "ZJ012"]}
    assert {field: row["status"] for field, row in rows.items()} == {
        "新材料": "充足", "智能制造": "偏少", "生物医药": "不足", "电子信息": "偏少", "节能环保": "偏少", "财务管理": "不足"}
    assert rows["电子信息"]["excluded_by_rule"]["bureau_staff"] == 1  # ZJ031 from staff.txt
    assert list(tmp_path.iterdir()) == []  # nothing written: no ledger, no record


def test_one_field_that_can_be_drawn_exits_0_and_says_so_in_a_table():
    result = run("draw", "check", "--pool", POOL, "--field", "新材料", *SIDE)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["领域", "在库", "回避:本局人员", "回避:同单位", "回避:申报回避", "回避合计", "可抽取", "需要", "状态"]
    assert lines[1].split() == ["新材料", "27", "0", "3", "2", "5", "22", "10", "充足"]
    assert "未写入账本" in lines[-1]


def test_a_thin_field_is_a_warning_and_a_larger_panel_makes_it_short():
    result = run("draw", "check", "--pool", POOL, "--field", "节能环保", *SIDE)
    assert result.exit_code == 0 and "偏少: 节能环保 可抽取 13 人，少于正选人数的 3 倍（21 人）。" in result.output
    result = run("draw", "check", "--pool", POOL, "--field", "节能环保", "--size", "11", *SIDE)
    assert result.exit_code == 1 and "不足: 节能环保 可抽取 13 人，少于正选 11 + 候补 3 = 14 人，无法抽取。" in result.output


def test_bad_input_exits_2():
    assert run("draw", "check", "--pool", POOL, "--field", "航天").exit_code == 2
    assert run("draw", "check", "--pool", SAMPLES / "missing.xlsx").exit_code == 2
    result = run("draw", "check", "--pool", POOL, "--size", "0")
    assert result.exit_code == 2 and "--size" in result.stderr
