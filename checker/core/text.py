"""Text normalisation shared by every reader: NFKC, trimming, header matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfkc(value: str) -> str:
    """NFKC-normalise (full-width to half-width, compatibility forms) and trim."""
    return unicodedata.normalize("NFKC", value).strip()


def nfkc_collapse(value: str) -> str:
    """NFKC, trim, and collapse inner runs of whitespace to one space."""
    text = nfkc(value)
    if text.isprintable() and "  " not in text:
        return text  # printable text holds no white space but single ASCII spaces: nothing to collapse
    return _SPACES.sub(" ", text)


def header_key(value: object) -> str:
    """The form in which a column header is compared with the contract's aliases.

    Headers are matched after trimming spaces and normalising full-width brackets (contract):
    NFKC turns （万元） into (万元); all whitespace is dropped so "年度设备投入 (万元)" matches too, and a
    unit written "（单位：万元）" is "(万元)".
    """
    if value is None:
        return ""
    return _UNIT_WORD.sub("(", _SPACES.sub("", unicodedata.normalize("NFKC", str(value))))


def column_key(value: object) -> str:
    """A table's header as matched with the column aliases: header_key, and without what a district's
    form adds to a header that is no part of its name (below). Only headers: a line under the table
    that says 单位（盖章） is a place to stamp, not a column named 单位."""
    key = header_key(value)
    if "*" in key or ")" in key or "/" in key or key.startswith("是否为"):
        stripped = _form_notes_dropped(key)
        return stripped or key
    return key


_UNIT_WORD = re.compile(r"\(单位[:：]?")
# what a district's form adds to a header and is no part of its name: a required mark (*企业名称, 企业名称*),
# a note on how to fill it in (企业名称（盖章）, 统一社会信用代码（18位）, 核准/备案文号（如有）), a unit after a
# slash (年度设备投入/万元 is 年度设备投入（万元）), and 是否为 for 是否 (是否为独立法人)
_REQUIRED_MARK = re.compile(r"^\*+|\*+$")
_MARK_BEFORE_BRACKET = re.compile(r"\*+(?=\()")
_FORM_NOTE = re.compile(r"\((?:盖章|公章|签章|全称|填写全称|单位全称|必填|选填|如有|可选|\d+位(?:代码)?|\d+位数字"
                        # the answers a column takes, listed in its header: 状态（在库/暂停/退出）, 是否本局工作人员（是/否）
                        r"|(?:在库|暂停|退出|是|否)(?:[/、,](?:在库|暂停|退出|是|否))+)\)$")
_UNIT_AFTER_SLASH = re.compile(r"/(万元|元)$")


def _form_notes_dropped(key: str) -> str:
    # the mark before the note or unit too: 企业名称*（盖章）, 年度设备投入*（万元）
    key = _REQUIRED_MARK.sub("", _FORM_NOTE.sub("", _REQUIRED_MARK.sub("", _MARK_BEFORE_BRACKET.sub("", key))))
    key = _UNIT_AFTER_SLASH.sub(r"(\1)", key)
    return "是否" + key[3:] if key.startswith("是否为") else key


# Zero-width characters and direction marks: invisible, yet they make two equal ids differ.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Control characters no report format can store (XML 1.0 forbids them; they corrupt a workbook), and
# lone surrogates (an escaped \\udfff in JSON), which no UTF-8 output can hold.
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are removed too:
# "\u202e司公限有" prints as "有限公司", so a name could read as another on paper.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def strip_invisible(value: str) -> str:
    return _INVISIBLE.sub("", value)


def show_invisible(value: str) -> str:
    """The text with its invisible characters written \\u200B (a soft hyphen \\u00AD), so a message
    can show why two texts that print alike differ."""
    shown = _INVISIBLE.sub(lambda found: f"\\u{ord(found.group()):04X}", value)
    return _ROUND_INVISIBLE.sub(lambda found: f"\\u{ord(found.group()):04X}", shown)


# What else shows as nothing in a round id (beyond strip_invisible's list): the soft hyphen a word
# processor leaves in pasted text, the other format characters (Arabic letter mark, Mongolian vowel
# separator, tags), variation selectors and the combining grapheme joiner, the Hangul and Braille blanks
_ROUND_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u2800\u3164"
                              "\ufe00-\ufe0f\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]")


# either list at once: whether strip_hidden would take anything out, in one scan
_HIDDEN = re.compile("[" + _INVISIBLE.pattern[1:-1] + _ROUND_INVISIBLE.pattern[1:-1] + "]")


def has_hidden(value: str) -> bool:
    """Whether :func:`strip_hidden` would change ``value``."""
    return _HIDDEN.search(value) is not None


def hidden_characters(value: str) -> str:
    """The characters :func:`strip_hidden` takes out of ``value``, as U+XXXX in the order met, each once
    (U+200B、U+FEFF): what a finding or a note names when a cell's figure was read past them."""
    return "、".join(dict.fromkeys(f"U+{ord(c):04X}" for c in value if has_hidden(c)))


