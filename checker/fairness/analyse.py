"""From draws to findings: per expert, per pair, per expert and applicant, per redraw.

Pure functions of :class:`~checker.fairness.model.Draw` lists; the exact statistics are in
:mod:`checker.fairness.stats`. Only *testable* draws enter the tests: counted (a redraw replaces
the earlier draw of the same round and field) and with an eligible list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from typing import Iterable, Sequence

from checker.fairness import stats
from checker.fairness.collect import is_redraw
from checker.core.text import round_key, same_round
from checker.fairness.model import Draw, extends_key, round_names

PAIR_ROWS_SHOWN = 50  # pairs listed besides the flagged ones: the lowest p-values


def _tests(groups: dict, observed: Counter, level: Fraction, skip_below: int = 1,
           family: Iterable = ()) -> dict:
    """Exact upper-tail p-value per key, Holm-adjusted over every key in ``groups`` and ``family``.

    Keys observed fewer than ``skip_below`` times get p = 1 without computing, and so do keys of
    ``family`` that are not in ``groups``: they cannot be flagged but count in the family size.
    """
    pvalues = {key: (stats.upper_tail(groups[key], observed[key]) if observed[key] >= skip_below
                     else Fraction(1)) for key in groups}
    adjusted = stats.holm({key: Fraction(1) for key in family} | pvalues)
    return {key: {"observed": observed[key], "expected": stats.expected(groups[key]),
                  "eligible_draws": sum(groups[key].values()), "p": pvalues[key],
                  "p_adjusted": adjusted[key], "flagged": adjusted[key] <= level}
            for key in groups}


def expert_tests(draws: Sequence[Draw], level: Fraction = stats.DEFAULT_LEVEL,
                 untested: Iterable[str] = ()) -> list[dict]:
    """One row per expert eligible in at least one testable draw, sorted by expert id."""
    skip = set(untested)
    groups: dict[str, Counter] = defaultdict(Counter)
    observed: Counter = Counter()
    drawn_in: dict[str, list[str]] = defaultdict(list)
    for draw in draws:
        if not draw.testable:
            continue
        p = stats.inclusion(len(draw.panel), len(draw.eligible))
        for expert in draw.eligible:
            if expert not in skip:
                groups[expert][p] += 1
        for expert in draw.panel:
            if expert not in skip:
                observed[expert] += 1
                drawn_in[expert].append(draw.id)
    results = _tests(groups, observed, level)
    return [dict(results[expert], expert_id=expert, drawn_in=drawn_in[expert])
            for expert in sorted(results)]


def smallest_adjusted_p(draws: Sequence[Draw], untested: Iterable[str] = ()) -> tuple[Fraction, int] | None:
    """The smallest Holm-adjusted p-value any expert could get (drawn every time eligible) and that
    expert's eligible draws; None when no expert is tested. Above the level, no expert can be
    flagged whatever the counts: the draws are too few for the test to say anything."""
    skip = set(untested)
    best: dict[str, Fraction] = {}
    trials: Counter = Counter()
    for draw in draws:
        if not draw.testable:
            continue
        p = Fraction(len(draw.panel), len(draw.eligible))
        for expert in draw.eligible:
            if expert not in skip:
                best[expert] = best.get(expert, Fraction(1)) * min(p, Fraction(1))
                trials[expert] += 1
    if not best:
        return None
    expert = min(best, key=lambda key: (best[key], key))
    return min(Fraction(1), best[expert] * len(best)), trials[expert]


def pair_tests(draws: Sequence[Draw], level: Fraction = stats.DEFAULT_LEVEL,
               untested: Iterable[str] = ()) -> tuple[int, list[dict]]:
    """(pairs tested, rows): do two experts sit together more often than their own draws explain?

    Conditional test, both ways: among the draws where A was on the panel and B eligible, B is on
    the panel with probability (k-1)/(n-1) each (RFC 3797 fills the other k-1 seats uniformly from
    the other n-1); the same with A and B swapped. The pair's p-value is the larger of the two
    exact tails, so a pair is flagged only when each expert's presence is unexplained by the
    other's count. An unconditional test (both drawn: k(k-1)/(n(n-1))) would flag every companion
    of an individually favoured expert; its expectation is still reported (expected_unconditional).
    Family: every pair eligible together in some testable draw. Only pairs drawn together twice or
    more, and more often than both conditional expectations, are computed; the others keep p = 1
    (they cannot be flagged; a larger p-value is conservative) and are not listed.
    """
    skip = set(untested)
    # eligible[e][(k, n)] / drawn[e][(k, n)]: bit d set when e was eligible / drawn in testable
    # draw d of panel size k and list size n. AND-ing masks counts draws with both conditions.
    eligible: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    drawn: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    observed: Counter = Counter()
    together: dict[tuple, list[str]] = defaultdict(list)
    for index, draw in enumerate(draw for draw in draws if draw.testable):
        size = (len(draw.panel), len(draw.eligible))
        for expert in draw.eligible:
            if expert not in skip:
                eligible[expert][size] |= 1 << index
        for expert in draw.panel:
            if expert not in skip:
                drawn[expert][size] |= 1 << index
        for pair in combinations(sorted(e for e in draw.panel if e not in skip), 2):
            observed[pair] += 1
            together[pair].append(draw.id)
    union = {expert: _union(by_size) for expert, by_size in eligible.items()}
    tested = [pair for pair in combinations(sorted(eligible), 2) if union[pair[0]] & union[pair[1]]]
    rows = []
    pvalues = {}
    for pair in tested:
        if observed[pair] < 2:
            continue
        ways = [_conditional_groups(drawn[a], eligible[b]) for a, b in (pair, pair[::-1])]
        if any(observed[pair] <= _float_mean(groups) for groups in ways):
            continue  # no more often than one side's draws explain: p >= about 1/2, cannot be flagged
        p, expected = max((stats.upper_tail(groups, observed[pair]), stats.expected(groups)) for groups in ways)
        pvalues[pair] = p
        rows.append({"experts": list(pair), "observed": observed[pair], "expected": expected, "p": p,
                     "expected_unconditional": round(float(_unconditional(eligible[pair[0]], eligible[pair[1]])), 4),
                     "drawn_together_in": together[pair]})
    adjusted = stats.holm({pair: Fraction(1) for pair in tested} | pvalues)
    for row in rows:
        row["p_adjusted"] = adjusted[tuple(row["experts"])]
        row["flagged"] = row["p_adjusted"] <= level
    rows.sort(key=lambda row: (not row["flagged"], row["p"], row["experts"]))
    flagged = [row for row in rows if row["flagged"]]
    return len(tested), flagged + [row for row in rows if not row["flagged"]][:PAIR_ROWS_SHOWN]


def _conditional_groups(first_drawn: dict, second_eligible: dict) -> Counter:
    """Trials for "second on the panel" over the draws where first was drawn, by probability."""
    groups = Counter()
    for (k, n), mask in first_drawn.items():
        trials = (mask & second_eligible.get((k, n), 0)).bit_count()
        if trials and n > 1:
            groups[stats.ratio(k - 1, n - 1)] += trials
    return groups


def _float_mean(groups: Counter) -> float:
    return sum(a / b * m for (a, b), m in groups.items())


def _unconditional(first_eligible: dict, second_eligible: dict) -> Fraction:
    return sum((Fraction(k * (k - 1), n * (n - 1)) * (mask & second_eligible.get((k, n), 0)).bit_count()
                for (k, n), mask in first_eligible.items() if n > 1), Fraction(0))


def _union(by_p: dict) -> int:
    total = 0
    for mask in by_p.values():
        total |= mask
    return total


def recurrence_tests(draws: Sequence[Draw], level: Fraction = stats.DEFAULT_LEVEL,
                     untested: Iterable[str] = ()) -> tuple[int, list[dict]]:
    """The same expert on panels reviewing the same applicant (USCC) in different draws.

    Tested: each (expert, applicant) for which the expert was eligible in at least two draws that
    reviewed the applicant; p = P(on at least as many of those panels as observed), p = 1 below
    two. Rows: every combination observed twice or more.
    """
    skip = set(untested)
    groups: dict[tuple, Counter] = defaultdict(Counter)
    observed: Counter = Counter()
    where: dict[tuple, list[str]] = defaultdict(list)
    for draw in draws:
        if not draw.testable or not draw.applicants:
            continue
        p = stats.inclusion(len(draw.panel), len(draw.eligible))
        panel = set(draw.panel)
        for applicant in sorted(set(draw.applicants)):
            for expert in draw.eligible:
                if expert in skip:
                    continue
                groups[(expert, applicant)][p] += 1
                if expert in panel:
                    observed[(expert, applicant)] += 1
                    where[(expert, applicant)].append(draw.id)
    groups = {key: value for key, value in groups.items() if sum(value.values()) >= 2}
    results = _tests(groups, observed, level, skip_below=2)
    round_of = {}
    names = round_names(draws)  # R-9 and r-9 are one round, as the ledger compares them (h153)
    for draw in draws:  # the first draw of an id, as a scan of the list finds it (one scan, not one per row)
        round_of.setdefault(draw.id, names[round_key(draw.round_id)])
    rows = [dict(row, expert_id=key[0], applicant_uscc=key[1], draws=where[key],
                 rounds=sorted({round_of[draw_id] for draw_id in where[key]}))
            for key, row in results.items() if row["observed"] >= 2]
    rows.sort(key=lambda row: (not row["flagged"], row["p"], row["expert_id"], row["applicant_uscc"]))
    return len(groups), rows


# ---------------------------------------------------------------- redraws and substitutions


def redraw_items(draws: Sequence[Draw]) -> list[dict]:
    """Each redraw against the draw it replaced: did the eligible list, the key, the panel change?

    A redraw that changed the panel while the eligible list stayed the same is flagged: nothing
    about who could be drawn changed, only the random numbers (a "re-roll"). Whether the list
    changed is read from ``eligible_sha256``; unknown when a side has none. So is a redraw after a
    change that left every member of the replaced panel eligible (one more recusal of an expert who
    was not drawn, say): nothing in the change required another panel, and changing the list
    trivially is the easy way to dress up a re-roll. A change that made a panel member ineligible
    (a conflict found late) is a reason to redraw, and is not flagged.
    """
    by_id = {draw.id: draw for draw in draws}
    # each round under the spelling the tables list it by (R-9 and r-9 are one round, round_id_spelling says so):
    # a re-roll flag named r-9 beside a limit listing the round as R-9 (h156)
    listed = round_names(draws)
    # a second draw of a round and field not marked as a redraw (an entry rewritten) is compared as one
    unmarked = {item["draw"] for item in unmarked_redraws(draws)}
    items = []
    for draw in draws:
        if not (_is_redraw(draw) or draw.id in unmarked) or not draw.refs:
            continue
        previous = [by_id[other] for other in _previous_ids(draws, draw)]
        if not previous:
            continue
        before = previous[-1]
        eligible_same = (None if not (draw.eligible_sha256 and before.eligible_sha256)
                         else draw.eligible_sha256 == before.eligible_sha256)
        panel_changed = set(draw.panel) != set(before.panel)
        # every member of the replaced panel still eligible (None: a side's list is unknown)
        kept = (None if draw.eligible is None or before.eligible is None
                else set(before.panel) <= set(draw.eligible))
        items.append({
            "draw": draw.id, "replaces": before.id, "round_id": listed.get(round_key(draw.round_id), draw.round_id),
            "fields": list(draw.fields),
            "operator": draw.operator, "at": draw.at, "reason": draw.redraw_reason,
            "eligible_unchanged": eligible_same,
            "key_changed": (draw.seed_key_sha256 != before.seed_key_sha256
                            if draw.seed_key_sha256 and before.seed_key_sha256 else None),
            "previous_panel_still_eligible": kept,
            "panel_changed": panel_changed,
            "out": sorted(set(before.panel) - set(draw.panel)), "in": sorted(set(draw.panel) - set(before.panel)),
            "flagged": bool(panel_changed and (eligible_same is True or kept is True)),
            "refs": before.refs + draw.refs,
        })
    return items


_is_redraw = is_redraw


def unmarked_redraws(draws: Sequence[Draw]) -> list[dict]:
    """Ledger draws after a draw of the same round (round_key) and the same fields in the same ledger
    that are no redraw (no reason): draw new and draw commit refuse such a draw, so the entry was
    written otherwise. A redraw rewritten as a first draw (a fresh chain) hid its re-roll: the earlier
    draw was quietly replaced and no redraw was compared (h153)."""
    groups: dict[tuple, list[Draw]] = defaultdict(list)
    for draw in draws:
        if draw.source == "ledger":
            groups[(draw.ledger, round_key(draw.round_id), frozenset(draw.fields))].append(draw)
    items = []
    for group in groups.values():
        group.sort(key=_order)
        for before, draw in zip(group, group[1:]):
            if not _is_redraw(draw):
                items.append({"draw": draw.id, "replaces": before.id, "kind": draw.kind, "round_id": draw.round_id,
                              "fields": list(draw.fields), "ledger": draw.ledger, "seq": draw.seq, "previous_seq": before.seq,
                              "previous_kind": before.kind, "refs": before.refs + draw.refs})
    return items


def _previous_ids(draws: Sequence[Draw], draw: Draw) -> list[str]:
    """Earlier draws of the same ledger (or source) and round whose fields overlap the redraw's
    (the ledger's one draw per round and field), in order."""
    same = [other for other in draws if same_round(other.round_id, draw.round_id)
            and not set(other.fields).isdisjoint(draw.fields)
            and other.source == draw.source and other.ledger == draw.ledger and other.id != draw.id]
    return [other.id for other in same if _order(other) < _order(draw)]


def _order(draw: Draw) -> tuple:
    return (draw.seq, draw.at, draw.id)


def unrecorded_redraws(draws: Sequence[Draw]) -> list[dict]:
    """Counted draws of one round and field(s) kept in different ledgers (or records matching no
    ledger given): one draw per round and field, so one of them is a redraw the ledger never saw
    (a second ledger file started to draw again and keep the panel wanted). Paper draws apart."""
    items = []
    kept = [draw for draw in draws if draw.counted and draw.source != "paper"]
    # only draws of one round (round_key) can pair: grouped once, so a year of draws is not n² comparisons
    later: dict[str, list[int]] = defaultdict(list)
    for index, draw in enumerate(kept):
        later[round_key(draw.round_id)].append(index)
    for index, left in enumerate(kept):
        for right in (kept[other] for other in later[round_key(left.round_id)] if other > index):
            if (not set(left.fields).isdisjoint(right.fields)
                    and (left.source, left.ledger) != (right.source, right.ledger)):
                items.append({"round_id": left.round_id, "fields": sorted(set(left.fields) | set(right.fields)),
                              "draws": [left.id, right.id], "refs": left.refs + right.refs})
    return items


def renamed_rounds(draws: Sequence[Draw]) -> list[dict]:
    """Counted draws of two round ids that look like one round renamed (R9, then R9补): fields
    overlapping and either the same applicants (by USCC, both known) or one id the other with
    something added (not R1 and R10) and the same eligible list. The ledger's one draw per round
    and field is keyed on the round id, so a redraw under a new id needs no reason and counts as a
    first draw; the office establishes which panel reviewed and why."""
    items = []
    kept = sorted((draw for draw in draws if draw.counted), key=lambda draw: (draw.at, draw.seq, draw.id))
    keys = [round_key(draw.round_id) for draw in kept]
    # a pair can only be reported with the same applicants or the same eligible list: the pairs within
    # those groups, in the order every pair was once compared in (a year of draws is not n² comparisons)
    alike: dict[tuple, list[int]] = defaultdict(list)
    for index, draw in enumerate(kept):
        if draw.applicants:
            alike[("applicants", frozenset(draw.applicants))].append(index)
        if draw.eligible_sha256:
            alike[("eligible", draw.eligible_sha256)].append(index)
    pairs = sorted({(first, second) for members in alike.values()
                    for position, first in enumerate(members) for second in members[position + 1:]})
    for first, second in pairs:
        left, right = kept[first], kept[second]
        if keys[first] == keys[second] or set(left.fields).isdisjoint(right.fields):
            continue
        same_applicants = bool(left.applicants) and set(left.applicants) == set(right.applicants or ())
        same_list = bool(left.eligible_sha256) and left.eligible_sha256 == right.eligible_sha256
        extended = extends_key(keys[first], keys[second])
        if not (same_applicants or (extended and same_list)):
            continue
        items.append({"rounds": [left.round_id, right.round_id], "fields": sorted(set(left.fields) | set(right.fields)),
                      "draws": [left.id, right.id], "same_applicants": same_applicants,
                      "applicants": len(set(left.applicants)) if same_applicants else 0,
                      "same_eligible": same_list, "extended_id": extended,
                      "panel_changed": set(left.panel) != set(right.panel), "refs": left.refs + right.refs})
    return items


# Review thresholds (the seeds say nothing on how many recusals or substitutions are too many):
# parameters, reported in fairness.json, for the office to change by owner decision.
EXCLUSION_SHARE = Fraction(1, 4)  # excluded / in-field 在库 candidates at or above this ...
EXCLUSION_MIN = 3  # ... and at least this many excluded: a mass exclusion to review
SUBSTITUTIONS_MIN = 2  # substitutions in one draw at or above this: a run of declines to review
SUBSTITUTE_ENTRIES_MIN = 3  # counted draws an expert came into as a substitute at or above this: to review


def mass_exclusions(draws: Sequence[Draw]) -> list[dict]:
    """Draws whose recusals took out a large share of the candidates: each recusal may be sound,
    but many of them (declared conflicts above all: the office decides those) narrow the list to
    the few left, which a random draw then only seems to choose from."""
    items = []
    for draw in draws:
        if draw.excluded is None or draw.eligible is None:
            continue
        candidates = len(draw.eligible) + len(draw.excluded)
        if len(draw.excluded) < EXCLUSION_MIN or Fraction(len(draw.excluded), candidates) < EXCLUSION_SHARE:
            continue
        by_rule = Counter(rule for rules in draw.excluded.values() for rule in rules)
        items.append({"draw": draw.id, "round_id": draw.round_id, "fields": list(draw.fields), "operator": draw.operator,
                      "candidates": candidates, "excluded": sorted(draw.excluded), "eligible": len(draw.eligible),
                      "by_rule": dict(sorted(by_rule.items())), "refs": list(draw.refs)})
    return items


def substitution_runs(draws: Sequence[Draw]) -> list[dict]:
    """Draws with several substitutions: who comes in depends on who declines, so declines claimed
    one after another until a wanted alternate comes in choose the panel; the declines need their
    written record."""
    return [{"draw": draw.id, "round_id": draw.round_id, "operator": draw.operator,
             "alternates": len(draw.alternates), "steps": [[item.get("replaced"), item.get("by")] for item in draw.substitutions],
             "reasons": [item.get("reason") for item in draw.substitutions],
             "refs": list(draw.refs) + [item["ref"] for item in draw.substitutions if item.get("ref") and item["ref"] not in draw.refs]}
            for draw in draws if len(draw.substitutions) >= SUBSTITUTIONS_MIN]


def frequent_substitutes(draws: Sequence[Draw]) -> list[dict]:
    """Experts who came onto counted panels as substitutes again and again. The per-expert test
    counts panels as drawn, so a favourite brought in each time by a claimed decline is not in it."""
    came: dict[str, list[Draw]] = defaultdict(list)
    for draw in draws:
        if draw.counted:
            for by in dict.fromkeys(item.get("by") for item in draw.substitutions if item.get("by")):
                came[str(by)].append(draw)
    names = round_names(draws)  # one round under one spelling (h153)
    return [{"expert_id": expert, "draws": [draw.id for draw in found],
             "rounds": list(dict.fromkeys(names[round_key(draw.round_id)] for draw in found)),
             "operators": sorted({draw.operator for draw in found}),
             "refs": [ref for draw in found for ref in draw.refs]
             + [item["ref"] for draw in found for item in draw.substitutions if item.get("by") == expert and item.get("ref")]}
            for expert, found in sorted(came.items()) if len(found) >= SUBSTITUTE_ENTRIES_MIN]


# One 工作单位 on a panel (h153). The seeds ask a random draw ("通过市工信局项目专家库随机抽取7名专家") and
# say nothing of how many experts of one unit may sit together; a panel is reviewed when more than this
# share of it comes from one unit AND a uniform draw from its eligible list gives that (or more) with at
# most UNIT_CHANCE: a big unit in the pool (a university with ten experts) explains a panel of four of
# its experts; a unit of five in a list of thirty does not. Per draw, no multiple-test correction (a
# review item, for the office to establish): over a hundred fair draws about one may reach it by chance.
UNIT_PANEL_SHARE = Fraction(1, 2)  # more than this share of the panel as drawn from one unit ...
UNIT_CHANCE = Fraction(1, 100)  # ... with at most this chance under a uniform draw: to review


def unit_groups(eligible: Sequence[str], units: dict) -> dict[str, list[str]]:
    """Eligible experts by 工作单位: one unit when the USCCs agree or the names do as same_employer
    recusal compares them (employer_key: 威海甲（集团）有限公司 is 威海甲集团有限公司); an expert whose unit
    is unknown is a unit alone (nothing says two such experts share one). Keyed by the first member."""
    from checker.draw.pool import normalise_uscc

    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for expert in eligible:
        unit, uscc = units.get(expert) or ("", "")
        keys = [f"e:{expert}"]
        try:
            keys += [f"u:{normalise_uscc(uscc)}"] if uscc else []
        except (ValueError, TypeError):  # a code stdnum cannot compact (a hand-edited record): compared as written
            keys += [f"u:{uscc}"]
        name = _employer_key(unit) if unit else ""
        keys += [f"n:{name}"] if name else []
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
    groups: dict[str, list[str]] = {}
    for expert in eligible:
        groups.setdefault(root(f"e:{expert}"), []).append(expert)
    return {members[0]: members for members in groups.values()}


@lru_cache(maxsize=65536)
def _employer_key(unit: str) -> str:
    """employer_key once per unit name (a year of draws names the same few hundred units again and again)."""
    from checker.draw.recusal import employer_key

    return employer_key(unit)


def chance_of_unit_run(sizes: Sequence[int], panel: int, run: int) -> Fraction:
    """P(some unit has ``run`` or more of a panel of ``panel`` drawn uniformly without replacement from
    units of ``sizes``), exact: 1 − (ways in which every unit has fewer) / C(n, panel), the ways counted
    as the coefficient of x^panel in Π_u Σ_{j<run} C(size_u, j) x^j."""
    from math import comb

    ways = [1] + [0] * panel
    for size in sizes:
        terms = [comb(size, j) for j in range(min(size, run - 1) + 1)]
        ways = [sum(ways[total - j] * terms[j] for j in range(len(terms)) if j <= total) for total in range(panel + 1)]
    return 1 - Fraction(ways[panel], comb(sum(sizes), panel))


def unit_concentrations(draws: Sequence[Draw]) -> list[dict]:
    """Counted draws whose panel (as drawn) has more than UNIT_PANEL_SHARE of its seats from one unit,
    when a uniform draw from the eligible list gives that with at most UNIT_CHANCE."""
    items = []
    for draw in draws:
        if not draw.testable or not draw.units or not draw.panel:
            continue
        # the panel's own units first (seven names): the eligible list (thousands, in a big pool) is grouped
        # only for a panel that may be one unit's (two experts linked only through a third not drawn aside)
        if max(len(members) for members in unit_groups(draw.panel, draw.units).values()) <= len(draw.panel) * UNIT_PANEL_SHARE:
            continue
        groups = unit_groups(draw.eligible, draw.units)
        where = {expert: key for key, members in groups.items() for expert in members}
        on_panel = Counter(where[expert] for expert in draw.panel if expert in where)
        if not on_panel:
            continue
        key, run = max(on_panel.items(), key=lambda item: (item[1], -list(groups).index(item[0])))
        k = len(draw.panel)
        if Fraction(run, k) <= UNIT_PANEL_SHARE:
            continue
        chance = chance_of_unit_run([len(members) for members in groups.values()], k, run)
        if chance > UNIT_CHANCE:
            continue
        size = len(groups[key])
        unit, uscc = draw.units.get(groups[key][0]) or ("", "")
        items.append({"draw": draw.id, "round_id": draw.round_id, "fields": list(draw.fields), "operator": draw.operator,
                      "unit": unit, "unit_uscc": uscc, "panel_size": k, "from_unit": run,
                      "experts": [expert for expert in draw.panel if where.get(expert) == key],
                      "unit_eligible": size, "eligible": len(draw.eligible),
                      "expected": Fraction(k * size, len(draw.eligible)), "chance": chance,
                      "units_basis": draw.units_basis, "refs": list(draw.refs)})
    return items


def activity(draws: Sequence[Draw], redraws: Sequence[dict], attribute: str) -> list[dict]:
    """Draws, redraws, re-rolls and substitutions per operator (or per round)."""
    table: dict[str, Counter] = defaultdict(Counter)
    # rounds as the ledger tells them apart (round_key): R-9, r-9 and Ｒ－９ were three rows, the
    # redraw under one and the draw it replaced under another (h153); listed under the first spelling
    names = round_names(draws) if attribute == "round_id" else {}

    def named(value: str) -> str:
        return names.get(round_key(value), value) if names and isinstance(value, str) else value

    flagged_by = Counter(named(_name_of(item, attribute)) for item in redraws if item["flagged"])
    changed_by = Counter(named(_name_of(item, attribute)) for item in redraws if item["panel_changed"])
    for draw in draws:
        name = named(getattr(draw, attribute)) or "（未记录）"
        row = table[name]
        row["draws"] += 1
        row["redraws"] += _is_redraw(draw)
        row["substitutions"] += len(draw.substitutions)
    key = "operator" if attribute == "operator" else "round_id"
    return [{key: name, "draws": row["draws"], "redraws": row["redraws"],
             "redraws_changing_panel": changed_by[name], "rerolls": flagged_by[name],
             "substitutions": row["substitutions"]} for name, row in sorted(table.items())]


def _name_of(item: dict, attribute: str) -> str:
    """The redraw item's operator or round, as :func:`activity` names rows."""
    return item.get(attribute) or "（未记录）"


def substitution_items(draws: Sequence[Draw]) -> list[dict]:
    """Every substitution, with the draw and operator it belongs to."""
    return [dict(item, draw=draw.id, round_id=draw.round_id, operator=draw.operator)
            for draw in draws for item in draw.substitutions]
