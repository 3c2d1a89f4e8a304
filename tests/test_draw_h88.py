"""Defects found by review h88 in `fundcheck draw` and `fundcheck fairness`.

1. a pool, applicants or conflicts workbook whose list goes on over a second sheet: only the first
   was read, the rest dropped in silence (experts never drawn from, a recusal never applied);
2. draw reveal --pool and draw substitute --pool compared the pool's hash only, which leaves out
   the recusal columns (工作单位统一社会信用代码, 是否本局工作人员) draw verify compares;
3. fairness --records counted a record whose panel was edited by hand (draw verify: 不一致), and a
   record disagreeing with its ledger entry; a {"kind": "draw"} without draw_sha256 was called
   "kind 不是 draw";
4. rows hidden in the pool workbook were drawn from without a word;
5. a draw without --applicants (and without --conflicts) did no same-unit recusal, silently.
"""

from __future__ import annotations

import json
import shutil

import pytest
from openpyxl import Workbook, load_workbook

from checker.draw import record as draw_mod
from checker.draw.verify import verify_record
from tests.fixtures.draw.helpers import FIXED_TIME, ledger_rows, load, run
from tests.helpers import SAMPLES

POOL = SAMPLES / "experts.xlsx"
SECRET = "ab" * 32


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    monkeypatch.setattr(draw_mod, "now", lambda: FIXED_TIME)
    monkeypatch.setattr(draw_mod, "new_secret", lambda: SECRET)


def _book(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    return workbook


def _pool_rows() -> list[list]:
    sheet = load_workbook(POOL).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# ---------------------------------------------------------------- 1. a list on two sheets


def test_a_pool_split_over_two_sheets_is_refused_naming_the_other_sheet(tmp_path):
    rows = _pool_rows()
    _book({"新材料组": rows[:20], "电子信息组": [rows[0]] + rows[20:]}).save(tmp_path / "pool.xlsx")
    result = run("draw", "check", "--pool", tmp_path / "pool.xlsx", "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库「{tmp_path / 'pool.xlsx'}」中，除已读取的工作表“新材料组”外，工作表“电子信息组”（{len(rows) - 20} 行）"
        "也是专家库，但每个文件只读取一张工作表，其中的专家不会参加抽取，也不会按其中的单位或身份回避。"
        "请把名单合并到一张工作表后重试；不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。\n"))
    drawn = run("draw", "new", "--pool", tmp_path / "pool.xlsx", "--field", "新材料", "--round", "R1",
                "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json")
    assert drawn.exit_code == 2 and ledger_rows(tmp_path / "l.db") == [] and not (tmp_path / "d.json").exists()


def test_a_hidden_sheet_holding_an_older_pool_is_named_too(tmp_path):
    rows = _pool_rows()
    _book({"旧库": rows, "专家库": rows}, hidden=("旧库",)).save(tmp_path / "pool.xlsx")
    result = run("draw", "check", "--pool", tmp_path / "pool.xlsx", "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库「{tmp_path / 'pool.xlsx'}」中，除已读取的工作表“专家库”外，工作表“旧库”（{len(rows) - 1} 行，隐藏）"
        "也是专家库，但每个文件只读取一张工作表，其中的专家不会参加抽取，也不会按其中的单位或身份回避。"
        "请把名单合并到一张工作表后重试；不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。\n"))


def test_a_note_sheet_beside_the_pool_is_still_read_as_before(tmp_path):
    rows = _pool_rows()
    _book({"说明": [["本表为专家库导出，2025-06-05"], ["专家编号", "按库中编号填写"]], "专家库": rows,
           "下拉选项": [["状态"], ["在库"], ["暂停"], ["退出"]]}).save(tmp_path / "pool.xlsx")
    noted = run("draw", "check", "--pool", tmp_path / "pool.xlsx", "--field", "新材料")
    plain = run("draw", "check", "--pool", POOL, "--field", "新材料")
    assert (noted.exit_code, noted.output) == (plain.exit_code, plain.output) == (0, plain.output)
    assert "新材料  27" in plain.output


