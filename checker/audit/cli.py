"""``fundcheck audit``: procedural audit of completed fund rounds."""

from __future__ import annotations

from pathlib import Path

import click

from checker.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError


@click.command("audit")
@click.argument("rounds", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Report folder (round.json/html/md).")
@click.option("--ledger", "ledger", type=click.Path(), default=None, help="Draw ledger (SQLite) for DRAW-RANDOM.")
@click.option("--pool", "pool", type=click.Path(), default=None, help="Expert pool workbook (fills experts' fields for DRAW-BY-FIELD).")
@click.option("--day-reading", "day_reading", type=click.Choice(["calendar", "working"]), default=None,
              help="Reading of 会前三天/会后三天 (default: the rules' parameter, calendar).")
@click.option("--workflow", "workflow", default=None, help="Override the 流程类型 of every record (e.g. W-06).")
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", show_default=True,
              help="durable-rules (engine of record) or the plain-Python reference evaluator.")
def audit_command(rounds, out, ledger, pool, day_reading, workflow, engine) -> None:
    """Audit completed fund rounds (三重一大 procedure, expert draw, 公示, archive).

    ROUND is a round-record workbook (.xlsx with sheets 轮次, 流程节点, 专家抽取, 公示, 归档), the same
    data as JSON/YAML, or a folder of them. Exit 0 when every round is compliant, 1 when some round
    is noncompliant or needs review, 2 when the run cannot be done.

    Example:

        fundcheck audit samples/rounds/compliant_W-06.xlsx --out out/round --day-reading working
    """
    try:
        code = run_audit(list(rounds), Path(out), ledger=ledger, pool=pool, day_reading=day_reading,
                         workflow=workflow, engine=engine, echo=click.echo)
    except InputError as error:
        click.echo(f"错误 / error: {error}", err=True)
        click.get_current_context().exit(EXIT_ERROR)
    click.get_current_context().exit(code)


def run_audit(rounds: list, out: Path, *, ledger=None, pool=None, day_reading=None, workflow=None,
              engine="durable", echo=print, book=None) -> int:
    from checker.audit.evaluate import VERDICT_COMPLIANT, VERDICT_ZH, RoundAuditor
    from checker.audit.facts import RoundContext
    from checker.audit.read_round import read_rounds
    from checker.audit.report import write_reports
    from checker.rulebook import load_rulebook

    book = book or load_rulebook()
    if ledger is not None:
        from checker import ledger as ledger_mod

        # An unreadable ledger is a problem with the command's input (exit 2), not a finding.
        ledger_mod.open_existing(ledger).close()
    pool_obj = None
    if pool is not None:
        from checker.pool import read_pool

        pool_obj = read_pool(pool)
    auditor = RoundAuditor(book, engine=engine, day_reading=day_reading,
                           context=RoundContext(ledger=ledger, pool=pool_obj), workflow_override=workflow)
    records = read_rounds(rounds)
    if not records:
        raise InputError(f"{', '.join(str(r) for r in rounds)} holds no round record")
    from checker.cli_check import prepare_out_dir

    prepare_out_dir(Path(out))
    for record in records:  # every record readable and its workflow known before any report is written
        auditor.check_sheets(record)
    results = [auditor.evaluate(record) for record in records]
    titles = {wid: wf.title.zh for wid, wf in book.workflows.items()}
    folders = write_reports(results, out, book.version, titles)
    for result, folder in zip(results, folders):
        failed = [f["rule_id"] for f in result.findings if f["outcome"] == "fail"]
        missing = [f["rule_id"] for f in result.findings if f["outcome"] == "missing"]
        echo(f"{result.round_id} [{result.workflow}] {VERDICT_ZH[result.verdict]} ({result.verdict})"
             + (f" 不通过: {', '.join(failed)}" if failed else "")
             + (f" 缺失: {', '.join(missing)}" if missing else "")
             + f" → {folder}")
    return EXIT_OK if all(r.verdict == VERDICT_COMPLIANT for r in results) else EXIT_FINDINGS
