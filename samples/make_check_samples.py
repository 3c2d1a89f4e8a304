"""Regenerate the check samples of every workflow but W-05 (samples/make_samples.py) and W-11 (no
rules): samples/check/W-xx_applications.xlsx, the registers they are checked against
(samples/check/registers/), an illustrative encouraged-catalogue list (samples/catalogue/) and an
illustrative 专精特新 notice's conditions (samples/conditions/W-12_conditions.xlsx and .yaml).

Each workbook starts from `fundcheck template check` (so its headers are the ones the rules read),
has one clean application and one per way its rules can fail; samples/README.md lists them with
the command that checks them and the verdict a careful reviewer reaches.

    python samples/make_check_samples.py
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from stdnum.cn import uscc as stdnum_uscc

from checker.check.conditions import load_conditions
from checker.check.fields import field_set
from checker.check.templates import write_check_template, write_conditions_template
from checker.core.rulebook import load_rulebook
from checker.core.text import header_key
from checker.io.xlsx import save

HERE = Path(__file__).parent
ALIASES = field_set(load_rulebook()).aliases
CHECK, REGISTERS = HERE / "check", HERE / "check" / "registers"
KEY_FIELDS = "智能制造、新材料、电子信息"
NOTICE = {"文号": "威工信字〔2021〕18号（示例）", "标题": "关于组织开展2021年度“专精特新”中小企业申报工作的通知（示例）",
          "发布日期": dt.date(2021, 5, 10), "失信企业不得申报": "是"}
CONDITIONS = [  # 条件编号, 条件, 依据, 列名, 类型, 比较, 值, 严重程度, 生效日期
    ("1", "在我市依法注册登记、成立满3年", "第二条（一）", "成立日期、注册日期", "年限", "≥", "3", "否决", None),
    ("2", "上年度营业收入1000万元以上", "第二条（二）", "上年度营业收入（万元）、营业收入（万元）", "金额（万元）", "≥", "1000", "否决", None),
    ("3", "上年度研发费用占营业收入比重不低于3%", "第二条（三）", "研发投入占比", "占比（%）", "≥", "3%", "否决", None),
    ("4", "近三年未发生重大安全、环保、质量事故", "第二条（四）", "近三年重大事故", "是否", "等于", "否", "否决", None),
    ("5", "主营业务属于制造业或软件和信息技术服务业", "第二条（五）", "所属行业", "文本", "属于", "制造业、软件和信息技术服务业", "复核", None),
    ("6", "从业人员1000人以下", "第二条（六）", "从业人数", "数值", "<", "1000", "否决", None),
    ("7", "拥有与主导产品相关的有效知识产权", "第二条（七）", "知识产权类别", "文本列表", "属于", "发明专利、实用新型专利、外观设计专利、软件著作权", "复核", None),
    ("8", "资产负债率不高于70%", "第二条（八）", "资产负债率", "占比（%）", "≤", "70", "提示", dt.date(2021, 7, 1)),
]


def uscc(division: str, serial: int) -> str:
    """A valid 统一社会信用代码 registered in ``division`` (fictitious: MA + serial)."""
    base = f"91{division}MA{serial:07d}"
    return base + stdnum_uscc.calc_check_digit(base)


# --- the registers --------------------------------------------------------------------------------

def _csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_registers() -> None:
    listed = ["统一社会信用代码", "企业名称", "日期", "文号"]
    # every sample applicant is in the lists but the one row that shows the rule failing
    everyone = [(serial, division) for _suffix, _changes, serial, division in
                [*COMMON_VARIANTS, *EXTRA_VARIANTS["key_field"], *EXTRA_VARIANTS["city_review"]]]
    _csv(REGISTERS / "reserve_pool.csv", listed, [
        [uscc(division, serial), f"威海示例{serial}有限公司", "2021-03-15", "威工信字〔2021〕6号（示例）"] for serial, division in everyone
    ])
    _csv(REGISTERS / "recognitions.csv", listed, [
        [uscc(division, serial), f"威海示例{serial}有限公司", "2020-11-20", "威工信发〔2020〕30号（示例）"] for serial, division in everyone
    ])
    _csv(REGISTERS / "fraud_findings.csv", listed, [
        [uscc("371003", 112), "威海示例112有限公司", "2020-09-01", "威工信字〔2020〕41号（示例）"],
    ])
    _csv(REGISTERS / "credit.csv", ["统一社会信用代码", "记录类型", "认定日期", "来源"], [
        [uscc("371082", 111), "失信被执行人", "2021-03-01", "信用中国（示例）"],
    ])
    _csv(HERE / "catalogue" / "encouraged_catalogue_sample.csv", ["目录", "类别", "条目编号", "条目名称"], [
        ["产业结构调整指导目录（2019年本）", "鼓励类", "十四、1", "高档数控机床及配套数控系统"],
        ["产业结构调整指导目录（2019年本）", "鼓励类", "十四、23", "智能制造关键技术装备"],
        ["产业结构调整指导目录（2019年本）", "鼓励类", "二十八、2", "新型电子元器件制造"],
        ["产业结构调整指导目录（2019年本）", "限制类", "十二、4", "低速汽车（三轮汽车、低速货车）"],
        ["外商投资产业指导目录", "鼓励类", "三、12", "汽车关键零部件制造"],
        ["外商投资产业指导目录", "鼓励类", "三、21", "海洋工程装备制造"],
        ["中西部地区外商投资优势产业目录", "鼓励类", "内蒙古、8", "稀土新材料深加工"],
    ])


# --- the applications -------------------------------------------------------------------------------

BASE = {"企业名称": "威海示例精工有限公司", "统一社会信用代码": uscc("371002", 101), "所在区市": "环翠区",
        "项目领域": "智能制造", "真实性承诺": "已签署", "证明材料": "营业执照、2020年度审计报告", "区市初审意见": "同意推荐",
        "推荐文号": "环工信字〔2021〕3号", "市级复审意见": "通过", "流程审核情况表": "已填报"}
COMMON_VARIANTS = [  # (id suffix, what changes, company serial, district)
    ("01", {}, 101, "371002"),
    ("02", {"真实性承诺": "未签署"}, 103, "371003"),
    ("03", {"证明材料": "无"}, 104, "371082"),
    ("04", {"区市初审意见": "不通过"}, 105, "371083"),
    ("05", {"推荐文号": None}, 106, "371002"),
]
EXTRA_VARIANTS = {
    "key_field": [("06", {"项目领域": "纺织"}, 107, "371002")],
    "reserve_pool": [("07", {}, 108, "371002")],
    "city_review": [("08", {"市级复审意见": "不符合条件"}, 109, "371003")],
    "recognition": [("09", {}, 110, "371002")],
    "credit": [("10", {}, 111, "371082")],
    "fraud": [("11", {}, 112, "371003")],
    "funds": [("12", {"流程审核情况表": "未填报"}, 113, "371083")],
}
WORKFLOW_EXTRAS = {
    "W-01": ["key_field", "reserve_pool"], "W-02": ["key_field"], "W-03": [], "W-06": ["city_review", "key_field"],
    "W-07": ["city_review", "key_field"], "W-08": ["city_review", "recognition"], "W-09": [], "W-10": [],
    "W-12": ["city_review", "credit", "fraud", "funds"], "W-13": ["city_review", "credit", "fraud", "funds"],
    "W-14": ["city_review", "credit", "fraud", "funds"], "W-15": ["city_review", "credit", "fraud", "funds"],
    "W-16": ["city_review", "credit", "funds"],
}
DISTRICTS = {"371002": "环翠区", "371003": "文登区", "371082": "荣成市", "371083": "乳山市"}


def application(workflow: str, suffix: str, changes: dict, serial: int, division: str) -> dict:
    row = dict(BASE, 申报编号=f"{workflow.replace('-', '')}-{suffix}", 统一社会信用代码=uscc(division, serial),
               企业名称=f"威海示例{serial}有限公司", 所在区市=DISTRICTS[division])
    row.update(changes)
    return row


def _field(header: str) -> str:
    """The contract field a header names (any of its aliases), or the header itself."""
    return ALIASES.get(header_key(header), (header,))[0]


def write_workbook(path: Path, columns: list[str], rows: list[dict], percent_cells: dict | None = None) -> None:
    """Fill a template's 申报汇总表 (keeping its formats, notes and drop-downs)."""
    workbook = load_workbook(path)
    sheet = workbook["申报汇总表"]
    for number, row in enumerate(rows, start=2):
        by_field = {_field(key): value for key, value in row.items()}
        for index, header in enumerate(columns, start=1):
            cell = sheet.cell(row=number, column=index)
            cell.value = by_field.get(_field(header))
            if isinstance(cell.value, str) and cell.number_format in ("#,##0.00", "0.00%"):
                cell.number_format = "@"  # text the applicant wrote ("1,000万元") stays text
    for (row_number, header), fmt in (percent_cells or {}).items():
        sheet.cell(row=row_number, column=columns.index(header) + 1).number_format = fmt
    save(workbook, path)


