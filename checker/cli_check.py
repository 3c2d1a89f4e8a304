"""The `check`, `rules` and `workflows` commands."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.parse import Unreadable, parse_date
from checker.report import OUTCOME_ZH, SEVERITY_ZH


def _date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except Unreadable as error:
        raise InputError(f"{name} {value!r} is not a date ({error.expected})") from error


def _rulebook(rules_dir: str | None):
    from checker.conditions import RulebookError
    from checker.rulebook import load_rulebook

    try:
        book = load_rulebook(Path(rules_dir) if rules_dir else None)
    except RulebookError as error:
        raise InputError(f"the rulebook is invalid: {error}") from error
    if not book.rules:
        raise InputError(f"no rule files found in {book.directory}")
    return book


def prepare_out_dir(out: Path) -> Path:
    """The output folder, created if needed; a path that cannot be one is an input error."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create the output folder {out} ({error.strerror})") from error
    return out


rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help="Use this rulebook folder instead of the installed one.")


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
@click.option("--engine", type=click.Choice(["durable", "reference"]), default="durable", show_default=True, help="durable-rules (engine of record) or the plain-Python reference evaluator.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes for large batches (2 on a 2-core machine).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary on the terminal.")
@rules_option
def check_command(applications, workflow_id, out_dir, as_of, window, credit_list, debarments, fund_name, overrides,
                  formats, reply_days, engine, jobs, quiet, rules_dir):
    """Check every application in a workbook (.xlsx) or JSON/JSONL file against a workflow's rules.

    Writes one report per application to OUT/cases/ (JSON and HTML, Markdown with --format md),
    OUT/summary.xlsx and OUT/summary.json. Exit 0 when every case is eligible, 1 when some case
    is ineligible or needs review, 2 when the run cannot be done.

    Example:

        fundcheck check samples/w05_applications.xlsx --workflow W-05 --out out/ --window 2020-07-01 2020-07-31
    """
    from checker.batch import CheckOptions, load_overrides
    from checker.facts import BatchContext, Window
    from checker.registers import CreditRegister, DebarmentRegister, load_rows

    book = _rulebook(rules_dir)
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
        start, end = (_date_option(v, "--window") for v in window)
        if end < start:
            raise InputError(f"--window ends ({end}) before it starts ({start})")
        context.window = Window(start, end)
        run_extra["window"] = f"{start.isoformat()} 至 {end.isoformat()}"
    registers = {}
    if credit_list:
        context.credit = CreditRegister.from_rows(load_rows(Path(credit_list)), Path(credit_list).name)
        registers["不良信用记录名单"] = Path(credit_list).name
    if debarments:
        context.debarments = DebarmentRegister.from_rows(load_rows(Path(debarments)), Path(debarments).name)
        registers["取消申报资格名单"] = f"{Path(debarments).name}（专项：{fund_name or '未指定，任一专项均计入'}）"
    context.fund_name = fund_name
    run_extra["registers"] = registers
    # The reference date: --as-of, else the round's application deadline (the --window end).
    reference = _date_option(as_of, "--as-of")
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
    )
    if overrides:
        run_extra["overrides_file"] = Path(overrides).name
    result = _run_with_progress(Path(applications), book, options, context, run_extra, quiet)
    if not quiet:
        _print_summary(result.summary, Path(out_dir))
    sys.exit(result.exit_code)


def _run_with_progress(path, book, options, context, run_extra, quiet):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from checker.batch import run_check

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


# --- rules / workflows -----------------------------------------------------------------------------


@click.group("rules")
def rules_group() -> None:
    """The rulebook: list the catalogue, show one rule, run every rule's fixtures."""


@rules_group.command("list")
@click.option("--workflow", "workflow_id", help="Only the rules this workflow applies.")
@rules_option
def rules_list(workflow_id, rules_dir):
    """List rules: id, severity, kind, title.

    Example:

        fundcheck rules list --workflow W-05
    """
    book = _rulebook(rules_dir)
    if workflow_id:
        workflow = book.workflow(workflow_id)
        ids = [*workflow.check_rules, *workflow.audit_rules]
    else:
        ids = sorted(book.rules)
    click.echo(f"rulebook {book.version}")
    for rule_id in ids:
        rule = book.rules[rule_id]
        click.echo(f"{rule.id:<28} {rule.kind:<11} {rule.severity:<8} {rule.title.zh} / {rule.title.en}")


@rules_group.command("show")
@click.argument("rule_id")
@rules_option
def rules_show(rule_id, rules_dir):
    """Show one rule: statement, citation, parameters, branches and fixtures.

    Example:

        fundcheck rules show ELIG-EQUIP-INVEST-100W
    """
    book = _rulebook(rules_dir)
    rule = book.rule(rule_id)
    click.echo(f"{rule.id} (v{rule.version}) — {rule.title.zh} / {rule.title.en}")
    click.echo(f"类型 {rule.kind}；级别 {rule.severity}（{SEVERITY_ZH[rule.severity]}）")
    click.echo(f"规则：{rule.statement}")
    click.echo(f"理由：{rule.why}")
    for citation in rule.citation:
        click.echo(f"依据：{citation.source} 第 {citation.lines} 行：“{citation.quote}”")
    for name, parameter in rule.parameters.items():
        for value in parameter.values:
            click.echo(f"参数 {name} = {value.value} {parameter.unit or ''}（自 {value.effective_from} 起；{value.reference.source} {value.reference.lines or ''}）")
    for index, branch in enumerate(rule.branches, start=1):
        click.echo(f"分支 {index}：{OUTCOME_ZH[branch.outcome]} ← {branch.when.model_dump(by_alias=True, exclude_none=True)}")
    click.echo(f"其余情形：{OUTCOME_ZH[rule.default]}")
    for fixture in rule.fixtures:
        click.echo(f"样例 {fixture.name}: {fixture.input} → {fixture.expect}")


@rules_group.command("test")
@click.option("--rule", "rule_ids", multiple=True, help="Only this rule (repeatable).")
@rules_option
def rules_test(rule_ids, rules_dir):
    """Run every rule's fixtures through both evaluators; exit 1 if any fixture fails.

    Example:

        fundcheck rules test
    """
    from checker.testing import run_all_fixtures

    book = _rulebook(rules_dir)
    for rule_id in rule_ids:
        book.rule(rule_id)
    results = run_all_fixtures(book, list(rule_ids) or None)
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(f"FAIL {result.rule_id} {result.fixture}: expected {result.expected}, reference {result.actual}, engine {result.engine_actual}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@click.group("workflows")
def workflows_group() -> None:
    """The workflow profiles (W-01…, N-01…) and the rules each applies."""


@workflows_group.command("list")
@rules_option
def workflows_list(rules_dir):
    """List workflow profiles with their application (check) and round (audit) rules.

    Example:

        fundcheck workflows list
    """
    book = _rulebook(rules_dir)
    for workflow in sorted(book.workflows.values(), key=lambda w: w.id):
        click.echo(f"{workflow.id} {workflow.title.zh}（{workflow.office}）")
        if workflow.check_rules:
            click.echo(f"  check: {', '.join(workflow.check_rules)}")
        if workflow.audit_rules:
            click.echo(f"  audit: {', '.join(workflow.audit_rules)}")
