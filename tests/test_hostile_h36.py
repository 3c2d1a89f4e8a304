"""h36: a 政工科 member trying to rig a draw while leaving a clean record (draw, ledger, fairness)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.fairness.publish import public_part
from tests.fixtures.draw.helpers import RFC_SOURCES, load, rfc_pool, run

NODE = shutil.which("node")


def _rfc_record(tmp_path: Path) -> Path:
    sources = [arg for source in RFC_SOURCES for arg in ("--random-source", source)]
    result = run("draw", "new", "--pool", rfc_pool(tmp_path / "pool.xlsx"), "--field", "新材料", "--size", "10",
                 "--alternates", "1", "--round", "RFC-6", "--ledger", tmp_path / "l.db", "--out", tmp_path / "draw.json",
                 "--panel-out", tmp_path / "draw.panel.csv", *sources)
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / "draw.json"


# ---------------------------------------------------------------- the algorithm named in words


def test_the_verify_page_and_draw_verify_name_the_algorithm_in_words_not_by_its_internal_id(tmp_path):
    record = _rfc_record(tmp_path)
    assert run("draw", "publish", record, "--out", tmp_path / "v.html").exit_code == 0
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert "<tr><th>算法</th><td>IETF RFC 3797 第 4 节的抽取方法（MD5）</td></tr>" in visible
    assert "rfc3797-md5" not in visible
    result = run("draw", "verify", record)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "一致：正选 017 007 002 016 025 023 008 024 019 013（IETF RFC 3797 第 4 节的抽取方法（MD5））"
    other = load(record)
    other["algorithm"]["name"] = "my-own/v2"
    (tmp_path / "o.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    result = run("draw", "verify", tmp_path / "o.json")
    assert (result.exit_code, result.output) == (
        1, "不一致：记录所称的算法「my-own/v2」不是本工具能复算的IETF RFC 3797 第 4 节的抽取方法（MD5）。\n")
    assert run("draw", "publish", tmp_path / "o.json", "--out", tmp_path / "o.html").exit_code == 1
    visible = re.sub(r"<script.*?</script>", "", (tmp_path / "o.html").read_text(encoding="utf-8"), flags=re.S)
    assert ("<tr><th>算法</th><td>记录所称的算法「my-own/v2」，不是本页能复算的IETF RFC 3797 第 4 节的抽取方法（MD5）</td></tr>"
            in visible)


@pytest.mark.skipif(NODE is None, reason="node not installed")
def test_the_pages_script_names_an_unknown_algorithm_in_words(tmp_path):
    from checker.fairness.publish import HERE

    data = public_part(load(_rfc_record(tmp_path)))
    data["algorithm"] = {"name": "my-own/v2"}
    program = (f"const v = require({json.dumps(str(HERE / 'verify.js'))});\n"
               "const r = v.verify(JSON.parse(require('fs').readFileSync(0, 'utf8')));"
               "console.log(JSON.stringify([r.status, r.message]));")
    out = subprocess.run([NODE, "-e", program], input=json.dumps(data), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [
        "mismatch", "记录所称的算法「my-own/v2」不是本页能复算的 IETF RFC 3797 第 4 节的抽取方法（MD5）。"]
