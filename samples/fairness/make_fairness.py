"""Regenerate the fairness sample: a year of draws in which one expert is favoured on purpose.

    python samples/fairness/make_fairness.py            # samples/fairness/ledger.db + records/
    python samples/fairness/make_fairness.py --reports  # also reports/example/fairness/

30 rounds in 2024 over the pool ``samples/experts.xlsx``, each drawn with ``fundcheck draw new``
(7 experts + 3 alternates, recusal against the round's applicants). Every draw is a genuine RFC
3797 draw that ``fundcheck draw verify`` re-derives; the bias is in the *choice of the random
numbers*, the way a dishonest operator could bend a draw whose sources are not fixed in advance:

* the biased generator: in 90% of the rounds where ZJ014 is eligible, the script keeps making up
  "lottery numbers" until ZJ014 is on the panel (at most 500 tries), then draws with those;
* round 2024-XCL-05: a first draw without ZJ014, then a redraw with the same eligible list and new
  numbers that has ZJ014 (a re-roll, reason "评审时间调整");
* round 2024-JN-03: a redraw after a conflict was reported (the eligible list changes: not a re-roll);
* two substitutions (本人谢绝).

Deterministic: fixed random seed and fixed timestamps; the same script gives the same ledger.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from stdnum.cn import uscc  # noqa: E402

from checker.draw import record as draw_mod  # noqa: E402
from checker.draw import recusal  # noqa: E402
from checker.cli import cli  # noqa: E402
from checker.draw.pool import read_pool  # noqa: E402

FAVOURED = "ZJ014"
BIAS = 0.9
POOL = "samples/experts.xlsx"
LEDGER = "samples/fairness/ledger.db"
RECORDS = "samples/fairness/records"
FIELDS = ["新材料"] * 14 + ["智能制造"] * 6 + ["电子信息"] * 5 + ["节能环保"] * 5
CODES = {"新材料": "XCL", "智能制造": "ZN", "电子信息": "DZ", "节能环保": "JN"}
OPERATORS = ["政工科-经办人A", "政工科-经办人B"]
COMPANIES = [("威海华材新材料有限公司", "91371000MA3C8NQN7"), ("威海精工智能装备有限公司", "91371002MA3MXK8L1")] + [
    (f"威海{name}有限公司", f"9137100{index % 4}MA3P{index:05d}") for index, name in enumerate(
        ["蓝海复合材料科技", "海益电子", "泓信智能科技", "成山节能环保", "汇通精密机械", "金石新材料",
         "鲸园信息技术", "远航船舶配套", "铭博生物材料", "华东数控", "泰昌电气", "双岛光电"], start=1)]


def company_rows(rng: random.Random) -> list[dict]:
    chosen = rng.sample(COMPANIES, rng.choice([2, 3, 3, 4]))
    return [{"申报编号": f"A{rng.randrange(1000, 9999)}", "企业名称": name, "统一社会信用代码": base + uscc.calc_check_digit(base)}
            for name, base in chosen]


def lottery(rng: random.Random) -> list[str]:
    """Two made-up lottery results (双色球 6+1, 大乐透 5+2), as typed into --random-source."""
    red = rng.sample(range(1, 34), 6) + [rng.randrange(1, 17)]
    big = rng.sample(range(1, 36), 5) + rng.sample(range(1, 13), 2)
    return [" ".join(map(str, red)), " ".join(map(str, big))]


def panel_for(eligible: list[str], sources: list[str]) -> list[str]:
    numbers = [[int(n) for n in text.split()] for text in sources]
    return draw_mod.select(eligible, draw_mod.Policy(), draw_mod.rfc3797.key_string(numbers)).panel


def eligible_for(pool, field: str, applicants_file: Path, conflicts: Path | None) -> list[str]:
    inputs = recusal.exclusion_inputs(recusal.read_applicants(applicants_file),
                                      recusal.read_conflicts(conflicts) if conflicts else ())
    return draw_mod.prepare(pool, "x", [field], draw_mod.Policy(), inputs).eligible


def shop(rng: random.Random, eligible: list[str], want: bool) -> list[str]:
    """Random numbers; with ``want``, made up again until the favoured expert is drawn."""
    sources = lottery(rng)
    for _ in range(500):
        if not want or FAVOURED in panel_for(eligible, sources):
            break
        sources = lottery(rng)
    return sources


def run(*args: str, at: str) -> None:
    draw_mod.now = lambda: at  # fixed timestamps: the ledger is the same on every run
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"fundcheck {' '.join(args)} failed: {result.output}")


def draw(round_id, field, applicants, sources, operator, at, work, conflicts=None, reason=None):
    args = ["draw", "new", "--pool", POOL, "--field", field, "--round", round_id, "--ledger", LEDGER,
            "--out", f"{RECORDS}/{round_id}{'-redraw' if reason else ''}.json",
            "--panel-out", str(work / f"{round_id}{'-redraw' if reason else ''}.panel.csv"), "--applicants", str(applicants),
            "--operator", operator]
    for text in sources:
        args += ["--random-source", text]
    if conflicts:
        args += ["--conflicts", str(conflicts)]
    if reason:
        args += ["--redraw-reason", reason]
    run(*args, at=at)


def main(reports: bool) -> None:
    os.chdir(ROOT)  # records name the ledger by this relative path
    rng = random.Random(20240101)
    pool = read_pool(POOL)
    Path(LEDGER).unlink(missing_ok=True)
    shutil.rmtree(RECORDS, ignore_errors=True)
    Path(RECORDS).mkdir(parents=True)
    counters: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for number, field in enumerate(rng.sample(FIELDS, len(FIELDS))):
            counters[field] = counters.get(field, 0) + 1
            round_id = f"2024-{CODES[field]}-{counters[field]:02d}"
            at = f"{date(2024, 1, 8) + timedelta(days=number * 11 + number % 4)}T09:30:00+08:00"
            operator = OPERATORS[0] if number % 3 else OPERATORS[1]
            applicants = work / f"{round_id}.applicants.json"
            applicants.write_text(json.dumps(company_rows(rng), ensure_ascii=False), encoding="utf-8")
            eligible = eligible_for(pool, field, applicants, None)
            want = FAVOURED in eligible and rng.random() < BIAS
            if round_id == "2024-XCL-05":  # a re-roll: first without the favoured expert, then with
                first = lottery(rng)
                while FAVOURED in panel_for(eligible, first):
                    first = lottery(rng)
                draw(round_id, field, applicants, first, operator, at, work)
                draw(round_id, field, applicants, shop(rng, eligible, True), operator,
                     at.replace("T09:30", "T15:10"), work, reason="评审时间调整，重新抽取")
                continue
            sources = shop(rng, eligible, want)
            draw(round_id, field, applicants, sources, operator, at, work)
            if round_id == "2024-JN-03":  # a redraw after a conflict came to light: the list changes
                panel = panel_for(eligible, sources)
                conflicts = work / "conflicts.csv"
                with conflicts.open("w", encoding="utf-8", newline="") as handle:
                    csv.writer(handle).writerows([["专家编号", "申报单位", "回避原因"], [panel[0], "", "抽取后发现曾为申报单位提供咨询"]])
                draw(round_id, field, applicants, lottery(rng), operator, at.replace("T09:30", "T16:00"), work,
                     conflicts=conflicts, reason="抽取后发现回避情形，补充回避后重新抽取")
            if round_id in ("2024-ZN-02", "2024-XCL-09"):
                record = f"{RECORDS}/{round_id}.json"
                first = json.loads(Path(record).read_text(encoding="utf-8"))["panel"][2]["expert_id"]
                run("draw", "substitute", record, "--expert", first, "--reason", "本人谢绝（时间冲突）",
                    at=at.replace("T09:30", "T11:00"))
    print(f"wrote {LEDGER} and {RECORDS}/")
    if reports:
        out = "reports/example/fairness"
        Path(out).mkdir(parents=True, exist_ok=True)
        result = CliRunner().invoke(cli, ["fairness", LEDGER, "--records", RECORDS, "--pool", POOL, "--out", out, "--force"],
                                    catch_exceptions=False)
        print(result.output)


if __name__ == "__main__":
    main("--reports" in sys.argv[1:])
