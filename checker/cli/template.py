"""``fundcheck template``: empty input workbooks people can fill in (drop-downs, formats, a 说明 sheet)."""

from __future__ import annotations

from pathlib import Path

import click

from checker.audit.facts.ledger_check import DRAW_TYPES
from checker.core.text import same_round
from checker.audit.template import write_round_template
from checker.check.conditions import load_conditions
from checker.check.conditions.read import one_conditions_file
from checker.check.templates import write_check_template, write_conditions_template, write_overrides_template
from checker.cli.common import rulebook, rules_option
from checker.cli.output import recorded
from checker.draw import ledger as ledger_mod
from checker.errors import InputError


@click.group("template")
def template_group() -> None:
    """生成空白输入工作簿（带下拉列表），按流程定制。

    示例：

        fundcheck template check --workflow W-12 --out W-12_申报汇总表.xlsx
    """


def _out(path: str, force: bool) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"--out「{path}」：模板须为 .xlsx 工作簿")
    if not out.parent.exists():
        raise InputError(f"--out「{path}」：文件夹「{out.parent}」不存在")
    # the file may be a workbook the districts already filled in: never replaced without being asked
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(f"「{out}」已存在，未写出模板（它可能是已填写的工作簿）；确需替换时加 --force。")
    return out


_force_option = click.option("--force", is_flag=True, help="--out 已存在时替换它（默认不覆盖已有文件）。")


@template_group.command("check")
@click.option("--workflow", "workflow_id", required=True, help="流程（见 fundcheck workflows list）。")
@click.option("--conditions", type=click.Path(dir_okay=False), multiple=True, callback=lambda _c, _p, files: one_conditions_file(files),
              help="加入该申报条件文件读取的列（只给出一次）。")
@click.option("--out", "out_path", required=True, metavar="文件", help="要写出的工作簿（.xlsx）。")
@_force_option
@rules_option
def template_check(workflow_id, conditions, out_path, force, rules_dir):
    """生成某流程的申报汇总表：恰好包含其规则（及申报条件）读取的列。

    含 是/否 与所在区市的下拉列表、日期与金额格式、每个表头的批注（必填列标为橙色）、冻结的表头行和一张“说明”工作表。

    示例：

        fundcheck template check --workflow W-12 --conditions samples/conditions/W-12_conditions.xlsx --out W-12_申报汇总表.xlsx
    """
    book = rulebook(rules_dir)
    loaded = load_conditions(Path(conditions)) if conditions else None
    columns = write_check_template(book, workflow_id, loaded, _out(out_path, force))
    # the workbook written: an output that cannot take the line printed next (> log on a full disk)
    # no longer fails the run (each template command alike)
    recorded(f"工作簿已写入 {out_path}")
    required = [c.header for c in columns if c.required]
    click.echo(f"已写出 {out_path}：{len(columns)} 列（必填 {len(required)} 列：{'、'.join(required)}）")


@template_group.command("conditions")
@click.option("--out", "out_path", required=True, metavar="文件", help="要写出的工作簿（.xlsx）。")
@_force_option
def template_conditions(out_path, force):
    """生成空白申报条件文件（工作表 通知、申报条件）。

    类型、比较、严重程度三列带下拉列表。

    示例：

        fundcheck template conditions --out 申报条件.xlsx
    """
    write_conditions_template(_out(out_path, force))
    recorded(f"工作簿已写入 {out_path}")
    click.echo(f"已写出 {out_path}：填写“通知”与“申报条件”两页后，用 fundcheck conditions check {out_path} 检查。")


@template_group.command("overrides")
@click.option("--workflow", "workflow_id", help="在下拉列表中列出该流程的规则编号。")
@click.option("--conditions", type=click.Path(dir_okay=False), multiple=True, callback=lambda _c, _p, files: one_conditions_file(files),
              help="同时列出该申报条件文件中的规则编号（只给出一次）。")
@click.option("--out", "out_path", required=True, metavar="文件", help="要写出的工作簿（.xlsx）。")
@_force_option
@rules_option
def template_overrides(workflow_id, conditions, out_path, force, rules_dir):
    """生成空白复核决定文件，供 check --overrides 使用。

    列为：申报编号、规则编号、复核结论、理由、复核人。

    示例：

        fundcheck template overrides --workflow W-05 --out 复核决定.xlsx
    """
    book = rulebook(rules_dir)
    loaded = load_conditions(Path(conditions)) if conditions else None
    write_overrides_template(book, _out(out_path, force), workflow_id, loaded)
    recorded(f"工作簿已写入 {out_path}")
    click.echo(f"已写出 {out_path}")



