"""fundcheck audit via click's CliRunner: whole findings with their grades, the draw re-derived,
readings, a holidays file, two copies of one round, absent sheets, bad input, several rounds."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from checker.audit.patch import apply_patch
from checker.audit.template import write_round_workbook
from checker.core.rulebook import load_rulebook
from checker.fixtures import write_model_ledger
from tests.helpers import ROUNDS, run_cli, sample_round

BOOK = load_rulebook()


def compliant_w12() -> dict:
    return sample_round("compliant_W-12")


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rounds")
    records = {"ok": compliant_w12(), "bad": sample_round("noncompliant_W-08")}
    for name, record in records.items():
        (folder / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        write_round_workbook(record, folder / f"{name}.xlsx")
    shutil.copy(ROUNDS / "ledger.db", folder / "ledger.db")
    shutil.copy(ROUNDS / "draw_W12-2020-01.json", folder / "draw.json")
    return folder


def run(*args):
    return run_cli("audit", *args)


def findings(out: Path) -> tuple[dict, dict]:
    data = json.loads((out / "round.json").read_text(encoding="utf-8"))
    return data, {f["rule_id"]: (f["outcome"], f["message"]) for f in data["findings"]}


def graded(data: dict) -> dict:
    return {f["rule_id"]: (f["outcome"], f.get("grade")) for f in data["findings"]}


def visible_text(html: str) -> str:
    """What a reader sees: no style sheet, no tags (class names are not read)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S))


def _write(tmp_path, record, name="r.json"):
    path = tmp_path / name
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_compliant_round_with_ledger(samples, tmp_path):
    result = run(samples / "ok.xlsx", "--out", tmp_path, "--ledger", samples / "ledger.db")
    assert result.exit_code == 0, result.output
    data, by_rule = findings(tmp_path)
    assert data["round_id"] == "W12-2020-01" and data["verdict"] == "compliant"
    # the fund steps after the award (LIFE-*) are not recorded in this round: not applicable
    assert {rule: value for rule, value in graded(data).items()} == {
        rule: ("not_applicable" if rule.startswith("LIFE-") else "pass", "compliant") for rule in by_rule}
    assert by_rule["PROC-3I1L-MID"][1] == (
        "事中报告单按时报送“派驻纪检监察组”（自然日口径，会前 3 天）：事中报告 2020-04-16，党组会 2020-04-22，"
        "相隔 6 个自然日；自然日口径最迟 2020-04-19，工作日口径最迟 2020-04-17。")
    # no ledger entry type or JSON key in English: the report is read by the inspector
    assert by_rule["DRAW-RANDOM"][1] == (
        "账本第 1 条（抽取，抽取记录哈希 55756d9017ab…）与记录一致，账本链校验通过，由账本条目所载可抽取名单与随机种子"
        "按 RFC 3797 复算结果一致，抽取于北京时间 2020-04-03，不晚于专家评审 2020-04-10；一步抽取：随机数来源（双色球 第2020030期）"
        "与号码在抽取时一并输入，复算只证明名单由这些号码得出，不能证明来源是在号码公布之前、回避名单确定之后指定的"
        "（经办人可能在已知号码后挑选来源或回避名单）；如需证明，须在开奖前承诺来源、开奖后揭示。")
    assert data["calendar"] == [{"year": 2020, "source": "library", "library": "chinesecalendar 1.11.0",
                                 "text": "2020 年：chinesecalendar 1.11.0（国务院办公厅当年放假安排通知）"}]
    html = (tmp_path / "round.html").read_text(encoding="utf-8")
    for words in ("时间线", "决策情况表报送截止（自然日口径）", "节假日数据来源", "审计人：", "复核人：", "日期：",
                  "审计结论：程序合规。", "按自然日口径通过；按工作日口径结论相同。"):
        assert words in html, words
    md = (tmp_path / "round.md").read_text(encoding="utf-8")
    assert "## 审计意见" in md and "审计结论：程序合规。" in md


