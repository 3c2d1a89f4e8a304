"""Hostile review of the README as a new bureau user reads it, and of the printed notices (branch
h37): each test failed on main at dc3daac and states the defect and what happens now."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import SAMPLES, run_cli

NOTICE_PAGES = (
    ".notice:nth-of-type(odd) { page: notice-odd; } .notice:nth-of-type(even) { page: notice-even; }\n"
    '@page notice-odd { margin: 25mm 22mm 22mm 22mm; counter-increment: notice-odd; counter-set: notice-even 0; @top-center { content: ""; } '
    '@bottom-center { content: "第 " counter(notice-odd) " 页"; font-size: 10.5pt; color: #000; } }\n'
    '@page notice-even { margin: 25mm 22mm 22mm 22mm; counter-increment: notice-even; counter-set: notice-odd 0; @top-center { content: ""; } '
    '@bottom-center { content: "第 " counter(notice-even) " 页"; font-size: 10.5pt; color: #000; } }\n'
)


def _long_notice_batch(tmp_path: Path) -> Path:
    """A W-12 batch whose first applicant (L-03) is asked to supply or correct seven things, a
    notice of three A4 pages, and whose second (L-04) gets a one-page notice."""
    template = tmp_path / "t.xlsx"
    assert run_cli("template", "check", "--workflow", "W-12", "--conditions",
                   SAMPLES / "conditions" / "W-12_conditions.xlsx", "--out", template, "--quiet").exit_code == 0
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [
        {"申报编号": "L-03", "企业名称": "威海精密机械有限公司", "项目名称": "测试项目", "所在区市": "环翠区", "真实性承诺": "否",
         "统一社会信用代码": "91371002MA3D0004CE", "区市初审意见": "不通过", "成立日期": "2020-13-01",
         "上年度营业收入（万元）": "约一百万", "研发投入占比": "百分之五", "近三年重大事故": "无", "所属行业": "制造业",
         "从业人数": "约三百人", "知识产权类别": "某某", "资产负债率": "九成"},
        {"申报编号": "L-04", "企业名称": "威海短告知有限公司", "项目名称": "测试项目", "所在区市": "环翠区", "真实性承诺": "否",
         "统一社会信用代码": "91371002MA3D0004CE", "申报日期": "2021-06-01", "成立日期": "2015-01-01",
         "上年度营业收入（万元）": 5000, "研发投入占比": "5%", "近三年重大事故": "无", "所属行业": "制造业", "从业人数": 100,
         "知识产权类别": "发明专利", "资产负债率": "50%"},
    ]
    for row in rows:
        sheet.append([row.get(name) for name in header])
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    out = tmp_path / "out"
    assert run_cli("check", path, "--workflow", "W-12", "--conditions", SAMPLES / "conditions" / "W-12_conditions.xlsx",
                   "--as-of", "2021-06-30", "--out", out, "--quiet").exit_code == 1
    return out


def test_every_page_of_a_notice_prints_its_own_page_number_and_no_browser_header(tmp_path):
    """A 补正告知书 of three pages printed from 告知书汇总.html (or from the end of its case report)
    had no page number on any page, so a sheet lost or shuffled between the printer and the envelope
    went unnoticed, and a browser printing with its default 页眉和页脚 put the run's date, the file's
    title 告知书汇总 and its path on the applicant's letter. Now each notice's pages are numbered from
    1 (第 1 页, 第 2 页, 第 3 页; the next notice starts at 第 1 页 again) and its top margin is
    claimed, so no browser header prints on it."""
    out = _long_notice_batch(tmp_path)
    batch = (out / "告知书汇总.html").read_text(encoding="utf-8")
    case = (out / "cases" / "L-03.html").read_text(encoding="utf-8")
    for html in (batch, case):
        assert NOTICE_PAGES in html
        assert "@page notice {" not in html and "content: none" not in html
    # consecutive notices are sibling sections, so odd and even alternate from one notice to the next
    assert re.findall(r'<section class="notice">\n<h2 class="notice-title">([^<]+)</h2>\n<p class="notice-no">申报编号：([^<]+)</p>',
                      batch) == [("申报材料补正告知书", "L-03"), ("申报材料补正告知书", "L-04")]
    assert batch.count('</section><section class="notice">') == 1
    chromium, pdftotext = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("pdftotext")
    if not (chromium and pdftotext):
        pytest.skip("chromium and pdftotext are needed to print the notices")
    pdf = tmp_path / "n.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    str(out / "告知书汇总.html")], check=True, capture_output=True, timeout=120)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f") if page.strip()]
    assert [page[-1].replace(" ", "") for page in pages] == ["第1页", "第2页", "第3页", "第1页"]
    assert [page[0].replace(" ", "") for page in pages][0::3] == ["申报材料补正告知书", "申报材料补正告知书"]
    assert not any("告知书汇总" in line or "file:" in line for page in pages for line in page)


EXT_B = '"SimSun-ExtB", "SimSun-ExtG", "MingLiU-ExtB", "HanaMinB", "BabelStone Han", '


def test_a_company_name_with_a_cjk_extension_b_character_names_fonts_that_have_it(tmp_path):
    """A company name holding a rare character of CJK Extension B (𠀀, U+20000), as some
    registered names do, printed as an empty box in the notice, the case report and index.html:
    none of the fonts they named (Noto CJK, 微软雅黑, 宋体, 苹方) has it, so the applicant's own name
    was misprinted on the letter addressed to it. Every printed page now names, before its generic
    family, fonts that do have it (SimSun-ExtB on Windows, HanaMinB or BabelStone Han where
    installed), which the browser uses for those characters only."""
    workbook = load_workbook(SAMPLES / "w05_applications.xlsx")
    workbook.active["C4"] = "上海𠀀𠀁威联电子科技有限公司"  # WH-2020-002: not registered in Weihai, a 不予受理告知书
    path = tmp_path / "w05.xlsx"
    workbook.save(path)
    out = tmp_path / "out"
    assert run_cli("check", path, "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", out,
                   "--quiet").exit_code == 1
    notices = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert '<p class="addressee">上海𠀀𠀁威联电子科技有限公司：</p>' in notices
    assert ('body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", "Noto Sans CJK SC", ' + EXT_B
            + 'serif; margin: 2em auto; max-width: 46em; color: #000; overflow-wrap: anywhere; }') in notices
    assert '.cover { font-family: "Noto Sans CJK SC", "Microsoft YaHei", ' + EXT_B + 'sans-serif; }' in notices
    assert ('body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", ' + EXT_B
            + 'sans-serif; margin: 2em auto; max-width: 60em;') in (out / "cases" / "WH-2020-002.html").read_text(encoding="utf-8")
    assert ('body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", ' + EXT_B
            + 'sans-serif; margin: 2em auto; max-width: 64em;') in (out / "index.html").read_text(encoding="utf-8")
    audited = tmp_path / "round"
    run_cli("audit", SAMPLES / "rounds" / "compliant_W-12.json", "-o", audited, "--quiet")
    assert ('body{font-family:"Noto Sans CJK SC","Microsoft YaHei",' + EXT_B.replace(", ", ",")
            + 'sans-serif;margin:2em;') in (audited / "round.html").read_text(encoding="utf-8")


CHECK_WORKFLOWS = ["W-01", "W-02", "W-03", "W-04", "W-05", "W-06", "W-07", "W-08", "W-09", "W-10", "W-12", "W-13",
                   "W-14", "W-15", "W-16", "L-03"]


def test_the_readme_lists_every_column_an_application_workbook_has_and_points_nowhere_outside(tmp_path):
    """README.md said the 申报汇总表's headers "are matched by the contract's aliases", named the
    expert pool "per the contract" and round.json "the contract shape": a data contract kept outside
    the repository, which a bureau user who has only the repository never sees; and it listed no
    application column at all (the W-05 sample's 注册地址, 是否独立法人, 核准/备案文号… had to be
    guessed from a sample). It now has a table of the columns with their aliases and the workflows
    that read them, and every column `fundcheck template check` writes for a workflow is in it."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "contract" not in readme
    start = readme.index("- **Columns** (`fundcheck template check --workflow W-xx` writes exactly those a workflow reads,")
    table = readme[start:readme.index("- **Several files**", start)]
    assert "| 申报编号 (项目编号, 编号) | all, required |" in table
    assert ("| 注册地址 (注册地, 企业注册地); 是否独立法人 (独立法人资格, 独立法人); 符合产业政策方向 (产业政策符合性); "
            "核准/备案文号 (核准（备案）文号, 备案文号, 核准备案情况; 未办理的写 无) | W-05 |") in table
    missing = {}
    for workflow in CHECK_WORKFLOWS:
        path = tmp_path / f"{workflow}.xlsx"
        assert run_cli("template", "check", "--workflow", workflow, "--out", path, "--quiet").exit_code == 0
        headers = [cell.value for cell in load_workbook(path).worksheets[0][1]]
        absent = [header for header in headers if header not in table]
        if absent:
            missing[workflow] = absent
    assert missing == {}


