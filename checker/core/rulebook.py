"""Load, validate and compile the rulebook (``rules/``, installed as package ``fundcheck_rules``).

Loading validates every rule and workflow file with pydantic (unknown keys rejected) and checks the
cross-references: rule ids unique and equal to their file names, every workflow rule exists, every
condition names a fact of the vocabulary with the right type and one of its words, every ``reads``
entry names a field or step, every fixture's base record exists. Compiling a workflow resolves each
dated parameter on a reference date and yields, per rule, the branch conditions in both engine forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

import fundcheck_rules

from checker import __version__
from checker.core.conditions import Compiler, Predicate, RulebookError
from checker.core.models import Rule, Workflow
from checker.core.text import nfkc
from checker.core import cache
from checker.core.sources import SOURCES_FILE, SourceTable, SourcesError, installed_sources_path, load_sources
from checker.core.values import format_decimal
from checker.core.yamlfile import load_yaml
from checker.core.vocabulary import Vocabulary, VocabularyError, load_vocabulary
from checker.errors import InputError

WORKFLOW_DIR = "workflows"
CASES_DIR = "cases"
FACTS_DIR = "facts"
VOCABULARY_FILES = ("fields.yaml", "steps.yaml", SOURCES_FILE, "regions.yaml")
# Round rules read steps (流程节点.<step>) or whole sheets of the round record (contract: Round record).
ROUND_SHEETS = ("轮次", "专家抽取", "公示", "归档", "诊断服务")
ROUND_BASES = Path(CASES_DIR) / "rounds"


def default_rules_dir() -> Path:
    """The installed rulebook (works from any folder after a plain ``pip install .``)."""
    return Path(fundcheck_rules.__file__).parent


@dataclass(frozen=True)
class Rulebook:
    rules: dict[str, Rule]
    workflows: dict[str, Workflow]
    version: str  # package version + content hash of every rulebook file
    directory: Path
    vocabulary: Vocabulary
    bases: dict[str, dict]  # named base round records for fixtures (rules/cases/rounds/<name>.yaml)
    workflow_versions: dict[str, str]  # package version + hash of the files one workflow depends on
    sources: SourceTable  # the cited documents' titles and items (rules/sources.yaml)

    def workflow(self, workflow_id: str) -> Workflow:
        if workflow_id not in self.workflows:
            known = ", ".join(sorted(self.workflows))
            if not str(workflow_id or "").strip():
                raise InputError(f"未给出流程编号；可用的流程：{known}")
            meant = self.workflow_meant(workflow_id)
            hint = f"（是否为 {meant}？）" if meant else ""
            raise InputError(f"未知的流程「{workflow_id}」{hint}；可用的流程：{known}")
        return self.workflows[workflow_id]

    def workflow_meant(self, written: str) -> str | None:
        """The workflow id a mistyped one stands for (W12, w-12, Ｗ－１２, W-012: W-12), if exactly one."""
        found = re.fullmatch(r"([A-Z])-?0*(\d+)", nfkc(str(written)).upper())
        if found is None:
            return None
        candidate = f"{found[1]}-{int(found[2]):02d}"
        return candidate if candidate in self.workflows and candidate != written else None

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in self.rules:
            written = nfkc(str(rule_id)).strip().upper()
            if written.startswith("INP-"):  # listed in 问题明细 beside the rules: not a rule of the rulebook
                raise InputError(f"「{rule_id}」是申报数据本身的问题（单元格无法读取、编号重复等）的编号，不是规则库中的规则；"
                                 "其内容见该件报告中的说明。")
            if written.startswith("COND-"):
                raise InputError(f"「{rule_id}」是本轮申报条件文件中的条件，不是规则库中的规则；"
                                 "用 fundcheck conditions check 申报条件文件 列出各条件。")
            meant = self.rule_meant(rule_id)
            hint = f"（是否为 {meant}？）" if meant else ""
            raise InputError(f"未知的规则「{rule_id}」{hint}；fundcheck rules list 列出全部规则")
        return self.rules[rule_id]

    def rule_meant(self, written: str) -> str | None:
        """The rule id a differently written one stands for (elig-region, ＥＬＩＧ－ＲＥＧＩＯＮ: ELIG-REGION)."""
        candidate = re.sub(r"\s+", "", nfkc(str(written))).upper()
        return candidate if candidate in self.rules and candidate != written else None

    def version_of(self, workflow_id: str) -> str:
        """The version of the rules one workflow applies: editing a rule changes the version of
        the workflows that use it only, so only their example reports are regenerated."""
        return self.workflow_versions.get(workflow_id, self.version)

    def fact_types(self, kind: str) -> dict[str, Any]:
        return self.vocabulary.fact_types(kind)


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
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


def _is_rule_file(path: Path, directory: Path) -> bool:
    top = path.relative_to(directory).parts[0]
    return top not in (WORKFLOW_DIR, CASES_DIR, FACTS_DIR) and path.name not in VOCABULARY_FILES


def _digest(paths: list[Path], directory: Path, read: dict[Path, bytes]) -> str:
    """The files' digest; ``read`` keeps each file's bytes, as every workflow's version digests
    the shared files again."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path not in read:
            read[path] = path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes()
        digest.update(read[path])
    return digest.hexdigest()[:12]


