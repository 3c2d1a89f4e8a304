"""The `check`, `rules` and `workflows` commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.check.batch import CheckOptions, run_check
from checker.check.facts import BatchContext, Window
from checker.check.overrides import load_overrides
from checker.check.registers import read_credit_register, read_debarment_register
from checker.core.evaluator import DEFAULT_ENGINE
from checker.cli.common import date_option, prepare_out_dir, rulebook, rules_option
from checker.errors import InputError


@click.command("check")
@click.argument("applications", type=click.Path(dir_okay=False))
@click.option("--workflow", "workflow_id", default="W-05", show_default=True, help="Workflow profile (fundcheck workflows list).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output folder: cases/, summary.xlsx, summary.json.")
@click.option("--as-of", help="Reference date: parameters and registers are judged on it. Default: the --window end (the application deadline), else each 申报日期.")
@click.option("--window", nargs=2, metavar="START END", help="The round's application window, e.g. --window 2020-07-01 2020-07-31.")
@click.option("--credit-list", type=click.Path(dir_okay=False), help="Adverse credit records (统一社会信用代码, 记录类型, 认定日期, 来源).")
@click.option("--debarments", type=click.Path(dir_okay=False), help="Fund disqualifications (统一社会信用代码, 专项名称, 起始日期, 期限（年）).")
@click.option("--fund-name", help="This round's fund (专项名称), matched against --debarments.")
@click.option("--overrides", type=click.Path(dir_okay=False), help="Reviewer decisions (case_id, rule_id, decision, reason, reviewer), .json or .xlsx.")
@click.option("--format", "formats", default="json,html", show_default=True, help="Per-case report formats: json, html, md.")
@click.option("--reply-days", type=click.IntRange(1, 365), default=10, show_default=True, help="Reply deadline printed on the one-time deficiency notice (not set by the seeds).")
@click.option("--engine", type=click.Choice(["durable", "reference"], case_sensitive=False), default=DEFAULT_ENGINE, show_default=True, help="durable-rules (engine of record) or the plain-Python reference evaluator.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes for large batches (2 on a 2-core machine).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary on the terminal.")
@click.option("--force", is_flag=True, help="Replace another run's reports in the output folder (only files fundcheck wrote).")
@rules_option
def check_command(applications, workflow_id, out_dir, as_of, window, credit_list, debarments, fund_name, overrides,
                  formats, reply_days, engine, jobs, quiet, force, rules_dir):
    """Check every application in a workbook (.xlsx) or JSON/JSONL file against a workflow's rules.

    Writes one report per application to OUT/cases/ (JSON and HTML, Markdown with --format md),
    OUT/summary.xlsx and OUT/summary.json. Exit 0 when every case is eligible, 1 when some case
    is ineligible or needs review, 2 when the run cannot be done.

    Example:

        fundcheck check samples/w05_applications.xlsx --workflow W-05 --out out/ --window 2020-07-01 2020-07-31
    """
    book = rulebook(rules_dir)
    workflow = book.workflow(workflow_id)
    if not workflow.check_rules:
        raise InputError(f"workflow {workflow_id} has no application rules; use `fundcheck audit` for its rounds")
    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in ("json", "html", "md")]
    if unknown or not wanted:
        raise InputError(f"--format takes json, html and md; got {formats!r}")
    context = BatchContext()
    run_extra: dict = {"reply_days": reply_days}
    if window:
        start, end = (date_option(v, "--window") for v in window)
        if end < start:
            raise InputError(f"--window ends ({end}) before it starts ({start})")
        context.window = Window(start, end)
        run_extra["window"] = f"{start.isoformat()} 至 {end.isoformat()}"
    registers = {}
    if credit_list:
        context.credit = read_credit_register(Path(credit_list))
        registers["不良信用记录名单"] = Path(credit_list).name
    if debarments:
        context.debarments = read_debarment_register(Path(debarments))
        registers["取消申报资格名单"] = f"{Path(debarments).name}（专项：{fund_name or '未指定，任一专项均计入'}）"
    context.fund_name = fund_name
    run_extra["registers"] = registers
    # The reference date: --as-of, else the round's application deadline (the --window end).
    reference = date_option(as_of, "--as-of")
    basis = "as_of"
    if reference is None and context.window:
        reference, basis = context.window.end, "window_end"
    options = CheckOptions(
        workflow_id=workflow_id,
        out=prepare_out_dir(Path(out_dir)),
        engine=engine,
        as_of=reference,
        as_of_basis=basis,
        formats=wanted,
        jobs=jobs,
        overrides=load_overrides(Path(overrides), book) if overrides else {},
        force=force,
    )
    if overrides:
        run_extra["overrides_file"] = Path(overrides).name
    result = _run_with_progress(Path(applications), book, options, context, run_extra, quiet)
    if not quiet:
        _print_summary(result.summary, Path(out_dir))
    sys.exit(result.exit_code)


def _run_with_progress(path, book, options, context, run_extra, quiet):
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return run_check(path, book, options, context, run_extra)
    with Progress(TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("check", total=None)
        return run_check(path, book, options, context, run_extra, progress=lambda n: bar.advance(task, n))


def _print_summary(summary: dict, out: Path) -> None:
    counts = summary["counts"]
    click.echo(
        f"{summary['workflow']} {summary['workflow_title']}: {counts['cases']} 件申报"
        f"（输入 {summary['input_rows']} 行，跳过空行 {summary['skipped_empty_rows']}"
        + (f"、合计行 {len(summary['skipped_total_rows'])}（第 {'、'.join(map(str, summary['skipped_total_rows']))} 行）" if summary["skipped_total_rows"] else "")
        + "）— "
        f"符合条件 {counts['eligible']}，不符合条件 {counts['ineligible']}，需人工复核 {counts['needs_review']}。"
    )
    click.echo(f"报告：{out / 'summary.xlsx'}、{out / 'summary.json'}、{out / 'cases'}/")
    if summary.get("unused_overrides"):
        click.echo(f"注意：复核决定中的申报编号未在输入中出现：{'、'.join(summary['unused_overrides'])}", err=True)
