"""Handling ledgers (受理台账): one row per application's handling, for the items an office handles
one by one (Nanyang N-01…N-10, seed 004:31-101; Weihai W-04, seed 001:2390-2406).

The ledger goes through the ``check`` spine (read → validate → evaluate → report); what this module
adds:

- **routing**: the 事项 column decides each row's workflow; ``--workflow`` fills a blank 事项; a row
  whose 事项 differs from ``--workflow`` is decided under its 事项 with an INP-ITEM review finding;
  an unknown 事项 is an INP-ITEM finding and the row is decided under ``--workflow``;
- **bad input** across cells (a 决定日期 before the 收件日期, a name twice in 现场核查人员, a rank
  shared by two recommended rows): INP-LEDGER findings naming the cell and the value;
- **verdicts**: a ledger case's verdict is the office's handling (compliant / noncompliant /
  needs_review), from the findings of office-subject rules and input findings; the findings of
  applicant-subject rules (documents, copies, eligibility) give ``applicant_verdict`` beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Callable

from checker.check.facts.ledger import NOTICE_CALENDAR_DAY  # h160: 收件后3日's calendar day, for the deadline's calendar reading
from checker.check.facts.ledger import _DAY, _DAY_AFTER  # h156: the day a 受理结果 writes (acceptance_of sets it aside)
from checker.check.facts.ledger import (CAP_ROWS_SHOWN, ITEMS, OTHER_LEVEL, YEAR_DATES, acceptance_pending, acceptance_word, decision_word, item_candidates, item_key,
                                       ledger_year, ledger_year_basis, listed_dates, quota_group, yearless_day, run_together, scheme_said, staff_names,
                                       staff_said)
from checker.check.fields import FieldSet
from checker.check.validate import OK, UNREADABLE, Application, Value
from checker.core.calendar import CalendarUnknown, nth_working_day_after
from checker.core.findings import CASE_VERDICTS, ROUND_VERDICTS, input_finding, verdict_of
from checker.core.models import Workflow
from checker.core.rulebook import Rulebook
from checker.core.text import nfkc
from checker.core.values import Unreadable, parse_count, parse_date
from checker.io.table import Row

LEDGER_WHY = "台账各栏相互矛盾或与审核事项不符时，依赖这些栏目的结论不可靠，须核实台账记载。"
# Dates that cannot be earlier than the day the application was received.
AFTER_RECEIPT = ("deficiency_notice_on", "corrected_on", "accepted_on", "decided_on", "onsite_on", "prelim_on", "review_on",
                 "reported_on")


def is_ledger_workflow(workflow: Workflow) -> bool:
    return bool(workflow.profile.get("ledger"))


def is_ledger_run(book: Rulebook, workflow_id: str, fields_found: list[frozenset[str]]) -> bool:
    """A run reads a handling ledger when its workflow is a ledger item (N-xx), its input has a
    事项 column, or it holds the columns of one of the workflow's handling rules (W-04's 补正告知,
    初审/复审/上报日期, as `template check -w W-04` writes them): those are the office's duties, and
    a table that records them is the office's ledger, whose failures are the office's, not the
    applicant's."""
    workflow = book.workflow(workflow_id)
    if is_ledger_workflow(workflow) or any("item" in found for found in fields_found):
        return True
    return any(all(name in found for name in book.rules[rule_id].reads if name != "item")
               for rule_id in ledger_rules(workflow) for found in fields_found)


def ledger_rules(workflow: Workflow) -> frozenset[str]:
    """Rules of a workflow read only from a ledger (W-04's handling rules beside its application rules)."""
    return frozenset(workflow.profile.get("ledger_rules") or ())


def named_item(record: Row) -> str | None:
    """The ledger item a row's 事项 cell names (N-04...), None when blank or unknown."""
    cell = record.cells.get("item")
    if cell is None or cell.value in (None, ""):
        return None
    key = item_key(str(cell.value).strip())
    return key if key in ITEMS else None


def route(record: Row, default: str, book: Rulebook,
          checked: Callable[[str], bool] = lambda key: True) -> tuple[str, list[dict]]:
    """The workflow a ledger row is decided under, and the INP-ITEM finding routing gave, if any.
    ``checked(item)``: whether the row can be checked under it (its file has the item's columns);
    the finding says it is decided under its item only when it is."""
    cell = record.cells.get("item")
    written = "" if cell is None or cell.value in (None, "") else str(cell.value).strip()
    if not written:
        return default, []
    candidates = item_candidates(written)
    meant = [key for key in candidates if key in ITEMS and key in book.workflows]
    if len(meant) == 1 and OTHER_LEVEL in candidates:  # N-09（市级智能工厂）: the code's item, or a city's programme?
        return default, [_item_finding(
            cell, written,
            f"{cell.ref} 的事项“{written}”写有 {meant[0]}（{book.workflow(meant[0]).title.zh}），所写级别却不是该事项的级别，"
            f"无法确定是哪一事项，本行按 {default} 审核。",
            "请只填写一个事项：事项编号（如 N-08）或权责清单中的事项名称。")]
    if len(meant) > 1:  # N-08（国家中小企业发展专项资金项目初审）, 智能工厂、绿色工厂: which one the office meant is its to say
        return default, [_item_finding(
            cell, written,
            f"{cell.ref} 的事项“{written}”可指 {'，也可指 '.join(f'{key}（{book.workflow(key).title.zh}）' for key in meant)}，"
            f"无法确定是哪一事项，本行按 {default} 审核。",
            "请只填写一个事项：事项编号（如 N-08）或权责清单中的事项名称。")]
    key = item_key(written)
    if key is None or key not in ITEMS or key not in book.workflows:
        return default, [_item_finding(
            cell, written,
            f"{cell.ref} 的事项“{written}”不是受理台账的事项（应为 {'、'.join(ITEMS)}），本行按 {default} 审核。",
            "请核对并填写正确的事项编号。")]
    if key != default and default not in ITEMS:
        return key, []  # --workflow names no ledger item (the command's default W-05): each row's 事项 decides
    if key != default:
        return key, [_item_finding(
            cell, written,
            f"{cell.ref} 的事项为 {key}，与本次审核指定的事项 {default} 不同；{f'本行按 {key} 审核，' if checked(key) else ''}请确认台账是否混入了其他事项。",
            "请确认本行所属事项；如属其他事项，请分表或在审核时指定该事项。")]
    return key, []


def _ledger_finding(*args) -> dict:
    finding = input_finding(*args)
    finding["why"] = LEDGER_WHY
    return finding


def _item_finding(cell, written: str, message: str, remedy: str) -> dict:
    return _ledger_finding(
        "INP-ITEM", ("事项与审核事项不一致或无法识别", "Ledger item differs from the workflow or is unknown"),
        message, remedy, {"item": written, "source": cell.ref, "column": cell.header}, "事项：N-01…N-10、W-04",
    )


def columns_finding(record: Row, workflow_id: str, title: str, missing) -> dict:
    """A row of an item whose columns its file lacks (``missing``: plan.MissingColumns): no rule
    was applied to it, its own item's or another's; the office completes the ledger or moves the row."""
    cell = record.cells.get("item")
    labels = "、".join(missing.labels)
    return _ledger_finding(
        "INP-LEDGER-COLUMNS", ("台账缺少本行事项须有的列", "The ledger lacks the columns of this row's item"),
        f"本行事项为 {workflow_id}（{title}），{missing.table} 缺少该事项须有的列：{labels}；"
        f"本行未按 {workflow_id} 的规则核对，也未按其他事项的规则核对。",
        f"请在台账中补充{labels}（或将 {workflow_id} 的行移到含有这些列的台账）后重新审核。",
        {"item": workflow_id, "missing_columns": list(missing.labels),
         "source": cell.ref if cell is not None else f"{record.sheet} 第 {record.number} 行"},
        "受理台账：每个事项须有审核其办理所需的列",
    )


