"""h104: commit shopping under another round id and one more recusal (``commit_then_redo``), and
``fairness --head``: a ledger rebuilt with a fresh chain checked against the head an inspector holds."""

from __future__ import annotations

import json
import shutil
import sqlite3

from checker.draw import ledger as ledger_mod
from tests.conftest import SAMPLES, read_json
from tests.fixtures.draw.helpers import run

POOL = SAMPLES / "experts.xlsx"
APPLICANTS = SAMPLES / "draw" / "applicants.json"
FAIR = SAMPLES / "fairness"
SAMPLE_HEAD = "7f53185ec09a40d0c2113b5482e03a8501b8f8cc1bfaa1d4527914a0c476865b"  # samples/fairness/ledger.db, entry 34


def _commit(tmp_path, name, round_id, source, *extra, applicants=APPLICANTS):
    result = run("draw", "commit", "--pool", POOL, "--field", "新材料", "--round", round_id, "--ledger", tmp_path / "c.db",
                 "--out", tmp_path / f"{name}.json", "--applicants", applicants, "--source-name", source, *extra)
    assert result.exit_code == 0, result.output + result.stderr
    return read_json(tmp_path / f"{name}.json")


def _reveal(tmp_path, name, out, numbers="3 9 14 22 27 31 8"):
    result = run("draw", "reveal", tmp_path / f"{name}.json", "--ledger", tmp_path / "c.db", "--random-source", numbers,
                 "--out", tmp_path / f"{out}.json")
    assert result.exit_code == 0, result.output + result.stderr
    return read_json(tmp_path / f"{out}.json")


def _fairness(tmp_path, *args):
    result = run("fairness", *args, "--out", tmp_path / "fa")
    return result, read_json(tmp_path / "fa" / "fairness.json")


def _entry(seq, kind, round_id, at, sources, reason=""):
    return {"ledger": "c.db", "seq": seq, "type": kind, "round_id": round_id, "at": at, "fields": ["新材料"],
            "sources": sources, "redraw_reason": reason}


# ---------------------------------------------------------------- defect 1: commit shopping


def test_a_commit_left_unrevealed_then_another_round_with_one_more_recusal_revealed_is_flagged(tmp_path):
    # the reviewer's attack: two commits to two lotteries, the second under another round id and with
    # one more recusal (so neither the same eligible list nor an extended id); only the second revealed
    (tmp_path / "conf.csv").write_text("专家编号,申报单位,回避原因\nZJ030,威海华材新材料有限公司,曾任职\n", encoding="utf-8")
    first = _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    second = _commit(tmp_path, "c2", "2025-XCL-07", "大乐透 第26140期", "--conflicts", tmp_path / "conf.csv")
    revealed = _reveal(tmp_path, "c2", "r2")
    assert first["eligible_sha256"] != second["eligible_sha256"]
    result, report = _fairness(tmp_path, tmp_path / "c.db", "--records", tmp_path, "--pool", POOL)
    assert (result.exit_code, report["verdict"]) == (1, "flagged")
    t1, t2, t3 = first["committed_at"], second["committed_at"], revealed["drawn_at"]
    assert report["flags"] == [{
        "kind": "commit_then_redo", "subject": "c.db#1", "draws": ["c.db#1", "c.db#2", "c.db#3"],
        "refs": ["c.db#1", "c.db#2", "c.db#3"],
        "entries": [_entry(1, "commit", "2025-XCL-01", t1, ["双色球 第2026140期"]),
                    _entry(2, "commit", "2025-XCL-07", t2, ["大乐透 第26140期"]),
                    _entry(3, "reveal", "2025-XCL-07", t3, ["大乐透 第26140期"])],
        "reason": (f"账本「c.db」第 1 条承诺（轮次 2025-XCL-01，{t1}，来源 双色球 第2026140期）没有揭示；在它之后，"
                   f"第 2 条承诺（轮次 2025-XCL-07，{t2}，来源 大乐透 第26140期）已在第 3 条揭示（{t3}），领域重叠（新材料）、"
                   "轮次编号不同、可抽取名单不同，同一天。未揭示的承诺之后同一领域另有名单揭晓，"
                   "可能是对两次开奖择优揭示，或原承诺开奖后名单不合意而另行承诺、抽取（换了轮次编号，就不算同一轮次的重新抽取，"
                   "无须说明原因）。请查明第 1 条未揭示的原因（如该轮次取消，应有书面记录），核对其所指定来源的开奖时间，"
                   "并用其开奖号码复算它本会抽出的名单，与第 3 条的名单比较。")}]
    assert "标记：承诺未揭示，其后同一领域另有承诺揭示或抽取（可能择优揭示或改抽）：c.db#1" in result.output
    # the commit's own limit stays; the finding is said once, as a flag
    assert [item["kind"] for item in report["limits"] if item["kind"].startswith("commit")] == ["commit_without_reveal"]
    html = (tmp_path / "fa" / "fairness.html").read_text(encoding="utf-8")
    assert "承诺未揭示，其后同一领域另有承诺揭示或抽取（可能择优揭示或改抽）" in html and "第 1 条承诺（轮次 2025-XCL-01" in html


