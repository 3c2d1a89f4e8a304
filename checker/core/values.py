"""Exact parsing of cell values: money as Decimal, dates, yes/no answers, USCCs.

Every parser returns a value or raises :class:`Unreadable` with the form it expected, so the
validation stage can turn it into an ``INP-`` finding naming the cell. Nothing here guesses: text
that is not clearly a number, date or answer is unreadable, never zero or "no".
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from decimal import Decimal

from checker.core.text import has_hidden, nfkc, strip_hidden

# Excel shows at most 15 significant digits; a formula giving 99.99999999999999 displays 100.
EXCEL_SIGNIFICANT_DIGITS = 15
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year quirk)

WAN = Decimal(10000)


class Unreadable(ValueError):
    """A value that cannot be read in the expected form; ``expected`` says which form."""

    def __init__(self, expected: str, detail: str | None = None):
        super().__init__(detail or expected)
        self.expected = expected
        self.detail = detail


# An empty cell as a program exporting the table writes it (pandas nan, NaT and <NA>, Python's None,
# a database's NULL): in a name or an id it is no value (checker/check/validate.py, ids.py)
EXPORT_BLANKS = frozenset({"nan", "none", "null", "nat", "<na>"})


def export_blank(raw: object) -> bool:
    """A text cell holding only such a word (ＮＵＬＬ, written full-width, too)."""
    if not isinstance(raw, str) or len(raw) > 12:
        return False  # every such word is at most 4 characters: a name or an id is looked at no further
    if len(raw.strip()) > 4 and (raw.isascii() or not has_hidden(raw)):
        return False  # nothing hidden to take out (every such mark is non-ASCII): still more than 4 characters
    written = strip_hidden(raw).strip()  # N<zero-width space>ULL is NULL to the eye
    return len(written) <= 4 and nfkc(written).lower() in EXPORT_BLANKS


def is_blank(raw: object) -> bool:
    """None, or text that is white space only once NFKC-normalised. A character's NFKC form is
    white space exactly when the character is (checked over every code point; normalising never
    makes white space of other text), so str.strip says the same without normalising every cell."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --- numbers ----------------------------------------------------------------------------------

NUMBER_FORM = '数字，如 100、100.00、1,200.50、１２０、"100万元"'
# the same in a 元 column: its bare figures are 元 (100 there is 100 元, not the 100 万元 of the 万元 form)
YUAN_NUMBER_FORM = '数字（元），如 1000000、1,000,000.00、"1,000,000元"、"100万元"'


def decimal_from_cell(value: float | int) -> Decimal:
    """A numeric cell as Excel displays it: rounded to 15 significant digits, exact Decimal."""
    if isinstance(value, bool):
        raise Unreadable(NUMBER_FORM, f"布尔值 {value}")
    if isinstance(value, int):
        return Decimal(value)
    written = getattr(value, "text", None)  # a JSON file's number, as written (checker.io.table.JsonNumber)
    if written is not None:
        return json_decimal(written)
    if not math.isfinite(value):  # NaN or an infinity
        raise Unreadable(NUMBER_FORM, "非数值")
    return Decimal(f"{value:.15g}")  # EXCEL_SIGNIFICANT_DIGITS, written out: a literal format is read once, not per cell


JSON_EXPONENT_LIMIT = 20  # a JSON number's figure from 1e-20 to 1e20: any amount, count or threshold, and room beyond


def json_decimal(written: str) -> Decimal:
    """A JSON number's text as an exact Decimal. Its exponent is bounded: 1e-999999999 is a short
    text whose digits written out take gigabytes (every message quotes the figure), and 1e400 is no
    figure a form holds; such a number is unreadable, as an exponent written in a CSV cell is."""
    number = Decimal(written)
    if number.is_zero():
        return Decimal(0)  # 0e-999999999 is 0 (written out, a billion zeros)
    if not number.is_finite() or abs(number.adjusted()) > JSON_EXPONENT_LIMIT:
        raise Unreadable(NUMBER_FORM, f"数值 {written[:40]} 超出可读取的范围（数量级 1e-{JSON_EXPONENT_LIMIT} 至 1e{JSON_EXPONENT_LIMIT}）")
    return number