# 当天, 收件当天: as clerks write 当日 (h136: "当天" was a date 无法识别)
ON_THE_SPOT = frozenset({"当场", "当场告知", "当场一次性告知", "当场告知补正", "当日", "收件当日", "当天", "收件当天",
                         "当场一次性告知补正"})


def on_the_spot(application: Application) -> None:
    """A 补正告知日期 written 当场 (the duty list's own word, seed 004:59 "应当当场或 3 日内一次告知"): the
    notice given on the day of receipt, dated by the 收件日期; not an unreadable date."""
    notice, received = application.get("deficiency_notice_on"), application.get("received_on")
    if notice.state != UNREADABLE or not isinstance(notice.raw, str):
        return
    if nfkc(notice.raw).replace(" ", "") not in ON_THE_SPOT:
        return
    if received.state != OK:  # 当场 is a day only beside the 收件日期: the gap is that date, not the word (h96)
        said = "未填写" if received.state == "absent" else f"“{received.display}”无法识别"
        for finding in application.input_findings:
            if finding.get("rule_id") == "INP-DATE" and (finding.get("evidence") or {}).get("source") == notice.ref:
                finding["message"] = (f"{notice.ref} 的补正告知日期为“{nfkc(notice.raw)}”，即收件当日，而收件日期{said}，"
                                      "无法确定告知日期；依赖此项的规则判为“待补充”。")
                finding["remedy"] = "请填写收件日期（补正告知日期可仍写“当场”）。"
        return
    application.values["deficiency_notice_on"] = Value(OK, received.value, received.value.isoformat(), notice.ref, notice.raw,
                                                       f"“{nfkc(notice.raw)}”即收件当日")
    _drop_date_finding(application, notice.ref)


# h154: a clerk dates a notice given the day after receipt 次日 as one given on it 当场 (h136), and an acceptance on
# the spot (行政许可法 第三十二条, copied at 004:59 and 004:75: 当场受理) 当场 or 当日 under 受理日期: each was a date
# "无法识别" and the row waited for review. 次日 is the 收件日期's next calendar day, nothing else (收件后3日 could be
# calendar or working days and stays unread); an acceptance 当场 is dated by the 收件日期 only where no 补正 is recorded
# (after one, 当场 may be the day the corrections came in: it stays unread)
NEXT_DAY = frozenset({"次日", "收件次日", "翌日", "收件翌日", "第二天", "收件第二天", "次日告知", "次日一次性告知", "收件次日告知"})
ACCEPTED_ON_THE_SPOT = frozenset({"当场", "当场受理", "当日", "当日受理", "收件当日", "当天", "收件当天", "即时受理"})


def relative_days(application: Application) -> None:
    """A 补正告知日期 written 次日 (:data:`NEXT_DAY`) and a 受理日期 written 当场 (:data:`ACCEPTED_ON_THE_SPOT`, no
    补正 recorded): dated by the 收件日期, the reading noted; beside no readable 收件日期 the finding says that is the gap."""
    received = application.get("received_on")
    notice, accepted = application.get("deficiency_notice_on"), application.get("accepted_on")
    corrections = any(application.get(name).state != "absent" for name in ("deficiency_notice_on", "corrected_on")) or (
        application.get("deficiency_notice_count").state == OK and application.get("deficiency_notice_count").value > 0)
    for name, label, value, words, days, said in (
            ("deficiency_notice_on", "补正告知日期", notice, NEXT_DAY, 1, "收件次日"),
            ("accepted_on", "受理日期", accepted, ACCEPTED_ON_THE_SPOT, 0, "收件当日")):
        if value.state != UNREADABLE or not isinstance(value.raw, str) or nfkc(value.raw).replace(" ", "") not in words:
            continue
        written = value.raw.strip()  # quoted as written
        if name == "accepted_on" and corrections:  # the day of receipt, or the day the corrections came in?
            for finding in application.input_findings:
                if finding.get("rule_id") == "INP-DATE" and (finding.get("evidence") or {}).get("source") == value.ref:
                    finding["message"] = (f"{value.ref} 的受理日期为“{written}”，而本行记载了补正告知或补正完成日期：“{written}”"
                                          "可指收件当日，也可指补正材料交齐之日，无法确定受理日期；依赖此项的规则判为“待补充”。")
                    finding["remedy"] = "请填写受理的具体日期。"
            continue
        if received.state != OK:
            gap = "未填写" if received.state == "absent" else f"“{received.display}”无法识别"
            for finding in application.input_findings:
                if finding.get("rule_id") == "INP-DATE" and (finding.get("evidence") or {}).get("source") == value.ref:
                    finding["message"] = (f"{value.ref} 的{label}为“{written}”，即{said}，而收件日期{gap}，"
                                          "无法确定日期；依赖此项的规则判为“待补充”。")
                    finding["remedy"] = f"请填写收件日期（{label}可仍写“{written}”）。"
            continue
        day = received.value + dt.timedelta(days=days)
        application.values[name] = Value(OK, day, day.isoformat(), value.ref, value.raw, f"“{written}”即{said}")
        _drop_date_finding(application, value.ref)


# h160: 收件后3日 under 补正告知日期 (the notice given three days after receipt) stayed a date "无法识别" (h154 left it: calendar
# or working days?). The project's reading of the handling items' n日 is documented (docs/references.md AMB-02, README
# "Day counting", this package's facts/ledger.py): the items copy 行政许可法 第三十二条 and 第八十二条 counts its limits in
# working days, the day of receipt not counted. So 收件后3日 is the 3rd working day after the 收件日期, the reading said in the
# note with the calendar-day day beside it; 3个工作日 / 3个自然日 say their own reading. Counted from the receipt only (the
# notice comes before the acceptance, 004:59): 受理后3日 and 3日内 (a limit, not a day) stay unread
_DAYS_AFTER_RECEIPT = re.compile(r"(?:收件|收到申请(?:材料)?|收到材料|接件)(?:之日)?后第?(?P<n>\d{1,2}|[一二两三四五六七八九十])"
                                 r"(?P<unit>个工作日|工作日|个自然日|自然日|日|天)")


def days_after_receipt(application: Application, calendar=None) -> None:
    """A 补正告知日期 written 收件后3日 (:data:`_DAYS_AFTER_RECEIPT`): dated from the 收件日期 in working days (the ledger's
    documented reading) unless the cell says 自然日, the reading noted; ``calendar``: the run's holidays (--holidays)."""
    notice, received = application.get("deficiency_notice_on"), application.get("received_on")
    if notice.state != UNREADABLE or not isinstance(notice.raw, str):
        return
    said = _DAYS_AFTER_RECEIPT.fullmatch(nfkc(notice.raw).replace(" ", ""))
    if said is None:
        return
    written, n = notice.raw.strip(), parse_count(said["n"])
    calendar_day = received.value + dt.timedelta(days=n) if received.state == OK else None
    problem = None
    if received.state != OK:
        problem = f"而收件日期{'未填写' if received.state == 'absent' else f'“{received.display}”无法识别'}"
    elif "自然日" in said["unit"]:
        day, note = calendar_day, f"“{written}”即收件后第 {n} 个自然日（收件当日不计）{calendar_day.isoformat()}"
    else:
        try:
            day = nth_working_day_after(received.value, n, calendar)
        except CalendarUnknown as error:
            problem = f"而节假日数据不含 {error.day.year} 年，无法按工作日推算"
        else:
            note = (f"“{written}”即收件后第 {n} 个工作日 {day.isoformat()}（收件当日不计）" if "工作日" in said["unit"] else
                    f"“{written}”按工作日计算（行政许可法第八十二条，收件当日不计），读作收件后第 {n} 个工作日 {day.isoformat()}；"
                    f"按自然日计算为 {calendar_day.isoformat()}")
    if problem is not None:
        for finding in application.input_findings:
            if finding.get("rule_id") == "INP-DATE" and (finding.get("evidence") or {}).get("source") == notice.ref:
                finding["message"] = (f"{notice.ref} 的补正告知日期为“{written}”，即收件后第 {n} {'个工作日' if '工作日' in said['unit'] else '日'}，{problem}，"
                                      "无法确定告知日期；依赖此项的规则判为“待补充”。")
                finding["remedy"] = "请填写补正告知的具体日期。"
        return
    application.values["deficiency_notice_on"] = Value(OK, day, day.isoformat(), notice.ref, notice.raw, note)
    setattr(application, NOTICE_READING_SAID, note)  # the deadline's finding says it too (_notice_reading_said)
    if said["unit"] in ("日", "天"):  # 3个工作日, 3个自然日 have one reading, the words' own
        setattr(application, NOTICE_CALENDAR_DAY, calendar_day)  # 收件后3日: the calendar reading judges its calendar day
    _drop_date_finding(application, notice.ref)


