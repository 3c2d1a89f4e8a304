"""What a run checks, decided once from the workflow, the conditions file and the columns found.

Required columns are the application id plus what the blocking rules (and blocking conditions) read:
one missing stops the run naming it. A column read only by review or advisory rules may be absent:
those rules are then not checked for the batch; each stays in every case as ``not_applicable``
with ``not_checked: true``, the run's 未核对事项 says so once, and no verdict changes. (Round records
keep "absent = blank": this is for application workbooks only.)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from checker.check.conditions.columns import ConditionColumn, resolve
from checker.check.conditions.facts import ConditionSlots, make_slots
from checker.check.conditions.model import RoundConditions
from checker.check.conditions.rules import build_rule, compile_slots
from checker.check.fields import FieldSet, field_set
from checker.core.models import Rule, Workflow
from checker.core.rulebook import CompiledRule, Rulebook
from checker.errors import InputError
from checker.io.table import Aliases

IDENTITY = ("application_id", "company_name", "district")  # the summary and the notice read them
SUBMITTED_ON = "submitted_on"  # the 申报日期: each case's reference date when --as-of/--window give none
ROUND_CONDITIONS_NOTE = "本轮申报通知规定的申报条件（成立年限、营业收入、研发投入占比等）未核对：未提供本轮申报条件文件。"


@dataclass(frozen=True)
class TableColumns:
    """What one input file offers: its name, the fields found, its headers (for messages)."""

    name: str
    fields: frozenset[str]
    headers: tuple[str, ...]
    years_dropped: tuple[tuple[str, str], ...] = ()  # (header as written, field): read without the year before its name


@dataclass
class CheckPlan:
    workflow: Workflow
    rule_ids: tuple[str, ...]  # every rule a case gets, in report order (workflow's, then conditions')
    checked: tuple[str, ...]  # the workflow's rules that are checked
    not_checked: dict[str, str] = field(default_factory=dict)  # rule id -> why (one sentence)
    notes: list[str] = field(default_factory=list)  # the run's 未核对事项 added by this plan
    conditions: RoundConditions | None = None
    slots: ConditionSlots | None = None
    rules: dict[str, Rule] = field(default_factory=dict)  # condition rules by id (every condition)
    compiled_conditions: tuple[CompiledRule, ...] = ()
    # rules whose columns only some files of the batch lack: table name -> rule id -> why; they are
    # checked on the other files' rows (a district's file without 所在区市 leaves the others checked)
    by_file: dict[str, dict[str, str]] = field(default_factory=dict)
    partial_notes: int = 0  # of notes, those about one file's applications only

    def for_table(self, name: str) -> "CheckPlan":
        """The plan for the rows of one file: the rules its columns leave unchecked there only."""
        lacking = self.by_file.get(name)
        if not lacking:
            return self
        return dataclasses.replace(
            self, checked=tuple(r for r in self.checked if r not in lacking), not_checked={**self.not_checked, **lacking},
            compiled_conditions=tuple(c for c in self.compiled_conditions if c.rule.id not in lacking), by_file={})

    def not_checked_summary(self) -> list[dict]:
        partly: dict[str, list[str]] = {}
        for name, lacking in self.by_file.items():
            for rule_id in lacking:
                partly.setdefault(rule_id, []).append(name)
        return [*({"rule_id": rule_id, "reason": reason} for rule_id, reason in self.not_checked.items()),
                *({"rule_id": rule_id, "reason": self.by_file[files[0]][rule_id], "files": files} for rule_id, files in partly.items())]


def reader_aliases(book: Rulebook, conditions: RoundConditions | None) -> tuple[Aliases, dict[str, ConditionColumn]]:
    """The header lookup for reading applications: the contract's fields and the conditions' columns."""
    fields = field_set(book)
    if conditions is None:
        return fields.aliases, {}
    columns, extra = resolve(conditions, fields)
    return {**extra, **fields.aliases}, columns


def usable_workflow(book: Rulebook, workflow_id: str) -> Workflow:
    if workflow_id not in book.workflows and str(workflow_id or "").strip():
        # an unknown id: the hint lists the workflows check can run (the recommendation rounds are audited only)
        checkable = ", ".join(sorted(w.id for w in book.workflows.values()
                                     if not w.excluded and (w.check_rules or w.conditions_citation is not None)))
        meant = book.workflow_meant(workflow_id)
        raise InputError(f"未知的流程「{workflow_id}」{f'（是否为 {meant}？）' if meant else ''}；可审核申报的流程：{checkable}")
    workflow = book.workflow(workflow_id)
    if workflow.excluded:
        raise InputError(f"{workflow_id} 不在申报审核范围：{workflow.excluded}")
    if not workflow.check_rules and workflow.conditions_citation is None:
        raise InputError(f"流程 {workflow_id} 没有申报审核规则；其轮次请用 fundcheck audit 审计")
    return workflow


def refuse_conditions(workflow: Workflow, conditions: RoundConditions | None) -> None:
    """A workflow whose conditions the duty list sets (W-04, the handling ledgers) takes no round's."""
    if conditions is not None and workflow.conditions_citation is None:
        raise InputError(f"{workflow.id} 的受理条件由履职清单规定、不按轮次通知确定，不接受 --conditions。")


