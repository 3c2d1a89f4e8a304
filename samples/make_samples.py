"""Regenerate the bundled W-05 sample: samples/w05_applications.xlsx and .json.

A realistic, messy 申报汇总表 as districts send it: a title line above the header, text and
full-width numbers, a 元 amount in a 万元 column, an empty row, a formula without a cached value,
duplicate ids and applicants, and applicant text that would be dangerous in HTML or Excel.
samples/README.md says what a careful reviewer concludes for each row.

    python samples/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

from checker.io.xlsx import save

HERE = Path(__file__).parent
TITLE = "2020年度工业企业技术改造补助资金项目申报汇总表（威海市）"
HEADERS = [
    "序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称",
    "项目领域", "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期", "联系人",
]

# (申报编号, 企业名称, USCC, 注册地址, 区市, 独立法人, 项目名称, 领域, 文号, 设备投入, 总投资, 政策方向, 申报日期, 联系人)
ROWS: list[tuple | None] = [
    ("WH-2020-001", "威海华盛精密机械有限公司", "91371002MA3D0004CE", "山东省威海市环翠区世昌大道1号", "环翠区", "是",
     "数控加工中心智能化改造", "智能制造", "2020-371002-34-03-012345", 350, 1200, "是", dt.date(2020, 7, 6), "王工"),
    ("WH-2020-002", "上海威联电子科技有限公司", "91310106MA1FY0XX52", "上海市静安区威海路88号", "环翠区", "是",
     "电子元件产线升级", "电子信息", "沪静发改备〔2020〕33号", 180, 600, "是", "2020-07-08", "李经理"),
    ("WH-2020-003", "荣成海达渔具有限公司石岛分公司", "91371082MA3D0005DE", "山东省荣成市石岛管理区黄海中路5号", "荣成市", "否",
     "渔具生产线改造", "新材料", "荣发改备〔2020〕18号", 210, 500, "是", "2020/7/9", "张会计"),
    ("WH-2020-004", "威海蓝海新材料股份有限公司", "91371003MA3D0001XE", "山东省威海市文登区龙山路2号", "文登区", "是",
     "高性能纤维产线改造", "新材料", "文发改备〔2020〕7号", 99.99, 400, "是", "2020年7月10日", "赵总"),
    ("WH-2020-005", "乳山精工机床有限公司", "91371083MA3D0002AG", "乳山市胜利街88号", "乳山市", "是",
     "机床装配线改造", "高端装备", "乳发改备〔2020〕21号", "100.00", "800", "是", "2020-07-12", "孙工"),
    ("WH-2020-006", "威海鑫源食品有限公司", "91371002MA3D0006EN", "威海市环翠区张村镇工业园", "环翠区", "是",
     "食品冷链设备更新", "消费品", None, 260, 700, "是", "2020-07-13", "周主任"),
    ("WH-2020-007", "威海恒通建材有限公司", "91371000MA3D0003BD", "山东省威海市经济技术开发区崮山镇", "经区", "是",
     "水泥粉磨系统扩产", "建材", "威经发改备〔2020〕9号", 500, 2000, "否", "2020-07-14", "吴经理"),
    ("WH-2020-008", "威海迁安化工有限公司", "91370200MA3D0007FU", "山东省威海市临港经济技术开发区草庙子镇", "临港区", "是",
     "化工装置节能改造", "节能环保", "威临发改备〔2020〕4号", 320, 900, "是", "2020-07-15", "郑工"),
    ("WH-2020-009", "文登泰和医疗器械有限公司", "91371003MA3D0008GD", "山东省威海市文登区米山路9号", "文登区", "是",
     "医疗器械洁净车间改造", "生物医药", "文发改备〔2020〕11号", "约120万", 600, "是", "2020-07-16", "冯经理"),
    ("WH-2020-010", "山东远航集团有限公司威海分公司", "91371002MA3D0009H3", "威海市高区火炬路100号", "高区", "是",
     "船舶配件加工线改造", "高端装备", "威高发改备〔2020〕6号", 150, 450, "是", "2020-07-17", "陈工"),
    ("WH-2020-011", "威海安达电缆有限公司", "91371002MA3D0011KN", "威海市环翠区羊亭镇1号", "环翠区", "是",
     "电缆挤出线改造（一期）", "新材料", "威环发改备〔2020〕15号", 130, 300, "是", "2020-07-18", "褚工"),
    ("WH-2020-012", "威海安达电缆有限公司", "91371002-MA3D0011KN", "威海市环翠区羊亭镇1号", "环翠区", "是",
     "电缆挤出线改造（二期）", "新材料", "威环发改备〔2020〕16号", 140, 320, "是", "2020-07-18", "褚工"),
    None,  # an empty row in the middle of the sheet, as merged exports leave them
    ("WH-2020-013", "乳山宏达纺织有限公司", "91371083MA3D0010JW", "山东省乳山市青山路3号", "乳山市", "是",
     "纺织设备数字化改造", "纺织", "乳发改备〔2020〕30号", 480, 360, "是", "2020-08-03", "卫经理"),
    ("WH-2020-013", "威海宏业塑料制品有限公司", "91371002MA3C8XK25F", "威海市环翠区孙家疃镇6号", "环翠区", "是",
     "注塑机节能改造", "新材料", "威环发改备〔2020〕21号", "１２０", "300", "是", "2020-07-20", "蒋工"),
    ("WH-2020-015", "威海东方模具有限公司", "91371002MA3D0012LT", "威海市环翠区桥头镇8号", "环翠区", "是",
     "模具加工中心购置", "高端装备", "威环发改备〔2020〕25号", "1,000,000元", 260, "是", "2020-07-21", "沈工"),
    ("WH-2020-016", '=HYPERLINK("http://example.invalid","点击查看")', "91371002MA3D0013MY", "威海市环翠区温泉镇3号", "环翠区", "是",
     "<script>alert('项目')</script>智能仓储改造", "智能制造", "威环发改备〔2020〕27号", 200, 500, "是", "2020-07-22", "韩工"),
    ("WH-2020-017", "荣成华强海洋食品有限公司", "91371082MA3D0014N0", "荣成市成山大道18号", "荣成市", "是",
     "海洋食品加工线改造", "消费品", "荣发改备〔2020〕40号", 230, 700, "是", "2020-07-23", "杨工"),
    ("WH-2020-018", "威海万通轮胎有限公司", "91371003MA3D0015PM", "山东省威海市文登区环山路20号", "文登区", "是",
     "轮胎硫化设备更新", "新材料", "文发改备〔2020〕35号", 410, "=K19*3", "是", "2020-07-24", "朱经理"),
]

def write_workbook(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报汇总表"
    sheet.append([TITLE])
    sheet.append(HEADERS)
    number = 0
    for row in ROWS:
        if row is None:
            sheet.append([None] * len(HEADERS))
            continue
        number += 1
        sheet.append([number, *row])
    # openpyxl stores formulas without a cached value: exactly the case fundcheck must flag.
    for cell in sheet["L"]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "f"
    for cell in sheet["C"]:
        if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK"):
            cell.data_type = "s"  # applicant text that looks like a formula stays text in the input
    for column, width in zip("ABCDEFGHIJKLMNO", (6, 14, 30, 22, 36, 10, 12, 26, 10, 26, 16, 16, 14, 14, 8)):
        sheet.column_dimensions[column].width = width
    save(workbook, path)


def write_json(path: Path) -> None:
    records = []
    for row in ROWS:
        if row is None:
            continue
        record = dict(zip(HEADERS[1:], row))
        for key, value in record.items():
            if isinstance(value, dt.date):
                record[key] = value.isoformat()
        records.append(record)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_workbook(HERE / "w05_applications.xlsx")
    write_json(HERE / "w05_applications.json")
    print("wrote samples/w05_applications.xlsx and samples/w05_applications.json")
