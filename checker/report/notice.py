"""The notices sent to applicants: which kind, what it lists, and the batch file of all of them.

The seeds set two duties at intake: 材料不全或不符合有关要求的，一次告知 (001, 技改补助 workflow:
"审核项目申报单位申报材料是否齐全，材料不全或不符合有关要求的，一次告知") and 依法受理或不予受理（不予受理的依法告知理由）
(004, every item's 受理责任). So a case that is not eligible gets one of two notices:

- **不予受理告知书** when a blocking condition fails (a company registered outside the city cannot
  cure that by sending papers): the reasons, each with the clause it rests on;
- **补正告知书** otherwise (material missing, unreadable or to be explained): everything to
  supply or correct, at once.

With reviewer decisions (--overrides) the notice follows the verdict after review, and a finding a
reviewer decided is judged by that decision. The applicant's copy holds no rule ids, file names,
option names or notes for developers: titles, what was found, what to do, and the clause.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from checker.check.facts.ledger import acceptance_of, decision_of  # the ledger's words, read as the rules read them
from checker.core.findings import decided_conclusion
from checker.core.values import UNIT_SLIP, UNIT_SLIP_YUAN
from checker.report.text import printable_text  # a CSS string drops what every printed value drops

SUPPLEMENT = "supplement"
REFUSAL = "refusal"
TITLES = {SUPPLEMENT: "申报材料补正告知书", REFUSAL: "不予受理告知书"}
NO_NUMBER = "（未填写）"  # the 申报编号 of a row without one: the reports' row<N> is no number the applicant knows


def continued_heading(case_id: str, company: str, title: str) -> str:
    """The line at the top of a notice's second and later printed pages (h163): only the first page names the
    申报编号 (the .notice-no line), so a later page parted from it (faxed, scanned, off the staple) matched no
    application. No colon: "申报编号：" marks the notice's own number line, which a clerk's search finds once per
    notice. A notice without a number names its addressee instead ("申报编号 （未填写）" would match nothing).
    notices.html.j2 builds the same line from its index rows (tests/test_hostile_h163.py compares them)."""
    return f"{_fit(company) if case_id == NO_NUMBER else '申报编号 ' + _fit(case_id)} {title}（续）"


# The heading prints in the page's top margin (25 mm): one line holds ~45 characters at 10.5pt, two fit. A longer
# 申报编号 or company name wrapped into the text below it; its start and end are kept (a clerk matches a page by
# either) around an ellipsis. The notice's own first page prints it in full.
HEADING_PART_MOST = 40


def _fit(text: str) -> str:
    if len(text) <= HEADING_PART_MOST:
        return text
    half = (HEADING_PART_MOST - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


# A value inside a CSS string in a <style> element: a backslash or a quote ends or bends the string, "<" may close
# the element (</style>), "&" and "'" are escaped too so HTML autoescaping has nothing left to change; each as a
# CSS hex escape, whose one trailing space the CSS parser consumes. Braces and semicolons are plain text inside a
# string. Control characters are dropped, as every printed value drops them; the line breaks printed values keep
# (a cell's Alt+Enter) would end a CSS string unclosed, the rule around it misread: escaped too.
_CSS_ESCAPES = (("\\", "\\5c "), ('"', "\\22 "), ("'", "\\27 "), ("<", "\\3c "), (">", "\\3e "), ("&", "\\26 "),
                ("\n", "\\a "), ("\r", "\\d "))


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string, safe inside <style> (notices.html.j2's css_string macro does the same)."""
    text = printable_text(str(value))
    for raw, escaped in _CSS_ESCAPES:
        text = text.replace(raw, escaped)
    return f'"{text}"'


def page_rules(index) -> str:
    """page_rule_pieces joined (one notice's page, the tests)."""
    return "".join(page_rule_pieces(index))


