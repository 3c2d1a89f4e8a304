"""`fundcheck draw …` end to end: RFC 3797 worked example, recusal, policy, commit/reveal,
substitution, verify, and bad input (exit 2, nothing appended)."""

import json
import os
import sqlite3
from pathlib import Path

import pytest

from checker.draw import record as draw_mod
from checker.draw.recusal import exclusion_inputs
from checker.draw.verify import verify_record
from tests.fixtures.draw.helpers import (FIXED_TIME, POOL_HEADERS, RFC_SOURCES, ledger_rows, load, rfc_pool, run,
                                   write_xlsx)

RFC_PANEL = ["017", "007", "002", "016", "025", "023", "008", "024", "019", "013"]
USCC_A = "91371000MA3C8NQN77"
USCC_B = "91371002MA3MXK8L1Q"
SECRET = "ab" * 32
# a draw without --applicants or --conflicts says so (review h88, tests/test_draw_h88.py)
NO_RECUSAL = ("未给出申报单位名单（--applicants）和回避名单（--conflicts），未做同单位回避和申报回避（只排除了本"
              "局工作人员）：与申报单位同一单位或有利害关系的专家仍可能被抽中；如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。")


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    """Fixed clock and local secret, so whole records can be compared."""
    monkeypatch.setattr(draw_mod, "now", lambda: FIXED_TIME)
    monkeypatch.setattr(draw_mod, "new_secret", lambda: SECRET)


def rfc_args(tmp_path, *extra):
    pool = rfc_pool(tmp_path / "rfc.xlsx")
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    return ["draw", "new", "--pool", pool, "--field", "新材料", "--size", "10", "--alternates", "1",
            "--round", "RFC-6", "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", *sources, *extra]


# ---------------------------------------------------------------- RFC 3797 §6 through the CLI


def test_rfc_worked_example_through_the_cli(tmp_path):
    result = run(*rfc_args(tmp_path))
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    head = record["ledger"]["head"]
    assert result.output == (
        "轮次 RFC-6  领域 新材料  可抽取 25 人\n"
        "正选（按抽取顺序）: 017 007 002 016 025 023 008 024 019 013\n"
        "候补（按顺序）: 022\n"
        "注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的；如需证明，请在开奖前用 draw commit 承诺，"
        "开奖后用 draw reveal 揭示。\n"
        "警告: 符合条件的专家 25 人，少于正选人数的 3 倍（30 人）：可选范围偏小。\n"
        f"警告: {NO_RECUSAL}\n"
        "注意：正选人数为 10 名；履职清单规定由局政工科“随机抽取7名专家”的流程，审计时将按 7 名核对。\n"
        f"账本第 1 条  头哈希 {head['hash']}\n"
        f"记录 {tmp_path / 'd.json'}  专家名单 {tmp_path / 'd.panel.xlsx'}\n")
    assert record["panel"] == [{"expert_id": expert_id} for expert_id in RFC_PANEL]
    assert record["alternates"] == [{"expert_id": "022"}]
    assert record["seed"] == {
        "kind": "public_sources", "publicly_verifiable": True,
        "sources": [{"name": "", "numbers": [9319]}, {"name": "", "numbers": [2, 5, 12, 8, 10]},
                    {"name": "", "numbers": [9, 18, 26, 34, 41, 45]}],
        "key": "9319./2.5.8.10.12./9.18.26.34.41.45./",
        "statement": "种子由抽取时输入的公开随机数来源号码按 RFC 3797 §4 生成，任何人可用公开号码复算抽取结果；"
                     "但本次为一步抽取，来源、号码与专家库、回避名单同时输入，本记录不能证明来源是在号码公布前、"
                     "回避名单确定后指定的（须先承诺、后揭示的两步抽取才能证明）。"}
    assert [step["md5"] for step in record["sequence"]][:3] == [
        "990DD0A5692A029A98B5E01AA28F3459", "3691E55CB63FCC37914430B2F70B5EC6",
        "FE814EDF564C190AC1D25753979990FA"]
    assert record["eligible"] == [f"{number:03d}" for number in range(1, 26)]
    assert record["algorithm"]["name"] == "rfc3797-md5/v1"
    assert (record["round_id"], record["fields"], record["panel_size"], record["operator"], record["drawn_at"]) == (
        "RFC-6", ["新材料"], 10, "政工科", FIXED_TIME)
    assert record["ledger"]["draw_entry"] == {"entry": 1, "hash": head["hash"], "at": FIXED_TIME}
    with sqlite3.connect(tmp_path / "l.db") as connection:
        stored = connection.execute("SELECT seq, entry_hash FROM ledger").fetchall()
    assert stored == [(head["entry"], head["hash"])]


def test_record_and_ledger_hold_no_names_or_phone_numbers(tmp_path):
    run(*rfc_args(tmp_path))
    record_text = (tmp_path / "d.json").read_text(encoding="utf-8")
    with sqlite3.connect(tmp_path / "l.db") as connection:
        ledger_text = "".join(text for (text,) in connection.execute("SELECT entry_json FROM ledger"))
    for text in (record_text, ledger_text):
        assert not any(name in text for name in ("Lee", "Doc", "Kasczynski", "Sloth"))
        assert "1380000" not in text


def _panel_table(path):
    """The panel file's table: from its header row down to the last numbered row."""
    from openpyxl import load_workbook

    rows = [list(row) for row in load_workbook(path).worksheets[0].iter_rows(values_only=True)]
    start = rows.index(["序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注"])
    table = [rows[start]]
    for row in rows[start + 1:]:
        if not isinstance(row[0], int):
            break
        table.append(row)
    return table


def test_panel_file_is_titled_confidential_and_signed(tmp_path):
    import re

    from openpyxl import load_workbook

    from checker.draw.panel import beijing_time_text

    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    sheet = load_workbook(tmp_path / "d.panel.xlsx").worksheets[0]
    rows = [[v for v in row if v is not None] for row in sheet.iter_rows(values_only=True)]
    head = record["ledger"]["head"]
    assert rows[:9] == [["评审专家抽取结果"], ["保密：评审结果公布前不得外传"], ["轮次", record["round_id"]],
                        ["专业领域", "新材料"], ["抽取时间", beijing_time_text(record["drawn_at"])], ["抽取科室", "政工科"],
                        ["正选 / 候补", "10 人 / 1 人"], ["抽取记录哈希", record["draw_sha256"]],
                        ["账本", f"第 {head['entry']} 条，头哈希 {head['hash']}"]]
    assert rows[-3:] == [["抽取人（政工科）：", "（签字）", "日期："], [], ["监督人（派驻纪检监察组）：", "（签字）", "日期："]]
    setup = sheet.page_setup
    # one page wide (fitToWidth left out means 1 in the file format), as many pages long as needed
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight, sheet.print_title_rows,
            sheet.sheet_properties.pageSetUpPr.fitToPage) == ("landscape", 9, 1, 0, "$11:$11", True)
    # characters per column (the file stores each width with the cell's padding, 0.71 of a character)
    widths = {column: dimension.width for dimension in sheet.column_dimensions.values()
              for column in range(dimension.min, dimension.max + 1)}
    assert [int(widths[column]) for column in range(1, 8)] == [6, 8, 12, 10, 36, 36, 22]
    assert (sheet.freeze_panes, sheet.oddFooter.center.text) == ("A12", "第 &P 页，共 &N 页")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d（北京时间）", beijing_time_text(record["drawn_at"]))
    assert sheet.oddHeader.right.text == "保密：评审结果公布前不得外传"


