"""The audit's speed-ups change no byte: many rounds audited by worker processes write what one
process writes; a round's evidence built once per read equals the evidence built per rule; the
reports' folder names, the steps' index and the background writer (issue 14, third pass)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from benchmarks.bench_audit import variants
from checker.audit import evaluate as audit_evaluate
from checker.audit.evaluate import RoundAuditor, evidence
from checker.audit.facts import RoundContext
from checker.audit.record import read_rounds, record_from_mapping
from checker.audit.run import run_audit
from checker.core.rulebook import load_rulebook
from checker.errors import InputError
from checker.io.outputs import BackgroundWriter, OutputDir
from checker.report.round import folder_name, round_folders
from tests.helpers import ROUNDS

BOOK = load_rulebook()
SAMPLE_ROUNDS = [*sorted(ROUNDS.glob("*.xlsx")), *sorted(p for p in ROUNDS.glob("*.json") if not p.name.startswith("draw_"))]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _audit(folder: Path, out: Path, jobs: int) -> tuple[int, list[str], list[str], list[dict]]:
    lines, warnings, summaries = [], [], []
    code = run_audit(BOOK, [folder], out, ledger=ROUNDS / "ledger.db", echo=lines.append, warn=warnings.append,
                     on_done=summaries.extend, jobs=jobs)
    return code, [line.replace(str(out), "OUT") for line in lines], warnings, [
        {**s, "folder": s["folder"].replace(str(out), "OUT")} for s in summaries]


def test_rounds_audited_by_worker_processes_write_the_bytes_of_one_process(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    records = variants(70)
    records[5]["轮次"]["轮次编号"] = "r00007"  # R00007's id but for case: the same round (as the draw compares ids), skipped
    for i, record in enumerate(records):
        (folder / f"r{i:05d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (folder / "r99999.json").write_text(json.dumps(records[3], ensure_ascii=False), encoding="utf-8")  # a second copy: skipped
    one = _audit(folder, tmp_path / "one", jobs=1)
    two = _audit(folder, tmp_path / "two", jobs=2)
    assert one == two
    assert len(one[1]) == 70 and len(one[2]) == 2  # 69 rounds and the total; the copy and the r00007 warned about
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(_tree(tmp_path / "one")) == 69 * 3 + 3  # the reports, rounds.json, index.html, the manifest


def _evidence_before(reads, record, step_keys):
    """evidence() as it was before the per-round memo (checker/audit/evaluate.py at 6e2d178)."""
    shown, sources = {}, []
    for read in reads:
        sheet, _, item = read.partition(".")
        if sheet == "流程节点":
            steps = record.steps_of(step_keys.get(item, ""))
            if not steps:
                shown[item] = None
                sources.append(f"流程节点（无“{item}”行）")
            for number, step in enumerate(steps, start=1):
                label = item if step.stage is None else f"{item}（第{step.stage}阶段）"
                if label in shown:
                    label = f"{label}（第{number}次）"
                shown[label] = step.date.isoformat() if step.date else step.row.text("date") or None
                sources.append(step.ref)
        else:  # the sheets' part did not change: the memo's own builder, run fresh
            items, refs = audit_evaluate._read_shown(read, record, step_keys)
            for label, value, _ in items:
                shown[label] = value
            sources.extend(refs)
    shown["source"] = "; ".join(sources)
    return shown


def _records():
    records = read_rounds(SAMPLE_ROUNDS, BOOK.vocabulary.step_keys, BOOK.vocabulary.repeating_steps)
    twice = json.loads((ROUNDS / "recommend_W-20.json").read_text(encoding="utf-8"))
    twice["流程节点"] = twice["流程节点"] + copy.deepcopy(twice["流程节点"][:4])  # steps recorded twice
    records.append(record_from_mapping(twice, BOOK.vocabulary.step_keys, "twice", BOOK.vocabulary.repeating_steps))
    return records


def test_evidence_built_once_per_read_equals_evidence_built_per_rule():
    step_keys = BOOK.vocabulary.step_keys
    reads = [rule.reads for rule in BOOK.rules.values() if rule.kind == "round"]
    # reads in other orders and together: a label written by one read and repeated by the next
    reads += [list(reversed(r)) for r in reads] + [[r for group in reads[:12] for r in group]]
    for record in _records():
        memo: dict = {}
        for rule_reads in reads:
            found = evidence(rule_reads, record, step_keys, memo)
            assert found == _evidence_before(rule_reads, record, step_keys) == evidence(rule_reads, record, step_keys)
            assert list(found) == list(_evidence_before(rule_reads, record, step_keys))
        first, second = (evidence(["专家抽取", "归档"], record, step_keys, memo) for _ in range(2))
        if first.get("专家抽取"):
            first["专家抽取"][0]["专家编号"] = "changed"  # each finding its own copy
            assert second["专家抽取"][0]["专家编号"] != "changed"


def test_round_folders_as_before():
    def before(round_ids):
        used = []
        for round_id in round_ids:
            name = folder_name(round_id)
            candidate, n = name, 2
            while candidate.casefold() in {u.casefold() for u in used}:
                candidate, n = f"{name}-{n}", n + 1
            used.append(candidate)
        return used

    rng = random.Random(3)
    ids = [rng.choice(["a", "A", "a-2", "A-2", "b", "轮次", "CON", "x/y", "x_y", ""]) for _ in range(300)]
    assert round_folders(ids) == before(ids)
    assert round_folders(["r1"]) == [""]


def test_steps_of_sees_a_changed_list_of_steps():
    record = _records()[0]
    key = record.steps[0].key
    count = len(record.steps_of(key))
    record.steps.append(record.steps[0])
    assert len(record.steps_of(key)) == count + 1
    record.steps = [s for s in record.steps if s.key != key]
    assert record.steps_of(key) == []
    record.steps_of("nothing").append("x")  # a caller's list is its own
    assert record.steps_of("nothing") == []


def test_the_background_writer_raises_the_first_error_naming_the_path(tmp_path):
    out = OutputDir(tmp_path / "out", command="audit", input_sha256="x")
    out.begin(["a/round.json", "b/round.json"], folders=False)
    (tmp_path / "out" / "b").write_text("a file where the folder goes", encoding="utf-8")
    with pytest.raises(InputError, match="b"):
        with BackgroundWriter(out) as writer:
            writer.submit("a", [("a/round.json", b"{}", False)])
            writer.submit("b", [("b/round.json", b"{}", False)])
    assert (tmp_path / "out" / "a" / "round.json").read_bytes() == b"{}"
    assert not list((tmp_path / "out").rglob(".fundcheck-tmp-*"))


def test_one_auditor_gives_the_same_findings_twice():
    """The memos (header words, evidence, timeline rows) carry nothing from one round to the next."""
    auditor = RoundAuditor(BOOK, context=RoundContext(ledger=ROUNDS / "ledger.db"))
    records = _records()
    first = [auditor.evaluate(r).findings for r in records]
    again = [auditor.evaluate(r).findings for r in reversed(records)]
    assert first == list(reversed(again))
