"""h38: a bureau clerk setting up this year's rounds (round conditions, recommendation rounds,
handling ledgers) from the seeds. Each test asserts the whole message a user sees."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from checker.check.conditions.read import load_conditions
from checker.core.rulebook import load_rulebook
from checker.errors import InputError
from tests.helpers import base_round, run_cli, write_json

BOOK = load_rulebook()


def test_the_audit_screen_line_names_the_requirements_in_words_not_rule_ids(tmp_path):
    """The line `fundcheck audit` prints per round listed PROC-COUNTERSIGN、PROC-CONSULT-DEPARTMENTS and
    [W-20]; the clerk reads the requirement's title and the workflow's name, as the reports say them."""
    record = base_round(BOOK, "W-20-compliant")
    steps = record["流程节点"]
    assert [row["节点"] for row in steps] == ["省通知", "会签", "联合发文", "区市推荐", "征求意见", "会签", "报省"]
    steps[4]["报送对象"] = "市发展改革委"  # consulted the wrong department
    del steps[5]  # the second 会签 left out
    path = write_json(tmp_path / "w20.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--engine", "reference")
    assert result.exit_code == 1
    assert result.output == (
        f"W20-MODEL（推广应用先进节能技术产品） 不合规  不通过：通知与推荐文件经规定部门会签；上报或公布前征求有关部门意见"
        f" → {tmp_path / 'out'}\n")
    assert "PROC-" not in result.output and "W-20" not in result.output


DATE_NOTICE = "通知:\n  文号: 威工信发〔2026〕9号\n条件:\n"


def _conditions(tmp_path, *rows: str):
    path = tmp_path / "c.yaml"
    path.write_text(DATE_NOTICE + "".join(f"  - {row}\n" for row in rows), encoding="utf-8")
    return path


def test_a_date_bound_written_as_the_notice_writes_it_is_read_and_decides_at_the_day(tmp_path):
    """申报材料须于2020年7月8日前（含当日）报送: the clerk wrote 比较 不晚于 and was told it was none of
    ≥ > ≤ < …; 不晚于/不早于/早于/晚于 and （含）以前/之后（不含） now read as ≤ ≥ < > ≤ >, and the day itself passes."""
    conditions = _conditions(tmp_path, "{条件编号: 1, 条件: 申报材料须于2020年7月8日前（含当日）报送, 列名: 申报日期, 类型: 日期, "
                                       "比较: 不晚于, 值: 2020-07-08}")
    out = tmp_path / "out"
    result = run_cli("check", "samples/w05_applications.xlsx", "--workflow", "W-05", "--conditions", conditions,
                     "--out", out, "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 1, result.output
    by_case = {}
    for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        by_case[case["case_id"]] = next(f for f in case["findings"] if f["rule"].startswith("COND-1@"))
    assert {k: by_case["WH-2020-002"][k] for k in ("outcome", "message", "evidence")} == {
        # h151's wording: 填写为…，本轮条件要求… in words
        "outcome": "pass", "message": "申报日期填写为 2020-07-08，符合本条件（本轮条件要求不晚于 2020-07-08）。",
        "evidence": {"申报日期": "2020-07-08", "source": "申报汇总表!N4"}}
    assert {k: by_case["WH-2020-003"][k] for k in ("outcome", "message", "evidence")} == {
        "outcome": "fail", "message": "申报日期填写为 2020-07-09，本轮条件要求不晚于 2020-07-08，不符合本条件。",
        "evidence": {"申报日期": "2020-07-09", "source": "申报汇总表!N5"}}


@pytest.mark.parametrize("written,op", [("不晚于", "le"), ("不迟于", "le"), ("不早于", "ge"), ("早于", "lt"), ("晚于", "gt"),
                                        ("（含）以前", "le"), ("之前（不含）", "lt"), ("（含）之后", "ge"), ("以后（不含）", "gt")])
def test_every_date_word_reads_as_its_comparison(tmp_path, written, op):
    (condition,) = load_conditions(_conditions(tmp_path, f"{{条件编号: 1, 条件: 项目开工日期, 列名: 开工日期, 类型: 日期, 比较: {written}, 值: 2025-01-01}}")).conditions
    assert condition.op == op


@pytest.mark.parametrize("row,message", [
    ("{条件编号: 1, 条件: 企业注册成立时间不晚于2024年6月30日, 列名: 成立日期, 类型: 日期, 比较: '>', 值: 2024-06-30}",
     "c.yaml 第 4 行的条件第 1 项（条件编号 1）：条件原文“企业注册成立时间不晚于2024年6月30日”写的是“不晚于”（≤），而比较写的是“>”；请按通知原文核对比较或条件原文。"),
    ("{条件编号: 1, 条件: 企业于2024年6月30日（含）前注册成立, 列名: 成立日期, 类型: 日期, 比较: '<', 值: 2024-06-30}",
     "c.yaml 第 4 行的条件第 1 项（条件编号 1）：条件原文“企业于2024年6月30日（含）前注册成立”写的是“(含)前”（≤），而比较写的是“<”；请按通知原文核对比较或条件原文。"),
    ("{条件编号: 1, 条件: 项目于2025年1月1日（含）以后开工, 列名: 开工日期, 类型: 日期, 比较: 晚于, 值: 2025-01-01}",
     "c.yaml 第 4 行的条件第 1 项（条件编号 1）：条件原文“项目于2025年1月1日（含）以后开工”写的是“(含)以后”（≥），而比较写的是“晚于”（>）；请按通知原文核对比较或条件原文。"),
    ("{条件编号: 1, 条件: 项目于2025年1月1日以后开工, 列名: 开工日期, 类型: 日期, 比较: 以后, 值: 2025-01-01}",
     "c.yaml 第 4 行的条件第 1 项（条件编号 1）：比较“以后”未写明是否包括当日；请按申报通知原文写“（含）以后”或“≥”（包括当日），或“以后（不含）”或“>”（不包括当日）。"),
    ("{条件编号: 1, 条件: 研发费用不低于100万元, 列名: 研发费用（万元）, 类型: 金额（万元）, 比较: 不早于, 值: 100}",
     "c.yaml 第 4 行的条件第 1 项（条件编号 1）：比较“不早于”是日期的说法，而类型是“金额（万元）”；请改用 ≥ > ≤ < = ≠ 介于，或把类型改为“日期”。"),
])
def test_a_date_comparison_the_wording_contradicts_or_leaves_open_is_refused(tmp_path, row, message):
    """A date condition loaded with 比较 > beside 不晚于 (every applicant registered on 2024-06-30 or before
    failed, the later ones passed); a bare 以后 (is the day in?) and a date word on money were accepted or
    refused as none of ≥ > ≤ <."""
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, row))
    assert str(error.value) == message


def test_a_score_written_with_its_unit_is_read(tmp_path):
    """专精特新 评价得分达到60分以上: a district writes 65分 / 59.5分 in 评价得分, which was 无法识别 (需人工复核)
    for every applicant; 分 is a count word of 数值 now, and a 值 that is not the wording's 60分 is refused."""
    from openpyxl import Workbook

    conditions = _conditions(tmp_path, "{条件编号: 4, 条件: 评价得分达到60分（含）以上, 列名: 评价得分, 类型: 数值, 比较: ≥, 值: 60}")
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["申报编号", "企业名称", "真实性承诺", "统一社会信用代码", "评价得分"])
    sheet.append(["ZJ-001", "威海甲精密机械有限公司", "是", "91371002MA3D0004CE", "65分"])
    sheet.append(["ZJ-002", "威海乙精密机械有限公司", "是", "91371000MA3C5X0Y23", "59.5 分"])
    book.save(tmp_path / "w12.xlsx")
    out = tmp_path / "out"
    result = run_cli("check", tmp_path / "w12.xlsx", "--workflow", "W-12", "--conditions", conditions, "--out", out,
                     "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 1, result.output
    found = {}
    for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        found[case["case_id"]] = [{k: f[k] for k in ("outcome", "message", "evidence")} for f in case["findings"]
                                  if f["rule"].startswith("COND-4@") or f["rule"].startswith("INP-NUMBER@")]
    assert found == {
        # h151's wording: 填写为…，本轮条件要求… in words, the figure with the unit its condition names (分)
        "ZJ-001": [{"outcome": "pass", "message": "评价得分填写为 65 分，符合本条件（本轮条件要求不低于 60 分）。",
                    "evidence": {"评价得分": "65", "source": "申报汇总表!E2"}}],
        "ZJ-002": [{"outcome": "fail", "message": "评价得分填写为 59.5 分，本轮条件要求不低于 60 分，不符合本条件。",
                    "evidence": {"评价得分": "59.5", "source": "申报汇总表!E3"}}],
    }
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, "{条件编号: 4, 条件: 评价得分达到60分（含）以上, 列名: 评价得分, 类型: 数值, 比较: ≥, 值: 6}"))
    assert str(error.value) == ("c.yaml 第 4 行的条件第 1 项（条件编号 4）：条件原文“评价得分达到60分（含）以上”写的是 60分，"
                                "而值“6”按类型“数值”读作 6；请核对值及其单位与条件原文一致。")


