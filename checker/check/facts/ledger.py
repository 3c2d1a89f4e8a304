"""Facts of a handling ledger row (受理台账: one row per application's handling, N-01…N-10 and W-04;
seed 004:31-101, seed 001:2390-2406).

What the office did with one application: deficiency notice (when, how often), acceptance or
refusal (receipt, reasons), on-site check (date, staff), decision, 公示 and 公告, reporting
upward, and, across the batch, how many rows of one 事项 and year were recommended and which ranks
they share (the batch counts are built once per run by :func:`ledger_counts`).

Day counting (APP-DEFICIENCY-NOTICE-DEADLINE): the items copy 行政许可法 第三十二条 with 3 and 2 days,
and 第八十二条 counts the Act's limits in working days, statutory holidays excluded. The one reading
applied: the notice is on or before the n-th working day after the day of receipt (that day not
counted); 当场 is a notice dated the day of receipt. The calendar-day reading (receipt + n days,
moved to the next working day when it falls on a rest day) is computed for the report only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from checker.check.context import ApplicationCase
from checker.check.validate import OK, UNREADABLE, Application, Value
from checker.core.calendar import CalendarUnknown, nth_working_day_after, post_filing_deadline, working_days_inclusive
from checker.core.evaluator import Facts, fact_function
from checker.core.objections import is_open, is_upheld, states_outcome
from checker.core.text import name_key, nfkc
from checker.core.values import Unreadable, normalise_uscc, parse_count, parse_date, parse_yes_no

ITEMS = tuple(f"N-{n:02d}" for n in range(1, 11)) + ("W-04",)
SPECIAL_UNITS = ("计划单列市", "兵团", "中央企业", "央企")
NO_OBJECTION_WORDS = ("无异议", "无", "没有")


# The items by the names the duty lists give them (seed 004:20-29 and the item headings; seed 001:2386
# for W-04): an office's ledger names its 事项 so, not by the tool's codes.
ITEM_NAMES = {
    "省先进制造业发展专项资金项目申报": "N-01",
    "国家级和省级绿色工厂、绿色园区申报": "N-02",
    "关闭煤矿和报废矿井许可审核": "N-03",
    "国家中小企业发展专项资金项目初审": "N-04",
    "省新型工业化产业示范基地申报": "N-05",
    "省级工业新产品综合评价": "N-06",
    "钢铁、焦化等工业行业规范公告申报": "N-07",
    "国家及省级技术创新示范企业认定申报": "N-08",
    "省级智能工厂、智能车间申报": "N-09",
    "河南省制造业创新中心申报": "N-10",
    "限额以下国家鼓励发展的内外资项目进口设备免税办理": "W-04",
}
# 事项 as clerks write it beside or instead of the duty list's name: punctuation inside the name
# (、 or a comma) and wrappers around it (《》, brackets, quotes) are not part of it, nor a trailing 事项
_NAME_NOISE = re.compile(r"[\s、,，;；:：·./\\()（）\[\]【】《》〈〉「」『』\"“”'‘’]+")
_ITEM_NAME_KEYS = {_NAME_NOISE.sub("", nfkc(name)): key for name, key in ITEM_NAMES.items()}
# Each item's words no other item's name holds (the name as offices shorten it: 技术创新示范企业,
# 智能工厂, 绿色工厂): a cell holding one item's words names it; a cell holding two items' words
# (智能工厂、绿色工厂) names none, and says so (h-s25: such a cell was "不是受理台账的事项").
ITEM_WORDS = {
    "N-01": ("先进制造业发展专项资金", "制造业高质量发展专项资金"),
    "N-02": ("绿色工厂", "绿色园区"),
    "N-03": ("关闭煤矿", "报废矿井"),
    "N-04": ("中小企业发展专项资金",),
    "N-05": ("新型工业化产业示范基地",),
    "N-06": ("工业新产品",),
    "N-07": ("行业规范公告", "行业规范条件"),
    "N-08": ("技术创新示范企业",),
    "N-09": ("智能工厂", "智能车间"),
    "N-10": ("制造业创新中心",),
    # 001:2397 the applicant applies for 《国家鼓励发展的内外资项目确认书》: a ledger names the item by that
    # document as often as by its 免税 (h136: such a row was "不是受理台账的事项"); 内外资项目 is in no other item
    "W-04": ("进口设备免税", "内外资项目"),
}
# a code as clerks type it: N-08, n08, N－08 (NFKC: N-08), N—08, N–08, N_08, N.08, N 8
# (a letter right after the number is none of a code's: N-1O is N-10 mistyped, not N-01)
_ITEM_CODE = re.compile(r"([NW])\s*[-_\u2010-\u2015\u2212.·]?\s*0*(\d{1,2})(?![0-9A-Za-z])(.*)", re.IGNORECASE | re.DOTALL)
_ITEM_CODE_IN = re.compile(r"(?<![A-Za-z])([NW])\s*[-_\u2010-\u2015\u2212.·]?\s*0*(\d{1,2})(?![0-9A-Za-z])", re.IGNORECASE)
_BARE_CODES = re.compile(r"(?:\s*[、,，;；/和及与或至~～]\s*0*\d{1,2}(?!\d)|\s+0*\d{1,2}(?!\d))+\s*[、,，;；。]?\s*")
_CODE_TAIL = re.compile(r"^[\s:：、,，;；\-\u2010-\u2015\u2212]+")


def item_candidates(text: str) -> tuple[str, ...]:
    """Every 事项 a cell can be read as naming, in the profile's spelling (N-04, W-04): one for a cell
    that names one, none for a cell naming none, several for an ambiguous one. Read: the code (n-04,
    N04, Ｎ－０８, N—08, N-4), the item's name as the duty list writes it (国家中小企业发展专项资金项目初审)
    with or without 《》, brackets, spaces, 、 or a trailing 事项, the words only that item's name
    holds (技术创新示范企业), and a code followed by its name (N-08 国家及省级技术创新示范企业认定申报); a code
    followed by another item's name (N-08（国家中小企业发展专项资金项目初审）) or number (N-08、09) is both.
    An item's words at a level it does not cover (市级智能工厂) are :data:`OTHER_LEVEL`, no item: alone, an
    unknown 事项; beside a code (N-09（市级智能工厂）), a second reading."""
    plain = nfkc(text or "").strip().strip("《》〈〉「」『』“”\"'‘’()（）[]【】 ")
    coded = _ITEM_CODE.fullmatch(plain)
    if coded:
        code = f"{coded.group(1).upper()}-{int(coded.group(2)):02d}"  # W-05 too: the caller says it is no ledger item
        rest = _CODE_TAIL.sub("", coded.group(3))
        if not _NAME_NOISE.sub("", rest):
            return (code,)
        bare = _BARE_CODES.fullmatch(coded.group(3))
        if bare:  # N-08、09, N-08/09, N-08至10: the letter said once for two items (not N-08 2024年, W-04-1)
            numbers = re.findall(r"\d+", coded.group(3))
            return tuple(dict.fromkeys((code, *(f"{coded.group(1).upper()}-{int(n):02d}" for n in numbers))))
        levels = _NAME_NOISE.sub("", rest)
        if code in ITEM_LEVELS and _LEVELS_ONLY.fullmatch(levels) and not _levels_said(levels) <= ITEM_LEVELS[code]:
            return (code, OTHER_LEVEL)  # N-08（市级）: the level is not the item's
        others = [f"{m.group(1).upper()}-{int(m.group(2)):02d}" for m in _ITEM_CODE_IN.finditer(rest)]  # N-08、N-09
        return tuple(dict.fromkeys((code, *others, *_named_items(rest))))
    # the name first and its code after it (国家中小企业发展专项资金项目初审（N-04）): both are read
    codes = [f"{m.group(1).upper()}-{int(m.group(2)):02d}" for m in _ITEM_CODE_IN.finditer(plain)]
    return tuple(dict.fromkeys((*_named_items(_ITEM_CODE_IN.sub("", plain)), *codes)))


def _named_items(text: str) -> tuple[str, ...]:
    compact = _NAME_NOISE.sub("", text)
    if compact.endswith("事项") and compact != "事项":
        compact = compact[:-2]
    named = _ITEM_NAME_KEYS.get(compact)
    if named is not None:
        return (named,)
    found = [key for key, words in ITEM_WORDS.items() if any(word in compact for word in words)]
    meant = tuple(key for key in found if not all(_other_level(compact, key, word) for word in ITEM_WORDS[key] if word in compact))
    # 市级智能工厂: an item's words at a level it does not cover, another programme (beside a code: both)
    return meant + ((OTHER_LEVEL,) if len(meant) < len(found) else ())


# The levels an item's name (and its duty-list lines) covers: 省 and 国家 for N-02, N-05 (004:86 国家…、省级…
# 示范基地), N-08; one of them for the others; none named for N-03, N-07, W-04. Its words qualified by a level
# it does not cover name another programme (市级智能工厂和数字化车间 is W-08's, 国家制造业创新中心 no item's).
ITEM_LEVELS = {"N-01": {"省"}, "N-02": {"国家", "省"}, "N-04": {"国家"}, "N-05": {"国家", "省"}, "N-06": {"省"},
               "N-08": {"国家", "省"}, "N-09": {"省"}, "N-10": {"省"}}
_LEVEL = r"(?:国家级?|省级?|市级|县级|区级|县区级|区县级)"
_LEVELS_BEFORE = re.compile(rf"{_LEVEL}(?:[和及与或、/]?{_LEVEL})*$")
_LEVELS_ONLY = re.compile(rf"{_LEVEL}(?:[和及与或、/]?{_LEVEL})*")


# what item_candidates gives for an item's words at a level the item does not cover: no item, and beside
# one (N-09（市级智能工厂）) a second reading that leaves the cell ambiguous
OTHER_LEVEL = "其他级别"


def _other_level(compact: str, key: str, word: str) -> bool:
    """Whether every place the cell holds ``word`` qualifies it by a level ``key``'s name does not cover
    (市级绿色工厂, 省中小企业发展专项资金, 国家级智能工厂)."""
    covered = ITEM_LEVELS.get(key)
    if covered is None:
        return False
    for found in re.finditer(re.escape(word), compact):
        levels = _LEVELS_BEFORE.search(compact[:found.start()])
        if _levels_said(levels.group() if levels else "") <= covered:
            return False
    return True


def _levels_said(text: str) -> set[str]:
    """The levels a run of level words says (国家级和省级: 国家, 省; 市级, 县级, 区级: local)."""
    return {"国家" if part.startswith("国家") else "省" if part.startswith("省") else "local" for part in re.findall(_LEVEL, text)}


def item_key(text: str) -> str | None:
    """The 事项 a cell names, in the profile's spelling (N-04, W-04), or None when it names none or
    several (:func:`item_candidates`)."""
    found = item_candidates(text)
    return found[0] if len(found) == 1 and found[0] != OTHER_LEVEL else None


def item_word(key: str | None) -> str:
    return key.replace("-", "").lower() if key in ITEMS else "other"


def acceptance_word(application: Application) -> str:
    value = application.get("acceptance")
    if value.state != OK:
        return value.state
    return acceptance_of(value.value)


def acceptance_of(written: str) -> str:
    """A 受理结果 as one word: accepted, refused, absent (no answer yet: 待受理, 受理中, 无) or unclear."""
    text = nfkc(written or "").replace(" ", "")
    # 经审查，不予受理: the stage read past (审核中 is no stage before a result)
    text = re.sub(r"^(?:经(?:审查|审核|研究|核查)[,:;。]?|(?:审查|审核|研究|核查)[,:;。])", "", text)
    # 当场受理, 当场不予受理, 补正后受理: when, not what (the 收件日期, 受理日期 and 补正完成日期 say the day)
    text = re.sub(r"^(?:当场|当即|即时|补正后|补齐后)(?=\S)", "", text)
    if text.startswith(("不予受理", "不受理", "不予", "拒绝受理", "决定不予受理", "拒收")):
        # 不予受理（当场告知）, 不予受理（不属于本机关职权范围）: when, or why; 不予受理（补正后受理）: which?
        note = re.search(r"[(（]([^()（）]*)[)）][。.]?$", text)
        return "unclear" if note and _ACCEPTED_NOTE.fullmatch(note.group(1)) else "refused"
    # h154: 受理（2024.3.5）, 已受理（3月5日）, 受理，2024-03-05: the day said after the result, as the 受理日期 column says it
    # (that column is the day the rules read): the result is the word before it (it was "不是受理、不予受理之一")
    text = _DAY_AFTER.sub("", text)
    # 受理（补正后）, 受理（当场）: a note after the result saying when; a note saying otherwise (受理（不予受理）,
    # 受理（暂缓）, 是（待定）) leaves the cell unclear, as does a note that is none of these
    note = re.search(r"[(（]([^()（）]*)[)）]$", text.rstrip("。.;；,，"))
    text = re.sub(r"[(（][^()（）]*[)）]$", "", text.rstrip("。.;；,，")).rstrip("。.;；,，")
    # 当场受理并出具凭证, 受理，出具受理通知书: the acceptance and the receipt APP-ACCEPT-RECEIPT asks about
    text = _RECEIPT_SAID.sub("", text)
    # 是: the answer in a 是否受理 column (fields.yaml reads it as 受理结果); its 否 stays unclear: not accepted
    # yet (未受理, read as none) or refused (不予受理, whose reasons are asked for), the office says which
    if text in ("受理", "予以受理", "已受理", "同意受理", "决定受理", "准予受理", "是"):
        return "accepted" if note is None or _WHEN_NOTE.fullmatch(note.group(1)) else "unclear"
    if not text or text in ("待定", *NOT_YET_ACCEPTED, "受理中", "审核中", "审查中", "办理中",
                            "无", "/", "-", "—", "——"):
        return "absent"
    return "unclear"


# 受理结果 words saying in so many words that the application is not accepted (yet): 待受理, and, while the
# 补正 clock runs (004:59 一次告知…补正; 予以受理 once the corrections are all in), 待补正 or 补正中 (h136: these
# were "不是受理、不予受理之一"). No answer yet, as a blank; beside a grant they contradict it (checker/check/ledger.py)
NOT_YET_ACCEPTED = ("待受理", "未受理", "尚未受理", "暂未受理",
                    "待补正", "补正中", "待补齐", "补正未完成", "已告知补正", "告知补正", "一次性告知补正", "退回补正")


def acceptance_pending(written: object) -> bool:
    """Whether a 受理结果 says the application is not accepted yet (:data:`NOT_YET_ACCEPTED`), as
    :func:`acceptance_of` reads the cell (its stage, when and note set aside)."""
    text = nfkc(str(written or "")).replace(" ", "")
    text = re.sub(r"^(?:经(?:审查|审核|研究|核查)[,:;。]?|(?:审查|审核|研究|核查)[,:;。])", "", text)
    text = re.sub(r"[(（][^()（）]*[)）]$", "", text.rstrip("。.;；,，")).rstrip("。.;；,，")
    return text in NOT_YET_ACCEPTED


_DAY = r"(?:\d{4}[年.\-/])?\d{1,2}[月.\-/]\d{1,2}日?"
_DAY_AFTER = re.compile(rf"(?:\((?:于)?{_DAY}(?:受理)?\)|[,;:。](?:于)?{_DAY}(?:受理)?)[。.]?$")
# the notes an acceptance may carry: when it was given (当场, 补正后) and the receipt given with it
_WHEN_NOTE = re.compile(r"(?:当场|当即|即时|当日|收件当日|补正后|补齐后|补正完成后|补正齐全后|已补正|补正齐全|材料齐全)?(?:已?(?:予以)?受理)?"
                        r"(?:[,;、]?(?:已|并)?出具(?:加盖专用印章的)?(?:书面)?(?:受理)?(?:凭证|通知书|回执|受理单))?")
_ACCEPTED_NOTE = re.compile(r"(?:当场|当即|即时|当日|补正后|补齐后|补正完成后|补正齐全后|重新|后)?(?:已|予以|准予|同意)?受理(?:了)?")
_RECEIPT_SAID = re.compile(r"(?<=受理)[,;、]?(?:已|并)?出具(?:加盖专用印章的)?(?:书面)?(?:受理)?(?:凭证|通知书|回执|受理单)$")


_DECISION_STAGE = re.compile(r"^(?:经)?(?:初审|复审|审核|审查|评审|审定)(?:意见)?[,:;。]?")
# a later stage opens a clause of its own (初审通过，复审不通过), not a mention in passing (审核通过（评审得分85分）)
_LATER_STAGE = re.compile(r"(?<=[,;。])(?:尚待|待|拟|经)?(?:初审|复审|审核|审查|评审|审定)")


# the items whose office decides by sending the application up (004:88 准予…按规定程序上报, 004:91 行文推荐,
# 004:100 推荐申报): a 准予, 同意 or 通过 there is the recommendation the caps, ranks and on-site checks are about
RECOMMENDING_ITEMS = frozenset({"N-08", "N-09", "N-10"})


def decision_word(application: Application, item: str | None = None) -> str:
    """The 决定 cell as one word (grant, refuse, recommend, not_recommend, unclear, or the cell's state);
    ``item``: the row's 事项 when the application does not carry it (read from it otherwise)."""
    word = _decision_word(application)
    if word == "grant" and (item or item_key(application.text("item"))) in RECOMMENDING_ITEMS:
        return "recommend"
    return word


def _decision_word(application: Application) -> str:
    value = application.get("decision")
    if value.state != OK:
        return value.state
    return decision_of(value.value)


# a decision still to come after a first one (通过初审，待复审; 同意（待复审）; 通过，待现场核查): none yet (h101)
_STILL_TO_COME = re.compile(r"待(?:复审|审|核|现场|评|定|研究|上报|决定|批|议|会|党组)")


def decision_of(written: str) -> str:
    """A 决定 as one word: grant, refuse, recommend, not_recommend or unclear (the item aside: see decision_word)."""
    text = nfkc(written or "").replace(" ", "")
    # the stage first, as an office records a first review's outcome: 初审不通过, 经审核，同意推荐, 复审通过
    stripped = _DECISION_STAGE.sub("", text, count=1)
    if stripped != text and _LATER_STAGE.search(stripped):
        # several stages in one cell (初审通过，复审不通过; 初审通过，待复审): the decision is the last
        # stage's; what follows its name is read (nothing, or 待…: no decision yet)
        stripped = _DECISION_STAGE.sub("", stripped[list(_LATER_STAGE.finditer(stripped))[-1].start():], count=1)
    text = stripped or text
    if text.startswith("同意") and text[2:].startswith("不"):
        text = text[2:]  # 同意不予许可, 同意不推荐: agreeing to the refusal is the refusal
    if text.startswith(("不推荐", "不予推荐")):
        return "not_recommend"
    if text.startswith(("不准予", "不予许可", "不予准予", "不予批准", "不予认定", "不予通过", "不通过", "不予", "不同意", "未通过", "未予通过", "未获通过")):
        return "refuse"
    if _STILL_TO_COME.search(text):
        return "unclear"
    if text.startswith(("推荐", "择优推荐", "予以推荐", "同意推荐", "已推荐", "建议推荐", "已上报", "上报", "同意上报")):
        return "recommend"
    if text.startswith(("准予", "予以许可", "同意", "通过", "批准")):
        return "grant"
    return "unclear"


def staff_names(text: str) -> list[str]:
    """The names in 现场核查人员, separated by 、 (commas, semicolons and spaces read the same).

    A two-character name is often typed with a (full-width) space inside it to line it up with
    three-character names (``张　三``): single characters that only spaces separate are such padded
    names, never one person each (a Chinese name has at least two characters): a run of them is read
    two by two (``张　三　李　四``: 张三、李四), or as one name when it cannot be paired."""
    names: list[str] = []

    def flush(run: list[str]) -> None:
        if len(run) % 2 == 0:
            names.extend("".join(run[i:i + 2]) for i in range(0, len(run), 2))
        else:
            names.append("".join(run))
        run.clear()

    # a joining word set apart by spaces (张伟 和 李娜) separates two names as 、 does; between
    # spaces it is no character of a name (a padded name is two characters: 张　三)
    # a note in brackets after a name (张伟（组长）, 李娜（市财政局）) is no part of it (h136: 张伟（组长）、张伟 was two
    # people, and the check of two or more staff passed on one)
    for part in re.split(r"[、,，;；/]+", _SPACED_JOINER.sub("、", _STAFF_NOTE.sub(" ", nfkc(text or "")))):
        run: list[str] = []
        for token in part.split():
            if len(token) == 1:
                run.append(token)
                continue
            if run:
                flush(run)
            names.extend(_joined_names(token))
        if run:
            flush(run)
    return names


_SPACED_JOINER = re.compile(r"\s+(?:和|及|与|跟|以及)\s+")
# h139: not brackets holding the names themselves (经济运行科（张伟、李娜）, 科室（张伟 李娜）): removed as a note they
# left the unit alone, one "工作人员", and a check of two staff that had passed failed
_STAFF_NOTE = re.compile(r"\([^()、,，;；/\s和及与]*\)")

# 张伟和李娜, 张伟及李娜, 张伟与李娜: two names joined by a word, between two characters or more on
# each side (a Chinese name has at least two), so 欧阳和平 or 张和平 stay one name
_NAME_JOINER = re.compile(r"(?<=\w)(?:和|及|与|跟)(?=\w)")


def _joined_names(token: str) -> list[str]:
    """The names a token joins (张伟和李娜), split where every part is a name's length (2 to 4
    characters); of several such splittings, the one splitting least at 和, which names hold more often
    than 与 or 及 (欧阳和平与张伟: 欧阳和平、张伟, not 欧阳、平与张伟)."""
    if len(token) < 5 or not _NAME_JOINER.search(token):
        return [token]
    best: tuple | None = None
    for parts, at_he in _splittings(token):
        if all(2 <= len(part) <= 4 for part in parts) or (len(parts) == 1 and parts == [token]):
            key = (len(parts) > 1, len(parts), -at_he)
            if best is None or key > best[0]:
                best = (key, parts)
    return best[1] if best is not None else [token]


def _splittings(token: str):
    """Every way of splitting the token at its joiners (each kept or not): (parts, splits at 和)."""
    joints = [m for m in _NAME_JOINER.finditer(token)]
    for mask in range(1 << len(joints)):
        if mask.bit_count() > 4:
            continue
        parts, start, at_he = [], 0, 0
        for index, joint in enumerate(joints):
            if mask >> index & 1:
                parts.append(token[start:joint.start()])
                start, at_he = joint.end(), at_he + (joint.group() == "和")
        parts.append(token[start:])
        yield parts, at_he


# h142: 张伟李娜, two names typed without the 、 between them, was one person, and a check by two staff failed
# as "只有 1 名工作人员". A name reads as two when, all Chinese, a common surname starts a second name of two
# characters or more after a first of two or three; a compound surname opening the cell (欧阳娜娜, 司马相如)
# with two characters after it, or a four-character name nothing parts, is one name. Never split silently:
# the row asks for review (INP-LEDGER-STAFF) and APP-ONSITE-2-STAFF cannot fail on the count
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
                     "令狐", "澹台", "端木", "南宫", "西门", "独孤", "呼延", "轩辕", "钟离", "闻人", "万俟", "申屠", "太史",
                     "百里", "赫连", "司空", "拓跋", "左丘", "东郭", "公羊", "濮阳", "第五")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{4,9}")
