"""Hostile review 7: expert-panel draws, the draw ledger and fairness across rounds.

Each test reproduces one defect found by a hostile user (an office that wants a particular panel,
or a careless one whose recusal silently fails) and asserts the whole expected behaviour.
"""

import json
import re

import pytest

from checker.draw import record as draw_mod
from tests.fixtures.draw.helpers import FIXED_TIME, POOL_HEADERS, ledger_rows, load, run, write_xlsx

USCC_A = "91371000MA3C8NQN77"


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setattr(draw_mod, "now", lambda: FIXED_TIME)


def small_pool(tmp_path, count=20, field="新材料", unit="威海华材新材料有限公司"):
    """20 experts, each at their own unit; E001 works at ``unit`` (the applicant 威海华材新材料有限公司)."""
    rows = [(f"E{number:03d}", f"专家{number}", f"单位{number:02d}", field, "在库", "", "否", "")
            for number in range(1, count + 1)]
    rows[0] = ("E001", "专家1", unit, field, "在库", "", "否", "")
    return write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)


def draw_new(tmp_path, pool, out, round_id="R1", source="1 2 3 4 5 6 7", *extra):
    return run("draw", "new", "--pool", pool, "--field", "新材料", "--round", round_id,
               "--ledger", tmp_path / "l.db", "--out", tmp_path / out, "--random-source", source, *extra)


# ---------------------------------------------------------------- recusal


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\ufeff", "\u200d"])
def test_an_invisible_character_in_the_applicants_name_does_not_defeat_same_employer_recusal(tmp_path, invisible):
    # A company name pasted from a web form carries a zero-width space: to a reader it is the same
    # company, and the expert working there must be excluded (招标投标法 第三十七条).
    pool = small_pool(tmp_path)
    applicants = tmp_path / "applicants.csv"
    applicants.write_text(f"申报编号,企业名称\nA1,威海华材{invisible}新材料有限公司\n", encoding="utf-8")
    result = draw_new(tmp_path, pool, "d.json", "R1", "1 2 3 4 5 6 7", "--applicants", applicants)
    assert result.exit_code == 0, result.output
    record = load(tmp_path / "d.json")
    assert [item["expert_id"] for item in record["exclusions"]] == ["E001"]
    assert record["exclusions"][0]["reasons"][0]["rule"] == "same_employer"
    assert "E001" not in record["eligible"]
    assert run("draw", "verify", tmp_path / "d.json", "--pool", pool, "--ledger", tmp_path / "l.db").exit_code == 0
    # draw check reads the same code and counts the same exclusion
    check = run("draw", "check", "--pool", pool, "--field", "新材料", "--applicants", applicants, "--json")
    assert json.loads(check.output)["fields"][0]["excluded_ids"] == ["E001"]


def test_a_zero_width_space_in_the_pools_unit_does_not_defeat_same_employer_recusal(tmp_path):
    pool = small_pool(tmp_path, unit="威海华材\u200b新材料有限公司")
    applicants = tmp_path / "applicants.csv"
    applicants.write_text("申报编号,企业名称\nA1,威海华材新材料有限公司\n", encoding="utf-8")
    check = run("draw", "check", "--pool", pool, "--field", "新材料", "--applicants", applicants, "--json")
    assert json.loads(check.output)["fields"][0]["excluded_ids"] == ["E001"]


# ---------------------------------------------------------------- one draw per round and field


@pytest.mark.parametrize("variant", ["R1\u200b", "\u2066R1\u2069", "R1\u202d", "r1"])
def test_a_round_id_spelled_with_invisible_characters_or_another_case_is_still_a_redraw(tmp_path, variant):
    # Re-rolling an unwanted panel by drawing "the same" round under an id that only differs by an
    # invisible character or by case must not pass as a first draw: it needs --redraw-reason.
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json").exit_code == 0
    result = draw_new(tmp_path, pool, "b.json", variant, "8 9 10 11 12 13 14")
    assert result.exit_code == 2, result.output
    assert "--redraw-reason" in result.output or "不可见" in result.output or "控制字符" in result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]
    assert not (tmp_path / "b.json").exists()