@lru_cache(maxsize=8)
def _load_rulebook(directory: Path) -> Rulebook:
    """The rulebook from the cache (checker/core/cache.py) when its files are unchanged, else read."""
    try:
        key = _cache_key(directory)
    except OSError:  # a file that cannot be read: reading the rulebook says which, and why
        key = None
    book = cache.load(CACHE_KIND, key) if key else None
    if isinstance(book, Rulebook) and book.directory == directory:
        return cache.intern_strings(book)
    book = _read_rulebook(directory)
    if key and _unchanged(directory, key):  # a file saved meanwhile: the book is not the key's files
        cache.store(CACHE_KIND, key, book)
    return book


def _unchanged(directory: Path, key: str) -> bool:
    try:
        return _cache_key(directory) == key
    except OSError:
        return False


CACHE_KIND = "rulebook"


def _cache_key(directory: Path) -> str:
    """Everything a rulebook is read from: its folder, every YAML file in it and, for a folder
    without its own sources.yaml, the installed one (_load_sources). facts/ and cases/rounds/ are
    read by their own globs, which go through a linked folder where rglob does not: theirs too."""
    files = sorted({*directory.rglob("*.yaml"), *(directory / FACTS_DIR).glob("*.yaml"),
                    *(directory / ROUND_BASES).glob("*.yaml")})
    digest = cache.content_digest(files, directory)
    sources = digest if (directory / SOURCES_FILE).exists() else cache.content_digest([installed_sources_path()], installed_sources_path().parent)
    return cache.entry_key(str(directory), digest, sources, __version__)


def _read_rulebook(directory: Path) -> Rulebook:
    try:
        vocabulary = load_vocabulary(directory)
    except VocabularyError as error:
        raise RulebookError(str(error)) from error
    rules: dict[str, Rule] = {}
    rule_files: dict[str, Path] = {}
    workflows: dict[str, Workflow] = {}
    workflow_files: dict[str, Path] = {}
    yaml_files = sorted(directory.rglob("*.yaml"))
    for path in yaml_files:
        if path.parent.name == WORKFLOW_DIR:
            workflow = _validated(Workflow, path)
            _expect_name(path, workflow.id)
            workflows[workflow.id] = workflow
            workflow_files[workflow.id] = path
        elif _is_rule_file(path, directory):
            rule = _validated(Rule, path)
            _expect_name(path, rule.id)
            if rule.id in rules:
                raise RulebookError(f"{path}: duplicate rule id {rule.id}")
            rules[rule.id] = rule
            rule_files[rule.id] = path
    bases = _load_bases(directory / ROUND_BASES)
    sources = _load_sources(directory)
    for workflow in workflows.values():
        for rule_id in [*workflow.check_rules, *workflow.audit_rules]:
            if rule_id not in rules:
                raise RulebookError(f"workflow {workflow.id} lists unknown rule {rule_id}")
    for rule_id, rule in rules.items():
        _check_rule(rule, rule_files[rule_id], vocabulary, bases)
        _check_sources(rule.citation, rule_files[rule_id], sources)
    for workflow_id, workflow in workflows.items():
        _check_sources([*workflow.citation, *filter(None, [workflow.conditions_citation])],
                       workflow_files[workflow_id], sources)
    shared = [*vocabulary.files, *(directory / ROUND_BASES).glob("*.yaml")]
    read: dict[Path, bytes] = {}
    versions = {
        wid: f"{__version__}+{_digest([workflow_files[wid], *shared, *(rule_files[r] for r in {*w.check_rules, *w.audit_rules})], directory, read)}"
        for wid, w in workflows.items()
    }
    version = f"{__version__}+{_digest(yaml_files, directory, read)}"
    return Rulebook(rules, workflows, version, directory, vocabulary, bases, versions, sources)


def _load_sources(directory: Path) -> SourceTable:
    """The rulebook's own sources.yaml, else the installed one (a custom rulebook cites the same seeds)."""
    path = directory / SOURCES_FILE
    try:
        return load_sources(path if path.exists() else None)
    except SourcesError as error:
        raise RulebookError(str(error)) from error


def _check_sources(citations: list, path: Path, sources: SourceTable) -> None:
    """Rules and workflows cite only documents the reports can name for people."""
    for citation in citations:
        if citation.source not in sources.documents:
            raise RulebookError(f"{path}: cites {citation.source!r}, which rules/{SOURCES_FILE} does not list")


def _load_bases(folder: Path) -> dict[str, dict]:
    bases = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read_yaml(path)
        if not isinstance(data, dict):
            raise RulebookError(f"{path}: a base round record is an object keyed by sheet names")
        bases[path.stem] = data
    return bases


def _expect_name(path: Path, identifier: str) -> None:
    if path.stem != identifier:
        raise RulebookError(f"{path}: file name must be {identifier}.yaml")


