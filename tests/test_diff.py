"""`fundcheck diff OLD NEW`: the cases whose verdict or findings changed between two check runs."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SAMPLES, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")


def _applications():
    return json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))


def _run(tmp_path, name, rows, *extra):
    data = tmp_path / f"{name}.json"
    data.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / name
    result = run_cli("check", data, "--out", out, *WINDOW, "--quiet", *extra)
    assert result.exit_code == 1, result.stderr
    return out


@pytest.fixture(scope="module")
def old(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("old"), "old", _applications())


def test_the_same_applications_give_no_change(old, tmp_path):
    new = _run(tmp_path, "new", _applications())
    result = run_cli("diff", old, new)
    assert result.exit_code == 0
    version = json.loads((old / "summary.json").read_text(encoding="utf-8"))["rulebook_version"]
    assert result.stdout.splitlines() == [
        f"比较 {old}（W-05，规则版本 {version}，18 件） 与 {new}（W-05，规则版本 {version}，18 件）：",
        "合计：两次都有的 18 件中，结论改变 0 件，仅审核意见改变 0 件；仅在新运行中 0 件，仅在原运行中 0 件。",
    ]


def test_changed_added_and_removed_cases_are_listed_with_the_rules_that_changed(old, tmp_path):
    rows = _applications()
    by_id = {row["申报编号"]: row for row in rows}
    by_id["WH-2020-004"]["年度设备投入（万元）"] = 150  # was 99.99: now meets the 100万元 threshold
    rows.remove(by_id["WH-2020-018"])  # the last row: the rows before it keep their numbers
    # another enterprise (its own name: the same name with an invalid code would be a duplicate applicant)
    rows.append({**by_id["WH-2020-001"], "申报编号": "WH-2020-099", "企业名称": "威海华盛新材料有限公司",
                 "统一社会信用代码": "91371002MA3D0099XX"})
    new = _run(tmp_path, "new", rows)
    result = run_cli("diff", old, new)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1:] == [
        "WH-2020-004 威海蓝海新材料股份有限公司：结论 不符合条件 → 符合条件",
        "  ELIG-EQUIP-INVEST-100W 年度设备投入100万元（含）以上：不通过 → 通过",
        "仅在新运行中：WH-2020-099 威海华盛新材料有限公司（需人工复核）",
        "仅在原运行中：WH-2020-018 威海万通轮胎有限公司（需人工复核）",
        "合计：两次都有的 17 件中，结论改变 1 件，仅审核意见改变 0 件；仅在新运行中 1 件，仅在原运行中 1 件。",
    ]


def test_json_lists_the_changes(old, tmp_path):
    rows = _applications()
    next(r for r in rows if r["申报编号"] == "WH-2020-004")["年度设备投入（万元）"] = 150
    new = _run(tmp_path, "new", rows)
    answer = json.loads(run_cli("diff", old, new, "--json").stdout)
    assert (answer["status"], answer["exit_code"], answer["compared"], answer["added"], answer["removed"]) == ("findings", 1, 18, [], [])
    assert answer["changed"] == [{"case": "WH-2020-004", "company": "威海蓝海新材料股份有限公司", "old_verdict": "ineligible",
                                  "new_verdict": "eligible", "rules": [{"rule_id": "ELIG-EQUIP-INVEST-100W",
                                                                         "title": "年度设备投入100万元（含）以上", "old": "fail", "new": "pass"}]}]


def test_cases_without_their_own_id_are_matched_by_input_row(old, tmp_path):
    """WH-2020-013 is shared by two rows (reports row13 and row14 of the JSON input): the first one,
    submitted after the window, is now dated inside it; only that row's case changes."""
    rows = _applications()
    shared = [r for r in rows if r["申报编号"] == "WH-2020-013"]
    assert [r["申报日期"] for r in shared] == ["2020-08-03", "2020-07-20"]
    shared[0]["申报日期"] = "2020年7月15日"
    new = _run(tmp_path, "new", rows)
    result = run_cli("diff", old, new)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        f"row13 {shared[0]['企业名称']}：结论未变（需人工复核），审核意见有变化",
        "  APP-SUBMITTED-IN-WINDOW 在申报期内提交：不通过 → 通过",
        "合计：两次都有的 18 件中，结论改变 0 件，仅审核意见改变 1 件；仅在新运行中 0 件，仅在原运行中 0 件。",
    ]


