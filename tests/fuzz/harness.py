"""Run generated inputs through the fundcheck command line and check the fuzz properties.

Only the command line and its outputs are used (never ``checker`` internals): each command runs
as ``python -c <launcher> ARGS`` where the launcher sets resource limits and then runs the
``checker`` package exactly as ``python -m checker ARGS`` does (``runpy``), so an abort inside a
native reader (calamine asking for 512 GiB) kills only that subprocess.

The properties (issue 12 item 6):

* every command exits 0, 1 or 2 (no signal, no timeout) with no ``Traceback`` on stderr, and the
  crash folder ``FUNDCHECK_CRASH_DIR`` stays empty;
* ``check``: whenever summary.json exists summary.xlsx exists too; on exit 0/1 every input row is
  accounted for (``input_rows`` = cases + skipped empty rows + skipped total rows, and equal to
  the rows the generator wrote when it knows), every case has its report files and no two cases
  share an input row; report file names are portable (no Windows-reserved name, no trailing dot
  or space, no control character, unique ignoring case); ids that differ only by invisible or
  compatibility characters are flagged as duplicates;
* summary.xlsx and the draw panel file hold no formula (``<f>`` element) and no text that a
  spreadsheet would take for one (= + - @ tab CR first, DDE payloads) unless neutralised with a
  leading apostrophe or the cell style's quotePrefix (what typing an apostrophe in Excel or WPS
  stores); a CSV panel file likewise, by the apostrophe only;
* ``draw new``: on success the record and panel file exist, ``draw verify`` (with the pool and
  ledger) says it matches and ``ledger verify`` says the chain is intact; on failure no record or
  panel file is written and the ledger has not grown;
* ``audit``: on exit 0/1 the report(s) exist, one folder per round, with portable names.

A violation is a :class:`Violation` with a code; tracebacks also carry a signature (exception
type, innermost ``checker`` frame) used to group them into defect classes.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.generators import ROOT, Case, Scale, generate

# The peak RSS is read from /proc at exit (VmHWM): the rusage of a forked child also counts the
# parent's memory at fork time, which would hide the command's own peak.
LAUNCHER = (
    "import atexit, os, resource, runpy, sys\n"
    "mb = int(os.environ.get('FUNDCHECK_FUZZ_MEM_MB') or 0)\n"
    "if mb: resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))\n"
    "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
    "def peak(path=os.environ.get('FUNDCHECK_FUZZ_PEAK_FILE'), pid=os.getpid()):\n"
    "    if path and os.getpid() == pid:\n"
    "        status = open('/proc/self/status').read()\n"
    "        open(path, 'w').write(status.split('VmHWM:')[1].split()[0] if 'VmHWM:' in status else '0')\n"
    "atexit.register(peak)\n"
    "runpy.run_module('checker', run_name='__main__', alter_sys=True)\n"
)
DEFAULT_TIMEOUT = float(os.environ.get("FUNDCHECK_FUZZ_TIMEOUT") or 120)
MEM_MB = int(os.environ.get("FUNDCHECK_FUZZ_MEM_MB") or 4096)  # address-space cap of each command
RSS_LIMIT_MB = int(os.environ.get("FUNDCHECK_FUZZ_RSS_MB") or 1024)  # peak RSS above this is a violation
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)


@dataclass
class Run:
    argv: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    maxrss_mb: float
    timed_out: bool = False


@dataclass
class Violation:
    code: str  # e.g. traceback, signal, rows-unaccounted, xlsx-formula-text
    detail: str
    command: str = ""  # check | audit | draw new | draw verify | ledger verify | ledger show ...
    signature: str = ""  # tracebacks: "ExcType @ function (file:line)"; signals: the signal

    def key(self) -> str:
        return f"{self.code}|{self.command}|{self.signature}"


@dataclass
class Outcome:
    name: str
    seed: int
    case: Case
    runs: list[Run] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ident(self) -> str:
        return f"{self.name}-{self.seed}"

    def describe(self) -> str:
        lines = [f"{self.ident}  [{self.case.label}]"]
        for run in self.runs:
            lines.append(f"  $ fundcheck {' '.join(_short(a) for a in run.argv)}  -> exit {run.returncode}"
                         f" in {run.seconds:.1f}s, {run.maxrss_mb:.0f} MB{' (timed out)' if run.timed_out else ''}")
        for violation in self.violations:
            lines.append(f"  ! {violation.code} [{violation.command}] {violation.signature}: {violation.detail[:600]}")
        return "\n".join(lines)


def _short(arg: str) -> str:
    arg = re.sub(r"/\S*/fuzz-[^/]+/", "…/", arg)
    return arg if len(arg) < 80 else arg[:60] + f"…({len(arg)} chars)"


# --------------------------------------------------------------------------- running one command


SPAWN = os.environ.get("FUNDCHECK_FUZZ_SPAWN") == "1"  # a fresh interpreter per command instead of the fork server
_ZYGOTES = threading.local()
_ALL_ZYGOTES: list[subprocess.Popen] = []


def _zygote() -> subprocess.Popen:
    server = getattr(_ZYGOTES, "server", None)
    if server is None or server.poll() is not None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
        server = subprocess.Popen([sys.executable, "-m", "tests.fuzz.zygote"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, encoding="utf-8")
        _ZYGOTES.server = server
        _ALL_ZYGOTES.append(server)
    return server


def stop_zygotes() -> None:
    for server in _ALL_ZYGOTES:
        if server.poll() is None:
            server.stdin.close()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    _ALL_ZYGOTES.clear()


atexit.register(stop_zygotes)


def _launch_forked(argv, cwd, env, out_path, err_path, peak_path, timeout) -> tuple[int, bool, int] | None:
    """Run one command through this thread's fork server; None if the server itself failed."""
    server = _zygote()
    request = {"argv": argv, "cwd": str(cwd), "env": env, "stdout": str(out_path), "stderr": str(err_path),
               "peak": str(peak_path), "timeout": timeout, "mem_mb": MEM_MB}
    try:
        server.stdin.write(json.dumps(request, ensure_ascii=True) + "\n")
        server.stdin.flush()
        line = server.stdout.readline()
        reply = json.loads(line)
    except (OSError, ValueError):
        server.kill()
        return None
    return reply["status"], reply["timed_out"], reply["maxrss_kb"]


