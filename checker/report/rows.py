"""One small row per case: what the parent process keeps of each case (never the case itself).

A :class:`CaseRow` is a tuple (a few hundred bytes with its strings, the common ones interned),
read by name like the summary row dicts it replaces (``row["verdict"]``, ``row.get("row_key")``,
``row.items()``), so summary.xlsx and summary.json are written from it unchanged.
"""

from __future__ import annotations

import re
import sys

from checker.core.text import nfkc
from checker.core.values import export_blank
from checker.io.xlsx import FORMULA_PROBLEM_STARTS as FORMULA_PROBLEMS  # a formula cell's reading without a usable value

# the keys of a case's entry in summary.json, in order, then what the index needs
SUMMARY_KEYS = ("case_id", "input_row", "district", "company_name", "uscc", "project_name", "verdict",
                "verdict_with_overrides", "failed_rules", "missing_rules", "advisories", "problems", "amounts", "report")
LEDGER_KEYS = ("item", "applicant_verdict")  # a handling ledger's row: its 事项 and the applicant's side
FIELDS = (*SUMMARY_KEYS, "input_file", "row_key", "name", "has_file", *LEDGER_KEYS)
_INDEX = {name: index for index, name in enumerate(FIELDS)}
_AS_LIST = frozenset({"failed_rules", "missing_rules", "advisories", "problems"})
INDEX_PAGE = "index"  # a case with no report file of its own is linked to index.html
ADVISORY = "advisory"  # a problem's outcome word for a failed advisory rule: a 提示 that changes no verdict
DECIDED = {"fail": "decided_fail", "missing": "decided_missing"}  # ...for a reviewer's decision on a rule that passed


class CaseRow(tuple):
    __slots__ = ()

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                value = tuple.__getitem__(self, _INDEX[key])
            except KeyError:
                raise KeyError(key) from None
            if key == "amounts":
                return _amounts(value)
            return value
        return tuple.__getitem__(self, key)

    def __contains__(self, key) -> bool:
        """``"item" in row`` asks for a key, as with the dicts this replaces: a ledger key is there
        only for a ledger's row."""
        index = _INDEX.get(key)
        if index is None:
            return False
        return key not in LEDGER_KEYS or tuple.__getitem__(self, index) is not None

    def get(self, key, default=None):
        index = _INDEX.get(key)
        if index is None:
            return default
        value = tuple.__getitem__(self, index)
        if value is None:
            return default
        return self[key] if key == "amounts" else value

    def plain(self) -> dict:
        """Every field by name in a plain dict (a ledger key None when the row is not a ledger's),
        made in one pass: for code that reads many fields of every row (summary.xlsx, summary.json),
        where each ``row[name]`` would be a call of ``__getitem__``."""
        view = dict(zip(FIELDS, self))
        view["amounts"] = _amounts(view["amounts"])
        return view

    def as_dict(self) -> dict:
        """The case's entry in summary.json (and the row summary.xlsx is written from)."""
        view = self.plain()
        entry = {name: view[name] for name in SUMMARY_KEYS}
        for name in _AS_LIST:
            entry[name] = list(entry[name])
        if view["row_key"]:
            entry["input_file"], entry["row_key"] = view["input_file"], view["row_key"]
        if view["item"] is not None:
            entry["item"], entry["applicant_verdict"] = view["item"], view["applicant_verdict"]
        return entry

    def items(self):
        return self.as_dict().items()

    def keys(self):
        return self.as_dict().keys()


def _amounts(flat: tuple | None) -> dict:
    """field → (text, read) from the flat tuple a row stores."""
    return {flat[i]: (flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)} if flat else {}


def _short(value):
    return sys.intern(value) if isinstance(value, str) and len(value) < 40 else value


def _district(application: dict) -> str:
    """The district a case is grouped under: an exported blank (nan, NULL), a word for none (—, 无, #N/A),
    a bare number (0 from a lookup that found nothing, nan.0) or a cell Excel could not give a value
    (#NULL!, #VALUE!, a formula never calculated) is none, so the case is listed with those of no
    district (（未填写所在区市）), never under a group called nan or 公式结果为错误值 #NULL!."""
    entry = application.get("district", {})
    written = entry.get("value", "") or ""
    if entry.get("state") == "unreadable" and (export_blank(written) or written.startswith(FORMULA_PROBLEMS)):
        return ""
    if len(written) > 8:
        return written
    plain = nfkc(written).strip().lower()
    bare = plain.strip(_WRAPPING)  # （无）, --请选择--, 【空白】: the word inside
    if (plain in NO_DISTRICT or bare in NO_DISTRICT or _NUMBER_ONLY.fullmatch(plain) or export_blank(plain.removesuffix(".0"))
            or plain.startswith("#n/a")):  # "#N/A N/A", as a database export writes a lookup's miss
        return ""
    return written


