"""fundcheck audit via click's CliRunner on audit_command: whole findings, bad input, several rounds."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from checker.audit.template import write_round_workbook
from tests.helpers import ROUNDS, run_cli, sample_round


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
    return folder


def run(*args):
    return run_cli("audit", *args)


def findings(out: Path) -> dict:
    data = json.loads((out / "round.json").read_text(encoding="utf-8"))
    return data, {f["rule_id"]: (f["outcome"], f["message"]) for f in data["findings"]}


def test_compliant_round_with_ledger(samples, tmp_path):
    result = run(samples / "ok.xlsx", "--out", tmp_path, "--ledger", samples / "ledger.db")
    assert result.exit_code == 0, result.output
    data, by_rule = findings(tmp_path)
    assert data["round_id"] == "W12-2020-01" and data["verdict"] == "compliant"
    assert all(outcome == "pass" for outcome, _ in by_rule.values())
    assert by_rule["PROC-3I1L-MID"][1] == (
        "事中报告单按时报送“派驻纪检监察组”（自然日口径，会前 3 天）：事中报告 2020-04-21，党组会 2020-04-24，"
        "相隔 3 个自然日；自然日口径最迟 2020-04-21，工作日口径最迟 2020-04-21。")
    assert by_rule["DRAW-RANDOM"][1].startswith("账本第 1 条（draw")
    assert (tmp_path / "round.html").exists() and (tmp_path / "round.md").exists()
    html = (tmp_path / "round.html").read_text(encoding="utf-8")
    assert "时间线" in html and "决策情况表报送截止（自然日口径）" in html


def test_compliant_round_without_ledger_needs_review(samples, tmp_path):
    result = run(samples / "ok.json", "--out", tmp_path)
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path)
    assert data["verdict"] == "needs_review"
    assert by_rule["DRAW-RANDOM"] == ("missing", "抽取记录编号 1；未提供 --ledger，无法核对账本。")


def test_noncompliant_round_whole_findings(samples, tmp_path):
    result = run(samples / "bad.xlsx", "--out", tmp_path)
    assert result.exit_code == 1
    data, by_rule = findings(tmp_path)
    assert data["verdict"] == "noncompliant"
    expected = {
        "INP-ROUND-STEP": "fail",
        "INP-ROUND-DATE": "fail",
        "PROC-3I1L-PRE": "pass",
        "PROC-3I1L-PRE-CONSENT": "fail",
        "PROC-3I1L-REVIEW": "fail",
        "PROC-ELIGIBLE-BEFORE-REVIEW": "pass",
        "PROC-3I1L-MID": "fail",
        "PROC-PARTY-MEETING": "fail",
        "PROC-3I1L-POST": "fail",
        "PROC-3I1L-POST-3D": "fail",
        "PROC-STEP-ORDER": "fail",
        "DRAW-SIZE-7": "fail",
        "DRAW-BY-ZGK": "fail",
        "DRAW-BY-FIELD": "fail",
        "DRAW-RANDOM": "missing",
        "DISC-REQUIRED": "pass",
        "DISC-PERIOD": "fail",
        "DISC-AFTER-DECISION": "pass",
        "DISC-NO-OBJECTION-GATE": "fail",
        "DISC-CONTENT-MATCH": "fail",
    }
    assert {k: v[0] for k, v in by_rule.items()} == expected
    assert by_rule["PROC-3I1L-PRE-CONSENT"][1] == "申报通知 2020-06-02 早于纪检组同意 2020-06-03。"
    assert by_rule["DRAW-SIZE-7"][1] == "参加评审的专家（正选及替补）6 名（E001、E002、E003、E004、E005、E006），应为 7 名。"
    assert by_rule["PROC-3I1L-POST"][1] == "决策情况表的报送对象为“局政工科”，未包含“纪检”（应报送：政工、纪检）。"
    assert by_rule["DISC-PERIOD"][1].startswith("公示期只有 3 个工作日，少于 5 个：第1阶段公示 2020-09-29 至 2020-10-09（公示!A2）")
    assert by_rule["DISC-CONTENT-MATCH"][1] == "公示名单与决议名单不一致：第1阶段决议有而公示无：无；公示有而决议无：C公司。"
    assert "“专家打分”不是可识别的步骤；可用名称：事前报告、纪检组同意" in by_rule["INP-ROUND-STEP"][1]
    assert by_rule["INP-ROUND-DATE"][1].startswith("流程节点 第 15 行（流程节点!B15）的值“2020年13月1日”无法识别")
    post3d = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-POST-3D")
    assert post3d["reading"] == "自然日口径" and post3d["other_reading"]["outcome"] == "fail"
    assert data["readings"]["PROC-3I1L-MID"] == "自然日口径"


def test_other_reading_is_stated_when_it_differs(tmp_path):
    record = compliant_w12()
    for row in record["流程节点"]:
        if row["节点"] == "事中报告":
            row["日期"] = "2020-04-17"
        if row["节点"] == "党组会":
            row["日期"] = "2020-04-21"
        if row["节点"] == "决策备案":
            row["日期"] = "2020-04-22"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for reading, outcome, other in (("calendar", "pass", "fail"), ("working", "fail", "pass")):
        out = tmp_path / reading
        run(path, "--out", out, "--day-reading", reading)
        data, by_rule = findings(out)
        mid = next(f for f in data["findings"] if f["rule_id"] == "PROC-3I1L-MID")
        assert mid["outcome"] == outcome
        assert mid["other_reading"] == {"reading": "工作日口径" if reading == "calendar" else "自然日口径", "outcome": other, "differs": True}
        assert mid["message"].endswith(f"（按{mid['other_reading']['reading']}结果为“{'不通过' if other == 'fail' else '通过'}”。）")


def test_several_rounds_and_folder(samples, tmp_path):
    result = run(samples / "ok.json", samples / "bad.json", "--out", tmp_path, "--ledger", samples / "ledger.db")
    assert result.exit_code == 1
    assert (tmp_path / "W12-2020-01" / "round.json").exists() and (tmp_path / "W08-2020-02" / "round.html").exists()
    index = json.loads((tmp_path / "rounds.json").read_text(encoding="utf-8"))
    assert [(i["round_id"], i["verdict"]) for i in index] == [("W12-2020-01", "compliant"), ("W08-2020-02", "noncompliant")]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text((samples / "ok.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert run(folder, "--out", tmp_path / "f", "--ledger", samples / "ledger.db").exit_code == 0


def _write(tmp_path, record, name="r.json"):
    path = tmp_path / name
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_missing_sheet_exits_2(tmp_path):
    record = compliant_w12()
    del record["归档"]
    result = run(_write(tmp_path, record), "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert "needs sheet '归档'" in result.output
    record = compliant_w12()
    del record["流程节点"]
    assert run(_write(tmp_path, record), "--out", tmp_path / "o").exit_code == 2


def test_unknown_workflow_exits_2(tmp_path):
    record = compliant_w12()
    record["轮次"]["流程类型"] = "W-99"
    result = run(_write(tmp_path, record), "--out", tmp_path / "o")
    assert result.exit_code == 2 and "unknown workflow 'W-99'" in result.output


def test_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run(bad, "--out", tmp_path / "o").exit_code == 2
    broken = tmp_path / "x.xlsx"
    broken.write_bytes(b"not a zip")
    result = run(broken, "--out", tmp_path / "o")
    assert result.exit_code == 2 and "x.xlsx」：不是 .xlsx 工作簿（不是 zip 包）" in result.output
    assert run(tmp_path / "nope.json", "--out", tmp_path / "o").exit_code == 2


def test_undated_step_is_missing_never_pass(tmp_path):
    record = compliant_w12()
    for row in record["流程节点"]:
        if row["节点"] in ("党组会",):
            row["日期"] = ""
    run(_write(tmp_path, record), "--out", tmp_path / "o")
    _, by_rule = findings(tmp_path / "o")
    for rule_id in ("PROC-3I1L-MID", "PROC-3I1L-POST-3D", "PROC-CREDIT-CHECK", "PROC-PARTY-MEETING"):
        assert by_rule[rule_id][0] == "missing", rule_id


def test_yaml_input(tmp_path, samples):
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(compliant_w12(), allow_unicode=True), encoding="utf-8")
    assert run(path, "--out", tmp_path / "o", "--ledger", samples / "ledger.db").exit_code == 0
