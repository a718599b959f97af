"""``ssc inspect MODULE.wasm ...``: what a module is and which Fluvio hosts load it.

Prints the ABI and kind, exports and imports with their types, the size,
memory, the ssc version and source hash from the module's ``ssc`` section
(or "not made by ssc"), the post-MVP features used, and whether the legacy
(v0.9, L0) and the current (v0.10+) host rules accept it, with every reason
when not. Works on any module, made by ssc or not; ``--json`` prints the
same as JSON. The logic is ``ssc.inspection.inspect_module``.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "inspect", help="describe .wasm modules and say which Fluvio hosts would load them",
        description="Describe WebAssembly modules (made by ssc or not): ABI, kind, exports and "
        "imports with signatures, size, memory, the ssc version and source hash, the wasm "
        "features used, and whether the legacy (Fluvio v0.9) and current (v0.10+) hosts would "
        "load each, with the reasons when not.")
    cmd.add_argument("modules", metavar="MODULE.wasm", nargs="+")
    cmd.add_argument("--json", action="store_true", help="print JSON (a list with one object per module)")
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..cli import UserError
    from ..inspection import InspectError, inspect_module

    infos = []
    for path in args.modules:
        try:
            infos.append(inspect_module(path))
        except InspectError as err:
            raise UserError(f"ssc: {err}") from None
    if args.json:
        print(json.dumps([info.to_dict() for info in infos], indent=2))
    else:
        sys.stdout.write("\n".join(info.render() for info in infos))
    return 0
