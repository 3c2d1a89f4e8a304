"""Round fixtures by patch: a named base record (rules/cases/rounds/<name>.yaml) and the few cells a
fixture changes, so a procedure rule's fixture is a few lines instead of a copied timeline.

A patch maps sheet names to changes:

- ``null``: the sheet is removed;  a list: the sheet's rows are replaced;
- 轮次 (one row): a mapping merged into the row (``null`` removes a column);
- other sheets: a mapping from row selectors to a mapping merged into the selected rows, or to
  ``null`` (the rows are removed); the selector ``+`` appends a list of rows. A selector names the
  row's key cell (流程节点: 节点, 专家抽取: 专家编号, 公示: 阶段, 归档: 材料名称): ``事中报告`` selects the
  事中报告 rows of stage 1 (or without a stage), ``事中报告#2`` those of stage 2; ``[3]`` selects the
  3rd row. A selector that selects nothing is an error, so a typo never passes silently.
"""

from __future__ import annotations

import copy
import re

KEY_COLUMN = {"流程节点": "节点", "专家抽取": "专家编号", "公示": "阶段", "归档": "材料名称"}
_INDEX = re.compile(r"^\[(\d+)\]$")


class PatchError(ValueError):
    """A patch that does not fit its base record."""


def apply_patch(base: dict, patch: dict) -> dict:
    record = copy.deepcopy(base)
    for sheet, change in patch.items():
        if change is None:
            record.pop(sheet, None)
        elif isinstance(change, list):
            record[sheet] = copy.deepcopy(change)
        elif sheet == "轮次":
            row = record.get(sheet)
            row = dict(row[0] if isinstance(row, list) else row or {})
            record[sheet] = _merge(row, change)
        elif isinstance(change, dict):
            record[sheet] = _patch_rows(sheet, list(record.get(sheet) or []), change)
        else:
            raise PatchError(f"sheet {sheet}: a patch is null, a list of rows or a mapping of row selectors")
    return record


def _merge(row: dict, change: dict) -> dict:
    merged = dict(row)
    for column, value in change.items():
        if value is None:
            merged.pop(column, None)
        else:
            merged[column] = value
    return merged


def _selected(sheet: str, rows: list[dict], selector: str) -> list[int]:
    match = _INDEX.match(selector)
    if match:
        index = int(match.group(1)) - 1
        return [index] if 0 <= index < len(rows) else []
    key, _, stage = selector.partition("#")
    column = KEY_COLUMN.get(sheet)
    if column is None:
        raise PatchError(f"sheet {sheet} has no key column; select its rows as [n]")
    picked = []
    for index, row in enumerate(rows):
        row_stage = str(row.get("阶段") or "").strip()
        if str(row.get(column, "")).strip() != key and not (column == "阶段" and not key):
            continue
        if stage and row_stage != stage:
            continue
        if not stage and column != "阶段" and row_stage not in ("", "1"):
            continue
        picked.append(index)
    return picked


def _patch_rows(sheet: str, rows: list[dict], change: dict) -> list[dict]:
    removed: set[int] = set()
    for selector, value in change.items():
        if selector == "+":
            rows.extend(copy.deepcopy(value or []))
            continue
        picked = _selected(sheet, rows, str(selector))
        if not picked:
            raise PatchError(f"sheet {sheet}: no row matches {selector!r}")
        for index in picked:
            if value is None:
                removed.add(index)
            else:
                rows[index] = _merge(rows[index], value)
    return [row for index, row in enumerate(rows) if index not in removed]
