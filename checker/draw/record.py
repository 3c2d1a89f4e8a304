"""Expert-panel draws: recusal, policy, draw / commit / reveal / substitute / verify, records.

Everything here is a pure function of its inputs except the clock (:func:`now`) and the local
secret (:func:`new_secret`), both kept in one place so tests can pin them. Files and the ledger
are handled by ``checker.draw.service``; recusal by ``checker.draw.recusal``; re-deriving a record
by ``checker.draw.verify``.

Order of work, so that no randomness is known before the eligible list is fixed:
pool → candidates (在库, field) → exclusions (staff, same employer, conflicts) → eligible list →
seed (public sources, or a local 256-bit secret said plainly) → RFC 3797 picks → panel +
alternates (the next picks of the same sequence).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Sequence

from checker import __version__
from checker.core.text import control_characters, nfkc, round_key, strip_invisible
from checker.core.values import _YEAR_DIGITS, _chinese_day_or_month  # the date readings of checker/check, for source names
from checker.draw import rfc3797
from checker.draw.ledger import sha256_json
from checker.draw.pool import Pool, without_text_marker
from checker.draw.recusal import (RULE_CONFLICT, RULE_EMPLOYER, RULE_STAFF, candidates_for, compute_exclusions,
                                   eligible_ids, namesake_warnings, normalise_fields, pool_warnings, unknown_ids_warning,
                                   alike_employer_warnings)
from checker.errors import InputError

RECORD_VERSION = "1"

# Defaults. 7 experts and 政工科 as operator come from the seeds: "局政工科按照项目领域，通过市工信局
# 项目专家库随机抽取7名专家" (001_92b0dbd82849a40b.txt lines 2581, 2621, 2820, 4066, 4109, 4150,
# 4301, 4342). 3 alternates and the 3×panel warning are internal controls, not law (no national
# pool/panel ratio was found; draw-calendar-ecosystem.md §A.3).
DEFAULT_PANEL_SIZE = 7
DEFAULT_ALTERNATES = 3
DEFAULT_WARN_MULTIPLE = 3
DEFAULT_OPERATOR = "政工科"
SEED_CITATION = "001_92b0dbd82849a40b.txt lines 2581, 2621, 2820, 4066, 4109, 4150, 4301, 4342"

LOCAL_SEED_STATEMENT = ("本次抽取未使用公开随机数来源，以本机生成的 256 位随机秘密值为种子，"
                        "秘密值已写入本记录：任何人可复算本记录，但无法证明秘密值是在抽取前未被挑选的，"
                        "因此不可公开验证。")
PUBLIC_SEED_STATEMENT = ("种子由事先指定的公开随机数来源按 RFC 3797 §4 生成，任何人可用公开号码复算，"
                         "可公开验证。")
# A one-step draw (draw new) takes the sources, their numbers, the pool and the recusals in one run:
# nothing shows the sources were named before their numbers were known, or the recusals fixed
# before, so the record may not say "事先指定" (only a commit entered before the numbers proves it).
ONE_STEP_SEED_STATEMENT = ("种子由抽取时输入的公开随机数来源号码按 RFC 3797 §4 生成，任何人可用公开号码复算抽取结果；"
                           "但本次为一步抽取，来源、号码与专家库、回避名单同时输入，本记录不能证明来源是在号码公布前、"
                           "回避名单确定后指定的（须先承诺、后揭示的两步抽取才能证明）。")


BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> str:
    """Beijing time (+08:00), ISO 8601, to the second, whatever the machine's zone (one place so
    tests can pin it)."""
    return datetime.now(BEIJING).isoformat(timespec="seconds")


def new_secret() -> str:
    """A fresh 256-bit secret as 64 hex characters."""
    import secrets  # here: a draw with public sources never needs it

    return secrets.token_hex(32)


# ---------------------------------------------------------------- policy


@dataclass(frozen=True)
class Policy:
    """The draw policy; every parameter is recorded in the record and the ledger."""

    panel_size: int = DEFAULT_PANEL_SIZE
    alternates: int = DEFAULT_ALTERNATES
    warn_below_multiple: int = DEFAULT_WARN_MULTIPLE  # warn when eligible < multiple × panel
    one_draw_per_round_field: bool = True  # a second draw is a redraw and needs a reason
    recusal_rules: tuple[str, ...] = (RULE_STAFF, RULE_EMPLOYER, RULE_CONFLICT)

    def __post_init__(self):
        if self.panel_size < 1:
            raise InputError("正选人数（--size）必须至少为 1。")
        if self.alternates < 0:
            raise InputError("候补人数（--alternates）不能为负数。")
        if self.warn_below_multiple < 0:  # a negative multiple silently turned the thin-pool warning off
            raise InputError("可选范围偏小的警告倍数（--warn-multiple）不能为负数（0 表示不警告）。")
        if self.panel_size + self.alternates > rfc3797.MAX_PICKS:
            raise InputError("正选与候补人数之和超出 RFC 3797 的上限 65536。")

    def as_dict(self) -> dict:
        """JSON form (lists, not tuples)."""
        data = asdict(self)
        data["recusal_rules"] = list(self.recusal_rules)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Policy":
        """Inverse of :meth:`as_dict`."""
        return cls(**dict(data, recusal_rules=tuple(data.get("recusal_rules", ()))))


def policy_warnings(eligible_count: int, policy: Policy) -> list[str]:
    """Too few → InputError; thin pool → a warning sentence for the record."""
    needed = policy.panel_size + policy.alternates
    if eligible_count < needed:
        raise InputError(f"符合条件的专家只有 {eligible_count} 人，少于正选 {policy.panel_size} 人与候补 "
                         f"{policy.alternates} 人之和 {needed} 人，无法抽取。")
    floor = policy.warn_below_multiple * policy.panel_size
    if eligible_count < floor:
        return [f"符合条件的专家 {eligible_count} 人，少于正选人数的 {policy.warn_below_multiple} 倍"
                f"（{floor} 人）：可选范围偏小。"]
    return []


# ---------------------------------------------------------------- seeds


def public_seed(numbers: Sequence[Sequence[int]], names: Sequence[str] = (), committed: bool = True) -> dict:
    """Seed block for public sources (numbers as given; the key sorts them); ``committed``: the
    sources were named in a commit entered before (a reveal), else a one-step draw."""
    if names and len(names) != len(numbers):
        raise InputError(f"来源名称有 {len(names)} 个，随机数来源有 {len(numbers)} 个：两者须一一对应。")
    sources = [{"name": names[index] if names else "", "numbers": list(values)}
               for index, values in enumerate(numbers)]
    return {"kind": "public_sources", "publicly_verifiable": True, "sources": sources,
            "key": rfc3797.key_string(numbers),
            "statement": PUBLIC_SEED_STATEMENT if committed else ONE_STEP_SEED_STATEMENT}


def local_seed(secret: str) -> dict:
    """Seed block for a locally generated secret, saying plainly it is not publicly verifiable."""
    return {"kind": "local_secret", "publicly_verifiable": False, "secret": secret,
            "key": rfc3797.secret_key_string(secret), "statement": LOCAL_SEED_STATEMENT}


def seed_key(seed: dict) -> str:
    """Recompute the key string from a seed block (what verify trusts, not seed['key'])."""
    if seed.get("kind") == "local_secret":
        return rfc3797.secret_key_string(seed.get("secret", ""))
    if seed.get("kind") == "public_sources":
        return rfc3797.key_string([source["numbers"] for source in seed.get("sources", ())])
    raise InputError(f"记录中的种子类型「{seed.get('kind')}」无法识别。")


# ---------------------------------------------------------------- the draw


@dataclass(frozen=True)
class Selection:
    """Picks in order, split into panel and alternates."""

    sequence: list[dict]
    panel: list[str]
    alternates: list[str]


def select(eligible: Sequence[str], policy: Policy, key: str) -> Selection:
    """RFC 3797 picks: the first panel_size are the panel, the next ones the alternates."""
    picks = rfc3797.select(eligible, policy.panel_size + policy.alternates, key)
    sequence = [{"pick": pick.index, "md5": pick.md5, "divisor": pick.divisor,
                 "remainder": pick.remainder, "expert_id": pick.item} for pick in picks]
    ids = [pick.item for pick in picks]
    return Selection(sequence, ids[:policy.panel_size], ids[policy.panel_size:])


@dataclass(frozen=True)
class Prepared:
    """Everything fixed before any randomness: the commitment of a two-step draw."""

    round_id: str
    fields: list[str]
    policy: Policy
    pool: dict
    candidates: list[dict]
    inputs: dict
    exclusions: list[dict]
    eligible: list[str]
    warnings: list[str]

    def body(self) -> dict:
        """The record fields these determine, in reading order."""
        return {
            "round_id": self.round_id, "fields": self.fields,
            "panel_size": self.policy.panel_size, "alternates_count": self.policy.alternates,
            "policy": self.policy.as_dict(), "pool": self.pool, "candidates": self.candidates,
            "exclusion_inputs": self.inputs, "exclusions": self.exclusions,
            "eligible": self.eligible, "eligible_sha256": sha256_json(self.eligible),
        }


def prepare(pool: Pool, round_id: str, fields: Sequence[str], policy: Policy, inputs: dict,
            pool_file: str = "", conflicts_file: str | None = None) -> Prepared:
    """Candidates, exclusions, eligible list and policy checks; raises InputError early."""
    round_id = nfkc(round_id or "")
    if not round_id:
        raise InputError("请用 --round 指定轮次编号。")
    refuse_hidden(round_id, "轮次编号")  # "R1" and "R1\u200b" print alike: a second draw must never pass as a first one
    fields = normalise_fields(fields)
    candidates = candidates_for(pool, fields)
    exclusions = compute_exclusions(candidates, inputs)
    eligible = eligible_ids(candidates, exclusions)
    if candidates and not eligible:
        _refuse_all_recused(fields, candidates, exclusions)
    warnings = (policy_warnings(len(eligible), policy) + unrecused_warning(inputs, conflicts_file)
                + unknown_ids_warning(pool, inputs) + namesake_warnings(pool, inputs, candidates, fields)
                + pool_warnings(pool, fields) + alike_employer_warnings(candidates, inputs, exclusions))
    pool_block = {"sha256": pool.sha256, "rows": len(pool.experts),
                  "source_file": Path(pool_file).name if pool_file else "",
                  "canonical_form": "专家编号\\t姓名\\t工作单位\\t专业领域(排序,以、连接)\\t状态\\n，NFKC 并去首尾空白，"
                                    "按专家编号文本排序；SHA-256 覆盖全部行的拼接"}
    return Prepared(round_id, fields, policy, pool_block, candidates, inputs, exclusions,
                    eligible, warnings)


_RULES_ZH = (("bureau_staff", "本局工作人员"), ("same_employer", "与申报单位同一单位"), ("declared_conflict", "回避名单所列"))


def _refuse_all_recused(fields, candidates, exclusions) -> None:
    """Every candidate recused: "符合条件的专家只有 0 人" left the office to guess why; a whole field
    recused is nearly always a wrong side file (the pool itself given as --applicants, a staff list
    of everyone). Said with the count under each rule (an expert with two reasons under each)."""
    counts = [(label, sum(any(reason.get("rule") == rule for reason in item.get("reasons", ())) for item in exclusions))
              for rule, label in _RULES_ZH]
    shown = "、".join(f"{label} {count} 人" for label, count in counts if count)
    raise InputError(f"领域「{'、'.join(fields)}」的 {len(candidates)} 名在库专家全部回避（{shown}），没有可抽取的专家，无法抽取："
                     "请核对 --applicants、--conflicts、--staff 给出的是否为本次评审的名单。")


def unrecused_warning(inputs: dict, conflicts_file: str | None = None) -> list[str]:
    """No applicants given (--applicants): no expert was recused for working where an applicant
    does, and the draw said nothing of it. Said in the output and kept in the record's warnings
    (which the record's hash leaves out: records and their verification are as they were).
    ``conflicts_file``: the --conflicts file given (None: none given). A 回避名单 given with no line
    under its header (no declared conflict this round) was called 未给出 here, as if the office had
    forgotten it (h134): it was given, and is said to be empty."""
    if inputs.get("applicants"):
        return []
    if inputs.get("conflicts"):
        return ["未给出申报单位名单（--applicants），未做同单位回避：与申报单位同一单位的专家仍可能被抽中；"
                "如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。"]
    if conflicts_file:
        return [f"未给出申报单位名单（--applicants），未做同单位回避；回避名单（--conflicts）「{Path(conflicts_file).name}」"
                "已给出，但其中没有任何回避行，未做申报回避（只排除了本局工作人员）：与申报单位同一单位或有利害关系的专家仍可能被抽中；"
                "如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。"]
    return ["未给出申报单位名单（--applicants）和回避名单（--conflicts），未做同单位回避和申报回避（只排除了本局工作人员）："
            "与申报单位同一单位或有利害关系的专家仍可能被抽中；如本次评审有申报单位，请用 --applicants 给出申报单位名单后再抽取。"]


def draw_core(record: dict) -> dict:
    """The part of a record that defines the draw; its hash (draw_sha256) goes to the ledger."""
    keys = ("round_id", "fields", "policy", "pool", "candidates", "exclusion_inputs", "exclusions",
            "eligible", "seed", "algorithm", "panel", "alternates")
    return {key: record.get(key) for key in keys}


def algorithm_block() -> dict:
    """Name, version, reference and implementation of the selection algorithm."""
    return {"name": rfc3797.ALGORITHM, "ref": rfc3797.ALGORITHM_REF,
            "implementation": f"fundcheck {__version__}"}


def refuse_hidden(text: str, what: str) -> None:
    """Ids that print alike must be alike: invisible or control characters are refused."""
    hidden = control_characters(text) or ([] if strip_invisible(text) == text else ["不可见字符"])
    if hidden:
        raise InputError(f"{what}「{strip_invisible(text)}」含不可见字符或控制字符（{'、'.join(hidden)}），请删除后重试。")


def check_operator(operator: str) -> None:
    """Who drew, as the ledger keeps it: no invisible characters, and not blank (the audit compares
    it with the round record's 局政工科, and a blank one compared with nothing)."""
    refuse_hidden(operator, "抽取科室（--operator）")
    if not "".join(operator.split()):
        raise InputError("抽取科室（--operator）不能为空：账本按它核对抽取是否由局政工科进行，请写明执行抽取的科室或经办人。")


def build_record(prepared: Prepared, seed: dict, operator: str, at: str) -> dict:
    """A draw record without its ledger block (the CLI adds it once the entry is prepared)."""
    check_operator(operator)  # redraws and re-rolls are counted per operator
    selection = select(prepared.eligible, prepared.policy, seed_key(seed))
    record = {"record_version": RECORD_VERSION, "kind": "draw"}
    record.update(prepared.body())
    record.update({
        "seed": seed, "algorithm": algorithm_block(), "sequence": selection.sequence,
        "panel": [{"expert_id": expert_id} for expert_id in selection.panel],
        "alternates": [{"expert_id": expert_id} for expert_id in selection.alternates],
        "operator": operator, "drawn_at": at, "warnings": list(prepared.warnings),
        "redraw": None, "commit": None, "substitutions": [],
    })
    record["draw_sha256"] = sha256_json(draw_core(record))
    return record


def draw_entry(record: dict, entry_type: str) -> dict:
    """The ledger entry for a draw / redraw / reveal: ids, hashes, reasons, the eligible list and
    the seed; no names."""
    entry = {
        "type": entry_type, "at": record["drawn_at"], "round_id": record["round_id"],
        "fields": record["fields"], "operator": record["operator"],
        "pool_sha256": record["pool"]["sha256"], "eligible_sha256": record["eligible_sha256"],
        "excluded": [{"expert_id": item["expert_id"],
                      "rules": sorted({reason["rule"] for reason in item["reasons"]})}
                     for item in record["exclusions"]],
        "policy": record["policy"], "algorithm": record["algorithm"]["name"],
        "seed_kind": record["seed"]["kind"], "seed_key_sha256": _sha(record["seed"]["key"]),
        "panel": [item["expert_id"] for item in record["panel"]],
        "alternates": [item["expert_id"] for item in record["alternates"]],
        "draw_sha256": record["draw_sha256"],
        # What re-running the selection needs, so an inspector holding only the ledger can re-derive
        # the panel (fundcheck audit, DRAW-RANDOM): ids and the seed, never names.
        "eligible": list(record["eligible"]),
        "seed": {key: record["seed"][key] for key in ("kind", "sources", "secret") if key in record["seed"]},
        # the draw's warnings (a recusal dropped since the last draw, an employer alike): the record's
        # own hash leaves them out, so their hashes are kept here (never their text: it may quote
        # applicants' and units' names) and none can be struck from the record unnoticed
        "warnings_sha256": warning_hashes(record),
    }
    if record.get("redraw"):
        entry["redraw"] = {key: record["redraw"][key] for key in ("reason", "previous")}
    if record.get("commit"):
        entry["commit"] = {key: record["commit"][key] for key in ("entry", "hash", "commit_sha256")}
    return entry


def warning_hashes(record: dict) -> list[str]:
    """SHA-256 of each of a record's warnings, in order (what its ledger entry keeps of them)."""
    return [_sha(str(warning)) for warning in record.get("warnings") or ()]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_key_sha256(record: dict) -> str:
    """The hash of a draw's key string, as its ledger entry holds it ("" without a seed)."""
    key = (record.get("seed") or {}).get("key")
    return _sha(key) if key else ""


def redraw_block(previous: list[dict], reason: str | None, round_id: str, fields: list[str],
                 last_fields=None) -> dict | None:
    """None for a first draw; for a second one the reason is required (policy). ``last_fields``:
    the last earlier entry's fields, named when they only overlap this draw's."""
    if not previous:
        return None
    last = previous[-1]
    if not reason or not reason.strip():
        drawn = f"领域「{'、'.join(fields)}」"
        if isinstance(last_fields, list) and last_fields != fields:
            drawn = f"领域「{'、'.join(map(str, last_fields))}」（与本次领域「{'、'.join(fields)}」重叠）"
        raise InputError(f"轮次「{round_id}」{drawn}已在账本第 {last['entry']} 条抽取过；"
                         f"再次抽取属于重新抽取，须用 --redraw-reason 说明原因。")
    refuse_contact_details(reason, "重新抽取原因")
    # Free text is kept as typed (trimmed): NFKC would turn Chinese full-width punctuation into ASCII.
    return {"reason": reason.strip(), "previous": previous}


# ---------------------------------------------------------------- commit and reveal


def commitment(prepared: Prepared, sources: Sequence[str]) -> dict:
    """What a commit fixes before the random numbers exist; hashed into commit_sha256."""
    names = [nfkc(source) for source in sources if nfkc(source)]
    if not names:
        raise InputError("两步抽取须用 --source-name 事先指定至少一个未来的公开随机数来源（如 彩票名称、期号、开奖日期）。")
    vague = [name for name in names if not re.search(r"\d", _source_text(name))]  # 第二〇二六一四〇期 has its number
    if vague:  # "双色球" alone: the reveal could take whichever later draw's numbers suit
        raise InputError(f"随机数来源「{vague[0]}」没有写明期号或开奖日期：揭示时可以任选一期的号码，承诺不能证明种子事先未定。"
                         "请写明是哪一期，如“双色球 第2025060期”。")
    refuse_repeated_sources(names)
    body = prepared.body()
    body.update({"sources": names, "algorithm": algorithm_block()})
    return body


# A date written in a source's name ("双色球 第2025060期 2025-05-27"):
# 2025-05-27, 2025/5/27, 2025.05.27, 2025年5月27日. Issue numbers (第2025060期) are not dates.
_SOURCE_DATE = re.compile(r"(?<!\d)(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日?)(?!\d)")
# Other ways a source's day, month or year is written, each read as the days it may stand for
# (first, last): 20250527; 26年12月1日; 12月1日 (no year: the year of the day asked about);
# 5/27/2025; 2025年5月 or 2025-05 (a month). An issue number led by its year, 第2019001期 (双色球,
# 快乐8: year + issue) or 第26140期 (大乐透: two-digit year + issue), is read by issue_years.
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)(?!\s*期)")
_SHORT_YEAR_DATE = re.compile(r"(?<!\d)(\d{2})年(\d{1,2})月(\d{1,2})日?")
_MONTH_DAY = re.compile(r"(?<![\d年./-])(\d{1,2})月(\d{1,2})日?")
# 11-30, 11/30 (a month and day, no year): not after 第 or a letter, not before 期 (an issue), not part of a
# longer date or number (11.30 is left alone: a decimal as often as a date)
_DASHED_MONTH_DAY = re.compile(r"(?<![A-Za-z\d./\-第])(1[0-2]|0?[1-9])[-/](3[01]|[12]\d|0?[1-9])(?![\d./\-]|\s*期)")
_US_DATE = re.compile(r"(?<![\d./-])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})(?:年(\d{1,2})月(?!\d{1,2}日?)|[-/.](\d{1,2})(?![-/.\d]))")
_ISSUE = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2})\d{3}(?!\d)\s*期")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})  # ‐ ‑ ‒ – — ― −, as NFKC leaves them


