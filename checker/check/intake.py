"""Stage 1 for applications: the application table, its blank and 合计 rows set aside and counted.

The table is read by the one reader (checker/io/table.py) with the contract's header aliases; here
only what is particular to a 申报汇总表 is added: the header row may sit below title lines, formula
cells are checked for a usable cached value, and blank lines, template lines with only a 序号, and
合计/小计 lines are skipped and counted so that the summary reconciles with the input rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from checker.check.fields import FieldSet
from checker.core.text import header_key, nfkc
from checker.core.values import is_blank, normalise_uscc
from checker.check.region import WEIHAI_UNITS, district_unit
from checker.errors import InputError
from checker.io.table import (XML_WORKBOOKS, Aliases, Cell, JsonNumber, Row, Table, is_units_line, open_table, other_filled_sheets,
                              ref_column)
from checker.io.xlsx import COLUMN_SUM_NO_VALUE, hidden_ods_rows, hidden_rows

HEADER_SEARCH_ROWS = 10  # a title line above the header row is common in bureau workbooks
TOTAL_WORDS = {"合计", "总计", "小计", "汇总", "共计", "累计"}
# a total's label as districts write it: 合计, 合计：, 小计（环翠区）, 总合计, 本页合计, 合计(万元), 共计5个项目, 合计数,
# 2个项目合计, 以上3个项目合计, 以上合计, 以上各项目合计, 环翠区3个项目小计 -- the word alone or after 总/本页/全市…,
# the count of the lines it sums, 以上/上述 (the lines above) or a district before it, then nothing, a colon, a
# bracket or that count (合计科技有限公司 is a company)
TOTAL_LABEL = re.compile(r"(?:(?:以上|上述)(?:各|所有|全部)?(?:项目|企业|单位|公司|申报)?)?(?:[^\W\d_]{2,3}[市区县])?"
                         r"(?:(?:以上|上述|本页|本表|共)?[\d〇零一二三四五六七八九十百两]+(?:个|项|家|件|户)(?:项目|企业|申报|公司|单位)?)?"
                         r"(?:总|本页|本表|全市|全区|全县|[^\W\d_]{2,3}[市区县])?(?:合计|总计|小计|汇总|共计|累计)(?:数|金额)?"
                         r"(?::.*|\([^()]*\)|\d+(?:个|项|家|件|户)(?:项目|企业|申报)?(?:[,;].*)?)?")
# what a template line's 序号 holds: 1, 一, (1), 1.1, 1-2, ①
SEQUENCE = re.compile(r"[(（]?[0-9一二三四五六七八九十百①-⑳]+(?:[.、\-][0-9]+)*[)）.、]?")


@dataclass
class ApplicationTable:
    """An opened application file and a one-pass stream of its application rows."""

    table: Table
    skipped_empty: int = 0
    skipped_totals: list[int] = field(default_factory=list)  # rows of 合计/小计 lines
    skipped_notes: list[int] = field(default_factory=list)  # rows of repeated header, title and 注/填报人 lines
    # The district a file's name (or title line) gives: set on every row of a file without a 所在区市
    # column, and on every row whose 所在区市 is left blank, so one file per district needs no such column.
    district: str | None = None
    # (文件名 or 标题, the district it names) when they name two: the file gives none, and the run says why
    district_conflict: list = field(default_factory=list)
    aliases: dict = field(default_factory=dict)  # header words → (field, unit): a repeated header in other words
    hidden_tables: list = field(default_factory=list)  # (sheet, filled lines) of hidden sheets holding an application table
    unlabelled_totals: set[int] | None = None  # rows of total lines with no 合计 label (ColumnSums), once read through
    hidden_rows: set[int] = field(default_factory=set)  # rows the sheet hides (a person opening it does not see them)
    hidden_applications: list[int] = field(default_factory=list)  # ...of which applications, once read through
    # once read through: what each line was, by row number (LINE_APPLICATION, LINE_TOTAL, LINE_NOTE, LINE_EMPTY).
    # A worker's chunk takes its lines from here instead of asking each one the set-aside tests again (the same
    # answers: the tests read the line and its neighbours, and the totals with no label are the full pass's)
    line_kinds: bytearray | None = None

    @property
    def fields_found(self) -> set[str]:
        return self.table.fields_found | ({"district"} if self.district else set())

    def records(self, start: int = 0, stop: int | None = None) -> Iterator[Row]:
        """The application rows among data rows [start, stop), in input order; repeatable."""
        full = start == 0 and (stop is None or stop >= self.table.size)
        if not full and self.unlabelled_totals is None:
            for _ in self.records():  # a total with no label is known only from the lines above it
                pass
        self.skipped_empty = 0
        self.skipped_totals = []
        self.skipped_notes = []
        if not full and self.line_kinds is not None:
            yield from self._lines_as_read(start, stop)
            return
        # a pass over the whole table finds the totals with no label; a pass over a worker's chunk
        # of it takes them from there, so every chunking reads the same lines as totals
        sums = ColumnSums(texts=self.table.path.suffix.lower() in TEXT_FILES) if full else None
        found: set[int] = set()
        hidden: list[int] = []  # the applications among the hidden rows (full pass)
        watch_hidden = full and bool(self.hidden_rows)
        kinds = bytearray() if full else None
        for row in self.table.rows(start, stop):
            if row.is_blank():
                # nothing in a known column; a 合计 or a note written in 序号 (or another column
                # that is no field) is still counted as what it is, not as an empty line
                if row.extra and _is_total_row(row):
                    self.skipped_totals.append(row.number)
                    kinds = _marked(kinds, row.number, LINE_TOTAL)
                elif row.extra and (_is_note_row(row) or _is_numbered_note(row, self.aliases) or _is_units_row(row)
                                    or _is_sign_off_row(row) or _is_labelled_note(row) or _is_notes_row(row) or _is_split_note(row)):
                    self.skipped_notes.append(row.number)
                    kinds = _marked(kinds, row.number, LINE_NOTE)
                    if sums is not None:
                        sums.aside_seen()
                elif _other_texts(row, self.aliases):
                    # a company name typed in 序号 is no template line: like any line of one other
                    # text, it is an application and is checked, never counted as empty unseen
                    kinds = _marked(kinds, row.number, LINE_APPLICATION)
                    yield self._application(row, hidden if watch_hidden else None)
                else:
                    self.skipped_empty += 1
                    kinds = _marked(kinds, row.number, LINE_EMPTY)
            elif _is_total_row(row) or self._unlabelled_total(row, sums, found):
                self.skipped_totals.append(row.number)
                kinds = _marked(kinds, row.number, LINE_TOTAL)
                if sums is not None:
                    sums.total_seen()
            elif (self._is_header_line(row) or _is_note_row(row) or _is_units_row(row) or _is_sign_off_row(row)
                  or _is_labelled_note(row) or _is_notes_row(row) or _is_split_note(row)):
                self.skipped_notes.append(row.number)
                kinds = _marked(kinds, row.number, LINE_NOTE)
                if sums is not None:
                    sums.aside_seen()
            else:
                if sums is not None:
                    sums.add(row)
                kinds = _marked(kinds, row.number, LINE_APPLICATION)
                yield self._application(row, hidden if watch_hidden else None)
        if full:
            self.unlabelled_totals = found
            self.hidden_applications = hidden
            self.line_kinds = kinds

    def _lines_as_read(self, start: int, stop: int | None) -> Iterator[Row]:
        """A chunk's applications, and its set-aside lines counted, as the full pass read them (line_kinds)."""
        kinds = self.line_kinds
        for row in self.table.rows(start, stop):
            kind = kinds[row.number] if row.number < len(kinds) else LINE_APPLICATION  # (every line was marked)
            if kind == LINE_APPLICATION:
                yield self._application(row, None)
            elif kind == LINE_TOTAL:
                self.skipped_totals.append(row.number)
            elif kind == LINE_NOTE:
                self.skipped_notes.append(row.number)
            else:
                self.skipped_empty += 1

    def _application(self, row: Row, hidden: list[int] | None) -> Row:
        """A line read as an application: its file's district where it has no column for one; a
        hidden line noted in ``hidden`` (the full pass's list, or None)."""
        if self.district and ("district" not in row.cells or is_blank(row.cells["district"].value)):
            # no 所在区市 column, or its cell left blank in a district's own file (文登区.xlsx): the file's
            row.cells["district"] = Cell(self.district, f"{self.table.path.name}（文件名或标题）", "所在区市（取自文件）")
        if hidden is not None and row.number in self.hidden_rows:
            hidden.append(row.number)
        return row

    def _is_header_line(self, row: Row) -> bool:
        """The header again (districts' tables pasted one under another, each with its header): a
        one-line header's line (every filled cell, at least two, names its own column: :func:`_header_names`),
        or either line of a two-line header: the group line (基本情况 merged over 申报编号 | 企业名称, 投资情况（万元）
        over 年度设备投入 | 项目总投资, the other names merged down or left above blanks) with the names line
        under it, or that names line with the group line above it. Each was checked as an application (a case 基本情况 with findings of its
        own). A group line is known only with the line under it: a line of text above a repeated names
        line is none unless the names under it are those its groups span (:func:`_header_pair`)."""
        names = _header_names(row, self.aliases)
        if names is not None:
            if len(names) >= 2:
                return True
            above = self._line(row.number - 1)  # a names line of one name: the second line of a pair
            return above is not None and _header_pair(above, row, self.aliases)
        if _group_line(row, self.aliases) is not None:
            below = self._line(row.number + 1)
            return below is not None and _header_pair(row, below, self.aliases)
        if _is_gloss_line(row):
            # h144: a bilingual form's line of English names under its header (No. | Application ID | Company
            # name …) was checked as an application named Application_ID, a dozen INP- findings on it; it is
            # the header's, just under the header (or under a repeated one)
            if row.number == self.table.header_row + 1:
                return True
            above = self._line(row.number - 1)
            names = _header_names(above, self.aliases) if above is not None else None
            return names is not None and len(names) >= 2
        return False

    def _line(self, number: int) -> Row | None:
        """The data line numbered ``number`` (the one next to a line being read), or None."""
        index = number - self.table.header_row - 1
        if not 0 <= index < self.table.size:
            return None
        for row in self.table.rows(index, index + 1):
            return row if row.number == number else None
        return None

    def _unlabelled_total(self, row: Row, sums: "ColumnSums | None", found: set[int]) -> bool:
        if sums is None:
            return row.number in self.unlabelled_totals
        if sums.is_unlabelled_total(row):
            found.add(row.number)
            return True
        return False


