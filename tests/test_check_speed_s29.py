"""The batch's first pass made cheaper (issue 14, twenty-ninth session) gives what it gave:
batch_applicants looks again only at the rows of a name or code met twice, with the same counts and
maps as the pass over every row."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.check.facts import _valid_code, batch_applicants
from checker.core.text import name_key
from checker.core.values import normalise_uscc


def _batch_applicants_every_row(seen):
    """batch_applicants as it was: every row looked at."""
    keys = [name_key(name) for _, _, _, name, _ in seen]
    codes = [normalise_uscc(code) if code not in (None, "") else None for _, _, _, _, code in seen]
    names = Counter(keys)
    code_counts = Counter(code for code in codes if code is not None)
    by_name: dict = {}
    by_code: dict = {}
    for (sheet, row, label, _, code), key, normal in zip(seen, keys, codes):
        named = key and names[key] > 1
        coded = normal is not None and code_counts[normal] > 1
        if not (named or coded):
            continue
        valid = _valid_code(code)
        if named:
            by_name.setdefault(key, []).append((sheet, row, label, valid))
        if coded and valid:
            by_code.setdefault(valid, []).append((sheet, row, label))
    return (Counter({code: count for code, count in code_counts.items() if count > 1}),
            Counter({name: count for name, count in names.items() if name and count > 1}),
            {k: (tuple(v), tuple(e for e in v if not e[3])) for k, v in by_name.items()},
            {k: tuple(v) for k, v in by_code.items() if len(v) > 1})


NAMES = st.sampled_from([None, "", " ", "威海甲有限公司", "威海甲有限责任公司", "威海甲(集团)有限公司", "威海甲（集团）有限公司",
                         "威海乙有限公司", "威海乙\u200b有限公司", "ACME Ltd", "acme ltd", 12345])
CODES = st.sampled_from([None, "", " ", "91371003MAJURQ283G", "91371003-majurq283g", "91371000MA3C8NQN7F", "91371000-ma3c8nqn7f", "91371000MA3C8NQN7X",
                         "913710007060834437", "91371000706083443Ｘ", "123", 913710007060834437])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NAMES, CODES), max_size=12))
def test_batch_applicants_is_the_pass_over_every_row(pairs):
    seen = [("申报汇总表", number + 2, f"WH-{number}（第 {number + 2} 行）", name, code) for number, (name, code) in enumerate(pairs)]
    assert batch_applicants(seen) == _batch_applicants_every_row(seen)


def test_two_rows_of_one_enterprise_are_each_named_with_the_others():
    seen = [("表", 2, "WH-1（第 2 行）", "威海甲有限公司", "91371003MAJURQ283G"),
            ("表", 3, "WH-2（第 3 行）", "威海丙有限公司", "913710007060834437"),
            ("表", 4, "WH-3（第 4 行）", "威海甲有限责任公司", "91371003-majurq283g")]
    usccs, names, by_name, by_code = batch_applicants(seen)
    assert usccs == Counter({"91371003MAJURQ283G": 2})
    assert names == Counter({"威海甲有限公司": 2})
    assert by_name == {"威海甲有限公司": ((("表", 2, "WH-1（第 2 行）", "91371003MAJURQ283G"), ("表", 4, "WH-3（第 4 行）", "91371003MAJURQ283G")), ())}
    assert by_code == {"91371003MAJURQ283G": (("表", 2, "WH-1（第 2 行）"), ("表", 4, "WH-3（第 4 行）"))}


# ---------------------------------------------------------------- the output folder's manifest

import json  # noqa: E402

from checker.io.outputs import manifest_bytes  # noqa: E402

TEXTS = st.text(alphabet=st.sampled_from("a/.\"\\\n\t\x00\x1f\u2028汇总𠀋 é\u200b"), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, max_size=6), st.one_of(st.none(), TEXTS))
def test_the_manifest_is_json_dumps_indented_by_one(files, sha):
    manifest = {"command": "check W-05", "input_sha256": sha, "rulebook_version": "1", "files": files}
    assert manifest_bytes(manifest) == json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")


def test_a_manifest_listing_files_reads_as_it_did():
    manifest = {"command": "check W-05", "input_sha256": "ab", "rulebook_version": "1",
                "files": ["cases/WH-1.html", "告知书汇总.html"]}
    assert manifest_bytes(manifest) == (
        '{\n "command": "check W-05",\n "input_sha256": "ab",\n "rulebook_version": "1",\n'
        ' "files": [\n  "cases/WH-1.html",\n  "告知书汇总.html"\n ]\n}').encode("utf-8")


# ---------------------------------------------------------------- a worker's chunk reads the applications the full pass read (intake.py line_kinds)

def _set_aside_workbook(path):
    from openpyxl import Workbook

    headers = ["序号", "申报编号", "企业名称", "统一社会信用代码", "注册地址", "是否独立法人", "项目名称", "项目领域", "核准（备案）文号",
               "年度设备投入（万元）", "项目总投资（万元）", "符合产业政策方向", "申报日期"]
    book = Workbook()
    sheet = book.active
    sheet.title = "申报汇总表"
    sheet.append(["2020年技改项目申报汇总表"])
    sheet.append(headers)

    def application(number, equipment):
        return [number, f"WH-{number}", f"威海测试企业{number}有限公司", "", f"山东省威海市文登区测试路{number}号", "是", "技改", "高端装备",
                "2020-371003-34-03-000001", equipment, 500, "是", "2020-07-10"]

    for number in range(1, 6):
        sheet.append(application(number, 200))
    sheet.append(["合计", "", "", "", "", "", "", "", "", 1000, 2500, "", ""])
    sheet.append([])
    sheet.append(["注：金额单位为万元"])
    sheet.append(headers)  # the header again: a district's table pasted under the first
    for number in range(6, 10):
        sheet.append(application(number, 100))
    sheet.append(["", "", "", "", "", "", "", "", "", 400, 2000, "", ""])  # a total with no label
    sheet.append(["填报人：张三", "", "", "审核人：李四"])
    for number in range(10, 14):
        sheet.append(application(number, 50))
    sheet.append(["（以下空白）"])
    book.save(path)


def test_chunks_read_the_applications_the_full_pass_read(tmp_path, monkeypatch):
    from checker.check import batch
    from tests.helpers import run_cli

    _set_aside_workbook(tmp_path / "a.xlsx")
    outputs = {}
    for chunk in (1000, 3):  # one chunk (the full pass's own), then chunks of three lines
        monkeypatch.setattr(batch, "CHUNK", chunk)
        out = tmp_path / f"out{chunk}"
        result = run_cli("check", tmp_path / "a.xlsx", "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                         "--out", out, "--jobs", "1", "--quiet")
        assert result.exit_code == 1, result.output
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        outputs[chunk] = ((out / "cases.jsonl").read_bytes(), summary["skipped_total_rows"], summary["skipped_note_rows"],
                          [case["input_row"] for case in summary["cases"]])
    assert outputs[3] == outputs[1000]
    assert outputs[3][1:] == ([8, 16], [10, 11, 17, 22], [3, 4, 5, 6, 7, 12, 13, 14, 15, 18, 19, 20, 21])