def refuse_repeated_sources(names: Sequence[str]) -> None:
    """Two sources named alike (双色球 第2025060期 twice, with or without a space, in full-width digits):
    one lottery's numbers given twice add nothing to the key, and where the two sets of numbers differ
    one of them is not that draw's, so the record would name a public source for numbers nobody can
    check. Names compare as round ids do (NFKC, without white space, invisible characters or case)."""
    seen: dict[str, int] = {}
    for index, name in enumerate(names, start=1):
        key = _source_key(name)
        if not key:
            continue  # a source given without a name (draw new): nothing to compare
        if key in seen:
            raise InputError(f"第 {index} 个随机数来源「{nfkc(name)}」与第 {seen[key]} 个来源「{nfkc(names[seen[key] - 1])}」是同一来源："
                             "同一期号码只能使用一次，重复使用不增加随机性，两组号码不同时其中一组不是该期的号码。"
                             "请为每组号码写明各自的来源（不同的彩票或期号）。")
        seen[key] = index


def refuse_repeated_unnamed_numbers(sources: Sequence[dict]) -> None:
    """Two sources given without a name (--random-source twice, no --source-name) whose numbers are
    the same once sorted (RFC 3797 §4 sorts each source): one announcement pasted twice adds nothing
    to the key, and the record names no source to tell otherwise. Named sources are left alone: two
    lotteries (福彩3D and 排列三) may draw the same digits, and their names say which is which."""
    seen: dict[tuple, int] = {}
    for index, source in enumerate(sources, start=1):
        if source.get("name"):
            continue
        key = tuple(sorted(source["numbers"]))
        if key in seen:
            raise InputError(f"第 {index} 个随机数来源的号码与第 {seen[key]} 个相同（{' '.join(map(str, key))}，按 RFC 3797 排序后比较）："
                             "同一组号码重复给出不增加随机性。如确是两个不同来源开出相同号码，请用 --source-name 分别写明来源后重试。")
        seen[key] = index


