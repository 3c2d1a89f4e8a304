"""The expert pool: reading the workbook, its canonical form and SHA-256.

Contract (``contract.md`` § Expert pool workbook): columns 专家编号, 姓名, 工作单位, 专业领域
(several, separated by 、 or ;), 状态 (在库/暂停/退出), optional 工作单位统一社会信用代码,
是否本局工作人员 (是/否) and 联系电话. The canonical form is every row as the UTF-8 line
``专家编号\\t姓名\\t工作单位\\t专业领域 (sorted, joined by 、)\\t状态\\n`` after NFKC and trimming, sorted
by 专家编号 as text; the pool hash is SHA-256 of the concatenated lines.

Contact details are never read into memory: the 联系电话 column is recognised only so that it
is not mistaken for anything else. The file is read by the one table reader (.xlsx, .csv, .json...).
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from checker.core.lifetime import keep, keeping
from checker.core.text import nfkc, round_key, show_invisible, strip_invisible
from checker.core.values import stdnum_uscc
from checker.errors import InputError
from checker.io.table import (WORKBOOK_SUFFIXES, Row, Table, aliases, cell_text, open_table, open_xlsx_openpyxl,
                               other_filled_sheets, reader_failed)

STATUS_ACTIVE = "在库"

# Header aliases, compared through header_key (whitespace dropped, brackets NFKC-normalised).
POOL_HEADERS: dict[str, tuple[str, ...]] = {
    "expert_id": ("专家编号", "编号", "专家ID", "专家id"),
    "name": ("姓名", "专家姓名"),
    "unit": ("工作单位", "所在单位", "单位"),
    "fields": ("专业领域", "领域", "专业"),
    "status": ("状态", "专家状态", "入库状态"),
    "unit_uscc": ("工作单位统一社会信用代码", "单位统一社会信用代码", "统一社会信用代码"),
    "staff": ("是否本局工作人员", "本局工作人员", "是否本局人员"),
    # 手机号, 联系方式, 移动电话: as pools exported by other systems head the column; unrecognised, the
    # same-name-and-phone comparison was silently skipped (the numbers are compared, never kept)
    "phone": ("联系电话", "电话", "手机", "手机号码", "手机号", "联系方式", "移动电话"),
}
POOL_COLUMNS = aliases(POOL_HEADERS)
REQUIRED_POOL = ("expert_id", "name", "unit", "fields", "status")
_CONTRACT_HEADER = {"expert_id": "专家编号", "name": "姓名", "unit": "工作单位", "fields": "专业领域",
                    "status": "状态"}

_FIELD_SEPARATORS = re.compile(r"[、;]")
_WHITESPACE = re.compile(r"\s+")  # compiled once: recusal normalises every candidate's unit
_YES = {"是", "y", "yes", "true", "1"}
_NO = {"否", "n", "no", "false", "0", ""}


@dataclass(frozen=True)
class Expert:
    """One pool row after normalisation. No contact details, by design."""

    expert_id: str
    name: str
    unit: str
    fields: tuple[str, ...]  # sorted
    status: str
    unit_uscc: str = ""
    staff: bool = False
    row: int = 0  # 1-based row in the source (header is row 1), for messages

    def canonical_line(self) -> str:
        """The contract's canonical line for this row (fields sorted, joined by 、)."""
        return "\t".join((self.expert_id, self.name, self.unit, "、".join(self.fields),
                          self.status)) + "\n"


_BY_ID = attrgetter("expert_id")


@dataclass(frozen=True)
class Pool:
    """A whole pool in canonical order, with its hash."""

    experts: tuple[Expert, ...]
    sha256: str
    source: str = ""
    # rows the workbook hides (a person opening it does not see them) and the sheet read: for the
    # draw's warning; not compared (the pool is its experts)
    hidden_rows: frozenset = field(default=frozenset(), compare=False)
    sheet: str = field(default="", compare=False)
    # ids of 在库 experts registered twice under one name and one 联系电话 (each group in row order):
    # for the draw's warning; the numbers themselves are never kept
    same_phone: tuple = field(default=(), compare=False)

    def find(self, expert_id: str) -> Expert | None:
        """The expert of this id, by a binary search of the sorted experts (a panel names ten of a
        pool of 100,000: no index of all of them is built for that)."""
        at = bisect_left(self.experts, expert_id, key=_BY_ID)
        if at < len(self.experts) and self.experts[at].expert_id == expert_id:
            return self.experts[at]
        return None

    def all_fields(self) -> set[str]:
        """Every field any expert lists, any status (worked out once: a draw asks twice, for its
        candidates and its warnings, and a 100,000-expert pool takes ~35 ms each time)."""
        known = self.__dict__.get("_all_fields")
        if known is None:
            known = frozenset(chain.from_iterable(expert.fields for expert in self.experts))
            object.__setattr__(self, "_all_fields", known)  # not a field: equality and the hash stay the experts'
        return set(known)