_TITLES = r"(?:副?(?:局长|科长|股长|处长|主任|组长|队长|书记|调研员)|主任科员|科员|干部|同志|工作人员)"
_TITLE = re.compile(rf"^{_TITLES}|{_TITLES}$")


# a unit written before the name, as clerks do: 工信局张伟, 综合科王强, 市局李娜, 产业发展中心赵刚
_UNIT_BEFORE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:局|科|处|室|部|办|组|中心|股)(?=[\u4e00-\u9fff]{2,4}$)")


def run_together(name: str) -> bool:
    """Whether one name of 现场核查人员 reads as two names written without a separator (张伟李娜, 张小伟李娜)."""
    name = _TITLE.sub("", name)  # 科长张伟, 张伟同志: a title is no second name
    name = _UNIT_BEFORE.sub("", name)  # 工信局张伟, 综合科王强 (h147): the unit is no first name
    if not _HAN_NAME.fullmatch(name):
        return False
    if name.startswith(COMPOUND_SURNAMES) and len(name) <= 4:
        return False
    first = 3 if name.startswith(COMPOUND_SURNAMES) else 2  # 欧阳娜张伟: the compound surname and one character at least
    return any(len(name) - at >= 2 and (name[at] in COMMON_SURNAMES or name.startswith(COMPOUND_SURNAMES, at))
               for at in range(first, min(first + 2, len(name) - 1)))


