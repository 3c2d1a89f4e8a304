"""durable-rules (engine of record) and the plain-Python reference give identical findings.

Applications are generated around every boundary: 99.99 / 100 / 100.00 / 99.995 万元, numbers
as text and full-width text, 元 columns, blank and unreadable cells, addresses inside and outside
Weihai, valid / invalid / foreign USCCs, dates on the window's edges.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.check.evaluate import CaseEvaluator
from checker.check.catalogue import catalogue_from_records
from checker.check.facts import BatchContext, Window
from checker.check.registers import KeyFields, ListRegister
from checker.core.values import normalise_uscc
from checker.check.fields import field_set
from checker.check.validate import validate_record
from checker.core.rulebook import load_rulebook
from checker.fixtures import record_from_dict

from tests.helpers import needs_durable  # noqa: E402

pytestmark = needs_durable
BOOK = load_rulebook()
FIELDS = field_set(BOOK)
AMOUNTS = st.one_of(
    st.sampled_from([99.99, 100, 100.0, "100", "100.00", "99.995", 99.995, "１００", "1,000,000元", "100万元", "", None,
                     "约100万", 0, "0.01", 1e6, "99.99999999999999", 99.99999999999999]),
    st.decimals(min_value=0, max_value=100000, places=4).map(str),
    st.floats(min_value=0, max_value=5000, allow_nan=False),
)
ADDRESSES = st.sampled_from(["山东省威海市环翠区世昌大道1号", "上海市静安区威海路88号", "威海路88号", "荣成市成山大道1号",
                             "威海市高区火炬路", "", None, "山东省青岛市市南区", "威海市临港区"])
USCCS = st.sampled_from(["91371002MA3C8XK25F", "91370602MA3C8XK252", "91371082MA3C8XK25X", "", None, "91310106MA1FY0XX52",
                         "91371002-MA3C8XK25F", "abc"])
ANSWERS = st.sampled_from(["是", "否", "", None, "待定", "已签署", "未签署", "Y", 1, 0])
DATES = st.sampled_from(["2020-06-30", "2020-07-01", "2020/7/31", "2020年8月1日", "", None, "下周", 44013])
NAMES = st.sampled_from(["威海某某有限公司", "某某集团有限公司威海分公司", "", None])

APPLICATIONS = st.fixed_dictionaries(
    {
        "application_id": st.just("X-1"),
        "company_name": NAMES,
        "uscc": USCCS,
        "registered_address": ADDRESSES,
        "legal_person": ANSWERS,
        "policy_direction": ANSWERS,
        "approval_filing": st.sampled_from(["2020-371002-34-03-012345", "", None, "无", "办理中", "威环发改备〔2020〕1号"]),
        "equipment_investment_wan": AMOUNTS,
        "total_investment_wan": AMOUNTS,
        "submitted_on": DATES,
        "truth_pledge": ANSWERS,
        "recommendation_doc": st.sampled_from(["", None, "环工信字〔2020〕12号"]),
        "district": st.sampled_from(["环翠区", "经区", "高区", "", None, "上海", "荣成"]),
        "project_field": st.sampled_from(["智能制造", "纺织、新材料", "", None]),
        "supporting_evidence": st.sampled_from(["营业执照", "无", "", None]),
        "district_prelim": st.sampled_from(["同意推荐", "不通过", "待定", None]),
        "city_review": st.sampled_from(["通过", "不符合条件", "", None]),
        "funds_process_form": ANSWERS,
        "investor_type": st.sampled_from(["内资", "外资", "中外合资", "", None, "其他"]),
        "catalogue_entry": st.sampled_from(["十四、1 高档数控机床", "十二、4", "三、12", "十四、12", "", None]),
        "below_limit": ANSWERS,
        "submission_channel": st.sampled_from(["山东政务服务网", "山东省政务服务网", "纸质", "", None]),
    }
)
CATALOGUE = catalogue_from_records([
    {"目录": "产业结构调整指导目录", "条目编号": "十四、1", "条目名称": "高档数控机床"},
    {"目录": "产业结构调整指导目录", "类别": "限制类", "条目编号": "十二、4", "条目名称": "低速汽车"},
    {"目录": "外商投资产业指导目录", "条目编号": "三、12", "条目名称": "汽车关键零部件制造"},
])
LISTED = ListRegister.from_records([{"统一社会信用代码": "91371002MA3C8XK25F", "企业名称": "甲", "日期": "2020-01-01", "文号": "x"}], "l", "名单")


def _findings(engine: str, data: dict, duplicate: bool, window: bool, workflow: str):
    application = validate_record(record_from_dict(data, FIELDS), FIELDS)
    context = BatchContext()
    if duplicate and data["uscc"]:
        context.uscc_counts = Counter({normalise_uscc(data["uscc"]): 2})
    if window:
        context.window = Window(dt.date(2020, 7, 1), dt.date(2020, 7, 31))
        context.key_fields = KeyFields(("智能制造", "新材料"), "test")
        context.catalogue = CATALOGUE
        context.reserve_pool = context.recognitions = context.fraud_findings = LISTED
        context.with_funds = True
    return CaseEvaluator(BOOK, workflow, engine=engine).evaluate(application, context, "X-1")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(APPLICATIONS, st.booleans(), st.booleans(), st.sampled_from(["W-01", "W-04", "W-05", "W-06", "W-08", "W-12", "W-16"]))
def test_engine_and_reference_give_identical_findings(data, duplicate, window, workflow):
    engine = _findings("durable", data, duplicate, window, workflow)
    reference = _findings("reference", data, duplicate, window, workflow)
    assert engine.findings == reference.findings
    assert engine.verdict == reference.verdict


def test_boundary_values_of_the_equipment_threshold():
    outcomes = {}
    for value in (99.99, 100, "100.00", "99.995", 99.99999999999999, "１００"):
        data = {"application_id": "X-1", "equipment_investment_wan": value}
        result = _findings("durable", data, False, False, "W-05")
        finding = next(f for f in result.findings if f["rule_id"] == "ELIG-EQUIP-INVEST-100W")
        outcomes[str(value)] = finding["outcome"]
    assert outcomes == {"99.99": "fail", "100": "pass", "100.00": "pass", "99.995": "fail", "99.99999999999999": "pass", "１００": "pass"}


def test_an_engine_failure_on_one_case_is_reported_not_fatal(monkeypatch):
    from checker.core import engine as engine_module

    def broken(self, facts):
        raise engine_module.EngineError("simulated crash")

    monkeypatch.setattr(engine_module.DurableEvaluator, "decide", broken)
    data = {"application_id": "X-1", "equipment_investment_wan": "150", "approval_filing": "无"}
    result = _findings("durable", data, False, False, "W-05")
    reference = _findings("reference", data, False, False, "W-05")
    fallback = next(f for f in result.findings if f["rule_id"] == "ENGINE-FALLBACK")
    assert fallback["message"] == (
        "durable-rules 在本案上出错（EngineError: simulated crash），各规则结果由同一规则库的参考实现判定，请复核。"
    )
    assert [f for f in result.findings if f["rule_id"] != "ENGINE-FALLBACK"] == reference.findings
    assert result.verdict == reference.verdict == "ineligible"  # a blocking fail (文号 无: not filed) still decides
