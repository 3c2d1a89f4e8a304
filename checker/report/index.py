"""index.html: every case of a run on one printable page, grouped by district in administrative order
(rules/regions.yaml), with its verdict, its main problems in words and a link to its report.

Built from the parent's small case rows; applicant text is escaped; no script; no run time, so the
same input gives the same bytes.
"""

from __future__ import annotations

from typing import Iterator

from markupsafe import escape

from checker.check.region import DistrictOrder
from checker.core.text import nfkc
from checker.report.case import RunInfo
from checker.report.summary import problems_text, reference_text
from checker.report.text import VERDICT_ZH, after_decisions_text, printable_text

INDEX_HTML = "index.html"
UNFILLED = "（未填写所在区市）"


def group_by_district(rows, order: DistrictOrder | None) -> list[tuple[str, list]]:
    """(district, its rows in input order): the units of rules/regions.yaml in their order (a name
    in common use, such as 高区, under its unit), then other names in the order first seen, then
    rows with no district — the order of summary.xlsx."""
    order = order or DistrictOrder([])
    names: dict[int, str] = {}
    for written, rank in order.rank.items():  # each unit's name comes before its aliases
        names.setdefault(rank, written)
    groups: dict[tuple[int, int], tuple[str, list]] = {}
    for row in rows:
        key = order.key(row["district"])
        if key not in groups:
            written = nfkc(row["district"] or "").strip()
            groups[key] = (names.get(key[0], written) if key[0] < order.known else (written or UNFILLED), [])
        groups[key][1].append(row)
    return [groups[key] for key in sorted(groups)]


def group_by_item(rows, titles: dict[str, str] | None = None) -> list[tuple[str, list]]:
    """A handling ledger's rows by 事项 (N-04…), in the order of the codes, each in input order; a
    事项 named by its code and title (N-04 国家中小企业发展专项资金项目初审) where the rulebook has it."""
    titles = titles or {}
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.get("item") or "", []).append(row)
    return [(" ".join(filter(None, (item, titles.get(item)))) if item else "（未填写事项）", groups[item]) for item in sorted(groups)]


def _item_titles(run: RunInfo) -> dict[str, str]:
    book = run.words.book if run.words is not None else None
    return {} if book is None else {item: book.workflow(item).title.zh for item in book.workflows}


# @top-center, empty: a page box of the page's own in the top margin keeps the browser's 页眉 (print time and
# title) off the printed list, as @bottom-center keeps its 页脚 (the file's path on the reviewer's machine) (h155)
_STYLE = """body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "BabelStone Han", sans-serif; margin: 2em auto; max-width: 64em; color: #222; line-height: 1.45; overflow-wrap: anywhere; }
h1 { font-size: 1.45em; margin-bottom: .2em; } h2 { font-size: 1.15em; border-bottom: 2px solid #444; padding-bottom: .2em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #999; padding: .25em .45em; vertical-align: top; text-align: left; }
table.cases { table-layout: fixed; } /* a 500-character name wraps in its own column, never squeezes the others */
th { background: #eee; } thead { display: table-header-group; } tr { page-break-inside: avoid; }
.v-eligible, .v-compliant { background: #C6EFCE; } .v-ineligible, .v-noncompliant { background: #FFC7CE; } .v-needs_review { background: #FFEB9C; }
.small { font-size: .85em; color: #555; } td.n { text-align: right; }
@page { size: A4 landscape; margin: 12mm; }
@page { @top-center { content: ""; } @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } h2 { page-break-after: avoid; } }"""


def _escape(value) -> str:
    """A value as the page prints it: escaped, without the control characters and invisible direction
    marks the other reports leave out too (checker/report/text.py printable_text; an RLM in a company
    name reordered its digits on the printed list, h146)."""
    return escape(printable_text(value) if isinstance(value, str) else value)


def index_html(rows, run: RunInfo, counts: dict, order: DistrictOrder | None, per_case: str, html: bool = True,
               set_aside: str = "", reference: dict | None = None) -> bytes:
    return b"".join(index_pieces(rows, run, counts, order, per_case, html, set_aside, reference))


PIECE_ROWS = 2000  # cases per piece of the streamed page


