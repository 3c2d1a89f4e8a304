"""Case ids and report file names: the application id, or row<N> when it is missing, duplicated,
or would make a file name that could clash, be hidden, be too long or be refused by Windows."""

from __future__ import annotations

import re
from collections import Counter

from checker.core.findings import input_finding
from checker.core.text import nfkc, show_invisible, strip_hidden
from checker.core.values import export_blank
from checker.io.table import Row, column_key, number_as_written  # the readers' key: a bilingual 编号 No. is 编号
from checker.report.text import portable_name, safe_name

ID_FORM = "申报编号：文本，文件内唯一"
_ROW_NAME = re.compile(r"(.+-)?row\d+", re.IGNORECASE)  # row<N> or <file>-row<N> (several files), in any case: ROW3 and row3 are one file on Windows and macOS


def raw_id(record: Row) -> str:
    """The id as compared: zero-width and direction marks dropped (two ids that differ only by
    them are one id; the cell's own text stays in the evidence)."""
    cell = record.cells.get("application_id")
    if cell is None or cell.value in (None, "") or export_blank(cell.value):
        return ""  # an exported None is no id: the row is named by its row (and INP-VALUE says why)
    value = number_as_written(cell.value)
    text = nfkc(strip_hidden(str(value)))  # ＷＨ－１ and WH-1 are one id
    if not text.isprintable():
        # a line break typed inside the id (Alt+Enter in the cell, "WH-2020-\n001") is no part of it:
        # with it, the id was no duplicate of the same id written on one line
        text = _LINE_BREAK.sub("", text)
    return text


def _written(value) -> str:
    """An id cell's text as written (a whole number without its .0), each invisible mark shown as its
    code (WH-2020\\u00AD-00096): two ids that print alike are told apart, and the cell found."""
    value = number_as_written(value)
    return _LINE_BREAK.sub("↵", show_invisible(str(value)).strip())  # a line break typed in the cell (Alt+Enter) shown


_LINE_BREAK = re.compile(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


OTHER_ROWS_SHOWN = 5  # a placeholder id typed on hundreds of rows names five of the others, and counts the rest


def duplicate_id_finding(record: Row, raw: str, count: int, key: str | None = None, several: bool = False,
                         others: list[str] | None = None) -> dict:
    cell = record.cells["application_id"]
    where = "本批各文件中" if several else "文件中"
    written = _written(cell.value)
    # quoted as the cell holds it (ＷＨ－１ is what the reviewer searches the sheet for); the form compared said beside it
    compared = f"（按“{raw}”比对，全角半角、空格、换行与不可见字符不计）" if written != raw else ""
    also = ""
    if others:  # the other rows by their line: the id itself names no row (另见 1 beside 申报编号 1)
        shown = "、".join(others[:OTHER_ROWS_SHOWN])
        also = f"（另见{shown}{f' 等 {len(others)} 处' if len(others) > OTHER_ROWS_SHOWN else ''}）"
    return input_finding(
        "INP-DUPLICATE-ID",
        ("申报编号重复", "Duplicate application id"),
        f"{cell.ref} 的申报编号“{written}”{compared}在{where}出现 {count} 次{also}；各条均已审核，报告文件以输入行号 {key or f'row{record.number}'} 命名。",
        "请核实重复的申报编号，确认是否为同一申报重复录入。",
        {"application_id": written, "source": cell.ref},
        ID_FORM,
    )


def file_number(record: Row, raw: str) -> bool:
    """An id that is a district file's own running number: digits only, under the bare header 编号
    (1, 2, 3 … down each district's table; the form's required mark or note aside, as when the column
    was matched: *编号, 编号（必填）). Such numbers repeat from file to file by design; within
    one file they are still an id (its row numbering), and a repeat there is still a duplicate."""
    if not raw.isdigit() or not raw.isascii():
        return False
    header = record.cells["application_id"].header or ""
    return column_key(header) == "编号"


EXACT_DIGITS = 15  # a spreadsheet number keeps 15 significant digits


def _long_number(record: Row) -> bool:
    """An id held as a number of more than 15 digits: the spreadsheet kept only 15 of them."""
    cell = record.cells["application_id"]
    value = cell.value
    # a JSON file's number keeps its text (checker.io.table.JsonNumber), and its integers are exact:
    # every digit is there; only a workbook's number was cut to 15
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and getattr(value, "text", None) is None
            and abs(value) >= 10 ** EXACT_DIGITS and not _from_records(record, cell.ref))


RECORD_FILES = ("JSON", "JSONL", "YAML")  # the sheet a record file's rows name (checker.io.table._records)


def _from_records(record: Row, ref: str) -> bool:
    """A cell of a JSON, JSONL or YAML record (its reference JSON#3.申报编号), not of a workbook."""
    return record.sheet in RECORD_FILES and f"{record.sheet}#{record.number}." in ref