def test_a_commit_left_unrevealed_while_an_earlier_commit_is_revealed_after_it_is_flagged(tmp_path):
    # A committed, B committed (another round, one more field), A revealed: both lotteries were pending
    first = _commit(tmp_path, "a", "A-1", "双色球 第2026140期")
    result = run("draw", "commit", "--pool", POOL, "--field", "新材料", "--field", "智能制造", "--round", "B-1",
                 "--ledger", tmp_path / "c.db", "--out", tmp_path / "b.json", "--source-name", "大乐透 第26140期")
    assert result.exit_code == 0, result.stderr
    second = read_json(tmp_path / "b.json")
    revealed = _reveal(tmp_path, "a", "ra")
    result, report = _fairness(tmp_path, tmp_path / "c.db")
    assert result.exit_code == 1
    t1, t2, t3 = first["committed_at"], second["committed_at"], revealed["drawn_at"]
    assert report["flags"] == [{
        "kind": "commit_then_redo", "subject": "c.db#2", "draws": ["c.db#2", "c.db#1", "c.db#3"],
        "refs": ["c.db#2", "c.db#1", "c.db#3"],
        "entries": [dict(_entry(2, "commit", "B-1", t2, ["大乐透 第26140期"]), fields=["新材料", "智能制造"]),
                    _entry(1, "commit", "A-1", t1, ["双色球 第2026140期"]),
                    _entry(3, "reveal", "A-1", t3, ["双色球 第2026140期"])],
        "reason": (f"账本「c.db」第 2 条承诺（轮次 B-1，{t2}，来源 大乐透 第26140期）没有揭示；在它之后，"
                   f"第 3 条（{t3}）揭示了此前第 1 条承诺（轮次 A-1，{t1}，来源 双色球 第2026140期），领域重叠（新材料）、"
                   "轮次编号不同、可抽取名单不同，同一天。未揭示的承诺之后同一领域另有名单揭晓，"
                   "可能是对两次开奖择优揭示，或原承诺开奖后名单不合意而另行承诺、抽取（换了轮次编号，就不算同一轮次的重新抽取，"
                   "无须说明原因）。请查明第 2 条未揭示的原因（如该轮次取消，应有书面记录），核对其所指定来源的开奖时间，"
                   "并用其开奖号码复算它本会抽出的名单，与第 3 条的名单比较。")}]


def test_two_rounds_of_one_field_each_committed_and_revealed_are_not_flagged(tmp_path):
    # two rounds of one field, each with its own applicants (the same applicants would be renamed_round)
    other = tmp_path / "applicants2.json"
    other.write_text(json.dumps(json.loads(APPLICANTS.read_text(encoding="utf-8"))[:1], ensure_ascii=False), encoding="utf-8")
    _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    _reveal(tmp_path, "c1", "r1")
    _commit(tmp_path, "c2", "2025-XCL-07", "大乐透 第26140期", applicants=other)
    _reveal(tmp_path, "c2", "r2", "1 4 7 12 19 25 33")
    result, report = _fairness(tmp_path, tmp_path / "c.db", "--records", tmp_path, "--pool", POOL)
    assert (result.exit_code, report["verdict"], report["flags"]) == (0, "clear", [])
    assert not [item for item in report["limits"] if item["kind"].startswith("commit")]