def launch(argv: list[str], cwd: Path, crash_dir: Path, timeout: float) -> Run:
    """Run ``python -m checker ARGV`` with limits; collect exit, output and peak RSS.

    By default through a fork server (:mod:`tests.fuzz.zygote`), which runs the package in a
    forked child exactly as ``python -m checker`` does; ``FUNDCHECK_FUZZ_SPAWN=1`` starts a
    fresh interpreter per command (the launcher below) instead.
    """
    env = dict(os.environ)
    env.update({
        "FUNDCHECK_CRASH_DIR": str(crash_dir), "FUNDCHECK_FUZZ_MEM_MB": str(MEM_MB), "PYTHONPATH": str(ROOT),
        "PYTHONHASHSEED": "0", "TERM": "dumb", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8",
    })
    env.pop("PYTHONWARNINGS", None)
    out_path, err_path, peak_path = cwd / ".stdout", cwd / ".stderr", cwd / ".peak"
    peak_path.unlink(missing_ok=True)
    env["FUNDCHECK_FUZZ_PEAK_FILE"] = str(peak_path)
    started = time.monotonic()
    forked = None if SPAWN else _launch_forked(argv, cwd, env, out_path, err_path, peak_path, timeout)
    if forked is not None:
        status, was_killed, rusage_kb = forked
        return _finish(argv, status, out_path, err_path, peak_path, started, rusage_kb, was_killed)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    return _finish(argv, process.returncode, out_path, err_path, peak_path, started, usage.ru_maxrss, timed_out.is_set())


def _finish(argv, status, out_path, err_path, peak_path, started, rusage_kb, was_killed) -> Run:
    try:  # no file when the process was killed or aborted: fall back to rusage (an upper bound)
        peak_kb = int(peak_path.read_text() or 0)
    except (OSError, ValueError):
        peak_kb = rusage_kb
    run = Run(argv, status, _tail(out_path), _tail(err_path), time.monotonic() - started, peak_kb / 1024, was_killed)
    for path in (out_path, err_path, peak_path):
        path.unlink(missing_ok=True)
    return run


