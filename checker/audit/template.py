"""Round-record workbooks: the five sheets of the contract, written from a record's JSON form, and
the empty round record a bureau fills in (``fundcheck template round``): the workflow's steps listed
in order, drop-down lists, date-formatted cells and a 说明 sheet that says what every column holds."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from checker.core.models import Workflow
from checker.errors import InputError
from checker.io.xlsx import neutralise, save

HEADERS = {
    "轮次": ["轮次编号", "流程类型", "专项名称", "承办科室", "项目领域", "申报单位", "是否涉及资金", "本轮阶段", "公示期（工作日）", "申报数量",
           "省定推荐数量"],
    "流程节点": ["节点", "日期", "文号/材料", "报送对象", "备注", "阶段", "会议纪要文号", "表决方式及结果", "纪检组意见", "决议内容",
              "发文单位"],
    "专家抽取": ["抽取记录编号", "抽取科室", "专家编号", "专业领域", "工作单位", "角色"],
    "公示": ["开始日期", "结束日期", "渠道", "异议数", "异议处理结果", "阶段", "公示名单"],
    "归档": ["材料名称", "是否归档"],
}
# Sheets only some workflows have (written when the record has them, or the workflow's profile says so).
OPTIONAL_HEADERS = {"诊断服务": ["企业名称", "服务机构", "协议日期", "报告日期"]}

# What each column holds (the 说明 sheet, and the README's round-record section says the same).
COLUMN_NOTES = {
    "轮次": {
        "轮次编号": "本轮的唯一编号（必填），如 W12-2020-01；报告以此命名",
        "流程类型": "流程编号 W-01…W-23（必填），决定按哪个流程审计",
        "专项名称": "专项或认定事项名称",
        "承办科室": "承办科室",
        "项目领域": "本轮项目领域，用于核对专家领域；多个以顿号分隔",
        "申报单位": "本轮全部申报单位（含未通过的），以顿号分隔；用于核对评审专家是否来自申报单位",
        "是否涉及资金": "是/否；中小企业类流程（W-12…W-16）涉及资金的，须填报并归档《专项资金项目流程审核情况表》",
        "本轮阶段": "两阶段流程（W-08）只开展第一阶段时填 1；空白表示全部阶段",
        "公示期（工作日）": "本轮申报通知规定的公示期（工作日数）；通知未规定的留空，按默认 5 个工作日核对",
        "申报数量": "推荐类流程（W-17…W-19）：各区市上报的申报数量（整数）",
        "省定推荐数量": "推荐类流程（W-17…W-19）：省通知规定的推荐数量（整数）；申报数量超过它时须召开专家论证会",
    },
    "流程节点": {
        "节点": "步骤名称，从下拉列表选择（每个步骤一行；区市推荐等可有多行；实际未进行的步骤删除该行）",
        "日期": "该步骤发生的日期（年-月-日）",
        "文号/材料": "文件文号或材料名称；决策备案行写明所附决策过程材料",
        "报送对象": "事前报告、评审报告、事中报告、决策备案、监督报告的报送对象，如 局政工科、派驻纪检监察组；会签行填会签单位，征求意见行填被征求意见的部门",
        "备注": "其他说明",
        "阶段": "两阶段流程（W-08）填 1 或 2；单阶段流程留空",
        "会议纪要文号": "党组会行：会议纪要文号",
        "表决方式及结果": "党组会行：表决方式及结果",
        "纪检组意见": "党组会行：纪检组意见",
        "决议内容": "党组会行（及行文认定行、初步建议名单行）：通过或建议推荐的企业或项目名单，以顿号分隔",
        "发文单位": "发布申报通知行：发文单位（W-06 须含市委组织部）；联合发文、报省行：联合行文的各部门；财政审核、资金拨付、项目实施、项目验收、绩效评价、监督检查行：承办单位（如 市财政局、市工信局）",
    },
    "专家抽取": {
        "抽取记录编号": "抽取账本的条目编号（如 12）或抽取记录哈希前 8 位以上；纸质记录填其编号",
        "抽取科室": "实施抽取的科室（应为局政工科）",
        "专家编号": "专家库编号",
        "专业领域": "专家的专业领域",
        "工作单位": "专家工作单位，用于核对评审专家是否来自申报单位（须回避）；用 --from-ledger 生成时此列留空（账本不记工作单位）："
                "请照专家库填写，或审计时给出 --pool 由专家库补全；未填的，回避核对为需人工复核",
        "角色": "正选 / 候补 / 替补（顶替被替换的正选）/ 已替换",
    },
    "公示": {
        "开始日期": "公示开始日期", "结束日期": "公示结束日期", "渠道": "公示渠道，如 市工信局网站",
        "异议数": "公示期间收到的异议数（无异议填 0）", "异议处理结果": "有异议时的处理结果",
        "阶段": "分两个阶段的流程（市级智能工厂和数字化车间申报）填 1 或 2；已列出的阶段未公示的，删除该行", "公示名单": "公示的企业或项目名单，以顿号分隔",
    },
    "归档": {"材料名称": "应归档的材料（已按流程列出）", "是否归档": "是/否"},
    "诊断服务": {"企业名称": "W-23：接受节能诊断服务的企业，每家一行", "服务机构": "与企业达成服务协议的服务机构",
             "协议日期": "服务协议的签订日期", "报告日期": "诊断报告的出具日期"},
}
DATE_COLUMNS = {"流程节点": ["日期"], "公示": ["开始日期", "结束日期"], "诊断服务": ["协议日期", "报告日期"]}
ROLES = ["正选", "候补", "替补", "已替换"]
STEPS_NOTE = ("“流程节点”表已按上述顺序列出本流程的步骤：实际未进行的步骤，请删除该行；只留步骤名称、不填日期的行，"
              "审计按“日期不详”处理（待补充），而不是按“未进行”处理（不合规）。同一步骤进行多次的，可增加行。")
DISCLOSURE_STEPS_NOTE = "“公示”表已列出的阶段同样：该阶段未公示的，请删除该行。"
DISCLOSURE_ONLY = {"公示": None, "轮次": "公示期（工作日）"}  # what a workflow without 公示 leaves out of its template
ARCHIVE_8 = ["《“三重一大”事项报告表》（事前）", "下发的通知", "《“三重一大”事项报告表》（评审）", "专家评审资料",
             "《“三重一大”事项报告单》（事中）", "党组会汇报材料", "《“三重一大”事项决策情况表》", "会议纪要"]
ARCHIVE_9 = [*ARCHIVE_8[:7], "《专项资金项目流程审核情况表》（有资金的填写）", "会议纪要"]
BLANK_ROWS = 30  # rows with drop-downs and date formats below the pre-listed ones
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_round_workbook(record: dict, path: Path) -> None:
    """A round record (JSON form) as the contract's workbook; sheets the record lacks are empty."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {**HEADERS, **{name: headers for name, headers in OPTIONAL_HEADERS.items() if record.get(name)}}
    for sheet, headers in sheets.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(headers)
        rows = record.get(sheet, [])
        for row in [rows] if isinstance(rows, dict) else rows or []:
            worksheet.append([neutralise(row.get(h)) for h in headers])
    save(workbook, path)


