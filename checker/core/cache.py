"""A small on-disk cache of what every command would otherwise rebuild at start: the rulebook.

Reading and validating the rulebook's ~150 YAML files takes about a third of a second; unpickling
the validated rulebook takes a fiftieth. Every command loads it, so each run looks here first.

- **Keyed by content, never by time:** the key digests every rulebook file's bytes, fundcheck's
  own code and the versions of Python and pydantic. An edited rule, another rulebook folder, an
  upgrade: another key, and the rulebook is read from its files again. Nothing stale can be served.
- **Only the user's own files are trusted:** unpickling can run code, so an entry is read only from
  a folder and a file owned by the user running fundcheck that no one else may write to (on
  POSIX). Anything else is ignored, as is an entry that cannot be read or unpickled.
- **Never in the way:** a folder that cannot be made or written only means no cache. Entries are
  written atomically (a reader never sees half of one) and the oldest are pruned.
- **Where:** ``FUNDCHECK_CACHE_DIR`` if set (``off`` turns the cache off), else the platform's
  cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``; ``%LOCALAPPDATA%`` on Windows), ``fundcheck``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import platform
import stat
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Iterable

ENV = "FUNDCHECK_CACHE_DIR"
OFF = {"", "0", "off", "no", "false", "none"}
KEEP = 8  # entries kept per kind: a few rulebook folders or versions side by side, never a heap
_CODE_DIGEST: list[str] = []  # fundcheck's own code, digested once per process


def cache_dir() -> Path | None:
    """The cache folder, or None when the user turned the cache off or there is no home folder to
    keep it in (``docker run --user 1234``: no HOME and no passwd entry, so no ``~``)."""
    chosen = os.environ.get(ENV)
    try:
        if chosen is not None:
            return None if chosen.strip().lower() in OFF else Path(chosen).expanduser()
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base) / "fundcheck" / "cache" if base else None
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # unset, or relative: invalid (XDG Base Directory spec), not cwd's
            base = str(Path.home() / ".cache")
    except RuntimeError:  # "Could not determine home directory"
        return None
    return Path(base) / "fundcheck"


def code_digest() -> str:
    """fundcheck's own source files: a changed class may not unpickle as it was pickled."""
    if not _CODE_DIGEST:
        import checker

        root = Path(checker.__file__).resolve().parent
        _CODE_DIGEST.append(content_digest(sorted(root.rglob("*.py")), root))
    return _CODE_DIGEST[0]


def content_digest(paths: Iterable[Path], root: Path) -> str:
    """The files' names (relative to ``root``) and bytes."""
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def entry_key(*parts: str) -> str:
    """A key from the caller's parts, fundcheck's code and the interpreter's and pydantic's versions."""
    import pydantic

    digest = hashlib.sha256()
    for part in (*parts, code_digest(), sys.version, platform.machine(), pydantic.VERSION):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


def load(kind: str, key: str) -> Any | None:
    """The entry, or None (no cache, no entry, not the user's own, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"{kind}-{key}.pickle"
    try:
        if not (_trusted(folder) and _trusted(path)):
            return None
        # what is opened is looked at again: swapped since (a link, a FIFO that would keep the run
        # waiting, another's file) it is not read; O_NONBLOCK lets a FIFO be opened, and refused
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if not (stat.S_ISREG(info.st_mode) and _trusted_info(info)):
                return None
            return pickle.load(handle)
    except Exception:  # missing, truncated, from another build: read from the files instead
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``key``; any failure (read-only home, full disk) only means no cache."""
    folder = cache_dir()
    if folder is None:
        return
    temp = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(folder):
            return
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        temp = folder / f".{kind}-{uuid.uuid4().hex}.tmp"
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                             | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temp, folder / f"{kind}-{key}.pickle")
        temp = None
        _prune(folder, kind)
    except Exception:
        pass
    finally:
        if temp is not None:
            try:
                temp.unlink()
            except OSError:
                pass


def intern_strings(root: Any, own: tuple[str, ...] = ("checker.", "fundcheck_rules")) -> Any:
    """``root`` with every string in it interned, in place (a tuple or frozenset is rebuilt).

    Strings from the rulebook's files meet the code's own names in dict lookups on every case (a
    fact's name, a parameter's, a field's); interned, one compares by identity. Unpickled strings
    never are: checking 3,000 applications with an unpickled rulebook ran 1.6% more instructions
    per case than with one read from its files, until this. Only containers and fundcheck's own
    objects are walked (a pydantic model's or dataclass's ``__dict__``); shared objects stay shared."""
    memo: dict[int, Any] = {}
    intern = sys.intern

    def walk(item: Any) -> Any:
        kind = item.__class__
        if kind is str:
            return intern(item)
        key = id(item)
        if key in memo:
            return memo[key]
        if kind is dict:
            memo[key] = item
            pairs = [(walk(name), walk(value)) for name, value in item.items()]
            item.clear()
            item.update(pairs)
        elif kind is list:
            memo[key] = item
            item[:] = [walk(value) for value in item]
        elif kind is tuple or kind is frozenset:
            memo[key] = item = kind([walk(value) for value in item])
        elif kind is set:
            memo[key] = item
            values = [walk(value) for value in item]
            item.clear()
            item.update(values)
        else:
            memo[key] = item
            if kind.__module__.startswith(own) and isinstance(getattr(item, "__dict__", None), dict):
                walk(item.__dict__)
        return item

    return walk(root)


def _trusted(path: Path) -> bool:
    """Owned by this user, a plain file or folder (not a link), writable by no one else."""
    return _trusted_info(os.lstat(path))


def _trusted_info(info: os.stat_result) -> bool:
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return False
    if os.name == "nt":  # no POSIX owners; the folder is under the user's own profile
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


STALE_TEMP = 3600  # seconds: a temporary file this old is a killed run's, not one being written


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
    now = time.time()
    for temp in folder.glob(f".{kind}-*.tmp"):  # left by a run killed while writing (SIGKILL, power cut)
        with contextlib.suppress(OSError):
            if now - temp.lstat().st_mtime > STALE_TEMP:
                temp.unlink()
