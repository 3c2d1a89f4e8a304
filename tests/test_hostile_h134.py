"""Helper h134 (hostile review of `fundcheck draw`): an empty 回避名单 called 未给出; two experts of one
name in two units; an id typed with Excel's text marker ('ZJ001); J. Smith and J Smith; the panel file
a substitution rewrites; a pool field given by two columns that disagree."""

from __future__ import annotations

import json

from tests.helpers import SAMPLES, run_cli, write_text

POOL = SAMPLES / "experts.xlsx"
HEADER = "专家编号,姓名,工作单位,专业领域,状态,联系电话\n"


def _pool(tmp_path, *lines: str, count: int = 12, name: str = "pool.csv"):
    """A CSV pool: the lines given, then experts ZJ101… (distinct names, units and phones)."""
    filler = [f"ZJ{100 + i},专家{i},单位{i}有限公司,新材料,在库,1390000{i:04d}" for i in range(1, count + 1)]
    path = tmp_path / name
    path.write_text(HEADER + "".join(line + "\n" for line in (*lines, *filler)), encoding="utf-8")
    return path


_file = write_text


def _new(tmp_path, pool, *extra, out="d.json"):
    return run_cli("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                   "--out", tmp_path / out, "--size", "3", "--alternates", "2", *extra)


def _record(tmp_path, name="d.json"):
    return json.loads((tmp_path / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- 1. an empty 回避名单 is given, not 未给出


def test_a_conflicts_list_with_a_header_and_no_line_is_said_given_and_empty(tmp_path):
    pool = _pool(tmp_path)
    conflicts = _file(tmp_path, "回避名单.csv", "专家编号,申报单位,回避原因\n")
    result = _new(tmp_path, pool, "--conflicts", conflicts, "--random-source", "1 2 3")
    assert result.exit_code == 0, result.output
    said = ("未给出申报单位名单（--applicants），未做同单位回避；回避名单（--conflicts）「回避名单.csv」已给出，但其中没有任何回避行，"
            "未做申报回避（只排除了本局工作人员）：与申报单位同一单位或有利害关系的专家仍可能被抽中；"
            "如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。")
    assert _record(tmp_path)["warnings"] == [said]
    assert f"警告: {said}" in result.stdout.splitlines()
    assert "回避名单（--conflicts），未做" not in result.stdout  # the old 未给出…和回避名单 sentence


def test_no_conflicts_list_at_all_is_still_said_not_given(tmp_path):
    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3")
    assert result.exit_code == 0, result.output
    assert _record(tmp_path)["warnings"] == [
        "未给出申报单位名单（--applicants）和回避名单（--conflicts），未做同单位回避和申报回避（只排除了本局工作人员）："
        "与申报单位同一单位或有利害关系的专家仍可能被抽中；如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。"]


# ---------------------------------------------------------------- 2. two 王伟 in two units


def _two_wangwei(tmp_path, second_unit="乙有限公司"):
    return _pool(tmp_path, "ZJ001,王伟,甲有限公司,新材料,在库,13800000001",
                 f"ZJ002,王 伟,{second_unit},新材料,在库,13800000002")


def test_a_name_only_line_with_a_unit_takes_the_namesake_of_that_unit_and_names_the_other(tmp_path):
    pool = _two_wangwei(tmp_path)
    conflicts = _file(tmp_path, "c.csv", "姓名,工作单位,申报单位,回避原因\n王伟,乙有限责任公司,丙有限公司,配偶在该公司任职\n")
    result = _new(tmp_path, pool, "--conflicts", conflicts, "--applicants", _file(tmp_path, "a.csv", "企业名称\n丙有限公司\n"),
                  "--random-source", "1 2 3")
    assert result.exit_code == 0, result.output
    record = _record(tmp_path)
    assert record["exclusion_inputs"]["conflicts"] == [
        {"expert_id": "ZJ002", "applicant": "丙有限公司", "reason": "配偶在该公司任职"}]
    assert record["exclusions"] == [{"expert_id": "ZJ002", "reasons": [
        {"rule": "declared_conflict", "detail": "申报回避（丙有限公司）：配偶在该公司任职"}]}]
    assert record["warnings"] == [
        "回避名单回避了专家 ZJ002（工作单位「乙有限公司」），与其同名的在库专家 ZJ001（工作单位「甲有限公司」）未回避，仍可能被抽中："
        "如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。"]
    assert "王伟" not in (tmp_path / "d.json").read_text(encoding="utf-8")


def test_two_namesakes_of_one_unit_cannot_be_told_apart_and_are_refused_with_their_ids(tmp_path):
    pool = _two_wangwei(tmp_path, "甲有限公司")
    conflicts = _file(tmp_path, "c.csv", "姓名,工作单位,回避原因\n王伟,甲有限公司,亲属\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「王伟」，专家库中有 2 位在库专家同名"
        "（ZJ001（工作单位「甲有限公司」）、ZJ002（工作单位「甲有限公司」）），其中 2 位的工作单位都是该行所写的「甲有限公司」，"
        "无法区分是哪一位；请在该行补上专家库中的专家编号（「专家编号」列）后重试。\n"))


def test_namesakes_none_of_whom_is_at_the_lines_unit_are_refused_with_their_units(tmp_path):
    pool = _two_wangwei(tmp_path)
    conflicts = _file(tmp_path, "c.csv", "姓名,工作单位,回避原因\n王伟,丁有限公司,亲属\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行只写了姓名「王伟」，专家库中有 2 位在库专家同名"
        "（ZJ001（工作单位「甲有限公司」）、ZJ002（工作单位「乙有限公司」）），都不在该行所写的工作单位「丁有限公司」；"
        "请在该行补上专家库中的专家编号（「专家编号」列）后重试。\n"))


def test_a_recusal_by_id_of_one_namesake_names_the_other_left_drawable(tmp_path):
    pool = _two_wangwei(tmp_path)
    conflicts = _file(tmp_path, "c.csv", "专家编号,回避原因\nZJ001,亲属\n")
    result = _new(tmp_path, pool, "--conflicts", conflicts, "--applicants", _file(tmp_path, "a.csv", "企业名称\n丙有限公司\n"),
                  "--random-source", "1 2 3")
    assert result.exit_code == 0, result.output
    assert _record(tmp_path)["warnings"] == [
        "回避名单回避了专家 ZJ001（工作单位「甲有限公司」），与其同名的在库专家 ZJ002（工作单位「乙有限公司」）未回避，仍可能被抽中："
        "如应回避的是同名的另一位（或两位都应回避），请在回避名单中写明其专家编号后再抽取。"]


# ---------------------------------------------------------------- 3. 'ZJ001: Excel's text marker typed by hand


def test_an_id_led_by_an_apostrophe_is_that_id_in_the_pool_the_lists_and_substitute(tmp_path):
    pool = _pool(tmp_path, "'ZJ001,甲,甲有限公司,新材料,在库,13800000001", "ＺＪ002,乙,乙有限公司,新材料,在库,13800000002",
                 "ZJ003,丙,丙有限公司,新材料,在库,13800000003")
    conflicts = _file(tmp_path, "c.csv", "专家编号,回避原因\n'ZJ002,亲属\n")
    staff = _file(tmp_path, "staff.txt", "＇ZJ003\n")
    result = _new(tmp_path, pool, "--conflicts", conflicts, "--staff", staff, "--random-source", "1 2 3")
    assert result.exit_code == 0, result.output
    record = _record(tmp_path)
    assert [item["expert_id"] for item in record["candidates"][:3]] == ["ZJ001", "ZJ002", "ZJ003"]
    assert record["exclusion_inputs"]["conflicts"] == [{"expert_id": "ZJ002", "applicant": "", "reason": "亲属"}]
    assert record["exclusion_inputs"]["staff"] == ["ZJ003"]
    assert record["exclusions"] == [
        {"expert_id": "ZJ002", "reasons": [{"rule": "declared_conflict", "detail": "申报回避：亲属"}]},
        {"expert_id": "ZJ003", "reasons": [{"rule": "bureau_staff", "detail": "本局工作人员（--staff 名单）"}]}]
    first, alternate = record["panel"][0]["expert_id"], record["alternates"][0]["expert_id"]
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", f"'{first}", "--reason", "本人谢绝")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"第 1 位 {first} 由候补 {alternate} 顶替（原因：本人谢绝）。"
    result = run_cli("draw", "verify", tmp_path / "d.json", "--pool", pool, "--ledger", tmp_path / "l.db")
    assert result.exit_code == 0, result.output


def test_an_apostrophe_id_and_the_plain_id_in_one_pool_are_one_expert_twice(tmp_path):
    pool = _pool(tmp_path, "'ZJ001,甲,甲有限公司,新材料,在库,13800000001", "ZJ001,乙,乙有限公司,新材料,在库,13800000002")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, "错误：专家库中专家编号「ZJ001」重复（第 2 行和第 3 行）。\n")