def _audit_record(record: dict):
    from checker.audit.evaluate import RoundAuditor
    from checker.audit.record import record_from_mapping

    parsed = record_from_mapping(record, BOOK.vocabulary.step_keys, source="r.json", repeating=BOOK.vocabulary.repeating_steps)
    result = RoundAuditor(BOOK, engine="reference").evaluate(parsed)
    return result, {f["rule_id"]: f for f in result.findings}


def countersigned(written: str) -> tuple:
    """The W-21 model round (水效领跑者) with its 会签 row's 报送对象 written so, audited: PROC-COUNTERSIGN's
    (outcome, grade, message) and the round's verdict."""
    record = base_round(BOOK, "W-21-compliant")
    record["流程节点"][1]["报送对象"] = written
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-COUNTERSIGN"]
    return finding["outcome"], finding["grade"], finding["message"], result.verdict


def water_bureau_not_signed(shown: str) -> tuple:
    """What countersigned() gives when the row, shown so, leaves 市水务局 unsigned."""
    return ("fail", "noncompliant",
            f"会签单位不全（应为市发展改革委、市水务局、市市场监管局）：“联合发文”（2021-03-05）前的会签未含市水务局：2021-03-03 {shown}（流程节点#2.日期）。",
            "noncompliant")


@pytest.mark.parametrize("written,shown", [
    ("市发展改革委、市水务局（未会签）、市市场监管局", "市发展改革委、市水务局（未会签）、市市场监管局"),
    ("市发展改革委、市市场监管局。市水务局未会签", "市发展改革委、市市场监管局。市水务局未会签"),
    ("市发展改革委、市市场监管局已会签；市水务局不同意", "市发展改革委、市市场监管局已会签；市水务局不同意"),
])
def test_a_countersign_row_saying_a_unit_did_not_sign_is_no_countersignature(written, shown):
    """水效领跑者 (001:4699 商请市发展改革、水务、市场监管部门会签): a 会签 row noting 市水务局（未会签）
    passed as 会签完整; only a negation before the name (不需要市市场监管局会签) was read."""
    assert base_round(BOOK, "W-21-compliant")["流程节点"][1]["节点"] == "会签"
    assert countersigned(written) == water_bureau_not_signed(shown)


