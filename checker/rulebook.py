"""Load, validate and compile the rulebook (``rules/``, installed as package ``fundcheck_rules``).

Loading validates every rule and workflow file with pydantic (unknown keys rejected) and checks the
cross-references: rule ids unique and equal to their file names, every workflow rule exists,
every condition names a known fact of the right type. Compiling a workflow for a reference date
resolves each dated parameter and yields, per rule, the branch conditions in both engine forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from checker import __version__
from checker.conditions import Compiler, Predicate, RulebookError
from checker.errors import InputError
from checker.models import Rule, Workflow
from checker.parse import format_decimal

WORKFLOW_DIR = "workflows"


def default_rules_dir() -> Path:
    """The installed rulebook (works from any folder after a plain ``pip install .``)."""
    import fundcheck_rules

    return Path(fundcheck_rules.__file__).parent


@dataclass(frozen=True)
class Rulebook:
    rules: dict[str, Rule]
    workflows: dict[str, Workflow]
    version: str  # package version + content hash of every rule and workflow file
    directory: Path

    def workflow(self, workflow_id: str) -> Workflow:
        if workflow_id not in self.workflows:
            known = ", ".join(sorted(self.workflows))
            raise InputError(f"unknown workflow {workflow_id!r}; known workflows: {known}")
        return self.workflows[workflow_id]

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in self.rules:
            raise InputError(f"unknown rule {rule_id!r}; `fundcheck rules list` shows the catalogue")
        return self.rules[rule_id]


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster, same safety


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        raise RulebookError(f"{path}: not valid YAML: {error}") from error


def _validated(model, path: Path):
    try:
        return model.model_validate(_read_yaml(path))
    except ValidationError as error:
        raise RulebookError(f"{path}: {error}") from error


def load_rulebook(directory: Path | None = None) -> Rulebook:
    """Read and validate every rule and workflow file under ``directory`` (default: installed)."""
    return _load_rulebook(Path(directory or default_rules_dir()).resolve())


@lru_cache(maxsize=8)
def _load_rulebook(directory: Path) -> Rulebook:
    digest = hashlib.sha256()
    rules: dict[str, Rule] = {}
    workflows: dict[str, Workflow] = {}
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
        if path.parent.name == WORKFLOW_DIR:
            workflow = _validated(Workflow, path)
            _expect_name(path, workflow.id)
            workflows[workflow.id] = workflow
        else:
            rule = _validated(Rule, path)
            _expect_name(path, rule.id)
            if rule.id in rules:
                raise RulebookError(f"{path}: duplicate rule id {rule.id}")
            rules[rule.id] = rule
    for workflow in workflows.values():
        for rule_id in [*workflow.check_rules, *workflow.audit_rules]:
            if rule_id not in rules:
                raise RulebookError(f"workflow {workflow.id} lists unknown rule {rule_id}")
    version = f"{__version__}+{digest.hexdigest()[:12]}"
    book = Rulebook(rules=rules, workflows=workflows, version=version, directory=directory)
    for rule in rules.values():  # every condition must compile against its fact schema
        compile_rule(rule, _earliest_date(rule))
    return book


def _expect_name(path: Path, identifier: str) -> None:
    if path.stem != identifier:
        raise RulebookError(f"{path}: file name must be {identifier}.yaml")


def _earliest_date(rule: Rule) -> dt.date:
    dates = [v.effective_from for p in rule.parameters.values() for v in p.values]
    return min(dates) if dates else dt.date(2000, 1, 1)


def fact_types(kind: str) -> dict[str, type]:
    """The typed fact schema a rule of this kind is evaluated against."""
    if kind == "application":
        from checker.facts import APPLICATION_FACT_TYPES

        return APPLICATION_FACT_TYPES
    from checker.audit.facts import ROUND_FACT_TYPES  # round audits (issue 4)

    return ROUND_FACT_TYPES


# --- compilation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledBranch:
    outcome: str
    durable: dict
    python: Predicate
    message: str
    remedy: str | None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    branches: tuple[CompiledBranch, ...]
    parameters_used: dict[str, str]  # name -> value in force, as text (for reports)
    parameter_dates: dict[str, str]  # name -> effective_from of that value
    facts_read: frozenset[str]


def compile_rule(rule: Rule, on: dt.date) -> CompiledRule:
    compiler = Compiler(rule.id, fact_types(rule.kind), rule.parameters, on)
    branches = tuple(
        CompiledBranch(
            outcome=branch.outcome,
            durable=compiler.durable(branch.when),
            python=compiler.python(branch.when),
            message=branch.message,
            remedy=branch.remedy,
        )
        for branch in rule.branches
    )
    used = {name: _param_text(p.value_on(on).value) for name, p in rule.parameters.items()}
    dates = {name: p.value_on(on).effective_from.isoformat() for name, p in rule.parameters.items()}
    return CompiledRule(rule, branches, used, dates, frozenset(compiler.facts_read))


def _param_text(value: object) -> str:
    """A parameter as reports show it: numbers without trailing zeros, yes/no in Chinese."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        try:
            return format_decimal(Decimal(value))
        except ArithmeticError:  # a text parameter (a code, a name)
            return value
    return str(value)


@dataclass
class CompiledWorkflow:
    """The rules of one workflow with the parameters in force on one reference date."""

    workflow: Workflow
    rules: tuple[CompiledRule, ...]
    on: dt.date
    key: str = field(default="")

    @property
    def facts_read(self) -> frozenset[str]:
        return frozenset().union(*(rule.facts_read for rule in self.rules))


def compile_workflow(book: Rulebook, workflow: Workflow, rule_ids: list[str], on: dt.date) -> CompiledWorkflow:
    compiled = tuple(compile_rule(book.rules[rule_id], on) for rule_id in rule_ids)
    # Rulesets with the same parameter values share a key, hence one durable ruleset.
    key_source = repr([(c.rule.id, c.rule.version, sorted(c.parameters_used.items())) for c in compiled])
    key = hashlib.sha256(f"{book.version}|{workflow.id}|{key_source}".encode()).hexdigest()[:16]
    return CompiledWorkflow(workflow=workflow, rules=compiled, on=on, key=key)
