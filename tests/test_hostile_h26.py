"""Hostile review (h26) of the day's merged changes: where parallel fixes crossed or over-reached."""

from __future__ import annotations

import json

from tests.helpers import audit_with_titled_sheets, run_cli


def test_a_sheet_titled_with_its_own_name_is_audited(tmp_path):
    """A title line of one word that is also a column name (「流程节点」 above the 流程节点 sheet, whose
    节点 column may be headed 流程节点) was taken for the header, as it named a known column: the audit
    stopped with 工作表「流程节点」缺少列「日期」 though the header was on the line below."""
    audited = audit_with_titled_sheets(tmp_path, lambda name: name)
    meeting = next(f for f in audited["titled"] if f["rule_id"] == "PROC-PARTY-MEETING")
    assert (meeting["outcome"], meeting["message"]) == (
        "pass", "党组会 2020-04-22（流程节点!B13），会议纪要文号：党组会纪要〔2020〕5号，表决方式及结果：举手表决，全票通过。")
    assert audited["outcomes"]["titled"] == audited["outcomes"]["plain"]


def test_a_notice_leaves_out_the_reviewers_note_on_a_standard_not_yet_in_force(tmp_path):
    """Judged on 2019-06-30, before the duty list's 100 万元 threshold took effect (2020-01-01), a 补正
    item told the applicant "（截至 2019年6月30日 早于本规则所用标准的生效日期 2020年1月1日，按该标准判定；
    请核实当时适用的标准。）": the reviewers' note on which standard applies (the office's question),
    garbled by the notice's 参考日期 → 截至 rewording. The case report keeps it; the notice does not."""
    from tests.helpers import SAMPLES

    out = tmp_path / "out"
    assert run_cli("check", SAMPLES / "w05_applications.xlsx", "--workflow", "W-05", "--as-of", "2019-06-30",
                   "--out", out, "--quiet").exit_code == 1
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert ("<li><strong>年度设备投入100万元（含）以上。</strong>年度设备投入未填写或无法识别（约120万）。<div class=\"action\">"
            "需补正：请填写年度设备投入金额（万元），并附设备购置合同、发票等证明材料。</div>") in notices
    assert "早于本规则所用标准的生效日期" not in notices
    case = json.loads(next(line for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()
                           if "WH-2020-009" in line))
    finding = next(f for f in case["findings"] if f["message"].startswith("年度设备投入未填写"))
    assert finding["message"] == ("年度设备投入未填写或无法识别（约120万）。（参考日期 2019-06-30 早于本规则所用标准的生效日期 "
                                  "2020-01-01，按该标准判定；请核实当时适用的标准。）")


def test_an_industry_named_with_a_dunhao_is_in_a_list_that_names_it(tmp_path):
    """国民经济行业分类 names several industries with 、 inside (计算机、通信和其他电子设备制造业). In a 属于
    值 listing them, the list's 、 split the name into 计算机 and 通信和其他电子设备制造业, which no cell
    equals: an applicant of that industry failed the blocking condition (不予受理告知书), and one of it
    passed 不属于 the same list."""
    from openpyxl import load_workbook

    from tests.helpers import SAMPLES

    workbook = load_workbook(SAMPLES / "check" / "W-12_applications.xlsx")
    sheet = workbook.active
    sheet["O2"] = "计算机、通信和其他电子设备制造业"
    workbook.save(tmp_path / "apps.xlsx")
    conditions = (SAMPLES / "conditions" / "W-12_conditions.yaml").read_text(encoding="utf-8")
    conditions = conditions.replace("    值: 制造业、软件和信息技术服务业\n    严重程度: 复核",
                                    "    值: 计算机、通信和其他电子设备制造业、铁路、船舶、航空航天和其他运输设备制造业\n    严重程度: 否决")
    (tmp_path / "c.yaml").write_text(conditions, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("check", tmp_path / "apps.xlsx", "--workflow", "W-12", "--as-of", "2021-06-30", "--conditions", tmp_path / "c.yaml",
            "--out", out, "--quiet")
    case = next(json.loads(line) for line in (out / "cases.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(line)["case_id"] == "W12-01")
    finding = next(f for f in case["findings"] if f["rule"].startswith("COND-5@"))
    assert (finding["outcome"], finding["message"]) == (
        # h151's wording: the value quoted, the listed industries each in quotes
        "pass", "所属行业填写为“计算机、通信和其他电子设备制造业”，符合本条件（本轮条件要求属于“计算机、通信和其他电子设备制造业”或"
                "“铁路、船舶、航空航天和其他运输设备制造业”）。")
