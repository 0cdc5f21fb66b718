"""``xltool addin build``: write the Excel ribbon add-in (xltool.xlam) from macros/."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``addin`` command group to the CLI."""
    addin = typer.Typer(no_args_is_help=True, help="Excel 功能区加载项（绩效核查选项卡）。")

    @addin.command("build")
    def build_command(
        output: Annotated[Path, typer.Option("--output", "-o", help="加载项保存路径（.xlam）")] = Path("xltool.xlam"),
        this_python: Annotated[bool, typer.Option(
            "--this-python", help="把运行本命令的 Python 写入加载项配置（Windows/macOS），免去手工设置解释器")] = False,
        macros: Annotated[Optional[Path], typer.Option(help="功能区与 VBA 源文件目录；默认为项目的 macros/")] = None,
    ) -> None:
        """由 macros/ 中的源文件生成 xltool.xlam（与本机安装的 xlwings 版本配套）。"""
        import sys

        from xltool.addin.build import MACROS, BuildError, build

        try:
            path = build(output, macros=macros or MACROS, interpreter=sys.executable if this_python else None)
        except (BuildError, OSError, ValueError) as exc:
            typer.echo(f"无法生成加载项：{exc}", err=True)
            raise typer.Exit(2) from exc
        typer.echo(f"已生成加载项：{path}")

    app.add_typer(addin, name="addin")
