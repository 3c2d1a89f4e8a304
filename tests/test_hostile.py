"""Hostile input and faults (issue 12): nothing lost, nothing written outside, never a traceback."""

from __future__ import annotations

import errno
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from checker.errors import InputError
from checker.io import outputs
from tests.helpers import SAMPLES, all_cases, case_text, read_case, read_json, run_cli, write_json

APPLICATION = {"申报编号": "B-1", "企业名称": "威海某公司", "统一社会信用代码": "91371002MA3C8XK25F", "注册地址": "山东省威海市环翠区某路1号",
               "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是", "核准/备案文号": "2020-371002-34-03-000001",
               "年度设备投入（万元）": "150", "项目总投资（万元）": "300", "申报日期": "2020-07-10"}


def _xlsx(path: Path, rows: list[list], replace: dict[bytes, bytes] | None = None, extra_parts: dict | None = None) -> Path:
    """A workbook written by openpyxl, then edited as bytes (what a hostile sender can do)."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            for old, new in (replace or {}).items():
                data = data.replace(old, new)
            target.writestr(item.filename, data)
        for name, data in (extra_parts or {}).items():
            target.writestr(name, data)
    return path


HEADERS = list(APPLICATION)


def _rows(*changes: dict) -> list[list]:
    return [HEADERS] + [[dict(APPLICATION, **change).get(h) for h in HEADERS] for change in changes]


# --- text that cannot be stored ------------------------------------------------------------------


def test_control_characters_are_removed_from_outputs_and_reported_naming_the_cell(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", _rows({"申报编号": "B-1", "企业名称": "NAME1"}, {"申报编号": "B-2", "所在区市": "DISTRICT"}),
                 {b"NAME1": b"\xe5\xa8\x81_x0007_\x01\xe6\xb5\xb7", b"DISTRICT": b"\xe7\x8e\xaf\x02"})
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1 and result.stderr == ""
    summary = read_json(tmp_path / "out" / "summary.json")
    assert summary["rows_reconcile"] and [c["company_name"] for c in summary["cases"]] == ["威海", "威海某公司"]
    case = read_case(tmp_path / "out", "B-1")
    control = next(f for f in case["findings"] if f["rule_id"] == "INP-CONTROL-CHARS")
    assert (control["outcome"], control["severity"], control["message"]) == (
        "fail", "review", "Sheet!B2（企业名称）含控制字符 U+0001、U+0007，已删除后使用；原文：威\\u0007\\u0001海。")
    assert (tmp_path / "out" / "summary.xlsx").exists()
    for report in (p for p in (tmp_path / "out").rglob("*") if p.suffix in (".json", ".html", ".md")):  # JSON escapes them
        assert not any(0 < b < 9 for b in report.read_bytes()), report
    with zipfile.ZipFile(tmp_path / "out" / "summary.xlsx") as package:
        assert not any(0 < b < 9 for name in package.namelist() for b in package.read(name))


@pytest.mark.parametrize("second,shown", [("B\u200b-1", "B\\u200B-1"), ("B\u00ad-1", "B\\u00AD-1"), ("B-\u034f1", "B-\\u034F1")])
def test_ids_that_differ_only_by_invisible_characters_are_one_id(tmp_path, second, shown):
    """A zero-width space, a soft hyphen (Word leaves one in pasted text) or a combining grapheme
    joiner prints as nothing: B-1 typed with one is the same id (the soft hyphen made two ids). The
    row that has it shows it (\\u00AD), so the reviewer sees why two ids that print alike are one."""
    path = write_json(tmp_path / "a.json", [dict(APPLICATION, 申报编号="B-1"), dict(APPLICATION, 申报编号=second)])
    run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    cases = read_json(tmp_path / "out" / "summary.json")["cases"]
    assert [(c["case_id"], c["report"]) for c in cases] == [("B-1", "cases/row1"), ("B-1", "cases/row2")]
    case = read_case(tmp_path / "out", "row2")
    assert (case["findings"][0]["rule_id"], case["findings"][0]["message"]) == (
        "INP-DUPLICATE-ID", f"JSON#2.申报编号 的申报编号“{shown}”（按“B-1”比对，全角半角、空格、换行与不可见字符不计）"
        "在文件中出现 2 次（另见第 1 行）；各条均已审核，报告文件以输入行号 row2 命名。")


@pytest.mark.parametrize("case_id", ["CON", "aux", "Com1.txt", "lpt9", "名称."])
def test_names_windows_refuses_become_row_names(tmp_path, case_id):
    path = write_json(tmp_path / "a.json", [dict(APPLICATION, 申报编号=case_id)])
    run_cli("check", path, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert sorted(p.name for p in (tmp_path / "out" / "cases").iterdir()) == ["row1.html", "row1.json"]


def test_nested_and_huge_values_in_other_columns_become_plain_text(tmp_path):
    deep: object = 1
    for _ in range(300):
        deep = [deep]
    path = tmp_path / "a.jsonl"
    rows = [dict(APPLICATION, 申报编号="B-1", 备注=2**64), dict(APPLICATION, 申报编号="B-2", 附件=deep)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1) and result.stderr == ""
    assert read_case(tmp_path / "out", "B-1")["other_columns"] == {"备注": "18446744073709551616"}
    assert read_case(tmp_path / "out", "B-2")["other_columns"]["附件"].startswith("[[[[")


# --- resource limits before parsing --------------------------------------------------------------


def test_one_far_cell_is_refused_before_anything_allocates_for_it(tmp_path):
    path = _xlsx(tmp_path / "far.xlsx", [["申报编号"], ["B-1"]],
                 {b"</sheetData>": b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'})
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == (f"错误：申报文件「{path}」的工作表 Sheet 超出可读范围（至少 1048576 行、16384 列；"
                             "上限 1048576 行、1000 列），已拒绝。\n")


@pytest.mark.parametrize(("reference", "refused"), [
    ("ALL5", False), ("ALM5", True), ("ZZ5", False),  # column 1000 is the last allowed; ZZ is 702
    ("A1048576", False), ("A1048577", True), ("B99999999999", True),  # row digits beyond seven
])
def test_the_extent_scan_finds_the_one_cell_beyond_the_limits(tmp_path, reference, refused):
    """The scan looks only at references with as many letters or digits as one beyond the limits
    has; the boundaries either side of the limits decide exactly."""
    from checker.io.xlsx import scan_sheet

    path = _xlsx(tmp_path / "edge.xlsx", [["申报编号"], ["B-1"]],
                 {b"</sheetData>": b'<row r="5"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row></sheetData>' % reference.encode()})
    if refused:
        with pytest.raises(InputError, match="超出可读范围"):
            scan_sheet(path, "Sheet")
    else:
        scan_sheet(path, "Sheet")


def test_the_extent_scan_follows_smaller_limits(tmp_path):
    from checker.io.xlsx import ReadLimits, scan_sheet

    path = _xlsx(tmp_path / "small.xlsx", [["申报编号", "a", "b", "c", "d", "e"], ["B-1", 1, 2, 3, 4, 5]], {})
    scan_sheet(path, "Sheet", limits=ReadLimits(max_rows=2, max_columns=6))
    with pytest.raises(InputError, match="至少 2 行、6 列"):
        scan_sheet(path, "Sheet", limits=ReadLimits(max_rows=1, max_columns=6))
    with pytest.raises(InputError, match="6 列；上限 2 行、5 列"):
        scan_sheet(path, "Sheet", limits=ReadLimits(max_rows=2, max_columns=5))


def test_a_part_that_expands_far_more_than_a_workbook_does_is_refused(tmp_path):
    padding = b"<row/>" * 400_000  # 2.4 MB of XML that compresses to a few kB
    path = _xlsx(tmp_path / "bomb.xlsx", [["申报编号"], ["B-1"]], {b"</sheetData>": padding + b"</sheetData>"})
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "压缩比超过 100:1（疑似压缩炸弹），已拒绝。" in result.stderr


def test_an_entity_declaration_after_the_first_4_kib_is_refused(tmp_path):
    prolog = b'<?xml version="1.0"?>\n<!--' + b"x" * 5000 + b'-->\n<!DOCTYPE a [<!ENTITY e "boom">]>\n'
    path = _xlsx(tmp_path / "xxe.xlsx", [["申报编号"], ["B-1"]], {b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n': b""})
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = prolog + parts["xl/worksheets/sheet1.xml"].split(b"?>", 1)[-1]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "含 XML 实体或文档类型声明，按不安全文件拒绝。" in result.stderr


def test_a_damaged_zip_member_is_one_sentence(tmp_path):
    good = SAMPLES / "w05_applications.xlsx"
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as package:
        item = package.getinfo("xl/worksheets/sheet1.xml")
    start = item.header_offset + 30 + len(item.filename) + len(item.extra) + 40
    data[start:start + 64] = bytes(64)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    result = run_cli("check", path, "--out", tmp_path / "out")
    assert result.exit_code == 2 and result.stderr.startswith(f"错误：无法读取申报文件「{path}」：")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- outputs: contained, atomic, accounted for --------------------------------------------------


def test_a_link_planted_in_the_output_folder_is_refused_and_nothing_outside_is_written(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("keep", encoding="utf-8")
    out = tmp_path / "out"
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "B-1.json").symlink_to(outside)
    result = run_cli("check", write_json(tmp_path / "a.json", [APPLICATION]), "--out", out, "--quiet")
    assert result.exit_code == 2 and "是符号链接或特殊文件，已拒绝写入" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep"


def test_a_file_where_the_cases_folder_goes_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "cases").write_text("x", encoding="utf-8")
    result = run_cli("check", write_json(tmp_path / "a.json", [APPLICATION]), "--out", out, "--quiet")
    assert result.exit_code == 2 and "不是本工具写入的文件（cases）" in result.stderr


def test_a_full_disk_is_one_sentence_and_leaves_no_summary(tmp_path, monkeypatch):
    real_write = os.write

    def full(descriptor, data):  # the disk fills while a report is written (cases/ is staged: os.write, no rename)
        if os.readlink(f"/proc/self/fd/{descriptor}").endswith(".html"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(outputs.os, "write", full)
    out = tmp_path / "out"
    result = run_cli("check", write_json(tmp_path / "a.json", [APPLICATION]), "--out", out, "--quiet", "--per-case", "all")
    assert result.exit_code == 2
    assert result.stderr == f"错误：无法写入「{out / 'cases' / 'B-1.html'}」：磁盘空间不足。\n"
    assert not (out / "summary.json").exists()
    assert not [p for p in out.rglob("*") if p.name.startswith(outputs.TEMP_PREFIX)]


def test_a_rerun_replaces_exactly_its_own_earlier_reports(tmp_path):
    apps, out = write_json(tmp_path / "a.json", [APPLICATION]), tmp_path / "out"
    run_cli("check", apps, "--out", out, "--format", "json,html,md", "--quiet", "--per-case", "all")
    (out / "cases" / f"{outputs.TEMP_PREFIX}left-by-a-killed-run.json").write_text("{", encoding="utf-8")
    (out / "summary.json").unlink()  # as if the earlier run had been killed before its last file
    run_cli("check", apps, "--out", out, "--format", "json", "--quiet", "--per-case", "all")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".fundcheck-run.json", "cases.jsonl", "cases/B-1.json", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html"]
    run_cli("check", apps, "--out", out, "--quiet")  # the default: no report file for an eligible case
    files = [".fundcheck-run.json", "cases.jsonl", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == files
    assert read_json(out / ".fundcheck-run.json")["files"] == files


def test_another_inputs_reports_need_force_and_force_deletes_only_what_fundcheck_wrote(tmp_path):
    out = tmp_path / "out"
    run_cli("check", write_json(tmp_path / "a.json", [APPLICATION]), "--out", out, "--quiet")
    (out / "mine.txt").write_text("notes", encoding="utf-8")
    other = write_json(tmp_path / "b.json", [dict(APPLICATION, 申报编号="B-9")])
    refused = run_cli("check", other, "--out", out, "--quiet")
    assert refused.exit_code == 2 and "有另一次运行（check W-05" in refused.stderr
    forced = run_cli("check", other, "--out", out, "--quiet", "--force", "--per-case", "all")
    assert forced.exit_code in (0, 1)
    assert sorted(p.name for p in (out / "cases").iterdir()) == ["B-9.html", "B-9.json"]
    assert (out / "mine.txt").read_text(encoding="utf-8") == "notes"


# --- no traceback ------------------------------------------------------------------------------


def test_an_internal_error_is_one_sentence_and_a_crash_file(tmp_path, monkeypatch):
    from checker.check import batch

    monkeypatch.setenv("FUNDCHECK_CRASH_DIR", str(tmp_path / "crash"))
    monkeypatch.setattr(batch, "batch_applicants", lambda seen: 1 / 0)
    result = run_cli("check", write_json(tmp_path / "a.json", [APPLICATION]), "--out", tmp_path / "out")
    crash = next((tmp_path / "crash").glob("crash-*.txt"))
    assert result.exit_code == 2
    assert result.stderr == (f"错误：内部错误（ZeroDivisionError），本次运行未完成；详细信息已写入 {crash}，"
                             "请将该文件发给维护人员。\n")
    assert "ZeroDivisionError" in crash.read_text(encoding="utf-8")


# --- draws under concurrency and faults -----------------------------------------------------------


def _draw_args(tmp_path: Path, out: str, numbers: str) -> list[str]:
    return ["draw", "new", "--pool", str(SAMPLES / "experts.xlsx"), "--field", "新材料", "--round", "R-1",
            "--ledger", str(tmp_path / "l.db"), "--out", str(tmp_path / out), "--random-source", numbers]


def test_two_draws_started_together_leave_exactly_one_first_draw(tmp_path):
    import subprocess
    import sys

    for pair in range(10):
        folder = tmp_path / f"pair{pair}"
        folder.mkdir()
        started = [subprocess.Popen([sys.executable, "-m", "checker", *_draw_args(folder, f"{name}.json", numbers)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for name, numbers in (("a", "1 2 3"), ("b", "4 5 6"))]
        results = [(process.wait(), process.stderr.read()) for process in started]
        assert sorted(code for code, _ in results) == [0, 2], results
        refused = next(err for code, err in results if code == 2)
        assert "再次抽取属于重新抽取，须用 --redraw-reason 说明原因" in refused and "Traceback" not in refused
        from checker.draw import ledger

        connection = ledger.open_existing(folder / "l.db")
        assert [entry.data["type"] for entry in ledger.entries(connection)] == ["draw"]
        connection.close()


def test_a_panel_file_that_cannot_be_put_in_place_records_nothing(tmp_path):
    (tmp_path / "d.panel.xlsx").mkdir()  # a folder where the panel file goes
    result = run_cli(*_draw_args(tmp_path, "d.json", "1 2 3"))
    assert result.exit_code == 2 and "是文件夹、符号链接或特殊文件" in result.stderr
    assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()


def test_panel_files_never_hold_a_formula(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("专家编号,姓名,工作单位,专业领域,状态\n" + "\n".join(
        f"E{i},=HYPERLINK(\"http://x\"),+cmd|' /C calc'!A0,新材料,在库" for i in range(12)), encoding="utf-8")
    for panel in ("p.xlsx", "p.csv"):
        args = _draw_args(tmp_path, f"{panel}.json", "1 2 3")
        args[args.index("--pool") + 1] = str(pool)
        args[args.index("--round") + 1] = panel
        assert run_cli(*args, "--panel-out", tmp_path / panel).exit_code == 0
    with zipfile.ZipFile(tmp_path / "p.xlsx") as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = package.read("xl/sharedStrings.xml").decode("utf-8")
    from openpyxl import load_workbook

    cells = [cell for row in load_workbook(tmp_path / "p.xlsx").worksheets[0].iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith(("=", "+"))]
    # the text is kept exactly (no apostrophe added), as text cells marked by the quotePrefix style
    assert "<f>" not in sheet and '<t>=HYPERLINK("http://x")</t>' in strings
    assert sorted({(cell.value, cell.data_type, cell.quotePrefix) for cell in cells}) == [
        ("+cmd|' /C calc'!A0", "s", True), ('=HYPERLINK("http://x")', "s", True)]
    assert len(cells) == 2 * 10  # the name and the unit of each expert listed (7 + 3 alternates)
    assert all(not line.split(",")[3].startswith(("=", "+")) for line in (tmp_path / "p.csv").read_text(encoding="utf-8-sig").splitlines()[1:])


def test_verify_with_the_ledger_finds_a_substitution_deleted_from_the_record(tmp_path):
    run_cli(*_draw_args(tmp_path, "d.json", "1 2 3"))
    record = read_json(tmp_path / "d.json")
    first = record["panel"][0]["expert_id"]
    assert run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝").exit_code == 0
    substituted = read_json(tmp_path / "d.json")
    hidden = dict(substituted, substitutions=[])
    hidden["ledger"] = dict(substituted["ledger"], head=substituted["ledger"]["head"])
    write_json(tmp_path / "hidden.json", hidden)
    result = run_cli("draw", "verify", tmp_path / "hidden.json", "--ledger", tmp_path / "l.db")
    by = substituted["substitutions"][0]["by"]
    assert (result.exit_code, result.output) == (1, f"不一致：账本第 2 条记有本次抽取的替换（{first} → {by}），记录中没有。\n")


def _big_input(tmp_path: Path, rows: int) -> Path:
    return write_json(tmp_path / "big.json", [dict(APPLICATION, 申报编号=f"B-{i:05d}") for i in range(rows)])


@pytest.mark.parametrize("signal_name,delay", [("SIGKILL", 0.3), ("SIGTERM", 0.2)])
def test_a_killed_run_then_a_rerun_leaves_exactly_the_reruns_reports(tmp_path, signal_name, delay):
    import signal
    import subprocess
    import sys
    import time

    apps, out = _big_input(tmp_path, 1500), tmp_path / "out"
    command = [sys.executable, "-m", "checker", "check", str(apps), "--out", str(out), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # until it is writing reports
        if (out / "cases").is_dir() or process.poll() is not None:
            break
        time.sleep(0.05)
    time.sleep(delay)
    process.send_signal(getattr(signal, signal_name))
    code = process.wait()
    # a run that finished before the signal arrived exits 1 (every case flagged): nothing to check then
    if signal_name == "SIGTERM" and code not in (0, 1):  # asked to stop: it says so and removes its temporary files
        assert code == 2 and "已中断" in process.stderr.read()
        assert not [p for p in out.rglob(f"{outputs.TEMP_PREFIX}*")]
    assert subprocess.run(command, capture_output=True).returncode == 1
    planned = set(json.loads((out / ".fundcheck-run.json").read_text(encoding="utf-8"))["files"])
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == planned and len(planned) == 1500 + 7  # one company 1,500 times: every case flagged (duplicate applicant)
    assert read_json(out / "summary.json")["counts"]["cases"] == 1500


def test_text_longer_than_a_cell_holds_is_cut_with_a_note_not_dropped(tmp_path):
    """A spreadsheet cell holds 32,767 characters; a longer name is cut, says so, and its row stays."""
    from openpyxl import load_workbook

    from checker.report.summary import CELL_CHARACTERS, CUT_NOTE

    name = "威" * 40_000
    path = write_json(tmp_path / "a.json", [dict(APPLICATION, 申报编号="B-1", 企业名称=name), dict(APPLICATION, 申报编号="B-2")])
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1) and result.stderr == ""
    rows = list(load_workbook(tmp_path / "out" / "summary.xlsx").worksheets[0].iter_rows(min_row=4, values_only=True))
    assert [r[2] for r in rows] == ["B-1", "B-2"]
    assert rows[0][3] == name[:CELL_CHARACTERS - len(CUT_NOTE)] + CUT_NOTE and len(rows[0][3]) == CELL_CHARACTERS
    assert read_json(tmp_path / "out" / "summary.json")["cases"][0]["company_name"] == name  # the data keeps it whole
