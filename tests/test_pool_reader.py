"""The expert pool is read with python-calamine, and with openpyxl where calamine is missing or
fails: the same experts, rows and pool hash either way."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from checker.draw import pool as pool_module
from checker.draw.pool import read_pool
from checker.errors import InputError
from checker.io import table
from tests.helpers import SAMPLES


def _workbook(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "工作单位统一社会信用代码", "是否本局工作人员", "联系电话"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


ROWS = [
    ["E001", "张三", "威海职业学院", "新材料、智能制造", "在库", "", "否", 13800000000],
    [1002, " 李四 ", "哈尔滨工业大学（威海）", "电子信息;新材料", "暂停", "12371000MB1234567X", "是", None],
    [None, None, None, None, None, None, None, None],  # a blank line
    ["E003", "王五", "ＡＢＣ 有限公司", "节能环保", "在库", None, None, "0631-5200000"],
    [1004.0, "赵六", "威海市工业和信息化局", "智能制造", "退出", "", "否", ""],
]


@pytest.mark.parametrize("source", ["sample", "made"])
def test_calamine_and_openpyxl_read_the_same_pool(tmp_path, monkeypatch, source):
    path = SAMPLES / "experts.xlsx" if source == "sample" else _workbook(tmp_path / "pool.xlsx", ROWS)
    fast = read_pool(path)
    monkeypatch.setattr(table, "CalamineWorkbook", None)  # as where python-calamine is missing
    fallback = read_pool(path)
    assert fallback == fast
    assert len(fast.experts) == (4 if source == "made" else len(fast.experts))
    if source == "made":
        assert [(e.expert_id, e.name, e.fields, e.staff, e.row) for e in fast.experts] == [
            ("1002", "李四", ("新材料", "电子信息"), True, 3), ("1004", "赵六", ("智能制造",), False, 6),
            ("E001", "张三", ("新材料", "智能制造"), False, 2), ("E003", "王五", ("节能环保",), False, 5)]


def test_a_workbook_calamine_rejects_is_read_with_openpyxl(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "pool.xlsx", ROWS)
    expected = read_pool(path)

    class Failing:
        @staticmethod
        def from_path(_):
            raise ValueError("calamine cannot read this package")

    monkeypatch.setattr(table, "CalamineWorkbook", Failing)
    assert read_pool(path) == expected


def test_a_workbook_neither_reader_can_read_keeps_calamines_reason(tmp_path):
    path = tmp_path / "pool.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError) as raised:
        read_pool(path)
    assert str(raised.value).startswith(f"无法读取专家库「{path}」：")
    assert pool_module.read_pool is read_pool
