"""h153: an inspector reading ``fundcheck fairness`` across a year of rounds.

1. No finding said that a panel came mostly from one 工作单位: four or five of seven experts of a unit
   that holds five of thirty eligible experts passed unremarked. Now a review item (``one_unit_panel``)
   when more than half the panel is of one unit and a uniform draw gives that with at most 1 %, naming
   the unit, its share of the eligible list and the chance, the units' source and the seeds' random draw.
2. R-9 and r-9 (one round to the ledger, which asks a redraw reason for the second) were two rows of
   the per-round table; now one, under the first spelling, and the merge is said.
3. A re-roll's flag named a ledger entry and quoted the operator's reason as if it were the finding's;
   the redraw table had no round. Now the flag says the round, the draw replaced, the reason recorded
   and why it is flagged, and the table has a round column.
"""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import combinations
from pathlib import Path

from checker.fairness import analyse
from checker.fairness.report import render_html
from tests.conftest import SAMPLES, read_json
from tests.fixtures.draw.helpers import POOL_HEADERS, run, write_xlsx

POOL = SAMPLES / "experts.xlsx"
FAIR = SAMPLES / "fairness"
UNIT = "威海甲新材料有限公司"


def _unit_pool(path: Path) -> Path:
    """30 experts of 新材料: E001–E005 of one unit, each other expert of a unit of their own."""
    rows = [(f"E{number:03d}", f"专家{number:02d}", UNIT if number <= 5 else f"单位{number:02d}", "新材料", "在库", "", "否", "")
            for number in range(1, 31)]
    return write_xlsx(path, POOL_HEADERS, rows)


def _draw(folder: Path, round_id: str, number: str, *more: str) -> None:
    result = run("draw", "new", "--pool", folder / "pool.xlsx", "--field", "新材料", "--round", round_id,
                 "--ledger", folder / "l.db", "--out", folder / f"{round_id}.json", "--random-source", number, *more)
    assert result.exit_code == 0, result.output


CITATION = [{"source": "001_92b0dbd82849a40b.txt", "lines": "2581, 2621, 2820, 4066, 4109, 4150, 4301, 4342",
             "quote": "局政工科按照项目领域，通过市工信局项目专家库随机抽取7名专家"},
            {"source": "招标投标法实施条例 第四十六条", "quote": "任何单位和个人不得以明示、暗示等任何方式指定或者变相指定"}]


def _unit_reason(round_id: str, run_: int, experts: str, chance: str, basis: str) -> str:
    return (f"轮次 {round_id}（领域 新材料）抽取时的正选 7 人中有 {run_} 人来自同一工作单位「{UNIT}」（{experts}）；"
            f"该单位在可抽取的 30 人中有 5 人（占 17%），等概率抽取时平均入选 1.17 人，任一单位占 {run_} 人及以上的概率为 "
            f"{chance}：集中程度超出专家库构成所能解释的范围。履职清单规定“通过市工信局项目专家库随机抽取7名专家”，"
            "《招标投标法实施条例》第四十六条规定不得以任何方式指定或者变相指定专家；请核实该次抽取的随机数来源和可抽取名单"
            "（该单位专家的入库时间、所列领域）以及回避是否遗漏。复核线为同一单位超过正选人数的 1/2，且等概率抽取出现这种集中的"
            "概率不超过 1%（逐次计算，未做多重检验校正，统计上的异常不等于违规）。"
            f"工作单位依据：{basis}。")


