"""The ``ssc`` command line: ``ssc compile`` and ``ssc run``.

    ssc compile examples/filter.py            # writes examples/filter.wasm
    ssc run examples/filter.wasm --text apple --text kiwi --text banana

Every user error (a compile error, a runtime error in a record, a missing
file, a module that is not a SmartStream) is printed as one clear message
and exits non-zero; no Python traceback is shown. ``SSC_DEBUG=1`` shows the
traceback of an internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (also used by ``python -m ssc``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except _UserError as err:
        print(str(err), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as err:  # a bug in ssc: say so plainly
        if os.environ.get("SSC_DEBUG"):
            raise
        print(f"ssc: internal error: {type(err).__name__}: {err}\n"
              f"(this is a bug in ssc; run with SSC_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


class _UserError(Exception):
    """A problem the user can fix; printed as it is."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ssc", description="Compile typed Python SmartStreams to "
                                     "WebAssembly modules for Fluvio, and run them.")
    parser.add_argument("--version", action="version", version=f"ssc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    compile_cmd = commands.add_parser("compile", help="compile a SmartStream .py file to .wasm",
                                      description="Compile a SmartStream .py file to a .wasm module.")
    compile_cmd.add_argument("source", metavar="FILE.py")
    compile_cmd.add_argument("-o", "--output", metavar="OUT.wasm",
                             help="where to write the module (default: next to the source)")
    _add_opt_flags(compile_cmd)
    compile_cmd.set_defaults(handler=_compile)

    run_cmd = commands.add_parser("run", help="run records through a SmartStream (.py or .wasm)",
                                  description="Run records through a SmartStream and print the output "
                                  "values, one per line. A .py file is compiled first.")
    run_cmd.add_argument("module", metavar="FILE", help="a SmartStream .py source or a compiled .wasm")
    inputs = run_cmd.add_mutually_exclusive_group(required=True)
    inputs.add_argument("--text", action="append", metavar="VALUE", help="a record value (repeat for more)")
    inputs.add_argument("--file", metavar="PATH", help="a file with one record value per line")
    run_cmd.add_argument("--key", metavar="K", help="the key of every record (default: no key)")
    run_cmd.add_argument("--accumulator", metavar="A", default="",
                         help="the initial accumulator of an aggregate (default: empty)")
    run_cmd.add_argument("--base-offset", metavar="N", type=int, default=0,
                         help="the offset of the first record (default: 0)")
    _add_opt_flags(run_cmd)
    run_cmd.set_defaults(handler=_run)
    return parser


def _add_opt_flags(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_mutually_exclusive_group()
    group.add_argument("-O0", dest="opt_level", action="store_const", const=0, help="no optimisation")
    group.add_argument("-O2", dest="opt_level", action="store_const", const=2, help="optimise for speed (default)")
    group.add_argument("-Os", dest="opt_level", action="store_const", const="s", help="optimise for size")
    cmd.set_defaults(opt_level=2)


def _compile_source(path: Path, opt_level: int | str) -> bytes:
    from .compiler import CompileError, CompileErrors, compile, read_source

    try:
        return compile(read_source(path), str(path), opt_level=opt_level).wasm
    except (CompileError, CompileErrors) as err:
        raise _UserError(err.render()) from None


def _compile(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.is_file():
        raise _UserError(f"ssc: no such file: {source}")
    wasm = _compile_source(source, args.opt_level)
    out = Path(args.output) if args.output else source.with_suffix(".wasm")
    try:
        out.write_bytes(wasm)
    except OSError as err:
        raise _UserError(f"ssc: cannot write {out}: {err.strerror}") from None
    print(f"{out}: {len(wasm)} bytes", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    from .runtime import Record, SmartStreamError, SmartStreamRuntimeError, load

    path = Path(args.module)
    if not path.is_file():
        raise _UserError(f"ssc: no such file: {path}")
    if path.suffix == ".py":
        wasm: bytes | Path = _compile_source(path, args.opt_level)
    else:
        wasm = path
    if args.file is not None:
        try:
            values = Path(args.file).read_bytes().splitlines()
        except OSError as err:
            raise _UserError(f"ssc: cannot read {args.file}: {err.strerror}") from None
    else:
        values = [text.encode() for text in args.text]
    key = None if args.key is None else args.key.encode()
    records = [Record(key, value) for value in values]
    try:
        module = load(wasm, name=str(path))
        kwargs = {"accumulator": args.accumulator.encode()} if module.kind.export == "aggregate" else {}
        outputs = module.process(records, base_offset=args.base_offset, **kwargs)
    except SmartStreamRuntimeError as err:
        _print_values(err.successes)
        raise _UserError(f"error: record at offset {err.offset}: {err.hint}") from None
    except SmartStreamError as err:
        raise _UserError(f"ssc: {err}") from None
    _print_values(outputs)
    return 0


def _print_values(records: Sequence[object]) -> None:
    out = sys.stdout.buffer
    for record in records:
        out.write(record.value + b"\n")  # type: ignore[attr-defined]
    out.flush()


if __name__ == "__main__":
    sys.exit(main())
