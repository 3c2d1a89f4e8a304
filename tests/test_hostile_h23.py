"""Hostile review h23: files as district offices really send them (WPS, GBK/UTF-16 exports, web pages
saved as .xls, title and unit lines) and output folders as reviewers really use them (two runs at once)."""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import SAMPLES, audit_with_titled_sheets, run_cli


@pytest.mark.skipif(sys.platform == "win32", reason="no flock on Windows")
def test_a_second_run_into_a_folder_being_written_stops_and_leaves_it_alone(tmp_path):
    """Two runs writing into one output folder at once (two reviewers, a script started twice) each
    removed the other's files: with two inputs both failed with 无法写入「cases.jsonl」：不存在, and with one
    input the survivor's summary.json stood over case reports of the other run. While a run holds the
    folder, another stops at once in one sentence and touches nothing; once the first ends, it runs."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    other = os.open(out, os.O_RDONLY)  # the run already writing there
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", out, "--quiet")
        assert (result.exit_code, result.stderr, os.listdir(out)) == (
            2, f"错误：输出文件夹「{out}」正由另一次运行写入；请等它结束后再试，或换一个文件夹。\n", [])
    finally:
        os.close(other)
    for _ in range(2):  # the folder is let go when a run ends: the same process may run again
        result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", out, "--quiet")
        assert result.exit_code == 1, result.stderr
    from checker.io.outputs import _HELD
    assert _HELD == {}


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_a_key_fields_list_saved_by_notepad_in_gbk_or_unicode_is_read(tmp_path, encoding):
    """--key-fields 重点领域.txt saved by Notepad on Chinese Windows (ANSI = GBK, or Unicode = UTF-16)
    stopped the run with 内部错误（UnicodeDecodeError）: the .txt was read as UTF-8 only."""
    from checker.check.registers import KeyFields, read_key_fields

    path = tmp_path / "重点领域.txt"
    path.write_bytes("智能制造\r\n新材料、电子信息\r\n".encode(encoding))
    assert read_key_fields(str(path)) == KeyFields(("智能制造", "新材料", "电子信息"), "重点领域.txt")


def test_a_round_record_with_a_title_line_above_each_sheet_is_audited(tmp_path):
    """Offices put a title line above each sheet of a round record (「…流程节点记录表」 merged across the
    top). The audit stopped with 工作表「流程节点」缺少列「节点/步骤/流程节点」 though the column is on the
    line below; the header is found within the first 10 rows as for application workbooks, and the
    cells are named by their own rows."""
    audited = audit_with_titled_sheets(tmp_path, lambda name: f"2020年专精特新认定{name}记录表")
    meeting = next(f for f in audited["titled"] if f["rule_id"] == "PROC-PARTY-MEETING")
    assert (meeting["outcome"], meeting["message"]) == (
        "pass", "党组会 2020-04-22（流程节点!B13），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。")
    assert audited["outcomes"]["titled"] == audited["outcomes"]["plain"]


def test_an_expert_pool_with_a_title_line_above_its_header_is_read(tmp_path):
    """The expert database exports its list under a title line (「威海市工业和信息化局项目专家库名单」
    merged across the top). draw refused it: 「experts.xlsx」的工作表 专家库 前 1 行中没有可识别的列名. The
    header is found within the first 10 rows as for every other table; the pool reads the same."""
    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLES / "experts.xlsx")
    sheet = workbook.active
    sheet.insert_rows(1)
    sheet["A1"] = "威海市工业和信息化局项目专家库名单"
    sheet.merge_cells("A1:H1")
    workbook.save(tmp_path / "titled.xlsx")
    plain = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料")
    titled = run_cli("draw", "check", "--pool", tmp_path / "titled.xlsx", "--field", "新材料")
    assert (titled.exit_code, titled.output) == (0, plain.output)
    assert titled.output.splitlines()[1].split() == ["新材料", "27", "0", "0", "0", "0", "27", "10", "充足"]


def test_a_hidden_sheet_holding_applications_is_named_not_passed_over_in_silence(tmp_path):
    """The first visible sheet is read; a hidden sheet holding an application table with lines
    under it (an old copy, a district's tab hidden by mistake) was passed over without a word, its
    lines neither checked nor counted. The run still reads what a person sees, and says in its
    未核对事项 (terminal, summary.json, every report) which hidden sheet holds how many lines."""
    import json

    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    old = workbook.copy_worksheet(workbook.active)
    old.title = "旧表"
    old.sheet_state = "hidden"
    lists = workbook.create_sheet("下拉选项")  # the lists behind drop-downs: no application table
    lists.append(["是否独立法人"])
    lists.append(["是"])
    lists.sheet_state = "hidden"
    workbook.save(tmp_path / "环翠区.xlsx")
    result = run_cli("check", tmp_path / "环翠区.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out")
    note = ("「环翠区.xlsx」中隐藏的工作表“旧表”（18 行）也是申报表，未审核（只审核打开工作簿时看到的第一张申报表）；"
            "如其中有需审核的申报，请取消隐藏，另存为单独的文件后一并审核。")
    assert result.exit_code == 1, result.output
    assert f"未核对：{note}" in result.output.splitlines()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["not_checked_this_run"][-1], len(summary["cases"]), summary["rows_reconcile"]) == (note, 18, True)


def test_a_csv_export_with_codes_written_as_text_formulas_is_read_as_excel_shows_it(tmp_path):
    """Systems export long codes to CSV as ="91371002MA3D0004CE" so that Excel keeps them as text
    (Excel and WPS show the code). The cell was read as written: INP-USCC “="91371002MA3D0004CE"”无法识别
    （长度 21 位）, an amount ="350" unreadable, and the case needed review for nothing."""
    lines = ["申报编号,企业名称,统一社会信用代码,年度设备投入（万元）",
             'A-1,威海华盛精密机械有限公司,"=""91371002MA3D0004CE""","=""350"""',
             'A-2,某公司,"=""9137100""2""","=1+1"']
    path = tmp_path / "导出.csv"
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    from checker.io.table import aliases, open_table
    known = aliases({"id": ["申报编号"], "uscc": ["统一社会信用代码"], "amount": [("年度设备投入(万元)", "万元")]})
    rows = [(r.text("id"), r.text("uscc"), r.text("amount")) for r in open_table(path, known).rows()]
    assert rows == [("A-1", "91371002MA3D0004CE", "350"), ("A-2", '="9137100"2"', "=1+1")]