def page_rule_pieces(index) -> Iterator[str]:
    """告知书汇总.html's rules for each notice's printed pages (h163), from its index rows (case id, company,
    title): the K-th notice (the body's K-th section) on its own named page, numbered as notice_style.css.j2's
    notice-odd and notice-even count, with continued_heading at the top of its second and later pages (a counter
    style whose range starts at 2; page 1 falls back to notice-first-page, which prints nothing). Print-only.
    Written here rather than in the template (notices.html.j2's loop and macro, the same bytes): a batch of
    31,000 notices took 0.85 s in Jinja, about a fifth of that here (the 100,000-row check's pages child)."""
    for number, (case_id, company, title) in enumerate(index, start=1):
        parity, other = ("odd", "even") if number % 2 else ("even", "odd")
        yield (
            f"@counter-style notice-{number} {{ system: cyclic; symbols: {css_string(continued_heading(case_id, company, title))}; "
            "range: 2 infinite; fallback: notice-first-page; }\n"
            f"@media print {{ .notice:nth-of-type({number}) {{ page: notice-{number}; }} @page notice-{number} "
            f"{{ margin: 25mm 22mm 22mm 22mm; counter-increment: notice-{parity}; counter-set: notice-{other} 0; "
            f"@top-center {{ content: counter(notice-{parity}, notice-{number}); font-size: 10.5pt; color: #000; }} "
            f'@bottom-center {{ content: "第 " counter(notice-{parity}) " 页"; font-size: 10.5pt; color: #000; }} }} }}\n')


@dataclass(frozen=True)
class NoticeOptions:
    """What the bureau sets for its notices (the seeds set none of it).

    ``remedy`` (default on): a 不予受理告知书 ends with the applicant's remedies, 行政复议 within 60 days
    or 行政诉讼 within 6 months of receiving it (the periods of 《中华人民共和国行政复议法》 and
    《中华人民共和国行政诉讼法》; the 行政复议法's was 60 days before and after its 2023 revision, which renumbered
    its articles, so the sentence cites no article: a notice dated for an earlier round stays right). On by
    default: a refusal is a decision on the application, and one that does not tell the applicant its
    remedy, the body and the period leaves the period open for up to a year (行政复议法: 最长不得超过一年) and
    is what a bureau's legal review sends back. The 复议机关 and the court differ by city and by the bureau's
    level (after the 2023 revision a city bureau's decisions go to the city's 人民政府), so neither is
    guessed: ``review_body`` and ``court`` name them where the bureau gives them, else the sentence says
    依法 (the applicant is then not told the body, and the 60 days run only once it knows it: a bureau
    sets ``review_body``). Off (``remedy=False``) where the bureau's legal office words its own remedy
    clause. A 补正告知书 asks for papers and decides nothing: it states no remedy.
    """

    issuer: str | None = None  # 落款单位; a blank 落款 line to fill in by hand when absent
    date: dt.date | None = None  # 落款日期; blank (年 月 日, dated when stamped) when absent
    reply_days: int = 10  # the 补正 period: not set by the seeds, so a parameter
    remedy: bool = True  # a refusal states the applicant's remedies (see above)
    review_body: str | None = None  # 行政复议机关, e.g. 威海市人民政府; 依法 when absent
    court: str | None = None  # the court a suit goes to, e.g. 威海市环翠区人民法院; 依法向人民法院 when absent


@dataclass(frozen=True)
class NoticeItem:
    title: str
    found: str
    action: str
    basis: str


