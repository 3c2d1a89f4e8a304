"""A diligent clerk's round record made with ``template round --from-ledger`` (h46)."""
import json
import shutil
from pathlib import Path

import openpyxl

from tests.helpers import run_cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "rounds"
NOTE = ("专家工作单位，用于核对评审专家是否来自申报单位（须回避）；用 --from-ledger 生成时此列留空（账本不记工作单位）："
        "请照专家库填写，或审计时给出 --pool 由专家库补全；未填的，回避核对为需人工复核")


def test_from_ledger_template_says_units_are_blank_and_how_to_complete_them(tmp_path):
    ledger = tmp_path / "ledger.db"
    shutil.copy(SAMPLES / "ledger.db", ledger)
    out = tmp_path / "round.xlsx"
    result = run_cli("template", "round", "-w", "W-12", "-o", out, "--from-ledger", ledger, "--draw", "1")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    draws = list(book["专家抽取"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert draws == [("1", "局政工科", "E004", "新材料", None, "正选")]
    notes = {(row[0], row[1]): row[2] for row in book["说明"].iter_rows(values_only=True) if row[0] == "专家抽取"}
    assert notes[("专家抽取", "工作单位")] == NOTE


def _pool(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态"])
    for n in range(1, 25):
        sheet.append([f"E{n:03d}", f"专家{n}", f"威海某研究院{n:03d}", "新材料", "在库"])
    book.save(path)
    return path


def test_round_with_blank_units_is_compliant_once_the_pool_completes_them(tmp_path):
    record = tmp_path / "round.xlsx"
    book = openpyxl.load_workbook(SAMPLES / "compliant_W-12.xlsx")
    for row in book["专家抽取"].iter_rows(min_row=2):
        row[4].value = None  # as --from-ledger writes them
    book.save(record)
    blank = run_cli("audit", record, "--ledger", SAMPLES / "ledger.db", "--out", tmp_path / "a", "--as-of", "2020-12-31")
    coi = [f for f in json.loads((tmp_path / "a" / "round.json").read_text(encoding="utf-8"))["findings"] if f["rule_id"] == "DRAW-COI"]
    assert blank.exit_code == 1
    assert [(f["outcome"], f["message"]) for f in coi] == [
        ("missing", "以下参加评审的专家未填写工作单位，无法核对回避：E004、E022、E012、E002、E010、E016、E003。")]
    done = run_cli("audit", record, "--ledger", SAMPLES / "ledger.db", "--pool", _pool(tmp_path / "pool.xlsx"),
                   "--out", tmp_path / "b", "--as-of", "2020-12-31")
    report = json.loads((tmp_path / "b" / "round.json").read_text(encoding="utf-8"))
    assert done.exit_code == 0, done.output
    assert "合规" in done.output and "不合规" not in done.output
    assert [f["outcome"] for f in report["findings"] if f["outcome"] not in ("pass", "not_applicable")] == []
    coi = [f for f in report["findings"] if f["rule_id"] == "DRAW-COI"]
    assert [(f["outcome"], f["message"]) for f in coi] == [
        ("pass", "参加评审的专家的工作单位均不是本轮决议或公示名单中的企业（名单共 3 家；轮次表未填写“申报单位”，未获通过的申报单位未核对）。")]
