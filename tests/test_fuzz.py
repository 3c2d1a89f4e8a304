"""Fuzz harness (issue 12 item 6): hostile inputs through the command line, one property.

Every generated input (``tests/fuzz/generators.py``: damaged workbooks, hostile JSON/JSONL, round
records, expert pools, ledger files) is run through ``python -m checker ...`` in a subprocess
(with an address-space cap, so a native abort or a runaway allocation stays in that process)
and must satisfy the properties of ``tests/fuzz/harness.py``: exit 0, 1 or 2; no traceback on
stderr; an empty crash folder (``FUNDCHECK_CRASH_DIR``); for ``check`` with exit 0/1 every input
row accounted for in summary.json, summary.xlsx present whenever summary.json is; no formula
or unneutralised formula-like text in summary.xlsx or the panel file; a fresh draw verifies.

How to run::

    pytest tests/test_fuzz.py                          # 200 inputs + 38 pinned reproducers, about 2 min on 2 cores
    FUNDCHECK_FUZZ_N=1000 pytest tests/test_fuzz.py    # the large run (about 15 min on 2 cores)
    FUNDCHECK_FUZZ_BIG=1 ...                           # GiB-size bombs, 1,048,576-row far cells (needs RAM)
    FUNDCHECK_FUZZ_N=0 pytest ...                      # only the pinned reproducers
    FUNDCHECK_FUZZ_STRICT=1 pytest tests/test_fuzz.py  # every violation fails, known defect or not
    python -m tests.fuzz.run --n 1000 --json out.json  # the same campaign outside pytest, with a class table
    python -m tests.fuzz.run --only NAME --seed SEED --keep /tmp/x   # reproduce one input (test id NAME-SEED)

Other knobs: ``FUNDCHECK_FUZZ_SEED`` (base seed of the plan, default 12), ``FUNDCHECK_FUZZ_JOBS``
(parallel commands, default the CPU count), ``FUNDCHECK_FUZZ_TIMEOUT`` (seconds per command,
default 120), ``FUNDCHECK_FUZZ_MEM_MB`` (address-space cap per command, default 4096),
``FUNDCHECK_FUZZ_RSS_MB`` (peak RSS above which a run is a violation, default 1024),
``FUNDCHECK_FUZZ_SCALE`` (e.g. ``bomb_mb=512,huge_string_mb=256,far_row=1048576``),
``FUNDCHECK_FUZZ_SPAWN=1`` (a fresh interpreter per command instead of the fork server of
``tests/fuzz/zygote.py``, which pre-imports only third-party libraries).

Known defects: a class not yet fixed is a :data:`KNOWN_DEFECTS` entry matching its violations
(code, command, traceback signature); an input whose violations all match known entries is
reported as xfail, anything else fails. The classes the first campaign found (F01-F16: control
characters, far cells, damaged zip members and XML, late entity declarations, orjson refusals,
malformed ledger rows, JSONL line breaks, non-portable names, invisible and full-width ids,
unneutralised panel text, NaN cells, damaged round sheets, GBK side files) are fixed; their
inputs are pinned (:data:`PINNED`) and must pass. Only F17 (memory amplification at GiB sizes,
``FUNDCHECK_FUZZ_BIG``) remains known. ``FUNDCHECK_FUZZ_STRICT=1`` turns every known entry off.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass

import pytest

from tests.fuzz.generators import GENERATORS, generate, plan
from tests.fuzz.harness import Outcome, Violation
from tests.fuzz.run import run_many

N = int(os.environ.get("FUNDCHECK_FUZZ_N") or 200)
BASE_SEED = int(os.environ.get("FUNDCHECK_FUZZ_SEED") or 12)
STRICT = os.environ.get("FUNDCHECK_FUZZ_STRICT") == "1"
JOBS = int(os.environ.get("FUNDCHECK_FUZZ_JOBS") or os.cpu_count() or 2)


@dataclass(frozen=True)
class KnownDefect:
    """A defect class of the current code: which violations it explains."""

    id: str
    reason: str
    code: str  # violation code (regex, full match)
    signature: str = ".*"  # regex searched in Violation.signature
    command: str = ".*"  # regex, full match on Violation.command
    label: str = ".*"  # regex searched in the input's label

    def explains(self, violation: Violation, outcome: Outcome) -> bool:
        return bool(re.fullmatch(self.code, violation.code) and re.search(self.signature, violation.signature)
                    and re.fullmatch(self.command, violation.command) and re.search(self.label, outcome.case.label))


TB = "traceback"
# One entry per class of /work/notes/fuzz-defects.md (F01 ...). Delete an entry when its defect is fixed.
KNOWN_DEFECTS: list[KnownDefect] = [
    # F01-F16 of the first campaign are fixed (issue 12); their inputs stay below as regressions.
    KnownDefect("F17", "memory amplification: one huge cell or a padded sheet part costs many times its size in RSS",
                "rss", ".*", "check", r"^xlsx-(huge-string|bomb|far-cell)/"),
]

# (generator, seed) pairs that reproduced each defect class of the first 1,200-input campaign
# (F01-F16, all fixed); always run, whatever N is, and they must pass.
PINNED_BY_CLASS: dict[str, list[tuple[str, int]]] = {
    "F01": [("xlsx-control-char", 1200205), ("json-control", 1200358), ("pool-types", 1200177)],
    "F02": [("xlsx-far-cell", 1201203)],
    "F03": [("xlsx-member-flip", 1200056), ("xlsx-member-flip", 1200141), ("xlsx-byte-flip", 1200372)],
    "F04": [("xlsx-tolerated-xml", 1200091), ("xlsx-invalid-xml", 1200083), ("xlsx-invalid-xml", 1200763)],
    "F05": [("xlsx-entity", 1200094), ("xlsx-entity", 1200190)],
    "F06": [("json-deep", 1200340), ("json-wrong-types", 1200972), ("json-control", 1200479)],
    "F07": [("ledger", 1200081), ("ledger", 1200204), ("ledger", 1200233), ("ledger", 1200250), ("ledger", 1200846),
            ("ledger", 1200998), ("ledger", 1201015), ("ledger", 1200459)],
    "F08": [("draw-ledger", 1200050)],
    "F09": [("json-control", 1200394), ("jsonl-mixed", 1200636), ("jsonl-mixed", 1200466)],
    "F10": [("xlsx-ids", 1200055), ("xlsx-ids", 1200414), ("round-ids", 1200234)],
    "F11": [("json-ids", 1200146), ("json-ids", 1200061)],
    "F12": [("pool-text", 1200388), ("pool-text", 1200786), ("pool-text", 1200728)],
    "F13": [("round-wrong-types", 1200351)],
    "F14": [("round-xlsx", 1200293)],
    "F15": [("draw-side", 1200817)],
    "F16": [("xlsx-invalid-xml", 1200508), ("json-control", 1200479), ("pool-types", 1200092), ("jsonl-mixed", 1200211)],
    # F16 here: inputs of the second campaign (after the restructure) that found a crash; F17 needs
    # FUNDCHECK_FUZZ_BIG sizes: no pinned input.
}
PINNED: list[tuple[str, int]] = [pair for pairs in PINNED_BY_CLASS.values() for pair in pairs]


def _pairs() -> list[tuple[str, int]]:
    seen, pairs = set(), []
    for pair in PINNED + plan(N, BASE_SEED):
        if pair not in seen:
            seen.add(pair)
            pairs.append(pair)
    return pairs


PAIRS = _pairs()


@pytest.fixture(scope="session")
def fuzz_outcomes(request, tmp_path_factory):
    """Run every selected input once, in parallel, before the first fuzz test asserts."""
    selected = [item.callspec.params["pair"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_fuzz_input" and hasattr(item, "callspec")]
    workdir = tmp_path_factory.mktemp("fuzz")
    outcomes = run_many(selected, workdir, JOBS, keep=True)
    for outcome in outcomes:  # keep the files of failing inputs only (under pytest's basetemp)
        if not outcome.violations:
            shutil.rmtree(workdir / outcome.ident, ignore_errors=True)
    return {(o.name, o.seed): o for o in outcomes}


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{name}-{seed}" for name, seed in PAIRS])
def test_fuzz_input(pair, fuzz_outcomes):
    outcome = fuzz_outcomes[pair]
    if not outcome.violations:
        return
    explained = {i: next((d for d in KNOWN_DEFECTS if d.explains(v, outcome)), None) for i, v in enumerate(outcome.violations)}
    unknown = [outcome.violations[i] for i, d in explained.items() if d is None]
    if STRICT or unknown:
        pytest.fail(outcome.describe() + (f"\nnot a known defect: {[v.key() for v in unknown]}" if unknown else "")
                    + f"\nreproduce: python -m tests.fuzz.run --only {outcome.name} --seed {outcome.seed} --keep /tmp/fuzz-repro",
                    pytrace=False)
    ids = sorted({d.id for d in explained.values() if d})
    pytest.xfail("known defect(s) " + ", ".join(ids) + ": " + "; ".join(d.reason for d in KNOWN_DEFECTS if d.id in ids))


def test_generators_are_deterministic(tmp_path):
    """The same generator and seed write the same bytes (reproducers stay valid)."""
    for name in GENERATORS:
        if name in ("xlsx-bomb", "xlsx-huge-string", "round-huge"):
            continue
        first = generate(name, 7, tmp_path / "a" / name)
        second = generate(name, 7, tmp_path / "b" / name)
        assert first.label == second.label
        for role, path in first.files.items():
            if path.is_file() and role != "ledger":  # SQLite files carry no clock but may differ in free pages
                assert path.read_bytes() == second.files[role].read_bytes(), (name, role)


def test_every_known_defect_is_pinned():
    """Each reproducible known class has pinned inputs, so a fix shows as those inputs passing."""
    assert all(pairs for pairs in PINNED_BY_CLASS.values())
    assert {name for name, _ in PINNED} <= set(GENERATORS)
