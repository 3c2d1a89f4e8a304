"""reports/example is exactly what the README's commands produce today (regenerate it if not).

W-05 check:   fundcheck check samples/w05_applications.xlsx --workflow W-05 --window 2020-07-01 2020-07-31 --out reports/example
Ledger:       fundcheck check samples/ledgers/N-04_受理台账.xlsx --workflow N-04 --out reports/example/ledgers/N-04
Round audits: python samples/rounds/make_rounds.py --reports
Fairness (checked in tests/test_fairness_report.py): python samples/fairness/make_fairness.py --reports
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from checker.audit.run import run_audit
from checker.cli import cli
from tests.helpers import ROOT, SAMPLES, needs_durable

pytestmark = needs_durable  # the examples are what the engine of record produces

EXAMPLE = ROOT / "reports" / "example"
STALE = "reports/example is stale: regenerate it with the commands in this test module's docstring"


def _text_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in (".json", ".jsonl", ".html", ".md")
    }


def _sheet_values(path: Path) -> list[list]:
    workbook = load_workbook(path)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets]


def test_w05_example_is_fresh(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["check", str(SAMPLES / "w05_applications.xlsx"), "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
         "--out", str(tmp_path), "--quiet"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    committed = {k: v for k, v in _text_files(EXAMPLE).items() if not k.startswith(("rounds/", "fairness/", "ledgers/"))}
    assert _text_files(tmp_path) == committed, STALE
    assert _sheet_values(tmp_path / "summary.xlsx") == _sheet_values(EXAMPLE / "summary.xlsx"), STALE
    # no run time anywhere: the workbook itself is byte-identical too
    assert (tmp_path / "summary.xlsx").read_bytes() == (EXAMPLE / "summary.xlsx").read_bytes(), STALE


def test_round_examples_are_fresh(tmp_path, book):
    rounds = SAMPLES / "rounds"
    for name in ("compliant_W-12", "noncompliant_W-08", "recommend_W-17", "recommend_W-18", "recommend_W-20", "lifecycle_W-12"):
        run_audit(book, [rounds / f"{name}.xlsx"], tmp_path / name, ledger=rounds / "ledger.db", echo=lambda *a, **k: None)
    run_audit(book, [rounds / "compliant_W-12.json", rounds / "noncompliant_W-08.json"], tmp_path / "both",
              ledger=rounds / "ledger.db", echo=lambda *a, **k: None)
    assert _text_files(tmp_path) == _text_files(EXAMPLE / "rounds"), STALE


def test_ledger_example_is_fresh(tmp_path):
    result = CliRunner().invoke(
        cli, ["check", str(SAMPLES / "ledgers" / "N-04_受理台账.xlsx"), "--workflow", "N-04", "--out", str(tmp_path), "--quiet"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert _text_files(tmp_path) == _text_files(EXAMPLE / "ledgers" / "N-04"), STALE
    assert (tmp_path / "summary.xlsx").read_bytes() == (EXAMPLE / "ledgers" / "N-04" / "summary.xlsx").read_bytes(), STALE
