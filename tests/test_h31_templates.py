"""A clerk fills the blank workbooks `fundcheck template` writes, exactly as their notes say, and
runs the matching command on them: the template must hold every column the verdict depends on."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tests.helpers import all_cases, run_cli


def _fill(path, rows: list[dict]) -> list[str]:
    """Write ``rows`` under the template's own headers (a header the template lacks is not added);
    returns the headers."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            sheet.cell(row=number, column=column).value = row.get(header)
    workbook.save(path)
    return headers


def _findings(out, rule: str) -> dict[str, tuple[str, str]]:
    return {case["case_id"]: next((f["outcome"], f["message"]) for f in case["findings"] if f["rule_id"] == rule)
            for case in all_cases(out)}


def test_the_n03_ledger_template_has_the_written_notice_a_refusal_is_judged_on(tmp_path):
    """004:57 对于不予行政许可的，书面告知申请单位或企业：APP-REFUSAL-REASONS fails an N-03 refusal whose
    书面告知 is not 是, so the N-03 template must let the clerk record it (it had no such column:
    every refusal of a template-made ledger was noncompliant)."""
    path = tmp_path / "N-03.xlsx"
    assert run_cli("template", "check", "--workflow", "N-03", "--out", path).exit_code == 0
    base = {"企业名称": "某煤矿", "补正告知次数": 0, "受理结果": "受理", "决定": "不准予", "决定理由": "闭坑报告地质资料不完善"}
    headers = _fill(path, [{**base, "申报编号": "N3-1", "书面告知": "是"}, {**base, "申报编号": "N3-2", "书面告知": "否"}])
    assert "书面告知" in headers
    info = [[c.value for c in row] for row in load_workbook(path)["说明"].iter_rows()]
    assert ["书面告知", "书面告知：是/否（或 有/无、已签署/未签署、Y/N）", "选填", "不予受理或不准予的依法告知理由"] in info
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "N-03", "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    assert _findings(out, "APP-REFUSAL-REASONS") == {
        "N3-1": ("pass", "不予受理或不准予的，已记载理由（不予受理理由：空白；决定理由：闭坑报告地质资料不完善）。"),
        "N3-2": ("fail", "不予许可（决定“不准予”），但台账未记载已书面告知申请单位或企业（书面告知：否）。"),
    }


def test_the_n08_ledger_template_has_the_level_that_keeps_provincial_rows_out_of_the_national_cap(tmp_path):
    """004:86 caps the national recognition's recommendations (4 where the province runs its own);
    the item is 国家及省级: a 省级 row is not counted. The N-08 template had no 申报级别 column, so
    four national and two provincial recommendations of 2024 were all six counted and failed."""
    path = tmp_path / "N-08.xlsx"
    assert run_cli("template", "check", "--workflow", "N-08", "--out", path).exit_code == 0
    rows = [{"申报编号": f"T-{n}", "企业名称": f"南阳企业{n}", "补正告知次数": 0, "受理结果": "受理", "决定": "推荐",
             "现场核查日期": dt.date(2024, 7, 8), "现场核查人员": "张伟、李娜", "上报日期": dt.date(2024, 8, 1), "省级方案": "是",
             "单位类别": "省（自治区、直辖市）", "受理日期": dt.date(2024, 7, 2),
             "决定日期": dt.date(2024, 7, 20), "申报级别": "国家级" if n <= 4 else "省级"} for n in range(1, 7)]
    headers = _fill(path, rows)
    assert "申报级别" in headers
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "N-08", "--out", out, "--quiet")
    assert result.exit_code == 0, result.stderr
    provincial = ("not_applicable", "本行申报级别为省级：推荐名额（各省推荐不超过 3 家等）是国家技术创新示范企业认定的名额，省级推荐不适用，也不计入该名额。")
    assert _findings(out, "APP-RECOMMEND-CAP") == {
        **{f"T-{n}": ("pass", "本事项 2024 年度推荐 4 家，未超过名额。") for n in range(1, 5)},
        "T-5": provincial, "T-6": provincial,
    }


