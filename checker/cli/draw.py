"""The ``fundcheck draw`` and ``fundcheck ledger`` command groups: parse options, call
:mod:`checker.draw.service`, print."""

from __future__ import annotations

import json
from pathlib import Path

import click

from checker.draw import ledger as ledger_mod
from checker.draw import record as draw_mod
from checker.draw import rfc3797
from checker.draw import service
from checker.cli.output import report
from checker.errors import EXIT_FINDINGS


def _echo_panel(record: dict, head: ledger_mod.Head) -> None:
    panel, unused = draw_mod.current_panel(record)
    if record.get("redraw"):
        earlier = "、".join(f"第 {item['entry']} 条（{item['type']}）" for item in record["redraw"]["previous"])
        click.echo(f"重新抽取：本轮次该领域此前已在账本{earlier}抽取过；原因：{record['redraw']['reason']}")
    click.echo(f"轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  可抽取 {len(record['eligible'])} 人")
    click.echo(f"正选（按抽取顺序）: {' '.join(panel)}")
    click.echo(f"候补（按顺序）: {' '.join(unused) or '（无）'}")
    if not record["seed"]["publicly_verifiable"]:
        click.echo("注意：本次为本机秘密值种子（locally seeded），不可公开验证。")
    for warning in record.get("warnings", ()):
        click.echo(f"警告: {warning}")
    click.echo(f"账本第 {head.seq} 条  头哈希 {head.hash}")


# ---------------------------------------------------------------- the groups

_common_draw_options = [
    click.option("--pool", "pool_path", required=True, type=click.Path(dir_okay=False),
                 help="专家库 expert pool workbook (.xlsx; .csv/.json also read)."),
    click.option("--field", "fields", required=True, multiple=True,
                 help="专业领域; repeat for several (an expert listing any of them is a candidate)."),
    click.option("--size", default=draw_mod.DEFAULT_PANEL_SIZE, show_default=True, type=int,
                 help="正选人数 panel size (7 per the seeds: 局政工科…随机抽取7名专家)."),
    click.option("--alternates", default=draw_mod.DEFAULT_ALTERNATES, show_default=True, type=int,
                 help="候补人数: the next picks of the same sequence."),
    click.option("--round", "round_id", required=True, help="轮次编号 round id."),
    click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
                 help="SQLite ledger file (created when missing)."),
    click.option("--applicants", type=click.Path(dir_okay=False),
                 help="申报单位 list or application workbook (企业名称, 统一社会信用代码, 申报编号)."),
    click.option("--conflicts", type=click.Path(dir_okay=False),
                 help="回避名单 (专家编号, 申报单位, 回避原因)."),
    click.option("--staff", multiple=True, type=click.Path(dir_okay=False),
                 help="本局工作人员 list (专家编号 column, or .txt one id per line)."),
    click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True,
                 help="抽取科室/经办人 who draws."),
    click.option("--redraw-reason", help="Required when this round and field were drawn before."),
    click.option("--warn-multiple", default=draw_mod.DEFAULT_WARN_MULTIPLE, show_default=True, type=int,
                 help="Warn in the record when eligible < this × panel size."),
    click.option("--force", is_flag=True, help="Replace an existing record or panel file."),
]


def _with_common(function):
    for option in reversed(_common_draw_options):
        function = option(function)
    return function


@click.group("draw")
def draw_group() -> None:
    """Verifiable random expert-panel draws (RFC 3797) with recusal and a ledger.

    Example:

        fundcheck draw new --pool samples/experts.xlsx --field 节能环保 --round 2025-JN-01
        --ledger draws.db --out draw.json --random-source "9 18 26 34 41 45"
    """


@draw_group.command("new")
@_with_common
@click.option("--out", type=click.Path(dir_okay=False), help="Draw record (JSON); default <round id>.draw.json.")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file for the organising office (default RECORD stem + .panel.xlsx; .csv allowed).")
@click.option("--random-source", "random_sources", multiple=True,
              help="One public source's numbers, e.g. \"9 18 26 34 41 45\"; repeat in announced order. "
                   "Without any, a local 256-bit secret seeds the draw (not publicly verifiable).")
@click.option("--source-name", "source_names", multiple=True,
              help="Name of each --random-source (e.g. \"双色球 第2025060期\"), same order.")
