"""What changed between two ``check`` runs of the same applications (after a rulebook, conditions or
data change): per case, the verdict and each rule whose outcome changed, and the cases only one
run has. Cases are matched by id (``row<N>`` by input row where the id was missing or shared); a case
keyed by id in one run and by row in the other (its id shared in one run only) is matched by its id
and input row.""" 

from __future__ import annotations

from dataclasses import dataclass, field

from checker.errors import InputError
from checker.report.lean import CASES_JSONL
from checker.report.runs import RunOutput, case_key, name_key, twice_in_cases_jsonl
from checker.report.text import OUTCOME_ZH, VERDICT_ZH


@dataclass
class RuleChange:
    rule_id: str
    title: str
    old: str | None  # the rule's own outcome in the old run; None: the rule was not applied there
    new: str | None
    old_decision: str | None = None  # a reviewer's decision on it (--overrides) in each run; None: none
    new_decision: str | None = None

    @property
    def outcome_changed(self) -> bool:
        return self.old != self.new

    @property
    def decision_changed(self) -> bool:
        return self.old_decision != self.new_decision


@dataclass
class CaseChange:
    key: str
    company: str
    old_verdict: str
    new_verdict: str
    rules: list[RuleChange] = field(default_factory=list)
    old_key: str | None = None  # the case's key in the old run, where it differs (an id shared in one run only)

    @property
    def shown(self) -> str:
        return self.key if self.old_key is None else f"{self.key}（原运行中为 {self.old_key}）"

    @property
    def verdict_changed(self) -> bool:
        return self.old_verdict != self.new_verdict


@dataclass
class RunDiff:
    changed: list[CaseChange]
    added: list[tuple[str, str, str]]  # key, company, verdict
    removed: list[tuple[str, str, str]]
    compared: int
    # new key → old key: a case only one run has, keyed by its id, whose enterprise (name and code) is
    # that of one such case only the other run has, and of no other: its id changed? (not matched: an
    # enterprise may apply twice, so the two stay two cases, the line asks)
    same_enterprise: dict[str, str] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.changed or self.added or self.removed)


def _verdict(document: dict) -> str:
    return document.get("verdict_with_overrides") or document["verdict"]


def _outcomes(document: dict) -> dict[str, tuple[str, str | None, str]]:
    """rule id → (the rule's own outcome, a reviewer's decision on it or None, title). The two are
    compared apart: a figure corrected to pass where a reviewer had passed it before is a change of
    the data, and a decision added to a rule still failing is no change of the rule's outcome."""
    return {f["rule_id"]: (f["outcome"], (f.get("override") or {}).get("decision"), (f.get("title") or {}).get("zh", ""))
            for f in document["findings"]}


def _company(document: dict) -> str:
    return str(((document.get("application") or {}).get("company_name") or {}).get("value") or "")


def _documents(run: RunOutput) -> dict[str, dict]:
    keys = {row["case_id"]: case_key(row) for row in run.summary["cases"] if case_key(row) == row["case_id"]}
    by_row = {int(case_key(row)[3:]) if case_key(row)[3:].isdigit() else None: case_key(row)
              for row in run.summary["cases"] if case_key(row) != row["case_id"]}
    found, names = {}, set()
    for name, document in run.named_documents():
        if name is not None:  # the report name the run recorded: 环翠区-row3 and 文登区-row3 are two cases
            if name in names:  # check names each case's report once: one of the two would be compared unseen
                raise InputError(twice_in_cases_jsonl(run.folder, name))
            names.add(name)
            key = name_key(name, document["case_id"])
        else:
            key = keys.get(document["case_id"]) if document["case_id"] in keys else by_row.get(document.get("input_row"))
        found[key or str(document["case_id"])] = document
    # a cases.jsonl cut short or a line deleted: its cases would show as 仅在原运行中/仅在新运行中
    listed = [case_key(row) for row in run.summary["cases"]]
    missing = [key for key in listed if key not in found] if len(names) == len(found) else []
    if missing or len(found) < len(listed):
        shown = ("" if not missing else "、".join(f"「{key}」" for key in missing[:5])
                 + (f"等 {len(missing)} 件" if len(missing) > 5 else ""))
        shown = shown or f"{len(listed)} 件中的 {len(listed) - len(found)} 件"
        raise InputError(f"{run.folder} 的案件记录不完整：summary.json 列出的{shown}在 {CASES_JSONL} 中没有"
                         "（文件被截断或改动过）；请使用完整的输出文件夹，或重新运行 fundcheck check。")
    return found


def _sign(document: dict) -> tuple:
    return str(document.get("case_id")), _company(document), _code(document)


