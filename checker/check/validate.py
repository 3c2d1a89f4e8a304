"""Stage 2, validate: raw record → typed application plus ``INP-`` findings for unreadable cells.

Each field ends in one of three states: ``ok`` (a typed value), ``absent`` (blank cell or no
column), ``unreadable`` (a value that is not in the documented form: an INP- finding names the
cell, the value and the expected form). Rules reading an absent or unreadable field decide
``missing``; nothing unreadable ever becomes a number, a date or a "no" by accident.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from checker.check.fields import FieldSet, FieldSpec
from checker.check.region import district_unit
from checker.core.findings import control_character_finding, input_finding
from checker.core.values import (
    ENGINE_INT_MAX,
    NUMBER_FORM,
    YUAN_NUMBER_FORM,
    UNIT_SLIP,
    UNIT_SLIP_YUAN,
    USCC_FORM,
    Unreadable,
    export_blank,
    format_decimal,
    is_blank,
    normalise_uscc,
    parse_count,
    parse_date,
    parse_yes_no,
    spaced_figure,
    spaced_figure_detail,
    validate_uscc,
    wan_to_fen,
)
from checker.core.money import parse_amount
from checker.core.text import HIDDEN_READ_PAST, control_characters, has_hidden, hidden_characters, nfkc, nfkc_collapse, strip_hidden
from checker.io.table import Cell, Row, number_as_written, written_json

OK, ABSENT, UNREADABLE = "ok", "absent", "unreadable"


@dataclass
class Value:
    """One field of one application: its state, typed value, display text and source cell."""

    state: str
    value: Any = None
    display: str = ""
    ref: str = ""
    raw: Any = None
    note: str | None = None


@dataclass
class Application:
    row: int
    sheet: str
    values: dict[str, Value]
    extra: dict[str, object]
    input_findings: list[dict] = field(default_factory=list)
    unreadable: bool = False  # the whole record could not be read (e.g. a malformed JSON line)

    def get(self, name: str) -> Value:
        return self.values.get(name) or _NO_COLUMN

    def text(self, name: str) -> str:
        value = self.get(name)
        return value.value if value.state == OK else ""


# 符合产业政策方向 written as the project's class in the 产业结构调整指导目录
CATALOGUE_CLASS = {"鼓励类": True, "限制类": False, "淘汰类": False}

def validate_record(record: Row, fields: FieldSet, workflow_id: str | None = None) -> Application:
    """Type every known field of a raw record; unreadable cells become INP- findings. ``workflow_id``:
    the workflow the row is checked under (a field's implausible_in; None: as in every workflow)."""
    # positional (row, sheet, values, extra): a dataclass's keywords cost more, once per row
    application = Application(record.number, record.sheet, {}, dict(record.extra))
    if record.problem:
        application.input_findings.append(_record_finding(record))
        application.unreadable = True
        return application
    if record.cleaned:  # cells whose control characters were removed (nearly no row has any)
        application.input_findings.extend(control_character_finding(ref, header, written, control_characters(written))
                                          for ref, header, written in record.cleaned)
    cells, values = record.cells, application.values
    # only the fields the row has a column for: Application.get gives any other _NO_COLUMN (the
    # contract has ~60 fields, a workbook a dozen columns), in the contract's order as before
    for spec in _specs_present(fields, cells):
        values[spec.name] = _typed(spec, cells[spec.name], application, workflow_id)
    return application


_NO_COLUMN = NO_COLUMN = Value(ABSENT)  # what Application.get gives for a field the input has no column for (never changed in place)
_PRESENT: dict[tuple, tuple[FieldSet, tuple[FieldSpec, ...]]] = {}  # (field set, a row's columns) → their specs


def _specs_present(fields: FieldSet, cells: dict) -> tuple[FieldSpec, ...]:
    """The specs of the fields among ``cells``, in the contract's order: the same for every row of
    a table (a row may add 所在区市 from its file's name), so worked out once per set of columns."""
    key = (id(fields), *cells)
    cached = _PRESENT.get(key)
    if cached is None or cached[0] is not fields:
        if len(_PRESENT) >= 256:  # a batch has a few tables; in-process runs come and go
            _PRESENT.clear()
        cached = _PRESENT[key] = (fields, tuple(spec for spec in fields.specs if spec.name in cells))
    return cached[1]


def _typed(spec: FieldSpec, cell: Cell | None, application: Application, workflow_id: str | None = None) -> Value:
    if cell is None:
        return _NO_COLUMN
    if cell.formula_problem:
        application.input_findings.append(formula_finding(spec, cell))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=cell.formula_problem)
    if is_blank(cell.value):
        return Value(ABSENT, None, "", cell.ref)  # positional: a dataclass takes keywords at about three times the cost
    if spec.kind == "text" and export_blank(cell.value):
        # nan, None, NULL: what a program exporting the table (pandas, a database) writes for an empty
        # cell; no enterprise or project is so named, and a notice must not be addressed to "None"
        application.input_findings.append(inp_finding(
            "INP-VALUE", spec, cell, f"“{cell.value.strip()}”是导出程序为空单元格写入的标记，不是{spec.label}"))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=_show(cell.value))
    try:
        value, display, note = _parse(spec, cell)
    except Unreadable as error:
        application.input_findings.append(inp_finding(_inp_id(spec), spec, cell, error.detail, error.expected))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=_show(cell.value))
    if cell.external and spec.kind in ("amount", "count"):
        application.input_findings.append(external_finding(spec, cell, display))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{display}，取自其他工作簿")  # the notice quotes it
    if spec.kind == "amount":
        slip = unit_slip(spec, cell, value, workflow_id)
        if slip:
            application.input_findings.append(unit_slip_finding(spec, cell, display, slip))
            # the question goes with the value: the rules' findings and the applicant's notice ask it too
            return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{_show(cell.value)}，单位存疑", note=slip)
    if spec.kind == "amount" and cell.shared:
        application.input_findings.append(shared_amount_finding(spec, cell, display))
        return Value(UNREADABLE, ref=cell.ref, raw=cell.value,
                     display=f"{display}，为多件申报共用的一个合并单元格的金额")  # no cell reference: the notice quotes it
    if cell.others:  # another column of the row for the field: most rows have none
        conflict = first_conflict(cell, value, lambda other: _parse(spec, other))
        if conflict is not None:
            application.input_findings.append(conflict_finding(spec, cell, display, *conflict))
            return conflict_value(cell, display, conflict[0])
    # every field of every row ends here: positional (a dataclass's keywords cost about 0.6 µs more a value)
    return Value(OK, value, display, cell.ref, cell.value, note)


