"""Exact tests for "drawn more often than chance": pure functions, no I/O.

Model. RFC 3797 picks uniformly among the experts still remaining, so in a draw of ``k`` from an
eligible list of ``n`` every eligible expert is on the panel with probability ``k/n`` and every
eligible pair together with probability ``k(k-1)/(n(n-1))``. Draws are independent (each has its
own public random numbers), so the number of times an expert (or a pair) was drawn is a sum of
independent Bernoulli variables with different success probabilities: a Poisson-binomial
variable. We test the upper tail ``P(X >= observed)`` exactly.

Arithmetic. Probabilities are ``fractions.Fraction``. Draws with the same probability ``a/b``
are grouped (``m`` of them), and the distribution is the polynomial product
``prod_g (a_g x + (b_g - a_g))^(m_g) / prod_g b_g^(m_g)`` in integers, truncated below the
observed count: ``P(X >= k) = 1 - sum_{j<k} coef_j / denominator``. Integer arithmetic makes the
subtraction exact (no cancellation, no underflow, no normal approximation), and truncating the product below ``k``
keeps the work at about ``groups x k^2`` big-integer products per test.

Multiple testing. Holm's step-down correction over the tests of one family (experts; pairs;
expert-applicant combinations): it controls the family-wise error rate at the level under any
dependence between the tests, like Bonferroni, and flags at least what Bonferroni flags.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd
from typing import Hashable, Mapping

DEFAULT_LEVEL = Fraction(1, 1000)


# A probability is kept as a reduced integer pair (numerator, denominator): grouping draws by it
# hashes two small ints, where hashing Fractions dominated the run time of the pair tests.
Prob = tuple[int, int]


def ratio(numerator: int, denominator: int) -> Prob:
    """The reduced pair for numerator/denominator."""
    divisor = gcd(numerator, denominator) or 1
    return numerator // divisor, denominator // divisor


def inclusion(panel_size: int, eligible: int) -> Prob:
    """P(a given eligible expert is on a panel of ``panel_size`` drawn from ``eligible``)."""
    return ratio(panel_size, eligible)


def pair_inclusion(panel_size: int, eligible: int) -> Prob:
    """P(two given eligible experts are both on the panel)."""
    if eligible < 2:
        return (0, 1)
    return ratio(panel_size * (panel_size - 1), eligible * (eligible - 1))


def expected(groups: Mapping[Prob, int]) -> Fraction:
    """Mean of the Poisson-binomial variable: the sum of the probabilities."""
    return sum((Fraction(a, b) * count for (a, b), count in groups.items()), Fraction(0))


def upper_tail(groups: Mapping[Prob, int], observed: int) -> Fraction:
    """Exact ``P(X >= observed)`` for X = sum of independent Bernoulli(a/b), ``groups[(a, b)]`` of each.

    >>> upper_tail({(1, 2): 2}, 2)
    Fraction(1, 4)
    """
    if observed <= 0:
        return Fraction(1)
    groups = {(a, b): m for (a, b), m in groups.items() if m > 0 and a > 0}
    trials = sum(groups.values())
    if observed > trials:
        return Fraction(0)
    below = [1]  # integer coefficients of x^0 .. x^(observed-1) of the running product
    denominator = 1
    for (a, b), m in sorted(groups.items()):
        below = _truncated_product(below, _binomial_terms(a, b - a, m, observed), observed)
        denominator *= b ** m
    return Fraction(denominator - sum(below), denominator)


def _binomial_terms(a: int, c: int, m: int, size: int) -> list[int]:
    """C(m, j) a^j c^(m-j) for j < size: the coefficients of (a x + c)^m, low degrees only."""
    if c == 0:  # probability 1: all the mass at j = m
        return [0] * m + [a ** m] if m < size else [0] * size
    term = c ** m
    terms = [term]
    for j in range(min(m, size - 1)):
        term = term * (m - j) * a // ((j + 1) * c)  # exact: each term is an integer
        terms.append(term)
    return terms


def _truncated_product(left: list[int], right: list[int], size: int) -> list[int]:
    out = [0] * min(size, len(left) + len(right) - 1)
    for i, x in enumerate(left):
        if x:
            for j, y in enumerate(right[:len(out) - i]):
                out[i + j] += x * y
    return out


def holm(pvalues: Mapping[Hashable, Fraction]) -> dict[Hashable, Fraction]:
    """Holm-adjusted p-values (exact): flag a test when its adjusted p-value <= the level.

    Sorted ascending, the i-th (1-based) of m gets ``max_{j<=i} min(1, (m-j+1) p_(j))``; ties are
    broken by the key so the result does not depend on input order.
    """
    ordered = sorted(pvalues.items(), key=lambda item: (item[1], _sort_key(item[0])))
    m = len(ordered)
    adjusted: dict[Hashable, Fraction] = {}
    running = Fraction(0)
    for index, (key, p) in enumerate(ordered):
        running = max(running, min(Fraction(1), (m - index) * p))
        adjusted[key] = running
    return adjusted


def _sort_key(key) -> str:
    return repr(key)


def as_float(value: Fraction) -> float:
    """A probability for JSON: 6 significant digits, deterministic."""
    return float(f"{float(value):.6g}")
