"""Input problems anywhere give one sentence and exit 2, or a finding on the row: never a traceback."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES, all_cases, case_text, read_case, read_json

APPLICATION = {"申报编号": "B-1", "企业名称": "威海某某有限公司", "统一社会信用代码": "91371002MA3C8XK25F",
               "注册地址": "威海市环翠区世昌大道1号", "是否独立法人": "是", "符合产业政策方向": "是",
               "核准（备案）文号": "2020-371002-34-03-012345", "年度设备投入（万元）": 150, "项目总投资（万元）": 300,
               "申报日期": "2020-07-02"}


def _write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, allow_nan=True), encoding="utf-8")
    return path


def test_nan_and_implausible_dates_are_inp_findings(run_cli, tmp_path):
    apps = _write(tmp_path / "a.json", [dict(APPLICATION, 申报日期=float("nan")), dict(APPLICATION, 申报编号="B-2", 申报日期="0001-01-01")])
    result = run_cli("check", apps, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    for case_id, detail in (("B-1", "数字 nan 不是日期"), ("B-2", "年份 1 超出合理范围")):
        inp = read_case(tmp_path / "out", f"{case_id}")["findings"][0]
        assert (inp["rule_id"], detail in inp["message"]) == ("INP-DATE", True)


def test_huge_json_number_is_reported_not_fatal(run_cli, tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps(APPLICATION, ensure_ascii=False)
    path.write_text(line + "\n" + line.replace("150", "9" * 5000).replace("B-1", "B-2") + "\n", encoding="utf-8")
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["verdict"]) for c in summary["cases"]] == [("B-1", "eligible"), ("row2", "needs_review")]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["--debarments", "DEBAR", "--fund-name", "x", "--workflow", "W-12"], "期限（年）9000 不在 1–50 年之内"),
        (["--out", "README.md/x"], "无法创建输出文件夹「README.md/x」"),
    ],
)
def test_bad_register_or_output_folder_exits_2(run_cli, tmp_path, args, message):
    debar = _write(tmp_path / "d.json", [{"统一社会信用代码": "91371002MA3C8XK25F", "专项名称": "x", "起始日期": "2020-01-01", "期限（年）": 9000}])
    apps = _write(tmp_path / "a.json", [dict(APPLICATION, 真实性承诺="是", 推荐文号="x")])
    args = [str(debar) if a == "DEBAR" else a for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    result = run_cli("check", apps, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_audit_of_an_empty_record_list_exits_2(run_cli, tmp_path):
    result = run_cli("audit", _write(tmp_path / "e.json", []), "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr.strip().endswith("e.json 中没有轮次记录")) == (2, True)


def test_implausible_meeting_date_is_an_inp_finding_in_the_audit(run_cli, tmp_path):
    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    for row in record["流程节点"]:
        if row["节点"] == "党组会":
            row["日期"] = "0001-01-01"
    result = run_cli("audit", _write(tmp_path / "r.json", record), "--out", tmp_path / "out")
    findings = read_json(tmp_path / "out" / "round.json")["findings"]
    assert result.exit_code == 1
    assert any(f["rule_id"] == "INP-ROUND-DATE" and "“0001-01-01”无法识别" in f["message"] for f in findings)


def test_rules_test_without_rules_exits_2(run_cli, tmp_path):
    result = run_cli("rules", "test", "--rules", tmp_path)
    assert result.exit_code == 2 and "中没有规则文件" in result.stderr


@pytest.mark.parametrize("field,value", [("sequence", "x"), ("eligible", None), ("candidates", [1, 2]), ("exclusion_inputs", None)])
def test_draw_verify_of_a_misshapen_record_is_a_mismatch_not_a_crash(run_cli, tmp_path, field, value):
    run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R1",
            "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "1 2 3")
    record = read_json(tmp_path / "d.json")
    record[field] = value
    result = run_cli("draw", "verify", _write(tmp_path / "t.json", record))
    assert result.exit_code == 1 and result.output.startswith("不一致：")


def test_report_names_never_start_with_a_dot(run_cli, tmp_path):
    apps = _write(tmp_path / "a.json", [dict(APPLICATION, 申报编号=".."), dict(APPLICATION, 申报编号="../x")])
    run_cli("check", apps, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    # ".." becomes "_." which ends in a dot (Windows would drop it): row1
    assert sorted(p.name for p in (tmp_path / "out" / "cases").glob("*.json")) == ["_._x.json", "row1.json"]


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda r: r.update({"轮次": [r["轮次"], dict(r["轮次"], 轮次编号="X-2")]}), "工作表「轮次」有 2 行；一个轮次记录只记一轮"),
        (lambda r: r["轮次"].pop("轮次编号"), "工作表「轮次」未填写轮次编号"),
    ],
    ids=["two-rounds-in-one-record", "no-round-id"],
)
def test_round_sheet_problems_exit_2(run_cli, tmp_path, change, message):
    record = json.loads((SAMPLES / "rounds" / "compliant_W-12.json").read_text(encoding="utf-8"))
    change(record)
    result = run_cli("audit", _write(tmp_path / "r.json", record), "--out", tmp_path / "out")
    assert result.exit_code == 2 and message in result.stderr


def test_a_json_input_with_huge_numbers_in_other_columns_is_checked_not_crashed(tmp_path):
    """备注 1e308 (a float Excel would show as 1E+308) became a 309-digit int on its way into the case
    document, and a 30-digit int stayed one: cases.jsonl's writer takes neither (64 bits), and the
    run ended in an internal error. The 30 digits are kept as text, 1e308 as a number."""
    import json

    from tests.helpers import SAMPLES, run_cli

    rows = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))[:2]
    rows[0]["备注"], rows[1]["备注"] = 123456789012345678901234567890, 1e308
    (tmp_path / "a.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", tmp_path / "a.json", "--workflow", "W-05", "--out", tmp_path / "out", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    lines = [json.loads(line) for line in (tmp_path / "out" / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["other_columns"] for line in lines] == [
        {"联系人": "王工", "备注": "123456789012345678901234567890"}, {"联系人": "李经理", "备注": 1e308}]


def test_a_huge_integer_under_a_column_of_decimals_is_checked_not_crashed(run_cli, tmp_path):
    """序号 1.5 on one line and a 400-digit integer on the next: the run's column sums (to find a
    total line with no 合计 label) added the integer to a float and the run ended in an internal
    error (OverflowError). Now the integer sums to no total and both lines are checked."""
    rows = [dict(APPLICATION, 序号=1.5), dict(APPLICATION, 申报编号="B-2", 序号=10 ** 400, 企业名称="威海另一有限公司",
                                                        统一社会信用代码="91371002MA3C8XK26J")]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    result = run_cli("check", path, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert [(c["case_id"], c["verdict"]) for c in summary["cases"]] == [("B-1", "eligible"), ("B-2", "eligible")]
    assert result.exit_code == 0, result.stderr