def test_applicants_and_conflicts_on_two_sheets_are_refused(tmp_path):
    _book({"第一批": [["申报编号", "企业名称", "统一社会信用代码"], ["A1", "威海华材新材料有限公司", "91371000MA3C8NQN77"]],
           "第二批": [["申报编号", "企业名称", "统一社会信用代码"], ["A2", "哈尔滨工业大学（威海）", ""]]}
          ).save(tmp_path / "applicants.xlsx")
    _book({"回避1": [["专家编号", "申报单位", "回避原因"], ["ZJ001", "A1", "近三年合作"]],
           "回避2": [["专家编号", "申报单位", "回避原因"], ["ZJ002", "A2", "亲属任职"]]}).save(tmp_path / "conflicts.xlsx")
    applicants = run("draw", "check", "--pool", POOL, "--field", "新材料", "--applicants", tmp_path / "applicants.xlsx")
    assert (applicants.exit_code, applicants.stderr) == (2, (
        f"错误：申报单位名单「{tmp_path / 'applicants.xlsx'}」中，除已读取的工作表“第一批”外，工作表“第二批”（1 行）也是申报单位名单，"
        "但每个文件只读取一张工作表，其中申报单位的同单位专家不会回避。"
        "请把名单合并到一张工作表后重试；不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。\n"))
    conflicts = run("draw", "check", "--pool", POOL, "--field", "新材料", "--conflicts", tmp_path / "conflicts.xlsx")
    assert (conflicts.exit_code, conflicts.stderr) == (2, (
        f"错误：回避名单「{tmp_path / 'conflicts.xlsx'}」中，除已读取的工作表“回避1”外，工作表“回避2”（1 行）也是回避名单，"
        "但每个文件只读取一张工作表，其中的回避不会生效，被回避的专家仍可能被抽中。"
        "请把名单合并到一张工作表后重试；不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。\n"))


def test_a_staff_list_of_one_column_on_two_sheets_is_refused(tmp_path):
    """本局工作人员名单 has one known column (专家编号): a second sheet of it, one id to a line, was passed
    over (two known columns and two filled cells a line were asked of every list), and the staff on it
    were drawn like any expert. A 说明 sheet beside the list is still no list."""
    _book({"第一批": [["专家编号"], ["ZJ031"]], "第二批": [["专家编号"], ["ZJ002"], ["ZJ003"]]}).save(tmp_path / "staff.xlsx")
    refused = run("draw", "check", "--pool", POOL, "--field", "新材料", "--staff", tmp_path / "staff.xlsx")
    assert (refused.exit_code, refused.stderr) == (2, (
        f"错误：本局工作人员名单「{tmp_path / 'staff.xlsx'}」中，除已读取的工作表“第一批”外，工作表“第二批”（2 行）也是本局工作人员名单，"
        "但每个文件只读取一张工作表，其中的本局工作人员不会回避。"
        "请把名单合并到一张工作表后重试；不属于本名单的工作表（旧版本、备份）请删除或另存为其他文件。\n"))
    plain = run("draw", "check", "--pool", POOL, "--field", "新材料", "--staff", SAMPLES / "draw" / "staff.txt")
    # h101: a 说明 sheet with a 专家编号 row or column of notes, and the hidden list behind a drop-down, are no second list
    beside = {"text": ({"说明": [["填写说明：每行一个专家编号"]]}, ()),
              "field_table": ({"说明": [["字段", "说明"], ["专家编号", "填写专家库中的编号"], ["姓名", "可不填"]]}, ()),
              "field_column": ({"说明": [["专家编号"], ["填写专家库中的编号，如 ZJ001 以外的编号不会回避"]]}, ()),
              "dropdown": ({"下拉": [["专家编号"], ["ZJ002"], ["ZJ003"]]}, ("下拉",))}
    for name, (sheets, hidden) in beside.items():
        _book({"名单": [["专家编号"], ["ZJ031"]], **sheets}, hidden).save(tmp_path / f"{name}.xlsx")
        noted = run("draw", "check", "--pool", POOL, "--field", "新材料", "--staff", tmp_path / f"{name}.xlsx")
        assert (name, noted.exit_code, noted.output) == (name, 0, plain.output)


