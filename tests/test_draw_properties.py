"""Hypothesis properties of the draw: determinism, recusal, disjointness and sizes, pool hash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.draw import record as draw_mod
from checker.draw.recusal import exclusion_inputs as build_exclusion_inputs
from checker.draw.verify import verify_record
from checker.draw.pool import Expert, build_pool

FIELDS = ["新材料", "智能制造", "电子信息", "节能环保"]
UNITS = ["威海甲公司", "威海乙公司", "山东大学(威海)", "哈工大(威海)", "市工信局", "丙研究院"]
STATUSES = ["在库", "在库", "在库", "暂停", "退出"]

expert_rows = st.lists(
    st.tuples(st.sampled_from(UNITS), st.sets(st.sampled_from(FIELDS), min_size=1),
              st.sampled_from(STATUSES), st.booleans(), st.text(min_size=1, max_size=4)),
    min_size=12, max_size=60)


def make_pool(rows):
    experts = [Expert(f"E{index:03d}", name.strip() or "名", unit, tuple(sorted(fields)), status,
                      staff=staff and index % 7 == 0, row=index + 2)
               for index, (unit, fields, status, staff, name) in enumerate(rows)]
    return build_pool(experts)


inputs_strategy = st.fixed_dictionaries({
    "applicants": st.lists(st.sampled_from(UNITS[:4]), max_size=2, unique=True),
    "staff": st.lists(st.integers(0, 59), max_size=4),
    "conflicts": st.lists(st.integers(0, 59), max_size=3),
})
sources = st.lists(st.lists(st.integers(0, 99), min_size=1, max_size=6), min_size=1, max_size=3)


def exclusion_inputs(raw):
    return build_exclusion_inputs(
        [{"applicant_id": f"A{index}", "name": name, "uscc": ""} for index, name in enumerate(raw["applicants"])],
        [{"expert_id": f"E{number:03d}", "applicant": "甲", "reason": "亲属"} for number in raw["conflicts"]],
        [f"E{number:03d}" for number in raw["staff"]])


def attempt(pool, raw, numbers, size=3, alternates=2):
    """The record, or None when the generated pool is legitimately too small (InputError)."""
    try:
        prepared = draw_mod.prepare(pool, "R", ["新材料"], draw_mod.Policy(size, alternates),
                                    exclusion_inputs(raw))
        return draw_mod.build_record(prepared, draw_mod.public_seed(numbers), "政工科", "T")
    except draw_mod.InputError:
        return None


common = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(expert_rows, inputs_strategy, sources, st.randoms(use_true_random=False))
def test_same_inputs_give_the_same_panel_whatever_the_row_order(rows, raw, numbers, rng):
    first = attempt(make_pool(rows), raw, numbers)
    # Same experts with the same ids, presented in another row order: canonical order wins.
    experts = list(make_pool(rows).experts)
    rng.shuffle(experts)
    second = attempt(build_pool(experts), raw, numbers)
    assert first == second
    if first is not None:
        assert verify_record(dict(first, ledger={}, kind="draw")) == ""


@common
@given(expert_rows, inputs_strategy, sources, st.integers(1, 6), st.integers(0, 4))
def test_no_excluded_expert_is_picked_and_panel_alternates_are_disjoint(rows, raw, numbers, size, alternates):
    pool = make_pool(rows)
    record = attempt(pool, raw, numbers, size, alternates)
    if record is None:
        return
    panel = [item["expert_id"] for item in record["panel"]]
    spare = [item["expert_id"] for item in record["alternates"]]
    excluded = {item["expert_id"] for item in record["exclusions"]}
    assert (len(panel), len(spare)) == (size, alternates)
    assert len(set(panel + spare)) == size + alternates
    assert not excluded & set(panel + spare)
    for expert_id in panel + spare:
        expert = pool.find(expert_id)
        assert expert.status == "在库" and "新材料" in expert.fields
        assert expert.unit not in raw["applicants"] and not expert.staff
        assert expert_id not in exclusion_inputs(raw)["staff"]


@common
@given(expert_rows, st.integers(0, 59), st.sampled_from(["id", "name", "unit", "fields", "status", "drop", "add"]))
def test_any_change_to_the_pool_changes_its_hash(rows, which, how):
    pool = make_pool(rows)
    experts = list(pool.experts)
    index = which % len(experts)
    old = experts[index]
    changes = {
        "id": lambda e: Expert(e.expert_id + "X", e.name, e.unit, e.fields, e.status),
        "name": lambda e: Expert(e.expert_id, e.name + "甲", e.unit, e.fields, e.status),
        "unit": lambda e: Expert(e.expert_id, e.name, e.unit + "分公司", e.fields, e.status),
        "fields": lambda e: Expert(e.expert_id, e.name, e.unit,
                                   tuple(sorted(set(FIELDS) - set(e.fields))) or ("其他",), e.status),
        "status": lambda e: Expert(e.expert_id, e.name, e.unit, e.fields, "退出" if e.status == "在库" else "在库"),
    }
    if how == "drop":
        del experts[index]
    elif how == "add":
        experts.append(Expert("Z999", "新", "单位", ("新材料",), "在库"))
    else:
        experts[index] = changes[how](old)
    assert build_pool(experts).sha256 != pool.sha256


@common
@given(expert_rows, sources)
def test_alternates_continue_the_panel_sequence(rows, numbers):
    pool = make_pool(rows)
    raw = {"applicants": [], "staff": [], "conflicts": []}
    short = attempt(pool, raw, numbers, 3, 0)
    long = attempt(pool, raw, numbers, 3, 3)
    if short is None or long is None:
        return
    assert short["panel"] == long["panel"]
    assert [s["expert_id"] for s in long["sequence"]][:3] == [p["expert_id"] for p in short["panel"]]
