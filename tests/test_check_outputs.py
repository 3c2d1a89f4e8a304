"""Outputs sized for batches: cases.jsonl + rules.json for every case, report files for the flagged
ones (or all), index.html by district, and `fundcheck show` giving the bytes --per-case all writes."""

from __future__ import annotations

import re
import shutil

import orjson
import pytest

from tests.helpers import SAMPLES, read_json, run_cli

WINDOW = ("--window", "2020-07-01", "2020-07-31")
FLAGGED = ["WH-2020-002", "WH-2020-003", "WH-2020-004", "WH-2020-006", "WH-2020-007", "WH-2020-008", "WH-2020-009",
           "WH-2020-010", "WH-2020-011", "WH-2020-012", "WH-2020-017", "WH-2020-018", "row16", "row17"]
ELIGIBLE = ["WH-2020-001", "WH-2020-005", "WH-2020-015", "WH-2020-016"]


def _check(out, *extra):
    return run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--out", out, *WINDOW, *extra)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    flagged, every = tmp_path_factory.mktemp("flagged"), tmp_path_factory.mktemp("all")
    result = _check(flagged, "--format", "html,md")
    _check(every, "--per-case", "all", "--format", "json,html,md", "--quiet")
    return result, flagged, every


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_default_run_writes_every_case_once_and_reports_for_the_flagged(runs):
    result, flagged, every = runs
    assert _files(flagged) == sorted([".fundcheck-run.json", "cases.jsonl", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html",
                                      *(f"cases/{n}.{k}" for n in FLAGGED for k in ("html", "md"))])
    assert _files(every) == sorted([".fundcheck-run.json", "cases.jsonl", "index.html", "rules.json", "summary.json", "summary.xlsx", "告知书汇总.html",
                                    *(f"cases/{n}.{k}" for n in FLAGGED + ELIGIBLE for k in ("json", "html", "md"))])
    assert result.stdout.splitlines()[-3:] == [
        f"报告：{flagged / 'index.html'}（全部案件按区市列出）、{flagged / 'summary.xlsx'}、{flagged / 'summary.json'}、{flagged / '告知书汇总.html'}",
        f"逐件报告：{flagged / 'cases'}/（不符合条件和需人工复核的 14 件）；其余案件：fundcheck show {flagged} 申报编号",
        f"全部案件数据：{flagged / 'cases.jsonl'}（规则文本与依据：{flagged / 'rules.json'}）",
    ]
    assert read_json(flagged / "summary.json")["case_reports"] == {
        "per_case": "flagged", "per_case_formats": ["html", "md"], "cases_with_files": 14, "cases_jsonl": "cases.jsonl",
        "rules_json": "rules.json", "index": "index.html",
        "note": "cases/ 中为不符合条件和需人工复核的申报的报告（含一次性告知书）；全部案件的审核数据在 cases.jsonl（规则文本与依据在 rules.json）；"
                "任一案件的报告：fundcheck show 输出文件夹 申报编号 [--format html|md|json]。",
    }
    # the flagged reports are the very files --per-case all writes
    for name in FLAGGED:
        for kind in ("html", "md"):
            assert (flagged / "cases" / f"{name}.{kind}").read_bytes() == (every / "cases" / f"{name}.{kind}").read_bytes()
    assert (flagged / "告知书汇总.html").read_bytes() == (every / "告知书汇总.html").read_bytes()


@pytest.mark.parametrize("kind", ["html", "md", "json"])
def test_show_renders_any_case_byte_identical_to_per_case_all(runs, kind):
    _, flagged, every = runs
    for name in FLAGGED + ELIGIBLE:
        result = run_cli("show", flagged, name, "--format", kind)
        assert result.exit_code == 0
        assert result.stdout_bytes == (every / "cases" / f"{name}.{kind}").read_bytes(), name


