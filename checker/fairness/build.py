"""The fairness report as data: read every source, run the tests, state the limits.

Deterministic: no run time, inputs named by file name with their SHA-256, every list sorted.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

from checker import __version__
from checker.errors import InputError
from checker.fairness import analyse, collect, model, paper, stats
from checker.fairness.model import (BASIS_NONE, BASIS_PAPER_POOL, BASIS_POOL_APPROX, BASIS_ZH, Draw,
                                    Limit)
from checker.draw.pool import read_pool
from checker.core.text import round_key

COUNTING_RULE = ("重新抽取取代同一轮次、同一领域此前的抽取：只有最后一次抽取计入统计，此前的抽取列在重新抽取表中；"
                 "统计按抽取时的正选名单（替换前），替补入选另列。")
# The method as the pair and recurrence tests actually compute it (analyse.pair_tests is conditional:
# the unconditional k(k−1)/(n(n−1)) the text used to give is not what the 期望 column holds), stated as
# a hypothesis (fair draws), not as a fact about the draws, and with what a small p-value does not say.
METHOD = ("假定抽取公平（每次抽取从可抽取名单 n 人中按 RFC 3797 等概率抽取 k 人，各次抽取相互独立）。"
          "专家：每位可抽取专家每次入选概率为 k/n，入选次数服从泊松二项分布，期望为其可被抽取的各次抽取的 k/n 之和。"
          "专家对（条件检验，不因其中一位本身入选多而标记另一位）：在甲入选、乙可被抽取的抽取中，乙入选概率为 (k−1)/(n−1)，"
          "反之亦然；取两个方向中较大的 p 值，期望为该方向的条件期望；同组少于 2 次或不多于任一方向期望的，p 值记为 1。"
          "专家—申报单位：在评审该单位、该专家可被抽取的抽取（至少 2 次）中，入选概率为 k/n。"
          "p 值为精确上尾概率 P(X ≥ 实际次数)（整数与分数精确计算，不用正态近似）；"
          "按 Holm 逐步法在同一族检验内校正（专家、专家对、专家—申报单位各为一族），校正后 p 值 ≤ 显著性水平即标记，"
          "抽取公平时每族误标任何一项的概率不超过显著性水平。p 值小只说明入选次数与等概率抽取不符，不说明原因，也不等于违规。")


FLAG_ONLY = ("commit_replaced", "commit_then_redo", "ledger_head", "entry_time_backwards", "redraw_previous_mismatch",
             "record_time_backwards")  # limits that are findings, said once as flags


def parse_level(text: str) -> Fraction:
    """The significance level as an exact fraction in (0, 1)."""
    try:
        level = Fraction(str(text).strip())
    except (ValueError, ZeroDivisionError):
        raise InputError(f"显著性水平 --level「{text}」不是数。") from None
    if not 0 < level < 1:
        raise InputError(f"显著性水平 --level 须大于 0 小于 1（给出 {text}）。")
    return level


def level_text(level: Fraction) -> str:
    """0.001 rather than 1/1000 when the decimal is exact."""
    text = repr(float(level))
    return text if Fraction(text) == level else str(level)


def match_heads(ledgers: list, heads: tuple[str, ...] | list[str]) -> dict[str, str]:
    """The head hash held for each ledger (``--head``, as ``ledger verify --head`` takes it: the
    full hash or at least 16 hex digits): one per ledger in the order the ledgers are given, or
    ``账本文件名=HASH`` naming the ledger (then only the ledgers named are compared)."""
    if not heads:
        return {}
    names = collect.labels(ledgers)
    if not any("=" in text for text in heads):
        if len(heads) != len(ledgers):
            raise InputError(f"给出了 {len(ledgers)} 个账本、{len(heads)} 个 --head：请按账本的顺序为每个账本给出一个头哈希，"
                             "或写成 --head 账本文件名=头哈希。")
        return {str(path): text for path, text in zip(ledgers, heads)}
    held: dict[str, str] = {}
    for text in heads:
        name, sep, digest = text.rpartition("=")
        path = next((path for path in ledgers if sep and name.strip() in (names[str(path)], str(path), Path(path).name)), None)
        if path is None:
            raise InputError(f"--head「{text}」没有指明所给的哪个账本：请写成 账本文件名=头哈希"
                             f"（所给账本：{'、'.join(names[str(path)] for path in ledgers) or '无'}）。")
        if str(path) in held:
            raise InputError(f"账本「{names[str(path)]}」给出了两个 --head。")
        held[str(path)] = digest
    return held


def gather(ledgers: list, rounds: list, records: list, pool_path: str | None,
           fields: tuple[str, ...], heads: tuple[str, ...] = ()) -> tuple[list[Draw], list[Limit], dict, set[str]]:
    """All draws, the limits met while reading, the inputs block, and the ids not to test."""
    held = match_heads(ledgers, heads)
    pool = read_pool(pool_path) if pool_path else None
    by_sha, limits = collect.read_records(records)
    inputs = {"ledgers": [], "rounds": [_file_entry(path) for path in _files(rounds)],
              "records": sorted({record["_file"] for record in by_sha.values()}),
              "pool": {"file": Path(pool_path).name, "sha256": pool.sha256} if pool else None,
              "fields": list(fields)}
    draws: list[Draw] = []
    names = collect.labels(ledgers)
    per_ledger = []
    hashes: dict[str, tuple[str, dict[int, str]]] = {}  # ledger file name -> (label, entry hash by number)
    contents: dict[str, dict[int, tuple[dict, str]]] = {}  # ledger file name -> (entry, hash) by number
    read = []
    for path in ledgers:
        entries, found, head = collect.read_ledger(path, names[str(path)], held.get(str(path)))
        read.append((path, entries, found, head))
        hashes[Path(path).name] = (names[str(path)], {seq: digest for seq, _, digest in entries})
        contents[Path(path).name] = {seq: (data, digest) for seq, data, digest in entries}
    # before any record is matched with a ledger's draw: one its entry disagrees with is no record of it
    unlike = _records_unlike_entries(by_sha, hashes, contents)
    for path, entries, found, head in read:
        limits += found
        limits += collect.times_going_back(entries, names[str(path)])  # a time written back (h153)
        limits += collect.redraw_previous_mismatches(entries, names[str(path)])  # a redraw's round rewritten (h153)
        got, found = collect.ledger_draws(entries, names[str(path)], by_sha, pool)
        per_ledger.append(got)
        limits += found
        # the chain head (last entry stored) and, with --head, where the held one is: for the inspector to compare
        inputs["ledgers"].append(dict(_file_entry(path), label=names[str(path)], entries=len(entries), head=head["head"],
                                      held_head=head["held_head"]))
    # a commit left open in one ledger, and a panel of its field made known after it in another
    limits += collect.commits_redone_elsewhere([(names[str(path)], entries) for path, entries, _, _ in read], limits)
    # a draw in two ledgers (a copy handed over at mid-year and the ledger itself) counts once: the
    # longest ledger's, so that its redraws still meet the draws they replaced
    seen: dict[str, Draw] = {}
    twice: dict[tuple[str, str], int] = {}
    for got in sorted(per_ledger, key=len, reverse=True):
        for draw in got:
            first = seen.setdefault(draw.draw_sha256, draw) if draw.draw_sha256 else draw
            if first is draw:
                draws.append(draw)
            else:
                first.refs += [ref for ref in draw.refs if ref not in first.refs]
                twice[(draw.ledger, first.ledger)] = twice.get((draw.ledger, first.ledger), 0) + 1
    limits += [Limit("same_draw_in_two_ledgers", f"账本「{copy}」中有 {count} 次抽取与账本「{kept}」中的相同（抽取记录哈希相同）："
                                                 f"按一次计入（以「{kept}」的条目为准）。") for (copy, kept), count in sorted(twice.items())]
    limits += unlike
    in_ledger = {draw.draw_sha256 for draw in draws}
    unmatched = [record for sha, record in sorted(by_sha.items()) if sha not in in_ledger]
    limits += _entries_missing(unmatched, hashes)
    draws += [collect.draw_from_record(record) for record in unmatched]
    limits += collect.records_going_back(draws)  # drawn_at is in no hash: a record's time written back (h153)
    expert_names: dict[str, set] = {}
    if rounds:
        got, found = paper.read_paper(rounds, draws, pool, fields, expert_names)
        draws += got
        limits += found
    if pool is not None:  # the units of draws whose record was not given: the pool's (the same pool, or said approximate)
        units = {expert.expert_id: (expert.unit or "", expert.unit_uscc or "") for expert in pool.experts}
        for draw in draws:
            if draw.units is None:
                draw.units = units
                draw.units_basis = collect.UNITS_POOL if draw.pool_sha256 == pool.sha256 else collect.UNITS_POOL_APPROX
    collect.mark_superseded(draws)
    limits += _rounds_listing_replaced_draws(draws)
    draws.sort(key=lambda draw: (draw.at, draw.id))
    untested = _ambiguous_ids(expert_names, pool, limits)
    limits += _draw_limits(draws)
    return draws, limits, inputs, untested


def build_report(ledgers: list, rounds: list, records: list, pool_path: str | None = None,
                 fields: tuple[str, ...] = (), level: Fraction = stats.DEFAULT_LEVEL, heads: tuple[str, ...] = ()) -> dict:
    """Everything fairness.json holds."""
    if not (ledgers or rounds or records):
        raise InputError("请给出至少一个账本、--rounds 轮次记录或 --records 抽取记录。")
    draws, limits, inputs, untested = gather(ledgers, rounds, records, pool_path, fields, heads)
    experts = analyse.expert_tests(draws, level, untested)
    limits += _too_few_draws(analyse.smallest_adjusted_p(draws, untested), level) or _nothing_tested(draws)
    # an id written with two names is left out of the tests (which person was drawn is unknown);
    # counted as one person it is still tested, so that an over-drawn expert cannot hide behind a
    # second spelling of the name: a hit is flagged for the office to establish who sat
    merged = [row for row in analyse.expert_tests(draws, level) if row["expert_id"] in untested and row["flagged"]]
    pairs_tested, pairs = analyse.pair_tests(draws, level, untested)
    recurrence_tested, recurrences = analyse.recurrence_tests(draws, level, untested)
    redraws = analyse.redraw_items(draws)
    report = {
        "report": "fundcheck fairness", "fundcheck_version": __version__,
        "parameters": {"level": level_text(level), "correction": "holm", "method": METHOD, "counting": COUNTING_RULE,
                       "pair_rows_shown": analyse.PAIR_ROWS_SHOWN,
                       "review": {"exclusion_share": str(analyse.EXCLUSION_SHARE), "exclusion_min": analyse.EXCLUSION_MIN,
                                  "substitutions_min": analyse.SUBSTITUTIONS_MIN,
                                  "substitute_entries_min": analyse.SUBSTITUTE_ENTRIES_MIN,
                                  "unit_panel_share": str(analyse.UNIT_PANEL_SHARE), "unit_chance": str(analyse.UNIT_CHANCE)}},
        "inputs": inputs,
        "draws": [draw.summary() for draw in draws],
        "experts": {"tested": len(experts), "rows": [_row(row) for row in experts]},
        "pairs": {"tested": pairs_tested, "rows": [_row(row) for row in pairs]},
        "recurrence": {"tested": recurrence_tested, "rows": [_row(row) for row in recurrences]},
        "redraws": {"items": redraws, "by_operator": analyse.activity(draws, redraws, "operator"),
                    "by_round": analyse.activity(draws, redraws, "round_id")},
        "substitutions": analyse.substitution_items(draws),
        "limits": [limit.as_dict() for limit in limits],
    }
    report["flags"] = (flags(report) + [_two_names_flag(row, report, untested[row["expert_id"]]) for row in merged]
                       + [_unrecorded_redraw_flag(item) for item in analyse.unrecorded_redraws(draws)]
                       + [_renamed_round_flag(item) for item in analyse.renamed_rounds(draws)]
                       + [_mass_exclusion_flag(item) for item in analyse.mass_exclusions(draws)]
                       + [_substitution_run_flag(item) for item in analyse.substitution_runs(draws)]
                       + [_frequent_substitute_flag(item) for item in analyse.frequent_substitutes(draws)]
                       + [_one_unit_flag(item) for item in analyse.unit_concentrations(draws)]
                       + [_unmarked_redraw_flag(item) for item in analyse.unmarked_redraws(draws)])
    # a replaced commit is said in its commit_without_reveal limit already, a commit redone and a held
    # head not found are findings: only their flags are kept
    report["limits"] = [limit for limit in report["limits"] if limit["kind"] not in FLAG_ONLY]
    limits = [limit for limit in limits if limit.kind not in FLAG_ONLY]
    report["verdict"] = "flagged" if report["flags"] else "clear"
    report["counts"] = {"draws": len(draws), "counted": sum(draw.counted for draw in draws),
                        "tested": sum(draw.testable for draw in draws), "flags": len(report["flags"]),
                        "limits": len(limits)}
    return report


def _row(row: dict) -> dict:
    """A test row for JSON: numbers as floats (expected to 4 decimals, p-values to 6 digits)."""
    out = {key: value for key, value in row.items() if key != "p"}
    out.update(expected=round(float(row["expected"]), 4), p_value=stats.as_float(row["p"]),
               p_adjusted=stats.as_float(row["p_adjusted"]))
    return out


def flags(report: dict) -> list[dict]:
    """Every flagged item, each naming the draws behind it."""
    refs = {draw["id"]: draw["refs"] for draw in report["draws"]}
    out = []
    for row in report["experts"]["rows"]:
        if row["flagged"]:
            out.append({"kind": "expert", "subject": row["expert_id"], "observed": row["observed"],
                        "expected": row["expected"], "p_value": row["p_value"], "p_adjusted": row["p_adjusted"],
                        "draws": row["drawn_in"], "refs": _refs(refs, row["drawn_in"])})
    for row in report["pairs"]["rows"]:
        if row["flagged"]:
            out.append({"kind": "pair", "subject": "+".join(row["experts"]), "observed": row["observed"],
                        "expected": row["expected"], "p_value": row["p_value"], "p_adjusted": row["p_adjusted"],
                        "draws": row["drawn_together_in"], "refs": _refs(refs, row["drawn_together_in"])})
    for row in report["recurrence"]["rows"]:
        if row["flagged"]:
            out.append({"kind": "recurrence", "subject": f"{row['expert_id']}@{row['applicant_uscc']}",
                        "observed": row["observed"], "expected": row["expected"], "p_value": row["p_value"],
                        "p_adjusted": row["p_adjusted"], "draws": row["draws"], "refs": _refs(refs, row["draws"])})
    for limit in report["limits"]:  # a tampered ledger is never "clear": the counts above may be the forger's
        if limit["kind"] == "round_lists_replaced_draw":
            out.append({"kind": "round_lists_replaced_draw", "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": _refs(refs, limit["draws"])})
        if limit["kind"] == "commit_replaced":
            out.append({"kind": "commit_replaced", "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": limit["draws"]})
        if limit["kind"] == "commit_then_renamed":  # two commits, one revealed: the lottery was chosen after the fact
            out.append({"kind": "commit_then_renamed", "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": limit["draws"]})
        if limit["kind"] == "commit_then_redo":  # the same, under another round id or other recusals
            out.append({"kind": "commit_then_redo", "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": limit["draws"], "entries": limit["entries"]})
        if limit["kind"] == "ledger_head":  # a ledger rewritten with a fresh chain: only the held head shows it
            out.append({"kind": "ledger_head", "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": [], "refs": limit["draws"]})
        if limit["kind"] in ("ledger_entry_missing", "record_inconsistent", "record_ledger_mismatch", "record_time_backwards"):
            out.append({"kind": limit["kind"], "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": limit["draws"]})
        if limit["kind"] in ("entry_time_backwards", "redraw_previous_mismatch"):  # the entry as cited (it may be no draw: a commit, a substitution)
            out.append({"kind": limit["kind"], "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": [], "refs": limit["draws"]})
        if limit["kind"] in ("ledger_entry_inconsistent", "substitution_out_of_order"):  # the entry (and its record) as cited
            out.append({"kind": limit["kind"], "subject": limit["draws"][0], "reason": limit["message"],
                        "draws": limit["draws"], "refs": _refs(refs, limit["draws"])})
        if limit["kind"] == "ledger_chain":
            label = next((item["label"] for item in report["inputs"].get("ledgers", ())
                          if f"「{item['label']}」" in limit["message"]), "")
            out.append({"kind": "ledger_chain", "subject": label, "reason": limit["message"], "draws": [], "refs": [label]})
    for item in report["redraws"]["items"]:
        if item["flagged"]:
            # the row named a ledger entry and quoted the operator's reason as the finding's: which round,
            # what was redrawn and why it is flagged are what an inspector reads (h153)
            out.append({"kind": "reroll", "subject": item["draw"], "operator": item["operator"], "round_id": item["round_id"],
                        "redraw_reason": item["reason"], "reason": _reroll_reason(item),
                        "draws": [item["replaces"], item["draw"]], "refs": item["refs"]})
    return out


def _reroll_reason(item: dict) -> str:
    """A re-roll in words: the round, the draw it replaced, the reason recorded, why it is flagged."""
    from checker.fairness.report import at_text  # the time as the report prints it (2024-04-29 15:10:00)

    why = ("可抽取名单未变（哈希相同），只换了随机数" if item["eligible_unchanged"] is True
           else "可抽取名单有变化，但原正选专家都仍可抽取，这一变化并不需要另抽名单")
    said = f"记录的重新抽取原因为“{item['reason']}”" if item["reason"] else "账本未记录重新抽取原因"
    when = f"（{at_text(item['at'])}）" if item.get("at") else ""
    return (f"轮次 {item['round_id']}（领域 {'、'.join(item['fields'])}）的重新抽取 {item['draw']}{when}"
            f"取代了此前的抽取 {item['replaces']}，{said}；"
            f"{why}，正选名单却改变（换下 {'、'.join(item['out']) or '无'}，换上 {'、'.join(item['in']) or '无'}）："
            "重新抽取可以只留下想要的名单；请核实重新抽取的原因是否属实、是否确需重新抽取，以及实际评审的是哪一份名单。")


def _two_names_flag(row: dict, report: dict, names: int) -> dict:
    """An id under two names whose panels, counted as one person's, are too many."""
    refs = {draw["id"]: draw["refs"] for draw in report["draws"]}
    return {"kind": "expert_two_names", "subject": row["expert_id"], "observed": row["observed"],
            "expected": round(float(row["expected"]), 4), "p_value": stats.as_float(row["p"]),
            "p_adjusted": stats.as_float(row["p_adjusted"]), "draws": row["drawn_in"], "refs": _refs(refs, row["drawn_in"]),
            "reason": f"该编号对应 {names} 个不同的姓名，未参与各专家的检验；按同一人计，入选次数显著偏多：请核实各次实际参加评审的是谁"}


