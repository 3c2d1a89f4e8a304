"""A blank cell is one whose text is white space only after NFKC (checker/core/values.is_blank),
decided without normalising: the shortcut must agree with the definition for every text."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.core.values import is_blank


def _by_definition(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip() == ""


def test_every_single_character_is_blank_exactly_when_its_nfkc_form_is():
    disagree = [hex(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
                and is_blank(chr(code)) != _by_definition(chr(code))]
    assert disagree == []


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                         st.sampled_from(list(" \t\n\r\u3000\u00a0\u2002\u200b\ufeff\u0301\u0308\u1680\u2028\u205f")))))
def test_texts_are_blank_exactly_when_their_nfkc_form_is(text):
    assert is_blank(text) == _by_definition(text)


def test_other_values():
    assert is_blank(None) and not is_blank(0) and not is_blank(0.0) and not is_blank(False)


# --- nfkc_collapse: a printable text without two spaces in a row skips the regular expression -------

_WHITE = list(" \t\n\r\x0b\x0c\x1c\x85\u3000\u00a0\u2002\u200b\ufeff\u1680\u2028\u2029\u205f  ")


def _collapsed_by_definition(text: str) -> str:
    import re

    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).strip())


def test_every_single_character_collapses_as_by_definition():
    from checker.core.text import nfkc_collapse

    disagree = [hex(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
                and nfkc_collapse(f"a{chr(code)}{chr(code)}b") != _collapsed_by_definition(f"a{chr(code)}{chr(code)}b")]
    assert disagree == []


@settings(max_examples=500, deadline=None)
@given(st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(_WHITE))))
def test_texts_collapse_as_by_definition(text):
    from checker.core.text import nfkc_collapse

    assert nfkc_collapse(text) == _collapsed_by_definition(text)
