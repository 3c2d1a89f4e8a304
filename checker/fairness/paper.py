"""Draws from round records (sheet 专家抽取), paper draws from closed 专家抽取系统 included.

A round record names the experts drawn, not who else could have been: the eligible list is
approximated by the 在库 experts of ``--pool`` in the round's field (``--field``, else 轮次.项目领域,
else the sheet's 专业领域 values), with no exclusions, and the report says so. A row whose
抽取记录编号 points into a ledger given on the command line is that ledger's draw: the ledger
entry is used and the round adds its applicants, never a second count.

Rows by 角色: 正选, blank and 已替换 are the panel as drawn; 替补 took a seat (a substitution);
候补 are alternates.
"""

from __future__ import annotations

import re

from checker.audit.record import EXPERT_NAME_HEADERS, draw_role, expert_name, read_rounds, unknown_role
from checker.core.rulebook import load_rulebook
from checker.draw.recusal import candidates_for
from checker.errors import InputError
from checker.fairness.model import BASIS_PAPER_POOL, Draw, Limit
from checker.draw.pool import Pool, expert_id_key
from checker.core.text import header_key, nfkc, same_round

_ENTRY_NUMBER = re.compile(r"^(?:#|L|第)?(\d+)(?:条)?$", re.IGNORECASE)  # as the audit reads it
_HEX = re.compile(r"^[0-9a-f]{8,64}$")
_SPLIT = re.compile(r"[、;；,，\s]+")
PANEL_ROLES = ("", "正选", "已替换")


def ledger_reference(text: str):
    """("seq", n) or ("hash", prefix) for a ledger reference, None for a paper record number."""
    text = (text or "").strip()
    match = _ENTRY_NUMBER.match(text)
    if match:
        return "seq", int(match.group(1))
    return ("hash", text.lower()) if _HEX.match(text.lower()) else None


def find_ledger_draw(draws: list[Draw], reference, round_id: str) -> Draw | None:
    """The ledger draw a round's 抽取记录编号 points to (the same round, as the ledger compares ids), if any."""
    for draw in draws:
        if draw.source != "ledger" or not same_round(draw.round_id, round_id):  # r-7 typed for R-7
            continue
        kind, value = reference
        if (kind == "seq" and draw.seq == value) or (kind == "hash" and draw.draw_sha256.startswith(value)):
            return draw
    return None


def read_paper(paths: list, ledger_draws: list[Draw], pool: Pool | None, fields_option: tuple[str, ...],
               names: dict[str, set]) -> tuple[list[Draw], list[Limit]]:
    """Paper draws from round records; ``names`` collects each expert id's names (for the check)."""
    draws: list[Draw] = []
    limits: list[Limit] = []
    ids = ExpertIds(pool, ledger_draws)
    copies: dict[str, list[str]] = {}
    skipped: list[str] = []  # a draw record or a pool beside the round records in a folder (as audit skips them)
    for record in read_rounds(paths, load_rulebook().vocabulary.step_keys, skipped=skipped):
        label = f"{record.round_id}（{record.source}）"
        rows = [_ReadId(row, ids, label) for row in record.draws]
        if not rows:
            limits.append(Limit("round_without_draw", f"轮次记录 {label} 没有专家抽取行，未纳入统计。"))
            continue
        _collect_names(rows, names, label)
        applicants = _applicants(record)
        references = {ledger_reference(row.text("draw_id")) for row in rows if row.text("draw_id")}
        linked = [find_ledger_draw(ledger_draws, ref, record.round_id) for ref in references if ref]
        if linked and all(linked):
            for draw in linked:
                draw.refs.append(f"{record.source} 专家抽取")
                draw.listed_by.append(label)
                if applicants is not None and draw.applicants is None:
                    draw.applicants = applicants
            continue
        if any(ref for ref in references):
            limits.append(Limit("ledger_not_given", f"轮次 {label} 的抽取记录编号指向账本，但所给账本中没有该条目："
                                                    "按纸质记录统计。", [label]))
        draw = _paper_draw(record, rows, label, applicants, pool, fields_option, limits)
        kept = next((other for other in draws if _same_paper_draw(other, draw)), None)
        if kept is None:
            draws.append(draw)
        else:  # the round's .xlsx and its .json (or a copy): one draw, counted once
            kept.refs += draw.refs
            copies.setdefault(kept.id, []).append(label)
    limits += [Limit("not_a_round_record", f"--rounds 文件夹中的 {item}（抽取记录请用 --records 给出）。")
               for item in skipped]
    limits += [Limit("same_paper_draw", f"纸质抽取 {kept} 与 {'、'.join(others)} 所载为同一次抽取（轮次、领域、正选与候补名单均相同，"
                                        "如同一轮次的 .xlsx 与 .json）：按一次计入。", [kept, *others])
               for kept, others in copies.items()]
    limits += [Limit("expert_id_from_name", f"轮次记录 {where} 有 {len(found)} 行没有专家编号，按其姓名在专家库中对应为 "
                                            f"{'、'.join(found)}（姓名不在报告中列出）。", [where])
               for where, found in sorted(ids.from_name.items())]
    limits += [Limit("expert_id_spelling", f"轮次记录中的专家编号「{written}」与「{canonical}」只差大小写或空格，"
                                           f"按同一专家 {canonical} 计入。", sorted(where))
               for (written, canonical), where in sorted(ids.read.items())]
    return draws, limits


