"""Round reports: DIR/round.json (contract shape), DIR/round.html (Chinese, printable timeline),
DIR/round.md. Several rounds: DIR/<round_id>/round.* plus DIR/rounds.json (an index)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from checker.report.jsonout import json_bytes, json_list_bytes
from checker.report.text import environment, safe_name


def folder_name(round_id: str) -> str:
    """A round's folder name: the case-report rule, bounded in length (a hash keeps it unique)."""
    name = safe_name(round_id) or "round"
    if len(name.encode()) > 120:
        name = f"{name[:30]}-{hashlib.sha256(round_id.encode()).hexdigest()[:12]}"
    return name


def render_round(document: dict, header: dict, template: str) -> str:
    return environment().get_template(template).render(r=document, h=header)


def write_round_reports(reports: list[tuple[dict, dict]], out: Path) -> list[Path]:
    """One round: DIR/round.*; several: DIR/<round_id>/round.* (duplicates get a -2, -3 suffix)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for document, header in reports:
        if len(reports) == 1:
            folder = out
        else:
            name = folder_name(document["round_id"])
            candidate, n = name, 2
            while candidate in used:
                candidate, n = f"{name}-{n}", n + 1
            used.add(candidate)
            folder = out / candidate
            folder.mkdir(parents=True, exist_ok=True)
        (folder / "round.json").write_bytes(json_bytes(document))
        (folder / "round.html").write_text(render_round(document, header, "round.html.j2"), encoding="utf-8")
        (folder / "round.md").write_text(render_round(document, header, "round.md.j2"), encoding="utf-8")
        written.append(folder)
    if len(reports) > 1:
        index = [
            {"round_id": d["round_id"], "folder": p.name, "workflow": d["workflow"], "verdict": d["verdict"], "source": d["source"],
             "failed": [f["rule_id"] for f in d["findings"] if f["outcome"] == "fail"],
             "missing": [f["rule_id"] for f in d["findings"] if f["outcome"] == "missing"]}
            for (d, _), p in zip(reports, written)
        ]
        (out / "rounds.json").write_bytes(json_list_bytes(index))
    return written
