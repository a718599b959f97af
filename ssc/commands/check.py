"""``ssc check FILE.py ...``: parse and type-check, report every error, generate nothing.

    $ ssc check examples/filter_init.py
    examples/filter_init.py: ok (smartmodule filter + init, 2 functions)

A file with errors gets all of them, each as ``file:line:col: error:
message`` with the source line and a caret (a syntax error stops the
parser, so it comes alone), then ``FILE: N errors``; the exit status is 1
if any file has an error. The summary goes to stdout, the errors to stderr.
"""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "check", help="parse and type-check SmartStream .py files, reporting every error",
        description="Parse and type-check SmartStream .py files without generating code. "
        "Every error in a file is reported; the exit status is 1 if there is any.")
    cmd.add_argument("sources", metavar="FILE.py", nargs="+", help="the sources; - reads one from stdin")
    cmd.add_argument("--abi", choices=("smartstream", "smartmodule"), default="smartmodule",
                     help="the Fluvio ABI to check for: smartmodule (today's Fluvio, v0.10 and later; "
                     "the default) or smartstream (the legacy ABI of Fluvio v0.9)")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..cli import read_source_arg
    from ..compiler import CompileError, CompileErrors, check_source

    failed = False
    for name in args.sources:
        source, path = read_source_arg(name)
        try:
            checked = check_source(source, path, abi=args.abi)
        except CompileErrors as err:
            count = len(err.errors)
            print(f"{err.render()}\n{path}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
            failed = True
            continue
        except CompileError as err:
            print(f"{err.render()}\n{path}: 1 error", file=sys.stderr)
            failed = True
            continue
        roles = " + ".join([checked.kind.export, *checked.auxiliary])
        count = len(checked.functions)
        print(f"{path}: ok ({checked.abi.value} {roles}, {count} function{'s' if count != 1 else ''})")
    sys.stdout.flush()
    return 1 if failed else 0
