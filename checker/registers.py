"""Optional registers for `check`: adverse credit records and fund disqualifications.

Both are judged at the round's reference date (``--as-of``, by default the application deadline),
never at the run date, so re-running an old round gives the old answer.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError
from checker.parse import Unreadable, normalise_uscc, parse_date
from checker.textnorm import header_key, nfkc

CREDIT_COLUMNS = {"统一社会信用代码": "uscc", "记录类型": "kind", "认定日期": "date", "来源": "source"}
MAX_DEBARMENT_YEARS = 50  # a longer "term" is a typing error, not a disqualification
DEBARMENT_COLUMNS = {"统一社会信用代码": "uscc", "专项名称": "fund", "起始日期": "start", "期限(年)": "years"}


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


def _columns(row: dict, mapping: dict[str, str]) -> dict[str, object]:
    keys = {header_key(k): v for k, v in mapping.items()}
    keys.update({v: v for v in mapping.values()})
    return {keys[header_key(k)]: v for k, v in row.items() if header_key(k) in keys}


def _date(raw, name: str, number: int, column: str) -> dt.date:
    try:
        return parse_date(raw)
    except Unreadable as error:
        raise InputError(f"{name} row {number}: {column} {raw!r} is not a date ({error.expected})") from error


def load_rows(path: Path) -> list[dict]:
    """Rows of a register file: .xlsx (first sheet, header row) or .json (a list of objects)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"register file {path} does not exist")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            raise InputError(f"{path.name} is not valid JSON ({str(error)[:80]})") from error
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise InputError(f"{path.name} must hold a list of records (JSON objects keyed by column name)")
        return data
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(f"{path.name} is not a readable .xlsx workbook ({error})") from error
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    if not rows:
        return []
    header = [str(h) if h is not None else "" for h in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:] if any(v not in (None, "") for v in row)]
