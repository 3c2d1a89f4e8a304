"""告知书汇总.html for batches of any size: the notices' HTML goes to a spool file as the workers
send it, the parent keeps one small tuple per notice, and the page is streamed out at the end.

The bytes are those of :func:`checker.report.case.notices_page` (the same template and context;
a test compares them), without holding every notice, or the page, in memory.
"""

from __future__ import annotations

import os
import uuid
from typing import Iterator, NamedTuple

from markupsafe import Markup

from checker.io.outputs import TEMP_PREFIX, OutputDir, track_temp, untrack_temp
from checker.report.case import NOTICES, NoticeEntry, RunInfo
from checker.report.text import environment


class Spooled(NamedTuple):
    case_id: str
    company: str
    title: str
    kind: str
    offset: int
    length: int


class NoticeSpool:
    def __init__(self, folder):
        # listed for removal before it exists, as write_atomic does: made by mkstemp first, a Ctrl-C
        # before it was listed left it in the output folder of a run that said 临时文件已删除
        self.path = os.path.join(folder, f"{TEMP_PREFIX}notices-{uuid.uuid4().hex}.html")
        track_temp(self.path)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0),
                             0o600)
        self.handle = os.fdopen(descriptor, "w+b")
        self.entries: list[Spooled] = []
        self.size = 0

    def add(self, entry: NoticeEntry) -> None:
        data = entry.html.encode("utf-8")
        self.handle.write(data)
        self.entries.append(Spooled(entry.case_id, entry.company, entry.title, entry.kind, self.size, len(data)))
        self.size += len(data)

    def flush(self) -> None:
        self.handle.flush()

    def fragments(self) -> Iterator[Markup]:
        self.handle.flush()
        for entry in self.entries:
            self.handle.seek(entry.offset)
            yield Markup(self.handle.read(entry.length).decode("utf-8"))

    def write_page(self, out: OutputDir, run: RunInfo) -> None:
        """OUT/告知书汇总.html, rendered piece by piece into its file (notices_page's bytes)."""
        entries = self.entries
        kinds = {"supplement": sum(e.kind == "supplement" for e in entries), "refusal": sum(e.kind == "refusal" for e in entries)}
        pieces = environment().get_template("notices.html.j2").generate(
            run=run, count=len(entries), kinds=kinds, index=[(e.case_id, e.company, e.title) for e in entries],
            fragments=self.fragments(),
        )
        page = out.stream(NOTICES)
        try:
            buffered: list[str] = []
            held = 0
            for piece in pieces:
                buffered.append(piece)
                held += len(piece)
                if held > 1 << 20:
                    page.write("".join(buffered).encode("utf-8"))
                    buffered, held = [], 0
            page.write("".join(buffered).encode("utf-8"))
            page.commit()
        except BaseException:
            page.discard()
            raise

    def close(self) -> None:
        self.handle.close()
        os.unlink(self.path) if os.path.exists(self.path) else None
        untrack_temp(self.path)