@dataclass(frozen=True)
class Notice:
    kind: str
    title: str
    case_id: str
    company: str
    project: str  # blank for applications that are not projects (专精特新 recognition...)
    items: list[NoticeItem]
    options: NoticeOptions
    conditions_word: str = "本轮申报条件"  # W-04 and the handling ledgers' items are handled one by one, not in rounds

    @property
    def subject_text(self) -> str:
        """What was submitted, as the notice's first sentence names it."""
        if self.project:
            # Quotes inside the quoted name are single quotes, as Chinese nests them (““专精特新”产品扩产”
            # printed two opening quotes, h146); a name that already ends in 项目 (年产5万套零部件技改项目,
            # as most are written) takes no second one (“…技改项目”项目申报材料).
            name = self.project.replace("“", "‘").replace("”", "’")
            return f"你单位报送的“{name}”{'' if name.endswith('项目') else '项目'}申报材料"
        if self.case_id == NO_NUMBER:  # "（申报编号 （未填写））" named nothing, in brackets within brackets (h146)
            return "你单位报送的申报材料"
        # a letter sets no space between its words and a number (申报编号 WH-2020-001, h155); no colon either:
        # 申报编号： marks the notice's own number line, which is how a clerk's search finds each notice
        return f"你单位报送的申报材料（申报编号{self.case_id}）"

    @property
    def continued_heading(self) -> str:
        return continued_heading(self.case_id, self.company, self.title)

    @property
    def continued_css(self) -> str:
        """CSS for a page that holds this notice alone (the end of its case report, where the notice is the page's one
        section, so on pages named notice-odd): continued_heading at the top of its later pages, nothing on its first
        (the counter style's range starts at 2; page 1 falls back to notice_style.css.j2's notice-first-page, which
        prints nothing). 告知书汇总.html names each notice's own pages and counter style instead (notices.html.j2)."""
        return (f"@counter-style notice-continued {{ system: cyclic; symbols: {css_string(self.continued_heading)}; "
                "range: 2 infinite; fallback: notice-first-page; }\n"
                "@page notice-odd { @top-center { content: counter(notice-odd, notice-continued); font-size: 10.5pt; color: #000; } }")

    @property
    def date_text(self) -> str:
        day = self.options.date
        return f"{day.year}年{day.month}月{day.day}日" if day else "年　　月　　日"

    @property
    def remedy_text(self) -> str:
        """A refusal's remedies (NoticeOptions.remedy), "" for a 补正告知书 or where the bureau turned it off.
        The bodies are the bureau's own words: printed as given, never tightened or guessed."""
        options = self.options
        if self.kind != REFUSAL or not options.remedy:
            return ""
        review = (options.review_body or "").strip()
        court = (options.court or "").strip()
        return ("如对本决定不服，可以自收到本告知书之日起六十日内"
                + (f"向{review}申请行政复议" if review else "依法申请行政复议")
                + "，或者自收到本告知书之日起六个月内"
                + (f"向{court}提起行政诉讼。" if court else "依法向人民法院提起行政诉讼。"))


def effective_outcome(finding: dict) -> str:
    """A finding's outcome as the notice sees it: the reviewer's decision where there is one."""
    override = finding.get("override")
    return override["decision"] if override else finding["outcome"]


def _weighed(finding: dict) -> dict:
    """The finding as the notice weighs it: a reviewer's decision on a standard not yet in force
    (see checker/check/evaluate.py) weighs as the rule does, and is the applicant's to hear."""
    if "override" in finding and "in_force_weight" in finding:
        weighed = dict(finding, **finding["in_force_weight"])
        weighed.pop("gap_of", None)
        return weighed
    return finding


REFUSAL_FAMILIES = ("ELIG-", "COND-")  # eligibility: the seeds' 受理条件 and the round's 申报条件


def _refusal_reason(finding: dict, families: tuple[str, ...] = REFUSAL_FAMILIES) -> bool:
    """A reason to refuse: a failed blocking eligibility condition (the seeds' 受理条件, the round's
    申报条件), the rule's own or a reviewer's 不通过 concluding it (申报途径 decided: the notice gives
    the reviewer's reason). A material rule (APP-) concluded so is asked for in a 补正告知书, as its
    own blocking failure is ("材料不全或不符合有关要求的，一次告知")."""
    if not _applicant(finding) or not finding["rule_id"].startswith(families):
        return False
    return effective_outcome(finding) == "fail" and (finding["severity"] == "blocking" or decided_conclusion(finding))


def effective_verdict(document: dict) -> str:
    return document.get("verdict_with_overrides") or document["verdict"]


