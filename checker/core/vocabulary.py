"""The vocabulary rules are written in, read from data: fields, steps and facts.

- ``rules/fields.yaml``: the application contract's fields (label, kind, accepted headers, unit);
  amount, date and yes/no fields give their facts from their kind, without any Python.
- ``rules/steps.yaml``: round-record step names; every step gives ``<key>_state`` and ``<key>_date``.
- ``rules/facts/<kind>.yaml``: the facts judged in Python, each with its type (an integer or a closed
  set of words) and one sentence saying what it means.

The rulebook loader checks every condition against this vocabulary, so a typo in a fact name or in
a word (``eq: lat``) is refused when the rulebook loads, naming the rule file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.core.yamlfile import load_yaml
from checker.core.values import COUNT_FORM, DATE_FORM, NUMBER_FORM, USCC_FORM, YES_NO_FORM

FieldKind = Literal["text", "amount", "date", "yesno", "uscc", "count"]
STATE_WORDS = ("ok", "absent", "unreadable")
ANSWER_WORDS = ("yes", "no", "absent", "unreadable")
PRESENCE_WORDS = ("present", "absent", "unreadable")
STEP_STATE_WORDS = ("dated", "undated", "unreadable", "absent")
KIND_FORM = {"amount": NUMBER_FORM, "date": DATE_FORM, "yesno": YES_NO_FORM, "uscc": USCC_FORM, "text": "文本", "count": COUNT_FORM}
FactType = Union[type, tuple]  # int, or the closed tuple of a text fact's words


class VocabularyError(ValueError):
    """A vocabulary file that does not load (bad YAML, unknown key, duplicate name...)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Header(_Strict):
    header: str
    unit: Literal["万元", "元"] | None = None


class _FieldEntry(_Strict):
    label: str = Field(min_length=1)
    kind: FieldKind
    headers: list[Union[str, _Header]] = Field(min_length=1)
    facts: str | None = None
    form: str | None = None
    # an amount typed as a bare number above this many 万元 in a 万元 column (990000: a 元 figure?) is
    # asked about and not read (INP-UNIT); None: never
    implausible_above_wan: float | None = Field(default=None, gt=0)
    # the workflows whose applications it applies to (a 技改 project of 60 亿元 is implausible, a
    # supervised industrial project or a 外资 project of that size is not); empty: every workflow
    implausible_in: list[str] = Field(default_factory=list)


class _StepEntry(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    says: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)  # other names the seeds give the same step
    repeats: bool = False  # may be recorded several times in one stage (one row per district…)


class _FactEntry(_Strict):
    type: Literal["words", "integer"] = "words"
    words: list[str] = Field(default_factory=list)
    unit: str | None = None
    says: str = Field(min_length=1)


@dataclass(frozen=True)
class Column:
    """One accepted header for a field, with the unit its numbers are in (money only)."""

    header: str
    unit: str | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # the Chinese name reviewers know
    kind: str  # text | amount | date | yesno | uscc | count (a whole number: 次数, 份数, 排序)
    columns: tuple[Column, ...]
    form: str  # the documented form, cited by INP- findings
    facts: str | None  # prefix of the facts the field gives by its kind (None: none)
    implausible_above_wan: str | None = None  # see rules/fields.yaml (text: read as an exact Decimal)
    implausible_in: tuple[str, ...] = ()  # the workflows it applies to (empty: all)

    @property
    def unit(self) -> str | None:
        return self.columns[0].unit

    def derived_facts(self) -> dict[str, FactType]:
        """The facts this field gives by its kind (see rules/fields.yaml)."""
        prefix = self.facts
        if prefix is None:
            return {}
        if self.kind == "amount":
            return {f"{prefix}_state": STATE_WORDS, f"{prefix}_fen": int}
        if self.kind == "date":
            return {f"{prefix}_state": STATE_WORDS, f"{prefix}_on": int}
        if self.kind == "yesno":
            return {prefix: ANSWER_WORDS}
        if self.kind == "text":
            return {prefix: PRESENCE_WORDS}
        if self.kind == "count":
            return {f"{prefix}_state": STATE_WORDS, f"{prefix}_n": int}
        return {}


@dataclass(frozen=True)
class StepSpec:
    name: str  # as in the seeds and the round record (节点)
    key: str  # fact key
    says: str
    aliases: tuple[str, ...] = ()
    repeats: bool = False


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: FactType
    says: str
    unit: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    fields: dict[str, FieldSpec]
    steps: dict[str, StepSpec]  # by step name
    facts: dict[str, dict[str, FactSpec]]  # rule kind -> fact name -> spec (derived facts included)
    files: tuple[Path, ...]  # the files read (their content is part of every rulebook version)

    def fact_types(self, kind: str) -> dict[str, FactType]:
        return {name: spec.type for name, spec in self.facts.get(kind, {}).items()}

    @property
    def step_keys(self) -> dict[str, str]:
        """Step name → fact key: every step's name first (the canonical names, in file order),
        then the other names the seeds give some steps (e.g. 初步分配方案 for 分配方案)."""
        keys = {name: spec.key for name, spec in self.steps.items()}
        for spec in self.steps.values():
            for alias in spec.aliases:
                keys.setdefault(alias, spec.key)
        return keys

    @property
    def repeating_steps(self) -> frozenset[str]:
        """Keys of the steps a stage may hold several rows of (the others once: a second row is a finding)."""
        return frozenset(spec.key for spec in self.steps.values() if spec.repeats)


