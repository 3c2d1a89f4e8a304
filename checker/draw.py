"""Expert-panel draws: recusal, policy, draw / commit / reveal / substitute / verify, records.

Everything here is a pure function of its inputs except the clock (:func:`now`) and the local
secret (:func:`new_secret`), both kept in one place so tests can pin them. Files and the ledger
are handled by ``checker.draw_cli``.

Order of work, so that no randomness is known before the eligible list is fixed:
pool → candidates (在库, field) → exclusions (staff, same employer, conflicts) → eligible list →
seed (public sources, or a local 256-bit secret said plainly) → RFC 3797 picks → panel +
alternates (the next picks of the same sequence).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Sequence

from checker import __version__, rfc3797
from checker.errors import InputError
from checker.ledger import sha256_json
from checker.pool import (STATUS_ACTIVE, Pool, cell_text, map_columns, normalise_uscc,
                          normalise_unit, read_table)
from checker.textnorm import nfkc

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

RULE_STAFF = "bureau_staff"
RULE_EMPLOYER = "same_employer"
RULE_CONFLICT = "declared_conflict"

LOCAL_SEED_STATEMENT = ("本次抽取未使用公开随机数来源，以本机生成的 256 位随机秘密值为种子（locally seeded），"
                        "秘密值已写入本记录：任何人可复算本记录，但无法证明秘密值是在抽取前未被挑选的，"
                        "因此不可公开验证。")
PUBLIC_SEED_STATEMENT = ("种子由事先指定的公开随机数来源按 RFC 3797 §4 生成，任何人可用公开号码复算，"
                         "可公开验证。")


def now() -> str:
    """Local time, ISO 8601 with offset, to the second (one place so tests can pin it)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def new_secret() -> str:
    """A fresh 256-bit secret as 64 hex characters."""
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


# ---------------------------------------------------------------- exclusion inputs

