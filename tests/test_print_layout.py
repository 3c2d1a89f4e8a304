"""The printouts: A4 page rules, repeated table headers, the counts box, and words for people
(document titles and items, never seed file names, ambiguity ids or option names) in what is printed."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import SAMPLES, run_cli

ROOT = SAMPLES.parent

ROUNDS = SAMPLES / "rounds"
# What people never read in a printed report: our word for the source documents (a draw's 随机种子
# is the ordinary word), ambiguity ids, file names and file:line references, option names, rule and
# workflow ids (the same set tests/test_people_text.py keeps out of the rulebook's texts).
INTERNAL = re.compile(
    r"\d{3}_[0-9a-f]{16}\.txt|seed-rules|contract\.md|catalogue\.md|(?<!随机)种子|AMB-\d|\b\d{3}:\d|\.txt\b|(?<![\w-])--[a-z]"
    r"|\b(ELIG|APP|PROC|DRAW|DISC|ARCH|INP|COND|MON)-[A-Z0-9]|\b[WN]-\d\d\b"
)


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


def test_committed_example_reports_show_nothing_internal():
    """The case reports, the summary workbook and the round reports of reports/example (kept fresh
    by tests/test_examples.py) name rules, documents and workflows in words."""
    from openpyxl import load_workbook

    example = ROOT / "reports" / "example"
    printed = [*(example / "cases").glob("*.html"), example / "告知书汇总.html", *(example / "rounds").rglob("*.html"), *(example / "rounds").rglob("round.md")]
    assert len(printed) > 10
    for path in printed:
        found = INTERNAL.search(path.read_text(encoding="utf-8"))
        assert found is None, (path.name, found)
    workbook = load_workbook(example / "summary.xlsx", read_only=True)
    # 问题明细 keeps a rule-id column on purpose: reviewers write their decisions against it
    for sheet in (workbook["审核汇总"], workbook["说明"]):
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert value is None or INTERNAL.search(str(value)) is None, value
