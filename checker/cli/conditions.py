"""``fundcheck conditions``: check a round's conditions file on its own, before any batch is run."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.check.conditions import load_conditions
from checker.check.conditions.probes import reference_date, run_probes
from checker.check.conditions.read import counted_to, sub_group_unchecked
from checker.check.conditions.rules import expectation
from checker.check.fields import field_set
from checker.check.inputs import Batch, expand_inputs
from checker.check.plan import SUBMITTED_ON, plan_check, reader_aliases, refuse_conditions, usable_workflow
from checker.cli.common import defaulted_workflow, rulebook, rules_option
from checker.core.findings import OUTCOME_ZH, SEVERITY_ZH
from checker.errors import EXIT_FINDINGS, EXIT_OK


@click.group("conditions")
def conditions_group() -> None:
    """本轮的申报条件（通知中的申报条件），由审核人员整理成文件。

    示例：

        fundcheck conditions check samples/conditions/W-12_conditions.xlsx
    """


@conditions_group.command("check")
@click.argument("conditions_file", type=click.Path(dir_okay=False), metavar="条件文件")
@click.option("--workflow", "workflow_id", default="W-05", show_default=True,
              help="条件所属的流程（与 check 的 --workflow 相同）：引用条件时，并列该流程在履职清单中的依据条文；给出 --applications 时，"
                   "按该流程核对申报文件的必需列。")
@click.option("--applications", multiple=True, type=click.Path(), help="同时检查该申报文件是否具备条件所读取的列（可多次给出，每次一个文件）。")
@rules_option
def conditions_check(conditions_file, workflow_id, applications, rules_dir):
    """检查申报条件文件，并逐条测试其边界值。

    条件文件为 .xlsx（含工作表 通知 和 申报条件）或 .yaml。每一行按 `check --conditions` 的方式检查（有错误的行：指明该行，退出码 2）；然后把每个条件的边界值（该值本身及越过一步的值）分别交给 durable-rules 和参考实现判定，两者须结论一致且与条件原意相符。全部相符时退出码 0，否则 1。

    示例：

        fundcheck conditions check samples/conditions/W-12_conditions.xlsx --workflow W-12 --applications samples/check/W-12_applications.xlsx
    """
    book = rulebook(rules_dir)
    # a workflow check would refuse these conditions for stops the run before the listing, not after it
    workflow = usable_workflow(book, workflow_id)
    conditions = load_conditions(Path(conditions_file))
    refuse_conditions(workflow, conditions)
    notice = conditions.notice
    click.echo(f"申报条件文件 {conditions.file}（SHA-256 {conditions.sha256}）")
    flag = {True: "是", False: "否", None: "未写明"}[notice.bars_dishonest]
    click.echo(f"通知：{notice.cite()}；发布日期 {notice.issued or '未写明'}；失信企业不得申报：{flag}")
    skipped = f"（跳过空行 {conditions.skipped_rows}）" if conditions.skipped_rows else ""
    click.echo(f"{len(conditions.conditions)} 条条件{skipped}：")
    for condition in conditions.conditions:
        when = f"，自 {condition.effective} 起施行" if condition.effective else ""
        click.echo(f"  {condition.rule_id:<12} {SEVERITY_ZH[condition.severity]}  {condition.type.label:<8} "
                   f"{expectation(condition)}  ← 列“{'、'.join(condition.headers)}”{when}")
        click.echo(f"  {'':<12} {condition.wording}{'（' + condition.clause + '）' if condition.clause else ''}")
    if applications:
        aliases, columns = reader_aliases(book, conditions)
        batch = Batch.open(expand_inputs(list(applications)), field_set(book), aliases)
        with defaulted_workflow():
            plan = plan_check(book, workflow_id, batch.columns(), conditions, columns)
        ids = {c.rule_id for c in conditions.conditions}
        for rule_id, why in plan.not_checked.items():
            if rule_id in ids:
                click.echo(f"未核对：{rule_id} {why}")
        click.echo(f"申报文件 {batch.file_label}：否决项条件读取的列均存在。")
        # a 年限 counts to --as-of/--window or else to each row's 申报日期: say what check will need
        undated = [t.name for t in batch.columns() if SUBMITTED_ON not in t.fields]
        for condition in conditions.conditions:
            if condition.ctype == "years" and undated:
                click.echo(f"注意：{condition.rule_id} 按年限计算到参考日期，而 {'、'.join(undated)} 中没有“申报日期”列："
                           f"核对时须加 --as-of 或 --window{'，否则核对停止' if condition.severity == 'blocking' else '，否则本条件未核对'}。")
    for condition in conditions.conditions:
        counted = counted_to(condition.wording) if condition.ctype == "years" else None
        if counted is not None:
            # 截至2020年底，成立满3年 with 年限 ≥ 3 loads, but counts to --as-of/--window or each row's 申报日期, which
            # may be later than the notice's date: an applicant of 2 years and 11 months on that date would pass
            day, day_said, length_said, latest, _ = counted
            click.echo(f"注意：{condition.rule_id} 的条件原文写明{length_said}计算到 {day_said}（{day.isoformat()}），而年限计算到参考日"
                       f"（--as-of 给出的日期，未给出时为 --window 的结束日或各行的申报日期）；请核对时加 --as-of {day.isoformat()}，"
                       f"或改用“日期”类型：{condition.label} ≤ {latest.isoformat()}。")
        # 不低于3%（营业收入1亿元以下的不低于5%） checked at 3% alone loads (every applicant must meet it): say the 5% is not
        unchecked = sub_group_unchecked(condition, conditions.conditions)
        if unchecked is not None:
            click.echo(f"注意：{unchecked}")
    results = run_probes(book, workflow_id, conditions)
    bad = [r for r in results if not r.ok]
    click.echo(f"边界自检（参考日 {reference_date(conditions)}）：{len(results) - len(bad)}/{len(results)} 个边界值两个引擎结论一致且符合条件原意。")
    for result in bad:
        click.echo(f"  {result.probe.rule_id} 值“{result.probe.value}”：应为“{OUTCOME_ZH[result.probe.expect]}”，"
                   f"{_outcomes_zh(result.outcomes)}", err=True)
    sys.exit(EXIT_FINDINGS if bad else EXIT_OK)


ENGINE_ZH = {"durable": "durable-rules", "reference": "参考实现"}


def _outcomes_zh(outcomes: dict[str, str]) -> str:
    """What each evaluator decided, in words: 两个引擎均为“通过”, or each one's."""
    said = {engine: OUTCOME_ZH.get(outcome, outcome) for engine, outcome in outcomes.items()}
    if len(set(said.values())) == 1:
        return f"两个引擎均判定为“{next(iter(said.values()))}”"
    return "，".join(f"{ENGINE_ZH.get(engine, engine)} 判定为“{word}”" for engine, word in said.items())
