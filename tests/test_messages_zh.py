"""Error sentences are Chinese throughout: the operating system's, SQLite's and the JSON parser's
English reasons are put in words (hostile review 4 found "Not a directory", "file is not a
database", "Expecting property name…" and a JSON dump in messages)."""

from __future__ import annotations

from tests.helpers import SAMPLES, run_cli


def test_a_ledger_that_is_not_a_database_is_said_in_chinese(tmp_path):
    ledger = tmp_path / "x.db"
    ledger.write_text("not a db", encoding="utf-8")
    result = run_cli("ledger", "verify", ledger)
    assert (result.exit_code, result.stderr.strip()) == (2, f"错误：无法打开账本「{ledger}」：不是 SQLite 数据库文件。")


def test_an_output_folder_under_a_file_is_said_in_chinese(tmp_path):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", tmp_path / "afile" / "sub")
    assert (result.exit_code, result.stderr.strip()) == (2, f"错误：无法创建输出文件夹「{tmp_path / 'afile' / 'sub'}」（路径中有一段不是文件夹）")


def test_broken_json_input_names_line_column_and_reason(tmp_path):
    (tmp_path / "bad.json").write_text("{a:1}\n", encoding="utf-8")
    result = run_cli("check", tmp_path / "bad.json", "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr.strip()) == (
        2, f"错误：无法读取申报文件「{tmp_path / 'bad.json'}」：不是有效的 JSON（第 1 行第 2 列：键名须用英文双引号）")


def test_an_incomplete_decision_is_quoted_by_column_not_as_json(tmp_path):
    (tmp_path / "ov.csv").write_text("申报编号,规则编号,复核结论,理由,复核人\nH4-1,,,核实,李四\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--overrides", tmp_path / "ov.csv",
                     "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("实际为 申报编号“H4-1”，理由“核实”，复核人“李四”")


def test_broken_yaml_input_names_line_and_column_in_chinese(tmp_path):
    """The parser's English (while scanning a quoted scalar …) was quoted to the user."""
    (tmp_path / "bad.yaml").write_text('- 申报编号: A1\n  企业名称: "abc\n', encoding="utf-8")
    result = run_cli("check", tmp_path / "bad.yaml", "--workflow", "W-05", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr.strip()) == (
        2, f"错误：无法读取申报文件「{tmp_path / 'bad.yaml'}」：不是有效的 YAML（第 3 行第 1 列附近格式有误：请检查缩进、冒号后的空格和引号是否成对）")