class ColumnSums:
    """The running sums of each column's numbers over the applications read, to know a total line
    with no 合计 label: a line of numbers only (no id, no name, no text at all) whose every number is
    the sum of its column over the lines above it: since the table began (a 合计 under 小计 lines
    sums them all), since the last total, or since the last line set aside (a section heading such
    as 二、文登区). Such a line was checked as an application and refused with a notice addressed to
    no one; a line of numbers that add up to nothing stays an application.

    One running sum per column; a section's sum is the running sum less the sum where it began."""

    def __init__(self, *, texts: bool) -> None:
        self.table: dict[str, float] = {}
        self.lines = 0
        # where each span a total may sum began: (lines then, sums then); from the table's start,
        # the last total, the last line set aside
        self.starts: list[tuple[int, dict[str, float]]] = [(0, {}), (0, {}), (0, {})]
        # a CSV's cells are all text: its numbers are written as text. In a workbook a number typed
        # as text is left out of the sum, as Excel's SUM leaves it out of the total under it
        self.texts = texts

    def add(self, row: Row) -> None:
        self.lines += 1
        table = self.table
        for name, cell in row.cells.items():  # every line of a batch: _number inlined
            value = cell.value
            kind = value.__class__
            if kind is str:
                if not (self.texts and value[:1].isdigit() and PLAIN_NUMBER.fullmatch(value)):
                    continue
                value = float(value.replace(",", ""))
            elif kind is int:
                if not -_FLOAT_RANGE < value < _FLOAT_RANGE:
                    value = math.inf  # an integer beyond any float (a JSON file's 10**400): sums to no total
            elif kind is not float and kind is not JsonNumber:
                continue
            table[name] = table.get(name, 0) + value

    def total_seen(self) -> None:
        """A later total may sum the lines from here on (小计 after 小计)."""
        self.starts[1] = (self.lines, dict(self.table))

    def aside_seen(self) -> None:
        """A line set aside, such as a section heading (二、文登区): a later total may sum from here."""
        self.starts[2] = (self.lines, dict(self.table))

    def is_unlabelled_total(self, row: Row) -> bool:
        if row.extra and any(_number(value) is None for value in row.extra.values() if not is_blank(value)):
            return False
        numbers, uncalculated = {}, False
        for name, cell in row.cells.items():
            if cell.merged:
                continue  # a district merged down its block, spread over its total line too: the sheet's, not the line's
            if cell.formula_problem:
                # =SUM of the column above written by a program and never calculated: a total all the same
                if not cell.formula_problem.startswith(COLUMN_SUM_NO_VALUE):
                    return False
                uncalculated = True
                continue
            if is_blank(cell.value):
                continue
            number = _number(cell.value)
            if number is None:
                return False
            numbers[name] = number
        if uncalculated and not numbers:
            return self.lines >= 2
        # a "total" of one line is a copy of it: at least two lines summed
        return bool(numbers) and any(
            self.lines - lines >= 2 and all(_same(value, self.table.get(name, 0) - before.get(name, 0)) for name, value in numbers.items())
            for lines, before in self.starts)


