"""RFC 3797 §4 "publicly verifiable random selection", as pure functions.

The algorithm, named and versioned as :data:`ALGORITHM`:

1. Each random source gives one or more non-negative integers. Its numbers are sorted
   ascending, each written in decimal (no leading zeros) followed by ``.``; the source is ended
   by ``/``. The key is the concatenation of the sources in their announced order.
2. Pick ``i`` (0-based) hashes ``MD5(i as 2-byte big-endian || key || i as 2-byte big-endian)``;
   the digest read as a 128-bit big-endian integer, modulo the number of items still remaining,
   gives the position of the pick among the remaining items in their published order.

Alternates are simply the next picks of the same sequence, so drawing 10 and taking 7 + 3 gives
the same first 7 as drawing 7 (the property RFC 3797's reference code notes).
"""

from __future__ import annotations

import hashlib
import unicodedata
import re
from dataclasses import dataclass
from typing import Sequence

from checker.errors import InputError

ALGORITHM = "rfc3797-md5/v1"  # the record's id; people-facing text says ALGORITHM_ZH
ALGORITHM_ZH = "IETF RFC 3797 第 4 节的抽取方法（MD5）"
ALGORITHM_REF = "IETF RFC 3797 §4 (key: sorted numbers, '.' after each, '/' after each source; " \
    "MD5 over 2-byte index + key + 2-byte index, index 0 first); test vector RFC 3797 §6"

# The pick index is hashed as two bytes, so one sequence holds at most 65,536 picks.
MAX_PICKS = 0x10000

_NUMBER = re.compile(r"[0-9]+")
MAX_DIGITS = 1000  # a lottery or index value has a few dozen digits at most
_SEPARATORS = re.compile(r"[\s,，;；、]+")
_BALL_WORDS = re.compile(r"红球|蓝球|红色球|蓝色球|前区|后区|特别号码?|开奖号码|中奖号码")
_EMPTY_ITEM = re.compile(r"^[,;、]|[,;、]\s*[,;、]")  # after NFKC: ，→, ；→;


@dataclass(frozen=True)
class Pick:
    """One step of the sequence: enough for an inspector to re-check it by hand."""

    index: int  # 0-based pick number, as hashed
    md5: str  # upper-case hex digest
    divisor: int  # items remaining before this pick
    remainder: int  # 0-based position among the remaining items
    item: str


def parse_source(text: str) -> list[int]:
    """Read one source's numbers ("9 18 26 34 41 45", "2,5,12") in the order given.

    Raises InputError for anything that is not a list of non-negative decimal integers.
    """

    odd = next((c for c in text or "" if unicodedata.category(c) in ("Nd", "No") and not ("0" <= c <= "9" or "０" <= c <= "９")), None)
    if odd is not None:  # ²³ (NFKC: 23), ①, Devanagari or Arabic-Indic digits: not how a lottery's numbers are copied
        raise InputError(f"随机数来源「{text}」含字符“{odd}”（U+{ord(odd):04X}），不是普通数字：请照开奖公告用 0–9 填写号码。")
    # a separator or full stop after the last number ("3,9,14,", "3 9 14。") ends the list: nothing is missing
    cleaned = unicodedata.normalize("NFKC", text or "").strip().rstrip(",;、。.").rstrip()
    if "+" in cleaned:
        # a 双色球 result as the announcement prints it, the blue ball after “+” (3 9 14 22 27 31+8; 大乐透's back
        # zone too): the blue ball is part of the published result, one source, sorted with the others as the
        # README's example "3 9 14 22 27 31 8" has it, so the key is that example's (h143: was the generic error).
        # A “+” with no number on one side (+8, 31+, 1++2) is refused: a number meant there would be dropped unseen.
        if any(not part.strip(" \t,;、") for part in cleaned.split("+")):
            raise InputError(f"随机数来源「{text}」中“+”的前后都应有号码：双色球请写作 \"3 9 14 22 27 31+8\" 或 \"3 9 14 22 27 31 8\""
                             "（蓝球写在红球之后，与红球同属一个来源）；请核对是否漏填号码。")
        cleaned = cleaned.replace("+", " ")
    if _EMPTY_ITEM.search(cleaned):  # "1,,2": a number meant in the blank would be dropped unseen
        raise InputError(f"随机数来源「{text}」中有空项（两个分隔符之间或开头没有数）：请核对是否漏填号码。")
    tokens = [token for token in _SEPARATORS.split(cleaned) if token]
    label = _BALL_WORDS.search(cleaned) if not all(_NUMBER.fullmatch(token) for token in tokens) else None
    if label is not None:  # "红球 3 9 14 22 27 31 蓝球 8", copied with the announcement's words (h143)
        raise InputError(f"随机数来源「{text}」含文字“{label.group(0)}”：只填号码，双色球请写作 \"3 9 14 22 27 31+8\" 或 "
                         "\"3 9 14 22 27 31 8\"（蓝球写在红球之后，与红球同属一个来源）。")
    if not tokens or not all(_NUMBER.fullmatch(token) for token in tokens):
        raise InputError(
            f"随机数来源「{text}」格式不正确：应为以空格或逗号分隔的非负整数，如 \"9 18 26 34 41 45\"。"
        )
    long = next((token for token in tokens if len(token.lstrip("0")) > MAX_DIGITS), None)
    if long is not None:  # Python refuses to convert (and to print) integers of more than 4,300 digits
        raise InputError(f"随机数来源「{text[:40]}…」中有一个数的位数超过 {MAX_DIGITS} 位：请核对号码。")
    return [int(token) for token in tokens]


def key_string(sources: Sequence[Sequence[int]]) -> str:
    """The RFC 3797 key: each source sorted, "n." per number, "/" after each source."""
    if not sources:
        raise InputError("至少需要一个随机数来源。")
    parts = []
    for numbers in sources:
        if not numbers:
            raise InputError("随机数来源不能为空。")
        # exactly int: a record's JSON true (Python's 1), 7.0 or "7" would key otherwise in the browser page
        if any(type(number) is not int or number < 0 for number in numbers):
            raise InputError("随机数来源只能包含非负整数。")
        parts.append("".join(f"{number}." for number in sorted(numbers)) + "/")
    return "".join(parts)


def secret_key_string(secret_hex: str) -> str:
    """Key for a locally seeded draw: the 256-bit secret as one decimal number, one source."""
    try:
        value = int(secret_hex, 16)
    except (TypeError, ValueError):
        raise InputError(f"本地随机种子「{secret_hex}」不是十六进制数。") from None
    return key_string([[value]])


def pick_digest(index: int, key: str) -> bytes:
    """MD5(index as 2-byte big-endian || key || index as 2-byte big-endian)."""
    if not 0 <= index < MAX_PICKS:
        raise InputError(f"抽取序号 {index} 超出 RFC 3797 的两字节范围。")
    prefix = index.to_bytes(2, "big")
    return hashlib.md5(prefix + key.encode("ascii") + prefix).digest()


def select(items: Sequence[str], count: int, key: str) -> list[Pick]:
    """Draw ``count`` items from ``items`` (published order) with the RFC 3797 sequence."""
    if count > len(items):
        raise InputError(f"需要抽取 {count} 人，但只有 {len(items)} 人可供抽取。")
    remaining = list(items)
    picks = []
    for index in range(count):
        digest = pick_digest(index, key)
        divisor = len(remaining)
        remainder = int.from_bytes(digest, "big") % divisor
        picks.append(Pick(index, digest.hex().upper(), divisor, remainder, remaining.pop(remainder)))
    return picks
