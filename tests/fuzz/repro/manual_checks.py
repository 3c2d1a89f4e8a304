"""Hand checks of the issue-12 defects that random inputs do not reach (file system and concurrency).

    python -m tests.fuzz.repro.manual_checks [--pairs 10] [--only NAME]

Each check drives the command line only (``python -m checker`` in a subprocess) and prints what it
observed: exit code, the last stderr line, and the effect on the file system or ledger. Nothing is
asserted; the observations go to /work/notes/fuzz-defects.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
PYTHON = sys.executable
APPS = SAMPLES / "w05_applications.json"


def fundcheck(*args, cwd=None, user: str | None = None) -> subprocess.CompletedProcess:
    command = [PYTHON, "-m", "checker", *map(str, args)]
    if user:
        command = ["setpriv", "--reuid", user, "--regid", user, "--clear-groups", *command]  # numeric ids
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=300)


def show(title: str, result: subprocess.CompletedProcess, note: str = "") -> None:
    last = (result.stderr.strip().splitlines() or [""])[-1]
    traceback = ""
    if "Traceback" in result.stderr:
        from tests.fuzz.harness import traceback_signature

        traceback = f" TRACEBACK [{traceback_signature(result.stderr)[0]}]"
    print(f"- {title}: exit {result.returncode}{traceback}; stderr: {last[:300]!r}" + (f"; {note}" if note else ""))


def ledger_rows(path: Path) -> list[tuple]:
    connection = sqlite3.connect(str(path))
    try:
        return connection.execute("SELECT seq, json_extract(entry_json, '$.type'), json_extract(entry_json, '$.round_id') "
                                  "FROM ledger ORDER BY seq").fetchall()
    finally:
        connection.close()


# --------------------------------------------------------------------------- check output folder


def symlinks_in_cases(work: Path) -> None:
    outside = work / "outside"
    outside.mkdir()
    victim = outside / "victim.json"
    victim.write_text("precious\n")
    out = work / "out-symlink"
    (out / "cases").mkdir(parents=True)
    os.symlink(victim, out / "cases" / "WH-2020-001.json")
    result = fundcheck("check", APPS, "--out", out, "--quiet")
    show("a symlink planted at cases/WH-2020-001.json -> outside/victim.json", result,
         f"victim now starts {victim.read_text()[:30]!r} (overwritten: {victim.read_text() != 'precious' + chr(10)})")
    out2 = work / "out-symlink-dir"
    out2.mkdir()
    target = outside / "cases-elsewhere"
    target.mkdir()
    os.symlink(target, out2 / "cases")
    result = fundcheck("check", APPS, "--out", out2, "--quiet")
    show("cases/ itself a symlink to a folder outside --out", result,
         f"{len(list(target.iterdir()))} report files written outside the output folder")
    out3 = work / "out-symlink-summary"
    out3.mkdir()
    victim2 = outside / "victim2.txt"
    victim2.write_text("precious\n")
    os.symlink(victim2, out3 / "summary.json")
    result = fundcheck("check", APPS, "--out", out3, "--quiet")
    show("summary.json a symlink to a file outside --out", result,
         f"victim overwritten: {victim2.read_text() != 'precious' + chr(10)}")


def cases_is_a_file(work: Path) -> None:
    out = work / "out-cases-file"
    out.mkdir()
    (out / "cases").write_text("not a folder")
    show("a file named cases where the folder should be", fundcheck("check", APPS, "--out", out, "--quiet"))
    out2 = work / "out-summary-dir"
    (out2 / "summary.xlsx").mkdir(parents=True)
    show("a folder named summary.xlsx", fundcheck("check", APPS, "--out", out2, "--quiet"),
         f"summary.json written: {(out2 / 'summary.json').exists()}")
    out3 = work / "out-report-dir"
    (out3 / "cases" / "WH-2020-001.json").mkdir(parents=True)
    show("a folder named cases/WH-2020-001.json", fundcheck("check", APPS, "--out", out3, "--quiet"))


def read_only_output(work: Path) -> None:
    out = work / "out-readonly"
    out.mkdir()
    os.chmod(work, 0o755)
    os.chmod(out, 0o555)
    result = fundcheck("check", APPS, "--out", out, "--quiet", user="65534", cwd="/tmp")
    show("read-only output folder (run as nobody)", result)
    out2 = work / "out-readonly-cases"
    (out2 / "cases").mkdir(parents=True)
    os.chmod(out2, 0o777)
    os.chmod(out2 / "cases", 0o555)
    result = fundcheck("check", APPS, "--out", out2, "--quiet", user="65534", cwd="/tmp")
    show("writable output folder, read-only cases/ (run as nobody)", result,
         f"summary.json written: {(out2 / 'summary.json').exists()}")
    out3 = work / "out-readonly-summary"
    out3.mkdir()
    os.chmod(out3, 0o777)
    fundcheck("check", APPS, "--out", out3, "--quiet")  # first run as root
    for name in ("summary.xlsx",):
        os.chmod(out3 / name, 0o444)
    os.chmod(out3, 0o555)
    shutil.rmtree(out3 / "cases", ignore_errors=True)
    os.chmod(out3, 0o777)
    result = fundcheck("check", APPS, "--out", out3, "--quiet", user="65534", cwd="/tmp")
    show("existing read-only summary.xlsx owned by root (run as nobody)", result)
    draw_dir = work / "draw-readonly"
    draw_dir.mkdir()
    os.chmod(draw_dir, 0o555)
    result = fundcheck("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "RO-1",
                       "--ledger", draw_dir / "l.db", "--out", draw_dir / "d.json", "--random-source", "1 2 3", user="65534", cwd="/tmp")
    show("draw new into a read-only folder (run as nobody)", result)


# --------------------------------------------------------------------------- draws and ledgers


def _draw(work: Path, name: str, ledger: Path, round_id: str = "2025-C-01", extra=()):
    return fundcheck("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", round_id,
                     "--ledger", ledger, "--out", work / f"{name}.json", "--random-source", "3 9 14 22 27 31 8", *extra)


def concurrent_draws(work: Path, pairs: int) -> None:
    doubles = 0
    outcomes = []
    for n in range(pairs):
        ledger = work / f"race-{n}.db"
        results = [None, None]
        barrier = threading.Barrier(2)

        def go(i):
            barrier.wait()
            results[i] = _draw(work, f"race-{n}-{i}", ledger)

        threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rows = ledger_rows(ledger) if ledger.exists() else []
        firsts = [r for r in rows if r[1] == "draw"]
        codes = [r.returncode for r in results]
        tracebacks = sum("Traceback" in r.stderr for r in results)
        outcomes.append((codes, [r[1] for r in rows], tracebacks, [r.stderr.strip().splitlines()[-1][:120] for r in results if r.returncode]))
        doubles += len(firsts) > 1
    print(f"- two concurrent `draw new` for the same round and field, {pairs} pairs: {doubles} pairs left two first draws "
          "(type draw) in the ledger")
    for codes, types, tracebacks, errors in outcomes:
        print(f"    exits {codes}, ledger entry types {types}, tracebacks {tracebacks}, errors {errors}")


def panel_out_is_a_folder(work: Path) -> None:
    folder = work / "panel-folder"
    folder.mkdir()
    ledger = work / "panel.db"
    result = fundcheck("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "P-1",
                       "--ledger", ledger, "--out", work / "p.json", "--panel-out", folder, "--random-source", "1 2 3")
    rows = ledger_rows(ledger) if ledger.exists() else []
    show("draw new --panel-out pointing at an existing folder", result,
         f"record written: {(work / 'p.json').exists()}, ledger entries: {len(rows)}, stray temp files: "
         f"{[p.name for p in work.iterdir() if p.name.startswith('.')]}")
    result = fundcheck("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "P-2",
                       "--ledger", ledger, "--out", folder, "--random-source", "1 2 3")
    show("draw new --out pointing at an existing folder", result, f"ledger entries: {len(ledger_rows(ledger)) if ledger.exists() else 0}")


def hidden_substitution(work: Path) -> None:
    ledger = work / "sub.db"
    record = work / "sub.json"
    _draw(work, "sub", ledger, "S-1")
    panel = json.loads(record.read_text(encoding="utf-8"))["panel"]
    result = fundcheck("draw", "substitute", record, "--expert", panel[0]["expert_id"], "--reason", "本人谢绝")
    show("draw substitute", result)
    data = json.loads(record.read_text(encoding="utf-8"))
    stripped = dict(data, substitutions=[])
    (work / "sub-hidden.json").write_text(json.dumps(stripped, ensure_ascii=False), encoding="utf-8")
    result = fundcheck("draw", "verify", work / "sub-hidden.json", "--ledger", ledger)
    show("draw verify --ledger, substitution removed from the record (head left at the substitution entry)", result,
         f"stdout: {result.stdout.strip()[:160]!r}")
    draw_entry = data["ledger"]["draw_entry"]
    stripped2 = dict(stripped, ledger=dict(data["ledger"], head={"entry": draw_entry["entry"], "hash": draw_entry["hash"]}))
    (work / "sub-hidden2.json").write_text(json.dumps(stripped2, ensure_ascii=False), encoding="utf-8")
    result = fundcheck("draw", "verify", work / "sub-hidden2.json", "--ledger", ledger)
    show("draw verify --ledger, substitution removed and the head put back to the draw entry", result,
         f"stdout: {result.stdout.strip()[:160]!r}")


def foreign_sqlite_as_ledger(work: Path) -> None:
    foreign = work / "accounts.db"
    connection = sqlite3.connect(str(foreign))
    connection.executescript("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT); INSERT INTO accounts (owner) VALUES ('x');")
    connection.commit()
    connection.close()
    before = foreign.read_bytes()
    result = _draw(work, "foreign", foreign, "F-1")
    connection = sqlite3.connect(str(foreign))
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master ORDER BY name")]
    connection.close()
    show("draw new --ledger on a SQLite file that is not a ledger", result,
         f"file changed: {foreign.read_bytes() != before}; objects now in it: {tables}")
    for command in (["ledger", "verify", foreign], ["ledger", "show", foreign]):
        show(" ".join(map(str, command[:2])) + " on it afterwards", fundcheck(*command))


CHECKS = {
    "symlinks": symlinks_in_cases, "cases-file": cases_is_a_file, "read-only": read_only_output,
    "panel-folder": panel_out_is_a_folder, "hidden-substitution": hidden_substitution, "foreign-ledger": foreign_sqlite_as_ledger,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--only")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="fuzz-manual-"))
    os.chmod(base, 0o755)
    try:
        for name, check in CHECKS.items():
            if args.only and args.only != name:
                continue
            work = base / name
            work.mkdir()
            os.chmod(work, 0o777)
            print(f"## {name}")
            check(work)
        if not args.only or args.only == "concurrent":
            work = base / "concurrent"
            work.mkdir()
            print("## concurrent")
            concurrent_draws(work, args.pairs)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(base)])
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
