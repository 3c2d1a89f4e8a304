"""The application fields of the data contract: names, accepted headers, types, documented forms."""

from __future__ import annotations

from dataclasses import dataclass

from checker.parse import DATE_FORM, NUMBER_FORM, USCC_FORM, YES_NO_FORM
from checker.textnorm import header_key


@dataclass(frozen=True)
class Column:
    """One accepted header for a field, with the unit its numbers are in (money only)."""

    header: str
    unit: str | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # the Chinese name reviewers know
    kind: str  # text | amount | date | yesno | uscc
    columns: tuple[Column, ...]
    form: str  # the documented form, cited by INP- findings

    @property
    def unit(self) -> str | None:
        return self.columns[0].unit


def _cols(*headers: str, unit: str | None = None) -> tuple[Column, ...]:
    return tuple(Column(h, unit) for h in headers)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("application_id", "申报编号", "text", _cols("申报编号", "项目编号", "编号"), "文本，文件内唯一"),
    FieldSpec("company_name", "企业名称", "text", _cols("企业名称", "申报单位", "单位名称"), "文本"),
    FieldSpec("uscc", "统一社会信用代码", "uscc", _cols("统一社会信用代码", "社会信用代码", "信用代码"), USCC_FORM),
    FieldSpec("registered_address", "注册地址", "text", _cols("注册地址", "注册地", "企业注册地"), "文本（省、市、区县开头的注册地址）"),
    FieldSpec("district", "所在区市", "text", _cols("所在区市", "所属区市", "区市"), "文本（环翠区、文登区、荣成市、乳山市、高区、经区、临港区、南海新区…）"),
    FieldSpec("legal_person", "是否独立法人", "yesno", _cols("是否独立法人", "独立法人资格", "独立法人"), YES_NO_FORM),
    FieldSpec("project_name", "项目名称", "text", _cols("项目名称"), "文本"),
    FieldSpec("project_field", "项目领域", "text", _cols("项目领域", "所属领域", "行业领域"), "文本"),
    FieldSpec(
        "approval_filing", "核准/备案文号", "text",
        _cols("核准/备案文号", "核准(备案)文号", "备案文号", "核准备案情况"), "文本；空白表示未办理",
    ),
    FieldSpec(
        "equipment_investment_wan", "年度设备投入（万元）", "amount",
        _cols("年度设备投入(万元)", "设备投入(万元)", "年度设备投资(万元)", unit="万元")
        + _cols("年度设备投入(元)", "设备投入(元)", unit="元"),
        NUMBER_FORM + "，单位万元（元列自动换算）",
    ),
    FieldSpec(
        "total_investment_wan", "项目总投资（万元）", "amount",
        _cols("项目总投资(万元)", "总投资(万元)", unit="万元"), NUMBER_FORM + "，单位万元",
    ),
    FieldSpec("policy_direction", "符合产业政策方向", "yesno", _cols("符合产业政策方向", "产业政策符合性"), YES_NO_FORM),
    FieldSpec("truth_pledge", "真实性承诺", "yesno", _cols("真实性承诺", "承诺书"), YES_NO_FORM),
    FieldSpec("recommended_by", "推荐单位", "text", _cols("推荐单位", "推荐部门"), "文本"),
    FieldSpec("recommendation_doc", "推荐文号", "text", _cols("推荐文号"), "文本（区市行文推荐的文号）"),
    FieldSpec("submitted_on", "申报日期", "date", _cols("申报日期"), DATE_FORM),
)

FIELD_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}

# header (normalised) -> (field, column); field names themselves are accepted too (JSON input)
HEADER_INDEX: dict[str, tuple[FieldSpec, Column]] = {}
for _spec in FIELDS:
    HEADER_INDEX[header_key(_spec.name)] = (_spec, _spec.columns[0])
    for _column in _spec.columns:
        HEADER_INDEX[header_key(_column.header)] = (_spec, _column)
