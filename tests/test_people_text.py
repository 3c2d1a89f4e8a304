"""The rulebook's people-facing text never shows internal things.

Reports (case HTML/Markdown, round reports, the summary workbook, notices to applicants) are read by
civil servants and applicants. The strings a rule, workflow, field or step gives them must not name
our internal word for the source documents (种子), ambiguity ids (AMB-12), file:line references
(001:2417, 001_92b0dbd82849a40b.txt, L2417), command-line options (--reply-days) or rule and
workflow ids (ELIG-…, W-05). Citations, ids, English titles, parameter references, notes and
comments are not people-facing text and stay as they are; so are the facts' ``says`` (rules/facts),
which ``fundcheck rules show`` and docs/rules.md give maintainers with the command-line options.
"""

from __future__ import annotations

import re
from typing import Iterator

import pytest

from checker.core.rulebook import load_rulebook

INTERNAL = re.compile(
    r"种子|seed|AMB-\d|\b\d{3}:\d|\.txt\b|\bL\d{2,}\b|(?<![\w-])--[a-z]"
    r"|\b(ELIG|APP|PROC|DRAW|DISC|ARCH|INP|COND|MON|LEDG|REC)-[A-Z0-9]|\b[WNL]-\d\d\b"
    r"|(?<![A-Za-z])[ABC]\s?组|[ABC]、[ABC]\s?组"  # the rule catalogue's grouping of workflows, in no bureau document
)


def leaks(text: str | None) -> list[str]:
    """The internal things a people-facing string shows (empty: fit for a report)."""
    return [m.group(0) for m in INTERNAL.finditer(text or "")]


def _rule_texts(rule) -> Iterator[tuple[str, str]]:
    yield "title.zh", rule.title.zh
    yield "statement", rule.statement
    yield "why", rule.why
    for i, branch in enumerate(rule.branches):
        yield f"branches[{i}].message", branch.message
        yield f"branches[{i}].remedy", branch.remedy
    yield "default_message.message", rule.default_message.message
    yield "default_message.remedy", rule.default_message.remedy
    for name, parameter in rule.parameters.items():
        yield f"parameters.{name}.description", parameter.description
    for name, words in rule.readings.items():
        for value, text in words.items():
            yield f"readings.{name}.{value}", text
    yield "reading", rule.reading


def _profile_texts(value, path: str) -> Iterator[tuple[str, str]]:
    """Every string of a workflow profile (stage names, archive lists, recipients...)."""
    if isinstance(value, str):
        if not re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", value):  # an entry of a list of rule ids, not a sentence
            yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key in ("note", "notes", "seed_lines"):  # a maintainer's note, never printed; where a citation's lines are
                continue
            yield from _profile_texts(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _profile_texts(inner, f"{path}[{i}]")


def _workflow_texts(workflow) -> Iterator[tuple[str, str]]:
    yield "title.zh", workflow.title.zh
    yield "office", workflow.office
    for i, text in enumerate(workflow.not_checked):
        yield f"not_checked[{i}]", text
    yield "excluded", workflow.excluded
    yield from _profile_texts(workflow.profile, "profile")


def people_texts(book) -> Iterator[tuple[str, str]]:
    """(where, text) of every people-facing string of the loaded rulebook."""
    for rule_id, rule in sorted(book.rules.items()):
        for where, text in _rule_texts(rule):
            if text:
                yield f"{rule_id} {where}", text
    for workflow_id, workflow in sorted(book.workflows.items()):
        for where, text in _workflow_texts(workflow):
            if text:
                yield f"{workflow_id} {where}", text
    for name, spec in book.vocabulary.fields.items():
        yield f"fields.yaml {name}.label", spec.label
        yield f"fields.yaml {name}.form", spec.form
    for name, spec in book.vocabulary.steps.items():
        yield f"steps.yaml {name}.says", spec.says
    for source, document in book.sources.documents.items():
        yield f"sources.yaml {source}.title", document.title
        for item in document.items:
            yield f"sources.yaml {source}.items@{item.line}", item.title


# Strings whose ids are what people write: the 事项 column of a handling ledger holds the item's code.
ALLOWED = {"fields.yaml item.form"}


def findings_in(book) -> list[str]:
    return [f"{where}: {text}  <- {leaks(text)}" for where, text in people_texts(book) if leaks(text) and where not in ALLOWED]


def test_no_people_facing_rulebook_string_shows_internal_things():
    found = findings_in(load_rulebook())
    assert not found, "\n".join(found)


@pytest.mark.parametrize("text", [
    "按种子文本，公示期为五个工作日。", "本报告按 AMB-12 的第一种读法。", "见 001:2417。", "见 001_92b0dbd82849a40b.txt。",
    "原文 L2417。", "请用 --reply-days 指定。", "同 ELIG-REGION。", "W-05 的流程", "台账 N-04 记载", "第 C 组流程", "第 B、C 组流程",
])
def test_the_check_catches_each_kind_of_leak(text):
    assert leaks(text)


@pytest.mark.parametrize("text", [
    "按履职清单，公示期为五个工作日（本报告按工作日计算）。", "年度设备投入 {equipment_investment_wan} 万元。",
    "2020-07-01 至 2020-07-31", "统一社会信用代码为18位", "3-5个工作日",
])
def test_the_check_passes_plain_chinese(text):
    assert not leaks(text)


def test_a_rule_message_with_the_internal_word_fails_the_check():
    book = load_rulebook()
    rule = book.rules["ELIG-EQUIP-INVEST-100W"]
    branch = rule.branches[0].model_copy(update={"message": rule.branches[0].message + "（见种子）"})
    bad = rule.model_copy(update={"branches": [branch, *rule.branches[1:]]})
    assert any("种子" in hit for where, text in _rule_texts(bad) for hit in leaks(text))
