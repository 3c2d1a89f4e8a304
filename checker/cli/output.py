"""What every command shares on its way out: ``--json``, ``-q/--quiet`` and the short options.

They are added to every command of the tree after it is built (``install``), so a command written
tomorrow gets them too and none can forget one:

- ``--json`` prints exactly one JSON object on stdout: the command, ``status`` (ok, findings, error),
  ``exit_code``, and what the command reported with :func:`report` (counts, output paths...). The
  command's usual lines are not printed; an input error is the object's ``error`` (and, as always,
  one sentence on stderr). It is unrelated to ``check --format json`` (the per-case reports).
- ``-q/--quiet`` prints nothing on stdout (no progress bar either); errors still go to stderr and
  the exit code is unchanged.
- ``-o`` for ``--out``, ``-w`` for ``--workflow``, ``-j`` for ``--jobs``, wherever a command has them.
- ``--workflow`` in any letter case: w-05 is W-05.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys

import click

from checker.cli.lazy import LazyGroup
from checker.core.stops import raise_if_owed
from checker.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, InputError, internal_words

RESULT = "fundcheck.result"
QUIET = "fundcheck.quiet"
STATUS = {EXIT_OK: "ok", EXIT_FINDINGS: "findings", EXIT_ERROR: "error"}
SHORT_OPTIONS = {"--out": "-o", "--workflow": "-w", "--jobs": "-j"}


def report(**fields) -> None:
    """Add fields to the current command's ``--json`` object (counts, outputs, ...)."""
    context = click.get_current_context(silent=True)
    if context is not None:
        context.find_root().meta.setdefault(RESULT, {}).update(fields)


def recorded(sentence: str, exit_code: int = EXIT_OK) -> None:
    """Say that the command has done what cannot be undone (a draw entered in the ledger, a run's
    outputs all written) and the status it ends with: from here on, an output that cannot be
    written (a full disk behind ``> log``) no longer fails the run."""
    _RECORDED[0] = (sentence, exit_code)


_RECORDED: list[tuple[str, int] | None] = [None]  # (the process runs one command; read after its context is gone)


def forget_recorded() -> None:
    _RECORDED[0] = None


def recorded_sentence() -> str | None:
    """What the command said it has done for good, if it said so."""
    return _RECORDED[0][0] if _RECORDED[0] else None


def recorded_exit_code() -> int:
    return _RECORDED[0][1] if _RECORDED[0] else EXIT_OK


def quiet() -> bool:
    """True when the command must not draw progress bars (``--quiet`` or ``--json``)."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().meta.get(QUIET))


def _exit_code(code) -> int:
    if code is None:
        return EXIT_OK
    return code if isinstance(code, int) else EXIT_ERROR


def _wrap(callback):
    def run(*args, as_json: bool = False, quiet_flag: bool = False, **kwargs):
        root = click.get_current_context().find_root()
        root.meta[QUIET] = quiet_flag or as_json
        if not root.meta[QUIET]:
            return callback(*args, **kwargs)
        lines = io.StringIO()
        code, error = EXIT_OK, None
        try:
            with contextlib.redirect_stdout(lines):
                callback(*args, **kwargs)
        except SystemExit as stop:  # sys.exit(code) in a command
            code = _exit_code(stop.code)
        except click.exceptions.Exit as stop:
            code = stop.exit_code
        except InputError as problem:
            code, error = EXIT_ERROR, problem
        except Exception as problem:  # an internal error: the object says so, the group writes the crash file
            if as_json:
                _print_object(root, EXIT_ERROR, f"内部错误（{internal_words(problem)}）", lines)
            raise
        # a stop Python dropped (checker.core.stops): the run ends as stopped, with no object saying
        # it succeeded (a real Ctrl-C here prints none either)
        raise_if_owed()
        if as_json:
            _print_object(root, code, str(error) if error else None, lines)
        if error is not None:
            raise error  # the group prints the sentence on stderr and exits 2
        click.get_current_context().exit(code)

    run.__name__ = getattr(callback, "__name__", "command")
    run.__doc__ = callback.__doc__
    return run


def _print_object(root: click.Context, code: int, error: str | None, lines: io.StringIO) -> None:
    words = click.get_current_context().command_path.split()[1:]  # without the program name, however invoked
    payload = {"command": " ".join(["fundcheck", *words]), "status": STATUS.get(code, "error"),
               "exit_code": code}
    payload.update(root.meta.get(RESULT, {}))
    if error:
        payload["error"] = error
    printed = lines.getvalue().splitlines()
    if printed and "messages" not in payload:
        payload["messages"] = printed  # what the command would have said, for commands that report nothing else
    text = json.dumps(payload, ensure_ascii=False, default=str)
    if not _printable_as_it_is(text):
        # a file name with undecodable bytes (\udcff, written back as the raw byte: not UTF-8), or
        # text the output's encoding lacks (latin-1: an emoji became \U0001f600, no JSON escape):
        # every character outside ASCII as a JSON escape, which any reader decodes to the same text
        text = json.dumps(payload, ensure_ascii=True, default=str)
    click.echo(text)


def _printable_as_it_is(text: str) -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode("utf-8")
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _add_short_options(command: click.Command) -> None:
    taken = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        for long, short in SHORT_OPTIONS.items():
            if long in param.opts and short not in taken:
                param.opts.insert(0, short)
                taken.add(short)


_WORKFLOW_ID = re.compile(r"[A-Za-z]-\d{2}")


def _workflow_in_capitals(context, param, value):
    """-w w-05 is W-05 (only the letter's case: W5 or W-005 are still refused, with a hint)."""
    if isinstance(value, str) and _WORKFLOW_ID.fullmatch(value.strip()):
        value = value.strip().upper()
    own = getattr(param, "own_callback", None)
    return value if own is None else own(context, param, value)


def _add_workflow_case(command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Option) and "--workflow" in param.opts:
            param.own_callback = param.callback
            param.callback = _workflow_in_capitals


def _add_output_options(command: click.Command) -> None:
    names = {param.name for param in command.params}
    if {"as_json", "quiet_flag"} & names:
        raise AssertionError(f"{command.name} declares its own --json/--quiet: report() fields instead")
    command.params.append(click.Option(["--json", "as_json"], is_flag=True,
                                       help="只在标准输出打印一个 JSON 对象（状态、计数、输出路径、退出码），供脚本读取。"))
    command.params.append(click.Option(["-q", "--quiet", "quiet_flag"], is_flag=True,
                                       help="标准输出不打印任何内容（也不显示进度条）；错误仍打印到标准错误，退出码不变。"))
    command.callback = _wrap(command.callback)


def _usage_words(command: click.Command) -> None:
    """The usage line in Chinese: 用法： fundcheck check [选项] APPLICATIONS... (click writes [OPTIONS])."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."


def install(group: click.Group) -> None:
    """Give every command under ``group`` the shared options (call once, after all are added).

    A lazy group's commands get them when they are imported (checker/cli/lazy.py); a command is
    given them once however often it is reached."""
    _usage_words(group)
    if isinstance(group, LazyGroup):
        group.prepare = install_command
        commands = list(group._loaded.values())  # not .commands: that would import every lazy one
    else:
        commands = list(group.commands.values())
    for command in commands:
        install_command(command)


def install_command(command: click.Command) -> None:
    """The shared options on one command, or on every command of a group."""
    if isinstance(command, click.Group):
        install(command)
    elif not getattr(command, "_fundcheck_output_options", False):
        _usage_words(command)
        _add_short_options(command)
        _add_workflow_case(command)
        _add_output_options(command)
        command._fundcheck_output_options = True
