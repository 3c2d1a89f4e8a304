"""``fundcheck audit``: procedural audit of completed fund rounds."""

from __future__ import annotations

from pathlib import Path

import click

from checker.audit.run import run_audit
from checker.core.evaluator import DEFAULT_ENGINE
from checker.cli.output import report
from checker.cli.common import prepare_out_dir, rulebook, rules_option


@click.command("audit")
@click.argument("rounds", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Report folder (round.json/html/md).")
@click.option("--ledger", "ledger", type=click.Path(), default=None, help="Draw ledger (SQLite) for DRAW-RANDOM.")
@click.option("--pool", "pool", type=click.Path(), default=None, help="Expert pool workbook (fills experts' fields for DRAW-BY-FIELD).")
@click.option("--day-reading", "day_reading", type=click.Choice(["calendar", "working"]), default=None,
              help="Reading of 会前三天/会后三天 (default: the rules' parameter, calendar).")
@click.option("--draw-record", "draw_record", type=click.Path(), default=None,
              help="Draw record (draw.json) to re-derive a draw whose ledger entry lacks the eligible list and seed; checked against --ledger.")
@click.option("--holidays", "holidays", type=click.Path(), default=None,
              help="Holidays file (YAML {年份, 文号, 放假, 调休上班} or a 节假日 sheet); its years replace chinesecalendar's.")
@click.option("--workflow", "workflow", default=None, help="Override the 流程类型 of every record (e.g. W-06).")
@click.option("--engine", type=click.Choice(["durable", "reference"], case_sensitive=False), default=DEFAULT_ENGINE, show_default=True,
              help="durable-rules (engine of record) or the plain-Python reference evaluator.")
@click.option("--force", is_flag=True, help="Replace another run's reports in the output folder (only files fundcheck wrote).")
@rules_option
@click.pass_context
def audit_command(ctx, rounds, out, ledger, pool, day_reading, draw_record, holidays, workflow, engine, force, rules_dir) -> None:
    """Audit completed fund rounds (三重一大 procedure, expert draw, 公示, archive).

    ROUND is a round-record workbook (.xlsx with sheets 轮次, 流程节点, 专家抽取, 公示, 归档), the same
    data as JSON/YAML, or a folder of them. Exit 0 when every round is compliant, 1 when some round
    is noncompliant or needs review (or two differing records of one round were given), 2 when the
    run cannot be done.

    Example:

        fundcheck audit samples/rounds/compliant_W-12.xlsx --out out/round --day-reading working
    """
    book = rulebook(rules_dir)
    prepare_out_dir(Path(out))
    ctx.exit(run_audit(book, list(rounds), Path(out), ledger=ledger, pool=pool, day_reading=day_reading,
                       workflow=workflow, engine=engine, draw_record=draw_record, holidays=holidays, echo=click.echo,
                       warn=lambda text: click.echo(text, err=True), force=force, on_done=_report_rounds))


def _report_rounds(rounds: list[dict]) -> None:
    """The --json object of an audit: each round's verdict and folder, and the counts."""
    verdicts = [r["verdict"] for r in rounds]
    report(rounds=rounds, counts={"rounds": len(rounds), **{v: verdicts.count(v) for v in ("compliant", "noncompliant", "needs_review")}})
