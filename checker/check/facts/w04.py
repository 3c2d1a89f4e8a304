"""Facts of a W-04 application (限额以下国家鼓励发展的内外资项目进口设备免税, seed 001:2390-2406):
domestic or foreign, the catalogue entry it names, below the limit, submitted on the portal.

Two values the seeds leave open are rule parameters read here: whether a foreign project must be in
both foreign-investment catalogues or in either (AMB-16, ELIG-FOREIGN-CATALOGUE's readings) and the
限额 itself (AMB-17, ELIG-BELOW-LIMIT's ``limit_wan``, unset until the bureau states it).
"""

from __future__ import annotations

import re
from decimal import Decimal

from checker.check.catalogue import CENTRAL_WEST, DOMESTIC, ENCOURAGED, FOREIGN
from checker.check.context import ApplicationCase
from checker.check.validate import OK, Application
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc
from checker.core.values import format_decimal

# 港资、澳资、台资: investment from Hong Kong, Macao and Taiwan is handled as foreign investment (港澳台投资
# 参照外商投资管理); 民营、国有、集体、私营 are kinds of domestic capital
FOREIGN_MARKERS = ("外资", "外商", "中外合资", "中外合作", "港澳台", "境外", "港资", "澳资", "台资", "侨资")
DOMESTIC_WORDS = ("内资", "民营", "国有", "国营", "集体", "私营", "民企", "国企", "央企")
PORTAL_NAMES = ("山东政务服务网",)  # the seed's name (001:2401); "山东省政务服务网" is read the same
# a marker the cell denies: 非外资, 无外资成分, 不含外资 (domestic capital, said by what it is not)
_NOT_FOREIGN = re.compile(r"(?:非|无|不含|没有|不属于|不是)(?:" + "|".join(FOREIGN_MARKERS) + ")")
# the portal named to say it was not used: 未通过山东政务服务网, 线下（未使用山东政务服务网）, 非山东政务服务网
_NOT_PORTAL = re.compile(r"(?:未|非|不|没有|无)(?:经由|通过|经过|经|在|使用|用|从|登录|登陆)?(?:" + "|".join(PORTAL_NAMES) + ")")


def investor(application: Application) -> str:
    value = application.get("investor_type")
    if value.state != OK:
        return value.state
    text = nfkc(value.value).replace(" ", "")
    denied = _NOT_FOREIGN.sub("", text)
    if any(marker in denied for marker in FOREIGN_MARKERS):
        return "foreign"
    if any(word in text for word in DOMESTIC_WORDS) or text in ("内", "国内") or denied != text:
        return "domestic"
    return "unreadable"


def _catalogue_state(case: ApplicationCase, catalogues: tuple[str, ...], need_all: bool, values: dict, key: str) -> str:
    catalogue = case.context.catalogue
    entry = case.application.get("catalogue_entry")
    if entry.state != OK:
        return "absent"
    if catalogue is None:
        return "no_catalogue"
    named = [catalogue.find_each(entry.value, which) for which in catalogues]
    found = [entries[0] if entries else None for entries in named]
    every = [e for entries in named for e in entries]
    values[key] = "；".join(e.describe() for e in every)
    listed = [e for e in found if e is not None]
    encouraged = [e for e in listed if e.category == ENCOURAGED]
    if any(e.category != ENCOURAGED for e in every) and any(e.category == ENCOURAGED for e in every):
        return "mixed"  # 十四、1；十二、4: an encouraged entry beside a restricted one, which is the project's?
    if (all if need_all else any)(e is not None and e.category == ENCOURAGED for e in found):
        return "encouraged"
    if listed and not encouraged:
        return "other_category"
    near = [catalogue.near(entry.value, which) for which in catalogues]
    if any(e is not None and e.category == ENCOURAGED for e in near):
        values[key] = "；".join(e.describe() for e in near if e is not None)
        return "near"  # 高档数控机床: the title shortened, for the reviewer to confirm
    return "not_listed"


def limit_state(application: Application, limit_wan) -> str:
    declared = application.get("below_limit")
    if declared.state == OK and declared.value is False:
        return "declared_above"
    if declared.state != OK:
        return "unreadable" if declared.state == "unreadable" else "not_declared"
    if limit_wan in (None, ""):
        return "limit_unset"
    total = application.get("total_investment_wan")
    if total.state != OK:
        return "no_total"
    return "below" if total.value < Decimal(str(limit_wan)) else "at_or_above"


def portal_state(application: Application) -> str:
    value = application.get("submission_channel")
    if value.state != OK:
        return value.state
    text = nfkc(value.value).replace(" ", "").replace("山东省", "山东")
    if _NOT_PORTAL.search(text):
        return "other"
    return "portal" if any(name in text for name in PORTAL_NAMES) else "other"


@fact_function("investor", "catalogue_state", "foreign_catalogue_state", "limit_state", "portal_state",
               values=("catalogue_match", "foreign_catalogue_match", "limit_shown", "catalogue_source"))
def w04_facts(case: ApplicationCase, out: Facts, *, foreign_catalogues: str = "either", limit_wan=None) -> None:
    application, facts, values = case.application, out.facts, out.values
    facts["investor"] = investor(application)
    facts["catalogue_state"] = _catalogue_state(case, (DOMESTIC,), True, values, "catalogue_match")
    facts["foreign_catalogue_state"] = _catalogue_state(
        case, (FOREIGN, CENTRAL_WEST), foreign_catalogues == "both", values, "foreign_catalogue_match")
    facts["limit_state"] = limit_state(application, limit_wan)
    values["limit_shown"] = "未设置" if limit_wan in (None, "") else format_decimal(Decimal(str(limit_wan)))
    facts["portal_state"] = portal_state(application)
    if case.context.catalogue is not None:
        values["catalogue_source"] = case.context.catalogue.name
