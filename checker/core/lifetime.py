"""Objects left for the process's end instead of freed one by one.

A draw from a 100,000-expert pool ends holding about a million objects (the sheet's rows, the
pool's experts, the record's candidates). Freed as the functions holding them return, they took
~0.08 s of the draw (issue 14), and the interpreter would free whatever is left once more as it
ends. A command that ends holding a large pool and then ends the process at once (`draw new`,
`draw commit`, `draw reveal`: checker.cli.end_at_once) starts keeping before it reads the pool,
and its large objects are kept here; it then ends without freeing them. Keeping starts only while
the console script runs the command (checker.cli.entry): a library caller (the tests, click's
CliRunner) never keeps anything beyond its call, and any other command frees its objects as always
(h159: `audit --pool` held a 100,000-expert pool's sheet to its end, 229 MB against 207 MB).
When the command ends otherwise (an error, a thread still running), what was kept is let go then.
"""

from __future__ import annotations

_CONSOLE = [False]  # the console script is running a command (checker.cli.entry)
_KEPT: list[list] = []  # one list while keeping, none otherwise


def console(running: bool) -> None:
    """Set by checker.cli.entry around the command it runs; unset, what was kept is let go."""
    _CONSOLE[0] = running
    if not running:
        let_go()


def start_keeping() -> None:
    """From now on, keep() holds what it is given, if the console script runs this command (a draw
    command that ends at once, before it reads its pool)."""
    if _CONSOLE[0]:
        _KEPT[:] = [[]]


def keep(*objects: object) -> None:
    """Hold ``objects`` until let_go() or the process's end, if keeping; otherwise nothing."""
    if _KEPT:
        _KEPT[0].extend(objects)


def keeping() -> bool:
    """Whether keep() holds what it is given."""
    return bool(_KEPT)


def let_go() -> None:
    """Stop keeping and drop what was kept (freed now, as it would have been before)."""
    _KEPT.clear()