NOTICE_READING_SAID = "_ledger_notice_reading_said"  # the reading of 收件后3日, kept on the row between its input pass and its findings


def _notice_reading_said(findings: list[dict], application: Application) -> None:
    """h160: the deadline's finding states the 补正告知日期 it judged was reckoned from 收件后3日, and in which reading (its
    message read as if the ledger held that date)."""
    note = getattr(application, NOTICE_READING_SAID, "")
    if not note:
        return
    for at, finding in enumerate(findings):
        if finding.get("rule_id") == "APP-DEFICIENCY-NOTICE-DEADLINE" and (finding.get("evidence") or {}).get("deficiency_notice_on_note") == note:
            findings[at] = {**finding, "message": finding["message"] + f"台账所写补正告知日期{note}。"}  # a finding may be shared


# h154: a ledger kept year by year writes the year once, in the 收件日期, and the later steps as 3月6日: each was a date
# "无法识别" and the rules reading it waited for review. A 月日 on or after the 收件日期's, in its year, is that day (the
# steps follow the receipt), the reading noted; one before it (收件 12月28日, 告知 1月3日: next year? or a slip?) is not
# guessed and stays unread
YEARLESS_DATES = (*AFTER_RECEIPT, "disclosure_start", "disclosure_end", "announced_on")


YEARLESS_LABELS = {"deficiency_notice_on": "补正告知日期", "corrected_on": "补正完成日期", "accepted_on": "受理日期", "decided_on": "决定日期",
                   "onsite_on": "现场核查日期", "prelim_on": "初审日期", "review_on": "复审日期", "reported_on": "上报日期",
                   "disclosure_start": "公示开始", "disclosure_end": "公示结束", "announced_on": "公告日期"}


def yearless_dates(application: Application) -> None:
    """A later step's date written without its year (3月6日) beside a 收件日期 with one: read in that year when on or
    after the receipt, the reading noted (:data:`YEARLESS_DATES`)."""
    received = application.get("received_on")
    if received.state != OK:
        return
    for name in YEARLESS_DATES:
        value = application.get(name)
        if value.state != UNREADABLE or not isinstance(value.raw, str):
            continue
        day = yearless_day(value.raw, received.value)
        if day is None:
            continue
        if day < received.value:
            for finding in application.input_findings:
                if finding.get("rule_id") == "INP-DATE" and (finding.get("evidence") or {}).get("source") == value.ref:
                    finding["message"] = (f"{value.ref} 的{YEARLESS_LABELS.get(name, '日期')}“{value.raw.strip()}”未写年份，按收件日期的年份为 "
                                          f"{day.isoformat()}，早于 {received.ref} 的收件日期 {received.display}，无法确定是哪一年；"
                                          "依赖此项的规则判为“待补充”。")
                    finding["remedy"] = "请写明完整日期（年月日）。"
            continue
        application.values[name] = Value(OK, day, day.isoformat(), value.ref, value.raw,
                                         f"“{value.raw.strip()}”未写年份，按收件日期的年份读作 {day.isoformat()}")
        _drop_date_finding(application, value.ref)


# h154: a clerk keeps the 公示期 in one cell, 2024-03-01至2024-03-07 under 公示开始 (公示结束 left blank, or the cell
# merged across both): it was a date "无法识别" and DISC-ANNOUNCE-AFTER-DISCLOSURE could not order the 公告. Two dates
# joined by 至, 到, ~ or a dash are the period's first and last days, the reading noted; anything else stays unread
_PERIOD_JOIN = re.compile(r"\s*(?:至|到|~|～|—|–|-)\s*")


def period_dates(raw: object) -> tuple[dt.date, dt.date] | None:
    """(first, last) of a cell writing a period as two dates joined (2024-03-01至2024-03-07, 2024.3.1-2024.3.7)."""
    if not isinstance(raw, str):
        return None
    text = nfkc(raw).strip()
    found = []
    for join in _PERIOD_JOIN.finditer(text):
        try:
            found.append((parse_date(text[:join.start()]), parse_date(text[join.end():])))
        except Unreadable:
            continue
    return found[0] if len(found) == 1 and found[0][0] <= found[0][1] else None


def disclosure_period(application: Application) -> None:
    """公示开始 holding the whole 公示期 beside a blank 公示结束 (or the same cell): its two dates, each noted."""
    start, end = application.get("disclosure_start"), application.get("disclosure_end")
    if start.state != UNREADABLE or not (end.state == "absent" or (end.state == UNREADABLE and end.raw == start.raw)):
        return
    period = period_dates(start.raw)
    if period is None:
        return
    note = f"“{str(start.raw).strip()}”读作公示期 {period[0].isoformat()} 至 {period[1].isoformat()}"
    application.values["disclosure_start"] = Value(OK, period[0], period[0].isoformat(), start.ref, start.raw, note)
    application.values["disclosure_end"] = Value(OK, period[1], period[1].isoformat(), end.ref or start.ref, start.raw, note)
    _drop_date_finding(application, start.ref)
    if end.state == UNREADABLE:
        _drop_date_finding(application, end.ref)


def _acceptance_day_finding(application: Application) -> dict | None:
    """h156: the day a 受理结果 writes after its word (受理（2024.3.9）, 受理，2024-03-05: h154 reads the word, the rules the
    受理日期 column) when it is not the row's 受理日期: two dates for one acceptance, said rather than dropped (the row
    was 合规 with the second date never shown). A 月日 without its year is read in the 收件日期's year, as yearless_dates
    reads one; a day that cannot be read is left (acceptance_of set it aside)."""
    result, accepted = application.get("acceptance"), application.get("accepted_on")
    if result.state != OK or accepted.state != OK or not isinstance(result.raw, str):
        return None
    written = _DAY_AFTER.search(nfkc(result.raw).strip())
    day_said = re.search(_DAY, written.group(0)).group(0) if written else None
    if day_said is None:
        return None
    try:
        day = parse_date(day_said)
    except Unreadable:
        received = application.get("received_on")
        day = yearless_day(day_said, received.value) if received.state == OK else None
    if day is None or day == accepted.value:
        return None
    return _ledger_finding(
        "INP-LEDGER-DATE", ("受理结果所写日期与受理日期不一致", "The day written with the acceptance is not the 受理日期"),
        f"{result.ref} 的受理结果“{result.raw.strip()}”写有受理日期 {day.isoformat()}，而 {accepted.ref} 的受理日期为 {accepted.display}，"
        "两者矛盾；依赖此项的规则结论可能不可靠。",
        "请核对受理日期，受理结果只填写受理或不予受理。",
        {"acceptance": result.raw.strip(), "accepted_on": accepted.display, "source": f"{result.ref}; {accepted.ref}"},
        "受理结果所写日期与受理日期一致")


def listed_notices(application: Application) -> None:
    """A 补正告知日期 listing two dates (2024-03-06、2024-03-12) is two notices, as the README and the
    rules read it (APP-ONE-TIME-DEFICIENCY-NOTICE, APP-DEFICIENCY-NOTICE-DEADLINE): not a date 无法识别."""
    notice = application.get("deficiency_notice_on")
    if notice.state == UNREADABLE and len(listed_dates(notice.raw)) >= 2:
        _drop_date_finding(application, notice.ref)