# ---------------------------------------------------------------- canonical form and hash


def canonical_bytes(experts: Iterable[Expert]) -> bytes:
    """Concatenated canonical lines, sorted by 专家编号 as text (Python str order)."""
    return _joined_lines(sorted(experts, key=_BY_ID))


def _joined_lines(ordered: Iterable[Expert]) -> bytes:
    # Expert.canonical_line's text, written out: half the time of a method call and a tuple per
    # expert (an Expert's texts are str, for which an f-string is the text itself)
    return "".join([f"{expert.expert_id}\t{expert.name}\t{expert.unit}\t{'、'.join(expert.fields)}\t{expert.status}\n"
                    for expert in ordered]).encode("utf-8")


def pool_sha256(experts: Iterable[Expert]) -> str:
    """SHA-256 (hex) of the canonical form."""
    return hashlib.sha256(canonical_bytes(experts)).hexdigest()


def build_pool(experts: Sequence[Expert], source: str = "") -> Pool:
    """Check ids are unique, sort canonically, hash."""
    # one pass in C; the loop only to name them. Ids compare without case: E001 and e001 are one
    # expert to the office and to the audit, and would otherwise sit twice on one panel.
    ids = list(map(_BY_ID, experts))
    joined = "".join(ids)
    plain = joined.isascii() and joined.isprintable() and " " not in joined
    # nearly every pool: ids of printable ASCII without a space, whose key here and in recusal
    # (recusal.id_key: the key 回避名单 and --staff ids are matched by) is their lower case
    keys = frozenset(map(str.lower, ids)) if plain else set(map(expert_id_key, ids))
    if len(keys) != len(experts):
        _refuse_duplicate(experts)
    ordered = tuple(sorted(experts, key=_BY_ID))
    # the canonical form of experts already in its order (pool_sha256 would sort them again)
    pool = Pool(ordered, hashlib.sha256(_joined_lines(ordered)).hexdigest(), source)
    if plain:  # recusal.pool_id_keys finds them made (a 100,000-expert pool: one set less to build)
        object.__setattr__(pool, "_id_keys", keys)  # not a field: equality and the hash stay the experts'
    return pool


def expert_id_key(expert_id: str) -> str:
    """How two pool ids are told apart: as 回避名单 and --staff ids are matched with them
    (recusal.id_key), without case, white space or anything that shows as nothing (round_key):
    "ZJ014", "zj014", "ZJ 014", and ZJ014 followed by a zero-width space or a Hangul filler (U+3164)
    print as, or are read as, one expert, who would be drawn with twice the chance; and a recusal
    naming ZJ014 would exclude the one and leave the other drawable. (A leading apostrophe, 'ZJ001,
    is dropped where an id is read: without_text_marker.)"""
    if expert_id.isascii() and expert_id.isprintable() and " " not in expert_id:
        # nearly every id (ZJ014, E000123): NFKC leaves printable ASCII as it is, it holds no invisible
        # character and no white space but " ", and its case folding is its lower case: round_key's
        # key at a fifth of the cost
        return expert_id.lower()
    return round_key(expert_id)


TEXT_MARKER = "'"  # Excel's "store as text" prefix; a full-width ＇ is it after NFKC


def without_text_marker(expert_id):
    """The id without a leading apostrophe ('ZJ001 is ZJ001): Excel keeps the marker out of the cell,
    but typed into a CSV, a WPS cell or a 回避名单 by hand it stays, and 'ZJ001 was another id than
    ZJ001 in the pool, a 回避名单, --staff and draw substitute (h134). Anything but text is returned as it is."""
    if isinstance(expert_id, str) and expert_id[:1] == TEXT_MARKER:
        return expert_id.lstrip(TEXT_MARKER).strip()
    return expert_id


