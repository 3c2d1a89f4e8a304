"""The industrial catalogues W-04 judges by (--catalogue): the entries the bureau maintains.

Seed 001:2397 admits domestic projects in the 鼓励类 of 《产业结构调整指导目录(2019 年本)》 and foreign
projects in the 鼓励类 of 《外商投资产业指导目录》 and 《中西部地区外商投资优势产业目录》. The catalogues
themselves are not in the seeds and change by edition, so the bureau keeps its own list: one row per
entry with 条目编号 and 条目名称, and optionally 目录 (which catalogue; default the domestic one) and
类别 (default 鼓励类). An application's 目录条目 cell is matched by the entry's code at its start
("十四、1 数控机床…", "十四.1") or by the entry's full title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from checker.core.text import nfkc
from checker.errors import InputError
from checker.io.table import Row, aliases, open_table, records_table

DOMESTIC, FOREIGN, CENTRAL_WEST = "domestic", "foreign", "central_west"
CATALOGUE_NAMES = {
    DOMESTIC: "产业结构调整指导目录",
    FOREIGN: "外商投资产业指导目录",
    CENTRAL_WEST: "中西部地区外商投资优势产业目录",
}
ENCOURAGED = "鼓励类"
COLUMNS = aliases({"catalogue": ["目录", "目录名称"], "category": ["类别"], "code": ["条目编号", "编号", "条目代码"],
                   "title": ["条目名称", "条目", "名称"]})
_SEPARATORS = re.compile(r"[、.．\-—_/]")
_CODE_TAIL = re.compile(r"[0-9一二三四五六七八九十百零〇]")


@dataclass(frozen=True)
class Entry:
    catalogue: str  # DOMESTIC | FOREIGN | CENTRAL_WEST
    category: str  # 鼓励类, or what the row says
    code: str
    title: str
    where: str

    def describe(self) -> str:
        return f"《{CATALOGUE_NAMES[self.catalogue]}》{self.category} {self.code} {self.title}".strip()


class Catalogue:
    def __init__(self, entries: list[Entry], name: str):
        self.entries = entries
        self.name = name

    def find(self, cell: str, catalogue: str) -> Entry | None:
        """The entry of ``catalogue`` an application's 目录条目 names, or None."""
        text = _key(cell)
        if not text:
            return None
        for prefix in ("鼓励类", "鼓励"):
            if text.startswith(prefix):
                text = text[len(prefix):]
        written = _code_numbers(text)
        for entry in self.entries:
            if entry.catalogue != catalogue:
                continue
            code = _key(entry.code)
            if code and text.startswith(code) and not _CODE_TAIL.match(text[len(code):len(code) + 1]):
                return entry
            if entry.title and len(_key(entry.title)) >= 4 and _key(entry.title) in text:
                return entry
        if written is not None:  # the code in other words: 14、1, 第十四类第1条, 十四1
            return next((entry for entry in self.entries if entry.catalogue == catalogue and _code_numbers(_key(entry.code)) == written), None)
        return None


    def find_each(self, cell: str, catalogue: str) -> list[Entry]:
        """Every entry of ``catalogue`` the cell names, one per part where it names several
        (十四、1；十二、4: a cell listing an encouraged entry beside a restricted one)."""
        found = [self.find(part, catalogue) for part in _PARTS.split(nfkc(cell or "")) if part.strip()]
        return list(dict.fromkeys(entry for entry in found if entry is not None))

    def near(self, cell: str, catalogue: str) -> Entry | None:
        """An entry whose title holds the cell's words (高档数控机床 for 高档数控机床及配套数控系统): a name
        shortened, for the reviewer to confirm, not an entry missing from the catalogue."""
        text = _key(cell)
        for prefix in ("鼓励类", "鼓励"):
            text = text.removeprefix(prefix)
        text = _LEADING_CODE.sub("", text)
        if len(text) < 4:
            return None
        return next((entry for entry in self.entries if entry.catalogue == catalogue and entry.title and text in _key(entry.title)), None)


# a code as (section, item): 十四、1, 14、1, 14.1, 第十四类第1条, 十四1 (the cell's code at its start)
# (an Arabic section needs its separator: 28纳米… or 14nm… is no code 二、8 or 一、4)
_CODE_NUMBERS = re.compile(r"第?(?:(?P<arabic>\d+)(?:(?:大?类|部分)、?|、)|(?P<chinese>[一二三四五六七八九十百零〇]+)(?:大?类|部分)?、?)"
                           r"第?(?P<item>\d+)(?:条|项)?(?!\d)")


def _code_numbers(text: str) -> tuple[int, int] | None:
    from checker.core.values import chinese_count

    match = _CODE_NUMBERS.match(text or "")
    if match is None:
        return None
    number = int(match["arabic"]) if match["arabic"] else chinese_count(match["chinese"])
    return (number, int(match["item"])) if number else None


_PARTS = re.compile(r"[；;，,/\n]+")  # not 、: a code is written 十四、1
_LEADING_CODE = re.compile(r"^[0-9一二三四五六七八九十百零〇、]+")


def _key(text: str) -> str:
    """A code or title as compared: NFKC, no spaces, one separator (、) for 、 . － / _."""
    return _SEPARATORS.sub("、", re.sub(r"\s+", "", nfkc(text or "")))


def _which(raw: str, where: str) -> str:
    text = nfkc(raw or "")
    if not text or "产业结构调整" in text:
        return DOMESTIC
    if "中西部" in text:
        return CENTRAL_WEST
    if "外商投资" in text:
        return FOREIGN
    known = "、".join(f"《{name}》" for name in CATALOGUE_NAMES.values())
    raise InputError(f"{where}：目录“{text}”不是 {known} 之一。")


def _entry(row: Row, name: str) -> Entry:
    where = f"{name} {row.ref('code')}"
    code, title = row.text("code"), row.text("title")
    if not code and not title:
        raise InputError(f"{where}：条目编号与条目名称均为空；每行须至少填写其一。")
    category = row.text("category") or ENCOURAGED
    return Entry(_which(row.text("catalogue"), where), category, code, title, row.ref("code"))


def catalogue_from_records(records: list[dict], name: str = "条目表") -> Catalogue:
    """From records keyed by column header (rule fixtures, tests)."""
    table = records_table(name, name, records, COLUMNS, "-")
    return Catalogue([_entry(row, name) for row in table.rows() if not row.is_blank()], name)


def read_catalogue(path: Path) -> Catalogue:
    path = Path(path)
    table = open_table(path, COLUMNS, what="产业目录条目表", header_rows=5)
    if not {"code", "title"} & table.fields_found:
        raise InputError(f"{path.name}（产业目录条目表）缺少“条目编号”或“条目名称”列；找到的列：{'、'.join(table.headers_found) or '（无）'}。")
    rows = [row for row in table.rows() if not row.is_blank()]
    for row in rows:
        if row.problem:  # a 条目名称 typed with a bare comma: cut short, it matched other titles, or none
            raise InputError(f"{path.name}（产业目录条目表）第 {row.number} 行{row.problem}；请给含逗号的格加上英文双引号后重试。")
    entries = [_entry(row, path.name) for row in rows]
    if not entries:
        raise InputError(f"{path.name}（产业目录条目表）没有任何条目。")
    return Catalogue(entries, path.name)