def _date(application: Application, name: str) -> dt.date | None:
    value = application.get(name)
    return value.value if value.state == OK else None


def ledger_year(application: Application) -> int:
    """The year a row's recommendation counts in: its 上报日期, else 决定日期, else 收件日期."""
    day = ledger_year_basis(application)[1]
    return day.year if day is not None else 0


# the dates a row's year is taken from, in turn (h142: the finding says which when it is not the 上报日期)
YEAR_DATES = (("reported_on", "上报日期"), ("decided_on", "决定日期"), ("received_on", "收件日期"))


def ledger_year_basis(application: Application) -> tuple[str | None, dt.date | None]:
    """The date :func:`ledger_year` takes the year from: (field name, day), or (None, None) when none is readable."""
    for name, _ in YEAR_DATES:
        day = _date(application, name)
        if day is not None:
            return name, day
    return None, None


def _raw_date(raw: object, received: dt.date | None = None) -> dt.date | None:
    try:
        return parse_date(raw)
    except Unreadable:  # reported by validation; such a row counts in no year here
        # but 8月1日 beside a 收件日期 of 2024, as the row itself reads it (checker/check/ledger.py yearless_dates)
        day = yearless_day(raw, received) if received is not None else None
        return day if day is not None and day >= received else None


_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号]")