def test_panel_file_has_ids_and_names_but_no_phone(tmp_path):
    from openpyxl import load_workbook

    run(*rfc_args(tmp_path))
    rows = _panel_table(tmp_path / "d.panel.xlsx")
    assert rows[0] == ["序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注"]
    assert rows[1:4] == [[1, "正选", "017", "Lee", "单位17", "新材料", None],
                         [2, "正选", "007", "Doc", "单位07", "新材料", None],
                         [3, "正选", "002", "Mary", "单位02", "新材料", None]]
    assert rows[11] == [11, "候补", "022", "Sloth", "单位22", "新材料", None]
    assert len(rows) == 12


def test_csv_panel_file(tmp_path):
    run(*rfc_args(tmp_path, "--panel-out", tmp_path / "panel.csv"))
    lines = (tmp_path / "panel.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[:2] == ["序号,角色,专家编号,姓名,工作单位,专业领域,备注", "1,正选,017,Lee,单位17,新材料,"]


def test_verify_matches_and_names_differences(tmp_path):
    run(*rfc_args(tmp_path))
    record_path = tmp_path / "d.json"
    result = run("draw", "verify", record_path, "--pool", tmp_path / "rfc.xlsx", "--ledger", tmp_path / "l.db")
    head = load(record_path)["ledger"]["head"]["hash"]
    assert (result.exit_code, result.output) == (0, (
        "一致：正选 017 007 002 016 025 023 008 024 019 013（IETF RFC 3797 第 4 节的抽取方法（MD5））\n"
        "注意：抽取时的警告：符合条件的专家 25 人，少于正选人数的 3 倍（30 人）：可选范围偏小。\n"
        f"注意：抽取时的警告：{NO_RECUSAL}\n"
        f"注意：账本核对到记录所载头哈希 {head}；整条账本可被重写，须用 ledger verify --head 与事先交纪检监察组的头哈希核对。\n"
        "注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的。\n"))
    # a record alone (one made up afresh re-derives as well) says what it does not show
    result = run("draw", "verify", record_path)
    assert (result.exit_code, result.output) == (0, (
        "一致：正选 017 007 002 016 025 023 008 024 019 013（IETF RFC 3797 第 4 节的抽取方法（MD5））\n"
        "注意：抽取时的警告：符合条件的专家 25 人，少于正选人数的 3 倍（30 人）：可选范围偏小。\n"
        f"注意：抽取时的警告：{NO_RECUSAL}\n"
        "注意：未给出 --pool：未核对专家库文件是否为抽取时的那一份。\n"
        "注意：未给出 --ledger：只证明记录自身可以复算，不能证明它是账本记载的那次抽取（整份记录可以重新生成），"
        "也不能发现此后的重新抽取。\n"
        "注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的。\n"))

    record = load(record_path)
    record["panel"][1] = {"expert_id": "003"}
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", forged)
    assert (result.exit_code, result.output) == (
        1, "不一致：正选名单（panel）第 2 项不一致：记录为 003，复算为 007。\n")


def test_a_pool_changed_after_the_draw_fails_verify(tmp_path):
    run(*rfc_args(tmp_path))
    original = load(tmp_path / "d.json")["pool"]["sha256"]
    rows = [(f"{n:03d}", "X" if n == 5 else "N", f"单位{n:02d}", "新材料", "在库") for n in range(1, 26)]
    changed = write_xlsx(tmp_path / "changed.xlsx", POOL_HEADERS[:5], rows)
    from checker.draw.pool import read_pool

    result = run("draw", "verify", tmp_path / "d.json", "--pool", changed)
    assert (result.exit_code, result.output) == (1, (
        f"不一致：专家库文件的 SHA-256 与记录不符（记录 {original}，文件 {read_pool(changed).sha256}）："
        "专家库在抽取后被改动或不是同一份。本领域在库专家（编号、工作单位、信用代码、是否本局工作人员）与记录一致："
        "改动在其他领域的专家、其他列或工作簿的其他部分。\n"))  # expert 005's 姓名 changed: a column the record does not keep


@pytest.mark.parametrize("edit, message", [
    (lambda r: r["eligible"].remove("017"), "可抽取名单（eligible）第 17 项不一致：记录为 018，复算为 017。"),
    (lambda r: r["seed"]["sources"][1]["numbers"].append(99),
     "种子密钥串不一致：记录为 9319./2.5.8.10.12./9.18.26.34.41.45./，由来源复算为 9319./2.5.8.10.12.99./9.18.26.34.41.45./。"),
    (lambda r: r["exclusion_inputs"]["staff"].append("017"),
     "回避排除（exclusions）项数不一致：记录 0 项，复算 1 项。"),
    (lambda r: r.update(round_id="OTHER"), "记录所载的抽取记录哈希与记录内容不符：记录在抽取后被改动。"),
    (lambda r: r.update(kind="other"), "该文件不是抽取记录（draw.json）。"),
])
def test_verify_names_the_first_difference(tmp_path, edit, message):
    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    edit(record)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", forged)
    assert (result.exit_code, result.output) == (1, f"不一致：{message}\n")


def test_verify_of_a_commit_record_is_a_usage_error_naming_the_right_command(tmp_path):
    assert run(*commit_args(tmp_path)).exit_code == 0
    record = tmp_path / "c.json"
    result = run("draw", "verify", record)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：「{record}」是承诺记录，不是抽取记录：请在开奖后用 draw reveal 揭示，再用 draw verify 核对揭示得到的抽取记录。\n"))


def test_verify_with_ledger_catches_a_truncated_ledger(tmp_path):
    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    connection = sqlite3.connect(tmp_path / "l.db")
    connection.execute("DROP TRIGGER ledger_no_delete")
    connection.execute("DELETE FROM ledger")
    connection.commit()
    result = run("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (1, (
        f"不一致：账本中找不到记录所载的抽取条目（第 1 条，哈希 {record['ledger']['head']['hash']}）。\n"))


# ---------------------------------------------------------------- recusal


def recusal_case(tmp_path):
    rows = [(f"E{n:02d}", f"专家{n}", f"单位{n}", "新材料", "在库", "", "否", "13900000000") for n in range(1, 31)]
    rows[2] = ("E03", "专家3", "威海 华材新材料（有限）公司", "新材料", "在库", "", "否", "")
    rows[4] = ("E05", "专家5", "威海精工", "新材料、智能制造", "在库", USCC_B, "否", "")
    rows[6] = ("E07", "专家7", "市工信局", "新材料", "在库", "", "是", "")
    rows[12] = ("E13", "专家13", "单位13", "新材料", "暂停", "", "否", "")
    rows[13] = ("E14", "专家14", "单位14", "新材料", "退出", "", "否", "")
    rows[14] = ("E15", "专家15", "单位15", "智能制造", "在库", "", "否", "")
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    applicants = write_xlsx(tmp_path / "applicants.xlsx", ["申报编号", "企业名称", "统一社会信用代码"],
                            [("WH-1", "威海华材新材料(有限)公司", USCC_A), ("WH-2", "威海精工科技有限公司", USCC_B)])
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("专家编号,申报单位,回避原因\nE11,威海精工科技有限公司,近三年曾任该公司技术顾问\n", encoding="utf-8")
    staff = tmp_path / "staff.txt"
    staff.write_text("E09\n", encoding="utf-8")
    return ["draw", "new", "--pool", pool, "--field", "新材料", "--round", "2025-XCL-01",
            "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--applicants", applicants,
            "--conflicts", conflicts, "--staff", staff, "--random-source", "3 9 14 22 27 31 8"]