_FLOAT_RANGE = 1e300  # beyond it an integer cannot be added to or compared with a float sum
TEXT_FILES = (".csv", ".txt", ".tsv")  # tables whose every cell is text
# a CSV's cells are text: 350, 99.99, and 1,200.00 as Excel saves a figure shown with thousands separators
PLAIN_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _number(value: object) -> float | int | None:
    """A cell's number: a workbook's number, or a CSV's text that is one plainly written."""
    if value.__class__ is float or value.__class__ is JsonNumber:
        return value
    if value.__class__ is int:
        return value if -_FLOAT_RANGE < value < _FLOAT_RANGE else math.inf
    if value.__class__ is str and value[:1].isdigit() and PLAIN_NUMBER.fullmatch(value):
        return float(value.replace(",", ""))
    return None


def _same(value: float, total: float) -> bool:
    # a column of 万元 with two decimals, summed in binary floating point: equal to a millionth
    return abs(value - total) <= 1e-6 * max(1.0, abs(total))


LINE_APPLICATION, LINE_TOTAL, LINE_NOTE, LINE_EMPTY = 1, 2, 3, 4  # what the full pass read a line as


def _marked(kinds: bytearray | None, number, kind: int) -> bytearray | None:
    """``kinds`` with row ``number`` marked ``kind``; None (no marks kept) for a number that is no sheet row's (a
    table whose rows are numbered otherwise: its chunks ask the set-aside tests, as before)."""
    if kinds is None or number.__class__ is not int or not 0 <= number <= MAX_MARKED_ROW:
        return None
    if number >= len(kinds):
        kinds.extend(bytes(number - len(kinds) + 4096))
    kinds[number] = kind
    return kinds


MAX_MARKED_ROW = 1 << 21  # a sheet holds 1,048,576 rows


def _is_total_row(row: Row) -> bool:
    """A 合计/小计 line under the table: no application id, and a cell that says so."""
    cell = row.cells.get("application_id")
    if cell is not None and not is_blank(cell.value):
        if _is_total_label(cell.value):
            return True
        if not (isinstance(cell.value, str) and not cell.value.isascii() and COUNT_IN_ID.fullmatch(header_key(cell.value))):
            return False  # an application's id (an ASCII id holds none of 件项个家户, nor does it after NFKC)
        # a count where the id stands (合计 | | 5件): the total's count of its lines, no id; its label decides
    code = row.cells.get("uscc")
    if code is not None and isinstance(code.value, str) and USCC_SHAPE.fullmatch(normalise_uscc(code.value)):
        return False  # an enterprise's code: an application whose 备注 opens 共计：购置设备3台, not a total
    name = row.cells.get("company_name")
    if name is not None and isinstance(name.value, str) and not name.merged and ENTERPRISE.search(header_key(name.value)) \
            and not any(word in name.value for word in TOTAL_WORDS) and not COUNT_OF.fullmatch(header_key(name.value)):
        # 共计5家公司, 2家公司, 以上三家公司 under 合计 are a total's count, not a name
        return False  # an enterprise's name: the same application with neither id nor code, its 备注 a remark
    address = row.cells.get("registered_address")
    if address is not None and isinstance(address.value, str) and not address.merged and ADDRESS.search(address.value) \
            and not _is_total_label(address.value):
        # a registered address (山东省威海市…路1号): no total line has one; an application with neither id nor
        # code whose 备注 or 项目名称 reads 2个项目合计 (its amount two projects'), its name one the test above
        # does not know (…机械加工部) or holding 合计 (威海合计精密机械有限公司), is still an application
        return False
    texts = [v for v in (*(c.value for c in row.cells.values()), *row.extra.values()) if isinstance(v, str)]
    return any(_is_total_label(text) for text in texts)