def _refuse_duplicate(experts: Sequence[Expert]) -> None:
    """The first id met a second time, with both rows."""
    seen: dict[str, Expert] = {}
    for expert in experts:
        key = expert_id_key(expert.expert_id)
        if key in seen:
            first = seen[key]
            shown = (f"「{expert.expert_id}」" if first.expert_id == expert.expert_id
                     else f"「{first.expert_id}」与「{show_invisible(expert.expert_id)}」（仅大小写不同）"
                     if first.expert_id.casefold() == expert.expert_id.casefold()
                     else f"「{first.expert_id}」与「{show_invisible(expert.expert_id)}」（仅大小写、空格、不可见字符或形近字母不同）")
            raise InputError(f"专家库中专家编号{shown}重复（第 {first.row} 行和第 {expert.row} 行）。")
        seen[key] = expert


# ---------------------------------------------------------------- cell normalisation


# a list as another system exports it into a cell: ["新材料","智能制造"], ['新材料', '智能制造'], [新材料，智能制造]
_LIST_TEXT = re.compile(r"\[([^\[\]]*)\]")
_LIST_ITEM_SEPARATORS = re.compile(r"[、;,]")  # after NFKC: ， is ,
_QUOTES = "\"'“”‘’"


def split_fields(text: str) -> tuple[str, ...]:
    """专业领域 split on 、 or ; (NFKC already turned ； into ;), trimmed, sorted, de-duplicated.

    A cell holding a bracketed list, as a JSON or Python export writes one (["新材料","智能制造"]),
    is that list: read as the text it is, it made one field named ["新材料","智能制造"] and the expert
    was never a candidate in either field (as a JSON pool's array already is, checker/io/table.py)."""
    listed = _LIST_TEXT.fullmatch(text.strip())
    if listed is not None:
        parts = (part.strip().strip(_QUOTES).strip() for part in _LIST_ITEM_SEPARATORS.split(listed.group(1)))
        return tuple(sorted({part for part in parts if part}))
    return tuple(sorted({part.strip() for part in _FIELD_SEPARATORS.split(text) if part.strip()}))


def parse_yes_no(text: str, where: str) -> bool:
    """是/否 (and a few obvious spellings); anything else is an input error naming the cell."""
    lowered = text.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise InputError(f"{where} 的值「{text}」应为 是 或 否。")


# ---------------------------------------------------------------- the pool