def test_no_internal_ids_in_the_human_reports(samples, tmp_path):
    run(samples / "bad.xlsx", "--out", tmp_path)
    for name in ("round.html", "round.md"):
        text = visible_text((tmp_path / name).read_text(encoding="utf-8"))
        for internal in ("PROC-", "DRAW-", "DISC-", "ARCH-", "AMB-", "001_92b0dbd82849a40b.txt", "noncompliant",
                         "needs_review", "fail_grade", "meeting_lead_days", "day_reading"):
            assert internal not in text, (name, internal)
        assert not re.search(r"(?<![a-z])(calendar|working)(?![a-z])", text), name
    data = json.loads((tmp_path / "round.json").read_text(encoding="utf-8"))
    post = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-POST-3D")
    assert post["grade_basis"]["ambiguities"] == ["AMB-02", "AMB-05", "AMB-06", "AMB-39"]
    assert post["grade_basis"]["readings"] == [{"day_reading": "working", "outcome": "fail"}]


def test_compliant_round_without_ledger_needs_review(samples, tmp_path):
    result = run(samples / "ok.json", "--out", tmp_path)
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path)
    assert data["verdict"] == "needs_review"
    assert by_rule["DRAW-RANDOM"] == ("missing", "抽取记录编号 1；未提供抽取账本，无法核对账本。")


def test_noncompliant_round_whole_findings(samples, tmp_path):
    result = run(samples / "bad.xlsx", "--out", tmp_path)
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path)
    assert data["verdict"] == "noncompliant"
    assert graded(data) == {
        "INP-ROUND-STEP": ("fail", "needs_review"),  # a record problem is graded too (h35)
        "INP-ROUND-DATE": ("fail", "needs_review"),
        "PROC-3I1L-PRE": ("pass", "compliant"),
        "PROC-3I1L-PRE-CONSENT": ("fail", "noncompliant"),
        "PROC-DISTRICT-RECOMMEND": ("pass", "compliant"),
        "PROC-3I1L-REVIEW": ("fail", "noncompliant"),
        "PROC-ELIGIBLE-BEFORE-REVIEW": ("pass", "compliant"),
        # its 党组会 row names the 评审排名结果 it studied (001:2824): the plan existed when it sat (h94)
        "PROC-ALLOC-PLAN": ("pass", "compliant"),
        "PROC-3I1L-MID": ("fail", "noncompliant"),
        "PROC-PARTY-MEETING": ("missing", "needs_review"),
        "PROC-TWO-STAGE": ("pass", "compliant"),
        "PROC-3I1L-POST": ("fail", "noncompliant"),
        "PROC-3I1L-POST-3D": ("fail", "noncompliant"),
        "PROC-STEP-ORDER": ("fail", "noncompliant"),
        "DRAW-SIZE-7": ("fail", "noncompliant"),
        "DRAW-BY-ZGK": ("fail", "noncompliant"),
        "DRAW-BY-FIELD": ("fail", "needs_review"),
        "DRAW-COI": ("pass", "compliant"),
        "DRAW-RANDOM": ("missing", "needs_review"),
        "DISC-REQUIRED": ("pass", "compliant"),
        "DISC-PERIOD": ("fail", "needs_review"),
        "DISC-AFTER-DECISION": ("pass", "compliant"),
        "DISC-NO-OBJECTION-GATE": ("fail", "noncompliant"),
        "DISC-CONTENT-MATCH": ("fail", "noncompliant"),
        "DISC-STAGE2-RECOGNISED": ("pass", "compliant"),
        "ARCH-DECISION-TRAIL": ("missing", "needs_review"),
    }
    assert by_rule["PROC-3I1L-PRE-CONSENT"][1] == "申报通知 2020-06-02 早于纪检组同意 2020-06-03。"
    assert by_rule["DRAW-SIZE-7"][1] == "参加评审的专家（正选及替补）6 名（E001、E002、E003、E004、E005、E006），应为 7 名。"
    assert by_rule["PROC-3I1L-POST"][1] == "决策情况（备案）表的报送对象为“局政工科”，未报送派驻纪检监察组（应报送：局政工科、派驻纪检监察组）。"
    assert by_rule["DISC-PERIOD"][1].startswith("公示期只有 3 个工作日，少于 5 个：第1阶段公示 2020-09-29 至 2020-10-09（公示!A2）")
    assert by_rule["DISC-CONTENT-MATCH"][1] == "公示名单与决议名单不一致：第1阶段公示有而决议无：C公司。"
    assert by_rule["INP-ROUND-STEP"][1] == "流程节点!A11 的节点名称“专家打分”不是可识别的步骤（是否为“专家评审”？）；该行未参与审计。"
    step = next(f for f in data["findings"] if f["rule_id"] == "INP-ROUND-STEP")
    # the names to write, one per step: not the 70 spellings read too (局党组会议, 上报省工信厅 …)
    assert step["remedy"].startswith("请更正为节点名称之一（事前报告、纪检组同意、发布申报通知、区市推荐、")
    assert "局党组会议" not in step["remedy"] and "党组会、" in step["remedy"]
    assert by_rule["INP-ROUND-DATE"][1].startswith("流程节点 第 15 行（流程节点!B15）的值“2020年13月1日”无法识别")
    post3d = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-POST-3D")
    assert post3d["reading"] == "自然日口径" and post3d["other_reading"]["outcome"] == "fail"
    assert post3d["grade_text"] == "按自然日口径不通过；按工作日口径结论相同。决策情况表于会后三天报送是履职清单明定的时限，定为不合规。"
    assert data["readings"]["PROC-3I1L-MID"] == "自然日口径"
    assert data["conclusion"].endswith("审计结论：程序不合规。")


