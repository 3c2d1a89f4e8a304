"""Write fairness.json and the printable fairness.html (inline SVG chart, no external files)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from checker.core.text import round_key
from checker.fairness.model import BASIS_ZH
from checker.io.outputs import OutputDir

HERE = Path(__file__).resolve().parent
KIND_ZH = {"expert": "专家入选次数过多", "pair": "两位专家同组次数过多", "recurrence": "专家反复评审同一申报单位",
           "reroll": "重新抽取：可抽取名单未变（或原正选专家均仍可抽取）而正选名单改变", "ledger_chain": "账本哈希链校验未通过（可能被改动）",
           "expert_two_names": "同一专家编号对应不同的姓名，按一人计入选次数过多",
           "unrecorded_redraw": "同一轮次同一领域抽取两次，未记为重新抽取",
           "mass_exclusion": "一次抽取回避人数过多（需核实回避依据）",
           "substitution_run": "一次抽取多次替换（需核实谢绝记录）",
           "frequent_substitute": "同一专家多次以候补顶替入选（需核实谢绝记录）",
           "commit_replaced": "承诺未揭示即被同一轮次的再次承诺或抽取取代",
           "commit_then_renamed": "承诺未揭示，其后换了轮次编号再次承诺或抽取",
           "commit_then_redo": "承诺未揭示，其后同一领域另有承诺揭示或抽取（可能择优揭示或改抽）",
           "ledger_head": "账本与持有的头哈希不符（末尾条目被删除或整条链被重写）",
           "renamed_round": "换了轮次编号的再次抽取（领域重叠，申报单位或可抽取名单相同），未记为重新抽取",
           "ledger_entry_missing": "抽取记录所载的账本条目不在所给账本中（账本被截短或替换）",
           "record_inconsistent": "抽取记录与复算结果不符（记录被改动），未计入统计",
           "record_ledger_mismatch": "抽取记录与其账本条目不符（记录被改动），未计入统计",
           "ledger_entry_inconsistent": "账本条目所载名单与复算结果不符（账本可能被改写），未纳入检验",
           "substitution_out_of_order": "替换不是由下一位未用候补顶替（账本可能被改写）",
           "round_lists_replaced_draw": "轮次记录所列的是已被重新抽取取代的抽取",
           "entry_time_backwards": "账本条目的时间早于此前的条目（时间可能被改写）",
           "redraw_previous_mismatch": "重新抽取所记被取代的条目与账本不符（账本可能被改写）",
           "record_time_backwards": "抽取记录的抽取时间早于同一账本此前条目的记录（时间可能被改写）",
           "redraw_unmarked": "同一轮次同一领域再次抽取，账本未记为重新抽取（账本可能被改写）",
           "one_unit_panel": "一次抽取的正选多数来自同一工作单位，超出专家库构成所能解释的程度（需核实）"}
SOURCE_ZH = {"ledger": "账本", "record": "抽取记录", "paper": "纸质记录"}
KINDS_ZH = {"draw": "抽取", "redraw": "重新抽取", "reveal": "揭示（两步抽取）", "paper": "纸质抽取"}

# Chart geometry (px): one row per expert tested.
ROW, LABEL, WIDTH, PAD = 16, 64, 460, 30


def write(report: dict, out: Path, force: bool = False) -> tuple[Path, Path]:
    """fairness.json (sorted keys, UTF-8) and fairness.html, both deterministic, written atomically
    into a checked output folder (checker/io/outputs.py); the JSON, written last, marks completion."""
    inputs = hashlib.sha256(json.dumps(report["inputs"], ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    folder = OutputDir(out, command="fairness", input_sha256=inputs, force=force)
    folder.begin(["fairness.json", "fairness.html"])
    # a tampered ledger's bytes that are not UTF-8 (kept as they are when read) shown as \udcff
    html_path = folder.write("fairness.html", render_html(report).encode("utf-8", "backslashreplace"))
    json_text = json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    json_path = folder.write_marker("fairness.json", json_text.encode("utf-8", "backslashreplace"))
    return json_path, html_path


def head_line(item: dict) -> str:
    """A ledger's chain head and how it compares with the held one (printed and in fairness.html)."""
    head, held = item.get("head") or {}, item.get("held_head")
    line = f"账本「{item['label']}」共 {item['entries']} 条，末条第 {head.get('entry')} 条，头哈希 {head.get('hash')}"
    if held is None:
        return line + "；未与持有的头哈希核对：请与事先交纪检监察组的头哈希比较。"
    if not held.get("matches"):
        return line + f"；与持有的头哈希 {held.get('given')} 不符：账本中没有该条目（见标记事项）。"
    later = head.get("entry") - held["entry"] if isinstance(head.get("entry"), int) else 0
    return line + f"；持有的头哈希 {held.get('given')} 为第 {held['entry']} 条" + (f"，其后另有 {later} 条。" if later else "，一致。")


