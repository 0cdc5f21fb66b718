"""Sub-commands beyond ``check``, one module each (batch, template, addin …).

Each module defines ``register(commands)`` that adds its command(s) to the
:class:`xltool.cli.Commands` of the command line;
``xltool.cli`` calls every module here, so a new front end is a new file and
never an edit to a shared one. Modules must import heavy libraries inside the
command functions, not at module level, to keep start-up fast.
"""

from __future__ import annotations

import importlib
import pkgutil


def register_all(commands) -> None:
    """Let every command module in this package add its commands to ``commands``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").register(commands)