def _same_paper_draw(first: Draw, second: Draw) -> bool:
    """Two round records of one draw: the same round, fields, panel (in drawn order) and alternates."""
    return (same_round(first.round_id, second.round_id) and first.fields == second.fields
            and first.panel == second.panel and first.alternates == second.alternates)


def _id_key(text: str) -> str:
    # as the pool tells its ids apart (and 回避名单 ids are matched): a clerk's ＺＪ０１４ or ZJ014 with a
    # zero-width space pasted in is ZJ014 too
    return expert_id_key(text)


class ExpertIds:
    """Expert ids as the round records write them, read as the pool or the ledgers write them:
    a clerk's zj014 or "ZJ 014" is the expert ZJ014, not a second expert whose draws the tests would
    split off (an expert drawn in every round then escaped the flag). Ids the pool or ledgers give two
    ways (ZJ014 and zj014 both) are kept as written; ids known nowhere take the first spelling met."""

    def __init__(self, pool: Pool | None, ledger_draws: list[Draw]) -> None:
        known: dict[str, set[str]] = {}
        written = [expert.expert_id for expert in pool.experts] if pool is not None else []
        for draw in ledger_draws:
            written += [*draw.panel, *draw.alternates, *(draw.eligible or ())]
        for expert in written:
            known.setdefault(_id_key(expert), set()).add(expert)
        self.canonical = {key: next(iter(found)) for key, found in known.items() if len(found) == 1}
        self.ambiguous = {key for key, found in known.items() if len(found) > 1}
        self.read: dict[tuple[str, str], set[str]] = {}  # (as written, read as) -> the records
        names: dict[str, set[str]] = {}
        for expert in (pool.experts if pool is not None else ()):
            names.setdefault(name_key(expert.name), set()).add(expert.expert_id)
        self.named = {name: next(iter(found)) for name, found in names.items() if len(found) == 1 and name}
        self.from_name: dict[str, list[str]] = {}  # record -> ids found by the 姓名 of a row without 专家编号

    def by_name(self, name: str, where: str) -> str:
        """The pool's id for a row that gives a 姓名 but no 专家编号 ("" when none or several match)."""
        expert = self.named.get(name_key(name), "") if name else ""
        if expert:
            self.from_name.setdefault(where, []).append(expert)
        return expert

    def __call__(self, expert: str, where: str) -> str:
        key = _id_key(expert)
        if not expert or key in self.ambiguous:
            return expert
        canonical = self.canonical.setdefault(key, expert)
        if canonical != expert:
            self.read.setdefault((expert, canonical), set()).add(where)
        return canonical


class _ReadId:
    """A 专家抽取 row whose 专家编号 reads through :class:`ExpertIds`."""

    def __init__(self, row, ids: ExpertIds, label: str) -> None:
        self._row, self._ids, self._label = row, ids, label

    def text(self, name: str) -> str:
        value = self._row.text(name)
        if name != "expert_id":
            return value
        if not value:
            if "_by_name" not in self.__dict__:  # once per row: the report counts each row once
                self._by_name = self._ids.by_name(self.person(), self._label)
            return self._by_name
        return self._ids(value, self._label)

    def person(self) -> str:
        """The row's 姓名 (optional column), "" when none."""
        return expert_name(self._row)

    def __getattr__(self, name: str):
        return getattr(self._row, name)