@pytest.mark.parametrize("written", ["市发展改革委、市水务局（已会签，无意见）、市市场监管局", "市发展改革委、市水务局（提出不同意见，已修改）、市市场监管局"])
def test_a_unit_that_signed_with_a_remark_still_countersigned(written):
    record = base_round(BOOK, "W-21-compliant")
    record["流程节点"][1]["报送对象"] = written
    result, by_rule = _audit_record(record)
    assert by_rule["PROC-COUNTERSIGN"]["outcome"] == "pass" and result.verdict == "compliant"


@pytest.mark.parametrize("written", ["无", "", "/"])
def test_a_consultation_naming_no_department_needs_review(written):
    """W-21 (001:4699 征求相关部门意见建议): a 征求意见 row whose 报送对象 was 无 or blank passed as
    “已在报省 2021-04-27 前征求意见：2021-04-19 征求无意见”; whom it asked is unrecorded, so it needs review."""
    record = base_round(BOOK, "W-21-compliant")
    assert record["流程节点"][4]["节点"] == "征求意见"
    record["流程节点"][4]["报送对象"] = written
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-CONSULT-DEPARTMENTS"]
    assert (finding["rule_version"], finding["outcome"], finding["grade"], finding["message"], finding["remedy"]) == (
        4, "missing", "needs_review",
        "征求意见未写明征求了哪些部门的意见：2021-04-19 征求（部门未写明）意见（流程节点#5.日期），无法核对是否征求了相关部门意见。",
        "在报送对象中写明被征求意见的部门（如 市发展改革委、市水务局、市市场监管局），并附征求意见函。")
    assert result.verdict == "needs_review"


def test_an_unreadable_diagnosis_date_names_only_its_own_cell():
    """W-23: a report date written 未完成 beside a good 协议日期 was reported as 日期无法识别（诊断服务#1.协议日期、
    诊断服务#1.报告日期）, sending the clerk to a cell that was right."""
    record = base_round(BOOK, "W-23-compliant")
    record["诊断服务"][0]["报告日期"] = "未完成"
    result, by_rule = _audit_record(record)
    finding = by_rule["PROC-DIAGNOSIS-PER-ENTERPRISE"]
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "missing", "needs_review", "诊断服务表的日期无法识别：甲公司：日期无法识别（诊断服务#1.报告日期）。")
    assert [f["message"] for f in result.findings if f["rule_id"] == "INP-ROUND-DATE"] == [
        "诊断服务 第 1 行（诊断服务#1.报告日期）的值“未完成”无法识别，应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。"]


def _ledger(tmp_path, item: str, rows: list[dict]):
    from openpyxl import Workbook

    headers = ["申报编号", "企业名称", "事项", "收件日期", "补正告知次数", "补正告知日期", "受理结果", "受理日期", "受理凭证",
               "不予受理理由", "决定", "决定日期", "决定理由", "现场核查日期", "现场核查人员"]
    book = Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    sheet.append(headers)
    base = {"事项": item, "收件日期": dt.date(2026, 9, 14), "补正告知次数": 0, "受理结果": "受理", "受理日期": dt.date(2026, 9, 15),
            "受理凭证": "是", "决定": "准予", "决定日期": dt.date(2026, 10, 12), "现场核查日期": dt.date(2026, 9, 25)}
    for i, row in enumerate(rows, 1):
        values = dict(base, 申报编号=f"{item}-{i:03d}", 企业名称=f"南阳示例{i}有限公司", **row)
        sheet.append([values.get(h) for h in headers])
    path = tmp_path / f"{item}_受理台账.xlsx"
    book.save(path)
    return path