def _tail(path: Path, limit: int = 20_000) -> str:
    size = path.stat().st_size
    with open(path, "rb") as handle:
        if size > limit:
            handle.seek(size - limit)
        return handle.read().decode("utf-8", "replace")


# --------------------------------------------------------------------------- generic properties

_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+), in (\S+)', re.M)
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |:$|$)")


def traceback_signature(text: str) -> tuple[str, str]:
    """(signature, last lines) of the last traceback in ``text``."""
    start = text.rfind("Traceback (most recent call last):")
    block = text[start:]
    frames = _FRAME.findall(block)
    lines = [line for line in block.split("\n") if line.strip()]
    exception = next((line for line in reversed(lines) if _EXCEPTION_LINE.match(line)
                      and not line.startswith(("Traceback", "During handling", "The above exception"))), "?")
    exc_type = exception.split(":", 1)[0].strip()
    own = [f for f in frames if "/checker/" in f[0]]
    frame = own[-1] if own else (frames[-1] if frames else ("?", "0", "?"))
    where = frame[0].split("/checker/", 1)[-1] if "/checker/" in frame[0] else Path(frame[0]).name
    inner = frames[-1] if frames else frame
    inner_where = f"{Path(inner[0]).name}:{inner[2]}"
    signature = f"{exc_type} @ {frame[2]} (checker/{where}:{frame[1]})" if own else f"{exc_type} @ {inner_where}"
    if own and inner is not frame:
        signature += f" -> {inner_where}"
    tail = "\n".join(lines[-6:])
    return signature, tail


def command_name(argv: list[str]) -> str:
    return " ".join(argv[:2]) if argv and argv[0] in ("draw", "ledger") else (argv[0] if argv else "?")


def generic_violations(run: Run, crash_dir: Path, allowed: tuple[int, ...] = (0, 1, 2)) -> list[Violation]:
    name = command_name(run.argv)
    found: list[Violation] = []
    if run.timed_out:
        found.append(Violation("timeout", f"killed after {run.seconds:.0f}s", name, "timeout"))
    elif run.returncode is None or run.returncode < 0:
        sig = signal.Signals(-run.returncode).name if run.returncode else "?"
        found.append(Violation("signal", f"killed by {sig}; stderr: {run.stderr[-400:]}", name, sig))
    elif run.returncode not in allowed:
        found.append(Violation("exit-code", f"exit {run.returncode}; stderr: {run.stderr[-400:]}", name, f"exit {run.returncode}"))
    if "Traceback (most recent call last)" in run.stderr or "Traceback (most recent call last)" in run.stdout:
        signature, tail = traceback_signature(run.stderr if "Traceback (most recent call last)" in run.stderr else run.stdout)
        found.append(Violation("traceback", tail, name, signature))
    if "panicked at" in run.stderr and "Traceback" not in run.stderr:
        found.append(Violation("panic", run.stderr[-400:], name, "rust panic"))
    if run.maxrss_mb > RSS_LIMIT_MB:
        found.append(Violation("rss", f"peak RSS {run.maxrss_mb:.0f} MB > {RSS_LIMIT_MB} MB", name, "rss"))
    if crash_dir.exists() and any(crash_dir.iterdir()):
        found.append(Violation("crash-file", ", ".join(p.name for p in crash_dir.iterdir()), name, "crash-file"))
    return found


# --------------------------------------------------------------------------- spreadsheet / CSV safety


def _dangerous(text: str) -> bool:
    return text.startswith(FORMULA_START) and len(text) > 1