def index_pieces(rows, run: RunInfo, counts: dict, order: DistrictOrder | None, per_case: str,
                 html: bool = True, set_aside: str = "", reference: dict | None = None) -> Iterator[bytes]:
    """index.html in pieces of a few thousand cases: a run of 100,000 never holds the page whole."""
    e = _escape
    # a handling ledger's verdicts judge the office (合规 / 不合规); an application's the applicant
    ledger = "eligible" not in counts
    kinds = ("compliant", "noncompliant", "needs_review") if ledger else ("eligible", "ineligible", "needs_review")
    # a handling ledger has no 所在区市: its rows are grouped by 事项, as in summary.xlsx
    groups = group_by_item(rows, _item_titles(run)) if ledger else group_by_district(rows, order)
    words = [VERDICT_ZH[kind] for kind in kinds]
    decided = after_decisions_text(rows, kinds, " 件")
    out = [
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{e(run.workflow_title)} 审核结果一览</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n",
        f"<h1>{e(run.workflow_title)} 审核结果一览</h1>\n",
        f'<p>输入：{e(run.input_file)}<span class="small">（SHA-256 {e(run.input_sha256)}）</span>；审核规则版本 {e(run.rulebook_version)}；'
        f"参考日期 {e(reference_text(reference))}。<br>",
        f"共 {counts['cases']} 件：" + "，".join(f"{w} {counts.get(k, 0)} 件" for k, w in zip(kinds, words)) + "。"
        + (f"<br>{e(decided)}。" if decided else "") + "</p>\n",
        *((f'<p class="small">未作为申报审核的行：{e(set_aside)}。</p>\n',) if set_aside else ()),
        *(f"<p>未采用的复核决定：{e(sentence)}。</p>\n" for sentence in run.decisions_not_applied),
        '<p class="small">', _where(per_case, ledger), "</p>\n",
        # what no case was checked for (a hidden sheet, a missing column, no conditions file): said
        # here too, not only in each case's report, with the list at the end of the page
        *((f'<p class="small">本次有 {len(run.not_checked)} 项未核对事项，'
           + (f"其中 {run.partial_notes} 项只涉及所注明文件的申报，其余" if run.partial_notes else "")
           + '适用于全部申报，见<a href="#not-checked">页末</a>。</p>\n',)
          if run.not_checked else ()),
        f"<table>\n<thead><tr><th>{'事项' if ledger else '所在区市'}</th>" + "".join(f"<th>{w}</th>" for w in words)
        # after the reviewer's decisions too, where there are some: the line above gives the run's
        # total so, and a district's counts must add up to it
        + ("".join(f"<th>复核后{w}</th>" for w in words) if decided else "") + "<th>合计</th></tr></thead>\n",
    ]
    for number, (name, members) in enumerate(groups, start=1):
        tally = {kind: 0 for kind in kinds}
        after = {kind: 0 for kind in kinds}
        for row in members:
            tally[row["verdict"]] = tally.get(row["verdict"], 0) + 1
            settled = row.get("verdict_with_overrides") or row["verdict"]
            after[settled] = after.get(settled, 0) + 1
        out.append(f'<tr><td><a href="#d{number}">{e(name)}</a></td>' + "".join(f'<td class="n">{tally[k]}</td>' for k in kinds)
                   + ("".join(f'<td class="n">{after[k]}</td>' for k in kinds) if decided else "")
                   + f'<td class="n">{len(members)}</td></tr>\n')
    out.append("</table>\n")
    for number, (name, members) in enumerate(groups, start=1):
        out.append(f'<h2 id="d{number}">{e(name)}（{len(members)} 件）</h2>\n<table class="cases">\n<thead><tr><th style="width:3em">序号</th>'
                   '<th style="width:9em">申报编号</th><th style="width:16em">企业名称</th><th style="width:4em">输入行</th><th style="width:6em">审核结论</th>'
                   '<th>主要问题</th><th style="width:4em">报告</th></tr></thead>\n')
        for position, row in enumerate(members, start=1):
            if len(out) >= PIECE_ROWS:
                yield "".join(out).encode("utf-8")
                out.clear()
            verdict = row["verdict"]
            shown = VERDICT_ZH.get(verdict, verdict)
            if row.get("verdict_with_overrides"):
                shown += f"<br>复核后：{VERDICT_ZH.get(row['verdict_with_overrides'], '')}"
            link = f'<a href="cases/{e(row["name"])}.html">查看</a>' if row["has_file"] and html else "—"
            out.append(f'<tr><td class="n">{position}</td><td>{e(row["case_id"])}</td><td>{e(row["company_name"])}</td>'
                       f'<td class="n">{e(row.get("row_key") or row["input_row"])}</td><td class="v-{e(verdict)}">{shown}</td>'
                       f'<td>{_lines(problems_text(row)) or "—"}</td><td>{link}</td></tr>\n')
        out.append("</table>\n")
    if run.not_checked:
        out.append('<h2 id="not-checked">未核对事项</h2>\n<ul>' + "".join(f"<li>{_lines(item)}</li>" for item in run.not_checked) + "</ul>\n")
    out.append("</body>\n</html>\n")
    yield "".join(out).encode("utf-8")


def _lines(text: str) -> str:
    return "<br>".join(str(_escape(line)) for line in text.splitlines())


def _where(per_case: str, ledger: bool = False) -> str:
    """Where each case's report is, in words."""
    if ledger:
        files = ("台账每一行均有逐件审核报告（cases/ 文件夹）。" if per_case == "all" else
                 "不合规、需人工复核或申请人材料有问题的台账行附有逐件审核报告（cases/ 文件夹；申请人材料有问题的，报告末附给申请人的告知书），点“查看”打开；"
                 "合规的行不单独成文，需要时可用命令 <code>fundcheck show 本文件夹 申报编号</code> 生成其报告。")
        return files + "全部案件的审核数据见 cases.jsonl（规则文本与依据见 rules.json），汇总表见 summary.xlsx。"
    files = ("每件申报均有逐件审核报告（cases/ 文件夹）。" if per_case == "all" else
             "不符合条件和需人工复核的申报附有逐件审核报告（cases/ 文件夹，含一次性告知书），点“查看”打开；"
             "符合条件的申报不单独成文，需要时可用命令 <code>fundcheck show 本文件夹 申报编号</code> 生成其报告。")
    return files + "全部案件的审核数据见 cases.jsonl（规则文本与依据见 rules.json），汇总表见 summary.xlsx。"