def test_each_exclusion_is_recorded_with_its_reason_and_never_picked(tmp_path):
    result = run(*recusal_case(tmp_path))
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    assert record["exclusions"] == [
        {"expert_id": "E03", "reasons": [{"rule": "same_employer",
                                          "detail": "工作单位「威海 华材新材料(有限)公司」即申报单位（申报编号 WH-1）"}]},
        {"expert_id": "E05", "reasons": [{"rule": "same_employer", "detail":
                                          f"工作单位统一社会信用代码 {USCC_B} 与申报单位「威海精工科技有限公司」（申报编号 WH-2）相同"}]},
        {"expert_id": "E07", "reasons": [{"rule": "bureau_staff", "detail": "本局工作人员（专家库「是否本局工作人员」为 是）"}]},
        {"expert_id": "E09", "reasons": [{"rule": "bureau_staff", "detail": "本局工作人员（--staff 名单）"}]},
        {"expert_id": "E11", "reasons": [{"rule": "declared_conflict",
                                          "detail": "申报回避（威海精工科技有限公司）：近三年曾任该公司技术顾问"}]},
    ]
    expected_eligible = [f"E{n:02d}" for n in range(1, 31) if n not in (3, 5, 7, 9, 11, 13, 14, 15)]
    assert record["eligible"] == expected_eligible
    assert record["exclusion_inputs"] == {
        "applicants": [{"applicant_id": "WH-1", "name": "威海华材新材料(有限)公司", "uscc": USCC_A},
                       {"applicant_id": "WH-2", "name": "威海精工科技有限公司", "uscc": USCC_B}],
        "conflicts": [{"expert_id": "E11", "applicant": "威海精工科技有限公司", "reason": "近三年曾任该公司技术顾问"}],
        "staff": ["E09"]}
    assert record["warnings"] == []
    picked = [item["expert_id"] for item in record["panel"] + record["alternates"]]
    assert picked == [step["expert_id"] for step in record["sequence"]]
    assert not set(picked) & {"E03", "E05", "E07", "E09", "E11", "E13", "E14", "E15"}
    assert run("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "pool.xlsx").exit_code == 0
    (entry,) = [data for _, data in ledger_rows(tmp_path / "l.db")]
    assert entry["excluded"] == [{"expert_id": "E03", "rules": ["same_employer"]},
                                 {"expert_id": "E05", "rules": ["same_employer"]},
                                 {"expert_id": "E07", "rules": ["bureau_staff"]},
                                 {"expert_id": "E09", "rules": ["bureau_staff"]},
                                 {"expert_id": "E11", "rules": ["declared_conflict"]}]


@pytest.mark.parametrize("written", ["e11", "E 11", "Ｅ１１"])
def test_a_recusal_naming_an_expert_in_another_case_or_width_still_excludes_him(tmp_path, written):
    args = recusal_case(tmp_path)
    (tmp_path / "conflicts.csv").write_text(f"专家编号,申报单位,回避原因\n{written},威海精工科技有限公司,配偶在该公司任职\n",
                                            encoding="utf-8")
    (tmp_path / "staff.txt").write_text("e09\n", encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    assert [item for item in record["exclusions"] if item["expert_id"] in ("E09", "E11")] == [
        {"expert_id": "E09", "reasons": [{"rule": "bureau_staff", "detail": "本局工作人员（--staff 名单）"}]},
        {"expert_id": "E11", "reasons": [{"rule": "declared_conflict",
                                          "detail": "申报回避（威海精工科技有限公司）：配偶在该公司任职"}]}]
    assert record["warnings"] == []
    assert run("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "pool.xlsx").exit_code == 0


def test_a_record_whose_variant_recusal_was_left_unapplied_fails_verify(tmp_path):
    args = recusal_case(tmp_path)
    (tmp_path / "conflicts.csv").write_text("专家编号,申报单位,回避原因\ne11,威海精工科技有限公司,配偶在该公司任职\n",
                                            encoding="utf-8")
    assert run(*args).exit_code == 0
    record = load(tmp_path / "d.json")
    record["exclusions"] = [item for item in record["exclusions"] if item["expert_id"] != "E11"]  # as drawn before the fix
    (tmp_path / "old.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "old.json")
    assert (result.exit_code, result.output) == (
        1, "不一致：回避排除（exclusions）项数不一致：记录 4 项，复算 5 项。\n")


def test_verify_repeats_the_draws_warning_that_a_recusal_named_nobody(tmp_path):
    # draws since h36 refuse such a recusal; a record drawn before still says it, and verify repeats it
    args = recusal_case(tmp_path)
    assert run(*args).exit_code == 0
    record = load(tmp_path / "d.json")
    record["warnings"].append("回避名单或本局工作人员名单中的专家编号 专家11 不在专家库中：这些回避未生效，请核对编号（大小写、位数）。")
    (tmp_path / "d.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")  # warnings: not in the draw hash
    result = run("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "pool.xlsx")
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == (
        "注意：抽取时的警告：回避名单或本局工作人员名单中的专家编号 专家11 不在专家库中：这些回避未生效，请核对编号（大小写、位数）。")


def test_a_changed_staff_flag_in_the_pool_fails_verify_even_though_the_hash_holds(tmp_path):
    run(*recusal_case(tmp_path))
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "pool.xlsx")
    workbook.active["G8"] = "否"  # E07 no longer marked as staff; not part of the canonical form
    workbook.save(tmp_path / "pool2.xlsx")
    result = run("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "pool2.xlsx")
    assert (result.exit_code, result.output) == (
        1, "不一致：本领域在库专家（candidates）第 7 项不一致：记录为 E07（工作单位 市工信局，信用代码 无，"
           "本局工作人员 是），复算为 E07（工作单位 市工信局，信用代码 无，本局工作人员 否）。\n")


# ---------------------------------------------------------------- policy


def test_second_draw_needs_a_redraw_reason(tmp_path):
    run(*rfc_args(tmp_path))
    again = rfc_args(tmp_path)
    again[again.index("--out") + 1] = tmp_path / "d2.json"
    result = run(*again)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：轮次「RFC-6」领域「新材料」已在账本第 1 条抽取过；再次抽取属于重新抽取，须用 --redraw-reason 说明原因。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 1 and not (tmp_path / "d2.json").exists()
    same_numbers = run(*again, "--redraw-reason", "评审会改期，原名单专家多人无法到会")
    assert (same_numbers.exit_code, same_numbers.stderr) == (2, (
        "错误：本次随机数与账本第 1 条的抽取相同，会得到同一名单：重新抽取须使用新的公开随机数。\n"))
    again[again.index("--random-source") + 1] = "1 2 3"
    result = run(*again, "--redraw-reason", "评审会改期，原名单专家多人无法到会")
    assert result.exit_code == 0
    assert "重新抽取：本轮次该领域此前已在账本第 1 条（抽取）抽取过；原因：评审会改期，原名单专家多人无法到会" in result.output
    record = load(tmp_path / "d2.json")
    first_hash = load(tmp_path / "d.json")["ledger"]["head"]["hash"]
    assert record["redraw"] == {"reason": "评审会改期，原名单专家多人无法到会",
                                "previous": [{"entry": 1, "hash": first_hash, "type": "draw"}]}
    assert [data["type"] for _, data in ledger_rows(tmp_path / "l.db")] == ["draw", "redraw"]


def two_field_pool(tmp_path):
    rows = [(f"E{n:02d}", f"专家{n}", f"单位{n}", "新材料、智能制造" if n % 2 else "新材料", "在库", "", "否", "")
            for n in range(1, 31)]
    return write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)


def test_a_second_draw_of_a_round_adding_a_field_is_a_redraw_and_replaces_the_first(tmp_path):
    # one draw per round and field: adding 智能制造 to 新材料 draws 新材料's experts again
    pool = two_field_pool(tmp_path)
    base = ["draw", "new", "--pool", pool, "--field", "新材料", "--round", "R-2", "--ledger", tmp_path / "l.db"]
    assert run(*base, "--out", tmp_path / "d1.json", "--random-source", "3 9 14 22 27 31 8").exit_code == 0
    wider = [*base, "--field", "智能制造", "--out", tmp_path / "d2.json", "--random-source", "1 2 3 4 5 6 7"]
    result = run(*wider)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：轮次「R-2」领域「新材料」（与本次领域「新材料、智能制造」重叠）已在账本第 1 条抽取过；"
        "再次抽取属于重新抽取，须用 --redraw-reason 说明原因。\n"))
    assert run(*wider, "--redraw-reason", "项目领域调整").exit_code == 0
    assert [data["type"] for _, data in ledger_rows(tmp_path / "l.db")] == ["draw", "redraw"]
    result = run("draw", "verify", tmp_path / "d1.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (
        1, "不一致：账本第 2 条（重新抽取）已重新抽取本轮次该领域：本记录已被取代，不是现行的抽取结果。\n")


def test_two_commits_of_a_round_with_overlapping_fields_cannot_both_be_revealable(tmp_path):
    # else commit 新材料 naming one lottery and 新材料+智能制造 naming another, and reveal the panel wanted
    pool = two_field_pool(tmp_path)
    base = ["draw", "commit", "--pool", pool, "--field", "新材料", "--round", "R-3", "--ledger", tmp_path / "l.db"]
    assert run(*base, "--out", tmp_path / "c1.json", "--source-name", "双色球 第2025060期").exit_code == 0
    wider = [*base, "--field", "智能制造", "--out", tmp_path / "c2.json", "--source-name", "大乐透 第25060期"]
    result = run(*wider)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：轮次「R-3」领域「新材料」（与本次领域「新材料、智能制造」重叠）已在账本第 1 条抽取过；"
        "再次抽取属于重新抽取，须用 --redraw-reason 说明原因。\n"))
    assert run(*wider, "--redraw-reason", "项目领域调整").exit_code == 0
    result = run("draw", "reveal", tmp_path / "c1.json", "--ledger", tmp_path / "l.db", "--out", tmp_path / "r1.json",
                 "--random-source", "3 9 14 22 27 31 8")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：本轮次该领域在该承诺之后已在账本第 2 条重新承诺或抽取（承诺）：该承诺已被取代，不能揭示。\n"))