def format_decimal(value: Decimal) -> str:
    """Plain decimal text without exponent and without trailing zeros beyond the value ("100.5")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


ENGINE_INT_MAX = 2**63 - 1  # the rules engine compares 64-bit integers (分, yyyymmdd, counts)


def wan_to_fen(value_wan: Decimal) -> int:
    """万元 → integer 分, rounded down.

    Flooring is exact for every comparison against a whole number of 分 (x ≥ T ⟺ ⌊x⌋ ≥ T for
    integer T), which is how thresholds reach the engine; sub-分 precision matters nowhere else.
    """
    return int((value_wan * _FEN_PER_WAN).to_integral_value(rounding="ROUND_FLOOR"))


_FEN_PER_WAN = Decimal(1_000_000)  # exact, as the int was; made once, not converted on every product


# --- dates ------------------------------------------------------------------------------------

# Digits with a space between them ("50 60", "12 5") were read as one number (5060, 125): two figures typed
# in one cell, or a figure and a stray digit, became an amount no one wrote. A space is a thousands
# separator only where it groups by three as a comma does (1 000 000元); any other is asked (h137)
_SPACED_DIGITS = re.compile(r"\d(?:[\d.]|\s)*\d")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")


def spaced_figure(raw: object) -> str | None:
    """The run of digits a text splits with a space other than a thousands separator, or None."""
    if not isinstance(raw, str) or not any(c.isspace() for c in raw):
        return None
    for run in _SPACED_DIGITS.findall(nfkc(raw)):
        if any(c.isspace() for c in run) and not _SPACE_GROUPED.fullmatch(run):
            return run
    return None


def spaced_figure_detail(run: str) -> str:
    """Why a figure split by a space is not read (the finding's or the refusal's words)."""
    return f"数字之间有空格（{run}），无法确定是一个数还是几个数"


COUNT_FORM = "整数，如 0、1、2、5"


def parse_count(raw: object) -> int:
    """A whole number (a count or a rank): 3, 3.0, "3", "３", "3份"/"3次"/"第3名", "五份"/"第一名"/"一式五份"
    (chinese_count); never 2.5 or -1."""
    if isinstance(raw, bool):
        raise Unreadable(COUNT_FORM, f"布尔值 {raw}")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        written = getattr(raw, "text", None)  # a JSON file's 3.0000000000000001 is no whole number
        if written is not None:
            exact = json_decimal(written)
            if exact != exact.to_integral_value():
                raise Unreadable(COUNT_FORM, "不是整数")
            number = int(exact)  # every digit (9007199254740993.0 is not ...992)
        elif raw != raw or not raw.is_integer():
            raise Unreadable(COUNT_FORM, "不是整数")
        else:
            number = int(raw)
    else:
        spaced = spaced_figure(str(raw))  # "1 1" is no 11 (a count typed twice, or two counts in one cell)
        if spaced is not None:
            raise Unreadable(COUNT_FORM, spaced_figure_detail(spaced))
        import unicodedata
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
        text = re.sub(r"^(第|[1一]式)", "", text)  # 第3名; 一式五份 (the seed's own "纸质材料 1 式 5 份")
        text = re.sub(r"(份|次|名|家|个|件|位)$", "", text)
        words = chinese_count(text)
        if words is not None:
            return words
        if not re.fullmatch(r"[+]?\d+(\.0+)?", text):
            raise Unreadable(COUNT_FORM, "不是整数")
        number = int(text.split(".")[0])
    if number < 0:
        raise Unreadable(COUNT_FORM, "为负数")
    return number


_DIGIT_WORDS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_COUNT = re.compile(r"(?:(?P<hundreds>[一二两三四五六七八九])百(?P<zero>[零〇])?)?"
                            r"(?:(?P<tens>[一二两三四五六七八九])?(?P<ten>十))?(?P<ones>[一二两三四五六七八九])?")


def chinese_count(text: str) -> int | None:
    """A whole number written in Chinese numerals as clerks write counts: 五 (份), 两 (次), 十二, 二十,
    一百零五, 三百; up to 999. None for anything else (digits, 五份多, 几, 零 alone: the callers read
    无/零 as none where a count may be none, and a rank never is)."""
    found = _CHINESE_COUNT.fullmatch(text) if text else None
    if found is None or not any(found.group("hundreds", "ten", "ones")):
        return None
    if found["zero"] and (found["ten"] and found["tens"] is None or not found["ten"] and not found["ones"]):
        return None  # 一百零十, 一百零: not how a number is written
    if found["hundreds"] and found["ten"] and not found["tens"] and not found["zero"]:
        return None  # 一百十 is written 一百一十
    if "两" in (found["tens"], found["ones"]) and text != "两":
        return None  # 两 is 2 alone or before 百: 十两, 二十两 (taels), 两十 are not how a count is written
    hundreds = _DIGIT_WORDS[found["hundreds"]] if found["hundreds"] else 0
    tens = (_DIGIT_WORDS[found["tens"]] if found["tens"] else 1) if found["ten"] else 0
    ones = _DIGIT_WORDS[found["ones"]] if found["ones"] else 0
    if found["hundreds"] and not found["ten"] and found["ones"] and not found["zero"]:
        return None  # 一百五 means 150 in speech; a count is written 一百五十 or 一百零五
    return hundreds * 100 + tens * 10 + ones


# A figure under 1 万元 in a 元 column (100 for 100 万元?): the question the note beside it asks,
# in the reviewer's report and the applicant's notice alike (checker/check/validate.py, checker/report/notice.py)
UNIT_SLIP = "请核实是否把万元数填进了“元”列"
UNIT_SLIP_YUAN = "请核实是否把元数填进了“万元”列"  # and its mirror: 990000 in a 万元 column


DATE_FORM = "日期，如 2020-07-01、2020/7/1、2020年7月1日 或 Excel 日期"
_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),  # 2020年7月1号 as often as 日
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)
# A date in Chinese numerals, as an official document dates itself (二〇二〇年七月一日): the year digit
# by digit (〇, its look-alike ○ or 零 for 0), month and day as counted (十二, 二十一, 三十一).
_CHINESE_DATE = re.compile(r"^(?P<y>[〇○零一二三四五六七八九]{4}|\d{4})年(?P<m>[一二三四五六七八九十]{1,2})月"
                           r"(?P<d>[一二三四五六七八九十]{1,3})[日号]$")
_YEAR_DIGITS = {character: str(digit) for digit, character in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def _chinese_day_or_month(text: str) -> int | None:
    """1-39 in Chinese numerals (三十一, 十二, 二十); None for another form (二十十, 十十)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _DIGIT_WORDS.get(text) if len(text) == 1 else None
    if len(tens) > 1 or len(ones) > 1 or tens == "一" or "十" in ones:
        return None  # 一十, 十十, 二十十: not how a day or month is written
    return (_DIGIT_WORDS[tens] if tens else 1) * 10 + (_DIGIT_WORDS[ones] if ones else 0)


