"""Reviewer helper-103's draw defects: what a changed pool changed, JSON pools listing fields in an
array, look-alike round ids, a killed draw's temporary panel file."""

from __future__ import annotations

import json

import openpyxl
import pytest

from tests.helpers import SAMPLES, run_cli


def _drawn(tmp_path) -> dict:
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))


def _changed_pool(tmp_path, changes: dict[str, dict[str, str]]):
    book = openpyxl.load_workbook(SAMPLES / "experts.xlsx")
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, value in changes.get(row[0].value, {}).items():
            row[headers.index(column)].value = value
    book.save(tmp_path / "changed.xlsx")
    return tmp_path / "changed.xlsx"


def test_verify_with_a_changed_pool_names_the_experts_whose_entries_changed(tmp_path):
    """h103 #7: a pool changed after the draw (ZJ001's 工作单位 made an applicant's, ZJ002 暂停) said only that
    the SHA-256 differs; the record holds each candidate's unit and status, so the message says who changed."""
    record = _drawn(tmp_path)
    pool = _changed_pool(tmp_path, {"ZJ001": {"工作单位": "威海某申报企业有限公司"}, "ZJ002": {"状态": "暂停"}})
    result = run_cli("draw", "verify", tmp_path / "d.json", "--pool", pool, "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1
    digest = result.stdout.split("，文件 ", 1)[1][:64]  # the pool's content hash (its cells, not the file's bytes)
    assert result.stdout == (
        f"不一致：专家库文件的 SHA-256 与记录不符（记录 {record['pool']['sha256']}，文件 {digest}）：专家库在抽取后被改动或不是同一份。"
        "其中：ZJ002 已不是本领域的在库专家（状态、专业领域改动或已删除）；"
        "ZJ001（工作单位 威海华材新材料有限公司，信用代码 91371000MA3C8NQN77，本局工作人员 否） 现为 "
        "ZJ001（工作单位 威海某申报企业有限公司，信用代码 91371000MA3C8NQN77，本局工作人员 否）。\n")


def test_verify_with_a_pool_changed_outside_the_field_says_the_fields_experts_are_alike(tmp_path):
    record = _drawn(tmp_path)
    other = next(item for item in json.loads(json.dumps(record))["candidates"])  # a 新材料 expert stays as drawn
    book = openpyxl.load_workbook(SAMPLES / "experts.xlsx")
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    changed = next(row for row in sheet.iter_rows(min_row=2) if "新材料" not in str(row[headers.index("专业领域")].value))
    changed[headers.index("工作单位")].value = "另一家单位"
    book.save(tmp_path / "changed.xlsx")
    result = run_cli("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "changed.xlsx", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1 and other["expert_id"] not in result.stdout
    assert result.stdout.endswith("专家库在抽取后被改动或不是同一份。本领域在库专家（编号、工作单位、信用代码、是否本局工作人员）与记录一致："
                                  "改动在其他领域的专家、其他列或工作簿的其他部分。\n")


def test_a_json_pool_listing_fields_in_an_array_makes_those_experts_candidates(tmp_path):
    """h103 #4: 专业领域 ["新材料", "智能制造"] in a JSON pool was read as the text "['新材料', '智能制造']", a
    field no draw asks for: those experts were never candidates, and nothing said so."""
    rows = [{"专家编号": f"E{n:02d}", "姓名": f"专家{n}", "工作单位": f"单位{n}", "专业领域": "新材料", "状态": "在库"} for n in range(12)]
    rows += [{"专家编号": f"F{n}", "姓名": f"专家F{n}", "工作单位": f"单位F{n}",
              "专业领域": ["新材料"] if n % 2 else ["新材料", "智能制造"], "状态": "在库"} for n in range(5)]
    (tmp_path / "pool.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("draw", "new", "--pool", tmp_path / "pool.json", "--field", "智能制造", "--size", "3", "--alternates", "0",
                     "--round", "R-2", "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert [item["expert_id"] for item in record["candidates"]] == ["F0", "F2", "F4"]


def test_a_round_id_written_with_look_alike_letters_is_the_same_round(tmp_path):
    """h103 #3: a second draw of round 2025-XCL-P1 under 2025-ХСL-Р1 (Cyrillic Х, С, Р), with new numbers,
    was accepted with no redraw reason asked, and `ledger show` printed the two ids alike."""
    common = ["--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--ledger", tmp_path / "l.db", "-q"]
    first = run_cli("draw", "new", *common, "--round", "2025-XCL-P1", "-o", tmp_path / "a.json", "--random-source", "1 2 3")
    assert first.exit_code == 0, first.output
    second = run_cli("draw", "new", *common, "--round", "2025-ХСL-Р1", "-o", tmp_path / "b.json", "--random-source", "4 5 6")
    assert second.exit_code == 2
    assert "再次抽取属于重新抽取，须用 --redraw-reason 说明原因。" in second.stderr
    assert not (tmp_path / "b.json").exists()


def test_a_killed_draws_temporary_panel_file_is_removed_by_the_next_run_and_a_live_runs_kept(tmp_path):
    """h103 #8: `draw new` killed (kill -9) between writing its outputs and the ledger's COMMIT left a hidden
    .fundcheck-tmp-….xlsx, a panel file naming the experts of a draw the ledger never recorded; later runs
    left it there. A file of a process that is gone and older than a minute is removed; one of a live
    process (another run writing now) or a fresh one is kept."""
    import os
    import subprocess
    import time

    from checker.io import outputs

    gone = subprocess.Popen(["true"])
    gone.wait()
    old = time.time() - 3600
    killed = tmp_path / f"{outputs.TEMP_PREFIX}{gone.pid}-{'a' * 32}.xlsx"
    live = tmp_path / f"{outputs.TEMP_PREFIX}{os.getppid()}-{'b' * 32}.xlsx"
    fresh = tmp_path / f"{outputs.TEMP_PREFIX}{gone.pid}-{'c' * 32}.json"
    for path in (killed, live, fresh):
        path.write_bytes(b"panel")
    for path in (killed, live):
        os.utime(path, (old, old))
    outputs._SWEPT.discard(str(tmp_path))
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                     "--ledger", tmp_path / "l.db", "-o", tmp_path / "d.json", "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(outputs.TEMP_PREFIX))
    assert left == sorted([live.name, fresh.name])


@pytest.mark.parametrize("written, message", [
    ("1,,2", "随机数来源「1,,2」中有空项（两个分隔符之间或开头没有数）：请核对是否漏填号码。"),
    ("3，，9", "随机数来源「3，，9」中有空项（两个分隔符之间或开头没有数）：请核对是否漏填号码。"),
    ("²³", "随机数来源「²³」含字符“²”（U+00B2），不是普通数字：请照开奖公告用 0–9 填写号码。"),
    ("१२ 3", "随机数来源「१२ 3」含字符“१”（U+0967），不是普通数字：请照开奖公告用 0–9 填写号码。"),
])
def test_a_random_source_with_a_blank_item_or_unusual_digits_is_refused(written, message):
    """h103 minor: "1,,2" was read as [1, 2] (a number meant in the blank dropped unseen); "²³" as 23."""
    from checker.draw.rfc3797 import parse_source
    from checker.errors import InputError

    with pytest.raises(InputError) as refused:
        parse_source(written)
    assert str(refused.value) == message


@pytest.mark.parametrize("written, numbers", [("9 18 26", [9, 18, 26]), ("１２，３４", [12, 34]), ("2, 5, 12", [2, 5, 12]),
                                              ("3,9,14,", [3, 9, 14]), ("03，09，14，", [3, 9, 14]), ("3 9 14。", [3, 9, 14])])
def test_a_random_source_as_offices_copy_it_is_read(written, numbers):
    from checker.draw.rfc3797 import parse_source

    assert parse_source(written) == numbers


def _commit(tmp_path, round_id: str, out: str, source: str, *extra):
    return run_cli("draw", "commit", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", round_id,
                   "--ledger", tmp_path / "c.db", "--out", tmp_path / out, "--applicants", SAMPLES / "draw" / "applicants.json",
                   "--source-name", source, *extra)


def test_a_commit_while_another_rounds_commit_in_the_field_is_unrevealed_is_warned_of(tmp_path):
    """h103 #2 at draw time: two commits for one review under two round ids (the second with one more
    recusal, so its eligible list differs), then only the suitable one revealed; the second commit said
    nothing. It now names the open commit; a commit whose earlier one was revealed says nothing."""
    from checker.draw.record import now

    year = now()[:4]
    assert _commit(tmp_path, "2025-XCL-01", "c1.json", f"双色球 第{year}140期", "-q").exit_code == 0
    (tmp_path / "conf.csv").write_text("专家编号,原因\nZJ030,亲属关系\n", encoding="utf-8")
    second = _commit(tmp_path, "2025-XCL-07", "c2.json", f"大乐透 第{year[2:]}140期", "--conflicts", tmp_path / "conf.csv")
    assert second.exit_code == 0, second.output
    first_day = json.loads((tmp_path / "c1.json").read_text(encoding="utf-8"))["committed_at"][:10]
    warning = (f"本次承诺时，账本第 1 条承诺（轮次 2025-XCL-01，{first_day}）与本次领域重叠，尚未揭示：如本次与之是同一次评审，"
               "须揭示原承诺而不是另行承诺或抽取（原承诺的名单在其来源开奖后即可算出，只揭示合意的一次即失去两步抽取的意义）；"
               "如不是，请在评审记录中说明原承诺为何未揭示。审计和公平性分析会列出未揭示的承诺。")
    assert json.loads((tmp_path / "c2.json").read_text(encoding="utf-8"))["warnings"] == [warning]
    assert f"警告: {warning}" in second.output


def test_a_commit_after_the_fields_earlier_commit_was_revealed_is_not_warned_of(tmp_path):
    from checker.draw.record import now

    year = now()[:4]
    assert _commit(tmp_path, "2025-XCL-01", "c1.json", f"双色球 第{year}140期", "-q").exit_code == 0
    revealed = run_cli("draw", "reveal", tmp_path / "c1.json", "--ledger", tmp_path / "c.db", "--out", tmp_path / "r1.json",
                       "--random-source", "3 9 14 22 27 31 8", "-q")
    assert revealed.exit_code == 0, revealed.output
    assert _commit(tmp_path, "2025-XCL-02", "c2.json", f"双色球 第{year}150期", "-q").exit_code == 0
    assert json.loads((tmp_path / "c2.json").read_text(encoding="utf-8"))["warnings"] == []


@pytest.mark.parametrize("look_alike", ["2025-ХСL-Р1", "2025-XϹL-P1", "2025-ΧCL-Ρ1", "2025-XCL-P1 "])
def test_round_ids_written_with_look_alike_letters_compare_equal(look_alike):
    """h105: lunate sigma Ϲ (NFKC makes it Σ) was still a new round; Cyrillic and Greek capitals were caught."""
    from checker.core.text import same_round

    assert same_round("2025-XCL-P1", look_alike)
    assert not same_round("2025-XCL-P1", "2025-XCL-P2")


@pytest.mark.parametrize("field, value, shown", [
    ("工作单位", ["单位3", "哈尔滨工业大学（威海）"], "单位3、哈尔滨工业大学(威海)"),
    ("专家编号", ["E03", "E99"], "E03、E99"),
    ("状态", ["在库", "暂停"], "在库、暂停"),
])
def test_a_json_pool_with_a_list_where_one_value_belongs_is_refused_naming_the_row(tmp_path, field, value, shown):
    """h105: 专家编号 ["ZJ002","ZJ099"] became one drawable expert "ZJ002、ZJ099", and a 工作单位 list matched no
    applicant, so the same-unit recusal was never applied. Only 专业领域 is a list."""
    rows = [{"专家编号": f"E{n:02d}", "姓名": f"专家{n}", "工作单位": f"单位{n}", "专业领域": "新材料", "状态": "在库"} for n in range(12)]
    rows[3][field] = value
    (tmp_path / "pool.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("draw", "check", "--pool", tmp_path / "pool.json", "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, f"错误：专家库第 4 行的「{field}」是一组值（{shown}），应为一个值："
                                                    "只有专业领域可以列出多个（以、分隔）。一位专家有多个工作单位时，请分别登记在回避名单中。\n")