# a count of enterprises where a name would stand (2家公司, 以上三家企业, 共12户): no enterprise is so named
# (三家村食品有限公司 is a name: the count is all there is)
COUNT_OF = re.compile(r"(?:共|以上|上述|本页|本表)?[\d〇零一二三四五六七八九十百两]+(?:家|户|个)(?:公司|企业|单位)?(?:\([^()]*\))?")
# a count of lines in the id column (5件, 共5项, 12个项目): no application's id is so written
COUNT_IN_ID = re.compile(r"(?:共|计|合计)?[\d〇零一二三四五六七八九十百两]+(?:件|项|个|家|户)(?:项目|申报|企业|公司|单位)?")
# a registered address down to its street or village (…路1号, …镇…村, 海埠1号): a Chinese character then a road's,
# a street's or a village's word, or a house number. A district's name alone (威海市环翠区) may stand on its 小计
# line and is no such address; no total's label holds one
ADDRESS = re.compile(r"[\u4e00-\u9fff](?:路|街|道|巷|弄|镇|乡|村)|\d+号")
USCC_SHAPE = re.compile(r"[0-9A-Z]{18}")  # what no total line holds in its 统一社会信用代码 cell
# an enterprise's name as registered ends so (威海乙机械有限公司, 威海某厂, …合作社); no total's label does
ENTERPRISE = re.compile(r"(?:公司|厂|集团|合作社|中心|研究院|研究所|事务所|商行|经营部|门市部|农场|医院|学校|协会|商会)(?:\([^()]*\))?$")


def _is_total_label(value: object) -> bool:
    if value.__class__ is str and value.isascii():
        return False  # every total label holds 计 or 汇总; no ASCII text becomes one under NFKC (an id, a code)
    key = header_key(value)
    # every label TOTAL_LABEL takes holds 计 or 汇总: an application's id is passed over without the regex
    if key in TOTAL_WORDS:
        return True
    if not ("计" in key or "汇总" in key) or TOTAL_LABEL.fullmatch(key) is None:
        return False
    # 累计 followed by a colon and words is an application's remark (累计：已投入设备款200万元), not a total
    # (累计：18个项目, 累计：1200.5 are)
    return not ("累计" in key and not TOTAL_TAIL.fullmatch(key.partition(":")[2]))


TOTAL_TAIL = re.compile(r"[\d.,;()共计个项目家件户企业申报万元]*")


def _other_texts(row: Row, aliases: Aliases) -> list[str]:
    """The texts of a line's columns that are no field, a template's 序号 (1, 一, (1)) left out (a
    field's second column is no such column: its value stands in the field's cell, merged or not)."""
    return [value for header, value in row.extra.items()
            if isinstance(value, str) and header_key(header) not in aliases and header_key(value)
            and not SEQUENCE.fullmatch(header_key(value))]


def _is_numbered_note(row: Row, aliases: Aliases) -> bool:
    """A template line's 序号 and one note beside it (5 | 注：该企业已撤回): a note line."""
    texts = _other_texts(row, aliases)
    return len(texts) == 1 and _is_note_text(texts[0])


def _header_names(row: Row, aliases: Aliases) -> list[int | None] | None:
    """The columns of a line whose every filled cell (at least one) names its own column: its header, or
    another header of the same field (项目编号 under 申报编号), or the name a two-line header writes under
    its group (:func:`_names_column`); None for any other line. Stops at the first cell that names
    none: an application's first filled cell."""
    found: list[int | None] = []
    for name, cell in row.cells.items():
        value = cell.value
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            return None
        key = header_key(value)
        if not key:
            continue  # blank after normalising
        if not _names_column(key, cell.header, name, aliases):
            return None
        found.append(ref_column(cell.ref))
    for header, value in row.extra.items():
        if is_blank(value):
            continue
        if not isinstance(value, str) or not _names_column(header_key(value), header, None, aliases):
            return None
        found.append(ref_column(row.extra_refs.get(header, "")))
    return found or None


def _names_column(key: str, header: str, name: str | None, aliases: Aliases) -> bool:
    """Whether a cell's text (its ``key``) names its own column: the column's header, another header
    of the same field, or the name under a group's (年度设备投入 under 投资情况（万元）: the column's header
    read as 年度设备投入（万元）, the unit or year the group adds in brackets after the name)."""
    own = _header_key_of(header)
    if key == own or (name is not None and (aliases.get(key) or (None,))[0] == name):
        return True
    return own.startswith(key) and own[len(key):].startswith("(") and own.endswith(")")


# a group's name over the columns of a two-line header: text with no figure (基本情况, 投资情况（万元）), or a
# year's (2020年度, 2020年（万元））
GROUP_YEAR = re.compile(r"(?:19|20)\d{2}年度?(?:\([^()]*\))?")


