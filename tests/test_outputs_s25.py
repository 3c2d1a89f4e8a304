"""Printed outputs of ``fundcheck fairness`` and ``fundcheck audit`` (review s25).

1. fairness.html broke words mid-word (its cells had word-break: break-all: the file name ledger.db
   printed as "ledger.d / b", a draw ledger.db#13 as "ledger.db#1 / 3", a round 2024-XCL-05 split at
   a hyphen) and squeezed 所涉抽取与账本条目 into a seventh column a few characters wide. Chinese now
   wraps between characters, names and ids only where a line may sensibly break (spaces, 、 ；, the
   @ → + / _ of an id), the tables have widths that fit A4, and a flag's draws and ledger entries
   take a full-width row under it.
2. round.html said 不通过 14 beside 结论：不合规 while its 审计意见 said 10 项不合规: the box counted
   the 结果 column (every finding, record problems too), the paragraph the 定性 of the requirements.
   Both are now shown, each saying what it counts, the 定性 one in the 审计意见's own numbers.
3. A round record's unreadable value was to be fixed "请按 日期，如 2020-07-01、… 更正该单元格": now
   "请更正为日期（如 2020-07-01、…）后重新审计。".
(4. Amounts: the round and fairness reports print none, so there was no 100万元 / 100 万元 to align.)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from checker.audit.record import round_input_finding
from checker.fairness.report import breakable, render_html, whole
from tests.helpers import ROOT, ROUNDS, read_json, run_cli

EXAMPLE = ROOT / "reports" / "example" / "fairness" / "fairness.json"
CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)


@pytest.fixture(scope="module")
def fairness_page() -> str:
    return render_html(json.loads(EXAMPLE.read_text(encoding="utf-8")))


# --- 1: fairness.html ------------------------------------------------------------------------------


def test_fairness_cells_wrap_between_words_and_only_a_hash_breaks_anywhere(fairness_page):
    assert ("th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; "
            "word-break: normal; overflow-wrap: break-word; }") in fairness_page
    assert [line for line in fairness_page.splitlines() if "break-all" in line] == [
        ".hash { word-break: break-all; font-size: 8pt; }"]
    assert "table.fixed { table-layout: fixed; }" in fairness_page
    assert '<tr><td>专家库</td><td>experts.xlsx</td><td><code class="hash">' in fairness_page


def test_a_flags_draws_and_ledger_entries_take_a_full_width_row_under_it(fairness_page):
    from tests.test_hostile_h153 import REROLL  # the re-roll's reason names its round and the draw it replaced (h153)

    assert ('<thead><tr><th>事项</th><th>对象</th><th class="num">实际</th><th class="num">期望</th><th class="num">p 值</th>'
            '<th class="num">校正后</th></tr></thead>\n<tbody class="flag">\n') in fairness_page
    assert ('<tbody class="flag">\n<tr class="hit"><td>重新抽取：可抽取名单未变（或原正选专家均仍可抽取）而正选名单改变'
            '<br><span class="small">经办：政工科-经办人A</span></td>'
            '<td>ledger.db#13</td>\n<td class="num"></td><td class="num"></td>\n<td class="num"></td><td class="num"></td></tr>\n'
            # the flag's sentence across the table's width, not in its first column (a paragraph 5 characters wide)
            '<tr class="hit refs"><td colspan="6" class="small">说明：' + REROLL + '<br>所涉抽取与账本条目：<span class="nw">ledger.db 第 12 条；</span>'
            '<span class="nw">2024-XCL-05.json；</span><span class="nw">ledger.db 第 13 条；</span>'
            '<span class="nw">2024-XCL-05-redraw.json</span></td></tr>\n</tbody>') in fairness_page
    assert "<th>所涉抽取与账本条目</th>" not in fairness_page


def test_ids_and_names_get_break_points_only_where_a_reader_expects_them(fairness_page):
    # a recurrence flag's subject (expert @ applicant) may break after the @, never inside either id
    assert breakable("ZJ014@91371002MA3P00006H") == "ZJ014@<wbr>91371002MA3P00006H"
    assert breakable("2024-XCL-05→2024-XCL-06") == "2024-XCL-05→<wbr>2024-XCL-06"
    assert breakable("ledger.db") == "ledger.db"
    assert breakable('<script>_"x".db') == "&lt;script&gt;_<wbr>&#34;x&#34;.db"
    # a list: each item one block with its separator, so a line never starts with 、 or ；
    assert whole(["2024-XCL-05", "a<b"]) == '<span class="nw">2024-XCL-05、</span><span class="nw">a&lt;b</span>'
    assert whole(["ledger.db 第 1 条", "2024-XCL-01.json"], "；") == (
        '<span class="nw">ledger.db 第 1 条；</span><span class="nw">2024-XCL-01.json</span>')
    # a time breaks between date and time only
    assert whole("2024-01-08 09:30:00") == '<span class="nw">2024-01-08</span> <span class="nw">09:30:00</span>'
    assert whole([]) == "" and whole(None) == ""
    assert ('<td class="small"><span class="nw">2024-01-08</span> <span class="nw">09:30:00</span></td>'
            '<td><span class="nw">2024-XCL-01</span><br>新材料</td>') in fairness_page


# Chromium lays the page out at the A4 print width (170 mm between 20 mm margins); the probe finds
# every id and file name in the text and reports the ones whose glyphs sit on more than one line.
PROBE = """<style>body { max-width: 170mm !important; }</style><script>
const TOKEN = /ledger\\.db#\\d+|ledger\\.db(?![#\\w])|experts\\.xlsx|\\d{4}-[A-Z]{2,3}-\\d{2}|\\d{4}-\\d{2}-\\d{2}|9\\d{5}[0-9A-Z]{12}/g;
const broken = [], seen = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (node.parentElement.closest("svg, script, style")) continue;
  for (const m of node.data.matchAll(TOKEN)) {
    const range = document.createRange();
    range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    seen.push(m[0]);
    if (tops.size > 1) broken.push(m[0]);
  }
}
const out = document.createElement("pre"); out.id = "probe"; out.textContent = JSON.stringify([seen.length, broken]);
document.body.appendChild(out);
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_no_id_or_file_name_is_split_across_lines_at_the_a4_width(fairness_page, tmp_path):
    page = tmp_path / "fairness.html"
    page.write_text(fairness_page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    seen, broken = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom).group(1))
    assert seen > 1000  # every ledger entry, draw, round, date and file name of the sample
    assert broken == []


