"""Words and escaping shared by every report: outcome and verdict names, file names, HTML and
Markdown escaping. Outputs never execute applicant data: HTML is rendered with autoescape on (the
per-case HTML by checker/report/case_html.py and the round reports by checker/report/round_html.py,
which escape every value the same way);
Markdown cells escape angle brackets and pipes; spreadsheet text is neutralised (checker/io/xlsx.py).
"""

from __future__ import annotations

import re
from typing import Iterator

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from checker.core.findings import OUTCOME_ZH, SEVERITY_ZH
from checker.core.text import strip_control

VERDICT_ZH = {
    "eligible": "符合条件", "ineligible": "不符合条件", "needs_review": "需人工复核",
    "compliant": "合规", "noncompliant": "不合规",
}
REFERENCE_BASIS_ZH = {
    "as_of": "审核人指定的参考日期",
    "window_end": "本轮申报截止日",
    "submitted_on": "申报日期",
    "received_on": "收件日期",
    "latest_parameters": "未给出参考日期，也没有可识别的申报日期或收件日期，采用最新参数",
}
ENGINE_ZH = {"durable": "由规则引擎 durable-rules 判定", "reference": "由参考判定程序判定"}
_UNSAFE_NAME = re.compile(r"[^0-9A-Za-z\u3400-\u9fff._-]")

__all__ = ["ENGINE_ZH", "OUTCOME_ZH", "REFERENCE_BASIS_ZH", "SEVERITY_ZH", "VERDICT_ZH", "environment", "md_text", "safe_name"]


def safe_name(identifier: str) -> str:
    """An id as a file name: anything outside letters, digits, CJK, . _ - becomes _ (contract);
    a leading dot too, so no report is hidden or named "." or ".."."""
    name = _UNSAFE_NAME.sub("_", identifier)
    return "_" + name[1:] if name.startswith(".") else name


# Names Windows refuses whatever the extension (CON.json is CON); a name ending in a dot or space
# loses it there. Such a name never becomes a report file.
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 150  # file systems allow 255 bytes; leave room for the extension


def portable_name(stem: str) -> bool:
    """A file name every file system of a bureau's PCs accepts as it is."""
    return bool(stem) and stem.split(".")[0].upper() not in _WINDOWS_RESERVED and not stem.endswith((".", " ")) \
        and len(stem.encode()) <= MAX_NAME_BYTES


# The direction marks strip_control leaves (LRM, RLM, ALM; checker/core/text.py removes the embeddings,
# overrides and isolates only): each is invisible yet a strong direction character, so the browser and
# the printer reorder the digits and punctuation beside it. An address 威海市12<RLM>-34 printed 威海市1234-
# and an amount “<ALM>100<ALM> 200” printed “200 100” (h146): what a signed page shows was not what the
# cell holds. Removed from every value a report prints, as the cell reads in its own order.
_DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c]")


def printable_text(value: str) -> str:
    """``value`` as every report prints it: no control character, no invisible direction mark."""
    if value.isprintable():  # every character removed here is unprintable (Cc, Cf, Cs)
        return value
    return _DIRECTION_MARKS.sub("", strip_control(value))


def md_text(value: object) -> str:
    """Text for Markdown: angle brackets as entities (no raw HTML reaches a renderer), square
    brackets escaped (an applicant's "[点此](javascript:…)" is never a live link), and a backslash
    before them so none can undo that; pipes escaped, line breaks flattened (a table cell stays one cell)."""
    text = "" if value is None else printable_text(str(value))
    if "\\" in text or "[" in text or "]" in text:
        text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")


def _printable(value: object) -> object:
    """Every value a template prints, without control characters (HTML and Markdown cannot hold them)."""
    if isinstance(value, Markup):
        return value  # HTML fundcheck rendered itself (a notice inside the batch page): already escaped
    return printable_text(value) if isinstance(value, str) else value


def _environment() -> Environment:
    # Autoescape on for HTML: applicant text (company names, free text) is untrusted. Markdown is
    # not HTML-escaped (entities would show as text); its templates pass every value through |md.
    env = Environment(
        loader=PackageLoader("checker.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), disabled_extensions=("md.j2",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
        auto_reload=False,  # the templates ship with the package: no stat() of them per rendering
    )
    env.filters["md"] = md_text
    env.filters["outcome_zh"] = lambda v: OUTCOME_ZH.get(v, v)
    env.filters["verdict_zh"] = lambda v: VERDICT_ZH.get(v, v)
    env.filters["severity_zh"] = lambda v: SEVERITY_ZH.get(v, v)
    env.filters["engine_zh"] = lambda v: ENGINE_ZH.get(v, v)
    env.filters["notice_page_rules"] = _notice_page_rules
    return env


def _notice_page_rules(index) -> Iterator[Markup]:
    """One notice's rules at a time: the template prints them in a loop, and the streamed page
    (checker.report.spool) writes them out a megabyte at a time. Joined into one string, 31,000
    notices' rules held ~17 million characters twice over (the parts and the join) in the pages child
    of a 100,000-row check: its peak went from 229 to 342 MB, over issue 14's 300 MB."""
    from checker.report.notice import page_rule_pieces  # (notice.py imports this module)

    return map(Markup, page_rule_pieces(index))  # CSS fundcheck wrote, its values escaped for CSS (css_string)


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def rows_text(rows: list) -> str:
    """Input rows in words: row numbers of one file ("第 4、9 行"), or names that already say their
    file and row ("环翠区.xlsx 第 4 行", from a batch of several files)."""
    if all(isinstance(row, int) for row in rows):
        return f"第 {'、'.join(map(str, rows))} 行"
    return "、".join(map(str, rows))


def set_aside_text(totals: list, notes: list) -> str:
    """The input lines not checked as applications, for the pages people sign (summary.xlsx's 说明,
    index.html): 合计 lines and lines that are not applications (a repeated header, a title, a note).
    Row numbers of one file, or "<file> 第 N 行" of several. "" when there are none."""
    parts = [f"合计行 {rows_text(totals)}" if totals else "", f"表头/标题/说明行 {rows_text(notes)}" if notes else ""]
    return "；".join(part for part in parts if part)


def after_decisions_text(rows, kinds: tuple[str, ...], unit: str = "") -> str:
    """The counts after the reviewer's decisions (--overrides), as the terminal gives them, where a
    decision was made on some case ("" else): the run's own counts are the rules' verdicts, which a
    decision never replaces, and a case a decision made ineligible has its notice to send."""
    reviewed = sum(1 for row in rows if row.get("verdict_with_overrides"))
    if not reviewed:
        return ""
    after: dict[str, int] = {}
    for row in rows:
        verdict = row.get("verdict_with_overrides") or row["verdict"]
        after[verdict] = after.get(verdict, 0) + 1
    return (f"采纳人工复核决定后（{reviewed} 件有复核决定）："
            + "，".join(f"{VERDICT_ZH[kind]} {after.get(kind, 0)}{unit}" for kind in kinds))