def test_a_duplicate_id_corrected_and_checked_again_is_matched_to_its_case(old, tmp_path):
    """WH-2020-013 was shared by rows 13 and 14 (cases row13, row14). The reviewer corrects the second
    to WH-2020-014 and checks again: row13 is now WH-2020-013. It was listed as a case only the new run
    has beside one only the old run has; it is one case, matched by its id and input row. Row 14's
    id changed: it stays two cases."""
    rows = _applications()
    shared = [r for r in rows if r["申报编号"] == "WH-2020-013"]
    shared[1]["申报编号"] = "WH-2020-014"
    new = _run(tmp_path, "new", rows)
    result = run_cli("diff", old, new)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        f"WH-2020-013（原运行中为 row13） {shared[0]['企业名称']}：结论未变（需人工复核），审核意见有变化",
        "  INP-DUPLICATE-ID 申报编号重复：不通过 → 无此问题",
        f"仅在新运行中：WH-2020-014 {shared[1]['企业名称']}（符合条件）",
        f"仅在原运行中：row14 {shared[1]['企业名称']}（需人工复核）",
        "合计：两次都有的 17 件中，结论改变 0 件，仅审核意见改变 1 件；仅在新运行中 1 件，仅在原运行中 1 件。",
    ]
    answer = json.loads(run_cli("diff", old, new, "--json").stdout)
    assert (answer["changed"][0]["case"], answer["changed"][0]["old_case"]) == ("WH-2020-013", "row13")


def test_a_folder_that_is_not_a_run_is_an_error(old, tmp_path):
    result = run_cli("diff", old, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：{tmp_path} 不是 fundcheck check 的输出文件夹（没有 summary.json，或那次运行没有完成）"


def test_a_run_whose_cases_jsonl_is_gone_is_refused_naming_it(old, tmp_path):
    """A flagged run without its cases.jsonl: diff named a file no run writes (out/index.json 不存在：
    这次运行没有写出 JSON 报告) and show one in cases/ (无法读取案件报告「out/cases/index.json」)."""
    out = _run(tmp_path, "new", _applications(), "--format", "json")
    (out / "cases.jsonl").unlink()
    (out / "rules.json").unlink()
    expected = f"错误：{out} 缺少 cases.jsonl（没有单独报告的案件只记录在其中），无法读取这次运行的全部案件；请使用完整的输出文件夹。"
    result = run_cli("diff", old, out)
    assert result.exit_code == 2 and result.stderr.strip() == expected
    result = run_cli("show", out, "WH-2020-001")
    assert result.exit_code == 2 and result.stderr.strip() == expected


def test_one_id_in_two_district_files_is_two_cases(tmp_path):
    """A batch of several files names a shared id's reports <file>-row<N>: diff keyed both by the id,
    so one case hid the other (两次都有的 1 件) and the change in 环翠区's went unreported."""
    one = next(row for row in _applications() if row["申报编号"] == "WH-2020-001")
    wendeng = dict(one, 企业名称="威海文登某公司", 注册地址="山东省威海市文登区龙山路9号", 所在区市="文登区")
    outs = []
    for name, equipment in (("old", 350), ("new", 99)):
        folder = tmp_path / f"{name}_in"
        folder.mkdir()
        (folder / "环翠区.json").write_text(json.dumps([dict(one, **{"年度设备投入（万元）": equipment})], ensure_ascii=False), encoding="utf-8")
        (folder / "文登区.json").write_text(json.dumps([wendeng], ensure_ascii=False), encoding="utf-8")
        outs.append(tmp_path / name)
        assert run_cli("check", folder, "--out", outs[-1], *WINDOW, "--quiet").exit_code == 1
    result = run_cli("diff", *outs)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "环翠区-row1 威海华盛精密机械有限公司：结论 需人工复核 → 不符合条件",
        "  ELIG-EQUIP-INVEST-100W 年度设备投入100万元（含）以上：通过 → 不通过",
        "合计：两次都有的 2 件中，结论改变 1 件，仅审核意见改变 0 件；仅在新运行中 0 件，仅在原运行中 0 件。"]