def _check_rule(rule: Rule, path: Path, vocabulary: Vocabulary, bases: dict[str, dict]) -> None:
    """Everything a rule names must exist: facts and words (by compiling it), reads, bases."""
    try:
        compile_rule(rule, _earliest_date(rule), vocabulary.fact_types(rule.kind))
    except RulebookError as error:
        raise RulebookError(f"{path}: {error}") from error
    for read in rule.reads:
        if not _known_read(rule.kind, read, vocabulary):
            raise RulebookError(f"{path}: reads {read!r}, which is not a field or step of the vocabulary")
    for fixture in rule.fixtures:
        if rule.kind == "application" and fixture.input is None:
            raise RulebookError(f"{path}: application fixture {fixture.name} gives its record in input")
        if fixture.base is not None and fixture.base not in bases:
            raise RulebookError(f"{path}: fixture {fixture.name} names base record {fixture.base!r}, not in {ROUND_BASES}")


def _known_read(kind: str, read: str, vocabulary: Vocabulary) -> bool:
    if kind == "application":
        return read in vocabulary.fields
    sheet, _, item = read.partition(".")
    if sheet == "流程节点":
        return item in vocabulary.steps or item == "*"  # 流程节点.*: the steps of the round's workflow
    return sheet in ROUND_SHEETS


def _earliest_date(rule: Rule) -> dt.date:
    dates = [v.effective_from for p in rule.parameters.values() for v in p.values]
    return min(dates) if dates else dt.date(2000, 1, 1)


# --- compilation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledBranch:
    outcome: str
    durable: dict
    python: Predicate
    message: str
    remedy: str | None
    grade: str | None = None  # the branch's own grade for a fail (models.Branch.grade)
    subject: str | None = None  # whose gap this outcome is, where it differs from the rule's (models.Branch.subject)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    branches: tuple[CompiledBranch, ...]
    parameters_used: dict[str, str]  # name -> value in force, as text (for reports)
    parameter_dates: dict[str, str]  # name -> effective_from of that value
    facts_read: frozenset[str]
    parameter_values: dict[str, Any]  # name -> value in force, as written in the rule file
    severity: str = "review"  # the rule's severity on the date compiled for (fixed, or from its grade parameter)


def compile_rule(rule: Rule, on: dt.date, fact_types: dict[str, Any]) -> CompiledRule:
    compiler = Compiler(rule.id, fact_types, rule.parameters, on)
    branches = tuple(
        CompiledBranch(
            outcome=branch.outcome,
            durable=compiler.durable(branch.when),
            python=compiler.python(branch.when),
            message=branch.message,
            remedy=branch.remedy,
            grade=branch.grade,
            subject=branch.subject,
        )
        for branch in rule.branches
    )
    in_force = {name: p.value_on(on) for name, p in rule.parameters.items()}
    return CompiledRule(
        rule,
        branches,
        {name: _param_text(value.value) for name, value in in_force.items()},
        {name: value.effective_from.isoformat() for name, value in in_force.items()},
        frozenset(compiler.facts_read),
        {name: value.value for name, value in in_force.items()},
        rule.severity_on(on),
    )


def _param_text(value: object) -> str:
    """A parameter as reports show it: numbers without trailing zeros, yes/no in Chinese."""
    if value is None:
        return "未设置"
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
    key: str = ""  # equal for equal rules and parameter values: one durable-rules ruleset each

    @property
    def facts_read(self) -> frozenset[str]:
        return frozenset().union(*(rule.facts_read for rule in self.rules))


def parameter_signature(book: Rulebook, rule_ids: tuple[str, ...], on: dt.date) -> tuple:
    """Which value of each dated parameter is in force on ``on``: two dates with the same
    signature compile to the same rules, so compilation is cached by it, not by date."""
    return tuple(
        (rule_id, name, parameter.value_on(on).effective_from)
        for rule_id in rule_ids
        for name, parameter in book.rules[rule_id].parameters.items()
    )


def compile_workflow(book: Rulebook, workflow: Workflow, rule_ids: list[str], on: dt.date,
                     extra: tuple[CompiledRule, ...] = ()) -> CompiledWorkflow:
    """The workflow's rules in force on ``on``, then ``extra`` rules compiled by the caller (a
    round's conditions, whose values reach the engine as facts)."""
    compiled = tuple(compile_rule(book.rules[rule_id], on, book.fact_types(book.rules[rule_id].kind)) for rule_id in rule_ids)
    rules = (*compiled, *extra)
    return CompiledWorkflow(workflow=workflow, rules=rules, on=on, key=shape_key(rules))


def shape_key(rules: tuple[CompiledRule, ...]) -> str:
    """Equal for rules that compile to the same engine conditions, whatever their ids, messages or
    files: durable-rules cannot unregister a ruleset and leaks one per definition, so rulesets are
    shared by shape (a conditions file with other values but the same comparisons reuses one)."""
    shapes = [[branch.durable for branch in rule.branches] for rule in rules]
    return hashlib.sha256(json.dumps(shapes, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
