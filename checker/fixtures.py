"""Run a rule's fixtures (the pass/fail cases stored in its rule file) through the commands' own
evaluators, with durable-rules and with the reference evaluator.

An application fixture's ``input`` is a record keyed by field names or Chinese headers, exactly as a
JSON input file would carry it; ``context`` gives what a row cannot (the batch's USCCs, the round's
window, register and list entries, key fields, catalogue entries, ``with_funds``, the reference
date, and ``parameters`` a fact function reads, such as a limit the seeds leave unset). A round fixture is a base record and a patch (or a
whole record); ``context`` may give ``workflow`` (whose profile applies; default: the first workflow
auditing the rule), ``day_reading`` and ``ledger_entries`` (written to a temporary ledger).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checker.audit.evaluate import RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.patch import apply_patch
from checker.audit.record import record_from_mapping
from checker.check.evaluate import CaseEvaluator
from checker.check.facts import BatchContext, Window
from checker.check.fields import FieldSet, field_set
from checker.check.catalogue import catalogue_from_records
from checker.check.conditions.model import RoundNotice
from checker.check.registers import CreditRegister, DebarmentRegister, KeyFields, ListRegister
from checker.check.validate import validate_record
from checker.core.evaluator import DEFAULT_ENGINE, ENGINES
from checker.core.models import Fixture, Rule
from checker.core.rulebook import Rulebook
from checker.core.text import header_key, name_key
from checker.core.values import normalise_uscc, parse_date
from checker.draw import ledger as ledger_mod
from checker.io.table import Cell, Row


@dataclass
class FixtureResult:
    rule_id: str
    fixture: str
    expected: str
    actual: str  # the reference evaluator's outcome
    engine_actual: str  # durable-rules' outcome
    message: str
    finding: dict | None = None
    expected_grade: str | None = None  # the fixture's grade, when it states one

    @property
    def grade(self) -> str | None:
        return (self.finding or {}).get("grade")

    @property
    def ok(self) -> bool:
        return self.expected == self.actual == self.engine_actual and self.expected_grade in (None, self.grade)


# --- applications ---------------------------------------------------------------------------------


def record_from_dict(data: dict, fields: FieldSet, sheet: str = "fixture", row: int = 1) -> Row:
    cells: dict[str, Cell] = {}
    extra: dict[str, object] = {}
    for key, value in data.items():
        match = fields.aliases.get(header_key(key))
        if match:
            name, unit = match
            cells[name] = Cell(value, f"{sheet}#{row}.{key}", key, unit)
        else:
            extra[key] = value
    return Row(row, sheet, cells, extra)


def context_from_fixture(context: dict) -> tuple[BatchContext, dt.date | None]:
    batch = BatchContext()
    if "batch_usccs" in context:
        batch.uscc_counts = Counter(normalise_uscc(u) for u in context["batch_usccs"])
    if "batch_names" in context:
        batch.name_counts = Counter(name_key(n) for n in context["batch_names"])
    if "batch_rows" in context:  # the batch's applications, [company name, USCC] each, the case itself first
        from checker.check.facts import applicant_rows

        batch.name_rows, batch.uscc_rows = applicant_rows(
            [("fixture", number, f"第 {number} 行", name, code) for number, (name, code) in enumerate(context["batch_rows"], 1)])
    if "window" in context:
        start, end = context["window"]
        batch.window = Window(parse_date(start), parse_date(end))
    if "credit" in context:
        batch.credit = CreditRegister.from_rows(context["credit"], "fixture")
    if "debarments" in context:
        batch.debarments = DebarmentRegister.from_rows(context["debarments"], "fixture")
    batch.fund_name = context.get("fund_name")
    batch.with_funds = bool(context.get("with_funds"))
    if "key_fields" in context:
        batch.key_fields = KeyFields(tuple(context["key_fields"]), "fixture")
    for name, what in (("reserve_pool", "冲击新目标后备库企业名单"), ("recognitions", "认定名单"), ("fraud_findings", "弄虚作假查实名单"),
                       ("supervision_list", "督导项目清单")):
        if name in context:
            setattr(batch, name, ListRegister.from_records(context[name], "fixture", what))
    if "catalogue" in context:
        batch.catalogue = catalogue_from_records(context["catalogue"], "fixture")
    if "notice" in context:
        batch.notice = RoundNotice(**context["notice"])
    if "ledger_rows" in context:  # the other rows of a handling ledger (受理台账): batch counts
        from checker.check.facts.ledger import ledger_counts
        batch.ledger_recommended, batch.ledger_ranks, batch.ledger_schemes = ledger_counts(context["ledger_rows"], None)
    as_of = parse_date(context["as_of"]) if "as_of" in context else None
    return batch, as_of


def _workflow_for(book: Rulebook, rule: Rule, context: dict) -> str:
    if "workflow" in context:
        return context["workflow"]
    for workflow_id in sorted(book.workflows):
        workflow = book.workflows[workflow_id]
        if rule.id in (workflow.check_rules if rule.kind == "application" else workflow.audit_rules):
            return workflow_id
    return sorted(book.workflows)[0]


def _application_findings(book: Rulebook, rule: Rule, fixture: Fixture) -> dict[str, dict]:
    fields = field_set(book)
    batch, as_of = context_from_fixture(fixture.context)
    workflow = _workflow_for(book, rule, fixture.context)
    found = {}
    for engine in FIXTURE_ENGINES:
        application = validate_record(record_from_dict(fixture.input, fields), fields)
        evaluator = CaseEvaluator(book, workflow, engine=engine, as_of=as_of, rule_ids=[rule.id],
                                  parameters=fixture.context.get("parameters"))
        result = evaluator.evaluate(application, batch, "fixture")
        found[engine] = next(f for f in result.findings if f["rule_id"] == rule.id)
    return found


# --- rounds ---------------------------------------------------------------------------------------
#
# The model draw: the draw every base record's 专家抽取 sheet lists (rules/cases/rounds/*.yaml), made
# with the draw wing itself (RFC 3797 over 24 experts of 新材料, one public source), so DRAW-RANDOM
# can re-derive it from the ledger entry. Every round fixture runs with a ledger holding it, entry 1,
# for the record's round id, unless its context says otherwise:
#   ledger: none                 no --ledger
#   ledger_draw: {at: …, legacy: true, panel: […], round_id: …, operator: …}
#                                the model draw with another time; as a ledger entry of the earlier
#                                format (no eligible list, no seed); with its panel edited after the draw;
#                                made by another office
#   ledger_entries: [{…}, …]     these raw entries instead
#   draw_record: model           also --draw-record with the model draw's record
#   holidays: {年份: …} or […]   a holidays file (--holidays)
#   day_reading, workflow        as on the command line

MODEL_EXPERTS = [f"E{i:03d}" for i in range(1, 25)]
MODEL_SOURCES = [[3, 9, 14, 22, 27, 31, 8]]
MODEL_SOURCE_NAMES = ["双色球 第2020030期"]
MODEL_DRAWN_AT = "2020-04-03T09:30:00+08:00"


def model_draw(round_id: str, at: str = MODEL_DRAWN_AT, field: str = "新材料", operator: str = "政工科") -> dict:
    """The model draw's record (without its ledger block), for ``round_id``."""
    from checker.draw import record as draw_mod
    from checker.draw.pool import Expert, build_pool
    from checker.draw.recusal import exclusion_inputs

    experts = [Expert(e, f"专家{e[1:]}", f"威海某研究院{e[1:]}", (field,), "在库") for e in MODEL_EXPERTS]
    prepared = draw_mod.prepare(build_pool(experts, "model"), round_id, [field], draw_mod.Policy(), exclusion_inputs())
    return draw_mod.build_record(prepared, draw_mod.public_seed(MODEL_SOURCES, MODEL_SOURCE_NAMES), operator, at)


