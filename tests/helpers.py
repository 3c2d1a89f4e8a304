"""Test helpers and record builders: sample records as data, a CLI runner that never hides a crash."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.core.engine import AVAILABLE as DURABLE_AVAILABLE

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ROUNDS = SAMPLES / "rounds"
SEEDS = ROOT.parent / "shared" / "seeds"


def run_cli(*args):
    """Invoke ``fundcheck`` in-process. catch_exceptions=False: a crash fails the test loudly,
    never passing for an exit code 1."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def sample_round(name: str) -> dict:
    """A sample round record (samples/rounds/<name>.json) as a fresh dict."""
    return json.loads((ROUNDS / f"{name}.json").read_text(encoding="utf-8"))


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def base_round(book, name: str) -> dict:
    """A named base record of the rulebook (rules/cases/rounds/<name>.yaml), as a fresh dict."""
    return copy.deepcopy(book.bases[name])


needs_durable = pytest.mark.skipif(not DURABLE_AVAILABLE, reason="durable-rules is not installed here (Windows, Python 3.13): "
                                   "the engine-agreement tests need both evaluators")


def read_case(out: Path, name: str) -> dict:
    """A case's report document from a check run's outputs (cases.jsonl and rules.json, as
    `fundcheck show --format json` prints it; cases/<name>.json for older runs)."""
    from checker.cli.show import case_report

    return json.loads(case_report(Path(out), name, "json")[0])


def case_text(out: Path, name: str, kind: str = "html") -> str:
    """A case's HTML or Markdown report, as `fundcheck show` renders it (the bytes --per-case all writes)."""
    from checker.cli.show import case_report

    return case_report(Path(out), name, kind)[0].decode("utf-8")


def all_cases(out: Path) -> list[dict]:
    """Every case document of a check run, in input order."""
    import orjson

    from checker.report.lean import RunCases

    cases = RunCases.open(Path(out))
    return [cases.document(orjson.loads(line)) for line in cases.lines()]


W05_JULY_2020 = ("--workflow", "W-05", "--window", "2020-07-01", "2020-07-31")  # the sample round's options


def check_summary(path: Path, out: Path, *extra) -> dict:
    """`fundcheck check PATH -w W-05 --window 2020-07-01 2020-07-31 --out OUT`: its summary.json (the
    run must finish: exit 0 or 1)."""
    result = run_cli("check", path, *W05_JULY_2020, "--out", out, "--quiet", *extra)
    assert result.exit_code in (0, 1), result.output
    return read_json(out / "summary.json")