def yearless_day(raw: object, received: dt.date) -> dt.date | None:
    """A date written without its year (3月6日) in the 收件日期's year; None for anything else or no such day (2月30日)."""
    said = _MONTH_DAY.fullmatch(nfkc(raw).replace(" ", "")) if isinstance(raw, str) else None
    if said is None:
        return None
    try:
        return dt.date(received.year, int(said[1]), int(said[2]))
    except ValueError:
        return None


class RankCounter(Counter):
    """Recommended rows per (事项, year, 排序), and ``refs``: the 排序 cells of each, so that a shared
    rank names the other rows sharing it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refs: dict[tuple, list[str]] = {}
        # h142: a 排序 cell → the date its row's year came from when it was not the 上报日期 (决定日期, 收件日期;
        # "" when no date gave one), so that a rank shared with such a row says so
        self.year_basis: dict[str, str] = {}
        # h154: the rows APP-RECOMMEND-CAP counted per (事项, year, quota group), so that a row's cap finding says
        # each other counted row's year basis: {"at": the counted rows' (sheet, row), "shown": the first
        # CAP_ROWS_SHOWN + 1 of them as ((sheet, row), where its year came from, in words), "mixed": whether any
        # counted row's year is not its 上报日期's}. Kept here because this counter is the batch count each
        # ledger row's input pass receives (checker/check/ledger.py input_findings); bounded, so that a ledger of
        # thousands of recommendations in one year neither builds a sentence per pair of rows nor one without end
        self.cap_rows: dict[tuple, dict] = {}

    def __reduce__(self):  # Counter's own drops ``refs``: worker processes (--jobs) must see them too
        return _rank_counter, (dict(self), self.refs, self.year_basis, self.cap_rows)


def _rank_counter(counts: dict, refs: dict, year_basis: dict | None = None, cap_rows: dict | None = None) -> "RankCounter":
    counter = RankCounter(counts)
    counter.refs = refs
    counter.year_basis = year_basis or {}
    counter.cap_rows = cap_rows or {}
    return counter


CAP_ROWS_SHOWN = 10  # other counted rows an APP-RECOMMEND-CAP finding names (more are counted)


def _year_basis_words(row: dict[str, Any], basis: str | None, day: dt.date | None) -> str:
    """Where a raw ledger row's recommendation year came from, in words, naming the cell: "受理台账!O3 的上报日期
    2024-08-01", "受理台账!M4 的决定日期 2024-05-20（上报日期未填写）", or, no date readable, "受理台账!O5 所在行上报日期
    无法识别、决定日期未填写、收件日期未填写，年度不明"."""
    refs = row.get("year_refs") or {}
    before = YEAR_DATES if basis is None else YEAR_DATES[:[name for name, _ in YEAR_DATES].index(basis)]
    gaps = "、".join(f"{label}{'未填写' if str(row.get(name) or '').strip() == '' else '无法识别'}" for name, label in before)
    if basis is None:
        return f"{refs.get('reported_on') or row.get('row_label') or '一行'} 所在行{gaps}，年度不明"
    where = refs.get(basis) or row.get("row_label") or "一行"
    return f"{where} 的{dict(YEAR_DATES)[basis]} {day.isoformat()}{f'（{gaps}）' if gaps else ''}"


