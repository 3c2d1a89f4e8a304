"""What staff and applicants read names the problem in Chinese, never Python's names for it."""

from __future__ import annotations

import datetime as dt

import pytest

from checker.core.money import parse_amount
from checker.core.values import Unreadable
from checker.errors import structure_reason


@pytest.mark.parametrize("error, words", [
    (KeyError("panel"), "缺少字段「panel」"),
    (IndexError("list index out of range"), "某个列表的项数不足"),
    (TypeError("string indices must be integers"), "某个字段的类型不对（如应为列表或对象处是文字）"),
    (AttributeError("'str' object has no attribute 'get'"), "某个字段的类型不对（如应为列表或对象处是文字）"),
    (ValueError("Invalid isoformat string: 'x'"), "某个字段的取值无法识别"),
])
def test_a_records_structure_problem_in_words(error, words):
    assert structure_reason(error) == words


@pytest.mark.parametrize("cell, detail", [
    (True, "单元格是逻辑值（TRUE/FALSE），不是金额"),
    (dt.datetime(2020, 7, 1), "单元格是日期，不是金额"),
    (dt.date(2020, 7, 1), "单元格是日期，不是金额"),
    (dt.time(9, 30), "单元格是时间，不是金额"),
    (b"100", "单元格内容不是数字或文字"),
])
def test_an_amount_cell_of_another_kind_says_what_it_is(cell, detail):
    with pytest.raises(Unreadable) as caught:
        parse_amount(cell, "万元")
    assert caught.value.detail == detail


def test_a_damaged_workbook_is_named_in_words_not_by_the_readers_exception(tmp_path):
    """A workbook whose sheet XML was cut short: the message says the file is damaged, keeps the
    reading library's own detail for whoever repairs it, and never names a Python exception."""
    import re
    import zipfile

    from tests.helpers import ROOT, run_cli

    source = zipfile.ZipFile(ROOT / "samples/w05_applications.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = b'<worksheet><sheetData><row r="1"><c r="A1"'
            target.writestr(item, data)
    result = run_cli("check", damaged, "--workflow", "W-05", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "无法读取：文件内部已损坏或不是电子表格程序写出的格式（读取程序报告：" in result.output, result.output
    assert not re.search(r"\b\w+(Error|Exception)\b", result.output), result.output
