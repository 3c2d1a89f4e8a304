"""Output folders that never lie: atomic files, nothing written outside, every file accounted for.

- Every file is written to a hidden temporary name in its target folder (created with O_EXCL and
  O_NOFOLLOW, so nothing planted there is followed) and moved into place with ``os.replace``, which
  replaces a planted symbolic link instead of writing through it. A reader never sees half a file.
  A batch's per-case reports (tens of thousands) are written under their own names into one hidden
  staging folder, moved into place as a whole (:class:`StagedFolder`): the same guarantees, per folder.
- Before writing, the output tree is checked: a symbolic link or a file that is neither a regular
  file nor a folder is refused (it could redirect a report outside the folder).
- Before any report, the run writes ``.fundcheck-run.json``: the command, the input's SHA-256, the
  rulebook version and every file it will write. A rerun of the same input removes the files its
  manifest lists (so a killed run leaves no stale report); another input's reports, or files no
  manifest lists, stop the run unless ``--force``, which deletes only files a manifest lists.
- The completion marker (summary.json) is written last and fsynced; a killed run leaves none.
- ``OSError`` on writing (full disk, read-only folder) becomes one sentence naming the path.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import sys
import time
import uuid
from pathlib import Path
from typing import Iterable

from checker.core.stops import held_until_done, raise_if_owed
from checker.errors import InputError, os_reason

MANIFEST = ".fundcheck-run.json"
# what each command writes last: a folder holding one holds a complete run (check, audit, fairness)
COMPLETION_MARKERS = frozenset({"summary.json", "round.json", "rounds.json", "fairness.json"})
TEMP_PREFIX = ".fundcheck-tmp-"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has none; os.replace still replaces a link there
_LIVE_TEMPS: set[str] = set()  # temporary files of this process, removed on SIGTERM/SIGINT (checker/cli)
_LIVE_STAGES: set[str] = set()  # staging folders of this process (StagedFolder), removed with them


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)


def write_atomic(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Plain descriptor calls (no buffered file object: its isatty and seek calls, and a stat of the
    temporary name after it was moved) because a 1,000-round audit writes 3,000 files this way;
    the temporary file is removed if it was not moved into place, whatever failed."""
    raise_if_owed()  # a stop Python dropped: no file is written after it (checker.core.stops)
    temp = str(temp_path_for(path))
    _LIVE_TEMPS.add(temp)
    moved = False
    try:
        _write_new(temp, data, sync)
        os.replace(temp, path)
        moved = True
    except OSError as error:
        raise cannot_write(path, error) from error
    finally:
        _LIVE_TEMPS.discard(temp)
        if not moved:
            try:
                os.unlink(temp)
            except OSError:  # never created, or already gone
                pass


def temp_path_for(path: Path) -> Path:
    """A temporary name beside ``path`` (hidden, this process's id in it, so a later run can tell a
    killed run's file from a live one's: _sweep_once, which runs first)."""
    _sweep_once(path.parent)
    return path.parent / f"{TEMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex}{path.suffix}"


_SWEPT: set[str] = set()  # folders this process has looked at for a killed run's temporary files
_KILLED_TEMP = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-[0-9a-f]{{32}}(\.[A-Za-z0-9]+)?$")
STALE_TEMP_SECONDS = 60  # a temporary file lives a few seconds at most: one older whose process is gone is left over


def _sweep_once(folder: Path) -> None:
    """Remove, once per folder and process, the temporary files of a run that was killed (kill -9, the
    out-of-memory killer, a power cut) while it wrote there: its handlers never ran, and a draw's
    left a hidden panel file naming the experts of a draw the ledger never recorded (h103). Only a
    file named by write_atomic whose process is gone on this machine and that is older than
    STALE_TEMP_SECONDS: another run writing into the folder now keeps its own (one on another machine
    over a shared drive, whose process id means nothing here, by the age alone: its files live seconds)."""
    key = str(folder)
    if key in _SWEPT:
        return
    _SWEPT.add(key)
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = _KILLED_TEMP.match(entry.name)
        if not match or int(match[1]) == os.getpid() or _alive(int(match[1])):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS:
                os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process (PermissionError), or no such number here
        return True
    return True


