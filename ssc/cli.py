"""The ``ssc`` command line: ``ssc compile`` and ``ssc run``.

    ssc compile examples/filter.py            # writes examples/filter.wasm (a SmartModule)
    ssc compile examples/filter.py --abi smartstream   # the legacy ABI of Fluvio v0.9
    ssc compile examples/filter.py --python 3.12       # behave as CPython 3.12 (default: this Python)
    ssc run examples/filter.wasm --text apple --text kiwi --text banana
    ssc run filter_init.wasm -e key=a --text apple --transform map.wasm --key-value

``ssc run`` takes the options of ``smdk test`` (Fluvio's SmartModule
development kit) where they apply: ``-e/--params KEY=VALUE`` for init,
``--record V`` and ``--lookback-last N`` for look_back, ``--key-value``
output, and ``--transform FILE`` to chain modules.

Every user error (a compile error, a runtime error in a record, a missing
file, a module that is not a SmartStream) is printed as one clear message
and exits non-zero; no Python traceback is shown. ``SSC_DEBUG=1`` shows the
traceback of an internal error.

It behaves as a Unix tool: ``-`` is stdin for a source (``ssc compile -``,
``ssc check -``) and for ``--file``; output values are written as the bytes
they are (a value given as ``--text $'\\xff'`` is that byte); and when the
reader of stdout goes away (``ssc run ... | head -1``) it stops quietly
with status 141, as a process killed by SIGPIPE.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from . import __version__
from .commands import register_all
from .files import atomic_write

if TYPE_CHECKING:
    from .compiler import CompiledModule

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 70
#: The status of a process that SIGPIPE stopped, as a shell reports it.
EXIT_BROKEN_PIPE = 128 + getattr(signal, "SIGPIPE", 13)
#: The name ``-`` gives a source read from stdin, in messages and the ssc section.
STDIN = "-"
STDIN_NAME = "<stdin>"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (also used by ``python -m ssc``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="surrogateescape")   # a file name as the bytes it was given as
    try:
        status = args.handler(args)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _stdout_gone()
    except _UserError as err:
        print(str(err), file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as err:  # a bug in ssc: say so plainly
        if os.environ.get("SSC_DEBUG"):
            raise
        print(f"ssc: internal error: {type(err).__name__}: {err}\n"
              f"(this is a bug in ssc; run with SSC_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _stdout_gone() -> int:
    """The reader of stdout left: point stdout at /dev/null (so the exit's flush is quiet) and stop."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_BROKEN_PIPE


class UserError(Exception):
    """A problem the user can fix; printed as it is, exit status 1."""


_UserError = UserError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ssc", description="Compile typed Python SmartStreams to "
                                     "WebAssembly modules for Fluvio, and run them.")
    parser.add_argument("--version", action="version", version=f"ssc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    compile_cmd = commands.add_parser("compile", help="compile a SmartStream .py file to .wasm",
                                      description="Compile a SmartStream .py file to a .wasm module.")
    compile_cmd.add_argument("source", metavar="FILE.py", help="the source; - reads it from stdin")
    compile_cmd.add_argument("-o", "--output", metavar="OUT.wasm",
                             help="where to write the module (default: next to the source; stdout for "
                             "a source from stdin) or the --emit text (default: stdout); - for stdout")
    compile_cmd.add_argument("--emit", choices=("ast", "ir", "asm", "wasm"), default="wasm",
                             help="what to produce: ast (the parsed tree, with line:col spans), "
                             "ir (the optimised LLVM IR of your program: calls into the guest "
                             "runtime stay calls, which the link resolves), asm (the wasm assembly "
                             "LLVM emits for your program's object; the runtime is a prebuilt "
                             "object beside it), or wasm (the module; the default). Text goes to "
                             "stdout unless -o is given")
    compile_cmd.add_argument("--timings", action="store_true",
                             help="print how long each stage of the compile took (to stderr)")
    _add_names_flag(compile_cmd)
    _add_abi_flag(compile_cmd)
    _add_python_flag(compile_cmd)
    _add_opt_flags(compile_cmd)
    compile_cmd.set_defaults(handler=_compile)

    run_cmd = commands.add_parser("run", help="run records through a SmartStream or SmartModule "
                                  "(.py or .wasm)",
                                  description="Run records through a module (either ABI: legacy "
                                  "SmartStream or current SmartModule) and print the output values, "
                                  "one per line. A .py file is compiled first (see --abi).")
    run_cmd.add_argument("module", metavar="FILE", help="a .py source or a compiled .wasm")
    inputs = run_cmd.add_mutually_exclusive_group(required=True)
    inputs.add_argument("--text", action="append", metavar="VALUE", help="a record value (repeat for more)")
    inputs.add_argument("--file", metavar="PATH", help="a file with one record value per line; - for stdin")
    run_cmd.add_argument("--key", metavar="K", help="the key of every record (default: no key)")
    run_cmd.add_argument("--accumulator", metavar="A", default="",
                         help="the initial accumulator of an aggregate (default: empty)")
    run_cmd.add_argument("--base-offset", metavar="N", type=int, default=0,
                         help="the offset of the first record (default: 0)")
    run_cmd.add_argument("--base-timestamp", metavar="MS", type=int, default=None,
                         help="SmartModules: the batch's base timestamp in ms (default: 0)")
    run_cmd.add_argument("-e", "--params", "--param", dest="params", action="append", default=[],
                         metavar="KEY=VALUE", type=_key_value,
                         help="SmartModules: a parameter for init (repeat for more), as smdk test -e")
    run_cmd.add_argument("--record", action="append", default=[], metavar="VALUE",
                         help="SmartModules: a record already in the topic, for look_back (repeat "
                         "for more; used with --lookback-last, as in smdk test)")
    run_cmd.add_argument("--lookback-last", metavar="N", type=_natural, default=None,
                         help="SmartModules: call look_back with the last N --record values "
                         "before running the input")
    run_cmd.add_argument("--version", dest="sm_version", metavar="N", type=int, default=None,
                         help="SmartModules: the version argument (default: 25, as an SPU; "
                         "smdk test passes 22)")
    run_cmd.add_argument("--transform", action="append", default=[], metavar="FILE",
                         help="another module to run on the outputs (repeat to chain more)")
    run_cmd.add_argument("--key-value", action="store_true",
                         help="print '[key] value' lines ('[null]' for no key), as smdk test")
    _add_abi_flag(run_cmd, what="the ABI to compile a .py FILE or --transform for")
    _add_python_flag(run_cmd)
    _add_names_flag(run_cmd)
    _add_opt_flags(run_cmd)
    run_cmd.set_defaults(handler=_run)
    register_all(commands)
    return parser