def refusal_reasons(tmp_path, decisions: list[dict]):
    """An N-04 ledger of these rows checked: (the output folder, {case: (verdict, [(outcome, message)])}
    of APP-REFUSAL-REASONS)."""
    path = _ledger(tmp_path, "N-04", decisions)
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "N-04", "--out", out, "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 1, result.output
    return out, {case: (verdict, [(f["outcome"], f["message"]) for f in found])
                 for case, (verdict, found) in _ledger_findings(out, "APP-REFUSAL-REASONS").items()}


def _ledger_findings(out, rule: str) -> dict:
    found = {}
    for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        found[case["case_id"]] = (case["verdict"], [{k: f[k] for k in ("outcome", "message", "evidence")}
                                                    for f in case["findings"] if f["rule"].startswith(rule + "@")])
    return found


def test_an_onsite_team_written_with_its_headcount_is_not_one_person(tmp_path):
    """N-06 (004:76 应当指派两名以上工作人员进行现场核查): 现场核查人员 张伟等2人 was read as one name and the
    office's handling came out 不合规 (只有 1 名工作人员（张伟等2人）); the cell states a team of two with one
    name recorded: needs review, asking for the names. 张伟、李娜等2人 is two; 张伟1人 is still one."""
    path = _ledger(tmp_path, "N-06", [{"现场核查人员": "张伟等2人"}, {"现场核查人员": "张伟、李娜等2人"},
                                      {"现场核查人员": "张伟1人"}, {"现场核查人员": "张伟等"}])
    out = tmp_path / "out"
    result = run_cli("check", path, "--workflow", "N-06", "--out", out, "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 1, result.output
    found = _ledger_findings(out, "APP-ONSITE-2-STAFF")
    assert found == {
        "N-06-001": ("needs_review", [{"outcome": "missing", "message": "现场核查（2026-09-25）人员为“张伟等2人”（共 2 人），但台账只记载了 1 人的姓名（张伟），无法核对是否由 2 名以上工作人员进行。",
                                       "evidence": {"onsite_on": "2026-09-25", "onsite_staff": "张伟等2人", "source": "受理台账!N2; 受理台账!O2",
                                                    "sources": {"onsite_on": "受理台账!N2", "onsite_staff": "受理台账!O2"}}}]),
        "N-06-002": ("compliant", [{"outcome": "pass", "message": "现场核查（2026-09-25）由 2 名工作人员进行（张伟、李娜），不少于 2 名。",
                                    "evidence": {"onsite_on": "2026-09-25", "onsite_staff": "张伟、李娜等2人", "source": "受理台账!N3; 受理台账!O3",
                                                 "sources": {"onsite_on": "受理台账!N3", "onsite_staff": "受理台账!O3"}}}]),
        "N-06-003": ("noncompliant", [{"outcome": "fail", "message": "现场核查（2026-09-25）只有 1 名工作人员（张伟），少于 2 名。",
                                       "evidence": {"onsite_on": "2026-09-25", "onsite_staff": "张伟1人", "source": "受理台账!N4; 受理台账!O4",
                                                    "sources": {"onsite_on": "受理台账!N4", "onsite_staff": "受理台账!O4"}}}]),
        "N-06-004": ("needs_review", [{"outcome": "missing", "message": "现场核查（2026-09-25）人员为“张伟等”（另有他人），但台账只记载了 1 人的姓名（张伟），无法核对是否由 2 名以上工作人员进行。",
                                       "evidence": {"onsite_on": "2026-09-25", "onsite_staff": "张伟等", "source": "受理台账!N5; 受理台账!O5",
                                                    "sources": {"onsite_on": "受理台账!N5", "onsite_staff": "受理台账!O5"}}}]),
    }


def test_the_years_notice_conditions_of_a_demonstration_base_are_checked_on_the_ledger(tmp_path):
    """N-05 (004:69 申报的具体要求以每年发布的通知为准): `check -w N-05 --conditions` was refused (受理条件由履职清单
    规定、不按轮次通知确定) and the report said 未核对; the year's notice is now checked, row by row, as the
    applicant's (applicant_verdict), cited to the notice and to the duty list's line. N-04 is still refused."""
    conditions = tmp_path / "n05.yaml"
    conditions.write_text(
        "通知:\n  文号: 豫工信产业〔2026〕50号\n条件:\n"
        "  - {条件编号: 1, 条件: 基地主导产业年销售收入超过100亿元, 列名: 主导产业销售收入（亿元）, 类型: 金额（万元）, 比较: 超过, 值: 1000000}\n",
        encoding="utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "受理台账"
    headers = ["申报编号", "企业名称", "事项", "收件日期", "补正告知次数", "补正告知日期", "受理结果", "不予受理理由", "决定", "决定理由",
               "主导产业销售收入（亿元）"]
    sheet.append(headers)
    sheet.append(["N05-001", "南阳示例产业园", "N-05", dt.date(2026, 5, 6), 0, None, "受理", None, "推荐", None, 120])
    sheet.append(["N05-002", "南阳示例新材料基地", "N-05", dt.date(2026, 5, 6), 0, None, "受理", None, "推荐", None, 100])
    book.save(tmp_path / "N-05.xlsx")
    out = tmp_path / "out"
    result = run_cli("check", tmp_path / "N-05.xlsx", "--workflow", "N-05", "--conditions", conditions, "--out", out,
                     "--per-case", "all", "--engine", "reference")
    assert result.exit_code == 0, result.output
    cases = [json.loads(line) for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(c["case_id"], c["verdict"], c["applicant_verdict"],
             [{k: f[k] for k in ("outcome", "message", "evidence")} for f in c["findings"] if f["rule"].startswith("COND-1@")])
            for c in cases] == [
        # h151's wording: 填写为…，本轮条件要求… in words
        ("N05-001", "compliant", "eligible", [{"outcome": "pass", "message": "主导产业销售收入（亿元）填写为 1200000 万元，符合本条件（本轮条件要求超过 100 亿元）。",
                                                  "evidence": {"主导产业销售收入（亿元）": "1200000 万元", "主导产业销售收入（亿元）_note": "列名单位为亿元，换算为万元",
                                                               "source": "受理台账!K2"}}]),
        ("N05-002", "compliant", "ineligible", [{"outcome": "fail", "message": "主导产业销售收入（亿元）填写为 1000000 万元，本轮条件要求超过 100 亿元，不符合本条件。",
                                                "evidence": {"主导产业销售收入（亿元）": "1000000 万元", "主导产业销售收入（亿元）_note": "列名单位为亿元，换算为万元",
                                                             "source": "受理台账!K3"}}]),
    ]
    rules = json.loads((out / "rules.json").read_text(encoding="utf-8"))["rules"]
    (rule,) = [r for key, r in rules.items() if key.startswith("COND-1@")]
    assert (rule["why"], rule["citations"]) == (
        "本轮申报通知豫工信产业〔2026〕50号规定的申报条件；办理部门按申报通知的要求审核申报材料。",
        [{"source": "豫工信产业〔2026〕50号", "quote": "基地主导产业年销售收入超过100亿元"},
         {"source": "004_3ec8b8269aee12d4.txt", "lines": "69", "quote": "申报的具体要求以每年发布的通知为准"}])
    sheet.append(["N04-003", "南阳示例电子有限公司", "N-04", dt.date(2026, 5, 6), 0, None, "受理", None, "准予", None, 90])
    book.save(tmp_path / "N-05.xlsx")
    refused = run_cli("check", tmp_path / "N-05.xlsx", "--workflow", "N-05", "--conditions", conditions, "--out", tmp_path / "o4")
    assert (refused.exit_code, refused.stderr.strip()) == (2, "错误：N-04 的受理条件由履职清单规定、不按轮次通知确定，不接受 --conditions。")


def test_a_blocking_condition_of_two_alternatives_is_refused_and_a_review_one_is_kept(tmp_path):
    """专精特新: 上年度营业收入总额在1000万元以上，或…近2年新增股权融资总额达到2000万元以上. Entered as one blocking
    condition on 营业收入, every enterprise qualifying by its equity financing was 不符合条件 (否决); the file
    is refused unless the condition is 复核, when the other alternative is left to the reviewer."""
    wording = "上年度营业收入总额在1000万元以上，或上年度营业收入总额在1000万元以下，但近2年新增股权融资总额达到2000万元以上"
    row = f"{{条件编号: 3, 条件: {wording}, 列名: 上年度营业收入（万元）, 类型: 金额（万元）, 比较: （含）以上, 值: 1000"
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, row + "}"))
    assert str(error.value) == (
        f"c.yaml 第 4 行的条件第 1 项（条件编号 3）：条件原文“{wording}”以“或”列出两种情形，而一条条件只核对一列，"
        "满足另一种情形的申请人也会被判为不符合条件；请把严重程度写为“复核”（不符合本列的，由人工核对是否满足另一种情形）。")
    (condition,) = load_conditions(_conditions(tmp_path, row + ", 严重程度: 复核}")).conditions
    assert (condition.severity, condition.op, condition.low) == ("review", "ge", Decimal("1000"))


