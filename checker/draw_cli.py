"""The ``fundcheck draw`` and ``fundcheck ledger`` command groups.

Thin layer over :mod:`checker.draw` (logic), :mod:`checker.pool` (pool file) and
:mod:`checker.ledger` (SQLite chain). Every command validates all its input first and then does
its ledger append, record write and panel-file write together: the ledger transaction is
committed only after the output files have been written to temporary names, so a failed command
appends nothing and leaves no half-written record.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import click

from checker import draw as draw_mod
from checker import ledger as ledger_mod
from checker import rfc3797
from checker.errors import EXIT_FINDINGS, InputError
from checker.pool import Pool, read_pool

PANEL_HEADERS = ("序号", "角色", "专家编号", "姓名", "工作单位", "专业领域", "备注")


# ---------------------------------------------------------------- file helpers


def _load_record(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"记录文件「{path}」不存在。") from None
    except (OSError, ValueError, RecursionError) as error:
        raise InputError(f"无法读取记录文件「{path}」：{error}") from None
    if not isinstance(data, dict):
        raise InputError(f"记录文件「{path}」不是 JSON 对象。")
    return data


def _check_out_dir(path: Path) -> None:
    if not path.parent.exists():
        raise InputError(f"输出目录「{path.parent}」不存在。")


def _temp_beside(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def default_panel_path(record_path: Path) -> Path:
    """RECORD.json → RECORD.panel.xlsx (next to the record)."""
    return record_path.with_name(record_path.stem + ".panel.xlsx")


def panel_rows(record: dict, pool: Pool | None) -> list[tuple]:
    """Panel-file rows: current panel, unused alternates, replaced members. No phone numbers."""
    experts = pool.by_id() if pool else {}
    panel, unused = draw_mod.current_panel(record)
    substituted = {item["by"]: item for item in record.get("substitutions", ())}
    replaced = {item["replaced"]: item for item in record.get("substitutions", ())}
    rows = []
    for expert_id in panel:
        note = f"顶替 {substituted[expert_id]['replaced']}" if expert_id in substituted else ""
        rows.append(("正选", expert_id, note))
    rows += [("候补", expert_id, "") for expert_id in unused]
    rows += [("已替换", expert_id, replaced[expert_id]["reason"]) for expert_id in replaced]
    out = []
    for number, (role, expert_id, note) in enumerate(rows, start=1):
        expert = experts.get(expert_id)
        out.append((number, role, expert_id, expert.name if expert else "",
                    expert.unit if expert else "", "、".join(expert.fields) if expert else "", note))
    return out


def write_panel_file(path: Path, record: dict, pool: Pool | None) -> None:
    """The organising office's list (ids and names); .csv when the name says so, else .xlsx."""
    rows = panel_rows(record, pool)
    title = f"{record['round_id']} {'、'.join(record['fields'])} 专家抽取结果（保密，评审结果公布前不得外传）"
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(PANEL_HEADERS)
            writer.writerows(rows)
        return
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "抽取结果"
    sheet.append(PANEL_HEADERS)
    for row in rows:
        sheet.append(list(row))
    info = workbook.create_sheet("说明")
    for row in (("标题", title), ("轮次", record["round_id"]), ("领域", "、".join(record["fields"])),
                ("抽取记录哈希", record["draw_sha256"]),
                ("账本条目", str(record["ledger"]["head"]["entry"])),
                ("账本头哈希", record["ledger"]["head"]["hash"])):
        info.append(row)
    workbook.save(path)