def test_an_unrevealed_commit_before_another_rounds_redraw_quotes_the_recorded_reason(tmp_path):
    # round B drawn, then round A committed and never revealed, then B redrawn with a reason: said, with
    # the reason as the office recorded it (a lesser concern when it is documented)
    base = ["draw", "new", "--pool", POOL, "--field", "新材料", "--round", "B-1", "--ledger", tmp_path / "c.db"]
    assert run(*base, "--out", tmp_path / "b1.json", "--random-source", "4 5 6").exit_code == 0
    first = _commit(tmp_path, "a", "A-1", "双色球 第2026140期")
    assert run(*base, "--out", tmp_path / "b2.json", "--random-source", "7 8 9", "--source-name", "大乐透 第26141期",
               "--redraw-reason", "专家时间冲突").exit_code == 0
    redraw = read_json(tmp_path / "b2.json")
    result, report = _fairness(tmp_path, tmp_path / "c.db")
    assert result.exit_code == 1
    [flag] = [flag for flag in report["flags"] if flag["kind"] == "commit_then_redo"]
    t1, t3 = first["committed_at"], redraw["drawn_at"]
    assert flag == {
        "kind": "commit_then_redo", "subject": "c.db#2", "draws": ["c.db#2", "c.db#3"], "refs": ["c.db#2", "c.db#3"],
        "entries": [_entry(2, "commit", "A-1", t1, ["双色球 第2026140期"]),
                    _entry(3, "redraw", "B-1", t3, ["大乐透 第26141期"], "专家时间冲突")],
        "reason": (f"账本「c.db」第 2 条承诺（轮次 A-1，{t1}，来源 双色球 第2026140期）没有揭示；在它之后，"
                   f"第 3 条重新抽取（轮次 B-1，{t3}，来源 大乐透 第26141期），领域重叠（新材料）、轮次编号不同、"
                   "可抽取名单不同，同一天。未揭示的承诺之后同一领域另有名单揭晓，可能是对两次开奖择优揭示，"
                   "或原承诺开奖后名单不合意而另行承诺、抽取（换了轮次编号，就不算同一轮次的重新抽取，无须说明原因）。"
                   "第 3 条记有重新抽取原因（专家时间冲突）：原因有书面依据的，关注程度较低，仍请核对。"
                   "请查明第 2 条未揭示的原因（如该轮次取消，应有书面记录），核对其所指定来源的开奖时间，"
                   "并用其开奖号码复算它本会抽出的名单，与第 3 条的名单比较。")}


def test_the_stronger_signal_is_kept_for_a_renamed_round(tmp_path):
    # same eligible list, id extended: commit_then_renamed as before, and no second finding for it
    _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    _commit(tmp_path, "c2", "2025-XCL-01补", "大乐透 第26140期")
    _reveal(tmp_path, "c2", "r2")
    _, report = _fairness(tmp_path, tmp_path / "c.db")
    assert [flag["kind"] for flag in report["flags"]] == ["commit_then_renamed"]


# ---------------------------------------------------------------- defect 2: the held head


