"""The ``rules`` and ``workflows`` commands: the rulebook's catalogue, one rule, its fixtures."""

from __future__ import annotations

import datetime as dt

import sys
from pathlib import Path

import click

from checker.cli.common import rulebook, rules_option
from checker.cli.output import _workflow_in_capitals
from checker.docs import write_docs
from checker.errors import EXIT_FINDINGS, EXIT_OK
from checker.fixtures import run_all_fixtures
from checker.core.explain import condition_zh, facts_of, record_zh
from checker.core.findings import GRADE_ZH
from checker.report.text import OUTCOME_ZH, SEVERITY_ZH


@click.group("rules")
def rules_group() -> None:
    """规则库：列出规则、查看单条规则、运行样例、生成文档。

    示例：

        fundcheck rules list
    """
    context = click.get_current_context()
    if context.invoked_subcommand == "docs":  # the one of the group that writes files
        from checker.cli import INTERRUPTED_SAYS, INTERRUPTED_WRITING

        context.meta[INTERRUPTED_SAYS] = (INTERRUPTED_WRITING, None)


def severity_label(rule) -> str:
    """The severity a rule's fails carry under its latest values: fixed, or from its grade parameter."""
    return rule.severity_on(dt.date.max)


def grade_words(rule) -> str:
    """Severity, or the grade parameter's dated values, in words."""
    name = rule.grade_param
    if name is None:
        return f"{SEVERITY_ZH[rule.severity]}（{rule.severity}）"
    values = "；".join(f"自 {v.effective_from} 起 {v.value}（{GRADE_ZH.get(str(v.value), v.value)}）" for v in rule.parameters[name].values)
    return f"未通过时定性由参数 {name} 决定：{values}；只在一种口径下未通过或数据缺失时为需人工复核"


@rules_group.command("list")
@click.option("--workflow", "workflow_id", help="只列出该流程适用的规则。")
@rules_option
def rules_list(workflow_id, rules_dir):
    """列出规则：编号、类型、级别、名称。

    示例：

        fundcheck rules list --workflow W-05
    """
    book = rulebook(rules_dir)
    if workflow_id:
        workflow = book.workflow(workflow_id)
        ids = [*workflow.check_rules, *workflow.audit_rules]
        # the version a report of this workflow states: it changes only with the rules the workflow applies
        click.echo(f"{workflow.id} 所用规则的版本 {book.version_of(workflow.id)}（即其报告中的规则版本；整个规则库的版本 {book.version}），"
                   f"共 {len(ids)} 条规则")
        if workflow.excluded:  # W-11: why it has none, as workflows list says
            click.echo(f"不适用：{workflow.excluded}")
    else:
        ids = sorted(book.rules)
        click.echo(f"规则库版本 {book.version}，共 {len(ids)} 条规则")
    for rule_id in ids:
        rule = book.rules[rule_id]
        kind = "申报审核" if rule.kind == "application" else "轮次审计"
        click.echo(f"{rule.id:<28} {kind}  {SEVERITY_ZH.get(severity_label(rule), severity_label(rule))}  {rule.title.zh}")


@rules_group.command("show")
@click.argument("rule_id", metavar="规则编号")
@rules_option
def rules_show(rule_id, rules_dir):
    """查看一条规则：内容、依据、参数、判定分支与样例。

    示例：

        fundcheck rules show ELIG-EQUIP-INVEST-100W
    """
    book = rulebook(rules_dir)
    rule = book.rule(rule_id)
    for line in rule_lines(book, rule):
        click.echo(line)


KIND_ZH = {"application": "申报审核（check，逐件申报）", "round": "轮次审计（audit，整轮程序）"}


SUBJECT_ZH = {"office": "办理部门的办理（受理台账）", "applicant": "申请人（材料与条件）"}


