"""Command line: ``fundcheck`` (also ``python -m checker``). Each family of commands has its own
module; each command parses its options, calls one function of a wing, and prints.

No traceback reaches a user: an input problem is one sentence and exit 2; an internal error is one
Chinese sentence, exit 2, and the traceback in a crash file whose path is printed (folder:
FUNDCHECK_CRASH_DIR, default the system's temporary folder). SIGTERM and Ctrl-C remove the
temporary files of an interrupted write before exiting.
"""

from __future__ import annotations

import os
import signal
import sys

STARTING = "已中断：程序尚未开始处理，未读取或写出任何文件。\n"


def _stopped_while_starting(_signum, _frame) -> None:
    # a Ctrl-C while the program's modules load printed a page of English traceback: nothing has
    # been read or written yet, so one sentence and exit 2 (main() puts Python's handler back)
    try:
        os.write(2, STARTING.encode("utf-8"))
    except OSError:
        # standard error closed (2>&-) or on a full disk: the status alone says it (raised here, the
        # error went up through the import under way and the interpreter ended with status 1)
        pass
    os._exit(2)


def _as_program() -> bool:
    """Run as the fundcheck program (the console script, or python -m checker), not imported by a library user."""
    started = sys.argv[0] if sys.argv else ""
    return os.path.basename(started).startswith("fundcheck") or started.endswith(os.path.join("checker", "__main__.py"))


if _as_program():
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _stopped_while_starting)
    # SIGTERM and a closed terminal (SIGHUP) alike, where they would end the process by the signal:
    # until main() ran, one of them 0.05-0.1 s into a run killed it with no word (nohup's SIG_IGN is kept)
    for _stop_name in ("SIGTERM", "SIGHUP"):
        _stop_number = getattr(signal, _stop_name, None)
        if _stop_number is not None and signal.getsignal(_stop_number) == signal.SIG_DFL:
            signal.signal(_stop_number, _stopped_while_starting)

import datetime as dt  # noqa: E402 - after the handler above, like every import below
import io  # noqa: E402
import tempfile  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

import click  # noqa: E402

from checker.cli import zh

zh.install()  # before the commands below are built: some help strings are looked up at decoration time

from checker import __version__  # noqa: E402 - after the translation is installed
from checker.cli import output
from checker.cli.lazy import LazyGroup
from checker.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, WorkerDied, internal_words, os_reason
from checker.io.outputs import release_folders, remove_live_temps
from checker.core import lifetime
from checker.core.stops import (HANGUP, done_decides_the_outcome, outcome_decided, raise_if_owed, stop_owed, stop_raised,
                                 stop_taken, take_owed)

# Every command, by the module that defines it: a command's module (and the wing it imports) is
# imported only when that command runs (checker/cli/lazy.py; `draw new` was paying ~0.5-0.9 s for
# the audit, check and report wings before reading its pool). Order: as `--help` listed them.
COMMANDS = {
    "check": "checker.cli.check:check_command",
    "show": "checker.cli.show:show_command",
    "audit": "checker.cli.audit:audit_command",
    "rules": "checker.cli.rules:rules_group",
    "workflows": "checker.cli.rules:workflows_group",
    "draw": "checker.cli.draw:draw_group",
    "ledger": "checker.cli.draw:ledger_group",
    "template": "checker.cli.template:template_group",
    "fairness": "checker.fairness.cli:fairness_command",
    "conditions": "checker.cli.conditions:conditions_group",
    "diff": "checker.cli.diff:diff_command",
}

CRASH_DIR_VARIABLE = "FUNDCHECK_CRASH_DIR"


def write_crash_file(error: BaseException) -> Path:
    """The traceback of an internal error, in a file a user can send to the maintainers."""
    folder = Path(os.environ.get(CRASH_DIR_VARIABLE) or Path(tempfile.gettempdir()) / "fundcheck-crash")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    return path


