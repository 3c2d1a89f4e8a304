"""The `check`, `rules` and `workflows` commands.

Only light modules are imported here: `check` starts reading its workbooks in a background thread
(checker/io/table.py prefetch_inputs) first, and imports the check wing (~0.45 s: pydantic models,
the batch, the reports) while the thread reads.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import click

from checker.core.engine import DEFAULT_ENGINE
from checker.cli.common import date_option, defaulted_workflow, prepare_out_dir, rulebook, rules_option
from checker.cli.output import quiet, recorded, report
from checker.errors import InputError
from checker.io.table import drain, prefetch_inputs


def one_conditions_file(files):
    """--conditions given once (the reader refuses it given twice: click kept the last file only)."""
    from checker.check.conditions.read import one_conditions_file as one

    return one(files)


@click.command("check")
@click.argument("applications", nargs=-1, required=True, type=click.Path(), metavar="申报文件…")
@click.option("--workflow", "workflow_id", default="W-05", show_default=True, help="流程编号（fundcheck workflows list 列出全部流程）。")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, help="输出文件夹：index.html、cases.jsonl、rules.json、cases/、summary.xlsx、summary.json、告知书汇总.html。")
@click.option("--as-of", metavar="日期", help="参考日期：按此日适用的参数和名单判断。默认：--window 的结束日（申报截止日），未给出时为各件的申报日期（受理台账为各行的收件日期）。")
@click.option("--window", nargs=2, metavar="START END", help="本轮申报期，如 --window 2020-07-01 2020-07-31。")
@click.option("--conditions", type=click.Path(dir_okay=False), multiple=True, callback=lambda _c, _p, files: one_conditions_file(files),
              help="本轮通知规定的申报条件（含工作表 通知、申报条件 的 .xlsx，或 .yaml）；只给出一次，全部条件写在一个文件中；见 README 第 1 节。")
@click.option("--credit-list", type=click.Path(dir_okay=False), help="不良信用记录名单（统一社会信用代码、记录类型、认定日期、来源）。")
@click.option("--debarments", type=click.Path(dir_okay=False), help="取消申报资格名单（统一社会信用代码、专项名称、起始日期、期限（年））。")
@click.option("--fund-name", help="本轮专项名称，与 --debarments 名单核对。")
@click.option("--key-fields", help='本轮重点领域，如 "智能制造、新材料"，或列出领域的文件（W-01、W-02、W-06、W-07）。')
@click.option("--reserve-pool", type=click.Path(dir_okay=False), help="冲击新目标后备库企业名单（统一社会信用代码、企业名称、日期、文号），用于 W-01。")
@click.option("--recognitions", type=click.Path(dir_okay=False), help="第一阶段认定名单（统一社会信用代码、企业名称、日期、文号），用于核对 W-08 奖励（第二阶段）。")
@click.option("--fraud-findings", type=click.Path(dir_okay=False), help="经查实弄虚作假的企业名单（统一社会信用代码、企业名称、日期、文号），用于 W-12…W-15。")
@click.option("--supervision-list", type=click.Path(dir_okay=False), help="督导项目清单（统一社会信用代码、企业名称、日期、文号，可含项目名称），用于 L-03：总投资 500万元以上的项目须在清单上。")
@click.option("--catalogue", type=click.Path(dir_okay=False), help="鼓励类目录条目表（目录、类别、条目编号、条目名称），用于 W-04。")
@click.option("--holidays", type=click.Path(dir_okay=False), help="节假日文件（与 audit 相同）：受理台账补正告知期限按工作日计算时使用（N-04、N-06）。")
@click.option("--with-funds", is_flag=True, help="本轮涉及资金：须填报《专项资金项目流程审核情况表》（W-12…W-16）。")
@click.option("--overrides", type=click.Path(dir_okay=False), help="人工复核决定表（申报编号、规则编号、复核结论、理由、复核人），.xlsx、.csv 或 .json。")
@click.option("--per-case", type=click.Choice(["flagged", "all"], case_sensitive=False), default="flagged", show_default=True,
              help="哪些案件在 OUT/cases/ 中单独成文：flagged（不符合条件和需人工复核的，默认）或 all（全部）。全部案件都在 OUT/cases.jsonl 中；任一案件可用 fundcheck show 生成报告。")
@click.option("--format", "formats", default=None, help="逐件报告的格式：json、html、md（逗号组合，不分大小写）。默认：html（flagged），json,html（all）。")
@click.option("--reply-days", type=click.IntRange(1, 365), default=10, show_default=True, help="补正期限（日），印在补正告知书上；履职清单未规定，由受理部门决定。")
@click.option("--issuer", help="告知书的落款单位，如 威海市工业和信息化局。默认留空，手写。")
@click.option("--notice-date", metavar="日期", help="告知书的落款日期（YYYY-MM-DD）。默认留空（年 月 日），盖章时填写。")
@click.option("--review-body", metavar="机关", help="不予受理告知书所写的行政复议机关，如 威海市人民政府。默认写“依法申请行政复议”，不写机关名称。")
@click.option("--court", metavar="法院", help="不予受理告知书所写的受理行政诉讼的人民法院。默认写“依法向人民法院提起行政诉讼”。")
@click.option("--no-remedy", is_flag=True, help="不予受理告知书不写复议、诉讼权利一句（本局法制审核另有表述时）。")
@click.option("--engine", type=click.Choice(["durable", "reference"], case_sensitive=False), default=DEFAULT_ENGINE, show_default=True, help="判定程序：durable-rules（正式判定引擎）或 reference（参考判定程序）。")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="并行进程数。默认：2,000 行及以上取 min(CPU 核数, 4)，否则 1；结果与单进程相同。")
@click.option("--force", is_flag=True, help="覆盖输出文件夹中另一次运行的报告（只删除 fundcheck 写入的文件）。")
@rules_option
def check_command(applications, workflow_id, out_dir, as_of, window, per_case, formats, reply_days, issuer, notice_date, engine,
                  jobs, force, rules_dir, overrides, review_body, court, no_remedy, **round_inputs):
    """逐件审核申报（或受理台账），出具报告、汇总表和告知书。

    输入为一个或多个申报汇总表（.xlsx）、CSV、JSON/JSONL 文件，或装有这些文件的文件夹（每区市一个）；按流程规则和本轮申报条件逐件审核。全部案件写入 OUT/cases.jsonl（规则文本在 OUT/rules.json），不符合条件和需人工复核的案件各有一份报告（HTML；加 --format md 另出 Markdown）在 OUT/cases/（--per-case all 则每件都有），另有 OUT/index.html（按区市列出全部案件）、OUT/summary.xlsx、OUT/summary.json 和 OUT/告知书汇总.html（全部补正告知书与不予受理告知书，每份一页）。任一案件的报告：fundcheck show OUT 申报编号。

    受理台账（N-01…N-10、W-04，每行一件申请的办理情况）也用本命令审核：“事项”列决定每行的流程，结论评价受理部门的办理（合规 / 不合规 / 需人工复核）。

    退出码：0 全部符合条件（台账：全部合规）；1 有不符合条件或需人工复核的案件；2 无法运行。

    示例：

        fundcheck check samples/check/W-12_applications.xlsx --workflow W-12 --conditions samples/conditions/W-12_conditions.xlsx --as-of 2021-06-30 --out out/
    """

    prefetch_inputs(applications)
    try:
        with defaulted_workflow():
            _check(applications, workflow_id, out_dir, as_of, window, per_case, formats, reply_days, issuer, notice_date, engine,
                   jobs, force, rules_dir, overrides, round_inputs, (review_body, court, no_remedy))
    finally:
        drain()  # an input error before the batch is read: no thread left reading while the process exits


def _check(applications, workflow_id, out_dir, as_of, window, per_case, formats, reply_days, issuer, notice_date, engine,
           jobs, force, rules_dir, overrides, round_inputs, remedy_inputs=(None, None, False)):
    from checker.check.batch import CheckOptions
    from checker.check.inputs import expand_inputs
    from checker.check.overrides import load_overrides
    from checker.check.plan import usable_workflow
    from checker.cli.check_inputs import build_context
    from checker.report.notice import NoticeOptions

    book = rulebook(rules_dir)
    usable_workflow(book, workflow_id)
    per_case = per_case.lower()
    wanted = None
    if formats is not None:
        wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))  # HTML, Html: html
        unknown = [f for f in wanted if f not in ("json", "html", "md")]
        if unknown or not wanted:
            raise InputError(f"--format 可取 json、html、md（可用逗号组合，如 json,html）；收到「{formats}」")
    context, run_extra, conditions = build_context({**round_inputs, "window": window})
    review_body, court, no_remedy = remedy_inputs
    run_extra["notice"] = NoticeOptions(issuer=(issuer or "").strip() or None, date=date_option(notice_date, "--notice-date"),
                                        reply_days=reply_days, remedy=not no_remedy,
                                        review_body=(review_body or "").strip() or None, court=(court or "").strip() or None)
    _warn_if_notices_predate_the_round(run_extra["notice"].date, context.window)
    # The reference date: --as-of, else the round's application deadline (the --window end).
    reference = date_option(as_of, "--as-of")
    basis = "as_of"
    if reference is None and context.window:
        reference, basis = context.window.end, "window_end"
    named = click.get_current_context().get_parameter_source("workflow_id") is not click.core.ParameterSource.DEFAULT
    options = CheckOptions(
        workflow_id=workflow_id,
        workflow_named=named,
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
    recorded(f"审核结果已全部写入 {out_dir}", result.exit_code)
    try:
        _print_summary(result.summary, Path(out_dir))
    except BrokenPipeError:
        # whoever read the summary went away: the run is done and its status stands (the group's
        # handler would exit 0, as for a listing: "every case eligible"). As the program, main() has
        # standard output drop what a reader that went away (| head -1, | grep -q) would get, so this
        # is raised only by a stream main() did not wrap (a caller's own)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(result.exit_code)


def _warn_if_notices_predate_the_round(notice_date, window) -> None:
    """A notice dated before the round's applications opened says 申报材料收悉 on a day nothing could
    have been received (a slip in --notice-date, 2020-06-01 for 2020-08-01): said before the run,
    as the notices are written as asked (the date is the office's to give)."""
    if notice_date is not None and window is not None and notice_date < window.start:
        click.echo(f"注意：--notice-date {notice_date.isoformat()} 早于申报期开始日 {window.start.isoformat()}（--window）："
                   "告知书落款日期早于受理申报，请核对落款日期。", err=True)


def _run_with_progress(path, book, options, context, run_extra, quiet):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from checker.check.batch import run_check

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
    from checker.report.text import VERDICT_ZH, rows_text

    counts = summary["counts"]
    # a ledger of several items is titled by them all, each with its code (N-04 …、N-06 …): not again
    title = summary["workflow_title"]
    named = title if re.match(r"[A-Z]-\d+ ", title) else f"{summary['workflow']} {title}"
    click.echo(
        f"{named}: {counts['cases']} 件申报"
        f"（输入 {summary['input_rows']} 行，跳过空行 {summary['skipped_empty_rows']}"
        + (f"、合计行 {len(summary['skipped_total_rows'])}（{rows_text(summary['skipped_total_rows'])}）" if summary["skipped_total_rows"] else "")
        + (f"、表头/标题/说明行 {len(summary['skipped_note_rows'])}（{rows_text(summary['skipped_note_rows'])}）"
           if summary.get("skipped_note_rows") else "")
        + "）— "
        + (f"办理合规 {counts['compliant']}，不合规 {counts['noncompliant']}，需人工复核 {counts['needs_review']}。"
           if "ledger" in summary else
           f"符合条件 {counts['eligible']}，不符合条件 {counts['ineligible']}，需人工复核 {counts['needs_review']}。")
    )
    reviewed = [c for c in summary["cases"] if c.get("verdict_with_overrides")]
    if reviewed:  # the counts above are the rules' own verdicts, which reviewer decisions never replace
        after = Counter(c.get("verdict_with_overrides") or c["verdict"] for c in summary["cases"])
        kinds = ("compliant", "noncompliant", "needs_review") if "ledger" in summary else ("eligible", "ineligible", "needs_review")
        click.echo(f"采纳人工复核决定后（{len(reviewed)} 件有复核决定）：" + "，".join(f"{VERDICT_ZH[k]} {after[k]}" for k in kinds)
                   + f"。以上件数按规则本身的结论；退出码为 0 须两者都全部{'合规' if 'ledger' in summary else '符合条件'}。")
    for item, c in (summary.get("ledger") or {}).get("items", {}).items():
        click.echo(f"  {item} {c['title']}：{c['cases']} 件 — 合规 {c['compliant']}，不合规 {c['noncompliant']}，需人工复核 {c['needs_review']}")
    if summary.get("conditions"):
        c = summary["conditions"]
        click.echo(f"申报条件：{c['notice_number']}（{c['file']}，SHA-256 {c['sha256'][:12]}…）")
    for note in summary.get("not_checked_this_run", []):
        click.echo(f"未核对：{note}")
    where = summary["case_reports"]
    click.echo(f"报告：{out / 'index.html'}（全部案件按{'事项' if 'ledger' in summary else '区市'}列出）、{out / 'summary.xlsx'}、{out / 'summary.json'}、{out / '告知书汇总.html'}")
    if where["per_case"] == "all":
        click.echo(f"逐件报告：{out / 'cases'}/（{where['cases_with_files']} 件，每件一份）")
    else:
        flagged = "不合规、需人工复核或申请人材料有问题的" if "ledger" in summary else "不符合条件和需人工复核的"
        click.echo(f"逐件报告：{out / 'cases'}/（{flagged} {where['cases_with_files']} 件）；"
                   f"其余案件：fundcheck show {out} 申报编号")
    click.echo(f"全部案件数据：{out / 'cases.jsonl'}（规则文本与依据：{out / 'rules.json'}）")
    if summary.get("inputs_not_read"):
        click.echo(f"注意：本次审核的规则不读取以下输入，已忽略（报告中不列出）：{'、'.join(summary['inputs_not_read'])}", err=True)
    for sentence in summary.get("decisions_not_applied") or ():
        click.echo(f"注意：{sentence}。", err=True)
