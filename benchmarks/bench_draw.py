"""Benchmark the draw and the ledger (issue 3 targets: draw ≤ 0.5 s, ledger verify ≤ 2 s).

    python benchmarks/bench_draw.py [--experts 100000] [--entries 100000] [--skip-xlsx]
                                    [--rounds 3] [--skip-openpyxl] [--baseline ../wt-main] [--command]

1. A 100,000-expert pool already in memory: a draw of 7 + 3 alternates with recusal (50 applicants,
   a conflicts list, staff) — candidates, exclusions, eligible list, RFC 3797 picks, record and
   its hashes. Median of 3 runs.
2. `ledger verify` of a 100,000-entry ledger (entries shaped like real draw entries). Median of 3.
3. Reading the same pool from an .xlsx workbook (generated once under benchmarks/data/, git-ignored),
   each run paired with a python-calamine read of the file just before it (A B A C ...): read_pool,
   read_pool + a draw (what `draw new` does with the file), the openpyxl fallback and, with
   ``--baseline``, read_pool of another checkout (e.g. a worktree at main) in a child process
   started once. Medians of ``--rounds`` rounds, and the median of each pair's ratio.
4. ``--command``: the whole ``fundcheck draw new`` in a new process (imports, side lists, ledger,
   record and panel file), each run paired with a new process reading the workbook with
   python-calamine just before it; with ``--baseline`` the same command of another checkout (its
   own venv: ``<tree>/.venv/bin/fundcheck``) in the same rounds, the two in alternating order.
   Medians of ``--rounds`` pairs and of the pairs' ratios; the load average before and after.
   Every record is checked against the old writer (``json.dumps(indent=2)``) and its ledger verified.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker.draw import record as draw_mod  # noqa: E402
from checker.draw.recusal import exclusion_inputs
from checker.draw.verify import verify_record
from checker.draw import ledger  # noqa: E402
from checker.draw.pool import Expert, build_pool, read_pool  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
FIELDS = ["新材料", "智能制造", "电子信息", "节能环保"]


def synthetic_experts(count: int) -> list[Expert]:
    return [Expert(f"E{index:06d}", f"专家{index}", f"单位{index % 5000}",
                   tuple(sorted({FIELDS[index % 4], FIELDS[(index // 4) % 4]})),
                   "在库" if index % 10 else "暂停", staff=index % 997 == 0, row=index + 2)
            for index in range(count)]


def timed(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_draw(count: int) -> None:
    pool = build_pool(synthetic_experts(count))
    inputs = exclusion_inputs(
        [{"applicant_id": f"A{n}", "name": f"单位{n * 37}", "uscc": ""} for n in range(50)],
        [{"expert_id": f"E{n * 13:06d}", "applicant": "甲", "reason": "亲属"} for n in range(100)],
        [f"E{n * 101:06d}" for n in range(50)])
    seed = draw_mod.public_seed([[3, 9, 14, 22, 27, 31, 8], [2, 11, 19, 28, 33, 5, 9]])

    def run():
        prepared = draw_mod.prepare(pool, "BENCH", ["新材料"], draw_mod.Policy(7, 3), inputs)
        record = draw_mod.build_record(prepared, seed, "政工科", "T")
        draw_mod.draw_entry(dict(record, redraw=None), "draw")
        return record

    seconds, record = timed(run)
    verify_seconds, problem = timed(lambda: verify_record(record))
    assert problem == ""
    print(f"draw of 7 (+3 alternates) from an in-memory pool of {count:,} experts: "
          f"{len(record['candidates']):,} candidates, {len(record['exclusions']):,} excluded, "
          f"{len(record['eligible']):,} eligible -> median {seconds:.3f} s (target 0.5 s)")
    print(f"draw verify of that record (no pool file): median {verify_seconds:.3f} s")


def bench_xlsx(count: int, rounds: int = 3, baseline: str | None = None, skip_openpyxl: bool = False) -> None:
    from openpyxl import Workbook

    DATA.mkdir(exist_ok=True)
    path = DATA / f"pool_{count}.xlsx"
    if not path.exists():
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "是否本局工作人员", "联系电话"])
        for expert in synthetic_experts(count):
            sheet.append([expert.expert_id, expert.name, expert.unit, "、".join(expert.fields),
                          expert.status, "是" if expert.staff else "否", "13800000000"])
        workbook.save(path)
    from python_calamine import CalamineWorkbook

    from checker.io import table

    def calamine_read():
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)

    inputs = exclusion_inputs([], [], [])
    seed = draw_mod.public_seed([[3, 9, 14, 22, 27, 31, 8]])
    expected = build_pool(synthetic_experts(count)).sha256

    def read():
        return read_pool(path).sha256

    def draw_from_file():  # what `draw new` does with the file: read, validate, hash, draw
        pool = read_pool(path)
        prepared = draw_mod.prepare(pool, "BENCH", ["新材料"], draw_mod.Policy(7, 3), inputs)
        draw_mod.build_record(prepared, seed, "政工科", "T")
        return pool.sha256

    def openpyxl_read():
        calamine, table.CalamineWorkbook = table.CalamineWorkbook, None
        try:
            return read_pool(path).sha256
        finally:
            table.CalamineWorkbook = calamine

    # name -> (a run giving its seconds and the pool hash, label)
    runs = {"read_pool": (lambda: seconds_of(read), "read_pool"),
            "draw": (lambda: seconds_of(draw_from_file), "read_pool + draw of 7 (+3) from that file")}
    reader = BaselineReader(baseline, path) if baseline else None
    if reader:
        runs["baseline"] = (reader.measure, f"read_pool of {baseline}")
    if not skip_openpyxl:
        runs["openpyxl"] = (lambda: seconds_of(openpyxl_read), "read_pool with the openpyxl fallback")
    calamine_times: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in runs}
    ratios: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):  # each run paired with a calamine read just before it: a busy machine slows both
        for name, (measure, _label) in runs.items():
            calamine_times.append(seconds_of(calamine_read)[0])
            seconds, sha = measure()
            assert sha == expected, name
            times[name].append(seconds)
            ratios[name].append(seconds / calamine_times[-1])
    if reader:
        reader.close()
    base = statistics.median(calamine_times)
    print(f"{'python-calamine read of the workbook (baseline)':<50} {count:,} rows: median {base:6.2f} s")
    for name, (_function, label) in runs.items():
        seconds = statistics.median(times[name])
        print(f"{label:<50} {count:,} rows: median {seconds:6.2f} s  {seconds / base:5.2f}x calamine "
              f"(pairs: median {statistics.median(ratios[name]):5.2f}x, "
              f"{min(ratios[name]):.2f}-{max(ratios[name]):.2f}x)")


def seconds_of(function) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


class BaselineReader:
    """read_pool of another checkout, in a child process started once (the two versions of the
    package cannot share one process); the child times its own read, so start-up is not counted."""

    CHILD = ("import sys, time\n"
             "sys.path.insert(0, sys.argv[1])\n"
             "from checker.draw.pool import read_pool\n"
             "for _ in sys.stdin:\n"
             "    start = time.perf_counter()\n"
             "    sha = read_pool(sys.argv[2]).sha256\n"
             "    print(time.perf_counter() - start, sha, flush=True)\n")

    def __init__(self, tree: str, path: Path):
        self.child = subprocess.Popen([sys.executable, "-c", self.CHILD, str(Path(tree).resolve()), str(path)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self) -> tuple[float, str]:
        """The child's read: its seconds and the pool hash."""
        self.child.stdin.write("go\n")
        self.child.stdin.flush()
        seconds, sha = self.child.stdout.readline().split()
        return float(seconds), sha

    def close(self) -> None:
        self.child.stdin.close()  # the child's loop ends at the end of its input
        self.child.wait()