# ---------------------------------------------------------------- 4. J. Smith and J Smith


def _smith(tmp_path, written: str, by_id: bool):
    pool = _pool(tmp_path, "ZJ001,J. Smith,甲有限公司,新材料,在库,13800000001")
    text = f"专家编号,姓名,回避原因\nZJ001,{written},亲属\n" if by_id else f"姓名,回避原因\n{written},亲属\n"
    return pool, _file(tmp_path, "c.csv", text)


def test_j_smith_is_j_dot_smith_by_id_and_by_name_as_a_chinese_name_without_its_dot(tmp_path):
    # the full stop is a name's separator dot (NAME_DOTS), as 阿依古丽·买买提 = 阿依古丽 买买提; so is 。
    # (a Chinese input method's "."), and Ｊ．Ｓｍｉｔｈ is J.Smith after NFKC
    for written in ("J Smith", "J.Smith", "j. smith", "Ｊ．Ｓｍｉｔｈ", "J。Smith", "J·Smith"):
        for by_id in (True, False):
            pool, conflicts = _smith(tmp_path, written, by_id)
            result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts, "--json")
            assert result.exit_code == 0, (written, by_id, result.output)
            assert json.loads(result.stdout)["fields"][0]["excluded_ids"] == ["ZJ001"], (written, by_id)


