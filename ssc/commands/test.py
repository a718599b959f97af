"""``ssc test``: check a SmartStream's output against a golden file.

    ssc test filter.py --input filter.in.jsonl --expect filter.out.jsonl
    ssc test filter.py                       # the same: NAME.in.jsonl/.txt and NAME.out.jsonl/.txt
    ssc test filter.py --update              # (re)write the expected output from the module's
    ssc test filter_init.wasm -e key=a --input in.txt --expect out.txt

Exit status: 0 when the output is as expected (one ``ok:`` line), 1 when it
differs (a diff: each differing record's index, offset, expected and actual
key and value) or when a file or the module has a problem. A ``.py`` runs
compiled and under CPython; if the two disagree, the report starts with
"ssc bug: the compiled module and CPython disagree". The comparison and the
record files are those of :mod:`ssc.testing` and
:mod:`ssc.runtime.recordfile`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    from ssc.cli import _add_opt_flags, _key_value

    cmd = commands.add_parser(
        "test", help="check a module's output against an expected-output (golden) file",
        description="Run the records of an input file through a module (.py or .wasm) and compare the "
        "output with an expected-output file; print a diff and exit 1 if they differ. A .py file is "
        "compiled, and also run under CPython: the two must agree. Record files: .jsonl/.json = JSON "
        "Lines, .txt = plain text (one value a line; '!HINT' is the expected error).")
    cmd.add_argument("module", metavar="FILE", help="a SmartStream source (.py) or a compiled module (.wasm)")
    cmd.add_argument("--input", "-i", metavar="IN", type=Path,
                     help="the input records (default: NAME.in.jsonl or NAME.in.txt beside FILE)")
    cmd.add_argument("--expect", "-x", metavar="OUT", type=Path,
                     help="the expected output (default: NAME.out.jsonl or NAME.out.txt beside FILE; "
                     "for --update, the input's format)")
    cmd.add_argument("--update", action="store_true",
                     help="write OUT from the module's output instead of comparing (review the diff)")
    cmd.add_argument("--abi", choices=("smartstream", "smartmodule"), default=None,
                     help="the ABI to compile a .py FILE for (default: the input's abi header line, "
                     "else smartmodule)")
    cmd.add_argument("-e", "--params", "--param", dest="params", action="append", default=[],
                     metavar="KEY=VALUE", type=_key_value,
                     help="SmartModules: a parameter for init (repeat for more); added to the input's "
                     "params header")
    cmd.add_argument("--version", dest="sm_version", metavar="N", type=int, default=None,
                     help="SmartModules: the version argument (default: the input's version header, "
                     "else 25)")
    cmd.add_argument("--accumulator", metavar="A", default=None,
                     help="an aggregate's initial accumulator (default: the input's header, else empty)")
    cmd.add_argument("--base-offset", metavar="N", type=int, default=None,
                     help="the offset of the first record (default: the input's header, else 0)")
    _add_opt_flags(cmd)
    cmd.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ssc.cli import UserError
    from ssc.testing import GoldenError, RunOptions, check, default_expect, golden_files

    module = Path(args.module)
    if not module.is_file():
        raise UserError(f"ssc: no such file: {module}")
    try:
        conventional_in, conventional_out = (None, None)
        if args.input is None or args.expect is None:
            conventional_in, conventional_out = golden_files(module)
        input_path = args.input or conventional_in
        if input_path is None:
            stem = module.with_suffix("")
            raise UserError(f"ssc: no input records for {module}: give --input IN, or put them in "
                            f"{stem}.in.jsonl or {stem}.in.txt")
        expect_path = args.expect or conventional_out or default_expect(input_path)
        options = RunOptions(
            abi=args.abi,
            params=dict(args.params) if args.params else None,
            version=args.sm_version,
            accumulator=None if args.accumulator is None else args.accumulator.encode("utf-8"),
            base_offset=args.base_offset,
            opt_level=args.opt_level,
        )
        result = check(module, input_path, expect_path, options=options, update=args.update)
    except GoldenError as err:
        raise UserError(str(err)) from None
    if result.runs and result.runs[0].printed:   # the module's print() output, shown once
        print(result.runs[0].printed, end="", flush=True)
    print(result.report, flush=True)
    return 0 if result.passed else 1


if __name__ == "__main__":  # pragma: no cover
    from ssc.cli import main

    sys.exit(main(["test", *sys.argv[1:]]))
