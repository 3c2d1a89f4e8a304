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
    return _SPACES.sub(" ", nfkc(value))


def header_key(value: object) -> str:
    """The form in which a column header is compared with the contract's aliases.

    Headers are matched after trimming spaces and normalising full-width brackets (contract):
    NFKC turns （万元） into (万元); all whitespace is dropped so "年度设备投入 (万元)" matches too.
    """
    if value is None:
        return ""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value)))