def write_model_ledger(path: Path, round_id: str, change: dict | None = None) -> dict:
    """A ledger whose entry 1 is the model draw for ``round_id`` (``change``: see above); returns
    the draw record with its ledger block, as ``draw new`` writes it."""
    from checker.draw import record as draw_mod

    change = dict(change or {})
    operator = change.pop("operator", "政工科")
    record = model_draw(change.pop("round_id", round_id), at=change.pop("at", MODEL_DRAWN_AT),
                        operator=operator or "政工科")
    entry = draw_mod.draw_entry(record, "draw")
    if not operator:  # an entry of a version that took a blank --operator
        entry["operator"] = record["operator"] = operator
    if change.pop("legacy", False):
        entry.pop("eligible", None)
        entry.pop("seed", None)
    if "panel" in change:
        entry["panel"] = list(change.pop("panel"))
    connection = ledger_mod.open_or_create(path)
    try:
        head = ledger_mod.append(connection, entry)
    finally:
        connection.close()
    record["ledger"] = {"file": path.name, "commit_entry": None,
                        "draw_entry": {"entry": head.seq, "hash": head.hash, "at": record["drawn_at"]},
                        "head": head.as_dict()}
    return record


_MODEL_LEDGERS: dict[str, tuple[Path, Path]] = {}  # a model ledger (and its record) per round id and change, per process
_MODEL_FOLDER: list[Path] = []


def _model_ledger(round_id: str, change: dict | None) -> tuple[Path, Path]:
    """The model draw's ledger and record files for ``round_id`` and ``change``, written once per
    process (a ledger append commits to disk, the slowest step of a fixture) and only read after."""
    import atexit
    import json as _json
    import shutil

    key = _json.dumps([round_id, change], ensure_ascii=False, sort_keys=True)
    if key not in _MODEL_LEDGERS:
        if not _MODEL_FOLDER:
            _MODEL_FOLDER.append(Path(tempfile.mkdtemp(prefix="fundcheck-fixtures-")))
            atexit.register(shutil.rmtree, _MODEL_FOLDER[0], True)
        folder = _MODEL_FOLDER[0] / str(len(_MODEL_LEDGERS))
        folder.mkdir()
        made = write_model_ledger(folder / "ledger.db", round_id, change)
        (folder / "draw.json").write_text(_json.dumps(made, ensure_ascii=False), encoding="utf-8")
        _MODEL_LEDGERS[key] = (folder / "ledger.db", folder / "draw.json")
    return _MODEL_LEDGERS[key]