def test_j_hyphen_smith_is_another_name(tmp_path):
    pool, conflicts = _smith(tmp_path, "J-Smith", True)
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行的专家编号「ZJ001」在专家库中是「J. Smith」，与该行所写姓名「J-Smith」不符："
        "回避会落在另一位专家身上，要回避的专家仍可能被抽中；请核对该行的专家编号和姓名后重试。\n"))


def test_the_ideographic_full_stop_is_a_dot_in_the_pools_same_name_warning_too(tmp_path):
    pool = _pool(tmp_path, "ZJ001,阿依古丽·买买提,甲有限公司,新材料,在库,13800000001",
                 "ZJ002,阿依古丽。买买提,甲有限公司,新材料,在库,13800000002")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("警告")] == [
        "警告: 专家库中 ZJ001、ZJ002 的姓名与工作单位相同，可能是同一人登记了两次（入选机会加倍，甚至同一人占两席）：请核对专家库。"]


# ---------------------------------------------------------------- 5. the panel file a substitution rewrites


def _drawn_with_panel_out(tmp_path):
    pool = _pool(tmp_path, name="OTHER.csv")
    result = _new(tmp_path, pool, "--panel-out", tmp_path / "名单.xlsx", "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    record = _record(tmp_path)
    return pool, record["panel"][0]["expert_id"], record["alternates"][0]["expert_id"]


def test_substitute_with_pool_says_which_panel_file_it_wrote_and_that_a_new_one_was_made(tmp_path):
    pool, first, alternate = _drawn_with_panel_out(tmp_path)
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝", "--pool", pool)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"第 1 位 {first} 由候补 {alternate} 顶替（原因：本人谢绝）。"
    assert lines[2:] == [
        f"记录 {tmp_path / 'd.json'}  专家名单 {tmp_path / 'd.panel.xlsx'}",
        f"注意：专家名单文件「{tmp_path / 'd.panel.xlsx'}」原先不存在，本次按默认文件名（抽取记录文件名去掉扩展名加 .panel.xlsx）新建；"
        "抽取时如用 --panel-out 另行指定过专家名单文件，该文件未更新，不含本次替换，已过时，请勿据此通知专家，"
        "以本文件和抽取记录为准（以后替换时请用 --panel-out 指定同一文件）。"]


def test_substitute_with_pool_and_panel_out_rewrites_that_file_and_says_so(tmp_path):
    pool, first, alternate = _drawn_with_panel_out(tmp_path)
    before = (tmp_path / "名单.xlsx").read_bytes()
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝", "--pool", pool,
                     "--panel-out", tmp_path / "名单.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2:] == [f"记录 {tmp_path / 'd.json'}  专家名单 {tmp_path / '名单.xlsx'}"]
    assert (tmp_path / "名单.xlsx").read_bytes() != before
    assert not (tmp_path / "d.panel.xlsx").exists()


def test_substitute_with_panel_out_and_no_pool_is_refused_before_anything_is_recorded(tmp_path):
    _pool_path, first, _ = _drawn_with_panel_out(tmp_path)
    record, ledger = (tmp_path / "d.json").read_bytes(), (tmp_path / "l.db").read_bytes()
    result = run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝",
                     "--panel-out", tmp_path / "名单.xlsx")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：给出了 --panel-out「{tmp_path / '名单.xlsx'}」但没有 --pool：专家名单文件要按专家库写出姓名和工作单位，"
        "请同时用 --pool 给出抽取时的专家库后重试（本次替换未记录）。\n"))
    assert ((tmp_path / "d.json").read_bytes(), (tmp_path / "l.db").read_bytes()) == (record, ledger)


