"""Reviewer helper-94's round-audit defects fixed by helper-100: each case is a sample round with one change.

1. Every cell a person wrote reaches the reports: a 流程节点 备注 beside its step in the timeline, and a
   column the reader does not know (审计人备注) in round.json ``other_columns`` and under 未核对事项.
2. The 归档 sheet: a catch-all row (全部材料 | 是) names no material, so the items it covers need review
   (not 不合规); a row naming no material the seed lists (评审专家签到表 | 否; 001:4077 ends its list
   with 等) is listed in round.json ``other_archive_rows`` and under 未核对事项.
3. A second, differing record of the same round: the audited copy's reports name the other one
   (round.json ``other_copies``, 未核对事项, the conclusion) and the --json messages carry the warning.
4. The timeline marks a failing finding on the rows it names only (LIFE-OWNER: 项目验收 by 市财政局),
   not on every fund step the rule reads.
"""

from __future__ import annotations

import json
import shutil

import openpyxl

from tests.helpers import ROUNDS, run_cli, sample_round, write_json

LEDGER = ROUNDS / "ledger.db"


def _audit(tmp_path, source, name: str, *extra) -> tuple[object, dict, str, str]:
    out = tmp_path / name
    result = run_cli("audit", source, "--out", out, "--as-of", "2024-01-01", "--ledger", LEDGER, *extra)
    document = json.loads((out / "round.json").read_text(encoding="utf-8"))
    return result, document, (out / "round.md").read_text(encoding="utf-8"), (out / "round.html").read_text(encoding="utf-8")


def _md_section(md: str, title: str) -> list[str]:
    """The lines of a round.md section (## title) up to the next section, blank lines left out."""
    lines = md.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line for line in lines if line]


W12_NOT_CHECKED = [
    "事前报告表、事中报告单、决策情况备案表的填写内容与签字，以及表格份数与分送，未核对：轮次记录不含表格内容。",
    "纪检组是否实际列席党组会、党组会的表决规则未核对（履职清单只说“邀请参会”，未规定表决规则）。",
    "不良信用记录的具体内容及其对申报资格的影响不在轮次审计中核对（申报审核时按名单核对）。",
    "弄虚作假取消认定资格属事后处理，不在轮次审计范围。",
    "事后监督（按期调度、实地督查）不在轮次审计范围。",
]


# --- 1. notes and unknown columns ---------------------------------------------------------------------


def test_a_note_and_an_unknown_column_reach_round_json_md_and_html(tmp_path):
    record = sample_round("compliant_W-12")
    meeting = next(row for row in record["流程节点"] if row["节点"] == "党组会")
    meeting["备注"] = "会议由局长主持"
    meeting["审计人备注"] = "党组会当天纪检组未列席"
    record["归档"][0]["备注"] = "原件存档案室"
    result, document, md, html = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    assert (result.exit_code, document["verdict"]) == (0, "compliant")
    row = next(t for t in document["timeline"] if t["ref"] == "流程节点#11.日期")
    assert (row["step"], row["note"]) == ("党组会（备注：会议由局长主持）", "会议由局长主持")
    assert document["other_columns"] == [
        {"sheet": "流程节点", "row": 11, "row_label": "党组会", "column": "审计人备注", "value": "党组会当天纪检组未列席",
         "source": "流程节点#11.审计人备注"},
        {"sheet": "归档", "row": 1, "row_label": "《“三重一大”事项报告表》（事前）", "column": "备注", "value": "原件存档案室",
         "source": "归档#1.备注"},
    ]
    notes = [
        "流程节点“备注”栏所记内容列在时间线中对应步骤旁（第 11 行（党组会））：除用于识别发文、承办或报送单位和所附材料外，"
        "审计未据以核对，请审计人员阅读。",
        "其他记载：流程节点中“审计人备注”列（不是轮次记录的栏目）所记内容未核对，不影响审计结论，请审计人员阅读："
        "第 11 行（党组会）“党组会当天纪检组未列席”（流程节点#11.审计人备注）。",
        "其他记载：归档中“备注”列（不是轮次记录的栏目）所记内容未核对，不影响审计结论，请审计人员阅读："
        "第 1 行（《“三重一大”事项报告表》（事前））“原件存档案室”（归档#1.备注）。",
    ]
    assert document["not_checked"] == [*W12_NOT_CHECKED, *notes]
    assert _md_section(md, "未核对事项") == [f"- {line}" for line in [*W12_NOT_CHECKED, *notes]]
    assert ("| 2020-04-22 | 党组会（备注：会议由局长主持） |  | 流程节点#11.日期 | "
            "会前三天报送事中报告单；党组会集体决策并记录纪要文号、表决方式及结果；会后三天报送决策情况表；"
            "评审专家与决议或公示的企业无同单位关系 |  |  |") in md.splitlines()
    assert "<td>党组会（备注：会议由局长主持）</td>" in html
    assert html.count("党组会当天纪检组未列席") == 1 and html.count("原件存档案室") == 1


