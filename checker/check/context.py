"""What a case's facts need beyond its own row: the batch, the round and its registers.

Built once per run by the command line (checker/cli/check.py) and shared by every case; each
application is handed to the fact functions as an :class:`ApplicationCase`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checker.check.fields import FieldSet
from checker.check.validate import Application


@dataclass
class Window:
    start: dt.date
    end: dt.date


@dataclass
class BatchContext:
    """What a case's facts need from outside the row: the batch, the round, the registers."""

    uscc_counts: Counter = field(default_factory=Counter)
    name_counts: Counter = field(default_factory=Counter)  # name_key → applications, names met twice or more
    # the rows behind those counts, so that each of two applications of one enterprise names the other
    name_rows: dict = field(default_factory=dict)  # name_key → (((sheet, row, label, valid code or ""), …), those without a code)
    uscc_rows: dict = field(default_factory=dict)  # code → ((sheet, row, label), …)
    window: Window | None = None
    credit: Any = None  # checker.check.registers.CreditRegister or None
    debarments: Any = None  # checker.check.registers.DebarmentRegister or None
    fund_name: str | None = None
    # round lists (checker/check/registers.py): None when the reviewer gave none
    key_fields: Any = None  # KeyFields: the round's 重点领域 (--key-fields)
    reserve_pool: Any = None  # ListRegister: 冲击新目标后备库企业名单 (--reserve-pool)
    recognitions: Any = None  # ListRegister: stage-1 recognitions (--recognitions)
    fraud_findings: Any = None  # ListRegister: established 弄虚作假 findings (--fraud-findings)
    catalogue: Any = None  # Catalogue: encouraged catalogue entries (--catalogue)
    supervision_list: Any = None  # ListRegister: projects under supervision (--supervision-list, L-03)
    with_funds: bool = False  # the round involves money (--with-funds): 流程审核情况表 required
    # the round's notice and conditions (--conditions, checker/check/conditions)
    notice: Any = None  # RoundNotice: 文号, 标题, 发布日期, 失信企业不得申报
    conditions: Any = None  # ConditionSlots: the conditions checked in this run, by engine slot
    # handling ledgers (受理台账, checker/check/facts/ledger.py): batch counts and the calendar
    ledger_recommended: Counter = field(default_factory=Counter)  # (事项, year, quota group) -> rows recommended
    ledger_ranks: Counter = field(default_factory=Counter)  # (事项, year, 排序) -> recommended rows with it
    ledger_schemes: dict = field(default_factory=dict)  # (事项, year) -> 省级方案 answers of its recommended rows
    holidays: Any = None  # HolidayCalendar (--holidays) or None: the built-in calendar


@dataclass
class ApplicationCase:
    """One application as the fact functions see it."""

    application: Application
    context: BatchContext
    on: dt.date  # the reference date registers are judged on
    fields: FieldSet
    basis: str = "as_of"  # why ``on`` (as_of, window_end, submitted_on, received_on, latest_parameters: no real date)
    # the facts the case's rules read (None: every fact): a field's facts no rule reads are not made
    facts_needed: frozenset[str] | None = None

    @property
    def dated(self) -> bool:
        """A real reference date (not the latest-parameters fallback): years can be counted."""
        return self.basis != "latest_parameters"
