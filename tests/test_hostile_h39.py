"""Hostile files and faults (h39): an office PC running fundcheck on whatever districts send."""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

from tests.helpers import SAMPLES, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")


def _check(source, out, *extra):
    return run_cli("check", source, "--workflow", "W-05", "--out", out, *WINDOW, "--quiet", *extra)


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


class Killed(BaseException):
    """SIGKILL: nothing runs after it (no handler, no clean-up)."""


def test_a_rerun_killed_while_clearing_the_old_reports_leaves_no_summary_over_half_of_them(tmp_path, monkeypatch):
    """A rerun first removes what the earlier run wrote. It removed the manifest first and
    summary.json among the last: killed halfway (30,000 cases: 45 s in), the folder held the old
    summary.json counting every case beside half its reports and no cases.jsonl, looking complete,
    and the next run refused the leftovers as 不是本工具写入的文件 (which --force does not delete)."""
    out = tmp_path / "out"
    assert _check(SAMPLES / "w05_applications.xlsx", out).exit_code == 1
    complete = _files(out)
    summary = (out / "summary.json").read_bytes()
    manifest = (out / ".fundcheck-run.json").read_bytes()

    real_unlink, removed = pathlib.Path.unlink, []

    def unlink(self, missing_ok=False):
        if len(removed) == 3:
            raise Killed
        removed.append(self.name)
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(pathlib.Path, "unlink", unlink)
    with pytest.raises(Killed):
        _check(SAMPLES / "w05_applications.xlsx", out)
    monkeypatch.undo()

    assert removed[0] == "summary.json"  # the completion marker goes first
    assert not (out / "summary.json").exists()
    assert (out / ".fundcheck-run.json").read_bytes() == manifest  # what is left stays accounted for
    rerun = _check(SAMPLES / "w05_applications.xlsx", out)
    assert (rerun.exit_code, rerun.stderr) == (1, "")
    assert _files(out) == complete
    assert (out / "summary.json").read_bytes() == summary


def _edited_sample(path, old: bytes, new: bytes):
    """The sample workbook with its sheet XML edited as bytes."""
    import zipfile

    with zipfile.ZipFile(SAMPLES / "w05_applications.xlsx") as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(item.filename, data)
    return path


@pytest.mark.parametrize("empty", [b'<c r="XFD21" s="0"/>', b'<c r="XFD21" s="0"></c>'], ids=["self-closing", "closed"])
def test_a_sheet_formatted_out_to_its_last_column_and_row_is_read(tmp_path, empty):
    """A district's sheet whose format was applied out to the sheet's edge holds empty cells there
    (declared A1:XFD1048576). The extent scan counted an empty cell as the sheet's last cell and
    refused the whole workbook as 超出可读范围（至少 21 行、16384 列）, a place the office sees nothing
    in; the reader allocates nothing for such a cell. The sheet is now read as the sample is."""
    path = _edited_sample(tmp_path / "edge.xlsx", b"</c></row></sheetData>",
                          b"</c>" + empty + b'</row><row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == ("W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 19 行，跳过空行 1）"
                                             "— 符合条件 4，不符合条件 4，需人工复核 10。")


def test_an_empty_text_cell_at_the_sheets_edge_is_still_refused(tmp_path):
    """An empty string cell is a value to the reader (it would allocate the whole sheet's grid)."""
    path = _edited_sample(tmp_path / "edge.xlsx", b"</row></sheetData>",
                          b'</row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row></sheetData>')
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (2, f"错误：申报文件「{path}」的工作表 申报汇总表 超出可读范围（至少 1048576 行、16384 列；"
                                                    "上限 1048576 行、1000 列），已拒绝。\n")


FIRST_LINE = "W-05 工业企业技术改造补助资金项目审核: 18 件申报（输入 19 行，跳过空行 1）— 符合条件 4，不符合条件 4，需人工复核 10。"


