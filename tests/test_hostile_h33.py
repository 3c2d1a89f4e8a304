"""Reviewer h33: the commits of 2 December read as a hostile reviewer."""

from __future__ import annotations

from tests.helpers import read_case, run_cli, write_json
from tests.test_hostile_h28 import APPLICATION, W05, _finding


def test_weihai_addresses_in_a_zones_short_name_pass_region(tmp_path):
    """ELIG-REGION v3 read 威海市高技区… and 威海市经技区… (the zones' short names in many registered
    addresses) and 威海市综保区… as 威海市 followed by another city's district: 需人工复核."""
    rows = [{**APPLICATION, "申报编号": "A-1", "注册地址": "山东省威海市高技区火炬路213号", "所在区市": "高区"},
            {**APPLICATION, "申报编号": "A-2", "注册地址": "威海市经技区海南路1号", "所在区市": "经区"},
            {**APPLICATION, "申报编号": "A-3", "注册地址": "威海市综保区东区海南路1号", "所在区市": "经区"},
            {**APPLICATION, "申报编号": "A-4", "注册地址": "威海市莱山区某路1号"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", case_id), "ELIG-REGION") for case_id in ("A-1", "A-2", "A-3", "A-4")]
    assert found == [
        ("pass", "注册地址“山东省威海市高技区火炬路213号”位于威海市（火炬高技术产业开发区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“威海市经技区海南路1号”位于威海市（经济技术开发区），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("pass", "注册地址“威海市综保区东区海南路1号”位于威海市（威海市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
        ("missing", "注册地址“威海市莱山区某路1号”写明威海市，其后的“莱山区”却不是威海市的区市或开发区，"
                    "地址前后矛盾，无法判断是否在威海市行政区域内。"),
    ]


def test_the_round_template_help_does_not_promise_a_disclosure_sheet_every_workflow_lacks(tmp_path):
    """71f78c2 left the 公示 sheet out of a workflow with no 公示 (W-17, W-12…), but `template round
    --help` still listed 公示 among the sheets every template holds."""
    from openpyxl import load_workbook

    result = run_cli("template", "round", "--help")
    expected = ("含工作表 轮次、流程节点 和 说明，以及该流程审计用到的 专家抽取、公示、归档（推荐类流程没有专家抽取与归档清单，"
                "履职清单规定公示的流程才有 公示）；")  # h38: the draw and archive sheets only where the audit reads them
    assert "".join(expected.split()) in "".join(result.stdout.split())  # click wraps the line
    path = tmp_path / "r.xlsx"
    assert run_cli("template", "round", "--workflow", "W-17", "--out", path).exit_code == 0
    assert load_workbook(path).sheetnames == ["轮次", "流程节点", "说明"]


def test_a_weihai_address_naming_another_citys_county_level_city_needs_review(tmp_path):
    """ELIG-REGION v3 took only a 区 or 县 after 威海市 as a contradiction: 山东省威海市海阳市… (海阳市 is
    Yantai's) passed as in 威海市. A market street (威海市塔山市场…) is no county-level city."""
    rows = [{**APPLICATION, "申报编号": "B-1", "注册地址": "山东省威海市海阳市东村街道1号"},
            {**APPLICATION, "申报编号": "B-2", "注册地址": "威海市塔山市场东路1号"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = [_finding(read_case(tmp_path / "out", case_id), "ELIG-REGION") for case_id in ("B-1", "B-2")]
    assert found == [
        ("missing", "注册地址“山东省威海市海阳市东村街道1号”写明威海市，其后的“海阳市”却不是威海市的区市或开发区，"
                    "地址前后矛盾，无法判断是否在威海市行政区域内。"),
        ("pass", "注册地址“威海市塔山市场东路1号”位于威海市（威海市），统一社会信用代码登记机关区划码 371002 属威海市，相互印证。"),
    ]


def test_an_application_whose_remark_opens_with_leiji_is_checked_not_set_aside_as_a_total(tmp_path):
    """d1c348d made 累计 a total's label: a full application line with no 申报编号 whose 备注 reads
    累计：已投入设备款200万元 was set aside as a 合计行 and never checked. 累计 alone stays a total."""
    import json

    rows = [{**APPLICATION, "申报编号": "L-1"},
            {**APPLICATION, "申报编号": None, "统一社会信用代码": "91371002MA3D0004CE", "备注": "累计：已投入设备款200万元"},
            {**APPLICATION, "申报编号": None, "统一社会信用代码": None, "备注": "累计：已投入设备款200万元"},
            {"申报编号": "累计", "年度设备投入（万元）": "300", "项目总投资（万元）": "600"},
            {"申报编号": "累计：3个项目", "年度设备投入（万元）": "450", "项目总投资（万元）": "900"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert ([case["case_id"] for case in summary["cases"]], summary["skipped_total_rows"], summary["rows_reconcile"]) == (
        ["L-1", "row2", "row3"], [4, 5], True)


def test_an_application_with_a_code_whose_remark_reads_like_a_total_is_checked(tmp_path):
    """A full application line with no 申报编号 but an enterprise's USCC, whose 备注 reads 共计：购置设备3台
    or 小计(含税), was set aside as a 合计行: no total line carries a 统一社会信用代码."""
    import json

    rows = [{**APPLICATION, "申报编号": "M-1"},
            {**APPLICATION, "申报编号": None, "统一社会信用代码": "91371002MA3D0004CE", "备注": "共计：购置设备3台"},
            {**APPLICATION, "申报编号": None, "统一社会信用代码": "91371002MA3D0015PM", "备注": "小计(含税)"},
            {"申报编号": "合计", "年度设备投入（万元）": "450", "项目总投资（万元）": "900"}]
    run_cli("check", write_json(tmp_path / "a.json", rows), *W05, "--out", tmp_path / "out", "--quiet")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert ([case["case_id"] for case in summary["cases"]], summary["skipped_total_rows"], summary["rows_reconcile"]) == (
        ["M-1", "row2", "row3"], [4], True)