def _application_supplements(document: dict, *, advisory: bool = False) -> list[dict]:
    """What the applicant must supply or correct: the failed and missing findings that are not the
    office's own to close (a register not supplied, the district's own opinion, the summary
    workbook's own cells: the rule that needed an unreadable value says what to supply).
    ``advisory``: with the advisory ones (设备投入大于项目总投资): they send no notice of their own,
    but a notice that goes out lists them, as it must list "需要补正的全部内容" at once (001:4765)."""
    held = _workbook_cells(document)
    return [f for f in map(_weighed, document["findings"]) if effective_outcome(f) in ("fail", "missing")
            and (advisory or f["severity"] != "advisory") and _applicant(f) and not _reads_cells(f, held)]


# The summary workbook's own making, not the applicant's writing: a formula without its result, one merged
# cell across several applications, a link to another workbook. A rule that could not read such a cell is
# the office's to settle with the district (h95: the notice asked the applicant to 补正 “公式单元格没有缓存的
# 计算结果”). A figure of doubtful unit or two columns of one field that disagree may be the applicant's own
# writing: those are still asked.
WORKBOOK_PROBLEMS = frozenset({"INP-FORMULA", "INP-MERGED", "INP-EXTERNAL"})


def _workbook_cells(document: dict) -> frozenset[str]:
    return frozenset(ref for f in document["findings"] if f["rule_id"] in WORKBOOK_PROBLEMS for ref in _cells(f))


def _cells(finding: dict) -> list[str]:
    source = str((finding.get("evidence") or {}).get("source") or "")
    return [part.strip() for part in source.split(";") if part.strip()]


def _reads_cells(finding: dict, cells: frozenset[str]) -> bool:
    return bool(cells) and any(ref in cells for ref in _cells(finding))


def _application_refusals(document: dict) -> list[dict]:
    """The failed blocking eligibility conditions: what sending papers cannot cure. A blocking
    material requirement (the truthfulness pledge, APP-TRUTH-PLEDGE) is 材料不全, asked for in a
    补正告知书 ("材料不全或不符合有关要求的，一次告知"), as the handling ledgers' notices do."""
    return [f for f in map(_weighed, document["findings"]) if _refusal_reason(f)]


# A workflow whose office does not accept or refuse applications but proposes a list upward: W-22
# (001:4712-4716: 统筹各区市工信局的初审意见 → 根据省里确定的推荐条件和要求，提出建议推荐名单 → 报送局领导审签
# → 上报省工信厅). Its duty list sends nothing to applicants, so no notice is written (neither 不予受理,
# which presumes an acceptance, nor 补正: the districts' first review is where material is asked for);
# whether the office tells an applicant it was left off the list is the office's decision.
NO_APPLICANT_NOTICE = {
    "W-22": "告知书：本流程是根据省里确定的推荐条件和要求提出建议推荐名单、报省工信厅，不受理也不驳回申请，"
            "履职清单未规定向申报单位发出告知书，本次不生成不予受理告知书或补正告知书；不符合推荐条件的不列入建议推荐名单，"
            "需补充或核实的材料请经区市工信部门了解。",
}


def notice_kind(document: dict) -> str | None:
    """None for an eligible case; refusal when a blocking condition fails; supplement otherwise."""
    if str(document.get("workflow") or "") in NO_APPLICANT_NOTICE:
        return None
    if _ledger(document):
        return _ledger_kind(document)
    verdict = effective_verdict(document)
    if verdict == "eligible" or _withdrawn(document):
        return None
    if verdict == "ineligible" and _application_refusals(document):
        return REFUSAL
    # only the office's own work is open (a register to consult): nothing to ask of the applicant yet
    return SUPPLEMENT if _application_supplements(document) else None


def _withdrawn(document: dict) -> bool:
    """A remark says the application was withdrawn and no reviewer has decided otherwise: whether it
    stands is the office's to establish, and nothing goes to the enterprise meanwhile."""
    return any(f.get("holds_verdict") and effective_outcome(f) == "fail" for f in document["findings"])


