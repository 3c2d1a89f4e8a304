"""One draw per round and field: a round id is compared after NFKC, without invisible characters or
white space, case folded for every script (checker/core/text.round_key), in the ledger's queries,
in audit and in fairness alike (fairness: tests/test_hostile7.py, a redraw in another case). SQLite's
NOCASE, used before, folded only ASCII letters: a Cyrillic or Greek round id in the other case, or
the id typed with a space, passed as a first draw and allowed a re-roll."""

from __future__ import annotations

import pytest

from checker.core.text import round_key
from tests.test_hostile7 import draw_new, ledger_rows, load, run, small_pool


@pytest.mark.parametrize("first, second", [
    ("R1", "r1"), ("R1", "Ｒ１"), ("2025年 第1批", "2025年第1批"), ("ПР-1", "пр-1"), ("Σ1", "σ1"), ("STRASSE-1", "straße-1"),
])
def test_round_ids_an_office_would_call_the_same_are_one_round(first, second):
    assert round_key(first) == round_key(second)


@pytest.mark.parametrize("first, second", [("R1", "R2"), ("2025年第1批", "2025年第2批"), ("ПР-1", "ПР-2")])
def test_different_round_ids_stay_different(first, second):
    assert round_key(first) != round_key(second)


@pytest.mark.parametrize("first, second", [("ПР-1", "пр-1"), ("2025 第1批", "2025第1批"), ("Σ1", "σ1")])
def test_a_second_draw_under_the_same_round_in_another_spelling_needs_a_redraw_reason(tmp_path, first, second):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json", first).exit_code == 0
    result = draw_new(tmp_path, pool, "b.json", second, "8 9 10 11 12 13 14")
    assert result.exit_code == 2 and "--redraw-reason" in result.output, result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]
    assert not (tmp_path / "b.json").exists()


def test_audit_takes_a_round_typed_in_another_case_as_the_ledgers_round(tmp_path):
    """The ledger holds W12-2020-01; the office typed w12-2020-01 in its round workbook. The same
    round (as the ledger itself compares ids): its draw is checked, not called another round's."""
    import json

    from tests.test_audit_cli import ROUNDS, compliant_w12, findings
    from tests.test_audit_cli import run as audit

    record = compliant_w12()
    record["轮次"]["轮次编号"] = "w12-2020-01"
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = audit(tmp_path / "r.json", "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 0, result.output
    data, by_rule = findings(tmp_path / "out")
    assert data["verdict"] == "compliant"
    assert by_rule["DRAW-RANDOM"][0] == "pass" and "不是" not in by_rule["DRAW-RANDOM"][1]


def test_a_held_head_prefix_must_have_sixteen_hex_digits(tmp_path):
    """An 8-digit prefix (32 bits) can be matched by a forged chain in a few billion tries; `ledger
    show` prints 16 digits, and --head takes that many or more."""
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json").exit_code == 0
    head = load(tmp_path / "a.json")["ledger"]["head"]["hash"]
    short = run("ledger", "verify", tmp_path / "l.db", "--head", head[:8])
    assert short.exit_code == 2
    assert "至少 16 位的十六进制前缀" in short.output and "伪造者" in short.output
    held = run("ledger", "verify", tmp_path / "l.db", "--head", head[:16])
    assert (held.exit_code, held.output) == (0, "一致：账本完整：1 条，持有的头哈希为第 1 条。\n"
                                                "复算：1 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")


def test_a_paper_rounds_ledger_reference_finds_the_draw_of_its_round_in_another_case():
    from checker.fairness.model import Draw
    from checker.fairness.paper import find_ledger_draw, ledger_reference

    draw = Draw(id="l.db#3", source="ledger", kind="draw", round_id="W12-2020-01", fields=("新材料",), at="",
                operator="政工科", panel=("E001",), seq=3, draw_sha256="ab" * 32)
    assert find_ledger_draw([draw], ledger_reference("第3条"), "w12-2020-01") is draw
    assert find_ledger_draw([draw], ledger_reference("ab" * 8), "W12-2020-01") is draw
    assert find_ledger_draw([draw], ledger_reference("第3条"), "W12-2020-02") is None
