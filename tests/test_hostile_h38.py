"""h38: a bureau clerk setting up this year's rounds (round conditions, recommendation rounds,
handling ledgers) from the seeds. Each test asserts the whole message a user sees."""

from __future__ import annotations

from checker.core.rulebook import load_rulebook
from tests.helpers import base_round, run_cli, write_json

BOOK = load_rulebook()


def test_the_audit_screen_line_names_the_requirements_in_words_not_rule_ids(tmp_path):
    """The line `fundcheck audit` prints per round listed PROC-COUNTERSIGN、PROC-CONSULT-DEPARTMENTS and
    [W-20]; the clerk reads the requirement's title and the workflow's name, as the reports say them."""
    record = base_round(BOOK, "W-20-compliant")
    steps = record["流程节点"]
    assert [row["节点"] for row in steps] == ["省通知", "会签", "联合发文", "区市推荐", "征求意见", "会签", "报省"]
    steps[4]["报送对象"] = "市发展改革委"  # consulted the wrong department
    del steps[5]  # the second 会签 left out
    path = write_json(tmp_path / "w20.json", record)
    result = run_cli("audit", path, "--out", tmp_path / "out", "--engine", "reference")
    assert result.exit_code == 1
    assert result.output == (
        f"W20-MODEL（推广应用先进节能技术产品） 不合规  不通过：通知与推荐文件经规定部门会签、上报或公布前征求有关部门意见"
        f" → {tmp_path / 'out'}\n")
    assert "PROC-" not in result.output and "W-20" not in result.output