def _quote_prefixed_styles(package: zipfile.ZipFile, names: list[str]) -> set[str]:
    """Indexes (as in a cell's ``s`` attribute) of the cell formats whose quotePrefix keeps text as text."""
    if "xl/styles.xml" not in names:
        return set()
    root = ET.fromstring(package.read("xl/styles.xml"))
    cell_xfs = next((child for child in root if child.tag.endswith("}cellXfs")), None)
    if cell_xfs is None:
        return set()
    return {str(index) for index, xf in enumerate(x for x in cell_xfs if x.tag.endswith("}xf"))
            if xf.get("quotePrefix") in ("1", "true")}


def xlsx_formula_violations(path: Path, command: str) -> list[Violation]:
    """Formula elements, and formula-like text stored without the neutralising apostrophe."""
    found: list[Violation] = []
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return [Violation("output-unreadable", f"{path.name}: {error}", command, "output-unreadable")]
    with package:
        names = package.namelist()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(package.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter() if t.tag.endswith("}t")) for si in root if si.tag.endswith("}si")]
        quoted_styles = _quote_prefixed_styles(package, names)
        for name in names:
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            data = package.read(name)
            for match in re.finditer(rb'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).)*?<f[ >/]', data, re.S):
                found.append(Violation("xlsx-formula-element", f"{path.name} {name} cell {match.group(1).decode()} is a formula",
                                       command, "formula-element"))
            for cell in ET.fromstring(data).iter():
                if not cell.tag.endswith("}c"):
                    continue
                kind = cell.get("t")
                text = None
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                elif kind == "s":
                    v = next((c for c in cell if c.tag.endswith("}v")), None)
                    if v is not None and v.text and v.text.isdigit() and int(v.text) < len(shared):
                        text = shared[int(v.text)]
                elif kind == "str":
                    v = next((c for c in cell if c.tag.endswith("}v")), None)
                    text = v.text if v is not None else None
                if text and _dangerous(text) and cell.get("s", "0") not in quoted_styles:
                    dde = "|" in text and "!" in text
                    found.append(Violation("xlsx-formula-text",
                                           f"{path.name} {name} cell {cell.get('r')} holds {'a DDE payload' if dde else 'formula-like text'} "
                                           f"{text[:60]!r} without a leading apostrophe", command, "formula-text"))
    return found


def csv_formula_violations(path: Path, command: str) -> list[Violation]:
    import csv

    found = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            for value in row:
                if _dangerous(value):
                    found.append(Violation("csv-formula-text", f"{path.name} line {number}: {value[:60]!r}", command, "formula-text"))
    return found


# --------------------------------------------------------------------------- per-command properties


def portable_name_problems(names: list[str]) -> list[str]:
    problems = []
    folded: dict[str, str] = {}
    for name in names:
        stem = name.split(".", 1)[0] if not name.startswith(".") else name
        if WINDOWS_RESERVED.match(name) or WINDOWS_RESERVED.match(stem):
            problems.append(f"{name!r} is a Windows-reserved name")
        if name.endswith((".", " ")):
            problems.append(f"{name!r} ends with a dot or space (Windows strips it)")
        if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in name):
            problems.append(f"{name!r} holds a control or invisible character")
        if name.casefold() in folded and folded[name.casefold()] != name:
            problems.append(f"{name!r} and {folded[name.casefold()]!r} clash on a case-insensitive file system")
        folded.setdefault(name.casefold(), name)
    return problems


def _id_key(value: str) -> str:
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc")).strip()


