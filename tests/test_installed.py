"""The installed console script finds its rulebook from any folder and runs the bundled sample."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import SAMPLES, read_json


def _fundcheck() -> list[str]:
    script = shutil.which("fundcheck")
    return [script] if script else [sys.executable, "-m", "checker"]


def test_rules_are_found_from_an_unrelated_folder(tmp_path):
    result = subprocess.run([*_fundcheck(), "rules", "list", "--workflow", "W-05"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[0] == "ELIG-REGION"


@pytest.mark.parametrize("command", [["check", "--help"], ["audit", "--help"], ["draw", "new", "--help"], ["ledger", "verify", "--help"]])
def test_every_command_has_help_with_an_example(command, tmp_path):
    result = subprocess.run([*_fundcheck(), *command], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "Example" in result.stdout, result.stdout


def test_python_dash_m_checker_runs_the_sample(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "--out", str(tmp_path / "out"), "--quiet"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 1 and result.stderr == ""
    assert read_json(tmp_path / "out" / "summary.json")["counts"]["cases"] == 18
