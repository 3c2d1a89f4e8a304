"""Exact Poisson-binomial tails, Holm's correction, and the false flag rate on uniform draws."""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.draw import rfc3797
from checker.fairness import analyse, stats
from checker.fairness.model import BASIS_RECORD, Draw


def reference_tail(probabilities: list[Fraction], observed: int) -> Fraction:
    """Plain dynamic programming over the draws one by one (another method, same exact answer)."""
    distribution = [Fraction(1)]
    for p in probabilities:
        nxt = [Fraction(0)] * (len(distribution) + 1)
        for count, mass in enumerate(distribution):
            nxt[count] += mass * (1 - p)
            nxt[count + 1] += mass * p
        distribution = nxt
    return sum(distribution[observed:], Fraction(0))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(1, 9)), min_size=0, max_size=12), st.integers(0, 14))
def test_upper_tail_equals_plain_dynamic_programming(pairs, observed):
    probabilities = [Fraction(min(a, b), b) for a, b in pairs]
    groups = {}
    for p in probabilities:
        key = stats.ratio(p.numerator, p.denominator)
        groups[key] = groups.get(key, 0) + 1
    assert stats.upper_tail(groups, observed) == reference_tail(probabilities, observed)


def test_binomial_tail_and_known_values():
    # Binomial(30, 7/25) >= 19: the textbook sum, exactly.
    expected = sum(Fraction(comb(30, j) * 7 ** j * 18 ** (30 - j), 25 ** 30) for j in range(19, 31))
    assert stats.upper_tail({(7, 25): 30}, 19) == expected
    assert stats.upper_tail({(1, 2): 2}, 2) == Fraction(1, 4)
    assert stats.upper_tail({(1, 2): 2}, 0) == 1
    assert stats.upper_tail({(1, 2): 2}, 3) == 0
    assert stats.upper_tail({(1, 1): 3, (1, 2): 1}, 4) == Fraction(1, 2)  # probability 1 handled
    # Far in the tail no float would survive: (1/1000)^200 is exact here.
    assert stats.upper_tail({(1, 1000): 200}, 200) == Fraction(1, 1000 ** 200)


def test_holm_adjusts_step_down_and_keeps_order():
    adjusted = stats.holm({"a": Fraction(1, 100), "b": Fraction(4, 100), "c": Fraction(3, 100), "d": Fraction(1, 2)})
    # sorted: a .01 (x4 = .04), c .03 (x3 = .09), b .04 (x2 = .08 -> .09 monotone), d .5 (x1)
    assert adjusted == {"a": Fraction(4, 100), "c": Fraction(9, 100), "b": Fraction(9, 100), "d": Fraction(1, 2)}
    assert stats.holm({"x": Fraction(3, 4), "y": Fraction(3, 4)}) == {"x": 1, "y": 1}


# ---------------------------------------------------------------- false flags on uniform draws

REPLICATES, DRAWS, POOL, PANEL, LIST_SIZES = 100, 200, 30, 7, (24, 27, 30)
LEVELS = (Fraction(1, 1000), Fraction(1, 100), Fraction(5, 100), Fraction(1, 10))


def uniform_draws(seed: int) -> list[Draw]:
    """200 genuine RFC 3797 draws: random exclusions leave 24, 27 or 30 of 30 experts eligible,
    and each draw's key comes from made-up lottery numbers."""
    rng = random.Random(seed)
    experts = [f"E{number:02d}" for number in range(POOL)]
    draws = []
    for number in range(DRAWS):
        eligible = sorted(rng.sample(experts, rng.choice(LIST_SIZES)))
        key = rfc3797.key_string([rng.sample(range(1, 34), 6), rng.sample(range(1, 36), 5)])
        panel = tuple(pick.item for pick in rfc3797.select(eligible, PANEL, key))
        draws.append(Draw(id=f"d{number}", source="ledger", kind="draw", round_id=f"R{number}", fields=("x",),
                          at="", operator="", panel=panel, eligible=tuple(eligible), basis=BASIS_RECORD))
    return draws


def binomial_ceiling(trials: int, rate: Fraction, tail: Fraction = Fraction(1, 10 ** 6)) -> int:
    """The smallest c with P(Binomial(trials, rate) > c) < tail."""
    for ceiling in range(trials + 1):
        if stats.upper_tail({(rate.numerator, rate.denominator): trials}, ceiling + 1) < tail:
            return ceiling
    return trials


