"""Command line: ``fundcheck`` (also ``python -m checker``). Each family of commands has its own
module; each command parses its options, calls one function of a wing, and prints."""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.audit import audit_command
from checker.cli.check import check_command
from checker.cli.draw import draw_group, ledger_group
from checker.cli.rules import rules_group, workflows_group
from checker.cli.template import template_group
from checker.errors import EXIT_ERROR, InputError
from checker.fairness.cli import draw_check_command, draw_publish_command, fairness_command


class FundcheckGroup(click.Group):
    """A click group that turns :class:`InputError` into one sentence on stderr and exit 2."""

    def invoke(self, ctx: click.Context):  # noqa: D102 - behaviour described on the class
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"错误 / error: {error}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=FundcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fundcheck")
def cli() -> None:
    """fundcheck: check funding applications, audit fund rounds, draw expert panels.

    Example:

        fundcheck check samples/w05_applications.xlsx --workflow W-05 --out out/
    """


for _command in (check_command, audit_command, rules_group, workflows_group, draw_group, ledger_group, template_group,
                 fairness_command):
    cli.add_command(_command)
draw_group.add_command(draw_check_command)
draw_group.add_command(draw_publish_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="fundcheck")