def _unrecorded_redraw_flag(item: dict) -> dict:
    """Two counted draws of one round and field in different ledgers (analyse.unrecorded_redraws)."""
    return {"kind": "unrecorded_redraw", "subject": item["round_id"], "draws": item["draws"], "refs": item["refs"],
            "reason": (f"轮次 {item['round_id']}（领域 {'、'.join(item['fields'])}）在不同账本或抽取记录中各抽取一次"
                       f"（{'、'.join(item['draws'])}），账本未记为重新抽取：每轮次每个领域只应抽取一次，"
                       "另起账本再抽可以只留下想要的名单；请查明哪一次是实际使用的名单及另一次的原因。两次均已计入统计。")}


def _renamed_round_flag(item: dict) -> dict:
    """Two rounds that look like one renamed (analyse.renamed_rounds): a redraw with no reason."""
    first, second = item["rounds"]
    alike = "、".join(([f"评审的申报单位相同（{item['applicants']} 家，按统一社会信用代码）"] if item["same_applicants"] else [])
                     + (["可抽取名单相同"] if item["same_eligible"] else [])
                     + ([f"编号只是在“{min(item['rounds'], key=len)}”后加了字"] if item["extended_id"] else []))
    changed = "名单不同" if item["panel_changed"] else "名单相同"
    return {"kind": "renamed_round", "subject": f"{first}→{second}", "draws": item["draws"], "refs": item["refs"],
            "reason": (f"轮次 {second}（{item['draws'][1]}）与此前的轮次 {first}（{item['draws'][0]}）领域重叠"
                       f"（{'、'.join(item['fields'])}），{alike}，两次抽取{changed}：像是同一轮次换了编号重新抽取，"
                       "避开了每轮次每个领域只抽取一次、重新抽取须说明原因的规则；请查明实际评审的是哪一次的名单及再次抽取的原因。"
                       "两次均已计入统计。")}


