"""``xltool template``: list the shipped templates or generate one as an .xlsx file."""

from __future__ import annotations

from pathlib import Path

from xltool.cli import echo, usage_error


def register(commands) -> None:
    """Add the ``template`` command to the CLI."""
    p = commands.add("template", help="生成带公式的绩效自评表/综合评分表模板（得分、完成率、总分、等级随填随算）。")
    p.add_argument("name", nargs="?", metavar="模板", help="模板名称（用 --list 查看）")
    p.add_argument("--list", action="store_true", dest="list_", help="列出可用模板名称，每行一个")
    p.add_argument("-o", "--output", type=Path, metavar="路径", help="输出文件（默认：模板名称.xlsx）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(run=lambda a: template(a.name, a.list_, a.output, a.force))


def template(name: str | None, list_: bool = False, output: Path | None = None, force: bool = False) -> int:
    """生成带公式的绩效自评表/综合评分表模板（得分、完成率、总分、等级随填随算）。"""
    from xltool import templates

    if list_:
        for item in templates.names():
            echo(item)
        return 0
    if not name:
        usage_error(f"请给出模板名称；可选：{'、'.join(templates.names())}")
    try:
        templates.get(name)
    except KeyError as exc:
        usage_error(exc.args[0])
    target = output or Path(f"{name}.xlsx")
    if target.suffix.lower() != ".xlsx":
        usage_error(f"输出文件须以 .xlsx 结尾：{target}")
    if target.exists() and not force:
        usage_error(f"输出文件已存在：{target}。为免覆盖已填写的表，请另选文件名，或加 --force。")
    new_folder = not target.parent.exists()
    try:
        templates.generate(name, target)
    except OSError as exc:
        echo(f"无法写入 {target}：{exc}", err=True)
        return 2
    if new_folder:
        echo(f"已新建文件夹：{target.parent}")
    echo(f"已生成模板：{target}（{templates.get(name).title}）")
    return 0
