"""Typed facts: what the rules see of an application (and of the batch and round it came in).

This is the engine boundary. Every fact is an ``int`` or a word from a small closed set, declared
in the vocabulary (``rules/fields.yaml`` for facts a column gives by its kind, ``rules/facts/
application.yaml`` for the facts judged in Python); the rulebook loader refuses conditions on
undeclared facts, with the wrong type or with a word outside the set. The fact functions, by topic:

- ``applicant``: a column's facts by its kind; address, USCC, 核准/备案, window, credit, debarment;
- ``round``: the round's lists (重点领域, 后备库, 认定名单, 弄虚作假), district review steps, route;
- ``w04``: W-04 duty-free import confirmation (内资/外资, catalogue entries, 限额, portal);
- ``ledger``: a handling ledger row (受理台账, N-01…N-10, W-04): notices, acceptance, on-site checks, 公示/公告;
- ``checker.check.conditions.facts``: a round's own conditions (--conditions), one engine slot each.
"""

from __future__ import annotations

from collections import Counter

from checker.check.conditions.facts import condition_facts
from checker.check.context import ApplicationCase, BatchContext, Window
from checker.check.facts.applicant import column_facts, judged_facts
from checker.check.facts.monitor import monitor_facts
from checker.check.facts.round import route_facts, round_facts
from checker.check.facts.ledger import ledger_facts
from checker.check.facts.w04 import w04_facts
from checker.core.text import name_key
from checker.core.values import normalise_uscc, validate_uscc

APPLICATION_FACT_FUNCTIONS = [column_facts, judged_facts, route_facts, round_facts, w04_facts, monitor_facts, ledger_facts, condition_facts]

__all__ = ["APPLICATION_FACT_FUNCTIONS", "ApplicationCase", "BatchContext", "Window", "count_usccs"]


def count_names(raw_values) -> Counter:
    """Company name (name_key) → applications in the batch, for names met more than once: the
    applications whose USCC is missing or invalid are compared by name (a row pasted twice)."""
    counts = Counter(key for key in map(name_key, raw_values) if key)
    return Counter({name: count for name, count in counts.items() if count > 1})


def applicant_rows(seen) -> tuple[dict, dict]:
    """From (sheet, row, label, raw name, raw USCC) of every application: name key → (the rows of
    that name (sheet, row, label, the valid code or ""), those of them without a valid code), and
    code → the rows of that code, for
    names and codes met more than once, so each of two rows of one enterprise can name the other."""
    return batch_applicants(seen)[2:]


def batch_applicants(seen) -> tuple[Counter, Counter, dict, dict]:
    """What the batch's rows say of its enterprises, from (sheet, row, label, raw name, raw USCC) of
    every application with a name or USCC column: the USCC counts (as :func:`count_usccs`), the name
    counts (as :func:`count_names`) and :func:`applicant_rows`' two maps, each name and code
    normalised once (at 100,000 rows, twice was 0.3 s before the workers could start)."""
    keys = [name_key(name) for _, _, _, name, _ in seen]
    codes = [normalise_uscc(code) if code not in (None, "") else None for _, _, _, _, code in seen]
    names = Counter(keys)
    code_counts = Counter(codes)
    code_counts.pop(None, None)
    shared_names = {key for key, count in names.items() if count > 1 and key}
    shared_codes = {code for code, count in code_counts.items() if count > 1}
    by_name: dict[str, list] = {}
    by_code: dict[str, list] = {}
    # only the rows of a name or code met twice are looked at again (at 100,000 rows, nearly none)
    shared = [at for at, (key, normal) in enumerate(zip(keys, codes)) if key in shared_names or normal in shared_codes] \
        if shared_names or shared_codes else []
    for at in shared:
        sheet, row, label, _, code = seen[at]
        key, normal = keys[at], codes[at]
        named = key in shared_names
        coded = normal in shared_codes
        valid = _valid_code(code)
        if named:
            by_name.setdefault(key, []).append((sheet, row, label, valid))
        if coded and valid:
            by_code.setdefault(valid, []).append((sheet, row, label))
    # each name: every row of it, and those of its rows without a valid code
    return (Counter({code: count for code, count in code_counts.items() if count > 1}),
            Counter({name: count for name, count in names.items() if name and count > 1}),
            {k: (tuple(v), tuple(e for e in v if not e[3])) for k, v in by_name.items()},
            {k: tuple(v) for k, v in by_code.items() if len(v) > 1})


def _valid_code(raw) -> str:
    if raw in (None, ""):
        return ""
    try:
        return validate_uscc(normalise_uscc(raw))
    except Exception:  # Unreadable: a code that cannot be checked names no enterprise
        return ""


def count_usccs(raw_values) -> Counter:
    """USCC → number of applications in the batch (normalised like validation does), for the
    codes that occur more than once: a code not listed occurs once (the default of its reader), and
    100,000 distinct codes need not be held while the batch is checked."""
    counts = Counter(normalise_uscc(v) for v in raw_values if v not in (None, ""))
    return Counter({code: count for code, count in counts.items() if count > 1})
