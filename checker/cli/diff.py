"""``fundcheck diff OLD_OUT NEW_OUT``: what changed between two check runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checker.cli.common import rulebook, rules_option
from checker.cli.output import report
from checker.errors import EXIT_FINDINGS, EXIT_OK
from checker.report.diff import diff_lines, diff_runs
from checker.report.runs import RunOutput


@click.command("diff")
@click.argument("old_out", type=click.Path(file_okay=False, path_type=Path), metavar="原输出文件夹")
@click.argument("new_out", type=click.Path(file_okay=False, path_type=Path), metavar="新输出文件夹")
@rules_option
def diff_command(old_out: Path, new_out: Path, rules_dir):
    """比较两次 check 的输出，列出结论或问题有变化的申报。

    OLD_OUT、NEW_OUT 为两个 `fundcheck check` 输出文件夹（例如修改规则库或申报条件的前后各一次），每件有变化的申报列出造成差异的规则。申报按申报编号对应（申报编号缺失或重复时，按输入行 row<N> 对应；多个文件一起审核时为 文件名-row<N>）。

    退出码：0 没有变化；1 有变化；2 无法读取某个文件夹。

    示例：

        fundcheck diff out/ out/
    """
    old, new = RunOutput.open(old_out), RunOutput.open(new_out)
    titles = {rule_id: rule.title.zh for rule_id, rule in rulebook(rules_dir).rules.items()}
    result = diff_runs(old, new, titles)
    for line in diff_lines(result, old, new):
        click.echo(line)
    report(compared=result.compared, changed=[
        {"case": c.key, **({"old_case": c.old_key} if c.old_key else {}), "company": c.company, "old_verdict": c.old_verdict, "new_verdict": c.new_verdict,
         "rules": [{"rule_id": r.rule_id, "title": r.title, "old": r.old, "new": r.new,
                    **({"old_decision": r.old_decision, "new_decision": r.new_decision} if r.decision_changed else {})}
                   for r in c.rules]}
        for c in result.changed],
        added=[key for key, _, _ in result.added], removed=[key for key, _, _ in result.removed],
        same_enterprise=result.same_enterprise,  # new key → old key: an id changed? (the cases stay two)
        rulebook_version={"old": old.summary.get("rulebook_version"), "new": new.summary.get("rulebook_version"),
                          "changed": old.summary.get("rulebook_version") != new.summary.get("rulebook_version")})
    sys.exit(EXIT_FINDINGS if result.any else EXIT_OK)