# the lotteries whose draw a source name may cite (a documented parameter: the seeds name none); a name
# citing one of them and an issue (第2025060期, 2025060期) is that issue of that lottery however the
# rest is written (中国福利彩票双色球第2025060期 is 双色球 2025060期); two lotteries' same issue are two
LOTTERY_NAMES = ("双色球", "大乐透", "七乐彩", "七星彩", "快乐8", "福彩3D", "排列三", "排列五", "排列3", "排列5")
_ISSUE_NUMBER = re.compile(r"(?<!\d)(\d{5,7})期")


# an issue number written with a dash between its year and its number (第2025-060期), and one written
# bare after the lottery's name, as the year and three digits (双色球 2025060): both are 2025060期
_DASHED_ISSUE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{3})(?=期)")
_BARE_ISSUE = re.compile(r"(?<![\d-])((?:19|20)\d{5})(?![\d-])")


def _source_key(name: str):
    """How refuse_repeated_sources tells two source names apart: (lotteries, issue) where the name cites
    a known lottery and one issue number (第2025060期, 2025060期, 第2025-060期, or 2025060 written bare);
    (lotteries, day) where it cites a known lottery and, with no issue, one day (双色球 2025年6月1日 =
    双色球 2025-06-01: a lottery draws once a day); else the whole name as round ids compare."""
    text = _DASHED_ISSUE.sub(r"\1\2", round_key(_source_text(name)))
    lotteries = tuple(sorted(lottery for lottery in LOTTERY_NAMES if round_key(lottery) in text))
    if not lotteries:
        return round_key(name)
    issues = set(_ISSUE_NUMBER.findall(text))
    days = {first for first, last, _ in source_spans(name, date.today(), yearless=False) if first == last}
    if not issues and not days:
        issues = set(_BARE_ISSUE.findall(text))
    if len(issues) == 1:
        return lotteries, issues.pop()
    if not issues and len(days) == 1:
        return lotteries, days.pop().isoformat()
    return round_key(name)


