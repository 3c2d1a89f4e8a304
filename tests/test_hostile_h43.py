"""Reviewer h43: leftovers of today's reviews (hidden characters in duplicate ids, the applicants
list of a draw, 会签 still outstanding, several-district titles, CSV records, input-error sentences,
external-workbook formulas)."""

from __future__ import annotations

from openpyxl import Workbook

from tests.helpers import read_case, run_cli
from tests.test_hostile_h28 import APPLICATION, W05


def _finding(case: dict, rule: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule)


def _sheet(path, rows: list[dict], headers: list[str], title: str = "申报汇总表"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


# ---------------------------------------------------------------- a duplicate id with a hidden character


def test_a_duplicate_id_with_a_soft_hyphen_shows_the_hidden_character(tmp_path):
    """WH-2020\\u00ad-00096 beside WH-2020-00096 was quoted “WH-2020-00096” in both findings: the
    reviewer could not see why two ids that print alike are one, nor find the cell."""
    headers = list(APPLICATION)
    rows = [{**APPLICATION, "申报编号": "WH-2020\u00ad-00096"}, {**APPLICATION, "申报编号": "WH-2020-00096"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    hidden, plain = (_finding(read_case(tmp_path / "out", name), "INP-DUPLICATE-ID") for name in ("row2", "row3"))
    assert (hidden["outcome"], hidden["message"], hidden["evidence"]) == (
        "fail",
        "申报汇总表!A2 的申报编号“WH-2020\\u00AD-00096”（按“WH-2020-00096”比对，全角半角、空格、换行与不可见字符不计）"
        "在文件中出现 2 次；各条均已审核，报告文件以输入行号 row2 命名。",
        {"application_id": "WH-2020\\u00AD-00096", "source": "申报汇总表!A2"})
    assert (plain["outcome"], plain["message"], plain["evidence"]) == (
        "fail",
        "申报汇总表!A3 的申报编号“WH-2020-00096”在文件中出现 2 次；各条均已审核，报告文件以输入行号 row3 命名。",
        {"application_id": "WH-2020-00096", "source": "申报汇总表!A3"})
