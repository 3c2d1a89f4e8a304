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


def test_a_rule_the_run_could_not_check_reads_not_checked_not_not_applicable(tmp_path):
    """The W-05 sample has no 区市初审意见 column: the rule is not_applicable in the data (with not_checked, the
    contract's form) and its row in the report said 不适用, which a reader takes as "does not concern this
    case"; it says 未核对, while a rule that does not apply still says 不适用."""
    from tests.helpers import SAMPLES

    run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
            "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "WH-2020-002")
    prelim = next(f for f in case["findings"] if f["rule_id"] == "APP-DISTRICT-PRELIM")
    assert (prelim["outcome"], prelim["not_checked"], prelim["message"]) == (
        "not_applicable", True, "申报表中没有“区市初审意见”列，本项未核对（整批）。")
    html = re.sub(r"\s+", " ", (tmp_path / "out" / "cases" / "WH-2020-002.html").read_text(encoding="utf-8"))
    assert ('<tr><td><strong>区市工信部门初审</strong><br><span class="small">复核项</span></td> '
            '<td class="o-not_applicable">未核对</td> <td>申报表中没有“区市初审意见”列，本项未核对（整批）。') in html
    assert ('<td class="o-not_applicable">不适用</td> <td>注册地址不在威海市或未能读取，申报途径不作核对（见注册地规则）。') in html


def test_a_ledger_checked_without_workflow_is_not_said_to_be_checked_under_one(tmp_path):
    """Without --workflow (W-05 is only the command's default) a ledger's rows are decided by their 事项, and the
    run said 指定的流程 W-05 … 未按 W-05 审核, naming a workflow the user never gave. Said only when given."""
    from tests.helpers import read_json

    rows = [{"申报编号": "Z-1", "企业名称": "威海某公司", "事项": "N-04", "收件日期": "2024-03-01", "补正告知日期": "",
             "补正告知次数": 0, "受理结果": "受理", "受理日期": "2024-03-01", "受理凭证": "是", "不予受理理由": "", "决定": "准予",
             "决定日期": "2024-03-20", "决定理由": ""}]
    path = write_json(tmp_path / "ledger.json", rows)
    run_cli("check", path, "--out", tmp_path / "plain", "--quiet")
    assert not [note for note in read_json(tmp_path / "plain" / "summary.json")["not_checked"] if "指定的流程" in note]
    run_cli("check", path, "--workflow", "W-05", "--out", tmp_path / "named", "--quiet")
    assert [note for note in read_json(tmp_path / "named" / "summary.json")["not_checked"] if "指定的流程" in note] == [
        "指定的流程 W-05（工业企业技术改造补助资金项目审核）不是受理台账事项，而输入文件有“事项”列，是受理台账：各行按其事项（N-04）审核，"
        "未按 W-05 审核；如要审核申报表，请提交申报表而非受理台账。"]


def test_a_ledger_lacking_its_items_column_is_not_said_to_be_checked_as_w05(tmp_path):
    """A ledger lacking a column its 事项 needs stopped with 本次未用 --workflow 指定流程，按默认的 W-05 核对,
    though its rows were checked under N-04: the hint is for an application table checked under the default."""
    rows = [{"申报编号": "Z-1", "企业名称": "威海某公司", "事项": "N-04", "收件日期": "2024-03-01", "受理结果": "受理",
             "受理日期": "2024-03-01", "决定": "准予", "决定日期": "2024-03-20"}]
    result = run_cli("check", write_json(tmp_path / "ledger.json", rows), "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 2
    assert result.stderr == ("错误：ledger.json (JSON) 缺少 N-04 必需的列：补正告知次数、补正告知日期、受理凭证、不予受理理由、决定理由；"
                             "表中的列：申报编号、企业名称、事项、收件日期、受理结果、受理日期、决定、决定日期\n")


def test_a_city_level_applicant_whose_address_names_no_district_is_still_the_offices_question(tmp_path):
    """所在区市 市直 beside an address naming no district (威海市世昌大道1号): the rule said 不适用 (未写明区市，
    无法核对申报途径) and the 市直 question was lost; it is asked, the office's (no notice to the applicant)."""
    rows = [{**APPLICATION, "所在区市": "市直", "注册地址": "威海市世昌大道1号"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "H28-1")["findings"] if f["rule_id"] == "ELIG-TERRITORIAL-ROUTE")
    assert (found["outcome"], found["message"], found.get("gap_of")) == (
        "missing", "所在区市为“市直”，该单位为市直（市本级）申报单位，未经区市工信部门申报（注册地址“威海市世昌大道1号”未写明区市）；"
                   "履职清单规定申报单位向所在地工业和信息化部门申请、由各区市工业和信息化部门初审，未规定市直单位的申报途径，需核实。", "office")


def test_a_sole_proprietorship_written_in_brackets_claiming_legal_person_status_is_asked_about(tmp_path):
    """威海某某机械厂（个人独资）, as such a name is registered, answering 是否独立法人 = 是 passed: only 个人独资企业
    written out was read."""
    rows = [{**APPLICATION, "企业名称": "威海某某机械厂（个人独资）"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert _finding(read_case(tmp_path / "out", "H28-1"), "APP-BRANCH-LEGAL-PERSON") == (
        "fail", "企业名称“威海某某机械厂（个人独资）”表明其为个人独资企业，个人独资企业不具有法人资格，但申报“具有独立法人资格”（是），前后矛盾。")
