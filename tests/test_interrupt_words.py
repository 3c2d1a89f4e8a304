"""What a Ctrl-C says for the commands that do not write a run's reports into an output folder
(check, audit and fairness keep check's words; the draw's are its own, tests/test_draw_s26.py):
a command that only reads says no file was touched, one that writes single files (template, rules
docs) that every file is whole or as it was."""

from __future__ import annotations

from checker.cli import INTERRUPTED, INTERRUPTED_READING, INTERRUPTED_WRITING
from tests.helpers import ROOT, SAMPLES, run_cli


def _stopped(*_args, **_kwargs):
    raise KeyboardInterrupt


def test_the_sentences_say_what_each_kind_of_command_left():
    assert (INTERRUPTED_READING, INTERRUPTED_WRITING) == (
        "已中断：本次运行未完成，没有结果；该命令只读取文件，未写出或改动任何文件。请重新运行同一命令。",
        "已中断：本次运行未完成，正在写入的临时文件已删除；每个文件都是整体写出的，已写出的文件完整，未写出的保持原样。请重新运行同一命令。")


def test_ctrl_c_in_show_says_nothing_was_written(tmp_path, monkeypatch):
    from checker.cli import show

    monkeypatch.setattr(show, "case_report", _stopped)
    result = run_cli("show", tmp_path, "WH-2020-001")
    assert (result.exit_code, result.stderr) == (2, INTERRUPTED_READING + "\n")


def test_ctrl_c_in_diff_says_nothing_was_written(tmp_path, monkeypatch):
    from checker.cli import diff

    monkeypatch.setattr(diff.RunOutput, "open", _stopped)
    result = run_cli("diff", tmp_path, tmp_path)
    assert (result.exit_code, result.stderr) == (2, INTERRUPTED_READING + "\n")


def test_ctrl_c_in_template_says_the_file_is_whole_or_not_written(tmp_path, monkeypatch):
    from checker.cli import template

    monkeypatch.setattr(template, "write_check_template", _stopped)
    result = run_cli("template", "check", "--workflow", "W-05", "--out", tmp_path / "t.xlsx")
    assert (result.exit_code, result.stderr, list(tmp_path.iterdir())) == (2, INTERRUPTED_WRITING + "\n", [])


def test_ctrl_c_in_fairness_keeps_the_words_of_a_run_writing_a_folder(tmp_path, monkeypatch):
    from checker.fairness import cli as fairness_cli

    monkeypatch.setattr(fairness_cli, "build_report", _stopped)
    result = run_cli("fairness", SAMPLES / "rounds" / "ledger.db", "--out", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (2, INTERRUPTED + "\n")


def test_ctrl_c_in_rules_docs_says_files_are_whole_and_in_rules_list_that_nothing_was_written(tmp_path, monkeypatch):
    from checker.cli import rules

    monkeypatch.setattr(rules, "write_docs", _stopped)
    docs = run_cli("rules", "docs", "--root", ROOT)  # write_docs is stopped: nothing is written
    monkeypatch.setattr(rules, "rulebook", _stopped)
    listed = run_cli("rules", "list")
    assert ((docs.exit_code, docs.stderr), (listed.exit_code, listed.stderr)) == (
        (2, INTERRUPTED_WRITING + "\n"), (2, INTERRUPTED_READING + "\n"))
