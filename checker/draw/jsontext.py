"""The bytes of the standard library's JSON, made by orjson when that gives the same bytes.

Draw records are written as ``json.dumps(record, ensure_ascii=False, indent=2) + "\\n"`` and
hashed (and ledger entries stored) as :func:`checker.draw.ledger.canonical_json`
(``json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))``). Those bytes are
part of the record of every draw: a ledger verified years later must hash the same way, and a
record written today must look like one written before. With ``indent`` the standard library
encodes in pure Python: the 4.9 MB record of a 100,000-expert pool took ~0.34 s, and the
canonical JSON of the record and its entry ~0.08 s more (issue 14 item 5).

orjson gives the same bytes for dicts with text keys, lists, tuples, text, integers, booleans and
None (escapes included: both escape only ``"``, ``\\`` and U+0000-U+001F, with the same short
forms). It does not for floats — 5.96e-08 is ``5.96e-8`` there, 9.57e-05 ``0.0000957``, NaN
``null`` — which a hypothesis test caught in an earlier attempt, nor for integers beyond 64 bits
(it refuses them), keys that are not text (the standard library turns them into text), subclasses
(an IntEnum, a float subclass: orjson writes their values its own way) or other objects
(dataclasses, datetimes: orjson writes them, the standard library refuses them). So the data is
first checked, a container at a time with C-speed ``map(type, ...)`` (a few ms for that record):
anything but exactly dict / list / tuple / str / int / bool / None, or non-text keys, and the
standard library writes it exactly as before. A draw made by this program holds no float, but a
record read back from disk (substitute, reveal) may hold anything JSON can.

tests/test_draw_jsontext.py compares both writers on generated data (awkward floats, big integers,
non-ASCII and control characters, nesting, subclasses) and on real records.
"""

from __future__ import annotations

import json
import os
from itertools import chain

import orjson

_SCALARS = frozenset({str, int, bool, type(None)})
_ALLOWED = _SCALARS | {dict, list, tuple}
_TEXT = frozenset({str})
_MAX_DEPTH = 200  # orjson refuses more than 254 levels; deeper (or a cycle): the standard library decides
_INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
_CANONICAL = orjson.OPT_SORT_KEYS


def orjson_safe(data: object) -> bool:
    """True when orjson's bytes for ``data`` are the standard library's (see the module's text)."""
    return _items_safe((data,), 0)


def _items_safe(items, depth: int) -> bool:
    """The items of one container (a list, or a dict's values): each checked by type with C-speed
    ``map(type, ...)``; a list of flat dicts (a record's candidates) is checked whole, without a
    Python call per dict."""
    types = set(map(type, items))
    if types <= _SCALARS:
        return True
    if not types <= _ALLOWED or depth >= _MAX_DEPTH:
        return False
    if dict in types:
        dicts = items if len(types) == 1 else [item for item in items if type(item) is dict]
        if not set(map(type, chain.from_iterable(dicts))) <= _TEXT:  # keys
            return False
        if not set(map(type, chain.from_iterable(map(dict.values, dicts)))) <= _SCALARS:
            if not all(_items_safe(item.values(), depth + 1) for item in dicts):
                return False
    if list in types or tuple in types:
        return all(_items_safe(item, depth + 1) for item in items if type(item) is list or type(item) is tuple)
    return True


def indented(data: object) -> bytes:
    """``(json.dumps(data, ensure_ascii=False, indent=2) + "\\n")`` as UTF-8, with the platform's
    line ends as ``Path.write_text`` writes them (the form of every draw record)."""
    text = None
    if orjson_safe(data):
        try:
            text = orjson.dumps(data, option=_INDENTED)
        except orjson.JSONEncodeError:  # integers beyond 64 bits, surrogates: as before
            text = None
    if text is None:
        text = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if os.linesep != "\n":  # write_text wrote "\r\n" on Windows; JSON text holds no raw newline
        text = text.replace(b"\n", os.linesep.encode("ascii"))
    return text


def canonical(data: object) -> bytes:
    """``json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` as UTF-8."""
    if orjson_safe(data):
        try:
            return orjson.dumps(data, option=_CANONICAL)
        except orjson.JSONEncodeError:
            pass
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
