"""Shared fixtures: the installed rulebook and a CLI runner."""

from __future__ import annotations

import pytest

from checker.core.rulebook import load_rulebook
from tests.helpers import ROOT, SAMPLES, SEEDS, read_json, run_cli  # noqa: F401 - re-exported for the tests


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(name="run_cli")
def run_cli_fixture():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return run_cli
