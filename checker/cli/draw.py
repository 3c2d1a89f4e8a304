"""The ``fundcheck draw`` and ``fundcheck ledger`` command groups: parse options, call
:mod:`checker.draw.service`, print."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from checker.draw import ledger as ledger_mod
from checker.draw import record as draw_mod
from checker.draw import rfc3797
from checker.draw import service
from checker.draw.verify import LedgerSelections
from checker.cli import INTERRUPTED_SAYS, end_at_once
from checker.core import lifetime
from checker.cli.lazy import LazyGroup
from checker.cli.common import refuse_undecodable
from checker.cli.output import recorded, report
from checker.errors import EXIT_FINDINGS


def _echo_panel(record: dict, head: ledger_mod.Head) -> None:
    panel, unused = draw_mod.current_panel(record)
    if record.get("redraw"):
        earlier = "、".join(f"第 {item['entry']} 条（{ledger_mod.type_zh(item['type'])}）" for item in record["redraw"]["previous"])
        click.echo(f"重新抽取：本轮次该领域此前已在账本{earlier}抽取过；原因：{record['redraw']['reason']}")
    click.echo(f"轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  可抽取 {len(record['eligible'])} 人")
    click.echo(f"正选（按抽取顺序）: {' '.join(panel)}")
    click.echo(f"候补（按顺序）: {' '.join(unused) or '（无）'}")
    if not record["seed"]["publicly_verifiable"]:
        click.echo("注意：本次为本机秘密值种子，不可公开验证。")
    elif not record.get("commit"):
        click.echo("注意：一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的；"
                   "如需证明，请在开奖前用 draw commit 承诺，开奖后用 draw reveal 揭示。")
    for warning in record.get("warnings", ()):
        click.echo(f"警告: {warning}")
    for notice in seed_notices(record):
        click.echo(f"注意：{notice}")
    click.echo(f"账本第 {head.seq} 条  头哈希 {head.hash}")


def seed_notices(record: dict) -> list[str]:
    """Where the draw departs from the duty list's "局政工科…随机抽取7名专家" (001:2581): said at the
    draw, not only by a later audit. Not recorded (the record's hash and its re-derivation stay as
    they were): some rounds use experts without fixing their number (W-03, W-05, W-09, W-10)."""
    notices = []
    size = (record.get("policy") or {}).get("panel_size", record.get("panel_size"))
    if size != draw_mod.DEFAULT_PANEL_SIZE:
        notices.append(f"正选人数为 {size} 名；履职清单规定由局政工科“随机抽取7名专家”的流程，审计时将按 7 名核对。")
    operator = str(record.get("operator") or "")
    if "政工" not in operator:
        notices.append(f"抽取科室（--operator）为“{operator}”；履职清单规定由局政工科抽取，审计时将列为不合规。")
    return notices


def _typed_in_utf8(*texts: tuple[str, object]) -> None:
    """(option, value or values): a text typed in a terminal set to GBK reaches the program as bytes
    that are not UTF-8; the ledger and the record (UTF-8) cannot hold it, and a reason or a source
    name ended the command with 内部错误 (nothing recorded). Refused before anything is read."""
    for option, values in texts:
        for value in [values] if isinstance(values, str) else (values or ()):
            refuse_undecodable(option, value)


def _common_texts(fields, round_id, operator, redraw_reason) -> list[tuple[str, object]]:
    return [("--field", fields), ("--round", round_id), ("--operator", operator), ("--redraw-reason", redraw_reason)]


# ---------------------------------------------------------------- interrupted (Ctrl-C, SIGTERM, SIGHUP)

# What a draw command says when a stop ends it (checker/cli/__init__.py _interrupted_run): what is
# true of that command, not check's sentence about an output folder's partial reports. The ledger
# step of new, commit, reveal and substitute is one SQLite transaction, held against stops from
# BEGIN to after COMMIT (service._append_and_write): a stop that ends the command came before it
# (nothing appended, no record written) or once the entry was committed and said so (recorded()):
# then the second sentence, after the first that says the entry is in.
_NOT_IN_LEDGER = "账本的每次记账是一个 SQLite 事务，本次条目未提交，账本中没有本次的条目"
INTERRUPTED_WORDS = {
    ("draw", "new"): (
        f"已中断：本次抽取未完成，未记入账本：{_NOT_IN_LEDGER}，也没有写出抽取记录和专家名单文件（临时文件已删除）。"
        "请重新运行同一命令（再次运行不会因本次中断而算作重新抽取），完成后可用 fundcheck draw verify 核对写出的记录。",
        "请勿重新抽取；可用 fundcheck draw verify 核对该记录（加 --ledger 同时核对账本）。"),
    ("draw", "commit"): (
        f"已中断：本次承诺未完成，未记入账本：{_NOT_IN_LEDGER}，也没有写出承诺记录（临时文件已删除）。"
        "请在所指定的来源开奖前重新运行同一命令。",
        "请勿重新承诺；可用 fundcheck ledger show 查看该条目，开奖后用 fundcheck draw reveal 揭示。"),
    ("draw", "reveal"): (
        f"已中断：本次揭示未完成，未记入账本：{_NOT_IN_LEDGER}，该承诺仍未揭示，也没有写出抽取记录和专家名单文件（临时文件已删除）。"
        "请重新运行同一命令，完成后可用 fundcheck draw verify 核对写出的记录。",
        "请勿再次揭示；可用 fundcheck draw verify 核对该记录（加 --ledger 同时核对账本）。"),
    ("draw", "substitute"): (
        f"已中断：本次替换未完成，未记入账本：{_NOT_IN_LEDGER}，抽取记录和专家名单文件未改动（临时文件已删除）。"
        "请重新运行同一命令，完成后可用 fundcheck draw verify 核对更新后的记录。",
        "请勿再次替换；可用 fundcheck draw verify 核对更新后的记录（加 --ledger 同时核对账本）。"),
    ("draw", "verify"): (
        "已中断：核对未完成，没有结论（既不是一致，也不是不一致）；draw verify 只读取记录、专家库和账本，不写任何文件。"
        "请重新运行 fundcheck draw verify。", None),
    ("draw", "check"): (
        "已中断：检查未完成，没有结论；draw check 不抽取、不打开账本、不写任何文件。请重新运行 fundcheck draw check。", None),
    ("draw", "publish"): (
        "已中断：验证页可能未写出（临时文件已删除）；draw publish 不改动记录和账本。请重新运行 fundcheck draw publish。", None),
    ("ledger", "verify"): (
        "已中断：账本核对未完成，没有结论；ledger verify 只读取账本，不写任何文件。请重新运行 fundcheck ledger verify。", None),
    ("ledger", "show"): (
        "已中断：账本条目未列完；ledger show 只读取账本，不写任何文件。请重新运行 fundcheck ledger show。", None),
}


def _say_when_interrupted(group: str) -> None:
    """Called by a group as its command is about to run: the words for a stop that ends it."""
    context = click.get_current_context()
    words = INTERRUPTED_WORDS.get((group, context.invoked_subcommand))
    if words is not None:
        context.meta[INTERRUPTED_SAYS] = words


def _recorded_as(what: str):
    """``on_recorded`` for the service: the entry is in, said as the COMMIT returned (before any
    stop held across it can end the command), in the words the command prints after it."""
    return lambda head, out: recorded(f"{what}已记入账本第 {head.seq} 条，记录 {out}")


# ---------------------------------------------------------------- the groups

_common_draw_options = [
    click.option("--pool", "pool_path", required=True, type=click.Path(dir_okay=False),
                 help="专家库工作簿（.xlsx；也可读 .csv/.json）。"),
    click.option("--field", "fields", required=True, multiple=True,
                 help="专业领域；多个领域可重复给出（专家所列领域含其中任一个即为候选）。"),
    click.option("--size", default=draw_mod.DEFAULT_PANEL_SIZE, show_default=True, type=int,
                 help="正选人数（履职清单：局政工科…随机抽取7名专家）。"),
    click.option("--alternates", default=draw_mod.DEFAULT_ALTERNATES, show_default=True, type=int,
                 help="候补人数：同一抽取序列中接下来抽出的专家。"),
    click.option("--round", "round_id", required=True, help="轮次编号。"),
    click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
                 help="抽取账本文件（SQLite，不存在时新建）。"),
    click.option("--applicants", type=click.Path(dir_okay=False),
                 help="申报单位名单或申报汇总表（企业名称, 统一社会信用代码, 申报编号）。"),
    click.option("--conflicts", type=click.Path(dir_okay=False),
                 help="回避名单（专家编号, 申报单位, 回避原因）。"),
    click.option("--staff", multiple=True, type=click.Path(dir_okay=False),
                 help="本局工作人员名单（含 专家编号 列，或每行一个编号的 .txt）。"),
    click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True,
                 help="执行抽取的科室/经办人。"),
    click.option("--redraw-reason", help="重新抽取的原因：本轮次该领域此前已抽取过时必须填写。"),
    click.option("--warn-multiple", default=draw_mod.DEFAULT_WARN_MULTIPLE, show_default=True, type=int,
                 help="可抽取人数少于 正选人数×此倍数 时，在记录中给出警告。"),
    click.option("--force", is_flag=True, help="替换已有的抽取记录或专家名单文件。"),
]


def _with_common(function):
    for option in reversed(_common_draw_options):
        function = option(function)
    return function


@click.group("draw", cls=LazyGroup)
def draw_group() -> None:
    """可验证的随机专家抽取（RFC 3797），含回避与账本。

    示例：

        fundcheck draw new --pool samples/experts.xlsx --field 节能环保 --round 2025-JN-01
        --ledger draws.db --out draw.json --random-source "9 18 26 34 41 45"
    """
    _say_when_interrupted("draw")


# draw check / draw publish belong to the fairness wing; imported when they run
draw_group.add_lazy("check", "checker.fairness.cli:draw_check_command")
draw_group.add_lazy("publish", "checker.fairness.cli:draw_publish_command")


@draw_group.command("new")
@_with_common
@click.option("--out", type=click.Path(dir_okay=False), help="抽取记录（JSON）；默认 <轮次编号>.draw.json。")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="交组织科室的专家名单文件（默认：记录文件名去掉扩展名加 .panel.xlsx；也可用 .csv）。")
@click.option("--random-source", "random_sources", multiple=True,
              help="一个公开随机来源的号码，如 \"9 18 26 34 41 45\"（双色球的蓝球可写在“+”后：\"3 9 14 22 27 31+8\"）；"
                   "多个来源按公告顺序重复给出。"
                   "一个都不给时，以本机生成的 256 位秘密值作种子（不可公开验证）。")
@click.option("--source-name", "source_names", multiple=True,
              help="每个 --random-source 的名称（如 \"双色球 第2025060期\"），顺序相同。")
def draw_new(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
             operator, redraw_reason, warn_multiple, force, out, panel_out, random_sources, source_names):
    """一步完成抽取：回避、RFC 3797 抽选、记账、写记录和名单。

    示例：

        fundcheck draw new --pool samples/experts.xlsx --field 新材料 --size 7 --alternates 3
        --round 2025-XCL-01 --ledger draws.db --out draw.json
        --applicants samples/draw/applicants.xlsx --conflicts samples/draw/conflicts.csv
        --random-source "9319" --random-source "2 5 12 8 10"
    """
    lifetime.start_keeping()  # its pool left for the process's end, which it ends at once (end_at_once)
    _typed_in_utf8(*_common_texts(fields, round_id, operator, redraw_reason), ("--random-source", random_sources),
                   ("--source-name", source_names))
    inputs = service.DrawInputs(pool_path, fields, round_id, ledger_path, size, alternates, applicants, conflicts,
                                staff, operator, redraw_reason, warn_multiple, force)
    done = service.new_draw(inputs, Path(out) if out else None, Path(panel_out) if panel_out else None, random_sources,
                            source_names, on_recorded=_recorded_as("抽取"))
    recorded(f"抽取已记入账本第 {done.head.seq} 条，记录 {done.out}")
    _echo_panel(done.record, done.head)
    click.echo(f"记录 {done.out}  专家名单 {done.panel}")
    end_at_once(done)


@draw_group.command("commit")
@_with_common
@click.option("--out", type=click.Path(dir_okay=False), help="承诺记录（JSON）；默认 <轮次编号>.commit.json。")
@click.option("--source-name", "sources", multiple=True, required=True,
              help="尚未开奖的公开随机来源，须写明（彩票名称、期号、日期）；多个来源重复给出。")
def draw_commit(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
                operator, redraw_reason, warn_multiple, force, out, sources):
    """两步抽取之一：在账本中固定专家库、排除名单、抽取规则和未来的公开来源。

    示例：

        fundcheck draw commit --pool samples/experts.xlsx --field 智能制造 --round 2025-ZN-01
        --ledger draws.db --out commit.json
        --source-name "中国福利彩票双色球 第2025060期 开奖号码"
    """
    lifetime.start_keeping()  # its pool left for the process's end, which it ends at once (end_at_once)
    _typed_in_utf8(*_common_texts(fields, round_id, operator, redraw_reason), ("--source-name", sources))
    inputs = service.DrawInputs(pool_path, fields, round_id, ledger_path, size, alternates, applicants, conflicts,
                                staff, operator, redraw_reason, warn_multiple, force)
    done = service.commit_draw(inputs, Path(out) if out else None, sources, on_recorded=_recorded_as("承诺"))
    recorded(f"承诺已记入账本第 {done.head.seq} 条，记录 {done.out}")
    record = done.record
    click.echo(f"已承诺：轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  "
               f"可抽取 {len(record['eligible'])} 人")
    click.echo(f"commit_sha256 {record['commit_sha256']}")
    for warning in record.get("warnings", ()):  # as draw new says them: the reveal's record carries them on
        click.echo(f"警告: {warning}")
    click.echo(f"账本第 {done.head.seq} 条  头哈希 {done.head.hash}")
    click.echo("请在上述来源开奖后运行 draw reveal。")
    end_at_once(done)


@draw_group.command("reveal")
@click.argument("commit_record", type=click.Path(dir_okay=False), metavar="承诺记录")
@click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
              help="记有该承诺的账本。")
@click.option("--random-source", "random_sources", multiple=True, required=True,
              help="各承诺来源公布的号码，按承诺时的顺序给出。")
@click.option("--out", type=click.Path(dir_okay=False), help="抽取记录（JSON）；默认 <轮次编号>.draw.json。")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="承诺时的专家库文件：与承诺核对，并为专家名单文件提供姓名。")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="专家名单文件（默认：记录文件名去掉扩展名加 .panel.xlsx）；给出 --pool 时才含姓名。")
@click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True, help="执行揭示的科室/经办人。")
@click.option("--force", is_flag=True, help="替换已有的抽取记录或专家名单文件。")
def draw_reveal(commit_record, ledger_path, random_sources, out, pool_path, panel_out, operator, force):
    """两步抽取之二：用承诺来源公布的号码抽取。

    示例：

        fundcheck draw reveal commit.json --ledger draws.db --pool samples/experts.xlsx
        --random-source "3 9 14 22 27 31 8" --out reveal.json
    """
    lifetime.start_keeping()  # its pool left for the process's end, which it ends at once (end_at_once)
    _typed_in_utf8(("--random-source", random_sources), ("--operator", operator))
    done = service.reveal_draw(commit_record, ledger_path, random_sources, Path(out) if out else None, pool_path,
                               Path(panel_out) if panel_out else None, operator, force, on_recorded=_recorded_as("揭示"))
    recorded(f"揭示已记入账本第 {done.head.seq} 条，记录 {done.out}")
    click.echo(f"承诺在账本第 {done.commit_entry.seq} 条（{done.record['commit']['at']}），揭示在第 {done.head.seq} 条。")
    _echo_panel(done.record, done.head)
    click.echo(f"记录 {done.out}  专家名单 {done.panel}")
    end_at_once(done)


@draw_group.command("substitute")
@click.argument("record_path", type=click.Path(dir_okay=False), metavar="抽取记录")
@click.option("--expert", "expert_id", required=True, help="被替换的正选专家的专家编号。")
@click.option("--reason", required=True, help="替换原因（本人谢绝、发现回避情形…）。")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="账本（默认：记录中写明的账本文件）。")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="专家库文件，用于重写带姓名的专家名单文件。")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="要重写的专家名单文件（默认：记录文件名去掉扩展名加 .panel.xlsx；须同时给出 --pool）。")
def draw_substitute(record_path, expert_id, reason, ledger_path, pool_path, panel_out):
    """由下一位未用的候补顶替一名正选专家（不重新抽取），记入账本。

    示例：

        fundcheck draw substitute draw.json --expert ZJ019 --reason "本人谢绝（时间冲突）"
        --pool samples/experts.xlsx
    """
    _typed_in_utf8(("--expert", expert_id), ("--reason", reason))
    done = service.substitute(record_path, expert_id, reason, ledger_path, pool_path, Path(panel_out) if panel_out else None,
                              on_recorded=lambda head, _out: recorded(f"替换已记入账本第 {head.seq} 条，记录 {record_path}"))
    recorded(f"替换已记入账本第 {done.head.seq} 条，记录 {record_path}")
    item = done.substitution
    click.echo(f"第 {item['position']} 位 {item['replaced']} 由候补 {item['by']} 顶替（原因：{item['reason']}）。")
    click.echo(f"账本第 {done.head.seq} 条  头哈希 {done.head.hash}")
    if not done.pool:
        click.echo(_panel_not_rewritten(record_path, panel_out, done))
    else:  # which file now lists the panel (the default name or --panel-out), as draw new says it
        click.echo(f"记录 {record_path}  专家名单 {done.panel}")
        if done.extra.get("new_panel"):
            click.echo(f"注意：专家名单文件「{done.panel}」原先不存在，本次按默认文件名（抽取记录文件名去掉扩展名加 .panel.xlsx）新建；"
                       "抽取时如用 --panel-out 另行指定过专家名单文件，该文件未更新，不含本次替换，已过时，请勿据此通知专家，"
                       "以本文件和抽取记录为准（以后替换时请用 --panel-out 指定同一文件）。")


def _panel_not_rewritten(record_path, panel_out, done) -> str:
    """Without --pool the panel file is not rewritten: one there (draw new wrote it beside the record)
    still lists the replaced expert among the 正选, and the office prints and acts on that file. It
    is named as out of date, with the panel as it now stands."""
    from checker.draw.panel import default_panel_path

    panel = Path(panel_out) if panel_out else default_panel_path(Path(record_path))
    if not panel.is_file():
        return "未给出 --pool：专家名单文件未更新。"
    current, _ = draw_mod.current_panel(done.record)
    item = done.substitution
    return (f"注意：未给出 --pool，专家名单文件「{panel}」未更新，不含本次替换（{item['replaced']} 由 {item['by']} 顶替），"
            f"已过时，请勿据此通知专家；现行正选为 {' '.join(current)}（以抽取记录为准）。")


@draw_group.command("verify")
@click.argument("record_path", type=click.Path(dir_okay=False), metavar="抽取记录")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="专家库文件：其哈希值与候选人须与记录一致。")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="账本：须含该记录的条目，且到记录所载头哈希为止的哈希链完好。")
@click.pass_context
def draw_verify(ctx, record_path, pool_path, ledger_path):
    """仅凭抽取记录重新推算抽取结果。

    退出码：0 一致；1 不一致（指出第一处差异）。

    示例：

        fundcheck draw verify draw.json --pool samples/experts.xlsx --ledger draws.db
    """
    problem, record = service.verify(record_path, pool_path, ledger_path)  # a commit record: exit 2 there
    if problem:
        click.echo(f"不一致：{problem}")
        ctx.exit(EXIT_FINDINGS)
    panel, _ = draw_mod.current_panel(record)
    click.echo(f"一致：正选 {' '.join(panel)}（{rfc3797.ALGORITHM_ZH}）")
    for notice in verify_notices(record, pool_path, ledger_path):
        click.echo(f"注意：{notice}")


def verify_notices(record: dict, pool_path, ledger_path) -> list[str]:
    """What a 一致 does not show: a record re-derives from itself, so one made up afresh (another
    candidate list, other numbers) says 一致 as well; the reader is told what was not checked."""
    # the draw's own warnings (a recusal that named nobody and lapsed, one person in the pool twice):
    # printed at the draw, and again to whoever checks it
    notices = [f"抽取时的警告：{warning}" for warning in record.get("warnings") or () if isinstance(warning, str)]
    if not pool_path:
        notices.append("未给出 --pool：未核对专家库文件是否为抽取时的那一份。")
    if not ledger_path:
        notices.append("未给出 --ledger：只证明记录自身可以复算，不能证明它是账本记载的那次抽取（整份记录可以重新生成），"
                       "也不能发现此后的重新抽取。")
    else:
        head = ((record.get("ledger") or {}).get("head") or {}).get("hash")
        notices.append(f"账本核对到记录所载头哈希 {head}；整条账本可被重写，须用 ledger verify --head 与事先交纪检监察组的头哈希核对。")
    seed = record.get("seed") or {}
    if not seed.get("publicly_verifiable"):
        notices.append("本次为本机秘密值种子，不可公开验证。")
    elif not record.get("commit"):
        notices.append("一步抽取不能证明随机数来源是在号码公布前、回避名单确定后指定的。")
    return notices


@click.group("ledger")
def ledger_group() -> None:
    """防篡改的抽取账本（SQLite，SHA-256 哈希链）。

    示例：

        fundcheck ledger verify draws.db
    """
    _say_when_interrupted("ledger")


@ledger_group.command("verify")
@click.argument("ledger_path", type=click.Path(dir_okay=False), metavar="账本")
@click.option("--head", "head_hash", help="在本工具之外保存的头哈希（取自抽取记录或报告）。")
@click.pass_context
def ledger_verify(ctx, ledger_path, head_hash):
    """重新计算哈希链。

    退出码：0 完好；1 不一致（指出第一条损坏的条目；文件损坏或被截短也是不一致）。

    示例：

        fundcheck ledger verify draws.db
    """
    try:
        connection = ledger_mod.open_existing(ledger_path)
    except ledger_mod.LedgerDamaged as damaged:  # a ledger cut short is a finding about the ledger, not a usage error
        click.echo(f"不一致：{damaged}")
        ctx.exit(EXIT_FINDINGS)
    try:
        verdict = ledger_mod.verify(connection, head_hash)
        # the chain proves nothing against a ledger rewritten from scratch: each draw's panel must
        # also follow from the seed and eligible list its own entry holds
        selections = LedgerSelections()
        backwards = _entries_read(connection, selections) if verdict.ok else []
        problems, without, rederived = selections.problems, selections.without, selections.rederived
        substituted = selections.substitution_problems
        unmarked, backwards = selections.unmarked, backwards + selections.unmarked_notes
    finally:
        connection.close()
    if not verdict.ok:
        click.echo(f"不一致：{verdict.message}")
        ctx.exit(EXIT_FINDINGS)
    if problems or substituted or unmarked:
        chain = f"哈希链完整（{verdict.message.rstrip('。')}）"
        if problems:
            click.echo(f"不一致：{chain}，但有 {len(problems)} 条抽取条目的名单不能复算：")
            for problem in problems:
                click.echo(f"  {_shown_on_terminal(problem)}")  # an entry's round id as written by whoever wrote it
        if substituted:  # h158: a substitution's newcomer is where a draw can be steered after the seed
            lead = "另" if problems else f"不一致：{chain}，但"
            click.echo(f"{lead}有 {len(substituted)} 条替换条目不能按其抽取条目的名单复核：")
            for problem in substituted:
                click.echo(f"  {_shown_on_terminal(problem)}")
        if unmarked:  # a redraw rewritten as a first draw: its reason struck out
            lead = "另" if problems or substituted else f"不一致：{chain}，但"
            click.echo(f"{lead}有 {len(unmarked)} 条抽取条目记为首次抽取，而同一轮次、同一领域此前已抽取：")
            for problem in unmarked:
                click.echo(f"  {_shown_on_terminal(problem)}")
        # what was noticed besides (entries not re-derivable, dates going backwards, a redraw that may be
        # one) is said with the differences too: an inspector reading a 不一致 ledger needs it most
        _ledger_notes(without, backwards)
        ctx.exit(EXIT_FINDINGS)
    click.echo(f"一致：{verdict.message}")
    if rederived:
        click.echo(f"复算：{rederived} 条抽取条目的正选和候补名单，均由各条所载的种子和可抽取名单按 RFC 3797 复算得出。")
    _ledger_notes(without, backwards)


def _ledger_notes(without: list[int], notes: list[str]) -> None:
    if without:
        click.echo(f"注意：{_entry_numbers(without)}抽取条目未载可抽取名单和种子（早期版本所记），未能复算；"
                   "请用 fundcheck draw verify 核对其抽取记录。")
    for notice in notes:
        click.echo(f"注意：{_shown_on_terminal(notice)}")


def _entry_numbers(numbers: list[int], most: int = 10) -> str:
    """第 1、3 条 / 第 1 至 5、8 条: runs of consecutive entries as ranges, the first ``most`` runs
    (an old ledger of thousands of draws gives one short line, with the count)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = "、".join(f"{first}" if first == last else f"{first}、{last}" if last == first + 1 else f"{first} 至 {last}"
                     for first, last in runs[:most])
    return f"第 {shown} 条" + (f"等共 {len(numbers)} 条" if len(runs) > most else "")


