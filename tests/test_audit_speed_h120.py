"""The reading speed-ups of h120 (issue 14) answer as the tests they stand before: the pre-tests of
record._set_aside never skip a row the reader of applications would set aside, the memo of a cell's
text gives NFKC's text (also once emptied), and the memoised sign-off and total tests give what
the tests they keep say."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from checker.audit import record as record_mod
from checker.check.intake import _is_labelled_note, _is_sign_off_row, _is_total_label
from checker.io import table as table_mod
from checker.io.table import cell_text, records_table

# rows under a round record's table: notes, sign-offs (every colon NFKC reads as ":"), totals, and
# the records themselves (a step, a date, a material; an expert; an archive line)
LINES = [
    {"节点": "注：", "日期": "以上材料均已存档"},
    {"节点": "说明", "日期": "本表由承办科室填写"},
    {"节点": "填表人：王五", "日期": "审核人：赵六"},
    {"节点": "填表人﹕王五", "日期": "审核人︓赵六"},
    {"节点": "填表人:", "日期": "王五"},
    {"节点": "填表人", "日期": "王五", "文号/材料": "审核人：赵六"},
    {"节点": "经审核，以上程序均按规定办理。", "日期": "2020-05-27"},
    {"节点": "威海市工业和信息化局（盖章）", "日期": "2020年5月27日"},
    {"节点": "合计", "日期": "2家"},
    {"节点": "事前报告", "日期": "2020-07-01", "文号/材料": "《“三重一大”事项报告表》（事前）"},
    {"节点": "党组会", "日期": "2020-07-10", "文号/材料": "会议纪要：第5次", "备注": "注：延期"},
    {"节点": "归档", "日期": "2020-12-19"},
    {"节点": "注", "日期": "威海甲机械有限公司"},
    {"节点": "备注：", "日期": "1.金额单位为万元", "文号/材料": "2.本表由区市工信部门填报"},
]


def _rows():
    table = records_table("r.json", record_mod.SHEET_STEPS, LINES, record_mod.KNOWN[record_mod.SHEET_STEPS], "sha")
    return list(table.rows())


def _values(row):
    return [v for v in (*(c.value for c in row.cells.values()), *row.extra.values()) if not record_mod.is_blank(v)]


def test_set_aside_pre_tests_skip_no_row_the_reader_of_applications_sets_aside():
    for row in _rows():
        values = _values(row)
        texts = [v for v in values if isinstance(v, str)]
        if _is_sign_off_row(row):
            assert record_mod._has_colon(texts), row
        if _is_labelled_note(row):
            assert len(values) == 2, row


def test_set_aside_still_sets_aside_the_notes_sign_offs_and_totals():
    rows = _rows()
    sheets = {record_mod.SHEET_STEPS: rows}
    findings = record_mod._set_aside(sheets)
    # kept: 填表人 without its colon beside a sign-off, the steps (归档's date alone is a step's), a note's
    # mark beside a company's name, and a third cell beside two notes
    assert [row.number for row in rows] == [6, 10, 11, 12, 13, 14]
    assert [f["message"] for f in findings] == [
        "工作表「流程节点」第 1 行“注： | 以上材料均已存档”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 2 行“说明 | 本表由承办科室填写”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 3 行“填表人：王五 | 审核人：赵六”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 4 行“填表人﹕王五 | 审核人︓赵六”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 5 行“填表人: | 王五”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 7 行“经审核，以上程序均按规定办理。 | 2020-05-27”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 8 行“威海市工业和信息化局（盖章） | 2020年5月27日”是说明或签署行，不是记录，未计入审计。",
        "工作表「流程节点」第 9 行“合计 | 2家”是合计行，不是记录，未计入审计。",
    ]


def test_the_colons_are_every_character_nfkc_makes_a_colon():
    found = {chr(c) for c in range(sys.maxunicode + 1)
             if not 0xD800 <= c < 0xE000 and ":" in unicodedata.normalize("NFKC", chr(c))}
    assert found == set(record_mod._COLONS.pattern[1:-1])


def test_memoised_text_tests_answer_as_the_tests_they_keep():
    words = ["合计", "总计", "小计：", "2家", "共3项", "事前报告", "是", "2020-05-27", "２０２０年５月２７日", "填表人：王五",
             "威海市工业和信息化局（盖章）", "经审核，以上程序均按规定办理。", "注：以上材料均已存档。", "正选（未到会）", "替补"]
    for word in words * 2:  # the second time from the memo
        assert record_mod._total_label(word) == _is_total_label(word)
        assert record_mod._total_count(word) == bool(record_mod._TOTAL_COUNT.fullmatch(record_mod.nfkc(word).replace(" ", "")))


@pytest.mark.parametrize("limit", [2, 1 << 16])
def test_a_cells_text_is_nfkc_trimmed_also_when_the_memo_was_emptied(monkeypatch, limit):
    monkeypatch.setattr(table_mod, "_TEXTS_LIMIT", limit)
    table_mod._TEXTS.clear()
    words = ["（事前）、申报通知 ", "ＡＢＣ１２３", " 党组会纪要〔2020〕5号", "举手表决，全票通过", "\u3000"]
    for word in words * 3:
        assert cell_text(word) == unicodedata.normalize("NFKC", word).strip()
        row = records_table("r.json", record_mod.SHEET_STEPS, [{"节点": word}], record_mod.KNOWN[record_mod.SHEET_STEPS], "sha")
        assert next(iter(row.rows())).text("step") == unicodedata.normalize("NFKC", word).strip()
    assert len(table_mod._TEXTS) <= max(limit, 1)
    table_mod._TEXTS.clear()
