"""Write the handling-ledger samples (受理台账) of samples/ledgers/: one per family of items.

    python samples/ledgers/make_ledgers.py

Each workbook has one sheet 受理台账 with the headers of the ledger form (README: 受理台账) and one
row per application's handling: a clean row and one per way the office's handling (or the
applicant's material) fails, plus the bad input a ledger kept by hand contains. samples/README.md
states each row's expected outcome; tests/test_ledgers.py asserts the findings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from stdnum.cn import uscc as stdnum_uscc

from checker.io.xlsx import save

HERE = Path(__file__).parent
D = dt.date


def uscc(serial: int, division: str = "411303") -> str:
    """A valid 统一社会信用代码 registered in 南阳市卧龙区 (411303) (fictitious: MA + serial)."""
    base = f"91{division}MA{serial:07d}"
    return base + stdnum_uscc.calc_check_digit(base)


def write(name: str, headers: list[str], rows: list[dict]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "受理台账"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    for column in sheet.columns:
        for cell in column[1:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    save(workbook, HERE / name)


IDENTITY = ["申报编号", "企业名称", "统一社会信用代码", "事项"]
ACCEPTANCE = ["收件日期", "补正告知日期", "补正告知次数", "补正完成日期", "受理结果", "受理日期", "受理凭证", "不予受理理由"]
DECISION = ["决定", "决定日期", "决定理由"]
ONSITE = ["现场核查日期", "现场核查人员"]


def n04() -> None:
    """国家中小企业发展专项资金项目初审: notice deadline (当场或3日内, working days), receipts, reasons."""
    headers = IDENTITY + ACCEPTANCE + ONSITE + DECISION
    base = {"事项": "N-04", "收件日期": D(2024, 3, 4), "补正告知次数": 0, "受理结果": "受理", "受理日期": D(2024, 3, 5),
            "受理凭证": "是", "决定": "准予", "决定日期": D(2024, 3, 20)}
    rows = [
        {"申报编号": "N04-001", "企业名称": "南阳示例电子有限公司"},
        {"申报编号": "N04-002", "企业名称": "南阳示例机械有限公司", "收件日期": D(2019, 12, 30), "补正告知日期": D(2020, 1, 3),
         "补正告知次数": 1, "补正完成日期": D(2020, 1, 8), "受理日期": D(2020, 1, 8), "决定日期": D(2020, 1, 20)},
        {"申报编号": "N04-003", "企业名称": "南阳示例纺织有限公司", "补正告知日期": D(2024, 3, 8), "补正告知次数": 1,
         "补正完成日期": D(2024, 3, 12), "受理日期": D(2024, 3, 12)},
        {"申报编号": "N04-004", "企业名称": "南阳示例食品有限公司", "补正告知日期": D(2024, 3, 5), "补正告知次数": 2,
         "补正完成日期": D(2024, 3, 15), "受理日期": D(2024, 3, 15)},
        {"申报编号": "N04-005", "企业名称": "南阳示例矿业有限公司", "受理结果": "不予受理", "受理凭证": "否", "受理日期": D(2024, 3, 6),
         "决定": None, "决定日期": None},
        {"申报编号": "N04-006", "企业名称": "南阳示例药业有限公司", "受理结果": "不予受理", "受理日期": D(2024, 3, 6),
         "不予受理理由": "不属于本机关职权范围，请向市工信局申请", "决定": None, "决定日期": None},
        {"申报编号": "N04-007", "企业名称": "南阳示例玉雕有限公司", "事项": None, "决定日期": D(2024, 2, 20)},
        {"申报编号": "N04-008", "企业名称": "南阳示例光电有限公司", "补正告知日期": D(2024, 3, 5), "补正告知次数": "一次多"},
        {"申报编号": "N04-009", "企业名称": "南阳示例新材料有限公司", "事项": "N-06", "补正告知日期": D(2024, 3, 6), "补正告知次数": 1,
         "受理日期": D(2024, 3, 8), "现场核查日期": D(2024, 3, 12), "现场核查人员": "张伟、李娜"},
    ]
    write("N-04_受理台账.xlsx", headers, [dict(base, 统一社会信用代码=uscc(100 + i), **row) for i, row in enumerate(rows, 1)])


def n02() -> None:
    """国家级和省级绿色工厂、绿色园区申报: the two reports, five paper copies and an electronic copy, July."""
    headers = IDENTITY + ["收件日期", "补正告知日期", "补正告知次数", "受理结果", "不予受理理由", "决定", "决定理由",
                          "自评价报告", "第三方评估报告", "纸质份数", "电子稿", "上报日期"]
    base = {"事项": "N-02", "收件日期": D(2024, 6, 3), "补正告知次数": 0, "受理结果": "受理", "决定": "推荐",
            "自评价报告": "是", "第三方评估报告": "是", "纸质份数": 5, "电子稿": "是", "上报日期": D(2024, 7, 25)}
    rows = [
        {"申报编号": "G-001", "企业名称": "南阳示例绿色纸业有限公司"},
        {"申报编号": "G-002", "企业名称": "南阳示例建材有限公司", "第三方评估报告": "否"},
        {"申报编号": "G-003", "企业名称": "南阳示例化工有限公司", "纸质份数": 4},
        {"申报编号": "G-004", "企业名称": "南阳示例陶瓷有限公司", "上报日期": D(2024, 8, 5)},
        {"申报编号": "G-005", "企业名称": "南阳示例包装有限公司", "纸质份数": "若干"},
    ]
    write("N-02_受理台账.xlsx", headers, [dict(base, 统一社会信用代码=uscc(200 + i), **row) for i, row in enumerate(rows, 1)])


def n07() -> None:
    """钢铁、焦化等工业行业规范公告申报: two-person on-site checks, 公示 before 公告, no open objection."""
    headers = IDENTITY + ["收件日期", "补正告知日期", "补正告知次数", "受理结果", "不予受理理由"] + ONSITE + DECISION + [
        "公示开始", "公示结束", "异议数", "异议处理结果", "公告日期"]
    base = {"事项": "N-07", "收件日期": D(2024, 1, 8), "补正告知次数": 0, "受理结果": "受理", "现场核查日期": D(2024, 1, 22),
            "现场核查人员": "张伟、李娜", "决定": "准予", "决定日期": D(2024, 2, 20), "公示开始": D(2024, 3, 1),
            "公示结束": D(2024, 3, 7), "异议数": 0, "公告日期": D(2024, 3, 15)}
    rows = [
        {"申报编号": "S-001", "企业名称": "南阳示例钢铁有限公司"},
        {"申报编号": "S-002", "企业名称": "南阳示例焦化有限公司", "公告日期": D(2024, 3, 5)},
        {"申报编号": "S-003", "企业名称": "南阳示例特钢有限公司", "异议数": 1, "异议处理结果": "处理中"},
        {"申报编号": "S-004", "企业名称": "南阳示例铸造有限公司", "现场核查人员": "张伟"},
        {"申报编号": "S-005", "企业名称": "南阳示例耐材有限公司", "现场核查人员": "王强、王强"},
        {"申报编号": "S-006", "企业名称": "南阳示例煤化有限公司", "公告日期": None},
        {"申报编号": "S-007", "企业名称": "南阳示例轧钢有限公司", "公示开始": D(2024, 3, 7), "公示结束": D(2024, 3, 1)},
        {"申报编号": "S-008", "企业名称": "南阳示例冶金有限公司", "异议数": 1, "异议处理结果": "经核实异议不成立"},
    ]
    write("N-07_受理台账.xlsx", headers, [dict(base, 统一社会信用代码=uscc(300 + i), **row) for i, row in enumerate(rows, 1)])


def n08() -> None:
    """国家及省级技术创新示范企业认定申报: the recommendation cap per 事项 and 上报 year (3, 4 with a
    provincial scheme, 1 for the special units)."""
    headers = IDENTITY + ["收件日期", "补正告知日期", "补正告知次数", "受理结果", "不予受理理由"] + ONSITE + DECISION + [
        "上报日期", "省级方案", "单位类别"]
    base = {"事项": "N-08", "补正告知次数": 0, "受理结果": "受理", "现场核查日期": D(2023, 7, 10), "现场核查人员": "张伟、李娜",
            "决定": "推荐", "收件日期": D(2023, 7, 3), "上报日期": D(2023, 8, 1), "省级方案": "否", "单位类别": "省（自治区、直辖市）"}
    rows = [dict(申报编号=f"T23-{n}", 企业名称=f"南阳示例创新{n}号有限公司") for n in range(1, 5)]
    rows += [dict(申报编号=f"T24-{n}", 企业名称=f"南阳示例科技{n}号有限公司", 收件日期=D(2024, 7, 1), 现场核查日期=D(2024, 7, 8),
                  上报日期=D(2024, 8, 1), 省级方案="是") for n in range(1, 5)]
    rows.append(dict(申报编号="T24-5", 企业名称="南阳示例科技5号有限公司", 收件日期=D(2024, 7, 1), 现场核查日期=D(2024, 7, 8),
                     决定="不推荐", 决定理由="关键核心技术攻关成果不突出", 上报日期=None, 省级方案="是"))
    write("N-08_受理台账.xlsx", headers, [dict(base, 统一社会信用代码=uscc(400 + i), **row) for i, row in enumerate(rows, 1)])


def w04() -> None:
    """W-04 进口设备免税确认: the application columns and the handling (一次告知, 初审 → 复审 → 上报)."""
    headers = ["申报编号", "企业名称", "统一社会信用代码", "事项", "所在区市", "内资/外资", "目录条目", "项目总投资（万元）",
               "限额以下", "申报渠道", "收件日期", "补正告知日期", "补正告知次数", "受理结果", "决定", "初审日期", "复审日期",
               "上报日期"]
    base = {"企业名称": "威海示例机床有限公司", "事项": "W-04", "所在区市": "环翠区", "内资/外资": "内资", "目录条目": "十四、1 高档数控机床",
            "项目总投资（万元）": 3000, "限额以下": "是", "申报渠道": "山东政务服务网", "收件日期": D(2020, 7, 1),
            "补正告知次数": 0, "受理结果": "受理", "决定": "准予", "初审日期": D(2020, 7, 6), "复审日期": D(2020, 7, 8),
            "上报日期": D(2020, 7, 10)}
    rows = [
        {"申报编号": "W04L-01"},
        {"申报编号": "W04L-02", "补正告知日期": D(2020, 7, 2), "补正告知次数": 2},
        {"申报编号": "W04L-03", "初审日期": D(2020, 7, 8), "复审日期": D(2020, 7, 6)},
        {"申报编号": "W04L-04", "复审日期": None, "上报日期": None},
        {"申报编号": "W04L-05", "复审日期": D(2020, 7, 9), "上报日期": D(2020, 7, 8)},
    ]
    write("W-04_受理台账.xlsx", headers, [dict(base, 统一社会信用代码=uscc(500 + i, "371002"), **row) for i, row in enumerate(rows, 1)])


if __name__ == "__main__":
    n04()
    n02()
    n07()
    n08()
    w04()
    print("wrote samples/ledgers/")
