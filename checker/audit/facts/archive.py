"""The archive (归档): the materials the seed lists, each 是 (archived) on the 归档 sheet."""

from __future__ import annotations

import difflib
import re

from checker.audit.facts.common import RoundCase, cell_parts, names_unit
from checker.audit.record import SHEET_ARCHIVE, RoundRecord
from checker.core.evaluator import Facts, fact_function
from checker.core.text import nfkc

YES = ("是", "已归档", "有", "Y", "y", "yes", "√", "✓", "✔")  # a tick as Word, WPS or a font types it
NO = ("否", "未归档", "无", "N", "n", "no", "×", "✗", "✘")
# h152: the column's own words as clerks answer it (归档, 已存档; 未存档, 不归档) were 填写不明, 需人工复核
YES += ("归档", "已存档", "存档")
NO += ("未存档", "不归档", "没有")
_NOTE = re.compile(r"\s*[(（\[【].*[)）\]】]\s*$")


def answer(text: str) -> str:
    """A 是否归档 cell without a clerk's trailing note: "否（原件存纪检组）" is 否, "是（复印件）" is 是
    (the seed's materials are "原件或复印件", 001:4075)."""
    plain = nfkc(text or "").strip().rstrip("。.").strip()  # "是。" (h152: 填写不明) is 是
    bare = _NOTE.sub("", plain).strip()
    return bare or plain


ARCHIVE_ITEMS: list[tuple[str, tuple, tuple[str, ...]]] = [
    # (name, all of these words (a tuple among them: any one of its words), none of these words).
    # The seed's own words for a material count as its name: 001:2949 lists the archive as "“三重一大”事前、
    # 事中、事后报告材料，专家评审资料…", so "事前告知材料", "事中报告" and "《“三重一大”事项报告表》（事中）" (the
    # 事中 slip under the 事前 form's name) are those forms, and "评审资料" the experts' review material.
    ("《“三重一大”事项报告表》（事前）", (("报告表", "报告", "告知"), "事前"), ()),
    ("下发的通知", ("通知",), ("报告", "草稿")),  # the issued notice, not the draft sent with the 事前 report
    ("《“三重一大”事项报告表》（评审）", ("报告表", "评审"), ()),
    ("专家评审资料", (("专家评审", "评审资料"),), ("报告表",)),
    ("《“三重一大”事项报告单》（事中）", (("报告单", "事中"),), ("事前", "评审")),
    ("党组会汇报材料", ("汇报材料",), ()),
    ("《“三重一大”事项决策情况表》", ("决策情况",), ()),
    ("会议纪要", ("纪要",), ()),
]
ARCHIVE_ITEM_9 = ("《专项资金项目流程审核情况表》（有资金的填写）", ("流程审核",), ())


# a row standing for every material at once (全部材料 | 是): it names none of them, so it cannot show
# that each was archived; the items it covers need review one by one, never 不合规 nor passed
CATCH_ALL = frozenset({"全部", "所有", "全部材料", "所有材料", "以上全部", "以上材料", "以上所有材料", "以上全部材料", "全部归档材料",
                       "所有归档材料", "全部资料", "所有资料", "全套材料", "全部档案", "上述材料", "上述全部材料", "全部文件"})
_CATCH_ALL_MARKS = re.compile(r"[\s《》“”\"'。.、:：]")


def is_catch_all(item: str) -> bool:
    """A 材料名称 that stands for every material (全部材料, 所有材料, 以上全部), a clerk's note in brackets aside."""
    return _CATCH_ALL_MARKS.sub("", _NOTE.sub("", nfkc(item or ""))) in CATCH_ALL


def _matches(item: str, words: tuple, exclude: tuple[str, ...]) -> bool:
    """A 材料名称 holding every word (of a tuple among them, any one) and none of ``exclude``."""
    return (all(any(a in item for a in w) if isinstance(w, tuple) else w in item for w in words)
            and not any(x in item for x in exclude))


