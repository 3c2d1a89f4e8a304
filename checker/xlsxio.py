"""Save openpyxl workbooks byte-for-byte reproducibly (fixed zip times and document dates).

openpyxl stamps the save time into docProps/core.xml and every zip entry. Reports carry no run
time on purpose (same input + same rulebook ⇒ identical reports), and a regenerated sample must
keep the SHA-256 the example reports quote; both save through here.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_W3CDTF = b"2020-01-01T00:00:00Z"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def save(workbook, path: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _DATES.sub(rb"\g<1>" + FIXED_W3CDTF + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