def _disk_full(error: BaseException) -> OSError | None:
    """The "disk full" (or quota) error behind ``error``, if that is what it is: raised as it is, or
    wrapped (xlsxwriter's FileCreateError holds the OSError), or the cause of what was raised."""
    import errno

    seen: set[int] = set()
    todo = [error]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError) and item.errno in (errno.ENOSPC, errno.EDQUOT):
            return item
        todo += [item.__cause__, item.__context__, *(arg for arg in getattr(item, "args", ()) if isinstance(arg, BaseException))]
    return None


# check's words, and those of every command that writes a run's reports into an output folder (audit,
# fairness): reports already moved into place stay until the next run in the folder replaces them
INTERRUPTED = ("已中断：本次运行未完成，正在写入的临时文件已删除；已写出的部分报告不是完整结果，"
               "重新运行到同一文件夹时会被替换。")
# the commands that only read (and print): nothing of theirs is on disk to doubt
INTERRUPTED_READING = "已中断：本次运行未完成，没有结果；该命令只读取文件，未写出或改动任何文件。请重新运行同一命令。"
# template, rules docs: each file is written to a temporary name and renamed whole
INTERRUPTED_WRITING = ("已中断：本次运行未完成，正在写入的临时文件已删除；每个文件都是整体写出的，"
                       "已写出的文件完整，未写出的保持原样。请重新运行同一命令。")
_WRITES_A_FOLDER = {"check", "audit", "fairness"}
_WRITES_FILES = {"template"}  # (rules docs says so itself: checker/cli/rules.py)
# ctx.meta key where a command that check's words would misdescribe puts its own (the draw and ledger
# commands, checker/cli/draw.py): (the sentence, and the advice once its work is recorded, or None)
INTERRUPTED_SAYS = "fundcheck.interrupted"


