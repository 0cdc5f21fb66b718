"""``xltool template``: list the shipped templates or generate one as an .xlsx file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``template`` command to the CLI."""

    @app.command("template")
    def template(
        name: Annotated[Optional[str], typer.Argument(help="模板名称（用 --list 查看）", show_default=False)] = None,
        list_: Annotated[bool, typer.Option("--list", help="列出可用模板名称，每行一个")] = False,
        output: Annotated[Optional[Path], typer.Option("--output", "-o", help="输出文件（默认：模板名称.xlsx）")] = None,
        force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖")] = False,
    ) -> None:
        """生成带公式的绩效自评表/综合评分表模板（得分、完成率、总分、等级随填随算）。"""
        from xltool import templates

        if list_:
            for item in templates.names():
                typer.echo(item)
            raise typer.Exit(0)
        if not name:
            _usage(f"请给出模板名称；可选：{'、'.join(templates.names())}")
        try:
            templates.get(name)
        except KeyError as exc:
            _usage(exc.args[0])
        target = output or Path(f"{name}.xlsx")
        if target.suffix.lower() != ".xlsx":
            _usage(f"输出文件须以 .xlsx 结尾：{target}")
        if target.exists() and not force:
            _usage(f"输出文件已存在：{target}。为免覆盖已填写的表，请另选文件名，或加 --force。")
        try:
            templates.generate(name, target)
        except OSError as exc:
            typer.echo(f"无法写入 {target}：{exc}", err=True)
            raise typer.Exit(2) from exc
        typer.echo(f"已生成模板：{target}（{templates.get(name).title}）")


def _usage(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(2)