def first_conflict(cell: Cell, value: Any, parse) -> tuple[Cell, str] | None:
    """The first other column of the row for the same field (``cell.others``) that says something
    else, with what it says (its value in the field's form, or as written when ``parse`` cannot
    read it); None when they all agree."""
    for other in cell.others:
        try:
            other_value, other_display, _ = parse(other)
        except Unreadable:
            return other, _show(other.value)
        if other_value != value:
            return other, other_display
    return None


def conflict_value(cell: Cell, display: str, other: Cell) -> Value:
    """The field after a conflict: unreadable, and what a rule needing it (and the notice) quotes
    names both values, not one as if it could not be read."""
    return Value(UNREADABLE, ref=cell.ref, raw=cell.value, display=f"{display}，与{other.header}“{_show(other.value)}”不一致")


def conflict_finding(spec: FieldSpec, cell: Cell, display: str, other: Cell, other_display: str) -> dict:
    """Two columns of one row giving one field different values: neither is taken."""
    written = _show(other.value)
    converted = f"（折合 {other_display} 万元）" if spec.kind == "amount" and written != other_display else ""
    return input_finding(
        "INP-CONFLICT",
        (f"{spec.label}两列不一致", f"Two columns disagree on {spec.name}"),
        f"{cell.ref}（{cell.header}）的{spec.label}为“{display}”，同一行 {other.ref}（{other.header}）为“{written}”{converted}，"
        "两列不一致，无法确定以哪一列为准；依赖此项的规则判为“待补充”。",
        f"请核实{spec.label}，只保留一列或使两列一致。",
        {spec.name: display, "other": other_display, "source": cell.ref, "other_source": other.ref, "column": cell.header},
        f"{spec.label}只能有一个值：两列不一致时不能替申报人选择其一。",
        {"expected_form": spec.form},
    )


def unit_slip(spec: FieldSpec, cell: Cell, amount: Decimal, workflow_id: str | None = None) -> str:
    """What makes a bare figure (no unit written in the cell) implausible in its column's unit, or
    "": under 1 万元 in a 元 column (100 for 100 万元?), above the field's implausible_above_wan in a
    万元 column (990000 for 99 万元?). A cell that writes its unit (0.5万, 100元) says what was meant."""
    if not (isinstance(cell.value, (int, float, Decimal)) or not re.search(r"[元圆万萬亿億]", str(cell.value))):
        return ""
    if cell.unit == "元" and 0 < amount < 1:
        return f"填写的 {format_decimal(amount * 10000)} 元不足 1 万元，{UNIT_SLIP}"
    bounded = spec.implausible_above_wan is not None and (workflow_id is None or not spec.implausible_in
                                                          or workflow_id in spec.implausible_in)
    if cell.unit != "元" and bounded and amount > Decimal(spec.implausible_above_wan):
        return (f"填写的 {format_decimal(amount)} 万元即 {format_decimal(amount / 10000)} 亿元，超过 {spec.implausible_above_wan} 万元，"
                f"{UNIT_SLIP_YUAN}")
    return ""