def render_html(report: dict) -> str:
    environment = Environment(loader=FileSystemLoader(str(HERE)), autoescape=select_autoescape(["j2", "html"]),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["p"] = p_text
    environment.filters["breakable"] = breakable
    environment.filters["whole"] = whole
    template = environment.get_template("fairness.html.j2")
    return template.render(r=_printed(report), chart=chart(report["experts"]["rows"]), kind_zh=KIND_ZH,
                           source_zh=SOURCE_ZH, kinds_zh=KINDS_ZH, basis_zh=BASIS_ZH, head_line=head_line)


_BREAK_AFTER = re.compile(r"([@→+/\\_])")


def breakable(value) -> Markup:
    """A name or id as printed in a narrow column: escaped, with a line-break opportunity (<wbr>) after
    each @ → + / \\ _ it holds (ZJ014@91371002MA3P00006H, 2024-XCL-05→2024-XCL-06,
    专家抽取_2024_全年.db), so it wraps there rather than mid-word; a dot never (ledger.db stays whole)."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(escape("" if value is None else value))))


def whole(values, sep: str = "、") -> Markup:
    """Ids and names kept whole on a line where they fit (a round 2024-XCL-05, a date 2024-01-08,
    which would break at their hyphens; a reference ledger.db 第 4 条, at its spaces), escaped: a list
    joined by ``sep``, where the line may break; a string split at its spaces, where alone it may
    break (2024-01-08 09:30:00 between date and time). Each is an inline block no wider than its
    column (class nw): one longer than the column still wraps inside."""
    if isinstance(values, str):
        return Markup(" ").join(Markup('<span class="nw">%s</span>') % word for word in values.split(" "))
    items = list(values or [])
    # the separator inside the block before it: a line breaks after 、 or ；, never starts with one
    last = len(items) - 1
    return Markup("").join(Markup('<span class="nw">%s%s</span>') % (item, "" if i == last else sep) for i, item in enumerate(items))


def expected_text(value) -> str:
    """An expected count as printed: four decimals always (2.1040 under 5.6421, not 2.104; 0.7500, not 0.75),
    the precision the analysis keeps, so a column of them lines up and reads alike."""
    return f"{value:.4f}" if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def at_text(value):
    """A draw's time as people write it: 2024-04-29 15:10:00, not a program's 2024-04-29T15:10:00+08:00
    (Beijing time unsaid; another offset named: 2024-04-29 15:10:00（UTC+09:00））; a time that does
    not read as one is printed as recorded."""
    if not isinstance(value, str) or "T" not in value:
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.utcoffset()
    if offset is None or offset == _BEIJING:
        return text
    sign, offset = ("-", -offset) if offset < dt.timedelta(0) else ("+", offset)
    minutes = int(offset.total_seconds()) // 60
    return f"{text}（UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}）"


_BEIJING = dt.timedelta(hours=8)


def _printed(report: dict) -> dict:
    """The report as fairness.html prints it: each expected count in expected_text, each draw's time in
    at_text (fairness.json keeps the numbers and the times as recorded)."""
    def rows(items):
        return [dict(item, expected=expected_text(item["expected"])) if "expected" in item else item for item in items]

    def times(items):
        return [dict(item, at=at_text(item["at"])) if isinstance(item, dict) and "at" in item else item for item in items]

    printed = dict(report, flags=_with_rounds(rows(report.get("flags") or []), report.get("draws") or []),
                   draws=times(report.get("draws") or []))
    for part in ("experts", "pairs", "recurrence"):
        if isinstance(report.get(part), dict) and "rows" in report[part]:
            printed[part] = dict(report[part], rows=rows(report[part]["rows"]))
    redraws = report.get("redraws")
    if isinstance(redraws, dict) and isinstance(redraws.get("items"), list):
        printed["redraws"] = dict(redraws, items=times(redraws["items"]))
    return printed


# Flags of the tests name only draws (ledger.db#3) and their files: an inspector asks which rounds; the
# other kinds name their round in their subject or reason already
ROUNDS_SHOWN = ("expert", "pair", "recurrence", "expert_two_names")


def _with_rounds(flags: list, draws: list) -> list:
    """Each test flag with the rounds of its draws (in the order of its draws, each once), for print only."""
    round_of = {draw.get("id"): draw.get("round_id") for draw in draws if isinstance(draw, dict)}
    # one round under its first spelling (R-9, r-9 are one round to the ledger: h153)
    names: dict[str, str] = {}
    for draw_id, round_id in round_of.items():
        if isinstance(round_id, str):
            round_of[draw_id] = names.setdefault(round_key(round_id), round_id)
    out = []
    for flag in flags:
        if isinstance(flag, dict) and flag.get("kind") in ROUNDS_SHOWN:
            found = [round_of.get(draw_id) for draw_id in flag.get("draws") or ()]
            flag = dict(flag, rounds=list(dict.fromkeys(item for item in found if item)))
        out.append(flag)
    return out


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def p_text(value) -> str:
    """A p-value as people read it: 0.0123, 3.40×10⁻⁷ (not a program's 3.40e-07)."""
    if value is None:
        return ""
    if value >= 0.001 or value == 0:
        return f"{value:.4f}"
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def chart(rows: list[dict]) -> dict:
    """Bars (observed) and ticks (expected) per expert, as numbers the template draws."""
    top = max([row["observed"] for row in rows] + [row["expected"] for row in rows] + [1])
    scale = (WIDTH - LABEL - PAD) / top
    bars = [{"y": PAD + index * ROW, "label": row["expert_id"], "observed": row["observed"],
             "expected": expected_text(row["expected"]), "width": round(row["observed"] * scale, 1),
             "tick": round(LABEL + row["expected"] * scale, 1), "flagged": row["flagged"]}
            for index, row in enumerate(rows)]
    ticks = [{"x": round(LABEL + value * scale, 1), "value": value} for value in range(0, int(top) + 1, max(1, int(top) // 8 or 1))]
    return {"bars": bars, "ticks": ticks, "height": PAD + len(rows) * ROW + 10, "width": WIDTH, "label": LABEL,
            "row": ROW, "pad": PAD}
