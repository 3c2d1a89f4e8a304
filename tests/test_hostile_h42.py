"""Reviewer h42: regressions where the last hour's merges cross (withdrawn rows, per-file numbering,
CSV shape findings, column notes, recommendation rounds, W-22)."""

from __future__ import annotations

from checker.core.rulebook import load_rulebook
from tests.helpers import base_round, read_case, read_json, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05
from tests.test_hostile_h41 import _finding, _sheet
from tests.test_hostile_h44 import withdrawn_expected

BOOK = load_rulebook()
CODES = ["91371002MA3D0004CE", "91371002MA3C8XK25F", "91371081MA3C0000XX", "91371002MA3C8XK2XX",
         "91371002MA3C8XK3XX", "91371002MA3C8XK4XX", "91371002MA3C8XK5XX", "91371002MA3C8XK6XX"]


# ---------------------------------------------------------------- remarks that deny a withdrawal


def test_a_remark_denying_a_withdrawal_is_no_withdrawal(tmp_path):
    """h41's INP-WITHDRAWN took every remark naming 撤回 for a withdrawal unless 未/不/无 stood right
    before it: 是否撤回：否, 撤回情况：无, 没撤回, 无需撤回, 不存在撤回情况, 撤回申请已撤销 and 撤回后重新提交
    each held a 不予受理 at 需人工复核 and kept its notice back. They are read as not withdrawn now;
    a 是否撤回 column answered 是 (missed, as it names no 撤回 in the cell) is a withdrawal."""
    denials = ["是否撤回：否", "撤回情况：无", "没撤回", "无需撤回", "不存在撤回情况", "撤回申请已撤销", "撤回后重新提交"]
    headers = [*APPLICATION, "备注", "是否撤回"]
    rows = [{**APPLICATION, "申报编号": f"N-{i}", "企业名称": f"威海测{i}有限公司", "统一社会信用代码": None,
             "年度设备投入（万元）": 50, "备注": text, "是否撤回": "否"} for i, text in enumerate(denials, 1)]
    rows.append({**APPLICATION, "申报编号": "Y-1", "企业名称": "威海撤回测试有限公司", "统一社会信用代码": None,
                 "年度设备投入（万元）": 50, "备注": None, "是否撤回": "是"})
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for i, text in enumerate(denials, 1):
        case = read_case(tmp_path / "out", f"N-{i}")
        assert (text, case["verdict"], [f for f in case["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == (
            text, "ineligible", [])
    asked = read_case(tmp_path / "out", "Y-1")
    withdrawn = _finding(asked, "INP-WITHDRAWN")
    assert (asked["verdict"], withdrawn["severity"], withdrawn["outcome"], withdrawn["message"], withdrawn["evidence"]) == (
        "needs_review", "review", *withdrawn_expected(f"申报汇总表!M{len(rows) + 1}", "是否撤回", "是"))
    # a company named …撤回… is a name, not a remark
    assert "企业名称" not in withdrawn["evidence"]


# ---------------------------------------------------------------- the districts' step under the seed's own word


def test_a_w05_round_recording_the_districts_prelim_meets_its_own_step(tmp_path):
    """W-05's seed names the districts' step 初审 (001:2422 各区市工业和信息化部门对照申报条件对项目进行初审)
    and nothing of a written recommendation: a W-05 round recording 区市初审 dated, with no row named 区市推荐,
    was first 不合规, then 需人工复核 (helper-84: judged against another section's 行文推荐, 001:4062). It
    passes now, saying so; a round with neither row fails on the 初审 the seed requires."""
    record = base_round(BOOK, "W-05-compliant")
    for step in record["流程节点"]:
        if step["节点"] == "区市推荐":
            step["节点"] = "区市初审"
    run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "out", "--as-of", "2026-12-01")
    written = read_json(tmp_path / "out" / "round.json")
    finding = next(f for f in written["findings"] if f["rule_id"] == "PROC-DISTRICT-RECOMMEND")
    assert (finding["outcome"], finding["grade"], finding["message"], finding["evidence"]) == (
        "pass", "compliant",
        "区市初审 2020-03-27（各区市初审意见中最早的一份）：各区市工业和信息化部门已对照申报条件对项目进行初审。",
        {"区市推荐": None, "区市初审": "2020-03-27", "source": "流程节点（无“区市推荐”行）; 流程节点#2.日期"})
    record["流程节点"] = [step for step in record["流程节点"] if step["节点"] != "区市初审"]
    run_cli("audit", write_json(tmp_path / "r2.json", record), "--out", tmp_path / "out2", "--as-of", "2026-12-01")
    failed = next(f for f in read_json(tmp_path / "out2" / "round.json")["findings"] if f["rule_id"] == "PROC-DISTRICT-RECOMMEND")
    assert (failed["outcome"], failed["grade"], failed["message"]) == (
        "fail", "noncompliant",
        "流程节点中没有“区市初审”的记录：履职清单规定各区市工业和信息化部门对照申报条件对项目进行初审，本轮申报项目的初审无记录。")


def test_another_workflows_round_recording_only_the_districts_prelim_is_asked_about(tmp_path):
    """W-12's section asks for the districts' written recommendation after review (001:4062): a 区市初审
    row alone shows the review, not the recommendation, and is for the reviewer (需人工复核)."""
    record = base_round(BOOK, "W-12-compliant")
    for step in record["流程节点"]:
        if step["节点"] == "区市推荐":
            step["节点"] = "区市初审"
    run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "out", "--as-of", "2026-12-01")
    finding = next(f for f in read_json(tmp_path / "out" / "round.json")["findings"] if f["rule_id"] == "PROC-DISTRICT-RECOMMEND")
    assert (finding["outcome"], finding["grade"]) == ("missing", "needs_review")
    assert finding["message"].startswith("流程节点中没有“区市推荐”，但记有“区市初审” ")