class Outputs:
    """Write files to temporary names first; move them into place only after the ledger commit."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []

    def json(self, path: Path, data: dict) -> None:
        temp = _temp_beside(path)
        self.pending.append((temp, path))
        _write_json(temp, data)

    def panel(self, path: Path, record: dict, pool: Pool | None) -> None:
        reserved = _temp_beside(path)
        temp = reserved.with_suffix(path.suffix)  # openpyxl/csv choose the format by suffix
        reserved.unlink()
        self.pending.append((temp, path))
        write_panel_file(temp, record, pool)

    def publish(self) -> None:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600 files; give them the user's usual mode
        for temp, path in self.pending:
            os.chmod(temp, mode)
            os.replace(temp, path)
        self.pending = []

    def discard(self) -> None:
        for temp, _ in self.pending:
            temp.unlink(missing_ok=True)
        self.pending = []


# ---------------------------------------------------------------- shared option handling


def _inputs(applicants, conflicts, staff) -> dict:
    return draw_mod.exclusion_inputs(
        draw_mod.read_applicants(applicants) if applicants else (),
        draw_mod.read_conflicts(conflicts) if conflicts else (),
        [item for path in staff for item in draw_mod.read_staff(path)])


def _prepare(pool_path, fields, size, alternates, round_id, applicants, conflicts, staff, warn_multiple):
    pool = read_pool(pool_path)
    policy = draw_mod.Policy(panel_size=size, alternates=alternates, warn_below_multiple=warn_multiple)
    prepared = draw_mod.prepare(pool, round_id, fields, policy, _inputs(applicants, conflicts, staff),
                                pool_file=pool_path)
    return pool, prepared


def previous_draws(connection, round_id: str, fields: list[str]) -> list[dict]:
    """Earlier commits / draws / redraws / reveals of the same round and field(s) in the ledger."""
    rows = connection.execute(
        "SELECT seq, entry_hash, json_extract(entry_json, '$.type'), json_extract(entry_json, '$.fields')"
        " FROM ledger WHERE json_extract(entry_json, '$.round_id') = ?"
        " AND json_extract(entry_json, '$.type') IN ('commit', 'draw', 'redraw', 'reveal')"
        " ORDER BY seq", (round_id,)).fetchall()
    return [{"entry": seq, "hash": digest, "type": kind}
            for seq, digest, kind, entry_fields in rows if json.loads(entry_fields) == fields]


def _note_dropped_recusals(connection, record: dict, previous: list[dict]) -> None:
    """A redraw must not quietly lose a recusal: experts excluded by an earlier draw of the same
    round and field who are eligible now are named in the record's warnings (and printed)."""
    if not previous:
        return
    excluded_before: set[str] = set()
    for item in previous:
        entry = ledger_mod.get(connection, item["entry"])
        excluded_before.update(e["expert_id"] for e in (entry.data.get("excluded") or []) if entry)
    dropped = sorted(excluded_before & set(record.get("eligible", [])))
    if dropped:
        record["warnings"].append(
            f"此前抽取中被回避的专家 {'、'.join(dropped)} 本次未被回避：请核对本次的回避名单（申报单位、回避情形、本局人员）是否完整。"
        )


def _note_unused_reason(record: dict, reason: str | None) -> None:
    # A reason given for a first draw is not silently lost: it is kept as a warning.
    if reason and reason.strip() and not record.get("redraw"):
        record["warnings"].append(f"给出了 --redraw-reason（{reason.strip()}），但账本中没有本轮次该领域的先前抽取，"
                                  "按首次抽取处理。")


def _ledger_ref(head: ledger_mod.Head, at: str) -> dict:
    return {"entry": head.seq, "hash": head.hash, "at": at}


def _stamp_entry(key: str):
    """A stamp that records the new entry under record["ledger"][key] and as the head."""
    def stamp(record: dict, head: ledger_mod.Head, at: str) -> None:
        record["ledger"][key] = _ledger_ref(head, at)
        record["ledger"]["head"] = head.as_dict()
    return stamp


def _record_in_ledger(record: dict, ledger_path, redraw_reason, make_entry, out: Path, panel_out, pool, stamp_key: str):
    """Mark a redraw (one draw per round and field), then append the entry and write the record.

    Shared by `draw new` and `draw commit`; the ledger append and the file writes are one
    transaction, so a failure leaves the ledger as it was.
    """
    connection = ledger_mod.open_or_create(ledger_path)
    try:
        previous = previous_draws(connection, record["round_id"], record["fields"])
        record["redraw"] = draw_mod.redraw_block(previous, redraw_reason, record["round_id"], record["fields"])
        _note_unused_reason(record, redraw_reason)
        _note_dropped_recusals(connection, record, previous)
        record["ledger"] = {"file": str(ledger_path)}
        return _append_and_write(connection, make_entry(record), record, out, panel_out, pool, _stamp_entry(stamp_key))
    finally:
        connection.close()


