"""Subcommands of the ``ssc`` CLI beyond compile and run, one module each.

Each module has ``register(commands)``, which adds its subparser to the
``argparse`` subparsers object and sets ``handler`` (a function of the parsed
arguments returning the exit status). A handler raises
``ssc.cli.UserError`` for a problem the user can fix; the CLI prints it
without a traceback and exits 1.
"""

from __future__ import annotations

import argparse

#: The modules whose register() the CLI calls, in the order of ``ssc --help``.
MODULES: tuple[str, ...] = ("check", "inspect", "test")


def register_all(commands: argparse._SubParsersAction) -> None:
    import importlib

    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}").register(commands)