def unit_slip_finding(spec: FieldSpec, cell: Cell, display: str, slip: str) -> dict:
    """A bare figure whose size says its unit may be the other one: asked, not read (never refused on it)."""
    return input_finding(
        "INP-UNIT",
        (f"{spec.label}的单位可能填错", f"{spec.name}: the unit may be wrong"),
        f"{cell.ref}（{cell.header}）{slip}；按所填单位读取数额异常，本项不作判定，依赖此项的规则判为“待补充”。",
        f"请核实{spec.label}的数额与单位，在单元格中写明单位（如“100万元”）或改填到对应单位的列后重新报送。",
        {spec.name: _show(cell.value), f"{spec.name}_note": slip, "source": cell.ref, "column": cell.header},
        f"{spec.label}：未写单位的数字按列名的单位读取；数额明显不合单位（元列不足 1 万元，或万元列超过审核部门设定的上限）时由审核人核实。",
        {"expected_form": spec.form, **({"implausible_above_wan": spec.implausible_above_wan} if spec.implausible_above_wan else {})},
    )


def shared_amount_finding(spec: FieldSpec, cell: Cell, display: str, what: str = "金额") -> dict:
    """An amount (or a round condition's count) merged over several applications' lines: each
    one's, or their total? Not chosen."""
    return input_finding(
        "INP-MERGED",
        (f"{spec.label}为多件申报共用的合并单元格", f"{spec.name} merged over several applications"),
        f"{cell.ref} 的{spec.label}“{display}”取自合并单元格 {cell.shared}，该单元格跨多件申报只填了一个{what}，"
        "无法确定是每件申报各自的{what}还是几件的合计；依赖此项的规则判为“待补充”。".replace("{what}", what),
        f"请取消合并，为每件申报分别填写{spec.label}。",
        {spec.name: display, f"{spec.name}_note": f"合并单元格 {cell.shared}", "source": cell.ref, "column": cell.header},
        f"{spec.label}按每件申报分别核对：一个{what}不能同时作为几件申报的{what}。",
        {"expected_form": spec.form},
    )


def external_finding(spec: FieldSpec, cell: Cell, display: str) -> dict:
    """A figure whose formula reads another workbook (=[1]Sheet1!$A$1, a link to \\\\server\\share\\x.xlsx):
    the value read is the one Excel saved when it last calculated, from a file the reviewer does not
    have. Asked, not used (as a merged amount is)."""
    return input_finding(
        "INP-EXTERNAL",
        (f"{spec.label}引用其他工作簿", f"{spec.name} taken from another workbook"),
        f"{cell.ref} 的{spec.label}“{display}”是公式，引用{cell.external}，读到的是上次计算时保存的结果："
        "该数值取自审核人手中没有的另一个文件，无法核对是否准确、是否已随该文件更新；依赖此项的规则判为“待补充”。",
        f"请在 {cell.ref} 直接填写{spec.label}的数值（或在 Excel 中断开链接、转为数值）后重新报送，或向报送单位核实该数值。",
        {spec.name: display, f"{spec.name}_note": cell.external, "source": cell.ref, "column": cell.header},
        f"{spec.label}须为本表中填写的数值：引用其他工作簿的公式，其结果无法从本表核对。",
        {"expected_form": spec.form},
    )


NONE_COUNT_WORDS = frozenset({"无", "没有", "零", "〇"})
CHINESE_DIGITS = re.compile(r"[零〇一二两三四五六七八九十百]")


# --- an amount as the cell writes it ------------------------------------------------------------

_SIGN_OR_SPACE = re.compile(r"[\s+\-−]")
_CURRENCY_PREFIX = re.compile(r"^(?:人民币|RMB|¥)")


def written_unit(raw: object) -> str | None:
    """The money unit an amount cell writes itself, whatever its column's: 100万元, 伍佰万元整 and
    1亿2000万元 are 万元, 0.05亿元 亿元, 1,000,000元, ￥1,000 and 贰仟叁佰元伍角 元; None for a bare figure
    (100, 1,000, a number cell, 壹佰 with no unit), which is in its column's unit."""
    if not isinstance(raw, str):
        return None
    text = _SIGN_OR_SPACE.sub("", nfkc(raw))
    prefixed = bool(_CURRENCY_PREFIX.match(text))
    text = _CURRENCY_PREFIX.sub("", text).removesuffix("整").removesuffix("正")
    if text.endswith(("元", "圆")):
        text, prefixed = text[:-1], True
    unit = {"万": "万元", "萬": "万元", "亿": "亿元", "億": "亿元"}.get(text[-1:])
    if unit is None and (prefixed or text.endswith(("角", "分"))):
        unit = "元"
    if unit is None:
        return None
    try:  # read the same in a 元 and a 万元 column: the cell's own unit, not the column's
        in_yuan = parse_amount(raw, "元", allow_negative=True)[0]
        in_wan = parse_amount(raw, "万元", allow_negative=True)[0]
    except Unreadable:
        return None
    return unit if in_yuan == in_wan * 10000 else None