def test_an_inspectors_column_in_a_workbook_is_listed_with_its_cell(tmp_path):
    book = openpyxl.load_workbook(ROUNDS / "compliant_W-12.xlsx")
    sheet = book["流程节点"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="审计人备注")
    meeting = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "党组会")
    sheet.cell(row=meeting, column=column, value="党组会当天纪检组未列席")
    path = tmp_path / "r.xlsx"
    book.save(path)
    letter = openpyxl.utils.get_column_letter(column)
    _, document, md, _ = _audit(tmp_path, path, "o")
    assert document["other_columns"] == [
        {"sheet": "流程节点", "row": meeting, "row_label": "党组会", "column": "审计人备注", "value": "党组会当天纪检组未列席",
         "source": f"流程节点!{letter}{meeting}"}]
    assert (f"- 其他记载：流程节点中“审计人备注”列（不是轮次记录的栏目）所记内容未核对，不影响审计结论，请审计人员阅读："
            f"第 {meeting} 行（党组会）“党组会当天纪检组未列席”（流程节点!{letter}{meeting}）。") in md.splitlines()


def test_a_sample_round_has_no_other_columns_and_its_reports_say_nothing_more(tmp_path):
    _, document, md, _ = _audit(tmp_path, ROUNDS / "compliant_W-12.json", "o")
    assert (document["other_columns"], document["other_archive_rows"], document["other_copies"]) == ([], [], [])
    assert document["not_checked"] == W12_NOT_CHECKED and "备注" not in md


# --- 2. the archive ---------------------------------------------------------------------------------------


def _archive_finding(document: dict) -> tuple:
    return next((f["rule_id"], f["outcome"], f["grade"], f["message"]) for f in document["findings"]
                if f["rule_id"] == "ARCH-LIST-9-FUNDS")


def test_a_catch_all_archive_row_makes_every_item_need_review_and_is_named(tmp_path):
    record = sample_round("compliant_W-12")
    record["归档"] = [{"材料名称": "全部材料", "是否归档": "是"}]
    result, document, md, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    assert (result.exit_code, document["verdict"]) == (1, "needs_review")
    assert _archive_finding(document) == (
        "ARCH-LIST-9-FUNDS", "missing", "needs_review",
        "归档情况无法确认（是否归档填写不明：《“三重一大”事项报告表》（事前）、下发的通知、《“三重一大”事项报告表》（评审）、"
        "专家评审资料、《“三重一大”事项报告单》（事中）、党组会汇报材料、《“三重一大”事项决策情况表》、会议纪要、"
        "《专项资金项目流程审核情况表》（有资金的填写）（归档表未单列，仅“全部材料”一行（归档#1.材料名称）填“是”，须逐项核实））。")
    assert document["other_archive_rows"] == [
        {"row": 1, "item": "全部材料", "archived": "是", "catch_all": True, "source": "归档#1.材料名称"}]
    line = "归档表“全部材料”一行（归档#1.材料名称）填“是”，未列明具体材料：归档表未单列的规定材料按该行不能确认已归档，须逐项核实。"
    assert document["not_checked"] == [*W12_NOT_CHECKED, line]
    assert _md_section(md, "未核对事项") == [f"- {text}" for text in [*W12_NOT_CHECKED, line]]


def test_a_catch_all_row_beside_the_items_listed_covers_only_those_not_listed(tmp_path):
    record = sample_round("compliant_W-12")
    record["归档"] = [row for row in record["归档"] if row["材料名称"] != "会议纪要"] + [{"材料名称": "所有材料", "是否归档": "是"}]
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    assert _archive_finding(document) == (
        "ARCH-LIST-9-FUNDS", "missing", "needs_review",
        "归档情况无法确认（是否归档填写不明：会议纪要（归档表未单列，仅“所有材料”一行（归档#9.材料名称）填“是”，须逐项核实））。")