# ---------------------------------------------------------------- a district's running number under a marked header


def test_districts_running_numbers_under_a_marked_bianhao_do_not_clash_across_files(tmp_path):
    """h41 let each district's own 编号 (1, 2 …) repeat across a folder's files, and the lead's header
    matching reads a form's *编号 (required mark) or 编号（必填） as 编号; but the per-file reading
    compared the header as written, so 1 of 环翠区.xlsx and 1 of 文登区.xlsx under *编号 were again
    INP-DUPLICATE-ID and needed review. The mark is set aside there too; a repeat within a file is
    still a duplicate."""
    folder = tmp_path / "in"
    folder.mkdir()
    for header, first, second in (("*编号", "环翠区", "文登区"), ("编号（必填）", "荣成市", "乳山市")):
        headers = [header, *[h for h in APPLICATION if h != "申报编号"]]
        for district, codes in ((first, CODES[:2]), (second, CODES[2:4])):
            rows = [{**APPLICATION, header: n, "企业名称": f"{district}测{n}有限公司", "统一社会信用代码": None,
                     "所在区市": "环翠区"} for n in (1, 2)]
            if district == "乳山市":
                rows.append({**APPLICATION, header: 2, "企业名称": "乳山测3有限公司", "统一社会信用代码": None,
                             "所在区市": "环翠区"})
            _sheet(folder / f"{district}.xlsx", rows, headers)
    run_cli("check", folder, *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    for district in ("环翠区", "文登区", "荣成市"):
        case = read_case(tmp_path / "out", f"{district}-row2")
        assert (district, case["case_id"], [f for f in case["findings"] if f["rule_id"] == "INP-DUPLICATE-ID"]) == (
            district, "1", [])
    repeated = _finding(read_case(tmp_path / "out", "乳山市-row4"), "INP-DUPLICATE-ID")
    assert (repeated["message"], repeated["evidence"]) == (
        "[乳山市.xlsx]申报汇总表!A4 的申报编号“2”在文件中出现 2 次（另见乳山市.xlsx 第 3 行）；各条均已审核，报告文件以输入行号 乳山市-row4 命名。",
        {"application_id": "2", "source": "[乳山市.xlsx]申报汇总表!A4"})


# ---------------------------------------------------------------- a note under a narrow list


def test_a_note_under_a_two_column_list_is_a_note_not_a_lost_comma(tmp_path):
    """h39 refused a CSV line one value short of a file whose other lines are whole; under a
    two-column list (序号, 重点领域) a note on its own line (注：以上为2021年重点领域) is one value of two
    and the whole run stopped (第 5 行只有 1 个值…可能是两个单元格之间少了一个逗号). A note is read as a
    note; a line that lost its comma (2新材料) is still refused."""
    from tests.helpers import SAMPLES
    noted = tmp_path / "kf.csv"
    noted.write_text("序号,重点领域\n1,智能制造\n2,新材料\n3,新一代信息技术\n注：以上为2021年重点领域\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", noted,
                     "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code == 1, result.output
    gate = _finding(read_case(tmp_path / "out", "W01-06"), "ELIG-KEY-FIELD")
    assert (gate["outcome"], gate["message"], gate["evidence"]) == (
        "fail", "项目领域“纺织”不在本轮确定的重点领域（智能制造、新材料、新一代信息技术）之内。",
        {"project_field": "纺织", "source": "申报汇总表!H7"})
    lost = tmp_path / "lost.csv"
    lost.write_text("序号,重点领域\n1,智能制造\n2新材料\n3,新一代信息技术\n4,高端装备\n", encoding="utf-8")
    refused = run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", lost,
                      "--out", tmp_path / "out2", "--quiet")
    assert (refused.exit_code, refused.output.strip()) == (2, (
        f"错误：重点领域名单「{lost}」第 3 行只有 1 个值，表头有 2 列，其他各行都是 2 个：可能是两个单元格之间少了一个逗号，"
        "其后各列的值都已错位；同一格列出几个领域请用 、 分隔，或给该格加上英文双引号。"))


# ---------------------------------------------------------------- a note whose comma split it


def test_a_csv_note_split_by_its_comma_is_set_aside_not_checked(tmp_path):
    """A CSV note under the table whose text held a comma (注：1.金额单位为万元,2.本表由区市工信部门填报) is two
    cells: it was checked as a third application, 注:1.金额单位为万元, needing review (注册地址未填写…).
    It is set aside as a note; an application whose id opens 注： but names its enterprise is still one."""
    headers = list(APPLICATION)
    line = ",".join(str(APPLICATION[h]) for h in headers)
    marked = line.replace("H28-1", "注：此行为说明").replace("91371002MA3C8XK25F", "91371002MA3D0004CE").replace(
        "威海某精密机械有限公司", "威海某某有限公司")
    path = tmp_path / "a.csv"
    path.write_text("\n".join([",".join(headers), line, "说明：金额单位为万元,撤回的申报已删除", marked,
                               "注：1.金额单位为万元,2.本表由区市工信部门填报"]) + "\n", encoding="utf-8")
    run_cli("check", path, *W05, "--out", tmp_path / "out", "--quiet")
    summary = read_json(tmp_path / "out" / "summary.json")
    assert (summary["skipped_note_rows"], summary["counts"]) == (
        [3, 5], {"cases": 2, "eligible": 2, "ineligible": 0, "needs_review": 0})
    assert read_case(tmp_path / "out", "注：此行为说明")["application"]["company_name"]["value"] == "威海某某有限公司"


# ---------------------------------------------------------------- a required mark before the form's note


def test_a_required_mark_before_a_headers_note_or_unit_is_set_aside_too(tmp_path):
    """The lead's header matching reads *企业名称, 企业名称（盖章） and 年度设备投入/万元 as their columns,
    but a form marking the column required before its note (企业名称*（盖章）, 统一社会信用代码*（18位）,
    年度设备投入*（万元）) kept the mark, and the workbook was refused (缺少 W-05 必需的列：统一社会信用代码、
    年度设备投入（万元）). These are read as their columns now."""
    marked = {"申报编号": "*申报编号", "企业名称": "企业名称*（盖章）", "统一社会信用代码": "统一社会信用代码*（18位）",
              "年度设备投入（万元）": "年度设备投入*（万元）"}
    headers = [marked.get(h, h) for h in APPLICATION]
    rows = [{marked.get(h, h): v for h, v in {**APPLICATION, "年度设备投入（万元）": 50}.items()}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code == 1, result.output
    case = read_case(tmp_path / "out", "H28-1")
    equipment = _finding(case, "ELIG-EQUIP-INVEST-100W")
    assert (case["verdict"], case["application"]["company_name"]["value"], case["application"]["uscc"]["value"],
            equipment["outcome"], equipment["message"]) == (
        "ineligible", "威海某精密机械有限公司", "91371002MA3C8XK25F", "fail", "年度设备投入 50 万元，低于 100 万元（含）的受理条件。")


# ---------------------------------------------------------------- a W-18 notice under the fund rounds' step name


def test_a_w18_round_recording_its_notice_as_the_fund_rounds_step_is_asked_about_not_failed(tmp_path):
    """h35's PROC-CITY-NOTICE-ISSUED failed a W-18 round whose city notice was recorded, dated, under the
    节点 name the fund rounds use (发布申报通知): 不合规, 流程节点中没有“发布通知”的记录…本轮申报依据的通知无记录,
    though a notice of the bureau's is on record. It is now 需人工复核 naming that row."""
    record = base_round(BOOK, "W-18-compliant")
    for step in record["流程节点"]:
        if step["节点"] == "发布通知":
            step["节点"] = "发布申报通知"
    run_cli("audit", write_json(tmp_path / "r.json", record), "--out", tmp_path / "out", "--as-of", "2026-12-01")
    written = read_json(tmp_path / "out" / "round.json")
    finding = next(f for f in written["findings"] if f["rule_id"] == "PROC-CITY-NOTICE-ISSUED")
    assert (finding["outcome"], finding["severity"], finding["message"], finding["remedy"], finding["evidence"]) == (
        "missing", "review",
        "流程节点中没有“发布通知”，但记有“发布申报通知” 2021-03-05：是否即本市编制并印发各区市的工作通知需人工复核。",
        "核实该通知（文号、印发对象）；是本市工作通知的，按“发布通知”补记。",
        {"发布通知": None, "发布申报通知": "2021-03-05", "source": "流程节点（无“发布通知”行）; 流程节点#1.日期"})
    assert written["verdict"] == "needs_review"


def test_a_remark_withdrawing_for_good_is_a_withdrawal(tmp_path):
    """h41's reading of a resubmission (撤回…再申报) took 企业已撤回，不再申报 (withdrawn, not to apply again)
    for one: the row was refused with a 不予受理告知书 to an enterprise that had withdrawn. It is the
    withdrawal finding now; 撤回后重新申报 is still no withdrawal."""
    headers = [*APPLICATION, "备注"]
    rows = [{**APPLICATION, "申报编号": "G-1", "年度设备投入（万元）": 50, "备注": "企业已撤回，不再申报"},
            {**APPLICATION, "申报编号": "G-2", "统一社会信用代码": None, "企业名称": "威海再报有限公司",
             "年度设备投入（万元）": 50, "备注": "撤回后重新申报"}]
    _sheet(tmp_path / "t.xlsx", rows, headers)
    run_cli("check", tmp_path / "t.xlsx", *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    gone = read_case(tmp_path / "out", "G-1")
    withdrawn = _finding(gone, "INP-WITHDRAWN")
    assert (gone["verdict"], withdrawn["outcome"], withdrawn["message"], withdrawn["evidence"]) == (
        "needs_review", *withdrawn_expected("申报汇总表!L2", "备注", "企业已撤回，不再申报"))
    again = read_case(tmp_path / "out", "G-2")
    assert (again["verdict"], [f for f in again["findings"] if f["rule_id"] == "INP-WITHDRAWN"]) == ("ineligible", [])


def test_a_note_or_heading_in_a_key_fields_file_is_no_key_field(tmp_path):
    """A --key-fields list with a note under it (注：以上为2021年重点领域), and a .txt list opening with its
    heading (重点领域), had both read as 重点领域: the 不予受理告知书 told the applicant its field was not
    among 重点领域、智能制造、新材料、注:以上为2021年重点领域. Notes and the heading are set aside."""
    from tests.helpers import SAMPLES, case_text
    for name in ("kf.csv", "kf.txt"):
        path = tmp_path / name
        path.write_text("重点领域\n智能制造\n新材料\n注：以上为2021年重点领域\n", encoding="utf-8")
        out = tmp_path / f"out-{name}"
        run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", path,
                "--out", out, "--quiet", "--per-case", "all")
        gate = _finding(read_case(out, "W01-06"), "ELIG-KEY-FIELD")
        assert (name, gate["outcome"], gate["message"], gate["evidence"]) == (
            name, "fail", "项目领域“纺织”不在本轮确定的重点领域（智能制造、新材料）之内。",
            {"project_field": "纺织", "source": "申报汇总表!H7"})
        notice = case_text(out, "W01-06")
        assert "不予受理告知书" in notice and "以上为2021年重点领域" not in notice


def test_a_note_under_a_register_is_no_entry(tmp_path):
    """A round's list given as CSV with a note under it (注：以上名单依据威工信字〔2021〕6号) stopped the run:
    rp.csv（冲击新目标后备库企业名单）rp!A9：统一社会信用代码“注:以上名单…”无效. The note is set aside and
    the list read; an entry with an invalid code still stops the run."""
    from tests.helpers import SAMPLES
    register = tmp_path / "rp.csv"
    register.write_text((SAMPLES / "check" / "registers" / "reserve_pool.csv").read_text(encoding="utf-8-sig")
                        + "注：以上名单依据威工信字〔2021〕6号\n", encoding="utf-8")
    result = run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", "智能制造、新材料",
                     "--reserve-pool", register, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code == 1, result.output
    listed = _finding(read_case(tmp_path / "out", "W01-01"), "ELIG-RESERVE-POOL")
    assert (listed["outcome"], listed["message"], listed["evidence"]) == (
        "pass", "统一社会信用代码 91371002MA0000101R 在冲击新目标后备库企业名单中：威海示例101有限公司，日期 2021-03-15，"
                "文号 威工信字〔2021〕6号(示例)。", {"uscc": "91371002MA0000101R", "source": "申报汇总表!I2"})
    register.write_text(register.read_text(encoding="utf-8") + "不是代码,威海某有限公司,2021-03-15,威工信字〔2021〕6号\n",
                        encoding="utf-8")
    refused = run_cli("check", SAMPLES / "check" / "W-01_applications.xlsx", "--workflow", "W-01", "--key-fields", "智能制造、新材料",
                      "--reserve-pool", register, "--out", tmp_path / "out2", "--quiet")
    assert (refused.exit_code, refused.output.strip()) == (
        2, "错误：rp.csv（冲击新目标后备库企业名单）rp!A10：统一社会信用代码“不是代码”无效（长度 4 位）。")


def test_a_note_under_a_draws_conflicts_list_is_no_entry(tmp_path):
    """draw check / draw new refused a conflicts list with a note under it (注：回避原因由专家本人申报):
    回避名单「…」第 4 行缺少专家编号或回避原因. The note is set aside and both declared recusals count."""
    from tests.helpers import SAMPLES
    conflicts = tmp_path / "cf.csv"
    conflicts.write_text((SAMPLES / "draw" / "conflicts.csv").read_text(encoding="utf-8-sig") + "注：回避原因由专家本人申报\n",
                         encoding="utf-8")
    result = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料", "--conflicts", conflicts)
    assert (result.exit_code, result.output.splitlines()[1].split()) == (
        0, ["新材料", "27", "0", "0", "2", "2", "25", "10", "充足"])


def test_a_note_under_the_reviewers_decisions_is_no_entry(tmp_path):
    """--overrides with a note under the decisions (注：复核结论须经科长签字) stopped the run: ov.csv 第 2 条
    （ov!A3）：须填写申报编号、规则编号和复核结论…实际为 申报编号“注:复核结论须经科长签字”. The note is set aside
    and the decision above it applied; an entry without its rule is still refused."""
    rows = [{**APPLICATION, "年度设备投入（万元）": 50}]
    _sheet(tmp_path / "t.xlsx", rows, list(APPLICATION))
    decisions = tmp_path / "ov.csv"
    decisions.write_text("申报编号,规则编号,复核结论,理由,复核人\nH28-1,ELIG-EQUIP-INVEST-100W,通过,已核实设备发票,李四\n"
                         "注：复核结论须经科长签字\n", encoding="utf-8")
    result = run_cli("check", tmp_path / "t.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "out", "--quiet",
                     "--per-case", "all")
    case = read_case(tmp_path / "out", "H28-1")
    assert (result.exit_code, case["verdict"], case["verdict_with_overrides"]) == (1, "ineligible", "eligible")
    decisions.write_text("申报编号,规则编号,复核结论,理由,复核人\nH28-1,,通过,已核实设备发票,李四\n", encoding="utf-8")
    refused = run_cli("check", tmp_path / "t.xlsx", *W05, "--overrides", decisions, "--out", tmp_path / "out2", "--quiet")
    assert (refused.exit_code, refused.output.strip()) == (2, (
        "错误：ov.csv 第 1 条（ov!A2）：须填写申报编号、规则编号和复核结论（通过/不通过/待补充/不适用，或 pass/fail/missing/"
        "not_applicable），实际为 申报编号“H28-1”，复核结论“通过”，理由“已核实设备发票”，复核人“李四”"))