@pytest.mark.parametrize("count,quota,shown_count,shown_quota", [
    ("共12家", "不超过5家", "12（共12家）", "5（不超过5家）"), ("12", "5家（含）以内", "12", "5（5家(含)以内）"),
    ("合计12家", "每市推荐不超过五家", "12（合计12家）", "5（每市推荐不超过五家）"), (12, "最多5家", "12", "5（最多5家）")])
def test_a_quota_copied_from_the_provincial_notice_is_read(count, quota, shown_count, shown_quota):
    """W-17 (001:4576 申报数量超过省里规定数量的，召开专家论证会): the clerk copies the province's number as its
    notice writes it (不超过5家) and the count as totals are written (共12家); both were 无法识别 and the
    round needed review. A bare 5家以内 (is 5 in?) still is."""
    record = base_round(BOOK, "W-17-compliant")
    record["轮次"].update({"申报数量": count, "省定推荐数量": quota})
    result, by_rule = _audit_record(record)
    finding = by_rule["APP-QUOTA-EXPERT-REVIEW"]
    assert (finding["outcome"], finding["message"]) == (
        "pass", f"申报数量 {shown_count} 超过省定推荐数量 {shown_quota}，已在初步建议名单 2021-04-16 前召开专家论证会：2021-04-06，专家意见：专家论证意见（流程节点#6.日期）。")
    assert result.verdict == "compliant" and not [f for f in result.findings if f["rule_id"].startswith("INP-")]
    record["轮次"]["省定推荐数量"] = "5家以内"
    result, by_rule = _audit_record(record)
    assert [f["message"] for f in result.findings if f["rule_id"] == "INP-ROUND-VALUE"] == [
        "轮次 第 1 行（轮次#1.省定推荐数量）的值“5家以内”无法识别，应为不小于 0 的整数。"]
    assert by_rule["APP-QUOTA-EXPERT-REVIEW"]["outcome"] == "missing"