def amount_as_written(raw: object, unit: str, *, allow_negative: bool = False) -> tuple[Decimal, str | None]:
    """An amount that writes its own unit (:func:`written_unit`), in ``unit``, with a note that says
    once what was done: a 大写 amount or one of 亿/万 parts read as such, and a conversion only from
    the unit written (伍佰万元整 in 万元 is no conversion: its parts are read in 元 only inside)."""
    written = written_unit(raw)
    value, note = parse_amount(raw, unit, allow_negative=allow_negative)
    notes = [n for n in (note or "").split("；") if n and not re.fullmatch(r"按\S+换算为\S+", n)]
    if written is not None and written != unit:
        notes.append(f"按{written}换算为{unit}")
    return value, "；".join(notes) or None


def _parse(spec: FieldSpec, cell: Cell) -> tuple[Any, str, str | None]:
    if spec.kind != "text" and isinstance(cell.value, str) and has_hidden(cell.value):
        # h137: a zero-width space, a BOM or a direction mark pasted with a figure, a date or a 是 shows as
        # nothing: "100" was unreadable, its finding quoting “100” as if the figure itself were wrong. What
        # the cell shows is read, and the note says so
        hidden = hidden_characters(cell.value)
        if spec.kind == "uscc":
            # a code stays unreadable: the batch counts each enterprise's applications from the codes as
            # written (checker/check/batch.py, facts/__init__.py), where a code with the character is
            # another code, so read here it would hide a duplicate. The finding says why (was "长度 19 位")
            shown = normalise_uscc(strip_hidden(cell.value))
            raise Unreadable(USCC_FORM, f"含不可见字符 {hidden}，删除后为“{shown}”；请删除该字符后重新填写")
        try:
            value, display, note = _parse_shown(spec, replace(cell, value=strip_hidden(cell.value)))
        except Unreadable as error:
            raise Unreadable(error.expected, "；".join(filter(None, [error.detail if error.detail != error.expected else None,
                                                                    f"另含不可见字符 {hidden}"]))) from error
        return value, display, "；".join(filter(None, [note, HIDDEN_READ_PAST.format(hidden)]))
    return _parse_shown(spec, cell)


# fields whose typed text must match what the batch counted from the cells as written
COUNTED_AS_WRITTEN = frozenset({"company_name", "application_id"})