def plan_check(book: Rulebook, workflow_id: str, tables: list[TableColumns], conditions: RoundConditions | None = None,
               columns: dict[str, ConditionColumn] | None = None, *, reference_given: bool = True) -> CheckPlan:
    """The rules (and round conditions) a batch is checked with. ``reference_given``: --as-of or
    --window gave a reference date (else each case's 申报日期 is its reference date)."""
    workflow = usable_workflow(book, workflow_id)
    refuse_conditions(workflow, conditions)
    if conditions is None and not workflow.check_rules:
        # a workflow whose only conditions are the round's (W-22: 省里确定的推荐条件)
        raise InputError(f"流程 {workflow_id} 的推荐条件由上级通知确定，须用 --conditions 给出条件文件。")
    fields = field_set(book)
    rules = [book.rules[rule_id] for rule_id in workflow.check_rules]
    # a handling ledger's 事项 is filled from the workflow when absent; W-04's ledger rules are
    # checked only where the input is a ledger (their columns present)
    optional = frozenset(workflow.profile.get("ledger_rules") or ())
    required = [r for rule in rules if rule.severity == "blocking" and rule.id not in optional for r in rule.reads if r != "item"]
    _require(["application_id", *required], tables, fields, workflow_id)
    plan = CheckPlan(workflow, tuple(workflow.check_rules), ())
    absent = _absent_by_rule([(rule.id, rule.title.zh, [r for r in rule.reads if r != "item"]) for rule in rules
                              if rule.severity != "blocking" or rule.id in optional], tables, fields)
    partly = _split_partial(absent, tables)
    plan.checked = tuple(rule.id for rule in rules if rule.id not in absent)
    undated: set[str] = set()
    if conditions is not None:
        undated = _plan_conditions(book, plan, conditions, columns or {}, tables, absent, partly, reference_given)
    elif workflow.conditions_citation is not None:
        plan.notes.append(ROUND_CONDITIONS_NOTE)
    # a handling ledger (受理台账) is the office's table, not the districts' 申报表
    ledger = bool(workflow.profile.get("ledger")) or any("item" in t.fields for t in tables)
    _note_years_dropped(plan, tables, fields)
    _note_absent(plan, absent, tables, "台账" if ledger else "申报表")
    _note_partly(plan, partly, tables, "台账" if ledger else "申报表")
    for rule_id in undated:  # the column is not all it lacks: a reference date would do as well
        plan.not_checked[rule_id] = ("申报表中没有“申报日期”列，核对时也未用 --as-of 或 --window 指定参考日期，"
                                     "无法计算年限，本项未核对（整批）。")
    return plan


def _note_years_dropped(plan: CheckPlan, tables: list[TableColumns], fields) -> None:
    """A column read once the year before its name was dropped (2020年度设备投入（万元））: which year's
    figure the round asks for is the notice's, not the reader's, so the run names the column read."""
    for table in tables:
        for header, name in table.years_dropped:
            # a round condition's own column (列:营业收入) is named by its 列名 as the reviewer wrote it
            label = fields.by_name[name].label if name in fields.by_name else name.removeprefix("列:")
            plan.notes.append(f"{table.name} 的列“{header}”按“{label}”读取（列名中的年份未核对：请确认该列是本轮通知所指年度的数据）。")


def _plan_conditions(book: Rulebook, plan: CheckPlan, conditions: RoundConditions, columns: dict[str, ConditionColumn],
                     tables: list[TableColumns], absent: dict, partly: dict, reference_given: bool = True) -> set[str]:
    """Plan the round's conditions; returns the 年限 conditions not checked for want of a reference date."""
    # a 年限 is counted to the reference date: without --as-of/--window, each row's 申报日期; a table
    # without that column gives no row a date (every case would need review, every applicant asked for it)
    undated = [] if reference_given else [t for t in tables if SUBMITTED_ON not in t.fields]
    not_dated: set[str] = set()
    for condition in conditions.conditions:
        column = columns[condition.rule_id]
        lacking = [t for t in tables if column.field not in t.fields]
        if lacking and condition.severity == "blocking":
            table = lacking[0]
            raise InputError(
                f"{conditions.file} {condition.where}（条件编号 {condition.number}，否决项）读取的列“{'、'.join(condition.headers)}”"
                f"在 {table.name} 中不存在；找到的列：{'、'.join(table.headers) or '（无）'}。"
            )
        if lacking and len(lacking) < len(tables):
            partly[condition.rule_id] = (condition.wording, [column.label], [t.name for t in lacking])
        elif lacking:
            absent[condition.rule_id] = (condition.wording, [column.label], [t.name for t in lacking])
        elif condition.ctype == "years" and undated:
            if condition.severity == "blocking":
                raise InputError(
                    f"{conditions.file} {condition.where}（条件编号 {condition.number}，否决项）按年限计算到参考日期，而 {undated[0].name} "
                    "中没有“申报日期”列，也未用 --as-of 或 --window 指定参考日期；请加 --as-of（或 --window），或在该表中加“申报日期”列并逐件填写。")
            # a review or advisory one is not checked only when no file gives any row a date (where
            # another file does, its rows are checked and the others' asked for their 申报日期)
            if len(undated) == len(tables):
                absent[condition.rule_id] = (condition.wording, [book.vocabulary.fields[SUBMITTED_ON].label], [t.name for t in undated])
                not_dated.add(condition.rule_id)
    checked = [c.rule_id for c in conditions.conditions if c.rule_id not in absent]
    slots = make_slots(conditions, columns, checked)
    keys = {slot.condition.rule_id: slot for slot in slots.slots}
    for condition in conditions.conditions:
        slot = keys.get(condition.rule_id)
        rule = build_rule(condition, conditions, plan.workflow, slot.index if slot else 0)
        if slot is not None and slot.value_key != rule.reads[0]:
            rule = rule.model_copy(update={"reads": [slot.value_key]})
        plan.rules[condition.rule_id] = rule
    plan.conditions, plan.slots = conditions, slots
    plan.rule_ids = (*plan.rule_ids, *(c.rule_id for c in conditions.conditions))
    plan.compiled_conditions = compile_slots(book, [plan.rules[s.condition.rule_id] for s in slots.slots])
    return not_dated