# h142: 书面告知 is asked where the duty list says 书面告知 (N-03: 004:56 需补充材料的，应书面告知申请企业; 004:57 对于
# 不予行政许可的，书面告知申请单位或企业，并说明理由). A cell saying the notice was oral (口头告知, 电话告知, 是（口头）)
# was a 是/否 "无法识别" and the row waited for review: it says no written notice was given, so it reads as 否,
# the cell's words kept and the reason said. A cell saying in words that a written notice went out (书面告知,
# 已出具书面告知书, 已送达不予许可决定书, 口头告知并送达书面通知) was unreadable too, and the rule reading it failed the row
# as "未记载已书面告知": it reads as 是. A written notice said not given (未送达告知书) is 否; anything else stays unread
_ORAL = re.compile(r"口头|电话|当面")
_WRITTEN = re.compile(r"书面|函|通知书|文书|决定书|告知书|送达")
_NOT_WRITTEN = re.compile(r"(?:未|没有?|尚未|待|无)(?:书面|出具|送达|发出|寄送|制发|发函)")
ORAL_NOTE = "口头告知不是书面告知，按“否”读"
WRITTEN_NOTE = "记载了书面告知，按“是”读"
NOT_WRITTEN_NOTE = "记载未书面告知，按“否”读"


def oral_notice(application: Application) -> None:
    """A 书面告知 cell saying in words how the notice was given: an oral one is 否 (:data:`ORAL_NOTE`), a written
    one 是, a written one not given 否 (not an unreadable 是/否); the cell's words are kept and the reading noted."""
    value = application.get("written_notice")
    if value.state != UNREADABLE or not isinstance(value.raw, str):
        return
    text = nfkc(value.raw).replace(" ", "")
    if _NOT_WRITTEN.search(text):
        read, note = False, NOT_WRITTEN_NOTE
    elif _WRITTEN.search(text):
        read, note = True, WRITTEN_NOTE
    elif _ORAL.search(text):
        read, note = False, ORAL_NOTE
    else:
        return
    application.values["written_notice"] = Value(OK, read, value.display, value.ref, value.raw, note)
    application.input_findings[:] = [
        f for f in application.input_findings
        if not (f.get("rule_id") == "INP-YESNO" and (f.get("evidence") or {}).get("source") == value.ref)]


# h142: 补正告知次数 as a clerk answers it in words: 无需补正 (no correction asked: 0 notices) and 一次性告知 (the one
# notice 004:36 asks for: 1) were "不是整数" and the row waited for review; 未补正 (not corrected yet? or no notice?)
# stays unread
NOTICE_COUNT_WORDS = {**dict.fromkeys(("无需补正", "不需补正", "不需要补正", "无须补正", "未要求补正", "无需补正告知", "未告知补正",
                                       "材料齐全", "材料齐全无需补正"), 0),
                      **dict.fromkeys(("一次性告知", "已一次性告知", "一次性告知补正", "一次性书面告知", "一次告知"), 1)}


# h154: the count said with the verb clerks write before it (已告知1次, 告知1次, 补正1次, 一次性告知1次) or a note in
# brackets after it (1次（当场）, 1（书面）): each was "不是整数" and the row waited for review. The number is the
# cell's own; a note holding another number or count (1次（另口头告知1次）) leaves the cell unread
# h160: what a clerk writes in a form's cell that does not apply (/, ／, —, -): under 补正告知次数 no notice (0); it was "不是整数"
# and the row waited for review (无 is read as 0 by the count's own reader, checker/check/validate.py)
NOT_APPLICABLE_MARKS = frozenset({"/", "//", "\\", "—", "——", "-", "--", "―", "─", "－"})
_COUNT_SAID = re.compile(r"(?:已|共)?(?:一次性)?(?:书面)?(?:告知|通知|补正|告知补正|通知补正)?(?:共)?"
                         r"(?P<n>\d{1,3}|[一二两三四五六七八九十])次?(?:[(（][^()（）\d一二两三四五六七八九十次]*[)）])?")


def notice_count_words(application: Application) -> None:
    """A 补正告知次数 written as :data:`NOTICE_COUNT_WORDS`: the count, the reading noted (not an unreadable number)."""
    value = application.get("deficiency_notice_count")
    if value.state != UNREADABLE or not isinstance(value.raw, str):
        return
    written = nfkc(value.raw).strip()
    count = NOTICE_COUNT_WORDS.get(re.sub(r"[\s。.]", "", written))
    said = _COUNT_SAID.fullmatch(re.sub(r"[\s。.]", "", written)) if count is None else None
    if said is not None:
        count = parse_count(said["n"])
    # the cell quoted as written (1次（当场）, not NFKC's 1次(当场))
    note = f"“{value.raw.strip()}”读作 {count}"
    if count is None and re.sub(r"\s", "", written) in NOT_APPLICABLE_MARKS:
        # h160: a slash (or dash) in a form's cell says "not applicable / none": no notice was given, 0, the reading said
        count, note = 0, f"填写为“{value.raw.strip()}”，按 0 次（未补正）读取"
    if count is None:
        return
    application.values["deficiency_notice_count"] = Value(OK, count, str(count), value.ref, value.raw, note)
    application.input_findings[:] = [
        f for f in application.input_findings
        if not (f.get("rule_id") == "INP-NUMBER" and (f.get("evidence") or {}).get("source") == value.ref)]


# h142: 省级方案 (headed 已开展省级认定 too, rules/fields.yaml) answered with the column's verb, 已开展 / 未开展, was a
# 是/否 "无法识别" and the row's cap (004:86 已开展省级技术创新示范企业认定的…不超过4家) undecided (facts/ledger.py
# scheme_said, which the batch's count of the rows' answers reads too)


def scheme_words(application: Application) -> None:
    """A 省级方案 cell written 已开展 / 未开展: 是 / 否, the reading noted (not an unreadable 是/否)."""
    value = application.get("provincial_scheme")
    if value.state != UNREADABLE or not isinstance(value.raw, str):
        return
    written = nfkc(value.raw).strip()
    answer = scheme_said(written)
    if answer is None:
        return
    application.values["provincial_scheme"] = Value(OK, answer, "是" if answer else "否", value.ref, value.raw,
                                                    f"“{written}”读作“{'是' if answer else '否'}”")
    application.input_findings[:] = [
        f for f in application.input_findings
        if not (f.get("rule_id") == "INP-YESNO" and (f.get("evidence") or {}).get("source") == value.ref)]


def _oral_said(findings: list[dict], application: Application) -> None:
    """The finding judging the written notice says why an oral one does not count (the evidence notes it too)."""
    value = application.values.get("written_notice")
    if value is None or value.note != ORAL_NOTE:
        return
    for at, finding in enumerate(findings):
        if finding.get("rule_id") == "APP-REFUSAL-REASONS" and finding.get("outcome") == "fail" and "书面告知：" in str(finding.get("message")):
            findings[at] = {**finding, "message": finding["message"] + f"台账记载的“{value.display}”是口头告知，不是书面告知。"}


def _drop_date_finding(application: Application, ref: str | None) -> None:
    application.input_findings[:] = [
        f for f in application.input_findings
        if not (f.get("rule_id") == "INP-DATE" and (f.get("evidence") or {}).get("source") == ref)]


# Columns a rule's decision reads that are not among its `reads` (the columns every ledger of its items must
# have, which a template writes): 书面告知 is read for N-03 only (APP-REFUSAL-REASONS' notes), 申报级别 only
# where a ledger records it (APP-RECOMMEND-CAP: a 省级 recommendation is outside the national cap). Where
# the ledger has the column, the finding shows its cell among its evidence as `reads` are shown
# (checker/check/evaluate.py evidence); where it has none, the finding is as before, byte for byte.
SHOWN_WHEN_PRESENT: dict[str, tuple[str, ...]] = {
    "APP-REFUSAL-REASONS": ("written_notice",),  # written_refusal
    # apply_level_state; h160: 单位类别 (cap_class, recommended_n) left APP-RECOMMEND-CAP's reads (v10), as a ledger
    # without it is checked, every row under the province's places (_unit_column_said): shown where present, as before
    "APP-RECOMMEND-CAP": ("unit_category", "apply_level"),
}