def _add_abi_flag(cmd: argparse.ArgumentParser, what: str = "the Fluvio ABI to compile for") -> None:
    cmd.add_argument("--abi", choices=("smartstream", "smartmodule"), default="smartmodule",
                     help=f"{what}: smartmodule (today's Fluvio, v0.10 and later; the default) or "
                     f"smartstream (the legacy ABI of Fluvio v0.9)")


def _add_python_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--python", metavar="X.Y", type=_python_version, default=None,
                     help="the CPython version whose behaviour (error messages, Unicode tables) the module "
                     "follows: 3.10, 3.11, 3.12 or 3.13 (default: the Python running ssc, "
                     f"{sys.version_info.major}.{sys.version_info.minor})")


def _python_version(text: str) -> object:
    from .compiler.pyversion import PythonVersion

    try:
        return PythonVersion.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _add_names_flag(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("-g", "--names", action="store_true",
                     help="keep the function names in the module (a name section: 4-8%% more bytes), so "
                     "that a trap's backtrace (SmartStreamTrap.frames) names every function")


def _key_value(text: str) -> tuple[str, str]:
    """``-e key=value`` -> ``("key", "value")``: split at the first '=' (smdk's parse_key_val)."""
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"invalid KEY=value: no `=` found in `{text}`")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:   # bytes that are not UTF-8 in argv: init's params are text
        raise argparse.ArgumentTypeError(f"invalid KEY=value: {os.fsencode(text)!r} is not UTF-8 text") from None
    return key, value