# --- 2: round.html / round.md counts ----------------------------------------------------------------


@pytest.fixture(scope="module")
def w08(tmp_path_factory):
    out = tmp_path_factory.mktemp("w08")
    assert run_cli("audit", ROUNDS / "noncompliant_W-08.json", "--ledger", ROUNDS / "ledger.db", "-o", out,
                   "--quiet").exit_code == 1
    return out


def test_the_round_counts_say_what_they_count_in_the_conclusions_numbers(w08):
    html = (w08 / "round.html").read_text(encoding="utf-8")
    markdown = (w08 / "round.md").read_text(encoding="utf-8")
    conclusion = read_json(w08 / "round.json")["conclusion"]
    assert conclusion.startswith("经审计，“2020年市级智能工厂和数字化车间”（轮次编号 W08-2020-02）按所属流程核对 24 项要求，其中 10 项不合规（")
    assert "），5 项需人工复核（" in conclusion and "），另有轮次记录问题 2 处需核实（轮次记录无法读取的值）。" in conclusion
    assert ('<p class="verdict">结论：不合规</p>\n'
            '<div class="tally"><span>按定性：核对 24 项要求</span><div class="counts"><div class="c-fail">不合规<b>10</b></div>'
            '<div class="c-missing">需人工复核<b>5</b></div><div class="c-pass">合规<b>9</b></div><div>另有轮次记录问题<b>2</b></div></div></div>\n'
            '<div class="tally"><span>按检查结果（“结果”栏）：共 26 项</span><div class="counts"><div class="c-fail">不通过<b>14</b></div>'
            '<div class="c-missing">待补充<b>3</b></div><div class="c-pass">通过<b>9</b></div></div></div>\n') in html
    assert ("- 结论：**不合规**（核对 24 项要求：不合规 10 项，需人工复核 5 项，合规 9 项；另有轮次记录问题 2 处）\n"
            "- 检查结果：共 26 项（不通过 14 项，待补充 3 项，通过 9 项），见“审计结果”表“结果”栏\n") in markdown


