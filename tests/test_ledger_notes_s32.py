"""`ledger verify` of a ledger with a difference and a 注意 besides: the 注意 lines were dropped when the
ledger was 不一致 (the command ended after the differences). An inspector reading a ledger that does not
verify needs what else was noticed most; both are printed, differences first."""

from __future__ import annotations

from tests.fixtures.draw.helpers import RFC_SOURCES, rfc_pool, run
from tests.test_ledger_rederive_s30 import head_of, rechained


def _three_draws(tmp_path):
    pool = rfc_pool(tmp_path / "pool.xlsx")
    db = tmp_path / "draws.db"
    args = ["draw", "new", "--pool", pool, "--size", "3", "--alternates", "2", "--ledger", db, "-q", "--field", "新材料"]
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    assert run(*args, "--round", "R-1", "--out", tmp_path / "r1.json", *sources).exit_code == 0
    for number, round_id in ((2, "R-1"), (3, "r-1")):
        result = run(*args, "--round", round_id, "--out", tmp_path / f"r{number}.json", "--redraw-reason", "专家名单有误",
                     "--random-source", f"5 11 23 31 42 8 {number}")
        assert result.exit_code == 0, result.output
    return db


def _redraws_as_first_draws(seq, data):
    if seq in (2, 3):
        data["type"] = "draw"
        del data["redraw"]


def test_a_ledger_that_does_not_verify_still_says_what_else_was_noticed(tmp_path):
    db = _three_draws(tmp_path)
    rechained(db, _redraws_as_first_draws)
    result = run("ledger", "verify", db)
    assert result.exit_code == 1
    assert result.output == (
        f"不一致：哈希链完整（账本完整：3 条，末条第 3 条哈希 {head_of(db)}），但有 1 条抽取条目记为首次抽取，而同一轮次、同一领域此前已抽取：\n"
        "  第 2 条（抽取，轮次 R-1）记为首次抽取，但第 1 条已是同一轮次、同一领域的抽取：再次抽取须记为重新抽取并载明原因，"
        "条目被改写（哈希链随之被重新计算）。\n"
        "注意：第 3 条（抽取，轮次 r-1）记为首次抽取，而第 1 条（抽取，轮次 R-1，领域 新材料）与它同一轮次、领域重叠："
        "请核对是否为未载原因的重新抽取。\n")