def test_a_damaged_cases_jsonl_is_named_by_show_as_by_diff(old, tmp_path):
    """A cases.jsonl cut short, a line edited into something that is not a case, a rules.json that
    lacks a rule a line names: `fundcheck show` ended each with 内部错误 and a crash file."""
    import shutil

    lines = (old / "cases.jsonl").read_bytes().splitlines(keepends=True)
    first = json.loads(lines[0])
    cut = tmp_path / "cut"
    shutil.copytree(old, cut)
    (cut / "cases.jsonl").write_bytes(lines[0][:200])
    with pytest.raises(json.JSONDecodeError) as where:
        json.loads(lines[0][:200])
    expected = f"错误：{cut / 'cases.jsonl'}:1 不是有效的 JSON：第 1 行第 {where.value.colno} 列：字符串缺少结束引号"
    for command in (("show", cut, first["case_id"]), ("show", cut, first["case_id"].lower()), ("diff", old, cut)):
        result = run_cli(*command)
        assert (result.exit_code, result.stderr.strip()) == (2, expected)

    edited = tmp_path / "edited"
    shutil.copytree(old, edited)
    (edited / "cases.jsonl").write_bytes(b"".join(lines) + json.dumps([first["case_id"]]).encode() + b"\n")
    result = run_cli("show", edited, first["case_id"])
    assert (result.exit_code, result.stderr.strip()) == (2, f"错误：{edited / 'cases.jsonl'}:{len(lines) + 1} 不是 fundcheck 的案件记录")

    unruled = tmp_path / "unruled"
    shutil.copytree(old, unruled)
    rules = json.loads((unruled / "rules.json").read_text(encoding="utf-8"))
    gone = first["findings"][0]["rule"]
    del rules["rules"][gone]
    (unruled / "rules.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    expected = (f"错误：{unruled / 'cases.jsonl'} 中案件「{first['name']}」的审核意见与 {unruled / 'rules.json'} 不符（缺少规则「{gone}」）："
                "两个文件不是同一次运行写出的，或被修改过；请使用完整的输出文件夹。")
    for command in (("show", unruled, first["name"]), ("diff", unruled, old)):
        result = run_cli(*command)
        assert (result.exit_code, result.stderr.strip()) == (2, expected)


def test_a_run_whose_rules_json_is_gone_is_refused_naming_it(old, tmp_path):
    """cases.jsonl there, rules.json gone: show said the run 缺少 cases.jsonl, the file beside it."""
    out = _run(tmp_path, "new", _applications())
    (out / "rules.json").unlink()
    expected = f"错误：{out} 缺少 rules.json（cases.jsonl 中各条审核意见的规则文本在其中），无法读取这次运行的案件；请使用完整的输出文件夹。"
    result = run_cli("diff", old, out)
    assert result.exit_code == 2 and result.stderr.strip() == expected
    result = run_cli("show", out, "WH-2020-001")
    assert result.exit_code == 2 and result.stderr.strip() == expected