def test_a_csv_with_an_unclosed_quote_says_so_in_chinese(tmp_path):
    path = tmp_path / "坏.csv"
    path.write_text('申报编号,企业名称\nA-1,"abc\nA-2,x\n' + "y" * 140000 + "\n", encoding="utf-8")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取申报文件「{path}」：不是可读的 CSV：读到第 4 行时，一个单元格超过 131,072 个字符（常见于引号未配对）\n")


def test_a_header_written_on_two_lines_name_over_unit_is_read_with_its_unit(tmp_path):
    """Districts write a header over two lines: 年度设备投入 with （万元） in the cell below. The run
    stopped: 缺少 W-05 必需的列：年度设备投入（万元）, listing 年度设备投入 among the columns found. The unit
    below completes the header; the units line is set aside as a header line, and a （元） below reads
    the column in 元."""
    import json

    from openpyxl import load_workbook

    from tests.helpers import read_case

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.active
    sheet.insert_rows(3)
    sheet["K2"], sheet["L2"], sheet["K3"], sheet["L3"] = "年度设备投入", "项目总投资", "（万元）", "（万元）"
    workbook.save(tmp_path / "wan.xlsx")
    sheet["K3"], sheet["L3"] = "（元）", "（元）"
    workbook.save(tmp_path / "yuan.xlsx")
    window = ("--window", "2020-07-01", "2020-07-31", "--per-case", "all")
    for name in ("wan", "yuan"):
        result = run_cli("check", tmp_path / f"{name}.xlsx", "--workflow", "W-05", *window, "--out", tmp_path / name, "--quiet")
        assert result.exit_code == 1, result.output
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", *window, "--out", tmp_path / "plain", "--quiet")
    verdicts = lambda out: [(c["case_id"], c["verdict"]) for c in json.loads((out / "summary.json").read_text(encoding="utf-8"))["cases"]]
    assert verdicts(tmp_path / "wan") == verdicts(tmp_path / "plain")
    summary = json.loads((tmp_path / "wan" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["skipped_note_rows"], summary["rows_reconcile"]) == ([3], True)
    finding = lambda out: next((f["outcome"], f["message"]) for f in read_case(out, "WH-2020-001")["findings"]
                               if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
    assert finding(tmp_path / "wan") == ("pass", "年度设备投入 350 万元，达到 100 万元（含）以上。")
    # 350 元, under 1 万元: a 万元 figure in the 元 column? asked, not refused (h34)
    assert finding(tmp_path / "yuan") == ("missing", "年度设备投入未填写或无法识别（350，单位存疑）。")


def test_two_draws_writing_one_record_file_at_once_never_lose_a_record(tmp_path, monkeypatch):
    """Three `draw new … --out draw.json` started together: each checked that draw.json was absent, all
    three were entered in the ledger and said 记录 draw.json, and two entries' records were written
    over (lost). A record file that appeared after the check is never replaced: the later draw is
    not recorded and says why."""
    import json

    from checker.draw import service

    args = ("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--ledger", tmp_path / "l.db",
            "--out", tmp_path / "draw.json", "--random-source", "9319")
    first = run_cli(*args, "--round", "R1")
    assert first.exit_code == 0, first.output
    monkeypatch.setattr(service, "check_output", lambda *a, **k: None)  # the second checked before the first wrote
    second = run_cli(*args, "--round", "R2")
    assert (second.exit_code, second.stderr) == (
        2, f"错误：输出文件「{tmp_path / 'draw.json'}」已存在（可能是同时进行的另一次抽取刚写入的），本次抽取未记录；请换一个文件名后重新抽取。\n")
    assert json.loads((tmp_path / "draw.json").read_text(encoding="utf-8"))["round_id"] == "R1"
    assert run_cli("ledger", "show", tmp_path / "l.db").output.count("抽取") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw.json", "draw.panel.xlsx", "l.db"]


def test_a_reviewers_decisions_file_with_a_title_line_is_read(tmp_path):
    """README: every table a reviewer writes may have a title line above its header. The --overrides
    file (and the key-fields table, the holidays sheet) read only its first row as the header: a
    复核决定表 titled 「2020年技改补助复核决定表」 stopped the run with 前 1 行中没有可识别的列名."""
    import json

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2020年技改补助复核决定表"])
    sheet.append(["申报编号", "规则编号", "复核结论", "理由", "复核人"])
    sheet.append(["WH-2020-002", "ELIG-REGION", "通过", "核实注册地在威海", "张三"])
    workbook.save(tmp_path / "复核.xlsx")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--overrides", tmp_path / "复核.xlsx", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    case = next(c for c in summary["cases"] if c["case_id"] == "WH-2020-002")
    assert (case["verdict"], case["verdict_with_overrides"], summary["unused_overrides"]) == ("ineligible", "eligible", [])


def test_a_credit_code_typed_with_the_letter_o_for_zero_says_which_letter(tmp_path):
    """统一社会信用代码 typed with O for 0 (91371OO2…) said only 含不允许的字符: the applicant was not told
    which character. The finding names it and the digit it is usually typed for."""
    from openpyxl import load_workbook

    from tests.helpers import read_case

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    workbook.active["D3"] = "91371OO2MA3D0004CE"
    workbook.save(tmp_path / "a.xlsx")
    run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", tmp_path / "out",
            "--quiet")
    finding = next(f for f in read_case(tmp_path / "out", "WH-2020-001")["findings"] if f["rule_id"] == "INP-USCC")
    assert (finding["outcome"], finding["message"]) == (
        "fail", "申报汇总表!D3 的统一社会信用代码“91371OO2MA3D0004CE”无法识别（含不允许的字符 O：统一社会信用代码不用字母 I、O、Z、S、V，"
                "字母 O 可能应为数字 0）；应为：18 位统一社会信用代码（GB 32100-2015），校验位正确。依赖此项的规则判为“待补充”。")


@pytest.mark.parametrize("name", ["汇总.csv", "汇总.json", "汇总.jsonl"])
def test_an_empty_text_file_says_it_is_empty(tmp_path, name):
    """A 0-byte CSV, JSON or JSONL (an empty download, a copy cut short) said 工作表 汇总 是空的, 不是有效的 JSON
    （第 1 行第 1 列：此处缺少值）, or for JSONL listed every required column as missing (表中的列：（无）)."""
    path = tmp_path / name
    path.write_bytes(b"")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取申报文件「{path}」：文件是空的（0 字节）：请重新保存或向报送单位重新索取\n")


def test_a_round_audit_stopped_before_its_reports_are_written_leaves_no_round_json(tmp_path, monkeypatch):
    """round.json is the completion marker of a one-round audit (README: written last, so a run that
    was stopped leaves none). It was written first: on a full disk the folder held round.json alone,
    its round.html and round.md missing, and looked complete to anything reading it."""
    import errno

    from checker.io import outputs
    from tests.helpers import ROUNDS

    write = outputs.OutputDir.write

    def full_disk(self, relative, data, *, sync=False):
        if relative.endswith("round.md"):
            raise outputs.cannot_write(self.root / relative, OSError(errno.ENOSPC, "No space left on device"))
        return write(self, relative, data, sync=sync)

    monkeypatch.setattr(outputs.OutputDir, "write", full_disk)
    result = run_cli("audit", ROUNDS / "compliant_W-12.xlsx", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, f"错误：无法写入「{tmp_path / 'out' / 'round.md'}」：磁盘空间不足。\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".fundcheck-run.json", "round.html"]


def test_an_instructions_sheet_listing_the_columns_one_per_line_is_passed_over(tmp_path):
    """A 填表说明 sheet in front of the table listing the columns one per line (申报编号 | 按实际填写) was
    taken for the application table (a line holding one known header), and the run stopped saying the
    real 申报汇总表 was another table beside it. The table is a sheet with a line of two known headers or
    more: the run reads 申报汇总表 as it reads the sample."""
    import json

    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    notes = workbook.create_sheet("填表说明", 0)
    notes.append(["填表说明"])
    notes.append(["栏目", "填写要求"])
    for header in ("申报编号", "企业名称", "统一社会信用代码", "年度设备投入（万元）"):
        notes.append([header, "按实际填写"])
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    assert result.output.splitlines()[0] == ("W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 19 行，跳过空行 1）"
                                             "— 符合条件 4，不符合条件 4，需人工复核 10。")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["sheet"], summary["header_row"], summary["rows_reconcile"]) == ("申报汇总表", 2, True)


@pytest.mark.parametrize("name", ["轮次.json", "轮次.yaml"])
def test_an_empty_round_record_says_it_is_empty(tmp_path, name):
    """A 0-byte round record said 不是有效的 JSON（第 1 行第 1 列：此处缺少值） or, as YAML, 轮次记录须是以工作表名为键的对象."""
    path = tmp_path / name
    path.write_bytes(b"")
    result = run_cli("audit", path, "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：无法读取轮次记录「{path}」：文件是空的（0 字节）：请重新保存或向报送单位重新索取\n")


@pytest.mark.parametrize("name", ["~$环翠区.xlsx", "~$环翠区.xls"])
def test_the_lock_file_of_an_open_workbook_given_by_mistake_says_what_it_is(tmp_path, name):
    """A workbook open in Excel or WPS has a ~$ lock file beside it; picked by mistake (it sorts first)
    it was 不是 .xlsx 工作簿（不是 zip 包） or 文件已损坏，或并非 Excel 文件. It says what it is and which file to use."""
    path = tmp_path / name
    path.write_bytes(b"\x08wanggong" + bytes(40))
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    lock = ("这是 Excel 或 WPS 打开工作簿时生成的临时锁定文件，不是工作簿：请改用「" + name[2:] + "」"
            "（如该工作簿仍在 Excel 或 WPS 中打开，请先保存并关闭）")
    said = "不是 .xlsx 工作簿（不是 zip 包）；" + lock if name.endswith(".xlsx") else lock
    assert (result.exit_code, result.stderr) == (2, f"错误：无法读取申报文件「{path}」：{said}\n")


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="no signal masks on Windows")
def test_ctrl_c_while_a_draw_is_committed_never_deletes_the_committed_draws_record(tmp_path, monkeypatch):
    """Ctrl-C arriving while the draw was entered in the ledger (SQLite's COMMIT and its fsync) was raised
    once the COMMIT returned: the draw stood in the ledger, its record and panel files were deleted as
    a failed draw's, and the run said 已中断：本次运行未完成. The step is held to its end: the draw is
    recorded with its files and reported."""
    import signal

    from checker.draw import ledger as ledger_module

    insert = ledger_module.insert

    def interrupted(connection, entry):
        head = insert(connection, entry)
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C before the COMMIT
        return head

    monkeypatch.setattr(ledger_module, "insert", interrupted)
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                     "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json", "--random-source", "9319")
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0, f"记录 {tmp_path / 'draw.json'}  专家名单 {tmp_path / 'draw.panel.xlsx'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw.json", "draw.panel.xlsx", "l.db"]
    assert run_cli("ledger", "verify", tmp_path / "l.db").output.startswith("一致：账本完整：1 条")
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == set()  # nothing left held


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="no signal masks on Windows")
def test_ctrl_c_while_a_draw_is_committed_is_held_with_another_thread_running(tmp_path, monkeypatch):
    """The hold was this thread's signal mask alone. With another thread in the process (OpenBLAS
    starts some when openpyxl imports numpy, where numpy is installed) the kernel handed Ctrl-C to
    that thread, Python raised it in this one all the same, and the draw was not held to its end."""
    import signal
    import threading

    from checker.draw import ledger as ledger_module

    insert = ledger_module.insert
    other_ran = threading.Event()

    def interrupted(connection, entry):
        head = insert(connection, entry)
        os.kill(os.getpid(), signal.SIGINT)  # to the process: taken by a thread that does not block it
        return head

    done = threading.Event()
    other = threading.Thread(target=lambda: (other_ran.set(), done.wait(60)))
    other.start()
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a run has it (an earlier test may have ignored it)
    try:
        other_ran.wait(10)
        monkeypatch.setattr(ledger_module, "insert", interrupted)
        result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                         "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json", "--random-source", "9319")
        after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
        done.set()
        other.join()
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0, f"记录 {tmp_path / 'draw.json'}  专家名单 {tmp_path / 'draw.panel.xlsx'}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draw.json", "draw.panel.xlsx", "l.db"]
    assert after is signal.default_int_handler  # the run's own handler again


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="no signal masks on Windows")
def test_ctrl_c_held_while_a_draw_then_fails_is_raised_and_nothing_is_recorded(tmp_path, monkeypatch):
    """A stop held while the draw was being entered, and the entry then failed: the stop is not
    swallowed (the run was not done): it ends the run as Ctrl-C does, with nothing recorded."""
    import signal
    import sqlite3

    from checker.draw import ledger as ledger_module

    def interrupted_then_failing(connection, entry):
        os.kill(os.getpid(), signal.SIGINT)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ledger_module, "insert", interrupted_then_failing)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a run has it (an earlier test may have ignored it)
    try:
        result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
                         "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json", "--random-source", "9319")
    finally:
        signal.signal(signal.SIGINT, before)
    from checker.cli.draw import INTERRUPTED_WORDS

    assert (result.exit_code, result.output.splitlines()[-1]) == (2, INTERRUPTED_WORDS[("draw", "new")][0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.db"]
    with sqlite3.connect(tmp_path / "l.db") as connection:
        assert connection.execute("SELECT count(*) FROM ledger").fetchone() == (0,)


def test_ctrl_c_after_the_command_has_ended_does_not_change_its_exit_status(monkeypatch):
    """A Ctrl-C after a command had printed its result (a draw entered in the ledger, a complete
    output folder), while the interpreter shut down, killed the process by SIGINT (status 130 / -2):
    a script took the finished command for a failed one. Once the command has ended, Ctrl-C is ignored."""
    import signal

    import checker.cli as cli_module

    def finished(**_):
        raise SystemExit(0)

    monkeypatch.setattr(cli_module, "cli", finished)
    before = signal.getsignal(signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as ended:
            cli_module.main()
        assert (ended.value.code, signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == \
            (0, signal.SIG_IGN, signal.SIG_IGN)
    finally:
        signal.signal(signal.SIGINT, before)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def test_applications_on_hidden_rows_are_checked_and_named(tmp_path):
    """A clerk hides the rows of withdrawn applications rather than deleting them. They were
    checked like every other (a person opening the workbook does not see them) without a word: the
    run names them in its 未核对事项; a hidden blank line is not named."""
    import json

    from openpyxl import load_workbook

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    for row in (5, 9, 15):  # 15: the sample's blank line
        workbook.active.row_dimensions[row].hidden = True
    workbook.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--out", tmp_path / "out")
    note = ("申报表第 5、9 行在工作簿中是隐藏行（打开工作簿时看不到）：这些行已按申报逐件审核，"
            "但是否为有效申报（而非撤回、作废或重复的申报）未核对；如为撤回、作废或重复的申报，请删除这些行后重新审核。")
    assert result.exit_code == 1, result.output
    assert f"未核对：{note}" in result.output.splitlines()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["not_checked_this_run"][-1], len(summary["cases"]), summary["rows_reconcile"]) == (note, 18, True)
    assert note in (tmp_path / "out" / "cases" / "WH-2020-003.html").read_text(encoding="utf-8")
    # and on the index a reviewer opens first, which said nothing of the run's 未核对事项
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<p class="small">本次有 5 项未核对事项，适用于全部申报，见<a href="#not-checked">页末</a>。</p>' in index
    assert index.endswith(f"<li>{note}</li></ul>\n</body>\n</html>\n")


def test_many_hidden_rows_are_counted_after_the_first_twenty():
    from checker.check.intake import hidden_rows_note

    assert hidden_rows_note("「文登区.xlsx」", list(range(3, 33))) == (
        "「文登区.xlsx」第 " + "、".join(str(n) for n in range(3, 23)) + " 行等 30 行在工作簿中是隐藏行（打开工作簿时看不到）："
        "这些行已按申报逐件审核，但是否为有效申报（而非撤回、作废或重复的申报）未核对；如为撤回、作废或重复的申报，请删除这些行后重新审核。")