def template_rows(workflow: Workflow | None) -> dict[str, list[dict]]:
    """The rows a template lists for a workflow: its steps in order (with their stage), its 公示
    stages, its archive list, and the 轮次 row with what the workflow fixes."""
    if workflow is None:
        return {"轮次": [{}], "流程节点": [], "公示": [], "归档": []}
    profile = workflow.profile
    stages = list(profile.get("stages") or [1])
    steps = []
    for entry in profile.get("steps") or []:
        name, _, stage = entry.partition("#")
        row = {"节点": name}
        if len(stages) > 1:
            row["阶段"] = int(stage) if stage else (None if name in ("决策备案", "归档") else 1)
        steps.append(row)
    disclosures = [{"阶段": s} if len(stages) > 1 else {} for s in profile.get("disclosure_stages") or []]
    items = {8: ARCHIVE_8, 9: ARCHIVE_9}.get(profile.get("archive_list"), [])
    return {"轮次": [{"流程类型": workflow.id, "承办科室": workflow.office}], "流程节点": steps,
            "公示": disclosures, "归档": [{"材料名称": item} for item in items]}


# what a template holds only where the workflow's audit rules read it (their ``reads``): a recommendation
# round (W-17 … W-23) has no expert draw, no archive list and no 党组会, W-20 no quota; a sheet or column
# of another workflow invited the clerk to record (and expect to be judged on) steps its duty list lacks
_READ_SHEETS = ("专家抽取", "归档")
_READ_COLUMNS = {"轮次": {c: f"轮次.{c}" for c in ("项目领域", "申报单位", "是否涉及资金", "本轮阶段", "申报数量", "省定推荐数量")},
                 "流程节点": {c: "流程节点.党组会" for c in ("会议纪要文号", "表决方式及结果", "纪检组意见")}}


def _unread(reads: set[str] | None, draws: list[dict] | None) -> tuple[set[str], dict[str, set[str]]]:
    """The sheets and the columns (by sheet) no audit rule of the workflow reads; none without ``reads``."""
    if reads is None:
        return set(), {}
    sheets = {s for s in _READ_SHEETS if not any(r == s or r.startswith(f"{s}.") for r in reads)}
    if draws:
        sheets.discard("专家抽取")  # the clerk asked for the draw's experts (--from-ledger)
    return sheets, {sheet: {c for c, read in columns.items() if read not in reads} for sheet, columns in _READ_COLUMNS.items()}


