"""The refusal's remedy sentence set from the command line (session 30, after h155): the 复议机关 and the
court named, or the sentence left out; a run written before the option is shown as it was written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "w05_applications.xlsx"
REFUSED = "WH-2020-004"  # 年度设备投入 99.99 万元: a 不予受理告知书


def checked(tmp_path, *extra):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["check", str(SAMPLE), "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31",
                                      "--out", str(out), "-q", *extra], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return out


def shown(out, case_id=REFUSED) -> str:
    result = CliRunner().invoke(cli, ["show", str(out), case_id, "--format", "html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def remedy_lines(page: str) -> list[str]:
    """The notice's paragraphs that state a remedy, as printed."""
    return re.findall(r'<p class="para">([^<]*行政复议[^<]*)</p>', page)


def test_the_default_says_依法_and_names_no_body(tmp_path):
    assert remedy_lines(shown(checked(tmp_path))) == [
        "如对本决定不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"]


def test_the_review_body_and_the_court_are_named_as_given(tmp_path):
    out = checked(tmp_path, "--review-body", " 威海市人民政府 ", "--court", "威海市环翠区人民法院")
    assert remedy_lines(shown(out)) == [
        "如对本决定不服，可以自收到本告知书之日起六十日内向威海市人民政府申请行政复议，"
        "或者自收到本告知书之日起六个月内向威海市环翠区人民法院提起行政诉讼。"]
    page = (out / "告知书汇总.html").read_text(encoding="utf-8")
    assert "向威海市人民政府申请行政复议" in page


def test_no_remedy_leaves_the_sentence_out(tmp_path):
    out = checked(tmp_path, "--no-remedy")
    page = shown(out)
    assert remedy_lines(page) == [] and '<p class="para">特此告知。</p>' in page  # the refusal is there, without it
    assert "行政复议" not in (out / "告知书汇总.html").read_text(encoding="utf-8")


def test_a_run_written_before_the_option_is_shown_without_it(tmp_path):
    out = checked(tmp_path)
    rules = json.loads((out / "rules.json").read_text(encoding="utf-8"))
    notice = rules["run"]["notice"] if "run" in rules else rules["notice"]
    for key in ("remedy", "review_body", "court"):
        notice.pop(key)
    (out / "rules.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    page = shown(out)
    assert remedy_lines(page) == [] and '<p class="para">特此告知。</p>' in page


def test_a_w05_refusal_names_its_conditions_as_its_duty_list_does(tmp_path):
    """W-05's duty list names its conditions 受理条件 (001:2417): a refusal for one of them opened 不符合本轮申报条件
    while its reason said 不符合受理条件 (h155's report)."""
    page = shown(checked(tmp_path))
    assert re.findall(r'<p class="para">([^<]*决定不予受理[^<]*)</p>', page) == [
        "你单位报送的“高性能纤维产线改造”项目申报材料收悉。经审核，该项目不符合受理条件，决定不予受理。理由如下："]


def test_the_conditions_word_follows_the_reasons():
    from checker.report.notice import conditions_word

    def refused(*rule_ids):
        return {"workflow": "W-05", "verdict": "ineligible", "findings": [
            {"rule_id": rule_id, "severity": "blocking", "outcome": "fail", "message": "", "evidence": {}} for rule_id in rule_ids]}

    assert [conditions_word(refused(*ids)) for ids in (["ELIG-REGION"], ["COND-1"], ["ELIG-REGION", "COND-1"])] == [
        "受理条件", "本轮申报条件", "受理条件和本轮申报条件"]
    assert conditions_word(dict(refused("COND-1"), workflow="W-12")) == "本轮申报条件"
