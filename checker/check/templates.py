"""Empty input workbooks for `fundcheck check`, written from the rulebook so they cannot drift:
the 申报汇总表 of a workflow (exactly the columns its rules and the round's conditions read), a
conditions file, and a reviewer-decisions file. Each has drop-down lists where the answer is one of
a few words, date and amount formats, a note on every header, a frozen header and a 说明 sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from checker.check.conditions.columns import base_header, known_fields
from checker.check.conditions.model import OP_SYMBOL, TYPES, RoundConditions
from checker.check.conditions.read import CONDITION_SHEET, NOTICE_SHEET
from checker.check.conditions.values import FORMS
from checker.check.fields import field_set
from checker.check.plan import IDENTITY, SUBMITTED_ON, refuse_conditions, usable_workflow
from checker.core.findings import OUTCOME_ZH
from checker.errors import InputError
from checker.core.rulebook import Rulebook
from checker.core.text import header_key
from checker.io.xlsx import save

ROWS = 200  # rows prepared with formats and drop-downs
DISTRICTS = ("环翠区", "文登区", "荣成市", "乳山市", "高区", "经区", "临港区", "南海新区")
DISTRICTS_CITY = "威海市"  # whose districts DISTRICTS are (the issuer of the workflows' duty list)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
# 比较 as offered in the drop-down: "=" alone would start a formula in Excel, so 等于 stands for it
OP_CHOICES = ("≥", ">", "≤", "<", "等于", "≠", "属于", "不属于", "介于")
WIDTHS = {"text": 24, "date": 13, "amount": 16, "percent": 12, "yesno": 10, "district": 12, "code": 22}
# codes typed as digits: a General cell turns an all-digit 18-character USCC (913710020000000011) or an
# id such as 0012 into a number (15 significant digits, leading zeros gone); a Text cell keeps them
CODE_FIELDS = ("application_id", "uscc")
# text columns whose answer is one of a few words: each offered word is read by `check` as what it
# says (受理 → accepted, 不予受理 → refused, 推荐 → recommended, 省级 → the province's level, 计划单列市 →
# a special unit's own place, 同意推荐 → the district passed it…; tests/test_cli_s25.py reads every one back); a suggestion, not a limit,
# as other wordings are read too (经审核，同意推荐, 当场受理, 中外合资)
# (a ledger's 事项 offers its own workflow only: a row of another item is a mixed ledger, INP-ITEM)
CHOICES = {
    "acceptance": ("受理", "不予受理"),
    "decision": ("准予", "不准予", "推荐", "不推荐"),
    "apply_level": ("国家级", "省级"),
    "unit_category": ("省（自治区、直辖市）", "计划单列市", "新疆生产建设兵团", "中央企业"),
    "investor_type": ("内资", "外资"),
    "district_prelim": ("通过", "同意推荐", "不通过", "不同意"),
    "city_review": ("通过", "符合", "不通过", "不符合"),
}


@dataclass
class TemplateColumn:
    header: str
    note: str  # the header's comment: what to write and in which form
    kind: str  # amount | date | yesno | district | percent | code | text
    required: bool  # read by a blocking rule or condition: the run stops without it
    readers: list[str]  # titles of the rules and conditions that read it
    choices: tuple[str, ...] = ()  # a text column's words, offered in a drop-down (CHOICES)


def _display(header: str) -> str:
    """Headers as reviewers write them: full-width brackets (the reader accepts both)."""
    return header.replace("(", "（").replace(")", "）")


def check_columns(book: Rulebook, workflow_id: str, conditions: RoundConditions | None = None) -> list[TemplateColumn]:
    """The identity columns, every column the workflow's rules read, then the conditions' columns."""
    workflow = usable_workflow(book, workflow_id)
    fields = field_set(book)
    columns: dict[str, TemplateColumn] = {}
    # DISTRICTS (and the field's form) are Weihai's: another city's workflow (L-03, 鹿泉区) gets a
    # plain text 所在区市, not Weihai's districts to pick from
    weihai = all(book.sources.documents[c.source].issuer.startswith(DISTRICTS_CITY) for c in workflow.citation)

    def add(name: str, reader: str | None, required: bool) -> None:
        spec = fields.by_name[name]
        if name not in columns:
            kind = ("district" if name == "district" else "code" if name in CODE_FIELDS
                    else spec.kind if spec.kind in ("amount", "date", "yesno") else "text")
            form = spec.form
            if kind == "district" and not weihai:
                kind, form = "text", "文本"
            choices = (workflow.id,) if name == "item" else CHOICES.get(name, ()) if kind == "text" else ()
            columns[name] = TemplateColumn(_display(spec.columns[0].header), f"{spec.label}：{form}", kind, False, [], choices)
        column = columns[name]
        column.required = column.required or required
        if reader and reader not in column.readers:
            column.readers.append(reader)

    ledger = bool(workflow.profile.get("ledger"))
    optional = frozenset(workflow.profile.get("ledger_rules") or ())
    # a handling ledger (受理台账) names the applicant and the item instead of the district
    # 项目名称 too: no rule reads it, but the summary and the applicant's notice name the project by it
    for name in (("application_id", "company_name", "uscc", "item") if ledger else (*IDENTITY[:2], "project_name", *IDENTITY[2:])):
        add(name, None, name == "application_id")
    for rule_id in workflow.check_rules:
        rule = book.rules[rule_id]
        for name in rule.reads:
            add(name, rule.title.zh, rule.severity == "blocking" and name != "item" and rule_id not in optional)
    # a column one item's branch of a shared rule reads (N-03's 书面告知, N-08's 申报级别): optional,
    # as `check` reads it where present, but the template must offer it
    # and the date a case's lists are judged on where the run gives no reference date (申报日期, a
    # ledger's 收件日期): optional, --as-of or --window may give it
    for name, rule_ids in (workflow.profile.get("template_columns") or {}).items():
        for rule_id in [rule_ids] if isinstance(rule_ids, str) else rule_ids:
            add(name, book.rules[rule_id].title.zh, False)
    for condition in conditions.conditions if conditions else ():
        if condition.ctype == "years":  # counted to each case's 申报日期 when the check gives no --as-of/--window
            add(SUBMITTED_ON, condition.wording, False)
        known = known_fields(condition, fields)
        if len(known) == 1:  # a header of the columns table, perhaps with another unit (项目总投资额 → 项目总投资（万元）)
            add(next(iter(known)), condition.wording, condition.severity == "blocking")
            continue
        kind = {"date": "date", "years": "date", "yesno": "yesno", "amount_wan": "amount", "amount_yuan": "amount",
                "percent": "percent", "share": "percent"}.get(condition.ctype, "text")
        key = f"列:{condition.label}"
        header = condition.label
        if kind == "amount" and base_header(header) == header_key(header):
            # 营业收入 with no unit is read in the type's unit (万元): an applicant seeing no unit typed 12000000 (元)
            # and was read as 12000000 万元, passing ≥ 1000 万元; the header states the unit (check reads 营业收入（万元） for 营业收入)
            header = f"{header}（{TYPES[condition.ctype].unit}）"
        column = columns.setdefault(key, TemplateColumn(header, f"{header}：{FORMS[condition.ctype]}", kind, False, []))
        column.required = column.required or condition.severity == "blocking"
        column.readers.append(condition.wording)
    return list(columns.values())


def write_check_template(book: Rulebook, workflow_id: str, conditions: RoundConditions | None, path: Path) -> list[TemplateColumn]:
    workflow = book.workflow(workflow_id)
    refuse_conditions(workflow, conditions)  # as `check` does: no template for a run it would refuse
    columns = check_columns(book, workflow_id, conditions)  # refuses a workflow that has no application review
    if conditions is None and not workflow.check_rules and not workflow.profile.get("ledger"):
        # its columns are the round's conditions' (W-22): without them the template would hold only
        # 申报编号, 企业名称 and 所在区市, and `check` refuses the run the same way
        raise InputError(f"流程 {workflow_id} 的推荐条件由上级通知确定，须用 --conditions 给出条件文件，模板才有这些条件读取的列。")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "受理台账" if workflow.profile.get("ledger") else "申报汇总表"
    _header(sheet, [c.header for c in columns], [c.note + _readers(c) for c in columns], [c.required for c in columns])
    yes_no = _validation(sheet, '"是,否"', "请选择 是 或 否")
    districts = _validation(sheet, f'"{",".join(DISTRICTS)}"', "请选择区市", strict=False)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        area = f"{letter}2:{letter}{ROWS + 1}"
        sheet.column_dimensions[letter].width = max(WIDTHS.get(column.kind, 14), min(30, len(column.header) * 2 + 2))
        if column.kind == "yesno":
            yes_no.add(area)
        elif column.kind == "district":
            districts.add(area)
        elif column.choices:
            _validation(sheet, f'"{",".join(column.choices)}"', f"请选择{column.header}，或照实填写", strict=False).add(area)
        fmt = {"date": "yyyy-mm-dd", "amount": "#,##0.00", "percent": "0.00%", "code": "@"}.get(column.kind)
        if fmt:
            for row in range(2, ROWS + 2):
                sheet.cell(row=row, column=index).number_format = fmt
    info = workbook.create_sheet("说明")
    lines = [
        ("流程", f"{workflow.id} {workflow.title.zh}（{workflow.office}）"),
        ("用途", "受理台账：每行一件申报的办理情况；第一行为列名，请勿改动列名（可在右侧增加其他列，审核时作为参考一并列出）。"
         if workflow.profile.get("ledger") else "每行一份申报；第一行为列名，请勿改动列名（可在右侧增加其他列，审核时作为参考一并列出）。"),
        ("必填列", "列名为橙色的列由否决项读取，缺少该列时审核无法进行；其他列缺少时，读取它的复核、提示项整批“未核对”。"),
        ("格式", "金额填数字（单位见列名；可写 100万元、1.2亿元、￥1,000,000、壹佰万元整）；日期填 2020-07-01；是/否从下拉框选择。"),
    ]
    if conditions is not None:
        lines.append(("申报条件", f"{conditions.notice.cite()}（{conditions.file}，共 {len(conditions.conditions)} 条）"))
    _info(info, lines, ("列名", "内容与格式", "必填", "读取该列的审核项"),
          [(c.header, c.note, "必填" if c.required else "选填", "；".join(c.readers)) for c in columns])
    save(workbook, path)
    return columns


def _readers(column: TemplateColumn) -> str:
    if not column.readers:
        return ""
    return "\n用于：" + "；".join(column.readers)[:200]


def write_conditions_template(path: Path) -> None:
    workbook = Workbook()
    notice = workbook.active
    notice.title = NOTICE_SHEET
    _header(notice, ["文号", "标题", "发布日期", "失信企业不得申报"],
            ["通知文号（必填），每份报告都注明", "通知标题", "通知发布日期，如 2021-05-10", "通知写明失信企业不得申报时填“是”"],
            [True, False, False, False])
    for letter, width in zip("ABCD", (28, 60, 14, 18)):
        notice.column_dimensions[letter].width = width
    notice["C2"].number_format = "yyyy-mm-dd"
    _validation(notice, '"是,否"', "请选择 是 或 否").add("D2")
    sheet = workbook.create_sheet(CONDITION_SHEET)
    headers = ["条件编号", "条件", "依据", "列名", "类型", "比较", "值", "严重程度", "生效日期"]
    notes = [
        "1-16 位数字、字母或连字符，文件内唯一；规则编号为 COND-编号", "通知原文，逐字照录", "条款，如 第二条（三）",
        "申报汇总表中读取的列名；几个别名以、分隔", "见下拉框与说明页",
        "≥ > ≤ < 等于 ≠ 属于 不属于 介于；也可照通知原文写明是否含本数，如 （含）以上、以下（不含）",
        "类型的单位：金额（万元）填 1000；占比填 3 或 3%；介于填 下限~上限", "否决（默认）、复核 或 提示", "自该日起施行；留空为一直施行",
    ]
    _header(sheet, headers, notes, [True, True, False, True, True, True, True, False, False])
    for letter, width in zip("ABCDEFGHI", (10, 48, 14, 24, 14, 10, 16, 10, 12)):
        sheet.column_dimensions[letter].width = width
    area = lambda letter: f"{letter}2:{letter}{ROWS + 1}"  # noqa: E731 - a one-line helper
    _validation(sheet, f'"{",".join(t.label for t in TYPES.values())}"', "请选择类型").add(area("E"))
    # a suggestion, not a limit: （含）以上, 以下（不含）… are read too (op_code), and a bare 以上 is
    # refused asking for （含）以上, which a strict list would not let anyone type
    _validation(sheet, f'"{",".join(OP_CHOICES)}"', "请选择比较方式，或照通知原文写明是否含本数，如 （含）以上",
                strict=False).add(area("F"))
    _validation(sheet, '"否决,复核,提示"', "请选择严重程度").add(area("H"))
    for row in range(2, ROWS + 2):
        sheet.cell(row=row, column=9).number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=7).number_format = "@"  # 值 as written: "3%" stays "3%"
        sheet.cell(row=row, column=1).number_format = "@"  # 条件编号 2-1 stays 2-1, not 2月1日
    info = workbook.create_sheet("说明")
    _info(info, [
        ("用途", "本轮申报通知规定的申报条件，每行一条；fundcheck check … --conditions 本文件 逐条核对每份申报。"),
        ("核对", "fundcheck conditions check 本文件 可单独检查本文件；有误时指出哪一行。"),
        ("年限", "满 N 年 ⇔ 该日期 + N 年 ≤ 参考日（2 月 29 日加 N 年为 2 月 28 日）。"),
        ("百分比", "12% 与 12 都是 12%；单元格设为百分比格式时按其显示值读取；列名未注明 % 的 0 与 1 之间的数字须人工复核。"),
        ("属于", "文本列表（以、分隔）：属于 = 至少一项在值中，不属于 = 没有一项在值中；等于、≠ 比较整格。"),
    ], ("类型", "单元格与值的读法", "可用的比较", ""),
        [(t.label, t.says, " ".join("等于" if o == "eq" else OP_SYMBOL[o] for o in t.ops), "") for t in TYPES.values()])
    save(workbook, path)


def write_overrides_template(book: Rulebook, path: Path, workflow_id: str | None = None,
                             conditions: RoundConditions | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "复核决定"
    _header(sheet, ["申报编号", "规则编号", "复核结论", "理由", "复核人"],
            ["申报编号；两份申报编号相同时填输入行号，如 row16", "审核报告中的规则编号，如 ELIG-REGION", "通过、不通过、待补充 或 不适用",
             "复核的依据（核验的材料等）", "复核人姓名"], [True, True, True, True, True])
    for letter, width in zip("ABCDE", (16, 28, 10, 50, 10)):
        sheet.column_dimensions[letter].width = width
    _validation(sheet, f'"{",".join(OUTCOME_ZH.values())}"', "请选择复核结论").add(f"C2:C{ROWS + 1}")
    rules: list[tuple[str, str]] = []
    if workflow_id:
        workflow = usable_workflow(book, workflow_id)  # decisions are for `check`: not on a workflow it refuses
        refuse_conditions(workflow, conditions)
        if conditions is None and not workflow.check_rules:
            # W-22: its only rules are the round's conditions, as `template check` and `check` say
            raise InputError(f"流程 {workflow_id} 的推荐条件由上级通知确定，须用 --conditions 给出条件文件，模板才有这些条件的规则编号可选。")
        rules = [(rule_id, book.rules[rule_id].title.zh) for rule_id in workflow.check_rules]
    if conditions is not None:
        rules += [(c.rule_id, c.wording) for c in conditions.conditions]
    if rules:
        # the list lives on the 说明 sheet: a long inline list exceeds Excel's 255 characters
        _validation(sheet, f"说明!$A$3:$A${len(rules) + 2}", "请选择规则编号", strict=False).add(f"B2:B{ROWS + 1}")
    info = workbook.create_sheet("说明")
    _info(info, [("用途", "人工复核决定：fundcheck check … --overrides 本文件；结论与理由列在规则自身结果旁，规则结果不被替换。")],
          ("规则编号", "审核项", "", ""), [(rule_id, title, "", "") for rule_id, title in rules], table_first=True)
    save(workbook, path)


# --- shared pieces --------------------------------------------------------------------------------


def _header(sheet, headers: list[str], notes: list[str], required: list[bool]) -> None:
    sheet.append(headers)
    # printed on A4 landscape, all columns on one page width, the header on every page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    for index, (note, needed) in enumerate(zip(notes, required), start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if needed else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(note + ("\n（必填列）" if needed else ""), "fundcheck", width=260, height=120)
    sheet.freeze_panes = "A2"


def _validation(sheet, formula: str, prompt: str, *, strict: bool = True) -> DataValidation:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict,
                                errorTitle="输入有误", error=prompt, promptTitle="提示", prompt=prompt, showInputMessage=True)
    sheet.add_data_validation(validation)
    return validation


def _info(sheet, lines: list[tuple[str, str]], table_header: tuple[str, ...], table: list[tuple], *,
          table_first: bool = False) -> None:
    """The 说明 sheet: general lines, then a table (first when a drop-down points at its column A
    from row 3), printed landscape on one page width."""
    for letter, width in zip("ABCD", (22, 70, 26, 50)):
        sheet.column_dimensions[letter].width = width

    def general() -> None:
        for key, value in lines:
            sheet.append([key, value])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)

    def rows() -> None:
        sheet.append(list(table_header))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table:
            sheet.append(list(row))

    if table and table_first:
        sheet.append(["" for _ in table_header])
        rows()
        sheet.append([])
        general()
    else:
        general()
        if table:
            sheet.append([])
            rows()
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