RULE_ZH = {"bureau_staff": "本局人员", "same_employer": "同单位", "declared_conflict": "申报回避"}


def _mass_exclusion_flag(item: dict) -> dict:
    """A draw whose recusals took out a large share of the candidates (analyse.mass_exclusions)."""
    share = Fraction(len(item["excluded"]), item["candidates"])
    rules = "、".join(f"{RULE_ZH.get(rule, rule)} {count} 人" for rule, count in item["by_rule"].items())
    return {"kind": "mass_exclusion", "subject": item["draw"], "operator": item["operator"], "draws": [item["draw"]],
            "refs": item["refs"],
            "reason": (f"轮次 {item['round_id']}（领域 {'、'.join(item['fields'])}）在库候选 {item['candidates']} 人中回避 "
                       f"{len(item['excluded'])} 人（{float(share):.0%}；{rules}：{'、'.join(item['excluded'])}），可抽取的只剩 "
                       f"{item['eligible']} 人：回避一多，随机抽取就只在剩下的少数人中进行；请逐项核实回避的依据（申报回避须有书面材料；"
                       f"复核线为回避不少于 {analyse.EXCLUSION_MIN} 人且不少于在库候选的 {float(analyse.EXCLUSION_SHARE):.0%}）。")}


def _substitution_run_flag(item: dict) -> dict:
    """A draw with several substitutions (analyse.substitution_runs)."""
    steps = "、".join(f"{replaced}→{by}" for replaced, by in item["steps"])
    reasons = "；".join(dict.fromkeys(str(reason or "未说明") for reason in item["reasons"]))
    return {"kind": "substitution_run", "subject": item["draw"], "operator": item["operator"], "draws": [item["draw"]],
            "refs": item["refs"],
            "reason": (f"轮次 {item['round_id']} 的抽取先后替换 {len(item['steps'])} 次（{steps}；原因：{reasons}），"
                       f"候补 {item['alternates']} 人用去 {len(item['steps'])} 人：由哪位候补入选取决于谁谢绝，"
                       "接连报称谢绝直到某位候补入选，可以挑选名单；请核实每次谢绝的书面记录（本人签字或通话记录；"
                       f"复核线为一次抽取替换不少于 {analyse.SUBSTITUTIONS_MIN} 次）。")}