def _w12_with(changes: dict) -> dict:
    return apply_patch(compliant_w12(), changes)


def test_a_fail_under_one_reading_needs_review_and_a_chosen_reading_decides(tmp_path):
    record = _w12_with({"流程节点": {"事中报告": {"日期": "2020-04-17"}, "党组会": {"日期": "2020-04-21"},
                                   "决策备案": {"日期": "2020-04-22"}}})
    path = _write(tmp_path, record)
    run(path, "--out", tmp_path / "default")
    data, _ = findings(tmp_path / "default")
    mid = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-MID")
    assert (mid["outcome"], mid["grade"], mid["severity"]) == ("pass", "needs_review", "review")
    assert mid["grade_text"] == "按自然日口径通过；按工作日口径为“不通过”。两种计日方法结论不同，履职清单未明定采用哪一种，列为需人工复核。"
    for reading, outcome, other, grade in (("calendar", "pass", "fail", "compliant"), ("working", "fail", "pass", "noncompliant")):
        out = tmp_path / reading
        run(path, "--out", out, "--day-reading", reading)
        data, _ = findings(out)
        mid = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-MID")
        assert (mid["outcome"], mid["grade"]) == (outcome, grade)
        assert mid["other_reading"] == {"reading": "工作日口径" if reading == "calendar" else "自然日口径", "outcome": other, "differs": True}
        assert mid["message"].endswith(f"（按{mid['other_reading']['reading']}结果为“{'不通过' if other == 'fail' else '通过'}”。）")
        assert "（审计人指定）" in mid["grade_text"] and data["day_reading_chosen"] == reading
        assert "（由审计人指定）" in (out / "round.html").read_text(encoding="utf-8")