class MissingColumns(InputError):
    """A table lacks columns its workflow cannot be checked without (``table``: its name,
    ``labels``: the columns in words)."""

    def __init__(self, message: str, table: str, labels: list[str], workflow_id: str | None = None):
        super().__init__(message)
        self.table, self.labels, self.workflow_id = table, labels, workflow_id


def _require(names: list[str], tables: list[TableColumns], fields: FieldSet, workflow_id: str) -> None:
    wanted = list(dict.fromkeys(names))
    for table in tables:
        missing = [name for name in wanted if name not in table.fields]
        if missing:
            labels = "、".join(fields.label(n) for n in missing)  # the words of the header, never the field's internal name
            found = "、".join(table.headers) or "（无）"
            raise MissingColumns(f"{table.name} 缺少 {workflow_id} 必需的列：{labels}；表中的列：{found}",
                                 table.name, [fields.label(n) for n in missing], workflow_id)


def _absent_by_rule(rules: list[tuple[str, str, list[str]]], tables: list[TableColumns], fields: FieldSet) -> dict:
    """rule id -> (title, labels of the columns absent, files lacking them), for rules that read a
    column some input file lacks."""
    absent = {}
    for rule_id, title, reads in rules:
        lacking = [name for name in reads if any(name not in t.fields for t in tables)]
        if lacking:
            files = [t.name for t in tables if any(name not in t.fields for name in lacking)]
            absent[rule_id] = (title, [fields.label(n) for n in lacking], files)
    return absent


def _split_partial(absent: dict, tables: list[TableColumns]) -> dict:
    """Take out of ``absent`` the rules whose columns only some files lack (returned): they are
    checked on the rows of the files that have them."""
    partly = {rule_id: found for rule_id, found in absent.items() if len(found[2]) < len(tables)}
    for rule_id in partly:
        del absent[rule_id]
    return partly


def _note_partly(plan: CheckPlan, partly: dict, tables: list[TableColumns], table_word: str = "申报表") -> None:
    """Rules not checked on one file's rows only: each of those rows says so, and 未核对事项 names the files."""
    grouped: dict[tuple, list[str]] = {}
    for rule_id, (title, labels, files) in partly.items():
        columns = "、".join(f"“{label}”" for label in labels)
        for name in files:
            plan.by_file.setdefault(name, {})[rule_id] = f"{name} 中没有{columns}列，本项未核对（该文件的申报均未核对，其他文件的申报已核对）。"
        grouped.setdefault((columns, "、".join(files)), []).append(f"“{title}”")
    for (columns, files), titles in grouped.items():
        plan.notes.append(f"{files} 中没有{columns}列：该文件各件申报的{'、'.join(titles)}未核对（其他文件的申报已核对）。")
        plan.partial_notes += 1


def _note_absent(plan: CheckPlan, absent: dict, tables: list[TableColumns], table_word: str = "申报表") -> None:
    """One sentence per rule in the cases, one per set of absent columns in 未核对事项."""
    grouped: dict[tuple, list[str]] = {}
    for rule_id, (title, labels, files) in absent.items():
        where = f"（{'、'.join(files)}）" if len(tables) > 1 else ""
        columns = "、".join(f"“{label}”" for label in labels)
        plan.not_checked[rule_id] = f"{table_word}{where}中没有{columns}列，本项未核对（整批）。"
        grouped.setdefault((columns, where), []).append(f"“{title}”")
    for (columns, where), titles in grouped.items():
        plan.notes.append(f"{table_word}{where}中没有{columns}列：{'、'.join(titles)}未核对。")