def test_a_catch_all_no_still_leaves_the_items_unarchived(tmp_path):
    record = sample_round("compliant_W-12")
    record["归档"] = [{"材料名称": "全部材料", "是否归档": "否"}]
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    assert _archive_finding(document)[:3] == ("ARCH-LIST-9-FUNDS", "fail", "noncompliant")
    assert document["not_checked"][-1] == ("归档表“全部材料”一行（归档#1.材料名称）填“否”，未列明具体材料："
                                           "归档表未单列的规定材料按该行读为未归档。")


def test_an_archive_row_the_seed_does_not_list_is_named_with_its_value(tmp_path):
    record = sample_round("compliant_W-12")
    record["归档"].append({"材料名称": "评审专家签到表", "是否归档": "否"})
    result, document, md, html = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    assert (result.exit_code, document["verdict"]) == (0, "compliant")
    assert document["other_archive_rows"] == [
        {"row": 10, "item": "评审专家签到表", "archived": "否", "catch_all": False, "source": "归档#10.材料名称"}]
    line = ("归档表中有履职清单所列归档材料以外的行（清单以“等”结尾，001:4077），未核对是否应归档，不影响审计结论："
            "“评审专家签到表”：否（归档#10.材料名称）。")
    assert document["not_checked"] == [*W12_NOT_CHECKED, line]
    assert _md_section(md, "未核对事项")[-1] == f"- {line}"
    assert f"<li>{line}</li>" in html


# --- 3. two records of one round ----------------------------------------------------------------------------


def test_the_audited_copy_of_a_round_given_twice_names_the_other_in_every_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROUNDS / "compliant_W-12.json", folder / "a.json")
    other = sample_round("compliant_W-12")
    next(row for row in other["流程节点"] if row["节点"] == "事中报告")["日期"] = "2020-04-17"
    write_json(folder / "b.json", other)
    result, document, md, html = _audit(tmp_path, folder, "o", "--json")
    warning = "轮次 W12-2020-01 有两份记录：审计 a.json，跳过 b.json（两份内容不同，请核实哪一份是正式记录）"
    assert (result.exit_code, document["verdict"], document["source"]) == (1, "compliant", "a.json")
    assert document["other_copies"] == [
        {"source": "b.json", "round_id": "W12-2020-01", "audited": "a.json", "written_otherwise": False, "same_content": False,
         "why": "同一轮次有多份记录时，审计按文件路径排序的第一份", "warning": warning}]
    line = ("同一轮次的另一份记录 b.json 与本报告审计的记录 a.json 内容不同，未审计（同一轮次有多份记录时，审计按文件路径排序的第一份）；"
            "本报告的结论只对 a.json 作出，请核实哪一份是正式记录，正式记录是 b.json 的须另行审计。")
    assert document["not_checked"] == [line, *W12_NOT_CHECKED]
    conclusion = ("经审计，“2020年“专精特新”中小企业认定”（轮次编号 W12-2020-01）按所属流程核对 21 项要求，均符合规定，"
                  "未发现需人工复核的事项。审计结论：程序合规。本结论只对记录 a.json 作出：同一轮次另有内容不同的记录 b.json 未审计"
                  "（多份记录时审计按文件路径排序的第一份），须核实哪一份是正式记录。")
    assert document["conclusion"] == conclusion
    assert _md_section(md, "审计意见")[0] == conclusion and _md_section(md, "未核对事项")[0] == f"- {line}"
    assert f"<p>{conclusion}</p>" in html
    payload = json.loads(result.stdout)
    assert payload["messages"] == [
        f"W12-2020-01（“专精特新”中小企业申报） 合规 → {tmp_path / 'o'}  警告：{warning}"]


def test_an_identical_copy_is_said_in_the_report_without_changing_the_conclusion(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROUNDS / "compliant_W-12.json", folder / "a.json")
    shutil.copy(ROUNDS / "compliant_W-12.xlsx", folder / "b.xlsx")
    result, document, _, _ = _audit(tmp_path, folder, "o")
    assert result.exit_code == 0
    assert document["not_checked"][0] == "同一轮次的另一份记录 b.xlsx 与本报告审计的记录内容相同，未重复审计。"
    assert document["conclusion"].endswith("审计结论：程序合规。")


# --- 4. the timeline marks the rows a finding names ---------------------------------------------------------


