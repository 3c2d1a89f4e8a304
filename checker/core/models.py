"""The rulebook's schema (pydantic, unknown keys rejected) and the shapes of findings.

A rule file in ``rules/`` is one :class:`Rule`; a workflow profile in ``rules/workflows/`` is one
:class:`Workflow`. Both are validated when the rulebook loads, so a typo in a rule file stops the
tool with a message naming the file and the key, never a silent mis-evaluation.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["blocking", "review", "advisory"]
Outcome = Literal["pass", "fail", "missing", "not_applicable"]
OUTCOMES: tuple[str, ...] = ("pass", "fail", "missing", "not_applicable")
# What a failing rule makes of its case, by rule kind: the verdict word a fail leads to. A rule's
# grade parameter (``fail_grade``, dated, each value with its reference) holds one of these; the
# finding's severity follows from it (a failing word: blocking; needs_review: review).
GRADE_WORDS: dict[str, tuple[str, ...]] = {"round": ("noncompliant", "needs_review"),
                                          "application": ("ineligible", "needs_review")}
GRADE_PARAMETER = "fail_grade"


class Strict(BaseModel):
    """Base for every rulebook model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def severity_of_grade(grade: str) -> Severity:
    """A failing grade word (noncompliant, ineligible) is blocking; needs_review is review."""
    return "review" if grade == "needs_review" else "blocking"


class Title(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Citation(Strict):
    """Where a rule comes from: seed file, 1-based line range, verbatim Chinese quote."""

    source: str
    lines: str = Field(pattern=r"^\d+(-\d+)?$")
    quote: str

    @property
    def line_range(self) -> tuple[int, int]:
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)


class NoticeCitation(Strict):
    """Where a round condition comes from: the round's notice (文号 and title), its clause, the
    wording verbatim. Built from a conditions file (checker/check/conditions), never a rule file."""

    source: str = Field(min_length=1)
    clause: str | None = None
    quote: str


class Reference(Strict):
    """The basis of a parameter value (a seed clause, a law, or a documented practice)."""

    source: str
    lines: str | None = None
    quote: str | None = None
    note: str | None = None


class ParameterValue(Strict):
    effective_from: dt.date
    # null: a value the seeds do not state (e.g. W-04's 限额, AMB-17); rules reading it decide
    # `missing` until a dated value is added
    value: str | int | bool | None
    reference: Reference


class Parameter(Strict):
    """A dated parameter (OpenFisca style): the value in force on the reference date applies."""

    description: str
    unit: str | None = None
    inclusive: bool | None = None
    # option names in words, for a parameter whose value is an option but not a reading (a reading's
    # words are the rule's ``readings``): what a report shows instead of the option name
    words: dict[str, str] | None = None
    values: list[ParameterValue] = Field(min_length=1)

    def value_on(self, on: dt.date) -> ParameterValue:
        """The value in force on ``on``; before the first date, the first value (stated in reports)."""
        chosen = self.values[0]
        for value in sorted(self.values, key=lambda v: v.effective_from):
            if value.effective_from <= on:
                chosen = value
        return chosen


# --- conditions: a tiny, engine-neutral language compiled to durable-rules and to Python ----------

Scalar = Union[int, str, bool]


class ParamRef(Strict):
    """A parameter used in a condition, converted to the fact's integer unit (e.g. 万元 → 分)."""

    param: str
    scale: Literal["fen", "days", "count", "raw"] = "raw"


class FactRef(Strict):
    """Another fact of the same case (cross-field comparison)."""

    fact: str


Operand = Union[ParamRef, FactRef, Scalar]


