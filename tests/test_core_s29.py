"""The twenty-ninth session's own fixes outside speed: an amount written with Chinese magnitude words in an
application's money cell (1千万元 in 年度设备投入（万元）) is read exactly, as round conditions read it (h141's find:
the application's own columns left it unread)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.core.money import parse_amount
from checker.core.values import Unreadable


@pytest.mark.parametrize("written, wan, note", [
    ("1千万元", Decimal("1000"), "按“1千万元”读取；按元换算为万元"),
    ("3千万", Decimal("3000"), "按“3千万”读取；按元换算为万元"),
    ("一千万元", Decimal("1000"), "按“一千万元”读取；按元换算为万元"),
    ("2千5百万元", Decimal("2500"), "按“2千5百万元”读取；按元换算为万元"),
    ("十万元", Decimal("10"), "按“十万元”读取；按元换算为万元"),
])
def test_an_amount_in_magnitude_words_is_read_exactly(written, wan, note):
    assert parse_amount(written, "万元") == (wan, note)


def test_the_same_amount_in_a_yuan_column_is_in_yuan():
    assert parse_amount("1千万元", "元") == (Decimal("10000000"), "按“1千万元”读取")


@pytest.mark.parametrize("written", ["3千", "一百", "约一百万", "三五万元", "五年"])
def test_magnitude_words_without_a_unit_or_with_other_words_stay_unread(written):
    with pytest.raises(Unreadable):
        parse_amount(written, "万元")


def test_the_forms_read_before_are_read_as_before():
    assert parse_amount("1亿2000万元", "万元") == (Decimal("12000"), "按亿/万分段金额读取；按元换算为万元")
    assert parse_amount("壹佰万元整", "万元") == (Decimal("100"), "按大写金额“壹佰万元整”读取；按元换算为万元")
    assert parse_amount("100万元", "万元") == (Decimal("100"), None)


def test_a_running_number_headed_bilingually_repeats_across_district_files_without_a_duplicate(tmp_path):
    # h144's find: ids.py matched 编号 by core.text's key, so 编号 No. (read as 编号 by the readers) was no running number
    import json

    from openpyxl import Workbook

    from tests.helpers import run_cli

    for district, base in (("环翠区", 1), ("文登区", 2)):
        book = Workbook()
        sheet = book.active
        sheet.append(["编号 No.", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "项目名称", "项目领域", "核准（备案）文号",
                      "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"])
        for number in (1, 2):
            sheet.append([number, f"威海{district}企业{number}有限公司", "", f"山东省威海市{district}测试路{number}号", "是", "技改", "高端装备",
                          "2020-371003-34-03-000001", 200, 500, "是", "2020-07-10"])
        book.save(tmp_path / f"{district}.xlsx")
    result = run_cli("check", tmp_path / "环翠区.xlsx", tmp_path / "文登区.xlsx", "--workflow", "W-05",
                     "--window", "2020-07-01", "2020-07-31", "--out", tmp_path / "out")
    assert result.exit_code in (0, 1), result.output
    lines = [json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    duplicate = [line["name"] for line in lines for f in line["findings"] if f["rule"].startswith("INP-DUPLICATE-ID")]
    assert (len(lines), duplicate) == (4, [])


def test_summary_xlsx_prints_no_direction_mark(tmp_path):
    # h146's find: the reports dropped RLM/LRM/ALM (the browser reordered 12<RLM>-34 as 1234-), summary.xlsx kept them
    import io
    import zipfile

    from checker.report import summary
    from tests.test_summary_split import RUN, _row

    rows = [_row(1, company_name="威海路12\u200f-34号公司\u200e", project_name="“\u061c100\u061c 200”")]
    target = io.BytesIO()
    summary.write_summary_xlsx(target, rows, RUN, {"cases": 1})
    sheet = zipfile.ZipFile(io.BytesIO(target.getvalue())).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert ("威海路12-34号公司" in sheet, "“100 200”" in sheet, any(mark in sheet for mark in "\u200e\u200f\u061c")) == (True, True, False)


def test_a_text_columns_formula_is_no_figure_in_its_finding():
    # h146's find: a 项目名称 formula without its result was "无法作为数值使用", and the applicant asked for its 数值
    from checker.check.fields import field_set
    from checker.check.validate import formula_finding
    from checker.core.rulebook import load_rulebook
    from checker.io.table import Cell

    fields = field_set(load_rulebook())
    cell = Cell("=A1&B1", "申报汇总表!G3", "项目名称", formula_problem="公式单元格没有缓存的计算结果")
    finding = formula_finding(fields.by_name["project_name"], cell)
    assert (finding["message"], finding["remedy"]) == (
        "申报汇总表!G3 的项目名称为公式，公式单元格没有缓存的计算结果，无法作为内容使用；依赖此项的规则判为“待补充”。",
        "请核对申报汇总表!G3的公式，在 Excel 中重新计算并保存后再导出，或直接填写项目名称的内容。")


@pytest.mark.parametrize("vote, rejected", [
    # h147's find: some applicants deferred or not recommended, counted after the word, read as the whole matter voted down
    ("会议同意推荐5家企业，暂缓2家", False), ("同意推荐3家，不同意推荐2家", False), ("同意推荐3家，暂缓其余", False),
    # as before
    ("全票通过；丙科技公司暂缓认定", False), ("表决通过（其中1家暂缓）", False), ("同意7票，不同意0票", False),
    ("同意2人，10人反对", True), ("暂缓实施", True), ("会议同意，但暂缓实施", True), ("不同意推荐", True), ("最终未通过", True),
])
def test_a_vote_deferring_some_applicants_decided_the_round(vote, rejected):
    from checker.audit.facts.meeting import vote_rejected

    assert vote_rejected(vote) is rejected


def test_a_date_serial_with_its_time_of_day_is_read_as_its_date_and_said(tmp_path):
    # h147's find: a 申报日期 exported with its time to a General cell (44018.64583333334) was "不是日期"
    import json

    from openpyxl import Workbook

    from tests.helpers import run_cli

    book = Workbook()
    sheet = book.active
    sheet.append(["申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "项目名称", "项目领域", "核准（备案）文号",
                  "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"])
    sheet.append(["WH-1", "威海测试企业1有限公司", "91371003MAJURQ283G", "山东省威海市文登区测试路1号", "是", "技改", "高端装备",
                  "2020-371003-34-03-000001", 200, 500, "是", 44018.64583333334])
    book.save(tmp_path / "a.xlsx")
    result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    case = json.loads((tmp_path / "o" / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0])
    window = next(f for f in case["findings"] if f["rule"].startswith("APP-SUBMITTED-IN-WINDOW"))
    assert (window["outcome"], window["evidence"]["submitted_on"], window["evidence"]["submitted_on_note"]) == (
        "pass", "2020-07-06", "单元格为数字 44018.64583333334（Excel 日期序号，小数部分为时刻），读作 2020-07-06")


def test_the_panel_lists_a_time_of_another_offset_in_beijing_time():
    # h145's find: 2024-03-05T01:30:00Z was printed 2024年3月5日 01:30:00, eight hours off Beijing time
    from checker.draw.panel import beijing_time_text

    assert [beijing_time_text(t) for t in ("2026-12-01T16:28:57+08:00", "2024-03-05T01:30:00Z", "2024-03-05T01:30:00", "未记录")] == [
        "2026年12月1日 16:28:57（北京时间）", "2024年3月5日 09:30:00（北京时间）", "2024年3月5日 01:30:00", "未记录"]


def test_a_disclosure_sheet_headed_as_offices_head_it_is_read(tmp_path):
    # h143's find: 公示开始日期 stopped the run (缺少列「开始日期」) and 公示渠道 read as no channel
    import json

    import yaml

    from tests.helpers import ROOT, write_json

    record = yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / "W-09-compliant.yaml").read_text(encoding="utf-8"))
    renamed = {"开始日期": "公示开始日期", "结束日期": "公示结束日期", "渠道": "公示渠道"}
    record["公示"] = [{renamed.get(key, key): value for key, value in row.items()} for row in record["公示"]]
    from tests.helpers import run_cli

    result = run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "o", "--as-of", "2024-01-01")
    assert result.exit_code in (0, 1), result.output
    document = json.loads((tmp_path / "o" / "round.json").read_text(encoding="utf-8"))
    channel = next(f for f in document["findings"] if f["rule_id"] == "DISC-CHANNEL-WEBSITE")
    assert (document["verdict"], channel["outcome"], channel["message"]) == (
        "compliant", "pass", "在市工信局网站公示：市工信局网站（公示#1.公示渠道）。")


@pytest.mark.parametrize("written, names", [
    # h143's find: 同意甲公司 was a name of its own, and a 决议内容 so written "不一致" with its 公示名单 (不合规)
    ("同意甲公司、乙公司、丙公司", {"甲公司", "乙公司", "丙公司"}),
    ("会议同意认定威海甲有限公司、威海乙有限公司", {"威海甲有限公司", "威海乙有限公司"}),
    ("拟推荐甲公司、乙公司", {"甲公司", "乙公司"}),
    ("拟同意推荐甲公司、乙公司", {"甲公司", "乙公司"}), ("会议原则同意上报甲公司", {"甲公司"}),
    ("甲公司、乙公司", {"甲公司", "乙公司"}),
    # h148's note: the deferred one was a name of the list, 暂缓丙公司 ("决议有而公示无", 不合规)
    ("同意推荐甲公司、乙公司，暂缓丙公司", {"甲公司", "乙公司"}), ("同意甲公司、乙公司，不同意丙公司", {"甲公司", "乙公司"}),
])
def test_a_resolution_led_by_its_decision_lists_the_enterprises(written, names):
    from checker.audit.facts.disclosure import name_list

    assert name_list(written) == names