def test_a_recommendation_round_template_holds_only_what_its_workflow_is_audited_on(tmp_path):
    """W-20 (001:4674-4681: notice, 会签, joint notice, districts, consultation, 会签, report) got a
    专家抽取 sheet (抽取科室 应为局政工科), an 归档 sheet, 党组会 columns and the quota and stage columns of other
    workflows, inviting the clerk to record steps its duty list lacks. Only what its audit rules read is
    written now; W-12 keeps its draw, archive and 党组会 columns."""
    from openpyxl import load_workbook

    books = {}
    for workflow in ("W-20", "W-17", "W-12"):
        path = tmp_path / f"{workflow}.xlsx"
        result = run_cli("template", "round", "--workflow", workflow, "--out", path)
        assert result.exit_code == 0, result.output
        books[workflow] = load_workbook(path)
    shape = {w: (b.sheetnames, [c.value for c in b["轮次"][1]], [c.value for c in b["流程节点"][1]]) for w, b in books.items()}
    assert shape["W-20"] == (["轮次", "流程节点", "说明"], ["轮次编号", "流程类型", "专项名称", "承办科室"],
                             ["节点", "日期", "文号/材料", "报送对象", "备注", "阶段", "决议内容", "发文单位"])
    assert shape["W-17"][:2] == (["轮次", "流程节点", "说明"], ["轮次编号", "流程类型", "专项名称", "承办科室", "申报数量", "省定推荐数量"])
    assert shape["W-12"] == (["轮次", "流程节点", "专家抽取", "归档", "说明"],
                             ["轮次编号", "流程类型", "专项名称", "承办科室", "项目领域", "申报单位", "是否涉及资金"],
                             ["节点", "日期", "文号/材料", "报送对象", "备注", "阶段", "会议纪要文号", "表决方式及结果", "纪检组意见", "决议内容", "发文单位"])
    notes = [row[:2] for row in books["W-20"]["说明"].iter_rows(values_only=True)]
    assert not [n for n in notes if n[0] in ("专家抽取", "归档") or n[1] in ("项目领域", "申报数量", "会议纪要文号")]


def test_a_step_of_another_workflow_does_not_date_a_recommendation_round():
    """W-18 (001:4591-4597: notice … 下发公布文件, no 党组会): a 党组会 row left in the record (copied from a
    fund round) became the round's 参数基准日 (2021-04-20（党组会日期）) and the parameters were those in force
    that day; the round's own notice dates it."""
    record = base_round(BOOK, "W-18-compliant")
    record["流程节点"].append({"节点": "党组会", "日期": "2021-04-20", "文号/材料": "党组会纪要"})
    result, _ = _audit_record(record)
    assert (result.reference_date, result.reference_basis) == (dt.date(2021, 3, 5), "通知日期")
    fund = base_round(BOOK, "W-12-compliant")
    result, _ = _audit_record(fund)
    assert result.reference_basis == "党组会日期"