def test_false_flag_rate_on_uniform_draws_is_at_most_the_level():
    """Family-wise false flags over 100 replicates of 200 uniform draws (fixed seeds).

    Each replicate gives its smallest Holm-adjusted p-value per family, so one run measures the
    false flag rate at every level. Holm controls it at the level; the assertion allows the
    binomial spread of 100 replicates (exceeded with probability < 1e-6 if the method is right).
    The same replicates without the correction flag far more often, so the test can fail.
    """
    smallest = {"experts": [], "pairs": []}
    uncorrected = []
    expert_pvalues = []
    for seed in range(REPLICATES):
        draws = uniform_draws(seed)
        rows = analyse.expert_tests(draws)
        _, pairs = analyse.pair_tests(draws)
        smallest["experts"].append(min(row["p_adjusted"] for row in rows))
        smallest["pairs"].append(min([row["p_adjusted"] for row in pairs] + [Fraction(1)]))
        uncorrected.append(min(row["p"] for row in rows))
        expert_pvalues += [row["p"] for row in rows]
    for family, values in smallest.items():
        for level in LEVELS:
            flagged = sum(value <= level for value in values)
            assert flagged <= binomial_ceiling(REPLICATES, level), (family, level, flagged)
    assert sum(value <= stats.DEFAULT_LEVEL for value in smallest["experts"] + smallest["pairs"]) == 0
    # Without the correction the smallest of 30 p-values is <= 0.05 in most replicates.
    assert sum(value <= Fraction(5, 100) for value in uncorrected) > binomial_ceiling(REPLICATES, Fraction(5, 100))
    # Each p-value is valid and not vacuous: about 5% of the 3000 expert tests fall at or below 0.05.
    share = sum(p <= Fraction(5, 100) for p in expert_pvalues) / len(expert_pvalues)
    assert 0.02 < share <= 0.06, share


def test_expected_count_is_the_sum_of_k_over_n():
    draws = [Draw(id="a", source="ledger", kind="draw", round_id="A", fields=("x",), at="", operator="",
                  panel=("E1", "E2"), eligible=("E1", "E2", "E3", "E4"), basis=BASIS_RECORD),
             Draw(id="b", source="ledger", kind="draw", round_id="B", fields=("x",), at="", operator="",
                  panel=("E1",), eligible=("E1", "E2", "E3"), basis=BASIS_RECORD)]
    rows = {row["expert_id"]: row for row in analyse.expert_tests(draws)}
    assert rows["E1"]["expected"] == Fraction(2, 4) + Fraction(1, 3)
    assert rows["E1"]["observed"] == 2 and rows["E1"]["p"] == Fraction(2, 4) * Fraction(1, 3)
    assert rows["E4"]["expected"] == Fraction(1, 2) and rows["E4"]["eligible_draws"] == 1
    assert rows["E1"]["drawn_in"] == ["a", "b"]


def test_too_few_draws_to_flag_anyone_is_a_stated_limit_hand_computed():
    # 4 experts, panels of 2: drawn every time, an expert's p is (1/2)^draws; Holm's smallest
    # adjusted p is 4 x that. 4 draws: 4/16 = 0.25 > 0.001, nothing can be flagged; 12 draws:
    # 4/4096 = 1/1024 < 0.001, a flag is possible and nothing is said
    from checker.fairness.analyse import smallest_adjusted_p
    from checker.fairness.build import _too_few_draws
    from checker.fairness.model import Draw

    def draws(count):
        return [Draw(id=f"d{n}", source="ledger", kind="draw", round_id=f"R{n}", fields=("x",), at="", operator="",
                     panel=("A", "B"), eligible=("A", "B", "C", "D")) for n in range(count)]

    assert smallest_adjusted_p(draws(4)) == (Fraction(1, 4), 4)
    assert [limit.as_dict() for limit in _too_few_draws(smallest_adjusted_p(draws(4)), Fraction(1, 1000))] == [{
        "kind": "too_few_draws", "draws": [],
        "message": "抽取次数太少，检验不能发现入选过多：即使某位专家在其可被抽取的 4 次抽取中每次都被抽中，"
                   "校正后的 p 值也只有 0.25，大于显著性水平 0.001。本报告“未发现异常”不说明抽取公平，需积累更多轮次或逐次核查。"}]
    assert smallest_adjusted_p(draws(12)) == (Fraction(1, 1024), 12)
    assert _too_few_draws(smallest_adjusted_p(draws(12)), Fraction(1, 1000)) == []