def _parse_shown(spec: FieldSpec, cell: Cell) -> tuple[Any, str, str | None]:
    if spec.kind == "amount":
        if cell.value.__class__ is str and not cell.value.isprintable():  # one scan: a clean text costs no more
            # h144: a unit on the cell's second line (350 Alt+Enter 万元) was unreadable, 350 万元 read: a line
            # break is a space as the cell shows it (50 Alt+Enter 60 is then two figures, asked as 50 60 is)
            cell = replace(cell, value=" ".join(cell.value.split()))
        spaced = spaced_figure(cell.value)  # "50 60" is no 5060 (checker.core.values), said before any unit is read
        if spaced is not None:
            raise Unreadable(NUMBER_FORM, spaced_figure_detail(spaced))
        written = written_unit(cell.value)
        if written is not None and written != (cell.unit or "万元"):
            # 0.5万 in a 元 column: the cell's own 万元 is read, said once (not 万元 → 元 → 万元)
            amount, note = amount_as_written(cell.value, "万元")
            if written == "万元":
                note = "；".join(filter(None, [note, f"所填单位为万元，未按{cell.unit}列换算"]))
        elif written is not None:
            amount, note = amount_as_written(cell.value, cell.unit or "万元")
        else:
            amount, note = parse_amount(cell.value, cell.unit or "万元")
        if cell.unit == "元" and written in (None, "元"):
            amount = amount / Decimal(10000)
            # 100 typed in a 元 column for 100 万元 reads as 0.01 万元 and fails its threshold: the
            # reading stands (the column says 元), and the note asks whether the unit was meant; a
            # cell that writes its unit (0.5万, 100元, 壹佰元) says what was meant and is not asked
            note = "；".join(filter(None, [note, "元列按 1 万元 = 10000 元换算"]))
        # (under 10^12 万元 no amount comes near the limit: adjusted() is its exponent, cheaper than the product)
        if amount.adjusted() >= 12 and abs(wan_to_fen(amount)) > ENGINE_INT_MAX:
            # the rules compare integer 分 in 64 bits; beyond that both values would saturate to one
            raise Unreadable(NUMBER_FORM, f"数值过大：{format_decimal(amount)} 万元超出可精确比较的范围")
        return amount, format_decimal(amount), note
    if spec.kind == "date":
        date = parse_date(cell.value)
        raw = cell.value
        if raw.__class__ in (int, float) or (raw.__class__ is str and raw.strip().isdigit() and len(raw.strip()) == 5):
            # h144: a cell showing 44018 (a date column left as 常规/General, a CSV saved from it) was read as
            # 2020-07-06 and the report said only 申报日期 2020-07-06: the reviewer opening the cell finds 44018.
            # The reading stands (Excel's own serial), said once (a date or 20200706 typed reads as it shows)
            serial = _show(raw).strip()
            if len(serial) == 5:
                return date, date.isoformat(), f"单元格为数字 {serial}，按 Excel 日期序号读作 {date.isoformat()}"
            if raw.__class__ is float and len(serial.partition(".")[0]) == 5:  # a date and its time of day (h147)
                return date, date.isoformat(), f"单元格为数字 {serial}（Excel 日期序号，小数部分为时刻），读作 {date.isoformat()}"
        return date, date.isoformat(), None
    if spec.kind == "yesno":
        if spec.name == "policy_direction" and isinstance(cell.value, str):
            # the district's first review often names the project's class in the 产业结构调整指导目录:
            # 鼓励类 is the direction supported; 限制类 and 淘汰类 are not
            written = nfkc(cell.value).replace(" ", "")
            if written in CATALOGUE_CLASS:
                answer = CATALOGUE_CLASS[written]
                return answer, "是" if answer else "否", f"“{written}”读作“{'是' if answer else '否'}”（产业结构调整指导目录的类别）"
        try:
            answer = parse_yes_no(cell.value)
        except Unreadable:
            answer = _ticked(cell.value)  # only once the cell is no plain answer: nothing more on the common path
            if answer is None:
                raise
        shown = "是" if answer else "否"
        # h144: a number (1, 0) was read with nothing said, and a 0 refused the application as 不具有独立法人资格
        # （否）: said as a word's reading is (a logical value, TRUE/FALSE or JSON's true, is a yes or no as it is)
        raw = cell.value
        written = (nfkc(raw).strip() if isinstance(raw, str)
                   else _show(raw) if raw.__class__ in (int, float, Decimal) or isinstance(raw, float) else "")
        # what the cell says, when it is not the word shown (无 read as 否, √ as 是): a reader sees both
        return answer, shown, (f"“{written}”读作“{shown}”" if written and written != shown else None)
    if spec.kind == "count":
        if spec.name != "rank" and isinstance(cell.value, str) and nfkc(cell.value).replace(" ", "") in NONE_COUNT_WORDS:
            # 补正告知次数 / 异议数 / 纸质份数 "无": none, which is 0 (a rank "无" is no rank, not place 0)
            return 0, "0", f"“{nfkc(cell.value)}”读作 0"
        try:
            number = parse_count(cell.value)
        except Unreadable as error:  # the field's own form ("未要求补正填 0") says more than the kind's
            raise Unreadable(spec.form, error.detail) from error
        if isinstance(cell.value, str) and CHINESE_DIGITS.search(nfkc(cell.value)):  # ⼋ (a radical) is 八
            return number, str(number), f"“{nfkc(cell.value).strip()}”读作 {number}"  # 五份: said in the report
        return number, str(number), None
    if spec.kind == "uscc":
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
            # a spreadsheet keeps 15 significant digits of a number: an 18-character code stored as
            # one has lost its last digits (and a code may hold letters); its length says nothing
            raise Unreadable(USCC_FORM, "单元格存成了数字，电子表格只保留 15 位有效数字，代码可能已被改动；请把该列设为文本后照证照重新填写")
        code = validate_uscc(normalise_uscc(cell.value))
        return code, code, None
    value = cell.value
    if isinstance(value, (dict, list)):  # a JSON file's nested value where a name, an id or a 文号 goes
        raise Unreadable(spec.form, f"嵌套数据 {written_json(value)[:200]}，不是文字")
    if spec.name == "company_name" and not isinstance(value, str):
        # h137: an enterprise's name that is a date or a number (a cell Excel turned into a date, a column
        # pasted one over) was taken as the name with no finding, and a notice addressed to "2020-01-05 00:00:00"
        kind = "日期" if isinstance(value, (dt.date, dt.time)) else "逻辑值（TRUE/FALSE）" if isinstance(value, bool) else "数字"
        raise Unreadable(spec.form, f"单元格是{kind}，不是{spec.label}")
    value = number_as_written(value)  # an id or a 文号 typed as a number: 1, not 1.0; a JSON file's 1.10 as written
    # h137: read without the characters that show as nothing (a zero-width space pasted into 环翠区 made
    # it no district, into 上海市 no place: 需人工复核 for an address in Shanghai); shown as written. A cell of
    # nothing else keeps them (it is not made an empty value here). The name and the id are compared
    # across the batch as written (batch.py, facts/__init__.py, ids.py) and keep them too
    written = str(value)
    shown = written  # (a cell of ASCII holds none of them: most ids, codes and 文号 are passed over at once)
    if not written.isascii() and spec.name not in COUNTED_AS_WRITTEN and has_hidden(written):
        shown = strip_hidden(written) or written
    text = nfkc_collapse(shown)
    # compared in NFKC (（集团） and (集团) are one name), shown as written: a notice is addressed to
    # 威海丙（集团）有限公司 as registered, never to a half-width 威海丙(集团)有限公司
    return text, _as_written(written), None