def _moved_rows(before: dict[str, dict], after: dict[str, dict]) -> set[str]:
    """Row keys (row13) of both runs whose row holds another application in the new one: two rows
    sharing WH-2020-013 moved up a line when a withdrawn row above them was deleted, so row13 was
    乳山宏达 and is 威海宏业 now, and each is the one case of the other run with its id and enterprise."""
    olds: dict[tuple, list[str]] = {}
    news: dict[tuple, list[str]] = {}
    for key, document in before.items():
        olds.setdefault(_sign(document), []).append(key)
    for key, document in after.items():
        news.setdefault(_sign(document), []).append(key)
    moved = set()
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        if (key in (str(was.get("case_id")), str(now.get("case_id"))) or not _company(was) or not _company(now)
                or _sign(was) == _sign(now)):
            continue
        elsewhere_before = olds.get(_sign(now), [])
        elsewhere_after = news.get(_sign(was), [])
        if (len(elsewhere_before) == 1 and elsewhere_before != [key]) or (len(elsewhere_after) == 1 and elsewhere_after != [key]):
            moved.add(key)
    return moved


def _same_line(before: dict[str, dict], after: dict[str, dict], files: bool, moved: frozenset | set = frozenset()) -> dict[str, str]:
    """new key → old key of the cases left unmatched by key that are one case keyed two ways: an id
    shared in one run (keyed row16) and unique in the other (WH-2020-013), as when a reviewer
    corrects a duplicate id and checks again. Same id and input row (and file, where a run read
    several: a corrected workbook saved under a new name is the same input), else, the rows having
    moved, same id and enterprise."""
    def line(document: dict) -> tuple:
        return str(document.get("case_id")), str(document.get("input_file") or "") if files else "", document.get("input_row")

    lonely = {}
    for key, document in before.items():
        if key not in after:
            lonely.setdefault(line(document), []).append(key)
    pairs = {}
    for key, document in after.items():
        if key not in before and len(lonely.get(line(document), ())) == 1:
            pairs[key] = lonely.pop(line(document))[0]
    # a corrected batch also moves rows (a withdrawn row deleted above it, a row sent back in another
    # district's file): a case keyed by its row in one run is then the one case of the other with its
    # id and its enterprise (name and code). Only a pairing that is the only one either way; a row
    # whose id was changed stays two cases.
    # (a row key of both runs whose row holds another application now, ``moved``, is paired so too)
    sign = _sign
    rest_before: dict[tuple, list[str]] = {}
    for key, document in before.items():
        if (key not in after or key in moved) and key not in pairs.values() and _company(document):
            rest_before.setdefault(sign(document), []).append(key)
    rest_after: dict[tuple, list[str]] = {}
    for key, document in after.items():
        if (key not in before or key in moved) and key not in pairs and _company(document):
            rest_after.setdefault(sign(document), []).append(key)
    for mark, keys in rest_after.items():
        if len(keys) == 1 and len(rest_before.get(mark, ())) == 1:
            pairs[keys[0]] = rest_before[mark][0]
    return pairs


def _code(document: dict) -> str:
    return str(((document.get("application") or {}).get("uscc") or {}).get("value") or "")


def diff_runs(old: RunOutput, new: RunOutput, titles: dict[str, str] | None = None) -> RunDiff:
    titles = titles or {}
    before, after = _documents(old), _documents(new)
    moved = _moved_rows(before, after)
    renamed = _same_line(before, after, bool(old.summary.get("input_files") or new.summary.get("input_files")), moved)
    both = (before.keys() & after.keys()) - moved
    changed = []
    for key, document in after.items():
        if key not in both and key not in renamed:
            continue
        earlier = before[renamed.get(key, key)]
        old_rules, new_rules = _outcomes(earlier), _outcomes(document)
        rules = []
        for rule_id in list(dict.fromkeys([*old_rules, *new_rules])):
            was, now = old_rules.get(rule_id, (None, None, "")), new_rules.get(rule_id, (None, None, ""))
            if was[:2] != now[:2]:
                rules.append(RuleChange(rule_id, titles.get(rule_id) or now[2] or was[2], was[0], now[0], was[1], now[1]))
        if rules or _verdict(earlier) != _verdict(document):
            changed.append(CaseChange(key, _company(document), _verdict(earlier), _verdict(document), rules, renamed.get(key)))
    matched_before = set(renamed.values())
    added = [(key, _company(d), _verdict(d)) for key, d in after.items() if key not in both and key not in renamed]
    removed = [(key, _company(d), _verdict(d)) for key, d in before.items() if key not in both and key not in matched_before]
    return RunDiff(changed, added, removed, len(both) + len(renamed), _same_enterprise(
        {key: before[key] for key, _, _ in removed}, {key: after[key] for key, _, _ in added}))