def _append_and_write(connection, entry_data: dict, record: dict, out: Path, panel_out: Path | None,
                      pool: Pool | None, stamp) -> ledger_mod.Head:
    """One transaction: prepare entry, stamp record, write files, insert, commit, publish.

    The entry's number and hash are known before the insert, so the record written carries the
    ledger head "after its own entry" and the files are published only once the commit succeeded.
    """
    outputs = Outputs()
    try:
        with ledger_mod.transaction(connection):
            entry = ledger_mod.prepare(connection, entry_data)
            head = ledger_mod.Head(entry.seq, entry.entry_hash)
            stamp(record, head, entry_data["at"])
            outputs.json(out, record)
            if panel_out is not None:
                outputs.panel(panel_out, record, pool)
            ledger_mod.insert(connection, entry)
    except OSError as error:
        outputs.discard()
        raise InputError(f"无法写入输出文件：{error}") from None
    except BaseException:
        outputs.discard()
        raise
    outputs.publish()
    return head


def _parse_sources(random_sources) -> list[list[int]]:
    return [rfc3797.parse_source(text) for text in random_sources]


def _echo_panel(record: dict, head: ledger_mod.Head) -> None:
    panel, unused = draw_mod.current_panel(record)
    click.echo(f"轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  可抽取 {len(record['eligible'])} 人")
    click.echo(f"正选（按抽取顺序）: {' '.join(panel)}")
    click.echo(f"候补（按顺序）: {' '.join(unused) or '（无）'}")
    if not record["seed"]["publicly_verifiable"]:
        click.echo("注意：本次为本机秘密值种子（locally seeded），不可公开验证。")
    for warning in record.get("warnings", ()):
        click.echo(f"警告: {warning}")
    click.echo(f"账本第 {head.seq} 条  头哈希 {head.hash}")


# ---------------------------------------------------------------- the groups

_common_draw_options = [
    click.option("--pool", "pool_path", required=True, type=click.Path(dir_okay=False),
                 help="专家库 expert pool workbook (.xlsx; .csv/.json also read)."),
    click.option("--field", "fields", required=True, multiple=True,
                 help="专业领域; repeat for several (an expert listing any of them is a candidate)."),
    click.option("--size", default=draw_mod.DEFAULT_PANEL_SIZE, show_default=True, type=int,
                 help="正选人数 panel size (7 per the seeds: 局政工科…随机抽取7名专家)."),
    click.option("--alternates", default=draw_mod.DEFAULT_ALTERNATES, show_default=True, type=int,
                 help="候补人数: the next picks of the same sequence."),
    click.option("--round", "round_id", required=True, help="轮次编号 round id."),
    click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
                 help="SQLite ledger file (created when missing)."),
    click.option("--applicants", type=click.Path(dir_okay=False),
                 help="申报单位 list or application workbook (企业名称, 统一社会信用代码, 申报编号)."),
    click.option("--conflicts", type=click.Path(dir_okay=False),
                 help="回避名单 (专家编号, 申报单位, 回避原因)."),
    click.option("--staff", multiple=True, type=click.Path(dir_okay=False),
                 help="本局工作人员 list (专家编号 column, or .txt one id per line)."),
    click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True,
                 help="抽取科室/经办人 who draws."),
    click.option("--redraw-reason", help="Required when this round and field were drawn before."),
    click.option("--warn-multiple", default=draw_mod.DEFAULT_WARN_MULTIPLE, show_default=True, type=int,
                 help="Warn in the record when eligible < this × panel size."),
]


def _with_common(function):
    for option in reversed(_common_draw_options):
        function = option(function)
    return function


@click.group("draw")
def draw_group() -> None:
    """Verifiable random expert-panel draws (RFC 3797) with recusal and a ledger.

    Example:

        fundcheck draw new --pool samples/experts.xlsx --field 新材料 --round 2025-XCL-01
        --ledger draws.db --out draw.json --random-source "9 18 26 34 41 45"
    """


@draw_group.command("new")
@_with_common
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Draw record (JSON).")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file for the organising office (default RECORD stem + .panel.xlsx; .csv allowed).")
@click.option("--random-source", "random_sources", multiple=True,
              help="One public source's numbers, e.g. \"9 18 26 34 41 45\"; repeat in announced order. "
                   "Without any, a local 256-bit secret seeds the draw (not publicly verifiable).")
@click.option("--source-name", "source_names", multiple=True,
              help="Name of each --random-source (e.g. \"双色球 第2025060期\"), same order.")