def test_cases_jsonl_names_rules_and_rules_json_holds_their_texts_once(runs, book):
    _, flagged, _ = runs
    lines = (flagged / "cases.jsonl").read_bytes().splitlines()
    assert [orjson.loads(line)["name"] for line in lines] == [c["report"].split("/")[-1] if c["report"] != "index" else c["case_id"]
                                                             for c in read_json(flagged / "summary.json")["cases"]]
    first = orjson.loads(lines[0])
    assert sorted(first) == sorted(["name", "case_id", "workflow", "verdict", "findings", "rulebook_version", "input_sha256", "input_file",
                                    "input_row", "sheet", "application", "other_columns", "reference_date", "engine"])
    rule_ids = book.workflow("W-05").check_rules
    lean = ["evidence", "message", "outcome", "remedy", "rule", "severity"]
    # no 区市初审 column: that rule is not checked, and says whose step it is (the office's: no applicant verdict)
    assert [sorted(f) for f in first["findings"]] == [lean] * 9 + [sorted([*lean, "not_checked", "subject"])] + [lean]
    assert [f["rule"].split("@")[0] for f in first["findings"]] == rule_ids
    assert [f["rule"].split("#")[0].split("@")[1] for f in first["findings"]] == [str(book.rules[r].version) for r in rule_ids]
    rules = read_json(flagged / "rules.json")
    assert rules["format"] == "fundcheck-cases/1" and rules["per_case"] == "flagged" and rules["run"]["workflow_id"] == "W-05"
    region = rules["rules"][first["findings"][0]["rule"]]
    assert region["title"] == {"zh": "在威海市行政区域内注册", "en": "Registered within the Weihai administrative area"}
    assert region["fields"] == ["rule_id", "rule_version", "title", "severity", "outcome", "message", "remedy", "why", "evidence",
                                "parameters", "parameters_effective_from", "citation"]
    assert b"\"citation\"" not in (flagged / "cases.jsonl").read_bytes()


def test_index_lists_every_case_by_district_in_administrative_order(runs):
    _, flagged, _ = runs
    page = (flagged / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<h2 id="d\d+">(.*?)</h2>|<tr><td class="n">\d+</td><td>(.*?)</td><td>.*?</td><td class="n">(.*?)</td>'
                       r'<td class="v-(\w+)">.*?</td><td>(.*?)</td><td>(.*?)</td></tr>', page)
    shown = [g[0] or g[1:] for g in found]

    def link(name):
        return f'<a href="cases/{name}.html">查看</a>'

    assert shown == [
        "环翠区（8 件）",
        ("WH-2020-001", "3", "eligible", "—", "—"),
        ("WH-2020-002", "4", "ineligible", "不通过：在威海市行政区域内注册", link("WH-2020-002")),
        ("WH-2020-006", "8", "needs_review", "待补充：核准或备案手续齐全", link("WH-2020-006")),
        ("WH-2020-011", "13", "needs_review", "不通过：同一企业在本批次重复申报", link("WH-2020-011")),
        ("WH-2020-012", "14", "needs_review", "不通过：同一企业在本批次重复申报", link("WH-2020-012")),
        ("WH-2020-013", "17", "needs_review", "不通过：申报编号重复", link("row17")),
        ("WH-2020-015", "18", "eligible", "—", "—"),
        ("WH-2020-016", "19", "eligible", "—", "—"),
        "文登区（3 件）",
        ("WH-2020-004", "6", "ineligible", "不通过：年度设备投入100万元（含）以上", link("WH-2020-004")),
        ("WH-2020-009", "11", "needs_review", "不通过：年度设备投入（万元）无法识别<br>待补充：年度设备投入100万元（含）以上", link("WH-2020-009")),
        ("WH-2020-018", "21", "needs_review", "不通过：项目总投资（万元）公式结果不可用", link("WH-2020-018")),
        "荣成市（2 件）",
        ("WH-2020-003", "5", "ineligible", "不通过：具有独立法人资格", link("WH-2020-003")),
        ("WH-2020-017", "20", "needs_review", "不通过：统一社会信用代码无法识别<br>待补充：在威海市行政区域内注册", link("WH-2020-017")),
        "乳山市（2 件）",
        ("WH-2020-005", "7", "eligible", "—", "—"),
        ("WH-2020-013", "16", "needs_review", "不通过：申报编号重复；在申报期内提交<br>提示项不通过（不影响结论）：设备投入不超过项目总投资",
             link("row16")),
        "火炬高技术产业开发区（1 件）",
        ("WH-2020-010", "12", "needs_review", "不通过：分支机构、个体工商户、合伙企业或个人独资企业申报独立法人需核实", link("WH-2020-010")),
        "经济技术开发区（1 件）",
        ("WH-2020-007", "9", "ineligible", "不通过：符合国家、省和市产业政策重点发展方向", link("WH-2020-007")),
        "临港经济技术开发区（1 件）",
        ("WH-2020-008", "10", "needs_review", "待补充：在威海市行政区域内注册", link("WH-2020-008")),
    ]
    assert "共 18 件：符合条件 4 件，不符合条件 4 件，需人工复核 10 件。" in page
    assert "fundcheck show 本文件夹 申报编号" in page and "<script" not in page


def test_districts_in_order_unknown_after_in_order_seen_blank_last(book):
    from checker.check.region import load_district_order
    from checker.report.index import UNFILLED, group_by_district

    rows = [{"district": d, "n": i} for i, d in enumerate(["某新区", "", "经区", "乳山市", "另一区", "高区", "环翠", "某新区"])]
    groups = [(name, [r["n"] for r in members]) for name, members in group_by_district(rows, load_district_order(book.directory))]
    assert groups == [("环翠区", [6]), ("乳山市", [3]), ("火炬高技术产业开发区", [5]), ("经济技术开发区", [2]),
                      ("某新区", [0, 7]), ("另一区", [4]), (UNFILLED, [1])]


