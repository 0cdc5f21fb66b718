"""Safe output paths: never overwrite a submitted workbook, never leave half a file behind.

A crash or a full disk in the middle of ``wb.save`` would otherwise leave a truncated
xlsx where the user expects their report, and writing the annotated copy over the
original submission destroys the evidence the findings point at. So every writer goes
through :func:`write_atomically`: it writes a temporary file in the target's folder
(same filesystem, so the final ``os.replace`` is atomic) and refuses to replace an
input unless the caller explicitly asks for ``in_place``.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["UnsafeOutput", "default_output", "same_file_as", "write_atomically"]


class UnsafeOutput(ValueError):
    """The requested output would overwrite one of the files being checked."""


def default_output(src: Path, suffix: str = ".核查") -> Path:
    """The annotated copy's path next to ``src``: ``报表.xlsx`` → ``报表.核查.xlsx``.

    Macro workbooks keep ``.xlsm``: Excel refuses a macro-enabled package whose name
    ends in ``.xlsx``. Everything else becomes ``.xlsx``, the only other format openpyxl
    writes.
    """
    src = Path(src)
    ext = ".xlsm" if src.suffix.lower() == ".xlsm" else ".xlsx"
    return src.with_name(f"{src.stem}{suffix}{ext}")


def same_file_as(target: Path) -> Callable[[Path], bool]:
    """A test 'is this path the file ``target``?' that stats ``target`` once.

    By identity, not spelling (symlinks, hard links, case-folding filesystems). A target
    that does not exist yet is no input: writing it creates a new file. Resolving both
    paths for each of 300 inputs took ~10 ms of a batch; one stat per input does it.
    """
    try:
        wanted = os.stat(target)
    except OSError:
        return lambda path: False

    def same(path: Path) -> bool:
        try:
            return os.path.samestat(os.stat(path), wanted)
        except OSError:
            return False

    return same


def write_atomically(target: Path, write: Callable[[Path], None], *,
                     inputs: Iterable[Path] = (), in_place: bool = False) -> Path:
    """Call ``write(tmp)`` and move ``tmp`` onto ``target`` only once it is complete.

    Raises :class:`UnsafeOutput` when ``target`` is one of ``inputs`` and ``in_place``
    is false. The temporary file is created with the process umask (not mkstemp's 0600)
    so the result has ordinary permissions; when replacing an existing file in place its
    mode is kept. Missing folders above ``target`` are created here, at the moment of
    writing, so an output refused earlier (by ``write`` or a check before it) leaves none.
    """
    target = Path(target)
    if not in_place and any(map(same_file_as(target), inputs)):
        raise UnsafeOutput(f"输出文件与被检查的原文件相同：{target}。"
                           "为保护原表已拒绝写入；请另选输出路径，或明确指定原地覆盖。")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".~{target.stem}.{secrets.token_hex(4)}{target.suffix}")
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists():
            shutil.copymode(target, tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise PermissionError(f"无法写入 {target}：文件可能正在被 Excel/WPS 打开，请关闭后重试。") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