def draw_new(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
             operator, redraw_reason, warn_multiple, out, panel_out, random_sources, source_names):
    """Draw a panel in one step: recusal, RFC 3797 picks, ledger entry, record and panel file.

    Example:

        fundcheck draw new --pool samples/experts.xlsx --field 新材料 --size 7 --alternates 3
        --round 2025-XCL-01 --ledger draws.db --out draw.json
        --applicants samples/draw/applicants.xlsx --conflicts samples/draw/conflicts.csv
        --random-source "9319" --random-source "2 5 12 8 10"
    """
    out = Path(out)
    panel_path = Path(panel_out) if panel_out else default_panel_path(out)
    _check_out_dir(out)
    _check_out_dir(panel_path)
    pool, prepared = _prepare(pool_path, fields, size, alternates, round_id, applicants, conflicts,
                              staff, warn_multiple)
    if random_sources:
        seed = draw_mod.public_seed(_parse_sources(random_sources), [n.strip() for n in source_names])
    elif source_names:
        raise InputError("给出了 --source-name 但没有 --random-source。")
    else:
        seed = draw_mod.local_seed(draw_mod.new_secret())
    record = draw_mod.build_record(prepared, seed, operator, draw_mod.now())
    head = _record_in_ledger(
        record, ledger_path, redraw_reason,
        lambda r: draw_mod.draw_entry(r, "redraw" if r["redraw"] else "draw"),
        out, panel_path, pool, "draw_entry",
    )
    _echo_panel(record, head)
    click.echo(f"记录 {out}  专家名单 {panel_path}")


@draw_group.command("commit")
@_with_common
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Commit record (JSON).")
@click.option("--source", "sources", multiple=True, required=True,
              help="A future public random source, named precisely (lottery, draw number, date); repeat.")
def draw_commit(pool_path, fields, size, alternates, round_id, ledger_path, applicants, conflicts, staff,
                operator, redraw_reason, warn_multiple, out, sources):
    """Step 1 of 2: fix pool, exclusions, policy and the future public sources in the ledger.

    Example:

        fundcheck draw commit --pool samples/experts.xlsx --field 智能制造 --round 2025-ZN-01
        --ledger draws.db --out commit.json
        --source "中国福利彩票双色球 第2025060期 2025-05-27 开奖号码"
    """
    out = Path(out)
    _check_out_dir(out)
    _, prepared = _prepare(pool_path, fields, size, alternates, round_id, applicants, conflicts, staff,
                           warn_multiple)
    record = draw_mod.commit_record(prepared, sources, operator, draw_mod.now())
    head = _record_in_ledger(record, ledger_path, redraw_reason, draw_mod.commit_entry, out, None, None, "commit_entry")
    click.echo(f"已承诺：轮次 {record['round_id']}  领域 {'、'.join(record['fields'])}  "
               f"可抽取 {len(record['eligible'])} 人")
    click.echo(f"commit_sha256 {record['commit_sha256']}")
    click.echo(f"账本第 {head.seq} 条  头哈希 {head.hash}")
    click.echo("请在上述来源开奖后运行 draw reveal。")


def _find_commit(connection, record: dict) -> ledger_mod.Entry:
    ref = (record.get("ledger") or {}).get("commit_entry") or {}
    entry = ledger_mod.get(connection, ref.get("entry", -1))
    if entry is None or entry.entry_hash != ref.get("hash") or \
            entry.data.get("commit_sha256") != record.get("commit_sha256"):
        raise InputError(f"账本中没有与该承诺记录相符的承诺条目（第 {ref.get('entry')} 条）：不能揭示未承诺的抽取。")
    revealed = connection.execute(
        "SELECT seq FROM ledger WHERE json_extract(entry_json, '$.type') = 'reveal'"
        " AND json_extract(entry_json, '$.commit.commit_sha256') = ?", (record["commit_sha256"],)).fetchone()
    if revealed:
        raise InputError(f"该承诺已在账本第 {revealed[0]} 条揭示过，不能再次揭示。")
    return entry


@draw_group.command("reveal")
@click.argument("commit_record", type=click.Path(dir_okay=False))
@click.option("--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
              help="The ledger holding the commit.")
@click.option("--random-source", "random_sources", multiple=True, required=True,
              help="The published numbers of each committed source, in the committed order.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Draw record (JSON).")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="The committed pool file: checked against the commit and used for names in the panel file.")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file (default RECORD stem + .panel.xlsx); names only when --pool is given.")