def _show_cells(findings: list[dict], application: Application) -> None:
    """Add the row's cells of SHOWN_WHEN_PRESENT to the evidence of the rules that read them."""
    names = {name for names in SHOWN_WHEN_PRESENT.values() for name in names}
    cells = {n: v for n in sorted(names) if (v := application.values.get(n)) is not None}
    if not cells:
        return
    sheet, row = application.sheet, application.row
    # the row's own cells, and what evidence writes for a column it lacks: a finding citing only these is the row's
    refs = frozenset({v.ref for v in application.values.values() if v.ref} | {f"{sheet} 第 {row} 行（无此列或空白）"})
    for at, finding in enumerate(findings):
        names = [n for n in SHOWN_WHEN_PRESENT.get(finding.get("rule_id"), ()) if n in cells]
        evidence = finding.get("evidence")
        if not names or not isinstance(evidence, dict) or not _same_row(evidence, refs):
            continue
        shown = {k: v for k, v in evidence.items() if k not in ("source", "sources")}
        sources = dict(evidence.get("sources") or {})
        if not sources and evidence.get("source"):
            read = [k for k in shown if not k.endswith("_note")]
            if len(read) == 1:
                sources[read[0]] = evidence["source"]
        for name in names:
            value = cells[name]
            shown[name] = value.display if value.state != "absent" else None
            if value.note:
                shown[f"{name}_note"] = value.note
            sources[name] = value.ref or f"{sheet} 第 {row} 行（无此列或空白）"
        shown["source"] = "; ".join(sources.values()) if sources else evidence.get("source", "")
        if len(sources) > 1:
            shown["sources"] = sources
        findings[at] = {**finding, "evidence": shown}  # a new dict: a finding's evidence may be shared


# h142: the rules counting a year's recommendations take the year of the 上报日期, else of the 决定日期, else of
# the 收件日期 (facts/ledger.py ledger_year): a row without its 上报日期 was counted in its 收件日期's year and the
# finding said "本事项 2024 年度…" as if that were the year it went up. Where the year is not the 上报日期's, the
# finding says which date gave it, or that none did, and shows that date's cell among its evidence
YEAR_COUNTED = frozenset({"APP-RECOMMEND-CAP", "APP-RANKED-RECOMMENDATION"})


def _year_basis_said(application: Application) -> tuple[str | None, list[str], str]:
    """(the date field the row's year comes from, the dates passed over as 上报日期未填写…, the sentence saying so:
    "" when it is the 上报日期)."""
    name, day = ledger_year_basis(application)
    if name == "reported_on":
        return name, [], ""
    before = YEAR_DATES[:[field for field, _ in YEAR_DATES].index(name)] if name is not None else YEAR_DATES
    gaps = [f"{label}{'无法识别' if application.get(field).state == UNREADABLE else '未填写'}" for field, label in before]
    if name is None:
        return name, gaps, f"（本行{'、'.join(gaps)}，年度不明：与其他年度不明的推荐行合并计数；请填写或更正上报日期。）"
    return name, gaps, f"（本行{'、'.join(gaps)}，年度按{dict(YEAR_DATES)[name]} {day.isoformat()} 计；请核实实际上报年度。）"


def _year_said(findings: list[dict], application: Application) -> None:
    name, gaps, said = _year_basis_said(application)
    if not said:
        return
    for at, finding in enumerate(findings):
        # only the findings whose message states the year (not 未决定推荐, 未记载排序, 排序无法识别)
        if finding.get("rule_id") not in YEAR_COUNTED or "年度" not in str(finding.get("message") or ""):
            continue
        evidence = dict(finding.get("evidence") or {})
        if name is not None:
            value = application.get(name)
            sources = dict(evidence.get("sources") or {})
            if not sources and evidence.get("source"):
                read = [k for k in evidence if k not in ("source", "sources") and not k.endswith("_note")]
                if len(read) == 1:
                    sources[read[0]] = evidence["source"]
            evidence[name] = value.display
            evidence[f"{name}_note"] = f"{'、'.join(gaps)}，推荐年度按此日期计"
            if value.ref:
                sources[name] = value.ref
            evidence["source"] = "; ".join(sources.values())
            if len(sources) > 1:
                evidence["sources"] = sources
        findings[at] = {**finding, "message": finding["message"] + said, "evidence": evidence}  # a finding may be shared


# h154: APP-RECOMMEND-CAP counts the rows of one 事项 and year, each in the year of its own 上报日期, else 决定日期, else
# 收件日期; its finding said which date gave this row's year (above) but not the others': "本事项 2024 年度推荐 4 家"
# counted a row by its 收件日期 beside rows by their 上报日期 without a word. Where any counted row's year is not its
# 上报日期's, the finding names every other counted row (the cell) and the date its year was taken from
COUNTED_ROWS_SAID = "_ledger_counted_rows_said"  # the sentence, kept on the row between its input pass and its findings


def _remember_counted_rows(application: Application, ranks: Counter) -> None:
    """The sentence naming the other rows counted with this one under APP-RECOMMEND-CAP and each one's year basis
    ("" when every counted row's year is its 上报日期's), as the batch count recorded them (facts/ledger.py cap_rows)."""
    rows = getattr(ranks, "cap_rows", None)
    if not rows:
        return
    key = item_key(application.text("item"))
    category = application.get("unit_category")
    group = rows.get((key, ledger_year(application), quota_group(category.value if category.state == OK else "")))
    if not group or not group["mixed"]:
        return
    here = (application.sheet, application.row)
    others = [said for at, said in group["shown"] if at != here][:CAP_ROWS_SHOWN]
    total = len(group["at"]) - (here in group["at"])
    if others:
        listed = f"（共 {total} 行，列出前 {len(others)} 行）" if total > len(others) else ""
        setattr(application, COUNTED_ROWS_SAID, f"一并计数的其他推荐行及其年度依据{listed}：{'；'.join(others)}。")


def _counted_rows_said(findings: list[dict], application: Application) -> None:
    said = getattr(application, COUNTED_ROWS_SAID, "")
    if not said:
        return
    for at, finding in enumerate(findings):
        # the findings stating the year's count (not 未决定推荐, 申报级别为省级, 未记载是否已开展省级认定)
        if finding.get("rule_id") == "APP-RECOMMEND-CAP" and "年度" in str(finding.get("message") or ""):
            findings[at] = {**finding, "message": finding["message"] + said}  # a finding may be shared


# h160: a N-08 ledger without a 单位类别 column was not checked against the cap at all (APP-RECOMMEND-CAP "本项未核对（整批）",
# the row 合规 with 4 recommended in a year). The seed lets it be checked: 004:86 各地工业和信息化主管部门负责本地区企业的遴选和
# 推荐报送工作，中央企业负责其下属企业的遴选和推荐报送工作: an office's ledger recommends its own area's enterprises, which
# count under the province's places (3, or 4 with 省级方案), as the rows whose 单位类别 is blank already do. The finding says
# the column is missing, how the rows were counted, and when to add it (a 计划单列市's office, a 中央企业's row)
UNIT_COLUMN_SAID = ("台账中没有“单位类别”列，各推荐行均按省（自治区、直辖市）的名额计数（权责清单：各地工业和信息化主管部门负责本地区企业的"
                    "遴选和推荐报送，中央企业负责其下属企业的推荐报送）；如有计划单列市、新疆生产建设兵团或中央企业的推荐，"
                    "请在台账中增加“单位类别”列后重新审核。")


def _unit_column_said(findings: list[dict], application: Application) -> None:
    if "unit_category" in application.values:  # the ledger has the column (blank or not)
        return
    for at, finding in enumerate(findings):
        # the findings stating the year's count (not 未决定推荐, 申报级别为省级, 未记载是否已开展省级认定)
        if finding.get("rule_id") == "APP-RECOMMEND-CAP" and "年度" in str(finding.get("message") or ""):
            findings[at] = {**finding, "message": finding["message"] + UNIT_COLUMN_SAID}  # a finding may be shared


