"""Each command imports only its own wing (checker/cli/lazy.py): `draw new` used to pay ~0.5-0.9 s
importing the audit, check and report wings, pydantic, jinja2 and openpyxl before it read its pool."""

from __future__ import annotations

import signal
import subprocess
import sys

import click

from checker.cli import COMMANDS, cli
from tests.helpers import ROOT

HEAVY = ("pydantic", "jinja2", "openpyxl", "yaml", "rich", "xlsxwriter", "stdnum", "multiprocessing",
         "concurrent.futures", "checker.audit", "checker.check", "checker.report", "checker.fairness",
         "checker.core.rulebook", "checker.core.calendar")


def _imported_by(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print(' '.join(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_the_draw_and_ledger_commands_import_no_other_wing():
    # what `fundcheck draw new` imports before it runs: the root, its group and the draw wing
    code = ("from checker.cli import cli\n"
            "import click\n"
            "ctx = click.Context(cli)\n"
            "draw = cli.get_command(ctx, 'draw')\n"
            "draw.get_command(ctx, 'new'); cli.get_command(ctx, 'ledger')\n"
            "import checker.draw.service, checker.draw.verify, checker.io.table")
    assert _imported_by(code) == []


def test_every_lazy_name_loads_the_command_of_that_name():
    ctx = click.Context(cli)
    assert sorted(cli.list_commands(ctx)) == sorted(COMMANDS)
    for name in COMMANDS:
        assert cli.get_command(ctx, name).name == name
    draw = cli.get_command(ctx, "draw")
    assert {"new", "commit", "reveal", "substitute", "verify", "check", "publish"} <= set(draw.commands)


def _as_from_a_terminal() -> None:
    """The child starts with Ctrl-C's default action, as from a terminal: a test suite started in the
    background by a shell without job control (nohup …&, some CI runners) has SIGINT ignored, which
    children inherit, and Python then installs no handler of its own."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_ctrl_c_while_the_program_loads_is_one_sentence_and_exit_2():
    """A Ctrl-C in the first tenth of a second (while click, pydantic... load) printed a page of
    English traceback. Run as the program, the handler installed at import answers it; the signal
    is sent after the import and before main() restores Python's own handler, i.e. while loading."""
    script = ("import sys; sys.argv = ['fundcheck']\n"
              "import os, signal, checker.cli\n"
              "os.kill(os.getpid(), signal.SIGINT)\n"
              "print('not stopped')\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          preexec_fn=_as_from_a_terminal)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "已中断：程序尚未开始处理，未读取或写出任何文件。\n")


def test_imported_as_a_library_the_ctrl_c_handler_is_left_alone():
    script = ("import signal, checker.cli\n"
              "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          preexec_fn=_as_from_a_terminal)
    assert (done.returncode, done.stdout) == (0, "True\n")


def test_a_whole_draw_with_its_side_lists_and_panel_workbook_loads_no_other_wing(tmp_path):
    # the whole `draw new` as an office runs it: the application workbook read as `check` reads it
    # (checker.check.intake, without the rulebook and its pydantic models), the panel written by
    # xlsxwriter (openpyxl took 0.1-0.2 s to import: issue 14's draw target)
    samples = ROOT / "samples"
    args = ["draw", "new", "--pool", str(samples / "experts.xlsx"), "--field", "新材料", "--size", "3",
            "--alternates", "1", "--round", "LAZY-1", "--ledger", str(tmp_path / "l.db"),
            "--out", str(tmp_path / "d.json"), "--applicants", str(samples / "draw" / "applicants.xlsx"),
            "--conflicts", str(samples / "draw" / "conflicts.csv"), "--staff", str(samples / "draw" / "staff.txt"),
            "--random-source", "3 9 14 22 27 31 8", "--source-name", "双色球 第2025060期", "-q"]
    code = (f"import sys\nsys.argv = ['fundcheck', *{args!r}]\nfrom checker.cli import main\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert stop.code in (0, None), stop.code")
    loaded = _imported_by(code)
    assert (tmp_path / "d.panel.xlsx").is_file()
    groups = {".".join(name.split(".")[:2]) if name.startswith("checker.") else name.split(".")[0] for name in loaded}
    # the application list's reader (checker.check.intake, checker.check.fields, checker.check.region),
    # the round-name comparison of checker.fairness.model, stdnum's USCC form, the panel's writer
    assert sorted(groups) == ["checker.check", "checker.fairness", "stdnum", "xlsxwriter"]
    assert sorted(name for name in loaded if name.startswith(("checker.check", "checker.fairness"))) == [
        "checker.check", "checker.check.fields", "checker.check.intake", "checker.check.region",
        "checker.fairness", "checker.fairness.model"]
