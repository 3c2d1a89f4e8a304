"""The round report document (contract: round reports use the case shape with round_id and the
verdicts compliant | noncompliant | needs_review) and what the printed reports show besides it.

The JSON keeps every id (rule ids, seed files and lines, ambiguity ids, option names); the HTML and
Markdown are read by civil servants, so :func:`round_header` gives them words instead: each rule's
Chinese title, its parameters by their descriptions, its sources by document title, the grade and
why, the conclusion paragraph of the sign-off block.
"""

from __future__ import annotations

from checker import __version__
from checker.audit.evaluate import RoundResult, is_record_problem
from checker.core.explain import parameter_words as _parameter_words
from checker.core.rulebook import Rulebook

# Seed files by the title a reader knows them by (the JSON keeps the file name and line).
def conclusion_text(result: RoundResult, titles: dict[str, str]) -> str:
    """The 结论 paragraph of the sign-off block, in words."""
    name = result.record.fund_name or result.round_id
    # the requirements counted are the rules' findings; a record problem (an INP-ROUND-* finding,
    # graded needs review too) is said apart, so the numbers add up to the requirements checked
    rules = [f for f in result.findings if not is_record_problem(f) and f.get("grade") is not None]
    failed = [titles.get(f["rule_id"], f["title"]["zh"]) for f in rules if f["grade"] == "noncompliant"]
    review = [titles.get(f["rule_id"], f["title"]["zh"]) for f in rules if f["grade"] == "needs_review"]
    record_problems = [f for f in result.findings if is_record_problem(f) and f["outcome"] in ("fail", "missing")]
    counted = len(rules)
    lead = f"经审计，“{name}”（轮次编号 {result.round_id}）按所属流程核对 {counted} 项要求"
    if result.verdict == "compliant" and not record_problems:
        return f"{lead}，均符合规定，未发现需人工复核的事项。审计结论：程序合规。{_predates(result)}{_copies(result)}"
    parts = [f"{len(names)} 项{label}（{'；'.join(names)}）" for names, label in ((failed, "不合规"), (review, "需人工复核")) if names]
    if not parts:
        parts.append("各项要求均未发现问题")
    if record_problems:
        kinds = list(dict.fromkeys(titles.get(f["rule_id"], f["title"]["zh"]) for f in record_problems))
        parts.append(f"另有轮次记录问题 {len(record_problems)} 处需核实（{'；'.join(kinds)}）")
    verdict = "程序不合规" if result.verdict == "noncompliant" else "需人工复核，复核前不能认定程序合规"
    return f"{lead}，{'其中 ' if failed or review else ''}{'，'.join(parts)}。审计结论：{verdict}。{_predates(result)}{_copies(result)}"


def _copies(result: RoundResult) -> str:
    """The conclusion's last words for a round given twice with different contents: it holds for the copy audited only."""
    differing = [c["source"] for c in result.other_copies if not c["same_content"]]
    if not differing:
        return ""
    return (f"本结论只对记录 {result.source} 作出：同一轮次另有内容不同的记录 {'、'.join(differing)} 未审计"
            "（多份记录时审计按文件路径排序的第一份），须核实哪一份是正式记录。")


def _predates(result: RoundResult) -> str:
    """The conclusion's last words for a round before the procedure audited applies."""
    basis = result.duty_list or {}
    if not basis.get("predates_rules"):
        return ""
    return (f"本轮早于所依据程序的适用日期 {basis['rules_in_force_from']}，以上结论仅按该程序得出，"
            "当时适用的程序是否与之相同须由审计人员确定。")


def round_document(result: RoundResult, rulebook_version: str, conclusion: str = "") -> dict:
    return {
        "round_id": result.round_id,
        "workflow": result.workflow,
        "verdict": result.verdict,
        "findings": result.findings,
        "readings": result.readings,
        "day_reading_chosen": result.day_reading,
        "deadlines": result.deadlines,
        "timeline": result.timeline,
        "reference_date": result.reference_date.isoformat() if result.reference_date.year < 9999 else None,
        "reference_basis": result.reference_basis,
        "as_of": {"date": result.as_of.isoformat(), "basis": result.as_of_basis} if result.as_of else None,
        "duty_list": result.duty_list,
        "calendar": result.calendar,
        "not_checked": result.not_checked,
        "other_columns": result.other_columns,
        "other_archive_rows": result.other_archive_rows,
        "other_copies": result.other_copies,
        "conclusion": conclusion,
        "source": result.source,
        "rulebook_version": rulebook_version,
        "tool_version": __version__,
        "input_sha256": result.sha256,
    }


