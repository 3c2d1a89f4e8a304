"""durable-rules (engine of record) and the reference evaluator give identical round findings."""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from checker.audit.evaluate import RoundAuditor
from checker.audit.record import record_from_mapping as _record_from_mapping
from checker.core.rulebook import load_rulebook
from checker.fixtures import fixture_record
from tests.helpers import sample_round

from tests.helpers import DURABLE_AVAILABLE, needs_durable  # noqa: E402

pytestmark = needs_durable
BOOK = load_rulebook()
STEP_KEYS = BOOK.vocabulary.step_keys
ARCHIVE_ITEMS = [row["材料名称"] for row in sample_round("compliant_W-12")["归档"]]


def record_from_mapping(data):
    return _record_from_mapping(data, STEP_KEYS)

DURABLE = RoundAuditor(BOOK, engine="durable" if DURABLE_AVAILABLE else "reference")
REFERENCE = RoundAuditor(BOOK, engine="reference")
WORKFLOWS = sorted(w for w, wf in BOOK.workflows.items() if wf.audit_rules)


def _same(record):
    a, b = DURABLE.evaluate(record), REFERENCE.evaluate(record)
    strip = lambda r: [(f["rule_id"], f["outcome"], f["message"]) for f in r.findings]
    assert strip(a) == strip(b)
    assert a.verdict == b.verdict


def test_samples_and_fixtures_agree():
    for record in (sample_round("compliant_W-12"), sample_round("noncompliant_W-08")):
        _same(record_from_mapping(record))
    for rule in BOOK.rules.values():
        if rule.kind == "round":
            for fixture in rule.fixtures:
                record = record_from_mapping(fixture_record(BOOK, fixture))
                if record.workflow_id in BOOK.workflows:
                    _same(record)


dates = st.one_of(
    st.dates(dt.date(2019, 12, 1), dt.date(2021, 2, 1)).map(lambda d: d.isoformat()),
    st.sampled_from(["", "2030-04-04", "三月", "2020/10/1", "2020年10月8日"]),
)
steps = st.lists(st.tuples(st.sampled_from(list(STEP_KEYS)), dates, st.sampled_from([None, 1, 2]),
                           st.sampled_from(["", "派驻纪检监察组", "局政工科", "局政工科、派驻纪检监察组"])), max_size=22)
experts = st.lists(st.tuples(st.sampled_from(["新材料", "生物医药", ""]), st.sampled_from(["局政工科", "科技科", ""]),
                             st.sampled_from(["正选", "替补", ""])), max_size=9)
disclosures = st.lists(st.tuples(dates, dates, st.sampled_from([0, 1, "", "x"]), st.sampled_from([None, 1, 2])), max_size=3)
archive = st.lists(st.tuples(st.sampled_from(ARCHIVE_ITEMS + ["其他"]), st.sampled_from(["是", "否", "?"])), max_size=10)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WORKFLOWS), steps, experts, disclosures, archive, st.sampled_from(["是", "否", ""]))
def test_generated_rounds_agree(workflow, step_rows, expert_rows, disc_rows, arch_rows, funds):
    record = {
        "轮次": {"轮次编号": "H-1", "流程类型": workflow, "项目领域": "新材料", "是否涉及资金": funds},
        "流程节点": [{"节点": n, "日期": d, "阶段": s, "报送对象": to, "会议纪要文号": "纪要1", "表决方式及结果": "通过",
                  "决议内容": "甲、乙"} for n, d, s, to in step_rows],
        "专家抽取": [{"抽取记录编号": "纸质", "抽取科室": o, "专家编号": f"E{i}", "专业领域": f, "角色": r}
                 for i, (f, o, r) in enumerate(expert_rows)],
        "公示": [{"开始日期": a, "结束日期": b, "异议数": n, "阶段": s, "公示名单": "甲、乙"} for a, b, n, s in disc_rows],
        "归档": [{"材料名称": i, "是否归档": y} for i, y in arch_rows],
    }
    _same(record_from_mapping(json.loads(json.dumps(record, ensure_ascii=False))))