HIDDEN_READ_PAST = "单元格含不可见字符 {}，已忽略"  # the note beside a value read without them


def strip_hidden(value: str) -> str:
    """The text without anything that shows as nothing: strip_invisible's marks and the rest listed
    above (a soft hyphen pasted from Word makes WH-2020-001 print as WH-2020-001, yet another id)."""
    return _ROUND_INVISIBLE.sub("", _INVISIBLE.sub("", value))


def round_key(round_id: str) -> str:
    """How two round ids are compared (one draw per round and field): NFKC, invisible characters
    and white space removed, case folded. R1, r1, Ｒ１ and "R 1" are one round; so are Cyrillic Р1
    and р1 (SQLite's NOCASE folds only ASCII letters), R1 with a soft hyphen pasted into it, and
    Р1 written with the Cyrillic letter that looks like P (_LOOK_ALIKE)."""
    if round_id.isascii() and round_id.isprintable():
        # nearly every round id (2025-XCL-01): the look-alike tables and NFKC leave printable ASCII as it is,
        # it holds no invisible character and no white space but " ", and its case folding is its lower
        # case. A fifth of the time: `ledger verify` keys each of a 100,000-entry ledger's rounds (h165)
        return round_id.replace(" ", "").lower()
    return _round_key(round_id)


def _round_key(round_id: str) -> str:
    text = strip_invisible(unicodedata.normalize("NFKC", round_id.translate(_LOOK_ALIKE_BEFORE_NFKC)))
    return _SPACES.sub("", _ROUND_INVISIBLE.sub("", text)).casefold().translate(_LOOK_ALIKE)


# Cyrillic and Greek letters that look like a Latin letter in a round id (2025-ХСL-Р1 written with
# Cyrillic Х, С, Р is 2025-XCL-P1 to the eye, and was a second draw of the round with no redraw reason
# asked, h103), case folded as round_key folds them: each compared as that Latin letter. The letters
# of Unicode's confusables list (TR39) that stand for a Latin letter in upper or lower case.
_LOOK_ALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ү": "y", "ı": "i", "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n",
    # Greek by its upper-case forms (A B E Z H I K M N O P T Y X), which ids use: case folding has made them
    # lower case, so ν and υ stand for N and Y (their lower-case looks, v and u, are rarer in an id)
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "n", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "y", "χ": "x",
})
# letters NFKC turns into another look (lunate sigma Ϲ, shaped like C, becomes Σ): mapped before it
_LOOK_ALIKE_BEFORE_NFKC = str.maketrans({"Ϲ": "C", "ϲ": "c", "ϳ": "j"})


def same_round(first, second) -> bool:
    """Whether two round ids name one round (round_key); anything but text compares as it is
    (a tampered ledger's number or null never matches a round by accident)."""
    if not isinstance(first, str) or not isinstance(second, str):
        return first == second
    return round_key(first) == round_key(second)


def has_control(value: str) -> bool:
    """Whether ``value`` holds a character :func:`control_characters` would name (one scan, no list).
    Every such character is unprintable (Cc, Cf or Cs), so printable text needs no regex."""
    return not value.isprintable() and _CONTROL.search(value) is not None


def control_characters(value: str) -> list[str]:
    """The control characters in ``value``, as U+XXXX."""
    found = _CONTROL.findall(value)
    return sorted({f"U+{ord(c):04X}" for c in found}) if found else []


def strip_control(value: str) -> str:
    return value if value.isprintable() else _CONTROL.sub("", value)  # printable text holds none (has_control)


def name_key(name: object) -> str:
    """A company name as two rows of one enterprise are compared: NFKC, no white space, no
    brackets, 有限责任公司 as 有限公司 (威海甲（集团）有限公司, "威海甲(集团) 有限公司", 威海甲集团有限公司 and
    威海甲集团有限责任公司 are one name: a reviewer asks whether they are one enterprise). A character
    that shows as nothing (a zero-width space pasted into 威海丙​有限公司) is not part of it: two rows
    looking the same were two names, and the batch's duplicate check by name passed them (h137)."""
    if name in (None, ""):
        return ""
    text = str(name)
    key = "".join(unicodedata.normalize("NFKC", text if text.isascii() else strip_hidden(text)).split())
    return key.replace("(", "").replace(")", "").replace("有限责任公司", "有限公司")


def memoised_text(function, limit: int = 1 << 14):
    """``function`` (a pure function of its value) whose result for a str is kept: the audit asks the
    same texts again in every row and every round (a round's titles, sources, dates, step names, its
    文号 cells). Anything but a str goes to ``function`` as it is. Bounded: emptied when full."""
    done: dict = {}

    def kept(value):
        if type(value) is not str:
            return function(value)
        found = done.get(value)
        if found is None:
            if len(done) >= limit:
                done.clear()
            found = done[value] = function(value)
        return found

    return kept