def test_a_commit_superseded_by_a_later_commit_of_the_same_round_cannot_be_revealed(tmp_path):
    # Two commits naming different future lotteries (the second a "redraw"), then, once both are
    # drawn, revealing whichever gives the wanted panel: the older commit must be dead.
    pool = small_pool(tmp_path)
    common = ["--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db"]
    assert run("draw", "commit", *common, "--out", tmp_path / "c1.json", "--source-name", "双色球 第2025060期").exit_code == 0
    assert run("draw", "commit", *common, "--out", tmp_path / "c2.json", "--source-name", "大乐透 第25060期",
               "--redraw-reason", "补充回避名单").exit_code == 0
    result = run("draw", "reveal", tmp_path / "c1.json", "--ledger", tmp_path / "l.db",
                 "--random-source", "1 2 3 4 5 6 7", "--out", tmp_path / "d1.json")
    assert result.exit_code == 2, result.output
    assert "第 2 条" in result.output and "不能揭示" in result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1, 2]
    assert not (tmp_path / "d1.json").exists()
    # the live commit still reveals
    assert run("draw", "reveal", tmp_path / "c2.json", "--ledger", tmp_path / "l.db",
               "--random-source", "1 2 3 4 5 6 7", "--out", tmp_path / "d2.json").exit_code == 0


# ---------------------------------------------------------------- fairness across rounds


def two_step(tmp_path, pool, name, source, numbers, *extra):
    common = ["--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db"]
    assert run("draw", "commit", *common, "--out", tmp_path / f"{name}.commit.json", "--source-name", source,
               *extra).exit_code == 0
    result = run("draw", "reveal", tmp_path / f"{name}.commit.json", "--ledger", tmp_path / "l.db",
                 "--random-source", numbers, "--out", tmp_path / f"{name}.json")
    assert result.exit_code == 0, result.output
    return load(tmp_path / f"{name}.json")


def test_a_re_roll_made_with_commit_and_reveal_is_a_redraw_and_is_flagged(tmp_path):
    # The same eligible list, new lottery numbers, another panel: a re-roll, whether made with
    # draw new --redraw-reason or with a second commit and reveal.
    pool = small_pool(tmp_path)
    first = two_step(tmp_path, pool, "d1", "双色球 第2025060期", "1 2 3 4 5 6 7")
    second = two_step(tmp_path, pool, "d2", "双色球 第2025061期", "8 9 10 11 12 13 14", "--redraw-reason", "专家时间冲突")
    assert first["eligible_sha256"] == second["eligible_sha256"] and first["panel"] != second["panel"]
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    report = load(tmp_path / "out" / "fairness.json")
    [item] = report["redraws"]["items"]
    assert (item["draw"], item["replaces"], item["reason"], item["eligible_unchanged"], item["panel_changed"],
            item["flagged"]) == ("l.db#4", "l.db#2", "专家时间冲突", True, True, True)
    assert report["redraws"]["by_round"] == [{"round_id": "R1", "draws": 2, "redraws": 1, "redraws_changing_panel": 1,
                                              "rerolls": 1, "substitutions": 0}]
    assert any(flag["kind"] == "reroll" or "redraw" in flag["kind"] for flag in report["flags"])


def test_a_ledger_alone_is_tested_with_the_eligible_list_its_entries_hold(tmp_path):
    # Every draw entry carries its eligible list (hash-checked against eligible_sha256): a ledger
    # given without records or pool is enough to test, and the report must not claim otherwise.
    pool = small_pool(tmp_path)
    for number in range(3):
        assert draw_new(tmp_path, pool, f"d{number}.json", f"R{number}", f"{number} 20 30 40 50 60").exit_code == 0
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    report = load(tmp_path / "out" / "fairness.json")
    assert report["counts"]["tested"] == 3
    assert report["experts"]["tested"] == 20
    assert not [limit for limit in report["limits"] if limit["kind"] == "no_eligible_list"]
    assert {draw["eligible_basis"] if "eligible_basis" in draw else draw.get("basis") for draw in report["draws"]} \
        == {"ledger"}


@pytest.mark.parametrize("first, second", [("R1", "r1"), ("ПР-1", "пр-1")])  # NOCASE folded only the ASCII pair
def test_a_redraw_under_the_rounds_id_in_another_case_replaces_the_first_draw_in_fairness(tmp_path, first, second):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json", first).exit_code == 0
    assert draw_new(tmp_path, pool, "b.json", second, "8 9 10 11 12 13 14", "--redraw-reason", "重新抽取").exit_code == 0
    # the first record is superseded: draw verify with the ledger says so
    verify = run("draw", "verify", tmp_path / "a.json", "--ledger", tmp_path / "l.db")
    assert verify.exit_code != 0 and "已被取代" in verify.output, verify.output
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert [(draw["id"], draw["counted"]) for draw in report["draws"]] == [("l.db#1", False), ("l.db#2", True)]
    [item] = report["redraws"]["items"]
    assert (item["draw"], item["replaces"], item["flagged"]) == ("l.db#2", "l.db#1", True)
    assert result.exit_code == 1