# ---------------------------------------------------------------- 2. recusal columns changed since


def _flag_staff(tmp_path, expert_row: int = 6):
    """samples/experts.xlsx with one expert's 是否本局工作人员 turned to 是: same pool hash."""
    workbook = load_workbook(POOL)
    sheet = workbook.active
    assert sheet.cell(expert_row, 7).value == "否"
    sheet.cell(expert_row, 7).value = "是"
    workbook.save(tmp_path / "changed.xlsx")
    return tmp_path / "changed.xlsx", sheet.cell(expert_row, 1).value


def test_reveal_refuses_a_pool_whose_recusal_columns_changed_since_the_commit(tmp_path):
    changed, expert = _flag_staff(tmp_path)
    committed = run("draw", "commit", "--pool", POOL, "--field", "新材料", "--round", "C1", "--ledger", tmp_path / "c.db",
                    "--out", tmp_path / "commit.json", "--applicants", SAMPLES / "draw" / "applicants.xlsx",
                    "--source-name", "双色球 第2026140期")
    assert committed.exit_code == 0, committed.stderr
    result = run("draw", "reveal", tmp_path / "commit.json", "--ledger", tmp_path / "c.db", "--pool", changed,
                 "--random-source", "1 2 3 4 5 6 7", "--out", tmp_path / "reveal.json")
    commit = load(tmp_path / "commit.json")
    position = [item["expert_id"] for item in commit["candidates"]].index(expert)
    item = commit["candidates"][position]
    shown = f"{expert}（工作单位 {item['unit']}，信用代码 {item['unit_uscc'] or '无'}，本局工作人员 "
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库文件「{changed}」与承诺记录不符：本领域在库专家（candidates）第 {position + 1} 项不一致："
        f"记录为 {shown}否），复算为 {shown}是）。"
        "专家库中回避所依据的列（工作单位统一社会信用代码、是否本局工作人员）在承诺后被改动，不能揭示；请使用承诺时的专家库文件。\n"))
    assert [data["type"] for _, data in ledger_rows(tmp_path / "c.db")] == ["commit"]
    assert not (tmp_path / "reveal.json").exists()


def test_substitute_refuses_a_pool_whose_recusal_columns_changed_since_the_draw(tmp_path):
    changed, expert = _flag_staff(tmp_path)
    drawn = run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                "--out", tmp_path / "d.json", "--applicants", SAMPLES / "draw" / "applicants.xlsx", "--random-source", "9319")
    assert drawn.exit_code == 0, drawn.stderr
    record = load(tmp_path / "d.json")
    position = [item["expert_id"] for item in record["candidates"]].index(expert)
    item = record["candidates"][position]
    member = record["panel"][0]["expert_id"]
    result = run("draw", "substitute", tmp_path / "d.json", "--expert", member, "--reason", "本人谢绝", "--pool", changed)
    shown = f"{expert}（工作单位 {item['unit']}，信用代码 {item['unit_uscc'] or '无'}，本局工作人员 "
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库文件「{changed}」与抽取记录不符：本领域在库专家（candidates）第 {position + 1} 项不一致："
        f"记录为 {shown}否），复算为 {shown}是）。"
        "专家库中回避所依据的列（工作单位统一社会信用代码、是否本局工作人员）在抽取后被改动，不能替换；请使用抽取时的专家库文件。\n"))
    assert len(ledger_rows(tmp_path / "l.db")) == 1 and load(tmp_path / "d.json") == record


# ---------------------------------------------------------------- 3. fairness and edited records


FAIR = SAMPLES / "fairness"


def _fairness(tmp_path, records, *ledgers):
    out = tmp_path / "out"
    result = run("fairness", *ledgers, "--records", records, "--pool", POOL, "--out", out)
    return result, json.loads((out / "fairness.json").read_text(encoding="utf-8"))


