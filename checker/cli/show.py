"""`fundcheck show OUT CASE_ID`: one case's report, rendered on demand from a check run's outputs.

Reads OUT/cases.jsonl and OUT/rules.json; the bytes are those `check --per-case all` writes to
OUT/cases/ (a test compares them). Runs made before cases.jsonl existed are read from OUT/cases/.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click
import orjson

from checker.cli.common import refuse_undecodable, rulebook, rules_option
from checker.cli.output import quiet, report
from checker.core.text import nfkc, strip_hidden
from checker.errors import InputError
from checker.report.case import RunInfo, case_html, render_case
from checker.report.jsonout import json_bytes
from checker.report.lean import CASES_JSONL, RULES_JSON, RunCases
from checker.report.runs import NO_REPORT, twice_in_cases_jsonl, without_cases_jsonl, without_rules_json

MARKDOWN = "case.md.j2"  # the HTML is built by checker/report/case_html.py, with the bytes of case.html.j2


@click.command("show")
@click.argument("out_dir", type=click.Path(file_okay=False), metavar="输出文件夹")
@click.argument("case_id", metavar="申报编号")
@click.option("--format", "kind", type=click.Choice(["html", "md", "json"], case_sensitive=False), default="html",
              show_default=True, help="报告格式（与 check --per-case all 写入 OUT/cases/ 的内容逐字节相同）。")
@rules_option
def show_command(out_dir, case_id, kind, rules_dir):
    """打印 fundcheck check 输出文件夹中一件申报的报告。

    按申报编号，或按报告名（两件申报编号相同时为 row16 这样的名称）指定。可重定向到文件保存或打印（> 报告.html）。

    示例：

        fundcheck show out/ W12-01 --format md
    """
    kind = kind.lower()
    data, name = case_report(Path(out_dir), case_id, kind, rulebook(rules_dir))
    report(case_id=case_id, report=name, format=kind, bytes=len(data))
    if not quiet():
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            click.echo(data.decode("utf-8"), nl=False)
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()


def case_report(out: Path, wanted: str, kind: str, book=None) -> tuple[bytes, str]:
    """(the report's bytes, the case's report name). The reports' words (labels, citations) come
    from ``book``, the rulebook the run used (the installed one by default)."""
    if not out.is_dir():
        raise InputError(f"输出文件夹「{out}」不存在。")
    refuse_undecodable("申报编号", wanted)  # no case's id (UTF-8 in cases.jsonl) is that: 内部错误 (TypeError) before
    if (out / RULES_JSON).is_file() and (out / CASES_JSONL).is_file():
        cases = RunCases.open(out, book)
        # ids are kept as check compares them (NFKC, no invisible marks, trimmed): " WH-1", ＷＨ－１ find WH-1
        typed = nfkc(strip_hidden(wanted))
        found = cases.find(wanted) or (cases.find(typed) if typed != wanted else [])
        if not found and cases.names_like(typed):
            meant = "、".join(f"「{name}」" for name in cases.names_like(typed))
            raise InputError(f"「{out}」的审核结果中没有申报编号或报告名为「{wanted}」的案件（区分大小写）；是否为{meant}？")
        if len({name for name, _ in found}) < len(found):  # no report name can tell them apart
            raise InputError(twice_in_cases_jsonl(out, next(n for n, _ in found if [m for m, _ in found].count(n) > 1)))
        if not found:
            raise InputError(_not_found(out, wanted, typed, _names_in_jsonl(cases)))
        name, document = _one(found, wanted, out)
        return render(document, cases.run_for(document), kind), name
    return _from_case_files(out, wanted, kind, book)


def _names_in_jsonl(cases: RunCases) -> list[str]:
    """Every case's id and report name in cases.jsonl, a line that is no case's record passed over
    (the message is about the case not found: a cut line is named when a case on it is asked for)."""
    names: list[str] = []
    for raw in cases.lines():
        try:
            lean = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if isinstance(lean, dict):
            names += [n for n in (lean.get("case_id"), lean.get("name")) if isinstance(n, str) and n]
    return list(dict.fromkeys(names))


def _listed_in_summary(out: Path) -> set[str]:
    try:
        summary = orjson.loads((out / "summary.json").read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return set()
    entries = summary.get("cases", []) if isinstance(summary, dict) else []
    return {str(value) for entry in entries if isinstance(entry, dict)
            for value in (entry.get("case_id"), str(entry.get("report") or "").split("/")[-1]) if value and value != NO_REPORT}


def _not_found(out: Path, wanted: str, typed: str, names: list[str]) -> str:
    """No case is ``wanted``: the run's summary.json listing it means cases.jsonl lost it (cut short,
    edited); else the ids and report names that differ from it by a character or two are offered."""
    said = f"「{out}」的审核结果中没有申报编号或报告名为「{wanted}」的案件"
    if typed in _listed_in_summary(out):
        return (f"{said}，但这次运行的 summary.json 列有它：{out / CASES_JSONL} 不完整（被截断或改动过）；"
                "请使用完整的输出文件夹，或重新运行 fundcheck check。")
    close = close_names(typed, names)
    if close:
        return f"{said}；相近的有" + "、".join(f"「{name}」" for name in close) + "。"
    return f"{said}。"


def close_names(typed: str, names: list[str]) -> list[str]:
    """Up to three ids or report names a character or two from ``typed`` (WH-2020-01: WH-2020-001,
    WH-2020-010…), the closest first, equally close ones in their order as text."""
    scored = []
    for name in names:
        matcher = difflib.SequenceMatcher(None, typed, name)
        if matcher.real_quick_ratio() >= 0.8 and matcher.quick_ratio() >= 0.8 and matcher.ratio() >= 0.8:
            scored.append((-matcher.ratio(), name))
    return [name for _, name in sorted(scored)[:3]]


def render(document: dict, run: RunInfo, kind: str) -> bytes:
    if kind == "json":
        return json_bytes(document)
    if kind == "html":
        return case_html(document, run).encode("utf-8")
    return render_case(document, run, MARKDOWN).encode("utf-8")


def _one(found: list[tuple[str, dict]], wanted: str, out: Path) -> tuple[str, dict]:
    if not found:
        raise InputError(f"「{out}」的审核结果中没有申报编号或报告名为「{wanted}」的案件。")
    if len(found) > 1:
        names = "、".join(f"{name}（第 {doc.get('input_row')} 行）" for name, doc in found)
        raise InputError(f"申报编号「{wanted}」对应 {len(found)} 件申报：{names}；请用报告名指定其中一件。")
    return found[0]


def _from_case_files(out: Path, wanted: str, kind: str, book=None) -> tuple[bytes, str]:
    """A run made before cases.jsonl: its summary.json names each case's files in cases/."""
    try:
        summary = orjson.loads((out / "summary.json").read_bytes())
    except (OSError, orjson.JSONDecodeError) as error:
        raise InputError(f"「{out}」不是 fundcheck check 的输出文件夹（缺少可读的 cases.jsonl、rules.json 或 summary.json）。") from error
    # ids as check compares them (NFKC, no invisible marks, trimmed), as for a run with cases.jsonl
    typed = nfkc(strip_hidden(wanted))
    names = {c.get("case_id"): None for c in summary.get("cases", [])}
    names.update({str(c.get("report", "")).split("/")[-1]: None for c in summary.get("cases", [])})
    key = wanted if wanted in names else typed
    entries = [c for c in summary.get("cases", []) if key in (c.get("case_id"), str(c.get("report", "")).split("/")[-1])]
    if not entries:
        named = [n for n in names if isinstance(n, str) and n and n != NO_REPORT]
        like = [n for n in named if n.casefold() == typed.casefold()]
        if like:
            meant = "、".join(f"「{name}」" for name in like)
            raise InputError(f"「{out}」的审核结果中没有申报编号或报告名为「{wanted}」的案件（区分大小写）；是否为{meant}？")
        close = close_names(typed, named)
        if close:
            raise InputError(f"「{out}」的审核结果中没有申报编号或报告名为「{wanted}」的案件；相近的有"
                             + "、".join(f"「{name}」" for name in close) + "。")
    found = []
    for entry in entries:
        if entry.get("report") == NO_REPORT:
            # the case is in cases.jsonl only: it is the file beside it that is gone
            raise InputError(without_rules_json(out) if (out / CASES_JSONL).is_file() else without_cases_jsonl(out))
        name = str(entry.get("report", "")).split("/")[-1]
        path = out / "cases" / f"{name}.json"
        try:
            found.append((name, orjson.loads(path.read_bytes())))
        except (OSError, orjson.JSONDecodeError) as error:
            raise InputError(f"无法读取案件报告「{path}」。") from error
    name, document = _one(found, key, out)
    existing = out / "cases" / f"{name}.{kind}"
    if existing.is_file():
        return existing.read_bytes(), name
    run = RunInfo(summary["workflow"], summary.get("workflow_title", ""), summary.get("rulebook_version", ""),
                  summary.get("input_file", ""), summary.get("input_sha256", ""), summary.get("engine", ""),
                  summary.get("not_checked", []), conditions=summary.get("conditions"))
    if hasattr(run, "words"):
        from checker.core.rulebook import load_rulebook
        from checker.report.case import CaseWords

        run.words = CaseWords(book or load_rulebook(), run.workflow_id)
    return render(document, run, kind), name
