"""Stand-alone fuzz runner: large campaigns and single reproducers.

    python -m tests.fuzz.run --n 1000 --jobs 2 --json /tmp/fuzz.json     # a campaign
    python -m tests.fuzz.run --only xlsx-control-char --seed 1200036 --keep /tmp/repro   # one input
    python -m tests.fuzz.run --list                                         # generator names

Prints every failing input (label, commands, exit codes, violations) and a table of distinct
violation classes with counts. ``--keep DIR`` leaves the inputs and outputs in DIR.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from tests.fuzz.generators import GENERATORS, Scale, plan
from tests.fuzz.generators import Case
from tests.fuzz.harness import Outcome, Violation, run_case


def run_many(pairs: list[tuple[str, int]], workdir: Path, jobs: int, scale: Scale | None = None, keep: bool = False,
             progress=None) -> list[Outcome]:
    outcomes: list[Outcome] = []

    def one(pair):
        try:
            outcome = run_case(pair[0], pair[1], workdir, scale)
        except Exception as error:  # a bug of the harness or a generator: reported, never stops the campaign
            import traceback

            outcome = Outcome(pair[0], pair[1], Case("?", f"{pair[0]}/generator-error", []))
            outcome.violations.append(Violation("harness-error", traceback.format_exc()[-1500:], "harness",
                                                f"{type(error).__name__}: {str(error)[:100]}"))
        if not keep:
            shutil.rmtree(workdir / outcome.ident, ignore_errors=True)
        return outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one, pair): pair for pair in pairs}
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            if progress:
                try:
                    progress(outcome, len(outcomes), len(pairs))
                except Exception as error:  # printing must never lose a campaign
                    print(f"(progress output failed: {error!r})", file=sys.stderr)
    order = {pair: i for i, pair in enumerate(pairs)}
    return sorted(outcomes, key=lambda o: order[(o.name, o.seed)])


def print_classes(outcomes: list[Outcome]) -> None:
    """Inputs per known defect class of tests/test_fuzz.py (F01 ...), and those no class explains."""
    from tests.test_fuzz import KNOWN_DEFECTS

    inputs: Counter = Counter()
    violations: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        hit = set()
        for violation in outcome.violations:
            defect = next((d for d in KNOWN_DEFECTS if d.explains(violation, outcome)), None)
            key = defect.id if defect else f"UNKNOWN {violation.key()}"
            violations[key] += 1
            hit.add(key)
        for key in hit:
            inputs[key] += 1
            examples[key].append(outcome.ident)
    print("\nby known defect class (inputs / violations):")
    for key in sorted(inputs):
        print(f"  {key:<8} {inputs[key]:4} / {violations[key]:4}   e.g. {', '.join(examples[key][:3])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--base-seed", type=int, default=12)
    parser.add_argument("--only", help="one generator name")
    parser.add_argument("--seed", type=int, action="append", help="with --only: this seed (repeatable)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    parser.add_argument("--json", type=Path, help="write every outcome as JSON here")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(errors="backslashreplace")
    if args.list:
        for name, (function, weight) in GENERATORS.items():
            print(f"{name:<22} weight {weight}  {(function.__doc__ or '').strip().splitlines()[0] if function.__doc__ else ''}")
        return 0
    if args.only:
        pairs = [(args.only, s) for s in (args.seed or [p[1] for p in plan(args.n, args.base_seed)])]
    else:
        pairs = plan(args.n, args.base_seed)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="fuzz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def progress(outcome, done, total):
        if outcome.violations and not args.quiet:
            print(outcome.describe(), flush=True)
        elif not args.quiet and done % 50 == 0:
            print(f"… {done}/{total} ({time.monotonic() - started:.0f}s)", flush=True)

    outcomes = run_many(pairs, workdir, args.jobs, keep=bool(args.keep), progress=progress)
    elapsed = time.monotonic() - started
    classes: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        for key in {v.key() for v in outcome.violations}:
            classes[key] += 1
            examples[key].append(outcome.ident)
    failing = sum(1 for o in outcomes if o.violations)
    print(f"\n{len(outcomes)} inputs, {failing} with violations, {sum(len(o.runs) for o in outcomes)} commands, {elapsed:.0f}s")
    for key, count in classes.most_common():
        print(f"{count:5}  {key}   e.g. {', '.join(examples[key][:3])}")
    print_classes(outcomes)
    if args.json:
        args.json.write_text(json.dumps([
            {"id": o.ident, "name": o.name, "seed": o.seed, "label": o.case.label,
             "runs": [{"argv": r.argv, "exit": r.returncode, "seconds": round(r.seconds, 2), "maxrss_mb": round(r.maxrss_mb),
                       "timed_out": r.timed_out, "stderr_tail": r.stderr[-1500:]} for r in o.runs],
             "violations": [v.__dict__ for v in o.violations]} for o in outcomes], ensure_ascii=False, indent=1),
            encoding="utf-8", errors="backslashreplace")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