class Compare(Strict):
    """``fact <op> operand``. Numbers are exact integers at the engine boundary, never text."""

    fact: str
    eq: Operand | None = None
    ne: Operand | None = None
    lt: Operand | None = None
    lte: Operand | None = None
    gt: Operand | None = None
    gte: Operand | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> "Compare":
        given = [op for op in ("eq", "ne", "lt", "lte", "gt", "gte", "in_") if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(f"a comparison needs exactly one operator, got {given or 'none'}")
        return self

    @property
    def operator(self) -> str:
        for op in ("eq", "ne", "lt", "lte", "gt", "gte", "in_"):
            if getattr(self, op) is not None:
                return op.rstrip("_")
        raise AssertionError("validated above")

    @property
    def operand(self) -> Any:
        return getattr(self, "in_" if self.operator == "in" else self.operator)


class All(Strict):
    all: list["Condition"] = Field(min_length=1)


class Any_(Strict):
    any: list["Condition"] = Field(min_length=1)


Condition = Union[All, Any_, Compare]
All.model_rebuild()
Any_.model_rebuild()


class Branch(Strict):
    """One outcome of a rule. Branches are tried in order; the first whose condition holds wins.

    ``grade`` fixes what this branch's fail makes of the case where the text settles what the
    rule's grade parameter leaves open (e.g. a 公示 period stated by the round's own notice)."""

    outcome: Outcome
    when: Condition
    message: str
    remedy: str | None = None
    grade: Literal["noncompliant", "ineligible", "needs_review"] | None = None
    # whose gap this outcome is, where it differs from the rule's: an eligibility rule judges the
    # applicant, but "no credit list was supplied" is the office's to close, never the applicant's
    subject: Literal["applicant", "office"] | None = None


class Messages(Strict):
    """The message of the rule's default outcome (when no branch matched)."""

    message: str
    remedy: str | None = None


class Fixture(Strict):
    """A record the rule must judge as ``expect`` (sqlfluff-style pass/fail cases).

    An application fixture gives its record in ``input``. A round fixture names a base record
    (``base``: rules/cases/rounds/<base>.yaml) and the few cells it changes (``patch``, see
    checker/audit/patch.py), or gives a whole record in ``input``.
    """

    name: str
    input: dict[str, Any] | None = None
    base: str | None = None
    patch: dict[str, Any] = Field(default_factory=dict)
    expect: Outcome
    context: dict[str, Any] = Field(default_factory=dict)
    # Round fixtures: the grade the finding must carry (default: what the rule's grade parameter
    # says for a fail, needs_review for missing data), and the workflow profiles whose base record
    # the patch is applied to by the full-round test: a list (the same expectation), or profile →
    # expected outcome. Absent: every profile that audits the rule.
    grade: Literal["noncompliant", "ineligible", "needs_review", "compliant", "eligible"] | None = None
    profiles: list[str] | dict[str, Outcome] | None = None

    @model_validator(mode="after")
    def _one_record(self) -> "Fixture":
        if (self.input is None) == (self.base is None):
            raise ValueError(f"fixture {self.name}: give either input (a whole record) or base (+ patch)")
        if self.patch and self.base is None:
            raise ValueError(f"fixture {self.name}: a patch needs a base record")
        return self


class Rule(Strict):
    id: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")
    version: int = Field(ge=1)
    title: Title
    kind: Literal["application", "round"] = "application"
    # A rule gives either a fixed severity or a grade parameter (``fail_grade``, or the parameter
    # named by ``grade_parameter``) from which the severity of its findings follows.
    severity: Severity | None = None
    grade_parameter: str | None = None
    statement: str
    why: str
    reads: list[str] = Field(min_length=1)
    citation: list[Citation] = Field(min_length=1)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    branches: list[Branch] = Field(min_length=1)
    default: Outcome
    default_message: Messages
    # Documented readings of a parameter the seed leaves open: parameter -> {value: words}. The
    # evaluator decides the rule under every reading and the finding says where they differ.
    readings: dict[str, dict[str, str]] = Field(default_factory=dict)
    # The one reading a rule applies where the seed's wording needs one stated (e.g. how a 公示's
    # working days are counted); shown with every finding of the rule.
    reading: str | None = None
    fixtures: list[Fixture] = Field(min_length=2)
    notes: str | None = None
    # Whose duty the rule judges (handling ledgers, 受理台账): the office's handling (its findings
    # make the case's verdict) or the applicant's (documents, copies: reported beside the verdict).
    # None: an application rule of a fund round (the applicant's eligibility, as always).
    subject: Literal["applicant", "office"] | None = None
    # The open questions of seed-rules.md §7 the rule's parameters answer (AMB-01 …): in the JSON
    # report only, never in the human ones.
    ambiguities: list[Annotated[str, Field(pattern=r"^AMB-\d+$")]] = Field(default_factory=list)

    @property
    def grade_param(self) -> str | None:
        """The name of the rule's grade parameter, or None for a rule with a fixed severity."""
        name = self.grade_parameter or GRADE_PARAMETER
        return name if name in self.parameters else None

    @model_validator(mode="after")
    def _severity_or_grade(self) -> "Rule":
        if self.grade_parameter and self.grade_parameter not in self.parameters:
            raise ValueError(f"{self.id}: grade_parameter {self.grade_parameter!r} is not a parameter of the rule")
        name = self.grade_param
        if name is None:
            if self.severity is None:
                raise ValueError(f"{self.id}: give a severity or a {GRADE_PARAMETER} parameter")
            return self
        if self.severity is not None:
            raise ValueError(f"{self.id}: give either a severity or a grade parameter ({name}), not both")
        words = GRADE_WORDS[self.kind]
        for value in self.parameters[name].values:
            if value.value not in words:
                raise ValueError(f"{self.id}: {name}={value.value!r} is not one of {', '.join(words)}")
        for branch in self.branches:
            if branch.grade is not None and branch.grade not in words:
                raise ValueError(f"{self.id}: branch grade {branch.grade!r} is not one of {', '.join(words)}")
        return self

    def severity_on(self, on: dt.date) -> Severity:
        """The rule's severity on a date: fixed, or what its grade parameter in force says."""
        name = self.grade_param
        if name is None:
            return self.severity  # type: ignore[return-value]
        return severity_of_grade(str(self.parameters[name].value_on(on).value))

    @model_validator(mode="after")
    def _readings_are_parameters(self) -> "Rule":
        if self.reading and self.readings:
            raise ValueError(f"{self.id}: give either one reading or several readings, not both")
        for name, words in self.readings.items():
            if name not in self.parameters:
                raise ValueError(f"{self.id}: reading {name!r} is not a parameter of the rule")
            if len(words) < 2:
                raise ValueError(f"{self.id}: reading {name!r} needs at least two values")
            for value in self.parameters[name].values:
                if str(value.value) not in words:
                    raise ValueError(f"{self.id}: parameter {name}={value.value!r} is not one of its readings {list(words)}")
        return self

    @model_validator(mode="after")
    def _fixtures_cover_pass_and_fail(self) -> "Rule":
        expected = {fixture.expect for fixture in self.fixtures}
        if not {"pass", "fail"} <= expected:
            raise ValueError(f"{self.id}: fixtures need at least one 'pass' and one 'fail' case")
        names = [fixture.name for fixture in self.fixtures]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.id}: fixture names must be unique")
        return self


class Workflow(Strict):
    """A workflow profile: which rules a workflow applies and what the seeds say about it."""

    id: str = Field(pattern=r"^(W|N|L)-\d\d$")
    title: Title
    office: str
    citation: list[Citation] = Field(min_length=1)
    # rules applied by `fundcheck check` to each application of this workflow
    check_rules: list[str] = Field(default_factory=list)
    # rules applied by `fundcheck audit` to a completed round of this workflow
    audit_rules: list[str] = Field(default_factory=list)
    # workflow features the audit reads (steps, archive list, ...); see checker/audit
    profile: dict[str, Any] = Field(default_factory=dict)
    # conditions the seeds leave to each round's notice: stated in reports as not checked
    not_checked: list[str] = Field(default_factory=list)
    # the seed line that makes districts screen against the round's conditions ("按照确定的申报条件"):
    # cited beside the notice by every condition of a --conditions file
    conditions_citation: Citation | None = None
    # why fundcheck applies no rules to this workflow (e.g. W-11: its seed text is defective)
    excluded: str | None = None
    notes: str | None = None
