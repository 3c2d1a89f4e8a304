"""How offices record what became of a 公示 objection (异议处理结果), read the same by the handling
ledger (N-07: "无异议后予以公告", seed 004:82) and the round audit (W-08: "公示无异议的行文认定", seed 001:2827)."""

from __future__ import annotations

import re

from checker.core.text import nfkc

# still being handled: the objection is open
OPEN_WORDS = ("未处理", "处理中", "待处理", "正在处理", "未答复", "尚未", "未办结", "核查中", "调查中")
UPHELD_WORDS = ("成立", "属实")  # found well-founded: 异议成立, or 异议属实 as clerks also write it


def compact(text: str) -> str:
    return nfkc(text or "").replace(" ", "")


# still under way in other words: 正在调查, 尚在核实, 待核实, 核实中, 研究中 ("尚未" is in OPEN_WORDS)
_UNDER_WAY = re.compile(r"(?:正在|尚在|仍在|待)(?:处理|调查|核实|核查|答复|研究|办理|复核)"
                        r"|(?:处理|调查|核实|核查|答复|研究|办理|复核)中")


def is_open(text: str) -> bool:
    plain = compact(text)
    return any(word in plain for word in OPEN_WORDS) or bool(_UNDER_WAY.search(plain))


def is_upheld(text: str) -> bool:
    """异议成立 / 异议属实 (and 部分成立), not their negations (不成立, 不属实, and as replies to
    objections word them: 异议理由不能成立, 未成立, 不予成立, 并非属实)."""
    plain = _NEGATED.sub("", compact(text))
    return any(word in plain for word in UPHELD_WORDS)


_NEGATED = re.compile(r"(?:不能|未能|不予|无法|并非|没有|不|未|非|无)(?:成立|属实)")

# what an objection found groundless or withdrawn is recorded as, besides 不成立 / 不属实
_NOT_UPHELD_WORDS = ("失实", "不实", "不存在", "不予采纳", "不予支持", "理由不充分", "依据不足", "维持原", "维持公示",
                     "未发现", "无问题", "查无实据", "与事实不符")
# the objection itself rejected or withdrawn, the objection its object (驳回该企业申请, 因异议撤回该企业申报 reject
# or withdraw the enterprise: the objection held)
_OBJECTION_DROPPED = re.compile(r"(?:驳回|撤回|撤销)了?(?:对[^，,。；;:]{0,12}?的)?(?:该|此|本|这)?(?:项|件|条)?异议"
                                r"|异议(?:已|被|已被|予以)?(?:驳回|撤回|撤销)(?![^，,。；;:]*(?:企业|公司|单位|申请|申报|资格|公示|公告))"
                                r"|对(?:该|此)?异议(?:予以|已|作)?(?:驳回|撤销)"
                                r"|异议人(?:已|主动|自行)?(?:撤回|撤销)")


def states_outcome(text: str) -> bool:
    """Whether a 异议处理结果 says what became of the objection: well-founded (成立, 属实) or not (不成立,
    不属实, 驳回, 撤回…). 已处理, 已答复, 已办结 say it was dealt with, not whether it held: the 公示's
    "无异议" (004:82, 001:2827) cannot be read from them."""
    plain = compact(text)
    return (is_upheld(text) or bool(_NEGATED.search(plain)) or any(word in plain for word in _NOT_UPHELD_WORDS)
            or bool(_OBJECTION_DROPPED.search(plain)))