def _chinese_date(text: str) -> tuple[int, int, int] | None:
    found = _CHINESE_DATE.match(text)
    if found is None:
        return None
    month, day = _chinese_day_or_month(found["m"]), _chinese_day_or_month(found["d"])
    if month is None or day is None:
        return None
    # the year in figures beside a month and day in words (2020年四月二十二日) is read too: clerks mix them
    year = found["y"] if found["y"].isascii() else "".join(_YEAR_DIGITS[c] for c in found["y"])
    return int(year), month, day


# a weekday after the date, as office calendars and notices write it: 2020年4月22日（星期三）, 2024-03-04 周一. It is
# checked against the date: a weekday that is not the date's says the date (or the weekday) was mistyped
_WEEKDAY = re.compile(r"^(?P<date>.+?)\(?(?:星期|周|礼拜)(?P<w>[一二三四五六日天])\)?$")
_WEEKDAYS = "一二三四五六日"


def _with_weekday(text: str) -> tuple[str, int | None]:
    """The date's text without a weekday written after it, and that weekday (Monday 0), or None."""
    found = _WEEKDAY.match(text)
    if found is None:
        return text, None
    return found["date"], _WEEKDAYS.index(found["w"].replace("天", "日"))
_TIME_SUFFIX = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
# a time with its zone, as systems export it ("2020-04-03T09:30:00+08:00", "…Z"): the day is the
# day in Beijing time, the time the seeds' offices keep (23:30Z is the next morning in Weihai)
_ZONED_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$")
BEIJING = dt.timezone(dt.timedelta(hours=8))


