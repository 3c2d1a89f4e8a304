"""A case report's 主要问题 says when the table below holds advisory findings that did not pass."""

from __future__ import annotations

import re

from tests.helpers import read_case, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05, _finding


def _problems_block(html: str) -> str:
    return re.search(r'<div class="problems[^"]*">.*?</div>', html, re.S).group(0)


def test_main_problems_names_the_advisory_findings_that_did_not_pass(tmp_path):
    """An eligible application whose 年度设备投入 exceeds its 项目总投资 (an advisory rule, no bearing on
    the verdict) read 主要问题：未发现不符合条件或需补充的事项, with a 不通过 in the table under it. The
    block now says one advisory finding is there; an application without one reads as before."""
    rows = [{**APPLICATION, "年度设备投入（万元）": "150", "项目总投资（万元）": "120"},
            {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": "91371002MA3D0004CE"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet",
            "--per-case", "all", "--format", "html,md")
    case = read_case(tmp_path / "out", "H28-1")
    assert case["verdict"] == "eligible"
    assert _finding(case, "APP-EQUIP-LE-TOTAL") == ("fail", "年度设备投入 150 万元大于项目总投资 120 万元，数据前后矛盾。")
    html = (tmp_path / "out" / "cases" / "H28-1.html").read_text(encoding="utf-8")
    assert _problems_block(html) == (
        '<div class="problems none">\n<h2>主要问题</h2>\n<p>未发现不符合条件或需补充的事项。</p>\n'
        '<p class="small">另有 1 项提示（不影响审核结论），见逐条审核意见。</p>\n</div>')
    markdown = (tmp_path / "out" / "cases" / "H28-1.md").read_text(encoding="utf-8")
    assert "## 主要问题\n未发现不符合条件或需补充的事项。\n\n另有 1 项提示（不影响审核结论），见逐条审核意见。\n" in markdown
    plain = (tmp_path / "out" / "cases" / "H28-2.html").read_text(encoding="utf-8")
    assert _problems_block(plain) == '<div class="problems none">\n<h2>主要问题</h2>\n<p>未发现不符合条件或需补充的事项。</p>\n</div>'


def test_a_duplicated_running_number_names_the_other_rows_by_line(tmp_path):
    """Ids 1, 2, 1 (a district's running numbers typed twice): INP-DUPLICATE-ID said only 出现 2 次, and a
    reviewer had to search the sheet for the other row; each row now names the other by its line, and a
    placeholder typed on many rows names five of them and counts the rest."""
    rows = [{**APPLICATION, "申报编号": str(n)} for n in (1, 2, 1)] + [{**APPLICATION, "申报编号": "X"} for _ in range(7)]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")

    def duplicate(name: str) -> str:
        return next(f["message"] for f in read_case(tmp_path / "out", name)["findings"] if f["rule_id"] == "INP-DUPLICATE-ID")

    assert duplicate("row1") == "JSON#1.申报编号 的申报编号“1”在文件中出现 2 次（另见第 3 行）；各条均已审核，报告文件以输入行号 row1 命名。"
    assert duplicate("row3") == "JSON#3.申报编号 的申报编号“1”在文件中出现 2 次（另见第 1 行）；各条均已审核，报告文件以输入行号 row3 命名。"
    assert duplicate("row10") == ("JSON#10.申报编号 的申报编号“X”在文件中出现 7 次（另见第 4 行、第 5 行、第 6 行、第 7 行、第 8 行 等 6 处）；"
                                  "各条均已审核，报告文件以输入行号 row10 命名。")
    assert [f["rule_id"] for f in read_case(tmp_path / "out", "2")["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"] == []
