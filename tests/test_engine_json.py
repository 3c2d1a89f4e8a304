"""The facts handed to durable-rules are written by orjson where it writes them exactly as the json
module durable itself calls would (checker/core/engine.py _fact_json), and by durable otherwise."""

from __future__ import annotations

import json

import pytest

engine = pytest.importorskip("checker.core.engine")
if not engine.AVAILABLE:
    pytest.skip("durable-rules is not installed here", allow_module_level=True)


@pytest.mark.parametrize("message", [
    {"sid": "1", "address_region": "weihai", "uscc_batch_count": 2, "legal_person": True, "window_start": None},
    {"sid": "2", "text": "威海“引号”\u001f\\/", "fen": 2**63 - 1, "negative": -2**63},
])
def test_plain_facts_are_the_json_durable_would_parse(message):
    text = engine._fact_json(message)
    assert text is not None and json.loads(text) == message


@pytest.mark.parametrize("message", [
    {"sid": "1", "ratio": 1e16},  # json writes 1e+16, orjson 1e16: left to durable's own writer
    {"sid": "1", "fen": 2**64},  # beyond 64 bits: orjson refuses
    {"sid": "1", "text": "\ud800"},  # a lone surrogate
    {"sid": "1", "items": [1, 2]},
])
def test_anything_else_goes_durables_own_way(message):
    assert engine._fact_json(message) is None
