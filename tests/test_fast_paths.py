"""Fast paths kept equal to the plain code they replace (issue 14): each is compared with the
plain version on generated input, so a speed-up can never change what a report says."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.core.findings import BLANK, fill

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _plain_fill(template: str, values: dict[str, str]) -> str:
    """What fill() did before it split templates once: one regular-expression substitution."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or BLANK, template)


NAMES = st.sampled_from(["value", "limit", "金额", "x1", "_", "date"])
TEMPLATE_PARTS = st.one_of(st.text(max_size=8), NAMES.map(lambda name: "{" + name + "}"),
                           st.sampled_from(["{", "}", "{ value}", "{value", "{{value}}", "{}"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(TEMPLATE_PARTS, max_size=8).map("".join),
       st.dictionaries(NAMES, st.one_of(st.just(""), st.text(max_size=6)), max_size=6))
def test_fill_says_what_one_substitution_says(template, values):
    assert fill(template, values) == _plain_fill(template, values)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEMPLATE_PARTS, max_size=8).map("".join),
       st.dictionaries(NAMES, st.one_of(st.just(""), st.text(max_size=6)), max_size=6),
       st.dictionaries(NAMES, st.one_of(st.just(""), st.just(0), st.text(max_size=6)), max_size=4))
def test_fill_with_parameters_first_says_what_the_merged_values_say(template, values, parameters):
    """A rule's parameters win over the case's values of the same name, as ``{**values, **parameters}``."""
    assert fill(template, values, parameters) == _plain_fill(template, {**values, **parameters})


def test_fill_reads_blank_for_an_empty_or_unknown_value():
    assert fill("设备投入{value}万元，须不低于{limit}万元", {"value": "", "other": "1"}) == "设备投入空白万元，须不低于空白万元"
    assert fill("{value}{value}", {"value": "3"}) == "33"


def test_a_blank_value_in_quotes_reads_as_not_filled_in():
    """决定“{decision}” with the cell blank read 决定“空白”, as if the cell said 空白 (h31's leftover)."""
    from checker.core.findings import fill

    assert fill("未决定推荐（决定“{decision}”）。", {"decision": ""}) == "未决定推荐（决定（未填写））。"
    assert fill("区市初审意见“{opinion}”无法判断是否通过。", {}) == "区市初审意见（未填写）无法判断是否通过。"
    assert fill("未决定推荐（决定“{decision}”）。", {"decision": "暂缓"}) == "未决定推荐（决定“暂缓”）。"
    assert fill("项目总投资 {total} 万元。", {}) == "项目总投资 空白 万元。"
    assert fill("受理结果“{acceptance}”未填写或无法判断。", {}) == "受理结果未填写或无法判断。"  # said once
    assert fill("是否独立法人（{legal_person}）。", {}) == "是否独立法人（未填写）。"