# a form's boxes for 是 and 否, one ticked (☑是 ☐否, ■是 □否, 是☑ 否☐, √是 □否): WPS and Word forms pasted into the sheet
_TICKED, _UNTICKED = "☑☒■√✓✔✅", "☐□"
_BOXES = re.compile(rf"\s*(?:([{_TICKED}{_UNTICKED}])\s*(是|否)|(是|否)\s*([{_TICKED}{_UNTICKED}]))\s*")


def _ticked(raw: object) -> bool | None:
    """The answer a pair of boxes gives (h144: ☑是 ☐否 was unreadable): the one word ticked, the other left
    blank; a lone ticked word (☑是) is that word. None for any other text: both ticked, neither, a word
    with no box, a box with no word (☐ alone), or text besides the boxes."""
    if raw.__class__ is not str or not any(mark in raw for mark in _TICKED + _UNTICKED):
        return None
    text, position, marks = nfkc(raw), 0, {}
    while position < len(text):
        found = _BOXES.match(text, position)
        if found is None or found.end() == position:
            return None
        mark, word = (found.group(1), found.group(2)) if found.group(2) else (found.group(4), found.group(3))
        if word in marks:
            return None
        marks[word] = mark in _TICKED
        position = found.end()
    ticked = [word for word, on in marks.items() if on]
    return ticked[0] == "是" if len(ticked) == 1 else None


def _as_written(text: str) -> str:
    """Text as the cell shows it, trimmed, runs of white space (line breaks too) one space."""
    shown = " ".join(text.split())
    return shown if shown else text.strip()


def _inp_id(spec: FieldSpec) -> str:
    return {"amount": "INP-NUMBER", "count": "INP-NUMBER", "date": "INP-DATE", "yesno": "INP-YESNO", "uscc": "INP-USCC"}.get(
        spec.kind, "INP-VALUE"
    )


def _show(raw: object) -> str:
    if isinstance(raw, bool):  # as the spreadsheet shows it, not Python's True/False
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()
    if isinstance(raw, float) and getattr(raw, "text", None) is not None:
        return raw.text  # a JSON file's number, as written (checker.io.table.JsonNumber)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dict, list)):  # a JSON file's nested value, as the file writes it (not Python's {'a': 1})
        return written_json(raw)
    return "" if raw is None else str(raw)


def inp_finding(rule_id: str, spec: FieldSpec, cell: Cell, detail: str | None, expected: str | None = None) -> dict:
    """An unreadable cell: names the cell, the value and the expected form."""
    expected = expected or spec.form
    label = cell_label(spec, cell)
    if expected == NUMBER_FORM and label != spec.label:  # a 元 column: its examples in 元
        expected = YUAN_NUMBER_FORM
    shown = _show(cell.value)
    reason = f"（{detail}）" if detail and detail not in (expected, NUMBER_FORM) else ""
    return input_finding(
        rule_id,
        (f"{spec.label}无法识别", f"Unreadable {spec.name}"),
        f"{cell.ref} 的{label}“{shown}”无法识别{reason}；应为：{expected}。依赖此项的规则判为“待补充”。",
        f"请核实并按规定格式填写{label}（{expected}）。",
        {spec.name: shown, "source": cell.ref, "column": cell.header},
        f"{spec.label}：{spec.form}",
        {"expected_form": expected},
    )


def cell_label(spec: FieldSpec, cell: Cell) -> str:
    """The field's label as the cell's column gives it: an amount read from a 元 column is not named
    by its 万元 label (年度设备投入（元） holds no 年度设备投入（万元）); the unit goes with the label."""
    unit = getattr(cell, "unit", None)
    if spec.kind == "amount" and unit and spec.label.endswith("（万元）") and unit != "万元":
        return f"{spec.label[:-len('（万元）')]}（{unit}）"
    return spec.label


