"""``fundcheck audit``: procedural audit of completed fund rounds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from checker.audit.run import run_audit
from checker.core.evaluator import DEFAULT_ENGINE
from checker.cli.output import recorded, report
from checker.cli.common import date_option, prepare_out_dir, rulebook, rules_option


@click.command("audit")
@click.argument("rounds", nargs=-1, required=True, type=click.Path(), metavar="轮次记录…")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="报告文件夹（round.json/html/md）。")
@click.option("--ledger", "ledger", type=click.Path(), default=None, help="抽取账本（SQLite）：据此核对专家抽取表与账本中的抽取是否一致、能否复算。")
@click.option("--pool", "pool", type=click.Path(), default=None, help="专家库工作簿（补全专家抽取表中空白的专业领域和工作单位）。")
@click.option("--day-reading", "day_reading", type=click.Choice(["calendar", "working"]), default=None,
              help="“会前三天/会后三天”的计算口径：calendar 按自然日，working 按工作日（默认取规则参数，即 calendar）。")
@click.option("--draw-record", "draw_record", type=click.Path(), default=None,
              help="抽取记录（draw.json）：账本条目缺少可抽取名单和种子时，据此重新推算该次抽取，并与 --ledger 核对。")
@click.option("--holidays", "holidays", type=click.Path(), default=None,
              help="节假日文件（YAML {年份, 文号, 放假, 调休上班}，或含“节假日”工作表的工作簿）；文件中的年份取代 chinesecalendar 的数据。")
@click.option("--as-of", "as_of", metavar="日期",
              help="审计基准日：轮次记录中晚于此日的日期列为需人工复核。默认：审计运行当日（北京时间），报告写明所用日期。")
@click.option("--workflow", "workflow", default=None, help="以此流程类型取代每条记录的流程类型（如 W-06）。")
@click.option("--engine", type=click.Choice(["durable", "reference"], case_sensitive=False), default=DEFAULT_ENGINE, show_default=True,
              help="durable：durable-rules（正式判定引擎）；reference：纯 Python 参考实现。")
@click.option("--force", is_flag=True, help="替换输出文件夹中其他运行留下的报告（只替换 fundcheck 写出的文件）。")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="并行进程数。默认：200 轮及以上取 min(CPU 核数, 4)，否则 1；报告与单进程相同。")
@rules_option
@click.pass_context
def audit_command(ctx, rounds, out, ledger, pool, day_reading, draw_record, holidays, as_of, workflow, engine, force, jobs,
                  rules_dir) -> None:
    """审计已完成的资金轮次（三重一大程序、专家抽取、公示、归档）。

    ROUNDS 为轮次记录工作簿（.xlsx，含工作表 轮次、流程节点、专家抽取、归档，履职清单规定公示的流程另含 公示）、内容相同的 JSON/YAML 文件，或存放这些文件的文件夹。

    退出码：0 各轮均合规；1 有轮次不合规或需人工复核（或同一轮次给出了两份不一致的记录）；2 无法完成本次运行。

    示例：

        fundcheck audit samples/rounds/compliant_W-12.xlsx --out out/round --day-reading working
    """
    given = date_option(as_of, "--as-of")
    today = beijing_today()
    if given is not None and given > today:
        # a date in the record after today is no longer questioned up to that day: said, not refused
        click.echo(f"提示：--as-of {given.isoformat()} 晚于今天（{today.isoformat()}，北京时间）：轮次记录中晚于今天、"
                   "不晚于该日的日期不会被列为需人工复核。", err=True)
    book = rulebook(rules_dir)
    prepare_out_dir(Path(out))
    ctx.exit(run_audit(book, list(rounds), Path(out), ledger=ledger, pool=pool, day_reading=day_reading,
                       workflow=workflow, engine=engine, draw_record=draw_record, holidays=holidays, echo=click.echo,
                       warn=lambda text: click.echo(text, err=True), force=force, on_done=_report_rounds, jobs=jobs,
                       as_of=given or today, as_of_basis="given" if given else "run_date",
                       # the reports all in place: an output that cannot take the lines printed next
                       # (> log on a full disk) no longer fails the run (it said 本次运行未完成, exit 2)
                       on_written=lambda code: recorded(f"审计报告已全部写入 {out}", code)))


def beijing_today() -> dt.date:
    """The day the audit runs, in Beijing time (the as-of date when none is given)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()


def _report_rounds(rounds: list[dict]) -> None:
    """The --json object of an audit: each round's verdict and folder, and the counts."""
    verdicts = [r["verdict"] for r in rounds]
    report(rounds=rounds, counts={"rounds": len(rounds), **{v: verdicts.count(v) for v in ("compliant", "noncompliant", "needs_review")}})