def test_a_draw_dated_before_the_ledgers_last_entry_is_refused(tmp_path, monkeypatch):
    # the clock set back: a redraw made after the review would be dated before it (DRAW-RANDOM
    # compares the entry's time with the 专家评审 date)
    assert run(*rfc_args(tmp_path)).exit_code == 0
    monkeypatch.setattr(draw_mod, "now", lambda: "2025-06-05T16:00:00+08:00")
    again = rfc_args(tmp_path, "--redraw-reason", "评审会改期")
    again[again.index("--out") + 1] = tmp_path / "d2.json"
    again[again.index("--random-source") + 1] = "1 2 3"
    result = run(*again)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：本机时间 2025-06-05T16:00:00+08:00 早于账本第 1 条的时间 {FIXED_TIME}：电脑时钟可能被调回过，"
        "账本条目须按时间先后追加；请校准时钟后重试。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 1 and not (tmp_path / "d2.json").exists()


def test_local_seed_is_said_plainly_and_is_reproducible(tmp_path):
    args = [a for a in rfc_args(tmp_path) if a not in RFC_SOURCES and a != "--random-source"]
    result = run(*args)
    assert "注意：本次为本机秘密值种子，不可公开验证。\n" in result.output  # no English (locally seeded) for the office
    record = load(tmp_path / "d.json")
    assert record["seed"] == {"kind": "local_secret", "publicly_verifiable": False, "secret": SECRET,
                              "key": f"{int(SECRET, 16)}./", "statement": (
                                  "本次抽取未使用公开随机数来源，以本机生成的 256 位随机秘密值为种子，秘密值已写入本记录："
                                  "任何人可复算本记录，但无法证明秘密值是在抽取前未被挑选的，因此不可公开验证。")}
    # Computed independently with hashlib from the key "<secret as decimal>./".
    assert [item["expert_id"] for item in record["panel"]] == ["019", "018", "008", "005", "021", "016", "006",
                                                              "004", "017", "007"]
    assert record["alternates"] == [{"expert_id": "020"}]
    assert run("draw", "verify", tmp_path / "d.json").exit_code == 0


# ---------------------------------------------------------------- bad input: exit 2, nothing appended


def small_pool(tmp_path, count=5):
    rows = [(f"E{n}", f"专家{n}", f"单位{n}", "新材料", "在库") for n in range(1, count + 1)]
    return write_xlsx(tmp_path / "small.xlsx", POOL_HEADERS[:5], rows)


@pytest.mark.parametrize("change, message", [
    (lambda t, a: a.__setitem__(a.index("--size") + 1, "30"),
     "符合条件的专家只有 25 人，少于正选 30 人与候补 1 人之和 31 人，无法抽取。"),
    (lambda t, a: a.__setitem__(a.index("--field") + 1, "量子计算"),
     "专业领域「量子计算」在专家库中不存在（库中领域：新材料）。"),
    (lambda t, a: a.__setitem__(a.index("--random-source") + 1, "93x19"),
     "随机数来源「93x19」格式不正确：应为以空格或逗号分隔的非负整数，如 \"9 18 26 34 41 45\"。"),
    (lambda t, a: a.__setitem__(a.index("--pool") + 1, t / "missing.xlsx"),
     "专家库「{t}/missing.xlsx」不存在或不是文件。"),
    (lambda t, a: a.extend(["--conflicts", t / "rfc.xlsx"]),
     "回避名单「{t}/rfc.xlsx」缺少必需的列：回避原因。"),
    (lambda t, a: a.extend(["--source-name", "一", "--source-name", "二"]),
     "来源名称有 2 个，随机数来源有 3 个：两者须一一对应。"),
    (lambda t, a: a.__setitem__(a.index("--out") + 1, t / "no" / "d.json"),
     "输出目录「{t}/no」不存在。"),
])
def test_bad_input_exits_2_with_one_sentence_and_appends_nothing(tmp_path, change, message):
    run(*rfc_args(tmp_path))  # one good entry first
    args = rfc_args(tmp_path, "--redraw-reason", "测试", "--force")
    change(tmp_path, args)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, f"错误：{message.format(t=tmp_path)}\n")
    assert [seq for seq, _ in ledger_rows(tmp_path / "l.db")] == [1]


def test_duplicate_ids_exit_2_and_no_ledger_is_written(tmp_path):
    rows = [("E1", "甲", "单位", "新材料", "在库"), ("E1", "乙", "单位", "新材料", "在库")]
    pool = write_xlsx(tmp_path / "dup.xlsx", POOL_HEADERS[:5], rows)
    result = run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "d.json")
    assert (result.exit_code, result.stderr) == (2, "错误：专家库中专家编号「E1」重复（第 2 行和第 3 行）。\n")
    assert not (tmp_path / "l.db").exists()


@pytest.mark.parametrize("second, shown", [
    ("E1\u200b", "「E1」与「E1\\u200B」（仅大小写、空格、不可见字符或形近字母不同）"),
    ("E 1", "「E1」与「E 1」（仅大小写、空格、不可见字符或形近字母不同）")])
