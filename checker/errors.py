"""Exit codes and the one exception type that turns input problems into exit 2."""

EXIT_OK = 0  # the run completed and every case passed (verify: it matches)
EXIT_FINDINGS = 1  # the run completed and some case failed or needs review (verify: mismatch)
EXIT_ERROR = 2  # the run could not be done: usage error, unreadable file, unknown workflow...


class InputError(Exception):
    """A problem with the user's input that stops the run.

    The CLI prints ``str(error)`` as one sentence on stderr and exits with EXIT_ERROR; never a
    traceback. Raise it with a message that names the file, sheet, column or value at fault.
    """


# The operating system's reasons in the users' language (its own strerror is English: "Not a
# directory", "No space left on device"); an unlisted reason keeps the system's words.
_OS_REASONS = {
    "ENOENT": "不存在", "EACCES": "没有权限", "EPERM": "没有权限", "ENOSPC": "磁盘空间不足", "EDQUOT": "超出磁盘配额",
    "ENOTDIR": "路径中有一段不是文件夹", "EISDIR": "这是一个文件夹", "EROFS": "位于只读的磁盘或文件夹",
    "EEXIST": "已存在", "ENAMETOOLONG": "名称过长", "ELOOP": "符号链接循环", "EBUSY": "正被其他程序占用",
    "EMFILE": "打开的文件过多", "EIO": "磁盘读写错误", "ETXTBSY": "正被其他程序占用",
    # standard output open for reading only (1</dev/null, as a service manager may leave it), or closed
    "EBADF": "未以可写方式打开或已关闭", "EFBIG": "文件超过允许的大小",
    # standard output left non-blocking by the program reading it, whose pipe is full: it did not read in time
    "EAGAIN": "输出为非阻塞方式且读取方未及时读取", "EPIPE": "读取方已关闭",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's words kept for a reason not listed)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name) or error.strerror or type(error).__name__


_SQLITE_REASONS = {"file is not a database": "不是 SQLite 数据库文件", "database is locked": "正被其他程序占用",
                   "unable to open database file": "无法打开该数据库文件", "database disk image is malformed": "数据库文件已损坏",
                   "attempt to write a readonly database": "文件只读，无法写入", "database or disk is full": "磁盘空间不足",
                   "disk I/O error": "磁盘读写错误"}


def sqlite_reason(error: Exception) -> str:
    """An SQLite error in Chinese (a reason not listed keeps SQLite's words after 数据库报告)."""
    text = str(error)
    if text.startswith("no such column: "):
        return f"缺少 {text.split(': ', 1)[1]} 列"
    if text.startswith("no such table: "):
        return f"缺少 {text.split(': ', 1)[1]} 表"
    return _SQLITE_REASONS.get(text) or f"数据库报告：{text}"


_JSON_REASONS = {"Expecting value": "此处缺少值", "Expecting property name enclosed in double quotes": "键名须用英文双引号",
                 "Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号", "Extra data": "数据后有多余内容",
                 "Unterminated string starting at": "字符串缺少结束引号", "Invalid control character at": "字符串中有控制字符",
                 "Invalid \\escape": "反斜杠转义无效", "Invalid \\uXXXX escape": "\\u 转义无效"}


def json_reason(error: Exception, *, line: bool = True) -> str:
    """Where and why a JSON text cannot be parsed, in Chinese (the parser's words for a case not
    listed); ``line=False`` leaves the line out (a JSONL message names its line itself)."""
    message = getattr(error, "msg", None) or str(error) or type(error).__name__
    reason = next((words for start, words in _JSON_REASONS.items() if message.startswith(start)), message)
    number, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if number and column:
        return f"第 {number} 行第 {column} 列：{reason}" if line else f"第 {column} 列：{reason}"
    return reason


def damage_reason(error: Exception) -> str:
    """A damaged file as the reading library reported it: in words first, the library's own detail
    after them for whoever repairs the file (never the exception's Python name)."""
    detail = str(error).strip()[:120]
    return f"文件内部已损坏或不是电子表格程序写出的格式（读取程序报告：{detail}）" if detail else "文件内部已损坏或不是电子表格程序写出的格式"


def structure_reason(error: Exception) -> str:
    """What is wrong with a record's structure (a draw or commit record read as JSON), in Chinese:
    the missing field by name; never Python's exception names."""
    if isinstance(error, KeyError) and error.args:
        return f"缺少字段「{error.args[0]}」"
    if isinstance(error, IndexError):
        return "某个列表的项数不足"
    if isinstance(error, (TypeError, AttributeError)):
        return "某个字段的类型不对（如应为列表或对象处是文字）"
    return "某个字段的取值无法识别"


class InternalError(RuntimeError):
    """fundcheck's own check of its work failed (a result that does not add up): not the input's
    fault, so a crash file is written as for any internal error, but the sentence says what failed."""


def internal_words(error: BaseException) -> str:
    """What an internal error is called on screen: its own Chinese sentence, else its type."""
    return str(error) if isinstance(error, InternalError) else type(error).__name__


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or crashed in native code).

    Defined here, not in checker.core.processes (which re-exports it), so the command line can
    catch it without importing multiprocessing and concurrent.futures for every command."""


def read_reason(error: BaseException) -> str:
    """Why a JSON file (or line) cannot be read, in Chinese: the system's, the parser's, or the
    limits' reason (Python's own words would reach the user and, for an application, its notice)."""
    import json

    if isinstance(error, OSError):
        return os_reason(error)
    if isinstance(error, json.JSONDecodeError):
        return f"不是有效的 JSON（{json_reason(error)}）"
    if isinstance(error, UnicodeDecodeError):
        return f"不是 UTF-8 文本（第 {error.start + 1} 个字节起）"
    if isinstance(error, RecursionError):
        return "嵌套层数过多，无法读取"
    if isinstance(error, ValueError) and "digits" in str(error):
        return "其中的数字位数过多，无法读取"
    return "内容无法解析"
