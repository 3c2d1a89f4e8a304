"""Hostile review (late): defects found in today's ledger / round changes; each test failed on the
code it was written against. (Defects found then but not fixed are listed in the closing note.)"""

from __future__ import annotations

import json
import shutil

from tests.helpers import SAMPLES, run_cli

LEDGERS = SAMPLES / "ledgers"


GBK_NAME = b"\xb2\xe2\xca\xd4"  # 测试 in GBK: not UTF-8


def _gbk_path(folder, suffix):
    import os
    return folder / os.fsdecode(GBK_NAME + suffix.encode())


def test_audit_of_a_json_record_with_a_non_utf8_name_is_refused_not_a_crash(tmp_path):
    """`fundcheck audit <GBK name>.json`: the JSON reader does not go through table._existing, the
    name (with surrogate escapes) reaches round.json and orjson raises "str is not valid UTF-8":
    "错误：内部错误（TypeError），本次运行未完成" and a crash file. An .xlsx of that name, a pool for
    `draw new` and a ledger in a folder are refused with the Chinese reason; the JSON record must be too."""
    import shutil
    from tests.helpers import ROUNDS
    record = _gbk_path(tmp_path, ".json")
    shutil.copy(ROUNDS / "compliant_W-12.json", record)
    result = run_cli("audit", record, "--out", tmp_path / "out")
    assert "内部错误" not in result.output, result.output
    assert result.exit_code == 2 and "UTF-8" in result.output, result.output


def test_audit_of_a_folder_holding_a_non_utf8_json_name_is_not_a_crash(tmp_path):
    """The same through a folder of records (a zip unpacked from Chinese Windows): internal error."""
    import shutil
    from tests.helpers import ROUNDS
    folder = tmp_path / "rounds"
    folder.mkdir()
    shutil.copy(ROUNDS / "compliant_W-12.json", _gbk_path(folder, ".json"))
    shutil.copy(ROUNDS / "recommend_W-17.json", folder / "ok.json")
    result = run_cli("audit", folder, "--out", tmp_path / "out")
    assert "内部错误" not in result.output, result.output
    assert "UTF-8" in result.output, result.output


def test_workbook_in_a_folder_with_a_non_utf8_name_gets_the_utf8_reason(tmp_path):
    """A ledger in a folder whose own name is not UTF-8: _existing checks path.name only, the
    workbook reader cannot open the surrogate-escaped path, and the run says
    "无法读取申报文件「ldir\\udcb2…/ok.xlsx」：不是可读的工作簿（No such file or directory (os error 2)）" —
    a file that exists called missing, with escapes for a name. The reason must be the name's
    encoding, as for a file name."""
    import shutil
    folder = _gbk_path(tmp_path, "")
    folder.mkdir()
    shutil.copy(LEDGERS / "N-04_受理台账.xlsx", folder / "ok.xlsx")
    result = run_cli("check", folder, "--workflow", "N-04", "--out", tmp_path / "out")
    assert "No such file" not in result.output, result.output
    assert "UTF-8" in result.output, result.output


def _round_findings(out):
    found = []

    def walk(node):
        if isinstance(node, dict):
            if str(node.get("rule_id", "")).startswith("INP-"):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads((out / "round.json").read_text(encoding="utf-8")))
    return found


def _audit_json(tmp_path, lines):
    from tests.helpers import sample_round, write_json
    record = sample_round("compliant_W-12")
    record["流程节点"] += lines
    out = tmp_path / "out"
    run_cli("audit", write_json(tmp_path / "round.json", record), "--out", out)
    return [f for f in _round_findings(out) if f["rule_id"].startswith("INP-ROUND-STEP")]


def test_blank_step_line_with_a_very_long_note_gives_a_bounded_message(tmp_path):
    """A blank-step line whose 备注 holds 5,000 characters gives an INP-ROUND-STEP message of 5,050
    characters, repeated in round.json, round.html and round.md's findings table (INP-CONTROL-CHARS
    cuts what it quotes at 200). What the line holds should be quoted in part."""
    found = _audit_json(tmp_path, [{"节点": "", "备注": "备" * 5000}])
    assert len(found) == 1
    assert len(found[0]["message"]) < 1000, len(found[0]["message"])
