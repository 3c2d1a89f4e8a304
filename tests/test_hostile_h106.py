"""Hostile review h106: application workbooks as district offices fill them."""

from __future__ import annotations

import openpyxl

from tests.helpers import all_cases, read_case, run_cli

W03_HEADER = ["申报编号", "企业名称", "所在区市", "真实性承诺", "证明材料", "区市初审意见", "推荐文号", "统一社会信用代码"]
W03_ROW = ["X", "威海示例101有限公司", "环翠区", "已签署", "营业执照、2020年度审计报告", "同意推荐", "环工信字〔2021〕3号", "91371002MA0000101R"]


def _w03(tmp_path, evidence: list[str]):
    """A W-03 workbook whose rows differ only in 证明材料 (each its own enterprise's code)."""
    codes = ["91371002MA0000101R", "91371003MA0000103E", "91371082MA0000104Y", "91371083MA0000105G", "91371002MA00001069",
             "91371002MA0000107C", "91371002MA0000108F", "91371003MA00001091", "91371082MA0000111N", "91371003MA0000112C"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(W03_HEADER)
    for number, written in enumerate(evidence, start=1):
        row = list(W03_ROW)
        row[0], row[1], row[4], row[7] = f"E-{number}", f"威海示例{number}有限公司", written, codes[number - 1]
        sheet.append(row)
    path = tmp_path / "w03.xlsx"
    book.save(path)
    result = run_cli("check", path, "-w", "W-03", "--as-of", "2021-06-30", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    return tmp_path / "out"


def _evidence(out, case: str) -> tuple:
    found = next(f for f in read_case(out, case)["findings"] if f["rule_id"] == "APP-SUPPORTING-EVIDENCE")
    return found["outcome"], found["message"]


def test_a_list_of_evidence_naming_a_document_still_missing_is_not_all_attached(tmp_path):
    """Seed 001:4054 "申报单位根据通知编写项目申报材料，附相关证明材料". A district writes what is attached and what
    is not in one cell: 营业执照（待补）, 营业执照，缺审计报告, 审计报告（尚未出具）, 无营业执照. Only a cell that
    opened with such words was read as not attached; these passed ("已列明所附证明材料：营业执照（待补）") and a W-03
    case was 符合条件 with its business licence still to come."""
    written = ["营业执照（待补）", "营业执照，缺审计报告", "营业执照（复印件）、审计报告（尚未出具）", "无营业执照",
               "营业执照、专利证书（待提供）", "0"]
    out = _w03(tmp_path, written)
    assert [_evidence(out, f"E-{n}") for n in range(1, len(written) + 1)] == [
        ("fail", f"证明材料栏写明未附（{text}）。") for text in written]
    assert {case["case_id"]: case["verdict"] for case in all_cases(out)} == {
        f"E-{n}": "needs_review" for n in range(1, len(written) + 1)}


def test_documents_whose_names_hold_those_words_are_still_listed(tmp_path):
    """无损检测报告 and 产品缺陷检测报告 are documents; 材料齐全，无缺项 says nothing is missing."""
    written = ["无损检测报告、营业执照", "产品缺陷检测报告", "材料齐全，无缺项", "营业执照等，完整无欠缺", "后补助资金拨付凭证、2020年度审计报告", "待遇说明、营业执照"]
    out = _w03(tmp_path, written)
    assert [_evidence(out, f"E-{n}") for n in range(1, len(written) + 1)] == [
        ("pass", f"已列明所附证明材料：{text}。") for text in written]


W04_ROW = {"企业名称": "威海示例机床有限公司", "所在区市": "环翠区", "内资/外资": "内资", "目录条目": "十四、1 高档数控机床",
           "限额以下": "是", "项目总投资（万元）": 3000, "申报渠道": "山东政务服务网"}


def _w04(tmp_path, rows: list[dict]) -> dict:
    from tests.helpers import SAMPLES, write_json

    path = write_json(tmp_path / "w04.json", [{**W04_ROW, "申报编号": f"F-{n}", **row} for n, row in enumerate(rows, start=1)])
    result = run_cli("check", path, "-w", "W-04", "--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv",
                     "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    return {(case["case_id"], f["rule_id"]): (f["outcome"], f["message"]) for case in all_cases(tmp_path / "out")
            for f in case["findings"]}


def test_a_domestic_project_said_to_be_not_foreign_is_checked_against_the_domestic_catalogue(tmp_path):
    """Seed 001:2397: 鼓励类内资项目 are checked in the 产业结构调整指导目录, 外资项目 in the foreign-investment catalogues.
    A 内资/外资 cell "内资（非外资）" or "无外资成分" held the word 外资 and the project was taken for a foreign one:
    its domestic entry (十四、1) was looked for in the foreign catalogues instead."""
    found = _w04(tmp_path, [{"内资/外资": "内资（非外资）"}, {"内资/外资": "无外资成分"}])
    for case in ("F-1", "F-2"):
        assert found[(case, "ELIG-CATALOGUE-ENCOURAGED")] == (
            "pass", "目录条目属于《产业结构调整指导目录》鼓励类 十四、1 高档数控机床及配套数控系统。")
        assert found[(case, "ELIG-FOREIGN-CATALOGUE")] == (
            "not_applicable", "内资项目，按《产业结构调整指导目录》核对（见内资项目规则）。")


def test_a_channel_that_names_the_portal_to_deny_it_is_not_the_portal(tmp_path):
    """Seed 001:2401 "申请人登陆山东政务服务网提交免税申请": "线下报送（未通过山东政务服务网）" named the portal and passed."""
    found = _w04(tmp_path, [{"申报渠道": "线下报送（未通过山东政务服务网）"}, {"申报渠道": "山东省政务服务网（网上申请编号 123）"}])
    assert found[("F-1", "APP-ONLINE-PORTAL")] == ("fail", "申报渠道为“线下报送（未通过山东政务服务网）”，不是山东政务服务网。")
    assert found[("F-2", "APP-ONLINE-PORTAL")] == ("pass", "经山东省政务服务网（网上申请编号 123）提交。")


def _w03_prelim(tmp_path, opinions: list[str]):
    from tests.helpers import write_json

    rows = [dict(zip(W03_HEADER, W03_ROW)) | {"申报编号": f"P-{n}", "企业名称": f"威海示例{n}有限公司", "区市初审意见": opinion}
            for n, opinion in enumerate(opinions, start=1)]
    codes = ["91371002MA0000101R", "91371003MA0000103E", "91371082MA0000104Y", "91371083MA0000105G", "91371002MA00001069"]
    for row, code in zip(rows, codes):
        row["统一社会信用代码"] = code
    path = write_json(tmp_path / "w03.json", rows)
    result = run_cli("check", path, "-w", "W-03", "--as-of", "2021-06-30", "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    assert result.exit_code in (0, 1), result.output
    return {case["case_id"]: (case["verdict"], next((f["outcome"], f["message"]) for f in case["findings"]
                                                   if f["rule_id"] == "APP-DISTRICT-PRELIM"))
            for case in all_cases(tmp_path / "out")}


def test_a_district_conclusion_in_clauses_or_after_the_review_is_read(tmp_path):
    """Seed 001:2261 "各区市工信部门要按照确定的申报条件，结合本地区实际，做好项目的遴选审核工作". A district writes its
    first review as offices do: 同意上报, 符合条件，同意推荐, 经初审，不符合申报条件. Only one word alone was read:
    these were "无法判断是否通过" and a case the district recommended needed review."""
    assert _w03_prelim(tmp_path, ["同意上报", "符合条件，同意推荐", "经我局初审，同意推荐", "经初审，不符合申报条件",
                                  "符合条件，但需补充审计报告"]) == {
        "P-1": ("eligible", ("pass", "区市初审意见为“同意上报”。")),
        "P-2": ("eligible", ("pass", "区市初审意见为“符合条件，同意推荐”。")),
        "P-3": ("eligible", ("pass", "区市初审意见为“经我局初审，同意推荐”。")),
        "P-4": ("needs_review", ("fail", "区市初审意见为“经初审，不符合申报条件”，初审未通过。")),
        "P-5": ("needs_review", ("missing", "区市初审意见“符合条件，但需补充审计报告”无法判断是否通过。")),
    }


W05_ROW = {"企业名称": "上海威联电子科技有限公司", "统一社会信用代码": "91310106MA1FY0XX52", "注册地址": "上海市静安区威海路88号",
           "所在区市": "环翠区", "是否独立法人": "是", "项目名称": "电子元件产线升级", "核准（备案）文号": "沪静发改备〔2020〕33号",
           "年度设备投入（万元）": 180, "项目总投资（万元）": 600, "符合产业政策方向": "是", "申报日期": "2020-07-08"}


def test_a_remark_about_a_resubmission_or_an_attachment_is_no_withdrawal(tmp_path):
    """A 备注 that mentions 撤回 about something else: the earlier application this row replaces (已撤回原申报，本次重新申报),
    an attachment (撤回了错误的附件，已重新上传), or a project said not to be withdrawn (非撤回项目). Each was read as this
    application withdrawn (INP-WITHDRAWN): a company registered in Shanghai was 需人工复核 and got no 不予受理告知书.
    A remark that does say so (企业已撤回，待重新申报) still is one."""
    from tests.helpers import write_json

    remarks = ["已撤回原申报，本次重新申报", "撤回了错误的附件，已重新上传", "非撤回项目", "企业已撤回，待重新申报"]
    rows = [{**W05_ROW, "申报编号": f"R-{n}", "备注": remark} for n, remark in enumerate(remarks, start=1)]
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), "-w", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    from checker.report.notice import notice_kind

    found = {case["case_id"]: (case["verdict"], [f["rule_id"] for f in case["findings"] if f["rule_id"].startswith("INP-")],
                               notice_kind(case))
             for case in all_cases(tmp_path / "out")}
    assert found == {
        "R-1": ("ineligible", [], "refusal"),
        "R-2": ("ineligible", [], "refusal"),
        "R-3": ("ineligible", [], "refusal"),
        "R-4": ("needs_review", ["INP-WITHDRAWN"], None),
    }


def test_a_yes_or_no_written_out_with_the_questions_words_is_read(tmp_path):
    """Seed 001:2417 受理条件 "具有独立法人资格" and "项目符合国家、省和市产业政策重点发展方向": a district answers the
    form's 是否独立法人 / 符合产业政策方向 in the clause's words, 具有独立法人资格, 符合国家产业政策, 非独立法人. These were
    INP-YESNO "无法识别" and a case the form plainly answered needed review (or, for 非独立法人, was not refused)."""
    from tests.helpers import write_json

    weihai = {**W05_ROW, "企业名称": "威海华盛精密机械有限公司", "统一社会信用代码": "91371002MA3D0004CE",
              "注册地址": "山东省威海市环翠区世昌大道1号", "项目领域": "智能制造"}
    rows = [{**weihai, "申报编号": "Y-1", "是否独立法人": "具有独立法人资格", "符合产业政策方向": "符合国家产业政策"},
            {**weihai, "申报编号": "Y-2", "是否独立法人": "非独立法人", "统一社会信用代码": "91371002MA3D0013MY", "企业名称": "威海乙有限公司"}]
    result = run_cli("check", write_json(tmp_path / "w05.json", rows), "-w", "W-05", "--window", "2020-07-01", "2020-07-31",
                     "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    found = {case["case_id"]: (case["verdict"], [(f["rule_id"], f["outcome"], f["message"]) for f in case["findings"]
                                                 if f["rule_id"] in ("ELIG-LEGAL-PERSON", "ELIG-POLICY-DIRECTION") or f["rule_id"].startswith("INP-")])
             for case in all_cases(tmp_path / "out")}
    assert found == {
        "Y-1": ("eligible", [("ELIG-LEGAL-PERSON", "pass", "申报表载明具有独立法人资格（是）。"),
                             ("ELIG-POLICY-DIRECTION", "pass", "申报表载明项目（领域：智能制造）符合产业政策重点发展方向。")]),
        "Y-2": ("ineligible", [("ELIG-LEGAL-PERSON", "fail", "申报表载明不具有独立法人资格（否），不符合受理条件。"),
                               ("ELIG-POLICY-DIRECTION", "pass", "申报表载明项目（领域：智能制造）符合产业政策重点发展方向。")]),
    }