def _rebuilt_without_redraws(path):
    """The sample ledger with its two redraw entries deleted and the chain recomputed from scratch."""
    shutil.copy(FAIR / "ledger.db", path)
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER ledger_no_update")
        connection.execute("DROP TRIGGER ledger_no_delete")
        rows = [json.loads(text) for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq")]
        connection.execute("DELETE FROM ledger")
        prev = ledger_mod.GENESIS
        for seq, data in enumerate((data for data in rows if data["type"] != "redraw"), start=1):
            data["seq"] = seq
            text = ledger_mod.canonical_json(data).decode("utf-8")
            digest = ledger_mod.entry_hash(prev, text)
            connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
            prev = digest
    return path, prev


def test_a_ledger_rebuilt_without_its_redraws_is_flagged_against_the_held_head(tmp_path):
    ledger, forged_head = _rebuilt_without_redraws(tmp_path / "ledger.db")
    assert run("ledger", "verify", ledger).output.startswith("一致：账本完整：32 条")  # the chain alone passes
    result, report = _fairness(tmp_path, ledger, "--pool", POOL, "--head", SAMPLE_HEAD)
    assert result.exit_code == 1
    assert [item["kind"] for item in report["flags"]] == ["expert", "ledger_head"]  # the re-roll is gone with its entry
    assert report["flags"][1] == {
        "kind": "ledger_head", "subject": "ledger.db", "draws": [], "refs": ["ledger.db"],
        "reason": (f"账本「ledger.db」中找不到持有的头哈希 {SAMPLE_HEAD}：末尾条目被删除或整条链被重写（所给账本共 32 条，"
                   f"末条哈希 {forged_head}）。重写后的账本自身的哈希链仍可校验通过；以下统计按所给账本计算，"
                   "被删去的抽取、重新抽取不在其中。请向经办科室索取与持有的头哈希相符的账本。")}
    [given] = report["inputs"]["ledgers"]
    assert (given["entries"], given["head"], given["held_head"]) == (
        32, {"entry": 32, "hash": forged_head}, {"given": SAMPLE_HEAD, "entry": None, "matches": False})
    assert not [item for item in report["limits"] if item["kind"] == "ledger_head"]  # said once, as a flag
    assert (f"账本「ledger.db」共 32 条，末条第 32 条，头哈希 {forged_head}；与持有的头哈希 {SAMPLE_HEAD} 不符："
            "账本中没有该条目（见标记事项）。") in result.output
    assert "账本与持有的头哈希不符（末尾条目被删除或整条链被重写）" in (tmp_path / "fa" / "fairness.html").read_text(encoding="utf-8")


def test_the_genuine_ledger_matches_the_held_head_and_its_head_is_recorded(tmp_path):
    result, report = _fairness(tmp_path, FAIR / "ledger.db", "--pool", POOL, "--head", SAMPLE_HEAD[:16].upper())
    assert [(flag["kind"], flag["subject"]) for flag in report["flags"]] == [("expert", "ZJ014"), ("reroll", "ledger.db#13")]
    [given] = report["inputs"]["ledgers"]
    assert (given["head"], given["held_head"]) == ({"entry": 34, "hash": SAMPLE_HEAD},
                                                   {"given": SAMPLE_HEAD[:16], "entry": 34, "matches": True})
    assert f"账本「ledger.db」共 34 条，末条第 34 条，头哈希 {SAMPLE_HEAD}；持有的头哈希 {SAMPLE_HEAD[:16]} 为第 34 条，一致。" \
        in result.output
    html = (tmp_path / "fa" / "fairness.html").read_text(encoding="utf-8")
    assert f"持有的头哈希 {SAMPLE_HEAD[:16]} 为第 34 条，一致。" in html
    # without --head the head is still recorded and printed, to be compared by hand
    (tmp_path / "x").mkdir()
    result, report = _fairness(tmp_path / "x", FAIR / "ledger.db")
    assert report["inputs"]["ledgers"][0]["held_head"] is None and report["inputs"]["ledgers"][0]["head"]["entry"] == 34
    assert "未与持有的头哈希核对：请与事先交纪检监察组的头哈希比较。" in result.output


def test_a_held_head_before_the_last_entry_leaves_the_later_entries_unchecked(tmp_path):
    with sqlite3.connect(FAIR / "ledger.db") as connection:
        (held,) = connection.execute("SELECT entry_hash FROM ledger WHERE seq = 30").fetchone()
    _, report = _fairness(tmp_path, FAIR / "ledger.db", "--head", f"ledger.db={held}")
    assert "ledger_head" not in [flag["kind"] for flag in report["flags"]]
    assert [item for item in report["limits"] if item["kind"] == "ledger_after_head"] == [{
        "kind": "ledger_after_head", "draws": ["ledger.db"],
        "message": (f"账本「ledger.db」持有的头哈希为第 30 条，其后另有 4 条条目（至第 34 条，末条哈希 {SAMPLE_HEAD}）："
                    "这些条目未经持有的头哈希核对；请取得新的头哈希再核对。")}]


def test_a_head_that_cannot_be_matched_or_is_too_short_stops_the_run(tmp_path):
    ledger = FAIR / "ledger.db"
    cases = [((ledger, ledger, "--head", SAMPLE_HEAD), "给出了 2 个账本、1 个 --head"),
             ((ledger, "--head", SAMPLE_HEAD[:10]), "至少 16 位的十六进制前缀"),
             ((ledger, "--head", f"other.db={SAMPLE_HEAD}"), "没有指明所给的哪个账本")]
    for args, message in cases:
        result = run("fairness", *args, "--out", tmp_path / "out")
        assert result.exit_code == 2 and message in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()


def test_a_commit_left_unrevealed_then_a_draw_of_its_field_in_another_ledger_is_flagged(tmp_path):
    """A commit left open in one ledger file, then a panel of the field drawn into a fresh ledger file
    (which asks no redraw reason and holds no trace of the commit): only one ledger's entries were
    compared, so fairness given both said nothing."""
    first = _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    drawn = run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "2025-XCL-09", "--ledger", tmp_path / "fresh.db",
                "--out", tmp_path / "d.json", "--applicants", APPLICANTS, "--random-source", "3 9 14 22 27 31 8",
                "--source-name", "双色球 第2026139期")
    assert drawn.exit_code == 0, drawn.output + drawn.stderr
    record = read_json(tmp_path / "d.json")
    result, report = _fairness(tmp_path, tmp_path / "c.db", tmp_path / "fresh.db")
    assert (result.exit_code, report["verdict"]) == (1, "flagged")
    t1, t2 = first["committed_at"], record["drawn_at"]
    assert report["flags"] == [{
        "kind": "commit_then_redo", "subject": "c.db#1", "draws": ["c.db#1", "fresh.db#1"], "refs": ["c.db#1", "fresh.db#1"],
        "entries": [_entry(1, "commit", "2025-XCL-01", t1, ["双色球 第2026140期"]),
                    dict(_entry(1, "draw", "2025-XCL-09", t2, ["双色球 第2026139期"]), ledger="fresh.db")],
        "reason": (f"账本「c.db」第 1 条承诺（轮次 2025-XCL-01，{t1}，来源 双色球 第2026140期）没有揭示；在它之后，"
                   f"账本「fresh.db」第 1 条抽取（轮次 2025-XCL-09，{t2}，来源 双色球 第2026139期）领域重叠（新材料）、轮次编号不同，同一天。"
                   "未揭示的承诺之后，另一本账本中同一领域另有名单揭晓：可能是原承诺开奖后名单不合意，换一本账本另行抽取"
                   "（新账本中没有原承诺，重新抽取无须说明原因）。请查明第 1 条未揭示的原因、为何改用另一本账本，"
                   "核对其所指定来源的开奖时间，并用其开奖号码复算它本会抽出的名单，与账本「fresh.db」第 1 条的名单比较。")}]