# A handling ledger (受理台账) row: its verdict judges the office's handling, so the notice to the
# applicant is built from the applicant's findings only (documents, copies, eligibility), never from
# the office's handling or the ledger's own input findings. A blocking eligibility failure is a
# refusal (不予受理（不符合申报条件）告知, with reasons); missing or defective material a 补正告知.

def _ledger(document: dict) -> bool:
    return document.get("verdict_subject") == "office"


def _applicant(finding: dict) -> bool:
    """A finding the applicant can act on: not the office's duty or gap, not a cell of the office's
    workbook. The office's gap (a limit or catalogue not supplied) is closed by a reviewer's 不通过 on
    it (项目总投资超过限额): that conclusion is the applicant's to hear. A 待补充 leaves the gap where it
    was (台账未登记份数，请经办人补登 is the clerk's to do)."""
    decided = (finding.get("override") or {}).get("decision") == "fail"
    return (finding.get("subject") != "office" and (finding.get("gap_of") != "office" or decided)
            and not finding["rule_id"].startswith(("INP-", "ENGINE-")))


def _ledger_refusals(document: dict) -> list[dict]:
    # as in an application run, of the item's eligibility rules (a ledger has no round conditions)
    return [f for f in document["findings"] if _refusal_reason(f, ("ELIG-",))]


def _ledger_supplements(document: dict, *, advisory: bool = False) -> list[dict]:
    held = _workbook_cells(document)
    return [f for f in document["findings"] if _applicant(f) and (advisory or f["severity"] != "advisory")
            and effective_outcome(f) in ("fail", "missing") and not _reads_cells(f, held)]


# A ledger row whose handling has moved past the moment a notice is for gets none: the office accepted or
# refused it (受理结果), decided it (决定), or already sent its one deficiency notice (004:44 一次性告知补正材料:
# a second would be no 一次性告知, and an accepted, recommended application is not asked to 补正 under threat
# of 按申报材料不全处理). The applicant's problems stay in the row's report; the run says so (LEDGER_NOTICE_NOTE).
LEDGER_NOTICE_NOTE = ("告知书：受理台账中已受理或不予受理、已作出决定或已发出过补正告知的申请，不再生成告知书"
                      "（补正材料只一次性告知，权责清单“一次性告知补正材料”）；其申请人材料问题见各行报告的审核意见，"
                      "受理时材料是否齐全由经办科室核实。")


def _ledger_open(document: dict) -> bool:
    """The row still waits for the office's first answer: nothing accepted, refused, decided or asked for,
    read as the rules read the cells (待受理, 受理中 or a 决定 待定 is no answer yet; a 受理日期, 决定日期 or
    上报日期 is one, whatever the result cell says)."""
    values = document.get("application") or {}

    def cell(name: str) -> tuple[str, str]:
        entry = values.get(name) or {}
        return entry.get("state", "absent"), str(entry.get("value") or "")

    def written(name: str) -> bool:
        return cell(name)[0] != "absent"

    state, acceptance = cell("acceptance")
    answered = state != "absent" and acceptance_of(acceptance) != "absent"
    state, decision = cell("decision")
    decided = state != "absent" and decision_of(decision) != "unclear"
    count = values.get("deficiency_notice_count") or {}
    asked = written("deficiency_notice_on") or (count.get("state") == "ok" and str(count.get("value")) not in ("0", ""))
    dated = any(written(name) for name in ("accepted_on", "decided_on", "reported_on"))
    return not (answered or decided or asked or dated)


def _ledger_kind(document: dict) -> str | None:
    if not _ledger_open(document):
        return None
    if _ledger_refusals(document):
        return REFUSAL
    return SUPPLEMENT if _ledger_supplements(document) else None


Basis = Callable[[dict], str]  # a finding's clause in words (checker.report.case.CaseWords.basis)


# What a reviewer's report says about the checking itself; the applicant's notice leaves it out.
_FOR_REVIEWERS = ("依赖此项的规则判为“待补充”。", "；依赖此项的规则判为“待补充”。")