def _load(path: Path, model) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: not readable YAML: {error}") from error
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: must map names to entries")
    entries = {}
    for name, entry in data.items():
        try:
            entries[str(name)] = model.model_validate(entry)
        except ValidationError as error:
            raise VocabularyError(f"{path}: entry {name}: {error}") from error
    return entries


def _field(name: str, entry: _FieldEntry) -> FieldSpec:
    columns = tuple(Column(h) if isinstance(h, str) else Column(h.header, h.unit) for h in entry.headers)
    if entry.kind == "amount" and any(c.unit is None for c in columns):
        raise VocabularyError(f"fields.yaml: {name}: every header of an amount field names its unit (万元 or 元)")
    default_prefix = name if entry.kind in ("amount", "date", "yesno", "count") else None
    if entry.implausible_above_wan is not None and entry.kind != "amount":
        raise VocabularyError(f"fields.yaml: {name}: implausible_above_wan is for amount fields")
    limit = entry.implausible_above_wan
    above = None if limit is None else (str(int(limit)) if float(limit).is_integer() else str(limit))
    if entry.implausible_in and entry.implausible_above_wan is None:
        raise VocabularyError(f"fields.yaml: {name}: implausible_in without implausible_above_wan")
    return FieldSpec(name, entry.label, entry.kind, columns, entry.form or KIND_FORM[entry.kind], entry.facts or default_prefix, above,
                     tuple(entry.implausible_in))


def _facts(path: Path) -> dict[str, FactSpec]:
    specs = {}
    for name, entry in _load(path, _FactEntry).items():
        if entry.type == "words" and not entry.words:
            raise VocabularyError(f"{path}: fact {name}: a words fact lists its words")
        kind = int if entry.type == "integer" else tuple(entry.words)
        specs[name] = FactSpec(name, kind, entry.says, entry.unit)
    return specs


def _add(target: dict[str, FactSpec], name: str, spec: FactSpec, where: str) -> None:
    if name in target:
        raise VocabularyError(f"fact {name} is declared twice ({where})")
    target[name] = spec


def load_vocabulary(directory: Path) -> Vocabulary:
    """Read fields.yaml, steps.yaml and facts/*.yaml under the rulebook folder."""
    fields_path, steps_path = directory / "fields.yaml", directory / "steps.yaml"
    fields = {name: _field(name, entry) for name, entry in _load(fields_path, _FieldEntry).items()} if fields_path.exists() else {}
    steps = {name: StepSpec(name, e.key, e.says, tuple(e.aliases), e.repeats) for name, e in _load(steps_path, _StepEntry).items()} if steps_path.exists() else {}
    if len({s.key for s in steps.values()}) != len(steps):
        raise VocabularyError(f"{steps_path}: two steps share a key")
    names = [name for spec in steps.values() for name in (spec.name, *spec.aliases)]
    if len(names) != len(set(names)):
        raise VocabularyError(f"{steps_path}: a step name or alias is given twice")
    facts: dict[str, dict[str, FactSpec]] = {}
    files = [p for p in (fields_path, steps_path) if p.exists()]
    for path in sorted((directory / "facts").glob("*.yaml")):
        facts[path.stem] = _facts(path)
        files.append(path)
    application = facts.setdefault("application", {})
    for spec in fields.values():
        for name, kind in spec.derived_facts().items():
            _add(application, name, FactSpec(name, kind, f"由“{spec.label}”列按其类型得出"), "fields.yaml")
    round_facts = facts.setdefault("round", {})
    for step in steps.values():
        _add(round_facts, f"{step.key}_state", FactSpec(f"{step.key}_state", STEP_STATE_WORDS, f"“{step.name}”是否记录及日期状态"), "steps.yaml")
        _add(round_facts, f"{step.key}_date", FactSpec(f"{step.key}_date", int, f"“{step.name}”的日期（yyyymmdd）", "yyyymmdd"), "steps.yaml")
        # h166: the step's moment as its earliest and latest minute, for the order rules (checker/audit/facts/steps.py)
        _add(round_facts, f"{step.key}_from", FactSpec(f"{step.key}_from", int, f"“{step.name}”最早可能的时刻（日期与所写时间；未写时间为当日 0 时）",
                                                        "yyyymmddhhmm"), "steps.yaml")
        _add(round_facts, f"{step.key}_until", FactSpec(f"{step.key}_until", int, f"“{step.name}”最晚可能的时刻（日期与所写时间；未写时间为当日 23:59）",
                                                         "yyyymmddhhmm"), "steps.yaml")
    return Vocabulary(fields, steps, facts, tuple(files))
