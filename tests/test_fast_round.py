"""The fast round reports (checker/report/round_html.py) print the bytes of round.html.j2 and
round.md.j2: every sample round, the model round of every audited profile and a share of the rule
fixtures on them, the written files, and hostile text in every printed field."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import UndefinedError

from checker.audit.document import round_document, round_header
from checker.audit.evaluate import RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.record import read_rounds
from checker.audit.run import run_audit
from checker.core.rulebook import load_rulebook
from checker.fixtures import audit_fixture, fixture_profiles
from checker.report.round import folder_name, render_round
from checker.report.round_html import plain, round_html, round_md
from checker.report.text import environment
from tests.helpers import ROUNDS

BOOK = load_rulebook()
SAMPLE_ROUNDS = [*sorted(ROUNDS.glob("*.xlsx")), *sorted(p for p in ROUNDS.glob("*.json") if not p.name.startswith("draw_"))]
FIXTURE_STRIDE = 10  # every 10th (rule, fixture, profile) of tests/test_audit_profiles.py: ~125 rounds, all rules
# fixtures taken besides the stride, whatever fixtures are added before them: the branches only they
# reach (a finding with no cell to cite: no 专家抽取 row at all)
BRANCH_FIXTURES = {("DRAW-SIZE-7", "fail_none")}


class _Base:
    """A fixture-shaped object: a base record with no patch and no context (as test_audit_profiles)."""

    def __init__(self, base: str):
        self.base, self.patch, self.context, self.input = base, {}, {}, None


def _report(result) -> tuple[dict, dict]:
    """(document, header) as run_audit builds them."""
    header = round_header(result, BOOK)
    return round_document(result, BOOK.version_of(result.workflow), header["conclusion"]), header


def _fixture_cases():
    audited = sorted(w for w, workflow in BOOK.workflows.items() if workflow.audit_rules)
    cases = []
    for rule_id in sorted(r for r, rule in BOOK.rules.items() if rule.kind == "round"):
        rule = BOOK.rules[rule_id]
        for fixture in rule.fixtures:
            for profile in fixture_profiles(BOOK, rule, fixture):
                cases.append((rule_id, fixture, profile))
    chosen = cases[::FIXTURE_STRIDE]
    branches = [next(c for c in cases if (c[0], c[1].name) == wanted) for wanted in sorted(BRANCH_FIXTURES)]
    return audited, chosen + [c for c in branches if c not in chosen]


@pytest.fixture(scope="module")
def samples():
    """(label, document, header) of every sample round, audited as samples/README.md says (with the
    ledger), and again with the day reading chosen by the auditor."""
    found = []
    for day_reading in (None, "working"):
        auditor = RoundAuditor(BOOK, day_reading=day_reading, context=RoundContext(ledger=ROUNDS / "ledger.db"))
        for record in read_rounds(SAMPLE_ROUNDS, BOOK.vocabulary.step_keys, BOOK.vocabulary.repeating_steps):
            found.append((f"{record.source} {day_reading}", *_report(auditor.evaluate(record))))
    return found


@pytest.fixture(scope="module")
def models():
    """The model round of every audited profile, and a share of the rule fixtures applied to them."""
    audited, cases = _fixture_cases()
    found = [(f"{w}-compliant", *_report(audit_fixture(BOOK, _Base(f"{w}-compliant"), workflow=w))) for w in audited]
    for rule_id, fixture, profile in cases:
        label = f"{rule_id}:{fixture.name}@{profile}"
        found.append((label, *_report(audit_fixture(BOOK, fixture, base=f"{profile}-compliant", workflow=profile, label=label))))
    return found


def assert_same(document: dict, header: dict, label: str = "") -> None:
    assert round_html(document, header) == render_round(document, header, "round.html.j2"), label
    assert round_md(document, header) == render_round(document, header, "round.md.j2"), label


def test_every_sample_round_renders_byte_identical(samples):
    assert len(samples) == 2 * 12  # 6 rounds, each as .xlsx and .json
    for label, document, header in samples:
        assert_same(document, header, label)


def test_every_model_round_and_fixture_renders_byte_identical(models):
    assert len(models) > 100
    for label, document, header in models:
        assert_same(document, header, label)


def test_the_rounds_reach_every_part_of_the_templates(samples, models):
    """The comparisons above mean something only if the rounds reach every branch of the templates."""
    pairs = [(d, h) for _, d, h in samples + models]
    documents, headers = [d for d, _ in pairs], [h for _, h in pairs]
    findings = [f for d in documents for f in d["findings"]]
    steps = [t for d in documents for t in d["timeline"]]
    views = [v for h in headers for v in h["views"]]
    both = {  # each branch taken and not taken
        "readings": [bool(h["readings"]) for h in headers],
        "calendar": [bool(d["calendar"]) for d in documents],
        "not applicable counted": [bool(h["counts"]["not_applicable"]) for h in headers],
        "reference date": [bool(d["reference_date"]) for d in documents],
        "deadline row": [bool(t.get("deadline")) for t in steps],
        "step document": [bool(t["doc"]) for t in steps],
        "stage": [bool(t["stage"]) for t in steps],
        "grade text": [bool(f.get("grade_text")) for f in findings],
        "remedy": [bool(f.get("remedy")) for f in findings],
        "evidence source": [bool(f["evidence"].get("source")) for f in findings],
        "parameters": [bool(v["parameters"]) for v in views],
        "not checked": [bool(d["not_checked"]) for d in documents] + [False],  # absent: test_the_shapes_no_round_has
    }
    assert {name: set(taken) for name, taken in both.items()} == {name: {True, False} for name in both}
    assert {d["verdict"] for d in documents} == {"compliant", "noncompliant", "needs_review"}
    assert {f["outcome"] for f in findings} == {"pass", "fail", "missing", "not_applicable"}
    # every finding has a grade, a record problem too (h35); one without is test_the_shapes_no_round_has's
    assert {f.get("grade") for f in findings} == {"compliant", "noncompliant", "needs_review"}
    for key in ("satisfies", "breaks", "undecided"):  # a timeline cell with one rule and with several
        assert {min(len(t[key]), 2) for t in steps} == {0, 1, 2}, key
    assert any("（由审计人指定）" in text for h in headers for text in h["readings"])


def test_the_shapes_no_round_has(samples):
    """What no audited round gives: no timeline, no 未核对事项, no fund name or office, a rule id
    without a title, a finding without evidence or grade, a key missing from the document."""
    _, base, base_header = next(s for s in samples if "noncompliant_W-08.json" in s[0])
    document, header = copy.deepcopy(base), copy.deepcopy(base_header)
    document["timeline"], document["not_checked"], document["calendar"] = [], [], []
    header.update(fund_name=None, office="", readings=[])
    assert_same(document, header)
    document, header = copy.deepcopy(base), copy.deepcopy(base_header)
    document["timeline"][0]["breaks"] = ["NO-SUCH-RULE", "keys", *document["timeline"][0]["breaks"]]
    header["titles"][document["timeline"][0]["satisfies"][0]] = ""  # an empty title prints the id
    document["findings"][1]["evidence"] = None
    document["findings"][2].pop("grade", None)
    for key in ("round_id", "reference_date", "input_sha256", "verdict", "not_checked", "calendar"):
        del document[key]
    for key in ("fund_name", "office", "conclusion", "readings"):
        del header[key]
    del header["counts"]["not_applicable"]
    assert_same(document, header)
    # what the template refuses (a key of a missing mapping), the fast renderers refuse too
    for broken in (lambda d, h: d["findings"][0].pop("evidence"), lambda d, h: h.pop("counts"), lambda d, h: h.pop("titles"),
                   lambda d, h: h.pop("views")):
        document, header = copy.deepcopy(base), copy.deepcopy(base_header)
        broken(document, header)
        for template, fast in (("round.html.j2", round_html), ("round.md.j2", round_md)):
            if template == "round.md.j2" and "evidence" not in document["findings"][0]:
                continue  # the Markdown prints no evidence
            with pytest.raises(UndefinedError):
                render_round(document, header, template)
            with pytest.raises(UndefinedError):
                fast(document, header)


def test_the_written_reports_are_the_fast_ones(tmp_path):
    """run_audit (the CLI's path), one round and several: the files hold the templates' bytes."""
    one, two = tmp_path / "one", tmp_path / "two"
    run_audit(BOOK, [ROUNDS / "noncompliant_W-08.xlsx"], one, ledger=ROUNDS / "ledger.db", echo=lambda _: None)
    run_audit(BOOK, [ROUNDS / "compliant_W-12.json", ROUNDS / "recommend_W-17.json"], two, ledger=ROUNDS / "ledger.db",
              echo=lambda _: None)
    auditor = RoundAuditor(BOOK, context=RoundContext(ledger=ROUNDS / "ledger.db"))
    compared = 0
    for folder, sources in ((one, ["noncompliant_W-08.xlsx"]), (two, ["compliant_W-12.json", "recommend_W-17.json"])):
        records = read_rounds([ROUNDS / s for s in sources], BOOK.vocabulary.step_keys, BOOK.vocabulary.repeating_steps)
        for record in records:
            document, header = _report(auditor.evaluate(record))
            where = folder if len(records) == 1 else folder / folder_name(record.round_id)
            for name, template in (("round.html", "round.html.j2"), ("round.md", "round.md.j2")):
                assert (where / name).read_bytes() == render_round(document, header, template).encode("utf-8"), where / name
                compared += 1
    assert compared == 6


# Text that breaks naive escaping: markup, both quotes, entities, Markdown (pipes, emphasis, code,
# headings), template syntax, bidi overrides, control characters, a lone surrogate, CJK, blank.
HOSTILE = ["<script>alert(1)</script>", "\"'&<>", "&amp;", "&#39;", "a|b", "\\|", "**b**", "_i_", "`code`", "```", "# h",
           "- item", "{{ r.round_id }}", "{% if %}", "{#", "\u202e司公限有", "\u2066x\u2069", "\u200b", "a\x00b\x1fc\x7f\x85",
           "\ud800", "\udfff", "\u3000全角\u3000", "line\nbreak\ttab\r\n", "\u2028", "", " ", "None", "0", "keys"]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                         st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join))
maybe_text = st.one_of(st.none(), hostile_text)
verdicts = st.one_of(st.sampled_from(["compliant", "noncompliant", "needs_review"]), maybe_text)
outcomes = st.one_of(st.sampled_from(["pass", "fail", "missing", "not_applicable"]), hostile_text)
counts = st.one_of(st.integers(0, 30), st.none())


def _some(draw, items: list) -> list:
    """A few of ``items`` (at most 4, possibly none), so a hostile round stays small."""
    start = draw(st.integers(0, max(len(items) - 1, 0)))
    return items[start:start + draw(st.integers(0, 4))]


@st.composite
def hostile_round(draw, bases):
    """A sample round with hostile text (or None) in every field the reports print."""
    _, base, base_header = draw(st.sampled_from(bases))
    document, header = copy.deepcopy(base), copy.deepcopy(base_header)
    for key in ("round_id", "reference_basis", "rulebook_version", "input_sha256"):
        document[key] = draw(hostile_text)
    document["verdict"] = draw(verdicts)
    document["reference_date"] = draw(maybe_text)
    document["calendar"] = [{**c, "text": draw(maybe_text)} for c in _some(draw, document["calendar"])]
    document["not_checked"] = draw(st.lists(maybe_text, max_size=3))
    rule_ids = st.one_of(st.sampled_from(sorted(header["titles"])), hostile_text)
    timeline = []
    for step in _some(draw, document["timeline"]):
        step = {**step, **{key: draw(hostile_text) for key in ("date_text", "step", "ref", "to")}}
        step["stage"], step["doc"] = draw(st.one_of(maybe_text, st.integers(0, 3))), draw(maybe_text)
        step["deadline"] = draw(st.one_of(st.booleans(), st.none(), hostile_text))
        for key in ("satisfies", "breaks", "undecided"):
            step[key] = draw(st.lists(rule_ids, max_size=3))
        timeline.append(step)
    document["timeline"] = timeline
    chosen = _some(draw, list(zip(document["findings"], header["views"])))
    findings, views = [], []
    for finding, view in chosen:
        finding = copy.deepcopy(finding)
        finding["outcome"], finding["message"], finding["remedy"] = draw(outcomes), draw(hostile_text), draw(maybe_text)
        finding["grade"], finding["grade_text"] = draw(verdicts), draw(maybe_text)
        finding["evidence"] = {**finding["evidence"], "source": draw(maybe_text)}
        findings.append(finding)
        views.append({"title": draw(hostile_text), "sources": draw(hostile_text), "parameters": draw(maybe_text)})
    document["findings"], header["views"] = findings, views
    for key in ("workflow_title", "conclusion"):
        header[key] = draw(hostile_text)
    header["fund_name"], header["office"] = draw(maybe_text), draw(maybe_text)
    header["readings"] = draw(st.lists(maybe_text, max_size=3))
    header["counts"] = {key: draw(counts) for key in ("fail", "missing", "pass", "not_applicable")}
    header["titles"] = {**header["titles"], **draw(st.dictionaries(rule_ids, maybe_text, max_size=4))}
    return document, header


@pytest.fixture(scope="module")
def bases(samples, models):
    """Rounds of different shapes: both samples' W-08 and W-12, a recommendation, a model round."""
    wanted = ("noncompliant_W-08.json None", "noncompliant_W-08.xlsx working", "lifecycle_W-12.json None", "recommend_W-17.xlsx None")
    chosen = [s for s in samples if any(s[0].endswith(w) for w in wanted)]
    assert len(chosen) == len(wanted)
    return chosen + models[:: max(len(models) // 4, 1)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_text_is_escaped_exactly_as_the_templates_do(bases, data):
    document, header = data.draw(hostile_round(bases))
    assert_same(document, header)


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(hostile_text, st.none(), st.integers(), st.floats(), st.booleans()))
def test_plain_is_what_a_markdown_template_prints(value):
    """``{{ value }}`` with autoescape off (the .md.j2 rule) and the environment's finalize."""
    template = environment().overlay(autoescape=False).from_string("{{ value }}")
    assert plain(value) == template.render(value=value)