def _source_text(name: str) -> str:
    # 2026 年 11 月 30 日 (spaces as a word processor puts them around digits) is 2026年11月30日;
    # 二〇二六年十二月五日 and 第二〇二六一四〇期 (an announcement's numerals) are read in digits
    return _DATE_SPACES.sub("", _numerals_as_digits(nfkc(name).translate(_DASHES)))


_YEAR_IN_WORDS = "[〇○零一二三四五六七八九]"
_COUNTED = "[一二三四五六七八九十]"
# a year digit by digit (二〇二六年), a month and a day as counted (十二月, 二十一日), an issue number digit by digit
_CHINESE_NUMERALS = re.compile(rf"(?P<year>{_YEAR_IN_WORDS}{{4}})(?=年)|(?<=第)(?P<issue>{_YEAR_IN_WORDS}{{5,7}})(?=期)"
                               rf"|(?P<month>{_COUNTED}{{1,2}})(?=月)|(?<=月)(?P<day>{_COUNTED}{{1,3}})(?=[日号])")


def _numerals_as_digits(text: str) -> str:
    """A source's date or issue written in Chinese numerals, in digits (a form not read is left as written)."""
    if not any("〇" <= c <= "龥" for c in text):
        return text

    def digits(match: re.Match) -> str:
        if match["year"] or match["issue"]:
            return "".join(_YEAR_DIGITS[c] for c in match[0])
        number = _chinese_day_or_month(match[0])
        return match[0] if number is None else str(number)

    return _CHINESE_NUMERALS.sub(digits, text)