# what a 所在区市 cell says when it names none (h101: #N/A, —, 无 each made a group of their own)
NO_DISTRICT = frozenset({"无", "/", "\\", "-", "--", "—", "——", "不详", "未填", "未填写", "n/a", "#n/a", "na", "(空)", "空", "待定",
                         "#null!", "#value!", "#ref!", "#div/0!", "#num!", "#name?", "#error",
                         # a drop-down's prompt left as chosen, a boolean cell, a blank said in words (h105)
                         "请选择", "选择", "空白", "true", "false", "–", "无区市", "未知"})
_WRAPPING = "()[]<>【】「」《》-–—_*. "  # NFKC has made （）［］＜＞ ASCII
# no district is named by a number of one or two digits (0 is what a lookup that found nothing gives);
# a six-digit 区划代码 (371002) does name one and stays its own group
_NUMBER_ONLY = re.compile(r"[-+]?\d{1,2}(?:\.\d*)?")


def case_row(document: dict, name: str, row_key: str | None, has_file: bool, words=None) -> CaseRow:
    """The case's row: the summary's columns and where its report is."""
    findings = document["findings"]
    application = document["application"]

    def value(field: str) -> str:
        entry = application.get(field, {})
        written = entry.get("value", "") or ""
        if written.startswith(FORMULA_PROBLEMS) and entry.get("state") == "unreadable":
            # what a formula without a usable value was read as, never shown as if it were the name
            return f"（无法读取：{written}）"
        return written

    amounts: list = []  # field, text, read, field, text, read...: one flat tuple, a fifth of a dict's memory
    for field in (words.amounts if words is not None else ()):
        if field in application:
            entry = application[field]
            amounts += (field, entry.get("value") or "", entry.get("state") == "ok")
    intern = sys.intern
    failed, missing, advisories, problems = [], [], [], []
    for f in findings:  # one pass; most findings pass and are passed over at once
        outcome = f["outcome"]
        if outcome != "fail" and outcome != "missing":
            if "override" in f and f["override"]["decision"] in DECIDED:
                # a reviewer's 不通过 on a rule that passed: the case's problem after review, said as such
                # (a case made 不符合条件 so showed 主要问题 "—")
                problems.append((intern(f["rule_id"]), _short(f["title"]["zh"]), DECIDED[f["override"]["decision"]]))
            continue
        rule_id, advisory = intern(f["rule_id"]), f["severity"] == "advisory"
        if outcome == "missing":
            missing.append(rule_id)
        elif advisory:
            advisories.append(rule_id)
        else:
            failed.append(rule_id)
        if not advisory:
            problems.append((rule_id, _short(f["title"]["zh"]), intern(outcome)))
        elif outcome == "fail":  # shown beside the problems (主要问题, 问题明细) as a 提示, never a verdict
            problems.append((rule_id, _short(f["title"]["zh"]), ADVISORY))
    return CaseRow((
        document["case_id"], document["input_row"], _short(_district(application)), value("company_name"), value("uscc"),
        value("project_name"), intern(document["verdict"]), document.get("verdict_with_overrides"),
        tuple(failed), tuple(missing), tuple(advisories), tuple(problems),
        tuple(amounts) or None,
        f"cases/{name}" if has_file else INDEX_PAGE,
        document.get("input_file") if row_key else None, row_key, name, has_file,
        document.get("item"), document.get("applicant_verdict") if "item" in document else None,
    ))


# the parts of a row that many rows share: stored once in the parent (district, verdict, the same
# set of problems...); names, ids and amounts are each row's own
_SHARED = tuple(_INDEX[name] for name in ("district", "verdict", "verdict_with_overrides", "failed_rules", "missing_rules",
                                          "advisories", "problems", "input_file", "item", "applicant_verdict"))


class RowStore:
    """The parent's rows: equal parts of rows arriving from worker processes (each a fresh copy,
    unpickled) kept once, so 100,000 rows take about half the memory."""

    def __init__(self):
        self.rows: list[CaseRow] = []
        self._parts: dict = {}

    def add(self, rows) -> None:
        parts = self._parts
        for row in rows:
            values = list(row)
            for index in _SHARED:
                value = values[index]
                if value is not None:
                    values[index] = parts.setdefault(value, value)
            self.rows.append(CaseRow(values))
