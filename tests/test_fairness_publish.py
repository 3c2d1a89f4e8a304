"""``fundcheck draw publish``: the verify page, its privacy, its JavaScript (Node) and the page itself
in headless Chromium (RFC 3797 §6, an edited panel, awkward ids)."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from checker.fairness.publish import HERE, public_part
from checker.draw.ledger import sha256_json
from tests.fixtures.draw.helpers import RFC_NAMES, RFC_SOURCES, load, rfc_pool, run

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
NODE = shutil.which("node")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
needs_node = pytest.mark.skipif(NODE is None, reason="node not installed: the page's JavaScript is checked in Chromium only")
RFC_PANEL = ["017", "007", "002", "016", "025", "023", "008", "024", "019", "013"]
AWKWARD = ["专家\"甲\"", "a\\b", "x\u2028y", "c\u00b7d", "</script><script>alert(1)</script>", "😀E", "Ω≈ç", "张三 & <李四>",
           "tab\tid", "E05", "E06", "E07"]


def _draw(tmp_path: Path, pool: Path, *extra: str, size="10", alternates="1", name="draw.json") -> Path:
    args = ["draw", "new", "--pool", pool, "--field", "新材料", "--size", size, "--alternates", alternates,
            "--round", "RFC-6", "--ledger", tmp_path / "l.db", "--out", tmp_path / name,
            "--panel-out", tmp_path / f"{name}.panel.csv", *extra]  # CSV: xlsx refuses control characters in ids
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return tmp_path / name


def _rfc_record(tmp_path: Path) -> Path:
    sources = [arg for source in RFC_SOURCES for arg in ("--random-source", source)]
    return _draw(tmp_path, rfc_pool(tmp_path / "pool.xlsx"), *sources)


def _page_data(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="draw-data">(.*?)</script>', text, re.S).group(1)
    return json.loads(block)


def _edited(record: Path, out: Path) -> Path:
    data = load(record)
    data["panel"][0], data["alternates"][0] = data["alternates"][0], data["panel"][0]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def _chromium_verdict(page: Path) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'<div id="verdict" class="[^"]*" data-status="(\w+)">([^<]*)</div>', dom)
    assert match, dom[:2000]
    return match.group(1), match.group(2)


# ---------------------------------------------------------------- the page as written


def test_publish_writes_one_self_contained_page_without_names(tmp_path):
    record = _rfc_record(tmp_path)
    result = run("draw", "publish", record, "--out", tmp_path / "verify.html")
    assert result.exit_code == 0 and "一致：" in result.output
    page = (tmp_path / "verify.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)\s*=", page) and "http:" not in page and "https:" not in page and "subtle.digest" not in page
    assert not any(name in page for name in ("Kasczynski", "Pandora", "1380000", "单位01"))
    data = _page_data(tmp_path / "verify.html")
    assert data == public_part(load(record))
    assert data["panel"] == RFC_PANEL and data["alternates"] == ["022"]
    assert data["seed"]["key"] == "9319./2.5.8.10.12./9.18.26.34.41.45./"
    assert data["eligible"] == [f"{n:03d}" for n in range(1, 26)]
    # the reader is told what the page cannot show about when the sources were chosen
    assert re.search(r'<p id="seed-timing">([^<]*)</p>', page).group(1) == (
        "本次为一步抽取：来源和号码在抽取时一并输入，本页不能证明来源是在号码公布前指定的；若开奖时间早于抽取时间，"
        "经办人可能挑选了来源或回避名单。")


def test_a_revealed_draws_page_asks_the_reader_to_check_the_lottery_came_after_the_commit(tmp_path):
    from checker.draw.panel import beijing_time_text

    pool = Path(__file__).resolve().parent.parent / "samples" / "experts.xlsx"
    assert run("draw", "commit", "--pool", pool, "--field", "新材料", "--round", "P-1", "--ledger", tmp_path / "l.db",
               "--out", tmp_path / "c.json", "--source-name", "双色球 第2025060期").exit_code == 0
    assert run("draw", "reveal", tmp_path / "c.json", "--ledger", tmp_path / "l.db", "--random-source", "3 9 14 22 27 31 8",
               "--out", tmp_path / "r.json").exit_code == 0
    run("draw", "publish", tmp_path / "r.json", "--out", tmp_path / "v.html")
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    committed = load(tmp_path / "r.json")["ledger"]["commit_entry"]["at"]
    assert re.search(r'<p id="seed-timing">([^<]*)</p>', page).group(1) == (
        f"上列来源已在承诺时指定（账本第 1 条，{beijing_time_text(committed)}）：请核对各来源的开奖时间晚于承诺时间，"
        "否则号码在承诺前已经公布，抽取结果可能是挑选出来的。")


def test_applicant_names_and_exclusion_details_are_left_out(tmp_path):
    samples = Path(__file__).resolve().parent.parent / "samples"
    record = _draw(tmp_path, samples / "experts.xlsx", "--applicants", samples / "draw" / "applicants.xlsx",
                   "--conflicts", samples / "draw" / "conflicts.csv", "--random-source", "3 9 14", size="7", alternates="3")
    run("draw", "publish", record, "--out", tmp_path / "v.html")
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    full = load(record)
    assert full["exclusion_inputs"]["applicants"] and full["exclusions"]
    for applicant in full["exclusion_inputs"]["applicants"]:
        assert applicant["name"] not in page and applicant["uscc"] not in page
    assert "配偶" not in page and "哈尔滨工业大学" not in page  # conflict reasons, experts' units
    data = _page_data(tmp_path / "v.html")
    assert data["exclusion_inputs"]["applicants_count"] == 3
    assert data["exclusion_inputs"]["applicants_sha256"] == sha256_json(full["exclusion_inputs"]["applicants"])
    rules = {item["expert_id"]: item["rules"] for item in data["exclusions"]}
    assert rules["ZJ012"] == ["declared_conflict"] and rules["ZJ001"] == ["same_employer"]


def test_a_locally_seeded_record_is_refused(tmp_path):
    record = _draw(tmp_path, rfc_pool(tmp_path / "pool.xlsx"))
    result = run("draw", "publish", record, "--out", tmp_path / "v.html")
    assert result.exit_code == 2 and "不可公开验证" in result.stderr and not (tmp_path / "v.html").exists()


def test_an_edited_record_is_published_with_exit_1(tmp_path):
    edited = _edited(_rfc_record(tmp_path), tmp_path / "edited.json")
    result = run("draw", "publish", edited, "--out", tmp_path / "v.html")
    assert result.exit_code == 1 and "正选名单（panel）第 1 项不一致" in result.output and (tmp_path / "v.html").exists()


def test_the_json_block_cannot_be_closed_by_an_id(tmp_path):
    pool = _json_pool(tmp_path, AWKWARD)
    record = _draw(tmp_path, pool, "--random-source", "7 8 9", size="3", alternates="1")
    run("draw", "publish", record, "--out", tmp_path / "v.html")
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert page.count("</script>") == 2 and "<script><script>" not in page and "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # shown as text in the eligible list
    assert _page_data(tmp_path / "v.html")["eligible"] == sorted(AWKWARD)  # canonical order: by id


def _json_pool(tmp_path: Path, ids: list[str]) -> Path:
    rows = [{"专家编号": expert, "姓名": f"N{index}", "工作单位": f"U{index}", "专业领域": "新材料", "状态": "在库"}
            for index, expert in enumerate(ids)]
    path = tmp_path / "pool.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the JavaScript under Node


def _node(script: str, payload) -> object:
    code = f"const v = require({json.dumps(str(HERE / 'verify.js'))});\n" \
           "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + script
    done = subprocess.run([NODE, "-e", code], input=json.dumps(payload), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_node
def test_javascript_md5_sha256_and_canonical_json_match_python():
    rng = random.Random(7)
    texts = ["", "abc", "9319./2.5.8.10.12./9.18.26.34.41.45./", "中文" * 40, "x" * 55, "y" * 56, "z" * 64, "😀" * 30]
    texts += ["".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x4e00, 0x9fff), 0x2028, 1, 0x1f600]))
                      for _ in range(rng.randrange(0, 150))) for _ in range(30)]
    got = _node("console.log(JSON.stringify(input.map(t => [v.hex(v.md5(v.utf8(t))), v.hex(v.sha256(v.utf8(t)))])))", texts)
    assert got == [[hashlib.md5(t.encode()).hexdigest(), hashlib.sha256(t.encode()).hexdigest()] for t in texts]
    lists = [AWKWARD, texts[8:20], []]
    got = _node("console.log(JSON.stringify(input.map(ids => v.hex(v.sha256(v.utf8(v.canonicalIds(ids)))))))", lists)
    assert got == [sha256_json(ids) for ids in lists]


@needs_node
def test_javascript_verdicts_on_the_rfc_example_an_edited_panel_and_a_local_seed(tmp_path):
    record = _rfc_record(tmp_path)
    good = public_part(load(record))
    edited = public_part(load(_edited(record, tmp_path / "e.json")))
    local = dict(good, seed=dict(good["seed"], kind="local_secret", publicly_verifiable=False))
    reordered = dict(good, eligible=good["eligible"][::-1])
    verdicts = _node("console.log(JSON.stringify(input.map(d => { const r = v.verify(d); "
                     "return [r.status, r.message, r.picks.map(p => p.expert_id)]; })))", [good, edited, local, reordered])
    assert verdicts[0][0] == "match" and verdicts[0][2] == RFC_PANEL + ["022"]
    assert verdicts[1][:2] == ["mismatch", "正选名单第 1 位：记录为 022，复算为 017。"]
    assert verdicts[2][0] == "refused" and "不可公开验证" in verdicts[2][1]
    assert verdicts[3][0] == "mismatch" and "SHA-256" in verdicts[3][1]
    assert [name for name in RFC_NAMES if f"{RFC_NAMES.index(name) + 1:03d}" in RFC_PANEL][:3] == ["Mary", "Doc", "Sneazy"]


# ---------------------------------------------------------------- the page in headless Chromium


@needs_chromium
def test_chromium_matches_the_rfc_example_and_refuses_an_edited_record(tmp_path):
    record = _rfc_record(tmp_path)
    run("draw", "publish", record, "--out", tmp_path / "good.html")
    run("draw", "publish", _edited(record, tmp_path / "edited.json"), "--out", tmp_path / "bad.html")
    status, text = _chromium_verdict(tmp_path / "good.html")
    assert status == "match" and text.startswith("一致：")
    status, text = _chromium_verdict(tmp_path / "bad.html")
    assert (status, text) == ("mismatch", "不一致：正选名单第 1 位：记录为 022，复算为 017。")


@needs_chromium
def test_chromium_recomputes_the_eligible_hash_for_awkward_ids(tmp_path):
    record = _draw(tmp_path, _json_pool(tmp_path, AWKWARD), "--random-source", "7 8 9", size="3", alternates="1")
    run("draw", "substitute", record, "--expert", load(record)["panel"][1]["expert_id"], "--reason", "本人谢绝")
    run("draw", "publish", record, "--out", tmp_path / "v.html")
    status, text = _chromium_verdict(tmp_path / "v.html")
    assert status == "match", text