def _frequent_substitute_flag(item: dict) -> dict:
    """An expert who came onto counted panels as a substitute again and again (analyse.frequent_substitutes)."""
    return {"kind": "frequent_substitute", "subject": item["expert_id"], "draws": item["draws"], "refs": item["refs"],
            "reason": (f"专家 {item['expert_id']} 在 {len(item['draws'])} 次抽取中都是因他人谢绝而以候补顶替入选"
                       f"（轮次 {'、'.join(item['rounds'])}；经办 {'、'.join(item['operators'])}）：入选次数检验只计抽取时的正选，"
                       "不含顶替；请核实这些谢绝的书面记录（复核线为顶替入选不少于 "
                       f"{analyse.SUBSTITUTE_ENTRIES_MIN} 次）。")}


UNITS_ZH = {collect.UNITS_RECORD: "抽取记录所载候选专家的工作单位（抽取时）",
            collect.UNITS_POOL: "所给专家库（与该次抽取所用专家库的哈希一致）",
            collect.UNITS_POOL_APPROX: "所给专家库（不是或无法确认是该次抽取所用的专家库，工作单位可能已有变动：近似）"}
# what a one-unit panel is reviewed against: the duty list's random draw, and the ban on naming experts
# "in effect" (draw-calendar-ecosystem.md §0, [verified]); the share and the chance are parameters
UNIT_CITATION = [
    {"source": "001_92b0dbd82849a40b.txt", "lines": "2581, 2621, 2820, 4066, 4109, 4150, 4301, 4342",
     "quote": "局政工科按照项目领域，通过市工信局项目专家库随机抽取7名专家"},
    {"source": "招标投标法实施条例 第四十六条", "quote": "任何单位和个人不得以明示、暗示等任何方式指定或者变相指定"}]