_DATE_SPACES = re.compile(r"(?<=\d)\s+(?=[年月日])|(?<=[年月])\s+(?=\d)")
YEARLESS_PAST_DAYS = 183  # a 1月3日 more than half a year before the commit's day is next year's (a December commit)


def source_dates(name: str) -> list[date]:
    """The valid calendar dates written in a source name."""
    found = []
    for match in _SOURCE_DATE.finditer(_source_text(name)):
        year, month, day = int(match[1]), int(match[2] or match[4]), int(match[3] or match[5])
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return found


def _month_span(year: int, month: int) -> tuple[date, date] | None:
    if not 1 <= month <= 12:
        return None
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    return date(year, month, 1), last


def source_spans(name: str, today: date, *, yearless: bool = True) -> list[tuple[date, date, str]]:
    """Every day, month or year a source name states, as (first day, last day it may be, as written):
    the exact dates of :func:`source_dates` and the other ways of writing one (see _COMPACT_DATE…).
    ``yearless``: a 12月1日 is read in ``today``'s year (at a commit; a reveal in the next year
    would read it a year late, so it leaves them out)."""
    text = _source_text(name)
    spans = [(day, day, day.isoformat()) for day in source_dates(name)]

    def add_day(year: int, month: int, day: int, written: str) -> None:
        try:
            spans.append((date(year, month, day), date(year, month, day), written))
        except ValueError:
            pass

    for match in _COMPACT_DATE.finditer(text):
        add_day(int(match[1]), int(match[2]), int(match[3]), match[0])
    for match in _SHORT_YEAR_DATE.finditer(text):
        add_day(2000 + int(match[1]), int(match[2]), int(match[3]), match[0])
    issue_year = next((year for year, _ in issue_years(name)), None)
    for match in [*_MONTH_DAY.finditer(text), *_DASHED_MONTH_DAY.finditer(text)] if yearless else ():
        year = issue_year or _yearless_year(int(match[1]), int(match[2]), today)
        add_day(year, int(match[1]), int(match[2]), f"{match[0]}（未写年份，按 {year} 年读）")
    for match in _US_DATE.finditer(text):
        add_day(int(match[3]), int(match[1]), int(match[2]), match[0])
    for match in _YEAR_MONTH.finditer(text):
        month = _month_span(int(match[1]), int(match[2] or match[3]))
        if month:
            spans.append((*month, match[0]))
    return spans