def test_an_id_repeated_with_a_space_or_an_invisible_character_is_a_duplicate(tmp_path, second, shown):
    # "E1" with a zero-width space prints as E1: the same expert entered twice, drawn with twice the chance
    rows = [("E1", "甲", "单位", "新材料", "在库"), (second, "甲", "单位", "新材料", "在库")]
    pool = write_xlsx(tmp_path / "dup.xlsx", POOL_HEADERS[:5], rows)
    result = run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "d.json")
    assert (result.exit_code, result.stderr) == (2, f"错误：专家库中专家编号{shown}重复（第 2 行和第 3 行）。\n")
    assert not (tmp_path / "l.db").exists()


def test_unreadable_pool_exits_2(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    result = run("draw", "new", "--pool", broken, "--field", "新材料", "--round", "R", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "d.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"错误：无法读取专家库「{broken}」：")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# ---------------------------------------------------------------- commit and reveal


def commit_args(tmp_path):
    pool = rfc_pool(tmp_path / "rfc.xlsx")
    return ["draw", "commit", "--pool", pool, "--field", "新材料", "--size", "10", "--alternates", "1",
            "--round", "RFC-6", "--ledger", tmp_path / "l.db", "--out", tmp_path / "c.json",
            "--source-name", "来源一 第9319期", "--source-name", "来源二 第2期", "--source-name", "来源三 2025-06-06"]


def reveal_args(tmp_path, out="r.json"):
    sources = [item for source in RFC_SOURCES for item in ("--random-source", source)]
    return ["draw", "reveal", tmp_path / "c.json", "--ledger", tmp_path / "l.db", "--pool", tmp_path / "rfc.xlsx",
            "--out", tmp_path / out, *sources]


def test_commit_then_reveal_gives_the_rfc_panel_and_shows_the_commit_came_first(tmp_path, monkeypatch):
    assert run(*commit_args(tmp_path)).exit_code == 0
    commit = load(tmp_path / "c.json")
    assert commit["sources"] == ["来源一 第9319期", "来源二 第2期", "来源三 2025-06-06"]
    monkeypatch.setattr(draw_mod, "now", lambda: "2025-06-07T09:00:00+08:00")
    result = run(*reveal_args(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == f"承诺在账本第 1 条（{FIXED_TIME}），揭示在第 2 条。"
    record = load(tmp_path / "r.json")
    assert [item["expert_id"] for item in record["panel"]] == RFC_PANEL
    assert record["seed"]["statement"] == "种子由事先指定的公开随机数来源按 RFC 3797 §4 生成，任何人可用公开号码复算，可公开验证。"
    assert "一步抽取" not in result.output
    assert record["commit"] == {"entry": 1, "hash": commit["ledger"]["commit_entry"]["hash"], "at": FIXED_TIME,
                                "commit_sha256": commit["commit_sha256"], "sources": commit["sources"]}
    assert record["ledger"]["commit_entry"]["entry"] == 1
    assert record["ledger"]["draw_entry"] == {"entry": 2, "hash": record["ledger"]["head"]["hash"],
                                              "at": "2025-06-07T09:00:00+08:00"}
    assert [data["type"] for _, data in ledger_rows(tmp_path / "l.db")] == ["commit", "reveal"]
    result = run("draw", "verify", tmp_path / "r.json", "--pool", tmp_path / "rfc.xlsx", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 0, result.output


def test_a_commit_naming_a_source_already_drawn_is_refused(tmp_path):
    # its numbers were public: the pool and recusals could be tuned to them before committing
    args = commit_args(tmp_path)
    args[-1] = "来源三 2025年5月27日"
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：随机数来源「来源三 2025年5月27日」的日期 2025-05-27 早于承诺日期 2025-06-06：其号码在承诺前已经公布，"
        "承诺不能证明种子在确定专家库和回避名单时未知。请指定承诺之后开奖的来源。\n"))
    assert not (tmp_path / "l.db").exists() and not (tmp_path / "c.json").exists()


@pytest.mark.parametrize("source, written", [
    ("来源三 20250527", "20250527"), ("来源三 5月27日", "5月27日（未写年份，按 2025 年读）"), ("来源三 25年5月27日", "25年5月27日"),
    ("来源三 2025年5月", "2025年5月"), ("来源三 5/27/2025", "5/27/2025"), ("来源三 2025\u201105\u201127", "2025-05-27"),
    ("来源三 2025 年 5 月 27 日", "2025-05-27"),  # h105: the spaces a word processor puts around digits
    ("来源三 二〇二五年五月二十七日", "2025-05-27"), ("来源三 五月二十七日开奖", "5月27日（未写年份，按 2025 年读）"),  # an announcement's numerals
    ("来源三 5-27开奖", "5-27（未写年份，按 2025 年读）"), ("来源三 05/27", "05/27（未写年份，按 2025 年读）"),  # a month and day with a dash
])
def test_a_commit_naming_a_drawn_source_in_another_date_form_is_refused(tmp_path, source, written):
    """h103: only 2025-05-27, 2025/5/27, 2025.5.27 and 2025年5月27日 were read; a compact date, a date
    without its year, a two-digit year, a month, an American date or non-ASCII hyphens let a commit
    name a lottery already drawn."""
    args = commit_args(tmp_path)
    args[-1] = source
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：随机数来源「{source.replace(chr(0x2011), chr(0x2010))}」的日期 {written} 早于承诺日期 2025-06-06：其号码在承诺前已经公布，"
        "承诺不能证明种子在确定专家库和回避名单时未知。请指定承诺之后开奖的来源。\n"))
    assert not (tmp_path / "l.db").exists()


@pytest.mark.parametrize("source", ["来源三 二〇二五年六月二十日", "来源三 第二〇二五〇七〇期", "来源三 六月二十日开奖",
                                    "来源三 6-20开奖", "来源三 第5-27期"])  # an issue written 5-27 is no date
def test_a_commit_naming_a_coming_draw_in_chinese_numerals_is_taken(tmp_path, source):
    """A source named as the lottery's announcement writes it (二〇二五年六月二十日, 第二〇二五〇七〇期) was refused
    as naming no issue or date (no digit in it), though it names one as exactly as 2025-06-20 does."""
    args = commit_args(tmp_path)
    args[-1] = source
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["sources"][-1] == source


@pytest.mark.parametrize("source", ["来源三 第2026001期 1月3日开奖", "来源三 1月3日开奖"])
def test_a_december_commit_naming_a_january_day_without_its_year_reads_it_as_next_january(tmp_path, monkeypatch, source):
    """h105: a commit of 2025-12-28 naming 1月3日 was refused as 2025-01-03; the issue number's year, or
    else the next year for a day more than half a year back, is the year meant."""
    monkeypatch.setattr(draw_mod, "now", lambda: "2025-12-28T09:00:00+08:00")
    args = commit_args(tmp_path)
    args[-1] = source
    result = run(*args)
    assert result.exit_code == 0, result.stderr


def test_a_commit_naming_an_issue_of_a_past_year_is_warned_of_and_the_warning_kept(tmp_path):
    """第2024060期 on a 2025 commit: by the common numbering (year + issue) it was drawn in 2024. The
    year is read from the numbering, not stated, so the commit is warned (printed, in the record and
    hashed into its ledger entry), not refused; a later date in the year (6月20日) is no warning."""
    args = commit_args(tmp_path)
    args[-1] = "来源三 第2024060期"
    args += ["--source-name", "来源四 6月20日"]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    warning = ("随机数来源「来源三 第2024060期」的期号 2024060期 按常见编号属 2024 年，早于承诺日期 2025-06-06："
               "该期可能已经开奖，须核实其开奖时间晚于本次承诺，否则承诺不能证明种子事先未知。")
    assert load(tmp_path / "c.json")["warnings"][-1] == warning  # after the pool's and recusal's own
    assert [w for w in load(tmp_path / "c.json")["warnings"] if "期号" in w or "早于" in w] == [warning]
    assert warning in result.output + result.stderr


def test_a_reveal_before_its_source_is_drawn_is_refused(tmp_path):
    # numbers typed before the lottery are not the lottery's: the operator chose them
    args = commit_args(tmp_path)
    args[-1] = "来源三 2025/06/20"
    assert run(*args).exit_code == 0
    result = run(*reveal_args(tmp_path))
    assert (result.exit_code, result.stderr) == (2, (
        "错误：承诺指定的随机数来源「来源三 2025/06/20」的日期 2025-06-20 晚于今天 2025-06-06：该来源尚未开奖，"
        "所给号码不可能是它的号码。请在开奖后再抽取。\n"))
    assert [data["type"] for _, data in ledger_rows(tmp_path / "l.db")] == ["commit"]


def test_a_one_step_draw_naming_a_source_not_yet_drawn_is_refused(tmp_path):
    result = run(*rfc_args(tmp_path, "--source-name", "来源一", "--source-name", "来源二",
                           "--source-name", "双色球 2025-07-01"))
    assert (result.exit_code, result.stderr) == (2, (
        "错误：随机数来源「双色球 2025-07-01」的日期 2025-07-01 晚于今天 2025-06-06：该来源尚未开奖，"
        "所给号码不可能是它的号码。请在开奖后再抽取。\n"))
    assert not (tmp_path / "l.db").exists()


def test_a_commit_with_a_blank_source_name_names_the_option_to_use(tmp_path):
    args = commit_args(tmp_path)
    args = args[:args.index("--source-name")] + ["--source-name", " "]
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：两步抽取须用 --source-name 事先指定至少一个未来的公开随机数来源（如 彩票名称、期号、开奖日期）。\n"))


def test_a_commit_naming_a_lottery_but_no_draw_of_it_is_refused(tmp_path):
    # "来源二" alone: at the reveal any later draw's numbers could be typed, and the one that suits chosen
    args = commit_args(tmp_path)
    args[args.index("来源二 第2期")] = "来源二"
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：随机数来源「来源二」没有写明期号或开奖日期：揭示时可以任选一期的号码，承诺不能证明种子事先未定。"
        "请写明是哪一期，如“双色球 第2025060期”。\n"))
    assert not (tmp_path / "l.db").exists()