def _natural(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a count >= 0, not {text!r}")
    return n


def _add_opt_flags(cmd: argparse.ArgumentParser) -> None:
    group = cmd.add_mutually_exclusive_group()
    group.add_argument("-O0", dest="opt_level", action="store_const", const=0, help="no optimisation")
    group.add_argument("-O2", dest="opt_level", action="store_const", const=2, help="optimise for speed (default)")
    group.add_argument("-Os", dest="opt_level", action="store_const", const="s", help="optimise for size")
    cmd.set_defaults(opt_level=2)


def read_source_arg(name: str) -> tuple[str, str]:
    """The text and file name of a source argument: a file, or stdin for ``-``; a UserError if
    it is missing, unreadable or not UTF-8."""
    from .compiler import CompileError, decode_source, read_source

    try:
        if name == STDIN:
            return decode_source(sys.stdin.buffer.read(), STDIN_NAME), STDIN_NAME
        if not Path(name).is_file():
            raise _UserError(f"ssc: no such file: {name}")
        return read_source(Path(name)), name
    except CompileError as err:
        raise _UserError(err.render()) from None


def _compile_source(source: str, filename: str, opt_level: int | str, abi: str, *, names: bool = False,
                    timings: bool = False, python: object = None) -> CompiledModule:
    from .compiler import TIMED_STAGES, CompileError, CompileErrors, compile

    try:
        compiled = compile(source, filename, opt_level=opt_level, abi=abi, names=names, python=python)  # type: ignore[arg-type]
    except (CompileError, CompileErrors) as err:
        raise _UserError(err.render()) from None
    if timings:
        for stage in TIMED_STAGES:
            print(f"{stage:>9}  {compiled.timings[stage] * 1e3:7.1f} ms", file=sys.stderr)
        print(f"{'total':>9}  {sum(compiled.timings.values()) * 1e3:7.1f} ms", file=sys.stderr)
    return compiled


def _compile(args: argparse.Namespace) -> int:
    from .toolchain import preload_llvm

    preload_llvm()
    text, filename = read_source_arg(args.source)
    if args.emit != "wasm":
        return _emit_text(text, filename, args)
    output = args.output or (STDIN if args.source == STDIN else None)
    if output == STDIN and sys.stdout.isatty():
        raise _UserError("ssc: not writing a wasm module to a terminal: give -o OUT.wasm, or pipe it")
    compiled = _compile_source(text, filename, args.opt_level, args.abi, names=args.names, timings=args.timings,
                               python=args.python)
    wasm = compiled.wasm
    if output == STDIN:
        sys.stdout.buffer.write(wasm)
        sys.stdout.buffer.flush()
        return 0
    out = Path(output) if output else Path(args.source).with_suffix(".wasm")
    try:
        atomic_write(out, wasm)
    except OSError as err:
        raise _UserError(f"ssc: cannot write {out}: {err.strerror}") from None
    print(f"{out}: {describe_compiled(compiled)}", file=sys.stderr)
    return 0


def _emit_text(source: str, filename: str, args: argparse.Namespace) -> int:
    """``ssc compile --emit ast|ir|asm``: the stage's text to stdout or ``-o``."""
    from .compiler import CompileError, CompileErrors, emit

    try:
        text = emit(source, filename, args.emit, opt_level=args.opt_level, abi=args.abi, python=args.python)
    except (CompileError, CompileErrors) as err:
        raise _UserError(err.render()) from None
    assert isinstance(text, str)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(args.output, text)
    except OSError as err:
        raise _UserError(f"ssc: cannot write {args.output}: {err.strerror}") from None
    return 0


def describe_compiled(compiled: CompiledModule) -> str:
    """``"smartstream filter, 5,675 bytes, exports memory filter alloc dealloc"``.

    The ABI and kind the compiler chose, and the exports in the module's
    own order (read from its export section alone: ``ssc.sections``).
    """
    from .sections import exports

    names = " ".join(name for name, _ in exports(compiled.wasm))
    return f"{compiled.abi.value} {compiled.kind.export}, {len(compiled.wasm):,} bytes, exports {names}"


def _run(args: argparse.Namespace) -> int:
    from .runtime import Record, SmartStreamError, SmartStreamRuntimeError, chain

    values = _input_values(args)
    key = None if args.key is None else os.fsencode(args.key)
    # a Record's timestamp is absolute: the batch's base timestamp makes the deltas 0
    records = [Record(key, value, timestamp=args.base_timestamp or 0) for value in values]
    if args.record and args.lookback_last is None:
        raise _UserError("ssc: --record gives records for look_back; add --lookback-last N "
                         "to pass the last N of them (as smdk test does)")
    modules = [_load(Path(p), args) for p in [args.module, *args.transform]]
    smartmodules = [m for m in modules if m.abi.value == "smartmodule"]
    if args.base_timestamp is not None and not smartmodules:
        raise _UserError("ssc: --base-timestamp is for SmartModules; a legacy SmartStream has "
                         "no base timestamp")
    base_timestamp = args.base_timestamp or 0
    accumulator = os.fsencode(args.accumulator)
    for module in smartmodules:
        if module.kind.export == "aggregate":
            module.accumulator = accumulator
    try:
        if args.lookback_last is not None:
            # the --record values are the topic, stored as one batch: the window keeps their offsets
            stored = [Record(None, os.fsencode(v), offset=i) for i, v in enumerate(args.record)]
            window = stored[len(stored) - args.lookback_last:] if args.lookback_last else []
            for module in smartmodules:
                if module.has_look_back:
                    _with_name(module.name, module.look_back, window)
        if len(modules) == 1:
            (module,) = modules
            if module.abi.value == "smartmodule":
                outputs = module.process(records, base_offset=args.base_offset,
                                         base_timestamp=base_timestamp)
            else:
                kwargs = {"accumulator": accumulator} if module.kind.export == "aggregate" else {}
                outputs = module.process(records, base_offset=args.base_offset, **kwargs)
        else:
            outputs = chain(modules).process(records, base_offset=args.base_offset,
                                             base_timestamp=base_timestamp)
    except SmartStreamRuntimeError as err:
        _print_records(err.successes, args.key_value)
        where = f"{err.module} (chain stage {err.stage}): " if err.stage is not None else ""
        raise _UserError(f"error: {where}record at offset {err.offset}: {err.hint}") from None
    except SmartStreamError as err:
        raise _UserError(f"ssc: {err}") from None
    _print_records(outputs, args.key_value)
    return 0


def _input_values(args: argparse.Namespace) -> list[bytes]:
    """The record values: the lines of ``--file`` (stdin for ``-``), or each ``--text`` as the
    bytes it was given as (``os.fsencode``: not UTF-8 stays as it is)."""
    if args.file == STDIN:
        return sys.stdin.buffer.read().splitlines()
    if args.file is not None:
        try:
            return Path(args.file).read_bytes().splitlines()
        except OSError as err:
            raise _UserError(f"ssc: cannot read {args.file}: {err.strerror}") from None
    return [os.fsencode(text) for text in args.text]


def _load(path: Path, args: argparse.Namespace) -> object:
    """Load one module (compiling a .py), with the SmartModule options if any were given."""
    from .runtime import ModuleLoadError, SmartStreamError, load

    if not path.is_file():
        raise _UserError(f"ssc: no such file: {path}")
    wasm: bytes | Path = path
    if path.suffix == ".py":
        wasm = _compile_source(*read_source_arg(str(path)), args.opt_level, args.abi, names=args.names,
                               python=args.python).wasm
    options: dict[str, object] = {}
    if args.params:
        options["params"] = dict(args.params)
    if args.sm_version is not None:
        options["version"] = args.sm_version
    if args.lookback_last is not None:
        options["lookback"] = args.lookback_last  # init gets it in its params, as from an SPU
    try:
        return load(wasm, name=str(path), **options)
    except ValueError as err:
        raise _UserError(f"ssc: {err}") from None
    except ModuleLoadError as err:  # its message names the module
        raise _UserError(f"ssc: {err}") from None
    except SmartStreamError as err:  # init failed, or trapped
        raise _UserError(f"ssc: {path}: {err}") from None


def _with_name(name: str, call, *args):  # type: ignore[no-untyped-def]
    from .runtime import SmartStreamError

    try:
        return call(*args)
    except SmartStreamError as err:
        raise _UserError(f"ssc: {name}: {err}") from None


def _print_records(records: Sequence[object], key_value: bool = False) -> None:
    """One line per record: the value, or with ``--key-value`` smdk's ``[key] value``."""
    out = sys.stdout.buffer
    for record in records:
        value = record.value  # type: ignore[attr-defined]
        if key_value:
            key = record.key  # type: ignore[attr-defined]
            out.write(b"[" + (b"null" if key is None else key) + b"] " + value + b"\n")
        else:
            out.write(value + b"\n")
    out.flush()


if __name__ == "__main__":
    sys.exit(main())