def test_steps_a_workflow_does_not_have_are_named_under_not_checked():
    """A W-18 record holding a 党组会 and a 公示开始 (another workflow's steps) came out 合规 with nothing said
    of them; the report lists them under 未核对 now. W-05's 拟支持项目名单 (001:2423 根据评审结果确定拟支持项目名单，
    并进行公示) is its own step (分配方案), not a foreign one."""
    record = base_round(BOOK, "W-18-compliant")
    record["流程节点"] += [{"节点": "党组会", "日期": "2021-04-20", "文号/材料": "党组会纪要"}, {"节点": "公示开始", "日期": "2021-04-21"}]
    result, _ = _audit_record(record)
    assert result.verdict == "compliant"
    assert result.not_checked[-1] == ("流程节点中有本流程履职清单没有的步骤：党组会 2021-04-20（流程节点#10.日期）、公示开始 2021-04-21（流程节点#11.日期）；"
                                      "未按本流程核对，不影响审计结论。")
    for base in ("W-05-compliant", "W-12-compliant", "W-20-compliant", "W-23-compliant"):
        result, _ = _audit_record(base_round(BOOK, base))
        assert not [n for n in result.not_checked if "履职清单没有的步骤" in n], base


def test_a_date_that_does_not_exist_in_a_conditions_yaml_names_its_row(tmp_path):
    """值: 2024-02-30 (or 生效日期: 2024-13-01) in a conditions YAML stopped the run with 内部错误（ValueError）
    and a crash file: YAML builds the date itself and raised. The row is named now."""
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, "{条件编号: 1, 条件: 开工日期在2024年2月底前, 列名: 开工日期, 类型: 日期, 比较: ≤, 值: 2024-02-30}"))
    assert str(error.value) == ("c.yaml 第 4 行的条件第 1 项（条件编号 1）：值 “2024-02-30”无法按类型读取（不存在的日期 2024-02-30）；"
                                "应为：日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。")
    with pytest.raises(InputError) as error:
        load_conditions(_conditions(tmp_path, "{条件编号: 1, 条件: 评价得分60分以上, 列名: 评价得分, 类型: 数值, 比较: ≥, 值: 60, 生效日期: 2024-13-01}"))
    assert str(error.value) == ("c.yaml 第 4 行的条件第 1 项（条件编号 1）：生效日期“2024-13-01”无法识别"
                                "（日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）。")


