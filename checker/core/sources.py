"""The documents rules cite, and how a citation reads for people.

A rule cites a seed as ``file:line`` plus the exact quote; that stays in the JSON outputs, where a
machine or a maintainer with the seeds can follow it. A civil servant reading a report has neither the
seed files nor a reason to know their names, so every report for people names the document (title,
issuer, date) and the item the line falls in, from ``rules/sources.yaml``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checker.core.yamlfile import load_yaml

SOURCES_FILE = "sources.yaml"
# Citations of the documented input form (INP- findings) and of the checker itself.
README_SOURCE = "README.md"
README_TITLE = "fundcheck 使用说明（输入表格格式）"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceItem(_Strict):
    line: int = Field(ge=1)
    level: Literal[1, 2]
    title: str = Field(min_length=1)


class SourceDocument(_Strict):
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    date: str | None = None
    items: list[SourceItem] = []

    def heading(self) -> str:
        """《title》（issuer，date）: the document as a reader would name it (the issuer only when
        the title does not already name it)."""
        issuer = None if self.issuer in self.title else self.issuer
        details = "，".join(part for part in (issuer, self.date) if part)
        return f"《{self.title}》" + (f"（{details}）" if details else "")


class SourcesFile(_Strict):
    documents: dict[str, SourceDocument]


@dataclass(frozen=True)
class SourceTable:
    documents: dict[str, SourceDocument]
    # (source, line) → item path: every finding of every round asks, for a few hundred lines
    _paths: dict = field(default_factory=dict, compare=False, repr=False)

    def item_path(self, source: str, line: int) -> list[str]:
        """The part and item titles a line of ``source`` falls in (outermost first; empty if none)."""
        key = (source, line)
        if key not in self._paths:
            self._paths[key] = tuple(self._item_path(source, line))
        return list(self._paths[key])

    def _item_path(self, source: str, line: int) -> list[str]:
        document = self.documents.get(source)
        if document is None:
            return []
        path: list[str] = []
        for level in (1, 2):
            starts = [item for item in document.items if item.level == level]
            index = bisect_right([item.line for item in starts], line) - 1
            if index < 0:
                continue
            item = starts[index]
            if level == 2 and path and self._part_start(document, line) > item.line:
                continue  # the last item began in an earlier part: this line is in the part's preamble
            path.append(item.title)
        return path

    @staticmethod
    def _part_start(document: SourceDocument, line: int) -> int:
        parts = [item.line for item in document.items if item.level == 1 and item.line <= line]
        return max(parts, default=0)

    def place(self, citation: dict) -> str:
        """Where a citation points, for people: document heading and item, never a file name.

        A source that is not a seed (a round's notice, given by its own title) is shown as written.
        """
        source = str(citation.get("source") or "")
        document = self.documents.get(source)
        if document is None:
            if source == README_SOURCE:
                return f"《{README_TITLE}》"
            clause = citation.get("clause")
            return f"{source}{clause}" if clause else source
        line = _first_line(citation.get("lines"))
        path = self.item_path(source, line) if line else []
        return document.heading() + " › ".join(path)

    def describe(self, citation: dict) -> str:
        """The full citation line for people: place and the exact quote."""
        quote = citation.get("quote")
        return self.place(citation) + (f"：“{quote}”" if quote else "")

    def item_of(self, citation: dict) -> tuple[str, ...]:
        """(document, part, item) a citation points into; () for a source not in the table."""
        source = str(citation.get("source") or "")
        if source not in self.documents:
            return ()
        line = _first_line(citation.get("lines"))
        return (source, *(self.item_path(source, line) if line else []))

    def relevant(self, citations: list[dict], workflow_citations: list[dict]) -> list[dict]:
        """The citations of a rule that come from the workflow's own section of the duty list.

        A rule shared by several workflows cites each workflow's wording (会前三天 at 1999, 2587,
        2974...); a report on one round or application quotes its own workflow's clause, and only
        when the rule has none from there, its first citation. A citation of a document outside the
        table (a round's own notice, which a round condition cites by 文号 and 条款) is always kept:
        it is the clause the case is decided on, the duty list's line only says conditions apply."""
        own = {self.item_of(c) for c in workflow_citations} - {()}
        chosen = [c for c in citations if self.item_of(c) in own or (c.get("source") not in self.documents)]
        return chosen or citations[:1]

    def describe_all(self, citations: list[dict]) -> str:
        """Several citations in one line: each document named once, then its items and quotes."""
        groups: dict[str, list[str]] = {}
        for citation in citations:
            place = self.place(citation)
            document = self.documents.get(str(citation.get("source") or ""))
            heading = document.heading() if document else place
            rest = place[len(heading):] if document else ""
            quote = citation.get("quote")
            groups.setdefault(heading, []).append(rest + (f"：“{quote}”" if quote else ""))
        return "；".join(heading + "，".join(parts) for heading, parts in groups.items())


def _first_line(lines) -> int | None:
    """The first line number of a citation's ``lines`` ("2417", "2421-2423", "1982, 1999")."""
    digits = ""
    for char in str(lines or ""):
        if char.isdigit():
            digits += char
        elif digits:
            break
    return int(digits) if digits else None


class SourcesError(ValueError):
    """sources.yaml is missing or malformed."""


def installed_sources_path() -> Path:
    import fundcheck_rules  # the installed rulebook package (rules/ in a checkout)

    return Path(fundcheck_rules.__file__).parent / SOURCES_FILE


@lru_cache(maxsize=8)
def load_sources(path: Path | None = None) -> SourceTable:
    """The table in ``path`` (default: the installed rulebook's)."""
    path = Path(path or installed_sources_path())
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        parsed = SourcesFile.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise SourcesError(f"{path}: {error}") from error
    for name, document in parsed.documents.items():
        lines = [(item.level, item.line) for item in document.items]
        if lines != sorted(lines, key=lambda pair: pair[1]) or len(set(lines)) != len(lines):
            raise SourcesError(f"{path}: the items of {name} must be listed in line order, each once")
    return SourceTable(dict(parsed.documents))
