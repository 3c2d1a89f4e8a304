"""A run's case documents in two files sized for batches: ``cases.jsonl`` and ``rules.json``.

``cases.jsonl`` holds one line per case, in input order: the case report document (contract: Case
report) with each finding's rule named by id and version (``"rule": "ELIG-REGION@1#…"``) instead
of repeating the rule's texts, citations and parameters, and without what every case of the run
shares. ``rules.json`` beside it holds those once: the run (how it was made) and, per rule variant,
the rule's title, reason, citations, parameters and the finding's field order. A rule has more
than one variant when its parameters differ between cases (e.g. the parameter in force on each
case's reference date), so a variant's name ends with a digest of what it holds.

:func:`document_of` puts a case's full document back together: the same dict, in the same key
order, that :func:`checker.check.document.case_document` built, so the per-case JSON, HTML and
Markdown rendered from it are byte-identical whether written during the run (``--per-case all``) or
later (``fundcheck show``). Reports are always rendered from the decoded line, so the two cannot drift.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import operator
from pathlib import Path
from typing import Iterator

import orjson

from checker.errors import InputError, json_reason, os_reason
from checker.report.case import RunInfo

CASES_JSONL = "cases.jsonl"
RULES_JSON = "rules.json"
FORMAT = "fundcheck-cases/1"

# the parts of a finding that depend on the rule (and its parameters), not on the case
STATIC_KEYS = frozenset({"rule_id", "rule_version", "title", "why", "parameters", "parameters_effective_from",
                         "citation", "citations", "family"})
TRAILING_KEYS = ("override",)  # added after the rule's own fields (a reviewer's decision)
RUN_KEYS = ("not_checked", "conditions")  # document keys every case of a run shares
IDENTITY_LIMIT = 4096  # rule variants known by identity (a run meets a few dozen)
ANCHOR_LIMIT = 16  # ...of them looked up by one part's id (a rule's variants share its citation)


def _values_of(keys: tuple[str, ...]):
    """A function giving a finding's values for ``keys``, as a tuple (one C call: operator.itemgetter,
    whose result is no tuple for fewer than two keys)."""
    if len(keys) >= 2:
        return operator.itemgetter(*keys)
    return lambda finding: tuple(finding[k] for k in keys)


def _dumps(value) -> bytes:
    return orjson.dumps(value, default=str)


class Encoder:
    """Turns case documents into ``cases.jsonl`` lines, remembering the rule variants it met."""

    def __init__(self, run: RunInfo):
        self.run_shared = {"not_checked": run.not_checked, "conditions": run.conditions}
        self.rules: dict[str, dict] = {}  # every variant met
        self.new: dict[str, dict] = {}  # met since the last take_new()
        self._refs: dict[bytes, str] = {}  # a variant's serialised parts → its name
        self._shapes: dict[tuple, tuple] = {}  # a finding's key order → (rule keys, case keys, fields)
        # id of a finding's last rule part (its citation) → [(key order, the parts, variant name)]
        self._by_identity: dict[int, list[tuple]] = {}
        self._identities = 0  # variants kept in _by_identity

    def line(self, document: dict, name: str) -> bytes:
        lean: dict = {"name": name}
        for key, value in document.items():
            if key == "findings":
                value = [self._finding(f) for f in value]
            elif key in RUN_KEYS and value == self.run_shared[key]:
                continue
            lean[key] = value
        return _dumps(lean) + b"\n"

    def _finding(self, finding: dict) -> dict:
        keys = tuple(finding)
        shape = self._shapes.get(keys)
        if shape is None:  # which keys are the rule's and which the case's: once per key order
            static_keys = tuple(k for k in keys if k in STATIC_KEYS)
            case_keys = tuple(k for k in keys if k not in STATIC_KEYS)
            shape = self._shapes[keys] = (static_keys, case_keys, [k for k in keys if k not in TRAILING_KEYS],
                                          _values_of(static_keys), _values_of(case_keys))
        static_keys, case_keys, fields, static_values, case_values = shape
        parts = static_values(finding)
        # a compiled rule's findings share its parts (checker/core/findings.py build_finding): the
        # variant is known by their identity, without serialising them again for every case. The
        # parts are kept with the name, so no id can be reused by another object while it is cached.
        # Looked up by one part's id (a tuple of every id cost more to build than the rest of the
        # lookup), then every part compared by identity and the key order by value.
        anchor = id(parts[-1]) if parts else 0
        known = self._by_identity.get(anchor, ())
        for known_keys, known_parts, ref in known:
            if known_keys == keys and all(map(operator.is_, known_parts, parts)):
                break
        else:
            ref = self._variant(finding, static_keys, fields)
            # findings made per case (input findings) never repeat; a few variants share a citation
            if self._identities < IDENTITY_LIMIT and len(known) < ANCHOR_LIMIT:
                self._by_identity.setdefault(anchor, []).append((keys, parts, ref))
                self._identities += 1
        lean = {"rule": ref}
        lean.update(zip(case_keys, case_values(finding)))
        return lean

    def _variant(self, finding: dict, static_keys: tuple, fields: list) -> str:
        static = {k: finding[k] for k in static_keys}
        static["fields"] = fields
        blob = _dumps(static)
        ref = self._refs.get(blob)
        if ref is None:  # a variant met for the first time: named by a digest of what it holds
            ref = self._refs[blob] = f"{finding['rule_id']}@{finding.get('rule_version')}#{hashlib.blake2b(blob, digest_size=5).hexdigest()}"
            if ref not in self.rules:
                self.rules[ref] = static
                self.new[ref] = static
        return ref

    def take_new(self) -> dict[str, dict]:
        new, self.new = self.new, {}
        return new


def rules_bytes(run: RunInfo, rules: dict[str, dict], per_case: str, kinds: tuple[str, ...],
                item_runs: dict[str, RunInfo] | None = None) -> bytes:
    """rules.json: the run once (and, for a handling ledger, each 事项's own run: its rows' reports
    name their item), then one rule variant per line (sorted by name)."""
    head = {
        "format": FORMAT,
        "about": "cases.jsonl 每行一件申报（与 summary.json 同序）；各条审核意见的规则文本、依据与参数见本文件 rules；"
                 "任一案件的完整报告：fundcheck show 输出文件夹 申报编号 [--format html|md|json]。",
        "per_case": per_case,
        "per_case_formats": list(kinds),
        "run": run_fields(run),
    }
    if item_runs:
        head["item_runs"] = {workflow_id: run_fields(item) for workflow_id, item in sorted(item_runs.items())}
    lines = [b"  " + _dumps(k) + b": " + _dumps(v) for k, v in head.items()]
    body = b",\n    ".join(_dumps(ref) + b": " + _dumps(rules[ref]) for ref in sorted(rules))
    lines.append(b'  "rules": {\n    ' + body + b"\n  }" if rules else b'  "rules": {}')
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


def run_fields(run: RunInfo) -> dict:
    """The run as plain data: every field but the words (rebuilt from the rulebook when read)."""
    # (decisions_not_applied is known only once every case is in: summary.json holds it)
    fields = {f.name: getattr(run, f.name) for f in dataclasses.fields(run) if f.name not in ("words", "decisions_not_applied")}
    if dataclasses.is_dataclass(fields.get("notice")):
        fields["notice"] = dataclasses.asdict(fields["notice"])
    return fields


def run_of(fields: dict, book=None) -> RunInfo:
    """:func:`run_fields` read back; the words from ``book`` (the installed rulebook by default)."""
    fields = dict(fields)
    notice = fields.get("notice")
    if isinstance(notice, dict):
        from checker.report.notice import NoticeOptions

        if notice.get("date"):
            notice["date"] = dt.date.fromisoformat(notice["date"])
        # a run made before refusals stated the applicant's remedy: its notices are shown as it wrote them
        notice.setdefault("remedy", False)
        fields["notice"] = NoticeOptions(**notice)
    known = {f.name for f in dataclasses.fields(RunInfo)}
    run = RunInfo(**{k: v for k, v in fields.items() if k in known})
    if "words" in known:
        from checker.core.rulebook import load_rulebook
        from checker.report.case import CaseWords

        book = book or load_rulebook()
        run.words = CaseWords(book, run.workflow_id)
    return run


@dataclasses.dataclass
class RunCases:
    """A run's cases.jsonl and rules.json, read back."""

    folder: Path
    run: RunInfo
    rules: dict[str, dict]
    per_case: str
    kinds: tuple[str, ...]
    item_runs: dict[str, RunInfo] = dataclasses.field(default_factory=dict)  # a ledger's 事项 → its run

    def run_for(self, document: dict) -> RunInfo:
        """The run a case's report was written with: its own 事项's in a handling ledger."""
        return self.item_runs.get(document.get("workflow"), self.run)

    @classmethod
    def open(cls, folder: Path, book=None) -> "RunCases":
        try:
            data = orjson.loads((folder / RULES_JSON).read_bytes())
        except OSError as error:
            raise InputError(f"无法读取「{folder / RULES_JSON}」：{os_reason(error)}。") from error
        except orjson.JSONDecodeError as error:
            raise InputError(f"「{folder / RULES_JSON}」不是有效的 JSON：{json_reason(error)}。") from error
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"「{folder / RULES_JSON}」不是本工具写入的规则文件。")
        item_runs = {workflow_id: run_of(fields, book) for workflow_id, fields in (data.get("item_runs") or {}).items()}
        return cls(folder, run_of(data["run"], book), data["rules"], data.get("per_case", ""), tuple(data.get("per_case_formats", ())),
                   item_runs)

    def lines(self) -> Iterator[bytes]:
        try:
            with open(self.folder / CASES_JSONL, "rb") as handle:
                yield from handle
        except OSError as error:
            raise InputError(f"无法读取「{self.folder / CASES_JSONL}」：{os_reason(error)}。") from error

    def find(self, wanted: str) -> list[tuple[str, dict]]:
        """(report name, document) of the cases whose id or report name is ``wanted``."""
        needle = _dumps(wanted)
        found = []
        for number, raw in enumerate(self.lines(), start=1):
            if needle not in raw:
                continue
            lean = self._line(raw, number)
            if wanted in (lean.get("name"), lean.get("case_id")):
                found.append((lean["name"], self.document(lean)))
        return found

    def names_like(self, wanted: str) -> list[str]:
        """The ids (or report names) equal to ``wanted`` but for letter case: what ``wh-2020-001``
        was meant to find, for the message when nothing is found as typed."""
        folded, met = wanted.casefold(), []
        for number, raw in enumerate(self.lines(), start=1):
            if folded not in raw.decode("utf-8", "replace").casefold():
                continue
            lean = self._line(raw, number)
            if any(isinstance(name, str) and name.casefold() == folded for name in (lean.get("case_id"), lean.get("name"))):
                met.append((lean.get("case_id"), lean.get("name")))
        # an id two cases share finds neither: each is offered by its report name (row3) instead
        shared = {case_id for case_id, _ in met if sum(1 for other, _ in met if other == case_id) > 1}
        like = [name if case_id in shared or not (isinstance(case_id, str) and case_id.casefold() == folded) else case_id
                for case_id, name in met]
        return list(dict.fromkeys(n for n in like if isinstance(n, str)))

    def _line(self, raw: bytes, number: int) -> dict:
        """One case's line, as check writes it; a line cut short or edited is the user's to know about
        (it ended `fundcheck show` with 内部错误)."""
        where = f"{self.folder / CASES_JSONL}:{number}"
        try:
            lean = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            try:  # the reason in the words `fundcheck diff` gives for the same line
                json.loads(raw)
            except (ValueError, UnicodeDecodeError) as plain:
                error = plain
            raise InputError(f"{where} 不是有效的 JSON：{json_reason(error)}") from error
        if not isinstance(lean, dict) or not isinstance(lean.get("name"), str) or not isinstance(lean.get("findings", []), list):
            raise InputError(f"{where} 不是 fundcheck 的案件记录")
        return lean

    def document(self, lean: dict) -> dict:
        try:
            return document_of(lean, self.rules, self.run_for(lean))
        except (KeyError, TypeError, AttributeError) as error:  # a finding naming a rule rules.json lacks, or not a finding
            rule = lean.get("case_id") if not isinstance(error, KeyError) else error.args[0]
            raise InputError(f"{self.folder / CASES_JSONL} 中案件「{lean.get('name')}」的审核意见与 {self.folder / RULES_JSON} "
                             f"不符（{'缺少规则「' + str(rule) + '」' if isinstance(error, KeyError) else '格式不对'}）："
                             "两个文件不是同一次运行写出的，或被修改过；请使用完整的输出文件夹。") from error


def document_of(lean: dict, rules: dict[str, dict], run: RunInfo) -> dict:
    """The case's full document, key for key, from its cases.jsonl line."""
    shared = {"not_checked": run.not_checked, "conditions": run.conditions}
    document: dict = {}
    for key, value in lean.items():
        if key == "name":
            continue
        if key == "findings":
            value = [_finding_of(f, rules) for f in value]
        document[key] = value
        # the run's shared keys follow "engine" (checker/check/document.py) unless the line has its own
        if key == "engine" and "not_checked" not in lean:
            document["not_checked"] = shared["not_checked"]
        if key in ("engine", "not_checked") and "not_checked" in document and "conditions" not in lean and shared["conditions"]:
            document.setdefault("conditions", shared["conditions"])
    return document


def _finding_of(lean: dict, rules: dict[str, dict]) -> dict:
    static = rules[lean["rule"]]
    finding = {k: (lean[k] if k in lean else static[k]) for k in static["fields"]}
    finding.update((k, v) for k, v in lean.items() if k != "rule" and k not in finding)
    return finding
