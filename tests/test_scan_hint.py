"""The extent scan's cheap hint (checker/io/xlsx.py, _beyond_hint) finds something wherever the
exact pattern of a cell beyond the limits does: a chunk the hint passes over is never looked at
again, so a miss would let a hostile sheet through to calamine."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.io.xlsx import LIMITS, ReadLimits, _beyond_hint, _beyond_pattern

LIMIT_SET = [LIMITS, ReadLimits(max_rows=2, max_columns=6), ReadLimits(max_rows=99, max_columns=30),
             ReadLimits(max_rows=1_048_576, max_columns=16_384)]
space = st.text(alphabet=" \t\r\n\x0b\x0c", max_size=2).map(str.encode)
cell = st.builds(
    lambda prefix, before, after, quote, letters, digits, other: (
        b"<" + prefix + b"c" + other + b"r" + before + b"=" + after + quote + letters + digits + quote + b">"),
    st.sampled_from([b"", b"x:", b"ns1:"]), space, space, st.sampled_from([b'"', b"'"]),
    st.text(alphabet="ABCXYZ", min_size=1, max_size=4).map(str.encode),
    st.integers(0, 10**9).map(lambda n: str(n).encode()),
    st.sampled_from([b" ", b' s="1" ', b'\tt="inlineStr" ', b" \n "]))
noise = st.sampled_from([b"", b"<row r=\"5\">", b"<is><t>E000123 13800000000</t></is>", b"</c>", b"r=", b"<"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(cell, noise), max_size=6), st.sampled_from(LIMIT_SET))
def test_the_hint_finds_every_cell_the_exact_pattern_finds(parts, limits):
    data = b"".join(parts)
    if _beyond_pattern(limits).search(data):
        assert _beyond_hint(limits).search(data)