# a 材料名称 listing several materials in one row ("《“三重一大”事项报告表》（评审）、专家评审资料 | 是")
_LISTED = re.compile(r"[、，,；;/\n]+")


def _listed_with_others(item: str, words: tuple, exclude: tuple[str, ...]) -> bool:
    """A row listing several materials, one of which names this one, while the row as a whole does not
    (a word of another part excludes it: 专家评审资料 beside 《“三重一大”事项报告表》（评审）, or 申报通知 beside the
    事前 form it was sent with, 001:4050): whether the row archives this material is for the inspector to
    see, never "未归档" (不合规)."""
    parts = [part for part in _LISTED.split(item) if part.strip()]
    return len(parts) > 1 and any(_matches(part, words, exclude) for part in parts)


_NAME_MARKS = re.compile(r"[\s《》“”\"'()（）\[\]【】]|三重一大|事项")


def _near(written: str, name: str) -> bool:
    """A 材料名称 naming no material of the list that is close to this one's name (会议记要, 党组会汇报资料): a
    slip of the pen is not "未归档"."""
    left, right = _NAME_MARKS.sub("", nfkc(written)), _NAME_MARKS.sub("", nfkc(name))
    return bool(left and right) and difflib.SequenceMatcher(None, left, right).ratio() >= 0.6


def names_item(item: str, items=None) -> bool:
    """Whether a 材料名称 names one of the seed's materials (the nine, or the decision-trail materials)."""
    listed = [*ARCHIVE_ITEMS, ARCHIVE_ITEM_9] if items is None else items
    return any(_matches(item, words, exclude) for _, words, exclude in listed)


def archive_status(record: RoundRecord, items) -> tuple[list[str], list[str], list[str]]:
    """(archived, not archived, unknown) item names. An item no row names but a catch-all row
    (全部材料 | 是) covers is unknown, saying so: the row names no material, the inspector checks each."""
    archived, absent, unknown = [], [], []
    rows = [(row.text("item"), row) for row in record.archive]  # each row's item read once, not once per item sought
    covering = [(row, answer(row.text("archived"))) for item, row in rows if is_catch_all(item)]
    # rows archived (是) that name no material of the seed's list: a misspelt name (会议记要) may be one
    unnamed = [(item, row) for item, row in rows if answer(row.text("archived")) in YES and not is_catch_all(item)
               and not names_item(item, [*ARCHIVE_ITEMS, ARCHIVE_ITEM_9])]
    covered: dict[str, list[str]] = {}
    for name, words, exclude in items:
        answers = [answer(row.text("archived")) for item, row in rows if _matches(item, words, exclude)]
        yes, no = any(a in YES for a in answers), any(a in NO for a in answers)
        all_yes = [row for row, said in covering if said in YES]
        all_no = [row for row, said in covering if said in NO]
        if yes and no:  # one item recorded twice, 是 and 否: the record contradicts itself
            unknown.append(f"{name}（同一材料分别填写“是”和“否”）")
        elif (yes and all_no) or (no and all_yes):  # 全部材料 | 否 beside 会议纪要 | 是, or the converse
            row = (all_no or all_yes)[0]
            unknown.append(f"{name}（该材料一行与“{row.shown('item')}”一行（{row.ref('item')}）所填是否归档不一致）")
        elif yes:
            archived.append(name)
        elif no:
            absent.append(name)
        elif all_yes and not all_no:
            row = all_yes[0]
            covered.setdefault(f"归档表未单列，仅“{row.shown('item')}”一行（{row.ref('item')}）填“{row.shown('archived')}”，须逐项核实",
                               []).append(name)
        elif all_yes and all_no:
            covered.setdefault("归档表未单列，概括全部材料的行所填是否归档不一致", []).append(name)
        elif not answers:
            listed = [row for item, row in rows if _listed_with_others(item, words, exclude)]
            near = [row for item, row in unnamed if _near(item, name) and not any(x in item for x in exclude)]
            if listed or near:
                row = (listed or near)[0]
                said = "与其他材料写在同一行" if listed else "名称与该材料相近"
                unknown.append(f"{name}（归档表未单列，“{row.shown('item')}”一行（{row.ref('item')}）{said}，"
                               f"是否归档填写“{row.shown('archived') or '未填'}”，须核实是否即该材料）")
            else:
                absent.append(name)
        else:  # what the row says, and where: "会议纪要（是否归档填写“复印件”，归档#9.是否归档）"
            said = [(row.shown("archived"), row.ref("archived")) for item, row in rows if _matches(item, words, exclude)]
            unknown.append(f"{name}（" + "；".join(f"是否归档填写“{v}”，{ref}" if v else f"是否归档未填，{ref}" for v, ref in said) + "）")
    # the items a catch-all row covers, named once with the row: "A、B、C（归档表未单列，仅“全部材料”一行…）"
    unknown += [f"{'、'.join(names)}（{why}）" for why, names in covered.items()]
    return archived, absent, unknown