APPLICANT_COLUMNS = {
    "applicant_id": ("申报编号", "项目编号", "编号"),
    "name": ("企业名称", "申报单位", "单位名称"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码"),
}
CONFLICT_COLUMNS = {
    "expert_id": ("专家编号", "专家ID", "专家id"),
    "applicant": ("申报单位", "企业名称", "单位名称", "申报编号", "项目编号", "申报人"),
    "reason": ("回避原因", "原因", "理由", "事由"),
}
STAFF_COLUMNS = {"expert_id": ("专家编号", "编号", "专家ID", "专家id")}


def _table(path, what: str, aliases: dict, required: Sequence[str]):
    headers, rows = read_table(path, what)
    columns = map_columns(headers, aliases)
    missing = [aliases[name][0] for name in required if name not in columns]
    if missing:
        raise InputError(f"{what}「{path}」缺少必需的列：{'、'.join(missing)}。")
    for number, values in rows:
        texts = {name: cell_text(values[index]) if index < len(values) else ""
                 for name, index in columns.items()}
        if any(texts.values()):
            yield number, texts


def read_applicants(path) -> list[dict]:
    """Applicants (id, company name, USCC) from an application workbook or a short list."""
    applicants = []
    for number, texts in _table(path, "申报单位名单", APPLICANT_COLUMNS, ("name",)):
        if not texts.get("name"):
            raise InputError(f"申报单位名单「{path}」第 {number} 行缺少企业名称。")
        applicants.append({"applicant_id": texts.get("applicant_id", ""), "name": texts["name"],
                           "uscc": normalise_uscc(texts.get("uscc", ""))})
    return applicants


def read_conflicts(path) -> list[dict]:
    """Declared conflicts: expert id, applicant (free text), reason."""
    conflicts = []
    for number, texts in _table(path, "回避名单", CONFLICT_COLUMNS, ("expert_id", "reason")):
        if not texts["expert_id"] or not texts["reason"]:
            raise InputError(f"回避名单「{path}」第 {number} 行缺少专家编号或回避原因。")
        conflicts.append({"expert_id": texts["expert_id"], "applicant": texts.get("applicant", ""),
                          "reason": texts["reason"]})
    return conflicts


def read_staff(path) -> list[str]:
    """Bureau staff expert ids: a table with 专家编号, or a .txt file with one id per line."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        if not path.is_file():
            raise InputError(f"本局工作人员名单「{path}」不存在或不是文件。")
        return sorted({nfkc(line) for line in path.read_text(encoding="utf-8-sig").splitlines()
                       if nfkc(line)})
    return sorted({texts["expert_id"] for _, texts in
                   _table(path, "本局工作人员名单", STAFF_COLUMNS, ("expert_id",)) if texts["expert_id"]})


def exclusion_inputs(applicants=(), conflicts=(), staff=()) -> dict:
    """The record's ``exclusion_inputs`` block (everything recusal reads besides candidates)."""
    return {"applicants": list(applicants), "conflicts": list(conflicts), "staff": sorted(set(staff))}


# ---------------------------------------------------------------- candidates, exclusions, eligible


def normalise_fields(fields: Sequence[str]) -> list[str]:
    """Requested fields, NFKC-trimmed, de-duplicated, sorted (so 'A B' and 'B A' are one draw)."""
    cleaned = sorted({nfkc(field) for field in fields if nfkc(field)})
    if not cleaned:
        raise InputError("请用 --field 指定至少一个专业领域。")
    return cleaned


def candidates_for(pool: Pool, fields: Sequence[str]) -> list[dict]:
    """Rows of status 在库 listing any requested field, in canonical order; no names.

    Only what recusal needs is kept (unit, unit USCC, staff flag), so the record can be
    re-derived without the pool file and without personal data.
    """
    known = pool.all_fields()
    unknown = [field for field in fields if field not in known]
    if unknown:
        raise InputError(f"专业领域「{'、'.join(unknown)}」在专家库中不存在（库中领域：{'、'.join(sorted(known))}）。")
    wanted = set(fields)
    return [{"expert_id": expert.expert_id, "unit": expert.unit, "unit_uscc": expert.unit_uscc,
             "staff": expert.staff}
            for expert in pool.experts
            if expert.status == STATUS_ACTIVE and wanted.intersection(expert.fields)]


def compute_exclusions(candidates: Sequence[dict], inputs: dict) -> list[dict]:
    """Each excluded candidate with every reason that applies, in candidate order."""
    staff = set(inputs.get("staff", ()))
    by_unit: dict[str, list[dict]] = {}
    by_uscc: dict[str, list[dict]] = {}
    for applicant in inputs.get("applicants", ()):
        by_unit.setdefault(normalise_unit(applicant["name"]), []).append(applicant)
        if applicant.get("uscc"):
            by_uscc.setdefault(applicant["uscc"], []).append(applicant)
    conflicts: dict[str, list[dict]] = {}
    for conflict in inputs.get("conflicts", ()):
        conflicts.setdefault(conflict["expert_id"], []).append(conflict)
    excluded = []
    for candidate in candidates:
        reasons = _reasons(candidate, staff, by_unit, by_uscc, conflicts)
        if reasons:
            excluded.append({"expert_id": candidate["expert_id"], "reasons": reasons})
    return excluded


def _reasons(candidate, staff, by_unit, by_uscc, conflicts) -> list[dict]:
    reasons = []
    if candidate.get("staff"):
        reasons.append({"rule": RULE_STAFF, "detail": "本局工作人员（专家库「是否本局工作人员」为 是）"})
    if candidate["expert_id"] in staff:
        reasons.append({"rule": RULE_STAFF, "detail": "本局工作人员（--staff 名单）"})
    reasons.extend(_employer_reasons(candidate, by_unit, by_uscc))
    for conflict in conflicts.get(candidate["expert_id"], ()):
        with_whom = f"（{conflict['applicant']}）" if conflict.get("applicant") else ""
        reasons.append({"rule": RULE_CONFLICT, "detail": f"申报回避{with_whom}：{conflict['reason']}"})
    return reasons


def _employer_reasons(candidate, by_unit, by_uscc) -> list[dict]:
    # A USCC match and a name match for the same applicant are one reason, named by the USCC.
    matched: dict[int, dict] = {}
    uscc = candidate.get("unit_uscc") or ""
    for applicant in by_uscc.get(uscc, ()) if uscc else ():
        matched.setdefault(id(applicant), {"rule": RULE_EMPLOYER, "detail": (
            f"工作单位统一社会信用代码 {uscc} 与申报单位「{applicant['name']}」"
            f"{_applicant_ref(applicant)}相同")})
    unit = normalise_unit(candidate.get("unit", ""))
    for applicant in by_unit.get(unit, ()) if unit else ():
        matched.setdefault(id(applicant), {"rule": RULE_EMPLOYER, "detail": (
            f"工作单位「{candidate['unit']}」即申报单位{_applicant_ref(applicant)}")})
    return list(matched.values())


def _applicant_ref(applicant: dict) -> str:
    return f"（申报编号 {applicant['applicant_id']}）" if applicant.get("applicant_id") else ""


def eligible_ids(candidates: Sequence[dict], exclusions: Sequence[dict]) -> list[str]:
    """Candidates minus exclusions, same (canonical) order."""
    out = {item["expert_id"] for item in exclusions}
    return [candidate["expert_id"] for candidate in candidates if candidate["expert_id"] not in out]


# ---------------------------------------------------------------- seeds


def public_seed(numbers: Sequence[Sequence[int]], names: Sequence[str] = ()) -> dict:
    """Seed block for public sources (numbers as given; the key sorts them)."""
    if names and len(names) != len(numbers):
        raise InputError(f"来源名称有 {len(names)} 个，随机数来源有 {len(numbers)} 个：两者须一一对应。")
    sources = [{"name": names[index] if names else "", "numbers": list(values)}
               for index, values in enumerate(numbers)]
    return {"kind": "public_sources", "publicly_verifiable": True, "sources": sources,
            "key": rfc3797.key_string(numbers), "statement": PUBLIC_SEED_STATEMENT}


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
            pool_file: str = "") -> Prepared:
    """Candidates, exclusions, eligible list and policy checks; raises InputError early."""
    round_id = nfkc(round_id or "")
    if not round_id:
        raise InputError("请用 --round 指定轮次编号。")
    fields = normalise_fields(fields)
    candidates = candidates_for(pool, fields)
    exclusions = compute_exclusions(candidates, inputs)
    eligible = eligible_ids(candidates, exclusions)
    warnings = policy_warnings(len(eligible), policy)
    pool_block = {"sha256": pool.sha256, "rows": len(pool.experts),
                  "source_file": Path(pool_file).name if pool_file else "",
                  "canonical_form": "专家编号\\t姓名\\t工作单位\\t专业领域(排序,以、连接)\\t状态\\n，NFKC 并去首尾空白，"
                                    "按专家编号文本排序；SHA-256 覆盖全部行的拼接"}
    return Prepared(round_id, fields, policy, pool_block, candidates, inputs, exclusions,
                    eligible, warnings)


