"""Round-record workbooks: the five sheets of the contract, written from a record's JSON form."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from checker.io.xlsx import neutralise, save

HEADERS = {
    "轮次": ["轮次编号", "流程类型", "专项名称", "承办科室", "项目领域", "是否涉及资金"],
    "流程节点": ["节点", "日期", "文号/材料", "报送对象", "备注", "阶段", "会议纪要文号", "表决方式及结果", "纪检组意见", "决议内容"],
    "专家抽取": ["抽取记录编号", "抽取科室", "专家编号", "专业领域", "工作单位", "角色"],
    "公示": ["开始日期", "结束日期", "渠道", "异议数", "异议处理结果", "阶段", "公示名单"],
    "归档": ["材料名称", "是否归档"],
}


def write_round_workbook(record: dict, path: Path) -> None:
    """A round record (JSON form) as the contract's workbook; sheets the record lacks are empty."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, headers in HEADERS.items():
        worksheet = workbook.create_sheet(sheet)
        worksheet.append(headers)
        rows = record.get(sheet, [])
        for row in [rows] if isinstance(rows, dict) else rows or []:
            worksheet.append([neutralise(row.get(h)) for h in headers])
    save(workbook, path)
