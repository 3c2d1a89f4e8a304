"""``draw publish``: a draw record as one self-contained page that re-checks the draw in the browser.

The page holds the record's *public part* as JSON and the verification code (verify.js: MD5,
SHA-256, the RFC 3797 key and picks, written out so the page works from file:// with no network).
Left out on purpose: applicants' names and USCCs (only their count and the SHA-256 of the block),
the exclusions' details (they quote applicants' names; the rule codes stay), the experts' work
units, and free-text reasons. Expert ids and the pool hash are public by design.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from checker.draw.verify import verify_record
from checker.errors import InputError, read_reason, structure_reason
from checker.io.outputs import write_atomic
from checker.draw.ledger import sha256_json
from checker.draw.panel import beijing_time_text, clock_text
from checker.draw.rfc3797 import ALGORITHM, ALGORITHM_ZH

HERE = Path(__file__).resolve().parent
RULE_ZH = {"bureau_staff": "本局工作人员", "same_employer": "与申报单位同单位", "declared_conflict": "申报回避"}


def load_record(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"记录文件「{path}」不存在。") from None
    except (OSError, ValueError, RecursionError) as error:
        raise InputError(f"无法读取记录文件「{path}」：{read_reason(error)}。") from None
    if not isinstance(data, dict) or data.get("kind") != "draw":
        raise InputError(f"「{path}」不是抽取记录（kind 应为 draw；承诺记录须先揭示）。")
    return data


def public_part(record: dict) -> dict:
    """What the page shows and recomputes; raises InputError for a record of the wrong shape."""
    try:
        seed = record["seed"]
        if seed.get("kind") != "public_sources" or seed.get("publicly_verifiable") is not True:
            raise InputError("该记录以本机秘密值为种子，不可公开验证：不生成公开验证页。")
        inputs = record.get("exclusion_inputs") or {}
        ledger = record.get("ledger") or {}
        return {
            "round_id": str(record["round_id"]), "fields": [str(f) for f in record["fields"]],
            "panel_size": int(record["panel_size"]), "alternates_count": int(record["alternates_count"]),
            "operator": str(record.get("operator", "")), "drawn_at": str(record.get("drawn_at", "")),
            "pool": {"sha256": str(record["pool"]["sha256"]), "rows": record["pool"].get("rows")},
            "candidates": [str(item["expert_id"]) for item in record["candidates"]],
            "exclusions": [{"expert_id": str(item["expert_id"]),
                            "rules": sorted({str(reason["rule"]) for reason in item["reasons"]})}
                           for item in record["exclusions"]],
            "exclusion_inputs": {"applicants_count": len(inputs.get("applicants") or []),
                                 "applicants_sha256": sha256_json(inputs.get("applicants") or []),
                                 "conflicts_count": len(inputs.get("conflicts") or []),
                                 "staff_count": len(inputs.get("staff") or [])},
            "eligible": [str(item) for item in record["eligible"]], "eligible_sha256": str(record["eligible_sha256"]),
            "seed": {"kind": seed["kind"], "publicly_verifiable": True, "key": str(seed["key"]),
                     "sources": [{"name": str(source.get("name", "")), "numbers": [str(int(n)) for n in source["numbers"]]}
                                 for source in seed["sources"]]},
            "algorithm": {"name": str(record["algorithm"]["name"])},
            "sequence": [{key: item[key] for key in ("pick", "md5", "divisor", "remainder", "expert_id")}
                         for item in record.get("sequence") or []],
            "panel": [str(item["expert_id"]) for item in record["panel"]],
            "alternates": [str(item["expert_id"]) for item in record["alternates"]],
            "substitutions": [{key: item.get(key) for key in ("replaced", "by", "position", "at")}
                              for item in record.get("substitutions") or []],
            "redraw": {"previous": (record["redraw"] or {}).get("previous")} if record.get("redraw") else None,
            "draw_sha256": str(record.get("draw_sha256", "")),
            "ledger": {key: ledger.get(key) for key in ("commit_entry", "draw_entry", "head") if ledger.get(key)},
        }
    except (KeyError, TypeError, AttributeError, ValueError, OverflowError) as error:
        raise InputError(f"记录的结构不符合抽取记录格式（{structure_reason(error)}），无法生成验证页。") from None


def script_json(data: dict) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped (no '</script>' can close the block),
    and U+2028/U+2029 escaped for old JavaScript parsers; JSON.parse restores every character."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def time_text(stamp) -> str:
    """A time as the page prints it: Beijing time as the panel list writes it (2020年4月3日 09:30:00（北京时间））;
    a time of another offset was printed as its bare clock time (2024-03-05T01:30:00Z as 01:30:00), which a
    reader takes for Beijing time, eight hours off (h145): its offset named and Beijing time given; a time with
    no offset said to have none."""
    text = beijing_time_text(stamp)
    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return text
    offset = moment.utcoffset()
    if offset is None:
        return f"{text}（未注明时区）"
    if offset == _BEIJING:
        return text
    text = clock_text(moment)  # the time as recorded, then its offset and Beijing time
    sign, size = ("-", -offset) if offset < dt.timedelta(0) else ("+", offset)
    minutes = int(size.total_seconds()) // 60
    try:
        here = moment.astimezone(dt.timezone(_BEIJING))
    except OverflowError:  # a time at the calendar's edge (a hand-edited record): as written (h148)
        return str(stamp)
    return f"{text}（UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}，即北京时间 {here.year}年{here.month}月{here.day}日 {here:%H:%M:%S}）"


_BEIJING = dt.timedelta(hours=8)


def render(public: dict) -> str:
    environment = Environment(loader=FileSystemLoader(str(HERE)), autoescape=select_autoescape(["j2", "html"]),
                              trim_blocks=True, lstrip_blocks=True)
    environment.filters["beijing"] = time_text  # 2020年4月3日 09:30:00（北京时间）, as the panel list writes it
    script = (HERE / "verify.js").read_text(encoding="utf-8")
    return environment.get_template("verify.html.j2").render(
        d=public, data_json=script_json(public), script=script, rule_zh=RULE_ZH, algorithm=ALGORITHM,
        algorithm_zh=ALGORITHM_ZH)


def publish(record_path: Path, out: Path) -> str:
    """Write the page; return fundcheck's own verification ("" when it matches)."""
    record = load_record(record_path)
    public = public_part(record)
    if not out.parent.exists():
        raise InputError(f"输出目录「{out.parent}」不存在。")
    if out.resolve() == Path(record_path).resolve():
        raise InputError(f"验证页与抽取记录是同一个文件「{out}」：请另指定 --out（如 verify.html）。")
    if out.exists() and out.suffix.lower() not in (".html", ".htm"):  # a ledger, a record, a workbook
        raise InputError(f"输出文件「{out}」已存在且不是网页（.html）：验证页不覆盖其他文件，请另指定 --out。")
    try:
        problem = verify_record(record)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, OverflowError) as error:
        problem = f"记录的结构不符合抽取记录格式（{structure_reason(error)}）"
    write_atomic(out, render(public).encode("utf-8"))
    return problem