def test_a_folder_that_is_also_its_own_output_folder_is_checked_again(tmp_path):
    """The districts' folder given as its own output folder (with --force, which keeps their files):
    the next check of that folder read the run's summary.json, cases.jsonl and cases/ as applications
    and stopped with 申报文件「summary.json」应为记录列表. The files the folder's manifest lists as the
    run's own are not applications and are passed over."""
    folder = tmp_path / "2020技改"
    folder.mkdir()
    shutil.copy(SAMPLES / "w05_applications.xlsx", folder / "汇总表.xlsx")
    args = ("check", folder, "--workflow", "W-05", "--out", folder, *WINDOW, "--force", "--per-case", "all", "--format", "json,html")
    first = run_cli(*args)
    assert (first.exit_code, first.stderr, first.stdout.splitlines()[0]) == (1, "", FIRST_LINE)
    again = run_cli(*args)
    assert (again.exit_code, again.stderr, again.stdout.splitlines()[0]) == (1, "", FIRST_LINE)
    other = run_cli("check", folder, "--workflow", "W-05", "--out", tmp_path / "elsewhere", *WINDOW)
    assert (other.exit_code, other.stderr, other.stdout.splitlines()[0]) == (1, "", FIRST_LINE)


def test_a_manifest_never_hides_a_districts_file(tmp_path):
    """Only the names a run gives its own tables are passed over: a manifest listing a district's
    file (edited, or copied from elsewhere) does not take it out of the batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "w05_applications.xlsx", folder / "汇总表.xlsx")
    (folder / ".fundcheck-run.json").write_text('{"command": "check W-05", "input_sha256": "x", "files": ["汇总表.xlsx"]}', encoding="utf-8")
    result = run_cli("check", folder, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr, result.stdout.splitlines()[0]) == (1, "", FIRST_LINE)


def _sample_csv_lines() -> list[str]:
    """The sample's header and first eight applications as a CSV file's lines, as a system writes it."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(SAMPLES / "w05_applications.xlsx")).get_sheet_by_index(0).to_python()[1:]

    def text(value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

    return [",".join(text(v) for v in row) for row in sheet[:9]]


def test_an_unpaired_quote_in_a_csv_no_longer_swallows_the_applications_after_it(tmp_path):
    """A company name typed with an opening ASCII quote ("荣成海达渔具…) and no closing one: the CSV
    reader took every line after it into that one cell. The run said 3 件申报（输入 3 行） for a file of
    8 applications, the other 5 gone without a word and the counts agreeing. It is now refused,
    naming the line and column where the quote opens."""
    lines = _sample_csv_lines()
    lines[3] = lines[3].replace(",荣成海达", ',"荣成海达', 1)
    path = tmp_path / "环翠区.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="gbk")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"错误：申报文件「{path}」第 4 行 C 列的单元格以英文引号开头而引号未配对，其后的 5 行被读进了这一个单元格，"
                             "其中的申报会被漏掉；请删去或补齐该引号后重试。\n")


def test_a_cell_with_its_own_line_breaks_is_read_as_written(tmp_path):
    """An Excel export quotes a cell holding Alt+Enter line breaks: its record stays as wide as the header."""
    lines = _sample_csv_lines()
    lines[3] = lines[3].replace(",荣成海达渔具有限公司石岛分公司,", ',"荣成海达渔具有限公司\r\n石岛分公司",', 1)
    path = tmp_path / "汇总表.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == "W-05 工业企业技术改造补助资金项目审核: 8 件申报（输入 8 行，跳过空行 0）— 符合条件 2，不符合条件 4，需人工复核 2。"