def _unmarked_redraw_flag(item: dict) -> dict:
    """A second draw of a round and field in one ledger written as no redraw (analyse.unmarked_redraws)."""
    from checker.draw.ledger import type_zh

    return {"kind": "redraw_unmarked", "subject": item["draw"], "round_id": item["round_id"],
            "draws": [item["replaces"], item["draw"]], "refs": item["refs"],
            "reason": (f"账本「{item['ledger']}」第 {item['seq']} 条（{type_zh(item['kind'])}，轮次 {item['round_id']}，"
                       f"领域 {'、'.join(item['fields'])}）与此前第 {item['previous_seq']} 条（{type_zh(item['previous_kind'])}）"
                       "是同一轮次同一领域的抽取，却没有记为重新抽取、没有重新抽取原因：抽取命令不会这样写入账本"
                       "（同一轮次同一领域再次抽取须说明原因），该条目可能在事后被改写（整条链重算后哈希链仍可校验通过），"
                       f"以掩盖重新抽取。统计只计第 {item['seq']} 条，并已按重新抽取与第 {item['previous_seq']} 条比较名单"
                       "（见重新抽取表）；请以抽取当时的记录、公示名单和持有的头哈希核对，查明实际评审的是哪一份名单。")}


def _one_unit_flag(item: dict) -> dict:
    """A panel drawn mostly from one 工作单位 beyond what the eligible list's make-up explains (analyse.unit_concentrations)."""
    named = f"「{item['unit']}」" if item["unit"] else f"（统一社会信用代码 {item['unit_uscc']}）"
    share = Fraction(item["unit_eligible"], item["eligible"])
    return {"kind": "one_unit_panel", "subject": item["draw"], "operator": item["operator"], "round_id": item["round_id"],
            "draws": [item["draw"]], "refs": item["refs"], "unit": item["unit"], "unit_uscc": item["unit_uscc"],
            "from_unit": item["from_unit"], "panel_size": item["panel_size"], "unit_eligible": item["unit_eligible"],
            "eligible": item["eligible"], "chance": stats.as_float(item["chance"]), "citation": UNIT_CITATION,
            "reason": (f"轮次 {item['round_id']}（领域 {'、'.join(item['fields'])}）抽取时的正选 {item['panel_size']} 人中有 "
                       f"{item['from_unit']} 人来自同一工作单位{named}（{'、'.join(item['experts'])}）；该单位在可抽取的 "
                       f"{item['eligible']} 人中有 {item['unit_eligible']} 人（占 {float(share):.0%}），等概率抽取时平均入选 "
                       f"{float(item['expected']):.2f} 人，任一单位占 {item['from_unit']} 人及以上的概率为 "
                       f"{_chance_text(item['chance'])}：集中程度超出专家库构成所能解释的范围。履职清单规定“通过市工信局项目专家库"
                       "随机抽取7名专家”，《招标投标法实施条例》第四十六条规定不得以任何方式指定或者变相指定专家；"
                       "请核实该次抽取的随机数来源和可抽取名单（该单位专家的入库时间、所列领域）以及回避是否遗漏。"
                       f"复核线为同一单位超过正选人数的 {analyse.UNIT_PANEL_SHARE}，且等概率抽取出现这种集中的概率不超过 "
                       f"{float(analyse.UNIT_CHANCE):.0%}（逐次计算，未做多重检验校正，统计上的异常不等于违规）。"
                       f"工作单位依据：{UNITS_ZH.get(item['units_basis'], item['units_basis'])}。")}


