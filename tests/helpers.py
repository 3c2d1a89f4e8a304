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


def write_text(folder: Path, name: str, text: str) -> Path:
    """``text`` written as ``folder / name`` (UTF-8): a side list, a pool or a record as a clerk saves it."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def base_round(book, name: str) -> dict:
    """A named base record of the rulebook (rules/cases/rounds/<name>.yaml), as a fresh dict."""
    return copy.deepcopy(book.bases[name])


def compliant_round(workflow: str) -> dict:
    """The compliant record of a workflow's rule fixtures (rules/cases/rounds/<workflow>-compliant.yaml)."""
    import yaml

    return yaml.safe_load((ROOT / "rules" / "cases" / "rounds" / f"{workflow}-compliant.yaml").read_text(encoding="utf-8"))


def audit_record(tmp_path: Path, record: dict, *extra, name: str = "o") -> dict:
    """``record`` audited by the command line as of 2024-01-01 (a fixed day: the fixtures' dates are
    never in the future); its round.json. The reports are in ``tmp_path / name``."""
    out = tmp_path / name
    run_cli("audit", write_json(tmp_path / f"{name}.json", record), "--out", out, "--as-of", "2024-01-01", *extra)
    return read_json(out / "round.json")


def findings_by_rule(document: dict) -> dict[str, tuple[str, str, str]]:
    """A round.json's findings as rule id → (outcome, grade, message); a rule found twice keeps its last."""
    return {f["rule_id"]: (f["outcome"], f["grade"], f["message"]) for f in document["findings"]}


def round_step(record: dict, name: str, stage=None) -> dict:
    """The 流程节点 row of step ``name`` (of ``stage`` when given) in a round record."""
    return next(r for r in record["流程节点"] if r["节点"] == name and (stage is None or r.get("阶段") == stage))


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


def write_paper_rounds(folder: Path, ids=("ZJ014",), names=("",)) -> None:
    """Twelve paper rounds of 新材料 (P00.json … P11.json), each drawing ZJ014 and six others: in
    round i ZJ014 is written ``ids[i % len(ids)]`` and its 姓名 ``names[i % len(names)]`` (fairness
    tests of one expert written several ways; the panels are the same whatever the spellings)."""
    import random

    chooser = random.Random(5)
    others = [f"ZJ{number:03d}" for number in range(1, 41) if number != 14]
    for index in range(12):
        panel = [ids[index % len(ids)], *chooser.sample(others, 6)]
        rows = [{"抽取记录编号": f"纸质{index}", "抽取科室": "局政工科", "专家编号": expert,
                 "姓名": names[index % len(names)] if position == 0 else "", "专业领域": "新材料",
                 "工作单位": "某单位", "角色": "正选"} for position, expert in enumerate(panel)]
        record = {"轮次": {"轮次编号": f"P-{index:02d}", "流程类型": "W-12", "项目领域": "新材料"},
                  "流程节点": [{"节点": "专家抽取", "日期": f"2024-{index + 1:02d}-05"}], "专家抽取": rows}
        (folder / f"P{index:02d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def audit_with_titled_sheets(tmp_path, title_of) -> dict:
    """The W-12 sample round with a title line (``title_of(sheet name)``) above each sheet's header,
    audited beside the plain one: their findings' outcomes, and the titled round's findings."""
    from openpyxl import load_workbook

    rounds = ROOT / "samples" / "rounds"
    workbook = load_workbook(rounds / "compliant_W-12.xlsx")
    for sheet in workbook.worksheets:
        sheet.insert_rows(1)
        sheet["A1"] = title_of(sheet.title)
    workbook.save(tmp_path / "titled.xlsx")
    plain = run_cli("audit", rounds / "compliant_W-12.xlsx", "--out", tmp_path / "plain")
    titled = run_cli("audit", tmp_path / "titled.xlsx", "--out", tmp_path / "titled")
    assert (titled.exit_code, plain.exit_code) == (1, 1), titled.output
    found = {name: read_json(tmp_path / name / "round.json")["findings"] for name in ("plain", "titled")}
    return {"outcomes": {name: [(f["rule_id"], f["outcome"]) for f in findings] for name, findings in found.items()},
            "titled": found["titled"]}


# --- the program under stop signals (tests/test_hostile_h51.py, test_hostile_h52.py, test_hangup.py) ---

def run_main_as_program(monkeypatch, *args):
    """The program as the console script runs it (its Ctrl-C handler from the start, main(): its own
    SIGTERM handler, both ignored at the end), with the handlers it changes put back afterwards."""
    import signal
    import sys

    import checker.cli as cli_module

    monkeypatch.setattr(sys, "argv", ["fundcheck", *(str(a) for a in args)])
    before = {stop: signal.signal(stop, handler) for stop, handler in  # SIGINT's: as the program's import sets it
              ((signal.SIGINT, cli_module._stopped_while_starting), (signal.SIGTERM, signal.SIG_DFL))}
    if hasattr(signal, "SIGHUP"):  # main() takes it too (ignored at the end): the test process gets its own back
        before[signal.SIGHUP] = signal.getsignal(signal.SIGHUP)
    try:
        with pytest.raises(SystemExit) as ended:
            cli_module.main()
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)
    return ended.value.code


def rounds_for_workers(tmp_path: Path) -> Path:
    """Thirty round records in tmp_path/rounds: more than one span (checker.audit.run.SPAN), so an
    `audit --jobs 2` hands them to worker processes."""
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    record = sample_round("noncompliant_W-08")
    for n in range(30):
        record["轮次"]["轮次编号"] = f"W08-2020-{n:03d}"
        (rounds / f"r{n:03d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return rounds


def assert_stopped_with_no_worker_left(command: list, out: Path) -> None:
    """Run ``command`` (a program stopped by its own hook while its workers start) in a process group
    of its own: it ends 2 saying 已中断, no process of the group is left, and its output folder holds
    only the manifest (no completion marker)."""
    import os
    import subprocess
    import time

    from checker.cli import INTERRUPTED

    process = subprocess.Popen([str(part) for part in command], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    printed, err = process.communicate(timeout=300)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(process.pid, 0)
    assert (process.returncode, printed, err.decode("utf-8")) == (2, b"", INTERRUPTED + "\n")
    assert [p.name for p in out.iterdir()] == [".fundcheck-run.json"]
