"""The command line behaves the same everywhere: -V, --json and -q on every command, the short
options, click's own messages in Chinese, `rules show` in sentences, a total line for several
rounds, and a closed pipe that is not an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import click
import pytest

from checker.cli import cli
from checker.core.calendar import library_years
from tests.helpers import ROOT, SAMPLES, run_cli

ROUNDS = SAMPLES / "rounds"


def _commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_version_names_program_rulebook_engine_and_holiday_years(book):
    from checker.core.engine import AVAILABLE

    first, last = library_years()
    result = run_cli("-V")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and len(lines) == 4
    assert lines[0].startswith("fundcheck ")
    assert lines[1] == f"规则库 {book.version}（{len(book.rules)} 条规则，{len(book.workflows)} 个流程）"
    assert lines[2] == ("判定：durable-rules（规则引擎，参考实现交叉核对）" if AVAILABLE
                        else "判定：参考实现（本机未安装 durable-rules：Windows 或 Python 3.13，判定结果相同）")
    assert lines[3].endswith(f"覆盖 {first}–{last} 年（其他年份用 --holidays 文件提供）")
    assert run_cli("--version").output == result.output


def test_every_command_has_json_quiet_and_the_short_options():
    for path, command in _commands(cli):
        options = {opt: param for param in command.params for opt in param.opts}
        assert {"--json", "-q", "--quiet"} <= set(options), path
        for long, short in (("--out", "-o"), ("--workflow", "-w"), ("--jobs", "-j")):
            if long in options:
                assert options.get(short) is options[long], (path, short)


def test_check_json_is_one_object_with_the_run_summary_not_the_cases(tmp_path):
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "-w", "W-05", "-o", tmp_path / "out", "--json")
    answer = json.loads(result.output)  # the whole stdout is one object
    out = tmp_path / "out"
    assert result.exit_code == 1
    assert answer == {
        "command": "fundcheck check", "status": "findings", "exit_code": 1, "workflow": "W-05",
        "counts": answer["counts"], "input_rows": 19,
        "outputs": {"folder": str(out), "summary_xlsx": str(out / "summary.xlsx"), "summary_json": str(out / "summary.json"),
                    "index": str(out / "index.html"), "cases_jsonl": str(out / "cases.jsonl"), "rules_json": str(out / "rules.json"),
                    "cases": str(out / "cases"), "notices": str(out / "告知书汇总.html"), "per_case": "flagged", "cases_with_files": 14},
        "messages": answer["messages"],
    }
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert answer["counts"] == summary["counts"] and answer["counts"]["cases"] == 18


def test_quiet_prints_nothing_and_keeps_the_exit_code(tmp_path):
    loud = run_cli("check", SAMPLES / "w05_applications.xlsx", "-o", tmp_path / "a")
    quiet = run_cli("check", SAMPLES / "w05_applications.xlsx", "-o", tmp_path / "b", "-q")
    assert (loud.exit_code, quiet.exit_code, quiet.stdout) == (1, 1, "")
    assert "18 件申报" in loud.stdout.splitlines()[0]
    listing = run_cli("rules", "list", "--quiet")
    assert (listing.exit_code, listing.stdout) == (0, "")


def test_an_input_error_under_json_is_an_object_and_a_sentence(tmp_path):
    result = run_cli("ledger", "show", tmp_path / "none.db", "--json")
    message = f"账本「{tmp_path / 'none.db'}」不存在。"
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"command": "fundcheck ledger show", "status": "error", "exit_code": 2, "error": message}
    assert result.stderr == f"错误：{message}\n"


def test_ledger_show_json_holds_the_entries_as_stored(tmp_path):
    ledger = tmp_path / "d.db"
    drawn = run_cli("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R-1",
                    "--ledger", ledger, "-o", tmp_path / "r.json", "--random-source", "1 2 3", "-q")
    assert (drawn.exit_code, drawn.stdout) == (0, "")
    answer = json.loads(run_cli("ledger", "show", ledger, "--json").stdout)
    record = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(e["seq"], e["entry"]["type"], e["entry"]["round_id"]) for e in answer["entries"]] == [(1, "draw", "R-1")]
    assert answer["entries"][0]["entry"]["draw_sha256"] == record["draw_sha256"]


def test_several_rounds_end_with_a_total_line_and_a_folder_skips_other_files(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in ("compliant_W-12.json", "noncompliant_W-08.json", "draw_W12-2020-01.json"):
        shutil.copy(ROUNDS / name, folder / name)
    result = run_cli("audit", folder, "-o", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert lines[-1] == "合计 2 轮：合规 1，不合规 1，需人工复核 0"
    assert result.stderr == ("提示：draw_W12-2020-01.json：不是轮次记录，缺少工作表「轮次」"
                             "（轮次记录须有工作表：轮次、流程节点、专家抽取、公示、归档），已跳过\n")
    answer = json.loads(run_cli("audit", folder, "-o", tmp_path / "out2", "--ledger", ROUNDS / "ledger.db", "--json").stdout)
    assert answer["counts"] == {"rounds": 2, "compliant": 1, "noncompliant": 1, "needs_review": 0}
    assert [(r["round_id"], r["verdict"]) for r in answer["rounds"]] == [("W12-2020-01", "compliant"), ("W08-2020-02", "noncompliant")]


def test_a_draw_record_named_on_the_command_line_is_still_an_error(tmp_path):
    result = run_cli("audit", ROUNDS / "draw_W12-2020-01.json", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：draw_W12-2020-01.json：不是轮次记录，缺少工作表「轮次」")


@pytest.mark.parametrize(("args", "expected"), [
    (["check"], "错误：缺少参数「申报文件…」。"),
    (["show", "out"], "错误：缺少参数「申报编号」。"),
    (["check", "a.xlsx", "-o", "x", "--jobs", "abc"], "错误：'-j' / '--jobs' 的值无效：'abc' 不是有效的整数。"),
    (["chek"], "错误：没有命令 'chek'。 您是否想输入 'check'？"),
    (["audit", "r.json", "--out"], "错误：选项 '--out' 需要一个值。"),
    (["rules", "list", "--bogus"], "错误：没有选项 '--bogus'。"),
])
def test_click_usage_errors_are_in_chinese(args, expected):
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == expected
    assert not any(word in result.stderr for word in ("Usage", "Error", "Try ", "Missing", "No such"))


def test_rules_show_speaks_in_sentences(book):
    result = run_cli("rules", "show", "ELIG-EQUIP-INVEST-100W")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and "{'" not in result.output
    assert lines[:4] == ["ELIG-EQUIP-INVEST-100W（第 1 版）年度设备投入100万元（含）以上",
                         "英文名：Annual equipment investment of at least 1,000,000 CNY (inclusive)",
                         "类型：申报审核（check，逐件申报）", "级别：否决项（blocking）"]
    assert ("依据：《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："
            "“且年度设备投入100（含）万元以上”（001_92b0dbd82849a40b.txt 第 2417 行）") in lines
    assert "判定 2：当 equipment_fen 小于 参数 min_equipment_investment_wan（100 万元） 时 → 不通过" in lines
    assert "样例 fail_99_99：equipment_investment_wan = 99.99 → 不通过" in lines


@pytest.mark.parametrize("args, expected", [
    (("rules", "show", "elig-region"), "错误：未知的规则「elig-region」（是否为 ELIG-REGION？）；fundcheck rules list 列出全部规则"),
    (("rules", "test", "--rule", "ＡＰＰ－ＥＱＵＩＰ－ＬＥ－ＴＯＴＡＬ"),
     "错误：未知的规则「ＡＰＰ－ＥＱＵＩＰ－ＬＥ－ＴＯＴＡＬ」（是否为 APP-EQUIP-LE-TOTAL？）；fundcheck rules list 列出全部规则"),
    (("rules", "show", "NOPE"), "错误：未知的规则「NOPE」；fundcheck rules list 列出全部规则"),
    # ids summary.xlsx's 问题明细 lists beside the rules' (what --overrides takes), not rules of the rulebook
    (("rules", "show", "INP-NUMBER"),
     "错误：「INP-NUMBER」是申报数据本身的问题（单元格无法读取、编号重复等）的编号，不是规则库中的规则；其内容见该件报告中的说明。"),
    (("rules", "show", "COND-1"),
     "错误：「COND-1」是本轮申报条件文件中的条件，不是规则库中的规则；用 fundcheck conditions check 申报条件文件 列出各条件。"),
])
def test_an_unknown_rule_id_is_quoted_as_typed_with_the_id_meant(args, expected):
    """The id was quoted as Python writes a string ('elig-region'), with no word on the id meant."""
    result = run_cli(*args)
    assert result.exit_code == 2 and result.stderr.strip() == expected


@pytest.mark.parametrize("args, expected", [
    (("check", SAMPLES / "w05_applications.xlsx", "--out", "{tmp}/o", "--as-of", "2024-13-01"),
     "错误：--as-of「2024-13-01」不是日期（日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）"),
    (("template", "round", "--out", "轮次记录.txt"), "错误：--out「轮次记录.txt」：模板须为 .xlsx 工作簿"),
    (("template", "conditions", "--out", "{tmp}/无此文件夹/申报条件.xlsx"),
     "错误：--out「{tmp}/无此文件夹/申报条件.xlsx」：文件夹「{tmp}/无此文件夹」不存在"),
])
def test_a_refused_option_value_is_quoted_as_typed(args, expected, tmp_path):
    """The value was quoted as Python writes a string (--as-of '2024-13-01')."""
    result = run_cli(*(str(a).replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 2 and result.stderr.strip() == expected.replace("{tmp}", str(tmp_path))

def test_rules_list_of_a_workflow_prints_the_version_its_reports_state(book, tmp_path):
    """A W-05 report states 规则版本 0.1.0+<the W-05 rules' hash>; `rules list --workflow W-05` and
    `-V` printed only the whole rulebook's version, a number no report of the workflow carries."""
    result = run_cli("rules", "list", "--workflow", "W-05")
    assert result.stdout.splitlines()[0] == (f"W-05 所用规则的版本 {book.version_of('W-05')}（即其报告中的规则版本；"
                                             f"整个规则库的版本 {book.version}），共 17 条规则")  # with DISC-OBJECTIONS-HANDLED (h29), PROC-DISTRICT-RECOMMEND (h35)
    assert run_cli("rules", "list", "--workflow", "W-11").stdout.splitlines()[1:] == [
        "不适用：履职清单中本流程的正文是政策起草流程的逐字重复，没有申报单位的任何步骤，无从据以审核。"]  # was: 共 0 条规则, nothing more
    run_cli("check", SAMPLES / "w05_applications.xlsx", "--out", tmp_path / "out", "--quiet")
    assert json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["rulebook_version"] == book.version_of("W-05")

