"""The fast JSON writer of draw records and hashes (checker/draw/jsontext.py) gives the standard
library's bytes, or its exception, for anything: records are hashed into the tamper-evident ledger
and must read the same as before. An earlier attempt with plain orjson was reverted because floats
came out in other forms (5.96e-8 for 5.96e-08): floats are in every generated document here."""

from __future__ import annotations

import enum
import json
import os
from collections import OrderedDict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.draw import jsontext
from checker.draw import ledger as ledger_mod
from checker.draw import record as draw_mod
from checker.draw.pool import Expert, build_pool
from checker.draw.recusal import exclusion_inputs
from tests.helpers import ROOT

AWKWARD_FLOATS = [5.96e-8, 9.57e-05, 0.0000957, 1e-5, 1e-4, 0.0001, 1e15, 1e16, 1e17, 1e22, 1e23, -0.0, 0.0, 1.0,
                  0.1, 1 / 3, 123456789012345680.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                  float("nan"), float("inf"), float("-inf"), 2.5, 100.0, 12345.678]
BIG_INTS = [2**63 - 1, 2**63, 2**64 - 1, 2**64, -2**63, -2**63 - 1, 10**30, -10**30, 0, -1]
AWKWARD_TEXT = ["", "中文", "é", "😀", "\x00", "\x1f", "\x7f", "\u2028\u2029", '"\\/', "\b\f\n\r\t", "\ufeff",
                "a\u0301", "\U0010ffff", "</script>", "E000123", "1.5e-08"]


class Colour(enum.IntEnum):
    RED = 1


class Real(float):
    pass


class Text(str):
    pass


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(BIG_INTS),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(AWKWARD_FLOATS),
    st.text(), st.sampled_from(AWKWARD_TEXT),
)
keys = st.one_of(st.text(max_size=8), st.sampled_from(AWKWARD_TEXT))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(keys, inner, max_size=6),
                            st.lists(inner, max_size=4).map(tuple)),
    max_leaves=40)
# documents that hold no float: orjson's path (the others mostly take the standard library's)
plain_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(BIG_INTS), st.text(),
                          st.sampled_from(AWKWARD_TEXT))
plain_documents = st.recursive(
    plain_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=60)


def outcome(function, data):
    """The bytes, or the exception's type (both writers must fail alike)."""
    try:
        return function(data)
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        return type(error)


def old_indented(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def old_canonical(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def assert_same(data) -> None:
    assert outcome(jsontext.indented, data) == outcome(old_indented, data)
    assert outcome(jsontext.canonical, data) == outcome(old_canonical, data)
    assert outcome(ledger_mod.canonical_json, data) == outcome(old_canonical, data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents_with_floats_big_ints_and_any_text(data):
    assert_same(data)
    assert_same({"record": data, "list": [data, data]})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_documents)
def test_generated_documents_without_floats(data):
    assert_same(data)


@pytest.mark.parametrize("value", [
    *AWKWARD_FLOATS, *BIG_INTS, *AWKWARD_TEXT,
    Colour.RED, Real(5.96e-8), Real(1.5), Text("文本"), OrderedDict([("b", 1), ("a", 2)]),
    {1: "int key"}, {1.5: "float key"}, {True: "bool key"}, {None: "none key"}, {"b": 1, 2: "mixed keys"},
    "\ud800 lone surrogate", {"\ud800": 1}, (1, "tuple"), {"nested": ({"x": [5.96e-8]},)},
    {"é": 1, "e": 2, "😀": 3, "\uffff": 4, "Z": 5, "a": 6},  # key order: code points
    object(), {1, 2}, b"bytes", Path("x"),
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
])
def test_awkward_values(value):
    assert_same(value)
    assert_same({"k": value, "eligible": ["E1", value]})


def test_deep_nesting_and_cycles_fail_alike():
    deep: list = []
    for _ in range(400):  # past orjson's limit: the standard library decides
        deep = [deep]
    assert_same(deep)
    cycle: dict = {}
    cycle["self"] = cycle
    assert outcome(jsontext.indented, cycle) is ValueError  # "Circular reference detected", as before
    assert outcome(jsontext.canonical, cycle) is ValueError


def test_a_float_anywhere_takes_the_standard_library():
    record = {"candidates": [{"expert_id": f"E{n}", "unit": "单位", "staff": False} for n in range(50)]}
    assert jsontext.orjson_safe(record)
    record["candidates"][37]["score"] = 5.96e-8
    assert not jsontext.orjson_safe(record)
    assert jsontext.indented(record) == old_indented(record)
    assert b"5.96e-08" in jsontext.indented(record)


def _draw_record(count: int) -> dict:
    fields = ["新材料", "智能制造", "电子信息", "节能环保"]
    experts = [Expert(f"E{index:06d}", f"专家{index}", f"单位{index % 500}",
                      tuple(sorted({fields[index % 4], fields[(index // 4) % 4]})),
                      "在库" if index % 10 else "暂停", staff=index % 97 == 0, row=index + 2)
               for index in range(count)]
    inputs = exclusion_inputs(
        [{"applicant_id": f"A{n}", "name": f"单位{n * 37}", "uscc": ""} for n in range(20)],
        [{"expert_id": f"E{n * 13:06d}", "applicant": "甲", "reason": "亲属（「引号」\"quote\"）"} for n in range(30)],
        [f"E{n * 101:06d}" for n in range(10)])
    prepared = draw_mod.prepare(build_pool(experts), "2025-XCL-01", ["新材料"], draw_mod.Policy(7, 3), inputs)
    seed = draw_mod.public_seed([[3, 9, 14, 22, 27, 31, 8], [2, 11, 19, 28, 33, 5, 9]], ["双色球", "大乐透"])
    record = draw_mod.build_record(prepared, seed, "政工科", "2025-06-06T10:00:00+08:00")
    record["ledger"] = {"file": "draws.db", "draw_entry": {"entry": 1, "hash": "a" * 64, "at": "x"},
                        "head": {"seq": 1, "hash": "a" * 64}}
    return record


def test_a_real_draw_record_and_its_ledger_entry():
    record = _draw_record(5000)
    assert jsontext.orjson_safe(record)
    assert_same(record)
    entry = draw_mod.draw_entry(record, "draw")
    assert_same(entry)
    assert ledger_mod.sha256_json(draw_mod.draw_core(record)) == record["draw_sha256"]


def test_the_sample_records_and_ledgers_read_back():
    paths = sorted((ROOT / "samples").rglob("*.json"))
    records = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    assert any(isinstance(r, dict) and r.get("record_version") for r in records)
    for data in records:
        assert_same(data)
    for path in sorted((ROOT / "samples").rglob("*.db")):
        connection = ledger_mod.open_existing(path)
        try:
            for entry in ledger_mod.entries(connection):
                if entry.data:  # a stored entry is its canonical JSON: made again, the same bytes
                    assert jsontext.canonical(entry.data).decode("utf-8") == entry.entry_json
        finally:
            connection.close()


def test_the_record_file_is_written_as_write_text_wrote_it(tmp_path):
    from checker.draw.service import Outputs

    record = _draw_record(500)
    record["extra"] = [5.96e-08, 9.57e-05, float("nan")]  # a record read back from disk may hold floats
    for data in (record, {k: v for k, v in record.items() if k != "extra"}):
        outputs = Outputs()
        outputs.json(tmp_path / "draw.json", data)
        outputs.publish()
        expected = tmp_path / "old.json"
        expected.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        assert (tmp_path / "draw.json").read_bytes() == expected.read_bytes()
        assert os.linesep == "\n" or b"\r\n" in expected.read_bytes()