def _write_new(path: str, data: bytes, sync: bool) -> None:
    """Create ``path`` (O_EXCL and O_NOFOLLOW: never an existing file or a planted link) holding ``data``."""
    descriptor = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:  # os.write may write less than asked
            written = os.write(descriptor, view)
            if not written:
                raise OSError(f"nothing written to {path}")
            view = view[written:]
        if sync:
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def track_temp(path: Path) -> None:
    """A temporary file to remove if the process is asked to stop before it is moved into place."""
    _LIVE_TEMPS.add(str(path))


def untrack_temp(path: Path) -> None:
    _LIVE_TEMPS.discard(str(path))


def remove_live_temps() -> None:
    """Remove this process's temporary files and staging folders (called when the process is asked
    to stop)."""
    for name in list(_LIVE_TEMPS):
        Path(name).unlink(missing_ok=True)
        _LIVE_TEMPS.discard(name)
    for name in list(_LIVE_STAGES):
        shutil.rmtree(name, ignore_errors=True)
        _LIVE_STAGES.discard(name)


def cannot_write(path: Path, error: OSError) -> InputError:
    reason = os_reason(error)
    return InputError(f"无法写入「{path}」：{reason}。")


def _is_foreign(entry: os.DirEntry) -> bool:
    mode = entry.stat(follow_symlinks=False).st_mode
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


_HELD: dict[tuple[int, int], int] = {}  # (device, inode) of each output folder this process holds → its descriptor