def test_a_panel_mostly_of_one_unit_is_flagged_with_the_units_share_and_the_chance(tmp_path):
    _unit_pool(tmp_path / "pool.xlsx")
    _draw(tmp_path, "U-1", "131")  # E027 E005 E001 E003 E021 E004 E020: four of the unit's five
    _draw(tmp_path, "U-2", "6244")  # E004 E027 E009 E003 E001 E005 E002: all five
    _draw(tmp_path, "U-3", "7")  # an ordinary panel
    result = run("fairness", tmp_path / "l.db", "--records", tmp_path, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    flags = [flag for flag in report["flags"] if flag["kind"] == "one_unit_panel"]
    record = "抽取记录所载候选专家的工作单位（抽取时）"
    assert flags == [
        {"kind": "one_unit_panel", "subject": "l.db#1", "operator": "政工科", "round_id": "U-1", "draws": ["l.db#1"],
         "refs": ["l.db 第 1 条", "U-1.json"], "unit": UNIT, "unit_uscc": "", "from_unit": 4, "panel_size": 7,
         "unit_eligible": 5, "eligible": 30, "chance": 0.00579625, "citation": CITATION,
         "reason": _unit_reason("U-1", 4, "E005、E001、E003、E004", "0.58%", record)},
        {"kind": "one_unit_panel", "subject": "l.db#2", "operator": "政工科", "round_id": "U-2", "draws": ["l.db#2"],
         "refs": ["l.db 第 2 条", "U-2.json"], "unit": UNIT, "unit_uscc": "", "from_unit": 5, "panel_size": 7,
         "unit_eligible": 5, "eligible": 30, "chance": 0.000147362, "citation": CITATION,
         "reason": _unit_reason("U-2", 5, "E004、E003、E001、E005、E002", "0.015%", record)}]
    assert report["parameters"]["review"]["unit_panel_share"] == "1/2"
    assert report["parameters"]["review"]["unit_chance"] == "1/100"
    assert result.exit_code == 1
    assert ("标记：一次抽取的正选多数来自同一工作单位，超出专家库构成所能解释的程度（需核实）：l.db#2\n" in result.output)
    # the ledger alone with the pool it was drawn from: the units are the pool's, said so
    run("fairness", tmp_path / "l.db", "--pool", tmp_path / "pool.xlsx", "--out", tmp_path / "pooled")
    pooled = [flag["reason"] for flag in read_json(tmp_path / "pooled" / "fairness.json")["flags"] if flag["kind"] == "one_unit_panel"]
    assert pooled[0] == _unit_reason("U-1", 4, "E005、E001、E003、E004", "0.58%", "所给专家库（与该次抽取所用专家库的哈希一致）")
    # a pool changed since (one expert's unit renamed): its units are an approximation, said so
    rows = [(f"E{number:03d}", f"专家{number:02d}", UNIT if number <= 5 else f"新单位{number:02d}", "新材料", "在库", "", "否", "")
            for number in range(1, 31)]
    write_xlsx(tmp_path / "pool2.xlsx", POOL_HEADERS, rows)
    run("fairness", tmp_path / "l.db", "--pool", tmp_path / "pool2.xlsx", "--out", tmp_path / "changed")
    changed = [flag["reason"] for flag in read_json(tmp_path / "changed" / "fairness.json")["flags"] if flag["kind"] == "one_unit_panel"]
    assert changed[0] == _unit_reason("U-1", 4, "E005、E001、E003、E004", "0.58%",
                                      "所给专家库（不是或无法确认是该次抽取所用的专家库，工作单位可能已有变动：近似）")


def test_a_unit_the_pools_make_up_explains_is_not_flagged(tmp_path):
    # the sample: four of seven from 哈尔滨工业大学(威海), which has nine of 27 eligible (chance about 15 %)
    run("fairness", FAIR / "ledger.db", "--records", FAIR / "records", "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [flag["kind"] for flag in report["flags"]] == ["expert", "reroll"]


def test_the_chance_of_a_one_unit_run_is_the_exact_count_of_panels():
    # units of 3, 2, 1, 1, 1 (8 experts), panels of 4: every panel enumerated
    members = ["a"] * 3 + ["b"] * 2 + ["c", "d", "e"]
    panels = list(combinations(range(8), 4))
    for run_ in (2, 3):
        hits = sum(1 for panel in panels if max(sum(members[i] == unit for i in panel) for unit in "abcde") >= run_)
        assert analyse.chance_of_unit_run([3, 2, 1, 1, 1], 4, run_) == Fraction(hits, len(panels))
    # one unit written with and without its USCC, and with full-width brackets: one unit
    units = {"E1": ("威海甲（集团）有限公司", "91371000MA3C8NQN77"), "E2": ("威海甲(集团)有限公司", ""),
             "E3": ("另一名称", "91371000MA3C8NQN77"), "E4": ("", "")}
    assert analyse.unit_groups(["E1", "E2", "E3", "E4"], units) == {"E1": ["E1", "E2", "E3"], "E4": ["E4"]}


def test_a_round_written_two_ways_is_one_round_in_the_tables(tmp_path):
    pool = POOL
    for round_id, field, number, more in (("R-9", "新材料", "1 2 3", ()), ("r-9", "新材料", "4 5 6", ("--redraw-reason", "评审改期")),
                                          ("r-9", "智能制造", "7 8 9", ())):
        result = run("draw", "new", "--pool", pool, "--field", field, "--round", round_id, "--ledger", tmp_path / "l.db",
                     "--out", tmp_path / f"{round_id}-{field}.json", "--random-source", number, *more)
        assert result.exit_code == 0, result.output
    run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert report["redraws"]["by_round"] == [{"round_id": "R-9", "draws": 3, "redraws": 1, "redraws_changing_panel": 1,
                                              "rerolls": 1, "substitutions": 0}]
    assert [limit for limit in report["limits"] if limit["kind"] == "round_id_spelling"] == [{
        "kind": "round_id_spelling", "draws": ["l.db#2", "l.db#3"],
        "message": "轮次编号「r-9」与「R-9」只差大小写、全角半角、空格、不可见字符或形近字母，账本将其视为同一轮次"
                   "（同一领域再次抽取须说明重新抽取原因）：按同一轮次 R-9 统计和列出。"}]
    # a flag's rounds, as the report prints them: one round
    from checker.fairness.report import _with_rounds

    assert _with_rounds([{"kind": "expert", "draws": ["l.db#1", "l.db#3"]}], report["draws"]) == [
        {"kind": "expert", "draws": ["l.db#1", "l.db#3"], "rounds": ["R-9"]}]
    # the re-roll of r-9 is named as the round is listed, R-9 (h156: it said r-9 beside the limit's R-9)
    assert [(flag["round_id"], flag["reason"].split("的重新抽取")[0]) for flag in report["flags"] if flag["kind"] == "reroll"] == [
        ("R-9", "轮次 R-9（领域 新材料）")]
    assert [item["round_id"] for item in report["redraws"]["items"]] == ["R-9"]


REROLL = ("轮次 2024-XCL-05（领域 新材料）的重新抽取 ledger.db#13（2024-04-29 15:10:00）取代了此前的抽取 ledger.db#12，"
          "记录的重新抽取原因为“评审时间调整，重新抽取”；可抽取名单未变（哈希相同），只换了随机数，正选名单却改变"
          "（换下 ZJ003、ZJ015、ZJ019、ZJ021、ZJ028，换上 ZJ009、ZJ012、ZJ014、ZJ020、ZJ030）：重新抽取可以只留下想要的名单；"
          "请核实重新抽取的原因是否属实、是否确需重新抽取，以及实际评审的是哪一份名单。")


def test_a_reroll_names_its_round_the_draw_it_replaced_and_why_it_is_flagged(tmp_path):
    run("fairness", FAIR / "ledger.db", "--records", FAIR / "records", "--pool", POOL, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    assert [flag for flag in report["flags"] if flag["kind"] == "reroll"] == [{
        "kind": "reroll", "subject": "ledger.db#13", "operator": "政工科-经办人A", "round_id": "2024-XCL-05",
        "redraw_reason": "评审时间调整，重新抽取", "reason": REROLL, "draws": ["ledger.db#12", "ledger.db#13"],
        "refs": ["ledger.db 第 12 条", "2024-XCL-05.json", "ledger.db 第 13 条", "2024-XCL-05-redraw.json"]}]
    page = render_html(report)
    assert f'<tr class="hit refs"><td colspan="6" class="small">说明：{REROLL}<br>所涉抽取与账本条目：' in page
    assert ('<tr class="hit"><td>ledger.db#13<br><span class="small">2024-04-29 15:10:00</span></td>'
            '<td><span class="nw">2024-XCL-05</span><br>新材料</td><td>ledger.db#12</td><td>政工科-经办人A</td>'
            '<td>评审时间调整，重新抽取</td>') in page


# --- the inspector's probes: a ledger rebuilt with a fresh chain (h145's _rebuild), entries edited

def _rebuilt(tmp_path: Path, edit, verified: int = 0) -> dict:
    from tests.test_hostile_h145 import _rebuild

    _rebuild(FAIR / "ledger.db", tmp_path / "ledger.db", edit)
    # the chain alone shows nothing (``verified`` 1: what ledger verify finds besides the chain, s31)
    assert run("ledger", "verify", tmp_path / "ledger.db").exit_code == verified
    result = run("fairness", tmp_path / "ledger.db", "--out", tmp_path / "out")
    assert result.exit_code == 1
    return read_json(tmp_path / "out" / "fairness.json")


def _entry_hash(path: Path, seq: int) -> str:
    import sqlite3

    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT entry_hash FROM ledger WHERE seq = ?", (seq,)).fetchone()[0]


def test_a_redraw_rewritten_as_a_first_draw_is_flagged_and_still_compared(tmp_path):
    def plain(seq, data):
        if seq == 13:  # 2024-XCL-05's re-roll written as a first draw: the earlier draw quietly replaced
            data["type"] = "draw"
            del data["redraw"]
        return data

    report = _rebuilt(tmp_path, plain, verified=1)  # ledger verify names it too since s31 (tests/test_ledger_redraw_s31.py)
    assert [flag for flag in report["flags"] if flag["kind"] == "redraw_unmarked"] == [{
        "kind": "redraw_unmarked", "subject": "ledger.db#13", "round_id": "2024-XCL-05", "draws": ["ledger.db#12", "ledger.db#13"],
        "refs": ["ledger.db 第 12 条", "ledger.db 第 13 条"],
        "reason": ("账本「ledger.db」第 13 条（抽取，轮次 2024-XCL-05，领域 新材料）与此前第 12 条（抽取）是同一轮次同一领域的抽取，"
                   "却没有记为重新抽取、没有重新抽取原因：抽取命令不会这样写入账本（同一轮次同一领域再次抽取须说明原因），"
                   "该条目可能在事后被改写（整条链重算后哈希链仍可校验通过），以掩盖重新抽取。统计只计第 13 条，"
                   "并已按重新抽取与第 12 条比较名单（见重新抽取表）；请以抽取当时的记录、公示名单和持有的头哈希核对，"
                   "查明实际评审的是哪一份名单。")}]
    reroll = next(flag for flag in report["flags"] if flag["kind"] == "reroll")
    assert reroll["reason"] == REROLL.replace("记录的重新抽取原因为“评审时间调整，重新抽取”", "账本未记录重新抽取原因")
    assert (reroll["subject"], reroll["round_id"], reroll["redraw_reason"]) == ("ledger.db#13", "2024-XCL-05", "")


def test_an_entry_dated_before_the_one_before_it_is_flagged(tmp_path):
    def backdated(seq, data):
        if seq == 13:  # the re-roll dated before the draw it replaced
            data["at"] = "2024-04-20T09:00:00+08:00"
        return data

    report = _rebuilt(tmp_path, backdated)
    assert [flag for flag in report["flags"] if flag["kind"] == "entry_time_backwards"] == [{
        "kind": "entry_time_backwards", "subject": "ledger.db#13", "draws": [], "refs": ["ledger.db#13"],
        "reason": ("账本「ledger.db」第 13 条（重新抽取，轮次 2024-XCL-05）的时间 2024-04-20 09:00:00 早于此前第 12 条的 "
                   "2024-04-29 09:30:00：账本按时间先后追加条目，抽取命令拒绝早于上一条目的时间，该条目的时间在事后被改写"
                   "或抽取时计算机时钟被调回；倒填的时间可使重新抽取看似在原抽取之前、抽取看似在评审之前。"
                   "请以抽取当时的记录、随机数来源的开奖时间和持有的头哈希核对。")}]
    assert "entry_time_backwards" not in [limit["kind"] for limit in report["limits"]]  # said once, as a flag


def test_a_redraw_moved_to_a_new_round_is_flagged_by_the_entry_it_names(tmp_path):
    def moved(seq, data):
        if seq == 13:  # the re-roll given a round of its own: compared with nothing, both panels counted
            data["round_id"] = "2024-XCL-15"
        return data

    report = _rebuilt(tmp_path, moved)
    found = [flag for flag in report["flags"] if flag["kind"] == "redraw_previous_mismatch"]
    tail = ("：重新抽取时账本记下了被取代的条目及其哈希，现在的账本与之不符，账本可能被改写（整条链重算后哈希链仍可校验通过），"
            "重新抽取与其取代的抽取可能因此未被比较、两次名单均被计入。请以抽取当时的记录和持有的头哈希核对。")
    assert found == [
        {"kind": "redraw_previous_mismatch", "subject": "ledger.db#13", "draws": [], "refs": ["ledger.db#13"],
         "reason": ("账本「ledger.db」第 13 条（重新抽取，轮次 2024-XCL-15）记为重新抽取，但所记被取代的第 12 条是轮次 2024-XCL-05 的抽取，"
                    "与本条的轮次 2024-XCL-15 不同（轮次编号在事后被改写）" + tail)},
        # every later redraw names an entry whose hash the rewrite changed
        {"kind": "redraw_previous_mismatch", "subject": "ledger.db#21", "draws": [], "refs": ["ledger.db#21"],
         "reason": ("账本「ledger.db」第 21 条（重新抽取，轮次 2024-JN-03）记为重新抽取，但所记被取代的第 20 条的哈希为 "
                    f"{_entry_hash(FAIR / 'ledger.db', 20)}，账本中该条的哈希为 {_entry_hash(tmp_path / 'ledger.db', 20)}"
                    "（该条或其前的条目在重新抽取之后被改写）" + tail)}]
    # the genuine ledger: none of the three
    run("fairness", FAIR / "ledger.db", "--out", tmp_path / "genuine")
    text = (tmp_path / "genuine" / "fairness.json").read_text(encoding="utf-8")
    assert not any(kind in text for kind in ("redraw_previous_mismatch", "entry_time_backwards", "redraw_unmarked"))


def test_a_records_time_written_back_is_flagged_when_its_ledger_is_not_given(tmp_path):
    # drawn_at is in no hash: draw verify agrees with the edited record, and the records alone were read as they stand
    for name, numbers, more in (("a", "1 2 3", ()), ("b", "4 5 6", ("--redraw-reason", "改期"))):
        assert run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                   "--out", tmp_path / f"{name}.json", "--random-source", numbers, *more).exit_code == 0
    record = read_json(tmp_path / "b.json")
    record["drawn_at"] = "2020-01-01T09:00:00+08:00"
    (tmp_path / "b.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("draw", "verify", tmp_path / "b.json").exit_code == 0
    at = read_json(tmp_path / "a.json")["drawn_at"]
    result = run("fairness", "--records", tmp_path, "--out", tmp_path / "out")
    report = read_json(tmp_path / "out" / "fairness.json")
    from checker.fairness.report import at_text

    assert [flag for flag in report["flags"] if flag["kind"] == "record_time_backwards"] == [{
        "kind": "record_time_backwards", "subject": "b.json", "draws": ["b.json"], "refs": ["b.json"],
        "reason": (f"抽取记录「b.json」（记载于账本「l.db」第 2 条，轮次 R1）的抽取时间 2020-01-01 09:00:00 早于记载于该账本第 1 条的"
                   f"抽取记录「a.json」的 {at_text(at)}：账本按时间先后追加条目，抽取时间不在抽取记录的哈希之内，可在事后改写而 "
                   "draw verify 仍然一致；倒填的时间可使重新抽取看似在原抽取之前。请给出账本「l.db」（将逐条核对记录与账本条目的时间）"
                   "并以持有的头哈希核对。")}]
    assert "标记：抽取记录的抽取时间早于同一账本此前条目的记录（时间可能被改写）：b.json\n" in result.output
