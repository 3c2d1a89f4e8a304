"""A finished ``check`` run read back from its output folder: its summary and its case documents.

Cases are read from ``cases.jsonl`` when the run wrote one (one document per line) and from
``cases/*.json`` otherwise, so runs made by earlier versions can still be compared.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from checker.errors import InputError, json_reason, os_reason
from checker.report.lean import RULES_JSON, RunCases

CASES_JSONL = "cases.jsonl"


@dataclass
class RunOutput:
    folder: Path
    summary: dict

    @classmethod
    def open(cls, folder: Path) -> "RunOutput":
        path = folder / "summary.json"
        if not folder.is_dir():
            raise InputError(f"{folder} 不是文件夹")
        if not path.is_file():
            raise InputError(f"{folder} 不是 fundcheck check 的输出文件夹（没有 summary.json，或那次运行没有完成）")
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise InputError(f"{path} 无法读取：{os_reason(error)}") from error
        except UnicodeDecodeError as error:
            raise InputError(f"{path} 无法读取：不是 UTF-8 文本（第 {error.start + 1} 个字节起）") from error
        except json.JSONDecodeError as error:
            raise InputError(f"{path} 不是有效的 JSON：{json_reason(error)}") from error
        if not isinstance(summary, dict) or not isinstance(summary.get("cases"), list):
            raise InputError(f"{path} 不是 fundcheck check 的汇总文件（没有 cases 列表）")
        return cls(folder, summary)

    def documents(self) -> Iterator[dict]:
        """Every case document of the run, in the order written."""
        return (document for _, document in self.named_documents())

    def named_documents(self) -> Iterator[tuple[str | None, dict]]:
        """(report name, document) of every case, in the order written; the name is None where the
        run did not record it (a cases.jsonl of full documents)."""
        lines = self.folder / CASES_JSONL
        if lines.is_file() and (self.folder / RULES_JSON).is_file():  # lines naming their rules (checker/report/lean.py)
            cases = RunCases.open(self.folder)
            for number, line in enumerate(cases.lines(), start=1):
                if line.strip():
                    lean = _parse(line, f"{lines}:{number}", lean=True)
                    yield lean.get("name"), cases.document(lean)
            return
        if lines.is_file():
            with lines.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if line.strip():
                        document = _parse(line, f"{lines}:{number}")
                        if any(isinstance(f, dict) and "rule" in f and "rule_id" not in f for f in document["findings"]):
                            # lines naming their rules by id, from a run whose rules.json is gone
                            raise InputError(without_rules_json(self.folder))
                        yield None, document
            return
        for row in self.summary["cases"]:
            if row.get("report") == NO_REPORT:
                raise InputError(without_cases_jsonl(self.folder))
            path = self.folder / f"{row['report']}.json"
            if not path.is_file():
                raise InputError(f"{path} 不存在：这次运行没有写出 JSON 报告（--format 中没有 json？），无法比较")
            yield Path(str(row["report"])).name, _parse(path.read_text(encoding="utf-8"), str(path))


NO_REPORT = "index"  # summary.json's report of a case with no file of its own: it is in cases.jsonl only


def without_cases_jsonl(folder: Path) -> str:
    return (f"{folder} 缺少 {CASES_JSONL}（没有单独报告的案件只记录在其中），无法读取这次运行的全部案件；"
            "请使用完整的输出文件夹。")


def without_rules_json(folder: Path) -> str:
    return (f"{folder} 缺少 {RULES_JSON}（{CASES_JSONL} 中各条审核意见的规则文本在其中），"
            "无法读取这次运行的案件；请使用完整的输出文件夹。")


def twice_in_cases_jsonl(folder: Path, name: str) -> str:
    return (f"{folder / CASES_JSONL} 中报告名「{name}」出现不止一次（fundcheck check 每件申报只写一行）："
            "这个文件被修改过或由两次运行拼接而成；请使用完整的输出文件夹，或重新运行 fundcheck check。")


def _parse(text, where: str, lean: bool = False) -> dict:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{where} 不是有效的 JSON：{json_reason(error)}") from error
    if lean and (not isinstance(document, dict) or not all(isinstance(f, dict) and "rule" in f for f in document.get("findings") or [])):
        raise InputError(f"{where} 不是 fundcheck 的案件记录")
    if not isinstance(document, dict) or "case_id" not in document or "findings" not in document:
        raise InputError(f"{where} 不是 fundcheck 的案件报告")
    return document


ROW_NAME = re.compile(r"(?:.+-)?row\d+")  # row16; 环翠区-row3 in a batch of several files


def case_key(row: dict) -> str:
    """How a case is matched between two runs: its id, or row<N> (<file>-row<N> in a batch of
    several files: its input row) when the id was missing or shared, as its report is named."""
    return name_key(Path(str(row.get("report", ""))).name, row["case_id"])


def name_key(name: str, case_id) -> str:
    """The key of a case whose report is named ``name``."""
    return name if ROW_NAME.fullmatch(name) and name != str(case_id) else str(case_id)