def _entries_read(connection, selections: LedgerSelections) -> list[str]:
    """Each entry parsed once: its draw re-derived (``selections``), and the entries dated before the
    entry above them returned: the chain holds, but the clock was set back (a draw backdated before
    the review); draw commands refuse it since, older ledgers may hold it."""
    notices, before = [], None
    for entry in ledger_mod.entries(connection):
        data = entry.data
        selections.add(entry.seq, data)
        at = data.get("at")
        try:
            earlier = before is not None and datetime.fromisoformat(at) < datetime.fromisoformat(before[1])
        except (TypeError, ValueError):
            earlier = False
        if earlier:
            notices.append(f"第 {entry.seq} 条的时间 {at} 早于第 {before[0]} 条的时间 {before[1]}：抽取电脑的时钟可能被调回过，"
                           "该条目的时间不可信。")
        if isinstance(at, str):
            before = (entry.seq, at)
    return notices


def _entry_line(entry: ledger_mod.Entry) -> str:
    """One entry on one line; a malformed entry is shown as such (``ledger verify`` names why)."""
    data = entry.data
    digest = f"{entry.entry_hash[:16]}…" if isinstance(entry.entry_hash, str) else "（无哈希）"
    if not data:
        return f"{entry.seq!s:>5}  （条目无法解析）  {digest}".encode("utf-8", "replace").decode("utf-8")
    fields = data.get("fields")
    fields = "、".join(map(str, fields)) if isinstance(fields, list) else str(fields or "")
    line = f"{entry.seq!s:>5}  {data.get('at', '')!s}  {ledger_mod.type_zh(data.get('type', '')).ljust(4, '　')}  {data.get('round_id', '')!s}  {fields}  {digest}"
    return _shown_on_terminal(line.encode("utf-8", "replace").decode("utf-8"))  # a tampered entry may hold undecodable bytes