def test_the_readme_commands_run_as_written_after_the_quick_start_install():
    """The quick start installs into .venv without activating it and runs `.venv/bin/fundcheck`;
    every later example wrote `fundcheck …` (command not found in that shell) and the sample and
    benchmark scripts `python samples/…`, `python -m benchmarks…`, `python scripts/…`, which the
    system's Python runs without the package (ModuleNotFoundError: openpyxl). The README now says to
    activate the environment or prefix .venv/bin/, and every script example names the environment's
    interpreter."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert ("The examples below write `fundcheck` as in an\nactivated environment (`. .venv/bin/activate`; "
            "Windows `.venv\\Scripts\\activate`);\nwithout it, write `.venv/bin/fundcheck`.\n") in readme
    bare = [line for line in readme.splitlines() if re.search(r"(^|`)python (samples/|scripts/|benchmarks/|-m benchmarks)", line)]
    assert bare == []
    for script in ("samples/ledgers/make_ledgers.py", "samples/rounds/make_rounds.py --reports",
                   "samples/fairness/make_fairness.py --reports", "scripts/windows_wheels.py"):
        assert f"`.venv/bin/python {script}`" in readme
    zh = (Path(__file__).resolve().parent.parent / "README.zh.md").read_text(encoding="utf-8")
    assert ("以下示例写作 `fundcheck …`，须先激活环境（`.venv\\Scripts\\activate`；Linux、macOS：`. .venv/bin/activate`），\n"
            "否则写 `.venv\\Scripts\\fundcheck …`。\n") in zh


def test_the_audit_terminal_line_names_the_requirements_in_words_not_by_rule_id(tmp_path):
    """`fundcheck audit` printed each round as "W08-2020-02 [W-08] 不合规  不通过：INP-ROUND-STEP、
    INP-ROUND-DATE、PROC-3I1L-PRE-CONSENT、… 待补充：PROC-PARTY-MEETING、DRAW-RANDOM、…": internal
    rule ids an inspector cannot read (the reports name none). It now names each requirement by its
    Chinese title, once, separated by ； (titles hold 、 themselves); --json keeps the ids."""
    result = run_cli("audit", SAMPLES / "rounds" / "noncompliant_W-08.json", "--ledger", SAMPLES / "rounds" / "ledger.db",
                     "--out", tmp_path / "round")
    assert result.exit_code == 1
    assert result.stdout == (
        "W08-2020-02（市级智能工厂和数字化车间申报） 不合规  不通过：轮次记录无法读取的值；申报通知须经纪检组同意后下发；"
        "评审报告表报纪检组并经同意后方开展专家评审；会前三天报送事中报告单；"
        "决策情况（备案）表报送局政工科和纪检组；会后三天报送决策情况表；流程节点按规定顺序发生；随机抽取 7 名专家；专家由局政工科抽取；"
        "按项目领域抽取专家；公示期不少于 5 个工作日（本轮通知另有规定的从其规定）；公示无异议后方行文认定；公示名单与决议名单一致  "
        "待补充：党组会集体决策并记录纪要文号、表决方式及结果；随机抽取、可复算且在评审之前；汇总体现决策完整过程的材料"
        f" → {tmp_path / 'round'}\n")
    assert not re.search(r"[A-Z]{2,}-[A-Z0-9]", result.stdout.replace("W08-2020-02", ""))


def test_the_readme_says_what_a_seed_is_and_that_its_text_is_not_in_the_repository():
    """README.md cited "seed `001_92b0dbd82849a40b.txt` lines 2581…", "seed 004 lines 31-101" and
    "001:3320-3359" throughout, but the seed files are not in the repository and nothing said what
    they were: a bureau user could open none of them. The introduction now names each seed's
    document, says how a citation reads and where the quotes and the line map are."""
    import yaml

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert ("The *seeds* are those duty lists: `001` 威海市工业和信息化局履职清单\n(2020年7月), `002` 石家庄市鹿泉区工业和信息化局部门职责登记表, "
            "`003` 西安市工业和信息化委员会职责, `004`\n南阳市卧龙区工业和信息化局权责清单, `000` 周口市工业和信息化局职责 (`001:2417` is seed 001, line 2417).\n"
            "Their texts are not in the repository: each rule quotes the words it rests on (`fundcheck rules\n"
            "show ID`), and `rules/sources.yaml` maps every line to its document and item, as the reports name it.\n") in readme
    documents = yaml.safe_load((root / "rules" / "sources.yaml").read_text(encoding="utf-8"))["documents"]
    intro = readme[:readme.index("## Quick start")].replace("\n", " ")
    assert sorted(f"`{name[:3]}` {document['title']}" in intro for name, document in documents.items()) == [True] * len(documents)


def test_the_readme_names_the_pool_columns_aliases_and_states_a_pool_is_read_with(tmp_path):
    """The README's pool paragraph said "aliases accepted" without naming one and gave no value of
    状态 but 在库: an office whose pool says 专家姓名, 所在单位, 领域, 专家状态 could not know it would be
    read, nor what 暂停 does. It now names the aliases and the states, and a pool written with
    those aliases is read (draw check lists the same 在库 experts as for the sample)."""
    import csv

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert ("Pool workbook (`samples/experts.xlsx` is one): 专家编号 (编号, 专家ID), 姓名 (专家姓名), 工作单位\n"
            "(所在单位, 单位), 专业领域 (领域, 专业; several separated by 、 or ;, or in a JSON/YAML pool a list "
            "`[\"新材料\", \"智能制造\"]`; a list in any other column is refused naming the row), 状态 (专家状态, 入库状态; 在库 is\n"
            "drawn, any other word such as 暂停 or 退出 is not); optional 工作单位统一社会信用代码 (单位统一社会信用代码,\n"
            "统一社会信用代码), 是否本局工作人员 (本局工作人员, 是否本局人员; 是/否), 联系电话 (电话, 手机, 手机号码, 手机号,\n"
            "联系方式, 移动电话). Pool hash") in readme
    rows = list(load_workbook(SAMPLES / "experts.xlsx").active.iter_rows(values_only=True))
    pool = tmp_path / "pool.csv"
    with pool.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["编号", "专家姓名", "所在单位", "领域", "专家状态", "单位统一社会信用代码", "是否本局人员", "电话"],
                                      *rows[1:]])
    sample = run_cli("draw", "check", "--pool", SAMPLES / "experts.xlsx", "--field", "新材料")
    aliased = run_cli("draw", "check", "--pool", pool, "--field", "新材料")
    assert sample.exit_code == aliased.exit_code == 0
    assert aliased.stdout == sample.stdout
    assert "新材料  27    0              0            0              0         27      10    充足\n" in aliased.stdout


def test_readme_zh_no_longer_promises_one_page_per_notice():
    """README.zh.md said 告知书汇总.html holds every notice "每份一页": a 补正告知书 listing seven things
    runs to three pages (test above), and a reader would take page 2 for the next notice. It now
    says each notice starts a new page and numbers its own pages from 第 1 页."""
    zh = (Path(__file__).resolve().parent.parent / "README.zh.md").read_text(encoding="utf-8")
    assert "每份一页" not in zh
    assert ("`告知书汇总.html`：本批次全部告知书（补正告知书、不予受理告知书），每份另起一页、页脚自“第 1 页”起各自编页码"
            "（一份可能不止一页），第 2 页起页首印申报编号和告知书名称（续），可直接打印盖章。") in zh  # h163's heading