def ledger_counts(rows: list[dict[str, Any]], default_item: str | None) -> tuple[Counter, Counter, dict]:
    """Batch counts from raw rows (field name → cell value): recommended rows per (事项, year) but
    those of 申报级别 省级 (the caps are the national recognition's),
    recommended rows per (事项, year, 排序), and the 省级方案 answers (是/否) of the recommended rows
    per (事项, year), special units (计划单列市...) aside, whose cap does not depend on it."""
    recommended: Counter = Counter()
    ranks = RankCounter()
    schemes: dict[tuple, set[bool]] = {}
    counted: set[tuple] = set()  # (count key, enterprise): a line pasted twice is one enterprise (推荐企业不超过3家)
    named: dict[str, str] = {}  # a code → the first name written beside it (a line repeating the code, name left blank)
    # h154: a name → the codes written beside it: a ledger kept a line per project left the code blank on the
    # enterprise's second project, and the one enterprise was counted twice ("推荐 4 家，超过 3 家" of three)
    coded: dict[str, set[str]] = {}
    for row in rows:
        code, name = _code_and_name(row)
        if code and name:
            named.setdefault(code, name)
            coded.setdefault(name, set()).add(code)
    for number, row in enumerate(rows):
        enterprise = _enterprise(row, number, named, coded)
        key = item_key(str(row.get("item") or ""))
        key = key if key in ITEMS else row.get("default_item", default_item)  # as the row is routed (checker/check/ledger.py)
        values = {}
        received = _raw_date(row.get("received_on")) if row.get("received_on") not in (None, "") else None
        for name in ("reported_on", "decided_on", "received_on"):
            day = _raw_date(row.get(name), received) if row.get(name) not in (None, "") else None
            if day is not None:
                values[name] = Value(OK, day)
        values["decision"] = Value(OK, str(row.get("decision") or "")) if row.get("decision") not in (None, "") else Value("absent")
        application = Application(0, "", values, {})
        if decision_word(application, key) != "recommend":
            continue
        year = ledger_year(application)
        if not _provincial_level(row.get("apply_level")):  # the caps are the national recognition's (seed 004:86)
            quota = (key, year, quota_group(row.get("unit_category")))
            if (quota, enterprise) not in counted:
                counted.add((quota, enterprise))
                recommended[quota] += 1
                if row.get("row_at") is not None:  # h154: each counted row's year basis, for the others' findings
                    basis, day = ledger_year_basis(application)
                    group = ranks.cap_rows.setdefault(quota, {"at": set(), "shown": [], "mixed": False})
                    group["at"].add(row["row_at"])
                    group["mixed"] = group["mixed"] or basis != "reported_on"
                    if len(group["shown"]) <= CAP_ROWS_SHOWN:
                        group["shown"].append((row["row_at"], _year_basis_words(row, basis, day)))
        try:
            rank = parse_count(row.get("rank")) if row.get("rank") not in (None, "") else None
        except Unreadable:  # reported by validation
            rank = None
        if rank is not None and ((key, year, rank), enterprise) not in counted:  # one enterprise twice is no tie
            counted.add(((key, year, rank), enterprise))
            ranks[(key, year, rank)] += 1
            if row.get("rank_ref"):
                ranks.refs.setdefault((key, year, rank), []).append(row["rank_ref"])
                basis = ledger_year_basis(application)[0]
                if basis != "reported_on":
                    ranks.year_basis[row["rank_ref"]] = dict(YEAR_DATES).get(basis, "")
        answer = _scheme_answer(row)
        if answer is not None:
            schemes.setdefault((key, year), set()).add(answer)
    return recommended, ranks, schemes


def _code_and_name(row: dict) -> tuple[str, str]:
    """A ledger line's USCC (when it has the code's shape; 无, / or a code cut short is none) and its
    company name as names are compared."""
    code = normalise_uscc(row.get("uscc") or "")
    return (code if re.fullmatch(r"[0-9A-Z]{18}", code) else ""), name_key(str(row.get("company_name") or ""))


def _enterprise(row: dict, number: int, named: dict[str, str], coded: dict[str, set[str]] | None = None) -> tuple:
    """Who a ledger line recommends: its code and name together (one code filled down beside four names
    is four enterprises; one enterprise entered twice is one, its name left blank on the repeat too),
    its name alone without a code (the enterprise of that name and code when the ledger writes the name beside
    one code only: its code left blank on a second line; beside two codes, which one is not guessed), else the
    line itself (a line naming no one is counted as one)."""
    code, name = _code_and_name(row)
    if code:
        return ("enterprise", code, name or named.get(code, ""))
    codes = (coded or {}).get(name, ())
    if name and len(codes) == 1:
        return ("enterprise", next(iter(codes)), name)
    return ("enterprise", "", name) if name else ("line", number)


def _provincial_level(level: object) -> bool:
    """A raw 申报级别 that names the provincial level only (省级), as :func:`_level` reads it."""
    text = nfkc(str(level or ""))
    return "省" in text and "国家" not in text


def quota_group(category: object) -> str:
    """Whose quota a recommendation counts in: "" for the province's (3 or 4 places), else the
    special unit itself (计划单列市、新疆生产建设兵团、中央企业 "各择优推荐1家", seed 004:86), each of its own."""
    text = re.sub(r"\s+", "", nfkc(str(category or "")))
    # h142: 央企 beside 中央企业, 兵团 beside 新疆生产建设兵团 are one unit written two ways: each was a quota of its
    # own, and two central enterprises' rows recommended in one year passed the 1 place (SPECIAL_UNITS reads both)
    text = re.sub(r"(?<!中)央企(?!业)", "中央企业", text)
    text = re.sub(r"^(?:新疆)?(?:生产建设)?兵团$", "新疆生产建设兵团", text)
    return text if any(word in text for word in SPECIAL_UNITS) else ""


def _scheme_answer(row: dict[str, Any]) -> bool | None:
    """A raw row's 省级方案 (None: blank, unreadable, or a special unit's row)."""
    if any(word in nfkc(str(row.get("unit_category") or "")) for word in SPECIAL_UNITS):
        return None
    try:
        return parse_yes_no(row["provincial_scheme"]) if row.get("provincial_scheme") not in (None, "") else None
    except Unreadable:  # reported by validation, but 已开展 / 未开展 (h142: read as the row reads it, checker/check/ledger.py)
        return scheme_said(str(row["provincial_scheme"]))


# 省级方案 answered with the column's verb (its header may be 已开展省级认定): 已开展 是, 未开展 否 (h142)
_SCHEME_SAID = re.compile(r"(?P<no>未|尚未|没有?|暂未)?(?:已经?)?开展(?:了)?(?:省级)?(?:技术创新示范企业)?(?:认定)?(?:工作)?")


def scheme_said(written: str) -> bool | None:
    """A 省级方案 written 已开展 (True) or 未开展 (False); None for anything else."""
    said = _SCHEME_SAID.fullmatch(re.sub(r"[\s。.]", "", nfkc(written or "")))
    return None if said is None else said["no"] is None