def test_a_csv_line_split_by_an_unquoted_comma_is_a_finding_on_that_line(tmp_path):
    """上海威联电子科技有限公司,石岛分公司 written without quotes: the line has 16 values under 15
    headers and every value after the comma sits one column on. The run read the shifted values as
    if in place (the credit code 石岛分公司, the filing number as the amount) and said nothing of the
    line itself. The line is now an INP-RECORD finding naming the extra value; its rules wait."""
    from tests.helpers import read_case

    lines = _sample_csv_lines()
    lines[2] = lines[2].replace("上海威联电子科技有限公司", "上海威联电子科技有限公司,石岛分公司", 1)
    path = tmp_path / "汇总表.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    case = read_case(tmp_path / "out", "WH-2020-002")
    problem = ("有 16 个值，表头只有 15 列，多出的值为“李经理”：可能是某个单元格中的逗号没有加引号，把该单元格分成了两个，"
               "其后各列的值都已错位")
    assert case["verdict"] == "needs_review"
    found = [{k: f[k] for k in ("rule_id", "severity", "outcome", "message", "remedy", "evidence")}
             for f in case["findings"] if f["rule_id"].startswith("INP")]
    assert found == [{
        "rule_id": "INP-RECORD", "severity": "review", "outcome": "fail",
        "message": f"汇总表 第 3 行：{problem}。该申报的所有规则判为“待补充”。",
        "remedy": "请修正该行的格式后重新提交。",
        "evidence": {"source": "汇总表!第3行", "problem": problem},
    }]
    assert {f["outcome"] for f in case["findings"] if not f["rule_id"].startswith("INP")} == {"missing", "not_applicable"}