def check_violations(case: Case, run: Run, out: Path) -> list[Violation]:
    found: list[Violation] = []
    summary_json, summary_xlsx = out / "summary.json", out / "summary.xlsx"
    if summary_json.exists() and not summary_xlsx.exists():
        found.append(Violation("summary-xlsx-missing", "summary.json was written but summary.xlsx was not", "check", "summary-xlsx-missing"))
    if summary_xlsx.exists():
        found += xlsx_formula_violations(summary_xlsx, "check")
    if run.returncode not in (0, 1) or run.timed_out or "Traceback (most recent call last)" in run.stderr:
        return found  # a crash (exit 1 from an uncaught exception) is reported once, as the traceback
    if not summary_json.exists():
        return found + [Violation("summary-json-missing", "exit 0/1 without summary.json", "check", "summary-json-missing")]
    try:
        summary = json.loads(summary_json.read_text(encoding="utf-8"))
    except ValueError as error:
        return found + [Violation("output-unreadable", f"summary.json: {error}", "check", "output-unreadable")]
    cases = summary.get("cases", [])
    skipped = summary.get("skipped_empty_rows", 0) + len(summary.get("skipped_total_rows", []))
    if summary.get("input_rows") != len(cases) + skipped or summary.get("rows_reconcile") is not True:
        found.append(Violation("rows-unaccounted", f"input_rows {summary.get('input_rows')} != {len(cases)} cases + {skipped} skipped",
                               "check", "rows-unaccounted"))
    if case.expected_rows is not None and summary.get("input_rows") != case.expected_rows:
        found.append(Violation("rows-miscounted", f"the input has {case.expected_rows} rows, summary.json says input_rows "
                               f"{summary.get('input_rows')} ({len(cases)} cases, {skipped} skipped)", "check", "rows-miscounted"))
    rows = [c.get("input_row") for c in cases]
    if len(set(rows)) != len(rows):
        found.append(Violation("rows-duplicated", f"input rows reported twice: {sorted(r for r in set(rows) if rows.count(r) > 1)[:5]}",
                               "check", "rows-duplicated"))
    formats = next((case.argv[i + 1] for i, a in enumerate(case.argv) if a == "--format"), "json,html").split(",")
    cases_dir = out / "cases"
    missing = [c["report"] for c in cases if not all((out / f"{c['report']}.{ext}").is_file() for ext in formats)]
    if missing:
        found.append(Violation("report-missing", f"{len(missing)} case report(s) missing, e.g. {missing[:3]}", "check", "report-missing"))
    written = sorted(p.name for p in cases_dir.iterdir()) if cases_dir.is_dir() else []
    if len([n for n in written if n.endswith(".json")]) != len(cases) and "json" in formats:
        found.append(Violation("report-count", f"{len(cases)} cases but {len([n for n in written if n.endswith('.json')])} JSON reports",
                               "check", "report-count"))
    problems = portable_name_problems(written)
    if problems:
        found.append(Violation("non-portable-name", "; ".join(problems[:4]), "check", "non-portable-name"))
    groups: dict[str, list[dict]] = {}
    for c in cases:
        if isinstance(c.get("case_id"), str) and not re.fullmatch(r"row\d+", c["case_id"]):
            groups.setdefault(_id_key(c["case_id"]), []).append(c)
    for key, members in groups.items():
        if len({m["case_id"] for m in members}) < 2:
            continue
        flagged = []
        for member in members:
            try:
                document = json.loads((out / f"{member['report']}.json").read_text(encoding="utf-8"))
                flagged.append(any(f.get("rule_id") == "INP-DUPLICATE-ID" for f in document.get("findings", [])))
            except (OSError, ValueError):
                flagged.append(False)
        if not all(flagged):
            kinds = "invisible" if any(unicodedata.category(ch) in ("Cf", "Cc") for m in members for ch in m["case_id"]) else "nfkc"
            found.append(Violation("duplicate-id-unflagged", f"ids {[m['case_id'] for m in members]!r} are the same id but not "
                                   "reported as duplicates (INP-DUPLICATE-ID)", "check", f"duplicate-id-{kinds}"))
    return found


def audit_violations(case: Case, run: Run, out: Path) -> list[Violation]:
    if run.returncode not in (0, 1) or run.timed_out or "Traceback (most recent call last)" in run.stderr:
        return []
    found = []
    if (out / "rounds.json").is_file():
        try:
            index = json.loads((out / "rounds.json").read_text(encoding="utf-8"))
        except ValueError as error:
            return [Violation("output-unreadable", f"rounds.json: {error}", "audit", "output-unreadable")]
        folders = [item.get("folder", "") for item in index]
        for folder in folders:
            target = (out / folder).resolve()
            if out.resolve() not in target.parents or not (target / "round.json").is_file():
                found.append(Violation("report-missing", f"round folder {folder!r} missing or outside the output folder", "audit", "report-missing"))
        problems = portable_name_problems(folders)
        if problems:
            found.append(Violation("non-portable-name", "; ".join(problems[:4]), "audit", "non-portable-name"))
    elif not (out / "round.json").is_file():
        found.append(Violation("report-missing", "exit 0/1 without round.json or rounds.json", "audit", "report-missing"))
    return found