class FundcheckGroup(LazyGroup):
    """A click group that turns every failure into one sentence and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: D102 - behaviour described on the class
        output.forget_recorded()  # (a caller may run several commands in one process)
        try:
            _begun()
            result = super().invoke(ctx)
            # a stop Python dropped in a command that had no step to take it at (rules list, template):
            # the run ends as stopped, not as if no Ctrl-C had been pressed (every later one was ignored)
            raise_if_owed()
            return result
        except InputError as error:
            outcome_decided()
            click.echo(f"错误：{error}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.ClickException, click.Abort):
            raise
        except (click.exceptions.Exit, SystemExit):
            if take_owed():
                # a stop Python dropped in a command that ended by its status (-q, --json, diff…):
                # said and ended as a stopped run, never as a complete one
                _interrupted_run(ctx)
            raise
        except BrokenPipeError:
            outcome_decided()
            # the reader went away (``fundcheck rules list | head``): not an error of ours. Point
            # stdout at devnull so the interpreter's final flush does not raise a second time.
            _stdout_to_devnull()
            ctx.exit(EXIT_OK)
        except WorkerDied as error:  # not ours to trace: the process was killed or crashed in native code
            outcome_decided()
            remove_live_temps()
            click.echo(f"错误：{error}", err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            stop_taken()
            _interrupted_run(ctx)
        except Exception as error:  # an internal error: the user gets one sentence and a file to send
            outcome_decided()
            if os.environ.get("FUNDCHECK_DEBUG"):
                raise
            done = output.recorded_sentence()
            if done is not None and isinstance(error, OSError):
                # the draw is in the ledger and its record written (the run's reports all in place);
                # only what is printed about it was lost (``> log`` on a full disk): the run did what it was asked, and says so
                _stdout_to_devnull()
                click.echo(f"注意：{done}；标准输出无法写入（{os_reason(error)}），以上结果未能全部打印。", err=True)
                ctx.exit(output.recorded_exit_code())
            remove_live_temps()
            if _ReaderMayLeave.failed is not None and _ReaderMayLeave.failed is error:
                # standard output's own error (click flushes each line): not one of the run's files
                # (it was told 临时文件夹 … 或输出文件夹 for > log on a full disk)
                _stdout_to_devnull()
                click.echo(f"错误：标准输出无法写入（{os_reason(error)}），本次运行未完成。", err=True)
                ctx.exit(EXIT_ERROR)
            full = _disk_full(error)
            if full is not None:  # not an error of ours: a temporary or output file found the disk full
                click.echo(f"错误：无法写入文件：{os_reason(full)}（临时文件夹 {tempfile.gettempdir()} 或输出文件夹），"
                           "本次运行未完成。请腾出空间后重新运行。", err=True)
                ctx.exit(EXIT_ERROR)
            try:
                where = f"详细信息已写入 {write_crash_file(error)}，请将该文件发给维护人员"
            except OSError as failure:  # the crash file cannot be written either (a full disk, a read-only folder)
                where = f"详细信息无法写入文件（{os_reason(failure)}）"
            click.echo(f"错误：内部错误（{internal_words(error)}），本次运行未完成；{where}。", err=True)
            ctx.exit(EXIT_ERROR)
        finally:
            # whichever way the command ended, its status is decided: a stop from here to the
            # process's end (a second Ctrl-C or SIGTERM while the first was being reported, the
            # exit on its way through click) ended the run with "Aborted!" and exit 1 or a traceback
            outcome_decided()
            stop_taken()  # (a caller may run another command in this process)
            release_folders()  # the output folders this command held (the process may run another)


def _interrupted_run(ctx: click.Context) -> None:
    outcome_decided()
    remove_live_temps()
    said = ctx.meta.get(INTERRUPTED_SAYS)
    done = output.recorded_sentence()
    if said is not None and said[1] is not None and done is not None:
        # a draw whose entry the ledger had committed (said as the COMMIT returned): stopped while it
        # printed (a library caller's stop; the program's are spent by then). The draw stands: saying
        # 未完成 with exit 2, the office would draw again
        click.echo(f"已中断：{done}（已提交）；中断发生在打印结果时，以上结果可能未全部打印。{said[1]}", err=True)
        ctx.exit(output.recorded_exit_code())
    # check, audit, fairness: the temporary files are gone; reports already moved into place stay until
    # the next run in the folder replaces them (the manifest lists them): say so, not "all deleted"
    click.echo(said[0] if said is not None else _interrupted_words(ctx.invoked_subcommand), err=True)
    ctx.exit(EXIT_ERROR)


def _interrupted_words(command: str | None) -> str:
    """What an interrupted command without words of its own (the draw's and rules docs' are set by
    their groups, in ctx.meta) says."""
    if command is None or command in _WRITES_A_FOLDER:
        return INTERRUPTED
    return INTERRUPTED_WRITING if command in _WRITES_FILES else INTERRUPTED_READING


def _stdout_to_devnull() -> None:
    """What is still to be printed goes nowhere: the interpreter's final flush does not raise again."""
    if sys.stdout is not None:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass


def _printed_in_full(code):
    """The exit status once what standard output still holds is written. Buffered (a file, a
    pipe), a short summary is only written when the interpreter ends: on a full disk that flush
    failed, the interpreter printed an English traceback and ended 120, over a command that had
    succeeded or a draw entered in the ledger."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
        return code
    except (OSError, ValueError) as error:
        _stdout_to_devnull()
        reason = os_reason(error) if isinstance(error, OSError) else "已关闭"
        done = output.recorded_sentence()
        if done is not None:
            click.echo(f"注意：{done}；标准输出无法写入（{reason}），以上结果未能全部打印。", err=True)
            return code
        if code in (None, EXIT_OK, EXIT_FINDINGS):
            click.echo(f"错误：标准输出无法写入（{reason}），打印的结果不完整。", err=True)
            return EXIT_ERROR
        return code  # the error that ended the run has been said already


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    """-V/--version: the program, the installed rulebook, the engine and the holiday data's years."""
    if not value or ctx.resilient_parsing:
        return
    from checker.core.calendar import version_text
    from checker.core.engine import AVAILABLE
    from checker.core.rulebook import load_rulebook

    book = load_rulebook()
    engine = ("durable-rules（规则引擎，参考实现交叉核对）" if AVAILABLE
              else "参考实现（本机未安装 durable-rules：Windows 或 Python 3.13，判定结果相同）")
    click.echo(f"fundcheck {__version__}\n规则库 {book.version}（{len(book.rules)} 条规则，{len(book.workflows)} 个流程）\n"
               f"判定：{engine}\n{version_text()}")
    ctx.exit(EXIT_OK)


