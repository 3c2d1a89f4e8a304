"""The one table reader: every format gives the same rows, each cell with a reference a reviewer can
find; CSV is an input like any other (UTF-8, GBK or UTF-16 with its BOM)."""

from __future__ import annotations

import json

import pytest
import yaml
from openpyxl import Workbook

from checker.errors import InputError
from checker.io.table import aliases, open_table
from tests.helpers import SAMPLES, read_json, run_cli

KNOWN = aliases({"case_id": ["申报编号"], "amount": [("年度设备投入(万元)", "万元"), ("年度设备投入(元)", "元")]})
ROWS = [["申报编号", "年度设备投入（万元）", "备注"], ["A-1", "120", "x"], ["A-2", "", ""]]


def _write(path, rows):
    suffix = path.suffix
    if suffix == ".xlsx":
        workbook = Workbook()
        workbook.active.title = "申报汇总表"
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    elif suffix == ".csv":
        path.write_bytes("\n".join(",".join(r) for r in rows).encode("gbk" if "gbk" in path.stem else "utf-8-sig"))
    else:
        records = [dict(zip(rows[0], r)) for r in rows[1:]]
        text = json.dumps(records, ensure_ascii=False) if suffix == ".json" else (
            "\n".join(json.dumps(r, ensure_ascii=False) for r in records) if suffix == ".jsonl" else yaml.safe_dump(records, allow_unicode=True))
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name,first_ref", [
    ("a.xlsx", "申报汇总表!B2"), ("a.csv", "a!B2"), ("a_gbk.csv", "a_gbk!B2"),
    ("a.json", "JSON#1.年度设备投入（万元）"), ("a.jsonl", "JSONL#1.年度设备投入（万元）"), ("a.yaml", "YAML#1.年度设备投入（万元）"),
])
def test_every_format_gives_the_same_rows_with_references(tmp_path, name, first_ref):
    table = open_table(_write(tmp_path / name, ROWS), KNOWN, what="申报文件")
    rows = list(table.rows())
    assert table.fields_found == {"case_id", "amount"}
    assert [(r.text("case_id"), r.text("amount"), r.cells["amount"].unit, r.extra) for r in rows] == [
        ("A-1", "120", "万元", {"备注": "x"}), ("A-2", "", "万元", {})]
    assert rows[0].ref("amount") == first_ref


def test_header_row_below_title_lines_is_found(tmp_path):
    path = _write(tmp_path / "t.csv", [["2020年技改项目申报汇总表"], [""], *ROWS])
    table = open_table(path, KNOWN, header_rows=10)
    assert (table.header_row, [r.number for r in table.rows()]) == (3, [4, 5])


def test_a_file_without_any_known_header_names_what_it_found(tmp_path):
    path = _write(tmp_path / "t.csv", [["甲", "乙"], ["1", "2"]])
    with pytest.raises(InputError) as caught:
        open_table(path, KNOWN, header_rows=10)
    assert str(caught.value) == f"输入文件「{path}」前 10 行中没有可识别的列名；找到的列名：甲、乙。"


def test_a_csv_application_file_is_checked_like_a_workbook(tmp_path):
    records = read_json(SAMPLES / "w05_applications.json")
    headers = list(records[0])
    lines = [",".join(headers)] + [",".join(str(r.get(h, "") or "").replace(",", "") for h in headers) for r in records]
    path = tmp_path / "汇总表.csv"
    path.write_bytes("\n".join(lines).encode("gb18030"))
    result = run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "csv", "--quiet")
    expected = run_cli("check", SAMPLES / "w05_applications.json", "--workflow", "W-05", "--out", tmp_path / "json", "--quiet")
    assert result.exit_code == expected.exit_code == 1
    verdicts = lambda out: [(c["case_id"], c["verdict"]) for c in read_json(out / "summary.json")["cases"]]
    assert verdicts(tmp_path / "csv") == verdicts(tmp_path / "json")


@pytest.mark.parametrize("encoding,delimiter", [("utf-16", "\t"), ("utf-16-be", ","), ("utf-16", ",")])
def test_a_utf16_csv_is_read_tab_or_comma_separated(tmp_path, encoding, delimiter):
    """Excel's and WPS's Unicode 文本 is UTF-16 with a BOM, tab-separated, amounts keeping their
    thousands commas; it was refused as neither UTF-8 nor GBK."""
    rows = [["2020年技改项目申报汇总表"], ["申报编号", "年度设备投入（万元）", "备注"], ["A-1", "1,200.50", "x"], ["A-2", "", ""]]
    bom = "\ufeff" if encoding == "utf-16-be" else ""
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in rows)
    path = tmp_path / "u.csv"
    path.write_bytes((bom + text).encode(encoding))
    table = open_table(path, KNOWN, header_rows=10)
    assert [(r.number, r.text("case_id"), r.text("amount"), r.extra) for r in table.rows()] == [
        (3, "A-1", "1,200.50", {"备注": "x"}), (4, "A-2", "", {})]


