"""Reviewer decisions (--overrides): shown beside a rule's own outcome, never replacing it."""

from __future__ import annotations

import datetime
from pathlib import Path

from checker.core.rulebook import Rulebook
from checker.core.text import nfkc_collapse, strip_hidden
from checker.errors import InputError
from checker.io.table import aliases, note_line, open_table

DECISIONS = {"pass": "pass", "通过": "pass", "fail": "fail", "不通过": "fail", "missing": "missing", "待补充": "missing",
             "not_applicable": "not_applicable", "不适用": "not_applicable"}
OVERRIDE_COLUMNS = aliases({"case_id": ["申报编号"], "rule_id": ["规则编号", "规则"], "decision": ["复核结论", "决定", "结论"],
                            "reason": ["理由", "复核理由"], "reviewer": ["复核人", "审核人"]})
_HEADERS = {"case_id": "申报编号", "rule_id": "规则编号", "decision": "复核结论", "reason": "理由", "reviewer": "复核人"}
FREE_TEXT = ("reason", "reviewer")  # kept as typed: NFKC would turn full-width punctuation into ASCII


def _entry(row) -> dict[str, str]:
    entry = {name: (str(row.value(name) or "").strip() if name in FREE_TEXT else row.text(name))
             for name in ("case_id", "rule_id", "decision", "reason", "reviewer")}
    for name in ("case_id", "rule_id"):
        # compared as the applications' ids are (checker/check/ids.py raw_id): a soft hyphen or
        # zero-width mark pasted in (WH-2020-0\u00ad01) is no part of the id, whose decision was
        # otherwise "未在输入中出现" under a name that looks the same
        entry[name] = strip_hidden(entry[name]).strip()
    return entry


def load_overrides(path: Path, book: Rulebook, condition_ids: frozenset[str] = frozenset()) -> dict[str, dict[str, dict]]:
    """A reviewer's decisions: case id, rule id, decision, reason, reviewer (a table: .xlsx, .csv, .json...),
    with English or Chinese headers (申报编号, 规则编号, 复核结论, 理由, 复核人). ``condition_ids`` are the
    COND- rules of the run's conditions file."""
    table = open_table(Path(path), OVERRIDE_COLUMNS, what="复核决定文件", header_rows=5)
    result: dict[str, dict[str, dict]] = {}
    numbers: dict[tuple[str, str], int] = {}  # (case, rule) → the entry that first decided it
    # a note on a line of its own under the decisions (注：复核结论须经科长签字) is no entry
    for number, row in enumerate((r for r in table.rows() if not r.is_blank() and not note_line(r)), start=1):
        if row.problem:
            # a 理由 written with a comma and no quotes (已核实营业执照,确为独立法人): the reason cut
            # short, its tail taken for the 复核人 and the reviewer's own name dropped
            raise InputError(f"{path.name} 第 {number} 条（{row.sheet} 第 {row.number} 行）{row.problem}；"
                             "请给含逗号的理由加上英文双引号，或改用中文逗号后重试。")
        for name in FREE_TEXT:
            typed = row.value(name)
            if isinstance(typed, (datetime.date, datetime.time)):
                # a date in 理由 or 复核人 (a 复核日期 typed one column off, a merged cell's date):
                # taken as the reason or the reviewer's name, "2020-08-02 00:00:00"
                shown = typed.strftime("%Y-%m-%d") if isinstance(typed, datetime.date) else typed.isoformat()
                raise InputError(f"{path.name} 第 {number} 条（{row.ref(name)}）：{_HEADERS[name]}为日期 {shown}，"
                                 f"不是{'复核理由' if name == 'reason' else '复核人姓名'}；请核对该列后重试。")
        entry = _entry(row)
        decision = DECISIONS.get(entry["decision"])
        if not entry["case_id"] or not entry["rule_id"] or decision is None:
            shown = "，".join(f"{_HEADERS[k]}“{v}”" for k, v in entry.items() if v) or "空白"
            raise InputError(
                f"{path.name} 第 {number} 条（{row.ref('case_id')}）：须填写申报编号、规则编号和复核结论"
                f"（通过/不通过/待补充/不适用，或 pass/fail/missing/not_applicable），实际为 {shown}"
            )
        if entry["rule_id"] not in book.rules and entry["rule_id"] not in condition_ids and not entry["rule_id"].startswith("INP-"):
            meant = entry["rule_id"].replace(" ", "").upper()  # app-duplicate-applicant: APP-DUPLICATE-APPLICANT
            hint = f"（是否为 {meant}？）" if meant in book.rules or meant in condition_ids else ""
            raise InputError(f"{path.name} 第 {number} 条（{row.ref('rule_id')}）：未知的规则编号 {entry['rule_id']}{hint}"
                             "（fundcheck rules list 列出全部规则）")
        if not entry["reason"] or not entry["reviewer"]:
            blank = "、".join(f"{_HEADERS[name]}（{row.ref(name)}）" for name in FREE_TEXT if not entry[name])
            raise InputError(f"{path.name} 第 {number} 条：复核决定须写明理由和复核人，{blank}未填写")
        entry["decision"] = decision
        earlier = result.setdefault(entry["case_id"], {}).get(entry["rule_id"])
        differing = [name for name in ("decision", "reason", "reviewer") if earlier is not None
                     and nfkc_collapse(earlier[name]) != nfkc_collapse(entry[name])]
        if differing:
            # two reviewers' different words on one finding: which stands is the office's call, not row order's
            shown = {"pass": "通过", "fail": "不通过", "missing": "待补充", "not_applicable": "不适用"}
            said = "；".join(f"{_HEADERS[name]}“{shown.get(earlier[name], earlier[name]) if name == 'decision' else earlier[name]}”"
                            f"与“{shown.get(entry[name], entry[name]) if name == 'decision' else entry[name]}”" for name in differing)
            raise InputError(f"{path.name} 第 {numbers[(entry['case_id'], entry['rule_id'])]} 条与第 {number} 条都是对申报 "
                             f"{entry['case_id']} 的规则 {entry['rule_id']} 的复核决定，内容不同（{said}）；"
                             "同一申报的同一规则只能有一条决定，请删去或合并其中一条。")
        if earlier is not None:
            continue  # the same decision written twice (full- or half-width aside): the first stands
        numbers.setdefault((entry["case_id"], entry["rule_id"]), number)
        result[entry["case_id"]][entry["rule_id"]] = entry
    return result


