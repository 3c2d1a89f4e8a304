"""``fundcheck diff OLD_OUT NEW_OUT``: what changed between two check runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import rulebook, rules_option
from checker.cli.output import report
from checker.errors import EXIT_FINDINGS, EXIT_OK
from checker.report.diff import diff_lines, diff_runs
from checker.report.runs import RunOutput


@click.command("diff")
@click.argument("old_out", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new_out", type=click.Path(file_okay=False, path_type=Path))
@rules_option
def diff_command(old_out: Path, new_out: Path, rules_dir):
    """List the cases whose verdict or findings differ between two `fundcheck check` output
    folders (e.g. before and after a rulebook or conditions change), each with the rules that made
    the difference. Cases are matched by 申报编号 (row<N> by input row where the id was missing or
    shared). Exit 0 when nothing changed, 1 when something did, 2 when a folder cannot be read.

    Example:

        fundcheck diff out/ out/
    """
    old, new = RunOutput.open(old_out), RunOutput.open(new_out)
    titles = {rule_id: rule.title.zh for rule_id, rule in rulebook(rules_dir).rules.items()}
    result = diff_runs(old, new, titles)
    for line in diff_lines(result, old, new):
        click.echo(line)
    report(compared=result.compared, changed=[
        {"case": c.key, "company": c.company, "old_verdict": c.old_verdict, "new_verdict": c.new_verdict,
         "rules": [{"rule_id": r.rule_id, "title": r.title, "old": r.old, "new": r.new} for r in c.rules]}
        for c in result.changed],
        added=[key for key, _, _ in result.added], removed=[key for key, _, _ in result.removed])
    sys.exit(EXIT_FINDINGS if result.any else EXIT_OK)