@click.group(cls=FundcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="显示版本（含规则库版本、判定引擎与节假日数据覆盖年份）并退出。")
def cli() -> None:
    """fundcheck：审核资金申报，审计资金轮次的办理程序，抽取评审专家。

    示例：

        fundcheck check samples/w05_applications.xlsx --workflow W-05 --out out/
    """


for _name, _target in COMMANDS.items():
    cli.add_lazy(_name, _target)
output.install(cli)  # --json, -q/--quiet and the short options on every command (as each is loaded)


def _begun() -> None:
    """The command begins: from here on Ctrl-C and SIGTERM clean up (FundcheckGroup.invoke)."""
    if signal.getsignal(signal.SIGINT) is _stopped_while_starting:
        signal.signal(signal.SIGINT, _interrupted)
    if signal.getsignal(signal.SIGTERM) is _stopped_while_starting:
        signal.signal(signal.SIGTERM, _stop)
    if HANGUP is not None and signal.getsignal(HANGUP) is _stopped_while_starting:
        signal.signal(HANGUP, _stop)


def _interrupted(_signum, _frame) -> None:
    # Ctrl-C, as Python's own handler, but the first one decides (see _stop)
    outcome_decided()
    stop_raised()  # owed until the command takes it (checker.core.stops.raise_if_owed)
    raise KeyboardInterrupt


def _stop(signum, _frame) -> None:
    # SIGTERM becomes KeyboardInterrupt, so finally-blocks and the handler above clean up. As the
    # program, the first stop decides: a second one (Ctrl-C pressed twice, SIGTERM then Ctrl-C),
    # raised in the middle of the cleanup the first started, cut it short: a check's side child was
    # left writing index.html and 告知书汇总.html into the folder of a run reported as stopped
    outcome_decided()
    stop_raised()
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> None:
    """Console-script entry point."""
    # as the program, a stop before the command begins (FundcheckGroup.invoke, where a stop is
    # handled) ends it with one sentence: installed here, the handlers raised KeyboardInterrupt in
    # main() itself, before click, and the run ended with a traceback (SIGTERM 0.08 s into a draw)
    # (as the program even with Ctrl-C ignored, as a shell without job control starts a command in
    # the background: SIGTERM then went to _stop here, and ended a draw with 已中止 and exit 1)
    starting = signal.getsignal(signal.SIGINT) is _stopped_while_starting or _as_program()
    signal.signal(signal.SIGTERM, _stopped_while_starting if starting else _stop)
    hung_up_before = signal.getsignal(HANGUP) if HANGUP is not None else None
    hangup = hung_up_before == signal.SIG_DFL or hung_up_before is _stopped_while_starting  # (set as the module loaded)
    if hangup:
        # the terminal or SSH session closed: as SIGTERM. By default it ended the process where it
        # stood: temporary files left in the output folder, and a draw cut between its files moved
        # into place and the ledger's commit left a record no ledger entry vouches for. Ignored when
        # the program started (nohup), it stays ignored: the office asked the run to outlive the session
        signal.signal(HANGUP, _stopped_while_starting if starting else _stop)
    if getattr(signal, "SIGCHLD", None) is not None and signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        # inherited from the program that started this one (some service managers do): the kernel would
        # reap fundcheck's own children unseen, so their exit could not be read, and a process id
        # could be reused by another process before fundcheck stops its child
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _escape_what_stdout_cannot_print()
    done_decides_the_outcome(True)
    _drop_what_a_gone_reader_would_get()
    stop_taken()  # a stop owed by a command this process ran before (a library caller's) is not this one's
    unraisable_before = _UNRAISABLE[0] = sys.unraisablehook
    sys.unraisablehook = _quiet_dropped_stop
    try:
        try:
            cli(prog_name="fundcheck")
        except SystemExit as stop:
            code = _printed_in_full(stop.code)
            if code != stop.code:
                raise SystemExit(code) from None
            raise
        except OSError as error:  # --help or --version printed to an output that cannot take it: before any command
            _stdout_to_devnull()
            click.echo(f"错误：标准输出无法写入（{os_reason(error)}），打印的结果不完整。", err=True)
            raise SystemExit(EXIT_ERROR) from None
    finally:
        # the command has ended and its exit status is decided (a draw entered in the ledger, a
        # complete output folder): a Ctrl-C while the interpreter shuts down made the process die by
        # SIGINT after printing its result, and a script took the recorded draw for a failed one.
        # SIGTERM alike: raised as KeyboardInterrupt while entry() flushed the output of a draw that
        # had succeeded, it ended the run with a traceback and status 1
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if hangup:
            signal.signal(HANGUP, signal.SIG_IGN)
        elif hung_up_before is not None:
            # left alone, it is given back: spent once the outcome was decided (outcome_decided, a draw
            # recorded), nohup's SIG_IGN or a library caller's own handler stayed a Python no-op, and
            # the caller's handler was lost (the interpreter's end puts SIG_DFL in place of a no-op)
            signal.signal(HANGUP, hung_up_before)
        done_decides_the_outcome(False)
        sys.unraisablehook = unraisable_before
        stop_taken()  # one that arrived before the command began (a caller's second command must not take it)


