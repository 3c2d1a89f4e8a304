"""The rulebook cache (checker/core/cache.py): a cached rulebook is the rulebook its files give, an
edited file is read again, and an entry anyone else could have written is never unpickled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.core import cache, rulebook
from checker.core.rulebook import default_rules_dir
from tests.helpers import ROOT, SAMPLES


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


@pytest.fixture
def reads(monkeypatch):
    """Every rulebook read from its files (not from the cache), by folder."""
    seen: list[Path] = []
    original = rulebook._read_rulebook

    def counting(directory):
        seen.append(directory)
        return original(directory)

    monkeypatch.setattr(rulebook, "_read_rulebook", counting)
    return seen


def load(directory: Path):
    """load_rulebook without its in-process memo: each call looks at the cache anew."""
    return rulebook._load_rulebook.__wrapped__(directory.resolve())


def own_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rulebook-*.pickle"))


def test_the_second_load_is_the_cached_rulebook_equal_to_the_files(cache_folder, reads, tmp_path):
    rules = own_rules(tmp_path)
    first = load(rules)
    assert reads == [rules.resolve()] and len(entries(cache_folder)) == 1
    second = load(rules)
    assert reads == [rules.resolve()], "the second load came from the cache"
    assert second is not first
    assert second.version == first.version and second.workflow_versions == first.workflow_versions
    assert second.directory == first.directory
    assert {k: r.model_dump() for k, r in second.rules.items()} == {k: r.model_dump() for k, r in first.rules.items()}
    assert {k: w.model_dump() for k, w in second.workflows.items()} == {k: w.model_dump() for k, w in first.workflows.items()}
    assert second.bases == first.bases and second.sources == first.sources
    # its strings interned again, as names in the code are (dict lookups compare them by identity)
    names = [*second.rules, *second.rules["ELIG-REGION"].parameters, *second.vocabulary.fields]
    assert names and all(sys.intern(name) is name for name in names)


def test_intern_strings_keeps_shared_objects_shared_and_leaves_others_alone():
    shared_list = ["".join(["fa", "ct"])]
    path = Path("x")
    value = {"".join(["ke", "y"]): (shared_list, shared_list), "other": frozenset({"".join(["a", "b"])}), "path": path}
    result = cache.intern_strings(value)
    assert result is value
    key = next(iter(value))
    assert sys.intern(key) is key and sys.intern(shared_list[0]) is shared_list[0]
    first, second = value["key"]
    assert first is second is shared_list, "a list met twice stays one list"
    (member,) = value["other"]
    assert sys.intern(member) is member and value["path"] is path


def test_an_edited_rule_file_is_read_again(cache_folder, reads, tmp_path):
    rules = own_rules(tmp_path)
    before = load(rules)
    path = rules / "eligibility" / "ELIG-REGION.yaml"
    text = path.read_text(encoding="utf-8")
    assert before.rules["ELIG-REGION"].title.zh in text
    path.write_text(text.replace(before.rules["ELIG-REGION"].title.zh, "注册地在本市（已改）", 1), encoding="utf-8")
    after = load(rules)
    assert len(reads) == 2
    assert after.rules["ELIG-REGION"].title.zh == "注册地在本市（已改）"
    assert after.version != before.version
    assert len(entries(cache_folder)) == 2


def test_the_same_files_in_another_folder_are_that_folders_rulebook(cache_folder, reads, tmp_path):
    first = own_rules(tmp_path)
    second = tmp_path / "copy"
    shutil.copytree(first, second)
    assert load(first).directory == first.resolve()
    assert load(second).directory == second.resolve()
    assert reads == [first.resolve(), second.resolve()]


@pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes")
@pytest.mark.parametrize("target", ["entry", "folder"])
def test_an_entry_others_may_write_is_never_unpickled(cache_folder, reads, tmp_path, target):
    rules = own_rules(tmp_path)
    load(rules)
    (entry,) = entries(cache_folder)
    # what a planted entry would do when unpickled, were it trusted
    entry.write_bytes(b"cos\nsystem\n(S'echo planted > " + str(tmp_path / "planted").encode() + b"'\ntR.")
    (entry if target == "entry" else cache_folder).chmod(0o666 if target == "entry" else 0o777)
    book = load(rules)
    assert len(reads) == 2 and book.rules, "read from the files instead"
    assert not (tmp_path / "planted").exists()


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_broken_entry_is_read_from_the_files_and_replaced(cache_folder, reads, tmp_path, content):
    rules = own_rules(tmp_path)
    load(rules)
    (entry,) = entries(cache_folder)
    entry.write_bytes(content)  # truncated, garbage, or a pickle of something else (None)
    book = load(rules)
    assert len(reads) == 2 and "ELIG-REGION" in book.rules
    assert load(rules).version == book.version and len(reads) == 2, "the entry was written again"


def test_off_writes_nothing(tmp_path, monkeypatch, reads):
    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    rules = own_rules(tmp_path)
    load(rules)
    load(rules)
    assert len(reads) == 2
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="a read-only folder stops no one running as root")
def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch, reads):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv(cache.ENV, str(locked / "cache"))
    rules = own_rules(tmp_path)
    assert load(rules).rules and load(rules).rules
    assert len(reads) == 2


def test_a_file_that_cannot_be_made_means_no_cache(tmp_path, monkeypatch, reads):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # under a file: no folder can be made
    rules = own_rules(tmp_path)
    assert load(rules).rules and load(rules).rules
    assert len(reads) == 2


def test_old_entries_are_pruned(cache_folder, tmp_path):
    rules = own_rules(tmp_path)
    path = rules / "eligibility" / "ELIG-REGION.yaml"
    text = path.read_text(encoding="utf-8")
    for number in range(cache.KEEP + 3):
        path.write_text(text + f"\n# edit {number}\n", encoding="utf-8")
        load(rules)
    assert len(entries(cache_folder)) == cache.KEEP
    assert not list(cache_folder.glob(".*.tmp"))


def test_the_default_folder_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name != "nt":
        assert cache.cache_dir() == tmp_path / "xdg" / "fundcheck"
    monkeypatch.setenv(cache.ENV, str(tmp_path / "chosen"))
    assert cache.cache_dir() == tmp_path / "chosen"
    monkeypatch.setenv(cache.ENV, "OFF")
    assert cache.cache_dir() is None


def test_a_check_with_the_cached_rulebook_writes_the_same_bytes(tmp_path):
    """The outputs of a check from the cached rulebook, byte for byte those of one read from its files."""
    runs = {}
    for name, setting in (("files", "off"), ("warm", str(tmp_path / "cache")), ("cached", str(tmp_path / "cache"))):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "checker", "check", str(SAMPLES / "w05_applications.xlsx"),
                               "--workflow", "W-05", "--window", "2020-07-01", "2020-07-31", "--out", str(out), "-q"],
                              cwd=ROOT, capture_output=True, env={**os.environ, cache.ENV: setting})
        assert done.returncode == 1, done.stderr.decode()  # the sample holds findings
        runs[name] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert entries(tmp_path / "cache")
    assert runs["cached"].keys() == runs["files"].keys()
    differing = [name for name in runs["files"] if runs["files"][name] != runs["cached"][name]]
    assert differing == []


def test_a_fact_file_in_a_linked_facts_folder_is_part_of_the_key(cache_folder, reads, tmp_path):
    # facts/ (and cases/rounds/) are read through a link to a shared folder, which rglob does not enter
    rules = own_rules(tmp_path)
    shared = tmp_path / "shared-facts"
    (rules / "facts").rename(shared)
    (rules / "facts").symlink_to(shared, target_is_directory=True)
    before = load(rules)
    path = shared / "application.yaml"
    fact = next(iter(before.vocabulary.facts["application"].values()))
    text = path.read_text(encoding="utf-8")
    assert fact.says in text
    path.write_text(text.replace(fact.says, "已改的说明", 1), encoding="utf-8")
    after = load(rules)
    assert reads == [rules.resolve(), rules.resolve()], "the edited fact file was read again"
    assert after.vocabulary.facts["application"][fact.name].says == "已改的说明"


def test_a_file_edited_while_the_rulebook_is_read_is_not_cached_under_its_old_content(cache_folder, reads, tmp_path, monkeypatch):
    rules = own_rules(tmp_path)
    path = rules / "eligibility" / "ELIG-REGION.yaml"
    text = path.read_text(encoding="utf-8")
    title = load(rules).rules["ELIG-REGION"].title.zh
    for entry in entries(cache_folder):
        entry.unlink()
    reading = rulebook._read_rulebook

    def edited_meanwhile(directory):  # an editor saves the file after the key was made, before it is read
        path.write_text(text.replace(title, "注册地在本市（保存中）", 1), encoding="utf-8")
        return reading(directory)

    monkeypatch.setattr(rulebook, "_read_rulebook", edited_meanwhile)
    assert load(rules).rules["ELIG-REGION"].title.zh == "注册地在本市（保存中）"
    monkeypatch.setattr(rulebook, "_read_rulebook", reading)
    path.write_text(text, encoding="utf-8")  # the edit undone: the files are as when the key was made
    assert load(rules).rules["ELIG-REGION"].title.zh == title


@pytest.mark.skipif(os.name == "nt", reason="POSIX owners and modes")
@pytest.mark.parametrize("swap", ["link", "fifo"])
def test_an_entry_swapped_after_it_was_looked_at_is_never_unpickled(cache_folder, reads, tmp_path, monkeypatch, swap):
    # between the look at the entry and its opening (a folder above the cache others may rename in):
    # a link to a file anyone may write, or a FIFO that would keep the run waiting
    rules = own_rules(tmp_path)
    load(rules)
    (entry,) = entries(cache_folder)
    planted = tmp_path / "planted.pickle"
    planted.write_bytes(b"cos\nsystem\n(S'echo planted > " + str(tmp_path / "planted").encode() + b"'\ntR.")
    planted.chmod(0o666)
    looked = cache._trusted

    def then_swapped(path):
        trusted = looked(path)
        if path == entry:
            entry.unlink()
            entry.symlink_to(planted) if swap == "link" else os.mkfifo(entry, 0o600)
        return trusted

    monkeypatch.setattr(cache, "_trusted", then_swapped)
    book = load(rules)
    assert len(reads) == 2 and "ELIG-REGION" in book.rules, "read from the files instead"
    assert not (tmp_path / "planted").exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX home folders")
@pytest.mark.parametrize("chosen", [None, "~fundcheck-no-such-user/cache"])
def test_no_home_folder_means_no_cache_never_an_error(monkeypatch, reads, tmp_path, chosen):
    # docker run --user 1234: no HOME, no passwd entry, so no ~ to expand; every command failed
    import pwd

    def unknown(uid):
        raise KeyError(uid)

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv(cache.ENV, raising=False)
    if chosen:
        monkeypatch.setenv(cache.ENV, chosen)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    rules = own_rules(tmp_path)
    assert cache.cache_dir() is None
    assert "ELIG-REGION" in load(rules).rules and reads == [rules.resolve()]


def test_a_temporary_file_left_by_a_killed_run_is_pruned_once_old(cache_folder, tmp_path):
    # a run killed (SIGKILL, power cut) while writing an entry leaves its temporary file (half a
    # megabyte), which no later run would remove; one being written now by another run is left alone
    cache_folder.mkdir(mode=0o700)
    left, writing = cache_folder / ".rulebook-left.tmp", cache_folder / ".rulebook-writing.tmp"
    left.write_bytes(b"half")
    writing.write_bytes(b"half")
    os.utime(left, (0, 0))
    load(own_rules(tmp_path))
    assert sorted(p.name for p in cache_folder.iterdir() if p.suffix == ".tmp") == [".rulebook-writing.tmp"]


@pytest.mark.skipif(os.name == "nt", reason="XDG folders")
def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    # the XDG spec: a relative path there is invalid; taken as is, every command left a fundcheck
    # folder in whatever folder it was started from (beside the user's applications)
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "fundcheck"
