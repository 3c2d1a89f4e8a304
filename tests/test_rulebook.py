"""The rulebook as data: citations verbatim in the seeds, and a loader that refuses what the engine
could misread (unknown facts and words, unknown fields or steps, bad fixtures), naming the file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from checker.audit.patch import PatchError, apply_patch
from checker.core.conditions import RulebookError
from checker.core.rulebook import load_rulebook
from checker.fixtures import run_all_fixtures
from tests.helpers import SAMPLES, SEEDS, all_cases, case_text, read_case, read_json, run_cli, write_json

_WHITESPACE = re.compile(r"\s+")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts (../shared/seeds) are not beside this checkout; CI has them")


def _seed_text(source: str, first: int, last: int) -> str:
    lines = (SEEDS / source).read_text(encoding="utf-8").splitlines()
    return _WHITESPACE.sub("", "".join(lines[first - 1 : last]))


def _quoted(citations) -> list[str]:
    problems = []
    seeds = {p.name for p in SEEDS.iterdir()}
    for owner, citation in citations:
        if citation.source not in seeds or not citation.lines or not citation.quote:
            continue
        first, _, last = citation.lines.partition("-")
        if _WHITESPACE.sub("", citation.quote) not in _seed_text(citation.source, int(first), int(last or first)):
            problems.append(f"{owner}: {citation.source}:{citation.lines} does not contain “{citation.quote}”")
    return problems


@needs_seeds
def test_every_citation_quote_is_verbatim_within_its_lines(book):
    citations = [(rule.id, c) for rule in book.rules.values() for c in rule.citation]
    citations += [(rule.id, v.reference) for rule in book.rules.values() for p in rule.parameters.values() for v in p.values]
    citations += [(workflow.id, c) for workflow in book.workflows.values()
                  for c in [*workflow.citation, *filter(None, [workflow.conditions_citation])]]
    assert _quoted(citations) == []


def _copy_rules(tmp_path: Path, book) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(book.directory, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unknown_key_in_a_rule_file_is_rejected(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    path = rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "serverity: blocking\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="serverity"):
        load_rulebook(rules)


@pytest.mark.parametrize(
    "path,old,new,error",
    [
        ("eligibility/ELIG-LEGAL-PERSON.yaml", 'fact: legal_person, eq: "no"', 'fact: legal_persn, eq: "no"', "unknown fact 'legal_persn'"),
        ("eligibility/ELIG-LEGAL-PERSON.yaml", 'fact: legal_person, eq: "no"', "fact: legal_person, gt: 500", "ordering comparison on text fact"),
        ("eligibility/ELIG-LEGAL-PERSON.yaml", 'fact: legal_person, eq: "no"', 'fact: legal_person, eq: "Yes"', "fact 'legal_person' is never 'Yes'"),
        ("procedure/PROC-3I1L-MID.yaml", "{fact: mid_state, eq: late}", "{fact: mid_state, eq: lat}", "fact 'mid_state' is never 'lat'"),
        ("procedure/PROC-3I1L-MID.yaml", "- 流程节点.事中报告", "- 流程节点.事中报吿", "reads '流程节点.事中报吿'"),
        ("eligibility/ELIG-LEGAL-PERSON.yaml", "reads: [legal_person]", "reads: [legal_persn]", "reads 'legal_persn'"),
        ("procedure/PROC-3I1L-MID.yaml", "base: W-12-compliant", "base: W-12-compliantt", "names base record 'W-12-compliantt'"),
    ],
    ids=["unknown-fact", "text-ordering", "word-outside-closed-set", "round-word-typo", "unknown-step", "unknown-field",
         "unknown-base"],
)
def test_a_rule_the_engine_could_misread_is_rejected_naming_its_file(tmp_path, book, path, old, new, error):
    rules = _copy_rules(tmp_path, book)
    _edit(rules / path, old, new)
    with pytest.raises(RulebookError, match=error) as caught:
        load_rulebook(rules)
    assert Path(path).name in str(caught.value)


def test_an_empty_title_is_rejected(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    _edit(rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml", "zh: 具有独立法人资格", "zh: ''")
    with pytest.raises(RulebookError, match="title.zh"):
        load_rulebook(rules)


def test_file_name_must_match_rule_id(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    (rules / "eligibility" / "ELIG-LEGAL-PERSON.yaml").rename(rules / "eligibility" / "ELIG-LEGAL.yaml")
    with pytest.raises(RulebookError, match="file name must be ELIG-LEGAL-PERSON.yaml"):
        load_rulebook(rules)


def test_a_patch_selecting_no_row_is_an_error_not_a_silent_no_op(book):
    with pytest.raises(PatchError, match="no row matches '事中报吿'"):
        apply_patch(book.bases["W-12-compliant"], {"流程节点": {"事中报吿": {"日期": "2020-04-22"}}})
    patched = apply_patch(book.bases["W-12-compliant"], {"流程节点": {"事中报告": {"日期": "2020-04-22"}, "归档": None}})
    steps = {row["节点"]: row for row in patched["流程节点"]}
    assert steps["事中报告"]["日期"] == "2020-04-22" and "归档" not in steps
    assert book.bases["W-12-compliant"]["流程节点"] != patched["流程节点"]  # the base itself is untouched


# --- the rulebook grows by data ------------------------------------------------------------------

NEW_FIELD = """rd_investment_wan:
  label: 研发投入（万元）
  kind: amount
  headers:
    - {header: 研发投入(万元), unit: 万元}
