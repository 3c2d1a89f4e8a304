"""A batch of applications: one workbook, several, or a folder of them (one per district).

Rows of every file form one stream (workers take ranges of it); ids are unique across the batch,
so an id repeated in two districts' files is a duplicate like any other. With several files every
cell reference names its file ("[环翠区.xlsx]申报汇总表!F3") and an input row is named
``<file>-row<N>``; a file without a 所在区市 column takes its district from its name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

from checker.check.fields import FieldSet
from checker.check.intake import ApplicationTable, district_conflict_note, hidden_rows_note, hidden_tables_note, open_applications
from checker.check.plan import TableColumns
from checker.errors import InputError, os_reason
from checker.io.outputs import MANIFEST, read_manifest
from checker.io.table import TABLE_SUFFIXES, Aliases, Row
from checker.report.text import safe_name


def expand_inputs(arguments: list[str]) -> list[Path]:
    """Files as given, and the application files of each folder (sorted by name)."""
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            outputs = _run_outputs(path)
            entries = sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES and not p.name.startswith(("~$", "."))
                             and p.name not in outputs)
            candidates = [p for p in entries if p.is_file()]
            # a district's file whose link leads nowhere would drop out of the batch without a word
            lost = [p for p in entries if not p.is_file() and not p.is_dir()]
            if lost:
                raise InputError(f"文件夹「{path}」中的「{lost[0].name}」不是可读的文件（可能是指向已移走文件的链接）；"
                                 "请恢复或移走它后重新运行，以免该文件的申报被漏掉。")
            left_out = [p for p in _left_out(path) if p.name not in outputs]
            if left_out:
                hints = (["请用 WPS 或 Excel 另存为 .xlsx 工作簿"] if any(p.is_file() for p in left_out) else []) + (
                    ["子文件夹中的申报文件请移到该文件夹中，或在命令中把子文件夹另行列出"] if any(p.is_dir() for p in left_out) else [])
                raise InputError(f"文件夹「{path}」中的{'、'.join(f'「{p.name}」' for p in left_out)}不会被审核，其中的申报会被漏掉："
                                 f"{'；'.join(hints)}；不需要审核的请移出该文件夹后重新运行。")
            if not candidates:
                raise InputError(f"文件夹「{path}」中没有申报文件（{'、'.join(TABLE_SUFFIXES)}）。")
            paths.extend(candidates)
        else:
            paths.append(path)
    if not paths:
        raise InputError("没有给出申报文件。")
    unique = list(dict.fromkeys(_resolved(p) for p in paths))
    return [next(p for p in paths if _resolved(p) == u) for u in unique]


def _run_outputs(folder: Path) -> set[str]:
    """The names in ``folder`` an earlier run wrote there (its manifest's files, and the folders
    they are in: summary.json, summary.xlsx, cases/), when the folder was also its output folder:
    never applications."""
    if not (folder / MANIFEST).is_file():
        return set()
    listed = read_manifest(folder / MANIFEST).get("files", [])
    # a file only by the names runs give their tables: a stray manifest never hides a district's file
    return {name.partition("/")[0] for name in listed if "/" in name or name in RUN_TABLES}


RUN_TABLES = frozenset({"summary.json", "summary.xlsx", "cases.jsonl", "rules.json", "round.json", "rounds.json", "fairness.json"})


# spreadsheets a folder may hold that are not read: WPS 表格's own format, templates, Numbers
UNREAD_SHEET_SUFFIXES = (".et", ".ett", ".xlt", ".xltx", ".xltm", ".numbers")


def _left_out(folder: Path) -> list[Path]:
    """What a folder holds that looks like applications but is not read: a spreadsheet in a format
    not read (a district saving in WPS's .et) and a subfolder holding application files (one folder
    per district); both would drop out of the batch without a word. A run's output folder (its
    summary.xlsx, cases/*.json) is no such subfolder."""
    def shown(entries):
        return sorted(p for p in entries if not p.name.startswith(("~$", ".")))

    found = []
    for entry in shown(folder.iterdir()):
        if entry.is_file() and entry.suffix.lower() in UNREAD_SHEET_SUFFIXES:
            found.append(entry)
        elif entry.is_dir() and not (entry / MANIFEST).exists() and any(p.is_file() and p.suffix.lower() in (*TABLE_SUFFIXES, *UNREAD_SHEET_SUFFIXES)
                                    for p in shown(entry.iterdir())):
            found.append(entry)
    return found


def _resolved(path: Path) -> Path:
    """The file a path names, links followed; a loop of links is an input error, not a crash."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else "符号链接循环"  # (Path.resolve's RuntimeError)
        raise InputError(f"「{path}」无法打开：{reason}。") from error


FOLDER_KEY_CHARS = 20  # of a folder's name in a row key (two files of one name in different folders)


def file_labels(paths: list[Path]) -> list[str]:
    """How a file is named in cell references and the summary: its name, or folder/name when
    another file of the batch has the same name (a district's file and its resubmission)."""
    names = [p.name.casefold() for p in paths]
    return [f"{p.parent.name}/{p.name}" if names.count(p.name.casefold()) > 1 else p.name for p in paths]


@dataclass
class Batch:
    tables: list[ApplicationTable]

    @classmethod
    def open(cls, paths: list[Path], fields: FieldSet, aliases: Aliases) -> "Batch":
        several = len(paths) > 1
        labels = file_labels(paths)
        return cls([open_applications(path, fields, aliases=aliases, ref_prefix=f"[{label}]" if several else "")
                    for path, label in zip(paths, labels)])

    @cached_property
    def labels(self) -> list[str]:
        return file_labels([t.table.path for t in self.tables])

    @property
    def several(self) -> bool:
        return len(self.tables) > 1

    @property
    def size(self) -> int:
        return sum(table.table.size for table in self.tables)

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, Row]]:
        """(file index, row) for application rows among the batch's data rows [start, stop)."""
        stop = self.size if stop is None else stop
        offset = 0
        for index, table in enumerate(self.tables):
            size = table.table.size
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                for row in table.records(low, high):
                    yield index, row
            offset += size

    @property
    def skipped_empty(self) -> int:
        return sum(table.skipped_empty for table in self.tables)

    def skipped_totals(self) -> list:
        """合计 rows: row numbers (one file), or "<file> 第 N 行" (several)."""
        return self._rows_of("skipped_totals")

    def skipped_notes(self) -> list:
        """Repeated header lines, titles and notes (注…, 填报人…) set aside, named as skipped_totals."""
        return self._rows_of("skipped_notes")

    def hidden_notes(self) -> list[str]:
        """The run's 未核对事项 for hidden sheets that hold application tables, one per file."""
        return [hidden_tables_note(f"「{label}」", t.hidden_tables) for t, label in zip(self.tables, self.labels) if t.hidden_tables]

    def district_notes(self) -> list[str]:
        """The run's 未核对事项 for files whose name and title name two districts, one per file."""
        return [district_conflict_note(f"「{label}」", t.district_conflict)
                for t, label in zip(self.tables, self.labels) if t.district_conflict]

    def hidden_row_notes(self) -> list[str]:
        """After the first pass: the run's 未核对事项 naming applications on hidden rows, one per file."""
        return [hidden_rows_note(f"「{label}」" if self.several else "申报表", t.hidden_applications)
                for t, label in zip(self.tables, self.labels) if t.hidden_applications]

    def _rows_of(self, kind: str) -> list:
        if not self.several:
            return list(getattr(self.tables[0], kind))
        return [f"{label} 第 {n} 行" for t, label in zip(self.tables, self.labels) for n in getattr(t, kind)]

    def name(self, index: int) -> str:
        return self.labels[index]

    def row_key(self, index: int, row: Row) -> str:
        """How a reviewer addresses an input row (report name, overrides): row<N>, or
        <file>-row<N> in a batch of several files."""
        if not self.several:
            return f"row{row.number}"
        return f"{self.file_keys[index]}-row{row.number}"

    @cached_property
    def file_keys(self) -> list[str]:
        """Each file's part of its rows' keys: its name without the suffix; files of one name in
        different folders (a district's file and its resubmission) add their folder's name, then
        their position, so no two rows share a key and no report overwrites another."""
        stems = [safe_name(t.table.path.stem) for t in self.tables]
        shared = {stem.casefold() for stem in stems if sum(s.casefold() == stem.casefold() for s in stems) > 1}
        # a folder's name shortened: a long one would make report names no file system accepts
        candidates = [f"{safe_name(t.table.path.parent.name)[:FOLDER_KEY_CHARS]}-{stem}" if stem.casefold() in shared else stem
                      for t, stem in zip(self.tables, stems)]
        keys: list[str] = []
        used: set[str] = set()
        for index, key in enumerate(candidates):
            # distinct from every other file's key (a generated one may be another file's own stem)
            number = index + 1
            while key.casefold() in used or key.casefold() in {c.casefold() for c in candidates[index + 1:] if c != key}:
                key = f"{candidates[index]}-{number}"
                number += len(candidates)
            used.add(key.casefold())
            keys.append(key)
        return keys

    def columns(self) -> list[TableColumns]:
        return [TableColumns(f"{label} ({self._sheet_name(t, label)})", frozenset(t.fields_found), tuple(t.table.headers_found),
                             tuple(t.table.years_dropped))
                for t, label in zip(self.tables, self.labels)]

    def _sheet_name(self, table: ApplicationTable, label: str) -> str:
        """The sheet's own name: in a batch of several files its cell references begin with the
        file's label ("[b.xlsx]Sheet1"), which a message naming the file already says."""
        sheet, prefix = table.table.sheet, f"[{label}]"
        return sheet[len(prefix):] if self.several and sheet.startswith(prefix) else sheet

    @property
    def file_label(self) -> str:
        return "、".join(t.table.path.name for t in self.tables)

    @property
    def sha256(self) -> str:
        """One file: its SHA-256. Several: SHA-256 of the lines "<name>\\t<sha256>\\n" in input order."""
        if not self.several:
            return self.tables[0].table.sha256
        lines = "".join(f"{t.table.path.name}\t{t.table.sha256}\n" for t in self.tables)
        return hashlib.sha256(lines.encode()).hexdigest()

    def describe(self) -> list[dict]:
        return [{"file": label, "sha256": t.table.sha256, "sheet": t.table.sheet, "header_row": t.table.header_row,
                 **({"district_from_file": t.district} if t.district else {})} for t, label in zip(self.tables, self.labels)]