def long_number_id_finding(record: Row, raw: str) -> dict:
    cell = record.cells["application_id"]
    return input_finding(
        "INP-ID-DIGITS",
        ("申报编号超过 15 位数字", "Application id longer than a spreadsheet number holds"),
        f"{cell.ref} 的申报编号“{raw}”是一个超过 {EXACT_DIGITS} 位的数字：电子表格只保存数字的前 {EXACT_DIGITS} 位有效数字，"
        "其后各位可能已被改变，本报告中的编号未必是原编号。",
        "请把申报编号列设为文本格式，按原编号重新填写后再审核。",
        {"application_id": raw, "source": cell.ref},
        ID_FORM,
    )


def missing_id_finding(record: Row, key: str | None = None) -> dict:
    return input_finding(
        "INP-MISSING-ID",
        ("申报编号缺失", "Missing application id"),
        f"{record.sheet} 第 {record.number} 行没有申报编号；报告以输入行号 {key or f'row{record.number}'} 命名。",
        "请补填申报编号。",
        {"application_id": None, "source": f"{record.sheet}!第{record.number}行"},
        ID_FORM,
    )


def missing_name_findings(record: Row, application) -> list[dict]:
    """An INP-MISSING-NAME finding when the row has a 企业名称 column left blank: an application that does
    not name its applicant cannot be eligible (whose it is, whom a notice goes to, whether the code on the
    row is its own: nothing to check), nor a ledger row's handling complete (h96: such rows were eligible
    and 合规 with no word)."""
    cell = record.cells.get("company_name")
    if cell is None or application.unreadable or application.get("company_name").state != "absent":
        return []
    return [input_finding(
        "INP-MISSING-NAME",
        ("企业名称未填写", "Missing company name"),
        f"{cell.ref} 的企业名称未填写：无从确认申报单位，统一社会信用代码是否为其本单位的也无从核对，告知书无法送达。",
        "请补填企业名称（与营业执照一致）。",
        {"company_name": None, "source": cell.ref},
        "企业名称：与营业执照一致的全称",
    )]


def usable_name(stem: str) -> bool:
    return portable_name(stem) and not _ROW_NAME.fullmatch(stem)


class CaseNames:
    """Ids and report names for one batch, from the counts of a first pass over the rows."""

    def __init__(self, id_counts: Counter, file_counts: Counter | None = None,
                 rows: dict[str, list[tuple[int, int, str]]] | None = None):
        self.id_counts = id_counts
        self.rows = rows or {}  # a duplicated id → (file, row number, where) of each of its rows (batch.duplicate_rows)
        self.row_decisions_set_aside: list[tuple[str, str]] = []  # (row key, id): see batch.overrides_for
        # (file index, id) → rows, for ids that are a file's own running number (file_number): those
        # repeat across a folder's files by design, and only a repeat within one file is a duplicate
        self.file_counts = file_counts or Counter()
        # case-folded: WH-1 and wh-1 are one file on Windows and macOS. Every row counts, so an id
        # shared by two rows never lends its name to a third id that differs from it only in case.
        self.stem_counts: Counter = Counter()
        for raw, count in id_counts.items():
            self.stem_counts[safe_name(raw).casefold()] += count

    def identify(self, record: Row, key: str | None = None, several: bool = False, table: int | None = None) -> tuple[str, list[dict]]:
        """The case id (application id, or the row's key when missing) and the id findings. ``key``
        names the input row: row<N>, or <file>-row<N> in a batch of ``several`` files (``table``: the
        row's file, by its index)."""
        key = key or f"row{record.number}"
        raw = raw_id(record)
        findings = [long_number_id_finding(record, raw)] if raw and _long_number(record) else []
        if raw and self.id_counts[raw] == 1:
            return raw, findings
        in_file = self.file_counts.get((table, raw), 0)
        if raw and in_file == 1:
            return raw, findings  # another file's row of the same number: its own numbering, no clash
        if raw and in_file > 1:
            return raw, [*findings, duplicate_id_finding(record, raw, in_file, key, False, self._others(raw, record, table, True))]
        if raw:  # kept as the case id; its report files are named after the row (report_name)
            return raw, [*findings, duplicate_id_finding(record, raw, self.id_counts[raw], key, several, self._others(raw, record, table))]
        return key, [] if record.problem else [missing_id_finding(record, key)]

    def _others(self, raw: str, record: Row, table: int | None, in_file: bool = False) -> list[str]:
        """Where the id's other rows are (in its own file only, for a file's running number)."""
        return [where for index, number, where in self.rows.get(raw, ())
                if (index, number) != (table, record.number) and (not in_file or index == table)]

    def report_name(self, case_id: str, row: int | str) -> str:
        """The file name of a case's reports: its id made safe, unless that could clash with another
        report (two ids that differ only in unsafe characters, an id that looks like row<N>), is
        too long, or is a name Windows refuses; then the row's key (row<N>), unique by construction."""
        stem = safe_name(case_id)
        if self.stem_counts.get(stem.casefold()) == 1 and usable_name(stem):
            return stem
        return row if isinstance(row, str) else f"row{row}"
