"""compute_exclusions skips candidates with no reason without calling _reasons for them
(checker/draw/recusal.py): the same exclusions, in the same order, as asking every candidate,
and the same error for a malformed record's candidate."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.draw import recusal
from checker.draw.recusal import compute_exclusions, exclusion_inputs

UNITS = ["威海甲公司", "威海 甲公司", "ＷＥＩＨＡＩ乙", "weihai乙", "丙研究院", "", "  "]
USCCS = ["", "91371000MA3C5TEST1", "91371000MA3C5TEST2"]
IDS = [f"E{n}" for n in range(8)] + ["e1", "Ｅ2", "E 3"]

candidates = st.lists(st.fixed_dictionaries({
    "expert_id": st.sampled_from(IDS), "unit": st.sampled_from(UNITS), "unit_uscc": st.sampled_from(USCCS),
    "staff": st.booleans()}), max_size=30)
inputs = st.builds(
    exclusion_inputs,
    st.lists(st.builds(lambda i, n, u: {"applicant_id": i, "name": n, "uscc": u},
                       st.sampled_from(["", "A1", "A2"]), st.sampled_from(UNITS[:5]), st.sampled_from(USCCS)),
             max_size=4),
    st.lists(st.builds(lambda e, a, r: {"expert_id": e, "applicant": a, "reason": r},
                       st.sampled_from(IDS), st.sampled_from(["", "甲"]), st.sampled_from(["亲属", "同事"])), max_size=4),
    st.lists(st.sampled_from(IDS), max_size=3))


def every_candidate_asked(candidates, inputs):
    """The loop as it was: _reasons for every candidate (ids matched by recusal.id_key)."""
    staff = {recusal.id_key(expert_id) for expert_id in inputs.get("staff", ())}
    by_unit, by_uscc, conflicts = {}, {}, {}
    for applicant in inputs.get("applicants", ()):
        by_unit.setdefault(recusal.normalise_unit(applicant["name"]), []).append(applicant)
        if applicant.get("uscc"):
            by_uscc.setdefault(applicant["uscc"], []).append(applicant)
    for conflict in inputs.get("conflicts", ()):
        conflicts.setdefault(recusal.id_key(conflict["expert_id"]), []).append(conflict)
    excluded, keys = [], {}
    for candidate in candidates:
        reasons = recusal._reasons(candidate, staff, by_unit, by_uscc, conflicts, keys)
        if reasons:
            excluded.append({"expert_id": candidate["expert_id"], "reasons": reasons})
    return excluded


def outcome(function, *args):
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001
        return type(error), str(error)


@settings(max_examples=300, deadline=None)
@given(candidates, inputs)
def test_the_same_exclusions_as_asking_every_candidate(candidates, inputs):
    assert compute_exclusions(candidates, inputs) == every_candidate_asked(candidates, inputs)


def test_malformed_candidates_fail_alike():
    inputs = exclusion_inputs([{"applicant_id": "", "name": "甲", "uscc": "X"}], [], ["E1"])
    for candidate in (["E1"], {"unit": "甲"}, {"expert_id": ["E1"]}, {"expert_id": "E2", "unit_uscc": ["X"]},
                      {"expert_id": "E2", "unit": 5}, {"expert_id": "E2", "unit": None}, "E1", None):
        assert outcome(compute_exclusions, [candidate], inputs) == outcome(every_candidate_asked, [candidate], inputs)


@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=0x7F)),
                 st.from_regex(r"[A-Za-z]{1,3}[0-9]{1,6}", fullmatch=True)))
def test_an_id_is_keyed_as_round_key_keys_it(expert_id):
    # the printable-ASCII short cut of id_key gives round_key's key for any text; the pool refuses
    # two ids of one key by the same function (a blank letter, U+3164, made two experts of one)
    from checker.core.text import round_key
    from checker.draw.pool import expert_id_key

    assert recusal.id_key(expert_id) == expert_id_key(expert_id) == round_key(expert_id)


def test_the_pools_keys_are_worked_out_once_and_match_each_id():
    from checker.draw.pool import Expert, build_pool

    pool = build_pool([Expert(expert_id, "某", "单位", ("新材料",), "在库", row=n)
                       for n, expert_id in enumerate(["ZJ014", "Ｅ２", "E 3", "zj\u200b015"], start=2)])
    keys = recusal.pool_id_keys(pool)
    assert keys == frozenset({"zj014", "e2", "e3", "zj015"})
    assert recusal.pool_id_keys(pool) is keys  # the second ask (the record's warnings) reuses the first's


@given(st.lists(st.sampled_from(["张三", "张 三", "张\u3000三", "阿依古丽·买买提", "阿依古丽 · 买买提", "李四", ""]),
                min_size=1, max_size=8))
def test_one_name_at_one_unit_under_two_ids_is_found_however_its_spaces_are_written(names):
    from collections import Counter

    from checker.core.text import nfkc
    from checker.draw.pool import Expert, build_pool

    pool = build_pool([Expert(f"E{n}", nfkc(name), "单位", ("新材料",), "在库", row=n + 2) for n, name in enumerate(names)])
    keys = ["".join(nfkc(name).split()) for name in names]
    twice = [[f"E{n}" for n, key in enumerate(keys) if key == shared]
             for shared, count in Counter(keys).items() if shared and count > 1]
    expected = ([f"专家库中 {'；'.join('、'.join(ids) for ids in twice)} 的姓名与工作单位相同，可能是同一人登记了两次"
                 "（入选机会加倍，甚至同一人占两席）：请核对专家库。"] if twice else [])
    assert recusal.pool_warnings(pool, ["新材料"]) == expected


@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x7F), min_size=1, max_size=5), min_size=1, max_size=10,
                unique_by=str.lower))
def test_the_keys_a_pool_is_built_with_are_each_ids_id_key(ids):
    # build_pool keeps the keys it checked duplicates with when every id is plain ASCII; recusal uses them
    from hypothesis import assume

    from checker.draw.pool import Expert, build_pool
    from checker.errors import InputError

    try:
        pool = build_pool([Expert(expert_id, "某", "单位", ("新材料",), "在库", row=n) for n, expert_id in enumerate(ids)])
    except InputError:  # "a b" and "ab": one expert written twice, refused
        assume(False)
    assert recusal.pool_id_keys(pool) == frozenset(map(recusal.id_key, ids))