def _shown_on_terminal(text: str) -> str:
    """Each character a terminal would act on instead of showing (ESC sequences that colour, move the
    cursor or erase lines, a new line, BEL, a right-to-left override) written as \\uXXXX: an entry
    appended by hand with an intact chain could otherwise print a line of its own or hide the lines
    above it from the inspector reading ``ledger show``."""
    if text.isprintable():
        return text
    import unicodedata

    # spaces (the full-width one pads the entry's type) are shown as spaces: no terminal acts on them
    return "".join(c if c.isprintable() or unicodedata.category(c) == "Zs"
                   else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in text)  # \U000e0041: no digit read on


def _stored_value(value: object) -> str:
    """A tampered ledger's value JSON has no word for (a blob where a number or a text was): as
    text, undecodable bytes replaced, so ``show`` lists the entry instead of failing on it."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


@ledger_group.command("show")
@click.argument("ledger_path", type=click.Path(dir_okay=False), metavar="账本")
def ledger_show(ledger_path):
    """列出账本条目（序号、时间、类型、轮次、领域、哈希）。

    示例：

        fundcheck ledger show draws.db
    """
    connection = ledger_mod.open_existing(ledger_path)
    try:
        stored = []
        for entry in ledger_mod.entries(connection):  # a file damaged part-way: the lines read, then its sentence (exit 2)
            stored.append({"seq": entry.seq, "prev_hash": entry.prev_hash, "entry": entry.data,
                           "entry_hash": entry.entry_hash})
            click.echo(_entry_line(entry))
        # a tampered entry may hold undecodable text: the object is made printable the same way
        report(entries=json.loads(json.dumps(stored, ensure_ascii=False, default=_stored_value).encode("utf-8", "replace").decode("utf-8")))
    finally:
        connection.close()
