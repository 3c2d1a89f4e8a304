"""Which workbook column each condition reads, and the header lookup the table reader needs.

A condition's 列名 (with its aliases) either names a field of the application contract (项目总投资
（万元）, 所在区市…), whose cell it then reads, or a column the contract does not know (成立日期,
营业收入（万元）…), which becomes a field of this run only. A condition whose type cannot fit the
contract field it names (a 年限 on 项目总投资, a ≥ on 企业名称) is refused, naming the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.check.conditions.model import Condition, RoundConditions
from checker.check.conditions.values import header_unit
from checker.check.fields import FieldSet
from checker.core.money import stated_money_unit
from checker.core.text import header_key
from checker.errors import InputError
from checker.io.table import Aliases

# which condition types can read a contract field of each kind
FITS = {
    # a 数值 reads no unit: 100万元 and 1,000,000元, which the field's own reading takes, would be unreadable
    "amount": {"amount_wan", "amount_yuan"},
    "count": {"number"},
    "date": {"date", "years"},
    "yesno": {"yesno", "text"},
    "text": {"text", "text_list"},
    "uscc": {"text"},
}
KIND_ZH = {"amount": "金额", "date": "日期", "yesno": "是/否", "text": "文本", "uscc": "统一社会信用代码", "count": "整数"}


@dataclass(frozen=True)
class ConditionColumn:
    field: str  # the reader's field name: a contract field, or "列:<first alias>" for this run
    label: str  # shown in reports: the first alias as the reviewer wrote it
    known: bool  # a contract field (its cell is also read by its own kind)


# a run-only column's header read with another unit in brackets, or none: 列名 营业收入 reads a workbook's
# 营业收入（元）/（万元）/（千元）/（亿元）, and 营业收入（万元） reads 营业收入 or 营业收入（元）, its amount converted by
# the header's unit (a foreign currency's is asked about, as for a 列名 naming it). Matched after the 列名 as written.
_MONEY_UNITS = tuple(f"{scale}{currency}" for currency in ("元", "美元", "欧元", "港元", "港币", "日元", "英镑")
                     for scale in ("", "十", "百", "千", "万", "十万", "百万", "千万", "亿"))
_COUNT_UNITS = ("%", "人", "名", "个", "项", "家", "件", "台", "套", "户", "次", "分", "年")
_LAST_BRACKET = re.compile(r"\(([^()]*)\)$")


def base_header(header: str) -> str:
    """A header's key without a unit in brackets at its end: 营业收入（万元）, 营业收入（单位：元） and
    营业收入 are 营业收入; 从业人数（人） is 从业人数; 企业名称（盖章） stays as it is."""
    key = header_key(header)
    found = _LAST_BRACKET.search(key)
    if found and key[:found.start()]:
        inside = re.sub(r"^单位[:：]?", "", found.group(1))
        if stated_money_unit(inside) or inside in _COUNT_UNITS:
            return key[:found.start()]
    return key


def _unit_variants(header: str, amount: bool) -> list[tuple[str, str | None]]:
    """(header key, unit) of the columns a 列名 also reads: its base and the base with a unit."""
    base = base_header(header)
    if amount:
        return [(base, None), *((f"{base}({unit})", stated_money_unit(unit)) for unit in _MONEY_UNITS),
                *((f"{base}({unit})", "元") for unit in ("人民币元", "元人民币")),
                *((f"{base}({unit})", "万元") for unit in ("人民币万元", "万元人民币"))]
    return [(base, None), *((f"{base}({unit})", None) for unit in _COUNT_UNITS)]


def resolve(conditions: RoundConditions, fields: FieldSet) -> tuple[dict[str, ConditionColumn], Aliases]:
    """Condition rule id → its column, and the extra header aliases the reader needs for them. A
    run-only column reads its 列名 as written first, then the same header with another unit (or
    none); two conditions whose 列名 differ only in their unit read one column."""
    columns: dict[str, ConditionColumn] = {}
    extra: Aliases = {}
    variants: list[tuple[str, str, str | None]] = []
    by_base: dict[str, str] = {}  # a run-only column's base header → its field
    for condition in conditions.conditions:
        known = known_fields(condition, fields)
        if len(known) > 1:
            names = "、".join(fields.label(n) for n in sorted(known))
            raise InputError(f"{conditions.file} {condition.where}：列名“{'、'.join(condition.headers)}”同时指向 {names} 几列；一条条件只读一列。")
        if known:
            name = known.pop()
            _check_fits(condition, fields, name, conditions.file)
            column = ConditionColumn(name, condition.label, True)
            default_unit = fields.by_name[name].unit
        else:
            bases = [base_header(h) for h in condition.headers]
            field = next((by_base[b] for b in bases if b in by_base), f"列:{condition.label}")
            column = ConditionColumn(field, condition.label, False)
            default_unit = None
            amount = condition.ctype in ("amount_wan", "amount_yuan")
            for header in condition.headers:
                by_base.setdefault(base_header(header), field)
                variants.extend((key, field, unit) for key, unit in _unit_variants(header, amount))
        for header in condition.headers:
            extra.setdefault(header_key(header), (column.field, header_unit(header) or default_unit))
        columns[condition.rule_id] = column
    for key, field, unit in variants:  # after every 列名 as written: an exact header is read first
        extra.setdefault(key, (field, unit))
    return columns, extra


def known_fields(condition: Condition, fields: FieldSet) -> set[str]:
    """The contract fields the condition's 列名 name: as written, or else the same header with a unit that is
    one of the columns table's (列名 项目总投资额 and a workbook's 项目总投资额（元）, a header of 项目总投资: read as
    a run-only column, its header was taken by the field and the run stopped saying the column was absent)."""
    known = {fields.aliases[header_key(h)][0] for h in condition.headers if header_key(h) in fields.aliases}
    if known:
        return known
    amount = condition.ctype in ("amount_wan", "amount_yuan")
    return {fields.aliases[key][0] for h in condition.headers for key, _ in _unit_variants(h, amount) if key in fields.aliases}


def _check_fits(condition: Condition, fields: FieldSet, name: str, file: str) -> None:
    spec = fields.by_name[name]
    if condition.ctype not in FITS.get(spec.kind, set()):
        what = "日期列" if condition.ctype in ("years", "date") else f"{condition.type.label}"
        raise InputError(
            f"{file} {condition.where}（条件编号 {condition.number}）：列“{spec.label}”是{KIND_ZH[spec.kind]}列，"
            f"不能按“{condition.type.label}”比较{'（' + what + '）' if what != condition.type.label else ''}；请核对列名或类型。"
        )