def test_a_case_written_twice_in_cases_jsonl_is_refused_by_diff_and_show(old, tmp_path):
    """A cases.jsonl with one case's line twice (edited, or two runs joined): diff compared one of
    them unseen ("结论改变 0 件", exit 0, over a line saying 不符合条件), and show asked for a report
    name that both lines share."""
    import shutil

    out = tmp_path / "twice"
    shutil.copytree(old, out)
    lines = (out / "cases.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    first = json.loads(lines[0])
    changed = {**first, "verdict": "ineligible" if first["verdict"] != "ineligible" else "eligible"}
    (out / "cases.jsonl").write_text(json.dumps(changed, ensure_ascii=False) + "\n" + "".join(lines), encoding="utf-8")
    expected = (f"错误：{out / 'cases.jsonl'} 中报告名「{first['name']}」出现不止一次（fundcheck check 每件申报只写一行）："
                "这个文件被修改过或由两次运行拼接而成；请使用完整的输出文件夹，或重新运行 fundcheck check。")
    for command in (("diff", old, out), ("diff", out, old), ("show", out, first["name"]), ("show", out, first["case_id"])):
        result = run_cli(*command)
        assert (result.exit_code, result.stderr.strip()) == (2, expected)


def test_show_with_an_id_typed_in_a_gbk_terminal_says_so(old):
    """An id whose bytes are not UTF-8 (a terminal set to GBK): show ended with 内部错误 (TypeError)."""
    typed = os.fsdecode("WH-2020-001威海".encode("gbk"))
    result = run_cli("show", old, typed)
    assert (result.exit_code, result.stderr.strip()) == (
        2, "错误：申报编号「WH-2020-001威海」不是 UTF-8 编码（按 GBK 读出；终端的字符编码不是 UTF-8？），请把终端设为 UTF-8 后重试。")


def test_a_rules_own_outcome_and_a_reviewers_decision_are_compared_apart(tmp_path):
    """h91: diff compared the outcome after decisions. A figure corrected to pass where a reviewer
    had passed it showed no change, and a decision added to a rule still failing read as the rule
    passing now."""
    rows = _applications()
    case = next(row for row in rows if row["申报编号"] == "WH-2020-004")  # 年度设备投入 99.99 万元: fails 100 万元
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps([{"申报编号": "WH-2020-004", "规则编号": "ELIG-EQUIP-INVEST-100W", "复核结论": "通过",
                                      "理由": "另有设备发票", "复核人": "王审核"}], ensure_ascii=False), encoding="utf-8")
    plain = _run(tmp_path, "plain", rows)
    decided = _run(tmp_path, "decided", rows, "--overrides", decisions)
    corrected = _run(tmp_path, "corrected", [dict(row, **{"年度设备投入（万元）": 120}) if row is case else row for row in rows])
    result = run_cli("diff", plain, decided)
    lines = result.stdout.splitlines()
    assert lines[1] == "人工复核决定文件：原运行 未使用；新运行 d.json（结论为复核后结论；各规则列出其本身的结论与复核决定的变化）。"
    assert lines[2:4] == ["WH-2020-004 威海蓝海新材料股份有限公司：结论 不符合条件 → 符合条件",
                          "  ELIG-EQUIP-INVEST-100W 年度设备投入100万元（含）以上：人工复核决定 无 → 通过（规则本身的结论仍为不通过）"]
    lines = run_cli("diff", decided, corrected).stdout.splitlines()
    assert lines[2:4] == ["WH-2020-004 威海蓝海新材料股份有限公司：结论未变（符合条件），审核意见有变化",
                          "  ELIG-EQUIP-INVEST-100W 年度设备投入100万元（含）以上：不通过 → 通过；人工复核决定 通过 → 无"]
    changed = json.loads(run_cli("diff", decided, corrected, "--json").stdout)["changed"]
    assert changed[0]["rules"] == [{"rule_id": "ELIG-EQUIP-INVEST-100W", "title": "年度设备投入100万元（含）以上", "old": "fail",
                                    "new": "pass", "old_decision": "pass", "new_decision": None}]