def overrides_not_applied(overrides: dict[str, dict[str, dict]], rules_of, case_ids: set[str]) -> list[str]:
    """Decisions on a rule the case's workflow does not apply (ELIG-CREDIT-CLEAN on W-05; in a ledger
    of several items, another item's rule): never applied to any finding, so each is named in the
    summary and on screen rather than dropped. ``rules_of(case_id)`` gives the rules the case gets.
    An INP- rule is a finding about the input: any case may have it."""
    return [f"{case_id}：{rule_id}" for case_id, decisions in sorted(overrides.items()) if case_id in case_ids
            for rule_id in sorted(decisions) if rule_id not in rules_of(case_id) and not rule_id.startswith("INP-")]



def decisions_not_applied(summary: dict, rows_of) -> list[str]:
    """Each decision of the file that was applied to no finding, in a sentence (summary.json's
    ``decisions_not_applied``): for the terminal, the 说明 sheet of summary.xlsx and index.html (a
    decision the run set aside is never only on screen: the sheet a reviewer signs must not read as
    if no decision had been given). ``rows_of``: a shared id → the row keys its applications have."""
    said = []
    if summary.get("overrides_not_applied"):
        said.append(f"以下复核决定针对的规则不属于本次审核的流程，未采用：{'、'.join(summary['overrides_not_applied'])}")
    if summary.get("overrides_without_finding"):
        said.append("以下复核决定针对的输入问题本次审核中该申报没有（可能已补正），未采用："
                    f"{'、'.join(summary['overrides_without_finding'])}")
    if summary.get("unused_overrides"):
        said.append(f"复核决定中的申报编号未在输入中出现：{'、'.join(summary['unused_overrides'])}")
    for entry in summary.get("row_overrides_not_applied") or ():
        said.append(f"复核决定文件中申报编号写作 {entry['row_key']} 的决定未采用：该输入行现为申报 {entry['case_id']}，"
                    "其编号在本批中唯一（行号可能因补正后增删行而变动）；请核实后改以申报编号填写")
    for case_id in summary.get("ambiguous_overrides") or ():
        said.append(f"复核决定中的申报编号 {case_id} 在本批中不止一行，未采用；请改以输入行号（{'、'.join(rows_of(case_id))}）填写")
    return said