def test_the_draw_is_re_derived_from_a_draw_record_when_the_entry_lacks_its_inputs(samples, tmp_path):
    legacy = tmp_path / "legacy.db"  # an entry of the earlier format: no eligible list, no seed
    made = write_model_ledger(legacy, "W12-2020-01", {"legacy": True})
    drawn = _write(tmp_path, made, "draw.json")
    result = run(samples / "ok.json", "--out", tmp_path / "without", "--ledger", legacy)
    _, by_rule = findings(tmp_path / "without")
    assert (result.exit_code, by_rule["DRAW-RANDOM"][0]) == (1, "missing")
    assert by_rule["DRAW-RANDOM"][1] == "账本第 1 条未载可抽取名单和随机种子，无法复算抽取；请提供该次抽取的记录。"
    result = run(samples / "ok.json", "--out", tmp_path / "with", "--ledger", legacy, "--draw-record", drawn)
    data, by_rule = findings(tmp_path / "with")
    assert (result.exit_code, data["verdict"], by_rule["DRAW-RANDOM"][0]) == (0, "compliant", "pass")
    assert "由抽取记录按 RFC 3797 复算结果一致，记录与账本条目相符" in by_rule["DRAW-RANDOM"][1]
    tampered = dict(made, panel=list(reversed(made["panel"])))
    (tmp_path / "tampered.json").write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    run(samples / "ok.json", "--out", tmp_path / "tampered", "--ledger", legacy, "--draw-record", tmp_path / "tampered.json")
    data, by_rule = findings(tmp_path / "tampered")
    assert (by_rule["DRAW-RANDOM"][0], data["verdict"]) == ("fail", "noncompliant")
    assert by_rule["DRAW-RANDOM"][1].startswith("抽取记录无法在账本中复核：抽取记录复核不一致：")


def test_a_draw_record_without_a_ledger_or_not_a_draw_exits_2(samples, tmp_path):
    result = run(samples / "ok.json", "--out", tmp_path / "o", "--draw-record", samples / "draw.json")
    assert result.exit_code == 2 and "--draw-record 须与 --ledger 一同给出" in result.stderr
    not_a_draw = _write(tmp_path, {"kind": "commit"}, "c.json")
    result = run(samples / "ok.json", "--out", tmp_path / "o", "--ledger", samples / "ledger.db", "--draw-record", not_a_draw)
    assert result.exit_code == 2 and "不是抽取记录" in result.stderr


HOLIDAYS_2027 = {"年份": 2027, "文号": "测试用放假安排", "放假": ["2027-01-01", "2027-04-05", "2027-05-01~2027-05-05"],
                 "调休上班": ["2027-04-25", "2027-05-08"]}


def _shift_to_2027(record: dict) -> dict:
    import datetime as dt

    shift = dt.date(2027, 3, 3) - dt.date(2020, 3, 4)  # 2020-03-04 (Wed) → 2027-03-03 (Wed): weekdays kept
    for sheet, columns in (("流程节点", ("日期",)), ("公示", ("开始日期", "结束日期"))):
        for row in record.get(sheet) or []:
            for column in columns:
                if row.get(column):
                    row[column] = (dt.date.fromisoformat(row[column]) + shift).isoformat()
    record["轮次"]["轮次编号"] = record["轮次"]["轮次编号"].replace("2020", "2027")
    return record