def test_a_draw_in_another_ledger_before_the_unrevealed_commit_is_no_redo_of_it(tmp_path, monkeypatch):
    from checker.draw import record as draw_mod

    monkeypatch.setattr(draw_mod, "now", lambda: "2026-11-02T09:00:00+08:00")
    drawn = run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "2025-XCL-09", "--ledger", tmp_path / "old.db",
                "--out", tmp_path / "d.json", "--random-source", "1 4 7 12 19 25 33", "-q")
    assert drawn.exit_code == 0, drawn.stderr
    monkeypatch.setattr(draw_mod, "now", lambda: "2026-11-03T09:00:00+08:00")
    _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    result, report = _fairness(tmp_path, tmp_path / "c.db", tmp_path / "old.db")
    assert [flag for flag in report["flags"] if flag["kind"].startswith("commit")] == []
    assert [item["kind"] for item in report["limits"] if item["kind"].startswith("commit")] == ["commit_without_reveal"]


def test_a_commit_revealed_in_its_ledger_is_not_flagged_for_a_later_draw_in_another(tmp_path):
    _commit(tmp_path, "c1", "2025-XCL-01", "双色球 第2026140期")
    _reveal(tmp_path, "c1", "r1")
    drawn = run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "2025-XCL-09", "--ledger", tmp_path / "fresh.db",
                "--out", tmp_path / "d.json", "--random-source", "1 4 7 12 19 25 33", "-q")
    assert drawn.exit_code == 0, drawn.stderr
    result, report = _fairness(tmp_path, tmp_path / "c.db", tmp_path / "fresh.db")
    assert [flag for flag in report["flags"] if flag["kind"].startswith("commit")] == []