def _escape_what_stdout_cannot_print() -> None:
    """Standard output told to write text it cannot encode (PYTHONIOENCODING=latin-1, a console
    set to a code page without Chinese, a file name read with undecodable bytes) writes it as
    \\uXXXX escapes, as Python's standard error already does. Strict, the first Chinese line
    printed after a draw had been entered in the ledger ended the run with 内部错误 and 本次运行未完成:
    the office would take a recorded draw for a failed one."""
    stream = sys.stdout
    if stream is not None and getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # a stream that cannot change its error handler now: left as it is
            pass


class _ReaderMayLeave(io.RawIOBase):
    """Standard output's descriptor, written as it is until its reader goes away (``| head -1``,
    ``| grep -q``); from then on what is printed is dropped, and the command goes on to its own end
    and exit status. A BrokenPipeError raised mid-command ended it with exit 0: ``ledger verify`` of
    a tampered ledger, ``draw verify`` of a changed record, ``audit`` with findings all "passed"."""

    failed: OSError | None = None  # the error standard output raised (the group names it as standard output's)

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self.gone = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:
        if not self.gone:
            try:
                return _written_when_taken(self._fd, data)
            except BrokenPipeError:
                self.gone = True
            except OSError as error:
                _ReaderMayLeave.failed = error
                raise
        return len(data)


class _LastWords(_ReaderMayLeave):
    """Standard error's descriptor: the last place a run can say anything. What it cannot take (a
    reader that went away, ``> log 2>&1`` on a full disk) is dropped, and the exit status alone
    says how the run ended. Raised, the error met the sentence that reported the first one, and
    the interpreter ended the process with status 1 ("lost sys.stderr"): a draw entered in the
    ledger, or an input error, read as a run with findings."""

    def write(self, data) -> int:
        if not self.gone:
            try:
                return _written_when_taken(self._fd, data)
            except OSError:
                self.gone = True
        return len(data)


