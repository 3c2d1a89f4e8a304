"""Documentation that cannot go stale: the generated rule docs, every command's example, the README."""

from __future__ import annotations

import shlex
import shutil

import click
import pytest

from checker.cli import cli
from checker.docs import fact_catalogue, rules_markdown
from tests.helpers import ROOT, run_cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


COMMANDS = dict(_commands(cli))
LEAVES = [path for path, command in COMMANDS.items() if not isinstance(command, click.Group)]


EXAMPLE_MARKERS = ("示例：", "Example:")  # the Chinese help, and a docstring not translated yet


def _example(command: click.Command) -> list[str]:
    """The command line under "示例：" (or "Example:") in a command's help (continuation lines joined)."""
    text = command.help or ""
    marker = next((m for m in EXAMPLE_MARKERS if m in text), None)
    assert marker, "no 示例： in the help"
    lines = [line.strip() for line in text.split(marker, 1)[1].strip().splitlines()]
    block = " ".join(line for line in lines[: next((i for i, l in enumerate(lines) if not l), len(lines))])
    words = shlex.split(block)
    assert words[0] == "fundcheck"
    return words[1:]


def test_docs_rules_md_is_generated_from_the_rulebook(book):
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(book), "run `fundcheck rules docs`"


def test_the_fact_catalogue_in_rules_readme_is_fresh(book):
    assert fact_catalogue(book) in (ROOT / "rules" / "README.md").read_text(encoding="utf-8"), "run `fundcheck rules docs`"


def test_every_command_and_group_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [" ".join(path) for path in COMMANDS if f"fundcheck {' '.join(path)}" not in readme]
    assert missing == []


# Commands whose example needs what an earlier example made (a draw, a ledger, a commit record).
CHAIN = [("draw", "new"), ("draw", "substitute"), ("draw", "verify"), ("ledger", "verify"), ("ledger", "show"),
         ("draw", "commit"), ("draw", "reveal"), ("check",), ("diff",)]  # diff compares the folder check writes


@pytest.fixture()
def workspace(tmp_path, monkeypatch):
    """A folder with the samples and the rulebook, as a user's checkout has them."""
    for name in ("samples", "rules", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_example_in_the_help_runs_on_the_samples(workspace):
    order = CHAIN + [path for path in LEAVES if path not in CHAIN]
    assert sorted(order) == sorted(LEAVES)
    results = {}
    for path in order:
        result = run_cli(*_example(COMMANDS[path]))
        results[" ".join(path)] = (result.exit_code, result.stderr.strip()[:200])
    failures = {name: outcome for name, outcome in results.items() if outcome[0] not in (0, 1)}
    assert failures == {}
    groups = [path for path, command in COMMANDS.items() if isinstance(command, click.Group)]
    for path in groups:  # a group's example names one of its commands
        assert tuple(_example(COMMANDS[path])[: len(path) + 1])[: len(path)] == path


def test_readme_zh_names_every_way_the_cache_folder_is_chosen_and_every_comparison_sign():
    """README.zh.md named only ~/.cache and FUNDCHECK_CACHE_DIR=off (the code also honours
    XDG_CACHE_HOME and a folder in FUNDCHECK_CACHE_DIR), and not ≧ ≦, read since 71b849d (hostile15)."""
    from checker.check.conditions.model import OP_WORDS

    text = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    assert "`XDG_CACHE_HOME`" in text and "`FUNDCHECK_CACHE_DIR`\n可指定缓存文件夹" in text
    assert all(sign in text for sign in "≥≧≤≦" if sign in OP_WORDS)


def test_the_default_workflow_is_one_and_both_readmes_state_it():
    """`check` took W-05 and `conditions check` W-12 when no --workflow was given, and neither README
    said so: a conditions file checked against a W-05 workbook was refused for W-12's columns."""
    defaults = {" ".join(path): next(p.default for p in COMMANDS[path].params if p.name == "workflow_id")
                for path in [("check",), ("conditions", "check")]}
    assert defaults == {"check": "W-05", "conditions check": "W-05"}
    assert "(`-w/--workflow`, default W-05)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "流程编号（`-w`，不写时为 W-05）" in (ROOT / "README.zh.md").read_text(encoding="utf-8")


def test_readme_zh_names_the_commands_that_have_out_and_workflow():
    """README.zh.md's table of options said every command has -o/--out and -w/--workflow; show, diff,
    the rules and draw commands have neither or only one."""
    text = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line.split("|")[2] for line in text.splitlines() if line.startswith("| `-")}
    for option, row in (("-o/--out", rows["`-o/--out`"]), ("-w/--workflow", rows["`-w/--workflow`"])):
        short, long = option.split("/")
        having = sorted(" ".join(path) for path in LEAVES
                        if any(long in p.opts and short in p.opts for p in COMMANDS[path].params))
        named = row.split("（", 1)[1].rstrip("） ")
        assert sorted(named.split("、")) == having, option