_DATE_LIST = re.compile(r"[、,，;；\s]+|和|及")


def listed_dates(raw: object) -> list[dt.date]:
    """The dates a cell lists (2024-03-06、2024-03-12), or [] when any part is not a date."""
    if not isinstance(raw, str):
        return []
    parts = [part for part in _DATE_LIST.split(nfkc(raw)) if part]
    try:
        return [parse_date(part) for part in parts]
    except Unreadable:
        return []


def _notice(case: ApplicationCase, facts: dict, values: dict, limits: dict[str, int]) -> None:
    application = case.application
    received, notice = application.get("received_on"), application.get("deficiency_notice_on")
    count = application.get("deficiency_notice_count")
    if notice.state == UNREADABLE:
        dates = listed_dates(notice.raw)
        if len(dates) < 2:
            facts["notice_timing"] = "undated"
            return
        # 2024-03-06、2024-03-12: one notice a date. The one-time rule judges the second; the time
        # limit runs to the first, which is the notice the applicant got within it or not
        facts["notice_dates_n"] = len(dates)
        values["notice_dates_n"] = str(len(dates))
        values["notice_count_said"] = (f"补正告知次数填“{count.display}”" if count.state != "absent"
                                       else "补正告知次数未填写")
        notice_on = min(dates)
        values["notice_on_shown"] = f"{notice_on.isoformat()}（首次告知；该栏列有 {len(dates)} 个日期）"
    elif notice.state != OK:  # an unreadable 收件日期 beside no notice at all is no late notice
        given = count.state == OK and count.value > 0
        facts["notice_timing"] = "undated" if given else "none"
        return
    else:
        notice_on = notice.value
        values["notice_on_shown"] = notice_on.isoformat()
    if received.state != OK:
        facts["notice_timing"] = "no_receipt"
        return
    if notice_on < received.value:
        facts["notice_timing"] = "before_receipt"
        return
    calendar = getattr(case.context, "holidays", None)
    limit = limits.get(item_word(item_key(application.text("item"))))
    days = (notice_on - received.value).days
    values["notice_cd"] = str(days)
    try:
        working = working_days_inclusive(received.value + dt.timedelta(days=1), notice_on, calendar)
    except CalendarUnknown as error:
        values["calendar_year"] = str(error.day.year) if hasattr(error, "day") else ""
        # no more working days than calendar days: a notice within n days of the receipt is within
        # n working days however the missing year's holidays fall
        facts["notice_timing"] = "within_days" if limit is not None and days <= limit else "calendar_unknown"
        facts["notice_cd"] = days
        values["notice_limit"] = str(limit)
        return
    facts["notice_timing"] = "counted"
    facts["notice_wd"] = working
    facts["notice_cd"] = days
    values["notice_wd"] = str(working)
    values["notice_when"] = _notice_when(days, working)
    if limit is None:
        return
    try:
        latest = nth_working_day_after(received.value, limit, calendar) if limit > 0 else received.value
    except CalendarUnknown as error:  # the deadline falls in a year without holiday data; the notice did not
        values["notice_latest"] = f"最迟日期落在 {error.day.year} 年，节假日数据不含该年，无法给出具体日期"
        values["calendar_reading"] = (
            f"按自然日计算，期限为收件次日起第 {limit} 日（{(received.value + dt.timedelta(days=limit)).isoformat()}，"
            f"如为休息日顺延），本次告知为收件后第 {days} 日，在期限内")
        return
    calendar_latest = post_filing_deadline(received.value, limit, "calendar", calendar)  # on or before `latest`
    values["notice_latest"] = f"最迟 {latest.isoformat()}"
    # h160: a notice written 收件后3日 was dated in working days (checker/check/ledger.py days_after_receipt); read in calendar
    # days, it names its calendar day: the calendar reading judges that day, not the working-day one (收件 Friday 2024-03-08:
    # 收件后3日 is 03-13 in working days, 03-11 in calendar days, in time either way, never "收件后第 5 日，超过期限")
    calendar_notice = getattr(application, NOTICE_CALENDAR_DAY, None) or notice_on
    in_time = calendar_notice <= calendar_latest
    values["calendar_reading"] = (
        f"按自然日计算（收件次日起算 {limit} 日，期限最后一日为休息日的顺延至下一工作日），期限为 {calendar_latest.isoformat()}，"
        f"本次告知为收件后第 {(calendar_notice - received.value).days} 日，{'在期限内' if in_time else '超过期限'}"
    )


# h160: where a 补正告知日期 written 收件后3日 was dated in working days, the day the same words name in calendar days (a date),
# kept on the row (checker/check/ledger.py days_after_receipt) for the calendar reading of the deadline (:func:`_notice`)
NOTICE_CALENDAR_DAY = "_ledger_notice_calendar_day"


# 现场核查人员 as offices write a team: 张伟等2人, 张伟、李娜共3人, 张伟等 (and others, unnamed)
_STAFF_SAID = re.compile(r"(?:等|共|计|一行)?\s*(?P<n>\d+|[一二两三四五六七八九十])\s*[人名](?:同志)?\s*$|等\s*$")
_BRACKETED_TEAM = re.compile(r"\(\s*((?:等|共|计|一行)?\s*(?:\d+|[一二两三四五六七八九十])\s*[人名](?:同志)?)\s*\)\s*$")
_CHINESE_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def staff_said(text: str) -> tuple[str, int | None, bool]:
    """(the names part, the headcount the cell states, whether it states one): 张伟等2人 → (张伟, 2, True);
    张伟等 → (张伟, None, True): others took part whose names are not recorded."""
    plain = nfkc(text or "").strip()
    # the headcount in brackets after the names, 张伟、李娜（共3人）, says it as 张伟、李娜共3人 does (h136)
    plain = _BRACKETED_TEAM.sub(r"\1", plain)
    match = _STAFF_SAID.search(plain)
    if match is not None and match["n"] is not None and not plain[:match.start()].strip(" 等共计一行"):
        # h154: a headcount and no name, 2人, 两人, 共3人: no name recorded (it was one person named "2人")
        said = match["n"]
        return "", int(said) if said.isdigit() else _CHINESE_COUNT[said], True
    if match is None or not plain[:match.start()].strip():
        return plain, None, False
    said = match["n"]
    count = None if said is None else int(said) if said.isdigit() else _CHINESE_COUNT[said]
    return plain[:match.start()].rstrip("、,，;； "), count, True


# h154: what a clerk writes for who went when not a name: a unit (经济运行科, 市工信局, 科室), a group (工作组, 核查组, 专班)
# or people unnamed (局领导, 工作人员, 局领导带队). Read so only when it does not open with a common surname (张科, 王处,
# 周组 may be a person addressed by title), so a name is never taken for a unit
_GROUP_END = re.compile(r"(?:局|科|处|室|组|队|中心|办|股|部门|单位|领导|人员|带队|专班|同志们)$")