def _group_line(row: Row, aliases: Aliases) -> dict[int, bool] | None:
    """The first line of a two-line header, read alone: {column: whether its cell is a group's name
    (else its column's own name)} of a line of two filled cells or more, every one a column's own
    name or a group's (Chinese text with no figure but a year's, naming no enterprise), at least one
    a group's; None for any other line (an application's stops at its first figure or name). Whether
    the line is a header's is for :func:`_header_pair` to say, with the line under it."""
    line: dict[int, bool] = {}
    cells = itertools.chain(((name, cell.value, cell.header, cell.ref) for name, cell in row.cells.items()),
                            ((None, value, header, row.extra_refs.get(header, "")) for header, value in row.extra.items()))
    for name, value, header, ref in cells:  # every line of a batch is asked: an application stops at its first figure
        if value is None or value == "" or is_blank(value):
            continue
        if value.__class__ is not str:
            return None
        key = header_key(value)
        column = ref_column(ref)
        if column is None:
            return None  # a record of a JSON file: no columns, no header on two lines
        if _names_column(key, header, name, aliases):
            line[column] = False
        elif (_CJK.search(key) and not key.endswith(ENTERPRISE_ENDS) and not _is_total_label(key)
              and (not _DIGIT.search(key) or GROUP_YEAR.fullmatch(key))):
            line[column] = True
        else:
            return None
    return line if len(line) >= 2 and any(line.values()) else None


_DIGIT = re.compile(r"\d")


def _header_pair(top: Row, below: Row, aliases: Aliases) -> bool:
    """Whether two lines are a two-line header: ``top`` a group line (:func:`_group_line`), ``below``
    a line of names (:func:`_header_names`) just under it, where each group spans the blank cells
    after it and has a name under its first two columns, and each name below stands under its own
    name above (merged down), under a group, or under a blank a group to its left spans. A line of
    text above a repeated names line (an application's) is none: some name under it stands under
    nothing (申报编号 under a blank no group spans) or under text other than a group's."""
    groups = _group_line(top, aliases)
    names = _header_names(below, aliases) if groups is not None and below.number == top.number + 1 else None
    if names is None or None in names:
        return False
    under = set(names)
    if any(is_group and not (column in under and column + 1 in under and column + 1 not in groups)
           for column, is_group in groups.items()):
        return False  # a group spans two columns or more, each named on the line below
    spanning = False  # the last filled cell above to the left was a group's
    for column in range(1, max(under | set(groups)) + 1):
        if column in groups:
            spanning = groups[column]
        if column in under and not (column in groups or spanning):
            return False
    return True


_HEADER_KEYS: dict[str, str] = {}  # a column's header → its key: a table has a few dozen headers, met on every line


def _header_key_of(header: str) -> str:
    key = _HEADER_KEYS.get(header)
    if key is None:
        key = header_key(header)
        if len(_HEADER_KEYS) < 4096:
            _HEADER_KEYS[header] = key
    return key


