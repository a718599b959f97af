"""``ssc inspect MODULE.wasm ...``: what a module is and which Fluvio hosts load it.

Prints the ABI and kind, exports and imports with their types, the size,
memory, the ssc version and source hash from the module's ``ssc`` section
(or "not made by ssc"), the post-MVP features used, and whether the legacy
(v0.9, L0) and the current (v0.10+) host rules accept it, with every reason
when not. Works on any module, made by ssc or not; ``--json`` prints the
same as JSON. ``--probe`` (with ``-e KEY=VALUE`` for init) also runs a tiny
batch at each version the module's hosts pass (``ssc.probing``). The logic
is ``ssc.inspection.inspect_module``.
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
    cmd.add_argument("--probe", action="store_true",
                     help="also run a tiny batch through each module at every version its hosts pass "
                     "(SmartModules: 25 as SPUs, 22 as smdk test), with a non-zero base timestamp, "
                     "and say whether it decodes")
    cmd.add_argument("-e", "--params", "--param", dest="params", action="append", default=[],
                     metavar="KEY=VALUE", type=_key_value,
                     help="with --probe: a parameter for init (repeat for more)")
    cmd.set_defaults(handler=run)


def _key_value(text: str) -> tuple[str, str]:
    from ..cli import _key_value as key_value

    return key_value(text)


def run(args: argparse.Namespace) -> int:
    from ..cli import UserError
    from ..inspection import InspectError, inspect_module

    if args.params and not args.probe:
        raise UserError("ssc: -e/--params are for init, which only --probe runs; add --probe")
    infos = []
    for path in args.modules:
        try:
            infos.append(inspect_module(path, probe=args.probe, params=dict(args.params)))
        except InspectError as err:
            raise UserError(f"ssc: {err}") from None
    if args.json:
        print(json.dumps([info.to_dict() for info in infos], indent=2))
    else:
        sys.stdout.write("\n".join(info.render() for info in infos))
    return 0
