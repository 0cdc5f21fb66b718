"""``xltool addin build``: write the Excel ribbon add-in (xltool.xlam) from macros/."""

from __future__ import annotations

from pathlib import Path

from xltool.cli import echo


def register(commands) -> None:
    """Add the ``addin`` command group to the CLI."""
    addin = commands.group("addin", help="Excel 功能区加载项（绩效核查选项卡）。")
    p = addin.add("build", help="由 macros/ 中的源文件生成 xltool.xlam（与本机安装的 xlwings 版本配套）。")
    p.add_argument("-o", "--output", type=Path, default=Path("xltool.xlam"), metavar="路径",
                   help="加载项保存路径（.xlam），默认 xltool.xlam")
    p.add_argument("--this-python", action="store_true",
                   help="把运行本命令的 Python 写入加载项配置（Windows/macOS），免去手工设置解释器")
    p.add_argument("--macros", type=Path, metavar="目录", help="功能区与 VBA 源文件目录；默认为项目的 macros/")
    p.set_defaults(run=lambda a: build_command(a.output, a.this_python, a.macros))


def build_command(output: Path, this_python: bool = False, macros: Path | None = None) -> int:
    """由 macros/ 中的源文件生成 xltool.xlam（与本机安装的 xlwings 版本配套）。"""
    import sys

    from xltool.addin.build import MACROS, BuildError, build

    try:
        path = build(output, macros=macros or MACROS, interpreter=sys.executable if this_python else None)
    except (BuildError, OSError, ValueError) as exc:
        echo(f"无法生成加载项：{exc}", err=True)
        return 2
    echo(f"已生成加载项：{path}")
    return 0
