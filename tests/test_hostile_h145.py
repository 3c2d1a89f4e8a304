"""h145: an inspector auditing a year of expert draws with ``fundcheck fairness``.

1. Two draw records of the same file name in two folders (R1/draw.json, R2/draw.json) were listed
   as one record and became two draws under one id, ``draw.json``: no finding could say which.
2. The method printed in the report gave the pair test as k(k−1)/(n(n−1)), while the pair test
   (and its 期望 column) is conditional, (k−1)/(n−1); and it stated the fairness assumption as a fact.
3. A flagged expert (or pair, or recurrence) named draws and files, not the rounds.
4. A ledger rebuilt with a fresh chain, panels edited to take the favoured expert out, passed:
   the entries' panels were counted as they stand although each entry holds the seed, policy and
   list its panel re-derives from.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from checker.draw import ledger as ledger_mod
from checker.fairness.report import render_html
from tests.conftest import ROOT, SAMPLES, read_json
from tests.fixtures.draw.helpers import run

POOL = SAMPLES / "experts.xlsx"
FAIR = SAMPLES / "fairness"


def test_records_of_one_file_name_in_two_folders_are_two_draws_told_apart(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder, round_id, numbers in (("R1", "R1", "1 2 3"), ("R2", "R2", "4 5 6")):
        (tmp_path / folder).mkdir()
        assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", round_id, "--ledger", f"{folder}.db",
                   "--out", f"{folder}/draw.json", "--random-source", numbers).exit_code == 0
    assert run("fairness", "--records", "R1", "--records", "R2", "--out", "out").exit_code == 0
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["inputs"]["records"] == ["R1/draw.json", "R2/draw.json"]
    assert [(draw["id"], draw["round_id"], draw["refs"]) for draw in report["draws"]] == [
        ("R1/draw.json", "R1", ["R1/draw.json（账本 R1.db 第 1 条）"]),
        ("R2/draw.json", "R2", ["R2/draw.json（账本 R2.db 第 1 条）"])]


def test_the_method_states_the_conditional_pair_test_and_the_assumption():
    report = read_json(ROOT / "reports" / "example" / "fairness" / "fairness.json")
    assert report["parameters"]["method"] == (
        "假定抽取公平（每次抽取从可抽取名单 n 人中按 RFC 3797 等概率抽取 k 人，各次抽取相互独立）。"
        "专家：每位可抽取专家每次入选概率为 k/n，入选次数服从泊松二项分布，期望为其可被抽取的各次抽取的 k/n 之和。"
        "专家对（条件检验，不因其中一位本身入选多而标记另一位）：在甲入选、乙可被抽取的抽取中，乙入选概率为 (k−1)/(n−1)，"
        "反之亦然；取两个方向中较大的 p 值，期望为该方向的条件期望；同组少于 2 次或不多于任一方向期望的，p 值记为 1。"
        "专家—申报单位：在评审该单位、该专家可被抽取的抽取（至少 2 次）中，入选概率为 k/n。"
        "p 值为精确上尾概率 P(X ≥ 实际次数)（整数与分数精确计算，不用正态近似）；"
        "按 Holm 逐步法在同一族检验内校正（专家、专家对、专家—申报单位各为一族），校正后 p 值 ≤ 显著性水平即标记，"
        "抽取公平时每族误标任何一项的概率不超过显著性水平。p 值小只说明入选次数与等概率抽取不符，不说明原因，也不等于违规。")
    page = render_html(report)
    assert ("<p class=\"small\">检验 533 对（曾同时可被抽取的专家对）；列出被标记者及实际多于期望、p 值最小的至多 50 对。"
            "期望为条件期望：在其中一位入选、另一位可被抽取的抽取中，另一位入选概率 (k−1)/(n−1) 之和，取 p 值较大的方向"
            "（见“方法”）。</p>") in page


def test_a_flagged_expert_names_the_rounds_of_its_draws():
    page = render_html(read_json(ROOT / "reports" / "example" / "fairness" / "fairness.json"))
    rounds = ["2024-XCL-01", "2024-XCL-02", "2024-JN-01", "2024-JN-02", "2024-XCL-03", "2024-XCL-04", "2024-XCL-05",
              "2024-XCL-06", "2024-XCL-07", "2024-XCL-08", "2024-XCL-09", "2024-JN-03", "2024-XCL-10", "2024-XCL-11",
              "2024-JN-04", "2024-XCL-12", "2024-JN-05", "2024-XCL-13", "2024-XCL-14"]
    spans = "".join(f'<span class="nw">{name}{"" if index == len(rounds) - 1 else "、"}</span>'
                    for index, name in enumerate(rounds))
    assert (f'<tr class="hit refs"><td colspan="6" class="small">所涉轮次（19 个）：{spans}<br>'
            '所涉抽取与账本条目：<span class="nw">ledger.db 第 1 条；</span>') in page
    # a reroll names its round in its sentence (说明, across the table since session 30), then its entries
    from tests.test_hostile_h153 import REROLL

    assert (f'<tr class="hit refs"><td colspan="6" class="small">说明：{REROLL}<br>'
            '所涉抽取与账本条目：<span class="nw">ledger.db 第 12 条；</span>' in page)


def _rebuild(source: Path, target: Path, edit) -> None:
    """Every entry of ``source`` appended to a fresh ledger (a new, valid chain), ``edit`` applied first."""
    connection = sqlite3.connect(source)
    rows = [json.loads(text) for (text,) in connection.execute("SELECT entry_json FROM ledger ORDER BY seq")]
    connection.close()
    rebuilt = ledger_mod.open_or_create(target)
    for data in rows:
        seq = data.pop("seq")
        ledger_mod.append(rebuilt, edit(seq, data))
    rebuilt.close()


def test_a_ledger_rebuilt_with_a_panel_edited_is_flagged_and_that_draw_left_out(tmp_path):
    def hide_zj014(seq, data):
        if seq == 1:  # 2024-XCL-01 drew ZJ014: ZJ001 (eligible, not drawn) put in its seat
            data["panel"] = ["ZJ001" if expert == "ZJ014" else expert for expert in data["panel"]]
        return data

    _rebuild(FAIR / "ledger.db", tmp_path / "ledger.db", hide_zj014)
    # the chain alone showed nothing; `ledger verify` re-derives each draw entry's panel since session 30
    verified = run("ledger", "verify", tmp_path / "ledger.db")
    assert verified.exit_code == 1
    assert verified.output.splitlines()[1] == (
        "  第 1 条（抽取，轮次 2024-XCL-01）不能由其所载种子和可抽取名单复算：正选名单（panel）第 6 项不一致：记录为 ZJ001，"
        "复算为 ZJ014。条目在抽取后被改动（哈希链随之被重新计算），或不是按 RFC 3797 抽取的。")
    result = run("fairness", tmp_path / "ledger.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    message = ("账本「ledger.db」第 1 条（轮次 2024-XCL-01，抽取）所载的名单与按其自身的随机数来源、抽取策略和可抽取名单复算的结果不符："
               "正选名单为 ZJ008、ZJ009、ZJ027、ZJ026、ZJ029、ZJ001、ZJ011，复算为 ZJ008、ZJ009、ZJ027、ZJ026、ZJ029、ZJ014、ZJ011。"
               "该条目所载不是按其来源抽取的结果，可能在抽取后被改写（整条链重算后哈希链仍可校验通过），此次抽取未纳入检验；"
               "请以抽取当时的记录、公示名单和持有的头哈希核对。")
    assert [flag for flag in report["flags"] if flag["kind"] == "ledger_entry_inconsistent"] == [{
        "kind": "ledger_entry_inconsistent", "subject": "ledger.db#1", "reason": message, "draws": ["ledger.db#1"],
        "refs": ["ledger.db 第 1 条"]}]
    assert [limit for limit in report["limits"] if limit["kind"] == "ledger_entry_inconsistent"] == [{
        "kind": "ledger_entry_inconsistent", "message": message, "draws": ["ledger.db#1"]}]
    draw = next(draw for draw in report["draws"] if draw["id"] == "ledger.db#1")
    assert (draw["counted"], draw["eligible_count"], draw["eligible_basis"]) == (True, None, "entry_inconsistent")
    assert report["counts"]["tested"] == 29
    assert result.exit_code == 1
    assert "标记：账本条目所载名单与复算结果不符（账本可能被改写），未纳入检验：ledger.db#1\n" in result.output
    # the genuine ledger re-derives entry by entry: nothing of the kind
    genuine = run("fairness", FAIR / "ledger.db", "--out", tmp_path / "genuine")
    assert "ledger_entry_inconsistent" not in (tmp_path / "genuine" / "fairness.json").read_text(encoding="utf-8")
    assert genuine.exit_code == 1  # ZJ014 and the re-roll, as before


def test_a_year_of_many_draws_is_not_compared_pair_by_pair():
    # 3,000 draws took 48 s in renamed_rounds alone (every pair through round_key), 13 s in
    # unrecorded_redraws and 12 s in the overlapping-fields limit; grouped first, well under a second
    import time

    from checker.fairness import analyse, build
    from checker.fairness.model import BASIS_LEDGER, Draw

    def draw(seq: int, round_id: str, listed: str) -> Draw:
        return Draw(id=f"l.db#{seq}", source="ledger", kind="draw", round_id=round_id, fields=("新材料",),
                    at=f"2024-01-01T{seq:05d}", operator="经办人A", panel=("ZJ001",), eligible=("ZJ001", "ZJ002"),
                    basis=BASIS_LEDGER, eligible_sha256=listed, ledger="l.db", seq=seq, refs=[f"l.db 第 {seq} 条"])

    draws = [draw(seq, f"2024-XCL-{seq:04d}", f"list{seq}") for seq in range(1, 3001)]
    draws += [draw(3001, "R9", "same"), draw(3002, "R9补", "same")]
    started = time.perf_counter()
    renamed = analyse.renamed_rounds(draws)
    assert (analyse.unrecorded_redraws(draws), build._overlapping(draws)) == ([], [])
    assert time.perf_counter() - started < 5
    assert renamed == [{"rounds": ["R9", "R9补"], "fields": ["新材料"], "draws": ["l.db#3001", "l.db#3002"],
                        "same_applicants": False, "applicants": 0, "same_eligible": True, "extended_id": True,
                        "panel_changed": False, "refs": ["l.db 第 3001 条", "l.db 第 3002 条"]}]


def test_a_run_that_tests_no_draw_does_not_read_as_a_clear_report(tmp_path):
    # an empty folder of records: "在所给显著性水平下未发现异常", no limit, exit 0
    (tmp_path / "records").mkdir()
    result = run("fairness", "--records", tmp_path / "records", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["limits"] == [{"kind": "nothing_tested", "draws": [], "message": (
        "所给输入中没有读到任何抽取：入选次数、同组和反复评审都未检验，本报告“未发现异常”不说明抽取公平。")}]
    page = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert '<div class="verdict">没有抽取纳入检验：本报告不能说明抽取是否公平（见“检验的局限”）。</div>' in page
    assert "在所给显著性水平下未发现异常" not in page
    assert (result.exit_code, report["verdict"]) == (0, "clear")
    # draws read, none with a list (paper rounds, no pool given)
    (tmp_path / "rounds").mkdir()
    (tmp_path / "rounds" / "P-1.json").write_text(json.dumps({
        "轮次": {"轮次编号": "P-1", "流程类型": "W-12", "项目领域": "新材料"},
        "流程节点": [{"节点": "专家抽取", "日期": "2024年3月5日"}],
        "专家抽取": [{"抽取记录编号": "纸质1", "专家编号": expert, "专业领域": "新材料", "角色": "正选"}
                    for expert in ("ZJ014", "ZJ001", "ZJ002")]}, ensure_ascii=False), encoding="utf-8")
    run("fairness", "--rounds", tmp_path / "rounds", "--out", tmp_path / "out2")
    limits = read_json(tmp_path / "out2" / "fairness.json")["limits"]
    assert [limit for limit in limits if limit["kind"] == "nothing_tested"] == [{"kind": "nothing_tested", "draws": [], "message": (
        "读到的 1 次抽取（计入 1 次）没有一次有可抽取名单并计入统计：入选次数、同组和反复评审都未检验，"
        "本报告“未发现异常”不说明抽取公平。")}]


def test_a_draw_in_two_ledgers_is_said_in_words_not_a_field_name(tmp_path):
    import shutil

    shutil.copy(FAIR / "ledger.db", tmp_path / "copy.db")
    run("fairness", tmp_path / "copy.db", FAIR / "ledger.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [item for item in report["limits"] if item["kind"] == "same_draw_in_two_ledgers"] == [{
        "kind": "same_draw_in_two_ledgers", "draws": [],
        "message": "账本「ledger.db」中有 32 次抽取与账本「copy.db」中的相同（抽取记录哈希相同）：按一次计入（以「copy.db」的条目为准）。"}]


def test_a_reroll_printed_names_its_round(tmp_path):
    result = run("fairness", FAIR / "ledger.db", "--out", tmp_path / "out")
    assert ("标记：重新抽取：可抽取名单未变（或原正选专家均仍可抽取）而正选名单改变：ledger.db#13（轮次 2024-XCL-05）\n"
            in result.output)


def test_a_substitute_who_is_not_the_next_alternate_is_flagged(tmp_path):
    def favourite_in(seq, data):
        if seq == 6:  # 2024-ZN-02: ZJ026 declined, ZJ022 (the first alternate) came in; ZJ020 written instead
            data["by"] = "ZJ020"
        return data

    _rebuild(FAIR / "ledger.db", tmp_path / "ledger.db", favourite_in)
    result = run("fairness", tmp_path / "ledger.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    message = ("账本「ledger.db」第 6 条替换（轮次 2024-ZN-02，属 ledger.db#5）由 ZJ020 顶替 ZJ026，应由下一位未用候补 ZJ022 顶替。"
               "替换只能由下一位未用候补顶替（draw substitute 只会这样写入），该条目不是这样写入的，可能在事后被改写；"
               "请核实实际参加评审的专家及谢绝的书面记录。")
    assert [flag for flag in report["flags"] if flag["kind"] == "substitution_out_of_order"] == [{
        "kind": "substitution_out_of_order", "subject": "ledger.db#5", "reason": message, "draws": ["ledger.db#5"],
        "refs": ["ledger.db 第 5 条"]}]
    assert "标记：替换不是由下一位未用候补顶替（账本可能被改写）：ledger.db#5\n" in result.output
    # the genuine ledger's two substitutions took the next alternate each
    run("fairness", FAIR / "ledger.db", "--out", tmp_path / "genuine")
    assert "substitution_out_of_order" not in (tmp_path / "genuine" / "fairness.json").read_text(encoding="utf-8")


def test_the_public_page_names_a_time_of_another_zone_and_gives_beijing_time(tmp_path):
    # a record's drawn_at of another offset was printed as its bare clock time: 01:30:00 read as Beijing time
    from checker.fairness.publish import time_text

    assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
               "--out", tmp_path / "draw.json", "--random-source", "1 2 3").exit_code == 0
    record = read_json(tmp_path / "draw.json")
    record["drawn_at"] = "2024-03-05T01:30:00Z"
    (tmp_path / "utc.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run("draw", "publish", tmp_path / "utc.json", "--out", tmp_path / "verify.html")
    page = (tmp_path / "verify.html").read_text(encoding="utf-8")
    assert ("<tr><th>抽取时间</th><td>2024年3月5日 01:30:00（UTC+00:00，即北京时间 2024年3月5日 09:30:00）</td></tr>"
            in page)
    assert time_text("2024-03-05T20:30:00-05:00") == "2024年3月5日 20:30:00（UTC-05:00，即北京时间 2024年3月6日 09:30:00）"
    assert time_text("2024-03-05T09:30:00") == "2024年3月5日 09:30:00（未注明时区）"
    assert time_text("2024-03-05T09:30:00+08:00") == "2024年3月5日 09:30:00（北京时间）"
