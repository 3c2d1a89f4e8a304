"""Hostile review 9: workflows other than W-05, round conditions and handling ledgers, checked
against the seeds (/work/shared/seeds) and how a bureau office writes its tables."""

from __future__ import annotations

import pytest

from tests.helpers import read_case, read_json, run_cli, write_json


def _finding(out, case_id: str, rule_id: str) -> dict:
    return next(f for f in read_case(out, case_id)["findings"] if f["rule_id"] == rule_id)


def _w12_row() -> dict:
    """The first application of samples/check/W-12_applications.xlsx, as a JSON row (dates as text)."""
    from openpyxl import load_workbook

    from tests.helpers import ROOT

    sheet = load_workbook(ROOT / "samples/check/W-12_applications.xlsx").active
    header = [cell.value for cell in sheet[1]]
    first = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in zip(header, first)}


def _check_w12(tmp_path, rows: list[dict], *options):
    """`fundcheck check` of these W-12 rows as of 2021-06-30 with the sample credit list, into tmp_path/out."""
    from tests.helpers import ROOT

    return run_cli("check", write_json(tmp_path / "w12.json", rows), "--workflow", "W-12", *options, "--as-of", "2021-06-30",
                   "--credit-list", ROOT / "samples/check/registers/credit.csv", "--out", tmp_path / "out", "--quiet")


