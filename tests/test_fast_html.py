"""The fast case HTML (checker/report/case_html.py) prints the bytes of case.html.j2 and
notice_body.html.j2: every case of every bundled sample, and hostile text in every field."""

from __future__ import annotations

import copy
import datetime as dt
import json

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.report.case import case_context, case_html, notices_page, render_case, render_notice
from checker.report.case_html import notice_html, text
from checker.report.lean import RunCases
from checker.report.notice import NoticeOptions
from checker.report.text import environment
from tests.helpers import SAMPLES, run_cli

CHECK, REGISTERS, LEDGERS = SAMPLES / "check", SAMPLES / "check" / "registers", SAMPLES / "ledgers"
AS_OF = ("--as-of", "2021-06-30")
KEY_FIELDS = ("--key-fields", "智能制造、新材料、电子信息")
GROUP_C = ("--credit-list", REGISTERS / "credit.csv", "--fraud-findings", REGISTERS / "fraud_findings.csv", "--with-funds")
CATALOGUE = ("--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv")
W05 = (SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31")

# every sample `check` accepts, with the options samples/README.md gives it
SAMPLE_RUNS = {
    "W-05": W05,
    **{f"W-{n}": (CHECK / f"W-{n}_applications.xlsx", "--workflow", f"W-{n}", *AS_OF, *options) for n, options in {
        "01": (*KEY_FIELDS, "--reserve-pool", REGISTERS / "reserve_pool.csv"), "02": KEY_FIELDS, "03": (), "06": KEY_FIELDS,
        "07": KEY_FIELDS, "08": ("--recognitions", REGISTERS / "recognitions.csv"), "09": (), "10": (),
        "13": GROUP_C, "14": GROUP_C, "15": GROUP_C, "16": GROUP_C}.items()},
    "W-04": (CHECK / "W-04_applications.xlsx", "--workflow", "W-04", *CATALOGUE),
    "W-12+conditions": (CHECK / "W-12_applications.xlsx", "--workflow", "W-12", "--conditions",
                        SAMPLES / "conditions" / "W-12_conditions.xlsx", *AS_OF, *GROUP_C),
    "L-03": (CHECK / "L-03_projects.xlsx", "--workflow", "L-03", "--supervision-list", REGISTERS / "supervision_list.csv", *AS_OF),
    **{f"ledger {w}": (LEDGERS / f"{w}_受理台账.xlsx", "--workflow", w, *(CATALOGUE if w == "W-04" else ()))
       for w in ("N-02", "N-04", "N-07", "N-08", "W-04")},
}

# reviewer decisions: a failure passed (verdict after review), a pass failed (a refusal after review),
# one left to supply, with a reason that is itself markup
OVERRIDES = [
    {"case_id": "WH-2020-008", "rule_id": "ELIG-REGION", "decision": "通过", "reason": "已核营业执照 <b>&\"'</b>", "reviewer": "刘审核"},
    {"case_id": "WH-2020-001", "rule_id": "ELIG-REGION", "decision": "不通过", "reason": "迁出威海", "reviewer": "王审核"},
    {"case_id": "WH-2020-002", "rule_id": "ELIG-REGION", "decision": "待补充", "reason": "请提供营业执照。", "reviewer": "张审核"},
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each sample's check output folder (cases.jsonl + rules.json hold every case)."""
    folders = {}
    for name, args in SAMPLE_RUNS.items():
        out = tmp_path_factory.mktemp("fast")
        result = run_cli("check", *args, "--out", out, "--quiet")
        assert result.exit_code in (0, 1), (name, result.stderr)
        folders[name] = out
    overrides = tmp_path_factory.mktemp("overrides") / "overrides.json"
    overrides.write_text(json.dumps(OVERRIDES, ensure_ascii=False), encoding="utf-8")
    out = tmp_path_factory.mktemp("fast")
    assert run_cli("check", *W05, "--overrides", overrides, "--out", out, "--quiet").exit_code in (0, 1)
    folders["W-05+overrides"] = out
    # a handling ledger with decisions: the applicant's side after them (申请人材料 … 人工复核后：…)
    ledger_overrides = overrides.parent / "ledger_overrides.json"
    ledger_overrides.write_text(json.dumps(LEDGER_OVERRIDES, ensure_ascii=False), encoding="utf-8")
    out = tmp_path_factory.mktemp("fast")
    assert run_cli("check", SAMPLES / "ledgers" / "W-04_受理台账.xlsx", "--workflow", "W-04", "--overrides", ledger_overrides,
                   "--out", out, "--quiet").exit_code in (0, 1)
    folders["W-04 ledger+overrides"] = out
    return folders


LEDGER_OVERRIDES = [{"申报编号": "W04L-04", "规则编号": "ELIG-BELOW-LIMIT", "复核结论": "不通过", "理由": "项目总投资超过限额", "复核人": "王五"}]


@pytest.fixture(scope="module")
def cases(outputs):
    """(sample, document, run) of every case of every sample."""
    found = []
    for name, out in outputs.items():
        run_cases = RunCases.open(out)
        for line in run_cases.lines():
            document = run_cases.document(orjson.loads(line))
            found.append((name, document, run_cases.run_for(document)))
    return found


def template_notice(document, run) -> str | None:
    notice = case_context(document, run)["notice"]
    return None if notice is None else environment().get_template("notice_body.html.j2").render(notice=notice)


def assert_same(document, run, label=""):
    assert case_html(document, run) == render_case(document, run, "case.html.j2"), label
    entry = render_notice(document, run)
    expected = template_notice(document, run)
    assert (entry and entry.html) == expected, label


def test_every_sample_case_renders_byte_identical(cases):
    assert len(cases) > 150
    for name, document, run in cases:
        assert_same(document, run, f"{name} {document['case_id']}")


def test_the_samples_cover_every_part_of_the_page(cases):
    """The comparison above means something only if the samples reach every branch of the template."""
    documents = [d for _, d, _ in cases]
    contexts = [case_context(d, r) for _, d, r in cases]
    assert any(d.get("verdict_with_overrides") for d in documents)
    assert any(f.get("override") for d in documents for f in d["findings"])
    assert any(d.get("conditions") and d["conditions"].get("notice_title") for d in documents)
    assert any(r.registers for _, _, r in cases) and any(r.window for _, _, r in cases)
    assert any(d.get("not_checked") for d in documents) and any(d.get("other_columns") for d in documents)
    assert any(d.get("verdict_subject") == "office" and d.get("applicant_verdict") for d in documents)
    assert any(d.get("verdict_subject") == "office" and not d.get("applicant_verdict") for d in documents)
    kinds = {c["notice"].kind for c in contexts if c["notice"]}
    assert kinds == {"supplement", "refusal"}
    assert any(c["notice"] is None for c in contexts) and any(not c["problems"] for c in contexts)
    assert any(c["app"].get("district") for c in contexts) and any(not c["app"].get("district") for c in contexts)
    assert any(f.parameters for c in contexts for f in c["findings"])


def test_the_written_reports_are_the_fast_ones(outputs):
    """write_case and render_notice in a run: the files hold the template's bytes."""
    run_cases = RunCases.open(outputs["W-05"])
    compared = 0
    for line in run_cases.lines():
        lean = orjson.loads(line)
        path = outputs["W-05"] / "cases" / f"{lean['name']}.html"
        if path.is_file():
            assert path.read_text(encoding="utf-8") == render_case(run_cases.document(lean), run_cases.run, "case.html.j2")
            compared += 1
    assert compared == 14  # the flagged cases
    # 告知书汇总.html: the notices the templates give, in the same page
    entries = []
    for line in run_cases.lines():
        document = run_cases.document(orjson.loads(line))
        entry = render_notice(document, run_cases.run)
        if entry:
            entries.append(entry._replace(html=template_notice(document, run_cases.run)))
    assert (outputs["W-05"] / "告知书汇总.html").read_bytes() == notices_page(entries, run_cases.run)


# Text that breaks naive escaping: markup, both quotes, entities, template syntax, bidi overrides,
# control characters, a lone surrogate, CJK and full-width spaces.
HOSTILE = ["<script>alert(1)</script>", "\"'&<>", "&amp;", "&#39;", "{{ doc.case_id }}", "{% if %}", "{#", "\u202e司公限有",
           "\u2066x\u2069", "a\x00b\x1fc\x7f\x85", "\ud800", "\u3000全角\u3000", "line\nbreak\ttab", "", " ", "None", "0"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                         st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join))
maybe_text = st.one_of(st.none(), hostile_text)
verdicts = st.one_of(st.sampled_from(["eligible", "ineligible", "needs_review", "compliant", "noncompliant"]), maybe_text)
outcomes = st.sampled_from(["pass", "fail", "missing", "not_applicable"])


def _mutate_finding(draw, finding: dict) -> dict:
    finding = copy.deepcopy(finding)
    finding["title"] = {**finding["title"], "zh": draw(hostile_text)}
    finding["message"] = draw(hostile_text)
    finding["remedy"] = draw(maybe_text)
    finding["outcome"] = draw(outcomes)
    finding["severity"] = draw(st.sampled_from(["blocking", "review", "advisory", "<b>"]))
    for key in [k for k in finding["evidence"] if k not in ("source", "sources", "column")]:
        finding["evidence"][key] = draw(st.one_of(maybe_text, st.integers()))
    if draw(st.booleans()):
        finding["override"] = {"decision": draw(outcomes), "reviewer": draw(hostile_text), "reason": draw(hostile_text)}
    else:
        finding.pop("override", None)
    return finding


@st.composite
def hostile_case(draw, bases):
    """A sample document with hostile text (or None) in every field a report prints, and a run to match."""
    _, base, base_run = draw(st.sampled_from(bases))
    doc = copy.deepcopy(base)
    doc["case_id"] = draw(hostile_text)
    for entry in doc["application"].values():
        entry["value"] = draw(st.one_of(maybe_text, st.integers(), st.floats(allow_nan=False)))
    doc["findings"] = [_mutate_finding(draw, f) for f in doc["findings"]]
    doc["verdict"] = draw(verdicts)
    for key in ("verdict_with_overrides", "applicant_verdict", "item"):
        if draw(st.booleans()):
            doc[key] = draw(verdicts)
        else:
            doc.pop(key, None)
    doc["verdict_subject"] = draw(st.sampled_from([None, "office", "applicant"]))
    doc["reference_date"] = {**doc["reference_date"], "date": draw(maybe_text)}
    doc["not_checked"] = draw(st.lists(hostile_text, max_size=3))
    doc["other_columns"] = draw(st.dictionaries(hostile_text, maybe_text, max_size=3))
    doc["conditions"] = draw(st.one_of(st.none(), st.fixed_dictionaries(
        {"file": hostile_text, "sha256": hostile_text, "notice_number": maybe_text}, optional={"notice_title": maybe_text})))
    for key in ("input_file", "sheet", "input_sha256", "rulebook_version", "engine"):
        doc[key] = draw(hostile_text)
    doc["input_row"] = draw(st.one_of(st.integers(), hostile_text))
    run = copy.copy(base_run)
    run.workflow_title = draw(hostile_text)
    run.window = draw(maybe_text)
    run.registers = draw(st.dictionaries(hostile_text, hostile_text, max_size=2))
    run.notice = NoticeOptions(issuer=draw(maybe_text), date=draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1)))),
                               reply_days=draw(st.integers(0, 99)))
    return doc, run


@pytest.fixture(scope="module")
def bases(cases):
    """A few documents of different shapes: W-05 (district, other columns), W-12 with conditions, a ledger row."""
    wanted = ("W-05", "W-05+overrides", "W-12+conditions", "ledger N-04", "ledger W-04")
    return [c for c in cases if c[0] in wanted][::3]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_text_is_escaped_exactly_as_the_template_does(bases, data):
    document, run = data.draw(hostile_case(bases))
    assert_same(document, run)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(hostile_text, st.none(), st.integers(), st.floats(), st.booleans()))
def test_text_is_finalize_then_escape(value):
    template = environment().from_string("{{ value }}")
    assert text(value) == template.render(value=value)


def test_printable_text_holds_nothing_strip_control_removes():
    """text() skips strip_control for a printable string: sound only while no removed character is printable."""
    from checker.core.text import strip_control

    assert not [hex(c) for c in range(0x110000) if chr(c).isprintable() and strip_control(chr(c)) != chr(c)]