def test_every_option_of_every_command_is_in_the_readme():
    """rules test --rule and rules docs --root were in the commands' help only."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [f"{' '.join(path)} {option}" for path in LEAVES for param in COMMANDS[path].params
               if isinstance(param, click.Option) for option in param.opts
               if option.startswith("--") and option not in readme]
    assert missing == []


def test_readme_zh_draws_with_the_recusal_files_it_checked():
    """README.zh.md's `draw check` named --applicants and --conflicts, its `draw new` did not: a draw
    made as shown recused no one (可抽取 27 instead of 22 on the sample pool)."""
    text = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    block = text.split("```bat\nfundcheck draw check", 1)[1].split("```", 1)[0]
    check, new = block.split("fundcheck draw new", 1)
    for option in ("--applicants", "--conflicts", "--staff"):
        assert (option in check) == (option in new.split("fundcheck draw verify")[0]), option


@pytest.mark.parametrize("heading, path", [("## 1. Batch eligibility check", ("check",)), ("## 2. Round audits", ("audit",))])
def test_a_commands_synopsis_names_every_option_it_has(heading, path):
    """check's synopsis left out --holidays, --engine, --force and --json (--rules, --help: every command)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split(heading, 1)[1].split("```", 2)[1]
    options = {o for p in COMMANDS[path].params if isinstance(p, click.Option) for o in p.opts if o.startswith("--")}
    assert sorted(o for o in options - {"--rules", "--help"} if o not in synopsis) == []


def test_every_file_of_the_repository_the_readmes_name_exists():
    """README.md and rules/README.md named checker/check/facts.py, a module split into checker/check/facts/."""
    import re

    missing = []
    for name in ("README.md", "README.zh.md", "rules/README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for path in re.findall(r"(?<![\w/.])((?:checker|tests|samples|rules|docs|scripts|benchmarks|reports)/[\w./\-]*)", text):
            path = path.rstrip(".")
            if not any(mark in path for mark in ("<", "*", "xx")) and not (ROOT / path).exists():
                missing.append(f"{name}: {path}")
    assert missing == []


def _readme_commands(name: str) -> list[list[str]]:
    """Every complete `fundcheck …` line of a README's code blocks (continuations joined), in order;
    synopses with placeholders (DIR, [options], …) left out."""
    import re

    commands, block = [], None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if block is not None:
                text = re.sub(r"[\\^]\n\s*", " ", "\n".join(block))
                commands += [shlex.split(re.sub(r"\s#.*", "", l.strip()))[1:] for l in text.splitlines()
                             if re.match(r"\s*(\S*/)?fundcheck ", l)]
            block = None if block is not None else []
        elif block is not None:
            block.append(line)
    placeholder = re.compile(r"…|\[|^[A-Z_]+(\.\w+)?$|^[A-Z]+\.{3}$|\\")
    return [c for c in commands if not any(placeholder.search(word) for word in c)]


def test_every_command_the_readme_shows_runs_in_order_on_the_samples(workspace):
    """Run top to bottom as README.md shows them, `draw reveal … --out draw.json` found the one-step
    draw's draw.json in its way, and `draw substitute draw.json --expert ZJ020` named an expert that
    draw's panel does not hold."""
    results = {" ".join(words): run_cli(*words) for words in _readme_commands("README.md")}
    assert len(results) >= 10
    failures = {line: result.stderr.strip()[:200] for line, result in results.items() if result.exit_code not in (0, 1)}
    assert failures == {}


def test_every_command_readme_zh_shows_runs_in_order_on_the_samples_under_its_names(workspace):
    """README.zh.md's commands, with the samples saved under the names it uses (汇总表.xlsx, 专家库.xlsx…)."""
    names = {"汇总表.xlsx": "w05_applications.xlsx", "轮次记录.xlsx": "rounds/compliant_W-12.xlsx",
             "抽取账本.db": "rounds/ledger.db", "专家库.xlsx": "experts.xlsx", "申报单位.xlsx": "draw/applicants.xlsx",
             "回避名单.csv": "draw/conflicts.csv"}
    for name, sample in names.items():
        shutil.copy(workspace / "samples" / sample, workspace / name)
    results = {" ".join(words): run_cli(*words) for words in _readme_commands("README.zh.md")}
    assert len(results) >= 5
    failures = {line: result.stderr.strip()[:200] for line, result in results.items() if result.exit_code not in (0, 1)}
    assert failures == {}