CALAMINE_READ = ("import sys, python_calamine\n"
                 "python_calamine.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)"
                 ".to_python(skip_empty_area=False)\n")
SIDE_FILES = {  # small recusal lists, so the command reads them as a real draw does
    "applicants.csv": "申报编号,企业名称,统一社会信用代码\n" + "".join(f"A{n},单位{n * 37},\n" for n in range(50)),
    "conflicts.csv": "专家编号,申报单位,回避原因\n" + "".join(f"E{n * 13:06d},甲,亲属\n" for n in range(100)),
    "staff.txt": "".join(f"E{n * 101:06d}\n" for n in range(50)),
}


def draw_command(fundcheck: str, pool: Path, folder: Path) -> list[str]:
    """`fundcheck draw new` as an office runs it: side lists, public sources, a new ledger."""
    return [fundcheck, "draw", "new", "--pool", str(pool), "--field", "新材料", "--size", "7", "--alternates", "3",
            "--round", "BENCH-01", "--ledger", str(folder / "draws.db"), "--out", str(folder / "draw.json"),
            "--applicants", str(folder / "applicants.csv"), "--conflicts", str(folder / "conflicts.csv"),
            "--staff", str(folder / "staff.txt"), "--random-source", "3 9 14 22 27 31 8",
            "--random-source", "2 11 19 28 33 5 9", "--source-name", "双色球 第2025060期",
            "--source-name", "大乐透 第25060期", "-q"]