def draw_core(record: dict) -> dict:
    """The part of a record that defines the draw; its hash (draw_sha256) goes to the ledger."""
    keys = ("round_id", "fields", "policy", "pool", "candidates", "exclusion_inputs", "exclusions",
            "eligible", "seed", "algorithm", "panel", "alternates")
    return {key: record.get(key) for key in keys}


def algorithm_block() -> dict:
    """Name, version, reference and implementation of the selection algorithm."""
    return {"name": rfc3797.ALGORITHM, "ref": rfc3797.ALGORITHM_REF,
            "implementation": f"fundcheck {__version__}"}


def build_record(prepared: Prepared, seed: dict, operator: str, at: str) -> dict:
    """A draw record without its ledger block (the CLI adds it once the entry is prepared)."""
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
    """The ledger entry for a draw / redraw / reveal: ids, hashes, reasons; no names."""
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
    }
    if record.get("redraw"):
        entry["redraw"] = {key: record["redraw"][key] for key in ("reason", "previous")}
    if record.get("commit"):
        entry["commit"] = {key: record["commit"][key] for key in ("entry", "hash", "commit_sha256")}
    return entry


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def redraw_block(previous: list[dict], reason: str | None, round_id: str, fields: list[str]) -> dict | None:
    """None for a first draw; for a second one the reason is required (policy)."""
    if not previous:
        return None
    last = previous[-1]
    if not reason or not reason.strip():
        raise InputError(f"轮次「{round_id}」领域「{'、'.join(fields)}」已在账本第 {last['entry']} 条抽取过；"
                         f"再次抽取属于重新抽取，须用 --redraw-reason 说明原因。")
    refuse_contact_details(reason, "重新抽取原因")
    # Free text is kept as typed (trimmed): NFKC would turn Chinese full-width punctuation into ASCII.
    return {"reason": reason.strip(), "previous": previous}


# ---------------------------------------------------------------- commit and reveal


def commitment(prepared: Prepared, sources: Sequence[str]) -> dict:
    """What a commit fixes before the random numbers exist; hashed into commit_sha256."""
    names = [nfkc(source) for source in sources if nfkc(source)]
    if not names:
        raise InputError("两步抽取须用 --source 事先指定至少一个未来的公开随机数来源（如 彩票名称、期号、开奖日期）。")
    body = prepared.body()
    body.update({"sources": names, "algorithm": algorithm_block()})
    return body


