"""Reviewer h41: `fundcheck check` leftovers (withdrawn rows, per-file numbering, conditions' unit
slips, notices in words, ledger receipts, W-22's recommendation list)."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from tests.helpers import SAMPLES, case_text, read_case, read_json, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h44 import withdrawn_expected


def _finding(case: dict, rule: str) -> dict:
    return next(f for f in case["findings"] if f["rule_id"] == rule)


# ---------------------------------------------------------------- a ledger's receipt written as clerks write it


def test_a_receipt_written_as_the_notice_issued_reads_as_yes(tmp_path):
    """受理凭证 written 出具受理通知书 (or 已开具受理通知书) was an INP-YESNO review finding on the N-04 row;
    it says a written receipt was issued: 是. 未出具受理通知书 is 否."""
    workbook = load_workbook(SAMPLES / "ledgers" / "N-04_受理台账.xlsx")
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    column = headers.index("受理凭证") + 1
    written = {2: "出具受理通知书", 3: "已开具受理通知书", 4: "未出具受理通知书"}
    for row, text in written.items():
        sheet.cell(row, column, text)
    workbook.save(tmp_path / "n04.xlsx")
    run_cli("check", tmp_path / "n04.xlsx", "--workflow", "N-04", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    ids = [sheet.cell(row, 1).value for row in written]
    issued, opened, refused = (read_case(tmp_path / "out", case_id) for case_id in ids)
    for case in (issued, opened, refused):
        assert [f["rule_id"] for f in case["findings"] if f["rule_id"] == "INP-YESNO"] == []
    assert issued["application"]["accept_receipt"]["value"] == "是"
    receipt = _finding(issued, "APP-ACCEPT-RECEIPT")
    assert (receipt["outcome"], receipt["message"], receipt["evidence"]["accept_receipt"]) == (
        "pass", "受理结果为“受理”，已出具加盖专用印章并注明日期的书面凭证。", "是")
    assert opened["application"]["accept_receipt"]["value"] == "是"
    assert refused["application"]["accept_receipt"]["value"] == "否"
    assert (_finding(refused, "APP-ACCEPT-RECEIPT")["outcome"], _finding(refused, "APP-ACCEPT-RECEIPT")["message"]) == (
        "fail", "受理结果为“受理”，台账记载未出具加盖专用印章并注明日期的书面凭证。")


# ---------------------------------------------------------------- W-22: the province's conditions


def _w22_conditions(tmp_path):
    conditions = tmp_path / "c.yaml"
    conditions.write_text(
        "通知: {文号: 鲁工信节〔2021〕5号, 标题: 关于组织推荐2021年度资源综合利用项目的通知, 发布日期: 2021-05-10}\n条件:\n"
        "  - {条件编号: 1, 条件: 综合利用率不低于80%, 依据: 第二条（一）, 列名: 综合利用率, 类型: 占比（%）, 比较: ≥, 值: 80%}\n"
        "  - {条件编号: 2, 条件: 投产日期不晚于2020年12月31日, 依据: 第二条（二）, 列名: 投产日期, 类型: 日期, 比较: ≤, 值: 2020-12-31}\n",
        encoding="utf-8")
    return conditions


W22_ROW = {"申报编号": "R-1", "企业名称": "威海某资源有限公司", "所在区市": "环翠区", "区市初审意见": "同意推荐",
           "综合利用率": "79.9%", "投产日期": "2021-03-01"}


def test_a_notice_says_a_conditions_bound_in_words_not_symbols(tmp_path):
    """告知书汇总.html and the case's notice printed 综合利用率为 79.9%，不符合本条件（≥ 80%） (seen on a W-22
    list, which now gets no notice: see below; the same on any round's conditions): a formal notice to
    an applicant says 不低于 80% (a date's bound: 不晚于 2020年12月31日). The reviewer's report keeps the symbols."""
    headers = [*APPLICATION, "综合利用率", "投产日期"]
    _sheet(tmp_path / "t.xlsx", [{**APPLICATION, "综合利用率": "79.9%", "投产日期": "2021-03-01"}], headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", _w22_conditions(tmp_path), "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "H28-1")
    # h151's wording: 填写为…，本轮条件要求… in words (the reviewer's report too, now); the notice sets it solid (h155)
    assert (_finding(case, "COND-1")["outcome"], _finding(case, "COND-1")["message"]) == (
        "fail", "综合利用率填写为 79.9%，本轮条件要求不低于 80%，不符合本条件。")
    assert (_finding(case, "COND-2")["outcome"], _finding(case, "COND-2")["message"]) == (
        "fail", "投产日期填写为 2021-03-01，本轮条件要求不晚于 2020-12-31，不符合本条件。")
    for page in ((tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8"), case_text(tmp_path / "out", "H28-1")):
        notice = page[page.index('<section class="notice'):]
        assert '<h2 class="notice-title">不予受理告知书</h2>' in notice
        assert ("<li><strong>综合利用率不低于80%。</strong>综合利用率填写为79.9%，本轮条件要求不低于80%，不符合本条件。"
                "<div class=\"basis\">依据：鲁工信节〔2021〕5号《关于组织推荐2021年度资源综合利用项目的通知》第二条（一）：“综合利用率不低于80%”；"
                "《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："
                "“对照申报条件对项目进行初审”</div></li>") in notice
        assert "投产日期填写为2021年3月1日，本轮条件要求不晚于2020年12月31日，不符合本条件。" in notice
        assert "≥" not in notice and "≤" not in notice


def test_a_w22_list_gets_no_refusal_notice_and_the_run_says_why(tmp_path):
    """W-22 (推动工业和信息化领域的综合利用) produced 不予受理告知书, although the office proposes a list to the
    province on the province's conditions (001:4713-4716) and accepts or refuses nothing; its duty list
    sends applicants no notice. The case is still 不符合条件 with its reasons; no notice is written, and
    every report says why."""
    run_cli("check", write_json(tmp_path / "a.json", [W22_ROW]), "-w", "W-22", "--conditions", _w22_conditions(tmp_path),
            "--out", tmp_path / "out", "--quiet")
    case = read_case(tmp_path / "out", "R-1")
    assert (case["verdict"], _finding(case, "COND-1")["outcome"], _finding(case, "COND-1")["message"]) == (
        "ineligible", "fail", "综合利用率填写为 79.9%，本轮条件要求不低于 80%，不符合本条件。")  # h151's wording
    why = ("告知书：本流程是根据省里确定的推荐条件和要求提出建议推荐名单、报省工信厅，不受理也不驳回申请，"
           "履职清单未规定向申报单位发出告知书，本次不生成不予受理告知书或补正告知书；不符合推荐条件的不列入建议推荐名单，"
           "需补充或核实的材料请经区市工信部门了解。")
    assert why in case["not_checked"] and why in read_json(tmp_path / "out" / "summary.json")["not_checked_this_run"]
    report = case_text(tmp_path / "out", "R-1")
    assert '<section class="notice' not in report and "不予受理" not in report.replace(why, "")
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "本批次没有需要发给申请人的告知书。" in notices and "不予受理告知书</h2>" not in notices


# ---------------------------------------------------------------- a round condition's 元 column


def _sheet(path, rows: list[dict], headers: list[str]):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def test_a_wan_figure_in_a_conditions_yuan_column_is_asked_about_not_refused(tmp_path):
    """100 in 营业收入（元） against 上年度营业收入1000万元（含）以上 read as 0.01 万元 and refused the
    applicant (不予受理告知书); the application's own amount columns ask (INP-UNIT). Now the condition's
    column does the same: needs review, the notice asks about the unit. 100万元 written out is read."""
    conditions = tmp_path / "c.yaml"
    conditions.write_text("通知: {文号: 威工信字〔2021〕18号, 标题: 通知, 发布日期: 2021-05-10}\n条件:\n"
                          "  - {条件编号: 2, 条件: 上年度营业收入1000万元（含）以上, 依据: 第二条（二）, 列名: 营业收入（元）, "
                          "类型: 金额（万元）, 比较: ≥, 值: 1000}\n"
                          "  - {条件编号: 3, 条件: 研发费用不低于5000元, 依据: 第二条（三）, 列名: 研发费用（元）, "
                          "类型: 金额（元）, 比较: ≥, 值: 5000, 严重程度: 提示}\n", encoding="utf-8")
    headers = [*APPLICATION, "营业收入（元）", "研发费用（元）"]
    _sheet(tmp_path / "t.xlsx", [{**APPLICATION, "营业收入（元）": 100, "研发费用（元）": 4000},
                                 {**APPLICATION, "申报编号": "H28-2", "统一社会信用代码": "91371002MA3D0004CE", "营业收入（元）": "100万元"}],
           headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--conditions", conditions, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    unit = _finding(case, "INP-UNIT")
    assert (case["verdict"], unit["severity"], unit["outcome"], unit["message"], unit["evidence"]) == (
        "needs_review", "review", "fail",
        "申报汇总表!L2（营业收入（元））填写的 100 元不足 1 万元，请核实是否把万元数填进了“元”列；按所填单位读取数额异常，"
        "本项不作判定，依赖此项的规则判为“待补充”。",
        {"营业收入（元）": "100", "营业收入（元）_note": "填写的 100 元不足 1 万元，请核实是否把万元数填进了“元”列",
         "source": "申报汇总表!L2", "column": "营业收入（元）"})
    condition = _finding(case, "COND-2")
    assert (condition["outcome"], condition["message"]) == (
        # h151: a unit slip under a condition is said as such (not as a value that could not be read), the bound in words
        "missing", "营业收入（元）填写为“100”，单位存疑，无法核对本条件（本轮条件要求不低于 1000 万元）。")
    # a condition whose own figure is under 1 万元 asks for such figures: 4000 元 is read as written
    assert [f["evidence"]["source"] for f in case["findings"] if f["rule_id"] == "INP-UNIT"] == ["申报汇总表!L2"]
    assert (_finding(case, "COND-3")["outcome"], _finding(case, "COND-3")["message"]) == (
        "fail", "研发费用（元）填写为 4000 元，本轮条件要求不低于 5000 元，不符合本条件。")
    notice = case_text(tmp_path / "out", "H28-1")
    assert "申报材料补正告知书" in notice and "不予受理告知书" not in notice
    # h151's wording, set solid as a letter is (h155)
    assert ("营业收入（元）填写为“100”，单位存疑，无法核对本条件（本轮条件要求不低于1000万元）。（填写的100元不足1万元，"
            "请核实是否把万元数填进了“元”列。）") in notice
    written = read_case(tmp_path / "out", "H28-2")
    assert [f["rule_id"] for f in written["findings"] if f["rule_id"] == "INP-UNIT"] == []
    assert (written["verdict"], _finding(written, "COND-2")["message"]) == (
        "ineligible", "营业收入（元）填写为 100 万元，本轮条件要求不低于 1000 万元，不符合本条件。")


# ---------------------------------------------------------------- a row whose remark says it was withdrawn


def test_a_row_whose_remark_says_it_was_withdrawn_is_listed_for_review_not_refused(tmp_path):
    """备注 企业已申请撤回 beside 年度设备投入 50 was judged 不符合条件 with a 不予受理告知书. The row is
    listed and checked, but needs review with the reason stated, and no notice goes out; a remark
    saying it was not withdrawn changes nothing, and a reviewer's decision that it stands restores
    the refusal."""
    headers = [*APPLICATION, "备注"]
    rows = [{**APPLICATION, "申报编号": "W-1", "年度设备投入（万元）": 50, "备注": "企业已申请撤回"},
            {**APPLICATION, "申报编号": "W-2", "统一社会信用代码": "91371002MA3D0004CE", "年度设备投入（万元）": 50,
             "备注": "撤回申报"},
            {**APPLICATION, "申报编号": "W-3", "统一社会信用代码": "91371002MA3C8XK25F", "企业名称": "威海丙有限公司",
             "年度设备投入（万元）": 50, "备注": "企业未撤回"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    overrides = tmp_path / "o.csv"
    overrides.write_text("申报编号,规则编号,复核结论,理由,复核人\nW-2,INP-WITHDRAWN,通过,经电话核实企业未撤回,李四\n", encoding="utf-8")
    run_cli("check", tmp_path / "t.xlsx", *W05, "--overrides", overrides, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "W-1")
    withdrawn = _finding(case, "INP-WITHDRAWN")
    assert (case["verdict"], withdrawn["severity"], withdrawn["outcome"], withdrawn["message"], withdrawn["evidence"]) == (
        "needs_review", "review", *withdrawn_expected("申报汇总表!L2", "备注", "企业已申请撤回"))
    equipment = _finding(case, "ELIG-EQUIP-INVEST-100W")  # still checked and stated
    assert (equipment["outcome"], equipment["message"]) == ("fail", "年度设备投入 50 万元，低于 100 万元（含）的受理条件。")
    assert '<section class="notice' not in case_text(tmp_path / "out", "W-1")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert summary["counts"] == {"cases": 3, "eligible": 0, "ineligible": 1, "needs_review": 2}
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<td>不通过：申报可能已撤回；年度设备投入100万元（含）以上" in index
    notices = (tmp_path / "out" / "告知书汇总.html").read_text(encoding="utf-8")
    assert "申报编号：W-1" not in notices
    # a reviewer found W-2 not withdrawn: the rules' verdict stands, and so does its notice
    decided = read_case(tmp_path / "out", "W-2")
    assert (decided["verdict"], decided["verdict_with_overrides"]) == ("needs_review", "ineligible")
    assert "申报编号：W-2" in notices and "不予受理告知书" in case_text(tmp_path / "out", "W-2")
    kept = read_case(tmp_path / "out", "W-3")
    assert (kept["verdict"], [f["rule_id"] for f in kept["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == ("ineligible", [])
    assert "申报编号：W-3" in notices


# ---------------------------------------------------------------- districts' own running numbers


def test_districts_running_numbers_under_bianhao_do_not_clash_across_files(tmp_path):
    """Each district numbers its rows under 编号 (1, 2, 3 …): in a folder, 1 of 环翠区.xlsx and 1 of
    文登区.xlsx both got INP-DUPLICATE-ID and needed review. Per-file numbering is no id clash: only a
    number repeated within one file is, and an id that is not a bare number (WH-1) still clashes
    across files. Two cases sharing a number are named after their row, as any shared id."""
    folder = tmp_path / "in"
    folder.mkdir()
    headers = ["编号", *[h for h in APPLICATION if h != "申报编号"]]
    second = {"企业名称": "威海乙有限公司", "统一社会信用代码": "91371002MA3D0004CE"}
    _sheet(folder / "环翠区.xlsx", [{**APPLICATION, "编号": 1}, {**APPLICATION, **second, "编号": 2}], headers)
    wendeng = {"所在区市": "文登区", "注册地址": "山东省威海市文登区龙山路2号"}
    _sheet(folder / "文登区.xlsx", [{**APPLICATION, **wendeng, "企业名称": "威海丙有限公司", "统一社会信用代码": "91371081MA3C0000XX",
                                     "编号": 1},
                                    {**APPLICATION, **wendeng, "企业名称": "威海丁有限公司", "统一社会信用代码": None, "编号": 2},
                                    {**APPLICATION, **wendeng, "企业名称": "威海戊有限公司", "统一社会信用代码": None, "编号": 2}],
           headers)
    _sheet(folder / "荣成市.xlsx", [{**APPLICATION, "申报编号": "WH-1", "所在区市": "荣成市", "企业名称": "荣成己有限公司",
                                     "统一社会信用代码": None}], list(APPLICATION))
    _sheet(folder / "乳山市.xlsx", [{**APPLICATION, "申报编号": "WH-1", "所在区市": "乳山市", "企业名称": "乳山庚有限公司",
                                     "统一社会信用代码": None}], list(APPLICATION))
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    huancui, wendeng_one = read_case(tmp_path / "out", "环翠区-row2"), read_case(tmp_path / "out", "文登区-row2")
    for case in (huancui, wendeng_one):
        assert (case["case_id"], [f["rule_id"] for f in case["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"]) == ("1", [])
    assert (huancui["verdict"], _finding(huancui, "APP-DUPLICATE-APPLICANT")["outcome"]) == ("eligible", "pass")
    repeated = read_case(tmp_path / "out", "文登区-row4")
    duplicate = _finding(repeated, "INP-DUPLICATE-ID")
    assert (repeated["verdict"], duplicate["message"], duplicate["evidence"]) == (
        "needs_review",
        "[文登区.xlsx]申报汇总表!A4 的申报编号“2”在文件中出现 2 次（另见文登区.xlsx 第 3 行）；各条均已审核，报告文件以输入行号 文登区-row4 命名。",
        {"application_id": "2", "source": "[文登区.xlsx]申报汇总表!A4"})
    clash = _finding(read_case(tmp_path / "out", "荣成市-row2"), "INP-DUPLICATE-ID")
    assert clash["message"] == ("[荣成市.xlsx]申报汇总表!A2 的申报编号“WH-1”在本批各文件中出现 2 次（另见乳山市.xlsx 第 2 行）；各条均已审核，"
                                "报告文件以输入行号 荣成市-row2 命名。")
