"""Click's own messages in Chinese.

fundcheck's users read Chinese; click's usage errors ("Missing option", "No such option") and help
headings are English and ship no Chinese catalogue. Every click module looks its messages up through a
module-level ``_``/``ngettext`` at call time, so pointing those names at this table translates them
without touching the process-wide gettext domain (which other code in the same process may use).
Messages not in the table stay as click wrote them.
"""

from __future__ import annotations

import re
import unicodedata

import click._textwrap
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

MESSAGES: dict[str, str] = {
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "您是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是否想输入其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    # values
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值；可用：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取（权限不足）。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入（权限不足）。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    # help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本（含规则库版本与节假日数据覆盖年份）并退出。",
    "required": "必填",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（运行时确定）",
    "env var: {var}": "环境变量：{var}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接确认。",
}



def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def install() -> None:
    """Route click's message lookups through the table (idempotent; call before commands are built,
    since some help strings are looked up when a decorator runs)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    # a number type's name is both its help metavar and the noun of "is not a valid {number_type}"
    for number_type, name in ((click.types.IntParamType, "整数"), (click.types.IntRange, "整数"),
                              (click.types.FloatParamType, "数字"), (click.types.FloatRange, "数字"),
                              (click.types.StringParamType, "文本")):  # --workflow TEXT: 文本
        number_type.name = name
    _install_layout()
    _install_missing_wording()


def _install_missing_wording() -> None:
    """"缺少参数 '申报文件…'." → "缺少参数「申报文件…」。": click puts an ASCII quote and full stop
    around the hint whatever the language (idempotent: the original is kept on the class)."""
    missing = click.exceptions.MissingParameter
    original = getattr(missing, "_fundcheck_original", missing.format_message)
    missing._fundcheck_original = original

    def format_message(self) -> str:
        return re.sub(r" '([^']*)'\.(\s*)", r"「\1」。\2", original(self), count=1)

    missing.format_message = format_message


# ---------------------------------------------------------------- help layout for Chinese text
#
# click measures and wraps help text in characters, and breaks lines only at spaces. A Chinese
# character takes two columns on a terminal and a Chinese sentence has no spaces, so the option
# column was misaligned ("--out 文件夹") and a sentence ran past the edge of the window. The help is
# laid out in columns instead, breaking between two Chinese characters (never before a closing or
# after an opening mark, never inside a file name or a quoted value of an example).

_ANSI = re.compile(r"\x1b\[[\d;]*[A-Za-z]")
_CLOSING = "，。、；：！？）》」』”’]})\"'"
_OPENING = "（《「『“‘[{("
_WIDE = r"\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
# one piece: optional opening marks, then a wide character or a run of narrow ones, then closing marks
_PIECE = re.compile(rf"[{re.escape(_OPENING)}]*(?:[{_WIDE}]|[^{_WIDE}]+)[{re.escape(_CLOSING)}]*")
_ATOMIC = re.compile(r"""^["'[]|^[^\s，。；（）]*\.[A-Za-z]{2,5}["']?$""")  # a quoted value, [默认：…], a file name


def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def term_len(text: str) -> int:
    """Columns the text takes on a terminal (ANSI codes take none, a Chinese character two)."""
    return sum(map(_char_width, _ANSI.sub("", text)))


def _truncate_visible(text: str, columns: int) -> str:
    """The longest prefix of ``text`` that fits in ``columns`` (at least one character)."""
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > columns and index:
            return text[:index]
    return text


class _Wrapper(click._textwrap.TextWrapper):
    """click's wrapper, with a Chinese run split so a line can end between two characters."""

    def _split(self, text: str) -> list[str]:
        chunks: list[str] = []
        for chunk in super()._split(text):
            if chunk.isspace() or _ATOMIC.search(chunk):
                chunks.append(chunk)
            else:
                chunks += _PIECE.findall(chunk) or [chunk]
        return chunks


def _install_layout() -> None:
    click._textwrap.term_len = term_len
    click._textwrap._truncate_visible = _truncate_visible
    click._textwrap.TextWrapper = _Wrapper
    click.formatting.term_len = term_len