def draw_new(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
             operator, redraw_reason, warn_multiple, force, out, panel_out, random_sources, source_names):
    """Draw a panel in one step: recusal, RFC 3797 picks, ledger entry, record and panel file.

    Example:

        fundcheck draw new --pool samples/experts.xlsx --field 新材料 --size 7 --alternates 3
        --round 2025-XCL-01 --ledger draws.db --out draw.json
        --applicants samples/draw/applicants.xlsx --conflicts samples/draw/conflicts.csv
        --random-source "9319" --random-source "2 5 12 8 10"
    """
    inputs = service.DrawInputs(pool_path, fields, round_id, ledger_path, size, alternates, applicants, conflicts,
                                staff, operator, redraw_reason, warn_multiple, force)
    done = service.new_draw(inputs, Path(out) if out else None, Path(panel_out) if panel_out else None, random_sources,
                            source_names)
    _echo_panel(done.record, done.head)
    click.echo(f"记录 {done.out}  专家名单 {done.panel}")


@draw_group.command("commit")
@_with_common
@click.option("--out", type=click.Path(dir_okay=False), help="Commit record (JSON); default <round id>.commit.json.")
@click.option("--source-name", "sources", multiple=True, required=True,
              help="A future public random source, named precisely (lottery, draw number, date); repeat.")
def draw_commit(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
                operator, redraw_reason, warn_multiple, force, out, sources):
    """Step 1 of 2: fix pool, exclusions, policy and the future public sources in the ledger.

    Example:

        fundcheck draw commit --pool samples/experts.xlsx --field 智能制造 --round 2025-ZN-01
        --ledger draws.db --out commit.json
        --source-name "中国福利彩票双色球 第2025060期 2025-05-27 开奖号码"
    """
    inputs = service.DrawInputs(pool_path, fields, round_id, ledger_path, size, alternates, applicants, conflicts,
                                staff, operator, redraw_reason, warn_multiple, force)
    done = service.commit_draw(inputs, Path(out) if out else None, sources)
    record = done.record
    click.echo(f"已承诺：轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  "
               f"可抽取 {len(record['eligible'])} 人")
    click.echo(f"commit_sha256 {record['commit_sha256']}")
    click.echo(f"账本第 {done.head.seq} 条  头哈希 {done.head.hash}")
    click.echo("请在上述来源开奖后运行 draw reveal。")


@draw_group.command("reveal")
@click.argument("commit_record", type=click.Path(dir_okay=False))
@click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
              help="The ledger holding the commit.")
@click.option("--random-source", "random_sources", multiple=True, required=True,
              help="The published numbers of each committed source, in the committed order.")
@click.option("--out", type=click.Path(dir_okay=False), help="Draw record (JSON); default <round id>.draw.json.")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="The committed pool file: checked against the commit and used for names in the panel file.")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file (default RECORD stem + .panel.xlsx); names only when --pool is given.")
@click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True, help="Who reveals.")
@click.option("--force", is_flag=True, help="Replace an existing record or panel file.")
def draw_reveal(commit_record, ledger_path, random_sources, out, pool_path, panel_out, operator, force):
    """Step 2 of 2: draw with the committed sources' published numbers.

    Example:

        fundcheck draw reveal commit.json --ledger draws.db --pool samples/experts.xlsx
        --random-source "3 9 14 22 27 31 8" --out reveal.json
    """
    done = service.reveal_draw(commit_record, ledger_path, random_sources, Path(out) if out else None, pool_path,
                               Path(panel_out) if panel_out else None, operator, force)
    click.echo(f"承诺在账本第 {done.commit_entry.seq} 条（{done.record['commit']['at']}），揭示在第 {done.head.seq} 条。")
    _echo_panel(done.record, done.head)
    click.echo(f"记录 {done.out}  专家名单 {done.panel}")