FIRST_YEAR, LAST_YEAR = 1900, 2199  # the years a date is read in


def _plausible(value: dt.date) -> dt.date:
    """Years outside 1900-2199 are typing errors (0001-01-01, 20200-07-01), not dates to count with."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Unreadable(DATE_FORM, f"年份 {value.year} 超出合理范围")
    return value


def parse_date(raw: object) -> dt.date:
    """A date from an Excel date cell, a serial number, or text in the contract's forms."""
    if isinstance(raw, dt.datetime):
        return _plausible(raw.date())
    if isinstance(raw, dt.date):
        return _plausible(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _date_from_serial(raw)
    if not isinstance(raw, str):
        raise Unreadable(DATE_FORM)
    written = nfkc(raw)  # trimmed: normalised once for both readings below
    zoned = _ZONED_TIME.match(written)
    if zoned:
        return _beijing_day(zoned)
    # a time of day ("2020-07-01 00:00:00") is dropped first; then spaces ("2020 年 7 月 1 日")
    text = _TIME_SUFFIX.sub("", written).replace(" ", "")
    if text and not text.isascii():
        text, weekday = _with_weekday(text)
        if weekday is not None:
            day = parse_date(text)
            if day.weekday() != weekday:
                raise Unreadable(DATE_FORM, f"所写星期与日期不符，{day.isoformat()} 是星期{_WEEKDAYS[day.weekday()]}")
            return day
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _existing_date(int(match["y"]), int(match["m"]), int(match["d"]), text)
    written = _chinese_date(text)
    if written is not None:
        return _existing_date(*written, text)
    if text.isascii() and text.isdigit() and len(text) == 5:
        # an Excel date serial written as text (a CSV saved from Excel keeps 44013 for 2020-07-01):
        # read as a number in a date cell is
        return _date_from_serial(int(text))
    raise Unreadable(DATE_FORM)


def _beijing_day(zoned: re.Match) -> dt.date:
    text = f"{zoned[1]}T{zoned[2]}{zoned[3]}"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise Unreadable(DATE_FORM, f"不存在的日期 {text}") from error
    return _plausible(moment.astimezone(BEIJING).date())


def _existing_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError as error:
        raise Unreadable(DATE_FORM, f"不存在的日期 {text}") from error
    return _plausible(value)


def _date_from_serial(serial: float) -> dt.date:
    # A bare number in a date column is an Excel serial only within a plausible range
    # (NaN and infinities fail the range test before any conversion).
    # a fraction is the time of day (a date and time exported to a General cell: 44018.6458 is 2020-07-06 15:30)
    if not 20000 <= serial <= 80000:
        if 19000101 <= serial <= 21991231 and serial == int(serial):
            return parse_date(str(int(serial)))  # 20200701 typed as a number
        # the number as the cell shows it: -1, not the -1.0 a float prints (a whole number is whole)
        shown = int(serial) if math.isfinite(serial) and serial == int(serial) else serial
        raise Unreadable(DATE_FORM, f"数字 {shown} 不是日期")
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def date_int(value: dt.date) -> int:
    """A date as the integer yyyymmdd: ordered like the date, exact at the engine boundary."""
    return value.year * 10000 + value.month * 100 + value.day


# --- yes / no ---------------------------------------------------------------------------------

YES_NO_FORM = "是/否（或 有/无、已签署/未签署、Y/N）"
_YES = {"是", "有", "具有", "具备", "符合", "已签署", "签署", "已提交", "已承诺", "承诺", "已填报", "已填写", "已附", "已报送", "已出具", "已告知", "已书面告知", "y", "yes", "true", "1", "√", "✓", "✔",
        "涉及"}  # 是否涉及资金：涉及 / 不涉及
_NO = {"否", "无", "不具有", "不具备", "不符合", "未签署", "未提交", "未承诺", "未填报", "未填写", "未附", "未报送", "未出具", "未告知", "未书面告知", "n", "no", "false", "0", "×", "✗", "✘", "x",
       "没有", "不是", "未发生", "不涉及", "未涉及"}  # 近三年重大事故：没有 / 未发生


def parse_yes_no(raw: object) -> bool:
    """True for yes, False for no; anything else (e.g. "待定") is unreadable, never a guess."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = nfkc(str(raw)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    issued = _ISSUED.fullmatch(text)
    if issued:
        return not issued[1]
    if _NOT_DONE.fullmatch(text):
        return False
    if text[:1] == "否" and text[1:2] in _NOTE_OPENERS and _STILL_TO_DO.search(text) and not _DONE_SINCE.search(text):
        return False  # 否（补签中）, 否（待补签）: a no, with a note saying it is still to be done
    stated = _STATED.fullmatch(text.replace(" ", "").rstrip("。."))
    if stated:
        return stated["verb"] in _STATED_YES
    raise Unreadable(YES_NO_FORM)


# the answer written out with the question's own words, as the W-05 form asks them (是否独立法人, 符合产业政策方向):
# 具有独立法人资格, 是独立法人, 不具备法人资格, 非独立法人, 符合国家产业政策, 不符合产业政策重点发展方向. Only
# these objects, after a plain verb: a cell saying more (具有法人资格（分公司）) is still unreadable.
_STATED_YES = frozenset({"是", "具有", "具备", "符合", "属于"})
_STATED = re.compile(r"(?P<verb>是|具有|具备|符合|属于|不是|非|不具有|不具备|没有|无|不符合|不属于)"
                     r"(?:独立法人资格|独立法人|法人资格|独立的法人资格"
                     r"|(?:国家、省和市|国家和省市|国家、省、市|国家|省|市)?(?:的)?产业政策(?:重点发展方向|发展方向|方向|要求)?)")


# what was not (yet) done, as a clerk writes it: 未签, 尚未签署, 没有签字, 待签署, 还未提交承诺书. A
# promise still to be signed is not signed: the cell says no, it is not unreadable.
_NOT_DONE = re.compile(r"(?:未|没有|没|尚未|还未|暂未|待|未曾)(?:签署|签字|签订|签|提交|承诺|填报|填写|出具|报送|附)了?"
                       r"(?:承诺书|承诺函|承诺)?")
_NOTE_OPENERS = frozenset("(,;:、")  # after NFKC: （，；： are ( , ; :
_STILL_TO_DO = re.compile(r"中(?=[),;]|$)|待|未|尚")  # 补签中, 待补, 未签, 尚未… (not the 中 of 中介机构)
_DONE_SINCE = re.compile(r"已")  # 否（已补签）: signed since, or not? the reviewer reads it


# a receipt or notice recorded as issued, as a 受理台账's clerk writes it: 出具受理通知书, 已开具受理通知书,
# 已出具受理凭证 (是); 未出具受理通知书, 没有开具 (否). Only the issuing of a written document reads so.
_ISSUED = re.compile(r"(未|没有|尚未)?(?:已经?)?(?:出具|开具|发放|送达)了?(?:书面)?(?:的)?(?:受理)?(?:通知书|通知|凭证|回执|受理单)?")


# --- unified social credit code (GB 32100-2015) -------------------------------------------------

USCC_FORM = "18 位统一社会信用代码（GB 32100-2015），校验位正确"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# [0-9], not \d: \d also takes other scripts' digits (٣), which have no place in the check alphabet
_USCC_SHAPE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
_USCC_CODE = {c: i for i, c in enumerate(_USCC_ALPHABET)}


_USCC_SEPARATORS = re.compile(r"[\s\-]")


def normalise_uscc(raw: object) -> str:
    """NFKC, upper case, separators and spaces removed (the form compared and stored)."""
    return _USCC_SEPARATORS.sub("", nfkc(str(raw))).upper()


_STDNUM: tuple = ()


def stdnum_uscc():
    """python-stdnum's USCC module and its ValidationError, imported on first use (python-stdnum
    imports ssl and more, ~15-30 ms, which commands that read no USCC need not pay)."""
    global _STDNUM
    if not _STDNUM:
        from stdnum.cn import uscc
        from stdnum.exceptions import ValidationError

        _STDNUM = (uscc, ValidationError)
    return _STDNUM


def validate_uscc(code: str) -> str:
    """Return the code if valid, else raise Unreadable naming what is wrong.

    python-stdnum checks length, alphabet and the mod-31 check character; it also insists on
    digits in positions 1-2, which GB 32100 does not (N…, Y… codes exist), so letters there are
    checked here with the same check-character formula.
    """
    if len(code) != 18:
        raise Unreadable(USCC_FORM, f"长度 {len(code)} 位")
    shaped = _USCC_SHAPE.fullmatch(code)
    if code[:2].isdigit() and not (shaped and code[:2].isascii()):
        # what stdnum tidies first (spaces, hyphens, lower case) and words in its own way
        uscc, invalid = stdnum_uscc()
        try:
            return uscc.validate(code)
        except invalid as error:
            raise Unreadable(USCC_FORM, _stdnum_reason(error, code)) from error
    if not shaped:
        raise Unreadable(USCC_FORM, _disallowed(code))
    # a code already in its written form: the check stdnum makes, without its clean-up (most of its time)
    codes = _USCC_CODE
    total = sum(map(operator.mul, map(codes.__getitem__, code[:17]), _USCC_WEIGHTS))
    if _USCC_ALPHABET[(31 - total % 31) % 31] != code[17]:
        raise Unreadable(USCC_FORM, "校验位错误")
    return code


def _stdnum_reason(error: Exception, code: str = "") -> str:  # stdnum's ValidationError
    name = type(error).__name__
    if name == "InvalidFormat":
        return _disallowed(code)
    return {"InvalidChecksum": "校验位错误", "InvalidLength": "长度错误"}.get(name, str(error))


# letters GB 32100 leaves out because they read as digits, and the digit each is usually typed for
_LOOKALIKES = {"O": "0", "I": "1", "Z": "2", "S": "5"}


def _disallowed(code: str) -> str:
    """含不允许的字符, naming them: a code typed with the letter O for the digit 0 says so."""
    bad = list(dict.fromkeys(ch for ch in code if ch not in _USCC_ALPHABET))
    if not bad:
        return "含不允许的字符"
    hints = [f"字母 {ch} 可能应为数字 {_LOOKALIKES[ch]}" for ch in bad if ch in _LOOKALIKES]
    return f"含不允许的字符 {'、'.join(bad)}" + (f"：统一社会信用代码不用字母 I、O、Z、S、V，{'；'.join(hints)}" if hints else "")


def __getattr__(name: str):
    """``parse_amount`` lives in checker/core/money.py (which imports this module); it is still
    importable from here, resolved on first use to keep the import order one-way."""
    if name == "parse_amount":
        from checker.core.money import parse_amount

        return parse_amount
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
