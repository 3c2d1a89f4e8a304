"""`ledger verify` of a ledger whose redraw was rewritten as a first draw (type "draw", its reason struck
out, the chain recomputed): it verified, and only `fairness` named it (redraw_unmarked). `draw new`
never writes a second draw of one round and field without a reason, so the same round id and fields
are a difference; a round id written otherwise or fields that only overlap are a 注意 (an older
program compared round ids as written and equal field sets only)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.draw.helpers import RFC_SOURCES, rfc_pool, run
from tests.test_ledger_rederive_s30 import head_of, rechained


def _redrawn(tmp_path, second_round: str = "R-1", second_fields: tuple = ("新材料",)):
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    args = ["draw", "new", "--pool", pool, "--size", "3", "--alternates", "2", "--ledger", db, "-q"]
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    assert run(*args, "--field", "新材料", "--round", "R-1", "--out", tmp_path / "r1.json", *sources).exit_code == 0
    fields = [item for field in second_fields for item in ("--field", field)]
    result = run(*args, *fields, "--round", second_round, "--out", tmp_path / "r2.json", "--redraw-reason", "专家名单有误",
                 "--random-source", "5 11 23 31 42 8 2")
    assert result.exit_code == 0, result.output
    return db


def _as_first_draw(seq, data):
    if seq == 2:
        data["type"] = "draw"
        del data["redraw"]


def test_a_redraw_rewritten_as_a_first_draw_is_a_difference(tmp_path):
    db = _redrawn(tmp_path)
    rechained(db, _as_first_draw)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：2 条，末条第 2 条哈希 {head_of(db)}），但有 1 条抽取条目记为首次抽取，而同一轮次、同一领域此前已抽取：\n"
        "  第 2 条（抽取，轮次 R-1）记为首次抽取，但第 1 条已是同一轮次、同一领域的抽取：再次抽取须记为重新抽取并载明原因，"
        "条目被改写（哈希链随之被重新计算）。\n")


def test_a_redraw_of_a_round_written_otherwise_rewritten_as_a_first_draw_is_a_notice(tmp_path):
    db = _redrawn(tmp_path, second_round="r-1")
    rechained(db, _as_first_draw)
    result = run("ledger", "verify", db)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "注意：第 2 条（抽取，轮次 r-1）记为首次抽取，而第 1 条（抽取，轮次 R-1，领域 新材料）与它同一轮次、领域重叠："
        "请核对是否为未载原因的重新抽取。")


def test_a_marked_redraw_and_another_round_verify(tmp_path):
    db = _redrawn(tmp_path)
    assert run("ledger", "verify", db).output == (
        f"一致：账本完整：2 条，末条第 2 条哈希 {head_of(db)}。\n"
        "复算：2 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。\n")


def test_a_round_id_holding_terminal_controls_is_shown_escaped(tmp_path):
    # h165: the new lines printed a tampered entry's round id raw (an ESC sequence could hide the lines above)
    db = _redrawn(tmp_path)

    def hostile(seq, data):
        data["round_id"] = "R-1\x1b[2K"
        _as_first_draw(seq, data)
    rechained(db, hostile)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  第 2 条（抽取，轮次 R-1\\u001b[2K）记为首次抽取，但第 1 条已是同一轮次、同一领域的抽取：再次抽取须记为重新抽取并载明原因，"
        "条目被改写（哈希链随之被重新计算）。")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20))
def test_a_printable_ascii_round_id_is_keyed_as_the_long_way_keys_it(round_id):
    # round_key's shortcut for printable ASCII (ledger verify keys every entry's round) gives the long way's key
    from checker.core.text import _round_key, round_key

    assert round_key(round_id) == _round_key(round_id)