def _chance_text(value: Fraction) -> str:
    """A chance as people read it: 0.58%, 0.012%, or 3.93×10⁻⁶ when smaller (as p-values print)."""
    from checker.fairness.report import p_text

    return f"{float(value) * 100:.2g}%" if value >= Fraction(1, 10000) else p_text(float(value))


def _refs(refs: dict, ids: list[str]) -> list[str]:
    return [ref for draw_id in ids for ref in refs.get(draw_id, [])]


# ---------------------------------------------------------------- limits


def _ambiguous_ids(names: dict[str, set], pool, limits: list[Limit]) -> dict[str, int]:
    """Expert ids that appear under two or more names (round records, pool), with how many: not tested."""
    if pool is not None:
        for expert in pool.experts:
            if expert.expert_id in names:
                names[expert.expert_id].add(paper.name_key(expert.name))
    ambiguous = sorted(expert for expert, found in names.items() if len(found) > 1)
    for expert in ambiguous:
        limits.append(Limit("id_under_two_names", f"专家编号 {expert} 在轮次记录{'与专家库' if pool else ''}中对应 "
                                                  f"{len(names[expert])} 个不同的姓名：无法确定是同一人，"
                                                  "该编号未参与检验（姓名不在报告中列出）。"))
    return {expert: len(names[expert]) for expert in ambiguous}