def test_a_workbook_under_the_wrong_ending_is_named_for_what_it_is(tmp_path):
    """An .xls saved (or renamed) as .xlsx and an .xlsx with an opening password are both OLE files:
    the run said of each 该文件设有打开密码，或是改了扩展名的 .xls 工作簿, sending the office to ask a district
    to remove a password it never set. An .ods renamed .xlsx was 文件已损坏，或并非该格式. Each is now
    told apart by the streams (or the mimetype) the file holds."""
    import zipfile

    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(3000)
    (tmp_path / "文登区.xlsx").write_bytes(ole + "Root Entry".encode("utf-16-le") + bytes(50) + "Workbook".encode("utf-16-le") + bytes(60))
    (tmp_path / "荣成市.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(50)
                                         + "EncryptedPackage".encode("utf-16-le") + bytes(60))
    with zipfile.ZipFile(tmp_path / "乳山市.xlsx", "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", "<office:document-content xmlns:office='urn:oasis:names:tc:opendocument:xmlns:office:1.0'/>")
    expected = {
        "文登区.xlsx": "：不是 .xlsx 工作簿（不是 zip 包）；内容其实是 .xls 工作簿，扩展名却是 .xlsx（常见于改过扩展名的文件）："
                     "请把扩展名改为 .xls，或在 Excel 或 WPS 中另存为 .xlsx 后重试",
        "荣成市.xlsx": "：不是 .xlsx 工作簿（不是 zip 包）；该文件设有打开密码（加密的工作簿无法读取）：请在 Excel 或 WPS 中打开，"
                     "去掉打开密码后保存，再重试",
        "乳山市.xlsx": "：内容其实是 OpenDocument 表格（.ods），扩展名却是 .xlsx（常见于改过扩展名的文件）：请把扩展名改为 .ods，"
                     "或在 WPS 或 Excel 中另存为 .xlsx 后重试",
    }
    for name, said in expected.items():
        result = run_cli("check", tmp_path / name, "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
        assert (result.exit_code, result.stderr) == (2, f"错误：无法读取申报文件「{tmp_path / name}」{said}\n")


APPLICATION = {"申报编号": "B-1", "企业名称": "威海某公司", "统一社会信用代码": "91371002MA3C8XK25F", "注册地址": "山东省威海市环翠区某路1号",
               "所在区市": "环翠区", "是否独立法人": "是", "符合产业政策方向": "是", "核准/备案文号": "2020-371002-34-03-000001",
               "年度设备投入（万元）": "150", "项目总投资（万元）": "300", "申报日期": "2020-07-10"}


def _ods(path, rows_xml: str):
    """An OpenDocument spreadsheet whose sheet 申报汇总表 holds a header line, one application and ``rows_xml``."""
    import zipfile
    from xml.sax.saxutils import escape

    def cells(values):
        return "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>' for v in values)

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="申报汇总表">'
               f"<table:table-row>{cells(APPLICATION)}</table:table-row>"
               f"<table:table-row>{cells(APPLICATION.values())}</table:table-row>{rows_xml}"
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", manifest)
        package.writestr("content.xml", content)
    return path


def test_a_tiny_ods_whose_repeated_cells_stand_for_gigabytes_is_refused_in_one_sentence(tmp_path):
    """A 4 KB .ods stating one row of 900 filled cells 60,000 times (table:number-rows-repeated)
    made the reader write every copy out: 2.4 GB, then the process aborted (SIGABRT) with no word
    to the user. It is now refused before the reader opens it."""
    repeated = ('<table:table-row table:number-rows-repeated="60000"><table:table-cell table:number-columns-repeated="900" '
                'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    path = _ods(tmp_path / "炸弹.ods", repeated)
    assert path.stat().st_size < 4096
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"错误：申报文件「{path}」的工作表 申报汇总表 中重复的单元格展开后超过 200 MB（疑似压缩炸弹），已拒绝。\n"
    wide = '<table:table-row><table:table-cell table:number-columns-repeated="1000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    result = run_cli("check", _ods(tmp_path / "宽.ods", wide), "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, f"错误：申报文件「{tmp_path / '宽.ods'}」的工作表 申报汇总表 超出可读范围"
                                                    "（至少 3 行、1001 列；上限 1048576 行、1000 列），已拒绝。\n")


def test_an_ods_with_its_unused_area_stored_as_repeated_empty_cells_is_read(tmp_path):
    """LibreOffice stores a sheet's unused area as empty rows and cells repeated to the sheet's edge."""
    unused = ('<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/>'
              "</table:table-row>")
    result = run_cli("check", _ods(tmp_path / "环翠区.ods", unused), "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "W-05 工业企业技术改造补助资金项目审核: 1 件申报（输入 1 行，跳过空行 0）— 符合条件 1，不符合条件 0，需人工复核 0。"


def test_check_keeps_its_exit_status_when_its_reader_goes_away(tmp_path):
    """`fundcheck check … | head -1` (or | grep -q, or a scheduler that closes the pipe): the summary
    lines met a closed pipe and the run exited 0, "every case eligible", after checking a batch
    with ineligible cases. The run is complete and its status stands: 1."""
    import json
    import subprocess
    import sys

    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "-w", "W-05",
                                *WINDOW, "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line
    error = process.stderr.read()
    assert (process.wait(), error) == (1, b"")
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"] == {
        "cases": 18, "eligible": 4, "ineligible": 4, "needs_review": 10}


def test_two_districts_csv_files_joined_in_two_encodings_are_refused_naming_the_line(tmp_path):
    """环翠区's CSV saved as UTF-8 and 文登区's as GBK, joined into one (copy /b a.csv+b.csv): the run
    said only 既不是 UTF-8 也不是 GBK/GB18030 编码的文本, though every line up to the joined one reads as
    UTF-8. It now names the line where the second file begins and why."""
    lines = _sample_csv_lines()
    utf8 = ("\r\n".join(lines[:6]) + "\r\n").encode("utf-8")
    gbk = ("\r\n".join(lines[6:]) + "\r\n").encode("gbk")
    path = tmp_path / "全市.csv"
    path.write_bytes(utf8 + gbk)
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"错误：无法读取申报文件「{path}」：第 7 行以前是 UTF-8 编码的文本，第 7 行却不是（常见于把不同编码的文件拼接成一个）："
                             "请把各区市的文件分别另存为同一编码后重试\n")


