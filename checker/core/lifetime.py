"""Objects left for the process's end instead of freed one by one.

A draw from a 100,000-expert pool ends holding about a million objects (the sheet's rows, the
pool's experts, the record's candidates). Freed as the functions holding them return, they took
~0.08 s of the draw (issue 14), and the interpreter would free whatever is left once more as it
ends. While the console script runs a command (checker.cli.entry starts keeping), a command's
large objects are kept here; a command that succeeded and asked for it (checker.cli.end_at_once)
ends the process without freeing them, and in every other case they are let go as the command ends
and freed as always. A library caller (the tests, click's CliRunner) never starts keeping: nothing
is held beyond its call.
"""

from __future__ import annotations

import gc

_KEPT: list[list] = []  # one list while keeping, none otherwise


def start_keeping() -> None:
    """From now on, keep() holds what it is given (checker.cli.entry, before the command runs)."""
    _KEPT[:] = [[]]


def keep(*objects: object) -> None:
    """Hold ``objects`` until let_go() or the process's end, if keeping; otherwise nothing."""
    if _KEPT:
        _KEPT[0].extend(objects)


def keeping() -> bool:
    """Whether keep() holds what it is given (the console script is running a command)."""
    return bool(_KEPT)


def let_go() -> None:
    """Stop keeping and drop what was kept (freed now, as it would have been before), and give the
    objects a command froze out of the cycle collector's passes back to it (gc.freeze: see
    checker.draw.pool.collector_paused)."""
    _KEPT.clear()
    gc.unfreeze()