def _hold_folder(root: Path) -> None:
    """Hold the output folder for this process until it ends: a second run writing into the same
    folder at once (two reviewers, or a script started twice) stops with one sentence, instead of
    each removing the other's files (both runs failed with 无法写入「cases.jsonl」：不存在) or mixing
    their reports under one summary.json. An advisory lock on the folder itself (no file is added to
    it), released by the system when the process ends however it ends; none where there is no
    flock (Windows)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        descriptor = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a folder that cannot be opened for reading is reported when written to
    status = os.fstat(descriptor)
    key = (status.st_dev, status.st_ino)
    if key in _HELD:
        os.close(descriptor)  # held already by this process (a second OutputDir for the same folder)
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(descriptor)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise InputError(f"输出文件夹「{root}」正由另一次运行写入；请等它结束后再试，或换一个文件夹。") from None
        return  # a file system without locks (some network shares): run as before
    os.set_inheritable(descriptor, False)
    _HELD[key] = descriptor


def _try_lock(path) -> tuple[int | None, bool]:
    """(a descriptor holding an exclusive flock on the folder, or None; whether another process holds
    it). Nothing to lock where there is no flock (Windows) or the folder cannot be opened."""
    try:
        import fcntl
    except ImportError:
        return None, False
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None, False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(descriptor)
        return None, error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)
    return descriptor, False


def _hold_stage(path: str) -> int | None:
    """Lock a staging folder while this run fills it (released when closed, or when the process ends
    however it ends): made inside ``cases/``, it is in the tree another run's survey walks when that
    run's output folder is this one's ``cases/``; the flock on the output folder does not cover it."""
    return _try_lock(path)[0]


def _stage_in_use(path: Path) -> bool:
    """Whether a staging folder is held by a live run (:func:`_hold_stage`), not left by a killed one."""
    descriptor, busy = _try_lock(path)
    if descriptor is not None:
        os.close(descriptor)
    return busy


def release_folders() -> None:
    """Let other runs write into the folders this process held (its command has ended)."""
    while _HELD:
        os.close(_HELD.popitem()[1])


def _refuse_unwritable_names(names: list[str]) -> None:
    """A name the file system's encoding cannot write (告知书汇总.html where it is ASCII: LC_ALL=C with
    PYTHONUTF8=0) failed with 内部错误（UnicodeEncodeError） half way through the run. The names are
    encoded together first (a batch announces 100,000): a line feed encodes alone in every encoding
    a file system uses, so together they fail exactly when one does; then the one is found."""
    try:
        os.fsencode("\n".join(names))
        return
    except UnicodeEncodeError:
        pass
    for name in names:
        try:
            os.fsencode(name)
        except UnicodeEncodeError:
            raise InputError(f"输出文件名「{name}」无法按本机的区域设置写出（文件名编码 {sys.getfilesystemencoding()}；"
                             "LANG/LC_ALL 为 C？）；请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。") from None


def manifest_bytes(manifest: dict) -> bytes:
    """``json.dumps(manifest, ensure_ascii=False, indent=1)`` in UTF-8, its ``files`` list (last; a
    batch's 100,000 names) joined here from each name's JSON string as json.dumps encodes it: the
    indented encoder is pure Python, 0.15 s for those names, twice a run."""
    files = manifest["files"]
    text = json.dumps({**manifest, "files": []}, ensure_ascii=False, indent=1)
    if files and text.endswith('"files": []\n}') and list(manifest)[-1] == "files":
        text = text[:-len('[]\n}')] + "[\n  " + ",\n  ".join(map(_json_string, files)) + "\n ]\n}"
    elif files:
        text = json.dumps(manifest, ensure_ascii=False, indent=1)
    return text.encode("utf-8")


_json_string = json.encoder.encode_basestring  # json.dumps's own encoder of a str (ensure_ascii=False): C where built


class OutputDir:
    """One run's output folder: checked, announced in a manifest, written atomically."""

    def __init__(self, root: Path, *, command: str, input_sha256: str, rulebook_version: str = "", force: bool = False):
        self.root = Path(root)
        self.command = command
        self.input_sha256 = input_sha256
        self.rulebook_version = rulebook_version
        self.force = force
        # the folders this run made (relative name → what they were when made): only such a folder may be
        # replaced as a whole by a staging folder (StagedFolder); one there before keeps what it is
        self.made: dict[str, tuple] = {}

    # -- before writing ---------------------------------------------------------------------------
    def prepare(self) -> None:
        """Create the folder and check it holds nothing that could redirect or be mistaken."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"无法创建输出文件夹「{self.root}」：{os_reason(error)}。") from error
        if not self.root.is_dir():
            raise InputError(f"输出路径「{self.root}」不是文件夹。")
        if self.root.is_symlink():
            # the folder the user named is a link to a folder (a share mounted elsewhere, a folder
            # moved and linked back): it is written in, as a shell's cd goes there. Only links found
            # inside it are refused. Before, every file's folder check took the root itself for such a
            # link: the run stopped with 不是文件夹 after it had written its manifest and cases/ there.
            self.root = Path(os.path.realpath(self.root))
        if not os.access(self.root, os.W_OK):
            raise InputError(f"输出文件夹「{self.root}」不可写。")
        _hold_folder(self.root)

    def begin(self, files: Iterable[str], *, folders: bool = True) -> None:
        """Check the tree, clear what an earlier run of this command left, announce ``files``;
        ``folders=False`` leaves creating their folders to the writer (:meth:`folder`)."""
        planned = sorted(set(files) | {MANIFEST})
        _refuse_unwritable_names(planned)
        self.prepare()
        foreign, earlier = self._survey()
        listed = set(earlier.get("files", []))
        same_run = earlier.get("command") == self.command and earlier.get("input_sha256") == self.input_sha256
        if earlier and not same_run and not self.force:
            raise InputError(
                f"输出文件夹「{self.root}」中有另一次运行（{earlier.get('command')}，输入 SHA-256 "
                f"{str(earlier.get('input_sha256'))[:12]}…）的报告；请换一个文件夹，或加 --force 删除这些报告后重写。")
        unlisted = sorted(set(foreign) - listed)
        if unlisted and not self.force:
            shown = "、".join(unlisted[:5]) + (f" 等 {len(unlisted)} 个" if len(unlisted) > 5 else "")
            raise InputError(f"输出文件夹「{self.root}」中有不是本工具写入的文件（{shown}）；请换一个空文件夹，"
                             "或加 --force（只删除本工具以前写入的文件）。")
        # the completion markers go first and the old manifest stays until the new one replaces it:
        # a run killed while clearing leaves no summary.json over half the old reports, and the files
        # it had not yet removed stay listed, so the next run clears them without --force
        for name in sorted(listed - {MANIFEST}, key=lambda n: (n.rpartition("/")[2] not in COMPLETION_MARKERS, n)):
            (self.root / name).unlink(missing_ok=True)
        self._manifest(planned)
        if folders:
            # the names are POSIX-relative ("cases/x.html"); a folder's part without a Path per name
            # (a batch announces two files per application: 20,000 Paths took a tenth of a second)
            for folder in {name.rpartition("/")[0] or "." for name in planned}:
                self.folder(folder)

    def remove_temps(self) -> None:
        """Remove every temporary file of this run's tree: after worker processes were stopped (or
        died) in the middle of a write, theirs are nobody's to move into place. A sub-folder with a
        manifest of its own is another run's (as the survey takes it): its temporary files may be
        that run's, being written now. Staging folders are their StagedFolder's to remove."""
        stack = [self.root]
        while stack:
            try:
                entries = list(os.scandir(stack.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    if not entry.name.startswith(TEMP_PREFIX) and not os.path.exists(os.path.join(entry.path, MANIFEST)):
                        stack.append(entry.path)
                elif entry.name.startswith(TEMP_PREFIX):
                    Path(entry.path).unlink(missing_ok=True)

    def settle(self, files: Iterable[str]) -> None:
        """Before the completion marker: the manifest lists exactly the files the run wrote (begin()
        may announce more: files that depend on what the run finds, such as flagged cases' reports)."""
        self._manifest(sorted(set(files) | {MANIFEST}))

    def _manifest(self, files: list[str]) -> None:
        self.write(MANIFEST, manifest_bytes({
            "command": self.command, "input_sha256": self.input_sha256, "rulebook_version": self.rulebook_version,
            "files": files,
        }), sync=True)

    def _survey(self) -> tuple[list[str], dict]:
        """(files in the tree no nested run owns, this folder's manifest). Refuses links and
        special files; removes temporary files a killed run left behind."""
        files: list[str] = []
        manifest: dict = {}
        stack = [self.root]
        while stack:
            folder = stack.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = Path(entry.path)
                    relative = path.relative_to(self.root).as_posix()
                    if entry.is_symlink() or _is_foreign(entry):
                        raise InputError(f"输出文件夹中的「{path}」是符号链接或特殊文件，已拒绝写入（可能把报告写到文件夹之外）。")
                    if entry.is_dir() and entry.name.startswith(TEMP_PREFIX):
                        if _stage_in_use(path):
                            # another run's, filling it now (this folder is that run's cases/): removing
                            # it failed that run at its end with 无法写入「cases/…」：不存在
                            raise InputError(f"输出文件夹「{self.root}」正由另一次运行写入；请等它结束后再试，或换一个文件夹。")
                        shutil.rmtree(path, ignore_errors=True)  # a staging folder a killed run left
                        continue
                    if entry.is_dir():
                        if not (path / MANIFEST).exists():
                            stack.append(path)  # a sub-folder with its own manifest is another run's
                        continue
                    if entry.name.startswith(TEMP_PREFIX):
                        path.unlink(missing_ok=True)  # left by a killed run
                    elif relative == MANIFEST:
                        manifest = read_manifest(path)
                    else:
                        files.append(relative)
        return files, manifest

    # -- writing ----------------------------------------------------------------------------------
    def folder(self, relative: str) -> Path:
        path = self.root / relative
        try:
            os.mkdir(path)
            self.made[relative] = _identity(os.stat(path, follow_symlinks=False))
            return path  # made just now: a folder, not a link (mkdir never follows the last name)
        except FileExistsError:
            pass  # there already: checked below
        except FileNotFoundError:
            pass  # a parent folder is missing: made below
        except OSError as error:
            raise cannot_write(path, error) from error
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise cannot_write(path, error) from error
        if path.is_symlink() or not path.is_dir():
            raise InputError(f"「{path}」不是文件夹，无法写入报告。")
        return path

    def write(self, relative: str, data: bytes, *, sync: bool = False) -> Path:
        path = self.root / relative
        write_atomic(path, data, sync=sync)
        return path

    def write_marker(self, relative: str, data: bytes) -> Path:
        """The run's completion marker (round.json, rounds.json, fairness.json), synced and moved into
        place with Ctrl-C and SIGTERM held, by the main thread (the only one that can hold them: see
        :class:`checker.core.stops.HeldStops`); once it is there the run is complete and a stop is
        spent. Unheld, a stop arriving right after it was in place, or while the run's result was
        printed, ended a complete run with 已中断：本次运行未完成 and exit 2."""
        with held_until_done():
            return self.write(relative, data, sync=True)

    def staged(self, folder: str) -> "StagedFolder":
        """New files for ``folder`` (a batch's cases/), moved into place together (:class:`StagedFolder`)."""
        return StagedFolder(self, folder)

    def stream(self, relative: str) -> "StreamFile":
        """A file written piece by piece (cases.jsonl), moved into place only when complete."""
        return StreamFile(self.root / relative)


def _identity(status: os.stat_result) -> tuple:
    """A folder as it is: the change time moves with anything done to it (mode, owner, group, an
    access list set, an entry added), so a folder with the same identity is the one made, untouched."""
    return (status.st_dev, status.st_ino, status.st_mode, status.st_uid, status.st_gid, status.st_ctime_ns)


class StagedFolder:
    """The new files of one folder of the run (a batch's ``cases/``: up to one per application),
    each created under its own name in a hidden staging folder (``.fundcheck-tmp-cases-…``) and moved
    into place together by :meth:`commit`, before the run's completion marker.

    Why not :func:`write_atomic` for each: on ext4 (the project's VM) a file created under a
    temporary name and renamed costs about twice one created under its own name (0.08-0.10 ms against
    0.04-0.06 ms of system time a file, benchmarks/README.md "Eleventh pass"), and 100,000
    applications have 33,000 reports. What write_atomic promises holds for the folder as a whole: no
    reader sees half a file in ``cases/`` (the staging folder is hidden; a stopped run removes it, a
    killed run's is removed by the next run's survey of the folder); nothing planted is followed (the
    staging folder is made here with mkdir, each file with O_EXCL and O_NOFOLLOW, and files are moved
    into a folder with ``os.replace``, which replaces a planted link instead of writing through it).

    Where the staging folder is, and how it is moved:
    - ``cases/`` made by this run a moment ago (:meth:`OutputDir.folder`) and unchanged since: the
      staging folder beside it, made alike in the same parent (so with the same group, mode and
      inherited access lists), replaces it in one rename.
    - ``cases/`` there before (a rerun; a folder an office set read-only, setgid to the reviewers'
      group, with its own access lists, or another file system mounted there; someone's shell in it):
      the staging folder is made inside it, so everything in it is what a file made in ``cases/`` gets,
      and each file is renamed into place; the folder itself is never replaced.
    Paths outside ``folder`` are written as :meth:`OutputDir.write` writes them."""

    def __init__(self, out: OutputDir, folder: str):
        self.out = out
        self.folder = folder
        self.path: str | None = None  # the staging folder, made with the first file
        self.whole = False  # the staging folder is to replace ``folder`` (else it is inside it)
        self._held: int | None = None  # its lock (_hold_stage)
        self.names: list[str] = []

    def write(self, relative: str, data: bytes, *, sync: bool = False) -> Path:
        parent, _, name = relative.rpartition("/")
        if parent != self.folder:
            return self.out.write(relative, data, sync=sync)
        if self.path is None:
            self._make(self.out.root / relative)
        path = f"{self.path}{os.sep}{name}"
        try:
            _write_new(path, data, sync)
        except OSError as error:
            if not isinstance(error, FileExistsError):  # another's file is never removed (names are unique)
                Path(path).unlink(missing_ok=True)
            raise cannot_write(self.out.root / relative, error) from error
        self.names.append(name)
        return self.out.root / relative

    def _made_unchanged(self) -> bool:
        """Whether ``folder`` is the one this run made, as it was made (not since replaced, chmod'ed
        or given to another owner or group)."""
        made = self.out.made.get(self.folder)
        try:
            return made is not None and _identity(os.stat(self.out.root / self.folder, follow_symlinks=False)) == made
        except OSError:
            return False

    def _make(self, first: Path) -> None:
        target = self.out.folder(self.folder)  # a folder, never a link (refused in one sentence)
        if not os.access(target, os.W_OK):
            # a folder made read-only (chmod 555): refused as a report written into it is, never replaced
            raise cannot_write(first, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
        self.whole = self._made_unchanged()
        parent = self.out.root if self.whole else target
        path = f"{parent}{os.sep}{TEMP_PREFIX}{self.folder.rpartition('/')[2]}-{uuid.uuid4().hex}"
        _LIVE_STAGES.add(path)  # registered before it exists: a stop right after mkdir still removes it
        try:
            os.mkdir(path)
        except OSError as error:
            _LIVE_STAGES.discard(path)
            raise cannot_write(first, error) from error
        self.path = path
        self._held = _hold_stage(path)

    def _release(self) -> None:
        if self._held is not None:
            os.close(self._held)
            self._held = None

    def commit(self) -> None:
        """Move the files into place (one rename of the folder, or one per file: see the class). Nothing
        to do when no file was written."""
        if self.path is None:
            return
        moved = False
        if self.whole and self._made_unchanged():
            try:
                os.rename(self.path, self.out.root / self.folder)  # over the empty folder this run made (POSIX)
                moved = True
            except OSError:  # not empty after all, or a system that renames no folder over another (Windows)
                pass
        if not moved:
            self._move_each()
        _LIVE_STAGES.discard(self.path)
        self.path = None
        self._release()

    def _move_each(self) -> None:
        folder = self.out.folder(self.folder)  # a folder, never a link (refused in one sentence)
        for name in self.names:
            staged = f"{self.path}{os.sep}{name}"
            try:
                os.replace(staged, folder / name)
            except OSError as error:
                if error.errno != errno.EXDEV:
                    raise cannot_write(folder / name, error) from error
                # another file system mounted on cases/ since the staging folder was made beside it: no
                # rename reaches it, so the report is copied in as write_atomic writes any file
                try:
                    data = Path(staged).read_bytes()
                except OSError as failure:
                    raise cannot_write(folder / name, failure) from failure
                write_atomic(folder / name, data)
        shutil.rmtree(self.path, ignore_errors=True)

    def discard(self) -> None:
        """The run stopped: its staged files go (the files already in place stay, as ever, listed in
        the manifest for the next run to replace)."""
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            _LIVE_STAGES.discard(self.path)
            self.path = None
        self._release()


class BackgroundWriter:
    """Files handed over by the thread that renders them and written by ``threads`` others, each
    as :meth:`OutputDir.write` does (temporary file, then ``os.replace``).

    Creating a file or folder is a system call that costs about a millisecond on some disks, the
    time it takes to render a round's reports: rendering the next while the last is written
    overlaps the two. Used as a context manager: leaving the block waits for every file and raises
    the first writing error (an :class:`InputError` naming the path); leaving it on an error drops
    the files not yet started and waits for those being written, so no temporary file outlives it.
    """

    # A writer thread takes the interpreter lock back after each system call; with the default 5 ms
    # switch interval it waits behind the rendering thread and the files pile up until the end.
    SWITCH_INTERVAL = 0.0005

    def __init__(self, out: OutputDir, threads: int = 2):
        from concurrent.futures import ThreadPoolExecutor

        self.out = out
        # threads=0: every file written by the caller at submit() (processes already fill the cores)
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="fundcheck-write") if threads > 0 else None
        self._pending: list = []
        self._interval: float | None = None

    def submit(self, folder: str, files: list[tuple[str, bytes, bool]]) -> None:
        """Create ``folder`` (relative; "" for the output folder itself) if need be, then write
        ``files``: (relative path, bytes, fsync) in order."""
        if self._pool is None:
            self._write(folder, files)
            return
        self._pending.append(self._pool.submit(self._write, folder, files))
        while self._pending and self._pending[0].done():  # an error raised early
            self._pending.pop(0).result()
        while len(self._pending) > 64:  # the files waiting to be written: a few megabytes at most
            self._pending.pop(0).result()

    def _write(self, folder: str, files: list[tuple[str, bytes, bool]]) -> None:
        if folder:
            self.out.folder(folder)
        for relative, data, sync in files:
            self.out.write(relative, data, sync=sync)

    def __enter__(self) -> "BackgroundWriter":
        if self._pool is not None:
            self._interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._interval, self.SWITCH_INTERVAL))
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None:
                for future in self._pending:
                    future.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            if self._interval is not None:
                sys.setswitchinterval(self._interval)