def _paper_draw(record, rows, label, applicants, pool, fields_option, limits) -> Draw:
    # 正选（组长） is a 正选, 替补（顶替E003） a 替补: the note in brackets the 角色 column allows; a 正选
    # noted 未到会 was drawn all the same
    def role(row) -> str:
        return draw_role(row, as_drawn=True)

    unknown = [row for row in rows if unknown_role(row, as_drawn=True) and row.text("expert_id")]
    if unknown:
        named = "、".join(f"{row.text('expert_id')}（角色“{row.text('role')}”）" for row in unknown)
        limits.append(Limit("unknown_role", f"纸质抽取 {label} 中 {named} 的角色无法识别"
                                            "（应为 正选、候补、替补、已替换 之一，可在括号中加注）：未计入抽取名单。", [label]))
    listed = [row.text("expert_id") for row in rows if role(row) in PANEL_ROLES and row.text("expert_id")]
    unnumbered = [row for row in rows if role(row) in PANEL_ROLES and not row.text("expert_id")]
    if unnumbered:
        limits.append(Limit("panel_row_without_id", f"纸质抽取 {label} 有 {len(unnumbered)} 行正选没有专家编号"
                                                    f"{'，姓名在专家库中也没有唯一对应的专家' if pool is not None else '（未给出专家库，无法按姓名对应）'}"
                                                    f"（{'、'.join(row.ref('expert_id') for row in unnumbered)}）：未计入抽取名单，"
                                                    f"本次抽取按 {len(set(listed))} 人计，期望次数因此偏低。", [label]))
    panel = tuple(dict.fromkeys(listed))  # one seat each: a line typed twice is not "drawn twice in one draw"
    repeated = sorted({expert for expert in listed if listed.count(expert) > 1})
    if repeated:
        limits.append(Limit("repeated_in_panel", f"纸质抽取 {label} 的正选名单中专家 {'、'.join(repeated)} 出现不止一次："
                                                 "按一人一席计入。", [label]))
    substitutes = [row for row in rows if role(row) == "替补"]
    replaced = [row.text("expert_id") for row in rows if role(row) == "已替换"]
    draw_steps = [step for step in record.steps_of("draw") if step.date]
    operator = next((row.text("office") for row in rows if row.text("office")), record.office)
    fields = _fields(record, rows, fields_option, label, limits)
    draw = Draw(id=label, source="paper", kind="paper", round_id=record.round_id, fields=fields,
                at=draw_steps[0].date.isoformat() if draw_steps else "", operator=operator, panel=panel,
                alternates=tuple(row.text("expert_id") for row in rows if role(row) == "候补"),
                applicants=applicants, refs=[f"{record.source} 专家抽取（{rows[0].ref('expert_id')} 起）"])
    draw.substitutions = [{"replaced": replaced[index] if index < len(replaced) else "", "by": row.text("expert_id"),
                           "reason": "", "at": "", "ref": row.ref("expert_id")} for index, row in enumerate(substitutes)]
    if pool is None or not fields:
        limits.append(Limit("no_eligible_list", f"纸质抽取 {label} 没有可抽取名单"
                                                f"{'（未给出专家库）' if pool is None else '（领域不明）'}：未纳入检验。", [label]))
        return draw
    try:
        eligible = [item["expert_id"] for item in candidates_for(pool, list(fields))]
    except InputError as error:
        limits.append(Limit("field_not_in_pool", f"纸质抽取 {label}：{error}未纳入检验。", [label]))
        return draw
    missing = [expert for expert in panel if expert not in eligible]
    if missing:
        limits.append(Limit("drawn_not_in_pool", f"纸质抽取 {label} 的专家 {'、'.join(missing)} 不在所给专家库该领域的在库名单中，"
                                                 "已补入其可抽取名单。", [label]))
    draw.eligible, draw.basis = tuple(eligible + missing), BASIS_PAPER_POOL
    return draw


def _fields(record, rows, fields_option, label, limits) -> tuple[str, ...]:
    if fields_option:
        return tuple(sorted(set(fields_option)))
    if record.field:
        return tuple(sorted({nfkc(part) for part in _SPLIT.split(record.field) if nfkc(part)}))
    found = sorted({nfkc(part) for row in rows for part in _SPLIT.split(row.text("field")) if nfkc(part)})
    if len(found) > 1:
        limits.append(Limit("overlapping_fields", f"纸质抽取 {label} 的专家分属多个领域（{'、'.join(found)}），"
                                                  "轮次未写项目领域：按这些领域的并集近似可抽取名单。", [label]))
    return tuple(found)


def _applicants(record) -> tuple[str, ...] | None:
    """USCCs from a 轮次 column whose header names 统一社会信用代码 (not in the contract: optional)."""
    row = record.round_row
    for key, value in (row.extra.items() if row else ()):
        if "统一社会信用代码" in header_key(key) and value:
            codes = sorted({nfkc(part).upper() for part in _SPLIT.split(str(value)) if nfkc(part)})
            return tuple(codes) or None
    return None


_NOTE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_TITLE = re.compile(r"(?:副?组长|专家|教授|副教授|研究员|副研究员|高级工程师|正高级工程师|高工|工程师|博士)$")


def name_key(name: str) -> str:
    """A person's name as compared, not as shown: without spaces, a note in brackets (马秀英（组长）,
    as the 角色 column allows one) or a title after it (马秀英 教授): the same person so written
    is no second person under one id (which took the id out of every test)."""
    text = _NOTE.sub("", nfkc(name))
    # and without the dot of a transliterated name, written ·, •, ・, ‧, . or left out (阿卜杜·热合曼)
    text = re.sub(r"[\s·•・‧∙⋅.]+", "", text)
    bare = _TITLE.sub("", text)
    return bare if len(bare) >= 2 else text


def _collect_names(rows, names: dict[str, set], label: str) -> None:
    for row in rows:
        expert = row.text("expert_id")
        for key, value in row.extra.items():
            if header_key(key) in EXPERT_NAME_HEADERS and expert and str(value).strip():
                names.setdefault(expert, set()).add(name_key(str(value)))