def _mon_500w(tmp_path, row: dict, lists) -> dict:
    """MON-500W's finding on one L-03 project (as of 2021-06-30, with this supervision list)."""
    result = run_cli("check", write_json(tmp_path / "l03.json", [row]), "--workflow", "L-03", "--supervision-list", lists,
                     "--as-of", "2021-06-30", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    return _finding(tmp_path / "out", row["申报编号"], "MON-500W")


def _n07_row(**changes) -> dict:
    row = {"申报编号": "P-1", "企业名称": "南阳示例焦化有限公司", "事项": "N-07", "收件日期": "2025-03-03", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "决定": "准予", "决定理由": "",
           "现场核查日期": "2025-03-10", "现场核查人员": "张伟、李娜", "公示开始": "2025-04-01", "公示结束": "2025-04-07",
           "异议数": 0, "异议处理结果": "", "公告日期": "2025-04-08"}
    return {**row, **changes}


def test_a_two_character_name_padded_with_a_full_width_space_is_one_staff_member(tmp_path):
    """Seed 004:80 (and 37, 76, 87): "需要进行现场核查的，应当指派两名以上工作人员进行现场核查". Offices pad a
    two-character name with a full-width space to line it up with three-character names (张　三).
    The ledger's 现场核查人员 "张　三" is one person; it was split at the space and counted as two staff
    (张、三), so a one-person check passed APP-ONSITE-2-STAFF. It must fail, naming 张三 alone; a space
    between two full names (张三 李四) and a wide gap between padded names (张　三　　李　四) still count two."""
    rows = [_n07_row(申报编号="P-1", 现场核查人员="张　三"), _n07_row(申报编号="P-2", 现场核查人员="张三 李四"),
            _n07_row(申报编号="P-3", 现场核查人员="张　三　　李　四"), _n07_row(申报编号="P-4", 现场核查人员="张　三、李　四")]
    result = run_cli("check", write_json(tmp_path / "n07.json", rows), "--workflow", "N-07", "--out", tmp_path / "out",
                     "--per-case", "all", "--quiet")
    assert result.exit_code == 1, result.stderr
    one = _finding(tmp_path / "out", "P-1", "APP-ONSITE-2-STAFF")
    assert (one["outcome"], one["message"]) == ("fail", "现场核查（2025-03-10）只有 1 名工作人员（张三），少于 2 名。")
    for case_id in ("P-2", "P-3", "P-4"):
        two = _finding(tmp_path / "out", case_id, "APP-ONSITE-2-STAFF")
        assert (two["outcome"], two["message"]) == ("pass", "现场核查（2025-03-10）由 2 名工作人员进行（张三、李四），不少于 2 名。")


def test_a_round_condition_refusal_cites_the_notice_clause_it_rests_on(tmp_path):
    """A round condition is decided on the round's notice (文号, 条款, 原文: README "Round conditions";
    seed 001:4058 only says "按照确定的申报条件"). The printed report and the 不予受理告知书 an applicant
    receives dropped the notice and gave the duty list's "按照确定的申报条件" as the sole 依据: the applicant
    could not tell which clause of which notice refused it. The notice's 文号, clause and wording come first."""
    from tests.helpers import ROOT, case_text

    result = run_cli("check", ROOT / "samples/check/W-12_applications.xlsx", "--workflow", "W-12",
                     "--conditions", ROOT / "samples/conditions/W-12_conditions.yaml", "--as-of", "2021-06-30",
                     "--credit-list", ROOT / "samples/check/registers/credit.csv",
                     "--fraud-findings", ROOT / "samples/check/registers/fraud_findings.csv", "--with-funds",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "W12-19")
    notice = html[html.index('<h2 class="notice-title">不予受理告知书</h2>'):]
    basis = ("依据：威工信字〔2021〕18号（示例）《关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）》第二条（六）：“从业人员1000人以下”；"
             "《威海市工业和信息化局履职清单》（2020年7月）非公有制经济（中小企业）发展科职责清单 › “专精特新”中小企业申报工作流程：“按照确定的申报条件”")
    assert basis in notice
    assert html.count(basis) == 2  # the requirement's row and the notice


def _n08_row(number: int, **changes) -> dict:
    row = {"申报编号": f"R-{number}", "企业名称": f"南阳示例{number}有限公司", "事项": "N-08", "收件日期": "2023-05-08", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "决定": "推荐", "决定日期": "2023-06-01", "决定理由": "",
           "现场核查日期": "", "现场核查人员": "", "上报日期": "2023-06-10", "省级方案": "否", "单位类别": ""}
    return {**row, **changes}


def test_a_central_enterprises_own_place_is_not_counted_in_the_provinces_three(tmp_path):
    """Seed 004:86: "各省、自治区、直辖市推荐企业不超过3家 …；计划单列市、新疆生产建设兵团、中央企业各择优推荐1家企业".
    The province's places and each special unit's one place are separate quotas. The ledger pooled every
    recommended row of an item and year: three provincial recommendations plus one 中央企业 recommendation
    made all four rows noncompliant ("推荐 4 家，超过 3 家的名额"; the 中央企业 "推荐 4 家，超过 1 家").
    Each quota is counted on its own: both pass; two rows of the same 中央企业 still exceed its one place."""
    rows = [_n08_row(1), _n08_row(2), _n08_row(3), _n08_row(4, 单位类别="中央企业", 省级方案="")]
    result = run_cli("check", write_json(tmp_path / "n08.json", rows), "--workflow", "N-08", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    cap = [(_finding(tmp_path / "out", f"R-{n}", "APP-RECOMMEND-CAP")["outcome"],
            _finding(tmp_path / "out", f"R-{n}", "APP-RECOMMEND-CAP")["message"]) for n in (1, 4)]
    assert cap == [("pass", "本事项 2023 年度推荐 3 家，未超过名额。"), ("pass", "本事项 2023 年度推荐 1 家，未超过名额。")]
    rows.append(_n08_row(5, 单位类别="中央企业", 省级方案=""))
    result = run_cli("check", write_json(tmp_path / "n08b.json", rows), "--workflow", "N-08", "--out", tmp_path / "b", "--quiet")
    assert result.exit_code == 1, result.stderr
    over = _finding(tmp_path / "b", "R-5", "APP-RECOMMEND-CAP")
    assert (over["outcome"], over["message"]) == ("fail", "单位类别为“中央企业”，本事项 2023 年度推荐 2 家，超过 1 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。")
    assert _finding(tmp_path / "b", "R-1", "APP-RECOMMEND-CAP")["outcome"] == "pass"


def test_a_refusal_whose_reason_cell_says_无_has_no_reason(tmp_path):
    """Seed 004:69 (N-05, as 004:36, 44 ...): "依法受理或不予受理（不予受理的依法告知理由）". A clerk who gave no
    reason writes 无 or / in 不予受理理由 (决定理由). Any text counted as a reason: a refusal with 不予受理理由 “无”
    passed APP-REFUSAL-REASONS ("已记载理由（不予受理理由：无…）") and the ledger row was compliant. A cell that
    only says there is nothing is no reason: the rule fails, as for a blank cell."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-05", "收件日期": "2024-03-04", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "不予受理", "受理凭证": "是", "不予受理理由": "无", "决定": "", "决定理由": ""}
    rows = [row, dict(row, 申报编号="P-2", 不予受理理由="／"), dict(row, 申报编号="P-3", 事项="N-03", 受理结果="受理", 不予受理理由="", 决定="不准予", 决定理由="无", 书面告知="是")]
    # P-3: a 不准予's reasons are asked in N-03 only (004:57; h96)
    result = run_cli("check", write_json(tmp_path / "n05.json", rows), "--workflow", "N-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    found = [(_finding(tmp_path / "out", case, "APP-REFUSAL-REASONS")["outcome"], _finding(tmp_path / "out", case, "APP-REFUSAL-REASONS")["message"])
             for case in ("P-1", "P-2", "P-3")]
    assert found == [("fail", "不予受理，但台账未记载不予受理的理由。"), ("fail", "不予受理，但台账未记载不予受理的理由。"),
                     ("fail", "决定为“不准予”，但台账未记载决定理由。")]


def test_a_recommendation_document_number_written_as_无_is_no_document(tmp_path):
    """Seed 001:4062 "各区市工信部门对申报项目审查汇总后，行文推荐上报市工信局" (and the parallels in W-01…W-16).
    A district that sent no recommendation document writes 无 in 推荐文号; it passed APP-DISTRICT-RECOMMEND-DOC as
    "已有区市行文推荐（推荐文号 无）" and the case stayed eligible. It must fail as a blank number does."""
    clean = _w12_row()
    rows = [dict(clean, 申报编号="X-1", 推荐文号="无"), dict(clean, 申报编号="X-2", 推荐文号="-"), dict(clean, 申报编号="X-3", 推荐文号="尚未行文")]
    result = _check_w12(tmp_path, rows)
    assert result.exit_code == 1, result.stderr
    for case in ("X-1", "X-2", "X-3"):
        doc = _finding(tmp_path / "out", case, "APP-DISTRICT-RECOMMEND-DOC")
        assert (doc["outcome"], doc["message"]) == ("fail", "未填写区市推荐文号，无区市行文推荐的记录。")
    assert [c["verdict"] for c in read_json(tmp_path / "out" / "summary.json")["cases"]] == ["needs_review"] * 3


def test_an_unreadable_receipt_date_is_named_as_the_reason_the_notice_deadline_cannot_be_checked(tmp_path):
    """Seed 004:59 "应当当场或 3 日内一次告知": the period runs from the 收件日期. With an unreadable 收件日期
    (2024-3-32) and a perfectly readable 补正告知日期 2024-03-05, APP-DEFICIENCY-NOTICE-DEADLINE said
    "补正告知日期（2024-03-05）未填写或无法识别" - sending the clerk to the wrong cell. And a row with no
    notice at all (次数 0) but an unreadable 收件日期 was "missing" for a notice that was never given. The
    finding names the receipt date; with no notice the rule does not apply."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-04", "收件日期": "2024-3-32", "补正告知日期": "2024-03-05",
           "补正告知次数": 1, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    rows = [row, dict(row, 申报编号="P-2", 补正告知日期="", 补正告知次数=0)]
    result = run_cli("check", write_json(tmp_path / "n04.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    first = _finding(tmp_path / "out", "P-1", "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert (first["outcome"], first["message"], first["remedy"]) == (
        "missing", "有补正告知日期（2024-03-05），但收件日期未填写或无法识别，无法计算告知期限。", "请在台账中填写收件日期。")
    second = _finding(tmp_path / "out", "P-2", "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert (second["outcome"], second["message"]) == ("not_applicable", "未作补正告知（无补正告知日期，补正告知次数为 0 或空白）。")


def test_a_count_written_as_无_is_none_not_an_unreadable_cell(tmp_path):
    """Clerks write 无 in 补正告知次数 and 异议数 when there was none. A blank 补正告知次数 was already read as
    "未要求补正", but the explicit 无 was an INP-NUMBER error and the row needed review (补正告知次数“无”无法识别),
    as did 异议数 “无” (DISC-ANNOUNCE-NO-OBJECTION missing, seed 004:82 "无异议后予以公告"). 无 is 0, and the
    evidence says it was read so; a rank written 无 stays unreadable (no place, never place 0)."""
    rows = [_n07_row(申报编号="P-1", 异议数="无"), _n07_row(申报编号="P-2", 补正告知次数="无")]
    result = run_cli("check", write_json(tmp_path / "n07.json", rows), "--workflow", "N-07", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    objection = _finding(tmp_path / "out", "P-1", "DISC-ANNOUNCE-NO-OBJECTION")
    assert (objection["outcome"], objection["message"], objection["evidence"]["objection_count_note"]) == (
        "pass", "公示异议数：0，处理结果：空白；公告（2025-04-08）前无未处理的异议。", "“无”读作 0")
    notices = _finding(tmp_path / "out", "P-2", "APP-ONE-TIME-DEFICIENCY-NOTICE")
    assert (notices["outcome"], notices["message"]) == ("pass", "补正告知 0 次，符合一次性告知的要求（至多 1 次）。")
    assert [c["verdict"] for c in read_json(tmp_path / "out" / "summary.json")["cases"]] == ["compliant", "compliant"]


def test_the_green_factory_notice_asks_only_for_the_report_that_is_missing(tmp_path):
    """Seed 004:45 "对申报材料进行初审，包括企业自评价报告、第三方评估报告". An applicant who sent its self-evaluation
    but no third-party report got a 补正告知书 reading "企业自评价报告“是”，第三方评估报告“否”。需补正：请补交企业自评价
    报告和第三方评估报告" - told to send again a report it had sent. The notice names the missing report only."""
    from tests.helpers import case_text

    base = {"申报编号": "G-1", "企业名称": "南阳示例建材有限公司", "事项": "N-02", "收件日期": "2024-05-06", "补正告知日期": "",
            "补正告知次数": 0, "受理结果": "", "不予受理理由": "", "决定": "", "决定理由": "",
            "自评价报告": "是", "第三方评估报告": "否", "纸质份数": 5, "电子稿": "是", "上报日期": ""}
    # rows waiting for the office's first answer: an accepted, recommended row gets no notice (h96)
    rows = [base, dict(base, 申报编号="G-2", 自评价报告="否", 第三方评估报告="是"), dict(base, 申报编号="G-3", 自评价报告="否", 第三方评估报告="否")]
    result = run_cli("check", write_json(tmp_path / "n02.json", rows), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    found = [(_finding(tmp_path / "out", case, "APP-GREEN-DOCS")["message"], _finding(tmp_path / "out", case, "APP-GREEN-DOCS")["remedy"])
             for case in ("G-1", "G-2", "G-3")]
    assert found == [("申报材料不完备：缺第三方评估报告。", "请补交第三方评估报告。"),
                     ("申报材料不完备：缺企业自评价报告。", "请补交企业自评价报告。"),
                     ("申报材料不完备：缺企业自评价报告和第三方评估报告。", "请补交企业自评价报告和第三方评估报告。")]
    notice = case_text(tmp_path / "out", "G-1")
    notice = notice[notice.index("申报材料补正告知书</h2>"):]
    assert "需补正：请补交第三方评估报告。" in notice and "请补交企业自评价报告" not in notice


def test_the_one_time_notice_lists_both_too_few_copies_and_no_electronic_copy(tmp_path):
    """Seed 004:44 "纸质材料 1 式 5 份和电子稿" and the 受理责任 "一次性告知补正材料". With 4 paper copies and no
    electronic copy, APP-GREEN-COPIES reported only the copies; the 补正告知书 that says "现一次性告知如下" asked
    for the fifth copy and not for the electronic copy, so the applicant would be sent a second notice. Both go in one."""
    from tests.helpers import case_text

    row = {"申报编号": "G-1", "企业名称": "南阳示例建材有限公司", "事项": "N-02", "收件日期": "2024-05-06", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "", "不予受理理由": "", "决定": "", "决定理由": "",
           "自评价报告": "是", "第三方评估报告": "是", "纸质份数": 4, "电子稿": "否", "上报日期": ""}
    # a row waiting for the office's first answer: an accepted, recommended row gets no notice (h96)
    result = run_cli("check", write_json(tmp_path / "n02.json", [row]), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    copies = _finding(tmp_path / "out", "G-1", "APP-GREEN-COPIES")
    assert (copies["outcome"], copies["message"], copies["remedy"]) == (
        "fail", "纸质材料 4 份，少于一式 5 份，且没有电子稿。", "请补足纸质材料至一式 5 份，并补交申报材料电子稿。")
    html = case_text(tmp_path / "out", "G-1")
    # the notice's text is set solid as a letter is (h155); the reviewer's finding above keeps its spaces
    assert "需补正：请补足纸质材料至一式5份，并补交申报材料电子稿。" in html[html.index("申报材料补正告知书</h2>"):]


def test_a_supervision_entry_without_a_project_name_covers_the_enterprises_project(tmp_path):
    """Seed 002:77 "对投资500万元以上的工业项目进行督导、协调" (L-03, MON-500W): a project over the threshold must be
    on the supervision list, matched by the USCC and, where the list names a project, by the project too. When the
    enterprise had one entry naming another project and one entry naming none (the whole enterprise under
    supervision), the project-less entry was dropped and the project reported "不在督导项目清单中". An entry that
    names no project covers the enterprise's projects; the finding passes naming it."""
    lists = write_json(tmp_path / "supervision.json", [
        {"统一社会信用代码": "91130110MA0000302M", "企业名称": "鹿泉示例302有限公司", "项目名称": "鹿泉示例302一期项目",
         "日期": "2021-02-01", "文号": "督导清单（一期）"},
        {"统一社会信用代码": "91130110MA0000302M", "企业名称": "鹿泉示例302有限公司", "项目名称": "",
         "日期": "2021-03-01", "文号": "督导清单（企业）"}])
    row = {"申报编号": "L-1", "企业名称": "鹿泉示例302有限公司", "统一社会信用代码": "91130110MA0000302M",
           "项目名称": "鹿泉示例302二期项目", "项目总投资（万元）": 1200}
    finding = _mon_500w(tmp_path, row, lists)
    assert (finding["outcome"], finding["message"]) == (
        "pass", "项目总投资 1200 万元，已在督导项目清单中：鹿泉示例302有限公司，日期 2021-03-01，文号 督导清单(企业)。")


def test_a_ledger_naming_its_item_as_the_duty_list_does_is_read(tmp_path):
    """Seed 004:20-29 lists the items by name (国家中小企业发展专项资金项目初审, 省级工业新产品综合评价…): that is how an
    office writes 事项 in its 受理台账, not N-04. Such a row was an INP-ITEM error ("不是受理台账的事项") and needed
    review, and an N-06 row (2-day notice period, seed 004:75) named so in an N-04 run was decided under N-04's
    3 days without saying it was another item. The item's name reads as its code."""
    from checker.check.facts.ledger import ITEM_NAMES
    from checker.core.rulebook import load_rulebook

    book = load_rulebook()
    assert {key: book.workflow(key).title["zh"] if isinstance(book.workflow(key).title, dict) else book.workflow(key).title.zh
            for key in ITEM_NAMES.values()} == {key: name for name, key in ITEM_NAMES.items()}
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "国家中小企业发展专项资金项目初审", "收件日期": "2024-03-04",
           "补正告知日期": "", "补正告知次数": 0, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    result = run_cli("check", write_json(tmp_path / "n04.json", [row]), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["item"], c["verdict"]) for c in summary["cases"]] == [("P-1", "N-04", "compliant")]
    other = dict(row, 事项="省级工业新产品综合评价", 现场核查日期="", 现场核查人员="")
    result = run_cli("check", write_json(tmp_path / "n06.json", [other]), "--workflow", "N-04", "--out", tmp_path / "b", "--quiet")
    finding = _finding(tmp_path / "b", "P-1", "INP-ITEM")
    assert finding["message"] == "JSON#1.事项 的事项为 N-06，与本次审核指定的事项 N-04 不同；本行按 N-06 审核，请确认台账是否混入了其他事项。"


def test_a_refusal_without_reasons_under_n04_is_judged_by_its_own_section(tmp_path):
    """APP-REFUSAL-REASONS under N-04 printed "不予受理，但台账未记载不予受理的理由" with the 依据
    “提出意见，准予许可或者不准予许可” (004:60), which says nothing about reasons. The N-04 受理 text (004:59) asks
    only for a sealed, dated 书面凭证 on refusal (APP-ACCEPT-RECEIPT checks it); unlike the other items (004:36, 44,
    ...) it does not say 不予受理的依法告知理由. Decision (v3): under N-04 and N-06 the reasons for 不予受理 are not
    required; the finding says so and is not applicable. Under N-05 (004:69) they still are."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "不予受理", "受理凭证": "是", "不予受理理由": "", "决定": "", "决定理由": ""}
    run_cli("check", write_json(tmp_path / "n04.json", [row]), "--workflow", "N-04", "--out", tmp_path / "n04", "--quiet")
    finding = _finding(tmp_path / "n04", "P-1", "APP-REFUSAL-REASONS")
    assert (finding["outcome"], finding["message"]) == (
        "not_applicable", "不予受理（受理结果“不予受理”）：本事项的受理规定要求出具加盖专用印章并注明日期的书面凭证"
                          "（见受理凭证一项），未要求另行告知理由，本项不适用。")
    assert _finding(tmp_path / "n04", "P-1", "APP-ACCEPT-RECEIPT")["outcome"] == "pass"
    n05 = dict(row, 事项="N-05")
    run_cli("check", write_json(tmp_path / "n05.json", [n05]), "--workflow", "N-05", "--out", tmp_path / "n05", "--quiet")
    finding = _finding(tmp_path / "n05", "P-1", "APP-REFUSAL-REASONS")
    assert (finding["outcome"], finding["message"]) == ("fail", "不予受理，但台账未记载不予受理的理由。")


def test_an_objection_found_true_before_the_announcement_fails(tmp_path):
    """Seed 004:82 (N-07): "无异议后予以公告". The ledger's 异议处理结果 "经核查异议属实" (the objection was found true)
    was read as resolved: the announcement passed DISC-ANNOUNCE-NO-OBJECTION. Only "成立" counted as upheld. 属实 is
    upheld too; "异议内容不属实" is not."""
    rows = [_n07_row(申报编号="P-1", 异议数=1, 异议处理结果="经核查异议属实"),
            _n07_row(申报编号="P-2", 异议数=1, 异议处理结果="经核查，异议内容不属实")]
    result = run_cli("check", write_json(tmp_path / "n07.json", rows), "--workflow", "N-07", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    upheld = _finding(tmp_path / "out", "P-1", "DISC-ANNOUNCE-NO-OBJECTION")
    assert (upheld["outcome"], upheld["message"]) == (
        "fail", "公示收到异议 1 件，处理结果为“经核查异议属实”（异议成立），仍于 2025-04-08 公告。")
    assert _finding(tmp_path / "out", "P-2", "DISC-ANNOUNCE-NO-OBJECTION")["outcome"] == "pass"


@pytest.mark.parametrize(("result_text", "detail"), [("处理中", "异议处理结果：处理中"), ("经核查异议属实", "异议处理结果：经核查异议属实")])
def test_w08_recognition_after_an_objection_still_open_or_found_true_fails(tmp_path, result_text, detail):
    """Seed 001:2827 (W-08 stage 1): "公示无异议的行文认定". The round audit took any text in 异议处理结果 as the
    objection handled: an objection "处理中" (still being handled) or "经核查异议属实" (found true) before the
    行文认定 passed DISC-NO-OBJECTION-GATE. Both fail: the recognition did not follow a 公示 without objection."""
    import copy

    from checker.core.rulebook import load_rulebook
    from tests.helpers import ROUNDS

    record = copy.deepcopy(load_rulebook().bases["W-08-compliant"])
    record["公示"][0].update({"异议数": 1, "异议处理结果": result_text})
    path = write_json(tmp_path / "r.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code in (0, 1), result.output
    finding = next(f for f in read_json(tmp_path / "out" / "round.json")["findings"] if f["rule_id"] == "DISC-NO-OBJECTION-GATE")
    assert (finding["outcome"], finding["grade"]) == ("fail", "noncompliant")
    assert detail in finding["message"]


def test_a_listed_kind_followed_by_its_count_belongs_to_the_list(tmp_path):
    """A round condition of type 文本列表 (README "Round conditions": 属于 passes when at least one item is in 值).
    Districts write the count after each kind: 知识产权类别 "发明专利3项、软件著作权（5件）". No item equalled a listed
    word, so the condition failed: "知识产权类别为 发明专利3项、软件著作权(5件)，不符合本条件" - with a blocking
    condition, a 不予受理告知书 for an applicant holding exactly the listed kinds. A trailing count is not part of the kind."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text(
        "通知: {文号: 示例〔2021〕1号}\n条件:\n  - {条件编号: 7, 条件: 拥有有效知识产权, 列名: 知识产权类别, 类型: 文本列表, 比较: 属于, "
        "值: 发明专利、实用新型专利、外观设计专利、软件著作权}\n", encoding="utf-8")

    clean = _w12_row()
    rows = [dict(clean, 申报编号="X-1", 知识产权类别="发明专利3项、软件著作权（5件）"), dict(clean, 申报编号="X-2", 知识产权类别="商标2件")]
    result = _check_w12(tmp_path, rows, "--conditions", conditions)
    assert result.exit_code == 1, result.stderr
    held = _finding(tmp_path / "out", "X-1", "COND-7")
    assert held["outcome"] == "pass", held["message"]
    assert _finding(tmp_path / "out", "X-2", "COND-7")["outcome"] == "fail"


def test_a_deficiency_notice_dated_当场_is_a_notice_on_the_day_of_receipt(tmp_path):
    """Seed 004:59 "应当当场或 3 日内一次告知申请人需要补正的全部内容". A clerk who told the applicant at the counter
    writes 当场 in 补正告知日期 - the duty list's own word. It was an unreadable date (INP-DATE) and the deadline
    rule "missing": the row needed review for the most punctual notice there is. 当场 is the 收件日期, and says so."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "当场",
           "补正告知次数": 1, "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    result = run_cli("check", write_json(tmp_path / "n04.json", [row]), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    document = read_case(tmp_path / "out", "P-1")
    assert [f["rule_id"] for f in document["findings"] if f["rule_id"].startswith("INP-")] == []
    deadline = _finding(tmp_path / "out", "P-1", "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert deadline["outcome"] == "pass"
    assert deadline["message"].startswith("收件日期 2024-03-04，补正告知日期 2024-03-04，为收件当日（当场告知），")
    assert deadline["evidence"]["deficiency_notice_on_note"] == "“当场”即收件当日"


def test_an_application_reports_unchecked_items_are_the_application_checks_not_the_round_audits(tmp_path):
    """Every W-12 application report (and summary.xlsx 说明) listed as 未核对事项 "事前报告表的填写内容…未核对：
    轮次记录不含表格内容" and "纪检组是否实际列席党组会…" - the round audit's caveats (there is no 轮次记录 in a check
    run), while what the application check really leaves to the reviewer (the documents' contents: seed 001:4054
    "附相关证明材料，并对申报材料真实性予以承诺") went unsaid. The application check states its own gaps; the round
    audit keeps its list."""
    from checker.core.rulebook import load_rulebook
    from tests.helpers import ROOT

    result = run_cli("check", ROOT / "samples/check/W-13_applications.xlsx", "--workflow", "W-13", "--as-of", "2021-06-30",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    assert read_json(tmp_path / "out" / "summary.json")["not_checked"] == [
        "申报材料、证明材料和区市推荐文件的内容与真实性未核对：申报汇总表只记载其有无、文号和审核意见，由审核人对照原件核实。",
        "专家评审、“三重一大”报告、党组会、公示与归档等决策程序属轮次审计（fundcheck audit），不在申报审核中核对。",
        "弄虚作假的调查与取消认定资格属事后处理：申报审核只按所给的弄虚作假查实名单核对。",
        "本轮申报通知规定的申报条件（成立年限、营业收入、研发投入占比等）未核对：未提供本轮申报条件文件。"]
    book = load_rulebook()
    for workflow in ("W-01", "W-02", "W-03", "W-06", "W-07", "W-08", "W-09", "W-10", "W-12", "W-13", "W-14", "W-15", "W-16"):
        assert not any("轮次记录" in note or "纪检组" in note for note in book.workflow(workflow).not_checked), workflow
        assert any("轮次记录不含表格内容" in note for note in book.workflow(workflow).profile["not_checked"]), workflow


def test_a_missing_truthfulness_pledge_is_asked_for_not_refused(tmp_path):
    """Seed 001:4054 "申报单位根据通知编写项目申报材料，附相关证明材料，并对申报材料真实性予以承诺": the pledge is part of
    the materials, and missing material is asked for at once ("材料不全或不符合有关要求的，一次告知", 001:2403; the
    Nanyang lists' "一次性告知补正材料"). A W-12 applicant whose 真实性承诺 is 否 got a 不予受理告知书 ("决定不予受理。
    理由如下：申报材料真实性承诺…") - refused for a paper it can send, while the rule's own remedy says "请提交…承诺书",
    and a handling ledger's missing report gets a 补正告知书. It gets a 补正告知书 asking for the pledge; a failed
    eligibility condition (ELIG-, a round condition) is still refused."""
    from tests.helpers import ROOT, case_text

    result = run_cli("check", ROOT / "samples/check/W-12_applications.xlsx", "--workflow", "W-12", "--as-of", "2021-06-30",
                     "--credit-list", ROOT / "samples/check/registers/credit.csv", "--out", tmp_path / "out", "--quiet",
                     "--per-case", "all")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "W12-02")
    notice = html[html.index('<h2 class="notice-title">'):]
    assert notice.startswith('<h2 class="notice-title">申报材料补正告知书</h2>'), notice[:80]
    assert "需补正：请提交由法定代表人签字并加盖公章的申报材料真实性承诺书。" in notice
    assert [c["verdict"] for c in read_json(tmp_path / "out" / "summary.json")["cases"] if c["case_id"] == "W12-02"] == ["ineligible"]


def test_a_ledgers_index_groups_its_rows_by_item_in_the_ledgers_words(tmp_path):
    """index.html of a 受理台账 run grouped every row under "（未填写所在区市）" - a district bureau's ledger has no
    所在区市 - and told the reader that "不符合条件和需人工复核的申报附有…一次性告知书", the applicant's vocabulary,
    while the verdicts are the office's (合规/不合规) and an office failure carries no notice. summary.xlsx already
    groups a ledger by 事项; the index does too, and says what its reports hold."""
    from tests.helpers import ROOT

    result = run_cli("check", ROOT / "samples/ledgers/N-04_受理台账.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "未填写所在区市" not in page and "不符合条件和需人工复核的申报" not in page
    assert "<thead><tr><th>事项</th><th>合规</th><th>不合规</th><th>需人工复核</th><th>合计</th></tr></thead>" in page
    assert '<h2 id="d1">N-04 国家中小企业发展专项资金项目初审（8 件）</h2>' in page and '<h2 id="d2">N-06 省级工业新产品综合评价（1 件）</h2>' in page


def _sector_outcomes(tmp_path, condition_5: str, condition_9: str, sectors: list[str]) -> list[tuple[str, str]]:
    """(COND-5's outcome, COND-9's) for W-12 applications of the given 所属行业, under two 文本 conditions
    on 所属行业 (each written as its YAML mapping's 条件, 类型, 比较, 值)."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text(
        "通知: {文号: 示例〔2021〕1号}\n条件:\n"
        f"  - {{条件编号: 5, 列名: 所属行业, {condition_5}}}\n"
        f"  - {{条件编号: 9, 列名: 所属行业, {condition_9}}}\n", encoding="utf-8")
    clean = _w12_row()
    rows = [dict(clean, 申报编号=f"X-{number}", 所属行业=sector) for number, sector in enumerate(sectors, 1)]
    result = _check_w12(tmp_path, rows, "--conditions", conditions)
    assert result.exit_code == 1, result.stderr
    return [(_finding(tmp_path / "out", f"X-{number}", "COND-5")["outcome"], _finding(tmp_path / "out", f"X-{number}", "COND-9")["outcome"])
            for number in range(1, len(sectors) + 1)]


def test_a_text_condition_reads_past_a_bracketed_note_after_the_listed_word(tmp_path):
    """A 文本 condition 属于 (README: compared with the words listed in 值): districts write the sector with its
    sub-sector in brackets, 所属行业 "制造业（通用设备制造业）". It failed "所属行业为 制造业(通用设备制造业)，不符合本条件
    （属于 制造业、软件和信息技术服务业）" - a notice to a manufacturer that it is not in manufacturing. The bracketed
    note is not part of the sector; "建筑业（房屋建筑）" still fails, and a 不属于 exclusion catches "房地产业（住宅开发）"."""
    outcomes = _sector_outcomes(
        tmp_path, "条件: 主营业务属于制造业或软件和信息技术服务业, 类型: 文本, 比较: 属于, 值: 制造业、软件和信息技术服务业",
        "条件: 房地产企业不得申报, 类型: 文本, 比较: 不属于, 值: 房地产业", ["制造业（通用设备制造业）", "建筑业（房屋建筑）", "房地产业（住宅开发）"])
    assert outcomes == [("pass", "pass"), ("fail", "pass"), ("fail", "fail")]


def test_a_text_condition_equal_to_one_word_reads_past_a_bracketed_note_as_belonging_does(tmp_path):
    """The same sector written with its sub-sector, under 比较 = (one word) rather than 属于: 所属行业
    "制造业（通用设备制造业）" failed "= 制造业" (the whole cell compared), while 属于 制造业 passed it. A
    note saying the sector is no longer held (制造业（已停产）) and another text (制造业企业) still fail; ≠ mirrors =."""
    outcomes = _sector_outcomes(
        tmp_path, "条件: 主营业务为制造业, 类型: 文本, 比较: =, 值: 制造业", "条件: 房地产企业不得申报, 类型: 文本, 比较: ≠, 值: 房地产业",
        ["制造业（通用设备制造业）", "制造业（已停产）", "制造业企业", "房地产业（住宅开发）", "制造业"])
    # h151 (intended): 制造业企业 names no industry of GB/T 4754-2017, so under = 制造业 and ≠ 房地产业 alike it needs review
    assert outcomes == [("pass", "pass"), ("fail", "pass"), ("missing", "missing"), ("fail", "fail"), ("pass", "pass")]


def test_an_instructions_sheet_in_front_of_the_ledger_is_passed_over(tmp_path):
    """Offices keep a 填表说明 sheet in front of the table (an empty Sheet1 too). The run stopped (exit 2): "工作表
    填表说明 前 10 行中没有可识别的列名". When the first visible sheet holds no known header, the first other visible
    sheet that does is the table; every cell reference names it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["本表由受理窗口填写，每件申请一行。"])
    table = book.create_sheet("受理台账")
    table.append(["申报编号", "企业名称", "事项", "收件日期", "补正告知日期", "补正告知次数", "受理结果", "受理凭证", "不予受理理由", "决定", "决定理由"])
    table.append(["P-1", "南阳示例有限公司", "N-04", "2024-03-04", "2024-03-11", 1, "受理", "是", "", "准予", ""])
    book.save(tmp_path / "ledger.xlsx")
    result = run_cli("check", tmp_path / "ledger.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["sheet"], [c["verdict"] for c in summary["cases"]]) == ("受理台账", ["noncompliant"])
    late = _finding(tmp_path / "out", "P-1", "APP-DEFICIENCY-NOTICE-DEADLINE")
    assert late["evidence"]["sources"]["deficiency_notice_on"] == "受理台账!E2"


def test_an_acceptance_with_a_note_is_an_acceptance(tmp_path):
    """Seed 004:59 "（2）…或申请人按本行政机关的要求提交全部补正申请材料的，予以受理". The clerk records an acceptance
    after correction as 受理（补正后）: it was "无法判断（应为受理或不予受理）" and APP-ACCEPT-RECEIPT missing, the row
    needing review. A bracketed note after 受理 leaves it an acceptance."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "2024-03-05",
           "补正告知次数": 1, "受理结果": "受理（补正后）", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    result = run_cli("check", write_json(tmp_path / "n04.json", [row]), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    receipt = _finding(tmp_path / "out", "P-1", "APP-ACCEPT-RECEIPT")
    assert (receipt["outcome"], receipt["message"]) == ("pass", "受理结果为“受理（补正后）”，已出具加盖专用印章并注明日期的书面凭证。")


def test_a_refusal_notice_does_not_tell_the_applicant_that_no_reference_date_was_given(tmp_path):
    """W-01 run without --as-of: the 不予受理告知书 read "…不在冲击新目标后备库企业名单中（参考日期 （未给出））" - the
    reviewer's own bookkeeping (README: the applicant's copy holds no notes for reviewers) in a letter to the
    applicant. The reviewer's report keeps it; the notice does not."""
    from tests.helpers import ROOT, case_text

    result = run_cli("check", ROOT / "samples/check/W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", "智能制造、新材料、电子信息",
                     "--reserve-pool", ROOT / "samples/check/registers/reserve_pool.csv", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "W01-07")
    notice = html[html.index('<h2 class="notice-title">不予受理告知书</h2>'):]
    # the notice's text is set solid as a letter is (h155)
    assert "统一社会信用代码91371002MA0000108F不在冲击新目标后备库企业名单中。" in notice and "未给出" not in notice
    assert "（参考日期 （未给出））" in html[:html.index('<h2 class="notice-title">')]


def test_a_w04_refusal_speaks_of_the_acceptance_conditions_not_a_rounds(tmp_path):
    """W-04 (进口设备免税确认) is handled application by application under fixed 受理条件 (seed 001:2397 "(二) 受理条件：
    属于《产业结构调整指导目录(2019 年本)》中鼓励类内资项目…"); there is no round and no round notice. Its 不予受理告知书
    read "你单位不符合本轮申报条件". It says 不符合受理条件; a round's workflow keeps 本轮申报条件."""
    from tests.helpers import ROOT, case_text

    result = run_cli("check", ROOT / "samples/check/W-04_applications.xlsx", "--workflow", "W-04",
                     "--catalogue", ROOT / "samples/catalogue/encouraged_catalogue_sample.csv", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    html = case_text(tmp_path / "out", "W04-02")
    assert "经审核，你单位不符合受理条件，决定不予受理。" in html and "本轮" not in html
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "本轮申报条件" not in notices


def test_a_conditions_value_listed_with_commas_is_several_words(tmp_path):
    """A round condition 属于 with 值 "制造业，软件和信息技术服务业" (the notice's wording copied with a comma) was one word
    "制造业,软件和信息技术服务业": no applicant's 所属行业 could match it, and with the default severity (否决) every
    manufacturer got a 不予受理告知书; `fundcheck conditions check` passed the file. Commas separate the words as 、 does."""
    from checker.check.conditions.read import load_conditions

    path = tmp_path / "c.yaml"
    path.write_text("通知: {文号: 示例〔2021〕1号}\n条件:\n  - {条件编号: 5, 条件: 主营业务属于制造业或软件和信息技术服务业, 列名: 所属行业, "
                    "类型: 文本, 比较: 属于, 值: 制造业，软件和信息技术服务业}\n", encoding="utf-8")
    conditions = load_conditions(path)
    assert conditions.conditions[0].words == ("制造业", "软件和信息技术服务业")


def test_a_column_missing_from_a_ledger_is_said_to_be_missing_from_the_ledger(tmp_path):
    """A 受理台账 without 上报日期 (read only by the advisory APP-GREEN-DEADLINE, seed 004:44 "7 月底前报省") said
    "申报表中没有“上报日期”列" - the office's ledger is no 申报表, and a clerk looking for that sheet finds none.
    It names the ledger."""
    row = {"申报编号": "G-1", "企业名称": "南阳示例建材有限公司", "事项": "N-02", "收件日期": "2024-05-06", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "决定": "推荐", "决定理由": "",
           "自评价报告": "是", "第三方评估报告": "是", "纸质份数": 5, "电子稿": "是"}
    result = run_cli("check", write_json(tmp_path / "n02.json", [row]), "--workflow", "N-02", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    deadline = _finding(tmp_path / "out", "G-1", "APP-GREEN-DEADLINE")
    assert (deadline["outcome"], deadline["message"]) == ("not_applicable", "台账中没有“上报日期”列，本项未核对（整批）。")
    assert "台账中没有“上报日期”列：“每年7月底前报省”未核对。" in read_json(tmp_path / "out" / "summary.json")["not_checked"]


def test_a_receipt_recorded_as_已出具_is_a_yes(tmp_path):
    """Seed 004:59: "予以受理，并向申请人出具加盖本行政机关专用印章和注明日期的书面凭证". The clerk records the receipt
    in the seed's own verb: 受理凭证 "已出具" (or "未出具"). It was unreadable (INP-YESNO) and the row needed review."""
    row = {"申报编号": "P-1", "企业名称": "南阳示例有限公司", "事项": "N-04", "收件日期": "2024-03-04", "补正告知日期": "",
           "补正告知次数": 0, "受理结果": "受理", "受理凭证": "已出具", "不予受理理由": "", "决定": "准予", "决定理由": ""}
    rows = [row, dict(row, 申报编号="P-2", 受理凭证="未出具")]
    result = run_cli("check", write_json(tmp_path / "n04.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    assert [(c["case_id"], c["verdict"]) for c in read_json(tmp_path / "out" / "summary.json")["cases"]] == [
        ("P-1", "compliant"), ("P-2", "noncompliant")]


def test_a_money_column_headed_单位_元_is_read_in_yuan(tmp_path):
    """A round condition 金额（万元） ≥ 1000 (“上年度营业收入1000万元以上”) on a column headed the way Chinese spreadsheets
    head it, "上年度营业收入（单位：元）": the unit was not recognised ("列名未注明单位，按万元读取"), so 9,000,000 元 (900 万元)
    was read as 9,000,000 万元 and passed. （单位：元）, （人民币元） and （万元人民币） state the unit as （元） does."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text("通知: {文号: 示例〔2021〕1号}\n条件:\n  - {条件编号: 2, 条件: 上年度营业收入1000万元以上, "
                          "列名: 上年度营业收入（单位：元）, 类型: 金额（万元）, 比较: ≥, 值: 1000}\n", encoding="utf-8")
    clean = _w12_row()
    clean.pop("上年度营业收入（万元）", None)
    rows = [dict(clean, 申报编号="X-1", **{"上年度营业收入（单位：元）": 9000000}),
            dict(clean, 申报编号="X-2", **{"上年度营业收入（单位：元）": 12000000})]
    result = _check_w12(tmp_path, rows, "--conditions", conditions)
    assert result.exit_code == 1, result.stderr
    low, high = (_finding(tmp_path / "out", case, "COND-2") for case in ("X-1", "X-2"))
    assert (low["outcome"], high["outcome"]) == ("fail", "pass")
    assert low["message"].startswith("上年度营业收入（单位：元）填写为 900 万元"), low["message"]  # h151's wording


def test_an_amount_header_written_with_单位_is_the_contract_column(tmp_path):
    """L-03 (seed 002:77 "对投资500万元以上的工业项目进行督导"): a district's sheet headed "项目总投资（单位：元）" - the usual
    Chinese way of stating a unit - was an unknown column: MON-500W (which reads 项目总投资) was not checked for the whole
    batch. （单位：元） is （元）: the column is read and converted (8,000,000 元 = 800 万元)."""
    lists = write_json(tmp_path / "supervision.json", [
        {"统一社会信用代码": "91130110MA0000301J", "企业名称": "鹿泉示例301有限公司", "日期": "2021-02-01", "文号": "督导清单"}])
    row = {"申报编号": "L-1", "企业名称": "鹿泉示例301有限公司", "统一社会信用代码": "91130110MA0000301J",
           "项目名称": "技改项目", "项目总投资（单位：元）": 8000000}
    finding = _mon_500w(tmp_path, row, lists)
    assert (finding["outcome"], finding["message"]) == ("pass", "项目总投资 800 万元，已在督导项目清单中：鹿泉示例301有限公司，日期 2021-02-01，文号 督导清单。")


def test_a_row_still_under_review_is_not_faulted_for_a_joint_finance_review_not_yet_due(tmp_path):
    """Seed 004:36 (N-01): "会同同级财政部门组织做好项目申报和推荐工作，按程序联合上报申请材料" - the joint review and the
    joint report close the handling (after 受理 → 材料初审 → 评审公示, 004:36-38). A ledger exported mid-way, a row
    accepted and not yet decided with 联合财政审核 "否", was noncompliant ("台账记载未会同同级财政部门联合审核"). Until a
    decision is made the step is not due: not applicable; once decided, "否" still fails."""
    base = {"申报编号": "P-1", "企业名称": "南阳示例装备有限公司", "统一社会信用代码": "91411303MA0000101M", "事项": "N-01",
            "收件日期": "2025-03-03", "补正告知日期": "",
            "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "决定": "", "决定理由": "", "现场核查日期": "",
            "现场核查人员": "", "联合财政审核": "否"}
    rows = [base, dict(base, 申报编号="P-2", 决定="准予")]
    result = run_cli("check", write_json(tmp_path / "n01.json", rows), "--workflow", "N-01", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    pending, decided = (_finding(tmp_path / "out", case, "APP-JOINT-FINANCE-REVIEW") for case in ("P-1", "P-2"))
    assert (pending["outcome"], pending["message"]) == ("not_applicable", "尚未作出决定（决定空白），联合审核、联合上报尚未到期。")
    assert (decided["outcome"], decided["message"]) == ("fail", "台账记载未会同同级财政部门联合审核。")


def test_supporting_evidence_written_as_无附件_is_none_attached(tmp_path):
    """Seed 001:4054 "申报单位根据通知编写项目申报材料，附相关证明材料". A district writes 证明材料 "无附件" or "暂未提供":
    only the bare 无 was read as nothing attached; these passed APP-SUPPORTING-EVIDENCE ("已列明所附证明材料：无附件")."""
    clean = _w12_row()
    rows = [dict(clean, 申报编号="X-1", 证明材料="无附件"), dict(clean, 申报编号="X-2", 证明材料="暂未提供"),
            dict(clean, 申报编号="X-3", 证明材料="无线通信产品检测报告")]
    result = _check_w12(tmp_path, rows)
    assert result.exit_code == 1, result.stderr
    found = [(_finding(tmp_path / "out", case, "APP-SUPPORTING-EVIDENCE")["outcome"],
              _finding(tmp_path / "out", case, "APP-SUPPORTING-EVIDENCE")["message"]) for case in ("X-1", "X-2", "X-3")]
    assert found == [("fail", "证明材料栏写明未附（无附件）。"), ("fail", "证明材料栏写明未附（暂未提供）。"),
                     ("pass", "已列明所附证明材料：无线通信产品检测报告。")]


def test_an_approval_cell_saying_there_is_none_is_not_a_document_number(tmp_path):
    """Seed 001:2417 W-05 受理条件 "核准或备案手续齐全": a district writes 核准（备案）文号 "无核准文件" or "暂无备案"; only the
    words in a fixed list (无, 暂无, 无备案…) or a leading 未/正在/尚未 were read as not done, so these passed
    ELIG-APPROVAL-FILING ("已填报核准/备案文号“无核准文件”") and the case was eligible."""
    from tests.helpers import ROOT

    first = read_json(ROOT / "samples/w05_applications.json")[0]
    rows = [dict(first, 申报编号="A-1", **{"核准（备案）文号": "无核准文件"}), dict(first, 申报编号="A-2", **{"核准（备案）文号": "暂无备案"})]
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.stderr
    for case, written in (("A-1", "无核准文件"), ("A-2", "暂无备案")):
        finding = _finding(tmp_path / "out", case, "ELIG-APPROVAL-FILING")
        assert (finding["outcome"], finding["message"]) == ("fail", f"核准/备案情况填写为“{written}”，手续未办理齐全。")