def test_a_date_that_does_not_exist_in_a_yaml_round_record_is_a_finding_naming_its_cell(tmp_path):
    """日期: 2021-02-30 in a YAML round record (or a holidays or register YAML) made the whole file
    “内容无法解析”; the cell is named now, as in a workbook."""
    import yaml

    record = base_round(BOOK, "W-18-compliant")
    record["流程节点"][0]["日期"] = "__BAD__"
    path = tmp_path / "w18.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True).replace("__BAD__", "2021-02-30"), encoding="utf-8")
    result = run_cli("audit", path, "--out", tmp_path / "out", "--engine", "reference")
    assert result.exit_code == 1, result.output
    findings = json.loads((tmp_path / "out" / "round.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["rule_id"], f["message"]) for f in findings if f["rule_id"].startswith("INP-")] == [
        ("INP-ROUND-DATE", "流程节点 第 1 行（流程节点#1.日期）的值“2021-02-30”无法识别，应为日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期。")]
    holidays = tmp_path / "hol.yaml"
    holidays.write_text("年份: 2027\n文号: 国办发明电〔2026〕1号\n放假: [2027-02-30]\n调休上班: []\n", encoding="utf-8")
    good = write_json(tmp_path / "w18.json", base_round(BOOK, "W-18-compliant"))
    refused = run_cli("audit", good, "--holidays", holidays, "--out", tmp_path / "o2")
    assert (refused.exit_code, refused.stderr.strip()) == (
        2, "错误：节假日文件「hol.yaml」第 1 项（2027 年放假）的“2027-02-30”不是日期（日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）。")


def test_a_condition_number_excel_turned_into_a_date_is_refused_and_the_template_keeps_it_text(tmp_path):
    """条件编号 2-1 (二（一）) typed into the template became 2月1日 in Excel, and the condition loaded as
    COND-2026-02-01, an id the clerk never wrote (the overrides file and the reports use it)."""
    from openpyxl import load_workbook

    path = tmp_path / "条件.xlsx"
    assert run_cli("template", "conditions", "--out", path).exit_code == 0
    book = load_workbook(path)
    sheet = book["申报条件"]
    assert sheet["A2"].number_format == "@"
    book["通知"]["A2"] = "威工信发〔2026〕20号"
    for column, value in zip("ABCDEFG", [dt.datetime(2026, 2, 1), "上年度研发费用不低于100万元", "二（一）", "研发费用（万元）", "金额（万元）", "≥", 100]):
        sheet[f"{column}2"] = value
    book.save(path)
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == ("条件.xlsx 工作表“申报条件”第 2 行：条件编号是日期（2月1日），Excel 把 2-1 这样的编号自动转成了日期；"
                                "请把“条件编号”列设为文本后重新输入，或改写为 2a、JS-3 等。")


def test_a_first_review_decision_written_with_its_stage_is_read(tmp_path):
    """N-04 is a 初审: the office writes 决定 初审不通过. It was 无法判断 (INP-LEDGER-DECISION) and the reasons
    rule said 未不予受理，也未作出不准予决定 — a refusal without reasons went unnoticed. The stage is read past."""
    out, reasons = refusal_reasons(tmp_path, [{"决定": "初审不通过", "决定理由": "不符合申报条件"}, {"决定": "初审不通过"},
                                              {"决定": "经审核，同意"}, {"决定": "审核中"}])
    assert reasons == {
        "N-04-001": ("compliant", [("pass", "不予受理或不准予的，已记载理由（不予受理理由：空白；决定理由：不符合申报条件）。")]),
        # read as a refusal (the message says so); N-04 asks no reasons of a 不准予 (h96: only N-03, 004:57, does)
        "N-04-002": ("compliant", [("not_applicable", "决定为“初审不通过”，台账未记载决定理由；本事项的权责清单对决定只规定“准予许可或者不准予许可”，未要求说明不准予的理由，本项不作要求（如已告知理由，可在决定理由中记载）。")]),
        "N-04-003": ("compliant", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“经审核，同意”）。")]),
        "N-04-004": ("needs_review", [("not_applicable", "未不予受理，也未作出不准予决定（受理结果“受理”，决定“审核中”）。")]),
    }
    assert [f["message"] for f in _ledger_findings(out, "INP-LEDGER-DECISION")["N-04-004"][1]] == [
        "受理台账!K5 的决定“审核中”不是准予、不准予、推荐、不推荐之一，无法判断是否须说明理由、是否计入推荐名额。"]
    assert all(not _ledger_findings(out, "INP-LEDGER-DECISION")[case][1] for case in ("N-04-001", "N-04-002", "N-04-003"))


def test_a_table_checked_without_workflow_is_told_it_was_checked_as_w05(tmp_path):
    """A clerk checking this year's 专精特新 申报表 with its conditions but without --workflow was told only
    that the table lacked 注册地址、是否独立法人… (W-05's columns): the refusal now says the run defaulted to
    W-05 and how to name the workflow; with --workflow W-05 given, the refusal is as before."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["申报编号", "企业名称", "真实性承诺", "统一社会信用代码", "评价得分"])
    sheet.append(["ZJ-001", "威海甲精密机械有限公司", "是", "91371002MA3D0004CE", 65])
    book.save(tmp_path / "w12.xlsx")
    conditions = _conditions(tmp_path, "{条件编号: 4, 条件: 评价得分达到60分（含）以上, 列名: 评价得分, 类型: 数值, 比较: ≥, 值: 60}")
    stem = ("错误：w12.xlsx (申报汇总表) 缺少 W-05 必需的列：注册地址、是否独立法人、符合产业政策方向、核准/备案文号、年度设备投入（万元）；"
            "表中的列：申报编号、企业名称、真实性承诺、统一社会信用代码、评价得分")
    hint = "；本次未用 --workflow 指定流程，按默认的 W-05（工业企业技术改造补助）核对，其他流程的申报表请加 --workflow（如 --workflow W-12）"
    for command in (["check", tmp_path / "w12.xlsx", "--conditions", conditions, "--out", tmp_path / "out"],
                    ["conditions", "check", conditions, "--applications", tmp_path / "w12.xlsx"]):
        result = run_cli(*command)
        assert (result.exit_code, result.stderr.strip()) == (2, stem + hint)
    result = run_cli("check", tmp_path / "w12.xlsx", "--workflow", "W-05", "--conditions", conditions, "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr.strip()) == (2, stem)
    assert run_cli("check", tmp_path / "w12.xlsx", "--workflow", "W-12", "--conditions", conditions, "--out", tmp_path / "o12").exit_code == 1


def test_a_conditions_workbook_without_its_notice_sheet_says_the_sheet_is_missing(tmp_path):
    """A clerk deleting the 通知 sheet of the template was told 通知的“文号”未填写, as if the sheet were there."""
    from openpyxl import load_workbook

    path = tmp_path / "条件.xlsx"
    assert run_cli("template", "conditions", "--out", path).exit_code == 0
    book = load_workbook(path)
    del book["通知"]
    for column, value in zip("ABCDEFG", ["1", "评价得分达到60分（含）以上", "二（四）", "评价得分", "数值", "≥", "60"]):
        book["申报条件"][f"{column}2"] = value
    book.save(path)
    with pytest.raises(InputError) as error:
        load_conditions(path)
    assert str(error.value) == ("条件.xlsx：缺少工作表“通知”（文号、标题、发布日期、失信企业不得申报，一行）；每份报告都注明条件所依据的通知文号。")