def not_a_person(name: str) -> bool:
    """Whether a 现场核查人员 entry names a unit or a group rather than a person (经济运行科, 工作组, 局领导带队)."""
    name = nfkc(name).strip()
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", name) or not _GROUP_END.search(name):
        return False
    if name[0] in COMMON_SURNAMES or name.startswith(COMPOUND_SURNAMES):
        return False
    # h160: the column asks for names (rules/fields.yaml: 姓名，以顿号分隔), and a name is 2-4 Han characters: 麦志办, 欧志室
    # (a surname outside COMMON_SURNAMES, a given name ending in 办 or 室) were units by their last character alone and
    # the row went for review. An entry of a name's length is a unit only when it reads as an office: a group word
    # (办公室, 局领导, 工作人员, 专班), or an office's own name, a stem the seeds' offices use before 科/室/办/股/…
    # (001: 政工科, 综合科, 人事科, 财务科, 运行一科, 办公室; 004: 信息化工作股; 综合办, 法制办) or a bare unit word (科室, 股室)
    if len(name) > 4:
        return True
    return bool(_GROUP_WORD_END.search(name)) or (name[-1] in _OFFICE_SUFFIXES and name[:-1] in OFFICE_STEMS)


# h160: what makes an entry of 2-4 characters read as an office (:func:`not_a_person`): a word naming a group whatever
# comes before it, or one of these stems right before a unit's last character (政工 科, 综合 办, 运行一 科, 工作 组)
_GROUP_WORD_END = re.compile(r"(?:办公室|中心|部门|单位|领导|人员|带队|专班|同志们|小组)$")
_OFFICE_SUFFIXES = frozenset("局科处室组队办股部")
OFFICE_STEMS = frozenset({
    "政工", "人事", "人事政工", "财务", "综合", "电力", "发展", "信访", "科技", "教育", "规划", "法制", "法规", "应急", "运行",
    "运行一", "运行二", "产业", "执法", "信息", "信息化", "督查", "纪检", "监察", "编", "外", "工", "国防工", "经济", "经信", "工信",
    "市工信", "区工信", "县工信", "财政", "发改", "商务", "统计", "节能", "安全", "投资", "技改", "中小", "企业", "项目", "技术",
    "政策", "政务", "服务", "审批", "行政", "业务", "机关", "党建", "党政", "办公", "工作", "核查", "检查", "专家", "评审", "督导",
    "考察", "调研", "市", "区", "县", "本", "我", "科", "股", "局", "处"})


def _onsite(application: Application, facts: dict, values: dict) -> None:
    on, staff = application.get("onsite_on"), application.get("onsite_staff")
    written, said, says_team = staff_said(staff.value) if staff.state == OK else ("", None, False)
    names = staff_names(written) if staff.state == OK else []
    # h154: a unit or a group written where the names go (经济运行科, 工作组, 局领导带队) is no person: it was counted as
    # one, and the row failed "只有 1 名工作人员（经济运行科）"; how many went is not recorded (a review, never a fail)
    groups = list(dict.fromkeys(name for name in names if not_a_person(name)))
    distinct = list(dict.fromkeys(name for name in names if name not in groups))
    facts["onsite_staff_n"] = len(distinct)
    values["onsite_staff_n"] = str(len(distinct))
    values["onsite_staff_names"] = "、".join(distinct)
    values["onsite_staff_said"] = f"共 {said} 人" if said is not None else "另有他人"
    joined = [name for name in distinct if run_together(name)]
    if joined:  # h142: 张伟李娜 may be two people: the count of names is no count of staff (a review, never a fail)
        values["onsite_staff_said"] = ((f"{values['onsite_staff_said']}；" if says_team else "")
                                       + f"其中“{'”“'.join(joined)}”似为两人姓名连写，未以顿号分隔")
    if groups:
        values["onsite_staff_said"] = ((f"{values['onsite_staff_said']}；" if says_team or joined else "")
                                       + f"其中“{'”“'.join(groups)}”是单位或群体，不是人员姓名")
    if on.state == OK and (distinct or groups or (says_team and said is not None and said > 1)) and (
            (says_team and (said is None or said > len(distinct))) or joined or groups):
        facts["onsite_state"] = "unnamed_staff"  # the team is larger than the names recorded
    elif on.state == OK and distinct:
        facts["onsite_state"] = "done"
    # someone recorded as going, by name, unit or headcount (经济运行科, 2人 without a date: undated, not "no check")
    elif on.state != OK and not (distinct or groups or (says_team and said)):
        facts["onsite_state"] = "undated" if on.state == UNREADABLE else "none"
    elif on.state != OK:
        facts["onsite_state"] = "undated"
    else:
        facts["onsite_state"] = "no_staff"


def _recommend_onsite(application: Application, decision: str, facts: dict, values: dict) -> None:
    if decision != "recommend":
        facts["recommend_onsite"] = "not_recommended"
        return
    onsite = application.get("onsite_on")
    if onsite.state != OK:
        facts["recommend_onsite"] = "undated" if onsite.state == UNREADABLE else "none"
        return
    anchor = _date(application, "reported_on") or _date(application, "decided_on")
    if anchor is None:
        facts["recommend_onsite"] = "undated"
        return
    values["recommend_anchor"] = anchor.isoformat()
    decided = _date(application, "decided_on")
    if onsite.value > anchor:
        facts["recommend_onsite"] = "after"
    elif decided is not None and onsite.value > decided:
        # checked after the 推荐 decision, before the 上报: whether 推荐 (seed 004:90 "到企业现场进行真实性核查，
        # 择优…推荐") is the choice or the 行文 upward (:91) the seed does not say
        facts["recommend_onsite"] = "after_decision"
        values["recommend_decided"] = decided.isoformat()
    else:
        facts["recommend_onsite"] = "before"


def _disclosure(application: Application, facts: dict, values: dict) -> None:
    start, end, announced = (application.get(n) for n in ("disclosure_start", "disclosure_end", "announced_on"))
    # 004:81 "符合规范条件要求的进行公示", 82 "无异议后予以公告": a row decided 不准予 that was announced, or put
    # on 公示 after the decision (a 公示 before it, whose objection led to the refusal, is the process working)
    decided = application.get("decided_on")
    shown = start.state == OK or end.state == OK
    if announced.state == OK or (start.state == OK and decided.state == OK and decided.value <= start.value):
        facts["disc_published"] = "yes"
    elif shown and (decided.state != OK or start.state != OK):
        facts["disc_published"] = "unknown"  # a 公示 and no date to tell whether it came before the decision
    else:
        facts["disc_published"] = "no"
    if announced.state != OK:
        facts["disc_order"] = "undated" if announced.state == UNREADABLE else "not_announced"
    elif start.state == UNREADABLE or end.state == UNREADABLE:
        facts["disc_order"] = "undated"
    elif start.state != OK and end.state != OK:
        facts["disc_order"] = "no_disclosure"
    elif start.state != OK or end.state != OK:
        facts["disc_order"] = "undated"
    elif end.value < start.value:
        facts["disc_order"] = "reversed"
    elif announced.value < start.value:
        facts["disc_order"] = "announce_before_start"
    elif announced.value <= end.value:
        facts["disc_order"] = "announce_before_end"
    else:
        facts["disc_order"] = "ok"
    count, result = application.get("objection_count"), application.get("objection_result")
    text = nfkc(result.value).replace(" ", "") if result.state == OK else ""
    if count.state == OK and count.value == 0:
        # "0 件" beside a result that says one is pending contradicts itself: not read as none
        facts["objection_state"] = "unknown" if is_open(text) else "none"
    elif count.state == OK:
        if not text:
            facts["objection_state"] = "unknown"
        elif is_open(text):
            facts["objection_state"] = "open"
        elif is_upheld(text):
            facts["objection_state"] = "upheld"  # 异议成立 / 属实: "无异议后予以公告" is not met
        elif states_outcome(text):
            facts["objection_state"] = "resolved"
        else:
            facts["objection_state"] = "unclear"  # 已处理, 已答复: dealt with, but did it hold?
    elif count.state != UNREADABLE and text in NO_OBJECTION_WORDS:
        facts["objection_state"] = "none"
    else:
        facts["objection_state"] = "unknown"