# Asides a reviewer's report keeps and an applicant's copy does not: a file or option named in
# brackets ("（reserve_pool.csv）", "（--credit-list）") and what another reading of the text gives,
# and the reviewer's note that the reference date precedes the standard's effective date (the office's
# question: "请核实当时适用的标准"), which the notice printed as "（截至 2019年6月30日 早于本规则…）".
_ASIDES = re.compile(r"（[^（）]*(?:\.(?:csv|xlsx|xls|json|jsonl|yaml|yml|txt|db)|--[a-z][a-z-]*)[^（）]*）|（按[^（）]*结果为“[^”]*”。?）"
                     r"|（参考日期 [^（）]*早于本规则所用标准的生效日期[^（）]*）")


# the run's own bookkeeping: a reference date the reviewer did not give means nothing to the applicant
_NO_REFERENCE = "（参考日期 （未给出））"


# What is the reviewer's to do, said at the end of a sentence the applicant also reads (请说明逾期提交的
# 原因，由审核人决定是否受理。): the applicant's copy ends the sentence before it; and a row of the
# districts' summary sheet (另见 WH-2020-012（第 14 行）), a number the applicant has never seen
_REVIEWERS_PART = re.compile(r"，由审核人[^，。；（）“”]*(?=。)")
_ROW_ASIDE = re.compile(r"（(?:[^（）]*\s)?第 \d+ 行）")


def for_applicant(text: str, on: str = "") -> str:
    """A finding's sentence as the applicant's notice prints it (``on``: the case's reference date)."""
    for sentence in _FOR_REVIEWERS:
        text = text.replace(sentence, "。" if sentence.startswith("；") else "")
    if "审核人" in text or " 行）" in text:
        # never inside the applicant's own words, quoted as written (“约100万，由审核人核定”)
        text = "".join(part if part.startswith("“") else _ROW_ASIDE.sub("", _REVIEWERS_PART.sub("", part))
                       for part in _QUOTED.split(text))
    return _dates_in_words(_comparisons_in_words(_reference_named(_ASIDES.sub("", text.replace(_NO_REFERENCE, "")), on)))


# A finding that writes a bound with symbols (不符合本条件（≥ 80%）: round conditions did until h151, whose findings
# now say it in words themselves, 本轮条件要求不低于 80%) is said in words in a formal notice (不低于 80%), a date's
# bound as dates are bounded (不晚于 2024年6月30日): kept for findings and runs written that way.
_COMPARISON = re.compile(r"(?<=[（\s])(≥|≤|≠|>|<|=) (?=(\d{4}-\d{2}-\d{2}(?![\d-]))?)")
_NUMBER_WORDS = {"≥": "不低于", ">": "超过", "≤": "不超过", "<": "低于", "=": "应为", "≠": "不应为"}
_DATE_WORDS = {"≥": "不早于", ">": "晚于", "≤": "不晚于", "<": "早于", "=": "应为", "≠": "不应为"}


def _comparison_in_words(match: re.Match) -> str:
    return (_DATE_WORDS if match[2] else _NUMBER_WORDS)[match[1]] + " "


def _comparisons_in_words(text: str) -> str:
    """Symbols of comparison in words, outside the applicant's own quoted text."""
    if not any(symbol in text for symbol in _NUMBER_WORDS):
        return text
    return "".join(part if part.startswith("“") else _COMPARISON.sub(_comparison_in_words, part) for part in _QUOTED.split(text))


# "参考日期" is the reviewers' word for the day a case is judged on; the applicant's notice names the day
_REFERENCE_WORDS = (("到参考日 ", "到 "), ("晚于参考日 ", "晚于 "), ("（参考日期 ", "（截至 "))


def _reference_named(text: str, on: str) -> str:
    if not on or "参考日" not in text:
        return text
    for word, plain in _REFERENCE_WORDS:
        text = text.replace(word, plain)
    return (text.replace("参考日期当日或之前", f" {on} 当日或之前").replace("参考日期前", f" {on} 前")
            .replace("在参考日期", f"在 {on} "))


_QUOTED = re.compile(r"(“[^“”]*”)")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _date_in_words(match: re.Match) -> str:
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return match[0]
    return f"{day.year}年{day.month}月{day.day}日"