def round_context(book: Rulebook, context: dict, record_round_id: str, folder: Path) -> RoundContext:
    """The RoundContext a fixture's context describes (files written under ``folder``)."""
    import yaml as _yaml

    from checker.core.calendar import DEFAULT as DEFAULT_CALENDAR, load_holidays

    ledger_path = draw_record = None
    if context.get("ledger_entries"):
        ledger_path = folder / "ledger.db"
        connection = ledger_mod.open_or_create(ledger_path)
        for entry in context["ledger_entries"]:
            ledger_mod.append(connection, dict(entry))
        connection.close()
    elif context.get("ledger", "model") != "none":
        ledger_path, record_path = _model_ledger(record_round_id, context.get("ledger_draw"))
        if context.get("draw_record") == "model":
            draw_record = record_path
    calendar = DEFAULT_CALENDAR
    if context.get("holidays") is not None:
        holidays = folder / "holidays.yaml"
        holidays.write_text(_yaml.safe_dump(context["holidays"], allow_unicode=True), encoding="utf-8")
        calendar = load_holidays(holidays)
    return RoundContext(ledger=ledger_path, draw_record=draw_record, calendar=calendar)


def fixture_record(book: Rulebook, fixture: Fixture, base: str | None = None) -> dict:
    """The round record a fixture describes: its base (or ``base``) with its patch, or its input."""
    name = base or fixture.base
    return apply_patch(book.bases[name], fixture.patch) if name else fixture.input


def audit_fixture(book: Rulebook, fixture: Fixture, *, engine: str = "reference", base: str | None = None,
                  rule_ids: list[str] | None = None, workflow: str | None = None, label: str = "fixture"):
    """The RoundResult of a fixture's record (on ``base`` when given) with its context."""
    context = fixture.context
    record = record_from_mapping(fixture_record(book, fixture, base), book.vocabulary.step_keys, source=label,
                                 repeating=book.vocabulary.repeating_steps)
    chosen = workflow or context.get("workflow") or (record.workflow_id if record.workflow_id in book.workflows else None)

    def audit(folder: Path | None):
        round_ctx = round_context(book, context, record.round_id, folder)
        auditor = RoundAuditor(book, engine=engine, day_reading=context.get("day_reading"), context=round_ctx,
                               workflow_override=chosen)
        return auditor.evaluate(record, rule_ids=rule_ids)

    if context.get("ledger_entries") or context.get("holidays") is not None:
        with tempfile.TemporaryDirectory() as folder:
            return audit(Path(folder))
    return audit(None)


def _round_findings(book: Rulebook, rule: Rule, fixture: Fixture) -> dict[str, dict]:
    workflow = fixture.context.get("workflow")
    if workflow is None and fixture.base is None:
        workflow = _workflow_for(book, rule, fixture.context)
    found = {}
    for engine in FIXTURE_ENGINES:
        result = audit_fixture(book, fixture, engine=engine, rule_ids=[rule.id], workflow=workflow,
                               label=f"{rule.id}:{fixture.name}")
        found[engine] = next(f for f in result.findings if f["rule_id"] == rule.id)
    return found


# Both evaluators where durable-rules is installed; the reference alone where it cannot be.
FIXTURE_ENGINES = ENGINES if DEFAULT_ENGINE == "durable" else ("reference",)


def fixture_profiles(book: Rulebook, rule: Rule, fixture: Fixture) -> dict[str, str]:
    """profile → expected outcome of a round fixture in the full-round test (see models.Fixture)."""
    users = [w for w in sorted(book.workflows) if rule.id in book.workflows[w].audit_rules]
    if isinstance(fixture.profiles, dict):  # "*": every other profile that audits the rule
        rest = fixture.profiles.get("*")
        chosen = {w: e for w, e in fixture.profiles.items() if w != "*"}
        return {**chosen, **({w: rest for w in users if w not in chosen} if rest else {})}
    chosen = fixture.profiles if isinstance(fixture.profiles, list) else users
    return {w: fixture.expect for w in chosen}


def run_fixture(book: Rulebook, rule: Rule, fixture: Fixture) -> FixtureResult:
    runner = _application_findings if rule.kind == "application" else _round_findings
    found = runner(book, rule, fixture)
    reference, durable = found["reference"], found.get("durable", found["reference"])
    return FixtureResult(rule.id, fixture.name, fixture.expect, reference["outcome"], durable["outcome"],
                         reference["message"], reference, fixture.grade)


def run_all_fixtures(book: Rulebook, rule_ids: list[str] | None = None) -> list[FixtureResult]:
    results = []
    for rule_id in rule_ids or sorted(book.rules):
        rule = book.rules[rule_id]
        results.extend(run_fixture(book, rule, fixture) for fixture in rule.fixtures)
    return results