def issue_years(name: str) -> list[tuple[int, str]]:
    """The year an issue number leads with (第2019001期: 2019; 第26140期: 2026), with the number as
    written. Read from the common forms (双色球 and 快乐8 year + three digits, 大乐透 two + three), not
    stated: a lottery numbering otherwise would be misread, so a commit is warned, never refused, by it."""
    found = []
    text = _source_text(name)
    for match in _ISSUE.finditer(text):
        found.append((int(match[1]) if len(match[1]) == 4 else 2000 + int(match[1]), match[0]))
    if not found:  # 第2024-060期, or 双色球 2024060 written bare (as _source_key reads them)
        found = [(int(match[1]), match[0]) for match in _DASHED_ISSUE.finditer(text)]
    if not found and any(round_key(lottery) in round_key(text) for lottery in LOTTERY_NAMES):
        found = [(int(match[1][:4]), match[0]) for match in _BARE_ISSUE.finditer(text)]
    return found


def past_issue_warnings(sources: Sequence[str], at: str) -> list[str]:
    """A commit naming an issue whose year is over: its numbers are very likely public already."""
    today = date.fromisoformat(at[:10])
    return [f"随机数来源「{nfkc(name)}」的期号 {written} 按常见编号属 {year} 年，早于承诺日期 {today.isoformat()}："
            "该期可能已经开奖，须核实其开奖时间晚于本次承诺，否则承诺不能证明种子事先未知。"
            for name in sources for year, written in issue_years(name) if year < today.year]