def _dates_in_words(text: str) -> str:
    """A date the report writes 2020-08-03 as the notice's own date is written (2020年8月3日), so one
    notice does not date things two ways; a quoted value is the applicant's own text and stays as written."""
    return "".join(part if part.startswith("“") else _ISO_DATE.sub(_date_in_words, part) for part in _QUOTED.split(text))


def _unit_slips(finding: dict) -> str:
    """A figure under 1 万元 in a 元 column, most likely a 万元 figure typed there: the notice says
    what was written and asks, as the reviewer's report does (the reading, and the verdict, stand)."""
    asked = [part for key, note in (finding.get("evidence") or {}).items() if key.endswith("_note") and isinstance(note, str)
             for part in note.split("；") if UNIT_SLIP in part or UNIT_SLIP_YUAN in part]
    return "".join(f"（{part}。）" for part in dict.fromkeys(asked))


def _reviewer_speaks(finding: dict) -> bool:
    """The reviewer's decision, not the rule's sentence, is what the applicant reads: a decision
    other than the rule's outcome, one concluding a review rule, or one closing the office's gap
    (the rule's sentence there was addressed to the office: 请审核人提供…)."""
    override = finding.get("override")
    return bool(override) and (override["decision"] != finding["outcome"] or decided_conclusion(finding)
                               or finding.get("gap_of") == "office")


def _supplement_action(finding: dict) -> str:
    """What the applicant is asked to do: the rule's remedy, unless it was addressed to the office
    (the office's gap a reviewer's decision closed: 请审核人提供…)."""
    if finding.get("override") and (finding.get("gap_of") == "office" or decided_conclusion(finding)):
        return "请补充或说明。"  # the rule's remedy asked what the reviewer has since answered (请说明…原因)
    return finding.get("remedy") or "请补充或说明。"


def _item(finding: dict, basis: Basis, action: str, on: str = "") -> NoticeItem:
    override = finding.get("override")
    if _reviewer_speaks(finding):
        # the reviewer's decision stands: the notice gives the reviewer's reason, not the rule's sentence
        # (nor its question, 需核实是否为同一项目重复申报, once the reviewer has answered it)
        found = f"经人工复核：{override['reason']}。".replace("。。", "。")
    else:
        found = for_applicant(finding["message"], on) + _unit_slips(finding)
    # A value that could not be read rests on the form's own format, not on a clause of the duty
    # list: the notice says what to correct and cites nothing.
    clause = "" if finding["rule_id"].startswith("INP-") else basis(finding)
    if not _reviewer_speaks(finding):  # the reviewer's reason is printed as the reviewer wrote it
        found = set_solid(found, _written_values(finding))
    action = set_solid(for_applicant(action), _written_values(finding))
    return NoticeItem(finding["title"]["zh"], _full_stop(found), _full_stop(action), clause)


# The reviewer's report sets figures, codes and dates apart with spaces (年度设备投入 99.99 万元，低于 100 万元);
# a letter does not (年度设备投入99.99万元, h155; GB/T 15835: no space between Chinese and the figures within it).
# A space goes where it stands between a Chinese character or Chinese punctuation and anything but a space;
# one between two Latin letters or figures (a code written 9137 1002) stays. What the applicant wrote stays as
# written: text quoted in “”, and a cell's value printed bare in brackets as it was written (无法识别（约 120 万）),
# known from the finding's evidence. A value the message prints as read (填写为 980 万元, from 玖佰捌拾万元整: the
# evidence holds the reading) is the report's layout, and is set solid with the rest.
_CHINESE = "\u2018-\u201f\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_LOOSE = re.compile(rf"(?<=[{_CHINESE}]) +(?=[^ ])|(?<=[^ ]) +(?=[{_CHINESE}])")


def _written_values(finding: dict) -> list[str]:
    return [value for value in (finding.get("evidence") or {}).values() if isinstance(value, str) and " " in value]


