"""``fundcheck fairness``, ``fundcheck draw check`` and ``fundcheck draw publish``.

Registered by ``checker.cli`` (three lines), so the commands move with that module.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from checker.cli.output import recorded, report
from checker.draw.record import DEFAULT_ALTERNATES, DEFAULT_PANEL_SIZE, DEFAULT_WARN_MULTIPLE
from checker.errors import EXIT_FINDINGS, EXIT_OK, InputError
from checker.fairness.build import build_report, parse_level
from checker.fairness.precheck import SHORT, check_fields, render_json, render_text
from checker.fairness.publish import publish
from checker.fairness.report import KIND_ZH, head_line, p_text, write


@click.command("fairness")
@click.argument("ledgers", nargs=-1, type=click.Path(dir_okay=False), metavar="账本…")
@click.option("--rounds", "rounds", multiple=True, type=click.Path(),
              help="轮次记录（.xlsx/.json/.yaml，读取“专家抽取”工作表）或存放轮次记录的文件夹；可重复给出。")
@click.option("--records", "records", multiple=True, type=click.Path(),
              help="抽取记录（draw.json）或存放抽取记录的文件夹，提供可抽取名单和申报单位；可重复给出。")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="专家库：据此重建账本中各次抽取的可抽取名单；纸质抽取则以它近似代替。")
@click.option("--field", "fields", multiple=True,
              help="纸质抽取的领域（默认：各轮的项目领域，没有时取其专业领域）。")
@click.option("--level", default="0.001", show_default=True,
              help="总体显著性水平（在专家、专家对、专家—申报单位各组内做 Holm 校正）。")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="存放 fairness.json 和 fairness.html 的文件夹。")
@click.option("--head", "heads", multiple=True, metavar="头哈希",
              help="在本工具之外保存的账本头哈希（完整哈希或至少 16 位前缀，同 ledger verify --head）："
                   "按账本的顺序每个账本一个，或写成 账本文件名=头哈希。")
@click.option("--force", is_flag=True, help="替换输出文件夹中其他运行留下的报告（只替换 fundcheck 写出的文件）。")
@click.pass_context
def fairness_command(ctx, ledgers, rounds, records, pool_path, fields, level, out, heads, force):
    """跨轮次的抽取公平性：入选过多、同组过多、反复评审、重新抽取。

    检查入选次数明显多于随机预期的专家、同组次数过多的专家对、反复评审同一申报单位的专家，以及重新抽取。LEDGERS 为抽取账本（SQLite）。

    退出码：0 没有标记；1 有标记；2 无法完成本次运行。

    示例：

        fundcheck fairness samples/fairness/ledger.db --records samples/fairness/records
        --pool samples/experts.xlsx --out out/fairness

        fundcheck fairness samples/fairness/ledger.db --head 7f53185ec09a40d0 --out out/fairness
    """

    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"输出目录「{out_dir}」不是目录。")
    if not out_dir.parent.exists():
        raise InputError(f"输出目录「{out_dir}」的上级目录不存在。")
    report = build_report(list(ledgers), list(rounds), list(records), pool_path, tuple(fields), parse_level(level),
                          tuple(heads))
    json_path, html_path = write(report, out_dir, force=force)
    # the reports in place: an output that cannot take the lines printed next (> log on a full disk)
    # no longer fails the run (it said 本次运行未完成, exit 2)
    recorded(f"公平性报告已全部写入 {out_dir}", EXIT_FINDINGS if report["flags"] else EXIT_OK)
    counts = report["counts"]
    click.echo(f"抽取 {counts['draws']} 次，计入 {counts['counted']} 次，纳入检验 {counts['tested']} 次；"
               f"检验专家 {report['experts']['tested']} 人、专家对 {report['pairs']['tested']} 对。")
    round_of = {draw["id"]: draw["round_id"] for draw in report["draws"]}
    for flag in report["flags"]:
        # a re-roll's subject is a ledger entry (ledger.db#13): the round it redrew is what an inspector looks up
        where = f"（轮次 {round_of[flag['subject']]}）" if flag["kind"] == "reroll" and flag["subject"] in round_of else ""
        click.echo(f"标记：{KIND_ZH.get(flag['kind'], flag['kind'])}：{flag['subject']}{where}" +
                   (f"  实际 {flag['observed']} 期望 {flag['expected']} 校正后 p 值 {p_text(flag['p_adjusted'])}"
                    if "observed" in flag else ""))
    if report["limits"]:
        click.echo(f"检验的局限 {len(report['limits'])} 项，见报告。")
    for item in report["inputs"]["ledgers"]:  # the head to compare with the one held (ledger verify --head)
        click.echo(head_line(item))
    click.echo(f"报告 {json_path}  {html_path}")
    ctx.exit(EXIT_FINDINGS if report["flags"] else EXIT_OK)


@click.command("check")
@click.option("--pool", "pool_path", required=True, type=click.Path(dir_okay=False), help="专家库工作簿。")
@click.option("--field", "fields", multiple=True, help="要检查的领域（可重复给出；默认：专家库中的所有领域）。")
@click.option("--applicants", type=click.Path(dir_okay=False), help="申报单位名单或申报汇总表。")
@click.option("--conflicts", type=click.Path(dir_okay=False), help="回避名单（专家编号, 申报单位, 回避原因）。")
@click.option("--staff", multiple=True, type=click.Path(dir_okay=False), help="本局工作人员名单；可重复给出。")
@click.option("--size", default=DEFAULT_PANEL_SIZE, show_default=True, type=int, help="正选人数。")
@click.option("--alternates", default=DEFAULT_ALTERNATES, show_default=True, type=int, help="候补人数。")
@click.option("--warn-multiple", default=DEFAULT_WARN_MULTIPLE, show_default=True, type=int,
              help="可抽取人数少于 正选人数×此倍数 时标为“偏少”。")
@click.pass_context
def draw_check_command(ctx, pool_path, fields, applicants, conflicts, staff, size, alternates, warn_multiple):
    """抽取前检查：各领域回避后可抽取的专家是否够正选加候补。

    不进行抽取，也不读写账本。

    退出码：0 各领域都能抽取（“偏少”只是警告）；1 有领域可抽取的专家少于正选加候补人数（“不足”）；2 输入有误。

    示例：

        fundcheck draw check --pool samples/experts.xlsx --applicants samples/draw/applicants.xlsx
        --conflicts samples/draw/conflicts.csv --staff samples/draw/staff.txt
    """

    rows = check_fields(pool_path, fields, applicants, conflicts, staff, size, alternates, warn_multiple)
    report(fields=json.loads(render_json(rows)))
    click.echo(render_text(rows, size, alternates))
    ctx.exit(EXIT_FINDINGS if any(row["status"] == SHORT for row in rows) else EXIT_OK)


@click.command("publish")
@click.argument("record_path", type=click.Path(dir_okay=False), metavar="抽取记录")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="要写出的页面（verify.html）。")
@click.pass_context
def draw_publish_command(ctx, record_path, out):
    """生成独立的验证页面，任何人都可在浏览器中复核抽取。

    页面重新计算可抽取名单的 SHA-256 和 RFC 3797 抽选结果，并说明专家名单是否一致；不联网，不用外部脚本，不含申报单位名称和联系方式。

    退出码：0 fundcheck 自身验证一致；1 不一致（仍写出页面，页面显示差异）；2 记录为本机秘密值种子或无法读取。

    示例：

        fundcheck draw publish draw.json --out verify.html
    """

    problem = publish(Path(record_path), Path(out))
    recorded(f"验证页已写入 {out}", EXIT_FINDINGS if problem else EXIT_OK)  # (as fairness above)
    if problem:
        click.echo(f"不一致：{problem}（验证页已生成，将显示不一致）")
        ctx.exit(EXIT_FINDINGS)
    click.echo(f"一致：验证页 {out}")
