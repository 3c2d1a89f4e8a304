"""Shared fixtures: the installed rulebook, a CLI runner, and a crash-file watch: an internal error
is a defect, so a test run that leaves a crash file fails."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from checker.core.rulebook import load_rulebook
from tests.helpers import ROOT, SAMPLES, SEEDS, all_cases, case_text, read_case, read_json, run_cli  # noqa: F401 - re-exported for the tests

CRASH_DIR = Path(tempfile.mkdtemp(prefix="fundcheck-test-crash-"))
os.environ["FUNDCHECK_CRASH_DIR"] = str(CRASH_DIR)
# the rulebook cache (checker/core/cache.py) of this test run: never the user's own, and used by
# every command the tests start (so the unpickled rulebook is what most of them check with)
os.environ["FUNDCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="fundcheck-test-cache-")


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(name="run_cli")
def run_cli_fixture():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    return run_cli


@pytest.fixture(autouse=True)
def no_crash_files():
    yield
    crashes = sorted(CRASH_DIR.glob("crash-*.txt"))
    if crashes:
        text = crashes[-1].read_text(encoding="utf-8")
        for crash in crashes:
            crash.unlink()
        pytest.fail(f"an internal error was turned into a crash file:\n{text}")