def write_pieces(out: "OutputDir", relative: str, pieces: Iterable[bytes], *, sync: bool = False,
                 marker: bool = False) -> None:
    """A file written from an iterable of pieces (a large page), atomically like :meth:`OutputDir.write`.
    ``marker``: the run's completion marker. Ctrl-C and SIGTERM are held while it is moved into place;
    once it is there the run is complete and a stop is spent (checker.core.stops): one raised after it,
    while the summary was printed, ended a complete run with 已中断：本次运行未完成 and exit 2."""
    stream = out.stream(relative)
    try:
        for piece in pieces:
            stream.write(piece)
        if marker:
            with held_until_done():
                stream.commit(sync=sync)
        else:
            stream.commit(sync=sync)
    except BaseException:
        stream.discard()
        raise


class StreamFile:
    """Like :func:`write_atomic`, for a file too large to hold: a temporary file in the target
    folder, appended to, then moved into place by :meth:`commit` (or removed by :meth:`discard`)."""

    def __init__(self, path: Path):
        self.path = path
        self.temp = path.parent / f"{TEMP_PREFIX}{uuid.uuid4().hex}{path.suffix}"
        track_temp(self.temp)
        try:
            descriptor = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o666)
            self.handle = os.fdopen(descriptor, "wb", buffering=1 << 20)
        except OSError as error:
            untrack_temp(self.temp)
            raise cannot_write(path, error) from error

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as error:
            self.discard()
            raise cannot_write(self.path, error) from error

    def commit(self, *, sync: bool = False) -> None:
        try:
            if sync:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.temp, self.path)
        except OSError as error:
            self.discard()
            raise cannot_write(self.path, error) from error
        untrack_temp(self.temp)

    def discard(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        self.temp.unlink(missing_ok=True)
        untrack_temp(self.temp)


def read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"command": "?", "input_sha256": "?", "files": []}
    if not isinstance(data, dict) or not isinstance(data.get("files", []), list):
        return {"command": "?", "input_sha256": "?", "files": []}
    data["files"] = [f for f in data.get("files", []) if isinstance(f, str) and ".." not in Path(f).parts and not Path(f).is_absolute()]
    return data