"""
NEW_RULE = """id: COND-RD-50W
version: 1
title: {zh: 研发投入50万元（含）以上, en: "R&D investment of at least 500,000 CNY"}
severity: blocking
statement: 研发投入须不低于 {min_rd_wan} 万元。
why: 示例：一轮通知规定的申报条件。
reads: [rd_investment_wan]
citation:
  - {source: 001_92b0dbd82849a40b.txt, lines: "4058", quote: 按照确定的申报条件}
parameters:
  min_rd_wan:
    description: 研发投入下限（含本数）
    unit: 万元
    values:
      - {effective_from: 2020-01-01, value: "50", reference: {source: 示例通知}}
branches:
  - outcome: missing
    when: {fact: rd_investment_wan_state, ne: ok}
    message: 研发投入未填写或无法识别（{rd_investment_wan}）。
  - outcome: fail
    when: {fact: rd_investment_wan_fen, lt: {param: min_rd_wan, scale: fen}}
    message: 研发投入 {rd_investment_wan} 万元，低于 {min_rd_wan} 万元。
default: pass
default_message:
  message: 研发投入 {rd_investment_wan} 万元。
fixtures:
  - {name: pass_50, input: {研发投入（万元）: "50"}, expect: pass}
  - {name: fail_49_99, input: {研发投入（万元）: "49.99"}, expect: fail}
"""


def test_a_new_amount_column_with_a_threshold_is_one_field_entry_and_one_rule_file(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    with (rules / "fields.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_FIELD)
    (rules / "eligibility" / "COND-RD-50W.yaml").write_text(NEW_RULE, encoding="utf-8")
    _edit(rules / "workflows" / "W-05.yaml", "  - APP-SUBMITTED-IN-WINDOW\n", "  - APP-SUBMITTED-IN-WINDOW\n  - COND-RD-50W\n")
    grown = load_rulebook(rules)
    assert [(r.fixture, r.actual, r.engine_actual) for r in run_all_fixtures(grown, ["COND-RD-50W"])] == [
        ("pass_50", "pass", "pass"), ("fail_49_99", "fail", "fail")]
    records = json.loads((SAMPLES / "w05_applications.json").read_text(encoding="utf-8"))[:2]
    for record, amount in zip(records, ("49.99", "50")):
        record["研发投入（万元）"] = amount
    applications = write_json(tmp_path / "a.json", records)
    run_cli("check", applications, "--workflow", "W-05", "--out", tmp_path / "out", "--rules", rules, "--quiet")
    found = []
    for record in records:
        case = read_case(tmp_path / "out", f"{record['申报编号']}")
        finding = next(f for f in case["findings"] if f["rule_id"] == "COND-RD-50W")
        found.append((finding["outcome"], finding["message"], finding["evidence"]["source"]))
    assert found == [("fail", "研发投入 49.99 万元，低于 50 万元。", "JSON#1.研发投入（万元）"),
                     ("pass", "研发投入 50 万元。", "JSON#2.研发投入（万元）")]


NEW_STEP = "资金拨付: {key: disbursement, says: 专项资金拨付到项目单位}\n"
NEW_STEP_RULE = """id: PROC-DISBURSE-AFTER-MEETING
version: 1
title: {zh: 资金在党组会决定后拨付, en: Funds disbursed after the Party-group decision}
kind: round
severity: blocking
statement: 专项资金须在党组会研究决定后拨付。
why: 示例：拨付早于决策，决策程序即被架空。
reads: [流程节点.资金拨付, 流程节点.党组会]
citation:
  - {source: 001_92b0dbd82849a40b.txt, lines: "4072", quote: 提交局党组会研究}
branches:
  - outcome: missing
    when: {any: [{fact: disbursement_state, in: [undated, unreadable]}, {fact: meeting_state, ne: dated}]}
    message: 资金拨付或党组会日期缺失。
  - outcome: not_applicable
    when: {fact: disbursement_state, eq: absent}
    message: 未记录资金拨付。
  - outcome: fail
    when: {fact: disbursement_date, lt: {fact: meeting_date}}
    message: 资金拨付 {disbursement_date} 早于党组会 {meeting_date}。
default: pass
default_message:
  message: 资金拨付 {disbursement_date} 在党组会 {meeting_date} 之后。
fixtures:
  - {name: pass_after, base: W-12-compliant, patch: {流程节点: {"+": [{节点: 资金拨付, 日期: '2020-05-10'}]}}, expect: pass}
  - {name: fail_before, base: W-12-compliant, patch: {流程节点: {"+": [{节点: 资金拨付, 日期: '2020-04-20'}]}}, expect: fail}
"""


def test_a_procedure_rule_on_a_new_step_is_one_step_line_and_one_rule_file_with_patch_fixtures(tmp_path, book):
    rules = _copy_rules(tmp_path, book)
    with (rules / "steps.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_STEP)
    (rules / "procedure" / "PROC-DISBURSE-AFTER-MEETING.yaml").write_text(NEW_STEP_RULE, encoding="utf-8")
    grown = load_rulebook(rules)
    results = run_all_fixtures(grown, ["PROC-DISBURSE-AFTER-MEETING"])
    assert [(r.fixture, r.actual, r.engine_actual, r.message) for r in results] == [
        ("pass_after", "pass", "pass", "资金拨付 2020-05-10 在党组会 2020-04-22 之后。"),
        ("fail_before", "fail", "fail", "资金拨付 2020-04-20 早于党组会 2020-04-22。"),
    ]