def test_show_reads_runs_made_before_cases_jsonl(runs, tmp_path):
    _, _, every = runs
    old = tmp_path / "old"
    shutil.copytree(every, old)
    (old / "cases.jsonl").unlink()
    (old / "rules.json").unlink()
    (old / "cases" / "WH-2020-001.md").unlink()
    for kind in ("html", "json"):
        assert run_cli("show", old, "WH-2020-001", "--format", kind).stdout_bytes == (every / "cases" / f"WH-2020-001.{kind}").read_bytes()
    markdown = run_cli("show", old, "WH-2020-001", "--format", "md").stdout
    assert markdown.startswith("# 工业企业技术改造补助资金项目审核 申报审核报告：WH-2020-001\n")


def test_show_names_what_it_cannot_find_in_chinese(runs):
    _, flagged, _ = runs
    missing = run_cli("show", flagged, "WH-2099-001")
    assert missing.exit_code == 2 and "错误：" in missing.stderr and "没有申报编号或报告名为「WH-2099-001」的案件" in missing.stderr
    shared = run_cli("show", flagged, "WH-2020-013")
    assert shared.exit_code == 2 and "对应 2 件申报：row16（第 16 行）、row17（第 17 行）；请用报告名指定其中一件。" in shared.stderr
    answer = orjson.loads(run_cli("show", flagged, "row16", "--json").stdout)
    assert answer == {"command": "fundcheck show", "status": "ok", "exit_code": 0, "case_id": "row16", "report": "row16",
                      "format": "html", "bytes": len((flagged / "cases" / "row16.html").read_bytes())}


def test_show_of_an_id_typed_in_the_other_letter_case_names_the_id_meant(runs):
    """wh-2020-001 found nothing and said only that; ids are compared as written (two ids may differ
    by case alone), so the message names the id that differs only by case."""
    _, flagged, _ = runs
    result = run_cli("show", flagged, "wh-2020-001")
    assert (result.exit_code, result.stderr) == (
        2, f"错误：「{flagged}」的审核结果中没有申报编号或报告名为「wh-2020-001」的案件（区分大小写）；是否为「WH-2020-001」？\n")


@pytest.mark.parametrize("typed", ["WH-2020-001 ", "ＷＨ－２０２０－００１", "WH-2020-\u200b001", "WH-2020\u00ad-001"])
def test_show_finds_an_id_typed_as_check_reads_ids(runs, typed):
    """A trailing space, full-width letters or a zero-width space (as copied from a workbook) found
    nothing (没有申报编号…为「WH-2020-001 」的案件), though check reads that id as WH-2020-001."""
    _, _, every = runs
    result = run_cli("show", every, typed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (every / "cases" / "WH-2020-001.json").read_bytes()

def test_default_jobs_by_size():
    import os

    from checker.check.batch import default_jobs

    assert default_jobs(1999) == 1
    assert default_jobs(2000) == max(1, min(len(os.sched_getaffinity(0)), 4))


def test_default_jobs_on_a_large_batch_is_quiet_and_identical_to_one_process(tmp_path):
    """2,000 rows: worker processes by default (min(cores, 4)); they end without a word on stderr and
    the outputs are byte-identical to --jobs 1."""
    import subprocess
    import sys

    from benchmarks.generate import write_workbook

    path = write_workbook(tmp_path / "big.xlsx", 2000, seed=3)
    outs = {}
    for name, extra in (("default", []), ("one", ["--jobs", "1"])):
        outs[name] = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "checker", "check", str(path), "--out", str(outs[name]), "--quiet", *extra],
                              capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (1, "")
    files = {name: {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} for name, out in outs.items()}
    assert files["default"] == files["one"] and len(files["one"]["cases.jsonl"].splitlines()) == 2000


def test_notices_page_streamed_from_its_spool_is_the_rendered_page(runs, tmp_path):
    """告知书汇总.html is written piece by piece from a spool file: the bytes notices_page renders."""
    from checker.report.case import notices_page, render_notice
    from checker.report.lean import RunCases

    _, flagged, _ = runs
    cases = RunCases.open(flagged)
    entries = [e for e in (render_notice(cases.document(orjson.loads(line)), cases.run) for line in cases.lines()) if e]
    assert len(entries) == 12  # 14 cases are not eligible; two of them only for the office (a shared id, a formula cell)
    assert (flagged / "告知书汇总.html").read_bytes() == notices_page(entries, cases.run)