def group_samples(book) -> None:
    for workflow, extras in WORKFLOW_EXTRAS.items():
        path = CHECK / f"{workflow}_applications.xlsx"
        columns = [c.header for c in write_check_template(book, workflow, None, path)]
        variants = list(COMMON_VARIANTS) + [v for extra in extras for v in EXTRA_VARIANTS[extra]]
        rows = [application(workflow, *variant) for variant in variants]
        if workflow == "W-12":
            continue  # W-12's sample also exercises the conditions: write_w12
        write_workbook(path, columns, rows)


def write_conditions(book) -> None:
    folder = HERE / "conditions"
    folder.mkdir(exist_ok=True)
    path = folder / "W-12_conditions.xlsx"
    write_conditions_template(path)
    workbook = load_workbook(path)
    notice, sheet = workbook["通知"], workbook["申报条件"]
    for index, value in enumerate(NOTICE.values(), start=1):
        notice.cell(row=2, column=index).value = value
    for number, row in enumerate(CONDITIONS, start=2):
        for index, value in enumerate(row, start=1):
            sheet.cell(row=number, column=index).value = value
    save(workbook, path)
    lines = ["# 申报条件（示例）：与 W-12_conditions.xlsx 相同的条件，YAML 写法", "通知:"]
    lines += [f"  {key}: {value.isoformat() if isinstance(value, dt.date) else value}" for key, value in NOTICE.items()]
    lines.append("条件:")
    keys = ("条件编号", "条件", "依据", "列名", "类型", "比较", "值", "严重程度", "生效日期")
    for row in CONDITIONS:
        entry = [f"{k}: {_yaml(v)}" for k, v in zip(keys, row) if v is not None]
        lines.append("  - " + "\n    ".join(entry))
    (folder / "W-12_conditions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _yaml(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return f'"{text}"' if text[:1] in ">%|*&!?@`" or ": " in text else text  # YAML indicators only


def write_w12(book) -> None:
    conditions = load_conditions(HERE / "conditions" / "W-12_conditions.xlsx")
    path = CHECK / "W-12_applications.xlsx"
    columns = [c.header for c in write_check_template(book, "W-12", conditions, path)]
    good = {"成立日期": dt.date(2015, 3, 1), "上年度营业收入（万元）": 1200, "研发投入占比": "3.5%", "近三年重大事故": "否",
            "所属行业": "制造业", "从业人数": "320人", "知识产权类别": "发明专利、软件著作权", "资产负债率": "55%"}
    variants = list(COMMON_VARIANTS) + [v for extra in WORKFLOW_EXTRAS["W-12"] for v in EXTRA_VARIANTS[extra]] + [
        ("13", {"成立日期": dt.date(2018, 7, 1)}, 114, "371002"),
        ("14", {"上年度营业收入（万元）": "玖佰捌拾万元整"}, 115, "371003"),
        ("15", {"研发投入占比": 0.025}, 116, "371082"),
        ("16", {"研发投入占比": 0.05}, 117, "371083"),
        ("17", {"近三年重大事故": "是"}, 118, "371002"),
        ("18", {"所属行业": "建筑业"}, 119, "371003"),
        ("19", {"从业人数": 1000}, 120, "371082"),
        ("20", {"知识产权类别": "无"}, 121, "371083"),
        ("21", {"成立日期": dt.date(2016, 2, 29), "上年度营业收入（万元）": "￥12,000,000元", "资产负债率": "85%"}, 122, "371002"),
    ]
    rows = [{**application("W-12", suffix, {}, serial, division), **good, **changes} for suffix, changes, serial, division in variants]
    row_of = {v[0]: 2 + i for i, v in enumerate(variants)}
    # W12-15: a cell formatted as a percentage (shows 2.5%, holds 0.025); W12-16: a bare 0.05 in a
    # column whose header says nothing of %, which no reviewer can read for sure (0.05% or 5%?)
    write_workbook(path, columns, rows, {(row_of["15"], "研发投入占比"): "0.0%", (row_of["16"], "研发投入占比"): "General"})


def write_w04(book) -> None:
    path = CHECK / "W-04_applications.xlsx"
    columns = [c.header for c in write_check_template(book, "W-04", None, path)]
    base = {"企业名称": "威海示例机床有限公司", "统一社会信用代码": uscc("371002", 201), "所在区市": "环翠区", "内资/外资": "内资",
            "目录条目": "十四、1 高档数控机床", "项目总投资（万元）": 3000, "限额以下": "是", "申报渠道": "山东政务服务网"}
    variants = [
        ("01", {}), ("02", {"目录条目": "十二、4 低速汽车"}), ("03", {"目录条目": "十九、3"}),
        ("04", {"内资/外资": "中外合资", "目录条目": "三、12 汽车关键零部件制造"}),
        ("05", {"内资/外资": "外商独资", "目录条目": "内蒙古、8"}),
        ("06", {"项目总投资（万元）": "6,000"}), ("07", {"限额以下": "否"}), ("08", {"申报渠道": "纸质报送"}),
    ]
    rows = [dict(base, 申报编号=f"W04-{suffix}", 统一社会信用代码=uscc("371002", 200 + int(suffix)), **changes)
            for suffix, changes in variants]
    write_workbook(path, columns, rows)


def write_l03(book) -> None:
    """L-03 (鹿泉区, projects over 500万元 under supervision): a project list and the supervision list.
    One project listed, one over the threshold but not listed, one at exactly 500万元 (the two
    readings of "以上" differ), one below the threshold and one without its total."""
    path = CHECK / "L-03_projects.xlsx"
    columns = [c.header for c in write_check_template(book, "L-03", None, path)]
    variants = [("01", 800, 301), ("02", 1200, 302), ("03", 500, 303), ("04", "300.5", 304), ("05", None, 305)]
    rows = [{"申报编号": f"L03-{suffix}", "企业名称": f"鹿泉示例{serial}有限公司", "统一社会信用代码": uscc("130110", serial),
             "项目名称": f"鹿泉示例{serial}技改项目", "项目总投资（万元）": total} for suffix, total, serial in variants]
    write_workbook(path, columns, rows)
    _csv(REGISTERS / "supervision_list.csv", ["统一社会信用代码", "企业名称", "项目名称", "日期", "文号"], [
        [uscc("130110", 301), "鹿泉示例301有限公司", "鹿泉示例301技改项目", "2021-02-01", "运行二科督导项目清单（示例）"],
        [uscc("130110", 302), "鹿泉示例302有限公司", "鹿泉示例302一期项目", "2021-02-01", "运行二科督导项目清单（示例）"],
    ])


if __name__ == "__main__":
    rulebook = load_rulebook()
    CHECK.mkdir(exist_ok=True)
    write_registers()
    group_samples(rulebook)
    write_conditions(rulebook)
    write_w12(rulebook)
    write_w04(rulebook)
    write_l03(rulebook)
    print("wrote samples/check/, samples/conditions/, samples/catalogue/")
