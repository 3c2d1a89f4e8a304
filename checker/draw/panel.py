"""The panel file for the organising office: the drawn experts with names (the only output that
has them), as .xlsx (default) or .csv. Never a phone number."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from checker.draw.pool import Pool
from checker.draw.record import current_panel
from checker.io.xlsx import neutralise, workbook_bytes

PANEL_HEADERS = ("序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注")


def default_panel_path(record_path: Path) -> Path:
    """RECORD.json → RECORD.panel.xlsx (next to the record)."""
    return record_path.with_name(record_path.stem + ".panel.xlsx")


def panel_rows(record: dict, pool: Pool | None) -> list[tuple]:
    """Panel-file rows: current panel, unused alternates, replaced members. No phone numbers."""
    experts = pool.by_id() if pool else {}
    panel, unused = current_panel(record)
    substituted = {item["by"]: item for item in record.get("substitutions", ())}
    replaced = {item["replaced"]: item for item in record.get("substitutions", ())}
    rows = []
    for expert_id in panel:
        note = f"顶替 {substituted[expert_id]['replaced']}" if expert_id in substituted else ""
        rows.append(("正选", expert_id, note))
    rows += [("候补", expert_id, "") for expert_id in unused]
    rows += [("已替换", expert_id, replaced[expert_id]["reason"]) for expert_id in replaced]
    out = []
    for number, (role, expert_id, note) in enumerate(rows, start=1):
        expert = experts.get(expert_id)
        out.append((number, role, expert_id, expert.name if expert else "",
                    expert.unit if expert else "", "、".join(expert.fields) if expert else "", note))
    return out


def write_panel_file(path: Path, record: dict, pool: Pool | None) -> None:
    """The organising office's list (ids and names); .csv when the name says so, else .xlsx."""
    rows = panel_rows(record, pool)
    title = f"{record['round_id']} {'、'.join(record['fields'])} 专家抽取结果（保密，评审结果公布前不得外传）"
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(PANEL_HEADERS)
            writer.writerows([neutralise(value) for value in row] for row in rows)
        return
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "抽取结果"
    sheet.append(PANEL_HEADERS)
    for row in rows:
        sheet.append([neutralise(value) for value in row])  # names and reasons are never formulas
    info = workbook.create_sheet("说明")
    for row in (("标题", title), ("轮次", record["round_id"]), ("领域", "、".join(record["fields"])),
                ("抽取记录哈希", record["draw_sha256"]),
                ("账本条目", str(record["ledger"]["head"]["entry"])),
                ("账本头哈希", record["ledger"]["head"]["hash"])):
        info.append([neutralise(value) for value in row])
    path.write_bytes(workbook_bytes(workbook))
