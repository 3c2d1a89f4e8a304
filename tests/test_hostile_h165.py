"""helper-165: this session's smaller changes broken as a hostile user would. Every text asserted whole.

- draw (6f71baea): a pool field written as the field plus 领域/类/专业/方向 named in a warning. An expert who also
  lists the drawn field (电子信息 beside 电子信息类) is a candidate, yet was named as none; a field written with two
  such words (新材料专业领域) or with an invisible character before or after the word (新材料\\u200b领域) was said
  nothing of; nor, the other way round, the pool's 新材料 experts under --field 新材料领域.
- conditions (ccbbe358): a bound written with thousands separators (1,000万元) was said in the column's unit.
- ledger verify (2c23cb45): a draw compared with every earlier entry made a 100,000-entry ledger quadratic; and an
  older program's legitimate draw of r-1 met first hid a later R-1 draw rewritten from a redraw of R-1 (a 注意 only).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from checker.draw import verify as verify_mod
from checker.draw.pool import read_pool
from checker.draw.recusal import candidates_for, pool_warnings
from tests.fixtures.draw.helpers import RFC_SOURCES, rfc_pool, run, write_xlsx
from tests.test_hostile_h133 import _c, _check
from tests.test_ledger_rederive_s30 import head_of, rechained

HEADERS = ["专家编号", "姓名", "工作单位", "专业领域", "状态"]


def _pool(tmp_path, *rows):
    return read_pool(write_xlsx(Path(tempfile.mkdtemp(dir=tmp_path)) / "pool.xlsx", HEADERS, rows))


# --- draw: a field written with the word for a field -------------------------------------------------------


def test_an_expert_listing_the_drawn_field_too_is_no_expert_left_out(tmp_path):
    pool = _pool(tmp_path, ("E1", "甲", "u1", "电子信息", "在库"), ("E2", "乙", "u2", "电子信息类", "在库"),
                 ("E3", "丙", "u3", "电子信息、电子信息类", "在库"))
    assert [row["expert_id"] for row in candidates_for(pool, ["电子信息"])] == ["E1", "E3"]
    assert pool_warnings(pool, ["电子信息"]) == [
        "专家 E2 的专业领域写作“电子信息类”（即“电子信息”），与所抽领域不是同一文本，未作为候选："
        "如属同一领域，请在专家库中统一写法后再抽取。"]
    # every expert of the worded field a candidate all the same: nothing to say
    pool = _pool(tmp_path, ("E1", "甲", "u1", "新材料、新材料领域", "在库"), ("E2", "乙", "u2", "新材料", "在库"))
    assert pool_warnings(pool, ["新材料"]) == []


def test_two_words_and_invisible_characters_are_looked_past(tmp_path):
    pool = _pool(tmp_path, ("E1", "甲", "u1", "新材料", "在库"), ("E2", "乙", "u2", "新材料专业领域", "在库"),
                 ("E3", "丙", "u3", "新材料\u200b领域", "在库"), ("E4", "丁", "u4", "新材料领域\u200b", "在库"),
                 ("E5", "戊", "u5", "新材料化工领域", "在库"))
    assert pool_warnings(pool, ["新材料"]) == [
        "专家 E2、E3、E4 的专业领域写作“新材料\\u200B领域”（即“新材料”）、“新材料专业领域”（即“新材料”）、"
        "“新材料领域\\u200B”（即“新材料”），与所抽领域不是同一文本，未作为候选：如属同一领域，请在专家库中统一写法后再抽取。"]
    # the nearest drawn field is named: 电子信息类专业 is 电子信息类 when both 电子信息 and 电子信息类 are drawn
    pool = _pool(tmp_path, ("E1", "甲", "u1", "电子信息", "在库"), ("E2", "乙", "u2", "电子信息类", "在库"),
                 ("E3", "丙", "u3", "电子信息类专业", "在库"))
    assert pool_warnings(pool, ["电子信息", "电子信息类"]) == [
        "专家 E3 的专业领域写作“电子信息类专业”（即“电子信息类”），与所抽领域不是同一文本，未作为候选："
        "如属同一领域，请在专家库中统一写法后再抽取。"]


def test_a_drawn_field_written_with_the_word_names_the_pools_bare_field(tmp_path):
    """--field 新材料领域 (as the notice writes it) over a pool whose other experts wrote 新材料: they were left out
    unsaid, though the same pool the other way round was warned of."""
    pool = _pool(tmp_path, ("E1", "甲", "u1", "新材料领域", "在库"), ("E2", "乙", "u2", "新材料", "在库"),
                 ("E3", "丙", "u3", "新材料化工", "在库"))
    assert [row["expert_id"] for row in candidates_for(pool, ["新材料领域"])] == ["E1"]
    assert pool_warnings(pool, ["新材料领域"]) == [
        "专家 E2 的专业领域写作“新材料”（即“新材料领域”），与所抽领域不是同一文本，未作为候选："
        "如属同一领域，请在专家库中统一写法后再抽取。"]


# --- conditions: the bound as the wording writes it -----------------------------------------------------------


def test_a_bound_written_with_thousands_separators_is_said_as_written(tmp_path):
    row = _c(1, "上年度营业收入1,000万元（含）以上", "营业收入", "金额（元）", "≥", "10000000")
    assert _check(tmp_path, row, ["营业收入（元）"], [9990000]) == (1, (
        "fail", "营业收入填写为 9990000 元，本轮条件要求不低于 1000 万元，不符合本条件。"), [])


# --- ledger verify: one draw per round and field --------------------------------------------------------------


def test_an_exact_redraw_rewritten_is_a_difference_after_an_older_rounds_other_spelling(tmp_path):
    """r-1 then R-1 drawn by a program that compared round ids as written (a 注意), then a redraw of R-1 rewritten as a
    first draw: the same round id and fields as entry 2 is a difference, though entry 1 overlaps it first."""
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    args = ["draw", "new", "--pool", pool, "--size", "3", "--alternates", "2", "--ledger", db, "-q", "--field", "新材料"]
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    assert run(*args, "--round", "r-1", "--out", tmp_path / "r1.json", *sources).exit_code == 0
    assert run(*args, "--round", "R-1", "--out", tmp_path / "r2.json", "--redraw-reason", "甲",
               "--random-source", "5 11 23 31 42 8 2").exit_code == 0
    assert run(*args, "--round", "R-1", "--out", tmp_path / "r3.json", "--redraw-reason", "乙",
               "--random-source", "6 11 23 31 42 8 2").exit_code == 0

    def as_first_draws(seq, data):
        if seq in (2, 3):
            data["type"] = "draw"
            del data["redraw"]

    rechained(db, as_first_draws)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：3 条，末条第 3 条哈希 {head_of(db)}），但有 1 条抽取条目记为首次抽取，而同一轮次、同一领域此前已抽取：\n"
        "  第 3 条（抽取，轮次 R-1）记为首次抽取，但第 2 条已是同一轮次、同一领域的抽取：再次抽取须记为重新抽取并载明原因，"
        "条目被改写（哈希链随之被重新计算）。\n"
        # the 注意 on entry 2 is said with the difference (it was dropped before: tests/test_ledger_notes_s32.py)
        "注意：第 2 条（抽取，轮次 R-1）记为首次抽取，而第 1 条（抽取，轮次 r-1，领域 新材料）与它同一轮次、领域重叠："
        "请核对是否为未载原因的重新抽取。\n")


def test_each_entrys_round_key_is_worked_out_once(monkeypatch):
    """A ledger of 3,000 draws of distinct rounds: each draw was compared with every earlier entry, round_key each
    time (4.5 million calls; 100,000 entries took about an hour and a half, 1.6 s before the change)."""
    calls = []
    real = verify_mod.round_key
    monkeypatch.setattr(verify_mod, "round_key", lambda text: calls.append(text) or real(text))
    selections = verify_mod.LedgerSelections()
    for seq in range(1, 3001):
        selections.add(seq, {"type": "draw", "round_id": f"R{seq}", "fields": ["新材料"], "draw_sha256": "c" * 64})
    assert (len(calls), selections.unmarked, selections.unmarked_notes) == (3000, [], [])
    selections.add(3001, {"type": "draw", "round_id": "r7", "fields": ["新材料", "智能制造"], "draw_sha256": "c" * 64})
    assert selections.unmarked_notes == [
        "第 3001 条（抽取，轮次 r7）记为首次抽取，而第 7 条（抽取，轮次 R7，领域 新材料）与它同一轮次、领域重叠："
        "请核对是否为未载原因的重新抽取。"]
