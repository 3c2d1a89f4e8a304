"""Shared fixtures: the installed rulebook, the bundled samples, a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture()
def run_cli():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""

    def invoke(*args: str):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