def _same_row(evidence: dict, refs: frozenset[str]) -> bool:
    """Whether the evidence cites the remembered row's cells only (never another row's cells added to a finding)."""
    cited = [r.strip() for r in str(evidence.get("source") or "").split("; ") if r.strip()]
    return bool(cited) and all(ref in refs for ref in cited)


def item_citations(findings: list[dict], workflow: Workflow, application: Application) -> None:
    """A rule shared by the Nanyang items cites each item's own clause: of its citations, the first on
    the item's lines of the duty list (``profile.seed_lines``: an N-06 row's notice limit is seed 004:75
    "当场或2日内", not N-04's "3 日内" at :59). The chosen citation is one of the rule's own objects.
    The row's cells of SHOWN_WHEN_PRESENT are added to the evidence here too, and the date a counted
    recommendation's year was taken from (:func:`_year_said`)."""
    _show_cells(findings, application)
    _year_said(findings, application)
    _counted_rows_said(findings, application)
    _unit_column_said(findings, application)
    _notice_reading_said(findings, application)
    _oral_said(findings, application)
    spans = workflow.profile.get("seed_lines")
    if not spans:
        return
    for finding in findings:
        cites = finding.get("citations")
        if not cites:
            continue
        chosen = next((c for c in cites if c.get("source") == spans["source"] and _on_lines(c.get("lines"), spans["lines"])), None)
        if chosen is not None:
            finding["citation"] = chosen


def _on_lines(lines: object, spans: list) -> bool:
    first = re.match(r"\s*(\d+)", str(lines or ""))
    return first is not None and any(low <= int(first.group(1)) <= high for low, high in spans)


def fill_item(application: Application, workflow_id: str) -> None:
    """A blank 事项 takes the workflow the row is decided under (the rules read it)."""
    value = application.get("item")
    key = item_key(value.value) if value.state == OK else None
    if key != workflow_id:
        application.values["item"] = Value(OK, workflow_id, workflow_id, value.ref, value.raw,
                                           None if value.state != OK else f"按 {workflow_id} 审核（原填“{value.display}”）")