CPU: list[float] = []  # CPU seconds (user + system) of the last process run by wall()


def wall(command: list[str]) -> float:
    """Wall seconds of a new process; its CPU seconds go to CPU (less moved by other users' load)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return seconds


def check_outputs(folder: Path, python: str) -> str:
    """The record as the old writer would give it, its ledger verified; the record without its
    times and hashes that depend on them (to compare two checkouts)."""
    import json
    import os

    text = (folder / "draw.json").read_text(encoding="utf-8")
    record = json.loads(text)
    assert text == json.dumps(record, ensure_ascii=False, indent=2) + "\n", "record bytes differ from json.dumps"
    fundcheck = str(Path(python).parent / "fundcheck")
    subprocess.run([fundcheck, "ledger", "verify", str(folder / "draws.db"), "-q"], check=True)
    subprocess.run([fundcheck, "draw", "verify", str(folder / "draw.json"), "--ledger", str(folder / "draws.db"),
                    "-q"], check=True)
    for key in ("drawn_at", "ledger"):
        record.pop(key)
    record["algorithm"].pop("implementation")
    return json.dumps(record, ensure_ascii=False, sort_keys=True) + str(os.path.getsize(folder / "draw.panel.xlsx") > 0)


def bench_command(count: int, rounds: int, baseline: str | None) -> None:
    import os
    import tempfile

    path = DATA / f"pool_{count}.xlsx"
    if not path.exists():
        bench_xlsx(count, 1, None, True)  # writes the workbook
    trees = {"now": Path(__file__).resolve().parents[1]}
    if baseline:
        trees["baseline"] = Path(baseline).resolve()
    python = {name: str(tree / ".venv" / "bin" / "python") for name, tree in trees.items()}
    fundcheck = {name: str(tree / ".venv" / "bin" / "fundcheck") for name, tree in trees.items()}
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {name: [] for name in trees}
    calamine: dict[str, list[float]] = {name: [] for name in trees}
    cpu: dict[str, list[float]] = {name: [] for name in trees}
    calamine_cpu: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="bench-draw-", dir="/var/tmp") as temp:
        folders = {}
        for name in trees:
            folder = folders[name] = Path(temp) / name
            folder.mkdir()
            for file, text in SIDE_FILES.items():
                (folder / file).write_text(text, encoding="utf-8")

        def fresh(name: str) -> Path:
            for file in ("draws.db", "draw.json", "draw.panel.xlsx"):
                (folders[name] / file).unlink(missing_ok=True)
            return folders[name]

        for name, tree in trees.items():
            # as installed (`pip install .` compiles the bytecode): an editable checkout run with
            # PYTHONDONTWRITEBYTECODE=1 (set on this machine) would compile its modules on every run
            subprocess.run([python[name], "-m", "compileall", "-q", str(tree / "checker")], check=True)
            wall(draw_command(fundcheck[name], path, fresh(name)))  # untimed: warms the file cache
        compared = {name: check_outputs(folders[name], python[name]) for name in trees}
        assert len(set(compared.values())) == 1, "the two checkouts drew different records"
        order = list(trees)
        for index in range(rounds):  # pairs: a calamine read in a new process, then the command
            for name in (order if index % 2 == 0 else order[::-1]):
                calamine[name].append(wall([python["now"], "-c", CALAMINE_READ, str(path)]))
                calamine_cpu[name].append(CPU[-1])
                times[name].append(wall(draw_command(fundcheck[name], path, fresh(name))))
                cpu[name].append(CPU[-1])
        for name in trees:
            check_outputs(folders[name], python[name])
    load_after = os.getloadavg()
    print(f"`fundcheck draw new` on {count:,} experts, new process each, {rounds} pairs; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    for name, tree in trees.items():
        ratios = [a / b for a, b in zip(times[name], calamine[name])]
        print(f"  {name:<9} {str(tree):<28} draw new median {statistics.median(times[name]):5.2f} s "
              f"(runs {' '.join(f'{t:.2f}' for t in times[name])}); calamine median "
              f"{statistics.median(calamine[name]):5.2f} s; ratio of medians "
              f"{statistics.median(times[name]) / statistics.median(calamine[name]):4.2f}x, pairs median "
              f"{statistics.median(ratios):4.2f}x ({min(ratios):.2f}-{max(ratios):.2f}x)")
        cpu_ratios = [a / b for a, b in zip(cpu[name], calamine_cpu[name])]
        print(f"  {'':<9} {'':<28} CPU: draw new median {statistics.median(cpu[name]):5.2f} s, calamine "
              f"{statistics.median(calamine_cpu[name]):5.2f} s; pairs median {statistics.median(cpu_ratios):4.2f}x "
              f"({min(cpu_ratios):.2f}-{max(cpu_ratios):.2f}x)")


def bench_ledger(count: int) -> None:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"ledger_{count}.db"
    if not path.exists():
        connection = ledger.open_or_create(path)
        prev = ledger.GENESIS
        with ledger.transaction(connection):
            for seq in range(1, count + 1):
                body = {"type": "draw", "seq": seq, "at": "2025-06-06T10:00:00+08:00", "round_id": f"R{seq}",
                        "fields": ["新材料"], "operator": "政工科", "pool_sha256": "a" * 64,
                        "eligible_sha256": "b" * 64, "draw_sha256": "c" * 64,
                        "panel": [f"E{seq + n:06d}" for n in range(7)],
                        "alternates": [f"E{seq + n:06d}" for n in range(7, 10)]}
                text = ledger.canonical_json(body).decode()
                digest = ledger.entry_hash(prev, text)
                connection.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", (seq, prev, text, digest))
                prev = digest
        connection.close()
    connection = ledger.open_existing(path)
    seconds, verdict = timed(lambda: ledger.verify(connection))
    connection.close()
    assert verdict.ok and verdict.count == count
    print(f"ledger verify of {count:,} entries: median {seconds:.3f} s (target 2 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--skip-xlsx", action="store_true", help="skip the (slow) workbook read")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the workbook reads (medians)")
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the (slowest) openpyxl fallback")
    parser.add_argument("--baseline", help="another checkout (e.g. a worktree at main) whose read_pool is timed too")
    parser.add_argument("--command", action="store_true",
                        help="only time the whole `draw new` command in new processes (with --baseline: its venv's too)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    if args.command:
        bench_command(args.experts, args.rounds, args.baseline)
        return
    bench_draw(args.experts)
    bench_ledger(args.entries)
    if not args.skip_xlsx:
        bench_xlsx(args.experts, args.rounds, args.baseline, args.skip_openpyxl)


if __name__ == "__main__":
    main()
