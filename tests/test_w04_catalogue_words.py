"""W-04 (001:2397 属于《产业结构调整指导目录(2019 年本)》中鼓励类内资项目) as districts write the entry and
the investor (helper-85): an entry code in Arabic numerals or words is the entry; a title shortened is
asked about, not refused; an encouraged entry written beside a restricted one is asked about, not
passed; 民营/国有 are domestic capital and 港资/台资 foreign."""

from __future__ import annotations

import pytest

from tests.helpers import SAMPLES, read_case, run_cli, write_json

ROW = {"申报编号": "C-1", "企业名称": "威海示例机床有限公司", "所在区市": "环翠区", "内资/外资": "内资", "目录条目": "十四、1",
       "限额以下": "是", "项目总投资（万元）": 3000, "申报渠道": "山东政务服务网"}


def _catalogue(tmp_path, **cells) -> tuple[str, str, str]:
    path = write_json(tmp_path / "a.json", [{**ROW, **cells}])
    run_cli("check", path, "-w", "W-04", "--catalogue", SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv",
            "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    case = read_case(tmp_path / "out", "C-1")
    domestic = next(f for f in case["findings"] if f["rule_id"] == "ELIG-CATALOGUE-ENCOURAGED")
    foreign = next(f for f in case["findings"] if f["rule_id"] == "ELIG-FOREIGN-CATALOGUE")
    return domestic["outcome"], domestic["message"], foreign["outcome"]


@pytest.mark.parametrize("written", ["14、1", "第十四类第1条", "第14类第1条", "十四1", "14.1 高档数控机床"])
def test_the_entry_code_in_other_words_is_the_entry(tmp_path, written):
    assert _catalogue(tmp_path, 目录条目=written) == (
        "pass", "目录条目属于《产业结构调整指导目录》鼓励类 十四、1 高档数控机床及配套数控系统。", "not_applicable")


def test_a_shortened_title_is_asked_about(tmp_path):
    assert _catalogue(tmp_path, 目录条目="高档数控机床") == (
        "missing", "目录条目“高档数控机床”未写条目编号，名称与鼓励类条目 《产业结构调整指导目录》鼓励类 十四、1 高档数控机床及配套数控系统 相近，"
                   "需核实是否即为该条目。", "not_applicable")


def test_an_encouraged_entry_beside_a_restricted_one_is_asked_about(tmp_path):
    assert _catalogue(tmp_path, 目录条目="十四、1；十二、4")[0] == "missing"


@pytest.mark.parametrize("written,domestic", [("民营", True), ("国有", True), ("港资", False), ("台资", False)])
def test_the_kinds_of_capital_districts_write(tmp_path, written, domestic):
    outcome, _, foreign = _catalogue(tmp_path, **{"内资/外资": written})
    assert (outcome != "not_applicable", foreign == "not_applicable") == (domestic, domestic)


@pytest.mark.parametrize("written", ["28纳米及以下集成电路制造", "14nm逻辑芯片生产线"])
def test_a_title_opening_with_figures_is_no_code(tmp_path, written):
    # helper-86: 28纳米… was read as code 二、8 and 14nm… as 一、4 (the digits split by backtracking)
    catalogue = tmp_path / "cat.csv"
    catalogue.write_text((SAMPLES / "catalogue" / "encouraged_catalogue_sample.csv").read_text(encoding="utf-8-sig")
                         + "产业结构调整指导目录（2019年本）,鼓励类,二、8,江河湖库清淤疏浚工程\n"
                         + "产业结构调整指导目录（2019年本）,鼓励类,一、4,农作物种质资源保护\n", encoding="utf-8")
    path = write_json(tmp_path / "a.json", [{**ROW, "目录条目": written}])
    run_cli("check", path, "-w", "W-04", "--catalogue", catalogue, "--out", tmp_path / "out", "--quiet", "--per-case", "all")
    found = next(f for f in read_case(tmp_path / "out", "C-1")["findings"] if f["rule_id"] == "ELIG-CATALOGUE-ENCOURAGED")
    assert (found["outcome"], found["message"]) == (
        "fail", f"目录条目“{written}”不在《产业结构调整指导目录》鼓励类条目表（cat.csv）中。")