def write_round_template(path: Path, workflow: Workflow | None, step_names: list[str], *,
                         draws: list[dict] | None = None, round_row: dict | None = None,
                         reads: set[str] | None = None) -> None:
    """An empty round record for ``workflow``: its sheets, drop-downs, date cells, a 说明 sheet.
    ``reads``: what the workflow's audit rules read; the sheets and optional columns none reads are
    left out."""
    rows = template_rows(workflow)
    unread_sheets, unread_columns = _unread(reads, draws)
    rows["轮次"][0].update({k: v for k, v in (round_row or {}).items() if v})
    rows["专家抽取"] = list(draws or [])
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = {"节点": step_names, "阶段": ["1", "2"], "角色": ROLES, "是否涉及资金": ["是", "否"], "是否归档": ["是", "否"],
             "本轮阶段": ["1", "1、2"]}
    sheets = dict(HEADERS)
    if not _has_disclosure(workflow):
        # the workflow's duty list has no 公示 (only W-05, W-08 and W-09's do): no sheet, no period to fill
        del sheets["公示"]
        sheets["轮次"] = [h for h in sheets["轮次"] if h != DISCLOSURE_ONLY["轮次"]]
    if workflow is not None and workflow.profile.get("diagnosis_sheet"):
        sheets.update(OPTIONAL_HEADERS)
    sheets = {name: [h for h in headers if h not in unread_columns.get(name, ())]
              for name, headers in sheets.items() if name not in unread_sheets}
    for sheet, headers in sheets.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(headers)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        for row in rows.get(sheet, []):
            worksheet.append([neutralise(row.get(h)) for h in headers])
        last = 1 + (1 if sheet == "轮次" else len(rows.get(sheet, [])) + BLANK_ROWS)
        for index, header in enumerate(headers, start=1):
            letter = worksheet.cell(row=1, column=index).column_letter
            worksheet.column_dimensions[letter].width = max(10, min(40, len(header) * 2 + 4))
            if header in lists:
                _drop_down(worksheet, f"{letter}2:{letter}{last}", lists[header], header)
            if header in DATE_COLUMNS.get(sheet, []):
                for number in range(2, last + 1):
                    worksheet.cell(row=number, column=index).number_format = "yyyy-mm-dd"
        worksheet.freeze_panes = "A2"
    _notes_sheet(workbook, workflow, sheets)
    save(workbook, path)


def _drop_down(worksheet, cells: str, values: list[str], header: str) -> None:
    formula = '"' + ",".join(values) + '"'
    if len(formula) > 255:  # Excel's limit for a list written in the rule itself
        raise InputError(f"{header} 的选项过多，无法写成下拉列表")
    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorTitle="请从列表选择", error=f"{header}：请从下拉列表中选择。")
    worksheet.add_data_validation(validation)
    validation.add(cells)


def _has_disclosure(workflow: Workflow | None) -> bool:
    return workflow is None or workflow.profile.get("disclosure_stages") != []


def _notes_sheet(workbook: Workbook, workflow: Workflow | None, sheets: dict[str, list[str]]) -> None:
    sheet = workbook.create_sheet("说明")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 90
    title = f"{workflow.id} {workflow.title.zh}（{workflow.office}）" if workflow else "轮次记录"
    sheet.append([f"轮次记录模板：{title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["填写后用 fundcheck audit 审计；日期写作 年-月-日；下拉列表之外的值会被报告为无法识别。"])
    if workflow is not None:
        order = " → ".join(entry.replace("#", "（第") + ("阶段）" if "#" in entry else "") for entry in workflow.profile.get("steps") or [])
        sheet.append([f"本流程的步骤顺序：{order}"])
        # a listed step left undated reads as a step whose date is not known (待补充), not as one
        # that did not happen (不合规): the clerk must say which
        sheet.append([STEPS_NOTE + (DISCLOSURE_STEPS_NOTE if _has_disclosure(workflow) else "")])
    sheet.append([])
    sheet.append(["工作表", "列", "填写内容"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for name, columns in COLUMN_NOTES.items():
        if name in OPTIONAL_HEADERS and not (workflow is not None and workflow.profile.get("diagnosis_sheet")):
            continue
        if name not in sheets:
            continue
        for column, text in columns.items():
            if column in sheets[name]:
                sheet.append([name, column, text])
    for row in sheet.iter_rows(min_row=1, max_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=False)