def _draw_limits(draws: list[Draw]) -> list[Limit]:
    limits = []
    by_basis = {basis: [draw.id for draw in draws if draw.counted and draw.basis == basis]
                for basis in (BASIS_NONE, BASIS_POOL_APPROX, BASIS_PAPER_POOL)}
    if by_basis[BASIS_NONE]:
        limits.append(Limit("no_eligible_list", f"{len(by_basis[BASIS_NONE])} 次抽取没有可抽取名单（早期版本的账本条目只存名单哈希；"
                                                "请同时给出抽取记录或专家库）：未纳入检验。", by_basis[BASIS_NONE]))
    for basis in (BASIS_POOL_APPROX, BASIS_PAPER_POOL):
        if by_basis[basis]:
            limits.append(Limit(basis, f"{len(by_basis[basis])} 次抽取的可抽取名单为近似：{BASIS_ZH[basis]}。"
                                       "近似名单偏大时期望次数偏低，检验偏向多标记。", by_basis[basis]))
    without = [draw.id for draw in draws if draw.testable and draw.applicants is None]
    if without:
        limits.append(Limit("no_applicants", f"{len(without)} 次抽取不知评审了哪些申报单位（无抽取记录的回避输入，"
                                             "轮次记录未列申报单位统一社会信用代码）：未参与专家—申报单位复现检验。", without))
    limits += _overlapping(draws)
    limits += _repeated_paper_rounds(draws)
    limits += _round_spellings(draws)
    return limits


def _round_spellings(draws: list[Draw]) -> list[Limit]:
    """A round written two ways (R-9, r-9, Ｒ－９): one round, as the ledger compares round ids (a second
    draw of the field under r-9 asks a redraw reason); said, since the tables list it once (h153)."""
    return [Limit("round_id_spelling", f"轮次编号{'、'.join(f'「{other}」' for other in others)}与「{name}」只差大小写、全角半角、空格、"
                                       f"不可见字符或形近字母，账本将其视为同一轮次（同一领域再次抽取须说明重新抽取原因）："
                                       f"按同一轮次 {name} 统计和列出。", ids)
            for name, others, ids in model.round_spellings(draws)]


def _repeated_paper_rounds(draws: list[Draw]) -> list[Limit]:
    """Two paper records of the same round and fields: a paper record cannot say which replaced
    which, so both are counted and the report says so."""
    seen: dict[tuple, list[str]] = {}
    for draw in draws:
        if draw.source == "paper":
            seen.setdefault((round_key(draw.round_id), draw.fields), []).append(draw.id)
    named = {(round_key(draw.round_id), draw.fields): draw.round_id for draw in reversed(draws) if draw.source == "paper"}
    return [Limit("repeated_paper_round", f"轮次 {named[round_id, fields]} 有 {len(ids)} 份纸质抽取记录（领域 {'、'.join(fields)}）："
                                          "无法判断是否为重新抽取，均计入统计。", ids)
            for (round_id, fields), ids in sorted(seen.items()) if len(ids) > 1]


def _rounds_listing_replaced_draws(draws: list[Draw]) -> list[Limit]:
    """A round record naming a ledger draw that a redraw replaced: the panel that reviewed is the
    replaced one (the audit fails it, DRAW-RANDOM), while the counts follow the ledger's redraw."""
    return [Limit("round_lists_replaced_draw", f"轮次记录 {'、'.join(draw.listed_by)} 的抽取记录编号指向 {draw.id}，"
                                               f"该抽取已被 {draw.superseded_by} 重新抽取取代：轮次记录所列是被取代抽取的名单，"
                                               "如确由其评审，重新抽取形同虚设；统计按账本现行的抽取计入。", [draw.id, draw.superseded_by])
            for draw in draws if not draw.counted and draw.listed_by]


def _nothing_tested(draws: list[Draw]) -> list[Limit]:
    """No draw entered the tests (an empty folder of records, paper rounds without a pool, lists
    never recorded): said, or the run read as 未发现异常 with no limit at all, exit 0 (h145)."""
    if any(draw.testable for draw in draws):
        return []
    counted = sum(draw.counted for draw in draws)
    found = (f"读到的 {len(draws)} 次抽取（计入 {counted} 次）没有一次有可抽取名单并计入统计" if draws
             else "所给输入中没有读到任何抽取")
    return [Limit("nothing_tested", f"{found}：入选次数、同组和反复评审都未检验，本报告“未发现异常”不说明抽取公平。")]


