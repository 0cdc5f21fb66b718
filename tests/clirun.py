"""Run the command line in-process and capture what a user would see (stdout, stderr, exit code)."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    output: str  # stdout and stderr interleaved, as on a terminal
    exception: BaseException | None = None  # an exception the command let escape (a bug), as click's runner
    exc_info: tuple | None = None


class _Tee(io.StringIO):
    def __init__(self, both: io.StringIO) -> None:
        super().__init__()
        self._both = both

    def write(self, text: str) -> int:
        self._both.write(text)
        return super().write(text)

    def isatty(self) -> bool:
        return False


def invoke(args: list[str]) -> Result:
    """``xltool *args`` in this process."""
    from xltool.cli import App

    both = io.StringIO()
    out, err = _Tee(both), _Tee(both)
    exception = exc_info = None
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = App()([str(a) for a in args])
        except SystemExit as exc:  # the app returns its code; a command that exits anyway is reported as such
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # a traceback a user would see: the tests report it
            code, exception, exc_info = 1, exc, sys.exc_info()
    return Result(code, out.getvalue(), err.getvalue(), both.getvalue(), exception, exc_info)


class CliRunner:
    """The subset of click's CliRunner the tests use: ``CliRunner().invoke(app, args)``."""

    def invoke(self, app, args) -> Result:
        return invoke(list(args))