def _w12_template_of_two(tmp_path, prefix: str):
    """The W-12 check template, filled with two applications (<prefix>-1 and -2) as it asks: no date."""
    path = tmp_path / "W-12.xlsx"
    assert run_cli("template", "check", "--workflow", "W-12", "--out", path).exit_code == 0
    base = {"企业名称": "甲公司", "所在区市": "环翠区", "真实性承诺": "是", "推荐文号": "威环工信字〔2021〕3号", "证明材料": "营业执照",
            "区市初审意见": "通过", "市级复审意见": "符合"}
    _fill(path, [{**base, "申报编号": f"{prefix}-1", "统一社会信用代码": "91371002MA3D0001X0"},
                 {**base, "申报编号": f"{prefix}-2", "统一社会信用代码": "91371002MA3D0002X1"}])
    return path


def test_a_listed_disqualification_is_not_passed_when_the_run_has_no_reference_date(tmp_path):
    """The W-12 template has no 申报日期 and --as-of is optional: with no reference date the case was
    judged on the last day there is, by which every 取消申报资格 has run out, so an enterprise
    disqualified from 2020-05-01 for two years passed ELIG-NOT-DEBARRED ("在参考日期不在…期内")."""
    path = _w12_template_of_two(tmp_path, "D")
    debarments = tmp_path / "debarments.csv"
    debarments.write_text("统一社会信用代码,专项名称,起始日期,期限（年）\n91371002MA3D0001X0,专精特新奖励资金,2020-05-01,2\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "W-12", "--debarments", debarments, "--fund-name", "专精特新奖励资金",
                     "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    assert _findings(out, "ELIG-NOT-DEBARRED") == {
        "D-1": ("missing", "统一社会信用代码 91371002MA3D0001X0 在取消申报资格名单中有记录：专精特新奖励资金（自 2020-05-01 起 2 年）；"
                           "但本次核对没有参考日期（未指定参考日期，申报表也没有可识别的申报日期或收件日期），无法判断申报时是否仍在取消申报资格期内。"),
        "D-2": ("pass", "统一社会信用代码 91371002MA3D0002X1 在参考日期不在本专项资金取消申报资格期内。"),
    }
    # with the round's reference date it is decided
    dated = tmp_path / "dated"
    run_cli("check", path, "--workflow", "W-12", "--debarments", debarments, "--fund-name", "专精特新奖励资金",
            "--as-of", "2021-06-30", "--out", dated, "--quiet")
    assert _findings(dated, "ELIG-NOT-DEBARRED")["D-1"] == (
        "fail", "统一社会信用代码 91371002MA3D0001X0 在参考日期处于本专项资金取消申报资格期内：专精特新奖励资金（自 2020-05-01 起 2 年）。")


