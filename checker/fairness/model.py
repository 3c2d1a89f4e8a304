"""The one shape every source of draws is read into: ledger entries, draw records, paper rounds."""

from __future__ import annotations

from dataclasses import dataclass, field

# How a draw's eligible list was obtained; every basis but the first two is an approximation.
BASIS_RECORD = "record"  # the draw record's own eligible list (its hash checked)
BASIS_LEDGER = "ledger"  # the ledger entry's own eligible list (its hash checked)
BASIS_POOL_VERIFIED = "pool_verified"  # pool candidates minus the ledger's exclusions, hash equal
BASIS_POOL_APPROX = "pool_approx"  # as above but the hash differs: the pool changed since
BASIS_PAPER_POOL = "paper_pool"  # paper record: today's pool, 在库 in the field, no exclusions known
BASIS_NONE = "none"  # nothing to build it from: the draw is not tested
BASIS_REWRITTEN = "entry_inconsistent"  # a ledger entry whose panel its own seed and list do not re-derive: not tested
EXACT_BASES = (BASIS_RECORD, BASIS_LEDGER, BASIS_POOL_VERIFIED)

import re

from checker.core.text import round_key  # noqa: F401 - the one comparison of round ids (the ledger's too)

_ID_MARKS = re.compile(r"[-_./\\()\[\]#:、·]")  # after round_key (NFKC): （） － ＿ are ASCII


def extends_round(first: str, second: str) -> bool:
    """Whether two different round ids look like one round renamed: one is the other with something
    added (R9 → R9补, R9-2, R9(重抽)), or they differ only in marks (R-9, R9, R_9); a number carried
    on (R1 → R10) is another round."""
    return extends_key(round_key(first), round_key(second))


def extends_key(first: str, second: str) -> bool:
    """:func:`extends_round` on two ids already through round_key (a year of draws compares every
    pair: the keys are computed once per draw, not once per pair)."""
    keys = first, second
    if keys[0] == keys[1] or not all(keys):
        return False
    short, long = sorted(keys, key=len)
    if long.startswith(short) and not (short[-1].isdigit() and long[len(short)].isdigit()):
        return True
    return _ID_MARKS.sub("", keys[0]) == _ID_MARKS.sub("", keys[1])


def round_names(draws) -> dict[str, str]:
    """round_key -> the spelling a round is listed under: the first met in ``draws`` (in time order).
    The ledger takes R-9, r-9 and Ｒ－９ for one round (round_key: a second draw of the field asks a
    redraw reason); the tables counted each spelling as a round of its own (h153)."""
    names: dict[str, str] = {}
    for draw in draws:
        names.setdefault(round_key(draw.round_id), draw.round_id)
    return names


def round_spellings(draws) -> list[tuple[str, list[str], list[str]]]:
    """(name listed, other spellings, ids of the draws written so) for each round written two ways."""
    names = round_names(draws)
    found: dict[str, dict[str, list[str]]] = {}
    for draw in draws:
        key = round_key(draw.round_id)
        if draw.round_id != names[key]:
            found.setdefault(key, {}).setdefault(draw.round_id, []).append(draw.id)
    return [(names[key], list(others), [draw_id for ids in others.values() for draw_id in ids])
            for key, others in found.items()]


BASIS_ZH = {
    BASIS_RECORD: "抽取记录所载名单（哈希已核对）",
    BASIS_LEDGER: "账本条目所载名单（哈希已核对）",
    BASIS_POOL_VERIFIED: "专家库在库名单减去账本所载回避（与账本所载可抽取名单哈希一致）",
    BASIS_POOL_APPROX: "专家库在库名单减去账本所载回避（与账本所载可抽取名单哈希不一致：近似）",
    BASIS_PAPER_POOL: "纸质记录：以所给专家库中该领域在库专家代替（近似，未计回避）",
    BASIS_NONE: "无可抽取名单：未纳入检验",
    BASIS_REWRITTEN: "账本条目所载名单与按其随机数来源复算的结果不符：未纳入检验",
}


@dataclass
class Draw:
    """One draw as the statistics see it.

    ``panel`` is the panel as drawn (before substitutions): what RFC 3797 chose. Substitutions are
    kept apart because who comes in as a substitute depends on who declines, not on the draw.
    """

    id: str  # stable, human readable: "draws.db#12", "W12-2020-01（round.xlsx）"
    source: str  # ledger | record | paper
    kind: str  # draw | redraw | reveal | paper
    round_id: str
    fields: tuple[str, ...]
    at: str  # ISO 8601 or a date; "" when unknown
    operator: str
    panel: tuple[str, ...]
    alternates: tuple[str, ...] = ()
    eligible: tuple[str, ...] | None = None
    basis: str = BASIS_NONE
    applicants: tuple[str, ...] | None = None  # USCCs of the applicants the panel reviewed
    refs: list[str] = field(default_factory=list)  # ledger entries, record files, round cells
    substitutions: list[dict] = field(default_factory=list)  # replaced, by, reason, ref
    redraw_reason: str = ""
    eligible_sha256: str = ""
    seed_key_sha256: str = ""
    draw_sha256: str = ""
    ledger: str = ""  # ledger label for ledger draws
    seq: int = 0  # ledger entry number for ledger draws
    counted: bool = True  # False when a later redraw of the same round and field replaced it
    superseded_by: str = ""
    listed_by: list[str] = field(default_factory=list)  # round records whose 抽取记录编号 names this ledger draw
    excluded: dict[str, tuple[str, ...]] | None = None  # expert id -> recusal rules (None: not recorded)
    # expert id -> (工作单位, its USCC) of the eligible experts, for the one-unit panel review (h153); from
    # the record's candidates (at the time of the draw) or the pool given (units_basis says which)
    units: dict[str, tuple[str, str]] | None = None
    units_basis: str = ""
    pool_sha256: str = ""  # the pool the ledger entry was drawn from (its canonical hash)

    @property
    def testable(self) -> bool:
        """Counted and with an eligible list: enters the tests."""
        return self.counted and self.eligible is not None and len(self.eligible) > 0

    def summary(self) -> dict:
        """JSON form for the report (ids, hashes and counts; never names)."""
        return {
            "id": self.id, "source": self.source, "kind": self.kind, "round_id": self.round_id,
            "fields": list(self.fields), "at": self.at, "operator": self.operator,
            "panel": list(self.panel), "alternates": list(self.alternates),
            "eligible_count": len(self.eligible) if self.eligible is not None else None,
            "eligible_basis": self.basis,
            "applicants": list(self.applicants) if self.applicants is not None else None,
            "substitutions": self.substitutions, "redraw_reason": self.redraw_reason,
            "counted": self.counted, "superseded_by": self.superseded_by, "refs": list(self.refs),
        }


@dataclass
class Limit:
    """Something that could not be tested, or only approximately; stated in the report."""

    kind: str
    message: str
    draws: list[str] = field(default_factory=list)
    entries: list[dict] | None = None  # the ledger entries a finding cites (seq, type, round, time, sources)

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "message": self.message, "draws": list(self.draws)}
        if self.entries is not None:
            out["entries"] = [dict(item) for item in self.entries]
        return out
