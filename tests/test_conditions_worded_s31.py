"""An amount condition's bound is said as the round's wording writes it when the wording uses another unit
than the column (营业收入1000万元（含）以上 over a 金额（元） column: 不低于 1000 万元, not 不低于 10000000 元):
the notice's own figure, the one the applicant and the clerk know. A bound the wording writes in the
column's unit, or in words (一千万元), is said as before."""

from __future__ import annotations

import pytest

from tests.test_hostile_h133 import _c, _check


@pytest.mark.parametrize("wording, kind, value, written, asks", [
    ("上年度营业收入1000万元（含）以上", "金额（元）", "10000000", 12000000, "不低于 1000 万元"),
    ("上年度营业收入不低于10000000元", "金额（元）", "10000000", 12000000, "不低于 10000000 元"),
    ("上年度营业收入不低于一千万元", "金额（元）", "10000000", 12000000, "不低于 10000000 元"),
    ("上年度营业收入1.5亿元以上", "金额（万元）", "15000", 20000, "不低于 1.5 亿元"),
    ("上年度营业收入1000万元以上", "金额（万元）", "1000", 1200, "不低于 1000 万元"),
])
def test_the_bound_is_said_as_the_wording_writes_it(tmp_path, wording, kind, value, written, asks):
    unit = "元" if kind == "金额（元）" else "万元"
    row = _c(1, wording, "营业收入", kind, "≥", value)
    assert _check(tmp_path, row, [f"营业收入（{unit}）"], [written]) == (0, (
        "pass", f"营业收入填写为 {written} {unit}，符合本条件（本轮条件要求{asks}）。"), [])


def test_a_failing_amount_says_the_wordings_figure(tmp_path):
    row = _c(1, "上年度营业收入1000万元（含）以上", "营业收入", "金额（元）", "≥", "10000000")
    assert _check(tmp_path, row, ["营业收入（元）"], [9990000]) == (1, (
        "fail", "营业收入填写为 9990000 元，本轮条件要求不低于 1000 万元，不符合本条件。"), [])
