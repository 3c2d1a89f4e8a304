"""RFC 3797 §4 algorithm against the RFC's own §6 worked example (draw-calendar-ecosystem.md §A.1)."""

import hashlib

import pytest

from checker.draw import rfc3797
from checker.errors import InputError
from tests.fixtures.draw.helpers import RFC_KEY, RFC_NAMES

# §A.1.4: index (1-based as in the RFC table), MD5 hex, divisor, selected (1-based RFC number).
RFC_TABLE = [
    (1, "990DD0A5692A029A98B5E01AA28F3459", 25, 17),
    (2, "3691E55CB63FCC37914430B2F70B5EC6", 24, 7),
    (3, "FE814EDF564C190AC1D25753979990FA", 23, 2),
    (4, "1863CCACEB568C31D7DDBDF1D4E91387", 22, 16),
    (5, "F4AB33DF4889F0AF29C513905BE1D758", 21, 25),
    (6, "13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23),
    (7, "992DB77C382CA2BDB9727001F3CDCCD9", 19, 8),
    (8, "63AB4258ECA922976811C7F55C383CE7", 18, 24),
    (9, "DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19),
    (10, "31CB111C4A4EBE9287CEAE16FE51B909", 16, 13),
    (11, "07FA46C122F164C215BBC72793B189A3", 15, 22),
    (12, "AC52F8D75CCBE2E61AFEB3387637D501", 14, 5),
    (13, "53306F73E14FC0B2FBF434218D25948E", 13, 18),
    (14, "B5D1403501A81F9A47318BE7893B347C", 12, 9),
    (15, "85B10B356AA06663EF1B1B407765100A", 11, 1),
    (16, "3269E6CE559ABD57E2BA6AAB495EB9BD", 10, 4),
]


def test_key_string_sorts_each_source_and_ends_it_with_slash():
    assert rfc3797.key_string([[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]) == RFC_KEY


@pytest.mark.parametrize("row, md5_hex, divisor, selected", RFC_TABLE)
def test_each_of_the_16_md5_values_of_the_worked_example(row, md5_hex, divisor, selected):
    # The RFC table counts rows from 1; the hashed index of row 1 is 0x0000.
    assert rfc3797.pick_digest(row - 1, RFC_KEY).hex().upper() == md5_hex


def test_the_whole_sequence_of_16_picks_matches_the_rfc_table():
    numbers = [f"{number}" for number in range(1, 26)]
    picks = rfc3797.select(numbers, 16, RFC_KEY)
    assert [(pick.index + 1, pick.md5, pick.divisor, int(pick.item)) for pick in picks] == RFC_TABLE


def test_names_of_the_first_ten_and_the_first_alternate():
    picks = rfc3797.select(RFC_NAMES, 11, RFC_KEY)
    assert [pick.item for pick in picks] == [
        "Lee", "Doc", "Mary", "Charity", "Kasczynski", "Envy", "Sneazy", "Anger", "Chastity",
        "Pandora", "Sloth"]


def test_alternates_are_the_continuation_of_the_same_sequence():
    assert rfc3797.select(RFC_NAMES, 7, RFC_KEY) == rfc3797.select(RFC_NAMES, 10, RFC_KEY)[:7]


def test_digest_is_md5_of_index_key_index_big_endian():
    expected = hashlib.md5(b"\x01\x02" + RFC_KEY.encode() + b"\x01\x02").digest()
    assert rfc3797.pick_digest(0x0102, RFC_KEY) == expected


@pytest.mark.parametrize("text, numbers", [
    ("9 18 26 34 41 45", [9, 18, 26, 34, 41, 45]),
    ("2,5,12,8,10", [2, 5, 12, 8, 10]),
    ("  ９３１９ ", [9319]),
    ("03，07、11", [3, 7, 11]),
])
def test_parse_source_accepts_spaces_commas_and_full_width_digits(text, numbers):
    assert rfc3797.parse_source(text) == numbers


@pytest.mark.parametrize("text", ["9 x 3", "", "  ", "-1 2", "1.5", "0x10"])
def test_parse_source_rejects_anything_but_non_negative_integers(text):
    with pytest.raises(InputError) as caught:
        rfc3797.parse_source(text)
    assert str(caught.value) == (f"随机数来源「{text}」格式不正确：应为以空格或逗号分隔的非负整数，"
                                 f"如 \"9 18 26 34 41 45\"。")


def test_leading_zeros_are_not_written_in_the_key():
    assert rfc3797.key_string([rfc3797.parse_source("03 07 11")]) == "3.7.11./"


def test_local_secret_is_one_decimal_source():
    assert rfc3797.secret_key_string("ff") == "255./"
    with pytest.raises(InputError) as caught:
        rfc3797.secret_key_string("zz")
    assert str(caught.value) == "本地随机种子「zz」不是十六进制数。"


def test_too_many_picks_are_refused():
    with pytest.raises(InputError) as caught:
        rfc3797.select(["a", "b"], 3, RFC_KEY)
    assert str(caught.value) == "需要抽取 3 人，但只有 2 人可供抽取。"
    with pytest.raises(InputError):
        rfc3797.pick_digest(0x10000, RFC_KEY)


def test_algorithm_is_named_and_versioned():
    assert rfc3797.ALGORITHM == "rfc3797-md5/v1"
