"""``python -m xltool`` runs the command line."""

from xltool.cli import main

main()