def test_a_wrong_owner_is_marked_on_its_own_fund_step_only(tmp_path):
    _, document, md, _ = _audit(tmp_path, ROUNDS / "lifecycle_W-12.json", "o")
    owner = next(f for f in document["findings"] if f["rule_id"] == "LIFE-OWNER")
    assert (owner["outcome"], owner["grade"], owner["message"]) == (
        "fail", "needs_review", "资金环节的承办部门与分工不符：项目验收（流程节点#17.日期）记为“市财政局”，应为业务主管部门。")
    fund = {"财政审核", "资金拨付", "项目实施", "项目验收", "绩效评价", "监督检查"}
    rows = [(t["step"], "LIFE-OWNER" in t["satisfies"], t["breaks"], t["undecided"]) for t in document["timeline"] if t["step"] in fund]
    assert rows == [("财政审核", True, [], []), ("资金拨付", True, [], []), ("项目实施", True, [], []),
                    ("项目验收", False, [], ["LIFE-OWNER"]), ("绩效评价", True, [], []), ("监督检查", True, [], [])]
    lines = [line for line in md.splitlines() if line.split(" | ")[1:2] and line.split(" | ")[1] in fund]
    both = "决策后的资金环节在决定之后发生并注明日期；资金环节按分配、审核、拨付、实施、验收、评价的顺序进行"
    assert lines == [
        f"| 2020-05-08 | 财政审核 |  | 流程节点#13.日期 | {both}；资金环节由分工规定的部门承办 |  |  |",
        f"| 2020-05-20 | 资金拨付 |  | 流程节点#14.日期 | {both}；资金环节由分工规定的部门承办 |  |  |",
        f"| 2020-06-01 | 项目实施 |  | 流程节点#15.日期 | {both}；资金环节由分工规定的部门承办 |  |  |",
        f"| 2020-12-10 | 项目验收 |  | 流程节点#17.日期 | {both} |  | 资金环节由分工规定的部门承办 |",
        f"| 2021-03-15 | 绩效评价 |  | 流程节点#18.日期 | {both}；资金环节由分工规定的部门承办 |  |  |",
        f"| 2021-04-20 | 监督检查 |  | 流程节点#19.日期 | {both}；资金环节由分工规定的部门承办 |  |  |",
    ]


def test_a_blank_owner_is_marked_on_its_row_and_not_on_the_others(tmp_path):
    record = sample_round("lifecycle_W-12")
    for row in record["流程节点"]:
        if row["节点"] == "项目验收":
            row["发文单位"] = "市工信局"
        if row["节点"] == "绩效评价":
            del row["发文单位"]
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    owner = next(f for f in document["findings"] if f["rule_id"] == "LIFE-OWNER")
    assert (owner["outcome"], owner["message"]) == ("missing", "以下资金环节未写明承办部门：绩效评价（流程节点#18.日期）。")
    marked = [t["step"] for t in document["timeline"] if "LIFE-OWNER" in t["undecided"] + t["breaks"]]
    assert marked == ["绩效评价"]


def test_steps_out_of_order_are_marked_on_those_two_rows(tmp_path):
    record = sample_round("lifecycle_W-12")
    next(row for row in record["流程节点"] if row["节点"] == "项目验收")["日期"] = "2021-04-01"
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "o")
    order = next(f for f in document["findings"] if f["rule_id"] == "LIFE-STEP-ORDER")
    assert (order["outcome"], order["message"]) == (
        "fail", "资金环节顺序颠倒：“项目验收” 2021-04-01（流程节点#17.日期）晚于其后的“绩效评价” 2021-03-15（流程节点#18.日期）"
                "（应为 分配方案 → 财政审核 → 资金拨付 → 项目实施 → 项目验收 → 绩效评价；资金拨付 → 监督检查）。")
    marked = [t["step"] for t in document["timeline"] if "LIFE-STEP-ORDER" in t["undecided"] + t["breaks"]]
    assert marked == ["绩效评价", "项目验收"]


