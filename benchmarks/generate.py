"""Generate N synthetic W-05 applications as an .xlsx workbook for benchmarks and tests.

A stated, realistic mix, deterministic from ``seed``: about 67% eligible (62% plain, 3% with amounts
written as text or in 元, 2% with an advisory finding only), 18% ineligible (an address outside
Weihai, equipment below 100万元, 核准/备案 无 or 办理中, not a legal person, not in the policy direction)
and 15% needing review (unreadable amounts, invalid USCCs, branch offices, submissions outside the
window, a blank 核准/备案). Every row's expected verdict is known, and the expected counts are written beside the
workbook (``<name>.expected.json``) so a benchmark can assert that it timed a realistic batch.

    python -m benchmarks.generate 10000 benchmarks/data/apps-10000.xlsx
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

HEADERS = ["申报编号", "企业名称", "统一社会信用代码", "注册地址", "所在区市", "是否独立法人", "项目名称", "项目领域",
           "核准（备案）文号", "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"]
DISTRICTS = [("环翠区", "371002", "山东省威海市环翠区"), ("文登区", "371003", "山东省威海市文登区"), ("荣成市", "371082", "荣成市"),
             ("乳山市", "371083", "乳山市"), ("高区", "371000", "威海市高区"), ("经区", "371000", "威海经济技术开发区")]
FIELDS = ["新材料", "智能制造", "电子信息", "高端装备", "节能环保", "消费品"]
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(rng: random.Random, division: str) -> str:
    """A valid 18-character code: 2 + 6 (division) + 9 (organisation) + 1 check character."""
    base = "91" + division + "MA" + "".join(rng.choice(CHARS) for _ in range(7))
    return base + stdnum_uscc.calc_check_digit(base)


ELIGIBLE, INELIGIBLE, REVIEW = "eligible", "ineligible", "needs_review"


def application(rng: random.Random, number: int) -> tuple[list, str]:
    """One application row and the verdict it must get."""
    district, division, prefix = rng.choice(DISTRICTS)
    row = [f"B-{number:06d}", f"威海测试企业{number}有限公司", _uscc(rng, division), f"{prefix}测试路{number % 500}号", district, "是",
           f"技术改造项目{number}", rng.choice(FIELDS), f"2020-{division}-34-03-{number:06d}",
           round(rng.uniform(100, 3000), 2), round(rng.uniform(3000, 9000), 2), "是", f"2020-07-{rng.randint(1, 31):02d}"]
    kind = rng.random()
    verdict = ELIGIBLE
    if kind < 0.05:
        row[3], verdict = "上海市静安区威海路88号", INELIGIBLE
    elif kind < 0.10:
        row[9], verdict = rng.choice([99.99, "99.995", 50, "80.5"]), INELIGIBLE
    elif kind < 0.14:
        row[8] = rng.choice(["", "办理中", "无"])
        verdict = REVIEW if row[8] == "" else INELIGIBLE  # a blank 文号 asks for the filing (待补充); 无, 办理中 fail
    elif kind < 0.18:
        row[5], verdict = "否", INELIGIBLE
    elif kind < 0.21:
        row[11], verdict = "否", INELIGIBLE
    elif kind < 0.24:
        row[9], verdict = rng.choice(["约100万", "一百二十", "待定"]), REVIEW
    elif kind < 0.27:
        row[2], verdict = row[2][:-1] + ("0" if row[2][-1] != "0" else "1"), REVIEW
    elif kind < 0.30:
        row[9] = rng.choice(["100.00", "１２０", "1,500,000元", "100万元"])
    elif kind < 0.33:
        row[1], verdict = row[1] + "威海分公司", REVIEW
    elif kind < 0.36:
        row[12], verdict = rng.choice(["2020年8月3日", "2020/6/30", "下周"]), REVIEW
    elif kind < 0.38:
        row[10] = 10  # total below the equipment investment: advisory only
    return row, verdict


def rows(count: int, seed: int = 1):
    """(row, expected verdict) for each application."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield application(rng, number)


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + ".expected.json")


def write_workbook(path: Path, count: int, seed: int = 1) -> Path:
    """The workbook, and beside it the expected verdict counts."""
    import json

    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("申报汇总表")
    sheet.append(HEADERS)
    counts = {ELIGIBLE: 0, INELIGIBLE: 0, REVIEW: 0}
    for row, verdict in rows(count, seed):
        sheet.append(row)
        counts[verdict] += 1
    workbook.save(path)
    expected_path(path).write_text(json.dumps(counts), encoding="utf-8")
    return path


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    write_workbook(target, count)
    print(f"wrote {count} applications to {target}")