@fact_function("arch_state", "arch_missing", "arch9_state", "arch9_missing")
def archive_facts(case: RoundCase, out: Facts) -> None:
    record, facts, values = case.record, out.facts, out.values
    if not record.archive:
        facts["arch_state"] = facts["arch9_state"] = "no_sheet" if SHEET_ARCHIVE not in record.sheets_present else "no_items"
        facts["arch_missing"] = facts["arch9_missing"] = 0
        values["arch_missing"] = values["arch9_missing"] = "（归档表无记录）"
        values["arch_unknown"] = "无"
        return
    _, absent, unknown = archive_status(record, ARCHIVE_ITEMS)
    facts["arch_missing"] = len(absent)
    facts["arch_state"] = "incomplete" if absent else ("unknown" if unknown else "ok")
    values["arch_missing"] = "、".join(absent) or "无"
    values["arch_unknown"] = "、".join(unknown) or "无"
    _, absent9, unknown9 = archive_status(record, [ARCHIVE_ITEM_9])
    missing9, unknown_all = list(absent), list(unknown)
    if record.has_funds is True:
        missing9 += absent9
        unknown_all += unknown9
    facts["arch9_missing"] = len(missing9)
    if missing9:
        facts["arch9_state"] = "incomplete"
    elif unknown_all:
        facts["arch9_state"] = "unknown"
    elif record.has_funds is None and not any("流程审核" in r.text("item") and answer(r.text("archived")) == "是" for r in record.archive):
        facts["arch9_state"] = "funds_unknown"
    else:
        facts["arch9_state"] = "ok"
    values["arch9_missing"] = "、".join(missing9) or "无"
    if record.has_funds is True and unknown9:  # the 9th item undecided too: named with the others, once per reason
        values["arch_unknown"] = "、".join(archive_status(record, [*ARCHIVE_ITEMS, ARCHIVE_ITEM_9])[2])


# "以上决策程序完成后，由科室汇总体现项目决策完整过程的有关材料（原件或复印件）、填写《决策情况（备案）表》":
# the materials are compiled with the form. The record shows them on the 决策备案 row (文号/材料 or
# 备注) or as an archive item.
_TRAIL_WORDS = ("决策过程", "完整过程", "过程材料", "决策材料", "有关材料")


_TRAIL_NEGATION = ("非", "未", "不是", "没有", "不含", "无", "缺")


def _trail_mentions(text: str) -> list[bool]:
    """Each mention of the decision-trail materials in a cell: True where it names them, False where
    it says they were not there ("（未附决策过程材料）", "决策过程材料没有汇总"); a note on the copy
    ("决策过程材料（原件未附，附复印件）") still names them."""
    found = []
    for part in cell_parts(text):
        spans = [(part.index(word), part.index(word) + len(word)) for word in _TRAIL_WORDS if word in part]
        if spans:  # the words overlap (决策过程材料): the phrase runs from the first to the last
            before, after = part[:min(s for s, _ in spans)], part[max(e for _, e in spans):]
            found.append(not (any(n in before for n in _TRAIL_NEGATION)
                              or after.lstrip("(（").startswith(_TRAIL_NEGATION)))
    return found


