"""The round's timeline: each recorded step with its date and the rules that read it (satisfied,
broken, undecided), the 公示 sheet's dates, and the deadlines the rules computed."""

from __future__ import annotations

import datetime as dt

from checker.audit.record import RoundRecord, time_span
from checker.core.calendar import CalendarUnknown, HolidayCalendar
from checker.core.models import Rule

_COLUMN_OF_OUTCOME = {"pass": "satisfies", "fail": "breaks", "missing": "undecided"}


def _steps_read(rule: Rule) -> tuple[str, ...]:
    """The timeline rows a rule belongs to: the steps it reads (流程节点.<step>) and the sheets it
    reads (专家抽取 and 归档 are also steps; 公示 gives the 公示 sheet's rows)."""
    reads = tuple(rule.reads)
    names = _STEPS_READ.get(reads)
    if names is None:
        names = _STEPS_READ[reads] = tuple(_steps_of_reads(reads))
    return names


_STEPS_READ: dict[tuple[str, ...], tuple[str, ...]] = {}  # a rule's reads → its timeline rows


def _steps_of_reads(reads: tuple[str, ...]) -> list[str]:
    names = []
    for read in reads:
        sheet, _, item = read.partition(".")
        if sheet == "流程节点":
            names.append(item)
        elif sheet != "轮次":
            names.append(sheet)
    return names


def _rule_columns(related: list[dict]) -> dict[str, list[str]]:
    """Rule ids by outcome, each once (a rule may read a step in several stages)."""
    columns: dict[str, dict[str, None]] = {"satisfies": {}, "breaks": {}, "undecided": {}}
    for finding in related:
        column = _COLUMN_OF_OUTCOME.get(finding["outcome"])
        if column in ("breaks", "satisfies") and finding.get("grade") == "needs_review":
            # failed under one reading only, or a record omission the rule grades for review: shown
            # beside the undecided ones, not in red as a breach the inspector would sign as such;
            # passed under the reading applied but not under the other: no requirement met either
            column = "undecided"
        if column:
            columns[column][finding["rule_id"]] = None
    return {column: list(rule_ids) for column, rule_ids in columns.items()}


def _only_named(found: dict[str, list[str]], row: int, named: dict[str, dict]) -> dict[str, list[str]]:
    """A step's rule columns with a rule whose finding names its rows (LIFE-OWNER: 项目验收 recorded as
    done by 市财政局) marked on those rows only: on another row it read and found right it satisfies
    the rule; on a row it did not check it is not shown."""
    for rule_id, rows in named.items():
        if row in rows["named"]:
            continue
        marked = False
        for column in ("breaks", "undecided"):
            if rule_id in found[column]:
                found[column].remove(rule_id)
                marked = True
        if marked and row in rows["checked"] and rule_id not in found["satisfies"]:
            found["satisfies"].append(rule_id)
    return found


WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def rest_day(day: dt.date, calendar: HolidayCalendar | None) -> str:
    """What the timeline says beside a step dated on a day off: a 党组会, a 公示's start or a filing on a
    Saturday or a holiday is possible but unusual, and a slip of the date is the likelier cause, so
    the inspector sees it at the date (no verdict changes). A year the holiday data does not cover
    gets the weekday alone: its Saturdays may be 调休 working days."""
    try:
        if calendar is None or calendar.is_workday(day):
            return ""
    except CalendarUnknown:
        return f"（{WEEKDAYS[day.weekday()]}）" if day.weekday() >= 5 else ""
    # a weekday off is a holiday or a 调休 day off (2021-09-20): 放假 says both, 法定节假日 only the first
    return f"（{WEEKDAYS[day.weekday()]}，{'休息日' if day.weekday() >= 5 else '节假日放假'}）"