# ---------------------------------------------------------------- 6. a pool field in two columns that disagree


def _two_column_pool(tmp_path, header: str, value: str, name="pool.xlsx"):
    import openpyxl

    book = openpyxl.load_workbook(POOL)
    sheet = book.active
    sheet["I1"], sheet["I2"] = header, value
    book.save(tmp_path / name)
    return tmp_path / name


def test_a_second_status_column_saying_tuichu_is_refused_naming_both_cells(tmp_path):
    pool = _two_column_pool(tmp_path, "入库状态", "退出")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库「{pool}」第 2 行的「状态」有两列且不一致：专家库!E2（状态）为「在库」，专家库!I2（入库状态）为「退出」，"
        "无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。\n"))


def test_a_second_unit_column_is_refused_in_a_csv_pool_too(tmp_path):
    pool = _file(tmp_path, "pool.csv", "专家编号,姓名,工作单位,专业领域,状态,单位\n"
                                       "ZJ001,甲,甲有限公司,新材料,在库,甲有限公司\nZJ002,乙,乙有限公司,新材料,在库,丙有限公司\n")
    result = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：专家库「{pool}」第 3 行的「工作单位」有两列且不一致：pool!C3（工作单位）为「乙有限公司」，pool!F3（单位）为「丙有限公司」，"
        "无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。\n"))


def test_two_columns_agreeing_and_two_phone_columns_are_read_as_before(tmp_path):
    pool = _two_column_pool(tmp_path, "专业领域", "节能环保、智能制造、新材料")  # ZJ001's fields in another order
    assert run_cli("draw", "check", "--pool", pool, "--field", "新材料").exit_code == 0
    pool = _two_column_pool(tmp_path, "手机", "13900000000", name="phones.xlsx")  # 联系电话 and 手机 both there
    assert run_cli("draw", "check", "--pool", pool, "--field", "新材料").exit_code == 0


# ---------------------------------------------------------------- 7. side lists: formulas, a second id column


def _side_book(tmp_path, name: str, *rows):
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(tmp_path / name)
    return tmp_path / name


def test_a_staff_list_line_whose_formula_has_no_value_is_refused_not_skipped(tmp_path):
    staff = _side_book(tmp_path, "staff.xlsx", ["专家编号"], ["=A3"], ["ZJ008"])
    result = run_cli("draw", "check", "--pool", POOL, "--field", "新材料", "--staff", staff)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：本局工作人员名单「{staff}」的 Sheet!A2（专家编号）公式单元格没有缓存的计算结果：按空白读取会使回避失效；"
        "请在 Excel 中打开并保存，或改为数值后重试。\n"))


