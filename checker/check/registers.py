"""Optional registers for `check`: adverse credit records and fund disqualifications.

Both are judged at the round's reference date (``--as-of``, by default the application deadline),
never at the run date, so re-running an old round gives the old answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from checker.core.text import header_key, nfkc
from checker.core.values import Unreadable, normalise_uscc, parse_date
from checker.errors import InputError
from checker.io.table import Aliases, aliases, open_table

CREDIT_COLUMNS = aliases({"uscc": ["统一社会信用代码"], "kind": ["记录类型"], "date": ["认定日期"], "source": ["来源"]})
MAX_DEBARMENT_YEARS = 50  # a longer "term" is a typing error, not a disqualification
DEBARMENT_COLUMNS = aliases({"uscc": ["统一社会信用代码"], "fund": ["专项名称"], "start": ["起始日期"], "years": ["期限(年)"]})


@dataclass(frozen=True)
class CreditRecord:
    uscc: str
    kind: str
    date: dt.date
    source: str


class CreditRegister:
    """Adverse credit records (统一社会信用代码, 记录类型, 认定日期, 来源)."""

    def __init__(self, records: list[CreditRecord], name: str):
        self.name = name
        self.by_uscc: dict[str, list[CreditRecord]] = {}
        for record in records:
            self.by_uscc.setdefault(record.uscc, []).append(record)

    @classmethod
    def from_rows(cls, rows: list[dict], name: str) -> "CreditRegister":
        records = []
        for number, row in enumerate(rows, start=1):
            values = _columns(row, CREDIT_COLUMNS)
            records.append(
                CreditRecord(
                    uscc=normalise_uscc(values.get("uscc", "")),
                    kind=nfkc(str(values.get("kind", ""))),
                    date=_date(values.get("date"), name, number, "认定日期"),
                    source=nfkc(str(values.get("source", ""))),
                )
            )
        return cls(records, name)

    def matches(self, uscc: str, on: dt.date) -> bool:
        return bool(self.records_on(uscc, on))

    def records_on(self, uscc: str, on: dt.date) -> list[CreditRecord]:
        """Records already established on the reference date."""
        return [r for r in self.by_uscc.get(uscc, []) if r.date <= on]


@dataclass(frozen=True)
class Debarment:
    uscc: str
    fund: str
    start: dt.date
    years: int

    def covers(self, on: dt.date) -> bool:
        # "取消今后两年本专项资金申报资格": from the start date, for `years` years (end exclusive).
        try:
            end = self.start.replace(year=self.start.year + self.years)
        except ValueError:  # 29 February
            end = self.start.replace(year=self.start.year + self.years, day=28)
        return self.start <= on < end


class DebarmentRegister:
    """Fund disqualifications (统一社会信用代码, 专项名称, 起始日期, 期限（年）)."""

    def __init__(self, records: list[Debarment], name: str):
        self.name = name
        self.by_uscc: dict[str, list[Debarment]] = {}
        for record in records:
            self.by_uscc.setdefault(record.uscc, []).append(record)

    @classmethod
    def from_rows(cls, rows: list[dict], name: str) -> "DebarmentRegister":
        records = []
        for number, row in enumerate(rows, start=1):
            values = _columns(row, DEBARMENT_COLUMNS)
            try:
                years = int(str(values.get("years", "2")).strip() or 2)
            except ValueError as error:
                raise InputError(f"{name} row {number}: 期限（年） {values.get('years')!r} is not a whole number") from error
            if not 1 <= years <= MAX_DEBARMENT_YEARS:
                raise InputError(f"{name} row {number}: 期限（年） {years} is outside 1-{MAX_DEBARMENT_YEARS} years")
            records.append(
                Debarment(
                    uscc=normalise_uscc(values.get("uscc", "")),
                    fund=nfkc(str(values.get("fund", ""))),
                    start=_date(values.get("start"), name, number, "起始日期"),
                    years=years,
                )
            )
        return cls(records, name)

    def matches(self, uscc: str, on: dt.date, fund_name: str | None = None) -> bool:
        return bool(self.records_on(uscc, on, fund_name))

    def records_on(self, uscc: str, on: dt.date, fund_name: str | None) -> list[Debarment]:
        fund = nfkc(fund_name) if fund_name else None
        return [d for d in self.by_uscc.get(uscc, []) if d.covers(on) and (fund is None or d.fund == fund)]


def _columns(row: dict, known: Aliases) -> dict[str, object]:
    return {known[header_key(k)][0]: v for k, v in row.items() if header_key(k) in known}


def _date(raw, name: str, number: int, column: str) -> dt.date:
    try:
        return parse_date(raw)
    except Unreadable as error:
        raise InputError(f"{name} row {number}: {column} {raw!r} is not a date ({error.expected})") from error


def load_rows(path: Path, known: Aliases, what: str) -> list[dict]:
    """Rows of a register or decision file (.xlsx/.csv/.json/...), keyed by field name."""
    table = open_table(Path(path), known, what=what)
    return [{name: cell.value for name, cell in row.cells.items()} for row in table.rows() if not row.is_blank()]


def read_credit_register(path: Path) -> CreditRegister:
    return CreditRegister.from_rows(load_rows(path, CREDIT_COLUMNS, "不良信用记录名单"), Path(path).name)


def read_debarment_register(path: Path) -> DebarmentRegister:
    return DebarmentRegister.from_rows(load_rows(path, DEBARMENT_COLUMNS, "取消申报资格名单"), Path(path).name)