def formula_finding(spec: FieldSpec, cell: Cell, numeric: bool | None = None) -> dict:
    """A formula cell whose result cannot be used: no cached value, or an error value. ``numeric``: whether the
    column holds a figure (by default, by the field's kind)."""
    # a text, date or 是/否 is no 数值: its formula's result is said unusable as what the column holds (h146: a 项目名称
    # was "无法作为数值使用", and the applicant asked to fill in the project name's 数值)
    numeric = spec.kind in ("amount", "count") if numeric is None else numeric
    what = "数值" if numeric else "内容"
    return input_finding(
        "INP-FORMULA",
        (f"{spec.label}公式结果不可用", f"Unusable formula result in {spec.name}"),
        f"{cell.ref} 的{spec.label}为公式，{cell.formula_problem}，无法作为{what}使用；依赖此项的规则判为“待补充”。",
        f"请核对{cell.ref}的公式，在 Excel 中重新计算并保存后再导出，或直接填写{spec.label}的{what}。",
        {spec.name: cell.formula_problem, "source": cell.ref, "column": cell.header},
        f"{spec.label}：{spec.form}（工作簿须含公式的缓存计算结果）",
        {"expected_form": spec.form},
    )


# A remark saying the application was withdrawn (企业已申请撤回, 已撤回, 撤回申报; 放弃申报, 撤销申报): the
# row is still listed and checked, but no verdict of 不予受理 and no notice goes to an enterprise that
# may have withdrawn; the seeds say nothing of withdrawal, so the office establishes it (需人工复核).
REMARK_HEADER = re.compile(r"备注|说明|撤回")
WITHDRAWN = re.compile(r"撤回|撤销申报|撤销申请|放弃申报|退出申报")
_ACT = r"(撤回|撤销申报|撤销申请|放弃申报|退出申报)"
# A remark that mentions withdrawal to deny it: 未撤回, 没撤回, 无需撤回, 不存在撤回情况, 拒绝撤回; a yes/no
# answer after the word (是否撤回：否, 撤回情况：无); a withdrawal request itself withdrawn or refused
# (撤回申请已撤销, 撤销撤回申请); an application withdrawn and submitted again (撤回后重新提交).
NOT_WITHDRAWN = re.compile(
    rf"(未|没有?|无|不|拒绝|从未|非)(需要?|须|用|存在|曾|同意|予|准)?(申请)?{_ACT}"
    rf"|{_ACT}(情况|申请|申报)?(原因|理由|日期|时间)?\s*[：:]\s*(否|无|没有|未撤回)(?=$|[，。；,;、\s])"
    rf"|{_ACT}(申请|请求)?(已|已被|被)?(撤销|取消|撤回|驳回|退回|否决|不予同意|不予批准|不同意|未获|未予|未被(同意|批准|准许|接受)"
    rf"|未(批准|同意|通过))|(撤销|取消)(了)?{_ACT}"
    rf"|{_ACT}(?:(?!不|未|没|无|待|拟|将|准备|计划)[^。；;]){{0,12}}(后|再|重新)(申报|报送|提交|递交|上报|上传)"
    # a document of the application withdrawn (and another sent), not the application: 撤回了错误的附件
    rf"|{_ACT}了?(?:(?:错误|有误|多余|重复|部分)的?(?:附件|文件|材料|页面|表格)|附件)(?:[,，;；、]|$)")
# A column asking the question itself (是否撤回, 撤回申报) answered yes.
WITHDRAWN_HEADER = re.compile(r"撤回|放弃申报|退出申报")
YES = frozenset({"是", "已", "已撤回", "√", "✓", "Y", "y", "yes", "Yes", "YES"})
# a column asking when or why it was withdrawn (撤回日期, 撤回时间, 撤回原因): filled, it says the application was
WITHDRAWAL_DETAIL = re.compile(r"撤回(申请|申报)?(日期|时间|原因|理由)")
# a detail column is blank for most rows, and a clerk fills the rest with a word for none: 暂无, 无。, 不涉及, ×, --
NO_DETAIL = re.compile(r"(?:暂?无|否|没有|未撤回|不适用|不涉及|无此(?:情况|事项)|空白?|零|0|[×xX]|n|no|none|n/?a"
                       r"|[-—–－/／\\、.。·…_~～*＊]*)[。.；;，,！!]*", re.IGNORECASE)
# the yes with what follows it: 是（2021年7月20日）, 是，7月20日书面申请, 是。 (a 是否撤回 answered so was missed)
_YES_AND_MORE = re.compile(r"(是|已撤回|已|√|✓|Y|yes)(?=\s*[（(，,。.；;：:、\s])", re.IGNORECASE)