def input_findings(application: Application, fields: FieldSet, ranks: Counter, workflow_id: str,
                   reviewed_after_acceptance: bool = False, calendar=None) -> list[dict]:
    """Cells that contradict one another: dates before the receipt, a name given twice, a shared rank,
    and (for the items without APP-REVIEW-AFTER-ACCEPTANCE, ``reviewed_after_acceptance`` False, whose
    rule says it for the others) a grant after a refusal to accept, a decision dated before the acceptance."""
    # read before the rules (h142): batch.py calls this right after the row's cells are read
    yearless_dates(application)  # h154: 3月6日 beside a 收件日期 of 2024
    relative_days(application)  # h154: 次日, 受理日期 当场
    # h160: 收件后3日; ``calendar``: the run's --holidays, which checker/check/batch.py does not pass yet (the built-in one)
    days_after_receipt(application, calendar)
    disclosure_period(application)  # h154: 公示期 in one cell
    oral_notice(application)
    notice_count_words(application)
    scheme_words(application)
    _remember_counted_rows(application, ranks)
    found = []
    said = _acceptance_day_finding(application)  # h156: 受理（2024.3.9） beside a 受理日期 of 2024-03-05
    if said is not None:
        found.append(said)
    received = application.get("received_on")
    for name in AFTER_RECEIPT:
        value = application.get(name)
        if received.state == OK and value.state == OK and value.value < received.value:
            label = fields.label(name)
            found.append(_ledger_finding(
                "INP-LEDGER-DATE", ("日期早于收件日期", "A date before the day of receipt"),
                f"{value.ref} 的{label} {value.display} 早于 {received.ref} 的收件日期 {received.display}，日期有误；依赖此项的规则结论可能不可靠。",
                f"请核对{label}和收件日期。",
                {name: value.display, "received_on": received.display, "source": value.ref},
                "各环节日期不早于收件日期"))
    notice, count = application.get("deficiency_notice_on"), application.get("deficiency_notice_count")
    if notice.state == OK and count.state == OK and count.value == 0:
        # a dated notice beside "0 notices": either the date or the count is wrong, and the
        # one-time-notice and deadline rules would read whichever they look at
        found.append(_ledger_finding(
            "INP-LEDGER-DATE", ("有补正告知日期但补正告知次数为 0", "A notice date beside a notice count of 0"),
            f"{notice.ref} 填有补正告知日期 {notice.display}，而 {count.ref} 的补正告知次数为 0，两者矛盾；依赖此项的规则结论可能不可靠。",
            "请核对是否发出过补正告知：发出过的，填写次数；未发出的，清空补正告知日期。",
            {"deficiency_notice_on": notice.display, "deficiency_notice_count": count.display, "source": f"{notice.ref}; {count.ref}"},
            "补正告知次数为 0 时不填补正告知日期"))
    corrected = application.get("corrected_on")
    if notice.state == OK and corrected.state == OK and corrected.value < notice.value and not (
            received.state == OK and corrected.value < received.value):  # that one is said above
        found.append(_dated_before(
            ("corrected_on", "补正完成日期", corrected), ("deficiency_notice_on", "补正告知日期", notice),
            ("补正完成日期早于补正告知日期", "Corrections completed before they were asked for"),
            "，补正不会在告知之前完成", "请核对补正告知日期和补正完成日期。"))
    if corrected.state == OK and notice.state == "absent" and (
            count.state == "absent" or (count.state == OK and count.value == 0)):
        # corrections completed with no notice recorded (h136): the applicant was asked to 补正, and the
        # one-time and 当场或n日内 rules (004:59, 004:75) would pass a notice they never saw as "none asked"
        said = "补正告知次数为 0" if count.state == OK else "补正告知次数未填写"
        refs = [ref for ref in (corrected.ref, count.ref, notice.ref) if ref]
        found.append(_ledger_finding(
            "INP-LEDGER-DATE", ("有补正完成日期但未记载补正告知", "Corrections completed with no deficiency notice recorded"),
            f"{corrected.ref} 填有补正完成日期 {corrected.display}，而台账未记载补正告知（{said}，补正告知日期未填写），两者矛盾；"
            "无法核对补正告知是否一次性、是否按期作出，依赖此项的规则结论可能不可靠。",
            "请核对是否发出过补正告知：发出过的，填写补正告知日期和次数；未要求补正的，清空补正完成日期。",
            {"corrected_on": corrected.display, "deficiency_notice_count": count.display if count.state == OK else "",
             "deficiency_notice_on": "", "source": "; ".join(refs),
             # each value beside its own cell (not every value beside all three)
             "sources": {name: value.ref for name, value in (("corrected_on", corrected), ("deficiency_notice_count", count),
                                                            ("deficiency_notice_on", notice)) if value.ref}},
            "有补正完成日期的，须记载补正告知日期和次数"))
    reported, decided_on = application.get("reported_on"), application.get("decided_on")
    if (notice.state == OK and decided_on.state == OK and notice.value > decided_on.value
            and not (received.state == OK and decided_on.value < received.value)  # that one is said above
            and decision_word(application, workflow_id) in ("grant", "refuse", "recommend", "not_recommend")):
        # h136: the one deficiency notice belongs to the 受理 step (004:36 受理申报材料，一次性告知补正材料; N-03's
        # 书面告知 补充材料 at 材料初审, 004:56), before any decision; one dated after the decision passed in silence
        found.append(_dated_before(
            ("decided_on", "决定日期", decided_on), ("deficiency_notice_on", "补正告知日期", notice),
            ("补正告知日期晚于决定日期", "A deficiency notice dated after the decision"),
            "：决定作出后不再告知补正", "请核对补正告知日期和决定日期。"))
    if (workflow_id in REPORT_AFTER_DECISION and reported.state == OK and decided_on.state == OK
            and reported.value < decided_on.value and not (received.state == OK and reported.value < received.value)):
        # h136: a report upward dated before the decision passed in silence
        found.append(_dated_before(
            ("reported_on", "上报日期", reported), ("decided_on", "决定日期", decided_on),
            ("上报日期早于决定日期", "Reported upward before the decision"),
            "：作出决定后才上报", "请核对决定日期和上报日期。"))
    prelim = application.get("prelim_on")
    if (workflow_id in ITEMS and workflow_id != "W-04" and prelim.state == OK and decided_on.state == OK
            and decided_on.value < prelim.value and not (received.state == OK and decided_on.value < received.value)):
        # h136: the duty lists decide after the first review (004:37-38 材料初审 → 作出决定, 004:60 提出初审意见,
        # 004:91 初审，汇总排序后…推荐); a decision dated before the 初审 passed in silence (W-04 aside, as above)
        found.append(_dated_before(
            ("decided_on", "决定日期", decided_on), ("prelim_on", "初审日期", prelim),
            ("决定日期早于初审日期", "A decision dated before the first review"),
            "：初审之后才作决定", "请核对初审日期和决定日期。"))
    start, end = application.get("disclosure_start"), application.get("disclosure_end")
    if start.state == OK and end.state == OK and end.value < start.value:
        found.append(_ledger_finding(
            "INP-LEDGER-DATE", ("公示结束早于公示开始", "公示 ends before it starts"),
            f"{end.ref} 的公示结束日期 {end.display} 早于 {start.ref} 的公示开始日期 {start.display}。",
            "请核对公示起止日期。",
            {"disclosure_start": start.display, "disclosure_end": end.display, "source": end.ref},
            "公示结束不早于公示开始"))
    staff = application.get("onsite_staff")
    if staff.state == OK:
        names = staff_names(staff_said(staff.value)[0])
        twice = sorted({name for name in names if names.count(name) > 1}, key=names.index)
        if twice:
            found.append(_ledger_finding(
                "INP-LEDGER-STAFF", ("现场核查人员重复", "A name given twice among the on-site staff"),
                f"{staff.ref} 的现场核查人员“{staff.display}”中，{'、'.join(twice)} 出现不止一次；核查人数按不同姓名计。",
                "请核对现场核查人员名单，每人只写一次。",
                {"onsite_staff": staff.display, "source": staff.ref},
                "现场核查人员：姓名以顿号分隔，每人一次"))
        joined = [name for name in dict.fromkeys(names) if run_together(name)]
        if joined:
            # h142: 张伟李娜 counted as one person; which split is meant (张伟、李娜, or one four-character name) is
            # the office's to say, not guessed here
            found.append(_ledger_finding(
                "INP-LEDGER-STAFF", ("现场核查人员姓名连写", "Names of the on-site staff run together"),
                f"{staff.ref} 的现场核查人员“{staff.display}”中，“{'”“'.join(joined)}”似为两人姓名连写，未以顿号分隔；"
                f"核查人数按顿号分隔的姓名计为 {len(dict.fromkeys(names))} 人，实际人数需人工核对。",
                "请用顿号分隔各人姓名（如 张三、李四）；确为一人姓名的，请核实后说明。",
                {"onsite_staff": staff.display, "source": staff.ref},
                "现场核查人员：姓名以顿号分隔，每人一次"))
    # 暂缓受理, 退回: neither accepted nor refused as the rules read it; a refusal so written would pass
    if acceptance_word(application) == "unclear":
        found.append(_unknown_word(
            application.get("acceptance"), "acceptance", "受理结果", ("受理结果无法识别", "An acceptance result that is not one of the ledger's words"),
            "受理、不予受理", "无法判断是否须告知理由、是否应进入审核。", "（尚未作出的，可写“待受理”或留空）", "（尚未作出：待受理或空白）"))
    # a refusal misspelt must not pass as "no refusal": the rules reading 决定 need a known word
    if decision_word(application, workflow_id) == "unclear":
        found.append(_unknown_word(
            application.get("decision"), "decision", "决定", ("决定无法识别", "A decision that is not one of the ledger's words"),
            "准予、不准予、推荐、不推荐", "无法判断是否须说明理由、是否计入推荐名额。", "", ""))
    rank = application.get("rank")
    if rank.state == OK and rank.value == 0 and decision_word(application, workflow_id) == "recommend":  # 不推荐 rows need no rank
        found.append(_ledger_finding(
            "INP-LEDGER-RANK", ("排序为 0", "A rank of 0"),
            f"{rank.ref} 的排序为 0；推荐排序从 1 开始（第 1 名为最优先），无法判断此件的位次。",
            "请按推荐先后填写 1、2、3……",
            {"rank": rank.display, "source": rank.ref},
            "排序：同一事项、同一年度内不重复的整数，从 1 开始"))
    if rank.state == OK and decision_word(application, workflow_id) == "recommend":
        shared = ranks.get((workflow_id, ledger_year(application), rank.value), 0)
        if shared > 1:
            others = [ref for ref in getattr(ranks, "refs", {}).get((workflow_id, ledger_year(application), rank.value), [])
                      if ref != rank.ref]
            # h142: another row whose year is not its 上报日期's is said so, as this row's own is below
            basis = getattr(ranks, "year_basis", {})
            by_date: dict[str, list[str]] = {}
            for ref in others:
                if ref in basis:
                    by_date.setdefault(basis[ref], []).append(ref)
            guessed = [f"{'、'.join(refs)} 所在行未记载可识别的上报日期，年度{f'按{label}计' if label else '不明'}"
                       for label, refs in by_date.items()]
            also = f"（另见 {'、'.join(others)}{''.join(f'；{said}' for said in guessed)}）" if others else ""
            found.append(_ledger_finding(
                "INP-LEDGER-RANK", ("排序并列", "A rank shared by several rows"),
                # the year said when it is not the 上报日期's (h142, as _year_said for the rules)
                f"{rank.ref} 的排序 {rank.display} 在 {workflow_id} 同一年度的推荐中有 {shared} 行使用{also}，排序并列。"
                f"{_year_basis_said(application)[2]}",
                "请重新汇总排序，每件推荐一个排序号。",
                {"rank": rank.display, "source": rank.ref},
                "排序：同一事项、同一年度内不重复的整数"))
    accepted, decided, decision = application.get("accepted_on"), application.get("decided_on"), application.get("decision")
    if decided.state == OK and decision.state == "absent" and "decision" in application.values:
        # a decision dated and not written: granted or refused, recommended or not, the rules reading 决定
        # (reasons, caps, ranks, on-site checks) would take it for no decision at all
        found.append(_ledger_finding(
            "INP-LEDGER-DECISION", ("有决定日期而决定未填写", "A decision date beside a blank decision"),
            f"{decided.ref} 填有决定日期 {decided.display}，而 {decision.ref} 的决定未填写，无法判断作出的是哪一种决定"
            "（准予、不准予、推荐或不推荐）；依赖此项的规则结论可能不可靠。",
            "请在台账中填写决定；尚未作出决定的，清空决定日期。",
            {"decided_on": decided.display, "decision": "", "source": f"{decided.ref}; {decision.ref}"},
            "决定日期与决定同时填写"))
    corrected = application.get("corrected_on")
    if (accepted.state == OK and corrected.state == OK and accepted.value < corrected.value
            and acceptance_word(application) == "accepted" and workflow_id in ACCEPT_WHEN_CORRECTED):
        # 004:59, 004:75 "申请人按本行政机关的要求提交全部补正申请材料的，予以受理": corrections first (the
        # other items' lists say only 依法受理: an office accepting with corrections to follow is not said against)
        found.append(_dated_before(
            ("accepted_on", "受理日期", accepted), ("corrected_on", "补正完成日期", corrected),
            ("受理日期早于补正完成日期", "Accepted before the corrections were complete"),
            "：补正材料交齐之后才予受理", "请核对受理日期和补正完成日期；确在补正交齐之前受理的，请说明受理的依据。"))
    # the rule says a grant after a refusal, a decision before the acceptance, where it is checked:
    # where the ledger lacks its columns (受理日期, 决定日期) it is not, and the contradiction is said here
    if not (reviewed_after_acceptance and all(name in application.values for name in REVIEW_AFTER_ACCEPTANCE_READS)):
        found.extend(_acceptance_contradictions(application, workflow_id))
    found.extend(_pending_contradiction(application, workflow_id))
    return found