def _yearless_year(month: int, day: int, today: date) -> int:
    """The year of a 12月1日 written without one: the commit's, unless that day would be more than
    YEARLESS_PAST_DAYS before it (a December commit naming 1月3日 means next January)."""
    try:
        this_year = date(today.year, month, day)
    except ValueError:
        return today.year
    return today.year + 1 if (today - this_year).days > YEARLESS_PAST_DAYS else today.year


def refuse_published_sources(sources: Sequence[str], at: str) -> None:
    """A commit naming a source whose date is before the commit's day: its numbers were public
    already, so the pool and recusals could be tuned to them before committing; the commit would
    prove nothing (RFC 3797 §2: the sources are future ones, named in advance). A month all before
    the commit's day is refused alike; an issue number of a past year is warned of (past_issue_warnings)."""
    today = date.fromisoformat(at[:10])
    for name in sources:
        earlier = [(last, written) for _, last, written in source_spans(name, today) if last < today]
        if earlier:
            raise InputError(f"随机数来源「{nfkc(name)}」的日期 {earlier[0][1]} 早于承诺日期 {today.isoformat()}："
                             "其号码在承诺前已经公布，承诺不能证明种子在确定专家库和回避名单时未知。"
                             "请指定承诺之后开奖的来源。")


def commit_record(prepared: Prepared, sources: Sequence[str], operator: str, at: str) -> dict:
    """The commit record (kind "commit") without its ledger block."""
    check_operator(operator)
    refuse_published_sources(sources, at)
    body = commitment(prepared, sources)
    record = {"record_version": RECORD_VERSION, "kind": "commit"}
    record.update(body)
    record.update({"commit_sha256": sha256_json(body), "operator": operator, "committed_at": at,
                   "warnings": [*prepared.warnings, *past_issue_warnings(sources, at)], "redraw": None})
    return record


def commit_body(record: dict) -> dict:
    """Re-extract the committed body from a commit record (to re-hash it)."""
    keys = ("round_id", "fields", "panel_size", "alternates_count", "policy", "pool", "candidates",
            "exclusion_inputs", "exclusions", "eligible", "eligible_sha256", "sources", "algorithm")
    return {key: record.get(key) for key in keys}


def commit_entry(record: dict) -> dict:
    """The ledger entry for a commit."""
    entry = {
        "type": "commit", "at": record["committed_at"], "round_id": record["round_id"],
        "fields": record["fields"], "operator": record["operator"],
        "commit_sha256": record["commit_sha256"], "pool_sha256": record["pool"]["sha256"],
        "eligible_sha256": record["eligible_sha256"], "policy": record["policy"],
        "excluded": [{"expert_id": item["expert_id"],
                      "rules": sorted({reason["rule"] for reason in item["reasons"]})}
                     for item in record["exclusions"]],
        "sources": record["sources"], "algorithm": record["algorithm"]["name"],
        "warnings_sha256": warning_hashes(record),
    }
    if record.get("redraw"):
        entry["redraw"] = record["redraw"]
    return entry


