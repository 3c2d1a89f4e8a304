"""Per-case HTML: the Jinja template (case.html.j2) against the string-built renderer
(checker/report/case_html.py), over every case of the bundled samples.

    python -m benchmarks.bench_case_html [--repeats 15] [--apps 10000]

``--apps N`` times the flagged cases of the generated batch of N W-05 applications (benchmarks/generate.py)
instead of the samples.

Both sides include what a batch pays per flagged case: the findings in words, the notice built,
the page rendered (``render_case`` / ``case_html``), and the notice for 告知书汇总.html rendered
again (template / ``notice_html``). Rounds are interleaved (template, fast, template, ...) and the
medians taken, so a busy shared machine slows both alike.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
W05 = [SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31"]
W12 = [SAMPLES / "check" / "W-12_applications.xlsx", "--workflow", "W-12", "--conditions",
       SAMPLES / "conditions" / "W-12_conditions.xlsx", "--as-of", "2021-06-30"]
LEDGER = [SAMPLES / "ledgers" / "N-04_受理台账.xlsx", "--workflow", "N-04"]


def sample_cases(runs=(W05, W12, LEDGER), flagged_only: bool = False) -> list[tuple[dict, object]]:
    """(document, run) of every case of the W-05, W-12 (with conditions) and N-04 ledger samples."""
    from click.testing import CliRunner

    from checker.cli import cli
    from checker.report.lean import RunCases

    found = []
    with tempfile.TemporaryDirectory(prefix="fundcheck-html-") as tmp:
        for number, args in enumerate(runs):
            out = Path(tmp) / str(number)
            CliRunner().invoke(cli, ["check", *map(str, args), "--out", str(out), "--quiet"], catch_exceptions=False)
            cases = RunCases.open(out)
            for line in cases.lines():
                document = cases.document(orjson.loads(line))
                if not flagged_only or document["verdict"] not in ("eligible", "compliant"):
                    found.append((document, cases.run_for(document)))
    return found


def by_template(document: dict, run) -> tuple[str, str]:
    """What write_case and render_notice did before: both templates."""
    from checker.report.case import CaseWords, render_case
    from checker.report.notice import build_notice
    from checker.report.text import environment

    notice = build_notice(document, (run.words or CaseWords()).basis, run.notice)
    fragment = environment().get_template("notice_body.html.j2").render(notice=notice) if notice else ""
    return render_case(document, run, "case.html.j2"), fragment


def by_joins(document: dict, run) -> tuple[str, str]:
    from checker.report.case import case_html, render_notice

    entry = render_notice(document, run)
    return case_html(document, run), entry.html if entry else ""


def page_by_template(context: dict) -> str:
    from checker.report.text import environment

    return environment().get_template("case.html.j2").render(**context)


def page_by_joins(context: dict) -> str:
    from checker.report.case_html import case_page

    return case_page(**context)


def seconds(render, inputs) -> float:
    started = time.perf_counter()
    for arguments in inputs:
        render(*arguments)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--apps", type=int, help="the flagged cases of a generated W-05 batch of this size, not the samples")
    args = parser.parse_args()
    from checker.report.case import case_context

    if args.apps:
        from benchmarks.bench_check import workbook_for

        batch = [workbook_for(args.apps), "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31"]
        cases, what = sample_cases((batch,), flagged_only=True), f"flagged cases of {args.apps} generated W-05 applications"
    else:
        cases, what = sample_cases(), "sample cases (W-05, W-12 with conditions, N-04 ledger)"
    assert all(by_template(d, r) == by_joins(d, r) for d, r in cases), "the renderers differ: see tests/test_fast_html.py"
    # the page alone, from a context built beforehand: what the template engine itself costs
    contexts = [(case_context(d, r),) for d, r in cases]
    pairs = {"page + notice, as a batch calls them": (by_template, by_joins, cases),
             "the page alone, context built beforehand": (page_by_template, page_by_joins, contexts)}
    print(f"{len(cases)} {what}, medians of {args.repeats} interleaved rounds")
    for label, (slow, quick, inputs) in pairs.items():
        times: dict[str, list[float]] = {"template": [], "fast": []}
        for _ in range(args.repeats):
            times["template"].append(seconds(slow, inputs))
            times["fast"].append(seconds(quick, inputs))
        template, fast = (statistics.median(times[k]) * 1000 / len(inputs) for k in ("template", "fast"))
        print(f"{label}: template {template:.3f} ms/case, fast {fast:.3f} ms/case, {template / fast:.2f}x")


if __name__ == "__main__":
    main()