def _ledger_count(path: Path) -> int | None:
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("SELECT count(*) FROM ledger").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def _arg(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


# --------------------------------------------------------------------------- one case


def run_case(name: str, seed: int, workdir: Path, scale: Scale | None = None) -> Outcome:
    """Generate input ``name``/``seed`` under ``workdir``, run its command(s), check the properties."""
    folder = workdir / f"{name}-{seed}"
    case = generate(name, seed, folder / "in", scale)
    outcome = Outcome(name, seed, case)
    out = folder / "out"
    out.mkdir(parents=True, exist_ok=True)
    crash = folder / "crash"
    crash.mkdir(exist_ok=True)
    timeout = case.timeout or DEFAULT_TIMEOUT

    def fill(argv: list[str]) -> list[str]:
        return [a.replace("{out}", str(out)) for a in argv]

    argv = fill(case.argv)
    ledger_path = Path(_arg(argv, "--ledger")) if case.kind == "draw" else None
    before = _ledger_count(ledger_path) if ledger_path else None
    run = launch(argv, folder, crash, timeout)
    outcome.runs.append(run)
    outcome.violations += generic_violations(run, crash)
    if case.kind == "check":
        outcome.violations += check_violations(case, run, out)
    elif case.kind == "audit":
        outcome.violations += audit_violations(case, run, out)
    elif case.kind == "draw":
        outcome.violations += draw_followups(case, run, argv, out, folder, crash, before, outcome)
    for extra in case.extra:
        more = launch(fill(extra), folder, crash, timeout)
        outcome.runs.append(more)
        outcome.violations += generic_violations(more, crash)
    return outcome


def draw_followups(case: Case, run: Run, argv: list[str], out: Path, folder: Path, crash: Path, before: int | None,
                   outcome: Outcome) -> list[Violation]:
    found: list[Violation] = []
    record = Path(_arg(argv, "--out"))
    panel = Path(_arg(argv, "--panel-out"))
    ledger_path = Path(_arg(argv, "--ledger"))
    crashed = "Traceback (most recent call last)" in run.stderr
    if run.returncode == 0 and not run.timed_out:
        if not record.is_file():
            found.append(Violation("record-missing", "exit 0 without the draw record", "draw new", "record-missing"))
            return found
        if not panel.is_file():
            found.append(Violation("panel-missing", f"exit 0 without the panel file {panel.name}", "draw new", "panel-missing"))
        elif panel.suffix.lower() == ".csv":
            found += csv_formula_violations(panel, "draw new")
        else:
            found += xlsx_formula_violations(panel, "draw new")
        verify = ["draw", "verify", str(record), "--ledger", str(ledger_path)]
        if "--pool" in argv:
            verify += ["--pool", _arg(argv, "--pool")]
        for followup in (verify, ["ledger", "verify", str(ledger_path)]):
            result = launch(followup, folder, crash, DEFAULT_TIMEOUT)
            outcome.runs.append(result)
            found += generic_violations(result, crash)
            if result.returncode != 0 and not result.timed_out:
                found.append(Violation("verify-after-draw", f"{' '.join(followup[:2])} of a fresh draw exits {result.returncode}: "
                                       f"{(result.stdout + result.stderr).strip()[-300:]}", " ".join(followup[:2]), "verify-after-draw"))
    elif run.returncode in (1, 2) or crashed:
        leftovers = [p.name for p in (record, panel) if p.exists() and p.is_file()]
        if leftovers:
            found.append(Violation("failed-command-wrote", f"exit {run.returncode} but wrote {leftovers}", "draw new", "failed-command-wrote"))
        after = _ledger_count(ledger_path)
        if after is not None and after != (before or 0):
            found.append(Violation("failed-command-appended", f"exit {run.returncode} but the ledger went from {before} to {after} entries",
                                   "draw new", "failed-command-appended"))
    return found