@click.option("--operator", default=draw_mod.DEFAULT_OPERATOR, show_default=True, help="Who reveals.")
def draw_reveal(commit_record, ledger_path, random_sources, out, pool_path, panel_out, operator):
    """Step 2 of 2: draw with the committed sources' published numbers.

    Example:

        fundcheck draw reveal commit.json --ledger draws.db --pool samples/experts.xlsx
        --random-source "3 9 14 22 27 31 8" --out draw.json
    """
    out = Path(out)
    panel_path = Path(panel_out) if panel_out else default_panel_path(out)
    _check_out_dir(out)
    _check_out_dir(panel_path)
    commit = _load_record(commit_record)
    prepared = draw_mod.prepared_from_commit(commit)
    pool = read_pool(pool_path) if pool_path else None
    if pool and pool.sha256 != commit["pool"]["sha256"]:
        raise InputError(f"专家库文件「{pool_path}」的哈希与承诺时不同：专家库在承诺后被改动。")
    numbers = _parse_sources(random_sources)
    draw_mod.check_reveal_sources(commit, numbers)
    seed = draw_mod.public_seed(numbers, commit["sources"])
    connection = ledger_mod.open_existing(ledger_path)
    try:
        commit_entry = _find_commit(connection, commit)
        record = draw_mod.build_record(prepared, seed, operator, draw_mod.now())
        record["algorithm"] = commit["algorithm"]  # the algorithm committed to, not today's build
        record["commit"] = {"entry": commit_entry.seq, "hash": commit_entry.entry_hash,
                            "at": commit["committed_at"], "commit_sha256": commit["commit_sha256"],
                            "sources": commit["sources"]}
        record["redraw"] = commit.get("redraw")
        record["draw_sha256"] = ledger_mod.sha256_json(draw_mod.draw_core(record))
        record["ledger"] = {"file": str(ledger_path),
                            "commit_entry": _ledger_ref(ledger_mod.Head(commit_entry.seq, commit_entry.entry_hash),
                                                        commit["committed_at"])}
        head = _append_and_write(connection, draw_mod.draw_entry(record, "reveal"), record, out,
                                 panel_path, pool, _stamp_entry("draw_entry"))
    finally:
        connection.close()
    click.echo(f"承诺在账本第 {commit_entry.seq} 条（{commit['committed_at']}），揭示在第 {head.seq} 条。")
    _echo_panel(record, head)
    click.echo(f"记录 {out}  专家名单 {panel_path}")


@draw_group.command("substitute")
@click.argument("record_path", type=click.Path(dir_okay=False))
@click.option("--expert", "expert_id", required=True, help="专家编号 of the panel member to replace.")
@click.option("--reason", required=True, help="Why (本人谢绝, 发现回避情形…).")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="Ledger (default: the file named in the record).")
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="Pool file, to rewrite the panel file with names.")
@click.option("--panel-out", type=click.Path(dir_okay=False),
              help="Panel file to rewrite (default RECORD stem + .panel.xlsx; only with --pool).")
def draw_substitute(record_path, expert_id, reason, ledger_path, pool_path, panel_out):
    """Replace a panel member by the next unused alternate (never a re-run); logged in the ledger.

    Example:

        fundcheck draw substitute draw.json --expert E017 --reason "本人谢绝（时间冲突）"
        --pool samples/experts.xlsx
    """
    path = Path(record_path)
    record = _load_record(record_path)
    problem = draw_mod.verify_record(record)
    if problem:
        raise InputError(f"记录与复算结果不符，拒绝替换：{problem}")
    pool = read_pool(pool_path) if pool_path else None
    if pool and pool.sha256 != record["pool"]["sha256"]:
        raise InputError(f"专家库文件「{pool_path}」的哈希与记录不同。")
    item = draw_mod.substitution(record, expert_id, reason, draw_mod.now())
    ledger_path = ledger_path or (record.get("ledger") or {}).get("file")
    connection = ledger_mod.open_existing(ledger_path)
    try:
        draw_ref = record["ledger"]["draw_entry"]
        entry = ledger_mod.get(connection, draw_ref["entry"])
        if entry is None or entry.entry_hash != draw_ref["hash"]:
            raise InputError(f"账本「{ledger_path}」中没有该记录的抽取条目（第 {draw_ref['entry']} 条）。")
        record["substitutions"] = record.get("substitutions", []) + [item]
        panel_path = (Path(panel_out) if panel_out else default_panel_path(path)) if pool else None
        def stamp(record_: dict, head_: ledger_mod.Head, at: str) -> None:
            item["ledger"] = _ledger_ref(head_, at)
            record_["ledger"]["head"] = head_.as_dict()

        head = _append_and_write(connection, draw_mod.substitution_entry(record, item), record, path,
                                 panel_path, pool, stamp)
    finally:
        connection.close()
    click.echo(f"第 {item['position']} 位 {item['replaced']} 由候补 {item['by']} 顶替（原因：{item['reason']}）。")
    click.echo(f"账本第 {head.seq} 条  头哈希 {head.hash}")
    if not pool:
        click.echo("未给出 --pool：专家名单文件未更新。")