def _written_when_taken(fd: int, data) -> int:
    """``os.write``, waiting while the descriptor cannot take more. The program reading fundcheck's
    output may have made the pipe non-blocking (it is one open file for both; Node.js does so): once
    the pipe was full, the write failed with EAGAIN and the run ended with 标准输出无法写入 where a
    moment's wait for the reader was all it needed."""
    while True:
        try:
            return os.write(fd, data)
        except BlockingIOError:
            import select

            select.select([], [fd], [])  # until the reader has taken some


def _drop_what_a_gone_reader_would_get() -> None:
    sys.stdout = _written_through(sys.stdout, _ReaderMayLeave)
    sys.stderr = _written_through(sys.stderr, _LastWords)


def _written_through(stream, raw: type):
    if not isinstance(stream, io.TextIOWrapper):  # None (started with it closed), or a caller's own stream
        return stream
    if type(getattr(stream.buffer, "raw", stream.buffer)) is not io.FileIO:  # a Windows console: written its own way
        return stream
    try:
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return stream
    return io.TextIOWrapper(io.BufferedWriter(raw(fd)), encoding=stream.encoding, errors=stream.errors,
                            line_buffering=stream.line_buffering, write_through=stream.write_through)


_END_AT_ONCE = [False]  # asked for by a command (end_at_once), honoured by entry() only


def _quiet_dropped_stop(unraisable) -> None:
    """Python prints an exception it drops (raised in a weak reference's callback, a __del__) as
    "Exception ignored in: …" with an English traceback. A stop dropped so is not lost (the command
    takes it where it goes on: checker.core.stops.raise_if_owed) and is not printed; anything else
    is printed as Python prints it."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and stop_owed():
        return
    _UNRAISABLE[0](unraisable)


_UNRAISABLE = [sys.unraisablehook]  # the hook in place when main() began


def end_at_once(*held: object) -> None:
    """Asked by a command that ends holding a large pool in memory (`draw new`, `draw commit`,
    `draw reveal`): once it has succeeded, the console script ends the process without the
    interpreter freeing each of its ~300,000 objects one by one (~0.1 s of a draw from a
    100,000-expert pool, issue 14). ``held``: what the command still holds (its record), kept for
    the process's end with the pool (checker.core.lifetime) rather than freed as the command returns."""
    lifetime.keep(*held)
    _END_AT_ONCE[0] = True


def entry() -> None:
    """The console script (`fundcheck`, `python -m checker`): :func:`main`, then, after a command
    that asked for it and ended with exit 0, the process ends at once. Its files are closed and its
    ledger committed by then; what the interpreter would still do is flush the output streams and
    run the exit handlers, which is done here before leaving. Anything else (an error, a thread
    still running, a caller that imported main) ends as always."""
    _END_AT_ONCE[0] = False
    lifetime.console(True)  # a draw's large pool may be left for the process's end (checker.core.lifetime)
    try:
        main()
    except SystemExit as stop:
        if _END_AT_ONCE[0] and stop.code in (0, None):
            _end_now()
        raise
    finally:
        lifetime.console(False)  # not ended at once: what a draw kept is freed as always


def _end_now() -> None:
    import atexit
    import threading

    if threading.active_count() != 1:
        return  # a thread would be cut off mid-work: the interpreter waits for it as always
    if _observed():
        return  # `python -m cProfile -o out -m checker`, coverage, a debugger: they write their results after
    if not _flushed():
        return  # a closed pipe: the interpreter reports it as always
    atexit._run_exitfuncs()  # (and forgets them: the interpreter does not run them a second time)
    # as the interpreter does, the output streams are flushed after the exit handlers too: what a
    # handler printed to a pipe or file (block-buffered) would otherwise be lost
    if _flushed():
        os._exit(EXIT_OK)


def _observed() -> bool:
    """Whether a profiler, a tracer or a monitoring tool (coverage on Python 3.12+) watches this process."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and any(monitoring.get_tool(tool) for tool in range(6))


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with that descriptor closed (`>&-`, pythonw)
                stream.flush()
    except (OSError, ValueError):
        return False
    return True