# how the lines under (or between) a district's table begin: notes, who filled it in, stamps
# "填报单位（盖章）：…", "联系电话：…": a sign-off field and its colon (a company named 填报科技… has none)
NOTE_FIELD = re.compile(r"[^:]{0,6}?(填报|填表|制表|联系人|联系电话|经办人|负责人|审核|复核|审批|签字|签名|盖章|附件|数据来源|资料来源|日期|金额单位|意见|承诺)[^:]{0,12}:")
# a place to stamp or sign and date by hand: "（盖章）", "单位（盖章）", "年  月  日"
# the stamping office's name before it ("威海市环翠区工业和信息化局（盖章）"), and the date it signs, filled in
SIGN_PLACE = re.compile(r"[^:]{0,30}\((?:[^()]{0,6})?(?:盖章|公章|签字|签章|章)\)|(?:\d{4})?年月日|\d{4}年\d{1,2}月\d{1,2}日"
                        r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
# the district's conclusion and its office under the table: "经初审，以上项目符合申报条件", "经我局初审，…",
# "经区工信局审核，…", "经环翠区工业和信息化局初审，…"; "威海市环翠区工业和信息化局"
REVIEW_NOTE = re.compile(r"经(区市|市|区|[^\W\d_]{0,14}?(局|委|办))?(初审|审核|复审|核查|审查)")
# a government office's name alone, the bureau's or one co-signing (威海市环翠区科学技术局); not any name
# ending in 局: an old state enterprise may be a 物资供应局
OFFICE_ENDS = ("工业和信息化局", "工信局", "经济和信息化局", "经信局", "经济发展局", "经济发展部", "科学技术局", "科技局",
               "发展和改革局", "发展改革局", "财政局", "商务局", "市场监督管理局", "统计局", "税务局", "生态环境局",
               "人民政府", "管理委员会", "管委会")
NOTE_MARK = re.compile(r"(注|说明|备注|附)\s*(\d+\s*)?[:、.]|\(?此页无正文|特此(报告|说明|函告|通知)|(此|本)表由")  # "注：…", "注1.…", "说明:…", "附：…" (not 注塑…, nor an id 注1)
# how many copies the form is made in ("本表一式三份，报区市工信局一份。"), and the date under a sign-off
# written on a line of its own ("2020年8月3日", "2020.8.3"): neither is an application's first cell
COPIES = re.compile(r"(本表|此表|该表)?一式[一二两三四五六七八九十\d]+份")
DATE_ALONE = re.compile(r"\d{4}(年\d{1,2}月(\d{1,2}日)?|([-./])\d{1,2}\3\d{1,2})")  # 2020年8月 (no day) too
# the applicant's or office's pledge and the office's opinion on a line of their own ("本单位承诺以上数据真实、准确、
# 完整。", "同意推荐。"), the page's footer ("第1页，共2页"), the office's name and the date it signs on one line
PLEDGE = re.compile(r"(本|我)(单位|公司|局)(郑重)?(承诺|保证)|同意(推荐|上报|申报)[。.]?$|第\d+页(,?共\d+页)?$")
OFFICE_DATED = re.compile(r".{0,30}(工业和信息化局|工信局|经济和信息化局|经信局|经济发展局|经济发展部)(\(盖章\))?\d{4}年\d{1,2}月\d{1,2}日")
TITLE_ENDS = ("汇总表", "申报表", "一览表", "明细表", "统计表", "登记表", "台账")
# a section heading between blocks: "一、环翠区", "（二）补报项目", "以下为补报项目"
SECTION = re.compile(r"([一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|以下|以上)")
# ...but an enterprise's name alone is an application with the rest left blank (以上科技有限公司)
ENTERPRISE_ENDS = ("公司", "厂", "集团", "合作社", "中心", "研究院", "研究所", "事务所")


def _is_note_row(row: Row) -> bool:
    """A line of one text that is a note or a title, not an application: "注：金额单位为万元。",
    "填报单位（盖章）：…  填报人：…", "文登区技改补助申报汇总表". A line with more than one filled
    cell, or one text that reads otherwise (an id alone), stays an application and is checked."""
    texts = []
    for value in itertools.chain((c.value for c in row.cells.values()), row.extra.values()):
        if value is not None and value != "" and not is_blank(value):
            texts.append(value)
            if len(texts) > 1:  # an application: stop at its second filled cell
                return False
    if len(texts) != 1 or any(c.formula_problem for c in row.cells.values()):
        return False
    if isinstance(texts[0], dt.date):
        return True  # the date under a sign-off: Excel makes a typed 2020年8月3日 a date cell
    return isinstance(texts[0], str) and _is_note_text(texts[0])


# an English name of a column: words (a bracketed part, its unit, may hold figures: Annual equipment investment
# (10k yuan)); no figure outside brackets, as every application's id, code or amount has one
_GLOSS_WORDS = re.compile(r"[A-Za-z][A-Za-z .,'&/:\-]*")
_BRACKETED = re.compile(r"\s*\([ -~]*?\)\s*")


def _is_gloss_line(row: Row) -> bool:
    """A line of three filled cells or more, every one an English name of a column (ASCII words, see
    _GLOSS_WORDS). An application's line stops at its first figure, Chinese text or number cell."""
    count = 0
    for value in itertools.chain([c.value for c in row.cells.values()], row.extra.values()):
        if value is None or value == "" or is_blank(value):
            continue
        if value.__class__ is not str or not value.isascii() or value[-1].isdigit() or value[0].isdigit():
            return False  # every line of a batch is asked: an application's id (WH-1), figure or name stops it here
        if not _GLOSS_WORDS.fullmatch(_BRACKETED.sub(" ", value).strip()):
            return False
        count += 1
    return count >= 3


def _filled(row: Row, limit: int = 0) -> list:
    """The row's filled cells' values, in field order; with ``limit``, at most that many (every line
    of a batch is asked whether it is a note: an application's line of a dozen cells stops early)."""
    found = []
    for value in itertools.chain([c.value for c in row.cells.values()], row.extra.values()):
        if value is not None and value != "" and not is_blank(value):
            found.append(value)
            if len(found) == limit:
                break
    return found


def _is_units_row(row: Row) -> bool:
    """The header's second line under it, every filled cell a unit (（万元） under 年度设备投入):
    part of the header, not an application (it was refused with a 不予受理告知书 addressed to no one)."""
    return (is_units_line(itertools.chain((c.value for c in row.cells.values()), row.extra.values()))
            and not any(c.formula_problem for c in row.cells.values()))


def _has_colon(row: Row) -> bool:
    """Whether a cell holds a colon NFKC makes ":" (NOTE_FIELD matches after header_key); a plain
    loop: every line of a batch is asked."""
    for value in itertools.chain([cell.value for cell in row.cells.values()], row.extra.values()):
        if value.__class__ is str and (":" in value or "：" in value or "﹕" in value or "︓" in value):
            return True
    return False


def _is_sign_off_row(row: Row) -> bool:
    """A sign-off line spread over cells: "填报人：张三" | "联系电话：0631-1234567", or a label
    cell "填报人：" beside the name it asks for. Every filled cell is such a field, or the value of
    a label cell that ends at its colon; a line with any other text stays an application."""
    if not _has_colon(row):
        return False  # every sign-off line has a field and its colon (填报人：); most application lines none
    values = _filled(row)
    if len(values) < 2 or any(c.formula_problem for c in row.cells.values()):
        return False
    keys = [header_key(value) if isinstance(value, str) else None for value in values]
    fields = [key for key in keys if key is not None and NOTE_FIELD.match(key)]
    labels = sum(1 for key in fields if key.endswith(":"))
    return bool(fields) and len(values) - len(fields) <= labels


# a note's mark alone in its cell, the note in the next ("注：" | "1.金额单位为万元；2.…")
NOTE_LABEL = re.compile(r"(注|附注|说明|备注|附|填表说明)\d*[:、.]?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_labelled_note(row: Row) -> bool:
    """Two filled cells: a note's mark alone (注：, 说明) and the note's text beside it. The note's text
    holds Chinese and names no enterprise: an id (ASCII) or a company name beside 备注 stays an application."""
    values = []
    for value in itertools.chain([c.value for c in row.cells.values()], row.extra.values()):
        if value is not None and value != "" and not is_blank(value):
            if len(values) == 2 or value.__class__ is not str:  # every line of a batch is asked: an application stops here
                return False
            values.append(value)
    if len(values) != 2 or any(c.formula_problem for c in row.cells.values()):
        return False
    keys = [header_key(value) for value in values]
    for label, text in (keys, keys[::-1]):
        if NOTE_LABEL.fullmatch(label) and _CJK.search(text) and not text.endswith(ENTERPRISE_ENDS):
            return True
    return False


def _is_notes_row(row: Row) -> bool:
    """A sign-off spread over a few cells, each a note on its own: the office's conclusion at the left and
    its stamp at the right (经初审，以上项目符合申报条件。 | 威海市环翠区工业和信息化局（盖章）), the office and
    the date it signs (… | 2021年7月31日, as text or a date cell). Any other cell (an id, a name, an
    amount) makes the line an application."""
    values = []
    for value in itertools.chain([c.value for c in row.cells.values()], row.extra.values()):
        if value is not None and value != "" and not is_blank(value):
            if len(values) == 4 or not (isinstance(value, dt.date) or (value.__class__ is str and _may_be_note(value)
                                                                         and _is_note_text(value))):
                return False  # every line of a batch is asked: an application stops at its first cell
            values.append(value)
    return len(values) >= 2 and not any(c.formula_problem for c in row.cells.values())


def _is_split_note(row: Row) -> bool:
    """A note whose text held a comma, in a CSV written without quotes (注：1.金额单位为万元,2.本表由区市工信部门填报):
    its first cell opens with a note's mark (注：, 说明：, 注1.), the rest of it is Chinese text in the
    next few cells, naming no enterprise (…有限公司) and holding no id or amount."""
    values = _filled(row, 5)  # five filled cells are too many already: an application's line stops there
    if not 2 <= len(values) <= 4 or any(value.__class__ is not str for value in values):
        return False
    if any(c.formula_problem for c in row.cells.values()) or not any(NOTE_MARK.match(header_key(v)) for v in values):
        return False  # (the cells in the row's field order: its first piece may sit in 序号, the next in 申报编号)
    if not all(_CJK.search(value) and not header_key(value).endswith(ENTERPRISE_ENDS) for value in values):
        return False
    # a comma splits a note into the cells next to each other, from its first piece on: the pieces
    # stand side by side, the one with the note's mark leftmost. Texts apart (an individual
    # business's name, 威海市环翠区宏达机械加工部, its district, and a remark 注：代码和金额待补) are an
    # application's cells, and the line was set aside unseen
    placed = sorted((ref_column(ref), value) for ref, value in _filled_refs(row))
    if any(number is None for number, _ in placed):
        return True  # a record of a JSON file: no columns to tell
    numbers = [number for number, _ in placed]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and NOTE_MARK.match(header_key(placed[0][1])) is not None


def _filled_refs(row: Row) -> list[tuple[str, object]]:
    found = [(cell.ref, cell.value) for cell in row.cells.values() if not (cell.value is None or cell.value == "" or is_blank(cell.value))]
    found += [(row.extra_refs.get(header, ""), value) for header, value in row.extra.items()
              if not (value is None or value == "" or is_blank(value))]
    return found


def _may_be_note(text: str) -> bool:
    """Every note holds Chinese but a date (2021.7.31): an ASCII text not opening with a digit (an id) is none."""
    return not text.isascii() or text[:1].isdigit()


def _is_note_text(text: str) -> bool:
    text = header_key(text)
    return (NOTE_FIELD.match(text) is not None or NOTE_MARK.match(text) is not None
            or (SECTION.match(text) is not None and not text.endswith(ENTERPRISE_ENDS))
            or SIGN_PLACE.fullmatch(text) is not None
            or (COPIES.match(text) is not None and not text.endswith(ENTERPRISE_ENDS)) or DATE_ALONE.fullmatch(text) is not None
            or REVIEW_NOTE.match(text) is not None or PLEDGE.match(text) is not None or OFFICE_DATED.fullmatch(text) is not None
            or text.endswith(TITLE_ENDS) or text.endswith(OFFICE_ENDS) or BLANK_MARK.fullmatch(text) is not None)


# h144: a form's mark that nothing follows, alone on its line: （以下空白）, 此栏以下空白, 本页以下空白 (以下空白 bare is a
# SECTION's 以下), （空）, or a dash, a slash, dots or 无 standing for an empty line. Each was checked as an
# application (row4, a dozen findings, 需人工复核); it is set aside as a note line, its row named
BLANK_MARK = re.compile(r"\(?(?:此栏|此页|本页|本栏|本表|此表)?以下(?:空白|无正文|无内容)[。.]?\)?|\((?:空|空白)\)|[/\\\-—–―_.·…]+|无")


# a district's short name as part of a road's or a place's name (文登路, 火炬八街, 乳山路, 提高区域): the title
# names no second district by it
_PLACE_NAMED = re.compile("(?:" + "|".join(sorted({re.escape(name) for name, _ in WEIHAI_UNITS if not name.endswith(("区", "市"))}
                                                     | {"高区", "经区"}, key=len, reverse=True))
                          + r")(?:[一二三四五六七八九十\d]*(?:路|街|大道|大街|巷|胡同|村|镇|社区|小区|花园|广场)|域)")


def _one_district(text: str) -> str:
    """The one district a file name or title line names, or "": a city's table titled
    …汇总表（环翠区、文登区） is no district's own file, and its first name must not fill a blank 所在区市."""
    text = _PLACE_NAMED.sub("", text)  # 环翠区文登路企业汇总表: 文登路 is a road in 环翠区, no second district
    unit = district_unit(text)
    if not unit:
        return ""
    rest = text
    for name, named in WEIHAI_UNITS:  # longest names first: 文登区 before 文登
        if named == unit:
            rest = rest.replace(name, "")
    other = district_unit(rest)
    if other and other != unit:
        return ""
    # another unit by any of its names, short ones too, wherever it stands: 威海高区、经区汇总 names two
    # (district_unit reads 经区 only after 威海, as it must for one name in a longer text; here a
    # second name, however written, is enough for the title to be no one district's)
    compact = nfkc(rest).replace(" ", "")
    return "" if any(name in compact for name, named in WEIHAI_UNITS if named != unit) else unit


def open_applications(path: Path, fields: FieldSet, *, aliases: Aliases | None = None, ref_prefix: str = "") -> ApplicationTable:
    """Open an application workbook, CSV or JSON/JSONL file; InputError if it cannot be read.
    ``aliases`` (default: the contract's fields) may add the columns a round's conditions read."""
    table = open_table(path, aliases or fields.aliases, what="申报文件", header_rows=HEADER_SEARCH_ROWS, formulas=True,
                       ref_prefix=ref_prefix, packed=True)
    hidden = _refuse_tables_beside(table, table.sheet[len(ref_prefix):] if table.sheet.startswith(ref_prefix) else table.sheet,
                                   aliases or fields.aliases)
    # the district the file's name and title lines give; when they name two (文登区.xlsx titled
    # 环翠区…汇总表), the file is no one district's own: it gives none (as a title naming two does)
    sources = [("文件名", Path(path).stem), *(("标题", text) for text in table.title_lines)]
    said = [(where, unit) for where, text in sources if (unit := _one_district(text))]
    named = {unit for _, unit in said}
    district = named.pop() if len(named) == 1 else None
    return ApplicationTable(table, district=district, aliases=aliases or fields.aliases, hidden_tables=hidden,
                            hidden_rows=_hidden_rows(table, ref_prefix),
                            district_conflict=said if len({unit for _, unit in said}) > 1 else [])


def _hidden_rows(table: Table, ref_prefix: str) -> set[int]:
    suffix = table.path.suffix.lower()
    if suffix not in (*XML_WORKBOOKS, ".ods") or not table.header_row:
        return set()
    sheet = table.sheet[len(ref_prefix):] if table.sheet.startswith(ref_prefix) else table.sheet
    return hidden_ods_rows(table.path, sheet) if suffix == ".ods" else hidden_rows(table.path, sheet)


def hidden_rows_note(label: str, rows: list[int]) -> str:
    shown = "、".join(str(number) for number in rows[:HIDDEN_ROWS_SHOWN])
    more = f"等 {len(rows)} 行" if len(rows) > HIDDEN_ROWS_SHOWN else ""
    # listed under 未核对: what is not checked is whether the rows are live applications, not the rows
    return (f"{label}第 {shown} 行{more}在工作簿中是隐藏行（打开工作簿时看不到）：这些行已按申报逐件审核，"
            "但是否为有效申报（而非撤回、作废或重复的申报）未核对；如为撤回、作废或重复的申报，请删除这些行后重新审核。")


HIDDEN_ROWS_SHOWN = 20  # row numbers named in the note; the rest counted


def district_conflict_note(label: str, said: list[tuple[str, str]]) -> str:
    """Why a file named for one district and titled for another gave its blank 所在区市 no district."""
    named = "，".join(f"{where}为{unit}" for where, unit in dict.fromkeys(said))
    return (f"{label}的{named}，不是同一区市：未按文件确定报送区市，所在区市未填写的申报不据以补填，"
            "也未核对各行所在区市与报送区市是否一致；请核实该文件由哪个区市工信部门报送。")


def hidden_tables_note(label: str, hidden: list[tuple[str, int]]) -> str:
    sheets = "、".join(f"“{name}”（{filled} 行）" for name, filled in hidden)
    return (f"{label}中隐藏的工作表{sheets}也是申报表，未审核（只审核打开工作簿时看到的第一张申报表）；"
            "如其中有需审核的申报，请取消隐藏，另存为单独的文件后一并审核。")


def _refuse_tables_beside(table: Table, sheet: str, aliases: Aliases) -> list[tuple[str, int]]:
    """One sheet of a workbook is read. Another visible sheet holding an application table with
    lines under it (环翠区, 文登区, 荣成市 on tabs of one workbook) would be left out unseen, its
    applications never checked nor counted: the run stops, naming the sheets and what to do.
    Returns the hidden sheets holding such a table (an old copy, a tab hidden as this message
    advises): not read, as a person opening the workbook does not see them, but named in the
    run's 未核对事项 so that their lines are not left out unseen."""
    tables = [(name, filled, shown) for name, found, filled, shown
              in other_filled_sheets(table.path, sheet, aliases, HEADER_SEARCH_ROWS, "申报文件")
              if "application_id" in found and len(found) >= 3]
    beside = [(name, filled) for name, filled, shown in tables if shown]
    if beside:
        sheets = "、".join(f"“{name}”（{filled} 行）" for name, filled in beside)
        raise InputError(f"申报文件「{table.path.name}」中，除已读取的工作表“{sheet}”外，工作表{sheets}也是申报汇总表，"
                         "但每个文件只审核一张工作表，这些工作表中的申报不会被审核，也不计入件数。请把每张工作表另存为单独的文件"
                         "（如“文登区.xlsx”），放在同一文件夹中一并审核（fundcheck check 文件夹 …）；不需要审核的工作表请删除或隐藏。")
    return [(name, filled) for name, filled, shown in tables if not shown]