# ---------------------------------------------------------------- side lists naming nobody


def test_a_conflict_or_staff_id_that_names_no_expert_in_the_pool_is_refused_not_silently_dropped(tmp_path):
    # 回避名单 typed by hand: "E05" names nobody, so the draw is refused (h36: a warning let the
    # conflicted expert be drawn) naming the file and line; "e005" (lower case) names E005 (ids
    # are matched without case: recusal.id_key).
    pool = small_pool(tmp_path)
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("专家编号,申报单位,回避原因\ne005,威海华材新材料有限公司,配偶在该公司任职\nE006,某公司,曾任职\n",
                         encoding="utf-8")
    staff = tmp_path / "staff.txt"
    staff.write_text("E05\n", encoding="utf-8")
    said = (f"错误：本局工作人员名单「{staff}」第 1 行的专家编号「E05」不在专家库中：这样的回避不能生效，"
            "被回避的专家仍可能被抽中；请改为专家库中的专家编号（不是姓名）后重试。\n")
    result = draw_new(tmp_path, pool, "d.json", "R1", "1 2 3 4 5 6 7", "--conflicts", conflicts, "--staff", staff)
    assert (result.exit_code, result.stderr) == (2, said)
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()
    check = run("draw", "check", "--pool", pool, "--conflicts", conflicts, "--staff", staff)
    assert (check.exit_code, check.stderr) == (2, said)
    staff.write_text("E005\n", encoding="utf-8")
    result = draw_new(tmp_path, pool, "d.json", "R1", "1 2 3 4 5 6 7", "--conflicts", conflicts, "--staff", staff)
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    assert [item["expert_id"] for item in record["exclusions"]] == ["E005", "E006"]
    assert not [text for text in record["warnings"] if "不在专家库中" in text]


# ---------------------------------------------------------------- malformed pools


def test_a_pool_cell_whose_formula_has_no_usable_value_is_refused_naming_the_cell(tmp_path):
    # 工作单位 filled by a VLOOKUP that failed (#N/A) or a formula never calculated reads as blank:
    # the expert would escape same-employer recusal (or, with 状态, silently never be drawn).
    rows = [(f"E{n:03d}", f"专家{n}", f"单位{n:02d}", "新材料", "在库", "", "否", "") for n in range(1, 21)]
    rows[0] = ("E001", "专家1", "=VLOOKUP(B2,单位表!A:B,2,FALSE)", "新材料", "在库", "", "否", "")
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    result = run("draw", "check", "--pool", pool, "--field", "新材料")
    assert result.exit_code == 2, result.output
    assert "C2" in result.output and "公式" in result.output and "Traceback" not in result.output
    result = draw_new(tmp_path, pool, "d.json")
    assert result.exit_code == 2 and ledger_rows(tmp_path / "l.db") == [] and not (tmp_path / "d.json").exists()


def test_the_row_by_row_pool_reader_refuses_the_same_formula_cell(tmp_path, monkeypatch):
    from checker.draw import pool as pool_module
    from checker.errors import InputError

    rows = [(f"E{n:03d}", f"专家{n}", f"单位{n:02d}", "新材料", "在库", "", "否", "") for n in range(1, 5)]
    rows[1] = ("E002", "专家2", "单位02", "新材料", "=IF(TRUE,\"在库\")", "", "否", "")
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    messages = []
    for whole in (True, False):
        with monkeypatch.context() as patch:
            if not whole:
                patch.setattr(pool_module, "_whole_columns", lambda table: False)
            with pytest.raises(InputError) as error:
                pool_module.read_pool(pool)
            messages.append(str(error.value))
    assert messages[0] == messages[1] and "E3（状态）" in messages[0]


# ---------------------------------------------------------------- the seed in a record