@draw_group.command("verify")
@click.argument("record_path", type=click.Path(dir_okay=False))
@click.option("--pool", "pool_path", type=click.Path(dir_okay=False),
              help="Pool file: its hash and candidates must match the record.")
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="Ledger: the record's entries must be there and the chain intact up to the record's head.")
@click.pass_context
def draw_verify(ctx, record_path, pool_path, ledger_path):
    """Re-derive a draw from its record alone; exit 0 if it matches, 1 naming the first difference.

    Example:

        fundcheck draw verify draw.json --pool samples/experts.xlsx --ledger draws.db
    """
    record = _load_record(record_path)
    pool = read_pool(pool_path) if pool_path else None
    try:
        problem = draw_mod.verify_record(record, pool)
        if not problem and ledger_path:
            connection = ledger_mod.open_existing(ledger_path)
            try:
                problem = draw_mod.verify_against_ledger(record, connection)
            finally:
                connection.close()
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        # A record whose fields have the wrong shape was not written by `draw`: it cannot match.
        problem = f"记录的结构或字段类型不符合抽取记录格式（{type(error).__name__}: {error}），无法复核。"
    if problem:
        click.echo(f"不一致 / mismatch: {problem}")
        ctx.exit(EXIT_FINDINGS)
    panel, _ = draw_mod.current_panel(record)
    click.echo(f"一致 / matches: 正选 {' '.join(panel)}（{rfc3797.ALGORITHM}）")


@click.group("ledger")
def ledger_group() -> None:
    """The tamper-evident draw ledger (SQLite, SHA-256 hash chain).

    Example:

        fundcheck ledger verify draws.db --head 3f5c…
    """


@ledger_group.command("verify")
@click.argument("ledger_path", type=click.Path(dir_okay=False))
@click.option("--head", "head_hash", help="A head hash held outside the tool (from a record or report).")
@click.pass_context
def ledger_verify(ctx, ledger_path, head_hash):
    """Recompute the hash chain; exit 1 naming the first broken entry.

    Example:

        fundcheck ledger verify draws.db --head 9b1d…e07a
    """
    connection = ledger_mod.open_existing(ledger_path)
    try:
        verdict = ledger_mod.verify(connection, head_hash)
    finally:
        connection.close()
    if not verdict.ok:
        click.echo(f"不一致 / broken: {verdict.message}")
        ctx.exit(EXIT_FINDINGS)
    click.echo(f"一致 / intact: {verdict.message}")


@ledger_group.command("show")
@click.argument("ledger_path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print each entry as stored (canonical JSON).")
def ledger_show(ledger_path, as_json):
    """List the ledger's entries (number, time, type, round, field, hash).

    Example:

        fundcheck ledger show draws.db
    """
    connection = ledger_mod.open_existing(ledger_path)
    try:
        for entry in ledger_mod.entries(connection):
            if as_json:
                click.echo(json.dumps({"seq": entry.seq, "prev_hash": entry.prev_hash,
                                       "entry": entry.data, "entry_hash": entry.entry_hash},
                                      ensure_ascii=False))
                continue
            data = entry.data
            click.echo(f"{entry.seq:>5}  {data.get('at', '')}  {data.get('type', ''):<10}  "
                       f"{data.get('round_id', '')}  {'、'.join(data.get('fields', []))}  "
                       f"{entry.entry_hash[:16]}…")
    finally:
        connection.close()