def test_rules_show_of_a_round_rule_names_base_and_patch():
    lines = run_cli("rules", "show", "PROC-3I1L-MID").output.splitlines()
    assert "样例 fail_two_days_under_both_readings：基准轮次 W-12-compliant，改动 流程节点.事中报告.日期 = 2020-04-20 → 不通过，定性为不合规" in lines
    assert "判定 8：当 同时满足：mid_state 为 ok；mid_to_state 为 ok 时 → 通过" in lines  # 判定 6 is stage_unread (h138)


def test_draw_sources_share_one_vocabulary():
    names = {path: {opt for param in command.params for opt in param.opts} for path, command in _commands(cli)}
    assert "--source-name" in names[("draw", "commit")] and "--source" not in names[("draw", "commit")]
    assert {"--random-source", "--source-name"} <= names[("draw", "new")]
    assert "--random-source" in names[("draw", "reveal")]


@pytest.mark.skipif(shutil.which("fundcheck") is None and not (ROOT / ".venv").exists(), reason="needs the installed console script")
def test_a_closed_pipe_is_not_an_error(tmp_path):
    env = dict(os.environ, FUNDCHECK_CRASH_DIR=str(tmp_path))
    reader = subprocess.Popen([sys.executable, "-m", "checker", "rules", "list"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env)
    reader.stdout.readline()
    reader.stdout.close()  # like `| head -1`
    reader.wait(timeout=60)
    assert (reader.returncode, reader.stderr.read(), list(tmp_path.iterdir())) == (0, b"", [])


def test_no_options_help_names_a_rule_by_its_id():
    """audit --ledger's help read 抽取账本（SQLite），供 DRAW-RANDOM 核对: a rule id where staff read."""
    import re

    from checker.core.rulebook import load_rulebook

    ids = set(load_rulebook().rules)
    named = [(path, param.name, word) for path, command in _commands(cli) for param in command.params
             if isinstance(param, click.Option) for word in re.findall(r"[A-Z0-9]+(?:-[A-Z0-9]+)+", param.help or "") if word in ids]
    assert named == []


def test_the_help_has_no_english_placeholder_words():
    """Every usage line read 用法： fundcheck check [OPTIONS] …, and options --workflow TEXT, --out TEXT."""
    for path, command in [((), cli), *_commands(cli)]:
        text = run_cli(*path, "--help").stdout
        assert "[OPTIONS]" not in text and "COMMAND [ARGS]" not in text and " TEXT " not in text, path


def test_a_workflow_typed_in_small_letters_is_that_workflow_on_every_command(tmp_path):
    """-w w-05 was refused by check (未知的流程「w-05」（是否为 W-05？）) and accepted by template
    round: one command took it, the next did not. Any --workflow now takes the letter in either case;
    a workflow written otherwise (w5) is still refused with the hint."""
    result = run_cli("check", SAMPLES / "w05_applications.xlsx", "-w", "w-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--json")
    payload = json.loads(result.output)
    assert (result.exit_code, payload["workflow"], payload["counts"]) == (
        1, "W-05", {"cases": 18, "eligible": 4, "ineligible": 4, "needs_review": 10})
    listed = run_cli("rules", "list", "--workflow", "n-04")
    assert listed.exit_code == 0 and listed.output.startswith("N-04 所用规则的版本")
    refused = run_cli("check", SAMPLES / "w05_applications.xlsx", "-w", "w5", "--out", tmp_path / "o2")
    assert (refused.exit_code, refused.stderr.split("；")[0]) == (2, "错误：未知的流程「w5」（是否为 W-05？）")


def test_ledger_show_writes_terminal_controls_in_an_entry_as_escapes(tmp_path):
    """h103: an entry appended by hand with an intact chain, its round id holding an ESC colour sequence
    and a new line followed by a fake entry line, and its field a window-title sequence: `ledger show`
    printed them raw, so a terminal coloured text, set its title and showed a line for an entry 6 that
    is not in the ledger (cursor-up and erase-line would hide the lines above)."""
    from checker.draw import ledger as ledger_mod

    ledger = tmp_path / "d.db"
    connection = ledger_mod.open_or_create(ledger)
    ledger_mod.append(connection, {"type": "draw", "at": "2025-06-06T10:00:00+08:00",
                                   "round_id": "X\x1b[31mRED\x1b[0m\n    6  伪造行", "fields": ["新材料\x1b]0;title\x07"]})
    connection.close()
    assert run_cli("ledger", "verify", ledger).exit_code == 0
    result = run_cli("ledger", "show", ledger)
    line = next(text for text in result.stdout.splitlines() if text.lstrip().startswith("1 "))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "  X\\u001b[31mRED\\u001b[0m\\u000a    6  伪造行  新材料\\u001b]0;title\\u0007  " in line
    assert not any(text.lstrip().startswith("6 ") for text in result.stdout.splitlines())