@pytest.mark.parametrize("workflow", ["W-08", "W-12"])
def test_a_2027_round_is_fully_judged_with_a_holidays_file(tmp_path, workflow):
    record = _shift_to_2027(json.loads(json.dumps(BOOK.bases[f"{workflow}-compliant"], ensure_ascii=False)))
    path = _write(tmp_path, record)
    run(path, "--out", tmp_path / "without", "--day-reading", "working")
    _, by_rule = findings(tmp_path / "without")
    unknown = sorted(rule for rule, (outcome, message) in by_rule.items() if outcome == "missing" and "2027" in message)
    assert unknown and all("节假日数据不含 2027 年" in by_rule[rule][1] for rule in unknown)
    holidays = tmp_path / "holidays.yaml"
    holidays.write_text(yaml.safe_dump(HOLIDAYS_2027, allow_unicode=True), encoding="utf-8")
    ledger = tmp_path / "ledger.db"
    write_model_ledger(ledger, record["轮次"]["轮次编号"], {"at": "2027-04-02T09:30:00+08:00"})
    # a round of 2027 audited as of its year's end (the day the audit runs would find its dates still to come)
    result = run(path, "--out", tmp_path / "with", "--day-reading", "working", "--holidays", holidays, "--ledger", ledger,
                 "--as-of", "2027-12-31")
    data, by_rule = findings(tmp_path / "with")
    assert {rule: outcome for rule, (outcome, _) in by_rule.items() if outcome not in ("pass", "not_applicable")} == {}
    assert (result.exit_code, data["verdict"]) == (0, "compliant")
    assert data["calendar"] == [{"year": 2027, "source": "file", "file": "holidays.yaml", "notice": "测试用放假安排",
                                 "text": "2027 年：节假日文件 holidays.yaml（测试用放假安排）"}]


@pytest.mark.parametrize("content,message", [
    ([HOLIDAYS_2027, HOLIDAYS_2027], "重复给出 2027 年"),
    (dict(HOLIDAYS_2027, 调休上班=["2027-05-03"]), "2027-05-03 既列为放假又列为上班"),
    (dict(HOLIDAYS_2027, 放假=["2026-12-31"]), "2026-12-31 不在所列年份 2027 年内"),
    (dict(HOLIDAYS_2027, 放假=["五月一日"]), "不是日期"),
    (dict(HOLIDAYS_2027, 放假=["2027-05-05~2027-05-01"]), "结束早于开始"),
], ids=["year-twice", "holiday-and-workday", "outside-the-year", "unreadable-date", "reversed-range"])
def test_a_holidays_file_in_doubt_exits_2(samples, tmp_path, content, message):
    holidays = tmp_path / "h.yaml"
    holidays.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    result = run(samples / "ok.json", "--out", tmp_path / "o", "--holidays", holidays)
    assert result.exit_code == 2 and message in result.stderr