@draw_group.command("substitute")
@click.argument("record_path", type=click.Path(dir_okay=False))
@click.option("--expert", "expert_id", required=True, help="专家编号 of the panel member to replace.")
@click.option("--reason", required=True, help="Why (本人谢绝, 发现回避情形…).")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="Ledger (default: the file named in the record).")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="Pool file, to rewrite the panel file with names.")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file to rewrite (default RECORD stem + .panel.xlsx; only with --pool).")
def draw_substitute(record_path, expert_id, reason, ledger_path, pool_path, panel_out):
    """Replace a panel member by the next unused alternate (never a re-run); logged in the ledger.

    Example:

        fundcheck draw substitute draw.json --expert ZJ019 --reason "本人谢绝（时间冲突）"
        --pool samples/experts.xlsx
    """
    done = service.substitute(record_path, expert_id, reason, ledger_path, pool_path, Path(panel_out) if panel_out else None)
    item = done.substitution
    click.echo(f"第 {item['position']} 位 {item['replaced']} 由候补 {item['by']} 顶替（原因：{item['reason']}）。")
    click.echo(f"账本第 {done.head.seq} 条  头哈希 {done.head.hash}")
    if not done.pool:
        click.echo("未给出 --pool：专家名单文件未更新。")


@draw_group.command("verify")
@click.argument("record_path", type=click.Path(dir_okay=False))
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="Pool file: its hash and candidates must match the record.")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="Ledger: the record's entries must be there and the chain intact up to the record's head.")
@click.pass_context
def draw_verify(ctx, record_path, pool_path, ledger_path):
    """Re-derive a draw from its record alone; exit 0 if it matches, 1 naming the first difference.

    Example:

        fundcheck draw verify draw.json --pool samples/experts.xlsx --ledger draws.db
    """
    problem, record = service.verify(record_path, pool_path, ledger_path)  # a commit record: exit 2 there
    if problem:
        click.echo(f"不一致：{problem}")
        ctx.exit(EXIT_FINDINGS)
    panel, _ = draw_mod.current_panel(record)
    click.echo(f"一致：正选 {' '.join(panel)}（{rfc3797.ALGORITHM}）")


@click.group("ledger")
def ledger_group() -> None:
    """The tamper-evident draw ledger (SQLite, SHA-256 hash chain).

    Example:

        fundcheck ledger verify draws.db
    """


@ledger_group.command("verify")
@click.argument("ledger_path", type=click.Path(dir_okay=False))
@click.option("--head", "head_hash", help="A head hash held outside the tool (from a record or report).")
@click.pass_context
def ledger_verify(ctx, ledger_path, head_hash):
    """Recompute the hash chain; exit 1 naming the first broken entry.

    Example:

        fundcheck ledger verify draws.db
    """
    connection = ledger_mod.open_existing(ledger_path)
    try:
        verdict = ledger_mod.verify(connection, head_hash)
    finally:
        connection.close()
    if not verdict.ok:
        click.echo(f"不一致：{verdict.message}")
        ctx.exit(EXIT_FINDINGS)
    click.echo(f"一致：{verdict.message}")


def _entry_line(entry: ledger_mod.Entry) -> str:
    """One entry on one line; a malformed entry is shown as such (``ledger verify`` names why)."""
    data = entry.data
    digest = f"{entry.entry_hash[:16]}…" if isinstance(entry.entry_hash, str) else "（无哈希）"
    if not data:
        return f"{entry.seq!s:>5}  （条目无法解析）  {digest}".encode("utf-8", "replace").decode("utf-8")
    fields = data.get("fields")
    fields = "、".join(map(str, fields)) if isinstance(fields, list) else str(fields or "")
    line = f"{entry.seq!s:>5}  {data.get('at', '')!s}  {data.get('type', '')!s:<10}  {data.get('round_id', '')!s}  {fields}  {digest}"
    return line.encode("utf-8", "replace").decode("utf-8")  # a tampered entry may hold undecodable bytes


@ledger_group.command("show")
@click.argument("ledger_path", type=click.Path(dir_okay=False))
def ledger_show(ledger_path):
    """List the ledger's entries (number, time, type, round, field, hash).

    Example:

        fundcheck ledger show draws.db
    """
    connection = ledger_mod.open_existing(ledger_path)
    try:
        stored = []
        for entry in ledger_mod.entries(connection):
            stored.append({"seq": entry.seq, "prev_hash": entry.prev_hash, "entry": entry.data,
                           "entry_hash": entry.entry_hash})
            click.echo(_entry_line(entry))
        # a tampered entry may hold undecodable text: the object is made printable the same way
        report(entries=json.loads(json.dumps(stored, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")))
    finally:
        connection.close()
