"""Sub-commands beyond ``check``, one module each (batch, template, addin …).

Each module defines ``register(app)`` that adds its command(s) to the Typer app;
``xltool.cli`` calls every module here, so a new front end is a new file and
never an edit to a shared one. Modules must import heavy libraries inside the
command functions, not at module level, to keep start-up fast.
"""

from __future__ import annotations

import importlib
import pkgutil


def register_all(app) -> None:
    """Let every command module in this package add its commands to ``app``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").register(app)
