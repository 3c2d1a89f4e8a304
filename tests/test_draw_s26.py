"""Helper s26's draw defects: a stop (Ctrl-C, SIGTERM) ending a draw command said check's sentence about
an output folder's partial reports; a 0-byte ledger file (emptied) read as some other file by draw
verify and as a new ledger by draw new, its chain restarted at entry 1; a 回避名单's 工作单位 not read."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time

import pytest

from checker.cli import INTERRUPTED
from tests.helpers import SAMPLES, run_cli

POOL = SAMPLES / "experts.xlsx"
NOT_IN_LEDGER = "账本的每次记账是一个 SQLite 事务，本次条目未提交，账本中没有本次的条目"


def _draw(tmp_path, *extra, ledger="l.db", out="d.json"):
    return run_cli("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / ledger,
                   "--out", tmp_path / out, "--random-source", "9319", *extra)


def _commit(tmp_path, ledger="l.db"):
    return run_cli("draw", "commit", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / ledger,
                   "--out", tmp_path / "c.json", "--source-name", "双色球 第2099001期")


def _stopped(*_args, **_kwargs):
    raise KeyboardInterrupt


def _entries(ledger) -> int:
    with sqlite3.connect(ledger) as connection:
        return connection.execute("SELECT count(*) FROM ledger").fetchone()[0]


# ---------------------------------------------------------------- 1. a stop says what is true of the command


def test_ctrl_c_before_a_draws_ledger_step_says_nothing_was_recorded_and_to_run_it_again(tmp_path, monkeypatch):
    from checker.draw import service

    monkeypatch.setattr(service, "read_pool", _stopped)
    result = _draw(tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", (
        f"已中断：本次抽取未完成，未记入账本：{NOT_IN_LEDGER}，也没有写出抽取记录和专家名单文件（临时文件已删除）。"
        "请重新运行同一命令（再次运行不会因本次中断而算作重新抽取），完成后可用 fundcheck draw verify 核对写出的记录。\n"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks on Windows")
def test_ctrl_c_held_in_the_ledger_step_of_a_draw_that_then_fails_says_it_was_not_recorded(tmp_path, monkeypatch):
    """The stop arrives inside the transaction (held), the entry then fails: rolled back, nothing written."""
    from checker.draw import ledger as ledger_module

    def interrupted_then_failing(connection, entry):
        os.kill(os.getpid(), signal.SIGINT)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ledger_module, "insert", interrupted_then_failing)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = _draw(tmp_path)
    finally:
        signal.signal(signal.SIGINT, before)
    assert (result.exit_code, result.stderr) == (2, (
        f"已中断：本次抽取未完成，未记入账本：{NOT_IN_LEDGER}，也没有写出抽取记录和专家名单文件（临时文件已删除）。"
        "请重新运行同一命令（再次运行不会因本次中断而算作重新抽取），完成后可用 fundcheck draw verify 核对写出的记录。\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.db"] and _entries(tmp_path / "l.db") == 0


def test_ctrl_c_before_a_commit_is_recorded_says_so(tmp_path, monkeypatch):
    from checker.draw import service

    monkeypatch.setattr(service, "read_pool", _stopped)
    result = _commit(tmp_path)
    assert (result.exit_code, result.stderr) == (2, (
        f"已中断：本次承诺未完成，未记入账本：{NOT_IN_LEDGER}，也没有写出承诺记录（临时文件已删除）。"
        "请在所指定的来源开奖前重新运行同一命令。\n"))


def test_ctrl_c_before_a_reveal_is_recorded_says_the_commit_is_still_unrevealed(tmp_path, monkeypatch):
    from checker.draw import service

    monkeypatch.setattr(service, "load_record", _stopped)
    result = run_cli("draw", "reveal", tmp_path / "c.json", "--ledger", tmp_path / "l.db", "--random-source", "1 2 3")
    assert (result.exit_code, result.stderr) == (2, (
        f"已中断：本次揭示未完成，未记入账本：{NOT_IN_LEDGER}，该承诺仍未揭示，也没有写出抽取记录和专家名单文件（临时文件已删除）。"
        "请重新运行同一命令，完成后可用 fundcheck draw verify 核对写出的记录。\n"))


def test_ctrl_c_before_a_substitution_is_recorded_says_the_record_is_unchanged(tmp_path, monkeypatch):
    assert _draw(tmp_path).exit_code == 0
    record = (tmp_path / "d.json").read_bytes()
    from checker.draw import service

    monkeypatch.setattr(service, "verify_record", _stopped)
    panel = json.loads(record)["panel"][0]
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", panel, "--reason", "本人谢绝")
    assert (result.exit_code, result.stderr) == (2, (
        f"已中断：本次替换未完成，未记入账本：{NOT_IN_LEDGER}，抽取记录和专家名单文件未改动（临时文件已删除）。"
        "请重新运行同一命令，完成后可用 fundcheck draw verify 核对更新后的记录。\n"))
    assert (tmp_path / "d.json").read_bytes() == record and _entries(tmp_path / "l.db") == 1


@pytest.mark.parametrize("command, patch, said", [
    (["draw", "verify", "d.json", "--ledger", "l.db"], ("checker.draw.service", "verify"),
     "已中断：核对未完成，没有结论（既不是一致，也不是不一致）；draw verify 只读取记录、专家库和账本，不写任何文件。"
     "请重新运行 fundcheck draw verify。"),
    (["draw", "check", "--pool", str(POOL)], ("checker.fairness.cli", "check_fields"),
     "已中断：检查未完成，没有结论；draw check 不抽取、不打开账本、不写任何文件。请重新运行 fundcheck draw check。"),
    (["draw", "publish", "d.json", "--out", "v.html"], ("checker.fairness.cli", "publish"),
     "已中断：验证页可能未写出（临时文件已删除）；draw publish 不改动记录和账本。请重新运行 fundcheck draw publish。"),
    (["ledger", "verify", "l.db"], ("checker.draw.ledger", "open_existing"),
     "已中断：账本核对未完成，没有结论；ledger verify 只读取账本，不写任何文件。请重新运行 fundcheck ledger verify。"),
    (["ledger", "show", "l.db"], ("checker.draw.ledger", "open_existing"),
     "已中断：账本条目未列完；ledger show 只读取账本，不写任何文件。请重新运行 fundcheck ledger show。"),
])
def test_ctrl_c_during_a_command_that_only_reads_says_no_file_was_written(tmp_path, monkeypatch, command, patch, said):
    import importlib

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(importlib.import_module(patch[0]), patch[1], _stopped)
    result = run_cli(*command)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", said + "\n")


def test_ctrl_c_while_a_recorded_draw_is_printed_says_it_is_in_the_ledger(tmp_path, monkeypatch):
    """A library caller's stop once the draw was committed (the program's are spent by then): it said
    本次运行未完成 with exit 2 over a draw standing in the ledger, and the office would draw again."""
    from checker.cli import draw as draw_cli

    monkeypatch.setattr(draw_cli, "_echo_panel", _stopped)
    result = _draw(tmp_path)
    assert (result.exit_code, result.stderr) == (0, (
        f"已中断：抽取已记入账本第 1 条，记录 {tmp_path / 'd.json'}（已提交）；中断发生在打印结果时，以上结果可能未全部打印。"
        "请勿重新抽取；可用 fundcheck draw verify 核对该记录（加 --ledger 同时核对账本）。\n"))
    assert run_cli("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "l.db").exit_code == 0


def test_a_stop_let_through_as_the_ledger_step_ends_finds_the_entry_said_to_be_in(tmp_path, monkeypatch):
    """A stop arriving as the held signals are let through, after the COMMIT and before the command
    printed anything: the command already says its entry is in (said as the COMMIT returned)."""
    from checker.draw import service

    release = service._release_stops

    def released_then_stopped(held, *, swallow):
        release(held, swallow=swallow)
        if swallow:
            raise KeyboardInterrupt

    monkeypatch.setattr(service, "_release_stops", released_then_stopped)
    result = _commit(tmp_path)
    assert (result.exit_code, result.stderr) == (0, (
        f"已中断：承诺已记入账本第 1 条，记录 {tmp_path / 'c.json'}（已提交）；中断发生在打印结果时，以上结果可能未全部打印。"
        "请勿重新承诺；可用 fundcheck ledger show 查看该条目，开奖后用 fundcheck draw reveal 揭示。\n"))
    assert _entries(tmp_path / "l.db") == 1 and (tmp_path / "c.json").exists()


def test_audit_keeps_the_sentence_of_a_run_writing_an_output_folder(tmp_path, monkeypatch):
    from checker.cli import audit as audit_cli

    monkeypatch.setattr(audit_cli, "run_audit", _stopped)
    result = run_cli("audit", SAMPLES / "rounds" / "compliant_W-12.json", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, INTERRUPTED + "\n")


# ---------------------------------------------------------------- 2. a 0-byte ledger


def test_draw_verify_with_a_ledger_emptied_to_0_bytes_is_a_difference(tmp_path):
    assert _draw(tmp_path).exit_code == 0
    entry = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["ledger"]["draw_entry"]
    (tmp_path / "empty.db").write_bytes(b"")
    result = run_cli("draw", "verify", tmp_path / "d.json", "--ledger", tmp_path / "empty.db")
    assert (result.exit_code, result.output) == (1, (
        f"不一致：账本「{tmp_path / 'empty.db'}」是空文件（0 字节），其中没有记录所载的抽取条目（第 1 条，哈希 {entry['hash']}）："
        "账本已被清空或换成了空文件，请与备份及事先交纪检监察组的头哈希核对。\n"))


@pytest.mark.parametrize("command", ["new", "commit"])
def test_a_ledger_emptied_to_0_bytes_is_never_restarted_at_entry_1(tmp_path, monkeypatch, command):
    """SQLite opens a 0-byte file as an empty database: the draw was entered as entry 1 of a new
    chain, and the draws the emptied ledger held no longer made this one a redraw."""
    from checker.draw import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "EMPTY_LEDGER_WAIT_SECONDS", 0.05)
    (tmp_path / "l.db").write_bytes(b"")
    result = _draw(tmp_path) if command == "new" else _commit(tmp_path)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：账本「{tmp_path / 'l.db'}」是空文件（0 字节）：如这是原有的账本，它已被清空，其中的条目已丢失；在其中记账会从第 1 条重新开始，"
        "此前的抽取不再计入（再次抽取不再被认作重新抽取）。请从备份恢复账本后重试；如确要新建账本，"
        "请删除该空文件，或用 --ledger 指定一个尚不存在的文件名。\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.db"] and (tmp_path / "l.db").stat().st_size == 0


def test_a_0_byte_ledger_another_draw_is_creating_is_waited_for(tmp_path):
    """Two first draws started together: SQLite has opened the new file (0 bytes) and not yet written
    the table when the second one looks. The second is not refused: it finds the ledger once written."""
    ledger = tmp_path / "l.db"
    ledger.write_bytes(b"")

    def create_soon():
        time.sleep(0.2)
        from checker.draw import ledger as ledger_module

        ledger_module.open_or_create(tmp_path / "other.db").close()  # a ledger as a draw creates it
        ledger.write_bytes((tmp_path / "other.db").read_bytes())

    creator = threading.Thread(target=create_soon)
    creator.start()
    try:
        result = _draw(tmp_path)
    finally:
        creator.join()
    assert result.exit_code == 0, result.output
    assert _entries(ledger) == 1


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks on Windows")
def test_ctrl_c_as_a_new_ledger_is_created_never_leaves_an_empty_file(tmp_path, monkeypatch):
    """Cut between SQLite's opening the new file and its writing the table, a draw left a 0-byte file,
    which the next run (as told: 请重新运行同一命令) would refuse as an emptied ledger."""
    from checker.draw import ledger as ledger_module

    connect = ledger_module._connect

    def interrupted(path):
        connection = connect(path)
        os.kill(os.getpid(), signal.SIGINT)
        return connection

    monkeypatch.setattr(ledger_module, "_connect", interrupted)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = _draw(tmp_path)
    finally:
        signal.signal(signal.SIGINT, before)
    assert (result.exit_code, result.stderr.startswith("已中断：本次抽取未完成，未记入账本：")) == (2, True), result.stderr
    assert _entries(tmp_path / "l.db") == 0 and (tmp_path / "l.db").stat().st_size > 0
    monkeypatch.setattr(ledger_module, "_connect", connect)
    assert _draw(tmp_path).exit_code == 0 and _entries(tmp_path / "l.db") == 1


@pytest.mark.parametrize("command", [["ledger", "verify"], ["ledger", "show"]])
def test_a_0_byte_ledger_is_named_as_empty_not_as_another_file(tmp_path, command):
    (tmp_path / "l.db").write_bytes(b"")
    result = run_cli(*command, tmp_path / "l.db")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：账本「{tmp_path / 'l.db'}」是空文件（0 字节），其中没有任何条目：如这是原有的账本，它已被清空，请从备份恢复后重试。\n"))


def test_a_reveal_against_a_0_byte_ledger_is_refused_naming_it_empty(tmp_path):
    assert _commit(tmp_path).exit_code == 0
    (tmp_path / "e.db").write_bytes(b"")
    result = run_cli("draw", "reveal", tmp_path / "c.json", "--ledger", tmp_path / "e.db", "--random-source", "1 2 3",
                     "--out", tmp_path / "d.json")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：账本「{tmp_path / 'e.db'}」是空文件（0 字节），其中没有任何条目：如这是原有的账本，它已被清空，请从备份恢复后重试。\n"))


# ---------------------------------------------------------------- 3. a 回避名单's 工作单位


def _conflicts(tmp_path, lines: str):
    path = tmp_path / "回避名单.csv"
    path.write_text("专家编号,工作单位,申报单位,回避原因\n" + lines, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["new", "check"])
def test_a_recusal_line_whose_unit_is_not_the_experts_stops_the_draw(tmp_path, command):
    """ZJ002 written on a line whose 工作单位 is ZJ001's: the recusal would fall on ZJ002, and ZJ001,
    the expert the office meant, could be drawn."""
    conflicts = _conflicts(tmp_path, "ZJ001,威海华材新材料有限公司,威海华材新材料有限公司,配偶在该公司任职\n"
                                     "ZJ002,威海华材新材料有限公司,威海华材新材料有限公司,曾在该公司任职\n")
    if command == "new":
        result = _draw(tmp_path, "--conflicts", conflicts)
    else:
        result = run_cli("draw", "check", "--pool", POOL, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 3 行的专家编号「ZJ002」在专家库中的工作单位是「威海精工智能装备有限公司」，"
        "与该行所写工作单位「威海华材新材料有限公司」不符：回避会落在另一位专家身上，要回避的专家仍可能被抽中；"
        "请核对该行的专家编号和工作单位后重试。\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["回避名单.csv"]


def test_a_recusal_lines_unit_written_another_way_is_the_same_employer_and_is_not_recorded(tmp_path):
    conflicts = _conflicts(tmp_path, "ZJ001,威海华材新材料有限责任公司,威海华材新材料有限公司,配偶在该公司任职\n"
                                     "ZJ003,山东威高集团医用高分子制品股份公司,威海华材新材料有限公司,曾在该公司任职\n")
    result = _draw(tmp_path, "--conflicts", conflicts)
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["exclusion_inputs"]["conflicts"] == [
        {"expert_id": "ZJ001", "applicant": "威海华材新材料有限公司", "reason": "配偶在该公司任职"},
        {"expert_id": "ZJ003", "applicant": "威海华材新材料有限公司", "reason": "曾在该公司任职"}]
    assert "有限责任公司" not in (tmp_path / "d.json").read_text(encoding="utf-8")


def test_a_recusal_line_with_a_unit_for_an_expert_the_pool_gives_none_is_applied(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("专家编号,姓名,工作单位,专业领域,状态\n" + "".join(
        f"E{n:02d},专家{n},{'' if n == 1 else f'单位{n}'},新材料,在库\n" for n in range(1, 21)), encoding="utf-8")
    conflicts = _conflicts(tmp_path, "E01,威海某某有限公司,威海华材新材料有限公司,配偶在该公司任职\n")
    result = run_cli("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                     "--out", tmp_path / "d.json", "--random-source", "9319", "--conflicts", conflicts)
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert record["exclusions"] == [{"expert_id": "E01", "reasons": [
        {"rule": "declared_conflict", "detail": "申报回避（威海华材新材料有限公司）：配偶在该公司任职"}]}]
