"""What several commands share: the rulebook option, dates, the output folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.core.values import Unreadable, parse_date
from checker.errors import InputError, os_reason

if TYPE_CHECKING:  # imported by rulebook(): `check` starts reading its input before these load (~0.3 s)
    from checker.core.rulebook import Rulebook

rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
                            help="改用此文件夹中的规则库（默认使用随程序安装的规则库）。")


def refuse_undecodable(what: str, value: str) -> None:
    """A text argument whose bytes the program could not read as text (the ledger, a record and
    cases.jsonl are UTF-8, so it can match nothing and be kept nowhere): refused, saying what it
    reads as. Either typed in a terminal set to GBK, or UTF-8 read under a locale that is not
    (LC_ALL=C with PYTHONUTF8=0)."""
    try:
        value.encode("utf-8")
        return
    except UnicodeEncodeError:
        pass
    raw = value.encode("utf-8", "surrogateescape") if all(ord(c) < 0xD800 or 0xDC80 <= ord(c) <= 0xDCFF or ord(c) > 0xDFFF
                                                         for c in value) else value.encode("utf-8", "replace")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what}「{raw.decode('gbk', 'replace')}」不是 UTF-8 编码（按 GBK 读出；终端的字符编码不是 UTF-8？），"
                         "请把终端设为 UTF-8 后重试。") from None
    raise InputError(f"{what}「{text}」是 UTF-8 文字，但本程序按非 UTF-8 的区域设置读入命令行（LANG/LC_ALL 为 C？）；"
                     "请设置 LANG=C.UTF-8 或 PYTHONUTF8=1 后重试。")


def rulebook(rules_dir: str | None) -> Rulebook:
    from checker.core.conditions import RulebookError
    from checker.core.rulebook import load_rulebook

    try:
        book = load_rulebook(Path(rules_dir) if rules_dir else None)
    except RulebookError as error:
        raise InputError(f"规则库有误：{error}") from error
    if not book.rules:
        raise InputError(f"文件夹「{book.directory}」中没有规则文件")
    return book


def date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except Unreadable as error:
        raise InputError(f"{name}「{value}」不是日期（{error.expected}）") from error


def prepare_out_dir(out: Path) -> Path:
    """The output folder, created if needed; a path that cannot be one is an input error."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"无法创建输出文件夹「{out}」（{os_reason(error)}）") from error
    return out


class defaulted_workflow:
    """``with defaulted_workflow():`` around a command whose --workflow defaults to W-05: a table that
    lacks W-05's columns because the clerk forgot --workflow (a 专精特新 申报表 checked as 技改) is told so,
    not only which W-05 columns it lacks."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if not isinstance(error, InputError):
            # MissingColumns is one; anything else passes untouched. Imported for a Ctrl-C that cut the
            # check wing's own import short, checker.check.plan imported PyYAML again, half made, and
            # the run ended with 内部错误（AttributeError） instead of 已中断
            return False
        from checker.check.plan import MissingColumns

        context = click.get_current_context(silent=True)
        # only where the run checked under that default: a ledger's rows are checked under their 事项 (N-04)
        if (isinstance(error, MissingColumns) and context is not None and error.workflow_id in (None, "W-05")
                and context.get_parameter_source("workflow_id") == click.core.ParameterSource.DEFAULT):
            raise InputError(f"{error}；本次未用 --workflow 指定流程，按默认的 W-05（工业企业技术改造补助）核对，"
                             "其他流程的申报表请加 --workflow（如 --workflow W-12）") from error
        return False