def ledger_draw_rows(ledger_path: str, number: int) -> tuple[list[dict], dict]:
    """The 专家抽取 rows of draw ``number`` in the ledger (after its substitutions) and the 轮次
    values it gives (round id, field). A missing or non-draw entry, or a broken chain, is exit 2."""
    connection = ledger_mod.open_existing(ledger_path)
    try:
        verdict = ledger_mod.verify(connection)
        if not verdict.ok:
            raise InputError(f"账本「{ledger_path}」校验失败，不能据以填写抽取记录：{verdict.message}")
        entry = ledger_mod.get(connection, number)
        if entry is None:
            raise InputError(f"账本「{ledger_path}」没有第 {number} 条。")
        data = entry.data
        if data.get("type") not in DRAW_TYPES:
            raise InputError(f"账本第 {number} 条不是抽取条目（而是{ledger_mod.type_zh(data.get('type'))}条目）。")
        everything = list(ledger_mod.entries(connection))
        subs = [e.data for e in everything
                if e.data.get("type") == "substitute" and e.data.get("draw_sha256") == data.get("draw_sha256")]
        # one draw per round and field: the audit fails a round listing a replaced draw's panel
        later = [e.seq for e in everything if e.seq > number and e.data.get("type") in ("commit", *DRAW_TYPES)
                 and same_round(e.data.get("round_id"), data.get("round_id"))
                 and ledger_mod.fields_overlap(e.data.get("fields"), data.get("fields") if isinstance(data.get("fields"), list) else [])]
        if later:
            raise InputError(f"账本第 {number} 条的抽取已被第 {later[0]} 条重新抽取取代，不能据以填写抽取记录："
                             f"请用现行的抽取（第 {later[-1]} 条）。")
    finally:
        connection.close()
    field = "、".join(data.get("fields") or [])
    office = data.get("operator") or ""
    office = f"局{office}" if office == "政工科" else office
    replaced = {sub.get("replaced") for sub in subs}
    used = {sub.get("by") for sub in subs}
    rows = []

    def row(expert_id: str, role: str) -> dict:
        return {"抽取记录编号": str(number), "抽取科室": office, "专家编号": expert_id, "专业领域": field, "角色": role}

    for expert_id in data.get("panel") or []:
        rows.append(row(expert_id, "已替换" if expert_id in replaced else "正选"))
    rows += [row(sub.get("by"), "替补") for sub in subs]
    rows += [row(expert_id, "候补") for expert_id in data.get("alternates") or [] if expert_id not in used]
    return rows, {"轮次编号": data.get("round_id"), "项目领域": field}


@template_group.command("round")
@click.option("--workflow", "workflow_id", default=None, help="列出该流程的步骤（如 W-08）。")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="要写出的工作簿（.xlsx）。")
@_force_option
@click.option("--from-ledger", "ledger", type=click.Path(), default=None, help="抽取账本：据此填写“专家抽取”工作表。")
@click.option("--draw", "draw", type=int, default=None, help="本轮抽取在账本中的条目序号（与 --from-ledger 一同使用）。")
@rules_option
def template_round(workflow_id, out, force, ledger, draw, rules_dir) -> None:
    """生成待填写的空白轮次记录表。

    含工作表 轮次、流程节点 和 说明，以及该流程审计用到的 专家抽取、公示、归档（推荐类流程没有专家抽取与归档清单，履职清单规定公示的流程才有 公示）；只列该流程用到的列；按顺序列出该流程的步骤，带下拉列表（节点、阶段、角色、是/否）和日期单元格。给出 --from-ledger 和 --draw 时，“专家抽取”工作表列出该次抽取的专家。

    示例：

        fundcheck template round --workflow W-08 --out round.xlsx
    """
    book = rulebook(rules_dir)
    # w-08 is W-08; an id that is none is refused as it was typed (w-5 was quoted 「W-5」)
    known = workflow_id.upper() if workflow_id and workflow_id.upper() in book.workflows else workflow_id
    workflow = book.workflow(known) if workflow_id else None
    if workflow is not None and not workflow.audit_rules:
        why = f"：{workflow.excluded}" if workflow.excluded else "，无需轮次记录表"
        raise InputError(f"流程 {workflow.id} 没有轮次审计规则{why}")
    if (ledger is None) != (draw is None):
        raise InputError("--from-ledger 与 --draw 须一同给出。")
    draws, round_row = ledger_draw_rows(ledger, draw) if ledger is not None else ([], {})
    path = _out(out, force)
    # the workflow's own steps first in the drop-down, then every other accepted name
    own = [entry.partition("#")[0] for entry in (workflow.profile.get("steps") or [])] if workflow else []
    names = list(dict.fromkeys([*own, *book.vocabulary.steps]))
    reads = {r for rule_id in workflow.audit_rules for r in book.rules[rule_id].reads} if workflow else None
    write_round_template(path, workflow, names, draws=draws, round_row=round_row, reads=reads)
    recorded(f"工作簿已写入 {path}")
    listed = f"{workflow.id} 的 {len(workflow.profile.get('steps') or [])} 个步骤" if workflow else "空白步骤"
    click.echo(f"轮次记录模板已写入 {path}（{listed}" + (f"，专家抽取 {len(draws)} 行" if draws else "") + "）")
