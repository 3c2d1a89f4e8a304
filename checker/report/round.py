"""Round reports: DIR/round.json (contract shape), DIR/round.html (Chinese, printable timeline),
DIR/round.md. Several rounds: DIR/<round_id>/round.* plus DIR/rounds.json (an index)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from checker.io.outputs import BackgroundWriter, OutputDir
from checker.report.jsonout import json_bytes, json_list_bytes
from checker.report.round_html import grade_tally, round_html, round_md
from checker.report.text import environment, portable_name, safe_name


def folder_name(round_id: str) -> str:
    """A round's folder name: the case-report rule, bounded in length (a hash keeps it unique)."""
    name = safe_name(round_id) or "round"
    if not portable_name(name) or len(name.encode()) > 120:
        name = f"round-{hashlib.sha256(round_id.encode()).hexdigest()[:12]}"
    return name


def render_round(document: dict, header: dict, template: str) -> str:
    """A round report rendered by its Jinja template: the reference the fast renderers of
    checker/report/round_html.py (which write_round_reports uses) are compared with."""
    return environment().get_template(template).render(r=document, h=header, t=grade_tally(document))


ROUND_FILES = ("round.json", "round.html", "round.md")


def round_folders(round_ids: list[str]) -> list[str]:
    """One round: the output folder itself (""); several: a sub-folder each (-2, -3 for repeats)."""
    if len(round_ids) == 1:
        return [""]
    used: list[str] = []
    taken: set[str] = set()  # the names used so far, casefolded
    for round_id in round_ids:
        name = folder_name(round_id)
        candidate, n = name, 2
        while candidate.casefold() in taken:
            candidate, n = f"{name}-{n}", n + 1
        used.append(candidate)
        taken.add(candidate.casefold())
    return used


def round_files(round_ids: list[str]) -> list[str]:
    """Every file the reports of these rounds take (for the run's manifest)."""
    files = [f"{folder}/{name}" if folder else name for folder in round_folders(round_ids) for name in ROUND_FILES]
    return files + (["rounds.json", "index.html"] if len(round_ids) > 1 else [])


def _grade(finding: dict) -> str:
    """A finding's grade as the round reports print it (round.html.j2, round.md.j2)."""
    return finding.get("grade") or ("needs_review" if finding["outcome"] in ("fail", "missing") else "compliant")


def rounds_index(reports: list[tuple[dict, dict]], folders: list[str], notes: list[str] = ()) -> bytes:
    """index.html of a multi-round audit: counts by verdict, one line per round in words, links."""
    rows = []
    for (document, header), folder in zip(reports, folders):
        titles = header["titles"]

        def named(grade: str) -> list[str]:
            # a finding without a grade (an unreadable value of the record) is graded as round.html grades it
            return list(dict.fromkeys(titles.get(f["rule_id"], f["title"]["zh"]) for f in document["findings"]
                                      if _grade(f) == grade))

        rows.append({"round_id": document["round_id"], "fund_name": header.get("fund_name") or "",
                     "workflow_title": header["workflow_title"], "verdict": document["verdict"],
                     "failed": named("noncompliant"), "review": named("needs_review"), "link": f"{folder}/round.html"})
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in ("compliant", "noncompliant", "needs_review")}
    return environment().get_template("rounds_index.html.j2").render(rows=rows, counts=counts, notes=list(notes)).encode("utf-8")


def round_report_files(document: dict, header: dict, folder: str, *, single: bool = False) -> list[tuple[str, bytes, bool]]:
    """A round's three reports: (path in the output folder, bytes, fsync), written in this order;
    round.json last, and synced when it is the run's only round (it is then the completion marker:
    written first, it stood alone when the disk filled or the run was stopped before round.html)."""
    prefix = f"{folder}/" if folder else ""
    return [
        # string joins printing the templates' bytes (round.html.j2, round.md.j2; tests/test_fast_round.py)
        (f"{prefix}round.html", round_html(document, header).encode("utf-8"), False),
        (f"{prefix}round.md", round_md(document, header).encode("utf-8"), False),
        (f"{prefix}round.json", json_bytes(document), single),
    ]


def write_round_reports(reports: Iterable[tuple[dict, dict]], out: OutputDir, notes: list[str] = (),
                        round_ids: list[str] | None = None) -> list[Path]:
    """One round: DIR/round.*; several: DIR/<round_id>/round.* and DIR/rounds.json, written last.

    ``reports`` may be a generator (then ``round_ids`` gives the rounds in its order): each round is
    rendered as it comes and its files written by other threads while the next is audited and
    rendered (checker/io/outputs.BackgroundWriter); a round's folder is created there too, so
    ``out.begin`` may be called with ``folders=False``."""
    if round_ids is None:
        reports = list(reports)
        round_ids = [document["round_id"] for document, _ in reports]
    folders = round_folders(round_ids)
    single = len(round_ids) == 1
    done: list[tuple[dict, dict]] = []
    marker = None
    with BackgroundWriter(out) as writer:
        for (document, header), folder in zip(reports, folders):
            files = round_report_files(document, header, folder, single=single)
            if single:
                # round.json, the run's completion marker, is written below by this thread once the
                # others are done: written by a writer thread while this one waited, it could not be
                # held against a stop (OutputDir.write_marker), and one arriving once it was in place
                # ended a complete run with 已中断 and exit 2
                *files, marker = files
            writer.submit(folder, files)
            done.append((document, header))
    if len(done) != len(folders):
        raise ValueError(f"{len(folders)} rounds announced, {len(done)} reported")
    if marker is not None:
        out.write_marker(marker[0], marker[1])
    write_round_index(done, folders, out, notes)
    return [out.root / folder if folder else out.root for folder in folders]


def write_round_index(reports: list[tuple[dict, dict]], folders: list[str], out: OutputDir, notes: list[str] = ()) -> None:
    """Several rounds: DIR/index.html, then DIR/rounds.json (synced: the completion marker).
    ``reports`` need only what the index shows: each document's round_id, workflow, verdict,
    source and its findings' rule_id, outcome, grade and title; each header's titles, fund_name
    and workflow_title."""
    if len(reports) <= 1:
        return
    index = [
        {"round_id": d["round_id"], "folder": folder, "workflow": d["workflow"], "verdict": d["verdict"], "source": d["source"],
         "failed": [f["rule_id"] for f in d["findings"] if f["outcome"] == "fail"],
         "missing": [f["rule_id"] for f in d["findings"] if f["outcome"] == "missing"]}
        for (d, _), folder in zip(reports, folders)
    ]
    out.write("index.html", rounds_index(reports, folders, notes))
    out.write_marker("rounds.json", json_list_bytes(index))