def commit_record(prepared: Prepared, sources: Sequence[str], operator: str, at: str) -> dict:
    """The commit record (kind "commit") without its ledger block."""
    body = commitment(prepared, sources)
    record = {"record_version": RECORD_VERSION, "kind": "commit"}
    record.update(body)
    record.update({"commit_sha256": sha256_json(body), "operator": operator, "committed_at": at,
                   "warnings": list(prepared.warnings), "redraw": None})
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


def check_reveal_sources(record: dict, numbers: Sequence[Sequence[int]]) -> None:
    """One set of numbers per committed source, in the committed order."""
    if len(numbers) != len(record["sources"]):
        raise InputError(f"承诺时指定了 {len(record['sources'])} 个随机数来源，但 --random-source 给出了 "
                         f"{len(numbers)} 个：须按承诺顺序逐一给出。")


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


def refuse_contact_details(reason: str, what: str) -> None:
    """Reasons go into the append-only ledger, where contact details must never be (contract)."""
    if _CONTACT.search(nfkc(reason)):
        raise InputError(f"{what}中不得包含电话号码或电子邮箱（原因将永久写入账本）；请删去联系方式后重试。")


def substitution(record: dict, expert_id: str, reason: str, at: str) -> dict:
    """The next substitution: ``expert_id`` out, the next unused alternate in (never a re-run)."""
    expert_id, reason = nfkc(expert_id or ""), (reason or "").strip()  # reason kept as typed
    if not reason:
        raise InputError("替换须用 --reason 说明原因（如 本人谢绝、发现回避情形）。")
    refuse_contact_details(reason, "替换原因")
    panel, unused = current_panel(record)
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


# ---------------------------------------------------------------- verification


def verify_record(record: dict, pool: Pool | None = None) -> str:
    """Re-derive a draw record; "" when it matches, else one sentence naming the first difference.

    Checks, in order: the pool file (hash, then the candidates) when given; exclusions; eligible
    list; seed key; every pick; the record hash; the commit; the substitutions.
    """
    if record.get("kind") != "draw":
        return "该文件不是抽取记录（kind 应为 draw）。"
    if record.get("algorithm", {}).get("name") != rfc3797.ALGORITHM:
        return f"记录使用的算法「{record.get('algorithm', {}).get('name')}」不是 {rfc3797.ALGORITHM}。"
    checks = (_check_pool, _check_exclusions, _check_eligible, _check_selection, _check_hashes,
              _check_substitutions)
    for check in checks:
        problem = check(record, pool)
        if problem:
            return problem
    return ""


def _first_difference(label: str, recorded: Sequence, derived: Sequence, show=lambda item: item) -> str:
    for index, (left, right) in enumerate(zip(recorded, derived)):
        if left != right:
            return f"{label}第 {index + 1} 项不一致：记录为 {show(left)}，复算为 {show(right)}。"
    if len(recorded) != len(derived):
        return f"{label}项数不一致：记录 {len(recorded)} 项，复算 {len(derived)} 项。"
    return ""


def _check_pool(record: dict, pool: Pool | None) -> str:
    if pool is None:
        return ""
    if pool.sha256 != record["pool"]["sha256"]:
        return (f"专家库文件的 SHA-256 与记录不符（记录 {record['pool']['sha256']}，文件 {pool.sha256}）："
                f"专家库在抽取后被改动或不是同一份。")
    try:
        derived = candidates_for(pool, record["fields"])
    except InputError as error:
        return str(error)
    return _first_difference("本领域在库专家（candidates）", record["candidates"], derived, _show_candidate)