def _names_trail(text: str) -> bool:
    return any(_trail_mentions(text))


def _denies_trail(text: str) -> bool:
    return not all(_trail_mentions(text))


def _filing_text(step) -> str:
    return "；".join(filter(None, (step.row.text("doc"), step.row.text("note"))))


def _filing_shown(step) -> str:
    """:func:`_filing_text` as written (for a message)."""
    return "；".join(filter(None, (step.row.shown("doc"), step.row.shown("note"))))


@fact_function("trail_state")
def decision_trail_facts(case: RoundCase, out: Facts) -> None:
    record = case.record
    filings = record.steps_of("post_filing")
    on_filing = [s for s in filings if _names_trail(_filing_text(s))]
    denied = [s for s in filings if s not in on_filing and _denies_trail(_filing_text(s))]
    archived = [r for r in record.archive if _names_trail(r.text("item"))]
    archived_yes = [r for r in archived if answer(r.text("archived")) in YES]  # "是（复印件）" is 是, as for the list
    archived_no = [r for r in archived if answer(r.text("archived")) in NO]
    if on_filing or archived_yes:
        state = "ok"
    elif archived_no or denied:
        state = "not_compiled"
    elif not filings:
        state = "no_filing"
    elif any(s.row.text("doc") or s.row.text("note") for s in filings) or record.archive:
        state = "not_named"
    else:
        state = "unrecorded"
    out.facts["trail_state"] = state
    where = [f"{s.row.shown('doc') or s.row.shown('note')}（{s.row.ref('doc')}）" for s in on_filing]
    where += [f"决策备案 {_filing_shown(s)}（{s.row.ref('doc')}）" for s in denied]
    where += [f"归档“{r.shown('item')}”：{r.shown('archived') or '未填'}（{r.ref('item')}）" for r in archived]
    out.values["trail_detail"] = "；".join(where) or "；".join(
        f"决策备案 {s.row.shown('doc') or '（文号/材料未填）'}（{s.row.ref('doc')}）" for s in filings) or "（无决策备案记录）"


# "填写《“三重一大”事项决策情况表》，《专项资金项目流程审核情况表》（有资金的填写）。于会后三天报送…":
# with funds, the process review sheet goes with the decision form (001:4075 and the same clause in
# W-13 … W-16). The record shows it on the 决策备案 row (文号/材料 or 备注).
@fact_function("process_sheet_state")
def process_sheet_facts(case: RoundCase, out: Facts) -> None:
    record = case.record
    filings = record.steps_of("post_filing")
    texts = [(s, "；".join(filter(None, (s.row.text("doc"), s.row.text("note"))))) for s in filings]
    # named, not merely mentioned: "（未附流程审核情况表）" or a 备注 "流程审核情况表未报送" says it was not sent
    named = [(s, text) for s, text in texts if names_unit(text, "流程审核")]
    denied = [(s, text) for s, text in texts if any("流程审核" in part and not names_unit(part, "流程审核")
                                                    for part in cell_parts(text))]
    if record.has_funds is False:
        state = "no_funds"
    elif denied and record.has_funds is not None:
        state = "denied"
    elif named and not denied:
        state = "named"
    elif record.has_funds is None:
        state = "funds_unknown"
    elif not filings:
        state = "no_filing"
    elif any(text for _, text in texts):
        state = "not_named"
    else:
        state = "unrecorded"
    out.facts["process_sheet_state"] = state
    shown = denied or named or texts
    out.values["process_sheet_detail"] = "；".join(
        f"“{_filing_shown(s) or '文号/材料未填'}”（{s.row.ref('doc')}）" for s, _ in shown) or "（无决策备案记录）"