def _edited_records(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(FAIR / "records", records)
    name = sorted(path.name for path in records.glob("*.json"))[0]
    data = load(records / name)
    first, other = data["panel"][0]["expert_id"], data["alternates"][0]["expert_id"]
    data["panel"][0]["expert_id"] = other  # an alternate written in for the first member: hash left as it was
    (records / name).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return records, name, first, other, data


def test_fairness_leaves_out_a_record_whose_panel_was_edited_and_names_it(tmp_path):
    records, name, first, other, data = _edited_records(tmp_path)
    problem = verify_record(data)
    assert problem == f"正选名单（panel）第 1 项不一致：记录为 {other}，复算为 {first}。"
    result, report = _fairness(tmp_path, records)
    limit = {"kind": "record_inconsistent", "draws": [name], "message": (
        f"抽取记录「{name}」与复算结果不符（与 draw verify 的结论相同）：{problem}记录在抽取后被改动或内容不一致，未计入统计。")}
    assert limit in report["limits"]
    assert name not in report["inputs"]["records"]
    assert all(name not in draw["refs"] and draw["id"] != name for draw in report["draws"])
    assert {"kind": "record_inconsistent", "subject": name, "reason": limit["message"], "draws": [name], "refs": [name]} \
        in report["flags"]
    assert result.exit_code == 1


def test_fairness_names_a_record_that_disagrees_with_its_ledger_entry(tmp_path):
    records = tmp_path / "records"
    shutil.copytree(FAIR / "records", records)
    name = sorted(path.name for path in records.glob("*.json"))[0]
    data = load(records / name)
    operator = data["operator"]
    data["operator"] = "办公室"  # not in the record's own hash: only the ledger entry shows it
    (records / name).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    assert verify_record(data) == ""
    result, report = _fairness(tmp_path, records, FAIR / "ledger.db")
    entry = data["ledger"]["draw_entry"]["entry"]
    message = (f"抽取记录「{name}」与账本「ledger.db」第 {entry} 条不符（与 draw verify --ledger 的结论相同）："
               f"抽取科室与记录不符：账本为“{operator}”，记录为“办公室”。记录在抽取后被改动或不是该条目的记录，未计入统计（以账本条目为准）。")
    assert {"kind": "record_ledger_mismatch", "draws": [name], "message": message} in report["limits"]
    assert all(name not in draw["refs"] for draw in report["draws"])
    assert sum(draw["source"] == "record" for draw in report["draws"]) == 0
    assert result.exit_code == 1


def test_a_draw_record_without_its_hash_is_said_to_lack_it(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    (records / "bare.json").write_text(json.dumps({"kind": "draw"}), encoding="utf-8")
    (records / "c.json").write_text(json.dumps({"kind": "commit"}), encoding="utf-8")
    _, report = _fairness(tmp_path, records, FAIR / "ledger.db")
    said = [limit for limit in report["limits"] if limit["kind"] == "not_a_draw_record"]
    assert said == [
        {"kind": "not_a_draw_record", "draws": [], "message":
            "文件「bare.json」的 kind 为 draw，但缺少抽取记录哈希（draw_sha256），无法核对记录是否被改动，未读取。"},
        {"kind": "not_a_draw_record", "draws": [], "message": "文件「c.json」不是抽取记录（kind 不是 draw，如承诺记录），未读取。"}]


def test_the_bundled_records_are_all_still_counted(tmp_path):
    result, report = _fairness(tmp_path, FAIR / "records", FAIR / "ledger.db")
    kinds = {limit["kind"] for limit in report["limits"]}
    assert not kinds & {"record_inconsistent", "record_ledger_mismatch"}
    assert report["inputs"]["records"] == sorted(path.name for path in (FAIR / "records").glob("*.json"))


# ---------------------------------------------------------------- 4. hidden rows


def test_hidden_rows_of_the_pool_are_named_in_the_check_and_the_record(tmp_path):
    workbook = load_workbook(POOL)
    sheet = workbook.active
    for row in range(16, 22):
        sheet.row_dimensions[row].hidden = True
    workbook.save(tmp_path / "hidden.xlsx")
    rows = {row: (sheet.cell(row, 1).value, sheet.cell(row, 4).value, sheet.cell(row, 5).value) for row in range(16, 22)}
    named = [f"第 {row} 行 {expert}" for row, (expert, fields, status) in rows.items()
             if "新材料" in fields and status == "在库"]
    warning = (f"专家库「hidden.xlsx」工作表“{sheet.title}”中{'、'.join(named)} 是隐藏行（打开工作簿时看不到），"
               "这些专家仍作为在库候选参加抽取：如不应参加（已退出、暂停或重复登记），请在专家库中改正状态或删除这些行后再抽取。")
    assert named and len(named) < 6  # one hidden row is 退出 or of another field: not named
    checked = run("draw", "check", "--pool", tmp_path / "hidden.xlsx", "--field", "新材料")
    assert checked.exit_code == 0 and f"警告: {warning}" in checked.output.splitlines()
    drawn = run("draw", "new", "--pool", tmp_path / "hidden.xlsx", "--field", "新材料", "--round", "R1",
                "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--applicants", SAMPLES / "draw" / "applicants.xlsx")
    assert drawn.exit_code == 0, drawn.stderr
    record = load(tmp_path / "d.json")
    assert warning in record["warnings"] and f"警告: {warning}" in drawn.output.splitlines()
    verified = run("draw", "verify", tmp_path / "d.json", "--pool", tmp_path / "hidden.xlsx", "--ledger", tmp_path / "l.db")
    assert verified.exit_code == 0 and f"注意：抽取时的警告：{warning}" in verified.output.splitlines()
    plain = run("draw", "check", "--pool", POOL, "--field", "新材料")
    assert "隐藏行" not in plain.output


# ---------------------------------------------------------------- 5. no applicants: no same-unit recusal


NO_RECUSAL = ("未给出申报单位名单（--applicants）和回避名单（--conflicts），未做同单位回避和申报回避（只排除了本局工作人员）："
              "与申报单位同一单位或有利害关系的专家仍可能被抽中；如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。")
NO_APPLICANTS = ("未给出申报单位名单（--applicants），未做同单位回避：与申报单位同一单位的专家仍可能被抽中；"
                 "如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。")


def test_a_draw_without_applicants_says_no_same_unit_recusal_was_done(tmp_path):
    drawn = run("draw", "new", "--pool", POOL, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                "--out", tmp_path / "d.json")
    assert drawn.exit_code == 0, drawn.stderr
    record = load(tmp_path / "d.json")
    assert record["warnings"] == [NO_RECUSAL]
    assert f"警告: {NO_RECUSAL}" in drawn.output.splitlines()
    verified = run("draw", "verify", tmp_path / "d.json", "--pool", POOL, "--ledger", tmp_path / "l.db")
    assert verified.exit_code == 0, verified.output
    committed = run("draw", "commit", "--pool", POOL, "--field", "新材料", "--round", "C1", "--ledger", tmp_path / "l.db",
                    "--out", tmp_path / "c.json", "--conflicts", SAMPLES / "draw" / "conflicts.csv",
                    "--source-name", "双色球 第2026140期")
    assert committed.exit_code == 0, committed.stderr
    assert load(tmp_path / "c.json")["warnings"] == [NO_APPLICANTS]
    assert f"警告: {NO_APPLICANTS}" in committed.output.splitlines()
    with_applicants = run("draw", "new", "--pool", POOL, "--field", "节能环保", "--round", "R2", "--ledger", tmp_path / "l.db",
                          "--out", tmp_path / "d2.json", "--applicants", SAMPLES / "draw" / "applicants.xlsx")
    assert with_applicants.exit_code == 0 and "--applicants" not in " ".join(load(tmp_path / "d2.json")["warnings"])