def _too_few_draws(smallest: tuple[Fraction, int] | None, level: Fraction) -> list[Limit]:
    """The test cannot flag any expert: said, so that 未发现异常 is not read as 抽取公平."""
    if smallest is None or smallest[0] <= level:
        return []
    p, times = smallest
    return [Limit("too_few_draws", f"抽取次数太少，检验不能发现入选过多：即使某位专家在其可被抽取的 {times} 次抽取中每次都被抽中，"
                                   f"校正后的 p 值也只有 {stats.as_float(p):.4g}，大于显著性水平 {level_text(level)}。"
                                   "本报告“未发现异常”不说明抽取公平，需积累更多轮次或逐次核查。")]


def _records_unlike_entries(by_sha: dict[str, dict], hashes: dict, contents: dict) -> list[Limit]:
    """Records whose own ledger was given and holds their entry (same entry hash), but whose
    content disagrees with it (the record's hash, who drew, when, a redraw), as draw verify --ledger
    finds: such a record is not counted (the ledger's entry is, as the ledger has it), and is named.
    A record whose entry is missing or of another hash is _entries_missing's."""
    from checker.draw.verify import draw_entry_difference

    limits = []
    for sha, record in sorted(by_sha.items()):
        block = record.get("ledger") if isinstance(record.get("ledger"), dict) else {}
        ref = block.get("draw_entry") if isinstance(block.get("draw_entry"), dict) else {}
        name = Path(str(block.get("file") or "")).name
        found = contents.get(name, {}).get(ref.get("entry")) if isinstance(ref.get("entry"), int) else None
        if found is None or found[1] != ref.get("hash") or not isinstance(found[0], dict):
            continue
        problem = draw_entry_difference(record, found[0])
        if problem:
            del by_sha[sha]
            limits.append(Limit("record_ledger_mismatch", (
                f"抽取记录「{record['_file']}」与账本「{hashes[name][0]}」第 {ref['entry']} 条不符（与 draw verify --ledger 的结论相同）："
                f"{problem}记录在抽取后被改动或不是该条目的记录，未计入统计（以账本条目为准）。"), [record["_file"]]))
    return limits


def _entries_missing(records: list[dict], hashes: dict[str, tuple[str, dict[int, str]]]) -> list[Limit]:
    """Records whose own ledger (by file name) was given but lacks the record's entry: the ledger
    was cut short or replaced by an older copy (to hide a draw), whatever its chain says."""
    limits = []
    for record in records:
        block = record.get("ledger") if isinstance(record.get("ledger"), dict) else {}
        entry = block.get("draw_entry") if isinstance(block.get("draw_entry"), dict) else {}
        given = hashes.get(Path(str(block.get("file") or "")).name)
        if given is None or not isinstance(entry.get("entry"), int):
            continue
        label, by_seq = given
        if by_seq.get(entry["entry"]) != entry.get("hash"):
            found = "没有该条目" if entry["entry"] not in by_seq else "该条目的哈希不同"
            limits.append(Limit("ledger_entry_missing", (
                f"抽取记录 {record['_file']} 记载于账本「{label}」第 {entry['entry']} 条（哈希 {entry.get('hash')}），"
                f"所给账本{found}（共 {len(by_seq)} 条）：账本被截短、换成旧副本或重写，隐去了这次抽取。"), [record["_file"]]))
    return limits


def _overlapping(draws: list[Draw]) -> list[Limit]:
    """Draws of the same round whose (different) field sets overlap."""
    limits = []
    counted = [draw for draw in draws if draw.counted]
    # only draws of one round (round_key) can pair: grouped once, so a year of draws is not n² comparisons
    later: dict[str, list[int]] = {}
    for index, draw in enumerate(counted):
        later.setdefault(round_key(draw.round_id), []).append(index)
    for index, left in enumerate(counted):
        for right in (counted[other] for other in later[round_key(left.round_id)] if other > index):
            if left.fields != right.fields and set(left.fields) & set(right.fields):
                limits.append(Limit("overlapping_fields", (
                    f"轮次 {left.round_id} 有领域重叠的两次抽取（{'、'.join(left.fields)}；{'、'.join(right.fields)}）："
                    "两次均计入统计；若后一次实为重新抽取，账本未将其记为重新抽取。"), [left.id, right.id]))
    return limits


def _files(paths: list) -> list[Path]:
    found = []
    for raw in paths:
        path = Path(raw)
        found += sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".json", ".yaml", ".yml")) \
            if path.is_dir() else [path]
    return found


def _file_entry(path) -> dict:
    path = Path(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise InputError(f"无法读取「{path}」：{error}") from None
    return {"file": path.name, "sha256": digest}
