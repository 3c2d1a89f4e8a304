"""durable-rules (engine of record) and the reference evaluator give identical round findings and
grades: on the samples, on every fixture, and on generated records of every audited workflow
(every step name and alias, stages, the optional columns the rules read, absent sheets)."""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from checker.audit.evaluate import RoundAuditor
from checker.audit.facts import RoundContext
from checker.audit.record import record_from_mapping as _record_from_mapping
from checker.core.rulebook import load_rulebook
from checker.fixtures import fixture_record
from tests.helpers import DURABLE_AVAILABLE, needs_durable, sample_round

pytestmark = needs_durable
BOOK = load_rulebook()
STEP_KEYS = BOOK.vocabulary.step_keys
ARCHIVE_ITEMS = [row["材料名称"] for row in sample_round("compliant_W-12")["归档"]] + ["决策过程材料"]


def record_from_mapping(data):
    return _record_from_mapping(data, STEP_KEYS, repeating=BOOK.vocabulary.repeating_steps)


DURABLE = RoundAuditor(BOOK, engine="durable" if DURABLE_AVAILABLE else "reference", context=RoundContext())
REFERENCE = RoundAuditor(BOOK, engine="reference", context=RoundContext())
WORKFLOWS = sorted(w for w, wf in BOOK.workflows.items() if wf.audit_rules)


def _same(record):
    a, b = DURABLE.evaluate(record), REFERENCE.evaluate(record)
    strip = lambda r: [(f["rule_id"], f["outcome"], f.get("grade"), f["severity"], f["message"]) for f in r.findings]
    assert strip(a) == strip(b)
    assert a.verdict == b.verdict


def test_samples_and_fixtures_agree():
    for record in (sample_round("compliant_W-12"), sample_round("noncompliant_W-08")):
        _same(record_from_mapping(record))
    for rule in BOOK.rules.values():
        if rule.kind == "round":
            for fixture in rule.fixtures:
                if fixture.context:
                    continue  # contexts (ledgers, holidays, readings) are exercised by the fixture runner itself
                record = record_from_mapping(fixture_record(BOOK, fixture))
                if record.workflow_id in BOOK.workflows:
                    _same(record)


dates = st.one_of(
    st.dates(dt.date(2019, 12, 1), dt.date(2021, 2, 1)).map(lambda d: d.isoformat()),
    st.sampled_from(["", "2030-04-04", "三月", "2020/10/1", "2020年10月8日"]),
)
lists = st.sampled_from(["甲、乙", "乙；甲", "甲、乙、丙", "", "甲"])
steps = st.lists(st.tuples(st.sampled_from(list(STEP_KEYS)), dates, st.sampled_from([None, 1, 2, "认定"]),
                           st.sampled_from(["", "派驻纪检监察组", "局政工科", "局政工科、派驻纪检监察组", "市财政局"]),
                           st.sampled_from(["", "决策过程材料", "《“三重一大”事项决策情况表》"]),
                           st.sampled_from(["", "市工信局、市委组织部", "市工信局"]), lists), max_size=24)
experts = st.lists(st.tuples(st.sampled_from(["新材料", "生物医药", ""]), st.sampled_from(["局政工科", "科技科", ""]),
                             st.sampled_from(["正选", "替补", "已替换", ""]), st.sampled_from(["纸质", "", "12", "abcdef12"])),
                   max_size=9)
disclosures = st.lists(st.tuples(dates, dates, st.sampled_from([0, 1, "", "x"]), st.sampled_from([None, 1, 2]),
                                 st.sampled_from(["市工信局网站", "微信公众号", ""]), lists), max_size=3)
archive = st.lists(st.tuples(st.sampled_from(ARCHIVE_ITEMS + ["其他"]), st.sampled_from(["是", "否", "?"])), max_size=11)
absent = st.sets(st.sampled_from(["专家抽取", "公示", "归档"]), max_size=3)
round_extra = st.fixed_dictionaries({"是否涉及资金": st.sampled_from(["是", "否", ""]), "本轮阶段": st.sampled_from(["", "1", "1、2", "第三"]),
                                     "公示期（工作日）": st.sampled_from(["", 5, 10, "x"])})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WORKFLOWS), steps, experts, disclosures, archive, round_extra, absent)
def test_generated_rounds_agree(workflow, step_rows, expert_rows, disc_rows, arch_rows, extra, missing_sheets):
    record = {
        "轮次": {"轮次编号": "H-1", "流程类型": workflow, "项目领域": "新材料", **extra},
        "流程节点": [{"节点": n, "日期": d, "阶段": s, "报送对象": to, "文号/材料": doc, "发文单位": issuer,
                  "会议纪要文号": "纪要1", "表决方式及结果": "通过", "决议内容": names}
                 for n, d, s, to, doc, issuer, names in step_rows],
        "专家抽取": [{"抽取记录编号": draw_id, "抽取科室": o, "专家编号": f"E{i}", "专业领域": f, "角色": r}
                 for i, (f, o, r, draw_id) in enumerate(expert_rows)],
        "公示": [{"开始日期": a, "结束日期": b, "异议数": n, "阶段": s, "渠道": c, "公示名单": names}
               for a, b, n, s, c, names in disc_rows],
        "归档": [{"材料名称": i, "是否归档": y} for i, y in arch_rows],
    }
    for sheet in missing_sheets:
        del record[sheet]
    _same(record_from_mapping(json.loads(json.dumps(record, ensure_ascii=False))))