def _same_enterprise(removed: dict[str, dict], added: dict[str, dict]) -> dict[str, str]:
    def marks(documents: dict[str, dict]) -> dict[tuple, list[str]]:
        found: dict[tuple, list[str]] = {}
        for key, document in documents.items():
            # a case keyed by its row (an id shared or missing) is paired by _same_line, or stays two as documented
            if key == str(document.get("case_id")) and _company(document) and _code(document):
                found.setdefault((_company(document), _code(document)), []).append(key)
        return found

    olds, news = marks(removed), marks(added)
    return {keys[0]: olds[mark][0] for mark, keys in news.items() if len(keys) == 1 and len(olds.get(mark, ())) == 1}


def outcome_words(outcome: str | None, rule_id: str = "") -> str:
    if outcome is None:
        # an input problem (INP-) a run does not list is one its data did not have (corrected), not a rule left unchecked
        return "无此问题" if rule_id.startswith("INP-") else "未审核此项"
    return OUTCOME_ZH.get(outcome, outcome)


def change_words(rule: RuleChange) -> str:
    """What changed of one rule: its own outcome, the reviewer's decision on it, or both."""
    parts = []
    if rule.outcome_changed:
        parts.append(f"{outcome_words(rule.old, rule.rule_id)} → {outcome_words(rule.new, rule.rule_id)}")
    if rule.decision_changed:
        def decided(decision: str | None) -> str:
            return "无" if decision is None else OUTCOME_ZH.get(decision, decision)

        parts.append(f"人工复核决定 {decided(rule.old_decision)} → {decided(rule.new_decision)}"
                     + ("" if rule.outcome_changed else f"（规则本身的结论仍为{outcome_words(rule.new, rule.rule_id)}）"))
    return "；".join(parts)


def diff_lines(result: RunDiff, old: RunOutput, new: RunOutput) -> list[str]:
    """The comparison in sentences, for the terminal."""
    def run_text(run: RunOutput) -> str:
        s = run.summary
        return f"{run.folder}（{s.get('workflow', '')}，规则版本 {s.get('rulebook_version', '')}，{len(s['cases'])} 件）"

    lines = [f"比较 {run_text(old)} 与 {run_text(new)}："]
    if old.summary.get("workflow") != new.summary.get("workflow"):
        lines.append(f"注意：两次运行的流程不同（{old.summary.get('workflow')} 与 {new.summary.get('workflow')}）。")
    decisions = [run.summary.get("overrides_file") for run in (old, new)]
    if any(decisions):
        # a verdict that changed may come from a reviewer's decisions, not the data
        lines.append("人工复核决定文件：" + "；".join(f"{which} {name or '未使用'}" for which, name in zip(("原运行", "新运行"), decisions))
                     + "（结论为复核后结论；各规则列出其本身的结论与复核决定的变化）。")
    if old.summary.get("rulebook_version") != new.summary.get("rulebook_version"):
        # a verdict that changed may come from the rules, not the applications' corrected data
        lines.append(f"注意：两次运行所用的规则库版本不同（原运行 {old.summary.get('rulebook_version') or '未记录'}，"
                     f"新运行 {new.summary.get('rulebook_version') or '未记录'}）：下列变化可能来自规则修改，而非申报数据的补正。")
    for change in result.changed:
        head = f"{change.shown} {change.company}：" + (
            f"结论 {VERDICT_ZH.get(change.old_verdict, change.old_verdict)} → {VERDICT_ZH.get(change.new_verdict, change.new_verdict)}"
            if change.verdict_changed else f"结论未变（{VERDICT_ZH.get(change.new_verdict, change.new_verdict)}），审核意见有变化")
        lines.append(head)
        lines.extend(f"  {rule.rule_id} {rule.title}：{change_words(rule)}" for rule in change.rules)
    was = {new_key: old_key for new_key, old_key in result.same_enterprise.items()}
    now = {old_key: new_key for new_key, old_key in result.same_enterprise.items()}
    lines.extend(f"仅在新运行中：{key} {company}（{VERDICT_ZH.get(verdict, verdict)}）"
                 + (f"；与原运行中的 {was[key]} 企业名称和统一社会信用代码相同，是否改了申报编号？" if key in was else "")
                 for key, company, verdict in result.added)
    lines.extend(f"仅在原运行中：{key} {company}（{VERDICT_ZH.get(verdict, verdict)}）"
                 + (f"；与新运行中的 {now[key]} 企业名称和统一社会信用代码相同，是否改了申报编号？" if key in now else "")
                 for key, company, verdict in result.removed)
    verdicts = sum(1 for c in result.changed if c.verdict_changed)
    lines.append(f"合计：两次都有的 {result.compared} 件中，结论改变 {verdicts} 件，仅审核意见改变 {len(result.changed) - verdicts} 件；"
                 f"仅在新运行中 {len(result.added)} 件，仅在原运行中 {len(result.removed)} 件。")
    return lines