def withdrawal_findings(record: Row) -> list[dict]:
    """An INP-WITHDRAWN finding for each remark column (备注, 说明, 情况说明…) saying the application was
    withdrawn. Its ``holds_verdict`` keeps the case at 需人工复核 (never 不符合条件) while it stands, and
    no notice is built for it (checker/report/notice.py)."""
    found = []
    for header, value in record.extra.items():
        if not REMARK_HEADER.search(header) or value is None or is_blank(value):
            continue
        if not isinstance(value, str):
            if WITHDRAWAL_DETAIL.search(nfkc(header)) and isinstance(value, (dt.date, dt.datetime)):
                value = _show(value)  # 撤回日期 typed as a date: the day it was withdrawn
            else:
                continue
        text = nfkc_collapse(value)
        answered_yes = bool(WITHDRAWN_HEADER.search(header)) and (text in YES or (_YES_AND_MORE.match(text) is not None
                                                                          and not NOT_WITHDRAWN.search(text)))
        # the day or the reason of the withdrawal given (撤回日期 2021-07-20, 撤回原因 资金困难): it was withdrawn
        detailed = (WITHDRAWAL_DETAIL.search(nfkc(header)) is not None
                    and not NO_DETAIL.fullmatch(re.sub(r"\s+", "", strip_hidden(text)))
                    and not NOT_WITHDRAWN.search(text))
        if not answered_yes and not detailed and (not WITHDRAWN.search(text) or NOT_WITHDRAWN.search(text)):
            continue
        ref = record.extra_refs.get(header) or f"{record.sheet} 第 {record.number} 行"
        shown = _show(value)
        finding = input_finding(
            "INP-WITHDRAWN",
            ("申报可能已撤回", "The application may have been withdrawn"),
            f"{ref}（{header}）载明“{shown}”：该申报可能已撤回。本件照常列出并核对，但不作“不符合条件”的结论，"
            "也不向企业发出告知书，需人工复核。",
            "请向区市工信部门或企业核实是否已撤回申报：已撤回的，不再审核；未撤回的，请在复核结论中认定本项“通过”，"
            "本件即按核对结果处理。",
            {header: shown, "source": ref, "column": header},
            "备注等说明列载明申报已撤回的，本件需人工复核；履职清单未规定撤回申报的处理。",
        )
        finding["why"] = "已撤回的申报不应再作出不予受理的结论或发出告知书；是否撤回须由审核人员核实。"
        finding["holds_verdict"] = True
        found.append(finding)
    return found


def district_file_findings(record: Row, file_district: str | None, file_name: str) -> list[dict]:
    """An INP-DISTRICT-FILE finding when the row's 所在区市 names another district than the one its
    file came from (环翠区.xlsx, or its title line): the district that submitted it and the district
    it says it came through disagree, and which 区市工信部门 sent it on (001:2421 向所在地工业和信息化部门
    提出资金申请) is for the office to establish. A blank 所在区市 takes the file's (intake)."""
    cell = record.cells.get("district")
    if not file_district or cell is None or is_blank(cell.value) or cell.ref.endswith("（文件名或标题）"):
        return []
    written = nfkc_collapse(str(cell.value))
    said, sent = district_unit(written), district_unit(file_district)
    if not said or not sent or said == sent:
        return []  # a district the row names unclearly is ELIG-TERRITORIAL-ROUTE's to ask about
    finding = input_finding(
        "INP-DISTRICT-FILE",
        ("所在区市与报送文件的区市不一致", "The row's district differs from its file's"),
        f"{cell.ref}（{cell.header}）为“{written}”，而本件所在文件「{file_name}」按文件名或标题为{file_district}报送："
        "申报经由哪个区市工信部门初审上报，两处记载不一致，需核实。",
        f"请核实本件由哪个区市工信部门报送：属{written}的，应由{written}工信部门报送；属{file_district}的，请更正所在区市。",
        {"district": written, "报送文件": f"{file_name}（{file_district}）", "source": cell.ref, "column": cell.header},
        "所在区市与报送文件所属区市一致",
    )
    finding["citation"] = {"source": "001_92b0dbd82849a40b.txt", "lines": "2421", "quote": "申报单位按要求向所在地工业和信息化部门提出资金申请"}
    finding["why"] = "申报须经所在地区市工信部门初审上报；一个区市报送的文件中列有另一区市的申报，说明其申报途径不明。"
    return [finding]


def _record_finding(record: Row) -> dict:
    if record.line is None:  # a JSON record: its number among the records
        where, source, what = f"{record.sheet} 第 {record.number} 条", f"{record.sheet}#{record.number}", "该条记录"
    else:  # a CSV line: its row (as a spreadsheet opens it), and the file's line where a cell's line breaks make them differ
        at = f"（文件第 {record.line} 行）" if record.line != record.number else ""
        where, source, what = f"{record.sheet} 第 {record.number} 行{at}", f"{record.sheet}!第{record.number}行", "该行"
    return input_finding(
        "INP-RECORD",
        ("记录无法读取", "Unreadable record"),
        f"{where}：{record.problem}。该申报的所有规则判为“待补充”。",
        f"请修正{what}的格式后重新提交。",
        {"source": source, "problem": record.problem, **({"line": record.line} if record.line not in (None, record.number) else {})},
        "一行一份申报，表头一行",
    )


__all__ = ["ABSENT", "OK", "UNREADABLE", "Application", "Value", "formula_finding", "inp_finding", "validate_record"]
