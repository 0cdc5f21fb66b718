"""Command line: ``xltool check`` and friends — a thin adapter over ``xltool.api``.

Built on :mod:`argparse` so that everything a user can see — help, usage, every usage
error — is Chinese and fits 80 columns (CJK characters are two columns wide), and so
that start-up costs no more than the interpreter: the command modules import what
they need inside the command, never at module level.

Each module of :mod:`xltool.commands` adds its commands through :class:`Commands`;
a command is a parser whose ``run`` default takes the parsed arguments and returns
the exit code: 0 clean, 1 errors found, 2 something could not be checked or a usage
error.
"""

from __future__ import annotations

import argparse
import functools
import gc
import re
import sys
import unicodedata
from pathlib import Path

__all__ = ["App", "ChineseParser", "Commands", "app", "count", "echo", "main", "usage_error", "width"]

_FORMATS = ("text", "json")
_WIDTH = 80
_HELP = "显示本帮助并退出"


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` terminal columns; CJK text breaks between characters,
    Latin words (option names, paths) only at spaces."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        tokens = re.findall(r"[A-Za-z0-9_./\\:%()<>\[\]{}+'\"=,;!?*-]+|\s+|.", " ".join(paragraph.split()))
        line = ""
        for tok in tokens:
            if width(line) + width(tok) > columns and line.strip():
                carry = ""
                if tok in _NO_LINE_START and len(line) > 1:  # a closing mark never starts a line
                    line, carry = line[:-1], line[-1]
                lines.append(line.rstrip())
                line = "" if tok.isspace() else carry + tok
            elif not (tok.isspace() and not line):
                line += tok
        lines.append(line.rstrip())
    return lines


_NO_LINE_START = set("）】」』，。、；：！？…")


class _Formatter(argparse.HelpFormatter):
    """argparse's layout with Chinese headings and wrapping by terminal columns, not characters."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_WIDTH, max_help_position=26)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix):
        # argparse wraps usage by characters; lay it out on one line, then wrap by columns
        saved, self._width = self._width, 10**6
        try:
            line = super()._format_usage(usage, actions, groups, prefix).strip()
        finally:
            self._width = saved
        head, _, rest = line.partition(" ")
        indent = " " * (width(head) + 1)
        parts = re.findall(r"\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|\S+", rest)
        lines, current = [], head
        for part in parts:
            if width(current) + 1 + width(part) > self._width - 2 and current.strip():
                lines.append(current)
                current = indent + part
            else:
                current += " " + part
        lines.append(current)
        return "\n".join(lines) + "\n\n"

    def _split_lines(self, text, width_):
        return _wrap(text, width_)

    def _fill_text(self, text, width_, indent):
        return "\n".join(indent + line for line in _wrap(text, width_ - len(indent)))

    def _format_action(self, action):
        # argparse pads with %-*s, which counts characters; pad by columns instead
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        if isinstance(action, argparse._SubParsersAction):  # no line for the sub-command slot itself
            self._indent()
            try:
                return "".join(self._format_action(sub) for sub in action._get_subactions())
            finally:
                self._dedent()
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        parts = []
        if not action.help:
            parts.append(f"{indent}{header}\n")
        elif self._current_indent + width(header) + 2 <= help_position:
            pad = " " * (help_position - self._current_indent - width(header))
            lines = self._split_lines(self._expand_help(action), help_width)
            parts.append(f"{indent}{header}{pad}{lines[0]}\n")
            parts += [" " * help_position + line + "\n" for line in lines[1:]]
        else:
            parts.append(f"{indent}{header}\n")
            parts += [" " * help_position + line + "\n"
                      for line in self._split_lines(self._expand_help(action), help_width)]
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return "".join(parts)


_ERRORS = [  # argparse's fixed English error texts (Python 3.11–3.13) and their Chinese
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"ambiguous option: (\S+) could match (.*)", "选项 {0} 不明确，可能是：{1}"),
    (r"one of the arguments (.*) is required", "须给出以下参数之一：{0}"),
    (r"argument 命令: invalid choice: '?(.*?)'? \(choose from (.*)\)", "没有“{0}”这个命令；可用的命令：{1}"),
    (r"argument (.+?): invalid choice: '?(.*?)'? \(choose from (.*)\)", "{0}：无效的取值“{1}”，可选：{2}"),
    (r"argument (.+?): expected one argument", "{0} 后面须跟一个值"),
    (r"argument (.+?): expected at most one argument", "{0} 后面最多跟一个值"),
    (r"argument (.+?): expected at least one argument", "{0} 后面至少跟一个值"),
    (r"argument (.+?): expected (\d+) arguments?", "{0} 后面须跟 {1} 个值"),
    (r"argument (.+?): ignored explicit argument '?(.*?)'?", "{0} 不接受取值（“{1}”）"),
    (r"argument (.+?): not allowed with argument (.*)", "{0} 不能与 {1} 同时使用"),
    (r"argument (.+?): invalid \S+ value: '?(.*?)'?", "{0}：无效的取值“{1}”"),
    (r"argument (.+?): (.*)", "{0}：{1}"),
]


def _chinese_error(message: str) -> str:
    for pattern, text in _ERRORS:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            groups = [g.replace("'", "").replace(", ", "、") for g in m.groups()]
            return text.format(*groups)
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are Chinese; errors exit with code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        kwargs.setdefault("allow_abbrev", False)  # as before: an option is spelt out or given by its short name
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_HELP)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        lines = _wrap(f"错误：{_chinese_error(message)}", _WIDTH - 2)
        self.exit(2, "\n".join(lines) + f"\n提示：运行“{self.prog} -h”查看帮助。\n")


class Commands:
    """Where command modules add their commands (and groups of commands, such as ``addin``)."""

    def __init__(self, parser: ChineseParser, title: str = "命令") -> None:
        self.parser = parser
        self._sub = parser.add_subparsers(title=title, metavar="命令", dest="_command", parser_class=ChineseParser)

    def add(self, name: str, *, help: str, description: str | None = None) -> ChineseParser:
        """A new command ``name``; set its ``run`` with ``set_defaults(run=...)``."""
        return self._sub.add_parser(name, help=help, description=description or help)

    def group(self, name: str, *, help: str) -> "Commands":
        """A command that only holds sub-commands (``xltool addin build``)."""
        parser = self.add(name, help=help)
        parser.set_defaults(run=lambda args, p=parser: _help_and_fail(p))
        return Commands(parser)


def _help_and_fail(parser: ChineseParser) -> int:
    parser.print_help()
    return 2


def echo(message: str, err: bool = False) -> None:
    """One line to stdout (or stderr)."""
    print(message, file=sys.stderr if err else sys.stdout)


class UsageError(Exception):
    """A usage error found by a command after parsing: its message goes to stderr, exit code 2."""


def count(text: str) -> int:
    """An option's whole number (argparse ``type``), refused in Chinese: ``-j x``."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数，而不是“{text}”") from None


def usage_error(message: str):
    """Stop the command: ``message`` on stderr, exit code 2."""
    raise UsageError(message)


class App:
    """The whole command line; ``app(argv)`` returns the exit code."""

    def __init__(self) -> None:
        self._parser: ChineseParser | None = None

    @property
    def parser(self) -> ChineseParser:
        if self._parser is None:
            from xltool.commands import register_all

            parser = ChineseParser(prog="xltool", description="预算绩效自评表核查工具：读取、重算、交叉核对，"
                                                           "并在工作簿副本中标注问题。")
            commands = Commands(parser)
            _register(commands)
            register_all(commands)
            self._parser = parser
        return self._parser

    def __call__(self, argv: list[str] | None = None) -> int:
        argv = sys.argv[1:] if argv is None else list(argv)
        if not argv:
            self.parser.print_help()
            return 2
        try:
            args = self.parser.parse_args(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        try:
            return args.run(args)
        except UsageError as exc:
            echo(str(exc), err=True)
            return 2


app = App()


# ---- check, codes, profiles ---------------------------------------------------------

def _register(commands: Commands) -> None:
    p = commands.add("check", help="核查自评表：重算执行率、完成率、得分、总分与等级，列出不一致之处。")
    p.add_argument("files", nargs="+", type=Path, metavar="文件", help="要核查的工作簿（.xlsx/.xlsm/.xls）")
    p.add_argument("-f", "--format", default="text", metavar="格式", help="输出格式：text（默认）或 json")
    p.add_argument("--profile", metavar="规则",
                   help="强制使用的评分规则（mof2020、xinjiang 或 .toml 文件）；默认按表样自动选择")
    p.add_argument("--password", metavar="密码", help="加密工作簿的打开密码")
    p.add_argument("--annotate", action="store_true", help="另存一份标注了问题的副本（原文件不变）")
    p.add_argument("-o", "--output", type=Path, metavar="路径", help="标注副本的保存路径（仅限单个文件）")
    p.add_argument("--in-place", action="store_true", help="允许 -o 指向原文件（覆盖原文件）")
    p.add_argument("-j", "--jobs", type=count, metavar="个数",
                   help=f"并行进程数，默认使用全部 CPU 核（不少于 {_POOL_FROM} 个文件时才并行）")
    p.set_defaults(run=lambda a: check(a.files, a.format, a.profile, a.password, a.annotate, a.output, a.in_place,
                                       a.jobs))

    commands.add("codes", help="列出全部检查代码、默认级别与含义。").set_defaults(run=lambda a: list_codes())
    commands.add("profiles", help="列出内置的评分规则配置。").set_defaults(run=lambda a: list_profiles())


def check(files: list[Path], format: str = "text", profile: str | None = None, password: str | None = None,
          annotate: bool = False, output: Path | None = None, in_place: bool = False, jobs: int | None = None) -> int:
    """核查自评表：重算执行率、完成率、得分、总分与等级，列出不一致之处。"""
    if format not in _FORMATS:
        usage_error(f"未知的输出格式“{format}”，可选：{'、'.join(_FORMATS)}")
    if output is not None and (len(files) != 1 or not annotate):
        usage_error("-o/--output 只能与 --annotate 一起、且只核查一个文件时使用。")
    if jobs is not None and jobs < 1:
        usage_error("--jobs 至少为 1。")
    if profile:  # without --profile nothing to validate: the scoring code is imported where files are checked,
        from xltool.compute import profiles  # in each worker at once, not here before the workers start

        try:
            profiles.require(profile)
        except profiles.ProfileError as exc:
            usage_error(str(exc))
    colour = format == "text" and _colour_out()
    one = functools.partial(_check_one, format=format, profile=profile, password=password, annotate=annotate,
                            output=output, in_place=in_place, colour=colour)
    done = _map_files(one, files, jobs)
    for item in done:
        for message, err in item.notes:
            echo(message, err=err)
    if format == "json":
        from xltool.reporters.json_report import join

        sys.stdout.write(join([item.report for item in done]) + "\n")
    else:
        sys.stdout.write("".join(item.report for item in done))
        for item in done:
            if item.written is not None:
                echo(f"已写入标注副本：{item.written}")
    return max((item.code for item in done), default=0)


_POOL_FROM = 16
"""Files from which ``check`` spreads them over forked workers: below, forking costs more than it saves."""


def _map_files(one, files: list[Path], jobs: int | None) -> list["_Checked"]:
    """``one(file)`` for every file, in order; in worker processes when there are many files and cores."""
    from xltool import pool

    jobs = jobs or pool.cores()
    if jobs < 2 or len(files) < _POOL_FROM or not pool.can_fork():
        return [one(f) for f in files]
    from concurrent.futures.process import BrokenProcessPool

    done: list[_Checked] = []
    try:
        done.extend(pool.in_order(one, files, jobs))
    except BrokenProcessPool:  # a worker was killed: the rest in this process, where the failure shows itself
        done.extend(one(f) for f in files[len(done):])
    return done


def _colour_out() -> bool:
    from xltool.reporters.text import colour_for

    return colour_for(sys.stdout)


class _Checked:
    """What checking one file gives the parent to print: small, so a worker sends it back cheaply.

    A plain class: ``dataclasses`` would add its imports (~7 ms) to every start-up, ``--help`` included.
    """

    __slots__ = ("code", "report", "notes", "written")

    def __init__(self, code: int, report: str, notes: tuple[tuple[str, bool], ...] = (),
                 written: Path | None = None) -> None:
        self.code = code
        self.report = report  # the file's JSON object or text block, rendered
        self.notes = notes  # lines to print before the reports: (message, to stderr)
        self.written = written


def _check_one(path: Path, *, format: str, profile: str | None, password: str | None, annotate: bool,
               output: Path | None, in_place: bool, colour: bool) -> _Checked:
    from xltool.api import check_workbook

    result = check_workbook(path, profile=profile, password=password)
    code, notes, written = result.exit_code, [], None
    if annotate and result.error is None:
        try:
            written, created = _annotate(result, output, in_place)
            if created:
                notes.append((f"已新建文件夹：{created}", False))
        except (OSError, ValueError) as exc:
            notes.append((f"无法写入标注副本：{exc}", True))
            code = 2
    if format == "json":
        from xltool.reporters.json_report import render_one

        report = render_one(result)
    else:
        from xltool.reporters.text import render_result

        report = render_result(result, colour)
    return _Checked(code, report, tuple(notes), written)


def _annotate(result, output: Path | None, in_place: bool) -> tuple[Path, Path | None]:
    """The annotated copy written, and the folder made for it (None when it existed)."""
    from xltool.reporters.excel import annotate, copy_path

    out = output or copy_path(result.path)
    new_folder = not out.parent.exists()
    path = annotate(result.path, result.findings, out, summary=result.review_summary(), in_place=in_place)
    return path, out.parent if new_folder else None


def list_codes() -> int:
    """列出全部检查代码、默认级别与含义。"""
    from xltool.codes import CATALOGUE

    for c in CATALOGUE.values():
        echo(f"{c.code}\t{c.severity.label}\t{c.name}\t{c.title}")
    return 0


def list_profiles() -> int:
    """列出内置的评分规则配置。"""
    from xltool.compute import profiles

    for name in profiles.available():
        echo(f"{name}\t{profiles.load(name).title}")
    return 0


def main() -> None:
    """Console-script entry point."""
    try:
        code = app()
    finally:
        # Nothing is collected after the command anyway; without this the collector walks
        # every object of openpyxl (and the numpy it imports) at exit: ~0.2 s measured, 10 % of a
        # 300-file batch. Atexit handlers and stream flushing still run.
        gc.freeze()
    sys.exit(code)
