"""The one JSON writer of reports: UTF-8, one top-level key per line and one finding (or case) per
line, so reports are readable and diff well. orjson: about 15x faster than the standard library,
which matters at one file per case."""

from __future__ import annotations

from typing import Any

import orjson


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=str)


def json_bytes(document: dict) -> bytes:
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value and (isinstance(value[0], dict) or hasattr(value[0], "as_dict")):
            inner = b",\n    ".join(_dumps(item.as_dict() if hasattr(item, "as_dict") else item) for item in value)
            lines.append(b"  " + _dumps(key) + b": [\n    " + inner + b"\n  ]")
        else:
            lines.append(b"  " + _dumps(key) + b": " + _dumps(value))
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


def json_list_bytes(items: list) -> bytes:
    """A JSON list, one item per line."""
    if not items:
        return b"[]\n"
    return b"[\n  " + b",\n  ".join(_dumps(item) for item in items) + b"\n]\n"
