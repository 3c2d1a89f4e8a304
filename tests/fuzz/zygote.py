"""A fork server for the fuzz harness: third-party libraries imported once, one fork per command.

Each command is still a separate process running the ``checker`` package exactly as
``python -m checker ARGS`` does (``runpy``, fresh import of every ``checker`` module, its own
stdout/stderr files, resource limits, exit status): only the ~0.3 s of importing openpyxl,
pydantic, jinja2, durable-rules, calamine... is paid once. Nothing of ``checker`` is imported here.

Protocol (one JSON object per line): request ``{"argv", "cwd", "env", "stdout", "stderr",
"timeout", "mem_mb"}`` on stdin; reply ``{"status", "timed_out", "maxrss_kb"}`` on stdout.
``FUNDCHECK_FUZZ_SPAWN=1`` makes the harness start a fresh interpreter per command instead.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import signal
import sys
import time

PRELOAD = ("openpyxl", "openpyxl.workbook", "openpyxl.reader.excel", "pydantic", "jinja2", "click", "rich", "rich.progress",
           "rich.console", "durable.lang", "python_calamine", "orjson", "stdnum.cn.uscc", "yaml", "defusedxml.ElementTree",
           "lxml.etree", "chinese_calendar", "sqlite3", "decimal", "multiprocessing", "csv", "zipfile")


def _child(request: dict) -> None:
    """In the forked child: become the command. Never returns to the server loop."""
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
    os.dup2(os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
    import io

    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="strict")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                  line_buffering=True)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if request.get("mem_mb"):
        limit = int(request["mem_mb"]) << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.argv = ["-c", *request["argv"]]
    import atexit
    import runpy

    pid = os.getpid()

    def peak() -> None:
        path = request.get("peak")
        if path and os.getpid() == pid:
            status = open("/proc/self/status").read()
            open(path, "w").write(status.split("VmHWM:")[1].split()[0] if "VmHWM:" in status else "0")

    atexit.register(peak)
    runpy.run_module("checker", run_name="__main__", alter_sys=True)
    sys.exit(0)


def serve() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional library only costs time
            pass
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in sys.stdin:
        request = json.loads(line)
        reply.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            reply.close()
            _child(request)  # raises SystemExit (or any exception) up to the interpreter: the child exits
        deadline = time.monotonic() + float(request.get("timeout") or 120)
        timed_out = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if not timed_out and time.monotonic() > deadline:
                timed_out = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.003)
        reply.write(json.dumps({"status": os.waitstatus_to_exitcode(status), "timed_out": timed_out,
                                "maxrss_kb": usage.ru_maxrss}) + "\n")
        reply.flush()


if __name__ == "__main__":
    serve()
