"""rules/sources.yaml: every citation is named for people by its document and item; the table's
headings are where it says (checked against the seeds when they are beside the checkout)."""

from __future__ import annotations

import re
import shutil

import pytest

from checker.core.conditions import RulebookError
from checker.core.rulebook import load_rulebook
from checker.core.sources import SourcesError, load_sources
from tests.helpers import SEEDS

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts (../shared/seeds) are not beside this checkout; CI has them")

WEIHAI = "001_92b0dbd82849a40b.txt"


@pytest.fixture(scope="module")
def sources():
    return load_rulebook().sources


@pytest.mark.parametrize(("citation", "expected"), [
    ({"source": WEIHAI, "lines": "2417", "quote": "项目单位在威海市行政区域内注册"},
     "《威海市工业和信息化局履职清单》（2020年7月）规划与技术改造科职责清单 › 工业企业技术改造补助资金项目审核工作流程："
     "“项目单位在威海市行政区域内注册”"),
    # a line in an office's list before any of its workflows: the office only, never the previous office's workflow
    ({"source": WEIHAI, "lines": "3246", "quote": "档案材料不能体现审批的完整过程"},
     "《威海市工业和信息化局履职清单》（2020年7月）工业互联网科职责清单：“档案材料不能体现审批的完整过程”"),
    ({"source": WEIHAI, "lines": "4064-4066", "quote": "查询企业是否有不良信用记录"},
     "《威海市工业和信息化局履职清单》（2020年7月）非公有制经济（中小企业）发展科职责清单 › “专精特新”中小企业申报工作流程："
     "“查询企业是否有不良信用记录”"),
    ({"source": "004_3ec8b8269aee12d4.txt", "lines": "36", "quote": "取消今后两年本专项资金申报资格"},
     "《南阳市卧龙区工业和信息化局权责清单》调整的权责清单（附件2） › 省先进制造业发展专项资金项目申报：“取消今后两年本专项资金申报资格”"),
    ({"source": "README.md", "lines": "", "quote": "日期，如 2020-07-15"},
     "《fundcheck 使用说明（输入表格格式）》：“日期，如 2020-07-15”"),
    # a round's notice (conditions file) is named by its own title and clause
    ({"source": "威工信发〔2026〕12号《关于组织申报2026年技改补助的通知》", "clause": "三、申报条件", "quote": "近三年无失信记录"},
     "威工信发〔2026〕12号《关于组织申报2026年技改补助的通知》三、申报条件：“近三年无失信记录”"),
])
def test_citation_is_named_by_document_and_item(sources, citation, expected):
    assert sources.describe(citation) == expected


def test_every_rule_citation_is_named_without_a_file_name(sources):
    book = load_rulebook()
    for rule in book.rules.values():
        for citation in rule.citation:
            text = sources.describe(citation.model_dump())
            document = book.sources.documents[citation.source]
            assert text.startswith(f"《{document.title}》") and ".txt" not in text, (rule.id, text)
            assert text.endswith(f"：“{citation.quote}”"), (rule.id, text)


def test_a_rule_citing_an_unlisted_document_is_refused(tmp_path):
    book = load_rulebook()
    target = tmp_path / "rules"
    shutil.copytree(book.directory, target)
    rule = target / "eligibility" / "ELIG-LEGAL-PERSON.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace(WEIHAI, "999_unknown.txt", 1), encoding="utf-8")
    with pytest.raises(RulebookError, match="999_unknown.txt.*does not list"):
        load_rulebook(target)


def test_items_out_of_order_are_refused(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("documents:\n  a.txt:\n    title: 甲\n    issuer: 乙\n    items:\n"
                    "      - {line: 20, level: 2, title: 后}\n      - {line: 10, level: 2, title: 前}\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="line order"):
        load_sources(path)


def _bare(text: str) -> str:
    """A heading without spaces, list marks, numbering, the issuer's name, an appendix number or
    book-title marks, for comparison."""
    text = re.sub(r"\s+", "", text).lstrip("#")
    text = re.sub(r"^南阳市卧龙区工业和信息化局|（附件\d）$", "", text)
    text = re.sub(r"^[-－]?[（(][一二三四五六七八九十]+[)）]", "", text)
    return text.strip("《》。")


@needs_seeds
def test_each_heading_line_holds_its_title(sources):
    for name, document in sources.documents.items():
        lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        for item in document.items:
            seed = _bare(lines[item.line - 1])
            title = _bare(item.title)
            # a few titles carry what the heading puts on the line before ("附件1") or after (职责清单)
            assert title in seed or seed in title, (name, item.line, seed, title)
