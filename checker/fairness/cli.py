"""``fundcheck fairness``, ``fundcheck draw check`` and ``fundcheck draw publish``.

Registered by ``checker.cli`` (three lines), so the commands move with that module.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from checker.cli.output import report
from checker.draw.record import DEFAULT_ALTERNATES, DEFAULT_PANEL_SIZE, DEFAULT_WARN_MULTIPLE
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.fairness.build import build_report, parse_level
from checker.fairness.precheck import SHORT, check_fields, render_json, render_text
from checker.fairness.publish import publish
from checker.fairness.report import write


@click.command("fairness")
@click.argument("ledgers", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--rounds", "rounds", multiple=True, type=click.Path(),
              help="Round record (.xlsx/.json/.yaml, sheet 专家抽取) or a folder of them; repeatable.")
@click.option("--records", "records", multiple=True, type=click.Path(),
              help="Draw record (draw.json) or a folder of them: eligible lists and applicants; repeatable.")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="Expert pool: rebuilds ledger draws' eligible lists; stands in for paper draws' (approximation).")
@click.option("--field", "fields", multiple=True,
              help="Field of the paper draws (default: each round's 项目领域, else its 专业领域 values).")
@click.option("--level", default="0.001", show_default=True,
              help="Family-wise significance level (Holm correction within experts, pairs, expert-applicant).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for fairness.json and fairness.html.")
@click.option("--force", is_flag=True, help="Replace another run's reports in the output folder (only files fundcheck wrote).")
@click.pass_context
def fairness_command(ctx, ledgers, rounds, records, pool_path, fields, level, out, force):
    """Fairness across rounds: experts drawn more often than chance, pairs, recurrence, redraws.

    LEDGER is a draw ledger (SQLite). Exit 0 when nothing is flagged, 1 when something is, 2 when
    the run cannot be done.

    Example:

        fundcheck fairness samples/fairness/ledger.db --records samples/fairness/records
        --pool samples/experts.xlsx --out out/fairness
    """

    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"输出目录「{out_dir}」不是目录。")
    if not out_dir.parent.exists():
        raise InputError(f"输出目录「{out_dir}」的上级目录不存在。")
    report = build_report(list(ledgers), list(rounds), list(records), pool_path, tuple(fields), parse_level(level))
    json_path, html_path = write(report, out_dir, force=force)
    counts = report["counts"]
    click.echo(f"抽取 {counts['draws']} 次，计入 {counts['counted']} 次，纳入检验 {counts['tested']} 次；"
               f"检验专家 {report['experts']['tested']} 人、专家对 {report['pairs']['tested']} 对。")
    for flag in report["flags"]:
        click.echo(f"标记 / flagged: {flag['kind']} {flag['subject']}" +
                   (f"  实际 {flag['observed']} 期望 {flag['expected']} 校正后 p {flag['p_adjusted']:.3g}"
                    if "observed" in flag else ""))
    if report["limits"]:
        click.echo(f"检验的局限 {len(report['limits'])} 项，见报告。")
    click.echo(f"报告 {json_path}  {html_path}")
    ctx.exit(EXIT_FINDINGS if report["flags"] else EXIT_OK)


@click.command("check")
@click.option("--pool", "pool_path", required=True, type=click.Path(dir_okay=False), help="Expert pool workbook.")
@click.option("--field", "fields", multiple=True, help="Field to check (repeatable; default: every field in the pool).")
@click.option("--applicants", type=click.Path(dir_okay=False), help="申报单位 list or application workbook.")
@click.option("--conflicts", type=click.Path(dir_okay=False), help="回避名单 (专家编号, 申报单位, 回避原因).")
@click.option("--staff", multiple=True, type=click.Path(dir_okay=False), help="本局工作人员 list; repeatable.")
@click.option("--size", default=DEFAULT_PANEL_SIZE, show_default=True, type=int, help="正选人数 panel size.")
@click.option("--alternates", default=DEFAULT_ALTERNATES, show_default=True, type=int, help="候补人数.")
@click.option("--warn-multiple", default=DEFAULT_WARN_MULTIPLE, show_default=True, type=int,
              help="偏少 when eligible < this × panel size.")
@click.pass_context
def draw_check_command(ctx, pool_path, fields, applicants, conflicts, staff, size, alternates, warn_multiple):
    """Before a draw: experts eligible per field after recusal, against panel + alternates.

    Draws nothing and never touches a ledger. Exit 0 when every field can be drawn (偏少 is a
    warning), 1 when some field has fewer eligible experts than panel + alternates (不足), 2 on
    bad input.

    Example:

        fundcheck draw check --pool samples/experts.xlsx --applicants samples/draw/applicants.xlsx
        --conflicts samples/draw/conflicts.csv --staff samples/draw/staff.txt
    """

    rows = check_fields(pool_path, fields, applicants, conflicts, staff, size, alternates, warn_multiple)
    report(fields=json.loads(render_json(rows)))
    click.echo(render_text(rows, size, alternates))
    ctx.exit(EXIT_FINDINGS if any(row["status"] == SHORT for row in rows) else EXIT_OK)


@click.command("publish")
@click.argument("record_path", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The page to write (verify.html).")
@click.pass_context
def draw_publish_command(ctx, record_path, out):
    """One self-contained page that anyone can open to re-check a draw in the browser.

    The page recomputes the eligible list's SHA-256 and the RFC 3797 selection and says whether
    the panel matches; no network, no external script, no applicants' names, no contact details.
    Exit 0 when fundcheck's own verification matches, 1 when it does not (the page is written
    and shows the difference), 2 for a locally seeded or unreadable record.

    Example:

        fundcheck draw publish draw.json --out verify.html
    """

    problem = publish(Path(record_path), Path(out))
    if problem:
        click.echo(f"不一致：{problem}（验证页已生成，将显示不一致）")
        ctx.exit(EXIT_FINDINGS)
    click.echo(f"一致：验证页 {out}")
