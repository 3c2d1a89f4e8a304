"""``fundcheck fairness`` on the biased sample, on paper rounds, and on bad input (limits, not tracebacks)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from checker.fairness import stats
from checker.draw.pool import read_pool
from tests.conftest import ROOT, SAMPLES, read_json
from tests.fixtures.draw.helpers import run
from tests.helpers import write_paper_rounds

FAIR = SAMPLES / "fairness"
POOL = SAMPLES / "experts.xlsx"
EXAMPLE = ROOT / "reports" / "example" / "fairness"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("fair") / "out"
    result = run("fairness", FAIR / "ledger.db", "--records", FAIR / "records", "--pool", POOL, "--out", out)
    return result, out


def test_biased_sample_flags_the_favoured_expert_and_no_other(sample_report):
    result, out = sample_report
    assert result.exit_code == 1, result.output
    report = read_json(out / "fairness.json")
    zj014 = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ014")
    drawn_in = zj014.pop("drawn_in")
    assert zj014 == {"expert_id": "ZJ014", "eligible_draws": 19, "observed": 19, "expected": 6.0415,
                     "p_value": 2.09252e-10, "p_adjusted": 7.74233e-09, "flagged": True}
    assert len(drawn_in) == 19 and drawn_in[0] == "ledger.db#1"
    assert [row["expert_id"] for row in report["experts"]["rows"] if row["flagged"]] == ["ZJ014"]
    assert report["experts"]["tested"] == 37
    assert not any(row["flagged"] for row in report["pairs"]["rows"] + report["recurrence"]["rows"])
    assert [(flag["kind"], flag["subject"]) for flag in report["flags"]] == [("expert", "ZJ014"), ("reroll", "ledger.db#13")]
    assert report["counts"] == {"draws": 32, "counted": 30, "tested": 30, "flags": 2, "limits": 0}
    assert "标记：专家入选次数过多：ZJ014  实际 19 期望 6.0415 校正后 p 值 7.74×10⁻⁹\n" in result.output  # not 7.74e-09
    assert "flagged" not in result.output


def test_favoured_expert_p_value_recomputed_from_the_records_alone(sample_report):
    """Independent check: from the draw records (not the ledger), the exact tail for ZJ014."""
    records = [read_json(path) for path in sorted((FAIR / "records").glob("*.json"))]
    superseded = {entry["entry"] for record in records if record.get("redraw") for entry in record["redraw"]["previous"]}
    counted = [record for record in records if record["ledger"]["draw_entry"]["entry"] not in superseded]
    assert len(counted) == 30
    groups: dict = {}
    for record in counted:
        if "ZJ014" in record["eligible"]:
            key = stats.ratio(len(record["panel"]), len(record["eligible"]))
            groups[key] = groups.get(key, 0) + 1
    observed = sum("ZJ014" in [item["expert_id"] for item in record["panel"]] for record in counted)
    p = stats.upper_tail(groups, observed)
    assert observed == 19 and stats.as_float(p) == 2.09252e-10
    report = read_json(sample_report[1] / "fairness.json")
    assert stats.as_float(min(Fraction(1), p * 37)) == 7.74233e-09 == report["flags"][0]["p_adjusted"]


def test_flags_name_their_draws_and_ledger_entries(sample_report):
    report = read_json(sample_report[1] / "fairness.json")
    expert, reroll = report["flags"]
    assert expert["refs"][:2] == ["ledger.db 第 1 条", "2024-XCL-01.json"]
    assert reroll["draws"] == ["ledger.db#12", "ledger.db#13"]
    assert reroll["refs"] == ["ledger.db 第 12 条", "2024-XCL-05.json", "ledger.db 第 13 条", "2024-XCL-05-redraw.json"]
    redraws = {item["draw"]: item for item in report["redraws"]["items"]}
    assert redraws["ledger.db#13"]["eligible_unchanged"] is True and redraws["ledger.db#13"]["flagged"] is True
    jn = next(item for item in redraws.values() if item["round_id"] == "2024-JN-03")
    assert jn["eligible_unchanged"] is False and jn["flagged"] is False and jn["panel_changed"] is True
    by_operator = {row["operator"]: row for row in report["redraws"]["by_operator"]}
    assert by_operator["政工科-经办人A"] == {"operator": "政工科-经办人A", "draws": 22, "redraws": 2,
                                             "redraws_changing_panel": 2, "rerolls": 1, "substitutions": 1}
    superseded = [draw for draw in report["draws"] if not draw["counted"]]
    assert [(draw["id"], draw["superseded_by"]) for draw in superseded] == [
        ("ledger.db#12", "ledger.db#13"), (jn["replaces"], jn["draw"])]


def test_committed_example_is_fresh_and_output_is_deterministic(sample_report):
    _, out = sample_report
    for name in ("fairness.json", "fairness.html"):
        assert (out / name).read_bytes() == (EXAMPLE / name).read_bytes(), f"regenerate: python samples/fairness/make_fairness.py --reports ({name})"
    html = (out / "fairness.html").read_text(encoding="utf-8")
    assert "<svg" in html and "@page { size: A4; margin: 20mm; }" in html and "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


# ---------------------------------------------------------------- bad input and limits


def test_ledger_without_eligible_lists_is_a_stated_limit(tmp_path):
    # entries of an older version held only the list's hash (today's entries hold the list itself:
    # tests/test_hostile7.py); such a ledger alone tests nothing and says so
    from tests.fixtures.draw.helpers import ledger_without_lists

    ledger_without_lists(FAIR / "ledger.db", tmp_path / "ledger.db")
    result = run("fairness", tmp_path / "ledger.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["experts"] == {"tested": 0, "rows": []}
    limit = next(item for item in report["limits"] if item["kind"] == "no_eligible_list")
    assert len(limit["draws"]) == 30 and "未纳入检验" in limit["message"]
    assert result.exit_code == 1  # the re-roll is still seen: eligible_sha256 is in the ledger


def _round(round_id: str, rows: list[dict], field: str = "新材料", extra: dict | None = None) -> dict:
    head = {"轮次编号": round_id, "流程类型": "W-12", "项目领域": field, **(extra or {})}
    return {"轮次": head, "流程节点": [{"节点": "专家抽取", "日期": "2024-03-01"}], "专家抽取": rows}


def _rows(ids, names=None, field="新材料", number="纸质-1"):
    return [{"抽取记录编号": number, "抽取科室": "局政工科", "专家编号": expert, "专业领域": field, "工作单位": "某单位",
             "角色": "正选", **({"姓名": names[index]} if names else {})} for index, expert in enumerate(ids)]


def test_paper_rounds_use_the_pool_as_an_approximation_and_an_id_under_two_names_is_not_tested(tmp_path):
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    ids = ["ZJ001", "ZJ002", "ZJ003", "ZJ004", "ZJ005", "ZJ007", "ZJ008"]
    pool_names = {expert.expert_id: expert.name for expert in read_pool(POOL).experts}
    for number, name in enumerate(["张三", pool_names["ZJ001"]], start=1):
        names = [name] + [pool_names[expert] for expert in ids[1:]]
        (rounds / f"r{number}.json").write_text(json.dumps(_round(f"P-{number}", _rows(ids, names)), ensure_ascii=False), encoding="utf-8")
    result = run("fairness", "--rounds", rounds, "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    kinds = {item["kind"]: item for item in report["limits"]}
    assert [item["kind"] for item in report["limits"]].count("id_under_two_names") == 1
    assert "ZJ001" in kinds["id_under_two_names"]["message"] and "张三" not in json.dumps(report, ensure_ascii=False)
    assert kinds["paper_pool"]["draws"] == ["P-1（r1.json）", "P-2（r2.json）"]
    assert "ZJ001" not in [row["expert_id"] for row in report["experts"]["rows"]]
    zj002 = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ002")
    assert (zj002["observed"], zj002["eligible_draws"], zj002["expected"]) == (2, 2, round(2 * 7 / 27, 4))
    assert kinds["no_applicants"]["draws"] == ["P-1（r1.json）", "P-2（r2.json）"]
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_overlapping_fields_and_a_paper_round_without_pool(tmp_path):
    ledger = tmp_path / "l.db"
    for fields in (["新材料"], ["新材料", "智能制造"]):
        # two ledgers: one ledger asks a reason for the second (a redraw: the next test)
        args = ["draw", "new", "--pool", POOL, "--round", "R-1", "--ledger", tmp_path / f"l{len(fields) if len(fields) > 1 else ''}.db",
                "--out", tmp_path / f"{len(fields)}.json", "--random-source", "1 2 3"]
        for field in fields:
            args += ["--field", field]
        assert run(*args).exit_code == 0
    paper = tmp_path / "p.json"
    rows = _rows(["ZJ001", "ZJ002"], field="新材料") + _rows(["ZJ032"], field="电子信息")
    paper.write_text(json.dumps(_round("P-9", rows, field=""), ensure_ascii=False), encoding="utf-8")
    result = run("fairness", ledger, tmp_path / "l2.db", "--records", tmp_path, "--rounds", paper, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    overlapping = [item for item in report["limits"] if item["kind"] == "overlapping_fields"]
    assert [item["draws"] for item in overlapping] == [["P-9（p.json）"], ["l.db#1", "l2.db#1"]]
    assert "（新材料、电子信息）" in overlapping[0]["message"]
    no_list = next(item for item in report["limits"] if item["kind"] == "no_eligible_list" and item["draws"] == ["P-9（p.json）"])
    assert "未给出专家库" in no_list["message"]
    assert report["counts"]["tested"] == 2
    # the same round drawn in two ledgers is also a redraw no ledger recorded
    assert ([flag["kind"] for flag in report["flags"]], result.exit_code) == (["unrecorded_redraw"], 1)


def test_a_redraw_adding_a_field_replaces_the_earlier_draw_of_the_round(tmp_path):
    ledger = tmp_path / "l.db"
    base = ["draw", "new", "--pool", POOL, "--round", "R-1", "--ledger", ledger, "--field", "新材料"]
    assert run(*base, "--out", tmp_path / "1.json", "--random-source", "1 2 3").exit_code == 0
    assert run(*base, "--field", "智能制造", "--out", tmp_path / "2.json", "--random-source", "4 5 6",
               "--redraw-reason", "项目领域调整").exit_code == 0
    run("fairness", ledger, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [(draw["id"], draw["counted"], draw["superseded_by"]) for draw in report["draws"]] == [
        ("l.db#1", False, "l.db#2"), ("l.db#2", True, "")]
    assert [(item["draw"], item["replaces"], item["reason"]) for item in report["redraws"]["items"]] == [
        ("l.db#2", "l.db#1", "项目领域调整")]
    assert [item for item in report["limits"] if item["kind"] == "overlapping_fields"] == []
    assert report["counts"]["tested"] == 1


def test_a_round_drawn_again_in_a_second_ledger_is_flagged_as_an_unrecorded_redraw(tmp_path):
    # the first panel was unwelcome: a fresh ledger file asks no redraw reason
    for name, numbers in (("a", "1 2 3"), ("b", "4 5 6")):
        assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-9", "--ledger", tmp_path / f"{name}.db",
                   "--out", tmp_path / f"{name}.json", "--random-source", numbers).exit_code == 0
    result = run("fairness", tmp_path / "a.db", "--records", tmp_path / "b.json", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["flags"] == [{
        "kind": "unrecorded_redraw", "subject": "R-9", "draws": ["a.db#1", "b.json"],
        "refs": ["a.db 第 1 条", "b.json（账本 b.db 第 1 条）"],
        "reason": "轮次 R-9（领域 新材料）在不同账本或抽取记录中各抽取一次（a.db#1、b.json），账本未记为重新抽取："
                  "每轮次每个领域只应抽取一次，另起账本再抽可以只留下想要的名单；请查明哪一次是实际使用的名单及另一次的原因。"
                  "两次均已计入统计。"}]
    assert (result.exit_code, report["verdict"]) == (1, "flagged")
    assert "同一轮次同一领域抽取两次，未记为重新抽取" in (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")


def test_records_of_one_round_from_two_ledgers_are_not_a_redraw_of_each_other(tmp_path):
    # records only: the second ledger's draw silently "replaced" the first (counted: false), as if the
    # ledger had recorded a redraw; it recorded none
    (tmp_path / "recs").mkdir()
    for name, numbers in (("a", "1 2 3"), ("b", "4 5 6")):
        assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-9", "--ledger", tmp_path / f"{name}.db",
                   "--out", tmp_path / "recs" / f"{name}.json", "--random-source", numbers).exit_code == 0
    result = run("fairness", "--records", tmp_path / "recs", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [(draw["id"], draw["counted"], draw["superseded_by"]) for draw in report["draws"]] == [
        ("a.json", True, ""), ("b.json", True, "")]
    assert [(flag["kind"], flag["draws"]) for flag in report["flags"]] == [("unrecorded_redraw", ["a.json", "b.json"])]
    assert result.exit_code == 1


def test_a_ledger_replaced_by_an_older_copy_is_flagged_by_the_records_it_lost(tmp_path):
    # the redraw's entry hidden by putting back the copy taken before it: the chain still verifies
    (tmp_path / "recs").mkdir()
    base = ["draw", "new", "--pool", POOL, "--field", "新材料", "--round", "A-1", "--ledger", tmp_path / "l.db"]
    assert run(*base, "--out", tmp_path / "recs" / "a1.json", "--random-source", "1 2 3").exit_code == 0
    (tmp_path / "old.db").write_bytes((tmp_path / "l.db").read_bytes())
    assert run(*base, "--out", tmp_path / "recs" / "a2.json", "--random-source", "4 5 6",
               "--redraw-reason", "时间冲突").exit_code == 0
    lost = read_json(tmp_path / "recs" / "a2.json")["ledger"]["draw_entry"]["hash"]
    (tmp_path / "l.db").write_bytes((tmp_path / "old.db").read_bytes())
    result = run("fairness", tmp_path / "l.db", "--records", tmp_path / "recs", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["flags"][0] == {
        "kind": "ledger_entry_missing", "subject": "a2.json", "draws": ["a2.json"], "refs": ["a2.json"],
        "reason": f"抽取记录 a2.json 记载于账本「l.db」第 2 条（哈希 {lost}），所给账本没有该条目（共 1 条）："
                  "账本被截短、换成旧副本或重写，隐去了这次抽取。"}
    assert result.exit_code == 1


def test_a_commit_replaced_before_its_reveal_asks_when_its_lottery_was_drawn(tmp_path):
    # commit, wait for the lottery, compute the panel, dislike it, commit again: only a limit said
    # "没有揭示条目", not what to check
    base = ["draw", "commit", "--pool", POOL, "--field", "新材料", "--round", "C-1", "--ledger", tmp_path / "l.db"]
    assert run(*base, "--out", tmp_path / "c1.json", "--source-name", "双色球 第2026140期").exit_code == 0
    assert run(*base, "--out", tmp_path / "c2.json", "--source-name", "双色球 第2026141期",
               "--redraw-reason", "专家库更新").exit_code == 0
    at = read_json(tmp_path / "c2.json")["committed_at"]
    run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [item for item in report["limits"] if item["kind"] == "commit_without_reveal"] == [{
        "kind": "commit_without_reveal", "draws": ["l.db#1"],
        "message": f"账本「l.db」第 1 条承诺（轮次 C-1）没有揭示条目：未抽取，不计入统计。它已被第 2 条（承诺，原因：专家库更新，{at}）取代："
                   "请核对第 1 条所指定来源（双色球 第2026140期）的开奖时间是否早于第 2 条；若是，经办人在改抽前已能算出原承诺的名单。"},
        {"kind": "commit_without_reveal", "draws": ["l.db#2"],
         "message": "账本「l.db」第 2 条承诺（轮次 C-1）没有揭示条目：未抽取，不计入统计。"}]


def test_a_round_that_lists_the_draw_a_redraw_replaced_is_flagged(tmp_path):
    # the redraw is on paper only: the round's review sat with the first panel
    ledger = tmp_path / "l.db"
    base = ["draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-7", "--ledger", ledger]
    assert run(*base, "--out", tmp_path / "d1.json", "--random-source", "4 5 6").exit_code == 0
    assert run(*base, "--out", tmp_path / "d2.json", "--random-source", "7 8 9", "--redraw-reason", "时间冲突").exit_code == 0
    panel = [item["expert_id"] for item in read_json(tmp_path / "d1.json")["panel"]]
    (tmp_path / "r.json").write_text(json.dumps(_round("R-7", _rows(panel, number="1")), ensure_ascii=False), encoding="utf-8")
    result = run("fairness", ledger, "--rounds", tmp_path / "r.json", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    flag = next(flag for flag in report["flags"] if flag["kind"] == "round_lists_replaced_draw")
    assert flag == {"kind": "round_lists_replaced_draw", "subject": "l.db#1", "draws": ["l.db#1", "l.db#2"],
                    "refs": ["l.db 第 1 条", "r.json 专家抽取", "l.db 第 2 条"],
                    "reason": "轮次记录 R-7（r.json） 的抽取记录编号指向 l.db#1，该抽取已被 l.db#2 重新抽取取代：轮次记录所列是被取代抽取的名单，"
                              "如确由其评审，重新抽取形同虚设；统计按账本现行的抽取计入。"}
    assert result.exit_code == 1


def test_a_round_pointing_at_a_ledger_entry_is_counted_once_with_its_applicants(tmp_path):
    ledger = tmp_path / "l.db"
    assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R-7", "--ledger", ledger,
               "--out", tmp_path / "d.json", "--random-source", "4 5 6").exit_code == 0
    panel = [item["expert_id"] for item in read_json(tmp_path / "d.json")["panel"]]
    record = _round("R-7", _rows(panel, number="1"), extra={"申报单位统一社会信用代码": "91371000MA3C8NQN77、91371002MA3MXK8L1Q"})
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run("fairness", ledger, "--rounds", tmp_path / "r.json", "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [draw["id"] for draw in report["draws"]] == ["l.db#1"]
    draw = report["draws"][0]
    assert draw["applicants"] == ["91371000MA3C8NQN77", "91371002MA3MXK8L1Q"]
    assert draw["eligible_basis"] == "pool_verified" and draw["refs"] == ["l.db 第 1 条", "r.json 专家抽取"]


def test_commit_without_reveal_and_html_escaping(tmp_path):
    ledger = tmp_path / "l.db"
    assert run("draw", "commit", "--pool", POOL, "--field", "新材料", "--round", "<b>R</b>", "--ledger", ledger,
               "--out", tmp_path / "c.json", "--source-name", "双色球 第2025060期").exit_code == 0
    paper = tmp_path / "p.json"
    paper.write_text(json.dumps(_round("<script>alert(1)</script>", _rows(["ZJ001"])), ensure_ascii=False), encoding="utf-8")
    run("fairness", ledger, "--rounds", paper, "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert any(item["kind"] == "commit_without_reveal" and item["draws"] == ["l.db#1"] for item in report["limits"])
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("args, message", [
    ([], "至少一个账本"),
    (["--level", "2"], "--level"),
    (["--level", "abc"], "--level"),
    (["missing.db"], "不存在"),
    (["--records", "missing-folder"], "不存在"),
])
def test_runs_that_cannot_be_done_exit_2_with_one_sentence(tmp_path, args, message):
    if args[:1] == ["--level"]:
        args = [str(FAIR / "ledger.db"), *args]
    result = run("fairness", *args, "--out", tmp_path / "out")
    assert result.exit_code == 2 and message in result.stderr


def test_a_ledger_with_a_broken_chain_is_read_and_said_so(tmp_path):
    import shutil
    import sqlite3

    ledger = tmp_path / "l.db"
    shutil.copy(FAIR / "ledger.db", ledger)
    with sqlite3.connect(ledger) as connection:
        connection.execute("DROP TRIGGER ledger_no_update")
        connection.execute("UPDATE ledger SET entry_json = replace(entry_json, 'T09:30', 'T09:31') WHERE seq = 2")
    run("fairness", ledger, "--records", FAIR / "records", "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["limits"][0]["kind"] == "ledger_chain" and "第 2 条" in report["limits"][0]["message"]


def test_two_paper_records_of_one_round_are_both_counted_and_said_so(tmp_path):
    for number, panel in ((1, ["ZJ001", "ZJ002"]), (2, ["ZJ001", "ZJ003"])):
        (tmp_path / f"r{number}.json").write_text(json.dumps(_round("P-1", _rows(panel)), ensure_ascii=False),
                                                  encoding="utf-8")
    result = run("fairness", "--rounds", tmp_path, "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    repeated = next(item for item in report["limits"] if item["kind"] == "repeated_paper_round")
    assert repeated["draws"] == ["P-1（r1.json）", "P-1（r2.json）"] and report["counts"]["tested"] == 2
    assert result.exit_code == 0


def test_a_draw_record_in_a_rounds_folder_is_skipped_and_said_so(tmp_path):
    # samples/rounds keeps draw_W12-2020-01.json beside the round records: the run stopped (exit 2)
    (tmp_path / "r.json").write_text(json.dumps(_round("P-1", _rows(["ZJ001", "ZJ002"])), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "draw.json").write_text(json.dumps({"record_version": "1", "kind": "draw"}), encoding="utf-8")
    result = run("fairness", "--rounds", tmp_path, "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [item for item in report["limits"] if item["kind"] == "not_a_round_record"] == [
        {"kind": "not_a_round_record", "draws": [],
         "message": "--rounds 文件夹中的 draw.json：不是轮次记录，缺少工作表「轮次」（轮次记录须有工作表：轮次、流程节点、专家抽取、公示、归档），"
                    "已跳过（抽取记录请用 --records 给出）。"}]
    assert result.exit_code == 0 and report["counts"]["tested"] == 1


def test_two_copies_of_one_paper_draw_count_once(tmp_path):
    # a round kept as .xlsx and .json (samples/rounds does): counted twice, every member's count
    # doubled against one expected share, and a fair panel could be flagged
    for name in ("r.json", "r-副本.json"):
        (tmp_path / name).write_text(json.dumps(_round("P-1", _rows(["ZJ001", "ZJ002"])), ensure_ascii=False),
                                     encoding="utf-8")
    run("fairness", "--rounds", tmp_path, "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [(draw["id"], draw["refs"]) for draw in report["draws"]] == [
        ("P-1（r-副本.json）", ["r-副本.json 专家抽取（专家抽取#1.专家编号 起）", "r.json 专家抽取（专家抽取#1.专家编号 起）"])]
    assert [item for item in report["limits"] if item["kind"] in ("same_paper_draw", "repeated_paper_round")] == [
        {"kind": "same_paper_draw", "draws": ["P-1（r-副本.json）", "P-1（r.json）"],
         "message": "纸质抽取 P-1（r-副本.json） 与 P-1（r.json） 所载为同一次抽取（轮次、领域、正选与候补名单均相同，"
                    "如同一轮次的 .xlsx 与 .json）：按一次计入。"}]
    zj001 = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ001")
    assert (zj001["observed"], zj001["eligible_draws"]) == (1, 1)


def test_an_expert_on_every_panel_under_two_names_is_flagged_not_clear(tmp_path):
    # The id written with two names is left out of the tests (who sat is unknown); the run said
    # "clear" (exit 0) though ZJ014 sat on all 12 panels. Counted as one person it is flagged.
    folder = tmp_path / "rounds"
    folder.mkdir()
    write_paper_rounds(folder, names=("马秀英", "黄丽华"))
    result = run("fairness", "--rounds", folder, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert result.exit_code == 1 and report["verdict"] == "flagged"
    [flag] = report["flags"]
    assert {key: flag[key] for key in ("kind", "subject", "observed", "expected")} == {
        "kind": "expert_two_names", "subject": "ZJ014", "observed": 12, "expected": 2.9168}
    assert flag["p_adjusted"] < 1e-5 and len(flag["draws"]) == 12
    assert flag["reason"] == "该编号对应 2 个不同的姓名，未参与各专家的检验；按同一人计，入选次数显著偏多：请核实各次实际参加评审的是谁"
    assert "ZJ014" not in {row["expert_id"] for row in report["experts"]["rows"]}  # still out of the per-expert tests
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "同一专家编号对应不同的姓名，按一人计入选次数过多" in html and "马秀英" not in html


def test_an_id_under_two_names_drawn_as_often_as_chance_gives_is_not_flagged(tmp_path):
    folder = tmp_path / "rounds"
    folder.mkdir()
    write_paper_rounds(folder, names=("马秀英", "黄丽华"))
    for path in sorted(folder.glob("*.json"))[3:]:  # ZJ014 on 3 of the 12 panels only: about what chance gives
        record = json.loads(path.read_text(encoding="utf-8"))
        record["专家抽取"][0].update({"专家编号": "ZJ015", "姓名": ""})
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run("fairness", "--rounds", folder, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [flag for flag in report["flags"] if flag["kind"] == "expert_two_names"] == []
    assert any(limit["kind"] == "id_under_two_names" for limit in report["limits"])


def test_an_id_under_three_names_is_flagged_saying_three(tmp_path):
    # the flag said 对应两个不同的姓名 whatever the count (the limit beside it said 3)
    folder = tmp_path / "rounds"
    folder.mkdir()
    write_paper_rounds(folder, names=("马秀英", "黄丽华", "李娜"))
    result = run("fairness", "--rounds", folder, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert result.exit_code == 1
    assert [(flag["kind"], flag["subject"], flag["reason"]) for flag in report["flags"]] == [
        ("expert_two_names", "ZJ014", "该编号对应 3 个不同的姓名，未参与各专家的检验；按同一人计，入选次数显著偏多：请核实各次实际参加评审的是谁")]
    assert [limit["message"] for limit in report["limits"] if limit["kind"] == "id_under_two_names"] == [
        "专家编号 ZJ014 在轮次记录与专家库中对应 3 个不同的姓名：无法确定是同一人，该编号未参与检验（姓名不在报告中列出）。"]


def test_a_transliterated_name_written_with_another_dot_is_one_name(tmp_path):
    # 阿卜杜·热合曼 and 阿卜杜•热合曼 (or 阿卜杜・热合曼) under one id took it out of every test as two names
    from checker.fairness.paper import name_key

    assert {name_key(n) for n in ("阿卜杜·热合曼", "阿卜杜•热合曼", "阿卜杜・热合曼", "阿卜杜 · 热合曼", "阿卜杜热合曼")} == {"阿卜杜热合曼"}
    folder = tmp_path / "rounds"
    folder.mkdir()
    write_paper_rounds(folder, names=("阿卜杜·热合曼", "阿卜杜•热合曼", "阿卜杜・热合曼"))
    run("fairness", "--rounds", folder, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [limit for limit in report["limits"] if limit["kind"] == "id_under_two_names"] == []


def test_a_paper_records_id_reads_as_the_pools_however_a_clerk_pasted_it():
    # a zero-width space or a Hangul filler pasted after ZJ014 shows as nothing on paper: the pool
    # takes such ids for one expert (and refuses them twice), so the round records read them so too
    from checker.draw.pool import Expert, build_pool
    from checker.fairness.paper import ExpertIds

    pool = build_pool([Expert("ZJ014", "张三", "单位", ("新材料",), "在库", row=2)])
    ids = ExpertIds(pool, [])
    assert [ids(written, "第一轮.xlsx") for written in ("ZJ014\u200b", "zj014\u1160", "ZJ 014", "ZJ015")] == \
        ["ZJ014", "ZJ014", "ZJ014", "ZJ015"]
    assert ids.read == {("ZJ014\u200b", "ZJ014"): {"第一轮.xlsx"}, ("zj014\u1160", "ZJ014"): {"第一轮.xlsx"},
                        ("ZJ 014", "ZJ014"): {"第一轮.xlsx"}}