def test_a_removed_credit_record_is_not_passed_when_the_run_has_no_reference_date(tmp_path):
    """With no reference date a case was judged on the last day there is: a record removed on
    2022-01-01 (移出日期) was out of force then, so the enterprise passed ELIG-CREDIT-CLEAN with
    "无参考日期当日或之前认定的记录" although the record may have stood when it applied."""
    path = tmp_path / "W-12.xlsx"
    assert run_cli("template", "check", "--workflow", "W-12", "--out", path).exit_code == 0
    base = {"企业名称": "甲公司", "所在区市": "环翠区", "真实性承诺": "是", "推荐文号": "威环工信字〔2021〕3号", "证明材料": "营业执照",
            "区市初审意见": "通过", "市级复审意见": "符合"}
    _fill(path, [{**base, "申报编号": "C-1", "统一社会信用代码": "91371002MA3D0001X0"},
                 {**base, "申报编号": "C-2", "统一社会信用代码": "91371002MA3D0002X1"}])
    credit = tmp_path / "credit.csv"
    credit.write_text("统一社会信用代码,记录类型,认定日期,来源,移出日期\n91371002MA3D0001X0,严重失信主体,2019-01-01,信用中国,2022-01-01\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "W-12", "--credit-list", credit, "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    assert _findings(out, "ELIG-CREDIT-CLEAN") == {
        "C-1": ("missing", "统一社会信用代码 91371002MA3D0001X0 在不良信用记录名单中有记录：严重失信主体（认定日期 2019-01-01，来源 信用中国，"
                           "移出日期 2022-01-01）；本次核对没有参考日期（未指定参考日期，申报表也没有可识别的申报日期或收件日期），"
                           "无法判断申报时该记录是否有效。"),
        "C-2": ("pass", "统一社会信用代码 91371002MA3D0002X1 在不良信用记录名单中无参考日期当日或之前认定的记录。"),
    }
    dated = tmp_path / "dated"
    run_cli("check", path, "--workflow", "W-12", "--credit-list", credit, "--as-of", "2021-06-30", "--out", dated, "--quiet")
    assert _findings(dated, "ELIG-CREDIT-CLEAN")["C-1"] == (
        "fail", "统一社会信用代码 91371002MA3D0001X0 在不良信用记录名单中有参考日期当日或之前认定的记录：严重失信主体（认定日期 2019-01-01，来源 信用中国）。")


def test_the_l03_template_does_not_offer_weihai_districts_for_a_luquan_project(tmp_path):
    """L-03 is the 鹿泉区 (河北) bureau's duty (seed 002): its template's 所在区市 offered a drop-down of
    Weihai's districts and told the clerk to write 环翠区、文登区… there."""
    path = tmp_path / "L-03.xlsx"
    assert run_cli("template", "check", "--workflow", "L-03", "--out", path).exit_code == 0
    sheet = load_workbook(path)["申报汇总表"]
    assert [c.value for c in sheet[1]] == ["申报编号", "企业名称", "项目名称", "所在区市", "项目总投资（万元）", "统一社会信用代码", "申报日期"]
    assert sheet["D1"].comment.text == "所在区市：文本"
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == []
    weihai = load_workbook(_template(tmp_path, "W-03"))["申报汇总表"]
    assert weihai["D1"].comment.text == "所在区市：文本（环翠区、文登区、荣成市、乳山市、高区、经区、临港区、南海新区…）"


def _template(tmp_path, workflow: str):
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / f"{workflow}.xlsx"
    assert run_cli("template", "check", "--workflow", workflow, "--out", path).exit_code == 0
    return path


def test_the_round_template_explains_its_funds_column_without_the_catalogue_group_letter(tmp_path):
    """The 说明 sheet told a clerk 是否涉及资金 decides the archive for "第 C 组流程", a grouping of the
    rule catalogue no bureau document uses."""
    path = tmp_path / "round.xlsx"
    assert run_cli("template", "round", "--workflow", "W-12", "--out", path).exit_code == 0
    info = [[c.value for c in row] for row in load_workbook(path)["说明"].iter_rows()]
    assert ["轮次", "是否涉及资金", "是/否；中小企业类流程（W-12…W-16）涉及资金的，须填报并归档《专项资金项目流程审核情况表》"] in info


def test_a_fraud_finding_is_not_held_against_an_application_when_the_run_has_no_reference_date(tmp_path):
    """With no reference date every finding counted, whatever its date: a finding of 2025 made a
    case ineligible, its notice saying "在参考日期前有经调查属实的弄虚作假记录" with no reference date
    at all. A finding the enterprise is listed with now needs the office's reference date."""
    path = _w12_template_of_two(tmp_path, "F")
    findings = tmp_path / "fraud.csv"
    findings.write_text("统一社会信用代码,企业名称,日期,文号\n91371002MA3D0001X0,甲公司,2025-05-22,威工信字〔2025〕30号\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "W-12", "--fraud-findings", findings, "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    assert _findings(out, "ELIG-NO-FRAUD-FINDING") == {
        "F-1": ("missing", "统一社会信用代码 91371002MA3D0001X0 在弄虚作假查实名单中有记录：甲公司，日期 2025-05-22，文号 威工信字〔2025〕30号；"
                           "本次核对没有参考日期（未指定参考日期，申报表也没有可识别的申报日期或收件日期），无法判断该记录是否在申报之前。"),
        "F-2": ("pass", "统一社会信用代码 91371002MA3D0002X1 在参考日期前无弄虚作假查实记录（fraud.csv）。"),
    }
    assert "弄虚作假" not in (out / "告知书汇总.html").read_text(encoding="utf-8")


def test_the_templates_of_workflows_judged_on_lists_have_the_date_the_lists_are_judged_on(tmp_path, book):
    """Credit, debarment, fraud, reserve-pool, recognition and supervision lists are judged on the
    reference date, which without --as-of/--window is each case's 申报日期 (a ledger's 收件日期); the
    templates had neither column, so a clerk filling one exactly had nothing to judge the lists on."""
    expected = {"W-01": "申报日期", "W-08": "申报日期", "W-12": "申报日期", "W-13": "申报日期", "W-14": "申报日期", "W-15": "申报日期",
                "W-16": "申报日期", "L-03": "申报日期", "N-01": "收件日期"}
    for workflow, header in expected.items():
        headers = [c.value for c in load_workbook(_template(tmp_path / "blank", workflow)).worksheets[0][1]]
        assert header in headers, workflow
    path = _template(tmp_path, "W-12")
    base = {"企业名称": "甲公司", "所在区市": "环翠区", "真实性承诺": "是", "推荐文号": "威环工信字〔2021〕3号", "证明材料": "营业执照",
            "区市初审意见": "通过", "市级复审意见": "符合", "统一社会信用代码": "91371002MA3D0001X0"}
    _fill(path, [{**base, "申报编号": "S-1", "申报日期": dt.date(2021, 6, 1)}, {**base, "申报编号": "S-2", "申报日期": dt.date(2022, 6, 1)}])
    debarments = tmp_path / "debarments.csv"
    debarments.write_text("统一社会信用代码,专项名称,起始日期,期限（年）\n91371002MA3D0001X0,专精特新奖励资金,2020-05-01,2\n", encoding="utf-8")
    out = tmp_path / "out"
    run_cli("check", path, "--workflow", "W-12", "--debarments", debarments, "--fund-name", "专精特新奖励资金", "--out", out, "--quiet")
    assert _findings(out, "ELIG-NOT-DEBARRED") == {
        "S-1": ("fail", "统一社会信用代码 91371002MA3D0001X0 在参考日期处于本专项资金取消申报资格期内：专精特新奖励资金（自 2020-05-01 起 2 年）。"),
        "S-2": ("pass", "统一社会信用代码 91371002MA3D0001X0 在参考日期不在本专项资金取消申报资格期内。"),
    }


def test_a_w04_template_recording_the_offices_handling_is_read_as_the_offices_ledger(tmp_path):
    """The W-04 template holds the office's handling columns (补正告知, 初审/复审/上报日期) but no 事项, so
    the run was not a ledger run: two deficiency notices and a 复审 before the 初审, the office's
    failings, made the application itself 不符合条件 (ineligible). A table recording those duties is
    the office's ledger: the office's handling is noncompliant, the applicant's verdict beside it."""
    path = _template(tmp_path, "W-04")
    catalogue = tmp_path / "catalogue.csv"
    catalogue.write_text("目录,类别,条目编号,条目名称\n产业结构调整指导目录,鼓励类,十四、1,高档数控机床\n", encoding="utf-8")
    _fill(path, [{"申报编号": "M-1", "企业名称": "威海丙公司", "项目名称": "数控机床进口", "所在区市": "环翠区", "内资/外资": "内资",
                  "目录条目": "十四、1 高档数控机床", "限额以下": "是", "项目总投资（万元）": 3000, "申报渠道": "山东政务服务网",
                  "补正告知次数": 2, "补正告知日期": "2024-02-20、2024-02-26", "初审日期": dt.date(2024, 3, 5),
                  "复审日期": dt.date(2024, 3, 1), "上报日期": dt.date(2024, 3, 8)}])
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "W-04", "--catalogue", catalogue, "--out", out, "--quiet")
    assert result.exit_code == 1, result.stderr
    (case,) = all_cases(out)
    assert (case["verdict"], case["applicant_verdict"]) == ("noncompliant", "needs_review")
    assert [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"] if f["outcome"] in ("fail", "missing")] == [
        ("ELIG-BELOW-LIMIT", "missing", "申报表填“限额以下”为“是”，但限额数值履职清单未规定、本局尚未设置，无法核对项目总投资 3000 万元是否低于限额。"),
        ("APP-ONE-TIME-DEFICIENCY-NOTICE", "fail", "补正告知日期一栏记有 2 个日期（2024-02-20、2024-02-26），即补正告知 2 次（补正告知次数填“2”），"
                                                 "超过一次性告知的要求（至多 1 次）。"),
        ("APP-REVIEW-ORDER", "fail", "复审日期 2024-03-01 早于初审日期 2024-03-05。"),
    ]


def test_the_round_template_tells_the_clerk_to_delete_a_listed_step_that_did_not_happen(tmp_path):
    """The round template lists the workflow's steps; a clerk whose round skipped the 事前报告 left its
    row undated, as nothing said otherwise, and the audit read it as a step whose date is unknown
    (PROC-3I1L-PRE 待补充, the round 需人工复核) instead of a step not taken (不合规)."""
    path = tmp_path / "round.xlsx"
    assert run_cli("template", "round", "--workflow", "W-12", "--out", path).exit_code == 0
    workbook = load_workbook(path)
    info = [[c.value for c in row] for row in workbook["说明"].iter_rows()]
    assert info[3][0] == ("“流程节点”表已按上述顺序列出本流程的步骤：实际未进行的步骤，请删除该行；只留步骤名称、不填日期的行，"
                          "审计按“日期不详”处理（待补充），而不是按“未进行”处理（不合规）。同一步骤进行多次的，可增加行。")
    assert ["流程节点", "节点", "步骤名称，从下拉列表选择（每个步骤一行；区市推荐等可有多行；实际未进行的步骤删除该行）"] in info
    assert workbook["流程节点"]["A2"].value == "事前报告"


def test_a_round_template_has_a_disclosure_sheet_only_where_the_duty_list_has_a_disclosure(tmp_path):
    """W-12's duty list (001:4040-4070) has no 公示, yet its template had a 公示 sheet, a 公示期 column and
    their notes (h29's leftover); W-08's (001:2827, two stages) keeps them, its stage note naming the
    workflow, not an internal id (两阶段流程（W-08）)."""
    sheets = {}
    for workflow in ("W-12", "W-08"):
        path = tmp_path / f"{workflow}.xlsx"
        assert run_cli("template", "round", "--workflow", workflow, "--out", path).exit_code == 0
        sheets[workflow] = load_workbook(path)
    assert sheets["W-12"].sheetnames == ["轮次", "流程节点", "专家抽取", "归档", "说明"]
    assert "公示期（工作日）" not in [c.value for c in sheets["W-12"]["轮次"][1]]
    assert not [row for row in sheets["W-12"]["说明"].iter_rows(values_only=True) if any("公示" in str(v) for v in row if v)]
    assert sheets["W-08"].sheetnames == ["轮次", "流程节点", "专家抽取", "公示", "归档", "说明"]
    info = [[c.value for c in row] for row in sheets["W-08"]["说明"].iter_rows()]
    assert ["公示", "阶段", "分两个阶段的流程（市级智能工厂和数字化车间申报）填 1 或 2；已列出的阶段未公示的，删除该行"] in info
    assert info[3][0].endswith("“公示”表已列出的阶段同样：该阶段未公示的，请删除该行。")


def test_an_overrides_template_for_w22_without_its_conditions_is_refused(tmp_path):
    """W-22's only rules are the round's conditions: `template check -w W-22` refuses to run without
    --conditions, but `template overrides -w W-22` wrote a file whose 规则编号 drop-down was empty."""
    result = run_cli("template", "overrides", "--workflow", "W-22", "--out", tmp_path / "o.xlsx")
    assert result.exit_code == 2
    assert "流程 W-22 的推荐条件由上级通知确定，须用 --conditions 给出条件文件，模板才有这些条件的规则编号可选。" in result.stderr
    assert not (tmp_path / "o.xlsx").exists()


def test_the_template_keeps_codes_typed_as_digits_as_text(tmp_path):
    """The 统一社会信用代码 and 申报编号 columns were General cells: a spreadsheet turns an all-digit USCC
    typed there (913710020000000011) into a number of 15 significant digits, and 0012 into 12."""
    sheet = load_workbook(_template(tmp_path, "W-12"))["申报汇总表"]
    formats = {c.value: sheet.cell(row=2, column=c.column).number_format for c in sheet[1]}
    assert (formats["申报编号"], formats["统一社会信用代码"], formats["企业名称"]) == ("@", "@", "General")
    ledger = load_workbook(_template(tmp_path, "N-01"))["受理台账"]
    assert [ledger.cell(row=201, column=c.column).number_format for c in ledger[1] if c.value in ("申报编号", "统一社会信用代码")] == ["@", "@"]


def test_a_ledger_run_with_reviewer_decisions_says_its_exit_status_in_the_ledgers_words(tmp_path):
    """The line after the reviewer decisions said 退出码为 0 须两者都全部符合条件 for a handling ledger,
    whose verdicts are 合规/不合规 (the counts on the same line are)."""
    path = _template(tmp_path, "N-04")
    _fill(path, [{"申报编号": "A-1", "企业名称": "甲", "补正告知次数": 0, "收件日期": dt.date(2024, 3, 4), "受理结果": "不予受理",
                  "受理凭证": "否", "决定": None}])
    decisions = tmp_path / "ov.xlsx"
    assert run_cli("template", "overrides", "--workflow", "N-04", "--out", decisions).exit_code == 0
    workbook = load_workbook(decisions)
    workbook["复核决定"].append(["A-1", "APP-ACCEPT-RECEIPT", "通过", "已核验加盖印章的不予受理凭证", "王五"])
    workbook.save(decisions)
    result = run_cli("check", path, "--workflow", "N-04", "--overrides", decisions, "--out", tmp_path / "out")
    lines = result.stdout.splitlines()
    assert lines[1] == "采纳人工复核决定后（1 件有复核决定）：合规 1，不合规 0，需人工复核 0。以上件数按规则本身的结论；退出码为 0 须两者都全部合规。"


def test_an_n04_refusal_beside_a_refusing_decision_is_judged_on_the_decisions_reasons(tmp_path):
    """N-04's 受理 clause (004:59) asks a refusal for the sealed receipt, not for reasons, and the rule
    says so; yet a row refused and also recorded 不准予 with its reasons failed "不予受理，但台账未记载
    不予受理的理由"."""
    path = _template(tmp_path, "N-04")
    base = {"收件日期": dt.date(2024, 3, 4), "补正告知次数": 0, "受理结果": "不予受理", "受理凭证": "是", "决定": "不准予"}
    _fill(path, [{**base, "申报编号": "A-1", "企业名称": "甲", "决定理由": "不属于本机关职权范围"}, {**base, "申报编号": "A-2", "企业名称": "乙"}])
    out = tmp_path / "out"
    run_cli("check", path, "--workflow", "N-04", "--out", out, "--quiet")
    assert _findings(out, "APP-REFUSAL-REASONS") == {
        # its refusal needs no reasons (004:59): not "已记载理由（不予受理理由：空白；…）", which reads as a contradiction
        "A-1": ("pass", "决定为“不准予”，已记载决定理由（不属于本机关职权范围）；本事项不予受理只要求出具加盖专用印章并注明日期的书面凭证"
                        "（见受理凭证一项），未要求另行告知理由。"),
        # and its 不准予 needs none either: N-04's list says only 准予许可或者不准予许可 (h96; only N-03, 004:57, asks)
        "A-2": ("not_applicable", "决定为“不准予”，台账未记载决定理由；本事项的权责清单对决定只规定“准予许可或者不准予许可”，"
                                  "未要求说明不准予的理由，本项不作要求（如已告知理由，可在决定理由中记载）。"),
    }


def test_template_columns_name_fields_and_rules_of_their_workflow(book):
    """A workflow profile's template_columns (field: the rules that read it) must name a field of the
    contract and rules the workflow applies, or `template check` would fail on it."""
    from checker.check.fields import field_set

    fields = field_set(book)
    for workflow in book.workflows.values():
        for name, rule_ids in (workflow.profile.get("template_columns") or {}).items():
            assert name in fields.by_name, (workflow.id, name)
            for rule_id in [rule_ids] if isinstance(rule_ids, str) else rule_ids:
                assert rule_id in workflow.check_rules, (workflow.id, rule_id)
