"""MON-500W (L-03): a project whose total investment reaches the supervision threshold must be on
the supervision list; at exactly 500万元 the two readings of "以上" differ and the finding says so."""

from __future__ import annotations

from tests.helpers import SAMPLES, case_text, read_case, read_json, run_cli


def test_the_l03_sample_against_its_supervision_list(tmp_path):
    result = run_cli("check", SAMPLES / "check" / "L-03_projects.xlsx", "--workflow", "L-03", "--supervision-list",
                     SAMPLES / "check" / "registers" / "supervision_list.csv", "--as-of", "2021-06-30", "--out", tmp_path)
    assert result.exit_code == 1, result.output
    summary = read_json(tmp_path / "summary.json")
    assert [(c["case_id"], c["verdict"], c["failed_rules"], c["missing_rules"]) for c in summary["cases"]] == [
        ("L03-01", "eligible", [], []), ("L03-02", "needs_review", ["MON-500W"], []),
        ("L03-03", "needs_review", ["MON-500W"], []), ("L03-04", "eligible", [], []),
        ("L03-05", "needs_review", [], ["MON-500W"]),
    ]
    found = {case: next(f for f in read_case(tmp_path, f"{case}")["findings"] if f["rule_id"] == "MON-500W")
             for case in ("L03-01", "L03-02", "L03-03", "L03-04")}
    assert {case: (f["outcome"], f["severity"], f["message"], f["reading"], f["other_reading"]) for case, f in found.items()} == {
        "L03-01": ("pass", "review", "项目总投资 800 万元，已在督导项目清单中：鹿泉示例301有限公司，项目 鹿泉示例301技改项目，日期 2021-02-01，"
                   "文号 运行二科督导项目清单(示例)。",
                   "含本数口径", {"reading": "不含本数口径", "outcome": "pass", "differs": False}),
        # the list holds another project of the same enterprise: matched by project name, not listed
        "L03-02": ("fail", "review", "项目总投资 1200 万元，达到 500 万元的督导门槛，但不在督导项目清单（supervision_list.csv）中（项目单位 "
                   "91130110MA0000302M；清单中该单位的其他项目：鹿泉示例302有限公司，项目 鹿泉示例302一期项目，日期 2021-02-01，"
                   "文号 运行二科督导项目清单(示例)）。",
                   "含本数口径", {"reading": "不含本数口径", "outcome": "fail", "differs": False}),
        "L03-03": ("fail", "review", "项目总投资 500 万元，达到 500 万元的督导门槛，但不在督导项目清单（supervision_list.csv）中（项目单位 "
                   "91130110MA0000303Q；清单中该单位的其他项目：无）。（按不含本数口径结果为“通过”。）",
                   "含本数口径", {"reading": "不含本数口径", "outcome": "pass", "differs": True}),
        "L03-04": ("pass", "review", "项目总投资 300.5 万元，未达到 500 万元的督导门槛。",
                   "含本数口径", {"reading": "不含本数口径", "outcome": "pass", "differs": False}),
    }


def test_without_the_supervision_list_a_large_project_waits_for_it(tmp_path):
    result = run_cli("check", SAMPLES / "check" / "L-03_projects.xlsx", "--workflow", "L-03", "--out", tmp_path)
    assert result.exit_code == 1
    finding = next(f for f in read_case(tmp_path, "L03-02")["findings"] if f["rule_id"] == "MON-500W")
    assert (finding["outcome"], finding["message"]) == (
        "missing", "项目总投资 1200 万元，达到督导门槛，但未提供督导项目清单，无法核对。")
