"""``fundcheck template``: empty input workbooks people can fill in (drop-downs, formats, a 说明 sheet)."""

from __future__ import annotations

import click


@click.group("template")
def template_group() -> None:
    """Empty input workbooks with drop-down lists for each workflow.

    Example:

        fundcheck template --help
    """
