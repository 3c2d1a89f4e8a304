"""``fundcheck template``: empty input workbooks people can fill in (drop-downs, formats, a 说明 sheet)."""

from __future__ import annotations

from pathlib import Path

import click

from checker.check.conditions import load_conditions
from checker.check.templates import write_check_template, write_conditions_template, write_overrides_template
from checker.cli.common import rulebook, rules_option
from checker.errors import InputError


@click.group("template")
def template_group() -> None:
    """Empty input workbooks with drop-down lists for each workflow.

    Example:

        fundcheck template check --workflow W-12 --out W-12_申报汇总表.xlsx
    """


def _out(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"--out {path!r}: a template is an .xlsx workbook")
    if not out.parent.exists():
        raise InputError(f"--out {path!r}: the folder {out.parent} does not exist")
    return out


@template_group.command("check")
@click.option("--workflow", "workflow_id", required=True, help="Workflow profile (fundcheck workflows list).")
@click.option("--conditions", type=click.Path(dir_okay=False), help="Add the columns this conditions file reads.")
@click.option("--out", "out_path", required=True, help="The workbook to write (.xlsx).")
@rules_option
def template_check(workflow_id, conditions, out_path, rules_dir):
    """The 申报汇总表 of a workflow: exactly the columns its rules (and the conditions) read.

    Drop-down lists for 是/否 and districts, date and amount formats, a note on every header
    (required columns in orange), a frozen header and a 说明 sheet.

    Example:

        fundcheck template check --workflow W-12 --conditions samples/conditions/W-12_conditions.xlsx --out W-12_申报汇总表.xlsx
    """
    book = rulebook(rules_dir)
    loaded = load_conditions(Path(conditions)) if conditions else None
    columns = write_check_template(book, workflow_id, loaded, _out(out_path))
    required = [c.header for c in columns if c.required]
    click.echo(f"已写出 {out_path}：{len(columns)} 列（必填 {len(required)} 列：{'、'.join(required)}）")


@template_group.command("conditions")
@click.option("--out", "out_path", required=True, help="The workbook to write (.xlsx).")
def template_conditions(out_path):
    """An empty conditions file: sheets 通知 and 申报条件, drop-downs for 类型, 比较, 严重程度.

    Example:

        fundcheck template conditions --out 申报条件.xlsx
    """
    write_conditions_template(_out(out_path))
    click.echo(f"已写出 {out_path}：填写“通知”与“申报条件”两页后，用 fundcheck conditions check {out_path} 检查。")


@template_group.command("overrides")
@click.option("--workflow", "workflow_id", help="List this workflow's rule ids in a drop-down.")
@click.option("--conditions", type=click.Path(dir_okay=False), help="List these conditions' rule ids too.")
@click.option("--out", "out_path", required=True, help="The workbook to write (.xlsx).")
@rules_option
def template_overrides(workflow_id, conditions, out_path, rules_dir):
    """An empty reviewer-decisions file (申报编号, 规则编号, 复核结论, 理由, 复核人) for --overrides.

    Example:

        fundcheck template overrides --workflow W-05 --out 复核决定.xlsx
    """
    book = rulebook(rules_dir)
    loaded = load_conditions(Path(conditions)) if conditions else None
    write_overrides_template(book, _out(out_path), workflow_id, loaded)
    click.echo(f"已写出 {out_path}")