# the items whose duty list reports upward in a step after the one that decides: 004:46 地方初审上报 after 材料审核,
# 004:61 报送 after 提出初审意见, 004:71 报送 after 审查, 004:89 and 004:92 送达（按规定程序上报市工信局）after 公示
# (作出决定) and 推荐, 004:101 送达 after 择优申报. Not N-01 (its 报送 is in the basis text, L36, not placed among
# the steps), N-03, N-06, N-07 (no report upward among their steps), nor W-04 (its 决定 may be the province's
# answer to the report, 001:2402-2406)
# h140: nor N-02, N-04, N-05, where the 决定 a careful ledger records may come after the report: N-04's 报送 is
# 报市工信局审定 (004:61), the city deciding on what the district sent; N-05's only 审核意见 (004:70) is the
# province's, given on the bases the district reported (004:71); N-02 has no deciding step, its district 上报并公示
# (004:46, 004:97) and who publishes and decides after is unclear (AMB-37). A report dated before such a 决定 was
# "日期有误" and the row needed review though it was kept right; the seed does not say which 决定 the ledger holds
REPORT_AFTER_DECISION = frozenset({"N-08", "N-09", "N-10"})
# the items whose duty list accepts an application once its corrections are all in (004:59, 004:75)
ACCEPT_WHEN_CORRECTED = frozenset({"N-04", "N-06"})
# what APP-REVIEW-AFTER-ACCEPTANCE reads (its `reads`, the 事项 aside): a row without one of these columns
# is not checked by it (plan: 未核对事项)
REVIEW_AFTER_ACCEPTANCE_READS = ("acceptance", "accepted_on", "decided_on")


def _acceptance_contradictions(application: Application, workflow_id: str) -> list[dict]:
    """A row refused acceptance (不予受理) and yet granted or recommended, or decided before the day it was
    accepted: one of the two cells is wrong, and the rules reading either would judge a handling that did
    not happen (h96: N-03, N-04 and N-05 rows said both and passed in silence)."""
    found = []
    acceptance, decision = application.get("acceptance"), application.get("decision")
    word = decision_word(application, workflow_id)
    if acceptance_word(application) == "refused" and word in ("grant", "recommend"):
        found.append(_ledger_finding(
            "INP-LEDGER-DECISION", ("不予受理后又作出准予或推荐决定", "A grant after a refusal to accept"),
            f"{acceptance.ref} 的受理结果为“{acceptance.display}”，而 {decision.ref} 的决定为“{decision.display}”："
            "不予受理的申请不进入审核和决定，两处记载矛盾；依赖此项的规则结论可能不可靠。",
            "请核对本件是否受理：已受理的，更正受理结果；未受理的，清空决定。",
            {"acceptance": acceptance.display, "decision": decision.display, "source": f"{acceptance.ref}; {decision.ref}"},
            "受理结果与决定一致"))
    accepted, decided, received = application.get("accepted_on"), application.get("decided_on"), application.get("received_on")
    before_receipt = received.state == OK and decided.state == OK and decided.value < received.value  # said already
    if accepted.state == OK and decided.state == OK and decided.value < accepted.value and not before_receipt:
        found.append(_dated_before(
            ("decided_on", "决定日期", decided), ("accepted_on", "受理日期", accepted),
            ("决定日期早于受理日期", "A decision dated before the acceptance"),
            "：未受理的申请不作决定", "请核对受理日期和决定日期。"))
    return found


def _pending_contradiction(application: Application, workflow_id: str) -> list[dict]:
    """h136: a 受理结果 saying the application is not accepted yet (待受理, 待补正) beside a 准予 or 推荐: the
    same contradiction as 不予受理 beside it, which passed as 合规 (N-03, N-04, N-05: no rule reads it; the
    items with APP-REVIEW-AFTER-ACCEPTANCE: its rule reads 不予受理 only)."""
    acceptance, decision = application.get("acceptance"), application.get("decision")
    if not (acceptance.state == OK and acceptance_pending(acceptance.value)
            and decision_word(application, workflow_id) in ("grant", "recommend")):
        return []
    return [_ledger_finding(
        "INP-LEDGER-DECISION", ("尚未受理却已作出准予或推荐决定", "A grant of an application not yet accepted"),
        f"{acceptance.ref} 的受理结果为“{acceptance.display}”（尚未受理），而 {decision.ref} 的决定为“{decision.display}”："
        "未受理的申请不进入审核和决定，两处记载矛盾；依赖此项的规则结论可能不可靠。",
        "请核对本件是否已受理：已受理的，更正受理结果；尚未受理的，清空决定。",
        {"acceptance": acceptance.display, "decision": decision.display, "source": f"{acceptance.ref}; {decision.ref}"},
        "受理结果与决定一致")]


def _unknown_word(value, name: str, label: str, title: tuple[str, str], words: str, consequence: str, remedy_note: str,
                  form_note: str) -> dict:
    """INP-LEDGER-ACCEPTANCE / -DECISION: a result cell none of the ledger's words (``words``) reads."""
    return _ledger_finding(
        f"INP-LEDGER-{name.upper()}", title,
        f"{value.ref} 的{label}“{value.display}”不是{words}之一，{consequence}",
        f"请按{words}之一填写{label}{remedy_note}。",
        {name: value.display, "source": value.ref},
        f"{label}：{words}{form_note}")


def _dated_before(later: tuple, earlier: tuple, title: tuple[str, str], why: str, remedy: str) -> dict:
    """INP-LEDGER-DATE for a step dated before the one it must follow: ``later`` and ``earlier`` are
    (field, label, value); ``why`` says, after its own punctuation, why the order cannot be so."""
    (later_name, later_label, late), (earlier_name, earlier_label, early) = later, earlier
    return _ledger_finding(
        "INP-LEDGER-DATE", title,
        f"{late.ref} 的{later_label} {late.display} 早于 {early.ref} 的{earlier_label} {early.display}{why}，日期有误；"
        "依赖此项的规则结论可能不可靠。",
        remedy,
        {later_name: late.display, earlier_name: early.display, "source": f"{late.ref}; {early.ref}"},
        f"{later_label}不早于{earlier_label}")


def office_finding(finding: dict) -> bool:
    """Findings that judge the office's handling: office-subject rules and the input findings
    (the ledger is the office's record)."""
    return finding.get("subject") == "office" or finding["rule_id"].startswith(("INP-", "ENGINE-"))


def ledger_verdicts(findings: list[dict]) -> tuple[str, str | None]:
    """The office's verdict (compliant / noncompliant / needs_review) and the applicant's beside it
    (eligible / ineligible / needs_review; None when no applicant rule applies)."""
    office = [f for f in findings if office_finding(f)]
    applicant = [f for f in findings if not office_finding(f)]
    return verdict_of(office, ROUND_VERDICTS), verdict_of(applicant, CASE_VERDICTS) if applicant else None


def raw_ledger_row(record: Row) -> dict:
    """The cells the batch counts read, by field name (raw values), and where its 排序 is (``rank_ref``)."""
    row = {name: record.cells[name].value
           for name in ("item", "decision", "reported_on", "decided_on", "received_on", "rank", "provincial_scheme", "unit_category",
                        "apply_level", "uscc", "company_name")
           if name in record.cells}
    if "rank" in record.cells:
        row["rank_ref"] = record.cells["rank"].ref
    # h154: where the row is and the cells its recommendation year may come from, so that APP-RECOMMEND-CAP's
    # finding on another row names this one and the date its year was taken from (facts/ledger.py cap_rows)
    row["row_at"] = (record.sheet, record.number)
    row["row_label"] = f"{record.sheet} 第 {record.number} 行"
    row["year_refs"] = {name: record.cells[name].ref for name in ("reported_on", "decided_on", "received_on") if name in record.cells}
    return row
