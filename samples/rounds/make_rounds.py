"""Generate the sample round records (issue 4) and their example reports.

    python samples/rounds/make_rounds.py            # samples only
    python samples/rounds/make_rounds.py --reports  # samples + reports/example/rounds/

Writes, next to this script:
- compliant_W-12.xlsx / .json: a W-12 (专精特新) round that follows every audited step;
- noncompliant_W-08.xlsx / .json: a two-stage W-08 round with late reports, a short 公示 over
  National Day 2020, recognition during the 公示, six experts, an unknown step name and an
  unreadable date;
- ledger.db: a draw ledger holding the W-12 round's draw (for DRAW-RANDOM with --ledger), made with
  the draw wing (RFC 3797; the entry carries the eligible list and the seed, so it re-derives);
- draw_W12-2020-01.json: that draw's record (for --draw-record);
- recommend_W-17: a green-manufacturing recommendation (W-17) with more applications than the
  province's quota, so an expert review meeting precedes the proposed list;
- recommend_W-18: a city-level green list (W-18) ending in its publication document;
- recommend_W-20: an energy-saving products recommendation (W-20) countersigned twice by the city
  market-regulation bureau;
- lifecycle_W-12: the W-12 round followed by its fund steps (allocation, finance review,
  disbursement, implementation, acceptance, performance evaluation, inspection), one of them
  recorded by the wrong department.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from checker.audit.run import run_audit
from checker.audit.template import write_round_workbook
from checker.core.rulebook import load_rulebook
from checker.fixtures import write_model_ledger

HERE = Path(__file__).resolve().parent
JJZ = "派驻纪检监察组"


def step(name, date, doc="", to="", stage=None, **extra):
    row = {"节点": name, "日期": date, "文号/材料": doc, "报送对象": to}
    if stage:
        row["阶段"] = stage
    row.update(extra)
    return row


def compliant_w12() -> dict:
    """The W-12 model round (rules/cases/rounds/W-12-compliant.yaml) as a named sample round."""
    record = copy.deepcopy(load_rulebook().bases["W-12-compliant"])
    record["轮次"] = {"轮次编号": "W12-2020-01", "流程类型": "W-12", "专项名称": "2020年“专精特新”中小企业认定",
                    "承办科室": "非公有制经济（中小企业）发展科", "项目领域": "新材料", "是否涉及资金": "是"}
    for row in record["流程节点"]:
        if row["节点"] == "党组会":
            row["决议内容"] = "甲材料公司、乙新材公司、丙科技公司"
    return record


def noncompliant_w08() -> dict:
    return {
        "轮次": {"轮次编号": "W08-2020-02", "流程类型": "W-08", "专项名称": "2020年市级智能工厂和数字化车间",
                 "承办科室": "装备产业科", "项目领域": "智能制造", "是否涉及资金": "是"},
        "流程节点": [
            step("事前报告", "2020-06-01", "《“三重一大”事项报告表》、申报通知（草稿）", JJZ),
            step("纪检组同意", "2020-06-03", "纪检组签批"),
            step("发布申报通知", "2020-06-02", "威工信发〔2020〕21号"),
            step("区市推荐", "2020-07-10", "各区市推荐文件"),
            step("市级复审", "2020-07-20", "复审名单"),
            step("专家抽取", "2020-07-22", "科室自行确定"),
            step("评审报告", "2020-07-23", "《“三重一大”事项报告表》（评审）", JJZ),
            step("评审同意", "2020-07-28", "纪检组签批"),
            step("专家评审", "2020-07-27", "专家评审意见"),
            step("专家打分", "2020-07-27", "评分表"),
            step("事中报告", "2020-09-24", "《“三重一大”事项报告单》（事中）", JJZ, stage=1),
            step("党组会", "2020-09-25", "评审排名结果", stage=1, **{"会议纪要文号": "党组会纪要〔2020〕17号",
                                                            "表决方式及结果": "", "决议内容": "A公司、B公司"}),
            step("行文认定", "2020-10-09", "威工信字〔2020〕60号"),
            step("事中报告", "2020年13月1日", "《“三重一大”事项报告单》（事中）", JJZ, stage=2),
            step("党组会", "2020-11-20", "奖励资金分配", stage=2, **{"会议纪要文号": "党组会纪要〔2020〕22号",
                                                            "表决方式及结果": "举手表决，全票通过", "决议内容": "A公司、B公司"}),
            step("决策备案", "2020-11-26", "《“三重一大”事项决策情况表》", "局政工科", stage=2),
        ],
        "专家抽取": [{"抽取记录编号": "纸质-2020-07", "抽取科室": "装备产业科", "专家编号": f"E{i:03d}",
                      "专业领域": "智能制造" if i < 6 else "生物医药", "工作单位": f"某大学{i}", "角色": "正选"} for i in range(1, 7)],
        "公示": [
            {"开始日期": "2020-09-29", "结束日期": "2020-10-09", "渠道": "市工信局网站", "异议数": 1, "异议处理结果": "",
             "阶段": 1, "公示名单": "A公司、B公司、C公司"},
            {"开始日期": "2020-11-23", "结束日期": "2020-11-27", "渠道": "市工信局网站", "异议数": 0, "异议处理结果": "",
             "阶段": 2, "公示名单": "A公司、B公司"},
        ],
        "归档": [],
    }


def recommendation(workflow: str, round_id: str, fund: str, **round_fields) -> dict:
    """A recommendation round (W-17 … W-23) from its model round, named as a real round."""
    record = copy.deepcopy(load_rulebook().bases[f"{workflow}-compliant"])
    record["轮次"] = {"轮次编号": round_id, "流程类型": workflow, "专项名称": fund, "承办科室": "绿色发展推进科", **round_fields}
    return record


def lifecycle_w12() -> dict:
    """The W-12 sample round extended with the fund steps after the decision; the acceptance is
    recorded as done by the finance bureau, which the division of labour gives to the sector
    department (a finding for review)."""
    record = compliant_w12()
    record["流程节点"] = [row for row in record["流程节点"] if row["节点"] != "归档"] + [
        step("财政审核", "2020-05-08", "资金安排审核意见", 发文单位="市财政局"),
        step("资金拨付", "2020-05-20", "威财企指〔2020〕15号", 发文单位="市财政局"),
        step("项目实施", "2020-06-01", "项目实施调度表", 发文单位="市工信局"),
        step("归档", "2020-05-26", "档案盒 2020-12"),
        step("项目验收", "2020-12-10", "项目验收意见", 发文单位="市财政局"),
        step("绩效评价", "2021-03-15", "专项资金绩效评价报告", 发文单位="市财政局"),
        step("监督检查", "2021-04-20", "专项资金使用情况检查通报", 发文单位="市财政局、市工信局"),
    ]
    return record


SAMPLES = {
    "compliant_W-12": compliant_w12,
    "noncompliant_W-08": noncompliant_w08,
    "recommend_W-17": lambda: recommendation("W-17", "W17-2021-01", "2021年绿色制造工程（省级推荐）", 申报数量=12, 省定推荐数量=8),
    "recommend_W-18": lambda: recommendation("W-18", "W18-2021-01", "2021年市级绿色工厂", 申报数量=6, 省定推荐数量=10),
    "recommend_W-20": lambda: recommendation("W-20", "W20-2021-01", "2021年“能效之星”产品推荐"),
    "lifecycle_W-12": lifecycle_w12,
}
# the samples whose reports reports/example/rounds/ holds (tests/test_examples.py)
REPORTED = ("compliant_W-12", "noncompliant_W-08", "recommend_W-17", "recommend_W-18", "recommend_W-20", "lifecycle_W-12")


def write_ledger(path: Path) -> dict:
    """The W-12 round's draw, made by the draw wing (RFC 3797, re-derivable from the entry)."""
    if path.exists():
        path.unlink()
    return write_model_ledger(path, "W12-2020-01")


def main(argv: list[str]) -> None:
    for name, make in SAMPLES.items():
        record = make()
        (HERE / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
        write_round_workbook(record, HERE / f"{name}.xlsx")
    record = write_ledger(HERE / "ledger.db")
    (HERE / "draw_W12-2020-01.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"samples written to {HERE}")
    if "--reports" in argv:
        book = load_rulebook()
        out = HERE.parent.parent / "reports" / "example" / "rounds"
        for name in REPORTED:
            run_audit(book, [HERE / f"{name}.xlsx"], out / name, ledger=HERE / "ledger.db", force=True)
        run_audit(book, [HERE / "compliant_W-12.json", HERE / "noncompliant_W-08.json"], out / "both", ledger=HERE / "ledger.db", force=True)
        print(f"reports written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
