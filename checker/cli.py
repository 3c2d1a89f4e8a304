"""Command line: ``fundcheck`` (also ``python -m checker``)."""

from __future__ import annotations

import click

from checker import __version__
from checker.errors import EXIT_ERROR, InputError


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


def _register_groups() -> None:
    # Each family of sub-commands lives in its own module so each stays small and readable.
    from checker.audit.cli import audit_command
    from checker.cli_check import check_command, rules_group, workflows_group
    from checker.draw_cli import draw_group, ledger_group

    cli.add_command(check_command)
    cli.add_command(audit_command)
    cli.add_command(rules_group)
    cli.add_command(workflows_group)
    cli.add_command(draw_group)
    cli.add_command(ledger_group)
    from checker.fairness.cli import draw_check_command, draw_publish_command, fairness_command

    cli.add_command(fairness_command)
    draw_group.add_command(draw_check_command)
    draw_group.add_command(draw_publish_command)


_register_groups()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="fundcheck")
