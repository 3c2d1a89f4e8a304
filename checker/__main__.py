"""Entry point for ``python -m checker``."""

from checker.cli import entry


def _forget_caught_interrupts() -> None:
    """CPython notes a KeyboardInterrupt that leaves any ``exec()`` of a string (the dataclasses a
    module defines are made that way) as if it had ended the program, even when the program caught
    it, and forgets it at the next such ``exec()``. Run by ``python -m`` (not by the console script,
    which exits from SystemExit at once), the process then killed itself with SIGINT once it had
    ended: a Ctrl-C while the check command was loading printed 已中断… and then died by the
    signal (status 130, not 2), in one run in five. One more ``exec()`` of a string, which raises
    nothing, puts that note back: a KeyboardInterrupt that does leave the program is noted again
    by ``python -m`` itself as it ends, and still ends it by the signal."""
    exec("pass")  # noqa: S102 - a constant string: see above


if __name__ == "__main__":
    try:
        entry()
    finally:
        _forget_caught_interrupts()
