"""The ``rules`` and ``workflows`` commands: the rulebook's catalogue, one rule, its fixtures."""

from __future__ import annotations

import datetime as dt

import sys
from pathlib import Path

import click

from checker.cli.common import rulebook, rules_option
from checker.docs import write_docs
from checker.errors import EXIT_FINDINGS, EXIT_OK
from checker.fixtures import run_all_fixtures
from checker.core.findings import GRADE_ZH
from checker.report.text import OUTCOME_ZH, SEVERITY_ZH


@click.group("rules")
def rules_group() -> None:
    """The rulebook: list the catalogue, show one rule, run every rule's fixtures, write its docs.

    Example:

        fundcheck rules list
    """


def severity_label(rule) -> str:
    """The severity a rule's fails carry under its latest values: fixed, or from its grade parameter."""
    return rule.severity_on(dt.date.max)


def grade_words(rule) -> str:
    """Severity, or the grade parameter's dated values, in words."""
    name = rule.grade_param
    if name is None:
        return f"{rule.severity}（{SEVERITY_ZH[rule.severity]}）"
    values = "；".join(f"自 {v.effective_from} 起 {v.value}（{GRADE_ZH.get(str(v.value), v.value)}）" for v in rule.parameters[name].values)
    return f"未通过时定性由参数 {name} 决定：{values}；只在一种口径下未通过或数据缺失时为需人工复核"


@rules_group.command("list")
@click.option("--workflow", "workflow_id", help="Only the rules this workflow applies.")
@rules_option
def rules_list(workflow_id, rules_dir):
    """List rules: id, severity, kind, title.

    Example:

        fundcheck rules list --workflow W-05
    """
    book = rulebook(rules_dir)
    if workflow_id:
        workflow = book.workflow(workflow_id)
        ids = [*workflow.check_rules, *workflow.audit_rules]
    else:
        ids = sorted(book.rules)
    click.echo(f"rulebook {book.version}")
    for rule_id in ids:
        rule = book.rules[rule_id]
        click.echo(f"{rule.id:<28} {rule.kind:<11} {severity_label(rule):<8} {rule.title.zh} / {rule.title.en}")


@rules_group.command("show")
@click.argument("rule_id")
@rules_option
def rules_show(rule_id, rules_dir):
    """Show one rule: statement, citation, parameters, branches and fixtures.

    Example:

        fundcheck rules show ELIG-EQUIP-INVEST-100W
    """
    book = rulebook(rules_dir)
    rule = book.rule(rule_id)
    click.echo(f"{rule.id} (v{rule.version}) — {rule.title.zh} / {rule.title.en}")
    click.echo(f"类型 {rule.kind}；级别 {grade_words(rule)}")
    click.echo(f"规则：{rule.statement}")
    click.echo(f"理由：{rule.why}")
    for citation in rule.citation:
        click.echo(f"依据：{citation.source} 第 {citation.lines} 行：“{citation.quote}”")
    for name, parameter in rule.parameters.items():
        for value in parameter.values:
            click.echo(f"参数 {name} = {'未设置' if value.value is None else value.value} {parameter.unit or ''}（自 {value.effective_from} 起；{value.reference.source} {value.reference.lines or ''}）")
    for index, branch in enumerate(rule.branches, start=1):
        click.echo(f"分支 {index}：{OUTCOME_ZH[branch.outcome]} ← {branch.when.model_dump(by_alias=True, exclude_none=True)}")
    click.echo(f"其余情形：{OUTCOME_ZH[rule.default]}")
    for fixture in rule.fixtures:
        record = fixture.input if fixture.input is not None else f"{fixture.base} + {fixture.patch or '（无改动）'}"
        grade = f"（{fixture.grade}）" if fixture.grade else ""
        click.echo(f"样例 {fixture.name}: {record} → {fixture.expect}{grade}")


@rules_group.command("test")
@click.option("--rule", "rule_ids", multiple=True, help="Only this rule (repeatable).")
@rules_option
def rules_test(rule_ids, rules_dir):
    """Run every rule's fixtures through both evaluators; exit 1 if any fixture fails.

    Example:

        fundcheck rules test
    """
    book = rulebook(rules_dir)
    for rule_id in rule_ids:
        book.rule(rule_id)
    results = run_all_fixtures(book, list(rule_ids) or None)
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(f"FAIL {result.rule_id} {result.fixture}: expected {result.expected}, reference {result.actual}, engine {result.engine_actual}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@click.group("workflows")
def workflows_group() -> None:
    """The workflow profiles (W-01…, N-01…) and the rules each applies.

    Example:

        fundcheck workflows list
    """


@workflows_group.command("list")
@rules_option
def workflows_list(rules_dir):
    """List workflow profiles with their application (check) and round (audit) rules.

    Example:

        fundcheck workflows list
    """
    book = rulebook(rules_dir)
    for workflow in sorted(book.workflows.values(), key=lambda w: w.id):
        click.echo(f"{workflow.id} {workflow.title.zh}（{workflow.office}）")
        if workflow.check_rules:
            click.echo(f"  check: {', '.join(workflow.check_rules)}")
        if workflow.audit_rules:
            click.echo(f"  audit: {', '.join(workflow.audit_rules)}")
        if workflow.excluded:
            click.echo(f"  excluded: {workflow.excluded}")


@rules_group.command("docs")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=".", show_default=True,
              help="The repository: its rules/ are read, docs/rules.md and rules/README.md written.")
def rules_docs(root):
    """Regenerate docs/rules.md and the fact catalogue in rules/README.md from the rulebook.

    Example:

        fundcheck rules docs --root .
    """
    root_path = Path(root)
    book = rulebook(str(root_path / "rules"))
    for path in write_docs(book, root_path):
        click.echo(f"已生成 {path}")