def test_a_file_marked_utf16_that_is_not_says_so(tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes(b"\xff\xfe" + "申报编号".encode("utf-16-le") + b"\x00\xdc")
    with pytest.raises(InputError) as caught:
        open_table(path, KNOWN, what="申报文件", header_rows=10)
    assert str(caught.value) == f"无法读取申报文件「{path}」：以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本"


# --- large sheets: rows kept packed ----------------------------------------------------------------


@pytest.mark.parametrize("cells", [
    {"A1": "申报编号", "A2": "x"},
    {"C5": "x", "D2": 2.5},  # the first used column is not A: iter_rows leaves it out, PackedRows puts it back
    {"E10": "中"},
    {"B1": "b", "C3": "c", "B40": 7},
])
def test_packed_rows_read_exactly_like_the_lists_they_replace(tmp_path, cells):
    from python_calamine import CalamineWorkbook

    from checker.io.table import PackedRows

    workbook = Workbook()
    for reference, value in cells.items():
        workbook.active[reference] = value
    workbook.save(tmp_path / "a.xlsx")
    sheet = CalamineWorkbook.from_path(str(tmp_path / "a.xlsx")).get_sheet_by_name("Sheet")
    lists = sheet.to_python(skip_empty_area=False)
    packed = PackedRows.of(sheet)
    assert (len(packed), packed[0:len(packed)], packed[len(packed) - 1], packed.width) == (
        len(lists), lists, lists[-1], max(len(row) for row in lists))


def test_a_batch_read_packed_gives_the_same_outputs(tmp_path, monkeypatch):
    """Packing starts at 5,000 rows; with the threshold lowered the sample gives the same bytes."""
    from checker.io import table

    arguments = ("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                 "--quiet", "--per-case", "all")
    run_cli(*arguments, "--out", tmp_path / "lists")
    monkeypatch.setattr(table, "PACK_FROM", 1)
    run_cli(*arguments, "--out", tmp_path / "packed")
    for name in ("summary.json", "cases.jsonl", "summary.xlsx", "index.html"):
        assert (tmp_path / "packed" / name).read_bytes() == (tmp_path / "lists" / name).read_bytes(), name


def test_headers_written_with_a_forms_notes_are_the_columns_they_name(tmp_path):
    """A district's form marks its headers: *申报编号 (required), 企业名称（盖章）, 统一社会信用代码（18位）,
    是否为独立法人, 核准（备案）文号（如有）, 年度设备投入/万元, 项目总投资额（万元）. Such a workbook was
    refused (a required column missing) or had its rules left unchecked; its cases are now the sample's."""
    import json

    from openpyxl import load_workbook

    from tests.helpers import SAMPLES, run_cli

    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    sheet = workbook.worksheets[0]
    written = {"申报编号": "*申报编号", "企业名称": "企业名称（盖章）", "统一社会信用代码": "统一社会信用代码（18位）",
               "是否独立法人": "是否为独立法人", "核准（备案）文号": "核准（备案）文号（如有）",
               "年度设备投入（万元）": "年度设备投入/万元", "项目总投资（万元）": "项目总投资额（万元）"}
    for cell in sheet[2]:
        cell.value = written.get(cell.value, cell.value)
    workbook.save(tmp_path / "marked.xlsx")
    runs = {}
    for name, path in (("sample", SAMPLES / "w05_applications.xlsx"), ("marked", tmp_path / "marked.xlsx")):
        result = run_cli("check", path, "--window", "2020-07-01", "2020-07-31", "--out", tmp_path / name, "--quiet")
        assert result.exit_code == 1, result.stderr
        summary = json.loads((tmp_path / name / "summary.json").read_text(encoding="utf-8"))
        runs[name] = [(case["case_id"], case["verdict"], case["failed_rules"], case["missing_rules"]) for case in summary["cases"]]
    assert runs["marked"] == runs["sample"]
    assert [case_id for case_id, *_ in runs["sample"]][:2] == ["WH-2020-001", "WH-2020-002"]