def read_pool(path: str | Path) -> Pool:
    """Read and validate an expert pool file (.xlsx, .csv, .json...)."""
    with collector_paused():
        return _read_pool(path)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a pool is read: a 100,000-expert workbook makes about
    a million lists, tuples and Experts, none of them in a reference cycle, and the collector's
    passes over them, each longer as they accumulate, took about a third of the time spent after
    calamine's read. Reference counting frees them all the same; the few cycles a failed read may
    leave (an error's traceback) are collected once the collector runs again."""
    if not gc.isenabled():  # a caller that paused it keeps it paused
        yield
        return
    gc.disable()
    try:
        yield
    except BaseException:
        gc.enable()
        raise
    if keeping() and not gc.get_freeze_count():
        # the console script, which keeps the pool for the process's end: the collector's first pass
        # after this, over every object made while it was paused (~1,000,000 of a 100,000-expert
        # pool), took ~0.06 s. Frozen and thawed at once, they are moved to the oldest generation,
        # which the young passes leave out. h159: left frozen, they made the audit's long_lived
        # blocks (checker.core.processes), which freeze only when nothing is frozen yet, freeze
        # nothing (`audit --pool` of 1,000 rounds: 33 s instead of 5 s in the collector); and with
        # objects already frozen (a caller's, a long_lived block's) they could only be frozen, or
        # thawed, together with those: left as they are then
        gc.freeze()
        gc.unfreeze()
    gc.enable()



def _read_pool(path: str | Path) -> Pool:
    table = _open_pool(Path(path))
    missing = [_CONTRACT_HEADER[field] for field in REQUIRED_POOL if field not in table.fields_found]
    if missing:
        raise InputError(f"专家库「{path}」缺少必需的列：{'、'.join(missing)}。")
    refuse_other_tables(table, POOL_COLUMNS, POOL_HEADER_ROWS, "专家库", REQUIRED_POOL, path,
                        "其中的专家不会参加抽取，也不会按其中的单位或身份回避")
    experts = _grid_experts(table, path) if _whole_columns(table) else _row_experts(table, path)
    if not experts:
        raise InputError(f"专家库「{path}」没有任何专家记录。")
    pool = build_pool(experts, str(path))
    object.__setattr__(pool, "sheet", table.sheet)
    object.__setattr__(pool, "hidden_rows", frozenset(_hidden_rows(table)))
    object.__setattr__(pool, "same_phone", _same_name_and_phone(table, experts))
    keep(table, pool)  # a draw that ends the process at once: left for its end, not freed object by object (lifetime)
    return pool


_NOT_DIGITS = re.compile(r"\D")


def _same_name_and_phone(table: Table, experts: Sequence[Expert]) -> tuple[tuple[str, ...], ...]:
    """Groups of 在库 experts with one name and one 联系电话 under different ids: one person registered
    twice (a second time after changing employer, so the same-name-and-unit warning misses it), drawn
    with twice the chance, perhaps twice, and a recusal by the old unit leaves the new entry drawable.
    Only the rows of names met twice are looked at; a phone is compared as its digits (138-0000-0001
    is 13800000001) and dropped at once: no number is kept in the pool, record or ledger."""
    if "phone" not in table.fields_found:
        return ()
    every = list(map(attrgetter("name"), experts))
    if len(set(every)) == len(every):
        joined = "".join(every)
        if joined.isalnum() or not (_WHITESPACE.search(joined) or _NAME_DOTS.search(joined)):
            return ()  # nearly every bureau's pool: no name twice, however spaced or dotted (a set and a test in C: ~20 ms per 100,000)
    active = [expert for expert in experts if expert.status == STATUS_ACTIVE and expert.name]
    # a name of letters only (张三) holds no white space or dot: the common case without a regular expression.
    # It is case-folded as name_key folds the others (Li Wei is liwei): left as written, LiWei was not Li Wei
    names = [name.casefold() if name.isalnum() else name_key(name) for name in map(attrgetter("name"), active)]
    counts = Counter(names)
    if len(counts) == len(names):  # nearly every pool of a bureau: no name twice, no phone read
        return ()
    wanted = {expert.row: expert for name, expert in zip(names, active) if counts[name] > 1}
    grid = table.grid
    if _whole_columns(table):
        rows = (next(table.rows(number - grid.first - 1, number - grid.first)) for number in sorted(wanted))
    else:
        rows = (row for row in table.rows() if row.number in wanted)
    people: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        expert = wanted.get(row.number)
        digits = _NOT_DIGITS.sub("", row.text("phone"))
        if expert is not None and len(digits) >= 7:  # a blank or 无: nothing to compare
            people.setdefault((name_key(expert.name), digits), []).append(expert.expert_id)
    return tuple(tuple(ids) for ids in people.values() if len(ids) > 1)


def _hidden_rows(table: Table) -> set[int]:
    """Row numbers the pool's sheet hides (.xlsx, .xlsm, .ods): calamine reads them as any other
    row, so their experts are drawn from although whoever opens the workbook does not see them."""
    suffix = Path(table.path).suffix.lower()
    if not table.header_row or suffix not in (".xlsx", ".xlsm", ".ods"):
        return set()
    from checker.io.xlsx import hidden_ods_rows, hidden_rows

    return hidden_ods_rows(table.path, table.sheet) if suffix == ".ods" else hidden_rows(table.path, table.sheet)


def _row_experts(table: Table, path: str | Path) -> list[Expert]:
    """The experts of a table read Row by Row (JSON, YAML, and what :func:`_grid_experts` leaves)."""
    rows = list(table.rows())
    for row in rows:
        _refuse_control(row, path)
        _refuse_disagreeing_columns(row, path)
    return [expert for row in rows if (expert := _row_to_expert(row)) is not None]


def _refuse_control(row: Row, path: str | Path) -> None:
    for name, cell in row.cells.items():  # a failed VLOOKUP (#N/A) or an uncalculated formula reads as blank
        if cell.formula_problem and name != "phone":
            raise InputError(f"专家库「{path}」的 {cell.ref}（{cell.header}）{cell.formula_problem}：按空白读取会使回避或状态失效；"
                             "请在 Excel 中打开并保存，或改为数值后重试。")
    if row.cleaned:
        ref, header, _ = row.cleaned[0]
        raise InputError(f"专家库「{path}」的 {ref}（{header}）含控制字符；专家库的哈希按原文计算，请删除这些字符后重试。")


def _same_value(field: str, first: str, other: str) -> bool:
    """Two columns' texts of one pool field, compared as the field is read."""
    if field == "fields":
        return split_fields(first) == split_fields(other)
    if field == "unit_uscc":
        return normalise_uscc(first) == normalise_uscc(other)
    if field == "staff":
        return first.lower() in _STAFF and other.lower() in _STAFF and _STAFF[first.lower()] == _STAFF[other.lower()]
    # h139: a name or a unit as recusal and the namesake checks compare them (name_key; normalise_unit, of which
    # employer_key is made): 吴静 beside 吴　静 padded to line up with three-character names stopped the draw
    if field == "name":
        return name_key(first) == name_key(other)
    if field == "unit":
        return normalise_unit(first) == normalise_unit(other)
    return first == other


def _refuse_disagreeing_columns(row: Row, path: str | Path) -> None:
    """A pool field given by two columns (状态 and 入库状态, a header repeated, a second 工作单位 pasted
    on the right) whose cells on one line differ: the first column was read and the other passed over
    in silence, so an expert marked 退出 in the second 状态 column was drawn, and a unit in the second
    工作单位 column never recused (h134). Refused naming both cells; 联系电话 (联系电话 and 手机 are
    often both there) is only compared for same-name warnings and is passed over here."""
    for name, cell in row.cells.items():
        if name == "phone" or not cell.others:
            continue
        first = cell_text(cell.value)
        for other in cell.others:
            if not _same_value(name, first, cell_text(other.value)):
                raise InputError(f"专家库「{path}」第 {row.number} 行的「{_CONTRACT_HEADER.get(name, cell.header)}」有两列且不一致："
                                 f"{cell.ref}（{cell.header}）为「{first}」，{other.ref}（{other.header}）为「{cell_text(other.value)}」，"
                                 "无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。")


def refuse_other_tables(table: Table, known, header_rows: int, what: str, required, path, lost: str) -> None:
    """One sheet of a workbook is read. Another sheet, shown or hidden, whose header names every
    ``required`` column (and two known columns at least, where the list knows two) and that has lines under it is a part of
    the same list on a second tab (新材料组 and 电子信息组; 第一批 and 第二批): its experts were never
    drawn from, its applicants' employees never recused, its declared conflicts silently lost. The
    command stops, naming each such sheet. A 说明 sheet, the lists behind drop-downs, or a table
    of another kind (without the list's own columns) is no such sheet and is passed over as before."""
    source = Path(table.path)
    if source.suffix.lower() not in WORKBOOK_SUFFIXES:
        return
    # a list of one column (本局工作人员: 专家编号) is whole with that column alone, one cell to a line
    least = min(2, len({entry[0] for entry in known.values()}))
    try:
        found = other_filled_sheets(source, table.sheet, known, header_rows, what, least_cells=least)
    except InputError:  # a workbook calamine cannot open (read by openpyxl instead): its first sheet only
        return
    # a hidden sheet beside a list of one column is the list behind a drop-down (下拉选项), not a second list
    beside = [(name, filled, shown) for name, fields, filled, shown in found
              if set(required) <= fields and len(fields) >= least and (shown or least >= 2)]
    if not beside:
        return
    sheets = "、".join(f"“{name}”（{filled} 行{'' if shown else '，隐藏'}）" for name, filled, shown in beside)
    raise InputError(f"{what}「{path}」中，除已读取的工作表“{table.sheet}”外，工作表{sheets}也是{what}，"
                     f"但每个文件只读取一张工作表，{lost}。请把名单合并到一张工作表后重试；"
                     "不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。")


POOL_HEADER_ROWS = 10  # a title line above the header (「…项目专家库名单」), as the expert database exports it


def _open_pool(path: Path):
    """The pool's table: read with python-calamine (about 12x faster than openpyxl on a 100,000-row
    workbook); an .xlsx that calamine cannot read (or calamine missing) is read with openpyxl, and
    only if that fails too is the pool unreadable (with calamine's reason)."""
    try:
        # formulas: a cell whose formula has no usable value (#N/A, never calculated) is named, not read as blank
        return open_table(path, POOL_COLUMNS, what="专家库", header_rows=POOL_HEADER_ROWS, formulas=True)
    except InputError as error:
        if path.suffix.lower() not in (".xlsx", ".xlsm") or not reader_failed(error):
            raise
        try:
            return open_xlsx_openpyxl(path, POOL_COLUMNS, what="专家库", header_rows=POOL_HEADER_ROWS)
        except InputError:
            raise error from None


def _row_to_expert(row: Row) -> Expert | None:
    # A row with nothing in the contract's columns is a blank line, not an expert.
    texts = {field: row.text(field) for field in POOL_HEADERS if field != "phone"}
    if not any(texts.values()):
        return None
    listed = next((field for field in texts if field != "fields" and isinstance(row.value(field), (list, tuple))), None)
    if listed is not None:
        raise InputError(_one_value_expected(row.number, listed, texts[listed]))
    texts["expert_id"] = without_text_marker(texts["expert_id"])  # 'ZJ001 typed by hand is ZJ001
    if not texts["expert_id"]:
        raise InputError(f"专家库第 {row.number} 行缺少专家编号。")
    staff_text = texts["staff"]
    return Expert(
        expert_id=texts["expert_id"],
        name=texts["name"],
        unit=texts["unit"],
        fields=split_fields(texts["fields"]),
        status=texts["status"],
        unit_uscc=normalise_uscc(texts["unit_uscc"]),
        staff=parse_yes_no(staff_text, f"专家库第 {row.number} 行「是否本局工作人员」") if staff_text else False,
        row=row.number,
    )


def normalise_uscc(text: str) -> str:
    """USCC in stdnum's compact upper-case form ("" when empty).

    An invalid code is kept (compacted) rather than dropped: for recusal, two identical codes
    still say "same employer" even if a check character was mistyped in both places.
    """
    if not text:
        return ""
    return stdnum_uscc()[0].compact(strip_invisible(text)).upper()  # a code pasted with a zero-width space


# The separator dot of a transcribed name (阿依古丽·买买提), written in as many ways as there are input
# methods: · (U+00B7; Greek ano teleia U+0387 is it after NFKC), • (U+2022), ‧ (U+2027), ∙ (U+2219),
# ⋅ (U+22C5), ・ (U+30FB; half-width ･ U+FF65 is it after NFKC), ⸱ (U+2E31), ㆍ (U+318D), and a full stop
# (. ; ． U+FF0E and ․ U+2024 are it after NFKC), and the ideographic full stop 。 (U+3002; ｡ U+FF61 is it
# after NFKC), which a Chinese input method types for "." (J。Smith for J. Smith, h134). A parameter: the seeds say nothing of how names are
# written. Two writings of one name are one name to the office: a 回避名单 writing the dot otherwise
# than the pool was refused as naming nobody, or another expert; one person registered twice so was
# not named in the same-name warnings.
NAME_DOTS = "\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2e31\u318d.\u3002"
_NAME_DOTS = re.compile(f"[{re.escape(NAME_DOTS)}]")


def name_key(text: str) -> str:
    """An expert's name as two writings of it are compared (回避名单 against the pool, the pool's
    same-name warnings): normalise_unit (NFKC, no white space or invisible characters, no case) and
    no separator dot (NAME_DOTS): 阿依古丽·买买提 = 阿依古丽•买买提 = 阿依古丽・买买提 = 阿依古丽 买买提."""
    return _NAME_DOTS.sub("", normalise_unit(text))


def normalise_unit(text: str) -> str:
    """Employer name for comparison: NFKC, all whitespace and invisible characters (zero-width
    spaces, joiners, BOM: a name pasted from a web form) dropped, case-folded."""
    return _WHITESPACE.sub("", strip_invisible(nfkc(text or ""))).casefold()


# ---------------------------------------------------------------- the pool, column by column
#
# A Row with a Cell per value, NFKC per cell and a control-character check per cell cost about
# three times calamine's own read of a 100,000-expert workbook (issue 14). A sheet's columns are
# taken whole instead: a column of text is checked for control characters and for NFKC form in
# one call each, and a line holding anything the common case does not (a control character, no
# 专家编号, a 是否本局工作人员 that is not 是/否) is read through its Row and _row_to_expert after
# all, so every message names the cell exactly as the Row path does. tests/test_pool_fast.py
# compares the two paths on generated hostile pools.

_READ_FIELDS = tuple(field for field in POOL_HEADERS if field != "phone")  # _row_to_expert's texts
_STAFF = {**{text: True for text in _YES}, **{text: False for text in _NO}}  # parse_yes_no's answers


def _whole_columns(table: Table) -> bool:
    """Whether the table's columns can be taken whole: a sheet or CSV file held as a list of
    lines, each field in one first column (a second one only where the first is blank: see
    _field_texts), no cell marked (formula problems or percent formats)."""
    grid = table.grid
    return (grid is not None and isinstance(grid.lines, list) and not grid.marked
            and len({name for name, _ in grid.columns.values()}) == len(grid.columns))


def _grid_experts(table: Table, path: str | Path) -> list[Expert]:
    """The experts _row_experts finds, with the same errors in the same order (a control
    character anywhere first, then each line's own problem, in line order)."""
    grid = table.grid
    count = len(grid.lines) - grid.first
    header = grid.lines[grid.first - 1]
    # the columns a Row reads: the known ones and every other with a header (its text can hold a
    # control character too); a far cell's empty columns are never copied
    read = [index for index in range(grid.width) if index in grid.columns or header[index] not in (None, "")]
    columns = _columns(grid.lines[grid.first:], read)
    joined = {index: _joined_text(column) for index, column in columns.items()}

    def row_at(offset: int) -> Row:
        return next(table.rows(offset, offset + 1))

    # the lines a Row refuses, in line order as _row_experts meets them: a control character, or a
    # field's two columns saying two things (_refuse_disagreeing_columns; only lines whose texts differ
    # are read as Rows, and the Row decides)
    for offset in sorted(set(_unprintable_lines(columns, joined)) | _disagreeing_lines(grid, columns, joined)):
        row = row_at(offset)
        _refuse_control(row, path)
        _refuse_disagreeing_columns(row, path)
    texts = [_field_texts(grid, field, columns, joined, count) for field in _READ_FIELDS]
    experts: list[Expert] = []
    append = experts.append
    fields_of: dict[str, tuple[str, ...]] = {}
    uscc_of: dict[str, str] = {"": ""}
    for offset, (expert_id, name, unit, fields, status, uscc, staff) in enumerate(zip(*texts)):
        if not (expert_id or name or unit or fields or status or uscc or staff):
            continue  # a blank line
        # an id led by Excel's text marker ('ZJ001) is read by _row_to_expert, which drops the marker
        if not expert_id or expert_id[0] == TEXT_MARKER or staff.lower() not in _STAFF:
            if (expert := _row_to_expert(row_at(offset))) is not None:  # raises, naming the cell
                experts.append(expert)
            continue
        if fields not in fields_of:  # a pool names a few dozen fields: split each text once
            fields_of[fields] = split_fields(fields)
        if uscc not in uscc_of:
            uscc_of[uscc] = normalise_uscc(uscc)
        expert = _new(Expert)  # _expert(...) written out: a call per expert less (~30 ms per 100,000)
        expert.__dict__.update(expert_id=expert_id, name=name, unit=unit, fields=fields_of[fields], status=status,
                               unit_uscc=uscc_of[uscc], staff=_STAFF[staff.lower()], row=grid.first + offset + 1)
        append(expert)
    return experts


_new = object.__new__


def _expert(expert_id: str, name: str, unit: str, fields: tuple[str, ...], status: str, unit_uscc: str,
            staff: bool, row: int) -> Expert:
    """Expert(...) as its __init__ makes it (Expert has no __post_init__: the fields are set and
    nothing else), without the frozen class's object.__setattr__ per field: a third of the time
    of 100,000 Experts. tests/test_pool_fast.py checks both give equal Experts with equal fields."""
    expert = _new(Expert)
    expert.__dict__.update(expert_id=expert_id, name=name, unit=unit, fields=fields, status=status,
                           unit_uscc=unit_uscc, staff=staff, row=row)
    return expert


def _disagreeing_lines(grid, columns: dict[int, list], joined: dict[int, str]) -> set[int]:
    """Offsets of the lines where a field given by more than one column (phone aside) has two filled
    texts that differ: the only lines whose Row can say so."""
    found: dict[str, list[int]] = {}
    for column, (name, _unit) in (*grid.columns.items(), *sorted(grid.repeats.items())):
        if name != "phone":
            found.setdefault(name, []).append(column)
    lines: set[int] = set()
    for name, indices in found.items():
        if len(indices) < 2:
            continue
        texts = [_column_texts(columns[index], joined[index]) for index in indices]
        lines.update(offset for offset, line in enumerate(zip(*texts)) if len({text for text in line if text}) > 1)
    return lines


def _field_texts(grid, field: str, columns: dict[int, list], joined: dict[int, str], count: int):
    """A field's text on each line: its first column's, or where that is blank its next column's
    (编号 beside 专家编号), as a Row reads it."""
    found = [column for column, (name, _unit) in (*grid.columns.items(), *sorted(grid.repeats.items())) if name == field]
    if not found:
        return repeat("", count)
    if field != "fields":
        for column in found:
            _refuse_lists(grid, field, columns[column], joined[column])
    texts = _column_texts(columns[found[0]], joined[found[0]])
    for column in found[1:]:
        texts = [text or other for text, other in zip(texts, _column_texts(columns[column], joined[column]))]
    return texts


def _refuse_lists(grid, field: str, column: list, joined: str) -> None:
    """A JSON or YAML pool's list where one value belongs (专家编号 ["ZJ002", "ZJ099"], 工作单位 with two
    units, 状态 ["在库", "暂停"]): read as one text joined by 、 it made one expert of two ids, and a
    unit list no applicant's name equals, so its same-unit recusal was never applied (h105). Only
    专业领域 is a list."""
    if type(joined) is _AllText:  # a workbook's column: texts only
        return
    kinds = set(map(type, column))
    if list not in kinds and tuple not in kinds:
        return
    offset = next(i for i, value in enumerate(column) if isinstance(value, (list, tuple)))
    raise InputError(_one_value_expected(grid.first + offset + 1, field, cell_text(column[offset])))


def _one_value_expected(number: int, field: str, shown: str) -> str:
    return (f"专家库第 {number} 行的「{_CONTRACT_HEADER.get(field, field)}」是一组值（{shown}），应为一个值："
            "只有专业领域可以列出多个（以、分隔）。一位专家有多个工作单位时，请分别登记在回避名单中。")


def _columns(lines: list, indices: list[int]) -> dict[int, list]:
    """The data lines' values in the given columns, a list per column (None where a line is too
    short, as a Row reads a missing cell)."""
    shortest = min(map(len, lines), default=0)
    return {index: list(map(itemgetter(index), lines)) if index < shortest
            else [line[index] if index < len(line) else None for line in lines]
            for index in indices}


class _AllText(str):
    """A column's joined text (_joined_text) when every value in the column is text: no number, date,
    blank or list, so nothing but trimming is left to do to it (_column_texts, _refuse_lists)."""


def _joined_text(column: list) -> str:
    """The column's texts joined by spaces (its other values left out). A space is printable, is
    left as it is by NFKC and never composes with a neighbour, so the joined text is printable, or
    in NFKC form, exactly when each text is: one call then checks a whole column."""
    try:
        return _AllText(" ".join(column))
    except TypeError:  # numbers, dates, blanks read as None
        return " ".join([value for value in column if isinstance(value, str)])


def _unprintable_lines(columns: dict[int, list], joined: dict[int, str]) -> list[int]:
    """Offsets, in order, of the lines holding a text that is not printable: only those can hold a
    control character (has_control), so only their Rows need reading before any expert is."""
    found: set[int] = set()
    for index, column in columns.items():
        if not joined[index].isprintable():
            found.update(offset for offset, value in enumerate(column)
                         if isinstance(value, str) and not value.isprintable())
    return sorted(found)


def _trimmed(joined: str) -> bool:
    """Whether no text of an all-text column (_AllText) starts or ends with white space, nor is empty,
    so that str.strip would change none. A printable text holds no white space but the ASCII space
    (the others are Unicode "Separator" or "Other" characters, not printable), and a text starting or
    ending with one, or an empty text, leaves two spaces side by side in the joined text, or one at
    an end. Two C-level searches instead of a strip per value (~5 ms a column of 100,000)."""
    return joined.isprintable() and "  " not in joined and joined[:1] != " " and joined[-1:] != " "


def _column_texts(column: list, joined: str) -> list[str]:
    """cell_text of each value: text already in NFKC form (the whole column checked at once, see
    _joined_text) needs only trimming; anything else goes through cell_text itself."""
    if not unicodedata.is_normalized("NFKC", joined):
        return [cell_text(value) for value in column]
    if type(joined) is _AllText:
        return column if _trimmed(joined) else list(map(str.strip, column))
    return [value.strip() if type(value) is str else cell_text(value) for value in column]
