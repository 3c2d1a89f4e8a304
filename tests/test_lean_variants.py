"""cases.jsonl names each finding's rule variant (checker/report/lean.py Encoder): a variant is what
the rule's parts hold, whether the parts are the very objects met before (known by identity, as
build_finding shares them) or equal copies, and parts that differ are another variant."""

from __future__ import annotations

import orjson

from checker.report.case import RunInfo
from checker.report.lean import Encoder

RUN = RunInfo("W-05", "工业企业技术改造补助", "1", "in.xlsx", "0" * 64, "reference", [])
TITLE = {"zh": "年度设备投入 100 万元（含）以上", "en": "Equipment investment at least 1,000,000 yuan"}
CITATION = {"source": "002.txt", "lines": "12", "quote": "年度设备投入100（含）万元以上"}


def _finding(parameters: dict, message: str, title: dict = TITLE) -> dict:
    return {"rule_id": "ELIG-EQUIP-INVEST-100W", "rule_version": 1, "title": title, "severity": "blocking",
            "outcome": "pass", "message": message, "remedy": None, "why": "门槛", "evidence": {"source": "A2"},
            "parameters": parameters, "parameters_effective_from": {}, "citation": CITATION}


def _rules(encoder: Encoder, *findings: dict) -> tuple[list[str], dict]:
    refs = [orjson.loads(encoder.line({"case_id": str(n), "findings": [f]}, str(n)))["findings"][0]["rule"]
            for n, f in enumerate(findings)]
    return refs, encoder.rules


def test_the_same_parts_met_again_are_one_variant_and_each_case_keeps_its_own_words():
    shared = {"threshold_wan": "100"}
    encoder = Encoder(RUN)
    refs, rules = _rules(encoder, _finding(shared, "投入 150 万元"), _finding(shared, "投入 260 万元"))
    assert refs[0] == refs[1] and list(rules) == [refs[0]]
    assert rules[refs[0]]["parameters"] == {"threshold_wan": "100"}
    lines = [orjson.loads(encoder.line({"case_id": "x", "findings": [_finding(shared, text)]}, "x"))["findings"][0]
             for text in ("甲", "乙")]
    assert [line["message"] for line in lines] == ["甲", "乙"]


def test_equal_copies_of_the_parts_are_the_same_variant():
    encoder = Encoder(RUN)
    refs, rules = _rules(encoder, _finding({"threshold_wan": "100"}, "a"), _finding({"threshold_wan": "100"}, "b"),
                         _finding({"threshold_wan": "100"}, "c", title=dict(TITLE)))
    assert len(set(refs)) == 1 and len(rules) == 1


def test_other_parameters_are_another_variant_even_after_the_first_was_known_by_identity():
    first, second = {"threshold_wan": "100"}, {"threshold_wan": "50"}
    encoder = Encoder(RUN)
    refs, rules = _rules(encoder, _finding(first, "a"), _finding(first, "b"), _finding(second, "c"), _finding(first, "d"))
    assert refs[0] == refs[1] == refs[3] != refs[2]
    assert {ref: rule["parameters"] for ref, rule in rules.items()} == {refs[0]: first, refs[2]: second}
