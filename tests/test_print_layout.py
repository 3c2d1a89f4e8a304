"""The printouts: A4 page rules, repeated table headers, the counts box, and words for people
(document titles and items, never seed file names, ambiguity ids or option names) in what is printed."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import SAMPLES, run_cli

ROUNDS = SAMPLES / "rounds"
INTERNAL = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|seed-rules|contract\.md|catalogue\.md")


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    out = tmp_path_factory.mktemp("round")
    result = run_cli("audit", ROUNDS / "noncompliant_W-08.json", "-o", out, "--ledger", ROUNDS / "ledger.db")
    assert result.exit_code == 1
    return out


def test_round_report_prints_on_a4_landscape_with_repeated_headers(audited):
    html = (audited / "round.html").read_text(encoding="utf-8")
    assert "@page{size:A4 landscape;margin:15mm 12mm}" in html
    assert "thead{display:table-header-group}" in html and html.count("<thead>") == 2
    assert "tr,.signoff,.counts,li{break-inside:avoid;page-break-inside:avoid}" in html
    assert '<div class="lines"><span>审计人：</span><span>复核人：</span><span>日期：</span></div>' in html


def test_round_counts_box_matches_the_findings(audited):
    document = json.loads((audited / "round.json").read_text(encoding="utf-8"))
    outcomes = [f["outcome"] for f in document["findings"]]
    html = (audited / "round.html").read_text(encoding="utf-8")
    box = (f'<div class="counts"><div class="c-fail">不通过<b>{outcomes.count("fail")}</b></div>'
           f'<div class="c-missing">待补充<b>{outcomes.count("missing")}</b></div>'
           f'<div class="c-pass">通过<b>{outcomes.count("pass")}</b></div>')
    assert box in html
    markdown = (audited / "round.md").read_text(encoding="utf-8")
    assert (f"（不通过 {outcomes.count('fail')} 项，待补充 {outcomes.count('missing')} 项，通过 {outcomes.count('pass')} 项"
            in markdown)


def test_round_report_cites_documents_by_title_and_keeps_lines_in_json(audited):
    html = (audited / "round.html").read_text(encoding="utf-8")
    markdown = (audited / "round.md").read_text(encoding="utf-8")
    document = json.loads((audited / "round.json").read_text(encoding="utf-8"))
    for text in (html, markdown):
        assert INTERNAL.search(text) is None, INTERNAL.search(text)
    # W-08's own clause (市级智能工厂和数字化车间申报流程) where the rule quotes it
    assert ("《威海市工业和信息化局履职清单》（2020年7月）装备产业科（挂军民结合推进科牌子）职责清单 › 市级智能工厂和数字化车间申报流程："
            in html)
    assert any(f["citation"]["source"] == "001_92b0dbd82849a40b.txt" and f["citation"]["lines"] for f in document["findings"])