def build_timeline(record: RoundRecord, findings: list[dict], rules: dict[str, Rule], deadlines: list[dict],
                   named: dict[str, dict] | None = None, calendar: HolidayCalendar | None = None) -> list[dict]:
    """The timeline rows. ``named``: by rule id, the 流程节点 rows ({"named": row numbers, "checked":
    row numbers}) a finding that fails or is undecided names; its mark goes on those rows only.
    ``calendar``: a recorded step dated on a day off says so beside its date (:func:`rest_day`)."""
    named = named or {}
    by_step: dict[str, list[dict]] = {}
    for finding in findings:
        rule = rules.get(finding["rule_id"])
        for name in _steps_read(rule) if rule else ():
            by_step.setdefault(name, []).append(finding)
    worked_out: dict[str, dict[str, list[str]]] = {}

    def columns(name: str) -> dict[str, list[str]]:
        """The rule columns of a step's rows, worked out once per step name; each row its own lists."""
        found = worked_out.get(name)
        if found is None:
            found = worked_out[name] = _rule_columns(by_step.get(name, []))
        return {column: list(rule_ids) for column, rule_ids in found.items()}

    rows = []
    for step in record.steps:
        note = step.row.shown("note")
        # a step written otherwise (事前告知, 党组会（第5次）) is shown as written beside the step read;
        # its 备注 (free text an inspector or the office wrote) beside it: every cell reaches the report
        label = f"{step.name}（记为“{step.written}”）" if step.written else step.name
        rows.append({
            "step": label + (f"（备注：{note}）" if note else ""), "stage": step.stage,
            "date": step.date.isoformat() if step.date else None,
            # a date that could not be read is shown as written (2020年4月22日（周三）), as the findings quote it
            # h167: with the time its cell writes (2020-04-10 下午3时), which the order rules compare on one day
            "date_text": (step.date.isoformat() + (f" {step.time}" if step.time and step.minutes else "")
                          + rest_day(step.date, calendar)) if step.date else (step.row.shown("date") or "（未填）"),
            "minute": (step.minutes or (0, 0))[0],
            "ref": step.ref, "doc": step.row.shown("doc"), "to": step.row.shown("to"), "note": note,
            **(_only_named(columns(step.name), step.row.number, named) if named else columns(step.name)),
        })
    for item in record.disclosures:
        for kind, label in (("start", "公示开始"), ("end", "公示结束")):
            rows.append({
                "step": f"{label}（公示表）", "stage": item["stage"],
                "date": item[kind].isoformat() if item[kind] else None,
                # a 公示 ends on whatever day its length gives (a weekend is routine): only its start is marked
                "date_text": (item[kind].isoformat() + _time_shown(item.get(f"{kind}_time", ""))
                              + (rest_day(item[kind], calendar) if kind == "start" else ""))
                if item[kind] else (item["row"].shown(kind) or "（未填）"),
                "minute": (time_span(item.get(f"{kind}_time", "")) or (0, 0))[0],
                "ref": item["row"].ref(kind), "doc": item["channel"], "to": "",
                **columns("公示"),
            })
    # a computed deadline names its stage only in a round of stages (its label says which: 阶段 1…);
    # in a round of one, its 阶段 column showed 1 beside steps that show none
    staged = any(step.stage is not None for step in record.steps)
    for deadline in deadlines:
        if deadline.get("period"):  # a 公示 period is shown by the 公示 sheet's rows above
            continue
        rows.append({
            "step": f"【计算】{deadline['label']}" + ("" if deadline["applied"] else "（参考）"),
            "stage": deadline["stage"] if staged else None,
            "date": deadline["date"], "date_text": deadline["date"], "ref": "计算", "doc": "", "to": "",
            "satisfies": [], "breaks": [], "undecided": [], "deadline": True, "rule": deadline["rule_id"],
        })
    # one day's steps by the times their cells write (a step without a time first, as before), then the computed deadlines
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", 0 if not r.get("deadline") else 1, r.get("minute", 0)))
    for row in rows:
        row.pop("minute", None)  # a sort key, not a column
    return rows


def _time_shown(written: str) -> str:
    return f" {written}" if written and time_span(written) else ""
