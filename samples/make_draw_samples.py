"""Regenerate the draw samples: samples/experts.xlsx and samples/draw/*.

    python samples/make_draw_samples.py

Deterministic (fixed random seed), so re-running gives the same workbook contents. The pool is
fictitious: 40 experts of a municipal 工信局 project expert pool, several fields each, some 暂停/退出,
some bureau staff, a 联系电话 column (never copied into records, ledger or panel files).
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import uscc
from checker.io.xlsx import save

HERE = Path(__file__).resolve().parent
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["建国", "丽华", "志强", "海燕", "晓东", "玉梅", "国栋", "静", "磊", "红霞", "伟", "雪梅", "立新",
         "春雷", "秀英", "文博", "子涵", "明", "慧敏", "振华"]
UNITS = [  # (单位, 统一社会信用代码 base without check char, or None for public institutions)
    ("山东大学（威海）", "12370000MB1234567"),
    ("哈尔滨工业大学（威海）", "12230000MB2345678"),
    ("威海市产品质量检验所", "12371000MB3456789"),
    ("威海华材新材料有限公司", "91371000MA3C8NQN7"),
    ("威海精工智能装备有限公司", "91371002MA3MXK8L1"),
    ("山东威高集团医用高分子制品股份有限公司", "91371000MA3N00001"),
    ("威海市工业和信息化局", None),
    ("威海职业学院", "12371000MB4567890"),
    ("威海恒信会计师事务所", "91371002MA3N00002"),
    ("北洋电气集团股份有限公司", "91371000MA3N00003"),
]
FIELDS = ["新材料", "智能制造", "电子信息", "节能环保", "生物医药", "财务管理"]
OUT_POOL = HERE / "experts.xlsx"
OUT_DIR = HERE / "draw"


def code(base: str | None) -> str:
    return base + uscc.calc_check_digit(base) if base else ""


def experts(rng: random.Random) -> list[list]:
    rows = []
    for number in range(1, 41):
        # Mostly universities and institutes; a few experts work for companies that apply.
        pick = rng.choices(range(len(UNITS)), weights=[6, 6, 3, 1, 1, 2, 1, 3, 2, 2])[0]
        unit, base = UNITS[pick] if number > 3 else UNITS[number + 2]
        fields = rng.sample(FIELDS[:4], rng.choice([1, 1, 2, 2, 3]))
        if number % 9 == 0:
            fields.append(FIELDS[4 + number % 2])
        status = "在库"
        if number in (6, 23):
            status = "暂停"
        if number in (17,):
            status = "退出"
        staff = "是" if unit == "威海市工业和信息化局" else "否"
        name = SURNAMES[(number * 7) % len(SURNAMES)] + GIVEN[number % len(GIVEN)]
        rows.append([f"ZJ{number:03d}", name, unit, "、".join(fields), status, code(base), staff,
                     f"1{rng.randrange(30, 90)}{rng.randrange(10**8):08d}"])
    # Make sure 新材料 has a comfortable number of active experts for the sample draw.
    for row in rows[:30]:
        if "新材料" not in row[3]:
            row[3] = "新材料、" + row[3]
    return rows


def write_pool(rows: list[list]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专家库"
    sheet.append(["专家编号", "姓名", "工作单位", "专业领域", "状态", "工作单位统一社会信用代码",
                  "是否本局工作人员", "联系电话"])
    for row in rows:
        sheet.append(row)
    save(workbook, OUT_POOL)


def write_inputs() -> None:
    OUT_DIR.mkdir(exist_ok=True)
    applicants = [
        ("XCL-2025-001", "威海华材新材料有限公司", code("91371000MA3C8NQN7")),
        ("XCL-2025-002", "威海精工智能装备有限公司", code("91371002MA3MXK8L1")),
        ("XCL-2025-003", "威海蓝海复合材料科技有限公司", code("91371003MA3N00003")),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["申报编号", "企业名称", "统一社会信用代码", "项目名称"])
    for row, project in zip(applicants, ["高性能碳纤维预浸料产线", "智能焊接机器人", "海洋防腐涂层"]):
        sheet.append([*row, project])
    save(workbook, OUT_DIR / "applicants.xlsx")
    (OUT_DIR / "applicants.json").write_text(json.dumps(
        [{"申报编号": a, "企业名称": b, "统一社会信用代码": c} for a, b, c in applicants],
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (OUT_DIR / "conflicts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["专家编号", "申报单位", "回避原因"])
        writer.writerow(["ZJ008", "威海蓝海复合材料科技有限公司", "近三年曾为该公司提供技术咨询"])
        writer.writerow(["ZJ012", "威海华材新材料有限公司", "配偶在该公司任职"])
    (OUT_DIR / "staff.txt").write_text("ZJ031\n", encoding="utf-8")


def main() -> None:
    write_pool(experts(random.Random(20250606)))
    write_inputs()
    print(f"wrote {OUT_POOL} and {OUT_DIR}/")


if __name__ == "__main__":
    main()
