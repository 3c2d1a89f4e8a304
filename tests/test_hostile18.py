"""Hostile review 18: handling ledgers, recommendation rounds and fairness across rounds."""

from __future__ import annotations

import json
import random

from tests.fixtures.draw.helpers import load, run
from tests.helpers import write_paper_rounds


# ---------------------------------------------------------------- fairness: one expert written two ways


def _fairness_of_paper_rounds(tmp_path, **spellings):
    """`fundcheck fairness` of twelve paper rounds (tests.helpers.write_paper_rounds) against the sample pool."""
    from tests.conftest import SAMPLES

    rounds = tmp_path / "rounds"
    rounds.mkdir()
    write_paper_rounds(rounds, **spellings)
    result = run("fairness", "--rounds", rounds, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    return result, load(tmp_path / "out" / "fairness.json")


def test_an_expert_id_written_in_lower_case_in_some_records_is_still_the_same_expert(tmp_path):
    # ZJ014 sat on all 12 panels; written ZJ014 it is flagged. A clerk who typed zj014 in half the
    # records split the expert in two (6 and 6 draws), and the run was reported clear, exit 0.
    result, report = _fairness_of_paper_rounds(tmp_path, ids=["ZJ014", "zj014", "ZJ 014"])
    assert result.exit_code == 1, result.output
    assert report["verdict"] == "flagged"
    row = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ014")
    assert (row["observed"], row["eligible_draws"], row["flagged"]) == (12, 12, True)
    assert not [row for row in report["experts"]["rows"] if row["expert_id"] in ("zj014", "ZJ 014", "ZJ014 ")]
    spelling = [item for item in report["limits"] if item["kind"] == "expert_id_spelling"]
    assert spelling == [
        {"kind": "expert_id_spelling", "draws": ["P-02（P02.json）", "P-05（P05.json）", "P-08（P08.json）", "P-11（P11.json）"],
         "message": "轮次记录中的专家编号「ZJ 014」与「ZJ014」只差大小写或空格，按同一专家 ZJ014 计入。"},
        {"kind": "expert_id_spelling", "draws": ["P-01（P01.json）", "P-04（P04.json）", "P-07（P07.json）", "P-10（P10.json）"],
         "message": "轮次记录中的专家编号「zj014」与「ZJ014」只差大小写或空格，按同一专家 ZJ014 计入。"},
    ]
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "只差大小写或空格" in html


def test_without_a_pool_the_first_spelling_met_names_the_expert(tmp_path):
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    write_paper_rounds(rounds, ids=["zj014", "ZJ014"])
    run("fairness", "--rounds", rounds, "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    panels = [draw["panel"][0] for draw in report["draws"]]
    assert panels == ["zj014"] * 12


# ---------------------------------------------------------------- ledgers: a deadline in a year without holiday data


def _ledger_row(case_id, received, notice, item="N-04"):
    return {"申报编号": case_id, "企业名称": "示例", "事项": item, "收件日期": received, "补正告知日期": notice, "补正告知次数": 1,
            "受理结果": "受理", "受理凭证": "是", "不予受理理由": "", "决定": "准予", "决定理由": ""}


def test_a_notice_in_time_whose_deadline_falls_in_a_year_without_holiday_data(tmp_path):
    # 收件 2026-12-29, notice the next day: on time whatever 2027's holidays are. The report read
    # "在告知期限（最迟 空白）内。空白。" (no deadline, no calendar-day reading); a notice on
    # 2027-01-01 for a receipt of 2026-12-31 (1 day, limit 3) needed review "节假日数据不含 2027 年".
    from tests.helpers import read_case, run_cli, write_json

    rows = [_ledger_row("Y-1", "2026-12-29", "2026-12-30"), _ledger_row("Y-2", "2026-12-31", "2027-01-01"),
            _ledger_row("Y-3", "2026-12-30", "2027-01-04")]
    result = run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    found = {case_id: next(f for f in read_case(tmp_path / "out", case_id)["findings"]
                           if f["rule_id"] == "APP-DEFICIENCY-NOTICE-DEADLINE") for case_id in ("Y-1", "Y-2", "Y-3")}
    assert [(f["outcome"], f["message"]) for f in found.values()] == [
        ("pass", "收件日期 2026-12-29，补正告知日期 2026-12-30，为收件后第 1 个工作日，"
                 "在告知期限（最迟日期落在 2027 年，节假日数据不含该年，无法给出具体日期）内。"
                 "按自然日计算，期限为收件次日起第 3 日（2027-01-01，如为休息日顺延），本次告知为收件后第 1 日，在期限内。"),
        ("pass", "收件日期 2026-12-31，补正告知日期 2027-01-01，为收件后第 1 日。节假日数据不含 2027 年，但告知距收件不超过 3 日，"
                 "无论该年如何放假，都在当场或 3 个工作日内的告知期限内（按自然日计算同样在期限内）。"),
        ("missing", "节假日数据不含 2027 年，无法按工作日计算补正告知期限。"),
    ]
    assert result.exit_code == 1  # Y-3 needs review
    html = (tmp_path / "out" / "cases" / "Y-1.html").read_text(encoding="utf-8") if (tmp_path / "out" / "cases" / "Y-1.html").exists() else ""
    assert "空白" not in "".join(f["message"] for f in found.values()) and "空白）内" not in html


# ---------------------------------------------------------------- ledgers: N-08's caps are the national recognition's


def test_provincial_recommendations_do_not_count_against_the_national_cap(tmp_path):
    # N-08 is 国家及省级技术创新示范企业认定申报; the caps (seed 004:86, quoting 工信厅科函〔2023〕260号 on the
    # 国家技术创新示范企业认定) are on national recommendations. Four national and three provincial
    # recommendations of 2024 in a province with its own scheme were "推荐 7 家，超过 4 家的名额" on all seven rows.
    from tests.helpers import read_case, run_cli, write_json

    def row(number, level):
        return {"申报编号": f"T-{number}", "企业名称": f"示例{number}", "事项": "N-08", "收件日期": "2024-07-01", "补正告知日期": "",
                "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "现场核查日期": "2024-07-08", "现场核查人员": "张伟、李娜",
                "决定": "推荐", "决定日期": "2024-07-20", "决定理由": "", "上报日期": "2024-08-01", "申报级别": level,
                "省级方案": "是", "单位类别": "省（自治区、直辖市）"}

    levels = ["国家级"] * 4 + ["省级"] * 3
    path = write_json(tmp_path / "n08.json", [row(number, level) for number, level in enumerate(levels, 1)])
    result = run_cli("check", path, "--workflow", "N-08", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.stderr
    cap = {f"T-{n}": next((f["outcome"], f["message"]) for f in read_case(tmp_path / "out", f"T-{n}")["findings"]
                          if f["rule_id"] == "APP-RECOMMEND-CAP") for n in range(1, 8)}
    national = ("pass", "本事项 2024 年度推荐 4 家，未超过名额。")
    provincial = ("not_applicable", "本行申报级别为省级：推荐名额（各省推荐不超过 3 家等）是国家技术创新示范企业认定的名额，"
                                    "省级推荐不适用，也不计入该名额。")
    assert cap == {"T-1": national, "T-2": national, "T-3": national, "T-4": national,
                   "T-5": provincial, "T-6": provincial, "T-7": provincial}

    # a fifth national recommendation is still over the cap
    path = write_json(tmp_path / "n08b.json", [row(number, level) for number, level in enumerate(["国家级"] * 5 + ["省级"], 1)])
    result = run_cli("check", path, "--workflow", "N-08", "--out", tmp_path / "out2", "--quiet")
    assert result.exit_code == 1
    assert next(f["message"] for f in read_case(tmp_path / "out2", "T-1")["findings"] if f["rule_id"] == "APP-RECOMMEND-CAP") == \
        "已开展省级认定，本事项 2024 年度推荐 5 家，超过 4 家的名额。名额是全省（自治区、直辖市）等向工业和信息化部推荐的企业数，权责清单未规定区县、市的推荐名额：本台账的推荐超过该名额，需核实是否已择优、上级能否全部推荐。"


# ---------------------------------------------------------------- fairness: one person's name written two ways


def test_a_name_with_a_note_or_a_title_is_not_a_second_person_under_the_id(tmp_path):
    # ZJ014 (马秀英 in the pool) sat on all 12 panels. One record wrote 马秀英（组长）, another 马秀英 教授:
    # the id was taken for "two different people", left out of every test, and the run was clear, exit 0.
    result, report = _fairness_of_paper_rounds(tmp_path, names=["马秀英", "马秀英（组长）", "马 秀英 教授"])
    assert result.exit_code == 1 and report["verdict"] == "flagged"
    assert [item for item in report["limits"] if item["kind"] == "id_under_two_names"] == []
    row = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ014")
    assert (row["observed"], row["flagged"]) == (12, True)


def test_another_persons_name_under_the_id_still_takes_it_out_of_the_tests(tmp_path):
    from tests.conftest import SAMPLES

    rounds = tmp_path / "rounds"
    rounds.mkdir()
    write_paper_rounds(rounds, names=["马秀英", "黄丽华（组长）"])
    run("fairness", "--rounds", rounds, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert [item["message"] for item in report["limits"] if item["kind"] == "id_under_two_names"] == [
        "专家编号 ZJ014 在轮次记录与专家库中对应 2 个不同的姓名：无法确定是同一人，该编号未参与检验（姓名不在报告中列出）。"]


# ---------------------------------------------------------------- fairness: a note in brackets after the 角色


def test_a_panel_leader_written_with_a_note_is_on_the_panel(tmp_path):
    # The round record allows a note after the 角色 (正选（组长）, README; the audit reads it so). Fairness
    # compared the raw text: the leader was on no panel, an expert leading all 12 panels was never
    # counted and the run was clear; 替补（顶替ZJ002） was no substitution, and an unreadable 角色 vanished.
    from tests.conftest import SAMPLES

    chooser = random.Random(5)
    others = [f"ZJ{number:03d}" for number in range(1, 41) if number not in (14, 2)]
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    for index in range(12):
        panel = ["ZJ014", "ZJ002", *chooser.sample(others, 5)]
        roles = {"ZJ014": "正选（组长）", "ZJ002": "已替换"}
        rows = [{"抽取记录编号": f"纸质{index}", "抽取科室": "局政工科", "专家编号": expert, "专业领域": "新材料",
                 "工作单位": "某单位", "角色": roles.get(expert, "正选")} for expert in panel]
        rows.append({"抽取记录编号": f"纸质{index}", "专家编号": "ZJ040", "专业领域": "新材料", "角色": "替补（顶替ZJ002）"})
        if index == 0:
            rows.append({"抽取记录编号": "纸质0", "专家编号": "ZJ039", "专业领域": "新材料", "角色": "专家"})
        record = {"轮次": {"轮次编号": f"P-{index:02d}", "流程类型": "W-12", "项目领域": "新材料"},
                  "流程节点": [{"节点": "专家抽取", "日期": f"2024-{index + 1:02d}-05"}], "专家抽取": rows}
        (rounds / f"P{index:02d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    result = run("fairness", "--rounds", rounds, "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert result.exit_code == 1 and report["verdict"] == "flagged"
    first = report["draws"][0]
    assert first["panel"][:2] == ["ZJ014", "ZJ002"] and len(first["panel"]) == 7
    assert [(item["replaced"], item["by"]) for item in report["substitutions"] if item["draw"] == first["id"]] == [("ZJ002", "ZJ040")]
    row = next(row for row in report["experts"]["rows"] if row["expert_id"] == "ZJ014")
    assert (row["observed"], row["flagged"]) == (12, True)
    assert [item for item in report["limits"] if item["kind"] == "unknown_role"] == [
        {"kind": "unknown_role", "draws": ["P-00（P00.json）"],
         "message": "纸质抽取 P-00（P00.json） 中 ZJ039（角色“专家”） 的角色无法识别（应为 正选、候补、替补、已替换 之一，可在括号中加注）：未计入抽取名单。"}]


# ---------------------------------------------------------------- objections: the negations replies use


def test_an_objection_found_unfounded_in_the_usual_words_is_not_upheld(tmp_path):
    # "经调查核实，异议理由不能成立" is how a reply to a 公示 objection is worded; it, 异议未成立 and
    # 异议不予成立 were read as 异议成立, and the N-07 announcement after them was noncompliant.
    from checker.core.objections import is_upheld
    from tests.helpers import read_case, run_cli, write_json

    assert [is_upheld(text) for text in ("经调查核实，异议理由不能成立", "异议未成立", "异议不予成立", "异议未能成立",
                                          "经核实，异议内容并非属实", "异议理由不成立")] == [False] * 6
    assert [is_upheld(text) for text in ("异议成立，已撤销", "反映情况部分属实", "经核实异议属实")] == [True] * 3

    rows = [{"申报编号": f"S-{n}", "企业名称": f"示例{n}", "事项": "N-07", "收件日期": "2024-01-08", "补正告知日期": "",
             "补正告知次数": 0, "受理结果": "受理", "不予受理理由": "", "现场核查日期": "2024-01-22", "现场核查人员": "张伟、李娜",
             "决定": "准予", "决定日期": "2024-02-20", "决定理由": "", "公示开始": "2024-03-01", "公示结束": "2024-03-07",
             "异议数": 1, "异议处理结果": result, "公告日期": "2024-03-15"}
            for n, result in ((1, "经调查核实，异议理由不能成立"), (2, "异议成立，已撤销"))]
    run_cli("check", write_json(tmp_path / "n07.json", rows), "--workflow", "N-07", "--out", tmp_path / "out", "--quiet")
    found = [next((f["outcome"], f["message"]) for f in read_case(tmp_path / "out", case_id)["findings"]
                  if f["rule_id"] == "DISC-ANNOUNCE-NO-OBJECTION") for case_id in ("S-1", "S-2")]
    assert found == [
        ("pass", "公示异议数：1，处理结果：经调查核实，异议理由不能成立；公告（2024-03-15）前无未处理的异议。"),
        ("fail", "公示收到异议 1 件，处理结果为“异议成立，已撤销”（异议成立），仍于 2024-03-15 公告。"),
    ]


# ---------------------------------------------------------------- ledgers: 补正完成日期 out of place


def test_corrections_completed_before_the_receipt_or_the_notice_are_named(tmp_path):
    from tests.helpers import read_case, run_cli, write_json

    rows = [dict(_ledger_row("C-1", "2024-03-04", "2024-03-07"), 补正完成日期="2024-03-02"),
            dict(_ledger_row("C-2", "2024-03-04", "2024-03-07"), 补正完成日期="2024-03-05"),
            dict(_ledger_row("C-3", "2024-03-04", "2024-03-07"), 补正完成日期="2024-03-08")]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    found = {case_id: [f["message"] for f in read_case(tmp_path / "out", case_id)["findings"] if f["rule_id"] == "INP-LEDGER-DATE"]
             for case_id in ("C-1", "C-2", "C-3")}
    assert found == {
        "C-1": ["JSON#1.补正完成日期 的补正完成日期 2024-03-02 早于 JSON#1.收件日期 的收件日期 2024-03-04，日期有误；依赖此项的规则结论可能不可靠。"],
        "C-2": ["JSON#2.补正完成日期 的补正完成日期 2024-03-05 早于 JSON#2.补正告知日期 的补正告知日期 2024-03-07，"
                "补正不会在告知之前完成，日期有误；依赖此项的规则结论可能不可靠。"],
        "C-3": [],
    }


# ---------------------------------------------------------------- recommendation rounds: a cell that says "none"


def test_an_expert_opinion_or_a_report_number_written_as_none_is_not_recorded(tmp_path):
    # W-17 over its quota: the 专家论证会 must 形成专家意见 (001:4576). 文号/材料 "无" or "未形成专家意见"
    # passed as "专家意见：无", and a 报省 whose 文号 was "无" as "已上报省工信厅：2021-04-27 无".
    from tests.helpers import run_cli, sample_round, write_json

    def audit(name, step, text):
        record = sample_round("recommend_W-17")
        next(row for row in record["流程节点"] if row["节点"] == step)["文号/材料"] = text
        record["轮次"]["轮次编号"] = name
        run_cli("audit", write_json(tmp_path / f"{name}.json", record), "--out", tmp_path / name)
        document = json.loads((tmp_path / name / "round.json").read_text(encoding="utf-8"))
        return document["verdict"], [(f["outcome"], f["grade"], f["message"]) for f in document["findings"]
                                     if f["rule_id"] in ("APP-QUOTA-EXPERT-REVIEW", "PROC-REPORT-PROVINCE")]

    # a 文号/材料 saying none records nothing, as a blank cell: the opinion is unrecorded, needs review
    # (helper-94: it was 不合规, against the README's "a blank 文号/材料 only leaves the material unrecorded")
    assert audit("Q-1", "专家论证会", "无") == ("needs_review", [
        ("missing", "needs_review",
         "专家论证会未记录形成的专家意见：2021-04-06，专家意见：无（流程节点#6.文号/材料）；无法确认论证会是否形成专家意见。"),
        ("pass", "compliant", "已上报省工信厅：2021-04-27 威工信字〔2021〕35号 请示（流程节点#10.日期）。")])
    assert audit("Q-2", "专家论证会", "未形成专家意见")[1][0][:2] == ("missing", "needs_review")
    assert audit("Q-3", "专家论证会", "／")[1][0][:2] == ("missing", "needs_review")
    assert audit("Q-4", "报省", "无")[1][1] == (
        "missing", "needs_review", "报省未写明上报的请示、报告或推荐文件：2021-04-27 无（流程节点#10.日期）。")
    assert audit("Q-5", "专家论证会", "无锡市专家论证意见")[1][0][:2] == ("pass", "compliant")


def test_the_city_list_quota_parameter_is_shown_in_words_not_by_its_option_name(tmp_path):
    # round.html printed "参数：市级名单是否同样以省里规定的数量决定须否召开专家论证会：province"
    from tests.helpers import run_cli, sample_round, write_json

    record = sample_round("recommend_W-17")
    run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "out")
    html = (tmp_path / "out" / "round.html").read_text(encoding="utf-8")
    assert "参数：市级名单是否同样以省里规定的数量决定须否召开专家论证会：以省定数量为准（按原文）" in html
    assert "province" not in html


# ---------------------------------------------------------------- ledgers: notices written in the date cell


def test_two_notice_dates_in_one_cell_are_two_notices_and_a_blank_count_is_not_a_pass(tmp_path):
    # "2024-03-06、2024-03-12" in 补正告知日期 with the count blank passed as "补正告知 空白 次，符合一次性告知的要求".
    from tests.helpers import read_case, run_cli, write_json

    def row(case_id, notice, count):
        return dict(_ledger_row(case_id, "2024-03-04", notice), 补正告知次数=count)

    rows = [row("D-1", "2024-03-06、2024-03-12", 1), row("D-2", "2024-03-06；2024-03-12", ""), row("D-3", "2024-03-06（电话）", "")]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    found = [next((f["outcome"], f["message"]) for f in read_case(tmp_path / "out", case_id)["findings"]
                  if f["rule_id"] == "APP-ONE-TIME-DEFICIENCY-NOTICE") for case_id in ("D-1", "D-2", "D-3")]
    assert found == [
        ("fail", "补正告知日期一栏记有 2 个日期（2024-03-06、2024-03-12），即补正告知 2 次（补正告知次数填“1”），超过一次性告知的要求（至多 1 次）。"),
        ("fail", "补正告知日期一栏记有 2 个日期（2024-03-06；2024-03-12），即补正告知 2 次（补正告知次数未填写），超过一次性告知的要求（至多 1 次）。"),
        ("missing", "有补正告知日期（2024-03-06（电话））\uff0c但补正告知次数未填写，无法核对是否一次性告知。"),
    ]


def test_the_time_limit_of_two_notices_in_one_cell_runs_to_the_first(tmp_path):
    # "2024-03-06、2024-03-12": APP-DEFICIENCY-NOTICE-DEADLINE said the notice date was "未填写或无法识别".
    # The first notice is the one the applicant got in time or not (行政许可法第三十二条); the second is
    # the one-time rule's matter.
    from tests.helpers import read_case, run_cli, write_json

    rows = [dict(_ledger_row("D-1", "2024-03-04", "2024-03-06、2024-03-12"), 补正告知次数=2),
            dict(_ledger_row("D-2", "2024-03-04", "2024-03-12、2024-03-08"), 补正告知次数=2)]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet")
    found = [next((f["outcome"], f["message"]) for f in read_case(tmp_path / "out", case_id)["findings"]
                  if f["rule_id"] == "APP-DEFICIENCY-NOTICE-DEADLINE") for case_id in ("D-1", "D-2")]
    assert found == [
        ("pass", "收件日期 2024-03-04，补正告知日期 2024-03-06（首次告知；该栏列有 2 个日期），为收件后第 2 个工作日，"
                 "在告知期限（最迟 2024-03-07）内。按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），"
                 "期限为 2024-03-07，本次告知为收件后第 2 日，在期限内。"),
        ("fail", "收件日期 2024-03-04，补正告知日期 2024-03-08（首次告知；该栏列有 2 个日期），为收件后第 4 个工作日，超过当场或 3 个工作日内"
                 "（最迟 2024-03-07）的告知期限。按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），"
                 "期限为 2024-03-07，本次告知为收件后第 4 日，超过期限。"),
    ]


# ---------------------------------------------------------------- recommendation rounds: departments by their names


def test_departments_written_by_their_official_names_or_abbreviations_countersigned(tmp_path):
    # W-20 with 威海市市场监督管理局 (the bureau's official name) was "会签单位不全（应为市市场监管局）",
    # noncompliant; W-21 with 市发改委 (the seed's own 发改, 001:4634) likewise.
    from tests.helpers import run_cli, sample_round, write_json

    record = sample_round("recommend_W-20")
    for row in record["流程节点"]:
        for column in ("报送对象", "发文单位"):
            if column in row:
                row[column] = row[column].replace("市市场监管局", "威海市市场监督管理局")
    run_cli("audit", write_json(tmp_path / "w20.json", record), "--out", tmp_path / "w20")
    document = json.loads((tmp_path / "w20" / "round.json").read_text(encoding="utf-8"))
    assert document["verdict"] == "compliant"
    assert [(f["outcome"], f["message"]) for f in document["findings"] if f["rule_id"] == "PROC-COUNTERSIGN"][0][0] == "pass"

    units = "市发改委、市水务局、市市场监督管理局"
    w21 = {"轮次": {"轮次编号": "W21-2021-01", "流程类型": "W-21", "专项名称": "水效领跑者", "承办科室": "绿色发展推进科"},
           "流程节点": [{"节点": "省通知", "日期": "2021-03-01", "文号/材料": "鲁工信节〔2021〕13号"},
                     {"节点": "会签", "日期": "2021-03-03", "文号/材料": "会签稿", "报送对象": units},
                     {"节点": "联合发文", "日期": "2021-03-05", "文号/材料": "威工信发〔2021〕22号", "发文单位": "市工业和信息化局、" + units},
                     {"节点": "区市推荐", "日期": "2021-03-25", "文号/材料": "推荐文件"},
                     {"节点": "征求意见", "日期": "2021-04-19", "文号/材料": "征求意见函", "报送对象": units},
                     {"节点": "报省", "日期": "2021-04-27", "文号/材料": "威工信字〔2021〕38号", "发文单位": "市工业和信息化局、" + units}]}
    run_cli("audit", write_json(tmp_path / "w21.json", w21), "--out", tmp_path / "w21")
    document = json.loads((tmp_path / "w21" / "round.json").read_text(encoding="utf-8"))
    assert document["verdict"] == "compliant", [f["message"] for f in document["findings"] if f["outcome"] == "fail"]


def test_a_department_named_only_to_say_it_did_not_sign_has_not_signed():
    # "不需要市市场监管局会签" was read as the bureau countersigning: the 市 between the negation and the
    # profile's word (市场监管) hid the negation.
    from checker.audit.facts.recommend import names_unit

    assert [names_unit(text, "市场监管") for text in ("不需要市市场监管局会签", "本次未经市市场监督管理局会签",
                                                  "未经威海市市场监管局", "不需要市水务局；市市场监管局已会签")] == [False, False, False, True]
    assert [names_unit(text, "发展改革") for text in ("市发改委", "威海市发展和改革委员会", "未经市发改委")] == [True, True, False]


# ---------------------------------------------------------------- fairness: panel lines without an id


def test_panel_lines_written_by_name_only_are_read_by_the_pool_or_stated(tmp_path):
    # A paper record listing a panel member by 姓名 with 专家编号 blank: the line vanished, the panel
    # counted 6 of 7, and nothing in the report said so.
    from tests.conftest import SAMPLES

    rows = [{"抽取记录编号": "纸质1", "抽取科室": "局政工科", "专家编号": "", "姓名": name, "专业领域": "新材料", "角色": "正选"}
            for name in ("马 秀英", "张无名")]
    rows += [{"抽取记录编号": "纸质1", "抽取科室": "局政工科", "专家编号": expert, "专业领域": "新材料", "角色": "正选"}
             for expert in ("ZJ003", "ZJ005", "ZJ007", "ZJ009", "ZJ011")]
    record = {"轮次": {"轮次编号": "P-1", "流程类型": "W-12", "项目领域": "新材料"},
              "流程节点": [{"节点": "专家抽取", "日期": "2024-03-05"}], "专家抽取": rows}
    (tmp_path / "P1.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    run("fairness", "--rounds", tmp_path / "P1.json", "--pool", SAMPLES / "experts.xlsx", "--out", tmp_path / "out")
    report = load(tmp_path / "out" / "fairness.json")
    assert report["draws"][0]["panel"] == ["ZJ014", "ZJ003", "ZJ005", "ZJ007", "ZJ009", "ZJ011"]
    limits = {item["kind"]: item["message"] for item in report["limits"]}
    assert limits["expert_id_from_name"] == "轮次记录 P-1（P1.json） 有 1 行没有专家编号，按其姓名在专家库中对应为 ZJ014（姓名不在报告中列出）。"
    assert limits["panel_row_without_id"] == (
        "纸质抽取 P-1（P1.json） 有 1 行正选没有专家编号，姓名在专家库中也没有唯一对应的专家（专家抽取#2.专家编号）："
        "未计入抽取名单，本次抽取按 6 人计，期望次数因此偏低。")
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "马" not in html and "张无名" not in html


def test_a_panel_line_without_an_id_is_named_by_its_cell_in_the_audit():
    # DRAW-SIZE-7 said "7 名：、E022、E012…": an empty item where the line without 专家编号 was.
    import tempfile
    from pathlib import Path

    from tests.helpers import run_cli, sample_round, write_json

    record = sample_round("compliant_W-12")
    record["专家抽取"][0]["专家编号"] = ""
    with tempfile.TemporaryDirectory() as folder:
        run_cli("audit", write_json(Path(folder) / "r.json", record), "--out", Path(folder) / "out")
        document = json.loads((Path(folder) / "out" / "round.json").read_text(encoding="utf-8"))
    [size] = [f["message"] for f in document["findings"] if f["rule_id"] == "DRAW-SIZE-7"]
    assert size == "参加评审的专家（正选及替补）7 名：编号空白（专家抽取#1.专家编号）、E022、E012、E002、E010、E016、E003；其中替补：无。"


def test_a_list_longer_than_the_provincial_quota_is_not_passed_in_silence(tmp_path):
    # 初步建议名单 of 10 enterprises against a 省定推荐数量 of 8 was "均符合规定" with nothing said about the count;
    # then a 未核对 line. Now PROC-PROPOSED-LIST-QUOTA (an inference from 001:4576/4578, so needs review, not
    # 不合规) says the list is longer than the province allows.
    from tests.helpers import run_cli, sample_round, write_json

    record = sample_round("recommend_W-17")
    next(row for row in record["流程节点"] if row["节点"] == "初步建议名单")["决议内容"] = "、".join(f"企业{n}" for n in range(10))
    run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "out")
    document = json.loads((tmp_path / "out" / "round.json").read_text(encoding="utf-8"))
    found = [(f["outcome"], f.get("grade"), f["message"]) for f in document["findings"] if f["rule_id"] == "PROC-PROPOSED-LIST-QUOTA"]
    assert found == [("fail", "needs_review", "初步建议名单（流程节点#8.决议内容）列有 10 家企业：企业0、企业1、企业2、企业3、企业4、"
                                              "企业5、企业6、企业7、企业8、企业9，多于省定推荐数量 8，超出的企业无法全部推荐。")]
    assert document["verdict"] == "needs_review"


def test_a_shared_rank_names_the_other_rows_sharing_it(tmp_path):
    import pickle

    from checker.check.facts.ledger import RankCounter
    from tests.helpers import read_case, run_cli, write_json

    rows = [{"申报编号": f"Z-{n}", "企业名称": f"示例{n}", "事项": "N-09", "收件日期": "2023-05-08", "补正告知日期": "", "补正告知次数": 0,
             "受理结果": "受理", "不予受理理由": "", "决定": "推荐", "决定日期": "2023-06-01", "决定理由": "", "现场核查日期": "2023-05-20",
             "上报日期": "2023-06-10", "排序": rank} for n, rank in ((1, 1), (2, 2), (3, "第一名"))]
    run_cli("check", write_json(tmp_path / "n09.json", rows), "--workflow", "N-09", "--out", tmp_path / "out", "--quiet")
    assert [f["message"] for f in read_case(tmp_path / "out", "Z-3")["findings"] if f["rule_id"] == "INP-LEDGER-RANK"] == [
        "JSON#3.排序 的排序 1 在 N-09 同一年度的推荐中有 2 行使用（另见 JSON#1.排序），排序并列。"]
    counter = RankCounter({("N-09", 2023, 1): 2})
    counter.refs[("N-09", 2023, 1)] = ["A2", "A4"]
    assert pickle.loads(pickle.dumps(counter)).refs == {("N-09", 2023, 1): ["A2", "A4"]}  # as --jobs workers get it


# ---------------------------------------------------------------- supervision: an entry dated after the reference date


def test_a_project_listed_after_the_reference_date_is_not_said_to_be_absent_from_the_list(tmp_path):
    # The list held the project from 2025-02-01; checked --as-of 2024-01-01 the finding said it was not on
    # the list and the enterprise had no other project there ("其他项目：无"), leaving the reader to hunt.
    from openpyxl import Workbook

    from tests.helpers import read_case, run_cli

    book = Workbook()
    sheet = book.active
    sheet.append(["申报编号", "企业名称", "项目总投资（万元）", "统一社会信用代码", "项目名称"])
    sheet.append(["P1", "甲", 800, "91130110MA0000301J", "鹿泉示例301技改项目"])
    book.save(tmp_path / "projects.xlsx")
    (tmp_path / "list.csv").write_text("统一社会信用代码,企业名称,项目名称,日期,文号\n"
                                       "91130110MA0000301J,甲,鹿泉示例301技改项目,2025-02-01,督导清单\n", encoding="utf-8")
    run_cli("check", tmp_path / "projects.xlsx", "--workflow", "L-03", "--supervision-list", tmp_path / "list.csv",
            "--as-of", "2024-01-01", "--out", tmp_path / "out", "--quiet")
    [finding] = [f for f in read_case(tmp_path / "out", "P1")["findings"] if f["rule_id"] == "MON-500W"]
    assert (finding["outcome"], finding["message"]) == (
        "fail", "项目总投资 800 万元，达到 500 万元的督导门槛，但不在督导项目清单（list.csv）中（项目单位 91130110MA0000301J；"
                "清单中该单位的其他项目：无；清单中该单位另有列入日期晚于参考日期 2024-01-01 的条目（参考日期时尚未列入）："
                "甲，项目 鹿泉示例301技改项目，日期 2025-02-01，文号 督导清单）。")


def test_a_notice_on_a_rest_day_after_the_receipt_is_not_called_an_on_the_spot_notice(tmp_path):
    # 收件 Friday 2020-07-03, notice Saturday 07-04: no working day between. The report read
    # "为收件后第 0 个工作日（当场告知为第 0 个）", as if given on the spot; one given on the day is.
    from tests.helpers import read_case, run_cli, write_json

    rows = [_ledger_row("R-1", "2020-07-03", "2020-07-04"), _ledger_row("R-2", "2020-07-03", "2020-07-03")]
    run_cli("check", write_json(tmp_path / "l.json", rows), "--workflow", "N-04", "--out", tmp_path / "out", "--quiet",
            "--per-case", "all")
    found = [next(f for f in read_case(tmp_path / "out", case_id)["findings"] if f["rule_id"] == "APP-DEFICIENCY-NOTICE-DEADLINE")
             for case_id in ("R-1", "R-2")]
    assert [(f["outcome"], f["message"]) for f in found] == [
        ("pass", "收件日期 2020-07-03，补正告知日期 2020-07-04，为收件后第 1 日，收件次日至告知日均为休息日，其间没有工作日，"
                 "在告知期限（最迟 2020-07-08）内。按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），"
                 "期限为 2020-07-06，本次告知为收件后第 1 日，在期限内。"),
        ("pass", "收件日期 2020-07-03，补正告知日期 2020-07-03，为收件当日（当场告知），在告知期限（最迟 2020-07-08）内。"
                 "按自然日计算（收件次日起算 3 日，期限最后一日为休息日的顺延至下一工作日），期限为 2020-07-06，本次告知为收件后第 0 日，在期限内。"),
    ]
