"""Which workbook column each condition reads, and the header lookup the table reader needs.

A condition's 列名 (with its aliases) either names a field of the application contract (项目总投资
（万元）, 所在区市…), whose cell it then reads, or a column the contract does not know (成立日期,
营业收入（万元）…), which becomes a field of this run only. A condition whose type cannot fit the
contract field it names (a 年限 on 项目总投资, a ≥ on 企业名称) is refused, naming the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.check.conditions.model import Condition, RoundConditions
from checker.check.conditions.values import header_unit
from checker.check.fields import FieldSet
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


def resolve(conditions: RoundConditions, fields: FieldSet) -> tuple[dict[str, ConditionColumn], Aliases]:
    """Condition rule id → its column, and the extra header aliases the reader needs for them."""
    columns: dict[str, ConditionColumn] = {}
    extra: Aliases = {}
    for condition in conditions.conditions:
        known = {fields.aliases[header_key(h)][0] for h in condition.headers if header_key(h) in fields.aliases}
        if len(known) > 1:
            names = "、".join(fields.label(n) for n in sorted(known))
            raise InputError(f"{conditions.file} {condition.where}：列名“{'、'.join(condition.headers)}”同时指向 {names} 几列；一条条件只读一列。")
        if known:
            name = known.pop()
            _check_fits(condition, fields, name, conditions.file)
            column = ConditionColumn(name, condition.label, True)
            default_unit = fields.by_name[name].unit
        else:
            column = ConditionColumn(f"列:{condition.label}", condition.label, False)
            default_unit = None
        for header in condition.headers:
            extra.setdefault(header_key(header), (column.field, header_unit(header) or default_unit))
        columns[condition.rule_id] = column
    return columns, extra


def _check_fits(condition: Condition, fields: FieldSet, name: str, file: str) -> None:
    spec = fields.by_name[name]
    if condition.ctype not in FITS.get(spec.kind, set()):
        what = "日期列" if condition.ctype in ("years", "date") else f"{condition.type.label}"
        raise InputError(
            f"{file} {condition.where}（条件编号 {condition.number}）：列“{spec.label}”是{KIND_ZH[spec.kind]}列，"
            f"不能按“{condition.type.label}”比较{'（' + what + '）' if what != condition.type.label else ''}；请核对列名或类型。"
        )