def test_reveal_twice_is_refused(tmp_path):
    run(*commit_args(tmp_path))
    run(*reveal_args(tmp_path))
    result = run(*reveal_args(tmp_path, "again.json"))
    assert (result.exit_code, result.stderr) == (2, "错误：该承诺已在账本第 2 条揭示过，不能再次揭示。\n")
    assert len(ledger_rows(tmp_path / "l.db")) == 2


def test_reveal_without_its_commit_in_the_ledger_is_refused(tmp_path):
    run(*commit_args(tmp_path))
    (tmp_path / "l.db").unlink()
    run(*rfc_args(tmp_path, "--round", "OTHER"))  # a ledger with an unrelated first entry
    result = run(*reveal_args(tmp_path))
    assert (result.exit_code, result.stderr) == (2, (
        "错误：账本中没有与该承诺记录相符的承诺条目（第 1 条）：不能揭示未承诺的抽取。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 1


def test_reveal_with_a_tampered_commit_record_or_changed_pool_is_refused(tmp_path):
    run(*commit_args(tmp_path))
    commit = load(tmp_path / "c.json")
    commit["eligible"].remove("017")
    (tmp_path / "c.json").write_text(json.dumps(commit, ensure_ascii=False), encoding="utf-8")
    result = run(*reveal_args(tmp_path))
    assert (result.exit_code, result.stderr) == (2, "错误：承诺记录的内容与其 commit_sha256 不符：承诺记录已被改动。\n")
    assert len(ledger_rows(tmp_path / "l.db")) == 1


def test_reveal_with_wrong_number_of_sources(tmp_path):
    run(*commit_args(tmp_path))
    args = reveal_args(tmp_path)[:-2]
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：承诺时指定了 3 个随机数来源，但 --random-source 给出了 2 个：须按承诺顺序逐一给出。\n"))


# ---------------------------------------------------------------- substitution


def test_substitute_takes_the_next_alternate_then_refuses_when_used_up(tmp_path):
    args = rfc_args(tmp_path)
    args[args.index("--alternates") + 1] = "2"
    run(*args)
    record_path = tmp_path / "d.json"
    result = run("draw", "substitute", record_path, "--expert", "007", "--reason", "本人谢绝（时间冲突）",
                 "--pool", tmp_path / "rfc.xlsx")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0] == "第 2 位 007 由候补 022 顶替（原因：本人谢绝（时间冲突））。"
    result = run("draw", "substitute", record_path, "--expert", "024", "--reason", "发现与申报单位有回避情形")
    assert result.output.splitlines()[0] == "第 8 位 024 由候补 005 顶替（原因：发现与申报单位有回避情形）。"
    record = load(record_path)
    assert draw_mod.current_panel(record) == (
        ["017", "022", "002", "016", "025", "023", "008", "005", "019", "013"], [])
    assert [(s["replaced"], s["by"], s["position"], s["ledger"]["entry"]) for s in record["substitutions"]] == [
        ("007", "022", 2, 2), ("024", "005", 8, 3)]
    assert record["ledger"]["head"] == {"entry": 3, "hash": record["substitutions"][1]["ledger"]["hash"]}
    entries = [data for _, data in ledger_rows(tmp_path / "l.db")]
    assert [(e["type"], e.get("replaced"), e.get("by")) for e in entries] == [
        ("draw", None, None), ("substitute", "007", "022"), ("substitute", "024", "005")]
    result = run("draw", "substitute", record_path, "--expert", "017", "--reason", "谢绝")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：候补专家已全部用完：补抽属于重新抽取，须用 draw new --redraw-reason 说明原因。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 3
    assert run("draw", "verify", record_path, "--ledger", tmp_path / "l.db").exit_code == 0


def test_panel_file_after_substitution(tmp_path):
    from openpyxl import load_workbook

    run(*rfc_args(tmp_path))
    run("draw", "substitute", tmp_path / "d.json", "--expert", "007", "--reason", "谢绝", "--pool", tmp_path / "rfc.xlsx")
    rows = _panel_table(tmp_path / "d.panel.xlsx")
    assert rows[2] == [2, "正选", "022", "Sloth", "单位22", "新材料", "顶替 007"]
    assert rows[11] == [11, "已替换", "007", "Doc", "单位07", "新材料", "谢绝"]


def test_a_forged_substitution_fails_verify(tmp_path):
    run(*rfc_args(tmp_path, "--alternates", "2"))
    run("draw", "substitute", tmp_path / "d.json", "--expert", "007", "--reason", "谢绝")
    record = load(tmp_path / "d.json")
    record["substitutions"][0]["by"] = "005"
    (tmp_path / "d.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "d.json")
    assert (result.exit_code, result.output) == (
        1, "不一致：第 1 次替换应由下一位未用候补 022 顶替，记录为 005。\n")


def test_changing_who_was_replaced_fails_verify_against_the_ledger(tmp_path):
    run(*rfc_args(tmp_path, "--alternates", "2"))
    run("draw", "substitute", tmp_path / "d.json", "--expert", "007", "--reason", "谢绝")
    record = load(tmp_path / "d.json")
    record["substitutions"][0].update(replaced="002", position=3)
    (tmp_path / "d.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (
        1, "不一致：账本第 2 条（替换）的被替换专家与记录不符：账本为“007”，记录为“002”。\n")


def test_a_substitution_reason_edited_in_the_ledger_is_blamed_on_the_ledger_in_chinese(tmp_path):
    # An entry edited in the ledger (triggers dropped, hash left as it was): the message says the
    # ledger was changed, not that the record disagrees on an English field name.
    import sqlite3

    run(*rfc_args(tmp_path, "--alternates", "2"))
    run("draw", "substitute", tmp_path / "d.json", "--expert", "007", "--reason", "谢绝")
    connection = sqlite3.connect(tmp_path / "l.db")
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f"DROP TRIGGER {name}")
    connection.execute("UPDATE ledger SET entry_json = replace(entry_json, '谢绝', '同意') WHERE seq = 2")
    connection.commit()
    connection.close()
    result = run("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (
        1, "不一致：账本已被改动：第 2 条的内容与其哈希不符：条目内容或哈希被改动。\n")


def test_hiding_a_redraw_or_changing_the_operator_fails_verify_against_the_ledger(tmp_path):
    run(*rfc_args(tmp_path))
    redraw = rfc_args(tmp_path, "--redraw-reason", "首次抽取专家库版本有误", "--force")
    redraw[redraw.index("--random-source") + 1] = "1 2 3"
    assert run(*redraw).exit_code == 0
    record = load(tmp_path / "d.json")
    assert record["redraw"]["reason"] == "首次抽取专家库版本有误"
    for change, difference in (
            ({"redraw": None}, "重新抽取说明与记录不符：账本为重新抽取，原因“首次抽取专家库版本有误”，记录为（不是重新抽取）"),
            ({"operator": "局长办公室"}, "抽取科室与记录不符：账本为“政工科”，记录为“局长办公室”")):
        tampered = dict(record, **change)
        (tmp_path / "t.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
        result = run("draw", "verify", tmp_path / "t.json", "--ledger", tmp_path / "l.db")
        assert (result.exit_code, result.output) == (1, f"不一致：账本第 2 条（抽取）的{difference}。\n")


def test_contact_details_never_reach_the_ledger(tmp_path):
    run(*rfc_args(tmp_path))
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", "007", "--reason", "本人谢绝，电话13812345678")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：替换原因中不得包含电话号码或电子邮箱（原因将永久写入账本）；请删去联系方式后重试。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 1


def test_substitute_a_non_member_is_refused(tmp_path):
    run(*rfc_args(tmp_path))
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", "001", "--reason", "谢绝")
    assert (result.exit_code, result.stderr) == (2, (
        "错误：专家「001」不在当前正选名单中（当前：017、007、002、016、025、023、008、024、019、013）。\n"))


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("command", [["draw"], ["draw", "new"], ["draw", "commit"], ["draw", "reveal"],
                                     ["draw", "substitute"], ["draw", "verify"], ["ledger"], ["ledger", "verify"],
                                     ["ledger", "show"]])
def test_every_command_has_help_with_an_example(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "示例：" in result.output


def test_a_redraw_reason_on_a_first_draw_is_kept_as_a_warning(tmp_path):
    run(*rfc_args(tmp_path, "--redraw-reason", "误操作"))
    record = load(tmp_path / "d.json")
    assert record["redraw"] is None
    assert record["warnings"] == [
        "符合条件的专家 25 人，少于正选人数的 3 倍（30 人）：可选范围偏小。", NO_RECUSAL,
        "给出了 --redraw-reason（误操作），但账本中没有本轮次该领域的先前抽取，按首次抽取处理。"]


def test_a_redraw_that_drops_earlier_recusals_is_warned(tmp_path):
    from tests.conftest import SAMPLES

    common = ["draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
              "--ledger", tmp_path / "l.db", "--random-source", "1 2 3"]
    run(*common, "--out", tmp_path / "a.json", "--applicants", SAMPLES / "draw" / "applicants.json")
    result = run(*common[:-1], "4 5 6", "--out", tmp_path / "b.json", "--redraw-reason", "专家库更新")
    warning = "此前抽取中被回避的专家 ZJ001、ZJ002、ZJ004 本次未被回避：请核对本次的回避名单（申报单位、回避情形、本局人员）是否完整。"
    assert result.exit_code == 0 and f"警告: {warning}" in result.output.splitlines()
    assert warning in load(tmp_path / "b.json")["warnings"]


def test_times_are_beijing_time_whatever_the_machines_zone(tmp_path):
    import datetime as dt
    import os
    import subprocess
    import sys

    args = [str(a) for a in rfc_args(tmp_path)]
    environment = dict(os.environ, TZ="America/New_York")
    subprocess.run([sys.executable, "-m", "checker", *args], check=True, env=environment, capture_output=True)
    drawn = dt.datetime.fromisoformat(load(tmp_path / "d.json")["drawn_at"])
    assert drawn.utcoffset() == dt.timedelta(hours=8)
    assert abs((dt.datetime.now(dt.timezone.utc) - drawn).total_seconds()) < 120


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open descriptor through /proc (Linux)")
def test_the_record_and_panel_are_on_disk_before_the_ledger_commits(tmp_path, monkeypatch):
    """Each file written with a draw is fsynced before it is moved into place, and its folder after
    the move, all before the ledger's COMMIT: a power cut never leaves an entry with an empty record."""
    from checker.draw import ledger as ledger_module
    from checker.draw import service

    events = []
    fsync, replace, commit = service.os.fsync, service.os.replace, ledger_module.transaction

    def logged_fsync(descriptor):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{descriptor}")))
        return fsync(descriptor)

    def logged_replace(source, target):
        events.append(("replace", str(target)))
        return replace(source, target)

    link = service.os.link

    def logged_link(source, target):  # a new file is moved in by a hard link, which never replaces
        events.append(("replace", str(target)))
        return link(source, target)

    import contextlib

    @contextlib.contextmanager
    def logged_transaction(connection):
        with commit(connection):
            yield
        events.append(("commit", ""))

    monkeypatch.setattr(service.os, "fsync", logged_fsync)
    monkeypatch.setattr(service.os, "replace", logged_replace)
    monkeypatch.setattr(service.os, "link", logged_link)
    monkeypatch.setattr(ledger_module, "transaction", logged_transaction)
    result = run(*rfc_args(tmp_path, "--panel-out", tmp_path / "p.xlsx"))
    assert result.exit_code == 0, result.stderr
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync", "fsync", "replace", "replace", "fsync", "commit"], events
    assert [Path(path).suffix for _, path in events[:2]] == [".json", ".xlsx"]  # the temporary files
    assert [path for kind, path in events if kind == "replace"] == [str(tmp_path / "d.json"), str(tmp_path / "p.xlsx")]
    assert events[4] == ("fsync", str(tmp_path))


def test_a_draw_of_other_than_seven_or_by_another_office_says_so_at_the_draw(tmp_path):
    # the duty list: 局政工科…随机抽取7名专家 (001:2581); the draw said nothing, the audit said it later
    args = rfc_args(tmp_path, "--size", "5", "--alternates", "2", "--operator", "科技科")
    result = run(*args)
    assert result.exit_code == 0
    notices = [line for line in result.output.splitlines() if line.startswith("注意：")]
    assert notices == ["注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的；如需证明，请在开奖前用 draw commit "
                       "承诺，开奖后用 draw reveal 揭示。",
                       "注意：正选人数为 5 名；履职清单规定由局政工科“随机抽取7名专家”的流程，审计时将按 7 名核对。",
                       "注意：抽取科室（--operator）为“科技科”；履职清单规定由局政工科抽取，审计时将列为不合规。"]
    (tmp_path / "x").mkdir()
    seven = run(*rfc_args(tmp_path / "x", "--size", "7"))
    assert seven.exit_code == 0 and [line for line in seven.output.splitlines() if line.startswith("注意：")] == [
        "注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的；如需证明，请在开奖前用 draw commit 承诺，开奖后用 draw reveal 揭示。"]


def test_a_ledger_whose_schema_bytes_were_altered_is_refused_in_one_sentence(tmp_path):
    """SQLite's message quoted the damaged schema's bytes (near "T\\xa6BLE"), which Python could not
    decode: ledger verify and show ended in an internal error with a crash file (fuzz ledger-8812264360239)."""
    import sqlite3

    path = tmp_path / "draws.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (seq INTEGER PRIMARY KEY, prev_hash TEXT, entry_json TEXT, entry_hash TEXT)")
    connection.commit()
    connection.close()
    path.write_bytes(path.read_bytes().replace(b"CREATE TABLE ledger", b"CREATE T\xa6BLE ledger"))
    for command in (("ledger", "verify", path), ("ledger", "show", path)):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (
            2, f"错误：无法打开账本「{path}」：文件的数据库结构已损坏或被改动（数据库报告：malformed database schema (ledger) - "
               "near \"T\ufffdBLE\": syntax error）。\n")


def test_substitute_takes_an_id_written_in_small_letters_as_the_panel_member(tmp_path):
    """A recusal line zj014 names ZJ014 (recusal.id_key), but `draw substitute --expert e003` was
    refused (专家「e003」不在当前正选名单中): the id is now matched as a recusal matches it, and the
    ledger records the member's own id."""
    from tests.test_hostile7 import draw_new, small_pool

    pool = small_pool(tmp_path)
    assert draw_new(tmp_path, pool, "d.json", "R1", "1 2 3 4 5 6 7", "--alternates", "2").exit_code == 0
    panel = draw_mod.current_panel(load(tmp_path / "d.json"))[0]
    first = panel[0]
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", first.lower(), "--reason", "本人谢绝")
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    assert record["substitutions"][0]["replaced"] == first
    assert result.output.splitlines()[0] == f"第 1 位 {first} 由候补 {record['substitutions'][0]['by']} 顶替（原因：本人谢绝）。"


def test_the_panel_workbook_is_the_same_bytes_for_the_same_record(tmp_path):
    # written twice a second apart: fixed document times and zip entry times, no clock in the file
    import time
    import zipfile

    from checker.draw.panel import write_panel_file

    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    write_panel_file(tmp_path / "again.panel.xlsx", record, None)
    time.sleep(1.1)
    write_panel_file(tmp_path / "later.panel.xlsx", record, None)
    assert (tmp_path / "again.panel.xlsx").read_bytes() == (tmp_path / "later.panel.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "later.panel.xlsx") as package:
        assert {item.date_time for item in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2020-01-01T00:00:00Z<" in package.read("docProps/core.xml")


def test_a_unit_too_long_for_a_cell_is_cut_and_says_so(tmp_path):
    # a spreadsheet cell holds 32,767 characters; xlsxwriter would cut a longer text without a word
    import io

    from openpyxl import load_workbook

    from checker.draw.panel import CELL_CHARACTERS, CUT_NOTE, panel_workbook

    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    data = panel_workbook(record, [(1, "正选", "E1", "张三", "单" * 40_000, "新材料", "=1+1")])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [cell.value for cell in sheet[12]] == [1, "正选", "E1", "张三",
                                                  "单" * (CELL_CHARACTERS - len(CUT_NOTE)) + CUT_NOTE, "新材料", "=1+1"]
    assert (sheet["G12"].data_type, sheet["G12"].quotePrefix, sheet["E12"].quotePrefix) == ("s", True, False)
    # the row as tall as a spreadsheet keeps one (409 pt, stored in whole pixels: 408.75), not the
    # 2,000-odd lines the text would need
    assert (sheet.row_dimensions[12].height, sheet.row_dimensions[11].height) == (408.75, None)


def test_a_long_unit_is_cut_without_xlsxwriter_private_helpers(tmp_path, monkeypatch):
    # xlsxwriter before 3.3.1 has no _utf16_len/_utf16_truncate in its utility module: the panel of a
    # pool with a unit over 16,383 characters failed there with an ImportError
    import io

    import xlsxwriter.utility
    from openpyxl import load_workbook

    from checker.draw.panel import CELL_CHARACTERS, CUT_NOTE, panel_workbook

    monkeypatch.delattr(xlsxwriter.utility, "_utf16_len", raising=False)
    monkeypatch.delattr(xlsxwriter.utility, "_utf16_truncate", raising=False)
    run(*rfc_args(tmp_path))
    record = load(tmp_path / "d.json")
    # 𠀋 is two UTF-16 units: 16,400 of them (32,800 units) do not fit, and none is split in two
    data = panel_workbook(record, [(1, "正选", "E1", "张三", "𠀋" * 16_400, "新材料", "单" * 32_767)])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [cell.value for cell in sheet[12]] == [1, "正选", "E1", "张三",
                                                  "𠀋" * ((CELL_CHARACTERS - len(CUT_NOTE)) // 2) + CUT_NOTE,
                                                  "新材料", "单" * 32_767]



@pytest.mark.parametrize("second, shown", [
    # a Hangul filler: prints as nothing (the pool's NFKC reading makes U+3164 the jungseong filler U+1160)
    ("E1\u3164", "「E1」与「E1\\u1160」（仅大小写、空格、不可见字符或形近字母不同）"),
    ("E1\u2800", "「E1」与「E1\\u2800」（仅大小写、空格、不可见字符或形近字母不同）")])  # a Braille blank
def test_an_id_repeated_with_a_blank_letter_is_a_duplicate_as_recusal_reads_it(tmp_path, second, shown):
    # a blank letter (printable, yet shown as nothing) made the pool take E1 and E1ㅤ for two experts,
    # while a 回避名单 naming E1 matched both: one expert, drawn with twice the chance
    rows = [("E1", "甲", "单位", "新材料", "在库"), (second, "甲", "单位", "新材料", "在库")]
    pool = write_xlsx(tmp_path / "dup.xlsx", POOL_HEADERS[:5], rows)
    result = run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "d.json")
    assert (result.exit_code, result.stderr) == (2, f"错误：专家库中专家编号{shown}重复（第 2 行和第 3 行）。\n")
    assert not (tmp_path / "l.db").exists()


def test_text_typed_in_a_gbk_terminal_is_refused_before_anything_is_recorded(tmp_path):
    """A reason or a source name whose bytes are not UTF-8 (a terminal set to GBK): the ledger and the
    record could not hold it and the command ended with 内部错误 (UnicodeEncodeError)."""
    typed = os.fsdecode("本人谢绝".encode("gbk"))
    said = "「本人谢绝」不是 UTF-8 编码（按 GBK 读出；终端的字符编码不是 UTF-8？），请把终端设为 UTF-8 后重试。"
    result = run(*rfc_args(tmp_path, "--source-name", typed, "--source-name", "b", "--source-name", "c"))
    assert (result.exit_code, result.stderr) == (2, f"错误：--source-name{said}\n")
    result = run(*rfc_args(tmp_path, "--redraw-reason", typed))
    assert (result.exit_code, result.stderr) == (2, f"错误：--redraw-reason{said}\n")
    assert ledger_rows(tmp_path / "l.db") == [] and not (tmp_path / "d.json").exists()
    assert run(*rfc_args(tmp_path)).exit_code == 0
    before = ledger_rows(tmp_path / "l.db")
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", "017", "--reason", typed)
    assert (result.exit_code, result.stderr) == (2, f"错误：--reason{said}\n")
    assert ledger_rows(tmp_path / "l.db") == before