def _steps(application: Application, facts: dict) -> None:
    prelim, review, reported = (_date(application, n) for n in ("prelim_on", "review_on", "reported_on"))
    if (review is None and reported is None) or (prelim is None and review is None and reported is None):
        facts["step_order"] = "in_progress"
    elif prelim is None or review is None:
        facts["step_order"] = "incomplete"
    elif review < prelim:
        facts["step_order"] = "review_before_prelim"
    elif reported is not None and reported < prelim:
        facts["step_order"] = "report_before_prelim"
    elif reported is not None and reported < review:
        facts["step_order"] = "report_before_review"
    else:
        facts["step_order"] = "ok"


REVIEW_STEPS = (("onsite_on", "现场核查"), ("prelim_on", "初审"), ("decided_on", "决定"))


def _after_acceptance(application: Application, decision: str, facts: dict, values: dict) -> None:
    """Seed 004 "应当受理后对申请资料进行审核": the review steps a row dates, against its acceptance.
    ``accept_steps`` names them (the earlier ones when ``accept_order`` is "before")."""
    accepted = _date(application, "accepted_on")
    dated = [(label, day) for name, label in REVIEW_STEPS if (day := _date(application, name)) is not None]
    state = acceptance_word(application)
    if state == "refused":
        steps = [f"{label}日期 {day.isoformat()}" for label, day in dated]
        if decision in ("grant", "recommend", "refuse", "not_recommend"):
            steps.append(f"决定“{application.get('decision').display}”")
        facts["accept_order"] = "refused_but_reviewed" if steps else "refused"
        values["accept_steps"] = "、".join(steps)
        return
    # h136: a decision written without its date is a review step all the same; beside no 受理日期 either, the
    # row was "未记载受理后的审核环节…无需核对先后" and passed, though it records a 准予 nothing dates
    undated_decision = ([f"决定“{application.get('decision').display}”（决定日期未填写或无法识别）"]
                        if decision in ("grant", "recommend", "refuse", "not_recommend") and _date(application, "decided_on") is None
                        else [])
    if not dated and not (undated_decision and accepted is None):
        facts["accept_order"] = "not_reviewed"
        return
    if accepted is None:
        facts["accept_order"] = "undated"
        values["accept_steps"] = "、".join([*(f"{label}日期 {day.isoformat()}" for label, day in dated), *undated_decision])
        return
    early = [(label, day) for label, day in dated if day < accepted]
    facts["accept_order"] = "before" if early else "ok"
    values["accept_steps"] = "、".join(f"{label}日期 {day.isoformat()}" for label, day in (early or dated))


def _level(application: Application) -> str:
    value = application.get("apply_level")
    if value.state != OK:
        return "absent"
    text = nfkc(value.value)
    if "国家" in text:
        return "national"
    if "省" in text:
        return "provincial"
    return "unclear"


def _cap_class(application: Application, schemes_of_year: set[bool]) -> str:
    category = application.get("unit_category")
    if category.state == OK and any(word in nfkc(category.value) for word in SPECIAL_UNITS):
        return "special"
    if len(schemes_of_year) > 1:
        # the province runs its own recognition or it does not: rows of one item and year that
        # say both leave the cap undecided, whatever this row says
        return "conflicting"
    scheme = application.get("provincial_scheme")
    if scheme.state != OK:
        return "unknown"
    return "with_scheme" if scheme.value else "ordinary"


def _notice_when(days: int, working: int) -> str:
    """When a timely notice came, in words: "第 0 个工作日" said of a Saturday's notice after a
    Friday's receipt read as if it had been given on the spot."""
    if days == 0:
        return "为收件当日（当场告知）"
    if working == 0:
        return f"为收件后第 {days} 日，收件次日至告知日均为休息日，其间没有工作日"
    return f"为收件后第 {working} 个工作日"


@fact_function("ledger_item", "acceptance_state", "decision_state", "notice_timing", "notice_wd", "notice_cd", "notice_dates_n",
               "onsite_state", "onsite_staff_n", "recommend_onsite", "written_refusal", "disc_order", "disc_published", "objection_state",
               "reported_md", "recommended_n", "cap_class", "rank_shared", "apply_level_state", "step_order",
               "accept_order",
               values=("accept_steps", "recommend_decided", "calendar_year", "notice_wd", "notice_when", "notice_cd", "notice_dates_n", "notice_count_said", "notice_on_shown", "notice_latest", "notice_limit", "calendar_reading", "onsite_staff_n",
                       "onsite_staff_names", "onsite_staff_said", "recommend_anchor", "reported_year", "recommended_n", "rank_shared",
                       "ledger_year", "item_name"))
def ledger_facts(case: ApplicationCase, out: Facts, *, notice_days_n04: int = 3, notice_days_n06: int = 2) -> None:
    application, facts, values = case.application, out.facts, out.values
    key = item_key(application.text("item"))
    facts["ledger_item"] = item_word(key)
    facts["acceptance_state"] = acceptance_word(application)
    decision = decision_word(application)
    facts["decision_state"] = decision
    _notice(case, facts, values, {"n04": int(notice_days_n04), "n06": int(notice_days_n06)})
    _onsite(application, facts, values)
    _recommend_onsite(application, decision, facts, values)
    written = application.get("written_notice")
    facts["written_refusal"] = ("yes" if written.value else "no") if written.state == OK else written.state
    _disclosure(application, facts, values)
    reported = _date(application, "reported_on")
    if reported is not None:
        facts["reported_md"] = reported.month * 100 + reported.day
        values["reported_year"] = str(reported.year)
    year = ledger_year(application)
    context = case.context
    recommended = getattr(context, "ledger_recommended", None) or Counter()
    ranks = getattr(context, "ledger_ranks", None) or Counter()
    if decision == "recommend":
        category = application.get("unit_category")
        group = quota_group(category.value if category.state == OK else "")
        facts["recommended_n"] = max(recommended.get((key, year, group), 0), 1)
        values["recommended_n"] = str(facts["recommended_n"])
        rank = application.get("rank")
        if rank.state == OK:
            facts["rank_shared"] = max(ranks.get((key, year, rank.value), 0), 1)
            values["rank_shared"] = str(facts["rank_shared"])
    # the year as the messages' "本事项{ledger_year}推荐" reads it: " 2024 年度", or said unknown (it read 未注明年度 年度)
    values["ledger_year"] = f" {year} 年度" if year else "（未注明年度）"
    schemes = getattr(context, "ledger_schemes", None) or {}
    facts["cap_class"] = _cap_class(application, schemes.get((key, year), set()))
    facts["apply_level_state"] = _level(application)
    _steps(application, facts)
    _after_acceptance(application, decision, facts, values)
    values["item_name"] = key or "空白"


__all__ = ["ITEMS", "acceptance_of", "decision_of", "item_key", "ledger_counts", "ledger_facts", "ledger_year", "staff_names", "staff_said", "decision_word"]