def prepared_from_commit(record: dict) -> Prepared:
    """Rebuild the prepared draw from a commit record after checking its hash."""
    if record.get("kind") != "commit":
        raise InputError("该文件不是承诺记录（kind 应为 commit）：请先运行 draw commit。")
    if sha256_json(commit_body(record)) != record.get("commit_sha256"):
        raise InputError("承诺记录的内容与其 commit_sha256 不符：承诺记录已被改动。")
    policy = Policy.from_dict(record["policy"])
    return Prepared(record["round_id"], record["fields"], policy, record["pool"],
                    record["candidates"], record["exclusion_inputs"], record["exclusions"],
                    record["eligible"], list(record.get("warnings", ())))


def check_reveal_sources(record: dict, numbers: Sequence[Sequence[int]], at: str | None = None) -> None:
    """One set of numbers per committed source, in the committed order; none dated after the
    reveal's day (``at``): numbers typed before their draw are not the source's."""
    if len(numbers) != len(record["sources"]):
        raise InputError(f"承诺时指定了 {len(record['sources'])} 个随机数来源，但 --random-source 给出了 "
                         f"{len(numbers)} 个：须按承诺顺序逐一给出。")
    if at:
        refuse_undrawn_sources(record["sources"], at, "承诺指定的")


def refuse_undrawn_sources(names: Sequence[str], at: str, which: str = "") -> None:
    """No source dated after the day of ``at``: numbers typed before the draw are not its numbers."""
    today = date.fromisoformat(at[:10])
    for name in names:
        later = [(first, written) for first, _, written in source_spans(name, today, yearless=False) if first > today]
        if later:
            raise InputError(f"{which}随机数来源「{name}」的日期 {later[0][1]} 晚于今天 {today.isoformat()}："
                             "该来源尚未开奖，所给号码不可能是它的号码。请在开奖后再抽取。")


# ---------------------------------------------------------------- substitution


def current_panel(record: dict) -> tuple[list[str], list[str]]:
    """(panel now, alternates still unused) after the record's substitutions."""
    panel = [item["expert_id"] for item in record["panel"]]
    unused = [item["expert_id"] for item in record["alternates"]]
    for substitution in record.get("substitutions", ()):
        panel[panel.index(substitution["replaced"])] = substitution["by"]
        unused.remove(substitution["by"])
    return panel, unused


_CONTACT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)|[\w.+-]+@[\w-]+\.[\w.]+")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")  # 居民身份证号
_DIGIT_GAPS = re.compile(r"(?<=\d)[\s\-‐‑‒–—―－]+(?=\d)")  # 138 1234 5678, 138-1234-5678


def refuse_contact_details(reason: str, what: str) -> None:
    """Reasons go into the append-only ledger, where contact details must never be (contract)."""
    text = nfkc(reason)
    if _CONTACT.search(text) or _CONTACT.search(_DIGIT_GAPS.sub("", text)):
        raise InputError(f"{what}中不得包含电话号码或电子邮箱（原因将永久写入账本）；请删去联系方式后重试。")
    if _ID_NUMBER.search(_DIGIT_GAPS.sub("", text)):
        raise InputError(f"{what}中不得包含身份证号（原因将永久写入账本）；请删去后重试。")


def substitution(record: dict, expert_id: str, reason: str, at: str) -> dict:
    """The next substitution: ``expert_id`` out, the next unused alternate in (never a re-run)."""
    # 'ZJ014 (Excel's text marker typed by hand) is ZJ014, as the pool and a 回避名单 read it
    expert_id, reason = without_text_marker(nfkc(expert_id or "")), (reason or "").strip()  # reason kept as typed
    if not reason:
        raise InputError("替换须用 --reason 说明原因（如 本人谢绝、发现回避情形）。")
    refuse_contact_details(reason, "替换原因")
    panel, unused = current_panel(record)
    if expert_id not in panel:
        # zj014, ＺＪ０１４ or "ZJ 014" name ZJ014, as a recusal line names it (recusal.id_key)
        same = [member for member in panel if round_key(member) == round_key(expert_id)]
        expert_id = same[0] if len(same) == 1 else expert_id
    if expert_id not in panel:
        raise InputError(f"专家「{expert_id}」不在当前正选名单中（当前：{'、'.join(panel)}）。")
    if not unused:
        raise InputError("候补专家已全部用完：补抽属于重新抽取，须用 draw new --redraw-reason 说明原因。")
    by = unused[0]
    position = panel.index(expert_id) + 1
    return {"replaced": expert_id, "by": by, "position": position, "reason": reason, "at": at}


def substitution_entry(record: dict, item: dict) -> dict:
    """Ledger entry for a substitution (ids, reason, the draw it belongs to)."""
    draw = record["ledger"]["draw_entry"]
    return {"type": "substitute", "at": item["at"], "round_id": record["round_id"],
            "fields": record["fields"], "draw_entry": draw["entry"], "draw_hash": draw["hash"],
            "draw_sha256": record["draw_sha256"], "replaced": item["replaced"], "by": item["by"],
            "position": item["position"], "reason": item["reason"]}