@pytest.mark.parametrize("numbers", [["1", "2", "3", "4", "5", "6", "7"], [True, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7.0]])
def test_source_numbers_that_are_not_integers_are_named_in_chinese(tmp_path, numbers):
    # JSON true is Python's 1 and "7.0" keys differently in the browser page: a record's numbers
    # must be integers, and the reason is said in Chinese, never a Python TypeError.
    from checker.draw import rfc3797
    from checker.errors import InputError

    with pytest.raises(InputError, match="非负整数"):
        rfc3797.key_string([numbers])
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    record = load(tmp_path / "d.json")
    record["seed"]["sources"][0]["numbers"] = numbers
    (tmp_path / "d.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "d.json")
    assert result.exit_code == 1
    assert "非负整数" in result.output and "not supported" not in result.output and "True." not in result.output


# ---------------------------------------------------------------- fairness: paper rounds


def test_an_expert_listed_twice_on_one_paper_panel_is_one_seat_not_a_flag(tmp_path):
    # A copy error in the round record (ZJ007 typed on two 正选 lines) must not become "drawn twice
    # in one draw", p = 0, reported to the inspectors as an over-drawn expert and five pairs.
    from tests.conftest import SAMPLES

    ids = ["ZJ001", "ZJ002", "ZJ003", "ZJ005", "ZJ009", "ZJ007", "ZJ007"]
    rows = [{"抽取记录编号": "纸质-1", "抽取科室": "局政工科", "专家编号": expert, "专业领域": "新材料", "工作单位": "某单位",
             "角色": "正选"} for expert in ids]
    record = {"轮次": {"轮次编号": "P-1", "流程类型": "W-12", "项目领域": "新材料"},
              "流程节点": [{"节点": "专家抽取", "日期": "2024-03-01"}], "专家抽取": rows}
    (tmp_path / "r.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("fairness", "--rounds", tmp_path / "r.json", "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert report["flags"] == [] and result.exit_code == 0, result.output
    [draw] = report["draws"]
    assert draw["panel"] == ["ZJ001", "ZJ002", "ZJ003", "ZJ005", "ZJ009", "ZJ007"]
    row = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ007")
    assert row["observed"] == 1 and row["drawn_in"] == ["P-1（r.json）"]
    limit = next(item for item in report["limits"] if item["kind"] == "repeated_in_panel")
    assert "ZJ007" in limit["message"] and limit["draws"] == ["P-1（r.json）"]


def test_a_changed_pool_smaller_than_the_panel_gives_probabilities_not_nonsense(tmp_path):
    # An entry of an older ledger (no list, only its hash) and a pool in which the field has since
    # shrunk: the approximate list must still hold the panel drawn, so that k/n <= 1 and every
    # p-value is a probability (k/n = 7/3 gave p-values above 1 and below 0).
    from tests.fixtures.draw.helpers import ledger_without_lists

    pool = small_pool(tmp_path)
    for number in range(4):
        assert draw_new(tmp_path, pool, f"d{number}.json", f"R{number}", f"{number} 20 30 40 50 60").exit_code == 0
    ledger_without_lists(tmp_path / "l.db", tmp_path / "old.db")
    rows = [(f"E{n:03d}", f"专家{n}", f"单位{n:02d}", "新材料" if n <= 3 else "其他", "在库", "", "否", "")
            for n in range(1, 21)]
    shrunk = write_xlsx(tmp_path / "shrunk.xlsx", POOL_HEADERS, rows)
    run("fairness", tmp_path / "old.db", "--pool", shrunk, "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    for draw in report["draws"]:
        assert draw["eligible_count"] >= len(draw["panel"])
    for row in report["experts"]["rows"]:
        assert 0 <= row["p_value"] <= 1 and row["expected"] <= row["eligible_draws"]
    assert report["flags"] == []


def test_a_ledger_whose_chain_is_broken_is_never_reported_clear(tmp_path):
    # Entries swapped in a ledger (triggers dropped): the chain check names it, and a report that
    # says "clear" (exit 0) on a tampered ledger would be read by the inspectors as all is well.
    import sqlite3

    pool = small_pool(tmp_path)
    for number in range(3):
        assert draw_new(tmp_path, pool, f"d{number}.json", f"R{number}", f"{number} 20 30 40 50 60").exit_code == 0
    with sqlite3.connect(tmp_path / "l.db") as connection:
        connection.execute("DROP TRIGGER ledger_no_update")
        connection.execute("DROP TRIGGER ledger_no_delete")
        rows = connection.execute("SELECT seq, prev_hash, entry_json, entry_hash FROM ledger ORDER BY seq").fetchall()
        connection.execute("DELETE FROM ledger")
        for seq, row in zip((1, 2, 3), (rows[0], rows[2], rows[1])):
            connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, *row[1:]))
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert result.exit_code == 1 and report["verdict"] == "flagged"
    [flag] = [flag for flag in report["flags"] if flag["kind"] == "ledger_chain"]
    assert flag["subject"] == "l.db" and "第 2 条" in flag["reason"]
    assert "账本哈希链" in (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- pool rows that silently change the odds


def _pool_rows(count=20):
    return [[f"E{n:03d}", f"专家{n}", f"单位{n:02d}", "新材料", "在库", "", "否", ""] for n in range(1, count + 1)]


def test_a_status_that_is_not_one_of_the_three_is_warned_not_silently_out_of_the_draw(tmp_path):
    # "在 库" (a space typed inside) or "在庫" read as not 在库: the expert silently never drawn.
    rows = _pool_rows()
    rows[3][4], rows[4][4] = "在 库", "在庫"
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    result = draw_new(tmp_path, pool, "d.json")
    assert result.exit_code == 0, result.output
    record = load(tmp_path / "d.json")
    assert "E004" not in record["eligible"] and len(record["eligible"]) == 18
    [warning] = [text for text in record["warnings"] if "状态" in text]
    assert "E004（在 库）" in warning and "E005（在庫）" in warning and f"警告: {warning}" in result.output
    check = run("draw", "check", "--pool", pool)
    assert warning in check.output


def test_one_person_listed_twice_in_the_pool_is_warned(tmp_path):
    # The same name at the same unit under two ids doubles that person's chance and can seat them twice.
    rows = _pool_rows()
    rows[19][1:3] = ["专家3", "单位03 "]
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    result = draw_new(tmp_path, pool, "d.json")
    assert result.exit_code == 0, result.output
    record = load(tmp_path / "d.json")
    [warning] = [text for text in record["warnings"] if "同一人" in text]
    assert "E003、E020" in warning and "专家3" not in warning  # ids only: the record holds no names
    assert f"警告: {warning}" in result.output


# ---------------------------------------------------------------- crashes


def test_a_random_source_with_thousands_of_digits_is_refused_in_chinese_not_a_crash(tmp_path):
    pool = small_pool(tmp_path)
    result = draw_new(tmp_path, pool, "d.json", "R1", "9" * 5000)
    assert result.exit_code == 2, result.output
    assert "位数" in result.output and "内部错误" not in result.output
    assert ledger_rows(tmp_path / "l.db") == [] and not (tmp_path / "d.json").exists()


MALFORMED = {
    "panel as ids": lambda record: record.__setitem__("panel", [item["expert_id"] for item in record["panel"]]),
    "substitution null": lambda record: record.__setitem__("substitutions", [None]),
    "substitutions text": lambda record: record.__setitem__("substitutions", "x"),
    "ledger text": lambda record: record.__setitem__("ledger", "x"),
    "seed text": lambda record: record.__setitem__("seed", "x"),
    "candidate null": lambda record: record.__setitem__("candidates", [None]),
    "applicant null": lambda record: record["exclusion_inputs"].__setitem__("applicants", [None]),
    "algorithm text": lambda record: record.__setitem__("algorithm", "x"),
    "panel null": lambda record: record.__setitem__("panel", None),
}


@pytest.mark.parametrize("change", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_record_of_the_wrong_shape_is_refused_in_chinese_by_substitute_and_fairness(tmp_path, change):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    record = load(tmp_path / "d.json")
    first = record["panel"][0]["expert_id"]
    change(record)
    (tmp_path / "records").mkdir()
    for path in (tmp_path / "d.json", tmp_path / "records" / "d.json"):
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝")
    assert result.exit_code == 2 and "内部错误" not in result.output, result.output
    assert not PYTHON_NAMES.search(result.output), result.output  # said in Chinese, not as Python's exception
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]
    for ledgers in ((), (tmp_path / "l.db",)):
        result = run("fairness", *ledgers, "--records", tmp_path / "records", "--out", tmp_path / "out", "--force")
        assert result.exit_code in (0, 1) and "内部错误" not in result.output, result.output
        report = load(tmp_path / "out" / "fairness.json")  # read, or set aside as a stated limit
        assert report["counts"]["draws"] >= 1 or any(limit["kind"] == "not_a_draw_record" for limit in report["limits"])


PYTHON_NAMES = re.compile(r"\b(KeyError|TypeError|AttributeError|ValueError|IndexError)\b")

COMMIT_CHANGES = {
    "policy text": lambda record: record.__setitem__("policy", "x"),
    "policy extra key": lambda record: record["policy"].__setitem__("evil", 1),
    "panel size text": lambda record: record["policy"].__setitem__("panel_size", "7"),
    "eligible null": lambda record: record.__setitem__("eligible", None),
    "pool text": lambda record: record.__setitem__("pool", "x"),
    "ledger text": lambda record: record.__setitem__("ledger", "x"),
    "warnings number": lambda record: record.__setitem__("warnings", 5),
}


@pytest.mark.parametrize("change", COMMIT_CHANGES.values(), ids=COMMIT_CHANGES.keys())
def test_a_commit_record_of_the_wrong_shape_is_refused_by_reveal_in_chinese(tmp_path, change):
    # the commit hash recomputed after the edit, as a forger would: the shape is still wrong
    from checker.draw.ledger import sha256_json
    from checker.draw.record import commit_body

    pool = small_pool(tmp_path)
    assert run("draw", "commit", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
               "--out", tmp_path / "c.json", "--source-name", "双色球 第2025060期").exit_code == 0
    record = load(tmp_path / "c.json")
    change(record)
    record["commit_sha256"] = sha256_json(commit_body(record))
    (tmp_path / "c.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "reveal", tmp_path / "c.json", "--ledger", tmp_path / "l.db", "--random-source", "1 2 3",
                 "--out", tmp_path / "d.json")
    assert result.exit_code == 2 and "内部错误" not in result.output, result.output
    assert not PYTHON_NAMES.search(result.output), result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1] and not (tmp_path / "d.json").exists()


# ---------------------------------------------------------------- verify


def test_verify_with_the_ledger_says_when_the_record_was_superseded_by_a_redraw(tmp_path):
    # The office hands the inspector the first record of a round that was later redrawn: it
    # re-derives, but it is not the panel of record any more, and the ledger says so.
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json").exit_code == 0
    assert draw_new(tmp_path, pool, "b.json", "R1", "8 9 10 11 12 13 14", "--redraw-reason", "专家时间冲突").exit_code == 0
    result = run("draw", "verify", tmp_path / "a.json", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1
    assert result.output == "不一致：账本第 2 条（重新抽取）已重新抽取本轮次该领域：本记录已被取代，不是现行的抽取结果。\n"
    assert run("draw", "verify", tmp_path / "b.json", "--ledger", tmp_path / "l.db").exit_code == 0
    assert run("draw", "verify", tmp_path / "a.json").exit_code == 0  # without the ledger: the record alone re-derives


# ---------------------------------------------------------------- fairness: one draw in two ledgers


def test_a_draw_in_two_ledgers_a_copy_and_the_original_is_counted_once(tmp_path):
    # The inspector is given the ledger and the copy handed over at mid-year: every draw in both
    # must count once, or every expert's count doubles and fair draws are flagged.
    import shutil

    from tests.conftest import SAMPLES

    shutil.copy(SAMPLES / "fairness" / "ledger.db", tmp_path / "ledger.db")
    shutil.copy(SAMPLES / "fairness" / "ledger.db", tmp_path / "copy.db")
    run("fairness", tmp_path / "ledger.db", "--out", tmp_path / "once")
    result = run("fairness", tmp_path / "copy.db", tmp_path / "ledger.db", "--out", tmp_path / "twice")
    once, twice = load(tmp_path / "once" / "fairness.json"), load(tmp_path / "twice" / "fairness.json")
    assert twice["counts"] == dict(once["counts"], limits=once["counts"]["limits"] + 1)
    def stats(block):
        return [(row.get("expert_id") or row.get("experts"), row["observed"], row["expected"], row["p_value"])
                for row in block["rows"]]

    assert stats(twice["experts"]) == stats(once["experts"]) and stats(twice["pairs"]) == stats(once["pairs"])
    assert [(flag["kind"], flag["subject"].split("#")[-1]) for flag in twice["flags"]] == \
        [(flag["kind"], flag["subject"].split("#")[-1]) for flag in once["flags"]]
    limit = next(item for item in twice["limits"] if item["kind"] == "same_draw_in_two_ledgers")
    assert "copy.db" in limit["message"] and "ledger.db" in limit["message"] and "32" in limit["message"]
    assert result.exit_code == 1


def test_an_invisible_character_in_the_applicants_uscc_does_not_defeat_same_employer_recusal(tmp_path):
    rows = [(f"E{n:03d}", f"专家{n}", f"单位{n:02d}", "新材料", "在库", "", "否", "") for n in range(1, 21)]
    rows[0] = ("E001", "专家1", "威海华材新材料有限公司", "新材料", "在库", USCC_A, "否", "")
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    applicants = tmp_path / "applicants.csv"  # the short name, and the code pasted with a zero-width space
    applicants.write_text(f"申报编号,企业名称,统一社会信用代码\nA1,华材公司,{USCC_A[:9]}\u200b{USCC_A[9:]}\n", encoding="utf-8")
    check = run("draw", "check", "--pool", pool, "--field", "新材料", "--applicants", applicants, "--json")
    assert json.loads(check.output)["fields"][0]["excluded_ids"] == ["E001"]


def test_the_application_workbook_itself_with_its_title_row_is_read_as_the_applicants(tmp_path):
    # README: --applicants takes the application workbook itself; the bureau's workbooks (and the
    # project's own sample) have a title line above the header.
    from tests.conftest import SAMPLES

    pool = small_pool(tmp_path, unit="威海华盛精密机械有限公司")
    check = run("draw", "check", "--pool", pool, "--field", "新材料", "--applicants", SAMPLES / "w05_applications.xlsx", "--json")
    assert check.exit_code == 0, check.output
    assert json.loads(check.output)["fields"][0]["excluded_ids"] == ["E001"]


def _reordered_record(tmp_path) -> dict:
    """A record re-derived from candidates put in an order chosen after the numbers were known
    (every hash recomputed, as a forger would): only the canonical order gives it away."""
    from checker.draw.ledger import sha256_json
    from checker.draw.record import Policy, draw_core, select

    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    record = load(tmp_path / "d.json")
    wanted = ["E020", "E019", "E018", "E017", "E016", "E015", "E014"]
    for shift in range(len(record["candidates"])):  # rotate the list until the wanted expert comes first
        candidates = record["candidates"][shift:] + record["candidates"][:shift]
        eligible = [item["expert_id"] for item in candidates]
        selection = select(eligible, Policy.from_dict(record["policy"]), record["seed"]["key"])
        if selection.panel[0] == wanted[0]:
            break
    record.update(candidates=candidates, eligible=eligible, eligible_sha256=sha256_json(eligible),
                  sequence=selection.sequence, panel=[{"expert_id": e} for e in selection.panel],
                  alternates=[{"expert_id": e} for e in selection.alternates])
    record["draw_sha256"] = sha256_json(draw_core(record))
    return record


def test_verify_and_the_public_page_refuse_candidates_out_of_canonical_order(tmp_path):
    # RFC 3797 is fair only if the list's order was fixed before the numbers: the contract fixes
    # it (sorted by 专家编号), so a record whose list is in another order cannot pass as verified.
    import shutil
    import subprocess
    from pathlib import Path

    from checker.fairness.publish import public_part

    record = _reordered_record(tmp_path)
    assert record["panel"][0]["expert_id"] == "E020"
    (tmp_path / "forged.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "forged.json")
    assert result.exit_code == 1 and "专家编号" in result.output and "顺序" in result.output, result.output
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    script = Path(__file__).resolve().parents[1] / "checker" / "fairness" / "verify.js"
    code = (f"const v = require({json.dumps(str(script))});\n"
            "const d = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
            "const r = v.verify(d); console.log(JSON.stringify([r.status, r.message]));")
    done = subprocess.run([node, "-e", code], input=json.dumps(public_part(record)), capture_output=True, text=True, timeout=60)
    status, message = json.loads(done.stdout)
    assert status == "mismatch" and "顺序" in message


def test_verify_refuses_a_panel_size_that_disagrees_with_the_policy_drawn_with(tmp_path):
    # panel_size / alternates_count are printed on the signed panel page and used by the public
    # page; draw_sha256 covers the policy only, so an edit here passed draw verify as 一致.
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    record = load(tmp_path / "d.json")
    record["panel_size"] = 5
    (tmp_path / "d.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "d.json")
    assert result.exit_code == 1 and "panel_size" in result.output, result.output


# ---------------------------------------------------------------- personal data in the append-only ledger


@pytest.mark.parametrize("reason", ["本人谢绝，联系电话 138 1234 5678", "本人谢绝（电话138-1234-5678）",
                                    "时间冲突，座机 0631-523 4567", "身份证号370102199001011234，本人谢绝"])
def test_a_reason_with_a_spaced_phone_number_or_an_id_number_never_reaches_the_ledger(tmp_path, reason):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    first = load(tmp_path / "d.json")["panel"][0]["expert_id"]
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", reason)
    assert result.exit_code == 2, result.output
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]
    assert load(tmp_path / "d.json")["substitutions"] == []


@pytest.mark.parametrize("command", ["new", "commit"])
def test_an_operator_spelled_with_invisible_characters_is_refused(tmp_path, command):
    # "政工科" and "政工科\u200b" print alike: fairness counts redraws and re-rolls per operator.
    pool = small_pool(tmp_path)
    args = ["--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
            "--out", tmp_path / "d.json", "--operator", "政工科\u200b"]
    extra = ["--random-source", "1 2 3"] if command == "new" else ["--source-name", "双色球 第2025060期"]
    result = run("draw", command, *args, *extra)
    assert result.exit_code == 2 and "不可见" in result.output, result.output
    assert ledger_rows(tmp_path / "l.db") == []


# ---------------------------------------------------------------- outputs that overwrite each other


def test_the_record_the_panel_file_and_the_ledger_must_be_three_files(tmp_path):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "first.json").exit_code == 0
    before = (tmp_path / "l.db").read_bytes()
    base = ["draw", "new", "--pool", pool, "--field", "新材料", "--random-source", "1 2 3"]
    cases = [  # the record replaced by the workbook; the whole ledger replaced by a record or a workbook
        ["--round", "A", "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--panel-out", tmp_path / "d.json"],
        ["--round", "B", "--ledger", tmp_path / "l.db", "--out", tmp_path / "l.db", "--force"],
        ["--round", "C", "--ledger", tmp_path / "new.db", "--out", tmp_path / "e.json", "--panel-out", tmp_path / "new.db"],
    ]
    for extra in cases:
        result = run(*base, *extra)
        assert result.exit_code == 2 and "同一" in result.output, result.output
    assert (tmp_path / "l.db").read_bytes() == before
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "e.json").exists()
    assert run("ledger", "verify", tmp_path / "l.db").exit_code == 0


def test_publish_never_writes_its_page_over_the_record_or_the_ledger(tmp_path):
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json").exit_code == 0
    record, ledger = (tmp_path / "d.json").read_bytes(), (tmp_path / "l.db").read_bytes()
    for out in (tmp_path / "d.json", tmp_path / "l.db"):
        result = run("draw", "publish", tmp_path / "d.json", "--out", out)
        assert result.exit_code == 2, result.output
    assert (tmp_path / "d.json").read_bytes() == record and (tmp_path / "l.db").read_bytes() == ledger
    assert run("draw", "publish", tmp_path / "d.json", "--out", tmp_path / "v.html").exit_code == 0
    assert run("draw", "publish", tmp_path / "d.json", "--out", tmp_path / "v.html").exit_code == 0  # its own page: replaced


def test_a_field_spelled_with_an_invisible_character_is_warned_not_silently_out_of_the_draw(tmp_path):
    rows = _pool_rows()
    rows[5][3] = "新材料\u200b"
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    result = draw_new(tmp_path, pool, "d.json")
    assert result.exit_code == 0, result.output
    record = load(tmp_path / "d.json")
    assert "E006" not in record["eligible"]
    [warning] = [text for text in record["warnings"] if "E006" in text]
    assert "专业领域" in warning and "不可见" in warning


def test_a_substitution_in_a_draw_a_redraw_replaced_is_refused(tmp_path):
    # the first record of a redrawn round: its seats are no seats, and a substitute entry would stay
    # in the ledger forever as if the replaced panel had sat
    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "a.json").exit_code == 0
    assert draw_new(tmp_path, pool, "b.json", "R1", "8 9 10 11 12 13 14", "--redraw-reason", "专家时间冲突").exit_code == 0
    member = load(tmp_path / "a.json")["panel"][0]["expert_id"]
    result = run("draw", "substitute", tmp_path / "a.json", "--expert", member, "--reason", "谢绝")
    assert (result.exit_code, result.stderr) == (
        2, "错误：拒绝替换：账本第 2 条（重新抽取）已重新抽取本轮次该领域：本记录已被取代，不是现行的抽取结果。\n")
    assert run("ledger", "verify", tmp_path / "l.db").output.startswith("一致：账本完整：2 条")

