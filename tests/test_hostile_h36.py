"""h36: a 政工科 member trying to rig a draw while leaving a clean record (draw, ledger, fairness)."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.fairness.publish import public_part
from tests.fixtures.draw.helpers import POOL_HEADERS, RFC_SOURCES, load, rfc_pool, run, write_xlsx

NODE = shutil.which("node")


def _rfc_record(tmp_path: Path) -> Path:
    sources = [arg for source in RFC_SOURCES for arg in ("--random-source", source)]
    result = run("draw", "new", "--pool", rfc_pool(tmp_path / "pool.xlsx"), "--field", "新材料", "--size", "10",
                 "--alternates", "1", "--round", "RFC-6", "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json",
                 "--panel-out", tmp_path / "draw.panel.csv", *sources)
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "draw.json"


# ---------------------------------------------------------------- the algorithm named in words


def test_the_verify_page_and_draw_verify_name_the_algorithm_in_words_not_by_its_internal_id(tmp_path):
    record = _rfc_record(tmp_path)
    assert run("draw", "publish", record, "--out", tmp_path / "v.html").exit_code == 0
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "<tr><th>算法</th><td>IETF RFC 3797 第 4 节的抽取方法（MD5）</td></tr>" in visible
    assert "rfc3797-md5" not in visible
    result = run("draw", "verify", record)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "一致：正选 017 007 002 016 025 023 008 024 019 013（IETF RFC 3797 第 4 节的抽取方法（MD5））"
    other = load(record)
    other["algorithm"]["name"] = "my-own/v2"
    (tmp_path / "o.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "o.json")
    assert (result.exit_code, result.output) == (
        1, "不一致：记录所称的算法「my-own/v2」不是本工具能复算的IETF RFC 3797 第 4 节的抽取方法（MD5）。\n")
    assert run("draw", "publish", tmp_path / "o.json", "--out", tmp_path / "o.html").exit_code == 1
    visible = re.sub(r"<script.*?</script>", "", (tmp_path / "o.html").read_text(encoding="utf-8"), flags=re.S)
    assert ("<tr><th>算法</th><td>记录所称的算法「my-own/v2」，不是本页能复算的IETF RFC 3797 第 4 节的抽取方法（MD5）</td></tr>"
            in visible)


@pytest.mark.skipif(NODE is None, reason="node not installed")
def test_the_pages_script_names_an_unknown_algorithm_in_words(tmp_path):
    from checker.fairness.publish import HERE

    data = public_part(load(_rfc_record(tmp_path)))
    data["algorithm"] = {"name": "my-own/v2"}
    program = (f"const v = require({json.dumps(str(HERE / 'verify.js'))});\n"
               "const r = v.verify(JSON.parse(require('fs').readFileSync(0, 'utf8')));"
               "console.log(JSON.stringify([r.status, r.message]));")
    out = subprocess.run([NODE, "-e", program], input=json.dumps(data), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [
        "mismatch", "记录所称的算法「my-own/v2」不是本页能复算的 IETF RFC 3797 第 4 节的抽取方法（MD5）。"]


# ---------------------------------------------------------------- a ledger cut short is a finding


def _ledger_of(tmp_path: Path, draws: int) -> Path:
    pool = rfc_pool(tmp_path / "pool.xlsx")
    for number in range(1, draws + 1):
        result = run("draw", "new", "--pool", pool, "--field", "新材料", "--size", "5", "--alternates", "1",
                     "--round", f"R{number}", "--ledger", tmp_path / "l.db", "--out", tmp_path / f"d{number}.json",
                     "--panel-out", tmp_path / f"d{number}.panel.csv", "--random-source", f"3 9 14 22 27 31 {number}")
        assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "l.db"


def test_a_ledger_file_cut_short_is_a_difference_exit_1_not_a_usage_error(tmp_path):
    ledger = _ledger_of(tmp_path, 12)
    cut = tmp_path / "cut.db"
    data = ledger.read_bytes()
    assert len(data) > 4 * 4096
    cut.write_bytes(data[:len(data) - 4096])  # the last page (the newest entries) cut off
    said = (f"账本「{cut}」的文件已损坏或被截短，无法读出任何条目（数据库文件已损坏）："
            "条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。")
    result = run("ledger", "verify", cut)
    assert (result.exit_code, result.output, result.stderr) == (1, f"不一致：{said}\n", "")
    result = run("draw", "verify", tmp_path / "d1.json", "--ledger", cut)
    assert (result.exit_code, result.output) == (1, f"不一致：{said}\n")
    # appending to it still cannot be done (exit 2), with the same sentence
    result = run("draw", "new", "--pool", tmp_path / "pool.xlsx", "--field", "新材料", "--size", "5", "--alternates", "1",
                 "--round", "R99", "--ledger", cut, "--out", tmp_path / "x.json", "--random-source", "1 2 3")
    assert (result.exit_code, result.stderr) == (2, f"错误：{said}\n")
    # a file that is no database at all stays a usage error
    (tmp_path / "text.db").write_text("not a ledger", encoding="utf-8")
    result = run("ledger", "verify", tmp_path / "text.db")
    assert (result.exit_code, result.stderr) == (2, f"错误：无法打开账本「{tmp_path / 'text.db'}」：不是 SQLite 数据库文件。\n")


def _damaged_part_way(tmp_path: Path):
    """(file, ledger verify's result, entries read) for the first page of a 12-draw ledger whose
    overwriting leaves some entries readable."""
    ledger = _ledger_of(tmp_path, 12)
    data = ledger.read_bytes()
    for page in range(1, len(data) // 4096):
        broken = tmp_path / f"p{page}.db"
        broken.write_bytes(data[:page * 4096] + b"\xff" * 4096 + data[(page + 1) * 4096:])
        result = run("ledger", "verify", broken)
        match = re.search(r"第 (\d+) 条之后的条目无法读出", result.output)
        if match:
            return broken, result, int(match.group(1))
    raise AssertionError("no page of the ledger held entries after others")


def test_show_fairness_and_audit_read_a_ledger_damaged_part_way_without_an_internal_error(tmp_path):
    broken, _, read = _damaged_part_way(tmp_path)
    said = (f"账本「{broken.name}」的文件已损坏或被截短，第 {read} 条之后的条目无法读出（数据库文件已损坏；"
            f"前 {read} 条的链完好）：其后的条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。")
    shown = run("ledger", "show", broken)
    assert (shown.exit_code, shown.stderr, len(shown.stdout.splitlines())) == (2, f"错误：{said}\n", read)
    result = run("fairness", broken, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.stderr
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["flags"] == [{"kind": "ledger_chain", "subject": broken.name, "draws": [], "refs": [broken.name],
                                "reason": f"账本「{broken.name}」的哈希链校验未通过：{said}以下统计仍按账本现有内容计算，但账本可能被改动。"}]
    assert report["counts"]["draws"] == read
    # the audit: DRAW-RANDOM fails on the broken ledger, no internal error
    assert run("template", "round", "--workflow", "W-12", "--out", tmp_path / "r.xlsx", "--from-ledger", tmp_path / "l.db",
               "--draw", "1").exit_code == 0
    audit = run("audit", tmp_path / "r.xlsx", "--ledger", broken, "--out", tmp_path / "audit")
    assert audit.exit_code == 1, audit.stderr
    data = json.loads((tmp_path / "audit" / "round.json").read_text(encoding="utf-8"))
    [finding] = [item for item in data["findings"] if item["rule_id"] == "DRAW-RANDOM"]
    assert (finding["outcome"], finding["message"]) == ("fail", f"抽取记录无法在账本中复核：账本校验失败：{said.rstrip('。')}。")


def test_a_ledger_whose_later_pages_are_overwritten_names_the_last_entry_read(tmp_path):
    broken, result, read = _damaged_part_way(tmp_path)
    assert 0 < read < 12
    assert (result.exit_code, result.output) == (1, (
        f"不一致：账本「{broken.name}」的文件已损坏或被截短，第 {read} 条之后的条目无法读出（数据库文件已损坏；"
        f"前 {read} 条的链完好）：其后的条目可能被截去或改动，请与备份及事先交纪检监察组的头哈希核对。\n"))


# ---------------------------------------------------------------- a recusal naming nobody


def test_a_recusal_naming_nobody_in_the_pool_is_refused_naming_each_line_and_nothing_is_drawn(tmp_path):
    pool = Path(__file__).resolve().parent.parent / "samples" / "experts.xlsx"
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("专家编号,申报单位,回避原因\nZJ014,威海甲有限公司,配偶在该公司任职\n黄丽华,威海乙有限公司,曾在该公司任职\n"
                         "ZJ999,威海丙有限公司,近亲属任职\n", encoding="utf-8")
    said = (f"错误：回避名单「{conflicts}」第 3 行的专家编号「黄丽华」、回避名单「{conflicts}」第 4 行的专家编号「ZJ999」"
            "不在专家库中：这样的回避不能生效，被回避的专家仍可能被抽中；请改为专家库中的专家编号（不是姓名）后重试。\n")
    for command in (("draw", "new", "--random-source", "3 9 14 22 27 31 8"), ("draw", "commit", "--source-name", "双色球 第2025060期")):
        result = run(*command, "--pool", pool, "--field", "新材料", "--round", "R9", "--ledger", tmp_path / "l.db",
                     "--out", tmp_path / "d.json", "--conflicts", conflicts)
        assert (result.exit_code, result.stderr) == (2, said)
        assert not (tmp_path / "d.json").exists() and not (tmp_path / "l.db").exists()
    result = run("draw", "check", "--pool", pool, "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.stderr) == (2, said)


# ---------------------------------------------------------------- an employer written otherwise


def test_an_expert_whose_employer_is_the_applicant_written_otherwise_is_recused(tmp_path):
    rows = [(f"E{n:02d}", f"专家{n}", f"单位{n}", "新材料", "在库", "", "否", "") for n in range(1, 31)]
    rows[1] = ("E02", "专家2", "威海甲（集团）有限公司", "新材料", "在库", "", "否", "")
    rows[3] = ("E04", "专家4", "威海乙 新材料 有限责任公司", "新材料", "在库", "", "否", "")
    rows[5] = ("E06", "专家6", "威海丙【山东】股份有限公司", "新材料", "在库", "", "否", "")
    rows[7] = ("E08", "专家8", "威海甲材料公司", "新材料", "在库", "", "否", "")  # a short name: not matched
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    applicants = write_xlsx(tmp_path / "applicants.xlsx", ["申报编号", "企业名称", "统一社会信用代码"],
                            [("WH-1", "威海甲集团有限公司", ""), ("WH-2", "威海乙新材料有限公司", ""),
                             ("WH-3", "威海丙(山东)股份公司", "")])
    result = run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "R1", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "d.json", "--applicants", applicants, "--random-source", "3 9 14 22 27 31 8")
    assert result.exit_code == 0, result.stderr
    record = load(tmp_path / "d.json")
    why = "只是写法不同（括号、空格，或“有限责任公司”写作“有限公司”、“股份有限公司”写作“股份公司”），按同一单位回避"
    assert record["exclusions"] == [
        {"expert_id": "E02", "reasons": [{"rule": "same_employer", "detail":
            f"工作单位「威海甲(集团)有限公司」与申报单位「威海甲集团有限公司」（申报编号 WH-1）{why}"}]},
        {"expert_id": "E04", "reasons": [{"rule": "same_employer", "detail":
            f"工作单位「威海乙 新材料 有限责任公司」与申报单位「威海乙新材料有限公司」（申报编号 WH-2）{why}"}]},
        {"expert_id": "E06", "reasons": [{"rule": "same_employer", "detail":
            f"工作单位「威海丙【山东】股份有限公司」与申报单位「威海丙(山东)股份公司」（申报编号 WH-3）{why}"}]}]
    assert not {"E02", "E04", "E06"} & {item["expert_id"] for item in record["panel"] + record["alternates"]}
    assert "E08" in record["eligible"]
    assert run("draw", "verify", tmp_path / "d.json", "--pool", pool).exit_code == 0
    check = run("draw", "check", "--pool", pool, "--applicants", applicants, "--json")
    assert check.exit_code == 0 and json.loads(check.output)["fields"][0]["excluded_ids"] == ["E02", "E04", "E06"]


# ---------------------------------------------------------------- DRAW-RANDOM says which draw it was


def _audited_draw_random(tmp_path: Path, ledger: Path, entry: int) -> dict:
    from openpyxl import load_workbook

    book = tmp_path / f"round{entry}.xlsx"
    assert run("template", "round", "--workflow", "W-12", "--out", book, "--from-ledger", ledger, "--draw", str(entry)).exit_code == 0
    workbook = load_workbook(book)
    sheet = workbook["流程节点"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "专家评审":
            row[1].value = "2099-12-31"
    workbook.save(book)
    out = tmp_path / f"audit{entry}"
    run("audit", book, "--ledger", ledger, "--out", out)
    data = json.loads((out / "round.json").read_text(encoding="utf-8"))
    [finding] = [item for item in data["findings"] if item["rule_id"] == "DRAW-RANDOM"]
    return finding


def _committed_and_revealed(tmp_path, source: str) -> tuple[dict, str, dict]:
    """A two-step draw (commit naming ``source``, then reveal) audited: (the record, the commit's
    Beijing minute as the finding writes it, the DRAW-RANDOM finding)."""
    ledger = tmp_path / "l.db"
    assert run("draw", "commit", "--pool", Path(__file__).resolve().parent.parent / "samples" / "experts.xlsx",
               "--field", "新材料", "--round", "W12-2020-09", "--ledger", ledger,
               "--out", tmp_path / "c.json", "--source-name", source).exit_code == 0
    assert run("draw", "reveal", tmp_path / "c.json", "--ledger", ledger, "--random-source", "3 9 14 22 27 31 8",
               "--out", tmp_path / "r.json").exit_code == 0
    record = load(tmp_path / "r.json")
    return record, record["ledger"]["commit_entry"]["at"][:16].replace("T", " "), _audited_draw_random(tmp_path, ledger, 2)


def test_draw_random_says_a_reveal_was_committed_first_and_what_that_leaves_to_check(tmp_path):
    from checker.audit.facts.ledger_check import beijing_date

    record, committed, finding = _committed_and_revealed(tmp_path, "双色球 第2025060期")
    assert (finding["outcome"], finding["message"]) == ("pass", (
        f"账本第 2 条（揭示，抽取记录哈希 {record['draw_sha256'][:12]}…）与记录一致，账本链校验通过，由账本条目所载可抽取名单与随机种子"
        f"按 RFC 3797 复算结果一致，抽取于北京时间 {beijing_date(record['drawn_at'])}，不晚于专家评审 2099-12-31；"
        f"两步抽取：随机数来源（双色球 第2025060期）已在账本第 1 条承诺时，北京时间 {committed}指定，回避与可抽取名单同时固定；"
        "只有各来源的开奖时间晚于承诺时间，这才证明号码不是事后挑选的：本工具不掌握开奖时间，请对照彩票机构的开奖公告核对。"))


def test_draw_random_says_a_locally_seeded_draw_is_not_publicly_verifiable(tmp_path):
    from checker.audit.facts.ledger_check import beijing_date

    pool = Path(__file__).resolve().parent.parent / "samples" / "experts.xlsx"
    ledger = tmp_path / "l.db"
    assert run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "W12-2020-09", "--ledger", ledger,
               "--out", tmp_path / "d.json").exit_code == 0
    record = load(tmp_path / "d.json")
    finding = _audited_draw_random(tmp_path, ledger, 1)
    assert (finding["outcome"], finding["message"]) == ("pass", (
        f"账本第 1 条（抽取，抽取记录哈希 {record['draw_sha256'][:12]}…）与记录一致，账本链校验通过，由账本条目所载可抽取名单与随机种子"
        f"按 RFC 3797 复算结果一致，抽取于北京时间 {beijing_date(record['drawn_at'])}，不晚于专家评审 2099-12-31；"
        "本次的随机数由本机生成的秘密值得出，不是公开随机数：复算只证明名单与所记秘密值相符，不能证明抽取没有多次进行后择一入账，不可公开验证。"))


# ---------------------------------------------------------------- a redraw under another round id


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _sample_draw(tmp_path: Path, round_id: str, last: int, *extra) -> Path:
    out = tmp_path / f"{round_id}.json"
    result = run("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", round_id,
                 "--ledger", tmp_path / "l.db", "--out", out, "--random-source", f"3 9 14 22 27 31 {last}", *extra)
    assert result.exit_code == 0, result.stderr
    return out


def test_fairness_flags_a_redraw_recorded_under_a_renamed_round(tmp_path):
    applicants = ("--applicants", SAMPLES / "draw" / "applicants.xlsx")
    _sample_draw(tmp_path, "R9", 8, *applicants)
    _sample_draw(tmp_path, "R9补", 9, *applicants)
    (tmp_path / "records").mkdir()
    for name in ("R9.json", "R9补.json"):
        (tmp_path / "records" / name).write_bytes((tmp_path / name).read_bytes())
    result = run("fairness", tmp_path / "l.db", "--records", tmp_path / "records", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "标记：换了轮次编号的再次抽取（领域重叠，申报单位或可抽取名单相同），未记为重新抽取：R9→R9补" in result.output
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["flags"] == [{
        "kind": "renamed_round", "subject": "R9→R9补", "draws": ["l.db#1", "l.db#2"],
        "refs": ["l.db 第 1 条", "R9.json", "l.db 第 2 条", "R9补.json"],
        "reason": ("轮次 R9补（l.db#2）与此前的轮次 R9（l.db#1）领域重叠（新材料），评审的申报单位相同（3 家，按统一社会信用代码）、"
                   "可抽取名单相同、编号只是在“R9”后加了字，两次抽取名单不同：像是同一轮次换了编号重新抽取，避开了每轮次每个领域"
                   "只抽取一次、重新抽取须说明原因的规则；请查明实际评审的是哪一次的名单及再次抽取的原因。两次均已计入统计。")}]
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "换了轮次编号的再次抽取（领域重叠，申报单位或可抽取名单相同），未记为重新抽取" in html
    # the ledger alone: the same eligible list under an id with something added
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out2")
    report = json.loads((tmp_path / "out2" / "fairness.json").read_text(encoding="utf-8"))
    assert [(flag["kind"], flag["reason"]) for flag in report["flags"]] == [("renamed_round", (
        "轮次 R9补（l.db#2）与此前的轮次 R9（l.db#1）领域重叠（新材料），可抽取名单相同、编号只是在“R9”后加了字，两次抽取名单不同："
        "像是同一轮次换了编号重新抽取，避开了每轮次每个领域只抽取一次、重新抽取须说明原因的规则；请查明实际评审的是哪一次的名单及"
        "再次抽取的原因。两次均已计入统计。"))]


def test_fairness_does_not_take_the_next_round_number_for_a_renamed_round(tmp_path):
    _sample_draw(tmp_path, "R1", 8)
    _sample_draw(tmp_path, "R10", 9)  # the same eligible list (no applicants): another round, not R1 renamed
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert [flag for flag in report["flags"] if flag["kind"] == "renamed_round"] == []
    assert "换了轮次编号" not in result.output


# ---------------------------------------------------------------- mass exclusions and runs of substitutions


def test_fairness_lists_a_mass_exclusion_and_a_run_of_substitutions_for_review(tmp_path):
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("专家编号,申报单位,回避原因\n" + "".join(f"ZJ{n:03d},威海甲有限公司,曾合作\n" for n in range(1, 11)),
                         encoding="utf-8")
    record = _sample_draw(tmp_path, "M1", 8, "--conflicts", conflicts)
    for expert in ("ZJ014", "ZJ018"):
        assert run("draw", "substitute", record, "--expert", expert, "--reason", "本人谢绝（时间冲突）").exit_code == 0
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["parameters"]["review"] == {"exclusion_share": "1/4", "exclusion_min": 3, "substitutions_min": 2,
                                           "substitute_entries_min": 3, "unit_panel_share": "1/2", "unit_chance": "1/100"}
    assert report["flags"] == [
        {"kind": "mass_exclusion", "subject": "l.db#1", "operator": "政工科", "draws": ["l.db#1"], "refs": ["l.db 第 1 条"],
         "reason": ("轮次 M1（领域 新材料）在库候选 27 人中回避 9 人（33%；申报回避 9 人：ZJ001、ZJ002、ZJ003、ZJ004、ZJ005、ZJ007、"
                    "ZJ008、ZJ009、ZJ010），可抽取的只剩 18 人：回避一多，随机抽取就只在剩下的少数人中进行；请逐项核实回避的依据"
                    "（申报回避须有书面材料；复核线为回避不少于 3 人且不少于在库候选的 25%）。")},
        {"kind": "substitution_run", "subject": "l.db#1", "operator": "政工科", "draws": ["l.db#1"],
         "refs": ["l.db 第 1 条", "l.db 第 2 条", "l.db 第 3 条"],
         "reason": ("轮次 M1 的抽取先后替换 2 次（ZJ014→ZJ028、ZJ018→ZJ020；原因：本人谢绝（时间冲突）），候补 3 人用去 2 人："
                    "由哪位候补入选取决于谁谢绝，接连报称谢绝直到某位候补入选，可以挑选名单；请核实每次谢绝的书面记录"
                    "（本人签字或通话记录；复核线为一次抽取替换不少于 2 次）。")}]
    assert result.output.splitlines()[1:3] == ["标记：一次抽取回避人数过多（需核实回避依据）：l.db#1",
                                               "标记：一次抽取多次替换（需核实谢绝记录）：l.db#1"]
    html = (tmp_path / "out" / "fairness.html").read_text(encoding="utf-8")
    assert "一次抽取回避人数过多（需核实回避依据）" in html and "一次抽取多次替换（需核实谢绝记录）" in html


def test_two_recusals_and_one_substitution_are_not_review_items(tmp_path):
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("专家编号,申报单位,回避原因\nZJ001,威海甲有限公司,曾合作\nZJ002,威海甲有限公司,曾合作\n", encoding="utf-8")
    record = _sample_draw(tmp_path, "M2", 8, "--conflicts", conflicts)
    assert run("draw", "substitute", record, "--expert", load(record)["panel"][0]["expert_id"], "--reason", "本人谢绝").exit_code == 0
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert (result.exit_code, report["flags"]) == (0, [])


def test_round_ids_that_look_like_one_round_renamed():
    from checker.fairness.model import extends_round

    pairs = [("R9", "R9补"), ("R1", "R10"), ("R9", "R-9"), ("2024-XCL-05", "2024-XCL-05-2"), ("2024-XCL-05", "2024-XCL-050"),
             ("R9", "r9"), ("A", "B"), ("R9", "R9（重抽）"), ("2024XCL05", "2024-XCL-05")]
    assert [extends_round(*pair) for pair in pairs] == [True, False, True, True, False, False, False, True, True]


def test_fairness_flags_a_commit_left_unrevealed_and_committed_again_under_a_renamed_round(tmp_path):
    # two commits to two lotteries, the round renamed for the second: wait for both draws, reveal the one that suits
    ledger = tmp_path / "l.db"
    for round_id, source in (("R9", "双色球 第2025060期"), ("R9补", "大乐透 第25060期")):
        assert run("draw", "commit", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", round_id,
                   "--ledger", ledger, "--out", tmp_path / f"{round_id}.commit.json", "--source-name", source).exit_code == 0
    assert run("draw", "reveal", tmp_path / "R9补.commit.json", "--ledger", ledger, "--random-source", "1 2 3 4 5 6 7",
               "--out", tmp_path / "r.json").exit_code == 0
    result = run("fairness", ledger, "--out", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["flags"] == [{
        "kind": "commit_then_renamed", "subject": "l.db#1", "draws": ["l.db#1", "l.db#2"], "refs": ["l.db#1", "l.db#2"],
        "reason": ("账本「l.db」第 1 条承诺（轮次 R9，来源 双色球 第2025060期）没有揭示，其后第 2 条（承诺，轮次 R9补）领域重叠、"
                   "可抽取名单相同、编号只是多了几个字：像是同一轮次换了编号再次承诺，等两次开奖后只揭示名单合意的一次；"
                   "请查明未揭示的原因，并用其来源的开奖号码复算它本会抽出的名单。")}]
    assert "标记：承诺未揭示，其后换了轮次编号再次承诺或抽取：l.db#1" in result.output


# ---------------------------------------------------------------- DRAW-COI: a unit written with brackets


def test_draw_coi_finds_an_expert_whose_unit_is_the_decided_enterprise_written_with_brackets(tmp_path):
    from tests.helpers import ROUNDS, read_json, run_cli, sample_round, write_json

    record = sample_round("compliant_W-12")
    next(s for s in record["流程节点"] if s["节点"] == "党组会")["决议内容"] = "威海甲集团有限公司、乙新材公司、丙科技公司"
    record["专家抽取"][0]["工作单位"] = "威海甲（集团）有限公司"
    path = write_json(tmp_path / "r.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 1, result.output
    [finding] = [f for f in read_json(tmp_path / "out" / "round.json")["findings"] if f["rule_id"] == "DRAW-COI"]
    assert (finding["outcome"], finding["grade"], finding["message"]) == (
        "fail", "needs_review",
        "以下参加评审的专家的工作单位与本轮申报单位、决议或公示名单中的企业相同：E004（威海甲（集团）有限公司，专家抽取#1.工作单位）。")


def test_draw_random_asks_about_an_earlier_draw_of_the_round_under_a_shorter_id(tmp_path):
    _sample_draw(tmp_path, "R9", 8)
    _sample_draw(tmp_path, "R9补", 9)
    finding = _audited_draw_random(tmp_path, tmp_path / "l.db", 2)
    assert (finding["outcome"], finding["grade"], finding["message"]) == ("missing", "needs_review", (
        "账本第 2 条（轮次 R9补）与记录一致，但此前第 1 条已为轮次 R9抽取（领域重叠、可抽取名单相同），两个编号只差几个字："
        "像是同一轮次换了编号重新抽取，账本未记为重新抽取，也未说明原因；请查明第 1 条的名单为何未用。"))


def test_fairness_lists_an_expert_who_keeps_coming_in_as_a_substitute(tmp_path):
    # in each draw ZJ027 is the first alternate; one decline claimed per draw brings ZJ027 in three times
    for round_id, last, first in (("F1", 51, "ZJ020"), ("F2", 70, "ZJ021"), ("F3", 74, "ZJ007")):
        record = _sample_draw(tmp_path, round_id, last)
        assert load(record)["panel"][0]["expert_id"] == first and load(record)["alternates"][0]["expert_id"] == "ZJ027"
        assert run("draw", "substitute", record, "--expert", first, "--reason", "本人谢绝（出差）").exit_code == 0
    result = run("fairness", tmp_path / "l.db", "--out", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["flags"] == [{
        "kind": "frequent_substitute", "subject": "ZJ027", "draws": ["l.db#1", "l.db#3", "l.db#5"],
        "refs": ["l.db 第 1 条", "l.db 第 3 条", "l.db 第 5 条", "l.db 第 2 条", "l.db 第 4 条", "l.db 第 6 条"],
        "reason": ("专家 ZJ027 在 3 次抽取中都是因他人谢绝而以候补顶替入选（轮次 F1、F2、F3；经办 政工科）：入选次数检验只计抽取时的正选，"
                   "不含顶替；请核实这些谢绝的书面记录（复核线为顶替入选不少于 3 次）。")}]
    assert "标记：同一专家多次以候补顶替入选（需核实谢绝记录）：ZJ027" in result.output


def test_draw_random_points_at_a_source_dated_the_day_of_the_commit(tmp_path):
    from checker.audit.facts.ledger_check import beijing_date
    from checker.draw.record import now

    source = f"双色球 {now()[:10]}"
    record, committed, finding = _committed_and_revealed(tmp_path, source)
    assert (finding["outcome"], finding["message"]) == ("pass", (
        f"账本第 2 条（揭示，抽取记录哈希 {record['draw_sha256'][:12]}…）与记录一致，账本链校验通过，由账本条目所载可抽取名单与随机种子"
        f"按 RFC 3797 复算结果一致，抽取于北京时间 {beijing_date(record['drawn_at'])}，不晚于专家评审 2099-12-31；"
        f"两步抽取：随机数来源（{source}）已在账本第 1 条承诺时，北京时间 {committed}指定，回避与可抽取名单同时固定；"
        "只有各来源的开奖时间晚于承诺时间，这才证明号码不是事后挑选的：本工具不掌握开奖时间，请对照彩票机构的开奖公告核对；"
        f"来源「{source}」注明的开奖日期就是承诺当天，请特别核对开奖时刻晚于承诺时刻。"))


def test_draw_random_fails_a_substitution_recorded_after_the_review():
    from checker.core.rulebook import load_rulebook
    from checker.fixtures import audit_fixture

    book = load_rulebook()
    rule = book.rules["DRAW-RANDOM"]
    fixture = next(item for item in rule.fixtures if item.name == "fail_a_substitution_recorded_after_the_review")
    result = audit_fixture(book, fixture, rule_ids=["DRAW-RANDOM"])
    [finding] = [item for item in result.findings if item["rule_id"] == "DRAW-RANDOM"]
    assert (finding["outcome"], finding["grade"], finding["message"]) == ("fail", "noncompliant", (
        "专家抽取晚于专家评审：账本第 2 条的替补（E003 → E006）记于 2020-04-12T10:00:00+08:00（北京时间 2020-04-12），"
        "晚于专家评审 2020-04-10。"))
    before = next(item for item in rule.fixtures if item.name == "pass_a_substitution_before_the_review")
    [passed] = [item for item in audit_fixture(book, before, rule_ids=["DRAW-RANDOM"]).findings if item["rule_id"] == "DRAW-RANDOM"]
    assert passed["outcome"] == "pass" and passed["message"].endswith("替补：E003 → E006（本人谢绝，账本第 2 条）。")


# ---------------------------------------------------------------- who drew


@pytest.mark.parametrize("operator", ["", "  ", "\u3000"])
def test_a_blank_operator_is_refused_by_draw_new_commit_and_reveal(tmp_path, operator):
    said = "错误：抽取科室（--operator）不能为空：账本按它核对抽取是否由局政工科进行，请写明执行抽取的科室或经办人。\n"
    common = ("--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--ledger", tmp_path / "l.db", "--operator", operator)
    result = run("draw", "new", *common, "--round", "O1", "--out", tmp_path / "d.json", "--random-source", "1 2 3")
    assert (result.exit_code, result.stderr) == (2, said)
    result = run("draw", "commit", *common, "--round", "O2", "--out", tmp_path / "c.json", "--source-name", "双色球 第2025060期")
    assert (result.exit_code, result.stderr) == (2, said)
    assert not (tmp_path / "l.db").exists()
    assert run("draw", "commit", *common[:-2], "--round", "O3", "--out", tmp_path / "c3.json",
               "--source-name", "双色球 第2025061期").exit_code == 0
    result = run("draw", "reveal", tmp_path / "c3.json", "--ledger", tmp_path / "l.db", "--random-source", "1 2 3",
                 "--out", tmp_path / "r.json", "--operator", operator)
    assert (result.exit_code, result.stderr) == (2, said)


def test_draw_random_cannot_confirm_the_office_from_a_ledger_entry_naming_none():
    from checker.core.rulebook import load_rulebook
    from checker.fixtures import audit_fixture

    book = load_rulebook()
    fixture = next(item for item in book.rules["DRAW-RANDOM"].fixtures if item.name == "missing_ledger_names_no_office")
    [finding] = [item for item in audit_fixture(book, fixture, rule_ids=["DRAW-RANDOM"]).findings
                 if item["rule_id"] == "DRAW-RANDOM"]
    assert (finding["outcome"], finding["grade"], finding["message"]) == ("missing", "needs_review", (
        "账本第 1 条未记载抽取科室，无法核对轮次记录所称的“局政工科”（专家抽取#1.抽取记录编号 等 7 行）是否属实。"))


def test_a_unit_holding_an_applicants_name_is_warned_before_and_at_the_draw(tmp_path):
    rows = [(f"E{n:02d}", f"专家{n}", f"单位{n}", "新材料", "在库", "", "否", "") for n in range(1, 31)]
    rows[1] = ("E02", "专家2", "威海甲集团有限公司技术中心", "新材料", "在库", "", "否", "")
    rows[2] = ("E03", "专家3", "甲集团", "新材料", "在库", "", "否", "")  # three characters: no evidence either way
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    applicants = write_xlsx(tmp_path / "app.xlsx", ["申报编号", "企业名称", "统一社会信用代码"], [("WH-1", "威海甲集团有限公司", "")])
    warning = ("专家 E02（工作单位「威海甲集团有限公司技术中心」，申报单位「威海甲集团有限公司」） 的工作单位与申报单位名称相互包含，"
               "未按同单位回避：如属同一单位（分支机构、下属单位），请列入回避名单后再抽取。")
    check = run("draw", "check", "--pool", pool, "--applicants", applicants)
    assert check.exit_code == 0 and f"警告: {warning}" in check.output.splitlines()
    result = run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "A1", "--ledger", tmp_path / "l.db",
                 "--out", tmp_path / "a.json", "--applicants", applicants, "--random-source", "1 2 3")
    assert result.exit_code == 0 and f"警告: {warning}" in result.output.splitlines()
    record = load(tmp_path / "a.json")
    assert record["warnings"] == [warning] and record["exclusions"] == [] and "E02" in record["eligible"]


def test_a_warning_struck_from_the_record_shows_against_the_ledger(tmp_path):
    rows = [(f"E{n:02d}", f"专家{n}", f"单位{n}", "新材料", "在库", "", "否", "") for n in range(1, 31)]
    rows[1] = ("E02", "专家2", "威海甲集团有限公司技术中心", "新材料", "在库", "", "否", "")
    pool = write_xlsx(tmp_path / "pool.xlsx", POOL_HEADERS, rows)
    applicants = write_xlsx(tmp_path / "app.xlsx", ["申报编号", "企业名称", "统一社会信用代码"], [("WH-1", "威海甲集团有限公司", "")])
    assert run("draw", "new", "--pool", pool, "--field", "新材料", "--round", "A1", "--ledger", tmp_path / "l.db",
               "--out", tmp_path / "a.json", "--applicants", applicants, "--random-source", "1 2 3").exit_code == 0
    assert run("draw", "verify", tmp_path / "a.json", "--ledger", tmp_path / "l.db").exit_code == 0
    record = load(tmp_path / "a.json")
    [warning] = record["warnings"]
    record["warnings"] = []  # the record handed over without it: its own hash does not cover warnings
    (tmp_path / "a.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run("draw", "verify", tmp_path / "a.json").exit_code == 0
    result = run("draw", "verify", tmp_path / "a.json", "--ledger", tmp_path / "l.db")
    assert (result.exit_code, result.output) == (1, "不一致：账本第 1 条所载的抽取警告与记录不符：账本记有而记录中没有的警告 1 条。\n")
    entry = json.loads(sqlite3.connect(tmp_path / "l.db").execute("SELECT entry_json FROM ledger").fetchone()[0])
    assert entry["warnings_sha256"] == [hashlib.sha256(warning.encode("utf-8")).hexdigest()]
    assert "威海甲集团" not in json.dumps(entry, ensure_ascii=False)  # the ledger holds no applicant's or unit's name


def test_fairness_flags_a_commit_dropped_for_a_later_one_of_the_same_round(tmp_path):
    ledger = tmp_path / "l.db"
    common = ("--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "R9", "--ledger", ledger)
    assert run("draw", "commit", *common, "--out", tmp_path / "c1.json", "--source-name", "双色球 第2025060期").exit_code == 0
    assert run("draw", "commit", *common, "--out", tmp_path / "c2.json", "--source-name", "大乐透 第25060期",
               "--redraw-reason", "补充回避名单").exit_code == 0
    assert run("draw", "reveal", tmp_path / "c2.json", "--ledger", ledger, "--random-source", "1 2 3 4 5 6 7",
               "--out", tmp_path / "r.json").exit_code == 0
    at = load(tmp_path / "c2.json")["committed_at"]
    result = run("fairness", ledger, "--out", tmp_path / "out")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "out" / "fairness.json").read_text(encoding="utf-8"))
    assert report["flags"] == [{
        "kind": "commit_replaced", "subject": "l.db#1", "draws": ["l.db#1"], "refs": ["l.db#1"],
        "reason": (f"账本「l.db」第 1 条承诺（轮次 R9）未揭示，它已被第 2 条（承诺，原因：补充回避名单，{at}）取代："
                   "请核对第 1 条所指定来源（双色球 第2025060期）的开奖时间是否早于第 2 条；若是，经办人在改抽前已能算出原承诺的名单。")}]
    assert "标记：承诺未揭示即被同一轮次的再次承诺或抽取取代：l.db#1" in result.output


def test_a_negative_warn_multiple_is_refused_not_taken_as_no_warning(tmp_path):
    said = "错误：可选范围偏小的警告倍数（--warn-multiple）不能为负数（0 表示不警告）。\n"
    result = run("draw", "new", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--round", "W1",
                 "--ledger", tmp_path / "l.db", "--out", tmp_path / "d.json", "--random-source", "1 2 3", "--warn-multiple", "-5")
    assert (result.exit_code, result.stderr) == (2, said) and not (tmp_path / "l.db").exists()
    check = run("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--warn-multiple", "-1")
    assert (check.exit_code, check.stderr) == (2, said)