def rule_lines(book, rule) -> list[str]:
    """``rules show`` in Chinese: what the rule requires, why, where from, how it decides."""
    lines = [f"{rule.id}（第 {rule.version} 版）{rule.title.zh}",
             f"英文名：{rule.title.en}",
             f"类型：{KIND_ZH[rule.kind]}",
             f"级别：{grade_words(rule)}",
             *([f"审核对象：{SUBJECT_ZH[rule.subject]}"] if rule.subject else []),
             f"规则：{rule.statement}",
             f"理由：{rule.why}"]
    lines += [f"依据：{book.sources.describe(c.model_dump())}（{c.source} 第 {c.lines} 行）" for c in rule.citation]
    for name, parameter in rule.parameters.items():
        for value in parameter.values:
            shown = "未设置" if value.value is None else f"{value.value}{(' ' + parameter.unit) if parameter.unit else ''}"
            basis = value.reference.source + (f" 第 {value.reference.lines} 行" if value.reference.lines else "")
            lines.append(f"参数 {name}（{parameter.description}）= {shown}，自 {value.effective_from} 起；依据 {basis}")
    for index, branch in enumerate(rule.branches, start=1):
        grade = f"，定性为{GRADE_ZH[branch.grade]}" if branch.grade else ""
        lines.append(f"判定 {index}：当 {condition_zh(branch.when, rule)} 时 → {OUTCOME_ZH[branch.outcome]}{grade}")
    lines.append(f"其余情形 → {OUTCOME_ZH[rule.default]}")
    facts = book.vocabulary.facts.get(rule.kind, {})
    used = dict.fromkeys(fact for branch in rule.branches for fact in facts_of(branch.when))
    if used:
        lines.append("所用事实：")
        lines += [f"  {fact}：{facts[fact].says if fact in facts else '（本轮申报条件的事实）'}" for fact in used]
    for fixture in rule.fixtures:
        if fixture.input is not None:
            record = record_zh(fixture.input) or "（空记录）"
        else:
            record = f"基准轮次 {fixture.base}" + (f"，改动 {record_zh(fixture.patch)}" if fixture.patch else "（不改动）")
        grade = f"，定性为{GRADE_ZH[fixture.grade]}" if fixture.grade in GRADE_ZH else ""
        lines.append(f"样例 {fixture.name}：{record} → {OUTCOME_ZH[fixture.expect]}{grade}")
    return lines


@rules_group.command("test")
@click.option("--rule", "rule_ids", multiple=True, help="只运行这条规则的样例（可重复给出）。")
@rules_option
def rules_test(rule_ids, rules_dir):
    """用 durable-rules 和参考实现运行每条规则的样例。

    退出码：0 全部通过；1 有样例未通过。

    示例：

        fundcheck rules test
    """
    book = rulebook(rules_dir)
    for rule_id in rule_ids:
        book.rule(rule_id)
    results = run_all_fixtures(book, list(rule_ids) or None)
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(f"未通过 {result.rule_id} 样例 {result.fixture}：应为 {result.expected}，参考实现判为 {result.actual}，"
                   f"规则引擎判为 {result.engine_actual}")
    click.echo(f"样例 {len(results)} 个：通过 {len(results) - len(failed)} 个，未通过 {len(failed)} 个")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@click.group("workflows")
def workflows_group() -> None:
    """流程（W-01…、N-01…）及各流程适用的规则。

    示例：

        fundcheck workflows list
    """


@workflows_group.command("list")
@rules_option
def workflows_list(rules_dir):
    """列出各流程及其申报审核（check）和轮次审计（audit）规则。

    示例：

        fundcheck workflows list
    """
    book = rulebook(rules_dir)
    for workflow in sorted(book.workflows.values(), key=lambda w: w.id):
        for line in workflow_lines(workflow):
            click.echo(line)


@workflows_group.command("show")
@click.argument("workflow_id", metavar="流程", callback=_workflow_in_capitals)
@rules_option
def workflows_show(workflow_id, rules_dir):
    """查看一个流程：名称、办理科室及其申报审核（check）和轮次审计（audit）规则。

    流程编号不区分大小写（w-05 即 W-05）。

    示例：

        fundcheck workflows show W-05
    """
    book = rulebook(rules_dir)
    workflow = book.workflow(workflow_id)
    for line in workflow_lines(workflow):
        click.echo(line)
    click.echo(f"各规则的名称与级别：fundcheck rules list --workflow {workflow.id}")


def workflow_lines(workflow) -> list[str]:
    """A workflow as `workflows list` shows it: its title and office, then the rules it applies."""
    office = "" if workflow.office in workflow.title.zh else f"（{workflow.office}）"
    lines = [f"{workflow.id} {workflow.title.zh}{office}"]
    if workflow.check_rules:
        lines.append(f"  申报审核（check）：{'、'.join(workflow.check_rules)}")
    elif workflow.conditions_citation is not None:
        lines.append("  申报审核（check）：只按条件文件（--conditions）核对上级通知确定的条件")
    if workflow.audit_rules:
        lines.append(f"  轮次审计（audit）：{'、'.join(workflow.audit_rules)}")
    if workflow.excluded:
        lines.append(f"  不适用：{workflow.excluded}")
    return lines


@rules_group.command("docs")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
              help="代码仓库文件夹：读取其中的 rules/，写出 docs/rules.md 和 rules/README.md。")
def rules_docs(root):
    """根据规则库重新生成 docs/rules.md 及 rules/README.md 中的事实目录。

    示例：

        fundcheck rules docs --root .
    """
    root_path = Path(root)
    book = rulebook(str(root_path / "rules"))
    for path in write_docs(book, root_path):
        click.echo(f"已生成 {path}")