def test_a_holidays_sheet_works_like_the_yaml(samples, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "节假日"
    sheet.append(["年份", "日期", "类型", "文号"])
    for day in ("2027-04-05", "2027-05-01~2027-05-05"):
        sheet.append([2027, day, "放假", "测试用放假安排"])
    sheet.append([2027, "2027-05-08", "上班", "测试用放假安排"])
    workbook.save(tmp_path / "h.xlsx")
    record = _shift_to_2027(json.loads(json.dumps(BOOK.bases["W-12-compliant"], ensure_ascii=False)))
    run(_write(tmp_path, record), "--out", tmp_path / "o", "--day-reading", "working", "--holidays", tmp_path / "h.xlsx")
    data, by_rule = findings(tmp_path / "o")
    assert by_rule["PROC-3I1L-MID"][0] == by_rule["PROC-3I1L-POST-3D"][0] == "pass"
    assert data["calendar"][0]["text"] == "2027 年：节假日文件 h.xlsx（测试用放假安排）"
    sheet.append([2027, "2027-05-03", "上班", "测试用放假安排"])
    workbook.save(tmp_path / "h.xlsx")
    result = run(_write(tmp_path, record), "--out", tmp_path / "o2", "--holidays", tmp_path / "h.xlsx")
    assert result.exit_code == 2 and "既列为放假又列为上班" in result.stderr


def test_several_rounds_and_folder(samples, tmp_path):
    result = run(samples / "ok.json", samples / "bad.json", "--out", tmp_path, "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    assert (tmp_path / "W12-2020-01" / "round.json").exists() and (tmp_path / "W08-2020-02" / "round.html").exists()
    index = json.loads((tmp_path / "rounds.json").read_text(encoding="utf-8"))
    assert [(i["round_id"], i["verdict"]) for i in index] == [("W12-2020-01", "compliant"), ("W08-2020-02", "noncompliant")]
    # index.html: the counts, then one line per round in words (no rule ids) with a link to its report
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<td>2 轮</td><td>1</td><td>1</td><td>0</td>" in html
    lines = re.findall(r'<tr><td>(\d+)</td><td class="nowrap">([^<]+)</td>.*?<td class="nowrap v-(\w+)">([^<]+)</td>.*?<a href="([^"]+)">', html, re.S)
    assert lines == [("1", "W12-2020-01", "compliant", "合规", "W12-2020-01/round.html"),
                     ("2", "W08-2020-02", "noncompliant", "不合规", "W08-2020-02/round.html")]
    assert "公示无异议后方行文认定" in html and not re.search(r"\b(?:PROC|DRAW|DISC|ARCH|INP)-[A-Z]", html)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text((samples / "ok.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert run(folder, "--out", tmp_path / "f", "--ledger", samples / "ledger.db").exit_code == 0


def test_two_records_of_one_round_the_first_in_sorted_order_is_audited(samples, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "ok.json", folder / "a.json")
    shutil.copy(samples / "ok.xlsx", folder / "b.xlsx")  # the same round as a workbook
    result = run(folder, "--out", tmp_path / "same", "--ledger", samples / "ledger.db")
    assert result.exit_code == 0
    assert result.stderr.strip() == "警告：轮次 W12-2020-01 有两份记录：审计 a.json，跳过 b.xlsx（两份内容相同）"
    changed = _w12_with({"流程节点": {"决策备案": {"日期": "2020-04-24"}}})
    _write(folder, changed, "c.json")
    result = run(folder, "--out", tmp_path / "differ", "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    assert "跳过 c.json（两份内容不同，请核实哪一份是正式记录）" in result.stderr
    data, _ = findings(tmp_path / "differ")
    assert data["source"] == "a.json" and data["verdict"] == "compliant"


def test_two_records_whose_ids_differ_only_in_case_are_one_round(samples, tmp_path):
    # The draw and DRAW-RANDOM take W12-2020-01 and w12-2020-01 for one round; the audit reported
    # both, as two rounds, with the same ledger draw verified for each.
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "ok.json", folder / "a.json")
    _write(folder, _w12_with({"轮次": {"轮次编号": "w12-2020-01"}}), "b.json")
    result = run(folder, "--out", tmp_path / "o", "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("警告：轮次 W12-2020-01（另一份写作 w12-2020-01） 有两份记录：审计 a.json，跳过 b.json"
                                     "（两份内容不同，请核实哪一份是正式记录）")
    data, _ = findings(tmp_path / "o")
    assert data["source"] == "a.json" and data["verdict"] == "compliant"


def test_an_expert_from_an_enterprise_the_meeting_passed_needs_review(samples, tmp_path):
    # E003 works for 甲材料公司, which the 党组会 passed: the round was 合规 without a word.
    record = compliant_w12()
    record["专家抽取"][6]["工作单位"] = "甲材料公司"
    result = run(_write(tmp_path, record), "--out", tmp_path / "o", "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path / "o")
    assert by_rule["DRAW-COI"] == ("fail", "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：E003（甲材料公司，专家抽取#7.工作单位）。")
    assert data["verdict"] == "needs_review"


def _draw_random_against(tmp_path, *entries) -> tuple[str, str]:
    """DRAW-RANDOM's (outcome, message) for the compliant W-12 round against a model ledger of
    ``entries`` (each a change to the model draw, or None for it unchanged); the round fails."""
    from checker.fixtures import write_model_ledger

    for change in entries:
        write_model_ledger(tmp_path / "l.db", "W12-2020-01", change)
    result = run(_write(tmp_path, compliant_w12()), "--out", tmp_path / "o", "--ledger", tmp_path / "l.db")
    assert result.exit_code == 1
    return findings(tmp_path / "o")[1]["DRAW-RANDOM"]


def test_a_draw_the_ledger_records_as_made_by_another_office_fails(tmp_path):
    # The sheet says 局政工科; the ledger entry (append-only, hash-chained) says 科技科 drew: both
    # DRAW-BY-ZGK and DRAW-RANDOM passed, the latter as "与记录一致".
    assert _draw_random_against(tmp_path, {"operator": "科技科"}) == ("fail", "抽取记录无法在账本中复核：账本第 1 条记载的抽取科室为“科技科”，不是局政工科，"
                                              "与轮次记录的抽取科室“局政工科”（专家抽取#1.抽取记录编号 等 7 行）不符。")


def test_the_panel_of_a_draw_a_later_draw_of_the_round_replaced_fails(tmp_path):
    # entry 2 draws the same round and field again: entry 1 is no longer the draw of record (draw
    # verify --ledger says 已被取代), yet a review by its panel passed as "与记录一致".
    assert _draw_random_against(tmp_path, None, {"at": "2020-04-04T09:30:00+08:00"}) == ("fail", "抽取记录无法在账本中复核：账本第 1 条的抽取已被第 2 条（抽取）取代，"
                                              "轮次记录（专家抽取#1.抽取记录编号 等 7 行）所列是被取代的抽取；现行的抽取是账本第 2 条。")


def test_the_panel_of_a_draw_a_later_draw_of_overlapping_fields_replaced_fails(tmp_path):
    # entry 2 draws the round again with one field added: 新材料 was drawn again for the round
    assert _draw_random_against(tmp_path, None, {"at": "2020-04-04T09:30:00+08:00", "fields": ["新材料", "智能制造"]}) == (
        "fail", "抽取记录无法在账本中复核：账本第 1 条的抽取已被第 2 条（抽取）取代，"
                "轮次记录（专家抽取#1.抽取记录编号 等 7 行）所列是被取代的抽取；现行的抽取是账本第 2 条。")


def test_round_md_says_what_to_do_and_on_what_ground(samples, tmp_path):
    # round.md gave the finding and its grade only: the remedy and the seed passage were in the HTML
    record = compliant_w12()
    for row in record["专家抽取"]:
        row["抽取科室"] = "科技科"
    run(_write(tmp_path, record), "--out", tmp_path / "o", "--ledger", samples / "ledger.db")
    line = next(line for line in (tmp_path / "o" / "round.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("| 专家由局政工科抽取 |"))
    assert line == (
        "| 专家由局政工科抽取 | 不通过 | 不合规 | 以下专家抽取行的抽取科室不是局政工科：“科技科”（专家抽取#1.抽取科室 等 7 行）。 定性理由：专家由局政工科抽取是履职清单明定的要求，"
        "定为不合规。 处理建议：说明由承办科室抽取的原因。 依据：《威海市工业和信息化局履职清单》（2020年7月）"
        "非公有制经济（中小企业）发展科职责清单 › “专精特新”中小企业申报工作流程：“局政工科按照项目领域，"
        "通过市工信局项目专家库随机抽取7名专家” |")


def test_a_blank_unit_is_filled_from_the_pool_for_the_conflict_check(samples, tmp_path):
    from tests.fixtures.draw.helpers import POOL_HEADERS, write_xlsx

    record = compliant_w12()
    record["专家抽取"][6]["工作单位"] = ""
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, [("E003", "专家3", "甲材料公司", "新材料", "在库", "", "否", "")])
    result = run(_write(tmp_path, record), "--out", tmp_path / "o", "--ledger", samples / "ledger.db", "--pool", pool)
    assert result.exit_code == 1
    _, by_rule = findings(tmp_path / "o")
    assert by_rule["DRAW-COI"] == ("fail", "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：E003（甲材料公司，专家库）。")
    result = run(_write(tmp_path, record), "--out", tmp_path / "p", "--ledger", samples / "ledger.db")
    assert findings(tmp_path / "p")[1]["DRAW-COI"] == ("missing", "以下参加评审的专家未填写工作单位，无法核对回避：E003。")


@pytest.mark.parametrize("sheet,rules", [
    ("归档", ["ARCH-LIST-9-FUNDS"]),
    ("专家抽取", ["DRAW-SIZE-7", "DRAW-BY-ZGK", "DRAW-BY-FIELD", "DRAW-COI", "DRAW-RANDOM"]),
])
def test_an_absent_sheet_gives_missing_findings_not_exit_2(samples, tmp_path, sheet, rules):
    record = compliant_w12()
    del record[sheet]
    result = run(_write(tmp_path, record), "--out", tmp_path / "o", "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path / "o")
    assert {rule for rule, (outcome, _) in by_rule.items() if outcome not in ("pass", "not_applicable")} == set(rules)
    assert all(by_rule[rule][0] == "missing" for rule in rules) and data["verdict"] == "needs_review"


def test_an_absent_disclosure_sheet_is_missing(tmp_path):
    record = json.loads(json.dumps(BOOK.bases["W-09-compliant"], ensure_ascii=False))
    del record["公示"]
    run(_write(tmp_path, record), "--out", tmp_path / "o")
    _, by_rule = findings(tmp_path / "o")
    assert {rule: by_rule[rule][0] for rule in by_rule if rule.startswith("DISC-")} == {
        "DISC-REQUIRED": "missing", "DISC-PERIOD": "missing", "DISC-AFTER-DECISION": "missing",
        "DISC-CONTENT-MATCH": "missing", "DISC-CHANNEL-WEBSITE": "missing", "DISC-OBJECTIONS-HANDLED": "missing"}


def test_missing_round_sheets_exit_2(tmp_path):
    for sheet in ("流程节点", "轮次"):
        record = compliant_w12()
        del record[sheet]
        assert run(_write(tmp_path, record), "--out", tmp_path / "o").exit_code == 2


def test_unknown_workflow_exits_2(tmp_path):
    record = compliant_w12()
    record["轮次"]["流程类型"] = "W-99"
    result = run(_write(tmp_path, record), "--out", tmp_path / "o")
    assert result.exit_code == 2 and "未知的流程「W-99」" in result.output


def test_a_mistyped_workflow_in_a_round_record_names_its_file(tmp_path):
    record = compliant_w12()
    record["轮次"]["流程类型"] = "W12"
    path = _write(tmp_path, record)
    result = run(path, "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert result.output.startswith(f"错误：{path.name}：工作表「轮次」的流程类型：未知的流程「W12」（是否为 W-12？）；可用的流程：")


def test_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run(bad, "--out", tmp_path / "o").exit_code == 2
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"not a zip")
    result = run(broken, "--out", tmp_path / "o")
    assert result.exit_code == 2 and "x.xlsx」：不是 .xlsx 工作簿（不是 zip 包）" in result.output
    assert run(tmp_path / "nope.json", "--out", tmp_path / "o").exit_code == 2


def test_undated_meeting_is_missing_never_pass(samples, tmp_path):
    record = _w12_with({"流程节点": {"党组会": {"日期": ""}}})
    run(_write(tmp_path, record), "--out", tmp_path / "o", "--ledger", samples / "ledger.db")
    _, by_rule = findings(tmp_path / "o")
    for rule_id in ("PROC-3I1L-MID", "PROC-3I1L-POST-3D", "PROC-PARTY-MEETING"):
        assert by_rule[rule_id][0] == "missing", rule_id
    assert "（流程节点#11.日期）" in by_rule["PROC-PARTY-MEETING"][1]


def test_yaml_input(tmp_path, samples):
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(compliant_w12(), allow_unicode=True), encoding="utf-8")
    assert run(path, "--out", tmp_path / "o", "--ledger", samples / "ledger.db").exit_code == 0