def test_a_csv_line_one_value_short_among_whole_lines_is_a_finding_on_that_line(tmp_path):
    """文登区,是 typed as 文登区是 (a comma lost) in a system's export whose every other line has all
    15 values: the line's values after it sat one column back (是否独立法人 read 高性能纤维产线改造, the
    amounts from the columns beside them), each said as a separate unreadable cell or, where the
    neighbour happened to read, not at all. The line is now one INP-RECORD finding; a note or
    sign-off line under the table (注：…, 填报人：…,审核人：…) is still set aside as before."""
    from tests.helpers import read_case

    lines = _sample_csv_lines()
    lines[4] = lines[4].replace("文登区,是", "文登区是", 1)
    lines += ["注：金额单位为万元", "填报人：张三,审核人：李四"]
    path = tmp_path / "汇总表.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out", *WINDOW)
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0] == ("W-05 工业企业技术改造补助资金项目审核: 8 件申报（输入 10 行，跳过空行 0、表头/标题/说明行 2（第 10、11 行））"
                                             "— 符合条件 2，不符合条件 3，需人工复核 3。")
    problem = "只有 14 个值，表头有 15 列，其他各行都是 15 个：可能是两个单元格之间少了一个逗号，其后各列的值都已错位"
    found = [{k: f[k] for k in ("rule_id", "severity", "outcome", "message", "evidence")}
             for f in read_case(tmp_path / "out", "WH-2020-004")["findings"] if f["rule_id"].startswith("INP")]
    assert found == [{"rule_id": "INP-RECORD", "severity": "review", "outcome": "fail",
                      "message": f"汇总表 第 5 行：{problem}。该申报的所有规则判为“待补充”。",
                      "evidence": {"source": "汇总表!第5行", "problem": problem}}]


WORKER_SCRIPT = """
import os, sys, time
from checker.core.processes import in_order

def work(span):
    with open(os.path.join(sys.argv[1], f"worker-{os.getpid()}"), "w"):
        pass
    time.sleep(600)
    return span

for _ in in_order(work, range(4), 2):
    pass
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked (one process where fork is missing)")
def test_worker_processes_end_with_a_parent_that_was_killed(tmp_path):
    """A run killed outright (SIGKILL, the out-of-memory killer) left its worker processes behind,
    waiting for work for ever and holding the output folder's lock: every later run into that folder
    stopped with 正由另一次运行写入, and the office could not tell which process to end. The workers now
    end with their parent."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT, str(tmp_path)])
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # never leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rpartition(b")")[2].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


def test_an_applicants_list_with_a_line_out_of_its_columns_stops_the_draw(tmp_path):
    """申报单位名单 as CSV with 威海,华材新材料有限公司 typed without quotes: the name read 威海 and the
    code column 华材新材料有限公司, so ZJ001 (who works at 威海华材新材料有限公司, same code) was no
    longer recused: draw check counted 2 同单位 recusals instead of 3, and draw new could have put
    him on the panel. Such a line now stops draw check and draw new, naming it."""
    import json

    applicants = json.loads((SAMPLES / "draw" / "applicants.json").read_text(encoding="utf-8"))
    lines = ["申报编号,企业名称,统一社会信用代码"] + [f"{a['申报编号']},{a['企业名称']},{a['统一社会信用代码']}" for a in applicants]
    lines[1] = lines[1].replace("威海华材", "威海,华材", 1)
    path = tmp_path / "申报单位.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = (f"错误：申报单位名单「{path}」第 2 行有 4 个值，表头只有 3 列，多出的值为“91371000MA3C8NQN77”：可能是某个单元格中的逗号没有加引号，"
            "把该单元格分成了两个，其后各列的值都已错位；请改正后重试（回避按错位的值会漏掉）。\n")
    result = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--applicants", path)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", said)
    result = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--round", "2025-XCL-01",
                     "--ledger", tmp_path / "draws.db", "--out", tmp_path / "draw.json", "--applicants", path,
                     "--random-source", "3 9 14 22 27 31 8")
    assert (result.exit_code, result.stderr) == (2, said)
    assert not (tmp_path / "draw.json").exists()