class _Words:
    """What a rulebook says the same way in every round's header, worked out once per rulebook:
    the rules' titles, each workflow's own citations, a finding's sources in words (by workflow and
    citations) and its parameters in words (by rule and values)."""

    def __init__(self, book: Rulebook):
        self.book = book
        self.titles = {rule_id: rule.title.zh for rule_id, rule in book.rules.items()}
        self._own: dict[str, list[dict]] = {}
        self._sources: dict[tuple, str] = {}
        self._shared: dict[tuple, tuple[list, str]] = {}
        self._parameters: dict[tuple, str] = {}

    def own_citations(self, workflow) -> list[dict]:
        own = self._own.get(workflow.id)
        if own is None:
            own = self._own[workflow.id] = [c.model_dump() for c in workflow.citation]
        return own

    def sources(self, workflow, citations: list[dict]) -> str:
        # a rule's several citations are one list every finding of the rule shares (findings.py
        # _static_parts: never changed in place): known by its identity first, without making a key
        # of every citation's items for each finding (~10 a finding)
        known = self._shared.get((workflow.id, id(citations)))
        if known is not None and known[0] is citations:
            return known[1]
        shown = self._sources_by_value(workflow, citations)
        if len(citations) > 1:
            if len(self._shared) >= 4096:
                self._shared.clear()
            self._shared[(workflow.id, id(citations))] = (citations, shown)  # the list kept: its id is never reused
        return shown

    def _sources_by_value(self, workflow, citations: list[dict]) -> str:
        try:
            key = (workflow.id, tuple(tuple(c.items()) for c in citations))
            hash(key)
        except (TypeError, AttributeError):
            key = None
        shown = self._sources.get(key) if key is not None else None
        if shown is None:
            sources = self.book.sources
            shown = sources.describe_all(sources.relevant(citations, self.own_citations(workflow)))
            if key is not None:
                self._sources[key] = shown
        return shown

    def parameters(self, rule_id: str, values: dict) -> str:
        try:
            key = (rule_id, tuple(values.items()))
            hash(key)
        except TypeError:
            return _parameter_words(self.book, rule_id, values)
        shown = self._parameters.get(key)
        if shown is None:
            shown = self._parameters[key] = _parameter_words(self.book, rule_id, values)
        return shown


_WORDS: dict[int, _Words] = {}  # by id(book); the entry keeps its book alive, so an id is never reused


def _words(book: Rulebook) -> _Words:
    words = _WORDS.get(id(book))
    if words is None or words.book is not book:
        if len(_WORDS) >= 8:  # tests load many rulebooks: keep the last few
            _WORDS.clear()
        words = _WORDS[id(book)] = _Words(book)
    return words


def round_titles(book: Rulebook) -> dict[str, str]:
    """Every rule's Chinese title by id (a header's ``titles``)."""
    return dict(_words(book).titles)


def round_header(result: RoundResult, book: Rulebook) -> dict:
    """What the printed report shows besides the document: titles and sources in words."""
    workflow = book.workflow(result.workflow)
    words = _words(book)
    titles = dict(words.titles)  # each header its own (a caller may change it)
    views = []  # one per finding, in the document's order
    for finding in result.findings:
        citations = finding.get("citations") or [finding["citation"]]
        views.append({
            "title": titles.get(finding["rule_id"], finding["title"]["zh"]),
            # the document and item for people (rules/sources.yaml), this workflow's own clause where
            # the rule quotes several workflows; the JSON keeps every citation with file and line
            "sources": words.sources(workflow, citations),
            "parameters": words.parameters(finding["rule_id"], finding.get("parameters") or {}),
        })
    readings = []
    for rule_id, text in result.readings.items():
        rule = book.rules[rule_id]
        if not rule.readings:
            readings.append(f"{rule.title.zh}：{text}。")
            continue
        others = "、".join(w for words in rule.readings.values() for w in words.values() if w not in text)
        chosen = "（由审计人指定）" if result.day_reading else f"；同时按{others}核对，两者结论不同或{others}无法判定时列为需人工复核"
        readings.append(f"{rule.title.zh}：按{text}计算{chosen}。")
    outcomes = [finding["outcome"] for finding in result.findings]
    counts = {outcome: outcomes.count(outcome) for outcome in ("fail", "missing", "pass", "not_applicable")}
    row = result.record.round_row
    office = row.shown("office") if row is not None else result.record.office  # as written
    return {"workflow_title": workflow.title.zh, "fund_name": result.record.fund_name, "office": office,
            "views": views, "titles": titles, "readings": readings, "counts": counts,
            "conclusion": conclusion_text(result, titles), "as_of_text": as_of_text(result),
            "duty_list_text": duty_list_text(result)}


def duty_list_text(result: RoundResult) -> str:
    """Which duty list the round was audited against, and whether the round predates it (round.html, round.md)."""
    basis = result.duty_list
    if not basis or not basis.get("documents"):
        return ""
    document = basis["documents"][0]["title"]
    since = basis.get("rules_in_force_from")
    text = f"审计依据：{document}所列本流程的程序" + (f"（规则库按其自 {since} 起适用）" if since else "")
    day = result.reference_date.isoformat()
    if basis.get("predates_rules"):
        text += (f"；本轮参数基准日 {day} 早于该程序的适用日期 {since}，当时适用的程序是否与之相同须由审计人员确定，"
                 "按其不合规的事项均列为需人工复核")
    elif basis.get("predates_list"):
        text += f"；本轮参数基准日 {day} 早于该清单的印发时间，按其所列程序审计，当时适用的程序是否与之相同请审计人员核实"
    return text


def as_of_text(result: RoundResult) -> str:
    """The audit's as-of date in words (round.html and round.md), "" when the audit had none."""
    if result.as_of is None:
        return ""
    from checker.audit.evaluate import AS_OF_BASIS_ZH

    return (f"审计基准日：{result.as_of.isoformat()}（{AS_OF_BASIS_ZH[result.as_of_basis or 'given']}；"
            "记录中晚于此日的日期列为需人工复核）")
