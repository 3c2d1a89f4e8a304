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
    assert result.returncode == 0 and ("示例：" in result.stdout or "Example:" in result.stdout), result.stdout


def test_python_dash_m_checker_runs_the_sample(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"), "--out", str(tmp_path / "out"), "--quiet"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 1 and result.stderr == ""
    assert read_json(tmp_path / "out" / "summary.json")["counts"]["cases"] == 18


def test_without_durable_rules_the_reference_evaluator_decides_and_reports_say_so(tmp_path):
    # Where durable-rules cannot be installed (Windows, Python 3.13) the import fails; simulate it.
    code = ("import sys; sys.modules['durable'] = None; sys.argv = ['fundcheck'] + sys.argv[1:]; "
            "from checker.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code, "check", str(SAMPLES / "w05_applications.xlsx"), "--window",
                             "2020-07-01", "2020-07-31", "--out", str(tmp_path / "out"), "--quiet"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (1, "")
    summary = read_json(tmp_path / "out" / "summary.json")
    committed = read_json(SAMPLES.parent / "reports" / "example" / "summary.json")
    assert summary["engine"] == "reference"
    assert [(c["case_id"], c["verdict"]) for c in summary["cases"]] == [(c["case_id"], c["verdict"]) for c in committed["cases"]]