def test_a_reviewer_decision_whose_reason_holds_a_bare_comma_is_refused_not_misattributed(tmp_path):
    """复核决定 as CSV with the 理由 已核实营业执照,确为独立法人 (a comma, no quotes): the decision was
    applied with the reason cut to 已核实营业执照 and the 复核人 recorded as 确为独立法人, the real
    reviewer 王科长 dropped: the report's sign-off named someone who does not exist. The file is now
    refused naming the entry."""
    path = tmp_path / "复核.csv"
    path.write_text("申报编号,规则编号,复核结论,理由,复核人\nWH-2020-003,APP-BRANCH-LEGAL-PERSON,通过,已核实营业执照,确为独立法人,王科长\n",
                    encoding="utf-8")
    result = _check(SAMPLES / "w05_applications.xlsx", tmp_path / "out", "--overrides", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("错误：复核.csv 第 1 条（复核 第 2 行）有 6 个值，表头只有 5 列，多出的值为“王科长”：可能是某个单元格中的逗号没有加引号，"
                             "把该单元格分成了两个，其后各列的值都已错位；请给含逗号的理由加上英文双引号，或改用中文逗号后重试。\n")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_an_output_folder_named_through_a_link_is_written_in(tmp_path):
    """--out 审核结果 where 审核结果 is a link to a folder (a share mounted elsewhere, a folder moved
    and linked back): the run stopped with 「审核结果」不是文件夹，无法写入报告 after it had written its
    manifest and cases/ into the linked folder. The folder the user names is written in; links
    found inside it are still refused."""
    target = tmp_path / "share" / "2020技改"
    target.mkdir(parents=True)
    link = tmp_path / "审核结果"
    link.symlink_to(target, target_is_directory=True)
    result = _check(SAMPLES / "w05_applications.xlsx", link)
    assert (result.exit_code, result.stderr) == (1, "")
    every = _check(SAMPLES / "w05_applications.xlsx", tmp_path / "plain")
    assert _files(target) == _files(tmp_path / "plain")
    assert (target / "summary.json").read_bytes() == (tmp_path / "plain" / "summary.json").read_bytes()
    assert every.exit_code == 1


def test_a_conflicts_list_with_a_reason_over_two_lines_is_read(tmp_path):
    """A 回避原因 written over two lines (Alt+Enter) holding a comma is a cell of its own, not lines
    swallowed by an unpaired quote: the list is read and the recusal counted."""
    path = tmp_path / "回避.csv"
    path.write_text('专家编号,申报单位,回避原因\nZJ008,威海蓝海复合材料科技有限公司,"近三年曾为该公司\n提供技术咨询,并领取报酬"\n', encoding="utf-8")
    result = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--size", "7", "--conflicts", path)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].split() == ["新材料", "27", "0", "0", "1", "1", "26", "10", "充足"]


def test_a_key_fields_csv_line_with_a_bare_comma_is_refused_not_cut(tmp_path):
    """--key-fields 重点领域.csv with the line 智能制造,新材料 (the notice's list typed with a comma): the
    CSV made it two cells, only 智能制造 was read, and every 新材料 applicant failed the key-field gate
    without a word about the list. The file is now refused naming the line."""
    path = tmp_path / "重点领域.csv"
    path.write_text("重点领域\n智能制造,新材料\n电子信息\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "check" / "W-02_applications.xlsx", "--workflow", "W-02", "--as-of", "2021-06-30",
                     "--key-fields", path, "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"错误：重点领域名单「{path}」第 2 行有 2 个值，表头只有 1 列，多出的值为“新材料”：可能是某个单元格中的逗号没有加引号，"
                             "把该单元格分成了两个，其后各列的值都已错位；同一格列出几个领域请用 、 分隔，或给该格加上英文双引号。\n")
    path.write_text('重点领域\n"智能制造,新材料"\n电子信息\n', encoding="utf-8")
    quoted = run_cli("check", SAMPLES / "check" / "W-02_applications.xlsx", "--workflow", "W-02", "--as-of", "2021-06-30",
                     "--key-fields", path, "--out", tmp_path / "quoted")
    listed = run_cli("check", SAMPLES / "check" / "W-02_applications.xlsx", "--workflow", "W-02", "--as-of", "2021-06-30",
                     "--key-fields", "智能制造、新材料、电子信息", "--out", tmp_path / "listed")
    assert (quoted.exit_code, quoted.stderr) == (listed.exit_code, "")
    assert quoted.stdout.splitlines()[0] == listed.stdout.splitlines()[0]


def test_a_catalogue_csv_title_with_a_bare_comma_is_refused_not_cut(tmp_path):
    """条目名称 高档数控机床,配套数控系统 typed with a comma in the bureau's catalogue CSV: the title was
    cut to 高档数控机床 (an application naming the whole title no longer matched it by title, one
    naming the shorter words did). The list is now refused naming the line."""
    source = (SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv").read_text(encoding="utf-8-sig")
    assert "高档数控机床及配套数控系统" in source
    path = tmp_path / "目录.csv"
    path.write_text(source.replace("高档数控机床及配套数控系统", "高档数控机床,配套数控系统"), encoding="utf-8")
    result = run_cli("check", SAMPLES / "check" / "W-04_applications.xlsx", "--workflow", "W-04", "--catalogue", path,
                     "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("错误：目录.csv（产业目录条目表）第 2 行有 5 个值，表头只有 4 列，多出的值为“配套数控系统”：可能是某个单元格中的逗号没有加引号，"
                             "把该单元格分成了两个，其后各列的值都已错位；请给含逗号的格加上英文双引号后重试。\n")


def test_a_round_list_line_with_a_bare_comma_is_refused_not_cut(tmp_path):
    """The 后备库 list's 文号 typed 威工信字〔2021〕6号,附件2 (a comma, no quotes): the line had a value
    beyond the header, silently dropped, and the entry's 文号 cut short in every report citing it.
    The list is now refused naming the line."""
    source = (SAMPLES / "check" / "registers" / "reserve_pool.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "后备库.csv"
    path.write_text(source.replace("威工信字〔2021〕6号（示例）", "威工信字〔2021〕6号,附件2", 1), encoding="utf-8")
    result = run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--as-of", "2021-06-30",
                     "--key-fields", "智能制造、新材料、电子信息", "--reserve-pool", path, "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("错误：后备库.csv（冲击新目标后备库企业名单）第 2 行有 5 个值，表头只有 4 列，多出的值为“附件2”：可能是某个单元格中的逗号没有加引号，"
                             "把该单元格分成了两个，其后各列的值都已错位；请给含逗号的格加上英文双引号后重试。\n")


def test_a_ledger_csv_line_split_by_a_comma_before_empty_cells_is_a_finding_on_that_line(tmp_path):
    """A 受理台账 exported to CSV (every line 17 values) with 南阳示例电子有限公司,分部 typed without
    quotes: the value pushed past the header was the line's empty last cell, so nothing looked extra,
    and the line was judged from shifted cells (its 事项 read as the credit code, its dates from the
    wrong columns). It is now one INP-RECORD finding on that line."""
    from python_calamine import CalamineWorkbook

    from tests.helpers import read_case

    def text(value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

    sheet = CalamineWorkbook.from_path(str(SAMPLES / "ledgers" / "N-04_受理台账.xlsx")).get_sheet_by_index(0).to_python()
    lines = [",".join(text(v) for v in row) for row in sheet]
    assert lines[1].startswith("N04-001,南阳示例电子有限公司,")
    lines[1] = lines[1].replace("南阳示例电子有限公司", "南阳示例电子有限公司,分部", 1)
    path = tmp_path / "台账.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", path, "--workflow", "N-04", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (1, "")
    problem = "有 18 个值，表头只有 17 列，其他各行都是 17 个：可能是某个单元格中的逗号没有加引号，把该单元格分成了两个，其后各列的值都已错位"
    case = read_case(tmp_path / "out", "N04-001")
    assert case["verdict"] == "needs_review"
    assert [(f["rule_id"], f["outcome"], f["message"], f["evidence"]) for f in case["findings"] if f["rule_id"] == "INP-RECORD"] == [
        ("INP-RECORD", "fail", f"台账 第 2 行：{problem}。该申报的所有规则判为“待补充”。", {"source": "台账!第2行", "problem": problem})]


@pytest.mark.parametrize("name", ["环翠区.csv", "环翠区.jsonl", "环翠区.json"])
def test_a_text_table_over_the_size_limit_is_refused_before_it_is_read(tmp_path, name):
    """A CSV or JSON file was read whole into memory whatever its size (then decoded: several times
    its size again): a 3 GB export exhausted an office PC. Text tables now have the limit a
    workbook's part has, checked before a byte is read."""
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(300 * (1 << 20))  # sparse: nothing written, the size is what counts
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"错误：申报文件「{path}」有 300 MB，超过上限 200 MB，已拒绝。\n"
