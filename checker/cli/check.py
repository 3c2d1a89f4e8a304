"""The `check`, `rules` and `workflows` commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from checker.check.batch import CheckOptions, run_check
from checker.check.inputs import expand_inputs
from checker.check.overrides import load_overrides
from checker.check.plan import usable_workflow
from checker.cli.check_inputs import build_context
from checker.core.evaluator import DEFAULT_ENGINE
from checker.cli.common import date_option, prepare_out_dir, rulebook, rules_option
from checker.cli.output import quiet, report
from checker.errors import InputError
from checker.report.notice import NoticeOptions


@click.command("check")
@click.argument("applications", nargs=-1, required=True, type=click.Path())
@click.option("--workflow", "workflow_id", default="W-05", show_default=True, help="Workflow profile (fundcheck workflows list).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="Output folder: index.html, cases.jsonl, rules.json, cases/, summary.xlsx, summary.json.")
@click.option("--as-of", help="Reference date: parameters and registers are judged on it. Default: the --window end (the application deadline), else each 申报日期.")
@click.option("--window", nargs=2, metavar="START END", help="The round's application window, e.g. --window 2020-07-01 2020-07-31.")
@click.option("--conditions", type=click.Path(dir_okay=False), help="The round's own conditions (.xlsx with sheets 通知 and 申报条件, or .yaml); see README section 1.")
@click.option("--credit-list", type=click.Path(dir_okay=False), help="Adverse credit records (统一社会信用代码, 记录类型, 认定日期, 来源).")
@click.option("--debarments", type=click.Path(dir_okay=False), help="Fund disqualifications (统一社会信用代码, 专项名称, 起始日期, 期限（年）).")
@click.option("--fund-name", help="This round's fund (专项名称), matched against --debarments.")
@click.option("--key-fields", help='The round\'s key fields (重点领域), e.g. "智能制造、新材料", or a file listing them (W-01, W-02, W-06, W-07).')
@click.option("--reserve-pool", type=click.Path(dir_okay=False), help="冲击新目标后备库企业名单 (统一社会信用代码, 企业名称, 日期, 文号) for W-01.")
@click.option("--recognitions", type=click.Path(dir_okay=False), help="Stage-1 recognitions (统一社会信用代码, 企业名称, 日期, 文号): checks a W-08 reward (stage 2) round.")
@click.option("--fraud-findings", type=click.Path(dir_okay=False), help="Established 弄虚作假 findings (统一社会信用代码, 企业名称, 日期, 文号) for W-12…W-15.")
@click.option("--supervision-list", type=click.Path(dir_okay=False), help="Projects under supervision (统一社会信用代码, 企业名称, 日期, 文号, optional 项目名称) for L-03: a project over 500万元 must be on it.")
@click.option("--catalogue", type=click.Path(dir_okay=False), help="Encouraged catalogue entries (目录, 类别, 条目编号, 条目名称) for W-04.")
@click.option("--holidays", type=click.Path(dir_okay=False), help="Holidays file (as for audit): working days of a handling ledger's deficiency-notice deadline (N-04, N-06).")
@click.option("--with-funds", is_flag=True, help="The round involves money: 《专项资金项目流程审核情况表》 is required (W-12…W-16).")
@click.option("--overrides", type=click.Path(dir_okay=False), help="Reviewer decisions (申报编号, 规则编号, 复核结论, 理由, 复核人), .xlsx, .csv or .json.")
@click.option("--per-case", type=click.Choice(["flagged", "all"], case_sensitive=False), default="flagged", show_default=True,
              help="Which cases get report files in OUT/cases/: flagged (ineligible or needs review: the ones a reviewer acts on) or all. Every case is in OUT/cases.jsonl either way; fundcheck show renders any case.")
@click.option("--format", "formats", default=None, help="Per-case report formats: json, html, md. Default: html (--per-case flagged), json,html (--per-case all).")
@click.option("--reply-days", type=click.IntRange(1, 365), default=10, show_default=True, help="补正期限（日）, printed on each 补正告知书; the duty lists set none, so the office decides.")
@click.option("--issuer", help="落款单位 printed on the notices to applicants, e.g. 威海市工业和信息化局. Default: a blank line to sign by hand.")
@click.option("--notice-date", help="落款日期 of the notices (YYYY-MM-DD). Default: blank (年 月 日), dated when stamped.")
@click.option("--engine", type=click.Choice(["durable", "reference"], case_sensitive=False), default=DEFAULT_ENGINE, show_default=True, help="durable-rules (engine of record) or the plain-Python reference evaluator.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes. Default: min(cores, 4) for 2,000 rows or more, else 1; the outputs are the same either way.")
@click.option("--force", is_flag=True, help="Replace another run's reports in the output folder (only files fundcheck wrote).")
@rules_option
def check_command(applications, workflow_id, out_dir, as_of, window, per_case, formats, reply_days, issuer, notice_date, engine,
                  jobs, force, rules_dir, overrides, **round_inputs):
    """Check every application in one or more workbooks (.xlsx), CSV or JSON/JSONL files, or a
    folder of them (one per district), against a workflow's rules and the round's conditions.

    Writes every case to OUT/cases.jsonl (rule texts once in OUT/rules.json), a report (HTML;
    Markdown with --format md) for each case that is not eligible to OUT/cases/ (every case with
    --per-case all), OUT/index.html (every case by district), OUT/summary.xlsx, OUT/summary.json
    and OUT/告知书汇总.html (every 补正告知书 and 不予受理告知书, one per printed page).
    `fundcheck show OUT 申报编号` renders any case. Exit 0 when every case is eligible, 1 when some case
    is ineligible or needs review, 2 when the run cannot be done.

    A handling ledger (受理台账, N-01…N-10 and W-04: one row per application's handling) is
    checked the same way; its 事项 column decides each row's workflow, and each verdict judges
    the office's handling (exit 0 when every case is compliant).

    Example:

        fundcheck check samples/check/W-12_applications.xlsx --workflow W-12 --conditions samples/conditions/W-12_conditions.xlsx --as-of 2021-06-30 --out out/
    """
    book = rulebook(rules_dir)
    usable_workflow(book, workflow_id)
    per_case = per_case.lower()
    wanted = None
    if formats is not None:
        wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))  # HTML, Html: html
        unknown = [f for f in wanted if f not in ("json", "html", "md")]
        if unknown or not wanted:
            raise InputError(f"--format 可取 json、html、md（可用逗号组合，如 json,html）；收到 {formats!r}")
    context, run_extra, conditions = build_context({**round_inputs, "window": window})
    run_extra["notice"] = NoticeOptions(issuer=(issuer or "").strip() or None, date=date_option(notice_date, "--notice-date"),
                                        reply_days=reply_days)
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
        per_case=per_case,
        jobs=jobs,
        overrides=load_overrides(Path(overrides), book, frozenset(c.rule_id for c in conditions.conditions) if conditions else frozenset())
        if overrides else {},
        conditions=conditions,
        force=force,
    )
    if overrides:
        run_extra["overrides_file"] = Path(overrides).name
    paths = expand_inputs(list(applications))
    result = _run_with_progress(paths, book, options, context, run_extra, quiet())
    report_summary(result.summary, Path(out_dir))
    _print_summary(result.summary, Path(out_dir))
    sys.exit(result.exit_code)


def _run_with_progress(path, book, options, context, run_extra, quiet):
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return run_check(path, book, options, context, run_extra)
    with Progress(TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("check", total=None)  # the total is known once the input is read

        def progress(done: int, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            bar.advance(task, done)

        return run_check(path, book, options, context, run_extra, progress=progress)


def report_summary(summary: dict, out: Path) -> None:
    """The --json object of a check run: the run's counts and outputs, never the cases."""
    report(workflow=summary["workflow"], counts=summary["counts"], input_rows=summary["input_rows"],
           outputs={"folder": str(out), "summary_xlsx": str(out / "summary.xlsx"), "summary_json": str(out / "summary.json"),
                    "index": str(out / "index.html"), "cases_jsonl": str(out / "cases.jsonl"), "rules_json": str(out / "rules.json"),
                    "cases": str(out / "cases"), "notices": str(out / "告知书汇总.html"), "per_case": summary["case_reports"]["per_case"],
                    "cases_with_files": summary["case_reports"]["cases_with_files"]})


def _print_summary(summary: dict, out: Path) -> None:
    counts = summary["counts"]
    click.echo(
        f"{summary['workflow']} {summary['workflow_title']}: {counts['cases']} 件申报"
        f"（输入 {summary['input_rows']} 行，跳过空行 {summary['skipped_empty_rows']}"
        + (f"、合计行 {len(summary['skipped_total_rows'])}（第 {'、'.join(map(str, summary['skipped_total_rows']))} 行）" if summary["skipped_total_rows"] else "")
        + "）— "
        + (f"办理合规 {counts['compliant']}，不合规 {counts['noncompliant']}，需人工复核 {counts['needs_review']}。"
           if "ledger" in summary else
           f"符合条件 {counts['eligible']}，不符合条件 {counts['ineligible']}，需人工复核 {counts['needs_review']}。")
    )
    for item, c in (summary.get("ledger") or {}).get("items", {}).items():
        click.echo(f"  {item} {c['title']}：{c['cases']} 件 — 合规 {c['compliant']}，不合规 {c['noncompliant']}，需人工复核 {c['needs_review']}")
    if summary.get("conditions"):
        c = summary["conditions"]
        click.echo(f"申报条件：{c['notice_number']}（{c['file']}，SHA-256 {c['sha256'][:12]}…）")
    for note in summary.get("not_checked_this_run", []):
        click.echo(f"未核对：{note}")
    where = summary["case_reports"]
    click.echo(f"报告：{out / 'index.html'}（全部案件按区市列出）、{out / 'summary.xlsx'}、{out / 'summary.json'}、{out / '告知书汇总.html'}")
    if where["per_case"] == "all":
        click.echo(f"逐件报告：{out / 'cases'}/（{where['cases_with_files']} 件，每件一份）")
    else:
        click.echo(f"逐件报告：{out / 'cases'}/（不符合条件和需人工复核的 {where['cases_with_files']} 件）；"
                   f"其余案件：fundcheck show {out} 申报编号")
    click.echo(f"全部案件数据：{out / 'cases.jsonl'}（规则文本与依据：{out / 'rules.json'}）")
    if summary.get("unused_overrides"):
        click.echo(f"注意：复核决定中的申报编号未在输入中出现：{'、'.join(summary['unused_overrides'])}", err=True)
    for case_id in summary.get("ambiguous_overrides") or ():
        rows = "、".join(Path(c["report"]).name for c in summary["cases"] if c["case_id"] == case_id)
        click.echo(f"注意：复核决定中的申报编号 {case_id} 在本批中不止一行，未采用；请改以输入行号（{rows}）填写。", err=True)
