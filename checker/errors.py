"""Exit codes and the one exception type that turns input problems into exit 2."""

EXIT_OK = 0  # the run completed and every case passed (verify: it matches)
EXIT_FINDINGS = 1  # the run completed and some case failed or needs review (verify: mismatch)
EXIT_ERROR = 2  # the run could not be done: usage error, unreadable file, unknown workflow...


class InputError(Exception):
    """A problem with the user's input that stops the run.

    The CLI prints ``str(error)`` as one sentence on stderr and exits with EXIT_ERROR; never a
    traceback. Raise it with a message that names the file, sheet, column or value at fault.
    """


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or crashed in native code).

    Defined here, not in checker.core.processes (which re-exports it), so the command line can
    catch it without importing multiprocessing and concurrent.futures for every command."""
