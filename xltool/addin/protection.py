"""Sheet protection around the buttons' changes, and undoing a button's changes when it fails.

xltool's templates protect their sheets without a password (formula cells locked, input
cells open), and a protected sheet refuses fill colours, notes and writes into locked
cells. ``unprotected`` lifts that protection for the duration of a button's work and puts
it back with the same options afterwards — also when the work fails. A sheet protected
*with* a password is not ours to open: the button stops before changing anything.

``Journal`` is the button's undo log: every change registers how to reverse it, and a
failure part-way reverses what was done, newest first, so the workbook is left as it was
(Excel has no Undo for changes made by a macro).

Protection is read and set through the engine's own object (``sheet.api``): COM on
Windows, AppleScript on macOS. An engine that cannot say (xlwings' remote book in the
tests) is treated as "not protected".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# Excel's Protection options that Protect() takes back as keyword arguments (Windows COM).
_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
          "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
          "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


class ProtectedSheet(RuntimeError):
    """A sheet is protected with a password; the message tells the user what to do."""


@dataclass(frozen=True)
class Protection:
    """How a sheet was protected, to protect it again the same way."""

    contents: bool
    drawing_objects: bool
    scenarios: bool
    allow: tuple[tuple[str, bool], ...]
    enable_selection: int | None = None


def com(sheet):
    """The sheet's COM object where the engine has one (Windows/macOS desktop), else None."""
    try:
        api = sheet.api
    except (NotImplementedError, AttributeError):
        return None
    return None if isinstance(api, dict) else api  # the remote engine's api is its JSON


def read(sheet) -> Protection | None:
    """The sheet's protection, None when it is not protected or the engine cannot tell."""
    api = com(sheet)
    if api is None:
        return None
    try:
        if not api.ProtectContents:
            return None
        allow = tuple((name, bool(getattr(api.Protection, name))) for name in _ALLOW)
        return Protection(True, bool(api.ProtectDrawingObjects), bool(api.ProtectScenarios), allow,
                          getattr(api, "EnableSelection", None))
    except AttributeError:  # macOS AppleScript objects spell these differently: best effort
        return None


def lift(sheet, name: str) -> Protection | None:
    """Unprotect the sheet if it is protected without a password; return how it was protected."""
    state = read(sheet)
    if state is None:
        return None
    try:
        com(sheet).Unprotect()
    except Exception as exc:  # noqa: BLE001 - COM raises its own error types
        raise ProtectedSheet(f"工作表“{name}”设有保护密码，本工具不能在其中标注或写入。请先在“审阅”→“撤销工作表保护”"
                             "中输入密码取消保护，完成后再重新保护。") from exc
    if com(sheet).ProtectContents:
        raise ProtectedSheet(f"工作表“{name}”的保护无法撤销，本工具不能在其中标注或写入。")
    return state


def restore(sheet, state: Protection) -> None:
    """Protect the sheet again as it was (no password, as before)."""
    api = com(sheet)
    api.Protect(DrawingObjects=state.drawing_objects, Contents=state.contents, Scenarios=state.scenarios,
                **dict(state.allow))
    if state.enable_selection is not None:
        api.EnableSelection = state.enable_selection


@contextlib.contextmanager
def unprotected(book, names: list[str]) -> Iterator[None]:
    """Lift password-less protection from the named sheets while the block runs, then put it back.

    A password-protected sheet raises ``ProtectedSheet`` before anything is changed.
    """
    lifted = []
    try:
        for name in names:
            state = lift(book.sheets[name], name)
            if state is not None:
                lifted.append((name, state))
        yield
    finally:
        for name, state in reversed(lifted):
            restore(book.sheets[name], state)


class Journal:
    """Undo log of one button press: ``add`` how to reverse each change; ``rollback`` on failure."""

    def __init__(self) -> None:
        self._undo: list[Callable[[], None]] = []

    def add(self, undo: Callable[[], None]) -> None:
        """Register how to reverse the change just made (or about to be made)."""
        self._undo.append(undo)

    def rollback(self) -> list[BaseException]:
        """Reverse every change, newest first; return the errors of undo steps that failed too."""
        failed = []
        while self._undo:
            try:
                self._undo.pop()()
            except Exception as exc:  # noqa: BLE001 - keep undoing the rest
                failed.append(exc)
        return failed

    @contextlib.contextmanager
    def all_or_nothing(self) -> Iterator["Journal"]:
        """Run the block; if it raises, undo what it did and re-raise."""
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self._undo.clear()
