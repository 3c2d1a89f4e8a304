"""Command line: ``fundcheck`` (also ``python -m checker``). Each family of commands has its own
module; each command parses its options, calls one function of a wing, and prints.

No traceback reaches a user: an input problem is one sentence and exit 2; an internal error is one
Chinese sentence, exit 2, and the traceback in a crash file whose path is printed (folder:
FUNDCHECK_CRASH_DIR, default the system's temporary folder). SIGTERM and Ctrl-C remove the
temporary files of an interrupted write before exiting.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import tempfile
import traceback
from pathlib import Path

import click

from checker import __version__
from checker.core.calendar import version_text
from checker.cli.audit import audit_command
from checker.cli.check import check_command
from checker.cli.conditions import conditions_group
from checker.cli.draw import draw_group, ledger_group
from checker.cli.rules import rules_group, workflows_group
from checker.cli.template import template_group
from checker.errors import EXIT_ERROR, InputError
from checker.fairness.cli import draw_check_command, draw_publish_command, fairness_command
from checker.io.outputs import remove_live_temps

CRASH_DIR_VARIABLE = "FUNDCHECK_CRASH_DIR"


def write_crash_file(error: BaseException) -> Path:
    """The traceback of an internal error, in a file a user can send to the maintainers."""
    folder = Path(os.environ.get(CRASH_DIR_VARIABLE) or Path(tempfile.gettempdir()) / "fundcheck-crash")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    return path


class FundcheckGroup(click.Group):
    """A click group that turns every failure into one sentence and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: D102 - behaviour described on the class
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"错误 / error: {error}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            remove_live_temps()
            click.echo("已中断：未完成的输出已删除。", err=True)
            ctx.exit(EXIT_ERROR)
        except Exception as error:  # an internal error: the user gets one sentence and a file to send
            if os.environ.get("FUNDCHECK_DEBUG"):
                raise
            remove_live_temps()
            path = write_crash_file(error)
            click.echo(f"错误 / error: 内部错误（{type(error).__name__}），本次运行未完成；详细信息已写入 {path}，请将该文件发给维护人员。",
                       err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=FundcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fundcheck", message=f"%(prog)s %(version)s\n{version_text()}")
def cli() -> None:
    """fundcheck: check funding applications, audit fund rounds, draw expert panels.

    Example:

        fundcheck check samples/w05_applications.xlsx --workflow W-05 --out out/
    """


for _command in (check_command, audit_command, rules_group, workflows_group, draw_group, ledger_group, template_group,
                 fairness_command, conditions_group):
    cli.add_command(_command)
draw_group.add_command(draw_check_command)
draw_group.add_command(draw_publish_command)


def _stop(signum, _frame) -> None:
    # SIGTERM becomes KeyboardInterrupt, so finally-blocks and the handler above clean up.
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _stop)
    cli(prog_name="fundcheck")