def test_a_conflicts_line_whose_id_is_an_uncalculated_formula_says_so_not_missing(tmp_path):
    conflicts = _side_book(tmp_path, "c.xlsx", ["专家编号", "申报单位", "回避原因"], ['=CONCAT("ZJ","008")', "某公司", "亲属"])
    result = run_cli("draw", "check", "--pool", POOL, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」的 Sheet!A2（专家编号）公式单元格没有缓存的计算结果：按空白读取会使回避失效；"
        "请在 Excel 中打开并保存，或改为数值后重试。\n"))


def test_a_conflicts_list_with_two_id_columns_that_differ_is_refused(tmp_path):
    conflicts = _side_book(tmp_path, "c.xlsx", ["专家编号", "申报单位", "回避原因", "专家ID"], ["ZJ008", "某公司", "亲属", "ZJ012"])
    result = run_cli("draw", "check", "--pool", POOL, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, (
        f"错误：回避名单「{conflicts}」第 2 行的「专家编号」有两列且不一致：Sheet!A2（专家编号）为「ZJ008」，"
        "Sheet!D2（专家ID）为「ZJ012」，无法确定以哪一列为准；请删去多余的一列，或把两列改为一致后重试。\n"))


def test_two_id_columns_writing_one_id_two_ways_are_one_id(tmp_path):
    conflicts = _side_book(tmp_path, "c.xlsx", ["专家编号", "申报单位", "回避原因", "专家ID"], ["ZJ008", "某公司", "亲属", "'zj008"])
    result = run_cli("draw", "check", "--pool", POOL, "--field", "新材料", "--conflicts", conflicts, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["fields"][0]["excluded_ids"] == ["ZJ008"]


# ---------------------------------------------------------------- 8. a ledger edited by hand: an entry copied in twice


def _ledger_with_a_repeated_entry(tmp_path):
    import shutil
    import sqlite3

    result = _new(tmp_path, _pool(tmp_path), "--random-source", "1 2 3", "-q")
    assert result.exit_code == 0, result.output
    shutil.copy(tmp_path / "d.json", tmp_path / "kept.json")
    first = _record(tmp_path)["panel"][0]["expert_id"]
    assert run_cli("draw", "substitute", tmp_path / "d.json", "--expert", first, "--reason", "本人谢绝").exit_code == 0
    connection = sqlite3.connect(tmp_path / "l.db")
    for (trigger,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        connection.execute(f'DROP TRIGGER "{trigger}"')
    connection.execute("ALTER TABLE ledger RENAME TO old")  # rebuilt without its key, the substitution copied in twice
    connection.execute("CREATE TABLE ledger(seq, prev_hash, entry_json, entry_hash)")
    connection.execute("INSERT INTO ledger SELECT * FROM old")
    connection.execute("INSERT INTO ledger SELECT * FROM old WHERE seq = 2")
    connection.commit()
    connection.close()
    return tmp_path / "l.db"


def test_a_repeated_entry_is_named_as_such_not_as_a_gap(tmp_path):
    ledger = _ledger_with_a_repeated_entry(tmp_path)
    result = run_cli("ledger", "verify", ledger)
    assert (result.exit_code, result.output) == (
        1, "不一致：第 2 条之后又出现编号为 2 的条目：条目编号重复或倒序，账本被手工改动（条目被复制或重新编号）。\n")


def test_a_substitution_on_a_tampered_ledger_names_the_ledger_not_an_old_record(tmp_path):
    ledger = _ledger_with_a_repeated_entry(tmp_path)
    second = _record(tmp_path, "kept.json")["panel"][1]["expert_id"]
    result = run_cli("draw", "substitute", tmp_path / "kept.json", "--expert", second, "--reason", "本人谢绝", "--ledger", ledger)
    assert (result.exit_code, result.stderr) == (2, (
        "错误：账本校验失败，拒绝追加：第 2 条之后又出现编号为 2 的条目：条目编号重复或倒序，账本被手工改动（条目被复制或重新编号）。"
        "请先运行 ledger verify 查明。\n"))
