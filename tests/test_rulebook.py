"""The rulebook as data: schema, identity, citations verbatim in the seeds, fixtures present."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.core.conditions import RulebookError
from checker.core.rulebook import load_rulebook
from tests.conftest import SEEDS

_WHITESPACE = re.compile(r"\s+")


def _seed_text(source: str, first: int, last: int) -> str:
    lines = (SEEDS / source).read_text(encoding="utf-8").splitlines()
    return _WHITESPACE.sub("", "".join(lines[first - 1 : last]))


def test_every_rule_has_identity_titles_severity_citation_and_fixtures(book):
    assert book.rules, "the rulebook is empty"
    for rule in book.rules.values():
        assert rule.title.zh and rule.title.en, rule.id
        assert rule.severity in ("blocking", "review", "advisory"), rule.id
        assert rule.citation, rule.id
        outcomes = {f.expect for f in rule.fixtures}
        assert {"pass", "fail"} <= outcomes, f"{rule.id} lacks a passing or a failing fixture"


def test_every_citation_quote_is_verbatim_within_its_lines(book):
    problems = []
    for rule in book.rules.values():
        citations = list(rule.citation)
        for parameter in rule.parameters.values():
            for value in parameter.values:
                ref = value.reference
                if ref.source in {p.name for p in SEEDS.iterdir()} and ref.lines and ref.quote:
                    citations.append(ref)
        for citation in citations:
            first, _, last = citation.lines.partition("-")
            text = _seed_text(citation.source, int(first), int(last or first))
            if _WHITESPACE.sub("", citation.quote) not in text:
                problems.append(f"{rule.id}: {citation.source}:{citation.lines} does not contain “{citation.quote}”")
    for workflow in book.workflows.values():
        for citation in workflow.citation:
            first, _, last = citation.lines.partition("-")
            if _WHITESPACE.sub("", citation.quote) not in _seed_text(citation.source, int(first), int(last or first)):
                problems.append(f"{workflow.id}: {citation.source}:{citation.lines} lacks “{citation.quote}”")
    assert problems == []


def test_w05_profile_lists_the_catalogue_rules(book):
    assert book.workflow("W-05").check_rules == [
        "ELIG-REGION",
        "ELIG-LEGAL-PERSON",
        "ELIG-POLICY-DIRECTION",
        "ELIG-APPROVAL-FILING",
        "ELIG-EQUIP-INVEST-100W",
        "APP-EQUIP-LE-TOTAL",
        "APP-BRANCH-LEGAL-PERSON",
        "APP-DUPLICATE-APPLICANT",
        "APP-SUBMITTED-IN-WINDOW",
    ]


def test_threshold_is_a_dated_parameter_with_its_reference(book):
    parameter = book.rules["ELIG-EQUIP-INVEST-100W"].parameters["min_equipment_investment_wan"]
    value = parameter.values[0]
    assert (parameter.unit, parameter.inclusive, value.value) == ("万元", True, "100")
    assert value.reference.source == "001_92b0dbd82849a40b.txt" and value.reference.lines == "2417"


def _copy_rules(tmp_path: Path, book) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(book.directory, target)
    return target


def test_unknown_key_in_a_rule_file_is_rejected(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    path = rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "serverity: blocking\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="serverity"):
        load_rulebook(rules)


@pytest.mark.parametrize(
    "broken,error",
    [
        ('fact: legal_persn, eq: "no"', "unknown fact 'legal_persn'"),
        ("fact: legal_person, gt: 500", "ordering comparison on text fact"),
        ('fact: legal_person, eq: "Yes"', "fact 'legal_person' is never 'Yes'"),
    ],
    ids=["unknown-fact", "text-ordering", "value-outside-closed-set"],
)
def test_a_condition_the_engine_could_misread_is_rejected(tmp_path, book, broken, error):
    rules = _copy_rules(tmp_path, book)
    path = rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('fact: legal_person, eq: "no"', broken), encoding="utf-8")
    with pytest.raises(RulebookError, match=error):
        load_rulebook(rules)


def test_file_name_must_match_rule_id(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    (rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml").rename(rules / "eligibility" / "ELIG-LEGAL.yaml")
    with pytest.raises(RulebookError, match="file name must be ELIG-LEGAL-PERSON.yaml"):
        load_rulebook(rules)