def _show_candidate(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    return (f"{item.get('expert_id')}（工作单位 {item.get('unit')}，信用代码 {item.get('unit_uscc') or '无'}，"
            f"本局工作人员 {'是' if item.get('staff') else '否'}）")


def _check_exclusions(record: dict, pool) -> str:
    derived = compute_exclusions(record["candidates"], record["exclusion_inputs"])
    return _first_difference("回避排除（exclusions）", record["exclusions"], derived,
                             lambda item: f"{item['expert_id']}：{'；'.join(r['detail'] for r in item['reasons'])}")


def _check_eligible(record: dict, pool) -> str:
    derived = eligible_ids(record["candidates"], record["exclusions"])
    problem = _first_difference("可抽取名单（eligible）", record["eligible"], derived)
    if not problem and sha256_json(derived) != record.get("eligible_sha256"):
        problem = "可抽取名单的 eligible_sha256 与名单不符。"
    return problem


def _check_selection(record: dict, pool) -> str:
    try:
        key = seed_key(record["seed"])
        policy = Policy.from_dict(record["policy"])
    except (InputError, TypeError, KeyError) as error:
        return f"记录中的种子或策略无法读取：{error}"
    if key != record["seed"].get("key"):
        return f"种子密钥串不一致：记录为 {record['seed'].get('key')}，由来源复算为 {key}。"
    try:
        selection = select(record["eligible"], policy, key)
    except InputError as error:
        return str(error)
    recorded_panel = [item["expert_id"] for item in record["panel"]]
    recorded_alternates = [item["expert_id"] for item in record["alternates"]]
    return (_first_difference("正选名单（panel）", recorded_panel, selection.panel)
            or _first_difference("候补名单（alternates）", recorded_alternates, selection.alternates)
            or _first_difference("抽取序列（sequence）", record.get("sequence", []), selection.sequence,
                                 lambda item: f"{item.get('pick')}:{item.get('md5')}"))


def _check_hashes(record: dict, pool) -> str:
    if sha256_json(draw_core(record)) != record.get("draw_sha256"):
        return "记录的 draw_sha256 与记录内容不符：记录在抽取后被改动。"
    commit = record.get("commit")
    if not commit:
        return ""
    body = commit_body(dict(record, sources=commit.get("sources"),
                            algorithm=record["algorithm"]))
    if sha256_json(body) != commit.get("commit_sha256"):
        return "记录内容与承诺（commit_sha256）不符：抽取所用的专家库、回避或策略与承诺时不同。"
    names = [source.get("name") for source in record["seed"].get("sources", ())]
    if names != commit.get("sources"):
        return "随机数来源与承诺时指定的来源不一致。"
    if commit.get("entry", 0) >= record.get("ledger", {}).get("draw_entry", {}).get("entry", 0):
        return "承诺条目不在揭示条目之前。"
    return ""


def _check_substitutions(record: dict, pool) -> str:
    replay = dict(record, substitutions=[])
    for number, item in enumerate(record.get("substitutions", ()), start=1):
        try:
            expected = substitution(replay, item.get("replaced"), item.get("reason"), item.get("at"))
        except InputError as error:
            return f"第 {number} 次替换无效：{error}"
        if (expected["by"], expected["position"]) != (item.get("by"), item.get("position")):
            return (f"第 {number} 次替换应由下一位未用候补 {expected['by']} 顶替，记录为 {item.get('by')}。")
        replay["substitutions"] = replay["substitutions"] + [item]
    return ""


def _redraw_summary(redraw: dict | None) -> dict | None:
    return {key: redraw.get(key) for key in ("reason", "previous")} if redraw else None


def _entry_value(data: dict, key: str):
    if key == "redraw":  # a redraw entry has type "redraw" and carries the reason
        return data.get("redraw") if data.get("type") == "redraw" or data.get("redraw") else None
    return data.get(key)


def verify_against_ledger(record: dict, connection) -> str:
    """With the ledger at hand: the record's entries are there with the record's hashes."""
    from checker import ledger as ledger_mod

    block = record.get("ledger") or {}
    # Each ledger entry the record points to, with every field the record must agree on: the
    # record's own hash covers the draw, not who drew, when, whether it was a redraw or who was
    # substituted, so those are compared with the append-only entries.
    draw_fields = {"draw_sha256": record.get("draw_sha256"), "operator": record.get("operator"),
                   "at": record.get("drawn_at"), "redraw": _redraw_summary(record.get("redraw"))}
    refs = [("抽取", block.get("draw_entry"), draw_fields)]
    if record.get("commit"):
        refs.insert(0, ("承诺", record["commit"], {"commit_sha256": record["commit"].get("commit_sha256")}))
    for item in record.get("substitutions", ()):
        refs.append(("替换", item.get("ledger"), {key: item.get(key) for key in ("replaced", "by", "position", "reason", "at")}))
    for label, ref, expected in refs:
        entry = ledger_mod.get(connection, (ref or {}).get("entry", -1))
        if entry is None or entry.entry_hash != ref.get("hash"):
            return f"账本中找不到记录所载的{label}条目（第 {(ref or {}).get('entry')} 条，哈希 {(ref or {}).get('hash')}）。"
        for key, value in expected.items():
            if _entry_value(entry.data, key) != value:
                return f"账本第 {entry.seq} 条（{label}）的 {key} 与记录不符。"
    verdict = ledger_mod.verify(connection, (block.get("head") or {}).get("hash"))
    return "" if verdict.ok else verdict.message