def test_a_round_without_record_problems_counts_its_not_applicable_requirements_as_the_grade_column_does(tmp_path):
    assert run_cli("audit", ROUNDS / "compliant_W-12.json", "--ledger", ROUNDS / "ledger.db", "-o", tmp_path,
                   "--quiet").exit_code == 0
    html = (tmp_path / "round.html").read_text(encoding="utf-8")
    assert ('<div class="tally"><span>按定性：核对 21 项要求</span><div class="counts"><div class="c-fail">不合规<b>0</b></div>'
            '<div class="c-missing">需人工复核<b>0</b></div><div class="c-pass">合规<b>21</b></div></div></div>\n'
            '<div class="tally"><span>按检查结果（“结果”栏）：共 21 项</span><div class="counts"><div class="c-fail">不通过<b>0</b></div>'
            '<div class="c-missing">待补充<b>0</b></div><div class="c-pass">通过<b>18</b></div><div>不适用<b>3</b></div></div></div>\n') in html
    assert ("- 结论：**合规**（核对 21 项要求：不合规 0 项，需人工复核 0 项，合规 21 项）\n"
            "- 检查结果：共 21 项（不通过 0 项，待补充 0 项，通过 18 项，不适用 3 项），见“审计结果”表“结果”栏\n"
            ) in (tmp_path / "round.md").read_text(encoding="utf-8")


# --- 3: 处理建议 of a round record's unreadable value ----------------------------------------------------


def test_an_unreadable_values_remedy_reads_as_a_sentence(w08):
    remedies = {f["rule_id"]: f["remedy"] for f in read_json(w08 / "round.json")["findings"] if f["rule_id"].startswith("INP-")}
    assert remedies["INP-ROUND-DATE"] == "请更正为日期（如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）后重新审计。"
    assert remedies["INP-ROUND-STEP"].startswith("请更正为节点名称之一（事前报告、纪检组同意、发布申报通知、")
    assert remedies["INP-ROUND-STEP"].endswith("、绩效评价、监督检查）后重新审计。")
    assert ("处理建议：请更正为日期（如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期）后重新审计。"
            in (w08 / "round.html").read_text(encoding="utf-8"))
    # the documented form stays quoted as written in 依据
    assert "依据：《fundcheck 使用说明（输入表格格式）》：“轮次记录：日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期”" in (
        w08 / "round.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("expected, remedy", [
    ("整数，如 0、1、2、5", "请更正为整数（如 0、1、2、5）后重新审计。"),
    ("每个阶段一行", "请更正为每个阶段一行后重新审计。"),
    ("与公示表一致的日期", "请更正为与公示表一致的日期后重新审计。"),
    ("模板的角色（正选、替补）", "请更正为模板的角色（正选、替补）后重新审计。"),
    ("18 位统一社会信用代码（GB 32100-2015），校验位正确", "请更正为 18 位统一社会信用代码（GB 32100-2015），校验位正确后重新审计。"),
])
def test_every_form_of_expected_value_makes_a_sentence(expected, remedy):
    finding = round_input_finding("INP-ROUND-VALUE", "m", {"source": "流程节点!B2"}, expected)
    assert (finding["remedy"], finding["citation"]["quote"]) == (remedy, f"轮次记录：{expected}")