def test_a_computed_deadline_names_its_stage_only_in_a_round_of_stages(tmp_path):
    """The timeline's 阶段 column showed 1 beside 【计算】 rows in a round of one stage, whose steps show none;
    in the two-stage W-08 round each computed row keeps its stage (its label says 第1阶段…)."""
    def computed(name: str) -> list[tuple]:
        _, document, _, _ = _audit(tmp_path, ROUNDS / f"{name}.json", name)
        return [(row["step"], row["stage"]) for row in document["timeline"] if row.get("deadline")]

    assert computed("compliant_W-12") == [
        ("【计算】事中报告最迟（工作日口径）（参考）", None), ("【计算】事中报告最迟（自然日口径）", None),
        ("【计算】决策情况表报送截止（自然日口径）", None), ("【计算】决策情况表报送截止（工作日口径）（参考）", None)]
    assert computed("noncompliant_W-08") == [
        ("【计算】第1阶段事中报告最迟（自然日口径）", 1), ("【计算】第1阶段事中报告最迟（工作日口径）（参考）", 1),
        ("【计算】第2阶段事中报告最迟（自然日口径）", 2), ("【计算】第2阶段事中报告最迟（工作日口径）（参考）", 2),
        ("【计算】第2阶段决策情况表报送截止（自然日口径）", 2), ("【计算】第2阶段决策情况表报送截止（工作日口径）（参考）", 2)]


def test_a_step_dated_on_a_day_off_says_so_beside_its_date(tmp_path):
    """A 归档 (or a 党组会, a 公示) dated on a Saturday or a holiday is possible but unusual: the
    timeline says 星期六，休息日 or 节假日放假 (a holiday or a 调休 day off) beside the date, from the same holiday data the deadlines
    use (2020-05-09, a Saturday, was a 调休 working day: nothing); a year the data does not cover gets
    the weekday alone (its Saturdays may be working days). No verdict changes."""
    from tests.helpers import sample_round

    shown = {}
    for written in ("2020-05-01", "2020-05-09", "2020-05-16", "2020-05-18", "2040-06-02", "2040-06-04"):
        record = sample_round("compliant_W-12")
        archive = next(row for row in record["流程节点"] if row["节点"] == "归档")
        archive["日期"] = written
        _, document, md, _ = _audit(tmp_path, write_json(tmp_path / f"r-{written}.json", record), written)
        shown[written] = next(row["date_text"] for row in document["timeline"] if row["step"] == "归档")
        assert f"| {shown[written]} | 归档 |" in md
    assert shown == {"2020-05-01": "2020-05-01（星期五，节假日放假）", "2020-05-09": "2020-05-09",
                     "2020-05-16": "2020-05-16（星期六，休息日）", "2020-05-18": "2020-05-18",
                     "2040-06-02": "2040-06-02（星期六）", "2040-06-04": "2040-06-04"}


def test_a_recipient_written_as_not_reached_is_not_sent_to_and_the_message_says_so_without_contradiction(tmp_path):
    """报送对象 派驻纪检监察组（未送达）: the 事前报告 did not reach the 纪检组 (PROC-3I1L-PRE fails, as before), and
    the message no longer reads "…为“派驻纪检监察组（未送达）”，未包含“派驻纪检监察组”", which the cell plainly contains."""
    from tests.helpers import sample_round

    record = sample_round("compliant_W-12")
    next(row for row in record["流程节点"] if row["节点"] == "事前报告")["报送对象"] = "派驻纪检监察组（未送达）"
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "out")
    finding = next(f for f in document["findings"] if f["rule_id"] == "PROC-3I1L-PRE")
    assert (finding["outcome"], finding["message"]) == (
        "fail", "事前报告的报送对象为“派驻纪检监察组（未送达）”，未报送派驻纪检监察组（应报送：派驻纪检监察组）。")


def test_a_disclosure_is_marked_at_its_start_only(tmp_path):
    """h105: a 公示 ends on whatever day its length gives, a weekend routinely: its end is not marked;
    a start on a day off is (2020-10-03, in the National Day holiday; 2020-10-10, a 调休 working Saturday, is not)."""
    from tests.helpers import sample_round

    record = sample_round("noncompliant_W-08")
    record["公示"][0].update({"开始日期": "2020-10-03", "结束日期": "2020-10-10"})
    record["公示"][1].update({"开始日期": "2020-11-23", "结束日期": "2020-11-28"})
    _, document, _, _ = _audit(tmp_path, write_json(tmp_path / "r.json", record), "out")
    shown = [(row["step"], row["date_text"]) for row in document["timeline"] if "（公示表）" in row["step"]]
    assert shown == [("公示开始（公示表）", "2020-10-03（星期六，休息日）"), ("公示结束（公示表）", "2020-10-10"),
                     ("公示开始（公示表）", "2020-11-23"), ("公示结束（公示表）", "2020-11-28")]