def set_solid(text: str, written: list[str] | tuple[str, ...] = ()) -> str:
    """``text`` as a letter sets it: no space between Chinese and a figure, code or date, outside the
    applicant's own words (quoted in “”, or one of ``written``, the cells' values as written, where the text
    prints one bare in brackets)."""
    if " " not in text:
        return text
    kept = [match.span() for match in _QUOTED.finditer(text)]
    for value in sorted(set(written), key=len, reverse=True):
        at = text.find(value)
        while at != -1:
            # in brackets, or in quotes a quote inside the value itself cut short (“上海市” 静安区 88 号”)
            if text[at - 1:at] + text[at + len(value):at + len(value) + 1] in ("（）", "“”"):
                kept.append((at, at + len(value)))
            at = text.find(value, at + len(value))

    if not kept:  # most sentences: nothing of the applicant's own to keep (a third of a 100,000-row batch has notices)
        return _LOOSE.sub("", text)

    def solid(match: re.Match) -> str:
        start, end = match.span()
        return match[0] if any(begin < end and start < stop for begin, stop in kept) else ""

    return _LOOSE.sub(solid, text)


def _full_stop(sentence: str) -> str:
    """A notice's sentence ends as a letter's does. A round condition's remedy ends on the condition it
    names (…以便核对：上年度研发费用占营业收入比重不低于3%): the 需补正 line stopped there, unfinished (h146)."""
    if not sentence or sentence.endswith(("。", "！", "？", "。）", "。”")):
        return sentence
    return sentence + "。"


def build_notice(document: dict, basis: Basis, options: NoticeOptions) -> Notice | None:
    kind = notice_kind(document)
    if kind is None:
        return None
    on = str((document.get("reference_date") or {}).get("date") or "")
    if _ledger(document):
        chosen = _ledger_refusals(document) if kind == REFUSAL else _ledger_supplements(document, advisory=True)
        action = (lambda f: "") if kind == REFUSAL else _supplement_action
        items = [_item(f, basis, action(f), on) for f in chosen]
    elif kind == REFUSAL:
        items = [_item(f, basis, "", on) for f in _application_refusals(document)]
    else:
        chosen = _application_supplements(document, advisory=True)
        items = [_item(f, basis, _supplement_action(f), on) for f in chosen]
    application = document.get("application") or {}

    def value(name: str) -> str:
        # a value that could not be read (an exported None for the name) addresses no one
        entry = application.get(name) or {}
        return "" if entry.get("state") == "unreadable" else str(entry.get("value") or "")

    # a row without its own id is named row<N> in the reports; the applicant knows no such number
    number = value("application_id") or NO_NUMBER
    return Notice(kind, TITLES[kind], number, value("company_name") or "申报单位",
                  value("project_name"), items, options, conditions_word(document))


# Handled application by application (受理条件 set by law or the item's own rules), not in rounds with
# a notice's 申报条件: W-04 (seed 001:2397 "(二) 受理条件") and the handling ledgers' items.
ONE_BY_ONE = ("W-04",)


# A round whose duty list names its own conditions 受理条件: W-05 (001:2417 "（二）受理条件：项目单位在威海市行政区域内注册…").
# Its refusal for those (ELIG-) is 不符合受理条件, as each reason's own sentence says; for the round notice's
# conditions (--conditions, COND-) 不符合本轮申报条件; for both, both (a W-05 refusal said 本轮申报条件 while its reason
# said 受理条件: h155).
NAMED_ACCEPTANCE_CONDITIONS = ("W-05",)


def conditions_word(document: dict) -> str:
    workflow = str(document.get("workflow") or "")
    if workflow in ONE_BY_ONE or _ledger(document):
        return "受理条件"
    if workflow in NAMED_ACCEPTANCE_CONDITIONS:
        families = {f["rule_id"][:5] for f in _application_refusals(document)}
        words = [word for family, word in (("ELIG-", "受理条件"), ("COND-", "本轮申报条件")) if family in families]
        return "和".join(words) or "本轮申报条件"  # (a 补正告知书 names no conditions)
    return "本轮申报条件"
